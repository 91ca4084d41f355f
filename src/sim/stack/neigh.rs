//! The neighbour (ARP) table: `ip neigh add/del/flush` (see ip-neighbour(8)).

use super::l2::{Neigh, NeighMarks, NeighState};
pub use super::link::LinkId;
use super::link::{Mac, NsId};
use super::world::World;
use core::net::Ipv4Addr;

impl World {
    // ---- neighbours -----------------------------------------------------------
    /// The ARP cache of a namespace, newest first.
    pub fn neighbours(&self, ns: NsId) -> &[Neigh] {
        &self.ns(ns).neigh
    }

    /// `ip neigh add|replace IP lladdr MAC dev X [nud STATE] [router]
    /// [extern_learn] [protocol P]`: the flags are the request's, a
    /// protocol of 0 keeps the entry's (neigh_add sets a nonzero one only).
    pub fn neigh_add(
        &mut self,
        dev: LinkId,
        ip: Ipv4Addr,
        mac: Option<Mac>,
        state: NeighState,
        replace: bool,
        marks: NeighMarks,
    ) -> Result<(), super::l2::NeighError> {
        use super::l2::NeighError;
        let ns = self.link(dev).netns;
        if mac.is_none()
            && matches!(
                state,
                NeighState::Permanent | NeighState::Reachable | NeighState::Stale
            )
        {
            return Err(NeighError::NoLladdr);
        }
        // A hand-made FAILED entry is failed at once, not still probing.
        let now = if state == NeighState::Failed {
            self.now_us.saturating_sub(super::l2::PROBE_US)
        } else {
            self.now_us
        };
        let n = self.ns_mut(ns);
        let mut entry = Neigh::new(ip, dev, mac, state, now);
        entry.marks = marks;
        match n.neigh.iter_mut().find(|e| e.ip == ip && e.dev == dev) {
            Some(_) if !replace => Err(NeighError::Exists),
            Some(e) => {
                if marks.proto == 0 {
                    entry.marks.proto = e.marks.proto;
                }
                *e = entry;
                Ok(())
            }
            None => {
                n.neigh.insert(0, entry);
                Ok(())
            }
        }
    }

    /// `ip neigh del IP dev X`.
    pub fn neigh_del(&mut self, dev: LinkId, ip: Ipv4Addr) -> Result<(), super::l2::NeighError> {
        let ns = self.link(dev).netns;
        let n = self.ns_mut(ns);
        let i = n
            .neigh
            .iter()
            .position(|e| e.ip == ip && e.dev == dev)
            .ok_or(super::l2::NeighError::NotFound)?;
        n.neigh.remove(i);
        Ok(())
    }
}
