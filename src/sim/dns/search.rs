//! res_search(3): one question sent to resolv.conf's servers in turn
//! (`attempts` rounds, `timeout` seconds for each silent one), and the
//! search-list candidates of one name tried until one has records. Each
//! query and reply becomes a [`Step`] that displays explain.

use super::message::{DnsNet, Question, Rcode, Response, Unreachable};
use super::name::{fqdn, ndots};
use super::record::RType;
use super::resolv_conf::ResolvConf;
use super::server::DnsState;
use core::net::IpAddr;

/// What kind of thing a step is, for styling in displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A configuration file was read.
    Config,
    /// `/etc/hosts` was consulted.
    HostsFile,
    /// The search list was expanded.
    Search,
    /// A query was sent to a server.
    Query,
    /// A CNAME was followed.
    Cname,
    /// An NSS source returned a status.
    Source,
    /// The final answer.
    Answer,
    /// Something went wrong.
    Error,
}

/// One step of a resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What kind of step.
    pub kind: StepKind,
    /// One line of explanation.
    pub text: String,
}

pub(crate) fn step(steps: &mut Vec<Step>, kind: StepKind, text: impl Into<String>) {
    steps.push(Step {
        kind,
        text: text.into(),
    });
}

/// The result of sending one question to a list of servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    /// The question.
    pub question: Question,
    /// The server that answered and its reply.
    pub response: Option<(IpAddr, u16, Response)>,
    /// Each try that got no reply: server, port and why.
    pub failures: Vec<(IpAddr, u16, Unreachable)>,
    /// Simulated time spent waiting, in milliseconds.
    pub waited_ms: u64,
}

/// Sends `q` to each of resolv.conf's servers in turn (port 53),
/// `attempts` rounds, waiting `timeout` for each silent one, as the
/// resolver does.
pub fn query(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    rc: &ResolvConf,
    q: &Question,
) -> QueryResult {
    let (servers, attempts, timeout_s) = (rc.nameservers(), rc.attempts, rc.timeout);
    let mut res = QueryResult {
        question: q.clone(),
        response: None,
        failures: Vec::new(),
        waited_ms: 0,
    };
    for _ in 0..attempts.max(1) {
        for &ip in &servers {
            match dns.exchange(net, netns, ip, 53, q) {
                Ok(r) => {
                    res.waited_ms += u64::from(r.elapsed_ms);
                    res.response = Some((ip, 53, r));
                    return res;
                }
                Err(why) => {
                    if why.waits() {
                        res.waited_ms += u64::from(timeout_s) * 1000;
                    }
                    res.failures.push((ip, 53, why));
                }
            }
        }
    }
    res
}

pub(crate) fn query_steps(steps: &mut Vec<Step>, r: &QueryResult) {
    for (ip, port, why) in &r.failures {
        step(
            steps,
            StepKind::Error,
            format!(
                "{} {} -> {ip}#{port}: no reply ({why})",
                r.question.rtype, r.question.name
            ),
        );
    }
    if let Some((ip, port, resp)) = &r.response {
        let summary = if resp.answer.is_empty() {
            format!("{} (no answer records)", resp.rcode)
        } else {
            let a: Vec<String> = resp
                .answer
                .iter()
                .map(|r| format!("{} {}", r.rtype(), r.data))
                .collect();
            format!("{}: {}", resp.rcode, a.join(", "))
        };
        step(
            steps,
            StepKind::Query,
            format!(
                "{} {} -> {ip}#{port}: {summary}",
                r.question.rtype, r.question.name
            ),
        );
        for n in &resp.notes {
            step(steps, StepKind::Query, format!("  server: {n}"));
        }
    }
}

/// The outcome of res_search(3): the names tried and the last reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResult {
    /// Every query, in order (one per search candidate tried).
    pub tried: Vec<QueryResult>,
    /// Steps for displays.
    pub steps: Vec<Step>,
}

impl SearchResult {
    /// The reply that ended the search, if any server answered at all:
    /// the first with answer records, else the last reply.
    pub fn final_response(&self) -> Option<&(IpAddr, u16, Response)> {
        self.tried
            .iter()
            .filter_map(|t| t.response.as_ref())
            .find(|(_, _, r)| r.rcode == Rcode::NoError && !r.answer.is_empty())
            .or_else(|| self.tried.iter().rev().find_map(|t| t.response.as_ref()))
    }

    /// True when no server could be reached for any candidate.
    pub fn unreachable(&self) -> bool {
        self.tried.iter().all(|t| t.response.is_none())
    }

    /// Total simulated waiting time.
    pub fn waited_ms(&self) -> u64 {
        self.tried.iter().map(|t| t.waited_ms).sum()
    }
}

/// Whose search list, if any: the two stop differently at a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchList {
    /// The name as given.
    Off,
    /// glibc's res_search: a refusal ends the search list, but the name
    /// as given is still tried if it was not yet.
    Glibc,
    /// bind9's host, nslookup and `dig +search`: a refusal ends it all.
    Bind9,
}

impl SearchList {
    /// Whether a later `candidate` for `name` is still tried after a
    /// reply with `rcode` (the search goes on past NXDOMAIN, NODATA and
    /// SERVFAIL).
    pub fn goes_on(self, rcode: Rcode, name: &str, candidate: &str) -> bool {
        match self {
            _ if !rcode.ends_search() => true,
            SearchList::Glibc => candidate == fqdn(name),
            SearchList::Off | SearchList::Bind9 => false,
        }
    }
}

/// res_search(3): tries the search-list candidates for `name` (see
/// [`ResolvConf::candidates`]) until one has records; stops early when the
/// servers cannot be reached, and at a refusal as [`SearchList`] says.
pub fn search(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    rc: &ResolvConf,
    name: &str,
    rtype: RType,
    how: SearchList,
) -> SearchResult {
    let use_search = how != SearchList::Off;
    let mut steps = Vec::new();
    let candidates = if use_search {
        rc.candidates(name)
    } else {
        vec![fqdn(name)]
    };
    if use_search && candidates.len() > 1 {
        step(
            &mut steps,
            StepKind::Search,
            format!(
                "'{name}' has {} dot(s), ndots is {}: try {}",
                ndots(name),
                rc.ndots,
                candidates.join(", ")
            ),
        );
    }
    let mut tried = Vec::new();
    let mut queue: Vec<&String> = candidates.iter().collect();
    while !queue.is_empty() {
        let c = queue.remove(0);
        let r = query(dns, net, netns, rc, &Question::new(c, rtype));
        query_steps(&mut steps, &r);
        let rcode = r.response.as_ref().map(|(_, _, resp)| resp.rcode);
        let stop = match &r.response {
            None => true,
            Some((_, _, resp)) => resp.rcode == Rcode::NoError && !resp.answer.is_empty(),
        };
        tried.push(r);
        if stop {
            break;
        }
        if let Some(rcode) = rcode {
            queue.retain(|c| how.goes_on(rcode, name, c));
        }
    }
    SearchResult { tried, steps }
}
