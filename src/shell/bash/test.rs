//! `test`, `[` and `[[`: file tests against the simulated file system,
//! string and integer comparisons, patterns and regexes.

use super::arith::parse_int;
use super::eval::{Ctl, Exec, R};
use super::pattern::glob_match;
use brush_parser::ast::{
    BinaryPredicate as Bp, ExtendedTestExpr as X, TestExpr as Te, UnaryPredicate as Up,
};

/// A comparison that cannot be made: bash's message, status 2.
struct Bad(String);

impl Exec<'_> {
    /// `test ARGS` / `[ ARGS ]`.
    pub(super) fn test_builtin(&mut self, name: &str, args: &[String]) -> i32 {
        let mut args = args.to_vec();
        if name == "[" {
            if args.last().map(String::as_str) != Some("]") {
                self.write(2, "bash: [: missing `]'\n");
                return 2;
            }
            args.pop();
        }
        let expr = match super::parse::guarded(|| brush_parser::test_command::parse(&args)) {
            Ok(e) => e,
            Err(_) => {
                let msg = match args.len() {
                    2 | 3 => format!("{}: unary operator expected", args[0]),
                    _ => "too many arguments".to_string(),
                };
                self.write(2, &format!("bash: {name}: {msg}\n"));
                return 2;
            }
        };
        match self.eval_test(&expr) {
            Ok(b) => i32::from(!b),
            Err(Bad(m)) => {
                self.write(2, &format!("bash: {name}: {m}\n"));
                2
            }
        }
    }

    fn eval_test(&mut self, e: &Te) -> Result<bool, Bad> {
        Ok(match e {
            Te::False => false,
            Te::Literal(s) => !s.is_empty(),
            Te::And(a, b) => self.eval_test(a)? && self.eval_test(b)?,
            Te::Or(a, b) => self.eval_test(a)? || self.eval_test(b)?,
            Te::Not(a) => !self.eval_test(a)?,
            Te::Parenthesized(a) => self.eval_test(a)?,
            Te::UnaryTest(p, s) => self.unary(p, s),
            Te::BinaryTest(p, a, b) => self.binary_test(p, a, b, false)?,
        })
    }

    fn unary(&self, p: &Up, s: &str) -> bool {
        let ns = self.netns.as_deref();
        let file = || self.world.read_file(ns, s);
        match p {
            Up::StringHasZeroLength => s.is_empty(),
            Up::StringHasNonZeroLength => !s.is_empty(),
            Up::FileExists | Up::FileExistsAndIsReadable | Up::FileExistsAndIsWritable => {
                file().is_ok() || self.world.fs.is_dir(s)
            }
            Up::FileExistsAndIsDir => self.world.fs.is_dir(s),
            Up::FileExistsAndIsRegularFile => file().is_ok(),
            Up::FileExistsAndIsNotZeroLength => {
                file().is_ok_and(|t| !t.is_empty()) || self.world.fs.is_dir(s)
            }
            Up::ShellVariableIsSetAndAssigned => self.sh.vars.contains_key(s),
            Up::ShellOptionEnabled => match s {
                "errexit" => self.sh.opts.errexit,
                "nounset" => self.sh.opts.nounset,
                "xtrace" => self.sh.opts.xtrace,
                "pipefail" => self.sh.opts.pipefail,
                _ => false,
            },
            _ => false,
        }
    }

    fn binary_test(&mut self, p: &Bp, a: &str, b: &str, ext: bool) -> Result<bool, Bad> {
        let int = |s: &str| -> Result<i64, Bad> {
            parse_int(s.trim()).ok_or_else(|| Bad(format!("{s}: integer expression expected")))
        };
        Ok(match p {
            Bp::StringExactlyMatchesPattern if ext => glob_match(b, a),
            Bp::StringDoesNotExactlyMatchPattern if ext => !glob_match(b, a),
            Bp::StringExactlyMatchesPattern | Bp::StringExactlyMatchesString => a == b,
            Bp::StringDoesNotExactlyMatchPattern | Bp::StringDoesNotExactlyMatchString => a != b,
            Bp::StringContainsSubstring => a.contains(b),
            Bp::StringMatchesRegex => regex_lite::Regex::new(b).is_ok_and(|r| r.is_match(a)),
            Bp::LeftSortsBeforeRight => a < b,
            Bp::LeftSortsAfterRight => a > b,
            Bp::ArithmeticEqualTo => int(a)? == int(b)?,
            Bp::ArithmeticNotEqualTo => int(a)? != int(b)?,
            Bp::ArithmeticLessThan => int(a)? < int(b)?,
            Bp::ArithmeticLessThanOrEqualTo => int(a)? <= int(b)?,
            Bp::ArithmeticGreaterThan => int(a)? > int(b)?,
            Bp::ArithmeticGreaterThanOrEqualTo => int(a)? >= int(b)?,
            _ => false,
        })
    }

    /// `[[ EXPR ]]`: operands are expanded without splitting or globbing.
    pub(super) fn extended_test(&mut self, e: &X) -> R {
        match self.eval_ext(e)? {
            Ok(b) => Ok(i32::from(!b)),
            Err(Bad(m)) => {
                // A bad regex fails silently, as bash's does.
                if !m.is_empty() {
                    self.write(2, &format!("bash: {m}\n"));
                }
                Ok(2)
            }
        }
    }

    fn eval_ext(&mut self, e: &X) -> Result<Result<bool, Bad>, Ctl> {
        Ok(Ok(match e {
            X::And(a, b) => match self.eval_ext(a)? {
                Ok(true) => return self.eval_ext(b),
                other => return Ok(other),
            },
            X::Or(a, b) => match self.eval_ext(a)? {
                Ok(false) => return self.eval_ext(b),
                other => return Ok(other),
            },
            X::Not(a) => match self.eval_ext(a)? {
                Ok(b) => !b,
                err => return Ok(err),
            },
            X::Parenthesized(a) => return self.eval_ext(a),
            X::UnaryTest(p, w) => {
                let s = self.expand_string(&w.value)?;
                self.unary(p, &s)
            }
            X::BinaryTest(Bp::StringMatchesRegex, a, b) => {
                let a = self.expand_string(&a.value)?;
                let re = self.expand_regex(&b.value)?;
                return Ok(self.regex_match(&a, &re));
            }
            X::BinaryTest(p, a, b) => {
                let a = self.expand_string(&a.value)?;
                let b = match p {
                    Bp::StringExactlyMatchesPattern | Bp::StringDoesNotExactlyMatchPattern => {
                        self.expand_pattern(&b.value)?
                    }
                    _ => self.expand_string(&b.value)?,
                };
                if matches!(
                    p,
                    Bp::ArithmeticEqualTo
                        | Bp::ArithmeticNotEqualTo
                        | Bp::ArithmeticLessThan
                        | Bp::ArithmeticLessThanOrEqualTo
                        | Bp::ArithmeticGreaterThan
                        | Bp::ArithmeticGreaterThanOrEqualTo
                ) {
                    // `[[ ]]` evaluates integer operands as arithmetic.
                    let x = self.arith(&a)?;
                    let y = self.arith(&b)?;
                    return Ok(self.binary_test(p, &x.to_string(), &y.to_string(), true));
                }
                return Ok(self.binary_test(p, &a, &b, true));
            }
        }))
    }

    /// `[[ s =~ re ]]`: sets `BASH_REMATCH` to the match and its groups
    /// (empty when nothing matched); a bad regex is status 2.
    fn regex_match(&mut self, s: &str, re: &str) -> Result<bool, Bad> {
        let Ok(r) = regex_lite::Regex::new(re) else {
            return Err(Bad(String::new()));
        };
        let groups: Vec<String> = match r.captures(s) {
            Some(c) => c
                .iter()
                .map(|g| g.map(|m| m.as_str().to_string()).unwrap_or_default())
                .collect(),
            None => Vec::new(),
        };
        let hit = !groups.is_empty();
        self.sh.unset("BASH_REMATCH");
        self.sh.arrays.insert(
            "BASH_REMATCH".into(),
            groups
                .into_iter()
                .enumerate()
                .map(|(i, g)| (i as i64, g))
                .collect(),
        );
        Ok(hit)
    }

    /// `set -x` for `[[ ... ]]`.
    pub(super) fn xtrace_extended(&mut self, e: &X) -> Result<(), Ctl> {
        if self.sh.opts.xtrace {
            let plus = "+".repeat(1 + self.subst);
            self.write(2, &format!("{plus} [[ {e} ]]\n"));
        }
        Ok(())
    }
}
