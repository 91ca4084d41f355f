//! The command lines of `ss` (iproute2 6.1) and `netstat` (net-tools
//! 2.10), read into [`SsArgs`] before any socket is looked at.

use crate::shell::command::args::{self, ArgError, Item, Opt};
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
    /// netstat's options that change nothing the simulation shows.
    Quiet,
    /// A real option netbook does not simulate (the sockets' details,
    /// other socket tables, SELinux, filter files).
    No(&'static str),
}

/// ss's `long_opts`, in iproute2 6.1's order (abbreviations and
/// ambiguity follow it), with the letters of its optstring.
const SS_OPTS: &[Opt<SsOpt>] = &[
    Opt::flag('n', "numeric", SsOpt::Numeric),
    Opt::flag('r', "resolve", SsOpt::No("-r")),
    Opt::flag('o', "options", SsOpt::No("-o")),
    Opt::flag('e', "extended", SsOpt::No("-e")),
    Opt::flag('m', "memory", SsOpt::No("-m")),
    Opt::flag('i', "info", SsOpt::No("-i")),
    Opt::flag('p', "processes", SsOpt::Procs),
    Opt::flag('T', "threads", SsOpt::No("-T")),
    Opt::flag('b', "bpf", SsOpt::No("-b")),
    Opt::flag('E', "events", SsOpt::No("-E")),
    Opt::flag('d', "dccp", SsOpt::No("-d")),
    Opt::flag('t', "tcp", SsOpt::Tcp),
    Opt::flag('S', "sctp", SsOpt::No("-S")),
    Opt::flag('u', "udp", SsOpt::Udp),
    Opt::flag('w', "raw", SsOpt::No("-w")),
    Opt::flag('x', "unix", SsOpt::No("-x")),
    Opt::long("tipc", SsOpt::No("--tipc")),
    Opt::long("vsock", SsOpt::No("--vsock")),
    Opt::flag('a', "all", SsOpt::All),
    Opt::flag('l', "listening", SsOpt::Listen),
    Opt::flag('4', "ipv4", SsOpt::V4),
    Opt::flag('6', "ipv6", SsOpt::V6),
    Opt::flag('0', "packet", SsOpt::No("-0")),
    Opt::with_value('f', "family", SsOpt::Family),
    Opt::with_value('A', "socket", SsOpt::No("-A")),
    Opt::long_value("query", SsOpt::No("-A")),
    Opt::flag('s', "summary", SsOpt::Summary),
    Opt::with_value('D', "diag", SsOpt::No("-D")),
    Opt::with_value('F', "filter", SsOpt::No("-F")),
    Opt::flag('V', "version", SsOpt::Version),
    Opt::short('v', SsOpt::Version),
    Opt::flag('h', "help", SsOpt::Help),
    Opt::flag('Z', "context", SsOpt::No("-Z")),
    Opt::flag('z', "contexts", SsOpt::No("-z")),
    Opt::with_value('N', "net", SsOpt::Net),
    Opt::long("tipcinfo", SsOpt::No("--tipcinfo")),
    Opt::long("tos", SsOpt::No("--tos")),
    Opt::long("cgroup", SsOpt::No("--cgroup")),
    Opt::flag('K', "kill", SsOpt::No("-K")),
    Opt::flag('H', "no-header", SsOpt::NoHeader),
    Opt::long("xdp", SsOpt::No("--xdp")),
    Opt::flag('M', "mptcp", SsOpt::No("-M")),
    Opt::flag('O', "oneline", SsOpt::No("-O")),
    Opt::long("inet-sockopt", SsOpt::No("--inet-sockopt")),
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
    Opt::flag('e', "extend", SsOpt::No("-e")),
    Opt::flag('W', "wide", SsOpt::Quiet),
    Opt::short('4', SsOpt::Quiet),
];

/// A mistake on ss's command line: the message, then the usage, exit 255.
fn usage_error(msg: &str) -> CmdOutput {
    CmdOutput::usage(255, format!("{msg}{USAGE}"))
}

/// Reads an ss command line.
pub(super) fn parse_ss(argv: &[String]) -> Result<SsOp, CmdOutput> {
    let items = args::parse(SS_OPTS, argv).map_err(|e| usage_error(&e.message("ss")))?;
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
            other => apply(&mut o, other).map_err(|n| not_simulated("ss", n, 1))?,
        }
    }
    Ok(SsOp::Show(o))
}

/// Reads a netstat command line (its operands are ignored, as netstat
/// does).
pub(super) fn parse_netstat(argv: &[String]) -> Result<SsArgs, CmdOutput> {
    let items = args::parse(NETSTAT_OPTS, argv)
        .map_err(|e: ArgError| CmdOutput::error(1, e.message("netstat")))?;
    let mut o = SsArgs::default();
    for item in items {
        apply(&mut o, item).map_err(|n| not_simulated("netstat", n, 1))?;
    }
    Ok(o)
}

/// One item both tools read alike; `Err` names a refused option.
fn apply(o: &mut SsArgs, item: Item<SsOpt>) -> Result<(), &'static str> {
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
            SsOpt::No(n) => return Err(n),
            SsOpt::NoHeader
            | SsOpt::Net
            | SsOpt::Family
            | SsOpt::Help
            | SsOpt::Version
            | SsOpt::Quiet => {}
        },
    }
    Ok(())
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
    }
}
