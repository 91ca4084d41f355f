//! `getopts` (bash's, with `OPTIND`, `OPTARG` and the silent mode of a
//! leading `:`) and `readarray`/`mapfile` (`-t`, `-n`, `-s`).

use super::builtins::valid_name;
use super::eval::Exec;

/// What one `getopts` call found.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No option left: status 1.
    End,
    /// An option, with its argument if it takes one.
    Opt(char, Option<String>),
    /// A letter not in the option string.
    Illegal(char),
    /// An option whose argument is missing.
    Missing(char),
}

/// The next option of `args` at (`optind`, `pos`): `optind` counts words
/// from 1, `pos` characters inside the word (1 past its `-`). Returns what
/// was found and where the next call starts.
fn next_opt(spec: &str, args: &[String], optind: usize, pos: usize) -> (Found, usize, usize) {
    let Some(word) = args.get(optind - 1) else {
        return (Found::End, optind, 1);
    };
    if word == "--" {
        return (Found::End, optind + 1, 1);
    }
    if !word.starts_with('-') || word == "-" {
        return (Found::End, optind, 1);
    }
    let chars: Vec<char> = word.chars().collect();
    let pos = pos.clamp(1, chars.len() - 1);
    let c = chars[pos];
    let done = pos + 1 >= chars.len();
    let after = if done {
        (optind + 1, 1)
    } else {
        (optind, pos + 1)
    };
    let Some(i) = spec.find(c).filter(|_| c != ':') else {
        return (Found::Illegal(c), after.0, after.1);
    };
    if !spec[i + c.len_utf8()..].starts_with(':') {
        return (Found::Opt(c, None), after.0, after.1);
    }
    if !done {
        let rest: String = chars[pos + 1..].iter().collect();
        return (Found::Opt(c, Some(rest)), optind + 1, 1);
    }
    match args.get(optind) {
        Some(a) => (Found::Opt(c, Some(a.clone())), optind + 2, 1),
        None => (Found::Missing(c), optind + 1, 1),
    }
}

impl Exec<'_> {
    /// `getopts OPTSTRING NAME [ARG...]`.
    pub(super) fn getopts(&mut self, args: &[String]) -> i32 {
        let [optstring, name, rest @ ..] = args else {
            self.write(2, "getopts: usage: getopts optstring name [arg ...]\n");
            return 2;
        };
        if !valid_name(name) {
            self.write(
                2,
                &format!("bash: getopts: `{name}': not a valid identifier\n"),
            );
            return 1;
        }
        let words = if rest.is_empty() {
            self.sh.positional.clone()
        } else {
            rest.to_vec()
        };
        let optind = self
            .sh
            .get("OPTIND")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n >= 1)
            .unwrap_or(1);
        // bash restarts inside a word only where it left off.
        let (left_at, pos) = self.sh.getopts_at;
        let pos = if left_at == optind { pos } else { 1 };
        let (silent, spec) = match optstring.strip_prefix(':') {
            Some(s) => (true, s),
            None => (false, optstring.as_str()),
        };
        let (found, next, next_pos) = next_opt(spec, &words, optind, pos);
        self.sh.getopts_at = (next, next_pos);
        self.sh.set("OPTIND", next.to_string());
        let arg0 = self.sh.arg0.clone();
        let (value, optarg) = match found {
            Found::End => {
                self.sh.unset("OPTARG");
                self.sh.set(name, "?");
                return 1;
            }
            Found::Opt(c, arg) => (c.to_string(), arg),
            Found::Illegal(c) if silent => ("?".into(), Some(c.to_string())),
            Found::Missing(c) if silent => (":".into(), Some(c.to_string())),
            Found::Illegal(c) => {
                self.write(2, &format!("{arg0}: illegal option -- {c}\n"));
                ("?".into(), None)
            }
            Found::Missing(c) => {
                self.write(2, &format!("{arg0}: option requires an argument -- {c}\n"));
                ("?".into(), None)
            }
        };
        match optarg {
            Some(a) => self.sh.set("OPTARG", a),
            None => self.sh.unset("OPTARG"),
        }
        self.sh.set(name, value);
        0
    }

    /// `readarray`/`mapfile [-t] [-n COUNT] [-s SKIP] [ARRAY]`: the lines
    /// of stdin (all that is left of it), one element each.
    pub(super) fn readarray(&mut self, builtin: &str, args: &[String]) -> i32 {
        let mut trim = false;
        let (mut count, mut skip) = (0usize, 0usize);
        let mut name = "MAPFILE".to_string();
        let mut i = 0;
        while let Some(a) = args.get(i) {
            match a.as_str() {
                "-t" => trim = true,
                "-n" | "-s" => {
                    i += 1;
                    let Some(n) = args.get(i).and_then(|v| v.parse::<usize>().ok()) else {
                        let v = args.get(i).map(String::as_str).unwrap_or("");
                        self.write(2, &format!("bash: {builtin}: {v}: invalid line count\n"));
                        return 1;
                    };
                    if a == "-n" {
                        count = n;
                    } else {
                        skip = n;
                    }
                }
                o if o.starts_with('-') && o.len() > 1 => {
                    self.write(2, &format!("netbook: {builtin} {o} is not simulated\n"));
                    return 2;
                }
                n => name = n.to_string(),
            }
            i += 1;
        }
        if !valid_name(&name) {
            self.write(
                2,
                &format!("bash: {builtin}: `{name}': not a valid identifier\n"),
            );
            return 1;
        }
        let text = match self.fds.input.clone() {
            Some(input) => input.borrow_mut().take_all(),
            None => String::new(),
        };
        self.sh.unset(&name);
        self.sh.arrays.insert(name.clone(), Default::default());
        let lines = text.split_inclusive('\n').skip(skip);
        let lines = lines.take(if count == 0 { usize::MAX } else { count });
        for (k, l) in lines.enumerate() {
            let l = if trim {
                l.strip_suffix('\n').unwrap_or(l)
            } else {
                l
            };
            self.sh.set_element(&name, k as i64, l.to_string());
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_found_as_bash_finds_them() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let args = w(&["-ac", "-bX", "-b", "v", "-x", "-b"]);
        let mut at = (1, 1);
        let mut got = Vec::new();
        loop {
            let (f, n, p) = next_opt("ab:c", &args, at.0, at.1);
            got.push((f, n));
            if got.last().is_some_and(|(f, _)| *f == Found::End) {
                break;
            }
            at = (n, p);
        }
        let opt = |c, a: Option<&str>| Found::Opt(c, a.map(str::to_string));
        assert_eq!(
            got,
            [
                (opt('a', None), 1),
                (opt('c', None), 2),
                (opt('b', Some("X")), 3),
                (opt('b', Some("v")), 5),
                (Found::Illegal('x'), 6),
                (Found::Missing('b'), 7),
                (Found::End, 7),
            ]
        );
        assert_eq!(next_opt("a", &w(&["--", "-a"]), 1, 1).0, Found::End);
        assert_eq!(next_opt("a", &w(&["--", "-a"]), 1, 1).1, 2);
        assert_eq!(next_opt("a", &w(&["x"]), 1, 1).0, Found::End);
    }
}
