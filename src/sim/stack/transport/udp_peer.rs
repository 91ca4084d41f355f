//! A UDP socket connected to its first peer, as OpenBSD nc's `-u -l`
//! (without `-k`) does: it peeks at the first datagram, `connect()`s to
//! its sender, and from then on the kernel hands it only that sender's
//! datagrams to the address they were sent to (udp(7); any other sender
//! gets ICMP port unreachable). `ss` shows it `ESTAB`. With `-k` nc never
//! connects and takes every sender.

use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{Service, SockProto, UdpPeer};
use crate::sim::stack::world::World;
use core::net::{Ipv4Addr, SocketAddrV4};

impl World {
    /// A datagram from `peer` reached `local` on process `pid`'s socket:
    /// a one-shot `nc -u -l` connects to it (once).
    pub(crate) fn udp_first_peer(
        &mut self,
        ns: NsId,
        pid: u32,
        local: SocketAddrV4,
        peer: SocketAddrV4,
    ) {
        let one_shot = self.transport.listeners.iter().any(|l| {
            l.pid == pid
                && l.ns == ns
                && l.proto == SockProto::Udp
                && l.port == local.port()
                && l.service == Service::Netcat { keep: false }
        });
        if one_shot && self.udp_peer(ns, pid, local.port()).is_none() {
            self.transport.udp_peers.push(UdpPeer {
                ns,
                pid,
                local,
                peer,
            });
        }
    }

    /// The peer process `pid`'s UDP socket on `port` is connected to.
    pub fn udp_peer(&self, ns: NsId, pid: u32, port: u16) -> Option<&UdpPeer> {
        self.transport
            .udp_peers
            .iter()
            .find(|u| u.ns == ns && u.pid == pid && u.local.port() == port)
    }

    /// A socket on `ip:port` is connected to someone other than `from`
    /// (or took another of the namespace's addresses): it does not take
    /// the datagram.
    pub(crate) fn udp_peer_refuses(
        &self,
        ns: NsId,
        ip: Ipv4Addr,
        port: u16,
        from: SocketAddrV4,
    ) -> bool {
        self.transport.udp_peers.iter().any(|u| {
            u.ns == ns && u.local.port() == port && (u.peer != from || *u.local.ip() != ip)
        })
    }
}
