//! Associative arrays kept in bash's own hash order, and `$RANDOM`.
//!
//! bash lists `${!m[@]}` by walking its hash table (hashlib.c): FNV-1 of
//! the key, 1024 buckets, a new key at the head of its bucket, the table
//! four times larger once it holds two entries per bucket. Keeping the
//! same table here makes the key order byte-exact.

use std::collections::BTreeMap;

/// bash's `ASSOC_HASH_BUCKETS`.
const START_BUCKETS: usize = 1024;

/// The most keys one associative array holds (netbook's bound).
pub const ASSOC_CAP: usize = 1 << 20;

/// bash's `hash_string`: 32-bit FNV-1 (multiply, then xor).
fn hash(key: &str) -> u32 {
    key.bytes().fold(2_166_136_261u32, |h, b| {
        h.wrapping_mul(16_777_619) ^ u32::from(b)
    })
}

/// An associative array (`declare -A`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assoc {
    /// The non-empty buckets' entries by bucket, head first (an empty
    /// array costs nothing however many buckets bash's table has).
    buckets: BTreeMap<usize, Vec<(String, String)>>,
    /// How many buckets bash's table has.
    size: usize,
    len: usize,
}

impl Default for Assoc {
    fn default() -> Self {
        Assoc {
            buckets: BTreeMap::new(),
            size: START_BUCKETS,
            len: 0,
        }
    }
}

impl Assoc {
    fn bucket(&self, key: &str) -> usize {
        hash(key) as usize & (self.size - 1)
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.buckets
            .get(&self.bucket(key))?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key`; false when the array is full (netbook's cap).
    pub fn insert(&mut self, key: &str, value: String) -> bool {
        let b = self.bucket(key);
        let found = self
            .buckets
            .get_mut(&b)
            .and_then(|v| v.iter_mut().find(|(k, _)| k == key));
        if let Some(e) = found {
            e.1 = value;
            return true;
        }
        if self.len >= ASSOC_CAP {
            return false;
        }
        if self.len >= self.size * 2 {
            self.grow();
        }
        let b = self.bucket(key);
        self.buckets
            .entry(b)
            .or_default()
            .insert(0, (key.to_string(), value));
        self.len += 1;
        true
    }

    /// bash's `hash_rehash`: old buckets in order, each from its head,
    /// every entry pushed onto the head of its new bucket.
    fn grow(&mut self) {
        self.size *= 4;
        let old = std::mem::take(&mut self.buckets);
        for (k, v) in old.into_values().flatten() {
            let b = self.bucket(&k);
            self.buckets.entry(b).or_default().insert(0, (k, v));
        }
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        let b = self.bucket(key);
        if let Some(v) = self.buckets.get_mut(&b) {
            let before = v.len();
            v.retain(|(k, _)| k != key);
            self.len -= before - v.len();
            if v.is_empty() {
                self.buckets.remove(&b);
            }
        }
    }

    /// Keys and values in bash's listing order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.buckets
            .values()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// An outer array a `local` of the same name hides until the call ends
/// (see `bash::declare`).
#[derive(Debug, Clone, Default)]
pub struct SavedArray {
    /// The indexed array, if it was one.
    pub indexed: Option<BTreeMap<i64, String>>,
    /// The associative array, if it was one.
    pub assoc: Option<Assoc>,
}

/// bash's `$RANDOM` generator (lib/sh/random.c): Park-Miller's minimal
/// standard LCG, its 32 bits folded to 15, never the same value twice in
/// a row. Seeded with a fixed value so a notebook replays; `RANDOM=N`
/// reseeds as bash's does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Random {
    seed: u32,
    last: i32,
}

/// netbook's fixed start (bash seeds from the time and pid).
const NETBOOK_SEED: u32 = 20_260_101;

impl Default for Random {
    fn default() -> Self {
        Random {
            seed: NETBOOK_SEED,
            last: 0,
        }
    }
}

impl Random {
    /// `RANDOM=N`: bash's `sbrand`.
    pub fn reseed(&mut self, seed: u32) {
        self.seed = seed;
        self.last = 0;
    }

    fn intrand32(last: u32) -> u32 {
        let x = if last == 0 { 123_459_876 } else { last } as i64;
        let (h, l) = (x / 127_773, x % 127_773);
        let t = 16_807 * l - 2_836 * h;
        (if t < 0 { t + 0x7fff_ffff } else { t }) as u32
    }

    /// The next `$RANDOM`.
    pub fn next_value(&mut self) -> i32 {
        loop {
            self.seed = Self::intrand32(self.seed);
            let v = (((self.seed >> 16) ^ (self.seed & 0xffff)) & 0x7fff) as i32;
            if v != self.last {
                self.last = v;
                return v;
            }
        }
    }

    /// `$SRANDOM`: 32 bits from the same deterministic stream.
    pub fn next_u32(&mut self) -> u32 {
        self.seed = Self::intrand32(self.seed);
        let hi = self.seed;
        self.seed = Self::intrand32(self.seed);
        (hi << 16) ^ self.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_in_bash_hash_order() {
        let mut m = Assoc::default();
        for k in ["red", "blue", "green", "a", "bb"] {
            m.insert(k, k.to_uppercase());
        }
        let keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["blue", "a", "red", "bb", "green"]);
        m.remove("red");
        assert_eq!(m.iter().count(), 4);
        assert_eq!(m.get("red"), None);
        assert_eq!(m.get("bb"), Some("BB"));
    }

    #[test]
    fn random_after_reseed_matches_bash() {
        for (seed, want) in [(42, [17772, 26794, 1435]), (1, [16807, 10791, 19566])] {
            let mut r = Random::default();
            r.reseed(seed);
            let got = [r.next_value(), r.next_value(), r.next_value()];
            assert_eq!(got, want, "seed {seed}");
        }
    }
}
