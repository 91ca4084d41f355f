//! Helpers shared by the integration tests.

/// A test that needs the real kernel or a real tool and cannot have it:
/// says SKIPPED on both streams, and fails instead when the run requires
/// the real side (`NETBOOK_DIFF_REQUIRE`, set by scripts/test as root), so
/// CI never counts a skipped comparison as a pass.
#[allow(dead_code)]
pub fn skip(what: &str, why: &str) {
    let require = std::env::var_os("NETBOOK_DIFF_REQUIRE").is_some();
    assert!(
        !require,
        "NETBOOK_DIFF_REQUIRE is set but {what} cannot run: {why}"
    );
    println!("SKIPPED {what}: {why}");
    eprintln!("SKIPPED {what}: {why}");
}

use netbook::shell::{ExecOutcome, Session};

/// Runs a cell as a terminal shows it: stdout, stderr, outcome.
#[allow(dead_code)]
pub fn run(s: &mut Session, code: &str) -> (String, String, ExecOutcome) {
    let t = s.run_terminal(code);
    (t.stdout, t.stderr, t.outcome)
}

/// Runs a cell that must succeed; returns its stdout.
#[allow(dead_code)]
pub fn ok(s: &mut Session, code: &str) -> String {
    let (o, e, r) = run(s, code);
    assert!(
        r.error.is_none() && r.status == 0,
        "cell failed: {code}\nstdout: {o}\nstderr: {e}\n{r:?}"
    );
    o
}
