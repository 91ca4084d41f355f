//! ip's global options and objects, as iproute2 6.1's `ip.c` reads them.
//!
//! iproute2 does not use getopt: `main()` walks argv while a word starts
//! with `-`, drops one dash of a `--name`, and tries each option in a fixed
//! order with `matches()` (the word is a non-empty prefix of the name), so
//! the first option in that order wins an abbreviation (`-h` is
//! `-human`, not `-help`; `-b` is `-batch`, `-br` `-brief`). The table
//! below keeps that order and records, per option, the shortest prefix
//! that reaches it. The object after the options is chosen the same way
//! from iproute2's object table (`ip n` is `neighbor`, `ip s` is `sr`).

/// What a global option sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptKey {
    Loops,
    Family,
    Inet,
    Inet6,
    Packet,
    Mpls,
    Bridge,
    Human,
    Iec,
    Stats,
    Details,
    Resolve,
    Oneline,
    Timestamp,
    TShort,
    Version,
    Force,
    Batch,
    Brief,
    Json,
    Pretty,
    Rcvbuf,
    Color,
    Help,
    Netns,
    Numeric,
    All,
    Echo,
}

/// One global option: its full name (with its dash), the shortest prefix
/// iproute2 accepts for it (`name.len()`: the exact word only), and
/// whether it takes the next word as its value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GlobalOpt<K> {
    pub name: &'static str,
    pub min: usize,
    pub value: bool,
    /// `-color[=WHEN]`: the word may carry `=WHEN` (color.c's matches_color).
    pub when: bool,
    pub key: K,
}

/// An option of the table.
pub(crate) const fn opt<K>(name: &'static str, min: usize, value: bool, key: K) -> GlobalOpt<K> {
    GlobalOpt {
        name,
        min,
        value,
        when: false,
        key,
    }
}

/// `-color[=WHEN]`.
pub(crate) const fn color<K>(min: usize, key: K) -> GlobalOpt<K> {
    GlobalOpt {
        name: "-color",
        min,
        value: false,
        when: true,
        key,
    }
}

/// ip.c's options in the order `main()` tries them.
pub(crate) static OPTIONS: &[GlobalOpt<OptKey>] = &[
    opt("-loops", 1, true, OptKey::Loops),
    opt("-family", 2, true, OptKey::Family),
    opt("-4", 2, false, OptKey::Inet),
    opt("-6", 2, false, OptKey::Inet6),
    opt("-0", 2, false, OptKey::Packet),
    opt("-M", 2, false, OptKey::Mpls),
    opt("-B", 2, false, OptKey::Bridge),
    opt("-human", 2, false, OptKey::Human),
    opt("-human-readable", 2, false, OptKey::Human),
    opt("-iec", 2, false, OptKey::Iec),
    opt("-stats", 2, false, OptKey::Stats),
    opt("-statistics", 2, false, OptKey::Stats),
    opt("-details", 2, false, OptKey::Details),
    opt("-resolve", 2, false, OptKey::Resolve),
    opt("-oneline", 2, false, OptKey::Oneline),
    opt("-timestamp", 2, false, OptKey::Timestamp),
    opt("-tshort", 3, false, OptKey::TShort),
    opt("-Version", 2, false, OptKey::Version),
    opt("-force", 3, false, OptKey::Force),
    opt("-batch", 2, true, OptKey::Batch),
    opt("-brief", 3, false, OptKey::Brief),
    opt("-json", 2, false, OptKey::Json),
    opt("-pretty", 2, false, OptKey::Pretty),
    opt("-rcvbuf", 3, true, OptKey::Rcvbuf),
    // `-c[olor][=always|auto|never]` (color.c's matches_color).
    color(2, OptKey::Color),
    opt("-help", 3, false, OptKey::Help),
    opt("-netns", 2, true, OptKey::Netns),
    opt("-Numeric", 2, false, OptKey::Numeric),
    opt("-all", 2, false, OptKey::All),
    opt("-echo", 5, false, OptKey::Echo),
];

/// iproute2's `matches()`: `word` is a non-empty prefix of `full`.
pub(crate) fn matches(word: &str, full: &str) -> bool {
    !word.is_empty() && full.starts_with(word)
}

/// The option of ip's table a word (one dash already dropped from
/// `--name`) names, and a `=WHEN` it carries.
pub(crate) fn find_option(word: &str) -> Option<(&'static GlobalOpt<OptKey>, Option<&str>)> {
    find_in(OPTIONS, word)
}

/// The first option of a table (in the order the tool tries them) that
/// a word abbreviates.
pub(crate) fn find_in<'t, 'w, K>(
    table: &'t [GlobalOpt<K>],
    word: &'w str,
) -> Option<(&'t GlobalOpt<K>, Option<&'w str>)> {
    table.iter().find_map(|o| {
        let (base, when) = match word.split_once('=') {
            Some((b, w)) if o.when => (b, Some(w)),
            _ => (word, None),
        };
        (base.len() >= o.min && matches(base, o.name)).then_some((o, when))
    })
}

/// `-family NAME` (utils.c's read_family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Family {
    #[default]
    Unspec,
    Inet,
    Inet6,
    /// AF_PACKET: `-0`, `-f link`.
    Packet,
    Mpls,
    Bridge,
    Ipx,
}

impl Family {
    fn read(name: &str) -> Family {
        match name {
            "inet" => Family::Inet,
            "inet6" => Family::Inet6,
            "link" => Family::Packet,
            "ipx" => Family::Ipx,
            "mpls" => Family::Mpls,
            "bridge" => Family::Bridge,
            _ => Family::Unspec,
        }
    }
}

/// `-color[=WHEN]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum ColorWhen {
    #[default]
    Never,
    Auto,
    Always,
}

/// ip's global options, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IpOpts {
    pub family: Family,
    pub loops: Option<i64>,
    pub human: u8,
    pub iec: u8,
    pub stats: u8,
    pub details: u8,
    pub resolve: u8,
    pub oneline: u8,
    pub timestamp: u8,
    pub tshort: u8,
    pub force: u8,
    pub batch: Option<String>,
    pub brief: u8,
    pub json: u8,
    pub pretty: u8,
    pub rcvbuf: Option<u32>,
    pub color: ColorWhen,
    /// Each `-n NAME` in order (iproute2 switches at each; the last wins).
    pub netns: Vec<String>,
    pub numeric: u8,
    pub all: bool,
    pub echo: u8,
}

/// Where option parsing stopped before the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// `-V`: the version line, exit 0.
    Version,
    /// `-help`, `-family help`, a value missing: the usage, exit 255.
    Usage,
    /// `-n` as the last word: netns_switch(NULL).
    NetnsMissing,
    /// `Option "-x" is unknown, try "ip -help".`
    Unknown(String),
    /// `-family NAME` with a family iproute2 does not know.
    BadFamily(String),
    /// `-rcvbuf SIZE` that is no number.
    BadRcvbuf(String),
}

/// The options, the index of the first word after them, and what stopped
/// the walk early (the netns switches before it still apply first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub opts: IpOpts,
    pub rest: usize,
    pub stop: Option<Stop>,
}

/// Reads ip's global options from `args` (argv without `ip`).
pub(crate) fn parse(args: &[String]) -> Parsed {
    let mut o = IpOpts::default();
    let mut i = 0;
    let stop = loop {
        let Some(arg) = args.get(i) else { break None };
        if arg == "--" {
            i += 1;
            break None;
        }
        if !arg.starts_with('-') {
            break None;
        }
        let word = if arg.as_bytes().get(1) == Some(&b'-') {
            &arg[1..]
        } else {
            arg.as_str()
        };
        let Some((opt, when)) = find_option(word) else {
            break Some(Stop::Unknown(word.to_string()));
        };
        let value = if opt.value {
            i += 1;
            match args.get(i) {
                Some(v) => Some(v.as_str()),
                None if opt.key == OptKey::Netns => break Some(Stop::NetnsMissing),
                None => break Some(Stop::Usage),
            }
        } else {
            None
        };
        let v = value.unwrap_or("");
        match opt.key {
            OptKey::Loops => o.loops = Some(atoi(v)),
            OptKey::Family => {
                if v == "help" {
                    break Some(Stop::Usage);
                }
                o.family = Family::read(v);
                if o.family == Family::Unspec {
                    break Some(Stop::BadFamily(v.to_string()));
                }
            }
            OptKey::Inet => o.family = Family::Inet,
            OptKey::Inet6 => o.family = Family::Inet6,
            OptKey::Packet => o.family = Family::Packet,
            OptKey::Mpls => o.family = Family::Mpls,
            OptKey::Bridge => o.family = Family::Bridge,
            OptKey::Human => o.human += 1,
            OptKey::Iec => o.iec += 1,
            OptKey::Stats => o.stats = o.stats.saturating_add(1),
            OptKey::Details => o.details += 1,
            OptKey::Resolve => o.resolve += 1,
            OptKey::Oneline => o.oneline += 1,
            OptKey::Timestamp => o.timestamp += 1,
            OptKey::TShort => {
                o.timestamp += 1;
                o.tshort += 1;
            }
            OptKey::Version => break Some(Stop::Version),
            OptKey::Force => o.force += 1,
            OptKey::Batch => o.batch = Some(v.to_string()),
            OptKey::Brief => o.brief += 1,
            OptKey::Json => o.json += 1,
            OptKey::Pretty => o.pretty += 1,
            OptKey::Rcvbuf => match parse_unsigned(v) {
                Some(n) => o.rcvbuf = Some(n),
                None => break Some(Stop::BadRcvbuf(v.to_string())),
            },
            OptKey::Color => {
                o.color = match when {
                    None | Some("") | Some("always") => ColorWhen::Always,
                    Some("auto") => ColorWhen::Auto,
                    Some("never") => ColorWhen::Never,
                    Some(_) => break Some(Stop::Unknown(word.to_string())),
                }
            }
            OptKey::Help => break Some(Stop::Usage),
            OptKey::Netns => o.netns.push(v.to_string()),
            OptKey::Numeric => o.numeric += 1,
            OptKey::All => o.all = true,
            OptKey::Echo => o.echo += 1,
        }
        i += 1;
    };
    Parsed {
        opts: o,
        rest: i,
        stop,
    }
}

/// C's `atoi`: leading blanks, a sign, digits; anything else ends it.
fn atoi(s: &str) -> i64 {
    let s = s.trim_start();
    let (neg, d) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let n = d.bytes().take_while(u8::is_ascii_digit).fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    if neg {
        -n
    } else {
        n
    }
}

/// utils.c's get_unsigned with base 0 (decimal, `0x` hex, `0` octal).
pub(crate) fn parse_unsigned(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    u32::from_str_radix(digits, radix).ok()
}

/// The objects ip handles; the others iproute2 has are named but not
/// simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Object {
    Address,
    Route,
    Neigh,
    Link,
    Netns,
    Rule,
    Help,
    /// An object of iproute2's that netbook does not simulate.
    Other(&'static str),
}

/// ip.c's `cmds[]`, in order: the first whose name the word abbreviates wins.
static OBJECTS: &[(&str, Object)] = &[
    ("address", Object::Address),
    ("addrlabel", Object::Other("addrlabel")),
    ("maddress", Object::Other("maddress")),
    ("route", Object::Route),
    ("rule", Object::Rule),
    ("neighbor", Object::Neigh),
    ("neighbour", Object::Neigh),
    ("ntable", Object::Other("ntable")),
    ("ntbl", Object::Other("ntable")),
    ("link", Object::Link),
    ("l2tp", Object::Other("l2tp")),
    ("fou", Object::Other("fou")),
    ("ila", Object::Other("ila")),
    ("macsec", Object::Other("macsec")),
    ("tunnel", Object::Other("tunnel")),
    ("tunl", Object::Other("tunnel")),
    ("tuntap", Object::Other("tuntap")),
    ("tap", Object::Other("tuntap")),
    ("token", Object::Other("token")),
    ("tcpmetrics", Object::Other("tcpmetrics")),
    ("tcp_metrics", Object::Other("tcpmetrics")),
    ("monitor", Object::Other("monitor")),
    ("xfrm", Object::Other("xfrm")),
    ("mroute", Object::Other("mroute")),
    ("mrule", Object::Other("mrule")),
    ("netns", Object::Netns),
    ("netconf", Object::Other("netconf")),
    ("vrf", Object::Other("vrf")),
    ("sr", Object::Other("sr")),
    ("nexthop", Object::Other("nexthop")),
    ("mptcp", Object::Other("mptcp")),
    ("ioam", Object::Other("ioam")),
    ("help", Object::Help),
    ("stats", Object::Other("stats")),
];

/// The object a word names, by iproute2's abbreviation rule.
pub(crate) fn find_object(word: &str) -> Option<Object> {
    OBJECTS
        .iter()
        .find(|(name, _)| matches(word, name))
        .map(|&(_, o)| o)
}

/// The full names of the objects netbook simulates (for completion).
pub(crate) const SIMULATED: &[&str] = &["address", "link", "route", "neigh", "netns", "help"];

/// One entry of a command table: the word, whether only the exact word
/// counts (`chg`, `lst`), and what it selects.
pub(crate) type Keyword<C> = (&'static str, bool, C);

/// The first entry of an iproute2 command table the word selects.
pub(crate) fn keyword<C: Copy>(word: &str, table: &[Keyword<C>]) -> Option<C> {
    table
        .iter()
        .find(|(name, exact, _)| {
            if *exact {
                word == *name
            } else {
                matches(word, name)
            }
        })
        .map(|&(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::super::super::args::words;
    use super::*;

    fn p(line: &str) -> Parsed {
        parse(&words(line))
    }

    #[test]
    fn each_prefix_reaches_the_option_ip_c_tries_first() {
        // The minimum prefixes agree with trying the options in order.
        for o in OPTIONS {
            for len in 2..=o.name.len() {
                let word = &o.name[..len];
                let first = OPTIONS.iter().find(|x| matches(word, x.name)).unwrap();
                let got = find_option(word).map(|(g, _)| g.key);
                if len >= o.min {
                    assert_eq!(got, Some(first.key), "{word}");
                    assert_eq!(first.key, o.key, "{word} reaches {:?}", first.key);
                }
            }
        }
        for (word, key) in [
            ("-h", Some(OptKey::Human)),
            ("-he", Some(OptKey::Help)),
            ("-b", Some(OptKey::Batch)),
            ("-br", Some(OptKey::Brief)),
            ("-f", Some(OptKey::Family)),
            ("-fo", Some(OptKey::Force)),
            ("-r", Some(OptKey::Resolve)),
            ("-rc", Some(OptKey::Rcvbuf)),
            ("-", Some(OptKey::Loops)),
            ("-e", None),
            ("-colour", None),
            ("-4x", None),
        ] {
            assert_eq!(find_option(word).map(|(o, _)| o.key), key, "{word}");
        }
    }

    #[test]
    fn options_parse_into_ip_opts() {
        let r = p("-4 --brief -s -stat -n a -c=never link");
        assert_eq!(r.stop, None);
        assert_eq!(r.rest, 7);
        assert_eq!(r.opts.family, Family::Inet);
        assert_eq!(r.opts.brief, 1);
        assert_eq!(r.opts.stats, 2);
        assert_eq!(r.opts.netns, vec!["a".to_string()]);
        assert_eq!(r.opts.color, ColorWhen::Never);
        assert_eq!(p("-- -4").rest, 1);
        assert_eq!(p("-x").stop, Some(Stop::Unknown("-x".into())));
        assert_eq!(p("--x").stop, Some(Stop::Unknown("-x".into())));
        assert_eq!(p("---x").stop, Some(Stop::Unknown("--x".into())));
        assert_eq!(p("-c=foo").stop, Some(Stop::Unknown("-c=foo".into())));
        assert_eq!(p("-n").stop, Some(Stop::NetnsMissing));
        assert_eq!(p("-b").stop, Some(Stop::Usage));
        assert_eq!(p("-f foo").stop, Some(Stop::BadFamily("foo".into())));
        assert_eq!(p("-f link").opts.family, Family::Packet);
        assert_eq!(p("-rc x").stop, Some(Stop::BadRcvbuf("x".into())));
        assert_eq!(p("-Ve").stop, Some(Stop::Version));
    }

    #[test]
    fn objects_follow_iproute2s_table_order() {
        for (word, object) in [
            ("a", Some(Object::Address)),
            ("r", Some(Object::Route)),
            ("ru", Some(Object::Rule)),
            ("n", Some(Object::Neigh)),
            ("net", Some(Object::Netns)),
            ("l", Some(Object::Link)),
            ("s", Some(Object::Other("sr"))),
            ("h", Some(Object::Help)),
            ("", None),
            ("foo", None),
        ] {
            assert_eq!(find_object(word), object, "{word:?}");
        }
    }
}
