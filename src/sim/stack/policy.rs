//! The routing policy database (`ip rule`) and the tables besides `main`
//! (`ip route ... table N`), as fib_rules.c and fib_frontend.c keep them:
//! rules in priority order, each a selector and an action; a lookup walks
//! them until one gives a route or an error.

use super::link::LinkId;
use super::route::{Route, RouteKind};
use super::route_table::RouteTable;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use thiserror::Error;

/// `local`, `main` and `default` (rt_tables).
pub const LOCAL: u32 = 255;
/// The table `ip route` reads and writes without `table`.
pub const MAIN: u32 = 254;
/// The table of the last default rule (empty, absent until used).
pub const DEFAULT: u32 = 253;
/// Most rules one namespace may hold (a memory and time guard: each add
/// keeps the list sorted, and every routed packet walks it; Linux has no
/// such cap).
pub const MAX_POLICY_RULES: usize = 4096;

/// What a rule does when it selects a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    /// `lookup T`: the table's answer, unless it has none (or `throw`s).
    Lookup(u32),
    /// `goto P`: go on at the first rule of priority P or later.
    Goto(u32),
    /// `nop`: nothing.
    Nop,
    /// `blackhole`: discard (`Invalid argument` to a local sender).
    Blackhole,
    /// `unreachable`: `Network is unreachable`.
    Unreachable,
    /// `prohibit`: `Permission denied`.
    Prohibit,
}

/// One rule (`ip rule add SELECTOR ACTION`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its priority (`pref`): lower first.
    pub pref: u32,
    /// `not`: the selector inverted.
    pub not: bool,
    /// `from PREFIX` (`None`: all).
    pub from: Option<Ipv4Net>,
    /// `to PREFIX`.
    pub to: Option<Ipv4Net>,
    /// `fwmark M[/MASK]`: (mark, mask).
    pub fwmark: Option<(u32, u32)>,
    /// `iif NAME` (names stay: a rule outlives its device).
    pub iif: Option<String>,
    /// `oif NAME`.
    pub oif: Option<String>,
    /// `suppress_prefixlength N`: a route this short or shorter is ignored.
    pub suppress_prefixlength: Option<u8>,
    /// What it does.
    pub action: RuleAction,
}

impl Rule {
    /// A rule that selects everything.
    pub fn all(pref: u32, action: RuleAction) -> Rule {
        Rule {
            pref,
            not: false,
            from: None,
            to: None,
            fwmark: None,
            iif: None,
            oif: None,
            suppress_prefixlength: None,
            action,
        }
    }

    /// fib_rule_match: every given selector holds (then `not` inverts).
    fn selects(&self, dst: Ipv4Addr, flow: &Flow, name: &dyn Fn(LinkId) -> String) -> bool {
        let src = flow.src.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let dev = |want: &Option<String>, have: Option<LinkId>| {
            want.as_ref()
                .is_none_or(|w| have.is_some_and(|h| name(h) == *w))
        };
        let hit = self.from.is_none_or(|n| n.contains(&src))
            && self.to.is_none_or(|n| n.contains(&dst))
            && self
                .fwmark
                .is_none_or(|(m, mask)| (flow.mark ^ m) & mask == 0)
            && dev(&self.iif, flow.iif)
            && dev(&self.oif, flow.oif);
        hit != self.not
    }

    /// The fields fib_nl_delrule compares: those the deletion named.
    pub fn deletes(&self, spec: &Rule, named: &RuleFields) -> bool {
        (!named.pref || self.pref == spec.pref)
            && (!named.action || self.action == spec.action)
            && (!named.not || self.not == spec.not)
            && (spec.from.is_none() || self.from == spec.from)
            && (spec.to.is_none() || self.to == spec.to)
            && (spec.fwmark.is_none() || self.fwmark == spec.fwmark)
            && (spec.iif.is_none() || self.iif == spec.iif)
            && (spec.oif.is_none() || self.oif == spec.oif)
            && (spec.suppress_prefixlength.is_none()
                || self.suppress_prefixlength == spec.suppress_prefixlength)
    }
}

/// Which fields an `ip rule add|del` gave besides the selectors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleFields {
    /// `pref N`.
    pub pref: bool,
    /// An action (`table`, `goto`, a type).
    pub action: bool,
    /// `not`.
    pub not: bool,
}

/// What a route lookup knows of the packet (the kernel's `flowi4`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flow {
    /// The source, when already chosen (bound, or a forwarded packet's).
    pub src: Option<Ipv4Addr>,
    /// The input device (`lo` for a locally generated packet).
    pub iif: Option<LinkId>,
    /// The output device the sender bound to.
    pub oif: Option<LinkId>,
    /// The packet mark.
    pub mark: u32,
}

/// Why `ip rule` or `ip route ... table` failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PolicyError {
    /// `add` of a rule with this priority and these fields again.
    #[error("RTNETLINK answers: File exists")]
    Exists,
    /// `del` of a rule that is not there.
    #[error("RTNETLINK answers: No such file or directory")]
    NoRule,
    /// The cap on rules ([`MAX_POLICY_RULES`]).
    #[error("RTNETLINK answers: No buffer space available (netbook allows at most {0} rules per namespace)")]
    Limit(usize),
    /// `goto` a priority not after the rule's own.
    #[error("Error: Backward goto not supported.")]
    BackwardGoto,
}

/// A namespace's rules and its tables other than `main` and `local`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// In priority order; equal priorities in the order added.
    pub rules: Vec<Rule>,
    /// Tables by id, in the order they came to exist.
    pub tables: Vec<(u32, RouteTable)>,
    /// The last table handed out for `table 0` (fib_empty_table).
    last_empty: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            rules: vec![
                Rule::all(0, RuleAction::Lookup(LOCAL)),
                Rule::all(32766, RuleAction::Lookup(MAIN)),
                Rule::all(32767, RuleAction::Lookup(DEFAULT)),
            ],
            tables: Vec::new(),
            last_empty: 0,
        }
    }
}

impl Policy {
    /// True while the rules are the three the kernel starts with: a lookup
    /// is then the main table's alone (the `default` table is empty).
    pub fn is_plain(&self) -> bool {
        // Per packet: compared in place, without building the defaults.
        let stock = [(0, LOCAL), (32766, MAIN), (32767, DEFAULT)];
        self.rules.len() == 3
            && (self.rules.iter().zip(stock))
                .all(|(r, (pref, t))| *r == Rule::all(pref, RuleAction::Lookup(t)))
            && self.table(DEFAULT).is_none_or(RouteTable::is_empty)
    }

    /// Table `id` if it exists (never `main` or `local`).
    pub fn table(&self, id: u32) -> Option<&RouteTable> {
        self.tables.iter().find(|(t, _)| *t == id).map(|(_, r)| r)
    }

    /// Table `id`, made on first use as fib_new_table does.
    pub fn table_mut(&mut self, id: u32) -> &mut RouteTable {
        let at = match self.tables.iter().position(|(t, _)| *t == id) {
            Some(i) => i,
            None => {
                self.tables.push((id, RouteTable::default()));
                self.tables.len() - 1
            }
        };
        &mut self.tables[at].1
    }

    /// The tables in the kernel's dump order: by hash bucket (id & 255),
    /// the newest first within one.
    pub fn dump_order(&self) -> Vec<u32> {
        let mut ids: Vec<(usize, u32)> = self.tables.iter().map(|(t, _)| *t).enumerate().collect();
        ids.sort_by_key(|&(at, id)| (id & 0xff, std::cmp::Reverse(at)));
        ids.into_iter().map(|(_, id)| id).collect()
    }

    /// `ip rule add`. Without `pref` the rule goes one below the second
    /// rule's priority (fib_default_rule_pref); a table of 0 is a new
    /// empty table. Returns the rule's priority.
    pub fn add_rule(&mut self, mut rule: Rule, fields: RuleFields) -> Result<u32, PolicyError> {
        if !fields.pref {
            rule.pref = self.rules.get(1).map_or(0, |r| r.pref.saturating_sub(1));
        }
        if matches!(rule.action, RuleAction::Goto(t) if t <= rule.pref) {
            return Err(PolicyError::BackwardGoto);
        }
        if rule.action == RuleAction::Lookup(0) {
            rule.action = RuleAction::Lookup(self.empty_table());
        }
        if self.rules.contains(&rule) {
            return Err(PolicyError::Exists);
        }
        if self.rules.len() >= MAX_POLICY_RULES {
            return Err(PolicyError::Limit(MAX_POLICY_RULES));
        }
        let at = self.rules.partition_point(|r| r.pref <= rule.pref);
        let pref = rule.pref;
        self.rules.insert(at, rule);
        Ok(pref)
    }

    /// fib_empty_table: the first unused id from 1.
    fn empty_table(&mut self) -> u32 {
        let id = (self.last_empty + 1..)
            .find(|id| self.table(*id).is_none() && ![LOCAL, MAIN, DEFAULT].contains(id))
            .unwrap_or(1);
        self.last_empty = id;
        self.table_mut(id);
        id
    }

    /// `ip rule del`: the first rule the given fields match.
    pub fn del_rule(&mut self, spec: &Rule, fields: RuleFields) -> Result<(), PolicyError> {
        let at = self
            .rules
            .iter()
            .position(|r| r.deletes(spec, &fields))
            .ok_or(PolicyError::NoRule)?;
        self.rules.remove(at);
        Ok(())
    }

    /// `ip rule flush`: every rule but those of priority 0.
    pub fn flush_rules(&mut self) {
        self.rules.retain(|r| r.pref == 0);
    }

    /// Walks the rules for `dst`: `main(dev)` answers the main table,
    /// `local` says whether `dst` is one of the namespace's own (the
    /// caller routes those), `name` names a link. Gives the route and
    /// its table, or the error kind a rule or route type ends with.
    pub fn walk(
        &self,
        dst: Ipv4Addr,
        flow: &Flow,
        main: &dyn Fn(Option<LinkId>) -> Option<Route>,
        name: &dyn Fn(LinkId) -> String,
    ) -> Result<(Route, u32), Option<RouteKind>> {
        let mut i = 0;
        while let Some(rule) = self.rules.get(i) {
            i += 1;
            if !rule.selects(dst, flow, name) {
                continue;
            }
            let table = match rule.action {
                RuleAction::Lookup(t) => t,
                RuleAction::Goto(p) => {
                    // The first rule of that priority; none: unresolved,
                    // and the walk goes on as if it were a nop.
                    if let Some(at) = self.rules.iter().position(|r| r.pref == p) {
                        i = at.max(i);
                    }
                    continue;
                }
                RuleAction::Nop => continue,
                RuleAction::Blackhole => return Err(Some(RouteKind::Blackhole)),
                RuleAction::Unreachable => return Err(None),
                RuleAction::Prohibit => return Err(Some(RouteKind::Prohibit)),
            };
            let found = match table {
                LOCAL => None,
                MAIN => main(flow.oif),
                t => self.table(t).and_then(|tb| match flow.oif {
                    None => tb.lookup(dst).cloned(),
                    Some(d) => tb.lookup_where(dst, |r| r.dev == d).cloned(),
                }),
            };
            let Some(route) = found else { continue };
            if route.kind == RouteKind::Throw {
                continue;
            }
            if rule
                .suppress_prefixlength
                .is_some_and(|n| route.dst.prefix_len() <= n)
            {
                continue;
            }
            return Ok((route, table));
        }
        Err(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn route(dst: &str, via: [u8; 4], kind: RouteKind) -> Route {
        let r = Route::boot(dst.parse().unwrap(), Some(via.into()), LinkId(1));
        Route { kind, ..r }
    }

    fn walk(p: &Policy, dst: [u8; 4], flow: Flow) -> Result<(Ipv4Addr, u32), Option<RouteKind>> {
        let main = |_| Some(route("0.0.0.0/0", [9, 9, 9, 9], RouteKind::Unicast));
        p.walk(dst.into(), &flow, &main, &|_| "v0".to_string())
            .map(|(r, t)| (r.via.unwrap(), t))
    }

    #[test]
    fn rules_pick_tables_by_source_mark_and_device() {
        let mut p = Policy::default();
        assert!(p.is_plain());
        let t = p.table_mut(100);
        t.insert(route("10.5.0.0/16", [1, 1, 1, 1], RouteKind::Unicast));
        t.insert(route("10.5.9.0/24", [0, 0, 0, 0], RouteKind::Throw));
        let from = Rule {
            from: Some("10.0.0.1/32".parse().unwrap()),
            ..Rule::all(100, RuleAction::Lookup(100))
        };
        p.add_rule(
            from.clone(),
            RuleFields {
                pref: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(!p.is_plain());
        let src = Flow {
            src: Some([10, 0, 0, 1].into()),
            ..Flow::default()
        };
        assert_eq!(walk(&p, [10, 5, 1, 1], src), Ok(([1, 1, 1, 1].into(), 100)));
        // No match in table 100 (or a throw): on to main.
        assert_eq!(walk(&p, [8, 8, 8, 8], src), Ok(([9, 9, 9, 9].into(), MAIN)));
        assert_eq!(
            walk(&p, [10, 5, 9, 1], src),
            Ok(([9, 9, 9, 9].into(), MAIN))
        );
        assert_eq!(walk(&p, [10, 5, 1, 1], Flow::default()).unwrap().1, MAIN);
        let mark = Rule {
            fwmark: Some((4, 0xc)),
            ..Rule::all(90, RuleAction::Prohibit)
        };
        p.add_rule(
            mark,
            RuleFields {
                pref: true,
                ..Default::default()
            },
        )
        .unwrap();
        let marked = Flow {
            mark: 0x7,
            ..Flow::default()
        };
        assert_eq!(
            walk(&p, [1, 1, 1, 1], marked),
            Err(Some(RouteKind::Prohibit))
        );
        let dev = Rule {
            not: true,
            iif: Some("v0".into()),
            ..Rule::all(80, RuleAction::Unreachable)
        };
        p.add_rule(
            dev,
            RuleFields {
                pref: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(walk(&p, [1, 1, 1, 1], Flow::default()), Err(None));
        let on_v0 = Flow {
            iif: Some(LinkId(3)),
            ..Flow::default()
        };
        assert_eq!(walk(&p, [1, 1, 1, 1], on_v0).unwrap().1, MAIN);
    }

    #[test]
    fn priorities_default_below_the_first_rule_and_deletes_match_fields() {
        let mut p = Policy::default();
        let plain = RuleFields::default();
        assert_eq!(
            p.add_rule(Rule::all(0, RuleAction::Lookup(7)), plain),
            Ok(32765)
        );
        assert_eq!(
            p.add_rule(Rule::all(0, RuleAction::Lookup(7)), plain),
            Ok(32764)
        );
        let given = RuleFields {
            pref: true,
            ..plain
        };
        assert_eq!(p.add_rule(Rule::all(500, RuleAction::Nop), given), Ok(500));
        assert_eq!(
            p.add_rule(Rule::all(500, RuleAction::Nop), given),
            Err(PolicyError::Exists)
        );
        assert_eq!(
            p.add_rule(Rule::all(0, RuleAction::Lookup(0)), plain),
            Ok(499)
        );
        assert_eq!(p.rules[1].action, RuleAction::Lookup(1));
        let by_table = RuleFields {
            action: true,
            ..plain
        };
        p.del_rule(&Rule::all(0, RuleAction::Lookup(7)), by_table)
            .unwrap();
        assert_eq!(
            p.rules
                .iter()
                .filter(|r| r.action == RuleAction::Lookup(7))
                .count(),
            1
        );
        assert_eq!(
            p.del_rule(&Rule::all(9999, RuleAction::Nop), given),
            Err(PolicyError::NoRule)
        );
        p.flush_rules();
        assert_eq!(p.rules, vec![Rule::all(0, RuleAction::Lookup(LOCAL))]);
    }

    #[test]
    fn rules_stop_at_the_cap_and_leave_the_list_as_it_was() {
        let mut p = Policy::default();
        let plain = RuleFields::default();
        while p.rules.len() < MAX_POLICY_RULES {
            p.add_rule(Rule::all(0, RuleAction::Lookup(5)), plain)
                .unwrap();
        }
        let before = p.clone();
        assert_eq!(
            p.add_rule(Rule::all(0, RuleAction::Lookup(6)), plain),
            Err(PolicyError::Limit(MAX_POLICY_RULES))
        );
        assert_eq!(p, before);
    }

    #[test]
    fn tables_dump_by_bucket_newest_first() {
        let mut p = Policy::default();
        for id in [300, 100, 44, 356] {
            p.table_mut(id);
        }
        assert_eq!(p.dump_order(), vec![44, 300, 356, 100]);
    }
}
