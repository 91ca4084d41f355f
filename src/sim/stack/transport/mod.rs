//! Processes, sockets and connections: what `ss`, `netstat`, `ps`, `jobs`,
//! `curl`, `nc` and `python3 -m http.server` need.
//!
//! Follows socket(7), tcp(7) and udp(7): a process in a namespace binds a
//! TCP or UDP socket to an address (or the wildcard) and a port — a second
//! bind that overlaps fails with `EADDRINUSE`; `connect()` sends a SYN
//! through the datapath (so routes, bridges, ARP, iptables and conntrack
//! apply both ways, RFC 793's handshake): a SYN-ACK means connected, a RST
//! (nothing listens, or `REJECT --reject-with tcp-reset`) means refused,
//! an ICMP error means unreachable, silence (DROP) means a timeout.
//!
//! # How an application protocol plugs in
//! A server is a process ([`crate::sim::World::spawn`], which also makes it the shell's
//! `&` job) plus a listening socket ([`crate::sim::World::serve`]: the bind is checked
//! against every socket of the namespace, sshd's port 22 and DNS servers
//! included, and `ss`/`netstat` list it). A [`Listener`] carries a
//! [`Service`]. After [`crate::sim::World::connect`] succeeded,
//! the client calls [`crate::sim::World::exchange`] with its request bytes; the world
//! finds the listener the SYN reached (after any DNAT) and asks its service
//! for the answer with `Service::handle(world, conn, request)`. A new kind
//! of server is a variant of [`Service`], answered in
//! [`exchange`]: it gets `&mut World` and the [`Conn`] (which
//! namespace and addresses the server sees), so a port forward or an SSH
//! daemon can open a further connection from its own namespace with
//! [`crate::sim::World::connect`] and relay the bytes. [`crate::sim::World::kill`] ends a process
//! and closes its sockets; [`crate::sim::World::close`] tears a connection down.
//!
//! ```
//! use netbook::sim::World;
//! use netbook::sim::stack::transport::{ConnectOpts, Service, SockProto};
//! let mut w = World::new();
//! let root = w.ns_id(None).unwrap();
//! let pid = w.spawn(root, "python3 -m http.server 8000");
//! w.serve(pid, SockProto::Tcp, None, 8000, Service::HttpServer { dir: "/root".into() }).unwrap();
//! let c = w.connect(root, "127.0.0.1".parse().unwrap(), 8000, &ConnectOpts::default()).unwrap();
//! let page = w.exchange(&c, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
//! assert!(String::from_utf8_lossy(&page).starts_with("HTTP/1.0 200 OK"));
//! w.close(&c);
//! ```

pub mod bind;
pub mod connect;
pub mod exchange;
pub mod listen;
pub mod process;
pub mod socket;
pub mod table;
pub mod udp_peer;

pub use table::*;
