//! awk's built-in functions: `length`, `substr`, `index`, `split`,
//! `sub`, `gsub`, `match`, `sprintf`, `tolower`, `toupper`, the math
//! functions, and a fixed-seed `rand`.

use super::awk_eval::{Arr, Interp, Jump, Val};
use super::awk_parse::Expr;
use super::awk_value::format;

type R<T> = Result<T, Jump>;

impl Interp<'_> {
    fn arg_str(&mut self, args: &[Expr], i: usize) -> R<String> {
        match args.get(i) {
            Some(e) => {
                let v = self.eval(e)?;
                Ok(self.to_str(&v))
            }
            None => Ok(String::new()),
        }
    }

    fn arg_num(&mut self, args: &[Expr], i: usize) -> R<f64> {
        match args.get(i) {
            Some(e) => Ok(self.eval(e)?.num()),
            None => Ok(0.0),
        }
    }

    pub(super) fn builtin(&mut self, name: &str, args: &[Expr]) -> R<Option<Val>> {
        Ok(Some(match name {
            "length" => match args.first() {
                None => Val::Num(self.fields[0].chars().count() as f64),
                Some(Expr::Var(v)) if self.is_array(v) => {
                    let n = self.array_name(v);
                    Val::Num(self.arrays.get(&n).map(|a| a.map.len()).unwrap_or(0) as f64)
                }
                Some(_) => Val::Num(self.arg_str(args, 0)?.chars().count() as f64),
            },
            "substr" => {
                let s: Vec<char> = self.arg_str(args, 0)?.chars().collect();
                let m = self.arg_num(args, 1)?;
                let m = (m + 0.5).floor();
                let n = if args.len() > 2 {
                    (self.arg_num(args, 2)? + 0.5).floor()
                } else {
                    f64::INFINITY
                };
                let start = m.max(1.0);
                let end = (m + n).min(s.len() as f64 + 1.0);
                if end <= start {
                    Val::Str(String::new())
                } else {
                    Val::Str(s[(start as usize - 1)..(end as usize - 1)].iter().collect())
                }
            }
            "index" => {
                let s = self.arg_str(args, 0)?;
                let t = self.arg_str(args, 1)?;
                Val::Num(match s.find(&t) {
                    Some(b) => (s[..b].chars().count() + 1) as f64,
                    None => 0.0,
                })
            }
            "split" => {
                let s = self.arg_str(args, 0)?;
                let Some(Expr::Var(arr)) = args.get(1) else {
                    return Err(Jump::Error("split: second argument is not an array".into()));
                };
                let parts = match args.get(2) {
                    Some(Expr::Ere(re)) => {
                        let r = self.regex(re)?;
                        if s.is_empty() {
                            vec![]
                        } else {
                            r.split(&s).map(str::to_string).collect()
                        }
                    }
                    Some(e) => {
                        let v = self.eval(e)?;
                        let fs = self.to_str(&v);
                        self.split_with(&s, &fs)?
                    }
                    None => {
                        let fs = self.get_global("FS").string();
                        self.split_with(&s, &fs)?
                    }
                };
                let name = self.array_name(arr);
                let mut a = Arr::default();
                let n = parts.len();
                for (i, p) in parts.into_iter().enumerate() {
                    a.set((i + 1).to_string(), Val::StrNum(p));
                }
                self.arrays.insert(name, a);
                Val::Num(n as f64)
            }
            "sub" | "gsub" => {
                let Some(re_e) = args.first() else {
                    return Err(Jump::Error(format!("{name}: not enough arguments")));
                };
                let r = self.regex_of(re_e)?;
                let rep = self.arg_str(args, 1)?;
                let target = args
                    .get(2)
                    .cloned()
                    .unwrap_or(Expr::Field(Box::new(Expr::Num(0.0))));
                let tv = self.eval(&target)?;
                let s = self.to_str(&tv);
                let mut out = String::new();
                let mut last = 0;
                let mut n = 0;
                for m in r.find_iter(&s) {
                    if m.start() < last || (m.is_empty() && n > 0 && m.start() == last && last != 0)
                    {
                        continue;
                    }
                    out.push_str(&s[last..m.start()]);
                    let mut it = rep.chars().peekable();
                    while let Some(c) = it.next() {
                        match c {
                            '\\' if matches!(it.peek(), Some('&' | '\\')) => {
                                out.push(it.next().unwrap_or('\\'))
                            }
                            '&' => out.push_str(m.as_str()),
                            _ => out.push(c),
                        }
                    }
                    last = m.end();
                    n += 1;
                    if name == "sub" {
                        break;
                    }
                }
                if n > 0 {
                    out.push_str(&s[last..]);
                    self.assign(&target, Val::Str(out))?;
                }
                Val::Num(n as f64)
            }
            "match" => {
                let s = self.arg_str(args, 0)?;
                let r = match args.get(1) {
                    Some(e) => self.regex_of(e)?,
                    None => return Err(Jump::Error("match: not enough arguments".into())),
                };
                let (st, len) = match r.find(&s) {
                    Some(m) => (
                        (s[..m.start()].chars().count() + 1) as f64,
                        m.as_str().chars().count() as f64,
                    ),
                    None => (0.0, -1.0),
                };
                self.globals.insert("RSTART".into(), Val::Num(st));
                self.globals.insert("RLENGTH".into(), Val::Num(len));
                Val::Num(st)
            }
            "sprintf" => {
                let fmt = self.arg_str(args, 0)?;
                let mut vals = Vec::new();
                for a in args.iter().skip(1) {
                    vals.push(self.eval(a)?);
                }
                Val::Str(format(&fmt, &vals))
            }
            "tolower" => Val::Str(self.arg_str(args, 0)?.to_lowercase()),
            "toupper" => Val::Str(self.arg_str(args, 0)?.to_uppercase()),
            "int" => Val::Num(self.arg_num(args, 0)?.trunc()),
            "sqrt" => Val::Num(self.arg_num(args, 0)?.sqrt()),
            "exp" => Val::Num(self.arg_num(args, 0)?.exp()),
            "log" => Val::Num(self.arg_num(args, 0)?.ln()),
            "sin" => Val::Num(self.arg_num(args, 0)?.sin()),
            "cos" => Val::Num(self.arg_num(args, 0)?.cos()),
            "atan2" => {
                let y = self.arg_num(args, 0)?;
                Val::Num(y.atan2(self.arg_num(args, 1)?))
            }
            "rand" => {
                // A fixed-seed generator: runs replay.
                self.seed = self
                    .seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                Val::Num((self.seed >> 11) as f64 / (1u64 << 53) as f64)
            }
            "srand" => {
                let old = self.seed;
                self.seed = self.arg_num(args, 0)? as u64;
                Val::Num(old as f64)
            }
            "system" => {
                return Err(Jump::Error(
                    "system() is not supported by netbook's awk".into(),
                ))
            }
            _ => return Ok(None),
        }))
    }
}
