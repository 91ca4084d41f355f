//! What every iproute2 view shares: the global options (`-br`, `-o`, `-c`,
//! ...), interface names with their `@peer`, states and colours.

use crate::sim::link::{IfAddr, IfName, LinkKind, OperState};
use crate::sim::{LinkId, World};
use core::net::Ipv4Addr;

/// The global options of `ip` that change how things are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShowOpts {
    /// `-br`: one terse line per interface.
    pub brief: bool,
    /// `-o`: one line per record, newlines turned into `\`.
    pub oneline: bool,
    /// `-4` / `-6`: only that family (0: both).
    pub family: u8,
    /// `-s` given this many times.
    pub stats: u8,
    /// `-c`: ANSI colours.
    pub color: bool,
    /// `-d`: details.
    pub details: bool,
    /// `ip addr show to|scope|label`: which addresses.
    pub select: AddrSelect,
    /// `ip -6 addr` over all links: iproute2 dumps links of family
    /// AF_INET6, whose short message has no qdisc, master or group.
    pub inet6_dump: bool,
}

/// The address selectors of `ip addr show|flush` (ipaddress.c's filter):
/// `to PREFIX`, `scope S`, `label PATTERN` (a shell glob).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddrSelect {
    /// `to PREFIX`: the address lies in it (IPv4 only then).
    pub to: Option<(Ipv4Addr, u8)>,
    /// `scope S` (`all`: none).
    pub scope: Option<u8>,
    /// `label PATTERN`, matched against the label or the device name.
    pub label: Option<IfName>,
    /// `[-]FLAG` words: the IFA_F_* bits in `flag_mask` must equal these.
    pub flags: u16,
    /// The IFA_F_* bits a flag word named.
    pub flag_mask: u16,
}

/// IFA_F_SECONDARY (also `temporary`).
pub const IFA_F_SECONDARY: u16 = 0x01;
/// IFA_F_PERMANENT (`dynamic` is its absence).
pub const IFA_F_PERMANENT: u16 = 0x80;
/// IFA_F_DEPRECATED.
pub const IFA_F_DEPRECATED: u16 = 0x20;

/// Whether the `i`th IPv4 address of a link is secondary (an earlier one
/// holds its subnet).
pub fn is_secondary(addrs: &[IfAddr], i: usize) -> bool {
    addrs[..i].iter().any(|b| b.net() == addrs[i].net())
}

impl AddrSelect {
    /// Any selector was given: links without a chosen address are left out.
    pub fn any(&self) -> bool {
        self.to.is_some() || self.scope.is_some() || self.label.is_some() || self.flag_mask != 0
    }

    /// Whether an address with these IFA_F_* flags passes the flag words
    /// (no DAD: nothing is tentative).
    fn flags_pass(&self, secondary: bool) -> bool {
        self.ifa_flags_pass(IFA_F_PERMANENT, secondary)
    }

    fn ifa_flags_pass(&self, base: u16, secondary: bool) -> bool {
        let f = base | if secondary { IFA_F_SECONDARY } else { 0 };
        (f ^ self.flags) & self.flag_mask == 0
    }

    /// Whether an IPv4 address of device `dev` is chosen (at `now_us`,
    /// for its lifetimes).
    pub fn v4(&self, dev: IfName, a: &IfAddr, secondary: bool, now_us: u64) -> bool {
        let base = if a.lft.is_none() { IFA_F_PERMANENT } else { 0 }
            | if a.is_deprecated(now_us) {
                IFA_F_DEPRECATED
            } else {
                0
            };
        let in_to = self.to.is_none_or(|(net, len)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(a.local) & mask == u32::from(net) & mask
        });
        let label = a.label.unwrap_or(dev);
        in_to
            && self.ifa_flags_pass(base, secondary)
            && self.scope.is_none_or(|s| s == a.scope)
            && self
                .label
                .is_none_or(|p| glob(&p.to_string(), &label.to_string()))
    }

    /// Whether the IPv6 address (of scope `scope`) of device `dev` is chosen.
    pub fn v6(&self, dev: IfName, scope: u8) -> bool {
        self.to.is_none()
            && self.flags_pass(false)
            && self.scope.is_none_or(|s| s == scope)
            && self
                .label
                .is_none_or(|p| glob(&p.to_string(), &dev.to_string()))
    }
}

/// fnmatch(3) without flags: `*`, `?` and plain characters.
fn glob(pat: &str, s: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pat.chars().collect(), s.chars().collect());
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(st) = star {
            i = st + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

pub(crate) const CYAN: &str = "\x1b[36m";
pub(crate) const GREEN: &str = "\x1b[32m";
pub(crate) const RED: &str = "\x1b[31m";
pub(crate) const YELLOW: &str = "\x1b[33m";
pub(crate) const MAGENTA: &str = "\x1b[35m";
pub(crate) const BLUE: &str = "\x1b[34m";
pub(crate) const RESET: &str = "\x1b[0m";

pub(crate) fn paint(on: bool, color: &str, s: &str) -> String {
    if on {
        format!("{color}{s}{RESET}")
    } else {
        s.to_string()
    }
}

pub(crate) fn state_color(s: OperState) -> Option<&'static str> {
    match s {
        OperState::Up => Some(GREEN),
        OperState::Down | OperState::LowerLayerDown => Some(RED),
        OperState::Unknown => None,
    }
}

/// `veth1@veth1-br` (peer here) or `veth1@if4` (peer elsewhere) or `veth1`.
pub fn ifname_at(w: &World, id: LinkId) -> String {
    let l = w.link(id);
    match l.kind {
        LinkKind::Veth { peer } => {
            let p = w.link(peer);
            if p.netns == l.netns {
                format!("{}@{}", l.name, p.name)
            } else {
                format!("{}@if{}", l.name, p.ifindex)
            }
        }
        _ => l.name.to_string(),
    }
}

pub(crate) fn qdisc(w: &World, id: LinkId) -> &'static str {
    let l = w.link(id);
    match l.kind {
        LinkKind::Ether => "fq_codel",
        _ if l.ever_up => "noqueue",
        _ => "noop",
    }
}
