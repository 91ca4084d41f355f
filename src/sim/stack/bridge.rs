//! A frame arriving on a link, and a bridge's forwarding decision
//! (learning, flooding, unicasting), as in the kernel's br_input/br_forward.

use super::frame::{frame_len, Body, Frame};
use super::hook::HookCtx;
use super::l2::{bridge_decide, fdb_learn, BridgeDecision};
use super::link::{LinkId, LinkKind};
use super::probe::Sim;
use super::world::World;
use crate::sim::netfilter::ext_l2::PktType;
use crate::sim::trace::{DropReason, Hook, Step};

impl World {
    /// A frame arrives at `link`.
    pub(crate) fn rx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
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
            self.fdb_gc(br);
            let now = self.now_us;
            let learning = self.link(link).learning;
            let learnt = match &mut self.link_mut(br).kind {
                LinkKind::Bridge { fdb, .. } if learning => fdb_learn(fdb, frame.src, link, now),
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
    pub(crate) fn bridge_forward(
        &mut self,
        sim: &mut Sim,
        br: LinkId,
        in_port: Option<LinkId>,
        frame: Frame,
    ) {
        self.fdb_gc(br);
        let Some(decision) = self.bridge_decision(br, in_port, &frame) else {
            return;
        };
        let br_ns = self.link(br).netns;
        let mut frame = frame;
        if let (Body::Ip(pkt), Some(_)) = (&mut frame.body, in_port) {
            // br_netfilter: bridged IPv4 traverses the bridge namespace's
            // PREROUTING, FORWARD and POSTROUTING (`-i`/`-o` see the bridge),
            // and leaves the bridge as netfilter rewrote it (a reply of a
            // DNATed connection gets its source translated back).
            if !matches!(decision, BridgeDecision::Local) && self.bridge_nf_call_iptables(br_ns) {
                let mut p = pkt.clone();
                p.ct = None;
                let l2 = Some((frame.src.0, PktType::of(frame.dst.0, self.link(br).mac.0)));
                let outer = sim.rx_l2.replace((br, l2));
                let mut passed = true;
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
                        bridged: Some(super::hook::Ports {
                            in_port,
                            out_port: match decision {
                                BridgeDecision::Unicast(p) if hook != Hook::Prerouting => Some(p),
                                _ => None,
                            },
                        }),
                    };
                    if !self.hook(sim, ctx, &mut p) {
                        passed = false;
                        break;
                    }
                }
                sim.rx_l2 = outer;
                if !passed {
                    return;
                }
                p.ct = pkt.ct.take();
                *pkt = p;
            }
        }
        self.bridge_act(sim, br, in_port, frame, decision);
    }

    pub(crate) fn bridge_decision(
        &self,
        br: LinkId,
        in_port: Option<LinkId>,
        frame: &Frame,
    ) -> Option<BridgeDecision> {
        // Per frame over every link of the namespace: the MAC first, which
        // rarely matches, so a port's `master` is read only on a hit.
        let ns = self.link(br).netns;
        let local = frame.dst == self.link(br).mac
            || (!frame.dst.is_multicast()
                && self.ns(ns).links.iter().any(|&p| {
                    let l = self.link(p);
                    l.mac == frame.dst && l.master == Some(br)
                }));
        let decision = match &self.link(br).kind {
            LinkKind::Bridge { fdb, .. } => {
                bridge_decide(fdb, frame.dst, in_port, local && in_port.is_some())
            }
            _ => return None,
        };
        // A hairpin port takes back what was learnt behind it.
        Some(match (decision, in_port) {
            (BridgeDecision::Filter, Some(p)) if self.link(p).hairpin => BridgeDecision::Unicast(p),
            (d, _) => d,
        })
    }

    pub(crate) fn bridge_act(
        &mut self,
        sim: &mut Sim,
        br: LinkId,
        in_port: Option<LinkId>,
        frame: Frame,
        decision: BridgeDecision,
    ) {
        match decision {
            BridgeDecision::Local => {
                // A port's own MAC is a local FDB entry: the frame goes up
                // to the bridge device as PACKET_HOST (eth_type_trans on the
                // port matched it), even after the bridge's MAC moved on.
                let mut frame = frame;
                frame.dst = self.link(br).mac;
                sim.bridge_in = in_port.map(|p| (br, p));
                self.stack_rx(sim, br, frame);
                sim.bridge_in = None;
            }
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
                if !self.flood_allowed(sim, br, &frame) {
                    return;
                }
                let ports: Vec<LinkId> = self
                    .bridge_ports(br)
                    // br_flood skips the ingress port unless it is hairpin.
                    .filter(|p| {
                        (Some(*p) != in_port || self.link(*p).hairpin) && self.port_forwarding(*p)
                    })
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
}
