//! The packet as netfilter reads and NAT rewrites it: protocol, ports
//! (the echo id for ICMP echo), ICMP type and code, TCP flags, the tuple
//! quoted inside an ICMP error, length, mark and conntrack state. All
//! read from and written to the one [`Ipv4Packet`] in place.

use crate::sim::netfilter::tuple::{PacketCt, Proto, TcpFlags, Tuple};
use crate::sim::packet::{Ipv4Packet, NfCarry, TcpKind, L4};
use crate::sim::stack::link::NsId;
use core::net::Ipv4Addr;

fn l4_ports(l4: &L4) -> (Proto, u16, u16) {
    match l4 {
        L4::EchoRequest { id, .. } | L4::EchoReply { id, .. } => (Proto::Icmp, *id, *id),
        L4::Udp { sport, dport } => (Proto::Udp, *sport, *dport),
        L4::Tcp { sport, dport, .. } => (Proto::Tcp, *sport, *dport),
        L4::Error { .. } => (Proto::Icmp, 0, 0),
    }
}

impl Ipv4Packet {
    /// A packet from `src` to `dst` with no netfilter state yet.
    pub fn new(src: Ipv4Addr, dst: Ipv4Addr, l4: L4) -> Ipv4Packet {
        Ipv4Packet {
            src,
            dst,
            ttl: 64,
            tos: 0,
            len: None,
            l4,
            ct: None,
        }
    }

    /// An ICMP echo request with `id` (sequence 1).
    pub fn ping(src: Ipv4Addr, dst: Ipv4Addr, id: u16) -> Ipv4Packet {
        Ipv4Packet::new(src, dst, L4::EchoRequest { id, seq: 1 })
    }

    /// A TCP SYN.
    pub fn tcp_syn(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16) -> Ipv4Packet {
        Ipv4Packet::new(
            src,
            dst,
            L4::Tcp {
                sport,
                dport,
                kind: TcpKind::Syn,
            },
        )
    }

    /// A UDP datagram.
    pub fn udp(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16) -> Ipv4Packet {
        Ipv4Packet::new(src, dst, L4::Udp { sport, dport })
    }

    /// The transport protocol (read once per rule: kept to one match).
    #[inline]
    pub fn proto(&self) -> Proto {
        match self.l4 {
            L4::Tcp { .. } => Proto::Tcp,
            L4::Udp { .. } => Proto::Udp,
            _ => Proto::Icmp,
        }
    }

    /// TCP/UDP source port; the echo id for ICMP echo.
    #[inline]
    pub fn sport(&self) -> u16 {
        l4_ports(&self.l4).1
    }

    /// TCP/UDP destination port; the echo id for ICMP echo.
    #[inline]
    pub fn dport(&self) -> u16 {
        l4_ports(&self.l4).2
    }

    /// Rewrites the source port (an echo request's id).
    pub fn set_sport(&mut self, port: u16) {
        match &mut self.l4 {
            L4::Udp { sport, .. } | L4::Tcp { sport, .. } => *sport = port,
            L4::EchoRequest { id, .. } => *id = port,
            L4::EchoReply { .. } | L4::Error { .. } => {}
        }
    }

    /// Rewrites the destination port (an echo reply's id).
    pub fn set_dport(&mut self, port: u16) {
        match &mut self.l4 {
            L4::Udp { dport, .. } | L4::Tcp { dport, .. } => *dport = port,
            L4::EchoReply { id, .. } => *id = port,
            L4::EchoRequest { .. } | L4::Error { .. } => {}
        }
    }

    /// ICMP (type, code); (0, 0) for TCP and UDP.
    pub fn icmp_type_code(&self) -> (u8, u8) {
        match &self.l4 {
            L4::EchoRequest { .. } => (8, 0),
            L4::EchoReply { .. } => (0, 0),
            L4::Error { kind, .. } => kind.type_code(),
            L4::Udp { .. } | L4::Tcp { .. } => (0, 0),
        }
    }

    /// The TCP flags (none for other protocols).
    pub fn tcp_flags(&self) -> TcpFlags {
        match &self.l4 {
            L4::Tcp { kind, .. } => kind.flags(),
            _ => TcpFlags::default(),
        }
    }

    /// For an ICMP error: the tuple of the packet that caused it, as the
    /// host sending the error saw it.
    pub fn embedded(&self) -> Option<Tuple> {
        let L4::Error { orig_dst, orig, .. } = &self.l4 else {
            return None;
        };
        let (proto, sport, dport) = l4_ports(orig);
        Some(Tuple {
            src: self.dst,
            dst: *orig_dst,
            proto,
            sport,
            dport,
        })
    }

    /// Rewrites the quoted packet's destination and ports (NAT of an
    /// ICMP error about a translated connection); its source is this
    /// packet's destination, rewritten on its own.
    pub fn set_embedded(&mut self, e: Tuple) {
        if let L4::Error { orig_dst, orig, .. } = &mut self.l4 {
            *orig_dst = e.dst;
            match orig.as_mut() {
                L4::Udp { sport, dport } | L4::Tcp { sport, dport, .. } => {
                    *sport = e.sport;
                    *dport = e.dport;
                }
                L4::EchoRequest { id, .. } => *id = e.sport,
                L4::EchoReply { id, .. } => *id = e.dport,
                L4::Error { .. } => {}
            }
        }
    }

    /// The packet's tuple as conntrack sees it.
    pub fn tuple(&self) -> Tuple {
        let (proto, sport, dport) = l4_ports(&self.l4);
        Tuple {
            src: self.src,
            dst: self.dst,
            proto,
            sport,
            dport,
        }
    }

    /// Total length in bytes, as `-v` counters add it up.
    pub fn wire_len(&self) -> u32 {
        if let Some(n) = self.len {
            return n;
        }
        match &self.l4 {
            L4::EchoRequest { .. } | L4::EchoReply { .. } => 84,
            L4::Udp { .. } => 29,
            L4::Tcp { kind, .. } if *kind == TcpKind::Syn => 60,
            L4::Tcp { .. } => 52,
            L4::Error { .. } => 112,
        }
    }

    /// True for ICMP error messages (unreachable, time exceeded...).
    pub fn is_icmp_error(&self) -> bool {
        matches!(self.l4, L4::Error { .. })
    }

    /// True for an ICMP reply type (echo reply).
    pub fn is_icmp_reply(&self) -> bool {
        matches!(self.l4, L4::EchoReply { .. })
    }

    /// The packet mark (`-j MARK`, `-m mark`).
    pub fn mark(&self) -> u32 {
        self.ct.as_ref().map_or(0, |c| c.mark)
    }

    /// The conntrack state rules see (`None`: untracked so far).
    pub fn ct_state(&self) -> Option<crate::sim::netfilter::tuple::CtState> {
        self.ct.as_ref().and_then(|c| c.ct.state)
    }

    /// The netfilter state of the namespace `ns` now walking the packet:
    /// what an earlier hook of `ns` left, or a fresh one (a packet that
    /// crossed into another namespace starts again).
    pub fn carry(&mut self, ns: NsId) -> &mut NfCarry {
        if self.ct.as_ref().is_none_or(|c| c.ns != ns) {
            self.ct = Some(Box::new(NfCarry {
                ns,
                ct: PacketCt::default(),
                mark: 0,
            }));
        }
        self.ct.as_mut().expect("set above")
    }

    /// The netfilter state whichever namespace set it (a fresh one in the
    /// root namespace if none did): what netfilter itself works on.
    pub fn nf(&mut self) -> &mut NfCarry {
        let ns = self.ct.as_ref().map_or(NsId::ROOT, |c| c.ns);
        self.carry(ns)
    }
}
