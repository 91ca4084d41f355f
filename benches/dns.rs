//! DNS performance: loading a 100,000-record zone, and one resolution
//! through nsswitch (`files` miss, then `dns`) answered by a CoreDNS
//! `file` plugin serving that zone, alone and as a whole `dig` cell. Run:
//! `cargo bench --no-default-features --bench dns`.

use criterion::{criterion_group, criterion_main, Criterion};
use netbook::shell::Session;
use netbook::sim::dns::hosts::Family;
use netbook::sim::dns::resolver::resolve_host;
use netbook::sim::dns::zone::Zone;
use std::hint::black_box;

const RECORDS: usize = 100_000;

fn zone_text() -> String {
    let mut z = String::from(
        "$ORIGIN big.test.\n$TTL 300\n@ IN SOA ns admin ( 1 7200 3600 1209600 60 )\n  IN NS ns\nns IN A 10.0.0.53\n",
    );
    for i in 0..RECORDS - 3 {
        let (a, b) = (i / 250 % 250, i % 250);
        if i % 10 == 9 {
            z.push_str(&format!("alias{i} IN CNAME host{}\n", i - 1));
        } else {
            z.push_str(&format!("host{i} IN A 10.{}.{a}.{b}\n", i / 62_500));
        }
    }
    z
}

fn bench(c: &mut Criterion) {
    let text = zone_text();
    let mut g = c.benchmark_group("dns");
    g.sample_size(10);
    g.bench_function("zone_load_100k", |b| {
        b.iter(|| Zone::parse(black_box(&text), "big.test.").map(|z| z.records().len()))
    });

    let mut s = Session::new();
    // The server's bind address exists on the host (queries walk the datapath).
    let mut sink = Vec::new();
    s.execute(
        "ip link add dns0 type dummy\nip addr add 10.0.0.53/24 dev dns0\nip link set dns0 up",
        &mut sink,
    );
    let w = s.world_mut();
    let mut hosts = w.read_file(None, "/etc/hosts").unwrap_or_default();
    for i in 0..50 {
        hosts.push_str(&format!("192.168.0.{i} lab{i} lab{i}.local\n"));
    }
    w.write_file(None, "/etc/hosts", &hosts, false).unwrap();
    w.write_file(None, "/db.big", &text, false).unwrap();
    w.write_file(
        None,
        "/Corefile",
        "big.test {\n  bind 10.0.0.53\n  file /db.big\n}\n",
        false,
    )
    .unwrap();
    w.write_file(None, "/etc/resolv.conf", "nameserver 10.0.0.53\n", false)
        .unwrap();
    let mut sink = Vec::new();
    let r = s.execute("coredns -conf /Corefile", &mut sink);
    assert_eq!(r.status, 0, "{sink:?}");
    // Each query walks the world itself (conntrack keeps its entry), as
    // in a cell.
    let world = s.world_mut();
    let probe = resolve_host(world, None, "alias99989.big.test", Some(Family::V4));
    assert_eq!(probe.addrs.len(), 1, "{:?}", probe.steps);
    g.sample_size(100);
    g.bench_function("resolve_nss_files_then_dns_cname", |b| {
        b.iter(|| {
            resolve_host(
                world,
                None,
                black_box("alias99989.big.test"),
                Some(Family::V4),
            )
        })
    });
    g.bench_function("resolve_nss_hosts_file_hit", |b| {
        b.iter(|| resolve_host(world, None, black_box("lab42.local"), Some(Family::V4)))
    });
    // A whole cell: the per-cell snapshot, dig's query walking the world,
    // its output.
    let mut out = Vec::new();
    g.bench_function("dig_cell", |b| {
        b.iter(|| {
            out.clear();
            s.execute(black_box("dig +short alias99989.big.test"), &mut out)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
