//! The typed value a dig command line becomes (`DigArgs`: global
//! settings and the lookups), and bind9's number reader both dig and
//! nslookup report with.

use crate::sim::dns::record::RType;

/// The sections and comments one lookup prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sections {
    pub(crate) question: bool,
    pub(crate) answer: bool,
    pub(crate) authority: bool,
    pub(crate) additional: bool,
    pub(crate) comments: bool,
    pub(crate) stats: bool,
}

impl Sections {
    /// All on (`+all`) or all off (`+noall`).
    pub(crate) fn every(on: bool) -> Self {
        Sections {
            question: on,
            answer: on,
            authority: on,
            additional: on,
            comments: on,
            stats: on,
        }
    }
}

/// One lookup (bind9's `dig_lookup_t`, the parts netbook models).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DigLookup {
    /// The name as given (`-x` gives the reverse name).
    pub(crate) name: String,
    /// The type given, if any (see `qtype`).
    pub(crate) rtype: Option<RType>,
    /// A `-x` lookup: PTR unless a type is given.
    pub(crate) reverse: bool,
    /// `@server` words, in order.
    pub(crate) servers: Vec<String>,
    pub(crate) show: Sections,
    /// Attempts per server (`+tries`, `+retry`).
    pub(crate) tries: u32,
    /// An OPT record in the query (`+[no]edns`).
    pub(crate) edns: bool,
    /// Records show their TTL (`+[no]ttlid`) and class (`+[no]class`).
    pub(crate) ttlid: bool,
    pub(crate) class: bool,
    /// The banner, on the first lookup only: it is written when dig meets
    /// the first name, from `+cmd` and the `@server` given so far.
    pub(crate) greeting: Option<Greeting>,
}

impl DigLookup {
    /// The type asked: the one given, else PTR for `-x`, else A.
    pub(crate) fn qtype(&self) -> RType {
        match (self.rtype, self.reverse) {
            (Some(t), _) => t,
            (None, true) => RType::PTR,
            (None, false) => RType::A,
        }
    }
}

/// `; <<>> DiG ... <<>> ARGS` and what follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Greeting {
    /// The `@server` given before the first name: `; (N servers found)`.
    pub(crate) server: Option<String>,
}

/// Settings that are global in bind9 whatever their place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DigGlobals {
    pub(crate) printcmd: bool,
    pub(crate) short: bool,
    pub(crate) search: bool,
    /// Seconds to wait for each reply (`+time`).
    pub(crate) timeout: u32,
    pub(crate) port: u16,
}

/// A dig command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DigArgs {
    pub(crate) globals: DigGlobals,
    pub(crate) lookups: Vec<DigLookup>,
    /// What dig printed while parsing: warnings (stderr) and parse_uint's
    /// complaints (stdout); the run prints them first.
    pub(crate) early_stdout: String,
    pub(crate) early_stderr: String,
}

/// bind9's `isc_parse_uint32` then a range check, with parse_uint's line
/// (`invalid DESC 'VALUE': REASON`) as the error.
pub(crate) fn parse_uint(v: &str, max: u32, desc: &str) -> Result<u32, String> {
    let reason = if !v.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !v.bytes().all(|b| b.is_ascii_digit())
    {
        "not a valid number"
    } else {
        match v.parse::<u64>() {
            Ok(n) if n <= u64::from(max) => return Ok(n as u32),
            _ => "out of range",
        }
    };
    Err(format!("invalid {desc} '{v}': {reason}\n"))
}
