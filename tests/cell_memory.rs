//! The per-cell memory budget: with the counting allocator installed (as
//! the binary does), a cell that grows the heap past its budget is
//! stopped with a clear error, the world and shell are as before the
//! cell, and the next cell runs. One test function: the budget is
//! process-wide, so its cases must not run in parallel.

use netbook::shell::memory::{live_bytes, CountingAlloc};
use netbook::shell::Session;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn a_cell_past_its_memory_budget_is_undone_and_the_next_runs() {
    assert!(live_bytes() > 0, "the counting allocator is installed");
    let mut s = Session::new();
    s.set_memory_budget(16 << 20);
    let t = s.run_terminal("ip netns add keep; x=kept");
    assert_eq!(t.outcome.error, None);
    let before = s.world().clone();

    // Many namespaces: each command is small, the cell is not.
    let t = s.run_terminal("x=changed; for i in $(seq 200000); do ip netns add n$i; done");
    let err = t.outcome.error.expect("the cell is stopped");
    assert_eq!(err.ename, "MemoryLimit", "{err:?}");
    assert!(
        t.stderr
            .contains("this cell used more than 16 MiB of memory and was undone"),
        "{}",
        t.stderr
    );
    assert!(s.world() == &before, "the world is as before the cell");
    let t = s.run_terminal("echo $x; ip netns list");
    assert_eq!(t.outcome.error, None);
    assert_eq!(t.stdout, "kept\nkeep\n");

    // One huge word built by doubling: stopped while the string grows.
    let t = s.run_terminal("y=x; for i in $(seq 40); do y=$y$y; done; echo ${#y}");
    assert_eq!(
        t.outcome.error.map(|e| e.ename).as_deref(),
        Some("MemoryLimit")
    );
    let t = s.run_terminal("echo ${#y}");
    assert_eq!(
        t.stdout, "0\n",
        "the variable did not survive the undone cell"
    );

    // Under the budget nothing changes: the same loop, smaller.
    let t = s.run_terminal("for i in $(seq 100); do ip netns add m$i; done; ip netns list | wc -l");
    assert_eq!(t.outcome.error, None, "{}", t.stderr);
    assert_eq!(t.stdout, "101\n");
}
