//! The whole simulated machine: every network namespace, every link, the
//! file tree, and a virtual clock. Nothing here reads the real clock.

use super::dns::{DnsNet, DnsState, Unreachable};
use super::fs::{Fs, FsError};
use super::netfilter::Netfilter;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// The simulated host and everything in it.
///
/// ```
/// let w = netbook::sim::World::new();
/// assert!(w.fs.read("/etc/hosts").unwrap().contains("localhost"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct World {
    /// The file tree shared by all namespaces.
    pub fs: Fs,
    /// Virtual time in microseconds since the world was created.
    pub now_us: u64,
    /// Netfilter state per namespace (`None`: the root namespace). Read it
    /// through [`World::netfilter`]; absent means untouched (empty).
    pub netfilter: BTreeMap<Option<String>, Netfilter>,
    /// DNS servers running anywhere (CoreDNS, dnsmasq, public resolvers).
    pub dns: DnsState,
}

impl World {
    /// A fresh host: root namespace only, Debian-like files.
    pub fn new() -> Self {
        World {
            fs: Fs::new(),
            now_us: 0,
            netfilter: BTreeMap::new(),
            dns: DnsState::new(),
        }
    }
}

impl World {
    /// Reads a file as a process in `netns` sees it.
    ///
    /// This is the seam for per-namespace views (`/etc/netns/NAME/*` over
    /// `/etc/*`, `/proc/sys/net/...`); commands never read `fs` directly.
    pub fn read_file(&self, netns: Option<&str>, path: &str) -> Result<String, FsError> {
        let _ = netns;
        self.fs.read(path).map(str::to_string)
    }

    /// Writes a file as a process in `netns` would.
    pub fn write_file(
        &mut self,
        netns: Option<&str>,
        path: &str,
        content: &str,
        append: bool,
    ) -> Result<(), FsError> {
        let _ = netns;
        self.fs.write(path, content, append)
    }
}

/// An untouched namespace's netfilter: no tables, no connections.
static EMPTY_NETFILTER: std::sync::LazyLock<Netfilter> = std::sync::LazyLock::new(Netfilter::new);

impl World {
    /// The netfilter state (iptables tables, conntrack, kernel log) of a
    /// namespace.
    pub fn netfilter(&self, netns: Option<&str>) -> &Netfilter {
        self.netfilter
            .get(&netns.map(str::to_string))
            .unwrap_or(&EMPTY_NETFILTER)
    }

    /// The netfilter state of a namespace, for changing it.
    pub fn netfilter_mut(&mut self, netns: Option<&str>) -> &mut Netfilter {
        self.netfilter.entry(netns.map(str::to_string)).or_default()
    }

    /// Wall-clock seconds since the Unix epoch the virtual clock maps to
    /// (the lab host "booted" at [`crate::sim::dns::CLOCK_EPOCH_UNIX`]),
    /// for tools that print dates such as `iptables-save` and `dig`.
    pub fn wall_clock_s(&self) -> u64 {
        super::dns::CLOCK_EPOCH_UNIX + self.now_us / 1_000_000
    }
}

/// Until the datapath decides, a DNS server is reachable exactly when one
/// is listening there (the public resolvers always are); a packet to the
/// sender's own loopback is delivered even when nothing listens.
impl DnsNet for World {
    fn reach(&self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable> {
        if self.dns.find(self, from, ip, port).is_some() || self.owns(from, ip) {
            return Ok(());
        }
        Err(Unreachable::dropped(format!(
            "no DNS server answers at {ip} port {port}"
        )))
    }

    fn server_file(&self, netns: Option<&str>, path: &str) -> Option<String> {
        self.read_file(netns, path).ok()
    }
}
