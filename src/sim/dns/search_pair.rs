//! getaddrinfo(3)'s DNS search for AF_UNSPEC, as glibc does it
//! (`_nss_dns_gethostbyname4_r` -> `__res_context_search` with
//! `T_QUERY_A_AND_AAAA`, resolv/res_query.c): each search-list candidate
//! is asked for A and AAAA together, and the search stops at the first
//! candidate for which either answer has records. So `web` with
//! `search default.svc.cluster.local ...` and `ndots:5` costs two queries
//! when `web.default.svc.cluster.local.` has an A record and no AAAA, and
//! an external `api.example.com` costs eight (three search names that do
//! not exist, then the name itself, each asked twice). Captured from glibc
//! 2.36 with a logging server: `tests/fixtures/dns/glibc-search-pairs.txt`.

use super::message::{DnsNet, Question, Rcode};
use super::name::ndots;
use super::record::RType;
use super::resolv_conf::ResolvConf;
use super::search::{query, query_steps, SearchList, SearchResult, Step, StepKind};
use super::server::DnsState;

/// One search for A and AAAA together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedSearch {
    /// The search-list expansion and every query, in the order sent.
    pub steps: Vec<Step>,
    /// The A side: the candidates asked and their replies.
    pub a: SearchResult,
    /// The AAAA side.
    pub aaaa: SearchResult,
    /// Every question sent, in order, one per datagram (retries included).
    pub sent: Vec<Question>,
}

impl PairedSearch {
    /// Both sides, with their types.
    pub fn sides(&self) -> [(RType, &SearchResult); 2] {
        [(RType::A, &self.a), (RType::AAAA, &self.aaaa)]
    }
}

/// Searches `name` for A and AAAA at once (see the module docs).
pub fn search_a_and_aaaa(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    rc: &ResolvConf,
    name: &str,
) -> PairedSearch {
    let mut steps = Vec::new();
    let candidates = rc.candidates(name);
    if candidates.len() > 1 {
        steps.push(Step {
            kind: StepKind::Search,
            text: format!(
                "'{name}' has {} dot(s), ndots is {}: try {}",
                ndots(name),
                rc.ndots,
                candidates.join(", ")
            ),
        });
    }
    let mut a = SearchResult {
        tried: Vec::new(),
        steps: Vec::new(),
    };
    let mut aaaa = a.clone();
    let mut sent = Vec::new();
    let mut queue: Vec<String> = candidates;
    while !queue.is_empty() {
        let c = queue.remove(0);
        let mut answered = false;
        let mut reached = false;
        // glibc weighs the A reply's rcode, or AAAA's when A's is NOERROR.
        let mut rcode = None;
        for (rtype, side) in [(RType::A, &mut a), (RType::AAAA, &mut aaaa)] {
            let r = query(dns, net, netns, rc, &Question::new(&c, rtype));
            let tries = r.failures.len() + usize::from(r.response.is_some());
            sent.extend(std::iter::repeat_n(r.question.clone(), tries));
            let mut mine = Vec::new();
            query_steps(&mut mine, &r);
            steps.extend(mine.iter().cloned());
            side.steps.extend(mine);
            if let Some((_, _, resp)) = &r.response {
                reached = true;
                answered |= resp.rcode == Rcode::NoError && !resp.answer.is_empty();
                if rcode.is_none_or(|r| r == Rcode::NoError) {
                    rcode = Some(resp.rcode);
                }
            }
            side.tried.push(r);
        }
        if answered || !reached {
            break;
        }
        if let Some(rcode) = rcode {
            queue.retain(|c| SearchList::Glibc.goes_on(rcode, name, c));
        }
    }
    PairedSearch {
        steps,
        a,
        aaaa,
        sent,
    }
}
