//! `check resolves [-n NS] --via ping|getent|dig|nslookup NAME ADDR`: a
//! name resolves to the address *as that tool sees it*: `ping` and
//! `getent` go through NSS (nsswitch.conf order: /etc/hosts, then DNS),
//! `dig` and `nslookup` ask the resolv.conf name server and never read
//! /etc/hosts. Each tool is run on a copy of the world and its own output
//! is read, so the check and the learner see the same thing.

use super::super::Ctx;
use super::behave::{
    expectation, ns_label, ns_prefix, parse_behave, run_on_clone, tr, BehaveArgs, Judged, Usage,
};
use core::net::Ipv4Addr;

/// The addresses the tool would use, first the one it would use first.
fn addresses(tool: &str, stdout: &str) -> Vec<Ipv4Addr> {
    match tool {
        // `PING name (ADDR) 56(84) bytes of data.`
        "ping" => stdout
            .lines()
            .next()
            .and_then(|l| l.split_once('(')?.1.split_once(')'))
            .and_then(|(a, _)| a.parse().ok())
            .into_iter()
            .collect(),
        // `ADDR  STREAM name` ... (ahostsv4) / `ADDR name` (hosts).
        "getent" => stdout
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect(),
        // `dig +short`: CNAME targets then addresses.
        "dig" => stdout
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect(),
        // `Address: ADDR` after the server's own `Address: ADDR#53`.
        _ => stdout
            .lines()
            .skip_while(|l| !l.starts_with("Name:"))
            .filter_map(|l| l.strip_prefix("Address:")?.trim().parse().ok())
            .collect(),
    }
}

pub(super) fn resolves(ctx: &mut Ctx, args: &[String], negate: bool) -> Result<Judged, Usage> {
    let BehaveArgs {
        netns,
        via,
        words: rest,
        ..
    } = parse_behave(ctx, args, false, true)?;
    let tool = via.unwrap_or_else(|| "ping".to_string());
    if !matches!(tool.as_str(), "ping" | "getent" | "dig" | "nslookup") {
        return Err(format!(
            "--via: unknown tool '{tool}' (ping, getent, dig, nslookup)"
        ));
    }
    let [name, addr] = rest.as_slice() else {
        return Err(
            "usage: check resolves [-n NS] --via ping|getent|dig|nslookup NAME ADDR".into(),
        );
    };
    let want: Ipv4Addr = addr
        .parse()
        .map_err(|_| format!("'{addr}' is not an IPv4 address"))?;
    let argv: Vec<&str> = match tool.as_str() {
        "ping" => vec!["ping", "-c", "1", "-W", "1", name],
        "getent" => vec!["getent", "ahostsv4", name],
        "dig" => vec!["dig", "+short", name],
        _ => vec!["nslookup", name],
    };
    let out = run_on_clone(ctx, &netns, &argv);
    if let Some(f) = &out.fail {
        return Err(format!("{tool} failed to run: {}", f.evalue));
    }
    let got = addresses(&tool, &out.stdout);
    // NSS tools use the first address; DNS tools list every A record.
    let hit = match tool.as_str() {
        "ping" => got.first() == Some(&want),
        _ => got.contains(&want),
    };
    let from = ns_label(&netns);
    let expected = expectation(
        negate,
        (
            &format!("{from}의 {tool}에게 {name} → {want}"),
            &format!("{name} resolving to {want} for {tool} in {from}"),
        ),
        (
            &format!("{from}의 {tool}에게 {name}이(가) {want}(으)로 풀리지 않아야 합니다"),
            &format!("{name} NOT resolving to {want} for {tool} in {from}"),
        ),
    );
    let found = if got.is_empty() {
        let err = out.stderr.lines().next().unwrap_or("").trim().to_string();
        let err = if err.is_empty() {
            out.stdout
                .lines()
                .find(|l| l.contains("NXDOMAIN") || l.contains("can't find"))
                .unwrap_or("")
                .trim()
                .to_string()
        } else {
            err
        };
        tr(
            &format!("{tool}이(가) 주소를 얻지 못했습니다 {err}"),
            &format!("{tool} got no address {err}"),
        )
        .trim_end()
        .to_string()
    } else {
        let list: Vec<String> = got.iter().map(|a| a.to_string()).collect();
        format!("{name} → {}", list.join(", "))
    };
    let (_, exec) = ns_prefix(&netns);
    let fix = (hit == negate && !negate).then(|| match tool.as_str() {
        "ping" | "getent" => tr(
            &format!("{tool}는 NSS(nsswitch.conf의 hosts: 순서)를 따릅니다: {exec}/etc/hosts에서 {name}의 줄(별칭 포함)을 고치거나, DNS가 답하게 하세요"),
            &format!("{tool} follows NSS (the hosts: order of nsswitch.conf): fix {name}'s line in {exec}/etc/hosts (aliases too), or make DNS answer"),
        ),
        _ => tr(
            &format!("{tool}는 /etc/hosts를 보지 않고 resolv.conf의 nameserver에 묻습니다: 그 서버가 {name}의 A 레코드를 답하게 하세요"),
            &format!("{tool} never reads /etc/hosts; it asks resolv.conf's nameserver: make that server answer {name}'s A record"),
        ),
    });
    Ok(Judged::new(hit != negate, expected, found).fix(fix))
}

#[cfg(test)]
mod tests {
    use super::addresses;

    #[test]
    fn each_tool_output_is_read_its_way() {
        assert_eq!(
            addresses("ping", "PING db (10.0.0.5) 56(84) bytes of data.\n"),
            vec!["10.0.0.5".parse::<core::net::Ipv4Addr>().unwrap()]
        );
        assert_eq!(
            addresses("nslookup", "Server:\t\t10.0.0.54\nAddress:\t10.0.0.54#53\n\nName:\tshop.test\nAddress: 10.0.0.99\n").len(),
            1
        );
        assert_eq!(addresses("dig", "web.shop.test.\n10.0.0.99\n").len(), 1);
    }
}
