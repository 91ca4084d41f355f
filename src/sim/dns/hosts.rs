//! `/etc/hosts`: static name-to-address lines, as hosts(5) describes them.
//!
//! Each line is an IP address, a canonical name and optional aliases; `#`
//! starts a comment. One address may carry many names, and a name may
//! appear on several lines. Lines are kept verbatim, so printing a parsed
//! file gives back the same text (comments, blank lines, spacing).
//! glibc silently skips lines whose address does not parse; so do we.

use core::net::IpAddr;
use std::fmt;

/// One usable line: an address and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsEntry {
    /// The address.
    pub addr: IpAddr,
    /// The canonical name (first name on the line).
    pub canonical: String,
    /// The other names.
    pub aliases: Vec<String>,
}

impl HostsEntry {
    /// True when `name` is the canonical name or an alias (case-insensitive,
    /// a trailing dot ignored, as glibc does).
    pub fn matches(&self, name: &str) -> bool {
        let n = name.strip_suffix('.').unwrap_or(name);
        std::iter::once(&self.canonical)
            .chain(&self.aliases)
            .any(|h| h.eq_ignore_ascii_case(n))
    }
}

/// One line of the file: its text and, when usable, its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsLine {
    /// The line as written, without the newline.
    pub raw: String,
    /// The parsed entry; `None` for comments, blank and skipped lines.
    pub entry: Option<HostsEntry>,
}

/// A parsed `/etc/hosts`.
///
/// ```
/// use netbook::sim::dns::hosts::HostsFile;
/// let text = "127.0.0.1\tlocalhost\n10.0.0.7 web web.lab # lab box\n";
/// let h = HostsFile::parse(text);
/// assert_eq!(h.to_string(), text);
/// let (line, e) = h.lookup("web.lab", None).next().unwrap();
/// assert_eq!((line, e.addr.to_string()), (2, "10.0.0.7".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostsFile {
    /// The lines in order.
    pub lines: Vec<HostsLine>,
    /// Whether the text ended with a newline.
    pub trailing_newline: bool,
}

/// Which address family a lookup wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// IPv4 (A records, AF_INET).
    V4,
    /// IPv6 (AAAA records, AF_INET6).
    V6,
}

impl Family {
    /// True when `ip` belongs to this family.
    pub fn has(self, ip: &IpAddr) -> bool {
        matches!(
            (self, ip),
            (Family::V4, IpAddr::V4(_)) | (Family::V6, IpAddr::V6(_))
        )
    }
}

fn parse_line(raw: &str) -> Option<HostsEntry> {
    let content = raw.split('#').next().unwrap_or("");
    let mut words = content.split_whitespace();
    let addr: IpAddr = words.next()?.parse().ok()?;
    let canonical = words.next()?.to_string();
    Some(HostsEntry {
        addr,
        canonical,
        aliases: words.map(str::to_string).collect(),
    })
}

impl HostsFile {
    /// Parses the text; never fails (bad lines are kept but unused).
    pub fn parse(text: &str) -> Self {
        let lines = super::conf_lines::raw_lines(text)
            .map(|raw| HostsLine {
                raw: raw.to_string(),
                entry: parse_line(raw),
            })
            .collect();
        HostsFile {
            lines,
            trailing_newline: text.ends_with('\n'),
        }
    }

    /// Entries whose names include `name`, with their 1-based line numbers,
    /// optionally limited to one address family.
    pub fn lookup<'a>(
        &'a self,
        name: &'a str,
        family: Option<Family>,
    ) -> impl Iterator<Item = (usize, &'a HostsEntry)> + 'a {
        self.entries()
            .filter(move |(_, e)| e.matches(name) && family.is_none_or(|f| f.has(&e.addr)))
    }

    /// Entries for an address (reverse lookup).
    pub fn lookup_addr(&self, addr: IpAddr) -> Option<(usize, &HostsEntry)> {
        self.entries().find(|(_, e)| e.addr == addr)
    }

    /// Every usable entry with its line number.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &HostsEntry)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.entry.as_ref().map(|e| (i + 1, e)))
    }

    /// Appends an entry as a new line (`ADDR<TAB>name alias...`).
    pub fn push(&mut self, entry: HostsEntry) {
        let mut raw = format!("{}\t{}", entry.addr, entry.canonical);
        for a in &entry.aliases {
            raw.push(' ');
            raw.push_str(a);
        }
        self.lines.push(HostsLine {
            raw,
            entry: Some(entry),
        });
        self.trailing_newline = true;
    }
}

impl fmt::Display for HostsFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = self.lines.iter().map(|l| l.raw.as_str());
        super::conf_lines::write_raw(f, lines, self.trailing_newline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEBIAN: &str = "127.0.0.1\tlocalhost\n127.0.1.1\thost\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n";

    #[test]
    fn round_trip_keeps_text() {
        for t in [DEBIAN, "", "10.0.0.1 a", "  # only\n\n\nbad line here\n"] {
            assert_eq!(HostsFile::parse(t).to_string(), t);
        }
    }

    #[test]
    fn one_address_many_names_and_comments() {
        let h = HostsFile::parse("10.0.0.5 db db.lab mysql # the database\n#10.0.0.6 old\n");
        let (_, e) = h.lookup("MYSQL", None).next().unwrap();
        assert_eq!(e.canonical, "db");
        assert_eq!(e.aliases, vec!["db.lab", "mysql"]);
        assert!(h.lookup("old", None).next().is_none());
        assert!(h.lookup("the", None).next().is_none());
    }

    #[test]
    fn families_and_reverse() {
        let h = HostsFile::parse(DEBIAN);
        let v6: Vec<_> = h.lookup("localhost", Some(Family::V6)).collect();
        assert_eq!(v6.len(), 1);
        assert_eq!(v6[0].0, 5);
        let (line, e) = h.lookup_addr("127.0.1.1".parse().unwrap()).unwrap();
        assert_eq!((line, e.canonical.as_str()), (2, "host"));
    }

    #[test]
    fn push_appends_a_line() {
        let mut h = HostsFile::parse("127.0.0.1 localhost\n");
        h.push(HostsEntry {
            addr: "10.0.0.9".parse().unwrap(),
            canonical: "x".into(),
            aliases: vec!["y".into()],
        });
        assert_eq!(h.to_string(), "127.0.0.1 localhost\n10.0.0.9\tx y\n");
    }
}
