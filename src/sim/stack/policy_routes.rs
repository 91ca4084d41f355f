//! Route lookups through the routing policy ([`super::policy`]): what the
//! packet paths and `ip route get` ask when rules or tables besides
//! `main` are in play. With the kernel's three rules alone this is the
//! main table's lookup, unchanged.

use super::link::{LinkId, NsId};
use super::policy::{Flow, MAIN};
use super::route::{Route, RouteError, RouteKind, RouteScope};
use super::routes::RouteGet;
use super::world::World;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

impl World {
    /// The route for `dst` with what the packet is known by; a rule's
    /// `blackhole`/`prohibit` comes back as a route of that type, no
    /// route (or `unreachable`) as `None`. Also gives the table.
    pub(crate) fn route_flow(&self, ns: NsId, dst: Ipv4Addr, flow: &Flow) -> Option<(Route, u32)> {
        if self.ns(ns).policy.is_plain() {
            return self.route_lookup(ns, dst, flow.oif).map(|r| (r, MAIN));
        }
        self.policy_route(ns, dst, flow)
    }

    /// [`route_flow`](Self::route_flow) once the caller knows rules are
    /// in play (checking that again per packet is work done twice).
    fn policy_route(&self, ns: NsId, dst: Ipv4Addr, flow: &Flow) -> Option<(Route, u32)> {
        let policy = &self.ns(ns).policy;
        let main = |dev: Option<LinkId>| self.route_lookup(ns, dst, dev);
        let name = |id: LinkId| self.link(id).name.to_string();
        match policy.walk(dst, flow, &main, &name) {
            Ok((r, t)) => {
                let linkdown = r.kind == RouteKind::Unicast && !self.carrier(r.dev);
                Some((Route { linkdown, ..r }, t))
            }
            Err(Some(kind)) => {
                let lo = self.link_by_name(ns, "lo").ok()?;
                let any = Route::boot(Ipv4Net::default(), None, lo);
                let scope = RouteScope::Global;
                Some((Route { kind, scope, ..any }, MAIN))
            }
            Err(None) => None,
        }
    }

    /// The route for a packet this namespace sends (`lo` is its input).
    pub(crate) fn route_out(
        &self,
        ns: NsId,
        dst: Ipv4Addr,
        src: Ipv4Addr,
        mark: u32,
        bind: Option<LinkId>,
    ) -> Option<Route> {
        if self.ns(ns).policy.is_plain() {
            return self.route_lookup(ns, dst, bind);
        }
        let flow = Flow {
            src: (!src.is_unspecified()).then_some(src),
            iif: self.link_by_name(ns, "lo").ok(),
            oif: bind,
            mark,
        };
        self.policy_route(ns, dst, &flow).map(|(r, _)| r)
    }

    /// `ip route get DST [from S] [iif D] [oif D] [mark M]` through the
    /// rules: the table is given when it is not `main`.
    pub fn route_get_flow(
        &self,
        ns: NsId,
        dst: Ipv4Addr,
        flow: &Flow,
    ) -> Result<RouteGet, RouteError> {
        if self.ns(ns).policy.is_plain() || self.local_addr_link(ns, dst).is_some() {
            return self.route_get(ns, dst);
        }
        let mut flow = *flow;
        if flow.iif.is_none() {
            flow.iif = self.link_by_name(ns, "lo").ok();
        }
        let (r, table) = self
            .policy_route(ns, dst, &flow)
            .ok_or(RouteError::Unreachable)?;
        if let Some(e) = r.kind.refusal() {
            return Err(e);
        }
        let src = r
            .src
            .or(flow.src)
            .or_else(|| self.link(r.dev).addrs.first().map(|a| a.local));
        let via = self.gateway(ns, r.via);
        Ok(RouteGet {
            table: (table != MAIN).then_some(table),
            ..RouteGet::routed(dst, via, r.dev, src, Some((r.dst, r.metric)))
        })
    }
}
