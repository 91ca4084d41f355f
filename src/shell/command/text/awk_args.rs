//! gawk 5.2's command line: its option table (read in order, as gawk's
//! `+` option string asks: the program's own arguments are never awk's),
//! its usage text and the typed value `awk` runs.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{self, ArgError, Form, Item, Opt};
use crate::shell::command::CmdOutput;

/// gawk's usage, printed on stderr after a mistake (exit 1).
pub const USAGE: &str = "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...
Usage: awk [POSIX or GNU style options] [--] 'program' file ...
POSIX options:\t\tGNU long options: (standard)
\t-f progfile\t\t--file=progfile
\t-F fs\t\t\t--field-separator=fs
\t-v var=val\t\t--assign=var=val
Short options:\t\tGNU long options: (extensions)
\t-b\t\t\t--characters-as-bytes
\t-c\t\t\t--traditional
\t-C\t\t\t--copyright
\t-d[file]\t\t--dump-variables[=file]
\t-D[file]\t\t--debug[=file]
\t-e 'program-text'\t--source='program-text'
\t-E file\t\t\t--exec=file
\t-g\t\t\t--gen-pot
\t-h\t\t\t--help
\t-i includefile\t\t--include=includefile
\t-I\t\t\t--trace
\t-l library\t\t--load=library
\t-L[fatal|invalid|no-ext]\t--lint[=fatal|invalid|no-ext]
\t-M\t\t\t--bignum
\t-N\t\t\t--use-lc-numeric
\t-n\t\t\t--non-decimal-data
\t-o[file]\t\t--pretty-print[=file]
\t-O\t\t\t--optimize
\t-p[file]\t\t--profile[=file]
\t-P\t\t\t--posix
\t-r\t\t\t--re-interval
\t-s\t\t\t--no-optimize
\t-S\t\t\t--sandbox
\t-t\t\t\t--lint-old
\t-V\t\t\t--version

To report bugs, use the `gawkbug' program.
For full instructions, see the node `Bugs' in `gawk.info'
which is section `Reporting Problems and Bugs' in the
printed version.  This same information may be found at
https://www.gnu.org/software/gawk/manual/html_node/Bugs.html.
PLEASE do NOT try to report bugs by posting in comp.lang.awk,
or by using a web forum such as Stack Overflow.

gawk is a pattern scanning and processing language.
By default it reads standard input and writes standard output.

Examples:
\tawk '{ sum += $1 }; END { print sum }' file
\tawk -F: '{ print $1 }' /etc/passwd
";

/// Where the program text comes from, in argv order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `-e TEXT` / `--source=TEXT`.
    Text(String),
    /// `-f FILE`, read when awk runs.
    File(String),
}

/// What `awk` was asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwkArgs {
    /// `-F FS`, as written (escapes are the interpreter's to read).
    pub fs: Option<String>,
    /// `-v VAR=VALUE`, in order.
    pub assigns: Vec<(String, String)>,
    /// `-f` and `-e` pieces; empty when the first operand is the program.
    pub sources: Vec<Source>,
    /// The program (unless `sources`), then files and `VAR=VALUE` words.
    pub operands: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum A {
    Fs,
    Assign,
    File,
    Source,
}

/// gawk 5.2's options.
const AWK_OPTS: &[Opt<A>] = &[
    Opt::with_value('F', "field-separator", A::Fs),
    Opt::with_value('f', "file", A::File),
    Opt::with_value('v', "assign", A::Assign),
    Opt::with_value('e', "source", A::Source),
    Form::flag('b', "characters-as-bytes").refused(),
    Form::flag('c', "traditional").refused(),
    Form::flag('C', "copyright").refused(),
    Form::optional('d', "dump-variables").refused(),
    Form::optional('D', "debug").refused(),
    Form::with_value('E', "exec").refused(),
    Form::flag('g', "gen-pot").refused(),
    Form::flag('h', "help").refused(),
    Form::with_value('i', "include").refused(),
    Form::flag('I', "trace").refused(),
    Form::with_value('l', "load").refused(),
    Form::optional('L', "lint").refused(),
    Form::flag('M', "bignum").refused(),
    Form::flag('N', "use-lc-numeric").refused(),
    Form::flag('n', "non-decimal-data").refused(),
    Form::optional('o', "pretty-print").refused(),
    Form::flag('O', "optimize").refused(),
    Form::optional('p', "profile").refused(),
    Form::flag('P', "posix").refused(),
    Form::flag('r', "re-interval").refused(),
    Form::flag('s', "no-optimize").refused(),
    Form::flag('S', "sandbox").refused(),
    Form::flag('t', "lint-old").refused(),
    Form::flag('V', "version").refused(),
    Form::long("nostalgia").refused(),
    Form::optional('T', "persist").refused(),
    Form::value('W').refused(),
];

fn usage(first: &str) -> CmdOutput {
    CmdOutput::usage(1, format!("{first}{USAGE}"))
}

/// awk's argv as a typed value, with gawk's messages for mistakes.
pub fn parse(argv: &[String]) -> Result<AwkArgs, CmdOutput> {
    let items = args::parse_in_order(AWK_OPTS, argv).map_err(|e| match e {
        // gawk words this one itself, the POSIX way (no quotes).
        ArgError::ShortNeedsValue(c) => {
            usage(&format!("awk: option requires an argument -- {c}\n"))
        }
        ArgError::LongNeedsValue(name) => {
            let c = AWK_OPTS
                .iter()
                .find(|o| o.form.long == Some(name))
                .and_then(|o| o.form.short)
                .unwrap_or('?');
            usage(&format!("awk: option requires an argument -- {c}\n"))
        }
        e @ ArgError::NotSimulated(_) => CmdOutput::usage(1, e.message("awk")),
        // Other mistakes are silent but for the usage.
        _ => usage(""),
    })?;
    let mut o = AwkArgs::default();
    for item in items {
        match item {
            Item::Operand(a) => o.operands.push(a),
            Item::Value(A::Fs, fs) => o.fs = Some(fs),
            Item::Value(A::Assign, a) => {
                let Some((name, value)) = a.split_once('=') else {
                    return Err(usage(&format!(
                        "awk: `{a}' argument to `-v' not in `var=value' form\n\n"
                    )));
                };
                let legal = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !legal {
                    return Err(CmdOutput::usage(
                        2,
                        format!("awk: fatal: `{name}' is not a legal variable name\n"),
                    ));
                }
                o.assigns.push((name.to_string(), value.to_string()));
            }
            Item::Value(A::File, f) => o.sources.push(Source::File(f)),
            Item::Value(A::Source, t) => o.sources.push(Source::Text(t)),
            Item::Flag(_) => {}
        }
    }
    if o.sources.is_empty() && o.operands.is_empty() {
        return Err(usage(""));
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn options_stop_at_the_program() {
        let o = parse(&argv(&["-F:", "-vX=1", "{print}", "-F", "f"])).unwrap();
        assert_eq!(o.fs.as_deref(), Some(":"));
        assert_eq!(o.assigns, vec![("X".into(), "1".into())]);
        assert_eq!(o.operands, argv(&["{print}", "-F", "f"]));
        let o = parse(&argv(&["--field-sep", ":", "--assign=y=2", "-e", "1"])).unwrap();
        assert_eq!(o.sources, vec![Source::Text("1".into())]);
        let e = parse(&argv(&["-f"])).unwrap_err();
        assert!(e
            .stderr
            .starts_with("awk: option requires an argument -- f\nUsage: awk"));
        assert_eq!(parse(&argv(&["--file"])).unwrap_err().stderr, e.stderr);
        assert_eq!(parse(&argv(&[])).unwrap_err().stderr, USAGE);
        assert_eq!(parse(&argv(&["-v", "1x=2", "1"])).unwrap_err().status, 2);
        let e = parse(&argv(&["-F:", "--dump=f", "1"])).unwrap_err();
        assert_eq!(
            (e.stderr, e.status),
            ("netbook: awk --dump-variables is not simulated\n".into(), 1)
        );
    }
}
