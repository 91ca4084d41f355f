//! `/etc/nsswitch.conf`: which sources the C library asks, in which order,
//! per nsswitch.conf(5) as glibc 2.36 reads it.
//!
//! Only the `hosts:` database matters here. Each source may carry actions
//! such as `[NOTFOUND=return]`; the defaults are `SUCCESS=return` and
//! `continue` for NOTFOUND, UNAVAIL and TRYAGAIN. A missing file or a
//! missing `hosts:` line means `dns [!UNAVAIL=return] files`.
//! Lines are kept verbatim so printing gives back the same text.

use super::conf_lines::RawText;
use std::fmt;

/// The outcome of asking one source (nsswitch.conf(5) "STATUS").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NssStatus {
    /// The source found the name.
    Success,
    /// The source works but does not know the name.
    NotFound,
    /// The source cannot be used (no file, no module, no server).
    Unavail,
    /// The source is temporarily busy (a server timed out).
    TryAgain,
}

impl NssStatus {
    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "SUCCESS" => NssStatus::Success,
            "NOTFOUND" => NssStatus::NotFound,
            "UNAVAIL" => NssStatus::Unavail,
            "TRYAGAIN" => NssStatus::TryAgain,
            _ => return None,
        })
    }
}

impl fmt::Display for NssStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NssStatus::Success => "SUCCESS",
            NssStatus::NotFound => "NOTFOUND",
            NssStatus::Unavail => "UNAVAIL",
            NssStatus::TryAgain => "TRYAGAIN",
        })
    }
}

/// One `[STATUS=action]` item; `negate` is the `!` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// True for `!STATUS`.
    pub negate: bool,
    /// The status it tests.
    pub status: NssStatus,
    /// True for `return`, false for `continue`.
    pub stop: bool,
}

/// One source in the `hosts:` line with its actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// `files`, `dns`, `myhostname`, ...
    pub name: String,
    /// Actions written after it.
    pub actions: Vec<Criterion>,
}

impl Source {
    /// True when the lookup stops after this source returned `status`.
    pub fn stops_on(&self, status: NssStatus) -> bool {
        for c in &self.actions {
            let hit = if c.negate {
                c.status != status
            } else {
                c.status == status
            };
            if hit {
                return c.stop;
            }
        }
        status == NssStatus::Success
    }
}

/// A parsed `/etc/nsswitch.conf`.
///
/// ```
/// use netbook::sim::dns::nsswitch::NsSwitch;
/// let n = NsSwitch::parse("hosts:          files [NOTFOUND=return] dns\n");
/// let hosts = n.hosts();
/// let names: Vec<_> = hosts.iter().map(|s| s.name.as_str()).collect();
/// assert_eq!(names, ["files", "dns"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NsSwitch {
    hosts: Option<Vec<Source>>,
    /// 1-based line of the `hosts:` entry, if any.
    pub hosts_line: Option<usize>,
    raw: RawText,
}

fn parse_sources(spec: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let mut rest = spec;
    while let Some(c) = rest.trim_start().chars().next() {
        rest = rest.trim_start();
        if c == '[' {
            let end = rest.find(']').unwrap_or(rest.len());
            let inner = &rest[1..end];
            rest = rest.get(end + 1..).unwrap_or("");
            let Some(last) = out.last_mut() else { continue };
            for item in inner.split_whitespace() {
                let Some((st, act)) = item.split_once('=') else {
                    continue;
                };
                let (negate, st) = match st.strip_prefix('!') {
                    Some(s) => (true, s),
                    None => (false, st),
                };
                let stop = match act.to_ascii_lowercase().as_str() {
                    "return" => true,
                    "continue" | "merge" => false,
                    _ => continue,
                };
                if let Some(status) = NssStatus::parse(st) {
                    last.actions.push(Criterion {
                        negate,
                        status,
                        stop,
                    });
                }
            }
        } else {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == '[')
                .unwrap_or(rest.len());
            out.push(Source {
                name: rest[..end].to_string(),
                actions: Vec::new(),
            });
            rest = &rest[end..];
        }
    }
    out
}

impl NsSwitch {
    /// Parses the text (the last `hosts:` line wins, comments after `#`).
    pub fn parse(text: &str) -> Self {
        let mut hosts = None;
        let mut hosts_line = None;
        for (i, line) in super::conf_lines::raw_lines(text).enumerate() {
            let content = line.split('#').next().unwrap_or("");
            if let Some((db, spec)) = content.split_once(':') {
                if db.trim() == "hosts" {
                    hosts = Some(parse_sources(spec));
                    hosts_line = Some(i + 1);
                }
            }
        }
        NsSwitch {
            hosts,
            hosts_line,
            raw: RawText::of(text),
        }
    }

    /// The sources for `hosts`, or glibc's default when the line is missing.
    pub fn hosts(&self) -> Vec<Source> {
        self.hosts
            .clone()
            .unwrap_or_else(|| parse_sources("dns [!UNAVAIL=return] files"))
    }
}

impl Default for NsSwitch {
    fn default() -> Self {
        NsSwitch::parse("")
    }
}

impl fmt::Display for NsSwitch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEBIAN: &str = "passwd:         files\ngroup:          files\nshadow:         files\n\nhosts:          files dns\nnetworks:       files\n\nprotocols:      db files\nservices:       db files\n";

    #[test]
    fn round_trip() {
        for t in [DEBIAN, "hosts: dns files", "# nothing\n"] {
            assert_eq!(NsSwitch::parse(t).to_string(), t);
        }
    }

    #[test]
    fn orders_and_actions() {
        let n = NsSwitch::parse(DEBIAN);
        assert_eq!(n.hosts_line, Some(5));
        let h = n.hosts();
        assert_eq!(h[0].name, "files");
        assert!(h[0].stops_on(NssStatus::Success));
        assert!(!h[0].stops_on(NssStatus::NotFound));

        let n = NsSwitch::parse("hosts: files [NOTFOUND=return] dns # strict\n");
        let h = n.hosts();
        assert_eq!(h.len(), 2);
        assert!(h[0].stops_on(NssStatus::NotFound));
        assert!(!h[0].stops_on(NssStatus::Unavail));

        let n = NsSwitch::parse("hosts: dns[!UNAVAIL=return]files");
        let h = n.hosts();
        assert_eq!(h[1].name, "files");
        assert!(h[0].stops_on(NssStatus::NotFound));
        assert!(!h[0].stops_on(NssStatus::Unavail));
    }

    #[test]
    fn missing_hosts_line_uses_glibc_default() {
        let h = NsSwitch::parse("passwd: files\n").hosts();
        let names: Vec<_> = h.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["dns", "files"]);
    }
}
