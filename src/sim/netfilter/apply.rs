//! Applying a parsed iptables command to a namespace's [`Netfilter`]:
//! the kernel's checks (chain exists, target allowed in this table and
//! hook) with iptables' wording; a failed command changes nothing.

use super::argv::{parse_args, Command, Invocation};
use super::error::NfError;
use super::ext_options::TARGETS;
use super::hook::{Hook, TableKind};
use super::rule::{Counters, Rule};
use super::state::Netfilter;
use super::table::Policy;
use super::targets::Target;

const NAT_DROP: &str = "\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n";

impl Netfilter {
    /// Applies a parsed command (all but the listings). On error nothing
    /// changes.
    pub fn apply(&mut self, inv: &Invocation) -> Result<(), NfError> {
        self.apply_checked(inv, true)
    }

    /// [`Netfilter::apply`]; `validate: false` skips the target/hook check
    /// (iptables-restore checks the whole table at COMMIT instead).
    pub(crate) fn apply_checked(
        &mut self,
        inv: &Invocation,
        validate: bool,
    ) -> Result<(), NfError> {
        let kind = inv.table;
        let before = match &inv.command {
            Command::Append(c, _) | Command::Insert(c, ..) | Command::Replace(c, ..)
                if validate =>
            {
                Some((
                    c.clone(),
                    self.table(kind).is_some(),
                    self.table(kind)
                        .and_then(|t| t.chain(c))
                        .map(|ch| ch.rules.clone()),
                ))
            }
            _ => None,
        };
        self.apply_inner(inv)?;
        self.prune_recent();
        if let Some((c, existed, rules)) = before {
            let t = self.table(kind);
            let invalid = t.and_then(|t| t.first_invalid_rule()).is_some();
            let too_deep = !invalid && t.is_some_and(|t| t.jumps_too_deep(&|_, _| true));
            if invalid || too_deep {
                // Undo: the table was valid before this command.
                if !existed {
                    self.tables.retain(|t| t.kind != kind);
                } else if let (Some(ch), Some(rules)) = (self.table_mut(kind).chain_mut(&c), rules)
                {
                    ch.rules = rules;
                }
                let op = match inv.command {
                    Command::Append(..) => "RULE_APPEND",
                    Command::Insert(..) => "RULE_INSERT",
                    _ => "RULE_REPLACE",
                };
                let why = if invalid {
                    "Invalid argument"
                } else {
                    "Too many links"
                };
                return Err(NfError::Fatal(
                    format!(" {op} failed ({why}): rule in chain {c}"),
                    4,
                ));
            }
        }
        Ok(())
    }

    fn apply_inner(&mut self, inv: &Invocation) -> Result<(), NfError> {
        let kind = inv.table;
        let no_chain = || NfError::Op("No chain/target/match by that name.".into());
        // Checks that never create the table.
        let exists =
            |nf: &Netfilter, c: &str| -> bool { nf.table_or_default(kind).chain(c).is_some() };
        let check_target = |nf: &Netfilter, r: &Rule| -> Result<(), NfError> {
            if let Target::Jump(j) = &r.target {
                if !exists(nf, j) || Hook::from_chain(j).is_some() {
                    return Err(NfError::usage(format!("Chain '{j}' does not exist")));
                }
            }
            if kind == TableKind::Nat && r.target == Target::Drop {
                return Err(NfError::usage(NAT_DROP));
            }
            Ok(())
        };
        // `-R`/`-D` by number: the rule must be there.
        let check_index = |nf: &Netfilter, c: &str, n: usize, op: &str| -> Result<(), NfError> {
            let len = nf
                .table_or_default(kind)
                .chain(c)
                .map_or(0, |ch| ch.rules.len());
            if n > len {
                return Err(NfError::Op(format!("Index of {op} too big.")));
            }
            Ok(())
        };
        // With nf_tables these need the table to exist already.
        if self.table(kind).is_none()
            && matches!(
                inv.command,
                Command::DeleteNum(..) | Command::Replace(..) | Command::DeleteChain(Some(_))
            )
        {
            return Err(no_chain());
        }
        match &inv.command {
            Command::Append(c, rs) | Command::Insert(c, _, rs) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                for r in rs {
                    check_target(self, r)?;
                }
                let len = self
                    .table_or_default(kind)
                    .chain(c)
                    .map_or(0, |ch| ch.rules.len());
                if let Command::Insert(_, n, _) = &inv.command {
                    if *n > len + 1 {
                        return Err(NfError::Op("Index of insertion too big.".into()));
                    }
                }
                let ch = self.table_mut(kind).chain_mut(c).ok_or_else(no_chain)?;
                for r in rs {
                    match &inv.command {
                        // Each rule goes in at N, so a list ends up reversed.
                        Command::Insert(_, n, _) => ch.rules.insert(n - 1, r.clone()),
                        _ => ch.rules.push(r.clone()),
                    }
                }
            }
            Command::Replace(c, n, r) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                check_target(self, r)?;
                check_index(self, c, *n, "replacement")?;
                let ch = self.table_mut(kind).chain_mut(c).ok_or_else(no_chain)?;
                ch.rules[n - 1] = r.clone();
            }
            Command::Delete(c, rs) | Command::Check(c, rs) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                let bad =
                    || NfError::Op("Bad rule (does a matching rule exist in that chain?).".into());
                // All or nothing, like one nf_tables batch.
                let mut rules = self
                    .table(kind)
                    .and_then(|t| t.chain(c))
                    .map(|ch| ch.rules.clone())
                    .unwrap_or_default();
                for r in rs {
                    let pos = rules.iter().position(|x| x.same_spec(r)).ok_or_else(bad)?;
                    rules.remove(pos);
                }
                if matches!(inv.command, Command::Delete(..)) {
                    self.table_mut(kind)
                        .chain_mut(c)
                        .ok_or_else(no_chain)?
                        .rules = rules;
                }
            }
            Command::DeleteNum(c, n) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                check_index(self, c, *n, "deletion")?;
                self.table_mut(kind)
                    .chain_mut(c)
                    .ok_or_else(no_chain)?
                    .rules
                    .remove(n - 1);
            }
            Command::Flush(c) | Command::Zero(c) => {
                if let Some(c) = c {
                    if !exists(self, c) {
                        return Err(no_chain());
                    }
                }
                let flush = matches!(inv.command, Command::Flush(_));
                if let Some(pos) = self.tables.iter().position(|t| t.kind == kind) {
                    let t = &mut self.tables[pos];
                    if flush {
                        for ch in t
                            .chains
                            .iter_mut()
                            .filter(|ch| c.as_deref().is_none_or(|n| n == ch.name))
                        {
                            ch.rules.clear();
                        }
                    } else {
                        t.zero(c.as_deref());
                    }
                }
            }
            Command::NewChain(c) => {
                if exists(self, c) {
                    return Err(NfError::Op("Chain already exists.".into()));
                }
                if c.len() > 28 {
                    return Err(NfError::usage(format!(
                        "chain name `{c}' too long (must be under 29 chars)"
                    )));
                }
                if TARGETS.contains(&c.as_str()) {
                    return Err(NfError::usage("chain name may not clash with target name"));
                }
                self.table_mut(kind).add_user_chain(c);
            }
            Command::DeleteChain(c) => {
                let t = self.table_or_default(kind).into_owned();
                let victims: Vec<String> = match c {
                    Some(c) => {
                        let Some(ch) = t.chain(c) else {
                            return Err(no_chain());
                        };
                        vec![ch.name.clone()]
                    }
                    None => t
                        .chains
                        .iter()
                        .filter(|ch| !ch.is_builtin())
                        .map(|ch| ch.name.clone())
                        .collect(),
                };
                for v in &victims {
                    let builtin = t.chain(v).is_some_and(|ch| ch.is_builtin());
                    let referenced = t
                        .chains
                        .iter()
                        .filter(|ch| !victims.contains(&ch.name) || c.is_some())
                        .flat_map(|ch| ch.rules.iter())
                        .any(|r| matches!(&r.target, Target::Jump(j) if j == v));
                    // nf_tables refuses to delete a chain that still has rules.
                    let nonempty = t.chain(v).is_some_and(|ch| !ch.rules.is_empty());
                    if builtin || referenced || nonempty {
                        return Err(NfError::Fatal(
                            format!(" CHAIN_DEL failed (Device or resource busy): chain {v}"),
                            4,
                        ));
                    }
                }
                if let Some(pos) = self.tables.iter().position(|t| t.kind == kind) {
                    self.tables[pos]
                        .chains
                        .retain(|ch| !victims.contains(&ch.name));
                }
            }
            Command::Rename(old, new) => {
                if !exists(self, old) {
                    return Err(no_chain());
                }
                if exists(self, new) {
                    return Err(NfError::Op("File exists.".into()));
                }
                if Hook::from_chain(old).is_some() {
                    return Err(NfError::Op("No chain/target/match by that name.".into()));
                }
                let t = self.table_mut(kind);
                if let Some(pos) = t.chain_index(old) {
                    let mut ch = t.chains.remove(pos);
                    ch.name = new.clone();
                    let rules = std::mem::take(&mut ch.rules);
                    t.add_user_chain(new);
                    if let Some(n) = t.chain_mut(new) {
                        n.rules = rules;
                    }
                    for r in t.chains.iter_mut().flat_map(|c| c.rules.iter_mut()) {
                        if matches!(&r.target, Target::Jump(j) if j == old) {
                            r.target = Target::Jump(new.clone());
                        }
                    }
                }
            }
            Command::SetPolicy(c, p) => {
                let builtin = self
                    .table_or_default(kind)
                    .chain(c)
                    .is_some_and(|ch| ch.is_builtin());
                if !builtin {
                    return Err(NfError::Op("Bad built-in chain name.".into()));
                }
                let Some(pol) = Policy::parse(p) else {
                    return Err(NfError::Op(
                        "Bad policy name. Run `dmesg' for more information.".into(),
                    ));
                };
                if kind == TableKind::Nat && pol == Policy::Drop {
                    return Err(NfError::usage(NAT_DROP));
                }
                if let Some(ch) = self.table_mut(kind).chain_mut(c) {
                    // The kernel replaces the base chain: a fresh counter.
                    ch.policy = Some(pol);
                    ch.policy_counted = true;
                    ch.policy_counters = Counters::default();
                }
            }
            Command::List(c, _) | Command::ListRules(c, _) => {
                if let Some(c) = c {
                    if !exists(self, c) {
                        return Err(NfError::Fatal(
                            format!(
                                "chain `{c}' in table `{kind}' is incompatible, use 'nft' tool."
                            ),
                            1,
                        ));
                    }
                }
                if inv.zero_after_list {
                    // Listing is the caller's; zeroing happens after it.
                }
            }
        }
        Ok(())
    }
}

/// Parses and applies one command line given as text (split on
/// whitespace, with `"..."` quoting). A convenience for tests and docs.
pub fn run_line(nf: &mut Netfilter, line: &str) -> Result<Invocation, NfError> {
    let argv = super::save::split_words(line)
        .map_err(|_| NfError::usage(format!("Bad argument `{line}'")))?;
    let inv = parse_args(&argv)?;
    nf.apply(&inv)?;
    Ok(inv)
}
