//! What a cell shows, in order, and where it goes.

use crate::display::MimeBundle;

/// One thing a cell shows, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emit {
    /// Text on stdout.
    Stdout(String),
    /// Text on stderr.
    Stderr(String),
    /// A rich display from a command in the middle of the cell.
    Display(MimeBundle),
    /// The rich result of the cell's last command.
    Result(MimeBundle),
    /// `clear`: wipe what the cell showed so far.
    Clear {
        /// Wait for the next output before clearing (no flicker).
        wait: bool,
    },
}

/// Where outputs go: the Jupyter iopub channel, a terminal, or a `Vec`.
pub trait Sink {
    /// Receives one output as soon as it exists.
    fn emit(&mut self, e: Emit);
}

impl Sink for Vec<Emit> {
    fn emit(&mut self, e: Emit) {
        self.push(e)
    }
}
