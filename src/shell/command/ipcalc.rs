//! `ipcalc` (Debian's `ipcalc` 0.42 by Krischan Jodies, which reports
//! version 0.5) and `subnet`, netbook's subnet planner.
//!
//! `ipcalc` follows `/usr/bin/ipcalc` of that package: its option parsing
//! (options anywhere, `-s` eating the numbers after it, `A - B` ranges),
//! its address and mask forms (dotted, `/NN`, hex, inverse "wildcard"
//! masks, IPv6), its error lines on stdout and its exit status 0. Output
//! is what it prints without a terminal: plain, ANSI with `-c`, its HTML
//! page with `-h`. A learner's mistake (bad address or mask, unknown
//! option) keeps that exact stdout and status 0 but fails the cell, with a
//! hint on stderr.
//!
//! `subnet` answers the study note's questions directly: split a network
//! into N subnets, into subnets of H hosts, a VLSM plan, summarise, test
//! containment. Huge splits stream the first rows and the totals.

// Errors are the command's final output, built once on a cold path.
#![allow(clippy::result_large_err)]

use super::{CellError, CmdOutput, Command, Ctx};
use crate::display::addr::{self as view, IpcalcView};
use crate::sim::addr;
use crate::sim::World;
use core::net::Ipv4Addr;
use ipnet::IpNet;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "ipcalc",
        summary: "calculate IPv4 network, broadcast, host range and subnets (Debian ipcalc 0.42)",
        summary_ko: "IP 주소와 넷마스크로 네트워크/브로드캐스트/호스트 범위/서브넷을 이진수와 함께 계산합니다",
        usage: "ipcalc [-n] [-c] [-b] [-h] [--class] [-r] [-s N1 N2...] [--help] [-v] ADDRESS[[/]NETMASK] [NETMASK]",
        run: ipcalc,
        complete: Some(complete_ipcalc),
    },
    Command {
        name: "subnet",
        summary: "split a network into N subnets, subnets of H hosts or a VLSM plan; summarise; test containment",
        summary_ko: "네트워크를 N개/호스트 H개 단위/VLSM으로 나누고, 요약(슈퍼넷)과 포함 관계를 계산합니다",
        usage: "subnet split NET (--count N | --hosts H | --vlsm H1,H2,... | --prefix P) | subnet info NET | subnet summarize P1 P2... | subnet contains A B | subnet overlaps A B",
        run: subnet,
        complete: Some(complete_subnet),
    },
];

const IPCALC_OPTIONS: &[&str] = &[
    "-n",
    "--nocolor",
    "-b",
    "--nobinary",
    "--class",
    "-r",
    "--range",
    "-s",
    "--split",
    "-v",
    "--version",
    "--help",
    "-c",
    "--color",
    "-h",
    "--html",
];

fn complete_ipcalc(_: &World, _args: &[String], prefix: &str) -> Vec<String> {
    if !prefix.starts_with('-') {
        return Vec::new();
    }
    IPCALC_OPTIONS
        .iter()
        .filter(|o| o.starts_with(prefix))
        .map(|o| o.to_string())
        .collect()
}

const SUBNET_SUBCOMMANDS: &[&str] = &["split", "info", "summarize", "contains", "overlaps"];
const SUBNET_SPLIT_OPTIONS: &[&str] = &["--count", "--hosts", "--vlsm", "--prefix"];

fn complete_subnet(_: &World, args: &[String], prefix: &str) -> Vec<String> {
    let pick = |list: &[&str]| -> Vec<String> {
        list.iter()
            .filter(|o| o.starts_with(prefix))
            .map(|o| o.to_string())
            .collect()
    };
    match args.first().map(String::as_str) {
        None => pick(SUBNET_SUBCOMMANDS),
        Some("split") if prefix.starts_with('-') => pick(SUBNET_SPLIT_OPTIONS),
        _ => Vec::new(),
    }
}

/// `ipcalc` with no arguments: its usage text, verbatim.
const USAGE: &str = r#"Usage: ipcalc [options] <ADDRESS>[[/]<NETMASK>] [NETMASK]

ipcalc takes an IP address and netmask and calculates the resulting
broadcast, network, Cisco wildcard mask, and host range. By giving a
second netmask, you can design sub- and supernetworks. It is also
intended to be a teaching tool and presents the results as
easy-to-understand binary values.

 -n --nocolor  Don't display ANSI color codes.
 -c --color    Display ANSI color codes (default).
 -b --nobinary Suppress the bitwise output.
 -c --class    Just print bit-count-mask of given address.
 -h --html     Display results as HTML (not finished in this version).
 -v --version  Print Version.
 -s --split n1 n2 n3
               Split into networks of size n1, n2, n3.
 -r --range    Deaggregate address range.
    --help     Longer help text.

Examples:

ipcalc 192.168.0.1/24
ipcalc 192.168.0.1/255.255.128.0
ipcalc 192.168.0.1 255.255.128.0 255.255.192.0
ipcalc 192.168.0.1 0.0.63.255


ipcalc <ADDRESS1> - <ADDRESS2>  deaggregate address range

ipcalc <ADDRESS>/<NETMASK> --s a b c
                                split network to subnets
				where a b c fits in.

! New HTML support not yet finished.

ipcalc 0.5
"#;

/// The part of `ipcalc --help` before the usage text, verbatim.
const HELP: &str = r#"    
IP Calculator 0.5

Enter your netmask(s) in CIDR notation (/25) or dotted decimals
(255.255.255.0). Inverse netmask are recognized. If you mmit the
netmask, ipcalc uses the default netmask for the class of your
network.

Look at the space between the bits of the addresses: The bits before
it are the network part of the address, the bits after it are the host
part. You can see two simple facts: In a network address all host bits
are zero, in a broadcast address they are all set.

The class of your network is determined by its first bits.

If your network is a private internet according to RFC 1918 this is
remarked. When displaying subnets the new bits in the network part of
the netmask are marked in a different color.

The wildcard is the inverse netmask as used for access control lists
in Cisco routers. You can also enter netmasks in wildcard notation.

Do you want to split your network into subnets? Enter the address and
netmask of your original network and play with the second netmask
until the result matches your needs.

Questions? Comments? Drop me a mail: krischan at jodies.de
http://jodies.de/ipcalc

Thanks for your nice ideas and help to make this tool more useful: 

Bartosz Fenski
Denis A. Hainsworth
Foxfair Hu
Frank Quotschalla
Hermann J. Beckers
Igor Zozulya
Kevin Ivory
Lars Mueller
Lutz Pressler
Oliver Seufer
Scott Davis
Steve Kent
Sven Anderson
Torgen Foertsch
Edward
Nick Clifford
Victor Engmark

"#;

/// The options and operands `getopts` of ipcalc leaves behind.
#[derive(Default)]
struct IpcalcOpts {
    help: bool,
    version: bool,
    binary: bool,
    only_class: bool,
    deaggregate: bool,
    split: bool,
    split_sizes: Vec<u64>,
    colour: bool,
    html: bool,
    arguments: Vec<String>,
}

/// ipcalc's `getopts`: while any word left starts with `-`, take the next
/// word; options may be bundled (`-bn`); `-s` takes the numbers that follow.
/// Then operands are split at `/` (address and mask) or `-` (a range).
fn ipcalc_getopts(args: &[String]) -> Result<IpcalcOpts, String> {
    let mut o = IpcalcOpts {
        binary: true,
        ..Default::default()
    };
    let mut error = String::new();
    let mut rest: std::collections::VecDeque<String> = args.iter().cloned().collect();
    let mut tmp: Vec<String> = Vec::new();
    let mut nr_opts = 0;
    let mut html = false;
    while rest.iter().any(|a| a.starts_with('-')) {
        let Some(arg) = rest.pop_front() else { break };
        let (prefix, names): (&str, Vec<String>) = if arg.len() > 2 && arg.starts_with("--") {
            ("--", vec![arg[2..].to_string()])
        } else if arg.len() > 1 && arg.starts_with('-') {
            ("-", arg[1..].chars().map(String::from).collect())
        } else {
            tmp.push(arg);
            continue;
        };
        for name in names {
            nr_opts += 1;
            match name.as_str() {
                "h" | "html" => {
                    html = true;
                    o.html = true;
                }
                "help" => o.help = true,
                "c" | "color" => o.colour = true,
                "n" | "nocolor" => o.colour = false,
                "v" | "version" => o.version = true,
                "b" | "nobinary" => o.binary = false,
                "class" => o.only_class = true,
                "r" | "range" => o.deaggregate = true,
                "s" | "split" => {
                    o.split = true;
                    while let Some(n) = rest.front().filter(|a| is_digits(a)) {
                        // Sizes beyond u64 are beyond any network anyway.
                        o.split_sizes.push(n.parse().unwrap_or(u64::MAX));
                        rest.pop_front();
                    }
                    if o.split_sizes.is_empty() {
                        error.push_str(&format!(
                            "Argument for {prefix}{name} is missing or invalid \n"
                        ));
                    }
                }
                _ => {
                    error.push_str(&format!("Unknown option: {prefix}{name}\n"));
                    nr_opts -= 1;
                }
            }
        }
    }
    tmp.extend(rest);
    for t in tmp {
        if let Some((a, m)) = t
            .split_once('/')
            .filter(|(a, m)| !a.is_empty() && !m.is_empty())
        {
            o.arguments.push(a.to_string());
            o.arguments.push(m.to_string());
        } else if t.len() > 1 && t.ends_with('/') {
            o.arguments.push(t[..t.len() - 1].to_string());
        } else if let Some((a, b)) = t
            .rsplit_once('-')
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        {
            o.arguments.push(a.to_string());
            o.arguments.push(b.to_string());
            o.deaggregate = true;
        } else if t == "-" {
            o.deaggregate = true;
        } else {
            o.arguments.push(t);
        }
    }
    if o.arguments.len() == 3 && o.arguments[1] == "-" {
        o.arguments.remove(1);
        o.deaggregate = true;
    }
    if html && nr_opts == 1 && o.arguments.is_empty() {
        o.help = true;
    }
    if error.is_empty() {
        Ok(o)
    } else {
        Err(error)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A parsed ipcalc operand (`argton`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    V4(u32),
    V6(u128),
}

/// ipcalc's `argton` with its side effects: it may switch to IPv6 mode and
/// prints `WILDCARD` / `INVALID NETMASK` itself.
struct Argton {
    ipv6: bool,
    printed: String,
}

impl Argton {
    fn parse(&mut self, arg: &str, netmask: bool) -> Option<Num> {
        if !netmask && !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            self.ipv6 = true;
            return ip6ton(arg).map(Num::V6);
        }
        let quads: Vec<&str> = arg.split('.').collect();
        if quads.len() == 4 && quads.iter().all(|q| q.len() <= 3 && is_digits(q)) {
            let mut n: u32 = 0;
            for q in quads {
                let v: u32 = q.parse().ok()?;
                if v > 255 {
                    return None;
                }
                n = (n << 8) | v;
            }
            return if netmask {
                self.validate_netmask(n).map(Num::V4)
            } else {
                Some(Num::V4(n))
            };
        }
        let arg = match arg.strip_prefix('/') {
            Some(d) if is_digits(d) => d,
            _ => arg,
        };
        if self.ipv6 {
            return None;
        }
        if is_digits(arg) && arg.len() <= 2 {
            let bits: u32 = arg.parse().ok()?;
            return (bits <= 32).then(|| Num::V4(u32::MAX.checked_shl(32 - bits).unwrap_or(0)));
        }
        let hex = match arg.strip_prefix("0x") {
            Some(h) => h,
            None => arg,
        };
        if hex.len() == 8 && is_hex(hex) {
            let n = u32::from_str_radix(hex, 16).ok()?;
            return if netmask {
                self.validate_netmask(n).map(Num::V4)
            } else {
                Some(Num::V4(n))
            };
        }
        None
    }

    fn validate_netmask(&mut self, mut mask: u32) -> Option<u32> {
        if mask & (1 << 31) == 0 {
            self.printed.push_str("WILDCARD\n");
            if mask == 0 {
                // Perl's bignum `~0` is -1, which reads as "invalid".
                return None;
            }
            mask = !mask;
        }
        if addr::mask_to_prefix(Ipv4Addr::from(mask)).is_err() {
            self.printed.push_str("INVALID NETMASK\n");
            return None;
        }
        Some(mask)
    }
}

/// ipcalc's `ip6ton`, quirks included (Perl's `split` drops trailing
/// empty fields; groups are added with carries, not validated).
fn ip6ton(arg: &str) -> Option<u128> {
    let mut arg = arg.to_ascii_lowercase();
    if arg.starts_with("::") {
        arg.insert(0, '0');
    }
    if arg.ends_with("::") {
        arg.push('0');
    }
    let mut tmp: Vec<&str> = arg.split(':').collect();
    while tmp.last() == Some(&"") {
        tmp.pop();
    }
    let mut slices: Vec<u128> = Vec::new();
    let mut compressed = false;
    for s in &tmp {
        if s.is_empty() {
            if compressed {
                return None;
            }
            let fill = 9usize.saturating_sub(tmp.len());
            slices.extend(std::iter::repeat_n(0, fill));
            compressed = fill > 0;
        } else {
            let v = u128::from_str_radix(&s[s.len().saturating_sub(32)..], 16).ok()?;
            slices.push(v);
        }
    }
    if slices.len() != 8 {
        return None;
    }
    let mut n: u128 = 0;
    for (i, s) in slices.iter().enumerate() {
        n = n.wrapping_add(s.wrapping_shl(16 * (7 - i as u32)));
    }
    Some(n)
}

/// Argument `idx` as an address, the way ipcalc reads it: a missing one
/// warns like Perl at `line`, a bad one adds `INVALID LABEL: ...` and
/// stands in as 192.168.1.1, as ipcalc 0.42 does.
fn address_arg(
    at: &mut Argton,
    args: &[String],
    idx: usize,
    (line, label): (u32, &str),
    stderr: &mut String,
    error: &mut String,
) -> Num {
    let arg = args.get(idx);
    if arg.is_none() {
        stderr.push_str(&perl_uninitialized(line, idx));
    }
    match arg.and_then(|a| at.parse(a, false)) {
        Some(n) => n,
        None => {
            let shown = arg.map_or("", String::as_str);
            error.push_str(&format!("INVALID {label}: {shown}\n"));
            Num::V4(u32::from(Ipv4Addr::new(192, 168, 1, 1)))
        }
    }
}

fn perl_uninitialized(line: u32, index: usize) -> String {
    format!(
        "Use of uninitialized value $ARGV[{index}] in concatenation (.) or string at /usr/bin/ipcalc line {line}.\n"
    )
}

/// Output that the real tool prints with exit status 0, but which is a
/// learner's mistake: keep stdout exact, fail the cell, hint on stderr.
fn ipcalc_mistake(stdout: String, stderr: String, hint: &str) -> CmdOutput {
    let first = stdout
        .lines()
        .find(|l| !l.is_empty())
        .unwrap_or("invalid input")
        .to_string();
    CmdOutput {
        status: 0,
        stdout,
        stderr,
        rich: None,
        fail: Some(CellError::new("UsageError", first)),
        ..Default::default()
    }
    .with_hint(hint)
}

fn ipcalc(_ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    if args.is_empty() {
        return CmdOutput::text(USAGE);
    }
    let o = match ipcalc_getopts(args) {
        Ok(o) => o,
        Err(e) => {
            return ipcalc_mistake(
                e,
                String::new(),
                "ipcalc's options: -n -b --class -r -s N... -v --help",
            )
        }
    };
    if o.help {
        return CmdOutput::text(format!("{HELP}{USAGE}"));
    }
    if o.version {
        return CmdOutput::text("0.5\n");
    }
    let mut stderr = String::new();
    // With -h the page header comes first, before anything parsing prints.
    let mut at = Argton {
        ipv6: false,
        printed: if o.html {
            view::IPCALC_HTML_HEADER.to_string()
        } else {
            String::new()
        },
    };
    let mut error = String::new();
    let address = address_arg(
        &mut at,
        &o.arguments,
        0,
        (138, "ADDRESS"),
        &mut stderr,
        &mut error,
    );
    let default_v4 = |n: Num| match n {
        Num::V4(v) => v,
        Num::V6(_) => u32::from(Ipv4Addr::new(192, 168, 1, 1)),
    };
    if o.only_class {
        let mut out = std::mem::take(&mut at.printed);
        out.push_str(&view::ipcalc_class_text(Ipv4Addr::from(default_v4(
            address,
        ))));
        return CmdOutput {
            stdout: out,
            stderr,
            ..Default::default()
        };
    }
    if o.deaggregate {
        let address2 = address_arg(
            &mut at,
            &o.arguments,
            1,
            (154, "ADDRESS2"),
            &mut stderr,
            &mut error,
        );
        let mut out = std::mem::take(&mut at.printed);
        if !error.is_empty() {
            out.push_str(&error);
            out.push('\n');
        }
        let (a, b) = (default_v4(address), default_v4(address2));
        out.push_str(&view::ipcalc_deaggregate_text(
            Ipv4Addr::from(a),
            Ipv4Addr::from(b),
        ));
        return if error.is_empty() {
            CmdOutput {
                stdout: out,
                stderr,
                ..Default::default()
            }
        } else {
            ipcalc_mistake(
                out,
                stderr,
                "a range is `ipcalc FIRST - LAST` with two IPv4 addresses",
            )
        };
    }
    if at.ipv6 {
        let mask1 = match o.arguments.get(1) {
            Some(m) => match m.parse::<u8>() {
                Ok(p) if m.len() <= 3 && is_digits(m) && p <= 128 => p,
                _ => {
                    let mut out = std::mem::take(&mut at.printed);
                    out.push_str("INVALID MASK1\n\n");
                    return ipcalc_mistake(out, stderr, "an IPv6 prefix length is 0 to 128");
                }
            },
            None => 64,
        };
        let mut out = std::mem::take(&mut at.printed);
        if !error.is_empty() {
            out.push_str(&view::ipcalc_error_text(&error, o.colour, o.html));
            return ipcalc_mistake(
                out,
                stderr,
                "write an IPv4 address as a.b.c.d or an IPv6 one with colons",
            );
        }
        let Num::V6(a) = address else {
            unreachable!("ipv6 mode implies an IPv6 address")
        };
        out.push_str(&view::ipcalc_v6_text(a, mask1));
        return CmdOutput {
            stdout: out,
            stderr,
            ..Default::default()
        };
    }
    let mut mask = |idx: usize, label: &str, default: u32, error: &mut String| -> u32 {
        match o.arguments.get(idx) {
            None => default,
            Some(m) => match at.parse(m, true) {
                Some(Num::V4(v)) => v,
                _ => {
                    error.push_str(&format!("INVALID {label}:   {m}\n"));
                    u32::MAX << 8
                }
            },
        }
    };
    let mask1 = mask(1, "MASK1", u32::MAX << 8, &mut error);
    let mask2 = mask(2, "MASK2", mask1, &mut error);
    let mut out = std::mem::take(&mut at.printed);
    if !error.is_empty() {
        out.push_str(&view::ipcalc_error_text(&error, o.colour, o.html));
        return ipcalc_mistake(
            out,
            stderr,
            "give ADDRESS/NN, ADDRESS/255.255.255.0 or ADDRESS NETMASK [NEW_NETMASK]; octets are 0-255, prefixes 0-32",
        );
    }
    let v = IpcalcView {
        address: Ipv4Addr::from(default_v4(address)),
        mask1: mask1.leading_ones() as u8,
        mask2: mask2.leading_ones() as u8,
        binary: o.binary,
        colour: o.colour,
        html: o.html,
    };
    let split = o.split.then_some(o.split_sizes.as_slice());
    out.push_str(&view::ipcalc_text(&v, split));
    let mut res = CmdOutput::rich(view::ipcalc_bundle(&v, out));
    res.stderr = stderr;
    res
}

fn subnet_usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(
        2,
        format!(
            "subnet: {msg}\nUsage: {}\n",
            COMMANDS[1].usage.replace(" | subnet", "\n       subnet")
        ),
    )
}

fn addr_error(e: addr::AddrError) -> CmdOutput {
    CmdOutput::usage(2, format!("subnet: {e}\n"))
}

/// `NET` as one word or as `ADDRESS NETMASK` (two words).
fn take_v4_net(words: &[&str]) -> Result<ipnet::Ipv4Net, CmdOutput> {
    match words {
        [one] => addr::parse_v4_net(one).map_err(addr_error),
        [a, m] => addr::parse_v4_net(&format!("{a} {m}")).map_err(addr_error),
        [] => Err(subnet_usage("missing network, e.g. 192.168.1.0/24")),
        _ => Err(subnet_usage("too many operands")),
    }
}

fn parse_count(opt: &str, v: Option<&&str>) -> Result<u64, CmdOutput> {
    match v {
        Some(s) if is_digits(s) => s
            .parse()
            .map_err(|_| subnet_usage(&format!("{opt}: number too large: {s}"))),
        Some(s) => Err(subnet_usage(&format!("{opt}: not a number: {s}"))),
        None => Err(subnet_usage(&format!("option {opt} needs a value"))),
    }
}

fn subnet_split(words: &[&str]) -> CmdOutput {
    enum How {
        Count(u64),
        Hosts(u64),
        Prefix(u64),
        Vlsm(Vec<u64>),
    }
    let mut how: Option<How> = None;
    let mut operands: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (w, None),
        };
        let value = inline.as_ref().or_else(|| words.get(i + 1));
        let step = if inline.is_some() { 1 } else { 2 };
        let parsed = match name {
            "--count" | "-c" => parse_count(name, value).map(How::Count),
            "--hosts" | "-H" => parse_count(name, value).map(How::Hosts),
            "--prefix" | "-p" => {
                parse_count(name, value.map(|v| v.trim_start_matches('/')).as_ref())
                    .map(How::Prefix)
            }
            "--vlsm" | "-V" => match value {
                None => Err(subnet_usage(
                    "option --vlsm needs host counts, e.g. --vlsm 50,20,10",
                )),
                Some(list) => list
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| parse_count("--vlsm", Some(&s)))
                    .collect::<Result<Vec<u64>, _>>()
                    .map(How::Vlsm),
            },
            _ if w.starts_with('-') && w.len() > 1 => {
                Err(subnet_usage(&format!("unknown option {w}")))
            }
            _ => {
                operands.push(w);
                i += 1;
                continue;
            }
        };
        match parsed {
            Ok(h) => how = Some(h),
            Err(e) => return e,
        }
        i += step;
    }
    let net = match take_v4_net(&operands) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let split = match how {
        None => {
            return subnet_usage(
                "say how to split: --count N, --hosts H, --prefix P or --vlsm H1,H2,...",
            )
        }
        Some(How::Count(n)) => addr::split_into_count(net, n),
        Some(How::Hosts(h)) => addr::split_by_hosts(net, h),
        Some(How::Prefix(p)) => match u8::try_from(p) {
            Ok(p) => addr::Split::new(net, p),
            Err(_) => {
                return addr_error(addr::AddrError::PrefixTooLong {
                    input: p.to_string(),
                    max: 32,
                })
            }
        },
        Some(How::Vlsm(hosts)) => {
            return match addr::vlsm(net, &hosts) {
                Ok(plan) => CmdOutput::rich(view::vlsm_bundle(&plan)),
                Err(e) => addr_error(e),
            }
        }
    };
    match split {
        Ok(s) => CmdOutput::rich(view::split_bundle(&s)),
        Err(e) => addr_error(e),
    }
}

fn subnet_info(words: &[&str]) -> CmdOutput {
    if words.len() == 1 && words[0].contains(':') {
        return match addr::parse_v6_net(words[0]) {
            Ok(n) => CmdOutput::text(view::v6_facts_text(&addr::V6Facts::of(n))),
            Err(e) => addr_error(e),
        };
    }
    let net = match take_v4_net(words) {
        Ok(n) => n,
        Err(e) => return e,
    };
    CmdOutput::rich(view::v4_facts_bundle(&addr::V4Facts::of(net)))
}

fn parse_nets(words: &[&str], bare_is_host: bool) -> Result<Vec<IpNet>, CmdOutput> {
    words
        .iter()
        .map(|w| {
            if bare_is_host {
                addr::parse_prefix_or_host(w)
            } else {
                addr::parse_net(w)
            }
            .map_err(addr_error)
        })
        .collect()
}

fn subnet(_ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some((&sub, rest)) = words.split_first() else {
        return subnet_usage("missing subcommand");
    };
    match sub {
        "split" => subnet_split(rest),
        "info" => subnet_info(rest),
        "summarize" | "summarise" => {
            let nets = match parse_nets(rest, false) {
                Ok(n) => n,
                Err(e) => return e,
            };
            match (addr::summarize(&nets), addr::supernet(&nets)) {
                (Ok(agg), Ok(sup)) => CmdOutput::text(view::summarize_text(&agg, sup)),
                (Err(e), _) | (_, Err(e)) => addr_error(e),
            }
        }
        "contains" | "overlaps" => {
            let nets = match parse_nets(rest, true) {
                Ok(n) => n,
                Err(e) => return e,
            };
            let [a, b] = nets[..] else {
                return subnet_usage(&format!("{sub} takes two prefixes or addresses"));
            };
            let yes = if sub == "contains" {
                addr::contains(&a, &b)
            } else {
                addr::overlaps(&a, &b)
            };
            let verb = match (sub, yes) {
                ("contains", true) => "contains",
                ("contains", false) => "does not contain",
                (_, true) => "overlaps",
                (_, false) => "does not overlap",
            };
            CmdOutput {
                status: if yes { 0 } else { 1 },
                stdout: format!("{} {verb} {}\n", a.trunc(), b),
                ..Default::default()
            }
        }
        other => {
            let mut o = subnet_usage(&format!("unknown subcommand `{other}`"));
            if let Some(c) = super::closest(other, SUBNET_SUBCOMMANDS.iter().copied()) {
                o = o.with_hint(&format!("did you mean `subnet {c}`?"));
            }
            o
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::Session;
    use std::sync::atomic::AtomicBool;

    fn run(argv: &[&str]) -> CmdOutput {
        let mut w = World::new();
        let flag = AtomicBool::new(false);
        let mut ctx = Ctx {
            world: &mut w,
            netns: None,
            stdin: None,
            interrupt: &flag,
            live: None,
        };
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        super::super::run_argv(&mut ctx, &argv)
    }

    #[test]
    fn subnet_split_worked_example() {
        let out = run(&["subnet", "split", "211.168.83.0", "--count", "5"]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 1 + 8 + 1);
        assert!(
            lines[2].starts_with("211.168.83.32/27   211.168.83.33"),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains("211.168.83.62"));
        assert!(lines[2].ends_with("32"));
        assert!(lines[9].contains("255.255.255.224"));
        let rich = out.rich.unwrap();
        assert!(rich.get("image/svg+xml").unwrap().contains("<svg"));
        assert_eq!(rich.text(), out.stdout);
    }

    #[test]
    fn subnet_split_modes_and_errors() {
        let out = run(&[
            "subnet",
            "split",
            "192.168.1.0",
            "255.255.255.0",
            "--hosts",
            "60",
        ]);
        assert!(out.stdout.contains("4 subnets of /26"), "{}", out.stdout);
        let out = run(&["subnet", "split", "10.0.0.0/8", "--prefix=/30"]);
        assert_eq!(out.stdout.lines().count(), 1 + 1000 + 2);
        assert!(out.stdout.contains("4194304 subnets of /30"));
        let out = run(&["subnet", "split", "192.168.1.0/24", "--vlsm", "50,20,10"]);
        assert!(out.stdout.contains("192.168.1.96/28"), "{}", out.stdout);
        assert!(out
            .stdout
            .contains("Unused: 192.168.1.112/28 192.168.1.128/25"));
        let out = run(&["subnet", "split", "192.168.1.0/30", "--count", "8"]);
        assert!(out.fail.is_some());
        assert!(out.stderr.contains("only 2 host bits"), "{}", out.stderr);
        let out = run(&["subnet", "split", "192.168.1.300/24", "--count", "2"]);
        assert!(out.stderr.contains("octet 4 is 300"), "{}", out.stderr);
        let out = run(&["subnet", "splt"]);
        assert!(out.stderr.contains("did you mean `subnet split`?"));
    }

    #[test]
    fn subnet_summarize_contains_info() {
        let out = run(&["subnet", "summarize", "10.0.0.0/24", "10.0.1.0/24"]);
        assert_eq!(out.stdout, "10.0.0.0/23\nsupernet: 10.0.0.0/23\n");
        let out = run(&["subnet", "contains", "10.0.0.0/8", "10.2.3.4"]);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (0, "10.0.0.0/8 contains 10.2.3.4/32\n")
        );
        let out = run(&["subnet", "contains", "10.0.0.0/16", "10.2.0.0/16"]);
        assert_eq!(out.status, 1);
        let out = run(&["subnet", "overlaps", "10.0.0.0/16", "10.0.128.0/17"]);
        assert_eq!(out.status, 0);
        let out = run(&["subnet", "info", "192.168.10.77/26"]);
        assert!(out
            .stdout
            .contains("Gateway:    192.168.10.65 by convention"));
        assert!(out
            .stdout
            .contains("Class:      C (leading bits 110, default /24)"));
        let out = run(&["subnet", "info", "fe80::1/64"]);
        assert!(out.stdout.contains("Scope:     link-local"));
    }

    #[test]
    fn ipcalc_mistakes_fail_the_cell_but_exit_zero() {
        let out = run(&["ipcalc", "300.1.1.1/24"]);
        assert_eq!(out.stdout, "INVALID ADDRESS: 300.1.1.1\n\n");
        assert_eq!(out.status, 0);
        assert!(out.fail.is_some());
        assert!(out.stderr.starts_with("hint: "));
        let out = run(&["ipcalc", "211.168.83.0/24", "255.255.255.224"]);
        assert!(out.fail.is_none());
        assert!(out
            .rich
            .unwrap()
            .get("text/html")
            .unwrap()
            .contains("AND netmask"));
    }

    #[test]
    fn completion_of_options_and_subcommands() {
        let s = Session::new();
        assert_eq!(
            s.complete("ipcalc --no", 11).matches,
            ["--nobinary", "--nocolor"]
        );
        assert_eq!(s.complete("subnet sp", 9).matches, ["split"]);
        assert_eq!(
            s.complete("subnet split 10.0.0.0/8 --c", 27).matches,
            ["--count"]
        );
    }
}

#[cfg(test)]
mod session_tests {
    use crate::shell::{Emit, Session};

    #[test]
    fn a_cell_gets_exact_text_and_rich_views_and_pipes_stay_plain() {
        let mut s = Session::new();
        let mut out: Vec<Emit> = Vec::new();
        let r = s.execute("ipcalc 211.168.83.0/24 255.255.255.224", &mut out);
        assert_eq!(r.status, 0);
        let bundle = out
            .iter()
            .find_map(|e| match e {
                Emit::Result(b) => Some(b.clone()),
                _ => None,
            })
            .expect("execute_result");
        assert!(bundle.text().ends_with("Subnets:   8\nHosts:     240\n"));
        assert!(bundle.get("text/html").is_some() && bundle.get("image/svg+xml").is_some());

        let mut out: Vec<Emit> = Vec::new();
        s.execute("subnet split 10.0.0.0/8 --prefix 30 | tail -n 1", &mut out);
        let text: String = out
            .iter()
            .filter_map(|e| match e {
                Emit::Stdout(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            text,
            "4194304 subnets of /30 (255.255.255.252), 2 usable hosts each, 22 bits borrowed from 10.0.0.0/8\n"
        );

        let mut out: Vec<Emit> = Vec::new();
        let r = s.execute("ipcalc 10.0.0.1/33", &mut out);
        assert!(r.error.is_some(), "a bad mask fails the cell");
    }
}

#[cfg(test)]
mod robustness {
    use super::tests_support::run_words;

    const POOL: &[&str] = &[
        "-s",
        "-b",
        "-n",
        "-c",
        "-r",
        "--class",
        "-v",
        "--help",
        "-h",
        "-x",
        "-",
        "--",
        "0",
        "1",
        "2",
        "50",
        "300",
        "99999999999999999999",
        "4294967295",
        "10.0.0.1",
        "10.0.0.1/8",
        "0.0.0.0/0",
        "255.255.255.255/32",
        "1.2.3.4/31",
        "/24",
        "24",
        "33",
        "0.0.0.0",
        "255.255.255.0",
        "0.0.0.255",
        "255.0.255.0",
        "ffffff00",
        "0xffffff00",
        "::",
        "::1/200",
        "1::2::3",
        "fe80::1/64",
        "a-b",
        "1.2.3.4-1.2.3.9",
        "1.2.3.4/",
        "/",
        "x",
        "",
    ];

    proptest::proptest! {
        #[test]
        fn ipcalc_never_panics_and_always_exits_zero(
            picks in proptest::collection::vec(0usize..POOL.len(), 0..6)
        ) {
            let words: Vec<&str> = picks.iter().map(|&i| POOL[i]).collect();
            let mut argv = vec!["ipcalc"];
            argv.extend(words);
            let out = run_words(&argv);
            proptest::prop_assert_eq!(out.status, 0);
        }

        #[test]
        fn subnet_never_panics(
            picks in proptest::collection::vec(0usize..POOL.len(), 0..6),
            sub in 0usize..5,
        ) {
            let mut argv = vec!["subnet", ["split", "info", "summarize", "contains", "overlaps"][sub]];
            argv.extend(picks.iter().map(|&i| POOL[i]));
            argv.extend(["--count", "3"]);
            let _ = run_words(&argv);
        }
    }
}

#[cfg(test)]
mod tests_support {
    use super::super::{run_argv, CmdOutput, Ctx};
    use crate::sim::World;
    use std::sync::atomic::AtomicBool;

    pub fn run_words(argv: &[&str]) -> CmdOutput {
        let mut w = World::new();
        let flag = AtomicBool::new(false);
        let mut ctx = Ctx {
            world: &mut w,
            netns: None,
            stdin: None,
            interrupt: &flag,
            live: None,
        };
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        run_argv(&mut ctx, &argv)
    }
}
