//! `tac` (GNU coreutils 9.1): each file's records in reverse order. A
//! record ends with its separator (`-s`, newline by default), or starts
//! with it under `-b`; `-r` makes the separator a regex, searched from
//! the end as GNU tac does (Emacs syntax: `\|`, `\(`, `\)`, `+`, `?`).

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::coreutils::read_operand;
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "tac",
    summary: "concatenate and print files in reverse",
    summary_ko: "파일의 줄을 마지막 줄부터 거꾸로 출력합니다",
    usage: "tac [OPTION]... [FILE]...",
    run: tac,
    complete: Some(crate::shell::command::coreutils::complete_paths),
}];

#[derive(Debug, Clone, Copy)]
enum TacOpt {
    Before,
    Regex,
    Separator,
}

/// A `tac` command line.
#[derive(Debug)]
struct TacArgs {
    before: bool,
    regex: bool,
    separator: String,
    files: Vec<String>,
}

impl Default for TacArgs {
    fn default() -> Self {
        TacArgs {
            before: false,
            regex: false,
            separator: "\n".into(),
            files: Vec::new(),
        }
    }
}

impl GnuArgs for TacArgs {
    type Key = TacOpt;
    const TOOL: &'static str = "tac";
    const OPTS: &'static [Opt<TacOpt>] = &[
        Opt::flag('b', "before", TacOpt::Before),
        Opt::flag('r', "regex", TacOpt::Regex),
        Opt::with_value('s', "separator", TacOpt::Separator),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<TacOpt>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.files.push(f),
            Item::Flag(TacOpt::Before) => self.before = true,
            Item::Flag(TacOpt::Regex) => self.regex = true,
            Item::Value(_, v) => self.separator = v,
            Item::Flag(TacOpt::Separator) => {}
        }
        Ok(())
    }
}

/// How one input is cut into records.
enum Sep {
    Text(String),
    Regex(regex_lite::Regex),
}

/// GNU regex's Emacs syntax (tac's) as a Rust regex.
fn emacs_to_rust(p: &str) -> String {
    let mut o = String::new();
    let mut it = p.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some(c @ ('(' | ')' | '|')) => o.push(c),
                Some(c) => o.push_str(&regex_lite::escape(&c.to_string())),
                None => o.push_str("\\\\"),
            },
            '(' | ')' | '|' | '{' | '}' => o.push_str(&regex_lite::escape(&c.to_string())),
            _ => o.push(c),
        }
    }
    o
}

/// The separators' spans, found from the end as GNU tac does: the match
/// that starts last, kept within what the previous one left.
fn separators(text: &str, sep: &Sep) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    match sep {
        Sep::Text(s) if s.is_empty() => {}
        Sep::Text(s) => {
            let mut limit = text.len();
            while let Some(i) = text[..limit].rfind(s.as_str()) {
                found.push((i, i + s.len()));
                limit = i;
            }
        }
        Sep::Regex(re) => {
            let mut limit = text.len();
            let mut p = limit;
            while p > 0 {
                p -= 1;
                if !text.is_char_boundary(p) {
                    continue;
                }
                if let Some(m) = re.find(&text[p..limit]) {
                    found.push((p, p + m.end()));
                    limit = p;
                }
            }
        }
    }
    found.reverse();
    found
}

/// `text`'s records in reverse order.
fn reverse_records(text: &str, sep: &Sep, before: bool, out: &mut String) {
    let cuts: Vec<usize> = separators(text, sep)
        .into_iter()
        .map(|(s, e)| if before { s } else { e })
        .filter(|&c| c > 0 && c < text.len())
        .collect();
    let mut end = text.len();
    for &c in cuts.iter().rev() {
        out.push_str(&text[c..end]);
        end = c;
    }
    out.push_str(&text[..end]);
}

/// `tac [-b] [-r] [-s SEP] [FILE]...`
pub fn tac(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match TacArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let sep = if a.regex && !a.separator.is_empty() {
        let re = format!("^(?:{})", emacs_to_rust(&a.separator));
        match regex_lite::Regex::new(&re) {
            // A separator that matches nothing cuts GNU tac's input in
            // ways of its own: refused rather than guessed.
            Ok(r) if r.is_match("") => {
                return CmdOutput::error(
                    1,
                    "netbook: tac -r with a separator that can match the empty string is not simulated\n",
                );
            }
            Ok(r) => Sep::Regex(r),
            Err(_) => {
                let opened = a.separator.matches("\\(").count();
                let msg = if opened != a.separator.matches("\\)").count() {
                    "Unmatched ( or \\("
                } else {
                    "Invalid regular expression"
                };
                return CmdOutput::error(1, format!("tac: {msg}\n"));
            }
        }
    } else {
        Sep::Text(a.separator.clone())
    };
    let mut out = CmdOutput::default();
    let files = if a.files.is_empty() {
        vec!["-".to_string()]
    } else {
        a.files.clone()
    };
    let mut stdin_read = false;
    let mut total = 0usize;
    for f in &files {
        match read_operand(ctx, f, &mut stdin_read) {
            Ok(t) if total + t.len() > crate::shell::budget::PIPE_CAP => {
                out.stderr.push_str(&crate::shell::budget::too_big("tac"));
                out.status = 1;
                break;
            }
            Ok(t) => {
                total += t.len();
                reverse_records(&t, &sep, a.before, &mut out.stdout);
            }
            Err(e) => {
                let why = e.strip_prefix(&format!("{f}: ")).unwrap_or(&e);
                let line = if why == "Is a directory" {
                    // tac seeks in a file it reads: on a directory the seek fails.
                    format!("tac: {f}: read error: Invalid argument\n")
                } else {
                    format!("tac: failed to open '{f}' for reading: {why}\n")
                };
                out.stderr.push_str(&line);
                out.status = 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_reverse_as_gnu_tac() {
        let re = |p: &str| {
            Sep::Regex(regex_lite::Regex::new(&format!("^(?:{})", emacs_to_rust(p))).unwrap())
        };
        let text = |s: &str| Sep::Text(s.to_string());
        for (input, sep, before, want) in [
            ("a\nb\n", text("\n"), false, "b\na\n"),
            ("a\nb", text("\n"), false, "ba\n"),
            ("a\nb\n", text("\n"), true, "\n\nba"),
            ("a:b:c:", text(":"), true, "::c:ba"),
            ("a1b22c", text("2"), false, "c2a1b2"),
            ("ab", text(""), false, "ab"),
            ("a1b22c", re("[0-9][0-9]*"), false, "c2b2a1"),
            ("a1b22c", re("[0-9]\\+"), false, "a1b22c"),
            ("a1b22c", re("b\\|1"), false, "22cba1"),
            ("a1b22c", re("[0-9]"), true, "2c21ba"),
        ] {
            let mut out = String::new();
            reverse_records(input, &sep, before, &mut out);
            assert_eq!(out, want, "{input:?}");
        }
    }
}
