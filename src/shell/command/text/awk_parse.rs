//! awk's grammar (POSIX awk as gawk reads it): a recursive-descent
//! parser from `awk_lex`'s tokens into the tree `awk_eval` runs.

use super::awk_lex::Tok;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub enum Expr {
    Num(f64),
    Str(String),
    Ere(String),
    Field(Box<Expr>),
    Var(String),
    Index(String, Vec<Expr>),
    Assign(Box<Expr>, Option<&'static str>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Plus(Box<Expr>),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Cmp(&'static str, Box<Expr>, Box<Expr>),
    Match(bool, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    In(Vec<Expr>, String),
    Incr(bool, f64, Box<Expr>),
    Call(String, Vec<Expr>),
    Group(Vec<Expr>),
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Print(Vec<Expr>, Option<(bool, Expr)>),
    Printf(Vec<Expr>, Option<(bool, Expr)>),
    Expr(Expr),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    Do(Box<Stmt>, Expr),
    For(
        Option<Box<Stmt>>,
        Option<Expr>,
        Option<Box<Stmt>>,
        Box<Stmt>,
    ),
    ForIn(String, String, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    Exit(Option<Expr>),
    Break,
    Continue,
    Delete(String, Option<Vec<Expr>>),
    Return(Option<Expr>),
}

#[derive(Debug, Clone)]
pub enum Pattern {
    Begin,
    End,
    All,
    Expr(Expr),
    Range(Expr, Expr),
}

#[derive(Debug, Clone, Default)]
pub struct Program {
    pub rules: Vec<(Pattern, Option<Vec<Stmt>>)>,
    pub funcs: HashMap<String, (Vec<String>, Vec<Stmt>)>,
}

pub struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    /// Inside `print`'s arguments, `>` is a redirection.
    no_gt: bool,
    /// Inside `for (x in a)` detection, `in` is not an operator.
    no_in: bool,
}

type P<T> = Result<T, String>;

const BUILTIN_FUNCS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper",
    "int", "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system",
];

impl Parser {
    pub fn new(toks: Vec<Tok>) -> Self {
        Parser {
            toks,
            pos: 0,
            no_gt: false,
            no_in: false,
        }
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_op(&self, o: &str) -> bool {
        matches!(self.peek(), Tok::Op(x) if *x == o)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Kw(x) if *x == k)
    }

    fn expect_op(&mut self, o: &str) -> P<()> {
        if self.is_op(o) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn unexpected(&self) -> String {
        match self.peek() {
            Tok::Newline | Tok::Eof => "syntax error: unexpected newline or end of string".into(),
            _ => "syntax error".into(),
        }
    }

    fn skip_nl(&mut self) {
        while matches!(self.peek(), Tok::Newline) || self.is_op(";") {
            self.pos += 1;
        }
    }

    fn opt_nl(&mut self) {
        while matches!(self.peek(), Tok::Newline) {
            self.pos += 1;
        }
    }

    pub fn program(mut self) -> P<Program> {
        let mut prog = Program::default();
        self.skip_nl();
        while !matches!(self.peek(), Tok::Eof) {
            if self.is_kw("function") || self.is_kw("func") {
                self.pos += 1;
                let name = match self.next() {
                    Tok::Name(n) | Tok::Func(n) => n,
                    _ => return Err(self.unexpected()),
                };
                self.expect_op("(")?;
                let mut params = Vec::new();
                while !self.is_op(")") {
                    match self.next() {
                        Tok::Name(n) => params.push(n),
                        _ => return Err(self.unexpected()),
                    }
                    if self.is_op(",") {
                        self.pos += 1;
                        self.opt_nl();
                    }
                }
                self.pos += 1;
                self.opt_nl();
                let body = self.block()?;
                prog.funcs.insert(name, (params, body));
            } else {
                let pat = if self.is_kw("BEGIN") {
                    self.pos += 1;
                    Pattern::Begin
                } else if self.is_kw("END") {
                    self.pos += 1;
                    Pattern::End
                } else if self.is_op("{") {
                    Pattern::All
                } else {
                    let a = self.expr()?;
                    if self.is_op(",") {
                        self.pos += 1;
                        self.opt_nl();
                        Pattern::Range(a, self.expr()?)
                    } else {
                        Pattern::Expr(a)
                    }
                };
                let action = if self.is_op("{") {
                    Some(self.block()?)
                } else {
                    if matches!(pat, Pattern::Begin | Pattern::End) {
                        return Err(self.unexpected());
                    }
                    None
                };
                prog.rules.push((pat, action));
            }
            self.skip_nl();
        }
        Ok(prog)
    }

    fn block(&mut self) -> P<Vec<Stmt>> {
        self.expect_op("{")?;
        let mut v = Vec::new();
        loop {
            self.skip_nl();
            if self.is_op("}") {
                self.pos += 1;
                return Ok(v);
            }
            if matches!(self.peek(), Tok::Eof) {
                return Err(self.unexpected());
            }
            v.push(self.stmt()?);
        }
    }

    fn end_simple(&mut self) -> P<()> {
        match self.peek() {
            Tok::Newline => {
                self.pos += 1;
                Ok(())
            }
            Tok::Op(";") => {
                self.pos += 1;
                Ok(())
            }
            Tok::Op("}") | Tok::Eof => Ok(()),
            _ => Err(self.unexpected()),
        }
    }

    fn body(&mut self) -> P<Stmt> {
        self.opt_nl();
        if self.is_op(";") {
            self.pos += 1;
            return Ok(Stmt::Block(vec![]));
        }
        self.stmt()
    }

    fn simple_or_empty(&mut self) -> P<Option<Box<Stmt>>> {
        if self.is_op(";") || self.is_op(")") {
            return Ok(None);
        }
        Ok(Some(Box::new(self.simple_stmt()?)))
    }

    fn stmt(&mut self) -> P<Stmt> {
        if self.is_op("{") {
            return Ok(Stmt::Block(self.block()?));
        }
        match self.peek().clone() {
            Tok::Kw("if") => {
                self.pos += 1;
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                let then = self.body()?;
                let save = self.pos;
                self.skip_nl();
                if self.is_kw("else") {
                    self.pos += 1;
                    let e = self.body()?;
                    return Ok(Stmt::If(c, Box::new(then), Some(Box::new(e))));
                }
                self.pos = save;
                Ok(Stmt::If(c, Box::new(then), None))
            }
            Tok::Kw("while") => {
                self.pos += 1;
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                if self.is_op(";") {
                    self.pos += 1;
                    return Ok(Stmt::While(c, Box::new(Stmt::Block(vec![]))));
                }
                Ok(Stmt::While(c, Box::new(self.body()?)))
            }
            Tok::Kw("do") => {
                self.pos += 1;
                let b = self.body()?;
                self.skip_nl();
                if !self.is_kw("while") {
                    return Err(self.unexpected());
                }
                self.pos += 1;
                self.expect_op("(")?;
                let c = self.expr()?;
                self.expect_op(")")?;
                self.end_simple()?;
                Ok(Stmt::Do(Box::new(b), c))
            }
            Tok::Kw("for") => {
                self.pos += 1;
                self.expect_op("(")?;
                if let (Tok::Name(v), Tok::Kw("in"), Tok::Name(a), Tok::Op(")")) = (
                    self.toks.get(self.pos).cloned().unwrap_or(Tok::Eof),
                    self.toks.get(self.pos + 1).cloned().unwrap_or(Tok::Eof),
                    self.toks.get(self.pos + 2).cloned().unwrap_or(Tok::Eof),
                    self.toks.get(self.pos + 3).cloned().unwrap_or(Tok::Eof),
                ) {
                    self.pos += 4;
                    return Ok(Stmt::ForIn(v, a, Box::new(self.body()?)));
                }
                let init = self.simple_or_empty()?;
                self.expect_op(";")?;
                self.opt_nl();
                let cond = if self.is_op(";") {
                    None
                } else {
                    Some(self.expr()?)
                };
                self.expect_op(";")?;
                self.opt_nl();
                let step = self.simple_or_empty()?;
                self.expect_op(")")?;
                if self.is_op(";") {
                    self.pos += 1;
                    return Ok(Stmt::For(init, cond, step, Box::new(Stmt::Block(vec![]))));
                }
                Ok(Stmt::For(init, cond, step, Box::new(self.body()?)))
            }
            Tok::Op(";") => {
                self.pos += 1;
                Ok(Stmt::Block(vec![]))
            }
            _ => {
                let s = self.simple_stmt()?;
                self.end_simple()?;
                Ok(s)
            }
        }
    }

    fn simple_stmt(&mut self) -> P<Stmt> {
        match self.peek().clone() {
            Tok::Kw(k @ ("print" | "printf")) => {
                self.pos += 1;
                let mut args = Vec::new();
                self.no_gt = true;
                let grouped = self.is_op("(");
                if !matches!(
                    self.peek(),
                    Tok::Newline | Tok::Eof | Tok::Op(";" | "}" | ">" | ">>" | "|")
                ) {
                    let e = self.expr();
                    self.no_gt = false;
                    let mut e = e?;
                    if let (true, Expr::Group(items)) = (grouped, &e) {
                        args.extend(items.clone());
                    } else {
                        self.no_gt = true;
                        args.push(std::mem::replace(&mut e, Expr::Num(0.0)));
                        while self.is_op(",") {
                            self.pos += 1;
                            self.opt_nl();
                            args.push(self.expr()?);
                        }
                    }
                }
                self.no_gt = false;
                let redir = if self.is_op(">") || self.is_op(">>") {
                    let append = self.is_op(">>");
                    self.pos += 1;
                    Some((append, self.concat()?))
                } else if self.is_op("|") {
                    return Err("pipes from print are not supported by netbook's awk".into());
                } else {
                    None
                };
                Ok(if k == "print" {
                    Stmt::Print(args, redir)
                } else {
                    Stmt::Printf(args, redir)
                })
            }
            Tok::Kw("next") => {
                self.pos += 1;
                Ok(Stmt::Next)
            }
            Tok::Kw("break") => {
                self.pos += 1;
                Ok(Stmt::Break)
            }
            Tok::Kw("continue") => {
                self.pos += 1;
                Ok(Stmt::Continue)
            }
            Tok::Kw(k @ ("exit" | "return")) => {
                self.pos += 1;
                let e = if matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Op(";" | "}")) {
                    None
                } else {
                    Some(self.expr()?)
                };
                Ok(if k == "exit" {
                    Stmt::Exit(e)
                } else {
                    Stmt::Return(e)
                })
            }
            Tok::Kw("delete") => {
                self.pos += 1;
                let Tok::Name(n) = self.next() else {
                    return Err(self.unexpected());
                };
                if self.is_op("[") {
                    self.pos += 1;
                    let idx = self.expr_list("]")?;
                    return Ok(Stmt::Delete(n, Some(idx)));
                }
                Ok(Stmt::Delete(n, None))
            }
            Tok::Kw("getline") => Err("getline is not supported by netbook's awk".into()),
            _ => Ok(Stmt::Expr(self.expr()?)),
        }
    }

    fn expr_list(&mut self, close: &str) -> P<Vec<Expr>> {
        let mut v = Vec::new();
        self.opt_nl();
        while !self.is_op(close) {
            v.push(self.expr()?);
            self.opt_nl();
            if self.is_op(",") {
                self.pos += 1;
                self.opt_nl();
            } else if !self.is_op(close) {
                return Err(self.unexpected());
            }
        }
        self.pos += 1;
        Ok(v)
    }

    pub fn expr(&mut self) -> P<Expr> {
        let lhs = self.ternary()?;
        let op = match self.peek() {
            Tok::Op(o @ ("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "^=")) => *o,
            _ => return Ok(lhs),
        };
        if !matches!(lhs, Expr::Var(_) | Expr::Field(_) | Expr::Index(..)) {
            return Ok(lhs);
        }
        self.pos += 1;
        self.opt_nl();
        let rhs = self.expr()?;
        let bin = if op == "=" { None } else { Some(&op[..1]) };
        let bin: Option<&'static str> = bin.map(|b| match b {
            "+" => "+",
            "-" => "-",
            "*" => "*",
            "/" => "/",
            "%" => "%",
            _ => "^",
        });
        Ok(Expr::Assign(Box::new(lhs), bin, Box::new(rhs)))
    }

    fn ternary(&mut self) -> P<Expr> {
        let c = self.or()?;
        if self.is_op("?") {
            self.pos += 1;
            self.opt_nl();
            let a = self.expr()?;
            self.opt_nl();
            self.expect_op(":")?;
            self.opt_nl();
            let b = self.expr()?;
            return Ok(Expr::Cond(Box::new(c), Box::new(a), Box::new(b)));
        }
        Ok(c)
    }

    fn or(&mut self) -> P<Expr> {
        let mut a = self.and()?;
        while self.is_op("||") {
            self.pos += 1;
            self.opt_nl();
            a = Expr::Or(Box::new(a), Box::new(self.and()?));
        }
        Ok(a)
    }

    fn and(&mut self) -> P<Expr> {
        let mut a = self.in_expr()?;
        while self.is_op("&&") {
            self.pos += 1;
            self.opt_nl();
            a = Expr::And(Box::new(a), Box::new(self.in_expr()?));
        }
        Ok(a)
    }

    fn in_expr(&mut self) -> P<Expr> {
        let mut a = self.matching()?;
        while self.is_kw("in") && !self.no_in {
            self.pos += 1;
            let Tok::Name(arr) = self.next() else {
                return Err(self.unexpected());
            };
            let keys = match a {
                Expr::Group(v) => v,
                other => vec![other],
            };
            a = Expr::In(keys, arr);
        }
        Ok(a)
    }

    fn matching(&mut self) -> P<Expr> {
        let mut a = self.comparison()?;
        loop {
            let neg = if self.is_op("~") {
                false
            } else if self.is_op("!~") {
                true
            } else {
                return Ok(a);
            };
            self.pos += 1;
            a = Expr::Match(neg, Box::new(a), Box::new(self.comparison()?));
        }
    }

    fn comparison(&mut self) -> P<Expr> {
        let a = self.concat()?;
        let op = match self.peek() {
            Tok::Op(o @ ("<" | "<=" | "==" | "!=" | ">=")) => *o,
            Tok::Op(">") if !self.no_gt => ">",
            _ => return Ok(a),
        };
        self.pos += 1;
        Ok(Expr::Cmp(op, Box::new(a), Box::new(self.concat()?)))
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Tok::Num(_) | Tok::Str(_) | Tok::Ere(_) | Tok::Name(_) | Tok::Func(_) => true,
            Tok::Op(o) => matches!(*o, "$" | "!" | "(" | "-" | "+" | "++" | "--"),
            Tok::Kw(_) => false,
            _ => false,
        }
    }

    pub fn concat(&mut self) -> P<Expr> {
        let mut a = self.additive()?;
        while self.starts_operand() && !self.is_op("-") && !self.is_op("+") && !self.is_op("!") {
            let b = self.additive()?;
            a = Expr::Concat(Box::new(a), Box::new(b));
        }
        Ok(a)
    }

    fn additive(&mut self) -> P<Expr> {
        let mut a = self.mul()?;
        loop {
            let op = match self.peek() {
                Tok::Op("+") => "+",
                Tok::Op("-") => "-",
                _ => return Ok(a),
            };
            self.pos += 1;
            a = Expr::Bin(op, Box::new(a), Box::new(self.mul()?));
        }
    }

    fn mul(&mut self) -> P<Expr> {
        let mut a = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op("*") => "*",
                Tok::Op("/") => "/",
                Tok::Op("%") => "%",
                _ => return Ok(a),
            };
            self.pos += 1;
            a = Expr::Bin(op, Box::new(a), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> P<Expr> {
        if self.is_op("!") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.is_op("-") {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        if self.is_op("+") {
            self.pos += 1;
            return Ok(Expr::Plus(Box::new(self.unary()?)));
        }
        self.power()
    }

    fn power(&mut self) -> P<Expr> {
        let a = self.postfix()?;
        if self.is_op("^") {
            self.pos += 1;
            let b = self.unary_pow()?;
            return Ok(Expr::Bin("^", Box::new(a), Box::new(b)));
        }
        Ok(a)
    }

    fn unary_pow(&mut self) -> P<Expr> {
        if self.is_op("-") {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary_pow()?)));
        }
        self.power()
    }

    fn postfix(&mut self) -> P<Expr> {
        if self.is_op("++") || self.is_op("--") {
            let d = if self.is_op("++") { 1.0 } else { -1.0 };
            self.pos += 1;
            let lv = self.postfix()?;
            return Ok(Expr::Incr(true, d, Box::new(lv)));
        }
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Field(_) | Expr::Index(..))
            && (self.is_op("++") || self.is_op("--"))
        {
            let d = if self.is_op("++") { 1.0 } else { -1.0 };
            self.pos += 1;
            return Ok(Expr::Incr(false, d, Box::new(e)));
        }
        Ok(e)
    }

    fn primary(&mut self) -> P<Expr> {
        match self.next() {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ere(s) => Ok(Expr::Ere(s)),
            Tok::Op("$") => {
                let e = if self.is_op("++") || self.is_op("--") {
                    self.postfix()?
                } else if self.is_op("-") {
                    self.pos += 1;
                    Expr::Neg(Box::new(self.primary()?))
                } else {
                    self.primary()?
                };
                Ok(Expr::Field(Box::new(e)))
            }
            Tok::Op("(") => {
                let saved = (self.no_gt, self.no_in);
                self.no_gt = false;
                self.no_in = false;
                self.opt_nl();
                let first = self.expr()?;
                self.opt_nl();
                let r = if self.is_op(",") {
                    let mut v = vec![first];
                    while self.is_op(",") {
                        self.pos += 1;
                        self.opt_nl();
                        v.push(self.expr()?);
                        self.opt_nl();
                    }
                    self.expect_op(")")?;
                    Expr::Group(v)
                } else {
                    self.expect_op(")")?;
                    first
                };
                (self.no_gt, self.no_in) = saved;
                Ok(r)
            }
            Tok::Op("-") => Ok(Expr::Neg(Box::new(self.unary()?))),
            Tok::Op("!") => Ok(Expr::Not(Box::new(self.unary()?))),
            Tok::Name(n) => {
                if BUILTIN_FUNCS.contains(&n.as_str()) {
                    // `length` without parentheses.
                    return Ok(Expr::Call(n, vec![]));
                }
                if self.is_op("[") {
                    self.pos += 1;
                    let idx = self.expr_list("]")?;
                    return Ok(Expr::Index(n, idx));
                }
                Ok(Expr::Var(n))
            }
            Tok::Func(n) => {
                self.expect_op("(")?;
                let saved = (self.no_gt, self.no_in);
                self.no_gt = false;
                self.no_in = false;
                let args = self.expr_list(")")?;
                (self.no_gt, self.no_in) = saved;
                Ok(Expr::Call(n, args))
            }
            _ => {
                self.pos -= 1;
                Err(self.unexpected())
            }
        }
    }
}
