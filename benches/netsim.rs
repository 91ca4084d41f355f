//! The simulated network at scale (issue 4): 10,000 namespaces, each with
//! a veth into one bridge and an address, built through the same command
//! lines a learner types; then a ping across the bridge.
//!
//! Run: `cargo bench --no-default-features --bench netsim`

use criterion::{criterion_group, criterion_main, Criterion};
use netbook::shell::{Emit, Session};
use std::hint::black_box;
use std::time::Duration;

const N: usize = 10_000;

fn addr(i: usize) -> String {
    format!("10.{}.{}.{}", 1 + i / 62_500, (i / 250) % 250, i % 250 + 1)
}

/// One cell that builds the whole lab, as a learner would type it.
fn script() -> String {
    let mut s = String::from("ip link add br0 type bridge\nip link set br0 up\n");
    for i in 0..N {
        s += &format!(
            "ip netns add n{i}\nip link add v{i} type veth peer name p{i}\nip link set v{i} netns n{i}\nip link set p{i} master br0\nip link set p{i} up\nip -n n{i} addr add {}/8 dev v{i}\nip -n n{i} link set v{i} up\n",
            addr(i)
        );
    }
    s
}

fn build(code: &str) -> Session {
    let mut s = Session::new();
    let mut out: Vec<Emit> = Vec::new();
    let r = s.execute(code, &mut out);
    assert!(r.error.is_none() && r.status == 0, "{r:?} {out:?}");
    s
}

fn ping_cell(s: &mut Session, cmd: &str) {
    let mut out: Vec<Emit> = Vec::new();
    let r = s.execute(cmd, &mut out);
    assert_eq!(r.status, 0, "{out:?}");
}

fn bench(c: &mut Criterion) {
    let code = script();
    let mut g = c.benchmark_group("netsim");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("build_10k_namespaces_via_commands", |b| {
        b.iter(|| black_box(build(&code)))
    });
    g.finish();

    let mut s = build(&code);
    let far = addr(N - 1);
    let cmd = format!("ip netns exec n0 ping -c 1 {far}");
    ping_cell(&mut s, &cmd); // first contact: ARP flooded to every port
    let mut g = c.benchmark_group("netsim");
    g.bench_function("ping_across_10k_bridge_command", |b| {
        let flag = std::sync::atomic::AtomicBool::new(false);
        let argv: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
        b.iter(|| {
            let mut ctx = netbook::shell::Ctx {
                world: s.world_mut(),
                netns: None,
                stdin: None,
                interrupt: &flag,
                live: None,
                pacer: None,
                shell: None,
                env: Default::default(),
            };
            let out = netbook::shell::command::run_argv(&mut ctx, &argv);
            assert_eq!(out.status, 0);
            black_box(out)
        })
    });
    g.bench_function("ping_across_10k_bridge_cell_with_snapshot", |b| {
        b.iter(|| ping_cell(&mut s, &cmd))
    });
    g.bench_function("world_clone_10k_namespaces", |b| {
        b.iter(|| black_box(s.world().clone()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
