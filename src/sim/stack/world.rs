//! The whole simulated machine: every network namespace, every link, the
//! file tree, and a virtual clock. Nothing here reads the real clock.
//!
//! Namespaces and links live in slabs addressed by [`NsId`] and [`LinkId`]
//! (never reused), so cloning the world (done once per cell as a
//! panic-safety snapshot) is a handful of flat copies. Every mutating
//! method validates first and changes nothing when it returns an error.

use super::deadline::Deadline;
use super::fs::Fs;
use super::link::IfName;
pub use super::link::LinkId;
use super::link::{IfAddr, Link, LinkKind, Mac, NsId};
use super::netns::{Netns, NetnsError};
use super::route::Route;
use crate::sim::dns::server::DnsState;
use crate::sim::netfilter::Netfilter;
use crate::sim::stack::transport::socket::{SockProto, Socket};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Most namespaces one session may hold by default: a guard against a
/// runaway cell exhausting memory, well above the 10,000-namespace
/// benchmark.
pub const MAX_NAMESPACES: usize = 65_536;

/// Most interfaces one session may hold by default (same reason).
pub const MAX_LINKS: usize = 262_144;

/// Most static routes one session may hold by default: twice the
/// 1,000,000-prefix Internet-table benchmark.
pub const MAX_ROUTES: usize = 2_097_152;

/// Most iptables rules one session may hold by default: five times the
/// 50,000-rule restore benchmark.
pub const MAX_RULES: usize = 262_144;

/// The per-session caps ([`MAX_NAMESPACES`], [`MAX_LINKS`], [`MAX_ROUTES`],
/// [`MAX_RULES`]; file data is capped by [`super::fs::MAX_FS_BYTES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Named namespaces.
    pub namespaces: usize,
    /// Interfaces in all namespaces.
    pub links: usize,
    /// Static routes in all namespaces.
    pub routes: usize,
    /// iptables rules in all namespaces and tables.
    pub rules: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            namespaces: MAX_NAMESPACES,
            links: MAX_LINKS,
            routes: MAX_ROUTES,
            rules: MAX_RULES,
        }
    }
}

/// A counter kept to make a check cheap, not part of what the world is:
/// two worlds that differ only here are equal.
#[derive(Debug, Clone, Copy, Default, Eq)]
pub(crate) struct Bookkeeping(pub(crate) usize);

impl PartialEq for Bookkeeping {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The simulated host and everything in it.
///
/// ```
/// use netbook::sim::World;
/// let mut w = World::new();
/// let ns1 = w.netns_add("ns1").unwrap();
/// w.link_add_veth(None, "veth1", "veth1-br").unwrap();
/// assert_eq!(w.link_add_veth(None, "veth1", "x").unwrap_err().to_string(), "RTNETLINK answers: File exists");
/// let v = w.link_by_name(w.ns_id(None).unwrap(), "veth1").unwrap();
/// w.link_set_netns(v, ns1).unwrap();
/// assert!(w.fs.read("/etc/hosts").unwrap().contains("localhost"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    /// The file tree shared by all namespaces.
    pub fs: Fs,
    /// Virtual time in microseconds since the world was created.
    pub now_us: u64,
    /// The running command's time limit (`timeout`), where the clock stops.
    pub deadline: Option<Deadline>,
    /// When the first address with a `valid_lft` runs out, if any does.
    pub addr_expiry: Option<u64>,
    /// Netfilter state per namespace (`None`: the root namespace). Read it
    /// through [`World::netfilter`]; absent means untouched (empty).
    pub netfilter: BTreeMap<Option<String>, Netfilter>,
    /// DNS servers running anywhere (CoreDNS, dnsmasq, public resolvers).
    pub dns: DnsState,
    /// Caps on what one session may create.
    pub limits: Limits,
    /// An upper bound on the static routes held (see `room_for_route`).
    pub(super) routes_bound: Bookkeeping,
    /// Processes, listening sockets and open connections.
    pub transport: crate::sim::stack::transport::table::Transport,
    /// sshd daemons, SSH sessions and their forwards.
    pub ssh: crate::sim::apps::ssh::SshState,
    /// The `br_netfilter` kernel module is loaded (`modprobe br_netfilter`):
    /// `net.bridge.bridge-nf-call-*` exist and bridged IPv4 meets iptables.
    pub br_netfilter: bool,
    /// Netfilter records rules that did not match too (`netbook trace`).
    pub nf_trace_misses: bool,
    /// A storm a send stopped, until the shell reports it
    /// ([`World::take_storm`]).
    pub(crate) storm: Option<String>,
    /// Slabs indexed by id; ids are never reused, so a deleted entry
    /// leaves a hole of one pointer. Entries are shared copy-on-write, so
    /// the per-cell snapshot copies pointers, and a cell copies only the
    /// namespaces and links it changes.
    pub(super) namespaces: Vec<Option<Arc<Netns>>>,
    pub(super) ns_names: BTreeMap<String, NsId>,
    pub(super) links: Vec<Option<Arc<Link>>>,
    /// (namespace, name) -> link; plain-old-data so the snapshot is a copy.
    pub(super) names: HashMap<(NsId, IfName), LinkId>,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// A fresh host: the root namespace with `lo` and `eth0`
    /// (10.0.2.15/24, default via 10.0.2.2), Debian-like files.
    pub fn new() -> Self {
        let mut w = World {
            fs: Fs::new(),
            now_us: 0,
            deadline: None,
            addr_expiry: None,
            netfilter: BTreeMap::new(),
            dns: DnsState::new(),
            limits: Limits::default(),
            routes_bound: Bookkeeping(0),
            transport: Default::default(),
            ssh: Default::default(),
            br_netfilter: false,
            nf_trace_misses: false,
            storm: None,
            namespaces: vec![Some(Arc::new(Netns::new(None)))],
            ns_names: BTreeMap::new(),
            links: Vec::new(),
            names: HashMap::new(),
        };
        let lo = w.new_link(NsId::ROOT, "lo", LinkKind::Loopback, Mac::ZERO, 65536);
        let eth0 = w.new_link(
            NsId::ROOT,
            "eth0",
            LinkKind::Ether,
            Mac([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]),
            1500,
        );
        for id in [lo, eth0] {
            let l = w.link_mut(id);
            l.admin_up = true;
            l.ever_up = true;
        }
        w.link_mut(lo)
            .addrs
            .push(IfAddr::new(Ipv4Addr::LOCALHOST, 8));
        w.conf_own(lo);
        w.link_mut(eth0).addrs.push(IfAddr {
            brd: Some(Ipv4Addr::new(10, 0, 2, 255)),
            ..IfAddr::new(Ipv4Addr::new(10, 0, 2, 15), 24)
        });
        // A Debian server: sshd listens on port 22.
        for addr in [
            core::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            core::net::IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED),
        ] {
            let proto = if addr.is_ipv4() {
                SockProto::Tcp
            } else {
                SockProto::Tcp6
            };
            w.ns_mut(NsId::ROOT).sockets.push(Socket {
                proto,
                addr,
                port: 22,
                pid: 612,
                program: "sshd".into(),
                backlog: 128,
                v6only: true,
            });
        }
        let gateway = Some(Ipv4Addr::new(10, 0, 2, 2));
        let default = Route::boot(Ipv4Net::default(), gateway, eth0);
        w.ns_mut(NsId::ROOT).routes.insert(default);
        w
    }

    /// Moves the virtual clock forward by `us` microseconds: the only way
    /// time passes (quinn-proto's `handle_timeout`). Commands call it for
    /// the waits they model (`sleep`, ping's interval, a connect timeout);
    /// nothing reads a real clock. A `timeout` deadline stops it.
    pub fn advance(&mut self, us: u64) {
        self.now_us = match self.deadline.as_mut() {
            Some(d) => d.step(self.now_us, us),
            None => self.now_us.saturating_add(us),
        };
        if self.addr_expiry.is_some_and(|t| t <= self.now_us) {
            self.expire_addrs();
        }
    }

    /// Arms a `timeout` deadline `us` from now and returns the one it
    /// replaces (an outer `timeout`'s, still in force if it comes first).
    pub fn arm_deadline(&mut self, us: u64, signal: u32) -> Option<Deadline> {
        let outer = self.deadline;
        self.deadline = Some(Deadline::arm(self.now_us, us, signal, outer));
        outer
    }

    /// Ends the current deadline, restoring `outer`; returns the ended one.
    pub fn disarm_deadline(&mut self, outer: Option<Deadline>) -> Option<Deadline> {
        let mine = self.deadline.take();
        self.deadline = Deadline::restore(outer, mine, self.now_us);
        mine
    }

    /// Microseconds left before the deadline (`None`: there is none).
    pub fn until_deadline(&self) -> Option<u64> {
        self.deadline.map(|d| d.at_us.saturating_sub(self.now_us))
    }

    /// The signal of a reached deadline, marking it seen by the command.
    pub fn heed_deadline(&mut self) -> Option<u32> {
        let d = self.deadline.as_mut().filter(|d| d.reached)?;
        d.heeded = true;
        Some(d.signal)
    }

    // ---- namespaces -------------------------------------------------------
    /// The id of a namespace by name (`None`: the root namespace).
    pub fn ns_id(&self, name: Option<&str>) -> Result<NsId, NetnsError> {
        match name {
            None => Ok(NsId::ROOT),
            Some(n) => self
                .ns_names
                .get(n)
                .copied()
                .ok_or_else(|| NetnsError::NotFound(n.to_string())),
        }
    }

    /// True while the namespace exists.
    pub fn ns_alive(&self, id: NsId) -> bool {
        self.namespaces
            .get(id.0 as usize)
            .is_some_and(|n| n.is_some())
    }

    /// A namespace by id. Panics on a stale id (a bug, not user input).
    pub fn ns(&self, id: NsId) -> &Netns {
        self.namespaces[id.0 as usize]
            .as_deref()
            .expect("live namespace")
    }

    pub(crate) fn ns_mut(&mut self, id: NsId) -> &mut Netns {
        Arc::make_mut(
            self.namespaces[id.0 as usize]
                .as_mut()
                .expect("live namespace"),
        )
    }

    /// Every live namespace, root first, then in creation order.
    pub fn namespaces(&self) -> impl DoubleEndedIterator<Item = (NsId, &Netns)> {
        self.namespaces
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_deref().map(|n| (NsId(i as u32), n)))
    }

    /// `ip netns add NAME`: a namespace with `lo` (down).
    pub fn netns_add(&mut self, name: &str) -> Result<NsId, NetnsError> {
        if name.is_empty() || name.contains('/') || name == "." || name == ".." {
            return Err(NetnsError::BadName(name.to_string()));
        }
        if self.ns_names.contains_key(name) {
            return Err(NetnsError::Exists(name.to_string()));
        }
        if self.ns_names.len() >= self.limits.namespaces {
            return Err(NetnsError::Limit(name.to_string(), self.limits.namespaces));
        }
        let id = NsId(self.namespaces.len() as u32);
        self.namespaces
            .push(Some(Arc::new(Netns::new(Some(name.to_string())))));
        self.ns_names.insert(name.to_string(), id);
        self.new_link(id, "lo", LinkKind::Loopback, Mac::ZERO, 65536);
        Ok(id)
    }

    /// `ip netns del NAME`: its veths die with it (and so do their peers).
    pub fn netns_del(&mut self, name: &str) -> Result<(), NetnsError> {
        let id = *self
            .ns_names
            .get(name)
            .ok_or_else(|| NetnsError::CannotRemove(name.to_string()))?;
        for l in self.ns(id).links.clone() {
            if self.links[l.0 as usize].is_some() {
                self.destroy_link(l);
            }
        }
        self.transport_forget_ns(id);
        self.forget_nsids(id);
        // Its iptables and conntrack die with it.
        self.netfilter.remove(&Some(name.to_string()));
        self.ns_names.remove(name);
        self.namespaces[id.0 as usize] = None;
        Ok(())
    }

    /// `ip netns list` order (newest first) with the id `viewer` has for each.
    pub fn netns_list(&self, viewer: NsId) -> Vec<(&str, Option<usize>)> {
        let v = self.ns(viewer);
        self.namespaces()
            .filter_map(|(id, ns)| ns.name.as_deref().map(|n| (id, n)))
            .rev()
            .map(|(id, n)| (n, v.nsid_of(id)))
            .collect()
    }
}

/// An untouched namespace's netfilter: no tables, no connections.
static EMPTY_NETFILTER: std::sync::LazyLock<Netfilter> = std::sync::LazyLock::new(Netfilter::new);

impl World {
    /// The netfilter state (iptables tables, conntrack, kernel log) of a
    /// namespace.
    pub fn netfilter(&self, netns: Option<&str>) -> &Netfilter {
        self.netfilter
            .get(&netns.map(str::to_string))
            .unwrap_or(&EMPTY_NETFILTER)
    }

    /// The netfilter state of a namespace, for changing it.
    pub fn netfilter_mut(&mut self, netns: Option<&str>) -> &mut Netfilter {
        self.netfilter.entry(netns.map(str::to_string)).or_default()
    }

    /// Wall-clock seconds since the Unix epoch the virtual clock maps to
    /// (the lab host "booted" at [`crate::sim::dns::CLOCK_EPOCH_UNIX`]),
    /// for tools that print dates such as `iptables-save` and `dig`.
    pub fn wall_clock_s(&self) -> u64 {
        crate::sim::dns::CLOCK_EPOCH_UNIX + self.now_us / 1_000_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::stack::addrs::AddrError;
    use crate::sim::stack::link::OperState;
    use crate::sim::stack::links::NewLink;
    use crate::sim::stack::route::{RouteError, RouteKind, RouteProto, RouteScope};
    use crate::sim::stack::route_table::Hop;

    fn veth_into(w: &mut World, ns: &str, name: &str, peer: &str) -> (NsId, LinkId) {
        let id = w.netns_add(ns).unwrap();
        let v = w
            .link_add(
                NsId::ROOT,
                name,
                NewLink::Veth {
                    peer: peer.into(),
                    peer_ns: None,
                },
            )
            .unwrap();
        w.link_set_netns(v, id).unwrap();
        (id, v)
    }

    #[test]
    fn ifindex_like_linux_peer_first_then_kept_across_netns() {
        let mut w = World::new();
        let (ns1, v) = veth_into(&mut w, "ns1", "veth1", "veth1-br");
        let p = w.link_by_name(NsId::ROOT, "veth1-br").unwrap();
        assert_eq!((w.link(p).ifindex, w.link(v).ifindex), (3, 4));
        assert_eq!(w.link(v).netns, ns1);
        assert_eq!(w.link(w.link_by_name(ns1, "lo").unwrap()).ifindex, 1);
        // A clash in the target namespace gets a fresh index there.
        let d = w.link_add(ns1, "d0", NewLink::Dummy).unwrap();
        assert_eq!(w.link(d).ifindex, 2);
        let x = w.link_add(NsId::ROOT, "x", NewLink::Dummy).unwrap();
        assert_eq!(w.link(x).ifindex, 5);
        let y = w
            .link_add(
                NsId::ROOT,
                "y",
                NewLink::Veth {
                    peer: "y2".into(),
                    peer_ns: None,
                },
            )
            .unwrap();
        let _ = y;
        let y2 = w.link_by_name(NsId::ROOT, "y2").unwrap();
        assert_eq!(w.link(y2).ifindex, 6);
        let d2 = w.link_by_name(ns1, "d0").unwrap();
        w.link_del(ns1, "d0").unwrap();
        assert!(!w.link_alive(d2));
    }

    #[test]
    fn carrier_flags_and_states() {
        let mut w = World::new();
        let (_, v) = veth_into(&mut w, "ns1", "veth1", "veth1-br");
        let p = w.link_by_name(NsId::ROOT, "veth1-br").unwrap();
        assert_eq!(w.link_flags(v), vec!["BROADCAST", "MULTICAST"]);
        w.link_set_up(v, true);
        assert_eq!(
            w.link_flags(v),
            vec!["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"]
        );
        assert_eq!(
            w.oper_state(v),
            OperState::LowerLayerDown,
            "computed when both ends were created side by side"
        );
        w.link_set_up(p, true);
        assert_eq!(w.oper_state(v), OperState::Up);
        // Both ends in one namespace: the peer is found, and down.
        let s = w
            .link_add(
                NsId::ROOT,
                "s1",
                NewLink::Veth {
                    peer: "s1p".into(),
                    peer_ns: None,
                },
            )
            .unwrap();
        let sp = w.link_by_name(NsId::ROOT, "s1p").unwrap();
        w.link_set_up(s, true);
        assert_eq!(w.oper_state(s), OperState::LowerLayerDown);
        w.link_set_netns(s, w.link(v).netns).unwrap();
        w.link_set_up(s, true);
        assert_eq!(
            w.oper_state(s),
            OperState::LowerLayerDown,
            "kept across a move: no carrier change"
        );
        w.link_set_up(sp, true);
        w.link_set_up(sp, false);
        assert_eq!(
            w.oper_state(s),
            OperState::Down,
            "recomputed when the carrier drops: the peer is elsewhere now"
        );
        let br = w.link_add(NsId::ROOT, "br0", NewLink::Bridge).unwrap();
        w.link_set_up(br, true);
        assert_eq!(
            w.oper_state(br),
            OperState::Unknown,
            "a bridge that never had a port keeps its carrier"
        );
        w.link_set_master(p, br).unwrap();
        assert_eq!(w.oper_state(br), OperState::Up);
        assert_eq!(
            w.link(br).mac,
            w.link(p).mac,
            "a bridge takes its lowest port MAC"
        );
    }

    #[test]
    fn indexed_lookup_agrees_with_scanning_the_whole_table() {
        // Two links with overlapping connected subnets, then enough static
        // routes (nested, tied with connected ones, via and dev) that the
        // table switches to its Fib; every answer must equal a scan of
        // `ip route show` as the kernel orders it.
        let mut w = World::new();
        let (ns1, v) = veth_into(&mut w, "ns1", "veth1", "veth1-br");
        w.link_set_up(v, true);
        let d = w.link_add(ns1, "dummy0", NewLink::Dummy).unwrap();
        w.link_set_up(d, true);
        for (dev, a, p) in [
            (v, [10, 0, 0, 1], 8),
            (d, [10, 0, 0, 2], 16),
            (d, [192, 168, 9, 1], 24),
        ] {
            let local = Ipv4Addr::from(a);
            w.addr_add(dev, IfAddr::new(local, p)).unwrap();
        }
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed
        };
        for i in 0..400 {
            let len = [0, 8, 16, 20, 24, 24, 24, 28, 32][(next() % 9) as usize];
            let base = [0x0a00_0000u32, 0xc0a8_0900, 0x0800_0000][(next() % 3) as usize];
            let net = base ^ (next() >> (8 + next() % 24));
            let r = Route {
                dst: Ipv4Net::new(Ipv4Addr::from(net), len).unwrap().trunc(),
                via: (i % 3 != 0).then_some(Ipv4Addr::new(192, 168, 9, 254)),
                dev: if i % 3 == 0 { v } else { LinkId(u32::MAX) },
                proto: RouteProto::BOOT,
                scope: RouteScope::Global,
                src: None,
                metric: next() % 3,
                linkdown: false,
                kind: RouteKind::Unicast,
            };
            let _ = w.route_add(ns1, r, i % 5 == 0);
        }
        assert!(w.ns(ns1).routes.len() > 100);
        let table = w.routes(ns1);
        for _ in 0..5000 {
            let base = [0x0a00_0000u32, 0xc0a8_0900, 0x0800_0000, 0][(next() % 4) as usize];
            let dst = Ipv4Addr::from(base ^ (next() >> (next() % 32)));
            let want = super::super::route::lookup(&table, dst).cloned();
            assert_eq!(w.route_lookup(ns1, dst, None), want, "dst {dst}");
            assert_eq!(
                w.route_hop(ns1, dst),
                want.as_ref().map(Hop::of),
                "dst {dst}"
            );
            let on_v = table
                .iter()
                .filter(|r| r.dev == v)
                .cloned()
                .collect::<Vec<_>>();
            let want = super::super::route::lookup(&on_v, dst).cloned();
            assert_eq!(
                w.route_lookup(ns1, dst, Some(v)),
                want,
                "dst {dst} dev veth1"
            );
        }
    }

    #[test]
    fn connected_routes_follow_addresses_and_link_state() {
        let mut w = World::new();
        let (ns1, v) = veth_into(&mut w, "ns1", "veth1", "veth1-br");
        w.addr_add(v, IfAddr::new(Ipv4Addr::new(192, 168, 1, 10), 24))
            .unwrap();
        assert!(w.routes(ns1).is_empty(), "no route while the link is down");
        w.link_set_up(v, true);
        let r = w.routes(ns1);
        assert_eq!(r.len(), 1);
        assert!(r[0].linkdown && r[0].proto == RouteProto::KERNEL);
        assert_eq!(
            w.addr_add(v, IfAddr::new(Ipv4Addr::new(192, 168, 1, 10), 24)),
            Err(AddrError::Exists)
        );
        let via = Some(Ipv4Addr::new(192, 168, 1, 1));
        let gw = Route::boot("10.0.0.0/8".parse().unwrap(), via, LinkId(u32::MAX));
        w.route_add(ns1, gw.clone(), false).unwrap();
        assert_eq!(w.route_add(ns1, gw.clone(), false), Err(RouteError::Exists));
        let g = w.route_get(ns1, Ipv4Addr::new(10, 1, 2, 3)).unwrap();
        assert_eq!(
            (g.via, g.dev, g.src),
            (
                Some(Ipv4Addr::new(192, 168, 1, 1)),
                v,
                Some(Ipv4Addr::new(192, 168, 1, 10))
            )
        );
        // Down: the kernel flushes the device's routes.
        w.link_set_up(v, false);
        assert!(w.routes(ns1).is_empty());
        assert_eq!(
            w.route_get(ns1, Ipv4Addr::new(10, 1, 2, 3)),
            Err(RouteError::Unreachable)
        );
    }

    #[test]
    fn sysctls_are_per_namespace_and_checked() {
        let mut w = World::new();
        let ns1 = w.netns_add("ns1").unwrap();
        w.sysctl_set(NsId::ROOT, "net.ipv4.ip_forward", "1")
            .unwrap();
        assert_eq!(
            w.sysctl_get(NsId::ROOT, "net/ipv4/conf/all/forwarding")
                .unwrap(),
            "1"
        );
        assert_eq!(w.sysctl_get(ns1, "net.ipv4.ip_forward").unwrap(), "0");
        assert!(w.sysctl_set(ns1, "net.ipv4.ip_forward", "yes").is_err());
        assert_eq!(
            w.sysctl_get(ns1, "net.ipv4.nope").unwrap_err().to_string(),
            "sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory"
        );
        assert_eq!(
            w.read_file(Some("ns1"), "/proc/sys/net/ipv4/ip_forward")
                .unwrap(),
            "0\n"
        );
    }

    #[test]
    fn deleting_a_namespace_takes_its_veths_and_their_peers() {
        let mut w = World::new();
        veth_into(&mut w, "ns1", "veth1", "veth1-br");
        w.netns_del("ns1").unwrap();
        assert!(w.link_by_name(NsId::ROOT, "veth1-br").is_err());
        assert!(w.netns_del("ns1").is_err());
        assert!(w.netns_add("ns1").is_ok());
    }
}
