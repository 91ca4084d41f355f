//! The 1M-route load through a cell, once, for its time and peak memory:
//! the same table as `benches/fib.rs` (the public BGP table's length mix,
//! seeded), written as `route add P via 10.0.2.2` lines to /root/routes in
//! the simulated file system, then `ip -force -batch /root/routes; ip route
//! get 1.2.3.4` in one cell. Prints the cell's wall time, the resident set
//! before the cell (the batch text already held) and the process's peak
//! (VmHWM), both from /proc/self/status.
//!
//!     cargo bench --no-default-features --bench route_load

#[path = "common/bgp.rs"]
mod bgp;
use bgp::{prefix_len, unicast, Rng};
use netbook::shell::Session;
use std::net::Ipv4Addr;
use std::time::Instant;

fn batch_text() -> String {
    let mut rng = Rng(0x6e65_7462_6f6f_6b34);
    let mut text = String::with_capacity(40_000_000);
    for _ in 0..1_000_000 {
        let len = prefix_len(&mut rng);
        let addr = unicast(&mut rng);
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
