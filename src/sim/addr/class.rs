//! What kind of address it is: classes A-E by their leading bits, scopes
//! (RFC 1918 private, loopback, link-local, ...) from IANA's special-purpose
//! registry (RFC 6890), and the facts ipcalc prints for v4 and v6.

use super::mask::prefix_to_mask;

use core::net::{Ipv4Addr, Ipv6Addr};
use ipnet::{Ipv4Net, Ipv6Net};

// ---------------------------------------------------------------- classes
/// The classful address classes of RFC 791 (only labels today: routing is
/// classless since CIDR, RFC 4632).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// Leading bit 0: 0.0.0.0 - 127.255.255.255, default /8.
    A,
    /// Leading bits 10: 128.0.0.0 - 191.255.255.255, default /16.
    B,
    /// Leading bits 110: 192.0.0.0 - 223.255.255.255, default /24.
    C,
    /// Leading bits 1110: multicast, 224.0.0.0 - 239.255.255.255.
    D,
    /// Leading bits 1111: reserved, 240.0.0.0 - 255.255.255.255.
    E,
}

impl Class {
    /// The class of an address, from its leading bits.
    pub fn of(addr: Ipv4Addr) -> Class {
        match u32::from(addr).leading_ones() {
            0 => Class::A,
            1 => Class::B,
            2 => Class::C,
            3 => Class::D,
            _ => Class::E,
        }
    }

    /// All classes, A to E.
    pub const ALL: [Class; 5] = [Class::A, Class::B, Class::C, Class::D, Class::E];

    /// `'A'` to `'E'`.
    pub fn letter(self) -> char {
        match self {
            Class::A => 'A',
            Class::B => 'B',
            Class::C => 'C',
            Class::D => 'D',
            Class::E => 'E',
        }
    }

    /// The fixed leading bits, e.g. `"110"` for class C.
    pub fn leading_bits(self) -> &'static str {
        match self {
            Class::A => "0",
            Class::B => "10",
            Class::C => "110",
            Class::D => "1110",
            Class::E => "1111",
        }
    }

    /// The default (classful) prefix length; none for D and E.
    pub fn default_prefix(self) -> Option<u8> {
        match self {
            Class::A => Some(8),
            Class::B => Some(16),
            Class::C => Some(24),
            Class::D | Class::E => None,
        }
    }

    /// The default mask; none for D and E.
    pub fn default_mask(self) -> Option<Ipv4Addr> {
        self.default_prefix().map(prefix_to_mask)
    }

    /// Network bits (including the leading bits) and host bits.
    pub fn bits(self) -> Option<(u8, u8)> {
        self.default_prefix().map(|p| (p, 32 - p))
    }

    /// First and last address of the class.
    pub fn range(self) -> (Ipv4Addr, Ipv4Addr) {
        let (first, last) = match self {
            Class::A => (0u8, 127u8),
            Class::B => (128, 191),
            Class::C => (192, 223),
            Class::D => (224, 239),
            Class::E => (240, 255),
        };
        (
            Ipv4Addr::new(first, 0, 0, 0),
            Ipv4Addr::new(last, 255, 255, 255),
        )
    }
}

// ---------------------------------------------------------------- special ranges
/// What kind of special-purpose block an address is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// 0.0.0.0/8, "this network" (RFC 791, RFC 1122).
    ThisNetwork,
    /// RFC 1918 private-use.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT shared space (RFC 6598).
    SharedCgnat,
    /// 127.0.0.0/8 (RFC 1122).
    Loopback,
    /// 169.254.0.0/16 (RFC 3927).
    LinkLocal,
    /// IETF protocol assignments inside 192.0.0.0/24 (RFC 6890).
    ProtocolAssignment,
    /// TEST-NET-1/2/3 (RFC 5737).
    Documentation,
    /// 198.18.0.0/15, benchmarking (RFC 2544).
    Benchmarking,
    /// 224.0.0.0/4 (RFC 5771).
    Multicast,
    /// 240.0.0.0/4, reserved (RFC 1112).
    Reserved,
    /// 255.255.255.255/32, limited broadcast (RFC 919).
    Broadcast,
    /// Anything else: globally routable unicast.
    Public,
}

impl Scope {
    /// A short label for badges.
    pub fn label(self) -> &'static str {
        match self {
            Scope::ThisNetwork => "this network",
            Scope::Private => "private (RFC 1918)",
            Scope::SharedCgnat => "CGNAT shared (RFC 6598)",
            Scope::Loopback => "loopback",
            Scope::LinkLocal => "link-local",
            Scope::ProtocolAssignment => "IETF protocol assignment",
            Scope::Documentation => "documentation (RFC 5737)",
            Scope::Benchmarking => "benchmarking (RFC 2544)",
            Scope::Multicast => "multicast",
            Scope::Reserved => "reserved (class E)",
            Scope::Broadcast => "limited broadcast",
            Scope::Public => "public",
        }
    }
}

/// One row of the special-purpose table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecialRange {
    /// The block.
    pub net: Ipv4Net,
    /// Its name in the registry.
    pub name: &'static str,
    /// The RFC that defines it.
    pub rfc: &'static str,
    /// Its kind.
    pub scope: Scope,
}

const fn special(
    [a, b, c, d]: [u8; 4],
    len: u8,
    name: &'static str,
    rfc: &'static str,
    scope: Scope,
) -> SpecialRange {
    SpecialRange {
        net: Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len),
        name,
        rfc,
        scope,
    }
}

/// IPv4 special-purpose blocks (RFC 6890 and successors), most specific
/// first so the first match is the best one.
#[rustfmt::skip]
pub static SPECIAL_RANGES: &[SpecialRange] = &[
    special([255, 255, 255, 255], 32, "Limited broadcast", "RFC 919", Scope::Broadcast),
    special([192, 0, 0, 170], 31, "NAT64/DNS64 discovery", "RFC 7050", Scope::ProtocolAssignment),
    special([192, 0, 0, 0], 29, "IPv4 service continuity prefix", "RFC 7335", Scope::ProtocolAssignment),
    special([0, 0, 0, 0], 8, "This network", "RFC 791", Scope::ThisNetwork),
    special([10, 0, 0, 0], 8, "Private-Use", "RFC 1918", Scope::Private),
    special([100, 64, 0, 0], 10, "Shared Address Space", "RFC 6598", Scope::SharedCgnat),
    special([127, 0, 0, 0], 8, "Loopback", "RFC 1122", Scope::Loopback),
    special([169, 254, 0, 0], 16, "Link Local", "RFC 3927", Scope::LinkLocal),
    special([172, 16, 0, 0], 12, "Private-Use", "RFC 1918", Scope::Private),
    special([192, 0, 2, 0], 24, "Documentation (TEST-NET-1)", "RFC 5737", Scope::Documentation),
    special([192, 168, 0, 0], 16, "Private-Use", "RFC 1918", Scope::Private),
    special([198, 18, 0, 0], 15, "Benchmarking", "RFC 2544", Scope::Benchmarking),
    special([198, 51, 100, 0], 24, "Documentation (TEST-NET-2)", "RFC 5737", Scope::Documentation),
    special([203, 0, 113, 0], 24, "Documentation (TEST-NET-3)", "RFC 5737", Scope::Documentation),
    special([224, 0, 0, 0], 4, "Multicast", "RFC 5771", Scope::Multicast),
    special([240, 0, 0, 0], 4, "Reserved", "RFC 1112", Scope::Reserved),
];

/// The special-purpose block an address is in, if any.
///
/// ```
/// use netbook::sim::addr::{special_range, Scope};
/// assert_eq!(special_range("100.64.1.1".parse().unwrap()).unwrap().scope, Scope::SharedCgnat);
/// assert!(special_range("8.8.8.8".parse().unwrap()).is_none());
/// ```
pub fn special_range(addr: Ipv4Addr) -> Option<&'static SpecialRange> {
    SPECIAL_RANGES.iter().find(|r| r.net.contains(&addr))
}

/// The scope of an address (`Public` when in no special block).
pub fn scope_of(addr: Ipv4Addr) -> Scope {
    special_range(addr).map_or(Scope::Public, |r| r.scope)
}

/// Not globally reachable per the special-purpose registry. Shared CGNAT
/// space is neither private nor global (RFC 6598), like Python's
/// `ipaddress.is_private`.
pub fn is_private(addr: Ipv4Addr) -> bool {
    !matches!(
        scope_of(addr),
        Scope::Public | Scope::SharedCgnat | Scope::Multicast
    )
}

/// Globally routable: neither private nor shared CGNAT space.
pub fn is_global(addr: Ipv4Addr) -> bool {
    !is_private(addr) && scope_of(addr) != Scope::SharedCgnat
}

// ---------------------------------------------------------------- prefix facts
/// Everything about one IPv4 address with its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V4Facts {
    /// The address as typed (host bits kept).
    pub addr: Ipv4Addr,
    /// The network (host bits cleared).
    pub net: Ipv4Net,
    /// Network address.
    pub network: Ipv4Addr,
    /// Broadcast address (all host bits set).
    pub broadcast: Ipv4Addr,
    /// Netmask.
    pub netmask: Ipv4Addr,
    /// Wildcard (host mask, Cisco ACL style).
    pub wildcard: Ipv4Addr,
    /// First usable host (/31: the network address, /32: the address).
    pub first_host: Ipv4Addr,
    /// Last usable host (/31: the broadcast address, /32: the address).
    pub last_host: Ipv4Addr,
    /// Usable hosts: 2^(32-p)-2, or 2 for /31 (RFC 3021), 1 for /32.
    pub host_count: u64,
    /// All addresses in the prefix, 2^(32-p).
    pub num_addresses: u64,
    /// The class of the address.
    pub class: Class,
    /// The special block of the address.
    pub scope: Scope,
}

impl V4Facts {
    /// Computes the facts of `addr/prefix`.
    ///
    /// ```
    /// use netbook::sim::addr::{parse_v4_net, V4Facts};
    /// let f = V4Facts::of(parse_v4_net("192.168.10.77/26").unwrap());
    /// assert_eq!(f.network.to_string(), "192.168.10.64");
    /// assert_eq!(f.broadcast.to_string(), "192.168.10.127");
    /// assert_eq!(f.wildcard.to_string(), "0.0.0.63");
    /// assert_eq!((f.first_host.to_string(), f.host_count), ("192.168.10.65".to_string(), 62));
    /// ```
    pub fn of(net: Ipv4Net) -> V4Facts {
        let network = net.network();
        let broadcast = net.broadcast();
        let num_addresses = 1u64 << (32 - net.prefix_len());
        let (first_host, last_host, host_count) = match net.prefix_len() {
            32 => (net.addr(), net.addr(), 1),
            31 => (network, broadcast, 2),
            _ => (
                Ipv4Addr::from(u32::from(network) + 1),
                Ipv4Addr::from(u32::from(broadcast) - 1),
                num_addresses - 2,
            ),
        };
        V4Facts {
            addr: net.addr(),
            net: net.trunc(),
            network,
            broadcast,
            netmask: net.netmask(),
            wildcard: net.hostmask(),
            first_host,
            last_host,
            host_count,
            num_addresses,
            class: Class::of(net.addr()),
            scope: scope_of(net.addr()),
        }
    }

    /// The study note's convention: the gateway is usually the first usable
    /// host (`.1`). A convention, not a rule: any on-link address can be
    /// the gateway. None for /31 and /32, which have no spare address.
    pub fn gateway_convention(&self) -> Option<Ipv4Addr> {
        (self.net.prefix_len() <= 30).then_some(self.first_host)
    }
}

/// The basic facts of an IPv6 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V6Facts {
    /// The address as typed.
    pub addr: Ipv6Addr,
    /// The prefix (host bits cleared).
    pub net: Ipv6Net,
    /// First address of the prefix.
    pub network: Ipv6Addr,
    /// Last address of the prefix (IPv6 has no broadcast).
    pub last: Ipv6Addr,
    /// Netmask.
    pub netmask: Ipv6Addr,
    /// Host mask.
    pub hostmask: Ipv6Addr,
    /// Host bits: the prefix holds 2^host_bits addresses.
    pub host_bits: u8,
    /// Scope of the address.
    pub scope: V6Scope,
}

/// IPv6 address kinds (RFC 4291, RFC 4193, RFC 3849).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum V6Scope {
    /// `::`.
    Unspecified,
    /// `::1`.
    Loopback,
    /// `::ffff:0:0/96`.
    Ipv4Mapped,
    /// `fe80::/10`.
    LinkLocal,
    /// `fc00::/7`, unique local (RFC 4193).
    UniqueLocal,
    /// `ff00::/8`.
    Multicast,
    /// `2001:db8::/32` (RFC 3849).
    Documentation,
    /// `2000::/3`.
    GlobalUnicast,
    /// Anything else (reserved by IETF).
    Reserved,
}

impl V6Scope {
    /// The kind of an IPv6 address.
    pub fn of(a: Ipv6Addr) -> V6Scope {
        let s = a.segments();
        if a.is_unspecified() {
            V6Scope::Unspecified
        } else if a.is_loopback() {
            V6Scope::Loopback
        } else if s[..5] == [0; 5] && s[5] == 0xffff {
            V6Scope::Ipv4Mapped
        } else if s[0] & 0xffc0 == 0xfe80 {
            V6Scope::LinkLocal
        } else if s[0] & 0xfe00 == 0xfc00 {
            V6Scope::UniqueLocal
        } else if s[0] & 0xff00 == 0xff00 {
            V6Scope::Multicast
        } else if s[0] == 0x2001 && s[1] == 0x0db8 {
            V6Scope::Documentation
        } else if s[0] & 0xe000 == 0x2000 {
            V6Scope::GlobalUnicast
        } else {
            V6Scope::Reserved
        }
    }

    /// A short label for badges.
    pub fn label(self) -> &'static str {
        match self {
            V6Scope::Unspecified => "unspecified",
            V6Scope::Loopback => "loopback",
            V6Scope::Ipv4Mapped => "IPv4-mapped",
            V6Scope::LinkLocal => "link-local",
            V6Scope::UniqueLocal => "unique local (RFC 4193)",
            V6Scope::Multicast => "multicast",
            V6Scope::Documentation => "documentation (RFC 3849)",
            V6Scope::GlobalUnicast => "global unicast",
            V6Scope::Reserved => "reserved",
        }
    }
}

impl V6Facts {
    /// Computes the facts of an IPv6 prefix.
    ///
    /// ```
    /// use netbook::sim::addr::{parse_v6_net, V6Facts, V6Scope};
    /// let f = V6Facts::of(parse_v6_net("fe80::1/64").unwrap());
    /// assert_eq!(f.network.to_string(), "fe80::");
    /// assert_eq!(f.last.to_string(), "fe80::ffff:ffff:ffff:ffff");
    /// assert_eq!((f.host_bits, f.scope), (64, V6Scope::LinkLocal));
    /// ```
    pub fn of(net: Ipv6Net) -> V6Facts {
        V6Facts {
            addr: net.addr(),
            net: net.trunc(),
            network: net.network(),
            last: net.broadcast(),
            netmask: net.netmask(),
            hostmask: net.hostmask(),
            host_bits: 128 - net.prefix_len(),
            scope: V6Scope::of(net.addr()),
        }
    }

    /// Number of addresses, when it fits in a u128 (all but ::/0).
    pub fn num_addresses(&self) -> Option<u128> {
        1u128.checked_shl(u32::from(self.host_bits))
    }
}
