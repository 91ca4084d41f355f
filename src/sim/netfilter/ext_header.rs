//! Matches on IPv4 header fields: `-m iprange` (address ranges),
//! `-m length` (total length) and `-m ttl`; their values, their test and
//! how `-S` and `-L` print them (libxt_iprange, libxt_length, libxt_ttl).

use core::fmt::Write;
use core::net::Ipv4Addr;

/// One `--src-range`/`--dst-range A-B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrRange {
    /// First address.
    pub lo: Ipv4Addr,
    /// Last address (a reversed range never matches, as in the kernel).
    pub hi: Ipv4Addr,
    /// `!` given.
    pub invert: bool,
}

impl AddrRange {
    /// Parses `A-B` or `A`; the bad address on failure.
    pub fn parse(v: &str, invert: bool) -> Result<AddrRange, String> {
        let (a, b) = v.split_once('-').unwrap_or((v, v));
        let ip = |s: &str| s.parse::<Ipv4Addr>().map_err(|_| s.to_string());
        Ok(AddrRange {
            lo: ip(a)?,
            hi: ip(b)?,
            invert,
        })
    }

    /// Whether `ip` passes (negation applied).
    pub fn admits(&self, ip: Ipv4Addr) -> bool {
        (self.lo..=self.hi).contains(&ip) != self.invert
    }
}

/// `-m iprange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IpRangeMatch {
    /// `--src-range`
    pub src: Option<AddrRange>,
    /// `--dst-range`
    pub dst: Option<AddrRange>,
}

impl IpRangeMatch {
    /// Whether a packet from `src` to `dst` passes.
    pub fn admits(&self, src: Ipv4Addr, dst: Ipv4Addr) -> bool {
        self.src.is_none_or(|r| r.admits(src)) && self.dst.is_none_or(|r| r.admits(dst))
    }

    /// `-S`: ` -m iprange [!] --src-range A-B ...`.
    pub fn save(&self) -> String {
        let mut s = String::from(" -m iprange");
        for (r, opt) in [(self.src, "src-range"), (self.dst, "dst-range")] {
            if let Some(r) = r {
                let bang = if r.invert { " !" } else { "" };
                let _ = write!(s, "{bang} --{opt} {}-{}", r.lo, r.hi);
            }
        }
        s
    }

    /// `-L`: ` source IP range [! ]A-B destination IP range ...`.
    pub fn list(&self, s: &mut String) {
        for (r, what) in [(self.src, "source"), (self.dst, "destination")] {
            if let Some(r) = r {
                let bang = if r.invert { "! " } else { "" };
                let _ = write!(s, " {what} IP range {bang}{}-{}", r.lo, r.hi);
            }
        }
    }
}

/// `-m length --length A[:B]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthMatch {
    /// Shortest total length.
    pub min: u16,
    /// Longest.
    pub max: u16,
    /// `!` given.
    pub invert: bool,
}

impl LengthMatch {
    /// Parses `A`, `A:`, `:B` or `A:B`; the bad part on failure.
    pub fn parse(v: &str, invert: bool) -> Result<LengthMatch, String> {
        let num = |s: &str, dflt: u16| {
            if s.is_empty() {
                Ok(dflt)
            } else {
                s.parse::<u16>().map_err(|_| s.to_string())
            }
        };
        let (min, max) = match v.split_once(':') {
            Some((a, b)) => (num(a, 0)?, num(b, u16::MAX)?),
            None => {
                let n = v.parse::<u16>().map_err(|_| v.to_string())?;
                (n, n)
            }
        };
        Ok(LengthMatch { min, max, invert })
    }

    /// Whether a packet of IPv4 total length `len` passes.
    pub fn admits(&self, len: u32) -> bool {
        (u32::from(self.min)..=u32::from(self.max)).contains(&len) != self.invert
    }

    fn text(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}:{}", self.min, self.max)
        }
    }

    /// `-S`: ` -m length [!] --length A[:B]`.
    pub fn save(&self) -> String {
        let bang = if self.invert { " !" } else { "" };
        format!(" -m length{bang} --length {}", self.text())
    }

    /// `-L`: ` length [!]A[:B]`.
    pub fn list(&self, s: &mut String) {
        let bang = if self.invert { "!" } else { "" };
        let _ = write!(s, " length {bang}{}", self.text());
    }
}

/// How `-m ttl` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlOp {
    /// `--ttl-eq`
    Eq,
    /// `! --ttl-eq`
    Ne,
    /// `--ttl-lt`
    Lt,
    /// `--ttl-gt`
    Gt,
}

/// `-m ttl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TtlMatch {
    /// The comparison.
    pub op: TtlOp,
    /// The value compared with.
    pub value: u8,
}

impl TtlMatch {
    /// Whether a packet with this TTL passes.
    pub fn admits(&self, ttl: u8) -> bool {
        match self.op {
            TtlOp::Eq => ttl == self.value,
            TtlOp::Ne => ttl != self.value,
            TtlOp::Lt => ttl < self.value,
            TtlOp::Gt => ttl > self.value,
        }
    }

    /// `-S`: ` -m ttl [!] --ttl-eq N`.
    pub fn save(&self) -> String {
        let (bang, opt) = match self.op {
            TtlOp::Eq => ("", "eq"),
            TtlOp::Ne => (" !", "eq"),
            TtlOp::Lt => ("", "lt"),
            TtlOp::Gt => ("", "gt"),
        };
        format!(" -m ttl{bang} --ttl-{opt} {}", self.value)
    }

    /// `-L`: ` TTL match TTL == N`.
    pub fn list(&self, s: &mut String) {
        let op = match self.op {
            TtlOp::Eq => "==",
            TtlOp::Ne => "!=",
            TtlOp::Lt => "<",
            TtlOp::Gt => ">",
        };
        let _ = write!(s, " TTL match TTL {op} {}", self.value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lengths() {
        let r = AddrRange::parse("10.0.0.1-10.0.0.9", false).unwrap();
        assert!(r.admits(Ipv4Addr::new(10, 0, 0, 5)));
        assert!(!r.admits(Ipv4Addr::new(10, 0, 0, 10)));
        let rev = AddrRange::parse("10.0.0.9-10.0.0.1", false).unwrap();
        assert!(!rev.admits(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(AddrRange::parse("10.0.0.1-foo", false), Err("foo".into()));
        let l = LengthMatch::parse("100:", true).unwrap();
        assert_eq!(l.save(), " -m length ! --length 100:65535");
        assert!(l.admits(84) && !l.admits(100));
        assert_eq!(LengthMatch::parse("100:x", false), Err("x".into()));
        assert_eq!(LengthMatch::parse(":200", false).unwrap().text(), "0:200");
    }
}
