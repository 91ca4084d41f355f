//! `echo` (bash's builtin) and `printf` (coreutils', as reached through
//! `sudo` or `xargs`; the shell has its own). Neither uses getopt: echo
//! reads leading words made only of `-n`/`-e`/`-E` letters, printf only
//! skips a leading `--`; both still become a typed value first.

use crate::shell::command::{CmdOutput, Ctx};

/// What `echo` was asked to print.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EchoArgs {
    newline: bool,
    escapes: bool,
    words: Vec<String>,
}

/// bash's echo: leading words of `-` and only n/e/E letters are options
/// (`--` is a word like any other).
fn parse_echo(args: &[String]) -> EchoArgs {
    let mut o = EchoArgs {
        newline: true,
        escapes: false,
        words: Vec::new(),
    };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let letters = match a.strip_prefix('-') {
            Some(l) if !l.is_empty() && l.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) => l,
            _ => break,
        };
        for c in letters.chars() {
            match c {
                'n' => o.newline = false,
                'e' => o.escapes = true,
                _ => o.escapes = false,
            }
        }
        i += 1;
    }
    o.words = args[i..].to_vec();
    o
}

/// Up to `max` digits of `radix` from `it`, as a number.
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

/// `echo -e`'s escapes; `false` once `\c` asks to stop all output.
fn echo_escapes(s: &str, out: &mut String) -> bool {
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
            'c' => return false,
            'e' | 'E' => '\x1b',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            '\\' => '\\',
            '0' => char::from(digits(&mut it, 8, 3).unwrap_or(0) as u8),
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
                    None => {
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
    true
}

/// `echo [-neE] [STRING]...`
pub fn echo(_: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = parse_echo(args);
    let text = o.words.join(" ");
    let mut s = String::new();
    let go_on = if o.escapes {
        echo_escapes(&text, &mut s)
    } else {
        s = text;
        true
    };
    if go_on && o.newline {
        s.push('\n');
    }
    CmdOutput::text(s)
}

/// What `printf` was asked to print.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PrintfArgs {
    format: String,
    args: Vec<String>,
}

/// The shell runs its own printf builtin; this command is what `sudo`,
/// `xargs` or `ip netns exec` reach, coreutils' printf: no options but a
/// leading `--` and a lone `--help`/`--version` (`printf -x` prints -x).
fn parse_printf(args: &[String]) -> Result<PrintfArgs, CmdOutput> {
    if let [only] = args {
        if only == "--help" || only == "--version" {
            return Err(CmdOutput::usage(
                1,
                format!("netbook: printf {only} is not simulated\n"),
            ));
        }
    }
    let rest = match args.split_first() {
        Some((dashes, rest)) if dashes == "--" => rest,
        _ => args,
    };
    match rest.split_first() {
        Some((format, args)) => Ok(PrintfArgs {
            format: format.clone(),
            args: args.to_vec(),
        }),
        None => Err(CmdOutput::usage(
            1,
            "printf: missing operand\nTry 'printf --help' for more information.\n",
        )),
    }
}

/// bash's builtin printf for `%s`, `%d`/`%i`, `%%` and backslash escapes;
/// the format is reused while arguments remain, as bash does.
pub fn printf(_: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_printf(args).map_or_else(|e| e, |o| run_printf(&o))
}

fn run_printf(o: &PrintfArgs) -> CmdOutput {
    let mut rest = o.args.iter();
    let mut out = String::new();
    let mut status = 0;
    let mut err = String::new();
    loop {
        let mut used = false;
        let mut chars = o.format.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    Some(o) => {
                        out.push('\\');
                        out.push(o);
                    }
                    None => out.push('\\'),
                },
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some('s') => {
                        used = true;
                        out.push_str(rest.next().map_or("", String::as_str));
                    }
                    Some('d') | Some('i') => {
                        used = true;
                        let a = rest.next().map_or("0", String::as_str);
                        match a.trim().parse::<i64>() {
                            Ok(n) => out.push_str(&n.to_string()),
                            Err(_) => {
                                err.push_str(&format!("bash: printf: {a}: invalid number\n"));
                                status = 1;
                                out.push('0');
                            }
                        }
                    }
                    Some(o) => {
                        out.push('%');
                        out.push(o);
                    }
                    None => out.push('%'),
                },
                _ => out.push(c),
            }
        }
        if !used || rest.len() == 0 {
            break;
        }
    }
    CmdOutput {
        status,
        stdout: out,
        stderr: err,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn echo_options_are_leading_nee_words() {
        let o = parse_echo(&argv(&["-ne", "-x", "-n"]));
        assert_eq!((o.newline, o.escapes), (false, true));
        assert_eq!(o.words, argv(&["-x", "-n"]));
        assert_eq!(parse_echo(&argv(&["--", "-n"])).words, argv(&["--", "-n"]));
        let mut s = String::new();
        assert!(!echo_escapes("a\\x41\\0101\\cb", &mut s));
        assert_eq!(s, "aAA");
    }

    #[test]
    fn printf_options() {
        let format = |a: &[&str]| parse_printf(&argv(a)).map(|o| o.format);
        assert_eq!(format(&["--", "-x"]).unwrap(), "-x");
        assert_eq!(format(&["-x"]).unwrap(), "-x");
        assert_eq!(format(&["--", "--"]).unwrap(), "--");
        assert_eq!(format(&["--"]).unwrap_err().status, 1);
        assert_eq!(format(&["--help"]).unwrap_err().status, 1);
    }
}
