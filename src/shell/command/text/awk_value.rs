//! awk's values: numbers, strings, and gawk's "strnum" (input text
//! that compares as a number when it looks like one).

#[derive(Debug, Clone)]
pub enum Val {
    Num(f64),
    Str(String),
    /// Input text that compares as a number when it looks like one.
    StrNum(String),
    Uninit,
}

/// The leading number of a string, as strtod reads it.
pub fn str_to_num(s: &str) -> f64 {
    let t = s.trim_start();
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if t[i..].starts_with("0x") || t[i..].starts_with("0X") {
        return 0.0;
    }
    let ds = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i == ds || (i == ds + 1 && b[ds] == b'.') {
        return 0.0;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    t[..i].parse().unwrap_or(0.0)
}

pub fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.parse::<f64>().is_ok() && !t.contains(['x', 'X', 'n', 'N', 'i', 'I'])
}

impl Val {
    pub fn num(&self) -> f64 {
        match self {
            Val::Num(n) => *n,
            Val::Str(s) | Val::StrNum(s) => str_to_num(s),
            Val::Uninit => 0.0,
        }
    }

    pub fn string(&self) -> String {
        match self {
            Val::Num(n) => fmt_num(*n, "%.6g"),
            Val::Str(s) | Val::StrNum(s) => s.clone(),
            Val::Uninit => String::new(),
        }
    }

    pub fn numeric(&self) -> bool {
        match self {
            Val::Num(_) | Val::Uninit => true,
            Val::StrNum(s) => looks_numeric(s),
            Val::Str(_) => false,
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::StrNum(s) => {
                if looks_numeric(s) {
                    str_to_num(s) != 0.0
                } else {
                    !s.is_empty()
                }
            }
            Val::Uninit => false,
        }
    }
}

/// The widest field or precision printf pads to.
pub(crate) const MAX_WIDTH: usize = 32 * 1024;

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
pub(crate) fn fmt_e(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    let e = if upper { 'E' } else { 'e' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// C's `%g`.
pub(crate) fn fmt_g(v: f64, prec: usize, alt: bool, upper: bool) -> String {
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
