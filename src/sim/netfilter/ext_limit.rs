//! `-m limit --limit N/unit --limit-burst B`: xt_limit's token bucket on
//! the virtual clock, the rate as libxt_limit reads and prints it.
//!
//! The kernel keeps the average as a period per packet in 1/10000 s
//! (`XT_LIMIT_SCALE`), starts the bucket full (`burst` packets) and
//! refills it by the time elapsed, capped at `burst`. Here credit is
//! counted in microseconds: a packet costs `avg * 100` µs.

use super::error::NfError;
use core::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// `XT_LIMIT_SCALE`: the period is kept in 1/10000 s.
const SCALE: u32 = 10_000;
/// `--limit-burst`'s default (not printed by `-S`).
pub const DEFAULT_BURST: u32 = 5;
/// `--limit`'s default: 3/hour.
pub const DEFAULT_AVG: u32 = SCALE * 60 * 60 / 3;

/// The bucket's level; never part of rule comparison (`-D` by spec).
#[derive(Debug)]
pub struct Bucket {
    /// Credit in µs (`u64::MAX`: full, no packet seen yet).
    credit: AtomicU64,
    /// When the last packet met the rule.
    prev_us: AtomicU64,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket {
            credit: AtomicU64::new(u64::MAX),
            prev_us: AtomicU64::new(0),
        }
    }
}

impl Clone for Bucket {
    fn clone(&self) -> Self {
        Bucket {
            credit: AtomicU64::new(self.credit.load(Ordering::Relaxed)),
            prev_us: AtomicU64::new(self.prev_us.load(Ordering::Relaxed)),
        }
    }
}

impl PartialEq for Bucket {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Bucket {}

/// One `-m limit`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LimitMatch {
    /// Period per packet in 1/10000 s.
    pub avg: u32,
    /// Packets the bucket holds.
    pub burst: u32,
    /// Its level.
    pub bucket: Bucket,
}

impl LimitMatch {
    /// A rule's limit before its options: 3/hour, burst 5.
    pub fn new() -> LimitMatch {
        LimitMatch {
            avg: DEFAULT_AVG,
            burst: DEFAULT_BURST,
            bucket: Bucket::default(),
        }
    }

    /// libxt_limit's `parse_rate`: `N[/second|minute|hour|day]` (any
    /// prefix of the unit), N read as atoi does.
    pub fn parse_rate(v: &str) -> Result<u32, NfError> {
        let bad = || NfError::usage(format!("bad rate \"{v}\"'"));
        let (num, mult) = match v.split_once('/') {
            Some((n, unit)) => {
                let mult = unit_seconds(unit).ok_or_else(bad)?;
                (n, mult)
            }
            None => (v, 1),
        };
        let digits: String = num.chars().take_while(char::is_ascii_digit).collect();
        let r: u64 = digits.parse().unwrap_or(0);
        if r == 0 {
            return Err(bad());
        }
        let avg = u64::from(SCALE) * u64::from(mult) / r;
        if avg == 0 {
            return Err(NfError::usage(format!("Rate too fast \"{v}\"")));
        }
        Ok(u32::try_from(avg).unwrap_or(u32::MAX))
    }

    /// Whether a packet at `now_us` gets a token (and takes it).
    pub fn admit(&self, now_us: u64) -> bool {
        let cost = u64::from(self.avg) * 100;
        let cap = cost.saturating_mul(u64::from(self.burst));
        let prev = self.bucket.prev_us.swap(now_us, Ordering::Relaxed);
        let credit = match self.bucket.credit.load(Ordering::Relaxed) {
            u64::MAX => cap,
            c => c.saturating_add(now_us.saturating_sub(prev)).min(cap),
        };
        let (left, ok) = if credit >= cost {
            (credit - cost, true)
        } else {
            (credit, false)
        };
        self.bucket.credit.store(left, Ordering::Relaxed);
        ok
    }

    /// `-S`: ` -m limit --limit 5/min[ --limit-burst 3]`.
    pub fn save(&self) -> String {
        let mut s = format!(" -m limit --limit {}", rate_text(self.avg));
        if self.burst != DEFAULT_BURST {
            let _ = write!(s, " --limit-burst {}", self.burst);
        }
        s
    }

    /// `-L`: ` limit: avg 5/min burst 3`.
    pub fn list(&self, s: &mut String) {
        let _ = write!(
            s,
            " limit: avg {} burst {}",
            rate_text(self.avg),
            self.burst
        );
    }
}

/// libxt_limit's `print_rate`: the largest unit that keeps the count exact
/// enough.
fn rate_text(period: u32) -> String {
    print_rate(u64::from(period), u64::from(SCALE))
}

/// The seconds in a rate's unit: any prefix of second, minute, hour or
/// day, in any case (libxt_limit's and libxt_hashlimit's `parse_rate`).
pub(super) fn unit_seconds(unit: &str) -> Option<u32> {
    let u = unit.to_ascii_lowercase();
    [
        ("second", 1),
        ("minute", 60),
        ("hour", 3600),
        ("day", 86400),
    ]
    .iter()
    .find(|(name, _)| !u.is_empty() && name.starts_with(u.as_str()))
    .map(|(_, m)| *m)
}

/// `print_rate` of libxt_limit and libxt_hashlimit: a period of `scale`
/// per second as N/day, N/hour, N/min or N/sec.
pub(super) fn print_rate(period: u64, scale: u64) -> String {
    if period == 0 {
        return "inf".into();
    }
    let rates: [(&str, u64); 4] = [
        ("day", scale * 24 * 60 * 60),
        ("hour", scale * 60 * 60),
        ("min", scale * 60),
        ("sec", scale),
    ];
    let mut i = 1;
    while i < rates.len() {
        let m = rates[i].1;
        if period > m || m / period < m % period {
            break;
        }
        i += 1;
    }
    let (name, m) = rates[i - 1];
    format!("{}/{name}", m / period)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_print_as_iptables() {
        let t = |v: &str| rate_text(LimitMatch::parse_rate(v).unwrap());
        assert_eq!(t("5/min"), "5/min");
        assert_eq!(t("5"), "5/sec");
        assert_eq!(t("1/h"), "1/hour");
        assert_eq!(t("2/d"), "2/day");
        assert_eq!(t("7/m"), "7/min");
        assert_eq!(t("3000/s"), "3333/sec");
        assert_eq!(t("5x/s"), "5/sec");
        assert_eq!(rate_text(DEFAULT_AVG), "3/hour");
        for bad in ["x/min", "5/week", "0/s", "5/", "/s"] {
            assert!(LimitMatch::parse_rate(bad).is_err(), "{bad}");
        }
        assert!(
            matches!(LimitMatch::parse_rate("20000/s"), Err(NfError::Usage(m)) if m.starts_with("Rate too fast"))
        );
    }

    #[test]
    fn bucket_starts_full_and_refills() {
        let l = LimitMatch {
            avg: LimitMatch::parse_rate("1/s").unwrap(),
            burst: 3,
            bucket: Bucket::default(),
        };
        let hits: Vec<bool> = (0..5).map(|_| l.admit(1_000_000)).collect();
        assert_eq!(hits, [true, true, true, false, false]);
        assert!(!l.admit(1_500_000));
        assert!(l.admit(2_000_000));
        // A long pause refills only up to the burst.
        let later: Vec<bool> = (0..4).map(|_| l.admit(60_000_000)).collect();
        assert_eq!(later, [true, true, true, false]);
    }
}
