//! One namespace's netfilter: its tables (created on first write, as
//! nf_tables does), its connection tracking table and the kernel log that
//! LOG writes to.

use super::conntrack::Conntrack;
use super::ext_recent::RecentTables;
use super::matches::Match;
use super::table::{Table, TableKind};

/// Lines the `dmesg` ring keeps (Debian's 128 KiB log buffer holds about
/// this many netfilter LOG lines); older ones are overwritten.
pub const DMESG_LINES: usize = 1_000;

/// One namespace's netfilter state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Netfilter {
    /// Tables that exist, in creation order (nf_tables creates a table on
    /// its first write).
    pub tables: Vec<Table>,
    /// Connection tracking.
    pub conntrack: Conntrack,
    /// The kernel log ring (`dmesg`), one line each.
    pub dmesg: Vec<String>,
    /// `-m recent`'s lists.
    pub(super) recent: RecentTables,
}

impl Netfilter {
    /// An empty netfilter: no tables, no connections.
    pub fn new() -> Netfilter {
        Netfilter::default()
    }

    /// Rules in every table and chain.
    pub fn rule_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| &t.chains)
            .map(|c| c.rules.len())
            .sum()
    }

    /// Drops the `-m recent` lists no rule names any more.
    pub(super) fn prune_recent(&mut self) {
        let names: Vec<&str> = self
            .tables
            .iter()
            .flat_map(|t| &t.chains)
            .flat_map(|c| &c.rules)
            .flat_map(|r| &r.matches)
            .filter_map(|m| match m {
                Match::Recent(r) => Some(r.name.as_str()),
                _ => None,
            })
            .collect();
        let mut recent = std::mem::take(&mut self.recent);
        recent.keep_only(&names);
        self.recent = recent;
    }

    /// A table if it exists.
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// A table, created on first use.
    pub fn table_mut(&mut self, kind: TableKind) -> &mut Table {
        let pos = match self.tables.iter().position(|t| t.kind == kind) {
            Some(p) => p,
            None => {
                self.tables.push(Table::new(kind));
                self.tables.len() - 1
            }
        };
        &mut self.tables[pos]
    }

    /// A table as listing sees it: the real one, or an empty default.
    pub fn table_or_default(&self, kind: TableKind) -> std::borrow::Cow<'_, Table> {
        match self.table(kind) {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => std::borrow::Cow::Owned(Table::new(kind)),
        }
    }
}
