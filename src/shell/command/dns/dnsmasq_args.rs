//! dnsmasq 2.90's command line: GNU getopt_long over dnsmasq's own option
//! table, with opterr off, so every mistake reads `bad command line
//! options: try --help`. The options come out in their long spelling
//! (`--name` or `--name=value`), the form dnsmasq's conf-file lines use,
//! which [`DnsmasqConfig`](crate::sim::dns::dnsmasq::DnsmasqConfig) reads.

use crate::shell::command::args::{self, ArgError, Item, Opt};

/// `dnsmasq --help`, word for word.
pub(super) const HELP: &str = include_str!("dnsmasq-help.txt");
/// `dnsmasq --version`, word for word.
pub(super) const VERSION: &str = include_str!("dnsmasq-version.txt");

/// option.c's `opts[]`: long name, getopt's has_arg (0 none, 1 required,
/// 2 optional) and the short letter (`' '`: long only).
#[rustfmt::skip]
const LONG: &[(&str, u8, char)] = &[
    ("version", 0, 'v'), ("no-hosts", 0, 'h'), ("no-poll", 0, 'n'), ("help", 0, 'w'),
    ("no-daemon", 0, 'd'), ("log-queries", 2, 'q'), ("user", 2, 'u'), ("group", 2, 'g'),
    ("resolv-file", 2, 'r'), ("servers-file", 1, ' '), ("mx-host", 1, 'm'),
    ("mx-target", 1, 't'), ("cache-size", 2, 'c'), ("port", 1, 'p'), ("dhcp-leasefile", 2, 'l'),
    ("dhcp-lease", 1, 'l'), ("dhcp-host", 1, 'G'), ("dhcp-range", 1, 'F'),
    ("dhcp-option", 1, 'O'), ("dhcp-boot", 1, 'M'), ("domain", 1, 's'),
    ("domain-suffix", 1, 's'), ("interface", 1, 'i'), ("listen-address", 1, 'a'),
    ("local-service", 2, ' '), ("bogus-priv", 0, 'b'), ("bogus-nxdomain", 1, 'B'),
    ("ignore-address", 1, ' '), ("selfmx", 0, 'e'), ("filterwin2k", 0, 'f'),
    ("filter-A", 0, ' '), ("filter-AAAA", 0, ' '), ("filter-rr", 1, ' '), ("pid-file", 2, 'x'),
    ("strict-order", 0, 'o'), ("server", 1, 'S'), ("rev-server", 1, ' '), ("local", 1, ' '),
    ("address", 1, 'A'), ("conf-file", 2, 'C'), ("conf-script", 1, ' '), ("no-resolv", 0, 'R'),
    ("expand-hosts", 0, 'E'), ("localmx", 0, 'L'), ("local-ttl", 1, 'T'),
    ("no-negcache", 0, 'N'), ("no-round-robin", 0, ' '), ("no-0x20-encode", 0, ' '),
    ("do-0x20-encode", 0, ' '), ("cache-rr", 1, ' '), ("addn-hosts", 1, 'H'),
    ("hostsdir", 1, ' '), ("query-port", 1, 'Q'), ("except-interface", 1, 'I'),
    ("no-dhcp-interface", 1, '2'), ("no-dhcpv4-interface", 1, ' '),
    ("no-dhcpv6-interface", 1, ' '), ("domain-needed", 0, 'D'), ("dhcp-lease-max", 1, 'X'),
    ("bind-interfaces", 0, 'z'), ("read-ethers", 0, 'Z'), ("alias", 1, 'V'),
    ("dhcp-vendorclass", 1, 'U'), ("dhcp-userclass", 1, 'j'), ("dhcp-ignore", 1, 'J'),
    ("edns-packet-max", 1, 'P'), ("keep-in-foreground", 0, 'k'), ("dhcp-authoritative", 0, 'K'),
    ("srv-host", 1, 'W'), ("localise-queries", 0, 'y'), ("txt-record", 1, 'Y'),
    ("dns-rr", 1, ' '), ("enable-dbus", 2, '1'), ("enable-ubus", 2, ' '),
    ("bootp-dynamic", 2, '3'), ("dhcp-mac", 1, '4'), ("no-ping", 0, '5'),
    ("dhcp-script", 1, '6'), ("conf-dir", 1, '7'), ("leasefile-ro", 0, '9'),
    ("script-on-renewal", 0, ' '), ("dns-forward-max", 1, '0'), ("clear-on-reload", 0, ' '),
    ("dhcp-ignore-names", 2, ' '), ("enable-tftp", 2, ' '), ("tftp-secure", 0, ' '),
    ("tftp-no-fail", 0, ' '), ("tftp-unique-root", 2, ' '), ("tftp-root", 1, ' '),
    ("tftp-max", 1, ' '), ("tftp-mtu", 1, ' '), ("tftp-lowercase", 0, ' '),
    ("tftp-single-port", 0, ' '), ("ptr-record", 1, ' '), ("naptr-record", 1, ' '),
    ("shared-network", 1, ' '), ("dhcp-option-force", 1, ' '), ("dhcp-option-pxe", 1, ' '),
    ("tftp-no-blocksize", 0, ' '), ("log-dhcp", 0, ' '), ("log-async", 2, ' '),
    ("dhcp-circuitid", 1, ' '), ("dhcp-remoteid", 1, ' '), ("dhcp-subscrid", 1, ' '),
    ("dhcp-pxe-vendor", 1, ' '), ("interface-name", 1, ' '), ("dhcp-hostsfile", 1, ' '),
    ("dhcp-optsfile", 1, ' '), ("dhcp-hostsdir", 1, ' '), ("dhcp-optsdir", 1, ' '),
    ("dhcp-no-override", 0, ' '), ("tftp-port-range", 1, ' '), ("stop-dns-rebind", 0, ' '),
    ("rebind-domain-ok", 1, ' '), ("all-servers", 0, ' '), ("dhcp-match", 1, ' '),
    ("dhcp-name-match", 1, ' '), ("dhcp-broadcast", 2, ' '), ("neg-ttl", 1, ' '),
    ("max-ttl", 1, ' '), ("min-cache-ttl", 1, ' '), ("max-cache-ttl", 1, ' '),
    ("dhcp-alternate-port", 2, ' '), ("dhcp-scriptuser", 1, ' '), ("min-port", 1, ' '),
    ("max-port", 1, ' '), ("dhcp-fqdn", 0, ' '), ("cname", 1, ' '), ("pxe-prompt", 1, ' '),
    ("pxe-service", 1, ' '), ("test", 0, ' '), ("tag-if", 1, ' '), ("dhcp-proxy", 2, ' '),
    ("dhcp-generate-names", 2, ' '), ("rebind-localhost-ok", 0, ' '), ("add-mac", 2, ' '),
    ("strip-mac", 0, ' '), ("add-subnet", 2, ' '), ("strip-subnet", 0, ' '),
    ("proxy-dnssec", 0, ' '), ("dhcp-sequential-ip", 0, ' '), ("conntrack", 0, ' '),
    ("dhcp-client-update", 0, ' '), ("dhcp-luascript", 1, ' '), ("enable-ra", 0, ' '),
    ("dhcp-duid", 1, ' '), ("host-record", 1, ' '), ("bind-dynamic", 0, ' '),
    ("auth-zone", 1, ' '), ("auth-server", 1, ' '), ("auth-ttl", 1, ' '), ("auth-soa", 1, ' '),
    ("auth-sec-servers", 1, ' '), ("auth-peer", 1, ' '), ("ipset", 1, ' '), ("nftset", 1, ' '),
    ("connmark-allowlist-enable", 2, ' '), ("connmark-allowlist", 1, ' '),
    ("synth-domain", 1, ' '), ("dnssec", 0, ' '), ("trust-anchor", 1, ' '),
    ("dnssec-debug", 0, ' '), ("dnssec-check-unsigned", 2, ' '), ("dnssec-no-timecheck", 0, ' '),
    ("dnssec-timestamp", 1, ' '), ("dnssec-limits", 1, ' '), ("dhcp-relay", 1, ' '),
    ("dhcp-split-relay", 1, ' '), ("ra-param", 1, ' '), ("quiet-dhcp", 0, ' '),
    ("quiet-dhcp6", 0, ' '), ("quiet-ra", 0, ' '), ("dns-loop-detect", 0, ' '),
    ("script-arp", 0, ' '), ("dhcp-reply-delay", 1, ' '), ("dhcp-rapid-commit", 0, ' '),
    ("dumpfile", 1, ' '), ("dumpmask", 1, ' '), ("dhcp-ignore-clid", 0, ' '),
    ("dynamic-host", 1, ' '), ("log-debug", 0, ' '), ("umbrella", 2, ' '),
    ("quiet-tftp", 0, ' '), ("port-limit", 1, ' '), ("fast-dns-retry", 2, ' '),
    ("no-ident", 0, ' '), ("max-tcp-connections", 1, ' '), ("leasequery", 2, ' '),
];

/// The short letters that take no value (the others need one).
const SHORT_FLAGS: &str = "bdefhknoqvwyzDEKLNRZ159";

/// The options dnsmasq takes once on a command line (usage[]'s
/// `ARG_ONE`); a second is "illegal repeated flag".
#[rustfmt::skip]
const ONCE: &[&str] = &[
    "cache-size", "group", "dhcp-leasefile", "dhcp-lease", "use-stale-cache", "port",
    "edns-packet-max", "query-port", "port-limit", "servers-file", "mx-target", "local-ttl",
    "neg-ttl", "max-ttl", "max-cache-ttl", "min-cache-ttl", "fast-dns-retry", "user",
    "pid-file", "dhcp-lease-max", "enable-dbus", "enable-ubus", "dhcp-script",
    "dhcp-scriptuser", "log-facility", "dns-forward-max", "tftp-max", "tftp-mtu",
    "tftp-port-range", "log-async", "dhcp-alternate-port", "min-port", "max-port",
    "add-subnet", "add-cpe-id", "dhcp-duid", "auth-server", "auth-ttl", "auth-soa",
    "connmark-allowlist-enable", "dnssec-timestamp", "dnssec-limits", "local-service",
    "dhcp-ttl", "dhcp-reply-delay", "dumpfile", "dumpmask",
];

/// Optional-value options that fail without their value.
const NEED_VALUE: &[&str] = &["cache-size", "leasequery"];

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Op {
    Help,
    Version,
    /// Options in their long spelling, in order; `test` is `--test`.
    /// `error` is getopt's complaint about the word after them: dnsmasq
    /// acts on the options before it (a bad value there is reported
    /// first) and fails there.
    Run {
        options: Vec<String>,
        test: bool,
        error: Option<String>,
    },
}

const BAD: &str = "\ndnsmasq: bad command line options: try --help\n";

/// The getopt table built from [`LONG`]: each long name, then each short
/// letter keyed by its first long name.
fn table() -> Vec<Opt<&'static str>> {
    let mut t: Vec<Opt<&'static str>> = LONG
        .iter()
        .map(|&(name, has_arg, _)| match has_arg {
            1 => Opt::long_value(name, name),
            2 => Opt::long_optional(name, name),
            _ => Opt::long(name, name),
        })
        .collect();
    for &(name, _, c) in LONG {
        if c != ' ' && !t.iter().any(|o| o.form.short == Some(c)) {
            t.push(match SHORT_FLAGS.contains(c) {
                true => Opt::short(c, name),
                false => Opt::value(c, name),
            });
        }
    }
    t
}

/// Whether a conf-file line's name is one of dnsmasq's options (conf
/// files take the whole name, never an abbreviation).
pub(super) fn is_option(name: &str) -> bool {
    LONG.iter().any(|o| o.0 == name)
}

/// Reads the command line; `Err` is dnsmasq's message, with its leading
/// blank line.
pub(super) fn parse(argv: &[String]) -> Result<Op, String> {
    let table = table();
    // dnsmasq acts on each option as getopt returns it, so what precedes
    // a bad word counts. A bad word spoils every longer prefix; a missing
    // value only the prefix it ends: search for the first spoiled prefix.
    let spoiled = |k: usize| {
        matches!(
            args::parse(&table, &argv[..k]),
            Err(e) if !matches!(e, ArgError::ShortNeedsValue(_) | ArgError::LongNeedsValue(_))
        )
    };
    let (items, error) = match args::parse(&table, argv) {
        Ok(items) => (items, None),
        Err(_) => {
            let (mut lo, mut hi) = (0, argv.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if spoiled(mid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            let before = lo.saturating_sub(1);
            (
                args::parse(&table, &argv[..before]).unwrap_or_default(),
                Some(BAD.to_string()),
            )
        }
    };
    let mut options = Vec::new();
    let mut test = false;
    let mut junk = false;
    let mut once: Vec<char> = Vec::new();
    // One id per option: its short letter, else its place in the table.
    let id = |name: &str| {
        let k = LONG.iter().position(|o| o.0 == name).unwrap_or_default();
        match LONG[k].2 {
            ' ' => char::from_u32(0xE000 + k as u32).unwrap_or(' '),
            c => c,
        }
    };
    for item in items {
        let name = match &item {
            Item::Flag(n) | Item::Value(n, _) => *n,
            Item::Operand(_) => "",
        };
        if ONCE.contains(&name) {
            if once.contains(&id(name)) {
                let e = "\ndnsmasq: bad command line options: illegal repeated flag\n";
                return Ok(Op::Run {
                    options,
                    test,
                    error: Some(e.into()),
                });
            }
            once.push(id(name));
        }
        if matches!(item, Item::Flag(n) if NEED_VALUE.contains(&n)) {
            return Ok(Op::Run {
                options,
                test,
                error: Some(BAD.into()),
            });
        }
        match item {
            Item::Flag("help") => return Ok(Op::Help),
            Item::Flag("version") => return Ok(Op::Version),
            Item::Flag("test") => test = true,
            Item::Flag(name) => options.push(format!("--{name}")),
            Item::Value(name, v) => options.push(format!("--{name}={v}")),
            Item::Operand(_) => junk = true,
        }
    }
    if junk && error.is_none() {
        return Err("\ndnsmasq: junk found in command line\n".into());
    }
    Ok(Op::Run {
        options,
        test,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Result<Op, String> {
        parse(&crate::shell::command::args::words(line))
    }

    #[test]
    fn reads_as_dnsmasq_2_90() {
        let run_ok = |line| match run(line) {
            Ok(Op::Run { options, error, .. }) => (options, error),
            other => panic!("{line}: {other:?}"),
        };
        let opts = |line| {
            let (o, e) = run_ok(line);
            assert_eq!(e, None, "{line}");
            o
        };
        // Abbreviations, clusters, values in the next word or attached.
        assert_eq!(
            opts("--addr=/a/1.2.3.4 --no-resol -kd -p5353 -S 8.8.8.8"),
            [
                "--address=/a/1.2.3.4",
                "--no-resolv",
                "--keep-in-foreground",
                "--no-daemon",
                "--port=5353",
                "--server=8.8.8.8"
            ]
        );
        assert_eq!(
            opts("--log-queries=extra -c 100"),
            ["--log-queries=extra", "--cache-size=100"]
        );
        for line in ["--foo", "--lo", "-p", "-a"] {
            assert_eq!(run_ok(line), (vec![], Some(BAD.to_string())), "{line}");
        }
        // What comes before the bad word is acted on first.
        assert_eq!(
            run_ok("-p 5353 -A /x/bad --foo -k"),
            (
                vec!["--port=5353".into(), "--address=/x/bad".into()],
                Some(BAD.to_string())
            )
        );
        assert_eq!(run("-v --foo").unwrap(), Op::Version);
        let rep = "\ndnsmasq: bad command line options: illegal repeated flag\n";
        assert_eq!(
            run_ok("-p 1 -k --port=2 -q"),
            (
                vec!["--port=1".into(), "--keep-in-foreground".into()],
                Some(rep.into())
            )
        );
        assert_eq!(run_ok("--cache-size -k"), (vec![], Some(BAD.into())));
        let junk = "\ndnsmasq: junk found in command line\n";
        for line in ["--user x", "--log-queries extra", "--test -- x"] {
            assert_eq!(run(line).unwrap_err(), junk, "{line}");
        }
        assert_eq!(
            run("--tes").unwrap(),
            Op::Run {
                options: vec![],
                test: true,
                error: None
            }
        );
        assert_eq!(run("-w").unwrap(), Op::Help);
    }
}
