//! `paste` (GNU coreutils 9.1): the lines of its inputs side by side
//! (or, with `-s`, each input on one line), joined by the delimiters of
//! `-d` in turn. `-` operands share standard input, a line each in turn.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::coreutils::read_operand;
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "paste",
    summary: "merge lines of files",
    summary_ko: "여러 파일의 줄을 나란히 붙입니다 (-d 구분자, -s 한 줄로)",
    usage: "paste [-s] [-d LIST] [FILE]...",
    run: paste,
    complete: Some(crate::shell::command::coreutils::complete_paths),
}];

#[derive(Debug, Clone, Copy)]
enum Key {
    Delims,
    Serial,
}

/// A `paste` command line.
#[derive(Debug)]
struct PasteArgs {
    /// The delimiters, used in turn; an empty one (`\0`) is no delimiter.
    delims: Vec<String>,
    serial: bool,
    files: Vec<String>,
}

impl Default for PasteArgs {
    fn default() -> Self {
        PasteArgs {
            delims: vec!["\t".into()],
            serial: false,
            files: Vec::new(),
        }
    }
}

/// `-d LIST` with its escapes; a backslash at the end is an error.
fn delimiters(list: &str) -> Result<Vec<String>, CmdOutput> {
    let mut out = Vec::new();
    let mut chars = list.chars();
    while let Some(c) = chars.next() {
        let d = match c {
            '\\' => match chars.next() {
                Some('n') => "\n".to_string(),
                Some('t') => "\t".to_string(),
                Some('b') => "\u{8}".to_string(),
                Some('f') => "\u{c}".to_string(),
                Some('r') => "\r".to_string(),
                Some('v') => "\u{b}".to_string(),
                Some('0') => String::new(),
                Some(other) => other.to_string(),
                None => {
                    return Err(CmdOutput::error(
                        1,
                        format!("paste: delimiter list ends with an unescaped backslash: {list}\n"),
                    ))
                }
            },
            c => c.to_string(),
        };
        out.push(d);
    }
    Ok(out)
}

impl GnuArgs for PasteArgs {
    type Key = Key;
    const TOOL: &'static str = "paste";
    const OPTS: &'static [Opt<Key>] = &[
        Opt::with_value('d', "delimiters", Key::Delims),
        Opt::flag('s', "serial", Key::Serial),
        Form::flag('z', "zero-terminated").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.files.push(f),
            Item::Flag(_) => self.serial = true,
            Item::Value(_, list) => self.delims = delimiters(&list)?,
        }
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        if self.files.is_empty() {
            self.files.push("-".into());
        }
        Ok(self)
    }
}

/// The delimiter after column `i` (`-d ''` is no delimiter at all).
fn delim(a: &PasteArgs, i: usize) -> &str {
    match a.delims.len() {
        0 => "",
        n => &a.delims[i % n],
    }
}

/// `paste [-s] [-d LIST] [FILE]...`
pub fn paste(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match PasteArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    // paste opens every input before it writes anything.
    let stdin = ctx.stdin.clone().unwrap_or_default();
    let mut texts = Vec::new();
    let mut unused = false;
    for f in &a.files {
        match f.as_str() {
            "-" => texts.push(None),
            _ => match read_operand(ctx, f, &mut unused) {
                Ok(t) => texts.push(Some(t)),
                Err(e) => return CmdOutput::error(1, format!("paste: {e}\n")),
            },
        }
    }
    let mut shared = stdin.lines();
    if a.serial {
        for t in &texts {
            let lines: Vec<&str> = match t {
                Some(t) => t.lines().collect(),
                None => shared.by_ref().collect(),
            };
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    out.stdout.push_str(delim(&a, i - 1));
                }
                out.stdout.push_str(l);
            }
            out.stdout.push('\n');
        }
        return out;
    }
    let mut own: Vec<_> = texts.iter().map(|t| t.as_deref().map(str::lines)).collect();
    loop {
        let mut row = String::new();
        let mut any = false;
        for (i, src) in own.iter_mut().enumerate() {
            let line = match src {
                Some(lines) => lines.next(),
                None => shared.next(),
            };
            any |= line.is_some();
            row.push_str(line.unwrap_or(""));
            if i + 1 < texts.len() {
                row.push_str(delim(&a, i));
            }
        }
        if !any {
            return out;
        }
        out.stdout.push_str(&row);
        out.stdout.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn delimiter_lists() {
        assert_eq!(delimiters("a\\n\\0,").unwrap(), ["a", "\n", "", ","]);
        let e = PasteArgs::parse(&words("-d x\\")).unwrap_err();
        assert_eq!(
            e.stderr,
            "paste: delimiter list ends with an unescaped backslash: x\\\n"
        );
        let e = PasteArgs::parse(&words("-z")).unwrap_err();
        assert_eq!(e.stderr, "netbook: paste -z is not simulated\n");
    }

    #[test]
    fn side_by_side_and_serial() {
        let mut w = crate::sim::World::new();
        let run = |w: &mut crate::sim::World, argv: &[&str], stdin: &str| {
            crate::shell::command::run_words(w, None, Some(stdin), argv).stdout
        };
        assert_eq!(run(&mut w, &["paste", "-", "-"], "x\ny"), "x\ty\n");
        assert_eq!(
            run(&mut w, &["paste", "-s", "-d", ":"], "a\nb\nc\n"),
            "a:b:c\n"
        );
        assert_eq!(run(&mut w, &["paste", "-s"], ""), "\n");
        w.fs.write("/tmp/p", "1\n2\n", false).unwrap();
        assert_eq!(
            run(&mut w, &["paste", "-d,", "-", "/tmp/p"], "a\nb\nc\n"),
            "a,1\nb,2\nc,\n"
        );
    }
}
