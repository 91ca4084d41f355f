//! The text tools learners pipe into, GNU-compatible for the options
//! tutorials use: `sed`, `awk`, `cut`, `sort`, `uniq`, `tr`, `tee`, `seq`,
//! `column`, `grep`, `head`, `tail`, `wc`; with them the small tools that
//! print or make files (`echo`, `printf`, `cat`, `ls`, `mkdir`, `touch`).
//! Output and error wording follow GNU coreutils, GNU grep, GNU sed and
//! gawk on Debian; every tool reads its files from the simulated file
//! system as the command's namespace sees it. Each parses its argv into a
//! typed value (the shared getopt table where the real tool uses
//! getopt_long) before it touches anything.

pub mod awk;
pub mod awk_args;
mod awk_builtin;
mod awk_eval;
mod awk_lex;
mod awk_parse;
pub(crate) mod awk_value;
pub mod base64;
pub mod column_fill;
pub mod columns;
pub mod copy;
pub mod escapes;
pub mod expr;
pub mod files;
pub mod grep;
pub mod lines;
pub mod nl;
pub mod paste;
pub mod print;
pub mod printf;
pub mod rev;
pub mod sed;
pub mod sed_args;
pub mod sort;
pub mod tac;
pub mod tools;
pub mod yes;

use super::args::{self, ArgError, Does, Item, Opt};
use super::coreutils::read_operand;
use super::{CmdOutput, Command, Ctx};

/// The commands of this folder.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "echo",
        summary: "display a line of text",
        summary_ko: "한 줄의 텍스트를 출력합니다 (리다이렉션으로 파일에 쓰기)",
        usage: "echo [-n] [-e] [STRING]...",
        run: print::echo,
        complete: None,
    },
    Command {
        name: "printf",
        summary: "format and print data",
        summary_ko: "형식 문자열대로 출력합니다 (%s %d %%, \\n \\t)",
        usage: "printf FORMAT [ARGUMENT]...",
        run: print::printf,
        complete: None,
    },
    Command {
        name: "cat",
        summary: "concatenate files and print on the standard output",
        summary_ko: "파일 내용을 출력합니다",
        usage: "cat [-n] [FILE]...",
        run: files::cat,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "mkdir",
        summary: "make directories",
        summary_ko: "디렉터리를 만듭니다 (-p: 상위 디렉터리까지)",
        usage: "mkdir [-p] DIRECTORY...",
        run: files::mkdir,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "ls",
        summary: "list directory contents",
        summary_ko: "디렉터리 내용을 나열합니다",
        usage: "ls [FILE]...",
        run: files::ls,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "cp",
        summary: "copy files and directories",
        summary_ko: "파일과 디렉터리를 복사합니다",
        usage: "cp [-r] [-p] [-a] [-f] [-n] [-v] [-T] SOURCE DEST | cp SOURCE... DIRECTORY | cp -t DIRECTORY SOURCE...",
        run: copy::cp,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "cmp",
        summary: "compare two files byte by byte",
        summary_ko: "두 파일을 바이트 단위로 비교합니다",
        usage: "cmp [-s] FILE1 [FILE2]",
        run: copy::cmp,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "touch",
        summary: "create empty files",
        summary_ko: "빈 파일을 만듭니다",
        usage: "touch FILE...",
        run: files::touch,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "sed",
        summary: "stream editor for filtering and transforming text",
        summary_ko: "줄 단위로 텍스트를 바꿉니다 (s/찾기/바꾸기/, -n, p, d, -i)",
        usage: "sed [-n] [-E] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...",
        run: sed::run,
        complete: None,
    },
    Command {
        name: "awk",
        summary: "pattern scanning and processing language",
        summary_ko: "필드($1, $2 ...) 단위로 텍스트를 처리합니다",
        usage: "awk [-F FS] [-v VAR=VALUE] 'PROGRAM' [FILE]...",
        run: awk::run,
        complete: None,
    },
    Command {
        name: "gawk",
        summary: "pattern scanning and processing language (GNU awk)",
        summary_ko: "필드($1, $2 ...) 단위로 텍스트를 처리합니다",
        usage: "gawk [-F FS] [-v VAR=VALUE] 'PROGRAM' [FILE]...",
        run: awk::run,
        complete: None,
    },
    Command {
        name: "cut",
        summary: "remove sections from each line of files",
        summary_ko: "각 줄에서 필드(-f)나 문자(-c)를 잘라냅니다",
        usage: "cut -d DELIM -f LIST | -c LIST [FILE]...",
        run: columns::cut,
        complete: None,
    },
    Command {
        name: "column",
        summary: "columnate lists",
        summary_ko: "공백으로 나뉜 열을 표처럼 맞춥니다 (-t)",
        usage: "column -t [-s SEP] [FILE]...",
        run: columns::column,
        complete: None,
    },
    Command {
        name: "sort",
        summary: "sort lines of text",
        summary_ko: "줄을 정렬합니다 (-n 숫자, -r 역순, -k 키, -t 구분자, -u 중복 제거)",
        usage: "sort [-n] [-r] [-u] [-b] [-t SEP] [-k KEY] [FILE]...",
        run: sort::sort,
        complete: None,
    },
    Command {
        name: "uniq",
        summary: "report or omit repeated lines",
        summary_ko: "연속으로 중복된 줄을 합칩니다 (-c 개수, -d 중복만)",
        usage: "uniq [-c] [-d] [-u] [-i] [FILE]",
        run: sort::uniq,
        complete: None,
    },
    Command {
        name: "tr",
        summary: "translate or delete characters",
        summary_ko: "문자를 바꾸거나 지웁니다 (tr a-z A-Z, -d, -s)",
        usage: "tr [-d] [-s] [-c] SET1 [SET2]",
        run: tools::tr,
        complete: None,
    },
    Command {
        name: "tee",
        summary: "read from standard input and write to standard output and files",
        summary_ko: "입력을 화면과 파일에 함께 씁니다 (-a 덧붙이기)",
        usage: "tee [-a] [FILE]...",
        run: tools::tee,
        complete: None,
    },
    Command {
        name: "seq",
        summary: "print a sequence of numbers",
        summary_ko: "숫자 열을 출력합니다 (seq 1 5)",
        usage: "seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST",
        run: tools::seq,
        complete: None,
    },
];

/// [`args::parse`], except that a prefix of several long names that are
/// one option (grep's `--color`/`--colour`) is not ambiguous, as in glibc.
/// Keyless rows are each an option of their own (grep's `--exclude-dir`
/// and `--exclude-from` are both refused, and still two options).
pub(crate) fn parse_merged<K: Copy + PartialEq>(
    table: &[Opt<K>],
    args: &[String],
) -> Result<Vec<Item<K>>, ArgError> {
    let mut argv = args.to_vec();
    loop {
        match args::parse(table, &argv) {
            Err(ArgError::Ambiguous(word, names)) => {
                let key = |n: &str| match table.iter().find(|o| o.form.long == Some(n)) {
                    Some(Opt {
                        does: Does::Key(k), ..
                    }) => Some(*k),
                    _ => None,
                };
                let first = key(names[0]);
                if first.is_none() || names.iter().any(|n| key(n) != first) {
                    return Err(ArgError::Ambiguous(word, names));
                }
                let value = word.split_once('=').map(|(_, v)| format!("={v}"));
                let full = format!("--{}{}", names[0], value.unwrap_or_default());
                match argv.iter_mut().find(|a| **a == word) {
                    Some(a) => *a = full,
                    None => return Err(ArgError::Ambiguous(word, names)),
                }
            }
            r => return r,
        }
    }
}

pub(crate) use super::gnu::{argmatch, opt_error, usage_error};

pub(crate) use super::not_simulated;

/// strerror's text for a failed write of the simulated file system
/// (whose messages are worded as the shell's redirections).
pub(crate) fn write_reason(msg: &str) -> &str {
    if msg.ends_with("Directory nonexistent") {
        "No such file or directory"
    } else {
        msg.rsplit(": ").next().unwrap_or(msg)
    }
}

/// The text of the named files (or stdin when none, or `-`); a missing
/// file is reported as `tool: path: No such file or directory`.
pub(crate) fn read_inputs(ctx: &Ctx, tool: &str, files: &[String], out: &mut CmdOutput) -> String {
    if files.is_empty() {
        return ctx.stdin.clone().unwrap_or_default();
    }
    let mut text = String::new();
    let mut stdin_read = false;
    for f in files {
        match read_operand(ctx, f, &mut stdin_read) {
            Ok(t) => text.push_str(&t),
            Err(e) => {
                // sort names the failed call.
                let call = if tool == "sort" { "cannot read: " } else { "" };
                out.stderr.push_str(&format!("{tool}: {call}{e}\n"));
                out.status = if tool == "sort" { 2 } else { 1 };
            }
        }
    }
    text
}
