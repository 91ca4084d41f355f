//! Our `ipcalc` text/plain against outputs captured from the real Debian
//! `ipcalc` 0.42 (`tests/fixtures/ipcalc/capture.sh`), byte for byte.

use netbook::shell::command::{run_argv, Ctx};
use netbook::sim::World;
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn run(args: &[&str]) -> netbook::shell::CmdOutput {
    let mut world = World::new();
    let flag = AtomicBool::new(false);
    let mut ctx = Ctx {
        world: &mut world,
        netns: None,
        stdin: None,
        interrupt: &flag,
        live: None,
        pacer: None,
        shell: None,
        env: Default::default(),
    };
    let mut argv = vec!["ipcalc".to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    run_argv(&mut ctx, &argv)
}

#[test]
fn matches_debian_ipcalc_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ipcalc");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#')) {
        n += 1;
        let path = dir.join(format!("out/{n:03}.txt"));
        let expected = std::fs::read_to_string(&path).expect("captured output");
        let args: Vec<&str> = line.split_whitespace().collect();
        let out = run(&args);
        if out.stdout != expected {
            let diff_at = out
                .stdout
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b);
            failures.push(format!(
                "case {n} `ipcalc {line}`: first differing line {diff_at:?}\n--- ours\n{}\n--- real\n{}",
                out.stdout.lines().take(14).collect::<Vec<_>>().join("\n"),
                expected.lines().take(14).collect::<Vec<_>>().join("\n")
            ));
        }
        // Whatever is printed, the rich view never changes text/plain.
        if let Some(rich) = &out.rich {
            assert_eq!(rich.text(), out.stdout, "case {n}");
        }
        assert_eq!(out.status, 0, "ipcalc always exits 0 (case {n})");
    }
    assert!(n >= 50, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
