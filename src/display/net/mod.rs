//! iproute2's views of the simulated world: `ip link`, `ip addr`
//! ([`link`]), `ip route` ([`route`]), `ip neigh`, `bridge fdb`,
//! `bridge link` ([`neigh`]).
//!
//! `text/plain` is byte-for-byte what iproute2 6.1 prints for the same
//! state (checked against the real tool in throw-away namespaces, including
//! the trailing spaces); `text/html` is a table of the same facts.

pub mod link;
pub mod link_details;
pub mod neigh;
pub mod route;
pub mod rule;
pub mod show;

pub use link::{ip_addr, ip_link};
pub use neigh::{bridge_fdb, bridge_link, ip_neigh, ip_neigh_proxy};
pub use route::{ip6_route, ip_route, ip_route_get, ip_route_table, route_line, Route6Omit};
pub use show::*;
