//! `-m connlimit --connlimit-above/--connlimit-upto N` (xt_connlimit.c,
//! nf_conncount.c, libxt_connlimit): how many connections the packet's
//! source (or destination) network has. As nf_conncount, each rule keeps
//! the connections whose packets reached it, forgets those conntrack
//! forgot or saw closed, and counts the packet's own.

use super::tuple::Tuple;
use core::fmt::Write;
use core::net::Ipv4Addr;
use std::sync::Mutex;

/// The connections a rule has seen (original tuples); never part of rule
/// comparison. Bounded by the conntrack table it is pruned against.
#[derive(Debug, Default)]
pub struct Seen(pub Mutex<Vec<Tuple>>);

impl Seen {
    fn snapshot(&self) -> Vec<Tuple> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Clone for Seen {
    fn clone(&self) -> Self {
        Seen(Mutex::new(self.snapshot()))
    }
}

impl PartialEq for Seen {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Seen {}

/// One `-m connlimit`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnLimitMatch {
    /// `None` until `--connlimit-above`/`--connlimit-upto`.
    pub limit: Option<u32>,
    /// `--connlimit-upto` (or `! --connlimit-above`): match at or below.
    pub upto: bool,
    /// `--connlimit-mask` as a prefix length.
    pub prefix: u8,
    /// `--connlimit-daddr` (else `--connlimit-saddr`).
    pub dest: bool,
    /// The connections seen.
    pub seen: Seen,
}

impl ConnLimitMatch {
    /// A new match: source, /32.
    pub fn new() -> ConnLimitMatch {
        ConnLimitMatch {
            prefix: 32,
            ..ConnLimitMatch::default()
        }
    }

    fn key(&self, t: &Tuple) -> u32 {
        let a = if self.dest { t.dst } else { t.src };
        let mask = u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0);
        u32::from(a) & mask
    }

    /// Counts `own` (the packet's connection, original tuple; `None` when
    /// it has none) among the connections still `alive`, and compares.
    pub fn admits(&self, own: Option<Tuple>, alive: &dyn Fn(&Tuple) -> bool) -> bool {
        let Some(limit) = self.limit else {
            return false;
        };
        let Ok(mut seen) = self.seen.0.lock() else {
            return false;
        };
        seen.retain(|t| alive(t));
        let Some(own) = own else {
            // xt_connlimit drops what has no connection (hotdrop).
            return false;
        };
        if !seen.contains(&own) {
            seen.push(own);
        }
        let key = self.key(&own);
        let n = seen.iter().filter(|t| self.key(t) == key).count() as u64;
        (n > u64::from(limit)) != self.upto
    }

    fn side(&self) -> &'static str {
        if self.dest {
            "daddr"
        } else {
            "saddr"
        }
    }

    /// `-S`: ` -m connlimit --connlimit-above N --connlimit-mask P --connlimit-saddr`.
    pub fn save(&self) -> String {
        let how = if self.upto { "upto" } else { "above" };
        let mut s = format!(
            " -m connlimit --connlimit-{how} {}",
            self.limit.unwrap_or(0)
        );
        let _ = write!(
            s,
            " --connlimit-mask {} --connlimit-{}",
            self.prefix,
            self.side()
        );
        s
    }

    /// `-L`: ` #conn src/32 > N`.
    pub fn list(&self, s: &mut String) {
        let side = if self.dest { "dst" } else { "src" };
        let op = if self.upto { "<=" } else { ">" };
        let _ = write!(
            s,
            " #conn {side}/{} {op} {}",
            self.prefix,
            self.limit.unwrap_or(0)
        );
    }
}

/// Parses `--connlimit-mask`: a prefix length 0-32 or a dotted mask.
pub fn parse_prefix(v: &str) -> Option<u8> {
    if let Ok(n) = v.parse::<u8>() {
        return (n <= 32).then_some(n);
    }
    let m = u32::from(v.parse::<Ipv4Addr>().ok()?);
    (m.leading_ones() + m.trailing_zeros() == 32).then(|| m.leading_ones() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::netfilter::tuple::Proto;

    fn conn(src: [u8; 4], id: u16) -> Tuple {
        Tuple {
            src: src.into(),
            dst: [10, 0, 0, 1].into(),
            proto: Proto::Icmp,
            sport: id,
            dport: id,
        }
    }

    #[test]
    fn third_connection_is_over_two() {
        let m = ConnLimitMatch {
            limit: Some(2),
            ..ConnLimitMatch::new()
        };
        let alive = |_: &Tuple| true;
        let over: Vec<bool> = (1..=3)
            .map(|id| m.admits(Some(conn([10, 0, 0, 2], id)), &alive))
            .collect();
        assert_eq!(over, [false, false, true]);
        // Another source has its own count; a gone connection frees a place.
        assert!(!m.admits(Some(conn([10, 0, 0, 3], 1)), &alive));
        let gone = |t: &Tuple| t.sport != 3 && t.sport != 1;
        assert!(!m.admits(Some(conn([10, 0, 0, 2], 4)), &gone));
        let mut s = String::new();
        m.list(&mut s);
        assert_eq!(s, " #conn src/32 > 2");
    }
}
