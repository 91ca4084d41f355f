//! The seam between the resolver and the stack: DNS queries reach servers
//! through [`DnsNet`], walked on a copy of the world and replayed.

use super::fs::Fs;
pub use super::link::LinkId;
use super::link::NsId;
use super::world::World;
use crate::sim::dns::message::{DnsNet, Unreachable};
use crate::sim::dns::server::DnsState;
use core::net::{IpAddr, Ipv4Addr};

/// DNS traffic walks the datapath: a UDP query from the client's
/// namespace (routes, bridges, ARP, iptables, conntrack, NAT), the server's
/// answer back from where the query arrived. The walk runs on a copy of
/// the world (the seam is read-only), so a query leaves no ARP entries or
/// counters behind.
impl DnsNet for World {
    fn reach(&self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable> {
        self.deliver(from, ip, port).map(|_| ())
    }

    fn deliver(
        &self,
        from: Option<&str>,
        ip: IpAddr,
        port: u16,
    ) -> Result<(IpAddr, u16), Unreachable> {
        let IpAddr::V4(dst) = ip else {
            return Err(Unreachable::no_route("IPv6 is not simulated"));
        };
        let Ok(ns) = self.ns_id(from) else {
            return Err(Unreachable::no_route("no such namespace"));
        };
        let mut w = self.walk_copy();
        self.dns_walks.borrow_mut().push((ns, dst, port));
        w.dns_walk(ns, dst, port).map(|(a, p)| (IpAddr::V4(a), p))
    }

    fn owns(&self, netns: Option<&str>, ip: IpAddr) -> bool {
        match (self.ns_id(netns), ip) {
            (Ok(ns), IpAddr::V4(a)) => self.is_local_addr(ns, a),
            _ => ip.is_loopback(),
        }
    }

    fn server_file(&self, netns: Option<&str>, path: &str) -> Option<String> {
        self.read_file(netns, path).ok()
    }
}

impl World {
    /// A copy for a packet walk: everything the datapath reads or changes,
    /// without the file tree and the DNS servers' zones (a walk only needs
    /// where servers listen), so a query through the seam stays cheap.
    pub(crate) fn walk_copy(&self) -> World {
        use crate::sim::dns::server::DnsServer;
        use crate::sim::dns::server::ServerKind;
        let placeholder = self.dns.servers.iter().find_map(|s| match &s.kind {
            ServerKind::Public { zone } => Some(zone.clone()),
            _ => None,
        });
        let dns = match placeholder {
            Some(zone) => DnsState {
                servers: self
                    .dns
                    .servers
                    .iter()
                    .map(|s| DnsServer {
                        pid: s.pid,
                        program: s.program.clone(),
                        host: s.host.clone(),
                        listen: s.listen.clone(),
                        kind: ServerKind::Public { zone: zone.clone() },
                    })
                    .collect(),
                next_pid: self.dns.next_pid,
            },
            None => self.dns.clone(),
        };
        World {
            fs: Fs::default(),
            now_us: self.now_us,
            netfilter: self.netfilter.clone(),
            dns,
            limits: self.limits,
            routes_bound: self.routes_bound,
            transport: self.transport.clone(),
            // DNS walks never go through SSH tunnels.
            ssh: Default::default(),
            br_netfilter: self.br_netfilter,
            nf_trace_misses: self.nf_trace_misses,
            dns_walks: Default::default(),
            storm: None,
            namespaces: self.namespaces.clone(),
            ns_names: self.ns_names.clone(),
            links: self.links.clone(),
            names: self.names.clone(),
        }
    }

    /// Walks again, on the world itself, the DNS exchanges a resolver did
    /// through [`DnsNet`] (which only sees a copy), so `conntrack -L` and
    /// `iptables -L -v` show them. The virtual clock is left as it was:
    /// the tool already accounted for the time.
    pub fn replay_dns_walks(&mut self) {
        let walks = std::mem::take(&mut *self.dns_walks.borrow_mut());
        let now = self.now_us;
        for (ns, dst, port) in walks {
            if self.ns_alive(ns) {
                let _ = self.dns_walk(ns, dst, port);
            }
        }
        self.now_us = now;
    }

    /// One DNS exchange over UDP from `ns` to `dst:port` through the
    /// datapath: where the query arrived (after DNAT), or why it failed.
    pub fn dns_walk(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        port: u16,
    ) -> Result<(Ipv4Addr, u16), Unreachable> {
        use crate::sim::transport::table::{ConnectError, ConnectOpts};
        let opts = ConnectOpts {
            udp: true,
            ..Default::default()
        };
        let c = match self.connect(ns, dst, port, &opts) {
            Ok(c) => c,
            Err(ConnectError::NoRoute) | Err(ConnectError::BadSource) => {
                return Err(Unreachable::no_route(format!("no route to {dst}")))
            }
            Err(ConnectError::Refused { from, .. }) => {
                return Err(Unreachable::refused(format!(
                    "ICMP port unreachable from {from}: nothing listens on {dst} port {port}"
                )))
            }
            Err(ConnectError::Unreachable { from, kind, .. }) => {
                return Err(Unreachable::dropped(format!(
                    "ICMP {} from {from}",
                    kind.ping_text()
                )))
            }
            Err(ConnectError::TimedOut { trace }) => {
                let why = trace
                    .drop_reason()
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "the query got no answer".into());
                return Err(Unreachable::dropped(why));
            }
        };
        if c.server_pid == u32::MAX {
            // Answered by the Internet (a public resolver).
            return Ok((*c.server_local.ip(), c.server_local.port()));
        }
        // The answer goes back from where the query arrived.
        let back = crate::sim::packet::Ipv4Packet {
            src: *c.server_local.ip(),
            dst: *c.server_peer.ip(),
            ttl: 64,
            len: None,
            l4: crate::sim::packet::L4::Udp {
                sport: c.server_local.port(),
                dport: c.server_peer.port(),
            },
            ct: None,
        };
        let me = (ns, c.local);
        self.transport.udp_clients.push(me);
        let d = self.send(c.server_ns, back, None);
        self.transport.udp_clients.retain(|x| *x != me);
        let answers = d.inbox.iter().filter_map(|(n, p)| match p.l4 {
            crate::sim::packet::L4::Udp { sport, dport } if *n == ns && dport == c.local.port() => {
                Some((p.src, sport))
            }
            _ => None,
        });
        // The resolver's socket is connected to the server it asked: an
        // answer from any other address (a DNATed query whose answer
        // skipped conntrack) never reaches it.
        let (mut got, mut stray) = (false, None);
        for from in answers {
            if from == (dst, port) {
                got = true;
            } else {
                stray = Some(from);
            }
        }
        if got {
            Ok((*c.server_local.ip(), c.server_local.port()))
        } else if let Some((ip, p)) = stray {
            Err(Unreachable::dropped(format!(
                "the answer came from {ip}#{p}, not from {dst}#{port}: the resolver's socket does not take it (its address was never translated back)"
            )))
        } else {
            let why = d
                .trace
                .drop_reason()
                .map(|r| format!("the answer was lost: {r}"))
                .unwrap_or_else(|| "the answer was lost".into());
            Err(Unreachable::dropped(why))
        }
    }
}
