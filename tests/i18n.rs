//! The rich layer speaks the session's language: every chapter run in a
//! Korean session shows no English-only label in its HTML or SVG (Linux
//! names, tool output and what the learner typed aside), and `%lang en`
//! switches back.

use netbook::display::i18n::Lang;
use netbook::shell::{Emit, Session};
use std::collections::BTreeSet;

mod common;
use common::{code_cells, notebooks};

/// Linux and networking terms that stay as they are in Korean text.
const ALLOWED: &[&str] = &[
    "ARP",
    "ICMP",
    "TCP",
    "UDP",
    "IP",
    "MAC",
    "MTU",
    "NAT",
    "SNAT",
    "DNAT",
    "MASQUERADE",
    "REDIRECT",
    "ACCEPT",
    "DROP",
    "REJECT",
    "RETURN",
    "LOG",
    "PREROUTING",
    "INPUT",
    "FORWARD",
    "OUTPUT",
    "POSTROUTING",
    "filter",
    "nat",
    "mangle",
    "raw",
    "iptables",
    "netfilter",
    "conntrack",
    "veth",
    "lo",
    "eth",
    "br",
    "bridge",
    "UP",
    "DOWN",
    "LOWER_UP",
    "BROADCAST",
    "MULTICAST",
    "LOOPBACK",
    "NO-CARRIER",
    "UNKNOWN",
    "LOWERLAYERDOWN",
    "RFC",
    "CGNAT",
    "IETF",
    "TTL",
    "DNS",
    "NSS",
    "SOCKS",
    "SSH",
    "ssh",
    "sshd",
    "echo",
    "seq",
    "ping",
    "route",
    "dev",
    "via",
    "src",
    "proto",
    "kernel",
    "scope",
    "link",
    "host",
    "local",
    "default",
    "main",
    "throw",
    "metric",
    "ip_forward",
    "net",
    "ipv",
    "on-link",
    "lladdr",
    "REACHABLE",
    "STALE",
    "PERMANENT",
    "FAILED",
    "INCOMPLETE",
    "DELAY",
    "PROBE",
    "NOARP",
    "forwarding",
    "disabled",
    "ether",
    "loopback",
    "ff",
    "fe",
    "SYN",
    "ACK",
    "RST",
    "SYN-ACK",
    "reset",
    "reply",
    "request",
    "unreachable",
    "port-unreachable",
    "icmp-port-unreachable",
    "tcp-reset",
    "Destination",
    "Port",
    "Host",
    "Net",
    "Unreachable",
    "Prohibited",
    "Time",
    "to",
    "live",
    "exceeded",
    "Packet",
    "filtered",
    "A",
    "B",
    "C",
    "D",
    "E",
    "AAAA",
    "CNAME",
    "PTR",
    "NS",
    "SOA",
    "MX",
    "TXT",
    "IN",
    "NXDOMAIN",
    "NOERROR",
    "SERVFAIL",
    "ESTABLISHED",
    "NEW",
    "RELATED",
    "UNREPLIED",
    "ASSURED",
    "ANY",
    "any",
    "all",
    "sysctl",
    "resolv",
    "conf",
    "hosts",
    "nsswitch",
    "etc",
    "files",
    "dns",
    "ipcalc",
    "ICMPv",
    "icmp",
    "tcp",
    "udp",
    "ipv4",
    "www",
    "com",
    "example",
    "localhost",
    "google",
    "kubernetes",
    "svc",
    "cluster",
    "http",
    "https",
    "curl",
    "nc",
    "python",
    "server",
    "dig",
    "nslookup",
    "getent",
    "ahosts",
    "socks",
    "TIME_WAIT",
    "LISTEN",
    "ESTAB",
    "HTTP",
    "GET",
    "OK",
    "L",
    "R",
    "N",
    "f",
    "g",
    "q",
    "K",
    "M",
    "G",
    "T",
    "x",
    "br_netfilter",
    "id",
    "type",
    "code",
    "sport",
    "dport",
    "dst",
    "mark",
    "use",
    "policy",
    "ID",
    "VLSM",
    "CIDR",
    "LAN",
    "WAN",
    "Internet",
    "noqueue",
    "noop",
    "fq_codel",
    "qdisc",
    "eui",
    "inet",
    "netns",
    // Boolean AND of address and mask; iptables match words; route protocols.
    "AND",
    "dpt",
    "spt",
    "boot",
    "broadcast",
    "static",
    "TLD",
    "FQDN",
    "zone",
    "apex",
    "resolver",
    "search",
    // nsswitch.conf(5) status codes.
    "SUCCESS",
    "NOTFOUND",
    "UNAVAIL",
    "TRYAGAIN",
    // Names in DNS answers (data the simulated servers return).
    "nheos",
    "smtp",
    "naver",
    "mail",
    // `ss -p` process column: users:(("sshd",pid=1,fd=3)).
    "users",
    "pid",
    "fd",
];

/// Visible prose of an HTML/SVG fragment: tags, `<pre>`/`<code>`/`<style>`
/// blocks (tool output, commands) and entities removed.
fn prose(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["pre", "code", "style", "tt"] {
        loop {
            let open = format!("<{tag}");
            let close = format!("</{tag}>");
            let Some(a) = s.find(&open) else { break };
            let Some(b) = s[a..].find(&close) else { break };
            s.replace_range(a..a + b + close.len(), " ");
        }
    }
    // Backquoted commands inside prose are commands, not labels.
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_tick = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            '`' if !in_tag => in_tick = !in_tick,
            _ if in_tag || in_tick => {}
            _ => out.push(c),
        }
    }
    out.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// English-looking words (two or more Latin letters) not allowed.
fn english_words(text: &str, typed: &BTreeSet<String>) -> Vec<String> {
    let allowed: BTreeSet<&str> = ALLOWED.iter().copied().collect();
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        // Hex (MACs, IPv6) and names with digits are data, not words.
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_hexdigit()))
        .filter(|w| !allowed.contains(w) && !typed.contains(*w))
        .filter(|w| {
            !w.split('-')
                .all(|p| allowed.contains(p) || typed.contains(p))
        })
        .map(str::to_string)
        .collect()
}

fn rich_outputs(emits: &[Emit]) -> Vec<String> {
    emits
        .iter()
        .filter_map(|e| match e {
            Emit::Display(b) | Emit::Result(b) => {
                Some(b.get("text/html").or(b.get("image/svg+xml"))?.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn korean_chapters_show_no_english_labels() {
    let mut problems = Vec::new();
    for nb in notebooks() {
        let cells = code_cells(&nb);
        // Names the learner typed (namespaces, devices, hosts) are data.
        let typed: BTreeSet<String> = cells
            .iter()
            .flat_map(|c| {
                c.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut s = Session::new();
        for cell in &cells {
            let mut out = Vec::new();
            s.execute(cell, &mut out);
            for html in rich_outputs(&out) {
                let words = english_words(&prose(&html), &typed);
                if !words.is_empty() {
                    problems.push(format!(
                        "{}: `{}`: {:?}",
                        nb.file_name().unwrap().to_string_lossy(),
                        cell.lines().next().unwrap_or(""),
                        words
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English in Korean HTML:\n{}",
        problems.join("\n")
    );
}

#[test]
fn lang_en_switches_the_rich_layer_back() {
    let mut s = Session::new();
    let run = |s: &mut Session, code: &str| {
        let mut out = Vec::new();
        s.execute(code, &mut out);
        rich_outputs(&out).join("\n")
    };
    let ko = run(&mut s, "ipcalc 10.0.0.1/24");
    assert!(ko.contains("사설 (RFC 1918)"), "{ko}");
    let mut out = Vec::new();
    assert!(s.execute("%lang en", &mut out).error.is_none());
    let en = run(&mut s, "ipcalc 10.0.0.1/24");
    assert!(
        en.contains("private (RFC 1918)") && !en.contains("사설"),
        "{en}"
    );
    // The text view is the real tool's, in either language.
    let text = |s: &mut Session| s.run_terminal("ipcalc 10.0.0.1/24").stdout;
    let en_text = text(&mut s);
    s.execute("%lang ko", &mut Vec::new());
    assert_eq!(text(&mut s), en_text);
    assert!(s.execute("%lang fr", &mut Vec::new()).error.is_some());
}

fn walk_html(lang: Lang, cells: &str, trace: &str) -> String {
    let mut s = Session::with_lang(lang);
    assert!(s.run_terminal(cells).outcome.error.is_none());
    let mut out = Vec::new();
    s.execute(trace, &mut out);
    out.iter()
        .find_map(|e| match e {
            Emit::Result(b) => b.get("text/html").map(str::to_string),
            _ => None,
        })
        .unwrap()
}

const LAB: &str = "ip netns add ns1\nip link add veth0 type veth peer name veth1\nip link set veth1 netns ns1\nip addr add 10.0.0.1/24 dev veth0\nip link set veth0 up\nip -n ns1 addr add 10.0.0.2/24 dev veth1\nip -n ns1 link set veth1 up\nip -n ns1 route add default via 10.0.0.1\nsysctl -w net.ipv4.ip_forward=1";

#[test]
fn cause_and_fix_speak_korean() {
    let h = walk_html(Lang::Ko, LAB, "netbook trace -n ns1 icmp 8.8.8.8");
    assert!(h.contains("<b>원인</b>"), "{h}");
    assert!(h.contains("MASQUERADE 없음"), "{h}");
    assert!(
        h.contains(
            "<code>iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE</code>"
        ),
        "{h}"
    );
    let en = walk_html(Lang::En, LAB, "netbook trace -n ns1 icmp 8.8.8.8");
    assert!(en.contains("<b>cause</b>: missing MASQUERADE"), "{en}");
}

#[test]
fn nat_rewrite_is_shown_before_and_after() {
    let lab = format!("{LAB}\niptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth0 -j MASQUERADE");
    let h = walk_html(Lang::Ko, &lab, "netbook trace -n ns1 icmp 8.8.8.8");
    assert!(h.contains("<th>NAT 전</th><th>NAT 후</th>"), "{h}");
    assert!(h.contains("<td>10.0.0.2:"), "{h}");
    assert!(h.contains("<td>10.0.2.15:"), "{h}");
}

#[test]
fn route_get_lights_the_longest_matching_prefix() {
    let mut s = Session::new();
    let setup = "ip route add 10.20.0.0/16 via 10.0.2.3\nip route add 10.0.0.0/8 via 10.0.2.4";
    assert!(s.run_terminal(setup).outcome.error.is_none());
    let mut out = Vec::new();
    s.execute("ip route get 10.20.1.1", &mut out);
    let html = rich_outputs(&out).join("");
    let rows: Vec<&str> = html.split("<tr").skip(2).collect();
    let lit: Vec<&&str> = rows.iter().filter(|r| r.contains("#e8f5e9")).collect();
    assert_eq!(lit.len(), 1, "{html}");
    assert!(
        lit[0].contains("10.20.0.0/16 via 10.0.2.3") && lit[0].contains("← 선택"),
        "{html}"
    );
    let wider = rows.iter().find(|r| r.contains("10.0.0.0/8")).unwrap();
    assert!(
        wider.contains("<td>예</td>") && !wider.contains("#e8f5e9"),
        "{html}"
    );
    let other = rows.iter().find(|r| r.contains("10.0.2.0/24")).unwrap();
    assert!(other.contains("<td>아니오</td>"), "{html}");
}

/// Views the chapters do not reach, in a Korean session.
#[test]
fn other_views_speak_korean_too() {
    let script = [
        "ip netns add ns1\nip netns add ns2\nip link add br0 type bridge\nip link set br0 up",
        "ip link add veth1 type veth peer name veth1-br\nip link add veth2 type veth peer name veth2-br",
        "ip link set veth1 netns ns1\nip link set veth2 netns ns2",
        "ip link set veth1-br master br0\nip link set veth2-br master br0\nip link set veth1-br up\nip link set veth2-br up",
        "ip -n ns1 addr add 192.168.1.10/24 dev veth1\nip -n ns1 link set veth1 up",
        "ip -n ns2 addr add 192.168.1.20/24 dev veth2\nip -n ns2 link set veth2 up",
        "ip netns exec ns1 ping -c 1 192.168.1.20",
        "ip -n ns1 neigh",
        "bridge fdb show",
        "bridge link",
        "ip -br link",
        "ip -br addr",
        "ip -o link",
        "ip route show table local",
        "ip -6 route",
        "ip netns exec ns2 iptables -A INPUT -p icmp -j REJECT",
        "ip netns exec ns1 ping -c 1 192.168.1.20",
        "netbook trace -n ns1 icmp 192.168.1.20",
        "ip netns exec ns2 iptables -P INPUT DROP",
        "netbook trace -n ns1 tcp 192.168.1.20:80",
        "conntrack -L",
        "subnet split 10.0.0.0/24 --count 4",
        "subnet vlsm 10.0.0.0/24 50 20 10",
        "subnet info 192.168.1.10/24",
        "dnsname www.example.com",
        "netbook topology",
        // (`help` alone lists command names and usages: all commands.)
        "help ping",
        "check ! false",
    ];
    let typed: BTreeSet<String> = script
        .iter()
        .flat_map(|c| {
            c.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut s = Session::new();
    let mut problems = Vec::new();
    for cell in script {
        let mut out = Vec::new();
        s.execute(cell, &mut out);
        for html in rich_outputs(&out) {
            let words = english_words(&prose(&html), &typed);
            if !words.is_empty() {
                problems.push(format!("`{}`: {words:?}", cell.lines().next().unwrap()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English in Korean HTML:\n{}",
        problems.join("\n")
    );
}
