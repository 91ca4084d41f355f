//! `expr` (GNU coreutils 9.1): evaluates the expression its words make,
//! by the grammar of expr.c (`|` binds loosest, then `&`, the
//! comparisons, `+ -`, `* / %`, `:`, and the keywords `match`,
//! `substr`, `index`, `length`, `+ TOKEN`). Exit status 0 when the
//! result is neither empty nor 0, 1 when it is, 2 for a bad expression
//! or regular expression.
//! Integers are 128-bit; GMP's larger ones are refused.

use super::sed::bre_to_ere;
use crate::shell::command::gnu::try_help;
use crate::shell::command::{not_simulated, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "expr",
    summary: "evaluate expressions",
    summary_ko: "정수 계산, 비교, 문자열 일치(:)·길이·부분 문자열을 계산해 출력합니다",
    usage: "expr EXPRESSION",
    run: expr,
    complete: None,
}];

/// A value: an integer, or a string (which may look like one).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Val {
    Int(i128),
    Str(String),
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Int(i) => i.to_string(),
            Val::Str(s) => s.clone(),
        }
    }

    /// expr's `null`: the integer 0, the empty string, or a string of
    /// zeros with an optional minus.
    fn is_null(&self) -> bool {
        match self {
            Val::Int(i) => *i == 0,
            Val::Str(s) => {
                let digits = s.strip_prefix('-').unwrap_or(s);
                s.is_empty() || !digits.is_empty() && digits.bytes().all(|b| b == b'0')
            }
        }
    }

    /// The integer it is or looks like (`-`? digits, nothing else).
    fn int(&self) -> Result<Option<i128>, Fail> {
        match self {
            Val::Int(i) => Ok(Some(*i)),
            Val::Str(s) => {
                let digits = s.strip_prefix('-').unwrap_or(s);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Ok(None);
                }
                s.parse().map(Some).map_err(|_| Fail::Big)
            }
        }
    }
}

/// Why evaluation stopped.
#[derive(Debug, PartialEq, Eq)]
enum Fail {
    /// A syntax error, a bad operand or regular expression (exit 2).
    Invalid(String),
    /// An integer beyond 128 bits.
    Big,
}

fn invalid(msg: impl Into<String>) -> Fail {
    Fail::Invalid(msg.into())
}

fn non_integer() -> Fail {
    invalid("non-integer argument")
}

/// The parser over the words, with expr.c's `nextarg`/`nomoreargs`.
struct Expr<'a> {
    args: &'a [String],
    at: usize,
}

type R = Result<Val, Fail>;

impl Expr<'_> {
    fn done(&self) -> bool {
        self.at >= self.args.len()
    }

    /// Consumes the next word when it is `word`.
    fn next_is(&mut self, word: &str) -> bool {
        let hit = self.args.get(self.at).is_some_and(|a| a == word);
        self.at += usize::from(hit);
        hit
    }

    fn last(&self) -> &str {
        self.args[self.at - 1].as_str()
    }

    /// `|`: the left value unless it is null, then the right one (or 0);
    /// the side not needed is parsed, not evaluated.
    fn or(&mut self, ev: bool) -> R {
        let mut l = self.and(ev)?;
        while self.next_is("|") {
            let r = self.and(ev && l.is_null())?;
            if l.is_null() {
                l = if r.is_null() { Val::Int(0) } else { r };
            }
        }
        Ok(l)
    }

    fn and(&mut self, ev: bool) -> R {
        let mut l = self.compare(ev)?;
        while self.next_is("&") {
            let r = self.compare(ev && !l.is_null())?;
            if l.is_null() || r.is_null() {
                l = Val::Int(0);
            }
        }
        Ok(l)
    }

    fn compare(&mut self, ev: bool) -> R {
        const OPS: &[&str] = &["<", "<=", "=", "==", "!=", ">=", ">"];
        let mut l = self.sum(ev)?;
        while let Some(op) = OPS.iter().find(|o| self.next_is(o)) {
            let r = self.sum(ev)?;
            if !ev {
                continue;
            }
            let ord = match (l.int()?, r.int()?) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => l.text().cmp(&r.text()),
            };
            let yes = match *op {
                "<" => ord.is_lt(),
                "<=" => ord.is_le(),
                "=" | "==" => ord.is_eq(),
                "!=" => ord.is_ne(),
                ">=" => ord.is_ge(),
                _ => ord.is_gt(),
            };
            l = Val::Int(i128::from(yes));
        }
        Ok(l)
    }

    fn sum(&mut self, ev: bool) -> R {
        let mut l = self.product(ev)?;
        while let Some(op) = ["+", "-"].into_iter().find(|o| self.next_is(o)) {
            let r = self.product(ev)?;
            if ev {
                l = arith(&l, &r, op)?;
            }
        }
        Ok(l)
    }

    fn product(&mut self, ev: bool) -> R {
        let mut l = self.colon(ev)?;
        while let Some(op) = ["*", "/", "%"].into_iter().find(|o| self.next_is(o)) {
            let r = self.colon(ev)?;
            if ev {
                l = arith(&l, &r, op)?;
            }
        }
        Ok(l)
    }

    fn colon(&mut self, ev: bool) -> R {
        let mut l = self.keyword(ev)?;
        while self.next_is(":") {
            let r = self.keyword(ev)?;
            if ev {
                l = matches(&l.text(), &r.text())?;
            }
        }
        Ok(l)
    }

    fn keyword(&mut self, ev: bool) -> R {
        if self.next_is("+") {
            if self.done() {
                return Err(invalid("syntax error"));
            }
            self.at += 1;
            return Ok(Val::Str(self.last().to_string()));
        }
        if self.next_is("length") {
            let s = self.keyword(ev)?.text();
            return Ok(Val::Int(s.chars().count() as i128));
        }
        if self.next_is("match") {
            let (l, r) = (self.keyword(ev)?, self.keyword(ev)?);
            return if ev {
                matches(&l.text(), &r.text())
            } else {
                Ok(Val::Int(0))
            };
        }
        if self.next_is("index") {
            let (l, r) = (self.keyword(ev)?.text(), self.keyword(ev)?.text());
            let at = l.chars().position(|c| r.contains(c)).map_or(0, |i| i + 1);
            return Ok(Val::Int(at as i128));
        }
        if self.next_is("substr") {
            let s = self.keyword(ev)?.text();
            let (pos, len) = (self.keyword(ev)?, self.keyword(ev)?);
            let (Ok(Some(pos)), Ok(Some(len))) = (pos.int(), len.int()) else {
                return Ok(Val::Str(String::new()));
            };
            if pos < 1 || len < 1 {
                return Ok(Val::Str(String::new()));
            }
            let skip = usize::try_from(pos - 1).unwrap_or(usize::MAX);
            let take = usize::try_from(len).unwrap_or(usize::MAX);
            return Ok(Val::Str(s.chars().skip(skip).take(take).collect()));
        }
        self.primary(ev)
    }

    fn primary(&mut self, ev: bool) -> R {
        if self.done() {
            return Err(invalid(format!(
                "syntax error: missing argument after '{}'",
                self.last()
            )));
        }
        if self.next_is("(") {
            let v = self.or(ev)?;
            if self.done() {
                return Err(invalid(format!(
                    "syntax error: expecting ')' after '{}'",
                    self.last()
                )));
            }
            if !self.next_is(")") {
                return Err(invalid(format!(
                    "syntax error: expecting ')' instead of '{}'",
                    self.args[self.at]
                )));
            }
            return Ok(v);
        }
        if self.next_is(")") {
            return Err(invalid("syntax error: unexpected ')'"));
        }
        self.at += 1;
        Ok(Val::Str(self.last().to_string()))
    }
}

fn arith(l: &Val, r: &Val, op: &str) -> R {
    let (Some(a), Some(b)) = (l.int()?, r.int()?) else {
        return Err(non_integer());
    };
    if b == 0 && (op == "/" || op == "%") {
        return Err(invalid("division by zero"));
    }
    let v = match op {
        "+" => a.checked_add(b),
        "-" => a.checked_sub(b),
        "*" => a.checked_mul(b),
        "/" => a.checked_div(b),
        _ => a.checked_rem(b),
    };
    v.map(Val::Int).ok_or(Fail::Big)
}

/// `STRING : REGEX`, anchored at the start: the first group's text when
/// the pattern has one, else the length of the match.
fn matches(s: &str, pat: &str) -> R {
    let ere = bre_to_ere(pat);
    let re = regex_lite::Regex::new(&format!("^(?:{ere})")).map_err(|_| regex_error(pat))?;
    let groups = pat.contains("\\(");
    // POSIX takes the longest match where an alternative (`\|`) makes
    // regex-lite's first one shorter: the longest prefix that matches
    // whole (a bounded search: one try per end).
    let captures = if pat.contains("\\|") && s.len() <= LONGEST_SEARCH {
        let whole =
            regex_lite::Regex::new(&format!("^(?:{ere})$")).map_err(|_| regex_error(pat))?;
        (0..=s.len())
            .rev()
            .filter(|&end| s.is_char_boundary(end))
            .find_map(|end| whole.captures(&s[..end]))
    } else {
        re.captures(s)
    };
    Ok(match captures {
        Some(c) if groups => Val::Str(c.get(1).map_or("", |m| m.as_str()).to_string()),
        Some(c) => Val::Int(c.get(0).map_or(0, |m| m.as_str().chars().count()) as i128),
        None if groups => Val::Str(String::new()),
        None => Val::Int(0),
    })
}

/// Longest string whose POSIX-longest match is searched end by end.
const LONGEST_SEARCH: usize = 4096;

/// glibc's regcomp message for a pattern regex-lite would not take.
fn regex_error(pat: &str) -> Fail {
    let opens = pat.matches("\\(").count();
    let closes = pat.matches("\\)").count();
    Fail::Invalid(if opens > closes {
        "Unmatched ( or \\(".into()
    } else if closes > opens {
        "Unmatched ) or \\)".into()
    } else if pat.contains('[') {
        "Unmatched [, [^, [:, [., or [=".into()
    } else {
        "Invalid regular expression".into()
    })
}

/// `expr EXPRESSION`
pub fn expr(_: &mut Ctx, args: &[String]) -> CmdOutput {
    let args = match args.first().map(String::as_str) {
        Some("--") => &args[1..],
        Some("--help") => return not_simulated("expr", "--help", 2),
        Some("--version") => return not_simulated("expr", "--version", 2),
        _ => args,
    };
    if args.is_empty() {
        return try_help("expr", "expr: missing operand\n", 2);
    }
    let mut e = Expr { args, at: 0 };
    let v = e.or(true).and_then(|v| match args.get(e.at) {
        Some(extra) => Err(invalid(format!(
            "syntax error: unexpected argument '{extra}'"
        ))),
        None => Ok(v),
    });
    match v {
        Ok(v) => CmdOutput {
            status: i32::from(v.is_null()),
            stdout: format!("{}\n", v.text()),
            ..Default::default()
        },
        Err(Fail::Invalid(m)) => CmdOutput::error(2, format!("expr: {m}\n")),
        Err(Fail::Big) => not_simulated("expr", "(integers beyond 128 bits)", 2),
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::command::run_words;
    use crate::sim::World;

    #[test]
    fn evaluates_as_gnu_expr() {
        let mut w = World::new();
        for (line, out, status) in [
            ("2 * 3 + 1", "7\n", 0),
            ("-5 % 3", "-2\n", 0),
            ("( 1 + 2 ) * 3", "9\n", 0),
            ("abc : a\\(.\\)", "b\n", 0),
            ("abc : x", "0\n", 1),
            ("length hello", "5\n", 0),
            ("substr hello 2 3", "ell\n", 0),
            ("substr abc x 1", "\n", 1),
            ("index hello l", "3\n", 0),
            ("10 > 9", "1\n", 0),
            ("a = b", "0\n", 1),
            ("0 & 5", "0\n", 1),
            ("1 | 1 / 0", "1\n", 0),
            ("-x", "-x\n", 0),
            ("010 + 1", "11\n", 0),
            ("+ length", "length\n", 0),
            ("abcd : a\\|ab", "2\n", 0),
            ("abcd : \\(a\\|ab\\)\\(c\\|bcd\\)", "a\n", 0),
        ] {
            let argv: Vec<&str> = ["expr"].into_iter().chain(line.split(' ')).collect();
            let o = run_words(&mut w, None, None, &argv);
            assert_eq!((o.stdout.as_str(), o.status), (out, status), "expr {line}");
        }
        for (line, err) in [
            ("1 +", "expr: syntax error: missing argument after '+'\n"),
            ("a + 1", "expr: non-integer argument\n"),
            ("0 | 1 / 0", "expr: division by zero\n"),
            ("1 2", "expr: syntax error: unexpected argument '2'\n"),
            ("( 1", "expr: syntax error: expecting ')' after '1'\n"),
            (
                "( 1 2",
                "expr: syntax error: expecting ')' instead of '2'\n",
            ),
            (")", "expr: syntax error: unexpected ')'\n"),
        ] {
            let argv: Vec<&str> = ["expr"].into_iter().chain(line.split(' ')).collect();
            let o = run_words(&mut w, None, None, &argv);
            assert_eq!((o.stderr.as_str(), o.status), (err, 2), "expr {line}");
        }
        let o = run_words(&mut w, None, None, &["expr", "abc", ":", "a[bc"]);
        assert_eq!(
            (o.stderr.as_str(), o.status),
            ("expr: Unmatched [, [^, [:, [., or [=\n", 2)
        );
    }
}
