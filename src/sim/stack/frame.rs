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

impl Frame {
    /// An IPv4 packet from `src` to `dst`.
    pub(crate) fn ip(src: Mac, dst: Mac, pkt: Ipv4Packet) -> Frame {
        Frame {
            src,
            dst,
            body: Body::Ip(pkt),
        }
    }

    /// A broadcast "who has `tpa`?" from `sha`/`spa`.
    pub(crate) fn arp_request(sha: Mac, spa: Ipv4Addr, tpa: Ipv4Addr) -> Frame {
        Frame {
            src: sha,
            dst: Mac::BROADCAST,
            body: Body::Arp {
                reply: false,
                sha,
                spa,
                tpa,
            },
        }
    }

    /// "`spa` is at `sha`", sent back to the asker `to`.
    pub(crate) fn arp_reply(sha: Mac, spa: Ipv4Addr, to: (Mac, Ipv4Addr)) -> Frame {
        Frame {
            src: sha,
            dst: to.0,
            body: Body::Arp {
                reply: true,
                sha,
                spa,
                tpa: to.1,
            },
        }
    }
}

/// Bytes a frame adds to link statistics: 42 for ARP, 98 (a default
/// ping) for any IP packet.
pub(crate) fn frame_len(f: &Frame) -> u64 {
    match f.body {
        Body::Arp { .. } => 42,
        Body::Ip(_) => 98,
    }
}
