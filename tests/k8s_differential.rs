//! Chapter 7's pod-to-Service traffic on the simulator and on the real
//! kernel. The same bash script runs in netbook and, as root, inside a
//! throw-away network + mount namespace (`unshare --net --mount`, with a
//! private tmpfs on /run/netns so every `ip netns add` vanishes with it):
//! sections 7.1-7.2's own cells (two nodes, `cni0`, pods, host-gw routes,
//! ip_forward, br_netfilter, the web servers, `node-nat.rules` through
//! `iptables-restore`), then a ClusterIP connection from a pod, conntrack's
//! view of its DNAT (ports and timers masked), and the hairpin case (a pod
//! to its own Service) with `hairpin` off and on (br_netfilter's bridged
//! DNAT: compared too), and the same-node Service with
//! `bridge-nf-call-iptables=0` on the node (the reply skips conntrack).

mod common;
use netbook::Lab;
use std::process::Command;

const NOTEBOOK: &str = include_str!("../notebooks/07-kubernetes.ipynb");

/// Code cells of 7.1 and 7.2 up to and including the `iptables-restore`
/// cell, as the chapter runs them.
fn chapter_setup() -> String {
    let nb: serde_json::Value = serde_json::from_str(NOTEBOOK).unwrap();
    let mut code = String::new();
    for c in nb["cells"].as_array().unwrap() {
        let src: String = c["source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        if c["cell_type"] != "code" || src.starts_with('%') {
            continue;
        }
        code += &src;
        code.push('\n');
        if src.contains("iptables-restore <") {
            return code;
        }
    }
    panic!("chapter 7 has no iptables-restore cell");
}

/// What both sides run after the setup: each step prints a marker, its
/// output and its exit status.
const PROBES: &str = r####"
echo "### clusterip"; ip netns exec client curl -s --connect-timeout 2 http://10.96.0.200/ > /dev/null; echo "rc=$?"
echo "### conntrack"; ip netns exec node1 conntrack -L -d 10.96.0.200 2>/dev/null
echo "### web"; ip netns exec client curl -s --connect-timeout 2 http://10.96.0.100/ > /dev/null; echo "rc=$?"
echo "### conntrack-web"; ip netns exec node1 conntrack -L -d 10.96.0.100 2>/dev/null
echo "### hairpin-off"; ip netns exec web-1 curl -s --connect-timeout 2 http://10.96.0.200/ > /dev/null; echo "rc=$?"
echo "### conntrack-hairpin-off"; ip netns exec node1 conntrack -L -s 10.244.1.10 -d 10.96.0.200 2>/dev/null
ip netns exec node1 conntrack -F 2>/dev/null
ip -n node1 link set veth-web-1 type bridge_slave hairpin on
echo "### port"; ip netns exec node1 bridge -d link show dev veth-web-1 | sed -n 2p
echo "### hairpin-on"; ip netns exec web-1 curl -s --connect-timeout 2 http://10.96.0.200/ > /dev/null; echo "rc=$?"
echo "### conntrack-hairpin-on"; ip netns exec node1 conntrack -L -s 10.244.1.10 -d 10.96.0.200 2>/dev/null
ip netns exec node1 conntrack -F 2>/dev/null
ip netns exec node1 sysctl -q -w net.bridge.bridge-nf-call-iptables=0
echo "### brnf-off"; ip netns exec client curl -s --connect-timeout 2 http://10.96.0.200/ > /dev/null; echo "rc=$?"
echo "### conntrack-brnf-off"; ip netns exec node1 conntrack -L -d 10.96.0.200 2>/dev/null
echo "### brnf-off-other-node"; ip netns exec client curl -s --connect-timeout 2 http://10.244.2.10:8080/ > /dev/null; echo "rc=$?"
ip netns exec node1 sysctl -q -w net.bridge.bridge-nf-call-iptables=1
echo "### brnf-on"; ip netns exec client curl -s --connect-timeout 2 http://10.96.0.200/ > /dev/null; echo "rc=$?"
echo "### end"
"####;

/// Sections keyed by marker, with client ports, timers and endpoint
/// choices masked.
fn sections(out: &str) -> Vec<(String, String)> {
    // Client ports have 5 digits; the Service's 80 and 8080 stay.
    let port = regex_lite::Regex::new(r"(sport|dport)=\d{5}").unwrap();
    let timer = regex_lite::Regex::new(r"^(tcp +6) \d+ ").unwrap();
    let ep =
        regex_lite::Regex::new(r"src=10\.244\.(1\.10|2\.10|2\.11) dst=10\.244\.1\.20").unwrap();
    let mut v: Vec<(String, String)> = Vec::new();
    for line in out.lines() {
        if let Some(m) = line.strip_prefix("### ") {
            v.push((m.to_string(), String::new()));
            continue;
        }
        let Some((_, body)) = v.last_mut() else {
            continue;
        };
        let l = port.replace_all(line, "$1=P");
        let l = timer.replace(&l, "$1 T ");
        let l = ep.replace(&l, "src=EP dst=10.244.1.20");
        body.push_str(&l);
        body.push('\n');
    }
    v
}

fn get<'a>(v: &'a [(String, String)], key: &str) -> &'a str {
    v.iter()
        .find(|(k, _)| k == key)
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("no section {key} in {v:?}"))
}

fn simulated() -> String {
    let mut lab = Lab::new();
    lab.run(&chapter_setup()).expect_ok();
    lab.run(PROBES).expect_ok().stdout()
}

fn real() -> Result<String, String> {
    let uid = Command::new("id").arg("-u").output();
    if !matches!(&uid, Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == "0") {
        return Err("it needs root".into());
    }
    if std::env::var_os("NETBOOK_NO_KERNEL").is_some() {
        return Err("NETBOOK_NO_KERNEL is set".into());
    }
    let have = Command::new("sh")
        .args(["-c", "for t in unshare ip bridge iptables-restore conntrack curl python3; do command -v $t >/dev/null || exit 1; done"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        return Err("it needs unshare, iproute2, iptables, conntrack, curl and python3".into());
    }
    let dir = std::env::temp_dir().join(format!("netbook-k8s-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The host has no `modprobe` to offer inside the namespace; the module
    // is either loaded (the sysctl exists) or the comparison is skipped.
    let setup = chapter_setup()
        .replace("/etc/kubernetes", &dir.join("kube").display().to_string())
        .replace("modprobe br_netfilter", "true");
    let script = format!(
        "set -u\nmkdir -p /run/netns && mount -t tmpfs netbook-k8s /run/netns || exit 97\n\
         test -e /proc/sys/net/bridge/bridge-nf-call-iptables || exit 98\n\
         {{\n{setup}\n}} >/dev/null 2>&1\nsleep 1\n{PROBES}\nkill $(jobs -p) 2>/dev/null\n"
    );
    let file = dir.join("run.sh");
    std::fs::write(&file, script).unwrap();
    let out = Command::new("timeout")
        .args(["60", "unshare", "--net", "--mount", "bash"])
        .arg(&file)
        .output()
        .map_err(|e| format!("unshare: {e}"))?;
    std::fs::remove_dir_all(&dir).ok();
    match out.status.code() {
        Some(97) => return Err("cannot mount a private /run/netns".into()),
        Some(98) => return Err("the host has no br_netfilter module".into()),
        _ => {}
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn chapter_7_service_traffic_matches_the_kernel() {
    let sim = sections(&simulated());
    // The simulator's own view, whatever the host offers.
    assert_eq!(get(&sim, "clusterip"), "rc=0\n");
    // With bridge-nf-call-iptables=0 on node1, the same-node endpoint's
    // reply is bridged straight back, never un-DNATed: the client's socket
    // does not take it and the connection times out (the conntrack entry
    // stays UNREPLIED); a pod on the other node is routed, not bridged.
    assert_eq!(get(&sim, "brnf-off"), "rc=28\n");
    assert_eq!(
        get(&sim, "conntrack-brnf-off"),
        "tcp      6 T SYN_SENT src=10.244.1.20 dst=10.96.0.200 sport=P dport=80 [UNREPLIED] src=EP dst=10.244.1.20 sport=8080 dport=P mark=0 use=1\n"
    );
    assert_eq!(get(&sim, "brnf-off-other-node"), "rc=0\n");
    assert_eq!(get(&sim, "brnf-on"), "rc=0\n");
    assert_eq!(get(&sim, "web"), "rc=0\n");
    assert!(get(&sim, "port").starts_with("    hairpin on guard off"));
    let real = match real() {
        Ok(r) => sections(&r),
        Err(why) => {
            common::skip("the chapter 7 kernel comparison", &why);
            return;
        }
    };
    // Reachability and conntrack's record of the DNAT, ports masked.
    for key in [
        "clusterip",
        "conntrack",
        "web",
        "conntrack-web",
        "port",
        "hairpin-off",
        "conntrack-hairpin-off",
        "hairpin-on",
        "conntrack-hairpin-on",
        "brnf-off",
        "conntrack-brnf-off",
        "brnf-off-other-node",
        "brnf-on",
    ] {
        assert_eq!(get(&sim, key), get(&real, key), "section {key}");
    }
    assert_eq!(
        get(&real, "conntrack"),
        "tcp      6 T TIME_WAIT src=10.244.1.20 dst=10.96.0.200 sport=P dport=80 src=EP dst=10.244.1.20 sport=8080 dport=P [ASSURED] mark=0 use=1\n"
    );
    // The hairpin on the real kernel: br_netfilter DNATs inside the bridge
    // and the frame must leave by the port it came in on, so without
    // hairpin mode the SYN is dropped (its conntrack entry never
    // confirmed); with it the KUBE-MARK-MASQ mark set in PREROUTING makes
    // POSTROUTING masquerade the source to cni0's address.
    assert_eq!(get(&real, "hairpin-off"), "rc=28\n");
    assert_eq!(get(&real, "conntrack-hairpin-off"), "");
    assert_eq!(get(&real, "hairpin-on"), "rc=0\n");
    assert_eq!(
        get(&real, "conntrack-hairpin-on"),
        "tcp      6 T TIME_WAIT src=10.244.1.10 dst=10.96.0.200 sport=P dport=80 src=10.244.1.10 dst=10.244.1.1 sport=8080 dport=P [ASSURED] mark=0 use=1\n"
    );
}

/// Code cells of the chapter up to and including the one that writes the
/// client's resolv.conf (7.4: CoreDNS behind the kube-dns Service).
fn chapter_through_dns() -> String {
    let nb: serde_json::Value = serde_json::from_str(NOTEBOOK).unwrap();
    let mut code = String::new();
    for c in nb["cells"].as_array().unwrap() {
        let src: String = c["source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        if c["cell_type"] != "code" || src.starts_with('%') {
            continue;
        }
        code += &src;
        code.push('\n');
        if src.contains("/etc/netns/client/resolv.conf") {
            return code;
        }
    }
    panic!("chapter 7 has no client resolv.conf cell");
}

/// `bridge-nf-call-iptables=0` on node1: the client's DNS query to the
/// kube-dns Service (CoreDNS on the same bridge) gets its answer from the
/// pod's own address, which the resolver's connected socket never takes
/// (real dig prints only `timed out`); `netbook trace` names the cause and
/// the sysctl that fixes it.
#[test]
fn bridge_nf_off_breaks_same_node_service_and_dns() {
    let mut lab = Lab::new();
    lab.run(&chapter_through_dns()).expect_ok();
    let dig = "ip netns exec client dig +short +tries=1 +time=1 web.default.svc.cluster.local";
    assert_eq!(lab.run(dig).expect_ok().stdout(), "10.96.0.100\n");
    lab.run("ip netns exec node1 sysctl -w net.bridge.bridge-nf-call-iptables=0")
        .expect_ok();
    let out = lab.run(dig).stdout();
    assert_eq!(
        out,
        ";; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n"
    );
    let t = lab
        .run("netbook trace -n client tcp 10.96.0.200:80")
        .stdout();
    assert!(
        t.contains("client/eth0: DROP: the reply came from 10.244.1.10:8080, but the connection went to 10.96.0.200:80"),
        "{t}"
    );
    assert!(
        t.ends_with("fix: ip netns exec node1 sysctl -w net.bridge.bridge-nf-call-iptables=1\n"),
        "{t}"
    );
    lab.run("modprobe -r br_netfilter").expect_ok();
    let t = lab
        .run("netbook trace -n client tcp 10.96.0.200:80")
        .stdout();
    assert!(t.ends_with("fix: modprobe br_netfilter\n"), "{t}");
    // Loaded again, the module starts from its default (1) everywhere.
    lab.run("modprobe br_netfilter").expect_ok();
    assert_eq!(lab.run(dig).expect_ok().stdout(), "10.96.0.100\n");
}
