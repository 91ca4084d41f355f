//! Netfilter hot paths: a packet walking a 10,000-rule chain (the last
//! rule matches), a kube-proxy-sized `iptables-restore`, and an
//! established connection's conntrack lookup.
//! Run: `cargo bench --no-default-features --bench netfilter`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use netbook::sim::netfilter::conntrack::Tuple;
use netbook::sim::netfilter::rule::Proto;
use netbook::sim::netfilter::{parse::run_line, save, Hook, HookCtx, Netfilter};
use netbook::sim::packet::{Ipv4Packet as Packet, TcpKind, L4};
use std::net::Ipv4Addr;

fn big_ruleset(n: u32) -> Netfilter {
    let mut dump =
        String::from("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    for i in 0..n {
        let a = Ipv4Addr::from(0x0a00_0000 + i);
        dump.push_str(&format!(
            "-A FORWARD -s {a}/32 -p tcp -m tcp --dport 80 -j ACCEPT\n"
        ));
    }
    dump.push_str("COMMIT\n");
    let mut nf = Netfilter::new();
    save::restore(&mut nf, &dump, false, false).expect("valid dump");
    nf
}

fn kube_dump(services: u32) -> String {
    let mut d = String::from("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n");
    // kube-proxy marks hairpin traffic here and masquerades in POSTROUTING.
    d.push_str("-A KUBE-MARK-MASQ -j RETURN\n");
    for i in 0..services {
        d.push_str(&format!(
            ":KUBE-SVC-{i:06} - [0:0]\n:KUBE-SEP-{i:06} - [0:0]\n"
        ));
    }
    d.push_str(
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n",
    );
    for i in 0..services {
        let vip = Ipv4Addr::from(0x0a60_0000 + i);
        let pod = Ipv4Addr::from(0x0af4_0000 + i);
        d.push_str(&format!("-A KUBE-SERVICES -d {vip}/32 -p tcp -m comment --comment \"svc {i}\" -m tcp --dport 80 -j KUBE-SVC-{i:06}\n"));
        d.push_str(&format!(
            "-A KUBE-SVC-{i:06} -m comment --comment \"svc {i} -> pod\" -j KUBE-SEP-{i:06}\n"
        ));
        d.push_str(&format!(
            "-A KUBE-SEP-{i:06} -s {pod}/32 -j KUBE-MARK-MASQ\n"
        ));
        d.push_str(&format!(
            "-A KUBE-SEP-{i:06} -p tcp -m tcp -j DNAT --to-destination {pod}:8080\n"
        ));
        d.push_str(&format!("-A KUBE-SVC-{i:06} -j RETURN\n"));
    }
    d.push_str("COMMIT\n");
    d
}

fn bench(c: &mut Criterion) {
    let ctx = HookCtx::default();
    let mut nf = big_ruleset(10_000);
    let last = Ipv4Addr::from(0x0a00_0000 + 9_999);
    c.bench_function("hook FORWARD, 10000 rules, last matches", |b| {
        b.iter(|| {
            let mut p = Packet::tcp_syn(last, Ipv4Addr::new(192, 168, 0, 1), 40000, 80);
            black_box(nf.hook(Hook::Forward, &mut p, &ctx).verdict)
        })
    });

    let dump = kube_dump(10_000);
    c.bench_function(
        "iptables-restore kube-proxy 10000 services (50000 rules)",
        |b| {
            b.iter(|| {
                let mut nf = Netfilter::new();
                save::restore(&mut nf, black_box(&dump), false, false).expect("valid");
                nf
            })
        },
    );

    let mut kube = Netfilter::new();
    save::restore(&mut kube, &dump, false, false).expect("valid");
    let vip = Ipv4Addr::from(0x0a60_0000 + 9_999);
    c.bench_function(
        "packet walk kube-proxy nat PREROUTING (new conn, last service)",
        |b| {
            b.iter(|| {
                // PREROUTING alone never confirms, so every packet is NEW.
                let mut p = Packet::tcp_syn(Ipv4Addr::new(10, 1, 1, 1), vip, 40000, 80);
                black_box(kube.hook(Hook::Prerouting, &mut p, &ctx).verdict)
            })
        },
    );

    let mut ct = Netfilter::new();
    run_line(
        &mut ct,
        "-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT",
    )
    .expect("rule");
    for i in 0..10_000u32 {
        let t = Tuple {
            src: Ipv4Addr::from(0x0a00_0000 + i),
            dst: Ipv4Addr::new(192, 168, 0, 1),
            proto: Proto::Tcp,
            sport: 40000,
            dport: 80,
        };
        let id = ct.conntrack.insert(t, t.invert(), 0, 0);
        if let Some(c) = ct.conntrack.get_mut(id) {
            c.seen_reply = true;
            c.expires_us = u64::MAX;
        }
    }
    let hit = Tuple {
        src: Ipv4Addr::from(0x0a00_0000 + 5_000),
        dst: Ipv4Addr::new(192, 168, 0, 1),
        proto: Proto::Tcp,
        sport: 40000,
        dport: 80,
    };
    c.bench_function("conntrack lookup hit (10000 entries)", |b| {
        b.iter(|| black_box(ct.conntrack.lookup(black_box(&hit), 0)))
    });
    c.bench_function("established packet: PREROUTING+FORWARD+POSTROUTING", |b| {
        b.iter(|| {
            let mut p = Packet::new(
                hit.src,
                hit.dst,
                L4::Tcp {
                    sport: 40000,
                    dport: 80,
                    kind: TcpKind::Ack,
                },
            );
            for h in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
                black_box(ct.hook(h, &mut p, &ctx).verdict);
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
