//! `-j CONNMARK` and `-m connmark --mark` (xt_connmark.c,
//! libxt_CONNMARK, libxt_connmark): a mark kept on the connection, set
//! directly or copied from and to the packet mark.

use core::fmt::Write;

/// `0x7` or `0x4000/0x4000` (libxt's mark printing; the mask only when
/// not all ones).
fn mark_text(value: u32, mask: u32) -> String {
    if mask == u32::MAX {
        format!("0x{value:x}")
    } else {
        format!("0x{value:x}/0x{mask:x}")
    }
}

/// CONNMARK's copy options as read: `--save-mark`/`--restore-mark`
/// (`Some(true)`: restore) and the masks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CopyOpts {
    /// `Some(false)`: save, `Some(true)`: restore.
    pub restore: Option<bool>,
    /// `--nfmask` (or `--mask`).
    pub nfmask: Option<u32>,
    /// `--ctmask` (or `--mask`).
    pub ctmask: Option<u32>,
}

/// What a CONNMARK rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnMarkOp {
    /// `--set-xmark` and its spellings: ctmark = (ctmark & !mask) ^ value.
    Set {
        /// Bits XORed in.
        value: u32,
        /// Bits cleared first.
        mask: u32,
    },
    /// `--save-mark`: ctmark = (ctmark & !ctmask) ^ (mark & nfmask).
    Save {
        /// Packet mark bits copied.
        nfmask: u32,
        /// Connection mark bits replaced.
        ctmask: u32,
    },
    /// `--restore-mark`: mark = (mark & !nfmask) ^ (ctmark & ctmask).
    Restore {
        /// Packet mark bits replaced.
        nfmask: u32,
        /// Connection mark bits copied.
        ctmask: u32,
    },
}

impl ConnMarkOp {
    /// The new (connection mark, packet mark).
    pub fn apply(self, ctmark: u32, mark: u32) -> (u32, u32) {
        match self {
            ConnMarkOp::Set { value, mask } => ((ctmark & !mask) ^ value, mark),
            ConnMarkOp::Save { nfmask, ctmask } => ((ctmark & !ctmask) ^ (mark & nfmask), mark),
            ConnMarkOp::Restore { nfmask, ctmask } => {
                (ctmark, (mark & !nfmask) ^ (ctmark & ctmask))
            }
        }
    }

    /// `-S`'s options after `-j CONNMARK`.
    pub fn save(self) -> String {
        match self {
            ConnMarkOp::Set { value, mask } => format!(" --set-xmark 0x{value:x}/0x{mask:x}"),
            ConnMarkOp::Save { nfmask, ctmask } => {
                format!(" --save-mark --nfmask 0x{nfmask:x} --ctmask 0x{ctmask:x}")
            }
            ConnMarkOp::Restore { nfmask, ctmask } => {
                format!(" --restore-mark --nfmask 0x{nfmask:x} --ctmask 0x{ctmask:x}")
            }
        }
    }

    /// `-L`'s words (libxt_CONNMARK's `connmark_tg_print`).
    pub fn list(self, s: &mut String) {
        let _ = match self {
            ConnMarkOp::Set { value, mask } => match (value, mask) {
                (0, m) => write!(s, " CONNMARK and 0x{:x}", !m),
                (v, m) if v == m => write!(s, " CONNMARK or 0x{v:x}"),
                (v, 0) => write!(s, " CONNMARK xor 0x{v:x}"),
                (v, u32::MAX) => write!(s, " CONNMARK set 0x{v:x}"),
                (v, m) => write!(s, " CONNMARK xset 0x{v:x}/0x{m:x}"),
            },
            ConnMarkOp::Save { nfmask, ctmask } => match (nfmask, ctmask) {
                (u32::MAX, u32::MAX) => write!(s, " CONNMARK save"),
                (n, c) if n == c => write!(s, " CONNMARK save mask 0x{n:x}"),
                (n, c) => write!(s, " CONNMARK save nfmask 0x{n:x} ctmask ~0x{c:x}"),
            },
            ConnMarkOp::Restore { nfmask, ctmask } => match (nfmask, ctmask) {
                (u32::MAX, u32::MAX) => write!(s, " CONNMARK restore"),
                (n, c) if n == c => write!(s, " CONNMARK restore mask 0x{n:x}"),
                (n, c) => write!(s, " CONNMARK restore ctmask 0x{c:x} nfmask ~0x{n:x}"),
            },
        };
    }
}

/// `-m connmark [!] --mark VALUE[/MASK]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnMarkMatch {
    /// Wanted value.
    pub value: u32,
    /// Bits compared.
    pub mask: u32,
    /// `!` given.
    pub invert: bool,
}

impl ConnMarkMatch {
    /// Whether a packet whose connection carries `ctmark` passes; one
    /// without a connection never does, negated or not.
    pub fn admits(&self, ctmark: Option<u32>) -> bool {
        ctmark.is_some_and(|m| (m & self.mask == self.value) != self.invert)
    }

    /// `-S`: ` -m connmark [!] --mark V[/M]`.
    pub fn save(&self) -> String {
        let bang = if self.invert { " !" } else { "" };
        format!(
            " -m connmark{bang} --mark {}",
            mark_text(self.value, self.mask)
        )
    }

    /// `-L`: ` connmark match [!] V[/M]` (two spaces when not negated).
    pub fn list(&self, s: &mut String) {
        let bang = if self.invert { "!" } else { "" };
        let _ = write!(
            s,
            " connmark match {bang} {}",
            mark_text(self.value, self.mask)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_restore_round_trip() {
        let all = u32::MAX;
        let save = ConnMarkOp::Save {
            nfmask: all,
            ctmask: all,
        };
        assert_eq!(save.apply(0, 0x10), (0x10, 0x10));
        let restore = ConnMarkOp::Restore {
            nfmask: 0xff,
            ctmask: 0xff,
        };
        assert_eq!(restore.apply(0x1234, 0xab00), (0x1234, 0xab34));
        let m = ConnMarkMatch {
            value: 5,
            mask: all,
            invert: true,
        };
        assert!(!m.admits(None) && m.admits(Some(4)));
        let mut s = String::new();
        m.list(&mut s);
        assert_eq!(s, " connmark match ! 0x5");
    }
}
