//! `-m physdev`: the bridge ports a bridged (or bridge-received) packet
//! came in and goes out of, as br_netfilter records them (xt_physdev.c,
//! libxt_physdev).

pub use super::ext_l2::PhysInfo;
use super::iface::IfaceMatch;

/// `-m physdev`: each option with its `!`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhysdevMatch {
    /// `--physdev-in NAME`.
    pub in_port: Option<IfaceMatch>,
    /// `--physdev-out NAME`.
    pub out_port: Option<IfaceMatch>,
    /// `--physdev-is-in` (its `!`).
    pub is_in: Option<bool>,
    /// `--physdev-is-out`.
    pub is_out: Option<bool>,
    /// `--physdev-is-bridged`.
    pub is_bridged: Option<bool>,
}

impl PhysdevMatch {
    /// True when no option was given (libxt_physdev refuses that).
    pub fn is_empty(&self) -> bool {
        *self == PhysdevMatch::default()
    }

    /// physdev_mt: without bridge information only negated tests pass;
    /// a name test on a port the packet has not got is skipped.
    pub fn admits(&self, info: Option<&PhysInfo>) -> bool {
        let Some(info) = info else {
            let positive = |t: Option<bool>| t == Some(false);
            return !(positive(self.is_bridged)
                || positive(self.is_in)
                || positive(self.is_out)
                || self.in_port.as_ref().is_some_and(|m| !m.invert)
                || self.out_port.as_ref().is_some_and(|m| !m.invert));
        };
        let has = |t: Option<bool>, present: bool| t.is_none_or(|inv| present != inv);
        let name = |m: &Option<IfaceMatch>, port: &Option<String>| match (m, port) {
            (Some(m), Some(p)) => m.matches(Some(p)),
            _ => true,
        };
        has(self.is_bridged, info.bridged)
            && has(self.is_in, info.in_port.is_some())
            && has(self.is_out, info.out_port.is_some())
            && name(&self.in_port, &info.in_port)
            && name(&self.out_port, &info.out_port)
    }

    /// Whether the kernel takes the match in OUTPUT: `--physdev-out` and
    /// `--physdev-is-out` only with `--physdev-is-bridged` there.
    pub fn valid_in_output(&self) -> bool {
        let out = self.out_port.is_some() || self.is_out.is_some();
        !out || self.is_bridged == Some(false)
    }

    /// The words both `-S` and `-L` print, in libxt_physdev's order.
    fn words(&self) -> String {
        let bang = |inv: bool| if inv { " !" } else { "" };
        let mut s = String::new();
        if let Some(inv) = self.is_in {
            s += &format!("{} --physdev-is-in", bang(inv));
        }
        if let Some(m) = &self.in_port {
            s += &format!("{} --physdev-in {}", bang(m.invert), m.name);
        }
        if let Some(inv) = self.is_out {
            s += &format!("{} --physdev-is-out", bang(inv));
        }
        if let Some(m) = &self.out_port {
            s += &format!("{} --physdev-out {}", bang(m.invert), m.name);
        }
        if let Some(inv) = self.is_bridged {
            s += &format!("{} --physdev-is-bridged", bang(inv));
        }
        s
    }

    /// `-S`: ` -m physdev ...`.
    pub fn save(&self) -> String {
        format!(" -m physdev{}", self.words())
    }

    /// `-L`: ` PHYSDEV match ...`.
    pub fn list(&self, s: &mut String) {
        s.push_str(" PHYSDEV match");
        s.push_str(&self.words());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str, invert: bool) -> Option<IfaceMatch> {
        Some(IfaceMatch {
            name: n.into(),
            invert,
        })
    }

    #[test]
    fn matches_what_br_netfilter_records() {
        let bridged = PhysInfo {
            in_port: Some("veth1".into()),
            out_port: Some("veth2".into()),
            bridged: true,
        };
        let up = PhysInfo {
            in_port: Some("veth1".into()),
            out_port: None,
            bridged: false,
        };
        let is_bridged = PhysdevMatch {
            is_bridged: Some(false),
            ..Default::default()
        };
        assert!(is_bridged.admits(Some(&bridged)));
        assert!(!is_bridged.admits(Some(&up)));
        assert!(!is_bridged.admits(None));
        let ports = PhysdevMatch {
            in_port: name("veth1", false),
            out_port: name("veth+", false),
            ..Default::default()
        };
        assert!(ports.admits(Some(&bridged)));
        // No out port: the out test is skipped.
        assert!(ports.admits(Some(&up)));
        assert!(!ports.admits(None));
        let not_in = PhysdevMatch {
            in_port: name("veth1", true),
            ..Default::default()
        };
        assert!(!not_in.admits(Some(&bridged)));
        assert!(not_in.admits(None));
    }

    #[test]
    fn prints_in_libxt_physdev_order() {
        let m = PhysdevMatch {
            in_port: name("x", true),
            is_in: Some(true),
            is_out: Some(false),
            ..Default::default()
        };
        assert_eq!(
            m.save(),
            " -m physdev ! --physdev-is-in ! --physdev-in x --physdev-is-out"
        );
        let mut s = String::new();
        m.list(&mut s);
        assert_eq!(
            s,
            " PHYSDEV match ! --physdev-is-in ! --physdev-in x --physdev-is-out"
        );
    }
}
