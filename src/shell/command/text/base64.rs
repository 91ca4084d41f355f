//! `base64` (GNU coreutils 9.1): RFC 4648 encoding, wrapped at 76
//! columns (`-w`), and decoding (`-d`) that skips newlines (and with
//! `-i` anything outside the alphabet). netbook's data is text: decoded
//! bytes that are not UTF-8 cannot be held, and are refused.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::coreutils::read_operand;
use crate::shell::command::gnu::{usage_error, GnuArgs};
use crate::shell::command::{not_simulated, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "base64",
    summary: "base64 encode/decode data and print to standard output",
    summary_ko: "base64로 인코딩하거나 (-d) 디코딩합니다",
    usage: "base64 [-d] [-i] [-w COLS] [FILE]",
    run: base64,
    complete: Some(crate::shell::command::coreutils::complete_paths),
}];

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[derive(Debug, Clone, Copy)]
enum Key {
    Decode,
    Garbage,
    Wrap,
}

/// A `base64` command line.
#[derive(Debug)]
struct Base64Args {
    decode: bool,
    ignore_garbage: bool,
    /// Columns per line; 0: one line with no newline.
    wrap: usize,
    files: Vec<String>,
}

impl Default for Base64Args {
    fn default() -> Self {
        Base64Args {
            decode: false,
            ignore_garbage: false,
            wrap: 76,
            files: Vec::new(),
        }
    }
}

impl GnuArgs for Base64Args {
    type Key = Key;
    const TOOL: &'static str = "base64";
    const OPTS: &'static [Opt<Key>] = &[
        Opt::flag('d', "decode", Key::Decode),
        Opt::flag('i', "ignore-garbage", Key::Garbage),
        Opt::with_value('w', "wrap", Key::Wrap),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.files.push(f),
            Item::Flag(Key::Decode) => self.decode = true,
            Item::Flag(Key::Garbage) => self.ignore_garbage = true,
            Item::Value(_, w) => {
                self.wrap = w.trim_start().parse().map_err(|_| {
                    CmdOutput::error(1, format!("base64: invalid wrap size: '{w}'\n"))
                })?
            }
            Item::Flag(_) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        match self.files.get(1) {
            Some(extra) => Err(usage_error(
                "base64",
                &format!("extra operand '{extra}'"),
                1,
            )),
            None => Ok(self),
        }
    }
}

/// RFC 4648 base64 of `data`, `=`-padded, a newline every `wrap` columns
/// and at the end (none at all when `wrap` is 0).
fn encode(data: &[u8], wrap: usize) -> String {
    let mut flat = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                flat.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                flat.push('=');
            }
        }
    }
    if wrap == 0 || flat.is_empty() {
        return flat;
    }
    let mut out = String::with_capacity(flat.len() + flat.len() / wrap + 1);
    for line in flat.as_bytes().chunks(wrap) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The bytes `text` encodes, and whether it was all valid: decoding
/// stops at the first bad character (or bad padding), keeping the bytes
/// its characters so far make, as gnulib's decoder does.
fn decode(text: &str, ignore_garbage: bool) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut group: Vec<u32> = Vec::with_capacity(4);
    let mut pads = 0;
    let flush = |group: &[u32], out: &mut Vec<u8>| {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..group.len().saturating_sub(1)]);
    };
    for c in text.bytes() {
        if c == b'\n' {
            continue;
        }
        let value = ALPHABET.iter().position(|&a| a == c);
        match (value, c) {
            (Some(v), _) if pads == 0 => group.push(v as u32),
            // `=` pads a group of two or three characters up to four.
            (None, b'=') if group.len() + pads >= 2 => pads += 1,
            _ if ignore_garbage && value.is_none() && c != b'=' => continue,
            _ => {
                flush(&group, &mut out);
                return (out, false);
            }
        }
        if group.len() + pads == 4 {
            flush(&group, &mut out);
            group.clear();
            pads = 0;
        }
    }
    flush(&group, &mut out);
    (out, group.is_empty())
}

/// `base64 [-d] [-i] [-w COLS] [FILE]`
pub fn base64(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match Base64Args::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let file = a.files.first().map_or("-", String::as_str);
    let text = match read_operand(ctx, file, &mut false) {
        Ok(t) => t,
        Err(e) => return CmdOutput::error(1, format!("base64: {e}\n")),
    };
    if !a.decode {
        return CmdOutput::text(encode(text.as_bytes(), a.wrap));
    }
    let (bytes, ok) = decode(&text, a.ignore_garbage);
    let Ok(stdout) = String::from_utf8(bytes) else {
        return not_simulated("base64", "-d of bytes that are not UTF-8 text", 1);
    };
    CmdOutput {
        stdout,
        status: i32::from(!ok),
        stderr: if ok { "" } else { "base64: invalid input\n" }.into(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn round_trips() {
        assert_eq!(encode(b"hello\n", 76), "aGVsbG8K\n");
        assert_eq!(encode(b"abc\n", 4), "YWJj\nCg==\n");
        assert_eq!(encode(b"abc", 0), "YWJj");
        assert_eq!(encode(b"", 76), "");
        for (text, garbage, bytes, ok) in [
            ("aGVsbG8K\n", false, &b"hello\n"[..], true),
            ("YQ==YQ==\n", false, b"aa", true),
            ("YQ\n", false, b"a", false),
            ("YQ=\n", false, b"a", false),
            ("aGV sbG8K", false, b"he", false),
            ("aGV!sbG8K", true, b"hello\n", true),
            ("YW\nJj\n", false, b"abc", true),
            ("!!!", false, b"", false),
        ] {
            assert_eq!(decode(text, garbage), (bytes.to_vec(), ok), "{text:?}");
        }
    }

    #[test]
    fn parses_options() {
        let e = Base64Args::parse(&words("-w x")).unwrap_err();
        assert_eq!(e.stderr, "base64: invalid wrap size: 'x'\n");
        let e = Base64Args::parse(&words("a b")).unwrap_err();
        assert!(e.stderr.starts_with("base64: extra operand 'b'\n"));
        assert_eq!(Base64Args::parse(&words("-dw0")).unwrap().wrap, 0);
    }
}
