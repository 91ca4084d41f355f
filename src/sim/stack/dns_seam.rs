//! The seam between the resolver and the stack: DNS queries reach servers
//! through [`DnsNet`], walking the world's datapath once, as they are sent.

pub use super::link::LinkId;
use super::link::NsId;
use super::world::World;
use crate::sim::dns::message::{DnsNet, Unreachable};
use crate::sim::dns::server::DnsState;
use core::net::{IpAddr, Ipv4Addr};

/// DNS traffic walks the datapath: a UDP query from the client's
/// namespace (routes, bridges, ARP, iptables, conntrack, NAT), the server's
/// answer back from where the query arrived. The walk leaves what it
/// leaves on Linux (ARP entries, conntrack entries, rule counters); the
/// virtual clock stays where it was: the tool accounts for the time.
impl DnsNet for World {
    fn reach(&mut self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable> {
        self.deliver(from, ip, port).map(|_| ())
    }

    fn deliver(
        &mut self,
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
        let now = self.now_us;
        let got = self.dns_walk(ns, dst, port);
        self.now_us = now;
        got.map(|(a, p)| (IpAddr::V4(a), p))
    }

    fn owns(&self, netns: Option<&str>, ip: IpAddr) -> bool {
        match (self.ns_id(netns), ip) {
            (Ok(ns), IpAddr::V4(a)) => self.is_local_addr(ns, a),
            _ => ip.is_loopback(),
        }
    }

    fn file(&self, netns: Option<&str>, path: &str) -> Option<String> {
        self.read_file(netns, path).ok()
    }
}

impl World {
    /// Runs `f` with the DNS servers apart from the network they are
    /// reached through: the servers answer from `dns` (a clone that
    /// shares them) while the queries walk the world itself.
    pub fn with_dns<R>(&mut self, f: impl FnOnce(&DnsState, &mut dyn DnsNet) -> R) -> R {
        let dns = self.dns.clone();
        f(&dns, self)
    }

    /// One DNS exchange over UDP from `ns` to `dst:port` through the
    /// datapath: where the query arrived (after DNAT), or why it failed.
    pub fn dns_walk(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        port: u16,
    ) -> Result<(Ipv4Addr, u16), Unreachable> {
        use crate::sim::stack::transport::table::{ConnectError, ConnectOpts};
        let opts = ConnectOpts {
            udp: true,
            ..Default::default()
        };
        let c = match self.connect(ns, dst, port, &opts) {
            Ok(c) => c,
            Err(ConnectError::NoRoute)
            | Err(ConnectError::BadSource)
            | Err(ConnectError::RouteRefused(_)) => {
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
        let back = crate::sim::packet::Ipv4Packet::new(
            *c.server_local.ip(),
            *c.server_peer.ip(),
            crate::sim::packet::L4::Udp {
                sport: c.server_local.port(),
                dport: c.server_peer.port(),
            },
        );
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
