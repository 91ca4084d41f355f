//! `iptables-save` and `iptables-restore` (1.8.9, nf_tables): each has
//! its own small getopt_long table (`xtables-save.c`,
//! `xtables-restore.c`), read into [`SaveArgs`] / [`RestoreArgs`] before
//! the tables are touched.

use super::super::args::{self, ArgError, Form, Item, Opt};
use super::super::{CmdOutput, Ctx};
use crate::sim::netfilter::parse::VERSION;
use crate::sim::netfilter::save;
use crate::sim::netfilter::table::TableKind;
use crate::sim::stack::fs::FsError;

#[derive(Clone, Copy)]
enum SaveKey {
    Binary,
    Counters,
    Table,
    File,
    Version,
}

/// `xtables-save.c`: optstring "bcdt:M:f:V" (no long `--binary`).
const SAVE_TABLE: &[Opt<SaveKey>] = &[
    Opt::short('b', SaveKey::Binary),
    Opt::flag('c', "counters", SaveKey::Counters),
    // The default dump in the nf_tables variant.
    Form::flag('d', "dump").ignored(),
    Opt::with_value('t', "table", SaveKey::Table),
    // The module loader's path: modules are always there.
    Form::with_value('M', "modprobe").ignored(),
    Opt::with_value('f', "file", SaveKey::File),
    Opt::flag('V', "version", SaveKey::Version),
];

/// An `iptables-save` command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct SaveArgs {
    counters: bool,
    /// `-t`: the name as given (checked when dumping, as iptables does).
    table: Option<String>,
    /// `-f FILE`: write there instead of stdout.
    file: Option<String>,
    /// `-b`: only a warning.
    binary: bool,
    version: bool,
}

/// [`args::parse`], except that a flag on which the tool prints and exits
/// (`-V`) wins over a mistake later on the line: getopt never reads it.
fn parse_until_exit<K: Copy>(
    table: &[Opt<K>],
    argv: &[String],
    exits: impl Fn(K) -> bool,
) -> Result<Vec<Item<K>>, ArgError> {
    args::parse(table, argv).or_else(|e| {
        (1..argv.len())
            .filter_map(|k| args::parse(table, &argv[..k]).ok())
            .find(|items| {
                items
                    .iter()
                    .any(|i| matches!(i, Item::Flag(k) if exits(*k)))
            })
            .ok_or(e)
    })
}

/// Reads argv; an error is the tool's complete output.
fn parse_save(argv: &[String]) -> Result<SaveArgs, CmdOutput> {
    let items =
        parse_until_exit(SAVE_TABLE, argv, |k| matches!(k, SaveKey::Version)).map_err(|e| {
            CmdOutput::usage(
                1,
                e.message("iptables-save")
                    + "Look at manual page `iptables-save.8' for more information.\n",
            )
        })?;
    let mut a = SaveArgs::default();
    // Printed on the spot: later words are never read.
    if items
        .iter()
        .any(|i| matches!(i, Item::Flag(SaveKey::Version)))
    {
        a.version = true;
        return Ok(a);
    }
    for item in items {
        match item {
            Item::Flag(SaveKey::Binary) => a.binary = true,
            Item::Flag(SaveKey::Counters) => a.counters = true,
            Item::Value(SaveKey::Table, t) => a.table = Some(t),
            Item::Value(SaveKey::File, f) => a.file = Some(f),
            Item::Operand(_) => {
                return Err(CmdOutput::usage(
                    1,
                    "Unknown arguments found on commandline\n",
                ))
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    Ok(a)
}

pub(super) fn iptables_save(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    match parse_save(argv) {
        Ok(a) => run_save(ctx, a),
        Err(out) => out,
    }
}

fn run_save(ctx: &mut Ctx, a: SaveArgs) -> CmdOutput {
    if a.version {
        return CmdOutput::text(format!("iptables-save {VERSION}\n"));
    }
    let warn = if a.binary {
        "-b/--binary option is not implemented\n"
    } else {
        ""
    };
    let only = match a.table.as_deref().map(|t| (t, TableKind::parse(t))) {
        None => None,
        Some((_, Some(k))) => Some(k),
        Some((t, None)) => {
            return CmdOutput::error(1, format!("{warn}Table `{t}' does not exist\n"));
        }
    };
    let date = save::ctime(ctx.world.wall_clock_s());
    let ns = ctx.netns.clone();
    let text = save::save(ctx.world.netfilter(ns.as_deref()), only, a.counters, &date);
    let mut out = match a.file {
        None => CmdOutput::text(text),
        Some(f) => match ctx.world.write_file(ns.as_deref(), &f, &text, false) {
            Ok(()) => CmdOutput::default(),
            Err(e) => {
                return CmdOutput::error(
                    1,
                    format!("{warn}Failed to open file, error: {}\n", strerror(&e)),
                )
            }
        },
    };
    out.stderr = warn.to_string();
    out
}

/// The C library's text for the errno behind `e`.
fn strerror(e: &FsError) -> &'static str {
    match e {
        FsError::NotFound(_) | FsError::NoParent(_) => "No such file or directory",
        FsError::IsADirectory(_) => "Is a directory",
        FsError::NotADirectory(_) => "Not a directory",
        FsError::InvalidArgument(_) => "Invalid argument",
        FsError::NoSpace(_) => "No space left on device",
    }
}

#[derive(Clone, Copy)]
enum RestoreKey {
    Binary,
    Counters,
    Version,
    Test,
    Help,
    NoFlush,
    Table,
}

/// `xtables-restore.c`: optstring "bcvVthnM:T:wW" with its long names;
/// `-v` is left out (its per-rule echo is not modelled), so it is
/// refused as getopt refuses an unknown letter.
const RESTORE_TABLE: &[Opt<RestoreKey>] = &[
    Opt::short('b', RestoreKey::Binary),
    Opt::flag('c', "counters", RestoreKey::Counters),
    Opt::flag('V', "version", RestoreKey::Version),
    Opt::flag('t', "test", RestoreKey::Test),
    Opt::flag('h', "help", RestoreKey::Help),
    Opt::flag('n', "noflush", RestoreKey::NoFlush),
    Opt::with_value('T', "table", RestoreKey::Table),
    // Modules are always loaded, and no other writer holds the xtables
    // lock here: nothing to load or to wait for.
    Form::with_value('M', "modprobe").ignored(),
    Form::optional('w', "wait").ignored(),
    Form::with_value('W', "wait-interval").ignored(),
];

const RESTORE_USAGE: &str = "Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n\t   [ --ipv4 ]\n\t   [ --ipv6 ]\n";

/// An `iptables-restore` command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct RestoreArgs {
    counters: bool,
    noflush: bool,
    /// `-t`: check the dump, commit nothing.
    test: bool,
    /// `-T`: restore only this table's blocks.
    table: Option<String>,
    /// The dump's file (stdin without one).
    file: Option<String>,
    binary: bool,
}

/// What an `iptables-restore` line asks for.
#[derive(Debug)]
enum Restore {
    Version,
    Help,
    Run(RestoreArgs),
}

fn parse_restore(argv: &[String]) -> Result<Restore, CmdOutput> {
    let bad = |e: ArgError| {
        CmdOutput::usage(
            1,
            e.message("iptables-restore") + "Try `iptables-restore -h' for more information.\n",
        )
    };
    let items = parse_until_exit(RESTORE_TABLE, argv, |k| {
        matches!(k, RestoreKey::Version | RestoreKey::Help)
    })
    .map_err(bad)?;
    let exit = items.iter().find_map(|i| match i {
        Item::Flag(RestoreKey::Version) => Some(Restore::Version),
        Item::Flag(RestoreKey::Help) => Some(Restore::Help),
        _ => None,
    });
    if let Some(r) = exit {
        return Ok(r);
    }
    let mut a = RestoreArgs::default();
    let mut files = Vec::new();
    for item in items {
        match item {
            Item::Flag(RestoreKey::Binary) => a.binary = true,
            Item::Flag(RestoreKey::Counters) => a.counters = true,
            Item::Flag(RestoreKey::Test) => a.test = true,
            Item::Flag(RestoreKey::NoFlush) => a.noflush = true,
            Item::Value(RestoreKey::Table, t) => a.table = Some(t),
            Item::Operand(f) => files.push(f),
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    if files.len() > 1 {
        return Err(CmdOutput::usage(
            1,
            "Unknown arguments found on commandline\n",
        ));
    }
    a.file = files.pop();
    Ok(Restore::Run(a))
}

pub(super) fn iptables_restore(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    match parse_restore(argv) {
        Err(out) => out,
        Ok(Restore::Version) => CmdOutput::text(format!("iptables-restore {VERSION}\n")),
        // The usage goes to stderr, with status 0.
        Ok(Restore::Help) => CmdOutput {
            stderr: RESTORE_USAGE.to_string(),
            ..Default::default()
        },
        Ok(Restore::Run(a)) => run_restore(ctx, a),
    }
}

/// Blanks every line outside `table`'s blocks, keeping line numbers.
fn only_table(input: &str, table: &str) -> String {
    let mut keep = false;
    let mut out = String::with_capacity(input.len());
    for line in input.lines() {
        if let Some(t) = line.trim_start().strip_prefix('*') {
            keep = t.trim() == table;
        }
        if keep {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn run_restore(ctx: &mut Ctx, a: RestoreArgs) -> CmdOutput {
    let ns = ctx.netns.clone();
    let ns = ns.as_deref();
    let warn = if a.binary {
        "-b/--binary option is not implemented\n"
    } else {
        ""
    };
    let mut input = match &a.file {
        None => ctx.stdin.clone().unwrap_or_default(),
        Some(f) => match ctx.world.read_file(ns, f) {
            Ok(text) => text,
            Err(e) => {
                return CmdOutput::error(1, format!("{warn}Can't open {f}: {}\n", strerror(&e)))
            }
        },
    };
    if let Some(t) = &a.table {
        input = only_table(&input, t);
    }
    let mine = ctx.world.netfilter(ns).rule_count();
    let others = ctx.world.rule_count() - mine;
    let room = ctx.world.limits.rules.saturating_sub(others);
    // `--test` runs the dump against a copy and drops it.
    let mut copy = a.test.then(|| ctx.world.netfilter(ns).clone());
    let nf = match copy.as_mut() {
        Some(c) => c,
        None => ctx.world.netfilter_mut(ns),
    };
    let result = save::restore_capped(nf, &input, a.noflush, a.counters, room, ctx.interrupt);
    let mut out = match result {
        Ok(()) => CmdOutput::default(),
        // A parameter problem in the dump is a usage error; a rule the
        // kernel refuses is an ordinary failure.
        Err(e) if e.status == 2 => CmdOutput::usage(e.status, e.message),
        Err(e) => CmdOutput::error(e.status, e.message),
    };
    out.stderr.insert_str(0, warn);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn save_reads_its_table() {
        let a = parse_save(&argv("-ct nat --file=/tmp/x")).unwrap();
        assert_eq!(
            a,
            SaveArgs {
                counters: true,
                table: Some("nat".into()),
                file: Some("/tmp/x".into()),
                ..Default::default()
            }
        );
        let e = parse_save(&argv("-x")).unwrap_err();
        assert_eq!(
            e.stderr,
            "iptables-save: invalid option -- 'x'\nLook at manual page `iptables-save.8' for more information.\n"
        );
        assert_eq!(e.status, 1);
        assert!(parse_save(&argv("-V --bogus")).unwrap().version);
    }

    #[test]
    fn restore_reads_its_table() {
        let Restore::Run(a) = parse_restore(&argv("--no -c -T nat -w -W 5 dump")).unwrap() else {
            panic!()
        };
        assert!(a.noflush && a.counters);
        assert_eq!(
            (a.table.as_deref(), a.file.as_deref()),
            (Some("nat"), Some("dump"))
        );
        assert!(matches!(
            parse_restore(&argv("-V -x")),
            Ok(Restore::Version)
        ));
        let e = parse_restore(&argv("a b")).unwrap_err();
        assert_eq!(e.stderr, "Unknown arguments found on commandline\n");
        assert_eq!(
            only_table("*nat\n-A X\nCOMMIT\n*filter\n-A Y\nCOMMIT\n", "filter"),
            "\n\n\n*filter\n-A Y\nCOMMIT\n"
        );
    }
}
