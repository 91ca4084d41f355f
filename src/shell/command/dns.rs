//! The name-resolution tools: `dig`, `nslookup` and `host` (bind9 9.18:
//! DNS only, never /etc/hosts), `getent hosts|ahosts` (glibc: through
//! nsswitch.conf, so /etc/hosts usually wins), the servers `coredns` and
//! `dnsmasq`, and `dnsname`, which shows the anatomy of a domain name.
//! Output formats were captured from the real tools on Debian 12
//! (tests/fixtures/dns/, with the script that made them).

use super::{CmdOutput, Command, Ctx};
use crate::display::{self, MimeBundle};
use crate::sim::dns::corefile;
use crate::sim::dns::dnsmasq::DnsmasqConfig;
use crate::sim::dns::hosts::{Family, HostsFile};
use crate::sim::dns::message::ServerHost;
use crate::sim::dns::name::{fqdn, reverse_name, Anatomy};
use crate::sim::dns::nsswitch::NssStatus;
use crate::sim::dns::record::{question_line, RData, RType, Record};
use crate::sim::dns::resolver::{self, Step, StepKind};
use crate::sim::dns::server::{Listen, ServerKind};
use crate::sim::dns::{format_date, Failure, Question, Rcode, Response};
use core::net::IpAddr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "dig",
        summary: "DNS lookup utility (asks DNS servers only, never /etc/hosts)",
        summary_ko: "DNS 서버에 직접 질의합니다 (/etc/hosts는 보지 않음)",
        usage: "dig [@server] [-t type] [-x addr] [-p port] [name] [type] [+short] [+noall] [+answer] [+search] [+tries=N] [+time=N]",
        run: dig,
        complete: None,
    },
    Command {
        name: "nslookup",
        summary: "query Internet name servers (resolv.conf, not NSS)",
        summary_ko: "resolv.conf의 DNS 서버에 질의합니다 (nsswitch/hosts는 보지 않음)",
        usage: "nslookup [-type=TYPE] NAME [SERVER]",
        run: nslookup,
        complete: None,
    },
    Command {
        name: "host",
        summary: "DNS lookup utility (short answers)",
        summary_ko: "DNS 조회 결과를 짧게 보여줍니다",
        usage: "host [-t type] NAME [SERVER]",
        run: host,
        complete: None,
    },
    Command {
        name: "getent",
        summary: "get entries from Name Service Switch libraries (hosts, ahosts)",
        summary_ko: "nsswitch.conf 순서대로 이름을 해석합니다 (ping/curl과 같은 경로)",
        usage: "getent hosts|ahosts|ahostsv4|ahostsv6 [NAME]...",
        run: getent,
        complete: None,
    },
    Command {
        name: "coredns",
        summary: "start a CoreDNS server from a Corefile (returns at once, like `&`)",
        summary_ko: "Corefile로 CoreDNS 서버를 띄웁니다 (백그라운드로 바로 반환)",
        usage: "coredns [-conf FILE] [-dns.port PORT]",
        run: coredns,
        complete: None,
    },
    Command {
        name: "dnsmasq",
        summary: "start a small DNS forwarder/server",
        summary_ko: "dnsmasq DNS 서버를 띄웁니다 (--address, --cname, --no-resolv, --no-hosts)",
        usage: "dnsmasq [--no-resolv] [--no-hosts] [--address=/NAME/IP] [--cname=ALIAS,TARGET] [--host-record=NAME,IP] [--server=IP] [--listen-address=IP] [--port=N]",
        run: dnsmasq,
        complete: None,
    },
    Command {
        name: "dnstrace",
        summary: "explain how a name is resolved for ping/curl (nsswitch, /etc/hosts, search list, servers, CNAMEs)",
        summary_ko: "ping/curl이 이름을 해석하는 과정을 단계별로 보여줍니다 (nsswitch, hosts, search, DNS 서버, CNAME)",
        usage: "dnstrace NAME",
        run: dnstrace,
        complete: None,
    },
    Command {
        name: "dnsname",
        summary: "show the anatomy of a domain name (TLD, domain, subdomain, FQDN, root)",
        summary_ko: "도메인 이름의 구조를 보여줍니다 (TLD, 도메인, 서브도메인, FQDN, 루트)",
        usage: "dnsname NAME",
        run: dnsname,
        complete: None,
    },
];

/// The version string dig prints in its banner.
pub const DIG_VERSION: &str = "9.18.47-1~deb12u1-Debian";

/// A deterministic query id from the question and the virtual clock.
fn query_id(q: &Question, now_us: u64) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for b in q
        .name
        .bytes()
        .chain(q.rtype.code().to_be_bytes())
        .chain(now_us.to_be_bytes())
    {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h ^ (h >> 16)) as u16
}

fn now_date(ctx: &Ctx) -> String {
    format_date(ctx.world.wall_clock_s())
}

fn advance(ctx: &mut Ctx, ms: u64) {
    ctx.world.now_us += ms * 1000;
}

fn no_dot(s: &str) -> &str {
    if s == "." {
        return s;
    }
    s.strip_suffix('.').unwrap_or(s)
}

/// Resolves a server given as an address or a name (through NSS, as the
/// tools do with getaddrinfo).
fn server_addr(ctx: &Ctx, s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let r = resolver::resolve_host(ctx.world, ctx.world, ctx.netns.as_deref(), s, None);
    r.addrs.first().copied()
}

fn server_steps(ip: IpAddr, port: u16, q: &Question, resp: &Response) -> Vec<Step> {
    let mut steps = vec![Step {
        kind: StepKind::Query,
        text: format!("{} {} -> {ip}#{port}: {}", q.rtype, q.name, resp.rcode),
    }];
    for n in &resp.notes {
        steps.push(Step {
            kind: if n.starts_with("CNAME") {
                StepKind::Cname
            } else {
                StepKind::Query
            },
            text: format!("server: {n}"),
        });
    }
    steps
}

// ---------------------------------------------------------------- dig

struct DigOpts {
    cmd: bool,
    comments: bool,
    question: bool,
    answer: bool,
    authority: bool,
    stats: bool,
    short: bool,
    search: bool,
    tries: u32,
    time: u32,
}

const DIG_USAGE: &str = "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

fn dig_plus(o: &mut DigOpts, opt: &str) -> bool {
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

fn dig(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
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
                match ctx
                    .world
                    .dns
                    .exchange(&*ctx.world, netns.as_deref(), *ip, port, &q)
                {
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

// ---------------------------------------------------------- nslookup / host

/// The failure lines of a search, ending with "no servers could be
/// reached" (which a failed UDP setup already printed).
fn comm_errors(res: &resolver::SearchResult) -> String {
    let mut s = String::new();
    let mut last_no_route = false;
    for t in &res.tried {
        for (ip, port, why) in &t.failures {
            s.push_str(&why.tool_lines(*ip, *port, &t.question.name));
            last_no_route = why.kind == Failure::NoRoute;
        }
    }
    if !last_no_route {
        s.push_str(";; no servers could be reached\n");
    }
    s
}

fn nslookup_record(r: &Record) -> String {
    let owner = no_dot(&r.name);
    match &r.data {
        RData::A(_) | RData::AAAA(_) => format!("Name:\t{owner}\nAddress: {}\n", r.data),
        RData::CNAME(t) => format!("{owner}\tcanonical name = {t}\n"),
        RData::MX { .. } => format!("{owner}\tmail exchanger = {}\n", r.data),
        RData::NS(t) => format!("{owner}\tnameserver = {t}\n"),
        RData::PTR(t) => format!("{owner}\tname = {t}\n"),
        RData::TXT(_) => format!("{owner}\ttext = {}\n", r.data),
        RData::SRV { .. } => format!("{owner}\tservice = {}\n", r.data),
        RData::SOA {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        } => format!(
            "{owner}\n\torigin = {mname}\n\tmail addr = {rname}\n\tserial = {serial}\n\trefresh = {refresh}\n\tretry = {retry}\n\texpire = {expire}\n\tminimum = {minimum}\n"
        ),
    }
}

/// One lookup of nslookup/host: a name, a type, and whether the search
/// list applies.
type Lookup = (String, RType, bool);

/// The first lookup for a name: PTR for an address, else the given type
/// or A. Returns it and whether the default follow-ups apply.
fn first_lookup(name: &str, explicit: Option<RType>) -> (Lookup, bool) {
    if let Ok(ip) = name.parse::<IpAddr>() {
        return ((reverse_name(ip), RType::PTR, false), false);
    }
    match explicit {
        Some(t) => ((name.to_string(), t, true), false),
        None => ((name.to_string(), RType::A, true), true),
    }
}

/// The end of the CNAME chain for `name` in a reply; bind9's host and
/// nslookup send their AAAA (and MX) follow-ups there (`chase_cnamechain`).
fn chased(resp: &Response, name: &str) -> String {
    match resolver::addresses_in(resp, name, RType::A) {
        Ok((end, _, _)) => end,
        Err(_) => fqdn(name),
    }
}

/// The name a search ended on (the candidate that got the final reply).
fn answered_name(res: &resolver::SearchResult, resp: &Response) -> String {
    res.tried
        .iter()
        .rev()
        .find(|t| t.response.as_ref().is_some_and(|(_, _, r)| r == resp))
        .map_or_else(String::new, |t| t.question.name.clone())
}

fn nslookup(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut rtype = None;
    let mut words = Vec::new();
    for a in args {
        if let Some(v) = a
            .strip_prefix("-type=")
            .or_else(|| a.strip_prefix("-query="))
            .or_else(|| a.strip_prefix("-q="))
            .or_else(|| a.strip_prefix("-t="))
        {
            match v.parse() {
                Ok(t) => rtype = Some(t),
                Err(_) => return CmdOutput::error(1, format!("unknown query type: {v}\n")),
            }
        } else if let Some(opt) = a.strip_prefix('-') {
            return CmdOutput::usage(1, format!("*** Invalid option: {opt}\n"));
        } else {
            words.push(a.clone());
        }
    }
    let Some(name) = words.first().cloned() else {
        return CmdOutput::usage(
            1,
            "nslookup: interactive mode is not simulated; give a name\n",
        )
        .with_hint("nslookup NAME [SERVER]");
    };
    let netns = ctx.netns.clone();
    let mut rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let mut server_label = None;
    if let Some(s) = words.get(1) {
        let Some(ip) = server_addr(ctx, s) else {
            return CmdOutput::error(1, format!(";; couldn't get address for '{s}': not found\n"));
        };
        rc.all_nameservers = vec![ip];
        server_label = Some(ip);
    }
    rc.attempts = 3; // nslookup retries like dig
    let (first, defaults) = first_lookup(&name, rtype);
    let mut queue = vec![first];
    let mut body = String::new();
    let mut status = 0;
    let mut steps = Vec::new();
    let mut records = Vec::new();
    let mut shown_nonauth = false;
    let mut got_any = false;
    let mut server_line = None;
    let mut last_name = name.clone();
    let mut k = 0;
    while k < queue.len() {
        let (qname, t, use_search) = queue[k].clone();
        k += 1;
        last_name = qname.clone();
        let res = resolver::search(
            ctx.world,
            ctx.world,
            netns.as_deref(),
            &rc,
            &qname,
            t,
            use_search,
        );
        advance(ctx, res.waited_ms());
        steps.extend(res.steps.iter().cloned());
        if res.unreachable() {
            let mut out = comm_errors(&res);
            out.push('\n');
            let mut c = CmdOutput::rich(display::dns::with_trace(out, "nslookup", &steps, &[]));
            c.status = 1;
            return c;
        }
        let Some((ip, port, resp)) = res.final_response() else {
            continue;
        };
        server_line.get_or_insert((*ip, *port));
        if resp.rcode != Rcode::NoError {
            body.push_str(&format!(
                "** server can't find {}: {}\n",
                no_dot(&qname),
                resp.rcode
            ));
            status = 1;
            continue;
        }
        if defaults && k == 1 {
            let end = chased(resp, &answered_name(&res, resp));
            queue.push((end, RType::AAAA, false));
        }
        if resp.answer.is_empty() {
            continue;
        }
        got_any = true;
        if !resp.aa && !shown_nonauth {
            body.push_str("Non-authoritative answer:\n");
            shown_nonauth = true;
        }
        for r in &resp.answer {
            body.push_str(&nslookup_record(r));
        }
        records.extend(resp.answer.iter().cloned());
    }
    if !got_any && status == 0 {
        body.push_str(&format!(
            "*** Can't find {}: No answer\n",
            no_dot(&last_name)
        ));
    }
    let (ip, port) = server_line.unwrap_or((server_label.unwrap_or(rc.nameservers()[0]), 53));
    let out = format!("Server:\t\t{ip}\nAddress:\t{ip}#{port}\n\n{body}\n");
    let mut c = CmdOutput::rich(display::dns::with_trace(out, "nslookup", &steps, &records));
    c.status = status;
    c
}

fn host_record(r: &Record) -> String {
    let owner = no_dot(&r.name);
    match &r.data {
        RData::A(a) => format!("{owner} has address {a}\n"),
        RData::AAAA(a) => format!("{owner} has IPv6 address {a}\n"),
        RData::CNAME(t) => format!("{owner} is an alias for {t}\n"),
        RData::MX { .. } => format!("{owner} mail is handled by {}\n", r.data),
        RData::NS(t) => format!("{owner} name server {t}\n"),
        RData::PTR(t) => format!("{owner} domain name pointer {t}\n"),
        RData::TXT(_) => format!("{owner} descriptive text {}\n", r.data),
        RData::SRV { .. } => format!("{owner} has SRV record {}\n", r.data),
        RData::SOA { .. } => format!("{owner} has SOA record {}\n", r.data),
    }
}

fn host(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut rtype = None;
    let mut words = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "-t" {
            let Some(v) = args.get(i) else {
                return CmdOutput::usage(1, "host: option requires an argument -- 't'\n");
            };
            i += 1;
            match v.parse() {
                Ok(t) => rtype = Some(t),
                Err(_) => return CmdOutput::error(1, format!("host: invalid type: {v}\n")),
            }
        } else if let Some(opt) = a.strip_prefix('-') {
            return CmdOutput::usage(
                1,
                format!(
                    "host: invalid option -- '{opt}'\nUsage: host [-t type] {{name}} [server]\n"
                ),
            );
        } else {
            words.push(a.clone());
        }
    }
    let Some(name) = words.first().cloned() else {
        return CmdOutput::usage(1, "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n");
    };
    let netns = ctx.netns.clone();
    let mut rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let mut out = String::new();
    if let Some(s) = words.get(1) {
        let Some(ip) = server_addr(ctx, s) else {
            return CmdOutput::error(
                1,
                format!("host: couldn't get address for '{s}': not found\n"),
            );
        };
        rc.all_nameservers = vec![ip];
        out.push_str(&format!(
            "Using domain server:\nName: {s}\nAddress: {ip}#53\nAliases: \n\n"
        ));
    }
    rc.attempts = 2; // host's default: one retry
    let (first, defaults) = first_lookup(&name, rtype);
    let mut queue = vec![first];
    let mut status = 0;
    let mut steps = Vec::new();
    let mut records = Vec::new();
    let mut k = 0;
    while k < queue.len() {
        let (qname, t, use_search) = queue[k].clone();
        k += 1;
        let res = resolver::search(
            ctx.world,
            ctx.world,
            netns.as_deref(),
            &rc,
            &qname,
            t,
            use_search,
        );
        advance(ctx, res.waited_ms());
        steps.extend(res.steps.iter().cloned());
        if res.unreachable() {
            let o = comm_errors(&res);
            let mut c = CmdOutput::rich(display::dns::with_trace(o, "host", &steps, &[]));
            c.status = 1;
            return c;
        }
        let Some((_, _, resp)) = res.final_response() else {
            continue;
        };
        if resp.rcode != Rcode::NoError {
            out.push_str(&format!(
                "Host {} not found: {}({})\n",
                no_dot(&qname),
                resp.rcode.code(),
                resp.rcode
            ));
            status = 1;
            continue;
        }
        if defaults && k == 1 {
            let end = chased(resp, &answered_name(&res, resp));
            queue.push((end.clone(), RType::AAAA, false));
            queue.push((end, RType::MX, false));
        }
        for r in &resp.answer {
            out.push_str(&host_record(r));
        }
        if !defaults && resp.answer.iter().all(|r| r.rtype() == RType::CNAME) {
            out.push_str(&format!("{} has no {t} record\n", no_dot(&qname)));
        }
        records.extend(resp.answer.iter().cloned());
    }
    let mut c = CmdOutput::rich(display::dns::with_trace(out, "host", &steps, &records));
    c.status = status;
    c
}

// -------------------------------------------------------------- getent

fn getent_hosts_line(addr: &IpAddr, canonical: &str, aliases: &[String]) -> String {
    let mut s = format!("{:<15} {canonical}", addr.to_string());
    for a in aliases {
        s.push(' ');
        s.push_str(a);
    }
    s.push('\n');
    s
}

fn getent(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let Some(db) = args.first() else {
        return CmdOutput::usage(1, "Usage: getent [OPTION...] database [key ...]\nTry `getent --help' or `getent --usage' for more information.\n");
    };
    let netns = ctx.netns.clone();
    let keys = &args[1..];
    let mut out = String::new();
    let mut status = 0;
    let mut steps: Vec<Step> = Vec::new();
    match db.as_str() {
        "hosts" if keys.is_empty() => {
            // Enumeration walks the files source only.
            let h: HostsFile = resolver::read_hosts(ctx.world, netns.as_deref());
            for (_, e) in h.entries() {
                out.push_str(&getent_hosts_line(&e.addr, &e.canonical, &e.aliases));
            }
        }
        "hosts" => {
            for k in keys {
                if let Ok(ip) = k.parse::<IpAddr>() {
                    // An address: gethostbyaddr, the reverse way.
                    let r = resolver::resolve_addr(ctx.world, ctx.world, netns.as_deref(), ip);
                    steps.extend(r.steps.iter().cloned());
                    if r.status == NssStatus::Success {
                        out.push_str(&getent_hosts_line(&ip, &r.canonical, &r.aliases));
                    } else {
                        status = 2;
                    }
                    continue;
                }
                // gethostbyname2: IPv6 first, then IPv4.
                let v6 = resolver::resolve_host(ctx.world, ctx.world, netns.as_deref(), k, Some(Family::V6));
                steps.push(Step { kind: StepKind::Config, text: format!("{k}: ask for IPv6 (AF_INET6) first") });
                steps.extend(v6.steps.iter().cloned());
                let r = if v6.status == NssStatus::Success {
                    v6
                } else {
                    steps.push(Step { kind: StepKind::Config, text: format!("{k}: no IPv6 address, ask for IPv4 (AF_INET)") });
                    let v4 = resolver::resolve_host(ctx.world, ctx.world, netns.as_deref(), k, Some(Family::V4));
                    steps.extend(v4.steps.iter().cloned());
                    v4
                };
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for a in &r.addrs {
                    out.push_str(&getent_hosts_line(a, &r.canonical, &r.aliases));
                }
            }
        }
        "ahosts" | "ahostsv4" | "ahostsv6" => {
            let fam = match db.as_str() {
                "ahostsv4" => Some(Family::V4),
                "ahostsv6" => Some(Family::V6),
                _ => None,
            };
            if keys.is_empty() {
                return CmdOutput::error(2, "Enumeration not supported on ahosts\n");
            }
            for k in keys {
                let r = resolver::resolve_host(ctx.world, ctx.world, netns.as_deref(), k, fam);
                steps.extend(r.steps.iter().cloned());
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for (i, a) in r.addrs.iter().enumerate() {
                    let canon = if i == 0 { r.canonical.as_str() } else { "" };
                    out.push_str(&format!("{:<15} STREAM {canon}\n", a.to_string()));
                    out.push_str(&format!("{:<15} DGRAM  \n", a.to_string()));
                    out.push_str(&format!("{:<15} RAW    \n", a.to_string()));
                }
            }
        }
        other => {
            return CmdOutput::error(
                1,
                format!("Unknown database: {other}\nTry `getent --help' or `getent --usage' for more information.\n"),
            )
            .with_hint("netbook simulates the hosts, ahosts, ahostsv4 and ahostsv6 databases")
        }
    }
    let mut c = CmdOutput::rich(display::dns::with_trace(
        out,
        "getent: NSS lookup (nsswitch.conf order)",
        &steps,
        &[],
    ));
    c.status = status;
    c
}

// ------------------------------------------------------------- servers

fn coredns(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut conf = "Corefile".to_string();
    let mut port_override: Option<u16> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].trim_start_matches('-');
        i += 1;
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (a, None),
        };
        match key {
            "conf" | "dns.port" => {
                let v = match inline.or_else(|| args.get(i).cloned()) {
                    Some(v) => v,
                    None => {
                        return CmdOutput::usage(2, format!("flag needs an argument: -{key}\n"))
                    }
                };
                if !args[i - 1].contains('=') {
                    i += 1;
                }
                if key == "conf" {
                    conf = v;
                } else {
                    match v.parse() {
                        Ok(p) => port_override = Some(p),
                        Err(_) => {
                            return CmdOutput::usage(
                                2,
                                format!("invalid value \"{v}\" for flag -dns.port: parse error\n"),
                            )
                        }
                    }
                }
            }
            "version" => {
                return CmdOutput::text("CoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n")
            }
            _ => return CmdOutput::usage(2, format!("flag provided but not defined: -{key}\n")),
        }
    }
    let netns = ctx.netns.clone();
    let path = if conf.starts_with('/') {
        conf.clone()
    } else {
        format!("/{conf}")
    };
    let text = match ctx.world.read_file(netns.as_deref(), &path) {
        Ok(t) => t,
        Err(_) => return CmdOutput::error(1, format!("open {conf}: no such file or directory\n")),
    };
    let world = &*ctx.world;
    let read = |p: &str| {
        let p = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("/{p}")
        };
        world.read_file(netns.as_deref(), &p).ok()
    };
    let mut blocks = match corefile::parse(&conf, &text, &read) {
        Ok(b) => b,
        Err(e) => return CmdOutput::error(1, format!("{e}\n")),
    };
    if let Some(p) = port_override {
        for b in &mut blocks {
            b.port = p;
        }
    }
    let mut listen: Vec<Listen> = Vec::new();
    for b in &blocks {
        let addrs: Vec<Option<IpAddr>> = if b.bind.is_empty() {
            vec![None]
        } else {
            b.bind.iter().copied().map(Some).collect()
        };
        for addr in addrs {
            let l = Listen { addr, port: b.port };
            if !listen.contains(&l) {
                listen.push(l);
            }
        }
    }
    let mut banner = String::new();
    for b in &blocks {
        for z in &b.zones {
            banner.push_str(&format!("{z}:{}\n", b.port));
        }
    }
    banner.push_str("CoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n");
    let kind = ServerKind::CoreDns {
        conf: conf.clone(),
        blocks,
    };
    match ctx
        .world
        .dns
        .start("coredns", ServerHost::Netns(netns), listen, kind)
    {
        Ok(_) => CmdOutput::text(banner),
        Err(e) => CmdOutput::error(1, format!("Listen: {e}\n")),
    }
}

fn dnsmasq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    if args.iter().any(|a| a == "--version" || a == "-v") {
        return CmdOutput::text("Dnsmasq version 2.90  Copyright (c) 2000-2024 Simon Kelley\n");
    }
    let config = match DnsmasqConfig::parse(args) {
        Ok(c) => c,
        Err(e) => return CmdOutput::error(1, e),
    };
    let netns = ctx.netns.clone();
    let hosts = if config.no_hosts {
        HostsFile::default()
    } else {
        resolver::read_hosts(ctx.world, netns.as_deref())
    };
    let mut upstreams = config.servers.clone();
    if !config.no_resolv {
        let rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
        upstreams.extend(rc.nameservers().into_iter().map(|ip| (ip, 53)));
    }
    let listen: Vec<Listen> = if config.listen.is_empty() {
        vec![Listen {
            addr: None,
            port: config.port,
        }]
    } else {
        config
            .listen
            .iter()
            .map(|a| Listen {
                addr: Some(*a),
                port: config.port,
            })
            .collect()
    };
    let port = config.port;
    let kind = ServerKind::Dnsmasq {
        config,
        hosts,
        upstreams,
    };
    match ctx.world.dns.start("dnsmasq", ServerHost::Netns(netns), listen, kind) {
        Ok(_) => CmdOutput::default(),
        Err(_) => CmdOutput::error(
            2,
            format!("\ndnsmasq: failed to create listening socket for port {port}: Address already in use\n"),
        ),
    }
}

fn dnstrace(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let Some(name) = args.first() else {
        return CmdOutput::usage(1, "usage: dnstrace NAME\n");
    };
    let netns = ctx.netns.clone();
    let r = resolver::resolve_host(ctx.world, ctx.world, netns.as_deref(), name, None);
    let mut text = display::dns::steps_text(&r.steps);
    match r.gai_error() {
        None => {}
        Some(e) => text.push_str(&format!("getaddrinfo fails: {name}: {e}\n")),
    }
    let title = format!("how ping/curl resolve {name}");
    let bundle = MimeBundle::plain(text).with_html(display::dns::steps_html(&title, &r.steps));
    let mut c = CmdOutput::rich(bundle);
    if r.gai_error().is_some() {
        c.status = 2;
    }
    c
}

fn dnsname(_ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let Some(name) = args.first() else {
        return CmdOutput::usage(1, "usage: dnsname NAME\n");
    };
    match Anatomy::of(name) {
        Ok(a) => CmdOutput::rich(display::dns::anatomy(&a)),
        Err(e) => CmdOutput::error(1, format!("dnsname: {e}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::run_argv;
    use super::*;
    use crate::sim::World;
    use std::sync::atomic::AtomicBool;

    fn run(w: &mut World, netns: Option<&str>, line: &str) -> CmdOutput {
        let flag = AtomicBool::new(false);
        let mut ctx = Ctx {
            world: w,
            netns: netns.map(str::to_string),
            stdin: None,
            interrupt: &flag,
            live: None,
        };
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        run_argv(&mut ctx, &argv)
    }

    #[test]
    fn servers_live_in_their_namespace() {
        let mut w = World::new();
        // DNS goes through the datapath: the namespace exists, its lo is up.
        let ns = w.netns_add("dns").unwrap();
        let lo = w.link_by_name(ns, "lo").unwrap();
        w.link_set_up(lo, true);
        let out = run(
            &mut w,
            Some("dns"),
            "dnsmasq --no-resolv --address=/lab/10.0.0.1",
        );
        assert_eq!(out.status, 0, "{}", out.stderr);
        // 127.0.0.1 is the namespace's own loopback.
        let ok = run(&mut w, Some("dns"), "dig @127.0.0.1 +short x.lab");
        assert_eq!(ok.stdout, "10.0.0.1\n");
        // The root namespace's own loopback has nobody listening: refused
        // at once.
        let far = run(&mut w, None, "dig @127.0.0.1 +short +tries=1 x.lab");
        assert_eq!(far.status, 9);
        assert_eq!(
            far.stdout,
            ";; communications error to 127.0.0.1#53: connection refused\n;; no servers could be reached\n"
        );
        assert_eq!(w.now_us, 0);
        // An address nobody answers: the packet vanishes and dig waits 5 s.
        let lost = run(&mut w, None, "dig @10.9.9.9 +short +tries=1 x.lab");
        assert!(lost.stdout.contains("10.9.9.9#53: timed out"));
        assert_eq!(w.now_us, 5_000_000);
    }

    /// A namespace with no route to anything.
    struct NoRoutes;
    impl crate::sim::dns::DnsNet for NoRoutes {
        fn reach(
            &self,
            _: Option<&str>,
            ip: IpAddr,
            _: u16,
        ) -> Result<(), crate::sim::dns::Unreachable> {
            Err(crate::sim::dns::Unreachable::no_route(format!(
                "no route to {ip}"
            )))
        }
    }

    #[test]
    fn no_route_reads_like_bind9() {
        let fx = |n: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/fixtures/dns/{n}.out",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let w = World::new();
        let mut rc = crate::sim::dns::resolv_conf::ResolvConf::parse("nameserver 192.0.2.1\n");
        for (attempts, fixture, tail) in [(3, "nslookup_noroute", "\n"), (2, "host_noroute", "")] {
            rc.attempts = attempts;
            let res = resolver::search(&w, &NoRoutes, None, &rc, "example.com", RType::A, true);
            assert_eq!(res.waited_ms(), 0);
            assert_eq!(comm_errors(&res) + tail, fx(fixture));
        }
        let u = crate::sim::dns::Unreachable::no_route("x");
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(
            u.tool_lines(ip, 53, "example.com.").repeat(3),
            fx("dig_noroute")
        );
        let r = resolver::resolve_host(&w, &NoRoutes, None, "example.com", None);
        assert_eq!(r.gai_error(), Some("Temporary failure in name resolution"));
    }

    #[test]
    fn dig_usage_errors_fail_the_cell_and_leave_the_world() {
        let mut w = World::new();
        let before = w.clone();
        let out = run(&mut w, None, "dig +frobnicate example.com");
        assert_eq!(out.status, 1);
        assert!(out
            .stderr
            .starts_with("Invalid option: +frobnicate\nUsage:  dig"));
        assert!(out.fail.is_some());
        let out = run(&mut w, None, "dig -t BOGUS example.com");
        assert!(out.fail.is_some());
        assert_eq!(w, before);
    }

    #[test]
    fn getent_hosts_enumerates_and_rejects_unknown_databases() {
        let mut w = World::new();
        let out = run(&mut w, None, "getent hosts");
        assert!(out.stdout.starts_with("127.0.0.1       localhost\n127.0.1.1       host\n::1             localhost ip6-localhost ip6-loopback\n"));
        let out = run(&mut w, None, "getent hosts localhost");
        assert_eq!(
            out.stdout,
            "::1             localhost ip6-localhost ip6-loopback\n"
        );
        let out = run(&mut w, None, "getent hosts 8.8.8.8 127.0.1.1");
        assert_eq!(
            out.stdout,
            "8.8.8.8         dns.google\n127.0.1.1       host\n"
        );
        let out = run(&mut w, None, "getent frob x");
        assert_eq!(out.status, 1);
        assert!(out.stderr.starts_with("Unknown database: frob\n"));
    }

    #[test]
    fn dnstrace_explains_each_step() {
        let mut w = World::new();
        let out = run(&mut w, None, "dnstrace www.naver.com");
        assert_eq!(out.status, 0);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(
            lines[0],
            " 1. [config] /etc/nsswitch.conf line 5: hosts: files dns"
        );
        assert!(out
            .stdout
            .contains("[hosts file] /etc/hosts: no line for www.naver.com"));
        assert!(out
            .stdout
            .contains("[CNAME] www.naver.com. is an alias for www.naver.com.nheos.com."));
        assert!(out
            .stdout
            .contains("[answer] www.naver.com -> 223.130.200.219"));
        let out = run(&mut w, None, "dnstrace unknown-host");
        assert_eq!(out.status, 2);
        assert!(out
            .stdout
            .ends_with("getaddrinfo fails: unknown-host: Name or service not known\n"));
    }

    #[test]
    fn trace_html_names_the_hosts_line() {
        let mut w = World::new();
        let out = run(&mut w, None, "getent ahosts host");
        let html = out.rich.unwrap().get("text/html").unwrap().to_string();
        assert!(html.contains("/etc/hosts line 2: 127.0.1.1 host"), "{html}");
        assert!(html.contains("files: SUCCESS -&gt; return"));
    }
}
