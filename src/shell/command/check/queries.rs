//! `check [!] queries [-n NS] NAME MAX`: getaddrinfo (what `ping` and
//! `curl` use) resolves NAME through DNS with at most MAX questions sent.
//! Counts what the stub resolver puts on the wire (A and AAAA for each
//! search-list candidate tried, retries included; see
//! `sim/dns/search_pair.rs`), so a pod whose `ndots:5` makes an external
//! name walk the cluster's search list first fails, and a trailing dot or
//! a lower `ndots` passes. An answer from /etc/hosts is not a DNS answer:
//! it fails, saying so.
//!
//! ```text
//! check queries -n batch api.example.com 2
//! ```

use super::super::Ctx;
use super::behave::{expectation, ns_label, parse_behave, tr, BehaveArgs, Judged, Usage};
use crate::sim::dns::name::ndots;
use crate::sim::dns::resolver::{read_resolv_conf, resolve_host};

pub(super) fn queries(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns, words: rest, ..
    } = parse_behave(ctx, args, false, false)?;
    let [name, max] = rest.as_slice() else {
        return Err("usage: check queries [-n NS] NAME MAX".into());
    };
    let max: usize = max
        .parse()
        .map_err(|_| format!("'{max}' is not a number of queries"))?;
    if ctx.world.ns_id(netns.as_deref()).is_err() {
        return Err(format!(
            "no such network namespace '{}'",
            netns.unwrap_or_default()
        ));
    }
    let from = ns_label(&netns);
    let expected = expectation(
        negate,
        (
            &format!("{from}에서 {name}을(를) DNS 질의 {max}개 이하로 찾아야 합니다"),
            &format!("{name} resolved through DNS with at most {max} queries in {from}"),
        ),
        (
            &format!("{from}에서 {name}을(를) 찾는 데 DNS 질의가 {max}개보다 많아야 합니다"),
            &format!("more than {max} DNS queries for {name} in {from}"),
        ),
    );
    // The queries walk a copy: the check changes nothing.
    let r = resolve_host(&mut ctx.world.clone(), netns.as_deref(), name, None);
    let sent: Vec<String> = r
        .queries
        .iter()
        .map(|q| format!("{} {}", q.rtype, q.name))
        .collect();
    let list = if sent.len() > 4 {
        format!("{}, ...", sent[..4].join(", "))
    } else {
        sent.join(", ")
    };
    let by_dns = r.gai_error().is_none() && r.source.as_deref() == Some("dns");
    let found = if r.source.as_deref() == Some("files") {
        tr(
            &format!(
                "/etc/hosts가 답했습니다: DNS에 묻지 않았습니다 ({name} → {})",
                first(&r.addrs)
            ),
            &format!(
                "/etc/hosts answered: DNS was never asked ({name} → {})",
                first(&r.addrs)
            ),
        )
    } else if let Some(e) = r.gai_error() {
        tr(
            &format!("찾지 못했습니다 ({e}), DNS 질의 {}개: {list}", sent.len()),
            &format!(
                "not resolved ({e}) after {} DNS queries: {list}",
                sent.len()
            ),
        )
    } else {
        tr(
            &format!(
                "DNS 질의 {}개: {list} ({name} → {})",
                sent.len(),
                first(&r.addrs)
            ),
            &format!(
                "{} DNS queries: {list} ({name} → {})",
                sent.len(),
                first(&r.addrs)
            ),
        )
    };
    let ok = by_dns && sent.len() <= max;
    let rc = read_resolv_conf(ctx.world, netns.as_deref());
    let searched = r
        .queries
        .first()
        .is_some_and(|q| q.name != crate::sim::dns::name::fqdn(name));
    let fix = (!ok && !negate && by_dns && searched).then(|| {
        let dots = ndots(name);
        tr(
            &format!("{name}에는 점이 {dots}개, ndots는 {}라서 search 목록을 먼저 붙여 봅니다: 이름 끝에 점을 붙이거나({name}.) resolv.conf의 options ndots를 {dots} 이하로 낮추세요", rc.ndots),
            &format!("{name} has {dots} dot(s) and ndots is {}, so the search list is tried first: end the name with a dot ({name}.) or lower options ndots in resolv.conf to {dots} or less", rc.ndots),
        )
    });
    Ok(Judged::new(ok != negate, expected, found).fix(fix))
}

fn first(addrs: &[core::net::IpAddr]) -> String {
    addrs.first().map(|a| a.to_string()).unwrap_or_default()
}
