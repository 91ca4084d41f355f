//! `ip` from iproute2 6.1: `netns`, `link`, `addr`, `route`, `neigh`.
//!
//! Follows ip(8), ip-netns(8), ip-link(8), ip-address(8), ip-route(8),
//! ip-neighbour(8): objects and commands may be abbreviated (`ip a`,
//! `ip l s`, `ip r`), global options `-n NS`, `-br`, `-o`, `-4`, `-6`,
//! `-s`, `-c`, `-d`. Error wording and exit codes are iproute2's. A command
//! that fails changes nothing.

// The error of a parse step is the tool output itself; it is built once per
// command, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod addr;
pub mod link;
pub mod neigh;
pub mod netns;
pub mod route;

use crate::display::net::ShowOpts;
use crate::sim::link::LinkError;
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;

use super::{run_argv, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ip",
    summary: "show / manipulate routing, network devices, interfaces and tunnels",
    summary_ko: "네임스페이스, 인터페이스(veth, bridge), 주소, 라우팅, ARP 테이블을 보고 바꿉니다",
    usage: "ip [ -n NS | -br | -o | -4 | -6 | -s | -c | -d ] { netns | link | address | route | neigh } { COMMAND | help }",
    run: ip,
    complete: Some(complete),
}];

pub(crate) const USAGE: &str = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
";

/// iproute2's `matches()`: `arg` is a non-empty prefix of `full`.
pub(crate) fn matches(arg: &str, full: &str) -> bool {
    !arg.is_empty() && full.starts_with(arg)
}

pub(crate) type R = Result<CmdOutput, CmdOutput>;

pub(crate) fn fail(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::error(status, format!("{msg}\n"))
}

pub(crate) fn usage(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::usage(status, format!("{msg}\n"))
}

pub(crate) fn garbage(key: &str, arg: &str) -> CmdOutput {
    usage(
        255,
        format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage."),
    )
}

pub(crate) fn link_err(e: LinkError) -> CmdOutput {
    let status = match e {
        LinkError::NotFound(_) | LinkError::NoSuchDevice(_) => 1,
        LinkError::NoMaster(_) | LinkError::BadNetns(_) => 255,
        _ => 2,
    };
    CmdOutput::error(
        status,
        format!("{}\n", e.to_string().trim_end_matches('\n')).replace("\n\n", "\n"),
    )
}

pub(crate) struct Ip<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
    ns: NsId,
    opts: ShowOpts,
}

pub(crate) fn ip(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut opts = ShowOpts::default();
    let mut netns: Option<String> = ctx.netns.clone();
    let mut batch: Option<String> = None;
    let mut force = false;
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i].len() > 1 {
        let a = args[i].trim_start_matches('-');
        match a {
            "n" | "netns" => {
                i += 1;
                match args.get(i) {
                    Some(n) => netns = Some(n.clone()),
                    None => {
                        return usage(
                            255,
                            "Cannot open network namespace \"(null)\": No such file or directory",
                        )
                    }
                }
            }
            "b" | "batch" => {
                i += 1;
                match args.get(i) {
                    Some(f) => batch = Some(f.clone()),
                    None => return usage(255, "Option \"-batch\" requires an argument."),
                }
            }
            "force" => force = true,
            "br" | "brief" => opts.brief = true,
            "o" | "oneline" => opts.oneline = true,
            "4" => opts.family = 4,
            "6" => opts.family = 6,
            "s" | "stats" | "statistics" => opts.stats += 1,
            "c" | "color" | "colour" | "c=always" | "color=always" => opts.color = true,
            "c=never" | "color=never" | "c=auto" | "color=auto" => opts.color = false,
            "d" | "details" => opts.details = true,
            "V" | "Version" => {
                return CmdOutput::text("ip utility, iproute2-6.1.0, libbpf 1.1.2\n")
            }
            "h" | "help" => return CmdOutput::text(USAGE),
            _ => {
                return usage(
                    255,
                    format!("Option \"{}\" is unknown, try \"ip -help\".", args[i]),
                )
            }
        }
        i += 1;
    }
    if batch.is_none() && i >= args.len() {
        return CmdOutput::usage(255, USAGE);
    }
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return fail(255, e),
    };
    let saved = ctx.netns.clone();
    if netns.is_some() {
        ctx.netns = netns;
    }
    let mut ipc = Ip { ctx, ns, opts };
    let out = match batch {
        Some(file) => ipc.batch(&file, force),
        None => ipc.object(&args[i], &args[i + 1..]),
    };
    ipc.ctx.netns = saved;
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

impl Ip<'_, '_> {
    /// One `ip OBJECT ...` command.
    pub(crate) fn object(&mut self, obj: &str, rest: &[String]) -> CmdOutput {
        // iproute2's object table order decides abbreviations (`n` is neigh).
        const OBJS: &[&str] = &[
            "address",
            "route",
            "neighbor",
            "neighbour",
            "link",
            "netns",
            "help",
        ];
        let out = match OBJS.iter().find(|full| matches(obj, full)) {
            Some(&"address") => self.addr(rest),
            Some(&"route") => self.route(rest),
            Some(&"neighbor") | Some(&"neighbour") => self.neigh(rest),
            Some(&"link") => self.link(rest),
            Some(&"netns") => self.netns(rest),
            Some(_) => Ok(CmdOutput::text(USAGE)),
            None => Err(usage(
                1,
                format!("Object \"{obj}\" is unknown, try \"ip help\"."),
            )),
        };
        out.unwrap_or_else(|e| e)
    }

    /// `ip [-force] -batch FILE|-`: one command per line, stopping at the
    /// first failure unless `-force`; the status is 1 if any line failed.
    pub(crate) fn batch(&mut self, file: &str, force: bool) -> CmdOutput {
        let text = if file == "-" {
            self.ctx.stdin.take().unwrap_or_default()
        } else {
            match self.ctx.world.read_file(self.ctx.netns.as_deref(), file) {
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
        let mut out = CmdOutput::default();
        for (n, line) in text.lines().enumerate() {
            if self
                .ctx
                .interrupt
                .load(std::sync::atomic::Ordering::Relaxed)
            {
                break;
            }
            let words = batch_words(line);
            let Some((obj, rest)) = words.split_first() else {
                continue;
            };
            let r = self.object(obj, rest);
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
}

pub(crate) fn parse_u32(kind: &str, v: Option<&String>) -> Result<u32, CmdOutput> {
    let v = v.ok_or_else(|| usage(255, "Command line is not complete. Try option \"help\""))?;
    v.parse().map_err(|_| {
        usage(
            255,
            format!("Error: argument \"{v}\" is wrong: Invalid \"{kind}\" value\n"),
        )
    })
}

/// `A.B.C.D[/N]` as `ip` reads an inet prefix.
pub(crate) fn parse_prefix(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (a, p) = match s.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().ok().filter(|p| *p <= 32)?),
        None => (s, 32),
    };
    Some((parse_addr(a)?, p))
}

/// An IPv4 address as inet_aton-ish `get_addr` accepts (dotted quad, short forms).
pub(crate) fn parse_addr(a: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = a.parse() {
        return Some(ip);
    }
    let parts: Vec<&str> = a.split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        o[i] = p.parse().ok()?;
    }
    Some(Ipv4Addr::from(o))
}

pub(crate) fn bad_prefix(s: &str) -> CmdOutput {
    usage(
        1,
        format!("Error: any valid prefix is expected rather than \"{s}\"."),
    )
}

pub(crate) fn bad_addr(s: &str) -> CmdOutput {
    usage(
        1,
        format!("Error: inet address is expected rather than \"{s}\"."),
    )
}

impl Ip<'_, '_> {
    pub(crate) fn w(&mut self) -> &mut World {
        self.ctx.world
    }

    pub(crate) fn dev(&self, name: &str) -> Result<LinkId, CmdOutput> {
        self.ctx.world.link_by_name(self.ns, name).map_err(link_err)
    }
}

/// The kernel's `KIND%d` naming: the first free number (skipping `taken`).
pub(crate) fn next_free_name(w: &World, ns: NsId, prefix: &str, taken: Option<&str>) -> String {
    (0..)
        .map(|i| format!("{prefix}{i}"))
        .find(|n| w.link_by_name(ns, n).is_err() && Some(n.as_str()) != taken)
        .unwrap_or_default()
}

pub(crate) const OBJECTS: &[&str] = &["address", "link", "route", "neigh", "netns", "help"];

pub(crate) fn complete(w: &World, args: &[String], prefix: &str) -> Vec<String> {
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cands: Vec<String> = match words.as_slice() {
        [] => OBJECTS.iter().map(|s| s.to_string()).collect(),
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
