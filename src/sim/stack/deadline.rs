//! A time limit on the running command (`timeout 3 ping HOST`): the
//! virtual clock stops at it, so every wait a command models ends there,
//! and the command sees itself signalled. One mechanism for every tool:
//! commands do not carry timeout code of their own. The world holds the
//! current one ([`crate::sim::World::arm_deadline`]).

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

impl Deadline {
    /// A deadline `us` after `now_us`, unless `outer` (an enclosing
    /// `timeout`'s) comes first: then that one, not yet reached.
    pub fn arm(now_us: u64, us: u64, signal: u32, outer: Option<Deadline>) -> Deadline {
        let at_us = now_us.saturating_add(us);
        let (at_us, signal) = match outer {
            Some(o) if o.at_us <= at_us => (o.at_us, o.signal),
            _ => (at_us, signal),
        };
        Deadline {
            at_us,
            signal,
            reached: false,
            heeded: false,
        }
    }

    /// `outer` again once `mine` is over at `now_us`: reached if its time
    /// came, heeded if the command heeded the same signal.
    pub fn restore(
        outer: Option<Deadline>,
        mine: Option<Deadline>,
        now_us: u64,
    ) -> Option<Deadline> {
        outer.map(|o| {
            let hit = now_us >= o.at_us;
            Deadline {
                reached: o.reached || hit,
                heeded: o.heeded || (hit && mine.is_some_and(|m| m.heeded)),
                ..o
            }
        })
    }

    /// Where the clock goes from `now_us` when `us` pass: no further than
    /// the deadline, which is then reached.
    pub fn step(&mut self, now_us: u64, us: u64) -> u64 {
        let to = now_us.saturating_add(us);
        if to >= self.at_us {
            self.reached = true;
            return now_us.max(self.at_us);
        }
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_deadline_stops_the_clock() {
        let outer = Deadline::arm(0, 1_000_000, 15, None);
        let mut inner = Deadline::arm(0, 5_000_000, 2, Some(outer));
        assert_eq!((inner.at_us, inner.signal), (1_000_000, 15));
        assert_eq!(inner.step(0, 3_000_000), 1_000_000);
        inner.heeded = true;
        let back = Deadline::restore(Some(outer), Some(inner), 1_000_000).unwrap();
        assert!(back.reached && back.heeded);
        let mut d = Deadline::arm(0, 10, 15, None);
        assert_eq!((d.step(0, 4), d.reached), (4, false));
    }
}
