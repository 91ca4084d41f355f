//! DNS servers: processes in a namespace listening on an address and port,
//! answering queries from their configuration (RFC 1034 §4.3.2 for the
//! authoritative part, RFC 1035 §4.1 for the message header and sizes).
//!
//! Three kinds: CoreDNS (plugins in CoreDNS' fixed plugin.cfg order:
//! `hosts`, `file`, `forward`), dnsmasq (local data, then upstreams), and
//! the simulated public resolver (recursive, over [`super::public::ZONE`]).
//! Reaching a server goes through [`DnsNet`], the seam to the datapath.

use super::corefile::ServerBlock;
use super::dnsmasq::DnsmasqConfig;
use super::hosts::{Family, HostsFile};
use super::name::{fqdn, in_zone};
use super::record::{name_wire_len, RData, RType, Record};
use super::zone::{Zone, ZoneAnswer};
use core::net::IpAddr;
use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

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

/// The network as DNS sees it: the seam to routes, bridges and iptables.
pub trait DnsNet {
    /// Can a process in `from` (`None`: the root namespace) send a UDP
    /// packet to `ip:port` and get the reply back?
    fn reach(&self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable>;
    /// Where a packet for `ip:port` really arrives, after NAT (kube-proxy
    /// DNATs a Service IP such as 10.96.0.10 to a CoreDNS pod). The
    /// default is no NAT: reachable means delivered unchanged.
    fn deliver(
        &self,
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
    /// A file as a server process in `netns` reads it now (CoreDNS'
    /// `hosts` plugin re-reads its file; dnsmasq keeps what it read at
    /// start). `None`: missing, or no file access in this network.
    fn server_file(&self, netns: Option<&str>, path: &str) -> Option<String> {
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
    /// What the server did, for traces (`hosts plugin`, `forward to ...`).
    pub notes: Vec<String>,
}

impl Response {
    fn new(rcode: Rcode, aa: bool, ra: bool, edns_udp: u16) -> Self {
        Response {
            rcode,
            aa,
            ra,
            answer: Vec::new(),
            authority: Vec::new(),
            edns_udp,
            elapsed_ms: 0,
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
        size + 11
    }
}

/// Wire length of `name` when earlier names can be pointed to: the labels
/// before the longest known suffix, plus a 2-byte pointer.
fn compressed_len(name: &str, seen: &[String]) -> usize {
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

/// How a server was configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerKind {
    /// CoreDNS started with `-conf FILE`.
    CoreDns {
        /// The Corefile path.
        conf: String,
        /// Its server blocks, files loaded.
        blocks: Vec<ServerBlock>,
    },
    /// dnsmasq with its flags.
    Dnsmasq {
        /// The parsed command line.
        config: DnsmasqConfig,
        /// /etc/hosts as read at start (empty with `--no-hosts`).
        hosts: HostsFile,
        /// Upstreams: `--server`s, then resolv.conf's unless `--no-resolv`.
        upstreams: Vec<(IpAddr, u16)>,
    },
    /// The simulated public recursive resolver.
    Public {
        /// Its root-like zone.
        zone: Arc<Zone>,
    },
}

/// One listening socket: an address (`None`: every address) and a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listen {
    /// The bound address, `None` for the wildcard.
    pub addr: Option<IpAddr>,
    /// The UDP/TCP port.
    pub port: u16,
}

/// A running DNS server process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsServer {
    /// Its process id.
    pub pid: u32,
    /// `coredns`, `dnsmasq` or `public-resolver`.
    pub program: String,
    /// Where it runs.
    pub host: ServerHost,
    /// Where it listens.
    pub listen: Vec<Listen>,
    /// Its configuration.
    pub kind: ServerKind,
}

/// CNAME chains longer than this are cut (BIND's limit is 16 too).
pub const MAX_CNAME_CHAIN: usize = 16;
/// Forwarding hops before a server gives up (stops forwarding loops).
const MAX_FORWARD_DEPTH: u8 = 8;

/// All DNS servers of the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsState {
    /// Running servers, the public resolvers first.
    pub servers: Vec<DnsServer>,
    /// The next process id handed out (shared with every process of the
    /// world through [`crate::sim::World::alloc_pid`]).
    pub next_pid: u32,
}

impl Default for DnsState {
    fn default() -> Self {
        DnsState::new()
    }
}

impl DnsState {
    /// The public resolvers and nothing else.
    pub fn new() -> Self {
        // Parsed once per process; every world shares it.
        static PUBLIC: std::sync::OnceLock<Arc<Zone>> = std::sync::OnceLock::new();
        let zone = PUBLIC
            .get_or_init(|| {
                Arc::new(Zone::parse(super::public::ZONE, ".").expect("the built-in zone parses"))
            })
            .clone();
        let listen = super::public::RESOLVERS
            .iter()
            .filter_map(|a| a.parse().ok())
            .map(|a| Listen {
                addr: Some(a),
                port: 53,
            })
            .collect();
        DnsState {
            servers: vec![DnsServer {
                pid: 0,
                program: "public-resolver".into(),
                host: ServerHost::Internet,
                listen,
                kind: ServerKind::Public { zone },
            }],
            next_pid: 4242,
        }
    }

    /// Starts a server; returns its pid. A server already bound to the
    /// same address and port in the same place makes this fail, the way
    /// `bind()` fails with EADDRINUSE.
    pub fn start(
        &mut self,
        program: &str,
        host: ServerHost,
        listen: Vec<Listen>,
        kind: ServerKind,
    ) -> Result<u32, String> {
        for l in &listen {
            let clash = self.servers.iter().any(|s| {
                s.host == host
                    && s.listen.iter().any(|o| {
                        o.port == l.port
                            && (o.addr == l.addr || o.addr.is_none() || l.addr.is_none())
                    })
            });
            if clash {
                let a = l.addr.map_or("".to_string(), |a| a.to_string());
                return Err(format!(
                    "listen udp {a}:{}: bind: address already in use",
                    l.port
                ));
            }
        }
        let pid = self.next_pid;
        self.next_pid += 1;
        self.servers.push(DnsServer {
            pid,
            program: program.to_string(),
            host,
            listen,
            kind,
        });
        Ok(pid)
    }

    /// Stops the server with `pid` (what `kill PID` does); false if none.
    pub fn stop(&mut self, pid: u32) -> bool {
        let before = self.servers.len();
        self.servers.retain(|s| s.pid != pid || pid == 0);
        before != self.servers.len()
    }

    /// The server that receives a packet for `ip:port` sent from `from`:
    /// one bound to that address, or a wildcard listener in a namespace
    /// that owns it (loopback only within the sender's own namespace).
    pub fn find(
        &self,
        net: &dyn DnsNet,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
    ) -> Option<&DnsServer> {
        let from_host = ServerHost::Netns(from.map(str::to_string));
        let exact = self.servers.iter().find(|s| {
            s.listen
                .iter()
                .any(|l| l.port == port && l.addr == Some(ip))
                && (!ip.is_loopback() || s.host == from_host)
        });
        exact.or_else(|| {
            self.servers.iter().find(|s| {
                s.listen.iter().any(|l| l.port == port && l.addr.is_none())
                    && match &s.host {
                        ServerHost::Netns(ns) if ip.is_loopback() => {
                            *ns == from.map(str::to_string)
                        }
                        ServerHost::Netns(ns) => net.owns(ns.as_deref(), ip),
                        ServerHost::Internet => false,
                    }
            })
        })
    }

    /// Sends one query from `from` to `ip:port` and returns the reply.
    pub fn exchange(
        &self,
        net: &dyn DnsNet,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
        q: &Question,
    ) -> Result<Response, Unreachable> {
        self.exchange_depth(net, from, ip, port, q, 0)
    }

    fn exchange_depth(
        &self,
        net: &dyn DnsNet,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
        q: &Question,
        depth: u8,
    ) -> Result<Response, Unreachable> {
        let (ip, port) = net.deliver(from, ip, port)?;
        let server = self.find(net, from, ip, port).ok_or_else(|| {
            Unreachable::refused(format!(
                "nothing listens on {ip} port {port}: ICMP port unreachable"
            ))
        })?;
        Ok(server.answer(self, net, q, port, depth))
    }
}

/// Follows CNAMEs through `lookup` (one zone or one server's local data),
/// stopping at a loop or at [`MAX_CNAME_CHAIN`]. Returns the chain and the
/// final outcome for the last name.
fn chase(
    q: &Question,
    lookup: &dyn Fn(&str, RType) -> ZoneAnswer,
    notes: &mut Vec<String>,
) -> (Vec<Record>, ZoneAnswer) {
    let mut chain = Vec::new();
    let mut seen = HashSet::new();
    let mut name = q.name.clone();
    loop {
        seen.insert(name.clone());
        match lookup(&name, q.rtype) {
            ZoneAnswer::Cname(c) => {
                let RData::CNAME(target) = &c.data else {
                    unreachable!("a Cname answer holds a CNAME")
                };
                let target = target.clone();
                notes.push(format!("CNAME {name} -> {target}"));
                chain.push(c);
                if seen.contains(&target) {
                    notes.push(format!("CNAME loop at {target}: stop following"));
                    return (chain, ZoneAnswer::NoData);
                }
                if chain.len() >= MAX_CNAME_CHAIN {
                    return (chain, ZoneAnswer::NoData);
                }
                name = target;
            }
            other => return (chain, other),
        }
    }
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

    fn netns(&self) -> Option<&str> {
        match &self.host {
            ServerHost::Netns(ns) => ns.as_deref(),
            ServerHost::Internet => None,
        }
    }

    /// Answers one question that arrived on `port`.
    pub fn answer(
        &self,
        state: &DnsState,
        net: &dyn DnsNet,
        q: &Question,
        port: u16,
        depth: u8,
    ) -> Response {
        match &self.kind {
            ServerKind::Public { zone } => public_answer(zone, q),
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
                    Some(b) => self.coredns_answer(b, state, net, q, depth),
                    None => {
                        let mut r = Response::new(Rcode::Refused, false, false, 1232);
                        r.notes
                            .push("no server block for this zone: REFUSED".into());
                        r
                    }
                }
            }
            ServerKind::Dnsmasq {
                config,
                hosts,
                upstreams,
            } => self.dnsmasq_answer(config, hosts, upstreams, state, net, q, depth),
        }
    }

    fn forward(
        &self,
        upstreams: &[(IpAddr, u16)],
        state: &DnsState,
        net: &dyn DnsNet,
        q: &Question,
        depth: u8,
        notes: &mut Vec<String>,
    ) -> Option<Response> {
        if depth >= MAX_FORWARD_DEPTH {
            notes.push("forwarding loop: giving up".into());
            return None;
        }
        for (ip, port) in upstreams {
            match state.exchange_depth(net, self.netns(), *ip, *port, q, depth + 1) {
                Ok(mut r) => {
                    notes.push(format!("forwarded to {ip}#{port}: {}", r.rcode));
                    notes.append(&mut r.notes);
                    r.elapsed_ms += 1;
                    return Some(r);
                }
                Err(why) => notes.push(format!("forward to {ip}#{port} failed: {why}")),
            }
        }
        None
    }

    fn coredns_answer(
        &self,
        b: &ServerBlock,
        state: &DnsState,
        net: &dyn DnsNet,
        q: &Question,
        depth: u8,
    ) -> Response {
        let mut notes = vec![format!(
            "server block {} (Corefile line {})",
            b.zones.join(" "),
            b.line
        )];
        if b.log {
            notes.push(format!("log: \"{} IN {} udp\"", q.rtype, q.name));
        }
        // hosts
        if let Some(h) = &b.hosts {
            if h.zones.iter().any(|z| in_zone(&q.name, z)) {
                // CoreDNS re-reads the hosts file (every 5 s by default);
                // in a notebook that is "by the next query".
                let live = net
                    .server_file(self.netns(), &h.path)
                    .map(|t| HostsFile::parse(&t));
                let current = live.as_ref().unwrap_or(&h.loaded);
                let files = [(&h.inline, "inline"), (current, h.path.as_str())];
                let (records, exists) = hosts_records(&files, q, h.ttl, &mut notes);
                if !records.is_empty() || exists {
                    let mut r = Response::new(Rcode::NoError, true, false, 1232);
                    r.answer = records;
                    notes.push("hosts plugin answered".into());
                    r.notes = notes;
                    return r;
                }
                if !h.fallthrough {
                    notes.push("hosts plugin: name not found and no fallthrough: SERVFAIL".into());
                    let mut r = Response::new(Rcode::ServFail, false, false, 1232);
                    r.notes = notes;
                    return r;
                }
                notes.push("hosts plugin: not found, fallthrough".into());
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
            notes.push(format!("file plugin: zone {}", zone.origin));
            let mut r = authoritative(zone, q, &mut notes);
            r.notes = notes;
            return r;
        }
        // forward
        if let Some(f) = &b.forward {
            if in_zone(&q.name, &f.from) {
                if let Some(mut r) = self.forward(&f.to, state, net, q, depth, &mut notes) {
                    r.aa = false;
                    r.notes = notes;
                    return r;
                }
                if b.errors {
                    notes.push(format!(
                        "[ERROR] plugin/errors: 2 {} {}: read udp: i/o timeout",
                        q.name, q.rtype
                    ));
                }
                let mut r = Response::new(Rcode::ServFail, false, false, 1232);
                r.notes = notes;
                return r;
            }
        }
        notes.push("no plugin handled the query: SERVFAIL".into());
        let mut r = Response::new(Rcode::ServFail, false, false, 1232);
        r.notes = notes;
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn dnsmasq_answer(
        &self,
        c: &DnsmasqConfig,
        hosts: &HostsFile,
        upstreams: &[(IpAddr, u16)],
        state: &DnsState,
        net: &dyn DnsNet,
        q: &Question,
        depth: u8,
    ) -> Response {
        let mut notes = Vec::new();
        if c.log_queries {
            notes.push(format!(
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
        let (chain, outcome) = chase(q, &local, &mut notes);
        match outcome {
            ZoneAnswer::Found(mut recs) => {
                let mut r = Response::new(Rcode::NoError, true, true, 1232);
                r.answer = chain;
                r.answer.append(&mut recs);
                notes.push("answered from local data".into());
                r.notes = notes;
                return r;
            }
            _ if !chain.is_empty() => {
                // dnsmasq only follows CNAMEs into its own local data.
                let mut r = Response::new(Rcode::NoError, true, true, 1232);
                r.answer = chain;
                r.notes = notes;
                return r;
            }
            ZoneAnswer::NoData => {
                let mut r = Response::new(Rcode::NoError, false, true, 1232);
                notes.push("name known locally, no record of this type".into());
                r.notes = notes;
                return r;
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
                    notes.push(format!(
                        "--address=/{}/ answers NXDOMAIN",
                        d.trim_end_matches('.')
                    ));
                    let mut r = Response::new(Rcode::NxDomain, false, true, 1232);
                    r.notes = notes;
                    return r;
                }
                Some(ip) => {
                    let data = match (ip, q.rtype) {
                        (IpAddr::V4(a), RType::A | RType::ANY) => Some(RData::A(a)),
                        (IpAddr::V6(a), RType::AAAA | RType::ANY) => Some(RData::AAAA(a)),
                        _ => None,
                    };
                    if let Some(data) = data {
                        notes.push(format!("--address=/{}/{ip}", d.trim_end_matches('.')));
                        let mut r = Response::new(Rcode::NoError, true, true, 1232);
                        r.answer.push(Record::new(&q.name, 0, data));
                        r.notes = notes;
                        return r;
                    }
                }
            }
        }
        if let Some(d) = c.local.iter().find(|d| in_zone(&q.name, d)) {
            notes.push(format!(
                "--local=/{}/: not in local data: NXDOMAIN",
                d.trim_end_matches('.')
            ));
            let mut r = Response::new(Rcode::NxDomain, false, true, 1232);
            r.notes = notes;
            return r;
        }
        if upstreams.is_empty() {
            notes.push("no upstream servers configured: REFUSED".into());
            let mut r = Response::new(Rcode::Refused, false, true, 1232);
            r.notes = notes;
            return r;
        }
        if let Some(mut r) = self.forward(upstreams, state, net, q, depth, &mut notes) {
            r.aa = false;
            r.edns_udp = 1232;
            r.notes = notes;
            return r;
        }
        let mut r = Response::new(Rcode::ServFail, false, true, 1232);
        r.notes = notes;
        r
    }
}

/// A/AAAA/PTR answers from hosts files, and whether the name is there at all.
fn hosts_records(
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
fn closest_soa(zone: &Zone, name: &str) -> Option<Record> {
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
fn authoritative(zone: &Zone, q: &Question, notes: &mut Vec<String>) -> Response {
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
fn public_answer(zone: &Zone, q: &Question) -> Response {
    let mut notes = vec!["recursive lookup on the simulated Internet".to_string()];
    let (chain, outcome) = chase(q, &|n, t| zone.lookup(n, t), &mut notes);
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
    r.notes = notes;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Open;
    impl DnsNet for Open {
        fn reach(&self, _: Option<&str>, _: IpAddr, _: u16) -> Result<(), Unreachable> {
            Ok(())
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn public_resolver_answers_and_follows_cnames() {
        let s = DnsState::new();
        let r = s
            .exchange(
                &Open,
                None,
                ip("8.8.8.8"),
                53,
                &Question::new("www.naver.com", RType::A),
            )
            .unwrap();
        assert_eq!(r.rcode, Rcode::NoError);
        assert_eq!(r.answer.len(), 2);
        assert_eq!(r.answer[1].data.to_string(), "223.130.200.219");
        assert!(r.ra && !r.aa);
        let nx = s
            .exchange(
                &Open,
                None,
                ip("1.1.1.1"),
                53,
                &Question::new("nope.example.com", RType::A),
            )
            .unwrap();
        assert_eq!(nx.rcode, Rcode::NxDomain);
        assert_eq!(nx.authority[0].name, "example.com.");
        let tld = s
            .exchange(
                &Open,
                None,
                ip("1.1.1.1"),
                53,
                &Question::new("x.invalid", RType::A),
            )
            .unwrap();
        assert_eq!(tld.authority[0].name, ".");
    }

    #[test]
    fn message_sizes_match_real_dig() {
        // Sizes taken from the fixtures captured against dnsmasq.
        let q = Question::new("example.com", RType::A);
        let mut r = Response::new(Rcode::NoError, true, true, 1232);
        r.answer.push(Record::new(
            "example.com",
            0,
            RData::A("93.184.216.34".parse().unwrap()),
        ));
        assert_eq!(r.msg_size(&q), 56);
        let q = Question::new("www.example.com", RType::A);
        let mut r = Response::new(Rcode::NoError, true, true, 1232);
        r.answer.push(Record::new(
            "www.example.com",
            0,
            RData::CNAME("example.com.".into()),
        ));
        assert_eq!(r.msg_size(&q), 69);
        let q = Question::new("_http._tcp.nope.test", RType::SRV);
        assert_eq!(
            Response::new(Rcode::NxDomain, false, true, 1232).msg_size(&q),
            49
        );
    }

    /// kube-proxy's DNAT: the Service IP 10.96.0.10 leads to a pod.
    struct ServiceNat;
    impl DnsNet for ServiceNat {
        fn reach(&self, _: Option<&str>, _: IpAddr, _: u16) -> Result<(), Unreachable> {
            Ok(())
        }
        fn deliver(
            &self,
            _: Option<&str>,
            ip: IpAddr,
            port: u16,
        ) -> Result<(IpAddr, u16), Unreachable> {
            if ip == "10.96.0.10".parse::<IpAddr>().unwrap() {
                return Ok(("10.244.0.5".parse().unwrap(), 53));
            }
            Ok((ip, port))
        }
    }

    #[test]
    fn service_ip_reaches_the_pod_through_nat() {
        let mut s = DnsState::new();
        let config =
            DnsmasqConfig::parse(&["--address=/cluster.local/10.96.0.1".to_string()]).unwrap();
        let kind = ServerKind::Dnsmasq {
            config,
            hosts: HostsFile::default(),
            upstreams: vec![],
        };
        let l = vec![Listen {
            addr: Some(ip("10.244.0.5")),
            port: 53,
        }];
        s.start(
            "dnsmasq",
            ServerHost::Netns(Some("coredns-pod".into())),
            l,
            kind,
        )
        .unwrap();
        let q = Question::new("kubernetes.default.svc.cluster.local", RType::A);
        let r = s
            .exchange(&ServiceNat, Some("pod"), ip("10.96.0.10"), 53, &q)
            .unwrap();
        assert_eq!(r.answer[0].data.to_string(), "10.96.0.1");
        // Without the NAT nothing listens on the Service IP.
        let e = s
            .exchange(&Open, Some("pod"), ip("10.96.0.10"), 53, &q)
            .unwrap_err();
        assert_eq!(e.kind, Failure::Refused);
    }

    #[test]
    fn loopback_is_per_namespace_and_ports_clash() {
        let mut s = DnsState::new();
        let kind = ServerKind::Dnsmasq {
            config: DnsmasqConfig::default(),
            hosts: HostsFile::default(),
            upstreams: vec![],
        };
        let l = vec![Listen {
            addr: None,
            port: 53,
        }];
        s.start(
            "dnsmasq",
            ServerHost::Netns(Some("a".into())),
            l.clone(),
            kind.clone(),
        )
        .unwrap();
        assert!(s.find(&Open, Some("a"), ip("127.0.0.1"), 53).is_some());
        assert!(s.find(&Open, Some("b"), ip("127.0.0.1"), 53).is_none());
        assert!(s
            .start("dnsmasq", ServerHost::Netns(Some("a".into())), l, kind)
            .is_err());
    }
}
