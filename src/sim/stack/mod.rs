//! The L2/L3 kernel: namespaces, links, addresses, routes, neighbours,
//! bridges, sysctls, files and the packet walk through them.

pub mod addrs;
pub mod bridge;
pub mod bridged_dnat;
pub mod clock;
pub mod devconf;
pub mod dns_seam;
pub mod egress;
pub mod fib;
pub mod files;
pub mod frame;
pub mod fs;
pub mod hook;
pub mod ingress;
pub mod l2;
pub mod link;
pub mod links;
pub mod neigh;
pub mod netns;
pub mod pneigh;
pub mod probe;
pub mod route;
pub mod route_table;
pub mod routes;
pub mod rp_filter;
pub mod rt_protos;
pub mod storm;
pub mod stray_reply;
pub mod sysctl;
pub mod sysctl_range;
pub mod transport;
pub mod uplink;
pub mod upstream;
pub mod walk;
pub mod walk_in;
pub mod world;
