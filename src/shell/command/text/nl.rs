//! `nl` (GNU coreutils 9.1): numbers the lines of the body. Logical
//! pages (the `\:` section lines) are not simulated: input with one is
//! refused, so `-h`, `-f` and `-p`, which only act on sections, change
//! nothing and are read and checked only.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::read_inputs;
use super::sed::bre_to_ere;
use crate::shell::budget;
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::{usage_error, GnuArgs};
use crate::shell::command::{not_simulated, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "nl",
    summary: "number lines of files",
    summary_ko: "줄 번호를 붙여 출력합니다 (-b a: 빈 줄도, -w 폭, -s 구분자)",
    usage: "nl [-b a|t|n|pBRE] [-n ln|rn|rz] [-w WIDTH] [-s SEP] [-v START] [-i INCR] [FILE]...",
    run: nl,
    complete: Some(crate::shell::command::coreutils::complete_paths),
}];

/// Which lines get a number.
#[derive(Debug, Clone, Default)]
enum Style {
    All,
    #[default]
    NonEmpty,
    None,
    Matching(regex_lite::Regex),
}

/// How the number is laid out in its field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Format {
    Left,
    #[default]
    Right,
    Zeros,
}

#[derive(Debug, Clone, Copy)]
enum Key {
    Body,
    Header,
    Footer,
    Format,
    Width,
    Sep,
    Start,
    Incr,
}

/// An `nl` command line.
#[derive(Debug)]
struct NlArgs {
    body: Style,
    format: Format,
    width: usize,
    sep: String,
    start: i64,
    incr: i64,
    files: Vec<String>,
}

impl Default for NlArgs {
    fn default() -> Self {
        NlArgs {
            body: Style::NonEmpty,
            format: Format::Right,
            width: 6,
            sep: "\t".into(),
            start: 1,
            incr: 1,
            files: Vec::new(),
        }
    }
}

/// A numbering style, or nl's complaint about `what`.
fn style(s: &str, what: &str) -> Result<Style, CmdOutput> {
    let bad = || usage_error("nl", &format!("invalid {what} numbering style: '{s}'"), 1);
    match s {
        "a" => Ok(Style::All),
        "t" => Ok(Style::NonEmpty),
        "n" => Ok(Style::None),
        _ => match s.strip_prefix('p') {
            Some(bre) => regex_lite::Regex::new(&bre_to_ere(bre))
                .map(Style::Matching)
                .map_err(|_| bad()),
            None => Err(bad()),
        },
    }
}

/// gnulib's `xdectoimax` for `-w`, `-v`, `-i`: digits in `min..`.
fn number(s: &str, min: i64, what: &str) -> Result<i64, CmdOutput> {
    // gnulib dies here without the Try line of a usage error.
    let fail = |tail: &str| CmdOutput::error(1, format!("nl: invalid {what}: '{s}'{tail}\n"));
    match s.trim_start().parse::<i64>() {
        Ok(n) if n >= min => Ok(n),
        Ok(_) => Err(fail(": Numerical result out of range")),
        Err(_) => Err(fail("")),
    }
}

impl GnuArgs for NlArgs {
    type Key = Key;
    const TOOL: &'static str = "nl";
    const OPTS: &'static [Opt<Key>] = &[
        Opt::with_value('b', "body-numbering", Key::Body),
        Opt::with_value('h', "header-numbering", Key::Header),
        Opt::with_value('f', "footer-numbering", Key::Footer),
        Opt::with_value('n', "number-format", Key::Format),
        Opt::with_value('w', "number-width", Key::Width),
        Opt::with_value('s', "number-separator", Key::Sep),
        Opt::with_value('v', "starting-line-number", Key::Start),
        Opt::with_value('i', "line-increment", Key::Incr),
        // Sections are refused, so not renumbering them changes nothing.
        Form::flag('p', "no-renumber").ignored(),
        Form::with_value('d', "section-delimiter").refused(),
        Form::with_value('l', "join-blank-lines").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        let Item::Value(key, v) = item else {
            if let Item::Operand(f) = item {
                self.files.push(f);
            }
            return Ok(());
        };
        match key {
            Key::Body => self.body = style(&v, "body")?,
            Key::Header => drop(style(&v, "header")?),
            Key::Footer => drop(style(&v, "footer")?),
            Key::Format => {
                self.format = match v.as_str() {
                    "ln" => Format::Left,
                    "rn" => Format::Right,
                    "rz" => Format::Zeros,
                    _ => {
                        let msg = format!("invalid line numbering format: '{v}'");
                        return Err(usage_error("nl", &msg, 1));
                    }
                }
            }
            Key::Width => {
                self.width = number(&v, 1, "line number field width")? as usize;
            }
            Key::Sep => self.sep = v,
            Key::Start => self.start = number(&v, i64::MIN, "starting line number")?,
            Key::Incr => self.incr = number(&v, i64::MIN, "line number increment")?,
        }
        Ok(())
    }
}

/// The number in its field.
fn field(n: i64, a: &NlArgs) -> String {
    let w = a.width;
    match a.format {
        Format::Left => format!("{n:<w$}"),
        Format::Right => format!("{n:>w$}"),
        Format::Zeros => format!("{n:0w$}"),
    }
}

/// `nl [OPTION]... [FILE]...`
pub fn nl(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match NlArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "nl", &a.files, &mut out);
    // A field wider than a pipe holds could not be written once.
    if a.width + a.sep.len() > budget::PIPE_CAP && !text.is_empty() {
        return CmdOutput::error(1, budget::too_big("nl"));
    }
    let blank = " ".repeat(a.width + a.sep.len());
    let mut n = a.start;
    for line in text.lines() {
        if matches!(line, "\\:\\:\\:" | "\\:\\:" | "\\:") {
            return not_simulated("nl", "logical page sections (\\:)", 1);
        }
        let numbered = match &a.body {
            Style::All => true,
            Style::NonEmpty => !line.is_empty(),
            Style::None => false,
            Style::Matching(re) => re.is_match(line),
        };
        if numbered {
            out.stdout.push_str(&field(n, &a));
            out.stdout.push_str(&a.sep);
            n = n.wrapping_add(a.incr);
        } else {
            out.stdout.push_str(&blank);
        }
        out.stdout.push_str(line);
        out.stdout.push('\n');
        if out.stdout.len() > budget::PIPE_CAP {
            out.stdout.clear();
            out.stderr.push_str(&budget::too_big("nl"));
            out.status = 1;
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn numbers_the_body() {
        let mut w = crate::sim::World::new();
        let run = |w: &mut crate::sim::World, line: &str| {
            let argv: Vec<&str> = ["nl"].into_iter().chain(line.split_whitespace()).collect();
            crate::shell::command::run_words(w, None, Some("a\n\nb"), &argv).stdout
        };
        assert_eq!(run(&mut w, ""), "     1\ta\n       \n     2\tb\n");
        assert_eq!(run(&mut w, "-ba -w3 -s:"), "  1:a\n  2:\n  3:b\n");
        assert_eq!(run(&mut w, "-n rz -w3 -v 9 -i 2"), "009\ta\n    \n011\tb\n");
        assert_eq!(run(&mut w, "-bpb -nln -w2"), "   a\n   \n1 \tb\n");
    }

    #[test]
    fn refuses_and_complains() {
        for (line, err) in [
            (
                "-b x",
                "nl: invalid body numbering style: 'x'\nTry 'nl --help' for more information.\n",
            ),
            (
                "-w 0",
                "nl: invalid line number field width: '0': Numerical result out of range\n",
            ),
            ("-w x", "nl: invalid line number field width: 'x'\n"),
            ("-l 2", "netbook: nl -l is not simulated\n"),
        ] {
            assert_eq!(
                NlArgs::parse(&words(line)).unwrap_err().stderr,
                err,
                "{line}"
            );
        }
    }
}
