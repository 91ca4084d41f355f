//! One namespace's netfilter: its tables (created on first write, as
//! nf_tables does), its connection tracking table and the kernel log that
//! LOG writes to.

use super::conntrack::Conntrack;
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
