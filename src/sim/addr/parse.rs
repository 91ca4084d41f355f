//! Reading addresses, masks and prefixes the way iproute2 and ipcalc accept
//! them, with their error texts.

use super::class::Class;
use super::mask::mask_to_prefix;

use core::net::{Ipv4Addr, Ipv6Addr};
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
