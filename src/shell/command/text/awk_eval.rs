//! The awk interpreter: values (numbers, strings, and gawk's "strnum"
//! for input fields), records and fields, arrays, user functions, and the
//! built-in functions. Work is bounded by a step budget and the
//! interrupt flag.

use super::awk_parse::{Expr, Pattern, Program, Stmt};
pub use super::awk_value::Val;
use super::awk_value::{fmt_num, format};
use regex_lite::Regex;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// The most statements and loop turns one awk run may take.
const STEP_BUDGET: u64 = 20_000_000;
/// Nested user function calls.
const MAX_DEPTH: usize = 200;

#[derive(Default, Clone)]
pub(super) struct Arr {
    pub(super) map: HashMap<String, Val>,
    order: Vec<String>,
}

impl Arr {
    pub(super) fn set(&mut self, k: String, v: Val) {
        if !self.map.contains_key(&k) {
            self.order.push(k.clone());
        }
        self.map.insert(k, v);
    }
    pub(super) fn remove(&mut self, k: &str) {
        if self.map.remove(k).is_some() {
            self.order.retain(|x| x != k);
        }
    }
}

#[derive(Default)]
struct Frame {
    scalars: HashMap<String, Val>,
    /// Array parameters: the name of the array they stand for.
    pub(super) arrays: HashMap<String, String>,
}

pub enum Jump {
    Next,
    Exit(i32),
    Break,
    Continue,
    Return(Val),
    Error(String),
}

type R<T> = Result<T, Jump>;

pub struct Interp<'a> {
    pub(super) prog: &'a Program,
    pub(super) globals: HashMap<String, Val>,
    pub(super) arrays: HashMap<String, Arr>,
    frames: Vec<Frame>,
    pub(super) fields: Vec<String>,
    pub out: String,
    /// `print > file` outputs: path, text, append.
    pub files: Vec<(String, String, bool)>,
    steps: u64,
    interrupt: &'a AtomicBool,
    ranges: Vec<bool>,
    pub(super) seed: u64,
    regexes: HashMap<String, Regex>,
    local_id: usize,
}

impl<'a> Interp<'a> {
    pub fn new(prog: &'a Program, interrupt: &'a AtomicBool) -> Self {
        let mut g = HashMap::new();
        for (k, v) in [
            ("FS", " "),
            ("OFS", " "),
            ("ORS", "\n"),
            ("RS", "\n"),
            ("SUBSEP", "\x1c"),
            ("CONVFMT", "%.6g"),
            ("OFMT", "%.6g"),
            ("FILENAME", ""),
        ] {
            g.insert(k.to_string(), Val::Str(v.to_string()));
        }
        g.insert("NR".into(), Val::Num(0.0));
        g.insert("FNR".into(), Val::Num(0.0));
        g.insert("RSTART".into(), Val::Num(0.0));
        g.insert("RLENGTH".into(), Val::Num(-1.0));
        Interp {
            prog,
            globals: g,
            arrays: HashMap::new(),
            frames: Vec::new(),
            fields: vec![String::new()],
            out: String::new(),
            files: Vec::new(),
            steps: 0,
            interrupt,
            ranges: vec![false; prog.rules.len()],
            seed: 0,
            regexes: HashMap::new(),
            local_id: 0,
        }
    }

    pub fn set_var(&mut self, name: &str, v: Val) {
        self.globals.insert(name.to_string(), v);
    }

    pub fn set_array(&mut self, name: &str, items: Vec<(String, Val)>) {
        let a = self.arrays.entry(name.to_string()).or_default();
        for (k, v) in items {
            a.set(k, v);
        }
    }

    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return Err(Jump::Error(format!(
                "netbook stopped the program after {STEP_BUDGET} steps"
            )));
        }
        if self.steps % 4096 == 0 && self.interrupt.load(Ordering::Relaxed) {
            return Err(Jump::Error("interrupted".into()));
        }
        Ok(())
    }

    pub(super) fn regex(&mut self, pat: &str) -> R<Regex> {
        if let Some(r) = self.regexes.get(pat) {
            return Ok(r.clone());
        }
        let r =
            Regex::new(pat).map_err(|_| Jump::Error(format!("fatal: invalid regexp: /{pat}/")))?;
        self.regexes.insert(pat.to_string(), r.clone());
        Ok(r)
    }

    // ---- records and fields ---------------------------------------------------

    pub fn set_record(&mut self, line: &str) -> R<()> {
        self.fields = vec![line.to_string()];
        self.split_record()
    }

    fn split_record(&mut self) -> R<()> {
        let rec = self.fields[0].clone();
        let fs = self.get_global("FS").string();
        let parts = self.split_with(&rec, &fs)?;
        self.fields.truncate(1);
        self.fields.extend(parts);
        Ok(())
    }

    pub(super) fn split_with(&mut self, s: &str, fs: &str) -> R<Vec<String>> {
        if s.is_empty() {
            return Ok(vec![]);
        }
        Ok(if fs == " " {
            s.split([' ', '\t', '\n'])
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        } else if fs.chars().count() == 1 && fs != "\\" {
            s.split(fs).map(str::to_string).collect()
        } else {
            let r = self.regex(fs)?;
            r.split(s).map(str::to_string).collect()
        })
    }

    fn rebuild(&mut self) {
        let ofs = self.get_global("OFS").string();
        self.fields[0] = self.fields[1..].join(&ofs);
    }

    fn get_field(&self, i: usize) -> Val {
        match self.fields.get(i) {
            Some(s) => Val::StrNum(s.clone()),
            None => Val::Uninit,
        }
    }

    fn set_field(&mut self, i: usize, v: String) -> R<()> {
        if i == 0 {
            self.fields[0] = v;
            return self.split_record();
        }
        if i > 100_000 {
            return Err(Jump::Error(format!("field index {i} too large")));
        }
        while self.fields.len() <= i {
            self.fields.push(String::new());
        }
        self.fields[i] = v;
        self.rebuild();
        Ok(())
    }

    // ---- variables ------------------------------------------------------------

    pub(super) fn get_global(&self, name: &str) -> Val {
        if name == "NF" {
            return Val::Num((self.fields.len() - 1) as f64);
        }
        self.globals.get(name).cloned().unwrap_or(Val::Uninit)
    }

    fn get_var(&self, name: &str) -> Val {
        if let Some(f) = self.frames.last() {
            if let Some(v) = f.scalars.get(name) {
                return v.clone();
            }
        }
        self.get_global(name)
    }

    fn set_scalar(&mut self, name: &str, v: Val) -> R<()> {
        if let Some(f) = self.frames.last_mut() {
            if f.scalars.contains_key(name) {
                f.scalars.insert(name.to_string(), v);
                return Ok(());
            }
        }
        if name == "NF" {
            let n = v.num().max(0.0) as usize;
            self.fields.resize(n + 1, String::new());
            self.rebuild();
            return Ok(());
        }
        self.globals.insert(name.to_string(), v);
        Ok(())
    }

    pub(super) fn array_name(&self, name: &str) -> String {
        if let Some(f) = self.frames.last() {
            if let Some(a) = f.arrays.get(name) {
                return a.clone();
            }
        }
        name.to_string()
    }

    fn key(&mut self, idx: &[Expr]) -> R<String> {
        let mut parts = Vec::new();
        for e in idx {
            let v = self.eval(e)?;
            parts.push(self.to_str(&v));
        }
        Ok(parts.join(&self.get_global("SUBSEP").string()))
    }

    pub(super) fn to_str(&self, v: &Val) -> String {
        match v {
            Val::Num(n) => fmt_num(*n, &self.get_global("CONVFMT").string()),
            other => other.string(),
        }
    }

    fn out_str(&self, v: &Val) -> String {
        match v {
            Val::Num(n) => fmt_num(*n, &self.get_global("OFMT").string()),
            other => other.string(),
        }
    }

    pub(super) fn assign(&mut self, lv: &Expr, v: Val) -> R<()> {
        match lv {
            Expr::Var(n) => self.set_scalar(n, v),
            Expr::Field(e) => {
                let i = self.eval(e)?.num();
                if i < 0.0 {
                    return Err(Jump::Error(format!("attempt to access field {i}")));
                }
                let s = self.to_str(&v);
                self.set_field(i as usize, s)
            }
            Expr::Index(n, idx) => {
                let k = self.key(idx)?;
                let name = self.array_name(n);
                self.arrays.entry(name).or_default().set(k, v);
                Ok(())
            }
            _ => Err(Jump::Error("assignment to a non-variable".into())),
        }
    }

    // ---- running --------------------------------------------------------------

    /// Runs BEGIN, the records, and END; returns the exit status.
    pub fn run(&mut self, records: &[&str]) -> Result<i32, String> {
        let prog = self.prog;
        let mut exit: Option<i32> = None;
        for (pat, action) in &prog.rules {
            if let (Pattern::Begin, Some(a)) = (pat, action) {
                match self.block(a) {
                    Ok(()) | Err(Jump::Next) => {}
                    Err(Jump::Exit(c)) => {
                        exit = Some(c);
                        break;
                    }
                    Err(Jump::Error(e)) => return Err(e),
                    Err(_) => {}
                }
            }
        }
        let has_main = prog.rules.iter().any(|(p, _)| !matches!(p, Pattern::Begin));
        if exit.is_none() && has_main {
            'rec: for (n, line) in records.iter().enumerate() {
                self.globals.insert("NR".into(), Val::Num((n + 1) as f64));
                self.globals.insert("FNR".into(), Val::Num((n + 1) as f64));
                self.set_record(line).map_err(jump_err)?;
                for (i, (pat, action)) in prog.rules.iter().enumerate() {
                    let hit = match pat {
                        Pattern::Begin | Pattern::End => false,
                        Pattern::All => true,
                        Pattern::Expr(e) => self.cond(e).map_err(jump_err)?,
                        Pattern::Range(a, b) => {
                            if self.ranges[i] {
                                if self.cond(b).map_err(jump_err)? {
                                    self.ranges[i] = false;
                                }
                                true
                            } else if self.cond(a).map_err(jump_err)? {
                                self.ranges[i] = !self.cond(b).map_err(jump_err)?;
                                true
                            } else {
                                false
                            }
                        }
                    };
                    if !hit {
                        continue;
                    }
                    let r = match action {
                        Some(a) => self.block(a),
                        None => {
                            let t =
                                format!("{}{}", self.fields[0], self.get_global("ORS").string());
                            self.out.push_str(&t);
                            Ok(())
                        }
                    };
                    match r {
                        Ok(()) => {}
                        Err(Jump::Next) => continue 'rec,
                        Err(Jump::Exit(c)) => {
                            exit = Some(c);
                            break 'rec;
                        }
                        Err(Jump::Error(e)) => return Err(e),
                        Err(_) => {}
                    }
                }
            }
        }
        for (pat, action) in &prog.rules {
            if let (Pattern::End, Some(a)) = (pat, action) {
                match self.block(a) {
                    Ok(()) | Err(Jump::Next) => {}
                    Err(Jump::Exit(c)) => return Ok(c),
                    Err(Jump::Error(e)) => return Err(e),
                    Err(_) => {}
                }
            }
        }
        Ok(exit.unwrap_or(0))
    }

    fn cond(&mut self, e: &Expr) -> R<bool> {
        if let Expr::Ere(re) = e {
            let r = self.regex(re)?;
            return Ok(r.is_match(&self.fields[0]));
        }
        Ok(self.eval(e)?.truthy())
    }

    fn block(&mut self, stmts: &[Stmt]) -> R<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn emit(&mut self, text: String, redir: &Option<(bool, Expr)>) -> R<()> {
        match redir {
            None => self.out.push_str(&text),
            Some((append, e)) => {
                let v = self.eval(e)?;
                let path = self.to_str(&v);
                match self.files.iter_mut().find(|f| f.0 == path) {
                    Some(f) => f.1.push_str(&text),
                    None => self.files.push((path, text, *append)),
                }
            }
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
        self.step()?;
        match s {
            Stmt::Print(args, redir) => {
                let text = if args.is_empty() {
                    self.fields[0].clone()
                } else {
                    let mut parts = Vec::new();
                    for a in args {
                        let v = self.eval(a)?;
                        parts.push(self.out_str(&v));
                    }
                    parts.join(&self.get_global("OFS").string())
                };
                let t = text + &self.get_global("ORS").string();
                self.emit(t, redir)?;
            }
            Stmt::Printf(args, redir) => {
                let Some((f, rest)) = args.split_first() else {
                    return Err(Jump::Error("printf: no format".into()));
                };
                let fv = self.eval(f)?;
                let fmt = self.to_str(&fv);
                let mut vals = Vec::new();
                for a in rest {
                    vals.push(self.eval(a)?);
                }
                let t = format(&fmt, &vals);
                self.emit(t, redir)?;
            }
            Stmt::Expr(e) => {
                self.eval(e)?;
            }
            Stmt::If(c, a, b) => {
                if self.cond(c)? {
                    self.stmt(a)?;
                } else if let Some(b) = b {
                    self.stmt(b)?;
                }
            }
            Stmt::While(c, body) => {
                while self.cond(c)? {
                    self.step()?;
                    match self.stmt(body) {
                        Err(Jump::Break) => break,
                        Err(Jump::Continue) | Ok(()) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            Stmt::Do(body, c) => loop {
                self.step()?;
                match self.stmt(body) {
                    Err(Jump::Break) => break,
                    Err(Jump::Continue) | Ok(()) => {}
                    Err(e) => return Err(e),
                }
                if !self.cond(c)? {
                    break;
                }
            },
            Stmt::For(init, c, step, body) => {
                if let Some(i) = init {
                    self.stmt(i)?;
                }
                loop {
                    if let Some(c) = c {
                        if !self.cond(c)? {
                            break;
                        }
                    }
                    match self.stmt(body) {
                        Err(Jump::Break) => break,
                        Err(Jump::Continue) | Ok(()) => {}
                        Err(e) => return Err(e),
                    }
                    if let Some(s) = step {
                        self.stmt(s)?;
                    }
                }
            }
            Stmt::ForIn(var, arr, body) => {
                let name = self.array_name(arr);
                let keys = self
                    .arrays
                    .get(&name)
                    .map(|a| a.order.clone())
                    .unwrap_or_default();
                for k in keys {
                    if !self
                        .arrays
                        .get(&name)
                        .is_some_and(|a| a.map.contains_key(&k))
                    {
                        continue;
                    }
                    self.set_scalar(var, Val::StrNum(k))?;
                    match self.stmt(body) {
                        Err(Jump::Break) => break,
                        Err(Jump::Continue) | Ok(()) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            Stmt::Block(b) => self.block(b)?,
            Stmt::Next => return Err(Jump::Next),
            Stmt::Exit(e) => {
                let c = match e {
                    Some(e) => self.eval(e)?.num() as i32,
                    None => 0,
                };
                return Err(Jump::Exit(c));
            }
            Stmt::Break => return Err(Jump::Break),
            Stmt::Continue => return Err(Jump::Continue),
            Stmt::Return(e) => {
                let v = match e {
                    Some(e) => self.eval(e)?,
                    None => Val::Uninit,
                };
                return Err(Jump::Return(v));
            }
            Stmt::Delete(n, idx) => {
                let name = self.array_name(n);
                match idx {
                    Some(idx) => {
                        let k = self.key(idx)?;
                        if let Some(a) = self.arrays.get_mut(&name) {
                            a.remove(&k);
                        }
                    }
                    None => {
                        self.arrays.remove(&name);
                    }
                }
            }
        }
        Ok(())
    }

    fn compare(&self, op: &str, a: &Val, b: &Val) -> bool {
        let ord = if a.numeric() && b.numeric() {
            a.num()
                .partial_cmp(&b.num())
                .unwrap_or(std::cmp::Ordering::Equal)
        } else {
            self.to_str(a).cmp(&self.to_str(b))
        };
        use std::cmp::Ordering::*;
        match op {
            "<" => ord == Less,
            "<=" => ord != Greater,
            ">" => ord == Greater,
            ">=" => ord != Less,
            "==" => ord == Equal,
            _ => ord != Equal,
        }
    }

    pub(super) fn regex_of(&mut self, e: &Expr) -> R<Regex> {
        match e {
            Expr::Ere(s) => self.regex(s),
            other => {
                let v = self.eval(other)?;
                let s = self.to_str(&v);
                self.regex(&s)
            }
        }
    }

    pub(super) fn eval(&mut self, e: &Expr) -> R<Val> {
        Ok(match e {
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Ere(re) => {
                let r = self.regex(re)?;
                Val::Num(f64::from(u8::from(r.is_match(&self.fields[0]))))
            }
            Expr::Field(i) => {
                let i = self.eval(i)?.num();
                if i < 0.0 {
                    return Err(Jump::Error(format!("attempt to access field {i}")));
                }
                self.get_field(i as usize)
            }
            Expr::Var(n) => self.get_var(n),
            Expr::Index(n, idx) => {
                let k = self.key(idx)?;
                let name = self.array_name(n);
                let a = self.arrays.entry(name).or_default();
                match a.map.get(&k) {
                    Some(v) => v.clone(),
                    None => {
                        a.set(k, Val::Uninit);
                        Val::Uninit
                    }
                }
            }
            Expr::Assign(lv, op, rhs) => {
                let r = self.eval(rhs)?;
                let v = match op {
                    None => match r {
                        Val::Uninit => Val::Uninit,
                        other => other,
                    },
                    Some(op) => {
                        let cur = self.eval(lv)?;
                        Val::Num(arith(op, cur.num(), r.num())?)
                    }
                };
                self.assign(lv, v.clone())?;
                v
            }
            Expr::Cond(c, a, b) => {
                if self.cond(c)? {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Expr::And(a, b) => Val::Num(f64::from(u8::from(self.cond(a)? && self.cond(b)?))),
            Expr::Or(a, b) => Val::Num(f64::from(u8::from(self.cond(a)? || self.cond(b)?))),
            Expr::Not(a) => Val::Num(f64::from(u8::from(!self.cond(a)?))),
            Expr::Neg(a) => Val::Num(-self.eval(a)?.num()),
            Expr::Plus(a) => Val::Num(self.eval(a)?.num()),
            Expr::Bin(op, a, b) => {
                let x = self.eval(a)?.num();
                let y = self.eval(b)?.num();
                Val::Num(arith(op, x, y)?)
            }
            Expr::Cmp(op, a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                Val::Num(f64::from(u8::from(self.compare(op, &x, &y))))
            }
            Expr::Match(neg, a, b) => {
                let v = self.eval(a)?;
                let s = self.to_str(&v);
                let r = self.regex_of(b)?;
                Val::Num(f64::from(u8::from(r.is_match(&s) != *neg)))
            }
            Expr::Concat(a, b) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                Val::Str(self.to_str(&x) + &self.to_str(&y))
            }
            Expr::In(keys, arr) => {
                let k = self.key(keys)?;
                let name = self.array_name(arr);
                Val::Num(f64::from(u8::from(
                    self.arrays
                        .get(&name)
                        .is_some_and(|a| a.map.contains_key(&k)),
                )))
            }
            Expr::Incr(pre, d, lv) => {
                let old = self.eval(lv)?.num();
                self.assign(lv, Val::Num(old + d))?;
                Val::Num(if *pre { old + d } else { old })
            }
            Expr::Group(v) => {
                let mut last = Val::Uninit;
                for x in v {
                    last = self.eval(x)?;
                }
                last
            }
            Expr::Call(name, args) => self.call(name, args)?,
        })
    }

    pub(super) fn call(&mut self, name: &str, args: &[Expr]) -> R<Val> {
        if let Some(v) = self.builtin(name, args)? {
            return Ok(v);
        }
        let prog = self.prog;
        let Some((params, body)) = prog.funcs.get(name) else {
            return Err(Jump::Error(format!("function `{name}' not defined")));
        };
        if self.frames.len() >= MAX_DEPTH {
            return Err(Jump::Error(format!(
                "function `{name}': call nesting too deep"
            )));
        }
        let mut frame = Frame::default();
        for (i, p) in params.iter().enumerate() {
            match args.get(i) {
                Some(Expr::Var(v)) if self.is_array(v) => {
                    frame.arrays.insert(p.clone(), self.array_name(v));
                }
                Some(a) => {
                    let v = self.eval(a)?;
                    frame.scalars.insert(p.clone(), v);
                }
                None => {
                    self.local_id += 1;
                    frame
                        .arrays
                        .insert(p.clone(), format!("\u{0}local{}", self.local_id));
                    frame.scalars.insert(p.clone(), Val::Uninit);
                }
            }
        }
        self.frames.push(frame);
        let r = self.block(body);
        self.frames.pop();
        match r {
            Ok(()) => Ok(Val::Uninit),
            Err(Jump::Return(v)) => Ok(v),
            Err(e) => Err(e),
        }
    }

    pub(super) fn is_array(&self, name: &str) -> bool {
        let n = self.array_name(name);
        self.arrays.contains_key(&n)
            || self
                .frames
                .last()
                .is_some_and(|f| f.arrays.contains_key(name))
    }
}

fn jump_err(j: Jump) -> String {
    match j {
        Jump::Error(e) => e,
        _ => "unexpected jump".into(),
    }
}

fn arith(op: &str, x: f64, y: f64) -> R<f64> {
    Ok(match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" => {
            if y == 0.0 {
                return Err(Jump::Error("fatal: division by zero attempted".into()));
            }
            x / y
        }
        "%" => {
            if y == 0.0 {
                return Err(Jump::Error(
                    "fatal: division by zero attempted in `%'".into(),
                ));
            }
            x % y
        }
        _ => x.powf(y),
    })
}
