//! One iptables rule: the address/interface/protocol header, the match
//! extensions, the target, and its counters. Follows iptables(8) and
//! iptables-extensions(8) as shipped in iptables 1.8.9; the save form
//! (`-A CHAIN ...`) is what `iptables -S` and `iptables-save` print.

use super::services;
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// Packet and byte counters of a rule or a chain policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counters {
    /// Packets that matched.
    pub packets: u64,
    /// Bytes of those packets.
    pub bytes: u64,
}

impl Counters {
    /// Counts one packet of `len` bytes.
    pub fn hit(&mut self, len: u32) {
        self.packets += 1;
        self.bytes += u64::from(len);
    }
}

/// `-s`/`-d`: an address and mask, optionally negated with `!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrMatch {
    /// Network address (already masked, as iptables stores it).
    pub addr: Ipv4Addr,
    /// Netmask as a 32-bit value (`/24` is `0xffffff00`).
    pub mask: u32,
    /// `!` given.
    pub invert: bool,
}

impl AddrMatch {
    /// True when `ip` falls in this network (before negation).
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & self.mask == u32::from(self.addr)
    }

    /// True when the match accepts `ip` (negation applied).
    pub fn matches(&self, ip: Ipv4Addr) -> bool {
        self.contains(ip) != self.invert
    }

    /// The mask suffix iptables prints: `""` for /32, `/N` for a
    /// contiguous mask, `/a.b.c.d` otherwise.
    pub fn mask_suffix(&self) -> String {
        mask_suffix(self.mask)
    }

    /// `10.0.0.0/8`, always with the prefix (the save form).
    pub fn save_form(&self) -> String {
        let m = if self.mask.leading_ones() + self.mask.trailing_zeros() == 32 {
            format!("/{}", self.mask.leading_ones())
        } else {
            format!("/{}", Ipv4Addr::from(self.mask))
        };
        format!("{}{}", self.addr, m)
    }
}

/// The suffix `xtables_ipmask_to_numeric` prints for a mask.
pub fn mask_suffix(mask: u32) -> String {
    if mask == u32::MAX {
        String::new()
    } else if mask.leading_ones() + mask.trailing_zeros() == 32 {
        format!("/{}", mask.leading_ones())
    } else {
        format!("/{}", Ipv4Addr::from(mask))
    }
}

/// `-i`/`-o`: an interface name, `+` at the end matches any suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfaceMatch {
    /// The name as given (`eth+`).
    pub name: String,
    /// `!` given.
    pub invert: bool,
}

impl IfaceMatch {
    /// True when the match accepts interface `ifname` (negation applied).
    pub fn matches(&self, ifname: Option<&str>) -> bool {
        let hit = match ifname {
            None => false,
            Some(n) => match self.name.strip_suffix('+') {
                Some(prefix) => n.starts_with(prefix),
                None => n == self.name,
            },
        };
        hit != self.invert
    }
}

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
        match self {
            Proto::Icmp => "icmp".into(),
            Proto::Tcp => "tcp".into(),
            Proto::Udp => "udp".into(),
            Proto::Other(n) => match PROTOCOLS.iter().find(|(_, num)| *num == n) {
                Some((name, _)) => (*name).to_string(),
                None => n.to_string(),
            },
        }
    }

    /// Parses `-p` like iptables: a name from `/etc/protocols` or a number.
    pub fn parse(s: &str) -> Option<Option<Proto>> {
        let lower = s.to_ascii_lowercase();
        if lower == "all" || lower == "0" {
            return Some(None);
        }
        if let Ok(n) = lower.parse::<u8>() {
            return Some(Some(Proto::from_number(n)));
        }
        PROTOCOLS
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|(_, n)| Some(Proto::from_number(*n)))
    }
}

/// A few protocol names from Debian's `/etc/protocols`.
const PROTOCOLS: &[(&str, u8)] = &[
    ("icmp", 1),
    ("igmp", 2),
    ("tcp", 6),
    ("udp", 17),
    ("gre", 47),
    ("esp", 50),
    ("ah", 51),
    ("sctp", 132),
];

/// `-p` with its `!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtoMatch {
    /// The protocol.
    pub proto: Proto,
    /// `!` given.
    pub invert: bool,
}

/// A port or a port range (`--dport 1000:2000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    /// First port.
    pub lo: u16,
    /// Last port (equal to `lo` for one port).
    pub hi: u16,
    /// `!` given.
    pub invert: bool,
}

impl PortRange {
    /// True when the range accepts `port` (negation applied).
    pub fn matches(&self, port: u16) -> bool {
        (self.lo..=self.hi).contains(&port) != self.invert
    }

    fn save(&self) -> String {
        if self.lo == self.hi {
            self.lo.to_string()
        } else {
            format!("{}:{}", self.lo, self.hi)
        }
    }
}

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

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`CtState`]s, printed in iptables' fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StateSet(u8);

impl StateSet {
    /// Adds a state.
    pub fn insert(&mut self, s: CtState) {
        self.0 |= s.bit();
    }

    /// True when `s` is in the set.
    pub fn contains(&self, s: CtState) -> bool {
        self.0 & s.bit() != 0
    }

    /// `INVALID,NEW,...` in iptables' order.
    pub fn list(&self) -> String {
        CtState::ALL
            .iter()
            .filter(|s| self.contains(**s))
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses `NEW,ESTABLISHED`; the bad word on failure.
    pub fn parse(s: &str) -> Result<StateSet, String> {
        let mut set = StateSet::default();
        for w in s.split(',') {
            let st = CtState::ALL
                .iter()
                .find(|c| c.name().eq_ignore_ascii_case(w))
                .ok_or_else(|| w.to_string())?;
            set.insert(*st);
        }
        Ok(set)
    }
}

/// Address types of `-m addrtype` (a subset of the kernel's RTN_* types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddrType {
    /// Not one of the others.
    Unspec,
    /// A unicast address that is not local.
    Unicast,
    /// An address of this namespace.
    Local,
    /// A broadcast address of this namespace.
    Broadcast,
    /// 224.0.0.0/4.
    Multicast,
}

impl AddrType {
    const ALL: [AddrType; 5] = [
        AddrType::Unspec,
        AddrType::Unicast,
        AddrType::Local,
        AddrType::Broadcast,
        AddrType::Multicast,
    ];

    /// The name iptables uses.
    pub fn name(self) -> &'static str {
        match self {
            AddrType::Unspec => "UNSPEC",
            AddrType::Unicast => "UNICAST",
            AddrType::Local => "LOCAL",
            AddrType::Broadcast => "BROADCAST",
            AddrType::Multicast => "MULTICAST",
        }
    }

    /// Parses one type name.
    pub fn parse(s: &str) -> Option<AddrType> {
        AddrType::ALL
            .iter()
            .copied()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }
}

/// `--src-type`/`--dst-type` with its `!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrTypeSel {
    /// Accepted types.
    pub types: Vec<AddrType>,
    /// `!` given.
    pub invert: bool,
}

impl AddrTypeSel {
    fn list(&self) -> String {
        AddrType::ALL
            .iter()
            .filter(|t| self.types.contains(t))
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Which ports `-m multiport` looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultiportDir {
    /// `--sports`
    Source,
    /// `--dports`
    Destination,
    /// `--ports` (either).
    Either,
}

/// `--tcp-flags MASK COMP` (`--syn` is `FIN,SYN,RST,ACK SYN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpFlagsMatch {
    /// Flags examined (FIN=0x01 SYN=0x02 RST=0x04 PSH=0x08 ACK=0x10 URG=0x20).
    pub mask: u8,
    /// Flags that must be set among them.
    pub comp: u8,
    /// `!` given.
    pub invert: bool,
}

/// TCP flag names in the order iptables prints them.
pub const TCP_FLAG_NAMES: [(&str, u8); 6] = [
    ("FIN", 0x01),
    ("SYN", 0x02),
    ("RST", 0x04),
    ("PSH", 0x08),
    ("ACK", 0x10),
    ("URG", 0x20),
];

/// `FIN,SYN` / `NONE` for a flag byte.
pub fn tcp_flag_list(bits: u8) -> String {
    if bits == 0 {
        return "NONE".into();
    }
    TCP_FLAG_NAMES
        .iter()
        .filter(|(_, b)| bits & b != 0)
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

/// A match extension of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// `-p tcp` options (`--sport`, `--dport`, `--tcp-flags`/`--syn`).
    Tcp {
        /// `--sport`
        sport: Option<PortRange>,
        /// `--dport`
        dport: Option<PortRange>,
        /// `--tcp-flags MASK COMP`
        flags: Option<TcpFlagsMatch>,
    },
    /// `-p udp` options.
    Udp {
        /// `--sport`
        sport: Option<PortRange>,
        /// `--dport`
        dport: Option<PortRange>,
    },
    /// `-p icmp --icmp-type`.
    Icmp {
        /// Type (255 = any).
        icmp_type: u8,
        /// Lowest code.
        code_min: u8,
        /// Highest code.
        code_max: u8,
        /// `!` given.
        invert: bool,
    },
    /// `-m conntrack --ctstate`.
    Conntrack {
        /// States.
        states: StateSet,
        /// `!` given.
        invert: bool,
    },
    /// `-m state --state`.
    State {
        /// States.
        states: StateSet,
        /// `!` given.
        invert: bool,
    },
    /// `-m multiport`.
    Multiport {
        /// Which ports.
        dir: MultiportDir,
        /// Ports and ranges.
        ports: Vec<(u16, u16)>,
        /// `!` given.
        invert: bool,
    },
    /// `-m comment --comment`.
    Comment(String),
    /// `-m mark --mark VALUE[/MASK]`.
    Mark {
        /// Wanted value.
        value: u32,
        /// Bits compared.
        mask: u32,
        /// `!` given.
        invert: bool,
    },
    /// `-m statistic`.
    Statistic {
        /// Mode and its parameters.
        mode: Statistic,
        /// `!` given.
        invert: bool,
    },
    /// `-m addrtype`.
    AddrType {
        /// `--src-type`
        src: Option<AddrTypeSel>,
        /// `--dst-type`
        dst: Option<AddrTypeSel>,
    },
}

/// ICMP type names known to iptables (`iptables -p icmp -h`):
/// (name, type, lowest code, highest code).
pub const ICMP_NAMES: &[(&str, u8, u8, u8)] = &[
    ("any", 0xFF, 0, 0xFF),
    ("echo-reply", 0, 0, 0xFF),
    ("pong", 0, 0, 0xFF),
    ("destination-unreachable", 3, 0, 0xFF),
    ("network-unreachable", 3, 0, 0),
    ("host-unreachable", 3, 1, 1),
    ("protocol-unreachable", 3, 2, 2),
    ("port-unreachable", 3, 3, 3),
    ("fragmentation-needed", 3, 4, 4),
    ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6),
    ("host-unknown", 3, 7, 7),
    ("network-prohibited", 3, 9, 9),
    ("host-prohibited", 3, 10, 10),
    ("TOS-network-unreachable", 3, 11, 11),
    ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13),
    ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15),
    ("source-quench", 4, 0, 0xFF),
    ("redirect", 5, 0, 0xFF),
    ("network-redirect", 5, 0, 0),
    ("host-redirect", 5, 1, 1),
    ("TOS-network-redirect", 5, 2, 2),
    ("TOS-host-redirect", 5, 3, 3),
    ("echo-request", 8, 0, 0xFF),
    ("ping", 8, 0, 0xFF),
    ("router-advertisement", 9, 0, 0xFF),
    ("router-solicitation", 10, 0, 0xFF),
    ("time-exceeded", 11, 0, 0xFF),
    ("ttl-exceeded", 11, 0, 0xFF),
    ("ttl-zero-during-transit", 11, 0, 0),
    ("ttl-zero-during-reassembly", 11, 1, 1),
    ("parameter-problem", 12, 0, 0xFF),
    ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1),
    ("timestamp-request", 13, 0, 0xFF),
    ("timestamp-reply", 14, 0, 0xFF),
    ("address-mask-request", 17, 0, 0xFF),
    ("address-mask-reply", 18, 0, 0xFF),
];

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

/// A per-rule packet counter for `-m statistic --mode nth`; it never
/// takes part in rule comparison (`-D` by spec ignores it).
#[derive(Debug, Default)]
pub struct NthCounter(pub std::sync::atomic::AtomicU32);

impl Clone for NthCounter {
    fn clone(&self) -> Self {
        NthCounter(std::sync::atomic::AtomicU32::new(
            self.0.load(std::sync::atomic::Ordering::Relaxed),
        ))
    }
}

impl PartialEq for NthCounter {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for NthCounter {}

/// `-m statistic` modes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statistic {
    /// `--mode random --probability P` (P scaled to 2^31, as the kernel
    /// stores it).
    Random {
        /// Probability * 0x80000000.
        probability: u32,
    },
    /// `--mode nth --every N --packet P`.
    Nth {
        /// N
        every: u32,
        /// P
        packet: u32,
        /// Packets seen so far.
        count: NthCounter,
    },
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
        }
    }
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `-s`
    pub src: Option<AddrMatch>,
    /// `-d`
    pub dst: Option<AddrMatch>,
    /// `-i`
    pub in_iface: Option<IfaceMatch>,
    /// `-o`
    pub out_iface: Option<IfaceMatch>,
    /// `-p` (None = all)
    pub proto: Option<ProtoMatch>,
    /// Match extensions in the order iptables keeps them.
    pub matches: Vec<Match>,
    /// `-j`
    pub target: Target,
    /// Packets and bytes that matched.
    pub counters: Counters,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            src: None,
            dst: None,
            in_iface: None,
            out_iface: None,
            proto: None,
            matches: Vec::new(),
            target: Target::None,
            counters: Counters::default(),
        }
    }
}

/// `0x7` or `0x4000/0x4000` (the mask only when not all ones).
pub fn mark_text(value: u32, mask: u32) -> String {
    if mask == u32::MAX {
        format!("0x{value:x}")
    } else {
        format!("0x{value:x}/0x{mask:x}")
    }
}

/// Quotes a string the way `xtables_save_string` does.
pub fn save_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Rule {
    /// Same rule ignoring counters (what `-D`/`-C` by spec compare).
    pub fn same_spec(&self, other: &Rule) -> bool {
        self.src == other.src
            && self.dst == other.dst
            && self.in_iface == other.in_iface
            && self.out_iface == other.out_iface
            && self.proto == other.proto
            && self.matches == other.matches
            && self.target == other.target
    }

    /// The rule's arguments after `-A CHAIN`, as `iptables -S` prints them
    /// (with a leading space, like iptables builds the line).
    pub fn save_args(&self) -> String {
        self.save_args_counted(None)
    }

    /// [`Rule::save_args`] with `-c PACKETS BYTES` before the target, as
    /// `iptables -S -v` prints it.
    pub fn save_args_counted(&self, counters: Option<&Counters>) -> String {
        let mut s = String::new();
        let inv = |b: bool| if b { " !" } else { "" };
        if let Some(a) = &self.src {
            let _ = write!(s, "{} -s {}", inv(a.invert), a.save_form());
        }
        if let Some(a) = &self.dst {
            let _ = write!(s, "{} -d {}", inv(a.invert), a.save_form());
        }
        if let Some(i) = &self.in_iface {
            let _ = write!(s, "{} -i {}", inv(i.invert), i.name);
        }
        if let Some(i) = &self.out_iface {
            let _ = write!(s, "{} -o {}", inv(i.invert), i.name);
        }
        if let Some(p) = &self.proto {
            let _ = write!(s, "{} -p {}", inv(p.invert), p.proto.name());
        }
        for m in &self.matches {
            s.push_str(&match_save(m));
        }
        if let Some(c) = counters {
            let _ = write!(s, " -c {} {}", c.packets, c.bytes);
        }
        match &self.target {
            Target::None => {}
            t => {
                let _ = write!(s, " -j {}", t.name());
                s.push_str(&target_save(t));
            }
        }
        s
    }
}

fn ports_save(flag: &str, p: &Option<PortRange>) -> String {
    match p {
        Some(p) => format!("{} --{flag} {}", if p.invert { " !" } else { "" }, p.save()),
        None => String::new(),
    }
}

fn port_list(ports: &[(u16, u16)], show: &dyn Fn(u16) -> String) -> String {
    ports
        .iter()
        .map(|(lo, hi)| {
            if lo == hi {
                show(*lo)
            } else {
                format!("{}:{}", show(*lo), show(*hi))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn match_save(m: &Match) -> String {
    match m {
        Match::Tcp {
            sport,
            dport,
            flags,
        } => {
            let mut s = format!(
                " -m tcp{}{}",
                ports_save("sport", sport),
                ports_save("dport", dport)
            );
            if let Some(f) = flags {
                let _ = write!(
                    s,
                    "{} --tcp-flags {} {}",
                    if f.invert { " !" } else { "" },
                    tcp_flag_list(f.mask),
                    tcp_flag_list(f.comp)
                );
            }
            s
        }
        Match::Udp { sport, dport } => format!(
            " -m udp{}{}",
            ports_save("sport", sport),
            ports_save("dport", dport)
        ),
        Match::Icmp {
            icmp_type,
            code_min,
            code_max,
            invert,
        } => {
            let mut s = String::from(" -m icmp");
            if *invert {
                s.push_str(" !");
            }
            if *icmp_type == 0xFF {
                s.push_str(" --icmp-type any");
            } else {
                let _ = write!(s, " --icmp-type {icmp_type}");
                if *code_min != 0 || *code_max != 0xFF {
                    let _ = write!(s, "/{code_min}");
                }
            }
            s
        }
        Match::Conntrack { states, invert } => format!(
            " -m conntrack{} --ctstate {}",
            if *invert { " !" } else { "" },
            states.list()
        ),
        Match::State { states, invert } => format!(
            " -m state{} --state {}",
            if *invert { " !" } else { "" },
            states.list()
        ),
        Match::Multiport { dir, ports, invert } => {
            let flag = match dir {
                MultiportDir::Source => "sports",
                MultiportDir::Destination => "dports",
                MultiportDir::Either => "ports",
            };
            format!(
                " -m multiport{} --{flag} {}",
                if *invert { " !" } else { "" },
                port_list(ports, &|p| p.to_string())
            )
        }
        Match::Comment(c) => format!(" -m comment --comment {}", save_string(c)),
        Match::Mark {
            value,
            mask,
            invert,
        } => format!(
            " -m mark{} --mark {}",
            if *invert { " !" } else { "" },
            mark_text(*value, *mask)
        ),
        Match::Statistic { mode, invert } => {
            let inv = if *invert { " !" } else { "" };
            match mode {
                Statistic::Random { probability } => format!(
                    " -m statistic --mode random{inv} --probability {:.11}",
                    f64::from(*probability) / f64::from(0x8000_0000u32)
                ),
                Statistic::Nth { every, packet, .. } => {
                    format!(" -m statistic --mode nth{inv} --every {every} --packet {packet}")
                }
            }
        }
        Match::AddrType { src, dst } => {
            let mut s = String::from(" -m addrtype");
            if let Some(t) = src {
                let _ = write!(
                    s,
                    "{} --src-type {}",
                    if t.invert { " !" } else { "" },
                    t.list()
                );
            }
            if let Some(t) = dst {
                let _ = write!(
                    s,
                    "{} --dst-type {}",
                    if t.invert { " !" } else { "" },
                    t.list()
                );
            }
            s
        }
    }
}

fn target_save(t: &Target) -> String {
    match t {
        Target::Reject(r) => format!(" --reject-with {}", r.name()),
        Target::Log { level, prefix } => {
            let mut s = String::new();
            if let Some(p) = prefix {
                let _ = write!(s, " --log-prefix {}", save_string(p));
            }
            if *level != 4 {
                let _ = write!(s, " --log-level {level}");
            }
            s
        }
        Target::Snat(r) => format!(" --to-source {}", r.text()),
        Target::Dnat(r) => format!(" --to-destination {}", r.text()),
        Target::Masquerade(ports, random) => {
            let mut s = match ports {
                Some(p) if p.0 == p.1 => format!(" --to-ports {}", p.0),
                Some(p) => format!(" --to-ports {}-{}", p.0, p.1),
                None => String::new(),
            };
            s.push_str(match random {
                NatRandom::None => "",
                NatRandom::Random => " --random",
                NatRandom::Fully => " --random-fully",
            });
            s
        }
        Target::Redirect(Some(p)) => {
            if p.0 == p.1 {
                format!(" --to-ports {}", p.0)
            } else {
                format!(" --to-ports {}-{}", p.0, p.1)
            }
        }
        Target::Mark { value, mask } => format!(" --set-xmark 0x{value:x}/0x{mask:x}"),
        _ => String::new(),
    }
}

fn port_show(port: u16, proto: &str, numeric: bool) -> String {
    if numeric {
        return port.to_string();
    }
    services::port_name(port, proto)
        .map(str::to_string)
        .unwrap_or_else(|| port.to_string())
}

fn ports_list_form(
    name: &str,
    p: &Option<PortRange>,
    proto: &str,
    numeric: bool,
    out: &mut String,
) {
    if let Some(p) = p {
        let inv = if p.invert { "!" } else { "" };
        if p.lo == p.hi {
            let _ = write!(out, " {name}:{inv}{}", port_show(p.lo, proto, numeric));
        } else {
            let _ = write!(
                out,
                " {name}s:{inv}{}:{}",
                port_show(p.lo, proto, numeric),
                port_show(p.hi, proto, numeric)
            );
        }
    }
}

impl Rule {
    /// The extra text after the addresses in `iptables -L` (matches then
    /// target options), each part with its leading space.
    pub fn list_extras(&self, numeric: bool) -> String {
        let mut s = String::new();
        let proto_name = match self.proto.map(|p| p.proto) {
            Some(Proto::Udp) => "udp",
            _ => "tcp",
        };
        for m in &self.matches {
            match m {
                Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                    let p = if matches!(m, Match::Tcp { .. }) {
                        "tcp"
                    } else {
                        "udp"
                    };
                    let _ = write!(s, " {p}");
                    ports_list_form("spt", sport, p, numeric, &mut s);
                    ports_list_form("dpt", dport, p, numeric, &mut s);
                    if let Match::Tcp { flags: Some(f), .. } = m {
                        let inv = if f.invert { "!" } else { "" };
                        if numeric {
                            let _ = write!(s, " flags:{inv}0x{:02X}/0x{:02X}", f.mask, f.comp);
                        } else {
                            let _ = write!(
                                s,
                                " flags:{inv}{}/{}",
                                tcp_flag_list(f.mask),
                                tcp_flag_list(f.comp)
                            );
                        }
                    }
                }
                Match::Icmp {
                    icmp_type,
                    code_min,
                    code_max,
                    invert,
                } => {
                    s.push_str(" icmp");
                    let named = (!numeric)
                        .then(|| {
                            ICMP_NAMES.iter().find(|(_, t, lo, hi)| {
                                t == icmp_type && lo == code_min && hi == code_max
                            })
                        })
                        .flatten();
                    match named {
                        Some((n, ..)) => {
                            let _ = write!(s, " {}{n}", if *invert { "!" } else { "" });
                        }
                        None => {
                            if *invert {
                                s.push_str(" !");
                            }
                            let _ = write!(s, "type {icmp_type}");
                            if code_min == code_max {
                                let _ = write!(s, " code {code_min}");
                            } else if *code_min != 0 || *code_max != 0xFF {
                                let _ = write!(s, " codes {code_min}-{code_max}");
                            }
                        }
                    }
                }
                Match::Conntrack { states, invert } => {
                    let _ = write!(
                        s,
                        "{} ctstate {}",
                        if *invert { " !" } else { "" },
                        states.list()
                    );
                }
                Match::State { states, invert } => {
                    let _ = write!(
                        s,
                        " state {}{}",
                        if *invert { "!" } else { "" },
                        states.list()
                    );
                }
                Match::Multiport { dir, ports, invert } => {
                    let flag = match dir {
                        MultiportDir::Source => "sports",
                        MultiportDir::Destination => "dports",
                        MultiportDir::Either => "ports",
                    };
                    let _ = write!(
                        s,
                        " multiport {flag} {}{}",
                        if *invert { " !" } else { "" },
                        port_list(ports, &|p| port_show(p, proto_name, numeric))
                    );
                }
                Match::Comment(c) => {
                    let _ = write!(s, " /* {c} */");
                }
                Match::Mark {
                    value,
                    mask,
                    invert,
                } => {
                    let _ = write!(
                        s,
                        " mark match{} {}",
                        if *invert { " !" } else { "" },
                        mark_text(*value, *mask)
                    );
                }
                Match::Statistic { mode, invert } => {
                    let inv = if *invert { " !" } else { "" };
                    let _ = match mode {
                        Statistic::Random { probability } => write!(
                            s,
                            " statistic mode random{inv} probability {:.11}",
                            f64::from(*probability) / f64::from(0x8000_0000u32)
                        ),
                        Statistic::Nth { every, packet, .. } => {
                            let _ = write!(s, " statistic mode nth{inv} every {every}");
                            if *packet != 0 {
                                write!(s, " packet {packet}")
                            } else {
                                Ok(())
                            }
                        }
                    };
                }
                Match::AddrType { src, dst } => {
                    s.push_str(" ADDRTYPE match");
                    if let Some(t) = src {
                        let _ = write!(
                            s,
                            " src-type {}{}",
                            if t.invert { "!" } else { "" },
                            t.list()
                        );
                    }
                    if let Some(t) = dst {
                        let _ = write!(
                            s,
                            " dst-type {}{}",
                            if t.invert { "!" } else { "" },
                            t.list()
                        );
                    }
                }
            }
        }
        match &self.target {
            Target::Reject(r) => {
                let _ = write!(s, " reject-with {}", r.name());
            }
            Target::Log { level, prefix } => {
                if numeric {
                    let _ = write!(s, " LOG flags 0 level {level}");
                } else {
                    let name = LOG_LEVELS
                        .get(usize::from(*level))
                        .copied()
                        .unwrap_or("warn");
                    let _ = write!(s, " LOG level {name}");
                }
                if let Some(p) = prefix {
                    let _ = write!(s, " prefix \"{p}\"");
                }
            }
            Target::Snat(r) | Target::Dnat(r) => {
                let _ = write!(s, " to:{}", r.text());
            }
            Target::Masquerade(ports, random) => {
                match ports {
                    Some((lo, hi)) if lo == hi => {
                        let _ = write!(s, " masq ports: {lo}");
                    }
                    Some((lo, hi)) => {
                        let _ = write!(s, " masq ports: {lo}-{hi}");
                    }
                    None => {}
                }
                s.push_str(match random {
                    NatRandom::None => "",
                    NatRandom::Random => " random",
                    NatRandom::Fully => " random-fully",
                });
            }
            Target::Mark { value, mask } => {
                // libxt_MARK's names for the common forms.
                let _ = match (*value, *mask) {
                    (0, m) => write!(s, " MARK and 0x{:x}", !m),
                    (v, m) if v == m => write!(s, " MARK or 0x{v:x}"),
                    (v, 0) => write!(s, " MARK xor 0x{v:x}"),
                    (v, u32::MAX) => write!(s, " MARK set 0x{v:x}"),
                    (v, m) => write!(s, " MARK xset 0x{v:x}/0x{m:x}"),
                };
            }
            Target::Redirect(Some((lo, hi))) => {
                if lo == hi {
                    let _ = write!(s, " redir ports {lo}");
                } else {
                    let _ = write!(s, " redir ports {lo}-{hi}");
                }
            }
            _ => {}
        }
        s
    }
}
