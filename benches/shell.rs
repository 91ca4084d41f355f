//! The bash evaluator (issue 18): a 10,000-iteration `for` loop creating
//! and deleting a namespace (target: under 1 s), and a text pipeline.
//!
//! Run: `cargo bench --no-default-features --bench shell`

use criterion::{criterion_group, criterion_main, Criterion};
use netbook::shell::{Emit, Session};
use std::time::Duration;

fn run(cell: &str) {
    let mut s = Session::new();
    let mut out: Vec<Emit> = Vec::new();
    let r = s.execute(cell, &mut out);
    assert!(r.error.is_none() && r.status == 0, "{r:?} {out:?}");
}

fn loops(c: &mut Criterion) {
    let mut g = c.benchmark_group("shell");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("for_10k_netns_add_del", |b| {
        b.iter(|| run("for i in $(seq 1 10000); do ip netns add ns$i; ip netns del ns$i; done"))
    });
    g.bench_function("while_10k_arith", |b| {
        b.iter(|| run("i=0; while (( i < 10000 )); do i=$((i+1)); done"))
    });
    g.bench_function("pipeline_10k_lines", |b| {
        b.iter(|| {
            run("seq 10000 | awk '{print $1 % 7}' | sort -n | uniq -c | sed 's/^ *//' > /tmp/x")
        })
    });
    g.finish();
}

criterion_group!(benches, loops);
criterion_main!(benches);
