//! `-m hashlimit` (xt_hashlimit.c, libxt_hashlimit revision 3): a `limit`
//! bucket per source/destination address or port, on the virtual clock.
//! The rate is kept as µs per packet (`XT_HASHLIMIT_SCALE_v2`); an entry
//! idle for `--hashlimit-htable-expire` ms is forgotten. Each rule keeps
//! its own entries (the kernel shares a table between rules of one name),
//! at most [`MAX_ENTRIES`], the least recently used forgotten first.

use core::fmt::Write;
use core::net::Ipv4Addr;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// `XT_HASHLIMIT_SCALE_v2`: the period is kept in µs.
pub const SCALE: u64 = 1_000_000;
/// Entries one rule keeps.
pub const MAX_ENTRIES: usize = 8192;

/// `--hashlimit-mode` bits in libxt_hashlimit's printing order.
pub const MODES: [(&str, u8); 4] = [("srcip", 1), ("srcport", 2), ("dstip", 4), ("dstport", 8)];

/// What an entry is keyed by: the masked addresses and ports the mode
/// names (zero for the others).
type Key = (u32, u16, u32, u16);

/// (credit µs, last packet µs) per key; never part of rule comparison.
#[derive(Debug, Default)]
pub struct Buckets(Mutex<BTreeMap<Key, (u64, u64)>>);

impl Clone for Buckets {
    fn clone(&self) -> Self {
        Buckets(Mutex::new(
            self.0.lock().map(|m| m.clone()).unwrap_or_default(),
        ))
    }
}

impl PartialEq for Buckets {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Buckets {}

/// One `-m hashlimit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashLimitMatch {
    /// µs per packet (`None` until `--hashlimit-upto/-above`).
    pub avg: Option<u64>,
    /// `--hashlimit-above`: match over the rate.
    pub above: bool,
    /// `--hashlimit-burst`
    pub burst: u32,
    /// `--hashlimit-mode` bits.
    pub mode: u8,
    /// `--hashlimit-name`
    pub name: Option<String>,
    /// `--hashlimit-srcmask`
    pub srcmask: u8,
    /// `--hashlimit-dstmask`
    pub dstmask: u8,
    /// `--hashlimit-htable-expire` (ms).
    pub expire_ms: u32,
    /// The entries.
    pub buckets: Buckets,
}

impl HashLimitMatch {
    /// A match before its options.
    pub fn new() -> HashLimitMatch {
        HashLimitMatch {
            avg: None,
            above: false,
            burst: 5,
            mode: 0,
            name: None,
            srcmask: 32,
            dstmask: 32,
            expire_ms: 10_000,
            buckets: Buckets::default(),
        }
    }

    /// Parses a packet rate `N[/sec|minute|hour|day]` into µs per packet;
    /// `Err(None)` for a bad one, `Err(Some(..))` for one not simulated
    /// (a byte rate).
    pub fn parse_rate(v: &str) -> Result<u64, Option<&'static str>> {
        let (num, unit) = v.split_once('/').unwrap_or((v, "sec"));
        if num.ends_with('b') || num.ends_with('B') {
            return Err(Some("byte rates"));
        }
        let mult = u64::from(super::ext_limit::unit_seconds(unit).ok_or(None)?);
        let r: u64 = num.parse().ok().filter(|r| *r > 0).ok_or(None)?;
        let avg = SCALE * mult / r;
        if avg == 0 {
            return Err(None);
        }
        Ok(avg)
    }

    fn key(&self, (src, sport, dst, dport): (Ipv4Addr, u16, Ipv4Addr, u16)) -> Key {
        let mask = |a: Ipv4Addr, bits: u8| {
            u32::from(a) & u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0)
        };
        let on = |bit: u8| self.mode & bit != 0;
        (
            if on(1) { mask(src, self.srcmask) } else { 0 },
            if on(2) { sport } else { 0 },
            if on(4) { mask(dst, self.dstmask) } else { 0 },
            if on(8) { dport } else { 0 },
        )
    }

    /// Whether a packet (source, source port, destination, destination
    /// port) at `now_us` matches, taking a token when under the rate.
    pub fn admits(&self, pkt: (Ipv4Addr, u16, Ipv4Addr, u16), now_us: u64) -> bool {
        let Some(cost) = self.avg else {
            return false;
        };
        let Ok(mut map) = self.buckets.0.lock() else {
            return false;
        };
        let expire = u64::from(self.expire_ms) * 1000;
        map.retain(|_, (_, prev)| now_us.saturating_sub(*prev) < expire);
        let cap = cost.saturating_mul(u64::from(self.burst));
        let key = self.key(pkt);
        if !map.contains_key(&key) && map.len() >= MAX_ENTRIES {
            let oldest = map.iter().min_by_key(|(_, (_, p))| *p).map(|(k, _)| *k);
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
        let (credit, prev) = map.get(&key).copied().unwrap_or((cap, now_us));
        let credit = credit.saturating_add(now_us.saturating_sub(prev)).min(cap);
        let under = credit >= cost;
        map.insert(key, (if under { credit - cost } else { credit }, now_us));
        under != self.above
    }

    fn mode_text(&self, sep: char) -> String {
        MODES
            .iter()
            .filter(|(_, b)| self.mode & b != 0)
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(&sep.to_string())
    }

    /// `-S`: ` -m hashlimit --hashlimit-upto R --hashlimit-burst B ...`.
    pub fn save(&self) -> String {
        let how = if self.above { "above" } else { "upto" };
        let mut s = format!(
            " -m hashlimit --hashlimit-{how} {} --hashlimit-burst {}",
            rate_text(self.avg.unwrap_or(0)),
            self.burst
        );
        if self.mode != 0 {
            let _ = write!(s, " --hashlimit-mode {}", self.mode_text(','));
        }
        let _ = write!(
            s,
            " --hashlimit-name {}",
            self.name.as_deref().unwrap_or("")
        );
        if self.expire_ms != 10_000 {
            let _ = write!(s, " --hashlimit-htable-expire {}", self.expire_ms);
        }
        if self.srcmask != 32 {
            let _ = write!(s, " --hashlimit-srcmask {}", self.srcmask);
        }
        if self.dstmask != 32 {
            let _ = write!(s, " --hashlimit-dstmask {}", self.dstmask);
        }
        s
    }

    /// `-L`: ` limit: up to R burst B [mode M] ...`.
    pub fn list(&self, s: &mut String) {
        let how = if self.above { "above" } else { "up to" };
        let _ = write!(
            s,
            " limit: {how} {} burst {}",
            rate_text(self.avg.unwrap_or(0)),
            self.burst
        );
        if self.mode != 0 {
            let _ = write!(s, " mode {}", self.mode_text('-'));
        }
        if self.expire_ms != 10_000 {
            let _ = write!(s, " htable-expire {}", self.expire_ms);
        }
        if self.srcmask != 32 {
            let _ = write!(s, " srcmask {}", self.srcmask);
        }
        if self.dstmask != 32 {
            let _ = write!(s, " dstmask {}", self.dstmask);
        }
    }
}

/// libxt_hashlimit's `print_rate` on the µs scale.
fn rate_text(period: u64) -> String {
    super::ext_limit::print_rate(period, SCALE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bucket_per_source() {
        let m = HashLimitMatch {
            avg: HashLimitMatch::parse_rate("1/min").ok(),
            above: true,
            burst: 2,
            mode: 1,
            ..HashLimitMatch::new()
        };
        let from = |last: u8| {
            (
                Ipv4Addr::new(10, 0, 0, last),
                1000,
                Ipv4Addr::new(10, 0, 0, 1),
                22,
            )
        };
        let over: Vec<bool> = (0..3).map(|_| m.admits(from(2), 0)).collect();
        assert_eq!(over, [false, false, true]);
        assert!(!m.admits(from(3), 0), "another source has its own bucket");
        assert_eq!(rate_text(m.avg.unwrap()), "1/min");
        assert_eq!(
            HashLimitMatch::parse_rate("100kb/s"),
            Err(Some("byte rates"))
        );
        // Idle past the expiry: forgotten, a full bucket again.
        assert!(!m.admits(from(2), 11_000_000));
    }
}
