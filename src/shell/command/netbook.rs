//! `netbook`: commands about the simulator itself (not a Linux tool).
//!
//! `netbook topology` draws the current world: namespaces, interfaces,
//! bridges, veth wires, addresses and link state. `netbook trace` walks
//! one packet and explains every hook, chain, rule, route, ARP step, NAT
//! rewrite and conntrack entry, the verdict, and when dropped the cause
//! and the smallest fix.

use super::args::{self, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::display::topology;
use crate::sim::walk::WalkProto;
use core::net::Ipv4Addr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "netbook",
    summary: "netbook's own commands: `netbook topology` draws the simulated network, `netbook trace` explains one packet's walk",
    summary_ko: "netbook 자체 명령: `netbook topology`는 네트워크 구성을, `netbook trace`는 패킷 하나가 지나는 훅·체인·규칙과 막힌 이유를 보여줍니다",
    usage: "netbook topology | netbook trace [-n NS] tcp|udp|icmp DST[:PORT]",
    run: netbook,
    complete: Some(|_, _, p| {
        ["topology", "trace"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| s.starts_with(p))
            .collect()
    }),
}];

/// What `netbook` was asked to do.
#[derive(Debug, PartialEq)]
enum Op {
    Topology,
    Trace(TraceArgs),
}

/// `netbook trace [-n NS] PROTO DST[:PORT] [from ADDR]`.
#[derive(Debug, PartialEq)]
struct TraceArgs {
    netns: Option<String>,
    what: WalkProto,
    host: String,
    from: Option<Ipv4Addr>,
}

#[derive(Clone, Copy)]
enum Key {
    Netns,
}

const TRACE_OPTS: &[Opt<Key>] = &[Opt::with_value('n', "netns", Key::Netns)];

const TRACE_USAGE: &str =
    "Usage: netbook trace [-n NS] tcp|udp|icmp DST[:PORT] [from INTERNET-ADDR]\n";

fn trace_usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(2, format!("{msg}{TRACE_USAGE}"))
}

fn parse(args: &[String]) -> Result<Op, CmdOutput> {
    match args.first().map(String::as_str) {
        Some("topology") | Some("topo") if args.len() == 1 => Ok(Op::Topology),
        Some("topology") | Some("topo") => Err(CmdOutput::usage(
            2,
            "netbook topology: takes no arguments\nUsage: netbook topology\n",
        )),
        Some("trace") => parse_trace(&args[1..]).map(Op::Trace),
        Some(other) => Err(CmdOutput::usage(
            2,
            format!("netbook: unknown subcommand '{other}'\nUsage: netbook topology\n"),
        )),
        None => Err(CmdOutput::usage(2, "Usage: netbook topology\n")),
    }
}

fn parse_trace(args: &[String]) -> Result<TraceArgs, CmdOutput> {
    let items =
        args::parse(TRACE_OPTS, args).map_err(|e| trace_usage(&e.message("netbook trace")))?;
    let mut netns = None;
    let mut words = Vec::new();
    for item in items {
        match item {
            Item::Value(Key::Netns, n) => netns = Some(n),
            Item::Operand(w) => words.push(w),
            Item::Flag(_) => {}
        }
    }
    let from = match words.as_slice() {
        [_, _] => None,
        [_, _, kw, addr] if kw == "from" => match addr.parse::<Ipv4Addr>() {
            Ok(a) if netns.is_none() => Some(a),
            Ok(_) => {
                return Err(trace_usage(
                    "netbook trace: from ADDR arrives on the host's eth0; drop -n\n",
                ))
            }
            Err(_) => return Err(trace_usage("")),
        },
        _ => return Err(trace_usage("")),
    };
    let (proto, target) = (words[0].as_str(), words[1].as_str());
    let (host, port) = match target.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h, Some(p)),
            Err(_) => return Err(trace_usage(&format!("netbook trace: bad port '{p}'\n"))),
        },
        None => (target, None),
    };
    let what = match (proto, port) {
        ("tcp", Some(p)) => WalkProto::Tcp(p),
        ("udp", Some(p)) => WalkProto::Udp(p),
        ("icmp", None) => WalkProto::Icmp,
        ("tcp" | "udp", None) => {
            return Err(trace_usage(&format!(
                "netbook trace: {proto} needs DST:PORT\n"
            )))
        }
        _ => return Err(trace_usage("")),
    };
    Ok(TraceArgs {
        netns,
        what,
        host: host.to_string(),
        from,
    })
}

fn netbook(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match parse(args) {
        Ok(Op::Topology) => {
            CmdOutput::rich(crate::display::Rich::bundle(&topology::Topology(ctx.world)))
        }
        Ok(Op::Trace(t)) => trace(ctx, t),
        Err(e) => e,
    }
}

fn trace(ctx: &mut Ctx, t: TraceArgs) -> CmdOutput {
    let TraceArgs {
        netns,
        what,
        host,
        from,
    } = t;
    let host = host.as_str();
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(1, format!("{e}\n")),
    };
    let dst = match super::ping::resolve_host_err(ctx.world, netns.as_deref(), host) {
        Ok(d) => d,
        Err(e) => return CmdOutput::error(2, format!("netbook trace: {host}: {e}\n")),
    };
    let walk = match from {
        Some(src) => ctx
            .world
            .walk_from_internet(src, dst, what)
            .map_err(|e| e.to_string()),
        None => ctx.world.walk(ns, dst, what).map_err(|e| e.to_string()),
    };
    let walk = match walk {
        Ok(w) => w,
        Err(e) => return CmdOutput::error(2, format!("netbook trace: {e}\n")),
    };
    let text = crate::display::walk::walk_text(&walk);
    CmdOutput::rich(crate::display::walk::walk_bundle(&walk, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn parses_trace_forms() {
        let t = |s: &str| match parse(&words(s)) {
            Ok(Op::Trace(t)) => t,
            other => panic!("{s}: {other:?}"),
        };
        let a = t("trace -n client tcp 10.96.0.200:80");
        assert_eq!(a.netns.as_deref(), Some("client"));
        assert_eq!(a.what, WalkProto::Tcp(80));
        assert_eq!(a.host, "10.96.0.200");
        // getopt permutes: -n may follow the operands; --netns is its long form.
        assert_eq!(
            t("trace icmp 8.8.8.8 --netns ns1").netns.as_deref(),
            Some("ns1")
        );
        assert_eq!(
            t("trace udp web:53 from 203.0.113.9").from,
            Some([203, 0, 113, 9].into())
        );
        assert_eq!(parse(&words("topology")), Ok(Op::Topology));
    }

    #[test]
    fn refuses_what_it_cannot_run() {
        let err = |s: &str| parse(&words(s)).expect_err(s).stderr;
        assert!(err("trace tcp 10.0.0.1").starts_with("netbook trace: tcp needs DST:PORT\n"));
        assert!(err("trace tcp 10.0.0.1:http").starts_with("netbook trace: bad port 'http'\n"));
        assert!(err("trace -n").starts_with("netbook trace: option requires an argument -- 'n'\n"));
        assert!(err("trace -x icmp 1.1.1.1").starts_with("netbook trace: invalid option -- 'x'\n"));
        assert!(err("trace -n a icmp 1.1.1.1 from 1.2.3.4").contains("drop -n"));
        assert!(err("trace icmp").starts_with("Usage: netbook trace"));
        assert!(err("frobnicate").starts_with("netbook: unknown subcommand 'frobnicate'\n"));
        assert!(err("topology now").starts_with("netbook topology: takes no arguments\n"));
    }
}
