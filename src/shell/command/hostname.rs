//! `hostname` (Debian's hostname package): show or set the host name.
//!
//! Follows hostname(1): no argument prints `/etc/hostname`'s name, `NAME`
//! sets it, `-I` lists every address of the current network namespace,
//! `-i` resolves the name through `/etc/hosts`, `-f` gives the canonical
//! name that resolution reports, `-d` its domain, `-A` the names
//! `/etc/hosts` gives the interfaces' addresses.

use super::args::{self, Form, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::shell::command::gnu::refused_or;
use crate::sim::dns::hosts::HostsFile;
use crate::sim::link::LinkKind;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "hostname",
    summary: "show or set the system's host name",
    summary_ko: "호스트 이름을 보거나 바꿉니다 (-I: 이 네임스페이스의 IP 주소들)",
    usage: "hostname [-I] [-i] [NAME]",
    run: hostname,
    complete: None,
}];

/// hostname(1)'s usage text, which it prints (exit 255) on stdout for
/// `-h` and after an option error, on stderr after extra names.
const USAGE: &str = include_str!("hostname-usage.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    Name,
    Short,
    Fqdn,
    AllAddrs,
    Addr,
    AllFqdns,
    Domain,
}

#[derive(Debug, Clone, Copy)]
enum Key {
    Show(Show),
    Help,
    Version,
}

/// hostname 3.23's getopt_long table.
const OPTS: &[Opt<Key>] = &[
    Form::flag('a', "alias").refused(),
    Opt::flag('A', "all-fqdns", Key::Show(Show::AllFqdns)),
    Form::flag('b', "boot").refused(),
    Opt::flag('d', "domain", Key::Show(Show::Domain)),
    Opt::flag('f', "fqdn", Key::Show(Show::Fqdn)),
    Opt::long("long", Key::Show(Show::Fqdn)),
    Form::with_value('F', "file").refused(),
    Opt::flag('h', "help", Key::Help),
    Opt::short('?', Key::Help),
    Opt::flag('i', "ip-address", Key::Show(Show::Addr)),
    Opt::flag('I', "all-ip-addresses", Key::Show(Show::AllAddrs)),
    Opt::flag('s', "short", Key::Show(Show::Short)),
    Opt::flag('V', "version", Key::Version),
    Form::flag('y', "yp").refused(),
    Form::long("nis").refused(),
];

/// What `hostname` was asked to do.
#[derive(Debug, PartialEq, Eq)]
enum Op {
    Show(Show),
    Set(String),
    Version,
}

fn usage(status: i32, err: String) -> CmdOutput {
    CmdOutput {
        stdout: USAGE.to_string(),
        ..CmdOutput::usage(status, err)
    }
}

fn parse(args: &[String]) -> Result<Op, CmdOutput> {
    let items =
        args::parse(OPTS, args).map_err(|e| refused_or("hostname", 1, &e, |m| usage(255, m)))?;
    let mut show = None;
    let mut names = Vec::new();
    for item in items {
        match item {
            Item::Flag(Key::Show(s)) => show = Some(s),
            Item::Flag(Key::Help) => {
                return Err(CmdOutput {
                    stdout: USAGE.to_string(),
                    status: 255,
                    ..Default::default()
                })
            }
            Item::Flag(Key::Version) => return Ok(Op::Version),
            Item::Operand(n) => names.push(n),
            Item::Value(..) => {}
        }
    }
    match (show, names.as_slice()) {
        (Some(s), _) => Ok(Op::Show(s)),
        (None, []) => Ok(Op::Show(Show::Name)),
        (None, [n]) => Ok(Op::Set(n.clone())),
        (None, _) => Err(CmdOutput::usage(255, USAGE)),
    }
}

fn hostname(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let op = match parse(args) {
        Ok(op) => op,
        Err(e) => return e,
    };
    let name = ctx
        .world
        .read_file(None, "/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    match op {
        Op::Version => CmdOutput::text("hostname 3.23\n".to_string()),
        Op::Show(Show::Name) => CmdOutput::text(format!("{name}\n")),
        // getaddrinfo's canonical name: the first name on the hosts line.
        Op::Show(Show::Fqdn) => {
            match super::ping::resolve_canonical(ctx.world, ctx.netns.as_deref(), &name) {
                Ok((_, fqdn)) => CmdOutput::text(format!("{fqdn}\n")),
                Err(e) => CmdOutput::error(1, format!("hostname: {e}\n")),
            }
        }
        Op::Show(Show::Short) => {
            CmdOutput::text(format!("{}\n", name.split('.').next().unwrap_or(&name)))
        }
        Op::Show(Show::AllAddrs) => {
            let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
                Ok(n) => n,
                Err(e) => return CmdOutput::error(255, format!("{e}\n")),
            };
            let mut s = String::new();
            for (_, l) in ctx.world.links_of(ns) {
                if l.admin_up && l.kind != LinkKind::Loopback {
                    for a in &l.addrs {
                        s += &format!("{} ", a.local);
                    }
                }
            }
            s.push('\n');
            CmdOutput::text(s)
        }
        // getaddrinfo: every /etc/hosts line naming the host, in order;
        // else what the resolver finds.
        Op::Show(Show::Addr) => {
            let hosts = hosts(ctx);
            let mut all: Vec<String> = Vec::new();
            for (_, e) in hosts.lookup(&name, None) {
                let a = e.addr.to_string();
                if !all.contains(&a) {
                    all.push(a);
                }
            }
            if !all.is_empty() {
                return CmdOutput::text(format!("{}\n", all.join(" ")));
            }
            match super::ping::resolve_host(ctx.world, ctx.netns.as_deref(), &name) {
                Some(ip) => CmdOutput::text(format!("{ip}\n")),
                None => CmdOutput::error(1, "hostname: Name or service not known\n"),
            }
        }
        // Each address of an up, non-loopback interface that /etc/hosts
        // names (IPv6 link-local addresses are skipped, as hostname does).
        Op::Show(Show::AllFqdns) => {
            let ns = match super::ns_of(ctx) {
                Ok(n) => n,
                Err(e) => return e,
            };
            let hosts = hosts(ctx);
            let mut s = String::new();
            for (_, l) in ctx.world.links_of(ns) {
                if !l.admin_up || l.kind == LinkKind::Loopback {
                    continue;
                }
                for a in &l.addrs {
                    if let Some((_, e)) = hosts.lookup_addr(a.local.into()) {
                        s += &format!("{} ", e.canonical);
                    }
                }
            }
            s.push('\n');
            CmdOutput::text(s)
        }
        // The canonical name's part after its first dot, if it has one.
        Op::Show(Show::Domain) => {
            match super::ping::resolve_canonical(ctx.world, ctx.netns.as_deref(), &name) {
                Ok((_, fqdn)) => CmdOutput::text(
                    fqdn.split_once('.')
                        .map(|(_, d)| format!("{d}\n"))
                        .unwrap_or_default(),
                ),
                Err(e) => CmdOutput::error(1, format!("hostname: {e}\n")),
            }
        }
        Op::Set(new) => {
            match ctx
                .world
                .write_file(None, "/etc/hostname", &format!("{new}\n"), false)
            {
                Ok(()) => CmdOutput::default(),
                Err(e) => CmdOutput::error(1, format!("hostname: {e}\n")),
            }
        }
    }
}

/// The hosts file as the command's namespace reads it.
fn hosts(ctx: &Ctx) -> HostsFile {
    let text = ctx.world.read_file(ctx.netns.as_deref(), "/etc/hosts");
    HostsFile::parse(&text.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn parses_as_hostname_3_23() {
        let p = |s: &str| parse(&words(s));
        assert_eq!(p(""), Ok(Op::Show(Show::Name)));
        assert_eq!(p("--sh"), Ok(Op::Show(Show::Short)));
        assert_eq!(p("-I"), Ok(Op::Show(Show::AllAddrs)));
        assert_eq!(p("web1"), Ok(Op::Set("web1".into())));
        let e = p("-z").unwrap_err();
        assert_eq!(
            (e.status, e.stderr.as_str()),
            (255, "hostname: invalid option -- 'z'\n")
        );
        assert!(e
            .stdout
            .starts_with("Usage: hostname [-b] {hostname|-F file}"));
        assert_eq!(p("a b").unwrap_err().status, 255);
        let e = p("--nis").unwrap_err();
        assert_eq!(
            (e.status, e.stderr.as_str(), e.stdout.as_str()),
            (1, "netbook: hostname --nis is not simulated\n", "")
        );
    }
}
