//! `grep`, as GNU grep 3.8 reads its options and prints its lines:
//! patterns from `-e`/`-f` or the first operand, `-E -F -G`, `-i -v -w -x`,
//! `-c -l -L -o -q -s -m`, file name and line number prefixes, and
//! context (`-A -B -C`, `-NUM`) with its group separators.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::sed::bre_to_ere;
use super::{not_simulated, parse_merged};
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::coreutils::read_operand;
use crate::shell::command::gnu::refused_or;
use crate::shell::command::{CmdOutput, Ctx};

const TRY: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Syntax {
    #[default]
    Basic,
    Extended,
    Fixed,
}

/// Where patterns come from, in argv order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Text(String),
    File(String),
}

/// What `grep` was asked to do.
#[derive(Debug, Default)]
struct GrepArgs {
    sources: Vec<Source>,
    syntax: Syntax,
    icase: bool,
    invert: bool,
    word: bool,
    line: bool,
    count: bool,
    quiet: bool,
    only: bool,
    number: bool,
    no_messages: bool,
    /// `-H` / `-h`; otherwise names are shown with several files.
    with_filename: Option<bool>,
    /// `-l` (true) / `-L` (false).
    list: Option<bool>,
    max_count: Option<u64>,
    after: Option<usize>,
    before: Option<usize>,
    /// `--` by default; printed between groups only with context.
    separator: Option<String>,
    context_on: bool,
    label: String,
    /// `-a`: a file with NUL bytes prints its lines all the same.
    text: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum G {
    Extended,
    Fixed,
    Basic,
    After,
    Before,
    Context,
    Digit(u8),
    Color,
    Count,
    Regexp,
    File,
    ListMatching,
    ListMissing,
    GroupSep,
    NoGroupSep,
    IgnoreCase,
    NoIgnoreCase,
    Label,
    LineNumber,
    LineRegexp,
    MaxCount,
    NoFilename,
    WithFilename,
    NoMessages,
    OnlyMatching,
    Quiet,
    Invert,
    Word,
    /// `-U` (DOS binary mode: nothing on Linux) and `--line-buffered`
    /// (a simulated pipe has no buffer to flush) change nothing, but end
    /// a run of context digits as any option does (`-1U2` is `-C 2`).
    Inert,
    Text,
}

const fn digit(c: char) -> Opt<G> {
    Opt::short(c, G::Digit(c as u8 - b'0'))
}

/// GNU grep 3.8's options.
const GREP_OPTS: &[Opt<G>] = &[
    Opt::flag('G', "basic-regexp", G::Basic),
    Opt::flag('E', "extended-regexp", G::Extended),
    Opt::long("fixed-regexp", G::Fixed),
    Opt::flag('F', "fixed-strings", G::Fixed),
    Form::flag('P', "perl-regexp").refused(),
    Opt::with_value('A', "after-context", G::After),
    Opt::with_value('B', "before-context", G::Before),
    Form::long_value("binary-files").refused(),
    Form::flag('b', "byte-offset").refused(),
    Opt::with_value('C', "context", G::Context),
    Opt::long_optional("color", G::Color),
    Opt::long_optional("colour", G::Color),
    Opt::flag('c', "count", G::Count),
    Form::with_value('D', "devices").refused(),
    Form::with_value('d', "directories").refused(),
    Form::flag('R', "dereference-recursive").refused(),
    Form::long_value("exclude").refused(),
    Form::long_value("exclude-from").refused(),
    Form::long_value("exclude-dir").refused(),
    Opt::with_value('f', "file", G::File),
    Opt::flag('l', "files-with-matches", G::ListMatching),
    Opt::flag('L', "files-without-match", G::ListMissing),
    Opt::long_value("group-separator", G::GroupSep),
    Form::long("help").refused(),
    Form::long_value("include").refused(),
    Opt::flag('i', "ignore-case", G::IgnoreCase),
    Opt::short('y', G::IgnoreCase),
    Opt::long("no-ignore-case", G::NoIgnoreCase),
    Form::flag('T', "initial-tab").refused(),
    Opt::long_value("label", G::Label),
    Opt::long("line-buffered", G::Inert),
    Opt::flag('n', "line-number", G::LineNumber),
    Opt::flag('x', "line-regexp", G::LineRegexp),
    Opt::with_value('m', "max-count", G::MaxCount),
    Opt::flag('h', "no-filename", G::NoFilename),
    Opt::long("no-group-separator", G::NoGroupSep),
    Opt::flag('s', "no-messages", G::NoMessages),
    Form::flag('Z', "null").refused(),
    Form::flag('z', "null-data").refused(),
    Opt::flag('o', "only-matching", G::OnlyMatching),
    Opt::flag('q', "quiet", G::Quiet),
    Form::flag('r', "recursive").refused(),
    Opt::with_value('e', "regexp", G::Regexp),
    Opt::flag('v', "invert-match", G::Invert),
    Opt::long("silent", G::Quiet),
    Opt::flag('a', "text", G::Text),
    Opt::flag('U', "binary", G::Inert),
    Form::flag('u', "unix-byte-offsets").refused(),
    Form::flag('V', "version").refused(),
    Opt::flag('H', "with-filename", G::WithFilename),
    Opt::flag('w', "word-regexp", G::Word),
    Form::value('X').refused(),
];

const DIGITS: [Opt<G>; 10] = crate::shell::command::args::digit_opts!(digit);

fn context_len(v: &str) -> Result<usize, CmdOutput> {
    v.parse::<usize>()
        .map_err(|_| CmdOutput::usage(2, format!("grep: {v}: invalid context length argument\n")))
}

fn parse(args: &[String]) -> Result<GrepArgs, CmdOutput> {
    let table: Vec<Opt<G>> = GREP_OPTS.iter().chain(DIGITS.iter()).copied().collect();
    let items = parse_merged(&table, args)
        .map_err(|e| refused_or("grep", 2, &e, |m| CmdOutput::usage(2, m + TRY)))?;
    let mut o = GrepArgs {
        label: "(standard input)".into(),
        text: false,
        separator: Some("--".into()),
        ..Default::default()
    };
    let mut context: Option<usize> = None;
    // `-NUM` is context; digits of one run make one number.
    let mut digits: Option<String> = None;
    let mut operands = Vec::new();
    for item in items {
        if let Item::Flag(G::Digit(d)) = item {
            let s = digits.get_or_insert_with(String::new);
            s.push(char::from(b'0' + d));
            context = Some(context_len(s)?);
            continue;
        }
        digits = None;
        match item {
            Item::Operand(a) => operands.push(a),
            Item::Flag(G::Extended) => o.syntax = Syntax::Extended,
            Item::Flag(G::Fixed) => o.syntax = Syntax::Fixed,
            Item::Flag(G::Basic) => o.syntax = Syntax::Basic,
            Item::Value(G::After, v) => o.after = Some(context_len(&v)?),
            Item::Value(G::Before, v) => o.before = Some(context_len(&v)?),
            Item::Value(G::Context, v) => context = Some(context_len(&v)?),
            Item::Flag(G::Color) => {}
            Item::Value(G::Color, v) => match v.as_str() {
                "never" | "no" | "none" | "auto" | "tty" | "if-tty" => {}
                // Another word shows grep's --help.
                _ => return Err(not_simulated("grep", &format!("--color={v}"), 2)),
            },
            Item::Flag(G::Count) => o.count = true,
            Item::Value(G::Regexp, v) => o.sources.push(Source::Text(v)),
            Item::Value(G::File, v) => o.sources.push(Source::File(v)),
            Item::Flag(G::ListMatching) => o.list = Some(true),
            Item::Flag(G::ListMissing) => o.list = Some(false),
            Item::Value(G::GroupSep, v) => o.separator = Some(v),
            Item::Flag(G::NoGroupSep) => o.separator = None,
            Item::Flag(G::IgnoreCase) => o.icase = true,
            Item::Flag(G::NoIgnoreCase) => o.icase = false,
            Item::Value(G::Label, v) => o.label = v,
            Item::Flag(G::Text) => o.text = true,
            Item::Flag(G::LineNumber) => o.number = true,
            Item::Flag(G::LineRegexp) => o.line = true,
            Item::Value(G::MaxCount, v) => {
                o.max_count = Some(
                    v.parse::<i64>()
                        .map(|n| n.max(0) as u64)
                        .map_err(|_| CmdOutput::usage(2, "grep: invalid max count\n"))?,
                )
            }
            Item::Flag(G::NoFilename) => o.with_filename = Some(false),
            Item::Flag(G::WithFilename) => o.with_filename = Some(true),
            Item::Flag(G::NoMessages) => o.no_messages = true,
            Item::Flag(G::OnlyMatching) => o.only = true,
            Item::Flag(G::Quiet) => o.quiet = true,
            Item::Flag(G::Invert) => o.invert = true,
            Item::Flag(G::Word) => o.word = true,
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    o.context_on = o.after.is_some() || o.before.is_some() || context.is_some();
    o.after = o.after.or(context);
    o.before = o.before.or(context);
    let mut operands = operands.into_iter();
    if o.sources.is_empty() {
        match operands.next() {
            Some(p) => o.sources.push(Source::Text(p)),
            None => return Err(CmdOutput::usage(2, TRY)),
        }
    }
    o.files = operands.collect();
    Ok(o)
}

/// The patterns joined into one regex, or grep's message.
fn build_regex(o: &GrepArgs, patterns: &[String]) -> Result<regex_lite::Regex, String> {
    let one = |p: &str| match o.syntax {
        Syntax::Fixed => regex_lite::escape(p),
        Syntax::Extended => p.to_string(),
        Syntax::Basic => bre_to_ere(p),
    };
    let alts: Vec<String> = patterns.iter().map(|p| format!("(?:{})", one(p))).collect();
    let mut re = format!("(?:{})", alts.join("|"));
    if o.line {
        re = format!("^(?:{re})$");
    }
    // Group 1 is the match itself, with or without the word edges.
    re = if o.word {
        format!(r"(?:^|[^\w])({re})(?:[^\w]|$)")
    } else {
        format!("({re})")
    };
    if o.icase {
        re = format!("(?i){re}");
    }
    regex_lite::Regex::new(&re).map_err(|_| {
        let first = patterns.first().map_or("", String::as_str);
        format!("grep: Unmatched ( or \\(: {first}\n")
    })
}

/// `grep [OPTION]... PATTERNS [FILE]...`
pub fn grep(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse(args).map_or_else(|e| e, |o| run(ctx, &o))
}

fn run(ctx: &mut Ctx, o: &GrepArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let mut patterns = Vec::new();
    for s in &o.sources {
        match s {
            Source::Text(t) => patterns.extend(t.split('\n').map(String::from)),
            Source::File(f) => match ctx.world.read_file(ctx.netns.as_deref(), f) {
                Ok(t) => patterns.extend(t.lines().map(String::from)),
                Err(e) => return CmdOutput::error(2, format!("grep: {e}\n")),
            },
        }
    }
    // `-f /dev/null`: no pattern matches nothing.
    let re = if patterns.is_empty() {
        None
    } else {
        match build_regex(o, &patterns) {
            Ok(r) => Some(r),
            Err(m) => return CmdOutput::usage(2, m),
        }
    };
    let names = o.with_filename.unwrap_or(o.files.len() > 1);
    let stdin_op = ["-".to_string()];
    let ops = if o.files.is_empty() {
        &stdin_op[..]
    } else {
        &o.files[..]
    };
    let mut matched = false;
    let mut text = String::new();
    let mut stdin_read = false;
    // Files are read as grep reaches them: `-q` stops at the first match.
    for op in ops {
        let input = match read_operand(ctx, op, &mut stdin_read) {
            Ok(t) => t,
            Err(e) => {
                if !o.no_messages {
                    out.stderr.push_str(&format!("grep: {e}\n"));
                }
                out.status = 2;
                continue;
            }
        };
        let name = if op == "-" { o.label.as_str() } else { op };
        // A NUL makes the data binary (grep 3.8 reads a small file in one
        // buffer): a match is said on stderr instead of printed.
        let binary = !o.text && !o.quiet && input.contains('\0');
        let mut lines = String::new();
        let hits = grep_one(o, re.as_ref(), name, names, &input, &mut lines);
        if binary && !lines.is_empty() {
            out.stderr
                .push_str(&format!("grep: {name}: binary file matches\n"));
        } else {
            text.push_str(&lines);
        }
        matched |= hits > 0;
        if o.quiet && matched {
            break;
        }
        match o.list {
            Some(want) if want == (hits > 0) => text.push_str(&format!("{name}\n")),
            Some(_) => {}
            None if o.count && names => text.push_str(&format!("{name}:{hits}\n")),
            None if o.count => text.push_str(&format!("{hits}\n")),
            None => {}
        }
    }
    if !o.quiet {
        out.stdout = text;
    }
    // -L succeeds when it lists a file (grep 3.5 on).
    let success = match o.list {
        Some(false) => !out.stdout.is_empty(),
        _ => matched,
    };
    out.status = if out.status == 2 && !(o.quiet && success) {
        2
    } else if success {
        0
    } else {
        1
    };
    out
}

/// Greps one input into `text` (unless counting or listing); the number
/// of selected lines.
fn grep_one(
    o: &GrepArgs,
    re: Option<&regex_lite::Regex>,
    name: &str,
    names: bool,
    input: &str,
    text: &mut String,
) -> u64 {
    let print = o.list.is_none() && !o.count;
    let lines: Vec<&str> = input.lines().collect();
    let (after, before) = (o.after.unwrap_or(0), o.before.unwrap_or(0));
    let prefix = |i: usize, sep: char| {
        let mut p = String::new();
        if names {
            p.push_str(name);
            p.push(sep);
        }
        if o.number {
            p.push_str(&format!("{}{sep}", i + 1));
        }
        p
    };
    let put = |text: &mut String, i: usize, sep: char, body: &str| {
        text.push_str(&prefix(i, sep));
        text.push_str(body);
        text.push('\n');
    };
    let mut hits = 0u64;
    // The next line not yet printed, and the last line of trailing context.
    let mut printed_to: Option<usize> = None;
    let mut trail_until = 0usize;
    for (i, line) in lines.iter().enumerate() {
        // Past --max-count nothing is selected, but the trailing context
        // of the last match still prints.
        let capped = o.max_count.is_some_and(|m| hits >= m);
        let selected = !capped && re.is_some_and(|r| r.is_match(line)) != o.invert;
        if !selected {
            if print && i < trail_until && !o.only {
                put(text, i, '-', line);
                printed_to = Some(i + 1);
            } else if capped {
                break;
            }
            continue;
        }
        hits += 1;
        if !print {
            if o.quiet || o.list.is_some() {
                break;
            }
            continue;
        }
        let from = i.saturating_sub(before).max(printed_to.unwrap_or(0));
        if let (Some(sep), Some(p)) = (&o.separator, printed_to) {
            if o.context_on && from > p {
                text.push_str(sep);
                text.push('\n');
            }
        }
        if !o.only {
            for (j, l) in lines.iter().enumerate().take(i).skip(from) {
                put(text, j, '-', l);
            }
        }
        printed_to = Some(i + 1);
        trail_until = i + 1 + after;
        if o.only {
            if o.invert {
                continue;
            }
            if let Some(r) = re {
                for caps in r.captures_iter(line) {
                    if let Some(m) = caps.get(1).filter(|m| !m.is_empty()) {
                        put(text, i, ':', m.as_str());
                    }
                }
            }
            continue;
        }
        put(text, i, ':', line);
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn digits_refusals_and_ambiguity_as_grep_reads_them() {
        let o = parse(&argv("-1U2 x")).unwrap();
        assert_eq!((o.after, o.before), (Some(2), Some(2)));
        assert_eq!(parse(&argv("-12 x")).unwrap().after, Some(12));
        let err = |s: &str| parse(&argv(s)).unwrap_err();
        let e = err("-V -i x");
        assert_eq!(
            (e.stderr, e.status),
            ("netbook: grep -V is not simulated\n".into(), 2)
        );
        assert_eq!(
            err("--exclude-d=a x").stderr,
            "netbook: grep --exclude-dir is not simulated\n"
        );
        // Two refused options are still two: the prefix is ambiguous.
        assert!(err("--exclude-=a x").stderr.starts_with(
            "grep: option '--exclude-=a' is ambiguous; \
             possibilities: '--exclude-from' '--exclude-dir'\nUsage: grep"
        ));
        assert_eq!(parse(&argv("--col=never x")).unwrap().files, argv(""));
    }
}
