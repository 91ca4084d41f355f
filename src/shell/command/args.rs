//! One option parser for the tools that use glibc's `getopt_long`: a table
//! of options (short letter, long name, whether it takes a value) turns an
//! argv into typed items before a command touches the world.
//!
//! What it does as glibc does: clustered short flags (`-tlnp`), a short
//! option's value attached or in the next word (`-c3`, `-c 3`), long
//! options with `=` or the next word, unambiguous prefixes of long names
//! (`--num` for `--numeric`), `--` ending the options, operands anywhere
//! (argv is permuted), and glibc's messages for each mistake.

/// The ten options `-0` to `-9` of the tools that read a number as
/// digits glued together (`head -20`, `grep -5`), each made by `$f`.
macro_rules! digit_opts {
    ($f:expr) => {
        [
            $f('0'),
            $f('1'),
            $f('2'),
            $f('3'),
            $f('4'),
            $f('5'),
            $f('6'),
            $f('7'),
            $f('8'),
            $f('9'),
        ]
    };
}
pub(crate) use digit_opts;

/// How an option is spelled: its short letter, its long name, and
/// whether it takes a value.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// `-x`, if it has a short form.
    pub short: Option<char>,
    /// `--name`, if it has a long form.
    pub long: Option<&'static str>,
    /// It takes a value (`required_argument`).
    pub value: bool,
    /// It may take a value, attached only (`optional_argument`: `-pFILE`,
    /// `--load=FILE`); without one it comes out as a [`Item::Flag`].
    pub optional: bool,
}

impl Form {
    const fn new(short: Option<char>, long: Option<&'static str>, value: bool) -> Self {
        Form {
            short,
            long,
            value,
            optional: false,
        }
    }

    /// A flag with both forms.
    pub const fn flag(short: char, long: &'static str) -> Self {
        Self::new(Some(short), Some(long), false)
    }

    /// A short-only flag.
    pub const fn short(short: char) -> Self {
        Self::new(Some(short), None, false)
    }

    /// A short-only option with a value.
    pub const fn value(short: char) -> Self {
        Self::new(Some(short), None, true)
    }

    /// An option whose value is optional (attached only), in both forms.
    pub const fn optional(short: char, long: &'static str) -> Self {
        Self::new(Some(short), Some(long), false).with_optional_value()
    }

    /// A long-only flag.
    pub const fn long(long: &'static str) -> Self {
        Self::new(None, Some(long), false)
    }

    /// A long-only option with a value.
    pub const fn long_value(long: &'static str) -> Self {
        Self::new(None, Some(long), true)
    }

    /// A long-only option whose value is optional (`--color[=WHEN]`).
    pub const fn long_optional(long: &'static str) -> Self {
        Self::new(None, Some(long), false).with_optional_value()
    }

    /// An option with a value, in both forms.
    pub const fn with_value(short: char, long: &'static str) -> Self {
        Self::new(Some(short), Some(long), true)
    }

    const fn with_optional_value(self) -> Self {
        Form {
            optional: true,
            ..self
        }
    }

    /// The row that hands `key` to the command.
    pub const fn key<K>(self, key: K) -> Opt<K> {
        Opt {
            form: self,
            does: Does::Key(key),
        }
    }

    /// The row of an option netbook does not simulate: the parse fails
    /// naming it, once getopt has found nothing else wrong.
    pub const fn refused<K>(self) -> Opt<K> {
        Opt {
            form: self,
            does: Does::Refuse,
        }
    }

    /// The row of an option read and dropped, because it changes nothing
    /// the simulation could show (say why beside the row).
    pub const fn ignored<K>(self) -> Opt<K> {
        Opt {
            form: self,
            does: Does::Ignore,
        }
    }
}

/// What an option does once getopt has read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does<K> {
    /// It comes out as an item with this key.
    Key(K),
    /// Nothing: it is read (with its value) and dropped.
    Ignore,
    /// The parse fails with [`ArgError::NotSimulated`].
    Refuse,
}

/// One option of a tool: how it is spelled and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Opt<K> {
    /// How it is written.
    pub form: Form,
    /// What reading it does.
    pub does: Does<K>,
}

// The rows that hand a key over; [`Form`] makes the others.
impl<K> Opt<K> {
    /// A flag with both forms.
    pub const fn flag(short: char, long: &'static str, key: K) -> Self {
        Form::flag(short, long).key(key)
    }

    /// A short-only flag.
    pub const fn short(short: char, key: K) -> Self {
        Form::short(short).key(key)
    }

    /// A short-only option with a value.
    pub const fn value(short: char, key: K) -> Self {
        Form::value(short).key(key)
    }

    /// An option whose value is optional (attached only), in both forms.
    pub const fn optional(short: char, long: &'static str, key: K) -> Self {
        Form::optional(short, long).key(key)
    }

    /// A long-only flag.
    pub const fn long(long: &'static str, key: K) -> Self {
        Form::long(long).key(key)
    }

    /// A long-only option with a value.
    pub const fn long_value(long: &'static str, key: K) -> Self {
        Form::long_value(long).key(key)
    }

    /// A long-only option whose value is optional (`--color[=WHEN]`).
    pub const fn long_optional(long: &'static str, key: K) -> Self {
        Form::long_optional(long).key(key)
    }

    /// An option with a value, in both forms.
    pub const fn with_value(short: char, long: &'static str, key: K) -> Self {
        Form::with_value(short, long).key(key)
    }
}

/// One parsed item, in argv order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<K> {
    /// A flag.
    Flag(K),
    /// An option and its value.
    Value(K, String),
    /// A word that is not an option.
    Operand(String),
}

/// What was wrong, as glibc's getopt says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// `-z` is not in the table.
    Invalid(char),
    /// `--foo` is not in the table.
    Unrecognized(String),
    /// `--n` fits several long names.
    Ambiguous(String, Vec<&'static str>),
    /// `-c` at the end of argv.
    ShortNeedsValue(char),
    /// `--count` at the end of argv.
    LongNeedsValue(&'static str),
    /// `--numeric=yes` on a flag.
    LongTakesNoValue(&'static str),
    /// A real option this simulation does not have (as the user wrote
    /// it: `-D`, or the long name in full).
    NotSimulated(String),
}

impl ArgError {
    /// glibc's line (with its newline) for program `prog`.
    pub fn message(&self, prog: &str) -> String {
        match self {
            ArgError::Invalid(c) => format!("{prog}: invalid option -- '{c}'\n"),
            ArgError::Unrecognized(w) => format!("{prog}: unrecognized option '{w}'\n"),
            ArgError::Ambiguous(w, all) => {
                let list: Vec<String> = all.iter().map(|n| format!("'--{n}'")).collect();
                format!(
                    "{prog}: option '{w}' is ambiguous; possibilities: {}\n",
                    list.join(" ")
                )
            }
            ArgError::ShortNeedsValue(c) => {
                format!("{prog}: option requires an argument -- '{c}'\n")
            }
            ArgError::LongNeedsValue(n) => {
                format!("{prog}: option '--{n}' requires an argument\n")
            }
            ArgError::LongTakesNoValue(n) => {
                format!("{prog}: option '--{n}' doesn't allow an argument\n")
            }
            ArgError::NotSimulated(o) => format!("netbook: {prog} {o} is not simulated\n"),
        }
    }
}

/// Parses `args` against `table`; the first mistake ends it.
pub fn parse<K: Copy>(table: &[Opt<K>], args: &[String]) -> Result<Vec<Item<K>>, ArgError> {
    parse_with(table, args, false)
}

/// As [`parse`], but options end at the first operand, as getopt does
/// with a `+` in front of its option string (or POSIXLY_CORRECT): tools
/// that run another command (`sudo`, `ip netns exec`) must not read that
/// command's options.
pub fn parse_in_order<K: Copy>(
    table: &[Opt<K>],
    args: &[String],
) -> Result<Vec<Item<K>>, ArgError> {
    parse_with(table, args, true)
}

fn parse_with<K: Copy>(
    table: &[Opt<K>],
    args: &[String],
    in_order: bool,
) -> Result<Vec<Item<K>>, ArgError> {
    let mut out = Items {
        items: Vec::new(),
        refused: None,
    };
    // Plain getopt (a table without long names) reads `--x` as the
    // letters `-` and `x`: "invalid option -- '-'".
    let long_names = table.iter().any(|o| o.form.long.is_some());
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.operands(&args[i..]);
            break;
        }
        if in_order && (!a.starts_with('-') || a == "-") {
            out.operands(&args[i - 1..]);
            break;
        }
        if let Some(body) = a.strip_prefix("--").filter(|_| long_names) {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let opt = long_match(table, name, a)?;
            let long = opt.form.long.unwrap_or_default();
            let said = format!("--{long}");
            if opt.form.value {
                let v = match inline {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(ArgError::LongNeedsValue(long)),
                };
                out.push(opt, Some(v), said);
            } else if opt.form.optional {
                out.push(opt, inline, said);
            } else if inline.is_some() {
                return Err(ArgError::LongTakesNoValue(long));
            } else {
                out.push(opt, None, said);
            }
            continue;
        }
        let Some(letters) = a.strip_prefix('-').filter(|l| !l.is_empty()) else {
            out.operands(std::slice::from_ref(a));
            continue;
        };
        for (at, c) in letters.char_indices() {
            let Some(opt) = table.iter().find(|o| o.form.short == Some(c)) else {
                return Err(ArgError::Invalid(c));
            };
            let said = format!("-{c}");
            let rest = &letters[at + c.len_utf8()..];
            if opt.form.optional {
                let v = Some(rest.to_string()).filter(|r| !r.is_empty());
                out.push(opt, v, said);
                break;
            }
            if !opt.form.value {
                out.push(opt, None, said);
                continue;
            }
            let v = if !rest.is_empty() {
                rest.to_string()
            } else if i < args.len() {
                i += 1;
                args[i - 1].clone()
            } else {
                return Err(ArgError::ShortNeedsValue(c));
            };
            out.push(opt, Some(v), said);
            break;
        }
    }
    match out.refused {
        Some(name) => Err(ArgError::NotSimulated(name)),
        None => Ok(out.items),
    }
}

/// The items so far, and the first refused option (reported only if
/// getopt finds no mistake in the rest).
struct Items<K> {
    items: Vec<Item<K>>,
    refused: Option<String>,
}

impl<K: Copy> Items<K> {
    fn push(&mut self, opt: &Opt<K>, value: Option<String>, said: String) {
        match (opt.does, value) {
            (Does::Key(k), Some(v)) => self.items.push(Item::Value(k, v)),
            (Does::Key(k), None) => self.items.push(Item::Flag(k)),
            (Does::Ignore, _) => {}
            (Does::Refuse, _) => {
                self.refused.get_or_insert(said);
            }
        }
    }

    fn operands(&mut self, words: &[String]) {
        self.items.extend(words.iter().cloned().map(Item::Operand));
    }
}

/// An exact long name, else the one name it is a prefix of.
fn long_match<'t, K>(table: &'t [Opt<K>], name: &str, word: &str) -> Result<&'t Opt<K>, ArgError> {
    if let Some(o) = table.iter().find(|o| o.form.long == Some(name)) {
        return Ok(o);
    }
    let hits: Vec<&Opt<K>> = table
        .iter()
        .filter(|o| !name.is_empty() && o.form.long.is_some_and(|l| l.starts_with(name)))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        // glibc names the whole word, `=value` included.
        [] => Err(ArgError::Unrecognized(word.to_string())),
        many => Err(ArgError::Ambiguous(
            word.to_string(),
            many.iter().filter_map(|o| o.form.long).collect(),
        )),
    }
}

/// A command line split on blanks, for the parsers' unit tests.
#[cfg(test)]
pub(crate) fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum K {
        Numeric,
        Net,
        NoHeader,
        Count,
        Tcp,
        Load,
    }

    const TABLE: &[Opt<K>] = &[
        Opt::flag('n', "numeric", K::Numeric),
        Opt::with_value('N', "net", K::Net),
        Opt::flag('H', "no-header", K::NoHeader),
        Opt::with_value('c', "count", K::Count),
        Opt::flag('t', "tcp", K::Tcp),
        Opt::optional('p', "load", K::Load),
    ];

    use super::words as argv;

    #[test]
    fn clusters_values_and_operands_in_order() {
        let items = parse(TABLE, &argv("-tn dst -c3 --count 4 --count=5 -tc 6 -- -x")).unwrap();
        use Item::*;
        assert_eq!(
            items,
            vec![
                Flag(K::Tcp),
                Flag(K::Numeric),
                Operand("dst".into()),
                Value(K::Count, "3".into()),
                Value(K::Count, "4".into()),
                Value(K::Count, "5".into()),
                Flag(K::Tcp),
                Value(K::Count, "6".into()),
                Operand("-x".into()),
            ]
        );
        assert_eq!(
            parse(TABLE, &argv("--tc - x")).unwrap()[1],
            Operand("-".into())
        );
    }

    #[test]
    fn glibc_messages() {
        let err = |s: &str| parse(TABLE, &argv(s)).unwrap_err().message("ss");
        assert_eq!(err("-tz"), "ss: invalid option -- 'z'\n");
        assert_eq!(err("--foo=1"), "ss: unrecognized option '--foo=1'\n");
        assert_eq!(
            err("--n"),
            "ss: option '--n' is ambiguous; possibilities: '--numeric' '--net' '--no-header'\n"
        );
        assert_eq!(err("-c"), "ss: option requires an argument -- 'c'\n");
        assert_eq!(
            err("--count"),
            "ss: option '--count' requires an argument\n"
        );
        assert_eq!(
            err("--tcp=1"),
            "ss: option '--tcp' doesn't allow an argument\n"
        );
        assert_eq!(
            parse(TABLE, &argv("--nu")).unwrap(),
            vec![Item::Flag(K::Numeric)]
        );
    }

    #[test]
    fn optional_values_attach_or_are_absent() {
        use Item::*;
        assert_eq!(
            parse(TABLE, &argv("-p f -pg --load --load=h")).unwrap(),
            vec![
                Flag(K::Load),
                Operand("f".into()),
                Value(K::Load, "g".into()),
                Flag(K::Load),
                Value(K::Load, "h".into()),
            ]
        );
        assert_eq!(
            parse(TABLE, &argv("-tp")).unwrap(),
            vec![Flag(K::Tcp), Flag(K::Load)]
        );
    }

    #[test]
    fn in_order_stops_at_the_first_operand() {
        use Item::*;
        assert_eq!(
            parse_in_order(TABLE, &argv("-n cmd -t -x")).unwrap(),
            vec![
                Flag(K::Numeric),
                Operand("cmd".into()),
                Operand("-t".into()),
                Operand("-x".into()),
            ]
        );
        assert!(parse(TABLE, &argv("-n cmd -x")).is_err());
    }

    #[test]
    fn refused_rows_fail_after_getopt_and_ignored_rows_vanish() {
        const ROWS: &[Opt<K>] = &[
            Opt::flag('n', "numeric", K::Numeric),
            Form::with_value('C', "config").refused(),
            Form::flag('D', "show-depends").refused(),
            Form::flag('u', "unbuffered").ignored(),
        ];
        let p = |s: &str| parse(ROWS, &argv(s));
        assert_eq!(
            p("-u -n x -u"),
            Ok(vec![Item::Flag(K::Numeric), Item::Operand("x".into())])
        );
        // The first refused option is named as written, the long one in full.
        assert_eq!(
            p("-nD --show -C f"),
            Err(ArgError::NotSimulated("-D".into()))
        );
        assert_eq!(
            p("--show"),
            Err(ArgError::NotSimulated("--show-depends".into()))
        );
        // getopt's own mistakes, anywhere, come first.
        assert_eq!(p("-D -z"), Err(ArgError::Invalid('z')));
        assert_eq!(p("-D -C"), Err(ArgError::ShortNeedsValue('C')));
        assert_eq!(
            p("-C x").unwrap_err().message("modprobe"),
            "netbook: modprobe -C is not simulated\n"
        );
    }
}
