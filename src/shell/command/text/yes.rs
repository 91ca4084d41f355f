//! `yes` (GNU coreutils 9.1), bounded. Linux's `yes` writes until its
//! reader closes the pipe (then SIGPIPE ends it, status 141) or until
//! Ctrl-C on a terminal. netbook runs a pipe's stages one after the
//! other, so `yes` writes a fixed amount: enough for `yes | head -n
//! 100000`, then it ends as SIGPIPE would end it, with a hint saying so;
//! on a terminal it stops with a message instead of flooding the cell.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "yes",
    summary: "output a string repeatedly (bounded in netbook)",
    summary_ko: "문자열(기본 y)을 반복해서 출력합니다 (netbook에서는 양이 정해져 있음)",
    usage: "yes [STRING]...",
    run: yes,
    complete: None,
}];

/// Bytes `yes` writes into a pipe or file (two million `y` lines).
const PIPED_CAP: usize = 4 << 20;

/// Lines `yes` shows on a terminal before it stops.
const SHOWN_LINES: usize = 1000;

/// The words to repeat.
#[derive(Debug, Default)]
struct YesArgs {
    words: Vec<String>,
}

impl GnuArgs for YesArgs {
    type Key = ();
    const TOOL: &'static str = "yes";
    /// Only `--help` and `--version` (and `--`): `yes -x` is an error.
    const OPTS: &'static [Opt<()>] = &[
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<()>) -> Result<(), CmdOutput> {
        if let Item::Operand(w) = item {
            self.words.push(w);
        }
        Ok(())
    }
}

/// The line and how many times it is written: one pipe's worth, or
/// [`SHOWN_LINES`] on a terminal.
fn plan(words: &[String], terminal: bool) -> (String, usize) {
    let line = match words {
        [] => "y\n".to_string(),
        _ => format!("{}\n", words.join(" ")),
    };
    let times = match terminal {
        true => SHOWN_LINES,
        false => (PIPED_CAP / line.len()).max(1),
    };
    (line, times)
}

/// `yes [STRING]...`
pub fn yes(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match YesArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let terminal = ctx.live.is_some();
    let (line, times) = plan(&a.words, terminal);
    let stdout = line.repeat(times);
    if terminal {
        return CmdOutput {
            status: 130,
            stdout,
            stderr: format!(
                "netbook: yes stops after {SHOWN_LINES} lines (on Linux it prints until Ctrl-C)\n"
            ),
            ..Default::default()
        };
    }
    CmdOutput {
        // What SIGPIPE leaves once the reader has had enough.
        status: 141,
        stdout,
        ..Default::default()
    }
    .with_hint(&format!(
        "netbook's yes writes {} MiB into a pipe or file, then ends as SIGPIPE would end it (on Linux it writes until the reader stops reading)",
        PIPED_CAP >> 20
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn bounded_either_way() {
        let (line, n) = plan(&words("a b"), false);
        assert_eq!((line.as_str(), n), ("a b\n", PIPED_CAP / 4));
        let long = ["x".repeat(PIPED_CAP * 2)];
        assert_eq!(plan(&long, false).1, 1);
        assert_eq!(plan(&[], true), ("y\n".into(), SHOWN_LINES));
        let e = YesArgs::parse(&words("-x")).unwrap_err();
        assert_eq!(
            e.stderr,
            "yes: invalid option -- 'x'\nTry 'yes --help' for more information.\n"
        );
        assert_eq!(YesArgs::parse(&words("-- -x")).unwrap().words, ["-x"]);
    }

    #[test]
    fn a_pipe_to_head_ends() {
        let mut s = crate::shell::Session::new();
        let t = s.run_terminal("yes | head -3; yes no | head -n 2");
        assert_eq!(t.stdout, "y\ny\ny\nno\nno\n");
    }

    #[test]
    fn hints_speak_korean() {
        use crate::display::i18n::{hints::hint, with_lang, Lang};
        let mut w = crate::sim::World::new();
        let yes = crate::shell::command::run_words(&mut w, None, None, &["yes"]);
        let ln = crate::shell::command::run_words(&mut w, None, None, &["ln", "a", "b"]);
        for h in yes.hints.iter().chain(&ln.hints) {
            assert_ne!(&with_lang(Lang::Ko, || hint(h)), h);
        }
        assert_eq!(yes.status, 141);
    }
}
