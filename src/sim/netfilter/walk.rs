//! The walk through netfilter at one hook: the tables in priority order,
//! each chain rule by rule with jumps to user chains, the targets' effects,
//! conntrack's lookup and confirmation, and the nat table consulted only
//! for a connection's first packet.

use super::explain::{HookResult, TraceStep};
use super::hook::{Hook, HookCtx, TableKind, Verdict};
use super::log::log_line;
use super::match_env::NsEnv;
use super::nat;
use super::rule::rule_matches;
use super::state::{Netfilter, DMESG_LINES};
use super::table::{Policy, JUMP_STACK_SIZE};
use super::targets::Target;
use super::tuple::CtState;
use crate::sim::packet::Ipv4Packet as Packet;

/// Result of walking one chain.
enum ChainEnd {
    Verdict(Verdict, String),
    /// Fell off a built-in chain: its policy.
    Policy(Policy),
}

impl Netfilter {
    /// Runs a packet through one hook.
    ///
    /// ```
    /// use netbook::sim::netfilter::{Hook, HookCtx, Netfilter, Verdict};
    /// use netbook::sim::packet::Ipv4Packet as Packet;
    /// use netbook::sim::netfilter::parse::run_line;
    /// let mut nf = Netfilter::new();
    /// run_line(&mut nf, "-P FORWARD DROP").unwrap();
    /// let mut p = Packet::ping([10, 0, 0, 1].into(), [10, 0, 1, 1].into(), 7);
    /// let r = nf.hook(Hook::Forward, &mut p, &HookCtx::default());
    /// assert_eq!(r.verdict, Verdict::Drop);
    /// ```
    pub fn hook(&mut self, hook: Hook, pkt: &mut Packet, ctx: &HookCtx) -> HookResult {
        let mut steps = Vec::new();
        let verdict = self.run_hook(hook, pkt, ctx, &mut steps);
        // What the LOG targets wrote, in the order they fired.
        let logs: Vec<String> = steps
            .iter()
            .filter_map(|s| match s {
                TraceStep::Log { line } => Some(line.clone()),
                _ => None,
            })
            .collect();
        self.dmesg.extend(logs.iter().cloned());
        // The kernel's log buffer is a fixed-size ring: the oldest lines go.
        if self.dmesg.len() > DMESG_LINES + DMESG_LINES / 4 {
            let extra = self.dmesg.len() - DMESG_LINES;
            self.dmesg.drain(..extra);
        }
        HookResult {
            verdict,
            steps,
            logs,
        }
    }

    fn run_hook(
        &mut self,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
    ) -> Verdict {
        for &kind in hook.tables() {
            if kind == TableKind::Nat {
                let v = self.nat_hook(hook, pkt, ctx, steps);
                if v != Verdict::Accept {
                    return self.finish(hook, v, "nat".into(), steps);
                }
                continue;
            }
            if let Some(v) = self.table_hook(kind, hook, pkt, ctx, steps) {
                return v;
            }
            // Conntrack runs right after raw (priority -200); a looped-back
            // packet keeps the entry it got on the way out.
            if kind == TableKind::Raw && !pkt.nf().ct.seen {
                self.track(pkt, ctx, steps);
            }
        }
        if matches!(hook, Hook::Prerouting | Hook::Output) && !pkt.nf().ct.seen {
            self.track(pkt, ctx, steps);
        }
        if matches!(hook, Hook::Input | Hook::Postrouting) {
            self.conntrack.confirm(pkt, ctx, steps);
        }
        steps.push(TraceStep::Verdict {
            hook,
            verdict: Verdict::Accept,
            by: String::new(),
        });
        Verdict::Accept
    }

    fn finish(
        &self,
        hook: Hook,
        verdict: Verdict,
        by: String,
        steps: &mut Vec<TraceStep>,
    ) -> Verdict {
        steps.push(TraceStep::Verdict { hook, verdict, by });
        verdict
    }

    /// Walks one table's chain for `hook`; `Some(verdict)` when it ends
    /// the packet's journey (drop/reject).
    fn table_hook(
        &mut self,
        kind: TableKind,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
    ) -> Option<Verdict> {
        let ti = self.tables.iter().position(|t| t.kind == kind)?;
        let chain = hook.chain_name();
        match self.walk(ti, chain, hook, pkt, ctx, steps) {
            ChainEnd::Verdict(Verdict::Accept, _) => None,
            ChainEnd::Verdict(v, by) => Some(self.finish(hook, v, by, steps)),
            ChainEnd::Policy(p) => {
                self.fall_to_policy(ti, chain, p, pkt.wire_len(), steps);
                match p {
                    Policy::Accept => None,
                    Policy::Drop => Some(self.finish(
                        hook,
                        Verdict::Drop,
                        format!("{kind} {chain} policy DROP"),
                        steps,
                    )),
                }
            }
        }
    }

    /// A packet of `len` bytes fell off base chain `chain` of table `ti`
    /// into its policy `p`: counted and traced.
    fn fall_to_policy(
        &mut self,
        ti: usize,
        chain: &str,
        p: Policy,
        len: u32,
        steps: &mut Vec<TraceStep>,
    ) {
        let table = &mut self.tables[ti];
        steps.push(TraceStep::Policy {
            table: table.kind,
            chain: chain.to_string(),
            policy: p,
        });
        if let Some(ch) = table.chain_mut(chain) {
            if ch.policy_counted {
                ch.policy_counters.hit(len);
            }
        }
    }

    /// Walks a chain and the user chains it jumps to.
    fn walk(
        &mut self,
        ti: usize,
        start: &str,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
    ) -> ChainEnd {
        let kind = self.tables[ti].kind;
        // (chain index, next rule index) frames, like the kernel's jump stack.
        let Some(ci) = self.tables[ti].chain_index(start) else {
            return ChainEnd::Verdict(Verdict::Accept, String::new());
        };
        let mut stack: Vec<(usize, usize)> = vec![(ci, 0)];
        steps.push(TraceStep::Chain {
            table: kind,
            chain: start.to_string(),
        });
        while let Some((ci, ri)) = stack.pop() {
            let chain = &self.tables[ti].chains[ci];
            if ri >= chain.rules.len() {
                if let Some(p) = chain.policy {
                    return ChainEnd::Policy(p);
                }
                continue; // implicit RETURN from a user chain
            }
            let rule = &chain.rules[ri];
            let mut env = NsEnv {
                recent: &mut self.recent,
                conntrack: &self.conntrack,
            };
            let result = rule_matches(rule, pkt, ctx, &mut env);
            if result.is_err() && !ctx.trace_misses {
                stack.push((ci, ri + 1));
                continue;
            }
            steps.push(TraceStep::Rule {
                table: kind,
                chain: chain.name.clone(),
                num: ri + 1,
                spec: format!("-A {}{}", chain.name, rule.save_args()),
                result,
            });
            if result.is_err() {
                stack.push((ci, ri + 1));
                continue;
            }
            let target = rule.target.clone();
            let chain_name = chain.name.clone();
            self.tables[ti].chains[ci].rules[ri]
                .counters
                .hit(pkt.wire_len());
            let by = format!("{kind} {chain_name} rule {}", ri + 1);
            match target {
                Target::None => stack.push((ci, ri + 1)),
                Target::Accept => return ChainEnd::Verdict(Verdict::Accept, by),
                Target::Drop => return ChainEnd::Verdict(Verdict::Drop, by),
                Target::Reject(w) => return ChainEnd::Verdict(Verdict::Reject(w), by),
                Target::Return => {
                    if self.tables[ti].chains[ci].policy.is_some() && stack.is_empty() {
                        let p = self.tables[ti].chains[ci].policy.unwrap_or(Policy::Accept);
                        return ChainEnd::Policy(p);
                    }
                }
                Target::Jump(name) => {
                    // Rule checks keep worlds within the kernel's jump
                    // stack; should one slip through, drop as
                    // nft_do_chain does rather than walk forever.
                    if stack.len() + 1 >= JUMP_STACK_SIZE {
                        return ChainEnd::Verdict(Verdict::Drop, by);
                    }
                    stack.push((ci, ri + 1));
                    if let Some(nci) = self.tables[ti].chain_index(&name) {
                        steps.push(TraceStep::Chain {
                            table: kind,
                            chain: name,
                        });
                        stack.push((nci, 0));
                    }
                }
                Target::Log { level, prefix } => {
                    let line = log_line(ctx, level, prefix.as_deref(), pkt);
                    steps.push(TraceStep::Log { line });
                    stack.push((ci, ri + 1));
                }
                Target::NoTrack | Target::Ct { notrack: true } => {
                    // Conntrack will pass it by: state UNTRACKED, no NAT.
                    let ct = &mut pkt.nf().ct;
                    ct.seen = true;
                    ct.state = Some(CtState::Untracked);
                    ct.conn = None;
                    ct.pending = None;
                    stack.push((ci, ri + 1));
                }
                Target::Ct { notrack: false } => stack.push((ci, ri + 1)),
                Target::Tos { value, mask } => {
                    pkt.tos = (pkt.tos & !mask) ^ value;
                    stack.push((ci, ri + 1));
                }
                Target::ConnMark(op) => {
                    // xt_connmark leaves a packet without a connection be.
                    let ct = &pkt.nf().ct;
                    if ct.conn.is_some() || ct.pending.is_some() {
                        let (ctmark, mark) = op.apply(ct.mark, pkt.mark());
                        let nf = pkt.nf();
                        nf.ct.mark = ctmark;
                        nf.mark = mark;
                        if let Some((id, _)) = nf.ct.conn {
                            if let Some(c) = self.conntrack.get_mut(id) {
                                c.mark = ctmark;
                            }
                        }
                    }
                    stack.push((ci, ri + 1));
                }
                Target::Mark { value, mask } => {
                    pkt.nf().mark = (pkt.mark() & !mask) ^ value;
                    stack.push((ci, ri + 1));
                }
                Target::Snat(_)
                | Target::Dnat(_)
                | Target::Masquerade(..)
                | Target::Redirect(_) => {
                    if nat::apply_target(&self.conntrack, &target, hook, pkt, ctx, steps) {
                        return ChainEnd::Verdict(Verdict::Accept, by);
                    }
                    return ChainEnd::Verdict(Verdict::Drop, by);
                }
            }
        }
        ChainEnd::Verdict(Verdict::Accept, String::new())
    }

    /// The nat table at a hook: only the first packet of a connection
    /// walks it; later packets replay the connection's NAT.
    fn nat_hook(
        &mut self,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
    ) -> Verdict {
        let source = matches!(hook, Hook::Postrouting | Hook::Input);
        if hook == Hook::Output && !pkt.nf().ct.seen {
            self.track(pkt, ctx, steps);
        }
        if pkt.nf().ct.pending.is_none() {
            if pkt.nf().ct.conn.is_some() {
                steps.push(TraceStep::NatSkipped { hook });
                if source {
                    nat::replay(&self.conntrack, pkt, true, steps);
                }
            }
            return Verdict::Accept;
        }
        // Each half (source, destination) of a new connection's NAT is
        // decided once.
        let ct = &mut pkt.nf().ct;
        let done = if source {
            &mut ct.src_done
        } else {
            &mut ct.dst_done
        };
        if std::mem::replace(done, true) {
            return Verdict::Accept;
        }
        let mut verdict = Verdict::Accept;
        let mut nat_done = false;
        if let Some(ti) = self.tables.iter().position(|t| t.kind == TableKind::Nat) {
            let before = steps.len();
            match self.walk(ti, hook.chain_name(), hook, pkt, ctx, steps) {
                ChainEnd::Verdict(v, _) => verdict = v,
                ChainEnd::Policy(p) => {
                    self.fall_to_policy(ti, hook.chain_name(), p, pkt.wire_len(), steps);
                    if p == Policy::Drop {
                        verdict = Verdict::Drop;
                    }
                }
            }
            nat_done = steps[before..]
                .iter()
                .any(|s| matches!(s, TraceStep::Nat { .. }));
        }
        if source && !nat_done && verdict == Verdict::Accept {
            // Null binding: still make the reply tuple unique (implicit PAT).
            nat::implicit_snat(&self.conntrack, pkt, ctx, steps);
        }
        verdict
    }

    /// Conntrack at PREROUTING/OUTPUT: classify, then replay a known
    /// connection's destination NAT (un-SNAT of replies, DNAT of later
    /// packets).
    fn track(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        self.conntrack.classify(pkt, ctx, steps);
        if pkt.nf().ct.conn.is_some() {
            nat::replay(&self.conntrack, pkt, false, steps);
        }
    }
}
