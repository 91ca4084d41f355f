//! `echo` (bash's builtin) and `printf` (coreutils', as reached through
//! `sudo` or `xargs`; the shell has its own). Neither uses getopt: echo
//! reads leading words made only of `-n`/`-e`/`-E` letters, printf only
//! skips a leading `--`; both still become a typed value first.

use super::escapes::{decode, Escapes, Flow};
use super::printf::{self as engine, Dialect};
use crate::shell::command::{CmdOutput, Ctx};

/// What `echo` was asked to print.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EchoArgs {
    newline: bool,
    escapes: bool,
    words: Vec<String>,
}

/// bash's echo: leading words of `-` and only n/e/E letters are options
/// (`--` is a word like any other).
fn parse_echo(args: &[String]) -> EchoArgs {
    let mut o = EchoArgs {
        newline: true,
        escapes: false,
        words: Vec::new(),
    };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let letters = match a.strip_prefix('-') {
            Some(l) if !l.is_empty() && l.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) => l,
            _ => break,
        };
        for c in letters.chars() {
            match c {
                'n' => o.newline = false,
                'e' => o.escapes = true,
                _ => o.escapes = false,
            }
        }
        i += 1;
    }
    o.words = args[i..].to_vec();
    o
}

/// `echo [-neE] [STRING]...`
pub fn echo(_: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = parse_echo(args);
    let text = o.words.join(" ");
    let mut s = String::new();
    let go_on = if o.escapes {
        decode(&text, Escapes::Echo, &mut s, &mut Vec::new()) == Flow::Go
    } else {
        s = text;
        true
    };
    if go_on && o.newline {
        s.push('\n');
    }
    CmdOutput::text(s)
}

/// What `printf` was asked to print.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PrintfArgs {
    format: String,
    args: Vec<String>,
}

/// The shell runs its own printf builtin; this command is what `sudo`,
/// `xargs` or `ip netns exec` reach, coreutils' printf: no options but a
/// leading `--` and a lone `--help`/`--version` (`printf -x` prints -x).
fn parse_printf(args: &[String]) -> Result<PrintfArgs, CmdOutput> {
    if let [only] = args {
        if only == "--help" || only == "--version" {
            return Err(CmdOutput::usage(
                1,
                format!("netbook: printf {only} is not simulated\n"),
            ));
        }
    }
    let rest = match args.split_first() {
        Some((dashes, rest)) if dashes == "--" => rest,
        _ => args,
    };
    match rest.split_first() {
        Some((format, args)) => Ok(PrintfArgs {
            format: format.clone(),
            args: args.to_vec(),
        }),
        None => Err(CmdOutput::usage(
            1,
            "printf: missing operand\nTry 'printf --help' for more information.\n",
        )),
    }
}

/// coreutils' `printf FORMAT [ARGUMENT]...`
pub fn printf(_: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_printf(args).map_or_else(|e| e, |o| run_printf(&o))
}

fn run_printf(o: &PrintfArgs) -> CmdOutput {
    let p = engine::printf(Dialect::Coreutils, &o.format, &o.args);
    CmdOutput {
        status: p.status,
        stdout: p.out,
        stderr: p.err,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn echo_options_are_leading_nee_words() {
        let o = parse_echo(&argv(&["-ne", "-x", "-n"]));
        assert_eq!((o.newline, o.escapes), (false, true));
        assert_eq!(o.words, argv(&["-x", "-n"]));
        assert_eq!(parse_echo(&argv(&["--", "-n"])).words, argv(&["--", "-n"]));
    }

    #[test]
    fn printf_options() {
        let format = |a: &[&str]| parse_printf(&argv(a)).map(|o| o.format);
        assert_eq!(format(&["--", "-x"]).unwrap(), "-x");
        assert_eq!(format(&["-x"]).unwrap(), "-x");
        assert_eq!(format(&["--", "--"]).unwrap(), "--");
        assert_eq!(format(&["--"]).unwrap_err().status, 1);
        assert_eq!(format(&["--help"]).unwrap_err().status, 1);
    }
}
