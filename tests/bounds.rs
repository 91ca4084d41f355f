//! Work and memory bounds of one command (issue: bounded work, bounded
//! memory): each test fails on a build without its bound (it hangs, blows
//! up or exits 0 with a lie) and passes with it.

use netbook::Lab;
use std::time::{Duration, Instant};

const TWO_BRIDGES: &str = "ip link add br0 type bridge
ip link add br1 type bridge
ip link add a0 type veth peer name b0
ip link add a1 type veth peer name b1
ip link set a0 master br0
ip link set a1 master br0
ip link set b0 master br1
ip link set b1 master br1
ip link set br0 up
ip link set br1 up
ip link set a0 up
ip link set a1 up
ip link set b0 up
ip link set b1 up
ip addr add 10.0.0.1/24 dev br0";

fn timed(lab: &mut Lab, code: &str) -> (netbook::Cell, Duration) {
    let t = Instant::now();
    let c = lab.run(code);
    (c, t.elapsed())
}

#[test]
fn a_loop_between_two_bridges_is_a_named_storm() {
    let mut lab = Lab::new();
    lab.run(TWO_BRIDGES).expect_ok();
    let (cell, took) = timed(&mut lab, "ping -c 1 10.0.0.9");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let err = cell.stderr();
    assert!(
        err.contains("broadcast storm: the frame looped 16 times between br0 and br1"),
        "{err}"
    );
    assert!(err.contains("stp_state 1"), "{err}");
    // The rich view names it too.
    let html: String = cell
        .bundles()
        .iter()
        .filter_map(|b| b.get("text/html"))
        .collect();
    assert!(html.contains("broadcast storm"), "{html}");
}

#[test]
fn a_veth_with_both_ends_on_one_bridge_and_many_of_them_are_bounded() {
    let mut lab = Lab::new();
    let mut setup = String::from(
        "ip link add br0 type bridge\nip link set br0 up\nip addr add 10.0.0.1/24 dev br0\n",
    );
    for i in 0..24 {
        setup += &format!("ip link add a{i} type veth peer name b{i}\nip link set a{i} master br0\nip link set b{i} master br0\nip link set a{i} up\nip link set b{i} up\n");
    }
    lab.run(&setup).expect_ok();
    let (cell, took) = timed(&mut lab, "ping -c 3 10.0.0.9");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        cell.stderr().contains("looped 16 times on br0"),
        "{}",
        cell.stderr()
    );
    // The next command runs normally.
    lab.run("ip link show br0").expect_ok();
}

#[test]
fn a_huge_ping_count_stops_at_the_probe_budget_with_constant_memory() {
    let mut lab = Lab::new();
    let (cell, took) = timed(&mut lab, "ping -q -c 4294967295 127.0.0.1");
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let out = cell.stdout();
    assert!(
        out.contains("100000 packets transmitted, 100000 received"),
        "{out}"
    );
    assert!(
        cell.stderr().contains("after 100000 packets"),
        "{}",
        cell.stderr()
    );
}

#[test]
fn a_long_unknown_command_gets_a_short_message_fast() {
    let mut lab = Lab::new();
    let word = "x".repeat(10 << 20);
    let (cell, took) = timed(&mut lab, &word);
    // The hint is linear now; what is left is brush-parser tokenising 10 MB
    // one char at a time, slow in a debug build on a loaded machine.
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let err = cell.stderr();
    assert!(err.len() < 4096, "{} bytes of stderr", err.len());
    assert!(
        err.contains("10485760 bytes in all"),
        "{}",
        &err[..err.len().min(400)]
    );
}

#[test]
fn sysctl_ranges_are_the_kernels_and_the_ttl_is_used() {
    let mut lab = Lab::new();
    for bad in ["0", "256", "-1"] {
        let cell = lab.run(&format!("sysctl -w net.ipv4.ip_default_ttl={bad}"));
        assert_eq!(
            cell.stderr(),
            "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n"
        );
    }
    assert_eq!(
        lab.run("sysctl -n net.ipv4.ip_default_ttl").stdout(),
        "64\n"
    );
    lab.run("sysctl -w net.ipv4.ip_default_ttl=1").expect_ok();
    let out = lab.run("ping -c 1 127.0.0.1").stdout();
    assert!(out.contains("icmp_seq=1 ttl=1 "), "{out}");
    let cell = lab.run("sysctl -w net.ipv4.icmp_echo_ignore_all=2");
    assert!(
        cell.stderr().contains("Invalid argument"),
        "{}",
        cell.stderr()
    );
}

#[test]
fn rm_recursive_removes_and_refuses_the_root() {
    let mut lab = Lab::new();
    let cell = lab.run("rm -rf /");
    assert_eq!(
        cell.stderr(),
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
    );
    assert!(lab.world().fs.exists("/etc/hosts"));
    let cell = lab.run("rm /etc");
    assert_eq!(cell.stderr(), "rm: cannot remove '/etc': Is a directory\n");
    lab.run("rm -rf /etc").expect_ok();
    assert!(!lab.world().fs.exists("/etc/hosts"));
    assert!(!lab.world().fs.is_dir("/etc"));
}

#[test]
fn dmesg_is_a_ring() {
    let mut lab = Lab::new();
    lab.run("iptables -A OUTPUT -j LOG --log-prefix 'x: '")
        .expect_ok();
    lab.run("ping -q -c 3000 127.0.0.1").expect_ok();
    let lines = lab.run("dmesg").stdout().lines().count();
    assert!((1..=1250).contains(&lines), "{lines} lines");
}

#[test]
fn cat_into_a_pipe_is_capped() {
    let mut lab = Lab::new();
    let mut setup = String::from("echo x > /tmp/seed\n");
    // 1 MiB file built by doubling.
    setup += "cat /tmp/seed /tmp/seed > /tmp/f\n";
    for _ in 0..19 {
        setup += "cat /tmp/f /tmp/f > /tmp/g\ncat /tmp/g > /tmp/f\n";
    }
    lab.run(&setup).expect_ok();
    let files = vec!["/tmp/f"; 100].join(" ");
    let cell = lab.run(&format!("cat {files} | wc -c"));
    assert!(
        cell.stderr().contains("cat: write error: File too large"),
        "{}",
        cell.stderr()
    );
}

#[test]
fn nested_ssh_is_capped() {
    let mut lab = Lab::new();
    lab.run("ip link set lo up\nsshd").expect_ok();
    let line = format!(
        "{}echo deep",
        "ssh -o StrictHostKeyChecking=no 127.0.0.1 ".repeat(40)
    );
    let (cell, took) = timed(&mut lab, &line);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        cell.stderr()
            .contains("netbook allows at most 16 nested ssh sessions"),
        "{}",
        cell.stderr()
    );
}
