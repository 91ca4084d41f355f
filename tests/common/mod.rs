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

/// The chapter notebooks (`notebooks/NN-*.ipynb`), in order.
#[allow(dead_code)]
pub fn notebooks() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/notebooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.ends_with(".ipynb") && n.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    v.sort();
    assert!(v.len() >= 7, "{v:?}");
    v
}

/// A notebook's code cells, in order.
#[allow(dead_code)]
pub fn code_cells(path: &std::path::Path) -> Vec<String> {
    use serde_json::Value;
    let nb: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cell_type"] == "code")
        .map(|c| match &c["source"] {
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        })
        .collect()
}
