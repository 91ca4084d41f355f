//! Differential test of the cell language: every snippet in
//! `tests/bash/corpus.txt` runs through `netbook run` and through the
//! real `bash` of this machine (GNU coreutils, GNU sed, gawk as `awk`,
//! C locale), and must give the same stdout, stderr and exit status.
//!
//! Snippets are separated by `#### name` lines. `$T` is a scratch
//! directory (the same absolute path on both sides). Two normalisations:
//! bash reading a script names the line (`bash: line 3: x: ...`) where an
//! interactive shell does not, and netbook's `hint:` lines are netbook's
//! own addition. A third for background jobs: a cell shows an interactive
//! shell's job lines (`[1] PID`, `[1]+  Done  ...`), which a script does
//! not print; they are dropped from netbook's stderr here (tests/bash_jobs.rs
//! checks them against an interactive bash's transcript).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(tool))
            .find(|f| f.is_file())
    })
}

struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

fn run(cmd: &mut Command, input: &str) -> Run {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

fn strip_line_numbers(s: &str) -> String {
    let re = regex_lite::Regex::new(r"(?m)^(/usr)?(/bin/)?bash: line \d+: ").expect("regex");
    re.replace_all(s, "bash: ").into_owned()
}

fn drop_job_lines(s: &str) -> String {
    let job = regex_lite::Regex::new(
        r"^\[\d+\]([+\- ]  (Done|Exit \d+|[A-Z][A-Za-z0-9 /()]*?) +.*| \d+)$",
    )
    .expect("regex");
    s.lines()
        .filter(|l| !job.is_match(l))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn snippets() -> Vec<(String, String)> {
    let text = include_str!("bash/corpus.txt");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("#### ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn corpus_has_enough_snippets() {
    let s = snippets();
    assert!(s.len() >= 150, "only {} snippets", s.len());
    let mut names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), s.len(), "snippet names must be unique");
}

#[test]
fn netbook_matches_real_bash() {
    let (Some(bash), Some(gawk)) = (which("bash"), which("gawk")) else {
        println!(
            "skipped: bash_differential needs bash and gawk (scripts/setup-system installs gawk)"
        );
        return;
    };
    let base = std::env::temp_dir().join(format!("netbook-bashdiff-{}", std::process::id()));
    let bin = base.join("bin");
    let scratch = base.join("t");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let awk = bin.join("awk");
    let _ = std::fs::remove_file(&awk);
    std::os::unix::fs::symlink(&gawk, &awk).expect("symlink awk");
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
    let t = scratch.display().to_string();
    let mut failures = Vec::new();
    let all = snippets();
    for (name, body) in &all {
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).expect("mkdir scratch");
        let script = format!("T={t}\nmkdir -p $T\n{body}");
        let real = run(
            Command::new(&bash)
                .env_clear()
                .env("PATH", &path)
                .env("HOME", "/root")
                .env("USER", "root")
                .env("SHELL", "/bin/bash")
                .env("LC_ALL", "C")
                .current_dir(Path::new(&scratch)),
            &script,
        );
        let ours = run(
            Command::new(env!("CARGO_BIN_EXE_netbook")).arg("run"),
            &script,
        );
        let (rs, os) = (
            strip_line_numbers(&real.stderr),
            drop_job_lines(&ours.stderr),
        );
        if real.stdout != ours.stdout || rs != os || real.status != ours.status {
            failures.push(format!(
                "#### {name}\n{body}-- bash: status {}\nstdout: {:?}\nstderr: {:?}\n-- netbook: status {}\nstdout: {:?}\nstderr: {:?}\n",
                real.status, real.stdout, rs, ours.status, ours.stdout, os
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    println!(
        "bash differential: {} of {} snippets equal",
        all.len() - failures.len(),
        all.len()
    );
    assert!(
        failures.is_empty(),
        "{} snippets differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
