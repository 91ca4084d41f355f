//! One packet's walk from the Internet: `netbook trace ... from ADDR`.
//!
//! A sender beyond the host's uplink (`eth0`) sends one TCP SYN, UDP
//! datagram or ICMP echo request to an address of the host, as a client
//! on the Internet testing a port forward would. The packet enters through
//! the uplink (nat PREROUTING, routing, FORWARD or INPUT, POSTROUTING), and
//! what comes back out of the uplink to the sender ends the walk. Runs on
//! a copy of the world, like [`World::walk`].

use super::frame::Frame;
use super::link::LinkKind;
use super::probe::Sim;
use super::upstream::{is_unroutable, GATEWAY_MAC};
use super::walk::{rejected, Walk, WalkProto};
use super::world::World;
use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::trace::{At, Step};
use core::net::Ipv4Addr;

/// Why an inbound walk could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkInError {
    /// The host has no uplink (its `eth0` was deleted).
    #[error("the host has no uplink (eth0) for a packet from the Internet")]
    NoUplink,
    /// The uplink is down or has no address.
    #[error("the uplink {0} is down or has no address")]
    UplinkDown(String),
    /// `from` names an address that is not on the Internet.
    #[error("{0} is not an Internet address (private, local or reserved): only a sender beyond eth0 can be traced this way")]
    NotInternet(Ipv4Addr),
}

impl World {
    /// Walks one packet from `src` on the Internet to `dst`, arriving
    /// through the host's uplink.
    pub fn walk_from_internet(
        &self,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        what: WalkProto,
    ) -> Result<Walk, WalkInError> {
        let root = self.ns_id(None).map_err(|_| WalkInError::NoUplink)?;
        if is_unroutable(src) || self.is_local_addr(root, src) {
            return Err(WalkInError::NotInternet(src));
        }
        let (eth, link) = self
            .links_of(root)
            .find(|(_, l)| l.kind == LinkKind::Ether)
            .ok_or(WalkInError::NoUplink)?;
        if !link.admin_up || link.addrs.is_empty() {
            return Err(WalkInError::UplinkDown(link.name.to_string()));
        }
        let (eth_mac, eth_at) = (link.mac, self.at_link(eth));
        let mut w = self.clone();
        w.nf_trace_misses = true;
        let l4 = what.probe();
        let sent = Ipv4Packet {
            ttl: 50,
            ..Ipv4Packet::new(src, dst, l4)
        };
        let mut sim = Sim {
            budget: super::probe::EVENT_BUDGET,
            origin: Some(src),
            ..Default::default()
        };
        sim.trace.push(Step::Wire {
            from: At {
                ns: "internet".into(),
                dev: String::new(),
            },
            to: eth_at,
        });
        sim.queue
            .push_back((eth, Frame::ip(GATEWAY_MAC, eth_mac, sent.clone())));
        w.run(&mut sim);
        let delivered = sim.inbox.iter().find(|(_, p)| {
            matches!(
                (&p.l4, &sent.l4),
                (
                    L4::Tcp {
                        kind: TcpKind::Syn,
                        ..
                    },
                    L4::Tcp { .. }
                ) | (L4::Udp { .. }, L4::Udp { .. })
                    | (L4::EchoRequest { .. }, L4::EchoRequest { .. })
            )
        });
        let at = delivered
            .map(|(n, p)| {
                let ns = w.ns(*n).name.clone().unwrap_or_else(|| "the host".into());
                format!("{ns} ({})", p.dst)
            })
            .unwrap_or_else(|| dst.to_string());
        // The port the segment reached, after any DNAT.
        let reached_port = |asked: u16| match delivered.map(|(_, p)| &p.l4) {
            Some(L4::Tcp { dport, .. } | L4::Udp { dport, .. }) => *dport,
            _ => asked,
        };
        let back = sim.returned.first();
        let mut cause = None;
        let fix = None;
        let outcome = match (back.map(|p| (&p.l4, p.src)), what) {
            (Some((L4::EchoReply { .. }, from)), _) => format!("answered: echo reply from {from}"),
            (
                Some((
                    L4::Tcp {
                        kind: TcpKind::SynAck,
                        ..
                    },
                    from,
                )),
                _,
            ) => format!("answered: SYN-ACK from {from} (a process listens in {at})"),
            (Some((L4::Udp { .. }, from)), _) => format!("answered: UDP reply from {from}"),
            (
                Some((
                    L4::Tcp {
                        kind: TcpKind::Rst, ..
                    },
                    _,
                )),
                WalkProto::Tcp(port),
            )
            | (
                Some((
                    L4::Error {
                        kind: IcmpError::PortUnreachable,
                        ..
                    },
                    _,
                )),
                WalkProto::Udp(port),
            ) if !rejected(&sim.trace) => {
                cause = Some(format!(
                    "nothing listens on port {} in {at}: the kernel answers with a reset / port unreachable",
                    reached_port(port)
                ));
                "refused".to_string()
            }
            (
                Some((
                    L4::Tcp {
                        kind: TcpKind::Rst, ..
                    },
                    _,
                )),
                _,
            ) => "refused by a REJECT rule (TCP reset)".into(),
            (Some((L4::Error { kind, .. }, _)), _) => {
                format!("answered with ICMP {}", kind.ping_text())
            }
            _ => "lost: nothing came back".into(),
        };
        Ok(Walk::explained(&w, sent, sim.trace, outcome, cause, fix))
    }
}
