//! `host` (BIND 9.18): A, AAAA and MX lookups with their one-line answers.

use super::nslookup::{answered_name, chased, first_lookup};
use super::*;
use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::sim::dns::record::{RData, RType, Record};
use crate::sim::dns::resolver::{self};
use crate::sim::dns::Rcode;

pub(crate) fn host_record(r: &Record) -> String {
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
        RData::SOA(_) => format!("{owner} has SOA record {}\n", r.data),
    }
}

/// host's usage text (stderr, exit 1, after any option error).
const HOST_USAGE: &str = include_str!("host-usage.txt");

/// host's option string: every letter BIND 9.18's host takes; those with
/// a value are followed by `:`.
const HOST_OPTSTRING: &str = "46aAc:dilnm:p:rR:sN:t:TUvVwW:";

/// A `host` command line.
#[derive(Debug, PartialEq, Eq)]
struct HostArgs {
    rtype: Option<RType>,
    name: String,
    server: Option<String>,
}

fn host_usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(1, format!("{msg}{HOST_USAGE}"))
}

/// ISC's getopt (isc_commandline_parse): clustered letters, values
/// attached or next, options end at the first other word; its own words
/// for errors ("illegal option", no quotes).
fn parse_host(args: &[String]) -> Result<HostArgs, CmdOutput> {
    let mut rtype = None;
    let mut i = 0;
    while let Some(word) = args.get(i).filter(|w| w.len() > 1 && w.starts_with('-')) {
        i += 1;
        if word == "--" {
            break;
        }
        let letters: Vec<char> = word[1..].chars().collect();
        let mut k = 0;
        while k < letters.len() {
            let c = letters[k];
            k += 1;
            let Some(at) = HOST_OPTSTRING.find(c).filter(|_| c != ':') else {
                return Err(host_usage(&format!("host: illegal option -- {c}\n")));
            };
            let takes_value = HOST_OPTSTRING[at + 1..].starts_with(':');
            let value = if !takes_value {
                None
            } else if k < letters.len() {
                let v: String = letters[k..].iter().collect();
                k = letters.len();
                Some(v)
            } else if let Some(v) = args.get(i) {
                i += 1;
                Some(v.clone())
            } else {
                return Err(host_usage(&format!(
                    "host: option requires an argument -- {c}\n"
                )));
            };
            match (c, value) {
                ('t', Some(v)) => match v.parse() {
                    Ok(t) => rtype = Some(t),
                    Err(_) => {
                        return Err(CmdOutput::usage(2, format!("host: invalid type: {v}\n\n")))
                    }
                },
                // IPv4 transport is the only one the simulated resolvers use.
                ('4', _) => {}
                (c, _) => {
                    return Err(CmdOutput::usage(
                        1,
                        format!("netbook: host -{c} is not simulated\n"),
                    ))
                }
            }
        }
    }
    let Some(name) = args.get(i).cloned() else {
        return Err(host_usage(""));
    };
    Ok(HostArgs {
        rtype,
        name,
        server: args.get(i + 1).cloned(),
    })
}

pub(crate) fn host(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let HostArgs {
        rtype,
        name,
        server,
    } = match parse_host(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let netns = ctx.netns.clone();
    let mut rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let mut out = String::new();
    if let Some(s) = server.as_ref() {
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
        let (qname, t, _) = queue[k].clone();
        let res = bind9_lookup(ctx, &rc, &queue[k]);
        k += 1;
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
                failed_name(&res, &qname),
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
