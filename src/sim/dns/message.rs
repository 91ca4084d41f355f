//! A DNS exchange as the resolver and servers see it: questions, responses
//! with their rcodes and wire sizes (RFC 1035), and the seam through which
//! a query reaches a server across the stack ([`DnsNet`]).

use super::name::fqdn;
use super::record::{name_wire_len, RType, Record};
use core::net::IpAddr;
use std::fmt;

/// How a query failed to get a reply; each reads differently in the tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The packet vanished (DROP, lost): the client waits for its timeout.
    TimedOut,
    /// An ICMP port-unreachable came back at once (nothing listening, or a
    /// REJECT rule): "connection refused".
    Refused,
    /// The sender has no route to the server: sendto() fails at once with
    /// ENETUNREACH: "network unreachable".
    NoRoute,
}

/// Why a query got no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    /// The explanation for traces (`dropped by iptables INPUT rule 2`).
    pub reason: String,
    /// How it failed.
    pub kind: Failure,
}

impl Unreachable {
    /// The packet vanished: the client waits for its timeout.
    pub fn dropped(reason: impl Into<String>) -> Self {
        Unreachable {
            reason: reason.into(),
            kind: Failure::TimedOut,
        }
    }

    /// An ICMP port-unreachable came back at once.
    pub fn refused(reason: impl Into<String>) -> Self {
        Unreachable {
            reason: reason.into(),
            kind: Failure::Refused,
        }
    }

    /// No route from the sender to the server.
    pub fn no_route(reason: impl Into<String>) -> Self {
        Unreachable {
            reason: reason.into(),
            kind: Failure::NoRoute,
        }
    }

    /// True when the client waits its full timeout for nothing.
    pub fn waits(&self) -> bool {
        self.kind == Failure::TimedOut
    }

    /// The lines dig/host/nslookup (bind9 9.18) print for this failure.
    ///
    /// ```
    /// use netbook::sim::dns::Unreachable;
    /// let ip = "10.0.0.99".parse().unwrap();
    /// assert_eq!(Unreachable::dropped("x").tool_lines(ip, 53, "example.com."),
    ///            ";; communications error to 10.0.0.99#53: timed out\n");
    /// ```
    pub fn tool_lines(&self, ip: IpAddr, port: u16, qname: &str) -> String {
        match self.kind {
            Failure::TimedOut => format!(";; communications error to {ip}#{port}: timed out\n"),
            Failure::Refused => {
                format!(";; communications error to {ip}#{port}: connection refused\n")
            }
            Failure::NoRoute => {
                let name = qname
                    .strip_suffix('.')
                    .filter(|n| !n.is_empty())
                    .unwrap_or(".");
                format!(
                    ";; UDP setup with {ip}#{port}({ip}) for {name} failed: network unreachable.\n;; no servers could be reached\n"
                )
            }
        }
    }
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// The network as DNS sees it: the seam to routes, bridges and iptables,
/// and to the files a process reads. Sending a query changes the network
/// (conntrack entries, rule counters, ARP), so the walking methods take
/// `&mut self`.
pub trait DnsNet {
    /// Can a process in `from` (`None`: the root namespace) send a UDP
    /// packet to `ip:port` and get the reply back?
    fn reach(&mut self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable>;
    /// Where a packet for `ip:port` really arrives, after NAT (kube-proxy
    /// DNATs a Service IP such as 10.96.0.10 to a CoreDNS pod). The
    /// default is no NAT: reachable means delivered unchanged.
    fn deliver(
        &mut self,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
    ) -> Result<(IpAddr, u16), Unreachable> {
        self.reach(from, ip, port).map(|()| (ip, port))
    }
    /// Does namespace `netns` own `ip`, so a server listening on every
    /// address there receives packets sent to it?
    fn owns(&self, netns: Option<&str>, ip: IpAddr) -> bool {
        let _ = netns;
        ip.is_loopback()
    }
    /// A file as a process in `netns` reads it now: the resolver's
    /// `/etc/nsswitch.conf`, `/etc/hosts` and `/etc/resolv.conf`, or a
    /// server's (CoreDNS' `hosts` plugin re-reads its file; dnsmasq keeps
    /// what it read at start). `None`: missing, or no file access here.
    fn file(&self, netns: Option<&str>, path: &str) -> Option<String> {
        let _ = (netns, path);
        None
    }
}

/// Where a server process runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ServerHost {
    /// In a network namespace on this machine (`None`: the root one).
    Netns(Option<String>),
    /// Somewhere on the Internet (the simulated public resolvers).
    Internet,
}

/// A response code (RFC 1035 §4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rcode {
    /// No error.
    NoError,
    /// The server could not parse the query.
    FormErr,
    /// The server failed.
    ServFail,
    /// The name does not exist.
    NxDomain,
    /// Not implemented.
    NotImp,
    /// The server refuses to answer.
    Refused,
}

impl Rcode {
    /// True when res_search(3) stops at this reply rather than trying the
    /// next search-list name: glibc maps FORMERR, NOTIMP and REFUSED to
    /// NO_RECOVERY, which ends the search (resolv/res_query.c), and
    /// bind9's host, nslookup and dig stop there too.
    pub fn ends_search(self) -> bool {
        matches!(self, Rcode::FormErr | Rcode::NotImp | Rcode::Refused)
    }

    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Rcode::NoError => 0,
            Rcode::FormErr => 1,
            Rcode::ServFail => 2,
            Rcode::NxDomain => 3,
            Rcode::NotImp => 4,
            Rcode::Refused => 5,
        }
    }
}

impl fmt::Display for Rcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rcode::NoError => "NOERROR",
            Rcode::FormErr => "FORMERR",
            Rcode::ServFail => "SERVFAIL",
            Rcode::NxDomain => "NXDOMAIN",
            Rcode::NotImp => "NOTIMP",
            Rcode::Refused => "REFUSED",
        })
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    /// Absolute, lower-case name.
    pub name: String,
    /// The type asked for.
    pub rtype: RType,
}

impl Question {
    /// A question; the name is normalised.
    pub fn new(name: &str, rtype: RType) -> Self {
        Question {
            name: fqdn(name),
            rtype,
        }
    }
}

/// A server's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The response code.
    pub rcode: Rcode,
    /// Authoritative answer.
    pub aa: bool,
    /// Recursion available.
    pub ra: bool,
    /// The answer section (CNAMEs first, in chain order).
    pub answer: Vec<Record>,
    /// The authority section (the SOA of negative answers).
    pub authority: Vec<Record>,
    /// The server's EDNS UDP payload size.
    pub edns_udp: u16,
    /// Simulated time the server took, in milliseconds.
    pub elapsed_ms: u32,
    /// An Extended DNS Error (RFC 8914) in the OPT record: its info code
    /// and the name dig prints for it.
    pub ede: Option<(u16, &'static str)>,
    /// What the server did, for traces (`hosts plugin`, `forward to ...`).
    pub notes: Vec<String>,
}

impl Response {
    pub(crate) fn new(rcode: Rcode, aa: bool, ra: bool, edns_udp: u16) -> Self {
        Response {
            rcode,
            aa,
            ra,
            answer: Vec::new(),
            authority: Vec::new(),
            edns_udp,
            elapsed_ms: 0,
            ede: None,
            notes: Vec::new(),
        }
    }

    /// The size of the reply on the wire, as dig's `MSG SIZE rcvd` shows it:
    /// header, question, records with owner names compressed (RDATA names
    /// are sent in full, as dnsmasq does), and the EDNS OPT record.
    pub fn msg_size(&self, q: &Question) -> usize {
        let mut seen: Vec<String> = vec![q.name.clone()];
        let mut size = 12 + name_wire_len(&q.name) + 4;
        for r in self.answer.iter().chain(&self.authority) {
            size += compressed_len(&r.name, &seen) + 10 + r.data.wire_len();
            seen.push(r.name.clone());
        }
        // The OPT record, plus an EDE option (code, length, info code).
        size + 11 + if self.ede.is_some() { 6 } else { 0 }
    }
}

/// Wire length of `name` when earlier names can be pointed to: the labels
/// before the longest known suffix, plus a 2-byte pointer.
pub(crate) fn compressed_len(name: &str, seen: &[String]) -> usize {
    let mut rest = name;
    let mut prefix = 0;
    loop {
        if rest == "." || rest.is_empty() {
            return prefix + 1;
        }
        if seen
            .iter()
            .any(|s| s == rest || s.ends_with(&format!(".{rest}")))
        {
            return prefix + 2;
        }
        match rest.split_once('.') {
            Some((label, tail)) => {
                prefix += label.len() + 1;
                rest = if tail.is_empty() { "." } else { tail };
            }
            None => return prefix + 1,
        }
    }
}
