//! NAT decisions: SNAT, DNAT, MASQUERADE and REDIRECT as
//! iptables-extensions(8) describes them, and the port choice of
//! nf_nat_core (`get_unique_tuple`): keep the original port when the
//! resulting reply tuple is free, otherwise pick another one from the
//! range (PAT). Choices are deterministic so every run prints the same.

use super::conntrack::Conntrack;
use super::explain::TraceStep;
use super::hook::{Hook, HookCtx};
pub use super::targets::NatKind;
use super::targets::{NatRange, Target};
use super::tuple::{CtState, Direction, Proto, Tuple};
use crate::sim::packet::Ipv4Packet as Packet;
use core::net::Ipv4Addr;

/// The default port range the kernel searches when a source port must
/// change: ports below 512 stay below 512, below 1024 stay in 600-1023,
/// the rest go to 1024-65535.
pub fn default_port_range(port: u16) -> (u16, u16) {
    if port < 512 {
        (1, 511)
    } else if port < 1024 {
        (600, 1023)
    } else {
        (1024, 65535)
    }
}

/// Picks one address of a range for a connection from `key` (the kernel
/// hashes the addresses; a modulo keeps the choice stable per client).
pub fn pick_addr(lo: Ipv4Addr, hi: Ipv4Addr, key: Ipv4Addr) -> Ipv4Addr {
    let (l, h) = (u32::from(lo), u32::from(hi));
    if h <= l {
        return lo;
    }
    let n = h - l + 1;
    Ipv4Addr::from(l + u32::from(key) % n)
}

/// Chooses the new source for a connection whose reply tuple is
/// currently `reply` (its `dst`/`dport` are the source to replace).
/// Returns the (address, port) such that the new reply tuple is unused.
///
/// ```
/// use netbook::sim::netfilter::{conntrack::{Conntrack, Tuple}, nat, rule::Proto};
/// let ct = Conntrack::default();
/// let reply = Tuple { src: [8, 8, 8, 8].into(), dst: [10, 0, 0, 5].into(),
///                     proto: Proto::Udp, sport: 53, dport: 40000 };
/// let got = nat::choose_source(&ct, &reply, [203, 0, 113, 1].into(), [203, 0, 113, 1].into(), None, 0);
/// assert_eq!(got, Some(([203, 0, 113, 1].into(), 40000)));
/// ```
pub fn choose_source(
    ct: &Conntrack,
    reply: &Tuple,
    addr_lo: Ipv4Addr,
    addr_hi: Ipv4Addr,
    ports: Option<(u16, u16)>,
    now_us: u64,
) -> Option<(Ipv4Addr, u16)> {
    let addr = pick_addr(addr_lo, addr_hi, reply.dst);
    let orig_port = reply.dport;
    let candidate = |port: u16| Tuple {
        dst: addr,
        dport: port,
        ..*reply
    };
    let has_ports = matches!(reply.proto, Proto::Tcp | Proto::Udp | Proto::Icmp);
    let (lo, hi) = match ports {
        Some(r) => r,
        None if reply.proto == Proto::Icmp => (0, 65535),
        None => default_port_range(orig_port),
    };
    let in_range = ports.is_none_or(|(l, h)| (l..=h).contains(&orig_port));
    if in_range && !ct.tuple_taken(&candidate(orig_port), now_us) {
        return Some((addr, orig_port));
    }
    if !has_ports {
        return None;
    }
    // Walk the range from the original port onwards, wrapping once.
    let size = u32::from(hi - lo) + 1;
    let start = if in_range {
        u32::from(orig_port - lo)
    } else {
        0
    };
    (1..=size)
        .map(|i| lo + ((start + i) % size) as u16)
        .find(|p| !ct.tuple_taken(&candidate(*p), now_us))
        .map(|p| (addr, p))
}

/// The new destination of a DNAT: first address of the range for this
/// client, the port range's first port (or the original port).
pub fn choose_destination(range: &NatRange, orig: &Tuple) -> (Ipv4Addr, u16) {
    let addr = match (range.addr_lo, range.addr_hi) {
        (Some(lo), Some(hi)) => pick_addr(lo, hi, orig.src),
        (Some(lo), None) => lo,
        _ => orig.dst,
    };
    let port = match range.ports {
        Some((lo, _)) => lo,
        None => orig.dport,
    };
    (addr, port)
}

/// Applies a confirmed connection's NAT to a later packet: the
/// destination part at PREROUTING/OUTPUT, the source part at
/// POSTROUTING/INPUT (`source`).
pub(super) fn replay(ct: &Conntrack, pkt: &mut Packet, source: bool, steps: &mut Vec<TraceStep>) {
    let Some((id, dir)) = pkt.nf().ct.conn else {
        return;
    };
    let Some(c) = ct.get(id) else {
        return;
    };
    // The packet must end up looking like the inverse of the other
    // direction's tuple.
    let want = match dir {
        Direction::Original => c.reply.invert(),
        Direction::Reply => c.original.invert(),
    };
    let kind = match dir {
        Direction::Original => NatKind::Conntrack,
        Direction::Reply => NatKind::ReplyUnNat,
    };
    if pkt.nf().ct.state == Some(CtState::Related) {
        // ICMP error: fix the outer destination and the embedded tuple.
        if !source && dir == Direction::Reply && pkt.dst != c.original.src {
            let before = (pkt.dst, 0);
            pkt.dst = c.original.src;
            pkt.set_embedded(c.original);
            steps.push(TraceStep::Nat {
                kind,
                before,
                after: (pkt.dst, 0),
                source: false,
            });
        }
        if source && dir == Direction::Reply && pkt.src == c.reply.src && c.dnat() {
            let before = (pkt.src, 0);
            pkt.src = c.original.dst;
            steps.push(TraceStep::Nat {
                kind,
                before,
                after: (pkt.src, 0),
                source: true,
            });
        }
        return;
    }
    let to = if source {
        (want.src, want.sport)
    } else {
        (want.dst, want.dport)
    };
    if endpoint(pkt, source) != to {
        rewrite(pkt, kind, source, to, steps);
    }
}

/// The packet's source (or destination) address and port.
fn endpoint(pkt: &Packet, source: bool) -> (Ipv4Addr, u16) {
    if source {
        (pkt.src, pkt.sport())
    } else {
        (pkt.dst, pkt.dport())
    }
}

/// Moves the packet's source (or destination) to `to`, traced.
fn rewrite(
    pkt: &mut Packet,
    kind: NatKind,
    source: bool,
    to: (Ipv4Addr, u16),
    steps: &mut Vec<TraceStep>,
) {
    let before = endpoint(pkt, source);
    if source {
        pkt.src = to.0;
        pkt.set_sport(to.1);
    } else {
        pkt.dst = to.0;
        pkt.set_dport(to.1);
    }
    steps.push(TraceStep::Nat {
        kind,
        before,
        after: to,
        source,
    });
}

/// A new connection's source (or destination) moved to `to`: its
/// replies come back to `to`.
fn expect_replies_at(
    pkt: &mut Packet,
    orig: Tuple,
    reply: Tuple,
    source: bool,
    to: (Ipv4Addr, u16),
) {
    let reply = if source {
        Tuple {
            dst: to.0,
            dport: to.1,
            ..reply
        }
    } else {
        Tuple {
            src: to.0,
            sport: to.1,
            ..reply
        }
    };
    pkt.nf().ct.pending = Some((orig, reply));
}

pub(super) fn implicit_snat(
    ct: &Conntrack,
    pkt: &mut Packet,
    ctx: &HookCtx,
    steps: &mut Vec<TraceStep>,
) {
    let Some((orig, reply)) = pkt.nf().ct.pending else {
        return;
    };
    if !ct.tuple_taken(&reply, ctx.now_us) {
        return;
    }
    if let Some(to) = choose_source(ct, &reply, pkt.src, pkt.src, None, ctx.now_us) {
        rewrite(pkt, NatKind::ImplicitSnat, true, to, steps);
        expect_replies_at(pkt, orig, reply, true, to);
    }
}

/// Applies SNAT/DNAT/MASQUERADE/REDIRECT to a new connection; false
/// when the packet must be dropped (no address to masquerade to, no
/// free port).
pub(super) fn apply_target(
    ct: &Conntrack,
    target: &Target,
    hook: Hook,
    pkt: &mut Packet,
    ctx: &HookCtx,
    steps: &mut Vec<TraceStep>,
) -> bool {
    let Some((orig, reply)) = pkt.nf().ct.pending else {
        return true;
    };
    let ports_of = |p: Option<(u16, u16)>| match pkt.proto() {
        Proto::Tcp | Proto::Udp => p,
        _ => None,
    };
    match target {
        Target::Snat(_) | Target::Masquerade(..) => {
            let (kind, lo, hi, ports) = match target {
                Target::Snat(r) => (
                    NatKind::Snat,
                    r.addr_lo.unwrap_or(pkt.src),
                    r.addr_hi.or(r.addr_lo).unwrap_or(pkt.src),
                    ports_of(r.ports),
                ),
                Target::Masquerade(p, _) => {
                    let Some(a) = ctx.out_addr else { return false };
                    (NatKind::Masquerade, a, a, ports_of(*p))
                }
                _ => return true,
            };
            let Some(to) = choose_source(ct, &reply, lo, hi, ports, ctx.now_us) else {
                return false;
            };
            rewrite(pkt, kind, true, to, steps);
            let mut reply = reply;
            // An echo id is both "ports": replies carry the new one too.
            if pkt.proto() == Proto::Icmp {
                pkt.set_dport(to.1);
                reply.sport = to.1;
            }
            expect_replies_at(pkt, orig, reply, true, to);
        }
        Target::Dnat(_) | Target::Redirect(_) => {
            let (kind, a, p) = match target {
                Target::Dnat(r) => {
                    let (a, p) = choose_destination(r, &pkt.tuple());
                    let p = if matches!(pkt.proto(), Proto::Tcp | Proto::Udp) {
                        p
                    } else {
                        pkt.dport()
                    };
                    (NatKind::Dnat, a, p)
                }
                Target::Redirect(ports) => {
                    let a = if hook == Hook::Output {
                        Ipv4Addr::LOCALHOST
                    } else {
                        match ctx.in_addr {
                            Some(a) => a,
                            None => return false,
                        }
                    };
                    let p = ports_of(*ports).map(|(lo, _)| lo).unwrap_or(pkt.dport());
                    (NatKind::Redirect, a, p)
                }
                _ => return true,
            };
            rewrite(pkt, kind, false, (a, p), steps);
            expect_replies_at(pkt, orig, reply, false, (a, p));
        }
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(inside: [u8; 4], sport: u16) -> Tuple {
        Tuple {
            src: Ipv4Addr::new(198, 51, 100, 7),
            dst: inside.into(),
            proto: Proto::Tcp,
            sport: 80,
            dport: sport,
        }
    }

    #[test]
    fn pat_keeps_the_port_then_picks_the_next_free_one() {
        let mut ct = Conntrack::default();
        let public = Ipv4Addr::new(203, 0, 113, 1);
        let a = reply([10, 0, 0, 1], 40000);
        let got = choose_source(&ct, &a, public, public, None, 0).unwrap();
        assert_eq!(got, (public, 40000));
        let taken = Tuple { dst: public, ..a };
        ct.insert(taken.invert(), taken, 0, 0);
        // A second inside host with the same source port collides.
        let b = reply([10, 0, 0, 2], 40000);
        assert_eq!(
            choose_source(&ct, &b, public, public, None, 0),
            Some((public, 40001))
        );
        // Inside a --to-ports range the search stays in the range.
        assert_eq!(
            choose_source(&ct, &b, public, public, Some((5000, 5001)), 0),
            Some((public, 5001))
        );
    }

    #[test]
    fn low_ports_stay_low() {
        assert_eq!(default_port_range(22), (1, 511));
        assert_eq!(default_port_range(700), (600, 1023));
        assert_eq!(default_port_range(5000), (1024, 65535));
    }

    #[test]
    fn dnat_range_is_stable_per_client() {
        let r = NatRange {
            addr_lo: Some([10, 0, 0, 10].into()),
            addr_hi: Some([10, 0, 0, 11].into()),
            ports: Some((8080, 8080)),
            flags: Default::default(),
        };
        let t = reply([1, 2, 3, 4], 1).invert();
        assert_eq!(choose_destination(&r, &t), choose_destination(&r, &t));
        assert_eq!(choose_destination(&r, &t).1, 8080);
    }
}
