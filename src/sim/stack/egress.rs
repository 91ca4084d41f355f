//! The transmit path: route a locally generated or forwarded packet,
//! OUTPUT and POSTROUTING, resolve the next hop (ARP), put the frame on the wire.

use super::frame::{frame_len, Frame};
use super::hook::HookCtx;
use super::l2::{Neigh, NeighState};
use super::link::{LinkId, LinkKind, Mac, NsId};
use super::probe::Sim;
use super::world::World;
use crate::sim::packet::Ipv4Packet;
use crate::sim::trace::{DropReason, Hook, Step};
use core::net::Ipv4Addr;

impl World {
    /// A locally generated packet: route, OUTPUT (then route again if
    /// OUTPUT's DNAT changed the destination), POSTROUTING, then out; to
    /// one of the namespace's own addresses it loops back through `lo`.
    pub(crate) fn ip_output(
        &mut self,
        sim: &mut Sim,
        ns: NsId,
        mut pkt: Ipv4Packet,
        bind: Option<LinkId>,
    ) {
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
                    let ctx = HookCtx::routed(ns, Hook::Output, None, Some(lo));
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
                let ctx = HookCtx::routed(ns, Hook::Postrouting, None, Some(lo));
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                let ctx = HookCtx::routed(ns, Hook::Prerouting, Some(lo), None);
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                // Through the loopback device: counted once each way, by
                // the IP packet's length (loopback_xmit counts after
                // eth_type_trans has pulled the Ethernet header).
                let l = self.link_mut(lo);
                l.stats.tx_packets += 1;
                l.stats.tx_bytes += 84;
                l.stats.rx_packets += 1;
                l.stats.rx_bytes += 84;
                self.ip_local_in(sim, ns, lo, pkt);
                return;
            }
            let route = self.route_out(ns, pkt.dst, pkt.src, pkt.mark(), bind);
            let Some(route) = route else {
                sim.trace.push(Step::Drop {
                    at: self.at(ns, bind),
                    reason: DropReason::NoRoute,
                });
                return;
            };
            if let Some(word) = route.kind.word() {
                sim.trace.push(Step::Drop {
                    at: self.at(ns, bind),
                    reason: DropReason::RouteType(word),
                });
                return;
            }
            if !hooked {
                let (dst, mark) = (pkt.dst, pkt.mark());
                let ctx = HookCtx::routed(ns, Hook::Output, None, Some(route.dev));
                if !self.hook(sim, ctx, &mut pkt) {
                    return;
                }
                hooked = true;
                // ip_route_me_harder: a new destination, or a new mark the
                // rules may route differently, is routed again.
                let remarked = pkt.mark() != mark && !self.ns(ns).policy.is_plain();
                if pkt.dst != dst || remarked {
                    continue;
                }
            }
            sim.trace.push(Step::Route {
                at: self.at(ns, None),
                dst: pkt.dst,
                via: route.via,
                route: self.route_text(&route),
            });
            let nh = self.gateway(ns, route.via).unwrap_or(pkt.dst);
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
        if let Some(word) = r.kind.word() {
            return format!("{word} {s}");
        }
        if let Some(v) = r.via {
            s += &format!(" via {v}");
        }
        s += &format!(" dev {}", self.link(r.dev).name);
        s
    }

    /// POSTROUTING, then the neighbour (ARP) layer, then the wire.
    pub(crate) fn ip_finish_output(
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
            bridged: None,
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
                let state = e.state_at(now);
                e.mac.filter(|_| state.valid()).map(|m| (m, state))
            });
        if let Some((mac, state)) = known {
            if matches!(state, NeighState::Stale | NeighState::Delay) {
                // Using a stale entry starts the delay before re-confirmation.
                self.set_neigh(ns, dev, nh, None, NeighState::Delay);
            }
            let src = self.link(dev).mac;
            self.tx(sim, dev, Frame::ip(src, mac, pkt));
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
        self.tx(sim, dev, Frame::arp_request(sha, spa, nh));
    }

    pub(crate) fn set_neigh(
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
            if matches!(e.state, NeighState::Permanent | NeighState::Noarp) {
                return;
            }
            // A probe queued while earlier probes are still unanswered
            // fails with them: the probing started when the first was sent.
            let probing = e.state == NeighState::Failed
                && e.state_at(now) == NeighState::Incomplete
                && matches!(state, NeighState::Incomplete | NeighState::Failed);
            if probing {
                return;
            }
            e.learn(state, mac, now);
        } else {
            let mut e = Neigh::new(ip, dev, None, NeighState::None, now);
            e.learn(state, mac, now);
            n.neigh.insert(0, e);
        }
    }

    /// A frame leaves `link`.
    pub(crate) fn tx(&mut self, sim: &mut Sim, link: LinkId, frame: Frame) {
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
}
