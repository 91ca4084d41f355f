//! The four iptables tables and their chains, as iptables(8) "TABLES"
//! describes them: filter (INPUT, FORWARD, OUTPUT), nat (PREROUTING, INPUT,
//! OUTPUT, POSTROUTING), mangle (all five), raw (PREROUTING, OUTPUT).
//! Built-in chains have a policy and policy counters; user chains have
//! neither. With the nf_tables backend a table only exists once a command
//! writes to it (`-A`, `-I`, `-N`, `-P`), which `iptables-save` shows.

use super::hook::Hook;
pub use super::hook::TableKind;
use super::rule::{Counters, Rule};
use super::targets::{RejectWith, Target};
use super::tuple::Proto;

/// A built-in chain's policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Let the packet through.
    Accept,
    /// Discard it silently.
    Drop,
}

impl Policy {
    /// `ACCEPT` or `DROP`.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Accept => "ACCEPT",
            Policy::Drop => "DROP",
        }
    }

    /// Parses a policy name (case as given: iptables wants upper case).
    pub fn parse(s: &str) -> Option<Policy> {
        match s {
            "ACCEPT" => Some(Policy::Accept),
            "DROP" => Some(Policy::Drop),
            _ => None,
        }
    }
}

/// A chain: built-in (with a policy) or user-defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// Its name.
    pub name: String,
    /// `Some` for built-in chains.
    pub policy: Option<Policy>,
    /// Packets that fell off the end into the policy.
    pub policy_counters: Counters,
    /// Whether the policy counts: iptables-nft gives a base chain its
    /// counter when `-P` or iptables-restore declares the policy; a chain
    /// that came into being for an `-A` has none and stays at 0.
    pub policy_counted: bool,
    /// Rules in order (rule 1 first).
    pub rules: Vec<Rule>,
}

impl Chain {
    /// A built-in chain with policy ACCEPT.
    pub fn builtin(hook: Hook) -> Chain {
        Chain {
            name: hook.chain_name().to_string(),
            policy: Some(Policy::Accept),
            policy_counters: Counters::default(),
            policy_counted: false,
            rules: Vec::new(),
        }
    }

    /// An empty user-defined chain.
    pub fn user(name: &str) -> Chain {
        Chain {
            name: name.to_string(),
            policy: None,
            policy_counters: Counters::default(),
            policy_counted: false,
            rules: Vec::new(),
        }
    }

    /// True for built-in chains.
    pub fn is_builtin(&self) -> bool {
        self.policy.is_some()
    }
}

/// One table of one namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Which table.
    pub kind: TableKind,
    /// Built-in chains in hook order, then user chains sorted by name
    /// (the order `iptables -L`/`-S` print).
    pub chains: Vec<Chain>,
}

impl Table {
    /// A table with its built-in chains, empty, policies ACCEPT.
    pub fn new(kind: TableKind) -> Table {
        Table {
            kind,
            chains: kind.hooks().iter().map(|h| Chain::builtin(*h)).collect(),
        }
    }

    /// A chain by name.
    pub fn chain(&self, name: &str) -> Option<&Chain> {
        self.chain_index(name).map(|i| &self.chains[i])
    }

    /// A chain by name, mutable.
    pub fn chain_mut(&mut self, name: &str) -> Option<&mut Chain> {
        self.chain_index(name).map(move |i| &mut self.chains[i])
    }

    /// Index of a chain: built-ins by scan, user chains (kept sorted by
    /// name) by binary search, so kube-proxy-sized tables stay fast.
    pub fn chain_index(&self, name: &str) -> Option<usize> {
        let builtins = self.kind.hooks().len().min(self.chains.len());
        if let Some(i) = self.chains[..builtins].iter().position(|c| c.name == name) {
            return Some(i);
        }
        self.chains[builtins..]
            .binary_search_by(|c| c.name.as_str().cmp(name))
            .ok()
            .map(|i| i + builtins)
    }

    /// Reference counts of every chain jumped to, computed in one pass.
    pub fn reference_counts(&self) -> std::collections::HashMap<&str, usize> {
        let mut m = std::collections::HashMap::new();
        for r in self.chains.iter().flat_map(|c| c.rules.iter()) {
            if let Target::Jump(t) = &r.target {
                *m.entry(t.as_str()).or_insert(0) += 1;
            }
        }
        m
    }

    /// How many rules jump to `name` (the `(N references)` of `-L`).
    pub fn references(&self, name: &str) -> usize {
        self.chains
            .iter()
            .flat_map(|c| c.rules.iter())
            .filter(|r| matches!(&r.target, Target::Jump(t) if t == name))
            .count()
    }

    /// Adds a user chain keeping user chains sorted by name.
    pub fn add_user_chain(&mut self, name: &str) {
        let builtins = self.kind.hooks().len().min(self.chains.len());
        let pos = builtins + self.chains[builtins..].partition_point(|c| c.name.as_str() < name);
        self.chains.insert(pos, Chain::user(name));
    }

    /// For every chain, the hooks it can be reached from (a bit per
    /// [`Hook`], in `Hook::ALL` order): built-ins from their own hook,
    /// user chains through the jumps that lead to them.
    pub fn hook_reach(&self) -> Vec<u8> {
        let mut reach = vec![0u8; self.chains.len()];
        let mut work: Vec<usize> = Vec::new();
        for (i, c) in self.chains.iter().enumerate() {
            if let Some(h) = Hook::from_chain(&c.name).filter(|_| c.is_builtin()) {
                reach[i] = 1 << (h as u8);
                work.push(i);
            }
        }
        while let Some(i) = work.pop() {
            for r in &self.chains[i].rules {
                if let Target::Jump(t) = &r.target {
                    if let Some(j) = self.chain_index(t) {
                        let next = reach[j] | reach[i];
                        if next != reach[j] {
                            reach[j] = next;
                            work.push(j);
                        }
                    }
                }
            }
        }
        reach
    }

    /// The first rule whose target the kernel would refuse where it sits
    /// (NAT targets outside their hooks or tables, REJECT outside filter):
    /// (chain index, rule index).
    pub fn first_invalid_rule(&self) -> Option<(usize, usize)> {
        let reach = self.hook_reach();
        for (ci, c) in self.chains.iter().enumerate() {
            for (ri, r) in c.rules.iter().enumerate() {
                if !target_valid(self.kind, reach[ci], &r.target)
                    || !reject_proto_ok(r)
                    || !r.matches.iter().all(|m| m.valid_at(reach[ci]))
                {
                    return Some((ci, ri));
                }
            }
        }
        None
    }

    /// True when a built-in chain reaches a chain through more than
    /// [`JUMP_STACK_SIZE`] - 1 nested jumps, or reaches a loop of jumps: the
    /// kernel's `nft_chain_validate` refuses the rule that makes it so
    /// (`Too many links`). Loops among user chains no built-in chain reaches
    /// are allowed, as in nf_tables. `include(chain, rule)` says which
    /// rules count (iptables-restore asks about a prefix of its rules).
    pub fn jumps_too_deep(&self, include: &dyn Fn(usize, usize) -> bool) -> bool {
        // ok_at[c]: the deepest level at which c's subtree was found fine;
        // a chain fine at level L is fine at every level below L, so each
        // chain is explored at most JUMP_STACK_SIZE times.
        let mut ok_at: Vec<Option<usize>> = vec![None; self.chains.len()];
        // Explicit stack of (chain, level, next rule): no recursion.
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        for (b, c) in self.chains.iter().enumerate() {
            if !c.is_builtin() {
                continue;
            }
            stack.push((b, 0, 0));
            while let Some(&mut (ci, level, ref mut ri)) = stack.last_mut() {
                let rules = &self.chains[ci].rules;
                let next = (*ri..rules.len())
                    .find(|&i| include(ci, i) && matches!(rules[i].target, Target::Jump(_)));
                let Some(i) = next else {
                    ok_at[ci] = Some(ok_at[ci].map_or(level, |l| l.max(level)));
                    stack.pop();
                    continue;
                };
                *ri = i + 1;
                let Target::Jump(name) = &rules[i].target else {
                    continue;
                };
                let Some(t) = self.chain_index(name) else {
                    continue;
                };
                if level + 1 >= JUMP_STACK_SIZE {
                    return true;
                }
                if ok_at[t].is_some_and(|l| l > level) {
                    continue;
                }
                stack.push((t, level + 1, 0));
            }
        }
        false
    }

    /// Zeroes every counter (rules and policies) of one chain or all.
    pub fn zero(&mut self, chain: Option<&str>) {
        for c in self
            .chains
            .iter_mut()
            .filter(|c| chain.is_none_or(|n| n == c.name))
        {
            c.policy_counters = Counters::default();
            for r in &mut c.rules {
                r.counters = Counters::default();
            }
        }
    }
}

/// `REJECT --reject-with tcp-reset` only in a rule that matches TCP
/// (`-p tcp` without `!`): ipt_REJECT's checkentry refuses it otherwise,
/// wherever the chain sits.
fn reject_proto_ok(r: &Rule) -> bool {
    match r.target {
        Target::Reject(RejectWith::TcpReset) => r
            .proto
            .as_ref()
            .is_some_and(|p| p.proto == Proto::Tcp && !p.invert),
        _ => true,
    }
}

/// The kernel's jump stack (`NFT_JUMP_STACK_SIZE`): a chain visited at
/// this depth below a built-in chain is refused, and the walk never goes
/// deeper.
pub const JUMP_STACK_SIZE: usize = 16;

/// Whether `target` may sit in a chain of table `kind` reached from the
/// hooks in `mask` (the xtables targets' table and hook restrictions).
pub fn target_valid(kind: TableKind, mask: u8, target: &Target) -> bool {
    let only = |hooks: &[Hook]| {
        let allowed = hooks.iter().fold(0u8, |m, h| m | 1 << (*h as u8));
        mask & !allowed == 0
    };
    match target {
        Target::Snat(_) => kind == TableKind::Nat && only(&[Hook::Postrouting, Hook::Input]),
        Target::Masquerade(..) => kind == TableKind::Nat && only(&[Hook::Postrouting]),
        Target::Dnat(_) | Target::Redirect(_) => {
            kind == TableKind::Nat && only(&[Hook::Prerouting, Hook::Output])
        }
        Target::Reject(_) => kind == TableKind::Filter,
        Target::NoTrack | Target::Ct { .. } => kind == TableKind::Raw,
        Target::Tos { .. } => kind == TableKind::Mangle,
        _ => true,
    }
}
