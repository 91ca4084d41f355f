//! One packet's walk, explained: `netbook trace`.
//!
//! Sends a single TCP SYN, UDP datagram or ICMP echo request from a
//! namespace on a copy of the world (the real one is left untouched),
//! with netfilter recording every rule tested (matched or not, and why),
//! and turns the datapath's own trace into a verdict: delivered,
//! answered, or dropped — with the cause and the smallest fix (after the
//! kernel's packet-flow diagram and iptables(8); the causes a learner
//! meets: `ip_forward=0`, a FORWARD policy of DROP, a missing MASQUERADE,
//! no return route, no listener).

use super::link::NsId;
use super::world::World;
use crate::sim::netfilter::{drop_hint, TraceStep, Verdict};
use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::stack::probe::ProbeOpts;
use crate::sim::trace::{DropReason, Step, Trace};
use core::net::Ipv4Addr;

/// What to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkProto {
    /// A TCP SYN to a port.
    Tcp(u16),
    /// A UDP datagram to a port.
    Udp(u16),
    /// An ICMP echo request.
    Icmp,
}

impl WalkProto {
    /// The destination port, if the protocol has one.
    pub fn port(self) -> Option<u16> {
        match self {
            WalkProto::Tcp(p) | WalkProto::Udp(p) => Some(p),
            WalkProto::Icmp => None,
        }
    }

    /// The probe's layer 4: a SYN, a datagram or an echo request, from
    /// the walk's fixed source port.
    pub(super) fn probe(self) -> L4 {
        match self {
            WalkProto::Tcp(port) => L4::Tcp {
                sport: 45_678,
                dport: port,
                kind: TcpKind::Syn,
            },
            WalkProto::Udp(port) => L4::Udp {
                sport: 45_678,
                dport: port,
            },
            WalkProto::Icmp => L4::EchoRequest { id: 1, seq: 1 },
        }
    }
}

/// The walk and its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// The packet as sent.
    pub sent: Ipv4Packet,
    /// Every step, with the full netfilter records.
    pub trace: Trace,
    /// One line: what became of the packet.
    pub outcome: String,
    /// Why it failed, if it did.
    pub cause: Option<String>,
    /// The smallest change that would let it through.
    pub fix: Option<String>,
}

impl Walk {
    /// A finished walk; where the outcome gave no cause, the trace is
    /// asked for one (and its fix).
    pub(super) fn explained(
        w: &World,
        sent: Ipv4Packet,
        trace: Trace,
        outcome: String,
        mut cause: Option<String>,
        mut fix: Option<String>,
    ) -> Walk {
        if cause.is_none() {
            if let Some((c, f)) = explain(w, &trace, &sent) {
                cause = Some(c);
                fix = f;
            }
        }
        Walk {
            sent,
            trace,
            outcome,
            cause,
            fix,
        }
    }
}

/// Why a walk could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    /// No route in the sender's table.
    #[error("connect: Network is unreachable")]
    NoRoute,
}

impl World {
    /// Walks one packet from `ns` to `dst` (see the module docs).
    ///
    /// ```
    /// use netbook::sim::{World, walk::WalkProto};
    /// let w = World::new();
    /// let root = w.ns_id(None).unwrap();
    /// let walk = w.walk(root, "127.0.0.1".parse().unwrap(), WalkProto::Tcp(8080)).unwrap();
    /// assert!(walk.cause.unwrap().contains("nothing listens"));
    /// ```
    pub fn walk(&self, ns: NsId, dst: Ipv4Addr, what: WalkProto) -> Result<Walk, WalkError> {
        let mut w = self.clone();
        w.nf_trace_misses = true;
        let src = w
            .probe_source(ns, dst, &ProbeOpts::default())
            .map_err(|_| WalkError::NoRoute)?;
        let l4 = what.probe();
        let sent = Ipv4Packet::new(src, dst, l4);
        if let WalkProto::Udp(_) = what {
            w.transport
                .udp_clients
                .push((ns, core::net::SocketAddrV4::new(src, 45_678)));
        }
        let mut d = w.send(ns, sent.clone(), None);
        let back = d.inbox.iter().find(|(n, p)| {
            *n == ns
                && p.dst == src
                && match p.l4 {
                    // The socket takes replies from where it connected only.
                    L4::Tcp {
                        sport, dport, kind, ..
                    } => {
                        dport == 45_678
                            && kind != TcpKind::Syn
                            && (p.src, Some(sport)) == (dst, what.port())
                    }
                    L4::Udp { sport, dport } => {
                        dport == 45_678 && (p.src, Some(sport)) == (dst, what.port())
                    }
                    L4::EchoReply { .. } | L4::Error { .. } => true,
                    L4::EchoRequest { .. } => false,
                }
        });
        let delivered = d.inbox.iter().find(|(n, p)| {
            !(*n == ns && p.dst == src)
                && matches!(
                    (&p.l4, &sent.l4),
                    (
                        L4::Tcp {
                            kind: TcpKind::Syn,
                            ..
                        },
                        L4::Tcp { .. }
                    ) | (L4::Udp { .. }, L4::Udp { .. })
                )
        });
        let ns_label = |n: NsId| match w.ns(n).name.as_deref() {
            Some(x) => x.to_string(),
            None => "the host".to_string(),
        };
        let mut cause = None;
        let mut fix = None;
        let outcome = match (back.map(|(_, p)| &p.l4), what) {
            (Some(L4::EchoReply { .. }), _) => format!("answered: echo reply from {dst}"),
            (
                Some(L4::Tcp {
                    kind: TcpKind::SynAck,
                    ..
                }),
                _,
            ) => {
                format!("answered: SYN-ACK from {dst} (a process listens)")
            }
            (Some(L4::Udp { .. }), _) => format!("answered: UDP reply from {dst}"),
            (
                Some(L4::Tcp {
                    kind: TcpKind::Rst, ..
                }),
                WalkProto::Tcp(port),
            )
            | (
                Some(L4::Error {
                    kind: IcmpError::PortUnreachable,
                    ..
                }),
                WalkProto::Udp(port),
            ) if !rejected(&d.trace) => {
                let at = delivered
                    .map(|(n, _)| ns_label(*n))
                    .unwrap_or(dst.to_string());
                cause = Some(format!("nothing listens on port {port} in {at}: the kernel answers with a reset / port unreachable"));
                fix = Some(format!("start a server there, e.g. `python3 -m http.server {port} &` or `nc -l -p {port} &`"));
                "refused".to_string()
            }
            (
                Some(L4::Tcp {
                    kind: TcpKind::Rst, ..
                }),
                _,
            ) => "refused by a REJECT rule (TCP reset)".into(),
            (Some(L4::Error { kind, .. }), _) => format!("answered with ICMP {}", kind.ping_text()),
            _ => {
                if let WalkProto::Tcp(port) = what {
                    w.note_stray_reply(&mut d.trace, &d.inbox, ns, (src, 45_678), (dst, port));
                }
                "lost: nothing came back".into()
            }
        };
        Ok(Walk::explained(&w, sent, d.trace, outcome, cause, fix))
    }
}

pub(super) fn rejected(t: &Trace) -> bool {
    t.netfilter.iter().any(|r| {
        r.steps.iter().any(|s| {
            matches!(
                s,
                TraceStep::Verdict {
                    verdict: Verdict::Reject(_),
                    ..
                }
            )
        })
    })
}

/// The first drop in the trace: its cause and the smallest fix.
pub(super) fn explain(w: &World, t: &Trace, sent: &Ipv4Packet) -> Option<(String, Option<String>)> {
    let (at, reason) = t.steps.iter().find_map(|s| match s {
        Step::Drop { at, reason } => Some((at.clone(), reason.clone())),
        _ => None,
    })?;
    let ns_opt = if at.ns.is_empty() {
        String::new()
    } else {
        format!("-n {} ", at.ns)
    };
    let exec = if at.ns.is_empty() {
        String::new()
    } else {
        format!("ip netns exec {} ", at.ns)
    };
    Some(match reason {
        DropReason::ForwardingDisabled => (
            format!("{at} is not the destination and does not forward: net.ipv4.ip_forward = 0"),
            Some(format!("{exec}sysctl -w net.ipv4.ip_forward=1")),
        ),
        DropReason::Netfilter(_) => {
            let rec = t.netfilter.iter().rev().find(|r| {
                r.steps.iter().any(|s| {
                    matches!(s, TraceStep::Verdict { verdict, .. } if *verdict != Verdict::Accept)
                })
            })?;
            let hint = drop_hint(&rec.steps, &rec.before)
                .unwrap_or_else(|| "dropped by netfilter".into());
            let fix = hint
                .split('`')
                .skip(1)
                .step_by(2)
                .find(|c| c.starts_with("iptables"))
                .map(|c| format!("{exec}{c}"));
            (format!("{}: {hint}", rec.at), fix)
        }
        DropReason::NoRoute => {
            let back = !at.ns.is_empty() && sent.src != Ipv4Addr::UNSPECIFIED;
            let reply_leg = t.steps.iter().any(|s| matches!(s, Step::Deliver { .. }));
            if back && reply_leg {
                (
                    format!("no return route: {at} has no route back to {}", sent.src),
                    Some(format!(
                        "masquerade on the router (`iptables -t nat -A POSTROUTING -s {}/24 -j MASQUERADE`) or add a return route (`ip {ns_opt}route add {}/24 via ROUTER`)",
                        mask24(sent.src),
                        mask24(sent.src)
                    )),
                )
            } else {
                (
                    format!("{at} has no route to {}", sent.dst),
                    Some(format!("ip {ns_opt}route add default via GATEWAY")),
                )
            }
        }
        DropReason::Upstream(why) if why.contains("masqueraded") => (
            format!("missing MASQUERADE: {why}"),
            Some(format!(
                "iptables -t nat -A POSTROUTING -s {}/24 -o eth0 -j MASQUERADE",
                mask24(sent.src)
            )),
        ),
        DropReason::ArpFailed(ip) => (
            format!("{at}: nobody answers ARP for {ip} (host down, wrong subnet, or not on this bridge)"),
            None,
        ),
        DropReason::LinkDown | DropReason::NoCarrier | DropReason::PortDisabled => (
            format!("{at}: {reason}"),
            Some(format!("ip {ns_opt}link set {} up", at.dev)),
        ),
        DropReason::StrayReply { .. } => (format!("{at}: {reason}"), w.stray_reply_fix(t)),
        DropReason::HairpinOff(ref port) => (
            format!("{at}: {reason}"),
            Some(format!("{exec}bridge link set dev {port} hairpin on")),
        ),
        DropReason::ReversePath { ref dev, .. } => (
            format!("{at}: {reason}"),
            // Loose mode only asks that a route back exists.
            Some(format!("{exec}sysctl -w net.ipv4.conf.{dev}.rp_filter=2")),
        ),
        other => (format!("{at}: {other}"), None),
    })
}

fn mask24(ip: Ipv4Addr) -> Ipv4Addr {
    let o = ip.octets();
    Ipv4Addr::new(o[0], o[1], o[2], 0)
}
