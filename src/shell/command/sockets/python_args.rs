//! `python3`'s command line, read as CPython 3.11 reads it (its own
//! getopt: `-uq` clusters, `-W`/`-X` values, `-m` ending the options),
//! then `http.server`'s argparse grammar, into a [`PyOp`] built before
//! the world is touched. Error texts are the Debian 12 interpreter's.

use super::CmdOutput;
use core::net::Ipv4Addr;

/// The interpreter's short options (Python/getopt.c, 3.11): `:` marks a value.
const SHORT_OPTS: &str = "bBc:dEhiIJm:OPqRsStuvVW:xX:?";

/// The interpreter's usage, after an option error (exit 2); it names the
/// program as typed.
const PY_USAGE: &str = "usage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n";

/// http.server's usage line (Debian's 3.11 adds `-p VERSION`).
const SERVER_USAGE: &str =
    "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\n";

/// `python3 -m http.server -h`.
const SERVER_HELP: &str = "
positional arguments:
  port                  bind to this port (default: 8000)

options:
  -h, --help            show this help message and exit
  --cgi                 run as CGI server
  -b ADDRESS, --bind ADDRESS
                        bind to this address (default: all interfaces)
  -d DIRECTORY, --directory DIRECTORY
                        serve this directory (default: current directory)
  -p VERSION, --protocol VERSION
                        conform to this HTTP version (default: HTTP/1.0)
";

/// `python3 -m http.server ...`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerArgs {
    pub(crate) port: u16,
    /// `-b`, as given (checked when the socket is bound).
    pub(crate) bind: Option<String>,
    /// `-d`, or the current directory.
    pub(crate) directory: Option<String>,
}

/// What `python3` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PyOp {
    /// Serve HTTP.
    Server(ServerArgs),
    /// `-V`/`--version`.
    Version,
    /// `python3 -m http.server -h`.
    ServerHelp,
    /// Run a script file.
    Script(String),
}

fn py_usage(line: String) -> CmdOutput {
    CmdOutput::error(2, line + PY_USAGE)
}

fn not_simulated(what: &str) -> CmdOutput {
    CmdOutput::error(
        1,
        format!("netbook: python3 {what} is not simulated (only `python3 -m http.server` is)\n"),
    )
}

/// Reads the interpreter's options up to `-m MODULE`, a script, or the end.
pub(crate) fn parse(argv: &[String]) -> Result<PyOp, CmdOutput> {
    let mut i = 0;
    while i < argv.len() {
        let w = argv[i].as_str();
        i += 1;
        if w == "-" || !w.starts_with('-') {
            return Ok(PyOp::Script(w.to_string()));
        }
        match w {
            "--" => break,
            "--help" | "--help-all" | "--help-env" | "--help-xoptions" => {
                return Err(not_simulated(w))
            }
            "--version" => return Ok(PyOp::Version),
            "--check-hash-based-pycs" if i < argv.len() => i += 1,
            "--check-hash-based-pycs" => {
                return Err(py_usage(format!("Argument expected for the {w} options\n")))
            }
            _ if w.starts_with("--") => return Err(py_usage(format!("unknown option {w}\n"))),
            _ => {}
        }
        for (j, c) in w[1..].char_indices() {
            let Some(at) = SHORT_OPTS.find(c).filter(|_| c != ':' && c != 'J') else {
                let line = match c {
                    'J' => "-J is reserved for Jython\n".to_string(),
                    _ => format!("Unknown option: -{c}\n"),
                };
                return Err(py_usage(line));
            };
            if SHORT_OPTS[at + 1..].starts_with(':') {
                let rest = &w[1 + j + c.len_utf8()..];
                let value = if !rest.is_empty() {
                    rest.to_string()
                } else if i < argv.len() {
                    i += 1;
                    argv[i - 1].clone()
                } else {
                    return Err(py_usage(format!("Argument expected for the -{c} option\n")));
                };
                return match c {
                    'm' => module(&value, &argv[i..]),
                    'c' => Err(not_simulated("-c")),
                    // -W (warning filters) and -X utf8 change nothing a server shows.
                    'X' if !value.starts_with("utf8") => Err(not_simulated(&format!("-X {value}"))),
                    _ => continue_after(argv, i),
                };
            }
            match c {
                'V' => return Ok(PyOp::Version),
                'h' | '?' | 'i' | 'v' | 'd' => return Err(not_simulated(&format!("-{c}"))),
                // -u (unbuffered), -q, -B, -E, -s, -S, -I, -O, -P, -R, -b,
                // -t and -x alter nothing the server prints.
                _ => {}
            }
        }
    }
    match argv.get(i) {
        Some(f) => Ok(PyOp::Script(f.clone())),
        None => Err(not_simulated("without -m (the interactive interpreter)")),
    }
}

/// A value option other than -m/-c ends its word; options go on after it.
fn continue_after(argv: &[String], i: usize) -> Result<PyOp, CmdOutput> {
    parse(&argv[i..])
}

/// `-m MODULE ARGS...`.
fn module(name: &str, args: &[String]) -> Result<PyOp, CmdOutput> {
    if name != "http.server" {
        return Err(CmdOutput::error(
            1,
            format!("/usr/bin/python3: No module named {name}\n"),
        ));
    }
    server(args)
}

fn server_err(msg: &str) -> CmdOutput {
    CmdOutput::error(2, format!("{SERVER_USAGE}server.py: error: {msg}\n"))
}

/// http.server's argparse: `[--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]`,
/// long options by unique prefix, `--opt=value` and `-bVALUE` forms.
fn server(args: &[String]) -> Result<PyOp, CmdOutput> {
    let mut s = ServerArgs {
        port: 8000,
        bind: None,
        directory: None,
    };
    let mut port: Option<String> = None;
    let mut extra: Vec<String> = Vec::new();
    let mut options = true;
    let mut i = 0;
    while i < args.len() {
        let w = args[i].as_str();
        i += 1;
        if !options || !w.starts_with('-') || w == "-" || w.parse::<f64>().is_ok() {
            match port {
                None => port = Some(w.to_string()),
                Some(_) => extra.push(w.to_string()),
            }
            continue;
        }
        if w == "--" {
            options = false;
            continue;
        }
        let (name, inline) = match w.strip_prefix("--") {
            Some(l) => {
                let (n, v) = l.split_once('=').map_or((l, None), |(n, v)| (n, Some(v)));
                let hits: Vec<&str> = ["help", "cgi", "bind", "directory", "protocol"]
                    .into_iter()
                    .filter(|o| o.starts_with(n))
                    .collect();
                match hits.as_slice() {
                    [one] => (*one, v.map(str::to_string)),
                    _ => {
                        extra.push(w.to_string());
                        continue;
                    }
                }
            }
            None => {
                let name = match w.as_bytes()[1] {
                    b'h' => "help",
                    b'b' => "bind",
                    b'd' => "directory",
                    b'p' => "protocol",
                    _ => {
                        extra.push(w.to_string());
                        continue;
                    }
                };
                (
                    name,
                    Some(&w[2..]).filter(|r| !r.is_empty()).map(str::to_string),
                )
            }
        };
        let shown = match name {
            "bind" => "-b/--bind",
            "directory" => "-d/--directory",
            "protocol" => "-p/--protocol",
            _ => "--cgi",
        };
        if name == "help" {
            return Ok(PyOp::ServerHelp);
        }
        if name == "cgi" {
            if let Some(v) = inline {
                return Err(server_err(&format!(
                    "argument --cgi: ignored explicit argument '{v}'"
                )));
            }
            return Err(not_simulated("-m http.server --cgi"));
        }
        let value = match inline {
            Some(v) => v,
            None => match args.get(i).filter(|n| !n.starts_with('-') || n.len() == 1) {
                Some(n) => {
                    i += 1;
                    n.clone()
                }
                None => {
                    return Err(server_err(&format!(
                        "argument {shown}: expected one argument"
                    )))
                }
            },
        };
        match name {
            "bind" => s.bind = Some(value),
            "directory" => s.directory = Some(value),
            _ if value == "HTTP/1.0" => {}
            _ => return Err(not_simulated(&format!("-m http.server -p {value}"))),
        }
    }
    if let Some(p) = port {
        match p.trim().parse::<i64>() {
            Ok(n) => {
                s.port =
                    u16::try_from(n).map_err(|_| not_simulated(&format!("-m http.server {p}")))?
            }
            Err(_) => {
                return Err(server_err(&format!(
                    "argument port: invalid int value: '{p}'"
                )))
            }
        }
    }
    if !extra.is_empty() {
        return Err(server_err(&format!(
            "unrecognized arguments: {}",
            extra.join(" ")
        )));
    }
    Ok(PyOp::Server(s))
}

/// `-b ADDRESS` as the socket will bind it; a name that is not an IPv4
/// address fails as getaddrinfo does.
pub(crate) fn bind_addr(bind: &Option<String>) -> Result<Option<Ipv4Addr>, CmdOutput> {
    match bind {
        None => Ok(None),
        Some(b) => b.parse().map(Some).map_err(|_| {
            CmdOutput::error(1, "socket.gaierror: [Errno -2] Name or service not known\n")
        }),
    }
}

/// The text of `-V` and of `-m http.server -h`.
pub(crate) fn info(op: &PyOp) -> String {
    match op {
        PyOp::Version => "Python 3.11.2\n".into(),
        PyOp::ServerHelp => format!("{SERVER_USAGE}{SERVER_HELP}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Result<PyOp, CmdOutput> {
        parse(&crate::shell::command::args::words(s))
    }

    #[test]
    fn interpreter_and_argparse_errors() {
        for (line, status, first) in [
            ("-z", 2, "Unknown option: -z"),
            ("--foo", 2, "unknown option --foo"),
            ("-um", 2, "Argument expected for the -m option"),
            (
                "-m http.server -b",
                2,
                "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]",
            ),
            ("-m nosuch", 1, "/usr/bin/python3: No module named nosuch"),
        ] {
            let e = run(line).unwrap_err();
            assert_eq!(
                (e.status, e.stderr.lines().next()),
                (status, Some(first)),
                "{line}"
            );
        }
        let e = run("-m http.server 1 2").unwrap_err();
        assert!(e
            .stderr
            .ends_with("server.py: error: unrecognized arguments: 2\n"));
    }

    #[test]
    fn options_before_the_module_and_server_arguments() {
        let want = ServerArgs {
            port: 8123,
            bind: Some("127.0.0.1".into()),
            directory: Some("/srv".into()),
        };
        assert_eq!(
            run("-uq -m http.server --bi=127.0.0.1 -d/srv 8123"),
            Ok(PyOp::Server(want))
        );
        assert_eq!(run("-u -V"), Ok(PyOp::Version));
    }
}
