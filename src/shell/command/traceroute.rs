//! `traceroute` 2.1 (Debian 12): UDP probes with growing TTL.
//!
//! Follows traceroute(8): three probes per hop to ports from 33434, each
//! router that drops a probe for TTL answers `Time exceeded`, the
//! destination answers `Port unreachable` and the trace stops there;
//! unanswered probes print `*`, host unreachable prints `!H`. `-n`, `-m
//! MAX`, `-q N`, `-i IFACE`, `-w WAIT`,
//! values attached or not.

use super::{CmdOutput, Command, Ctx};
use crate::display::{trace as trace_view, MimeBundle};
use crate::sim::packet::{IcmpError, L4};
use crate::sim::stack::probe::{ProbeOpts, ProbeOutcome};
use crate::sim::Trace;
use core::net::Ipv4Addr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "traceroute",
    summary: "print the route packets trace to network host",
    summary_ko: "목적지까지 거치는 라우터(홉)를 하나씩 보여줍니다",
    usage: "traceroute [-n] [-m max_ttl] [-q nqueries] [-w waittime] [-i device] host",
    run: traceroute,
    complete: None,
}];

fn traceroute(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut numeric = false;
    let mut max = 30u8;
    let mut nq = 3u32;
    let mut dev: Option<String> = None;
    let mut host: Option<&String> = None;
    // getopt: a value may be attached (`-q1`, `-w1`, `-ieth0`).
    let args: Vec<String> = args
        .iter()
        .flat_map(|a| match a.get(..2) {
            Some(o @ ("-m" | "-q" | "-i" | "-w")) if a.len() > 2 => {
                vec![o.to_string(), a[2..].to_string()]
            }
            _ => vec![a.clone()],
        })
        .collect();
    let args = &args[..];
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-n" => numeric = true,
            "-4" | "-U" | "--udp" => {}
            "-m" | "-q" | "-i" | "-w" => {
                let Some(v) = args.get(i + 1) else {
                    return CmdOutput::usage(
                        2,
                        format!(
                            "Option `{a}' (argc {}) requires an argument: `{a} ...'\n",
                            i + 1
                        ),
                    );
                };
                match a.as_str() {
                    "-m" => match v.parse::<u8>() {
                        Ok(0) => return CmdOutput::usage(2, "first hop out of range\n"),
                        Ok(m) => max = m,
                        _ => {
                            return CmdOutput::usage(
                                2,
                                format!(
                                    "Cannot handle `-m' option with arg `{v}' (argc {})\n",
                                    i + 1
                                ),
                            )
                        }
                    },
                    "-q" => match v.parse::<u32>() {
                        Ok(q) if (1..=10).contains(&q) => nq = q,
                        _ => {
                            return CmdOutput::usage(
                                2,
                                format!(
                                    "Cannot handle `-q' option with arg `{v}' (argc {})\n",
                                    i + 1
                                ),
                            )
                        }
                    },
                    // The wait for an answer: the simulator answers at
                    // once or never, so only its syntax matters.
                    "-w" => {
                        let ok = v
                            .split(',')
                            .all(|x| x.parse::<f64>().is_ok_and(|f| f >= 0.0));
                        if !ok {
                            return CmdOutput::usage(
                                2,
                                format!(
                                    "Cannot handle `-w' option with arg `{v}' (argc {})\n",
                                    i + 1
                                ),
                            );
                        }
                    }
                    _ => dev = Some(v.clone()),
                }
                i += 1;
            }
            o if o.starts_with('-') => {
                return CmdOutput::usage(2, format!("Bad option `{o}' (argc {})\n", i + 1))
            }
            _ => host = Some(a),
        }
        i += 1;
    }
    let Some(host) = host else {
        return CmdOutput::usage(2, "Specify \"host\" missing argument.\n");
    };
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let Some(dst) = super::ping::resolve_host(ctx.world, ctx.netns.as_deref(), host) else {
        return CmdOutput::error(2, format!("{host}: Name or service not known\nCannot handle \"host\" cmdline arg `{host}' on position 1 (argc {})\n", args.len()));
    };
    let mut popts = ProbeOpts::default();
    if let Some(d) = &dev {
        match ctx.world.link_by_name(ns, d) {
            Ok(l) => popts.dev = Some(l),
            Err(_) => return CmdOutput::error(1, "setsockopt SO_BINDTODEVICE: No such device\n"),
        }
    }
    let mut text = format!("traceroute to {host} ({dst}), {max} hops max, 60 byte packets\n");
    let mut path: Option<Trace> = None;
    let mut port = 33434u16;
    'hops: for ttl in 1..=max {
        popts.ttl = ttl;
        let mut line = format!("{ttl:>2} ");
        let mut last: Option<Ipv4Addr> = None;
        let mut done = false;
        for _ in 0..nq {
            if ctx.interrupted() {
                break 'hops;
            }
            let p = match ctx.world.probe(
                ns,
                dst,
                &popts,
                L4::Udp {
                    sport: 40000,
                    dport: port,
                },
            ) {
                Ok(p) => p,
                Err(e) => {
                    text += &format!("{e}\n").replace("connect: ", "send: ");
                    return CmdOutput::error(1, text);
                }
            };
            port = port.wrapping_add(1);
            let (from, mark) = match p.outcome {
                ProbeOutcome::Reply { from, .. } => {
                    done = true;
                    (Some(from), "")
                }
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::TtlExceeded,
                } => (Some(from), ""),
                // The destination's "port unreachable" ends the trace.
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::PortUnreachable,
                } => {
                    done = true;
                    (Some(from), "")
                }
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::HostUnreachable,
                } => {
                    done = true;
                    (Some(from), " !H")
                }
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::NetUnreachable | IcmpError::NetProhibited,
                } => {
                    done = true;
                    (Some(from), " !N")
                }
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::HostProhibited,
                } => {
                    done = true;
                    (Some(from), " !H")
                }
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::ProtoUnreachable,
                } => {
                    done = true;
                    (Some(from), " !P")
                }
                // REJECT --reject-with icmp-admin-prohibited.
                ProbeOutcome::Error {
                    from,
                    kind: IcmpError::AdminProhibited,
                } => {
                    done = true;
                    (Some(from), " !X")
                }
                ProbeOutcome::Lost => (None, ""),
            };
            if done && path.is_none() {
                path = Some(p.trace.clone());
            }
            match from {
                Some(f) => {
                    if last != Some(f) {
                        if numeric {
                            line += &format!(" {f}");
                        } else {
                            line += &format!(" {f} ({f})");
                        }
                        last = Some(f);
                    }
                    line += &format!("  {}.{:03} ms{mark}", p.rtt_us / 1000, p.rtt_us % 1000);
                }
                None => line += " *",
            }
        }
        text += &line;
        text.push('\n');
        if done {
            break;
        }
    }
    let mut bundle = MimeBundle::plain(text.clone());
    if let Some(t) = &path {
        bundle = bundle.with_html(trace_view::trace_html(&text, t));
    }
    CmdOutput::rich(bundle)
}
