//! `ip neigh`: show, add, replace, change, delete, flush (ip-neighbour(8)).
//! `parse` turns the words into a `NeighOp` without the world; `run`
//! applies it.

#![allow(clippy::result_large_err)]

use super::common::{
    addr_of, bad_lladdr, bad_prefix, fail, garbage, help, invarg, matches, no_json, not_simulated,
    parse_prefix, prefix_of, usage, CmdOutput, Ip, Words, R,
};
use super::json_misc;
use super::options::{keyword, Family, Keyword};
use crate::display::net::neigh::{NeighSelect, NUD_NONE_SELECTED};
use crate::display::net::{self as view};
use crate::sim::l2::{NeighMarks, NeighState, ProxyNeigh};
use crate::sim::link::LinkId;
use crate::sim::link::Mac;
use crate::sim::stack::rt_protos;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

pub(crate) const NEIGH_USAGE: &str = include_str!("help/neigh.txt");

/// One `ip neigh` command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NeighOp {
    Show(NeighFilter),
    Flush(NeighFilter),
    /// `add` (`Create`), `replace` (`Replace`), `change` (`Change`).
    Set(NeighSpec, SetMode),
    Del(NeighSpec),
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetMode {
    Create,
    Replace,
    Change,
}

/// `ADDR [lladdr MAC] [nud STATE] dev DEV`, or `proxy ADDR [dev DEV]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NeighSpec {
    pub ip: Ipv4Addr,
    /// Always given for a neighbour; a proxy entry may have none.
    pub dev: Option<String>,
    pub mac: Option<Mac>,
    pub nud: NeighState,
    /// A proxy entry (`NTF_PROXY`): lladdr and nud are ignored.
    pub proxy: bool,
    /// `router`, `extern_learn`, `protocol P`.
    pub marks: NeighMarks,
}

/// `show|flush [to ADDR] [dev DEV] [nud STATE] [proxy]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NeighFilter {
    pub ip: Option<Ipv4Net>,
    pub dev: Option<String>,
    /// The NUD bits of the `nud` words (ORed), if any was given.
    pub nud: Option<u32>,
    /// `proxy`: the proxy entries instead of the neighbours.
    pub proxy: bool,
    pub given: bool,
    pub proto: Option<u8>,
    pub nomaster: bool,
}

#[derive(Clone, Copy)]
enum Cmd {
    Add,
    Change,
    Replace,
    Delete,
    Get,
    Show,
    Flush,
    Help,
}

/// ipneigh.c's `do_ipneigh` order.
const COMMANDS: &[Keyword<Cmd>] = &[
    ("add", false, Cmd::Add),
    ("change", false, Cmd::Change),
    ("chg", true, Cmd::Change),
    ("replace", false, Cmd::Replace),
    ("delete", false, Cmd::Delete),
    ("get", false, Cmd::Get),
    ("show", false, Cmd::Show),
    ("lst", false, Cmd::Show),
    ("list", false, Cmd::Show),
    ("flush", false, Cmd::Flush),
    ("help", false, Cmd::Help),
];

/// `ip neigh ARGS`.
pub(crate) fn parse(args: &[String], fam: Family) -> Result<NeighOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(NeighOp::Show(NeighFilter::default()));
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::Add) => Ok(NeighOp::Set(parse_spec(rest, fam)?, SetMode::Create)),
        Some(Cmd::Change) => Ok(NeighOp::Set(parse_spec(rest, fam)?, SetMode::Change)),
        Some(Cmd::Replace) => Ok(NeighOp::Set(parse_spec(rest, fam)?, SetMode::Replace)),
        Some(Cmd::Delete) => parse_spec(rest, fam).map(NeighOp::Del),
        Some(Cmd::Show) => parse_filter(rest, fam).map(NeighOp::Show),
        Some(Cmd::Flush) => {
            let f = parse_filter(rest, fam)?;
            if !f.given {
                return Err(usage(1, "Flush requires arguments."));
            }
            Ok(NeighOp::Flush(f))
        }
        Some(Cmd::Get) => {
            let (mut ip, mut dev) = (false, false);
            let mut w = Words::new(rest);
            while let Some(a) = w.next() {
                match a {
                    "dev" => dev = w.value().is_ok(),
                    "proxy" | "to" => {}
                    _ => ip = true,
                }
            }
            if !(ip && dev) {
                return Err(usage(1, "Device and address are required arguments."));
            }
            Err(not_simulated("ip neigh get"))
        }
        Some(Cmd::Help) => Ok(NeighOp::Help),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip neigh help\"."),
        )),
    }
}

/// The states `nud` names (nud_state_a2n), by NUD bit.
const NUD_STATES: &[NeighState] = &[
    NeighState::None,
    NeighState::Incomplete,
    NeighState::Reachable,
    NeighState::Stale,
    NeighState::Delay,
    NeighState::Probe,
    NeighState::Failed,
    NeighState::Noarp,
    NeighState::Permanent,
];

/// nud_state_a2n: a name, or the number of one NUD bit (a mix of bits
/// is no state an entry can be put in, here).
fn parse_nud(v: &str) -> Result<NeighState, CmdOutput> {
    let named = NUD_STATES
        .iter()
        .find(|s| s.to_string().to_lowercase() == v);
    if let Some(s) = named {
        return Ok(*s);
    }
    let Some(n) = super::options::parse_unsigned(v) else {
        return Err(invarg("nud state is bad", v));
    };
    NUD_STATES
        .iter()
        .find(|s| s.bit() == n)
        .copied()
        .ok_or_else(|| not_simulated(&format!("ip neigh ... nud {v}")))
}

/// ipneigh.c's `ipneigh_modify` words.
fn parse_spec(args: &[String], fam: Family) -> Result<NeighSpec, CmdOutput> {
    let mut ip: Option<Ipv4Addr> = None;
    let mut dev: Option<&str> = None;
    let mut mac: Option<Mac> = None;
    let mut nud = NeighState::Permanent;
    let mut proxy = false;
    let mut marks = NeighMarks::default();
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "lladdr" => {
                let v = w.value()?;
                mac = Some(v.parse().map_err(|_| fail(1, bad_lladdr(v)))?);
            }
            "nud" => nud = parse_nud(w.value()?)?,
            // `proxy` takes the next word as the address.
            "proxy" => {
                let v = w.value()?;
                if ip.is_some() {
                    return Err(usage(
                        255,
                        format!("Error: duplicate \"address\": \"{v}\" is the second value."),
                    ));
                }
                ip = Some(parse_prefix(v).map(|p| p.0).ok_or_else(|| {
                    usage(
                        1,
                        format!("Error: any valid address is expected rather than \"{v}\"."),
                    )
                })?);
                proxy = true;
            }
            "dev" => dev = Some(w.value()?),
            "router" => marks.router = true,
            "extern_learn" => marks.extern_learn = true,
            // NTF_USE starts a resolution, NTF_EXT_MANAGED keeps one going.
            "use" | "managed" => return Err(not_simulated(&format!("ip neigh ... {a}"))),
            "protocol" => marks.proto = protocol(w.value()?)?,
            a => {
                let a = if matches(a, "to") { w.value()? } else { a };
                if ip.is_some() {
                    return Err(garbage("to", a));
                }
                ip = Some(addr_of(a, fam)?);
            }
        }
    }
    let (Some(ip), true) = (ip, dev.is_some() || proxy) else {
        return Err(usage(255, "Device and destination are required arguments."));
    };
    Ok(NeighSpec {
        ip,
        dev: dev.map(str::to_string),
        mac,
        nud,
        proxy,
        marks,
    })
}

/// `protocol P`: a name of rt_protos or a number.
fn protocol(v: &str) -> Result<u8, CmdOutput> {
    rt_protos::parse(v).ok_or_else(|| invarg("\"protocol\" value is invalid\n", v))
}

/// ipneigh.c's `do_show_or_flush` words.
fn parse_filter(args: &[String], fam: Family) -> Result<NeighFilter, CmdOutput> {
    let mut f = NeighFilter {
        given: !args.is_empty(),
        ..NeighFilter::default()
    };
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "dev" => f.dev = Some(w.value()?.to_string()),
            "nud" => {
                let v = w.value()?;
                let bits = match v {
                    "all" => !0,
                    v => match parse_nud(v)?.bit() {
                        0 => NUD_NONE_SELECTED,
                        b => b,
                    },
                };
                f.nud = Some(f.nud.unwrap_or(0) | bits);
            }
            "proxy" => f.proxy = true,
            "nomaster" => f.nomaster = true,
            "protocol" => f.proto = Some(protocol(w.value()?)?),
            // `to all`: every address, what no selector shows already.
            "all" => {}
            // Whether an entry is referenced (a timer, a route) is not modelled.
            "unused" | "master" | "vrf" => {
                return Err(not_simulated(&format!("ip neigh show {a}")))
            }
            a => {
                let a = if matches(a, "to") { w.value()? } else { a };
                // get_prefix: an address is a /32, a prefix its network.
                let (ip, len) = prefix_of(a, fam)?;
                f.ip = Some(Ipv4Net::new(ip, len).map_err(|_| bad_prefix(a))?);
            }
        }
    }
    Ok(f)
}

/// The filter's selectors; `flush` never takes NOARP entries, and takes
/// no PERMANENT ones unless a `nud` names them.
fn select(f: &NeighFilter, dev: Option<LinkId>, flush: bool) -> NeighSelect {
    let nud = match (f.nud, flush) {
        (Some(n), false) => n,
        (Some(n), true) => n & !NeighState::Noarp.bit(),
        (None, false) => NeighSelect::SHOW,
        (None, true) => NeighSelect::FLUSH,
    };
    NeighSelect {
        dev,
        ip: f.ip,
        nud,
        proto: f.proto,
        nomaster: f.nomaster,
    }
}

/// Applies one `ip neigh` op.
pub(crate) fn run(ip: &mut Ip, op: NeighOp) -> R {
    match op {
        NeighOp::Show(f) => show(ip, &f),
        NeighOp::Flush(f) => {
            let dev = f.dev.as_deref().map(|d| ip.dev(d)).transpose()?;
            let ns = ip.ns;
            if f.proxy {
                ip.w().pneigh_flush(ns, dev);
                return Ok(CmdOutput::default());
            }
            let sel = select(&f, dev, true);
            let w = &*ip.ctx.world;
            let gone: Vec<(LinkId, Ipv4Addr)> = (w.neighbours(ns).iter())
                .filter(|e| sel.keeps(w, e))
                .map(|e| (e.dev, e.ip))
                .collect();
            for (dev, addr) in gone {
                let _ = ip.w().neigh_del(dev, addr);
            }
            Ok(CmdOutput::default())
        }
        NeighOp::Set(ref s, _) | NeighOp::Del(ref s) if s.proxy => {
            let p = ProxyNeigh {
                ip: s.ip,
                dev: s.dev.as_deref().map(|d| ip.dev(d)).transpose()?,
            };
            let ns = ip.ns;
            if !matches!(op, NeighOp::Del(_)) {
                ip.w().pneigh_add(ns, p);
            } else if !ip.w().pneigh_del(ns, p) {
                return Err(fail(2, "RTNETLINK answers: No such file or directory"));
            }
            Ok(CmdOutput::default())
        }
        NeighOp::Set(s, mode) => {
            let dev = ip.dev(s.dev.as_deref().unwrap_or_default())?;
            let exists = ip
                .ctx
                .world
                .neighbours(ip.ns)
                .iter()
                .any(|e| e.ip == s.ip && e.dev == dev);
            if mode == SetMode::Change && !exists {
                return Err(fail(2, "RTNETLINK answers: No such file or directory"));
            }
            ip.w()
                .neigh_add(dev, s.ip, s.mac, s.nud, mode != SetMode::Create, s.marks)
                .map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        NeighOp::Del(s) => {
            let dev = ip.dev(s.dev.as_deref().unwrap_or_default())?;
            ip.w().neigh_del(dev, s.ip).map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        NeighOp::Help => Err(help(NEIGH_USAGE)),
    }
}

fn show(ip: &mut Ip, f: &NeighFilter) -> R {
    let json = ip.json("neigh show")?;
    let stats = ip.opts.stats > 0;
    let dev = f.dev.as_deref().map(|d| ip.dev(d)).transpose()?;
    match ip.opts.family {
        Family::Inet6 | Family::Packet | Family::Mpls if json.is_some() => {
            return Err(no_json("-6|-0|-M neigh show"))
        }
        Family::Inet6 | Family::Packet | Family::Mpls => return Ok(CmdOutput::default()),
        Family::Bridge => return Err(not_simulated("ip -B neigh")),
        _ => {}
    }
    if f.proxy {
        return Ok(show_proxy(ip, f, dev, json));
    }
    let w = &*ip.ctx.world;
    if let Some(pretty) = json {
        let entries = view::neigh::neigh_fields(w, ip.ns, &select(f, dev, false));
        let brief = ip.opts.brief > 0;
        return Ok(CmdOutput::text(json_misc::neigh(
            &entries, brief, stats, pretty,
        )));
    }
    let mut b = view::ip_neigh(w, ip.ns, &select(f, dev, false), stats);
    let brief = ip.opts.brief > 0;
    let keep: String = b
        .text()
        .lines()
        .map(|l| {
            if brief {
                brief_neigh(l, dev.is_none())
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    b.insert(crate::display::TEXT_PLAIN, keep);
    Ok(CmdOutput::rich(b))
}

/// `ip neigh show proxy`: `IP [dev DEV] proxy`, `dev` left out when a
/// device was named; `nud` does not apply to proxy entries.
fn show_proxy(ip: &Ip, f: &NeighFilter, dev: Option<LinkId>, json: Option<bool>) -> CmdOutput {
    let w = &*ip.ctx.world;
    let brief = ip.opts.brief > 0;
    let mut out = String::new();
    let mut entries = Vec::new();
    let mut shown = Vec::new();
    for p in w.pneigh_list(ip.ns) {
        if dev.is_some_and(|d| p.dev != Some(d)) || f.ip.is_some_and(|a| !a.contains(&p.ip)) {
            continue;
        }
        let name = p
            .dev
            .filter(|_| dev.is_none())
            .map(|d| w.link(d).name.to_string());
        out += &match (brief, &name) {
            (true, Some(n)) => format!("{:<39} {n:<16} \n", p.ip),
            (true, None) => format!("{:<39} \n", p.ip),
            (false, Some(n)) => format!("{} dev {n} proxy \n", p.ip),
            (false, None) => format!("{} proxy \n", p.ip),
        };
        entries.push((p.ip, p.dev.map(|d| w.link(d).name.to_string())));
        shown.push((p.ip, name));
    }
    if let Some(pretty) = json {
        return CmdOutput::text(json_misc::proxy(&shown, pretty));
    }
    CmdOutput::rich(view::ip_neigh_proxy(out, &entries))
}

/// `ip -br neigh`: address, device and MAC in iproute2's columns (`%-39s `,
/// `%-16s `, left out when a device was named), no state. `line` is the
/// long form.
fn brief_neigh(line: &str, show_dev: bool) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let after = |key: &str| {
        words
            .iter()
            .position(|w| *w == key)
            .and_then(|i| words.get(i + 1).copied())
    };
    let ip = words.first().copied().unwrap_or("");
    let mac = after("lladdr").unwrap_or("");
    match after("dev").filter(|_| show_dev) {
        Some(dev) => format!("{ip:<39} {dev:<16} {mac}\n"),
        None => format!("{ip:<39} {mac}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn unmodelled_words_are_refused() {
        for line in [
            "add 10.0.0.2 dev d0 use",
            "replace 10.0.0.2 dev d0 managed",
            "add 10.0.0.2 dev d0 nud 3",
            "show unused",
        ] {
            let e = parse(&words(line), Family::Unspec).expect_err(line);
            assert!(
                e.stderr.contains("is not simulated"),
                "{line}: {}",
                e.stderr
            );
        }
    }

    #[test]
    fn marks_are_kept() {
        let line = "add 10.0.0.2 dev d0 router extern_learn protocol zebra";
        let op = parse(&words(line), Family::Unspec).unwrap();
        let NeighOp::Set(s, _) = op else {
            panic!("not a set");
        };
        let want = NeighMarks {
            router: true,
            extern_learn: true,
            proto: 11,
        };
        assert_eq!(s.marks, want);
    }
}
