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

/// gnulib's `argmatch` for option `opt`'s value `arg`: an exact name, or a
/// prefix whose names all mean one value. `choices` lists synonyms next
/// to each other, as the error's "Valid arguments" lines group them.
pub(crate) fn argmatch<T: Copy + PartialEq>(
    tool: &str,
    opt: &str,
    arg: &str,
    choices: &[(&str, T)],
) -> Result<T, CmdOutput> {
    if let Some(&(_, v)) = choices.iter().find(|(n, _)| *n == arg) {
        return Ok(v);
    }
    let fits: Vec<T> = choices
        .iter()
        .filter(|(n, _)| n.starts_with(arg))
        .map(|&(_, v)| v)
        .collect();
    let why = match fits.first() {
        Some(&v) if fits.iter().all(|&f| f == v) => return Ok(v),
        Some(_) => "ambiguous",
        None => "invalid",
    };
    let mut msg = format!("{tool}: {why} argument ‘{arg}’ for ‘{opt}’\nValid arguments are:");
    let mut last: Option<T> = None;
    for &(n, v) in choices {
        if last == Some(v) {
            msg.push_str(&format!(", ‘{n}’"));
        } else {
            msg.push_str(&format!("\n  - ‘{n}’"));
        }
        last = Some(v);
    }
    msg.push('\n');
    Err(try_help(tool, &msg, 1))
}
