//! Small GNU coreutils: `tr`, `tee`, `seq`.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{argmatch, opt_error, usage_error};
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Ctx};
use crate::sim::stack::fs::FsError;

/// The most bytes `seq` prints (a pipe's worth; `seq 1 1e12` is bounded).
const SEQ_CAP: usize = 16 * 1024 * 1024;

/// Expands a `tr` set: escapes, ranges `a-z`, classes `[:upper:]`.
fn tr_set(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    let mut raw: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let start_b = s.char_indices().nth(i).map(|x| x.0).unwrap_or(0);
            // The name starts after `[:` (in `[:]` the `:` is not the end).
            if let Some(end) = s[start_b + 2..].find(":]") {
                let name = &s[start_b + 2..start_b + 2 + end];
                let class: Vec<char> = (0u8..=127)
                    .map(char::from)
                    .filter(|c| match name {
                        "upper" => c.is_ascii_uppercase(),
                        "lower" => c.is_ascii_lowercase(),
                        "digit" => c.is_ascii_digit(),
                        "alpha" => c.is_ascii_alphabetic(),
                        "alnum" => c.is_ascii_alphanumeric(),
                        "space" => c.is_ascii_whitespace() || *c == '\x0b',
                        "blank" => *c == ' ' || *c == '\t',
                        "punct" => c.is_ascii_punctuation(),
                        "xdigit" => c.is_ascii_hexdigit(),
                        "cntrl" => c.is_ascii_control(),
                        _ => false,
                    })
                    .collect();
                raw.extend(class);
                i += name.chars().count() + 4;
                continue;
            }
        }
        let c = if chars[i] == '\\' && i + 1 < chars.len() {
            i += 1;
            match chars[i] {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                o => o,
            }
        } else {
            chars[i]
        };
        if chars.get(i + 1) == Some(&'-') && i + 2 < chars.len() {
            let end = chars[i + 2];
            if end >= c {
                raw.extend((c as u32..=end as u32).filter_map(char::from_u32));
                i += 3;
                continue;
            }
        }
        raw.push(c);
        i += 1;
    }
    raw
}

/// What `tr` was asked to do.
#[derive(Debug, Default)]
struct TrArgs {
    del: bool,
    squeeze: bool,
    comp: bool,
    truncate: bool,
    sets: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum T {
    Complement,
    Delete,
    Squeeze,
    Truncate,
}

impl GnuArgs for TrArgs {
    type Key = T;
    const TOOL: &'static str = "tr";
    /// tr stops at its first operand (`+` in its option string), so
    /// `tr a -d` translates `a` to `-d`.
    const IN_ORDER: bool = true;
    /// GNU tr's options (coreutils 9.1).
    const OPTS: &'static [Opt<T>] = &[
        Opt::flag('c', "complement", T::Complement),
        Opt::short('C', T::Complement),
        Opt::flag('d', "delete", T::Delete),
        Opt::flag('s', "squeeze-repeats", T::Squeeze),
        Opt::flag('t', "truncate-set1", T::Truncate),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<T>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(a) => self.sets.push(a),
            Item::Flag(T::Complement) => self.comp = true,
            Item::Flag(T::Delete) => self.del = true,
            Item::Flag(T::Squeeze) => self.squeeze = true,
            Item::Flag(T::Truncate) => self.truncate = true,
            Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        let (del, squeeze, sets) = (self.del, self.squeeze, &self.sets);
        let need = if del && !squeeze || (squeeze && !del && sets.len() == 1) {
            1
        } else {
            2
        };
        let max = if del && !squeeze { 1 } else { 2 };
        if sets.is_empty() {
            return Err(usage_error("tr", "missing operand", 1));
        }
        if sets.len() < need {
            let when = if del {
                "both deleting and squeezing repeats"
            } else {
                "translating"
            };
            return Err(usage_error(
                "tr",
                &format!(
                    "missing operand after ‘{}’\nTwo strings must be given when {when}.",
                    sets[0]
                ),
                1,
            ));
        }
        if sets.len() > max {
            let why = if max == 1 {
                "\nOnly one string may be given when deleting without squeezing repeats."
            } else {
                ""
            };
            return Err(usage_error(
                "tr",
                &format!("extra operand ‘{}’{why}", sets[max]),
                1,
            ));
        }
        Ok(self)
    }
}

/// `tr [-c] [-d] [-s] [-t] SET1 [SET2]`
pub fn tr(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    TrArgs::parse(args).map_or_else(|e| e, |o| run_tr(ctx, o))
}

fn run_tr(ctx: &mut Ctx, o: TrArgs) -> CmdOutput {
    let TrArgs {
        del,
        squeeze,
        comp,
        truncate,
        sets,
    } = o;
    let mut set1 = tr_set(&sets[0]);
    let set2 = sets.get(1).map(|s| tr_set(s)).unwrap_or_default();
    if truncate && !del && !set2.is_empty() {
        set1.truncate(set2.len());
    }
    let in1 = |c: char| set1.contains(&c) != comp;
    let input = ctx.stdin.clone().unwrap_or_default();
    let mut out = String::with_capacity(input.len());
    let mut last: Option<char> = None;
    for c in input.chars() {
        if del && in1(c) {
            continue;
        }
        let mapped = if !del && !set2.is_empty() && in1(c) {
            if comp {
                *set2.last().unwrap_or(&c)
            } else {
                let idx = set1.iter().rposition(|x| *x == c).unwrap_or(0);
                *set2.get(idx).or(set2.last()).unwrap_or(&c)
            }
        } else {
            c
        };
        if squeeze {
            let sq_set = if set2.is_empty() || (del && sets.len() == 1) {
                in1(mapped)
            } else {
                set2.contains(&mapped)
            };
            if sq_set && last == Some(mapped) {
                continue;
            }
        }
        last = Some(mapped);
        out.push(mapped);
    }
    CmdOutput::text(out)
}

/// What `tee` was asked to do.
#[derive(Debug, Default)]
struct TeeArgs {
    append: bool,
    /// `--output-error=exit[-nopipe]`: a write error ends tee, and the
    /// files after it stay as their open left them (truncated, unless -a).
    exit_on_error: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum Tee {
    Append,
    OutputError,
}

impl GnuArgs for TeeArgs {
    type Key = Tee;
    const TOOL: &'static str = "tee";
    /// GNU tee's options (coreutils 9.1); `-i` and `-p` are about signals
    /// and broken pipes, which a simulated pipe never raises, and
    /// `--output-error`'s warn modes are about the same.
    const OPTS: &'static [Opt<Tee>] = &[
        Opt::flag('a', "append", Tee::Append),
        Form::flag('i', "ignore-interrupts").ignored(),
        Form::short('p').ignored(),
        Opt::long_optional("output-error", Tee::OutputError),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Tee>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.files.push(f),
            Item::Flag(Tee::Append) => self.append = true,
            Item::Value(Tee::OutputError, v) => {
                let modes = ["warn", "warn-nopipe", "exit", "exit-nopipe"].map(|m| (m, m));
                self.exit_on_error =
                    argmatch("tee", "--output-error", &v, &modes)?.starts_with('e');
            }
            Item::Flag(Tee::OutputError) | Item::Value(..) => {}
        }
        Ok(())
    }
}

/// `tee [-a] [FILE]...`
pub fn tee(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    TeeArgs::parse(args).map_or_else(|e| e, |o| run_tee(ctx, o))
}

fn run_tee(ctx: &mut Ctx, o: TeeArgs) -> CmdOutput {
    let TeeArgs {
        append,
        exit_on_error,
        files,
    } = o;
    let input = ctx.stdin.clone().unwrap_or_default();
    let mut out = CmdOutput::default();
    let special = |f: &str| ["/dev/null", "/dev/stdout", "/dev/stderr"].contains(&f);
    let fail = |out: &mut CmdOutput, f: &str, e: &FsError| {
        let why = super::write_reason(&e.to_string()).to_string();
        out.stderr.push_str(&format!("tee: {f}: {why}\n"));
        out.status = 1;
    };
    // tee opens every file first (creating it, truncating it unless -a);
    // with --output-error=exit a file it cannot open ends it there.
    let mut opened = Vec::new();
    for f in files {
        if special(&f) || f.starts_with("/proc/") {
            opened.push(f);
            continue;
        }
        match ctx.world.write_file(ctx.netns.as_deref(), &f, "", append) {
            Ok(()) => opened.push(f),
            Err(e) => {
                fail(&mut out, &f, &e);
                if exit_on_error {
                    return out;
                }
            }
        }
    }
    out.stdout = input.clone();
    for f in opened {
        match f.as_str() {
            "/dev/null" => continue,
            "/dev/stdout" => {
                out.stdout.push_str(&input);
                continue;
            }
            "/dev/stderr" => {
                out.stderr.push_str(&input);
                continue;
            }
            _ => {}
        }
        if let Err(e) = ctx
            .world
            .write_file(ctx.netns.as_deref(), &f, &input, append)
        {
            fail(&mut out, &f, &e);
            // The files after it stay as their open left them.
            if exit_on_error {
                break;
            }
        }
    }
    out
}

fn decimals(s: &str) -> usize {
    s.split_once('.').map(|(_, d)| d.len()).unwrap_or(0)
}

/// What `seq` was asked to do.
#[derive(Debug)]
struct SeqArgs {
    /// `-f`: a printf format with one floating-point directive.
    format: Option<String>,
    sep: String,
    width: bool,
    /// The operands as written (their decimals set the precision).
    nums: Vec<String>,
    vals: Vec<f64>,
}

#[derive(Debug, Clone, Copy)]
enum Sq {
    Format,
    Sep,
    Width,
}

/// GNU seq's options (coreutils 9.1).
const SEQ_OPTS: &[Opt<Sq>] = &[
    Opt::with_value('f', "format", Sq::Format),
    Opt::with_value('s', "separator", Sq::Sep),
    Opt::flag('w', "equal-width", Sq::Width),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// seq's `-f` takes one `%` directive, of a floating-point kind.
fn check_format(f: &str) -> Result<(), CmdOutput> {
    let bad = |msg: String| CmdOutput::usage(1, format!("seq: format ‘{f}’ {msg}\n"));
    let c: Vec<char> = f.chars().collect();
    let mut found = false;
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            i += 1;
            continue;
        }
        if c.get(i + 1) == Some(&'%') {
            i += 2;
            continue;
        }
        if found {
            return Err(bad("has too many % directives".into()));
        }
        found = true;
        i += 1;
        while i < c.len() && "-+ 0#'".contains(c[i]) {
            i += 1;
        }
        while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
            i += 1;
        }
        match c.get(i) {
            Some(k) if "aAeEfFgG".contains(*k) => i += 1,
            Some(k) => return Err(bad(format!("has unknown %{k} directive"))),
            None => return Err(bad("ends in %".into())),
        }
    }
    if found {
        Ok(())
    } else {
        Err(bad("has no % directive".into()))
    }
}

/// seq's options end at its first operand (`+` in its option string) or
/// at a word that reads as a negative number (`seq -w -5 5`). A refused
/// option is named once getopt has found nothing else wrong.
fn seq_items(args: &[String]) -> Result<Vec<Item<Sq>>, CmdOutput> {
    use args::ArgError;
    let err = |e: ArgError| opt_error("seq", &e, 1);
    let mut items = Vec::new();
    let mut refused = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let negative =
            a.starts_with('-') && a[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if negative {
            break;
        }
        let one = match args::parse_in_order(SEQ_OPTS, &args[i..=i]) {
            Err(ArgError::ShortNeedsValue(_) | ArgError::LongNeedsValue(_))
                if i + 1 < args.len() =>
            {
                i += 1;
                args::parse_in_order(SEQ_OPTS, &args[i - 1..=i]).map_err(err)?
            }
            Err(ArgError::NotSimulated(name)) => {
                refused.get_or_insert(name);
                Vec::new()
            }
            r => r.map_err(err)?,
        };
        i += 1;
        let stop = a == "--" || matches!(one.first(), Some(Item::Operand(_)));
        if stop {
            i -= usize::from(a != "--");
            break;
        }
        items.extend(one);
    }
    if let Some(name) = refused {
        return Err(err(ArgError::NotSimulated(name)));
    }
    items.extend(args[i..].iter().cloned().map(Item::Operand));
    Ok(items)
}

fn parse_seq(args: &[String]) -> Result<SeqArgs, CmdOutput> {
    let mut o = SeqArgs {
        format: None,
        sep: "\n".to_string(),
        width: false,
        nums: Vec::new(),
        vals: Vec::new(),
    };
    for item in seq_items(args)? {
        match item {
            Item::Operand(n) => o.nums.push(n),
            Item::Value(Sq::Sep, v) => o.sep = v,
            Item::Value(Sq::Format, v) => o.format = Some(v),
            Item::Flag(Sq::Width) => o.width = true,
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    if o.nums.is_empty() {
        return Err(usage_error("seq", "missing operand", 1));
    }
    if o.nums.len() > 3 {
        return Err(usage_error(
            "seq",
            &format!("extra operand ‘{}’", o.nums[3]),
            1,
        ));
    }
    if let Some(f) = &o.format {
        check_format(f)?;
    }
    if o.format.is_some() && o.width {
        return Err(usage_error(
            "seq",
            "format string may not be specified when printing equal width strings",
            1,
        ));
    }
    for n in &o.nums {
        match n.parse::<f64>() {
            Ok(v) if v.is_finite() => o.vals.push(v),
            _ => {
                return Err(usage_error(
                    "seq",
                    &format!("invalid floating point argument: ‘{n}’"),
                    1,
                ))
            }
        }
    }
    if o.vals.len() == 3 && o.vals[1] == 0.0 {
        return Err(usage_error(
            "seq",
            &format!("invalid Zero increment value: ‘{}’", o.nums[1]),
            1,
        ));
    }
    Ok(o)
}

/// `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`
pub fn seq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_seq(args).map_or_else(|e| e, |o| run_seq(ctx, o))
}

fn run_seq(ctx: &mut Ctx, o: SeqArgs) -> CmdOutput {
    let SeqArgs {
        format,
        sep,
        width,
        nums,
        vals,
    } = o;
    let (first, inc, last) = match vals.as_slice() {
        [l] => (1.0, 1.0, *l),
        [f, l] => (*f, 1.0, *l),
        [f, s, l] => (*f, *s, *l),
        _ => unreachable!("one to three operands"),
    };
    let prec = nums.iter().map(|n| decimals(n)).max().unwrap_or(0);
    let prec = if nums.len() == 3 {
        prec
    } else {
        decimals(&nums[0]).max(decimals(nums.last().map(String::as_str).unwrap_or("")))
    };
    let fmt = |v: f64| match &format {
        Some(f) => super::awk_value::format(f, &[super::awk_value::Val::Num(v)]),
        None => format!("{v:.prec$}"),
    };
    let w = if width {
        fmt(first).len().max(fmt(last).len())
    } else {
        0
    };
    let mut out = String::new();
    let mut k = 0u64;
    loop {
        let v = first + inc * k as f64;
        if (inc > 0.0 && v > last + 1e-9) || (inc < 0.0 && v < last - 1e-9) {
            break;
        }
        if k > 0 {
            out.push_str(&sep);
        }
        let s = fmt(v);
        if width && s.len() < w {
            let (sign, digits) = s.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", &s));
            out.push_str(sign);
            out.push_str(&"0".repeat(w - s.len()));
            out.push_str(digits);
        } else {
            out.push_str(&s);
        }
        k += 1;
        if out.len() > SEQ_CAP || (k % 4096 == 0 && ctx.interrupted()) {
            let mut o = CmdOutput::text(out + "\n");
            o.stderr = format!("seq: netbook stops at {SEQ_CAP} bytes of output\n");
            o.status = 1;
            return o;
        }
    }
    if k > 0 {
        out.push('\n');
    }
    CmdOutput::text(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn tr_stops_at_its_first_operand() {
        let o = TrArgs::parse(&argv("-ds a -d")).unwrap();
        assert!(o.del && o.squeeze);
        assert_eq!(o.sets, argv("a -d"));
        assert!(TrArgs::parse(&argv("-d a b"))
            .unwrap_err()
            .stderr
            .contains("Only one string may be given when deleting without squeezing repeats."));
    }

    #[test]
    fn seq_options_end_at_a_negative_number() {
        let o = parse_seq(&argv("-w -s, -5 1")).unwrap();
        assert!(o.width);
        assert_eq!((o.sep.as_str(), o.nums.clone()), (",", argv("-5 1")));
        assert_eq!(parse_seq(&argv("-s -1 3")).unwrap().sep, "-1");
        assert_eq!(parse_seq(&argv("-- -1 1")).unwrap().nums, argv("-1 1"));
        let bad = parse_seq(&argv("1 -s, 3")).unwrap_err();
        assert!(bad
            .stderr
            .starts_with("seq: invalid floating point argument: ‘-s,’\n"));
    }

    #[test]
    fn refusals_come_after_getopt_and_name_the_option_as_written() {
        let err = |e: CmdOutput| (e.stderr, e.status);
        assert_eq!(
            err(parse_seq(&argv("--he -z 3")).unwrap_err()),
            (
                "seq: invalid option -- 'z'\nTry 'seq --help' for more information.\n".into(),
                1
            )
        );
        assert_eq!(
            err(parse_seq(&argv("-w --vers 3")).unwrap_err()),
            ("netbook: seq --version is not simulated\n".into(), 1)
        );
        assert_eq!(
            err(TrArgs::parse(&argv("--help a b")).unwrap_err()).0,
            "netbook: tr --help is not simulated\n"
        );
        let o = TeeArgs::parse(&argv("-ip --output-error=exit f")).unwrap();
        assert!(o.exit_on_error && !o.append);
        assert_eq!(o.files, argv("f"));
    }
}
