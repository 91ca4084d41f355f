//! iptables' failures, worded like the real tool, with its exit status.

use std::fmt;

/// The version string iptables prints in its errors.
pub const VERSION: &str = "v1.8.9 (nf_tables)";

/// An iptables failure, worded like the real tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NfError {
    /// A parameter problem: `iptables v1.8.9 (nf_tables): MSG` and the
    /// `Try ...` line; exit status 2.
    Usage(String),
    /// A failed operation: `iptables: MSG`; exit status 1.
    Op(String),
    /// A fatal message without the `Try` line, with its exit status.
    Fatal(String, i32),
    /// A parameter problem printed without the version prefix (`Bad
    /// argument`); exit status 2.
    Bare(String),
}

impl NfError {
    pub(super) fn usage(s: impl Into<String>) -> NfError {
        NfError::Usage(s.into())
    }

    /// Exit status.
    pub fn status(&self) -> i32 {
        match self {
            NfError::Usage(_) | NfError::Bare(_) => 2,
            NfError::Op(_) => 1,
            NfError::Fatal(_, s) => *s,
        }
    }

    /// True for parameter problems (they fail the notebook cell).
    pub fn is_usage(&self) -> bool {
        matches!(self, NfError::Usage(_) | NfError::Bare(_))
    }

    /// The full stderr text for program `prog` (`iptables`).
    pub fn render(&self, prog: &str) -> String {
        match self {
            NfError::Usage(m) => format!(
                "{prog} {VERSION}: {m}\nTry `{prog} -h' or '{prog} --help' for more information.\n"
            ),
            NfError::Op(m) => format!("{prog}: {m}\n"),
            NfError::Fatal(m, _) => format!("{prog} {VERSION}: {m}\n"),
            NfError::Bare(m) => {
                format!("{m}\nTry `{prog} -h' or '{prog} --help' for more information.\n")
            }
        }
    }
}

impl std::error::Error for NfError {}

impl fmt::Display for NfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render("iptables").trim_end())
    }
}
