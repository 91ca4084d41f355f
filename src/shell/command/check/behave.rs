//! What the behavioural checks share: the target of a probe
//! (`[-n NS] DEST[:PORT] [tcp|udp|icmp]`), the judged outcome (expected,
//! found, smallest fix, packet walk), and the learner's language.
//!
//! Every probe runs on a clone of the world, so a check never changes what
//! the student built (no conntrack entry, ARP cache, DNS cache or clock
//! tick survives it).

use super::super::args::{self, Item, Opt};
use super::super::{run_argv, CmdOutput, Ctx};
use crate::display::i18n::{self, Lang};
use crate::sim::walk::WalkProto;
use core::net::Ipv4Addr;

/// Korean or English, by the session's `%lang`.
pub(super) fn tr(ko: &str, en: &str) -> String {
    match i18n::lang() {
        Lang::Ko => ko.to_string(),
        Lang::En => en.to_string(),
    }
}

/// What a check asks for, in the session's language: the `negated`
/// (Korean, English) pair under `check !`, the `plain` one otherwise.
pub(super) fn expectation(negate: bool, plain: (&str, &str), negated: (&str, &str)) -> String {
    let (ko, en) = if negate { negated } else { plain };
    tr(ko, en)
}

/// A simulator sentence (walk cause, fix) in the session's language.
pub(super) fn sim_sentence(s: &str) -> String {
    i18n::sim::sentence(s)
}

/// What a behavioural check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Judged {
    /// True when the world behaves as asked.
    pub passed: bool,
    /// What was asked for, in words.
    pub expected: String,
    /// What the world does instead.
    pub found: String,
    /// The smallest change that would make it pass (shown on failure).
    pub fix: Option<String>,
    /// The packet walk, as `netbook trace` prints it.
    pub walk: Option<String>,
}

impl Judged {
    pub(super) fn new(passed: bool, expected: String, found: String) -> Self {
        Judged {
            passed,
            expected,
            found,
            fix: None,
            walk: None,
        }
    }

    pub(super) fn fix(mut self, fix: Option<String>) -> Self {
        self.fix = fix;
        self
    }
}

/// A usage problem of a behavioural check (fails the cell as a usage error).
pub(super) type Usage = String;

/// Which side `check nat --to...` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NatSide {
    /// `--to`: either rewritten address.
    Either,
    /// `--to-destination`: DNAT.
    Destination,
    /// `--to-source`: SNAT or MASQUERADE.
    Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Netns,
    To(NatSide),
    Via,
}

/// Every option a behavioural check reads (getopt_long rules: anywhere
/// among the words, `--opt=value`, unambiguous prefixes).
const BEHAVE_OPTS: &[Opt<Key>] = &[
    Opt::with_value('n', "netns", Key::Netns),
    Opt::long_value("to", Key::To(NatSide::Either)),
    Opt::long_value("to-destination", Key::To(NatSide::Destination)),
    Opt::long_value("to-source", Key::To(NatSide::Source)),
    Opt::long_value("via", Key::Via),
];

/// A behavioural check's arguments: the namespace (`-n`, else the
/// cell's), `--to` for `nat`, `--via` for `resolves`, and the words in
/// order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct BehaveArgs {
    pub netns: Option<String>,
    pub to: Option<(NatSide, String)>,
    pub via: Option<String>,
    pub words: Vec<String>,
}

/// Parses a behavioural check's arguments; `--to` is read only when
/// `to` and `--via` only when `via` (elsewhere they are unrecognized).
pub(super) fn parse_behave(
    ctx: &Ctx,
    args: &[String],
    to: bool,
    via: bool,
) -> Result<BehaveArgs, Usage> {
    let items = args::parse(BEHAVE_OPTS, args).map_err(|e| {
        let m = e.message("");
        m.trim_start_matches(": ").trim_end().to_string()
    })?;
    let mut a = BehaveArgs {
        netns: ctx.netns.clone(),
        ..Default::default()
    };
    let refuse = |what: &str| Err(format!("unrecognized option '--{what}'"));
    for item in items {
        match item {
            Item::Value(Key::Netns, n) => a.netns = Some(n),
            Item::Value(Key::To(side), v) if to => a.to = Some((side, v)),
            Item::Value(Key::To(_), _) => return refuse("to"),
            Item::Value(Key::Via, v) if via => a.via = Some(v),
            Item::Value(Key::Via, _) => return refuse("via"),
            Item::Operand(w) => a.words.push(w),
            Item::Flag(_) => {}
        }
    }
    Ok(a)
}

/// `ip -n NS ` / `ip netns exec NS ` prefixes for a fix, empty for the host.
pub(super) fn ns_prefix(netns: &Option<String>) -> (String, String) {
    match netns {
        Some(n) => (format!("-n {n} "), format!("ip netns exec {n} ")),
        None => (String::new(), String::new()),
    }
}

/// Where a probe goes: `DEST[:PORT] [tcp|udp|icmp]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    /// As written (a name or an address).
    pub host: String,
    /// The port, if any.
    pub port: Option<u16>,
    /// What to send.
    pub proto: WalkProto,
    /// `from ADDR`: a sender on the Internet, arriving through the uplink.
    pub from: Option<Ipv4Addr>,
}

impl Target {
    /// Parses the target words; a port without a protocol means tcp, no
    /// port means icmp; `from ADDR` anywhere names an Internet sender.
    pub(super) fn parse(words: &[String]) -> Result<Target, Usage> {
        let mut words = words.to_vec();
        let mut from = None;
        if let Some(i) = words.iter().position(|w| w == "from") {
            let Some(a) = words.get(i + 1) else {
                return Err("from needs an address".into());
            };
            from = Some(
                a.parse::<Ipv4Addr>()
                    .map_err(|_| format!("bad address '{a}' after from"))?,
            );
            words.drain(i..i + 2);
        }
        let (dest, proto) = match words.as_slice() {
            [d] => (d, None),
            [d, p] => (d, Some(p.as_str())),
            [] => return Err("missing destination".into()),
            _ => return Err(format!("unexpected argument '{}'", words[2])),
        };
        let (host, port) = match dest.rsplit_once(':') {
            Some((h, p)) => match p.parse::<u16>() {
                Ok(p) if p > 0 => (h.to_string(), Some(p)),
                _ => return Err(format!("bad port '{p}'")),
            },
            None => (dest.to_string(), None),
        };
        let proto = match (proto, port) {
            (Some("tcp") | None, Some(p)) => WalkProto::Tcp(p),
            (Some("udp"), Some(p)) => WalkProto::Udp(p),
            (Some("icmp") | None, None) => WalkProto::Icmp,
            (Some("tcp" | "udp"), None) => {
                return Err(format!("{} needs DEST:PORT", proto.unwrap_or("")))
            }
            (Some("icmp"), Some(_)) => return Err("icmp has no port".into()),
            (Some(other), _) => {
                return Err(format!("unknown protocol '{other}' (tcp, udp or icmp)"))
            }
        };
        Ok(Target {
            host,
            port,
            proto,
            from,
        })
    }

    /// `10.0.0.2:22 tcp` as the check names it.
    pub(super) fn label(&self, dst: Option<Ipv4Addr>) -> String {
        let host = match dst {
            Some(d) if d.to_string() != self.host => format!("{} ({d})", self.host),
            _ => self.host.clone(),
        };
        match self.proto {
            WalkProto::Tcp(p) => format!("{host}:{p} tcp"),
            WalkProto::Udp(p) => format!("{host}:{p} udp"),
            WalkProto::Icmp => format!("{host} icmp"),
        }
    }

    /// The `netbook trace` words for the same probe.
    pub(super) fn trace_words(&self) -> String {
        let probe = match self.proto {
            WalkProto::Tcp(p) => format!("tcp {}:{p}", self.host),
            WalkProto::Udp(p) => format!("udp {}:{p}", self.host),
            WalkProto::Icmp => format!("icmp {}", self.host),
        };
        match self.from {
            Some(f) => format!("{probe} from {f}"),
            None => probe,
        }
    }
}

/// Runs a command in `netns` on a copy of the world: the tool's own view
/// (its output), with nothing it does left behind.
pub(super) fn run_on_clone(ctx: &Ctx, netns: &Option<String>, argv: &[&str]) -> CmdOutput {
    let mut world = ctx.world.clone();
    let mut inner = Ctx::bare(&mut world, netns.clone(), ctx.interrupt);
    inner.shell = ctx.shell;
    let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
    run_argv(&mut inner, &argv)
}

/// The namespace label a learner knows (`the host` for the root one).
pub(super) fn ns_label(netns: &Option<String>) -> String {
    match netns {
        Some(n) => n.clone(),
        None => tr("호스트", "the host"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::args::words;
    use super::*;

    #[test]
    fn targets_parse_with_defaults() {
        let t = Target::parse(&words("10.0.0.2:22")).unwrap();
        assert_eq!(t.proto, WalkProto::Tcp(22));
        assert_eq!(Target::parse(&words("db")).unwrap().proto, WalkProto::Icmp);
        assert_eq!(
            Target::parse(&words("db:53 udp")).unwrap().proto,
            WalkProto::Udp(53)
        );
        assert!(Target::parse(&words("db tcp")).is_err());
        assert!(Target::parse(&words("db:x")).is_err());
        assert!(Target::parse(&words("db:22 sctp")).is_err());
        assert!(Target::parse(&words("db:22 icmp")).is_err());
    }
}
