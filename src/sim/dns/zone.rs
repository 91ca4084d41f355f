//! Zones and RFC 1035 master files (§5: `$ORIGIN`, `$TTL` (RFC 2308), `@`,
//! relative names, blank owners, parentheses, `;` comments, quoted strings,
//! TTL units like `1h`), and the authoritative lookup of RFC 1034 §4.3.2
//! (answer, CNAME, NODATA, NXDOMAIN; empty non-terminals; wildcards).
//!
//! A parsed zone keeps its text, so printing it gives back the same file;
//! [`Zone::to_master`] prints the records in canonical form instead.

use super::name::{fqdn, in_zone, validate};
use super::record::{RData, RType, Record, Soa};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use thiserror::Error;

/// A zone file that does not parse; Display is miekg/dns' wording (what
/// CoreDNS prints), with the line number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("dns: {message}: \"{token}\" at line: {line}")]
pub struct ZoneError {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The offending token.
    pub token: String,
}

/// Most records one zone may hold: a memory guard, ten times the
/// 100,000-record load benchmark.
pub const MAX_ZONE_RECORDS: usize = 1_048_576;

/// An authoritative zone: its origin and records, indexed by owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The apex, absolute (`example.com.`).
    pub origin: String,
    records: Vec<Record>,
    by_name: HashMap<String, Vec<usize>>,
    /// Owners plus their ancestors inside the zone (empty non-terminals).
    names: HashSet<String>,
    text: Option<String>,
}

/// What a zone says about one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneAnswer {
    /// Records of the asked type (owner rewritten for wildcards).
    Found(Vec<Record>),
    /// The name is an alias; follow this CNAME.
    Cname(Record),
    /// The name exists but has no records of that type.
    NoData,
    /// The name does not exist in the zone.
    NxDomain,
    /// The name is not below this zone's origin.
    NotInZone,
}

impl Zone {
    /// An empty zone at `origin`.
    pub fn new(origin: &str) -> Self {
        Zone {
            origin: fqdn(origin),
            records: Vec::new(),
            by_name: HashMap::new(),
            names: HashSet::new(),
            text: None,
        }
    }

    /// Adds a record (the owner must lie in the zone; others are ignored,
    /// as CoreDNS drops out-of-zone data).
    pub fn insert(&mut self, record: Record) {
        if !in_zone(&record.name, &self.origin) {
            return;
        }
        let mut n = record.name.clone();
        while self.names.insert(n.clone()) && n != self.origin {
            match n.split_once('.') {
                Some((_, rest)) if !rest.is_empty() => n = rest.to_string(),
                _ => break,
            }
        }
        self.by_name
            .entry(record.name.clone())
            .or_default()
            .push(self.records.len());
        self.records.push(record);
        self.text = None;
    }

    /// Every record in file order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The SOA record at the apex, if present.
    pub fn soa(&self) -> Option<&Record> {
        self.rrset(&self.origin, RType::SOA).into_iter().next()
    }

    fn rrset(&self, name: &str, t: RType) -> Vec<&Record> {
        self.by_name
            .get(name)
            .map(|ix| {
                ix.iter()
                    .map(|&i| &self.records[i])
                    .filter(|r| t == RType::ANY || r.rtype() == t)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Answers `name`/`rtype` from this zone alone (no chasing).
    ///
    /// ```
    /// use netbook::sim::dns::zone::{Zone, ZoneAnswer};
    /// use netbook::sim::dns::record::RType;
    /// let z = Zone::parse("$TTL 300\n@ IN A 10.0.0.1\nwww IN CNAME @\n", "example.com.").unwrap();
    /// assert!(matches!(z.lookup("www.example.com.", RType::A), ZoneAnswer::Cname(_)));
    /// assert_eq!(z.lookup("nope.example.com.", RType::A), ZoneAnswer::NxDomain);
    /// ```
    pub fn lookup(&self, name: &str, rtype: RType) -> ZoneAnswer {
        let name = fqdn(name);
        if !in_zone(&name, &self.origin) {
            return ZoneAnswer::NotInZone;
        }
        if self.names.contains(&name) {
            return self.answer_at(&name, &name, rtype);
        }
        // RFC 4592: the closest encloser's wildcard, if any.
        let mut encloser = name.as_str();
        while let Some((_, rest)) = encloser.split_once('.') {
            encloser = if rest.is_empty() { "." } else { rest };
            if self.names.contains(encloser) {
                let wild = format!("*.{encloser}");
                if self.names.contains(&wild) {
                    return self.answer_at(&wild, &name, rtype);
                }
                break;
            }
            if encloser == "." {
                break;
            }
        }
        ZoneAnswer::NxDomain
    }

    fn answer_at(&self, owner: &str, qname: &str, rtype: RType) -> ZoneAnswer {
        let rename = |r: &Record| Record {
            name: qname.to_string(),
            ..r.clone()
        };
        if rtype != RType::CNAME {
            if let Some(c) = self.rrset(owner, RType::CNAME).first() {
                return ZoneAnswer::Cname(rename(c));
            }
        }
        let found = self.rrset(owner, rtype);
        if found.is_empty() {
            ZoneAnswer::NoData
        } else {
            ZoneAnswer::Found(found.into_iter().map(rename).collect())
        }
    }

    /// Parses a master file; `origin` is the zone name given by the
    /// configuration (CoreDNS' `file DB ZONE`), `$ORIGIN` may change it.
    pub fn parse(text: &str, origin: &str) -> Result<Self, ZoneError> {
        let mut zone = Zone::new(origin);
        let mut p = Parser {
            origin: zone.origin.clone(),
            default_ttl: None,
            last_ttl: None,
            last_owner: None,
        };
        logical_lines(text, |line, tokens, leading_blank| {
            if let Some(r) = p.entry(line, tokens, leading_blank)? {
                if zone.records.len() >= MAX_ZONE_RECORDS {
                    return Err(ZoneError {
                        line,
                        message: format!(
                            "too many records (netbook allows at most {MAX_ZONE_RECORDS} per zone)"
                        ),
                        token: r.name,
                    });
                }
                zone.insert(r);
            }
            Ok(())
        })?;
        zone.text = Some(text.to_string());
        Ok(zone)
    }

    /// The records in canonical master-file form (absolute names).
    pub fn to_master(&self) -> String {
        let mut out = format!("$ORIGIN {}\n", self.origin);
        for r in &self.records {
            out.push_str(&format!(
                "{} {} IN {} {}\n",
                r.name,
                r.ttl,
                r.rtype(),
                r.data
            ));
        }
        out
    }
}

impl fmt::Display for Zone {
    /// The original text when parsed, else the canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => f.write_str(t),
            None => f.write_str(&self.to_master()),
        }
    }
}

/// One word of a zone file; borrowed unless unescaping changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tok<'a> {
    text: Cow<'a, str>,
}

/// Splits the text into logical lines (parentheses joined) and hands each
/// to `each` with its first physical line number and whether it began with
/// blank space (a record for the previous owner).
fn logical_lines<'a>(
    text: &'a str,
    mut each: impl FnMut(usize, &[Tok<'a>], bool) -> Result<(), ZoneError>,
) -> Result<(), ZoneError> {
    let mut depth = 0usize;
    let mut cur: Vec<Tok<'a>> = Vec::new();
    let mut start = 0usize;
    let mut blank_start = false;
    for (i, line) in text.lines().enumerate() {
        if depth == 0 {
            start = i + 1;
            blank_start = line.starts_with([' ', '\t']);
        }
        // Bytes are enough to find the delimiters (all ASCII); text is
        // sliced from the line, so UTF-8 in quoted strings survives.
        let bytes = line.as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            match bytes[j] {
                b';' => break,
                b' ' | b'\t' | b'\r' => j += 1,
                b'(' => {
                    depth += 1;
                    j += 1;
                }
                b')' => {
                    if depth == 0 {
                        return Err(ZoneError {
                            line: i + 1,
                            message: "extra closing brace".into(),
                            token: ")".into(),
                        });
                    }
                    depth -= 1;
                    j += 1;
                }
                b'"' => {
                    let mut s = String::new();
                    j += 1;
                    let mut closed = false;
                    let mut run = j;
                    while j < bytes.len() {
                        match bytes[j] {
                            b'\\' if j + 1 < bytes.len() => {
                                s.push_str(&line[run..j]);
                                run = j + 1;
                                j += 2;
                            }
                            b'"' => {
                                closed = true;
                                break;
                            }
                            _ => j += 1,
                        }
                    }
                    s.push_str(&line[run..j.min(bytes.len())]);
                    if !closed {
                        return Err(ZoneError {
                            line: i + 1,
                            message: "bad TXT Txt".into(),
                            token: s,
                        });
                    }
                    j += 1;
                    cur.push(Tok {
                        text: Cow::Owned(s),
                    });
                }
                _ => {
                    let start = j;
                    while j < bytes.len()
                        && !matches!(bytes[j], b' ' | b'\t' | b'\r' | b'(' | b')' | b';' | b'"')
                    {
                        j += 1;
                    }
                    cur.push(Tok {
                        text: Cow::Borrowed(&line[start..j]),
                    });
                }
            }
        }
        if depth == 0 && !cur.is_empty() {
            each(start, &cur, blank_start)?;
            cur.clear();
        }
    }
    if depth > 0 {
        return Err(ZoneError {
            line: start,
            message: "unbalanced brace".into(),
            token: "(".into(),
        });
    }
    Ok(())
}

/// Parses a TTL in seconds or with BIND units (`1w2d3h4m5s`).
///
/// ```
/// use netbook::sim::dns::zone::parse_ttl;
/// assert_eq!(parse_ttl("1h30m"), Some(5400));
/// assert_eq!(parse_ttl("88888888888888888888w"), None);
/// ```
pub fn parse_ttl(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let mult: u64 = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 604800,
            _ => return None,
        };
        // Huge values are invalid TTLs, not an overflow.
        total = total.checked_add(num.parse::<u64>().ok()?.checked_mul(mult)?)?;
        num.clear();
    }
    if !num.is_empty() {
        return None;
    }
    u32::try_from(total).ok()
}

struct Parser {
    origin: String,
    default_ttl: Option<u32>,
    last_ttl: Option<u32>,
    last_owner: Option<String>,
}

impl Parser {
    fn absolute(&self, line: usize, name: &str) -> Result<String, ZoneError> {
        let abs = if name == "@" {
            self.origin.clone()
        } else if name.ends_with('.') || self.origin == "." {
            fqdn(name)
        } else {
            let mut s = String::with_capacity(name.len() + 1 + self.origin.len());
            s.push_str(name);
            s.make_ascii_lowercase();
            s.push('.');
            s.push_str(&self.origin);
            s
        };
        validate(&abs).map_err(|_| ZoneError {
            line,
            message: "bad owner name".into(),
            token: name.to_string(),
        })?;
        Ok(abs)
    }

    fn entry(
        &mut self,
        line: usize,
        toks: &[Tok],
        leading_blank: bool,
    ) -> Result<Option<Record>, ZoneError> {
        let err = |message: &str, token: &str| ZoneError {
            line,
            message: message.to_string(),
            token: token.to_string(),
        };
        let first: &str = &toks[0].text;
        let directive = if first.starts_with('$') {
            first.to_ascii_uppercase()
        } else {
            String::new()
        };
        match directive.as_str() {
            "$ORIGIN" => {
                let o = toks
                    .get(1)
                    .ok_or_else(|| err("expecting $ORIGIN value", first))?;
                self.origin = self.absolute(line, &o.text)?;
                return Ok(None);
            }
            "$TTL" => {
                let t = toks
                    .get(1)
                    .ok_or_else(|| err("expecting $TTL value", first))?;
                self.default_ttl =
                    Some(parse_ttl(&t.text).ok_or_else(|| err("expecting $TTL value", &t.text))?);
                return Ok(None);
            }
            d if d.starts_with('$') => return Err(err("unsupported directive", first)),
            _ => {}
        }
        let mut i = 0;
        let owner = if leading_blank {
            self.last_owner
                .clone()
                .ok_or_else(|| err("no owner for this record", first))?
        } else {
            i = 1;
            self.absolute(line, first)?
        };
        let mut ttl = None;
        // TTL and class come in either order before the type.
        for _ in 0..2 {
            match toks.get(i) {
                Some(t) if t.text.eq_ignore_ascii_case("IN") => i += 1,
                Some(t) if t.text.starts_with(|c: char| c.is_ascii_digit()) => {
                    ttl = Some(parse_ttl(&t.text).ok_or_else(|| err("not a TTL", &t.text))?);
                    i += 1;
                }
                Some(t)
                    if ["CH", "HS", "CS"]
                        .iter()
                        .any(|c| t.text.eq_ignore_ascii_case(c)) =>
                {
                    return Err(err("only class IN is supported", &t.text))
                }
                _ => {}
            }
        }
        let ty = toks
            .get(i)
            .ok_or_else(|| err("expecting RR type", &owner))?;
        let rtype: RType = ty
            .text
            .parse()
            .ok()
            .filter(|t| *t != RType::ANY)
            .ok_or_else(|| err("unknown RR type", &ty.text))?;
        let rd: Vec<&Tok> = toks[i + 1..].iter().collect();
        let data = self.rdata(line, rtype, &rd)?;
        if let RData::SOA(Soa { minimum, .. }) = &data {
            // RFC 1035: without $TTL, the SOA minimum is the default.
            if self.default_ttl.is_none() && ttl.is_none() {
                ttl = Some(*minimum);
            }
        }
        let ttl = ttl
            .or(self.default_ttl)
            .or(self.last_ttl)
            .ok_or_else(|| err("no TTL specified", &owner))?;
        self.last_ttl = Some(ttl);
        self.last_owner = Some(owner.clone());
        Ok(Some(Record {
            name: owner,
            ttl,
            data,
        }))
    }

    fn rdata(&self, line: usize, t: RType, rd: &[&Tok]) -> Result<RData, ZoneError> {
        let err = |message: String, token: &str| ZoneError {
            line,
            message,
            token: token.to_string(),
        };
        let want = |n: usize| -> Result<(), ZoneError> {
            if rd.len() < n {
                Err(err(
                    format!("bad {t} rdata: too few fields"),
                    &t.to_string(),
                ))
            } else if rd.len() > n && t != RType::TXT {
                Err(err(format!("bad {t} rdata: extra field"), &rd[n].text))
            } else {
                Ok(())
            }
        };
        let num16 = |k: usize| -> Result<u16, ZoneError> {
            rd[k]
                .text
                .parse()
                .map_err(|_| err(format!("bad {t} number"), &rd[k].text))
        };
        let num32 = |k: usize| -> Result<u32, ZoneError> {
            parse_ttl(&rd[k].text).ok_or_else(|| err(format!("bad {t} number"), &rd[k].text))
        };
        let name = |k: usize| self.absolute(line, &rd[k].text);
        Ok(match t {
            RType::A => {
                want(1)?;
                RData::A(
                    rd[0]
                        .text
                        .parse()
                        .map_err(|_| err("bad A".into(), &rd[0].text))?,
                )
            }
            RType::AAAA => {
                want(1)?;
                RData::AAAA(
                    rd[0]
                        .text
                        .parse()
                        .map_err(|_| err("bad AAAA".into(), &rd[0].text))?,
                )
            }
            RType::CNAME => {
                want(1)?;
                RData::CNAME(name(0)?)
            }
            RType::NS => {
                want(1)?;
                RData::NS(name(0)?)
            }
            RType::PTR => {
                want(1)?;
                RData::PTR(name(0)?)
            }
            RType::MX => {
                want(2)?;
                RData::MX {
                    preference: num16(0)?,
                    exchange: name(1)?,
                }
            }
            RType::TXT => {
                want(1)?;
                RData::TXT(rd.iter().map(|t| t.text.to_string()).collect())
            }
            RType::SRV => {
                want(4)?;
                RData::SRV {
                    priority: num16(0)?,
                    weight: num16(1)?,
                    port: num16(2)?,
                    target: name(3)?,
                }
            }
            RType::SOA => {
                want(7)?;
                RData::SOA(Soa {
                    mname: name(0)?,
                    rname: name(1)?,
                    serial: rd[2]
                        .text
                        .parse()
                        .map_err(|_| err("bad SOA zone parameter".into(), &rd[2].text))?,
                    refresh: num32(3)?,
                    retry: num32(4)?,
                    expire: num32(5)?,
                    minimum: num32(6)?,
                })
            }
            RType::ANY => return Err(err("unknown RR type".into(), "ANY")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB: &str = r#"$ORIGIN example.com.
$TTL 3600
@       IN  SOA ns1 admin (
                2024010101 ; serial
                7200       ; refresh
                3600 1209600 300 )
        IN  NS  ns1
        IN  MX  10 mail
ns1     IN  A   10.0.0.53
mail    300 IN A 10.0.0.25
www     IN  CNAME web
web     IN  A   10.0.0.80
web     IN  AAAA 2001:db8::80
txt     IN  TXT "v=spf1 -all" "second; part"
_http._tcp IN SRV 0 5 80 web
a.b.deep IN A 10.0.0.9
*.wild  IN  A   10.0.0.99
loop1   IN  CNAME loop2
loop2   IN  CNAME loop1.example.com.
"#;

    #[test]
    fn parses_and_round_trips() {
        let z = Zone::parse(DB, "example.com").unwrap();
        assert_eq!(z.to_string(), DB);
        assert_eq!(z.records().len(), 14);
        let soa = z.soa().unwrap();
        assert_eq!(soa.ttl, 3600);
        assert_eq!(
            soa.data.to_string(),
            "ns1.example.com. admin.example.com. 2024010101 7200 3600 1209600 300"
        );
        // The canonical form parses back to the same records.
        let again = Zone::parse(&z.to_master(), "example.com.").unwrap();
        assert_eq!(again.records(), z.records());
    }

    #[test]
    fn blank_owner_ttl_and_txt() {
        let z = Zone::parse(DB, "example.com").unwrap();
        let ns = &z.records()[1];
        assert_eq!(ns.name, "example.com.");
        assert_eq!(z.records()[4].ttl, 300);
        match z.lookup("txt.example.com.", RType::TXT) {
            ZoneAnswer::Found(r) => {
                assert_eq!(r[0].data.to_string(), "\"v=spf1 -all\" \"second; part\"")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lookup_cases() {
        let z = Zone::parse(DB, "example.com").unwrap();
        assert!(matches!(
            z.lookup("WWW.example.com", RType::A),
            ZoneAnswer::Cname(_)
        ));
        assert_eq!(
            z.lookup("mail.example.com.", RType::AAAA),
            ZoneAnswer::NoData
        );
        assert_eq!(
            z.lookup("b.deep.example.com.", RType::A),
            ZoneAnswer::NoData
        );
        assert_eq!(z.lookup("x.example.com.", RType::A), ZoneAnswer::NxDomain);
        assert_eq!(z.lookup("example.org.", RType::A), ZoneAnswer::NotInZone);
        match z.lookup("anything.wild.example.com.", RType::A) {
            ZoneAnswer::Found(r) => assert_eq!(r[0].name, "anything.wild.example.com."),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_carry_line_numbers() {
        let e = Zone::parse("$TTL 60\n@ IN A 10.0.0.1\nwww IN AAA ::1\n", "x.").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.to_string(), "dns: unknown RR type: \"AAA\" at line: 3");
        let e = Zone::parse("@ IN A 10.0.0.1\n", "x.").unwrap_err();
        assert_eq!(e.message, "no TTL specified");
        let e = Zone::parse("$TTL 60\n@ IN SOA a b ( 1 2 3\n", "x.").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "unbalanced brace"));
        let e = Zone::parse("$TTL 60\nx IN A 300.1.1.1\n", "x.").unwrap_err();
        assert_eq!(e.line, 2);
        let e = Zone::parse("$TTL 60\nx IN MX mail\n", "x.").unwrap_err();
        assert!(e.message.contains("too few"));
    }

    #[test]
    fn ttl_units() {
        assert_eq!(parse_ttl("1h30m"), Some(5400));
        assert_eq!(parse_ttl("1W"), Some(604800));
        assert_eq!(parse_ttl("5x"), None);
    }
}
