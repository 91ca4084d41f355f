//! `subnet`: netbook's helper for splitting and summarising networks.

use super::args::*;
use super::*;
use crate::display::addr::{self as view};
use crate::sim::addr;
use ipnet::IpNet;

pub(crate) fn subnet_usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(
        2,
        format!(
            "subnet: {msg}\nUsage: {}\n",
            COMMANDS[1].usage.replace(" | subnet", "\n       subnet")
        ),
    )
}

pub(crate) fn addr_error(e: addr::AddrError) -> CmdOutput {
    CmdOutput::usage(2, format!("subnet: {e}\n"))
}

/// `NET` as one word or as `ADDRESS NETMASK` (two words).
pub(crate) fn take_v4_net(words: &[&str]) -> Result<ipnet::Ipv4Net, CmdOutput> {
    match words {
        [one] => addr::parse_v4_net(one).map_err(addr_error),
        [a, m] => addr::parse_v4_net(&format!("{a} {m}")).map_err(addr_error),
        [] => Err(subnet_usage("missing network, e.g. 192.168.1.0/24")),
        _ => Err(subnet_usage("too many operands")),
    }
}

pub(crate) fn parse_count(opt: &str, v: Option<&&str>) -> Result<u64, CmdOutput> {
    match v {
        Some(s) if is_digits(s) => s
            .parse()
            .map_err(|_| subnet_usage(&format!("{opt}: number too large: {s}"))),
        Some(s) => Err(subnet_usage(&format!("{opt}: not a number: {s}"))),
        None => Err(subnet_usage(&format!("option {opt} needs a value"))),
    }
}

pub(crate) fn subnet_split(words: &[&str]) -> CmdOutput {
    enum How {
        Count(u64),
        Hosts(u64),
        Prefix(u64),
        Vlsm(Vec<u64>),
    }
    let mut how: Option<How> = None;
    let mut operands: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (w, None),
        };
        let value = inline.as_ref().or_else(|| words.get(i + 1));
        let step = if inline.is_some() { 1 } else { 2 };
        let parsed = match name {
            "--count" | "-c" => parse_count(name, value).map(How::Count),
            "--hosts" | "-H" => parse_count(name, value).map(How::Hosts),
            "--prefix" | "-p" => {
                parse_count(name, value.map(|v| v.trim_start_matches('/')).as_ref())
                    .map(How::Prefix)
            }
            "--vlsm" | "-V" => match value {
                None => Err(subnet_usage(
                    "option --vlsm needs host counts, e.g. --vlsm 50,20,10",
                )),
                Some(list) => list
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| parse_count("--vlsm", Some(&s)))
                    .collect::<Result<Vec<u64>, _>>()
                    .map(How::Vlsm),
            },
            _ if w.starts_with('-') && w.len() > 1 => {
                Err(subnet_usage(&format!("unknown option {w}")))
            }
            _ => {
                operands.push(w);
                i += 1;
                continue;
            }
        };
        match parsed {
            Ok(h) => how = Some(h),
            Err(e) => return e,
        }
        i += step;
    }
    let net = match take_v4_net(&operands) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let split = match how {
        None => {
            return subnet_usage(
                "say how to split: --count N, --hosts H, --prefix P or --vlsm H1,H2,...",
            )
        }
        Some(How::Count(n)) => addr::split_into_count(net, n),
        Some(How::Hosts(h)) => addr::split_by_hosts(net, h),
        Some(How::Prefix(p)) => match u8::try_from(p) {
            Ok(p) => addr::Split::new(net, p),
            Err(_) => {
                return addr_error(addr::AddrError::PrefixTooLong {
                    input: p.to_string(),
                    max: 32,
                })
            }
        },
        Some(How::Vlsm(hosts)) => {
            return match addr::vlsm(net, &hosts) {
                Ok(plan) => CmdOutput::rich(view::vlsm_bundle(&plan)),
                Err(e) => addr_error(e),
            }
        }
    };
    match split {
        Ok(s) => CmdOutput::rich(view::split_bundle(&s)),
        Err(e) => addr_error(e),
    }
}

pub(crate) fn subnet_info(words: &[&str]) -> CmdOutput {
    if words.len() == 1 && words[0].contains(':') {
        return match addr::parse_v6_net(words[0]) {
            Ok(n) => CmdOutput::text(view::v6_facts_text(&addr::V6Facts::of(n))),
            Err(e) => addr_error(e),
        };
    }
    let net = match take_v4_net(words) {
        Ok(n) => n,
        Err(e) => return e,
    };
    CmdOutput::rich(view::v4_facts_bundle(&addr::V4Facts::of(net)))
}

pub(crate) fn parse_nets(words: &[&str], bare_is_host: bool) -> Result<Vec<IpNet>, CmdOutput> {
    words
        .iter()
        .map(|w| {
            if bare_is_host {
                addr::parse_prefix_or_host(w)
            } else {
                addr::parse_net(w)
            }
            .map_err(addr_error)
        })
        .collect()
}

pub(crate) fn subnet(_ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some((&sub, rest)) = words.split_first() else {
        return subnet_usage("missing subcommand");
    };
    match sub {
        "split" => subnet_split(rest),
        "info" => subnet_info(rest),
        "summarize" | "summarise" => {
            let nets = match parse_nets(rest, false) {
                Ok(n) => n,
                Err(e) => return e,
            };
            match (addr::summarize(&nets), addr::supernet(&nets)) {
                (Ok(agg), Ok(sup)) => CmdOutput::text(view::summarize_text(&agg, sup)),
                (Err(e), _) | (_, Err(e)) => addr_error(e),
            }
        }
        "contains" | "overlaps" => {
            let nets = match parse_nets(rest, true) {
                Ok(n) => n,
                Err(e) => return e,
            };
            let [a, b] = nets[..] else {
                return subnet_usage(&format!("{sub} takes two prefixes or addresses"));
            };
            let yes = if sub == "contains" {
                addr::contains(&a, &b)
            } else {
                addr::overlaps(&a, &b)
            };
            let verb = match (sub, yes) {
                ("contains", true) => "contains",
                ("contains", false) => "does not contain",
                (_, true) => "overlaps",
                (_, false) => "does not overlap",
            };
            CmdOutput {
                status: if yes { 0 } else { 1 },
                stdout: format!("{} {verb} {}\n", a.trunc(), b),
                ..Default::default()
            }
        }
        other => {
            let mut o = subnet_usage(&format!("unknown subcommand `{other}`"));
            if let Some(c) = super::super::closest(other, SUBNET_SUBCOMMANDS.iter().copied()) {
                o = o.with_hint(&format!("did you mean `subnet {c}`?"));
            }
            o
        }
    }
}
