//! `ip rule`: the routing policy database (iprule.c). The words become a
//! `RuleOp`; the rules live in the namespace's [`Policy`], which route
//! lookups walk. Selectors the simulated packets do not carry (`tos`,
//! ports, `uidrange`, ...) are refused.

#![allow(clippy::result_large_err)]

use super::common::{fail, help, invarg, not_simulated, prefix_of, usage, CmdOutput, Ip, Words, R};
use super::options::{keyword, Family, Keyword};
use super::rule_show;
use crate::sim::stack::policy::{Policy, Rule, RuleAction, RuleFields, DEFAULT, LOCAL, MAIN};
use ipnet::Ipv4Net;

pub(crate) const RULE_USAGE: &str = include_str!("help/rule.txt");

/// One `ip rule` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuleOp {
    /// `list SELECTORS`: the rules the given fields match.
    List(Rule, RuleFields),
    /// `add` (`fields` says what was given).
    Add(Rule, RuleFields),
    /// `del`: the first rule the given fields match.
    Del(Rule, RuleFields),
    /// `flush`: all but the rules of priority 0.
    Flush,
    Help,
}

#[derive(Clone, Copy)]
enum Cmd {
    List,
    Add,
    Del,
    Flush,
    Other(&'static str),
    Help,
}

/// iprule.c's `do_iprule` order: `ip rule s` is `show`.
const COMMANDS: &[Keyword<Cmd>] = &[
    ("list", false, Cmd::List),
    ("lst", false, Cmd::List),
    ("show", false, Cmd::List),
    ("save", false, Cmd::Other("ip rule save")),
    ("restore", false, Cmd::Other("ip rule restore")),
    ("add", false, Cmd::Add),
    ("delete", false, Cmd::Del),
    ("flush", false, Cmd::Flush),
    ("help", false, Cmd::Help),
];

/// rt_tables' names and numbers.
pub(crate) fn table_id(v: &str) -> Option<u32> {
    match v {
        "local" => Some(LOCAL),
        "main" => Some(MAIN),
        "default" => Some(DEFAULT),
        "unspec" => Some(0),
        _ => v.parse().ok(),
    }
}

/// `ip rule ARGS`.
pub(crate) fn parse(args: &[String], fam: Family) -> Result<RuleOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(RuleOp::List(
            Rule::all(0, RuleAction::Nop),
            RuleFields::default(),
        ));
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::List) => {
            let (r, f) = parse_rule(rest, fam, true)?;
            Ok(RuleOp::List(r, f))
        }
        Some(Cmd::Add) => {
            let (r, f) = parse_rule(rest, fam, false)?;
            Ok(RuleOp::Add(r, f))
        }
        Some(Cmd::Del) if rest.is_empty() => Err(usage(1, "\"ip rule del\" requires arguments.")),
        Some(Cmd::Del) => {
            let (r, f) = parse_rule(rest, fam, false)?;
            Ok(RuleOp::Del(r, f))
        }
        Some(Cmd::Flush) => Ok(RuleOp::Flush),
        Some(Cmd::Help) => Ok(RuleOp::Help),
        Some(Cmd::Other(what)) => Err(not_simulated(what)),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip rule help\"."),
        )),
    }
}

/// The selector and action words of `add`, `del` and `list`
/// (iprule_modify, iprule_list_flush_or_save); a later word wins.
fn parse_rule(args: &[String], fam: Family, list: bool) -> Result<(Rule, RuleFields), CmdOutput> {
    let mut r = Rule::all(0, RuleAction::Nop);
    let mut f = RuleFields::default();
    let mut table = None;
    let mut w = Words::new(args);
    let prefix = |v: &str| -> Result<Ipv4Net, CmdOutput> {
        let (ip, len) = prefix_of(v, fam)?;
        Ipv4Net::new(ip, len).map_err(|_| super::common::bad_prefix(v))
    };
    while let Some(a) = w.next() {
        match a {
            "not" => {
                r.not = true;
                f.not = true;
            }
            "from" => r.from = Some(prefix(w.value()?)?),
            "to" => r.to = Some(prefix(w.value()?)?),
            "preference" | "order" | "priority" | "pref" | "prio" => {
                let v = w.value()?;
                r.pref = v
                    .parse()
                    .map_err(|_| invarg("preference value is invalid\n", v))?;
                f.pref = true;
            }
            "fwmark" => r.fwmark = Some(fwmark(w.value()?)?),
            "table" | "lookup" => {
                let v = w.value()?;
                // iprule_modify and the list filter word it differently.
                let what = if list {
                    "table id value is invalid\n"
                } else {
                    "invalid table ID\n"
                };
                let id = table_id(v).ok_or_else(|| invarg(what, v))?;
                table = Some(id);
                f.action = true;
            }
            "suppress_prefixlength" => {
                let v = w.value()?;
                let n: i64 = v
                    .parse()
                    .map_err(|_| invarg("suppress_prefixlength value is invalid\n", v))?;
                r.suppress_prefixlength = u8::try_from(n).ok().filter(|n| *n <= 32);
            }
            "dev" | "iif" => r.iif = Some(ifname(w.value()?, "\"iif\"/\"dev\"")?),
            "oif" => r.oif = Some(ifname(w.value()?, "\"oif\"")?),
            "goto" => {
                let v = w.value()?;
                let t = v.parse().map_err(|_| invarg("invalid target\n", v))?;
                r.action = RuleAction::Goto(t);
                f.action = true;
            }
            "nop" => {
                r.action = RuleAction::Nop;
                f.action = true;
            }
            "blackhole" | "unreachable" | "prohibit" => {
                r.action = match a {
                    "blackhole" => RuleAction::Blackhole,
                    "unreachable" => RuleAction::Unreachable,
                    _ => RuleAction::Prohibit,
                };
                f.action = true;
            }
            "tos" | "dsfield" | "realms" | "suppress_ifgroup" | "l3mdev" | "uidrange" | "sport"
            | "dport" | "ipproto" | "protocol" | "nat" | "map-to" | "tun_id" => {
                return Err(not_simulated(&format!("ip rule {a}")));
            }
            "help" => return Err(help(RULE_USAGE)),
            _ if list => r.from = Some(prefix(a)?),
            _ => return Err(invarg("Failed to parse rule type", a)),
        }
    }
    if let Some(t) = table {
        r.action = RuleAction::Lookup(t);
    } else if !f.action && !list {
        // iprule_modify: a new rule without an action looks up main (a
        // deletion compares the action only when one was named).
        r.action = RuleAction::Lookup(MAIN);
    }
    Ok((r, f))
}

/// `fwmark M[/MASK]` (get_u32 with base 0 each; each part names itself
/// when it is wrong).
fn fwmark(v: &str) -> Result<(u32, u32), CmdOutput> {
    let n = super::options::parse_unsigned;
    let (m, mask) = v.split_once('/').map_or((v, None), |(m, k)| (m, Some(k)));
    let mark = n(m).ok_or_else(|| invarg("fwmark value is invalid\n", m))?;
    let mask = match mask {
        Some(k) => n(k).ok_or_else(|| invarg("fwmask value is invalid\n", k))?,
        None => u32::MAX,
    };
    Ok((mark, mask))
}

/// check_ifname: at most IFNAMSIZ-1 bytes, no `/` or white space.
fn ifname(v: &str, what: &str) -> Result<String, CmdOutput> {
    let bad = v.is_empty() || v.len() > 15 || v.contains('/') || v.contains(char::is_whitespace);
    if bad {
        return Err(invarg(&format!("{what} not a valid ifname"), v));
    }
    Ok(v.to_string())
}

/// Applies one `ip rule` op.
pub(crate) fn run(ip: &mut Ip, op: RuleOp) -> R {
    let ns = ip.ns;
    let v6 = ip.opts.family == Family::Inet6;
    match op {
        RuleOp::List(filter, fields) => {
            let json = ip.json("rule show")?;
            let w = &*ip.ctx.world;
            let policy: Policy;
            let rules = if v6 {
                // netbook routes no IPv6 beyond the link: the kernel's two
                // IPv6 rules stand.
                policy = Policy::default();
                &policy.rules[..2]
            } else {
                &w.ns(ns).policy.rules[..]
            };
            let picked: Vec<&Rule> = (rules.iter())
                .filter(|r| lists(r, &filter, &fields))
                .collect();
            let exists = |name: &str| w.link_by_name(ns, name).is_ok();
            let ctx = rule_show::Shown {
                rules,
                exists: &exists,
            };
            if let Some(pretty) = json {
                return Ok(CmdOutput::text(rule_show::json(&ctx, &picked, pretty)));
            }
            let rows = rule_show::rows(&ctx, &picked);
            Ok(CmdOutput::rich(crate::display::net::rule::ip_rule(&rows)))
        }
        RuleOp::Add(..) | RuleOp::Del(..) | RuleOp::Flush if v6 => {
            Err(not_simulated("ip -6 rule add|del|flush"))
        }
        RuleOp::Add(rule, fields) => {
            let p = &mut ip.w().ns_mut(ns).policy;
            p.add_rule(rule, fields).map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        RuleOp::Del(rule, fields) => {
            let p = &mut ip.w().ns_mut(ns).policy;
            p.del_rule(&rule, fields).map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        RuleOp::Flush => {
            ip.w().ns_mut(ns).policy.flush_rules();
            Ok(CmdOutput::default())
        }
        RuleOp::Help => Err(help(RULE_USAGE)),
    }
}

/// iprule.c's filter: each given field must match; a prefix filter
/// compares the rule's address over the filter's length.
fn lists(r: &Rule, filter: &Rule, fields: &RuleFields) -> bool {
    let within = |have: Option<Ipv4Net>, want: Option<Ipv4Net>| {
        want.is_none_or(|w| {
            have.is_some_and(|h| w.contains(&h.network()) && h.prefix_len() >= w.prefix_len())
        })
    };
    (!fields.pref || r.pref == filter.pref)
        && (!fields.not || r.not)
        && (!fields.action || r.action == filter.action)
        && within(r.from, filter.from)
        && within(r.to, filter.to)
        && filter.fwmark.is_none_or(|m| r.fwmark == Some(m))
        && filter
            .iif
            .as_ref()
            .is_none_or(|d| r.iif.as_ref() == Some(d))
        && filter
            .oif
            .as_ref()
            .is_none_or(|d| r.oif.as_ref() == Some(d))
}
