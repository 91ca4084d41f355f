//! The routing table of a namespace: `ip route add/del/get`, connected and
//! static routes, longest-prefix match then metric (see ip-route(8)).

pub use super::link::LinkId;
use super::link::{IfAddr, LinkKind, NsId};
use super::policy::MAIN;
use super::route::{Route, RouteError, RouteKind, RouteProto};
use super::route_table::Hop;
use super::route_table::RouteTable;
use super::world::World;
use crate::sim::stack::addrs::{connected_route, gives_connected_route};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

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
    /// The `iif` the question gave: an input route, as for a packet
    /// arriving there.
    pub iif: Option<String>,
    /// The route that matched: its prefix and metric (`None` for a local
    /// address). `ip route get` does not print it; the rich view explains it.
    pub matched: Option<(Ipv4Net, u32)>,
    /// The table the route came from, when the rules chose one other
    /// than `main` (`ip route get` prints `table N`).
    pub table: Option<u32>,
}

/// What `ip route del` names: the prefix, and the fields it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteDel {
    /// The prefix.
    pub dst: Ipv4Net,
    /// `via G`.
    pub via: Option<Ipv4Addr>,
    /// `dev D`.
    pub dev: Option<LinkId>,
    /// `metric M`.
    pub metric: Option<u32>,
    /// `TYPE`.
    pub kind: Option<RouteKind>,
}

impl RouteGet {
    /// A routed answer (not one of the namespace's own addresses), from
    /// the main table.
    pub(crate) fn routed(
        dst: Ipv4Addr,
        via: Option<Ipv4Addr>,
        dev: LinkId,
        src: Option<Ipv4Addr>,
        matched: Option<(Ipv4Net, u32)>,
    ) -> RouteGet {
        RouteGet {
            dst,
            local: false,
            via,
            dev,
            src,
            from: None,
            iif: None,
            matched,
            table: None,
        }
    }
}

impl World {
    /// The main table as `ip route show` lists it: static routes plus the
    /// connected ones derived from addresses on up links.
    pub fn routes(&self, ns: NsId) -> Vec<Route> {
        let mut out = self.connected_routes(ns);
        for r in self.ns(ns).routes.iter() {
            let mut r = r.clone();
            r.linkdown = r.kind == RouteKind::Unicast && !self.carrier(r.dev);
            out.push(r);
        }
        out.sort_by(Route::dump_order);
        out
    }

    /// Table `id` (not `main`) as `ip route show table ID` lists it.
    pub fn table_routes(&self, ns: NsId, id: u32) -> Vec<Route> {
        let Some(t) = self.table(ns, id) else {
            return Vec::new();
        };
        let mut out: Vec<Route> = (t.iter())
            .map(|r| Route {
                linkdown: r.kind == RouteKind::Unicast && !self.carrier(r.dev),
                ..r.clone()
            })
            .collect();
        out.sort_by(Route::dump_order);
        out
    }

    /// The connected route (its link and address) the kernel would pick
    /// for `dst`, found without building the list: this runs per packet.
    pub(crate) fn best_connected(
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
            kind: RouteKind::Unicast,
        });
        let rank = |h: &Hop| (h.len, std::cmp::Reverse(h.metric));
        match (connected, self.ns(ns).routes.lookup_hop(dst)) {
            (Some(c), Some(s)) if rank(&s) > rank(&c) => Some(s),
            (Some(c), _) => Some(c),
            (None, s) => s,
        }
    }

    /// The gateway a route really uses: one of the namespace's own
    /// addresses is no gateway (its next hop has host scope, so the
    /// kernel sends straight to the destination).
    pub(crate) fn gateway(&self, ns: NsId, via: Option<Ipv4Addr>) -> Option<Ipv4Addr> {
        via.filter(|g| !self.is_local_addr(ns, *g))
    }

    /// iptables rules held in every namespace.
    pub fn rule_count(&self) -> usize {
        self.netfilter.values().map(|nf| nf.rule_count()).sum()
    }

    /// True while the session holds fewer static routes than its cap.
    /// Counting every table is O(namespaces), so it is done only when a
    /// running upper bound (adds since the last count) reaches the cap.
    pub(crate) fn room_for_route(&mut self) -> bool {
        if self.routes_bound.0 + 1 < self.limits.routes {
            self.routes_bound.0 += 1;
            return true;
        }
        // Every table counts: `table N` is no way around the cap.
        let total: usize = (self.namespaces.iter().flatten())
            .map(|n| n.routes.len() + n.policy.tables.iter().map(|(_, t)| t.len()).sum::<usize>())
            .sum();
        self.routes_bound.0 = total + 1;
        total < self.limits.routes
    }

    /// `ip route add|replace`. The gateway must be on a connected subnet
    /// of the device (or of some device when `dev` is not given).
    pub fn route_add(&mut self, ns: NsId, r: Route, replace: bool) -> Result<(), RouteError> {
        self.route_add_to(ns, MAIN, r, replace)
    }

    /// `ip route add|replace ... table T`: a table other than main is
    /// made by the attempt (fib_new_table comes before the checks).
    pub fn route_add_to(
        &mut self,
        ns: NsId,
        table: u32,
        mut r: Route,
        replace: bool,
    ) -> Result<(), RouteError> {
        if table != MAIN {
            self.ns_mut(ns).policy.table_mut(table);
        }
        let any_dev = r.dev == LinkId(u32::MAX);
        if let Some(gw) = r.via {
            // fib_check_nh: the gateway must be reachable by a link-scope
            // route (no gateway of its own) out of the given device, in
            // the route's own table first.
            let own = (table != MAIN)
                .then(|| self.ns(ns).policy.table(table))
                .flatten()
                .and_then(|t| {
                    t.lookup_where(gw, |x| {
                        x.via.is_none()
                            && x.kind == RouteKind::Unicast
                            && (any_dev || x.dev == r.dev)
                    })
                })
                .map(|x| x.dev);
            let onlink = own
                .or_else(|| {
                    self.best_connected(ns, gw, (!any_dev).then_some(r.dev))
                        .map(|(id, _)| id)
                })
                .or_else(|| {
                    self.ns(ns)
                        .routes
                        .lookup_where(gw, |x| x.via.is_none() && (any_dev || x.dev == r.dev))
                        .map(|x| x.dev)
                })
                // A local-table hit (one's own address, 127.0.0.0/8 on lo)
                // is accepted too: `via 127.0.0.1` goes out of lo.
                .or_else(|| {
                    self.links_of(ns)
                        .filter(|(id, _)| any_dev || *id == r.dev)
                        .find(|(_, l)| {
                            l.addrs.iter().any(|a| {
                                a.local == gw
                                    || (l.kind == LinkKind::Loopback
                                        && Ipv4Net::new(a.local, a.prefix)
                                            .is_ok_and(|n| n.contains(&gw)))
                            })
                        })
                        .map(|(id, _)| id)
                });
            match onlink {
                Some(dev) => r.dev = dev,
                None => return Err(RouteError::InvalidGateway),
            }
        } else if any_dev {
            return Err(RouteError::NoDevice);
        }
        // A route without a device (blackhole, ...) needs no link up.
        if r.kind == RouteKind::Unicast && !self.link(r.dev).admin_up {
            return Err(RouteError::DeviceDown);
        }

        let connected_clash = r.proto != RouteProto::KERNEL
            && r.metric == 0
            && self.connected_addrs(ns).any(|(_, a)| a.net() == r.dst);
        let connected_clash = connected_clash && table == MAIN;
        if !replace && connected_clash {
            return Err(RouteError::Exists);
        }
        let exists = |w: &World| {
            w.table(ns, table)
                .is_some_and(|t| t.get(r.dst, r.metric).is_some())
        };
        if !self.room_for_route() && !exists(self) {
            return Err(RouteError::Limit(self.limits.routes));
        }
        let table = self.table_mut(ns, table);
        if replace {
            table.insert(r);
        } else if table.insert_new(r).is_err() {
            // One index search per add: a million-line batch pays for each.
            return Err(RouteError::Exists);
        }
        Ok(())
    }

    /// Table `id` of `ns` (`main` included), if it exists.
    pub fn table(&self, ns: NsId, id: u32) -> Option<&RouteTable> {
        match id {
            MAIN => Some(&self.ns(ns).routes),
            t => self.ns(ns).policy.table(t),
        }
    }

    /// Table `id` of `ns`, made if needed.
    pub(crate) fn table_mut(&mut self, ns: NsId, id: u32) -> &mut RouteTable {
        let n = self.ns_mut(ns);
        match id {
            MAIN => &mut n.routes,
            t => n.policy.table_mut(t),
        }
    }

    /// `ip route del PREFIX [via G] [dev D] [metric M] [table T]`: the
    /// first match in table order (lowest metric first).
    pub fn route_del(&mut self, ns: NsId, table: u32, del: &RouteDel) -> Result<(), RouteError> {
        let RouteDel {
            dst,
            via,
            dev,
            metric,
            kind,
        } = *del;
        let found = self
            .table(ns, table)
            .ok_or(RouteError::NotFound)?
            .with_prefix(dst)
            .find(|r| {
                via.is_none_or(|v| r.via == Some(v))
                    && dev.is_none_or(|d| r.dev == d)
                    && metric.is_none_or(|m| r.metric == m)
                    && kind.is_none_or(|k| r.kind == k)
            })
            .map(|r| r.metric);
        if let Some(m) = found {
            self.table_mut(ns, table).remove(dst, m);
            return Ok(());
        }
        if table != MAIN {
            return Err(RouteError::NotFound);
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
                iif: None,
                matched: None,
                table: None,
            });
        }
        let r = self.route_hop(ns, dst).ok_or(RouteError::Unreachable)?;
        if let Some(e) = r.kind.refusal() {
            return Err(e);
        }
        let src = r
            .src
            .or_else(|| self.link(r.dev).addrs.first().map(|a| a.local))
            .or_else(|| {
                self.links_of(ns)
                    .filter(|(_, l)| l.admin_up && l.kind != LinkKind::Loopback)
                    .find_map(|(_, l)| l.addrs.first().map(|a| a.local))
            });
        let matched = Ipv4Net::new(dst, r.len).ok().map(|n| (n.trunc(), r.metric));
        Ok(RouteGet::routed(
            dst,
            self.gateway(ns, r.via),
            r.dev,
            src,
            matched,
        ))
    }
}
