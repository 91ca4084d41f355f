//! `dig` (BIND 9.18): queries, `+short`/`+trace`-free options, the full answer layout.

use super::*;
use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::sim::dns::name::{fqdn, reverse_name};
use crate::sim::dns::record::{question_line, RType, Record};
use crate::sim::dns::resolver::{self, Step, StepKind};
use crate::sim::dns::{Failure, Question, Rcode, Response};
use core::net::IpAddr;

// ---------------------------------------------------------------- dig
pub(crate) struct DigOpts {
    pub(crate) cmd: bool,
    pub(crate) comments: bool,
    pub(crate) question: bool,
    pub(crate) answer: bool,
    pub(crate) authority: bool,
    pub(crate) stats: bool,
    pub(crate) short: bool,
    pub(crate) search: bool,
    pub(crate) tries: u32,
    pub(crate) time: u32,
}

pub(crate) const DIG_USAGE: &str = "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

pub(crate) fn dig_plus(o: &mut DigOpts, opt: &str) -> bool {
    let (neg, name) = match opt.strip_prefix("no") {
        Some(rest) => (true, rest),
        None => (false, opt),
    };
    let (key, val) = match name.split_once('=') {
        Some((k, v)) => (k, Some(v)),
        None => (name, None),
    };
    let on = !neg;
    match (key, val) {
        ("short", None) => o.short = on,
        ("all", None) => {
            o.cmd = on;
            o.comments = on;
            o.question = on;
            o.answer = on;
            o.authority = on;
            o.stats = on;
        }
        ("cmd", None) => o.cmd = on,
        ("comments", None) => o.comments = on,
        ("question", None) => o.question = on,
        ("answer", None) => o.answer = on,
        ("authority", None) => o.authority = on,
        ("additional", None) | ("recurse", None) | ("edns", None) | ("cookie", None) => {}
        ("stats", None) => o.stats = on,
        ("search", None) => o.search = on,
        ("tries", Some(v)) if !neg => match v.parse::<u32>() {
            Ok(n) => o.tries = n.max(1),
            Err(_) => return false,
        },
        ("retry", Some(v)) if !neg => match v.parse::<u32>() {
            Ok(n) => o.tries = n + 1,
            Err(_) => return false,
        },
        ("time", Some(v)) if !neg => match v.parse::<u32>() {
            Ok(n) => o.time = n.max(1),
            Err(_) => return false,
        },
        _ => return false,
    }
    true
}

pub(crate) fn dig(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut o = DigOpts {
        cmd: true,
        comments: true,
        question: true,
        answer: true,
        authority: true,
        stats: true,
        short: false,
        search: false,
        tries: 3,
        time: 5,
    };
    let mut server: Option<String> = None;
    let mut port: u16 = 53;
    let mut rtype: Option<RType> = None;
    let mut name: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if let Some(s) = a.strip_prefix('@') {
            server = Some(s.to_string());
        } else if let Some(p) = a.strip_prefix('+') {
            if !dig_plus(&mut o, p) {
                return CmdOutput::usage(1, format!("Invalid option: {a}\n{DIG_USAGE}"));
            }
        } else if a == "-t" || a == "-x" || a == "-p" || a == "-c" {
            let Some(v) = args.get(i) else {
                return CmdOutput::usage(
                    1,
                    format!(
                        "dig: option requires an argument -- '{}'\n{DIG_USAGE}",
                        &a[1..]
                    ),
                );
            };
            i += 1;
            match a {
                "-t" => match v.parse() {
                    Ok(t) => rtype = Some(t),
                    Err(_) => {
                        return CmdOutput::usage(1, format!("dig: invalid type: {v}\n"))
                            .with_hint("types modelled: A AAAA CNAME NS SOA MX PTR TXT SRV ANY")
                    }
                },
                "-x" => match v.parse::<IpAddr>() {
                    Ok(ip) => {
                        name = Some(reverse_name(ip));
                        rtype = Some(RType::PTR);
                    }
                    Err(_) => {
                        return CmdOutput::usage(
                            10,
                            format!("dig: '{v}' is not a legal IPv4 or IPv6 address\n"),
                        )
                    }
                },
                "-p" => match v.parse() {
                    Ok(p) => port = p,
                    Err(_) => {
                        return CmdOutput::usage(1, format!("dig: invalid port number '{v}'\n"))
                    }
                },
                _ => {
                    if !v.eq_ignore_ascii_case("IN") {
                        return CmdOutput::usage(1, format!("dig: invalid class: {v}\n"))
                            .with_hint("only class IN is simulated");
                    }
                }
            }
        } else if a == "-4" || a == "-6" {
        } else if a.starts_with('-') && a.len() > 1 {
            return CmdOutput::usage(1, format!("Invalid option: {a}\n{DIG_USAGE}"));
        } else if rtype.is_none() && a.parse::<RType>().is_ok() {
            // Like dig, a word that names a type is the type, wherever it is.
            rtype = a.parse().ok();
        } else if a.eq_ignore_ascii_case("IN") && name.is_some() {
        } else if name.is_none() {
            if let Err(e) = crate::sim::dns::name::validate(a) {
                return CmdOutput::error(10, format!("dig: {e}\n"));
            }
            name = Some(a.to_string());
        } else {
            // A second name starts a second lookup in real dig; one is enough here.
            return CmdOutput::usage(
                1,
                format!("dig: only one query per command is simulated: {a}\n"),
            );
        }
    }
    let (name, rtype) = match (name, rtype) {
        (None, t) => (".".to_string(), t.unwrap_or(RType::NS)),
        (Some(n), t) => (n, t.unwrap_or(RType::A)),
    };
    let netns = ctx.netns.clone();
    let rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let servers: Vec<(IpAddr, String)> = match &server {
        Some(s) => match server_addr(ctx, s) {
            Some(ip) => vec![(ip, s.clone())],
            None => {
                return CmdOutput::error(
                    10,
                    format!("dig: couldn't get address for '{s}': not found\n"),
                )
            }
        },
        None => rc
            .nameservers()
            .into_iter()
            .map(|ip| (ip, ip.to_string()))
            .collect(),
    };
    let mut banner = String::new();
    if o.cmd && !o.short {
        // Each argument follows a space, so no arguments leave none.
        banner.push_str(&format!("\n; <<>> DiG {DIG_VERSION} <<>>"));
        for a in args {
            banner.push(' ');
            banner.push_str(a);
        }
        banner.push('\n');
        if server.is_some() {
            banner.push_str("; (1 server found)\n");
        }
        banner.push_str(";; global options: +cmd\n");
    }
    let candidates = if o.search {
        rc.candidates(&name)
    } else {
        vec![fqdn(&name)]
    };
    let mut errors = String::new();
    let mut no_route = false;
    let mut answered: Option<(Question, IpAddr, String, Response)> = None;
    let mut steps = Vec::new();
    'names: for cand in &candidates {
        let q = Question::new(cand, rtype);
        for (ip, label) in &servers {
            for _ in 0..o.tries {
                let sent = ctx
                    .world
                    .with_dns(|dns, net| dns.exchange(net, netns.as_deref(), *ip, port, &q));
                match sent {
                    Ok(r) => {
                        advance(ctx, u64::from(r.elapsed_ms));
                        steps.extend(server_steps(*ip, port, &q, &r));
                        let done = r.rcode == Rcode::NoError && !r.answer.is_empty();
                        answered = Some((q.clone(), *ip, label.clone(), r));
                        if done || !o.search {
                            break 'names;
                        }
                        continue 'names;
                    }
                    Err(why) => {
                        if why.waits() {
                            advance(ctx, u64::from(o.time) * 1000);
                        }
                        errors.push_str(&why.tool_lines(*ip, port, &q.name));
                        no_route |= why.kind == Failure::NoRoute;
                        steps.push(Step {
                            kind: StepKind::Error,
                            text: format!("{rtype} {} -> {ip}#{port}: {why}", q.name),
                        });
                    }
                }
            }
        }
        break;
    }
    let Some((q, ip, label, r)) = answered else {
        let mut out = errors;
        // A failed UDP setup ends dig before its banner; it already said
        // "no servers could be reached".
        if !no_route {
            out.push_str(&banner);
            out.push_str(";; no servers could be reached\n");
        }
        let mut c = CmdOutput::rich(display::dns::with_trace(out, "dig", &steps, &[]));
        c.status = 9;
        return c;
    };
    let mut out = errors;
    if o.short {
        for rec in &r.answer {
            out.push_str(&format!("{}\n", rec.data));
        }
        return CmdOutput::rich(display::dns::with_trace(out, "dig", &steps, &r.answer));
    }
    out.push_str(&banner);
    let id = query_id(&q, ctx.world.now_us);
    if o.comments {
        let mut flags = vec!["qr"];
        if r.aa {
            flags.push("aa");
        }
        flags.push("rd");
        if r.ra {
            flags.push("ra");
        }
        out.push_str(";; Got answer:\n");
        out.push_str(&format!(
            ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {id}\n",
            r.rcode
        ));
        out.push_str(&format!(
            ";; flags: {}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: 1\n",
            flags.join(" "),
            r.answer.len(),
            r.authority.len()
        ));
        if !r.ra {
            out.push_str(";; WARNING: recursion requested but not available\n");
        }
        out.push_str(&format!(
            "\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: {}\n",
            r.edns_udp
        ));
        if let Some((code, name)) = r.ede {
            out.push_str(&format!("; EDE: {code} ({name})\n"));
        }
    }
    let section = |out: &mut String, title: &str, recs: &[Record], on: bool| {
        if !on || recs.is_empty() {
            return;
        }
        if o.comments {
            out.push_str(&format!(";; {title} SECTION:\n"));
        }
        for rec in recs {
            out.push_str(&format!("{rec}\n"));
        }
        if o.comments {
            out.push('\n');
        }
    };
    if o.question {
        if o.comments {
            out.push_str(";; QUESTION SECTION:\n");
        }
        out.push_str(&question_line(&q.name, q.rtype));
        out.push('\n');
        if o.comments {
            out.push('\n');
        }
    }
    section(&mut out, "ANSWER", &r.answer, o.answer);
    section(&mut out, "AUTHORITY", &r.authority, o.authority);
    if o.stats {
        out.push_str(&format!(";; Query time: {} msec\n", r.elapsed_ms));
        out.push_str(&format!(";; SERVER: {ip}#{port}({label}) (UDP)\n"));
        out.push_str(&format!(";; WHEN: {}\n", now_date(ctx)));
        out.push_str(&format!(";; MSG SIZE  rcvd: {}\n\n", r.msg_size(&q)));
    }
    let mut all = r.answer.clone();
    all.extend(r.authority.iter().cloned());
    CmdOutput::rich(display::dns::with_trace(
        out,
        "dig: how the answer was found",
        &steps,
        &all,
    ))
}
