//! net-tools 2.10 `ifconfig`: show interfaces (`-a`, `-s`, one by name)
//! and set one through the kernel's SIOCSIF* rules (devinet_ioctl):
//! `up`, `down`, `mtu N`, `netmask M`, `broadcast B` and an address,
//! which replaces the one labelled with the device's name.
//!
//! ifconfig reads its options by hand (exact words while they start
//! with `-`), not with getopt, so it has its own small grammar here.

use super::super::{not_simulated, ns_of, CmdOutput, Ctx};
use super::ifconfig_show::{entries, entry, long, primary_index, row, short, SHORT_HEADER};
use super::route_args::prefix_mask;
use crate::display::{html, MimeBundle};
use crate::sim::link::IfAddr;
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;

/// ifconfig's usage (stdout for `--help`, stderr for a mistake).
const USAGE: &str = "Usage:
  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]
  [add <address>[/<prefixlen>]]
  [del <address>[/<prefixlen>]]
  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]
  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]
  [outfill <NN>] [keepalive <NN>]
  [hw <HW> <address>]  [mtu <NN>]
  [[-]trailers]  [[-]arp]  [[-]allmulti]
  [multicast]  [[-]promisc]
  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]
  [txqueuelen <NN>]
  [name <newname>]
  [[-]dynamic]
  [up|down] ...

  <HW>=Hardware Type.
  List of possible hardware types:
";

const AF_HEAD: &str =
    "  <AF>=Address family. Default: inet\n  List of possible address families:\n";

/// print_hwlist(0), always on stderr.
const HW_LIST: &str = "    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) 
    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) 
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) 
    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) 
    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) 
    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) ec (Econet) x25 (generic X.25) 
    eui64 (Generic EUI-64) 
";

/// print_aflist(0), always on stderr.
const AF_LIST: &str = "    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) 
    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) 
    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) 
    ash (Ash) x25 (CCITT X.25) 
";

/// One step of `ifconfig IFACE ...`, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfOp {
    /// `up`.
    Up,
    /// `down`.
    Down,
    /// `mtu N` (atoi's value).
    Mtu(i32),
    /// `[-]promisc`, `[-]allmulti`, `[-]multicast`, `[-]dynamic`.
    Flag(UserFlag, bool),
    /// `txqueuelen N` (strtoul's value, as the ioctl's int).
    TxQueueLen(i32),
    /// `netmask M`, as written.
    Netmask(String),
    /// `broadcast [B]`.
    Broadcast(Option<String>),
    /// An address, and the mask its `/prefix` gave.
    Address(String, Option<u32>),
    /// A mistake that prints the usage and exits 3 here.
    Usage,
}

/// The flags a user may set with SIOCSIFFLAGS that the world keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserFlag {
    /// IFF_PROMISC.
    Promisc,
    /// IFF_ALLMULTI.
    Allmulti,
    /// IFF_MULTICAST.
    Multicast,
    /// IFF_DYNAMIC.
    Dynamic,
}

/// What the command line asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfCmd {
    /// List interfaces: all (`-a`) or up ones, or one by name.
    Show {
        /// `-a`.
        all: bool,
        /// `-s`.
        short: bool,
        /// The one interface named.
        name: Option<String>,
    },
    /// Change one interface.
    Set {
        /// Its name.
        name: String,
        /// What to do, in order.
        ops: Vec<IfOp>,
        /// `-v`.
        verbose: bool,
    },
    /// `-V`.
    Version,
    /// `--help`.
    Help,
    /// An option ifconfig does not know.
    BadOption(String),
    /// A real word netbook does not simulate.
    NotSimulated(String),
}

/// Words that take a value, and words with none, that netbook does not
/// simulate.
const REFUSED_WITH_VALUE: &[&str] = &[
    "media",
    "port",
    "keepalive",
    "outfill",
    "dstaddr",
    "name",
    "add",
    "del",
    "tunnel",
    "mem_start",
    "io_addr",
    "irq",
];
const REFUSED_FLAGS: &[&str] = &[
    "arp",
    "-arp",
    "trailers",
    "-trailers",
    "-broadcast",
    "pointopoint",
    "-pointopoint",
    "hw",
];

/// Parses ifconfig's argv.
pub fn parse(argv: &[String]) -> IfCmd {
    let (mut all, mut short, mut verbose) = (false, false, false);
    let mut rest = argv;
    while let Some((a, tail)) = rest.split_first().filter(|(a, _)| a.starts_with('-')) {
        match a.as_str() {
            "-a" => all = true,
            "-s" => short = true,
            "-v" => verbose = true,
            "-V" | "-version" | "--version" => return IfCmd::Version,
            "-?" | "-h" | "-help" | "--help" => return IfCmd::Help,
            _ => return IfCmd::BadOption(a.clone()),
        }
        rest = tail;
    }
    let Some((name, words)) = rest.split_first() else {
        return IfCmd::Show {
            all,
            short,
            name: None,
        };
    };
    if words.is_empty() {
        return IfCmd::Show {
            all,
            short,
            name: Some(name.clone()),
        };
    }
    if name.contains(':') {
        return IfCmd::NotSimulated(format!("{name} (alias interfaces)"));
    }
    let mut it = words.iter().peekable();
    // An address family name may come first.
    match it.peek().map(|s| s.as_str()) {
        Some("inet") => {
            it.next();
        }
        Some(
            af @ ("unix" | "inet6" | "ax25" | "netrom" | "rose" | "ipx" | "ddp" | "ec" | "ash"
            | "x25"),
        ) => return IfCmd::NotSimulated(af.to_string()),
        _ => {}
    }
    let mut ops = Vec::new();
    let mut didnetmask = false;
    while let Some(word) = it.next() {
        let w = word.as_str();
        if REFUSED_FLAGS.contains(&w) || REFUSED_WITH_VALUE.contains(&w) {
            return IfCmd::NotSimulated(w.to_string());
        }
        let op = match w {
            "up" => IfOp::Up,
            "down" => IfOp::Down,
            "promisc" | "-promisc" => IfOp::Flag(UserFlag::Promisc, w == "promisc"),
            "allmulti" | "-allmulti" => IfOp::Flag(UserFlag::Allmulti, w == "allmulti"),
            "multicast" | "-multicast" => IfOp::Flag(UserFlag::Multicast, w == "multicast"),
            "dynamic" | "-dynamic" => IfOp::Flag(UserFlag::Dynamic, w == "dynamic"),
            "txqueuelen" => match it.next() {
                Some(v) => IfOp::TxQueueLen(strtoul_prefix(v) as i32),
                None => IfOp::Usage,
            },
            "mtu" => match it.next() {
                Some(v) => IfOp::Mtu(super::route_args::atoi(v)),
                None => IfOp::Usage,
            },
            "broadcast" => IfOp::Broadcast(it.next().cloned()),
            "netmask" => match it.next() {
                Some(v) if !didnetmask => {
                    didnetmask = true;
                    IfOp::Netmask(v.clone())
                }
                _ => IfOp::Usage,
            },
            _ => match w.split_once('/') {
                Some((addr, p)) => match prefix_mask(p) {
                    Some(_) if didnetmask => IfOp::Usage,
                    Some(m) => IfOp::Address(addr.to_string(), Some(m)),
                    None => IfOp::Usage,
                },
                None => IfOp::Address(w.to_string(), None),
            },
        };
        let stop = op == IfOp::Usage;
        ops.push(op);
        if stop {
            break;
        }
    }
    IfCmd::Set {
        name: name.clone(),
        ops,
        verbose,
    }
}

/// strtoul(s, NULL, 0): the longest number at the start, in C's bases.
fn strtoul_prefix(s: &str) -> u64 {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) = if let Some(h) = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .filter(|h| h.starts_with(|c: char| c.is_ascii_hexdigit()))
    {
        (16, h)
    } else if t.starts_with('0') {
        (8, t)
    } else {
        (10, t)
    };
    let mut v: u64 = 0;
    for c in digits.chars().map_while(|c| c.to_digit(radix)) {
        v = v.wrapping_mul(u64::from(radix)).wrapping_add(u64::from(c));
    }
    if neg {
        v.wrapping_neg()
    } else {
        v
    }
}

/// Runs `ifconfig`.
pub fn ifconfig(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(ns) => ns,
        Err(e) => return e,
    };
    match parse(argv) {
        IfCmd::Version => CmdOutput::text("net-tools 2.10\n"),
        IfCmd::Help => CmdOutput {
            stdout: format!("{USAGE}{AF_HEAD}"),
            stderr: format!("{HW_LIST}{AF_LIST}"),
            ..Default::default()
        },
        IfCmd::BadOption(o) => CmdOutput::usage(
            1,
            format!(
                "ifconfig: option `{o}' not recognised.\nifconfig: `--help' gives usage information.\n"
            ),
        ),
        IfCmd::NotSimulated(w) => not_simulated("ifconfig", &w, 1),
        IfCmd::Show { all, short, name } => show(ctx.world, ns, all, short, name.as_deref()),
        IfCmd::Set { name, ops, verbose } => set(ctx, ns, &name, &ops, verbose),
    }
}

/// if_print.
fn show(w: &World, ns: NsId, all: bool, short_form: bool, name: Option<&str>) -> CmdOutput {
    let mut out = String::new();
    if short_form {
        out += SHORT_HEADER;
    }
    let print = |e: &_| {
        if short_form {
            short(w, e)
        } else {
            long(w, e)
        }
    };
    let mut rows = Vec::new();
    match name {
        None => {
            for e in entries(w, ns) {
                if all || w.link(e.id).admin_up {
                    out += &print(&e);
                    rows.push(row(w, &e));
                }
            }
        }
        Some(n) => match entry(w, ns, n) {
            Some(e) => {
                out += &print(&e);
                rows.push(row(w, &e));
            }
            None => {
                return CmdOutput {
                    status: 1,
                    stdout: out,
                    stderr: format!(
                        "{n}: error fetching interface information: Device not found\n"
                    ),
                    ..Default::default()
                }
            }
        },
    }
    let head = ["interface", "flags", "addresses", "mtu"];
    CmdOutput::rich(MimeBundle::plain(out).with_html(html::table(&head, &rows)))
}

/// inet_aton: one to four numbers (C bases), the last filling the rest.
fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<u64> = s
        .split('.')
        .map(|p| {
            if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
                u64::from_str_radix(h, 16).ok()
            } else if p.len() > 1 && p.starts_with('0') {
                u64::from_str_radix(&p[1..], 8).ok()
            } else if p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty() {
                p.parse().ok()
            } else {
                None
            }
        })
        .collect::<Option<_>>()?;
    let (last, head) = parts.split_last()?;
    if head.len() > 3 || head.iter().any(|p| *p > 255) {
        return None;
    }
    let room = 8 * (4 - head.len() as u32);
    if room < 64 && *last >= 1u64 << room {
        return None;
    }
    let v = head
        .iter()
        .enumerate()
        .fold(*last, |acc, (i, p)| acc | p << (24 - 8 * i as u32));
    Some(Ipv4Addr::from(v as u32))
}

/// INET_input: an address, `default`, a network or a host name; herror's
/// line when nothing resolves.
fn resolve(ctx: &mut Ctx, name: &str) -> Result<Ipv4Addr, String> {
    if name == "default" {
        return Ok(Ipv4Addr::UNSPECIFIED);
    }
    if let Some(ip) = inet_aton(name) {
        return Ok(ip);
    }
    match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), name) {
        Ok(ip) => Ok(ip),
        Err(e) if e.contains("Temporary failure") => {
            Err(format!("{name}: Host name lookup failure\n"))
        }
        Err(_) => Err(format!("{name}: Unknown host\n")),
    }
}

/// inet_abc_len: the classful prefix SIOCSIFADDR gives an address.
fn abc_len(ip: Ipv4Addr) -> Option<u8> {
    let o = ip.octets()[0];
    match o {
        _ if o == 0 || ip.is_broadcast() => Some(0),
        0..=127 => Some(8),
        128..=191 => Some(16),
        192..=223 => Some(24),
        224..=239 => None,
        _ => Some(32),
    }
}

fn mask_bits(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

/// Re-inserts the primary address changed by `f` (inet_del_ifa, then
/// inet_insert_ifa).
fn replace_primary(w: &mut World, id: LinkId, f: impl FnOnce(&mut IfAddr)) -> Result<(), String> {
    let Some(i) = primary_index(w, id) else {
        return Err("Cannot assign requested address".into());
    };
    let old = w.link(id).addrs[i];
    let mut new = old;
    f(&mut new);
    if new == old {
        return Ok(());
    }
    let _ = w.addr_del(id, old.local, Some(old.prefix));
    w.addr_add(id, new).map_err(|_| "File exists".to_string())
}

/// Applies the steps as ifconfig's loop does, each on its own ioctl.
fn set(ctx: &mut Ctx, ns: NsId, name: &str, ops: &[IfOp], verbose: bool) -> CmdOutput {
    let mut err = String::new();
    let mut goterr: i32 = 0;
    let mut need_mask: Option<u32> = None;
    let dev = |w: &World| w.link_by_name(ns, name).ok();
    // set_flag/clr_flag: SIOCGIFFLAGS first, -1 when the device is gone.
    let flag = |w: &mut World, err: &mut String, up: Option<bool>| -> i32 {
        match dev(w) {
            Some(id) => {
                if let Some(up) = up {
                    w.link_set_up(id, up);
                }
                0
            }
            None => {
                *err += &format!("{name}: ERROR while getting interface flags: No such device\n");
                -1
            }
        }
    };
    for op in ops {
        match op {
            IfOp::Up => goterr |= flag(ctx.world, &mut err, Some(true)),
            IfOp::Flag(which, on) => {
                let r = flag(ctx.world, &mut err, None);
                if let (0, Some(id)) = (r, dev(ctx.world)) {
                    let sh = ctx.world.link_shown_mut(id);
                    match which {
                        UserFlag::Promisc => sh.promisc = *on,
                        UserFlag::Allmulti => sh.allmulti = *on,
                        UserFlag::Multicast => sh.multicast = Some(*on),
                        UserFlag::Dynamic => sh.dynamic = *on,
                    }
                }
                goterr |= r;
            }
            IfOp::TxQueueLen(n) => {
                let r = match dev(ctx.world) {
                    None => Err("No such device"),
                    Some(_) if *n < 0 => Err("Invalid argument"),
                    Some(id) => {
                        ctx.world.link_shown_mut(id).txqlen = *n as u32;
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    err += &format!("SIOCSIFTXQLEN: {e}\n");
                    goterr = 1;
                }
            }
            IfOp::Down => goterr |= flag(ctx.world, &mut err, Some(false)),
            IfOp::Mtu(m) => {
                let r = match dev(ctx.world) {
                    None => Err("No such device"),
                    Some(_) if *m < 0 => Err("Invalid argument"),
                    Some(id) => ctx
                        .world
                        .link_set_mtu(id, *m as u32)
                        .map_err(|_| "Invalid argument"),
                };
                if let Err(e) = r {
                    err += &format!("SIOCSIFMTU: {e}\n");
                    goterr = 1;
                }
            }
            IfOp::Netmask(m) => match resolve(ctx, m) {
                Err(line) => {
                    err += &line;
                    goterr = 1;
                }
                Ok(mask) => {
                    if let Err(e) = set_netmask(ctx.world, dev(ctx.world), u32::from(mask)) {
                        err += &format!("SIOCSIFNETMASK: {e}\n");
                        goterr = 1;
                    }
                }
            },
            IfOp::Broadcast(b) => {
                if let Some(b) = b {
                    match resolve(ctx, b) {
                        Err(line) => {
                            err += &line;
                            goterr = 1;
                            continue;
                        }
                        Ok(brd) => {
                            let r = match dev(ctx.world) {
                                None => Err("No such device".to_string()),
                                Some(id) => replace_primary(ctx.world, id, |a| a.brd = Some(brd)),
                            };
                            if let Err(e) = r {
                                err += &format!("SIOCSIFBRDADDR: {e}\n");
                                goterr = 1;
                            }
                        }
                    }
                }
                goterr |= flag(ctx.world, &mut err, None);
            }
            IfOp::Address(a, mask) => {
                if mask.is_some() {
                    need_mask = *mask;
                }
                let ip = match resolve(ctx, a) {
                    Ok(ip) => ip,
                    Err(line) => {
                        err += &line;
                        err += "ifconfig: `--help' gives usage information.\n";
                        return finish(err, 1, false);
                    }
                };
                if let Err(e) = set_address(ctx.world, dev(ctx.world), ip) {
                    err += &format!("SIOCSIFADDR: {e}\n");
                    goterr = 1;
                }
                goterr |= flag(ctx.world, &mut err, Some(true));
            }
            IfOp::Usage => {
                err += &format!("{USAGE}{HW_LIST}{AF_HEAD}{AF_LIST}");
                return finish(err, 3, true);
            }
        }
    }
    if let Some(m) = need_mask {
        if let Err(e) = set_netmask(ctx.world, dev(ctx.world), m) {
            err += &format!("SIOCSIFNETMASK: {e}\n");
            goterr = 1;
        }
    }
    if verbose && goterr != 0 {
        err += &format!("WARNING: at least one error occured. ({goterr})\n");
    }
    finish(err, goterr & 0xff, false)
}

fn finish(stderr: String, status: i32, usage: bool) -> CmdOutput {
    if usage {
        return CmdOutput::usage(status, stderr);
    }
    CmdOutput::error(status, stderr)
}

/// SIOCSIFADDR: replaces the device's labelled address (0.0.0.0 only
/// removes it), with the classful mask and its broadcast.
fn set_address(w: &mut World, dev: Option<LinkId>, ip: Ipv4Addr) -> Result<(), &'static str> {
    let id = dev.ok_or("No such device")?;
    let prefix = abc_len(ip).ok_or("Invalid argument")?;
    let l = w.link(id);
    let same = l
        .addrs
        .iter()
        .any(|a| a.local == ip && a.label.is_none_or(|n| n == l.name));
    if same {
        return Ok(());
    }
    if let Some(i) = primary_index(w, id) {
        let old = w.link(id).addrs[i];
        let _ = w.addr_del(id, old.local, Some(old.prefix));
    }
    if ip.is_unspecified() {
        return Ok(());
    }
    let broadcast = super::ifconfig_show::if_flags(w, id) & 0x2 != 0;
    let mut a = IfAddr::new(ip, prefix);
    if broadcast && prefix < 31 {
        a.brd = Some(Ipv4Addr::from(u32::from(ip) | !mask_bits(prefix)));
    }
    w.addr_add(id, a).map_err(|_| "File exists")
}

/// SIOCSIFNETMASK: a new prefix for the labelled address; its broadcast
/// follows when it was the old mask's.
fn set_netmask(w: &mut World, dev: Option<LinkId>, mask: u32) -> Result<(), String> {
    let id = dev.ok_or("No such device")?;
    if primary_index(w, id).is_none() {
        return Err("Cannot assign requested address".into());
    }
    let inv = !mask;
    if inv & inv.wrapping_add(1) != 0 {
        return Err("Invalid argument".into());
    }
    let broadcast = super::ifconfig_show::if_flags(w, id) & 0x2 != 0;
    replace_primary(w, id, |a| {
        let old = mask_bits(a.prefix);
        if old == mask {
            return;
        }
        a.prefix = mask.count_ones() as u8;
        let was = u32::from(a.local) | !old;
        if broadcast && a.prefix < 31 && a.brd.map_or(0, u32::from) == was {
            a.brd = Some(Ipv4Addr::from(u32::from(a.local) | inv));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::args::words;
    use super::super::super::run_words;
    use super::*;

    fn run(w: &mut World, s: &str) -> CmdOutput {
        let argv: Vec<&str> = s.split(' ').collect();
        run_words(w, None, None, &argv)
    }

    #[test]
    fn parses_words_in_order() {
        assert_eq!(
            parse(&words("eth1 10.1.0.1 netmask 255.255.0.0 up")),
            IfCmd::Set {
                name: "eth1".into(),
                ops: vec![
                    IfOp::Address("10.1.0.1".into(), None),
                    IfOp::Netmask("255.255.0.0".into()),
                    IfOp::Up
                ],
                verbose: false
            }
        );
        assert_eq!(parse(&words("-x")), IfCmd::BadOption("-x".into()));
        assert_eq!(
            parse(&words("eth0 -arp")),
            IfCmd::NotSimulated("-arp".into())
        );
        match parse(&words("eth0 up mtu")) {
            IfCmd::Set { ops, .. } => assert_eq!(ops, vec![IfOp::Up, IfOp::Usage]),
            other => panic!("{other:?}"),
        }
        assert_eq!(inet_aton("0"), Some(Ipv4Addr::UNSPECIFIED));
        assert_eq!(inet_aton("10.1"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(inet_aton("bogus"), None);
    }

    #[test]
    fn sets_an_address_mask_and_mtu() {
        let mut w = World::new();
        run(&mut w, "ip link add eth1 type veth peer name peer1");
        let out = run(&mut w, "ifconfig eth1 10.1.0.2");
        assert_eq!(out.status, 0, "{}", out.stderr);
        let text = run(&mut w, "ifconfig eth1").stdout;
        assert!(text.contains("inet 10.1.0.2  netmask 255.0.0.0  broadcast 10.255.255.255\n"));
        assert!(text.starts_with("eth1: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500\n"));
        run(&mut w, "ifconfig eth1 netmask 255.255.0.0 mtu 1400");
        let text = run(&mut w, "ifconfig eth1").stdout;
        assert!(text.contains("inet 10.1.0.2  netmask 255.255.0.0  broadcast 10.1.255.255\n"));
        assert!(text.contains("mtu 1400\n"));
        let out = run(&mut w, "ifconfig eth1 netmask 255.0.255.0");
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (1, "SIOCSIFNETMASK: Invalid argument\n")
        );
        let out = run(&mut w, "ifconfig nosuch up");
        assert_eq!(out.status, 255);
        let out = run(&mut w, "ifconfig nosuch");
        assert_eq!(
            out.stderr,
            "nosuch: error fetching interface information: Device not found\n"
        );
        run(&mut w, "ifconfig eth1 0");
        assert!(!run(&mut w, "ifconfig eth1").stdout.contains("inet "));
    }
}
