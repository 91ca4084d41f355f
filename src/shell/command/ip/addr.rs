//! `ip address`: show, add, replace, delete, flush (ip-address(8)).
//! `parse` turns the words into an `AddrOp` without the world; `run`
//! applies it.

#![allow(clippy::result_large_err)]

use super::common::{
    bad_addr, bad_prefix, garbage, help, invarg, no_json, not_simulated, parse_addr, prefix_of,
    usage, CmdOutput, Ip, Words, R,
};
use super::json_link;
use super::link::{packet_only, select};
use super::link_args::{parse_filter, LinkFilter};
use super::options::{keyword, Family, Keyword};
use crate::display::net::show::{is_secondary, ShowOpts};
use crate::display::net::{self as view};
use crate::sim::link::{scope_parse, IfAddr, IfName, Lifetime};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

pub(crate) const ADDR_USAGE: &str = include_str!("help/addr.txt");

/// One `ip address` command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AddrOp {
    Show(LinkFilter),
    /// `add`, or `replace`/`change` (`replace: true`).
    Add {
        spec: AddrSpec,
        replace: bool,
    },
    Del(AddrSpec),
    Flush(LinkFilter),
    Help,
}

/// `IFADDR dev IFNAME`: what `add`/`del` name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddrSpec {
    pub local: Ipv4Addr,
    pub prefix: u8,
    /// The prefix length was written (`del` without one is iproute2's
    /// wildcard deletion).
    pub explicit: bool,
    pub brd: Option<Ipv4Addr>,
    /// `scope S` (`None`: iproute2's default for the address).
    pub scope: Option<u8>,
    /// `label L`.
    pub label: Option<IfName>,
    /// `valid_lft`/`preferred_lft` in seconds (`u32::MAX`: forever),
    /// when either was given.
    pub lft: Option<(u32, u32)>,
    pub dev: String,
    /// What iproute2 warns about on stderr before it goes on
    /// (`nodad`/`home` on an IPv4 address).
    pub warnings: String,
}

#[derive(Clone, Copy)]
enum Cmd {
    Add,
    Change,
    Replace,
    Delete,
    Show,
    Flush,
    Other(&'static str),
    Help,
}

/// ipaddress.c's `do_ipaddr` order.
const COMMANDS: &[Keyword<Cmd>] = &[
    ("add", false, Cmd::Add),
    ("change", false, Cmd::Change),
    ("chg", true, Cmd::Change),
    ("replace", false, Cmd::Replace),
    ("delete", false, Cmd::Delete),
    ("list", false, Cmd::Show),
    ("show", false, Cmd::Show),
    ("lst", false, Cmd::Show),
    ("flush", false, Cmd::Flush),
    ("save", false, Cmd::Other("ip address save")),
    ("showdump", false, Cmd::Other("ip address showdump")),
    ("restore", false, Cmd::Other("ip address restore")),
    ("help", false, Cmd::Help),
];

/// `ip address ARGS`.
pub(crate) fn parse(args: &[String], fam: Family) -> Result<AddrOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(AddrOp::Show(LinkFilter::default()));
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::Add) => Ok(AddrOp::Add {
            spec: parse_spec(rest, fam)?,
            replace: false,
        }),
        Some(Cmd::Change | Cmd::Replace) => Ok(AddrOp::Add {
            spec: parse_spec(rest, fam)?,
            replace: true,
        }),
        Some(Cmd::Delete) => parse_spec(rest, fam).map(AddrOp::Del),
        Some(Cmd::Show) => parse_filter(rest, ADDR_USAGE).map(AddrOp::Show),
        Some(Cmd::Flush) => {
            if rest.is_empty() {
                return Err(usage(1, "Flush requires arguments."));
            }
            parse_filter(rest, ADDR_USAGE).map(AddrOp::Flush)
        }
        Some(Cmd::Help) => Ok(AddrOp::Help),
        Some(Cmd::Other(what)) => Err(not_simulated(what)),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip address help\"."),
        )),
    }
}

/// `PREFIX [brd B|+|-] [label L] [scope S] dev D` (ipaddress.c's
/// `ipaddr_modify`).
fn parse_spec(args: &[String], fam: Family) -> Result<AddrSpec, CmdOutput> {
    let mut local: Option<(Ipv4Addr, u8, bool)> = None;
    let mut brd: Option<&str> = None;
    let mut dev: Option<&str> = None;
    let mut scope = None;
    let mut label = None;
    let mut warnings = String::new();
    let (mut valid, mut preferred) = (None, None);
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "dev" => dev = Some(w.value()?),
            "brd" | "broadcast" => brd = Some(w.value()?),
            "scope" => {
                let v = w.value()?;
                scope = Some(scope_parse(v).ok_or_else(|| {
                    usage(
                        255,
                        format!("Error: argument \"{v}\" is wrong: invalid scope value."),
                    )
                })?);
            }
            "label" => {
                // The kernel's IFA_LABEL policy: at most IFNAMSIZ-1 bytes.
                let v = w.value()?;
                label = Some(
                    IfName::new(v)
                        .ok_or_else(|| usage(2, "Error: Attribute failed policy validation."))?,
                );
            }
            "valid_lft" | "preferred_lft" => {
                let v = w.value()?;
                let n = match v {
                    "forever" => u32::MAX,
                    _ => v.parse().map_err(|_| invarg(&format!("{a} value"), v))?,
                };
                *if a == "valid_lft" {
                    &mut valid
                } else {
                    &mut preferred
                } = Some(n);
            }
            "metric" | "priority" => {
                let v = w.value()?;
                match v.parse::<u32>() {
                    Ok(0) => {}
                    Ok(_) => return Err(not_simulated(&format!("ip address add ... {a} {v}"))),
                    Err(_) => return Err(invarg("\"metric\" value is invalid\n", v)),
                }
            }
            "noprefixroute" => return Err(not_simulated("ip address add ... noprefixroute")),
            "home" | "nodad" => {
                warnings += &format!("Warning: {a} option can be set only for IPv6 addresses\n");
            }
            "local" => {
                let v = w.value()?;
                local = Some(prefix_word(v, fam)?);
            }
            a if local.is_none() => local = Some(prefix_word(a, fam)?),
            a => return Err(garbage("local", a)),
        }
    }
    let (Some((ip, prefix, explicit)), Some(dev)) = (local, dev) else {
        return Err(usage(
            1,
            "Not enough information: \"dev\" argument is required.",
        ));
    };
    let lft = (valid.is_some() || preferred.is_some())
        .then(|| (valid.unwrap_or(u32::MAX), preferred.unwrap_or(u32::MAX)));
    match lft {
        Some((0, _)) => return Err(usage(1, "valid_lft is zero")),
        Some((v, p)) if v < p => return Err(usage(1, "preferred_lft is greater than valid_lft")),
        _ => {}
    }
    let net = Ipv4Net::new(ip, prefix).map_err(|_| bad_prefix(&ip.to_string()))?;
    let brd = match brd {
        None | Some("-") => None,
        Some("+") => Some(net.broadcast()),
        Some(b) => Some(parse_addr(b).ok_or_else(|| bad_addr(b))?),
    };
    Ok(AddrSpec {
        local: ip,
        prefix,
        explicit,
        brd,
        scope,
        label,
        lft,
        dev: dev.to_string(),
        warnings,
    })
}

fn prefix_word(a: &str, fam: Family) -> Result<(Ipv4Addr, u8, bool), CmdOutput> {
    let (ip, p) = prefix_of(a, fam)?;
    Ok((ip, p, a.contains('/')))
}

/// Applies one `ip address` op.
pub(crate) fn run(ip: &mut Ip, op: AddrOp) -> R {
    match op {
        AddrOp::Show(f) => show(ip, &f),
        AddrOp::Add { spec, replace } => {
            let id = ip.dev(&spec.dev)?;
            let base = IfAddr::new(spec.local, spec.prefix);
            let now = ip.ctx.world.now_us;
            let (valid, preferred) = spec.lft.unwrap_or((u32::MAX, u32::MAX));
            let a = IfAddr {
                brd: spec.brd,
                scope: spec.scope.unwrap_or(base.scope),
                label: spec.label,
                // set_ifa_lifetime: a finite valid time makes it dynamic;
                // a preferred time of 0 deprecates it at once.
                lft: (valid != u32::MAX).then_some(Lifetime {
                    since_us: now,
                    valid,
                    preferred,
                }),
                deprecated: preferred == 0,
                ..base
            };
            // Replacing keeps the address in its place (and its routes).
            let held = (ip.w().link_mut(id).addrs.iter_mut())
                .find(|x| x.local == a.local && x.prefix == a.prefix);
            match held {
                Some(x) if replace => {
                    *x = a;
                    ip.w().watch_lifetime(&a);
                }
                _ => ip
                    .w()
                    .addr_add(id, a)
                    .map_err(|e| super::common::fail(2, e))?,
            }
            Ok(CmdOutput {
                stderr: spec.warnings,
                ..CmdOutput::default()
            })
        }
        AddrOp::Del(spec) => del(ip, &spec),
        AddrOp::Flush(f) => {
            let links = select(ip, &f)?;
            let family = ip.show().family;
            for id in links {
                let name = ip.w().link(id).name;
                if family != 6 {
                    let now = ip.ctx.world.now_us;
                    let addrs = &ip.w().link(id).addrs;
                    let chosen: Vec<IfAddr> = (addrs.iter().enumerate())
                        .filter(|(i, a)| f.select.v4(name, a, is_secondary(addrs, *i), now))
                        .map(|(_, a)| *a)
                        .collect();
                    for a in chosen {
                        // A primary may already have taken it along.
                        let _ = ip.w().addr_del(id, a.local, Some(a.prefix));
                    }
                }
                let v6_scope = ip.w().ipv6_scope(id);
                if family != 4 && v6_scope.is_some_and(|s| f.select.v6(name, s)) {
                    ip.w().ipv6_flush(id);
                }
            }
            Ok(CmdOutput::default())
        }
        AddrOp::Help => Err(help(ADDR_USAGE)),
    }
}

fn show(ip: &mut Ip, f: &LinkFilter) -> R {
    let json = ip.json("address show")?;
    if json.is_some() && f.select.any() {
        // iproute2 leaves `{}` for each address a selector drops and
        // keeps or drops links by rules netbook does not follow.
        return Err(no_json("address show to|scope|label|FLAG"));
    }
    if json.is_some() && matches!(ip.opts.family, Family::Mpls | Family::Bridge) {
        return Err(no_json("-f mpls|bridge address show"));
    }
    let links = select(ip, f)?;
    let (w, ns) = (&*ip.ctx.world, ip.ns);
    let mut o = ShowOpts {
        select: f.select,
        ..ip.show()
    };
    // `to PREFIX` sets an unset family to the prefix's (no link line).
    if o.family == 0 && f.select.to.is_some() {
        o.family = 4;
    }
    // A lone `dev` is asked for by name; anything else by a link dump.
    o.inet6_dump = o.family == 6 && f.dev.is_none();
    let links = match o.inet6_dump && f.master.is_some() {
        // The AF_INET6 link message has no master to select on.
        true => Vec::new(),
        false => links,
    };
    if let Some(pretty) = json {
        let listing = match packet_only(ip) {
            true => json_link::Listing::Packet,
            false => json_link::Listing::Addr,
        };
        let named = f.dev.is_some();
        return Ok(CmdOutput::text(json_link::show(
            w, ns, &links, &o, listing, pretty, named,
        )));
    }
    if packet_only(ip) {
        // AF_PACKET: the link lines only (`-br`: the link's brief form).
        if o.brief {
            return Ok(CmdOutput::rich(view::ip_link(w, ns, &links, &o)));
        }
        let text: String = view::ip_addr(w, ns, &links, &o)
            .text()
            .lines()
            .filter(|l| !l.starts_with("    inet") && !l.starts_with("       "))
            .map(|l| format!("{l}\n"))
            .collect();
        return Ok(CmdOutput::text(text));
    }
    if matches!(ip.opts.family, Family::Mpls | Family::Bridge) {
        return Ok(CmdOutput::default());
    }
    Ok(CmdOutput::rich(view::ip_addr(w, ns, &links, &o)))
}

fn del(ip: &mut Ip, spec: &AddrSpec) -> R {
    let id = ip.dev(&spec.dev)?;
    // iproute2 6.1 warns before any wildcard deletion, found or not.
    let warning = if spec.explicit {
        String::new()
    } else {
        format!(
            "Warning: Executing wildcard deletion to stay compatible with old scripts.
         Explicitly specify the prefix length ({}/32) to avoid this warning.
         This special behaviour is likely to disappear in further releases,
         fix your scripts!\n",
            spec.local
        )
    };
    match ip
        .w()
        .addr_del(id, spec.local, spec.explicit.then_some(spec.prefix))
    {
        Ok(()) => Ok(CmdOutput {
            stderr: warning,
            ..Default::default()
        }),
        Err(e) => {
            let mut out = super::common::fail(2, e);
            out.stderr.insert_str(0, &warning);
            Err(out)
        }
    }
}
