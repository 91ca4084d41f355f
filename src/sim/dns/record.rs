//! Resource records: types, data, presentation format and wire size.
//!
//! Follows RFC 1035 §3.2–3.4 (A, NS, CNAME, SOA, PTR, MX, TXT), RFC 3596
//! (AAAA) and RFC 2782 (SRV). Records print the way BIND's `dig` 9.18 does:
//! owner, TTL, class and type aligned on tab stops at columns 24, 32, 40, 48.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// A record type (QTYPE/TYPE of RFC 1035 §3.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RType {
    /// IPv4 address.
    A,
    /// Authoritative name server.
    NS,
    /// Canonical name (alias).
    CNAME,
    /// Start of authority.
    SOA,
    /// Domain name pointer (reverse lookups).
    PTR,
    /// Mail exchange.
    MX,
    /// Text strings.
    TXT,
    /// IPv6 address.
    AAAA,
    /// Service location.
    SRV,
    /// Any type (a query only).
    ANY,
}

impl RType {
    /// The numeric TYPE code.
    pub fn code(self) -> u16 {
        match self {
            RType::A => 1,
            RType::NS => 2,
            RType::CNAME => 5,
            RType::SOA => 6,
            RType::PTR => 12,
            RType::MX => 15,
            RType::TXT => 16,
            RType::AAAA => 28,
            RType::SRV => 33,
            RType::ANY => 255,
        }
    }
}

/// A type name that is not one we model.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown record type '{0}'")]
pub struct UnknownType(pub String);

/// Every type, for parsing by name.
const ALL_TYPES: [RType; 10] = [
    RType::A,
    RType::NS,
    RType::CNAME,
    RType::SOA,
    RType::PTR,
    RType::MX,
    RType::TXT,
    RType::AAAA,
    RType::SRV,
    RType::ANY,
];

impl FromStr for RType {
    type Err = UnknownType;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Case-insensitive without allocating: zone files parse this a lot.
        ALL_TYPES
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownType(s.to_string()))
    }
}

impl RType {
    /// The mnemonic (`A`, `AAAA`, `MX`...).
    pub fn name(self) -> &'static str {
        match self {
            RType::A => "A",
            RType::NS => "NS",
            RType::CNAME => "CNAME",
            RType::SOA => "SOA",
            RType::PTR => "PTR",
            RType::MX => "MX",
            RType::TXT => "TXT",
            RType::AAAA => "AAAA",
            RType::SRV => "SRV",
            RType::ANY => "ANY",
        }
    }
}

impl fmt::Display for RType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The data of a record; names are absolute and lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    AAAA(Ipv6Addr),
    /// The canonical name this alias points to.
    CNAME(String),
    /// A name server for the zone.
    NS(String),
    /// The name an address maps back to.
    PTR(String),
    /// A mail exchanger and its preference (lower wins).
    MX {
        /// Lower is preferred.
        preference: u16,
        /// The mail host.
        exchange: String,
    },
    /// One or more character strings.
    TXT(Vec<String>),
    /// A service endpoint.
    SRV {
        /// Lower is preferred.
        priority: u16,
        /// Load share among equal priorities.
        weight: u16,
        /// The port of the service.
        port: u16,
        /// The host offering it.
        target: String,
    },
    /// The zone's authority data.
    SOA(Soa),
}

/// An SOA record's data (RFC 1035 §3.3.13).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Soa {
    /// Primary name server.
    pub mname: String,
    /// Mailbox of the person responsible (`@` written as `.`).
    pub rname: String,
    /// Version of the zone.
    pub serial: u32,
    /// Secondary refresh interval.
    pub refresh: u32,
    /// Retry interval.
    pub retry: u32,
    /// When a secondary stops answering.
    pub expire: u32,
    /// Negative-caching TTL (RFC 2308).
    pub minimum: u32,
}

impl RData {
    /// The type of this data.
    pub fn rtype(&self) -> RType {
        match self {
            RData::A(_) => RType::A,
            RData::AAAA(_) => RType::AAAA,
            RData::CNAME(_) => RType::CNAME,
            RData::NS(_) => RType::NS,
            RData::PTR(_) => RType::PTR,
            RData::MX { .. } => RType::MX,
            RData::TXT(_) => RType::TXT,
            RData::SRV { .. } => RType::SRV,
            RData::SOA(_) => RType::SOA,
        }
    }

    /// Length of the RDATA on the wire (names uncompressed, as dnsmasq
    /// sends them).
    pub fn wire_len(&self) -> usize {
        match self {
            RData::A(_) => 4,
            RData::AAAA(_) => 16,
            RData::CNAME(n) | RData::NS(n) | RData::PTR(n) => name_wire_len(n),
            RData::MX { exchange, .. } => 2 + name_wire_len(exchange),
            RData::TXT(parts) => parts.iter().map(|p| 1 + p.len()).sum(),
            RData::SRV { target, .. } => 6 + name_wire_len(target),
            RData::SOA(s) => name_wire_len(&s.mname) + name_wire_len(&s.rname) + 20,
        }
    }

    /// The address, for A and AAAA.
    pub fn ip(&self) -> Option<core::net::IpAddr> {
        match self {
            RData::A(a) => Some((*a).into()),
            RData::AAAA(a) => Some((*a).into()),
            _ => None,
        }
    }
}

/// Bytes a name takes on the wire without compression.
pub fn name_wire_len(name: &str) -> usize {
    let body = name.strip_suffix('.').unwrap_or(name);
    if body.is_empty() {
        1
    } else {
        body.len() + 2
    }
}

impl fmt::Display for RData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RData::A(a) => write!(f, "{a}"),
            RData::AAAA(a) => write!(f, "{a}"),
            RData::CNAME(n) | RData::NS(n) | RData::PTR(n) => f.write_str(n),
            RData::MX {
                preference,
                exchange,
            } => write!(f, "{preference} {exchange}"),
            RData::TXT(parts) => {
                let quoted: Vec<String> = parts
                    .iter()
                    .map(|p| format!("\"{}\"", p.replace('\\', "\\\\").replace('"', "\\\"")))
                    .collect();
                f.write_str(&quoted.join(" "))
            }
            RData::SRV {
                priority,
                weight,
                port,
                target,
            } => write!(f, "{priority} {weight} {port} {target}"),
            RData::SOA(s) => write!(
                f,
                "{} {} {} {} {} {} {}",
                s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum
            ),
        }
    }
}

/// One resource record of class IN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Owner name, absolute and lower-case.
    pub name: String,
    /// Time to live in seconds.
    pub ttl: u32,
    /// Type and data.
    pub data: RData,
}

impl Record {
    /// A record from its parts; the owner is normalised.
    ///
    /// ```
    /// use netbook::sim::dns::record::{Record, RData};
    /// let r = Record::new("Example.com", 300, RData::A("93.184.216.34".parse().unwrap()));
    /// assert_eq!(r.to_string(), "example.com.\t\t300\tIN\tA\t93.184.216.34");
    /// ```
    pub fn new(name: &str, ttl: u32, data: RData) -> Self {
        Record {
            name: super::name::fqdn(name),
            ttl,
            data,
        }
    }

    /// The record's type.
    pub fn rtype(&self) -> RType {
        self.data.rtype()
    }
}

/// Pads `line` with tabs up to `column` the way BIND's masterdump does
/// (8-wide tabs; a field already past the column gets one space).
pub fn pad_to(line: &mut String, column: usize) {
    let cur = line
        .chars()
        .fold(0, |c, ch| if ch == '\t' { (c / 8 + 1) * 8 } else { c + 1 });
    if cur >= column {
        line.push(' ');
        return;
    }
    let mut c = cur;
    while c < column {
        line.push('\t');
        c = (c / 8 + 1) * 8;
    }
}

impl Record {
    /// The record as dig prints it, one column every 8 characters from
    /// 24 on; `+nottlid` and `+noclass` leave their column out.
    pub fn line(&self, ttl: bool, class: bool) -> String {
        let ttl = ttl.then(|| self.ttl.to_string());
        let class = class.then(|| "IN".to_string());
        let fields = [ttl, class, Some(self.data.rtype().to_string())];
        let mut line = self.name.clone();
        let mut column = 24;
        for f in fields.into_iter().flatten() {
            pad_to(&mut line, column);
            line.push_str(&f);
            column += 8;
        }
        pad_to(&mut line, column);
        line.push_str(&self.data.to_string());
        line
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(true, true))
    }
}

/// A question line as dig prints it (`;example.com.\t\t\tIN\tA`).
pub fn question_line(name: &str, rtype: RType) -> String {
    let mut line = format!(";{name}");
    pad_to(&mut line, 32);
    line.push_str("IN");
    pad_to(&mut line, 40);
    line.push_str(&rtype.to_string());
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_dig() {
        assert_eq!(
            question_line("example.com.", RType::A),
            ";example.com.\t\t\tIN\tA"
        );
        assert_eq!(
            question_line("www.example.com.", RType::A),
            ";www.example.com.\t\tIN\tA"
        );
        let r = Record::new("www.example.com", 0, RData::CNAME("example.com.".into()));
        assert_eq!(
            r.to_string(),
            "www.example.com.\t0\tIN\tCNAME\texample.com."
        );
    }

    #[test]
    fn types_round_trip() {
        for t in [
            "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "ANY",
        ] {
            assert_eq!(t.parse::<RType>().unwrap().to_string(), t);
        }
        assert!("WKS".parse::<RType>().is_err());
    }

    #[test]
    fn wire_lengths() {
        assert_eq!(name_wire_len("example.com."), 13);
        assert_eq!(name_wire_len("."), 1);
        assert_eq!(RData::TXT(vec!["hello world".into()]).wire_len(), 12);
    }
}
