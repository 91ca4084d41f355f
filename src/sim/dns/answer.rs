//! How one server answers a question: authoritative zones, forwarding,
//! CNAME chasing, `/etc/hosts` records (dnsmasq), and the public internet.

use super::corefile::ServerBlock;
use super::dnsmasq::DnsmasqConfig;
use super::hosts::{Family, HostsFile};
use super::message::{DnsNet, Question, Rcode, Response, ServerHost};
use super::name::{fqdn, in_zone};
use super::record::{RData, RType, Record};
use super::server::{chase, DnsServer, DnsState, ServerKind, MAX_FORWARD_DEPTH};
use super::zone::{Zone, ZoneAnswer};
use core::net::IpAddr;

/// One question on its way through a server: where the server may ask
/// further, and what it noted on the way.
pub(crate) struct Asking<'a> {
    state: &'a DnsState,
    net: &'a mut dyn DnsNet,
    q: &'a Question,
    /// Forwards so far: a ring of forwarders ends at [`MAX_FORWARD_DEPTH`].
    depth: u8,
    notes: Vec<String>,
}

impl DnsServer {
    /// A short description for traces: `coredns (pid 4242) in netns dns`.
    pub fn describe(&self) -> String {
        match &self.host {
            ServerHost::Internet => "the public resolver on the Internet".to_string(),
            ServerHost::Netns(None) => {
                format!("{} (pid {}) in the root namespace", self.program, self.pid)
            }
            ServerHost::Netns(Some(ns)) => {
                format!("{} (pid {}) in netns {ns}", self.program, self.pid)
            }
        }
    }

    pub(crate) fn netns(&self) -> Option<&str> {
        match &self.host {
            ServerHost::Netns(ns) => ns.as_deref(),
            ServerHost::Internet => None,
        }
    }

    /// Answers one question that arrived on `port`; what the server did
    /// goes to the response's notes here, whichever kind it is.
    pub fn answer(
        &self,
        state: &DnsState,
        net: &mut dyn DnsNet,
        q: &Question,
        port: u16,
        depth: u8,
    ) -> Response {
        let mut ask = Asking {
            state,
            net,
            q,
            depth,
            notes: Vec::new(),
        };
        let mut r = match &self.kind {
            ServerKind::Public { zone } => public_answer(zone, q, &mut ask.notes),
            ServerKind::CoreDns { blocks, .. } => {
                // The most specific block for the name on this port.
                let block = blocks
                    .iter()
                    .filter(|b| b.port == port)
                    .flat_map(|b| b.zones.iter().map(move |z| (z, b)))
                    .filter(|(z, _)| in_zone(&q.name, z))
                    .max_by_key(|(z, _)| z.len())
                    .map(|(_, b)| b);
                match block {
                    Some(b) => self.coredns_answer(b, &mut ask),
                    None => {
                        ask.notes
                            .push("no server block for this zone: REFUSED".into());
                        Response::new(Rcode::Refused, false, false, 1232)
                    }
                }
            }
            ServerKind::Dnsmasq {
                config,
                hosts,
                upstreams,
            } => self.dnsmasq_answer(config, hosts, upstreams, &mut ask),
        };
        r.notes = ask.notes;
        r
    }

    pub(crate) fn forward(
        &self,
        upstreams: &[(IpAddr, u16)],
        ask: &mut Asking,
    ) -> Option<Response> {
        let (state, q, depth) = (ask.state, ask.q, ask.depth);
        if depth >= MAX_FORWARD_DEPTH {
            ask.notes.push("forwarding loop: giving up".into());
            return None;
        }
        for (ip, port) in upstreams {
            match state.exchange_depth(&mut *ask.net, self.netns(), *ip, *port, q, depth + 1) {
                Ok(mut r) => {
                    ask.notes
                        .push(format!("forwarded to {ip}#{port}: {}", r.rcode));
                    ask.notes.append(&mut r.notes);
                    r.elapsed_ms += 1;
                    return Some(r);
                }
                Err(why) => ask
                    .notes
                    .push(format!("forward to {ip}#{port} failed: {why}")),
            }
        }
        None
    }

    pub(crate) fn coredns_answer(&self, b: &ServerBlock, ask: &mut Asking) -> Response {
        let q = ask.q;
        ask.notes.push(format!(
            "server block {} (Corefile line {})",
            b.zones.join(" "),
            b.line
        ));
        if b.log {
            ask.notes
                .push(format!("log: \"{} IN {} udp\"", q.rtype, q.name));
        }
        // hosts
        if let Some(h) = &b.hosts {
            if h.zones.iter().any(|z| in_zone(&q.name, z)) {
                // CoreDNS re-reads the hosts file (every 5 s by default);
                // in a notebook that is "by the next query".
                let live = ask
                    .net
                    .file(self.netns(), &h.path)
                    .map(|t| HostsFile::parse(&t));
                let current = live.as_ref().unwrap_or(&h.loaded);
                let files = [(&h.inline, "inline"), (current, h.path.as_str())];
                let (records, exists) = hosts_records(&files, q, h.ttl, &mut ask.notes);
                if !records.is_empty() || exists {
                    let mut r = Response::new(Rcode::NoError, true, false, 1232);
                    r.answer = records;
                    ask.notes.push("hosts plugin answered".into());
                    return r;
                }
                if !h.fallthrough {
                    ask.notes
                        .push("hosts plugin: name not found and no fallthrough: SERVFAIL".into());
                    return Response::new(Rcode::ServFail, false, false, 1232);
                }
                ask.notes
                    .push("hosts plugin: not found, fallthrough".into());
            }
        }
        // file: the most specific zone
        if let Some(zone) = b
            .files
            .iter()
            .flat_map(|f| f.zones.iter())
            .filter(|z| in_zone(&q.name, &z.origin))
            .max_by_key(|z| z.origin.len())
        {
            ask.notes.push(format!("file plugin: zone {}", zone.origin));
            return authoritative(zone, q, &mut ask.notes);
        }
        // forward
        if let Some(f) = &b.forward {
            if in_zone(&q.name, &f.from) {
                if let Some(mut r) = self.forward(&f.to, ask) {
                    r.aa = false;
                    return r;
                }
                if b.errors {
                    ask.notes.push(format!(
                        "[ERROR] plugin/errors: 2 {} {}: read udp: i/o timeout",
                        q.name, q.rtype
                    ));
                }
                return Response::new(Rcode::ServFail, false, false, 1232);
            }
        }
        ask.notes
            .push("no plugin handled the query: SERVFAIL".into());
        Response::new(Rcode::ServFail, false, false, 1232)
    }

    pub(crate) fn dnsmasq_answer(
        &self,
        c: &DnsmasqConfig,
        hosts: &HostsFile,
        upstreams: &[(IpAddr, u16)],
        ask: &mut Asking,
    ) -> Response {
        let q = ask.q;
        if c.log_queries {
            ask.notes.push(format!(
                "query[{}] {} from client",
                q.rtype,
                q.name.trim_end_matches('.')
            ));
        }
        // Local data: --cname/--host-record/... and /etc/hosts.
        let local = |name: &str, t: RType| -> ZoneAnswer {
            let at: Vec<&RData> = c
                .records
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, d)| d)
                .collect();
            let mut found: Vec<Record> = Vec::new();
            for d in &at {
                if d.rtype() == RType::CNAME && t != RType::CNAME {
                    return ZoneAnswer::Cname(Record::new(name, 0, (*d).clone()));
                }
                if d.rtype() == t || t == RType::ANY {
                    found.push(Record::new(name, 0, (*d).clone()));
                }
            }
            let hq = Question::new(name, t);
            let (from_hosts, in_hosts) =
                hosts_records(&[(hosts, "/etc/hosts")], &hq, 0, &mut Vec::new());
            found.extend(from_hosts);
            if !found.is_empty() {
                ZoneAnswer::Found(found)
            } else if in_hosts
                || at
                    .iter()
                    .any(|d| matches!(d.rtype(), RType::A | RType::AAAA | RType::CNAME))
            {
                // Only address data makes a name "known" to dnsmasq;
                // TXT/MX-only names are forwarded like unknown ones.
                ZoneAnswer::NoData
            } else {
                ZoneAnswer::NxDomain
            }
        };
        let (chain, outcome) = chase(q, &local, &mut ask.notes);
        match outcome {
            ZoneAnswer::Found(mut recs) => {
                let mut r = Response::new(Rcode::NoError, true, true, 1232);
                r.answer = chain;
                r.answer.append(&mut recs);
                ask.notes.push("answered from local data".into());
                return r;
            }
            _ if !chain.is_empty() => {
                // dnsmasq only follows CNAMEs into its own local data.
                let mut r = Response::new(Rcode::NoError, true, true, 1232);
                r.answer = chain;
                return r;
            }
            ZoneAnswer::NoData => {
                ask.notes
                    .push("name known locally, no record of this type".into());
                return Response::new(Rcode::NoError, false, true, 1232);
            }
            _ => {}
        }
        // --address: the longest matching domain wins.
        let rule = c
            .addresses
            .iter()
            .flat_map(|a| a.domains.iter().map(move |d| (d, a)))
            .filter(|(d, _)| in_zone(&q.name, d))
            .max_by_key(|(d, _)| d.len());
        if let Some((d, rule)) = rule {
            match rule.addr {
                None => {
                    ask.notes.push(format!(
                        "--address=/{}/ answers NXDOMAIN",
                        d.trim_end_matches('.')
                    ));
                    return Response::new(Rcode::NxDomain, false, true, 1232);
                }
                Some(ip) => {
                    let data = match (ip, q.rtype) {
                        (IpAddr::V4(a), RType::A | RType::ANY) => Some(RData::A(a)),
                        (IpAddr::V6(a), RType::AAAA | RType::ANY) => Some(RData::AAAA(a)),
                        _ => None,
                    };
                    if let Some(data) = data {
                        ask.notes
                            .push(format!("--address=/{}/{ip}", d.trim_end_matches('.')));
                        let mut r = Response::new(Rcode::NoError, true, true, 1232);
                        r.answer.push(Record::new(&q.name, 0, data));
                        return r;
                    }
                }
            }
        }
        if let Some(d) = c.local.iter().find(|d| in_zone(&q.name, d)) {
            ask.notes.push(format!(
                "--local=/{}/: not in local data: NXDOMAIN",
                d.trim_end_matches('.')
            ));
            return Response::new(Rcode::NxDomain, false, true, 1232);
        }
        if upstreams.is_empty() {
            ask.notes
                .push("no upstream servers configured: REFUSED".into());
            let mut r = Response::new(Rcode::Refused, false, true, 1232);
            // dnsmasq 2.90 says why: no server to forward to yet.
            r.ede = Some((14, "Not Ready"));
            return r;
        }
        if let Some(mut r) = self.forward(upstreams, ask) {
            r.aa = false;
            r.edns_udp = 1232;
            return r;
        }
        Response::new(Rcode::ServFail, false, true, 1232)
    }
}

/// A/AAAA/PTR answers from hosts files, and whether the name is there at all.
pub(crate) fn hosts_records(
    files: &[(&HostsFile, &str)],
    q: &Question,
    ttl: u32,
    notes: &mut Vec<String>,
) -> (Vec<Record>, bool) {
    let mut out = Vec::new();
    let mut exists = false;
    if q.rtype == RType::PTR {
        for (f, path) in files {
            if let Some((line, e)) = f
                .entries()
                .find(|(_, e)| super::name::reverse_name(e.addr) == q.name)
            {
                notes.push(format!("{path} line {line}"));
                out.push(Record::new(&q.name, ttl, RData::PTR(fqdn(&e.canonical))));
                return (out, true);
            }
        }
        return (out, false);
    }
    let family = match q.rtype {
        RType::A => Some(Family::V4),
        RType::AAAA => Some(Family::V6),
        RType::ANY => None,
        _ => Some(Family::V4), // only to learn whether the name exists
    };
    for (f, path) in files {
        for (line, e) in f.lookup(&q.name, None) {
            exists = true;
            if matches!(q.rtype, RType::A | RType::AAAA | RType::ANY)
                && family.is_none_or(|fam| fam.has(&e.addr))
            {
                notes.push(format!("{path} line {line}"));
                let data = match e.addr {
                    IpAddr::V4(a) => RData::A(a),
                    IpAddr::V6(a) => RData::AAAA(a),
                };
                out.push(Record::new(&q.name, ttl, data));
            }
        }
    }
    (out, exists)
}

/// The closest SOA at or above `name` in `zone`.
pub(crate) fn closest_soa(zone: &Zone, name: &str) -> Option<Record> {
    let mut n = name.to_string();
    loop {
        if let ZoneAnswer::Found(r) = zone.lookup(&n, RType::SOA) {
            return r.into_iter().next().filter(|r| r.name == n);
        }
        n = match n.split_once('.') {
            Some((_, rest)) if !rest.is_empty() => rest.to_string(),
            _ if n != "." => ".".to_string(),
            _ => return None,
        };
    }
}

/// An authoritative answer from one zone, CNAMEs followed inside it.
pub(crate) fn authoritative(zone: &Zone, q: &Question, notes: &mut Vec<String>) -> Response {
    let (chain, outcome) = chase(q, &|n, t| zone.lookup(n, t), notes);
    let mut r = Response::new(Rcode::NoError, true, false, 1232);
    r.answer = chain;
    match outcome {
        ZoneAnswer::Found(mut recs) => r.answer.append(&mut recs),
        ZoneAnswer::NxDomain => {
            r.rcode = Rcode::NxDomain;
            r.authority.extend(zone.soa().cloned());
        }
        ZoneAnswer::NoData => r.authority.extend(zone.soa().cloned()),
        ZoneAnswer::NotInZone | ZoneAnswer::Cname(_) => {}
    }
    r
}

/// The public resolver: recursion over the whole simulated Internet.
pub(crate) fn public_answer(zone: &Zone, q: &Question, notes: &mut Vec<String>) -> Response {
    notes.push("recursive lookup on the simulated Internet".to_string());
    let (chain, outcome) = chase(q, &|n, t| zone.lookup(n, t), notes);
    let mut r = Response::new(Rcode::NoError, false, true, 512);
    r.elapsed_ms = 24;
    let last = chain.last().map_or(q.name.clone(), |c| c.data.to_string());
    r.answer = chain;
    match outcome {
        ZoneAnswer::Found(mut recs) => r.answer.append(&mut recs),
        ZoneAnswer::NxDomain => {
            r.rcode = Rcode::NxDomain;
            r.authority.extend(closest_soa(zone, &last));
        }
        ZoneAnswer::NoData => {
            if r.answer.is_empty() {
                r.authority.extend(closest_soa(zone, &last));
            }
        }
        ZoneAnswer::NotInZone | ZoneAnswer::Cname(_) => {}
    }
    r
}
