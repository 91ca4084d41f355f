//! Layer 2: the ARP neighbour cache and bridge forwarding decisions.
//!
//! ARP follows RFC 826 and ip-neighbour(8) states (`INCOMPLETE` while
//! asking, `REACHABLE` after a reply, `STALE` when learnt from a request or
//! aged, `FAILED` after unanswered probes). The bridge follows the Linux
//! bridge (bridge(8)): learn the source MAC per port, flood unknown and
//! broadcast destinations to every other forwarding port, then unicast
//! once the destination is learnt, exactly the "broadcast first, then
//! unicast" of the study note.

use super::link::{FdbEntry, LinkId, Mac};
use core::net::Ipv4Addr;
use std::fmt;

/// Neighbour (ARP) entry state as `ip neigh` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeighState {
    /// Probing, no answer yet.
    Incomplete,
    /// Confirmed recently.
    Reachable,
    /// Known, not confirmed recently (or learnt from someone's request).
    Stale,
    /// Used while stale; confirmation pending.
    Delay,
    /// Probes went unanswered.
    Failed,
    /// Still probing the MAC it has (`nud probe`, or `nud delay`).
    Probe,
    /// Never resolved: a fixed MAC, no probing (`nud noarp`).
    Noarp,
    /// Added by hand (`ip neigh add ... nud permanent`).
    Permanent,
    /// No state at all (`nud none`, NUD_NONE): `ip neigh` prints no word.
    None,
}

impl NeighState {
    /// The kernel's NUD_* bit (NUD_NONE is 0).
    pub fn bit(self) -> u32 {
        match self {
            NeighState::Incomplete => 0x01,
            NeighState::Reachable => 0x02,
            NeighState::Stale => 0x04,
            NeighState::Delay => 0x08,
            NeighState::Probe => 0x10,
            NeighState::Failed => 0x20,
            NeighState::Noarp => 0x40,
            NeighState::Permanent => 0x80,
            NeighState::None => 0,
        }
    }

    /// NUD_VALID: the entry has a MAC to send to (and to show).
    pub fn valid(self) -> bool {
        self.bit() & 0xde != 0
    }

    /// NUD_CONNECTED: a confirmed (or fixed) MAC.
    pub fn connected(self) -> bool {
        self.bit() & 0xc2 != 0
    }

    /// NUD_IN_TIMER: a timer runs, holding a reference to the entry.
    pub fn in_timer(self) -> bool {
        self.bit() & 0x1b != 0
    }
}

impl fmt::Display for NeighState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NeighState::Incomplete => "INCOMPLETE",
            NeighState::Reachable => "REACHABLE",
            NeighState::Stale => "STALE",
            NeighState::Delay => "DELAY",
            NeighState::Failed => "FAILED",
            NeighState::Probe => "PROBE",
            NeighState::Noarp => "NOARP",
            NeighState::Permanent => "PERMANENT",
            NeighState::None => "NONE",
        })
    }
}

/// One ARP cache entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neigh {
    /// The neighbour's IPv4 address.
    pub ip: Ipv4Addr,
    /// The interface it is reached on.
    pub dev: LinkId,
    /// Its MAC, once known.
    pub mac: Option<Mac>,
    /// Its state.
    pub state: NeighState,
    /// Virtual time of the last change of state or MAC (for a probing
    /// entry stored as `Failed`: when probing started).
    pub updated_us: u64,
    /// Virtual time the MAC was last confirmed (NDA_CACHEINFO's
    /// confirmed); before the clock's start for a new entry.
    pub confirmed_us: i64,
    /// Virtual time a packet last went through the slow path (used).
    pub used_us: u64,
    /// ARP probes sent (NDA_PROBES); a probing entry's count at its start.
    pub probes: u32,
    /// What `ip neigh add|replace` marked it with.
    pub marks: NeighMarks,
}

/// An entry's administrative marks: shown by `ip neigh`, read by nothing
/// else (IPv4 has no router discovery, and nothing here ages entries out
/// in a way `extern_learn` would spare).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NeighMarks {
    /// `router` (NTF_ROUTER).
    pub router: bool,
    /// `extern_learn` (NTF_EXT_LEARNED).
    pub extern_learn: bool,
    /// `protocol P` (NDA_PROTOCOL; 0: none).
    pub proto: u8,
}

/// A proxy neighbour (`ip neigh add proxy IP [dev DEV]`); without a
/// device it answers on every device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyNeigh {
    /// The address answered for.
    pub ip: Ipv4Addr,
    /// The device it is answered on, or any.
    pub dev: Option<LinkId>,
}

/// How long a confirmed entry stays `REACHABLE` (base_reachable_time 30 s).
pub const REACHABLE_US: u64 = 30_000_000;

/// How long an unanswered entry stays `INCOMPLETE` before `FAILED`
/// (mcast_solicit 3 probes, retrans_time 1 s apart).
pub const PROBE_US: u64 = 3_000_000;

/// How far back a new entry's confirmation is put: twice
/// base_reachable_time (___neigh_create), so it is never taken as fresh.
pub const UNCONFIRMED_US: u64 = 2 * REACHABLE_US;

/// The time between two probes (retrans_time 1 s).
pub const RETRANS_US: u64 = 1_000_000;

/// How long a used `STALE` entry waits in `DELAY` before probing (delay_first_probe_time 5 s).
pub const DELAY_US: u64 = 5_000_000;

impl Neigh {
    /// An entry created at `now`, confirmed only if `state` is connected.
    pub fn new(ip: Ipv4Addr, dev: LinkId, mac: Option<Mac>, state: NeighState, now: u64) -> Neigh {
        let back = if state.connected() { 0 } else { UNCONFIRMED_US };
        let confirmed_us = now as i64 - back as i64;
        Neigh {
            ip,
            dev,
            mac,
            state,
            updated_us: now,
            confirmed_us,
            used_us: now,
            probes: 0,
            marks: NeighMarks::default(),
        }
    }

    /// The state as shown at `now_us` (REACHABLE ages into STALE; an
    /// entry whose probes all went unanswered is `INCOMPLETE` until the
    /// last probe times out, `updated_us` being when probing started).
    pub fn state_at(&self, now_us: u64) -> NeighState {
        match self.state {
            NeighState::Reachable if now_us.saturating_sub(self.updated_us) > REACHABLE_US => {
                NeighState::Stale
            }
            NeighState::Failed
                if self.probes > 0 && now_us < self.updated_us.saturating_add(PROBE_US) =>
            {
                NeighState::Incomplete
            }
            NeighState::Probe if now_us >= self.updated_us.saturating_add(PROBE_US) => {
                NeighState::Failed
            }
            s => s,
        }
    }
}

/// A bridge's decision for one frame arriving on a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeDecision {
    /// The destination was learnt on this port: send there only.
    Unicast(LinkId),
    /// The frame is for the bridge's own address: hand it to the host stack.
    Local,
    /// Unknown or broadcast destination: every other port (and the host).
    Flood,
    /// The destination sits behind the port it came from: drop.
    Filter,
}

/// Learns `src` on `port` (updating the time if known).
pub fn fdb_learn(fdb: &mut Vec<FdbEntry>, src: Mac, port: LinkId, now_us: u64) -> bool {
    if src.is_multicast() {
        return false;
    }
    match fdb.iter_mut().find(|e| e.mac == src) {
        Some(e) => {
            let moved = e.port != port;
            e.port = port;
            e.updated_us = now_us;
            moved
        }
        None => {
            fdb.push(FdbEntry {
                mac: src,
                port,
                updated_us: now_us,
            });
            true
        }
    }
}

/// The bridge's decision for a frame to `dst` that came in on `in_port`;
/// `local` says whether `dst` is one of the bridge's own addresses.
pub fn bridge_decide(
    fdb: &[FdbEntry],
    dst: Mac,
    in_port: Option<LinkId>,
    local: bool,
) -> BridgeDecision {
    if dst.is_multicast() {
        return BridgeDecision::Flood;
    }
    if local {
        return BridgeDecision::Local;
    }
    match fdb.iter().find(|e| e.mac == dst) {
        Some(e) if Some(e.port) == in_port => BridgeDecision::Filter,
        Some(e) => BridgeDecision::Unicast(e.port),
        None => BridgeDecision::Flood,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flood_first_then_unicast() {
        let (a, b) = (Mac::derive("a"), Mac::derive("b"));
        let (pa, pb) = (LinkId(1), LinkId(2));
        let mut fdb = Vec::new();
        assert_eq!(
            bridge_decide(&fdb, b, Some(pa), false),
            BridgeDecision::Flood
        );
        assert!(fdb_learn(&mut fdb, a, pa, 0));
        assert!(fdb_learn(&mut fdb, b, pb, 1));
        assert!(!fdb_learn(&mut fdb, b, pb, 2), "already known");
        assert_eq!(
            bridge_decide(&fdb, b, Some(pa), false),
            BridgeDecision::Unicast(pb)
        );
        assert_eq!(
            bridge_decide(&fdb, a, Some(pa), false),
            BridgeDecision::Filter
        );
        assert_eq!(
            bridge_decide(&fdb, Mac::BROADCAST, Some(pa), false),
            BridgeDecision::Flood
        );
        assert!(
            !fdb_learn(&mut fdb, Mac::BROADCAST, pa, 3),
            "never learn a group address"
        );
    }

    #[test]
    fn reachable_ages_into_stale() {
        let n = Neigh::new(
            Ipv4Addr::new(10, 0, 0, 1),
            LinkId(1),
            None,
            NeighState::Reachable,
            0,
        );
        assert_eq!(n.state_at(1_000_000), NeighState::Reachable);
        assert_eq!(n.state_at(REACHABLE_US + 1), NeighState::Stale);
        let f = Neigh {
            state: NeighState::Failed,
            updated_us: 1_000_000,
            probes: 4,
            ..n
        };
        assert_eq!(f.state_at(1_000_000 + PROBE_US - 1), NeighState::Incomplete);
        assert_eq!(f.state_at(1_000_000 + PROBE_US), NeighState::Failed);
    }
}

/// Why a neighbour operation failed; Display is iproute2's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NeighError {
    /// `ip neigh add` of an existing entry.
    #[error("RTNETLINK answers: File exists")]
    Exists,
    /// `ip neigh del` of a missing entry.
    #[error("RTNETLINK answers: No such file or directory")]
    NotFound,
    /// A permanent/reachable entry without `lladdr`.
    #[error("Error: No link layer address given.")]
    NoLladdr,
}
