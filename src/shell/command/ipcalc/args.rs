//! ipcalc's command line: options, and addresses and masks in every form
//! it accepts (dotted, hex, integer, IPv6), with its Perl-era warnings.

use super::*;
use crate::sim::addr;
use core::net::Ipv4Addr;

/// `ipcalc` with no arguments: its usage text, verbatim.
pub(crate) const USAGE: &str = r#"Usage: ipcalc [options] <ADDRESS>[[/]<NETMASK>] [NETMASK]

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
pub(crate) const HELP: &str = r#"    
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
pub(crate) struct IpcalcOpts {
    pub(crate) help: bool,
    pub(crate) version: bool,
    pub(crate) binary: bool,
    pub(crate) only_class: bool,
    pub(crate) deaggregate: bool,
    pub(crate) split: bool,
    pub(crate) split_sizes: Vec<u64>,
    pub(crate) colour: bool,
    pub(crate) html: bool,
    pub(crate) arguments: Vec<String>,
}

/// ipcalc's `getopts`: while any word left starts with `-`, take the next
/// word; options may be bundled (`-bn`); `-s` takes the numbers that follow.
/// Then operands are split at `/` (address and mask) or `-` (a range).
pub(crate) fn ipcalc_getopts(args: &[String]) -> Result<IpcalcOpts, String> {
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

pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A parsed ipcalc operand (`argton`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Num {
    V4(u32),
    V6(u128),
}

/// ipcalc's `argton` with its side effects: it may switch to IPv6 mode and
/// prints `WILDCARD` / `INVALID NETMASK` itself.
pub(crate) struct Argton {
    pub(crate) ipv6: bool,
    pub(crate) printed: String,
}

impl Argton {
    pub(crate) fn parse(&mut self, arg: &str, netmask: bool) -> Option<Num> {
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

    pub(crate) fn validate_netmask(&mut self, mut mask: u32) -> Option<u32> {
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
pub(crate) fn ip6ton(arg: &str) -> Option<u128> {
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
pub(crate) fn address_arg(
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

pub(crate) fn perl_uninitialized(line: u32, index: usize) -> String {
    format!(
        "Use of uninitialized value $ARGV[{index}] in concatenation (.) or string at /usr/bin/ipcalc line {line}.\n"
    )
}

/// Output that the real tool prints with exit status 0, but which is a
/// learner's mistake: keep stdout exact, fail the cell, hint on stderr.
pub(crate) fn ipcalc_mistake(stdout: String, stderr: String, hint: &str) -> CmdOutput {
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
