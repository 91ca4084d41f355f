//! Broadcast storms: a bridged loop (two bridges joined twice, a veth with
//! both ends on one bridge) floods a broadcast frame for ever on Linux,
//! until STP blocks a port or the admin removes a link. The simulator
//! detects the loop (the same broadcast flooded again by the same bridge
//! in one send), stops it and says so (STP itself is not simulated: the
//! message names the Linux command); a hard frame budget bounds any other
//! runaway. See bridge(8) `stp_state` and IEEE 802.1D.

use super::frame::Frame;
use super::link::LinkId;
use super::probe::{Sim, FRAME_BUDGET};
use super::world::World;
use crate::sim::trace::{DropReason, Step};

/// Times one bridge may flood the same broadcast (same source MAC) within
/// one send before it is a storm. A tree floods each broadcast once per
/// bridge; a loop brings it back every lap.
pub(crate) const STORM_LAPS: u32 = 16;

impl World {
    /// Counts a flood of `frame` by `br`; returns false (and stops the
    /// send with a storm drop) once the frame has come back too often.
    pub(crate) fn flood_allowed(&mut self, sim: &mut Sim, br: LinkId, frame: &Frame) -> bool {
        if sim.floods.stopped {
            return false;
        }
        if !frame.dst.is_multicast() {
            return true;
        }
        let n = sim.floods.seen.entry((br, frame.src.0)).or_insert(0);
        *n += 1;
        if *n <= STORM_LAPS {
            return true;
        }
        let key = frame.src.0;
        let mut bridges: Vec<String> = sim
            .floods
            .seen
            .iter()
            .filter(|((_, mac), n)| *mac == key && **n >= 2)
            .map(|((b, _), _)| self.link(*b).name.to_string())
            .collect();
        bridges.sort();
        bridges.dedup();
        self.stop_storm(sim, br, &bridges, STORM_LAPS);
        false
    }

    /// Ends the send: clears the queue and records why.
    pub(crate) fn stop_storm(&mut self, sim: &mut Sim, at: LinkId, bridges: &[String], laps: u32) {
        sim.floods.stopped = true;
        sim.queue.clear();
        let first = bridges.first().cloned().unwrap_or_default();
        let place = match bridges {
            [] => "in the network".to_string(),
            [one] => format!("on {one}"),
            [a, b] => format!("between {a} and {b}"),
            many => format!("between {}", many.join(", ")),
        };
        let msg = if bridges.is_empty() {
            format!(
                "packet storm: one send moved more than {FRAME_BUDGET} frames; netbook stopped it"
            )
        } else {
            format!(
                "broadcast storm: the frame looped {laps} times {place}; a loop needs STP \
                 (`ip link set {first} type bridge stp_state 1` on Linux; netbook does not \
                 simulate STP) or removing one link (Linux floods until then; netbook stopped it)"
            )
        };
        sim.trace.force_push(Step::Drop {
            at: self.at_link(at),
            reason: DropReason::Storm(msg.clone()),
        });
        if self.storm.is_none() {
            self.storm = Some(msg);
        }
    }

    /// The storm the last commands ran into, if any, once.
    pub fn take_storm(&mut self) -> Option<String> {
        self.storm.take()
    }
}
