//! `-i`/`-o` and `--physdev-in/-out`: an interface name with its `!`.

/// `-i`/`-o`: an interface name, `+` at the end matches any suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfaceMatch {
    /// The name as given (`eth+`).
    pub name: String,
    /// `!` given.
    pub invert: bool,
}

impl IfaceMatch {
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
