//! Listening sockets of a namespace (what `netstat -l` / `ss -l` list).
//!
//! Follows netstat(8)'s view of `/proc/net/tcp{,6}`: protocol, local
//! address and port, state, owning process. Sockets belong to a network
//! namespace; a fresh host has `sshd` listening on port 22 (IPv4 and IPv6),
//! as a Debian server does. Only listeners are modelled: no TCP traffic.

use core::net::IpAddr;
use std::fmt;
use thiserror::Error;

/// Transport protocol as netstat names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SockProto {
    /// TCP over IPv4.
    Tcp,
    /// TCP over IPv6.
    Tcp6,
    /// UDP over IPv4.
    Udp,
    /// UDP over IPv6.
    Udp6,
}

impl SockProto {
    /// True for the TCP variants.
    pub fn is_tcp(&self) -> bool {
        matches!(self, SockProto::Tcp | SockProto::Tcp6)
    }
}

impl fmt::Display for SockProto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SockProto::Tcp => "tcp",
            SockProto::Tcp6 => "tcp6",
            SockProto::Udp => "udp",
            SockProto::Udp6 => "udp6",
        })
    }
}

/// A bound socket waiting for connections (TCP) or datagrams (UDP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Socket {
    /// Protocol.
    pub proto: SockProto,
    /// Bound address (`0.0.0.0` / `::` for any).
    pub addr: IpAddr,
    /// Bound port.
    pub port: u16,
    /// Owning process id.
    pub pid: u32,
    /// Owning program name.
    pub program: String,
    /// `listen()` backlog (ss shows it as Send-Q of a listener).
    pub backlog: u32,
    /// IPv6 only (`IPV6_V6ONLY`): ss shows `[::]` instead of `*`.
    pub v6only: bool,
}

/// Why a socket operation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SocketError {
    /// Another socket holds the address and port.
    #[error("Address already in use")]
    AddrInUse,
}

/// Well-known service names netstat shows without `-n` (from /etc/services).
pub fn service_name(port: u16, tcp: bool) -> Option<&'static str> {
    Some(match (port, tcp) {
        (22, _) => "ssh",
        (53, _) => "domain",
        (67, false) => "bootps",
        (68, false) => "bootpc",
        (80, true) => "http",
        (443, true) => "https",
        (8080, true) => "http-alt",
        _ => return None,
    })
}
