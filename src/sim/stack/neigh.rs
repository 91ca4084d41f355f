//! The neighbour (ARP) table: `ip neigh add/del/flush` (see ip-neighbour(8))
//! and what `ip -s neigh` reports of each entry (the kernel's
//! neigh_fill_info: NDA_CACHEINFO and NDA_PROBES).

use super::l2::{Neigh, NeighError, NeighMarks, NeighState, PROBE_US, REACHABLE_US, RETRANS_US};
pub use super::link::LinkId;
use super::link::{Mac, NsId};
use super::world::World;
use core::net::Ipv4Addr;

/// ARP probes a resolution starts counted at: ucast_probes (3), the
/// first multicast probe making it 4 (__neigh_event_send).
pub const RESOLVE_PROBES: u32 = 4;

/// What `ip -s neigh` prints of an entry: ages in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeighCacheinfo {
    /// References beyond the table's own: a running timer holds one.
    pub refcnt: u32,
    /// Seconds since a packet last went through the slow path.
    pub used: u64,
    /// Seconds since the MAC was confirmed.
    pub confirmed: u64,
    /// Seconds since the state or MAC changed.
    pub updated: u64,
    /// ARP probes sent.
    pub probes: u32,
}

impl Neigh {
    /// The entry's cache info at `now_us`, with the changes its timer made
    /// since (probes sent, FAILED, REACHABLE aged into STALE).
    pub fn cacheinfo_at(&self, now_us: u64) -> NeighCacheinfo {
        let state = self.state_at(now_us);
        let ticks = (now_us.saturating_sub(self.updated_us) / RETRANS_US) as u32;
        let (updated, probes) = match (self.state, state) {
            // A resolution: a multicast probe a second, FAILED after 3.
            (NeighState::Failed, NeighState::Incomplete) => (self.updated_us, self.probes + ticks),
            (NeighState::Failed, NeighState::Failed) if self.probes > 0 => {
                (self.updated_us + PROBE_US, self.probes + 2)
            }
            // `nud probe|delay`: unicast probes, FAILED after ucast_probes.
            (NeighState::Probe, NeighState::Probe) => (self.updated_us, (1 + ticks).min(3)),
            (NeighState::Probe, NeighState::Failed) => (self.updated_us + PROBE_US, 3),
            (NeighState::Reachable, NeighState::Stale) => {
                (self.updated_us + REACHABLE_US, self.probes)
            }
            _ => (self.updated_us, self.probes),
        };
        // A hand-made INCOMPLETE entry is never probed: it runs no timer.
        let timer = state.in_timer() && !(self.state == NeighState::Incomplete && self.probes == 0);
        let secs = |us: u64| now_us.saturating_sub(us) / 1_000_000;
        NeighCacheinfo {
            refcnt: u32::from(timer),
            used: secs(self.used_us),
            confirmed: (now_us as i64 - self.confirmed_us).max(0) as u64 / 1_000_000,
            updated: secs(updated),
            probes,
        }
    }

    /// What the stack learnt (`state`, and `mac` if any) at `now`:
    /// __neigh_update and __neigh_event_send's bookkeeping.
    pub fn learn(&mut self, state: NeighState, mac: Option<Mac>, now: u64) {
        match state {
            // A resolution starts (again): probing from now.
            NeighState::Incomplete => {
                self.probes = RESOLVE_PROBES;
                self.used_us = now;
                self.updated_us = now;
            }
            // The resolution's probes went unanswered: it failed when they
            // ran out, `updated_us` still saying when it started.
            NeighState::Failed if self.state == NeighState::Incomplete => {}
            // A packet went out on an unconfirmed MAC: the slow path.
            NeighState::Delay if self.state == NeighState::Delay => {
                self.used_us = now;
                return;
            }
            NeighState::Delay => {
                self.used_us = now;
                self.updated_us = now;
            }
            _ => {
                if state != self.state || (mac.is_some() && mac != self.mac) {
                    self.updated_us = now;
                }
            }
        }
        if state.connected() {
            self.confirmed_us = now as i64;
        }
        self.state = state;
        if mac.is_some() {
            self.mac = mac;
        }
    }

    /// `ip neigh add|replace ... [lladdr MAC] nud STATE` on this entry
    /// (NEIGH_UPDATE_F_ADMIN): an invalid state keeps no MAC and runs no
    /// timer; `delay` and `probe` start unicast probing at once.
    fn admin_set(
        &mut self,
        state: NeighState,
        mac: Option<Mac>,
        now: u64,
    ) -> Result<(), NeighError> {
        if !state.valid() {
            self.state = state;
            self.mac = None;
            return Ok(());
        }
        let old = self.state_at(now);
        let mac = match mac {
            Some(m) => m,
            None if old.valid() => self.mac.ok_or(NeighError::NoLladdr)?,
            None => return Err(NeighError::NoLladdr),
        };
        if state.connected() {
            self.confirmed_us = now as i64;
        }
        let state = match state {
            // The timer fires at once: DELAY, long unconfirmed, probes.
            NeighState::Delay | NeighState::Probe => {
                self.probes = 1;
                NeighState::Probe
            }
            s => s,
        };
        if state != old || Some(mac) != self.mac || state == NeighState::Probe {
            self.updated_us = now;
        }
        self.state = state;
        self.mac = Some(mac);
        Ok(())
    }
}

impl World {
    // ---- neighbours -----------------------------------------------------------
    /// The ARP cache of a namespace, newest first.
    pub fn neighbours(&self, ns: NsId) -> &[Neigh] {
        &self.ns(ns).neigh
    }

    /// `ip neigh add|replace IP lladdr MAC dev X [nud STATE] [router]
    /// [extern_learn] [protocol P]`: the flags are the request's, a
    /// protocol of 0 keeps the entry's (neigh_add sets a nonzero one only).
    /// A new entry the update refuses stays, with no state (as ___neigh_create
    /// leaves it).
    pub fn neigh_add(
        &mut self,
        dev: LinkId,
        ip: Ipv4Addr,
        mac: Option<Mac>,
        state: NeighState,
        replace: bool,
        marks: NeighMarks,
    ) -> Result<(), NeighError> {
        let ns = self.link(dev).netns;
        let now = self.now_us;
        let n = self.ns_mut(ns);
        let i = match n.neigh.iter().position(|e| e.ip == ip && e.dev == dev) {
            Some(_) if !replace => return Err(NeighError::Exists),
            Some(i) => i,
            None => {
                n.neigh
                    .insert(0, Neigh::new(ip, dev, None, NeighState::None, now));
                0
            }
        };
        let e = &mut n.neigh[i];
        e.admin_set(state, mac, now)?;
        let proto = if marks.proto == 0 {
            e.marks.proto
        } else {
            marks.proto
        };
        e.marks = NeighMarks { proto, ..marks };
        Ok(())
    }

    /// `ip neigh del IP dev X`.
    pub fn neigh_del(&mut self, dev: LinkId, ip: Ipv4Addr) -> Result<(), NeighError> {
        let ns = self.link(dev).netns;
        let n = self.ns_mut(ns);
        let i = n
            .neigh
            .iter()
            .position(|e| e.ip == ip && e.dev == dev)
            .ok_or(NeighError::NotFound)?;
        n.neigh.remove(i);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = 1_000_000;

    /// (what, entry, seconds later, refcnt, used/confirmed/updated, probes, state)
    #[test]
    fn cacheinfo_follows_the_timers() {
        let at = |state, probes, t0: u64| Neigh {
            probes,
            ..Neigh::new(Ipv4Addr::new(10, 0, 0, 2), LinkId(1), None, state, t0)
        };
        let cases = [
            (
                "permanent",
                at(NeighState::Permanent, 0, 0),
                2,
                0,
                [2, 2, 2],
                0,
            ),
            ("stale", at(NeighState::Stale, 0, 0), 2, 0, [2, 62, 2], 0),
            (
                "resolving",
                at(NeighState::Failed, 4, 10 * S),
                11,
                1,
                [1, 61, 1],
                5,
            ),
            (
                "resolution failed",
                at(NeighState::Failed, 4, 10 * S),
                15,
                0,
                [5, 65, 2],
                6,
            ),
            (
                "hand-made failed",
                at(NeighState::Failed, 0, 0),
                9,
                0,
                [9, 69, 9],
                0,
            ),
            ("probing", at(NeighState::Probe, 1, 0), 1, 1, [1, 61, 1], 2),
            (
                "probes ran out",
                at(NeighState::Probe, 1, 0),
                4,
                0,
                [4, 64, 1],
                3,
            ),
            (
                "hand-made incomplete",
                at(NeighState::Incomplete, 0, 0),
                5,
                0,
                [5, 65, 5],
                0,
            ),
        ];
        for (what, e, t, refcnt, [used, confirmed, updated], probes) in cases {
            let c = e.cacheinfo_at(t * S);
            let want = NeighCacheinfo {
                refcnt,
                used,
                confirmed,
                updated,
                probes,
            };
            assert_eq!(c, want, "{what}");
        }
    }
}
