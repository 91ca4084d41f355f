//! `sort` (C-locale byte order, `-n`, `-r`, `-u`, `-t`, `-k`, `-f`, `-s`)
//! and `uniq` (`-c`, `-d`, `-u`, `-i`), as GNU coreutils print them.

use super::{bad_option, read_inputs};
use crate::shell::command::{CmdOutput, Ctx};
use std::cmp::Ordering;

/// A `-k POS1[,POS2]` key with its own flags.
#[derive(Debug, Clone, Default)]
struct Key {
    start_field: usize,
    start_char: usize,
    end_field: Option<usize>,
    end_char: usize,
    numeric: bool,
    reverse: bool,
    fold: bool,
}

fn parse_key(s: &str) -> Option<Key> {
    let mut k = Key::default();
    let (a, b) = match s.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let pos = |p: &str, k: &mut Key| -> Option<(usize, usize)> {
        let digits: String = p
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        for f in p[digits.len()..].chars() {
            match f {
                'n' | 'g' | 'h' => k.numeric = true,
                'r' => k.reverse = true,
                'f' => k.fold = true,
                'b' => {}
                _ => return None,
            }
        }
        let (f, c) = match digits.split_once('.') {
            Some((f, c)) => (f.parse().ok()?, c.parse().ok()?),
            None => (digits.parse().ok()?, 0),
        };
        Some((f, c))
    };
    let (f, c) = pos(a, &mut k)?;
    if f == 0 {
        return None;
    }
    k.start_field = f;
    k.start_char = c;
    if let Some(b) = b {
        let (f, c) = pos(b, &mut k)?;
        k.end_field = Some(f);
        k.end_char = c;
    }
    Some(k)
}

/// Field boundaries: with `-t`, split at the separator; otherwise a field
/// is its leading blanks plus the non-blanks after them (GNU's rule).
fn fields(line: &str, sep: Option<char>) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    match sep {
        Some(s) => {
            let mut start = 0;
            for (i, c) in line.char_indices() {
                if c == s {
                    v.push((start, i));
                    start = i + c.len_utf8();
                }
            }
            v.push((start, line.len()));
        }
        None => {
            let b = line.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let start = i;
                while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
                    i += 1;
                }
                v.push((start, i));
            }
        }
    }
    v
}

fn key_text<'a>(line: &'a str, k: &Key, sep: Option<char>) -> &'a str {
    let f = fields(line, sep);
    let Some(&(s0, e0)) = f.get(k.start_field - 1) else {
        return "";
    };
    let start = if k.start_char > 0 {
        (s0 + k.start_char - 1).min(e0)
    } else {
        s0
    };
    let end = match k.end_field {
        None => line.len(),
        Some(ef) => match f.get(ef - 1) {
            Some(&(s, e)) => {
                if k.end_char > 0 {
                    (s + k.end_char).min(e)
                } else {
                    e
                }
            }
            None => line.len(),
        },
    };
    if end <= start {
        ""
    } else {
        &line[start..end]
    }
}

/// The numeric value of a leading number, as `sort -n` reads it.
fn num(s: &str) -> f64 {
    let t = s.trim_start_matches([' ', '\t']);
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || c == '.' || (i == 0 && c == '-') {
            end = i + 1;
        } else {
            break;
        }
    }
    t[..end].parse().unwrap_or(0.0)
}

fn cmp_text(a: &str, b: &str, numeric: bool, fold: bool) -> Ordering {
    if numeric {
        return num(a).total_cmp(&num(b));
    }
    if fold {
        return a.to_uppercase().cmp(&b.to_uppercase());
    }
    a.as_bytes().cmp(b.as_bytes())
}

/// `sort [OPTION]... [FILE]...`
pub fn sort(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut numeric, mut reverse, mut unique, mut fold, mut stable) =
        (false, false, false, false, false);
    let mut sep: Option<char> = None;
    let mut keys: Vec<Key> = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") {
            let cs: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < cs.len() {
                match cs[j] {
                    'n' | 'g' | 'h' => numeric = true,
                    'r' => reverse = true,
                    'u' => unique = true,
                    'f' => fold = true,
                    's' => stable = true,
                    'b' => {}
                    't' | 'k' => {
                        let rest: String = cs[j + 1..].iter().collect();
                        let v = if rest.is_empty() {
                            i += 1;
                            args.get(i).cloned().unwrap_or_default()
                        } else {
                            rest
                        };
                        if cs[j] == 't' {
                            sep = v.chars().next();
                        } else {
                            match parse_key(&v) {
                                Some(k) => keys.push(k),
                                None => {
                                    return CmdOutput::usage(
                                        2,
                                        format!("sort: invalid number at field start: invalid count at start of '{v}'\n"),
                                    )
                                }
                            }
                        }
                        j = cs.len();
                        continue;
                    }
                    c => return bad_option("sort", c, 2),
                }
                j += 1;
            }
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "sort", &files, &mut out);
    let mut lines: Vec<&str> = text.lines().collect();
    let compare = |a: &&str, b: &&str| -> Ordering {
        if keys.is_empty() {
            let o = cmp_text(a, b, numeric, fold);
            return if reverse { o.reverse() } else { o };
        }
        for k in &keys {
            let plain = !k.numeric && !k.reverse && !k.fold;
            let (n, r, f) = if plain {
                (numeric, reverse, fold)
            } else {
                (k.numeric, k.reverse, k.fold)
            };
            let o = cmp_text(key_text(a, k, sep), key_text(b, k, sep), n, f);
            let o = if r { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let last_resort = |a: &&str, b: &&str| -> Ordering {
        let o = a.as_bytes().cmp(b.as_bytes());
        if reverse {
            o.reverse()
        } else {
            o
        }
    };
    if stable || unique {
        lines.sort_by(compare);
    } else {
        lines.sort_by(|a, b| compare(a, b).then_with(|| last_resort(a, b)));
    }
    if unique {
        lines.dedup_by(|a, b| compare(&&**a, &&**b) == Ordering::Equal);
    }
    for l in lines {
        out.stdout.push_str(l);
        out.stdout.push('\n');
    }
    out
}

/// `uniq [-c] [-d] [-u] [-i] [INPUT]`
pub fn uniq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut count, mut dups, mut uniques, mut fold) = (false, false, false, false);
    let mut files = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'c' => count = true,
                    'd' => dups = true,
                    'u' => uniques = true,
                    'i' => fold = true,
                    c => return bad_option("uniq", c, 1),
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "uniq", &files, &mut out);
    let same = |a: &str, b: &str| {
        if fold {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for l in text.lines() {
        match groups.last_mut() {
            Some((g, n)) if same(g, l) => *n += 1,
            _ => groups.push((l, 1)),
        }
    }
    for (l, n) in groups {
        if (dups && n < 2) || (uniques && n > 1) {
            continue;
        }
        if count {
            out.stdout.push_str(&format!("{n:>7} {l}\n"));
        } else {
            out.stdout.push_str(l);
            out.stdout.push('\n');
        }
    }
    out
}
