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
