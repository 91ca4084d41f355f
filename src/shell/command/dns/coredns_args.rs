//! CoreDNS 1.11's command line, read as Go's `flag` package reads it:
//! `-name` or `--name`, a value after `=` or in the next word (booleans
//! only after `=`), never abbreviated, and the first operand or `--` ends
//! the flags. A mistake prints the error, then `Usage of coredns:` and
//! every flag, and exits 2; `-h` prints the usage and exits 0.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::CmdOutput;

/// The version lines of `-version` and of the start banner.
pub(super) const VERSION: &str = "CoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n";

/// A `coredns` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CorednsArgs {
    /// `-conf`: the Corefile.
    pub conf: String,
    /// `-dns.port`: the port of blocks that name none.
    pub port: Option<u16>,
    /// `-quiet`: no start banner.
    pub quiet: bool,
    /// `-version`.
    pub version: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Flag {
    Conf,
    Port,
    Pidfile,
    Plugins,
    Quiet,
    Version,
}

/// The flags coremain and dnsserver register, sorted as PrintDefaults
/// prints them: name, whether it is a string, usage, default.
const FLAGS: &[(&str, Flag, bool, &str, &str)] = &[
    (
        "conf",
        Flag::Conf,
        true,
        "Corefile to load (default \"Corefile\")",
        "",
    ),
    ("dns.port", Flag::Port, true, "Default port", "53"),
    ("pidfile", Flag::Pidfile, true, "Path to write pid file", ""),
    (
        "plugins",
        Flag::Plugins,
        false,
        "List installed plugins",
        "",
    ),
    (
        "quiet",
        Flag::Quiet,
        false,
        "Quiet mode (no initialization output)",
        "",
    ),
    ("version", Flag::Version, false, "Show version", ""),
];

/// `flag.PrintDefaults` after `Usage of coredns:`.
fn usage() -> String {
    let mut s = String::from("Usage of coredns:\n");
    for (name, _, string, text, default) in FLAGS {
        let kind = if *string { " string" } else { "" };
        s += &format!("  -{name}{kind}\n    \t{text}");
        if !default.is_empty() {
            s += &format!(" (default \"{default}\")");
        }
        s.push('\n');
    }
    s
}

fn fail(msg: String) -> CmdOutput {
    CmdOutput::usage(2, format!("{msg}\n{}", usage()))
}

/// strconv.ParseBool's words.
fn go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Reads the flags; `Ok` also carries the operands left after them,
/// which CoreDNS refuses once the flags are read.
pub(super) fn parse(argv: &[String]) -> Result<(CorednsArgs, Vec<String>), CmdOutput> {
    let mut a = CorednsArgs {
        conf: String::new(),
        port: None,
        quiet: false,
        version: false,
    };
    let mut i = 0;
    while let Some(word) = argv.get(i) {
        if word.len() < 2 || !word.starts_with('-') {
            break;
        }
        i += 1;
        if word == "--" {
            break;
        }
        let body = word.strip_prefix("--").unwrap_or(&word[1..]);
        if body.is_empty() || body.starts_with(['-', '=']) {
            return Err(fail(format!("bad flag syntax: {word}")));
        }
        let (name, inline) = match body[1..].find('=') {
            Some(k) => (&body[..=k], Some(&body[k + 2..])),
            None => (body, None),
        };
        let Some(&(_, flag, string, _, _)) = FLAGS.iter().find(|f| f.0 == name) else {
            if name == "h" || name == "help" {
                return Err(CmdOutput::error(0, usage()));
            }
            return Err(fail(format!("flag provided but not defined: -{name}")));
        };
        if !string {
            let v = match inline {
                Some(v) => go_bool(v).ok_or_else(|| {
                    fail(format!(
                        "invalid boolean value \"{v}\" for -{name}: parse error"
                    ))
                })?,
                None => true,
            };
            match flag {
                Flag::Quiet => a.quiet = v,
                Flag::Version => a.version = v,
                _ if v => return Err(super::super::text::not_simulated("coredns", "-plugins", 1)),
                _ => {}
            }
            continue;
        }
        let value = match inline {
            Some(v) => v.to_string(),
            None => match argv.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => return Err(fail(format!("flag needs an argument: -{name}"))),
            },
        };
        match flag {
            Flag::Conf => a.conf = value,
            Flag::Port => match value.parse() {
                Ok(p) => a.port = Some(p),
                Err(_) => {
                    return Err(fail(format!(
                        "invalid value \"{value}\" for flag -{name}: parse error"
                    )))
                }
            },
            _ => return Err(super::super::text::not_simulated("coredns", "-pidfile", 1)),
        }
    }
    Ok((a, argv[i..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Result<(CorednsArgs, Vec<String>), CmdOutput> {
        parse(&crate::shell::command::args::words(line))
    }

    #[test]
    fn reads_flags_as_go_does() {
        let (a, rest) = run("--conf=/etc/Corefile -dns.port 1053 -quiet=true x y").unwrap();
        assert_eq!(
            (a.conf.as_str(), a.port, a.quiet),
            ("/etc/Corefile", Some(1053), true)
        );
        assert_eq!(rest, ["x", "y"]);
        assert_eq!(run("-- -version").unwrap().1, ["-version"]);
        let e = run("-conf").unwrap_err();
        assert_eq!(
            (e.status, e.stderr.lines().next()),
            (2, Some("flag needs an argument: -conf"))
        );
        assert!(e
            .stderr
            .contains("\n  -dns.port string\n    \tDefault port (default \"53\")\n"));
        for (line, first) in [
            ("-co x", "flag provided but not defined: -co"),
            ("---conf", "bad flag syntax: ---conf"),
            ("-=x", "bad flag syntax: -=x"),
            (
                "-quiet=maybe",
                "invalid boolean value \"maybe\" for -quiet: parse error",
            ),
        ] {
            assert_eq!(
                run(line).unwrap_err().stderr.lines().next(),
                Some(first),
                "{line}"
            );
        }
        let h = run("-help").unwrap_err();
        assert_eq!(
            (h.status, h.stderr.starts_with("Usage of coredns:\n")),
            (0, true)
        );
    }
}
