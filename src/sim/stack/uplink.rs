//! The host's uplink: frames leaving `eth0` meet the simulated gateway and
//! the internet behind it ([`super::upstream`]).

use super::frame::{Body, Frame};
use super::link::LinkId;
use super::probe::Sim;
use super::world::World;
use crate::sim::trace::{At, DropReason, Step};
use core::net::Ipv4Addr;

impl World {
    /// A frame left the host's uplink: the gateway answers ARP, and the
    /// Internet answers what the host itself sent (see [`super::upstream`]).
    pub(crate) fn upstream(&mut self, sim: &mut Sim, eth: LinkId, frame: Frame) {
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
                let reply = Frame::arp_reply(GATEWAY_MAC, GATEWAY, (sha, spa));
                sim.queue.push_back((eth, reply));
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
                if sim.origin == Some(pkt.dst) {
                    sim.trace.push(Step::Deliver {
                        at: internet,
                        what: pkt.describe(),
                    });
                    sim.returned.push(pkt);
                    return;
                }
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
                        sim.queue
                            .push_back((eth, Frame::ip(GATEWAY_MAC, my_mac, reply)));
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
}
