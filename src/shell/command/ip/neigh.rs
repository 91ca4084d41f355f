//! `ip neigh`: show, add, replace, delete, flush (ip-neighbour(8)).

use super::*;
use crate::display::net::{self as view};
use crate::sim::l2::NeighState;
use crate::sim::link::Mac;
use crate::sim::LinkId;
use core::net::Ipv4Addr;

impl Ip<'_, '_> {
    // ---- ip neigh -------------------------------------------------------------
    pub(crate) fn neigh(&mut self, args: &[String]) -> R {
        let cmd = args.first().map(String::as_str).unwrap_or("show");
        let rest = if args.is_empty() { args } else { &args[1..] };
        // Parse `[to] ADDR [lladdr MAC] [dev DEV] [nud STATE]`.
        let mut ip: Option<Ipv4Addr> = None;
        let mut mac: Option<Mac> = None;
        let mut dev: Option<LinkId> = None;
        let mut nud = NeighState::Permanent;
        let mut nud_given = false;
        let mut i = 0;
        while i < rest.len() {
            let a = rest[i].as_str();
            let next = rest.get(i + 1).map(String::as_str).unwrap_or("");
            match a {
                "dev" => {
                    dev = Some(self.dev(next)?);
                    i += 1;
                }
                "lladdr" => {
                    mac = Some(next.parse().map_err(|_| fail(1, bad_lladdr(next)))?);
                    i += 1;
                }
                "nud" => {
                    nud_given = true;
                    nud = match next {
                        "permanent" => NeighState::Permanent,
                        "reachable" => NeighState::Reachable,
                        "stale" => NeighState::Stale,
                        "delay" => NeighState::Delay,
                        "failed" => NeighState::Failed,
                        "incomplete" => NeighState::Incomplete,
                        _ => {
                            return Err(usage(
                                255,
                                format!("Error: argument \"{next}\" is wrong: nud state is bad\n"),
                            ))
                        }
                    };
                    i += 1;
                }
                "all" => {}
                "to" | "proxy" | "router" | "extern_learn" => {}
                a if ip.is_none() => {
                    ip = Some(parse_prefix(a).map(|p| p.0).ok_or_else(|| bad_addr(a))?);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        if matches(cmd, "show") || matches(cmd, "list") {
            if self.opts.family == 6 {
                return Ok(CmdOutput::default());
            }
            let mut b = view::ip_neigh(self.ctx.world, self.ns, dev);
            // `nud STATE` keeps the entries in that state (the last word).
            let state = nud.to_string();
            let keep: String = b
                .text()
                .lines()
                .filter(|l| ip.is_none_or(|ip| l.split(' ').next() == Some(&ip.to_string())))
                .filter(|l| !nud_given || l.split_whitespace().last() == Some(state.as_str()))
                .map(|l| {
                    if self.opts.brief {
                        brief_neigh(l, dev.map(|d| self.ctx.world.link(d).name.as_str()))
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            b.insert(crate::display::TEXT_PLAIN, keep);
            return Ok(CmdOutput::rich(b));
        }
        if matches(cmd, "flush") {
            if rest.is_empty() {
                return Err(usage(1, "Flush requires arguments."));
            }
            let ns = self.ns;
            self.w().neigh_flush(ns, dev);
            return Ok(CmdOutput::default());
        }
        let add = matches(cmd, "add");
        let replace = matches(cmd, "replace") || matches(cmd, "change");
        let del = matches(cmd, "delete");
        if !(add || replace || del) {
            return Err(usage(
                255,
                format!("Command \"{cmd}\" is unknown, try \"ip neigh help\"."),
            ));
        }
        let Some(ip) = ip else {
            return Err(usage(255, "Device and destination are required arguments."));
        };
        let Some(dev) = dev else {
            return Err(usage(255, "Device and destination are required arguments."));
        };
        let exists = self
            .ctx
            .world
            .neighbours(self.ns)
            .iter()
            .any(|e| e.ip == ip && e.dev == dev);
        if matches(cmd, "change") && !exists {
            return Err(fail(2, "RTNETLINK answers: No such file or directory"));
        }
        if del {
            self.w().neigh_del(dev, ip).map_err(|e| fail(2, e))?;
        } else {
            self.w()
                .neigh_add(dev, ip, mac, nud, replace)
                .map_err(|e| fail(2, e))?;
        }
        Ok(CmdOutput::default())
    }
}

/// `ip -br neigh`: address, device and MAC in iproute2's columns (`%-39s `,
/// `%-16s `), no state. `line` is the long form; `dev` the filtered device.
fn brief_neigh(line: &str, dev: Option<&str>) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let after = |key: &str| {
        words
            .iter()
            .position(|w| *w == key)
            .and_then(|i| words.get(i + 1).copied())
    };
    let ip = words.first().copied().unwrap_or("");
    let dev = after("dev").or(dev).unwrap_or("");
    let mac = after("lladdr").unwrap_or("");
    format!("{ip:<39} {dev:<16} {mac}\n")
}

/// iproute2's complaint about a malformed link-layer address: it reads the
/// colon-separated bytes with `%x` and names the first one that is no hex
/// number (`"zz" is invalid lladdr.`).
pub(super) fn bad_lladdr(m: &str) -> String {
    let part = m
        .split(':')
        .find(|p| !p.starts_with(|c: char| c.is_ascii_hexdigit()))
        .unwrap_or(m);
    format!("\"{part}\" is invalid lladdr.")
}
