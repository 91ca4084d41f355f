//! `getent hosts|ahosts|ahostsv4`: name resolution through NSS, as glibc does.

use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::sim::dns::hosts::{Family, HostsFile};
use crate::sim::dns::nsswitch::NssStatus;
use crate::sim::dns::resolver::{self, Step, StepKind};
use core::net::IpAddr;

// -------------------------------------------------------------- getent
pub(crate) fn getent_hosts_line(addr: &IpAddr, canonical: &str, aliases: &[String]) -> String {
    let mut s = format!("{:<15} {canonical}", addr.to_string());
    for a in aliases {
        s.push(' ');
        s.push_str(a);
    }
    s.push('\n');
    s
}

pub(crate) fn getent(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let Some(db) = args.first() else {
        return CmdOutput::usage(1, "Usage: getent [OPTION...] database [key ...]\nTry `getent --help' or `getent --usage' for more information.\n");
    };
    let netns = ctx.netns.clone();
    let keys = &args[1..];
    let mut out = String::new();
    let mut status = 0;
    let mut steps: Vec<Step> = Vec::new();
    match db.as_str() {
        "hosts" if keys.is_empty() => {
            // Enumeration walks the files source only.
            let h: HostsFile = resolver::read_hosts(ctx.world, netns.as_deref());
            for (_, e) in h.entries() {
                out.push_str(&getent_hosts_line(&e.addr, &e.canonical, &e.aliases));
            }
        }
        "hosts" => {
            for k in keys {
                if let Ok(ip) = k.parse::<IpAddr>() {
                    // An address: gethostbyaddr, the reverse way.
                    let r = resolver::resolve_addr(ctx.world, netns.as_deref(), ip);
                    steps.extend(r.steps.iter().cloned());
                    if r.status == NssStatus::Success {
                        out.push_str(&getent_hosts_line(&ip, &r.canonical, &r.aliases));
                    } else {
                        status = 2;
                    }
                    continue;
                }
                // gethostbyname2: IPv6 first, then IPv4.
                let v6 = resolver::resolve_host(ctx.world, netns.as_deref(), k, Some(Family::V6));
                steps.push(Step { kind: StepKind::Config, text: format!("{k}: ask for IPv6 (AF_INET6) first") });
                steps.extend(v6.steps.iter().cloned());
                let r = if v6.status == NssStatus::Success {
                    v6
                } else {
                    steps.push(Step { kind: StepKind::Config, text: format!("{k}: no IPv6 address, ask for IPv4 (AF_INET)") });
                    let v4 = resolver::resolve_host(ctx.world, netns.as_deref(), k, Some(Family::V4));
                    steps.extend(v4.steps.iter().cloned());
                    v4
                };
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for a in &r.addrs {
                    out.push_str(&getent_hosts_line(a, &r.canonical, &r.aliases));
                }
            }
        }
        "ahosts" | "ahostsv4" | "ahostsv6" => {
            let fam = match db.as_str() {
                "ahostsv4" => Some(Family::V4),
                "ahostsv6" => Some(Family::V6),
                _ => None,
            };
            if keys.is_empty() {
                return CmdOutput::error(2, "Enumeration not supported on ahosts\n");
            }
            for k in keys {
                let r = resolver::resolve_host(ctx.world, netns.as_deref(), k, fam);
                steps.extend(r.steps.iter().cloned());
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for (i, a) in r.addrs.iter().enumerate() {
                    let canon = if i == 0 { r.canonical.as_str() } else { "" };
                    out.push_str(&format!("{:<15} STREAM {canon}\n", a.to_string()));
                    out.push_str(&format!("{:<15} DGRAM  \n", a.to_string()));
                    out.push_str(&format!("{:<15} RAW    \n", a.to_string()));
                }
            }
        }
        other => {
            return CmdOutput::error(
                1,
                format!("Unknown database: {other}\nTry `getent --help' or `getent --usage' for more information.\n"),
            )
            .with_hint("netbook simulates the hosts, ahosts, ahostsv4 and ahostsv6 databases")
        }
    }
    let mut c = CmdOutput::rich(display::dns::with_trace(
        out,
        "getent: NSS lookup (nsswitch.conf order)",
        &steps,
        &[],
    ));
    c.status = status;
    c
}
