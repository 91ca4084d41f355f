//! `nslookup` (BIND 9.18): resolv.conf's servers and search list, no NSS.

use super::nslookup_args;
use super::*;
use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::sim::dns::name::{fqdn, reverse_name};
use crate::sim::dns::record::{RData, RType, Record};
use crate::sim::dns::resolver::{self};
use crate::sim::dns::{Rcode, Response};
use core::net::IpAddr;

pub(crate) fn nslookup_record(r: &Record) -> String {
    let owner = no_dot(&r.name);
    match &r.data {
        RData::A(_) | RData::AAAA(_) => format!("Name:\t{owner}\nAddress: {}\n", r.data),
        RData::CNAME(t) => format!("{owner}\tcanonical name = {t}\n"),
        RData::MX { .. } => format!("{owner}\tmail exchanger = {}\n", r.data),
        RData::NS(t) => format!("{owner}\tnameserver = {t}\n"),
        RData::PTR(t) => format!("{owner}\tname = {t}\n"),
        RData::TXT(_) => format!("{owner}\ttext = {}\n", r.data),
        RData::SRV { .. } => format!("{owner}\tservice = {}\n", r.data),
        RData::SOA(s) => format!(
            "{owner}\n\torigin = {}\n\tmail addr = {}\n\tserial = {}\n\trefresh = {}\n\tretry = {}\n\texpire = {}\n\tminimum = {}\n",
            s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum
        ),
    }
}

/// The first lookup for a name: PTR for an address, else the given type
/// or A. Returns it and whether the default follow-ups apply.
pub(crate) fn first_lookup(name: &str, explicit: Option<RType>) -> (Lookup, bool) {
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
pub(crate) fn chased(resp: &Response, name: &str) -> String {
    match resolver::addresses_in(resp, name, RType::A) {
        Ok((end, _, _)) => end,
        Err(_) => fqdn(name),
    }
}

/// The name a search ended on (the candidate that got the final reply).
pub(crate) fn answered_name(res: &resolver::SearchResult, resp: &Response) -> String {
    res.tried
        .iter()
        .rev()
        .find(|t| t.response.as_ref().is_some_and(|(_, _, r)| r == resp))
        .map_or_else(String::new, |t| t.question.name.clone())
}

pub(crate) fn nslookup(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match nslookup_args::parse(args) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let name = a.name.clone();
    let netns = ctx.netns.clone();
    let mut rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
    let mut server_label = None;
    if let Some(s) = &a.server {
        let Some(ip) = server_addr(ctx, s) else {
            let mut c =
                CmdOutput::error(1, format!(";; couldn't get address for '{s}': not found\n"));
            c.stdout = a.early_stdout;
            return c;
        };
        rc.all_nameservers = vec![ip];
        server_label = Some(ip);
    }
    rc.attempts = a.tries;
    if let Some(t) = a.timeout {
        rc.timeout = t;
    }
    let (mut first, defaults) = first_lookup(&name, a.rtype);
    first.2 &= a.search;
    let defaults = defaults && a.defaults;
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
        let qname = queue[k].0.clone();
        let res = bind9_lookup(ctx, &rc, &queue[k]);
        k += 1;
        last_name = qname.clone();
        steps.extend(res.steps.iter().cloned());
        if res.unreachable() {
            let mut out = format!("{}{}", a.early_stdout, comm_errors(&res));
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
                failed_name(&res, &qname),
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
    let out = format!(
        "{}Server:\t\t{ip}\nAddress:\t{ip}#{port}\n\n{body}\n",
        a.early_stdout
    );
    let mut c = CmdOutput::rich(display::dns::with_trace(out, "nslookup", &steps, &records));
    c.status = status;
    c
}
