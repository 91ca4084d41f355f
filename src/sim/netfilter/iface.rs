//! `-i`/`-o` and `--physdev-in/-out`: an interface name with its `!`.

use super::error::NfError;

/// `-i`/`-o`: an interface name, `+` at the end matches any suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfaceMatch {
    /// The name as given (`eth+`).
    pub name: String,
    /// `!` given.
    pub invert: bool,
}

impl IfaceMatch {
    /// A name as given to `-i`, `-o` or `--physdev-in/-out`: at most
    /// IFNAMSIZ-1 bytes.
    pub fn parse(name: String, invert: bool) -> Result<IfaceMatch, NfError> {
        if name.len() > 15 {
            return Err(NfError::usage(format!(
                "interface name `{name}' must be shorter than IFNAMSIZ (15)"
            )));
        }
        Ok(IfaceMatch { name, invert })
    }

    /// True when the match accepts interface `ifname` (negation applied).
    pub fn matches(&self, ifname: Option<&str>) -> bool {
        let hit = match ifname {
            None => false,
            Some(n) => match self.name.strip_suffix('+') {
                Some(prefix) => n.starts_with(prefix),
                None => n == self.name,
            },
        };
        hit != self.invert
    }
}
