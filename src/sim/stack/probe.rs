//! Sending a packet through the world, hop by hop, and recording why.
//!
//! Follows the Linux receive/transmit path (see ip(7), the kernel's
//! "packet flow in netfilter" diagram). Frames travel through one FIFO
//! queue, so the order of events is the order on a real wire; the walk
//! itself is split by direction: [`super::egress`] (route, OUTPUT,
//! POSTROUTING, ARP, the wire), [`super::bridge`] (learning, flooding),
//! [`super::ingress`] (PREROUTING, INPUT or FORWARD, ICMP answers).

use super::frame::Frame;
use super::l2::NeighState;
use super::link::{LinkId, NsId};
use super::route::RouteError;
use super::world::World;
use crate::sim::netfilter::{self as nf, TraceStep};
use crate::sim::packet::{IcmpError, Ipv4Packet, L4};
use crate::sim::trace::{At, DropReason, Hook, Step, Trace};
use core::net::Ipv4Addr;
use std::collections::VecDeque;

/// Options of one probe (what ping/traceroute set on their socket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOpts {
    /// `-I DEV`: send out of this interface.
    pub dev: Option<LinkId>,
    /// `-I ADDR`: use this source address.
    pub src: Option<Ipv4Addr>,
    /// IP TTL.
    pub ttl: u8,
    /// IPv4 total length when not the usual one (`ping -s`).
    pub len: Option<u32>,
}

impl Default for ProbeOpts {
    fn default() -> Self {
        ProbeOpts {
            dev: None,
            src: None,
            ttl: 64,
            len: None,
        }
    }
}

/// What came back for one probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeOutcome {
    /// An echo reply, or for a UDP probe the answer of a listening server.
    Reply {
        /// Who answered.
        from: Ipv4Addr,
        /// TTL of the answer as received.
        ttl: u8,
    },
    /// An ICMP error from `from`.
    Error {
        /// Who reported it.
        from: Ipv4Addr,
        /// What.
        kind: IcmpError,
    },
    /// Nothing came back.
    Lost,
}

/// One probe's result: the outcome, the trace and a deterministic RTT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// What came back.
    pub outcome: ProbeOutcome,
    /// Every step taken (request, ARP, reply).
    pub trace: Trace,
    /// Round trip time in microseconds (virtual, from the hops taken).
    pub rtt_us: u64,
    /// Source address used.
    pub src: Ipv4Addr,
    /// The sender's own OUTPUT chain rejected it: `sendmsg()` failed
    /// with EPERM (ping prints `ping: sendmsg: Operation not permitted`).
    pub eperm: bool,
}

/// What one [`World::send`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Packets handed to a local socket, with the namespace that got them.
    pub inbox: Vec<(NsId, Ipv4Packet)>,
    /// Every step taken.
    pub trace: Trace,
    /// Virtual time taken, microseconds.
    pub rtt_us: u64,
}

/// Why a probe could not even be sent (`connect()` failed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// No route: `connect: Network is unreachable`.
    #[error("connect: Network is unreachable")]
    NetworkUnreachable,
    /// `-I` names no device or address of the namespace.
    #[error("bind: Cannot assign requested address")]
    BadSource,
    /// The route is a blackhole (EINVAL).
    #[error("connect: Invalid argument")]
    Blackhole,
    /// The route is unreachable (EHOSTUNREACH).
    #[error("connect: No route to host")]
    HostUnreachable,
    /// The route is prohibit (EACCES), which ping reads as a broadcast.
    #[error("Do you want to ping broadcast? Then -b. If not, check your local firewall rules")]
    Prohibited,
}

impl SendError {
    /// What connect() fails with when the route lookup does.
    fn of_route(e: RouteError) -> SendError {
        match e {
            RouteError::Blackhole => SendError::Blackhole,
            RouteError::HostUnreachable => SendError::HostUnreachable,
            RouteError::Prohibited => SendError::Prohibited,
            _ => SendError::NetworkUnreachable,
        }
    }
}

/// Per-probe simulation state.
#[derive(Default)]
pub(crate) struct Sim {
    pub(crate) queue: VecDeque<(LinkId, Frame)>,
    pub(crate) pending: Vec<(NsId, LinkId, Ipv4Addr, Ipv4Packet)>,
    pub(crate) asked: Vec<(NsId, LinkId, Ipv4Addr)>,
    pub(crate) inbox: Vec<(NsId, Ipv4Packet)>,
    pub(crate) trace: Trace,
    pub(crate) wire_hops: u64,
    pub(crate) arp_rounds: u64,
    pub(crate) upstream_us: u64,
    /// The probing UDP socket (namespace, source port): answers to it are collected.
    pub(crate) client: Option<(NsId, u16)>,
    pub(crate) budget: u32,
    /// Broadcast floods seen, to stop a bridged loop (see storm.rs).
    pub(crate) floods: Floods,
    /// A sender on the Internet whose packet came in through the uplink
    /// (see walk_in.rs): packets back to it end at the uplink, in `returned`.
    pub(crate) origin: Option<Ipv4Addr>,
    pub(crate) returned: Vec<Ipv4Packet>,
    /// (bridge, port) of the frame the bridge is passing up right now, so
    /// IPv4 can tell br_netfilter's bridged DNAT (see bridged_dnat.rs).
    pub(crate) bridge_in: Option<(LinkId, LinkId)>,
    /// The Ethernet frame IPv4 is receiving right now, on which link
    /// (`-m mac`, `-m pkttype` at PREROUTING, INPUT and FORWARD).
    pub(crate) rx_l2: Option<(LinkId, crate::sim::netfilter::ext_l2::RxL2)>,
    /// (bridge, port) of that frame when a bridge passed it up
    /// (`-m physdev --physdev-in`).
    pub(crate) rx_port: Option<(LinkId, LinkId)>,
}

pub(crate) const EVENT_BUDGET: u32 = FRAME_BUDGET;

/// Frames one send may move in all (any runaway, not only a loop).
pub(crate) const FRAME_BUDGET: u32 = 200_000;

/// Frames waiting at once in one send.
pub(crate) const QUEUE_CAP: usize = 65_536;

/// Per-send flood bookkeeping.
#[derive(Default)]
pub(crate) struct Floods {
    /// (bridge, source MAC) -> floods of a broadcast/multicast from it.
    pub(crate) seen: std::collections::BTreeMap<(LinkId, [u8; 6]), u32>,
    /// Set once the send was stopped.
    pub(crate) stopped: bool,
}

impl World {
    pub(crate) fn at(&self, ns: NsId, dev: Option<LinkId>) -> At {
        At {
            ns: self.ns(ns).display_name().to_string(),
            dev: dev
                .map(|d| self.link(d).name.to_string())
                .unwrap_or_default(),
        }
    }

    pub(crate) fn at_link(&self, id: LinkId) -> At {
        self.at(self.link(id).netns, Some(id))
    }

    /// Sends one probe (ICMP echo or UDP) from `ns` to `dst` and runs the
    /// network until it is quiet; the virtual clock advances by the RTT.
    ///
    /// ```
    /// use netbook::sim::{World, packet::L4, stack::probe::{ProbeOpts, ProbeOutcome}};
    /// let mut w = World::new();
    /// let root = w.ns_id(None).unwrap();
    /// let p = w.probe(root, "127.0.0.1".parse().unwrap(), &ProbeOpts::default(), L4::EchoRequest { id: 1, seq: 1 }).unwrap();
    /// assert!(matches!(p.outcome, ProbeOutcome::Reply { .. }));
    /// ```
    pub fn probe(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        opts: &ProbeOpts,
        l4: L4,
    ) -> Result<Probe, SendError> {
        let src = self.probe_source(ns, dst, opts)?;
        let pkt = Ipv4Packet {
            ttl: opts.ttl,
            len: opts.len,
            ..Ipv4Packet::new(src, dst, l4.clone())
        };
        let client = match l4 {
            L4::Udp { sport, .. } => Some((ns, sport)),
            _ => None,
        };
        let d = self.send_as(ns, pkt, opts.dev, client);
        let outcome = d
            .inbox
            .iter()
            .filter(|(n, _)| *n == ns)
            .find_map(|(_, p)| match (&p.l4, &l4) {
                (L4::EchoReply { id, seq }, L4::EchoRequest { id: i2, seq: s2 })
                    if id == i2 && seq == s2 =>
                {
                    Some(ProbeOutcome::Reply {
                        from: p.src,
                        ttl: p.ttl,
                    })
                }
                (
                    L4::Udp { sport, dport },
                    L4::Udp {
                        sport: s2,
                        dport: d2,
                    },
                ) if sport == d2 && dport == s2 && p.src == dst => Some(ProbeOutcome::Reply {
                    from: p.src,
                    ttl: p.ttl,
                }),
                (L4::Error { kind, orig, .. }, _) if **orig == l4 => Some(ProbeOutcome::Error {
                    from: p.src,
                    kind: *kind,
                }),
                _ => None,
            })
            .unwrap_or(ProbeOutcome::Lost);
        let me = self.at(ns, None).ns;
        let eperm = d.trace.netfilter.iter().any(|r| {
            r.hook == Hook::Output
                && r.at.ns == me
                && r.steps.iter().any(|s| {
                    matches!(
                        s,
                        TraceStep::Verdict {
                            verdict: nf::Verdict::Reject(_),
                            ..
                        }
                    )
                })
        });
        Ok(Probe {
            outcome,
            eperm,
            trace: d.trace,
            rtt_us: d.rtt_us,
            src,
        })
    }

    /// Sends a locally generated packet from `ns` (out of `bind` if set)
    /// and runs the network until it is quiet. Returns what reached a
    /// local socket anywhere (replies, errors, segments for listeners),
    /// the trace, and the virtual time it took (the clock advances by it).
    pub fn send(&mut self, ns: NsId, pkt: Ipv4Packet, bind: Option<LinkId>) -> Delivery {
        self.send_as(ns, pkt, bind, None)
    }

    /// [`World::send`] from a probing UDP socket `client` (namespace,
    /// port): UDP servers answer it at once, answers are collected.
    pub(crate) fn send_as(
        &mut self,
        ns: NsId,
        pkt: Ipv4Packet,
        bind: Option<LinkId>,
        client: Option<(NsId, u16)>,
    ) -> Delivery {
        let mut sim = Sim {
            budget: EVENT_BUDGET,
            client,
            ..Default::default()
        };
        self.ip_output(&mut sim, ns, pkt, bind);
        self.run(&mut sim);
        let rtt_us = 38 + 9 * sim.wire_hops + 410 * sim.arp_rounds + sim.upstream_us;
        self.advance(rtt_us);
        Delivery {
            inbox: sim.inbox,
            trace: sim.trace,
            rtt_us,
        }
    }

    /// The source address `connect()` picks, or why it fails (public for
    /// [`crate::sim::stack::transport`]).
    pub fn probe_source(
        &self,
        ns: NsId,
        dst: Ipv4Addr,
        opts: &ProbeOpts,
    ) -> Result<Ipv4Addr, SendError> {
        if let Some(s) = opts.src {
            if !self.is_local_addr(ns, s) {
                return Err(SendError::BadSource);
            }
            let flow = super::policy::Flow {
                src: Some(s),
                ..Default::default()
            };
            self.route_get_flow(ns, dst, &flow)
                .map_err(SendError::of_route)?;
            return Ok(s);
        }
        if let Some(dev) = opts.dev {
            let l = self.link(dev);
            if !l.admin_up {
                return Err(SendError::NetworkUnreachable);
            }
            return l
                .addrs
                .first()
                .map(|a| a.local)
                .ok_or(SendError::NetworkUnreachable);
        }
        let rg = self
            .route_get_flow(ns, dst, &super::policy::Flow::default())
            .map_err(SendError::of_route)?;
        rg.src.ok_or(SendError::NetworkUnreachable)
    }

    pub(crate) fn run(&mut self, sim: &mut Sim) {
        loop {
            while let Some((link, frame)) = sim.queue.pop_front() {
                if sim.floods.stopped {
                    sim.queue.clear();
                    return;
                }
                if sim.budget == 0 || sim.queue.len() >= QUEUE_CAP {
                    self.stop_storm(sim, link, &[], 0);
                    return;
                }
                sim.budget -= 1;
                if self.link_alive(link) {
                    self.rx(sim, link, frame);
                }
            }
            // The queue is quiet: every ARP still unanswered has failed.
            let pending = std::mem::take(&mut sim.pending);
            if pending.is_empty() {
                return;
            }
            for (ns, dev, nh, pkt) in pending {
                self.set_neigh(ns, dev, nh, None, NeighState::Failed);
                sim.trace.push(Step::Drop {
                    at: self.at(ns, Some(dev)),
                    reason: DropReason::ArpFailed(nh),
                });
                self.icmp_error(sim, ns, &pkt, IcmpError::HostUnreachable, Some(dev));
            }
        }
    }
}
