//! The learner's view while typing: completion that fits the position
//! (with each candidate's type), Shift+Tab on the word under the cursor
//! in the session's language, and "did you mean" for typos.

use netbook::display::i18n::Lang;
use netbook::shell::Session;

fn lab(lang: Lang) -> Session {
    let mut s = Session::with_lang(lang);
    let t = s.run_terminal(
        "ip netns add red\nip link add veth-r type veth peer name veth-h\nip link set veth-r netns red\nip -n red link add br0 type bridge\nip netns exec red iptables -t nat -N RED-NAT\niptables -t nat -N HOST-ONLY",
    );
    assert_eq!(t.outcome.error, None, "{}", t.stderr);
    s
}

/// Matches and types at the end of `code`.
fn at_end(s: &Session, code: &str) -> (Vec<String>, Vec<&'static str>) {
    let c = s.complete(code, code.chars().count());
    assert_eq!(c.matches.len(), c.types.len());
    (c.matches, c.types)
}

#[test]
fn devices_come_from_the_namespace_the_command_runs_in() {
    let s = lab(Lang::En);
    for code in [
        "ip -n red link set ",
        "ip netns exec red ip link set ",
        "ip -n red addr add 10.0.0.1/24 dev ",
        "ip netns exec red ip route add default via 10.0.0.2 dev ",
    ] {
        let (m, t) = at_end(&s, code);
        assert_eq!(m, ["br0", "lo", "veth-r"], "{code}");
        assert!(t.iter().all(|t| *t == "device"), "{code}");
    }
    // The root namespace has its own devices (veth-h, not veth-r).
    let (m, _) = at_end(&s, "ip link set veth");
    assert_eq!(m, ["veth-h"]);
    // After the device: what `link set` takes, and a bridge for master.
    let (m, _) = at_end(&s, "ip -n red link set veth-r ");
    assert!(m.contains(&"master".to_string()) && m.contains(&"up".to_string()));
    assert!(!m.contains(&"via".to_string()) && !m.contains(&"veth-h".to_string()));
    assert_eq!(at_end(&s, "ip -n red link set veth-r master ").0, ["br0"]);
    assert_eq!(at_end(&s, "ip link set veth-h netns r").0, ["red"]);
    assert_eq!(at_end(&s, "ip -n r").0, ["red"]);
}

#[test]
fn chains_and_targets_come_from_the_table_being_edited() {
    let s = lab(Lang::En);
    let (m, t) = at_end(&s, "iptables -t nat -A ");
    assert_eq!(
        m,
        ["HOST-ONLY", "INPUT", "OUTPUT", "POSTROUTING", "PREROUTING"]
    );
    assert!(t.iter().all(|t| *t == "chain"));
    assert_eq!(
        at_end(&s, "ip netns exec red iptables -t nat -I ").0,
        ["INPUT", "OUTPUT", "POSTROUTING", "PREROUTING", "RED-NAT"]
    );
    assert_eq!(at_end(&s, "iptables -A ").0, ["FORWARD", "INPUT", "OUTPUT"]);
    let (m, _) = at_end(&s, "iptables -t nat -A POSTROUTING -j ");
    assert!(m.contains(&"MASQUERADE".to_string()) && m.contains(&"HOST-ONLY".to_string()));
    assert!(!m.contains(&"DROP".to_string()), "{m:?}");
    assert_eq!(at_end(&s, "iptables -A FORWARD -o veth").0, ["veth-h"]);
}

#[test]
fn dig_plus_options_and_ssh_flags_one_per_item() {
    let s = lab(Lang::En);
    assert_eq!(at_end(&s, "dig +sh").0, ["+short"]);
    assert!(at_end(&s, "dig example.com +no")
        .0
        .contains(&"+nostats".to_string()));
    assert_eq!(at_end(&s, "dig @").0, ["@8.8.8.8"]);
    let (m, t) = at_end(&s, "ssh -");
    assert!(m.iter().all(|f| f.len() == 2), "{m:?}");
    for f in ["-f", "-N", "-L", "-R", "-D", "-J"] {
        assert!(m.contains(&f.to_string()), "{f}");
    }
    assert!(t.iter().all(|t| *t == "option"));
    assert!(at_end(&s, "ssh -o Bat").0 == ["BatchMode="]);
    // A usage text's flag bundle ([-fgNq]) is split for any command.
    assert!(!at_end(&s, "ss -")
        .0
        .iter()
        .any(|f| f.len() > 2 && !f.starts_with("--")));
}

fn inspect(s: &Session, code: &str, at: &str) -> String {
    let cursor = code.find(at).expect("word") + 1;
    s.inspect(code, cursor).expect("help").text().to_string()
}

#[test]
fn shift_tab_explains_the_word_under_the_cursor_in_the_sessions_language() {
    let line = "iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE";
    let en = lab(Lang::En);
    assert!(inspect(&en, line, "MASQ")
        .starts_with("iptables MASQUERADE: nat POSTROUTING: rewrite the source"));
    assert!(inspect(&en, line, "-o")
        .starts_with("iptables -o: match the interface the packet goes out on"));
    assert_eq!(
        inspect(&en, line, "10.0.0.0/24"),
        "10.0.0.0: class A, private (RFC 1918)\nnetwork 10.0.0.0, broadcast 10.0.0.255, netmask 255.255.255.0, 254 hosts\n"
    );
    // On the command name: its synopsis.
    assert!(inspect(&en, line, "iptables").contains("Usage: "));
    let ko = lab(Lang::Ko);
    assert!(
        inspect(&ko, line, "MASQ").starts_with("iptables MASQUERADE: nat POSTROUTING: 출발지를")
    );
    assert!(inspect(&ko, line, "-o").contains("나갈 인터페이스"));
    assert!(inspect(
        &ko,
        "iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.2:80",
        "--to-d"
    )
    .contains("목적지"));
    assert!(
        inspect(&ko, "ssh -N -L 8080:10.0.0.2:80 root@gw", "-L").starts_with("ssh -L: 로컬 포워딩")
    );
    assert!(inspect(&ko, "dig +short example.com", "+short").contains("응답 데이터만"));
    assert_eq!(
        inspect(&ko, "ping 8.8.8.8", "8.8"),
        "8.8.8.8: 클래스 A, 공인 주소\n"
    );
}

#[test]
fn typos_suggest_what_fingers_meant() {
    // Swapped letters, a neighbouring key, a missing or doubled letter.
    let mut s = Session::new();
    for (typo, meant) in [
        ("pign", "ping"),
        ("pnig", "ping"),
        ("ipatbles", "iptables"),
        ("iptabels", "iptables"),
        ("grpe", "grep"),
        ("cta", "cat"),
        ("ehco", "echo"),
        ("crul", "curl"),
        ("curk", "curl"),
        ("nslokup", "nslookup"),
        ("tracerout", "traceroute"),
        ("sysctrl", "sysctl"),
        ("ssh-keyegn", "ssh-keygen"),
        ("hostnmae", "hostname"),
        ("brigde", "bridge"),
        ("conntarck", "conntrack"),
        ("dgi", "dig"),
        ("sl", "ls"),
        ("sde", "sed"),
        ("haed", "head"),
        ("tial", "tail"),
        ("sotr", "sort"),
        ("awj", "awk"),
        ("ipp", "ip"),
    ] {
        // A failing cell reports netbook's hint after bash's own words.
        let t = s.run_terminal(typo);
        assert!(
            t.stderr.contains(&format!("`{meant}`")),
            "{typo}: {}",
            t.stderr
        );
    }
}
