//! GNU sed 4.9's command line: its getopt table, its usage text (printed
//! after every option mistake, exit 1) and the typed value `sed` runs.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{not_simulated, parse_merged};
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::shell::command::CmdOutput;

/// sed's usage, as it prints it on stderr after a mistake.
pub const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the `l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
";

/// Where a piece of the script comes from, in argv order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Script {
    /// `-e TEXT`, or the first operand.
    Text(String),
    /// `-f FILE`, read when sed runs.
    File(String),
}

/// What `sed` was asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SedArgs {
    /// `-n`: no automatic printing.
    pub quiet: bool,
    /// `-E`/`-r`: extended regular expressions.
    pub ere: bool,
    /// `-s` (and `-i`): each file is its own stream (`$`, line numbers).
    pub separate: bool,
    /// `-i[SUFFIX]`: edit in place, keeping a backup when SUFFIX is given.
    pub in_place: Option<String>,
    /// The script's pieces, in order.
    pub scripts: Vec<Script>,
    /// Input files (standard input when none).
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Quiet,
    Ere,
    Separate,
    InPlace,
    Expression,
    File,
}

/// GNU sed 4.9's options. `-l N` only sets how the `l` command wraps;
/// `-u`, `-b` and `--follow-symlinks` change nothing on simulated files.
const SED_OPTS: &[Opt<S>] = &[
    Form::flag('b', "binary").ignored(),
    Opt::flag('r', "regexp-extended", S::Ere),
    Opt::short('E', S::Ere),
    Form::long("debug").refused(),
    Opt::optional('i', "in-place", S::InPlace),
    Opt::with_value('e', "expression", S::Expression),
    Opt::with_value('f', "file", S::File),
    Form::with_value('l', "line-length").ignored(),
    Form::flag('z', "null-data").refused(),
    Form::long("zero-terminated").refused(),
    Opt::flag('n', "quiet", S::Quiet),
    Form::long("posix").refused(),
    Opt::long("silent", S::Quiet),
    Form::long("sandbox").refused(),
    Opt::flag('s', "separate", S::Separate),
    Form::flag('u', "unbuffered").ignored(),
    Form::long("version").refused(),
    Form::long("help").refused(),
    Form::long("follow-symlinks").ignored(),
];

/// sed's argv as a typed value; a mistake is getopt's line and the usage.
pub fn parse(args: &[String]) -> Result<SedArgs, CmdOutput> {
    let items = parse_merged(SED_OPTS, args)
        .map_err(|e| refused_or("sed", 1, &e, |m| CmdOutput::usage(1, m + USAGE)))?;
    let mut o = SedArgs::default();
    let mut operands = Vec::new();
    for item in items {
        match item {
            Item::Operand(a) => operands.push(a),
            Item::Flag(S::Quiet) => o.quiet = true,
            Item::Flag(S::Ere) => o.ere = true,
            Item::Flag(S::Separate) => o.separate = true,
            Item::Flag(S::InPlace) => {
                o.in_place = Some(String::new());
                o.separate = true;
            }
            // A `*` in the suffix makes a name from the file's path.
            Item::Value(S::InPlace, suffix) if suffix.contains('*') => {
                return Err(not_simulated("sed", &format!("-i{suffix}"), 1))
            }
            Item::Value(S::InPlace, suffix) => {
                o.in_place = Some(suffix);
                o.separate = true;
            }
            Item::Value(S::Expression, e) => o.scripts.push(Script::Text(e)),
            Item::Value(S::File, f) => o.scripts.push(Script::File(f)),
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    let mut operands = operands.into_iter();
    if o.scripts.is_empty() {
        match operands.next() {
            Some(s) => o.scripts.push(Script::Text(s)),
            None => return Err(CmdOutput::usage(1, USAGE)),
        }
    }
    o.files = operands.collect();
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn options_as_gnu_sed_reads_them() {
        let o = parse(&argv("-nE p -i.bak f1 --quiet f2")).unwrap();
        assert!(o.quiet && o.ere && o.separate);
        assert_eq!(o.in_place.as_deref(), Some(".bak"));
        assert_eq!(o.scripts, vec![Script::Text("p".into())]);
        assert_eq!(o.files, argv("f1 f2"));
        let o = parse(&argv("--expression=p -f x --sil")).unwrap();
        assert_eq!(o.scripts.len(), 2);
        assert!(o.quiet);
        let err = parse(&argv("--s p")).unwrap_err();
        assert!(err.stderr.starts_with(
            "sed: option '--s' is ambiguous; possibilities: '--silent' '--sandbox' '--separate'\nUsage: sed"
        ));
        assert_eq!(parse(&argv("-n")).unwrap_err().stderr, USAGE);
        let o = parse(&argv("-ubl 5 --follow p")).unwrap();
        assert_eq!(o.scripts, vec![Script::Text("p".into())]);
        let err = parse(&argv("--zero p")).unwrap_err();
        assert_eq!(
            (err.stderr, err.status),
            (
                "netbook: sed --zero-terminated is not simulated\n".into(),
                1
            )
        );
    }
}
