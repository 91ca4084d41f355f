//! `/etc/resolv.conf`: the stub resolver's configuration, per resolv.conf(5)
//! as glibc 2.36 reads it.
//!
//! `nameserver` lines (only the first three, MAXNS, are used), `search` and
//! `domain` (the last of them wins), `options ndots:N timeout:N attempts:N`
//! (glibc caps ndots at 15, timeout at 30, attempts at 5). Lines starting
//! with `#` or `;` are comments. With no usable nameserver the resolver asks
//! 127.0.0.1. Lines are kept verbatim so printing gives back the same text.

use super::conf_lines::RawText;
use core::net::IpAddr;
use std::fmt;

/// glibc's MAXNS: nameservers beyond the third are ignored.
pub const MAXNS: usize = 3;

/// A parsed `/etc/resolv.conf`.
///
/// ```
/// use netbook::sim::dns::resolv_conf::ResolvConf;
/// let r = ResolvConf::parse("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
/// assert_eq!(r.ndots, 5);
/// assert_eq!(r.search.len(), 3);
/// assert_eq!(r.nameservers()[0].to_string(), "10.96.0.10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    /// Every `nameserver` address in order, including ignored extras.
    pub all_nameservers: Vec<IpAddr>,
    /// The search list (from the last `search` or `domain` line).
    pub search: Vec<String>,
    /// Dots a name needs before it is first tried as absolute (default 1).
    pub ndots: u32,
    /// Seconds to wait for one server (default 5).
    pub timeout: u32,
    /// Rounds over the server list (default 2).
    pub attempts: u32,
    /// Other options, kept for display (`rotate`, `edns0`, ...).
    pub other_options: Vec<String>,
    /// The text as read.
    pub raw: RawText,
}

impl Default for ResolvConf {
    fn default() -> Self {
        ResolvConf::parse("")
    }
}

impl ResolvConf {
    /// Parses the text; unknown keywords are ignored, as glibc does.
    pub fn parse(text: &str) -> Self {
        let mut r = ResolvConf {
            all_nameservers: Vec::new(),
            search: Vec::new(),
            ndots: 1,
            timeout: 5,
            attempts: 2,
            other_options: Vec::new(),
            raw: RawText::of(text),
        };
        for line in super::conf_lines::raw_lines(text) {
            let t = line.trim_start();
            if t.starts_with('#') || t.starts_with(';') {
                continue;
            }
            let mut words = t.split_whitespace();
            match words.next() {
                Some("nameserver") => {
                    // glibc accepts "addr%scope" for IPv6; keep the address.
                    if let Some(ip) = words
                        .next()
                        .and_then(|w| w.split('%').next())
                        .and_then(|w| w.parse().ok())
                    {
                        r.all_nameservers.push(ip);
                    }
                }
                Some("search") => r.search = words.map(lower_no_dot).collect(),
                Some("domain") => r.search = words.next().map(lower_no_dot).into_iter().collect(),
                Some("options") => {
                    for opt in words {
                        let num = |p: &str| opt.strip_prefix(p).and_then(|v| v.parse::<u32>().ok());
                        if let Some(n) = num("ndots:") {
                            r.ndots = n.min(15);
                        } else if let Some(n) = num("timeout:") {
                            r.timeout = n.min(30);
                        } else if let Some(n) = num("attempts:") {
                            r.attempts = n.min(5);
                        } else {
                            r.other_options.push(opt.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        r
    }

    /// The servers the resolver really uses: the first three, or 127.0.0.1
    /// when none is configured.
    pub fn nameservers(&self) -> Vec<IpAddr> {
        if self.all_nameservers.is_empty() {
            return vec![IpAddr::from([127, 0, 0, 1])];
        }
        self.all_nameservers.iter().take(MAXNS).copied().collect()
    }

    /// Nameservers listed but ignored because of MAXNS.
    pub fn ignored_nameservers(&self) -> &[IpAddr] {
        self.all_nameservers.get(MAXNS..).unwrap_or(&[])
    }

    /// The names to try for `name`, in order, as res_search(3) builds them:
    /// an absolute name (trailing dot) is tried alone; a name with at least
    /// `ndots` dots is tried as is first, then with each search domain;
    /// otherwise the search domains come first and the bare name last.
    ///
    /// ```
    /// use netbook::sim::dns::resolv_conf::ResolvConf;
    /// let r = ResolvConf::parse("search svc.cluster.local\noptions ndots:5\n");
    /// assert_eq!(r.candidates("example.com"), vec!["example.com.svc.cluster.local.", "example.com."]);
    /// assert_eq!(r.candidates("example.com."), vec!["example.com."]);
    /// ```
    pub fn candidates(&self, name: &str) -> Vec<String> {
        if name.ends_with('.') {
            return vec![super::name::fqdn(name)];
        }
        let as_is = super::name::fqdn(name);
        let searched = self
            .search
            .iter()
            .map(|d| super::name::fqdn(&format!("{name}.{d}")));
        if super::name::ndots(name) as u32 >= self.ndots {
            std::iter::once(as_is).chain(searched).collect()
        } else {
            searched.chain(std::iter::once(as_is)).collect()
        }
    }
}

fn lower_no_dot(s: &str) -> String {
    s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase()
}

impl fmt::Display for ResolvConf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for t in [
            "nameserver 8.8.8.8\n",
            "# generated\n; also a comment\nsearch a b\noptions ndots:5 rotate\nnameserver 1.1.1.1",
            "",
        ] {
            assert_eq!(ResolvConf::parse(t).to_string(), t);
        }
    }

    #[test]
    fn only_three_nameservers_are_used() {
        let r = ResolvConf::parse(
            "nameserver 1.1.1.1\nnameserver 2.2.2.2\nnameserver 3.3.3.3\nnameserver 4.4.4.4\n",
        );
        assert_eq!(r.nameservers().len(), 3);
        assert_eq!(r.ignored_nameservers()[0].to_string(), "4.4.4.4");
    }

    #[test]
    fn defaults_and_options() {
        let r = ResolvConf::parse("#nameserver 9.9.9.9\nnameserver bogus\n");
        assert_eq!(r.nameservers(), vec![IpAddr::from([127, 0, 0, 1])]);
        assert_eq!((r.ndots, r.timeout, r.attempts), (1, 5, 2));
        let r = ResolvConf::parse(
            "options ndots:20 timeout:1 attempts:3 edns0\ndomain Lab.\nsearch x.y\n",
        );
        assert_eq!((r.ndots, r.timeout, r.attempts), (15, 1, 3));
        assert_eq!(r.search, vec!["x.y"]);
        assert_eq!(r.other_options, vec!["edns0"]);
    }

    #[test]
    fn kubernetes_ndots_five() {
        let r = ResolvConf::parse(
            "nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
        );
        assert_eq!(
            r.candidates("www.google.com"),
            vec![
                "www.google.com.default.svc.cluster.local.",
                "www.google.com.svc.cluster.local.",
                "www.google.com.cluster.local.",
                "www.google.com.",
            ]
        );
        assert_eq!(r.candidates("a.b.c.d.e.f")[0], "a.b.c.d.e.f.");
    }
}
