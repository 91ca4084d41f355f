//! The 1M-route load through a cell, once, for its time and peak memory:
//! the same table as `benches/fib.rs` (the public BGP table's length mix,
//! seeded), written as `route add P via 10.0.2.2` lines to /root/routes in
//! the simulated file system, then `ip -force -batch /root/routes; ip route
//! get 1.2.3.4` in one cell. Prints the cell's wall time, the resident set
//! before the cell (the batch text already held) and the process's peak
//! (VmHWM), both from /proc/self/status.
//!
//!     cargo bench --no-default-features --bench route_load

use netbook::shell::Session;
use std::net::Ipv4Addr;
use std::time::Instant;

/// (prefix length, share in per mille), as in benches/fib.rs.
const MIX: &[(u8, u32)] = &[
    (24, 600),
    (22, 120),
    (23, 100),
    (21, 50),
    (20, 45),
    (19, 25),
    (16, 15),
    (18, 12),
    (17, 8),
    (15, 1),
    (14, 1),
    (13, 1),
    (12, 1),
    (8, 1),
    (25, 4),
    (26, 4),
    (27, 3),
    (28, 3),
    (29, 2),
    (30, 2),
    (32, 2),
];

/// SplitMix64, the generator and seed of benches/fib.rs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

fn batch_text() -> String {
    let mut rng = Rng(0x6e65_7462_6f6f_6b34);
    let mut text = String::with_capacity(40_000_000);
    for _ in 0..1_000_000 {
        let mut pick = rng.below(1000);
        let len = MIX
            .iter()
            .find(|m| {
                if pick < m.1 {
                    return true;
                }
                pick -= m.1;
                false
            })
            .map_or(24, |m| m.0);
        let addr = ((1 + rng.below(223)) << 24) | rng.below(1 << 24);
        let net = if len == 0 {
            0
        } else {
            addr & (u32::MAX << (32 - len))
        };
        text.push_str(&format!(
            "route add {}/{len} via 10.0.2.2\n",
            Ipv4Addr::from(net)
        ));
    }
    text
}

fn status_kib(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let text = batch_text();
    let mut s = Session::new();
    s.world_mut()
        .write_file(None, "/root/routes", &text, false)
        .unwrap();
    drop(text);
    let before = status_kib("VmRSS:");
    let t0 = Instant::now();
    let t = s.run_terminal("ip -force -batch /root/routes; ip route get 1.2.3.4");
    let took = t0.elapsed();
    assert_eq!(
        t.outcome.status,
        0,
        "{}",
        &t.stderr[..t.stderr.len().min(300)]
    );
    let refused = t.stderr.lines().count() / 2;
    println!(
        "route_load: 1,000,000 lines ({refused} duplicates refused) in {:.0} ms; RSS before the cell {} MiB, peak {} MiB",
        took.as_secs_f64() * 1e3,
        before / 1024,
        status_kib("VmHWM:") / 1024
    );
}
