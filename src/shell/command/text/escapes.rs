//! Backslash escapes, as bash and coreutils decode them. The five places
//! that decode them agree on `\n`, `\t`, `\xHH`, `\uHHHH` ... and differ
//! in octal, `\c`, quotes and mistakes; one decoder takes the difference
//! as a parameter.

/// Whose escapes: each row is a place that decodes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escapes {
    /// `$'...'` and `${v@E}`: `\cX` is a control character.
    AnsiC,
    /// `echo -e`: octal only as `\0NNN`; `\c` ends all output.
    Echo,
    /// bash's printf format: `\NNN`; `\c` stays as written.
    BashFormat,
    /// bash's printf `%b`: `\0NNN` or `\NNN`; `\c` ends all output.
    BashB,
    /// coreutils' printf format and `%b`: `\c` ends all output; a `\x`
    /// without digits is fatal.
    Coreutils,
}

/// What decoding a string came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// Output goes on.
    Go,
    /// `\c`: nothing more is printed, not even a newline.
    Stop,
    /// A fatal mistake (coreutils), worded as the tool words it.
    Fail(&'static str),
}

/// Up to `max` digits of `radix`, as a number.
fn digits(it: &mut std::iter::Peekable<std::str::Chars>, radix: u32, max: usize) -> Option<u32> {
    let mut n: Option<u32> = None;
    for _ in 0..max {
        match it.peek().and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                n = Some(n.unwrap_or(0) * radix + d);
                it.next();
            }
            None => break,
        }
    }
    n
}

/// Appends `s` to `out` with its escapes decoded; bash's warnings (a
/// `\x` or `\u` without digits, which stays as written) go to `warn`.
pub fn decode(s: &str, how: Escapes, out: &mut String, warn: &mut Vec<String>) -> Flow {
    use Escapes::*;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else {
            out.push('\\');
            break;
        };
        let plain = match e {
            'a' => '\x07',
            'b' => '\x08',
            'e' | 'E' => '\x1b',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '\\' => '\\',
            '\'' | '"' | '?' if matches!(how, AnsiC | BashFormat | Coreutils) => e,
            'c' if how == AnsiC => match it.next() {
                Some('?') => '\x7f',
                Some(x) => char::from(x as u8 & 0x1f),
                None => {
                    out.push_str("\\c");
                    continue;
                }
            },
            'c' if how != BashFormat => return Flow::Stop,
            '0' if matches!(how, Echo | BashB | Coreutils) => {
                char::from(digits(&mut it, 8, 3).unwrap_or(0) as u8)
            }
            '0'..='7' if how != Echo => {
                // Three digits at most, the first one included.
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                char::from(v as u8)
            }
            'x' | 'u' | 'U' => {
                let max = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                match digits(&mut it, 16, max) {
                    // A byte above 0x7f is not UTF-8 on its own: kept as
                    // the character of that code point.
                    Some(n) => char::from_u32(n).unwrap_or('\u{fffd}'),
                    None if how == Coreutils => {
                        return Flow::Fail("missing hexadecimal number in escape")
                    }
                    None => {
                        if matches!(how, BashFormat | BashB) {
                            let what = if e == 'x' { "hex" } else { "unicode" };
                            warn.push(format!("missing {what} digit for \\{e}"));
                        }
                        out.push('\\');
                        e
                    }
                }
            }
            o => {
                out.push('\\');
                o
            }
        };
        out.push(plain);
    }
    Flow::Go
}

/// `s` decoded as `$'...'` is; a NUL ends it, as bash's strings are C's.
pub fn ansi_c(s: &str) -> String {
    let mut o = String::new();
    decode(s, Escapes::AnsiC, &mut o, &mut Vec::new());
    if let Some(nul) = o.find('\0') {
        o.truncate(nul);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, how: Escapes) -> (String, Flow, Vec<String>) {
        let mut o = String::new();
        let mut w = Vec::new();
        let f = decode(s, how, &mut o, &mut w);
        (o, f, w)
    }

    /// Each row was printed by bash 5.2 / coreutils 9.1.
    #[test]
    fn decodes_as_bash_and_coreutils() {
        use Escapes::*;
        let go = Flow::Go;
        let cases: &[(&str, Escapes, &str, Flow)] = &[
            (
                r"a\x41b\u00e9c\101d\'e\?\cAh",
                AnsiC,
                "aAbécAd'e?\x01h",
                go.clone(),
            ),
            (r"\1234\x4g\xZ\c?", AnsiC, "S4\x04g\\xZ\x7f", go.clone()),
            (
                r"a\101c\0101d\'e\x4g\qz",
                Echo,
                "a\\101cAd\\'e\x04g\\qz",
                go.clone(),
            ),
            (r"x\cy", Echo, "x", Flow::Stop),
            (r"a\'b\?c\cd\0101", BashFormat, "a'b?c\\cd\x081", go.clone()),
            (r"\101\0101\08\1234\'\c", BashB, "AA\x008S4\\'", Flow::Stop),
            (r"a\cb", Coreutils, "a", Flow::Stop),
            (
                r"a\xq",
                Coreutils,
                "a",
                Flow::Fail("missing hexadecimal number in escape"),
            ),
            ("tail\\", Echo, "tail\\", go.clone()),
        ];
        for (s, how, want, flow) in cases {
            let (o, f, _) = run(s, *how);
            assert_eq!((o.as_str(), &f), (*want, flow), "{s:?} as {how:?}");
        }
    }

    #[test]
    fn bash_printf_warns_and_keeps_a_bare_x() {
        let (o, f, w) = run(r"a\x\u", Escapes::BashFormat);
        assert_eq!((o.as_str(), f), ("a\\x\\u", Flow::Go));
        assert_eq!(
            w,
            ["missing hex digit for \\x", "missing unicode digit for \\u"]
        );
        assert!(run(r"\x", Escapes::AnsiC).2.is_empty());
    }
}
