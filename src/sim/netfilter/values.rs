//! Option values as iptables reads them: addresses and host names
//! (`-s`/`-d`), ports and port ranges, ICMP types, marks, TCP flags, NAT
//! ranges.

use super::error::NfError;
use super::matches::TCP_FLAG_NAMES;
use super::rule::AddrMatch;
use super::services;
use super::targets::NatRange;
use core::net::Ipv4Addr;

/// Parses `-s`/`-d`: `A.B.C.D`, `A.B.C.D/N`, `A.B.C.D/M.A.S.K`.
pub fn parse_addr(v: &str) -> Result<AddrMatch, NfError> {
    parse_addrs(v, &[]).map(|mut l| l.remove(0))
}

/// Parses one `-s`/`-d` item; a host name resolves through `hosts`
/// (`/etc/hosts` lines: address, names) to every address it has, as
/// getaddrinfo with Debian's `multi on` does.
pub fn parse_addrs(v: &str, hosts: &[(Ipv4Addr, Vec<String>)]) -> Result<Vec<AddrMatch>, NfError> {
    let bad = || NfError::usage(format!("host/network `{v}' not found"));
    let (a, m) = match v.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (v, None),
    };
    let addrs: Vec<Ipv4Addr> = match a.parse::<Ipv4Addr>() {
        Ok(ip) => vec![ip],
        Err(_) => {
            let mut found: Vec<Ipv4Addr> = hosts
                .iter()
                .filter(|(_, names)| names.iter().any(|n| n == a))
                .map(|(ip, _)| *ip)
                .collect();
            found.dedup();
            if found.is_empty() && a == "localhost" {
                found.push(Ipv4Addr::LOCALHOST);
            }
            if found.is_empty() || a.is_empty() {
                return Err(bad());
            }
            found
        }
    };
    let mask: u32 = match m {
        None => u32::MAX,
        Some(m) => {
            if let Ok(n) = m.parse::<u32>() {
                if n > 32 {
                    return Err(NfError::usage(format!("invalid mask `{m}' specified")));
                }
                if n == 0 {
                    0
                } else {
                    u32::MAX << (32 - n)
                }
            } else {
                let mk: Ipv4Addr = m
                    .parse()
                    .map_err(|_| NfError::usage(format!("invalid mask `{m}' specified")))?;
                u32::from(mk)
            }
        }
    };
    Ok(addrs
        .into_iter()
        .map(|addr| AddrMatch {
            addr: Ipv4Addr::from(u32::from(addr) & mask),
            mask,
            invert: false,
        })
        .collect())
}

/// `/etc/hosts` text as (address, names) lines, IPv4 only.
pub fn hosts_table(text: &str) -> Vec<(Ipv4Addr, Vec<String>)> {
    text.lines()
        .filter_map(|l| {
            let l = l.split('#').next().unwrap_or("");
            let mut w = l.split_whitespace();
            let ip = w.next()?.parse::<Ipv4Addr>().ok()?;
            Some((ip, w.map(str::to_string).collect()))
        })
        .collect()
}

pub(super) fn parse_port(s: &str, proto: &str) -> Result<u16, NfError> {
    if let Ok(n) = s.parse::<u32>() {
        if n <= 65535 {
            return Ok(n as u16);
        }
    } else if let Some(p) = services::name_port(s, proto) {
        return Ok(p);
    }
    Err(NfError::usage(format!(
        "invalid port/service `{s}' specified"
    )))
}

pub(super) fn parse_port_range(s: &str, proto: &str) -> Result<(u16, u16), NfError> {
    match s.split_once(':') {
        Some((a, b)) => {
            let lo = if a.is_empty() {
                0
            } else {
                parse_port(a, proto)?
            };
            let hi = if b.is_empty() {
                65535
            } else {
                parse_port(b, proto)?
            };
            if lo > hi {
                return Err(NfError::usage("invalid portrange (min > max)"));
            }
            Ok((lo, hi))
        }
        None => {
            let p = parse_port(s, proto)?;
            Ok((p, p))
        }
    }
}

pub(super) fn parse_num_port(s: &str, whole: &str) -> Result<u16, NfError> {
    s.parse::<u16>()
        .map_err(|_| NfError::usage(format!("Invalid port:port syntax - use dash\n{whole}")))
}

/// `VALUE[/MASK]`, decimal or 0x-hex (the mask defaults to all ones).
pub(super) fn parse_mark(s: &str) -> Result<(u32, u32), NfError> {
    let num = |t: &str| -> Option<u32> {
        match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            Some(h) => u32::from_str_radix(h, 16).ok(),
            None => t.parse().ok(),
        }
    };
    let bad = || NfError::usage(format!("Bad MARK value \"{s}\""));
    match s.split_once('/') {
        Some((v, m)) => Ok((num(v).ok_or_else(bad)?, num(m).ok_or_else(bad)?)),
        None => Ok((num(s).ok_or_else(bad)?, u32::MAX)),
    }
}

pub(super) fn parse_tcp_flags(s: &str) -> Result<u8, NfError> {
    let mut bits = 0;
    for w in s.split(',') {
        bits |= match w {
            "ALL" => 0x3F,
            "NONE" => 0,
            _ => TCP_FLAG_NAMES
                .iter()
                .find(|(n, _)| *n == w)
                .map(|(_, b)| *b)
                .ok_or_else(|| NfError::usage(format!("Unknown TCP flag `{w}'")))?,
        };
    }
    Ok(bits)
}

/// Parses `--to-source`/`--to-destination`: `a[-b][:p[-q]]`.
pub fn parse_nat_range(v: &str) -> Result<NatRange, NfError> {
    let bad = || NfError::usage(format!("Bad IP address \"{v}\""));
    let (addrs, ports) = match v.split_once(':') {
        Some((a, p)) => (a, Some(p)),
        None => (v, None),
    };
    let (lo, hi) = if addrs.is_empty() {
        (None, None)
    } else {
        match addrs.split_once('-') {
            Some((a, b)) => (
                Some(a.parse::<Ipv4Addr>().map_err(|_| bad())?),
                Some(b.parse::<Ipv4Addr>().map_err(|_| bad())?),
            ),
            None => {
                let a = addrs.parse::<Ipv4Addr>().map_err(|_| bad())?;
                (Some(a), Some(a))
            }
        }
    };
    let ports = match ports {
        None => None,
        Some(p) => {
            let badp = || NfError::usage(format!("Port `{p}' not valid"));
            match p.split_once('-') {
                Some((a, b)) => {
                    let a = a.parse::<u16>().map_err(|_| badp())?;
                    let b = b.parse::<u16>().map_err(|_| badp())?;
                    Some((a, b))
                }
                None => {
                    let a = p.parse::<u16>().map_err(|_| badp())?;
                    Some((a, a))
                }
            }
        }
    };
    Ok(NatRange {
        addr_lo: lo,
        addr_hi: hi,
        ports,
        flags: Default::default(),
    })
}
