//! traceroute 2.1's command line, as its CLIF library reads it.
//!
//! Not getopt: short options cluster (`-nm 5`) and take a value attached
//! or in the next word, but a long option takes its value only after `=`
//! and is never abbreviated. A first pass reads the options in order
//! (`-s` resolves its address there); the operands `host [packetlen]`
//! are handled after it, then traceroute's own range checks run.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use crate::shell::command::args::Does;
use crate::shell::command::CmdOutput;
use core::net::Ipv4Addr;

const HELP: &str = include_str!("help.txt");
const VERSION: &str = "Modern traceroute for Linux, version 2.1.2\n\
    Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n";

/// How the probes are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// UDP to a port that grows with each probe (from 33434).
    Default,
    /// `-U`: UDP to one port (53 unless `-p`).
    Udp,
    /// `-I`: ICMP echo, the sequence growing with each probe.
    Icmp,
}

/// A traceroute command line, checked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TraceArgs {
    pub numeric: bool,
    pub method: Method,
    pub first: u8,
    pub max: u8,
    pub queries: u32,
    pub dev: Option<String>,
    pub src: Option<Ipv4Addr>,
    /// `-p`: the first port (or ICMP sequence); the method's default if unset.
    pub port: Option<u16>,
    pub host: String,
    pub dst: Ipv4Addr,
    /// The length printed in the first line.
    pub packet_len: u32,
}

/// What an option does to the command line.
#[derive(Debug, Clone, Copy)]
enum Key {
    Numeric,
    Method(Method),
    First,
    Max,
    Queries,
    Dev,
    Src,
    Port,
    Wait,
    SendWait,
    /// Accepted with a number that changes nothing the simulator shows
    /// (`-N`: how many probes are in flight at once).
    Number,
    /// `-F`: a probe that fits every IPv4 MTU (68) shows nothing of it.
    DontFragment,
    Ipv6,
    Help,
    Version,
}

/// One option: its letter, long name and value name as `--help` shows
/// them, and what reading it does.
struct Opt {
    short: Option<char>,
    long: Option<&'static str>,
    value: Option<&'static str>,
    does: Does<Key>,
}

const fn row(short: char, long: &'static str, value: &'static str, does: Does<Key>) -> Opt {
    Opt {
        short: if short == ' ' { None } else { Some(short) },
        long: if long.is_empty() { None } else { Some(long) },
        value: if value.is_empty() { None } else { Some(value) },
        does,
    }
}

/// An option the simulator acts on.
const fn o(short: char, long: &'static str, value: &'static str, key: Key) -> Opt {
    row(short, long, value, Does::Key(key))
}

/// An option accepted that changes nothing the simulator shows.
const fn ignored(short: char, long: &'static str, value: &'static str) -> Opt {
    row(short, long, value, Does::Ignore)
}

/// A real option netbook does not simulate, refused where it is read.
const fn refused(short: char, long: &'static str, value: &'static str) -> Opt {
    row(short, long, value, Does::Refuse)
}

/// traceroute.c's option table, in `--help` order. Ignored: `-4` (IPv4
/// is all there is), `-d` (SO_DEBUG), `-e` (no hop adds ICMP extensions).
#[rustfmt::skip]
const OPTS: &[Opt] = &[
    ignored('4', "", ""), o('6', "", "", Key::Ipv6),
    ignored('d', "debug", ""), o('F', "dont-fragment", "", Key::DontFragment),
    o('f', "first", "first_ttl", Key::First), refused('g', "gateway", "gate,..."),
    o('I', "icmp", "", Key::Method(Method::Icmp)), refused('T', "tcp", ""),
    o('i', "interface", "device", Key::Dev), o('m', "max-hops", "max_ttl", Key::Max),
    o('N', "sim-queries", "squeries", Key::Number), o('n', "", "", Key::Numeric),
    o('p', "port", "port", Key::Port), refused('t', "tos", "tos"),
    refused('l', "flowlabel", "flow_label"), o('w', "wait", "MAX,HERE,NEAR", Key::Wait),
    o('q', "queries", "nqueries", Key::Queries), refused('r', "", ""),
    o('s', "source", "src_addr", Key::Src), o('z', "sendwait", "sendwait", Key::SendWait),
    ignored('e', "extensions", ""), refused('A', "as-path-lookups", ""),
    refused('M', "module", "name"), refused('O', "options", "OPTS,..."),
    refused(' ', "sport", "num"), refused(' ', "fwmark", "num"),
    o('U', "udp", "", Key::Method(Method::Udp)), refused('D', "dccp", ""),
    refused('P', "protocol", "prot"), refused(' ', "mtu", ""),
    refused(' ', "back", ""), o('V', "version", "", Key::Version),
    o(' ', "help", "", Key::Help),
];

/// The values the first pass collects, before the range checks.
struct Raw {
    numeric: bool,
    method: Method,
    first: u64,
    max: u64,
    queries: u64,
    dev: Option<String>,
    src: Option<Ipv4Addr>,
    port: Option<u16>,
    wait: [f64; 3],
    send_wait: f64,
    dont_fragment: bool,
}

fn usage(msg: String) -> CmdOutput {
    CmdOutput::usage(2, msg)
}

/// C's `strtol(s, &end, 0)` that must use the whole word: leading blanks,
/// a sign, `0x` hex or `0` octal.
fn c_long(s: &str) -> Option<i64> {
    let t = s.trim_start_matches([' ', '\t', '\n']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (digits, radix) = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(h) => (h, 16),
        None if t.len() > 1 && t.starts_with('0') => (&t[1..], 8),
        None => (t, 10),
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let n = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

/// C's `strtod` over the whole word.
fn c_double(s: &str) -> Option<f64> {
    let t = s.trim_start_matches([' ', '\t', '\n']);
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    ok.then(|| t.parse().ok()).flatten()
}

/// `%g` for the values traceroute echoes back.
fn g(v: f64) -> String {
    format!("{v}")
}

/// Reads the whole command line; `resolve` answers for `-s` and the host
/// as getaddrinfo would. `Err` is traceroute's own output and status.
pub(super) fn parse(
    argv: &[String],
    resolve: &mut dyn FnMut(&str) -> Result<Ipv4Addr, &'static str>,
) -> Result<TraceArgs, CmdOutput> {
    if argv.is_empty() {
        return Err(CmdOutput::error(0, HELP));
    }
    let mut r = Raw {
        numeric: false,
        method: Method::Default,
        first: 1,
        max: 30,
        queries: 3,
        dev: None,
        src: None,
        port: None,
        wait: [5.0, 3.0, 10.0],
        send_wait: 0.0,
        dont_fragment: false,
    };
    let mut operands: Vec<(usize, &String)> = Vec::new();
    let mut ipv6 = false;
    let mut i = 0;
    while i < argv.len() {
        let word = &argv[i];
        let argc = i + 1;
        i += 1;
        if word == "--" {
            operands.extend(argv[i..].iter().enumerate().map(|(k, w)| (i + k + 1, w)));
            break;
        }
        if let Some(long) = word.strip_prefix("--").filter(|l| !l.is_empty()) {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let opt = OPTS.iter().find(|o| o.long == Some(name));
            let opt = match (opt, value) {
                (Some(o), None) if o.value.is_none() => o,
                (Some(o), Some(_)) if o.value.is_some() => o,
                (Some(o), None) => {
                    return Err(usage(format!(
                        "Option `--{name}' (argc {argc}) requires an argument: `--{name}={}'\n",
                        o.value.unwrap_or_default()
                    )))
                }
                (_, Some(v)) => {
                    return Err(usage(format!(
                        "Bad option `{word}' (with arg `{v}') (argc {argc})\n"
                    )))
                }
                (None, None) => return Err(usage(format!("Bad option `{word}' (argc {argc})\n"))),
            };
            let shown = format!("--{name}");
            apply(&mut r, &mut ipv6, opt, &shown, value, argc, resolve)?;
            continue;
        }
        let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) else {
            if operands.len() == 2 {
                return Err(usage(format!(
                    "Extra arg `{word}' (position 3, argc {argc})\n"
                )));
            }
            operands.push((argc, word));
            continue;
        };
        if cluster == "UL" {
            return Err(super::super::text::not_simulated("traceroute", "-UL", 2));
        }
        for (at, c) in cluster.char_indices() {
            let Some(opt) = OPTS.iter().find(|o| o.short == Some(c)) else {
                return Err(usage(format!("Bad option `-{c}' (argc {argc})\n")));
            };
            let shown = format!("-{c}");
            let Some(vname) = opt.value else {
                apply(&mut r, &mut ipv6, opt, &shown, None, argc, resolve)?;
                continue;
            };
            let rest = &cluster[at + c.len_utf8()..];
            let (value, vargc) = if !rest.is_empty() {
                (rest, argc)
            } else if let Some(next) = argv.get(i) {
                i += 1;
                (next.as_str(), argc + 1)
            } else {
                return Err(usage(format!(
                    "Option `-{c}' (argc {argc}) requires an argument: `-{c} {vname}'\n"
                )));
            };
            apply(&mut r, &mut ipv6, opt, &shown, Some(value), vargc, resolve)?;
            break;
        }
    }
    let Some(&(hargc, host)) = operands.first() else {
        return Err(usage("Specify \"host\" missing argument.\n".into()));
    };
    let cannot = |what: &str, w: &str, pos: usize, argc: usize| {
        format!("Cannot handle \"{what}\" cmdline arg `{w}' on position {pos} (argc {argc})\n")
    };
    let dst = match resolve(host) {
        _ if ipv6 => Err("Address family for hostname not supported"),
        d => d,
    }
    .map_err(|e| usage(format!("{host}: {e}\n{}", cannot("host", host, 1, hargc))))?;
    let packet_len = match operands.get(1) {
        None => None,
        Some(&(argc, w)) => Some(c_long(w).ok_or_else(|| usage(cannot("packetlen", w, 2, argc)))?),
    };
    check(r, host, dst, packet_len)
}

/// One option's effect; `argc` is the word its value came from.
fn apply(
    r: &mut Raw,
    ipv6: &mut bool,
    opt: &Opt,
    shown: &str,
    value: Option<&str>,
    argc: usize,
    resolve: &mut dyn FnMut(&str) -> Result<Ipv4Addr, &'static str>,
) -> Result<(), CmdOutput> {
    let v = value.unwrap_or_default();
    let bad = || {
        usage(format!(
            "Cannot handle `{shown}' option with arg `{v}' (argc {argc})\n"
        ))
    };
    // CLIF stores these in unsigned ints: `-m -1` is 4294967295.
    let uint = || c_long(v).map(|n| n as u32 as u64).ok_or_else(bad);
    let key = match opt.does {
        Does::Key(k) => k,
        Does::Ignore => return Ok(()),
        Does::Refuse => return Err(super::super::text::not_simulated("traceroute", shown, 2)),
    };
    match key {
        Key::Numeric => r.numeric = true,
        Key::Method(m) => r.method = m,
        Key::First => r.first = uint()?,
        Key::Max => r.max = uint()?,
        Key::Queries => r.queries = uint()?,
        Key::Number => {
            uint()?;
        }
        Key::Port => r.port = Some(uint()? as u16),
        Key::Dev => r.dev = Some(v.to_string()),
        Key::Src => match resolve(v) {
            Ok(a) => r.src = Some(a),
            Err(e) => return Err(usage(format!("{v}: {e}\n{}", bad().stderr))),
        },
        Key::Wait => {
            let parts: Vec<&str> = v.split(',').collect();
            let vals: Option<Vec<f64>> = parts.iter().map(|p| c_double(p)).collect();
            match vals {
                Some(vals) if vals.len() <= 3 => {
                    r.wait = [0.0; 3];
                    r.wait[..vals.len()].copy_from_slice(&vals);
                }
                _ => return Err(bad()),
            }
        }
        Key::SendWait => r.send_wait = c_double(v).ok_or_else(bad)?,
        Key::DontFragment => r.dont_fragment = true,
        Key::Ipv6 => *ipv6 = true,
        Key::Help => return Err(CmdOutput::error(0, HELP)),
        Key::Version => return Err(CmdOutput::error(0, VERSION)),
    }
    Ok(())
}

/// traceroute.c's checks after the command line is read, in its order.
fn check(
    r: Raw,
    host: &str,
    dst: Ipv4Addr,
    packet_len: Option<i64>,
) -> Result<TraceArgs, CmdOutput> {
    if r.first == 0 || r.first > r.max {
        return Err(usage("first hop out of range\n".into()));
    }
    if r.max > 255 {
        return Err(usage("max hops cannot be more than 255\n".into()));
    }
    if r.queries == 0 || r.queries > 10 {
        return Err(usage("no more than 10 probes per hop\n".into()));
    }
    if r.wait.iter().any(|w| *w < 0.0) {
        let [a, b, c] = r.wait.map(g);
        return Err(usage(format!(
            "bad wait specifications `{a},{b},{c}' used\n"
        )));
    }
    let packet_len = match packet_len {
        Some(n) if n > 65000 => return Err(usage(format!("too big packetlen {n} specified\n"))),
        // The headers are the least a probe can be.
        Some(n) => n.max(28) as u32,
        None => 60,
    };
    // Larger, it meets the path MTU, which traceroute reports as `!F-MTU`.
    if r.dont_fragment && packet_len > 68 {
        return Err(super::super::text::not_simulated(
            "traceroute",
            "-F with packets over 68 bytes",
            2,
        ));
    }
    if r.send_wait < 0.0 {
        return Err(usage(format!(
            "bad sendtime `{}' specified\n",
            g(r.send_wait)
        )));
    }
    Ok(TraceArgs {
        numeric: r.numeric,
        method: r.method,
        first: r.first as u8,
        max: r.max as u8,
        queries: r.queries as u32,
        dev: r.dev,
        src: r.src,
        port: r.port,
        host: host.to_string(),
        dst,
        packet_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Result<TraceArgs, CmdOutput> {
        parse(&crate::shell::command::args::words(line), &mut |h| {
            h.parse().map_err(|_| "Name or service not known")
        })
    }

    fn err(line: &str) -> String {
        run(line).expect_err(line).stderr
    }

    #[test]
    fn errors_read_as_traceroute_2_1_prints_them() {
        for (line, want) in [
            ("-m", "Option `-m' (argc 1) requires an argument: `-m max_ttl'\n"),
            ("-nm", "Option `-m' (argc 1) requires an argument: `-m max_ttl'\n"),
            ("-q 1 -q", "Option `-q' (argc 3) requires an argument: `-q nqueries'\n"),
            ("--max-hops 5 h", "Option `--max-hops' (argc 1) requires an argument: `--max-hops=max_ttl'\n"),
            ("--max 4 h", "Bad option `--max' (argc 1)\n"),
            ("--icmp=3 h", "Bad option `--icmp=3' (with arg `3') (argc 1)\n"),
            ("-n5", "Bad option `-5' (argc 1)\n"),
            ("-m abc 1.2.3.4", "Cannot handle `-m' option with arg `abc' (argc 2)\n"),
            ("--max-hops=x 1.1.1.1", "Cannot handle `--max-hops' option with arg `x' (argc 1)\n"),
            ("-w 1,2,3,4 1.1.1.1", "Cannot handle `-w' option with arg `1,2,3,4' (argc 2)\n"),
            ("-m 5", "Specify \"host\" missing argument.\n"),
            ("1.1.1.1 40 x", "Extra arg `x' (position 3, argc 3)\n"),
            ("1.1.1.1 abc", "Cannot handle \"packetlen\" cmdline arg `abc' on position 2 (argc 2)\n"),
            ("-m 300 -f 400 1.1.1.1", "first hop out of range\n"),
            ("-m -1 1.1.1.1", "max hops cannot be more than 255\n"),
            ("-q 20 -m 300 1.1.1.1", "max hops cannot be more than 255\n"),
            ("-w 1.5,-2 1.1.1.1", "bad wait specifications `1.5,-2,0' used\n"),
            ("-z -1 1.1.1.1", "bad sendtime `-1' specified\n"),
            ("1.1.1.1 70000", "too big packetlen 70000 specified\n"),
            ("-6 1.1.1.1", "1.1.1.1: Address family for hostname not supported\nCannot handle \"host\" cmdline arg `1.1.1.1' on position 1 (argc 2)\n"),
        ] {
            assert_eq!(err(line), want, "{line}");
        }
    }

    #[test]
    fn values_follow_c_rules() {
        let a = run("-m 0x10 -q2 -nI 10.0.0.1 5").unwrap();
        assert_eq!((a.max, a.queries, a.numeric), (16, 2, true));
        assert_eq!((a.method, a.packet_len), (Method::Icmp, 28));
        assert_eq!(run("-m 010 10.0.0.1").unwrap().max, 8);
        assert_eq!(run("10.0.0.1 -f 3 -p 5000").unwrap().port, Some(5000));
        assert_eq!(run("-F 10.0.0.1 68").unwrap().packet_len, 68);
        assert_eq!(
            err("-F 10.0.0.1 69"),
            "netbook: traceroute -F with packets over 68 bytes is not simulated\n"
        );
        assert_eq!(run("-4de 10.0.0.1").unwrap().max, 30);
        let refused = run("-e --sport=5 -T 10.0.0.1").expect_err("--sport");
        assert_eq!(
            (refused.status, refused.stderr.as_str()),
            (2, "netbook: traceroute --sport is not simulated\n")
        );
        let help = run("-n --help").expect_err("help");
        assert_eq!((help.status, help.stderr.starts_with("Usage:")), (0, true));
    }
}
