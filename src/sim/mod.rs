//! The simulated Linux network, sans-IO.
//!
//! Plain data and pure functions over it: no clock is read, no socket is
//! opened, nothing is printed. Commands in `shell/` turn command lines into
//! calls on [`world::World`]; `display/` renders the results.
//!
//! Where things are (one concept per file; `docs/architecture.md` draws it):
//! - [`stack`]: the L2/L3 kernel. [`stack::world`] holds the [`World`]
//!   (namespaces and links in slabs addressed by [`NsId`]/[`LinkId`], the
//!   file tree, the virtual clock: [`World::advance`]); the operations a
//!   command performs live one concept per file: [`stack::links`],
//!   [`stack::addrs`], [`stack::routes`] (+ [`stack::route_table`],
//!   [`stack::fib`]), [`stack::neigh`], [`stack::sysctl`], [`stack::files`].
//!   A packet's walk: [`stack::probe`] (send, the event queue, the budget),
//!   [`stack::egress`], [`stack::bridge`], [`stack::ingress`],
//!   [`stack::hook`] (where netfilter is called), [`stack::uplink`]; the
//!   socket layer [`stack::transport`]: processes, listeners, connections
//!   (TCP/UDP).
//! - [`packet`]: the packet every layer uses; [`trace`]: what happened.
//! - [`netfilter`]: tables, chains, matches, targets, conntrack, NAT, the
//!   iptables grammar and iptables-save/restore.
//! - [`apps`]: user space: sshd/ssh and their forwards (free functions
//!   over the World), SOCKS, `http.server`.
//! - [`dns`]: resolver files, records and zones, servers, the stub resolver.
//! - [`addr`]: address classes, scopes and subnet math.
//!
//! ```
//! use netbook::sim::{stack::probe::{ProbeOpts, ProbeOutcome}, packet::L4, stack::links::NewLink, World};
//! use netbook::sim::stack::link::IfAddr;
//! let mut w = World::new();
//! let ns1 = w.netns_add("ns1").unwrap();
//! let root = w.ns_id(None).unwrap();
//! let v = w.link_add(root, "veth1", NewLink::Veth { peer: "veth1-br".into(), peer_ns: None }).unwrap();
//! w.link_set_netns(v, ns1).unwrap();
//! let p = w.link_by_name(root, "veth1-br").unwrap();
//! w.addr_add(v, IfAddr::new("10.0.0.2".parse().unwrap(), 24)).unwrap();
//! w.addr_add(p, IfAddr::new("10.0.0.1".parse().unwrap(), 24)).unwrap();
//! w.link_set_up(v, true);
//! w.link_set_up(p, true);
//! let probe = w.probe(ns1, "10.0.0.1".parse().unwrap(), &ProbeOpts::default(), L4::EchoRequest { id: 1, seq: 1 }).unwrap();
//! assert_eq!(probe.outcome, ProbeOutcome::Reply { from: "10.0.0.1".parse().unwrap(), ttl: 64 });
//! assert!(probe.trace.to_string().contains("ARP who-has 10.0.0.1 tell 10.0.0.2"));
//! ```

pub mod addr;
pub mod apps;
pub mod dns;
pub mod netfilter;
pub mod packet;
pub mod packet_fields;
pub mod protocols;
pub mod stack;
pub mod trace;

// The paths the other layers used before the stack got its own folder.
pub use apps::{socks, ssh, tunnel};
pub use stack::transport::socket;
pub use stack::{clock, fib, fs, l2, link, netns, route, upstream, walk, world};

pub use stack::link::{LinkId, Mac, NsId};
pub use stack::world::World;
pub use trace::{Step, Trace};
