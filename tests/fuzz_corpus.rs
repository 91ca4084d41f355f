//! Replays the saved fuzz corpus and every past crash (fuzz/corpus/<target>,
//! fuzz/regressions/<target>) through the same harnesses the fuzzers use,
//! plus a short random run per harness, so old crashes stay fixed in CI.

use proptest::prelude::*;
use std::path::Path;

fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut n = 0;
    for target in netbook::fuzz::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for e in entries {
            let path = e.unwrap().path();
            // A running fuzzer may merge a corpus entry away meanwhile.
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let r = std::panic::catch_unwind(|| netbook::fuzz::run(target, &data));
            assert!(r.is_ok(), "{target}: {} breaks its harness", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn corpus_and_regressions_replay_cleanly() {
    let seeds = replay("corpus");
    assert!(
        seeds >= netbook::fuzz::TARGETS.len(),
        "every target has a seed"
    );
    replay("regressions");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_text_never_breaks_a_harness(
        idx in 0..netbook::fuzz::TARGETS.len(),
        text in "[ -~\t\n#:;|&<>'\"\\\\0-9a-z./-]{0,200}",
    ) {
        netbook::fuzz::run(netbook::fuzz::TARGETS[idx], text.as_bytes());
    }
}
