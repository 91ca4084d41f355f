//! net-tools 2.10 `route`'s command line: getopt_long's options, then
//! `add|del|flush` and inet_sr.c's words (`-net`/`-host`, `netmask`,
//! `gw`, `metric`, `dev`, `reject`) as a typed [`RouteCmd`] and [`RouteWords`].
//!
//! route rewrites `-net` and `-host` to `#net` and `#host` before getopt
//! sees them, so they are operands, not option clusters.

use super::super::args::{self, ArgError, Form, Item, Opt};
use core::net::Ipv4Addr;

/// route(8)'s own usage (`route -h`; on stderr after a bad action).
pub const ROUTE_USAGE: &str = "\
Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables
       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.

       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.
       route {-V|--version}                  Display version/author and exit.

        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -e, --extend             display other/more information
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB

  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
";

/// print_aflist(1): always on stderr, after either usage.
pub const AF_LIST: &str = "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

/// inet_sr.c's usage, for a mistake in the words after `add|del`.
pub const INET_USAGE: &str = "\
Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]
       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]
                              [netmask N] [mss Mss] [window W] [irtt I]
                              [mod] [dyn] [reinstate] [[dev] If]
       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject
       inet_route [-FC] flush      NOT supported
";

/// `route -V`.
pub const VERSION: &str = "net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Extend,
    Verbose,
    Version,
    Numeric,
    Cache,
    Fib,
    Help,
    Inet,
    Family,
}

/// route.c's `A:eCFhnN64Vv?` and its long names (AFTRANS_OPTS first).
const OPTS: &[Opt<Key>] = &[
    Form::long("ax25").refused(),
    Form::long("x25").refused(),
    Opt::long("ip", Key::Inet),
    Form::long("ipx").refused(),
    Form::long("appletalk").refused(),
    Form::long("netrom").refused(),
    Opt::long("inet", Key::Inet),
    Form::long("inet6").refused(),
    Form::long("ddp").refused(),
    Form::long("rose").refused(),
    Form::long("unix").refused(),
    Form::long("bluetooth").refused(),
    Opt::long("tcpip", Key::Inet),
    Opt::flag('e', "extend", Key::Extend),
    Opt::flag('v', "verbose", Key::Verbose),
    Opt::flag('V', "version", Key::Version),
    Opt::flag('n', "numeric", Key::Numeric),
    // -N (symbolic) prints numbers too: net-tools only asks for no names.
    Opt::flag('N', "symbolic", Key::Numeric),
    Opt::with_value('A', "protocol", Key::Family),
    Opt::flag('C', "cache", Key::Cache),
    Opt::flag('F', "fib", Key::Fib),
    Opt::flag('h', "help", Key::Help),
    Opt::short('?', Key::Help),
    Opt::short('4', Key::Inet),
    Form::short('6').refused(),
];

/// What route was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteCmd {
    /// List the tables.
    Show(ShowOpts),
    /// `add`, `del`: one route, or the inet usage when no words follow.
    Edit {
        /// `add` (else `del`).
        add: bool,
        /// The words after the action, `#net`/`#host` included.
        words: Vec<String>,
        /// `-C`: the cache is not editable.
        cache: bool,
    },
    /// `flush`: net-tools refuses it for inet.
    Flush,
    /// `-h` (or a getopt mistake): stdout usage, status 0; with an
    /// address family, inet's usage.
    Help {
        /// getopt's complaint (on stderr first), if that is why.
        complaint: Option<String>,
        /// An `-A`/`--inet` was given: inet_sr.c's usage instead.
        inet: bool,
    },
    /// `-V`.
    Version,
    /// An action route does not know: usage on stderr, status 3.
    BadAction,
    /// `-A foo`: route names it and exits 1.
    UnknownFamily(String),
    /// A real option netbook does not simulate.
    NotSimulated(String),
}

/// The listing options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShowOpts {
    /// `-n`/`-N`.
    pub numeric: bool,
    /// The layout: 1 plain, 2 `-e`, 3 `-ee`, 0 (`-eee`) header only.
    pub ext: u8,
    /// `-F` or neither.
    pub fib: bool,
    /// `-C`.
    pub cache: bool,
    /// How many times inet was named (each prints the tables again).
    pub times: usize,
}

/// Parses route's argv.
pub fn parse(argv: &[String]) -> RouteCmd {
    let argv: Vec<String> = argv
        .iter()
        .map(|a| match a.as_str() {
            "-net" => "#net".to_string(),
            "-host" => "#host".to_string(),
            _ => a.clone(),
        })
        .collect();
    let items = match args::parse(OPTS, &argv) {
        Ok(items) => items,
        Err(ArgError::NotSimulated(o)) => return RouteCmd::NotSimulated(o),
        // getopt returns '?', which route treats as -h.
        Err(e) => {
            return RouteCmd::Help {
                complaint: Some(e.message("route")),
                inet: false,
            }
        }
    };
    let (mut e, mut numeric, mut help, mut fib, mut cache) = (1u8, false, false, false, false);
    let mut families = 0;
    let mut words = Vec::new();
    for item in items {
        match item {
            Item::Flag(Key::Extend) => e = e.wrapping_add(1),
            Item::Flag(Key::Numeric) => numeric = true,
            Item::Flag(Key::Verbose) => {}
            Item::Flag(Key::Version) => return RouteCmd::Version,
            Item::Flag(Key::Cache) => cache = true,
            Item::Flag(Key::Fib) => fib = true,
            Item::Flag(Key::Help) => help = true,
            Item::Flag(Key::Inet) => families += 1,
            Item::Value(_, af) => {
                // aftrans_opt: a comma-separated list of names.
                for name in af.split(',') {
                    match name {
                        "inet" | "ip" | "tcpip" => families += 1,
                        "inet6" | "ax25" | "x25" | "ipx" | "appletalk" | "netrom" | "ddp"
                        | "rose" | "unix" | "bluetooth" => {
                            return RouteCmd::NotSimulated(format!("-A {name}"))
                        }
                        _ => return RouteCmd::UnknownFamily(name.to_string()),
                    }
                }
            }
            Item::Flag(Key::Family) => {}
            Item::Operand(w) => words.push(w),
        }
    }
    if help {
        return RouteCmd::Help {
            complaint: None,
            inet: families > 0,
        };
    }
    let Some((action, rest)) = words.split_first() else {
        return RouteCmd::Show(ShowOpts {
            numeric,
            ext: e & 3,
            fib: fib || !cache,
            cache,
            times: families.max(1),
        });
    };
    match action.as_str() {
        "add" | "del" | "delete" => RouteCmd::Edit {
            add: action == "add",
            words: rest.to_vec(),
            cache,
        },
        "flush" => RouteCmd::Flush,
        _ => RouteCmd::BadAction,
    }
}

/// What kind of target `-net`/`-host` (or its absence) made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `-net`.
    Net,
    /// `-host`.
    Host,
    /// Neither: a network name or `default` is a net, an address a host.
    Guess,
}

/// The words of one `route add|del`, before any name is resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteWords {
    /// `-net`, `-host` or neither.
    pub target_kind: Option<Target>,
    /// The target as written, without `/prefix`.
    pub target: String,
    /// The mask from `/prefix` or `netmask`, and how it was written.
    pub mask: Option<(u32, String)>,
    /// `gw`/`gateway`, as written.
    pub gw: Option<String>,
    /// `netmask` as written (resolved later: it may be `default`).
    pub netmask: Option<String>,
    /// `metric N`: rt_metric as the ioctl carries it (N + 1, a C short).
    pub metric: Option<i16>,
    /// `reject`.
    pub reject: bool,
    /// `dev`/`device`, or the bare last word.
    pub dev: Option<String>,
    /// A metric word netbook does not simulate (`mss`, `window`, `irtt`).
    pub unsimulated: Option<&'static str>,
}

/// A mistake inet_sr.c answers with its usage (status 3), perhaps after
/// a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misuse(pub Option<String>);

/// getmask's `/prefix`: strtoul base 0, then x86's shift of `~0 >> n`
/// (the count taken mod 32, so `/32` makes an empty mask).
pub(super) fn prefix_mask(s: &str) -> Option<u32> {
    let n = parse_c_ulong(s)?;
    Some(!(u32::MAX >> (n as u32 & 31)))
}

/// strtoul(s, &end, 0) that must consume everything.
fn parse_c_ulong(s: &str) -> Option<u64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        u64::from_str_radix(&body[1..], 8).ok()?
    } else if body.is_empty() {
        // strtoul reads nothing and end stays at the start: "" is 0.
        0
    } else {
        body.parse().ok()?
    };
    Some(if neg { v.wrapping_neg() } else { v })
}

/// C's atoi: leading blanks and sign, then digits, wrapping like the
/// long it returns through an int.
pub(super) fn atoi(s: &str) -> i32 {
    let s = s.trim_start();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let mut v: i64 = 0;
    for c in body.chars().take_while(char::is_ascii_digit) {
        v = v.wrapping_mul(10).wrapping_add(i64::from(c as u8 - b'0'));
    }
    (if neg { v.wrapping_neg() } else { v }) as i32
}

/// INET_setroute's loop over the words.
pub fn parse_words(words: &[String]) -> Result<RouteWords, Misuse> {
    let mut w = RouteWords::default();
    let mut it = words.iter().peekable();
    w.target_kind = match it.peek().map(|s| s.as_str()) {
        Some("#net") => Some(Target::Net),
        Some("#host") => Some(Target::Host),
        _ => Some(Target::Guess),
    };
    if w.target_kind != Some(Target::Guess) {
        it.next();
    }
    let target = it.next().ok_or(Misuse(None))?;
    match target.split_once('/') {
        Some((t, p)) => {
            let m = prefix_mask(p).ok_or(Misuse(None))?;
            w.target = t.to_string();
            if m != 0 {
                w.mask = Some((m, format!("/{}", parse_c_ulong(p).unwrap_or(0) as i32)));
            }
        }
        None => w.target = target.clone(),
    }
    while let Some(word) = it.next() {
        match word.as_str() {
            "metric" => {
                let v = it
                    .next()
                    .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
                    .ok_or(Misuse(None))?;
                w.metric = Some(atoi(v).wrapping_add(1) as i16);
            }
            "netmask" => {
                let v = it.next().ok_or(Misuse(None))?;
                if w.mask.is_some() || w.netmask.is_some() {
                    return Err(Misuse(None));
                }
                w.netmask = Some(v.clone());
            }
            "gw" | "gateway" => {
                let v = it.next().ok_or(Misuse(None))?;
                if w.gw.is_some() {
                    return Err(Misuse(None));
                }
                w.gw = Some(v.clone());
            }
            "mss" | "mtu" | "window" | "irtt" => {
                it.next().ok_or(Misuse(None))?;
                w.unsimulated.get_or_insert(match word.as_str() {
                    "window" => "window",
                    "irtt" => "irtt",
                    _ => "mss",
                });
            }
            "reject" => w.reject = true,
            // Flags the kernel's ioctl ignores.
            "mod" | "dyn" | "reinstate" => {}
            "device" | "dev" => {
                let v = it.next().ok_or(Misuse(None))?;
                if w.dev.is_some() {
                    return Err(Misuse(None));
                }
                w.dev = Some(v.clone());
            }
            // A bare word is the device, and must be the last word.
            _ => {
                if w.dev.is_some() || it.peek().is_some() {
                    return Err(Misuse(None));
                }
                w.dev = Some(word.clone());
            }
        }
    }
    Ok(w)
}

/// The sanity checks inet_sr.c makes on a mask before the ioctl.
pub fn check_mask(dst: Ipv4Addr, mask: u32, host: bool, written: &str) -> Result<(), Misuse> {
    let inv = !mask;
    if host && inv != 0 {
        return Err(Misuse(Some(format!(
            "route: netmask {inv:08x} doesn't make sense with host route\n"
        ))));
    }
    if inv & inv.wrapping_add(1) != 0 {
        return Err(Misuse(Some(format!("route: bogus netmask {written}\n"))));
    }
    if u32::from(dst) & inv != 0 {
        return Err(Misuse(Some(
            "route: netmask doesn't match route address\n".into(),
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::super::args::words;
    use super::*;

    #[test]
    fn options_and_actions() {
        let show = |s: &str| match parse(&words(s)) {
            RouteCmd::Show(o) => o,
            other => panic!("{other:?}"),
        };
        assert_eq!(show("-n").ext, 1);
        assert!(show("-n").numeric && show("-N").numeric && !show("-e").numeric);
        assert_eq!(show("-ee").ext, 3);
        assert_eq!(show("-eee").ext, 0);
        assert!(show("-C").cache && !show("-C").fib);
        assert!(show("-CF").fib);
        assert_eq!(show("-A inet -4").times, 2);
        assert_eq!(parse(&words("bogus")), RouteCmd::BadAction);
        assert_eq!(
            parse(&words("-6")),
            RouteCmd::NotSimulated("-6".to_string())
        );
        assert_eq!(
            parse(&words("-A foo")),
            RouteCmd::UnknownFamily("foo".to_string())
        );
        assert_eq!(
            parse(&words("-x")),
            RouteCmd::Help {
                complaint: Some("route: invalid option -- 'x'\n".into()),
                inet: false
            }
        );
        // -net is a word, not -n -e -t.
        match parse(&words("add -net 10.0.0.0/8 dev eth0")) {
            RouteCmd::Edit { add, words, .. } => {
                assert!(add);
                assert_eq!(words[0], "#net");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn words_of_an_edit() {
        let p = |s: &str| parse_words(&words(s));
        let w = p("#net 10.1.0.0/16 gw 10.0.2.9 metric 5 eth0").unwrap();
        assert_eq!(w.target_kind, Some(Target::Net));
        assert_eq!(w.mask, Some((0xffff_0000, "/16".into())));
        assert_eq!(w.metric, Some(6));
        assert_eq!(w.dev.as_deref(), Some("eth0"));
        // /32 shifts by 0 on x86: no mask at all.
        assert_eq!(p("10.1.2.4/32").unwrap().mask, None);
        assert_eq!(p("#net 10.0.0.0 gw a gw b"), Err(Misuse(None)));
        assert_eq!(p("#net 10.0.0.0 eth0 extra"), Err(Misuse(None)));
        assert_eq!(p("#net 10.0.0.0 metric x"), Err(Misuse(None)));
        assert_eq!(p("#net"), Err(Misuse(None)));
        assert_eq!(p("x metric 65535").unwrap().metric, Some(0));
        assert_eq!(p("x mss 1400").unwrap().unsimulated, Some("mss"));
    }

    #[test]
    fn mask_checks_say_what_net_tools_says() {
        let ip = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        assert_eq!(
            check_mask(ip("10.1.0.0"), 0xffff_0000, true, "/16"),
            Err(Misuse(Some(
                "route: netmask 0000ffff doesn't make sense with host route\n".into()
            )))
        );
        assert_eq!(
            check_mask(ip("10.3.0.0"), 0xff00_ff00, false, "255.0.255.0"),
            Err(Misuse(Some("route: bogus netmask 255.0.255.0\n".into())))
        );
        assert!(check_mask(ip("10.1.0.1"), 0xffff_0000, false, "/16").is_err());
        assert!(check_mask(ip("10.1.0.0"), 0xffff_0000, false, "/16").is_ok());
    }
}
