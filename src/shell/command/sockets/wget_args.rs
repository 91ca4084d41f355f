//! GNU Wget 1.21.3's command line, as far as netbook simulates it: one
//! HTTP URL, `-q`, `-O`, `-S`, `-T`, `-t`, `--spider`.

use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::shell::command::{not_simulated, CmdOutput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Quiet,
    Verbose,
    Output,
    Server,
    Timeout,
    Tries,
    Spider,
}

/// wget's options netbook acts on, and the common ones it refuses.
const OPTS: &[Opt<Key>] = &[
    Opt::flag('q', "quiet", Key::Quiet),
    Opt::flag('v', "verbose", Key::Verbose),
    Opt::with_value('O', "output-document", Key::Output),
    Opt::flag('S', "server-response", Key::Server),
    Opt::with_value('T', "timeout", Key::Timeout),
    Opt::with_value('t', "tries", Key::Tries),
    Opt::long("spider", Key::Spider),
    Form::flag('V', "version").refused(),
    Form::flag('h', "help").refused(),
    Form::flag('b', "background").refused(),
    Form::with_value('e', "execute").refused(),
    Form::with_value('o', "output-file").refused(),
    Form::with_value('a', "append-output").refused(),
    Form::flag('d', "debug").refused(),
    Form::short('n').refused(),
    Form::long("no-verbose").refused(),
    Form::with_value('i', "input-file").refused(),
    Form::flag('c', "continue").refused(),
    Form::flag('N', "timestamping").refused(),
    Form::with_value('w', "wait").refused(),
    Form::long_value("waitretry").refused(),
    Form::long("retry-connrefused").refused(),
    Form::with_value('P', "directory-prefix").refused(),
    Form::flag('x', "force-directories").refused(),
    Form::flag('r', "recursive").refused(),
    Form::flag('m', "mirror").refused(),
    Form::flag('k', "convert-links").refused(),
    Form::flag('p', "page-requisites").refused(),
    Form::with_value('U', "user-agent").refused(),
    Form::long_value("header").refused(),
    Form::long_value("post-data").refused(),
    Form::long_value("method").refused(),
    Form::long_value("connect-timeout").refused(),
    Form::long_value("read-timeout").refused(),
    Form::long_value("dns-timeout").refused(),
    Form::long("no-check-certificate").refused(),
    Form::flag('4', "inet4-only").refused(),
    Form::flag('6', "inet6-only").refused(),
    Form::long_value("bind-address").refused(),
    Form::long("no-proxy").refused(),
    Form::long_value("limit-rate").refused(),
    Form::long_value("progress").refused(),
    Form::long("show-progress").refused(),
];

/// `wget: missing URL` and the lines after it.
const MISSING: &str =
    "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";

/// The most tries netbook makes (`-t 0` or `inf` is unlimited in wget).
pub(crate) const MAX_TRIES: u32 = 100;

/// A parsed wget line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WgetArgs {
    pub(crate) quiet: bool,
    /// `-O FILE` (`-` is stdout).
    pub(crate) output: Option<String>,
    pub(crate) server_response: bool,
    /// `-T`: seconds a connect may take (`None`: the kernel's limit).
    pub(crate) timeout: Option<f64>,
    /// `-t`: tries in all (20 by default).
    pub(crate) tries: u32,
    pub(crate) spider: bool,
    pub(crate) url: String,
}

/// wget's error for a `-T` that is no time.
fn bad_period(v: &str) -> CmdOutput {
    CmdOutput::usage(2, format!("wget: --timeout: Invalid time period ‘{v}’\n"))
}

pub(crate) fn parse(argv: &[String]) -> Result<WgetArgs, CmdOutput> {
    let usage = |m: String| {
        CmdOutput::usage(
            2,
            m + "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
        )
    };
    let items = args::parse(OPTS, argv).map_err(|e| refused_or("wget", 2, &e, usage))?;
    let mut a = WgetArgs {
        quiet: false,
        output: None,
        server_response: false,
        timeout: None,
        tries: 20,
        spider: false,
        url: String::new(),
    };
    let mut urls = Vec::new();
    for item in items {
        match item {
            Item::Flag(Key::Quiet) => a.quiet = true,
            Item::Flag(Key::Verbose) => a.quiet = false,
            Item::Flag(Key::Server) => a.server_response = true,
            Item::Flag(Key::Spider) => a.spider = true,
            Item::Value(Key::Output, f) => a.output = Some(f),
            Item::Value(Key::Timeout, v) => {
                let t: f64 = v
                    .parse()
                    .ok()
                    .filter(|t: &f64| *t >= 0.0)
                    .ok_or_else(|| bad_period(&v))?;
                // 0 turns the limit off.
                a.timeout = (t > 0.0).then_some(t);
            }
            Item::Value(Key::Tries, v) => {
                let n: u32 = v.parse().unwrap_or(0);
                // Unlimited (`0`, `inf`) or past netbook's bound.
                if n == 0 || n > MAX_TRIES {
                    return Err(not_simulated("wget", &format!("-t {v}"), 2));
                }
                a.tries = n;
            }
            Item::Operand(u) => urls.push(u),
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    match urls.as_slice() {
        [] => Err(CmdOutput::usage(1, MISSING)),
        [u] => {
            a.url = u.clone();
            Ok(a)
        }
        _ => Err(not_simulated("wget", "with several URLs", 2)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn options_and_refusals() {
        let a = parse(&words("-qO - -T 2 -t 3 --spider http://h/")).unwrap();
        assert!(a.quiet && a.spider);
        assert_eq!(
            (a.output.as_deref(), a.timeout, a.tries, a.url.as_str()),
            (Some("-"), Some(2.0), 3, "http://h/")
        );
        for (line, status, stderr) in [
            ("", 1, MISSING),
            ("-r http://h/", 2, "netbook: wget -r is not simulated\n"),
            ("-t 0 http://h/", 2, "netbook: wget -t 0 is not simulated\n"),
            (
                "-z http://h/",
                2,
                "wget: invalid option -- 'z'\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
            ),
        ] {
            let e = parse(&words(line)).unwrap_err();
            assert_eq!((e.status, e.stderr.as_str()), (status, stderr), "{line}");
        }
    }
}
