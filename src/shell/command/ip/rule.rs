//! `ip rule`: the routing policy database. netbook keeps routes in the
//! main table only, so the rules are the kernel's defaults (`local`,
//! `main`, `default` for IPv4; no `default` for IPv6), which `list`
//! shows; changing them is policy routing, which is refused.

#![allow(clippy::result_large_err)]

use super::common::{help, invarg, not_simulated, usage, CmdOutput, Ip, Words, R};
use super::options::{keyword, Family, Keyword};

pub(crate) const RULE_USAGE: &str = include_str!("help/rule.txt");

/// One `ip rule` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RuleOp {
    /// `list [table T] [pref N]`.
    List {
        table: Option<u32>,
        pref: Option<u32>,
    },
    Help,
}

#[derive(Clone, Copy)]
enum Cmd {
    List,
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
    ("add", false, Cmd::Other("ip rule add")),
    ("delete", false, Cmd::Other("ip rule del")),
    ("flush", false, Cmd::Other("ip rule flush")),
    ("help", false, Cmd::Help),
];

/// The default rules: (priority, table number, table name).
const RULES: &[(u32, u32, &str)] = &[
    (0, 255, "local"),
    (32766, 254, "main"),
    (32767, 253, "default"),
];

/// rt_tables' names and numbers.
fn table_id(v: &str) -> Option<u32> {
    match v {
        "local" => Some(255),
        "main" => Some(254),
        "default" => Some(253),
        "unspec" => Some(0),
        _ => v.parse().ok(),
    }
}

/// `ip rule ARGS`.
pub(crate) fn parse(args: &[String]) -> Result<RuleOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(RuleOp::List {
            table: None,
            pref: None,
        });
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::List) => parse_list(rest),
        Some(Cmd::Help) => Ok(RuleOp::Help),
        Some(Cmd::Other(what)) => Err(not_simulated(what)),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip rule help\"."),
        )),
    }
}

fn parse_list(args: &[String]) -> Result<RuleOp, CmdOutput> {
    let (mut table, mut pref) = (None, None);
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "table" | "lookup" => {
                let v = w.value()?;
                table = Some(table_id(v).ok_or_else(|| invarg("table id value is invalid\n", v))?);
            }
            "pref" | "priority" | "order" => {
                let v = w.value()?;
                pref = Some(
                    v.parse()
                        .map_err(|_| invarg("preference value is invalid\n", v))?,
                );
            }
            other => return Err(not_simulated(&format!("ip rule list {other}"))),
        }
    }
    Ok(RuleOp::List { table, pref })
}

/// Applies one `ip rule` op.
pub(crate) fn run(ip: &mut Ip, op: RuleOp) -> R {
    match op {
        RuleOp::List { table, pref } => {
            let json = ip.json("rule show")?;
            let v6 = ip.opts.family == Family::Inet6;
            let rules: Vec<(u32, &str)> = RULES
                .iter()
                .filter(|(_, t, _)| !(v6 && *t == 253))
                .filter(|(p, t, _)| table.is_none_or(|x| x == *t) && pref.is_none_or(|x| x == *p))
                .map(|&(p, _, name)| (p, name))
                .collect();
            if let Some(pretty) = json {
                return Ok(CmdOutput::text(super::json_misc::rules(&rules, pretty)));
            }
            let text: String = (rules.iter())
                .map(|(p, name)| format!("{p}:\tfrom all lookup {name}\n"))
                .collect();
            Ok(CmdOutput::text(text))
        }
        RuleOp::Help => Err(help(RULE_USAGE)),
    }
}
