//! dig's `+[no]option[=value]` words (bind9 9.18's `plus_option`): the
//! table of names, how much of each must be spelt, and what each does.
//!
//! bind9 walks a switch on the first letters, then accepts any spelling
//! that is a prefix of the full name (`FULLCHECK`): `+sho` stops short of
//! the letter that tells `short` from `showsearch` and is refused, `+shor`
//! is `+short`. A row's `min` is how many letters that switch reads; they
//! must match exactly (the switch is case-sensitive), the rest of the word
//! case-insensitively.

use super::dig_lookup::{parse_uint, DigGlobals, DigLookup, Sections};

/// What a `+option` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Act {
    /// `+[no]all`: every section, the comments, the stats and `+cmd`.
    All,
    Cmd,
    Short,
    Search,
    Question,
    Answer,
    Authority,
    Additional,
    Comments,
    Stats,
    Tries,
    Retry,
    Timeout,
    /// Changes nothing netbook shows: the answers carry no truncation,
    /// cookie or additional records to act on.
    NoEffect,
    /// A switch netbook does not model; its default state is a no-op.
    Unmodelled {
        default: bool,
    },
    /// `+[no]edns[=version]`: the OPT record; only version 0 is modelled.
    Edns,
    /// Unmodelled, with a value bind9 checks before using it: `desc` and
    /// `max` for a number (parse_uint), `need` refuses a missing value
    /// (`need_off` even in the `no` form), `on_only` refuses the `no` form.
    UnmodelledValue {
        number: Option<(&'static str, u32)>,
        need: bool,
        need_off: bool,
        on_only: bool,
    },
}

/// (name, letters bind9's switch reads, what it does).
const TABLE: &[(&str, usize, Act)] = &[
    ("aaonly", 2, Act::Unmodelled { default: false }),
    ("aaflag", 2, Act::Unmodelled { default: false }),
    ("additional", 3, Act::Additional),
    ("adflag", 2, Act::NoEffect),
    ("all", 2, Act::All),
    ("answer", 2, Act::Answer),
    ("authority", 2, Act::Authority),
    ("badcookie", 2, Act::Unmodelled { default: false }),
    ("besteffort", 2, Act::Unmodelled { default: false }),
    (
        "bufsize",
        2,
        Act::UnmodelledValue {
            number: Some(("buffer size", 0xffff)),
            need: false,
            need_off: false,
            on_only: true,
        },
    ),
    ("cdflag", 2, Act::Unmodelled { default: false }),
    ("class", 2, Act::Unmodelled { default: true }),
    ("cmd", 2, Act::Cmd),
    ("coflag", 2, Act::Unmodelled { default: false }),
    ("comments", 3, Act::Comments),
    ("cookie", 3, Act::NoEffect),
    ("crypto", 2, Act::Unmodelled { default: true }),
    ("defname", 2, Act::Search),
    ("dns64prefix", 4, Act::Unmodelled { default: false }),
    ("dnssec", 4, Act::Unmodelled { default: false }),
    (
        "domain",
        3,
        Act::UnmodelledValue {
            number: None,
            need: true,
            need_off: true,
            on_only: true,
        },
    ),
    ("dscp", 2, Act::Unmodelled { default: false }),
    ("edns", 4, Act::Edns),
    (
        "ednsflags",
        5,
        Act::UnmodelledValue {
            number: None,
            need: false,
            need_off: false,
            on_only: false,
        },
    ),
    ("ednsnegotiation", 5, Act::Unmodelled { default: false }),
    (
        "ednsopt",
        5,
        Act::UnmodelledValue {
            number: None,
            need: false,
            need_off: false,
            on_only: false,
        },
    ),
    ("expandaaaa", 4, Act::Unmodelled { default: false }),
    ("expire", 4, Act::Unmodelled { default: false }),
    ("fail", 2, Act::Unmodelled { default: true }),
    ("fuzztime", 2, Act::Unmodelled { default: false }),
    ("header-only", 2, Act::Unmodelled { default: false }),
    ("https", 2, Act::Unmodelled { default: false }),
    ("https-get", 2, Act::Unmodelled { default: false }),
    ("https-post", 2, Act::Unmodelled { default: false }),
    ("http-plain", 2, Act::Unmodelled { default: false }),
    ("http-plain-get", 2, Act::Unmodelled { default: false }),
    ("http-plain-post", 2, Act::Unmodelled { default: false }),
    ("identify", 3, Act::Unmodelled { default: false }),
    ("idnin", 4, Act::Unmodelled { default: false }),
    ("idnout", 4, Act::Unmodelled { default: false }),
    ("ignore", 1, Act::NoEffect),
    ("keepalive", 5, Act::Unmodelled { default: false }),
    ("keepopen", 5, Act::Unmodelled { default: false }),
    ("mapped", 2, Act::Unmodelled { default: false }),
    ("multiline", 2, Act::Unmodelled { default: false }),
    (
        "ndots",
        2,
        Act::UnmodelledValue {
            number: Some(("ndots", 0xffff)),
            need: true,
            need_off: true,
            on_only: true,
        },
    ),
    ("nsid", 3, Act::Unmodelled { default: false }),
    ("nssearch", 3, Act::Unmodelled { default: false }),
    ("onesoa", 2, Act::Unmodelled { default: false }),
    (
        "opcode",
        2,
        Act::UnmodelledValue {
            number: None,
            need: true,
            need_off: false,
            on_only: false,
        },
    ),
    (
        "padding",
        1,
        Act::UnmodelledValue {
            number: Some(("padding", 512)),
            need: true,
            need_off: true,
            on_only: false,
        },
    ),
    (
        "qid",
        2,
        Act::UnmodelledValue {
            number: Some(("qid", 0xffff)),
            need: true,
            need_off: false,
            on_only: false,
        },
    ),
    ("qr", 2, Act::Unmodelled { default: false }),
    ("question", 2, Act::Question),
    ("raflag", 2, Act::Unmodelled { default: false }),
    // The simulated servers answer alike with or without RD; a forwarder
    // asked without it would not be.
    ("rdflag", 2, Act::Unmodelled { default: true }),
    ("recurse", 3, Act::Unmodelled { default: true }),
    ("retry", 3, Act::Retry),
    ("retries", 3, Act::Retry),
    ("rrcomments", 2, Act::Unmodelled { default: false }),
    ("search", 2, Act::Search),
    ("short", 4, Act::Short),
    ("showbadcookie", 5, Act::Unmodelled { default: false }),
    ("showsearch", 5, Act::Unmodelled { default: false }),
    ("sigchase", 2, Act::Unmodelled { default: false }),
    ("split", 2, Act::Unmodelled { default: true }),
    ("stats", 2, Act::Stats),
    (
        "subnet",
        2,
        Act::UnmodelledValue {
            number: None,
            need: true,
            need_off: false,
            on_only: false,
        },
    ),
    ("tcflag", 3, Act::Unmodelled { default: false }),
    ("tcp", 3, Act::Unmodelled { default: false }),
    ("timeout", 2, Act::Timeout),
    ("tls", 3, Act::Unmodelled { default: false }),
    ("tls-ca", 6, Act::Unmodelled { default: false }),
    ("tls-certfile", 6, Act::Unmodelled { default: false }),
    ("tls-hostname", 5, Act::Unmodelled { default: false }),
    ("tls-keyfile", 5, Act::Unmodelled { default: false }),
    ("topdown", 2, Act::Unmodelled { default: false }),
    ("trace", 3, Act::Unmodelled { default: false }),
    ("tries", 3, Act::Tries),
    ("trusted-key", 3, Act::Unmodelled { default: false }),
    ("ttlid", 3, Act::Unmodelled { default: true }),
    ("ttlunits", 4, Act::Unmodelled { default: false }),
    ("unexpected", 3, Act::Unmodelled { default: false }),
    ("unknownformat", 3, Act::Unmodelled { default: false }),
    ("vc", 1, Act::Unmodelled { default: false }),
    ("yaml", 1, Act::Unmodelled { default: false }),
    ("zflag", 1, Act::Unmodelled { default: false }),
];

/// bind9's short spellings that are not prefixes of their option.
const SYNONYMS: &[(&str, &str)] = &[("do", "dnssec")];

/// Why a `+option` stops dig.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PlusError {
    /// `Invalid option: +WORD` and the usage, status 1 (WORD stops at `=`).
    Invalid(String),
    /// parse_uint's line on stdout, `dig: Couldn't parse DESC`, status 10.
    BadNumber { stdout: String, desc: &'static str },
}

/// Looks `cmd` up: the row whose name it spells (its first `min`
/// letters exactly, the rest in any case).
fn find(cmd: &str) -> Option<(&'static str, Act)> {
    if let Some((_, full)) = SYNONYMS.iter().find(|(s, _)| *s == cmd) {
        return TABLE
            .iter()
            .find(|(n, _, _)| n == full)
            .map(|(n, _, a)| (*n, *a));
    }
    TABLE
        .iter()
        .find(|(name, min, _)| {
            cmd.len() >= *min
                && cmd.len() <= name.len()
                && cmd.is_char_boundary(*min)
                && cmd[..*min] == name[..*min]
                && cmd[*min..].eq_ignore_ascii_case(&name[*min..cmd.len()])
        })
        .map(|(n, _, a)| (*n, *a))
}

/// Applies one `+option` (the word without its `+`) to `lookup` and the
/// global settings `g`. Ok(Some(name)) names an option netbook does
/// not model, set away from its default.
pub(crate) fn plus_option(
    word: &str,
    g: &mut DigGlobals,
    lookup: &mut DigLookup,
) -> Result<Option<String>, PlusError> {
    // strtok: leading '=' are skipped, the name ends at the next '=', an
    // empty value is no value.
    let body = word.trim_start_matches('=');
    let (raw, value) = match body.split_once('=') {
        Some((c, v)) => (c, Some(v).filter(|v| !v.is_empty())),
        None => (body, None),
    };
    let shown = &word[..word.len() - body.len() + raw.len()];
    let invalid = || PlusError::Invalid(format!("+{shown}"));
    let (cmd, on) = match raw.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("no") => (&raw[2..], false),
        _ => (raw, true),
    };
    let Some((_, act)) = find(cmd) else {
        return Err(invalid());
    };
    let number = |desc: &'static str, max: u32| -> Result<u32, PlusError> {
        let v = value.ok_or_else(invalid)?;
        if !on {
            return Err(invalid());
        }
        parse_uint(v, max, desc).map_err(|stdout| PlusError::BadNumber { stdout, desc })
    };
    let s = &mut lookup.show;
    match act {
        Act::All => {
            *s = Sections::every(on);
            g.printcmd = on;
        }
        Act::Cmd => g.printcmd = on,
        Act::Short => {
            g.short = on;
            if on {
                g.printcmd = false;
                *s = Sections::every(false);
                s.answer = true;
            }
        }
        Act::Search => g.search = on,
        Act::Question => s.question = on,
        Act::Answer => s.answer = on,
        Act::Authority => s.authority = on,
        Act::Additional => s.additional = on,
        Act::Comments => s.comments = on,
        Act::Stats => s.stats = on,
        Act::Tries => lookup.tries = number("tries", u32::MAX)?.max(1),
        Act::Retry => lookup.tries = number("retries", u32::MAX - 1)? + 1,
        Act::Timeout => g.timeout = number("timeout", 0xffff)?.max(1),
        Act::NoEffect => {}
        Act::Unmodelled { default } => {
            if on != default || value.is_some() {
                return Ok(Some(format!("+{word}")));
            }
        }
        Act::Edns => {
            if on {
                if let Some(v) = value {
                    if parse_uint(v, 255, "edns").map_err(|stdout| PlusError::BadNumber {
                        stdout,
                        desc: "edns",
                    })? != 0
                    {
                        return Ok(Some(format!("+{word}")));
                    }
                }
            }
            lookup.edns = on;
        }
        Act::UnmodelledValue {
            number,
            need,
            need_off,
            on_only,
        } => {
            if value.is_none() && ((on && need) || (!on && need_off)) {
                return Err(invalid());
            }
            if on_only && !on {
                return Err(invalid());
            }
            if let (Some((desc, max)), Some(v)) = (number, value) {
                parse_uint(v, max, desc).map_err(|stdout| PlusError::BadNumber { stdout, desc })?;
            }
            if !on && !need_off && !on_only {
                // bind9 resets these to their default.
                return Ok(None);
            }
            return Ok(Some(format!("+{word}")));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_follow_bind9s_switch() {
        for (cmd, want) in [
            ("short", Some("short")),
            ("shor", Some("short")),
            ("sho", None),
            ("sh", None),
            ("SHORT", None),
            ("shORT", None),
            ("shoRT", None),
            ("shorT", Some("short")),
            ("ti", Some("timeout")),
            ("time", Some("timeout")),
            ("t", None),
            ("tri", Some("tries")),
            ("tr", None),
            ("ret", Some("retry")),
            ("retries", Some("retries")),
            ("i", Some("ignore")),
            ("id", None),
            ("ad", Some("adflag")),
            ("add", Some("additional")),
            ("co", Some("coflag")),
            ("com", Some("comments")),
            ("do", Some("dnssec")),
            ("dom", Some("domain")),
            ("cl", Some("class")),
            ("ttl", Some("ttlid")),
            ("p", Some("padding")),
            ("shortx", None),
        ] {
            assert_eq!(find(cmd).map(|(n, _)| n), want, "{cmd}");
        }
    }
}
