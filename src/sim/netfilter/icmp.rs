//! `-p icmp --icmp-type`: the names iptables knows, how a value is read,
//! which packets it admits, and how `-S` and `-L` print it.

use super::error::NfError;
use core::fmt::Write;

/// ICMP type names known to iptables (`iptables -p icmp -h`):
/// (name, type, lowest code, highest code).
const ICMP_NAMES: &[(&str, u8, u8, u8)] = &[
    ("any", 0xFF, 0, 0xFF),
    ("echo-reply", 0, 0, 0xFF),
    ("pong", 0, 0, 0xFF),
    ("destination-unreachable", 3, 0, 0xFF),
    ("network-unreachable", 3, 0, 0),
    ("host-unreachable", 3, 1, 1),
    ("protocol-unreachable", 3, 2, 2),
    ("port-unreachable", 3, 3, 3),
    ("fragmentation-needed", 3, 4, 4),
    ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6),
    ("host-unknown", 3, 7, 7),
    ("network-prohibited", 3, 9, 9),
    ("host-prohibited", 3, 10, 10),
    ("TOS-network-unreachable", 3, 11, 11),
    ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13),
    ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15),
    ("source-quench", 4, 0, 0xFF),
    ("redirect", 5, 0, 0xFF),
    ("network-redirect", 5, 0, 0),
    ("host-redirect", 5, 1, 1),
    ("TOS-network-redirect", 5, 2, 2),
    ("TOS-host-redirect", 5, 3, 3),
    ("echo-request", 8, 0, 0xFF),
    ("ping", 8, 0, 0xFF),
    ("router-advertisement", 9, 0, 0xFF),
    ("router-solicitation", 10, 0, 0xFF),
    ("time-exceeded", 11, 0, 0xFF),
    ("ttl-exceeded", 11, 0, 0xFF),
    ("ttl-zero-during-transit", 11, 0, 0),
    ("ttl-zero-during-reassembly", 11, 1, 1),
    ("parameter-problem", 12, 0, 0xFF),
    ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1),
    ("timestamp-request", 13, 0, 0xFF),
    ("timestamp-reply", 14, 0, 0xFF),
    ("address-mask-request", 17, 0, 0xFF),
    ("address-mask-reply", 18, 0, 0xFF),
];

/// One `--icmp-type` match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcmpMatch {
    /// Type (255 = any).
    pub icmp_type: u8,
    /// Lowest code.
    pub code_min: u8,
    /// Highest code.
    pub code_max: u8,
    /// `!` given.
    pub invert: bool,
}

impl IcmpMatch {
    /// `-p icmp` alone: every type and code.
    pub const ANY: IcmpMatch = IcmpMatch {
        icmp_type: 0xFF,
        code_min: 0,
        code_max: 0xFF,
        invert: false,
    };

    /// A name from [`ICMP_NAMES`], `TYPE` or `TYPE/CODE`, as iptables
    /// reads `--icmp-type`.
    pub(super) fn parse(v: &str, invert: bool) -> Result<Self, NfError> {
        let at = |icmp_type, code_min, code_max| IcmpMatch {
            icmp_type,
            code_min,
            code_max,
            invert,
        };
        if let Some(&(_, t, lo, hi)) = ICMP_NAMES.iter().find(|(n, ..)| *n == v) {
            return Ok(at(t, lo, hi));
        }
        let bad = || NfError::usage(format!("Unknown ICMP type `{v}'"));
        match v.split_once('/') {
            Some((t, c)) => {
                let t = t.parse::<u8>().map_err(|_| bad())?;
                let c = c.parse::<u8>().map_err(|_| bad())?;
                Ok(at(t, c, c))
            }
            None => Ok(at(v.parse::<u8>().map_err(|_| bad())?, 0, 0xFF)),
        }
    }

    /// Whether a packet of this ICMP type and code passes the match.
    pub fn admits(&self, (t, code): (u8, u8)) -> bool {
        let hit = self.icmp_type == 0xFF
            || (t == self.icmp_type && (self.code_min..=self.code_max).contains(&code));
        hit != self.invert
    }

    /// `iptables -S`'s words: ` -m icmp [!] --icmp-type T[/C]`.
    pub(super) fn save(&self) -> String {
        let mut s = String::from(" -m icmp");
        if self.invert {
            s.push_str(" !");
        }
        if self.icmp_type == 0xFF {
            s.push_str(" --icmp-type any");
        } else {
            let _ = write!(s, " --icmp-type {}", self.icmp_type);
            if self.code_min != 0 || self.code_max != 0xFF {
                let _ = write!(s, "/{}", self.code_min);
            }
        }
        s
    }

    /// `iptables -L`'s words: ` icmp echo-request`, or by number with
    /// `-n` or where no name fits.
    pub(super) fn list(&self, numeric: bool, s: &mut String) {
        let IcmpMatch {
            icmp_type,
            code_min,
            code_max,
            invert,
        } = *self;
        s.push_str(" icmp");
        let named = (!numeric)
            .then(|| {
                ICMP_NAMES
                    .iter()
                    .find(|&&(_, t, lo, hi)| (t, lo, hi) == (icmp_type, code_min, code_max))
            })
            .flatten();
        let bang = if invert { "!" } else { "" };
        match named {
            Some((n, ..)) => {
                let _ = write!(s, " {bang}{n}");
            }
            None => {
                if invert {
                    s.push_str(" !");
                }
                let _ = write!(s, "type {icmp_type}");
                if code_min == code_max {
                    let _ = write!(s, " code {code_min}");
                } else if code_min != 0 || code_max != 0xFF {
                    let _ = write!(s, " codes {code_min}-{code_max}");
                }
            }
        }
    }
}
