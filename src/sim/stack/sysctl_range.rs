//! The ranges the kernel enforces on the `net.*` sysctls netbook models
//! (`proc_dointvec_minmax` with the `extra1`/`extra2` bounds of
//! net/ipv4/sysctl_net_ipv4.c and net/core/sysctl_net_core.c): a value out
//! of range fails with `Invalid argument` and leaves the old one. Checked
//! against Linux 6.1 in a throw-away namespace.

use super::link::NsId;
use super::world::World;

/// (key, least, greatest) for single-integer keys.
const RANGES: &[(&str, i64, i64)] = &[
    ("net.ipv4.ip_default_ttl", 1, 255),
    ("net.ipv4.icmp_echo_ignore_all", 0, 1),
    ("net.ipv4.icmp_echo_ignore_broadcasts", 0, 1),
    ("net.ipv4.icmp_ratelimit", 0, i32::MAX as i64),
    ("net.core.somaxconn", 0, i32::MAX as i64),
];

/// True when the kernel accepts `values` for `key`.
pub(crate) fn in_range(key: &str, values: &[i64]) -> bool {
    if key == "net.ipv4.ip_local_port_range" {
        // Two ports, the first not above the second (ipv4_local_port_range).
        return matches!(values, [lo, hi] if (1..=65535).contains(lo) && (1..=65535).contains(hi) && lo <= hi);
    }
    // Every int sysctl is a C int.
    if values.iter().any(|v| i32::try_from(*v).is_err()) {
        return false;
    }
    match RANGES.iter().find(|(k, _, _)| *k == key) {
        Some((_, lo, hi)) => values.len() == 1 && (*lo..=*hi).contains(&values[0]),
        None => true,
    }
}

impl World {
    /// The TTL a namespace's sockets send with (`net.ipv4.ip_default_ttl`).
    pub fn default_ttl(&self, ns: NsId) -> u8 {
        self.ns(ns)
            .sysctl("net.ipv4.ip_default_ttl")
            .and_then(|v| v.parse().ok())
            .unwrap_or(64)
    }
}
