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
use super::hosts::HostsFile;
use super::message::{DnsNet, Question, Response, ServerHost, Unreachable};
use super::record::{RData, RType, Record};
use super::zone::{Zone, ZoneAnswer};
use core::net::IpAddr;
use std::collections::HashSet;
use std::sync::Arc;

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

/// CNAME chains longer than this are cut (BIND's limit is 16 too).
pub const MAX_CNAME_CHAIN: usize = 16;

/// Forwarding hops before a server gives up (stops forwarding loops).
pub(crate) const MAX_FORWARD_DEPTH: u8 = 8;

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

/// All DNS servers of the world. Cloning it shares the servers (their
/// zones can be large): a resolver answers from a clone while the world it
/// came from carries the queries (see [`crate::sim::World::with_dns`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsState {
    /// Running servers, the public resolvers first (copy-on-write).
    pub servers: Arc<Vec<DnsServer>>,
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
            servers: Arc::new(vec![DnsServer {
                pid: 0,
                program: "public-resolver".into(),
                host: ServerHost::Internet,
                listen,
                kind: ServerKind::Public { zone },
            }]),
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
        Arc::make_mut(&mut self.servers).push(DnsServer {
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
        // The public resolvers (pid 0) cannot be stopped.
        if pid == 0 || !self.servers.iter().any(|s| s.pid == pid) {
            return false;
        }
        Arc::make_mut(&mut self.servers).retain(|s| s.pid != pid);
        true
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
        net: &mut dyn DnsNet,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
        q: &Question,
    ) -> Result<Response, Unreachable> {
        self.exchange_depth(net, from, ip, port, q, 0)
    }

    pub(crate) fn exchange_depth(
        &self,
        net: &mut dyn DnsNet,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
        q: &Question,
        depth: u8,
    ) -> Result<Response, Unreachable> {
        let (ip, port) = net.deliver(from, ip, port)?;
        let server = self.find(&*net, from, ip, port).ok_or_else(|| {
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
pub(crate) fn chase(
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sim::dns::message::*;

    struct Open;
    impl DnsNet for Open {
        fn reach(&mut self, _: Option<&str>, _: IpAddr, _: u16) -> Result<(), Unreachable> {
            Ok(())
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn public_resolver_answers_and_follows_cnames() {
        let s = DnsState::new();
        let ask = |server: &str, name: &str| {
            let q = Question::new(name, RType::A);
            s.exchange(&mut Open, None, ip(server), 53, &q).unwrap()
        };
        let r = ask("8.8.8.8", "www.naver.com");
        assert_eq!(r.rcode, Rcode::NoError);
        assert_eq!(r.answer.len(), 2);
        assert_eq!(r.answer[1].data.to_string(), "223.130.200.219");
        assert!(r.ra && !r.aa);
        let nx = ask("1.1.1.1", "nope.example.com");
        assert_eq!(nx.rcode, Rcode::NxDomain);
        assert_eq!(nx.authority[0].name, "example.com.");
        let tld = ask("1.1.1.1", "x.invalid");
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
        fn reach(&mut self, _: Option<&str>, _: IpAddr, _: u16) -> Result<(), Unreachable> {
            Ok(())
        }
        fn deliver(
            &mut self,
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
            .exchange(&mut ServiceNat, Some("pod"), ip("10.96.0.10"), 53, &q)
            .unwrap();
        assert_eq!(r.answer[0].data.to_string(), "10.96.0.1");
        // Without the NAT nothing listens on the Service IP.
        let e = s
            .exchange(&mut Open, Some("pod"), ip("10.96.0.10"), 53, &q)
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
