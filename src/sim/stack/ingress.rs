//! The receive path: a frame reaches a namespace's IP stack; PREROUTING,
//! then INPUT (one of its own addresses) or FORWARD (`ip_forward = 1`);
//! local delivery answers echo requests, hands UDP/TCP to sockets, and
//! ICMP errors (RFC 792) go back to the sender.

use super::frame::{Body, Frame};
use super::hook::HookCtx;
use super::l2::NeighState;
use super::link::{LinkId, LinkKind, NsId};
use super::probe::Sim;
use super::route::RouteKind;
use super::world::World;
use crate::sim::netfilter::ext_l2::PktType;
use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::trace::{DropReason, Hook, Step};
use core::net::Ipv4Addr;

impl World {
    /// The IP stack of the link's namespace receives a frame.
    pub(crate) fn stack_rx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
        let ns = self.link(link).netns;
        let my_mac = self.link(link).mac;
        if frame.dst != my_mac && !frame.dst.is_multicast() {
            sim.trace.push(Step::Drop {
                at: self.at_link(link),
                reason: DropReason::NotForUs,
            });
            return;
        }
        match frame.body {
            Body::Arp {
                reply: false,
                sha,
                spa,
                tpa,
            } => {
                // A router also answers for an address it proxies.
                let mine = self.is_local_addr(ns, tpa);
                if !(mine || self.proxies_arp(ns, link, tpa))
                    || self.link(link).kind == LinkKind::Dummy
                {
                    return;
                }
                if spa != Ipv4Addr::UNSPECIFIED {
                    // Linux learns the asker (as STALE) when the request is for us.
                    // Same address on a valid entry: the state is kept (neigh_update).
                    let now = self.now_us;
                    let keep = self.ns(ns).neigh.iter().any(|e| {
                        e.ip == spa
                            && e.dev == link
                            && (e.state == NeighState::Incomplete
                                || (e.mac == Some(sha)
                                    && matches!(
                                        e.state_at(now),
                                        NeighState::Reachable
                                            | NeighState::Delay
                                            | NeighState::Permanent
                                    )))
                    });
                    if !keep {
                        self.set_neigh(ns, link, spa, Some(sha), NeighState::Stale);
                    }
                }
                sim.trace.push(Step::ArpReply {
                    at: self.at_link(link),
                    ip: tpa,
                    mac: my_mac.to_string(),
                });
                self.tx(sim, link, Frame::arp_reply(my_mac, tpa, (sha, spa)));
            }
            Body::Arp {
                reply: true,
                sha,
                spa,
                ..
            } => {
                let waiting = self
                    .ns(ns)
                    .neigh
                    .iter()
                    .any(|e| e.ip == spa && e.dev == link);
                if !waiting {
                    return;
                }
                self.set_neigh(ns, link, spa, Some(sha), NeighState::Reachable);
                let (go, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut sim.pending)
                    .into_iter()
                    .partition(|(n, d, nh, _)| *n == ns && *d == link && *nh == spa);
                sim.pending = keep;
                for (_, _, _, pkt) in go {
                    self.tx(sim, link, Frame::ip(my_mac, sha, pkt));
                }
            }
            Body::Ip(pkt) => {
                // Loopback frames have no Ethernet header for xt_mac.
                let l2 = (self.link(link).kind != LinkKind::Loopback)
                    .then(|| (frame.src.0, PktType::of(frame.dst.0, my_mac.0)));
                let outer = sim.rx_l2.replace((link, l2));
                let port = sim.bridge_in.filter(|(br, _)| *br == link);
                let outer_port = std::mem::replace(&mut sim.rx_port, port);
                self.ip_rcv(sim, ns, link, pkt);
                sim.rx_l2 = outer;
                sim.rx_port = outer_port;
            }
        }
    }

    /// Whether source validation drops a packet from the wire (traced);
    /// loopback traffic is never checked.
    fn source_refused(&self, sim: &mut Sim, ns: NsId, link: LinkId, src: Ipv4Addr) -> bool {
        if self.link(link).kind == LinkKind::Loopback {
            return false;
        }
        let Some(reason) = self.validate_source(ns, link, src) else {
            return false;
        };
        sim.trace.push(Step::Drop {
            at: self.at(ns, Some(link)),
            reason,
        });
        true
    }

    /// PREROUTING, then INPUT or FORWARD.
    pub(crate) fn ip_rcv(&mut self, sim: &mut Sim, ns: NsId, link: LinkId, mut pkt: Ipv4Packet) {
        let bridged_from = sim.bridge_in.take().filter(|(br, _)| *br == link);
        let asked = pkt.dst;
        let ctx = HookCtx::routed(ns, Hook::Prerouting, Some(link), None);
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        let pkt = match bridged_from {
            Some((br, port)) if pkt.dst != asked => match self.bridged_dnat(sim, ns, br, port, pkt)
            {
                Some(p) => p,
                None => return,
            },
            _ => pkt,
        };
        let mut pkt = pkt;
        // The routing decision refuses loopback addresses from the wire
        // (ip_route_input_slow: martian source / destination).
        if self.link(link).kind != LinkKind::Loopback {
            if let Some(a) = [pkt.src, pkt.dst].into_iter().find(|a| a.is_loopback()) {
                sim.trace.push(Step::Drop {
                    at: self.at(ns, Some(link)),
                    reason: DropReason::Martian(a),
                });
                return;
            }
        }
        if self.is_local_addr(ns, pkt.dst) {
            if self.source_refused(sim, ns, link, pkt.src) {
                return;
            }
            self.ip_local_in(sim, ns, link, pkt);
            return;
        }
        if !self.forwarding(ns, link) {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::ForwardingDisabled,
            });
            return;
        }
        let flow = super::policy::Flow {
            src: Some(pkt.src),
            iif: Some(link),
            oif: None,
            mark: pkt.mark(),
        };
        let Some((route, _)) = self.route_flow(ns, pkt.dst, &flow) else {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::NoRoute,
            });
            self.icmp_error(sim, ns, &pkt, IcmpError::NetUnreachable, Some(link));
            return;
        };
        if let Some(word) = route.kind.word() {
            // ip_error: unreachable and prohibit answer; a blackhole, and
            // a throw out of the only table, say nothing.
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::RouteType(word),
            });
            let answer = match route.kind {
                RouteKind::Unreachable => Some(IcmpError::HostUnreachable),
                RouteKind::Prohibit => Some(IcmpError::AdminProhibited),
                _ => None,
            };
            if let Some(e) = answer {
                self.icmp_error(sim, ns, &pkt, e, Some(link));
            }
            return;
        }
        if self.source_refused(sim, ns, link, pkt.src) {
            return;
        }
        if pkt.ttl <= 1 {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::TtlExceeded,
            });
            self.icmp_error(sim, ns, &pkt, IcmpError::TtlExceeded, Some(link));
            return;
        }
        // ip_forward decrements the TTL before the FORWARD hook (-m ttl, LOG).
        pkt.ttl -= 1;
        let ctx = HookCtx::routed(ns, Hook::Forward, Some(link), Some(route.dev));
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        sim.trace.push(Step::Forward {
            at: self.at(ns, Some(route.dev)),
            from_dev: self.link(link).name.to_string(),
        });
        let nh = self.gateway(ns, route.via).unwrap_or(pkt.dst);
        self.ip_finish_output(sim, ns, route.dev, nh, pkt, Some(link));
    }

    /// INPUT, then the local "socket": echo requests are answered, UDP to a
    /// closed port gets port unreachable, replies and errors are collected.
    pub(crate) fn ip_local_in(
        &mut self,
        sim: &mut Sim,
        ns: NsId,
        link: LinkId,
        mut pkt: Ipv4Packet,
    ) {
        let ctx = HookCtx::routed(ns, Hook::Input, Some(link), None);
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        sim.trace.push(Step::Deliver {
            at: self.at(ns, Some(link)),
            what: pkt.describe(),
        });
        match pkt.l4 {
            L4::EchoRequest { id, seq } => {
                if self.ns(ns).sysctl("net.ipv4.icmp_echo_ignore_all") == Some("1") {
                    sim.trace.push(Step::Drop {
                        at: self.at(ns, Some(link)),
                        reason: DropReason::EchoIgnored,
                    });
                    return;
                }
                // The reply echoes the request's data.
                let reply = Ipv4Packet {
                    ttl: self.default_ttl(ns),
                    len: pkt.len,
                    tos: pkt.tos,
                    ..Ipv4Packet::new(pkt.dst, pkt.src, L4::EchoReply { id, seq })
                };
                self.ip_output(sim, ns, reply, None);
            }
            L4::Udp { sport, dport } => {
                if sim.client == Some((ns, dport)) {
                    // The answer reached the socket that sent the probe.
                    sim.inbox.push((ns, pkt));
                    return;
                }
                if self.udp_listening(
                    ns,
                    pkt.dst,
                    dport,
                    core::net::SocketAddrV4::new(pkt.src, sport),
                ) {
                    if sim.client.is_some() {
                        // A UDP server (DNS, ...) answers a probe from the port it was asked on.
                        let reply = Ipv4Packet::new(
                            pkt.dst,
                            pkt.src,
                            L4::Udp {
                                sport: dport,
                                dport: sport,
                            },
                        );
                        self.ip_output(sim, ns, reply, None);
                    }
                    sim.inbox.push((ns, pkt));
                } else {
                    self.icmp_error(sim, ns, &pkt, IcmpError::PortUnreachable, Some(link))
                }
            }
            L4::Tcp {
                sport,
                dport,
                kind: TcpKind::Syn,
            } => {
                // The kernel answers the handshake for a listening socket;
                // with none it resets (RFC 793 "CLOSED" state).
                let kind = if self.tcp_listening(ns, pkt.dst, dport) {
                    TcpKind::SynAck
                } else {
                    TcpKind::Rst
                };
                let answer = Ipv4Packet::new(
                    pkt.dst,
                    pkt.src,
                    L4::Tcp {
                        sport: dport,
                        dport: sport,
                        kind,
                    },
                );
                sim.inbox.push((ns, pkt));
                self.ip_output(sim, ns, answer, None);
            }
            _ => sim.inbox.push((ns, pkt)),
        }
    }

    /// Sends an ICMP error about `orig` back to its source (never about an error).
    pub(crate) fn icmp_error(
        &mut self,
        sim: &mut Sim,
        ns: NsId,
        orig: &Ipv4Packet,
        kind: IcmpError,
        dev: Option<LinkId>,
    ) {
        if matches!(orig.l4, L4::Error { .. }) {
            return;
        }
        let src = if self.is_local_addr(ns, orig.dst) && kind == IcmpError::PortUnreachable {
            orig.dst
        } else if self.is_local_addr(ns, orig.src) {
            orig.src
        } else {
            match self.route_get(ns, orig.src) {
                Ok(rg) => rg.src.unwrap_or(Ipv4Addr::UNSPECIFIED),
                Err(_) => dev
                    .and_then(|d| self.link(d).addrs.first().map(|a| a.local))
                    .unwrap_or(Ipv4Addr::UNSPECIFIED),
            }
        };
        let err = Ipv4Packet::new(
            src,
            orig.src,
            L4::Error {
                kind,
                orig_dst: orig.dst,
                orig: Box::new(orig.l4.clone()),
            },
        );
        if self.is_local_addr(ns, orig.src) {
            // Reported to the local socket directly (no packet on a wire).
            sim.inbox.push((ns, err));
        } else {
            self.ip_output(sim, ns, err, None);
        }
    }
}
