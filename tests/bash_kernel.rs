//! The cell language's network-facing forms against the real kernel:
//! loops over namespaces and `$(ip ...)` substitutions feeding `ip` and
//! `iptables`, run by the real bash in throw-away namespaces (unique
//! names, deleted by exact name afterwards) and by netbook; stdout and
//! the exit status must agree. Skipped, with the reason printed, where
//! `ip netns` is not permitted (not root, no iproute2/iptables).

use netbook::shell::Session;
use std::process::Command;

fn sh(cmd: &str) -> (i32, String, String) {
    match Command::new("bash").arg("-c").arg(cmd).output() {
        Ok(o) => (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (-1, String::new(), e.to_string()),
    }
}

fn kernel_available() -> Result<(), String> {
    if std::env::var_os("NETBOOK_NO_KERNEL").is_some() {
        return Err("NETBOOK_NO_KERNEL is set".into());
    }
    let (_, uid, _) = sh("id -u");
    if uid.trim() != "0" {
        return Err("not root: `ip netns add` needs CAP_SYS_ADMIN".into());
    }
    let (st, _, err) = sh("ip -V && iptables -V");
    if st != 0 {
        return Err(format!("iproute2/iptables missing: {err}"));
    }
    Ok(())
}

/// Deletes the namespaces by exact name, even when an assertion failed.
struct Cleanup(Vec<String>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for n in &self.0 {
            let _ = Command::new("ip").args(["netns", "del", n]).output();
        }
    }
}

/// The same script through the real bash and through netbook.
fn both(script: &str) -> ((i32, String), (i32, String)) {
    let (st, out, _) = sh(script);
    let mut s = Session::new();
    let t = s.run_terminal(script);
    ((st, out), (t.outcome.status, t.stdout))
}

#[test]
fn loops_and_substitutions_agree_with_the_kernel() {
    if let Err(why) = kernel_available() {
        println!("skipped: {why}");
        return;
    }
    let p = format!("nbtest-b{}", std::process::id());
    let _cleanup = Cleanup((1..=3).map(|i| format!("{p}n{i}")).collect());
    let script = format!(
        r#"P={p}
for i in 1 2 3; do ip netns add ${{P}}n$i; done
for ns in $(ip netns list | awk '{{print $1}}' | grep "^$P" | sort); do
  ip -n $ns link set lo up
  ip -n $ns -br link show lo
  for port in 80 443; do
    ip netns exec $ns iptables -A INPUT -p tcp --dport $port -j ACCEPT
  done
  ip netns exec $ns iptables -S INPUT
done
count=$(ip netns list | grep -c "^$P")
echo "namespaces: $count"
ip netns exec ${{P}}n1 bash -c 'ip -br addr show lo | awk "{{print \$1, \$2}}"'
for i in $(seq 1 3); do ip netns del ${{P}}n$i; done
ip netns list | grep -c "^$P" || echo none left
"#
    );
    let (real, ours) = both(&script);
    assert_eq!(real, ours, "real kernel vs netbook for:\n{script}");
    // The comparison is about something: the loops ran and printed.
    assert!(real.1.contains("namespaces: 3\n"), "{}", real.1);
    assert!(real.1.contains("--dport 443 -j ACCEPT\n"), "{}", real.1);
    assert_eq!(real.1.matches("lo ").count(), 4, "{}", real.1);
}
