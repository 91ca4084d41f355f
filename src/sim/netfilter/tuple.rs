//! What conntrack keys and classifies a packet by: the IP protocol, the
//! 5-tuple and its direction, the TCP flags it looks at, the ctstate names
//! (`-m conntrack --ctstate`), and the state a packet carries between the
//! hooks of one namespace (the kernel's `skb->_nfct`). Plain data, no
//! logic beyond naming: every other netfilter file builds on it.

use core::net::Ipv4Addr;

/// IP protocols the lab uses (`-p`); `None` in a rule means `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Proto {
    /// 1
    Icmp,
    /// 6
    Tcp,
    /// 17
    Udp,
    /// Any other protocol number.
    Other(u8),
}

impl Proto {
    /// The IANA protocol number.
    pub fn number(self) -> u8 {
        match self {
            Proto::Icmp => 1,
            Proto::Tcp => 6,
            Proto::Udp => 17,
            Proto::Other(n) => n,
        }
    }

    /// From a protocol number.
    pub fn from_number(n: u8) -> Proto {
        match n {
            1 => Proto::Icmp,
            6 => Proto::Tcp,
            17 => Proto::Udp,
            n => Proto::Other(n),
        }
    }

    /// The name `/etc/protocols` gives it (what `-L` and `-S` print).
    pub fn name(self) -> String {
        let n = self.number();
        crate::sim::protocols::name_of(n).map_or_else(|| n.to_string(), str::to_string)
    }

    /// Parses `-p` as iptables does: lower-cased, a number up to 255,
    /// `all`, a name from `/etc/protocols`, or one of xtables' own names
    /// (`icmpv6`, `mh`, `ipv6-mh`). Protocol 0 is `all`: `None`.
    pub fn parse(s: &str) -> Option<Option<Proto>> {
        const XTABLES: &[(&str, u8)] = &[("icmpv6", 58), ("ipv6-mh", 135), ("mh", 135)];
        let lower = s.to_ascii_lowercase();
        let n = match lower.parse::<u8>() {
            Ok(n) => n,
            Err(_) if lower == "all" => 0,
            Err(_) => crate::sim::protocols::by_name(&lower).or_else(|| {
                XTABLES
                    .iter()
                    .find(|(name, _)| *name == lower)
                    .map(|&(_, n)| n)
            })?,
        };
        Some((n != 0).then(|| Proto::from_number(n)))
    }
}

/// A connection's identity in one direction. For ICMP echo the id stands
/// in both port fields, so a request and its reply invert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tuple {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Protocol.
    pub proto: Proto,
    /// Source port (ICMP: the echo id).
    pub sport: u16,
    /// Destination port (ICMP: the echo id).
    pub dport: u16,
}

impl Tuple {
    /// The tuple a reply to this packet carries.
    pub fn invert(&self) -> Tuple {
        Tuple {
            src: self.dst,
            dst: self.src,
            proto: self.proto,
            sport: self.dport,
            dport: self.sport,
        }
    }
}

/// Which way a packet travels relative to the connection's first packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Same way as the first packet.
    Original,
    /// Back towards the initiator.
    Reply,
}

/// TCP flags a packet carries (only those conntrack looks at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpFlags {
    /// SYN
    pub syn: bool,
    /// ACK
    pub ack: bool,
    /// FIN
    pub fin: bool,
    /// RST
    pub rst: bool,
}

/// Id of a connection in a [`super::conntrack::Conntrack`] table.
pub type ConnId = u64;

/// Connection tracking states (`--ctstate`, `--state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CtState {
    /// A packet conntrack could not classify.
    Invalid,
    /// The first packet of a connection.
    New,
    /// A connection related to another one (ICMP errors, FTP data).
    Related,
    /// A packet of a connection that has seen traffic both ways.
    Established,
    /// Marked NOTRACK in the raw table.
    Untracked,
}

impl CtState {
    /// All states, in the order iptables prints them.
    pub const ALL: [CtState; 5] = [
        CtState::Invalid,
        CtState::New,
        CtState::Related,
        CtState::Established,
        CtState::Untracked,
    ];

    /// The upper-case name.
    pub fn name(self) -> &'static str {
        match self {
            CtState::Invalid => "INVALID",
            CtState::New => "NEW",
            CtState::Related => "RELATED",
            CtState::Established => "ESTABLISHED",
            CtState::Untracked => "UNTRACKED",
        }
    }

    pub(super) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Conntrack state attached to a packet while it crosses the hooks of
/// one namespace (the kernel's `skb->_nfct`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PacketCt {
    /// Looked up already (at PREROUTING or OUTPUT).
    pub seen: bool,
    /// The state rules see.
    pub state: Option<CtState>,
    /// The confirmed connection, if any.
    pub conn: Option<(ConnId, Direction)>,
    /// For a new connection: its tuple before NAT, and the reply tuple
    /// being built by NAT decisions.
    pub pending: Option<(Tuple, Tuple)>,
    /// The destination NAT decision was taken (PREROUTING/OUTPUT).
    pub dst_done: bool,
    /// The source NAT decision was taken (POSTROUTING/INPUT).
    pub src_done: bool,
    /// The connection's mark (`-j CONNMARK`, `-m connmark`), kept here
    /// until a new connection is confirmed.
    pub mark: u32,
}
