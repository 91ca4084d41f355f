//! Reading the options of `-m limit`, `iprange`, `length`, `ttl`, `mac`,
//! `pkttype` and `owner`, with libxtables' wording for its mistakes
//! (`xtables_option_parse`: an option given twice, a `!` it does not take).
//! Each `-m` of them starts a match of its own; its options fill the last.

use super::argv::Parser;
use super::error::NfError;
use super::ext_connlimit::{parse_prefix, ConnLimitMatch};
use super::ext_connmark::{ConnMarkMatch, ConnMarkOp};
use super::ext_hashlimit::{HashLimitMatch, MODES as HL_MODES};
use super::ext_header::{AddrRange, LengthMatch, TtlMatch, TtlOp};
use super::ext_l2::{MacMatch, PktType, PktTypeMatch};
use super::ext_limit::LimitMatch;
use super::ext_owner::{parse_ids, OwnerMatch};
use super::ext_physdev::PhysdevMatch;
use super::ext_recent::{RecentMatch, RecentMode};
use super::ext_tos::{parse_set_tos, parse_u8};
use super::iface::IfaceMatch;
use super::matches::Match;
use super::values::parse_mark;

/// (extension, option, takes `!`) for the options read here.
const OPTIONS: &[(&str, &str, bool)] = &[
    ("limit", "limit", false),
    ("limit", "limit-burst", false),
    ("iprange", "src-range", true),
    ("iprange", "dst-range", true),
    ("mac", "mac-source", true),
    ("physdev", "physdev-in", true),
    ("physdev", "physdev-out", true),
    ("physdev", "physdev-is-in", true),
    ("physdev", "physdev-is-out", true),
    ("physdev", "physdev-is-bridged", true),
    ("length", "length", true),
    ("ttl", "ttl-eq", true),
    ("ttl", "ttl-lt", false),
    ("ttl", "ttl-gt", false),
    ("pkttype", "pkt-type", true),
    ("owner", "uid-owner", true),
    ("owner", "gid-owner", true),
    ("owner", "socket-exists", true),
    ("connmark", "connmark-mark", true),
    ("CONNMARK", "save-mark", false),
    ("CONNMARK", "restore-mark", false),
    ("CONNMARK", "mask", false),
    ("CONNMARK", "nfmask", false),
    ("CONNMARK", "ctmask", false),
    ("recent", "name", false),
    ("recent", "set", true),
    ("recent", "rcheck", true),
    ("recent", "update", true),
    ("recent", "remove", true),
    ("recent", "seconds", false),
    ("recent", "reap", false),
    ("recent", "hitcount", false),
    ("recent", "rttl", false),
    ("recent", "rsource", false),
    ("recent", "rdest", false),
    ("recent", "mask", false),
    ("connlimit", "connlimit-upto", true),
    ("connlimit", "connlimit-above", true),
    ("connlimit", "connlimit-mask", false),
    ("connlimit", "connlimit-saddr", false),
    ("connlimit", "connlimit-daddr", false),
    ("set", "match-set", true),
    ("hashlimit", "hashlimit", false),
    ("hashlimit", "hashlimit-upto", false),
    ("hashlimit", "hashlimit-above", false),
    ("hashlimit", "hashlimit-burst", false),
    ("hashlimit", "hashlimit-mode", false),
    ("hashlimit", "hashlimit-name", false),
    ("hashlimit", "hashlimit-srcmask", false),
    ("hashlimit", "hashlimit-dstmask", false),
    ("hashlimit", "hashlimit-htable-expire", false),
    ("hashlimit", "hashlimit-htable-size", false),
    ("hashlimit", "hashlimit-htable-max", false),
    ("hashlimit", "hashlimit-htable-gcinterval", false),
    ("hashlimit", "hashlimit-rate-match", false),
    ("hashlimit", "hashlimit-rate-interval", false),
    ("TOS", "set-tos", false),
    ("TOS", "and-tos", false),
    ("TOS", "or-tos", false),
    ("TOS", "xor-tos", false),
];

/// Options that take no value.
const FLAGS: &[&str] = &[
    "physdev-is-in",
    "physdev-is-out",
    "physdev-is-bridged",
    "socket-exists",
    "save-mark",
    "restore-mark",
    "set",
    "rcheck",
    "update",
    "remove",
    "reap",
    "rttl",
    "rsource",
    "rdest",
    "connlimit-saddr",
    "connlimit-daddr",
    "hashlimit-rate-match",
];

/// `-m recent`'s modes, in libxt_recent's order.
const RECENT_MODES: [(&str, RecentMode); 4] = [
    ("set", RecentMode::Set),
    ("rcheck", RecentMode::Check),
    ("update", RecentMode::Update),
    ("remove", RecentMode::Remove),
];

/// True for the options [`Parser::more_option`] reads.
pub(super) fn is_more_option(name: &str) -> bool {
    OPTIONS.iter().any(|(_, o, _)| *o == name)
}

fn fresh(ext: &str) -> Option<Match> {
    Some(match ext {
        "limit" => Match::Limit(LimitMatch::new()),
        "iprange" => Match::IpRange(Default::default()),
        "length" => Match::Length(LengthMatch {
            min: 0,
            max: 0,
            invert: false,
        }),
        "ttl" => Match::Ttl(None),
        "mac" => Match::Mac(None),
        "physdev" => Match::Physdev(PhysdevMatch::default()),
        "pkttype" => Match::PktType(None),
        "owner" => Match::Owner(OwnerMatch::default()),
        "connmark" => Match::ConnMark(None),
        "recent" => Match::Recent(RecentMatch::default()),
        "connlimit" => Match::ConnLimit(ConnLimitMatch::new()),
        "hashlimit" => Match::HashLimit(HashLimitMatch::new()),
        _ => return None,
    })
}

impl Parser {
    /// `-m EXT` for one of these extensions: a new match, options unseen.
    pub(super) fn more_loaded(&mut self, ext: &'static str) {
        if let Some(m) = fresh(ext) {
            self.loaded.retain(|x| *x != ext);
            self.loaded.push(ext);
            self.ext_seen
                .retain(|o| !OPTIONS.iter().any(|(e, n, _)| *e == ext && n == o));
            self.rule.matches.push(m);
        }
    }

    /// The last match of `ext`'s kind (the one its options fill).
    fn last_of(&mut self, ext: &str) -> Option<&mut Match> {
        let want = std::mem::discriminant(&fresh(ext)?);
        self.rule
            .matches
            .iter_mut()
            .rev()
            .find(|m| std::mem::discriminant(*m) == want)
    }

    /// One option of these extensions.
    pub(super) fn more_option(&mut self, name: &str, shown: &str) -> Result<(), NfError> {
        // `--mask` is CONNMARK's or recent's, whichever is loaded.
        let recent_mask =
            name == "mask" && self.target_name.as_deref().is_none_or(|t| t != "CONNMARK");
        let Some(&(ext, canon, invertible)) = OPTIONS
            .iter()
            .find(|(e, o, _)| *o == name && (name != "mask" || (*e == "recent") == recent_mask))
        else {
            return Ok(());
        };
        let opt = canon.trim_start_matches("connmark-");
        let v = if FLAGS.contains(&opt) {
            String::new()
        } else {
            self.next_value(shown)?
        };
        let inv = self.take_invert();
        if self.ext_seen.contains(&canon) {
            return Err(NfError::usage(format!(
                "{ext}: option \"--{opt}\" can only be used once.\n"
            )));
        }
        if inv && !invertible {
            return Err(NfError::usage(format!(
                "{ext}: option \"--{opt}\" cannot be inverted.\n"
            )));
        }
        self.ext_seen.push(canon);
        let range_err = |max: u32| {
            NfError::usage(format!(
                "{ext}: bad value for option \"--{opt}\", or out of range (0-{max}).\n"
            ))
        };
        let bad_value = |what: &str| {
            NfError::usage(format!(
                "{ext}: Bad value for \"--{opt}\" option: \"{what}\""
            ))
        };
        let mask = || {
            parse_mark(&v)
                .ok()
                .filter(|(_, m)| *m == u32::MAX)
                .map(|(v, _)| v)
                .ok_or_else(|| range_err(u32::MAX))
        };
        let copy = &mut self.connmark;
        match (ext, opt) {
            ("recent", _) | ("connlimit", _) => {}
            // There is no ipset here: every set is one that does not exist.
            ("set", _) => return Err(NfError::usage(format!("Set {v} doesn't exist.\n"))),
            ("TOS", "set-tos") => {
                self.tos = Some(parse_set_tos(&v).map_err(NfError::usage)?);
            }
            ("TOS", _) => {
                let n = parse_u8(&v).ok_or_else(|| range_err(255))?;
                self.tos = Some(match opt {
                    "and-tos" => (0, !n),
                    "or-tos" => (n, n),
                    _ => (n, 0),
                });
            }
            (_, "save-mark" | "restore-mark") => copy.restore = Some(opt == "restore-mark"),
            (_, "mask") => {
                let m = mask()?;
                copy.nfmask = Some(m);
                copy.ctmask = Some(m);
            }
            (_, "nfmask") => copy.nfmask = Some(mask()?),
            (_, "ctmask") => copy.ctmask = Some(mask()?),
            _ => {}
        }
        let at_least_one = |max: &str| {
            NfError::usage(format!(
                "{ext}: bad value for option \"--{opt}\", or out of range (1-{max}).\n"
            ))
        };
        let m = self.last_of(ext);
        match (opt, m) {
            (_, Some(Match::Recent(r))) => match opt {
                "name" => r.name = v,
                "seconds" | "hitcount" => {
                    let n: u32 = v
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| at_least_one("4294967295"))?;
                    if opt == "seconds" {
                        r.seconds = n;
                    } else {
                        r.hitcount = n;
                    }
                }
                "reap" => r.reap = true,
                "rttl" => r.rttl = true,
                "rsource" | "rdest" => r.dest = opt == "rdest",
                "mask" => {
                    r.mask = v.parse().map_err(|_| {
                        NfError::usage("getaddrinfo: Temporary failure in name resolution\n")
                    })?;
                }
                _ => {
                    let mode = RECENT_MODES.iter().find(|(n, _)| *n == opt).map(|m| m.1);
                    if r.mode.is_none() {
                        r.mode = mode;
                        r.invert = inv;
                    }
                }
            },
            (_, Some(Match::HashLimit(h))) => match opt {
                "hashlimit" | "hashlimit-upto" | "hashlimit-above" => {
                    h.avg = Some(HashLimitMatch::parse_rate(&v).map_err(|e| match e {
                        Some(what) => {
                            NfError::usage(format!("netbook: hashlimit {what} are not simulated"))
                        }
                        None => bad_value(&v),
                    })?);
                    h.above = opt == "hashlimit-above";
                }
                "hashlimit-burst" => {
                    h.burst = v.parse().ok().filter(|b| (1..=1_000_000).contains(b)).ok_or_else(
                        || {
                            NfError::usage(
                                "bad value for option \"--hashlimit-burst\", or out of range (1-1000000).",
                            )
                        },
                    )?;
                }
                "hashlimit-mode" => {
                    let mut bits = 0;
                    for w in v.split(',') {
                        bits |= HL_MODES
                            .iter()
                            .find(|(n, _)| *n == w)
                            .map(|(_, b)| *b)
                            .ok_or_else(|| bad_value(&v))?;
                    }
                    h.mode = bits;
                }
                "hashlimit-name" => h.name = Some(v),
                "hashlimit-srcmask" | "hashlimit-dstmask" => {
                    // The kernel refuses more than 32 when the rule goes in.
                    let n = v.parse::<u8>().map_err(|_| range_err(255))?;
                    if opt == "hashlimit-srcmask" {
                        h.srcmask = n;
                    } else {
                        h.dstmask = n;
                    }
                }
                "hashlimit-htable-expire" => {
                    h.expire_ms = v.parse().map_err(|_| range_err(u32::MAX))?;
                }
                _ => return Err(NfError::usage(format!("netbook: --{opt} is not simulated"))),
            },
            (_, Some(Match::ConnLimit(c))) => match opt {
                "connlimit-upto" | "connlimit-above" => {
                    c.limit = Some(v.parse().map_err(|_| range_err(u32::MAX))?);
                    c.upto = (opt == "connlimit-upto") != inv;
                }
                "connlimit-mask" => {
                    c.prefix = parse_prefix(&v).ok_or_else(|| range_err(32))?;
                }
                _ => c.dest = opt == "connlimit-daddr",
            },
            ("mark", Some(Match::ConnMark(c))) => {
                let (value, mask) = parse_mark(&v).map_err(|_| range_err(u32::MAX))?;
                *c = Some(ConnMarkMatch {
                    value,
                    mask,
                    invert: inv,
                });
            }
            ("limit", Some(Match::Limit(l))) => l.avg = LimitMatch::parse_rate(&v)?,
            ("limit-burst", Some(Match::Limit(l))) => {
                let b: u32 = v.parse().map_err(|_| range_err(10000))?;
                if b > 10000 {
                    return Err(range_err(10000));
                }
                // nf_tables keeps the default for 0.
                l.burst = if b == 0 { 5 } else { b };
            }
            ("src-range" | "dst-range", Some(Match::IpRange(r))) => {
                let range = AddrRange::parse(&v, inv).map_err(|w| bad_value(&w))?;
                if opt == "src-range" {
                    r.src = Some(range);
                } else {
                    r.dst = Some(range);
                }
            }
            ("physdev-in" | "physdev-out", Some(Match::Physdev(p))) => {
                let m = Some(IfaceMatch::parse(v, inv)?);
                if opt == "physdev-in" {
                    p.in_port = m;
                } else {
                    p.out_port = m;
                }
            }
            ("physdev-is-in", Some(Match::Physdev(p))) => p.is_in = Some(inv),
            ("physdev-is-out", Some(Match::Physdev(p))) => p.is_out = Some(inv),
            ("physdev-is-bridged", Some(Match::Physdev(p))) => p.is_bridged = Some(inv),
            ("mac-source", Some(Match::Mac(m))) => {
                *m = Some(
                    MacMatch::parse(&v, inv)
                        .ok_or_else(|| NfError::usage("Invalid MAC address specified."))?,
                );
            }
            ("length", Some(Match::Length(l))) => {
                *l = LengthMatch::parse(&v, inv).map_err(|w| {
                    NfError::usage(format!(
                        "length: bad value for option \"--length\" near \"{w}\", or out of range (0-65535).\n"
                    ))
                })?;
            }
            ("ttl-eq" | "ttl-lt" | "ttl-gt", Some(Match::Ttl(t))) => {
                let value: u8 = v.parse().map_err(|_| range_err(255))?;
                let op = match (opt, inv) {
                    ("ttl-eq", false) => TtlOp::Eq,
                    ("ttl-eq", true) => TtlOp::Ne,
                    ("ttl-lt", _) => TtlOp::Lt,
                    _ => TtlOp::Gt,
                };
                // A second one is refused once the line is read.
                if t.is_none() {
                    *t = Some(TtlMatch { op, value });
                }
            }
            ("pkt-type", Some(Match::PktType(p))) => {
                let kind = PktType::parse(&v)
                    .ok_or_else(|| NfError::usage(format!("Bad packet type '{v}'")))?;
                *p = Some(PktTypeMatch { kind, invert: inv });
            }
            ("uid-owner" | "gid-owner", Some(Match::Owner(o))) => {
                let group = opt == "gid-owner";
                let r = parse_ids(&v, group, inv).ok_or_else(|| bad_value(&v))?;
                if group {
                    o.gid = Some(r);
                } else {
                    o.uid = Some(r);
                }
            }
            ("socket-exists", Some(Match::Owner(o))) => o.socket = Some(inv),
            _ => {}
        }
        Ok(())
    }

    /// What these extensions check once the line is read.
    pub(super) fn more_finish(&self) -> Result<(), NfError> {
        if self.loaded.contains(&"set") {
            return Err(NfError::usage(
                "You must specify `--match-set' with proper arguments",
            ));
        }
        let seen = |o: &str| self.ext_seen.contains(&o);
        for m in &self.rule.matches {
            let missing = match m {
                Match::Mac(None) => "mac: option \"--mac-source\" must be specified\n",
                Match::Physdev(p) if p.is_empty() => "PHYSDEV: no physdev option specified",
                Match::ConnMark(None) => "connmark: option \"--mark\" must be specified\n",
                Match::Recent(r) if r.mode.is_none() => {
                    "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'"
                }
                Match::Recent(r) if r.reap && r.seconds == 0 => {
                    "recent: option \"--reap\" also requires \"--seconds\".\n"
                }
                Match::HashLimit(h) if h.name.is_none() => {
                    "hashlimit: option \"--hashlimit-name\" must be specified\n"
                }
                Match::HashLimit(h) if h.avg.is_none() => "You have to specify --hashlimit",
                Match::ConnLimit(c) if c.limit.is_none() => {
                    "You must specify \"--connlimit-above\" or \"--connlimit-upto\"."
                }
                Match::PktType(None) => "pkttype: option \"--pkt-type\" must be specified\n",
                Match::Length(_) if !seen("length") => {
                    "length: option \"--length\" must be specified\n"
                }
                Match::IpRange(r) if r.src.is_none() && r.dst.is_none() => {
                    "iprange match: You must specify `--src-range' or `--dst-range'"
                }
                Match::Ttl(None) => {
                    "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt"
                }
                Match::Owner(o) if o.uid.is_none() && o.gid.is_none() && o.socket.is_none() => {
                    "owner: At least one of --uid-owner, --gid-owner or --socket-exists is required"
                }
                _ => continue,
            };
            return Err(NfError::usage(missing));
        }
        for (ext, group) in [
            ("ttl", &["ttl-eq", "ttl-lt", "ttl-gt"][..]),
            ("recent", &["set", "rcheck", "update", "remove"][..]),
            ("connlimit", &["connlimit-upto", "connlimit-above"][..]),
            ("TOS", &["set-tos", "and-tos", "or-tos", "xor-tos"][..]),
            ("hashlimit", &["hashlimit-upto", "hashlimit-above"][..]),
        ] {
            let given: Vec<&&str> = group.iter().filter(|o| seen(o)).collect();
            if let [a, b, ..] = given[..] {
                return Err(NfError::usage(format!(
                    "{ext}: option \"--{a}\" cannot be used together with \"--{b}\".\n"
                )));
            }
        }
        Ok(())
    }
}

impl Parser {
    /// `-j CONNMARK`'s operation: a set form (shared with MARK's
    /// options), else a save or restore with its masks.
    pub(super) fn connmark_op(&self) -> Result<ConnMarkOp, NfError> {
        if let Some((value, mask)) = self.mark_target {
            return Ok(ConnMarkOp::Set { value, mask });
        }
        let c = self.connmark;
        let (nfmask, ctmask) = (c.nfmask.unwrap_or(u32::MAX), c.ctmask.unwrap_or(u32::MAX));
        match c.restore {
            Some(false) => Ok(ConnMarkOp::Save { nfmask, ctmask }),
            Some(true) => Ok(ConnMarkOp::Restore { nfmask, ctmask }),
            None => Err(NfError::usage("CONNMARK target: No operation specified")),
        }
    }
}
