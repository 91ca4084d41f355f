//! `cut` (fields and characters) and `column -t` (align a table), as
//! GNU coreutils and util-linux print them.

use super::{bad_option, read_inputs};
use crate::shell::command::{CmdOutput, Ctx};

/// A `cut` list: `1,3-5,7-,-2` as inclusive 1-based ranges.
fn parse_list(s: &str) -> Option<Vec<(usize, usize)>> {
    let mut v = Vec::new();
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().ok()?
                },
            ),
            None => {
                let n: usize = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || a > b {
            return None;
        }
        v.push((a, b));
    }
    Some(v)
}

fn selected(list: &[(usize, usize)], i: usize) -> bool {
    let hit = list.iter().any(|(a, b)| *a <= i && i <= *b);
    // A (0, 0) marker asks for the complement.
    if list.first() == Some(&(0, 0)) {
        !hit
    } else {
        hit
    }
}

/// `cut -d DELIM -f LIST` / `cut -c LIST`.
pub fn cut(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut delim = '\t';
    let mut delim_set = false;
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut only_delimited = false;
    let mut out_delim: Option<String> = None;
    let mut complement = false;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = |flag: &str| -> Option<String> {
            if a.len() > flag.len() {
                Some(a[flag.len()..].to_string())
            } else {
                i += 1;
                args.get(i).cloned()
            }
        };
        if a == "--complement" {
            complement = true;
        } else if let Some(v) = a.strip_prefix("--output-delimiter=") {
            out_delim = Some(v.to_string());
        } else if a.starts_with("-d") {
            let v = value("-d").unwrap_or_default();
            let mut cs = v.chars();
            delim = cs.next().unwrap_or('\t');
            if cs.next().is_some() {
                return CmdOutput::usage(
                    1,
                    "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
                );
            }
            delim_set = true;
        } else if a.starts_with("-f") {
            fields = value("-f");
        } else if a.starts_with("-c") || a.starts_with("-b") {
            chars = value(&a[..2]);
        } else if a == "-s" {
            only_delimited = true;
        } else if a.starts_with('-') && a.len() > 1 {
            return bad_option("cut", a.chars().nth(1).unwrap_or('-'), 1);
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let (list_text, by_field) = match (&fields, &chars) {
        (Some(f), None) => (f.clone(), true),
        (None, Some(c)) => (c.clone(), false),
        (Some(_), Some(_)) => {
            return CmdOutput::usage(
                1,
                "cut: only one type of list may be specified\nTry 'cut --help' for more information.\n",
            )
        }
        (None, None) => {
            return CmdOutput::usage(
                1,
                "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
            )
        }
    };
    if delim_set && !by_field {
        return CmdOutput::usage(
            1,
            "cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n",
        );
    }
    let Some(mut list) = parse_list(&list_text) else {
        let what = if by_field { "field" } else { "byte/character" };
        return CmdOutput::usage(
            1,
            format!("cut: invalid {what} position\nTry 'cut --help' for more information.\n"),
        );
    };
    if complement {
        list.insert(0, (0, 0));
    }
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "cut", &files, &mut out);
    for line in text.lines() {
        if by_field {
            if !line.contains(delim) {
                if !only_delimited {
                    out.stdout.push_str(line);
                    out.stdout.push('\n');
                }
                continue;
            }
            let od = out_delim.clone().unwrap_or_else(|| delim.to_string());
            let picked: Vec<&str> = line
                .split(delim)
                .enumerate()
                .filter(|(i, _)| selected(&list, i + 1))
                .map(|(_, f)| f)
                .collect();
            out.stdout.push_str(&picked.join(&od));
        } else {
            let picked: String = line
                .chars()
                .enumerate()
                .filter(|(i, _)| selected(&list, i + 1))
                .map(|(_, c)| c)
                .collect();
            out.stdout.push_str(&picked);
        }
        out.stdout.push('\n');
    }
    out
}

/// `column -t [-s SEP]`: columns padded to their widest cell, two spaces
/// apart; without `-t`, the text as it is.
pub fn column(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut table = false;
    let mut seps: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-t" || a == "--table" {
            table = true;
        } else if a == "-s" {
            i += 1;
            seps = args.get(i).cloned();
        } else if let Some(v) = a.strip_prefix("-s") {
            seps = Some(v.to_string());
        } else if a == "-ts" {
            table = true;
            i += 1;
            seps = args.get(i).cloned();
        } else if a.starts_with('-') && a.len() > 1 {
            return bad_option("column", a.chars().nth(1).unwrap_or('-'), 1);
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "column", &files, &mut out);
    if !table {
        out.stdout = text;
        return out;
    }
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match &seps {
            Some(s) => l
                .split(|c| s.contains(c))
                .filter(|f| !f.is_empty())
                .collect(),
            None => l.split_whitespace().collect(),
        })
        .collect();
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                let pad = widths[c] - cell.chars().count() + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    out
}
