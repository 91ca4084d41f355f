//! Proxy neighbours (`ip neigh add proxy IP [dev DEV]`) and proxy ARP:
//! the router answers ARP for an address it would route out of another
//! device, so hosts on the asking link reach it through the router.

use super::devconf::ConfOf;
use super::l2::ProxyNeigh;
use super::link::{LinkId, NsId};
use super::route::RouteKind;
use super::world::World;
use core::net::Ipv4Addr;

/// The kernel's `pneigh_hash`: the address's bytes folded to 16 buckets.
fn bucket(ip: Ipv4Addr) -> u32 {
    let mut h = u32::from_le_bytes(ip.octets());
    h ^= h >> 16;
    h ^= h >> 8;
    h ^= h >> 4;
    h & 0xF
}

impl World {
    /// `ip neigh add|replace proxy IP [dev DEV]`: adding one that exists
    /// changes nothing (pneigh_lookup with create).
    pub fn pneigh_add(&mut self, ns: NsId, p: ProxyNeigh) {
        let n = self.ns_mut(ns);
        if !n.pneigh.contains(&p) {
            n.pneigh.push(p);
        }
    }

    /// `ip neigh del proxy IP [dev DEV]`; false when there is none.
    pub fn pneigh_del(&mut self, ns: NsId, p: ProxyNeigh) -> bool {
        let n = self.ns_mut(ns);
        let before = n.pneigh.len();
        n.pneigh.retain(|e| *e != p);
        n.pneigh.len() != before
    }

    /// `ip neigh flush proxy [dev DEV]`: a device's entries, or all.
    pub fn pneigh_flush(&mut self, ns: NsId, dev: Option<LinkId>) {
        self.ns_mut(ns)
            .pneigh
            .retain(|e| dev.is_some_and(|d| e.dev != Some(d)));
    }

    /// The entries as the kernel dumps them: by hash bucket, the newest
    /// first within one.
    pub fn pneigh_list(&self, ns: NsId) -> Vec<ProxyNeigh> {
        let mut v: Vec<(u32, usize, ProxyNeigh)> = self
            .ns(ns)
            .pneigh
            .iter()
            .enumerate()
            .map(|(i, p)| (bucket(p.ip), usize::MAX - i, *p))
            .collect();
        v.sort_unstable_by_key(|e| (e.0, e.1));
        v.into_iter().map(|e| e.2).collect()
    }

    /// Whether `link` answers an ARP request for `tip` that is not its
    /// own (arp_process): forwarding is on there, the address is routed
    /// (unicast) out of another device, and `proxy_arp` is on or a proxy
    /// entry names it.
    pub(crate) fn proxies_arp(&self, ns: NsId, link: LinkId, tip: Ipv4Addr) -> bool {
        if !self.forwarding(ns, link) {
            return false;
        }
        let Some(hop) = self.route_hop(ns, tip) else {
            return false;
        };
        if hop.kind != RouteKind::Unicast || hop.dev == link {
            return false;
        }
        let conf = |of| self.conf_num(ns, of, "proxy_arp") != 0;
        conf(ConfOf::All)
            || conf(ConfOf::Dev(link))
            || self
                .ns(ns)
                .pneigh
                .iter()
                .any(|p| p.ip == tip && p.dev.is_none_or(|d| d == link))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_order_follows_the_kernels_buckets() {
        // 10.1.0.60 hashes to bucket 4, 10.1.0.59 to 3.
        assert_eq!(bucket(Ipv4Addr::new(10, 1, 0, 60)), 4);
        assert_eq!(bucket(Ipv4Addr::new(10, 1, 0, 59)), 3);
        let mut w = World::new();
        let ns = w.ns_id(None).unwrap();
        for ip in [[10, 1, 0, 60], [10, 1, 0, 59], [10, 1, 0, 60]] {
            w.pneigh_add(
                ns,
                ProxyNeigh {
                    ip: ip.into(),
                    dev: None,
                },
            );
        }
        let ips: Vec<String> = w.pneigh_list(ns).iter().map(|p| p.ip.to_string()).collect();
        assert_eq!(ips, ["10.1.0.59", "10.1.0.60"]);
    }
}
