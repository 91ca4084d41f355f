//! `ip route` words into a typed `RouteOp`, as iproute.c reads them
//! (`iproute_modify`, `iproute_list_flush_or_save`, `iproute_get`).
//! Nothing here looks at the world: devices stay names.

#![allow(clippy::result_large_err)]

use super::common::{
    bad_addr, bad_prefix, garbage, invarg, matches, not_simulated, parse_addr, prefix_of, usage,
    CmdOutput, Words,
};
use super::options::{keyword, Family, Keyword};
use crate::sim::route::{RouteKind, RouteProto, RouteScope};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

pub(crate) const ROUTE_USAGE: &str = include_str!("help/route.txt");

/// One `ip route` command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RouteOp {
    Show(RouteFilter),
    Get(RouteGetSpec),
    /// `add`/`append`/`prepend`, or `replace`/`change` (`replace: true`).
    Add {
        spec: RouteSpec,
        replace: bool,
    },
    Del(RouteSpec),
    /// `flush SELECTORS`: the routes `show` would list with them.
    Flush(RouteFilter),
    Help,
}

/// `ROUTE := [TYPE] PREFIX [via G] [dev D] [metric M] [proto P] [scope S] [src A]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RouteSpec {
    /// As written: the kernel refuses host bits (`Invalid prefix`).
    pub dst: Ipv4Net,
    pub via: Option<Ipv4Addr>,
    pub dev: Option<String>,
    pub metric: Option<u32>,
    pub proto: Option<RouteProto>,
    pub scope: Option<RouteScope>,
    pub src: Option<Ipv4Addr>,
    /// `TYPE` before the prefix (`None`: unicast, or any for `del`).
    pub kind: Option<RouteKind>,
    /// `onlink`: the gateway is on the device whatever its subnet.
    pub onlink: bool,
    /// `table T`.
    pub table: Table,
}

/// A routing table named by `table T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Table {
    #[default]
    Main,
    /// `table local|all` (the view of that table).
    View(&'static str),
    /// Any other table (its number): netbook keeps routes only in main
    /// (and the kernel's own in local), so such a table never exists.
    Other(u32),
}

impl core::fmt::Display for Table {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Table::Main => f.write_str("main"),
            Table::View(t) => f.write_str(t),
            Table::Other(n) => write!(f, "{n}"),
        }
    }
}

impl Table {
    /// rt_tables' names and numbers; `what` names the value in
    /// iproute2's error (`"table"` for a route, `table id` for a filter).
    fn parse(v: &str, what: &str) -> Result<Table, CmdOutput> {
        match v {
            "main" | "254" => Ok(Table::Main),
            "local" | "255" => Ok(Table::View("local")),
            "all" | "unspec" | "0" => Ok(Table::View("all")),
            "default" => Ok(Table::Other(253)),
            _ => v
                .parse()
                .map(Table::Other)
                .map_err(|_| invarg(&format!("{what} value is invalid\n"), v)),
        }
    }
}

/// `ip route show` selectors, applied in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RouteFilter {
    pub table: Table,
    pub dev: Option<String>,
    pub proto: Option<RouteProto>,
    pub scope: Option<RouteScope>,
    pub via: Option<Ipv4Addr>,
    pub src: Option<Ipv4Addr>,
    pub metric: Option<u32>,
    /// `default` or an exact prefix (`exact P` is `root P` and `match P`).
    pub dst: Option<Ipv4Net>,
    /// `root P`: routes whose prefix lies inside P.
    pub root: Option<Ipv4Net>,
    /// `match P`: routes whose prefix holds P.
    pub within: Option<Ipv4Net>,
    /// `type T`.
    pub kind: Option<RouteKind>,
}

/// `ip route get ADDRESS [from ADDRESS] ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RouteGetSpec {
    pub dst: Ipv4Addr,
    pub from: Option<Ipv4Addr>,
    /// `iif D`: as a packet arriving on D would be routed.
    pub iif: Option<String>,
    /// `mark N` (fwmark; 0: none).
    pub mark: u32,
    /// `uid N`: the socket owner asked for.
    pub uid: Option<u32>,
}

#[derive(Clone, Copy)]
enum Cmd {
    Add,
    Replace,
    Delete,
    Show,
    Get,
    Flush,
    Other(&'static str),
    Help,
}

/// iproute.c's `do_iproute` order (`ip r s` is `show`, `ip r g` `get`).
const COMMANDS: &[Keyword<Cmd>] = &[
    ("add", false, Cmd::Add),
    ("change", false, Cmd::Replace),
    ("chg", true, Cmd::Replace),
    ("replace", false, Cmd::Replace),
    ("prepend", false, Cmd::Add),
    ("append", false, Cmd::Add),
    ("test", false, Cmd::Other("ip route test")),
    ("delete", false, Cmd::Delete),
    ("list", false, Cmd::Show),
    ("show", false, Cmd::Show),
    ("lst", false, Cmd::Show),
    ("get", false, Cmd::Get),
    ("flush", false, Cmd::Flush),
    ("save", false, Cmd::Other("ip route save")),
    ("restore", false, Cmd::Other("ip route restore")),
    ("showdump", false, Cmd::Other("ip route showdump")),
    ("help", false, Cmd::Help),
];

/// `ip route ARGS`.
pub(crate) fn parse(args: &[String], fam: Family) -> Result<RouteOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(RouteOp::Show(RouteFilter::default()));
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::Add) => Ok(RouteOp::Add {
            spec: parse_spec(rest, fam)?,
            replace: false,
        }),
        Some(Cmd::Replace) => Ok(RouteOp::Add {
            spec: parse_spec(rest, fam)?,
            replace: true,
        }),
        Some(Cmd::Delete) => parse_spec(rest, fam).map(RouteOp::Del),
        Some(Cmd::Show) => parse_filter(rest, fam).map(RouteOp::Show),
        Some(Cmd::Get) => parse_get(rest, fam).map(RouteOp::Get),
        Some(Cmd::Flush) => parse_flush(rest, fam).map(RouteOp::Flush),
        Some(Cmd::Help) => Ok(RouteOp::Help),
        Some(Cmd::Other(what)) => Err(not_simulated(what)),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip route help\"."),
        )),
    }
}

fn parse_scope(v: &str) -> Result<RouteScope, CmdOutput> {
    match v {
        "link" => Ok(RouteScope::Link),
        "host" => Ok(RouteScope::Host),
        "global" | "universe" => Ok(RouteScope::Global),
        _ => Err(invarg("invalid \"scope\" value\n", v)),
    }
}

fn parse_metric(v: &str) -> Result<u32, CmdOutput> {
    v.parse()
        .map_err(|_| invarg("\"metric\" value is invalid\n", v))
}

fn addr(v: &str) -> Result<Ipv4Addr, CmdOutput> {
    parse_addr(v).ok_or_else(|| bad_addr(v))
}

/// Route types other than `unicast` (rt_names.c's rtnl_rtntype_a2n).
const TYPES: &[&str] = &[
    "local",
    "nat",
    "broadcast",
    "brd",
    "anycast",
    "multicast",
    "prohibit",
    "unreachable",
    "blackhole",
    "xresolve",
    "throw",
];

fn parse_spec(args: &[String], fam: Family) -> Result<RouteSpec, CmdOutput> {
    let mut dst: Option<Ipv4Net> = None;
    let mut s = RouteSpec {
        dst: Ipv4Net::default(),
        via: None,
        dev: None,
        metric: None,
        proto: None,
        scope: None,
        src: None,
        kind: None,
        onlink: false,
        table: Table::Main,
    };
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "via" | "gw" => {
                let mut v = w.value()?;
                if v == "inet" {
                    v = w.value()?;
                }
                s.via = Some(addr(v)?);
            }
            "dev" | "oif" => s.dev = Some(w.value()?.to_string()),
            "metric" | "priority" | "preference" => s.metric = Some(parse_metric(w.value()?)?),
            "proto" | "protocol" => {
                let v = w.value()?;
                s.proto = Some(
                    RouteProto::parse(v)
                        .ok_or_else(|| invarg("\"protocol\" value is invalid\n", v))?,
                );
            }
            "scope" => s.scope = Some(parse_scope(w.value()?)?),
            "src" => s.src = Some(addr(w.value()?)?),
            "table" => s.table = Table::parse(w.value()?, "\"table\"")?,
            "onlink" => s.onlink = true,
            a => {
                let a = if matches(a, "to") { w.value()? } else { a };
                if dst.is_some() {
                    return Err(garbage("to", a));
                }
                let a = match RouteKind::parse(a) {
                    Some(k) if s.kind.is_none() => {
                        s.kind = Some(k);
                        w.value()?
                    }
                    _ if TYPES.contains(&a) => {
                        return Err(not_simulated(&format!("ip route add {a}")));
                    }
                    _ => a,
                };
                dst = Some(if a == "default" || a == "all" {
                    Ipv4Net::default()
                } else {
                    let (ip, p) = prefix_of(a, fam)?;
                    Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?
                });
            }
        }
    }
    let Some(dst) = dst else {
        return Err(garbage("to", ""));
    };
    s.dst = dst;
    Ok(s)
}

fn parse_filter(args: &[String], fam: Family) -> Result<RouteFilter, CmdOutput> {
    let mut f = RouteFilter::default();
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "dev" | "oif" => f.dev = Some(w.value()?.to_string()),
            "table" => f.table = Table::parse(w.value()?, "table id")?,
            "proto" | "protocol" => {
                let v = w.value()?;
                let p = RouteProto::parse(v).ok_or_else(|| invarg("invalid \"protocol\"\n", v))?;
                f.proto = Some(p);
            }
            // The main table is the only one a filter reads here.
            "all" => {}
            "scope" => f.scope = Some(parse_scope(w.value()?)?),
            "via" => f.via = Some(addr(w.value()?)?),
            "src" => f.src = Some(addr(w.value()?)?),
            "metric" | "priority" | "preference" => f.metric = Some(parse_metric(w.value()?)?),
            "default" => f.dst = Some(Ipv4Net::default()),
            "type" => {
                let v = w.value()?;
                f.kind = Some(RouteKind::parse(v).ok_or_else(|| {
                    if TYPES.contains(&v) {
                        not_simulated(&format!("ip route show type {v}"))
                    } else {
                        invarg("invalid type\n", v)
                    }
                })?);
            }
            "root" | "match" => {
                let v = w.value()?;
                let (ip, p) = prefix_of(v, fam)?;
                let net = Some(Ipv4Net::new(ip, p).map_err(|_| bad_prefix(v))?.trunc());
                match a {
                    "root" => f.root = net,
                    _ => f.within = net,
                }
            }
            "vrf" | "cached" | "cloned" | "tod" | "dsfield" | "iif" | "mark" | "realms"
            | "realm" | "from" => {
                return Err(not_simulated(&format!("ip route show {a}")));
            }
            a => {
                let a = if matches(a, "to") || a == "exact" {
                    w.value()?
                } else {
                    a
                };
                let (ip, p) = prefix_of(a, fam)?;
                f.dst = Some(Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?.trunc());
            }
        }
    }
    Ok(f)
}

fn parse_get(args: &[String], fam: Family) -> Result<RouteGetSpec, CmdOutput> {
    let mut dst: Option<Ipv4Addr> = None;
    let mut from: Option<Ipv4Addr> = None;
    let mut iif = None;
    let (mut mark, mut uid, mut proto) = (0, None, None);
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "from" => {
                let v = w.value()?;
                from = Some(prefix_of(v, fam)?.0);
            }
            "iif" => iif = Some(w.value()?.to_string()),
            "mark" => {
                let v = w.value()?;
                mark = parse_u32(v).ok_or_else(|| invarg("invalid mark value", v))?;
            }
            "uid" => {
                let v = w.value()?;
                uid = Some(parse_u32(v).ok_or_else(|| invarg("invalid UID\n", v))?);
            }
            // With no policy rules beside the defaults, these select nothing
            // a lookup here could differ by: checked, then without effect.
            "tos" | "dsfield" => {
                let v = w.value()?;
                dsfield(v).ok_or_else(|| invarg("TOS value is invalid\n", v))?;
            }
            "ipproto" => {
                let v = w.value()?;
                proto = Some(ipproto(v).ok_or_else(|| invarg("Invalid \"ipproto\" value\n", v))?);
            }
            "sport" | "dport" => {
                let v = w.value()?;
                parse_u32(v)
                    .filter(|p| *p <= 0xffff)
                    .ok_or_else(|| invarg(&format!("invalid {a}\n"), v))?;
            }
            "oif" | "dev" | "vrf" | "fibmatch" | "connected" | "notify" => {
                return Err(not_simulated(&format!("ip route get ... {a}")));
            }
            a => {
                let a = if matches(a, "to") { w.value()? } else { a };
                if dst.is_some() {
                    return Err(garbage("to", a));
                }
                let (ip, _) = prefix_of(a, fam)?;
                dst = Some(ip);
            }
        }
    }
    let Some(dst) = dst else {
        return Err(usage(1, "need at least a destination address"));
    };
    // The kernel's rtm_getroute_parse_ip_proto takes only these three.
    if proto.is_some_and(|p| !matches!(p, 1 | 6 | 17)) {
        return Err(usage(2, "Error: Unsupported ip proto."));
    }
    Ok(RouteGetSpec {
        dst,
        from,
        iif,
        mark,
        uid,
    })
}

/// get_u32 (base 0).
fn parse_u32(v: &str) -> Option<u32> {
    super::options::parse_unsigned(v)
}

/// rtnl_dsfield_a2n: a name of Debian's /etc/iproute2/rt_dsfield or a
/// hexadecimal number up to 255.
fn dsfield(v: &str) -> Option<u8> {
    const NAMES: &[(&str, u8)] = &[
        ("default", 0x0),
        ("AF11", 0x28),
        ("AF12", 0x30),
        ("AF13", 0x38),
        ("AF21", 0x48),
        ("AF22", 0x50),
        ("AF23", 0x58),
        ("AF31", 0x68),
        ("AF32", 0x70),
        ("AF33", 0x78),
        ("AF41", 0x88),
        ("AF42", 0x90),
        ("AF43", 0x98),
        ("CS1", 0x20),
        ("CS2", 0x40),
        ("CS3", 0x60),
        ("CS4", 0x80),
        ("CS5", 0xA0),
        ("CS6", 0xC0),
        ("CS7", 0xE0),
        ("EF", 0xB8),
    ];
    NAMES.iter().find(|n| n.0 == v).map(|n| n.1).or_else(|| {
        let h = v
            .strip_prefix("0x")
            .or_else(|| v.strip_prefix("0X"))
            .unwrap_or(v);
        u8::from_str_radix(h, 16).ok()
    })
}

/// inet_proto_a2n: a name of /etc/protocols, else `get_u8` in base 10
/// (strtoul's leading blanks and sign, then digits to the end).
fn ipproto(v: &str) -> Option<u8> {
    if let Some(n) = crate::sim::protocols::by_name(v) {
        return Some(n);
    }
    let t = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // strtoul negates: only -0 stays within a byte.
    let n: u64 = digits.parse().ok()?;
    u8::try_from(n).ok().filter(|&n| !negative || n == 0)
}

fn parse_flush(args: &[String], fam: Family) -> Result<RouteFilter, CmdOutput> {
    if args.is_empty() {
        return Err(usage(1, "\"ip route flush\" requires arguments."));
    }
    parse_filter(args, fam)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(line: &str) -> bool {
        let args: Vec<String> = line.split(' ').map(str::to_string).collect();
        parse(&args, Family::Unspec).is_err_and(|e| e.stderr.contains("is not simulated"))
    }

    #[test]
    fn route_get_keys_that_change_the_lookup_are_refused() {
        for k in [
            "oif d0",
            "dev d0",
            "vrf v",
            "fibmatch",
            "connected",
            "notify",
        ] {
            assert!(refused(&format!("get 10.0.0.1 {k}")), "{k}");
        }
        assert!(!refused(
            "get 10.0.0.1 mark 7 uid 3 tos 0x10 ipproto tcp sport 1"
        ));
    }
}
