//! Data on an established connection (segments both ways through the
//! stack), the listener's service answering, and the teardown.

use crate::sim::apps::http::http_answer;
use crate::sim::apps::ssh::relay;
use crate::sim::packet::{Ipv4Packet, TcpKind, L4};
use crate::sim::stack::transport::table::{Conn, Established, Listener, Service, SockProto};
use crate::sim::stack::world::World;
use core::net::SocketAddrV4;

impl World {
    /// Sends `request` on an established connection and returns the
    /// server's answer (its [`Service`] computes it).
    pub fn exchange(&mut self, conn: &Conn, request: &[u8]) -> Vec<u8> {
        let service = self.server_listener(conn).map(|l| l.service.clone());
        if conn.server_pid == u32::MAX {
            // A web server beyond the uplink (see `upstream`), never a local listener.
            return match conn.remote.port() {
                80 => crate::sim::stack::upstream::http_answer(*conn.remote.ip(), request),
                _ => Vec::new(),
            };
        }
        let Some(service) = service else {
            return Vec::new();
        };
        // The request and the answer cross the network as data segments
        // (rule counters, conntrack, a DROP added mid-connection).
        if conn.proto == SockProto::Tcp && !self.data_segment(conn, true) {
            return Vec::new();
        }
        let answer = service.handle(self, conn, request);
        if conn.proto == SockProto::Tcp && !answer.is_empty() && !self.data_segment(conn, false) {
            return Vec::new();
        }
        answer
    }

    /// The listener that accepted `conn`.
    fn server_listener(&self, conn: &Conn) -> Option<&Listener> {
        self.listener_for(
            conn.server_ns,
            conn.proto,
            *conn.server_local.ip(),
            conn.server_local.port(),
        )
    }

    /// Walks one data segment of `conn` (client to server when `up`);
    /// true when it reached the other end.
    pub(crate) fn data_segment(&mut self, conn: &Conn, up: bool) -> bool {
        let (ns, src, dst, to_ns, to) = if up {
            (
                conn.client_ns,
                conn.local,
                conn.remote,
                conn.server_ns,
                conn.server_local,
            )
        } else {
            (
                conn.server_ns,
                conn.server_local,
                conn.server_peer,
                conn.client_ns,
                conn.local,
            )
        };
        let d = self.send(ns, segment(src, dst, TcpKind::Data), None);
        conn.server_pid == u32::MAX || d.inbox.iter().any(|(n, p)| {
            *n == to_ns
                && p.dst == *to.ip()
                && matches!(p.l4, L4::Tcp { dport, kind: TcpKind::Data, .. } if dport == to.port())
        })
    }

    /// Closes a connection: FIN both ways and the last ACK walk the
    /// datapath (conntrack sees the teardown), both sockets go.
    pub fn close(&mut self, conn: &Conn) {
        if conn.proto == SockProto::Tcp {
            self.send(
                conn.client_ns,
                segment(conn.local, conn.remote, TcpKind::Fin),
                None,
            );
            self.send(
                conn.server_ns,
                segment(conn.server_local, conn.server_peer, TcpKind::Fin),
                None,
            );
            self.send(
                conn.client_ns,
                segment(conn.local, conn.remote, TcpKind::Ack),
                None,
            );
        }
        // Who closes first keeps TIME-WAIT: an HTTP/1.0 server closes after
        // its answer; otherwise the client does.
        let server_first = self
            .server_listener(conn)
            .is_some_and(|l| matches!(l.service, Service::HttpServer { .. }));
        let now = self.now_us;
        self.transport.open.retain(|e| {
            e.until_us.is_none_or(|u| u > now)
                && !((e.ns == conn.client_ns && e.local == conn.local)
                    || (e.ns == conn.server_ns
                        && e.local == conn.server_local
                        && e.peer == conn.server_peer))
        });
        if conn.proto == SockProto::Tcp && conn.server_pid != u32::MAX {
            let (ns, local, peer) = if server_first {
                (conn.server_ns, conn.server_local, conn.server_peer)
            } else {
                (conn.client_ns, conn.local, conn.remote)
            };
            self.transport.open.push(Established {
                ns,
                proto: conn.proto,
                local,
                peer,
                pid: None,
                until_us: Some(now + 60_000_000),
            });
        }
    }
}

/// A TCP segment from `src` to `dst`.
fn segment(src: SocketAddrV4, dst: SocketAddrV4, kind: TcpKind) -> Ipv4Packet {
    Ipv4Packet::new(
        *src.ip(),
        *dst.ip(),
        L4::Tcp {
            sport: src.port(),
            dport: dst.port(),
            kind,
        },
    )
}

impl Service {
    /// The answer to one request on `conn`.
    pub fn handle(&self, world: &mut World, conn: &Conn, request: &[u8]) -> Vec<u8> {
        match self {
            Service::HttpServer { dir } => http_answer(world, conn, dir, request),
            Service::Netcat { .. } => {
                let text = String::from_utf8_lossy(request);
                world.proc_print(conn.server_pid, 1, &text);
                Vec::new()
            }
            Service::Sshd => crate::sim::apps::ssh::SSHD_BANNER.as_bytes().to_vec(),
            Service::SshForward { session, index } => {
                relay::relay(world, *session, *index, conn, request)
            }
        }
    }
}
