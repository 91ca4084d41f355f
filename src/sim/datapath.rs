//! Sending a packet through the world, hop by hop, and recording why.
//!
//! Follows the Linux receive/transmit path (see ip(7), the kernel's
//! "packet flow in netfilter" diagram): a locally generated packet is
//! routed, passes OUTPUT and POSTROUTING, needs the next hop's MAC (ARP,
//! RFC 826), crosses veth wires and bridges (learning, flooding,
//! unicasting), and at the receiver passes PREROUTING, then INPUT (for one
//! of its own addresses) or FORWARD (only with `net.ipv4.ip_forward = 1`)
//! then POSTROUTING. ICMP (RFC 792) answers echo requests and reports
//! unreachable hosts and expired TTLs. Frames travel through one FIFO
//! queue, so the order of events is the order on a real wire.
//!
//! Netfilter plugs in at [`World::netfilter_hook`], called at every hook.

use super::l2::{bridge_decide, fdb_learn, BridgeDecision, Neigh, NeighState};
use super::link::{LinkId, LinkKind, Mac, NsId};
use super::netfilter::conntrack::{TcpFlags, Tuple};
use super::netfilter::rule::{Proto, RejectWith};
use super::netfilter::{self as nf, PacketCt, TraceStep};
use super::trace::{At, DropReason, Hook, Step, Trace};
use super::world::World;
use std::collections::VecDeque;
use std::net::Ipv4Addr;

/// ICMP error kinds the simulator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcmpError {
    /// Type 3 code 0: `Destination Net Unreachable`.
    NetUnreachable,
    /// Type 3 code 1: `Destination Host Unreachable` (ARP failed).
    HostUnreachable,
    /// Type 3 code 3: `Destination Port Unreachable`.
    PortUnreachable,
    /// Type 11 code 0: `Time to live exceeded`.
    TtlExceeded,
    /// Type 3 code 2: `Destination Protocol Unreachable`.
    ProtoUnreachable,
    /// Type 3 code 9: `Destination Net Prohibited`.
    NetProhibited,
    /// Type 3 code 10: `Destination Host Prohibited`.
    HostProhibited,
    /// Type 3 code 13: `Packet filtered` (communication administratively prohibited).
    AdminProhibited,
}

impl IcmpError {
    /// The phrase ping prints.
    pub fn ping_text(&self) -> &'static str {
        match self {
            IcmpError::NetUnreachable => "Destination Net Unreachable",
            IcmpError::HostUnreachable => "Destination Host Unreachable",
            IcmpError::PortUnreachable => "Destination Port Unreachable",
            IcmpError::TtlExceeded => "Time to live exceeded",
            IcmpError::ProtoUnreachable => "Destination Protocol Unreachable",
            IcmpError::NetProhibited => "Destination Net Prohibited",
            IcmpError::HostProhibited => "Destination Host Prohibited",
            IcmpError::AdminProhibited => "Packet filtered",
        }
    }

    /// ICMP (type, code) on the wire.
    pub fn type_code(&self) -> (u8, u8) {
        match self {
            IcmpError::NetUnreachable => (3, 0),
            IcmpError::HostUnreachable => (3, 1),
            IcmpError::ProtoUnreachable => (3, 2),
            IcmpError::PortUnreachable => (3, 3),
            IcmpError::NetProhibited => (3, 9),
            IcmpError::HostProhibited => (3, 10),
            IcmpError::AdminProhibited => (3, 13),
            IcmpError::TtlExceeded => (11, 0),
        }
    }

    /// The error a REJECT rule sends (`None` for `tcp-reset`).
    pub fn from_reject(with: RejectWith) -> Option<IcmpError> {
        Some(match with {
            RejectWith::NetUnreachable => IcmpError::NetUnreachable,
            RejectWith::HostUnreachable => IcmpError::HostUnreachable,
            RejectWith::ProtoUnreachable => IcmpError::ProtoUnreachable,
            RejectWith::PortUnreachable => IcmpError::PortUnreachable,
            RejectWith::NetProhibited => IcmpError::NetProhibited,
            RejectWith::HostProhibited => IcmpError::HostProhibited,
            RejectWith::AdminProhibited => IcmpError::AdminProhibited,
            RejectWith::TcpReset => return None,
        })
    }
}

/// The TCP segments the simulator models (RFC 793's handshake and teardown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpKind {
    /// Connection request.
    Syn,
    /// Connection accepted.
    SynAck,
    /// Acknowledgement (completes the handshake).
    Ack,
    /// Reset: nobody listens, or REJECT `--reject-with tcp-reset`.
    Rst,
    /// Data with ACK (application bytes are exchanged above the datapath).
    Data,
    /// Close.
    Fin,
}

impl TcpKind {
    /// The flags conntrack sees.
    pub fn flags(self) -> TcpFlags {
        let mut f = TcpFlags::default();
        match self {
            TcpKind::Syn => f.syn = true,
            TcpKind::SynAck => {
                f.syn = true;
                f.ack = true
            }
            TcpKind::Ack | TcpKind::Data => f.ack = true,
            TcpKind::Rst => {
                f.rst = true;
                f.ack = true
            }
            TcpKind::Fin => {
                f.fin = true;
                f.ack = true
            }
        }
        f
    }

    /// tcpdump's flag letters (`S`, `S.`, `.`, `R.`, `P.`, `F.`).
    pub fn letters(self) -> &'static str {
        match self {
            TcpKind::Syn => "S",
            TcpKind::SynAck => "S.",
            TcpKind::Ack => ".",
            TcpKind::Rst => "R.",
            TcpKind::Data => "P.",
            TcpKind::Fin => "F.",
        }
    }
}

/// The transport part of a simulated IPv4 packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum L4 {
    /// ICMP echo request.
    EchoRequest {
        /// Identifier.
        id: u16,
        /// Sequence number.
        seq: u16,
    },
    /// ICMP echo reply.
    EchoReply {
        /// Identifier.
        id: u16,
        /// Sequence number.
        seq: u16,
    },
    /// A UDP datagram (traceroute's probes, DNS, nc -u).
    Udp {
        /// Source port.
        sport: u16,
        /// Destination port.
        dport: u16,
    },
    /// A TCP segment.
    Tcp {
        /// Source port.
        sport: u16,
        /// Destination port.
        dport: u16,
        /// Which segment.
        kind: TcpKind,
    },
    /// An ICMP error about an earlier packet.
    Error {
        /// Which error.
        kind: IcmpError,
        /// The offending packet's original destination.
        orig_dst: Ipv4Addr,
        /// The offending packet's transport header.
        orig: Box<L4>,
    },
}

/// A simulated IPv4 packet (header fields that matter here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv4Packet {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Time to live.
    pub ttl: u8,
    /// Payload.
    pub l4: L4,
    /// Conntrack state carried between the hooks of one namespace (the
    /// kernel's `skb->_nfct`); reset when the packet enters another one.
    pub ct: Option<Box<(NsId, PacketCt)>>,
}

impl Ipv4Packet {
    /// A short description for traces.
    pub fn describe(&self) -> String {
        let what = match &self.l4 {
            L4::EchoRequest { seq, .. } => format!("ICMP echo request seq={seq}"),
            L4::EchoReply { seq, .. } => format!("ICMP echo reply seq={seq}"),
            L4::Udp { dport, .. } => format!("UDP port {dport}"),
            L4::Tcp { dport, kind, .. } => format!("TCP [{}] port {dport}", kind.letters()),
            L4::Error { kind, .. } => format!("ICMP {}", kind.ping_text()),
        };
        format!("{what} {} > {}", self.src, self.dst)
    }
}

#[derive(Debug, Clone)]
enum Body {
    Arp {
        reply: bool,
        sha: Mac,
        spa: Ipv4Addr,
        tpa: Ipv4Addr,
    },
    Ip(Ipv4Packet),
}

#[derive(Debug, Clone)]
struct Frame {
    src: Mac,
    dst: Mac,
    body: Body,
}

/// What netfilter decided at a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Let the packet go on (possibly rewritten).
    Accept,
    /// Drop it; the text names the rule.
    Drop(String),
    /// Drop it and answer with an ICMP error or a TCP RST.
    Reject(String, RejectWith),
}

/// Where a hook is called from, for netfilter's matches (`-i`, `-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HookCtx {
    /// The namespace whose tables apply.
    pub ns: NsId,
    /// Which hook.
    pub hook: Hook,
    /// Incoming interface (`-i`).
    pub in_dev: Option<LinkId>,
    /// Outgoing interface (`-o`).
    pub out_dev: Option<LinkId>,
    /// True when the packet is being bridged (br_netfilter's path).
    pub bridged: bool,
}

/// Options of one probe (what ping/traceroute set on their socket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOpts {
    /// `-I DEV`: send out of this interface.
    pub dev: Option<LinkId>,
    /// `-I ADDR`: use this source address.
    pub src: Option<Ipv4Addr>,
    /// IP TTL.
    pub ttl: u8,
}

impl Default for ProbeOpts {
    fn default() -> Self {
        ProbeOpts {
            dev: None,
            src: None,
            ttl: 64,
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
}

/// Per-probe simulation state.
#[derive(Default)]
struct Sim {
    queue: VecDeque<(LinkId, Frame)>,
    pending: Vec<(NsId, LinkId, Ipv4Addr, Ipv4Packet)>,
    asked: Vec<(NsId, LinkId, Ipv4Addr)>,
    inbox: Vec<(NsId, Ipv4Packet)>,
    trace: Trace,
    wire_hops: u64,
    arp_rounds: u64,
    upstream_us: u64,
    /// The probing UDP socket (namespace, source port): answers to it are collected.
    client: Option<(NsId, u16)>,
    budget: u32,
}

const EVENT_BUDGET: u32 = 2_000_000;

impl World {
    /// Netfilter at one hook: the namespace's tables and conntrack (see
    /// [`super::netfilter`]) see the packet, may rewrite it (NAT), and
    /// decide. A namespace whose iptables were never touched has no tables
    /// and no conntrack: everything is accepted and nothing is recorded.
    /// Bridged frames (`ctx.bridged`) only get here when br_netfilter is
    /// loaded and `net.bridge.bridge-nf-call-iptables = 1`.
    pub fn netfilter_hook(
        &mut self,
        ctx: HookCtx,
        pkt: &mut Ipv4Packet,
        trace: &mut Trace,
    ) -> Verdict {
        let key = self.ns(ctx.ns).name.clone();
        if !self.netfilter.contains_key(&key) {
            return Verdict::Accept;
        }
        let hook = match ctx.hook {
            Hook::Prerouting => nf::Hook::Prerouting,
            Hook::Input => nf::Hook::Input,
            Hook::Forward => nf::Hook::Forward,
            Hook::Output => nf::Hook::Output,
            Hook::Postrouting => nf::Hook::Postrouting,
        };
        let mut p = self.nf_packet(&ctx, pkt);
        let before = p.clone();
        let primary =
            |w: &World, d: Option<LinkId>| d.and_then(|d| w.link(d).addrs.first().map(|a| a.local));
        let mut local_addrs = Vec::new();
        let mut broadcast_addrs = Vec::new();
        for &l in &self.ns(ctx.ns).links {
            for a in &self.link(l).addrs {
                local_addrs.push(a.local);
                broadcast_addrs.extend(a.brd);
            }
        }
        let hctx = nf::HookCtx {
            now_us: self.now_us,
            out_addr: primary(self, ctx.out_dev),
            in_addr: primary(self, ctx.in_dev),
            local_addrs,
            broadcast_addrs,
            trace_misses: self.nf_trace_misses,
        };
        let Some(table) = self.netfilter.get_mut(&key) else {
            return Verdict::Accept;
        };
        let r = table.hook(hook, &mut p, &hctx);
        // Write NAT back into the simulated packet.
        pkt.src = p.src;
        pkt.dst = p.dst;
        match &mut pkt.l4 {
            L4::Udp { sport, dport } | L4::Tcp { sport, dport, .. } => {
                *sport = p.sport;
                *dport = p.dport;
            }
            L4::EchoRequest { id, .. } => *id = p.sport,
            L4::EchoReply { id, .. } => *id = p.dport,
            L4::Error { orig_dst, orig, .. } => {
                if let Some(e) = &p.embedded {
                    *orig_dst = e.dst;
                    match orig.as_mut() {
                        L4::Udp { sport, dport } | L4::Tcp { sport, dport, .. } => {
                            *sport = e.sport;
                            *dport = e.dport;
                        }
                        L4::EchoRequest { id, .. } => *id = e.sport,
                        L4::EchoReply { id, .. } => *id = e.dport,
                        L4::Error { .. } => {}
                    }
                }
            }
        }
        pkt.ct = Some(Box::new((ctx.ns, p.ct.clone())));
        let dev = match ctx.hook {
            Hook::Output | Hook::Postrouting => ctx.out_dev.or(ctx.in_dev),
            _ => ctx.in_dev.or(ctx.out_dev),
        };
        let at = self.at(ctx.ns, dev);
        let (verdict, by) = r
            .steps
            .iter()
            .rev()
            .find_map(|s| match s {
                TraceStep::Verdict { verdict, by, .. } => Some((*verdict, by.clone())),
                _ => None,
            })
            .unwrap_or((r.verdict, String::new()));
        let interesting = r.steps.iter().any(|s| {
            matches!(
                s,
                TraceStep::Chain { .. } | TraceStep::Nat { .. } | TraceStep::Rule { .. }
            )
        });
        if interesting || r.verdict != nf::Verdict::Accept {
            let mut summary = match verdict {
                nf::Verdict::Accept => "ACCEPT".to_string(),
                nf::Verdict::Drop => "DROP".to_string(),
                nf::Verdict::Reject(w) => format!("REJECT ({})", w.name()),
            };
            if !by.is_empty() {
                summary += &format!(" by {by}");
            }
            for s in &r.steps {
                if let TraceStep::Nat {
                    kind,
                    before,
                    after,
                    ..
                } = s
                {
                    summary += &format!(
                        "; {} {}:{} -> {}:{}",
                        kind.name(),
                        before.0,
                        before.1,
                        after.0,
                        after.1
                    );
                }
            }
            trace.push(Step::Netfilter {
                at: at.clone(),
                hook: ctx.hook,
                verdict: summary,
            });
            trace.netfilter.push(super::trace::NfRecord {
                at,
                hook: ctx.hook,
                bridged: ctx.bridged,
                before,
                after: p,
                steps: r.steps,
            });
        }
        let who = if by.is_empty() {
            format!("iptables {}", hook.chain_name())
        } else {
            format!("iptables {by}")
        };
        match r.verdict {
            nf::Verdict::Accept => Verdict::Accept,
            nf::Verdict::Drop => Verdict::Drop(who),
            nf::Verdict::Reject(w) => Verdict::Reject(who, w),
        }
    }

    /// The packet as netfilter sees it at a hook.
    fn nf_packet(&self, ctx: &HookCtx, pkt: &Ipv4Packet) -> nf::Packet {
        let (proto, sport, dport) = l4_tuple(&pkt.l4);
        let mut p = nf::Packet::new(pkt.src, pkt.dst, proto, sport, dport);
        match &pkt.l4 {
            L4::EchoRequest { .. } => p.icmp_type = 8,
            L4::EchoReply { .. } => p.icmp_type = 0,
            L4::Udp { .. } => p.len = 29,
            L4::Tcp { kind, .. } => {
                p.tcp_flags = kind.flags();
                p.len = if *kind == TcpKind::Syn { 60 } else { 52 };
            }
            L4::Error {
                kind,
                orig_dst,
                orig,
            } => {
                let (t, c) = kind.type_code();
                p.icmp_type = t;
                p.icmp_code = c;
                let (proto, sport, dport) = l4_tuple(orig);
                p.embedded = Some(Tuple {
                    src: pkt.dst,
                    dst: *orig_dst,
                    proto,
                    sport,
                    dport,
                });
                p.len = 112;
            }
        }
        let name = |d: Option<LinkId>| d.map(|d| self.link(d).name.to_string());
        p.in_iface = name(ctx.in_dev);
        p.out_iface = name(ctx.out_dev);
        if let Some(b) = &pkt.ct {
            if b.0 == ctx.ns && !ctx.bridged {
                p.ct = b.1.clone();
            }
        }
        p
    }

    /// br_netfilter is loaded and this namespace's
    /// `net.bridge.bridge-nf-call-iptables` is 1.
    pub fn bridge_nf_call_iptables(&self, ns: NsId) -> bool {
        self.br_netfilter
            && self
                .ns(ns)
                .sysctl("net.bridge.bridge-nf-call-iptables")
                .is_none_or(|v| v != "0")
    }

    fn at(&self, ns: NsId, dev: Option<LinkId>) -> At {
        At {
            ns: self.ns(ns).display_name().to_string(),
            dev: dev
                .map(|d| self.link(d).name.to_string())
                .unwrap_or_default(),
        }
    }

    fn at_link(&self, id: LinkId) -> At {
        self.at(self.link(id).netns, Some(id))
    }

    /// Sends one probe (ICMP echo or UDP) from `ns` to `dst` and runs the
    /// network until it is quiet; the virtual clock advances by the RTT.
    ///
    /// ```
    /// use netbook::sim::{World, datapath::{ProbeOpts, ProbeOutcome, L4}};
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
            src,
            dst,
            ttl: opts.ttl,
            l4: l4.clone(),
            ct: None,
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
    fn send_as(
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
        self.now_us += rtt_us;
        Delivery {
            inbox: sim.inbox,
            trace: sim.trace,
            rtt_us,
        }
    }

    /// The source address `connect()` picks, or why it fails (public for
    /// [`super::transport`]).
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
            self.route_get(ns, dst)
                .map_err(|_| SendError::NetworkUnreachable)?;
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
            .route_get(ns, dst)
            .map_err(|_| SendError::NetworkUnreachable)?;
        rg.src.ok_or(SendError::NetworkUnreachable)
    }

    fn run(&mut self, sim: &mut Sim) {
        loop {
            while let Some((link, frame)) = sim.queue.pop_front() {
                if sim.budget == 0 {
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

    /// A locally generated packet: route, OUTPUT (then route again if
    /// OUTPUT's DNAT changed the destination), POSTROUTING, then out; to
    /// one of the namespace's own addresses it loops back through `lo`.
    fn ip_output(&mut self, sim: &mut Sim, ns: NsId, mut pkt: Ipv4Packet, bind: Option<LinkId>) {
        let mut hooked = false;
        loop {
            if self.local_addr_link(ns, pkt.dst).is_some() {
                let Ok(lo) = self.link_by_name(ns, "lo") else {
                    return;
                };
                if !self.link(lo).admin_up {
                    sim.trace.push(Step::Drop {
                        at: self.at(ns, Some(lo)),
                        reason: DropReason::LinkDown,
                    });
                    return;
                }
                let dst = pkt.dst;
                if !hooked {
                    let ctx = HookCtx {
                        ns,
                        hook: Hook::Output,
                        in_dev: None,
                        out_dev: Some(lo),
                        bridged: false,
                    };
                    if !self.hook(sim, ctx, &mut pkt) {
                        return;
                    }
                    if pkt.dst != dst {
                        hooked = true;
                        continue;
                    }
                }
                sim.trace.push(Step::Route {
                    at: self.at(ns, Some(lo)),
                    dst: pkt.dst,
                    via: None,
                    route: format!("local {} dev lo", pkt.dst),
                });
                let ctx = HookCtx {
                    ns,
                    hook: Hook::Postrouting,
                    in_dev: None,
                    out_dev: Some(lo),
                    bridged: false,
                };
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                let ctx = HookCtx {
                    ns,
                    hook: Hook::Prerouting,
                    in_dev: Some(lo),
                    out_dev: None,
                    bridged: false,
                };
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                // Through the loopback device: counted once each way.
                let l = self.link_mut(lo);
                l.stats.tx_packets += 1;
                l.stats.tx_bytes += 98;
                l.stats.rx_packets += 1;
                l.stats.rx_bytes += 98;
                self.ip_local_in(sim, ns, lo, pkt);
                return;
            }
            let route = self.route_lookup(ns, pkt.dst, bind);
            let Some(route) = route else {
                sim.trace.push(Step::Drop {
                    at: self.at(ns, bind),
                    reason: DropReason::NoRoute,
                });
                return;
            };
            if !hooked {
                let dst = pkt.dst;
                let ctx = HookCtx {
                    ns,
                    hook: Hook::Output,
                    in_dev: None,
                    out_dev: Some(route.dev),
                    bridged: false,
                };
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                hooked = true;
                if pkt.dst != dst {
                    continue;
                }
            }
            sim.trace.push(Step::Route {
                at: self.at(ns, None),
                dst: pkt.dst,
                via: route.via,
                route: self.route_text(&route),
            });
            let nh = route.via.unwrap_or(pkt.dst);
            self.ip_finish_output(sim, ns, route.dev, nh, pkt, None);
            return;
        }
    }

    /// One route as `ip route` prints it (for traces).
    pub fn route_text(&self, r: &super::route::Route) -> String {
        let mut s = if r.dst.prefix_len() == 0 {
            "default".to_string()
        } else {
            r.dst.to_string()
        };
        if let Some(v) = r.via {
            s += &format!(" via {v}");
        }
        s += &format!(" dev {}", self.link(r.dev).name);
        s
    }

    fn hook(&mut self, sim: &mut Sim, ctx: HookCtx, pkt: &mut Ipv4Packet) -> bool {
        match self.netfilter_hook(ctx, pkt, &mut sim.trace) {
            Verdict::Accept => true,
            Verdict::Drop(rule) => {
                sim.trace.push(Step::Drop {
                    at: self.at(ctx.ns, ctx.out_dev.or(ctx.in_dev)),
                    reason: DropReason::Netfilter(rule),
                });
                false
            }
            Verdict::Reject(rule, with) => {
                sim.trace.push(Step::Drop {
                    at: self.at(ctx.ns, ctx.out_dev.or(ctx.in_dev)),
                    reason: DropReason::Netfilter(format!("{rule} (REJECT {})", with.name())),
                });
                self.reject(sim, ctx, pkt, with);
                false
            }
        }
    }

    /// REJECT's answer (ipt_REJECT): a TCP RST for `tcp-reset` on TCP,
    /// else the ICMP error, sent from this namespace to the packet's source.
    fn reject(&mut self, sim: &mut Sim, ctx: HookCtx, pkt: &Ipv4Packet, with: RejectWith) {
        match (IcmpError::from_reject(with), &pkt.l4) {
            (None, L4::Tcp { sport, dport, kind }) if *kind != TcpKind::Rst => {
                let rst = Ipv4Packet {
                    src: pkt.dst,
                    dst: pkt.src,
                    ttl: 64,
                    l4: L4::Tcp {
                        sport: *dport,
                        dport: *sport,
                        kind: TcpKind::Rst,
                    },
                    ct: None,
                };
                if self.is_local_addr(ctx.ns, pkt.src) {
                    sim.inbox.push((ctx.ns, rst));
                } else {
                    self.ip_output(sim, ctx.ns, rst, None);
                }
            }
            (None, _) => {}
            (Some(kind), _) => self.icmp_error(sim, ctx.ns, pkt, kind, ctx.in_dev),
        }
    }

    /// POSTROUTING, then the neighbour (ARP) layer, then the wire.
    fn ip_finish_output(
        &mut self,
        sim: &mut Sim,
        ns: NsId,
        dev: LinkId,
        nh: Ipv4Addr,
        mut pkt: Ipv4Packet,
        in_dev: Option<LinkId>,
    ) {
        let ctx = HookCtx {
            ns,
            hook: Hook::Postrouting,
            in_dev,
            out_dev: Some(dev),
            bridged: false,
        };
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        match self.link(dev).kind {
            LinkKind::Dummy => {
                let l = self.link_mut(dev);
                l.stats.tx_packets += 1;
                l.stats.tx_bytes += 98;
                sim.trace.push(Step::Drop {
                    at: self.at_link(dev),
                    reason: DropReason::Blackhole,
                });
                return;
            }
            LinkKind::Loopback => {
                self.ip_local_in(sim, ns, dev, pkt);
                return;
            }
            _ => {}
        }
        let now = self.now_us;
        let known = self
            .ns(ns)
            .neigh
            .iter()
            .find(|e| e.ip == nh && e.dev == dev)
            .and_then(|e| {
                e.mac
                    .filter(|_| e.state != NeighState::Failed && e.state != NeighState::Incomplete)
                    .map(|m| (m, e.state_at(now)))
            });
        if let Some((mac, state)) = known {
            if state == NeighState::Stale {
                // Using a stale entry starts the delay before re-confirmation.
                self.set_neigh(ns, dev, nh, None, NeighState::Delay);
            }
            let src = self.link(dev).mac;
            self.tx(
                sim,
                dev,
                Frame {
                    src,
                    dst: mac,
                    body: Body::Ip(pkt),
                },
            );
            return;
        }
        // Queue the packet and ask once per (namespace, device, next hop).
        sim.pending.push((ns, dev, nh, pkt.clone()));
        if sim.asked.contains(&(ns, dev, nh)) {
            return;
        }
        sim.asked.push((ns, dev, nh));
        self.set_neigh(ns, dev, nh, None, NeighState::Incomplete);
        let spa = if self.is_local_addr(ns, pkt.src) {
            pkt.src
        } else {
            self.link(dev)
                .addrs
                .first()
                .map(|a| a.local)
                .unwrap_or(Ipv4Addr::UNSPECIFIED)
        };
        sim.arp_rounds += 1;
        sim.trace.push(Step::ArpRequest {
            at: self.at_link(dev),
            target: nh,
            sender: spa,
        });
        let sha = self.link(dev).mac;
        self.tx(
            sim,
            dev,
            Frame {
                src: sha,
                dst: Mac::BROADCAST,
                body: Body::Arp {
                    reply: false,
                    sha,
                    spa,
                    tpa: nh,
                },
            },
        );
    }

    fn set_neigh(
        &mut self,
        ns: NsId,
        dev: LinkId,
        ip: Ipv4Addr,
        mac: Option<Mac>,
        state: NeighState,
    ) {
        let now = self.now_us;
        let n = self.ns_mut(ns);
        if let Some(i) = n.neigh.iter().position(|e| e.ip == ip && e.dev == dev) {
            let e = &mut n.neigh[i];
            if e.state == NeighState::Permanent {
                return;
            }
            e.state = state;
            if mac.is_some() {
                e.mac = mac;
            }
            e.updated_us = now;
        } else {
            n.neigh.insert(
                0,
                Neigh {
                    ip,
                    dev,
                    mac,
                    state,
                    updated_us: now,
                },
            );
        }
    }

    /// A frame leaves `link`.
    fn tx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
        let l = self.link(link);
        if !l.admin_up {
            sim.trace.push(Step::Drop {
                at: self.at_link(link),
                reason: DropReason::LinkDown,
            });
            return;
        }
        if !self.carrier(link) {
            self.link_mut(link).stats.tx_dropped += 1;
            if !frame.dst.is_multicast() || sim.trace.drop_reason().is_none() {
                sim.trace.push(Step::Drop {
                    at: self.at_link(link),
                    reason: DropReason::NoCarrier,
                });
            }
            return;
        }
        let l = self.link_mut(link);
        l.stats.tx_packets += 1;
        l.stats.tx_bytes += frame_len(&frame);
        match l.kind.clone() {
            LinkKind::Veth { peer } => {
                sim.wire_hops += 1;
                if !frame.dst.is_multicast() {
                    sim.trace.push(Step::Wire {
                        from: self.at_link(link),
                        to: self.at_link(peer),
                    });
                }
                sim.queue.push_back((peer, frame));
            }
            LinkKind::Bridge { .. } => self.bridge_forward(sim, link, None, frame),
            LinkKind::Loopback => sim.queue.push_back((link, frame)),
            LinkKind::Ether => self.upstream(sim, link, frame),
            LinkKind::Dummy => {
                sim.trace.push(Step::Drop {
                    at: self.at_link(link),
                    reason: DropReason::Blackhole,
                });
            }
        }
    }

    /// A frame left the host's uplink: the gateway answers ARP, and the
    /// Internet answers what the host itself sent (see [`super::upstream`]).
    fn upstream(&mut self, sim: &mut Sim, eth: LinkId, frame: Frame) {
        use super::upstream::{answer, Upstream, GATEWAY, GATEWAY_MAC, INTERNET_RTT_US};
        let my_mac = self.link(eth).mac;
        let internet = At {
            ns: "internet".into(),
            dev: String::new(),
        };
        match frame.body {
            Body::Arp {
                reply: false,
                sha,
                spa,
                tpa,
            } if tpa == GATEWAY => {
                sim.trace.push(Step::ArpReply {
                    at: internet,
                    ip: GATEWAY,
                    mac: GATEWAY_MAC.to_string(),
                });
                sim.queue.push_back((
                    eth,
                    Frame {
                        src: GATEWAY_MAC,
                        dst: sha,
                        body: Body::Arp {
                            reply: true,
                            sha: GATEWAY_MAC,
                            spa: GATEWAY,
                            tpa: spa,
                        },
                    },
                ));
            }
            Body::Ip(pkt) if frame.dst == GATEWAY_MAC => {
                let host = self
                    .link(eth)
                    .addrs
                    .first()
                    .map(|a| a.local)
                    .unwrap_or(Ipv4Addr::UNSPECIFIED);
                sim.trace.push(Step::Wire {
                    from: self.at_link(eth),
                    to: internet.clone(),
                });
                match answer(&pkt, host) {
                    Upstream::Answer(reply) => {
                        if reply.src != GATEWAY {
                            sim.upstream_us += INTERNET_RTT_US;
                        }
                        sim.trace.push(Step::Deliver {
                            at: internet.clone(),
                            what: pkt.describe(),
                        });
                        sim.trace.push(Step::Wire {
                            from: internet,
                            to: self.at_link(eth),
                        });
                        sim.queue.push_back((
                            eth,
                            Frame {
                                src: GATEWAY_MAC,
                                dst: my_mac,
                                body: Body::Ip(reply),
                            },
                        ));
                    }
                    Upstream::Dropped(why) => {
                        sim.trace.push(Step::Drop {
                            at: internet,
                            reason: DropReason::Upstream(why),
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// A frame arrives at `link`.
    fn rx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
        if !self.link(link).admin_up {
            sim.trace.push(Step::Drop {
                at: self.at_link(link),
                reason: DropReason::LinkDown,
            });
            return;
        }
        let len = frame_len(&frame);
        let l = self.link_mut(link);
        l.stats.rx_packets += 1;
        l.stats.rx_bytes += len;
        if let Some(br) = self.link(link).master {
            if !self.port_forwarding(link) {
                sim.trace.push(Step::Drop {
                    at: self.at_link(link),
                    reason: DropReason::PortDisabled,
                });
                return;
            }
            let now = self.now_us;
            let learnt = match &mut self.link_mut(br).kind {
                LinkKind::Bridge { fdb, .. } => fdb_learn(fdb, frame.src, link, now),
                _ => false,
            };
            if learnt {
                sim.trace.push(Step::BridgeLearn {
                    at: self.at_link(br),
                    mac: frame.src.to_string(),
                    port: self.link(link).name.to_string(),
                });
            }
            self.bridge_forward(sim, br, Some(link), frame);
            return;
        }
        self.stack_rx(sim, link, frame);
    }

    /// The bridge's forwarding decision (from a port, or from the host when `in_port` is None).
    fn bridge_forward(&mut self, sim: &mut Sim, br: LinkId, in_port: Option<LinkId>, frame: Frame) {
        let local = frame.dst == self.link(br).mac
            || (!frame.dst.is_multicast()
                && self.bridge_ports(br).any(|p| self.link(p).mac == frame.dst));
        let decision = match &self.link(br).kind {
            LinkKind::Bridge { fdb, .. } => {
                bridge_decide(fdb, frame.dst, in_port, local && in_port.is_some())
            }
            _ => return,
        };
        let br_ns = self.link(br).netns;
        if let (Body::Ip(pkt), Some(_)) = (&frame.body, in_port) {
            // br_netfilter: bridged IPv4 traverses the bridge namespace's
            // PREROUTING, FORWARD and POSTROUTING (`-i`/`-o` see the bridge).
            if !matches!(decision, BridgeDecision::Local) && self.bridge_nf_call_iptables(br_ns) {
                let mut p = pkt.clone();
                p.ct = None;
                for (hook, i, o) in [
                    (Hook::Prerouting, Some(br), None),
                    (Hook::Forward, Some(br), Some(br)),
                    (Hook::Postrouting, None, Some(br)),
                ] {
                    let ctx = HookCtx {
                        ns: br_ns,
                        hook,
                        in_dev: i,
                        out_dev: o,
                        bridged: true,
                    };
                    if !self.hook(sim, ctx, &mut p) {
                        return;
                    }
                }
            }
        }
        match decision {
            BridgeDecision::Local => self.stack_rx(sim, br, frame),
            BridgeDecision::Filter => {}
            BridgeDecision::Unicast(port) => {
                sim.trace.push(Step::BridgeUnicast {
                    at: self.at_link(br),
                    dst: frame.dst.to_string(),
                    port: self.link(port).name.to_string(),
                });
                if self.port_forwarding(port) {
                    self.tx(sim, port, frame);
                } else {
                    sim.trace.push(Step::Drop {
                        at: self.at_link(port),
                        reason: DropReason::PortDisabled,
                    });
                }
            }
            BridgeDecision::Flood => {
                let ports: Vec<LinkId> = self
                    .bridge_ports(br)
                    .filter(|p| Some(*p) != in_port && self.port_forwarding(*p))
                    .collect();
                sim.trace.push(Step::BridgeFlood {
                    at: self.at_link(br),
                    ports: ports.len(),
                    dst: frame.dst.to_string(),
                });
                for p in ports {
                    self.tx(sim, p, frame.clone());
                }
                if in_port.is_some() && frame.dst.is_multicast() && self.link(br).admin_up {
                    self.stack_rx(sim, br, frame);
                }
            }
        }
    }

    /// The IP stack of the link's namespace receives a frame.
    fn stack_rx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
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
                if !self.is_local_addr(ns, tpa) || self.link(link).kind == LinkKind::Dummy {
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
                self.tx(
                    sim,
                    link,
                    Frame {
                        src: my_mac,
                        dst: sha,
                        body: Body::Arp {
                            reply: true,
                            sha: my_mac,
                            spa: tpa,
                            tpa: spa,
                        },
                    },
                );
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
                    self.tx(
                        sim,
                        link,
                        Frame {
                            src: my_mac,
                            dst: sha,
                            body: Body::Ip(pkt),
                        },
                    );
                }
            }
            Body::Ip(pkt) => self.ip_rcv(sim, ns, link, pkt),
        }
    }

    /// PREROUTING, then INPUT or FORWARD.
    fn ip_rcv(&mut self, sim: &mut Sim, ns: NsId, link: LinkId, mut pkt: Ipv4Packet) {
        let ctx = HookCtx {
            ns,
            hook: Hook::Prerouting,
            in_dev: Some(link),
            out_dev: None,
            bridged: false,
        };
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        if self.is_local_addr(ns, pkt.dst) {
            self.ip_local_in(sim, ns, link, pkt);
            return;
        }
        if !self.ns(ns).ip_forward() {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::ForwardingDisabled,
            });
            return;
        }
        let Some(route) = self.route_lookup(ns, pkt.dst, None) else {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::NoRoute,
            });
            self.icmp_error(sim, ns, &pkt, IcmpError::NetUnreachable, Some(link));
            return;
        };
        if pkt.ttl <= 1 {
            sim.trace.push(Step::Drop {
                at: self.at(ns, Some(link)),
                reason: DropReason::TtlExceeded,
            });
            self.icmp_error(sim, ns, &pkt, IcmpError::TtlExceeded, Some(link));
            return;
        }
        let ctx = HookCtx {
            ns,
            hook: Hook::Forward,
            in_dev: Some(link),
            out_dev: Some(route.dev),
            bridged: false,
        };
        if !self.hook(sim, ctx, &mut pkt) {
            return;
        }
        pkt.ttl -= 1;
        sim.trace.push(Step::Forward {
            at: self.at(ns, Some(route.dev)),
            from_dev: self.link(link).name.to_string(),
        });
        let nh = route.via.unwrap_or(pkt.dst);
        self.ip_finish_output(sim, ns, route.dev, nh, pkt, Some(link));
    }

    /// INPUT, then the local "socket": echo requests are answered, UDP to a
    /// closed port gets port unreachable, replies and errors are collected.
    fn ip_local_in(&mut self, sim: &mut Sim, ns: NsId, link: LinkId, mut pkt: Ipv4Packet) {
        let ctx = HookCtx {
            ns,
            hook: Hook::Input,
            in_dev: Some(link),
            out_dev: None,
            bridged: false,
        };
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
                let reply = Ipv4Packet {
                    src: pkt.dst,
                    dst: pkt.src,
                    ttl: 64,
                    l4: L4::EchoReply { id, seq },
                    ct: None,
                };
                self.ip_output(sim, ns, reply, None);
            }
            L4::Udp { sport, dport } => {
                if sim.client == Some((ns, dport)) {
                    // The answer reached the socket that sent the probe.
                    sim.inbox.push((ns, pkt));
                    return;
                }
                if self.udp_listening(ns, pkt.dst, dport) {
                    if sim.client.is_some() {
                        // A UDP server (DNS, ...) answers a probe from the port it was asked on.
                        let reply = Ipv4Packet {
                            src: pkt.dst,
                            dst: pkt.src,
                            ttl: 64,
                            l4: L4::Udp {
                                sport: dport,
                                dport: sport,
                            },
                            ct: None,
                        };
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
                let answer = Ipv4Packet {
                    src: pkt.dst,
                    dst: pkt.src,
                    ttl: 64,
                    l4: L4::Tcp {
                        sport: dport,
                        dport: sport,
                        kind,
                    },
                    ct: None,
                };
                sim.inbox.push((ns, pkt));
                self.ip_output(sim, ns, answer, None);
            }
            _ => sim.inbox.push((ns, pkt)),
        }
    }

    /// Sends an ICMP error about `orig` back to its source (never about an error).
    fn icmp_error(
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
        let err = Ipv4Packet {
            src,
            dst: orig.src,
            ttl: 64,
            l4: L4::Error {
                kind,
                orig_dst: orig.dst,
                orig: Box::new(orig.l4.clone()),
            },
            ct: None,
        };
        if self.is_local_addr(ns, orig.src) {
            // Reported to the local socket directly (no packet on a wire).
            sim.inbox.push((ns, err));
        } else {
            self.ip_output(sim, ns, err, None);
        }
    }
}

/// (protocol, source port, destination port) as conntrack keys a packet;
/// ICMP echo uses its id for both ports.
fn l4_tuple(l4: &L4) -> (Proto, u16, u16) {
    match l4 {
        L4::EchoRequest { id, .. } | L4::EchoReply { id, .. } => (Proto::Icmp, *id, *id),
        L4::Udp { sport, dport } => (Proto::Udp, *sport, *dport),
        L4::Tcp { sport, dport, .. } => (Proto::Tcp, *sport, *dport),
        L4::Error { .. } => (Proto::Icmp, 0, 0),
    }
}

fn frame_len(f: &Frame) -> u64 {
    match f.body {
        Body::Arp { .. } => 42,
        Body::Ip(_) => 98,
    }
}
