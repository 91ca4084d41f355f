//! The packet every layer uses: IPv4 header fields that matter here, the
//! transport header (ICMP echo/error, UDP, TCP with its flags) and the
//! conntrack state it carries between hooks (the kernel's `skb->_nfct`).

use crate::sim::netfilter::targets::RejectWith;
use crate::sim::netfilter::tuple::{PacketCt, TcpFlags};
use crate::sim::stack::link::NsId;
use core::net::Ipv4Addr;

/// ICMP error kinds the simulator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcmpError {
    /// Type 3 code 0: `Destination Net Unreachable`.
    NetUnreachable,
    /// Type 3 code 1: `Destination Host Unreachable` (ARP failed).
    HostUnreachable,
    /// Type 3 code 3: `Destination Port Unreachable`.
    PortUnreachable,
    /// Type 11 code 0: `Time to live exceeded`.
    TtlExceeded,
    /// Type 3 code 2: `Destination Protocol Unreachable`.
    ProtoUnreachable,
    /// Type 3 code 9: `Destination Net Prohibited`.
    NetProhibited,
    /// Type 3 code 10: `Destination Host Prohibited`.
    HostProhibited,
    /// Type 3 code 13: `Packet filtered` (communication administratively prohibited).
    AdminProhibited,
}

impl IcmpError {
    /// The phrase ping prints.
    pub fn ping_text(&self) -> &'static str {
        match self {
            IcmpError::NetUnreachable => "Destination Net Unreachable",
            IcmpError::HostUnreachable => "Destination Host Unreachable",
            IcmpError::PortUnreachable => "Destination Port Unreachable",
            IcmpError::TtlExceeded => "Time to live exceeded",
            IcmpError::ProtoUnreachable => "Destination Protocol Unreachable",
            IcmpError::NetProhibited => "Destination Net Prohibited",
            IcmpError::HostProhibited => "Destination Host Prohibited",
            IcmpError::AdminProhibited => "Packet filtered",
        }
    }

    /// ICMP (type, code) on the wire.
    pub fn type_code(&self) -> (u8, u8) {
        match self {
            IcmpError::NetUnreachable => (3, 0),
            IcmpError::HostUnreachable => (3, 1),
            IcmpError::ProtoUnreachable => (3, 2),
            IcmpError::PortUnreachable => (3, 3),
            IcmpError::NetProhibited => (3, 9),
            IcmpError::HostProhibited => (3, 10),
            IcmpError::AdminProhibited => (3, 13),
            IcmpError::TtlExceeded => (11, 0),
        }
    }

    /// The error a REJECT rule sends (`None` for `tcp-reset`).
    pub fn from_reject(with: RejectWith) -> Option<IcmpError> {
        Some(match with {
            RejectWith::NetUnreachable => IcmpError::NetUnreachable,
            RejectWith::HostUnreachable => IcmpError::HostUnreachable,
            RejectWith::ProtoUnreachable => IcmpError::ProtoUnreachable,
            RejectWith::PortUnreachable => IcmpError::PortUnreachable,
            RejectWith::NetProhibited => IcmpError::NetProhibited,
            RejectWith::HostProhibited => IcmpError::HostProhibited,
            RejectWith::AdminProhibited => IcmpError::AdminProhibited,
            RejectWith::TcpReset => return None,
        })
    }
}

/// The TCP segments the simulator models (RFC 793's handshake and teardown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpKind {
    /// Connection request.
    Syn,
    /// Connection accepted.
    SynAck,
    /// Acknowledgement (completes the handshake).
    Ack,
    /// Reset: nobody listens, or REJECT `--reject-with tcp-reset`.
    Rst,
    /// Data with ACK (application bytes are exchanged above the datapath).
    Data,
    /// Close.
    Fin,
}

impl TcpKind {
    /// The flags conntrack sees.
    pub fn flags(self) -> TcpFlags {
        let mut f = TcpFlags::default();
        match self {
            TcpKind::Syn => f.syn = true,
            TcpKind::SynAck => {
                f.syn = true;
                f.ack = true
            }
            TcpKind::Ack | TcpKind::Data => f.ack = true,
            TcpKind::Rst => {
                f.rst = true;
                f.ack = true
            }
            TcpKind::Fin => {
                f.fin = true;
                f.ack = true
            }
        }
        f
    }

    /// tcpdump's flag letters (`S`, `S.`, `.`, `R.`, `P.`, `F.`).
    pub fn letters(self) -> &'static str {
        match self {
            TcpKind::Syn => "S",
            TcpKind::SynAck => "S.",
            TcpKind::Ack => ".",
            TcpKind::Rst => "R.",
            TcpKind::Data => "P.",
            TcpKind::Fin => "F.",
        }
    }
}

/// The transport part of a simulated IPv4 packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum L4 {
    /// ICMP echo request.
    EchoRequest {
        /// Identifier.
        id: u16,
        /// Sequence number.
        seq: u16,
    },
    /// ICMP echo reply.
    EchoReply {
        /// Identifier.
        id: u16,
        /// Sequence number.
        seq: u16,
    },
    /// A UDP datagram (traceroute's probes, DNS, nc -u).
    Udp {
        /// Source port.
        sport: u16,
        /// Destination port.
        dport: u16,
    },
    /// A TCP segment.
    Tcp {
        /// Source port.
        sport: u16,
        /// Destination port.
        dport: u16,
        /// Which segment.
        kind: TcpKind,
    },
    /// An ICMP error about an earlier packet.
    Error {
        /// Which error.
        kind: IcmpError,
        /// The offending packet's original destination.
        orig_dst: Ipv4Addr,
        /// The offending packet's transport header.
        orig: Box<L4>,
    },
}

/// A simulated IPv4 packet (header fields that matter here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv4Packet {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Time to live.
    pub ttl: u8,
    /// Type of service (`-j TOS`; LOG's TOS= and PREC=).
    pub tos: u8,
    /// IPv4 total length when it is not the kind's usual size (a
    /// datagram with more data); `None`: the usual size.
    pub len: Option<u32>,
    /// Payload.
    pub l4: L4,
    /// Netfilter state carried between the hooks of one namespace (the
    /// kernel's `skb->_nfct` and `skb->mark`); reset when the packet enters
    /// another one.
    pub ct: Option<Box<NfCarry>>,
}

/// What a packet carries from one hook to the next inside one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NfCarry {
    /// The namespace whose hooks set it.
    pub ns: NsId,
    /// Conntrack state (`skb->_nfct`).
    pub ct: PacketCt,
    /// The packet mark (`skb->mark`): `-j MARK` at one hook, `-m mark` at
    /// a later one. Crossing a veth into another namespace scrubs it.
    pub mark: u32,
}

impl Ipv4Packet {
    /// A short description for traces.
    pub fn describe(&self) -> String {
        let what = match &self.l4 {
            L4::EchoRequest { seq, .. } => format!("ICMP echo request seq={seq}"),
            L4::EchoReply { seq, .. } => format!("ICMP echo reply seq={seq}"),
            L4::Udp { dport, .. } => format!("UDP port {dport}"),
            L4::Tcp { dport, kind, .. } => format!("TCP [{}] port {dport}", kind.letters()),
            L4::Error { kind, .. } => format!("ICMP {}", kind.ping_text()),
        };
        format!("{what} {} > {}", self.src, self.dst)
    }
}
