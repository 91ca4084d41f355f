//! The whole simulated machine: every network namespace, every link, the
//! file tree, and a virtual clock. Nothing here reads the real clock.
//!
//! Namespaces and links live in slabs addressed by [`NsId`] and [`LinkId`]
//! (never reused), so cloning the world (done once per cell as a
//! panic-safety snapshot) is a handful of flat copies. Every mutating
//! method validates first and changes nothing when it returns an error.

use super::dns::{DnsNet, DnsState, Unreachable};
use super::fs::{Fs, FsError};
use super::l2::{Neigh, NeighState};
use super::link::IfName;
pub use super::link::LinkId;
use super::link::{
    IfAddr, Link, LinkError, LinkKind, LinkStats, Mac, NsId, OperState, IFNAMSIZ_MAX,
};
use super::netfilter::Netfilter;
use super::netns::{Netns, NetnsError, SYSCTLS};
use super::route::{Hop, Route, RouteError, RouteProto, RouteScope};
use super::socket::{SockProto, Socket, SocketError};
use ipnet::Ipv4Net;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr};
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
struct Bookkeeping(usize);

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
    /// Netfilter state per namespace (`None`: the root namespace). Read it
    /// through [`World::netfilter`]; absent means untouched (empty).
    pub netfilter: BTreeMap<Option<String>, Netfilter>,
    /// DNS servers running anywhere (CoreDNS, dnsmasq, public resolvers).
    pub dns: DnsState,
    /// Caps on what one session may create.
    pub limits: Limits,
    /// An upper bound on the static routes held (see `room_for_route`).
    routes_bound: Bookkeeping,
    /// Processes, listening sockets and open connections.
    pub transport: super::transport::Transport,
    /// sshd daemons, SSH sessions and their forwards.
    pub ssh: super::ssh::SshState,
    /// The `br_netfilter` kernel module is loaded (`modprobe br_netfilter`):
    /// `net.bridge.bridge-nf-call-*` exist and bridged IPv4 meets iptables.
    pub br_netfilter: bool,
    /// Netfilter records rules that did not match too (`netbook trace`).
    pub nf_trace_misses: bool,
    /// DNS exchanges walked on a copy through the read-only [`DnsNet`]
    /// seam, to be replayed on the world itself ([`World::replay_dns_walks`])
    /// so their ARP entries, conntrack entries and rule counters stay.
    pub dns_walks: std::cell::RefCell<Vec<(NsId, Ipv4Addr, u16)>>,
    /// Slabs indexed by id; ids are never reused, so a deleted entry
    /// leaves a hole of one pointer. Entries are shared copy-on-write, so
    /// the per-cell snapshot copies pointers, and a cell copies only the
    /// namespaces and links it changes.
    namespaces: Vec<Option<Arc<Netns>>>,
    ns_names: BTreeMap<String, NsId>,
    links: Vec<Option<Arc<Link>>>,
    /// (namespace, name) -> link; plain-old-data so the snapshot is a copy.
    names: HashMap<(NsId, IfName), LinkId>,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

/// The type of a new link (`ip link add NAME type ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewLink {
    /// `type veth peer name PEER [netns NS]`.
    Veth {
        /// The peer's name.
        peer: String,
        /// The namespace the peer is created in (default: the same).
        peer_ns: Option<NsId>,
    },
    /// `type bridge`.
    Bridge,
    /// `type dummy`.
    Dummy,
}

/// The answer of `ip route get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteGet {
    /// The destination asked for.
    pub dst: Ipv4Addr,
    /// `local` when the address is this namespace's own.
    pub local: bool,
    /// The gateway, if routed.
    pub via: Option<Ipv4Addr>,
    /// The output interface.
    pub dev: LinkId,
    /// The source address the kernel would pick.
    pub src: Option<Ipv4Addr>,
    /// The `from` the question gave (then `src` is not printed).
    pub from: Option<Ipv4Addr>,
    /// The route that matched: its prefix and metric (`None` for a local
    /// address). `ip route get` does not print it; the rich view explains it.
    pub matched: Option<(Ipv4Net, u32)>,
}

impl World {
    /// A fresh host: the root namespace with `lo` and `eth0`
    /// (10.0.2.15/24, default via 10.0.2.2), Debian-like files.
    pub fn new() -> Self {
        let mut w = World {
            fs: Fs::new(),
            now_us: 0,
            netfilter: BTreeMap::new(),
            dns: DnsState::new(),
            limits: Limits::default(),
            routes_bound: Bookkeeping(0),
            transport: Default::default(),
            ssh: Default::default(),
            br_netfilter: false,
            nf_trace_misses: false,
            dns_walks: Default::default(),
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
        w.link_mut(lo).addrs.push(IfAddr {
            local: Ipv4Addr::LOCALHOST,
            prefix: 8,
            brd: None,
        });
        w.link_mut(eth0).addrs.push(IfAddr {
            local: Ipv4Addr::new(10, 0, 2, 15),
            prefix: 24,
            brd: Some(Ipv4Addr::new(10, 0, 2, 255)),
        });
        // A Debian server: sshd listens on port 22.
        for addr in [
            std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            std::net::IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
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
        w.ns_mut(NsId::ROOT).routes.insert(Route {
            dst: Ipv4Net::default(),
            via: Some(Ipv4Addr::new(10, 0, 2, 2)),
            dev: eth0,
            proto: RouteProto::Boot,
            scope: RouteScope::Global,
            src: None,
            metric: 0,
            linkdown: false,
        });
        w
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
            .map(|(id, n)| (n, v.nsids.iter().position(|x| *x == id)))
            .collect()
    }

    // ---- links ------------------------------------------------------------

    /// True while the link exists (ids are never reused).
    pub fn link_alive(&self, id: LinkId) -> bool {
        self.links.get(id.0 as usize).is_some_and(|l| l.is_some())
    }

    /// A link by id. Panics on a stale id (a bug, not user input).
    pub fn link(&self, id: LinkId) -> &Link {
        self.links[id.0 as usize].as_deref().expect("live link")
    }

    pub(crate) fn link_mut(&mut self, id: LinkId) -> &mut Link {
        Arc::make_mut(self.links[id.0 as usize].as_mut().expect("live link"))
    }

    /// A link by name inside a namespace.
    pub fn link_by_name(&self, ns: NsId, name: &str) -> Result<LinkId, LinkError> {
        IfName::new(name)
            .and_then(|n| self.names.get(&(ns, n)).copied())
            .ok_or_else(|| LinkError::NotFound(name.to_string()))
    }

    /// A link by ifindex inside a namespace.
    pub fn link_by_index(&self, ns: NsId, ifindex: u32) -> Option<LinkId> {
        let links = &self.ns(ns).links;
        links
            .binary_search_by_key(&ifindex, |l| self.link(*l).ifindex)
            .ok()
            .map(|i| links[i])
    }

    /// The links of a namespace in ifindex order.
    pub fn links_of(&self, ns: NsId) -> impl Iterator<Item = (LinkId, &Link)> {
        self.ns(ns).links.iter().map(|l| (*l, self.link(*l)))
    }

    /// The ports of a bridge, in ifindex order.
    pub fn bridge_ports(&self, br: LinkId) -> impl Iterator<Item = LinkId> + '_ {
        let ns = self.link(br).netns;
        self.ns(ns)
            .links
            .iter()
            .copied()
            .filter(move |l| self.link(*l).master == Some(br))
    }

    fn alloc_ifindex(&mut self, ns: NsId) -> u32 {
        let mut idx = self.ns(ns).last_ifindex;
        loop {
            idx = idx.wrapping_add(1).max(1);
            if self.link_by_index(ns, idx).is_none() {
                self.ns_mut(ns).last_ifindex = idx;
                return idx;
            }
        }
    }

    fn insert_into_ns(&mut self, ns: NsId, id: LinkId) {
        let (name, ifindex) = {
            let l = self.link(id);
            (l.name, l.ifindex)
        };
        let pos = {
            let links = &self.ns(ns).links;
            links.partition_point(|l| self.link(*l).ifindex < ifindex)
        };
        self.ns_mut(ns).links.insert(pos, id);
        self.names.insert((ns, name), id);
    }

    fn remove_from_ns(&mut self, ns: NsId, id: LinkId) {
        let (name, ifindex) = {
            let l = self.link(id);
            (l.name, l.ifindex)
        };
        let pos = self
            .ns(ns)
            .links
            .binary_search_by_key(&ifindex, |l| self.link(*l).ifindex);
        let n = self.ns_mut(ns);
        match pos {
            Ok(i) => {
                n.links.remove(i);
            }
            Err(_) => n.links.retain(|l| *l != id),
        }
        self.names.remove(&(ns, name));
    }

    fn new_link(&mut self, ns: NsId, name: &str, kind: LinkKind, mac: Mac, mtu: u32) -> LinkId {
        let ifindex = self.alloc_ifindex(ns);
        let id = LinkId(self.links.len() as u32);
        self.links.push(Some(Arc::new(Link {
            name: IfName::new(name).unwrap_or_default(),
            ifindex,
            netns: ns,
            kind,
            mac,
            mac_fixed: false,
            mtu,
            admin_up: false,
            ever_up: false,
            master: None,
            addrs: Vec::new(),
            stats: LinkStats::default(),
        })));
        self.insert_into_ns(ns, id);
        id
    }

    fn check_new_name(&self, ns: NsId, name: &str) -> Result<(), LinkError> {
        if name.is_empty()
            || name.len() > IFNAMSIZ_MAX
            || name.contains(['/', ' ', ':'])
            || name == "."
            || name == ".."
        {
            return Err(LinkError::BadName(name.to_string()));
        }
        if self.link_by_name(ns, name).is_ok() {
            return Err(LinkError::Exists);
        }
        Ok(())
    }

    fn mac_for(&self, ns: NsId, name: &str) -> Mac {
        Mac::derive(&format!("{}/{}", self.ns(ns).display_name(), name))
    }

    /// `ip link add NAME type veth peer name PEER` in `ns` (None: root).
    pub fn link_add_veth(
        &mut self,
        ns: Option<NsId>,
        name: &str,
        peer: &str,
    ) -> Result<LinkId, LinkError> {
        let ns = ns.unwrap_or(NsId::ROOT);
        self.link_add(
            ns,
            name,
            NewLink::Veth {
                peer: peer.to_string(),
                peer_ns: None,
            },
        )
    }

    /// `ip link add NAME type KIND`. For a veth the peer is created first,
    /// so it gets the lower ifindex, as on Linux.
    pub fn link_add(&mut self, ns: NsId, name: &str, kind: NewLink) -> Result<LinkId, LinkError> {
        self.check_new_name(ns, name)?;
        if self.names.len() + 2 > self.limits.links {
            return Err(LinkError::Limit(self.limits.links));
        }
        match kind {
            NewLink::Veth { peer, peer_ns } => {
                let pns = peer_ns.unwrap_or(ns);
                self.check_new_name(pns, &peer)?;
                if pns == ns && peer == name {
                    return Err(LinkError::Exists);
                }
                let pmac = self.mac_for(pns, &peer);
                let mac = self.mac_for(ns, name);
                let p = self.new_link(
                    pns,
                    &peer,
                    LinkKind::Veth {
                        peer: LinkId(u32::MAX),
                    },
                    pmac,
                    1500,
                );
                let me = self.new_link(ns, name, LinkKind::Veth { peer: p }, mac, 1500);
                self.link_mut(p).kind = LinkKind::Veth { peer: me };
                if pns != ns {
                    self.ns_mut(ns).nsid_for(pns);
                    self.ns_mut(pns).nsid_for(ns);
                }
                Ok(me)
            }
            NewLink::Bridge => {
                let mac = self.mac_for(ns, name);
                Ok(self.new_link(
                    ns,
                    name,
                    LinkKind::Bridge {
                        fdb: Vec::new(),
                        ports: 0,
                    },
                    mac,
                    1500,
                ))
            }
            NewLink::Dummy => {
                let mac = self.mac_for(ns, name);
                Ok(self.new_link(ns, name, LinkKind::Dummy, mac, 1500))
            }
        }
    }

    /// Removes a link and everything that refers to it (no checks).
    fn destroy_link(&mut self, id: LinkId) {
        let (ns, kind) = {
            let l = self.link(id);
            (l.netns, l.kind.clone())
        };
        if let LinkKind::Bridge { .. } = kind {
            let ports: Vec<_> = self.bridge_ports(id).collect();
            for p in ports {
                self.link_mut(p).master = None;
            }
        }
        if let Some(m) = self.link(id).master {
            self.release_port(m, id);
        }
        self.forget_link_in_ns(ns, id);
        self.remove_from_ns(ns, id);
        self.links[id.0 as usize] = None;
        if let LinkKind::Veth { peer } = kind {
            if self.links.get(peer.0 as usize).is_some_and(|l| l.is_some()) {
                self.destroy_link(peer);
            }
        }
    }

    /// Drops routes and neighbours that use `id` in `ns`.
    fn forget_link_in_ns(&mut self, ns: NsId, id: LinkId) {
        let n = self.ns_mut(ns);
        n.routes.retain(|r| r.dev != id);
        n.neigh.retain(|e| e.dev != id);
        n.unrouted.retain(|(d, _)| *d != id);
    }

    /// `ip link del NAME`: a veth takes its peer along; a bridge frees its ports.
    pub fn link_del(&mut self, ns: NsId, name: &str) -> Result<(), LinkError> {
        let id = self.link_by_name(ns, name)?;
        if self.link(id).kind == LinkKind::Loopback || self.link(id).kind == LinkKind::Ether {
            return Err(LinkError::NotSupported);
        }
        self.destroy_link(id);
        Ok(())
    }

    /// `ip link set NAME up|down`.
    pub fn link_set_up(&mut self, id: LinkId, up: bool) {
        self.link_set_up_quiet(id, up);
        if up {
            self.ipv6_chatter(id);
            if let LinkKind::Veth { peer } = self.link(id).kind {
                self.ipv6_chatter(peer);
            }
            if matches!(self.link(id).kind, LinkKind::Bridge { .. }) {
                let ports: Vec<LinkId> = self.bridge_ports(id).collect();
                for p in ports {
                    if let LinkKind::Veth { peer } = self.link(p).kind {
                        self.ipv6_chatter(peer);
                    }
                }
            }
        }
    }

    /// True when the link has its IPv6 link-local address (up, carrier,
    /// IPv6 not disabled in its namespace): what `ip addr` shows as `inet6`.
    pub fn has_ipv6(&self, id: LinkId) -> bool {
        let l = self.link(id);
        l.admin_up
            && self.carrier(id)
            && self.ns(l.netns).sysctl("net.ipv6.conf.all.disable_ipv6") == Some("0")
    }

    /// The multicast a link sends when it gets its IPv6 address (DAD, MLD,
    /// router solicitation) teaches the bridge on the other end of its veth
    /// its MAC, within a second of coming up, as on Linux.
    fn ipv6_chatter(&mut self, id: LinkId) {
        if !self.has_ipv6(id) || self.link(id).kind == LinkKind::Loopback {
            return;
        }
        let LinkKind::Veth { peer } = self.link(id).kind else {
            return;
        };
        let Some(br) = self.link(peer).master else {
            return;
        };
        if !self.port_forwarding(peer) {
            return;
        }
        let (mac, now) = (self.link(id).mac, self.now_us);
        if let LinkKind::Bridge { fdb, .. } = &mut self.link_mut(br).kind {
            super::l2::fdb_learn(fdb, mac, peer, now);
        }
    }

    fn link_set_up_quiet(&mut self, id: LinkId, up: bool) {
        let l = self.link_mut(id);
        if l.admin_up == up {
            return;
        }
        l.admin_up = up;
        if up {
            l.ever_up = true;
            let ns = l.netns;
            self.ns_mut(ns).unrouted.retain(|(d, _)| *d != id);
            let l = self.link_mut(id);
            // The kernel gives every loopback 127.0.0.1/8 when it first comes up.
            if l.kind == LinkKind::Loopback && l.addrs.is_empty() {
                l.addrs.push(IfAddr {
                    local: Ipv4Addr::LOCALHOST,
                    prefix: 8,
                    brd: None,
                });
            }
        } else {
            // The kernel flushes the routes of a device that goes down.
            let ns = l.netns;
            let n = self.ns_mut(ns);
            n.routes.retain(|r| r.dev != id);
            n.neigh.retain(|e| e.dev != id);
        }
    }

    /// `ip link set NAME mtu N`.
    pub fn link_set_mtu(&mut self, id: LinkId, mtu: u32) -> Result<(), LinkError> {
        let max = if self.link(id).kind == LinkKind::Loopback {
            u32::MAX
        } else {
            65535
        };
        if mtu < 68 {
            return Err(LinkError::MtuTooSmall);
        }
        if mtu > max {
            return Err(LinkError::MtuTooBig);
        }
        self.link_mut(id).mtu = mtu;
        Ok(())
    }

    /// `ip link set NAME address MAC`.
    pub fn link_set_mac(&mut self, id: LinkId, mac: Mac) -> Result<(), LinkError> {
        if mac.is_multicast() || self.link(id).kind == LinkKind::Loopback {
            return Err(LinkError::Invalid);
        }
        let l = self.link_mut(id);
        l.mac = mac;
        l.mac_fixed = true;
        if let Some(m) = self.link(id).master {
            self.recalc_bridge_mac(m);
        }
        Ok(())
    }

    /// `ip link set NAME name NEW`.
    pub fn link_rename(&mut self, id: LinkId, new: &str) -> Result<(), LinkError> {
        let ns = self.link(id).netns;
        if self.link(id).name == new {
            return Ok(());
        }
        self.check_new_name(ns, new)?;
        let new = IfName::new(new).ok_or_else(|| LinkError::BadName(new.to_string()))?;
        let old = std::mem::replace(&mut self.link_mut(id).name, new);
        self.names.remove(&(ns, old));
        self.names.insert((ns, new), id);
        Ok(())
    }

    /// Checks that `port` may join bridge `br` (a bridge; not itself a bridge).
    pub fn check_master(&self, port: LinkId, br: LinkId) -> Result<(), LinkError> {
        if !matches!(self.link(br).kind, LinkKind::Bridge { .. }) {
            return Err(LinkError::NotSupported);
        }
        if matches!(self.link(port).kind, LinkKind::Bridge { .. }) {
            return Err(LinkError::BridgeInBridge);
        }
        if matches!(self.link(port).kind, LinkKind::Loopback) {
            return Err(LinkError::Invalid);
        }
        Ok(())
    }

    /// `ip link set PORT master BR`.
    pub fn link_set_master(&mut self, port: LinkId, br: LinkId) -> Result<(), LinkError> {
        self.check_master(port, br)?;
        if let Some(old) = self.link(port).master {
            if old == br {
                return Ok(());
            }
            self.release_port(old, port);
        }
        self.link_mut(port).master = Some(br);
        // Linux: a bridge without a user-set address takes its lowest port MAC.
        let pm = self.link(port).mac;
        let b = self.link_mut(br);
        let first = match &mut b.kind {
            LinkKind::Bridge { ports, .. } => {
                *ports += 1;
                *ports == 1
            }
            _ => false,
        };
        if !b.mac_fixed && (first || pm < b.mac) {
            b.mac = pm;
        }
        if let LinkKind::Veth { peer } = self.link(port).kind {
            self.ipv6_chatter(peer);
        }
        Ok(())
    }

    /// `ip link set PORT nomaster`.
    pub fn link_set_nomaster(&mut self, port: LinkId) {
        if let Some(br) = self.link(port).master {
            self.release_port(br, port);
        }
    }

    fn release_port(&mut self, br: LinkId, port: LinkId) {
        self.link_mut(port).master = None;
        if let LinkKind::Bridge { fdb, ports } = &mut self.link_mut(br).kind {
            fdb.retain(|e| e.port != port);
            *ports = ports.saturating_sub(1);
        }
        self.recalc_bridge_mac(br);
    }

    fn recalc_bridge_mac(&mut self, br: LinkId) {
        if self.link(br).mac_fixed {
            return;
        }
        if let Some(min) = self.bridge_ports(br).map(|p| self.link(p).mac).min() {
            self.link_mut(br).mac = min;
        }
    }

    /// `ip link set NAME netns NS`: the link goes down, loses its addresses,
    /// routes and bridge, keeps its ifindex when free there.
    pub fn link_set_netns(&mut self, id: LinkId, to: NsId) -> Result<(), LinkError> {
        let from = self.link(id).netns;
        if from == to {
            return Ok(());
        }
        if self.link(id).kind == LinkKind::Loopback {
            return Err(LinkError::NetnsImmutable);
        }
        let name = self.link(id).name;
        if self.link_by_name(to, &name).is_ok() {
            return Err(LinkError::Exists);
        }
        if let LinkKind::Bridge { .. } = self.link(id).kind {
            let ports: Vec<_> = self.bridge_ports(id).collect();
            for p in ports {
                self.link_mut(p).master = None;
            }
            if let LinkKind::Bridge { fdb, ports } = &mut self.link_mut(id).kind {
                fdb.clear();
                *ports = 0;
            }
        }
        if let Some(m) = self.link(id).master {
            self.release_port(m, id);
        }
        self.forget_link_in_ns(from, id);
        self.remove_from_ns(from, id);
        let keep = self.link(id).ifindex;
        let ifindex = if self.link_by_index(to, keep).is_none() {
            keep
        } else {
            self.alloc_ifindex(to)
        };
        {
            let l = self.link_mut(id);
            l.netns = to;
            l.ifindex = ifindex;
            l.admin_up = false;
            l.addrs.clear();
        }
        self.insert_into_ns(to, id);
        if let LinkKind::Veth { peer } = self.link(id).kind {
            let pns = self.link(peer).netns;
            if pns != to {
                self.ns_mut(to).nsid_for(pns);
                self.ns_mut(pns).nsid_for(to);
            }
        }
        Ok(())
    }

    // ---- link state ---------------------------------------------------------

    /// Whether the link has carrier (`LOWER_UP`): up, and for a veth its
    /// peer up, for a bridge at least one port forwarding.
    pub fn carrier(&self, id: LinkId) -> bool {
        let l = self.link(id);
        if !l.admin_up {
            return false;
        }
        match &l.kind {
            LinkKind::Loopback | LinkKind::Ether | LinkKind::Dummy => true,
            LinkKind::Veth { peer } => self.link(*peer).admin_up,
            LinkKind::Bridge { .. } => self.bridge_ports(id).any(|p| self.carrier(p)),
        }
    }

    /// Whether a bridge port forwards frames (`bridge link` state `forwarding`).
    pub fn port_forwarding(&self, port: LinkId) -> bool {
        match self.link(port).master {
            Some(br) => self.link(br).admin_up && self.carrier(port),
            None => false,
        }
    }

    /// The operational state `ip link` prints.
    pub fn oper_state(&self, id: LinkId) -> OperState {
        let l = self.link(id);
        if !l.admin_up {
            return OperState::Down;
        }
        match l.kind {
            LinkKind::Loopback | LinkKind::Dummy => OperState::Unknown,
            LinkKind::Ether => OperState::Up,
            LinkKind::Veth { .. } if !self.carrier(id) => OperState::LowerLayerDown,
            LinkKind::Bridge { .. } if !self.carrier(id) => OperState::Down,
            _ => OperState::Up,
        }
    }

    /// The flags between `<...>` as iproute2 prints them.
    pub fn link_flags(&self, id: LinkId) -> Vec<&'static str> {
        let l = self.link(id);
        let carrier = self.carrier(id);
        let mut f = Vec::new();
        if l.admin_up && !carrier {
            f.push("NO-CARRIER");
        }
        match l.kind {
            LinkKind::Loopback => f.push("LOOPBACK"),
            LinkKind::Dummy => f.extend(["BROADCAST", "NOARP"]),
            _ => f.extend(["BROADCAST", "MULTICAST"]),
        }
        if l.admin_up {
            f.push("UP");
        }
        if carrier {
            f.push("LOWER_UP");
        }
        if let LinkKind::Veth { peer } = l.kind {
            let p = self.link(peer);
            if p.netns == l.netns && !p.admin_up {
                f.push("M-DOWN");
            }
        }
        f
    }

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
        // A primary address brings its prefix route back; a secondary does not.
        if !l.addrs.iter().any(|x| x.net() == net) {
            self.ns_mut(ns).unrouted.retain(|u| *u != (id, net));
        }
        self.link_mut(id).addrs.push(a);
        Ok(())
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
        let removed = self.link_mut(id).addrs.remove(pos);
        // Routes whose gateway is no longer on-link go with it (fib_sync_down_addr).
        let ns = self.link(id).netns;
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

    fn connected_nets(&self, ns: NsId) -> Vec<Ipv4Net> {
        self.links_of(ns)
            .filter(|(_, l)| l.admin_up)
            .flat_map(|(_, l)| l.addrs.iter().map(|a| a.net()))
            .collect()
    }

    /// True when `ip` is one of the namespace's own addresses.
    pub fn is_local_addr(&self, ns: NsId, ip: Ipv4Addr) -> bool {
        self.local_addr_link(ns, ip).is_some()
    }

    /// The up link carrying `ip` in `ns` (127/8 counts as `lo`'s when up).
    pub fn local_addr_link(&self, ns: NsId, ip: Ipv4Addr) -> Option<LinkId> {
        self.links_of(ns).find_map(|(id, l)| {
            let hit = l.admin_up
                && l.addrs.iter().any(|a| {
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
    fn connected_addrs(&self, ns: NsId) -> impl Iterator<Item = (LinkId, &IfAddr)> + '_ {
        let unrouted = &self.ns(ns).unrouted;
        self.links_of(ns)
            .filter(|(_, l)| l.admin_up && l.kind != LinkKind::Loopback)
            .flat_map(|(id, l)| l.addrs.iter().map(move |a| (id, a)))
            .filter(move |(id, a)| gives_connected_route(*id, a, unrouted))
    }

    /// The main table as `ip route show` lists it: static routes plus the
    /// connected ones derived from addresses on up links.
    pub fn routes(&self, ns: NsId) -> Vec<Route> {
        let mut out = self.connected_routes(ns);
        for r in self.ns(ns).routes.iter() {
            let mut r = r.clone();
            r.linkdown = !self.carrier(r.dev);
            out.push(r);
        }
        out.sort_by(Route::dump_order);
        out
    }

    /// The connected route (its link and address) the kernel would pick
    /// for `dst`, found without building the list: this runs per packet.
    fn best_connected(
        &self,
        ns: NsId,
        dst: Ipv4Addr,
        dev: Option<LinkId>,
    ) -> Option<(LinkId, IfAddr)> {
        // A plain loop: this runs per packet and per `ip route get`, where
        // the iterator chain of `connected_addrs` measured 25% slower.
        let unrouted = &self.ns(ns).unrouted;
        let mut best: Option<(LinkId, IfAddr)> = None;
        for (id, l) in self.links_of(ns) {
            if !l.admin_up || l.kind == LinkKind::Loopback || dev.is_some_and(|d| d != id) {
                continue;
            }
            for a in &l.addrs {
                // Longest prefix; the first address wins a tie.
                if a.net().contains(&dst)
                    && best.is_none_or(|(_, b)| b.prefix < a.prefix)
                    && gives_connected_route(id, a, unrouted)
                {
                    best = Some((id, *a));
                }
            }
        }
        best
    }

    /// The route the kernel picks for `dst` in `ns` (longest prefix, then
    /// lowest metric; a connected route wins a tie), optionally only among
    /// routes out of `dev` (`SO_BINDTODEVICE`, `ping -I`).
    pub fn route_lookup(&self, ns: NsId, dst: Ipv4Addr, dev: Option<LinkId>) -> Option<Route> {
        let rank = |r: &Route| (r.dst.prefix_len(), std::cmp::Reverse(r.metric));
        let connected = self
            .best_connected(ns, dst, dev)
            .map(|(id, a)| connected_route(id, &a, false));
        let table = &self.ns(ns).routes;
        let fixed = match dev {
            None => table.lookup(dst),
            Some(d) => table.lookup_where(dst, |r| r.dev == d),
        };
        let best = match (connected, fixed) {
            (Some(c), Some(s)) if rank(s) > rank(&c) => s.clone(),
            (Some(c), _) => c,
            (None, Some(s)) => s.clone(),
            (None, None) => return None,
        };
        let linkdown = !self.carrier(best.dev);
        Some(Route { linkdown, ..best })
    }

    /// [`route_lookup`](Self::route_lookup)'s answer without the route's
    /// prefix: what `ip route get` prints, read from the table's shared
    /// next hops so a lookup touches as little memory as the FIB itself.
    pub fn route_hop(&self, ns: NsId, dst: Ipv4Addr) -> Option<Hop> {
        let connected = self.best_connected(ns, dst, None).map(|(id, a)| Hop {
            len: a.prefix,
            metric: 0,
            via: None,
            dev: id,
            src: Some(a.local),
        });
        let rank = |h: &Hop| (h.len, std::cmp::Reverse(h.metric));
        match (connected, self.ns(ns).routes.lookup_hop(dst)) {
            (Some(c), Some(s)) if rank(&s) > rank(&c) => Some(s),
            (Some(c), _) => Some(c),
            (None, s) => s,
        }
    }

    /// iptables rules held in every namespace.
    pub fn rule_count(&self) -> usize {
        self.netfilter.values().map(|nf| nf.rule_count()).sum()
    }

    /// True while the session holds fewer static routes than its cap.
    /// Counting every table is O(namespaces), so it is done only when a
    /// running upper bound (adds since the last count) reaches the cap.
    fn room_for_route(&mut self) -> bool {
        if self.routes_bound.0 + 1 < self.limits.routes {
            self.routes_bound.0 += 1;
            return true;
        }
        let total: usize = self
            .namespaces
            .iter()
            .flatten()
            .map(|n| n.routes.len())
            .sum();
        self.routes_bound.0 = total + 1;
        total < self.limits.routes
    }

    /// `ip route add|replace`. The gateway must be on a connected subnet
    /// of the device (or of some device when `dev` is not given).
    pub fn route_add(&mut self, ns: NsId, mut r: Route, replace: bool) -> Result<(), RouteError> {
        let any_dev = r.dev == LinkId(u32::MAX);
        if let Some(gw) = r.via {
            // fib_check_nh: the gateway must be reachable by a link-scope
            // route (no gateway of its own) out of the given device.
            let onlink = self
                .best_connected(ns, gw, (!any_dev).then_some(r.dev))
                .map(|(id, _)| id)
                .or_else(|| {
                    self.ns(ns)
                        .routes
                        .lookup_where(gw, |x| x.via.is_none() && (any_dev || x.dev == r.dev))
                        .map(|x| x.dev)
                });
            match onlink {
                Some(dev) => r.dev = dev,
                None => return Err(RouteError::InvalidGateway),
            }
        } else if any_dev {
            return Err(RouteError::NoDevice);
        }
        if !self.link(r.dev).admin_up {
            return Err(RouteError::DeviceDown);
        }

        let connected_clash = r.proto != RouteProto::Kernel
            && r.metric == 0
            && self.connected_addrs(ns).any(|(_, a)| a.net() == r.dst);
        if !replace && connected_clash {
            return Err(RouteError::Exists);
        }
        let exists = |w: &World| w.ns(ns).routes.get(r.dst, r.metric).is_some();
        if !self.room_for_route() && !exists(self) {
            return Err(RouteError::Limit(self.limits.routes));
        }
        let table = &mut self.ns_mut(ns).routes;
        if replace {
            table.insert(r);
        } else if table.insert_new(r).is_err() {
            // One index search per add: a million-line batch pays for each.
            return Err(RouteError::Exists);
        }
        Ok(())
    }

    /// `ip route del PREFIX [via G] [dev D] [metric M]`: the first match
    /// in table order (lowest metric first).
    pub fn route_del(
        &mut self,
        ns: NsId,
        dst: Ipv4Net,
        via: Option<Ipv4Addr>,
        dev: Option<LinkId>,
        metric: Option<u32>,
    ) -> Result<(), RouteError> {
        let found = self
            .ns(ns)
            .routes
            .with_prefix(dst)
            .find(|r| {
                via.is_none_or(|v| r.via == Some(v))
                    && dev.is_none_or(|d| r.dev == d)
                    && metric.is_none_or(|m| r.metric == m)
            })
            .map(|r| r.metric);
        if let Some(m) = found {
            self.ns_mut(ns).routes.remove(dst, m);
            return Ok(());
        }
        // A connected route can go too, until its address or link returns.
        let kernel = self
            .connected_routes(ns)
            .into_iter()
            .find(|r| r.dst == dst && via.is_none() && dev.is_none_or(|d| r.dev == d))
            .filter(|_| metric.is_none_or(|m| m == 0))
            .ok_or(RouteError::NotFound)?;
        self.ns_mut(ns).unrouted.push((kernel.dev, dst));
        Ok(())
    }

    /// `ip route get DST`: the route the kernel would use, and the source.
    pub fn route_get(&self, ns: NsId, dst: Ipv4Addr) -> Result<RouteGet, RouteError> {
        if let Some(owner) = self.local_addr_link(ns, dst) {
            // The local table routes own addresses through `lo` (down or not);
            // a secondary address's local route names its subnet's primary.
            let lo = self
                .link_by_name(ns, "lo")
                .map_err(|_| RouteError::Unreachable)?;
            let addrs = &self.link(owner).addrs;
            let src = addrs
                .iter()
                .find(|a| a.local == dst)
                .or_else(|| addrs.iter().find(|a| a.net().contains(&dst)))
                .and_then(|mine| addrs.iter().find(|a| a.net() == mine.net()))
                .map_or(dst, |primary| primary.local);
            return Ok(RouteGet {
                dst,
                local: true,
                via: None,
                dev: lo,
                src: Some(src),
                from: None,
                matched: None,
            });
        }
        let r = self.route_hop(ns, dst).ok_or(RouteError::Unreachable)?;
        let src = r
            .src
            .or_else(|| self.link(r.dev).addrs.first().map(|a| a.local))
            .or_else(|| {
                self.links_of(ns)
                    .filter(|(_, l)| l.admin_up && l.kind != LinkKind::Loopback)
                    .find_map(|(_, l)| l.addrs.first().map(|a| a.local))
            });
        Ok(RouteGet {
            dst,
            local: false,
            via: r.via,
            dev: r.dev,
            src,
            from: None,
            matched: Ipv4Net::new(dst, r.len).ok().map(|n| (n.trunc(), r.metric)),
        })
    }

    // ---- neighbours -----------------------------------------------------------

    /// The ARP cache of a namespace, newest first.
    pub fn neighbours(&self, ns: NsId) -> &[Neigh] {
        &self.ns(ns).neigh
    }

    /// `ip neigh add|replace IP lladdr MAC dev X [nud STATE]`.
    pub fn neigh_add(
        &mut self,
        dev: LinkId,
        ip: Ipv4Addr,
        mac: Option<Mac>,
        state: NeighState,
        replace: bool,
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
        let now = self.now_us;
        let n = self.ns_mut(ns);
        match n.neigh.iter_mut().find(|e| e.ip == ip && e.dev == dev) {
            Some(_) if !replace => Err(NeighError::Exists),
            Some(e) => {
                *e = Neigh {
                    ip,
                    dev,
                    mac,
                    state,
                    updated_us: now,
                };
                Ok(())
            }
            None => {
                n.neigh.insert(
                    0,
                    Neigh {
                        ip,
                        dev,
                        mac,
                        state,
                        updated_us: now,
                    },
                );
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

    /// `ip neigh flush dev X` (all devices when `None`); permanent entries stay.
    pub fn neigh_flush(&mut self, ns: NsId, dev: Option<LinkId>) {
        self.ns_mut(ns)
            .neigh
            .retain(|e| e.state == NeighState::Permanent || dev.is_some_and(|d| d != e.dev));
    }

    // ---- sockets ----------------------------------------------------------------

    /// The listening sockets of a namespace, in the order opened.
    pub fn sockets(&self, ns: NsId) -> &[Socket] {
        &self.ns(ns).sockets
    }

    /// A program starts listening (`sshd`, `nc -l`, a web server). An
    /// address and port already bound (or a wildcard clash) is refused.
    pub fn listen(&mut self, ns: NsId, sock: Socket) -> Result<(), SocketError> {
        let clash = self.ns(ns).sockets.iter().any(|s| {
            s.proto == sock.proto
                && s.port == sock.port
                && (s.addr == sock.addr || s.addr.is_unspecified() || sock.addr.is_unspecified())
        });
        if clash {
            return Err(SocketError::AddrInUse);
        }
        self.ns_mut(ns).sockets.push(sock);
        Ok(())
    }

    /// A program closes its listener (no error if none).
    pub fn unlisten(&mut self, ns: NsId, proto: SockProto, port: u16) {
        self.ns_mut(ns)
            .sockets
            .retain(|s| !(s.proto == proto && s.port == port));
    }

    // ---- sysctls --------------------------------------------------------------

    /// Every sysctl key the simulator knows, sorted.
    pub fn sysctl_defs() -> impl Iterator<Item = &'static super::netns::SysctlDef> {
        SYSCTLS.iter()
    }

    /// `sysctl KEY` in a namespace (`/` separators accepted).
    pub fn sysctl_get(&self, ns: NsId, key: &str) -> Result<String, NetnsError> {
        let k = key.replace('/', ".");
        if self.br_netfilter && BRIDGE_NF_SYSCTLS.contains(&k.as_str()) {
            return Ok(self.ns(ns).sysctl(&k).unwrap_or("1").to_string());
        }
        self.ns(ns)
            .sysctl(&k)
            .map(str::to_string)
            .ok_or_else(|| NetnsError::NoSuchSysctl(k.replace('.', "/")))
    }

    /// `sysctl -w KEY=VALUE` in a namespace.
    pub fn sysctl_set(&mut self, ns: NsId, key: &str, value: &str) -> Result<(), NetnsError> {
        let k = key.replace('/', ".");
        if self.br_netfilter && BRIDGE_NF_SYSCTLS.contains(&k.as_str()) {
            let v = match value.trim() {
                "0" => "0",
                "1" => "1",
                _ => return Err(NetnsError::BadSysctlValue(k)),
            };
            let n = self.ns_mut(ns);
            n.sysctl.retain(|(x, _)| *x != k);
            if v == "0" {
                n.sysctl.push((k, v.to_string()));
            }
            return Ok(());
        }
        let def = SYSCTLS
            .iter()
            .find(|d| d.key == k)
            .ok_or_else(|| NetnsError::NoSuchSysctl(k.replace('.', "/")))?;
        let v = value.trim();
        let parts: Vec<&str> = v.split_whitespace().collect();
        let ints: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
        let v = match ints {
            Some(n) if !n.is_empty() && (!def.boolean || n.len() == 1) => n
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\t"),
            _ => return Err(NetnsError::BadSysctlValue(k)),
        };
        // ip_forward and conf.all.forwarding are one switch in the kernel.
        let keys: &[&str] = match k.as_str() {
            "net.ipv4.ip_forward" | "net.ipv4.conf.all.forwarding" => {
                &["net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"]
            }
            _ => &[],
        };
        let n = self.ns_mut(ns);
        let mut set = |key: &str| {
            n.sysctl.retain(|(x, _)| x != key);
            if SYSCTLS
                .iter()
                .find(|d| d.key == key)
                .is_some_and(|d| d.default != v)
            {
                n.sysctl.push((key.to_string(), v.clone()));
            }
        };
        if keys.is_empty() {
            set(&k);
        } else {
            for key in keys {
                set(key);
            }
        }
        Ok(())
    }

    // ---- files ------------------------------------------------------------------

    /// Maps a path to the file a process in `netns` really opens:
    /// `/etc/netns/NAME/X` over `/etc/X`, as `ip netns exec` bind-mounts it.
    fn resolve_path(&self, netns: Option<&str>, path: &str) -> String {
        let p = super::fs::normalize(path);
        if let (Some(ns), Some(rest)) = (netns, p.strip_prefix("/etc/")) {
            let first = rest.split('/').next().unwrap_or("");
            let over = format!("/etc/netns/{ns}/{first}");
            if !first.is_empty()
                && self.fs.exists(&over)
                && self.fs.exists(&format!("/etc/{first}"))
            {
                return format!("/etc/netns/{ns}/{rest}");
            }
        }
        p
    }

    fn proc_sys_key(path: &str) -> Option<String> {
        super::fs::normalize(path)
            .strip_prefix("/proc/sys/")
            .map(|k| k.replace('/', "."))
    }

    /// Reads a file as a process in `netns` sees it: `/etc/netns/NAME/*`
    /// over `/etc/*`, and `/proc/sys/net/...` from that namespace's sysctls.
    pub fn read_file(&self, netns: Option<&str>, path: &str) -> Result<String, FsError> {
        if let Some(key) = Self::proc_sys_key(path) {
            let ns = self
                .ns_id(netns)
                .map_err(|_| FsError::NotFound(path.to_string()))?;
            return match self.sysctl_get(ns, &key) {
                Ok(v) => Ok(format!("{v}\n")),
                Err(_) => Err(FsError::NotFound(path.to_string())),
            };
        }
        let real = self.resolve_path(netns, path);
        self.fs
            .read(&real)
            .map(str::to_string)
            .map_err(|e| rename_err(e, path))
    }

    /// Writes a file as a process in `netns` would (see [`World::read_file`]).
    pub fn write_file(
        &mut self,
        netns: Option<&str>,
        path: &str,
        content: &str,
        append: bool,
    ) -> Result<(), FsError> {
        if let Some(key) = Self::proc_sys_key(path) {
            let ns = self
                .ns_id(netns)
                .map_err(|_| FsError::NotFound(path.to_string()))?;
            if self.ns(ns).sysctl(&key).is_none() {
                return Err(FsError::NotFound(path.to_string()));
            }
            return self
                .sysctl_set(ns, &key, content)
                .map_err(|_| FsError::InvalidArgument(path.to_string()));
        }
        let real = self.resolve_path(netns, path);
        self.fs
            .write(&real, content, append)
            .map_err(|e| rename_err(e, path))
    }
}

/// True when address `a` on (up, non-loopback) link `id` has its connected
/// route: not a /32, and not deleted by hand (`unrouted`).
fn gives_connected_route(id: LinkId, a: &IfAddr, unrouted: &[(LinkId, Ipv4Net)]) -> bool {
    a.prefix != 32 && (unrouted.is_empty() || !unrouted.contains(&(id, a.net())))
}

/// The route the kernel derives from address `a` on link `id`
/// (`proto kernel scope link src A`).
fn connected_route(id: LinkId, a: &IfAddr, linkdown: bool) -> Route {
    Route {
        dst: a.net(),
        via: None,
        dev: id,
        proto: RouteProto::Kernel,
        scope: RouteScope::Link,
        src: Some(a.local),
        metric: 0,
        linkdown,
    }
}

fn rename_err(e: FsError, shown: &str) -> FsError {
    let s = shown.to_string();
    match e {
        FsError::NotFound(_) => FsError::NotFound(s),
        FsError::IsADirectory(_) => FsError::IsADirectory(s),
        FsError::NotADirectory(_) => FsError::NotADirectory(s),
        FsError::NoParent(_) => FsError::NoParent(s),
        FsError::InvalidArgument(_) => FsError::InvalidArgument(s),
        FsError::NoSpace(_) => FsError::NoSpace(s),
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
}

/// The sysctls `br_netfilter` adds (default 1 once the module is loaded).
pub const BRIDGE_NF_SYSCTLS: &[&str] = &[
    "net.bridge.bridge-nf-call-iptables",
    "net.bridge.bridge-nf-call-ip6tables",
    "net.bridge.bridge-nf-call-arptables",
];

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
        super::dns::CLOCK_EPOCH_UNIX + self.now_us / 1_000_000
    }
}

/// DNS traffic walks the datapath: a UDP query from the client's
/// namespace (routes, bridges, ARP, iptables, conntrack, NAT), the server's
/// answer back from where the query arrived. The walk runs on a copy of
/// the world (the seam is read-only), so a query leaves no ARP entries or
/// counters behind.
impl DnsNet for World {
    fn reach(&self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable> {
        self.deliver(from, ip, port).map(|_| ())
    }

    fn deliver(
        &self,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
    ) -> Result<(IpAddr, u16), Unreachable> {
        let IpAddr::V4(dst) = ip else {
            return Err(Unreachable::no_route("IPv6 is not simulated"));
        };
        let Ok(ns) = self.ns_id(from) else {
            return Err(Unreachable::no_route("no such namespace"));
        };
        let mut w = self.walk_copy();
        self.dns_walks.borrow_mut().push((ns, dst, port));
        w.dns_walk(ns, dst, port).map(|(a, p)| (IpAddr::V4(a), p))
    }

    fn owns(&self, netns: Option<&str>, ip: IpAddr) -> bool {
        match (self.ns_id(netns), ip) {
            (Ok(ns), IpAddr::V4(a)) => self.is_local_addr(ns, a),
            _ => ip.is_loopback(),
        }
    }

    fn server_file(&self, netns: Option<&str>, path: &str) -> Option<String> {
        self.read_file(netns, path).ok()
    }
}

impl World {
    /// A copy for a packet walk: everything the datapath reads or changes,
    /// without the file tree and the DNS servers' zones (a walk only needs
    /// where servers listen), so a query through the seam stays cheap.
    fn walk_copy(&self) -> World {
        use super::dns::server::{DnsServer, ServerKind};
        let placeholder = self.dns.servers.iter().find_map(|s| match &s.kind {
            ServerKind::Public { zone } => Some(zone.clone()),
            _ => None,
        });
        let dns = match placeholder {
            Some(zone) => DnsState {
                servers: self
                    .dns
                    .servers
                    .iter()
                    .map(|s| DnsServer {
                        pid: s.pid,
                        program: s.program.clone(),
                        host: s.host.clone(),
                        listen: s.listen.clone(),
                        kind: ServerKind::Public { zone: zone.clone() },
                    })
                    .collect(),
                next_pid: self.dns.next_pid,
            },
            None => self.dns.clone(),
        };
        World {
            fs: Fs::default(),
            now_us: self.now_us,
            netfilter: self.netfilter.clone(),
            dns,
            limits: self.limits,
            routes_bound: self.routes_bound,
            transport: self.transport.clone(),
            // DNS walks never go through SSH tunnels.
            ssh: Default::default(),
            br_netfilter: self.br_netfilter,
            nf_trace_misses: self.nf_trace_misses,
            dns_walks: Default::default(),
            namespaces: self.namespaces.clone(),
            ns_names: self.ns_names.clone(),
            links: self.links.clone(),
            names: self.names.clone(),
        }
    }

    /// Walks again, on the world itself, the DNS exchanges a resolver did
    /// through [`DnsNet`] (which only sees a copy), so `conntrack -L` and
    /// `iptables -L -v` show them. The virtual clock is left as it was:
    /// the tool already accounted for the time.
    pub fn replay_dns_walks(&mut self) {
        let walks = std::mem::take(&mut *self.dns_walks.borrow_mut());
        let now = self.now_us;
        for (ns, dst, port) in walks {
            if self.ns_alive(ns) {
                let _ = self.dns_walk(ns, dst, port);
            }
        }
        self.now_us = now;
    }

    /// One DNS exchange over UDP from `ns` to `dst:port` through the
    /// datapath: where the query arrived (after DNAT), or why it failed.
    pub fn dns_walk(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        port: u16,
    ) -> Result<(Ipv4Addr, u16), Unreachable> {
        use super::transport::{ConnectError, ConnectOpts};
        let opts = ConnectOpts {
            udp: true,
            ..Default::default()
        };
        let c = match self.connect(ns, dst, port, &opts) {
            Ok(c) => c,
            Err(ConnectError::NoRoute) | Err(ConnectError::BadSource) => {
                return Err(Unreachable::no_route(format!("no route to {dst}")))
            }
            Err(ConnectError::Refused { from, .. }) => {
                return Err(Unreachable::refused(format!(
                    "ICMP port unreachable from {from}: nothing listens on {dst} port {port}"
                )))
            }
            Err(ConnectError::Unreachable { from, kind, .. }) => {
                return Err(Unreachable::dropped(format!(
                    "ICMP {} from {from}",
                    kind.ping_text()
                )))
            }
            Err(ConnectError::TimedOut { trace }) => {
                let why = trace
                    .drop_reason()
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "the query got no answer".into());
                return Err(Unreachable::dropped(why));
            }
        };
        if c.server_pid == u32::MAX {
            // Answered by the Internet (a public resolver).
            return Ok((*c.server_local.ip(), c.server_local.port()));
        }
        // The answer goes back from where the query arrived.
        let back = super::datapath::Ipv4Packet {
            src: *c.server_local.ip(),
            dst: *c.server_peer.ip(),
            ttl: 64,
            l4: super::datapath::L4::Udp {
                sport: c.server_local.port(),
                dport: c.server_peer.port(),
            },
            ct: None,
        };
        let me = (ns, c.local);
        self.transport.udp_clients.push(me);
        let d = self.send(c.server_ns, back, None);
        self.transport.udp_clients.retain(|x| *x != me);
        let got = d.inbox.iter().any(|(n, p)| {
            *n == ns
                && matches!(p.l4, super::datapath::L4::Udp { dport, .. } if dport == c.local.port())
        });
        if got {
            Ok((*c.server_local.ip(), c.server_local.port()))
        } else {
            let why = d
                .trace
                .drop_reason()
                .map(|r| format!("the answer was lost: {r}"))
                .unwrap_or_else(|| "the answer was lost".into());
            Err(Unreachable::dropped(why))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(w.oper_state(v), OperState::LowerLayerDown);
        w.link_set_up(p, true);
        assert_eq!(w.oper_state(v), OperState::Up);
        let br = w.link_add(NsId::ROOT, "br0", NewLink::Bridge).unwrap();
        w.link_set_up(br, true);
        assert_eq!(
            w.oper_state(br),
            OperState::Down,
            "a bridge without ports has no carrier"
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
            w.addr_add(
                dev,
                IfAddr {
                    local,
                    prefix: p,
                    brd: None,
                },
            )
            .unwrap();
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
                proto: RouteProto::Boot,
                scope: RouteScope::Global,
                src: None,
                metric: next() % 3,
                linkdown: false,
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
        w.addr_add(
            v,
            IfAddr {
                local: Ipv4Addr::new(192, 168, 1, 10),
                prefix: 24,
                brd: None,
            },
        )
        .unwrap();
        assert!(w.routes(ns1).is_empty(), "no route while the link is down");
        w.link_set_up(v, true);
        let r = w.routes(ns1);
        assert_eq!(r.len(), 1);
        assert!(r[0].linkdown && r[0].proto == RouteProto::Kernel);
        assert_eq!(
            w.addr_add(
                v,
                IfAddr {
                    local: Ipv4Addr::new(192, 168, 1, 10),
                    prefix: 24,
                    brd: None
                }
            ),
            Err(AddrError::Exists)
        );
        let gw = Route {
            dst: "10.0.0.0/8".parse().unwrap(),
            via: Some(Ipv4Addr::new(192, 168, 1, 1)),
            dev: LinkId(u32::MAX),
            proto: RouteProto::Boot,
            scope: RouteScope::Global,
            src: None,
            metric: 0,
            linkdown: false,
        };
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
