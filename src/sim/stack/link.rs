//! Network interfaces: loopback, ethernet, dummy, veth pairs and bridges.
//!
//! Follows ip-link(8) and the kernel's netdevice semantics: every namespace
//! numbers its interfaces from 1 (`lo`), names are unique per namespace,
//! a veth pair is two links that carry frames to each other, a bridge owns
//! its ports through `master`. MAC addresses are derived from names (not
//! random as on Linux) so every run prints the same output.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Index of a link in the world's slab (not the ifindex Linux shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkId(pub u32);

/// Index of a network namespace in the world's slab; 0 is the root one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NsId(pub u32);

impl NsId {
    /// The root (host) namespace.
    pub const ROOT: NsId = NsId(0);
}

/// A 48-bit Ethernet address, printed the iproute2 way (`aa:bb:...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Mac(pub [u8; 6]);

impl Mac {
    /// `00:00:00:00:00:00`, the loopback's address.
    pub const ZERO: Mac = Mac([0; 6]);
    /// `ff:ff:ff:ff:ff:ff`.
    pub const BROADCAST: Mac = Mac([0xff; 6]);

    /// A locally administered unicast address derived from a seed string
    /// (FNV-1a), standing in for the kernel's random one.
    ///
    /// ```
    /// use netbook::sim::link::Mac;
    /// let m = Mac::derive("ns1/veth1");
    /// assert_eq!(m, Mac::derive("ns1/veth1"));
    /// assert_eq!(m.0[0] & 0x03, 0x02); // local, unicast
    /// ```
    pub fn derive(seed: &str) -> Mac {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let b = h.to_be_bytes();
        Mac([(b[2] & 0xfc) | 0x02, b[3], b[4], b[5], b[6], b[7]])
    }

    /// True for broadcast and multicast addresses (low bit of first octet).
    pub fn is_multicast(&self) -> bool {
        self.0[0] & 1 == 1
    }

    /// The kernel's `is_valid_ether_addr`: neither multicast nor zero.
    pub fn is_valid_unicast(&self) -> bool {
        !self.is_multicast() && self.0 != [0; 6]
    }

    /// The EUI-64 IPv6 link-local address the kernel derives (`addr_gen_mode eui64`).
    pub fn link_local(&self) -> Ipv6Addr {
        let m = self.0;
        Ipv6Addr::new(
            0xfe80,
            0,
            0,
            0,
            u16::from_be_bytes([m[0] ^ 0x02, m[1]]),
            u16::from_be_bytes([m[2], 0xff]),
            u16::from_be_bytes([0xfe, m[3]]),
            u16::from_be_bytes([m[4], m[5]]),
        )
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

impl FromStr for Mac {
    type Err = ();
    fn from_str(s: &str) -> Result<Mac, ()> {
        let mut out = [0u8; 6];
        let mut n = 0;
        for part in s.split(':') {
            if n == 6 || part.is_empty() || part.len() > 2 {
                return Err(());
            }
            out[n] = u8::from_str_radix(part, 16).map_err(|_| ())?;
            n += 1;
        }
        if n == 6 {
            Ok(Mac(out))
        } else {
            Err(())
        }
    }
}

/// An interface name, stored inline (Linux caps them at 15 bytes), so links
/// and the name index copy without allocating.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct IfName {
    len: u8,
    bytes: [u8; IFNAMSIZ_MAX],
}

impl IfName {
    /// The name, if it fits (1 to 15 bytes).
    ///
    /// ```
    /// use netbook::sim::link::IfName;
    /// assert_eq!(IfName::new("veth1-br").unwrap(), "veth1-br");
    /// assert!(IfName::new("a-name-too-long-for-linux").is_none());
    /// ```
    pub fn new(s: &str) -> Option<IfName> {
        if s.is_empty() || s.len() > IFNAMSIZ_MAX {
            return None;
        }
        let mut bytes = [0u8; IFNAMSIZ_MAX];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(IfName {
            len: s.len() as u8,
            bytes,
        })
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        // Built only from a &str cut at its own length: always valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl std::ops::Deref for IfName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<str> for IfName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for IfName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for IfName {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

/// One learned entry in a bridge's forwarding database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdbEntry {
    /// The source MAC seen.
    pub mac: Mac,
    /// The port it was seen on.
    pub port: LinkId,
    /// Virtual time of the last frame from it.
    pub updated_us: u64,
}

/// What kind of interface a link is (`ip link add ... type KIND`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// `lo`, present in every namespace.
    Loopback,
    /// A physical NIC (the host's `eth0`); nothing answers beyond it.
    Ether,
    /// `type dummy`: up, NOARP, swallows everything sent to it.
    Dummy,
    /// One end of `type veth`; frames sent here come out of `peer`.
    Veth {
        /// The other end.
        peer: LinkId,
    },
    /// `type bridge`: a learning L2 switch; its ports name it as `master`.
    Bridge {
        /// Learned MACs (`bridge fdb show` lists them with the permanent ones).
        fdb: Vec<FdbEntry>,
        /// How many links name this bridge as `master`.
        ports: u32,
        /// Whether a port was ever enslaved: until then the bridge keeps
        /// the carrier it was created with (`UNKNOWN`, `LOWER_UP` once up).
        had_port: bool,
        /// `ip link set BR mtu N` was used: the bridge no longer follows
        /// its ports' smallest MTU.
        mtu_user: bool,
        /// `type bridge ageing_time ...` and the other settings.
        conf: super::bridge_conf::BridgeConf,
    },
}

impl LinkKind {
    /// The name `ip -d link` and `type` use.
    pub fn type_name(&self) -> &'static str {
        match self {
            LinkKind::Loopback => "loopback",
            LinkKind::Ether => "ether",
            LinkKind::Dummy => "dummy",
            LinkKind::Veth { .. } => "veth",
            LinkKind::Bridge { .. } => "bridge",
        }
    }
}

/// An IPv4 address on an interface (`ip addr add LOCAL/PREFIX [brd B]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfAddr {
    /// The address.
    pub local: Ipv4Addr,
    /// Prefix length.
    pub prefix: u8,
    /// Broadcast address, only when given (`brd +` computes it).
    pub brd: Option<Ipv4Addr>,
    /// rtnetlink scope: 0 global, 200 site, 253 link, 254 host, 255
    /// nowhere (`ip addr add ... scope S`; 127/8 defaults to host).
    pub scope: u8,
    /// `label NAME`: what `ip addr` prints instead of the device name.
    pub label: Option<IfName>,
    /// A finite `valid_lft` (`None`: forever, IFA_F_PERMANENT).
    pub lft: Option<Lifetime>,
    /// IFA_F_DEPRECATED set when added with `preferred_lft 0`.
    pub deprecated: bool,
}

/// An address's lifetimes (ifa_valid_lft, ifa_preferred_lft, ifa_tstamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    /// When they were set, on the virtual clock.
    pub since_us: u64,
    /// Seconds it stays.
    pub valid: u32,
    /// Seconds it is preferred (`u32::MAX`: forever).
    pub preferred: u32,
}

impl Lifetime {
    /// The seconds left of each, as the kernel reports them (whole
    /// seconds gone are taken off; forever stays `u32::MAX`).
    pub fn left(&self, now_us: u64) -> (u32, u32) {
        let gone =
            u32::try_from(now_us.saturating_sub(self.since_us) / 1_000_000).unwrap_or(u32::MAX);
        let preferred = match self.preferred {
            u32::MAX => u32::MAX,
            p => p.saturating_sub(gone),
        };
        (self.valid.saturating_sub(gone), preferred)
    }

    /// When the address goes.
    pub fn ends_us(&self) -> u64 {
        self.since_us + u64::from(self.valid) * 1_000_000
    }
}

impl Link {
    /// Its `net.ipv4.conf.NAME.*` values that differ from the base.
    pub fn conf_list(&self) -> &[(&'static str, String)] {
        self.conf.as_deref().map_or(&[], |v| v.as_slice())
    }
}

impl IfAddr {
    /// The subnet the address is on.
    pub fn net(&self) -> ipnet::Ipv4Net {
        ipnet::Ipv4Net::new(self.local, self.prefix)
            .map(|n| n.trunc())
            .unwrap_or_default()
    }

    /// An address with iproute2's defaults: no broadcast, no label, and
    /// scope host for 127/8, else global.
    pub fn new(local: Ipv4Addr, prefix: u8) -> Self {
        IfAddr {
            local,
            prefix,
            brd: None,
            scope: if local.is_loopback() { SCOPE_HOST } else { 0 },
            label: None,
            lft: None,
            deprecated: false,
        }
    }

    /// IFA_F_DEPRECATED: set at add, or its preferred time is over.
    pub fn is_deprecated(&self, now_us: u64) -> bool {
        self.deprecated || self.lft.is_some_and(|l| l.left(now_us).1 == 0)
    }

    /// (valid, preferred) seconds left as `ip addr` prints them: both
    /// forever for a permanent address.
    pub fn lifetimes(&self, now_us: u64) -> (u32, u32) {
        self.lft.map_or((u32::MAX, u32::MAX), |l| l.left(now_us))
    }

    /// Scope as iproute2 names it (rt_scopes), else its number.
    pub fn scope(&self) -> String {
        scope_name(self.scope)
    }
}

/// rtnetlink's RT_SCOPE_HOST.
pub const SCOPE_HOST: u8 = 254;

/// iproute2's names for rtnetlink scopes (/etc/iproute2/rt_scopes).
const SCOPES: &[(u8, &str)] = &[
    (0, "global"),
    (200, "site"),
    (253, "link"),
    (254, "host"),
    (255, "nowhere"),
];

/// A scope's name, or its number when it has none.
pub fn scope_name(n: u8) -> String {
    SCOPES
        .iter()
        .find(|(v, _)| *v == n)
        .map_or_else(|| n.to_string(), |(_, s)| s.to_string())
}

/// A scope named or numbered as `ip` accepts it.
pub fn scope_parse(s: &str) -> Option<u8> {
    SCOPES
        .iter()
        .find(|(_, name)| *name == s)
        .map(|(v, _)| *v)
        .or_else(|| s.parse().ok())
}

/// Packet and byte counters (`ip -s link`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkStats {
    /// Frames received.
    pub rx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Frames sent.
    pub tx_packets: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Frames dropped on receive.
    pub rx_dropped: u64,
    /// Frames dropped on send.
    pub tx_dropped: u64,
    /// Carrier transitions (`transns` in `ip -s -s link`): a veth counts
    /// the carrier it loses when created, then each change of "both ends
    /// up" on either end.
    pub carrier_changes: u64,
}

/// What `ip link set` records for `ip link show` to print and nothing
/// in the simulation reads: no packet depends on them (a promiscuous
/// device still drops frames for other hosts before IP sees them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkShown {
    /// `alias TEXT` (ifalias, at most 255 bytes).
    pub alias: Option<Box<str>>,
    /// `group N` (0 is `default`).
    pub group: u32,
    /// `txqueuelen N` (`qlen`, not printed when 0).
    pub txqlen: u32,
    /// `promisc on`: IFF_PROMISC as the user set it.
    pub promisc: bool,
    /// `allmulticast on`: IFF_ALLMULTI as the user set it.
    pub allmulti: bool,
    /// `multicast on|off`, where it differs from the kind's default.
    pub multicast: Option<bool>,
    /// `dynamic on`: IFF_DYNAMIC.
    pub dynamic: bool,
}

impl Default for LinkShown {
    fn default() -> Self {
        LinkShown {
            alias: None,
            group: 0,
            txqlen: 1000,
            promisc: false,
            allmulti: false,
            multicast: None,
            dynamic: false,
        }
    }
}

/// One network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Interface name, unique in its namespace (at most 15 bytes).
    pub name: IfName,
    /// The number Linux shows (`4: veth1@if3: ...`), unique per namespace.
    pub ifindex: u32,
    /// The namespace it lives in.
    pub netns: NsId,
    /// Its type and type-specific state.
    pub kind: LinkKind,
    /// Its hardware address.
    pub mac: Mac,
    /// Set by `ip link set X address`; a bridge then keeps it.
    pub mac_fixed: bool,
    /// MTU in bytes.
    pub mtu: u32,
    /// Administratively up (`ip link set X up`).
    pub admin_up: bool,
    /// Has been up once (the qdisc then shows `noqueue`, not `noop`).
    pub ever_up: bool,
    /// A veth's operstate without carrier is `LOWERLAYERDOWN`, not `DOWN`:
    /// Linux computes it when the carrier drops (or the device registers)
    /// by looking the peer's index up in the device's own namespace, and
    /// keeps it until the next carrier change, even across a move.
    pub lower_down: bool,
    /// As a bridge port: learns source MACs (`bridge link set ... learning`).
    pub learning: bool,
    /// As a bridge port: may send a frame back out of the port it came in
    /// on (`hairpin on`, what a pod reaching itself through a service needs).
    pub hairpin: bool,
    /// The bridge it is a port of.
    pub master: Option<LinkId>,
    /// IPv4 addresses, in the order added.
    pub addrs: Vec<IfAddr>,
    /// Counters.
    pub stats: LinkStats,
    /// `net.ipv4.conf.NAME.*` values that differ from the kernel's base
    /// (see `devconf.rs`); they follow the device through a rename.
    /// (Boxed and absent when empty: every packet that crosses a bridge
    /// scans its ports' links, so a link stays small.)
    pub conf: Option<Box<Vec<(&'static str, String)>>>,
    /// None of its keys follows `default` any more (a loopback once up:
    /// the kernel marks every key as set when it gives it 127.0.0.1).
    pub conf_own: bool,
    /// `ip addr flush` took its IPv6 address; it comes back when the
    /// link is next set up (addrconf on NETDEV_UP).
    pub v6_flushed: bool,
    /// Alias, group, queue length and flags `ip link show` prints.
    pub shown: LinkShown,
}

/// RFC 2863 operational state as `ip link` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperState {
    /// `UNKNOWN` (loopback, dummy: no carrier notion).
    Unknown,
    /// `UP`.
    Up,
    /// `DOWN`.
    Down,
    /// `LOWERLAYERDOWN` (up, but the veth peer is down).
    LowerLayerDown,
}

impl fmt::Display for OperState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OperState::Unknown => "UNKNOWN",
            OperState::Up => "UP",
            OperState::Down => "DOWN",
            OperState::LowerLayerDown => "LOWERLAYERDOWN",
        })
    }
}

/// Longest interface name Linux accepts (IFNAMSIZ - 1).
pub const IFNAMSIZ_MAX: usize = 15;

/// Why a link operation failed; Display is iproute2's wording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    /// The session's cap on interfaces (a memory guard; Linux has none).
    #[error("RTNETLINK answers: No buffer space available (netbook allows at most {0} interfaces per session)")]
    Limit(usize),
    /// No such interface in the namespace.
    #[error("Cannot find device \"{0}\"")]
    NotFound(String),
    /// `ip link show X` / `ip addr show dev X` on a missing device.
    #[error("Device \"{0}\" does not exist.")]
    NoSuchDevice(String),
    /// The name (or the peer's name) is taken.
    #[error("RTNETLINK answers: File exists")]
    Exists,
    /// The name is too long or otherwise invalid (the kernel's netlink policy).
    #[error("Error: Attribute failed policy validation.")]
    BadName(String),
    /// Enslaving a bridge to a bridge.
    #[error("Error: Can not enslave a bridge to a bridge.")]
    BridgeInBridge,
    /// Moving `lo` to another namespace.
    #[error("Error: The interface netns is immutable.")]
    NetnsImmutable,
    /// MTU below the device's minimum.
    #[error("Error: mtu less than device minimum.")]
    MtuTooSmall,
    /// MTU above the device's maximum.
    #[error("Error: mtu greater than device maximum.")]
    MtuTooBig,
    /// `master X` where X does not exist.
    #[error("Error: argument \"{0}\" is wrong: Device does not exist\n")]
    NoMaster(String),
    /// `master X` where X is not a bridge.
    #[error("RTNETLINK answers: Operation not supported")]
    NotSupported,
    /// `netns X` where X does not exist.
    #[error("Error: argument \"{0}\" is wrong: Invalid \"netns\" value\n")]
    BadNetns(String),
    /// Moving or deleting `lo`.
    #[error("RTNETLINK answers: Invalid argument")]
    Invalid,
    /// A zero or multicast MAC address (`is_valid_ether_addr`).
    #[error("RTNETLINK answers: Cannot assign requested address")]
    BadAddress,
    /// `type X` that the simulator has no model for.
    #[error("Error: Unknown device type.")]
    UnknownType,
}
