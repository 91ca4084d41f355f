//! Subnetting benchmarks (issue 3): a /8 split into /30s.
//!
//! `cargo bench --no-default-features --bench subnet`
//!
//! - `first_1000_plus_totals`: what `subnet split 10.0.0.0/8 --prefix 30`
//!   prints (the first 1000 rows and the totals), text only and with the
//!   HTML table and SVG bar. Target: under 50 ms.
//! - `iterate_all_4194304`: every subnet of the split, lazily; throughput is
//!   in subnets per second, so ns per subnet = 1e9 / throughput.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use netbook::display::addr::{split_bundle, split_text};
use netbook::sim::addr::{parse_v4_net, Split};

fn split_8_into_30() -> Split {
    Split::new(parse_v4_net("10.0.0.0/8").unwrap(), 30).unwrap()
}

fn first_rows(c: &mut Criterion) {
    let split = split_8_into_30();
    let mut g = c.benchmark_group("subnet_split_8_to_30");
    g.bench_function("first_1000_plus_totals_text", |b| {
        b.iter(|| split_text(black_box(&split)))
    });
    g.bench_function("first_1000_plus_totals_bundle", |b| {
        b.iter(|| split_bundle(black_box(&split)))
    });
    g.finish();
}

fn iterate_all(c: &mut Criterion) {
    let split = split_8_into_30();
    let mut g = c.benchmark_group("subnet_split_8_to_30");
    g.sample_size(20);
    g.throughput(Throughput::Elements(split.count()));
    g.bench_function("iterate_all_4194304", |b| {
        b.iter(|| {
            // Fold every subnet so none of the work can be skipped.
            black_box(&split).iter().fold(0u32, |acc, n| {
                acc ^ u32::from(n.network()) ^ u32::from(n.prefix_len())
            })
        })
    });
    g.finish();
}

criterion_group!(benches, first_rows, iterate_all);
criterion_main!(benches);
