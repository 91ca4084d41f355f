//! `sort` (C-locale byte order, `-n`, `-r`, `-u`, `-t`, `-k`, `-f`, `-s`, `-b`)
//! and `uniq` (`-c`, `-d`, `-u`, `-i`), as GNU coreutils print them.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{argmatch, not_simulated, read_inputs, usage_error, write_reason};
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::GnuArgs;
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
    /// `b` on POS1 / POS2: blanks before the position are skipped.
    blank_start: bool,
    blank_end: bool,
}

/// A line's blanks (GNU sort's `blanks` table in the C locale).
fn skip_blanks(line: &str, at: usize) -> usize {
    at + line[at..].len() - line[at..].trim_start_matches([' ', '\t']).len()
}

fn parse_key(s: &str) -> Option<Key> {
    let mut k = Key::default();
    let (a, b) = match s.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let pos = |p: &str, k: &mut Key, end: bool| -> Option<(usize, usize)> {
        let digits: String = p
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        for f in p[digits.len()..].chars() {
            match f {
                'n' | 'g' | 'h' => k.numeric = true,
                'r' => k.reverse = true,
                'f' => k.fold = true,
                'b' if end => k.blank_end = true,
                'b' => k.blank_start = true,
                _ => return None,
            }
        }
        let (f, c) = match digits.split_once('.') {
            Some((f, c)) => (f.parse().ok()?, c.parse().ok()?),
            None => (digits.parse().ok()?, 0),
        };
        Some((f, c))
    };
    let (f, c) = pos(a, &mut k, false)?;
    if f == 0 || (c == 0 && a.contains('.')) {
        return None;
    }
    k.start_field = f;
    k.start_char = c;
    if let Some(b) = b {
        let (f, c) = pos(b, &mut k, true)?;
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
    let s0 = if k.blank_start {
        skip_blanks(line, s0)
    } else {
        s0
    };
    let start = if k.start_char > 0 {
        (s0 + k.start_char - 1).min(e0.max(s0))
    } else {
        s0
    };
    let end = match k.end_field {
        None => line.len(),
        Some(ef) => match f.get(ef - 1) {
            Some(&(s, e)) => {
                let s = if k.blank_end { skip_blanks(line, s) } else { s };
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

/// What `sort` was asked to do.
#[derive(Debug, Default)]
struct SortArgs {
    numeric: bool,
    reverse: bool,
    unique: bool,
    fold: bool,
    /// `-b`: the keys (the whole line without any) start after blanks.
    blanks: bool,
    stable: bool,
    sep: Option<char>,
    keys: Vec<Key>,
    /// `-o FILE`: written after all input is read, so it may be an input.
    output: Option<String>,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum S {
    Numeric,
    Reverse,
    Unique,
    Fold,
    Stable,
    Blanks,
    Sep,
    Key,
    Output,
}

fn sort_error(msg: String) -> CmdOutput {
    CmdOutput::usage(2, format!("sort: {msg}\n"))
}

/// A key's mistake as sort words it.
fn key_error(v: &str) -> CmdOutput {
    let (a, b) = v.split_once(',').unwrap_or((v, ""));
    let digits = |p: &str| p.chars().take_while(char::is_ascii_digit).count();
    let msg = if digits(a) == 0 {
        format!("invalid number at field start: invalid count at start of ‘{a}’")
    } else if a[..digits(a)].trim_start_matches('0').is_empty() {
        format!("field number is zero: invalid field specification ‘{v}’")
    } else if v.contains(',') && digits(b) == 0 {
        format!("invalid number after ',': invalid count at start of ‘{b}’")
    } else if a[digits(a)..].starts_with(".0") && digits(&a[digits(a) + 1..]) > 0 {
        format!("character offset is zero: invalid field specification ‘{v}’")
    } else {
        format!("stray character in field spec: invalid field specification ‘{v}’")
    };
    sort_error(msg)
}

impl GnuArgs for SortArgs {
    type Key = S;
    const TOOL: &'static str = "sort";
    const STATUS: i32 = 2;
    /// GNU sort's options (coreutils 9.1), all of them, so that prefixes
    /// and values are read as sort reads them.
    const OPTS: &'static [Opt<S>] = &[
        Opt::flag('b', "ignore-leading-blanks", S::Blanks),
        Form::long_optional("check").refused(),
        Form::short('c').refused(),
        Form::short('C').refused(),
        Form::long_value("compress-program").refused(),
        Form::long("debug").refused(),
        Form::flag('d', "dictionary-order").refused(),
        Opt::flag('f', "ignore-case", S::Fold),
        Form::long_value("files0-from").refused(),
        Opt::flag('g', "general-numeric-sort", S::Numeric),
        Form::flag('i', "ignore-nonprinting").refused(),
        Opt::with_value('k', "key", S::Key),
        Form::flag('m', "merge").refused(),
        Form::flag('M', "month-sort").refused(),
        Opt::flag('n', "numeric-sort", S::Numeric),
        Opt::flag('h', "human-numeric-sort", S::Numeric),
        Form::flag('V', "version-sort").refused(),
        Form::flag('R', "random-sort").refused(),
        Form::long_value("random-source").refused(),
        Form::long_value("sort").refused(),
        Opt::with_value('o', "output", S::Output),
        Opt::flag('r', "reverse", S::Reverse),
        Opt::flag('s', "stable", S::Stable),
        Form::with_value('S', "buffer-size").refused(),
        Opt::with_value('t', "field-separator", S::Sep),
        Form::with_value('T', "temporary-directory").refused(),
        Opt::flag('u', "unique", S::Unique),
        Form::flag('z', "zero-terminated").refused(),
        Form::long_value("parallel").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<S>) -> Result<(), CmdOutput> {
        let o = self;
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(S::Numeric) => o.numeric = true,
            Item::Flag(S::Reverse) => o.reverse = true,
            Item::Flag(S::Unique) => o.unique = true,
            Item::Flag(S::Fold) => o.fold = true,
            Item::Flag(S::Blanks) => o.blanks = true,
            Item::Flag(S::Stable) => o.stable = true,
            Item::Value(S::Sep, v) => {
                let mut cs = v.chars();
                let c = match (cs.next(), cs.next()) {
                    (None, _) => return Err(sort_error("empty tab".into())),
                    (Some(c), None) => c,
                    (Some(_), Some(_)) => {
                        return Err(sort_error(format!("multi-character tab ‘{v}’")))
                    }
                };
                if o.sep.is_some_and(|s| s != c) {
                    return Err(sort_error("incompatible tabs".into()));
                }
                o.sep = Some(c);
            }
            Item::Value(S::Key, v) => o.keys.push(parse_key(&v).ok_or_else(|| key_error(&v))?),
            Item::Value(S::Output, v) => o.output = Some(v),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }
}

/// `sort [OPTION]... [FILE]...`
pub fn sort(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    SortArgs::parse(args).map_or_else(|e| e, |o| run_sort(ctx, o))
}

fn run_sort(ctx: &mut Ctx, o: SortArgs) -> CmdOutput {
    let SortArgs {
        numeric,
        reverse,
        unique,
        fold,
        blanks,
        stable,
        sep,
        keys,
        output,
        files,
    } = o;
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "sort", &files, &mut out);
    let mut lines: Vec<&str> = text.lines().collect();
    let compare = |a: &&str, b: &&str| -> Ordering {
        if keys.is_empty() {
            let (a, b) = if blanks {
                (&a[skip_blanks(a, 0)..], &b[skip_blanks(b, 0)..])
            } else {
                (*a, *b)
            };
            let o = cmp_text(a, b, numeric, fold);
            return if reverse { o.reverse() } else { o };
        }
        for k in &keys {
            // A key with no flag of its own takes the global ones.
            let plain = !k.numeric && !k.reverse && !k.fold && !k.blank_start && !k.blank_end;
            let inherited;
            let (k, n, r, f) = if plain {
                inherited = Key {
                    blank_start: blanks,
                    blank_end: blanks,
                    ..k.clone()
                };
                (&inherited, numeric, reverse, fold)
            } else {
                (k, k.numeric, k.reverse, k.fold)
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
    let mut sorted = String::new();
    for l in lines {
        sorted.push_str(l);
        sorted.push('\n');
    }
    match output {
        Some(path) => {
            if let Err(e) = ctx
                .world
                .write_file(ctx.netns.as_deref(), &path, &sorted, false)
            {
                let e = e.to_string();
                let why = write_reason(&e);
                out.stderr
                    .push_str(&format!("sort: open failed: {path}: {why}\n"));
                out.status = 2;
            }
        }
        None => out.stdout = sorted,
    }
    out
}

/// What `uniq` was asked to do.
#[derive(Debug, Default)]
struct UniqArgs {
    count: bool,
    repeated: bool,
    /// `-D`: every line of a repeated group.
    all_repeated: bool,
    unique: bool,
    fold: bool,
    skip_fields: usize,
    skip_chars: usize,
    check_chars: Option<usize>,
    /// INPUT, then OUTPUT.
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum U {
    Count,
    Repeated,
    AllRepeated,
    Unique,
    Fold,
    SkipFields,
    SkipChars,
    CheckChars,
}

/// `-f`, `-s` and `-w`'s value, or uniq's message.
fn number(v: &str, what: &str) -> Result<usize, CmdOutput> {
    v.parse()
        .map_err(|_| CmdOutput::usage(1, format!("uniq: {v}: invalid number of {what}\n")))
}

impl GnuArgs for UniqArgs {
    type Key = U;
    const TOOL: &'static str = "uniq";
    /// GNU uniq's options (coreutils 9.1).
    const OPTS: &'static [Opt<U>] = &[
        Opt::flag('c', "count", U::Count),
        Opt::flag('d', "repeated", U::Repeated),
        Opt::short('D', U::AllRepeated),
        Opt::long_optional("all-repeated", U::AllRepeated),
        Form::long_optional("group").refused(),
        Opt::with_value('f', "skip-fields", U::SkipFields),
        Opt::flag('i', "ignore-case", U::Fold),
        Opt::with_value('s', "skip-chars", U::SkipChars),
        Opt::flag('u', "unique", U::Unique),
        Opt::with_value('w', "check-chars", U::CheckChars),
        Form::flag('z', "zero-terminated").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<U>) -> Result<(), CmdOutput> {
        let o = self;
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(U::Count) => o.count = true,
            Item::Flag(U::Repeated) => o.repeated = true,
            Item::Flag(U::AllRepeated) => o.all_repeated = true,
            Item::Value(U::AllRepeated, v) => {
                let methods = [("none", 0), ("prepend", 1), ("separate", 2)];
                if argmatch("uniq", "--all-repeated", &v, &methods)? != 0 {
                    return Err(not_simulated("uniq", &format!("--all-repeated={v}"), 1));
                }
                o.all_repeated = true;
            }
            Item::Flag(U::Unique) => o.unique = true,
            Item::Flag(U::Fold) => o.fold = true,
            Item::Value(U::SkipFields, v) => o.skip_fields = number(&v, "fields to skip")?,
            Item::Value(U::SkipChars, v) => o.skip_chars = number(&v, "bytes to skip")?,
            Item::Value(U::CheckChars, v) => o.check_chars = Some(number(&v, "bytes to compare")?),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.files.len() > 2 {
            return Err(usage_error(
                "uniq",
                &format!("extra operand ‘{}’", self.files[2]),
                1,
            ));
        }
        if self.count && self.all_repeated {
            return Err(usage_error(
                "uniq",
                "printing all duplicated lines and repeat counts is meaningless",
                1,
            ));
        }
        Ok(self)
    }
}

/// The part of a line uniq compares: after `-f` fields (blanks then
/// non-blanks) and `-s` characters, at most `-w` characters.
fn uniq_key<'a>(line: &'a str, o: &UniqArgs) -> &'a str {
    let b = line.as_bytes();
    let mut i = 0;
    for _ in 0..o.skip_fields {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
            i += 1;
        }
    }
    let rest = &line[i..];
    let start = rest
        .char_indices()
        .nth(o.skip_chars)
        .map_or(rest.len(), |x| x.0);
    let rest = &rest[start..];
    match o.check_chars {
        Some(w) => &rest[..rest.char_indices().nth(w).map_or(rest.len(), |x| x.0)],
        None => rest,
    }
}

/// `uniq [OPTION]... [INPUT [OUTPUT]]`
pub fn uniq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    UniqArgs::parse(args).map_or_else(|e| e, |o| run_uniq(ctx, &o))
}

fn run_uniq(ctx: &mut Ctx, o: &UniqArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let files: Vec<String> = o.files.iter().take(1).cloned().collect();
    let text = read_inputs(ctx, "uniq", &files, &mut out);
    if out.status != 0 {
        return out;
    }
    let same = |a: &str, b: &str| {
        let (a, b) = (uniq_key(a, o), uniq_key(b, o));
        if o.fold {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for l in text.lines() {
        match groups.last_mut() {
            Some(g) if same(g[0], l) => g.push(l),
            _ => groups.push(vec![l]),
        }
    }
    let mut text = String::new();
    for g in groups {
        let n = g.len();
        if ((o.repeated || o.all_repeated) && n < 2) || (o.unique && n > 1) {
            continue;
        }
        let shown = if o.all_repeated { &g[..] } else { &g[..1] };
        for l in shown {
            if o.count {
                text.push_str(&format!("{n:>7} "));
            }
            text.push_str(l);
            text.push('\n');
        }
    }
    match o.files.get(1) {
        Some(path) if path != "-" => {
            if let Err(e) = ctx
                .world
                .write_file(ctx.netns.as_deref(), path, &text, false)
            {
                let e = e.to_string();
                let why = write_reason(&e);
                out.stderr.push_str(&format!("uniq: {path}: {why}\n"));
                out.status = 1;
            }
        }
        _ => out.stdout = text,
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn sort_reads_getopt_forms() {
        let o = SortArgs::parse(&argv("-t: -rnk2,2 f1 --unique --field-sep : f2")).unwrap();
        assert!(o.reverse && o.numeric && o.unique);
        assert_eq!((o.sep, o.keys.len()), (Some(':'), 1));
        assert_eq!(o.files, argv("f1 f2"));
        assert_eq!(SortArgs::parse(&argv("-- -r")).unwrap().files, argv("-r"));
        let err = |s: &str| SortArgs::parse(&argv(s)).unwrap_err();
        assert_eq!(
            err("-rQ").stderr,
            "sort: invalid option -- 'Q'\nTry 'sort --help' for more information.\n"
        );
        assert_eq!(err("--ra").status, 2);
        assert_eq!(
            err("-k0").stderr,
            "sort: field number is zero: invalid field specification ‘0’\n"
        );
        assert_eq!(err("-t: -t,").stderr, "sort: incompatible tabs\n");
        // A refusal names the option as written, once getopt is content.
        assert_eq!(
            (err("--dict -k0").stderr, err("--dict").status),
            (
                "netbook: sort --dictionary-order is not simulated\n".into(),
                2
            )
        );
        assert!(err("-d -Q")
            .stderr
            .starts_with("sort: invalid option -- 'Q'\n"));
    }

    #[test]
    fn uniq_reads_getopt_forms() {
        let o = UniqArgs::parse(&argv("-cf1 --skip-chars=2 -w3 in out")).unwrap();
        assert!(o.count);
        assert_eq!(
            (o.skip_fields, o.skip_chars, o.check_chars),
            (1, 2, Some(3))
        );
        assert_eq!(o.files, argv("in out"));
        assert_eq!(UniqArgs::parse(&argv("a b c")).unwrap_err().status, 1);
        assert_eq!(uniq_key("a  x yz", &o), "x y");
    }
}
