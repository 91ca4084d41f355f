//! Behavioural checks on small worlds: they judge what happens, they can
//! fail, and they leave the student's world as it was.

use crate::display::i18n::Lang;
use crate::shell::{CellError, Emit, Session};

fn run(s: &mut Session, code: &str) -> Option<CellError> {
    let mut out: Vec<Emit> = Vec::new();
    s.execute(code, &mut out).error
}

fn terminal(s: &mut Session, code: &str) -> String {
    s.run_terminal(code).stdout
}

const SERVER: &str = "ip netns add client
ip link add veth0 type veth peer name eth0 netns client
ip addr add 10.9.0.1/24 dev veth0
ip link set veth0 up
ip -n client addr add 10.9.0.2/24 dev eth0
ip -n client link set eth0 up
nc -l -k 22 &
nc -l -k 8080 &";

#[test]
fn a_drop_before_the_ssh_accept_fails_reach_with_the_rule_and_fix() {
    let mut s = Session::new();
    assert!(run(&mut s, SERVER).is_none());
    run(
        &mut s,
        "iptables -A INPUT -j DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT",
    );
    // The rule text exists, so a syntactic check passes ...
    assert!(run(
        &mut s,
        "check iptables -C INPUT -p tcp --dport 22 -j ACCEPT"
    )
    .is_none());
    // ... but SSH is blocked, and the behavioural check says why.
    let e = run(&mut s, "check reach -n client 10.9.0.1:22 tcp").expect("must fail");
    assert_eq!(e.ename, "CheckFailed");
    let tb = e.traceback.join("\n");
    assert!(tb.contains("기대: client에서 10.9.0.1:22 tcp"), "{tb}");
    assert!(tb.contains("-A INPUT -j DROP"), "{tb}");
    assert!(tb.contains("고치려면: iptables -D INPUT 1"), "{tb}");
    assert!(
        tb.contains("packet: TCP [S] port 22 10.9.0.2 > 10.9.0.1"),
        "{tb}"
    );
    assert!(run(&mut s, "check ! reach -n client 10.9.0.1:22 tcp").is_none());
    assert!(run(&mut s, "check verdict -n client 10.9.0.1:22 tcp DROP").is_none());
    // The right order passes.
    run(&mut s, "iptables -D INPUT 1\niptables -P INPUT DROP");
    assert!(run(&mut s, "check reach -n client 10.9.0.1:22 tcp").is_none());
    let e = run(&mut s, "check verdict -n client 10.9.0.1:22 tcp DROP").unwrap();
    assert!(e.evalue.contains("filter INPUT rule 1"), "{}", e.evalue);
}

#[test]
fn reject_and_drop_verdicts_are_told_apart() {
    let mut s = Session::new();
    run(&mut s, SERVER);
    run(&mut s, "iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -I INPUT 1 -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\niptables -P INPUT DROP");
    assert!(run(&mut s, "check verdict -n client 10.9.0.1:8080 tcp REJECT").is_none());
    assert!(run(&mut s, "check verdict -n client 10.9.0.1:3306 tcp DROP").is_none());
    assert!(run(&mut s, "check verdict -n client 10.9.0.1:22 tcp ACCEPT").is_none());
    let e = run(&mut s, "check verdict -n client 10.9.0.1:8080 tcp DROP").unwrap();
    assert!(e.evalue.contains("REJECT"), "{}", e.evalue);
    assert!(run(&mut s, "check ! reach -n client 10.9.0.1:8080 tcp").is_none());
}

#[test]
fn a_check_leaves_the_world_as_it_was() {
    let mut s = Session::new();
    run(&mut s, SERVER);
    run(&mut s, "iptables -A INPUT -p tcp --dport 22 -j ACCEPT");
    let look = "iptables -L INPUT -v -n; conntrack -L; ip -n client neigh; ip neigh; date";
    let before = terminal(&mut s, look);
    for c in [
        "check reach -n client 10.9.0.1:22 tcp",
        "check verdict -n client 10.9.0.1:22 tcp ACCEPT",
        "check resolves --via getent localhost 127.0.0.1",
        "check resolves --via ping localhost 127.0.0.1",
        "check sysctl net.ipv4.ip_forward 0",
        "check listening tcp 22",
    ] {
        assert!(run(&mut s, c).is_none(), "{c}");
    }
    assert_eq!(terminal(&mut s, look), before);
}

#[test]
fn state_checks_judge_the_effective_value() {
    let mut s = Session::new();
    run(&mut s, SERVER);
    run(&mut s, "echo 1 > /proc/sys/net/ipv4/ip_forward");
    assert!(run(&mut s, "check sysctl net.ipv4.ip_forward 1").is_none());
    let e = run(&mut s, "check sysctl -n client net.ipv4.ip_forward 1").unwrap();
    assert!(e
        .traceback
        .join("\n")
        .contains("ip netns exec client sysctl -w net.ipv4.ip_forward=1"));
    assert!(run(&mut s, "check listening tcp 8080").is_none());
    assert!(run(&mut s, "check listening -n client tcp 22").is_some());
    assert!(run(&mut s, "check ! listening -n client tcp 22").is_none());
    assert!(run(&mut s, "check route -n client 10.9.0.1 dev eth0").is_none());
    let e = run(
        &mut s,
        "check route -n client 8.8.8.8 via 10.9.0.1 dev eth0",
    )
    .unwrap();
    assert!(e
        .traceback
        .join("\n")
        .contains("ip -n client route add 8.8.8.8 via 10.9.0.1 dev eth0"));
    run(&mut s, "ip -n client route add default via 10.9.0.1");
    assert!(run(
        &mut s,
        "check route -n client 8.8.8.8 via 10.9.0.1 dev eth0"
    )
    .is_none());
}

#[test]
fn resolves_follows_each_tools_path() {
    let mut s = Session::new();
    run(&mut s, "echo '10.0.0.5 db.internal db' >> /etc/hosts");
    assert!(run(&mut s, "check resolves --via ping db 10.0.0.5").is_none());
    assert!(run(&mut s, "check resolves --via getent db.internal 10.0.0.5").is_none());
    // dig never reads /etc/hosts.
    assert!(run(&mut s, "check resolves --via dig db.internal 10.0.0.5").is_some());
    // An earlier line wins for ping: the trap of chapter 3 exercise 1.
    let mut s = Session::new();
    run(
        &mut s,
        "echo '10.0.0.4 db' >> /etc/hosts\necho '10.0.0.5 db' >> /etc/hosts",
    );
    let e = run(&mut s, "check resolves --via ping db 10.0.0.5").unwrap();
    assert!(
        e.traceback.join("\n").contains("db → 10.0.0.4"),
        "{:?}",
        e.traceback
    );
}

#[test]
fn english_with_lang_en_and_usage_errors() {
    let mut s = Session::with_lang(Lang::En);
    run(&mut s, SERVER);
    let e = run(&mut s, "check reach -n client 10.9.0.1:23 tcp").unwrap();
    let tb = e.traceback.join("\n");
    assert!(
        tb.contains("expected: 10.9.0.1:23 tcp reachable from client"),
        "{tb}"
    );
    assert!(tb.contains("nothing listens on port 23"), "{tb}");
    for bad in [
        "check reach",
        "check reach -n client 10.9.0.1 tcp",
        "check verdict -n client 10.9.0.1:22 tcp MAYBE",
        "check ! verdict -n client 10.9.0.1:22 tcp DROP",
        "check nat -n client 10.9.0.1:22 tcp",
        "check resolves --via host db 1.2.3.4",
        "check --contains x reach 10.9.0.1",
    ] {
        assert_eq!(
            run(&mut s, bad).map(|e| e.ename),
            Some("UsageError".into()),
            "{bad}"
        );
    }
}
