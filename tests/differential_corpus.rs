//! The differential corpus: every script under tests/differential/<topic>/
//! runs step by step in netbook (the session `netbook run` drives) and in
//! bash on the real kernel inside `unshare --net --mount --uts --pid`, and
//! each step's exit status, stdout and stderr are compared after the
//! script's declared masks. A report prints the match rate per topic; the
//! test fails when a topic falls below the rate recorded in
//! tests/differential/ratchet.txt (raise it when the rate goes up).
//!
//! Skipped, visibly, when not root, when `unshare` fails, or per script
//! when a tool it `# needs:` is missing; `NETBOOK_DIFF_REQUIRE=1` (set by
//! scripts/test when root) turns a skip into a failure. The masking rules
//! are described in tests/differential/README.md.
//!
//! `NETBOOK_DIFF_ONLY=SUBSTR` runs the scripts whose path contains SUBSTR;
//! `NETBOOK_DIFF_SHOW=1` prints every mismatch in full.

#[path = "differential/harness/mod.rs"]
mod harness;

mod common;
use harness::{corpus, real, report};

#[test]
fn the_corpus_matches_the_real_kernel_at_the_recorded_rates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential");
    let scripts = corpus::load(&root);
    let require = std::env::var_os("NETBOOK_DIFF_REQUIRE").is_some();
    if let Err(why) = real::available() {
        common::skip(
            "the differential corpus against the kernel",
            &why.to_string(),
        );
        return;
    }
    let only = std::env::var("NETBOOK_DIFF_ONLY").ok();
    let picked: Vec<&corpus::Script> = scripts
        .iter()
        .filter(|s| only.as_deref().is_none_or(|o| s.path.contains(o)))
        .collect();
    let results = harness::run_all(&picked);
    let rep = report::Report::new(&results);
    let show = std::env::var_os("NETBOOK_DIFF_SHOW").is_some();
    print!("{}", rep.render(show));
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential-report.txt");
    let _ = std::fs::write(&out, rep.render(true));
    println!("full report: {}", out.display());
    let skipped: Vec<&str> = results
        .iter()
        .filter_map(|r| r.skipped.as_deref())
        .collect();
    assert!(
        !require || skipped.is_empty(),
        "NETBOOK_DIFF_REQUIRE is set but scripts were skipped: {skipped:?}"
    );
    if only.is_none() {
        assert!(
            scripts.len() >= 150,
            "the corpus holds {} scripts",
            scripts.len()
        );
        let ratchet = std::fs::read_to_string(root.join("ratchet.txt")).unwrap();
        let below = rep.below(&ratchet);
        assert!(below.is_empty(), "below the ratchet: {below:?}");
    }
}
