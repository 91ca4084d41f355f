//! The "why" of a packet's walk: every step netfilter took ([`TraceStep`],
//! for `netbook trace` and the rich view) and, for a dropped packet, the
//! deciding rule or policy with the smallest fix ([`drop_hint`]).

use super::hook::{Hook, TableKind, Verdict};
use super::matches::Mismatch;
use super::table::Policy;
use super::targets::NatKind;
use super::tuple::{ConnId, CtState, Direction};
use crate::sim::packet::Ipv4Packet as Packet;
use core::net::Ipv4Addr;

/// One step of a packet's walk through netfilter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceStep {
    /// Conntrack classified the packet.
    Conntrack {
        /// The state rules will see.
        state: CtState,
        /// Existing connection and direction, if any.
        conn: Option<(ConnId, Direction)>,
    },
    /// Entered a chain.
    Chain {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
    },
    /// A rule was tested.
    Rule {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
        /// 1-based rule number (as `--line-numbers` shows).
        num: usize,
        /// The rule as `-S` prints it.
        spec: String,
        /// `Ok` when it matched, else the first failed criterion.
        result: Result<(), Mismatch>,
    },
    /// The nat chains were skipped: not the first packet of the connection.
    NatSkipped {
        /// The hook.
        hook: Hook,
    },
    /// Fell off the end of a built-in chain.
    Policy {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
        /// Its policy.
        policy: Policy,
    },
    /// An address/port rewrite.
    Nat {
        /// What kind.
        kind: NatKind,
        /// Address and port before.
        before: (Ipv4Addr, u16),
        /// Address and port after.
        after: (Ipv4Addr, u16),
        /// True when the source was rewritten, false for the destination.
        source: bool,
    },
    /// A connection was confirmed into the conntrack table.
    Confirmed {
        /// Its id.
        conn: ConnId,
    },
    /// A LOG target wrote to the kernel log.
    Log {
        /// The line, as `dmesg` prints it.
        line: String,
    },
    /// The hook's verdict.
    Verdict {
        /// The hook.
        hook: Hook,
        /// Its verdict.
        verdict: Verdict,
        /// Which table/chain/rule decided it (`filter FORWARD policy`).
        by: String,
    },
}

/// The answer of [`crate::sim::netfilter::Netfilter::hook`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookResult {
    /// Accept, drop or reject.
    pub verdict: Verdict,
    /// What happened, in order.
    pub steps: Vec<TraceStep>,
    /// Lines LOG wrote (also appended to [`crate::sim::netfilter::Netfilter::dmesg`]).
    pub logs: Vec<String>,
}

/// Why a hook dropped or rejected a packet and the smallest fix, built
/// from the walk's own steps (never guessed): the deciding rule or policy
/// and the command that would let the packet through.
///
/// ```
/// use netbook::sim::netfilter::{drop_hint, parse::run_line, Hook, HookCtx, Netfilter};
/// use netbook::sim::packet::Ipv4Packet as Packet;
/// let mut nf = Netfilter::new();
/// run_line(&mut nf, "-P FORWARD DROP").unwrap();
/// let mut p = Packet::ping([10, 201, 0, 2].into(), [192, 168, 1, 10].into(), 1);
/// let r = nf.hook(Hook::Forward, &mut p, &HookCtx::default());
/// let hint = drop_hint(&r.steps, &p).unwrap();
/// assert!(hint.contains("iptables -P FORWARD ACCEPT"));
/// ```
pub fn drop_hint(steps: &[TraceStep], pkt: &Packet) -> Option<String> {
    let (hook, verdict, by) = steps.iter().rev().find_map(|s| match s {
        TraceStep::Verdict { hook, verdict, by } if *verdict != Verdict::Accept => {
            Some((*hook, *verdict, by.clone()))
        }
        _ => None,
    })?;
    let what = match verdict {
        Verdict::Drop => "dropped".to_string(),
        Verdict::Reject(w) => format!("rejected ({})", w.name()),
        Verdict::Accept => return None,
    };
    let chain = hook.chain_name();
    if by.ends_with("policy DROP") {
        let table = by.split(' ').next().unwrap_or("filter");
        let t = if table == "filter" {
            String::new()
        } else {
            format!("-t {table} ")
        };
        return Some(format!(
            "{what} by the {by} at {chain}: allow it with `iptables {t}-I {chain} -s {} -d {} -j ACCEPT` or open the chain with `iptables {t}-P {chain} ACCEPT`",
            pkt.src, pkt.dst
        ));
    }
    let rule = steps.iter().rev().find_map(|s| match s {
        TraceStep::Rule {
            table,
            chain: c,
            num,
            spec,
            result: Ok(()),
        } if by == format!("{table} {c} rule {num}") => {
            Some((*table, c.clone(), *num, spec.clone()))
        }
        _ => None,
    });
    match rule {
        Some((table, c, num, spec)) => {
            let t = if table == TableKind::Filter {
                String::new()
            } else {
                format!("-t {table} ")
            };
            Some(format!(
                "{what} by {by} (`{spec}`): remove it with `iptables {t}-D {c} {num}`"
            ))
        }
        None => Some(format!("{what} at {chain} by {by}")),
    }
}
