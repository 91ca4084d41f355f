//! Addresses: `ip addr add/del/flush` and the connected routes they give
//! (see ip-address(8)).

use super::devconf::ConfOf;
pub use super::link::LinkId;
use super::link::{IfAddr, LinkKind, NsId};
use super::route::{Route, RouteKind, RouteProto, RouteScope};
use super::world::World;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

impl World {
    // ---- addresses ------------------------------------------------------------
    /// `ip addr add A/P [brd B] dev X`.
    pub fn addr_add(&mut self, id: LinkId, a: IfAddr) -> Result<(), AddrError> {
        let l = self.link(id);
        if l.addrs
            .iter()
            .any(|x| x.local == a.local && x.prefix == a.prefix)
        {
            return Err(AddrError::Exists);
        }
        let (ns, net) = (l.netns, a.net());
        // The kernel's __inet_insert_ifa: a secondary (its subnet already
        // has a primary) must share the primary's scope and goes last; a
        // primary goes after the last primary of a scope at least as wide.
        let secondary = l.addrs.iter().any(|x| x.net() == net);
        if l.addrs.iter().any(|x| x.net() == net && x.scope != a.scope) {
            return Err(AddrError::InvalidScope);
        }
        let primary_of = |i: usize| !l.addrs[..i].iter().any(|x| x.net() == l.addrs[i].net());
        let at = if secondary {
            l.addrs.len()
        } else {
            (0..l.addrs.len())
                .rev()
                .find(|&i| primary_of(i) && a.scope <= l.addrs[i].scope)
                .map_or(0, |i| i + 1)
        };
        // A primary address brings its prefix route back; a secondary does not.
        if !secondary {
            self.ns_mut(ns).unrouted.retain(|u| *u != (id, net));
        }
        self.link_mut(id).addrs.insert(at, a);
        self.watch_lifetime(&a);
        Ok(())
    }

    /// Notes when an address with a valid time must go.
    pub(crate) fn watch_lifetime(&mut self, a: &IfAddr) {
        if let Some(l) = a.lft {
            let t = l.ends_us();
            self.addr_expiry = Some(self.addr_expiry.map_or(t, |n| n.min(t)));
        }
    }

    /// check_lifetime: addresses whose valid time is over go, as an
    /// `ip addr del` would take them (secondaries with their primary).
    pub(crate) fn expire_addrs(&mut self) {
        let now = self.now_us;
        let mut gone = Vec::new();
        let mut next: Option<u64> = None;
        for (i, l) in self.links.iter().enumerate() {
            let Some(l) = l else { continue };
            for a in &l.addrs {
                match a.lft.map(|t| t.ends_us()) {
                    Some(t) if t <= now => gone.push((LinkId(i as u32), a.local, a.prefix)),
                    Some(t) => next = Some(next.map_or(t, |n| n.min(t))),
                    None => {}
                }
            }
        }
        self.addr_expiry = next;
        for (id, local, prefix) in gone {
            let _ = self.addr_del(id, local, Some(prefix));
        }
    }

    /// `ip addr del A/P dev X` (prefix `None`: the first with that address).
    pub fn addr_del(
        &mut self,
        id: LinkId,
        local: Ipv4Addr,
        prefix: Option<u8>,
    ) -> Result<(), AddrError> {
        let l = self.link(id);
        let pos = l
            .addrs
            .iter()
            .position(|x| x.local == local && prefix.is_none_or(|p| p == x.prefix))
            .ok_or(AddrError::NotFound)?;
        let primary = !l.addrs[..pos].iter().any(|a| a.net() == l.addrs[pos].net());
        let removed = self.link_mut(id).addrs.remove(pos);
        let ns = self.link(id).netns;
        // Without promote_secondaries (the default) a primary takes its
        // subnet's secondaries with it; with it, the next one takes over.
        let promote = self.conf_get(ns, ConfOf::All, "promote_secondaries") != "0"
            || self.conf_get(ns, ConfOf::Dev(id), "promote_secondaries") != "0";
        if primary && !promote {
            self.link_mut(id).addrs.retain(|a| a.net() != removed.net());
        }
        // Routes whose gateway is no longer on-link go with it (fib_sync_down_addr).
        let still: Vec<Ipv4Net> = self.connected_nets(ns);
        let net = removed.net();
        self.ns_mut(ns).routes.retain(|r| match r.via {
            Some(gw) if net.contains(&gw) => still.iter().any(|n| n.contains(&gw)),
            _ => true,
        });
        Ok(())
    }

    /// `ip addr flush dev X`.
    pub fn addr_flush(&mut self, id: LinkId) {
        let addrs: Vec<_> = self.link(id).addrs.clone();
        for a in addrs {
            let _ = self.addr_del(id, a.local, Some(a.prefix));
        }
    }

    pub(crate) fn connected_nets(&self, ns: NsId) -> Vec<Ipv4Net> {
        self.links_of(ns)
            .filter(|(_, l)| l.admin_up)
            .flat_map(|(_, l)| l.addrs.iter().map(|a| a.net()))
            .collect()
    }

    /// True when `ip` is one of the namespace's own addresses.
    pub fn is_local_addr(&self, ns: NsId, ip: Ipv4Addr) -> bool {
        self.local_addr_link(ns, ip).is_some()
    }

    /// The link carrying `ip` in `ns`, up or down (127/8 counts as `lo`'s):
    /// an address's local route outlives its link going down, and local
    /// delivery goes through `lo` (see `ip_output`).
    pub fn local_addr_link(&self, ns: NsId, ip: Ipv4Addr) -> Option<LinkId> {
        self.links_of(ns).find_map(|(id, l)| {
            let hit = l.addrs.iter().any(|a| {
                a.local == ip
                    || (l.kind == LinkKind::Loopback
                        && a.local.is_loopback()
                        && a.net().contains(&ip))
            });
            hit.then_some(id)
        })
    }

    // ---- routes ---------------------------------------------------------------
    /// The connected routes of `ns` (proto kernel), one per address on an
    /// up link, in link order.
    pub fn connected_routes(&self, ns: NsId) -> Vec<Route> {
        let mut out: Vec<Route> = Vec::new();
        for (id, a) in self.connected_addrs(ns) {
            // Two addresses of one subnet on one link give one route (the primary's).
            if !out.iter().any(|r| r.dst == a.net() && r.dev == id) {
                out.push(connected_route(id, a, !self.carrier(id)));
            }
        }
        out
    }

    /// The addresses that give `ns` a connected route, in link order: on
    /// up links other than `lo`, not /32, not deleted by hand.
    pub(crate) fn connected_addrs(&self, ns: NsId) -> impl Iterator<Item = (LinkId, &IfAddr)> + '_ {
        let unrouted = &self.ns(ns).unrouted;
        self.links_of(ns)
            .filter(|(_, l)| l.admin_up && l.kind != LinkKind::Loopback)
            .flat_map(|(id, l)| l.addrs.iter().map(move |a| (id, a)))
            .filter(move |(id, a)| gives_connected_route(*id, a, unrouted))
    }
}

/// True when address `a` on (up, non-loopback) link `id` has its connected
/// route: not a /32, and not deleted by hand (`unrouted`).
pub(crate) fn gives_connected_route(
    id: LinkId,
    a: &IfAddr,
    unrouted: &[(LinkId, Ipv4Net)],
) -> bool {
    a.prefix != 32 && (unrouted.is_empty() || !unrouted.contains(&(id, a.net())))
}

/// The route the kernel derives from address `a` on link `id`
/// (`proto kernel scope link src A`).
pub(crate) fn connected_route(id: LinkId, a: &IfAddr, linkdown: bool) -> Route {
    Route {
        dst: a.net(),
        via: None,
        dev: id,
        proto: RouteProto::KERNEL,
        scope: RouteScope::Link,
        src: Some(a.local),
        metric: 0,
        linkdown,
        kind: RouteKind::Unicast,
    }
}

/// Why an address operation failed; Display is iproute2's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddrError {
    /// The same address/prefix is already on the device.
    #[error("Error: ipv4: Address already assigned.")]
    Exists,
    /// `ip addr del` of an address the device does not have.
    #[error("Error: ipv4: Address not found.")]
    NotFound,
    /// A secondary address whose scope differs from its primary's.
    #[error("Error: ipv4: Invalid scope value.")]
    InvalidScope,
}
