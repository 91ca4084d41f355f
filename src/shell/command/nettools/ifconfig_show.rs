//! What net-tools 2.10 `ifconfig` prints of an interface: lib/interface.c's
//! `ife_print_long` (flags line, `inet`, `inet6`, hardware, counters) and
//! `ife_print_short` (`-s`), in `if_cache_add`'s name order.

use crate::sim::link::{LinkKind, OperState};
use crate::sim::{LinkId, NsId, World};
use core::cmp::Ordering;
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// The `-s` header (its columns do not line up with the rows in net-tools
/// either).
pub const SHORT_HEADER: &str =
    "Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

const IFF_UP: u32 = 0x1;
const IFF_BROADCAST: u32 = 0x2;
const IFF_LOOPBACK: u32 = 0x8;
const IFF_RUNNING: u32 = 0x40;
const IFF_NOARP: u32 = 0x80;
const IFF_PROMISC: u32 = 0x100;
const IFF_ALLMULTI: u32 = 0x200;
const IFF_MULTICAST: u32 = 0x1000;
const IFF_DYNAMIC: u32 = 0x8000;

/// dev_get_flags as SIOCGIFFLAGS returns them (16 bits: no LOWER_UP).
pub fn if_flags(w: &World, id: LinkId) -> u32 {
    let l = w.link(id);
    let names = w.link_flags(id);
    let has = |n: &str| names.contains(&n);
    let mut f = 0;
    for (name, bit) in [
        ("UP", IFF_UP),
        ("BROADCAST", IFF_BROADCAST),
        ("LOOPBACK", IFF_LOOPBACK),
        ("NOARP", IFF_NOARP),
        ("PROMISC", IFF_PROMISC),
        ("ALLMULTI", IFF_ALLMULTI),
        ("MULTICAST", IFF_MULTICAST),
        ("DYNAMIC", IFF_DYNAMIC),
    ] {
        if has(name) {
            f |= bit;
        }
    }
    // IFF_RUNNING is netif_oper_up: operstate UP or UNKNOWN.
    if l.admin_up && matches!(w.oper_state(id), OperState::Up | OperState::Unknown) {
        f |= IFF_RUNNING;
    }
    f
}

/// `flags=4163<UP,BROADCAST,RUNNING,MULTICAST>`.
fn flags_text(f: u32) -> String {
    const NAMES: [(u32, &str); 16] = [
        (0x1, "UP"),
        (0x2, "BROADCAST"),
        (0x4, "DEBUG"),
        (0x8, "LOOPBACK"),
        (0x10, "POINTOPOINT"),
        (0x20, "NOTRAILERS"),
        (0x40, "RUNNING"),
        (0x80, "NOARP"),
        (0x100, "PROMISC"),
        (0x200, "ALLMULTI"),
        (0x800, "SLAVE"),
        (0x400, "MASTER"),
        (0x1000, "MULTICAST"),
        (0x8000, "DYNAMIC"),
        (0, ""),
        (0, ""),
    ];
    let set: Vec<&str> = NAMES
        .iter()
        .filter(|(b, _)| *b != 0 && f & b != 0)
        .map(|(_, n)| *n)
        .collect();
    if set.is_empty() {
        // net-tools cuts the last character of "flags=0<>".
        return format!("flags={f}<");
    }
    // ifr_flags is a C short: IFF_DYNAMIC makes it negative.
    format!("flags={}<{}>", f as u16 as i16, set.join(","))
}

/// `-s`'s flag letters.
fn short_flags(f: u32) -> String {
    if f == 0 {
        return "[NO FLAGS]".into();
    }
    [
        (IFF_ALLMULTI, 'A'),
        (IFF_BROADCAST, 'B'),
        (0x4, 'D'),
        (IFF_LOOPBACK, 'L'),
        (IFF_MULTICAST, 'M'),
        (IFF_DYNAMIC, 'd'),
        (IFF_PROMISC, 'P'),
        (0x20, 'N'),
        (IFF_NOARP, 'O'),
        (0x10, 'P'),
        (0x800, 's'),
        (0x400, 'm'),
        (IFF_RUNNING, 'R'),
        (IFF_UP, 'U'),
    ]
    .iter()
    .filter(|(b, _)| f & b != 0)
    .map(|(_, c)| *c)
    .collect()
}

/// lib/nstrcmp.c: the name before its trailing digits, then those digits
/// as a number, then the whole name, then an alias's number (`eth0:1`).
pub fn nstrcmp(a: &str, b: &str) -> Ordering {
    // cutalias: `NAME:DIGITS` splits; any other name has no alias.
    let cut = |s: &str| match s.rsplit_once(':') {
        Some((n, d)) if !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()) => {
            (n.to_string(), Some(d.to_string()))
        }
        _ => (s.to_string(), None),
    };
    let ((a, aa), (b, ba)) = (cut(a), cut(b));
    let split = |s: &str| s.len() - s.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (ai, bi) = (split(&a), split(&b));
    let n = ai.min(bi);
    let num = |s: &str| s.parse::<i64>().unwrap_or(0);
    a.as_bytes()[..n]
        .cmp(&b.as_bytes()[..n])
        .then(ai.cmp(&bi))
        .then_with(|| num(&a[ai..]).cmp(&num(&b[bi..])))
        .then_with(|| a.cmp(&b))
        .then_with(|| {
            let alias = |x: &Option<String>| x.as_deref().map_or(-1, num);
            alias(&aa).cmp(&alias(&ba))
        })
        .then_with(|| match (&aa, &ba) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => Ordering::Equal,
        })
}

/// One name ifconfig lists: a device, or an address label of one
/// (`eth0:1`, from SIOCGIFCONF), which has no counters of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name printed.
    pub name: String,
    /// The device it belongs to.
    pub id: LinkId,
    /// An alias label, not the device itself.
    pub alias: bool,
}

/// The devices and alias labels of a namespace in ifconfig's order.
pub fn entries(w: &World, ns: NsId) -> Vec<Entry> {
    let mut out = Vec::new();
    for (id, l) in w.links_of(ns) {
        out.push(Entry {
            name: l.name.as_str().to_string(),
            id,
            alias: false,
        });
        for a in &l.addrs {
            if let Some(label) = a.label.filter(|n| *n != l.name) {
                if !out.iter().any(|e: &Entry| e.name == label.as_str()) {
                    out.push(Entry {
                        name: label.as_str().to_string(),
                        id,
                        alias: true,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| nstrcmp(&a.name, &b.name));
    out
}

/// The entry `ifconfig NAME` shows: a device, or for `DEV:LABEL` the
/// device DEV (the kernel drops what follows the colon).
pub fn entry(w: &World, ns: NsId, name: &str) -> Option<Entry> {
    if let Ok(id) = w.link_by_name(ns, name) {
        return Some(Entry {
            name: name.to_string(),
            id,
            alias: false,
        });
    }
    let (dev, _) = name.split_once(':')?;
    let id = w.link_by_name(ns, dev).ok()?;
    Some(Entry {
        name: name.to_string(),
        id,
        alias: true,
    })
}

/// The address SIOCGIFADDR answers for a device: the first one labelled
/// with its name.
pub fn primary_index(w: &World, id: LinkId) -> Option<usize> {
    let l = w.link(id);
    l.addrs
        .iter()
        .position(|a| a.label.is_none_or(|n| n == l.name))
}

/// `(516.0 B)`: tenths of the largest binary unit it exceeds.
fn human(bytes: u64) -> String {
    const UNITS: [(u64, &str); 6] = [
        (1 << 60, "EiB"),
        (1 << 50, "PiB"),
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    let (tenths, unit) =
        UNITS
            .iter()
            .find(|(u, _)| bytes > *u)
            .map_or((bytes.wrapping_mul(10), "B"), |(u, n)| {
                // EiB divides first, as net-tools does, to stay in 64 bits.
                if *n == "EiB" {
                    (bytes / 115_292_150_460_684_697, *n)
                } else {
                    (bytes.wrapping_mul(10) / u, *n)
                }
            });
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}

/// The address an entry shows: its label's first, or the device's
/// labelled one.
fn entry_addr(w: &World, e: &Entry) -> Option<usize> {
    let l = w.link(e.id);
    if e.alias {
        l.addrs
            .iter()
            .position(|a| a.label.is_some_and(|n| n.as_str() == e.name))
    } else {
        primary_index(w, e.id)
    }
}

/// The rich view's row: name, flags, address/prefix, MTU.
pub fn row(w: &World, e: &Entry) -> Vec<String> {
    let l = w.link(e.id);
    let addr = entry_addr(w, e)
        .map(|i| format!("{}/{}", l.addrs[i].local, l.addrs[i].prefix))
        .unwrap_or_default();
    vec![
        e.name.clone(),
        flags_text(if_flags(w, e.id)),
        addr,
        l.mtu.to_string(),
    ]
}

/// ife_print_long, with the blank line after it.
pub fn long(w: &World, e: &Entry) -> String {
    let id = e.id;
    let l = w.link(id);
    let f = if_flags(w, id);
    let mut s = format!("{}: {}  mtu {}\n", e.name, flags_text(f), l.mtu);
    if let Some(i) = entry_addr(w, e) {
        let a = l.addrs[i];
        let mask = Ipv4Addr::from(u32::MAX.checked_shl(32 - u32::from(a.prefix)).unwrap_or(0));
        let _ = write!(s, "        inet {}  netmask {mask}", a.local);
        if f & IFF_BROADCAST != 0 {
            let brd = a.brd.unwrap_or(Ipv4Addr::UNSPECIFIED);
            let _ = write!(s, "  broadcast {brd}");
        }
        s.push('\n');
    }
    if w.has_ipv6(id) && !e.alias {
        if l.kind == LinkKind::Loopback {
            s += "        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n";
        } else {
            let _ = writeln!(
                s,
                "        inet6 {}  prefixlen 64  scopeid 0x20<link>",
                l.mac.link_local()
            );
        }
    }
    let qlen = l.shown.txqlen;
    if l.kind == LinkKind::Loopback {
        let _ = writeln!(s, "        loop  txqueuelen {qlen}  (Local Loopback)");
    } else {
        let _ = writeln!(s, "        ether {}  txqueuelen {qlen}  (Ethernet)", l.mac);
    }
    // /proc/net/dev has no line for an alias: no counters.
    if e.alias {
        s.push('\n');
        return s;
    }
    let st = l.stats;
    // net-tools' two blocks differ only in their error counters' names
    // (and one space before "overruns").
    for (dir, packets, bytes, dropped, rest) in [
        (
            "RX",
            st.rx_packets,
            st.rx_bytes,
            st.rx_dropped,
            " overruns 0  frame 0",
        ),
        (
            "TX",
            st.tx_packets,
            st.tx_bytes,
            st.tx_dropped,
            "overruns 0  carrier 0  collisions 0",
        ),
    ] {
        let _ = writeln!(
            s,
            "        {dir} packets {packets}  bytes {bytes} ({})",
            human(bytes)
        );
        let _ = writeln!(s, "        {dir} errors 0  dropped {dropped} {rest}");
    }
    s.push('\n');
    s
}

/// ife_print_short: one `-s` row.
pub fn short(w: &World, e: &Entry) -> String {
    let id = e.id;
    let l = w.link(id);
    let st = l.stats;
    let name: String = e.name.chars().take(15).collect();
    if e.alias {
        return format!(
            "{name:<15} {:>5} {:<56}{}\n",
            l.mtu as i32,
            "     - no statistics available -",
            short_flags(if_flags(w, id))
        );
    }
    format!(
        "{name:<15} {:>5} {:>8} {:>6} {:>6} {:<6} {:>8} {:>6} {:>6} {:>6} {}\n",
        l.mtu as i32,
        st.rx_packets,
        0,
        st.rx_dropped,
        0,
        st.tx_packets,
        0,
        st.tx_dropped,
        0,
        short_flags(if_flags(w, id))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_their_numbers() {
        let mut v = vec![
            "eth10", "lo", "eth2", "eth", "br0", "eth1", "v1:x", "v1:1", "v1:0", "v1", "v9",
        ];
        v.sort_by(|a, b| nstrcmp(a, b));
        assert_eq!(
            v,
            ["br0", "eth", "eth1", "eth2", "eth10", "lo", "v1", "v1:0", "v1:1", "v9", "v1:x"]
        );
    }

    #[test]
    fn sizes_and_flags() {
        assert_eq!(human(516), "516.0 B");
        assert_eq!(human(1024), "1024.0 B");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(5 << 20), "5.0 MiB");
        assert_eq!(
            flags_text(4163),
            "flags=4163<UP,BROADCAST,RUNNING,MULTICAST>"
        );
        assert_eq!(flags_text(73), "flags=73<UP,LOOPBACK,RUNNING>");
        assert_eq!(short_flags(4163), "BMRU");
        assert_eq!(
            flags_text(0x9003),
            "flags=-28669<UP,BROADCAST,MULTICAST,DYNAMIC>"
        );
        assert_eq!(short_flags(73), "LRU");
    }

    #[test]
    fn the_host_as_ifconfig_shows_it() {
        let w = World::new();
        let ns = w.ns_id(None).unwrap();
        let ids = entries(&w, ns);
        let eth0 = long(&w, &ids[0]);
        assert!(eth0.starts_with("eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 10.0.2.15  netmask 255.255.255.0  broadcast "), "{eth0}");
        assert!(eth0.contains("        ether 52:54:00:12:34:56  txqueuelen 1000  (Ethernet)\n"));
        assert!(short(&w, &ids[1]).starts_with("lo              65536 "));
    }
}
