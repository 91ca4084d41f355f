//! The seam with the stack: the five hooks and the tables on each (in the
//! kernel's priority order, see `include/uapi/linux/netfilter_ipv4.h`),
//! what the stack tells netfilter at a hook ([`HookCtx`]) and the final
//! word of a hook ([`Verdict`]).

use super::ext_l2::RxL2;
use super::targets::RejectWith;
use core::net::Ipv4Addr;
use std::fmt;

/// The five netfilter hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hook {
    /// Right after a packet arrives, before routing.
    Prerouting,
    /// Routed to a local process.
    Input,
    /// Routed through this namespace to another one.
    Forward,
    /// Created by a local process.
    Output,
    /// About to leave through an interface.
    Postrouting,
}

impl Hook {
    /// All hooks in packet-flow order.
    pub const ALL: [Hook; 5] = [
        Hook::Prerouting,
        Hook::Input,
        Hook::Forward,
        Hook::Output,
        Hook::Postrouting,
    ];

    /// The built-in chain name (`PREROUTING`).
    pub fn chain_name(self) -> &'static str {
        match self {
            Hook::Prerouting => "PREROUTING",
            Hook::Input => "INPUT",
            Hook::Forward => "FORWARD",
            Hook::Output => "OUTPUT",
            Hook::Postrouting => "POSTROUTING",
        }
    }

    /// Parses a built-in chain name.
    pub fn from_chain(name: &str) -> Option<Hook> {
        Hook::ALL.iter().copied().find(|h| h.chain_name() == name)
    }

    /// Tables with a chain on this hook, in the order the kernel runs them
    /// (nat last on PREROUTING/OUTPUT-dst, filter after nat's dst manip).
    pub fn tables(self) -> &'static [TableKind] {
        use TableKind::*;
        match self {
            Hook::Prerouting => &[Raw, Mangle, Nat],
            Hook::Input => &[Mangle, Filter, Nat],
            Hook::Forward => &[Mangle, Filter],
            Hook::Output => &[Raw, Mangle, Nat, Filter],
            Hook::Postrouting => &[Mangle, Nat],
        }
    }
}

/// What the datapath tells netfilter about the namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HookCtx {
    /// Virtual time, microseconds.
    pub now_us: u64,
    /// Interface the packet came in on (PREROUTING, INPUT, FORWARD: `-i`).
    pub in_iface: Option<String>,
    /// Interface it goes out of (FORWARD, OUTPUT, POSTROUTING: `-o`).
    pub out_iface: Option<String>,
    /// Primary address of the out interface (MASQUERADE).
    pub out_addr: Option<Ipv4Addr>,
    /// Primary address of the in interface (REDIRECT at PREROUTING).
    pub in_addr: Option<Ipv4Addr>,
    /// Addresses of this namespace (`addrtype LOCAL`).
    pub local_addrs: Vec<Ipv4Addr>,
    /// Broadcast addresses of this namespace (`addrtype BROADCAST`).
    pub broadcast_addrs: Vec<Ipv4Addr>,
    /// Record rules that did not match (the full "why"); off for speed.
    pub trace_misses: bool,
    /// The Ethernet frame the packet came in (`-m mac`, `-m pkttype`).
    pub in_l2: RxL2,
    /// The bridge ports it crossed (`-m physdev`).
    pub physdev: Option<super::ext_l2::PhysInfo>,
}

/// The final word of a hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Continue.
    Accept,
    /// Discard silently.
    Drop,
    /// Discard and send an ICMP error or TCP RST back.
    Reject(RejectWith),
}

/// One of the four tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableKind {
    /// Packet filtering (the default table).
    Filter,
    /// Address translation, consulted for the first packet of a connection.
    Nat,
    /// Packet alteration.
    Mangle,
    /// Before connection tracking (NOTRACK).
    Raw,
}

impl TableKind {
    /// All tables in the order `iptables-save` prints them when all exist
    /// (it prints them in creation order; this is the kernel's list order).
    pub const ALL: [TableKind; 4] = [
        TableKind::Filter,
        TableKind::Nat,
        TableKind::Mangle,
        TableKind::Raw,
    ];

    /// The name used with `-t`.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Filter => "filter",
            TableKind::Nat => "nat",
            TableKind::Mangle => "mangle",
            TableKind::Raw => "raw",
        }
    }

    /// Parses `-t NAME`.
    pub fn parse(s: &str) -> Option<TableKind> {
        TableKind::ALL.iter().copied().find(|t| t.name() == s)
    }

    /// The hooks this table has built-in chains for, in listing order.
    pub fn hooks(self) -> &'static [Hook] {
        use Hook::*;
        match self {
            TableKind::Filter => &[Input, Forward, Output],
            TableKind::Nat => &[Prerouting, Input, Output, Postrouting],
            TableKind::Mangle => &[Prerouting, Input, Forward, Output, Postrouting],
            TableKind::Raw => &[Prerouting, Output],
        }
    }
}

/// The chain name (`PREROUTING`), as traces print a hook.
impl fmt::Display for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.chain_name())
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
