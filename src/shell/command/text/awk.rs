//! `awk`/`gawk`: options (`-F`, `-v`, `-f`), the program's entry, and
//! printf-style formatting shared by `printf` and `sprintf`. The grammar
//! is in `awk_parse`, the interpreter in `awk_eval`.

use super::awk_eval::{Interp, Val};
use super::awk_lex::lex;
use super::awk_parse::Parser;
use crate::shell::command::{CmdOutput, Ctx};

/// The widest field or precision printf pads to.
const MAX_WIDTH: usize = 32 * 1024;

/// A number as awk prints it: integers plainly, others with `fmt`.
pub fn fmt_num(n: f64, fmt: &str) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "nan" }.into();
    }
    if n.is_infinite() {
        return if n < 0.0 { "-inf" } else { "inf" }.into();
    }
    if n == n.trunc() && n.abs() < 1e16 {
        return format!("{}", n as i64);
    }
    format(fmt, &[Val::Num(n)])
}

/// C's `%e` with `prec` digits.
fn fmt_e(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    let e = if upper { 'E' } else { 'e' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// C's `%g`.
fn fmt_g(v: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if v == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let e = fmt_e(v, p - 1, upper);
    let exp: i32 = e
        .rsplit(['e', 'E'])
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    let strip = |s: String| -> String {
        if alt || !s.contains('.') {
            return s;
        }
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if exp < -4 || exp >= p as i32 {
        let (m, x) = e.split_once(['e', 'E']).unwrap_or((&e, ""));
        let m = strip(m.to_string());
        format!("{m}{}{x}", if upper { 'E' } else { 'e' })
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip(format!("{v:.decimals$}"))
    }
}

/// printf formatting: `%d %i %o %x %X %u %c %s %e %f %g %%` with flags,
/// width, precision and `*`.
pub fn format(fmt: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let c: Vec<char> = fmt.chars().collect();
    let mut ai = 0;
    let next = |ai: &mut usize| -> Val {
        let v = args.get(*ai).cloned().unwrap_or(Val::Uninit);
        *ai += 1;
        v
    };
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i >= c.len() {
            out.push('%');
            break;
        }
        if c[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let (mut left, mut plus, mut space, mut zero, mut alt) =
            (false, false, false, false, false);
        while i < c.len() && "-+ 0#".contains(c[i]) {
            match c[i] {
                '-' => left = true,
                '+' => plus = true,
                ' ' => space = true,
                '0' => zero = true,
                _ => alt = true,
            }
            i += 1;
        }
        let mut width = 0usize;
        if i < c.len() && c[i] == '*' {
            let w = next(&mut ai).num() as i64;
            if w < 0 {
                left = true;
            }
            width = w.unsigned_abs() as usize;
            i += 1;
        }
        while i < c.len() && c[i].is_ascii_digit() {
            width = width
                .saturating_mul(10)
                .saturating_add(c[i].to_digit(10).unwrap_or(0) as usize);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            let mut p = 0usize;
            if i < c.len() && c[i] == '*' {
                p = next(&mut ai).num().max(0.0) as usize;
                i += 1;
            }
            while i < c.len() && c[i].is_ascii_digit() {
                p = p
                    .saturating_mul(10)
                    .saturating_add(c[i].to_digit(10).unwrap_or(0) as usize);
                i += 1;
            }
            prec = Some(p);
        }
        // Bounded: a width or precision past 32 KiB is cut there.
        width = width.min(MAX_WIDTH);
        let prec = prec.map(|p| p.min(MAX_WIDTH));
        let Some(&conv) = c.get(i) else { break };
        i += 1;
        let sign = |neg: bool| -> &'static str {
            if neg {
                "-"
            } else if plus {
                "+"
            } else if space {
                " "
            } else {
                ""
            }
        };
        let (body, numeric, sgn): (String, bool, &str) = match conv {
            'd' | 'i' => {
                let v = next(&mut ai).num().trunc();
                let mut digits = format!("{}", v.abs() as u64);
                if let Some(p) = prec {
                    if digits.len() < p {
                        digits = "0".repeat(p - digits.len()) + &digits;
                    }
                    if p == 0 && v == 0.0 {
                        digits.clear();
                    }
                }
                (digits, prec.is_none(), sign(v < 0.0))
            }
            'o' | 'x' | 'X' | 'u' => {
                let v = next(&mut ai).num().trunc() as i64 as u64;
                let mut d = match conv {
                    'o' => format!("{v:o}"),
                    'x' => format!("{v:x}"),
                    'X' => format!("{v:X}"),
                    _ => format!("{v}"),
                };
                if let Some(p) = prec {
                    if d.len() < p {
                        d = "0".repeat(p - d.len()) + &d;
                    }
                }
                if alt && v != 0 {
                    d = match conv {
                        'o' => format!("0{d}"),
                        'x' => format!("0x{d}"),
                        'X' => format!("0X{d}"),
                        _ => d,
                    };
                }
                (d, prec.is_none(), "")
            }
            'c' => {
                let v = next(&mut ai);
                let s = match v {
                    Val::Num(n) => char::from_u32(n as u32)
                        .map(String::from)
                        .unwrap_or_default(),
                    other => other
                        .string()
                        .chars()
                        .next()
                        .map(String::from)
                        .unwrap_or_default(),
                };
                (s, false, "")
            }
            's' => {
                let v = next(&mut ai);
                let mut s = match v {
                    Val::Num(n) => fmt_num(n, "%.6g"),
                    other => other.string(),
                };
                if let Some(p) = prec {
                    s = s.chars().take(p).collect();
                }
                (s, false, "")
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let v = next(&mut ai).num();
                let p = prec.unwrap_or(6);
                let a = v.abs();
                let s = match conv {
                    'e' | 'E' => fmt_e(a, p, conv == 'E'),
                    'f' | 'F' => format!("{a:.p$}"),
                    _ => fmt_g(a, p, alt, conv == 'G'),
                };
                (s, true, sign(v.is_sign_negative() && v != 0.0))
            }
            other => (format!("%{other}"), false, ""),
        };
        let len = sgn.chars().count() + body.chars().count();
        if len >= width {
            out.push_str(sgn);
            out.push_str(&body);
        } else if left {
            out.push_str(sgn);
            out.push_str(&body);
            out.push_str(&" ".repeat(width - len));
        } else if zero && numeric {
            out.push_str(sgn);
            out.push_str(&"0".repeat(width - len));
            out.push_str(&body);
        } else {
            out.push_str(&" ".repeat(width - len));
            out.push_str(sgn);
            out.push_str(&body);
        }
    }
    out
}

/// `-v` values and `-F` take escape sequences, as in awk strings.
fn unescape(s: &str) -> String {
    match lex(&format!("\"{}\"", s.replace('"', "\\\""))) {
        Ok(t) => match t.first() {
            Some(super::awk_lex::Tok::Str(v)) => v.clone(),
            _ => s.to_string(),
        },
        Err(_) => s.to_string(),
    }
}

/// `awk [-F FS] [-v VAR=VAL]... [-f FILE | 'PROGRAM'] [FILE | VAR=VAL]...`
pub fn run(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut fs: Option<String> = None;
    let mut assigns: Vec<(String, String)> = Vec::new();
    let mut program: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            i += 1;
            break;
        }
        if a == "-F" {
            i += 1;
            fs = args.get(i).cloned();
        } else if let Some(v) = a.strip_prefix("-F") {
            fs = Some(v.to_string());
        } else if a == "-v" {
            i += 1;
            if let Some((n, v)) = args.get(i).and_then(|x| x.split_once('=')) {
                assigns.push((n.to_string(), unescape(v)));
            }
        } else if let Some(x) = a.strip_prefix("-v") {
            if let Some((n, v)) = x.split_once('=') {
                assigns.push((n.to_string(), unescape(v)));
            }
        } else if a == "-f" {
            i += 1;
            let p = args.get(i).cloned().unwrap_or_default();
            match ctx.world.read_file(ctx.netns.as_deref(), &p) {
                Ok(t) => program = Some(t),
                Err(_) => {
                    return CmdOutput::usage(
                        2,
                        format!("awk: fatal: can't open source file `{p}' for reading: No such file or directory\n"),
                    )
                }
            }
        } else if a.starts_with('-') && a.len() > 1 {
            return CmdOutput::usage(
                2,
                format!(
                    "awk: not an option: {a}\nUsage: awk [POSIX or GNU style options] -f progfile [--] file ...\n"
                ),
            );
        } else {
            break;
        }
        i += 1;
    }
    let program = match program {
        Some(p) => p,
        None => match args.get(i) {
            Some(p) => {
                i += 1;
                p.clone()
            }
            None => {
                return CmdOutput::usage(
                    2,
                    "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n",
                )
            }
        },
    };
    let prog = match lex(&program).and_then(|t| Parser::new(t).program()) {
        Ok(p) => p,
        Err(e) => {
            let first = program.lines().next().unwrap_or("");
            return CmdOutput::usage(
                1,
                format!("awk: cmd. line:1: {first}\nawk: cmd. line:1: {e}\n"),
            );
        }
    };
    let mut out = CmdOutput::default();
    let mut text = String::new();
    let mut files = 0;
    let mut operand_vars: Vec<(String, String)> = Vec::new();
    for op in &args[i..] {
        if let Some((n, v)) = op.split_once('=') {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                operand_vars.push((n.to_string(), unescape(v)));
                continue;
            }
        }
        files += 1;
        if op == "-" {
            text.push_str(ctx.stdin.as_deref().unwrap_or(""));
            continue;
        }
        match ctx.world.read_file(ctx.netns.as_deref(), op) {
            Ok(t) => text.push_str(&t),
            Err(_) => {
                out.stderr.push_str(&format!(
                    "awk: fatal: cannot open file `{op}' for reading: No such file or directory\n"
                ));
                out.status = 2;
                return out;
            }
        }
    }
    if files == 0 {
        text = ctx.stdin.clone().unwrap_or_default();
    }
    let records: Vec<&str> = text.lines().collect();
    let mut it = Interp::new(&prog, ctx.interrupt);
    if let Some(fs) = fs {
        let fs = if fs == "t" {
            "\t".to_string()
        } else {
            unescape(&fs)
        };
        it.set_var("FS", Val::Str(fs));
    }
    for (n, v) in assigns.into_iter().chain(operand_vars) {
        it.set_var(&n, Val::StrNum(v));
    }
    let mut argv = vec![("0".to_string(), Val::Str("awk".into()))];
    for (k, a) in args[i..].iter().enumerate() {
        argv.push(((k + 1).to_string(), Val::StrNum(a.clone())));
    }
    it.set_var("ARGC", Val::Num(argv.len() as f64));
    it.set_array("ARGV", argv);
    let r = it.run(&records);
    out.stdout = std::mem::take(&mut it.out);
    for (path, body, append) in std::mem::take(&mut it.files) {
        if path == "/dev/stderr" {
            out.stderr.push_str(&body);
            continue;
        }
        if path == "/dev/stdout" {
            out.stdout.push_str(&body);
            continue;
        }
        if let Err(e) = ctx
            .world
            .write_file(ctx.netns.as_deref(), &path, &body, append)
        {
            out.stderr.push_str(&format!("awk: {e}\n"));
            out.status = 2;
        }
    }
    match r {
        Ok(code) => {
            if out.status == 0 {
                out.status = code;
            }
        }
        Err(e) => {
            out.stderr.push_str(&format!("awk: cmd. line:1: {e}\n"));
            out.status = 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_like_c() {
        let n = |v: f64| Val::Num(v);
        assert_eq!(
            format(
                "%5.2f|%-4d|%03d|%x",
                &[n(1.23456), n(7.0), n(5.0), n(255.0)]
            ),
            " 1.23|7   |005|ff"
        );
        assert_eq!(
            format("%g %g %g", &[n(0.0001), n(1e20), n(123456789.0)]),
            "0.0001 1e+20 1.23457e+08"
        );
        assert_eq!(format("%s=%c", &[Val::Str("a".into()), n(65.0)]), "a=A");
        assert_eq!(fmt_num(0.1 + 0.2, "%.6g"), "0.3");
    }
}
