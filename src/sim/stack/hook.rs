//! Where the stack calls netfilter: the five IPv4 hooks and the bridged
//! path of br_netfilter, and REJECT's answers.

use super::link::{LinkId, NsId};
use super::probe::Sim;
use super::world::World;
use crate::sim::netfilter::ext_l2::RxL2;
use crate::sim::netfilter::rule::RejectWith;
use crate::sim::netfilter::{self as nf, TraceStep};
use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::trace::{DropReason, Hook, Step, Trace};

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
    /// The ports of a packet being bridged (br_netfilter's path).
    pub bridged: Option<Ports>,
}

/// Where a bridged packet came in and goes out (`None`: flooded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// The port it came in on.
    pub in_port: Option<LinkId>,
    /// The one port it goes out of.
    pub out_port: Option<LinkId>,
}

impl HookCtx {
    /// A routed packet's place: `in_dev` is `-i`, `out_dev` is `-o`.
    pub const fn routed(
        ns: NsId,
        hook: Hook,
        in_dev: Option<LinkId>,
        out_dev: Option<LinkId>,
    ) -> HookCtx {
        HookCtx {
            ns,
            hook,
            in_dev,
            out_dev,
            bridged: None,
        }
    }
}

impl World {
    /// Netfilter at one hook: the namespace's tables and conntrack (see
    /// [`crate::sim::netfilter`]) see the packet, may rewrite it (NAT), and
    /// decide. A namespace whose iptables were never touched has no tables
    /// and no conntrack: everything is accepted and nothing is recorded.
    /// Bridged frames (`ctx.bridged`) only get here when br_netfilter is
    /// loaded and `net.bridge.bridge-nf-call-iptables = 1`.
    pub fn netfilter_hook(
        &mut self,
        ctx: HookCtx,
        pkt: &mut Ipv4Packet,
        (in_l2, rx_port): (RxL2, Option<LinkId>),
        trace: &mut Trace,
    ) -> Verdict {
        let key = self.ns(ctx.ns).name.clone();
        if !self.netfilter.contains_key(&key) {
            return Verdict::Accept;
        }
        let hook = ctx.hook;
        // The packet carries this namespace's conntrack state and mark
        // from hook to hook; one that crossed from elsewhere starts again.
        pkt.carry(ctx.ns);
        let before = pkt.clone();
        let primary =
            |w: &World, d: Option<LinkId>| d.and_then(|d| w.link(d).addrs.first().map(|a| a.local));
        let name = |w: &World, d: Option<LinkId>| d.map(|d| w.link(d).name.to_string());
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
            in_iface: name(self, ctx.in_dev),
            out_iface: name(self, ctx.out_dev),
            out_addr: primary(self, ctx.out_dev),
            in_addr: primary(self, ctx.in_dev),
            local_addrs,
            broadcast_addrs,
            trace_misses: self.nf_trace_misses,
            in_l2,
            physdev: self.phys_info(&ctx, rx_port),
        };
        let Some(table) = self.netfilter.get_mut(&key) else {
            return Verdict::Accept;
        };
        // NAT rewrites the packet in place.
        let r = table.hook(hook, pkt, &hctx);
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
            trace.push_nf(crate::sim::trace::NfRecord {
                at,
                hook: ctx.hook,
                bridged: ctx.bridged.is_some(),
                before,
                after: pkt.clone(),
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

    /// What br_netfilter recorded of the bridge ports (`-m physdev`): a
    /// bridged packet's ports, or the port a packet the bridge passed up
    /// came in on.
    fn phys_info(
        &self,
        ctx: &HookCtx,
        rx_port: Option<LinkId>,
    ) -> Option<nf::ext_physdev::PhysInfo> {
        let name = |p: Option<LinkId>| p.map(|p| self.link(p).name.to_string());
        match ctx.bridged {
            // Bridged only once the bridge chose where it goes (physoutdev
            // is set from FORWARD on; a flood goes out of every port).
            Some(ports) => Some(nf::ext_physdev::PhysInfo {
                in_port: name(ports.in_port),
                out_port: name(ports.out_port),
                bridged: ctx.hook != Hook::Prerouting,
            }),
            None => rx_port.map(|p| nf::ext_physdev::PhysInfo {
                in_port: name(Some(p)),
                out_port: None,
                bridged: false,
            }),
        }
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

    pub(crate) fn hook(&mut self, sim: &mut Sim, ctx: HookCtx, pkt: &mut Ipv4Packet) -> bool {
        // The frame being received counts only on the hooks it reaches.
        let (in_l2, rx_port) = match (sim.rx_l2, ctx.hook) {
            (Some((l, l2)), Hook::Prerouting | Hook::Input | Hook::Forward)
                if Some(l) == ctx.in_dev =>
            {
                (l2, sim.rx_port.filter(|(br, _)| *br == l).map(|(_, p)| p))
            }
            _ => (None, None),
        };
        match self.netfilter_hook(ctx, pkt, (in_l2, rx_port), &mut sim.trace) {
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
    pub(crate) fn reject(
        &mut self,
        sim: &mut Sim,
        ctx: HookCtx,
        pkt: &Ipv4Packet,
        with: RejectWith,
    ) {
        match (IcmpError::from_reject(with), &pkt.l4) {
            (None, L4::Tcp { sport, dport, kind }) if *kind != TcpKind::Rst => {
                let rst = Ipv4Packet::new(
                    pkt.dst,
                    pkt.src,
                    L4::Tcp {
                        sport: *dport,
                        dport: *sport,
                        kind: TcpKind::Rst,
                    },
                );
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
}
