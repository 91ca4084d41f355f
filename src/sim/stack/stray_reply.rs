//! A reply from the wrong address. A client's TCP socket is connected to
//! the address it sent its SYN to; a SYN-ACK from any other address is
//! not its (tcp_v4_rcv finds no socket and answers with a reset), so the
//! connection times out. This is what happens when a DNATed request's
//! reply skips the conntrack that translated it: most often a pod reaching
//! a Service whose endpoint sits on the same bridge while br_netfilter is
//! unloaded or `net.bridge.bridge-nf-call-iptables` is 0, so the reply is
//! bridged straight back with the endpoint's own address.

use super::link::{LinkKind, NsId};
use super::world::World;
use crate::sim::packet::{Ipv4Packet, TcpKind, L4};
use crate::sim::trace::{DropReason, Step, Trace};
use core::net::Ipv4Addr;

impl World {
    /// Notes in `trace` a SYN-ACK that reached `ns` for `src:sport` from
    /// somewhere other than `dst:dport`; true when there was one.
    pub(crate) fn note_stray_reply(
        &self,
        trace: &mut Trace,
        inbox: &[(NsId, Ipv4Packet)],
        ns: NsId,
        (src, sport): (Ipv4Addr, u16),
        (dst, dport): (Ipv4Addr, u16),
    ) -> bool {
        let stray = inbox.iter().find_map(|(n, p)| match p.l4 {
            L4::Tcp {
                sport: from_port,
                dport: to_port,
                kind: TcpKind::SynAck,
            } if *n == ns
                && p.dst == src
                && to_port == sport
                && (p.src, from_port) != (dst, dport) =>
            {
                Some((p.src, from_port))
            }
            _ => None,
        });
        let Some((from, from_port)) = stray else {
            return false;
        };
        let dev = self
            .route_lookup(ns, from, None)
            .map(|r| r.dev)
            .filter(|d| self.link(*d).netns == ns);
        trace.steps.push(Step::Drop {
            at: self.at(ns, dev),
            reason: DropReason::StrayReply {
                from: format!("{from}:{from_port}"),
                sent_to: format!("{dst}:{dport}"),
            },
        });
        true
    }

    /// The smallest fix for a stray reply: where the request was DNATed
    /// on a bridge that does not hand bridged IPv4 to iptables, load
    /// br_netfilter or turn `bridge-nf-call-iptables` back on.
    pub(crate) fn stray_reply_fix(&self, trace: &Trace) -> Option<String> {
        let at = trace.steps.iter().find_map(|s| match s {
            Step::Netfilter { at, verdict, .. } if verdict.contains("DNAT") => Some(at),
            _ => None,
        })?;
        let ns_name = (!at.ns.is_empty()).then_some(at.ns.as_str());
        let ns = self.ns_id(ns_name).ok()?;
        let dev = self.link_by_name(ns, &at.dev).ok()?;
        let bridge = matches!(self.link(dev).kind, LinkKind::Bridge { .. });
        if !bridge || self.bridge_nf_call_iptables(ns) {
            return None;
        }
        let exec = ns_name
            .map(|n| format!("ip netns exec {n} "))
            .unwrap_or_default();
        Some(if self.br_netfilter {
            format!("{exec}sysctl -w net.bridge.bridge-nf-call-iptables=1")
        } else {
            "modprobe br_netfilter".to_string()
        })
    }
}
