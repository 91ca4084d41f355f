//! What travels on a wire: an Ethernet frame holding ARP (RFC 826) or IPv4.

use super::link::Mac;
use crate::sim::packet::Ipv4Packet;
use core::net::Ipv4Addr;

#[derive(Debug, Clone)]
pub(crate) enum Body {
    Arp {
        reply: bool,
        sha: Mac,
        spa: Ipv4Addr,
        tpa: Ipv4Addr,
    },
    Ip(Ipv4Packet),
}

#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub(crate) src: Mac,
    pub(crate) dst: Mac,
    pub(crate) body: Body,
}

/// (protocol, source port, destination port) as conntrack keys a packet;
/// ICMP echo uses its id for both ports.
pub(crate) fn frame_len(f: &Frame) -> u64 {
    match f.body {
        Body::Arp { .. } => 42,
        Body::Ip(_) => 98,
    }
}
