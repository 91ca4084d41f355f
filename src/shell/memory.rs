//! The per-cell memory budget.
//!
//! Each command bounds its own work, but a cell of many commands (a loop
//! adding 100,000 namespaces, a heredoc of a million routes) could still
//! grow the process without limit. The binary installs [`CountingAlloc`]
//! as its global allocator; it counts live heap bytes, and while a cell
//! runs ([`arm`]) it raises the cell's interrupt flag once the heap has
//! grown by more than the cell's budget. Every loop that checks for an
//! interrupt therefore also stops a cell that outgrew its memory, and the
//! session undoes the cell as it does after a panic.
//!
//! Without the counting allocator (library users, the wasm build, most
//! tests) nothing is counted and the budget never trips.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// Heap growth one cell may cause (160 MiB): with the kernel's own few
/// MiB, what IOPub subscribers that stopped reading may hold (about
/// 8 MiB each) and the allocator's slack, the process stays under 512 MiB
/// of RSS (the hostile soak in docs/robustness.md).
pub const CELL_MEMORY_BUDGET: usize = 160 << 20;

static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The most live bytes seen since [`take_peak`] last ran.
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live bytes past which the armed cell is stopped (`usize::MAX`: unarmed).
static CEILING: AtomicUsize = AtomicUsize::new(usize::MAX);
static TRIPPED: AtomicBool = AtomicBool::new(false);
/// The armed cell's interrupt flag (null when no cell is armed).
static FLAG: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());

/// The system allocator, counting live bytes for the cell budget.
pub struct CountingAlloc;

impl CountingAlloc {
    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
        // A plain load first: the peak rarely moves, and a read is cheaper
        // than a read-modify-write on every allocation.
        if now > PEAK.load(Ordering::Relaxed) {
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        if now > CEILING.load(Ordering::Relaxed) && !TRIPPED.swap(true, Ordering::Relaxed) {
            let flag = FLAG.load(Ordering::Acquire);
            if !flag.is_null() {
                // SAFETY: `FLAG` is non-null only between `arm` and the
                // drop of its `Armed`, which keeps the flag's `Arc` alive.
                unsafe { (*flag).store(true, Ordering::Relaxed) };
            }
        }
    }
}

// SAFETY: every call forwards to `System` unchanged; the counters are
// plain atomics and never allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                Self::grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

/// Live heap bytes, as counted by [`CountingAlloc`] (0 without it).
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The most live heap bytes since the last call, and a new period from
/// now: how much a request freed is its peak minus what is live after it.
pub fn take_peak() -> usize {
    PEAK.swap(live_bytes(), Ordering::Relaxed)
}

/// A cell's budget, armed until dropped.
pub struct Armed {
    active: bool,
}

impl Armed {
    /// Whether the cell outgrew its budget.
    pub fn tripped(&self) -> bool {
        self.active && TRIPPED.load(Ordering::Relaxed)
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        if self.active {
            CEILING.store(usize::MAX, Ordering::Relaxed);
            FLAG.store(std::ptr::null_mut(), Ordering::Release);
        }
    }
}

/// Arms the budget for one cell: once live memory grows by more than
/// `budget` bytes, `flag` is raised. Only one cell is armed at a time in
/// a process; a second session running concurrently runs unarmed.
pub fn arm(flag: &std::sync::Arc<AtomicBool>, budget: usize) -> Armed {
    let ptr = std::sync::Arc::as_ptr(flag).cast_mut();
    let active = FLAG
        .compare_exchange(
            std::ptr::null_mut(),
            ptr,
            Ordering::AcqRel,
            Ordering::Relaxed,
        )
        .is_ok();
    if active {
        TRIPPED.store(false, Ordering::Relaxed);
        CEILING.store(live_bytes().saturating_add(budget), Ordering::Relaxed);
    }
    Armed { active }
}
