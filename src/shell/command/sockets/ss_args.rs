//! The command lines of `ss` (iproute2 6.1) and `netstat` (net-tools
//! 2.10), read into [`SsArgs`] before any socket is looked at.

use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::shell::command::{not_simulated, CmdOutput};

/// ss's usage, as `ss -h` prints it (stdout) and a mistake (stderr).
pub(super) const USAGE: &str = include_str!("ss-usage.txt");

/// What `ss` (and the part of `netstat` it shares) was asked for.
#[derive(Debug, Default)]
pub(super) struct SsArgs {
    pub(super) tcp: bool,
    pub(super) udp: bool,
    pub(super) listen: bool,
    pub(super) all: bool,
    pub(super) numeric: bool,
    pub(super) procs: bool,
    pub(super) summary: bool,
    /// `-H`: no header line.
    pub(super) no_header: bool,
    /// `-4` / `-6`: one address family only (the last one given wins).
    pub(super) family: Option<bool>,
    /// `-N NAME`: the namespace to look in instead of the current one.
    pub(super) netns: Option<String>,
    /// The filter words (`sport = :22`, `state established`).
    pub(super) filter: Vec<String>,
}

/// What an ss command line asks for.
#[derive(Debug)]
pub(super) enum SsOp {
    Show(SsArgs),
    /// `-h`: the usage on stdout.
    Help,
    /// `-V`/`-v`.
    Version,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SsOpt {
    Tcp,
    Udp,
    Listen,
    All,
    Numeric,
    Procs,
    Summary,
    V4,
    V6,
    NoHeader,
    Net,
    Family,
    Help,
    Version,
}

/// ss's `long_opts`, in iproute2 6.1's order (abbreviations and
/// ambiguity follow it), with the letters of its optstring; the refused
/// ones show the sockets' details, other socket tables, SELinux contexts
/// or read filter files.
const SS_OPTS: &[Opt<SsOpt>] = &[
    Opt::flag('n', "numeric", SsOpt::Numeric),
    Form::flag('r', "resolve").refused(),
    Form::flag('o', "options").refused(),
    Form::flag('e', "extended").refused(),
    Form::flag('m', "memory").refused(),
    Form::flag('i', "info").refused(),
    Opt::flag('p', "processes", SsOpt::Procs),
    Form::flag('T', "threads").refused(),
    Form::flag('b', "bpf").refused(),
    Form::flag('E', "events").refused(),
    Form::flag('d', "dccp").refused(),
    Opt::flag('t', "tcp", SsOpt::Tcp),
    Form::flag('S', "sctp").refused(),
    Opt::flag('u', "udp", SsOpt::Udp),
    Form::flag('w', "raw").refused(),
    Form::flag('x', "unix").refused(),
    Form::long("tipc").refused(),
    Form::long("vsock").refused(),
    Opt::flag('a', "all", SsOpt::All),
    Opt::flag('l', "listening", SsOpt::Listen),
    Opt::flag('4', "ipv4", SsOpt::V4),
    Opt::flag('6', "ipv6", SsOpt::V6),
    Form::flag('0', "packet").refused(),
    Opt::with_value('f', "family", SsOpt::Family),
    Form::with_value('A', "socket").refused(),
    Form::long_value("query").refused(),
    Opt::flag('s', "summary", SsOpt::Summary),
    Form::with_value('D', "diag").refused(),
    Form::with_value('F', "filter").refused(),
    Opt::flag('V', "version", SsOpt::Version),
    Opt::short('v', SsOpt::Version),
    Opt::flag('h', "help", SsOpt::Help),
    Form::flag('Z', "context").refused(),
    Form::flag('z', "contexts").refused(),
    Opt::with_value('N', "net", SsOpt::Net),
    Form::long("tipcinfo").refused(),
    Form::long("tos").refused(),
    Form::long("cgroup").refused(),
    Form::flag('K', "kill").refused(),
    Opt::flag('H', "no-header", SsOpt::NoHeader),
    Form::long("xdp").refused(),
    Form::flag('M', "mptcp").refused(),
    Form::flag('O', "oneline").refused(),
    Form::long("inet-sockopt").refused(),
];

/// netstat's options that the simulation shows (net-tools 2.10).
const NETSTAT_OPTS: &[Opt<SsOpt>] = &[
    Opt::flag('t', "tcp", SsOpt::Tcp),
    Opt::flag('u', "udp", SsOpt::Udp),
    Opt::flag('l', "listening", SsOpt::Listen),
    Opt::flag('a', "all", SsOpt::All),
    Opt::flag('n', "numeric", SsOpt::Numeric),
    Opt::flag('p', "programs", SsOpt::Procs),
    // -e adds the User and Inode columns.
    Form::flag('e', "extend").refused(),
    // -W asks for what netbook always does (no address is cut); -4 is
    // read and dropped.
    Form::flag('W', "wide").ignored(),
    Form::short('4').ignored(),
];

/// A mistake on ss's command line: the message, then the usage, exit 255.
fn usage_error(msg: &str) -> CmdOutput {
    CmdOutput::usage(255, format!("{msg}{USAGE}"))
}

/// Reads an ss command line.
pub(super) fn parse_ss(argv: &[String]) -> Result<SsOp, CmdOutput> {
    let items =
        args::parse(SS_OPTS, argv).map_err(|e| refused_or("ss", 1, &e, |m| usage_error(&m)))?;
    let mut o = SsArgs::default();
    for item in items {
        match item {
            Item::Flag(SsOpt::Help) => return Ok(SsOp::Help),
            Item::Flag(SsOpt::Version) => return Ok(SsOp::Version),
            Item::Flag(SsOpt::NoHeader) => o.no_header = true,
            Item::Value(SsOpt::Net, n) => o.netns = Some(n),
            Item::Value(SsOpt::Family, f) => match f.as_str() {
                "inet" => o.family = Some(false),
                "inet6" => o.family = Some(true),
                "help" => return Ok(SsOp::Help),
                "link" | "unix" | "netlink" | "vsock" | "tipc" | "xdp" => {
                    return Err(not_simulated("ss", &format!("-f {f}"), 1))
                }
                _ => return Err(usage_error(&format!("ss: \"{f}\" is invalid family\n"))),
            },
            other => apply(&mut o, other),
        }
    }
    Ok(SsOp::Show(o))
}

/// Reads a netstat command line (its operands are ignored, as netstat
/// does).
pub(super) fn parse_netstat(argv: &[String]) -> Result<SsArgs, CmdOutput> {
    let items = args::parse(NETSTAT_OPTS, argv)
        .map_err(|e| refused_or("netstat", 1, &e, |m| CmdOutput::error(1, m)))?;
    let mut o = SsArgs::default();
    for item in items {
        apply(&mut o, item);
    }
    Ok(o)
}

/// One item both tools read alike.
fn apply(o: &mut SsArgs, item: Item<SsOpt>) {
    match item {
        Item::Operand(w) => o.filter.extend(w.split_whitespace().map(String::from)),
        Item::Flag(k) | Item::Value(k, _) => match k {
            SsOpt::Tcp => o.tcp = true,
            SsOpt::Udp => o.udp = true,
            SsOpt::Listen => o.listen = true,
            SsOpt::All => o.all = true,
            SsOpt::Numeric => o.numeric = true,
            SsOpt::Procs => o.procs = true,
            SsOpt::Summary => o.summary = true,
            SsOpt::V4 => o.family = Some(false),
            SsOpt::V6 => o.family = Some(true),
            SsOpt::NoHeader | SsOpt::Net | SsOpt::Family | SsOpt::Help | SsOpt::Version => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn reads_iproute2s_table() {
        let Ok(SsOp::Show(o)) = parse_ss(&words("-tlnH -N red -f inet6 sport = :22")) else {
            panic!("not a show");
        };
        assert!(o.tcp && o.listen && o.numeric && o.no_header);
        assert_eq!(o.netns.as_deref(), Some("red"));
        assert_eq!(o.family, Some(true));
        assert_eq!(o.filter, ["sport", "=", ":22"]);
        assert!(matches!(parse_ss(&words("-t -h")), Ok(SsOp::Help)));
        assert!(matches!(parse_ss(&words("-v")), Ok(SsOp::Version)));
    }

    #[test]
    fn mistakes_print_the_usage_and_refusals_name_the_option() {
        let e = parse_ss(&words("-W")).unwrap_err();
        assert_eq!(e.status, 255);
        assert!(e
            .stderr
            .starts_with("ss: invalid option -- 'W'\nUsage: ss [ OPTIONS ]\n"));
        let e = parse_ss(&words("--t")).unwrap_err();
        assert!(e.stderr.starts_with(
            "ss: option '--t' is ambiguous; possibilities: '--threads' '--tcp' '--tipc' '--tipcinfo' '--tos'\n"
        ));
        let e = parse_ss(&words("-f bogus")).unwrap_err();
        assert!(e
            .stderr
            .starts_with("ss: \"bogus\" is invalid family\nUsage:"));
        let e = parse_ss(&words("-tlne")).unwrap_err();
        assert_eq!(e.stderr, "netbook: ss -e is not simulated\n");
        let e = parse_netstat(&words("-tlnpe")).unwrap_err();
        assert_eq!(e.stderr, "netbook: netstat -e is not simulated\n");
        // Named as written; getopt's own mistakes come first.
        let e = parse_ss(&words("--query tcp")).unwrap_err();
        assert_eq!(e.stderr, "netbook: ss --query is not simulated\n");
        assert_eq!(e.status, 1);
        let e = parse_ss(&words("-e -W")).unwrap_err();
        assert_eq!(e.status, 255);
        let o = parse_netstat(&words("-tW4 x")).unwrap();
        assert!(o.tcp && !o.udp);
    }
}
