//! The iptables command line: parses argv the way iptables 1.8.9
//! (`xshared.c`, `do_parse`) does, with getopt_long's unique-prefix long
//! options, `!` negation and the extension options that `-p`, `-m` and
//! `-j` load.
//! Match and target extension options are read in `extensions.rs`, the
//! checks after the whole line in `checks.rs`, values in `values.rs`.

use super::error::NfError;
use super::ext_connmark::CopyOpts;
use super::ext_options::{ext_options, MATCHES, TARGETS};
use super::hook::TableKind;
use super::matches::Match;
use super::rule::{AddrMatch, IfaceMatch, ProtoMatch, Rule};
use super::targets::{NatFlags, NatRandom, NatRange, RejectWith};
use super::tuple::Proto;
use super::values::parse_addrs;
use core::net::Ipv4Addr;

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
pub(super) enum Opt {
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
    Fragment,
    Numeric,
    Verbose,
    Exact,
    LineNumbers,
    Wait,
    Version,
    Help,
    Ext(&'static str),
}

/// iptables' base option table (`xshared.c`'s `original_opts` and its
/// optstring): short letter, long name, option. Extension options are
/// merged in as `-p`, `-m` and `-j` load them ([`Parser::available_long`]).
pub(super) const BASE: &[(Option<char>, &str, Opt)] = &[
    (Some('A'), "append", Opt::Append),
    (Some('C'), "check", Opt::Check),
    (Some('D'), "delete", Opt::Delete),
    (Some('I'), "insert", Opt::Insert),
    (Some('R'), "replace", Opt::Replace),
    (Some('L'), "list", Opt::List),
    (Some('S'), "list-rules", Opt::ListRules),
    (Some('F'), "flush", Opt::Flush),
    (Some('Z'), "zero", Opt::Zero),
    (Some('N'), "new-chain", Opt::NewChain),
    (Some('X'), "delete-chain", Opt::DeleteChain),
    (Some('E'), "rename-chain", Opt::Rename),
    (Some('P'), "policy", Opt::Policy),
    (Some('t'), "table", Opt::Table),
    (Some('p'), "protocol", Opt::Proto),
    (Some('s'), "source", Opt::Source),
    (None, "src", Opt::Source),
    (Some('d'), "destination", Opt::Dest),
    (None, "dst", Opt::Dest),
    (Some('i'), "in-interface", Opt::InIface),
    (Some('o'), "out-interface", Opt::OutIface),
    (Some('j'), "jump", Opt::Jump),
    (Some('m'), "match", Opt::Match),
    (Some('f'), "fragment", Opt::Fragment),
    (Some('n'), "numeric", Opt::Numeric),
    (Some('v'), "verbose", Opt::Verbose),
    (Some('x'), "exact", Opt::Exact),
    (None, "line-numbers", Opt::LineNumbers),
    (Some('w'), "wait", Opt::Wait),
    (Some('V'), "version", Opt::Version),
    (Some('h'), "help", Opt::Help),
];

pub(super) fn short(c: char) -> Option<Opt> {
    BASE.iter()
        .find(|(s, _, _)| *s == Some(c))
        .map(|(_, _, o)| *o)
}

impl Opt {
    /// Options that never take a value (so `--numeric=yes` is unknown).
    fn is_flag(self) -> bool {
        matches!(
            self,
            Opt::Numeric
                | Opt::Verbose
                | Opt::Exact
                | Opt::LineNumbers
                | Opt::Version
                | Opt::Fragment
        )
    }

    /// iptables 1.8.9 reads these values as `argv[optind - 1]`: the next
    /// word, or the whole word when the value is attached (`-ptcp` asks
    /// for protocol "-ptcp").
    fn value_is_whole_word(self) -> bool {
        matches!(
            self,
            Opt::Proto | Opt::Source | Opt::Dest | Opt::InIface | Opt::OutIface | Opt::Jump
        )
    }
}

/// Parser state for one command line.
pub(super) struct Parser {
    pub(super) args: Vec<String>,
    pub(super) pos: usize,
    pub(super) table: TableKind,
    pub(super) command: Option<(Opt, char)>,
    pub(super) chain: Option<String>,
    pub(super) extra: Vec<String>,
    pub(super) rule: Rule,
    pub(super) proto_given: bool,
    pub(super) target_name: Option<String>,
    /// Extensions loaded with `-m` (and implicitly by `-p`), in order.
    pub(super) loaded: Vec<&'static str>,
    pub(super) invert: bool,
    pub(super) numeric: bool,
    pub(super) verbose: bool,
    pub(super) exact: bool,
    pub(super) line_numbers: bool,
    pub(super) also_zero: bool,
    pub(super) nat: Option<NatRange>,
    /// `-s`/`-d` address lists (`-s 10.0.0.1,10.0.0.2`).
    pub(super) srcs: Vec<AddrMatch>,
    pub(super) dsts: Vec<AddrMatch>,
    /// iptables resolves `-s`/`-d` after reading every option, so a bad
    /// address is reported only if the rest of the line parses.
    pub(super) addr_error: Option<NfError>,
    /// Name -> address lines for host names in `-s`/`-d`.
    pub(super) hosts: Vec<(Ipv4Addr, Vec<String>)>,
    pub(super) to_ports: Option<(u16, u16)>,
    pub(super) nat_random: NatRandom,
    /// SNAT/DNAT's `--random`, `--random-fully`, `--persistent`.
    pub(super) nat_flags: NatFlags,
    /// `-j CT --notrack`
    pub(super) ct_notrack: bool,
    /// `-j CONNMARK`'s copy options.
    pub(super) connmark: CopyOpts,
    /// `-j TOS`: (value, mask).
    pub(super) tos: Option<(u8, u8)>,
    /// `-j MARK`: (value, mask) in --set-xmark form.
    pub(super) mark_target: Option<(u32, u32)>,
    /// `-m statistic` options: mode, probability, every, packet, invert.
    pub(super) stat_mode: Option<String>,
    pub(super) stat_probability: Option<u32>,
    pub(super) stat_every: Option<u32>,
    pub(super) stat_packet: Option<u32>,
    pub(super) stat_invert: bool,
    pub(super) reject: Option<RejectWith>,
    pub(super) log_prefix: Option<String>,
    pub(super) log_level: Option<u8>,
    /// `-V` or `-h` seen: the line ends there.
    pub(super) early: Option<Request>,
    /// Options of the current limit/iprange/... match already given.
    pub(super) ext_seen: Vec<&'static str>,
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
    match parse_request(args, &[])? {
        Request::Run(inv) => Ok(*inv),
        // A rule line (iptables-restore) has no use for them.
        Request::Version => Err(NfError::usage("unknown option \"-V\"")),
        Request::Help => Err(NfError::usage("unknown option \"-h\"")),
    }
}

/// What a whole iptables command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `-V`/`--version` was read before any error.
    Version,
    /// `-h`/`--help` was read before any error.
    Help,
    /// A command on the tables.
    Run(Box<Invocation>),
}

/// Parses a whole iptables command line into a [`Request`], resolving
/// host names in `-s`/`-d` through `hosts` (see
/// [`super::values::hosts_table`]).
pub fn parse_request(
    args: &[String],
    hosts: &[(Ipv4Addr, Vec<String>)],
) -> Result<Request, NfError> {
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
        nat_random: NatRandom::None,
        nat_flags: NatFlags::default(),
        ct_notrack: false,
        connmark: CopyOpts::default(),
        tos: None,
        mark_target: None,
        stat_mode: None,
        stat_probability: None,
        stat_every: None,
        stat_packet: None,
        stat_invert: false,
        reject: None,
        log_prefix: None,
        log_level: None,
        early: None,
        ext_seen: Vec::new(),
    };
    p.run()?;
    match p.early.take() {
        Some(r) => Ok(r),
        None => p.finish().map(|i| Request::Run(Box::new(i))),
    }
}

impl Parser {
    pub(super) fn next_value(&mut self, shown: &str) -> Result<String, NfError> {
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
    pub(super) fn optional(&mut self) -> Option<String> {
        match self.args.get(self.pos) {
            Some(v) if !v.starts_with('-') && v != "!" => {
                self.pos += 1;
                Some(v.clone())
            }
            _ => None,
        }
    }

    pub(super) fn available_long(&self) -> Vec<(&'static str, Opt)> {
        let mut v: Vec<(&'static str, Opt)> = BASE.iter().map(|(_, l, o)| (*l, *o)).collect();
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

    pub(super) fn run(&mut self) -> Result<(), NfError> {
        while self.pos < self.args.len() && self.early.is_none() {
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
                    if o.is_flag() {
                        return Err(NfError::usage(format!("unknown option \"{a}\"")));
                    }
                    // `--opt=value`: put the value back as the next word.
                    self.pos -= 1;
                    let mut args: Vec<String> = self.args.to_vec();
                    args[self.pos] = if o.value_is_whole_word() {
                        a.clone()
                    } else {
                        v
                    };
                    return self.restart_with(args, o, a);
                }
                (o, a.clone())
            } else if let Some(rest) = a.strip_prefix('-') {
                let mut chars = rest.chars();
                let (Some(c), None) = (chars.next(), chars.next()) else {
                    if rest.is_empty() {
                        return Err(NfError::Bare(format!("Bad argument `{a}'")));
                    }
                    // Bundled short options like `-nvL`.
                    let mut expanded: Vec<String> = self.args[..self.pos - 1].to_vec();
                    let cs: Vec<char> = rest.chars().collect();
                    for (i, c) in cs.iter().enumerate() {
                        let Some(o) = short(*c) else {
                            return Err(NfError::usage(format!("unknown option \"-{c}\"")));
                        };
                        if !o.is_flag() && i + 1 < cs.len() {
                            expanded.push(format!("-{c}"));
                            expanded.push(if o.value_is_whole_word() {
                                a.clone()
                            } else {
                                cs[i + 1..].iter().collect()
                            });
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

    pub(super) fn restart_with(
        &mut self,
        args: Vec<String>,
        o: Opt,
        shown: String,
    ) -> Result<(), NfError> {
        self.args = args;
        self.option(o, &shown)?;
        self.run()
    }

    pub(super) fn restart_bundled(&mut self, args: Vec<String>, pos: usize) -> Result<(), NfError> {
        self.args = args;
        self.pos = pos;
        self.run()
    }

    pub(super) fn set_command(&mut self, o: Opt, letter: char) -> Result<(), NfError> {
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

    pub(super) fn take_invert(&mut self) -> bool {
        std::mem::take(&mut self.invert)
    }

    pub(super) fn option(&mut self, o: Opt, shown: &str) -> Result<(), NfError> {
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
                let m = Some(IfaceMatch::parse(v, inv)?);
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
                self.more_loaded(m);
                if *m == "comment" {
                    // Each `-m comment` is its own match; filled by --comment.
                    self.loaded.retain(|x| *x != "comment");
                    self.loaded.push("comment");
                    self.rule.matches.push(Match::Comment(String::new()));
                }
            }
            Opt::Fragment => {
                let inv = self.take_invert();
                if self.rule.fragment.is_some() {
                    return Err(NfError::usage("multiple -f flags not allowed"));
                }
                self.rule.fragment = Some(inv);
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
            // iptables prints and exits right there: later words are unread.
            Opt::Version => self.early = Some(Request::Version),
            Opt::Help => self.early = Some(Request::Help),
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
}
