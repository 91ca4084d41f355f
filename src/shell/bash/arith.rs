//! Shell arithmetic: `$((...))`, `((...))`, `for ((;;))`, `let`, with
//! 64-bit wrapping integers as bash computes them.

use super::eval::{Ctl, Exec};
use brush_parser::ast::{
    ArithmeticExpr as E, ArithmeticTarget as T, BinaryOperator as B, UnaryAssignmentOperator as UA,
    UnaryOperator as U,
};

/// How deep a variable may refer to another expression (`a=b; b=a`).
const MAX_INDIRECTION: usize = 64;

impl Exec<'_> {
    /// Evaluates an arithmetic expression's text (after `$` expansion).
    pub(super) fn arith(&mut self, text: &str) -> Result<i64, Ctl> {
        self.arith_depth(text, 0)
    }

    fn arith_depth(&mut self, text: &str, depth: usize) -> Result<i64, Ctl> {
        let expanded = self.expand_string(text)?;
        let t = expanded.trim();
        if t.is_empty() {
            return Ok(0);
        }
        let expr = match super::parse::guarded(|| brush_parser::arithmetic::parse(t)) {
            Ok(e) => e,
            Err(_) => {
                let tok = t.split_whitespace().last().unwrap_or(t);
                return Err(self.arith_error(&format!(
                    "{t}: syntax error: operand expected (error token is \"{tok}\")"
                )));
            }
        };
        self.eval_arith(&expr, t, depth)
    }

    fn arith_error(&mut self, msg: &str) -> Ctl {
        self.write(2, &format!("bash: {msg}\n"));
        Ctl::Unwind(1)
    }

    /// A target's name and subscript: an associative array's key as
    /// written, an indexed array's index evaluated.
    fn target(&mut self, t: &T, src: &str, depth: usize) -> Result<(String, Option<String>), Ctl> {
        Ok(match t {
            T::Variable(n) => (n.clone(), None),
            T::ArrayElement(n, idx) => {
                let sub = match idx.as_ref() {
                    E::Reference(T::Variable(k)) if self.sh.assoc.contains_key(n) => k.clone(),
                    _ => self.eval_arith(idx, src, depth)?.to_string(),
                };
                (n.clone(), Some(sub))
            }
        })
    }

    fn var_value(&mut self, target: &T, src: &str, depth: usize) -> Result<i64, Ctl> {
        let (name, sub) = self.target(target, src, depth)?;
        let v = match sub {
            Some(s) => self.element(&name, &s)?,
            None => self.scalar(&name),
        };
        let v = match v {
            Some(v) => v.trim().to_string(),
            None => {
                if self.sh.opts.nounset {
                    return Err(self.fatal(&format!("{name}: unbound variable")));
                }
                return Ok(0);
            }
        };
        if v.is_empty() {
            return Ok(0);
        }
        if let Some(n) = parse_int(&v) {
            return Ok(n);
        }
        if depth >= MAX_INDIRECTION {
            return Err(self.arith_error(&format!(
                "{src}: expression recursion level exceeded (error token is \"{v}\")"
            )));
        }
        self.arith_depth(&v, depth + 1)
    }

    fn assign(&mut self, target: &T, v: i64, src: &str, depth: usize) -> Result<(), Ctl> {
        match self.target(target, src, depth)? {
            (name, Some(sub)) => self.set_subscript(&name, &sub, v.to_string()),
            (name, None) => {
                self.assign_scalar(&name, v.to_string());
                Ok(())
            }
        }
    }

    fn eval_arith(&mut self, e: &E, src: &str, depth: usize) -> Result<i64, Ctl> {
        Ok(match e {
            E::Literal(n) => *n,
            E::Reference(t) => self.var_value(t, src, depth)?,
            E::UnaryOp(op, x) => {
                let x = self.eval_arith(x, src, depth)?;
                match op {
                    U::UnaryPlus => x,
                    U::UnaryMinus => x.wrapping_neg(),
                    U::BitwiseNot => !x,
                    U::LogicalNot => i64::from(x == 0),
                }
            }
            E::BinaryOp(B::LogicalAnd, a, b) => i64::from(
                self.eval_arith(a, src, depth)? != 0 && self.eval_arith(b, src, depth)? != 0,
            ),
            E::BinaryOp(B::LogicalOr, a, b) => i64::from(
                self.eval_arith(a, src, depth)? != 0 || self.eval_arith(b, src, depth)? != 0,
            ),
            E::BinaryOp(op, a, b) => {
                let a = self.eval_arith(a, src, depth)?;
                let b = self.eval_arith(b, src, depth)?;
                self.binary(*op, a, b, src)?
            }
            E::Conditional(c, a, b) => {
                if self.eval_arith(c, src, depth)? != 0 {
                    self.eval_arith(a, src, depth)?
                } else {
                    self.eval_arith(b, src, depth)?
                }
            }
            E::Assignment(t, x) => {
                let v = self.eval_arith(x, src, depth)?;
                self.assign(t, v, src, depth)?;
                v
            }
            E::BinaryAssignment(op, t, x) => {
                let old = self.var_value(t, src, depth)?;
                let x = self.eval_arith(x, src, depth)?;
                let v = self.binary(*op, old, x, src)?;
                self.assign(t, v, src, depth)?;
                v
            }
            E::UnaryAssignment(op, t) => {
                let old = self.var_value(t, src, depth)?;
                let (new, result) = match op {
                    UA::PrefixIncrement => (old.wrapping_add(1), old.wrapping_add(1)),
                    UA::PrefixDecrement => (old.wrapping_sub(1), old.wrapping_sub(1)),
                    UA::PostfixIncrement => (old.wrapping_add(1), old),
                    UA::PostfixDecrement => (old.wrapping_sub(1), old),
                };
                self.assign(t, new, src, depth)?;
                result
            }
        })
    }

    fn binary(&mut self, op: B, a: i64, b: i64, src: &str) -> Result<i64, Ctl> {
        Ok(match op {
            B::Power => {
                if b < 0 {
                    return Err(self.arith_error(&format!(
                        "{src}: exponent less than 0 (error token is \"{b}\")"
                    )));
                }
                a.wrapping_pow(b.min(u32::MAX as i64) as u32)
            }
            B::Multiply => a.wrapping_mul(b),
            B::Divide | B::Modulo => {
                if b == 0 {
                    let tok = src.rsplit(['/', '%']).next().unwrap_or("0").trim();
                    return Err(self
                        .arith_error(&format!("{src}: division by 0 (error token is \"{tok}\")")));
                }
                if matches!(op, B::Divide) {
                    a.wrapping_div(b)
                } else {
                    a.wrapping_rem(b)
                }
            }
            B::Comma => b,
            B::Add => a.wrapping_add(b),
            B::Subtract => a.wrapping_sub(b),
            B::ShiftLeft => a.wrapping_shl(b as u32),
            B::ShiftRight => a.wrapping_shr(b as u32),
            B::LessThan => i64::from(a < b),
            B::LessThanOrEqualTo => i64::from(a <= b),
            B::GreaterThan => i64::from(a > b),
            B::GreaterThanOrEqualTo => i64::from(a >= b),
            B::Equals => i64::from(a == b),
            B::NotEquals => i64::from(a != b),
            B::BitwiseAnd => a & b,
            B::BitwiseXor => a ^ b,
            B::BitwiseOr => a | b,
            B::LogicalAnd => i64::from(a != 0 && b != 0),
            B::LogicalOr => i64::from(a != 0 || b != 0),
        })
    }
}

pub use crate::shell::command::text::printf::parse_int;
