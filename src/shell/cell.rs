//! What a front end asks of a cell before running it.

/// Whether a cell is ready to run, as `is_complete_request` asks (the
/// bash grammar decides: [`crate::shell::bash::parse::completeness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Runs as it is.
    Complete,
    /// Needs more lines (open quote, trailing `\` or `|`, open heredoc).
    Incomplete,
    /// Can never run (a syntax error more lines cannot fix).
    Invalid,
}
