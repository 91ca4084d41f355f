//! The packet as netfilter sees it at a hook.

use super::tuple::{PacketCt, Proto, TcpFlags, Tuple};
use core::net::Ipv4Addr;

/// What the datapath knows about a packet at a hook. NAT rewrites its
/// addresses and ports in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Protocol.
    pub proto: Proto,
    /// TCP/UDP source port; the echo id for ICMP echo.
    pub sport: u16,
    /// TCP/UDP destination port; the echo id for ICMP echo.
    pub dport: u16,
    /// ICMP type (ICMP only).
    pub icmp_type: u8,
    /// ICMP code (ICMP only).
    pub icmp_code: u8,
    /// TCP flags (TCP only).
    pub tcp_flags: TcpFlags,
    /// For ICMP errors: the tuple of the packet that caused it, as the
    /// host sending the error saw it (conntrack inverts it to find the
    /// connection, and restores it on the way back).
    pub embedded: Option<Tuple>,
    /// Interface it came in on (PREROUTING, INPUT, FORWARD).
    pub in_iface: Option<String>,
    /// Interface it goes out of (FORWARD, OUTPUT, POSTROUTING).
    pub out_iface: Option<String>,
    /// Total length in bytes (counted by `-v`).
    pub len: u32,
    /// The packet mark (`-j MARK`, `-m mark`).
    pub mark: u32,
    /// Connection tracking state carried between hooks.
    pub ct: PacketCt,
}

impl Packet {
    /// A packet with no interfaces, no flags, length 84 (a default ping).
    pub fn new(src: Ipv4Addr, dst: Ipv4Addr, proto: Proto, sport: u16, dport: u16) -> Packet {
        Packet {
            src,
            dst,
            proto,
            sport,
            dport,
            icmp_type: 8,
            icmp_code: 0,
            tcp_flags: TcpFlags::default(),
            embedded: None,
            in_iface: None,
            out_iface: None,
            len: 84,
            mark: 0,
            ct: PacketCt::default(),
        }
    }

    /// An ICMP echo request with `id`.
    pub fn ping(src: Ipv4Addr, dst: Ipv4Addr, id: u16) -> Packet {
        Packet::new(src, dst, Proto::Icmp, id, id)
    }

    /// A TCP SYN.
    pub fn tcp_syn(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16) -> Packet {
        let mut p = Packet::new(src, dst, Proto::Tcp, sport, dport);
        p.tcp_flags.syn = true;
        p.len = 60;
        p
    }

    /// Forgets the conntrack state: call when the packet enters another
    /// namespace (each has its own conntrack table). Loopback traffic
    /// keeps it, as the kernel keeps `skb->_nfct` across `lo`.
    pub fn enter_netns(&mut self) {
        self.ct = PacketCt::default();
    }

    /// The packet's tuple as conntrack sees it.
    pub fn tuple(&self) -> Tuple {
        Tuple {
            src: self.src,
            dst: self.dst,
            proto: self.proto,
            sport: self.sport,
            dport: self.dport,
        }
    }

    /// True for ICMP error messages (unreachable, time exceeded...).
    pub fn is_icmp_error(&self) -> bool {
        self.proto == Proto::Icmp && matches!(self.icmp_type, 3 | 4 | 5 | 11 | 12)
    }

    /// True for an ICMP reply type (echo reply, timestamp reply...).
    pub(super) fn is_icmp_reply(&self) -> bool {
        self.proto == Proto::Icmp && matches!(self.icmp_type, 0 | 14 | 16 | 18)
    }
}
