//! Line tools: `head`, `tail` (`-n`, `-c`, their signs and the obsolete
//! `-5`/`+2` forms, `==> name <==` headers) and `wc`, worded as GNU
//! coreutils 9.1 words them; `grep` lives in its own file.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{not_simulated, opt_error};
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::coreutils::{complete_paths, read_operand};
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "grep",
        summary: "print lines that match patterns",
        summary_ko: "패턴과 일치하는 줄만 출력합니다",
        usage: "grep [-i] [-v] [-E] [-F] [-o] [-c] [-q] [-n] [-w] PATTERN [FILE]...",
        run: super::grep::grep,
        complete: None,
    },
    Command {
        name: "head",
        summary: "output the first part of files",
        summary_ko: "앞부분 N줄을 출력합니다",
        usage: "head [-n NUM] [-c NUM] [FILE]...",
        run: head,
        complete: Some(complete_paths),
    },
    Command {
        name: "tail",
        summary: "output the last part of files",
        summary_ko: "뒷부분 N줄을 출력합니다",
        usage: "tail [-n [+]NUM] [-c NUM] [FILE]...",
        run: tail,
        complete: Some(complete_paths),
    },
    Command {
        name: "wc",
        summary: "print newline, word, and byte counts",
        summary_ko: "줄/단어/바이트 수를 셉니다",
        usage: "wc [-l] [-w] [-c] [FILE]...",
        run: wc,
        complete: Some(complete_paths),
    },
];

/// What `head` or `tail` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    bytes: bool,
    count: u64,
    /// `head -n -K` (all but the last K), `tail -n +K` (from the K-th).
    other_end: bool,
    /// `-v` (true) / `-q` (false); otherwise headers with several files.
    headers: Option<bool>,
    files: Vec<String>,
    /// tail's warnings about options that only matter while following.
    warnings: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum H {
    Bytes,
    Lines,
    Quiet,
    Verbose,
    Digit(char),
    /// `tail -f`: ignored on a pipe, as tail does; files would be
    /// followed forever.
    Follow,
    /// `tail -F`: by name, which standard input has not.
    FollowName,
    /// `tail -s`, `--max-unchanged-stats`, `--pid`, `--retry`: checked,
    /// then only matter while following (a file is refused, a pipe is not
    /// followed).
    Sleep,
    MaxStats,
    Pid,
    Retry,
}

const fn digit(c: char) -> Opt<H> {
    Opt::short(c, H::Digit(c))
}

const DIGITS: [Opt<H>; 10] = crate::shell::command::args::digit_opts!(digit);

/// GNU head's options (coreutils 9.1); digits come from [`DIGITS`].
/// `---presume-input-pipe` (hidden, in tail too) is dropped: a simulated
/// input reads the same either way.
const HEAD_OPTS: &[Opt<H>] = &[
    Opt::with_value('c', "bytes", H::Bytes),
    Opt::with_value('n', "lines", H::Lines),
    Opt::flag('q', "quiet", H::Quiet),
    Opt::long("silent", H::Quiet),
    Opt::flag('v', "verbose", H::Verbose),
    Form::flag('z', "zero-terminated").refused(),
    Form::long("-presume-input-pipe").ignored(),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// GNU tail's options (coreutils 9.1).
const TAIL_OPTS: &[Opt<H>] = &[
    Opt::with_value('c', "bytes", H::Bytes),
    Opt::with_value('n', "lines", H::Lines),
    Opt::optional('f', "follow", H::Follow),
    Opt::short('F', H::FollowName),
    Opt::long_value("max-unchanged-stats", H::MaxStats),
    Opt::long_value("pid", H::Pid),
    Opt::flag('q', "quiet", H::Quiet),
    Opt::long("silent", H::Quiet),
    Opt::long("retry", H::Retry),
    Opt::with_value('s', "sleep-interval", H::Sleep),
    Opt::flag('v', "verbose", H::Verbose),
    Form::flag('z', "zero-terminated").refused(),
    Form::long("-presume-input-pipe").ignored(),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// C's `strtod` on a whole word (leading blanks, hex, `inf`), as tail's
/// `-s` reads it: a number of seconds, not negative and not NaN.
fn seconds(v: &str) -> bool {
    let t = v.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let sign = if t.starts_with('-') { -1.0 } else { 1.0 };
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let x = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16).map(|n| sign * n as f64).ok(),
        None => t.parse::<f64>().ok(),
    };
    x.is_some_and(|x| x >= 0.0)
}

/// gnulib's `xstrtoimax`/`xstrtoumax` in base 10 with no suffixes: a
/// whole non-negative number, or why not (after the quoted word).
fn whole_number(v: &str) -> Result<(), &'static str> {
    let t = v.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err("");
    }
    match t.parse::<i64>() {
        Ok(_) => Ok(()),
        Err(_) => Err(": Value too large for defined data type"),
    }
}

/// A count with coreutils' suffixes (`1k`, `2M`, `3KB`, `4b`).
fn count_value(digits: &str) -> Option<u64> {
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let n: u64 = digits[..end].parse().ok()?;
    let mult: u64 = match &digits[end..] {
        "" => 1,
        "b" => 512,
        s => {
            let pow = "KMGTPEZY".find(s[..1].to_ascii_uppercase().as_str())? as u32 + 1;
            let base: u64 = match &s[1..] {
                "" | "iB" => 1024,
                "B" => 1000,
                _ => return None,
            };
            if s.starts_with('k') || s[..1].chars().all(|c| c.is_ascii_uppercase()) {
                base.checked_pow(pow)?
            } else {
                return None;
            }
        }
    };
    n.checked_mul(mult)
}

/// `-n N` / `-c N` with GNU's signs.
fn count_arg(tool: &str, bytes: bool, v: &str) -> Result<(u64, bool), CmdOutput> {
    let (sign, digits) = match v.strip_prefix(['+', '-']) {
        Some(d) => (v.chars().next(), d),
        None => (None, v),
    };
    let what = if bytes { "bytes" } else { "lines" };
    let n = count_value(digits)
        .ok_or_else(|| CmdOutput::usage(1, format!("{tool}: invalid number of {what}: ‘{v}’\n")))?;
    let other_end = match tool {
        "tail" => sign == Some('+'),
        _ => sign == Some('-'),
    };
    Ok((n, other_end))
}

/// head's `-NUM[bkm][cqv]` as its first word.
fn head_obsolete(a: &str) -> Result<Option<Vec<String>>, CmdOutput> {
    let Some(rest) = a
        .strip_prefix('-')
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    else {
        return Ok(None);
    };
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let mut num = rest[..end].to_string();
    let mut tail = &rest[end..];
    if let Some(m) = tail.chars().next().filter(|c| "bkm".contains(*c)) {
        num.push(m);
        tail = &tail[1..];
    }
    let mut words = vec!["-n".to_string(), num];
    for c in tail.chars() {
        match c {
            'c' => words[0] = "-c".into(),
            'l' => words[0] = "-n".into(),
            'q' => words.push("-q".into()),
            'v' => words.push("-v".into()),
            'z' => return Err(not_simulated("head", "-z", 1)),
            _ => {
                return Err(CmdOutput::usage(
                    1,
                    format!("head: invalid trailing option -- {c}\nTry 'head --help' for more information.\n"),
                ))
            }
        }
    }
    Ok(Some(words))
}

/// tail's `[-+]NUM[bcl][f]`, only as the sole option before at most one
/// file.
fn tail_obsolete(args: &[String]) -> Result<Option<Vec<String>>, CmdOutput> {
    let alone = match args {
        [_] => true,
        [_, f] => !(f.starts_with('-') && f.len() > 1),
        _ => false,
    };
    let Some(a) = args.first().filter(|_| alone) else {
        return Ok(None);
    };
    let Some(rest) = a.strip_prefix(['-', '+']) else {
        return Ok(None);
    };
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if end == 0 {
        return Ok(None);
    }
    let mut num = format!("{}{}", &a[..1].replace('-', ""), &rest[..end]);
    let mut flag_follow = false;
    let mut flag = "-n";
    let mut tail = &rest[end..];
    match tail.chars().next() {
        Some('b') => {
            num.push('b');
            flag = "-c";
            tail = &tail[1..];
        }
        Some('c') => {
            flag = "-c";
            tail = &tail[1..];
        }
        Some('l') => tail = &tail[1..],
        _ => {}
    }
    match tail {
        "" => {}
        "f" => flag_follow = true,
        _ => return Ok(None),
    }
    let mut words = vec![flag.to_string(), num];
    if flag_follow {
        words.push("-f".into());
    }
    words.extend(args[1..].iter().cloned());
    Ok(Some(words))
}

fn parse_part(tool: &str, args: &[String]) -> Result<Part, CmdOutput> {
    let argv = if tool == "head" {
        match args.first().map(|a| head_obsolete(a)).transpose()? {
            Some(Some(mut words)) => {
                words.extend(args[1..].iter().cloned());
                words
            }
            _ => args.to_vec(),
        }
    } else {
        tail_obsolete(args)?.unwrap_or_else(|| args.to_vec())
    };
    let base = if tool == "head" { HEAD_OPTS } else { TAIL_OPTS };
    let table: Vec<Opt<H>> = base.iter().chain(DIGITS.iter()).copied().collect();
    let items = args::parse(&table, &argv).map_err(|e| opt_error(tool, &e, 1))?;
    let mut o = Part {
        bytes: false,
        count: 10,
        other_end: false,
        headers: None,
        files: Vec::new(),
        warnings: String::new(),
    };
    let (mut follow, mut by_name) = (false, false);
    let (mut pid, mut retry) = (false, false);
    let bad = |what: &str, v: &str, why: &str| {
        CmdOutput::usage(1, format!("tail: invalid {what}: ‘{v}’{why}\n"))
    };
    for item in items {
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(H::Follow) => follow = true,
            Item::Value(H::Follow, v) => {
                follow = true;
                by_name = super::super::gnu::argmatch(
                    "tail",
                    "--follow",
                    &v,
                    &[("descriptor", false), ("name", true)],
                )?;
            }
            Item::Flag(H::FollowName) => {
                follow = true;
                by_name = true;
                retry = true;
            }
            Item::Value(H::Sleep, v) if !seconds(&v) => {
                return Err(bad("number of seconds", &v, ""));
            }
            Item::Value(H::Pid, v) => {
                whole_number(&v).map_err(|why| bad("PID", &v, why))?;
                pid = true;
            }
            Item::Value(H::MaxStats, v) => {
                whole_number(&v).map_err(|why| {
                    bad("maximum number of unchanged stats between opens", &v, why)
                })?;
            }
            Item::Flag(H::Retry) => retry = true,
            Item::Value(k @ (H::Bytes | H::Lines), v) => {
                o.bytes = k == H::Bytes;
                (o.count, o.other_end) = count_arg(tool, o.bytes, &v)?;
            }
            Item::Flag(H::Quiet) => o.headers = Some(false),
            Item::Flag(H::Verbose) => o.headers = Some(true),
            Item::Flag(H::Digit(c)) => {
                let msg = if tool == "head" {
                    format!("head: invalid trailing option -- {c}\n")
                } else {
                    format!("tail: option used in invalid context -- {c}\n")
                };
                let msg = if tool == "head" {
                    format!("{msg}Try 'head --help' for more information.\n")
                } else {
                    msg
                };
                return Err(CmdOutput::usage(1, msg));
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    // coreutils' order: --retry's warning, then --pid's.
    if retry && !follow {
        o.warnings += "tail: warning: --retry ignored; --retry is useful only when following\n";
    } else if retry && !by_name {
        o.warnings += "tail: warning: --retry only effective for the initial open\n";
    }
    if pid && !follow {
        o.warnings += "tail: warning: PID ignored; --pid=PID is useful only when following\n";
    }
    if by_name && (o.files.is_empty() || o.files.iter().any(|f| f == "-")) {
        return Err(CmdOutput::error(1, "tail: cannot follow '-' by name\n"));
    }
    if follow && o.files.iter().any(|f| f != "-") {
        return Err(not_simulated("tail", "-f", 1));
    }
    Ok(o)
}

fn head(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_part("head", args).map_or_else(|e| e, |o| run_part(ctx, "head", &o))
}

fn tail(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_part("tail", args).map_or_else(|e| e, |o| run_part(ctx, "tail", &o))
}

fn run_part(ctx: &mut Ctx, tool: &str, o: &Part) -> CmdOutput {
    let mut out = CmdOutput {
        stderr: o.warnings.clone(),
        ..CmdOutput::default()
    };
    let ops: Vec<&str> = o.files.iter().map(String::as_str).collect();
    let headers = o.headers.unwrap_or(o.files.len() > 1);
    let n = usize::try_from(o.count).unwrap_or(usize::MAX);
    let stdin_op = ["-"];
    let ops = if ops.is_empty() {
        &stdin_op[..]
    } else {
        &ops[..]
    };
    let mut stdin_read = false;
    let mut shown = 0;
    for op in ops {
        let input = match read_operand(ctx, op, &mut stdin_read) {
            Ok(t) => t,
            Err(e) => {
                let why = e.rsplit(": ").next().unwrap_or(&e);
                out.stderr
                    .push_str(&format!("{tool}: cannot open '{op}' for reading: {why}\n"));
                out.status = 1;
                continue;
            }
        };
        if headers {
            let name = if *op == "-" { "standard input" } else { op };
            let gap = if shown > 0 { "\n" } else { "" };
            out.stdout.push_str(&format!("{gap}==> {name} <==\n"));
        }
        shown += 1;
        if o.bytes {
            let b = input.as_bytes();
            let (s, e) = match (tool, o.other_end) {
                ("head", false) => (0, n.min(b.len())),
                ("head", true) => (0, b.len().saturating_sub(n)),
                (_, false) => (b.len().saturating_sub(n), b.len()),
                (_, true) => (n.saturating_sub(1).min(b.len()), b.len()),
            };
            out.stdout.push_str(&String::from_utf8_lossy(&b[s..e]));
            continue;
        }
        let lines: Vec<&str> = input.split_inclusive('\n').collect();
        let len = lines.len();
        let pick = match (tool, o.other_end) {
            ("head", false) => &lines[..n.min(len)],
            ("head", true) => &lines[..len.saturating_sub(n)],
            (_, false) => &lines[len.saturating_sub(n)..],
            (_, true) => &lines[n.saturating_sub(1).min(len)..],
        };
        out.stdout.extend(pick.iter().copied());
    }
    out
}

/// What `wc` was asked to count.
#[derive(Debug, Default)]
struct WcArgs {
    lines: bool,
    words: bool,
    chars: bool,
    bytes: bool,
    max_line: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum W {
    Bytes,
    Chars,
    Lines,
    MaxLine,
    Words,
}

impl GnuArgs for WcArgs {
    type Key = W;
    const TOOL: &'static str = "wc";
    /// GNU wc's options (coreutils 9.1).
    const OPTS: &'static [Opt<W>] = &[
        Opt::flag('c', "bytes", W::Bytes),
        Opt::flag('m', "chars", W::Chars),
        Opt::flag('l', "lines", W::Lines),
        Form::long_value("files0-from").refused(),
        Opt::flag('L', "max-line-length", W::MaxLine),
        Opt::flag('w', "words", W::Words),
        Form::long_value("total").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<W>) -> Result<(), CmdOutput> {
        let o = self;
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(W::Bytes) => o.bytes = true,
            Item::Flag(W::Chars) => o.chars = true,
            Item::Flag(W::Lines) => o.lines = true,
            Item::Flag(W::MaxLine) => o.max_line = true,
            Item::Flag(W::Words) => o.words = true,
            Item::Value(..) => {}
        }
        Ok(())
    }

    /// No count asked for: lines, words and bytes.
    fn check(mut self) -> Result<Self, CmdOutput> {
        if !(self.lines || self.words || self.chars || self.bytes || self.max_line) {
            (self.lines, self.words, self.bytes) = (true, true, true);
        }
        Ok(self)
    }
}

/// The widest line as a terminal shows it (tabs to multiples of 8).
fn max_line(text: &str) -> usize {
    text.lines()
        .map(|l| {
            l.chars()
                .fold(0, |w, c| if c == '\t' { (w / 8 + 1) * 8 } else { w + 1 })
        })
        .max()
        .unwrap_or(0)
}

fn wc(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    WcArgs::parse(args).map_or_else(|e| e, |o| run_wc(ctx, &o))
}

fn run_wc(ctx: &mut Ctx, o: &WcArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let count = |text: &str| -> Vec<usize> {
        [
            (o.lines, text.matches('\n').count()),
            (o.words, text.split_whitespace().count()),
            (o.chars, text.chars().count()),
            (o.bytes, text.len()),
            (o.max_line, max_line(text)),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| *n)
        .collect()
    };
    if o.files.is_empty() {
        // GNU wc on stdin: one count bare, several padded to 7.
        let c = count(ctx.stdin.as_deref().unwrap_or(""));
        let cols: Vec<String> = if c.len() == 1 {
            vec![c[0].to_string()]
        } else {
            c.iter().map(|n| format!("{n:>7}")).collect()
        };
        out.stdout = format!("{}\n", cols.join(" "));
        return out;
    }
    // With files, columns are as wide as the total byte count, plus a
    // `total` line when there are several.
    let mut rows: Vec<(Vec<usize>, String)> = Vec::new();
    let mut bytes = 0;
    let mut stdin = false;
    for f in &o.files {
        let text = if f == "-" {
            stdin = true;
            Ok(ctx.stdin.clone().unwrap_or_default())
        } else {
            ctx.world.read_file(ctx.netns.as_deref(), f)
        };
        match text {
            Ok(text) => {
                bytes += text.len();
                rows.push((count(&text), f.to_string()));
            }
            Err(e) => {
                out.stderr.push_str(&format!("wc: {e}\n"));
                out.status = 1;
            }
        }
    }
    if rows.len() > 1 {
        let n = rows[0].0.len();
        let mut total: Vec<usize> = (0..n).map(|i| rows.iter().map(|r| r.0[i]).sum()).collect();
        // The total's longest line is the longest of all.
        if o.max_line {
            total[n - 1] = rows.iter().map(|r| r.0[n - 1]).max().unwrap_or(0);
        }
        rows.push((total, "total".into()));
    }
    let single = rows.len() == 1 && rows[0].0.len() == 1;
    let width = if single {
        1
    } else if stdin {
        // Standard input has no size to measure beforehand.
        7
    } else {
        bytes.max(1).to_string().len()
    };
    for (c, name) in rows {
        let cols: Vec<String> = c.iter().map(|n| format!("{n:>width$}")).collect();
        out.stdout.push_str(&format!("{} {name}\n", cols.join(" ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    fn part(tool: &str, s: &str) -> Part {
        parse_part(tool, &argv(s)).unwrap()
    }

    #[test]
    fn head_and_tail_counts() {
        assert_eq!(
            (part("head", "-5 f").count, part("head", "-5 f").files),
            (5, argv("f"))
        );
        let p = part("head", "-2cv");
        assert_eq!((p.count, p.bytes, p.headers), (2, true, Some(true)));
        assert!(part("head", "--lines=-3").other_end);
        assert_eq!(part("head", "-n1k").count, 1024);
        assert!(part("tail", "+2").other_end);
        assert_eq!(part("tail", "-3c f").count, 3);
        let err = |tool: &str, s: &str| parse_part(tool, &argv(s)).unwrap_err().stderr;
        assert_eq!(
            err("head", "-n 3 -5"),
            "head: invalid trailing option -- 5\nTry 'head --help' for more information.\n"
        );
        assert_eq!(
            err("tail", "-1 a b"),
            "tail: option used in invalid context -- 1\n"
        );
        assert_eq!(err("head", "-n x"), "head: invalid number of lines: ‘x’\n");
        assert_eq!(
            err("tail", "---presume -n 2 --zero f"),
            "netbook: tail --zero-terminated is not simulated\n"
        );
    }

    #[test]
    fn wc_defaults_to_three_counts() {
        let o = WcArgs::parse(&argv("f")).unwrap();
        assert!(o.lines && o.words && o.bytes && !o.chars);
        let o = WcArgs::parse(&argv("-lL --words")).unwrap();
        assert!(o.lines && o.max_line && o.words && !o.bytes);
    }
}
