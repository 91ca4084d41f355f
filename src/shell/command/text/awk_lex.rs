//! awk's tokens: numbers, strings, regex literals (a `/` where an
//! operand is expected starts a regex, elsewhere it divides), names,
//! keywords and operators.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(String),
    Ere(String),
    Name(String),
    Func(String),
    Kw(&'static str),
    Op(&'static str),
    Newline,
    Eof,
}

const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue",
    "next", "exit", "return", "delete", "in", "print", "printf", "getline",
];

const OPS: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "**", "||", "&&", "==", "<=", ">=", "!=", "++", "--", ">>",
    "!~", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|",
    "?", ":", "~", "$", "=",
];

pub fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut toks: Vec<Tok> = Vec::new();
    while i < c.len() {
        let ch = c[i];
        if ch == ' ' || ch == '\t' || ch == '\r' {
            i += 1;
            continue;
        }
        if ch == '\\' && c.get(i + 1) == Some(&'\n') {
            i += 2;
            continue;
        }
        if ch == '#' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if ch == '\n' {
            toks.push(Tok::Newline);
            i += 1;
            continue;
        }
        if ch.is_ascii_digit() || (ch == '.' && c.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let st = i;
            if ch == '0' && matches!(c.get(i + 1), Some('x' | 'X')) {
                i += 2;
                while i < c.len() && c[i].is_ascii_hexdigit() {
                    i += 1;
                }
                let s: String = c[st + 2..i].iter().collect();
                toks.push(Tok::Num(i64::from_str_radix(&s, 16).unwrap_or(0) as f64));
                continue;
            }
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            if i < c.len() && (c[i] == 'e' || c[i] == 'E') {
                let save = i;
                i += 1;
                if i < c.len() && (c[i] == '+' || c[i] == '-') {
                    i += 1;
                }
                if i < c.len() && c[i].is_ascii_digit() {
                    while i < c.len() && c[i].is_ascii_digit() {
                        i += 1;
                    }
                } else {
                    i = save;
                }
            }
            let s: String = c[st..i].iter().collect();
            toks.push(Tok::Num(s.parse().unwrap_or(0.0)));
            continue;
        }
        if ch.is_alphabetic() || ch == '_' {
            let st = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let w: String = c[st..i].iter().collect();
            if let Some(k) = KEYWORDS.iter().find(|k| **k == w) {
                toks.push(Tok::Kw(k));
            } else if c.get(i) == Some(&'(') {
                toks.push(Tok::Func(w));
            } else {
                toks.push(Tok::Name(w));
            }
            continue;
        }
        if ch == '"' {
            i += 1;
            let mut s = String::new();
            loop {
                let Some(&d) = c.get(i) else {
                    return Err("unterminated string".into());
                };
                i += 1;
                match d {
                    '"' => break,
                    '\n' => return Err("unterminated string".into()),
                    '\\' => {
                        let e = c.get(i).copied().unwrap_or('\\');
                        i += 1;
                        match e {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            '\\' => s.push('\\'),
                            '"' => s.push('"'),
                            '/' => s.push('/'),
                            'a' => s.push('\x07'),
                            'b' => s.push('\x08'),
                            'f' => s.push('\x0c'),
                            'v' => s.push('\x0b'),
                            '\n' => {}
                            d if d.is_digit(8) => {
                                let mut v = d.to_digit(8).unwrap_or(0);
                                for _ in 0..2 {
                                    match c.get(i).and_then(|x| x.to_digit(8)) {
                                        Some(x) => {
                                            v = v * 8 + x;
                                            i += 1;
                                        }
                                        None => break,
                                    }
                                }
                                s.push(char::from_u32(v).unwrap_or('?'));
                            }
                            other => {
                                s.push('\\');
                                s.push(other);
                            }
                        }
                    }
                    _ => s.push(d),
                }
            }
            toks.push(Tok::Str(s));
            continue;
        }
        let operand_before = matches!(
            toks.last(),
            Some(
                Tok::Num(_)
                    | Tok::Str(_)
                    | Tok::Name(_)
                    | Tok::Ere(_)
                    | Tok::Op(")" | "]" | "$" | "++" | "--")
            ) | Some(Tok::Kw("getline"))
        );
        if ch == '/' && !operand_before {
            i += 1;
            let mut s = String::new();
            let mut in_br = false;
            loop {
                let Some(&d) = c.get(i) else {
                    return Err("unterminated regexp".into());
                };
                i += 1;
                if d == '\n' {
                    return Err("unterminated regexp".into());
                }
                if d == '/' && !in_br {
                    break;
                }
                if d == '[' {
                    in_br = true;
                } else if d == ']' {
                    in_br = false;
                }
                if d == '\\' && c.get(i) == Some(&'/') {
                    s.push('/');
                    i += 1;
                    continue;
                }
                s.push(d);
            }
            toks.push(Tok::Ere(s));
            continue;
        }
        let rest: String = c[i..c.len().min(i + 2)].iter().collect();
        match OPS.iter().find(|o| rest.starts_with(**o)) {
            Some(o) => {
                toks.push(Tok::Op(if *o == "**" { "^" } else { o }));
                i += o.chars().count();
            }
            None => return Err(format!("invalid char '{ch}' in expression")),
        }
    }
    toks.push(Tok::Eof);
    Ok(toks)
}
