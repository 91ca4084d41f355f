//! `ip link` words into a typed op, as iplink.c's `iplink_parse` and the
//! link types' `parse_opt` read them. Nothing here looks at the world:
//! names stay names until the run step resolves them.

#![allow(clippy::result_large_err)]

use super::common::{
    bad_lladdr, fail, garbage, help, invarg, matches, not_simulated, parse_prefix, usage,
    CmdOutput, Words,
};
use super::options::{keyword, Keyword};
use crate::display::net::show::AddrSelect;
use crate::sim::link::Mac;
use crate::sim::link::{scope_parse, IfName};

pub(crate) const LINK_USAGE: &str = include_str!("help/link.txt");

/// One `ip link` command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LinkOp {
    /// `show [DEV] [up] [master M] [type T]` (also `ip addr show`'s selector).
    Show(LinkFilter),
    /// `add ... type KIND [ARGS]`.
    Add(LinkReq),
    /// `set DEV ...` / `change DEV ...`.
    Set(LinkReq),
    /// `delete DEV [type KIND]`.
    Del(LinkReq),
    Help,
}

/// The selector of `ip link show` / `ip addr show|flush`
/// (ipaddress.c's `ipaddr_list_flush_or_save`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LinkFilter {
    pub dev: Option<String>,
    pub kind: Option<String>,
    pub slave_kind: Option<String>,
    pub master: Option<String>,
    pub nomaster: bool,
    pub up: bool,
    /// `group N`: only that device group.
    pub group: Option<u32>,
    /// Anything at all was given (`ip addr flush` needs a selector).
    pub given: bool,
    /// `to`, `scope`, `label`: which addresses (`ip addr show|flush`).
    pub select: AddrSelect,
}

/// A bridge port's flags (`type bridge_slave learning on hairpin off`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PortFlags {
    pub learning: Option<bool>,
    pub hairpin: Option<bool>,
}

/// What `type KIND ARGS` asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LinkType {
    Veth {
        peer: Option<Box<LinkReq>>,
    },
    /// `type bridge [ageing_time N ...]`.
    Bridge(crate::sim::stack::bridge_conf::BridgeChange),
    BridgeSlave(PortFlags),
    Dummy,
    /// A kind netbook does not create (the kernel says it does not know it).
    Other(String),
}

/// One `iplink_parse` request: the device, what to set on it, its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LinkReq {
    /// `[dev] NAME`: the device (or the new one's name).
    pub dev: Option<String>,
    /// `name NAME`: the new name (with `add`, the device's name).
    pub name: Option<String>,
    pub up: Option<bool>,
    pub mac: Option<Mac>,
    pub mtu: Option<i32>,
    pub netns: Option<String>,
    /// `master M` (`Some(Some)`) or `nomaster` (`Some(None)`).
    pub master: Option<Option<String>>,
    pub kind: Option<LinkType>,
    /// `alias TEXT` (empty removes it).
    pub alias: Option<String>,
    pub group: Option<u32>,
    pub txqlen: Option<u32>,
    pub promisc: Option<bool>,
    pub allmulti: Option<bool>,
    pub multicast: Option<bool>,
    pub dynamic: Option<bool>,
}

#[derive(Clone, Copy)]
enum Cmd {
    Add,
    Set,
    Replace,
    Delete,
    Show,
    Xstats,
    Afstats,
    Property,
    Help,
}

/// iplink.c's `do_iplink` order (`ip link s` is `set`).
const COMMANDS: &[Keyword<Cmd>] = &[
    ("add", false, Cmd::Add),
    ("set", false, Cmd::Set),
    ("change", false, Cmd::Set),
    ("replace", false, Cmd::Replace),
    ("delete", false, Cmd::Delete),
    ("show", false, Cmd::Show),
    ("lst", false, Cmd::Show),
    ("list", false, Cmd::Show),
    ("xstats", false, Cmd::Xstats),
    ("afstats", false, Cmd::Afstats),
    ("property", false, Cmd::Property),
    ("help", false, Cmd::Help),
];

/// `ip link ARGS`.
pub(crate) fn parse(args: &[String]) -> Result<LinkOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(LinkOp::Show(LinkFilter::default()));
    };
    let create = true;
    match keyword(cmd, COMMANDS) {
        Some(Cmd::Add) => parse_req(rest, create).map(LinkOp::Add),
        Some(Cmd::Set) => parse_req(rest, !create).map(LinkOp::Set),
        Some(Cmd::Delete) => parse_req(rest, !create).map(LinkOp::Del),
        Some(Cmd::Show) => parse_filter(rest, LINK_USAGE).map(LinkOp::Show),
        Some(Cmd::Help) => Ok(LinkOp::Help),
        Some(Cmd::Replace) => Err(not_simulated("ip link replace")),
        Some(Cmd::Xstats) => Err(not_simulated("ip link xstats")),
        Some(Cmd::Afstats) => Err(not_simulated("ip link afstats")),
        Some(Cmd::Property) => Err(not_simulated("ip link property")),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip link help\"."),
        )),
    }
}

/// The selector words of `ip link show` and `ip addr show|flush`; `help`
/// prints the object's usage.
pub(crate) fn parse_filter(args: &[String], usage_text: &str) -> Result<LinkFilter, CmdOutput> {
    let mut f = LinkFilter {
        given: !args.is_empty(),
        ..LinkFilter::default()
    };
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        if let Some((bit, set)) = addr_flag(a) {
            f.select.flag_mask |= bit;
            f.select.flags = if set {
                f.select.flags | bit
            } else {
                f.select.flags & !bit
            };
            continue;
        }
        match a {
            "to" => {
                let v = w.value()?;
                let bad = || {
                    usage(
                        1,
                        format!("Error: any valid prefix is expected rather than \"{v}\"."),
                    )
                };
                let (ip, len) = parse_prefix(v).ok_or_else(bad)?;
                f.select.to = Some((ip, len));
            }
            "scope" => {
                let v = w.value()?;
                f.select.scope = match v {
                    "all" => None,
                    v => Some(scope_parse(v).ok_or_else(|| {
                        usage(
                            255,
                            format!("Error: argument \"{v}\" is wrong: invalid \"scope\"\n"),
                        )
                    })?),
                };
            }
            "label" => {
                let v = w.value()?;
                f.select.label = Some(IfName::new(v).ok_or_else(|| garbage("label", v))?);
            }
            "group" => f.group = Some(group(w.value()?)?),
            "up" => f.up = true,
            "master" => f.master = Some(w.value()?.to_string()),
            "nomaster" => f.nomaster = true,
            "vrf" => return Err(not_simulated("ip link show vrf")),
            "type" => {
                let t = w.value()?;
                match t.strip_suffix("_slave") {
                    Some(k) => f.slave_kind = Some(k.to_string()),
                    None => f.kind = Some(t.to_string()),
                }
            }
            a => {
                let d = if a == "dev" {
                    w.value()?
                } else if matches(a, "help") {
                    return Err(help(usage_text));
                } else {
                    a
                };
                if f.dev.is_some() {
                    return Err(garbage("dev", d));
                }
                f.dev = Some(d.to_string());
            }
        }
    }
    Ok(f)
}

/// ipaddress.c's flag words: the IFA_F_* bit and whether it must be
/// set; `-FLAG` asks for its absence. `dynamic` and `primary` are the
/// absence of `permanent` and `secondary`.
fn addr_flag(a: &str) -> Option<(u16, bool)> {
    const FLAGS: &[(&str, u16)] = &[
        ("secondary", 0x01),
        ("temporary", 0x01),
        ("nodad", 0x02),
        ("optimistic", 0x04),
        ("dadfailed", 0x08),
        ("home", 0x10),
        ("deprecated", 0x20),
        ("tentative", 0x40),
        ("permanent", 0x80),
        ("mngtmpaddr", 0x100),
        ("noprefixroute", 0x200),
        ("autojoin", 0x400),
        ("stable-privacy", 0x800),
    ];
    let (name, set) = match a.strip_prefix('-') {
        Some(n) => (n, false),
        None => (a, true),
    };
    match name {
        "dynamic" => Some((0x80, !set)),
        "primary" => Some((0x01, !set)),
        _ => FLAGS.iter().find(|f| f.0 == name).map(|f| (f.1, set)),
    }
}

/// rtnl_group_a2n: `default` (/etc/iproute2/group) or a number up to INT_MAX.
fn group(v: &str) -> Result<u32, CmdOutput> {
    let n = if v == "default" {
        Some(0)
    } else {
        super::options::parse_unsigned(v).filter(|n| i32::try_from(*n).is_ok())
    };
    n.ok_or_else(|| invarg("Invalid \"group\" value\n", v))
}

/// iproute2's `check_ifname` (`limit` 16) / `check_altifname` (128).
fn valid_ifname(n: &str, limit: usize) -> bool {
    !n.is_empty() && n.len() < limit && !n.chars().any(|c| c == '/' || c.is_ascii_whitespace())
}

/// iproute2's `duparg`.
fn duparg(key: &str, arg: &str) -> CmdOutput {
    usage(
        255,
        format!("Error: duplicate \"{key}\": \"{arg}\" is the second value."),
    )
}

/// utils.c's `get_integer` (base 0) into an `int`.
pub(crate) fn get_integer(s: &str) -> Option<i32> {
    let (neg, d) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let v = super::options::parse_unsigned(d).map(i64::from)?;
    i32::try_from(if neg { -v } else { v }).ok()
}

/// `on|off` as iplink.c's `on_off` reads it.
fn on_off(key: &str, v: &str) -> Result<bool, CmdOutput> {
    match v {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(usage(
            1,
            format!("Error: argument of \"{key}\" must be \"on\" or \"off\", not \"{v}\""),
        )),
    }
}

/// `on|off` as utils.c's `parse_on_off` reads it.
fn parse_on_off(key: &str, v: &str) -> Result<bool, CmdOutput> {
    match v {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(usage(
            1,
            format!("Error: argument of \"{key}\" must be one of \"off\", \"on\", not \"{v}\""),
        )),
    }
}

fn lladdr(v: &str) -> Result<Mac, CmdOutput> {
    v.parse().map_err(|_| fail(1, bad_lladdr(v)))
}

/// `iplink_parse` and then the type's own words. `create`: `ip link add`
/// (a name is the new device's; `type` is required).
pub(crate) fn parse_req(args: &[String], create: bool) -> Result<LinkReq, CmdOutput> {
    let mut w = Words::new(args);
    let (mut r, kind) = parse_common(&mut w, create)?;
    if let Some(kind) = kind {
        r.kind = Some(parse_type(&kind, w.rest(), create)?);
    } else if create {
        return Err(usage(
            1,
            "Not enough information: \"type\" argument is required",
        ));
    }
    Ok(r)
}

/// The loop of `iplink_parse` up to `type KIND`, and its checks after.
fn parse_common(w: &mut Words, create: bool) -> Result<(LinkReq, Option<String>), CmdOutput> {
    let mut r = LinkReq::default();
    // `dev` as iproute2 tracks it: the word, and whether it came from `name`.
    let mut dev_from_name = false;
    let mut kind = None;
    while let Some(a) = w.next() {
        match a {
            "up" => r.up = Some(true),
            "down" => r.up = Some(false),
            "name" => {
                let v = w.value()?;
                if r.name.is_some() {
                    return Err(duparg("name", v));
                }
                if !valid_ifname(v, 16) {
                    return Err(invarg("\"name\" not a valid ifname", v));
                }
                r.name = Some(v.to_string());
                if r.dev.is_none() {
                    r.dev = Some(v.to_string());
                    dev_from_name = true;
                }
            }
            "index" => return Err(not_simulated("ip link index")),
            a if matches(a, "link") => return Err(not_simulated("ip link ... link DEV")),
            a if matches(a, "address") => r.mac = Some(lladdr(w.value()?)?),
            a if matches(a, "broadcast") || a == "brd" => {
                lladdr(w.value()?)?;
                return Err(not_simulated("ip link ... broadcast LLADDR"));
            }
            a if matches(a, "txqueuelen") || a == "qlen" || matches(a, "txqlen") => {
                let v = w.value()?;
                let n =
                    get_integer(v).ok_or_else(|| invarg("Invalid \"txqueuelen\" value\n", v))?;
                // The kernel keeps the int as a u32 (`-1` shows as `qlen -1`).
                r.txqlen = Some(n as u32);
            }
            "mtu" => {
                let v = w.value()?;
                if r.mtu.is_some() {
                    return Err(duparg("mtu", v));
                }
                r.mtu = Some(get_integer(v).ok_or_else(|| invarg("Invalid \"mtu\" value\n", v))?);
            }
            "netns" => {
                let v = w.value()?;
                if r.netns.is_some() {
                    return Err(duparg("netns", v));
                }
                r.netns = Some(v.to_string());
            }
            "multicast" => r.multicast = Some(on_off(a, w.value()?)?),
            "allmulticast" => r.allmulti = Some(on_off(a, w.value()?)?),
            "promisc" => r.promisc = Some(on_off(a, w.value()?)?),
            // A device without ARP (IFF_NOARP) resolves no neighbour: unmodelled.
            "arp" => {
                if !on_off(a, w.value()?)? {
                    return Err(not_simulated("ip link ... arp off"));
                }
            }
            "trailers" | "carrier" | "protodown" => {
                parse_on_off(a, w.value()?)?;
                return Err(not_simulated(&format!("ip link ... {a}")));
            }
            a if matches(a, "dynamic") => r.dynamic = Some(on_off("dynamic", w.value()?)?),
            a if matches(a, "master") => r.master = Some(Some(w.value()?.to_string())),
            a if matches(a, "nomaster") => r.master = Some(None),
            a if matches(a, "type") => {
                kind = Some(w.value()?.to_string());
                break;
            }
            a if matches(a, "alias") => {
                let v = w.value()?;
                if v.len() >= 256 {
                    return Err(invarg("alias too long\n", v));
                }
                r.alias = Some(v.to_string());
            }
            "group" => {
                let v = w.value()?;
                if r.group.is_some() {
                    return Err(duparg("group", v));
                }
                r.group = Some(group(v)?);
            }
            "xdpgeneric" | "xdpdrv" | "xdpoffload" | "xdp" | "vf" | "vrf" | "mode" | "state"
            | "protodown_reason" | "gso_max_size" | "gso_max_segs" | "gro_max_size"
            | "parentdev" => {
                return Err(not_simulated(&format!("ip link ... {a}")));
            }
            a if matches(a, "numtxqueues")
                || matches(a, "numrxqueues")
                || matches(a, "addrgenmode")
                || matches(a, "link-netns")
                || matches(a, "link-netnsid") =>
            {
                return Err(not_simulated(&format!("ip link ... {a}")));
            }
            a => {
                if matches(a, "help") {
                    return Err(help(LINK_USAGE));
                }
                let d = if a == "dev" { w.value()? } else { a };
                if r.dev.is_some() && !dev_from_name {
                    return Err(garbage("dev", d));
                }
                if !valid_ifname(d, 128) {
                    return Err(invarg("\"dev\" not a valid ifname", d));
                }
                r.dev = Some(d.to_string());
                dev_from_name = false;
            }
        }
    }
    // "Allow ip link add dev and ip link add name".
    match (&r.name, &r.dev) {
        (None, Some(d)) => r.name = Some(d.clone()),
        (Some(n), Some(d)) if create && !dev_from_name && n != d => {
            return Err(usage(
                255,
                "both \"name\" and \"dev\" cannot be used when creating devices.",
            ));
        }
        _ => {}
    }
    if !create {
        if r.dev.is_none() && r.group.is_some() {
            // `ip link set group N ...` changes every device of the group.
            return Err(not_simulated("ip link set group N (without a device)"));
        }
        if r.dev.is_none() {
            return Err(usage(
                255,
                "Not enough information: \"dev\" argument is required.",
            ));
        }
        // Not renaming to the same name.
        if r.name == r.dev {
            r.name = None;
        }
    }
    Ok((r, kind))
}

const VETH_USAGE: &str =
    "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n";

/// The words after `type KIND`.
fn parse_type(kind: &str, rest: &[String], create: bool) -> Result<LinkType, CmdOutput> {
    let t = match kind {
        "veth" => {
            let Some((first, peer)) = rest.split_first() else {
                return Ok(LinkType::Veth { peer: None });
            };
            if first != "peer" {
                return Err(CmdOutput {
                    status: 1,
                    stdout: VETH_USAGE.to_string(),
                    ..CmdOutput::default()
                });
            }
            let mut w = Words::new(peer);
            let (p, kind) = parse_common(&mut w, create)?;
            if kind.is_some() {
                return Err(duparg("type", kind.as_deref().unwrap_or("")));
            }
            if p.master.is_some() {
                return Err(not_simulated("ip link add ... type veth peer ... master"));
            }
            LinkType::Veth {
                peer: Some(Box::new(p)),
            }
        }
        "bridge" => LinkType::Bridge(super::link_bridge::parse_bridge(rest)?),
        "bridge_slave" => {
            let mut f = PortFlags::default();
            let mut w = Words::new(rest);
            while let Some(k) = w.next() {
                match k {
                    "learning" => f.learning = Some(parse_on_off(k, w.value()?)?),
                    "hairpin" => f.hairpin = Some(parse_on_off(k, w.value()?)?),
                    _ => return Err(not_simulated(&format!("ip link ... type bridge_slave {k}"))),
                }
            }
            LinkType::BridgeSlave(f)
        }
        "dummy" if rest.is_empty() => LinkType::Dummy,
        "dummy" => {
            if matches(&rest[0], "help") {
                return Err(help(LINK_USAGE));
            }
            return Err(fail(
                1,
                format!(
                    "Garbage instead of arguments \"{} ...\". Try \"ip link help\".",
                    rest[0]
                ),
            ));
        }
        other => LinkType::Other(other.to_string()),
    };
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(line: &str) -> String {
        let args: Vec<String> = line.split(' ').map(str::to_string).collect();
        let e = parse(&args).expect_err(line);
        assert_eq!(e.status, 255, "{line}");
        e.stderr
    }

    #[test]
    fn words_with_unmodelled_effects_are_refused() {
        for line in [
            "set v0 arp off",
            "set group 5 up",
            "add v0 type veth peer name v1 master br0",
        ] {
            assert!(refused(line).contains("is not simulated"), "{line}");
        }
    }

    #[test]
    fn shown_attributes_are_kept() {
        let args: Vec<String> = "set v0 alias hi group default txqlen -1 promisc on arp on"
            .split(' ')
            .map(str::to_string)
            .collect();
        let LinkOp::Set(r) = parse(&args).unwrap() else {
            panic!("not a set");
        };
        assert_eq!(r.alias.as_deref(), Some("hi"));
        assert_eq!(
            (r.group, r.txqlen, r.promisc),
            (Some(0), Some(u32::MAX), Some(true))
        );
    }
}
