//! Peer namespace ids (nsids): the number a namespace knows another one
//! by, as `ip netns list`, `ip netns list-id`, `ip netns set` and a veth's
//! `link-netnsid` show it (net/core/net_namespace.c: alloc_netid,
//! peernet2id, rtnl_net_newid; ip-netns(8)).

use super::link::NsId;
use super::netns::Netns;
use super::world::World;

/// Why `ip netns set` was refused; Display is the kernel's extack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NsidError {
    /// The peer has an id here already (ids are never changed).
    #[error("Error: Peer netns already has a nsid assigned.")]
    Assigned,
    /// Another peer holds the id asked for.
    #[error("Error: The specified nsid is already used.")]
    Used,
}

impl Netns {
    /// The id this namespace has for `peer`, if any.
    pub fn nsid_of(&self, peer: NsId) -> Option<usize> {
        self.nsids
            .iter()
            .find(|(_, p)| *p == peer)
            .map(|(id, _)| *id)
    }

    /// The namespace this one calls `nsid`.
    pub fn peer_of(&self, nsid: usize) -> Option<NsId> {
        self.nsids
            .iter()
            .find(|(id, _)| *id == nsid)
            .map(|(_, p)| *p)
    }

    /// The id this namespace uses for `peer`, assigning the lowest free
    /// one if it has none (idr_alloc from 0).
    pub fn nsid_for(&mut self, peer: NsId) -> usize {
        if let Some(id) = self.nsid_of(peer) {
            return id;
        }
        let free = (0..)
            .zip(&self.nsids)
            .find(|(want, (id, _))| want != id)
            .map_or(self.nsids.len(), |(want, _)| want);
        self.assign(free, peer);
        free
    }

    fn assign(&mut self, nsid: usize, peer: NsId) {
        let at = self.nsids.partition_point(|(id, _)| *id < nsid);
        self.nsids.insert(at, (nsid, peer));
    }

    /// `ip netns set NAME NSID|auto` seen from this namespace.
    pub fn set_nsid(&mut self, peer: NsId, nsid: Option<usize>) -> Result<usize, NsidError> {
        if self.nsid_of(peer).is_some() {
            return Err(NsidError::Assigned);
        }
        match nsid {
            None => Ok(self.nsid_for(peer)),
            Some(id) if self.peer_of(id).is_some() => Err(NsidError::Used),
            Some(id) => {
                self.assign(id, peer);
                Ok(id)
            }
        }
    }
}

impl World {
    /// `ip netns set NAME NSID|auto` run in `viewer`.
    pub fn netns_set_id(
        &mut self,
        viewer: NsId,
        peer: NsId,
        nsid: Option<usize>,
    ) -> Result<usize, NsidError> {
        self.ns_mut(viewer).set_nsid(peer, nsid)
    }

    /// A deleted namespace's id is freed in every namespace that had one.
    pub(crate) fn forget_nsids(&mut self, gone: NsId) {
        let holders: Vec<NsId> = self
            .namespaces()
            .filter(|(_, n)| n.nsid_of(gone).is_some())
            .map(|(id, _)| id)
            .collect();
        for id in holders {
            self.ns_mut(id).nsids.retain(|(_, p)| *p != gone);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_takes_the_lowest_free_id_and_ids_never_change() {
        let mut n = Netns::default();
        assert_eq!(n.set_nsid(NsId(1), Some(1)), Ok(1));
        assert_eq!(n.nsid_for(NsId(2)), 0);
        assert_eq!(n.nsid_for(NsId(3)), 2);
        assert_eq!(n.set_nsid(NsId(4), Some(2)), Err(NsidError::Used));
        assert_eq!(n.set_nsid(NsId(1), Some(7)), Err(NsidError::Assigned));
        assert_eq!(n.set_nsid(NsId(4), None), Ok(3));
        let ids: Vec<usize> = n.nsids.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, [0, 1, 2, 3]);
    }
}
