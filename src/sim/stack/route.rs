//! Routes and the FIB of one namespace (the `main` table).
//!
//! Follows ip-route(8): connected routes (`proto kernel scope link src A`)
//! appear for every address on an up link; static routes take `via` and/or
//! `dev` and a `metric`; lookup is longest prefix first, then lowest
//! metric. `ip route show` lists by destination, longer prefix first for
//! the same address, then by metric, as the kernel's FIB dump does.

use super::link::LinkId;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use thiserror::Error;

/// Who installed a route (`proto ...`): an rt_protos number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteProto(pub u8);

impl RouteProto {
    /// `proto kernel`: derived from an address.
    pub const KERNEL: RouteProto = RouteProto(2);
    /// `proto boot`: `ip route add` without `proto` (not printed).
    pub const BOOT: RouteProto = RouteProto(3);
    /// `proto static`.
    pub const STATIC: RouteProto = RouteProto(4);
    /// `proto dhcp`.
    pub const DHCP: RouteProto = RouteProto(16);

    /// Parses the `proto` argument: a name of rt_protos or a number.
    pub fn parse(s: &str) -> Option<RouteProto> {
        super::rt_protos::parse(s).map(RouteProto)
    }

    /// Its rt_protos name, or its number.
    pub fn name(self) -> String {
        super::rt_protos::name(self.0)
    }

    /// What `ip route` prints after `proto` (nothing for `boot`, unless
    /// asked for details).
    pub fn shown(self) -> Option<String> {
        (self != RouteProto::BOOT).then(|| self.name())
    }
}

/// Route scope (`scope link` for on-link, `global` for gatewayed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteScope {
    /// Through a gateway (not printed).
    Global,
    /// Directly reachable on the link.
    Link,
    /// On this host.
    Host,
}

/// A route's type (rtnetlink's RTN_*): where a packet goes, or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RouteKind {
    /// Out of a device, perhaps through a gateway.
    #[default]
    Unicast,
    /// Silently discarded (`connect: Invalid argument` for the host's own).
    Blackhole,
    /// ICMP host unreachable (`No route to host`).
    Unreachable,
    /// ICMP administratively prohibited (`Permission denied`).
    Prohibit,
    /// Lookup ends in this table (`Network is unreachable` without rules).
    Throw,
}

impl RouteKind {
    /// The word `ip route` prints before the prefix (none for unicast).
    pub fn word(self) -> Option<&'static str> {
        match self {
            RouteKind::Unicast => None,
            RouteKind::Blackhole => Some("blackhole"),
            RouteKind::Unreachable => Some("unreachable"),
            RouteKind::Prohibit => Some("prohibit"),
            RouteKind::Throw => Some("throw"),
        }
    }

    /// A type by the name `ip route` takes.
    pub fn parse(s: &str) -> Option<RouteKind> {
        [
            RouteKind::Unicast,
            RouteKind::Blackhole,
            RouteKind::Unreachable,
            RouteKind::Prohibit,
            RouteKind::Throw,
        ]
        .into_iter()
        .find(|k| k.word().unwrap_or("unicast") == s)
    }

    /// Why a lookup that ends on this route fails, if it does.
    pub fn refusal(self) -> Option<RouteError> {
        match self {
            RouteKind::Unicast => None,
            RouteKind::Blackhole => Some(RouteError::Blackhole),
            RouteKind::Unreachable => Some(RouteError::HostUnreachable),
            RouteKind::Prohibit => Some(RouteError::Prohibited),
            RouteKind::Throw => Some(RouteError::Unreachable),
        }
    }
}

/// One route of the main table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Destination prefix (`0.0.0.0/0` is `default`).
    pub dst: Ipv4Net,
    /// Next hop, for `via` routes.
    pub via: Option<Ipv4Addr>,
    /// Output interface.
    pub dev: LinkId,
    /// Who installed it.
    pub proto: RouteProto,
    /// Its scope.
    pub scope: RouteScope,
    /// Preferred source address (`src`).
    pub src: Option<Ipv4Addr>,
    /// `metric` (0 when not given).
    pub metric: u32,
    /// Set on connected routes whose link has no carrier (`linkdown`).
    pub linkdown: bool,
    /// Its type; a non-unicast route's `dev` is the namespace's `lo`,
    /// which nothing prints.
    pub kind: RouteKind,
}

impl Route {
    /// A unicast `proto boot` route as `ip route add DST [via GW] dev DEV`
    /// makes it: scope link without a gateway, global with one.
    pub fn boot(dst: Ipv4Net, via: Option<Ipv4Addr>, dev: LinkId) -> Route {
        Route {
            dst,
            via,
            dev,
            proto: RouteProto::BOOT,
            scope: if via.is_some() {
                RouteScope::Global
            } else {
                RouteScope::Link
            },
            src: None,
            metric: 0,
            linkdown: false,
            kind: RouteKind::Unicast,
        }
    }

    /// The order `ip route show` prints in.
    pub fn dump_order(a: &Route, b: &Route) -> std::cmp::Ordering {
        a.dst
            .network()
            .cmp(&b.dst.network())
            .then(b.dst.prefix_len().cmp(&a.dst.prefix_len()))
            .then(a.metric.cmp(&b.metric))
    }

    /// True when the two routes are the same FIB entry (same prefix and metric).
    pub fn same_key(&self, other: &Route) -> bool {
        self.dst == other.dst && self.metric == other.metric
    }
}

/// The best route for `dst`: longest prefix, then lowest metric.
///
/// ```
/// use netbook::sim::route::{lookup, Route, RouteKind, RouteProto, RouteScope};
/// use netbook::sim::link::LinkId;
/// let r = |dst: &str, metric| Route { dst: dst.parse().unwrap(), via: None, dev: LinkId(0),
///     proto: RouteProto::BOOT, scope: RouteScope::Link, src: None, metric, linkdown: false,
///     kind: RouteKind::Unicast };
/// let table = vec![r("0.0.0.0/0", 0), r("10.0.0.0/8", 5), r("10.0.0.0/8", 1), r("10.1.0.0/16", 9)];
/// assert_eq!(lookup(&table, "10.1.2.3".parse().unwrap()).unwrap().metric, 9);
/// assert_eq!(lookup(&table, "10.2.0.1".parse().unwrap()).unwrap().metric, 1);
/// assert_eq!(lookup(&table, "8.8.8.8".parse().unwrap()).unwrap().dst.prefix_len(), 0);
/// ```
pub fn lookup(routes: &[Route], dst: Ipv4Addr) -> Option<&Route> {
    routes
        .iter()
        .filter(|r| r.dst.contains(&dst))
        .min_by(|a, b| {
            b.dst
                .prefix_len()
                .cmp(&a.dst.prefix_len())
                .then(a.metric.cmp(&b.metric))
        })
}

/// Why a route operation failed; Display is iproute2's wording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RouteError {
    /// The same prefix and metric exist already.
    #[error("RTNETLINK answers: File exists")]
    Exists,
    /// `ip route del` of a route that is not there.
    #[error("RTNETLINK answers: No such process")]
    NotFound,
    /// `via` an address that is not on any connected subnet.
    #[error("Error: Nexthop has invalid gateway.")]
    InvalidGateway,
    /// `ip route get` / `ping` with no matching route.
    #[error("RTNETLINK answers: Network is unreachable")]
    Unreachable,
    /// The lookup ended on a blackhole route.
    #[error("RTNETLINK answers: Invalid argument")]
    Blackhole,
    /// The lookup ended on an unreachable route.
    #[error("RTNETLINK answers: No route to host")]
    HostUnreachable,
    /// The lookup ended on a prohibit route.
    #[error("RTNETLINK answers: Permission denied")]
    Prohibited,
    /// `via` or `dev` on a route type that has neither.
    #[error("Error: Gateway, device and multipath can not be specified for this route type.")]
    TypeTakesNoNexthop,
    /// Neither `via` nor `dev` given.
    #[error("Error: Device for nexthop is not up.")]
    DeviceDown,
    /// A route needs a device or gateway.
    #[error("RTNETLINK answers: No such device")]
    NoDevice,
    /// The session's cap on static routes (a memory guard; Linux has none).
    #[error("RTNETLINK answers: No buffer space available (netbook allows at most {0} routes per session)")]
    Limit(usize),
}
