//! The tutorial extensions on packets: `-m limit`'s bucket on the virtual
//! clock, iprange, length, ttl, mac, pkttype, owner and `-f`, and the
//! kernel's refusals at rule insert.

use super::apply::run_line;
use super::ext_l2::PktType;
use super::*;
use crate::sim::packet::{Ipv4Packet as Packet, L4};
use hook::TableKind;

fn nf(lines: &[&str]) -> Netfilter {
    let mut nf = Netfilter::new();
    for l in lines {
        run_line(&mut nf, l).unwrap();
    }
    nf
}

fn ping(src: [u8; 4], seq: u16) -> Packet {
    Packet::new(
        src.into(),
        [10, 0, 0, 1].into(),
        L4::EchoRequest { id: 7, seq },
    )
}

fn input(n: &mut Netfilter, p: &mut Packet, ctx: &HookCtx) -> Verdict {
    n.hook(Hook::Input, p, ctx).verdict
}

fn at(now_us: u64) -> HookCtx {
    HookCtx {
        now_us,
        in_iface: Some("eth0".into()),
        ..Default::default()
    }
}

/// `count` pings from 10.0.0.2 into INPUT, 0.2 s apart from t=0.
fn pings(n: &mut Netfilter, count: u16) -> Vec<Verdict> {
    (0..count)
        .map(|i| input(n, &mut ping([10, 0, 0, 2], i), &at(u64::from(i) * 200_000)))
        .collect()
}

#[test]
fn limit_lets_a_burst_through_then_one_per_period() {
    let mut n = nf(&[
        "-A INPUT -p icmp -m limit --limit 1/s --limit-burst 2 -j ACCEPT",
        "-A INPUT -p icmp -j DROP",
    ]);
    let v = pings(&mut n, 4);
    assert_eq!(
        v,
        [
            Verdict::Accept,
            Verdict::Accept,
            Verdict::Drop,
            Verdict::Drop
        ]
    );
    // 0.8 s later the bucket has refilled one token (and 0.2 s of credit).
    assert_eq!(
        input(&mut n, &mut ping([10, 0, 0, 2], 5), &at(1_400_000)),
        Verdict::Accept
    );
    assert_eq!(
        input(&mut n, &mut ping([10, 0, 0, 2], 6), &at(1_500_000)),
        Verdict::Drop
    );
    let t = n.table_or_default(TableKind::Filter);
    let r = &t.chain("INPUT").unwrap().rules[0];
    assert_eq!(r.counters.packets, 3);
    assert_eq!(
        r.save_args(),
        " -p icmp -m limit --limit 1/sec --limit-burst 2 -j ACCEPT"
    );
    assert_eq!(r.list_extras(true), " limit: avg 1/sec burst 2");
}

#[test]
fn header_matches_on_packets() {
    let mut n = nf(&[
        "-A INPUT -m iprange --src-range 10.0.0.5-10.0.0.9 -j DROP",
        "-A INPUT -m length --length 0:83 -j DROP",
        "-A INPUT -m ttl --ttl-lt 5 -j DROP",
        "-A INPUT -f -j DROP",
    ]);
    assert_eq!(
        input(&mut n, &mut ping([10, 0, 0, 7], 1), &at(0)),
        Verdict::Drop
    );
    assert_eq!(
        input(&mut n, &mut ping([10, 0, 0, 2], 1), &at(0)),
        Verdict::Accept
    );
    let mut low = ping([10, 0, 0, 2], 2);
    low.ttl = 3;
    assert_eq!(input(&mut n, &mut low, &at(0)), Verdict::Drop);
    let t = n.table_or_default(TableKind::Filter);
    let rules = &t.chain("INPUT").unwrap().rules;
    assert_eq!(rules[1].counters.packets, 0, "a ping is 84 bytes");
    assert_eq!(rules[3].opt_text(), "-f");
    assert_eq!(rules[3].counters.packets, 0);
}

#[test]
fn mac_and_pkttype_see_the_frame() {
    let mut n = nf(&[
        "-A INPUT -m mac --mac-source 02:00:00:00:00:0a -j DROP",
        "-A INPUT -m pkttype --pkt-type broadcast -j DROP",
    ]);
    let frame = |mac: u8, t: PktType| HookCtx {
        in_l2: Some(([2, 0, 0, 0, 0, mac], t)),
        ..at(0)
    };
    let mut p = ping([10, 0, 0, 2], 1);
    assert_eq!(
        input(&mut n, &mut p, &frame(0xa, PktType::Unicast)),
        Verdict::Drop
    );
    assert_eq!(
        input(&mut n, &mut p, &frame(0xb, PktType::Unicast)),
        Verdict::Accept
    );
    assert_eq!(
        input(&mut n, &mut p, &frame(0xb, PktType::Broadcast)),
        Verdict::Drop
    );
    assert_eq!(input(&mut n, &mut p, &at(0)), Verdict::Accept);
}

#[test]
fn owner_matches_local_sockets_only() {
    let mut n = nf(&["-A OUTPUT -m owner --uid-owner root -j DROP"]);
    let out = HookCtx::default();
    assert_eq!(
        n.hook(Hook::Output, &mut ping([10, 0, 0, 1], 1), &out)
            .verdict,
        Verdict::Drop
    );
    let mut reply = Packet::new(
        [10, 0, 0, 1].into(),
        [10, 0, 0, 2].into(),
        L4::EchoReply { id: 7, seq: 1 },
    );
    assert_eq!(
        n.hook(Hook::Output, &mut reply, &out).verdict,
        Verdict::Accept
    );
}

#[test]
fn kernel_refuses_matches_outside_their_hooks() {
    let mut n = Netfilter::new();
    for (line, chain) in [
        ("-A INPUT -m owner --uid-owner 0 -j ACCEPT", "INPUT"),
        ("-A OUTPUT -m mac --mac-source 02:00:00:00:00:01", "OUTPUT"),
        ("-A OUTPUT -m owner --uid-owner 2000-1000", "OUTPUT"),
    ] {
        let e = run_line(&mut n, line).unwrap_err();
        assert_eq!(
            e.render("iptables"),
            format!("iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain {chain}\n")
        );
        assert_eq!(e.status(), 4);
    }
}

#[test]
fn option_mistakes_worded_as_libxtables() {
    let mut n = Netfilter::new();
    for (line, msg) in [
        ("-A INPUT -m limit ! --limit 5/s", "limit: option \"--limit\" cannot be inverted.\n"),
        ("-A INPUT -m limit --limit 5/s --limit 6/s", "limit: option \"--limit\" can only be used once.\n"),
        ("-A INPUT -m limit --limit-burst 10001", "limit: bad value for option \"--limit-burst\", or out of range (0-10000).\n"),
        ("-A INPUT -m ttl --ttl-lt 3 --ttl-gt 1", "ttl: option \"--ttl-lt\" cannot be used together with \"--ttl-gt\".\n"),
        ("-A INPUT -m iprange", "iprange match: You must specify `--src-range' or `--dst-range'"),
        ("-A INPUT -m length --length 70000", "length: bad value for option \"--length\" near \"70000\", or out of range (0-65535).\n"),
    ] {
        assert_eq!(run_line(&mut n, line).unwrap_err(), error::NfError::Usage(msg.into()), "{line}");
    }
}

#[test]
fn connmark_follows_the_connection_and_notrack_skips_it() {
    let mut n = nf(&[
        "-t mangle -A PREROUTING -p icmp -j CONNMARK --set-mark 0x7",
        "-t raw -A PREROUTING -s 10.0.0.9 -j NOTRACK",
        "-A INPUT -m connmark --mark 0x7 -j ACCEPT",
        "-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT",
        "-P INPUT DROP",
    ]);
    let ctx = at(0);
    for (src, want) in [
        ([10, 0, 0, 2], Verdict::Accept),
        ([10, 0, 0, 9], Verdict::Accept),
    ] {
        let mut p = ping(src, 1);
        assert_eq!(
            n.hook(Hook::Prerouting, &mut p, &ctx).verdict,
            Verdict::Accept
        );
        assert_eq!(input(&mut n, &mut p, &ctx), want);
    }
    let conns = n.conntrack.entries(0);
    assert_eq!(conns.len(), 1, "the NOTRACKed ping has no entry");
    assert_eq!(conns[0].1.mark, 7);
    let t = n.table_or_default(TableKind::Filter);
    let rules = &t.chain("INPUT").unwrap().rules;
    assert_eq!(
        (rules[0].counters.packets, rules[1].counters.packets),
        (1, 1)
    );
}

#[test]
fn recent_drops_a_fourth_ping_and_forgets_with_its_rule() {
    let mut n = nf(&[
        "-A INPUT -p icmp -m recent --name PING --update --seconds 60 --hitcount 3 -j DROP",
        "-A INPUT -p icmp -m recent --name PING --set -j ACCEPT",
    ]);
    let v = pings(&mut n, 5);
    assert_eq!(v[3..], [Verdict::Drop, Verdict::Drop]);
    assert!(v[..3].iter().all(|v| *v == Verdict::Accept));
    assert_eq!(n.recent.list("PING").len(), 1);
    run_line(&mut n, "-F INPUT").unwrap();
    assert!(
        n.recent.list("PING").is_empty(),
        "the list goes with its rules"
    );
}

#[test]
fn connlimit_counts_connections_per_source() {
    let mut n = nf(&["-A INPUT -p icmp -m connlimit --connlimit-above 2 -j DROP"]);
    let ctx = at(0);
    let mut verdicts = Vec::new();
    for id in 1..=3u16 {
        let mut p = Packet::new(
            [10, 0, 0, 2].into(),
            [10, 0, 0, 1].into(),
            L4::EchoRequest { id, seq: 1 },
        );
        n.hook(Hook::Prerouting, &mut p, &ctx);
        verdicts.push(input(&mut n, &mut p, &ctx));
    }
    assert_eq!(verdicts, [Verdict::Accept, Verdict::Accept, Verdict::Drop]);
}
