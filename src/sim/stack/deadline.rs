//! A time limit on the running command (`timeout 3 ping HOST`): the
//! virtual clock stops at it, so every wait a command models ends there,
//! and the command sees itself signalled. One mechanism for every tool:
//! commands do not carry timeout code of their own.

use super::world::World;

/// When the command in the foreground gets `signal` (timeout(1)'s alarm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// Virtual time of the alarm, in microseconds.
    pub at_us: u64,
    /// The signal sent then (15 for TERM).
    pub signal: u32,
    /// The clock got there: the command was signalled.
    pub reached: bool,
    /// The command saw the signal while it polled for one (ping between
    /// two probes, sleep): what it printed so far stands. A command
    /// signalled inside one long wait (a connect timing out) printed
    /// nothing after it.
    pub heeded: bool,
}

impl World {
    /// Arms a deadline `us` from now and returns the one it replaces (an
    /// outer `timeout`'s), which stays in force if it comes first.
    pub fn arm_deadline(&mut self, us: u64, signal: u32) -> Option<Deadline> {
        let at_us = self.now_us.saturating_add(us);
        let outer = self.deadline;
        let (at_us, signal) = match outer {
            Some(o) if o.at_us <= at_us => (o.at_us, o.signal),
            _ => (at_us, signal),
        };
        self.deadline = Some(Deadline {
            at_us,
            signal,
            reached: false,
            heeded: false,
        });
        outer
    }

    /// Removes the current deadline, restoring `outer`, and returns it.
    pub fn disarm_deadline(&mut self, outer: Option<Deadline>) -> Option<Deadline> {
        let mine = self.deadline.take();
        // An outer deadline that came signalled the command the same way.
        let hit = |o: &Deadline| self.now_us >= o.at_us;
        self.deadline = outer.map(|o| Deadline {
            reached: o.reached || hit(&o),
            heeded: o.heeded || (hit(&o) && mine.is_some_and(|m| m.heeded)),
            ..o
        });
        mine
    }

    /// Microseconds left before the deadline (`None`: there is none).
    pub fn until_deadline(&self) -> Option<u64> {
        self.deadline.map(|d| d.at_us.saturating_sub(self.now_us))
    }

    /// The signal of a reached deadline, marking it seen by the command.
    pub fn heed_deadline(&mut self) -> Option<u32> {
        let d = self.deadline.as_mut().filter(|d| d.reached)?;
        d.heeded = true;
        Some(d.signal)
    }

    /// Moves the clock `us` forward, stopping at a deadline (the command
    /// is signalled there and waits no longer).
    pub(super) fn clock_step(&mut self, us: u64) {
        let to = self.now_us.saturating_add(us);
        match self.deadline.as_mut() {
            Some(d) if to >= d.at_us => {
                self.now_us = self.now_us.max(d.at_us);
                d.reached = true;
            }
            _ => self.now_us = to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_stops_at_the_nearest_deadline() {
        let mut w = World::new();
        let outer = w.arm_deadline(1_000_000, 15);
        assert_eq!(outer, None);
        let inner = w.arm_deadline(5_000_000, 2);
        w.advance(3_000_000);
        assert_eq!(w.now_us, 1_000_000);
        assert_eq!(w.heed_deadline(), Some(15));
        let mine = w.disarm_deadline(inner).unwrap();
        assert!(mine.reached && mine.heeded);
        assert!(w.deadline.unwrap().reached);
        w.disarm_deadline(outer);
        w.advance(1);
        assert_eq!((w.now_us, w.deadline), (1_000_001, None));
    }
}
