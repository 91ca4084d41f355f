//! `traceroute` 2.1 (Debian 12): UDP probes with growing TTL.
//!
//! Follows traceroute(8): three probes per hop to ports from 33434, each
//! router that drops a probe for TTL answers `Time exceeded`, the
//! destination answers `Port unreachable` and the trace stops there;
//! unanswered probes print `*`, host unreachable prints `!H`. `-I` sends
//! ICMP echo requests instead, `-U` UDP to one port. The command line is
//! read by `args.rs` first.

use super::{CmdOutput, Command, Ctx};
use crate::display::{trace as trace_view, MimeBundle};
use crate::sim::packet::{IcmpError, L4};
use crate::sim::stack::probe::{ProbeOpts, ProbeOutcome};
use crate::sim::Trace;
use args::Method;
use core::net::Ipv4Addr;

mod args;

/// An ICMP error that ends the trace, and the flag traceroute prints after
/// its time; `None` for "time exceeded", which only names a hop. The
/// destination's "port unreachable" ends it without a flag.
fn final_mark(kind: IcmpError) -> Option<&'static str> {
    match kind {
        IcmpError::TtlExceeded => None,
        IcmpError::PortUnreachable => Some(""),
        IcmpError::HostUnreachable | IcmpError::HostProhibited => Some(" !H"),
        IcmpError::NetUnreachable | IcmpError::NetProhibited => Some(" !N"),
        IcmpError::ProtoUnreachable => Some(" !P"),
        // REJECT --reject-with icmp-admin-prohibited.
        IcmpError::AdminProhibited => Some(" !X"),
    }
}

fn header(a: &args::TraceArgs) -> String {
    format!(
        "traceroute to {} ({}), {} hops max, {} byte packets",
        a.host, a.dst, a.max, a.packet_len
    )
}

/// A socket call failed before the first probe: the first line is left
/// unended on stdout and perror's line goes to stderr after a newline.
fn failed(a: &args::TraceArgs, err: &str) -> CmdOutput {
    CmdOutput {
        stdout: header(a),
        ..CmdOutput::error(1, format!("\n{err}\n"))
    }
}

/// The ICMP identifier of `-I`'s probes (traceroute uses its pid).
const PROBE_ID: u16 = 0x7472;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "traceroute",
    summary: "print the route packets trace to network host",
    summary_ko: "목적지까지 거치는 라우터(홉)를 하나씩 보여줍니다",
    usage: "traceroute [-nIU] [-f first_ttl] [-m max_ttl] [-q nqueries] [-p port] [-w MAX,HERE,NEAR] [-i device] [-s src_addr] host [packetlen]",
    run: traceroute,
    complete: None,
}];

fn traceroute(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let netns = ctx.netns.clone();
    let world = &mut *ctx.world;
    let a = match args::parse(argv, &mut |h| {
        super::ping::resolve_host_err(world, netns.as_deref(), h)
    }) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let mut popts = ProbeOpts {
        src: a.src,
        ..ProbeOpts::default()
    };
    if let Some(d) = &a.dev {
        match ctx.world.link_by_name(ns, d) {
            Ok(l) => popts.dev = Some(l),
            Err(_) => return failed(&a, "setsockopt SO_BINDTODEVICE: No such device"),
        }
    }
    let (dst, max) = (a.dst, a.max);
    let mut text = format!("{}\n", header(&a));
    let mut path: Option<Trace> = None;
    // The default method's port and ICMP's sequence grow with each probe;
    // -U's port stays.
    let mut port = a.port.unwrap_or(match a.method {
        Method::Default => 33434,
        Method::Udp => 53,
        Method::Icmp => 1,
    });
    'hops: for ttl in a.first..=max {
        popts.ttl = ttl;
        let mut line = format!("{ttl:>2} ");
        let mut last: Option<Ipv4Addr> = None;
        let mut done = false;
        for _ in 0..a.queries {
            if ctx.interrupted() {
                break 'hops;
            }
            let l4 = match a.method {
                Method::Icmp => L4::EchoRequest {
                    id: PROBE_ID,
                    seq: port,
                },
                _ => L4::Udp {
                    sport: 40000,
                    dport: port,
                },
            };
            let p = match ctx.world.probe(ns, dst, &popts, l4) {
                Ok(p) => p,
                Err(e) => return failed(&a, &e.to_string()),
            };
            if a.method != Method::Udp {
                port = port.wrapping_add(1);
            }
            let (from, mark) = match p.outcome {
                ProbeOutcome::Reply { from, .. } => {
                    done = true;
                    (Some(from), "")
                }
                ProbeOutcome::Error { from, kind } => match final_mark(kind) {
                    Some(mark) => {
                        done = true;
                        (Some(from), mark)
                    }
                    None => (Some(from), ""),
                },
                ProbeOutcome::Lost => (None, ""),
            };
            if done && path.is_none() {
                path = Some(p.trace.clone());
            }
            match from {
                Some(f) => {
                    if last != Some(f) {
                        if a.numeric {
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
