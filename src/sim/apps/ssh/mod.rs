//! SSH sessions over the simulated transport: sshd daemons, client
//! connections, and the forwards they carry (the runtime half of
//! [`super::tunnel`], which parses and decides).
//!
//! Follows OpenSSH 9.2's behaviour as seen from outside: sshd(8) listens
//! on TCP 22 (or `Port`/`-p`) and forks a per-connection `sshd: user@notty`
//! process; the client's TCP connection crosses the datapath like any
//! other, so routes, NAT and iptables apply. Forwards follow RFC 4254
//! section 7: a `-L`/`-D` listener in the client's namespace opens a
//! `direct-tcpip` channel and sshd connects **from the server's
//! namespace**; a `-R` listener (`tcpip-forward`) sits in the server's
//! namespace, owned by the per-connection sshd, and the client connects
//! from its own namespace. Channel numbers are assigned as ssh does: one
//! per listening socket first (two for a loopback or wildcard bind, IPv4
//! and IPv6), then the session channel, then forwarded connections.
//!
//! Authentication (keys, StrictModes) is in [`auth`].
//!
//! Listeners plug into [`crate::sim::stack::transport`] as services ([`crate::sim::stack::transport::Service`]), so `ss`, `curl`
//! and `kill` see and end them like any socket.

pub mod auth;
pub mod daemon;
pub mod listeners;
pub mod lookup;
pub mod relay;
pub mod session;
pub mod state;

pub use state::*;
