//! What happened to a packet, step by step.
//!
//! The datapath appends a [`Step`] for every decision it takes (route
//! chosen, ARP asked and answered, bridge learnt/flooded/forwarded, a
//! netfilter hook, forwarded, delivered, dropped and why). Explanations and
//! diagrams are built from this record only, never from separate guesses.

use core::net::Ipv4Addr;
use std::fmt;

/// Steps one trace keeps (a storm would otherwise record millions).
pub const TRACE_CAP: usize = 20_000;

/// Where a step happened: a namespace (`""` is the host) and an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// Namespace name; empty for the root namespace.
    pub ns: String,
    /// Interface name; empty when the step is not tied to one.
    pub dev: String,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = if self.ns.is_empty() { "host" } else { &self.ns };
        if self.dev.is_empty() {
            write!(f, "{ns}")
        } else {
            write!(f, "{ns}/{}", self.dev)
        }
    }
}

/// A netfilter hook point: the datapath and netfilter name hooks alike.
pub use crate::sim::netfilter::Hook;

/// Why a packet or frame was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// The interface is administratively down.
    LinkDown,
    /// The interface is up but has no carrier (veth peer down, no bridge port up).
    NoCarrier,
    /// No route matches the destination.
    NoRoute,
    /// Not addressed to this namespace and `net.ipv4.ip_forward` is 0.
    ForwardingDisabled,
    /// Nobody answered ARP for the next hop.
    ArpFailed(Ipv4Addr),
    /// TTL reached zero.
    TtlExceeded,
    /// A frame for another MAC reached an interface that is not a bridge port.
    NotForUs,
    /// A bridge port in state disabled (bridge or port down).
    PortDisabled,
    /// The interface goes nowhere (`dummy`, or `eth0` with nothing behind it).
    Blackhole,
    /// A netfilter rule dropped it (the rule's text).
    Netfilter(String),
    /// `net.ipv4.icmp_echo_ignore_all` is 1.
    EchoIgnored,
    /// Dropped beyond the host's uplink (the text says why).
    Upstream(String),
    /// netbook stopped a broadcast storm or runaway send (the text says
    /// where and what would end it on Linux).
    Storm(String),
    /// A loopback (127.0.0.0/8) source or destination arrived on a
    /// non-loopback interface: Linux drops it as martian.
    Martian(Ipv4Addr),
    /// The source is one of the receiving namespace's own addresses and
    /// `accept_local` is off: martian source.
    MartianSource(Ipv4Addr),
    /// Reverse path filtering (`rp_filter`): the route back to the source
    /// leaves by another interface (strict mode), or there is none.
    ReversePath {
        /// The packet's source.
        src: Ipv4Addr,
        /// The interface it came in on.
        dev: String,
        /// The interface the route back uses, if there is one.
        back: Option<String>,
    },
    /// The route is a blackhole, unreachable, prohibit or throw route
    /// (its `ip route` word).
    RouteType(&'static str),
    /// br_netfilter's bridged DNAT sent a frame back toward the port it
    /// came in on, whose hairpin mode is off.
    HairpinOff(String),
    /// A TCP reply reached the client from an address other than the one
    /// it connected to (the reply skipped the conntrack that DNATed the
    /// request, so its source was never put back): no socket owns it, and
    /// the kernel answers it with a reset.
    StrayReply {
        /// Where the reply came from (`10.244.1.10:8080`).
        from: String,
        /// Where the client had sent its request (`10.96.0.200:80`).
        sent_to: String,
    },
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::LinkDown => f.write_str("the interface is down"),
            DropReason::NoCarrier => f.write_str(
                "no carrier: the other end of the cable (veth peer / bridge port) is down",
            ),
            DropReason::NoRoute => f.write_str("no route to the destination"),
            DropReason::ForwardingDisabled => {
                f.write_str("not for this host and net.ipv4.ip_forward = 0")
            }
            DropReason::ArpFailed(ip) => write!(f, "no ARP reply for {ip}"),
            DropReason::TtlExceeded => f.write_str("TTL exceeded"),
            DropReason::NotForUs => f.write_str("frame for another MAC on a non-bridge interface"),
            DropReason::PortDisabled => {
                f.write_str("bridge port is disabled (bridge or port down)")
            }
            DropReason::Blackhole => f.write_str("nothing is connected behind this interface"),
            DropReason::Netfilter(rule) => write!(f, "dropped by netfilter: {rule}"),
            DropReason::EchoIgnored => f.write_str("net.ipv4.icmp_echo_ignore_all = 1"),
            DropReason::HairpinOff(port) => write!(
                f,
                "the bridge does not send a frame back out the port it came in on: hairpin is off on {port}"
            ),
            DropReason::StrayReply { from, sent_to } => write!(
                f,
                "the reply came from {from}, but the connection went to {sent_to}: no socket owns it (its address was never translated back), the kernel answers with a reset"
            ),
            DropReason::Martian(a) => write!(
                f,
                "martian: {a} is a loopback address and may not arrive on a network interface"
            ),
            DropReason::MartianSource(a) => write!(
                f,
                "martian source: {a} is one of this host's own addresses and may not arrive from the network"
            ),
            DropReason::ReversePath { src, dev, back: Some(b) } => write!(
                f,
                "rp_filter: the route back to {src} leaves by {b}, not by {dev} where it came in"
            ),
            DropReason::ReversePath { src, back: None, .. } => {
                write!(f, "rp_filter: there is no route back to {src}")
            }
            DropReason::RouteType(word) => write!(f, "the route is a {word} route"),
            DropReason::Upstream(why) | DropReason::Storm(why) => f.write_str(why),
        }
    }
}

/// One thing the datapath did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A routing decision.
    Route {
        /// Where.
        at: At,
        /// Destination looked up.
        dst: Ipv4Addr,
        /// Gateway, if the route has one.
        via: Option<Ipv4Addr>,
        /// The matching route as `ip route` prints it.
        route: String,
    },
    /// ARP request broadcast.
    ArpRequest {
        /// Sending interface.
        at: At,
        /// Who has this address?
        target: Ipv4Addr,
        /// Tell this one.
        sender: Ipv4Addr,
    },
    /// ARP reply sent by the owner of the address.
    ArpReply {
        /// Replying interface.
        at: At,
        /// The address asked for.
        ip: Ipv4Addr,
        /// Its MAC.
        mac: String,
    },
    /// A bridge learnt a source MAC on a port.
    BridgeLearn {
        /// The bridge.
        at: At,
        /// The MAC.
        mac: String,
        /// The port.
        port: String,
    },
    /// A bridge flooded a frame to its other ports.
    BridgeFlood {
        /// The bridge.
        at: At,
        /// How many ports got a copy.
        ports: usize,
        /// Destination MAC.
        dst: String,
    },
    /// A bridge sent a frame to the one port that knows the destination.
    BridgeUnicast {
        /// The bridge.
        at: At,
        /// Destination MAC.
        dst: String,
        /// The port chosen.
        port: String,
    },
    /// A frame crossed a veth pair.
    Wire {
        /// Sending end.
        from: At,
        /// Receiving end.
        to: At,
    },
    /// A netfilter hook was traversed.
    Netfilter {
        /// Where.
        at: At,
        /// Which hook.
        hook: Hook,
        /// What happened (e.g. `ACCEPT (policy)`).
        verdict: String,
    },
    /// Routed through a namespace from one interface to another.
    Forward {
        /// The router namespace and the outgoing interface.
        at: At,
        /// The incoming interface.
        from_dev: String,
    },
    /// Handed to a local socket.
    Deliver {
        /// Where.
        at: At,
        /// What (e.g. `ICMP echo request 192.168.1.10 > 192.168.1.20`).
        what: String,
    },
    /// Dropped.
    Drop {
        /// Where.
        at: At,
        /// Why.
        reason: DropReason,
    },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Route { at, dst, route, .. } => write!(f, "{at}: route to {dst}: {route}"),
            Step::ArpRequest { at, target, sender } => {
                write!(f, "{at}: ARP who-has {target} tell {sender}")
            }
            Step::ArpReply { at, ip, mac } => write!(f, "{at}: ARP reply {ip} is-at {mac}"),
            Step::BridgeLearn { at, mac, port } => write!(f, "{at}: learn {mac} on {port}"),
            Step::BridgeFlood { at, ports, dst } => {
                write!(f, "{at}: flood {dst} to {ports} port(s)")
            }
            Step::BridgeUnicast { at, dst, port } => write!(f, "{at}: forward {dst} to {port}"),
            Step::Wire { from, to } => write!(f, "{from} -> {to}"),
            Step::Netfilter { at, hook, verdict } => write!(f, "{at}: {hook}: {verdict}"),
            Step::Forward { at, from_dev } => write!(f, "{at}: forward from {from_dev}"),
            Step::Deliver { at, what } => write!(f, "{at}: deliver {what}"),
            Step::Drop { at, reason } => write!(f, "{at}: DROP: {reason}"),
        }
    }
}

/// The steps of one packet's journey (and of the packets it caused).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trace {
    /// In order.
    pub steps: Vec<Step>,
    /// The full netfilter walk of every hook that had tables to visit, in
    /// order (for `netbook trace`); `steps` holds a one-line summary each.
    pub netfilter: Vec<NfRecord>,
}

/// One netfilter hook traversal: where, the packet before, and every step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NfRecord {
    /// Namespace and device.
    pub at: At,
    /// Which hook.
    pub hook: Hook,
    /// True on br_netfilter's path (a bridged frame).
    pub bridged: bool,
    /// The packet as the hook received it.
    pub before: crate::sim::packet::Ipv4Packet,
    /// The packet as the hook left it (NAT applied).
    pub after: crate::sim::packet::Ipv4Packet,
    /// Chains, rules, NAT, conntrack and the verdict.
    pub steps: Vec<crate::sim::netfilter::TraceStep>,
}

impl Trace {
    /// Appends a step.
    /// Keeps at most [`TRACE_CAP`] steps: a runaway send must not hold
    /// gigabytes of record.
    pub fn push(&mut self, s: Step) {
        if self.steps.len() < TRACE_CAP {
            self.steps.push(s);
        }
    }

    /// Keeps at most [`TRACE_CAP`] netfilter records.
    pub fn push_nf(&mut self, r: NfRecord) {
        if self.netfilter.len() < TRACE_CAP {
            self.netfilter.push(r);
        }
    }

    /// Keeps `s` even past the cap (the step that says why a send stopped).
    pub fn force_push(&mut self, s: Step) {
        self.steps.push(s);
    }

    /// The first drop, if any: the "why did it fail" answer.
    pub fn drop_reason(&self) -> Option<&DropReason> {
        self.steps.iter().find_map(|s| match s {
            Step::Drop { reason, .. } => Some(reason),
            _ => None,
        })
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}
