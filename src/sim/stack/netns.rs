//! A network namespace: its links, routes, neighbour table and sysctls.
//!
//! Follows ip-netns(8) and network_namespaces(7): each namespace has its own
//! interfaces (numbered from 1), routing table, ARP cache and `net.*`
//! sysctls; a new one starts with only `lo`, down, and
//! `net.ipv4.ip_forward = 0`. Netfilter tables and resolver files attach
//! here too (netfilter by its own module; files through
//! `/etc/netns/NAME/` in [`crate::sim::World::read_file`]).

use super::l2::{Neigh, ProxyNeigh};
use super::link::{LinkId, NsId};
use super::route_table::RouteTable;
use thiserror::Error;

/// One network namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Netns {
    /// `None` for the root (host) namespace, else the `ip netns` name.
    pub name: Option<String>,
    /// Its links in ifindex order.
    pub links: Vec<LinkId>,
    /// The last ifindex handed out (Linux's `net->ifindex`).
    pub last_ifindex: u32,
    /// Static routes of the main table (connected routes are derived from
    /// addresses, as the kernel re-creates them on every `up`).
    pub routes: RouteTable,
    /// `ip rule`'s rules and the tables besides `main` and `local`.
    pub policy: super::policy::Policy,
    /// Connected routes deleted by hand (`ip route del|flush`); the kernel
    /// re-creates one when its address is added again or its link comes up.
    pub unrouted: Vec<(LinkId, ipnet::Ipv4Net)>,
    /// The ARP cache, newest first (as `ip neigh` lists it).
    pub neigh: Vec<Neigh>,
    /// Proxy neighbours, in the order they were added.
    pub pneigh: Vec<ProxyNeigh>,
    /// Sysctls set away from their default, by dotted key.
    pub sysctl: Vec<(String, String)>,
    /// Peer namespaces this one has an id for (`link-netnsid N`), by
    /// ascending id (see [`super::nsid`]).
    pub nsids: Vec<(usize, NsId)>,
    /// Listening sockets (`netstat -l`).
    pub sockets: Vec<crate::sim::stack::transport::socket::Socket>,
}

/// A known sysctl under `/proc/sys/net`, per namespace.
#[derive(Debug, Clone, Copy)]
pub struct SysctlDef {
    /// Dotted key, e.g. `net.ipv4.ip_forward`.
    pub key: &'static str,
    /// Value in a fresh namespace (as `cat` prints it, without newline).
    pub default: &'static str,
    /// True when a single integer is expected (not a vector like port ranges).
    pub boolean: bool,
}

/// The `net.*` sysctls the simulator models. Other modules (netfilter's
/// `net.bridge.*`) add theirs in [`crate::sim::World::sysctl_keys`].
pub static SYSCTLS: &[SysctlDef] = &[
    SysctlDef {
        key: "net.ipv4.ip_forward",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv4.conf.all.forwarding",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv4.conf.default.forwarding",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv4.icmp_echo_ignore_all",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv4.icmp_echo_ignore_broadcasts",
        default: "1",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv4.icmp_ratelimit",
        default: "1000",
        boolean: false,
    },
    SysctlDef {
        key: "net.ipv4.ip_default_ttl",
        default: "64",
        boolean: false,
    },
    SysctlDef {
        key: "net.ipv4.ip_local_port_range",
        default: "32768\t60999",
        boolean: false,
    },
    SysctlDef {
        key: "net.ipv4.ping_group_range",
        default: "0\t2147483647",
        boolean: false,
    },
    SysctlDef {
        key: "net.ipv6.conf.all.forwarding",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.ipv6.conf.all.disable_ipv6",
        default: "0",
        boolean: true,
    },
    SysctlDef {
        key: "net.core.somaxconn",
        default: "4096",
        boolean: false,
    },
];

/// Why a namespace or sysctl operation failed; Display is the tool's wording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NetnsError {
    /// `ip netns add` of an existing name.
    #[error("Cannot create namespace file \"/run/netns/{0}\": File exists")]
    Exists(String),
    /// `ip netns del` of a missing name.
    #[error("Cannot remove namespace file \"/run/netns/{0}\": No such file or directory")]
    CannotRemove(String),
    /// `ip netns exec` / `ip -n` with a missing name.
    #[error("Cannot open network namespace \"{0}\": No such file or directory")]
    NotFound(String),
    /// A name with `/` or empty.
    #[error("Invalid netns name \"{0}\"")]
    BadName(String),
    /// The session's cap on namespaces (a memory guard; Linux has none).
    #[error("Cannot create namespace \"{0}\": netbook allows at most {1} namespaces per session")]
    Limit(String, usize),
    /// `sysctl` of an unknown key (the path form is what sysctl prints).
    #[error("sysctl: cannot stat /proc/sys/{0}: No such file or directory")]
    NoSuchSysctl(String),
    /// A value the kernel rejects.
    #[error("sysctl: setting key \"{0}\": Invalid argument")]
    BadSysctlValue(String),
    /// A read-only key: the kernel refuses the write, but procps only
    /// warns when closing the file and still exits 0.
    #[error("sysctl: setting key \"{0}\": Invalid argument")]
    ReadOnly(String),
}

impl Netns {
    /// A namespace with no links yet (the world adds `lo`).
    pub fn new(name: Option<String>) -> Self {
        Netns {
            name,
            ..Default::default()
        }
    }

    /// The name `ip` shows for it; the root namespace has none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    /// A sysctl's current value, if the key is known.
    pub fn sysctl(&self, key: &str) -> Option<&str> {
        if let Some((_, v)) = self.sysctl.iter().find(|(k, _)| k == key) {
            return Some(v);
        }
        SYSCTLS.iter().find(|d| d.key == key).map(|d| d.default)
    }

    /// True when `net.ipv4.ip_forward` is non-zero.
    pub fn ip_forward(&self) -> bool {
        self.sysctl("net.ipv4.ip_forward").is_some_and(|v| v != "0")
    }
}
