//! Real time for the kernel and `netbook run`: the edge is the one place
//! that may read a clock. A wait sleeps in short slices so an interrupt
//! stops it within a few milliseconds.

use crate::shell::Pacer;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Waits in real time (see [`Pacer`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct RealTime;

impl Pacer for RealTime {
    fn wait(&self, dur: Duration, interrupt: &AtomicBool) -> bool {
        let end = Instant::now() + dur;
        loop {
            if interrupt.load(Ordering::Relaxed) {
                return false;
            }
            let now = Instant::now();
            if now >= end {
                return true;
            }
            std::thread::sleep((end - now).min(Duration::from_millis(5)));
        }
    }
}
