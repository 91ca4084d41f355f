//! `-m owner --uid-owner/--gid-owner/--socket-exists` (xt_owner.c,
//! libxt_owner): who owns the socket a locally generated packet leaves
//! from. Every simulated process runs as root (uid 0, gid 0); packets the
//! kernel answers with itself (echo replies, ICMP errors, resets) leave
//! from its own sockets, which have no file and so no owner; forwarded
//! packets have no socket at all.

use core::fmt::Write;

/// Debian 12's base users (`/etc/passwd` of base-passwd): name, uid.
const USERS: &[(&str, u32)] = &[
    ("root", 0),
    ("daemon", 1),
    ("bin", 2),
    ("sys", 3),
    ("sync", 4),
    ("games", 5),
    ("man", 6),
    ("lp", 7),
    ("mail", 8),
    ("news", 9),
    ("uucp", 10),
    ("proxy", 13),
    ("www-data", 33),
    ("backup", 34),
    ("list", 38),
    ("irc", 39),
    ("_apt", 42),
    ("nobody", 65534),
];

/// Debian 12's base groups (`/etc/group`): name, gid.
const GROUPS: &[(&str, u32)] = &[
    ("root", 0),
    ("daemon", 1),
    ("bin", 2),
    ("sys", 3),
    ("adm", 4),
    ("tty", 5),
    ("disk", 6),
    ("lp", 7),
    ("mail", 8),
    ("news", 9),
    ("uucp", 10),
    ("man", 12),
    ("proxy", 13),
    ("kmem", 15),
    ("dialout", 20),
    ("fax", 21),
    ("voice", 22),
    ("cdrom", 24),
    ("floppy", 25),
    ("tape", 26),
    ("sudo", 27),
    ("audio", 29),
    ("dip", 30),
    ("www-data", 33),
    ("backup", 34),
    ("operator", 37),
    ("list", 38),
    ("irc", 39),
    ("src", 40),
    ("shadow", 42),
    ("utmp", 43),
    ("video", 44),
    ("sasl", 45),
    ("plugdev", 46),
    ("staff", 50),
    ("games", 60),
    ("users", 100),
    ("nogroup", 65534),
];

/// Which socket sent a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A process's (root's) socket.
    Process,
    /// One of the kernel's own sockets (no file, no owner).
    Kernel,
    /// None: the packet was forwarded.
    Nobody,
}

/// An id range with its `!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdRange {
    /// First id.
    pub lo: u32,
    /// Last id.
    pub hi: u32,
    /// `!` given.
    pub invert: bool,
}

/// `-m owner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OwnerMatch {
    /// `--uid-owner`
    pub uid: Option<IdRange>,
    /// `--gid-owner`
    pub gid: Option<IdRange>,
    /// `--socket-exists` (its `!`).
    pub socket: Option<bool>,
}

/// Parses `--uid-owner`/`--gid-owner`: a name, an id or `A-B`.
pub fn parse_ids(v: &str, group: bool, invert: bool) -> Option<IdRange> {
    let table = if group { GROUPS } else { USERS };
    if let Some(&(_, id)) = table.iter().find(|(n, _)| *n == v) {
        return Some(IdRange {
            lo: id,
            hi: id,
            invert,
        });
    }
    let (a, b) = v.split_once('-').unwrap_or((v, v));
    Some(IdRange {
        lo: a.parse().ok()?,
        hi: b.parse().ok()?,
        invert,
    })
}

impl OwnerMatch {
    /// Whether a packet from `sender` passes (xt_owner's `owner_mt`).
    pub fn admits(&self, sender: Sender) -> bool {
        let negated = |r: &Option<IdRange>| r.is_none_or(|r| r.invert);
        match sender {
            // Without a socket only an all-negated match holds.
            Sender::Nobody => {
                negated(&self.uid) && negated(&self.gid) && self.socket.is_none_or(|inv| inv)
            }
            // A socket without a file: ids hold only negated.
            Sender::Kernel => self.socket != Some(true) && negated(&self.uid) && negated(&self.gid),
            Sender::Process => {
                let ok =
                    |r: &Option<IdRange>| r.is_none_or(|r| (r.lo..=r.hi).contains(&0) != r.invert);
                ok(&self.uid) && ok(&self.gid) && self.socket.is_none_or(|inv| !inv)
            }
        }
    }

    /// The kernel refuses a reversed id range.
    pub fn valid(&self) -> bool {
        [self.uid, self.gid].iter().flatten().all(|r| r.lo <= r.hi)
    }

    /// `-S`: ` -m owner [!] --uid-owner N ...`.
    pub fn save(&self) -> String {
        let mut s = String::from(" -m owner");
        for (r, opt) in [(self.uid, "uid-owner"), (self.gid, "gid-owner")] {
            if let Some(r) = r {
                let bang = if r.invert { " !" } else { "" };
                let _ = write!(s, "{bang} --{opt} {}", range_text(r, None));
            }
        }
        if let Some(inv) = self.socket {
            s.push_str(if inv {
                " ! --socket-exists"
            } else {
                " --socket-exists"
            });
        }
        s
    }

    /// `-L`: ` [! ]owner UID match root ...` (names unless `-n`).
    pub fn list(&self, numeric: bool, s: &mut String) {
        for (r, what, table) in [(self.uid, "UID", USERS), (self.gid, "GID", GROUPS)] {
            if let Some(r) = r {
                let bang = if r.invert { " !" } else { "" };
                let names = (!numeric).then_some(table);
                let _ = write!(s, "{bang} owner {what} match {}", range_text(r, names));
            }
        }
        if let Some(inv) = self.socket {
            s.push_str(if inv {
                " ! owner socket exists"
            } else {
                " owner socket exists"
            });
        }
    }
}

fn range_text(r: IdRange, names: Option<&[(&str, u32)]>) -> String {
    if r.lo != r.hi {
        return format!("{}-{}", r.lo, r.hi);
    }
    names
        .and_then(|t| t.iter().find(|(_, id)| *id == r.lo))
        .map_or_else(|| r.lo.to_string(), |(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_root_and_no_socket() {
        let m = OwnerMatch {
            uid: parse_ids("root", false, false),
            ..OwnerMatch::default()
        };
        assert!(m.admits(Sender::Process));
        assert!(!m.admits(Sender::Kernel) && !m.admits(Sender::Nobody));
        let sock = OwnerMatch {
            socket: Some(false),
            ..OwnerMatch::default()
        };
        assert!(sock.admits(Sender::Kernel) && !sock.admits(Sender::Nobody));
        let not = OwnerMatch {
            uid: parse_ids("1000-2000", false, true),
            ..OwnerMatch::default()
        };
        assert!(not.admits(Sender::Process) && not.admits(Sender::Kernel));
        let mut s = String::new();
        m.list(false, &mut s);
        assert_eq!(s, " owner UID match root");
        assert!(parse_ids("nosuchuser", false, false).is_none());
    }
}
