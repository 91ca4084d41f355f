//! Interfaces: `ip link add/del/set` (veth pairs, bridges, dummies), names,
//! ifindexes, MTU, MAC, bridge ports, moves between namespaces, and the
//! carrier and operstate the kernel derives (see ip-link(8)).

pub use super::link::LinkId;
use super::link::{
    IfAddr, Link, LinkError, LinkKind, LinkShown, LinkStats, Mac, NsId, OperState, IFNAMSIZ_MAX,
};
use super::link::{IfName, SCOPE_HOST};
use super::route::RouteKind;
use super::world::World;
use core::net::Ipv4Addr;
use std::sync::Arc;

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

impl World {
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

    pub(crate) fn alloc_ifindex(&mut self, ns: NsId) -> u32 {
        let mut idx = self.ns(ns).last_ifindex;
        loop {
            idx = idx.wrapping_add(1).max(1);
            if self.link_by_index(ns, idx).is_none() {
                self.ns_mut(ns).last_ifindex = idx;
                return idx;
            }
        }
    }

    pub(crate) fn insert_into_ns(&mut self, ns: NsId, id: LinkId) {
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

    pub(crate) fn remove_from_ns(&mut self, ns: NsId, id: LinkId) {
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

    pub(crate) fn new_link(
        &mut self,
        ns: NsId,
        name: &str,
        kind: LinkKind,
        mac: Mac,
        mtu: u32,
    ) -> LinkId {
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
            lower_down: false,
            learning: true,
            hairpin: false,
            master: None,
            addrs: Vec::new(),
            stats: LinkStats::default(),
            conf: None,
            conf_own: false,
            v6_flushed: false,
            shown: LinkShown::default(),
        })));
        self.insert_into_ns(ns, id);
        self.conf_from_default(id);
        id
    }

    pub(crate) fn check_new_name(&self, ns: NsId, name: &str) -> Result<(), LinkError> {
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

    pub(crate) fn mac_for(&self, ns: NsId, name: &str) -> Mac {
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
                // veth_newlink turns both carriers off: the first transition.
                self.link_mut(p).stats.carrier_changes = 1;
                self.link_mut(me).stats.carrier_changes = 1;
                self.link_mut(p).lower_down = pns == ns;
                self.link_mut(me).lower_down = pns == ns;
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
                        had_port: false,
                        mtu_user: false,
                        conf: Default::default(),
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
    pub(crate) fn destroy_link(&mut self, id: LinkId) {
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
    pub(crate) fn forget_link_in_ns(&mut self, ns: NsId, id: LinkId) {
        let n = self.ns_mut(ns);
        n.routes
            .retain(|r| r.dev != id || r.kind != RouteKind::Unicast);
        n.neigh.retain(|e| e.dev != id);
        n.pneigh.retain(|e| e.dev != Some(id));
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
        !l.v6_flushed
            && l.admin_up
            && self.carrier(id)
            && self.ns(l.netns).sysctl("net.ipv6.conf.all.disable_ipv6") == Some("0")
    }

    /// The scope of the link's IPv6 address (`::1` host, `fe80::` link).
    pub fn ipv6_scope(&self, id: LinkId) -> Option<u8> {
        let host = self.link(id).kind == LinkKind::Loopback;
        self.has_ipv6(id)
            .then_some(if host { SCOPE_HOST } else { 253 })
    }

    /// `ip addr flush` of the link's IPv6 address.
    pub fn ipv6_flush(&mut self, id: LinkId) {
        self.link_mut(id).v6_flushed = true;
    }

    /// The multicast a link sends when it gets its IPv6 address (DAD, MLD,
    /// router solicitation) teaches the bridge on the other end of its veth
    /// its MAC, within a second of coming up, as on Linux.
    pub(crate) fn ipv6_chatter(&mut self, id: LinkId) {
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

    pub(crate) fn link_set_up_quiet(&mut self, id: LinkId, up: bool) {
        if self.link(id).admin_up == up {
            return;
        }
        if let LinkKind::Veth { peer } = self.link(id).kind {
            if self.link(peer).admin_up {
                // The pair's carrier flips on both ends.
                self.link_mut(id).stats.carrier_changes += 1;
                self.link_mut(peer).stats.carrier_changes += 1;
            }
        }
        if let (false, &LinkKind::Veth { peer }) = (up, &self.link(id).kind) {
            if self.carrier(id) {
                // Both ends lose their carrier: each looks the other up
                // in its own namespace (found, and no longer up, or not).
                let same = self.link(peer).netns == self.link(id).netns;
                self.link_mut(peer).lower_down = same;
                self.link_mut(id).lower_down = same;
            }
        }
        let l = self.link_mut(id);
        l.admin_up = up;
        if up {
            l.ever_up = true;
            l.v6_flushed = false;
            let ns = l.netns;
            self.ns_mut(ns).unrouted.retain(|(d, _)| *d != id);
            let l = self.link_mut(id);
            // The kernel gives every loopback 127.0.0.1/8 when it first comes up.
            if l.kind == LinkKind::Loopback && l.addrs.is_empty() {
                l.addrs.push(IfAddr::new(Ipv4Addr::LOCALHOST, 8));
                self.conf_own(id);
            }
        } else {
            // The kernel flushes the routes of a device that goes down,
            // and its neighbours, proxy entries too (neigh_ifdown).
            let ns = l.netns;
            let n = self.ns_mut(ns);
            n.routes
                .retain(|r| r.dev != id || r.kind != RouteKind::Unicast);
            n.neigh.retain(|e| e.dev != id);
            n.pneigh.retain(|e| e.dev != Some(id));
        }
    }

    /// `ip link set NAME alias|group|txqueuelen|promisc ...`: what only shows.
    pub fn link_shown_mut(&mut self, id: LinkId) -> &mut LinkShown {
        &mut self.link_mut(id).shown
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
        let old = std::mem::replace(&mut self.link_mut(id).mtu, mtu);
        if let LinkKind::Bridge { mtu_user, .. } = &mut self.link_mut(id).kind {
            *mtu_user = true;
        }
        if let Some(br) = self.link(id).master {
            if mtu < old {
                self.bridge_mtu_lower(br, mtu);
            } else if mtu > old {
                self.bridge_mtu_auto(br);
            }
        }
        Ok(())
    }

    /// br_mtu_auto_adjust when a port joins or shrinks: the smaller MTU
    /// wins without a scan of the ports (a 10,000-port bridge is built
    /// one join at a time).
    fn bridge_mtu_lower(&mut self, br: LinkId, mtu: u32) {
        let first = matches!(self.link(br).kind, LinkKind::Bridge { ports: 1, .. });
        match self.link(br).kind {
            LinkKind::Bridge { mtu_user: true, .. } => {}
            _ if first || mtu < self.link(br).mtu => self.link_mut(br).mtu = mtu,
            _ => {}
        }
    }

    /// br_mtu_auto_adjust: a bridge whose MTU nobody set takes its
    /// ports' smallest (1500 without ports).
    pub(crate) fn bridge_mtu_auto(&mut self, br: LinkId) {
        if matches!(self.link(br).kind, LinkKind::Bridge { mtu_user: true, .. }) {
            return;
        }
        let min = self.bridge_ports(br).map(|p| self.link(p).mtu).min();
        self.link_mut(br).mtu = min.unwrap_or(1500);
    }

    /// `ip link set NAME address MAC`.
    pub fn link_set_mac(&mut self, id: LinkId, mac: Mac) -> Result<(), LinkError> {
        // dev_set_mac_address: the same address changes nothing.
        if self.link(id).mac == mac {
            return Ok(());
        }
        if !mac.is_valid_unicast() {
            return Err(LinkError::BadAddress);
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
            LinkKind::Bridge {
                ports, had_port, ..
            } => {
                *ports += 1;
                *had_port = true;
                *ports == 1
            }
            _ => false,
        };
        if !b.mac_fixed && (first || pm < b.mac) {
            b.mac = pm;
        }
        let pmtu = self.link(port).mtu;
        self.bridge_mtu_lower(br, pmtu);
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

    pub(crate) fn release_port(&mut self, br: LinkId, port: LinkId) {
        // A port that leaves starts afresh next time: learning on, hairpin off.
        let l = self.link_mut(port);
        l.master = None;
        l.learning = true;
        l.hairpin = false;
        if let LinkKind::Bridge { fdb, ports, .. } = &mut self.link_mut(br).kind {
            fdb.retain(|e| e.port != port);
            *ports = ports.saturating_sub(1);
        }
        self.recalc_bridge_mac(br);
        self.bridge_mtu_auto(br);
    }

    pub(crate) fn recalc_bridge_mac(&mut self, br: LinkId) {
        if self.link(br).mac_fixed {
            return;
        }
        // The last port gone, the bridge id and with it the MAC are zero.
        let min = self.bridge_ports(br).map(|p| self.link(p).mac).min();
        self.link_mut(br).mac = min.unwrap_or(Mac::ZERO);
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
            if let LinkKind::Bridge { fdb, ports, .. } = &mut self.link_mut(id).kind {
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
        if let LinkKind::Veth { peer } = self.link(id).kind {
            if self.link(id).admin_up && self.link(peer).admin_up {
                // Moving closes the device: the pair loses its carrier.
                self.link_mut(id).stats.carrier_changes += 1;
                self.link_mut(peer).stats.carrier_changes += 1;
            }
            // The peer no longer finds this end beside it: plain DOWN.
            self.link_mut(peer).lower_down = false;
        }
        {
            let l = self.link_mut(id);
            l.netns = to;
            l.ifindex = ifindex;
            l.admin_up = false;
            // A fresh qdisc in the new namespace: `noop` until up.
            l.ever_up = false;
            l.addrs.clear();
        }
        self.insert_into_ns(to, id);
        self.link_mut(id).conf_own = false;
        self.conf_from_default(id);
        // The move's RTM_DELLINK names the new namespace to the old one,
        // which gives it an nsid (dev_change_net_namespace).
        if from != to {
            self.ns_mut(from).nsid_for(to);
        }
        if let LinkKind::Veth { peer } = self.link(id).kind {
            let pns = self.link(peer).netns;
            // The new namespace learns where the peer lives; the peer's
            // namespace is not told (no nsid there unless it was `from`).
            if pns != to {
                self.ns_mut(to).nsid_for(pns);
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
            LinkKind::Bridge { had_port, .. } => {
                !had_port || self.bridge_ports(id).any(|p| self.carrier(p))
            }
        }
    }

    /// Whether a bridge port forwards frames (`bridge link` state `forwarding`).
    pub fn port_forwarding(&self, port: LinkId) -> bool {
        match self.link(port).master {
            Some(br) => self.link(br).admin_up && self.carrier(port),
            None => false,
        }
    }

    /// `bridge link set dev X learning|hairpin on|off` (and `ip link set X
    /// type bridge_slave ...`): only a bridge port takes them.
    pub fn port_set(
        &mut self,
        id: LinkId,
        learning: Option<bool>,
        hairpin: Option<bool>,
    ) -> Result<(), LinkError> {
        if self.link(id).master.is_none() {
            return Err(LinkError::NotSupported);
        }
        let l = self.link_mut(id);
        if let Some(v) = learning {
            l.learning = v;
        }
        if let Some(v) = hairpin {
            l.hairpin = v;
        }
        Ok(())
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
            // Linux looks the peer up by index in the device's own
            // namespace: found (and down) there only when both ends share it.
            LinkKind::Veth { .. } if !self.carrier(id) => {
                if l.lower_down {
                    OperState::LowerLayerDown
                } else {
                    OperState::Down
                }
            }
            LinkKind::Bridge { .. } if !self.carrier(id) => OperState::Down,
            LinkKind::Bridge {
                had_port: false, ..
            } => OperState::Unknown,
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
        let sh = &l.shown;
        let (base, multicast, noarp) = match l.kind {
            LinkKind::Loopback => ("LOOPBACK", false, false),
            LinkKind::Dummy => ("BROADCAST", false, true),
            _ => ("BROADCAST", true, false),
        };
        f.push(base);
        // print_link_flags' order.
        let more = [
            (sh.multicast.unwrap_or(multicast), "MULTICAST"),
            (noarp, "NOARP"),
            (sh.allmulti, "ALLMULTI"),
            (sh.promisc, "PROMISC"),
            (sh.dynamic, "DYNAMIC"),
        ];
        f.extend(more.iter().filter(|m| m.0).map(|m| m.1));
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
}
