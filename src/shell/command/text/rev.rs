//! `rev` (util-linux 2.38): each line's characters in reverse order.
//! It opens its operands itself: `-` is a file name, not stdin.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Command, Ctx};
use crate::sim::stack::fs::FsError;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "rev",
    summary: "reverse lines characterwise",
    summary_ko: "각 줄의 글자 순서를 거꾸로 뒤집습니다",
    usage: "rev [FILE]...",
    run: rev,
    complete: Some(crate::shell::command::coreutils::complete_paths),
}];

/// A `rev` command line.
#[derive(Debug, Default)]
struct RevArgs {
    files: Vec<String>,
}

impl GnuArgs for RevArgs {
    type Key = ();
    const TOOL: &'static str = "rev";
    const OPTS: &'static [Opt<()>] = &[
        Form::flag('h', "help").refused(),
        Form::flag('V', "version").refused(),
    ];

    fn take(&mut self, item: Item<()>) -> Result<(), CmdOutput> {
        if let Item::Operand(f) = item {
            self.files.push(f);
        }
        Ok(())
    }
}

/// Each line of `text` reversed; the newlines stay where they are.
fn reverse_lines(text: &str, out: &mut String) {
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        out.extend(body.chars().rev());
        if body.len() < line.len() {
            out.push('\n');
        }
    }
}

/// `rev [FILE]...`
pub fn rev(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match RevArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    if a.files.is_empty() {
        reverse_lines(ctx.stdin.as_deref().unwrap_or(""), &mut out.stdout);
        return out;
    }
    for f in &a.files {
        let text = match f.as_str() {
            "/dev/null" => Ok(String::new()),
            _ => ctx.world.read_file(ctx.netns.as_deref(), f),
        };
        match text {
            Ok(t) => reverse_lines(&t, &mut out.stdout),
            Err(FsError::NotFound(_)) => {
                out.stderr.push_str(&format!(
                    "rev: cannot open {f}: No such file or directory\n"
                ));
                out.status = 1;
            }
            Err(e) => {
                out.stderr.push_str(&format!("rev: {e}\n"));
                out.status = 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reverses_each_line() {
        let mut s = String::new();
        super::reverse_lines("abc\nde", &mut s);
        assert_eq!(s, "cba\ned");
        let mut w = crate::sim::World::new();
        let o = crate::shell::command::run_words(&mut w, None, None, &["rev", "-", "/x"]);
        assert_eq!(
            (o.status, o.stderr.as_str()),
            (
                1,
                "rev: cannot open -: No such file or directory\nrev: cannot open /x: No such file or directory\n"
            )
        );
    }
}
