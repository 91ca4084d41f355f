//! Walks of packets through whole rule sets: counters, targets, conntrack
//! states, NAT and its reversal, drop hints.

use super::apply::run_line;
use super::*;
use crate::sim::packet::{IcmpError, Ipv4Packet as Packet, TcpKind, L4};
use core::net::Ipv4Addr;
use hook::TableKind;
use nat::NatKind;
use targets::RejectWith;
use tuple::{CtState, Tuple};

fn nf(lines: &[&str]) -> Netfilter {
    let mut nf = Netfilter::new();
    for l in lines {
        run_line(&mut nf, l).unwrap();
    }
    nf
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn echo_reply(src: &str, dst: &str, id: u16) -> Packet {
    Packet::new(ip(src), ip(dst), L4::EchoReply { id, seq: 1 })
}

fn router_ctx(now_us: u64) -> HookCtx {
    HookCtx {
        now_us,
        out_addr: Some(ip("192.168.1.11")),
        local_addrs: vec![ip("192.168.1.11"), ip("10.201.0.1")],
        trace_misses: true,
        ..Default::default()
    }
}

/// A packet forwarded by the router: PREROUTING, FORWARD, POSTROUTING.
fn forward(nf: &mut Netfilter, p: &mut Packet, now_us: u64) -> (Verdict, Vec<TraceStep>) {
    forward_in(nf, p, router_ctx(now_us))
}

/// The same through `ctx` (interfaces set by the test).
fn forward_in(nf: &mut Netfilter, p: &mut Packet, ctx: HookCtx) -> (Verdict, Vec<TraceStep>) {
    let mut steps = Vec::new();
    for h in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
        let r = nf.hook(h, p, &ctx);
        steps.extend(r.steps);
        if r.verdict != Verdict::Accept {
            return (r.verdict, steps);
        }
    }
    (Verdict::Accept, steps)
}

/// Whether conntrack classified the packet as `state` on its way.
fn tracked_as(steps: &[TraceStep], state: CtState) -> bool {
    steps
        .iter()
        .any(|s| matches!(s, TraceStep::Conntrack { state: st, .. } if *st == state))
}

/// Whether NAT of `kind` rewrote the packet on its way.
fn natted_as(steps: &[TraceStep], kind: NatKind) -> bool {
    steps
        .iter()
        .any(|s| matches!(s, TraceStep::Nat { kind: k, .. } if *k == kind))
}

#[test]
fn matching_rules_counts_and_explains() {
    let mut n = nf(&[
        "-A INPUT -p tcp --dport 22 -j ACCEPT",
        "-A INPUT ! -s 10.0.0.0/8 -i eth+ -j DROP",
        "-P INPUT ACCEPT",
    ]);
    let ctx = HookCtx {
        trace_misses: true,
        ..Default::default()
    };
    let on = |i: &str| HookCtx {
        in_iface: Some(i.into()),
        ..ctx.clone()
    };
    let mut p = Packet::tcp_syn(ip("192.0.2.1"), ip("10.0.0.1"), 40000, 80);
    let r = n.hook(Hook::Input, &mut p, &on("eth0"));
    assert_eq!(r.verdict, Verdict::Drop);
    assert!(r.steps.iter().any(|s| matches!(
        s,
        TraceStep::Rule {
            num: 1,
            result: Err(Mismatch::Port),
            ..
        }
    )));
    // Inside 10/8 or on another interface the DROP rule does not match.
    let mut p = Packet::tcp_syn(ip("10.1.1.1"), ip("10.0.0.1"), 40000, 80);
    assert_eq!(
        n.hook(Hook::Input, &mut p, &on("eth0")).verdict,
        Verdict::Accept
    );
    let mut p = Packet::tcp_syn(ip("192.0.2.1"), ip("10.0.0.1"), 40000, 80);
    assert_eq!(
        n.hook(Hook::Input, &mut p, &on("veth0")).verdict,
        Verdict::Accept
    );
    let t = n.table(TableKind::Filter).unwrap();
    let input = t.chain("INPUT").unwrap();
    assert_eq!(input.rules[1].counters.packets, 1);
    assert_eq!(input.rules[1].counters.bytes, 60);
    // `-P` gave INPUT its counter: the two packets no rule took count.
    assert_eq!(
        (input.policy_counters.packets, input.policy_counters.bytes),
        (2, 120)
    );
}

#[test]
fn a_policy_counts_only_once_declared() {
    // As iptables-nft on Linux 6.1: a base chain made for `-A` has no
    // counter; `-P` (or iptables-restore) gives it a fresh one.
    let mut n = nf(&["-A INPUT -p udp -j ACCEPT"]);
    let ctx = HookCtx::default();
    let syn = || Packet::tcp_syn(ip("192.0.2.1"), ip("10.0.0.1"), 40000, 80);
    let input = |n: &Netfilter| {
        n.table(TableKind::Filter)
            .unwrap()
            .chain("INPUT")
            .unwrap()
            .policy_counters
            .packets
    };
    n.hook(Hook::Input, &mut syn(), &ctx);
    assert_eq!(input(&n), 0);
    run_line(&mut n, "-P INPUT ACCEPT").unwrap();
    n.hook(Hook::Input, &mut syn(), &ctx);
    n.hook(Hook::Input, &mut syn(), &ctx);
    assert_eq!(input(&n), 2);
    run_line(&mut n, "-P INPUT DROP").unwrap();
    assert_eq!(input(&n), 0, "-P replaces the chain's counter");
    assert_eq!(n.hook(Hook::Input, &mut syn(), &ctx).verdict, Verdict::Drop);
    assert_eq!(input(&n), 1);
}

#[test]
fn targets_reject_log_return_and_user_chains() {
    let mut n = nf(&[
        "-N CHECK",
        "-A CHECK -p icmp --icmp-type echo-request -j LOG --log-prefix \"ping: \"",
        "-A CHECK -s 10.0.0.9 -j RETURN",
        "-A CHECK -p icmp -j REJECT --reject-with icmp-host-prohibited",
        "-A INPUT -j CHECK",
        "-A INPUT -j DROP",
    ]);
    let ctx = HookCtx {
        now_us: 1_500_000,
        ..Default::default()
    };
    let mut p = Packet::ping(ip("10.0.0.5"), ip("10.0.0.1"), 3);
    let r = n.hook(Hook::Input, &mut p, &ctx);
    assert_eq!(r.verdict, Verdict::Reject(RejectWith::HostProhibited));
    assert_eq!(r.logs.len(), 1);
    assert!(r.logs[0].starts_with("[    1.500000] ping: IN= OUT= SRC=10.0.0.5 DST=10.0.0.1 LEN=84"));
    assert_eq!(n.dmesg.len(), 1);
    // RETURN goes back to INPUT, whose next rule drops.
    let mut p = Packet::ping(ip("10.0.0.9"), ip("10.0.0.1"), 3);
    let r = n.hook(Hook::Input, &mut p, &ctx);
    assert_eq!(r.verdict, Verdict::Drop);
    assert!(
        matches!(r.steps.last(), Some(TraceStep::Verdict { by, .. }) if by == "filter INPUT rule 2")
    );
}

#[test]
fn conntrack_states_and_established_rule() {
    let mut n = nf(&[
        "-P FORWARD DROP",
        "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A FORWARD -s 10.201.0.0/24 -j ACCEPT",
    ]);
    let mut out = Packet::ping(ip("10.201.0.2"), ip("192.168.1.10"), 9);
    assert_eq!(forward(&mut n, &mut out, 0).0, Verdict::Accept);
    let mut reply = echo_reply("192.168.1.10", "10.201.0.2", 9);
    let (v, steps) = forward(&mut n, &mut reply, 1000);
    assert_eq!(v, Verdict::Accept);
    assert!(tracked_as(&steps, CtState::Established));
    // A new connection from outside is NEW and hits the policy.
    let mut inbound = Packet::ping(ip("192.168.1.10"), ip("10.201.0.2"), 10);
    assert_eq!(forward(&mut n, &mut inbound, 2000).0, Verdict::Drop);
    // An unsolicited echo reply is INVALID.
    let mut stray = echo_reply("192.168.1.10", "10.201.0.2", 11);
    let (_, steps) = forward(&mut n, &mut stray, 3000);
    assert!(tracked_as(&steps, CtState::Invalid));
}

#[test]
fn masquerade_then_reply_is_un_natted() {
    let mut n = nf(&["-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"]);
    let mut p = Packet::tcp_syn(ip("10.201.0.2"), ip("192.168.1.10"), 40000, 80);
    let (v, steps) = forward(&mut n, &mut p, 0);
    assert_eq!(v, Verdict::Accept);
    assert_eq!((p.src, p.sport()), (ip("192.168.1.11"), 40000));
    assert!(natted_as(&steps, NatKind::Masquerade));
    let entries = n.conntrack.entries(0);
    assert_eq!(entries.len(), 1);
    assert!(entries[0].1.snat());
    // The outside host answers the router's address; conntrack sends
    // it back to the inside host without walking the nat table.
    let mut r = Packet::new(
        ip("192.168.1.10"),
        ip("192.168.1.11"),
        L4::Tcp {
            sport: 80,
            dport: 40000,
            kind: TcpKind::SynAck,
        },
    );
    let (v, steps) = forward(&mut n, &mut r, 10);
    assert_eq!(v, Verdict::Accept);
    assert_eq!((r.dst, r.dport()), (ip("10.201.0.2"), 40000));
    assert!(natted_as(&steps, NatKind::ReplyUnNat));
    assert!(steps
        .iter()
        .any(|s| matches!(s, TraceStep::NatSkipped { .. })));
    let c = n.conntrack.entries(10)[0].1.clone();
    assert_eq!(c.tcp_state, Some(conntrack::TcpState::SynRecv));
}

#[test]
fn pat_gives_the_second_host_another_port() {
    let mut n = nf(&["-t nat -A POSTROUTING -o eth0 -j MASQUERADE"]);
    let go = |n: &mut Netfilter, src: &str| {
        let mut p = Packet::udp(ip(src), ip("8.8.8.8"), 5000, 53);
        let ctx = HookCtx {
            out_iface: Some("eth0".into()),
            ..router_ctx(0)
        };
        forward_in(n, &mut p, ctx);
        (p.src, p.sport())
    };
    assert_eq!(go(&mut n, "10.201.0.2"), (ip("192.168.1.11"), 5000));
    assert_eq!(go(&mut n, "10.201.0.3"), (ip("192.168.1.11"), 5001));
    assert_eq!(n.conntrack.len(0), 2);
}

#[test]
fn dnat_port_forward_and_reply_source_restored() {
    let mut n = nf(&[
        "-t nat -A PREROUTING -d 200.200.200.10 -j DNAT --to-destination 172.128.0.11",
        "-t nat -A PREROUTING -d 200.200.200.10 -p tcp --dport 8080 -j DNAT --to-destination 172.128.0.12:80",
    ]);
    let mut p = Packet::ping(ip("1.2.3.4"), ip("200.200.200.10"), 1);
    forward(&mut n, &mut p, 0);
    assert_eq!(p.dst, ip("172.128.0.11"));
    let mut reply = echo_reply("172.128.0.11", "1.2.3.4", 1);
    forward(&mut n, &mut reply, 5);
    assert_eq!(
        reply.src,
        ip("200.200.200.10"),
        "the client sees the public address"
    );
    // First rule matches all protocols, so tcp/8080 goes to .11 too.
    let mut t = Packet::tcp_syn(ip("1.2.3.4"), ip("200.200.200.10"), 4000, 8080);
    forward(&mut n, &mut t, 0);
    assert_eq!((t.dst, t.dport()), (ip("172.128.0.11"), 8080));
    run_line(&mut n, "-t nat -D PREROUTING 1").unwrap();
    let mut t = Packet::tcp_syn(ip("1.2.3.5"), ip("200.200.200.10"), 4000, 8080);
    forward(&mut n, &mut t, 0);
    assert_eq!((t.dst, t.dport()), (ip("172.128.0.12"), 80));
}

#[test]
fn drop_hints_name_the_rule_and_the_fix() {
    let mut n = nf(&["-A FORWARD -p icmp -j REJECT"]);
    let mut p = Packet::ping(ip("10.0.0.1"), ip("10.0.1.1"), 1);
    let r = n.hook(Hook::Forward, &mut p, &HookCtx::default());
    assert_eq!(
        drop_hint(&r.steps, &p).unwrap(),
        "rejected (icmp-port-unreachable) by filter FORWARD rule 1 (`-A FORWARD -p icmp -j REJECT --reject-with icmp-port-unreachable`): remove it with `iptables -D FORWARD 1`"
    );
    let mut ok = Packet::tcp_syn(ip("10.0.0.1"), ip("10.0.1.1"), 1, 2);
    let r = n.hook(Hook::Forward, &mut ok, &HookCtx::default());
    assert_eq!(drop_hint(&r.steps, &ok), None);
}

#[test]
fn icmp_error_is_related_and_un_natted() {
    let mut n = nf(&["-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"]);
    let mut p = Packet::udp(ip("10.201.0.2"), ip("192.168.1.10"), 5000, 53);
    forward(&mut n, &mut p, 0);
    let seen_outside = p.tuple();
    assert_eq!(seen_outside.src, ip("192.168.1.11"));
    // The outside host answers with port unreachable, quoting the
    // datagram as it received it.
    let mut err = Packet::new(
        ip("192.168.1.10"),
        ip("192.168.1.11"),
        L4::Error {
            kind: IcmpError::PortUnreachable,
            orig_dst: seen_outside.dst,
            orig: Box::new(L4::Udp {
                sport: seen_outside.sport,
                dport: seen_outside.dport,
            }),
        },
    );
    assert_eq!(err.embedded(), Some(seen_outside));
    let (v, steps) = forward(&mut n, &mut err, 10);
    assert_eq!(v, Verdict::Accept);
    assert!(tracked_as(&steps, CtState::Related));
    assert_eq!(err.dst, ip("10.201.0.2"));
    assert_eq!(
        err.embedded().map(|t| (t.src, t.sport)),
        Some((ip("10.201.0.2"), 5000))
    );
    // An error about nothing we know is INVALID.
    let mut stray = err.clone();
    stray.ct = None;
    stray.set_embedded(Tuple {
        sport: 1,
        ..seen_outside
    });
    let (_, steps) = forward(&mut n, &mut stray, 20);
    assert!(tracked_as(&steps, CtState::Invalid));
}

#[test]
fn syn_matches_only_connection_openings() {
    let mut n = nf(&["-A INPUT -p tcp --syn -j DROP"]);
    let ctx = HookCtx::default();
    let mut syn = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.1"), 1000, 22);
    assert_eq!(n.hook(Hook::Input, &mut syn, &ctx).verdict, Verdict::Drop);
    let mut ack = Packet::new(
        ip("10.0.0.2"),
        ip("10.0.0.1"),
        L4::Tcp {
            sport: 1000,
            dport: 22,
            kind: TcpKind::Ack,
        },
    );
    assert_eq!(n.hook(Hook::Input, &mut ack, &ctx).verdict, Verdict::Accept);
}

#[test]
fn mark_and_statistic() {
    let mut n = nf(&[
        "-t mangle -A PREROUTING -j MARK --or-mark 0x4000",
        "-t mangle -A INPUT -m mark --mark 0x4000/0x4000 -j DROP",
    ]);
    let ctx = HookCtx::default();
    let mut p = Packet::ping(ip("10.0.0.2"), ip("10.0.0.1"), 1);
    assert_eq!(
        n.hook(Hook::Prerouting, &mut p, &ctx).verdict,
        Verdict::Accept
    );
    assert_eq!(p.mark(), 0x4000);
    assert_eq!(n.hook(Hook::Input, &mut p, &ctx).verdict, Verdict::Drop);

    // kube-proxy style load balancing: about half go to each endpoint,
    // and the same connection always picks the same one.
    let mut lb = nf(&[
        "-t nat -N SVC",
        "-t nat -A PREROUTING -d 10.96.0.10 -p udp --dport 53 -j SVC",
        "-t nat -A SVC -p udp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.244.0.2:53",
        "-t nat -A SVC -p udp -j DNAT --to-destination 10.244.0.3:53",
    ]);
    let pick = |lb: &mut Netfilter, sport: u16| {
        let mut p = Packet::udp(ip("10.244.0.9"), ip("10.96.0.10"), sport, 53);
        lb.hook(Hook::Prerouting, &mut p, &ctx);
        p.dst
    };
    let first: usize = (0..200u16)
        .filter(|i| pick(&mut lb, 30000 + i) == ip("10.244.0.2"))
        .count();
    assert!((60..=140).contains(&first), "{first} of 200");
    assert_eq!(pick(&mut lb, 30001), pick(&mut lb, 30001));

    let mut nth = nf(&["-A INPUT -m statistic --mode nth --every 2 --packet 0 -j DROP"]);
    let verdicts: Vec<Verdict> = (0..4)
        .map(|i| {
            let mut p = Packet::ping(ip("10.0.0.2"), ip("10.0.0.1"), i);
            nth.hook(Hook::Input, &mut p, &ctx).verdict
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            Verdict::Drop,
            Verdict::Accept,
            Verdict::Drop,
            Verdict::Accept
        ]
    );
    // The nth counter does not stop -D by spec from finding the rule.
    run_line(
        &mut nth,
        "-D INPUT -m statistic --mode nth --every 2 --packet 0 -j DROP",
    )
    .unwrap();
}

#[test]
fn note_rules_accept_and_policy() {
    let mut n = nf(&["-I INPUT -s 210.158.63.128 -j ACCEPT", "-P INPUT DROP"]);
    let ctx = HookCtx::default();
    let mut ok = Packet::ping(ip("210.158.63.128"), ip("10.0.0.1"), 1);
    assert_eq!(n.hook(Hook::Input, &mut ok, &ctx).verdict, Verdict::Accept);
    let mut no = Packet::ping(ip("210.158.63.129"), ip("10.0.0.1"), 1);
    assert_eq!(n.hook(Hook::Input, &mut no, &ctx).verdict, Verdict::Drop);
    run_line(&mut n, "--policy INPUT ACCEPT").unwrap();
    let mut no = Packet::ping(ip("210.158.63.129"), ip("10.0.0.1"), 2);
    assert_eq!(n.hook(Hook::Input, &mut no, &ctx).verdict, Verdict::Accept);
}

#[test]
fn addrtype_multiport_and_redirect() {
    let mut n = nf(&[
        "-t nat -A PREROUTING -p tcp -m addrtype --dst-type LOCAL -m multiport --dports 80,443 -j REDIRECT --to-ports 8080",
    ]);
    let ctx = HookCtx {
        in_addr: Some(ip("10.0.0.1")),
        local_addrs: vec![ip("10.0.0.1")],
        ..Default::default()
    };
    let mut p = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.1"), 1234, 443);
    n.hook(Hook::Prerouting, &mut p, &ctx);
    assert_eq!((p.dst, p.dport()), (ip("10.0.0.1"), 8080));
    let mut q = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.9"), 1234, 443);
    n.hook(Hook::Prerouting, &mut q, &ctx);
    assert_eq!((q.dst, q.dport()), (ip("10.0.0.9"), 443));
}

#[test]
fn a_jump_loop_that_slipped_past_the_checks_still_ends() {
    // The rule checks refuse this; build it behind their back to prove the
    // walk itself is bounded (the kernel drops past its jump stack).
    let mut n = nf(&["-N A", "-N B", "-A A -j B", "-A OUTPUT -j A"]);
    let b = n.table_mut(TableKind::Filter).chain_mut("B").unwrap();
    b.rules.push(rule::Rule {
        target: targets::Target::Jump("A".into()),
        ..Default::default()
    });
    let mut p = Packet::ping(ip("10.0.0.1"), ip("10.0.0.2"), 1);
    let r = n.hook(Hook::Output, &mut p, &HookCtx::default());
    assert_eq!(r.verdict, Verdict::Drop);
    let chains = r
        .steps
        .iter()
        .filter(|s| matches!(s, TraceStep::Chain { .. }))
        .count();
    assert_eq!(chains, table::JUMP_STACK_SIZE, "OUTPUT and 15 jumps");
}

#[test]
fn jump_loops_are_refused_only_when_a_builtin_chain_reaches_them() {
    let mut n = nf(&["-N A", "-N B", "-A A -j B", "-A B -j A"]);
    let e = run_line(&mut n, "-A OUTPUT -j A").unwrap_err();
    assert_eq!(
        e.render("iptables"),
        "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain OUTPUT\n"
    );
    assert_eq!(e.status(), 4);
    assert!(n
        .table(TableKind::Filter)
        .unwrap()
        .chain("OUTPUT")
        .unwrap()
        .rules
        .is_empty());
}
