//! GNU's usage errors, as coreutils and util-linux print them: what went
//! wrong, then the `Try 'TOOL --help'` line.

use super::args::{self, ArgError, Item, Opt};
use super::CmdOutput;

/// `msg` (ending in a newline), then the `Try` line.
pub(crate) fn try_help(tool: &str, msg: &str, status: i32) -> CmdOutput {
    CmdOutput::usage(
        status,
        format!("{msg}Try '{tool} --help' for more information.\n"),
    )
}

/// getopt's line for an option mistake, then the `Try` line; a refused
/// option is netbook's own line, with no `Try` after it.
pub(crate) fn opt_error(tool: &str, e: &ArgError, status: i32) -> CmdOutput {
    refused_or(tool, status, e, |m| try_help(tool, &m, status))
}

/// A parse failure of `tool`: netbook's line alone (exit `status`) for an
/// option it does not simulate, else what `worded` makes of getopt's line
/// (the tool's own usage or `Try` text after it).
pub(crate) fn refused_or(
    tool: &str,
    status: i32,
    e: &ArgError,
    worded: impl FnOnce(String) -> CmdOutput,
) -> CmdOutput {
    match e {
        ArgError::NotSimulated(_) => CmdOutput::usage(status, e.message(tool)),
        _ => worded(e.message(tool)),
    }
}

/// A GNU tool's command line, built item by item from its option table.
pub(crate) trait GnuArgs: Default {
    type Key: Copy + 'static;
    /// The tool's name in its messages.
    const TOOL: &'static str;
    /// The options, as the tool's `getopt_long` table has them.
    const OPTS: &'static [Opt<Self::Key>];
    /// The exit status of a usage mistake.
    const STATUS: i32 = 1;
    /// Options end at the first operand (`+` in the option string).
    const IN_ORDER: bool = false;

    /// Takes one item, in argv order.
    fn take(&mut self, item: Item<Self::Key>) -> Result<(), CmdOutput>;

    /// Checks the whole line once every item is in.
    fn check(self) -> Result<Self, CmdOutput> {
        Ok(self)
    }

    /// Parses `argv`: getopt's mistakes first, then each item in order.
    fn parse(argv: &[String]) -> Result<Self, CmdOutput> {
        let items = if Self::IN_ORDER {
            args::parse_in_order(Self::OPTS, argv)
        } else {
            args::parse(Self::OPTS, argv)
        };
        let items = items.map_err(|e| opt_error(Self::TOOL, &e, Self::STATUS))?;
        let mut o = Self::default();
        for item in items {
            o.take(item)?;
        }
        o.check()
    }
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
