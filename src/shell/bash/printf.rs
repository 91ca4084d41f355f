//! bash's `printf` builtin: the format is reused until the arguments run
//! out; `%b` expands escapes; numbers accept `0x`, leading-0 octal and
//! `'c` (a character's code); `-v VAR` assigns instead of printing.

use super::arith::parse_int;
use super::eval::{Exec, R};
use super::expand::ansi_c;
use crate::shell::command::text::awk_value::format;
use crate::shell::command::text::awk_value::Val;

/// Escapes of the format string (`\n`, `\t`, `\0NNN`, `\xHH`, ...).
fn format_escapes(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            o.push(c);
            continue;
        }
        match it.peek().copied() {
            Some('x') => {
                it.next();
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 {
                    match it.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            it.next();
                            n += 1;
                        }
                        None => break,
                    }
                }
                o.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(_) => {
                let mut tmp = String::from("\\");
                if let Some(n) = it.next() {
                    tmp.push(n);
                    if n.is_digit(8) {
                        for _ in 0..2 {
                            match it.peek() {
                                Some(d) if d.is_digit(8) => {
                                    tmp.push(*d);
                                    it.next();
                                }
                                _ => break,
                            }
                        }
                    }
                }
                o.push_str(&ansi_c(&tmp));
            }
            None => o.push('\\'),
        }
    }
    o
}

impl Exec<'_> {
    fn printf_number(&mut self, arg: &str, float: bool, bad: &mut bool) -> f64 {
        let t = arg.trim();
        if let Some(c) = t.strip_prefix(['\'', '"']) {
            return c.chars().next().map(|c| c as u32 as f64).unwrap_or(0.0);
        }
        if t.is_empty() {
            return 0.0;
        }
        let v = if float {
            t.parse::<f64>().ok()
        } else {
            parse_int(t).map(|v| v as f64)
        };
        match v {
            Some(v) => v,
            None => {
                self.write(2, &format!("bash: printf: {arg}: invalid number\n"));
                *bad = true;
                0.0
            }
        }
    }

    /// `printf [-v VAR] FORMAT [ARGUMENT]...`
    pub(super) fn printf_builtin(&mut self, args: &[String]) -> R {
        let (var, args) = match args {
            [v, name, rest @ ..] if v == "-v" => (Some(name.clone()), rest),
            _ => (None, args),
        };
        let Some((fmt, mut rest)) = args.split_first() else {
            self.write(2, "printf: usage: printf [-v var] format [arguments]\n");
            return Ok(2);
        };
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut bad = false;
        loop {
            let mut used = 0;
            let mut i = 0;
            let mut lit = String::new();
            while i < chars.len() {
                if chars[i] != '%' {
                    lit.push(chars[i]);
                    i += 1;
                    continue;
                }
                out.push_str(&format_escapes(&std::mem::take(&mut lit)));
                let start = i;
                i += 1;
                while i < chars.len() && !chars[i].is_ascii_alphabetic() && chars[i] != '%' {
                    i += 1;
                }
                let Some(&conv) = chars.get(i) else {
                    out.push_str(&chars[start..].iter().collect::<String>());
                    break;
                };
                i += 1;
                if conv == '%' {
                    out.push('%');
                    continue;
                }
                let mut spec: String = chars[start..i - 1].iter().collect();
                // `*` takes the width or precision from the arguments.
                while let Some(p) = spec.find('*') {
                    let a = rest.first().cloned().unwrap_or_default();
                    rest = rest.get(1..).unwrap_or(&[]);
                    used += 1;
                    let n = self.printf_number(&a, false, &mut bad) as i64;
                    spec.replace_range(p..p + 1, &n.to_string());
                }
                let arg = rest.first().cloned();
                if arg.is_some() {
                    rest = &rest[1..];
                    used += 1;
                }
                let a = arg.unwrap_or_default();
                let text = match conv {
                    'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
                        let v = self.printf_number(&a, false, &mut bad);
                        format(&format!("{spec}{conv}"), &[Val::Num(v)])
                    }
                    'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                        let v = self.printf_number(&a, true, &mut bad);
                        format(&format!("{spec}{conv}"), &[Val::Num(v)])
                    }
                    'c' => format(
                        &format!("{spec}s"),
                        &[Val::Str(a.chars().take(1).collect())],
                    ),
                    'b' => format(&format!("{spec}s"), &[Val::Str(format_escapes(&a))]),
                    's' | 'q' => format(&format!("{spec}s"), &[Val::Str(a)]),
                    other => {
                        self.write(
                            2,
                            &format!("bash: printf: `{other}': invalid format character\n"),
                        );
                        return Ok(1);
                    }
                };
                out.push_str(&text);
            }
            out.push_str(&format_escapes(&lit));
            if rest.is_empty() || used == 0 {
                break;
            }
            self.step()?;
        }
        match var {
            Some(v) => self.sh.set(&v, out),
            None => self.write(1, &out),
        }
        Ok(i32::from(bad))
    }
}
