//! The `netbook` binary as a user runs it: `run`, `install`, and the
//! kernel's start-up errors.

use std::io::Write;
use std::process::{Command, Stdio};

fn netbook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_netbook"))
}

fn run_stdin(script: &str) -> (i32, String, String) {
    let mut child = netbook()
        .args(["run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_prints_like_a_terminal_and_exits_with_the_last_status() {
    let (code, out, _) = run_stdin("$ echo one\n$ echo two | grep t\n");
    assert_eq!(code, 0);
    assert_eq!(out, "one\ntwo\n");
    let (code, _, err) = run_stdin("cat /etc/resolve.conf\n");
    assert_eq!(code, 1);
    assert_eq!(err, "cat: /etc/resolve.conf: No such file or directory\n");
}

#[test]
fn run_fails_on_usage_syntax_and_unknown_commands() {
    let (code, _, err) = run_stdin("echo 'unterminated\n");
    assert_ne!(code, 0);
    assert!(
        err.contains("unexpected EOF while looking for matching"),
        "{err}"
    );
    let (code, _, err) = run_stdin("ipp link\n");
    assert_eq!(code, 127);
    assert!(err.contains("bash: ipp: command not found"), "{err}");
    // bash goes on after a usage error; the run still fails.
    let (code, out, _) = run_stdin("grep -Q x /etc/hosts; echo reached\n");
    assert_ne!(code, 0);
    assert!(out.contains("reached"));
    let (code, out, _) = run_stdin("grep -Q x /etc/hosts\n");
    assert_eq!(code, 2);
    assert!(out.is_empty());
}

#[test]
fn run_reads_a_file() {
    let path = std::env::temp_dir().join(format!("netbook-cli-{}.sh", std::process::id()));
    std::fs::write(&path, "touch /tmp/a\nls /tmp\n").unwrap();
    let out = netbook().arg("run").arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a\n");
    let out = netbook().args(["run", "/no/such/file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn kernel_rejects_missing_or_malformed_connection_files_with_exit_2() {
    let out = netbook()
        .args(["kernel", "--connection-file", "/no/such/connection.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read connection file"));
    let path = std::env::temp_dir().join(format!("netbook-conn-{}.json", std::process::id()));
    std::fs::write(&path, "{\"transport\": \"tcp\"").unwrap();
    let out = netbook()
        .args(["kernel", "--connection-file"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("malformed connection file"));
    let out = netbook().arg("kernel").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

#[test]
fn install_help_says_where_it_goes() {
    let out = netbook().args(["install", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("~/.local/share/jupyter"), "{text}");
    assert!(text.contains("--sys-prefix"));
    let out = netbook()
        .args(["install", "--user", "--sys-prefix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "flags are exclusive");
}

#[test]
fn run_undoes_a_cell_past_its_memory_budget() {
    // The binary counts its heap: twenty variables of 16 MiB pass the
    // 160 MiB budget (one word is capped at 32 MiB, see the next test).
    let (code, _, err) = run_stdin(
        "y=x; for i in $(seq 24); do y=$y$y; done; for j in $(seq 20); do declare v$j=$y$j; done\n",
    );
    assert_eq!(code, 137, "{err}");
    assert!(
        err.contains("this cell used more than 160 MiB of memory and was undone"),
        "{err}"
    );
}

#[test]
fn a_word_doubled_in_a_loop_stops_at_the_word_cap() {
    let (code, _, err) = run_stdin("y=x; for i in $(seq 40); do y=$y$y; done; echo ${#y}\n");
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("netbook: an expansion of more than 32 MiB was stopped (netbook's word cap)"),
        "{err}"
    );
}

#[test]
fn run_refuses_a_script_larger_than_a_cell() {
    let mut child = netbook()
        .args(["run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The runner stops reading past the cap, so the write may break.
        let _ = stdin.write_all(&vec![b'#'; (16 << 20) + 1]);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err,
        "netbook: stdin: script too large (netbook runs at most 16 MiB as one cell)\n"
    );
}
