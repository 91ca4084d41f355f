//! Line tools: `grep` (`-E -F -o -v -c -i -w -q -n`), `head`, `tail`
//! (`-n`, `-c`) and `wc`, worded as GNU grep and coreutils word them.

use super::sed::bre_to_ere;
use crate::shell::command::coreutils::{complete_paths, flags, has, inputs};
use crate::shell::command::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "grep",
        summary: "print lines that match patterns",
        summary_ko: "패턴과 일치하는 줄만 출력합니다",
        usage: "grep [-i] [-v] [-E] [-F] [-o] [-c] [-q] [-n] [-w] PATTERN [FILE]...",
        run: grep,
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

fn grep(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (fl, ops) = match flags("grep", args, "ivEcqnwFo", "e") {
        Ok(x) => x,
        Err(e) => return e,
    };
    let mut ops = ops;
    let pattern = match fl.iter().find(|(f, _)| *f == 'e') {
        Some((_, Some(p))) => p.to_string(),
        _ if !ops.is_empty() => ops.remove(0).to_string(),
        _ => return CmdOutput::usage(
            2,
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        ),
    };
    let mut re = if has(&fl, 'F') {
        regex_lite::escape(&pattern)
    } else if has(&fl, 'E') {
        pattern.clone()
    } else {
        bre_to_ere(&pattern)
    };
    if has(&fl, 'w') {
        re = format!(r"(^|[^\w])({re})([^\w]|$)");
    }
    if has(&fl, 'i') {
        re = format!("(?i){re}");
    }
    let re = match regex_lite::Regex::new(&re) {
        Ok(r) => r,
        Err(_) => {
            return CmdOutput::usage(2, format!("grep: Unmatched ( or \\(: {pattern}\n"));
        }
    };
    let mut out = CmdOutput::default();
    let invert = has(&fl, 'v');
    let only = has(&fl, 'o');
    let mut count = 0;
    let mut text = String::new();
    for input in inputs(ctx, "grep", &ops, &mut out) {
        for (i, line) in input.lines().enumerate() {
            if re.is_match(line) != invert {
                count += 1;
                let prefix = if has(&fl, 'n') {
                    format!("{}:", i + 1)
                } else {
                    String::new()
                };
                if only && !invert {
                    // `-o`: each non-empty match on its own line.
                    let group = if has(&fl, 'w') { 2 } else { 0 };
                    for caps in re.captures_iter(line) {
                        if let Some(m) = caps.get(group).filter(|m| !m.is_empty()) {
                            text.push_str(&prefix);
                            text.push_str(m.as_str());
                            text.push('\n');
                        }
                    }
                    continue;
                }
                text.push_str(&prefix);
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    if out.status == 2 && count == 0 {
        return out;
    }
    out.status = if count > 0 { 0 } else { 1 };
    if has(&fl, 'q') {
        return out;
    }
    out.stdout = if has(&fl, 'c') {
        format!("{count}\n")
    } else {
        text
    };
    out
}

fn head(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    head_tail(ctx, args, "head")
}

fn tail(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    head_tail(ctx, args, "tail")
}

/// `-n N` / `-c N` with GNU's signs: `tail -n +K` starts at line K,
/// `head -n -K` drops the last K.
fn count_arg(tool: &str, flag: char, v: &str) -> Result<(usize, bool), CmdOutput> {
    let (sign, digits) = match v.strip_prefix(['+', '-']) {
        Some(d) => (v.chars().next(), d),
        None => (None, v),
    };
    let what = if flag == 'c' { "bytes" } else { "lines" };
    let n = digits
        .parse()
        .map_err(|_| CmdOutput::usage(1, format!("{tool}: invalid number of {what}: ‘{v}’\n")))?;
    let from_other_end = match tool {
        "tail" => sign == Some('+'),
        _ => sign == Some('-'),
    };
    Ok((n, from_other_end))
}

fn head_tail(ctx: &mut Ctx, args: &[String], tool: &str) -> CmdOutput {
    let (fl, ops) = match flags(tool, args, "qv", "nc") {
        Ok(x) => x,
        Err(e) => return e,
    };
    let (flag, value) = match fl.iter().rev().find(|(f, _)| *f == 'n' || *f == 'c') {
        Some((f, Some(v))) => (*f, *v),
        _ => ('n', "10"),
    };
    let (n, other_end) = match count_arg(tool, flag, value) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    for input in inputs(ctx, tool, &ops, &mut out) {
        if flag == 'c' {
            let b = input.as_bytes();
            let (s, e) = match (tool, other_end) {
                ("head", false) => (0, n.min(b.len())),
                ("head", true) => (0, b.len().saturating_sub(n)),
                (_, false) => (b.len().saturating_sub(n), b.len()),
                (_, true) => (n.saturating_sub(1).min(b.len()), b.len()),
            };
            out.stdout.push_str(&String::from_utf8_lossy(&b[s..e]));
            continue;
        }
        let lines: Vec<&str> = input.lines().collect();
        let len = lines.len();
        let pick = match (tool, other_end) {
            ("head", false) => &lines[..n.min(len)],
            ("head", true) => &lines[..len.saturating_sub(n)],
            (_, false) => &lines[len.saturating_sub(n)..],
            (_, true) => &lines[n.saturating_sub(1).min(len)..],
        };
        for l in pick {
            out.stdout.push_str(l);
            out.stdout.push('\n');
        }
    }
    out
}

fn wc(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (fl, ops) = match flags("wc", args, "lwc", "") {
        Ok(x) => x,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    let count = |text: &str| -> Vec<usize> {
        [
            ('l', text.matches('\n').count()),
            ('w', text.split_whitespace().count()),
            ('c', text.len()),
        ]
        .iter()
        .filter(|(c, _)| fl.is_empty() || has(&fl, *c))
        .map(|(_, n)| *n)
        .collect()
    };
    let files: Vec<&str> = ops.iter().copied().filter(|o| *o != "-").collect();
    if files.is_empty() {
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
    for f in &files {
        match ctx.world.read_file(ctx.netns.as_deref(), f) {
            Ok(text) => rows.push((count(&text), f.to_string())),
            Err(e) => {
                out.stderr.push_str(&format!("wc: {e}\n"));
                out.status = 1;
            }
        }
    }
    let bytes: usize = files
        .iter()
        .filter_map(|f| ctx.world.read_file(ctx.netns.as_deref(), f).ok())
        .map(|t| t.len())
        .sum();
    if rows.len() > 1 {
        let n = rows[0].0.len();
        let total = (0..n).map(|i| rows.iter().map(|r| r.0[i]).sum()).collect();
        rows.push((total, "total".into()));
    }
    let single = rows.len() == 1 && rows[0].0.len() == 1;
    let width = if single {
        1
    } else {
        bytes.max(1).to_string().len()
    };
    for (c, name) in rows {
        let cols: Vec<String> = c.iter().map(|n| format!("{n:>width$}")).collect();
        out.stdout.push_str(&format!("{} {name}\n", cols.join(" ")));
    }
    out
}
