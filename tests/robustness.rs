//! Bad input never corrupts the world: random command lines built from the
//! grammar of the configuration tools, valid and mutated, either succeed or
//! leave the world exactly as it was (`World` compares every namespace,
//! link, address, route, neighbour, sysctl, netfilter table and file).
//! Traffic tools (ping, dig, ...) are left out on purpose: on Linux a
//! failing ping still leaves ARP entries and conntrack state behind; so
//! are multi-operand coreutils (`mkdir a /no/b` makes `a`, then fails, on
//! Linux too).

use netbook::Lab;
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "ns1", "ns2", "br0", "veth1", "veth1-br", "eth0", "lo", "dummy0", "x",
];
const ADDRS: &[&str] = &[
    "192.168.1.10/24",
    "10.0.0.1/8",
    "10.201.0.0/24",
    "0.0.0.0/0",
    "300.1.1.1/24",
    "192.168.1.1",
    "default",
    "fe80::1/64",
];
const JUNK: &[&str] = &[
    "", "--", "-", "up", "dev", "via", "type", "9999999", "'", "ß", "-j", "!",
];

fn pick(v: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(v)
}

fn command() -> impl Strategy<Value = Vec<String>> {
    let n = || pick(NAMES).prop_map(str::to_string);
    let a = || pick(ADDRS).prop_map(str::to_string);
    prop_oneof![
        (pick(&["add", "del", "exec", "identify", "list"]), n())
            .prop_map(|(v, x)| format!("ip netns {v} {x}")),
        (
            n(),
            pick(&["veth peer name veth9", "bridge", "dummy", "vlan", "veth"])
        )
            .prop_map(|(x, t)| format!("ip link add {x} type {t}")),
        (
            n(),
            pick(&[
                "up",
                "down",
                "master br0",
                "nomaster",
                "netns ns1",
                "mtu 1400",
                "mtu 70000",
                "address 02:00:00:00:00:01"
            ])
        )
            .prop_map(|(x, s)| format!("ip link set {x} {s}")),
        (pick(&["add", "del", "flush"]), a(), n())
            .prop_map(|(v, ad, x)| format!("ip addr {v} {ad} dev {x}")),
        (pick(&["add", "del", "replace"]), a(), a(), n())
            .prop_map(|(v, d, g, x)| format!("ip route {v} {d} via {g} dev {x}")),
        (
            n(),
            pick(&["link del", "link set lo up", "addr add 10.1.1.1/24 dev lo"])
        )
            .prop_map(|(x, r)| format!("ip -n {x} {r}")),
        (
            pick(&["filter", "nat", "mangle", "raw", "bogus"]),
            pick(&["-A", "-I", "-D", "-N", "-X", "-F", "-P"]),
            pick(&["INPUT", "FORWARD", "POSTROUTING", "PREROUTING", "MYCHAIN"]),
            a(),
            pick(&[
                "ACCEPT",
                "DROP",
                "MASQUERADE",
                "DNAT --to-destination 10.0.0.2",
                "REJECT",
                "NOPE"
            ])
        )
            .prop_map(|(t, op, ch, ad, j)| format!("iptables -t {t} {op} {ch} -s {ad} -j {j}")),
        (
            pick(&["net.ipv4.ip_forward", "net.ipv4.bogus", "kernel.hostname"]),
            pick(&["0", "1", "x", ""])
        )
            .prop_map(|(k, v)| format!("sysctl -w {k}={v}")),
        (pick(&["add", "del"]), pick(&["dev veth1", "dev br0", ""]))
            .prop_map(|(v, d)| format!("bridge fdb {v} 02:00:00:00:00:02 {d}")),
    ]
    .prop_map(|s| s.split_whitespace().map(str::to_string).collect())
}

/// Valid commands, and the same with a word dropped, swapped or replaced.
fn mutated() -> impl Strategy<Value = String> {
    (
        command(),
        0..4usize,
        any::<prop::sample::Index>(),
        pick(JUNK),
    )
        .prop_map(|(mut w, how, i, junk)| {
            let k = i.index(w.len());
            match how {
                1 => {
                    w.remove(k);
                }
                2 => {
                    let j = (k + 1) % w.len();
                    w.swap(k, j);
                }
                3 => w[k] = junk.to_string(),
                _ => {}
            }
            w.iter()
                .map(|x| {
                    if x.is_empty() {
                        "''".to_string()
                    } else {
                        x.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
}

/// A small lab to act on, so most commands have something to hit.
const SETUP: &str = "ip netns add ns1\nip link add br0 type bridge\nip link add veth1 type veth peer name veth1-br\n\
ip link set veth1-br master br0\nip link set veth1 netns ns1\nip -n ns1 addr add 192.168.1.10/24 dev veth1\n\
iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn a_failing_command_changes_nothing(lines in prop::collection::vec(mutated(), 1..25)) {
        let mut lab = Lab::new();
        lab.run(SETUP).expect_ok();
        for line in lines {
            let before = lab.world().clone();
            let cell = lab.run(&line);
            // sysctl applies its operands one by one, as procps does: a bad
            // one fails the command after the good ones took effect.
            let operands = line.split_whitespace().skip(1).filter(|w| *w != "-w").count();
            let partial = line.starts_with("sysctl") && operands > 1;
            if !partial && (cell.outcome.status != 0 || cell.outcome.error.is_some()) {
                prop_assert!(
                    *lab.world() == before,
                    "`{}` failed (status {}) but changed the world\nstderr: {}",
                    line, cell.outcome.status, cell.stderr()
                );
            }
            prop_assert!(
                cell.outcome.error.as_ref().map(|e| e.ename.as_str()) != Some("InternalError"),
                "`{}` panicked: {}", line, cell.stderr()
            );
        }
    }
}

/// One command inside a compound command whose status is that command's:
/// a brace group, a subshell, `if`, `for`, a function, `$(...)`, `&&`,
/// `bash -c`, `ip netns exec` of a shell.
fn compound() -> impl Strategy<Value = String> {
    (mutated(), 0..9usize).prop_map(|(c, how)| match how {
        0 => format!("{{ {c}; }}"),
        1 => format!("( {c} )"),
        2 => format!("if true; then {c}; fi"),
        3 => format!("for i in 1; do {c}; done"),
        4 => format!("f() {{ {c}; }}; f"),
        5 => format!("X=$({c})"),
        6 => format!("true && {c}"),
        7 => format!("bash -c \"{c}\""),
        _ => format!("NS=ns1; set -- a; while true; do {c}; break; done"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn a_failing_compound_command_changes_nothing(lines in prop::collection::vec(compound(), 1..12)) {
        let mut lab = Lab::new();
        lab.run(SETUP).expect_ok();
        for line in lines {
            let before = lab.world().clone();
            let cell = lab.run(&line);
            let partial = line.contains("sysctl");
            if !partial && (cell.outcome.status != 0 || cell.outcome.error.is_some()) {
                prop_assert!(
                    *lab.world() == before,
                    "`{}` failed (status {}) but changed the world\nstderr: {}",
                    line, cell.outcome.status, cell.stderr()
                );
            }
            prop_assert!(
                cell.outcome.error.as_ref().map(|e| e.ename.as_str()) != Some("InternalError"),
                "`{}` panicked: {}", line, cell.stderr()
            );
        }
    }
}

#[test]
fn caps_stop_a_runaway_cell_with_a_clear_message() {
    let mut lab = Lab::new();
    lab.world_mut().limits = netbook::sim::world::Limits {
        namespaces: 3,
        links: 8,
        ..Default::default()
    };
    for i in 0..3 {
        lab.run(&format!("ip netns add n{i}")).expect_ok();
    }
    let before = lab.world().clone();
    let cell = lab.run("ip netns add n3");
    assert_ne!(cell.outcome.status, 0);
    assert!(
        cell.stderr().contains("at most 3 namespaces per session"),
        "{}",
        cell.stderr()
    );
    assert!(*lab.world() == before);
    // lo + eth0 exist; three veth pairs fit in 8, the fourth does not.
    for i in 0..3 {
        lab.run(&format!("ip link add a{i} type veth peer name b{i}"))
            .expect_ok();
    }
    let cell = lab.run("ip link add a3 type veth peer name b3");
    assert!(
        cell.stderr().contains("at most 8 interfaces per session"),
        "{}",
        cell.stderr()
    );
}

#[test]
fn routes_and_rules_are_capped_per_session_and_refusals_change_nothing() {
    let mut lab = Lab::new();
    lab.world_mut().limits.routes = 5;
    lab.world_mut().limits.rules = 4;
    // The fresh host has one static route (its default); four more fit.
    lab.run("ip netns add r\nip -n r link add d0 type veth peer name d1\nip -n r link set d0 up\nip -n r addr add 10.9.0.1/24 dev d0")
        .expect_ok();
    for i in 0..2 {
        lab.run(&format!("ip route add 192.0.2.{}/32 via 10.0.2.2", i))
            .expect_ok();
        lab.run(&format!(
            "ip -n r route add 198.51.100.{}/32 via 10.9.0.2",
            i
        ))
        .expect_ok();
    }
    let before = lab.world().clone();
    let cell = lab.run("ip -n r route add 203.0.113.0/24 via 10.9.0.2");
    assert_eq!(cell.outcome.status, 2);
    assert_eq!(
        cell.stderr(),
        "RTNETLINK answers: No buffer space available (netbook allows at most 5 routes per session)\n"
    );
    assert!(*lab.world() == before);
    // Replacing an existing route needs no room; deleting one makes room.
    lab.run("ip route replace 192.0.2.0/32 via 10.0.2.2 dev eth0")
        .expect_ok();
    lab.run("ip route del 192.0.2.1/32\nip -n r route add 203.0.113.0/24 via 10.9.0.2")
        .expect_ok();

    // Rules: iptables -A in two namespaces, then a restore that would pass the cap.
    lab.run("iptables -A INPUT -p tcp --dport 22 -j ACCEPT\nip netns exec r iptables -A FORWARD -j DROP\nip netns exec r iptables -A FORWARD -s 10.0.0.0/8 -j ACCEPT")
        .expect_ok();
    let before = lab.world().clone();
    let cell = lab.run("iptables -A INPUT -s 10.1.0.0/16,10.2.0.0/16 -j DROP");
    assert_eq!(cell.outcome.status, 1);
    assert!(
        cell.stderr()
            .contains("Cannot allocate memory (netbook allows at most 4 rules per session)"),
        "{}",
        cell.stderr()
    );
    assert!(*lab.world() == before);
    let cell = lab.run("printf '*filter\\n-A INPUT -j ACCEPT\\n-A INPUT -j DROP\\nCOMMIT\\n' | iptables-restore --noflush");
    assert_eq!(cell.outcome.status, 4, "{}", cell.stderr());
    assert!(
        cell.stderr().contains("Cannot allocate memory"),
        "{}",
        cell.stderr()
    );
    assert!(*lab.world() == before);
    // A restore that replaces the table with fewer rules is fine.
    lab.run("printf '*filter\\n-A INPUT -j ACCEPT\\nCOMMIT\\n' | iptables-restore")
        .expect_ok();
    lab.run("iptables -A INPUT -j DROP").expect_ok();
}

#[test]
fn the_simulated_disk_is_capped_and_a_refused_write_changes_nothing() {
    let mut lab = Lab::new();
    let big = "x".repeat(netbook::sim::fs::MAX_FS_BYTES / 2);
    lab.world_mut()
        .write_file(None, "/root/a", &big, false)
        .unwrap();
    let before = lab.world().clone();
    let e = lab
        .world_mut()
        .write_file(None, "/root/b", &big, false)
        .unwrap_err();
    assert_eq!(e.to_string(), "/root/b: No space left on device");
    assert!(*lab.world() == before);
    // Overwriting a file reuses its space; removing frees it.
    lab.world_mut()
        .write_file(None, "/root/a", &big, false)
        .unwrap();
    lab.run("rm /root/a").expect_ok();
    lab.world_mut()
        .write_file(None, "/root/b", &big, false)
        .unwrap();
}

#[test]
fn a_zone_is_capped_at_its_record_limit() {
    use netbook::sim::dns::zone::{Zone, MAX_ZONE_RECORDS};
    let mut text = String::from("$TTL 60\n");
    for i in 0..=MAX_ZONE_RECORDS {
        text.push_str(&format!("h{i} IN A 10.0.0.1\n"));
    }
    let e = Zone::parse(&text, "example.com.").unwrap_err();
    assert_eq!(e.line, MAX_ZONE_RECORDS + 2);
    assert!(
        e.message.contains("at most 1048576 per zone"),
        "{}",
        e.message
    );
}
