//! `connect()`: the TCP three-way handshake (or a UDP first datagram) walked
//! through the stack, ephemeral ports, and ICMP idents.

use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::stack::link::NsId;
use crate::sim::stack::probe::{ProbeOpts, SendError};
use crate::sim::stack::transport::table::{
    Conn, ConnectError, ConnectOpts, Established, SockProto, EPHEMERAL_BASE,
};
use crate::sim::stack::world::World;
use core::net::{Ipv4Addr, SocketAddrV4};

impl World {
    /// The identifier of a new ping socket: the kernel binds each one to a
    /// fresh ident, so every `ping` run is a new conntrack connection (an
    /// entry left by an earlier run, NATed or not, is not reused). Counts
    /// 1, 2, 3... so outputs repeat run after run.
    pub fn icmp_ident(&mut self) -> u16 {
        self.transport.icmp_ids = self.transport.icmp_ids % u16::MAX + 1;
        self.transport.icmp_ids
    }

    pub(crate) fn ephemeral_port(&mut self) -> u16 {
        let p = EPHEMERAL_BASE + self.transport.next_port;
        self.transport.next_port = (self.transport.next_port + 1) % 10_000;
        p
    }

    pub(crate) fn owner_pid(
        &self,
        ns: NsId,
        proto: SockProto,
        ip: Ipv4Addr,
        port: u16,
    ) -> Option<u32> {
        self.listener_for(ns, proto, ip, port)
            .map(|l| l.pid)
            .or_else(|| {
                use crate::sim::dns::message::ServerHost;
                let name = self.ns(ns).name.clone();
                self.dns
                    .servers
                    .iter()
                    .find(|s| {
                        s.host == ServerHost::Netns(name.clone())
                            && s.listen.iter().any(|l| {
                                l.port == port
                                    && (l.addr.is_none()
                                        || l.addr == Some(core::net::IpAddr::V4(ip)))
                            })
                    })
                    .map(|s| s.pid)
            })
    }

    /// `connect()` from `ns` to `dst:port`: the TCP handshake (or, with
    /// `opts.udp`, one datagram) through the datapath, both ways, with
    /// netfilter and conntrack in every namespace crossed.
    pub fn connect(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        port: u16,
        opts: &ConnectOpts,
    ) -> Result<Conn, ConnectError> {
        let popts = ProbeOpts {
            dev: opts.dev,
            src: opts.src,
            ttl: 64,
            len: None,
        };
        let src = self.probe_source(ns, dst, &popts).map_err(|e| match e {
            SendError::NetworkUnreachable => ConnectError::NoRoute,
            SendError::BadSource => ConnectError::BadSource,
            SendError::Blackhole => ConnectError::RouteRefused("Invalid argument"),
            SendError::HostUnreachable => ConnectError::RouteRefused("No route to host"),
            SendError::Prohibited => ConnectError::RouteRefused("Permission denied"),
        })?;
        let sport = match opts.sport {
            Some(p) => p,
            None => self.ephemeral_port(),
        };
        let proto = if opts.udp {
            SockProto::Udp
        } else {
            SockProto::Tcp
        };
        let l4 = if opts.udp {
            L4::Udp { sport, dport: port }
        } else {
            L4::Tcp {
                sport,
                dport: port,
                kind: TcpKind::Syn,
            }
        };
        let first = Ipv4Packet::new(src, dst, l4.clone());
        // A UDP client's socket receives the answer (no port unreachable).
        let me = (ns, SocketAddrV4::new(src, sport));
        if opts.udp {
            self.transport.udp_clients.push(me);
        }
        let d = self.send(ns, first, opts.dev);
        self.transport.udp_clients.retain(|x| *x != me);
        let mut trace = d.trace;
        // Where the first packet was delivered (after NAT on the way).
        let arrived = d.inbox.iter().find_map(|(n, p)| match (&p.l4, &l4) {
            (
                L4::Tcp {
                    kind: TcpKind::Syn, ..
                },
                L4::Tcp { .. },
            )
            | (L4::Udp { .. }, L4::Udp { .. })
                if !(n == &ns && p.src == dst && ports(&p.l4) == (port, sport)) =>
            {
                let (s, dp) = ports(&p.l4);
                Some((
                    *n,
                    SocketAddrV4::new(p.dst, dp),
                    SocketAddrV4::new(p.src, s),
                ))
            }
            _ => None,
        });
        // What came back to the client.
        let back = d.inbox.iter().find_map(|(n, p)| {
            if *n != ns {
                return None;
            }
            match &p.l4 {
                // Only the address it connected to: anything else is a
                // stray reply no socket owns (see stack/stray_reply.rs).
                L4::Tcp {
                    sport: from_port,
                    dport,
                    kind,
                } if *dport == sport && p.dst == src && (p.src, *from_port) == (dst, port) => {
                    Some(Ok((*kind, p.src)))
                }
                L4::Error { kind, orig, .. } if **orig == l4 => Some(Err((*kind, p.src))),
                _ => None,
            }
        });
        match back {
            Some(Ok((TcpKind::SynAck, _))) => {}
            Some(Ok((_, from))) => return Err(ConnectError::Refused { from, trace }),
            Some(Err((IcmpError::PortUnreachable, from))) => {
                return Err(ConnectError::Refused { from, trace })
            }
            Some(Err((kind, from))) => return Err(ConnectError::Unreachable { from, kind, trace }),
            None if opts.udp => {}
            None => {
                self.note_stray_reply(&mut trace, &d.inbox, ns, (src, sport), (dst, port));
                return Err(ConnectError::TimedOut { trace });
            }
        }
        let internet_answer = d.inbox.iter().any(|(n, p)| {
            *n == ns && p.src == dst && matches!(p.l4, L4::Udp { dport, .. } if dport == sport)
        }) || matches!(back, Some(Ok((TcpKind::SynAck, _))));
        let (server_ns, server_local, server_peer, internet) = match arrived {
            Some((n, l, p)) => (n, l, p, false),
            // Answered from beyond the uplink (the simulated Internet).
            None if internet_answer => (
                NsId::ROOT,
                SocketAddrV4::new(dst, port),
                SocketAddrV4::new(src, sport),
                true,
            ),
            // UDP: nothing answered and nothing refused; the datagram is lost.
            None => return Err(ConnectError::TimedOut { trace }),
        };
        let rtt_us = d.rtt_us;
        if !opts.udp {
            // The third segment of the handshake makes conntrack ESTABLISHED.
            let ack = Ipv4Packet::new(
                src,
                dst,
                L4::Tcp {
                    sport,
                    dport: port,
                    kind: TcpKind::Ack,
                },
            );
            let d2 = self.send(ns, ack, opts.dev);
            trace.steps.extend(d2.trace.steps);
            trace.netfilter.extend(d2.trace.netfilter);
        }
        let server_pid = if internet {
            u32::MAX
        } else {
            self.owner_pid(server_ns, proto, *server_local.ip(), server_local.port())
                .unwrap_or(0)
        };
        if opts.udp && !internet {
            self.udp_first_peer(server_ns, server_pid, server_local, server_peer);
        }
        let local = SocketAddrV4::new(src, sport);
        let remote = SocketAddrV4::new(dst, port);
        if !opts.udp && !internet {
            self.transport.open.push(Established {
                ns,
                proto,
                local,
                peer: remote,
                pid: None,
                until_us: None,
            });
            self.transport.open.push(Established {
                ns: server_ns,
                proto,
                local: server_local,
                peer: server_peer,
                pid: Some(server_pid),
                until_us: None,
            });
        }
        Ok(Conn {
            proto,
            client_ns: ns,
            local,
            remote,
            server_ns,
            server_local,
            server_peer,
            server_pid,
            trace,
            rtt_us,
        })
    }
}

pub(crate) fn ports(l4: &L4) -> (u16, u16) {
    match l4 {
        L4::Udp { sport, dport } | L4::Tcp { sport, dport, .. } => (*sport, *dport),
        _ => (0, 0),
    }
}
