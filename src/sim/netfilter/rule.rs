//! One iptables rule: the address/interface/protocol header, the match
//! extensions, the target, and its counters, and whether it matches a
//! packet. Follows iptables(8) and
//! iptables-extensions(8) as shipped in iptables 1.8.9; the save form
//! (`-A CHAIN ...`) is what `iptables -S` and `iptables-save` print.

use super::hook::HookCtx;
pub use super::iface::IfaceMatch;
use super::matches::{Match, MatchEnv, Mismatch};
pub use super::targets::{RejectWith, Target};
pub use super::tuple::Proto;
use crate::sim::packet::Ipv4Packet as Packet;
use core::net::Ipv4Addr;

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

/// `-p` with its `!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtoMatch {
    /// The protocol.
    pub proto: Proto,
    /// `!` given.
    pub invert: bool,
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
    /// `-f` (`Some(invert)`): simulated packets are never fragments.
    pub fragment: Option<bool>,
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
            fragment: None,
            matches: Vec::new(),
            target: Target::None,
            counters: Counters::default(),
        }
    }
}

impl Rule {
    /// The `opt` column of `-L`: `--`, or `-f`/`!f` for a fragment rule.
    pub fn opt_text(&self) -> &'static str {
        match self.fragment {
            None => "--",
            Some(false) => "-f",
            Some(true) => "!f",
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

/// Tests one rule against a packet: `Ok` or the first failing criterion.
/// Matches are tried in order, so a stateful one (`-m recent`) only sees
/// packets that passed those before it, as in the kernel.
pub fn rule_matches(
    rule: &Rule,
    pkt: &Packet,
    ctx: &HookCtx,
    env: &mut dyn MatchEnv,
) -> Result<(), Mismatch> {
    if let Some(p) = &rule.proto {
        if (p.proto == pkt.proto()) == p.invert {
            return Err(Mismatch::Protocol);
        }
    }
    if let Some(a) = &rule.src {
        if !a.matches(pkt.src) {
            return Err(Mismatch::Source);
        }
    }
    if let Some(a) = &rule.dst {
        if !a.matches(pkt.dst) {
            return Err(Mismatch::Destination);
        }
    }
    if let Some(i) = &rule.in_iface {
        if !i.matches(ctx.in_iface.as_deref()) {
            return Err(Mismatch::InIface);
        }
    }
    if let Some(i) = &rule.out_iface {
        if !i.matches(ctx.out_iface.as_deref()) {
            return Err(Mismatch::OutIface);
        }
    }
    if rule.fragment == Some(false) {
        return Err(Mismatch::Fragment);
    }
    for m in &rule.matches {
        m.test(pkt, ctx, env)?;
    }
    Ok(())
}
