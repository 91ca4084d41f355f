//! The simulated Linux network, sans-IO.
//!
//! Plain data and pure functions over it: no clock is read, no socket is
//! opened, nothing is printed. Commands in `shell/` turn command lines into
//! calls on [`world::World`]; `display/` renders the results.
//!
//! Where things are:
//! - [`world`]: the [`World`] (namespaces and links in slabs addressed by
//!   [`NsId`]/[`LinkId`], the file tree, the virtual clock) and every
//!   operation a command performs (`netns_add`, `link_add`, `link_set_*`,
//!   `addr_add`, `route_add`, `route_get`, `sysctl_get/set`,
//!   `read_file/write_file` with the `/etc/netns/NAME` and `/proc/sys`
//!   views). Failing operations change nothing.
//! - [`link`]: interfaces, MACs, link kinds; [`netns`]: one namespace and
//!   the sysctl table; [`route`]: routes and longest-prefix lookup;
//!   [`fib`]: a multibit-trie index giving `route::lookup`'s answer fast;
//!   [`l2`]: ARP neighbour states and bridge learning/flooding.
//! - [`datapath`]: [`World::probe`] walks a packet hop by hop and returns a
//!   [`Trace`] ([`trace`]). Netfilter plugs in at
//!   [`World::netfilter_hook`], called at PREROUTING, INPUT, FORWARD,
//!   OUTPUT, POSTROUTING and for bridged IPv4 (`HookCtx::bridged`).
//! - [`tunnel`]: SSH forward specifications (`-L`/`-R`/`-D`), ssh/sshd
//!   argv and sshd_config, the GatewayPorts bind rules, OpenSSH's
//!   messages; [`ssh`]: sshd daemons, SSH sessions over [`transport`]
//!   and the forwards' listeners that relay through the server's (or, for
//!   `-R`, the client's) namespace; [`socks`]: the SOCKS4/5 wire format of
//!   `ssh -D` and `curl --socks5`.
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
//! w.addr_add(v, IfAddr { local: "10.0.0.2".parse().unwrap(), prefix: 24, brd: None }).unwrap();
//! w.addr_add(p, IfAddr { local: "10.0.0.1".parse().unwrap(), prefix: 24, brd: None }).unwrap();
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
pub mod stack;
pub mod trace;
pub mod transport;

// The paths the other layers used before the stack got its own folder.
pub use apps::{socks, ssh, tunnel};
pub use stack::{clock, fib, fs, l2, link, netns, route, upstream, walk, world};
pub use transport::socket;

pub use stack::link::{LinkId, Mac, NsId};
pub use stack::world::World;
pub use trace::{Step, Trace};
