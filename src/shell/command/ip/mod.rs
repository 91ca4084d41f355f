//! `ip` from iproute2 6.1: `netns`, `link`, `addr`, `route`, `neigh`.
//!
//! Follows ip(8), ip-netns(8), ip-link(8), ip-address(8), ip-route(8),
//! ip-neighbour(8). The global options are read first, from the table in
//! options.rs, into an `options::IpOpts`; the object and its command are keywords
//! chosen by iproute2's abbreviation rules (`ip a`, `ip l s`, `ip r g`);
//! each object file parses its words into a typed op without touching the
//! world, and its run function applies the op. Error wording and exit
//! codes are iproute2's. A command that fails changes nothing.

#![allow(clippy::result_large_err)]

pub mod addr;
pub mod common;
pub mod json;
pub mod json_link;
pub mod json_misc;
pub mod json_route;
pub mod link;
pub mod link_args;
pub mod link_bridge;
pub mod neigh;
pub mod netns;
pub mod netns_id;
pub mod options;
pub mod route;
pub mod route_args;
pub mod rule;
pub mod rule_show;

use crate::sim::{NsId, World};
use common::{fail, help, matches, not_simulated, usage, CmdOutput, Ctx, Ip};
use options::{find_object, IpOpts, Object, Stop};

use super::Command;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ip",
    summary: "show / manipulate routing, network devices, interfaces and tunnels",
    summary_ko: "네임스페이스, 인터페이스(veth, bridge), 주소, 라우팅, ARP 테이블을 보고 바꿉니다",
    usage: "ip [ -n NS | -br | -o | -4 | -6 | -s | -c | -d | -j [-p] ] { netns | link | address | route | neigh } { COMMAND | help }",
    run: ip,
    complete: Some(complete),
}];

pub(crate) const USAGE: &str = include_str!("help/ip.txt");

const VERSION: &str = "ip utility, iproute2-6.1.0, libbpf 1.1.2\n";

pub(crate) fn ip(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let parsed = options::parse(args);
    let opts = parsed.opts;
    // `-n NS` switches as iproute2 reads it, before what stopped the walk.
    let mut ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return fail(255, e),
    };
    for n in &opts.netns {
        ns = match ctx.world.ns_id(Some(n)) {
            Ok(id) => id,
            Err(e) => return fail(255, e),
        };
    }
    match parsed.stop {
        Some(Stop::Version) => return CmdOutput::text(VERSION),
        Some(Stop::Usage) => return help(USAGE),
        Some(Stop::NetnsMissing) => {
            return usage(
                255,
                "Cannot open network namespace \"(null)\": No such file or directory",
            )
        }
        Some(Stop::Unknown(o)) => {
            return usage(255, format!("Option \"{o}\" is unknown, try \"ip -help\"."))
        }
        Some(Stop::BadFamily(f)) => return common::invarg("invalid protocol family", &f),
        Some(Stop::BadRcvbuf(v)) => return usage(255, format!("Invalid rcvbuf size '{v}'")),
        None => {}
    }
    let rest = &args[parsed.rest..];
    if opts.batch.is_none() && rest.is_empty() {
        return help(USAGE);
    }
    if let Some(what) = unmodelled_option(&opts) {
        return not_simulated(what);
    }
    let saved = ctx.netns.clone();
    if let Some(n) = opts.netns.last() {
        ctx.netns = Some(n.clone());
    }
    let batch = opts.batch.clone();
    let mut ipc = Ip { ctx, ns, opts };
    let out = match batch {
        Some(file) => batch_run(&mut ipc, &file),
        None => object(&mut ipc, &rest[0], &rest[1..]),
    };
    ipc.ctx.netns = saved;
    out
}

/// A global option that would change what netbook prints. The others
/// change nothing here: -timestamp and -tshort only stamp `ip monitor`,
/// -pretty only indents JSON, -iec only scales -human, -loops bounds
/// flush rounds (one always does), -rcvbuf sizes a socket.
fn unmodelled_option(o: &IpOpts) -> Option<&'static str> {
    if o.resolve > 0 {
        Some("ip -resolve")
    } else if o.numeric > 0 {
        Some("ip -Numeric")
    } else if o.echo > 0 {
        Some("ip -echo")
    } else if o.human > 0 && o.stats > 0 {
        Some("ip -human -statistics")
    } else {
        None
    }
}

/// One `ip OBJECT ...` command: the object by keyword, its words into a
/// typed op, then the op applied.
pub(crate) fn object(ip: &mut Ip, obj: &str, rest: &[String]) -> CmdOutput {
    let out = match find_object(obj) {
        Some(Object::Address) => addr::parse(rest, ip.opts.family).and_then(|op| addr::run(ip, op)),
        Some(Object::Route) => route::parse(rest, ip.opts.family).and_then(|op| route::run(ip, op)),
        Some(Object::Neigh) => neigh::parse(rest, ip.opts.family).and_then(|op| neigh::run(ip, op)),
        Some(Object::Link) => link::parse(rest).and_then(|op| link::run(ip, op)),
        Some(Object::Rule) => rule::parse(rest, ip.opts.family).and_then(|op| rule::run(ip, op)),
        Some(Object::Netns) => netns::parse(rest, ip.opts.all).and_then(|op| netns::run(ip, op)),
        Some(Object::Help) => Err(help(USAGE)),
        Some(Object::Other(name)) => Err(not_simulated(&format!("ip {name}"))),
        None => Err(usage(
            1,
            format!("Object \"{obj}\" is unknown, try \"ip help\"."),
        )),
    };
    out.unwrap_or_else(|e| e)
}

/// `ip [-force] -batch FILE|-`: one command per line, stopping at the
/// first failure unless `-force`; the status is 1 if any line failed.
fn batch_run(ip: &mut Ip, file: &str) -> CmdOutput {
    let text = if file == "-" {
        ip.ctx.stdin.take().unwrap_or_default()
    } else {
        match ip.ctx.world.read_file(ip.ctx.netns.as_deref(), file) {
            Ok(t) => t,
            Err(e) => {
                let why = e.to_string();
                let why = why
                    .rsplit(": ")
                    .next()
                    .unwrap_or("No such file or directory");
                return fail(1, format!("Cannot open file \"{file}\" for reading: {why}"));
            }
        }
    };
    let force = ip.opts.force > 0;
    let mut out = CmdOutput::default();
    for (n, line) in text.lines().enumerate() {
        if ip.ctx.interrupt.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let words = batch_words(line);
        let Some((obj, rest)) = words.split_first() else {
            continue;
        };
        let r = object(ip, obj, rest);
        out.stdout.push_str(&r.stdout);
        out.stderr.push_str(&r.stderr);
        if r.status != 0 {
            out.status = 1;
            out.stderr
                .push_str(&format!("Command failed {file}:{}\n", n + 1));
            if !force {
                break;
            }
        }
    }
    out
}

/// Splits one `ip -batch` line as iproute2's `makeargs` does: blanks
/// separate words, quotes group them, `#` starts a comment.
pub(crate) fn batch_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let Some(&c) = chars.peek() else { break };
        if c == '#' {
            break;
        }
        let mut w = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            w.extend(chars.by_ref().take_while(|&x| x != c));
        } else {
            while let Some(x) = chars.next_if(|x| !x.is_ascii_whitespace()) {
                w.push(x);
            }
        }
        words.push(w);
    }
    words
}

pub(crate) fn complete(w: &World, args: &[String], prefix: &str) -> Vec<String> {
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cands: Vec<String> = match words.as_slice() {
        [] => options::SIMULATED.iter().map(|s| s.to_string()).collect(),
        [o] if matches(o, "netns") => ["add", "delete", "list", "exec", "identify"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o, c, ..] if matches(o, "netns") && (matches(c, "exec") || matches(c, "delete")) => w
            .netns_list(NsId::ROOT)
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect(),
        [o] if matches(o, "link") => ["add", "delete", "set", "show"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "address") => ["add", "del", "show", "flush"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "route") => ["add", "del", "replace", "show", "get"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "neighbour") => ["show", "flush"].iter().map(|s| s.to_string()).collect(),
        _ => {
            let mut v: Vec<String> = w
                .links_of(NsId::ROOT)
                .map(|(_, l)| l.name.to_string())
                .collect();
            v.extend(
                [
                    "up", "down", "master", "nomaster", "netns", "type", "veth", "bridge", "peer",
                    "name", "dev", "via", "mtu", "address",
                ]
                .iter()
                .map(|s| s.to_string()),
            );
            v.extend(
                w.netns_list(NsId::ROOT)
                    .into_iter()
                    .map(|(n, _)| n.to_string()),
            );
            v
        }
    };
    cands
        .into_iter()
        .filter(|c| c.starts_with(prefix))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(line: &str) -> IpOpts {
        let args: Vec<String> = line.split(' ').map(str::to_string).collect();
        options::parse(&args).opts
    }

    #[test]
    fn options_that_change_the_output_are_refused() {
        for line in ["-r neigh", "-N route", "-echo link", "-s -h link"] {
            assert!(unmodelled_option(&opts(line)).is_some(), "{line}");
        }
        for line in [
            "-h link",
            "-t -pretty -iec -loops 3 -rc 100 link",
            "-s link",
        ] {
            assert_eq!(unmodelled_option(&opts(line)), None, "{line}");
        }
    }
}
