//! Netfilter for one network namespace: the iptables tables, connection
//! tracking, NAT and the kernel log that LOG writes to.
//!
//! The seam with the datapath is [`Netfilter::hook`]: the datapath hands
//! over its [`Ipv4Packet`](crate::sim::packet::Ipv4Packet) at each hook (PREROUTING, INPUT, FORWARD, OUTPUT,
//! POSTROUTING) with a [`HookCtx`] (time, the out-interface address for
//! MASQUERADE, local addresses for `addrtype`), and gets back the verdict
//! plus the [`TraceStep`]s that explain it. Tables are walked in the
//! kernel's priority order (see iptables(8) and the netfilter hook
//! priorities in `include/uapi/linux/netfilter_ipv4.h`):
//!
//! | hook        | order                                                  |
//! |-------------|--------------------------------------------------------|
//! | PREROUTING  | raw, conntrack, mangle, nat (dst, first packet)        |
//! | INPUT       | mangle, filter, nat (src, first packet), confirm       |
//! | FORWARD     | mangle, filter                                         |
//! | OUTPUT      | raw, conntrack, mangle, nat (dst, first packet), filter|
//! | POSTROUTING | mangle, nat (src, first packet), confirm               |
//!
//! How the datapath drives it, per namespace the packet crosses:
//! - received: `hook(Prerouting)`, route, then `hook(Input)` (local) or
//!   `hook(Forward)` + `hook(Postrouting)` (routed);
//! - sent by a local process: `hook(Output)`, route, `hook(Postrouting)`;
//! - keep the same packet across the hooks of one namespace: its
//!   [`NfCarry`](crate::sim::packet::NfCarry) holds the conntrack state and
//!   mark, tagged with the namespace that set them, so a packet that moves
//!   to another namespace starts afresh; over `lo` it keeps its state, as
//!   in the kernel;
//! - when PREROUTING or OUTPUT changed the destination (DNAT/REDIRECT),
//!   route again; an ICMP error carries the offending tuple in
//!   [`Ipv4Packet::embedded`](crate::sim::packet::Ipv4Packet::embedded) so conntrack sees it as RELATED and un-NATs it;
//! - `ip_forward=0` is the datapath's decision: it never calls FORWARD.
//!
//! [`drop_hint`] turns the steps of a dropped packet into the cause and the
//! smallest fix. Nothing here reads a clock.
//!
//! Where things live:
//!
//! | file | what |
//! |------|------|
//! | `hook.rs` | the five hooks, the tables on each, [`HookCtx`], [`Verdict`] |
//! | `walk.rs` | the walk through the chains at one hook (jumps, targets' effects) |
//! | `rule.rs`, `matches.rs`, `targets.rs` | a rule, its match extensions, its target |
//! | `icmp.rs`, `statistic.rs`, `ext_limit.rs`, `ext_header.rs`, `ext_l2.rs`, `ext_owner.rs`, `ext_connmark.rs` | one extension (or a family) each: its values, test and text |
//! | `rule_text.rs` | a rule as `-S`/`iptables-save` and `-L` print it |
//! | `table.rs`, `state.rs` | tables and chains; one namespace's netfilter |
//! | `tuple.rs`, `conntrack.rs` | what conntrack keys by; the connection table, classification, confirmation |
//! | `nat.rs` | SNAT/DNAT/MASQUERADE/REDIRECT decisions, PAT, replay and un-NAT |
//! | `explain.rs`, `log.rs` | trace steps and drop hints; the LOG line |
//! | `argv.rs`, `ext_options.rs`, `extensions.rs`, `ext_parse.rs`, `checks.rs`, `values.rs`, `words.rs`, `error.rs` | the iptables command line |
//! | `apply.rs`, `save.rs` | applying a command; `-S`, iptables-save/restore |
//! | `services.rs` | `/etc/services` port names |

mod apply;
mod argv;
mod checks;
pub mod conntrack;
mod error;
pub mod explain;
mod ext_connlimit;
mod ext_connmark;
mod ext_hashlimit;
mod ext_header;
pub mod ext_l2;
mod ext_limit;
mod ext_options;
mod ext_owner;
mod ext_parse;
pub mod ext_physdev;
mod ext_recent;
mod ext_tos;
mod extensions;
pub mod hook;
pub mod icmp;
pub mod iface;
mod log;
mod match_env;
pub mod matches;
pub mod nat;
pub mod rule;
mod rule_text;
pub mod save;
pub mod services;
mod state;
mod statistic;
pub mod table;
pub mod targets;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ext;
pub mod tuple;
mod values;
pub mod virtual_ips;
mod walk;
mod words;

pub use explain::{drop_hint, HookResult, TraceStep};
pub use hook::{Hook, HookCtx, Verdict};
pub use log::log_line;
pub use matches::{addr_type, Mismatch};
pub use rule::rule_matches;
pub use state::Netfilter;
pub use tuple::PacketCt;

/// The iptables command line: parse argv, apply it, and the values it reads.
pub mod parse {
    pub use crate::sim::netfilter::apply::run_line;
    pub use crate::sim::netfilter::argv::{
        parse_args, parse_request, Command, Invocation, Request,
    };
    pub use crate::sim::netfilter::error::{NfError, VERSION};
    pub use crate::sim::netfilter::values::{
        hosts_table, parse_addr, parse_addrs, parse_nat_range,
    };
}
