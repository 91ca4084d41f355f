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

/// One option of a tool.
#[derive(Debug, Clone, Copy)]
pub struct Opt<K> {
    /// `-x`, if it has a short form.
    pub short: Option<char>,
    /// `--name`, if it has a long form.
    pub long: Option<&'static str>,
    /// It takes a value (`required_argument`).
    pub value: bool,
    /// It may take a value, attached only (`optional_argument`: `-pFILE`,
    /// `--load=FILE`); without one it comes out as a [`Item::Flag`].
    pub optional: bool,
    /// What the command matches on.
    pub key: K,
}

impl<K: Copy> Opt<K> {
    const fn new(short: Option<char>, long: Option<&'static str>, value: bool, key: K) -> Self {
        Opt {
            short,
            long,
            value,
            optional: false,
            key,
        }
    }

    /// A flag with both forms.
    pub const fn flag(short: char, long: &'static str, key: K) -> Self {
        Self::new(Some(short), Some(long), false, key)
    }

    /// A short-only flag.
    pub const fn short(short: char, key: K) -> Self {
        Self::new(Some(short), None, false, key)
    }

    /// A short-only option with a value.
    pub const fn value(short: char, key: K) -> Self {
        Self::new(Some(short), None, true, key)
    }

    /// An option whose value is optional (attached only), in both forms.
    pub const fn optional(short: char, long: &'static str, key: K) -> Self {
        Self::new(Some(short), Some(long), false, key).with_optional_value()
    }

    /// A long-only flag.
    pub const fn long(long: &'static str, key: K) -> Self {
        Self::new(None, Some(long), false, key)
    }

    /// A long-only option with a value.
    pub const fn long_value(long: &'static str, key: K) -> Self {
        Self::new(None, Some(long), true, key)
    }

    /// A long-only option whose value is optional (`--color[=WHEN]`).
    pub const fn long_optional(long: &'static str, key: K) -> Self {
        Self::new(None, Some(long), false, key).with_optional_value()
    }

    /// An option with a value, in both forms.
    pub const fn with_value(short: char, long: &'static str, key: K) -> Self {
        Self::new(Some(short), Some(long), true, key)
    }

    const fn with_optional_value(self) -> Self {
        Opt {
            optional: true,
            ..self
        }
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
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.extend(args[i..].iter().cloned().map(Item::Operand));
            break;
        }
        if in_order && (!a.starts_with('-') || a == "-") {
            out.extend(args[i - 1..].iter().cloned().map(Item::Operand));
            break;
        }
        // Plain getopt (a table without long names) reads `--x` as the
        // letters `-` and `x`: "invalid option -- '-'".
        let long_names = table.iter().any(|o| o.long.is_some());
        if let Some(body) = a.strip_prefix("--").filter(|_| long_names) {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let opt = long_match(table, name, a)?;
            let long = opt.long.unwrap_or_default();
            if opt.value {
                let v = match inline {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(ArgError::LongNeedsValue(long)),
                };
                out.push(Item::Value(opt.key, v));
            } else if opt.optional {
                out.push(match inline {
                    Some(v) => Item::Value(opt.key, v),
                    None => Item::Flag(opt.key),
                });
            } else if inline.is_some() {
                return Err(ArgError::LongTakesNoValue(long));
            } else {
                out.push(Item::Flag(opt.key));
            }
            continue;
        }
        let Some(letters) = a.strip_prefix('-').filter(|l| !l.is_empty()) else {
            out.push(Item::Operand(a.clone()));
            continue;
        };
        for (at, c) in letters.char_indices() {
            let Some(opt) = table.iter().find(|o| o.short == Some(c)) else {
                return Err(ArgError::Invalid(c));
            };
            let rest = &letters[at + c.len_utf8()..];
            if opt.optional {
                out.push(if rest.is_empty() {
                    Item::Flag(opt.key)
                } else {
                    Item::Value(opt.key, rest.to_string())
                });
                break;
            }
            if !opt.value {
                out.push(Item::Flag(opt.key));
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
            out.push(Item::Value(opt.key, v));
            break;
        }
    }
    Ok(out)
}

/// An exact long name, else the one name it is a prefix of.
fn long_match<'t, K>(table: &'t [Opt<K>], name: &str, word: &str) -> Result<&'t Opt<K>, ArgError> {
    if let Some(o) = table.iter().find(|o| o.long == Some(name)) {
        return Ok(o);
    }
    let hits: Vec<&Opt<K>> = table
        .iter()
        .filter(|o| !name.is_empty() && o.long.is_some_and(|l| l.starts_with(name)))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        // glibc names the whole word, `=value` included.
        [] => Err(ArgError::Unrecognized(word.to_string())),
        many => Err(ArgError::Ambiguous(
            word.to_string(),
            many.iter().filter_map(|o| o.long).collect(),
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
}
