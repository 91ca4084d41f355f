//! The files the kernel writes on demand, as a process in a namespace
//! reads them: `/proc/net/{arp,route,dev}`, `/sys/class/net/IFACE/...`,
//! and the directories `ls` lists: `/sys/class/net`, `/run/netns` (and
//! `/var/run/netns`), `/proc/sys/...` (the simulated sysctls).

use super::fs::FsError;
use super::l2::NeighState;
use super::link::{LinkId, LinkKind, NsId, OperState};
use super::route::RouteKind;
use super::world::World;
use core::fmt::Write;
use core::net::Ipv4Addr;

/// `%08X` of an address as the kernel prints a `__be32` on a
/// little-endian machine (10.0.2.2 is `0202000A`).
fn be32(a: Ipv4Addr) -> String {
    format!("{:08X}", u32::from_le_bytes(a.octets()))
}

impl World {
    /// The text of a kernel-made file at `path`, for a process in `ns`;
    /// `None` when `path` is not one of them.
    pub(crate) fn kernel_file(&self, ns: NsId, path: &str) -> Option<Result<String, FsError>> {
        let p = self.fs.abs(path);
        match p.as_str() {
            "/proc/net/arp" => return Some(Ok(self.proc_net_arp(ns))),
            "/proc/net/route" => return Some(Ok(self.proc_net_route(ns))),
            "/proc/net/dev" => return Some(Ok(self.proc_net_dev(ns))),
            _ => {}
        }
        if self.is_kernel_dir(ns, &p) {
            return Some(Err(FsError::IsADirectory(path.to_string())));
        }
        let rest = p.strip_prefix("/sys/class/net/")?;
        let (dev, attr) = rest.split_once('/')?;
        let id = self.link_by_name(ns, dev).ok()?;
        Some(
            self.sysfs_attr(id, attr)
                .unwrap_or_else(|| Err(FsError::NotFound(path.to_string()))),
        )
    }

    /// The entries of a kernel-made directory at `path`, for a process in
    /// `ns`, in the order the kernel gives them (ls sorts them itself).
    pub(crate) fn kernel_dir(&self, ns: NsId, path: &str) -> Option<Vec<String>> {
        let p = self.fs.abs(path);
        match p.as_str() {
            "/sys/class/net" => Some(self.links_of(ns).map(|(_, l)| l.name.to_string()).collect()),
            "/run/netns" | "/var/run/netns" => Some(
                self.netns_list(ns)
                    .into_iter()
                    .map(|(n, _)| n.to_string())
                    .collect(),
            ),
            _ => {
                let prefix = p.strip_prefix("/proc/sys")?;
                let prefix = prefix.strip_prefix('/').unwrap_or(prefix).replace('/', ".");
                let mut names: Vec<String> = self
                    .sysctl_keys(ns)
                    .iter()
                    .filter_map(|k| match prefix.as_str() {
                        "" => Some(k.as_str()),
                        pre => k.strip_prefix(pre)?.strip_prefix('.'),
                    })
                    .filter_map(|rest| rest.split('.').next())
                    .map(str::to_string)
                    .collect();
                names.dedup();
                (!names.is_empty()).then_some(names)
            }
        }
    }

    /// Whether `path` is a kernel-made directory for a process in `ns`.
    pub(crate) fn is_kernel_dir(&self, ns: NsId, path: &str) -> bool {
        let p = self.fs.abs(path);
        let dev_dir = p.strip_prefix("/sys/class/net/").is_some_and(|d| {
            let (dev, sub) = d.split_once('/').unwrap_or((d, ""));
            let Ok(id) = self.link_by_name(ns, dev) else {
                return false;
            };
            let bridge = matches!(self.link(id).kind, LinkKind::Bridge { .. });
            matches!(sub, "" | "statistics") || (bridge && sub == "bridge")
        });
        dev_dir || self.kernel_dir(ns, &p).is_some()
    }

    /// One file of `/sys/class/net/IFACE/`: what sysfs shows for it.
    fn sysfs_attr(&self, id: LinkId, attr: &str) -> Option<Result<String, FsError>> {
        let l = self.link(id);
        let lo = l.kind == LinkKind::Loopback;
        let flags = u32::from(l.admin_up)
            | if lo { 0x8 } else { 0x1002 }
            | if l.shown.promisc { 0x100 } else { 0 };
        let s = &l.stats;
        let v = match attr {
            "address" => l.mac.to_string(),
            "broadcast" if lo => "00:00:00:00:00:00".into(),
            "broadcast" => "ff:ff:ff:ff:ff:ff".into(),
            "mtu" => l.mtu.to_string(),
            "ifindex" => l.ifindex.to_string(),
            "iflink" => match l.kind {
                LinkKind::Veth { peer } => self.link(peer).ifindex.to_string(),
                _ => l.ifindex.to_string(),
            },
            "operstate" => self.oper_state(id).to_string().to_ascii_lowercase(),
            // The kernel answers EINVAL while the device is down.
            "carrier" if !l.admin_up => {
                return Some(Err(FsError::InvalidArgument(String::new())));
            }
            "carrier" => {
                u8::from(self.carrier(id) || self.oper_state(id) == OperState::Unknown).to_string()
            }
            "carrier_changes" => s.carrier_changes.to_string(),
            "type" => if lo { "772" } else { "1" }.into(),
            "tx_queue_len" => l.shown.txqlen.to_string(),
            "flags" => format!("{flags:#x}"),
            "statistics/rx_packets" => s.rx_packets.to_string(),
            "statistics/tx_packets" => s.tx_packets.to_string(),
            "statistics/rx_bytes" => s.rx_bytes.to_string(),
            "statistics/tx_bytes" => s.tx_bytes.to_string(),
            "statistics/rx_dropped" => s.rx_dropped.to_string(),
            "statistics/tx_dropped" => s.tx_dropped.to_string(),
            "statistics/rx_errors"
            | "statistics/tx_errors"
            | "statistics/multicast"
            | "statistics/collisions" => "0".into(),
            // A bridge's defaults; STP cannot be switched on here.
            a if matches!(l.kind, LinkKind::Bridge { .. }) => {
                let c = self.bridge_conf(id);
                match a {
                    "bridge/stp_state" => "0".into(),
                    "bridge/forward_delay" => c.forward_delay.to_string(),
                    "bridge/ageing_time" => c.ageing_time.to_string(),
                    "bridge/hello_time" => c.hello_time.to_string(),
                    "bridge/max_age" => c.max_age.to_string(),
                    "bridge/priority" => c.priority.to_string(),
                    // `%#x`: a bare 0.
                    "bridge/group_fwd_mask" => match c.group_fwd_mask {
                        0 => "0".into(),
                        m => format!("{m:#x}"),
                    },
                    "bridge/multicast_snooping" => u8::from(c.mcast_snooping).to_string(),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(Ok(v + "\n"))
    }

    /// `/proc/net/arp` (arp_seq_show): the IPv4 neighbours.
    fn proc_net_arp(&self, ns: NsId) -> String {
        let mut s = String::from(
            "IP address       HW type     Flags       HW address            Mask     Device\n",
        );
        for e in self.neighbours(ns) {
            let flags = match e.state_at(self.now_us) {
                NeighState::Permanent => 0x6,
                s if !s.valid() => 0x0,
                _ => 0x2,
            };
            let mac = e
                .mac
                .filter(|_| flags != 0)
                .map_or_else(|| "00:00:00:00:00:00".to_string(), |m| m.to_string());
            let dev = &self.link(e.dev).name;
            let _ = writeln!(
                s,
                "{:<16} 0x{:<10x}0x{:<10x}{mac:<17}     {:<8} {dev}",
                e.ip.to_string(),
                1,
                flags,
                "*"
            );
        }
        s
    }

    /// `/proc/net/route` (fib_route_seq_show): the main table, each line
    /// padded to 127 characters.
    fn proc_net_route(&self, ns: NsId) -> String {
        let routes = self.routes(ns);
        // Without a main table (a new namespace) the file is empty; the
        // kernel keeps an emptied table, which this does not tell apart.
        if routes.is_empty() {
            return String::new();
        }
        let mut s = format!(
            "{:<127}\n",
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
        );
        for r in routes {
            let mask = Ipv4Addr::from(
                u32::MAX
                    .checked_shl(32 - u32::from(r.dst.prefix_len()))
                    .unwrap_or(0),
            );
            let mut flags = 0x1;
            if matches!(r.kind, RouteKind::Unreachable | RouteKind::Prohibit) {
                flags |= 0x200;
            }
            if r.via.is_some() {
                flags |= 0x2;
            }
            if r.dst.prefix_len() == 32 {
                flags |= 0x4;
            }
            let dev = match r.kind {
                RouteKind::Unicast => self.link(r.dev).name.to_string(),
                _ => "*".to_string(),
            };
            let line = format!(
                "{dev}\t{}\t{}\t{flags:04X}\t0\t0\t{}\t{}\t0\t0\t0",
                be32(r.dst.network()),
                be32(r.via.unwrap_or(Ipv4Addr::UNSPECIFIED)),
                r.metric,
                be32(mask)
            );
            let _ = writeln!(s, "{line:<127}");
        }
        s
    }

    /// `/proc/net/dev` (dev_seq_show): each device's counters.
    fn proc_net_dev(&self, ns: NsId) -> String {
        let mut s = String::from(
            "Inter-|   Receive                                                |  Transmit\n \
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n",
        );
        for (_, l) in self.links_of(ns) {
            let t = &l.stats;
            let _ = writeln!(
                s,
                "{:>6}:{:>8} {:>7} {:>4} {:>4} {:>4} {:>5} {:>10} {:>9} {:>8} {:>7} {:>4} {:>4} {:>4} {:>5} {:>7} {:>10}",
                l.name.to_string(),
                t.rx_bytes,
                t.rx_packets,
                0,
                t.rx_dropped,
                0,
                0,
                0,
                0,
                t.tx_bytes,
                t.tx_packets,
                0,
                t.tx_dropped,
                0,
                0,
                0,
                0
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_files_and_directories() {
        let mut w = World::new();
        let read = |w: &World, p: &str| w.read_file(None, p);
        assert_eq!(be32("10.0.2.2".parse().unwrap()), "0202000A");
        let route = read(&w, "/proc/net/route").unwrap();
        assert!(route.lines().all(|l| l.len() == 127), "{route}");
        assert!(route.contains("eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000"));
        assert_eq!(read(&w, "/sys/class/net/lo/mtu").unwrap(), "65536\n");
        assert_eq!(read(&w, "/sys/class/net/lo/type").unwrap(), "772\n");
        assert!(matches!(
            read(&w, "/sys/class/net/lo"),
            Err(FsError::IsADirectory(_))
        ));
        assert!(matches!(
            read(&w, "/sys/class/net/lo/nope"),
            Err(FsError::NotFound(_))
        ));
        w.netns_add("red").unwrap();
        assert_eq!(w.list_dir(None, "/var/run/netns").unwrap(), ["red"]);
        assert_eq!(w.list_dir(Some("red"), "/sys/class/net").unwrap(), ["lo"]);
        // A new namespace has no main table yet: the file is empty.
        assert_eq!(w.read_file(Some("red"), "/proc/net/route").unwrap(), "");
        assert!(w
            .list_dir(None, "/proc/sys/net/ipv4")
            .unwrap()
            .contains(&"ip_forward".to_string()));
    }
}
