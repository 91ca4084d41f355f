//! The network beyond the host's `eth0`: a gateway to "the Internet".
//!
//! Modelled on a VM's user-mode NAT (QEMU slirp): the gateway 10.0.2.2
//! answers ARP, forwards to public addresses (which answer pings, and
//! answer UDP probes with port unreachable), and, like any ISP edge, drops
//! packets whose source is not the host's own address (RFC 1918 sources
//! that nobody masqueraded), so a namespace reaches the Internet only after
//! `ip_forward=1` and SNAT/MASQUERADE, as the study note teaches.

use super::link::Mac;
use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use core::net::Ipv4Addr;

/// The default gateway behind `eth0`.
pub const GATEWAY: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 2);
/// The gateway's MAC (QEMU's).
pub const GATEWAY_MAC: Mac = Mac([0x52, 0x55, 0x0a, 0x00, 0x02, 0x02]);
/// Added to the RTT of a probe that went to the Internet and back.
pub const INTERNET_RTT_US: u64 = 11_400;
/// TTL of answers from the Internet as they arrive (many hops away).
pub const INTERNET_TTL: u8 = 117;

/// What the upstream does with a packet the host sent to the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// An answer comes back to `eth0`.
    Answer(Ipv4Packet),
    /// It vanishes; why (for the trace).
    Dropped(String),
}

/// True for addresses the Internet does not route (RFC 1918, RFC 6598,
/// loopback, link-local, multicast, reserved).
pub fn is_unroutable(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || (o[0] == 100 && (64..128).contains(&o[1]))
        || o[0] >= 240
}

/// The upstream's answer to `pkt`, sent by a host whose `eth0` address is `host`.
///
/// ```
/// use netbook::sim::upstream::{answer, Upstream};
/// use netbook::sim::packet::Ipv4Packet;
/// let host = "10.0.2.15".parse().unwrap();
/// let ping = |src: &str| Ipv4Packet::ping(src.parse().unwrap(), "8.8.8.8".parse().unwrap(), 1);
/// assert!(matches!(answer(&ping("10.0.2.15"), host), Upstream::Answer(_)));
/// assert!(matches!(answer(&ping("10.201.0.2"), host), Upstream::Dropped(_)));
/// ```
pub fn answer(pkt: &Ipv4Packet, host: Ipv4Addr) -> Upstream {
    let reply_to = |src: Ipv4Addr, ttl: u8, l4: L4| Ipv4Packet {
        ttl,
        ..Ipv4Packet::new(src, pkt.src, l4)
    };
    if pkt.src != host {
        return Upstream::Dropped(format!(
            "the upstream network drops packets from {} (not the host's address: nobody masqueraded it)",
            pkt.src
        ));
    }
    let error = |from: Ipv4Addr, kind: IcmpError, ttl: u8| {
        reply_to(
            from,
            ttl,
            L4::Error {
                kind,
                orig_dst: pkt.dst,
                orig: Box::new(pkt.l4.clone()),
            },
        )
    };
    if pkt.dst == GATEWAY {
        return match &pkt.l4 {
            L4::EchoRequest { id, seq } => {
                Upstream::Answer(reply_to(GATEWAY, 255, L4::EchoReply { id: *id, seq: *seq }))
            }
            L4::Udp { .. } => Upstream::Answer(error(GATEWAY, IcmpError::PortUnreachable, 255)),
            _ => Upstream::Dropped("the gateway ignores it".into()),
        };
    }
    if pkt.ttl <= 1 {
        return Upstream::Answer(error(GATEWAY, IcmpError::TtlExceeded, 255));
    }
    if is_unroutable(pkt.dst) {
        return Upstream::Dropped(format!("{} is not routed on the Internet", pkt.dst));
    }
    match &pkt.l4 {
        L4::EchoRequest { id, seq } => Upstream::Answer(reply_to(
            pkt.dst,
            INTERNET_TTL,
            L4::EchoReply { id: *id, seq: *seq },
        )),
        // Public resolvers answer DNS; the rest of the Internet has no UDP service.
        L4::Udp { sport, dport: 53 } => Upstream::Answer(reply_to(
            pkt.dst,
            INTERNET_TTL,
            L4::Udp {
                sport: 53,
                dport: *sport,
            },
        )),
        L4::Udp { .. } => {
            Upstream::Answer(error(pkt.dst, IcmpError::PortUnreachable, INTERNET_TTL))
        }
        // Web servers on the Internet accept connections on 80 and 443.
        L4::Tcp {
            sport,
            dport,
            kind: TcpKind::Syn,
        } => Upstream::Answer(reply_to(
            pkt.dst,
            INTERNET_TTL,
            L4::Tcp {
                sport: *dport,
                dport: *sport,
                kind: if matches!(dport, 80 | 443) {
                    TcpKind::SynAck
                } else {
                    TcpKind::Rst
                },
            },
        )),
        _ => Upstream::Dropped("not answered".into()),
    }
}

/// What a web server on the simulated Internet answers on port 80: a small
/// page that says where it is (the lab has no real Internet content).
pub fn http_answer(addr: Ipv4Addr, request: &[u8]) -> Vec<u8> {
    let req = String::from_utf8_lossy(request);
    let head = req.starts_with("HEAD ");
    let host = req
        .lines()
        .find_map(|l| l.strip_prefix("Host: "))
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|| addr.to_string());
    let body = format!(
        "<!doctype html>\n<html>\n<head><title>{host}</title></head>\n<body><p>A web server on the simulated Internet ({addr}).</p></body>\n</html>\n"
    );
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    if !head {
        out += &body;
    }
    out.into_bytes()
}
