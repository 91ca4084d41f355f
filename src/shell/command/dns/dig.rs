//! `dig` (BIND 9.18): its command line parsed by `dig_args` into lookups,
//! each run in turn with the full answer layout or `+short`.

use super::dig_args;
use super::dig_lookup::{DigArgs, DigGlobals, DigLookup};
use super::*;
use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::sim::dns::name::fqdn;
use crate::sim::dns::record::{question_line, Record};
use crate::sim::dns::resolver::{self, Step, StepKind};
use crate::sim::dns::{Failure, Question, Rcode, Response};
use core::net::IpAddr;

pub(crate) fn dig(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match dig_args::parse(args) {
        Ok(a) => run(ctx, args, a),
        Err(out) => out,
    }
}

/// What the lookups printed so far and what the trace shows.
#[derive(Default)]
struct Shown {
    out: String,
    status: i32,
    steps: Vec<Step>,
    records: Vec<Record>,
    answered: bool,
}

fn run(ctx: &mut Ctx, argv: &[String], a: DigArgs) -> CmdOutput {
    let DigArgs {
        globals: g,
        lookups,
        early_stdout,
        early_stderr,
    } = a;
    // bind9 resolves every @server once, while it parses, before any
    // lookup (one given before the first name serves them all).
    let mut known: Vec<(String, IpAddr)> = Vec::new();
    let mut servers = Vec::new();
    for l in &lookups {
        let mut list = Vec::new();
        for s in &l.servers {
            let found = match known.iter().find(|(k, _)| k == s) {
                Some((_, ip)) => Ok(*ip),
                None => server_ip(ctx, s),
            };
            match found {
                Ok(ip) => {
                    known.push((s.clone(), ip));
                    list.push((ip, s.clone()));
                }
                Err(why) => {
                    let mut c = CmdOutput::error(
                        1,
                        format!("{early_stderr}dig: couldn't get address for '{s}': {why}\n"),
                    );
                    c.stdout = early_stdout;
                    return c;
                }
            }
        }
        servers.push(list);
    }
    let mut shown = Shown {
        out: early_stdout,
        ..Shown::default()
    };
    let mut stderr = early_stderr;
    for (l, list) in lookups.iter().zip(servers) {
        if let Err(e) = crate::sim::dns::name::validate(&l.name) {
            // dig gives up on the spot, with what it printed so far.
            stderr.push_str(&format!("dig: {e}\n"));
            shown.status = 10;
            break;
        }
        lookup(ctx, argv, &g, l, list, &mut shown);
    }
    let title = if shown.answered && !g.short {
        "dig: how the answer was found"
    } else {
        "dig"
    };
    let mut c = CmdOutput::rich(display::dns::with_trace(
        shown.out,
        title,
        &shown.steps,
        &shown.records,
    ));
    c.stderr = stderr;
    c.status = shown.status;
    c
}

/// An `@server` through getaddrinfo, as bind9_getaddresses words its
/// failure: "not found" when the name has no address, "failure" when
/// the lookup itself failed.
fn server_ip(ctx: &mut Ctx, s: &str) -> Result<IpAddr, &'static str> {
    if let Ok(ip) = s.parse() {
        return Ok(ip);
    }
    let r = resolver::resolve_host(ctx.world, ctx.netns.as_deref(), s, None);
    match (r.addrs.first(), r.gai_error()) {
        (Some(ip), _) => Ok(*ip),
        (None, Some("Temporary failure in name resolution")) => Err("failure"),
        (None, _) => Err("not found"),
    }
}

/// `; <<>> DiG ... <<>> ARGS`, `; (1 server found)`, `;; global options:`.
fn greeting(argv: &[String], l: &DigLookup) -> String {
    let Some(gr) = &l.greeting else {
        return String::new();
    };
    // Each argument follows a space, so no arguments leave none.
    let mut s = format!("\n; <<>> DiG {DIG_VERSION} <<>>");
    for a in argv {
        s.push(' ');
        s.push_str(a);
    }
    s.push('\n');
    if gr.server.is_some() {
        s.push_str("; (1 server found)\n");
    }
    s.push_str(";; global options: +cmd\n");
    s
}

/// One lookup: its candidates (the search list with `+search`), each
/// server in turn, `tries` times each.
fn lookup(
    ctx: &mut Ctx,
    argv: &[String],
    g: &DigGlobals,
    l: &DigLookup,
    given: Vec<(IpAddr, String)>,
    shown: &mut Shown,
) {
    let rtype = l.qtype();
    let port = g.port;
    let netns = ctx.netns.clone();
    let rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let servers: Vec<(IpAddr, String)> = if given.is_empty() {
        rc.nameservers()
            .into_iter()
            .map(|ip| (ip, ip.to_string()))
            .collect()
    } else {
        given
    };
    let banner = greeting(argv, l);
    let candidates = if g.search {
        rc.candidates(&l.name)
    } else {
        vec![fqdn(&l.name)]
    };
    let mut errors = String::new();
    let mut no_route = false;
    let mut answered: Option<(Question, IpAddr, String, Response)> = None;
    let steps = &mut shown.steps;
    'names: for cand in &candidates {
        let q = Question::new(cand, rtype);
        for (ip, label) in &servers {
            for _ in 0..l.tries {
                let sent = ctx
                    .world
                    .with_dns(|dns, net| dns.exchange(net, netns.as_deref(), *ip, port, &q));
                match sent {
                    Ok(r) => {
                        advance(ctx, u64::from(r.elapsed_ms));
                        steps.extend(server_steps(*ip, port, &q, &r));
                        let done = (r.rcode == Rcode::NoError && !r.answer.is_empty())
                            || r.rcode.ends_search();
                        answered = Some((q.clone(), *ip, label.clone(), r));
                        if done || !g.search {
                            break 'names;
                        }
                        continue 'names;
                    }
                    Err(why) => {
                        if why.waits() {
                            advance(ctx, u64::from(g.timeout) * 1000);
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
    let out = &mut shown.out;
    out.push_str(&errors);
    let Some((q, ip, label, r)) = answered else {
        // A failed UDP setup ends dig before its banner; it already said
        // "no servers could be reached".
        if !no_route {
            out.push_str(&banner);
            out.push_str(";; no servers could be reached\n");
        }
        shown.status = shown.status.max(9);
        return;
    };
    shown.answered = true;
    shown.records.extend(r.answer.iter().cloned());
    if g.short {
        for rec in &r.answer {
            out.push_str(&format!("{}\n", rec.data));
        }
        return;
    }
    shown.records.extend(r.authority.iter().cloned());
    if g.printcmd {
        out.push_str(&banner);
    }
    let o = &l.show;
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
            ";; flags: {}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
            flags.join(" "),
            r.answer.len(),
            r.authority.len(),
            u8::from(l.edns)
        ));
        if !r.ra {
            out.push_str(";; WARNING: recursion requested but not available\n");
        }
        out.push('\n');
        if l.edns {
            out.push_str(&format!(
                ";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: {}\n",
                r.edns_udp
            ));
            if let Some((code, name)) = r.ede {
                out.push_str(&format!("; EDE: {code} ({name})\n"));
            }
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
            out.push_str(&rec.line(l.ttlid, l.class));
            out.push('\n');
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
    section(out, "ANSWER", &r.answer, o.answer);
    section(out, "AUTHORITY", &r.authority, o.authority);
    if o.stats {
        // Without EDNS the reply has no OPT record (nor an EDE in it).
        let opt = if r.ede.is_some() { 17 } else { 11 };
        let size = r.msg_size(&q) - if l.edns { 0 } else { opt };
        out.push_str(&format!(";; Query time: {} msec\n", r.elapsed_ms));
        out.push_str(&format!(";; SERVER: {ip}#{port}({label}) (UDP)\n"));
        out.push_str(&format!(";; WHEN: {}\n", now_date(ctx)));
        out.push_str(&format!(";; MSG SIZE  rcvd: {size}\n\n"));
    }
}
