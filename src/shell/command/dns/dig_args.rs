//! dig's command line (bind9 9.18's `preparse_args`, `parse_args` and
//! `dash_option`) into a typed `DigArgs`, before any lookup.
//!
//! It is not getopt: `@server`, `-x addr`, `-t type`, `-c class`, `-p
//! port`, `-q name`, `+[no]option[=value]` (the table in `dig_plus`), and
//! bare words that are a type or a class when they spell one, else a
//! name (into the types of `dig_lookup`). Several names make several lookups. What comes before the first
//! name is the default every lookup starts from; what follows a name
//! changes that lookup only. `-t` or `-c` ends the bare type/class words.

use super::dig_lookup::{parse_uint, DigArgs, DigGlobals, DigLookup, Greeting, Sections};
use super::dig_plus::{plus_option, PlusError};
use super::{CmdOutput, DIG_VERSION};
use crate::sim::dns::name::reverse_name;
use crate::sim::dns::record::RType;
use core::net::{IpAddr, Ipv6Addr};

/// dig's usage text (stderr, status 1, after an option error).
pub(crate) const DIG_USAGE: &str = "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse \"dig -h\" (or \"dig -h | more\") for complete list of options\n";

/// `dig -h` (stdout, status 0).
const DIG_HELP: &str = include_str!("dig-help.txt");

/// The letters that take no value and may lead a dash word (`-4m`).
const SINGLE: &str = "46dhimnruv";
/// The letters a dash word may carry after those.
const DASH: &str = "46bcdfhikmnpqrtvyx";

/// Every type name bind9 knows (dns_rdatatype_fromtext); netbook models
/// the ones [`RType`] has.
const TYPE_NAMES: &[&str] = &[
    "A",
    "NS",
    "MD",
    "MF",
    "CNAME",
    "SOA",
    "MB",
    "MG",
    "MR",
    "NULL",
    "WKS",
    "PTR",
    "HINFO",
    "MINFO",
    "MX",
    "TXT",
    "RP",
    "AFSDB",
    "X25",
    "ISDN",
    "RT",
    "NSAP",
    "NSAP-PTR",
    "SIG",
    "KEY",
    "PX",
    "GPOS",
    "AAAA",
    "LOC",
    "NXT",
    "EID",
    "NIMLOC",
    "SRV",
    "ATMA",
    "NAPTR",
    "KX",
    "CERT",
    "A6",
    "DNAME",
    "SINK",
    "OPT",
    "APL",
    "DS",
    "SSHFP",
    "IPSECKEY",
    "RRSIG",
    "NSEC",
    "DNSKEY",
    "DHCID",
    "NSEC3",
    "NSEC3PARAM",
    "TLSA",
    "SMIMEA",
    "HIP",
    "NINFO",
    "RKEY",
    "TALINK",
    "CDS",
    "CDNSKEY",
    "OPENPGPKEY",
    "CSYNC",
    "ZONEMD",
    "SVCB",
    "HTTPS",
    "SPF",
    "UINFO",
    "UID",
    "GID",
    "UNSPEC",
    "NID",
    "L32",
    "L64",
    "LP",
    "EUI48",
    "EUI64",
    "TKEY",
    "TSIG",
    "IXFR",
    "AXFR",
    "MAILB",
    "MAILA",
    "ANY",
    "URI",
    "CAA",
    "AVC",
    "DOA",
    "AMTRELAY",
    "RESINFO",
    "TA",
    "DLV",
    "KEYDATA",
];

/// A word as bind9 reads a type: a name it knows or TYPEnnn.
enum TypeWord {
    Modelled(RType),
    Other,
    Ixfr,
}

fn numbered(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        && parse_uint(&word[prefix.len()..], 0xffff, "").is_ok()
}

fn type_word(word: &str) -> Option<TypeWord> {
    if word.eq_ignore_ascii_case("IXFR") {
        return Some(TypeWord::Ixfr);
    }
    if let Ok(t) = word.parse::<RType>() {
        return Some(TypeWord::Modelled(t));
    }
    (TYPE_NAMES.iter().any(|n| n.eq_ignore_ascii_case(word)) || numbered(word, "TYPE"))
        .then_some(TypeWord::Other)
}

/// A type word as bind9 reads it: `None` when it names no type,
/// `Some(None)` for one netbook does not model.
pub(crate) fn type_of(word: &str) -> Option<Option<RType>> {
    match type_word(word)? {
        TypeWord::Modelled(t) => Some(Some(t)),
        TypeWord::Other | TypeWord::Ixfr => Some(None),
    }
}

/// A word as bind9 reads a class; `Some(true)` for IN.
pub(crate) fn class_word(word: &str) -> Option<bool> {
    let upper = word.to_ascii_uppercase();
    match upper.as_str() {
        "IN" | "CLASS1" => Some(true),
        "CH" | "CHAOS" | "HS" | "HESIOD" | "NONE" | "ANY" => Some(false),
        _ => numbered(word, "CLASS").then_some(false),
    }
}

/// `-x`'s name (get_reverse, not strict): an IPv6 address in ip6.arpa,
/// anything else reversed at its dots into in-addr.arpa.
fn reverse(value: &str) -> String {
    match value.parse::<Ipv6Addr>() {
        Ok(ip) => reverse_name(IpAddr::V6(ip)),
        Err(_) => {
            let mut parts: Vec<&str> = value.split('.').collect();
            parts.reverse();
            format!("{}.in-addr.arpa.", parts.join("."))
        }
    }
}

/// The parse in progress: the default lookup, the lookups so far, and the
/// first option netbook does not model.
struct Parser {
    args: DigArgs,
    default: DigLookup,
    /// Options apply to the default until a name starts a lookup.
    current: Option<usize>,
    open_type_class: bool,
    last_server: Option<String>,
    unmodelled: Option<String>,
}

impl Parser {
    fn lookup(&mut self) -> &mut DigLookup {
        match self.current {
            Some(i) => &mut self.args.lookups[i],
            None => &mut self.default,
        }
    }

    /// A name: a new lookup cloned from the default.
    fn start(&mut self, name: String, reverse: bool) {
        let mut l = self.default.clone();
        l.name = name;
        l.reverse = reverse;
        if self.args.lookups.is_empty() && self.args.globals.printcmd {
            l.greeting = Some(Greeting {
                server: self.last_server.clone(),
            });
        }
        self.args.lookups.push(l);
        self.current = Some(self.args.lookups.len() - 1);
    }

    fn unmodelled(&mut self, what: String) {
        self.unmodelled.get_or_insert(what);
    }

    /// An error after what dig already printed.
    fn fail(&self, status: i32, stdout: &str, stderr: &str) -> CmdOutput {
        let mut c = CmdOutput::usage(status, format!("{}{stderr}", self.args.early_stderr));
        c.stdout = format!("{}{stdout}", self.args.early_stdout);
        c
    }

    fn warn(&mut self, line: String) {
        self.args.early_stderr.push_str(&line);
    }

    /// A type from `-t` or a bare word.
    fn set_type(&mut self, t: RType) {
        if self.lookup().rtype.is_some() {
            self.warn(";; Warning, extra type option\n".into());
        }
        self.lookup().rtype = Some(t);
    }

    /// A bare word: a type, a class, else a name.
    fn word(&mut self, w: &str) {
        if self.open_type_class {
            if let Some(t) = type_word(w) {
                match t {
                    TypeWord::Modelled(t) => self.set_type(t),
                    TypeWord::Ixfr => {
                        self.warn(";; Warning, ixfr requires a serial number\n".into())
                    }
                    TypeWord::Other => self.unmodelled(format!("type {w}")),
                }
                return;
            }
            if w.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("ixfr=")) {
                self.unmodelled(format!("type {w}"));
                return;
            }
            if let Some(is_in) = class_word(w) {
                if !is_in {
                    self.unmodelled(format!("class {w}"));
                }
                return;
            }
        }
        self.start(w.to_string(), false);
    }

    /// One dash word (without its `-`); Ok(true) when it used `next`.
    fn dash(&mut self, word: &str, next: Option<&str>) -> Result<bool, CmdOutput> {
        let invalid = |p: &Parser, rest: &str| {
            p.fail(1, "", &format!("Invalid option: -{rest}\n{DIG_USAGE}"))
        };
        let mut rest = word;
        while let Some(c) = rest.chars().next().filter(|c| SINGLE.contains(*c)) {
            match c {
                'd' => {
                    let after = &rest[1..];
                    if !after.starts_with(|c: char| DASH.contains(c)) {
                        if rest.len() > "debug".len() || !"debug".starts_with(rest) {
                            return Err(invalid(self, rest));
                        }
                        self.unmodelled("-d".into());
                        return Ok(false);
                    }
                    self.unmodelled("-d".into());
                }
                'h' => {
                    let mut c = CmdOutput::text(format!("{}{DIG_HELP}", self.args.early_stdout));
                    c.stderr = self.args.early_stderr.clone();
                    return Err(c);
                }
                'v' => {
                    let mut c = CmdOutput::text(self.args.early_stdout.clone());
                    c.stderr = format!("{}DiG {DIG_VERSION}\n", self.args.early_stderr);
                    return Err(c);
                }
                'u' => self.unmodelled("-u".into()),
                '6' => self.unmodelled("-6".into()),
                // -4: the servers netbook's labs use are IPv4; -i, -n are
                // obsolete, -m debugs memory, -r skips ~/.digrc.
                _ => {}
            }
            if rest.len() == 1 {
                return Ok(false);
            }
            rest = &rest[1..];
        }
        let (opt, value, from_next) = match rest.len() {
            0 | 1 => match next {
                Some(v) => (rest, v, true),
                None => return Err(invalid(self, rest)),
            },
            _ => (&rest[..1], &rest[1..], false),
        };
        match opt {
            "b" => {
                let (addr, port) = match value.split_once('#') {
                    Some((a, p)) => (a, Some(p)),
                    None => (value, None),
                };
                if let Some(p) = port {
                    if let Err(line) = parse_uint(p, 0xffff, "port number") {
                        return Err(self.fail(1, &line, "dig: Couldn't parse port number\n"));
                    }
                }
                if addr.parse::<IpAddr>().is_err() {
                    return Err(self.fail(1, "", &format!("dig: invalid address {addr}\n")));
                }
                self.unmodelled("-b".into());
            }
            "c" => {
                self.open_type_class = false;
                match class_word(value) {
                    Some(true) => {}
                    Some(false) => self.unmodelled(format!("-c {value}")),
                    None => self.warn(format!(";; Warning, ignoring invalid class {value}\n")),
                }
            }
            "f" | "k" => self.unmodelled(format!("-{opt}")),
            "p" => match parse_uint(value, 0xffff, "port number") {
                Ok(p) => self.args.globals.port = p as u16,
                Err(line) => return Err(self.fail(1, &line, "dig: Couldn't parse port number\n")),
            },
            "q" => self.start(value.to_string(), false),
            "t" => {
                self.open_type_class = false;
                match type_word(value) {
                    Some(TypeWord::Modelled(t)) => self.set_type(t),
                    Some(TypeWord::Other) => self.unmodelled(format!("-t {value}")),
                    _ if value
                        .get(..5)
                        .is_some_and(|p| p.eq_ignore_ascii_case("ixfr=")) =>
                    {
                        self.unmodelled(format!("-t {value}"))
                    }
                    _ => self.warn(format!(";; Warning, ignoring invalid type {value}\n")),
                }
            }
            "y" => {
                if value.split(':').filter(|p| !p.is_empty()).count() < 2 {
                    return Err(self.fail(1, "", DIG_USAGE));
                }
                self.unmodelled("-y".into());
            }
            "x" => {
                self.start(reverse(value), true);
            }
            _ => return Err(invalid(self, rest)),
        }
        Ok(from_next)
    }
}

/// preparse_args: before anything else, every dash word is checked for
/// letters dig knows, a value where one is due, and -4 with -6.
fn preparse(argv: &[String]) -> Result<(), CmdOutput> {
    let invalid = |rest: &str| CmdOutput::usage(1, format!("Invalid option: -{rest}\n{DIG_USAGE}"));
    let (mut v4, mut v6) = (false, false);
    let mut i = 0;
    while i < argv.len() {
        let Some(word) = argv[i].strip_prefix('-') else {
            i += 1;
            continue;
        };
        i += 1;
        let mut rest = word;
        while let Some(c) = rest.chars().next().filter(|c| SINGLE.contains(*c)) {
            if (c == '4' && v6) || (c == '6' && v4) {
                return Err(CmdOutput::usage(1, "dig: only one of -4 and -6 allowed\n"));
            }
            v4 |= c == '4';
            v6 |= c == '6';
            rest = &rest[1..];
        }
        if rest.is_empty() {
            continue;
        }
        if !rest.starts_with(|c: char| DASH.contains(c)) {
            return Err(invalid(rest));
        }
        if rest.len() == 1 {
            if i == argv.len() {
                return Err(invalid(rest));
            }
            i += 1;
        }
    }
    Ok(())
}

/// Parses a dig command line; Err is what dig prints when it stops
/// there (an error, or `-h`/`-v`).
pub(crate) fn parse(argv: &[String]) -> Result<DigArgs, CmdOutput> {
    preparse(argv)?;
    let mut p = Parser {
        args: DigArgs {
            globals: DigGlobals {
                printcmd: true,
                short: false,
                search: false,
                timeout: 5,
                port: 53,
            },
            lookups: Vec::new(),
            early_stdout: String::new(),
            early_stderr: String::new(),
        },
        default: DigLookup {
            name: String::new(),
            rtype: None,
            reverse: false,
            servers: Vec::new(),
            show: Sections::every(true),
            tries: 3,
            edns: true,
            ttlid: true,
            class: true,
            greeting: None,
        },
        current: None,
        open_type_class: true,
        last_server: None,
        unmodelled: None,
    };
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i].as_str();
        i += 1;
        if a.starts_with('%') {
            break;
        }
        if let Some(s) = a.strip_prefix('@') {
            p.lookup().servers.push(s.to_string());
            p.last_server = Some(s.to_string());
        } else if let Some(word) = a.strip_prefix('+') {
            if word.trim_start_matches('=').is_empty() {
                p.args
                    .early_stdout
                    .push_str(&format!(";; Invalid option {word}\n"));
                continue;
            }
            let lookup = match p.current {
                Some(k) => &mut p.args.lookups[k],
                None => &mut p.default,
            };
            match plus_option(word, &mut p.args.globals, lookup) {
                Ok(None) => {}
                Ok(Some(what)) => p.unmodelled(what),
                Err(PlusError::Invalid(shown)) => {
                    return Err(p.fail(1, "", &format!("Invalid option: {shown}\n{DIG_USAGE}")))
                }
                Err(PlusError::BadNumber { stdout, desc }) => {
                    return Err(p.fail(10, &stdout, &format!("dig: Couldn't parse {desc}\n")))
                }
            }
        } else if let Some(word) = a.strip_prefix('-') {
            if p.dash(word, argv.get(i).map(String::as_str))? {
                i += 1;
            }
        } else {
            p.word(a);
        }
    }
    if p.args.lookups.is_empty() {
        // No name: the root's name servers, whatever type was given.
        p.start(".".into(), false);
        p.args.lookups[0].rtype = Some(RType::NS);
    }
    if let Some(what) = &p.unmodelled {
        return Err(p.fail(1, "", &format!("netbook: dig {what} is not simulated\n")));
    }
    Ok(p.args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<DigArgs, CmdOutput> {
        parse(&crate::shell::command::args::words(line))
    }

    fn err(line: &str) -> (i32, String, String) {
        let e = p(line).unwrap_err();
        (e.status, e.stdout, e.stderr)
    }

    #[test]
    fn words_make_lookups_and_options_follow_their_place() {
        let a = p("+noall MX a.lab +answer b.lab @10.0.0.1 c.lab NS").unwrap();
        let l = &a.lookups;
        assert_eq!(l.len(), 3);
        assert_eq!((l[0].name.as_str(), l[0].rtype), ("a.lab", Some(RType::MX)));
        assert!(l[0].show.answer && !l[0].show.question);
        assert!(!l[1].show.answer);
        assert_eq!(l[1].servers, ["10.0.0.1"]);
        assert!(l[2].servers.is_empty());
        assert_eq!(l[2].rtype, Some(RType::NS));
        // +noall turned +cmd off before the first name: no banner.
        assert!(l[0].greeting.is_none());
        let a = p("-t MX web.lab NS").unwrap();
        assert_eq!(a.lookups[1].name, "NS");
        assert!(a.lookups[0].greeting.is_some() && a.lookups[1].greeting.is_none());
        let a = p("MX").unwrap();
        assert_eq!(
            (a.lookups[0].name.as_str(), a.lookups[0].rtype),
            (".", Some(RType::NS))
        );
        let a = p("-x 1.2.3").unwrap();
        assert_eq!(a.lookups[0].name, "3.2.1.in-addr.arpa.");
        assert_eq!(a.lookups[0].qtype(), RType::PTR);
        let a = p("MX -x 1.2.3.4").unwrap();
        assert_eq!(a.lookups[0].qtype(), RType::MX);
        let a = p("@10.0.0.1 +tries=2 +ti=3 -p 5353 web.lab").unwrap();
        assert_eq!(a.lookups[0].tries, 2);
        assert_eq!((a.globals.timeout, a.globals.port), (3, 5353));
        assert_eq!(
            a.lookups[0].greeting,
            Some(Greeting {
                server: Some("10.0.0.1".into())
            })
        );
    }

    #[test]
    fn errors_read_like_bind9() {
        let usage = |first: &str| (1, String::new(), format!("{first}\n{DIG_USAGE}"));
        for (line, want) in [
            ("+sho x", usage("Invalid option: +sho")),
            ("+time= x", usage("Invalid option: +time")),
            ("+frob=1 x", usage("Invalid option: +frob")),
            ("+notries=2 x", usage("Invalid option: +notries")),
            ("-z", usage("Invalid option: -z")),
            ("-4z", usage("Invalid option: -z")),
            ("x -t", usage("Invalid option: -t")),
            ("-debug", usage("Invalid option: -ebug")),
            (
                "+tries=x a",
                (
                    10,
                    "invalid tries 'x': not a valid number\n".into(),
                    "dig: Couldn't parse tries\n".into(),
                ),
            ),
            (
                "-p 99999 a",
                (
                    1,
                    "invalid port number '99999': out of range\n".into(),
                    "dig: Couldn't parse port number\n".into(),
                ),
            ),
            (
                "-4 -6 a",
                (
                    1,
                    String::new(),
                    "dig: only one of -4 and -6 allowed\n".into(),
                ),
            ),
            (
                "-t CAA a",
                (
                    1,
                    String::new(),
                    "netbook: dig -t CAA is not simulated\n".into(),
                ),
            ),
            (
                "-t BOGUS +tcp a",
                (
                    1,
                    String::new(),
                    ";; Warning, ignoring invalid type BOGUS\nnetbook: dig +tcp is not simulated\n"
                        .into(),
                ),
            ),
        ] {
            assert_eq!(err(line), want, "{line}");
        }
        // Defaults are no-ops, not refusals.
        assert!(p("+notcp +fail +ttlid +noqid a").is_ok());
    }
}
