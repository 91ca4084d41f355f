//! Chapter 7's kube-proxy nat table (`notebooks/k8s/node-nat.rules`): the
//! notebook loads exactly this file, the simulator's `iptables-save` prints
//! it back byte for byte, and so does the real `iptables-restore` /
//! `iptables-save` (1.8.9, nf_tables) in a throw-away network namespace
//! (`unshare --net`; skipped, with the reason printed, when not root or
//! without iptables).

mod common;
use netbook::Lab;
use std::process::Command;

const RULES: &str = include_str!("../notebooks/k8s/node-nat.rules");
const NOTEBOOK: &str = include_str!("../notebooks/07-kubernetes.ipynb");

fn without_comments(s: &str) -> String {
    s.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn notebook_loads_the_rules_file_verbatim() {
    let nb: serde_json::Value = serde_json::from_str(NOTEBOOK).unwrap();
    let want = format!("cat > /etc/kubernetes/node-nat.rules <<'EOF'\n{RULES}EOF");
    let found = nb["cells"].as_array().unwrap().iter().any(|c| {
        let src: String = c["source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        src.ends_with(&want)
    });
    assert!(
        found,
        "no cell writes notebooks/k8s/node-nat.rules verbatim"
    );
}

#[test]
fn simulator_saves_the_rules_back_byte_for_byte() {
    let mut lab = Lab::new();
    let load = format!(
        "mkdir -p /etc/kubernetes\ncat > /etc/kubernetes/node-nat.rules <<'EOF'\n{RULES}EOF\niptables-restore < /etc/kubernetes/node-nat.rules"
    );
    lab.run(&load).expect_ok();
    let saved = lab.run("iptables-save -t nat").expect_ok().stdout();
    assert_eq!(without_comments(&saved), RULES);
}

#[test]
fn real_iptables_restore_accepts_the_rules_byte_for_byte() {
    let uid = Command::new("id").arg("-u").output();
    let root = matches!(&uid, Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == "0");
    let have = Command::new("sh")
        .args(["-c", "command -v iptables-restore && command -v unshare"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !root || !have || std::env::var_os("NETBOOK_NO_KERNEL").is_some() {
        common::skip(
            "the real iptables-restore check",
            "it needs root, unshare and iptables",
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("netbook-k8s-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("node-nat.rules");
    std::fs::write(&file, RULES).unwrap();
    let out = Command::new("unshare")
        .args(["--net", "sh", "-c"])
        .arg(format!(
            "iptables-restore < '{}' && iptables-save -t nat",
            file.display()
        ))
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "iptables-restore refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("(nf_tables)"), "{stdout}");
    assert_eq!(without_comments(&stdout), RULES);
}
