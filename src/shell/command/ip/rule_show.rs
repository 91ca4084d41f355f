//! `ip rule list` as print_rule writes it, in text and with `-j`.

use super::json::Json;
use crate::display::net::route::table_name;
use crate::display::net::rule::RuleRow;
use crate::sim::stack::policy::{Rule, RuleAction};
use ipnet::Ipv4Net;
use std::fmt::Write as _;

/// What printing a rule needs beyond the rule.
pub(crate) struct Shown<'a> {
    /// Every rule (a `goto` is unresolved without a rule of its target).
    pub rules: &'a [Rule],
    /// Whether a device of this name exists (else `[detached]`).
    pub exists: &'a dyn Fn(&str) -> bool,
}

impl Shown<'_> {
    fn resolved(&self, target: u32) -> bool {
        self.rules.iter().any(|r| r.pref == target)
    }
}

/// A prefix as print_rule writes it: no `/32`.
fn net(n: Ipv4Net) -> String {
    match n.prefix_len() {
        32 => n.addr().to_string(),
        _ => n.to_string(),
    }
}

/// Each rule as `ip rule` prints it: priority, selector, action.
pub(crate) fn rows(ctx: &Shown, rules: &[&Rule]) -> Vec<RuleRow> {
    rules.iter().map(|r| row(ctx, r)).collect()
}

fn row(ctx: &Shown, r: &Rule) -> RuleRow {
    let mut s = String::new();
    if r.not {
        s += "not ";
    }
    match r.from {
        Some(n) => {
            let _ = write!(s, "from {}", net(n));
        }
        None => s += "from all",
    }
    if let Some(n) = r.to {
        let _ = write!(s, " to {}", net(n));
    }
    if let Some((m, mask)) = r.fwmark {
        let _ = write!(s, " fwmark {m:#x}");
        if mask != u32::MAX {
            let _ = write!(s, "/{mask:#x}");
        }
    }
    for (word, dev) in [("iif", &r.iif), ("oif", &r.oif)] {
        if let Some(d) = dev {
            let _ = write!(s, " {word} {d}");
            if !(ctx.exists)(d) {
                s += " [detached]";
            }
        }
    }
    let action = match r.action {
        RuleAction::Lookup(t) => {
            let mut a = format!("lookup {}", table_name(t));
            if let Some(n) = r.suppress_prefixlength {
                let _ = write!(a, " suppress_prefixlength {n}");
            }
            a
        }
        RuleAction::Goto(t) if ctx.resolved(t) => format!("goto {t}"),
        RuleAction::Goto(t) => format!("goto {t} [unresolved]"),
        RuleAction::Nop => "nop".into(),
        RuleAction::Blackhole => "blackhole".into(),
        RuleAction::Unreachable => "unreachable".into(),
        RuleAction::Prohibit => "prohibit".into(),
    };
    RuleRow {
        pref: r.pref,
        selects: s,
        action,
    }
}

/// `ip -j rule`.
pub(crate) fn json(ctx: &Shown, rules: &[&Rule], pretty: bool) -> String {
    let mut j = Json::new(pretty);
    j.open_array();
    for r in rules {
        j.open().raw_at("priority", r.pref);
        if r.not {
            j.raw_at("not", "null");
        }
        for (key, n) in [("src", r.from), ("dst", r.to)] {
            match n {
                Some(n) => {
                    j.str_at(key, &n.network().to_string());
                    if n.prefix_len() != 32 {
                        j.raw_at(&format!("{key}len"), n.prefix_len());
                    }
                }
                None if key == "src" => {
                    j.str_at("src", "all");
                }
                None => {}
            }
        }
        if let Some((m, mask)) = r.fwmark {
            j.str_at("fwmark", &format!("{m:#x}"));
            if mask != u32::MAX {
                j.str_at("fwmask", &format!("{mask:#x}"));
            }
        }
        for (key, dev) in [("iif", &r.iif), ("oif", &r.oif)] {
            if let Some(d) = dev {
                j.str_at(key, d);
                if !(ctx.exists)(d) {
                    j.raw_at(&format!("{key}_detached"), "null");
                }
            }
        }
        match r.action {
            RuleAction::Lookup(t) => {
                j.str_at("table", &table_name(t));
                if let Some(n) = r.suppress_prefixlength {
                    j.raw_at("suppress_prefixlen", n);
                }
            }
            RuleAction::Goto(t) => {
                j.raw_at("goto", t);
            }
            RuleAction::Nop => {
                j.raw_at("nop", "null");
            }
            RuleAction::Blackhole => {
                j.str_at("action", "blackhole");
            }
            RuleAction::Unreachable => {
                j.str_at("action", "unreachable");
            }
            RuleAction::Prohibit => {
                j.str_at("action", "prohibit");
            }
        }
        j.close();
    }
    j.close_array();
    j.finish()
}
