//! Targets (iptables-extensions(8) "TARGET EXTENSIONS"): what a matching
//! rule does (`-j ACCEPT`, `DROP`, `RETURN`, a user chain, `REJECT`, `LOG`,
//! `SNAT`, `DNAT`, `MASQUERADE`, `REDIRECT`, `MARK`), their options, and
//! the kinds of address translation a trace reports.

pub use super::ext_connmark::ConnMarkOp;
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// `--reject-with` types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectWith {
    /// ICMP net unreachable (code 0).
    NetUnreachable,
    /// ICMP host unreachable (code 1).
    HostUnreachable,
    /// ICMP port unreachable (code 3), the default.
    PortUnreachable,
    /// ICMP protocol unreachable (code 2).
    ProtoUnreachable,
    /// ICMP net prohibited (code 9).
    NetProhibited,
    /// ICMP host prohibited (code 10).
    HostProhibited,
    /// ICMP administratively prohibited (code 13).
    AdminProhibited,
    /// A TCP RST.
    TcpReset,
}

/// (canonical name, alias, value)
const REJECT_TYPES: &[(&str, &str, RejectWith)] = &[
    (
        "icmp-net-unreachable",
        "net-unreach",
        RejectWith::NetUnreachable,
    ),
    (
        "icmp-host-unreachable",
        "host-unreach",
        RejectWith::HostUnreachable,
    ),
    (
        "icmp-proto-unreachable",
        "proto-unreach",
        RejectWith::ProtoUnreachable,
    ),
    (
        "icmp-port-unreachable",
        "port-unreach",
        RejectWith::PortUnreachable,
    ),
    (
        "icmp-net-prohibited",
        "net-prohib",
        RejectWith::NetProhibited,
    ),
    (
        "icmp-host-prohibited",
        "host-prohib",
        RejectWith::HostProhibited,
    ),
    ("tcp-reset", "tcp-rst", RejectWith::TcpReset),
    (
        "icmp-admin-prohibited",
        "admin-prohib",
        RejectWith::AdminProhibited,
    ),
];

impl RejectWith {
    /// The canonical name (`icmp-port-unreachable`).
    pub fn name(self) -> &'static str {
        REJECT_TYPES
            .iter()
            .find(|(_, _, r)| *r == self)
            .map(|(n, _, _)| *n)
            .unwrap_or("icmp-port-unreachable")
    }

    /// Parses a name or its alias.
    pub fn parse(s: &str) -> Option<RejectWith> {
        REJECT_TYPES
            .iter()
            .find(|(n, a, _)| *n == s || *a == s)
            .map(|(_, _, r)| *r)
    }

    /// The ICMP destination-unreachable code sent back (None for tcp-reset).
    pub fn icmp_code(self) -> Option<u8> {
        match self {
            RejectWith::NetUnreachable => Some(0),
            RejectWith::HostUnreachable => Some(1),
            RejectWith::ProtoUnreachable => Some(2),
            RejectWith::PortUnreachable => Some(3),
            RejectWith::NetProhibited => Some(9),
            RejectWith::HostProhibited => Some(10),
            RejectWith::AdminProhibited => Some(13),
            RejectWith::TcpReset => None,
        }
    }
}

/// Level names `iptables -L` prints for LOG (nf_tables' names, 0-7).
pub const LOG_LEVELS: &[&str] = &[
    "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
];

/// Parses `--log-level`: a number 0-7 or a syslog name.
pub fn parse_log_level(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse::<u8>() {
        return (n <= 7).then_some(n);
    }
    const NAMES: &[(&str, u8)] = &[
        ("alert", 1),
        ("crit", 2),
        ("debug", 7),
        ("emerg", 0),
        ("error", 3),
        ("info", 6),
        ("notice", 5),
        ("panic", 0),
        ("warning", 4),
    ];
    NAMES.iter().find(|(n, _)| *n == s).map(|(_, l)| *l)
}

/// `--to-source`/`--to-destination`: an address range and optional ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NatRange {
    /// First address (None: keep the address, only ports change).
    pub addr_lo: Option<Ipv4Addr>,
    /// Last address.
    pub addr_hi: Option<Ipv4Addr>,
    /// Port range.
    pub ports: Option<(u16, u16)>,
    /// `--random`, `--random-fully`, `--persistent`.
    pub flags: NatFlags,
}

/// SNAT/DNAT's flags. The simulated port and address choices are already
/// deterministic per connection, so they change no choice here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NatFlags {
    /// `--random`
    pub random: bool,
    /// `--random-fully`
    pub fully: bool,
    /// `--persistent`
    pub persistent: bool,
}

impl NatFlags {
    /// The set flags' names in libxt_NAT's order.
    pub fn words(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.random, "random"),
            (self.fully, "random-fully"),
            (self.persistent, "persistent"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| w)
    }
}

impl NatRange {
    /// The form iptables prints: `1.2.3.4-1.2.3.10:1000-2000`.
    pub fn text(&self) -> String {
        let mut s = String::new();
        if let Some(lo) = self.addr_lo {
            s.push_str(&lo.to_string());
            if let Some(hi) = self.addr_hi {
                if hi != lo {
                    let _ = write!(s, "-{hi}");
                }
            }
        }
        if let Some((lo, hi)) = self.ports {
            let _ = write!(s, ":{lo}");
            if hi != lo {
                let _ = write!(s, "-{hi}");
            }
        }
        s
    }
}

/// `--random`/`--random-fully` of MASQUERADE (port choice flavour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NatRandom {
    /// Keep the port when free, else the next free one.
    #[default]
    None,
    /// `--random`
    Random,
    /// `--random-fully`
    Fully,
}

/// What a rule does when it matches (`-j`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No `-j`: only counts.
    None,
    /// `ACCEPT`
    Accept,
    /// `DROP`
    Drop,
    /// `RETURN`
    Return,
    /// A user-defined chain.
    Jump(String),
    /// `REJECT --reject-with`
    Reject(RejectWith),
    /// `LOG`
    Log {
        /// `--log-level` (0-7; 4 = warning is the default).
        level: u8,
        /// `--log-prefix`
        prefix: Option<String>,
    },
    /// `SNAT --to-source`
    Snat(NatRange),
    /// `DNAT --to-destination`
    Dnat(NatRange),
    /// `MASQUERADE [--to-ports] [--random|--random-fully]`
    Masquerade(Option<(u16, u16)>, NatRandom),
    /// `MARK`: new mark = (mark & !mask) ^ value (`--set-xmark` form).
    Mark {
        /// Bits XORed in.
        value: u32,
        /// Bits cleared first.
        mask: u32,
    },
    /// `REDIRECT [--to-ports]`
    Redirect(Option<(u16, u16)>),
    /// `NOTRACK` (raw table): the packet skips conntrack.
    NoTrack,
    /// `CONNMARK`
    ConnMark(ConnMarkOp),
    /// `TOS` (mangle table): tos = (tos & !mask) ^ value.
    Tos {
        /// Bits XORed in.
        value: u8,
        /// Bits cleared first.
        mask: u8,
    },
    /// `CT [--notrack]` (raw table).
    Ct {
        /// `--notrack`
        notrack: bool,
    },
}

impl Target {
    /// The name in the `target` column.
    pub fn name(&self) -> &str {
        match self {
            Target::None => "",
            Target::Accept => "ACCEPT",
            Target::Drop => "DROP",
            Target::Return => "RETURN",
            Target::Jump(c) => c,
            Target::Reject(_) => "REJECT",
            Target::Log { .. } => "LOG",
            Target::Snat(_) => "SNAT",
            Target::Dnat(_) => "DNAT",
            Target::Masquerade(..) => "MASQUERADE",
            Target::Mark { .. } => "MARK",
            Target::Redirect(_) => "REDIRECT",
            // nf_tables lists NOTRACK as the CT target it became.
            Target::NoTrack | Target::Ct { .. } => "CT",
            Target::ConnMark(_) => "CONNMARK",
            Target::Tos { .. } => "TOS",
        }
    }
}

/// Which translation happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NatKind {
    /// `-j SNAT`
    Snat,
    /// `-j DNAT`
    Dnat,
    /// `-j MASQUERADE`
    Masquerade,
    /// `-j REDIRECT`
    Redirect,
    /// An implicit source port change to keep tuples unique (no rule).
    ImplicitSnat,
    /// Replaying a connection's NAT on a later packet.
    Conntrack,
    /// Undoing NAT on a reply.
    ReplyUnNat,
}

impl NatKind {
    /// Short name for traces.
    pub fn name(self) -> &'static str {
        match self {
            NatKind::Snat => "SNAT",
            NatKind::Dnat => "DNAT",
            NatKind::Masquerade => "MASQUERADE",
            NatKind::Redirect => "REDIRECT",
            NatKind::ImplicitSnat => "source port remap",
            NatKind::Conntrack => "conntrack NAT",
            NatKind::ReplyUnNat => "reply un-NAT",
        }
    }
}
