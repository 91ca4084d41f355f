//! IP addressing and subnetting: classes, masks, special ranges, subnet math.
//!
//! Models chapter 1 of the study note on top of the `ipnet` crate, and uses
//! its vocabulary (`network()`, `broadcast()`, `netmask()`, `hostmask()`,
//! `trunc()`). References: RFC 791 (classes), RFC 950 (subnetting),
//! RFC 4632 (CIDR), RFC 1918 (private), RFC 3021 (/31 links), RFC 3927
//! (link-local), RFC 5737 (documentation), RFC 6598 (CGNAT shared space),
//! RFC 6890 (special-purpose registry), RFC 4291 (IPv6 addressing).
//!
//! Everything is a pure function over `std::net` values. Splits that can be
//! huge (a /8 into /30s has 4,194,304 subnets) are lazy iterators.
//!
//! ```
//! use netbook::sim::addr::{self, Class};
//! let net = addr::parse_v4_net("211.168.83.0").unwrap(); // class C: /24
//! assert_eq!(addr::Class::of(net.addr()), Class::C);
//! let split = addr::split_into_count(net, 5).unwrap();
//! assert_eq!(split.new_prefix(), 27);
//! assert_eq!(split.netmask().to_string(), "255.255.255.224");
//! assert_eq!((split.count(), split.hosts_per_subnet()), (8, 30));
//! ```

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// Why an address, mask or subnetting request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddrError {
    /// The text is not four dotted decimal octets.
    #[error("invalid address `{input}`: expected four decimal octets like 192.168.1.10")]
    BadAddress {
        /// What was typed.
        input: String,
    },
    /// One octet is over 255.
    #[error("invalid address `{input}`: octet {position} is {value}, over 255")]
    OctetTooLarge {
        /// What was typed.
        input: String,
        /// Which octet (1 to 4).
        position: usize,
        /// Its value.
        value: u32,
    },
    /// A prefix length over the family's maximum (32 or 128).
    #[error("invalid prefix length `/{input}`: must be 0 to {max}")]
    PrefixTooLong {
        /// What was typed after the slash.
        input: String,
        /// 32 for IPv4, 128 for IPv6.
        max: u8,
    },
    /// A mask whose ones are not contiguous from the left.
    #[error("invalid netmask `{input}`: bit {bit} is 1 after a 0 bit (a mask is ones then zeros)")]
    NonContiguousMask {
        /// What was typed.
        input: String,
        /// The first offending bit, counted from 1 at the left.
        bit: u8,
    },
    /// Neither a prefix length nor a dotted mask.
    #[error("invalid netmask `{input}`: expected /NN or a dotted mask like 255.255.255.0")]
    BadMask {
        /// What was typed.
        input: String,
    },
    /// Not an IPv6 address.
    #[error("invalid IPv6 address `{input}`")]
    BadAddress6 {
        /// What was typed.
        input: String,
    },
    /// A bare class D or E address has no default mask.
    #[error("`{input}` is class {class}: classes D and E have no default mask, give a prefix")]
    NoDefaultMask {
        /// What was typed.
        input: String,
        /// The class letter.
        class: char,
    },
    /// The split needs more bits than the network has.
    #[error(
        "{parent} cannot be split into {requested}: only {available} host bits to borrow from"
    )]
    NotEnoughBits {
        /// The network being split.
        parent: Ipv4Net,
        /// What was asked, in words.
        requested: String,
        /// Host bits of the parent.
        available: u8,
    },
    /// The VLSM plan does not fit in the parent.
    #[error("{parent} is too small: the plan needs {needed} addresses, it has {available}")]
    PlanTooLarge {
        /// The network being split.
        parent: Ipv4Net,
        /// Addresses needed (sum of rounded block sizes).
        needed: u64,
        /// Addresses in the parent.
        available: u64,
    },
    /// An empty request (no subnets, no prefixes).
    #[error("{0}")]
    Empty(&'static str),
    /// Prefixes of different families mixed.
    #[error("cannot mix IPv4 and IPv6 prefixes")]
    MixedFamilies,
}

// ---------------------------------------------------------------- parsing

/// Parses a dotted-quad IPv4 address, naming the bad octet on error.
///
/// ```
/// use netbook::sim::addr::parse_ipv4;
/// assert_eq!(parse_ipv4("10.0.0.1").unwrap().to_string(), "10.0.0.1");
/// assert!(parse_ipv4("10.0.300.1").unwrap_err().to_string().contains("octet 3 is 300"));
/// ```
pub fn parse_ipv4(input: &str) -> Result<Ipv4Addr, AddrError> {
    let bad = || AddrError::BadAddress {
        input: input.to_string(),
    };
    let parts: Vec<&str> = input.split('.').collect();
    if parts.len() != 4 {
        return Err(bad());
    }
    let mut octets = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let value: u32 = p.parse().map_err(|_| bad())?;
        if value > 255 {
            return Err(AddrError::OctetTooLarge {
                input: input.to_string(),
                position: i + 1,
                value,
            });
        }
        octets[i] = value as u8;
    }
    Ok(Ipv4Addr::from(octets))
}

/// The prefix length of a contiguous mask, or the first bad bit.
pub fn mask_to_prefix(mask: Ipv4Addr) -> Result<u8, u8> {
    let m = u32::from(mask);
    let ones = m.leading_ones();
    if m.checked_shl(ones).unwrap_or(0) == 0 {
        Ok(ones as u8)
    } else {
        // First 1 bit after the run of ones and the zero that ends it.
        let rest = m << ones;
        let zeros = rest.leading_zeros();
        Err((ones + zeros + 1) as u8)
    }
}

/// The netmask of a prefix length (0..=32).
pub fn prefix_to_mask(prefix: u8) -> Ipv4Addr {
    Ipv4Addr::from(
        u32::MAX
            .checked_shl(32 - u32::from(prefix.min(32)))
            .unwrap_or(0),
    )
}

/// Parses a mask: `24`, `/24` or `255.255.255.0`; returns the prefix length.
///
/// ```
/// use netbook::sim::addr::parse_mask;
/// assert_eq!(parse_mask("/27").unwrap(), 27);
/// assert_eq!(parse_mask("255.255.255.224").unwrap(), 27);
/// assert!(parse_mask("255.0.255.0").is_err());
/// assert!(parse_mask("33").is_err());
/// ```
pub fn parse_mask(input: &str) -> Result<u8, AddrError> {
    let body = input.strip_prefix('/').unwrap_or(input);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        return match body.parse::<u32>() {
            Ok(n) if n <= 32 => Ok(n as u8),
            _ => Err(AddrError::PrefixTooLong {
                input: body.to_string(),
                max: 32,
            }),
        };
    }
    if body.contains('.') {
        let mask = parse_ipv4(body)?;
        return mask_to_prefix(mask).map_err(|bit| AddrError::NonContiguousMask {
            input: body.to_string(),
            bit,
        });
    }
    Err(AddrError::BadMask {
        input: input.to_string(),
    })
}

/// Parses `a.b.c.d/nn`, `a.b.c.d/255.255.255.0`, `a.b.c.d 255.255.255.0`
/// or a bare address (the class's default mask). Host bits are kept
/// (`addr()` is what was typed; `trunc()` gives the network).
///
/// ```
/// use netbook::sim::addr::parse_v4_net;
/// assert_eq!(parse_v4_net("10.1.2.3").unwrap().to_string(), "10.1.2.3/8");
/// assert_eq!(parse_v4_net("192.168.1.7 255.255.255.0").unwrap().to_string(), "192.168.1.7/24");
/// assert_eq!(parse_v4_net("172.16.0.1/255.255.0.0").unwrap().prefix_len(), 16);
/// ```
pub fn parse_v4_net(input: &str) -> Result<Ipv4Net, AddrError> {
    let input = input.trim();
    let (addr_s, mask_s) = match input.split_once('/') {
        Some((a, m)) => (a.trim(), Some(m.trim())),
        None => match input.split_once(char::is_whitespace) {
            Some((a, m)) => (a, Some(m.trim())),
            None => (input, None),
        },
    };
    let addr = parse_ipv4(addr_s)?;
    let prefix = match mask_s {
        Some(m) => parse_mask(m)?,
        None => {
            let class = Class::of(addr);
            class.default_prefix().ok_or(AddrError::NoDefaultMask {
                input: input.to_string(),
                class: class.letter(),
            })?
        }
    };
    Ok(Ipv4Net::new(addr, prefix).expect("prefix checked to be <= 32"))
}

/// Parses an IPv6 prefix `addr/len` (a bare address is a /128).
pub fn parse_v6_net(input: &str) -> Result<Ipv6Net, AddrError> {
    let input = input.trim();
    let (a, len) = match input.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (input, None),
    };
    let addr: Ipv6Addr = a.parse().map_err(|_| AddrError::BadAddress6 {
        input: a.to_string(),
    })?;
    let prefix = match len {
        None => 128,
        Some(l) => match l.parse::<u32>() {
            Ok(n) if n <= 128 => n as u8,
            _ => {
                return Err(AddrError::PrefixTooLong {
                    input: l.to_string(),
                    max: 128,
                })
            }
        },
    };
    Ok(Ipv6Net::new(addr, prefix).expect("prefix checked to be <= 128"))
}

/// Parses an IPv4 or IPv6 prefix (IPv6 when the text has a colon).
pub fn parse_net(input: &str) -> Result<IpNet, AddrError> {
    if input.contains(':') {
        parse_v6_net(input).map(IpNet::V6)
    } else {
        parse_v4_net(input).map(IpNet::V4)
    }
}

/// Parses a prefix, or a bare address as a single host (/32 or /128),
/// the reading `contains` and routing want.
///
/// ```
/// use netbook::sim::addr::parse_prefix_or_host;
/// assert_eq!(parse_prefix_or_host("10.2.3.4").unwrap().to_string(), "10.2.3.4/32");
/// assert_eq!(parse_prefix_or_host("10.2.0.0/16").unwrap().to_string(), "10.2.0.0/16");
/// ```
pub fn parse_prefix_or_host(input: &str) -> Result<IpNet, AddrError> {
    let t = input.trim();
    if t.contains('/') || t.contains(char::is_whitespace) {
        return parse_net(t);
    }
    if t.contains(':') {
        return parse_v6_net(t).map(IpNet::V6);
    }
    parse_ipv4(t).map(|a| IpNet::V4(Ipv4Net::new_assert(a, 32)))
}

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
pub static SPECIAL_RANGES: &[SpecialRange] = &[
    special(
        [255, 255, 255, 255],
        32,
        "Limited broadcast",
        "RFC 919",
        Scope::Broadcast,
    ),
    special(
        [192, 0, 0, 170],
        31,
        "NAT64/DNS64 discovery",
        "RFC 7050",
        Scope::ProtocolAssignment,
    ),
    special(
        [192, 0, 0, 0],
        29,
        "IPv4 service continuity prefix",
        "RFC 7335",
        Scope::ProtocolAssignment,
    ),
    special(
        [0, 0, 0, 0],
        8,
        "This network",
        "RFC 791",
        Scope::ThisNetwork,
    ),
    special([10, 0, 0, 0], 8, "Private-Use", "RFC 1918", Scope::Private),
    special(
        [100, 64, 0, 0],
        10,
        "Shared Address Space",
        "RFC 6598",
        Scope::SharedCgnat,
    ),
    special([127, 0, 0, 0], 8, "Loopback", "RFC 1122", Scope::Loopback),
    special(
        [169, 254, 0, 0],
        16,
        "Link Local",
        "RFC 3927",
        Scope::LinkLocal,
    ),
    special(
        [172, 16, 0, 0],
        12,
        "Private-Use",
        "RFC 1918",
        Scope::Private,
    ),
    special(
        [192, 0, 2, 0],
        24,
        "Documentation (TEST-NET-1)",
        "RFC 5737",
        Scope::Documentation,
    ),
    special(
        [192, 168, 0, 0],
        16,
        "Private-Use",
        "RFC 1918",
        Scope::Private,
    ),
    special(
        [198, 18, 0, 0],
        15,
        "Benchmarking",
        "RFC 2544",
        Scope::Benchmarking,
    ),
    special(
        [198, 51, 100, 0],
        24,
        "Documentation (TEST-NET-2)",
        "RFC 5737",
        Scope::Documentation,
    ),
    special(
        [203, 0, 113, 0],
        24,
        "Documentation (TEST-NET-3)",
        "RFC 5737",
        Scope::Documentation,
    ),
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

// ---------------------------------------------------------------- subnetting

/// A network cut into equal subnets of a longer prefix. Cheap to build;
/// the subnets come from [`Split::iter`], lazily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    parent: Ipv4Net,
    new_prefix: u8,
}

impl Split {
    /// Cuts `parent` (host bits ignored) into /`new_prefix` subnets.
    pub fn new(parent: Ipv4Net, new_prefix: u8) -> Result<Split, AddrError> {
        if new_prefix > 32 {
            return Err(AddrError::PrefixTooLong {
                input: new_prefix.to_string(),
                max: 32,
            });
        }
        if new_prefix < parent.prefix_len() {
            return Err(AddrError::NotEnoughBits {
                parent: parent.trunc(),
                requested: format!("/{new_prefix} subnets (shorter than the parent)"),
                available: 32 - parent.prefix_len(),
            });
        }
        Ok(Split {
            parent: parent.trunc(),
            new_prefix,
        })
    }

    /// The network being split.
    pub fn parent(&self) -> Ipv4Net {
        self.parent
    }

    /// The prefix length of each subnet.
    pub fn new_prefix(&self) -> u8 {
        self.new_prefix
    }

    /// Bits borrowed from the host part.
    pub fn borrowed_bits(&self) -> u8 {
        self.new_prefix - self.parent.prefix_len()
    }

    /// The subnets' netmask.
    pub fn netmask(&self) -> Ipv4Addr {
        prefix_to_mask(self.new_prefix)
    }

    /// How many subnets: 2^borrowed.
    pub fn count(&self) -> u64 {
        1u64 << self.borrowed_bits()
    }

    /// Addresses in each subnet.
    pub fn addresses_per_subnet(&self) -> u64 {
        1u64 << (32 - self.new_prefix)
    }

    /// Usable hosts in each subnet (RFC 3021 for /31, 1 for /32).
    pub fn hosts_per_subnet(&self) -> u64 {
        match self.new_prefix {
            32 => 1,
            31 => 2,
            _ => self.addresses_per_subnet() - 2,
        }
    }

    /// The subnets in order, lazily (never collected).
    pub fn iter(&self) -> SubnetIter {
        SubnetIter {
            base: u32::from(self.parent.network()),
            step_shift: 32 - u32::from(self.new_prefix),
            prefix: self.new_prefix,
            next: 0,
            end: self.count(),
        }
    }
}

impl IntoIterator for &Split {
    type Item = Ipv4Net;
    type IntoIter = SubnetIter;
    fn into_iter(self) -> SubnetIter {
        self.iter()
    }
}

/// Lazy iterator over the subnets of a [`Split`].
#[derive(Debug, Clone)]
pub struct SubnetIter {
    base: u32,
    step_shift: u32,
    prefix: u8,
    next: u64,
    end: u64,
}

impl Iterator for SubnetIter {
    type Item = Ipv4Net;

    #[inline]
    fn next(&mut self) -> Option<Ipv4Net> {
        if self.next >= self.end {
            return None;
        }
        // `next << step_shift` < 2^32 because next < 2^(prefix - parent).
        let offset = (self.next << self.step_shift) as u32;
        self.next += 1;
        Some(Ipv4Net::new_assert(
            Ipv4Addr::from(self.base | offset),
            self.prefix,
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.end - self.next).unwrap_or(usize::MAX);
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Ipv4Net> {
        self.next = self.next.saturating_add(n as u64).min(self.end);
        self.next()
    }
}

impl ExactSizeIterator for SubnetIter {}

/// Bits needed to make at least `n` of something: ceil(log2 n).
fn bits_for(n: u64) -> u32 {
    if n <= 1 {
        0
    } else {
        64 - (n - 1).leading_zeros()
    }
}

/// Splits into at least `n` subnets: borrows ceil(log2 n) host bits.
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, split_into_count};
/// let s = split_into_count(parse_v4_net("10.0.0.0/8").unwrap(), 4_000_000).unwrap();
/// assert_eq!((s.new_prefix(), s.count()), (30, 4_194_304));
/// assert_eq!(s.iter().nth(1).unwrap().to_string(), "10.0.0.4/30");
/// ```
pub fn split_into_count(parent: Ipv4Net, n: u64) -> Result<Split, AddrError> {
    if n == 0 {
        return Err(AddrError::Empty("the number of subnets must be at least 1"));
    }
    let borrowed = bits_for(n);
    let available = 32 - u32::from(parent.prefix_len());
    if borrowed > available {
        return Err(AddrError::NotEnoughBits {
            parent: parent.trunc(),
            requested: format!("{n} subnets (needs {borrowed} bits)"),
            available: available as u8,
        });
    }
    Split::new(parent, parent.prefix_len() + borrowed as u8)
}

/// The longest prefix whose subnets hold at least `hosts` usable hosts,
/// the textbook way: network and broadcast are reserved, so the smallest
/// block is a /30. A /31 (RFC 3021) is never chosen here; ask for it by
/// prefix.
///
/// ```
/// use netbook::sim::addr::prefix_for_hosts;
/// assert_eq!(prefix_for_hosts(2), Some(30));
/// assert_eq!(prefix_for_hosts(30), Some(27));
/// assert_eq!(prefix_for_hosts(31), Some(26));
/// ```
pub fn prefix_for_hosts(hosts: u64) -> Option<u8> {
    let bits = bits_for(hosts.saturating_add(2)).max(2);
    (bits <= 32).then(|| 32 - bits as u8)
}

/// Splits into subnets of at least `hosts` usable hosts each.
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, split_by_hosts};
/// let s = split_by_hosts(parse_v4_net("192.168.1.0/24").unwrap(), 30).unwrap();
/// assert_eq!((s.new_prefix(), s.count(), s.hosts_per_subnet()), (27, 8, 30));
/// ```
pub fn split_by_hosts(parent: Ipv4Net, hosts: u64) -> Result<Split, AddrError> {
    let available = 32 - parent.prefix_len();
    match prefix_for_hosts(hosts) {
        Some(p) if p >= parent.prefix_len() => Split::new(parent, p),
        _ => Err(AddrError::NotEnoughBits {
            parent: parent.trunc(),
            requested: format!("subnets of {hosts} hosts"),
            available,
        }),
    }
}

/// One block of a VLSM plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VlsmBlock {
    /// Position of the request in the input list (0-based).
    pub index: usize,
    /// Hosts asked for.
    pub requested: u64,
    /// The subnet given.
    pub net: Ipv4Net,
}

/// A VLSM plan: blocks in allocation order (largest first) and what is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlsmPlan {
    /// The network being carved.
    pub parent: Ipv4Net,
    /// Blocks, largest first, adjacent and never overlapping.
    pub blocks: Vec<VlsmBlock>,
    /// The rest of the parent as the fewest CIDR blocks.
    pub unused: Vec<Ipv4Net>,
}

/// Plans variable-length subnets for host counts: largest first, each block
/// placed right after the previous one (aligned, because sizes only shrink).
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, vlsm};
/// let plan = vlsm(parse_v4_net("192.168.1.0/24").unwrap(), &[50, 20, 10]).unwrap();
/// let nets: Vec<String> = plan.blocks.iter().map(|b| b.net.to_string()).collect();
/// assert_eq!(nets, ["192.168.1.0/26", "192.168.1.64/27", "192.168.1.96/28"]);
/// assert_eq!(plan.unused[0].to_string(), "192.168.1.112/28");
/// ```
pub fn vlsm(parent: Ipv4Net, hosts: &[u64]) -> Result<VlsmPlan, AddrError> {
    if hosts.is_empty() {
        return Err(AddrError::Empty("give at least one host count"));
    }
    let parent = parent.trunc();
    let available = 1u64 << (32 - parent.prefix_len());
    let mut order: Vec<(usize, u64, u8)> = Vec::with_capacity(hosts.len());
    let mut needed: u64 = 0;
    for (i, &h) in hosts.iter().enumerate() {
        let p = prefix_for_hosts(h).ok_or(AddrError::PlanTooLarge {
            parent,
            needed: h,
            available,
        })?;
        needed = needed.saturating_add(1u64 << (32 - p));
        order.push((i, h, p));
    }
    if needed > available {
        return Err(AddrError::PlanTooLarge {
            parent,
            needed,
            available,
        });
    }
    // Stable sort: equal sizes keep the order they were asked in.
    order.sort_by_key(|&(_, _, p)| p);
    let mut next = u64::from(u32::from(parent.network()));
    let mut blocks = Vec::with_capacity(order.len());
    for (index, requested, p) in order {
        blocks.push(VlsmBlock {
            index,
            requested,
            net: Ipv4Net::new_assert(Ipv4Addr::from(next as u32), p),
        });
        next += 1u64 << (32 - p);
    }
    let end = u64::from(u32::from(parent.broadcast()));
    let unused = if next <= end {
        deaggregate(Ipv4Addr::from(next as u32), parent.broadcast())
    } else {
        Vec::new()
    };
    Ok(VlsmPlan {
        parent,
        blocks,
        unused,
    })
}

/// The fewest CIDR blocks covering `first..=last` exactly.
///
/// ```
/// use netbook::sim::addr::deaggregate;
/// let v = deaggregate("10.0.0.3".parse().unwrap(), "10.0.0.8".parse().unwrap());
/// let v: Vec<String> = v.iter().map(|n| n.to_string()).collect();
/// assert_eq!(v, ["10.0.0.3/32", "10.0.0.4/30", "10.0.0.8/32"]);
/// ```
pub fn deaggregate(first: Ipv4Addr, last: Ipv4Addr) -> Vec<Ipv4Net> {
    let mut out = Vec::new();
    let mut base = u64::from(u32::from(first));
    let end = u64::from(u32::from(last));
    while base <= end {
        // Largest aligned block starting at base that stays within end.
        let mut size_bits = if base == 0 {
            32
        } else {
            base.trailing_zeros().min(32)
        };
        while base + (1u64 << size_bits) - 1 > end {
            size_bits -= 1;
        }
        out.push(Ipv4Net::new_assert(
            Ipv4Addr::from(base as u32),
            32 - size_bits as u8,
        ));
        base += 1u64 << size_bits;
    }
    out
}

/// Summarises prefixes into the fewest covering prefixes (route
/// aggregation: merges adjacent and nested blocks, never adds space).
///
/// ```
/// use netbook::sim::addr::{parse_net, summarize};
/// let nets: Vec<_> = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23"].iter().map(|s| parse_net(s).unwrap()).collect();
/// assert_eq!(summarize(&nets).unwrap()[0].to_string(), "10.0.0.0/22");
/// ```
pub fn summarize(nets: &[IpNet]) -> Result<Vec<IpNet>, AddrError> {
    if nets.is_empty() {
        return Err(AddrError::Empty("give at least one prefix"));
    }
    let truncated: Vec<IpNet> = nets.iter().map(IpNet::trunc).collect();
    Ok(IpNet::aggregate(&truncated))
}

/// The smallest single prefix covering all of `nets` (a supernet; it may
/// include space the inputs did not).
///
/// ```
/// use netbook::sim::addr::{parse_net, supernet};
/// let nets: Vec<_> = ["192.168.1.0/24", "192.168.6.0/24"].iter().map(|s| parse_net(s).unwrap()).collect();
/// assert_eq!(supernet(&nets).unwrap().to_string(), "192.168.0.0/21");
/// ```
pub fn supernet(nets: &[IpNet]) -> Result<IpNet, AddrError> {
    let first = nets
        .first()
        .ok_or(AddrError::Empty("give at least one prefix"))?;
    let mut acc = first.trunc();
    for n in &nets[1..] {
        acc = match (acc, n) {
            (IpNet::V4(a), IpNet::V4(b)) => {
                let x = u32::from(a.network()) ^ u32::from(b.network());
                let common = (x.leading_zeros() as u8)
                    .min(a.prefix_len())
                    .min(b.prefix_len());
                IpNet::V4(Ipv4Net::new_assert(a.network(), common).trunc())
            }
            (IpNet::V6(a), IpNet::V6(b)) => {
                let x = u128::from(a.network()) ^ u128::from(b.network());
                let common = (x.leading_zeros() as u8)
                    .min(a.prefix_len())
                    .min(b.prefix_len());
                IpNet::V6(Ipv6Net::new_assert(a.network(), common).trunc())
            }
            _ => return Err(AddrError::MixedFamilies),
        };
    }
    Ok(acc)
}

/// The prefix one level up (`prefix - k` bits), like Python's
/// `supernet(prefixlen_diff=k)`; None when it would go below /0.
pub fn supernet_of(net: IpNet, k: u8) -> Option<IpNet> {
    let p = net.prefix_len().checked_sub(k)?;
    match net {
        IpNet::V4(n) => Some(IpNet::V4(Ipv4Net::new_assert(n.network(), p).trunc())),
        IpNet::V6(n) => Some(IpNet::V6(Ipv6Net::new_assert(n.network(), p).trunc())),
    }
}

/// True when `outer` contains all of `inner` (a prefix or an address).
///
/// ```
/// use netbook::sim::addr::{contains, parse_net};
/// let a = parse_net("10.0.0.0/8").unwrap();
/// assert!(contains(&a, &parse_net("10.20.0.0/16").unwrap()));
/// assert!(!contains(&parse_net("10.20.0.0/16").unwrap(), &a));
/// ```
pub fn contains(outer: &IpNet, inner: &IpNet) -> bool {
    let outer = outer.trunc();
    outer.contains(&inner.trunc())
}

/// True when the two prefixes share at least one address.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    contains(a, b) || contains(b, a)
}

/// True when `net` contains the address.
pub fn contains_addr(net: &IpNet, addr: IpAddr) -> bool {
    net.trunc().contains(&addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Ipv4Net {
        parse_v4_net(s).unwrap()
    }

    #[test]
    fn study_note_worked_example() {
        // 211.168.83.0 split for 5 subnets: class C, 3 borrowed bits,
        // mask 255.255.255.224, 8 subnets of 30 hosts.
        let net = v4("211.168.83.0");
        assert_eq!(net.prefix_len(), 24);
        assert_eq!(Class::of(net.addr()), Class::C);
        let s = split_into_count(net, 5).unwrap();
        assert_eq!(s.borrowed_bits(), 3);
        assert_eq!(s.netmask(), Ipv4Addr::new(255, 255, 255, 224));
        assert_eq!(s.count(), 8);
        assert_eq!(s.hosts_per_subnet(), 30);
        let nets: Vec<String> = s.iter().map(|n| n.to_string()).collect();
        assert_eq!(nets[1], "211.168.83.32/27");
        assert_eq!(nets[7], "211.168.83.224/27");
        let f = V4Facts::of(s.iter().nth(1).unwrap());
        assert_eq!(
            f.gateway_convention(),
            Some(Ipv4Addr::new(211, 168, 83, 33))
        );
        assert_eq!(f.broadcast, Ipv4Addr::new(211, 168, 83, 63));
    }

    #[test]
    fn parse_forms_and_errors() {
        assert_eq!(v4("10.1.2.3/255.255.0.0").prefix_len(), 16);
        assert_eq!(v4("10.1.2.3 255.255.0.0").prefix_len(), 16);
        assert_eq!(v4("150.1.2.3").prefix_len(), 16);
        assert_eq!(v4("10.1.2.3").addr(), Ipv4Addr::new(10, 1, 2, 3));
        let e = parse_v4_net("10.1.2.3/255.0.255.0").unwrap_err();
        assert!(
            matches!(e, AddrError::NonContiguousMask { bit: 17, .. }),
            "{e}"
        );
        assert!(e.to_string().contains("255.0.255.0"));
        let e = parse_v4_net("10.1.256.3/8").unwrap_err();
        assert!(e.to_string().contains("octet 3 is 256"), "{e}");
        let e = parse_v4_net("10.1.2.3/33").unwrap_err();
        assert!(e.to_string().contains("/33"), "{e}");
        assert!(matches!(
            parse_v4_net("224.0.0.1").unwrap_err(),
            AddrError::NoDefaultMask { class: 'D', .. }
        ));
        assert!(parse_v4_net("10.1.2").is_err());
        assert!(parse_v4_net("10.1.2.x/8").is_err());
        assert!(parse_mask("255.255.255.255").unwrap() == 32);
        assert!(parse_mask("0.0.0.0").unwrap() == 0);
    }

    #[test]
    fn classes() {
        let c = |s: &str| Class::of(s.parse().unwrap());
        assert_eq!(c("127.255.255.255"), Class::A);
        assert_eq!(c("128.0.0.0"), Class::B);
        assert_eq!(c("223.255.255.255"), Class::C);
        assert_eq!(c("224.0.0.1"), Class::D);
        assert_eq!(c("255.255.255.255"), Class::E);
        for class in Class::ALL {
            let (first, last) = class.range();
            assert_eq!(Class::of(first), class);
            assert_eq!(Class::of(last), class);
            let bits = format!("{:032b}", u32::from(first));
            assert!(bits.starts_with(class.leading_bits()));
        }
        assert_eq!(Class::B.bits(), Some((16, 16)));
        assert_eq!(Class::E.default_mask(), None);
    }

    #[test]
    fn scopes() {
        let s = |a: &str| scope_of(a.parse().unwrap());
        assert_eq!(s("172.31.255.255"), Scope::Private);
        assert_eq!(s("172.32.0.0"), Scope::Public);
        assert_eq!(s("100.127.255.255"), Scope::SharedCgnat);
        assert_eq!(s("169.254.3.4"), Scope::LinkLocal);
        assert_eq!(s("0.1.2.3"), Scope::ThisNetwork);
        assert_eq!(s("198.51.100.7"), Scope::Documentation);
        assert_eq!(s("239.1.1.1"), Scope::Multicast);
        assert_eq!(s("255.255.255.255"), Scope::Broadcast);
        assert_eq!(s("255.255.255.254"), Scope::Reserved);
        assert!(is_private("10.0.0.1".parse().unwrap()));
        assert!(!is_private("100.64.0.1".parse().unwrap()));
        assert!(!is_global("100.64.0.1".parse().unwrap()));
        assert!(is_global("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn rfc3021_and_host_routes() {
        let f = V4Facts::of(v4("10.0.0.3/31"));
        assert_eq!(
            (f.first_host, f.last_host, f.host_count),
            (Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 3), 2)
        );
        assert_eq!(f.gateway_convention(), None);
        let f = V4Facts::of(v4("10.0.0.3/32"));
        assert_eq!((f.host_count, f.num_addresses), (1, 1));
        let f = V4Facts::of(v4("1.2.3.4/0"));
        assert_eq!(f.num_addresses, 1 << 32);
        assert_eq!(f.broadcast, Ipv4Addr::BROADCAST);
    }

    #[test]
    fn huge_split_is_lazy() {
        let s = split_into_count(v4("10.0.0.0/8"), 4_194_304).unwrap();
        assert_eq!(s.count(), 4_194_304);
        let it = s.iter();
        assert_eq!(it.len(), 4_194_304);
        let first: Vec<_> = s.iter().take(1000).collect();
        assert_eq!(first[999].to_string(), "10.0.15.156/30");
        assert_eq!(s.iter().last().unwrap().to_string(), "10.255.255.252/30");
        assert!(split_into_count(v4("10.0.0.0/30"), 8).is_err());
        let all = split_into_count(v4("0.0.0.0/0"), 2).unwrap();
        assert_eq!(all.iter().nth(1).unwrap().to_string(), "128.0.0.0/1");
        assert_eq!(Split::new(v4("0.0.0.0/0"), 32).unwrap().count(), 1 << 32);
    }

    #[test]
    fn split_by_hosts_rounds_up() {
        let s = split_by_hosts(v4("192.168.0.0/24"), 31).unwrap();
        assert_eq!(s.new_prefix(), 26);
        let p = |h: u64| split_by_hosts(v4("192.168.0.0/24"), h).map(|s| s.new_prefix());
        assert_eq!((p(0), p(1), p(2), p(3)), (Ok(30), Ok(30), Ok(30), Ok(29)));
        assert_eq!(p(254), Ok(24));
        assert!(p(255).is_err());
        assert!(split_by_hosts(v4("0.0.0.0/0"), u64::MAX).is_err());
        assert!(split_by_hosts(v4("192.168.0.0/24"), 300).is_err());
    }

    #[test]
    fn vlsm_is_largest_first_without_overlap() {
        let plan = vlsm(v4("10.0.0.0/24"), &[10, 100, 2, 50]).unwrap();
        let idx: Vec<usize> = plan.blocks.iter().map(|b| b.index).collect();
        assert_eq!(idx, [1, 3, 0, 2]);
        for w in plan.blocks.windows(2) {
            assert!(!overlaps(&IpNet::V4(w[0].net), &IpNet::V4(w[1].net)));
            assert!(w[0].net.prefix_len() <= w[1].net.prefix_len());
        }
        for b in &plan.blocks {
            assert!(V4Facts::of(b.net).host_count >= b.requested);
        }
        assert!(matches!(
            vlsm(v4("10.0.0.0/28"), &[10, 10]),
            Err(AddrError::PlanTooLarge { needed: 32, .. })
        ));
    }

    #[test]
    fn summarise_and_supernet() {
        let nets: Vec<IpNet> = ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"]
            .iter()
            .map(|s| parse_net(s).unwrap())
            .collect();
        let s: Vec<String> = summarize(&nets)
            .unwrap()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(s, ["10.0.0.0/23", "10.0.3.0/24"]);
        assert_eq!(supernet(&nets).unwrap().to_string(), "10.0.0.0/22");
        assert_eq!(
            supernet_of(parse_net("10.0.1.0/24").unwrap(), 1)
                .unwrap()
                .to_string(),
            "10.0.0.0/23"
        );
        assert!(supernet(&[parse_net("10.0.0.0/8").unwrap(), parse_net("::/0").unwrap()]).is_err());
        let all = deaggregate(Ipv4Addr::UNSPECIFIED, Ipv4Addr::BROADCAST);
        assert_eq!(all[0].to_string(), "0.0.0.0/0");
    }

    proptest::proptest! {
        #[test]
        fn split_matches_ipnet_subnets(a: u32, p in 0u8..=32, k in 0u8..=6) {
            let net = Ipv4Net::new(Ipv4Addr::from(a), p).unwrap();
            let new = (p + k).min(32);
            let ours: Vec<Ipv4Net> = Split::new(net, new).unwrap().iter().take(64).collect();
            let theirs: Vec<Ipv4Net> = net.trunc().subnets(new).unwrap().take(64).collect();
            proptest::prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn vlsm_blocks_are_disjoint_and_cover_the_parent(
            a: u32,
            p in 16u8..=28,
            hosts in proptest::collection::vec(0u64..300, 1..8),
        ) {
            let parent = Ipv4Net::new(Ipv4Addr::from(a), p).unwrap().trunc();
            if let Ok(plan) = vlsm(parent, &hosts) {
                let mut all: Vec<Ipv4Net> = plan.blocks.iter().map(|b| b.net).collect();
                for b in &plan.blocks {
                    proptest::prop_assert!(parent.contains(&b.net));
                    proptest::prop_assert!(V4Facts::of(b.net).host_count >= b.requested);
                }
                all.extend(plan.unused.iter().copied());
                all.sort();
                // Adjacent, non-overlapping and exactly the parent's space.
                let mut next = u64::from(u32::from(parent.network()));
                for n in &all {
                    proptest::prop_assert_eq!(u64::from(u32::from(n.network())), next);
                    next += 1u64 << (32 - n.prefix_len());
                }
                proptest::prop_assert_eq!(next, u64::from(u32::from(parent.broadcast())) + 1);
            }
        }

        #[test]
        fn deaggregate_covers_the_range_exactly(a: u32, b: u32) {
            let (lo, hi) = (a.min(b), a.max(b));
            let nets = deaggregate(Ipv4Addr::from(lo), Ipv4Addr::from(hi));
            let mut next = u64::from(lo);
            for n in &nets {
                proptest::prop_assert_eq!(u64::from(u32::from(n.network())), next);
                next += 1u64 << (32 - n.prefix_len());
            }
            proptest::prop_assert_eq!(next, u64::from(hi) + 1);
            proptest::prop_assert!(nets.len() <= 62);
        }
    }

    #[test]
    fn ipv6_basics() {
        let f = V6Facts::of(parse_v6_net("2001:db8:1::5/48").unwrap());
        assert_eq!(f.network.to_string(), "2001:db8:1::");
        assert_eq!(f.scope, V6Scope::Documentation);
        assert_eq!(f.num_addresses(), Some(1u128 << 80));
        assert_eq!(
            V6Facts::of(parse_v6_net("::/0").unwrap()).num_addresses(),
            None
        );
        assert!(parse_v6_net("2001:db8::/129").is_err());
        assert_eq!(
            V6Scope::of("fd00::1".parse().unwrap()),
            V6Scope::UniqueLocal
        );
        assert_eq!(
            V6Scope::of("::ffff:1.2.3.4".parse().unwrap()),
            V6Scope::Ipv4Mapped
        );
    }
}
