//! The iptables command line: parses argv the way iptables 1.8.9
//! (`xshared.c`, `do_parse`) does, with getopt_long's unique-prefix long
//! options, `!` negation and the extension options that `-p`, `-m` and
//! `-j` load, and applies the command to a [`Netfilter`]. Errors carry
//! iptables' exact wording; a failed command changes nothing.

use super::rule::{
    self, AddrMatch, AddrTypeSel, IfaceMatch, Match, MultiportDir, NatRange, PortRange, Proto,
    ProtoMatch, RejectWith, Rule, StateSet, Target,
};
use super::services;
use super::table::{Policy, TableKind};
use super::{Hook, Netfilter};
use core::net::Ipv4Addr;
use std::fmt;

/// The version string iptables prints in its errors.
pub const VERSION: &str = "v1.8.9 (nf_tables)";

/// An iptables failure, worded like the real tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NfError {
    /// A parameter problem: `iptables v1.8.9 (nf_tables): MSG` and the
    /// `Try ...` line; exit status 2.
    Usage(String),
    /// A failed operation: `iptables: MSG`; exit status 1.
    Op(String),
    /// A fatal message without the `Try` line, with its exit status.
    Fatal(String, i32),
    /// A parameter problem printed without the version prefix (`Bad
    /// argument`); exit status 2.
    Bare(String),
}

impl NfError {
    fn usage(s: impl Into<String>) -> NfError {
        NfError::Usage(s.into())
    }

    /// Exit status.
    pub fn status(&self) -> i32 {
        match self {
            NfError::Usage(_) | NfError::Bare(_) => 2,
            NfError::Op(_) => 1,
            NfError::Fatal(_, s) => *s,
        }
    }

    /// True for parameter problems (they fail the notebook cell).
    pub fn is_usage(&self) -> bool {
        matches!(self, NfError::Usage(_) | NfError::Bare(_))
    }

    /// The full stderr text for program `prog` (`iptables`).
    pub fn render(&self, prog: &str) -> String {
        match self {
            NfError::Usage(m) => format!(
                "{prog} {VERSION}: {m}\nTry `{prog} -h' or '{prog} --help' for more information.\n"
            ),
            NfError::Op(m) => format!("{prog}: {m}\n"),
            NfError::Fatal(m, _) => format!("{prog} {VERSION}: {m}\n"),
            NfError::Bare(m) => {
                format!("{m}\nTry `{prog} -h' or '{prog} --help' for more information.\n")
            }
        }
    }
}

impl std::error::Error for NfError {}

impl fmt::Display for NfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render("iptables").trim_end())
    }
}

/// What one iptables invocation asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `-A CHAIN rule` (several rules when `-s`/`-d` list addresses)
    Append(String, Vec<Rule>),
    /// `-I CHAIN [N] rule`
    Insert(String, usize, Vec<Rule>),
    /// `-D CHAIN rule`
    Delete(String, Vec<Rule>),
    /// `-D CHAIN N`
    DeleteNum(String, usize),
    /// `-R CHAIN N rule`
    Replace(String, usize, Rule),
    /// `-C CHAIN rule`
    Check(String, Vec<Rule>),
    /// `-L [CHAIN [N]]` (with `-Z`: list then zero)
    List(Option<String>, Option<usize>),
    /// `-S [CHAIN [N]]`
    ListRules(Option<String>, Option<usize>),
    /// `-F [CHAIN]`
    Flush(Option<String>),
    /// `-Z [CHAIN]`
    Zero(Option<String>),
    /// `-N CHAIN`
    NewChain(String),
    /// `-X [CHAIN]`
    DeleteChain(Option<String>),
    /// `-E OLD NEW`
    Rename(String, String),
    /// `-P CHAIN POLICY`
    SetPolicy(String, String),
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// `-t` (filter by default).
    pub table: TableKind,
    /// The command.
    pub command: Command,
    /// `-n`
    pub numeric: bool,
    /// `-v`
    pub verbose: bool,
    /// `-x`
    pub exact: bool,
    /// `--line-numbers`
    pub line_numbers: bool,
    /// `-Z` given together with `-L`.
    pub zero_after_list: bool,
}

/// Options that take an argument, with their long names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Opt {
    Append,
    Check,
    Delete,
    Insert,
    Replace,
    List,
    ListRules,
    Flush,
    Zero,
    NewChain,
    DeleteChain,
    Rename,
    Policy,
    Table,
    Proto,
    Source,
    Dest,
    InIface,
    OutIface,
    Jump,
    Match,
    Numeric,
    Verbose,
    Exact,
    LineNumbers,
    Wait,
    Ext(&'static str),
}

const BASE_LONG: &[(&str, Opt)] = &[
    ("append", Opt::Append),
    ("check", Opt::Check),
    ("delete", Opt::Delete),
    ("insert", Opt::Insert),
    ("replace", Opt::Replace),
    ("list", Opt::List),
    ("list-rules", Opt::ListRules),
    ("flush", Opt::Flush),
    ("zero", Opt::Zero),
    ("new-chain", Opt::NewChain),
    ("delete-chain", Opt::DeleteChain),
    ("rename-chain", Opt::Rename),
    ("policy", Opt::Policy),
    ("table", Opt::Table),
    ("protocol", Opt::Proto),
    ("source", Opt::Source),
    ("src", Opt::Source),
    ("destination", Opt::Dest),
    ("dst", Opt::Dest),
    ("in-interface", Opt::InIface),
    ("out-interface", Opt::OutIface),
    ("jump", Opt::Jump),
    ("match", Opt::Match),
    ("numeric", Opt::Numeric),
    ("verbose", Opt::Verbose),
    ("exact", Opt::Exact),
    ("line-numbers", Opt::LineNumbers),
    ("wait", Opt::Wait),
];

fn short(c: char) -> Option<Opt> {
    Some(match c {
        'A' => Opt::Append,
        'C' => Opt::Check,
        'D' => Opt::Delete,
        'I' => Opt::Insert,
        'R' => Opt::Replace,
        'L' => Opt::List,
        'S' => Opt::ListRules,
        'F' => Opt::Flush,
        'Z' => Opt::Zero,
        'N' => Opt::NewChain,
        'X' => Opt::DeleteChain,
        'E' => Opt::Rename,
        'P' => Opt::Policy,
        't' => Opt::Table,
        'p' => Opt::Proto,
        's' => Opt::Source,
        'd' => Opt::Dest,
        'i' => Opt::InIface,
        'o' => Opt::OutIface,
        'j' => Opt::Jump,
        'm' => Opt::Match,
        'n' => Opt::Numeric,
        'v' => Opt::Verbose,
        'x' => Opt::Exact,
        'w' => Opt::Wait,
        _ => return None,
    })
}

/// Long options of each extension (canonical name, aliases share it).
fn ext_options(ext: &str) -> &'static [(&'static str, &'static str)] {
    match ext {
        "tcp" => &[
            ("sport", "sport"),
            ("source-port", "sport"),
            ("dport", "dport"),
            ("destination-port", "dport"),
            ("tcp-flags", "tcp-flags"),
            ("syn", "syn"),
        ],
        "udp" => &[
            ("sport", "sport"),
            ("source-port", "sport"),
            ("dport", "dport"),
            ("destination-port", "dport"),
        ],
        "icmp" => &[("icmp-type", "icmp-type")],
        "conntrack" => &[("ctstate", "ctstate")],
        "state" => &[("state", "state")],
        "multiport" => &[
            ("sports", "sports"),
            ("source-ports", "sports"),
            ("dports", "dports"),
            ("destination-ports", "dports"),
            ("ports", "ports"),
        ],
        "comment" => &[("comment", "comment")],
        "mark" => &[("mark", "mark")],
        "statistic" => &[
            ("mode", "mode"),
            ("probability", "probability"),
            ("every", "every"),
            ("packet", "packet"),
        ],
        "MARK" => &[
            ("set-mark", "set-mark"),
            ("set-xmark", "set-xmark"),
            ("and-mark", "and-mark"),
            ("or-mark", "or-mark"),
            ("xor-mark", "xor-mark"),
        ],
        "addrtype" => &[("src-type", "src-type"), ("dst-type", "dst-type")],
        "REJECT" => &[("reject-with", "reject-with")],
        "LOG" => &[("log-prefix", "log-prefix"), ("log-level", "log-level")],
        "SNAT" => &[("to-source", "to-source")],
        "DNAT" => &[("to-destination", "to-destination")],
        "MASQUERADE" => &[
            ("to-ports", "to-ports"),
            ("random", "random"),
            ("random-fully", "random-fully"),
        ],
        "REDIRECT" => &[("to-ports", "to-ports")],
        _ => &[],
    }
}

const MATCHES: &[&str] = &[
    "tcp",
    "udp",
    "icmp",
    "conntrack",
    "state",
    "multiport",
    "comment",
    "addrtype",
    "mark",
    "statistic",
];
const TARGETS: &[&str] = &[
    "ACCEPT",
    "DROP",
    "RETURN",
    "REJECT",
    "LOG",
    "SNAT",
    "DNAT",
    "MASQUERADE",
    "REDIRECT",
    "MARK",
];

/// Parser state for one command line.
struct Parser {
    args: Vec<String>,
    pos: usize,
    table: TableKind,
    command: Option<(Opt, char)>,
    chain: Option<String>,
    extra: Vec<String>,
    rule: Rule,
    proto_given: bool,
    target_name: Option<String>,
    /// Extensions loaded with `-m` (and implicitly by `-p`), in order.
    loaded: Vec<&'static str>,
    invert: bool,
    numeric: bool,
    verbose: bool,
    exact: bool,
    line_numbers: bool,
    also_zero: bool,
    nat: Option<NatRange>,
    /// `-s`/`-d` address lists (`-s 10.0.0.1,10.0.0.2`).
    srcs: Vec<AddrMatch>,
    dsts: Vec<AddrMatch>,
    /// iptables resolves `-s`/`-d` after reading every option, so a bad
    /// address is reported only if the rest of the line parses.
    addr_error: Option<NfError>,
    /// Name -> address lines for host names in `-s`/`-d`.
    hosts: Vec<(Ipv4Addr, Vec<String>)>,
    to_ports: Option<(u16, u16)>,
    nat_random: rule::NatRandom,
    /// `-j MARK`: (value, mask) in --set-xmark form.
    mark_target: Option<(u32, u32)>,
    /// `-m statistic` options: mode, probability, every, packet, invert.
    stat_mode: Option<String>,
    stat_probability: Option<u32>,
    stat_every: Option<u32>,
    stat_packet: Option<u32>,
    stat_invert: bool,
    reject: Option<RejectWith>,
    log_prefix: Option<String>,
    log_level: Option<u8>,
}

/// Parses an iptables argv (without the program name).
///
/// ```
/// use netbook::sim::netfilter::parse::{parse_args, Command};
/// let argv: Vec<String> = "-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"
///     .split(' ').map(String::from).collect();
/// let inv = parse_args(&argv).unwrap();
/// assert!(matches!(inv.command, Command::Append(ref c, _) if c == "POSTROUTING"));
/// ```
pub fn parse_args(args: &[String]) -> Result<Invocation, NfError> {
    parse_args_with_hosts(args, &[])
}

/// [`parse_args`] resolving host names in `-s`/`-d` through `hosts`
/// (see [`hosts_table`]).
pub fn parse_args_with_hosts(
    args: &[String],
    hosts: &[(Ipv4Addr, Vec<String>)],
) -> Result<Invocation, NfError> {
    let mut p = Parser {
        args: args.to_vec(),
        pos: 0,
        table: TableKind::Filter,
        command: None,
        chain: None,
        extra: Vec::new(),
        rule: Rule::default(),
        proto_given: false,
        target_name: None,
        loaded: Vec::new(),
        invert: false,
        numeric: false,
        verbose: false,
        exact: false,
        line_numbers: false,
        also_zero: false,
        nat: None,
        srcs: Vec::new(),
        dsts: Vec::new(),
        addr_error: None,
        hosts: hosts.to_vec(),
        to_ports: None,
        nat_random: rule::NatRandom::None,
        mark_target: None,
        stat_mode: None,
        stat_probability: None,
        stat_every: None,
        stat_packet: None,
        stat_invert: false,
        reject: None,
        log_prefix: None,
        log_level: None,
    };
    p.run()?;
    p.finish()
}

impl Parser {
    fn next_value(&mut self, shown: &str) -> Result<String, NfError> {
        match self.args.get(self.pos) {
            Some(v) => {
                self.pos += 1;
                Ok(v.clone())
            }
            None => Err(NfError::usage(format!(
                "option \"{shown}\" requires an argument"
            ))),
        }
    }

    /// An optional operand (chain name, rule number) not starting with `-`.
    fn optional(&mut self) -> Option<String> {
        match self.args.get(self.pos) {
            Some(v) if !v.starts_with('-') && v != "!" => {
                self.pos += 1;
                Some(v.clone())
            }
            _ => None,
        }
    }

    fn available_long(&self) -> Vec<(&'static str, Opt)> {
        let mut v: Vec<(&'static str, Opt)> = BASE_LONG.to_vec();
        let mut exts: Vec<&'static str> = self.loaded.clone();
        if let Some(p) = self.rule.proto {
            match p.proto {
                Proto::Tcp => exts.push("tcp"),
                Proto::Udp => exts.push("udp"),
                Proto::Icmp => exts.push("icmp"),
                Proto::Other(_) => {}
            }
        }
        if let Some(t) = &self.target_name {
            if let Some(t) = TARGETS.iter().find(|x| **x == t.as_str()) {
                exts.push(t);
            }
        }
        for e in exts {
            for (name, canon) in ext_options(e) {
                v.push((name, Opt::Ext(canon)));
            }
        }
        v
    }

    fn run(&mut self) -> Result<(), NfError> {
        while self.pos < self.args.len() {
            let a = self.args[self.pos].clone();
            self.pos += 1;
            if a == "!" {
                if self.invert {
                    return Err(NfError::usage("multiple consecutive ! not allowed"));
                }
                self.invert = true;
                continue;
            }
            let (opt, shown) = if let Some(long) = a.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                let avail = self.available_long();
                let exact = avail.iter().find(|(n, _)| *n == name);
                let found = match exact {
                    Some((_, o)) => Some(*o),
                    None => {
                        let cands: Vec<Opt> = avail
                            .iter()
                            .filter(|(n, _)| !name.is_empty() && n.starts_with(name))
                            .map(|(_, o)| *o)
                            .collect();
                        let mut uniq = cands.clone();
                        uniq.dedup();
                        (uniq.len() == 1).then(|| uniq[0])
                    }
                };
                let Some(o) = found else {
                    return Err(NfError::usage(format!("unknown option \"{a}\"")));
                };
                if let Some(v) = inline {
                    // `--opt=value`: put the value back as the next word.
                    self.pos -= 1;
                    let mut args: Vec<String> = self.args.to_vec();
                    args[self.pos] = v;
                    return self.restart_with(args, o, a);
                }
                (o, a.clone())
            } else if let Some(rest) = a.strip_prefix('-') {
                let mut chars = rest.chars();
                let (Some(c), None) = (chars.next(), chars.next()) else {
                    if rest.is_empty() {
                        return Err(NfError::usage(format!("Bad argument `{a}'")));
                    }
                    // Bundled short options like `-nvL`.
                    let mut expanded: Vec<String> = self.args[..self.pos - 1].to_vec();
                    let cs: Vec<char> = rest.chars().collect();
                    for (i, c) in cs.iter().enumerate() {
                        if short(*c).is_none() {
                            return Err(NfError::usage(format!("unknown option \"-{c}\"")));
                        }
                        let takes =
                            !matches!(short(*c), Some(Opt::Numeric | Opt::Verbose | Opt::Exact));
                        if takes && i + 1 < cs.len() {
                            expanded.push(format!("-{c}"));
                            expanded.push(cs[i + 1..].iter().collect());
                            break;
                        }
                        expanded.push(format!("-{c}"));
                    }
                    expanded.extend_from_slice(&self.args[self.pos..]);
                    let skip = self.pos - 1;
                    return self.restart_bundled(expanded, skip);
                };
                match short(c) {
                    Some(o) => (o, a.clone()),
                    None => return Err(NfError::usage(format!("unknown option \"{a}\""))),
                }
            } else {
                return Err(NfError::Bare(format!("Bad argument `{a}'")));
            };
            self.option(opt, &shown)?;
        }
        Ok(())
    }

    fn restart_with(&mut self, args: Vec<String>, o: Opt, shown: String) -> Result<(), NfError> {
        self.args = args;
        self.option(o, &shown)?;
        self.run()
    }

    fn restart_bundled(&mut self, args: Vec<String>, pos: usize) -> Result<(), NfError> {
        self.args = args;
        self.pos = pos;
        self.run()
    }

    fn set_command(&mut self, o: Opt, letter: char) -> Result<(), NfError> {
        if let Some((prev, pl)) = self.command {
            // `-L -Z` and `-Z -L` combine; anything else conflicts.
            let pair = [prev, o];
            if pair.contains(&Opt::List) && pair.contains(&Opt::Zero) {
                self.also_zero = true;
                self.command = Some((Opt::List, 'L'));
                return Ok(());
            }
            return Err(NfError::usage(format!("Cannot use -{letter} with -{pl}")));
        }
        self.command = Some((o, letter));
        Ok(())
    }

    fn take_invert(&mut self) -> bool {
        std::mem::take(&mut self.invert)
    }

    fn option(&mut self, o: Opt, shown: &str) -> Result<(), NfError> {
        let letter = |o: Opt| match o {
            Opt::Append => 'A',
            Opt::Check => 'C',
            Opt::Delete => 'D',
            Opt::Insert => 'I',
            Opt::Replace => 'R',
            Opt::List => 'L',
            Opt::ListRules => 'S',
            Opt::Flush => 'F',
            Opt::Zero => 'Z',
            Opt::NewChain => 'N',
            Opt::DeleteChain => 'X',
            Opt::Rename => 'E',
            _ => 'P',
        };
        match o {
            Opt::Append
            | Opt::Check
            | Opt::Delete
            | Opt::Insert
            | Opt::Replace
            | Opt::NewChain
            | Opt::Rename
            | Opt::Policy => {
                self.set_command(o, letter(o))?;
                let chain = self.next_value(shown)?;
                self.chain = Some(chain);
                match o {
                    Opt::Delete | Opt::Insert => {
                        if let Some(v) = self.args.get(self.pos) {
                            if !v.starts_with('-') && v != "!" {
                                self.pos += 1;
                                self.extra.push(v.clone());
                            }
                        }
                    }
                    Opt::Replace => match self.optional() {
                        Some(v) => self.extra.push(v),
                        None => {
                            return Err(NfError::usage("-R requires a rule number"));
                        }
                    },
                    Opt::Rename => match self.optional() {
                        Some(v) => self.extra.push(v),
                        None => {
                            return Err(NfError::usage(
                                "-E requires old-chain-name and new-chain-name",
                            ))
                        }
                    },
                    Opt::Policy => match self.optional() {
                        Some(v) => self.extra.push(v),
                        None => return Err(NfError::usage("-P requires a chain and a policy")),
                    },
                    _ => {}
                }
            }
            Opt::List | Opt::ListRules | Opt::Flush | Opt::Zero | Opt::DeleteChain => {
                self.set_command(o, letter(o))?;
                if let Some(c) = self.optional() {
                    if self.chain.is_none() {
                        self.chain = Some(c);
                    }
                    if matches!(o, Opt::ListRules | Opt::Zero | Opt::List) {
                        if let Some(n) = self.optional() {
                            self.extra.push(n);
                        }
                    }
                }
            }
            Opt::Table => {
                let v = self.next_value(shown)?;
                if self.take_invert() {
                    return Err(NfError::usage("unexpected ! flag before --table"));
                }
                self.table = TableKind::parse(&v).ok_or_else(|| {
                    NfError::Fatal(
                        format!("table '{v}' does not exist\nPerhaps iptables or your kernel needs to be upgraded."),
                        3,
                    )
                })?;
            }
            Opt::Proto => {
                let v = self.next_value(shown)?;
                let inv = self.take_invert();
                if self.proto_given {
                    return Err(NfError::usage("multiple -p flags not allowed"));
                }
                self.proto_given = true;
                let p = Proto::parse(&v)
                    .ok_or_else(|| NfError::usage(format!("unknown protocol \"{v}\" specified")))?;
                if let Some(p) = p {
                    self.rule.proto = Some(ProtoMatch {
                        proto: p,
                        invert: inv,
                    });
                } else if inv {
                    return Err(NfError::usage("rule would never match protocol"));
                }
            }
            Opt::Source | Opt::Dest => {
                let v = self.next_value(shown)?;
                let inv = self.take_invert();
                let slot = if o == Opt::Source {
                    &self.rule.src
                } else {
                    &self.rule.dst
                };
                if slot.is_some() {
                    let f = if o == Opt::Source { 's' } else { 'd' };
                    return Err(NfError::usage(format!("multiple -{f} flags not allowed")));
                }
                let mut list = Vec::new();
                for part in v.split(',') {
                    match parse_addrs(part, &self.hosts) {
                        Ok(found) => {
                            for mut a in found {
                                a.invert = inv;
                                list.push(a);
                            }
                        }
                        Err(e) => {
                            self.addr_error.get_or_insert(e);
                            // Keep the slot taken for "multiple -s" checks.
                            list.push(AddrMatch {
                                addr: Ipv4Addr::UNSPECIFIED,
                                mask: 0,
                                invert: inv,
                            });
                        }
                    }
                }
                if o == Opt::Source {
                    self.rule.src = list.first().copied();
                    self.srcs = list;
                } else {
                    self.rule.dst = list.first().copied();
                    self.dsts = list;
                }
            }
            Opt::InIface | Opt::OutIface => {
                let v = self.next_value(shown)?;
                let inv = self.take_invert();
                if v.len() > 15 {
                    return Err(NfError::usage(format!(
                        "interface name `{v}' must be shorter than IFNAMSIZ (15)"
                    )));
                }
                let m = Some(IfaceMatch {
                    name: v,
                    invert: inv,
                });
                if o == Opt::InIface {
                    if self.rule.in_iface.is_some() {
                        return Err(NfError::usage("multiple -i flags not allowed"));
                    }
                    self.rule.in_iface = m;
                } else {
                    if self.rule.out_iface.is_some() {
                        return Err(NfError::usage("multiple -o flags not allowed"));
                    }
                    self.rule.out_iface = m;
                }
            }
            Opt::Jump => {
                let v = self.next_value(shown)?;
                if self.target_name.is_some() {
                    return Err(NfError::usage("multiple -j flags not allowed"));
                }
                self.target_name = Some(v);
            }
            Opt::Match => {
                let v = self.next_value(shown)?;
                if self.take_invert() {
                    return Err(NfError::usage("unexpected ! flag before --match"));
                }
                let Some(m) = MATCHES.iter().find(|m| **m == v.as_str()) else {
                    return Err(NfError::usage(format!(
                        "Couldn't load match `{v}':No such file or directory\n"
                    )));
                };
                if !self.loaded.contains(m) {
                    self.loaded.push(m);
                }
                // An explicit `-m tcp`/`-m udp` is kept even without options.
                match *m {
                    "tcp" => {
                        self.proto_match(Proto::Tcp);
                    }
                    "udp" => {
                        self.proto_match(Proto::Udp);
                    }
                    _ => {}
                }
                if *m == "comment" {
                    // Each `-m comment` is its own match; filled by --comment.
                    self.loaded.retain(|x| *x != "comment");
                    self.loaded.push("comment");
                    self.rule.matches.push(Match::Comment(String::new()));
                }
            }
            Opt::Numeric => {
                if self.numeric {
                    return Err(NfError::usage("multiple -n flags not allowed"));
                }
                self.numeric = true
            }
            Opt::Verbose => self.verbose = true,
            Opt::Exact => self.exact = true,
            Opt::LineNumbers => self.line_numbers = true,
            Opt::Wait => {
                // `-w [seconds]`: there is no lock to wait for here.
                let _ = self.optional();
            }
            Opt::Ext(name) => self.ext_option(name, shown)?,
        }
        if !matches!(o, Opt::Ext(_)) && self.invert && !matches!(o, Opt::Proto | Opt::Source) {
            return Err(NfError::usage(format!(
                "cannot have ! before -{}",
                shown.trim_start_matches('-')
            )));
        }
        Ok(())
    }

    /// The tcp/udp/icmp match of this rule, created on first use.
    fn proto_match(&mut self, proto: Proto) -> &mut Match {
        let pos = self.rule.matches.iter().position(|m| {
            matches!(
                (m, proto),
                (Match::Tcp { .. }, Proto::Tcp)
                    | (Match::Udp { .. }, Proto::Udp)
                    | (Match::Icmp { .. }, Proto::Icmp)
            )
        });
        let pos = match pos {
            Some(p) => p,
            None => {
                self.rule.matches.push(match proto {
                    Proto::Tcp => Match::Tcp {
                        sport: None,
                        dport: None,
                        flags: None,
                    },
                    Proto::Udp => Match::Udp {
                        sport: None,
                        dport: None,
                    },
                    _ => Match::Icmp {
                        icmp_type: 0xFF,
                        code_min: 0,
                        code_max: 0xFF,
                        invert: false,
                    },
                });
                self.rule.matches.len() - 1
            }
        };
        &mut self.rule.matches[pos]
    }

    fn ext_option(&mut self, name: &str, shown: &str) -> Result<(), NfError> {
        if name == "syn" || name == "tcp-flags" {
            return self.tcp_flags_option(name, shown);
        }
        if name == "random" || name == "random-fully" {
            self.nat_random = if name == "random" {
                rule::NatRandom::Random
            } else {
                rule::NatRandom::Fully
            };
            return Ok(());
        }
        let v = self.next_value(shown)?;
        let inv = self.take_invert();
        let proto = self.rule.proto.map(|p| p.proto);
        let proto_name = match proto {
            Some(Proto::Udp) => "udp",
            _ => "tcp",
        };
        match name {
            "sport" | "dport" => {
                let (lo, hi) = parse_port_range(&v, proto_name)?;
                let r = Some(PortRange {
                    lo,
                    hi,
                    invert: inv,
                });
                let p = proto.unwrap_or(Proto::Tcp);
                match self.proto_match(p) {
                    Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                        if name == "sport" {
                            *sport = r;
                        } else {
                            *dport = r;
                        }
                    }
                    _ => {}
                }
            }
            "icmp-type" => {
                let (t, lo, hi) = parse_icmp_type(&v)?;
                *self.proto_match(Proto::Icmp) = Match::Icmp {
                    icmp_type: t,
                    code_min: lo,
                    code_max: hi,
                    invert: inv,
                };
            }
            "ctstate" | "state" => {
                let states = StateSet::parse(&v).map_err(|w| {
                    NfError::usage(if name == "ctstate" {
                        format!("Bad ctstate \"{w}\"")
                    } else {
                        format!("Bad state \"{w}\"")
                    })
                })?;
                self.rule.matches.push(if name == "ctstate" {
                    Match::Conntrack {
                        states,
                        invert: inv,
                    }
                } else {
                    Match::State {
                        states,
                        invert: inv,
                    }
                });
            }
            "sports" | "dports" | "ports" => {
                if !matches!(proto, Some(Proto::Tcp | Proto::Udp))
                    || self.rule.proto.is_some_and(|p| p.invert)
                {
                    return Err(NfError::usage(
                        "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
                    ));
                }
                let mut ports = Vec::new();
                for part in v.split(',') {
                    ports.push(parse_port_range(part, proto_name)?);
                }
                if ports.len() > 15 {
                    return Err(NfError::usage("too many ports specified"));
                }
                let dir = match name {
                    "sports" => MultiportDir::Source,
                    "dports" => MultiportDir::Destination,
                    _ => MultiportDir::Either,
                };
                self.rule.matches.push(Match::Multiport {
                    dir,
                    ports,
                    invert: inv,
                });
            }
            "comment" => {
                if v.len() > 255 {
                    return Err(NfError::usage(
                        "COMMENT must be shorter than 256 characters",
                    ));
                }
                match self
                    .rule
                    .matches
                    .iter_mut()
                    .rev()
                    .find(|m| matches!(m, Match::Comment(_)))
                {
                    Some(Match::Comment(c)) => *c = v,
                    _ => self.rule.matches.push(Match::Comment(v)),
                }
            }
            "src-type" | "dst-type" => {
                let mut types = Vec::new();
                for w in v.split(',') {
                    types
                        .push(rule::AddrType::parse(w).ok_or_else(|| {
                            NfError::usage(format!("addrtype: bad type \"{w}\""))
                        })?);
                }
                let sel = Some(AddrTypeSel { types, invert: inv });
                let pos = self
                    .rule
                    .matches
                    .iter()
                    .position(|m| matches!(m, Match::AddrType { .. }));
                let pos = match pos {
                    Some(p) => p,
                    None => {
                        self.rule.matches.push(Match::AddrType {
                            src: None,
                            dst: None,
                        });
                        self.rule.matches.len() - 1
                    }
                };
                if let Match::AddrType { src, dst } = &mut self.rule.matches[pos] {
                    if name == "src-type" {
                        *src = sel;
                    } else {
                        *dst = sel;
                    }
                }
            }
            "mark" => {
                let (value, mask) = parse_mark(&v).map_err(|_| {
                    NfError::usage(
                        "mark: bad integer value for option \"--mark\", or out of range.\n",
                    )
                })?;
                self.rule.matches.push(Match::Mark {
                    value,
                    mask,
                    invert: inv,
                });
            }
            "set-mark" | "set-xmark" | "and-mark" | "or-mark" | "xor-mark" => {
                if self.mark_target.is_some() {
                    return Err(NfError::usage(
                        "MARK target: Can't specify --set-xmark twice",
                    ));
                }
                let (value, mask) = parse_mark(&v)?;
                let has_mask = v.contains('/');
                self.mark_target = Some(match name {
                    "set-xmark" => (value, mask),
                    "set-mark" => (value, if has_mask { mask | value } else { u32::MAX }),
                    "and-mark" => (0, !value),
                    "or-mark" => (value, value),
                    _ => (value, 0),
                });
            }
            "mode" => {
                if v != "random" && v != "nth" {
                    return Err(NfError::usage(format!("Bad mode \"{v}\"")));
                }
                self.stat_mode = Some(v);
                self.stat_invert |= inv;
            }
            "probability" => {
                let p: f64 = v.parse().unwrap_or(-1.0);
                if !(0.0..=1.0).contains(&p) {
                    return Err(NfError::usage(
                        "statistic: bad value for option \"--probability\", or out of range (0-1).\n",
                    ));
                }
                self.stat_probability = Some((p * f64::from(0x8000_0000u32)).round() as u32);
                self.stat_invert |= inv;
            }
            "every" | "packet" => {
                let n: u32 = v.parse().map_err(|_| {
                    NfError::usage(format!(
                        "statistic: bad value for option \"--{name}\", or out of range (0-4294967295).\n"
                    ))
                })?;
                if name == "every" {
                    self.stat_every = Some(n);
                } else {
                    self.stat_packet = Some(n);
                }
            }
            "reject-with" => {
                self.reject = Some(
                    RejectWith::parse(&v)
                        .ok_or_else(|| NfError::usage(format!("unknown reject type \"{v}\"")))?,
                );
            }
            "log-prefix" => {
                // nf_tables keeps the first 29 bytes, like the kernel's limit.
                let mut v = v;
                while v.len() > 29 {
                    v.pop();
                }
                self.log_prefix = Some(v);
            }
            "log-level" => {
                self.log_level = Some(
                    rule::parse_log_level(&v)
                        .ok_or_else(|| NfError::usage(format!("log-level `{v}' unknown")))?,
                );
            }
            "to-source" | "to-destination" => {
                let r = parse_nat_range(&v)?;
                if r.ports.is_some() && !matches!(proto, Some(Proto::Tcp | Proto::Udp)) {
                    return Err(NfError::usage(
                        "Need TCP, UDP, SCTP or DCCP with port specification",
                    ));
                }
                self.nat = Some(r);
            }
            "to-ports" => {
                if !matches!(proto, Some(Proto::Tcp | Proto::Udp)) {
                    return Err(NfError::usage(
                        "Need TCP, UDP, SCTP or DCCP with port specification",
                    ));
                }
                let (lo, hi) = match v.split_once('-') {
                    Some((a, b)) => (parse_num_port(a, &v)?, parse_num_port(b, &v)?),
                    None => {
                        let p = parse_num_port(&v, &v)?;
                        (p, p)
                    }
                };
                self.to_ports = Some((lo, hi));
            }
            _ => {}
        }
        Ok(())
    }

    /// `--syn` (no argument) and `--tcp-flags MASK COMP` (two arguments).
    fn tcp_flags_option(&mut self, name: &str, shown: &str) -> Result<(), NfError> {
        let inv = self.take_invert();
        let (mask, comp) = if name == "syn" {
            (0x17, 0x02)
        } else {
            let mask = self.next_value(shown)?;
            let comp = match self.args.get(self.pos) {
                Some(c) if !c.starts_with('-') && c != "!" => {
                    self.pos += 1;
                    c.clone()
                }
                _ => return Err(NfError::usage("--tcp-flags requires two args.")),
            };
            (parse_tcp_flags(&mask)?, parse_tcp_flags(&comp)?)
        };
        if let Match::Tcp { flags, .. } = self.proto_match(Proto::Tcp) {
            *flags = Some(rule::TcpFlagsMatch {
                mask,
                comp,
                invert: inv,
            });
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Invocation, NfError> {
        if self.invert {
            return Err(NfError::usage("nothing appropriate following !"));
        }
        let Some((cmd, _)) = self.command else {
            return Err(NfError::usage("no command specified"));
        };
        if let Some(e) = self.addr_error.take() {
            return Err(e);
        }
        // Target.
        if let Some(t) = self.target_name.clone() {
            self.rule.target = match t.as_str() {
                "ACCEPT" => Target::Accept,
                "DROP" => Target::Drop,
                "RETURN" => Target::Return,
                "REJECT" => Target::Reject(self.reject.unwrap_or(RejectWith::PortUnreachable)),
                "LOG" => Target::Log {
                    level: self.log_level.unwrap_or(4),
                    prefix: self.log_prefix.clone(),
                },
                "SNAT" | "DNAT" => {
                    let Some(r) = self.nat else {
                        let opt = if t == "SNAT" {
                            "to-source"
                        } else {
                            "to-destination"
                        };
                        return Err(NfError::usage(format!(
                            "{t}: option \"--{opt}\" must be specified\n"
                        )));
                    };
                    if t == "SNAT" {
                        Target::Snat(r)
                    } else {
                        Target::Dnat(r)
                    }
                }
                "MASQUERADE" => Target::Masquerade(self.to_ports, self.nat_random),
                "MARK" => {
                    let Some((value, mask)) = self.mark_target else {
                        return Err(NfError::usage(
                            "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required",
                        ));
                    };
                    Target::Mark { value, mask }
                }
                "REDIRECT" => Target::Redirect(self.to_ports),
                other => Target::Jump(other.to_string()),
            };
        }
        if let Some(Match::Comment(c)) = self
            .rule
            .matches
            .iter()
            .find(|m| matches!(m, Match::Comment(c) if c.is_empty()))
        {
            let _ = c;
            return Err(NfError::usage(
                "comment: option \"--comment\" must be specified\n",
            ));
        }
        if self.loaded.contains(&"statistic") {
            let mode = match self.stat_mode.as_deref() {
                Some("nth") => {
                    let Some(every) = self.stat_every else {
                        return Err(NfError::usage(
                            "--every and --packet must be specified when using nth mode",
                        ));
                    };
                    rule::Statistic::Nth {
                        every,
                        packet: self.stat_packet.unwrap_or(0),
                        count: rule::NthCounter::default(),
                    }
                }
                _ => {
                    let Some(probability) = self.stat_probability else {
                        return Err(NfError::usage(
                            "--probability must be specified when using random mode",
                        ));
                    };
                    rule::Statistic::Random { probability }
                }
            };
            self.rule.matches.push(Match::Statistic {
                mode,
                invert: self.stat_invert,
            });
        }
        if self.loaded.contains(&"conntrack")
            && !self
                .rule
                .matches
                .iter()
                .any(|m| matches!(m, Match::Conntrack { .. }))
        {
            return Err(NfError::usage("conntrack: At least one option is required"));
        }
        let chain = self.chain.clone();
        let is_rule_cmd = matches!(cmd, Opt::Append | Opt::Check | Opt::Insert | Opt::Replace)
            || (cmd == Opt::Delete && self.extra.is_empty());
        if !is_rule_cmd {
            let has_rule = self.rule != Rule::default() || self.target_name.is_some();
            if has_rule {
                let which = if self.rule.src.is_some() {
                    "-s"
                } else if self.rule.dst.is_some() {
                    "-d"
                } else if self.rule.proto.is_some() {
                    "-p"
                } else if self.target_name.is_some() {
                    "-j"
                } else if self.rule.in_iface.is_some() {
                    "-i"
                } else {
                    "-o"
                };
                return Err(NfError::usage(format!(
                    "Illegal option `{which}' with this command"
                )));
            }
        }
        if (self.exact || self.line_numbers || self.numeric) && !matches!(cmd, Opt::List) {
            let o = if self.numeric {
                "-n"
            } else if self.exact {
                "-x"
            } else {
                "--line-numbers"
            };
            return Err(NfError::usage(format!(
                "Illegal option `{o}' with this command"
            )));
        }
        if is_rule_cmd {
            if let Some(c) = chain.as_deref() {
                let bad_in = matches!(c, "OUTPUT" | "POSTROUTING");
                let bad_out = matches!(c, "INPUT" | "PREROUTING");
                if bad_out && self.rule.out_iface.is_some() {
                    return Err(NfError::usage(format!("Can't use -o with {c}\n")));
                }
                if bad_in && self.rule.in_iface.is_some() {
                    return Err(NfError::usage(format!("Can't use -i with {c}\n")));
                }
            }
        }
        let rule_num = |s: &str| -> Result<usize, NfError> {
            match s.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(NfError::usage(format!("Invalid rule number `{s}'"))),
            }
        };
        let chain_s = chain.clone().unwrap_or_default();
        let rule = self.rule.clone();
        // One rule per (source, destination) pair, sources outermost.
        let srcs: Vec<Option<AddrMatch>> = if self.srcs.is_empty() {
            vec![None]
        } else {
            self.srcs.iter().copied().map(Some).collect()
        };
        let dsts: Vec<Option<AddrMatch>> = if self.dsts.is_empty() {
            vec![None]
        } else {
            self.dsts.iter().copied().map(Some).collect()
        };
        let mut rules = Vec::new();
        for s in &srcs {
            for d in &dsts {
                rules.push(Rule {
                    src: *s,
                    dst: *d,
                    ..rule.clone()
                });
            }
        }
        let command = match cmd {
            Opt::Append => Command::Append(chain_s, rules),
            Opt::Check => Command::Check(chain_s, rules),
            Opt::Insert => {
                let n = match self.extra.first() {
                    Some(s) => rule_num(s)?,
                    None => 1,
                };
                Command::Insert(chain_s, n, rules)
            }
            Opt::Delete => match self.extra.first() {
                Some(s) => Command::DeleteNum(chain_s, rule_num(s)?),
                None => Command::Delete(chain_s, rules),
            },
            Opt::Replace => {
                if rules.len() != 1 {
                    return Err(NfError::usage(
                        "Replacement rule does not specify a unique address",
                    ));
                }
                Command::Replace(chain_s, rule_num(&self.extra[0])?, rule)
            }
            Opt::List => {
                let n = match self.extra.first() {
                    Some(s) => Some(rule_num(s)?),
                    None => None,
                };
                Command::List(chain, n)
            }
            Opt::ListRules => {
                let n = match self.extra.first() {
                    Some(s) => Some(rule_num(s)?),
                    None => None,
                };
                Command::ListRules(chain, n)
            }
            Opt::Flush => Command::Flush(chain),
            Opt::Zero => Command::Zero(chain),
            Opt::NewChain => Command::NewChain(chain_s),
            Opt::DeleteChain => Command::DeleteChain(chain),
            Opt::Rename => Command::Rename(chain_s, self.extra[0].clone()),
            _ => Command::SetPolicy(chain_s, self.extra[0].clone()),
        };
        Ok(Invocation {
            table: self.table,
            command,
            numeric: self.numeric,
            verbose: self.verbose,
            exact: self.exact,
            line_numbers: self.line_numbers,
            zero_after_list: self.also_zero,
        })
    }
}

/// Parses `-s`/`-d`: `A.B.C.D`, `A.B.C.D/N`, `A.B.C.D/M.A.S.K`.
pub fn parse_addr(v: &str) -> Result<AddrMatch, NfError> {
    parse_addrs(v, &[]).map(|mut l| l.remove(0))
}

/// Parses one `-s`/`-d` item; a host name resolves through `hosts`
/// (`/etc/hosts` lines: address, names) to every address it has, as
/// getaddrinfo with Debian's `multi on` does.
pub fn parse_addrs(v: &str, hosts: &[(Ipv4Addr, Vec<String>)]) -> Result<Vec<AddrMatch>, NfError> {
    let bad = || NfError::usage(format!("host/network `{v}' not found"));
    let (a, m) = match v.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (v, None),
    };
    let addrs: Vec<Ipv4Addr> = match a.parse::<Ipv4Addr>() {
        Ok(ip) => vec![ip],
        Err(_) => {
            let mut found: Vec<Ipv4Addr> = hosts
                .iter()
                .filter(|(_, names)| names.iter().any(|n| n == a))
                .map(|(ip, _)| *ip)
                .collect();
            found.dedup();
            if found.is_empty() && a == "localhost" {
                found.push(Ipv4Addr::LOCALHOST);
            }
            if found.is_empty() || a.is_empty() {
                return Err(bad());
            }
            found
        }
    };
    let mask: u32 = match m {
        None => u32::MAX,
        Some(m) => {
            if let Ok(n) = m.parse::<u32>() {
                if n > 32 {
                    return Err(NfError::usage(format!("invalid mask `{m}' specified")));
                }
                if n == 0 {
                    0
                } else {
                    u32::MAX << (32 - n)
                }
            } else {
                let mk: Ipv4Addr = m
                    .parse()
                    .map_err(|_| NfError::usage(format!("invalid mask `{m}' specified")))?;
                u32::from(mk)
            }
        }
    };
    Ok(addrs
        .into_iter()
        .map(|addr| AddrMatch {
            addr: Ipv4Addr::from(u32::from(addr) & mask),
            mask,
            invert: false,
        })
        .collect())
}

/// `/etc/hosts` text as (address, names) lines, IPv4 only.
pub fn hosts_table(text: &str) -> Vec<(Ipv4Addr, Vec<String>)> {
    text.lines()
        .filter_map(|l| {
            let l = l.split('#').next().unwrap_or("");
            let mut w = l.split_whitespace();
            let ip = w.next()?.parse::<Ipv4Addr>().ok()?;
            Some((ip, w.map(str::to_string).collect()))
        })
        .collect()
}

fn parse_port(s: &str, proto: &str) -> Result<u16, NfError> {
    if let Ok(n) = s.parse::<u32>() {
        if n <= 65535 {
            return Ok(n as u16);
        }
    } else if let Some(p) = services::name_port(s, proto) {
        return Ok(p);
    }
    Err(NfError::usage(format!(
        "invalid port/service `{s}' specified"
    )))
}

fn parse_port_range(s: &str, proto: &str) -> Result<(u16, u16), NfError> {
    match s.split_once(':') {
        Some((a, b)) => {
            let lo = if a.is_empty() {
                0
            } else {
                parse_port(a, proto)?
            };
            let hi = if b.is_empty() {
                65535
            } else {
                parse_port(b, proto)?
            };
            if lo > hi {
                return Err(NfError::usage("invalid portrange (min > max)"));
            }
            Ok((lo, hi))
        }
        None => {
            let p = parse_port(s, proto)?;
            Ok((p, p))
        }
    }
}

fn parse_num_port(s: &str, whole: &str) -> Result<u16, NfError> {
    s.parse::<u16>()
        .map_err(|_| NfError::usage(format!("Invalid port:port syntax - use dash\n{whole}")))
}

fn parse_icmp_type(v: &str) -> Result<(u8, u8, u8), NfError> {
    if let Some((_, t, lo, hi)) = rule::ICMP_NAMES.iter().find(|(n, ..)| *n == v) {
        return Ok((*t, *lo, *hi));
    }
    let bad = || NfError::usage(format!("Unknown ICMP type `{v}'"));
    match v.split_once('/') {
        Some((t, c)) => {
            let t = t.parse::<u8>().map_err(|_| bad())?;
            let c = c.parse::<u8>().map_err(|_| bad())?;
            Ok((t, c, c))
        }
        None => {
            let t = v.parse::<u8>().map_err(|_| bad())?;
            Ok((t, 0, 0xFF))
        }
    }
}

/// `VALUE[/MASK]`, decimal or 0x-hex (the mask defaults to all ones).
fn parse_mark(s: &str) -> Result<(u32, u32), NfError> {
    let num = |t: &str| -> Option<u32> {
        match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            Some(h) => u32::from_str_radix(h, 16).ok(),
            None => t.parse().ok(),
        }
    };
    let bad = || NfError::usage(format!("Bad MARK value \"{s}\""));
    match s.split_once('/') {
        Some((v, m)) => Ok((num(v).ok_or_else(bad)?, num(m).ok_or_else(bad)?)),
        None => Ok((num(s).ok_or_else(bad)?, u32::MAX)),
    }
}

fn parse_tcp_flags(s: &str) -> Result<u8, NfError> {
    let mut bits = 0;
    for w in s.split(',') {
        bits |= match w {
            "ALL" => 0x3F,
            "NONE" => 0,
            _ => rule::TCP_FLAG_NAMES
                .iter()
                .find(|(n, _)| *n == w)
                .map(|(_, b)| *b)
                .ok_or_else(|| NfError::usage(format!("Unknown TCP flag `{w}'")))?,
        };
    }
    Ok(bits)
}

/// Parses `--to-source`/`--to-destination`: `a[-b][:p[-q]]`.
pub fn parse_nat_range(v: &str) -> Result<NatRange, NfError> {
    let bad = || NfError::usage(format!("Bad IP address \"{v}\""));
    let (addrs, ports) = match v.split_once(':') {
        Some((a, p)) => (a, Some(p)),
        None => (v, None),
    };
    let (lo, hi) = if addrs.is_empty() {
        (None, None)
    } else {
        match addrs.split_once('-') {
            Some((a, b)) => (
                Some(a.parse::<Ipv4Addr>().map_err(|_| bad())?),
                Some(b.parse::<Ipv4Addr>().map_err(|_| bad())?),
            ),
            None => {
                let a = addrs.parse::<Ipv4Addr>().map_err(|_| bad())?;
                (Some(a), Some(a))
            }
        }
    };
    let ports = match ports {
        None => None,
        Some(p) => {
            let badp = || NfError::usage(format!("Port `{p}' not valid"));
            match p.split_once('-') {
                Some((a, b)) => {
                    let a = a.parse::<u16>().map_err(|_| badp())?;
                    let b = b.parse::<u16>().map_err(|_| badp())?;
                    Some((a, b))
                }
                None => {
                    let a = p.parse::<u16>().map_err(|_| badp())?;
                    Some((a, a))
                }
            }
        }
    };
    Ok(NatRange {
        addr_lo: lo,
        addr_hi: hi,
        ports,
    })
}

const NAT_DROP: &str = "\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n";

impl Netfilter {
    /// Applies a parsed command (all but the listings). On error nothing
    /// changes.
    pub fn apply(&mut self, inv: &Invocation) -> Result<(), NfError> {
        self.apply_checked(inv, true)
    }

    /// [`Netfilter::apply`]; `validate: false` skips the target/hook check
    /// (iptables-restore checks the whole table at COMMIT instead).
    pub(crate) fn apply_checked(
        &mut self,
        inv: &Invocation,
        validate: bool,
    ) -> Result<(), NfError> {
        let kind = inv.table;
        let before = match &inv.command {
            Command::Append(c, _) | Command::Insert(c, ..) | Command::Replace(c, ..)
                if validate =>
            {
                Some((
                    c.clone(),
                    self.table(kind).is_some(),
                    self.table(kind)
                        .and_then(|t| t.chain(c))
                        .map(|ch| ch.rules.clone()),
                ))
            }
            _ => None,
        };
        self.apply_inner(inv)?;
        if let Some((c, existed, rules)) = before {
            let invalid = self
                .table(kind)
                .and_then(|t| t.first_invalid_rule())
                .is_some();
            if invalid {
                // Undo: the table was valid before this command.
                if !existed {
                    self.tables.retain(|t| t.kind != kind);
                } else if let (Some(ch), Some(rules)) = (self.table_mut(kind).chain_mut(&c), rules)
                {
                    ch.rules = rules;
                }
                let op = match inv.command {
                    Command::Append(..) => "RULE_APPEND",
                    Command::Insert(..) => "RULE_INSERT",
                    _ => "RULE_REPLACE",
                };
                return Err(NfError::Fatal(
                    format!(" {op} failed (Invalid argument): rule in chain {c}"),
                    4,
                ));
            }
        }
        Ok(())
    }

    fn apply_inner(&mut self, inv: &Invocation) -> Result<(), NfError> {
        let kind = inv.table;
        let no_chain = || NfError::Op("No chain/target/match by that name.".into());
        // Checks that never create the table.
        let exists =
            |nf: &Netfilter, c: &str| -> bool { nf.table_or_default(kind).chain(c).is_some() };
        let check_target = |nf: &Netfilter, r: &Rule| -> Result<(), NfError> {
            if let Target::Jump(j) = &r.target {
                if !exists(nf, j) || Hook::from_chain(j).is_some() {
                    return Err(NfError::usage(format!("Chain '{j}' does not exist")));
                }
            }
            if kind == TableKind::Nat && r.target == Target::Drop {
                return Err(NfError::usage(NAT_DROP));
            }
            Ok(())
        };
        // With nf_tables these need the table to exist already.
        if self.table(kind).is_none()
            && matches!(
                inv.command,
                Command::DeleteNum(..) | Command::Replace(..) | Command::DeleteChain(Some(_))
            )
        {
            return Err(no_chain());
        }
        match &inv.command {
            Command::Append(c, rs) | Command::Insert(c, _, rs) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                for r in rs {
                    check_target(self, r)?;
                }
                let len = self
                    .table_or_default(kind)
                    .chain(c)
                    .map_or(0, |ch| ch.rules.len());
                if let Command::Insert(_, n, _) = &inv.command {
                    if *n > len + 1 {
                        return Err(NfError::Op("Index of insertion too big.".into()));
                    }
                }
                let ch = self.table_mut(kind).chain_mut(c).ok_or_else(no_chain)?;
                for r in rs {
                    match &inv.command {
                        // Each rule goes in at N, so a list ends up reversed.
                        Command::Insert(_, n, _) => ch.rules.insert(n - 1, r.clone()),
                        _ => ch.rules.push(r.clone()),
                    }
                }
            }
            Command::Replace(c, n, r) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                check_target(self, r)?;
                let len = self
                    .table_or_default(kind)
                    .chain(c)
                    .map_or(0, |ch| ch.rules.len());
                if *n > len {
                    return Err(NfError::Op("Index of replacement too big.".into()));
                }
                let ch = self.table_mut(kind).chain_mut(c).ok_or_else(no_chain)?;
                ch.rules[n - 1] = r.clone();
            }
            Command::Delete(c, rs) | Command::Check(c, rs) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                let bad =
                    || NfError::Op("Bad rule (does a matching rule exist in that chain?).".into());
                // All or nothing, like one nf_tables batch.
                let mut rules = self
                    .table(kind)
                    .and_then(|t| t.chain(c))
                    .map(|ch| ch.rules.clone())
                    .unwrap_or_default();
                for r in rs {
                    let pos = rules.iter().position(|x| x.same_spec(r)).ok_or_else(bad)?;
                    rules.remove(pos);
                }
                if matches!(inv.command, Command::Delete(..)) {
                    self.table_mut(kind)
                        .chain_mut(c)
                        .ok_or_else(no_chain)?
                        .rules = rules;
                }
            }
            Command::DeleteNum(c, n) => {
                if !exists(self, c) {
                    return Err(no_chain());
                }
                let len = self
                    .table_or_default(kind)
                    .chain(c)
                    .map_or(0, |ch| ch.rules.len());
                if *n > len {
                    return Err(NfError::Op("Index of deletion too big.".into()));
                }
                self.table_mut(kind)
                    .chain_mut(c)
                    .ok_or_else(no_chain)?
                    .rules
                    .remove(n - 1);
            }
            Command::Flush(c) | Command::Zero(c) => {
                if let Some(c) = c {
                    if !exists(self, c) {
                        return Err(no_chain());
                    }
                }
                let flush = matches!(inv.command, Command::Flush(_));
                if let Some(pos) = self.tables.iter().position(|t| t.kind == kind) {
                    let t = &mut self.tables[pos];
                    if flush {
                        for ch in t
                            .chains
                            .iter_mut()
                            .filter(|ch| c.as_deref().is_none_or(|n| n == ch.name))
                        {
                            ch.rules.clear();
                        }
                    } else {
                        t.zero(c.as_deref());
                    }
                }
            }
            Command::NewChain(c) => {
                if exists(self, c) {
                    return Err(NfError::Op("Chain already exists.".into()));
                }
                if c.len() > 28 {
                    return Err(NfError::usage(format!(
                        "chain name `{c}' too long (must be under 29 chars)"
                    )));
                }
                if TARGETS.contains(&c.as_str()) {
                    return Err(NfError::usage("chain name may not clash with target name"));
                }
                self.table_mut(kind).add_user_chain(c);
            }
            Command::DeleteChain(c) => {
                let t = self.table_or_default(kind).into_owned();
                let victims: Vec<String> = match c {
                    Some(c) => {
                        let Some(ch) = t.chain(c) else {
                            return Err(no_chain());
                        };
                        vec![ch.name.clone()]
                    }
                    None => t
                        .chains
                        .iter()
                        .filter(|ch| !ch.is_builtin())
                        .map(|ch| ch.name.clone())
                        .collect(),
                };
                for v in &victims {
                    let builtin = t.chain(v).is_some_and(|ch| ch.is_builtin());
                    let referenced = t
                        .chains
                        .iter()
                        .filter(|ch| !victims.contains(&ch.name) || c.is_some())
                        .flat_map(|ch| ch.rules.iter())
                        .any(|r| matches!(&r.target, Target::Jump(j) if j == v));
                    // nf_tables refuses to delete a chain that still has rules.
                    let nonempty = t.chain(v).is_some_and(|ch| !ch.rules.is_empty());
                    if builtin || referenced || nonempty {
                        return Err(NfError::Fatal(
                            format!(" CHAIN_DEL failed (Device or resource busy): chain {v}"),
                            4,
                        ));
                    }
                }
                if let Some(pos) = self.tables.iter().position(|t| t.kind == kind) {
                    self.tables[pos]
                        .chains
                        .retain(|ch| !victims.contains(&ch.name));
                }
            }
            Command::Rename(old, new) => {
                if !exists(self, old) {
                    return Err(no_chain());
                }
                if exists(self, new) {
                    return Err(NfError::Op("File exists.".into()));
                }
                if Hook::from_chain(old).is_some() {
                    return Err(NfError::Op("No chain/target/match by that name.".into()));
                }
                let t = self.table_mut(kind);
                if let Some(pos) = t.chain_index(old) {
                    let mut ch = t.chains.remove(pos);
                    ch.name = new.clone();
                    let rules = std::mem::take(&mut ch.rules);
                    t.add_user_chain(new);
                    if let Some(n) = t.chain_mut(new) {
                        n.rules = rules;
                    }
                    for r in t.chains.iter_mut().flat_map(|c| c.rules.iter_mut()) {
                        if matches!(&r.target, Target::Jump(j) if j == old) {
                            r.target = Target::Jump(new.clone());
                        }
                    }
                }
            }
            Command::SetPolicy(c, p) => {
                let builtin = self
                    .table_or_default(kind)
                    .chain(c)
                    .is_some_and(|ch| ch.is_builtin());
                if !builtin {
                    return Err(NfError::Op("Bad built-in chain name.".into()));
                }
                let Some(pol) = Policy::parse(p) else {
                    return Err(NfError::Op(
                        "Bad policy name. Run `dmesg' for more information.".into(),
                    ));
                };
                if kind == TableKind::Nat && pol == Policy::Drop {
                    return Err(NfError::usage(NAT_DROP));
                }
                if let Some(ch) = self.table_mut(kind).chain_mut(c) {
                    ch.policy = Some(pol);
                }
            }
            Command::List(c, _) | Command::ListRules(c, _) => {
                if let Some(c) = c {
                    if !exists(self, c) {
                        return Err(NfError::Fatal(
                            format!(
                                "chain `{c}' in table `{kind}' is incompatible, use 'nft' tool."
                            ),
                            1,
                        ));
                    }
                }
                if inv.zero_after_list {
                    // Listing is the caller's; zeroing happens after it.
                }
            }
        }
        Ok(())
    }
}

/// Parses and applies one command line given as text (split on
/// whitespace, with `"..."` quoting). A convenience for tests and docs.
pub fn run_line(nf: &mut Netfilter, line: &str) -> Result<Invocation, NfError> {
    let argv = super::save::split_words(line)
        .map_err(|_| NfError::usage(format!("Bad argument `{line}'")))?;
    let inv = parse_args(&argv)?;
    nf.apply(&inv)?;
    Ok(inv)
}
