//! Behavioural checks on small worlds: they judge what happens, they can
//! fail, and they leave the student's world as it was.

use crate::display::i18n::Lang;
use crate::shell::{CellError, Emit, Session};

fn run(s: &mut Session, code: &str) -> Option<CellError> {
    let mut out: Vec<Emit> = Vec::new();
    s.execute(code, &mut out).error
}

/// The traceback of a check that must fail (as `CheckFailed`), as one text.
fn check_failure(s: &mut Session, code: &str) -> String {
    let e = run(s, code).unwrap_or_else(|| panic!("`{code}` must fail"));
    assert_eq!(e.ename, "CheckFailed", "{code}");
    e.traceback.join("\n")
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
    let tb = check_failure(&mut s, "check reach -n client 10.9.0.1:22 tcp");
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
    let tb = check_failure(&mut s, "check sysctl -n client net.ipv4.ip_forward 1");
    assert!(
        tb.contains("ip netns exec client sysctl -w net.ipv4.ip_forward=1"),
        "{tb}"
    );
    assert!(run(&mut s, "check listening tcp 8080").is_none());
    assert!(run(&mut s, "check listening -n client tcp 22").is_some());
    assert!(run(&mut s, "check ! listening -n client tcp 22").is_none());
    assert!(run(&mut s, "check route -n client 10.9.0.1 dev eth0").is_none());
    let tb = check_failure(
        &mut s,
        "check route -n client 8.8.8.8 via 10.9.0.1 dev eth0",
    );
    assert!(
        tb.contains("ip -n client route add 8.8.8.8 via 10.9.0.1 dev eth0"),
        "{tb}"
    );
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
    let tb = check_failure(&mut s, "check resolves --via ping db 10.0.0.5");
    assert!(tb.contains("db → 10.0.0.4"), "{tb}");
}

#[test]
fn english_with_lang_en_and_usage_errors() {
    let mut s = Session::with_lang(Lang::En);
    run(&mut s, SERVER);
    let tb = check_failure(&mut s, "check reach -n client 10.9.0.1:23 tcp");
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

const GATEWAY: &str = "ip netns add lan
ip link add lan0 type veth peer name eth0 netns lan
ip addr add 10.201.0.1/24 dev lan0
ip link set lan0 up
ip -n lan addr add 10.201.0.10/24 dev eth0
ip -n lan link set eth0 up
ip -n lan route add default via 10.201.0.1
sysctl -w net.ipv4.ip_forward=1";

#[test]
fn a_port_forward_is_judged_from_the_internet_side() {
    let mut s = Session::new();
    assert!(run(&mut s, GATEWAY).is_none());
    let probe = "check nat 10.0.2.15:8080 tcp from 203.0.113.5 --to-destination 10.201.0.10:80";
    // Nothing forwarded yet: the check fails.
    assert!(run(&mut s, probe).is_some());
    // A DNAT in OUTPUT redirects only the host's own connections.
    run(
        &mut s,
        "iptables -t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.10:80",
    );
    assert!(run(&mut s, probe).is_some());
    run(
        &mut s,
        "iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.10:80",
    );
    assert!(run(&mut s, probe).is_none());
    assert!(run(&mut s, &probe.replace("8080", "8081")).is_some());
    // The walk enters through eth0 and its answer leaves toward the sender.
    let t = terminal(&mut s, "netbook trace tcp 10.0.2.15:8080 from 203.0.113.5");
    assert!(
        t.starts_with("packet: TCP [S] port 8080 203.0.113.5 > 10.0.2.15\ninternet -> host/eth0\n"),
        "{t}"
    );
    assert!(
        t.contains("DNAT: destination 10.0.2.15:8080 -> 10.201.0.10:80"),
        "{t}"
    );
    assert!(t.contains("nothing listens on port 80 in lan"), "{t}");
    // A private sender cannot come from the Internet; -n contradicts from.
    let t = s
        .run_terminal("netbook trace tcp 10.0.2.15:8080 from 10.9.0.2")
        .stderr;
    assert!(t.contains("not an Internet address"), "{t}");
    assert!(run(
        &mut s,
        &format!("check {}", &probe[6..]).replace("nat ", "nat -n lan ")
    )
    .is_some());
}

#[test]
fn masquerade_without_an_out_interface_changes_private_traffic_too() {
    let mut s = Session::new();
    assert!(run(&mut s, SERVER).is_none());
    assert!(run(&mut s, GATEWAY).is_none());
    let kept = "check nat -n lan 10.9.0.2:22 tcp --to-source 10.201.0.10";
    let out = "check nat -n lan 8.8.8.8:53 udp --to-source 10.0.2.15";
    run(
        &mut s,
        "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE",
    );
    assert!(run(&mut s, out).is_none());
    assert!(run(&mut s, kept).is_some());
    run(
        &mut s,
        "iptables -t nat -F\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -o eth0 -j MASQUERADE",
    );
    assert!(run(&mut s, out).is_none());
    assert!(run(&mut s, kept).is_none());
}

#[test]
fn queries_counts_what_the_stub_resolver_sends() {
    let mut s = Session::with_lang(Lang::En);
    run(
        &mut s,
        "printf 'search corp.test\\nnameserver 8.8.8.8\\noptions ndots:5\\n' > /etc/resolv.conf",
    );
    // The search candidate first: A and AAAA for two names.
    let tb = check_failure(&mut s, "check queries www.example.com 2");
    assert!(
        tb.contains("4 DNS queries: A www.example.com.corp.test."),
        "{tb}"
    );
    assert!(tb.contains("lower options ndots"), "{tb}");
    assert!(run(&mut s, "check ! queries www.example.com 2").is_none());
    assert!(run(&mut s, "check queries www.example.com 4").is_none());
    run(&mut s, "sed -i 's/ndots:5/ndots:2/' /etc/resolv.conf");
    assert!(run(&mut s, "check queries www.example.com 2").is_none());
    // /etc/hosts answering is not DNS answering.
    run(&mut s, "echo '93.184.216.34 www.example.com' >> /etc/hosts");
    let tb = check_failure(&mut s, "check queries www.example.com 2");
    assert!(tb.contains("/etc/hosts answered"), "{tb}");
    assert!(run(&mut s, "check queries -n nowhere x 1").is_some());
}

#[test]
fn behaviour_options_anywhere_and_only_where_they_belong() {
    let mut s = Session::new();
    for (code, said) in [
        (
            "check reach 10.0.0.1 --via dig",
            "unrecognized option '--via'",
        ),
        ("check queries -n", "option requires an argument -- 'n'"),
        (
            "check nat 10.0.0.1:80 tcp --to-d",
            "'--to-destination' requires an argument",
        ),
    ] {
        let e = run(&mut s, code).unwrap_or_else(|| panic!("`{code}` must fail"));
        assert!(e.evalue.contains(said), "{code}: {}", e.evalue);
    }
}
