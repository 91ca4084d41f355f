//! Domain names: normalisation and the anatomy the study note teaches.
//!
//! Follows RFC 1034 §3.1 (labels of at most 63 octets, names of at most 255
//! octets on the wire, i.e. 253 characters in text, compared without regard
//! to ASCII case) and RFC 1035 §5.1 (a name ending in `.` is absolute).
//!
//! The study note calls "domain + TLD" (`example.com`) the *root domain*.
//! That is web-hosting vocabulary (also "apex" or "naked domain"). In DNS
//! itself the root is the empty label written `.`, the top of the tree
//! that every fully qualified name ends in; [`Anatomy`] carries both.

use thiserror::Error;

/// Why a text is not a valid domain name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// Two dots in a row, or a leading dot.
    #[error("'{0}' is not a legal name (empty label)")]
    EmptyLabel(String),
    /// A label longer than 63 characters.
    #[error("'{0}' is not a legal name (label too long)")]
    LabelTooLong(String),
    /// A name longer than 253 characters.
    #[error("'{0}' is not a legal name (ran out of space)")]
    TooLong(String),
}

/// Normalises a name to its absolute, lower-case form with the trailing dot
/// (`WWW.Example.com` -> `www.example.com.`; the root stays `.`).
///
/// ```
/// use netbook::sim::dns::name::fqdn;
/// assert_eq!(fqdn("WWW.Example.com"), "www.example.com.");
/// assert_eq!(fqdn("."), ".");
/// ```
pub fn fqdn(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.is_empty() || lower == "." {
        return ".".to_string();
    }
    if lower.ends_with('.') {
        lower
    } else {
        format!("{lower}.")
    }
}

/// Checks a name against RFC 1034's limits.
pub fn validate(name: &str) -> Result<(), NameError> {
    if name == "." {
        return Ok(());
    }
    let body = name.strip_suffix('.').unwrap_or(name);
    if body.len() > 253 {
        return Err(NameError::TooLong(name.to_string()));
    }
    for label in body.split('.') {
        if label.is_empty() {
            return Err(NameError::EmptyLabel(name.to_string()));
        }
        if label.len() > 63 {
            return Err(NameError::LabelTooLong(name.to_string()));
        }
    }
    Ok(())
}

/// glibc's `res_hnok`, which its DNS module asks before sending a query
/// for a host name: printable, no leading `-`, and every label made of
/// letters, digits, `-` and `_` (`\\.` escapes and the like are refused).
pub fn host_name_ok(name: &str) -> bool {
    let body = name.strip_suffix('.').unwrap_or(name);
    !body.starts_with('-')
        && validate(name).is_ok()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The labels of a name, leftmost first, without the root
/// (`www.example.com.` -> `["www", "example", "com"]`).
pub fn labels(name: &str) -> Vec<&str> {
    let body = name.strip_suffix('.').unwrap_or(name);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('.').collect()
}

/// The number of dots, as resolv.conf's `ndots` counts them (a trailing dot
/// makes the name absolute and is not counted here).
pub fn ndots(name: &str) -> usize {
    name.strip_suffix('.').unwrap_or(name).matches('.').count()
}

/// True when `name` equals `zone` or lies below it (both absolute).
pub fn in_zone(name: &str, zone: &str) -> bool {
    zone == "."
        || name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

/// The name for a reverse lookup (`dig -x`): IPv4 under `in-addr.arpa.`,
/// IPv6 nibbles under `ip6.arpa.` (RFC 1035 §3.5, RFC 3596 §2.5).
///
/// ```
/// use netbook::sim::dns::name::reverse_name;
/// assert_eq!(reverse_name("93.184.216.34".parse().unwrap()), "34.216.184.93.in-addr.arpa.");
/// ```
pub fn reverse_name(ip: core::net::IpAddr) -> String {
    match ip {
        core::net::IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.{}.in-addr.arpa.", o[3], o[2], o[1], o[0])
        }
        core::net::IpAddr::V6(v6) => {
            let mut s = String::new();
            for b in v6.octets().iter().rev() {
                s.push_str(&format!("{:x}.{:x}.", b & 0xf, b >> 4));
            }
            s.push_str("ip6.arpa.");
            s
        }
    }
}

/// The parts of a name as the study note names them, next to DNS's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anatomy {
    /// The name as typed.
    pub input: String,
    /// The labels, leftmost first.
    pub labels: Vec<String>,
    /// True when typed with the trailing dot (absolute, i.e. a true FQDN).
    pub absolute: bool,
    /// The absolute form with the trailing dot.
    pub fqdn: String,
    /// Top-level domain (level 1), e.g. `com`.
    pub tld: Option<String>,
    /// Second-level domain label (level 2), e.g. `example`.
    pub second_level: Option<String>,
    /// What the note calls the root domain: second-level + TLD (`example.com`).
    pub note_root_domain: Option<String>,
    /// Everything left of the note's root domain (`www`, or `a.b`): the
    /// subdomain, which the note also calls the hostname.
    pub subdomain: Option<String>,
    /// The leftmost label, the host part when the name names a machine.
    pub hostname: Option<String>,
}

impl Anatomy {
    /// Splits a name into its parts.
    ///
    /// ```
    /// use netbook::sim::dns::name::Anatomy;
    /// let a = Anatomy::of("www.example.com.").unwrap();
    /// assert_eq!(a.tld.as_deref(), Some("com"));
    /// assert_eq!(a.note_root_domain.as_deref(), Some("example.com"));
    /// assert_eq!(a.subdomain.as_deref(), Some("www"));
    /// assert!(a.absolute);
    /// ```
    pub fn of(input: &str) -> Result<Self, NameError> {
        validate(input)?;
        let labels: Vec<String> = labels(input).iter().map(|l| l.to_string()).collect();
        let n = labels.len();
        let tld = labels.last().cloned();
        let second_level = (n >= 2).then(|| labels[n - 2].clone());
        let note_root_domain = (n >= 2).then(|| format!("{}.{}", labels[n - 2], labels[n - 1]));
        let subdomain = (n >= 3).then(|| labels[..n - 2].join("."));
        let hostname = (n >= 3).then(|| labels[0].clone());
        Ok(Anatomy {
            input: input.to_string(),
            absolute: input.ends_with('.'),
            fqdn: fqdn(input),
            labels,
            tld,
            second_level,
            note_root_domain,
            subdomain,
            hostname,
        })
    }

    /// The parts as (term, value, explanation) rows, root first, for tables.
    pub fn rows(&self) -> Vec<(String, String, String)> {
        let mut rows = vec![(
            "DNS root".to_string(),
            ".".to_string(),
            "the empty label at the top of the tree; the trailing dot of an FQDN".to_string(),
        )];
        let parts = [
            (
                "TLD (level 1)",
                &self.tld,
                "top-level domain, delegated from the root",
            ),
            (
                "second-level domain (level 2)",
                &self.second_level,
                "registered under the TLD",
            ),
            (
                "\"root domain\" (the note's term)",
                &self.note_root_domain,
                "second-level + TLD; DNS calls this the zone apex, not the root",
            ),
            (
                "subdomain / hostname (level 3+)",
                &self.subdomain,
                "labels left of the registered domain",
            ),
        ];
        for (term, value, why) in parts {
            if let Some(v) = value {
                rows.push((term.to_string(), v.clone(), why.to_string()));
            }
        }
        rows.push((
            "FQDN".into(),
            self.fqdn.clone(),
            if self.absolute {
                "typed with the trailing dot: absolute, never expanded by `search`".into()
            } else {
                "typed without the trailing dot: relative, the resolver may try `search` domains"
                    .into()
            },
        ));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anatomy_of_three_labels() {
        let a = Anatomy::of("mail.naver.com").unwrap();
        assert_eq!(a.labels, vec!["mail", "naver", "com"]);
        assert_eq!(a.hostname.as_deref(), Some("mail"));
        assert_eq!(a.second_level.as_deref(), Some("naver"));
        assert_eq!(a.fqdn, "mail.naver.com.");
        assert!(!a.absolute);
    }

    #[test]
    fn anatomy_of_a_tld_alone_and_deep_names() {
        let a = Anatomy::of("com.").unwrap();
        assert_eq!(a.tld.as_deref(), Some("com"));
        assert_eq!(a.note_root_domain, None);
        let b = Anatomy::of("a.b.example.co.kr").unwrap();
        assert_eq!(b.note_root_domain.as_deref(), Some("co.kr"));
        assert_eq!(b.subdomain.as_deref(), Some("a.b.example"));
    }

    #[test]
    fn invalid_names() {
        assert!(matches!(validate("a..b"), Err(NameError::EmptyLabel(_))));
        assert!(matches!(
            validate(&"x".repeat(64)),
            Err(NameError::LabelTooLong(_))
        ));
        assert!(validate("example.com.").is_ok());
    }

    #[test]
    fn ndots_and_zones() {
        assert_eq!(ndots("kubernetes.default.svc"), 2);
        assert_eq!(ndots("example.com."), 1);
        assert!(in_zone("www.example.com.", "example.com."));
        assert!(!in_zone("wwwexample.com.", "example.com."));
        assert_eq!(
            reverse_name("::1".parse().unwrap()),
            format!("1.0.{}ip6.arpa.", "0.".repeat(30))
        );
    }
}
