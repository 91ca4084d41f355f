//! printf's engine, shared by bash's builtin and coreutils' printf (what
//! `sudo`, `xargs` and `ip netns exec` reach): the format is reused while
//! arguments remain; numbers take `0x`, leading-0 octal and `'c`. The two
//! differ only in how they word mistakes and in a few escapes.

use super::awk_value::{format, Val};
use super::escapes::{decode, Escapes, Flow};

/// Whose printf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// bash's builtin (`bash: printf: ...`).
    Bash,
    /// coreutils' `/usr/bin/printf` (`printf: ...`).
    Coreutils,
}

/// What printf wrote, and its exit status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    /// stdout.
    pub out: String,
    /// stderr: the mistakes, one line each.
    pub err: String,
    /// 1 after a mistake, else 0.
    pub status: i32,
}

struct Run<'a> {
    dialect: Dialect,
    rest: &'a [String],
    used: usize,
    p: Printed,
}

impl Run<'_> {
    fn complain(&mut self, msg: &str) {
        let prefix = match self.dialect {
            Dialect::Bash => "bash: printf: ",
            Dialect::Coreutils => "printf: ",
        };
        self.p.err.push_str(&format!("{prefix}{msg}\n"));
    }

    fn next_arg(&mut self) -> Option<String> {
        let (a, rest) = self.rest.split_first()?;
        self.rest = rest;
        self.used += 1;
        Some(a.clone())
    }

    /// Decodes `s` into the output; false once output must end.
    fn escapes(&mut self, s: &str, how: Escapes) -> bool {
        let mut warn = Vec::new();
        let flow = decode(s, how, &mut self.p.out, &mut warn);
        for w in warn {
            self.complain(&w);
        }
        match flow {
            Flow::Go => true,
            Flow::Stop => false,
            Flow::Fail(msg) => {
                self.complain(msg);
                self.p.status = 1;
                false
            }
        }
    }

    fn number(&mut self, arg: &str, float: bool) -> f64 {
        let t = arg.trim();
        if let Some(c) = t.strip_prefix(['\'', '"']) {
            return c.chars().next().map(|c| c as u32 as f64).unwrap_or(0.0);
        }
        if t.is_empty() {
            return 0.0;
        }
        let parse = |p: &str| {
            if float {
                p.parse::<f64>().ok()
            } else {
                parse_int(p).map(|v| v as f64)
            }
        };
        // strtod/strtoimax: the longest number at the front counts.
        let front = (1..=t.len())
            .rev()
            .filter(|&end| t.is_char_boundary(end))
            .find_map(|end| parse(&t[..end]).map(|v| (v, end == t.len())));
        let (v, why) = match front {
            Some((v, true)) => return v,
            Some((v, false)) => (v, "value not completely converted"),
            None => (0.0, "expected a numeric value"),
        };
        let msg = match self.dialect {
            Dialect::Bash => format!("{arg}: invalid number"),
            Dialect::Coreutils => format!("'{arg}': {why}"),
        };
        self.complain(&msg);
        self.p.status = 1;
        v
    }

    /// One conversion; false once output must end.
    fn convert(&mut self, spec: &str, conv: char) -> bool {
        let a = self.next_arg().unwrap_or_default();
        let text = match conv {
            'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
                let v = self.number(&a, false);
                format(&format!("{spec}{conv}"), &[Val::Num(v)])
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let v = self.number(&a, true);
                format(&format!("{spec}{conv}"), &[Val::Num(v)])
            }
            'c' => format(
                &format!("{spec}s"),
                &[Val::Str(a.chars().take(1).collect())],
            ),
            'b' => {
                let how = match self.dialect {
                    Dialect::Bash => Escapes::BashB,
                    Dialect::Coreutils => Escapes::Coreutils,
                };
                // Decoded on its own, then padded as a %s field.
                let before = std::mem::take(&mut self.p.out);
                let go = self.escapes(&a, how);
                let field = std::mem::replace(&mut self.p.out, before);
                self.p
                    .out
                    .push_str(&format(&format!("{spec}s"), &[Val::Str(field)]));
                return go;
            }
            _ => format(&format!("{spec}s"), &[Val::Str(a)]),
        };
        self.p.out.push_str(&text);
        true
    }
}

/// An integer as C's `strtoimax(s, 0)` reads it (decimal, `0x` hex,
/// leading-0 octal, a sign), as printf, `test` and `$((...))` take them.
pub fn parse_int(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if s.len() > 1 && s.starts_with('0') {
        i64::from_str_radix(&s[1..], 8).ok()?
    } else if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        s.parse::<i64>()
            .ok()
            .or_else(|| s.parse::<u64>().ok().map(|u| u as i64))?
    } else {
        return None;
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

/// Runs `fmt` over `args`.
pub fn printf(dialect: Dialect, fmt: &str, args: &[String]) -> Printed {
    let literal = match dialect {
        Dialect::Bash => Escapes::BashFormat,
        Dialect::Coreutils => Escapes::Coreutils,
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut r = Run {
        dialect,
        rest: args,
        used: 0,
        p: Printed::default(),
    };
    'rounds: loop {
        r.used = 0;
        let mut i = 0;
        let mut lit = String::new();
        while i < chars.len() {
            if chars[i] != '%' {
                lit.push(chars[i]);
                i += 1;
                continue;
            }
            if !r.escapes(&std::mem::take(&mut lit), literal) {
                break 'rounds;
            }
            let start = i;
            i += 1;
            while i < chars.len() && !chars[i].is_ascii_alphabetic() && chars[i] != '%' {
                i += 1;
            }
            let Some(&conv) = chars.get(i) else {
                r.p.out.extend(&chars[start..]);
                break;
            };
            i += 1;
            if conv == '%' {
                r.p.out.push('%');
                continue;
            }
            let mut spec: String = chars[start..i - 1].iter().collect();
            // `*` takes the width or precision from the arguments.
            while let Some(p) = spec.find('*') {
                let a = r.next_arg().unwrap_or_default();
                let n = r.number(&a, false) as i64;
                spec.replace_range(p..p + 1, &n.to_string());
            }
            if !"diouxXeEfFgGcsbq".contains(conv) {
                let msg = match dialect {
                    Dialect::Bash => format!("`{conv}': invalid format character"),
                    Dialect::Coreutils => format!("{spec}{conv}: invalid conversion specification"),
                };
                r.complain(&msg);
                r.p.status = 1;
                break 'rounds;
            }
            if !r.convert(&spec, conv) {
                break 'rounds;
            }
        }
        if !r.escapes(&lit, literal) || r.rest.is_empty() || r.used == 0 {
            break;
        }
    }
    r.p
}

#[cfg(test)]
mod tests {
    use super::*;
    fn run(d: Dialect, argv: &[&str]) -> Printed {
        let rest: Vec<String> = argv[1..].iter().map(|a| a.to_string()).collect();
        printf(d, argv[0], &rest)
    }

    #[test]
    fn formats_and_reuses_the_format() {
        let p = run(
            Dialect::Bash,
            &[r"%05.1f|%-4s|%x\n", "3.14159", "ab", "255", "1", "b", "16"],
        );
        assert_eq!(p.out, "003.1|ab  |ff\n001.0|b   |10\n");
        assert_eq!(
            run(Dialect::Bash, &[r"%d-%d\n", "1", "2", "3"]).out,
            "1-2\n3-0\n"
        );
        assert_eq!(run(Dialect::Bash, &["%s %c", "x y", "zq"]).out, "x y z");
    }

    #[test]
    fn mistakes_are_worded_per_dialect() {
        let b = run(Dialect::Bash, &[r"%d\n", "abc"]);
        assert_eq!((b.out.as_str(), b.status), ("0\n", 1));
        assert_eq!(b.err, "bash: printf: abc: invalid number\n");
        let c = run(Dialect::Coreutils, &[r"%d\n", "abc"]);
        assert_eq!(c.err, "printf: 'abc': expected a numeric value\n");
        let c = run(Dialect::Coreutils, &["%d|%.1f", "12x", "1.5y"]);
        assert_eq!((c.out.as_str(), c.status), ("12|1.5", 1));
        let x = run(Dialect::Bash, &[r"a\x\n"]);
        assert_eq!((x.out.as_str(), x.status), ("a\\x\n", 0));
        assert_eq!(x.err, "bash: printf: missing hex digit for \\x\n");
        let x = run(Dialect::Coreutils, &[r"a\xz\n"]);
        assert_eq!((x.out.as_str(), x.status), ("a", 1));
    }

    #[test]
    fn backslash_c_in_b_ends_all_output() {
        assert_eq!(run(Dialect::Bash, &[r"%b|\n", r"a\cb", "x"]).out, "a");
        assert_eq!(run(Dialect::Bash, &[r"a\cb\n"]).out, "a\\cb\n");
        assert_eq!(run(Dialect::Coreutils, &[r"a\cb\n"]).out, "a");
    }
}
