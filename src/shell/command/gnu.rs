//! GNU's usage errors, as coreutils and util-linux print them: what went
//! wrong, then the `Try 'TOOL --help'` line.

use super::args::ArgError;
use super::CmdOutput;

/// `msg` (ending in a newline), then the `Try` line.
pub(crate) fn try_help(tool: &str, msg: &str, status: i32) -> CmdOutput {
    CmdOutput::usage(
        status,
        format!("{msg}Try '{tool} --help' for more information.\n"),
    )
}

/// getopt's line for an option mistake, then the `Try` line.
pub(crate) fn opt_error(tool: &str, e: &ArgError, status: i32) -> CmdOutput {
    try_help(tool, &e.message(tool), status)
}

/// `TOOL: MSG`, then the `Try` line.
pub(crate) fn usage_error(tool: &str, msg: &str, status: i32) -> CmdOutput {
    try_help(tool, &format!("{tool}: {msg}\n"), status)
}
