//! The real side: one script in bash inside fresh namespaces
//! (`unshare --net --mount --uts --pid --fork`), so nothing it creates
//! (interfaces, `ip netns` names, /etc/netns files, daemons) outlives it
//! or touches the host: /run, /etc/netns and /tmp are private tmpfs (daemons' pid files too),
//! /sys is the new network namespace's sysfs (as `ip netns exec` mounts it),
//! /etc/hosts and /etc/resolv.conf are bind-mounted copies of netbook's,
//! /root (mode 0700, so `~/.ssh` keys and authorized_keys stay private)
//! and /etc/ssh are private tmpfs too, /etc/ssh holding netbook's stock
//! sshd_config and no host keys (a script makes them with ssh-keygen),
//! /run/sshd exists and an sshd listens on port 22 of the root namespace
//! (host key outside /etc/ssh) as on netbook's host, where openssh-server
//! runs,
//! and the pid namespace ends every background process with the script.

use super::corpus::Script;
use super::StepOut;
use std::path::PathBuf;
use std::process::Command;

fn sh(cmd: &str) -> (i32, String) {
    match Command::new("sh").arg("-c").arg(cmd).output() {
        Ok(o) => (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        ),
        Err(e) => (-1, e.to_string()),
    }
}

const UNSHARE: &str = "unshare --net --mount --uts --pid --fork --kill-child --mount-proc";

/// Whether the real side can run at all here.
pub fn available() -> Result<(), String> {
    if std::env::var_os("NETBOOK_NO_KERNEL").is_some() {
        return Err("NETBOOK_NO_KERNEL is set".into());
    }
    if sh("id -u").1.trim() != "0" {
        return Err("not root (unshare --net needs CAP_SYS_ADMIN)".into());
    }
    for tool in ["bash", "ip", "unshare", "timeout"] {
        if !has_tool(tool) {
            return Err(format!("`{tool}` is not installed"));
        }
    }
    let (st, out) = sh(&format!("{UNSHARE} ip link set lo up"));
    if st != 0 {
        return Err(format!("unshare fails: {}", out.trim()));
    }
    // `ip netns exec` bind-mounts /etc/netns/NAME/*; the directory must
    // exist to mount our private tmpfs on it (it is empty on a stock host).
    if !std::path::Path::new("/etc/netns").exists() {
        std::fs::create_dir_all("/etc/netns").map_err(|e| format!("/etc/netns: {e}"))?;
    }
    Ok(())
}

pub fn has_tool(tool: &str) -> bool {
    sh(&format!("command -v {tool}")).0 == 0
}

/// The simulated host's starting files, copied for the real side.
fn sim_file(path: &str) -> String {
    let mut s = netbook::shell::Session::new();
    s.run_terminal(&format!("cat {path}")).stdout
}

fn workdir(slot: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("nbdiff-{}-{slot}", std::process::id()))
}

fn is_sleep(step: &str) -> bool {
    step.strip_prefix("sleep ")
        .is_some_and(|t| t.trim().chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Bash helpers: `nb_end I 1` moves what earlier steps' processes wrote
/// since the last look into step I's files (remembering the cut ranges);
/// `nb_end I 0` leaves it with them. `nb_fin` removes the moved ranges.
const LATE_OUTPUT: &str = r#"declare -A NB_SZ NB_CUT
nb_end() {
  local name k f s o moved=
  while read -r name s; do
    name=${name##*/}; k=${name%.*}; f=${name##*.}
    if [ "$k" = "$1" ]; then NB_SZ[$k.$f]=$s; continue; fi
    o=${NB_SZ[$k.$f]:-$s}
    if [ "$s" -gt "$o" ]; then
      if [ "$2" = 1 ]; then
        tail -c +$((o+1)) /run/nbdiff/$k.$f | head -c $((s-o)) >>/run/nbdiff/$1.$f
        NB_CUT[$k.$f]+="$o:$s "; moved=1
      fi
      NB_SZ[$k.$f]=$s
    fi
  done < <(stat -c '%n %s' /run/nbdiff/*.out /run/nbdiff/*.err)
  if [ -n "$moved" ]; then
    for f in out err; do NB_SZ[$1.$f]=$(stat -c %s /run/nbdiff/$1.$f); done
  fi
}
nb_fin() {
  local key file pos r
  for key in "${!NB_CUT[@]}"; do
    file=/run/nbdiff/$key; pos=0; : >$file.new
    for r in ${NB_CUT[$key]}; do
      head -c ${r%:*} $file | tail -c +$((pos+1)) >>$file.new; pos=${r#*:}
    done
    tail -c +$((pos+1)) $file >>$file.new; mv $file.new $file
  done
}
"#;

/// Runs the script; one result per step.
pub fn run(script: &Script, slot: usize) -> Result<Vec<StepOut>, String> {
    let d = workdir(slot);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).map_err(|e| e.to_string())?;
    std::fs::write(d.join("hosts"), sim_file("/etc/hosts")).map_err(|e| e.to_string())?;
    std::fs::write(d.join("resolv.conf"), sim_file("/etc/resolv.conf"))
        .map_err(|e| e.to_string())?;
    std::fs::write(d.join("sshd_config"), sim_file("/etc/ssh/sshd_config"))
        .map_err(|e| e.to_string())?;
    let dd = d.display();
    let mut b = format!(
        "exec </dev/null
hostname host
mount -t tmpfs nbdiff /run && mkdir /run/netns /run/nbdiff || exit 90
mount --bind {dd} /run/nbdiff || exit 90
mount -t tmpfs nbdiff /etc/netns || exit 91
mount --bind /run/nbdiff/hosts /etc/hosts || exit 93
mount --bind /run/nbdiff/resolv.conf /etc/resolv.conf || exit 94
mount -t tmpfs nbdiff /tmp || exit 92
mount -t sysfs nbdiff /sys || exit 89
mount -t tmpfs -o mode=700 nbdiff /root || exit 96
mount -t tmpfs -o mode=755 nbdiff /etc/ssh && mkdir /etc/ssh/sshd_config.d /run/sshd \\
  && cp /run/nbdiff/sshd_config /etc/ssh/sshd_config || exit 97
export HOME=/root
cd /tmp
if [ -x /usr/sbin/sshd ]; then
  ssh-keygen -q -t ed25519 -N '' -f /run/nbdiff/host_key && /usr/sbin/sshd -h /run/nbdiff/host_key || exit 98
fi
ip link set lo up
unshare --net sleep 1000000 &
P=$!
until [ \"$(readlink /proc/$P/ns/net)\" != \"$(readlink /proc/self/ns/net)\" ]; do sleep 0.01; done
ip link add eth0 type veth peer name eth0p && ip link set eth0p netns $P \\
  && nsenter -t $P -n ip link set eth0p up \\
  && ip link set eth0 address 52:54:00:12:34:56 \\
  && ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up \\
  && ip route add default via 10.0.2.2 || exit 95
"
    );
    b.push_str(LATE_OUTPUT);
    for (i, step) in script.steps.iter().enumerate() {
        // Output a background process writes while a later command runs
        // (a server's access log, ssh -f's channel errors) is shown with
        // that command, as a terminal shows it; what arrives during a
        // `sleep` stays with the step that started the process.
        let collect = u8::from(!is_sleep(step));
        b.push_str(&format!(
            "{{ {step}\n}} >/run/nbdiff/{i}.out 2>/run/nbdiff/{i}.err; echo $? >/run/nbdiff/{i}.rc; nb_end {i} {collect}\n"
        ));
    }
    b.push_str("nb_fin\n");
    std::fs::write(d.join("script.sh"), b).map_err(|e| e.to_string())?;
    let (st, out) = sh(&format!(
        "timeout -s KILL 120 {UNSHARE} bash {dd}/script.sh"
    ));
    if (89..=98).contains(&st) {
        let _ = std::fs::remove_dir_all(&d);
        return Err(format!("the real side's setup failed ({st}): {out}"));
    }
    let mut res = Vec::new();
    for i in 0..script.steps.len() {
        let read = |ext: &str| std::fs::read_to_string(d.join(format!("{i}.{ext}")));
        let status = read("rc")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(-1);
        res.push(StepOut {
            status,
            stdout: read("out").unwrap_or_default(),
            stderr: read("err").unwrap_or_default(),
        });
    }
    let _ = std::fs::remove_dir_all(&d);
    Ok(res)
}
