//! What every iproute2 view shares: the global options (`-br`, `-o`, `-c`,
//! ...), interface names with their `@peer`, states and colours.

use crate::sim::link::{LinkKind, OperState};
use crate::sim::{LinkId, World};

/// The global options of `ip` that change how things are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShowOpts {
    /// `-br`: one terse line per interface.
    pub brief: bool,
    /// `-o`: one line per record, newlines turned into `\`.
    pub oneline: bool,
    /// `-4` / `-6`: only that family (0: both).
    pub family: u8,
    /// `-s` given this many times.
    pub stats: u8,
    /// `-c`: ANSI colours.
    pub color: bool,
    /// `-d`: details.
    pub details: bool,
}

pub(crate) const CYAN: &str = "\x1b[36m";
pub(crate) const GREEN: &str = "\x1b[32m";
pub(crate) const RED: &str = "\x1b[31m";
pub(crate) const YELLOW: &str = "\x1b[33m";
pub(crate) const MAGENTA: &str = "\x1b[35m";
pub(crate) const BLUE: &str = "\x1b[34m";
pub(crate) const RESET: &str = "\x1b[0m";

pub(crate) fn paint(on: bool, color: &str, s: &str) -> String {
    if on {
        format!("{color}{s}{RESET}")
    } else {
        s.to_string()
    }
}

pub(crate) fn state_color(s: OperState) -> Option<&'static str> {
    match s {
        OperState::Up => Some(GREEN),
        OperState::Down | OperState::LowerLayerDown => Some(RED),
        OperState::Unknown => None,
    }
}

/// `veth1@veth1-br` (peer here) or `veth1@if4` (peer elsewhere) or `veth1`.
pub fn ifname_at(w: &World, id: LinkId) -> String {
    let l = w.link(id);
    match l.kind {
        LinkKind::Veth { peer } => {
            let p = w.link(peer);
            if p.netns == l.netns {
                format!("{}@{}", l.name, p.name)
            } else {
                format!("{}@if{}", l.name, p.ifindex)
            }
        }
        _ => l.name.to_string(),
    }
}

pub(crate) fn qdisc(w: &World, id: LinkId) -> &'static str {
    let l = w.link(id);
    match l.kind {
        LinkKind::Ether => "fq_codel",
        _ if l.ever_up => "noqueue",
        _ => "noop",
    }
}
