//! br_netfilter's bridged DNAT: a frame a bridge port passed up to the
//! bridge device whose destination PREROUTING rewrote to a host behind the
//! same bridge is not routed; it goes back into the bridge
//! (br_nf_pre_routing_finish_bridge), so the bridge's forwarding rules
//! apply: a frame for the port it came in on needs that port's hairpin
//! mode. This is why a Kubernetes pod reaching itself through its own
//! Service needs hairpin on the bridge.

use super::frame::{Body, Frame};
use super::hook::HookCtx;
use super::l2::{BridgeDecision, NeighState};
use super::link::{LinkId, NsId};
use super::probe::Sim;
use super::world::World;
use crate::sim::packet::Ipv4Packet;
use crate::sim::trace::{DropReason, Hook, Step};

impl World {
    /// After PREROUTING changed the destination of an IPv4 packet that
    /// came in on bridge port `port` of `br`: `Some(pkt)` to go on routing
    /// as usual, `None` when the bridge took it (or a hook dropped it).
    pub(crate) fn bridged_dnat(
        &mut self,
        sim: &mut Sim,
        ns: NsId,
        br: LinkId,
        port: LinkId,
        pkt: Ipv4Packet,
    ) -> Option<Ipv4Packet> {
        if !self.bridge_nf_call_iptables(ns) {
            return Some(pkt);
        }
        let same_bridge = self
            .route_lookup(ns, pkt.dst, None)
            .is_some_and(|r| r.dev == br && r.via.is_none());
        let now = self.now_us;
        let mac = self
            .ns(ns)
            .neigh
            .iter()
            .find(|e| e.ip == pkt.dst && e.dev == br)
            .filter(|e| !matches!(e.state_at(now), NeighState::Failed | NeighState::Incomplete))
            .and_then(|e| e.mac);
        let (true, Some(mac)) = (same_bridge, mac) else {
            return Some(pkt);
        };
        sim.trace.push(Step::Forward {
            at: self.at_link(br),
            from_dev: format!("{} (bridged DNAT)", self.link(port).name),
        });
        let frame = Frame::ip(self.link(br).mac, mac, pkt);
        // The bridge decides before its FORWARD and POSTROUTING hooks: a
        // frame it filters is never confirmed in conntrack.
        let decision = self.bridge_decision(br, Some(port), &frame)?;
        if decision == BridgeDecision::Filter {
            sim.trace.push(Step::Drop {
                at: self.at_link(port),
                reason: DropReason::HairpinOff(self.link(port).name.to_string()),
            });
            return None;
        }
        let Body::Ip(mut pkt) = frame.body else {
            return None;
        };
        for hook in [Hook::Forward, Hook::Postrouting] {
            let ctx = HookCtx {
                ns,
                hook,
                in_dev: (hook == Hook::Forward).then_some(br),
                out_dev: Some(br),
                bridged: None,
            };
            if !self.hook(sim, ctx, &mut pkt) {
                return None;
            }
        }
        let frame = Frame::ip(self.link(br).mac, mac, pkt);
        self.bridge_act(sim, br, Some(port), frame, decision);
        None
    }
}
