//! `netbook`: commands about the simulator itself (not a Linux tool).
//!
//! `netbook topology` draws the current world: namespaces, interfaces,
//! bridges, veth wires, addresses and link state. `netbook trace` walks
//! one packet and explains every hook, chain, rule, route, ARP step, NAT
//! rewrite and conntrack entry, the verdict, and when dropped the cause
//! and the smallest fix.

use super::{CmdOutput, Command, Ctx};
use crate::display::topology;

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

fn netbook(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match args.first().map(String::as_str) {
        Some("topology") | Some("topo") => {
            CmdOutput::rich(crate::display::Rich::bundle(&topology::Topology(ctx.world)))
        }
        Some("trace") => trace(ctx, &args[1..]),
        Some(other) => CmdOutput::usage(
            2,
            format!("netbook: unknown subcommand '{other}'\nUsage: netbook topology\n"),
        ),
        None => CmdOutput::usage(2, "Usage: netbook topology\n"),
    }
}

const TRACE_USAGE: &str =
    "Usage: netbook trace [-n NS] tcp|udp|icmp DST[:PORT] [from INTERNET-ADDR]\n";

fn trace(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    use crate::sim::walk::WalkProto;
    let mut netns = ctx.netns.clone();
    let mut rest = Vec::new();
    let mut from = None;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "from" {
            match args.get(i + 1).map(|a| a.parse::<core::net::Ipv4Addr>()) {
                Some(Ok(a)) => from = Some(a),
                _ => return CmdOutput::usage(2, TRACE_USAGE),
            }
            i += 2;
            continue;
        }
        if args[i] == "-n" {
            match args.get(i + 1) {
                Some(n) => netns = Some(n.clone()),
                None => return CmdOutput::usage(2, TRACE_USAGE),
            }
            i += 2;
            continue;
        }
        rest.push(args[i].as_str());
        i += 1;
    }
    let [proto, target] = rest.as_slice() else {
        return CmdOutput::usage(2, TRACE_USAGE);
    };
    let (host, port) = match target.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h, Some(p)),
            Err(_) => {
                return CmdOutput::usage(2, format!("netbook trace: bad port '{p}'\n{TRACE_USAGE}"))
            }
        },
        None => (*target, None),
    };
    let what = match (*proto, port) {
        ("tcp", Some(p)) => WalkProto::Tcp(p),
        ("udp", Some(p)) => WalkProto::Udp(p),
        ("icmp", None) => WalkProto::Icmp,
        ("tcp" | "udp", None) => {
            return CmdOutput::usage(
                2,
                format!("netbook trace: {proto} needs DST:PORT\n{TRACE_USAGE}"),
            )
        }
        _ => return CmdOutput::usage(2, TRACE_USAGE),
    };
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(1, format!("{e}\n")),
    };
    let dst = match super::ping::resolve_host_err(ctx.world, netns.as_deref(), host) {
        Ok(d) => d,
        Err(e) => return CmdOutput::error(2, format!("netbook trace: {host}: {e}\n")),
    };
    let walk = match from {
        Some(src) if netns.is_some() => {
            let _ = src;
            return CmdOutput::usage(
                2,
                format!(
                    "netbook trace: from ADDR arrives on the host's eth0; drop -n\n{TRACE_USAGE}"
                ),
            );
        }
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
