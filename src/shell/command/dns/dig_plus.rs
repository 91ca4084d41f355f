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
    TtlId,
    Class,
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

/// Unmodelled switches off (on) by default.
const OFF: Act = Act::Unmodelled { default: false };
const ON: Act = Act::Unmodelled { default: true };

/// An unmodelled option with a value (see `Act::UnmodelledValue`).
const fn value(
    number: Option<(&'static str, u32)>,
    need: bool,
    need_off: bool,
    on_only: bool,
) -> Act {
    Act::UnmodelledValue {
        number,
        need,
        need_off,
        on_only,
    }
}

/// (name, letters bind9's switch reads, what it does).
const TABLE: &[(&str, usize, Act)] = &[
    ("aaonly", 2, OFF),
    ("aaflag", 2, OFF),
    ("additional", 3, Act::Additional),
    ("adflag", 2, Act::NoEffect),
    ("all", 2, Act::All),
    ("answer", 2, Act::Answer),
    ("authority", 2, Act::Authority),
    ("badcookie", 2, OFF),
    ("besteffort", 2, OFF),
    (
        "bufsize",
        2,
        value(Some(("buffer size", 0xffff)), false, false, true),
    ),
    ("cdflag", 2, OFF),
    ("class", 2, Act::Class),
    ("cmd", 2, Act::Cmd),
    ("coflag", 2, OFF),
    ("comments", 3, Act::Comments),
    ("cookie", 3, Act::NoEffect),
    ("crypto", 2, ON),
    ("defname", 2, Act::Search),
    ("dns64prefix", 4, OFF),
    ("dnssec", 4, OFF),
    ("domain", 3, value(None, true, true, true)),
    ("dscp", 2, OFF),
    ("edns", 4, Act::Edns),
    ("ednsflags", 5, value(None, false, false, false)),
    ("ednsnegotiation", 5, OFF),
    ("ednsopt", 5, value(None, false, false, false)),
    ("expandaaaa", 4, OFF),
    ("expire", 4, OFF),
    ("fail", 2, ON),
    ("fuzztime", 2, OFF),
    ("header-only", 2, OFF),
    ("https", 2, OFF),
    ("https-get", 2, OFF),
    ("https-post", 2, OFF),
    ("http-plain", 2, OFF),
    ("http-plain-get", 2, OFF),
    ("http-plain-post", 2, OFF),
    ("identify", 3, OFF),
    ("idnin", 4, OFF),
    ("idnout", 4, OFF),
    ("ignore", 1, Act::NoEffect),
    ("keepalive", 5, OFF),
    ("keepopen", 5, OFF),
    ("mapped", 2, OFF),
    ("multiline", 2, OFF),
    ("ndots", 2, value(Some(("ndots", 0xffff)), true, true, true)),
    ("nsid", 3, OFF),
    ("nssearch", 3, OFF),
    ("onesoa", 2, OFF),
    ("opcode", 2, value(None, true, false, false)),
    (
        "padding",
        1,
        value(Some(("padding", 512)), true, true, false),
    ),
    ("qid", 2, value(Some(("qid", 0xffff)), true, false, false)),
    ("qr", 2, OFF),
    ("question", 2, Act::Question),
    ("raflag", 2, OFF),
    // The simulated servers answer alike with or without RD; a forwarder
    // asked without it would not be.
    ("rdflag", 2, ON),
    ("recurse", 3, ON),
    ("retry", 3, Act::Retry),
    ("retries", 3, Act::Retry),
    ("rrcomments", 2, OFF),
    ("search", 2, Act::Search),
    ("short", 4, Act::Short),
    ("showbadcookie", 5, OFF),
    ("showsearch", 5, OFF),
    ("sigchase", 2, OFF),
    ("split", 2, ON),
    ("stats", 2, Act::Stats),
    ("subnet", 2, value(None, true, false, false)),
    ("tcflag", 3, OFF),
    ("tcp", 3, OFF),
    ("timeout", 2, Act::Timeout),
    ("tls", 3, OFF),
    ("tls-ca", 6, OFF),
    ("tls-certfile", 6, OFF),
    ("tls-hostname", 5, OFF),
    ("tls-keyfile", 5, OFF),
    ("topdown", 2, OFF),
    ("trace", 3, OFF),
    ("tries", 3, Act::Tries),
    ("trusted-key", 3, OFF),
    ("ttlid", 3, Act::TtlId),
    ("ttlunits", 4, OFF),
    ("unexpected", 3, OFF),
    ("unknownformat", 3, OFF),
    ("vc", 1, OFF),
    ("yaml", 1, OFF),
    ("zflag", 1, OFF),
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
        Act::TtlId => lookup.ttlid = on,
        Act::Class => lookup.class = on,
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
