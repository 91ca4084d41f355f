//! `-m recent` (xt_recent.c, libxt_recent): named lists of addresses
//! seen lately, each address with the times it was seen. Lists belong to
//! the namespace and are bounded as the kernel bounds them: at most
//! `ip_list_tot` (100) addresses per list, the oldest forgotten first, and
//! per address as many times as the largest `--hitcount` needs (at least
//! `ip_pkt_list_tot`, 20).

use core::fmt::Write;
use core::net::Ipv4Addr;
use std::collections::{BTreeMap, VecDeque};

/// `ip_list_tot`: addresses a list keeps.
pub const LIST_TOT: usize = 100;
/// `ip_pkt_list_tot`: times kept per address when no hitcount asks more.
pub const PKT_LIST_TOT: usize = 20;
/// `XT_RECENT_MAX_NSTAMPS`: a larger `--hitcount` is refused.
pub const MAX_HITCOUNT: u32 = 65_535;

/// What the rule does with the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecentMode {
    /// `--set`: add or refresh the address; always matches.
    Set,
    /// `--rcheck`: match when the address is listed.
    Check,
    /// `--update`: like `--rcheck`, and refresh it when it matches.
    Update,
    /// `--remove`: match and forget it when listed.
    Remove,
}

/// One `-m recent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentMatch {
    /// `None` until one of `--set`/`--rcheck`/`--update`/`--remove`.
    pub mode: Option<RecentMode>,
    /// `!` before the mode.
    pub invert: bool,
    /// `--seconds` (0: any age).
    pub seconds: u32,
    /// `--hitcount` (0: one is enough).
    pub hitcount: u32,
    /// `--reap`
    pub reap: bool,
    /// `--rttl`
    pub rttl: bool,
    /// `--name` (`DEFAULT`).
    pub name: String,
    /// `--mask`
    pub mask: Ipv4Addr,
    /// `--rdest` (else `--rsource`).
    pub dest: bool,
}

impl Default for RecentMatch {
    fn default() -> Self {
        RecentMatch {
            mode: None,
            invert: false,
            seconds: 0,
            hitcount: 0,
            reap: false,
            rttl: false,
            name: "DEFAULT".into(),
            mask: Ipv4Addr::BROADCAST,
            dest: false,
        }
    }
}

/// One listed address.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    addr: Ipv4Addr,
    ttl: u8,
    /// When it was seen, oldest first (µs).
    stamps: VecDeque<u64>,
}

/// The namespace's lists by name; each list oldest-refreshed first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecentTables(BTreeMap<String, Vec<Entry>>);

impl RecentTables {
    /// Forgets the lists no rule names any more (the kernel frees a list
    /// with its last rule).
    pub fn keep_only(&mut self, names: &[&str]) {
        self.0.retain(|n, _| names.contains(&n.as_str()));
    }

    /// Addresses listed in `name`, oldest first, with their last time.
    pub fn list(&self, name: &str) -> Vec<(Ipv4Addr, u64)> {
        self.0.get(name).map_or_else(Vec::new, |l| {
            l.iter()
                .map(|e| (e.addr, e.stamps.back().copied().unwrap_or(0)))
                .collect()
        })
    }
}

impl RecentMatch {
    /// What xt_recent's checkentry refuses (EINVAL).
    pub fn valid(&self) -> bool {
        let timed = self.seconds != 0 || self.hitcount != 0;
        let checks = matches!(self.mode, Some(RecentMode::Check | RecentMode::Update));
        (!timed || checks)
            && self.hitcount <= MAX_HITCOUNT
            && !self.name.is_empty()
            && self.name.len() < 200
            && !self.name.contains('/')
            && self.name != "."
            && self.name != ".."
    }

    /// The match on a packet from `src` to `dst` with `ttl` (as seen
    /// before forwarding) at `now_us`, updating the lists.
    pub fn admits(
        &self,
        tables: &mut RecentTables,
        (src, dst, ttl): (Ipv4Addr, Ipv4Addr, u8),
        now_us: u64,
    ) -> bool {
        let Some(mode) = self.mode else {
            return false;
        };
        let addr =
            Ipv4Addr::from(u32::from(if self.dest { dst } else { src }) & u32::from(self.mask));
        let list = tables.0.entry(self.name.clone()).or_default();
        let cap = PKT_LIST_TOT.max(self.hitcount as usize);
        let found = list
            .iter()
            .position(|e| e.addr == addr && (!self.rttl || e.ttl == ttl));
        let Some(i) = found else {
            if mode != RecentMode::Set {
                return self.invert;
            }
            if list.len() >= LIST_TOT {
                list.remove(0);
            }
            list.push(Entry {
                addr,
                ttl,
                stamps: VecDeque::from([now_us]),
            });
            return !self.invert;
        };
        let since = now_us.saturating_sub(u64::from(self.seconds) * 1_000_000);
        let hit = match mode {
            RecentMode::Set => true,
            RecentMode::Remove => {
                list.remove(i);
                return !self.invert;
            }
            RecentMode::Check | RecentMode::Update => {
                let recent = list[i]
                    .stamps
                    .iter()
                    .filter(|&&t| self.seconds == 0 || t >= since)
                    .count();
                recent >= (self.hitcount as usize).max(1)
            }
        };
        let refresh = mode == RecentMode::Set || (mode == RecentMode::Update && hit != self.invert);
        if self.reap && matches!(mode, RecentMode::Check | RecentMode::Update) {
            // The least recently refreshed address goes when it is stale.
            let stale = list[0].stamps.back().is_none_or(|&t| t < since);
            if stale && (i != 0 || !refresh) {
                list.remove(0);
                if i == 0 {
                    return hit != self.invert;
                }
            }
        }
        if refresh {
            let i = list
                .iter()
                .position(|e| e.addr == addr && (!self.rttl || e.ttl == ttl));
            if let Some(i) = i {
                let mut e = list.remove(i);
                if e.stamps.len() >= cap {
                    e.stamps.pop_front();
                }
                e.stamps.push_back(now_us);
                e.ttl = ttl;
                list.push(e);
            }
        }
        hit != self.invert
    }

    fn mode_name(&self, save: bool) -> &'static str {
        match (self.mode, save) {
            (Some(RecentMode::Set), true) => "--set",
            (Some(RecentMode::Check), true) => "--rcheck",
            (Some(RecentMode::Update), true) => "--update",
            (Some(RecentMode::Remove), true) => "--remove",
            (Some(RecentMode::Set), false) => "SET",
            (Some(RecentMode::Check), false) => "CHECK",
            (Some(RecentMode::Update), false) => "UPDATE",
            (Some(RecentMode::Remove), false) => "REMOVE",
            (None, _) => "",
        }
    }

    /// `-S`: ` -m recent --set --name N --mask M --rsource`.
    pub fn save(&self) -> String {
        let bang = if self.invert { " !" } else { "" };
        let mut s = format!(" -m recent{bang} {}", self.mode_name(true));
        if self.seconds != 0 {
            let _ = write!(s, " --seconds {}", self.seconds);
        }
        if self.reap {
            s.push_str(" --reap");
        }
        if self.hitcount != 0 {
            let _ = write!(s, " --hitcount {}", self.hitcount);
        }
        if self.rttl {
            s.push_str(" --rttl");
        }
        let side = if self.dest { "--rdest" } else { "--rsource" };
        let _ = write!(s, " --name {} --mask {} {side}", self.name, self.mask);
        s
    }

    /// `-L`: ` recent: SET name: N side: source mask: M`.
    pub fn list(&self, s: &mut String) {
        let bang = if self.invert { " !" } else { "" };
        let _ = write!(s, "{bang} recent: {}", self.mode_name(false));
        if self.seconds != 0 {
            let _ = write!(s, " seconds: {}", self.seconds);
        }
        if self.reap {
            s.push_str(" reap");
        }
        if self.hitcount != 0 {
            let _ = write!(s, " hit_count: {}", self.hitcount);
        }
        if self.rttl {
            s.push_str(" TTL-Match");
        }
        let side = if self.dest { "dest" } else { "source" };
        let _ = write!(s, " name: {} side: {side} mask: {}", self.name, self.mask);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(last: u8) -> (Ipv4Addr, Ipv4Addr, u8) {
        (
            Ipv4Addr::new(10, 0, 0, last),
            Ipv4Addr::new(10, 0, 0, 1),
            64,
        )
    }

    #[test]
    fn ssh_brute_force_recipe() {
        let set = RecentMatch {
            mode: Some(RecentMode::Set),
            name: "SSH".into(),
            ..RecentMatch::default()
        };
        let update = RecentMatch {
            mode: Some(RecentMode::Update),
            seconds: 60,
            hitcount: 4,
            ..set.clone()
        };
        let mut t = RecentTables::default();
        let mut dropped = Vec::new();
        for i in 0..6u64 {
            let now = i * 1_000_000;
            assert!(set.admits(&mut t, from(2), now));
            dropped.push(update.admits(&mut t, from(2), now));
        }
        assert_eq!(dropped, [false, false, false, true, true, true]);
        // Two minutes later the old times are out of the window.
        assert!(set.admits(&mut t, from(2), 200_000_000));
        assert!(!update.admits(&mut t, from(2), 200_000_000));
        assert_eq!(t.list("SSH").len(), 1);
    }

    #[test]
    fn lists_keep_at_most_100_addresses() {
        let set = RecentMatch {
            mode: Some(RecentMode::Set),
            ..RecentMatch::default()
        };
        let mut t = RecentTables::default();
        for i in 0..300u32 {
            let a = Ipv4Addr::from(0x0a00_0000 + i);
            set.admits(&mut t, (a, a, 64), u64::from(i));
        }
        let l = t.list("DEFAULT");
        assert_eq!(l.len(), LIST_TOT);
        assert_eq!(l[0].0, Ipv4Addr::from(0x0a00_0000 + 200));
    }
}
