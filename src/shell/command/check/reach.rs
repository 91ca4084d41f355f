//! `check reach`, `check verdict`, `check nat`: one packet walked through
//! the simulated network (the walk of `netbook trace`, on a copy of the
//! world), judged by what happened to it rather than by the rules' text.
//!
//! ```text
//! check reach -n client 10.0.0.2:22 tcp          # a SYN gets a SYN-ACK
//! check ! reach -n client 10.0.0.2:8080 tcp      # ... and this one does not
//! check verdict -n client 10.0.0.2:8080 tcp REJECT
//! check nat -n outside 203.0.113.1:8080 tcp --to 10.0.0.2:80
//! ```

use super::super::ping::resolve_host_err;
use super::super::Ctx;
use super::behave::{
    expectation, ns_label, ns_prefix, parse_behave, sim_sentence, tr, BehaveArgs, Judged, NatSide,
    Target, Usage,
};
use crate::sim::netfilter::hook::TableKind;
use crate::sim::netfilter::{TraceStep, Verdict};
use crate::sim::trace::{Hook, Step};

use crate::sim::walk::{Walk, WalkProto};
use core::net::Ipv4Addr;

/// Resolves the target as ping would and walks one packet; `Err` is a
/// judged failure (no such namespace, unknown name, no route).
fn walk_to(
    ctx: &Ctx,
    netns: &Option<String>,
    t: &Target,
) -> Result<(Ipv4Addr, Result<Walk, String>), Judged> {
    if t.from.is_some() && netns.is_some() {
        return Err(Judged::new(
            false,
            tr(
                "from ADDR는 인터넷에서 eth0으로 들어오는 패킷이므로 -n과 함께 쓸 수 없습니다",
                "from ADDR (a packet arriving on eth0 from the Internet) without -n",
            ),
            "-n and from were both given".to_string(),
        ));
    }
    let ns = ctx.world.ns_id(netns.as_deref()).map_err(|e| {
        Judged::new(
            false,
            tr("네임스페이스가 있어야 합니다", "the namespace to exist"),
            e.to_string(),
        )
        .fix(netns.as_ref().map(|n| format!("ip netns add {n}")))
    })?;
    // Resolution sends queries: on a copy, so the check changes nothing.
    let resolved = match t.host.parse::<Ipv4Addr>() {
        Ok(ip) => Ok(ip),
        Err(_) => resolve_host_err(&mut ctx.world.clone(), netns.as_deref(), &t.host),
    };
    let dst = resolved.map_err(|e| {
        Judged::new(
            false,
            tr(
                &format!("{}을(를) 주소로 바꿀 수 있어야 합니다", t.host),
                &format!("{} to resolve", t.host),
            ),
            format!("{}: {e}", t.host),
        )
        .fix(Some(tr(
            "/etc/hosts에 줄을 넣거나 resolv.conf의 DNS 서버가 답하게 하세요",
            "add a line to /etc/hosts or make resolv.conf's DNS server answer",
        )))
    })?;
    let walk = match t.from {
        Some(src) => ctx
            .world
            .walk_from_internet(src, dst, t.proto)
            .map_err(|e| e.to_string()),
        None => ctx.world.walk(ns, dst, t.proto).map_err(|e| e.to_string()),
    };
    Ok((dst, walk))
}

/// True when the probe got what a working service answers.
fn reached(w: &Walk, proto: WalkProto) -> bool {
    if w.outcome.starts_with("answered:") {
        return true;
    }
    // A UDP server need not answer: handed to a listening socket counts.
    matches!(proto, WalkProto::Udp(_))
        && w.outcome != "refused"
        && w.trace
            .steps
            .iter()
            .any(|s| matches!(s, Step::Deliver { what, .. } if what.starts_with("UDP port")))
        && !w.trace.steps.iter().any(|s| matches!(s, Step::Drop { .. }))
}

fn walk_text(w: &Walk) -> String {
    crate::display::walk::walk_text(w)
}

/// `check [!] reach [-n NS] DEST[:PORT] [tcp|udp|icmp]`.
pub(super) fn reach(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns, words: rest, ..
    } = parse_behave(ctx, args, false, false)?;
    let t = Target::parse(&rest)?;
    let from = ns_label(&netns);
    let (dst, walk) = match walk_to(ctx, &netns, &t) {
        Ok(x) => x,
        Err(mut j) => {
            // Unresolvable or no namespace: not reached.
            if negate {
                j.passed = true;
            }
            return Ok(j);
        }
    };
    let what = t.label(Some(dst));
    let expected = expectation(
        negate,
        (
            &format!("{from}에서 {what}(으)로 가는 패킷이 응답을 받아야 합니다"),
            &format!("{what} reachable from {from}"),
        ),
        (
            &format!("{from}에서 {what}(으)로 가는 패킷이 막혀야 합니다"),
            &format!("{what} must NOT be reachable from {from}"),
        ),
    );
    let (ns_opt, _) = ns_prefix(&netns);
    let w = match walk {
        Ok(w) => w,
        Err(e) => {
            let found = tr(
                &format!("라우팅 표에 경로가 없습니다 ({e})"),
                &format!("no route in the routing table ({e})"),
            );
            return Ok(Judged::new(negate, expected, found)
                .fix(Some(format!("ip {ns_opt}route add default via GATEWAY"))));
        }
    };
    let ok = reached(&w, t.proto);
    let found = if ok {
        tr(
            &format!("응답을 받았습니다 ({})", sim_sentence(&w.outcome)),
            &format!("it answered ({})", w.outcome),
        )
    } else {
        let why = w.cause.as_deref().unwrap_or(&w.outcome);
        tr(
            &format!("닿지 않습니다: {}", sim_sentence(why)),
            &format!("not reachable: {why}"),
        )
    };
    let fix = if negate {
        ok.then(|| {
            tr(
                &format!("이 패킷을 막는 규칙이 결정해야 합니다: 허용 규칙보다 앞에 두거나 정책을 확인하세요 (`netbook trace {}{}`로 어느 규칙이 받아들였는지 보세요)", ns_opt, t.trace_words()),
                &format!("a blocking rule must decide this packet: put it before the rule that accepts it (`netbook trace {}{}` shows which rule accepted it)", ns_opt, t.trace_words()),
            )
        })
    } else {
        w.fix.as_deref().map(sim_sentence)
    };
    Ok(Judged {
        passed: ok != negate,
        expected,
        found,
        fix,
        walk: Some(walk_text(&w)),
    })
}

/// The hook verdict of the walk that decided the packet's fate, the rule
/// (or policy) that gave it, and the namespace whose rules those are: the
/// first non-ACCEPT verdict, else the filter-table ACCEPT where the
/// request was received (INPUT, or FORWARD on a router).
fn deciding(w: &Walk) -> (String, String, String) {
    let mut first_accept: Option<(String, String, String)> = None;
    for rec in &w.trace.netfilter {
        for s in &rec.steps {
            let TraceStep::Verdict { verdict, by, .. } = s else {
                continue;
            };
            if *verdict == Verdict::Accept {
                let receiving = matches!(rec.hook, Hook::Input | Hook::Forward);
                if let Some(by) =
                    accepted_by(&rec.steps).filter(|_| receiving && first_accept.is_none())
                {
                    first_accept = Some((
                        "ACCEPT".into(),
                        format!("{} {by}", rec.at),
                        rec.at.ns.clone(),
                    ));
                }
                continue;
            }
            let name = if *verdict == Verdict::Drop {
                "DROP"
            } else {
                "REJECT"
            };
            let by = match rule_text(&rec.steps, by) {
                Some(spec) => format!("{} {by} (`{spec}`)", rec.at),
                None => format!("{} {by}", rec.at),
            };
            return (name.to_string(), by, rec.at.ns.clone());
        }
    }
    first_accept.unwrap_or_else(|| {
        (
            "ACCEPT".into(),
            tr("어떤 규칙도 막지 않았습니다", "no rule stopped it"),
            String::new(),
        )
    })
}

/// Which filter rule or policy let a packet through a hook (netfilter
/// records no `by` for ACCEPT): the last matched `-j ACCEPT`, else the
/// chain's policy.
fn accepted_by(steps: &[TraceStep]) -> Option<String> {
    steps.iter().rev().find_map(|s| match s {
        TraceStep::Rule {
            table: TableKind::Filter,
            chain,
            num,
            spec,
            result: Ok(()),
        } if spec.ends_with("-j ACCEPT") => Some(format!("filter {chain} rule {num} (`{spec}`)")),
        TraceStep::Policy {
            table: TableKind::Filter,
            chain,
            policy,
        } => Some(format!("filter {chain} policy {}", policy.name())),
        _ => None,
    })
}

/// The `-S` text of the rule named by a verdict's `by` (`filter INPUT rule 2`).
fn rule_text(steps: &[TraceStep], by: &str) -> Option<String> {
    steps.iter().rev().find_map(|s| match s {
        TraceStep::Rule {
            table,
            chain,
            num,
            spec,
            result: Ok(()),
        } if by == format!("{table} {chain} rule {num}") => Some(spec.clone()),
        _ => None,
    })
}

/// `check verdict [-n NS] DEST[:PORT] [tcp|udp|icmp] ACCEPT|DROP|REJECT`.
pub(super) fn verdict(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns,
        words: mut rest,
        ..
    } = parse_behave(ctx, args, false, false)?;
    let want = match rest.pop().map(|v| v.to_ascii_uppercase()) {
        Some(v) if matches!(v.as_str(), "ACCEPT" | "DROP" | "REJECT") => v,
        Some(v) => {
            return Err(format!(
                "expected ACCEPT, DROP or REJECT at the end, found '{v}'"
            ))
        }
        None => return Err("missing verdict (ACCEPT, DROP or REJECT)".into()),
    };
    if negate {
        return Err("'!' cannot be combined with verdict: name the verdict you expect".into());
    }
    let t = Target::parse(&rest)?;
    let (dst, walk) = match walk_to(ctx, &netns, &t) {
        Ok(x) => x,
        Err(j) => return Ok(j),
    };
    let (ns_opt, _) = ns_prefix(&netns);
    let what = t.label(Some(dst));
    let expected = tr(
        &format!("{what} 패킷의 판정이 {want}"),
        &format!("the verdict on {what} to be {want}"),
    );
    let w = match walk {
        Ok(w) => w,
        Err(e) => {
            return Ok(Judged::new(false, expected, e.clone())
                .fix(Some(format!("ip {ns_opt}route add default via GATEWAY"))))
        }
    };
    let (got, by, at) = deciding(&w);
    let (_, exec) = ns_prefix(&Some(at).filter(|n| !n.is_empty()));
    let found = tr(&format!("{got}: {by}"), &format!("{got} by {by}"));
    let fix = (got != want).then(|| match want.as_str() {
        "ACCEPT" => w.fix.as_deref().map(sim_sentence).unwrap_or_else(|| {
            tr("막는 규칙을 지우거나 그보다 앞에 허용 규칙을 넣으세요", "delete the blocking rule or insert an ACCEPT before it")
        }),
        other => tr(
            &format!("{other} 규칙이 이 패킷을 먼저 만나야 합니다: 받아들이는 규칙보다 앞에 넣으세요 (`{exec}iptables -I CHAIN N ...`, 순서는 `iptables -L --line-numbers`로)"),
            &format!("a {other} rule must meet this packet first: insert it before the rule that accepts it (`{exec}iptables -I CHAIN N ...`; see the order with `iptables -L --line-numbers`)"),
        ),
    });
    Ok(Judged {
        passed: got == want,
        expected,
        found,
        fix,
        walk: Some(walk_text(&w)),
    })
}

/// `check nat [-n NS] DEST[:PORT] [tcp|udp|icmp] --to ADDR[:PORT]`: the
/// packet's tuple after NAT (as conntrack records its reply direction)
/// has ADDR[:PORT] as the rewritten destination (DNAT) or source (SNAT,
/// MASQUERADE).
pub(super) fn nat(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns,
        to,
        words: rest,
        ..
    } = parse_behave(ctx, args, true, false)?;
    let Some((side, to)) = to else {
        return Err("missing --to ADDR[:PORT]".into());
    };
    let (to_ip, to_port) = match to.rsplit_once(':') {
        Some((a, p)) => (a.parse::<Ipv4Addr>().ok(), p.parse::<u16>().ok().map(Some)),
        None => (to.parse::<Ipv4Addr>().ok(), Some(None)),
    };
    let (Some(to_ip), Some(to_port)) = (to_ip, to_port) else {
        return Err(format!("bad address '{to}' (ADDR or ADDR:PORT)"));
    };
    let t = Target::parse(&rest)?;
    let (dst, walk) = match walk_to(ctx, &netns, &t) {
        Ok(x) => x,
        Err(j) => return Ok(j),
    };
    let what = t.label(Some(dst));
    let expected = expectation(
        negate,
        (
            &format!("{what} 패킷이 {to}(으)로 바뀌어야 합니다"),
            &format!("{what} translated to {to}"),
        ),
        (
            &format!("{what} 패킷이 {to}(으)로 바뀌지 않아야 합니다"),
            &format!("{what} NOT translated to {to}"),
        ),
    );
    let w = match walk {
        Ok(w) => w,
        Err(e) => return Ok(Judged::new(negate, expected, e)),
    };
    let (sport, dport) = match t.proto {
        WalkProto::Tcp(p) | WalkProto::Udp(p) => (w_sport(&w), p),
        WalkProto::Icmp => (1, 1),
    };
    // The request's own rewrites: DNAT of its destination, SNAT of its source.
    let mut new_dst = (w.sent.dst, dport);
    let mut new_src = (w.sent.src, sport);
    for rec in &w.trace.netfilter {
        for s in &rec.steps {
            if let TraceStep::Nat {
                before,
                after,
                source,
                ..
            } = s
            {
                if *source && *before == new_src {
                    new_src = *after;
                } else if !*source && *before == new_dst {
                    new_dst = *after;
                }
            }
        }
    }
    let port_ok = |p: u16| to_port.is_none_or(|want| want == p);
    let hit = match side {
        NatSide::Destination => new_dst.0 == to_ip && port_ok(new_dst.1),
        NatSide::Source => new_src.0 == to_ip && port_ok(new_src.1),
        NatSide::Either => {
            (new_dst.0 == to_ip && port_ok(new_dst.1)) || (new_src.0 == to_ip && port_ok(new_src.1))
        }
    };
    let proto = match t.proto {
        WalkProto::Tcp(_) => "tcp",
        WalkProto::Udp(_) => "udp",
        WalkProto::Icmp => "icmp",
    };
    let translated = new_dst != (w.sent.dst, dport) || new_src != (w.sent.src, sport);
    let tuple = format!(
        "{proto} src={} dst={} sport={sport} dport={dport} src={} dst={} sport={} dport={}",
        w.sent.src, w.sent.dst, new_dst.0, new_src.0, new_dst.1, new_src.1
    );
    let found = if translated {
        tr(
            &format!("conntrack에 기록될 튜플: {tuple}"),
            &format!("conntrack would record: {tuple}"),
        )
    } else {
        tr(
            &format!("주소 변환이 일어나지 않았습니다 ({tuple})"),
            &format!("no address was translated ({tuple})"),
        )
    };
    let fix = (!hit && !negate).then(|| {
        tr(
            "목적지를 바꾸려면 nat 표 PREROUTING(밖에서 온 패킷) 또는 OUTPUT(자기 패킷)의 DNAT, 출발지를 바꾸려면 POSTROUTING의 SNAT/MASQUERADE입니다: 규칙이 이 패킷에 맞는지(-i/-o, -p, --dport) `netbook trace`로 확인하세요",
            "to rewrite the destination use DNAT in the nat table's PREROUTING (packets from outside) or OUTPUT (the host's own); to rewrite the source SNAT/MASQUERADE in POSTROUTING: check with `netbook trace` that the rule matches this packet (-i/-o, -p, --dport)",
        )
    });
    Ok(Judged {
        passed: hit != negate,
        expected,
        found,
        fix,
        walk: Some(walk_text(&w)),
    })
}

fn w_sport(w: &Walk) -> u16 {
    match w.sent.l4 {
        crate::sim::packet::L4::Tcp { sport, .. } | crate::sim::packet::L4::Udp { sport, .. } => {
            sport
        }
        _ => 1,
    }
}
