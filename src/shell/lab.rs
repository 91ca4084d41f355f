//! [`Lab`]: the library's front door. Run command lines the way a notebook
//! cell does and get typed, displayable results back.

use super::emit::Emit;
use super::session::{ExecOutcome, Session};
use crate::display::{self, MimeBundle, Rich};
use crate::sim::stack::world::World;

/// A simulated Linux host to experiment with from Rust.
///
/// ```
/// use netbook::Lab;
/// let mut lab = Lab::new();
/// lab.run("ip netns add ns1").expect_ok();
/// let cell = lab.run("ip netns list");
/// assert_eq!(cell.stdout(), "ns1\n");
/// assert!(lab.world().ns_id(Some("ns1")).is_ok());
/// ```
pub struct Lab {
    session: Session,
}

/// The library speaks English by default (`lab.run("%lang ko")` switches).
impl Default for Lab {
    fn default() -> Self {
        Lab {
            session: Session::with_lang(crate::display::i18n::Lang::En),
        }
    }
}

/// What one [`Lab::run`] showed, in order, and how it ended.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Every output, as the kernel would publish it.
    pub outputs: Vec<Emit>,
    /// Exit status and error (if the cell failed).
    pub outcome: ExecOutcome,
}

impl Lab {
    /// A fresh host.
    pub fn new() -> Self {
        Lab::default()
    }

    /// Runs command lines (one cell) against the world.
    pub fn run(&mut self, code: &str) -> Cell {
        let mut outputs = Vec::new();
        let outcome = self.session.execute(code, &mut outputs);
        Cell { outputs, outcome }
    }

    /// The simulated world, for typed queries.
    pub fn world(&self) -> &World {
        self.session.world()
    }

    /// The simulated world, for typed changes.
    pub fn world_mut(&mut self) -> &mut World {
        self.session.world_mut()
    }

    /// The interpreter underneath (completion, help, history).
    pub fn session(&mut self) -> &mut Session {
        &mut self.session
    }
}

impl Cell {
    /// True when the cell did not fail (commands may still have exited
    /// non-zero the way Linux tools do, e.g. an unreachable ping).
    pub fn ok(&self) -> bool {
        self.outcome.error.is_none()
    }

    /// Panics with the cell's error when it failed; returns it otherwise.
    pub fn expect_ok(self) -> Self {
        if let Some(e) = &self.outcome.error {
            panic!(
                "cell failed: {}: {}\n{}",
                e.ename,
                e.evalue,
                e.traceback.join("\n")
            );
        }
        self
    }

    /// Everything printed on stdout (rich outputs as their text).
    pub fn stdout(&self) -> String {
        self.outputs
            .iter()
            .filter_map(|e| match e {
                Emit::Stdout(t) => Some(t.as_str()),
                Emit::Display(b) | Emit::Result(b) => Some(b.text()),
                _ => None,
            })
            .collect()
    }

    /// Everything printed on stderr, with the failing command's message.
    pub fn stderr(&self) -> String {
        let mut s: String = self
            .outputs
            .iter()
            .filter_map(|e| match e {
                Emit::Stderr(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if let Some(e) = &self.outcome.error {
            for l in &e.traceback {
                s.push_str(l);
                s.push('\n');
            }
        }
        s
    }

    /// The rich outputs only (tables, diagrams), in order.
    pub fn bundles(&self) -> Vec<&MimeBundle> {
        self.outputs
            .iter()
            .filter_map(|e| match e {
                Emit::Display(b) | Emit::Result(b) => Some(b),
                _ => None,
            })
            .collect()
    }
}

impl Rich for Cell {
    fn bundle(&self) -> MimeBundle {
        let mut parts: Vec<MimeBundle> = Vec::new();
        for e in &self.outputs {
            match e {
                Emit::Stdout(t) | Emit::Stderr(t) => parts.push(MimeBundle::plain(t.clone())),
                Emit::Display(b) | Emit::Result(b) => parts.push(b.clone()),
                Emit::Clear { .. } => parts.clear(),
            }
        }
        if let Some(e) = &self.outcome.error {
            parts.push(MimeBundle::plain(e.traceback.join("\n") + "\n"));
        }
        display::stack(&parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_expose_text_and_rich_views() {
        let mut lab = Lab::new();
        let c = lab.run("echo hi; help echo; cat /nope");
        assert!(c.ok());
        assert_eq!(c.stdout(), format!("hi\n{}", c.bundles()[0].text()));
        assert_eq!(c.stderr(), "cat: /nope: No such file or directory\n");
        let b = c.bundle();
        assert!(b.get("text/html").unwrap().contains("netbook-help"));
        assert!(b.get("text/html").unwrap().contains("<pre>hi\n</pre>"));
        let bad = lab.run("nosuch");
        assert!(!bad.ok());
        assert!(bad.stderr().contains("command not found"));
    }
}
