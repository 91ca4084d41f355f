//! nslookup's command line (bind9 9.18's `parse_args` and `setoption`)
//! into a typed `NslookupArgs`, before any lookup.
//!
//! `nslookup [-option...] [name | -] [server]`. An option is `-` and what
//! `set` takes in interactive mode: `type=`, `ty=`, `querytype=`, `query=`,
//! `qu=`, `q=`, `port=`/`po=`, `timeout=`/`t=`, `retry=`/`ret=`, and
//! switches spelt at least a few letters (`-rec`, `-nosearch`). A word it
//! does not know, a type or number it cannot read, is reported on stdout
//! and the lookup goes on. The type is the one set before the name.

use super::dig_args::{class_word, type_of};
use super::dig_lookup::parse_uint;
use super::{CmdOutput, DIG_VERSION};
use crate::sim::dns::record::RType;

const NSLOOKUP_USAGE: &str = "Usage:\n   nslookup [-opt ...]             # interactive mode using default server\n   nslookup [-opt ...] - server    # interactive mode using 'server'\n   nslookup [-opt ...] host        # just look up 'host' using default server\n   nslookup [-opt ...] host server # just look up 'host' using 'server'\n";

/// An nslookup command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NslookupArgs {
    pub(crate) name: String,
    /// The type set before the name; `None` is A then AAAA.
    pub(crate) rtype: Option<RType>,
    /// No type was set anywhere: the default A and AAAA lookups.
    pub(crate) defaults: bool,
    pub(crate) server: Option<String>,
    /// Seconds per try (`-timeout=`), else resolv.conf's.
    pub(crate) timeout: Option<u32>,
    /// Tries per server (`-retry=`).
    pub(crate) tries: u32,
    /// The search list (`-[no]search`, `-[no]defname`).
    pub(crate) search: bool,
    /// What nslookup printed about its options (stdout, before the lookup).
    pub(crate) early_stdout: String,
}

/// A switch spelt with at least `min` letters of `full`, in any case
/// (bind9's CHECKOPT).
fn check(opt: &str, full: &str, min: usize) -> bool {
    opt.len() >= min
        && opt.len() <= full.len()
        && full
            .get(..opt.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(opt))
}

/// The value after one of `prefixes` (compared in any case).
fn value_of<'a>(opt: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        opt.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &opt[p.len()..])
    })
}

/// The options so far.
struct Settings {
    args: NslookupArgs,
    /// The type set so far (bind9's deftype).
    deftype: Option<RType>,
    unmodelled: Option<String>,
}

impl Settings {
    fn number(&mut self, v: &str, max: u32, desc: &str) -> Option<u32> {
        parse_uint(v, max, desc)
            .map_err(|line| self.args.early_stdout.push_str(&line))
            .ok()
    }

    /// One `-option` (without its dash), as `set` would take it.
    fn set(&mut self, opt: &str) {
        let unmodelled = |s: &mut Settings| {
            s.unmodelled.get_or_insert(format!("-{opt}"));
        };
        if check(opt, "all", 3) {
            unmodelled(self);
        } else if let Some(v) = value_of(opt, &["class=", "cl="]) {
            match class_word(v) {
                Some(true) => {}
                Some(false) => unmodelled(self),
                None => self
                    .args
                    .early_stdout
                    .push_str(&format!("unknown query class: {v}\n")),
            }
        } else if let Some(v) =
            value_of(opt, &["type=", "ty=", "querytype=", "query=", "qu=", "q="])
        {
            match type_of(v) {
                Some(Some(t)) => {
                    self.deftype = Some(t);
                    self.args.defaults = false;
                }
                Some(None) => unmodelled(self),
                None => self
                    .args
                    .early_stdout
                    .push_str(&format!("unknown query type: {v}\n")),
            }
        } else if value_of(opt, &["domain=", "do="]).is_some() {
            unmodelled(self);
        } else if let Some(v) = value_of(opt, &["port=", "po="]) {
            if self.number(v, 65535, "port").is_some_and(|p| p != 53) {
                unmodelled(self);
            }
        } else if let Some(v) = value_of(opt, &["timeout=", "t="]) {
            if let Some(n) = self.number(v, u32::MAX, "timeout") {
                self.args.timeout = Some(n);
            }
        } else if check(opt, "recurse", 3) || check(opt, "nodebug", 5) || check(opt, "sil", 3) {
            // The defaults (sil only silenced an old warning).
        } else if check(opt, "norecurse", 5) {
            unmodelled(self);
        } else if let Some(v) = value_of(opt, &["retry=", "ret="]) {
            if let Some(n) = self.number(v, i32::MAX as u32, "tries") {
                self.args.tries = n;
            }
        } else if check(opt, "defname", 3) || check(opt, "search", 3) {
            self.args.search = true;
        } else if check(opt, "nodefname", 5) || check(opt, "nosearch", 5) {
            self.args.search = false;
        } else if check(opt, "novc", 4) || check(opt, "nod2", 4) || check(opt, "fail", 3) {
            // The defaults.
        } else if check(opt, "vc", 2)
            || check(opt, "debug", 3)
            || check(opt, "d2", 2)
            || check(opt, "nofail", 5)
        {
            unmodelled(self);
        } else if let Some(v) = value_of(opt, &["ndots="]) {
            if self.number(v, 128, "ndots").is_some() {
                unmodelled(self);
            }
        } else {
            self.args
                .early_stdout
                .push_str(&format!("*** Invalid option: {opt}\n"));
        }
    }
}

/// Parses an nslookup command line; Err is what nslookup prints when it
/// stops there (usage, `-version`, a form netbook does not model).
pub(crate) fn parse(argv: &[String]) -> Result<NslookupArgs, CmdOutput> {
    let mut s = Settings {
        args: NslookupArgs {
            name: String::new(),
            rtype: None,
            defaults: true,
            server: None,
            timeout: None,
            tries: 3,
            search: true,
            early_stdout: String::new(),
        },
        deftype: None,
        unmodelled: None,
    };
    let mut have_lookup = false;
    let mut name = None;
    for (i, a) in argv.iter().enumerate() {
        if let Some(opt) = a.strip_prefix('-') {
            if a.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("-ver")) {
                let mut c = CmdOutput::text(s.args.early_stdout);
                c.stderr = format!("nslookup {DIG_VERSION}\n");
                return Err(c);
            } else if !opt.is_empty() {
                s.set(opt);
            } else {
                have_lookup = true;
            }
        } else if !have_lookup {
            have_lookup = true;
            name = Some(a.clone());
            s.args.rtype = s.deftype;
        } else {
            if i + 1 < argv.len() {
                let mut c = CmdOutput::usage(1, NSLOOKUP_USAGE);
                c.stdout = s.args.early_stdout;
                return Err(c);
            }
            s.args.server = Some(a.clone());
        }
    }
    let refuse = |s: Settings, msg: String| {
        let mut c = CmdOutput::usage(1, msg);
        c.stdout = s.args.early_stdout;
        c
    };
    if let Some(what) = s.unmodelled.clone() {
        return Err(refuse(
            s,
            format!("netbook: nslookup {what} is not simulated\n"),
        ));
    }
    match name {
        Some(n) => {
            s.args.name = n;
            Ok(s.args)
        }
        None => Err(refuse(
            s,
            "nslookup: interactive mode is not simulated; give a name\n".into(),
        )
        .with_hint("nslookup NAME [SERVER]")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<NslookupArgs, CmdOutput> {
        parse(&crate::shell::command::args::words(line))
    }

    #[test]
    fn options_read_like_bind9() {
        let a = p("-q=mx -frob -t=mx -retry=1 -TIMEOUT=2 lab 10.0.0.1").unwrap();
        assert_eq!(a.rtype, Some(RType::MX));
        assert!(!a.defaults);
        assert_eq!((a.tries, a.timeout), (1, Some(2)));
        assert_eq!(a.server.as_deref(), Some("10.0.0.1"));
        assert_eq!(
            a.early_stdout,
            "*** Invalid option: frob\ninvalid timeout 'mx': not a valid number\n"
        );
        // A type after the name: the name keeps A, without the AAAA.
        let a = p("web.lab -type=mx").unwrap();
        assert_eq!((a.rtype, a.defaults), (None, false));
        let a = p("-nosearch -rec -nodeb -sil -fail -querytype=bogus x").unwrap();
        assert!(!a.search);
        assert_eq!(a.early_stdout, "unknown query type: bogus\n");
        let e = p("a b c").unwrap_err();
        assert_eq!((e.status, e.stderr.as_str()), (1, NSLOOKUP_USAGE));
        let e = p("-vc a").unwrap_err();
        assert_eq!(e.stderr, "netbook: nslookup -vc is not simulated\n");
        let e = p("-version").unwrap_err();
        assert_eq!(
            (e.status, e.stderr),
            (0, format!("nslookup {DIG_VERSION}\n"))
        );
    }
}
