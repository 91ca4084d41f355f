//! Routing table at Internet scale (issue 4): 1,000,000 IPv4 prefixes.
//!
//! Run: `cargo bench --no-default-features --bench fib`
//!
//! - `build_1m`: building [`netbook::sim::fib::Fib`] from 1M routes (target
//!   under 1 s), and `prefix-trie`'s `PrefixMap` from the same prefixes.
//! - `lookup_1m`: longest-prefix match of the same 1M addresses in each;
//!   throughput is lookups per second.
//! - `load_1m`: the same routes loaded into a simulated host, through
//!   `World::route_add` (gateway check, duplicate check, index) and through
//!   a cell running `ip -batch FILE` (1M command lines parsed by `ip`).
//! - `route_get_1m`: `World::route_get` (what `ip route get` and every
//!   forwarded packet ask: local addresses, connected routes, then the
//!   static table) for the 1M addresses, against `prefix-trie` again.
//!
//! The length mix follows the public BGP table (rough shares of the ~950k
//! IPv4 prefixes in the CIDR Report / bgp.potaroo.net, 2024): /24 about 60%,
//! /22 12%, /23 10%, /21 5%, /20 4.5%, /19 2.5%, /16 1.5%, /18 1.2%,
//! /17 0.8%, /8../15 0.5%, the rest (/25../32, leaked) 2%.
//! The 0.1% of /8s overstates the real table (about a dozen), so nearly
//! every address matches something; a `Fib` lookup costs the same either way.

#[path = "common/bgp.rs"]
mod bgp;
use bgp::{prefix_len, unicast, Rng, MIX};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ipnet::Ipv4Net;
use netbook::shell::Session;
use netbook::sim::fib::{Fib, Leaf, PackedFib};
use netbook::sim::link::LinkId;
use netbook::sim::link::NsId;
use netbook::sim::route::{Route, RouteKind, RouteProto, RouteScope};
use netbook::World;
use prefix_trie::PrefixMap;
use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::Duration;

const N: usize = 1_000_000;

/// The simulated host's default gateway (`World::new()`'s eth0 subnet).
const GATEWAY: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 2);

fn table() -> Vec<Route> {
    let total: u32 = MIX.iter().map(|m| m.1).sum();
    assert_eq!(total, 1000);
    let mut rng = Rng(0x6e65_7462_6f6f_6b34);
    (0..N)
        .map(|i| {
            let len = prefix_len(&mut rng);
            Route {
                dst: Ipv4Net::new(Ipv4Addr::from(unicast(&mut rng)), len)
                    .unwrap()
                    .trunc(),
                via: Some(GATEWAY),
                dev: LinkId((i % 4) as u32),
                proto: RouteProto::BOOT,
                scope: RouteScope::Global,
                src: None,
                metric: 0,
                linkdown: false,
                kind: RouteKind::Unicast,
            }
        })
        .collect()
}

/// Half the addresses inside routed prefixes, half anywhere in unicast space.
fn addresses(routes: &[Route]) -> Vec<Ipv4Addr> {
    let mut rng = Rng(42);
    (0..N)
        .map(|i| {
            if i % 2 == 0 {
                let r = &routes[rng.below(routes.len() as u32) as usize];
                let host = (rng.next() as u32) & !u32::from(r.dst.netmask());
                Ipv4Addr::from(u32::from(r.dst.network()) | host)
            } else {
                Ipv4Addr::from(unicast(&mut rng))
            }
        })
        .collect()
}

fn trie(routes: &[Route]) -> PrefixMap<Ipv4Net, u32> {
    let mut m = PrefixMap::new();
    for (i, r) in routes.iter().enumerate() {
        // Keep the first of duplicate prefixes, as the Fib does.
        if m.get(&r.dst).is_none() {
            m.insert(r.dst, i as u32);
        }
    }
    m
}

fn bench(c: &mut Criterion) {
    let routes = table();
    let dsts = addresses(&routes);

    let mut g = c.benchmark_group("fib_build_1m");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("netbook_fib", |b| b.iter(|| black_box(Fib::new(&routes))));
    g.bench_function("prefix_trie_map", |b| b.iter(|| black_box(trie(&routes))));
    g.finish();

    let fib = Fib::new(&routes);
    let map = trie(&routes);
    // Both must find the same prefix for every address, or the race is unfair.
    let mut hits = 0usize;
    for &d in &dsts {
        let ours = fib.lookup(d).map(|i| routes[i].dst);
        let theirs = map.get_lpm(&Ipv4Net::from(d)).map(|(p, _)| p);
        assert_eq!(ours, theirs, "{d}");
        hits += usize::from(ours.is_some());
    }
    eprintln!(
        "fib: {} routes, {} of {} addresses routed, {} MiB of tables",
        routes.len(),
        hits,
        dsts.len(),
        fib.memory_bytes() >> 20
    );

    let shared = vec![0u16; routes.len()];
    let packed = PackedFib::new(&fib, &shared);
    eprintln!(
        "packed: {} MiB of tables (every route with one next hop)",
        packed.memory_bytes() >> 20
    );

    let mut g = c.benchmark_group("fib_lookup_1m");
    g.sample_size(20);
    g.throughput(Throughput::Elements(dsts.len() as u64));
    g.bench_function("netbook_fib", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                acc.wrapping_add(fib.lookup(black_box(d)).unwrap_or(0))
            })
        })
    });
    g.bench_function("netbook_packed_fib", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                let hit = packed.lookup(black_box(d));
                acc.wrapping_add(matches!(hit, Some(Leaf::Hop(_))) as usize)
            })
        })
    });
    g.bench_function("prefix_trie_get_lpm", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                let hit = map.get_lpm(&Ipv4Net::from(black_box(d)));
                acc.wrapping_add(hit.map_or(0, |(_, &i)| i as usize))
            })
        })
    });
    g.finish();
}

/// A fresh host with `routes` added by `route_add` (duplicates skipped, as
/// `ip route add` refuses them) and one lookup made; returns it and how
/// many were refused.
fn loaded(routes: &[Route]) -> (World, usize) {
    let mut w = World::new();
    let mut refused = 0;
    for r in routes {
        let r = Route {
            dev: LinkId(u32::MAX),
            ..r.clone()
        };
        refused += usize::from(w.route_add(NsId::ROOT, r, false).is_err());
    }
    // The first lookup builds the index: part of "loaded and answering".
    assert!(w.route_get(NsId::ROOT, Ipv4Addr::new(1, 2, 3, 4)).is_ok());
    (w, refused)
}

fn batch_file(routes: &[Route]) -> String {
    let mut text = String::with_capacity(routes.len() * 40);
    for r in routes {
        text.push_str(&format!("route add {} via {GATEWAY}\n", r.dst));
    }
    text
}

fn bench_host(c: &mut Criterion) {
    let routes = table();
    let dsts = addresses(&routes);
    let (world, refused) = loaded(&routes);
    eprintln!(
        "host: {} routes installed, {refused} duplicates refused",
        world.ns(NsId::ROOT).routes.len()
    );

    let mut g = c.benchmark_group("load_1m");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("world_route_add", |b| b.iter(|| black_box(loaded(&routes))));
    let text = batch_file(&routes);
    g.bench_function("cell_ip_batch", |b| {
        b.iter_batched(
            || {
                let mut s = Session::new();
                s.world_mut()
                    .write_file(None, "/root/routes", &text, false)
                    .unwrap();
                s
            },
            |mut s| {
                let t = s.run_terminal("ip -force -batch /root/routes; ip route get 1.2.3.4");
                assert_eq!(t.outcome.status, 0);
                // Each duplicate: "RTNETLINK answers: File exists" + "Command failed".
                assert_eq!(
                    t.stderr.lines().count(),
                    2 * refused,
                    "{}",
                    &t.stderr[..200]
                );
                s
            },
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();

    // The host must pick the prefix the trie picks, unless its connected
    // 10.0.2.0/24 or its default route is as long or longer.
    let map = trie(&routes);
    let connected: Ipv4Net = "10.0.2.0/24".parse().unwrap();
    for &d in &dsts {
        let ours = world.route_lookup(NsId::ROOT, d, None).unwrap().dst;
        let mut want = map
            .get_lpm(&Ipv4Net::from(d))
            .map_or(Ipv4Net::default(), |(p, _)| p);
        if connected.contains(&d) && connected.prefix_len() >= want.prefix_len() {
            want = connected;
        }
        assert_eq!(ours, want, "{d}");
        assert!(world.route_get(NsId::ROOT, d).is_ok());
    }
    let mut g = c.benchmark_group("route_get_1m");
    g.sample_size(20);
    g.throughput(Throughput::Elements(dsts.len() as u64));
    g.bench_function("world_route_get", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                let r = world.route_get(NsId::ROOT, black_box(d)).unwrap();
                acc.wrapping_add(r.dev.0 as usize)
            })
        })
    });
    g.bench_function("prefix_trie_get_lpm", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                let hit = map.get_lpm(&Ipv4Net::from(black_box(d)));
                acc.wrapping_add(hit.map_or(0, |(_, &i)| i as usize))
            })
        })
    });
    // The same trie when the answer must include the route (gateway,
    // device), as `ip route get` prints it.
    g.bench_function("prefix_trie_get_lpm_route", |b| {
        b.iter(|| {
            dsts.iter().fold(0usize, |acc, &d| {
                let hit = map.get_lpm(&Ipv4Net::from(black_box(d)));
                let r = hit.map(|(_, &i)| &routes[i as usize]);
                acc.wrapping_add(r.map_or(0, |r| r.dev.0 as usize + r.via.is_some() as usize))
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_host);
criterion_main!(benches);
