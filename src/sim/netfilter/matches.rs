//! Match extensions (iptables-extensions(8) "MATCH EXTENSIONS" as shipped
//! in iptables 1.8.9): tcp/udp ports and flags, icmp types, conntrack and
//! state, multiport, mark, statistic, addrtype and comment; what each
//! tests on a packet, and why a rule did not match ([`Mismatch`]).

use super::ext_connlimit::ConnLimitMatch;
use super::ext_connmark::ConnMarkMatch;
use super::ext_hashlimit::HashLimitMatch;
use super::ext_header::{IpRangeMatch, LengthMatch, TtlMatch};
use super::ext_l2::{MacMatch, PktType, PktTypeMatch};
use super::ext_limit::LimitMatch;
use super::ext_owner::{OwnerMatch, Sender};
use super::ext_physdev::PhysdevMatch;
use super::ext_recent::RecentMatch;
use super::hook::HookCtx;
use super::icmp::IcmpMatch;
use super::tuple::{CtState, Proto};
use crate::sim::packet::Ipv4Packet as Packet;
use core::net::Ipv4Addr;

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

    pub(super) fn save(&self) -> String {
        if self.lo == self.hi {
            self.lo.to_string()
        } else {
            format!("{}:{}", self.lo, self.hi)
        }
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
    pub(super) fn list(&self) -> String {
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

impl MultiportDir {
    /// The option's name without its dashes, as `-S` and `-L` print it.
    pub fn name(self) -> &'static str {
        match self {
            MultiportDir::Source => "sports",
            MultiportDir::Destination => "dports",
            MultiportDir::Either => "ports",
        }
    }
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
    Icmp(IcmpMatch),
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
    /// `-m limit`.
    Limit(LimitMatch),
    /// `-m iprange`.
    IpRange(IpRangeMatch),
    /// `-m length`.
    Length(LengthMatch),
    /// `-m ttl` (`None` until an option gives it).
    Ttl(Option<TtlMatch>),
    /// `-m mac` (`None` until `--mac-source`).
    Mac(Option<MacMatch>),
    /// `-m physdev`.
    Physdev(PhysdevMatch),
    /// `-m pkttype` (`None` until `--pkt-type`).
    PktType(Option<PktTypeMatch>),
    /// `-m owner`.
    Owner(OwnerMatch),
    /// `-m connmark` (`None` until `--mark`).
    ConnMark(Option<ConnMarkMatch>),
    /// `-m recent`.
    Recent(RecentMatch),
    /// `-m connlimit`.
    ConnLimit(ConnLimitMatch),
    /// `-m hashlimit`.
    HashLimit(HashLimitMatch),
}

/// What the matches that keep state in the namespace need: `-m recent`'s
/// lists, conntrack for `-m connlimit`.
pub trait MatchEnv {
    /// `-m recent` on a packet (updating its list).
    fn recent(&mut self, m: &RecentMatch, pkt: &Packet, ctx: &HookCtx) -> bool;
    /// `-m connlimit` on a packet.
    fn connlimit(&mut self, m: &ConnLimitMatch, pkt: &Packet, ctx: &HookCtx) -> bool;
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

/// Why a rule did not match: the first criterion that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// `-s`
    Source,
    /// `-d`
    Destination,
    /// `-i`
    InIface,
    /// `-o`
    OutIface,
    /// `-p`
    Protocol,
    /// `--sport`/`--dport`/multiport
    Port,
    /// `--icmp-type`
    IcmpType,
    /// `--tcp-flags`/`--syn`
    TcpFlags,
    /// `-m mark`
    Mark,
    /// `-m statistic` did not pick this packet
    Statistic,
    /// `--ctstate`/`--state`
    State,
    /// `-m addrtype`
    AddrType,
    /// `-m limit` is out of tokens
    Limit,
    /// `-m iprange`
    IpRange,
    /// `-m length`
    Length,
    /// `-m ttl`
    Ttl,
    /// `-m mac`
    Mac,
    /// `-m physdev`
    Physdev,
    /// `-m pkttype`
    PktType,
    /// `-m owner`
    Owner,
    /// `-f`: simulated packets are never fragments
    Fragment,
    /// `-m connmark`
    ConnMark,
    /// `-m recent`
    Recent,
    /// `-m connlimit`
    ConnLimit,
    /// `-m hashlimit`
    HashLimit,
}

impl Mismatch {
    /// Short reason for traces.
    pub fn reason(self) -> &'static str {
        match self {
            Mismatch::Source => "source address does not match -s",
            Mismatch::Destination => "destination address does not match -d",
            Mismatch::InIface => "in-interface does not match -i",
            Mismatch::OutIface => "out-interface does not match -o",
            Mismatch::Protocol => "protocol does not match -p",
            Mismatch::Port => "port does not match",
            Mismatch::IcmpType => "ICMP type does not match",
            Mismatch::TcpFlags => "TCP flags do not match",
            Mismatch::Mark => "packet mark does not match",
            Mismatch::Statistic => "statistic did not pick this packet",
            Mismatch::State => "connection state does not match",
            Mismatch::AddrType => "address type does not match",
            Mismatch::Limit => "over the -m limit rate",
            Mismatch::IpRange => "address not in the -m iprange range",
            Mismatch::Length => "packet length does not match",
            Mismatch::Ttl => "TTL does not match",
            Mismatch::Mac => "source MAC does not match",
            Mismatch::Physdev => "bridge ports do not match",
            Mismatch::PktType => "packet type does not match",
            Mismatch::Owner => "socket owner does not match",
            Mismatch::Fragment => "-f matches only non-first fragments",
            Mismatch::ConnMark => "connection mark does not match",
            Mismatch::Recent => "-m recent does not match",
            Mismatch::ConnLimit => "connection count does not match -m connlimit",
            Mismatch::HashLimit => "-m hashlimit does not match (rate)",
        }
    }
}

/// The kernel's address type of `ip` in this namespace.
pub fn addr_type(ip: Ipv4Addr, ctx: &HookCtx) -> AddrType {
    if ctx.local_addrs.contains(&ip) || ip.is_loopback() {
        AddrType::Local
    } else if ip.is_broadcast() || ctx.broadcast_addrs.contains(&ip) {
        AddrType::Broadcast
    } else if ip.is_multicast() {
        AddrType::Multicast
    } else if ip.is_unspecified() {
        AddrType::Unspec
    } else {
        AddrType::Unicast
    }
}

impl Match {
    /// Tests this match against a packet: `Ok` or why it failed.
    pub fn test(
        &self,
        pkt: &Packet,
        ctx: &HookCtx,
        env: &mut dyn MatchEnv,
    ) -> Result<(), Mismatch> {
        let m = self;
        match m {
            Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                let want = if matches!(m, Match::Tcp { .. }) {
                    Proto::Tcp
                } else {
                    Proto::Udp
                };
                if pkt.proto() != want {
                    return Err(Mismatch::Protocol);
                }
                if sport.is_some_and(|r| !r.matches(pkt.sport()))
                    || dport.is_some_and(|r| !r.matches(pkt.dport()))
                {
                    return Err(Mismatch::Port);
                }
                if let Match::Tcp { flags: Some(f), .. } = m {
                    let t = pkt.tcp_flags();
                    let bits = u8::from(t.fin)
                        | u8::from(t.syn) << 1
                        | u8::from(t.rst) << 2
                        | u8::from(t.ack) << 4;
                    if (bits & f.mask == f.comp) == f.invert {
                        return Err(Mismatch::TcpFlags);
                    }
                }
            }
            Match::Icmp(icmp) => {
                if pkt.proto() != Proto::Icmp {
                    return Err(Mismatch::Protocol);
                }
                if !icmp.admits(pkt.icmp_type_code()) {
                    return Err(Mismatch::IcmpType);
                }
            }
            Match::Conntrack { states, invert } | Match::State { states, invert } => {
                let st = pkt.ct_state().unwrap_or(CtState::Untracked);
                if states.contains(st) == *invert {
                    return Err(Mismatch::State);
                }
            }
            Match::Multiport { dir, ports, invert } => {
                if !matches!(pkt.proto(), Proto::Tcp | Proto::Udp) {
                    return Err(Mismatch::Protocol);
                }
                let inr = |p: u16| ports.iter().any(|(lo, hi)| (*lo..=*hi).contains(&p));
                let hit = match dir {
                    MultiportDir::Source => inr(pkt.sport()),
                    MultiportDir::Destination => inr(pkt.dport()),
                    MultiportDir::Either => inr(pkt.sport()) || inr(pkt.dport()),
                };
                if hit == *invert {
                    return Err(Mismatch::Port);
                }
            }
            Match::Comment(_) => {}
            Match::Mark {
                value,
                mask,
                invert,
            } => {
                if (pkt.mark() & mask == *value) == *invert {
                    return Err(Mismatch::Mark);
                }
            }
            Match::Statistic { mode, invert } => {
                let hit = match mode {
                    Statistic::Random { probability } => {
                        super::statistic::draw(&pkt.tuple(), *probability) < *probability
                    }
                    Statistic::Nth {
                        every,
                        packet,
                        count,
                    } => {
                        let n = count.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        n % (*every).max(1) == *packet
                    }
                };
                if hit == *invert {
                    return Err(Mismatch::Statistic);
                }
            }
            Match::AddrType { src, dst } => {
                for (sel, ip) in [(src, pkt.src), (dst, pkt.dst)] {
                    if let Some(sel) = sel {
                        let t = addr_type(ip, ctx);
                        if sel.types.contains(&t) == sel.invert {
                            return Err(Mismatch::AddrType);
                        }
                    }
                }
            }
            Match::Limit(l) => check(l.admit(ctx.now_us), Mismatch::Limit)?,
            Match::IpRange(r) => check(r.admits(pkt.src, pkt.dst), Mismatch::IpRange)?,
            Match::Length(l) => check(l.admits(pkt.wire_len()), Mismatch::Length)?,
            Match::Ttl(t) => check(t.is_some_and(|t| t.admits(pkt.ttl)), Mismatch::Ttl)?,
            Match::Mac(m) => check(m.is_some_and(|m| m.admits(ctx.in_l2)), Mismatch::Mac)?,
            Match::Physdev(p) => check(p.admits(ctx.physdev.as_ref()), Mismatch::Physdev)?,
            Match::PktType(p) => {
                let seen = PktType::seen(ctx.in_l2);
                let hit = p.is_some_and(|p| (seen == p.kind) != p.invert);
                check(hit, Mismatch::PktType)?
            }
            Match::Owner(o) => check(o.admits(from_socket(pkt, ctx)), Mismatch::Owner)?,
            Match::ConnMark(m) => {
                // Only a packet with a connection has a connection mark.
                let ctmark = pkt
                    .ct
                    .as_ref()
                    .filter(|c| c.ct.conn.is_some() || c.ct.pending.is_some())
                    .map(|c| c.ct.mark);
                check(m.is_some_and(|m| m.admits(ctmark)), Mismatch::ConnMark)?
            }
            Match::Recent(r) => check(env.recent(r, pkt, ctx), Mismatch::Recent)?,
            Match::ConnLimit(c) => check(env.connlimit(c, pkt, ctx), Mismatch::ConnLimit)?,
            Match::HashLimit(h) => {
                // Only port protocols have ports to key by.
                let ports = matches!(pkt.proto(), Proto::Tcp | Proto::Udp);
                let (sp, dp) = if ports {
                    (pkt.sport(), pkt.dport())
                } else {
                    (0, 0)
                };
                check(
                    h.admits((pkt.src, sp, pkt.dst, dp), ctx.now_us),
                    Mismatch::HashLimit,
                )?
            }
        }
        Ok(())
    }
}

impl Match {
    /// Whether the kernel takes this match in a chain reached from the
    /// hooks in `mask` (xt_mac and xt_owner name their hooks; xt_owner
    /// refuses a reversed id range).
    pub fn valid_at(&self, mask: u8) -> bool {
        use super::hook::Hook;
        let only = |hooks: &[Hook]| {
            let allowed = hooks.iter().fold(0u8, |m, h| m | 1 << (*h as u8));
            mask & !allowed == 0
        };
        match self {
            Match::Mac(_) => only(&[Hook::Prerouting, Hook::Input, Hook::Forward]),
            Match::Physdev(p) => p.valid_in_output() || mask & (1 << (Hook::Output as u8)) == 0,
            Match::Owner(o) => o.valid() && only(&[Hook::Output, Hook::Postrouting]),
            Match::Recent(r) => r.valid(),
            Match::HashLimit(h) => h.srcmask <= 32 && h.dstmask <= 32,
            _ => true,
        }
    }
}

fn check(hit: bool, why: Mismatch) -> Result<(), Mismatch> {
    if hit {
        Ok(())
    } else {
        Err(why)
    }
}

/// Which socket sent the packet: none when it came in; the kernel's own
/// for what it answers with itself (echo replies, ICMP errors, resets).
fn from_socket(pkt: &Packet, ctx: &HookCtx) -> Sender {
    use crate::sim::packet::{TcpKind, L4};
    if ctx.in_iface.is_some() {
        return Sender::Nobody;
    }
    match pkt.l4 {
        L4::EchoReply { .. }
        | L4::Error { .. }
        | L4::Tcp {
            kind: TcpKind::Rst, ..
        } => Sender::Kernel,
        _ => Sender::Process,
    }
}
