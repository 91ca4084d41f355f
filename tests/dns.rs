//! DNS scenarios through `Session::execute`, and the output formats of
//! dig/nslookup/host/getent compared with real captures
//! (tests/fixtures/dns/, made by capture.sh against a real dnsmasq).

use netbook::shell::{Emit, Session};

/// Runs a cell; returns (stdout incl. rich text, stderr, status, failed).
fn run(s: &mut Session, code: &str) -> (String, String, i32, bool) {
    let t = s.run_terminal(code);
    (
        t.stdout,
        t.stderr,
        t.outcome.status,
        t.outcome.error.is_some(),
    )
}

fn ok(s: &mut Session, code: &str) -> String {
    let (o, e, st, failed) = run(s, code);
    assert!(!failed && st == 0, "{code}: status {st}\n{o}\n{e}");
    o
}

/// A host that owns the servers' addresses (DNS goes through the
/// datapath, so a server's bind address must exist, as on Linux).
fn lab() -> Session {
    let mut s = Session::new();
    ok(
        &mut s,
        "ip link add dns0 type dummy\nip addr add 10.0.0.53/24 dev dns0\nip addr add 10.0.0.54/24 dev dns0\nip addr add 10.96.0.10/32 dev dns0\nip link set dns0 up",
    );
    s
}

/// Replaces the fields that differ on every real run.
fn normalize(text: &str) -> String {
    let id = regex_lite::Regex::new(r"id: \d+").unwrap();
    let time = regex_lite::Regex::new(r"Query time: \d+ msec").unwrap();
    let when = regex_lite::Regex::new(r"WHEN: .*").unwrap();
    let t = id.replace_all(text, "id: ID");
    let t = time.replace_all(&t, "Query time: N msec");
    when.replace_all(&t, "WHEN: DATE").into_owned()
}

fn fixture(name: &str) -> (String, i32) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dns/");
    let out = std::fs::read_to_string(format!("{dir}{name}.out")).unwrap();
    let rc = std::fs::read_to_string(format!("{dir}{name}.rc")).unwrap();
    (out, rc.trim().parse().unwrap())
}

/// The same setup as capture.sh, inside the simulated world.
fn capture_world() -> Session {
    let mut s = lab();
    ok(&mut s, "echo 'nameserver 10.0.0.53' > /etc/resolv.conf");
    ok(
        &mut s,
        "echo -n -e '127.0.0.1\\tlocalhost\\n10.0.0.7\\tweb.test web\\n' > /etc/hosts",
    );
    ok(
        &mut s,
        "dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces \
         --listen-address=10.0.0.53 --pid-file=/tmp/nbtest-dns.pid \
         --address=/example.com/93.184.216.34 --cname=www.example.com,example.com \
         --host-record=web.test,10.0.0.8 --host-record=dnsonly.test,10.0.0.9 \
         --txt-record=example.com,\"hello world\" --mx-host=example.com,mail.example.com,10 \
         --ptr-record=34.216.184.93.in-addr.arpa,example.com --local=/test/ &",
    );
    s
}

#[test]
fn formats_match_real_tools() {
    let cases = [
        ("dig_a", "dig @10.0.0.53 example.com"),
        ("dig_cname", "dig @10.0.0.53 www.example.com"),
        ("dig_short", "dig @10.0.0.53 +short www.example.com"),
        ("dig_nxdomain", "dig @10.0.0.53 nope.test"),
        ("dig_mx", "dig @10.0.0.53 -t MX example.com"),
        ("dig_txt", "dig @10.0.0.53 example.com TXT"),
        ("dig_x", "dig @10.0.0.53 -x 93.184.216.34"),
        ("dig_resolvconf", "dig web.test"),
        (
            "dig_long",
            "dig @10.0.0.53 averyveryverylongsubdomainname.example.com",
        ),
        ("dig_srv_nx", "dig @10.0.0.53 -t SRV _http._tcp.nope.test"),
        ("dig_aaaa_nodata", "dig @10.0.0.53 AAAA dnsonly.test"),
        ("dig_short_nx", "dig @10.0.0.53 +short nope.test"),
        ("dig_timeout", "dig @10.0.0.99 example.com"),
        ("dig_short_timeout", "dig @10.0.0.99 +short example.com"),
        ("dig_refused", "dig @127.0.0.1 example.com"),
        ("host_refused", "host example.com 127.0.0.1"),
        ("nslookup_refused", "nslookup example.com 127.0.0.1"),
        ("nslookup_nx", "nslookup nope.test"),
        ("nslookup_a", "nslookup www.example.com"),
        ("host_a", "host www.example.com"),
        ("nslookup_server", "nslookup example.com 10.0.0.53"),
        ("nslookup_dnsonly", "nslookup dnsonly.test"),
        ("nslookup_timeout", "nslookup example.com 10.0.0.99"),
        ("host_nx", "host nope.test"),
        ("host_mx", "host -t MX example.com"),
        ("host_x", "host 93.184.216.34"),
        ("host_dnsonly", "host dnsonly.test"),
        ("host_timeout", "host example.com 10.0.0.99"),
        ("getent_hosts", "getent hosts web.test"),
        ("getent_ahosts", "getent ahosts web.test"),
        ("getent_dnsonly", "getent hosts dnsonly.test"),
        ("getent_ahosts_dnsonly", "getent ahosts dnsonly.test"),
        ("getent_nx", "getent hosts nope.test"),
        ("getent_dns", "getent hosts www.example.com"),
        ("getent_ahosts_dns", "getent ahosts www.example.com"),
    ];
    let mut failures = Vec::new();
    for (name, cmd) in cases {
        let mut s = capture_world();
        let (out, err, status, _) = run(&mut s, cmd);
        let (want, want_rc) = fixture(name);
        if normalize(&out) != normalize(&want) || status != want_rc || !err.is_empty() {
            failures.push(format!(
                "== {name}: `{cmd}` status {status} (want {want_rc})\n--- got\n{out}{err}--- want\n{want}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hosts_wins_for_getent_but_never_for_dig() {
    let mut s = lab();
    ok(&mut s, "echo '10.1.2.3 example.com' >> /etc/hosts");
    let g = ok(&mut s, "getent hosts example.com");
    // getent hosts asks IPv6 first: the hosts file has no IPv6 line for
    // example.com, so DNS's AAAA wins that round.
    assert_eq!(g, "2606:2800:220:1:248:1893:25c8:1946 example.com\n");
    let g = ok(&mut s, "getent ahostsv4 example.com");
    assert!(g.starts_with("10.1.2.3        STREAM example.com\n"), "{g}");
    let d = ok(&mut s, "dig +short example.com");
    assert_eq!(d, "93.184.216.34\n");
    let n = ok(&mut s, "nslookup example.com");
    assert!(n.contains("Address: 93.184.216.34") && !n.contains("10.1.2.3"));
    // Reverse the order: DNS first.
    ok(
        &mut s,
        "echo -n -e 'hosts:          dns files\\n' > /etc/nsswitch.conf",
    );
    let g = ok(&mut s, "getent ahostsv4 example.com");
    assert!(g.starts_with("93.184.216.34   STREAM example.com\n"), "{g}");
    // A name only in /etc/hosts still resolves, after DNS says NXDOMAIN.
    ok(&mut s, "echo '10.0.0.7 lab-only' >> /etc/hosts");
    assert_eq!(
        ok(&mut s, "getent hosts lab-only"),
        "10.0.0.7        lab-only\n"
    );
    let (_, _, st, _) = run(&mut s, "host lab-only");
    assert_eq!(st, 1);
}

#[test]
fn notfound_return_hides_dns() {
    let mut s = lab();
    ok(
        &mut s,
        "echo 'hosts: files [NOTFOUND=return] dns' > /etc/nsswitch.conf",
    );
    let (o, _, st, failed) = run(&mut s, "getent hosts example.com");
    assert_eq!((o.as_str(), st, failed), ("", 2, false));
}

#[test]
fn resolve_conf_typo_has_no_effect() {
    let mut s = lab();
    // The note's typo: the resolver never reads /etc/resolve.conf.
    ok(&mut s, "echo 'nameserver 10.0.0.99' > /etc/resolve.conf");
    let d = ok(&mut s, "dig example.com");
    assert!(d.contains(";; SERVER: 8.8.8.8#53(8.8.8.8) (UDP)"), "{d}");
    // The right file does change it.
    ok(&mut s, "echo 'nameserver 10.0.0.99' > /etc/resolv.conf");
    let (o, _, st, _) = run(&mut s, "dig +short example.com");
    assert_eq!(st, 9);
    assert!(o.ends_with(";; no servers could be reached\n"));
}

const DB: &str = "$ORIGIN lab.test.\n$TTL 300\n@ IN SOA ns admin ( 1 7200 3600 1209600 60 )\n  IN NS ns\nns IN A 10.0.0.53\nweb IN A 10.0.0.80\nwww IN CNAME web\nalias IN CNAME www\nloop1 IN CNAME loop2\nloop2 IN CNAME loop1\n";

fn coredns_world() -> Session {
    let mut s = lab();
    ok(&mut s, "mkdir -p /etc/coredns");
    ok(
        &mut s,
        &format!("cat > /etc/coredns/db.lab.test <<'EOF'\n{DB}EOF"),
    );
    ok(
        &mut s,
        "cat > /etc/coredns/Corefile <<'EOF'\n.:53 {\n    bind 10.0.0.53\n    errors\n    log\n    hosts {\n        10.0.0.5 db.lab.test\n        fallthrough\n    }\n    file /etc/coredns/db.lab.test lab.test\n    forward . 8.8.8.8\n}\nEOF",
    );
    let banner = ok(&mut s, "coredns -conf /etc/coredns/Corefile &");
    assert!(banner.starts_with(".:53\nCoreDNS-"), "{banner}");
    ok(&mut s, "echo 'nameserver 10.0.0.53' > /etc/resolv.conf");
    s
}

#[test]
fn corefile_and_zone_file_serving() {
    let mut s = coredns_world();
    assert_eq!(
        ok(&mut s, "dig +short alias.lab.test"),
        "www.lab.test.\nweb.lab.test.\n10.0.0.80\n"
    );
    let full = ok(&mut s, "dig web.lab.test");
    assert!(full.contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n"), "{full}");
    let nx = ok(&mut s, "dig nope.lab.test");
    assert!(nx.contains("status: NXDOMAIN") && nx.contains(";; AUTHORITY SECTION:\nlab.test.\t\t300\tIN\tSOA\tns.lab.test. admin.lab.test. 1 7200 3600 1209600 60\n"), "{nx}");
    // hosts plugin first, then forward to the public resolver.
    assert_eq!(ok(&mut s, "dig +short db.lab.test"), "10.0.0.5\n");
    assert_eq!(ok(&mut s, "dig +short kubernetes.io"), "147.75.40.148\n");
    // A second server on the same address fails like bind() does.
    let (_, e, st, _) = run(&mut s, "coredns -conf /etc/coredns/Corefile");
    assert_eq!(st, 1);
    assert!(e.contains("address already in use"), "{e}");
}

#[test]
fn cname_loop_is_detected() {
    let mut s = coredns_world();
    let d = ok(&mut s, "dig loop1.lab.test");
    assert!(d.contains("loop1.lab.test.\t\t300\tIN\tCNAME\tloop2.lab.test.\nloop2.lab.test.\t\t300\tIN\tCNAME\tloop1.lab.test.\n"), "{d}");
    let (o, _, st, _) = run(&mut s, "getent hosts loop1.lab.test");
    assert_eq!((o.as_str(), st), ("", 2));
}

#[test]
fn kubernetes_ndots_five_search() {
    let mut s = lab();
    ok(&mut s, "mkdir -p /etc/coredns");
    ok(
        &mut s,
        "cat > /etc/coredns/db.cluster <<'EOF'\n$ORIGIN cluster.local.\n$TTL 5\n@ IN SOA ns.dns root 1 7200 1800 86400 30\nkubernetes.default.svc IN A 10.96.0.1\nEOF",
    );
    ok(
        &mut s,
        "echo -n -e 'cluster.local {\\n  file /etc/coredns/db.cluster\\n  bind 10.96.0.10\\n}\\n. {\\n  forward . 8.8.8.8\\n  bind 10.96.0.10\\n}\\n' > /etc/coredns/Corefile",
    );
    ok(&mut s, "coredns -conf /etc/coredns/Corefile &");
    ok(
        &mut s,
        "echo -n -e 'nameserver 10.96.0.10\\nsearch default.svc.cluster.local svc.cluster.local cluster.local\\noptions ndots:5\\n' > /etc/resolv.conf",
    );
    // A short service name is found through the search list.
    assert_eq!(
        ok(&mut s, "getent hosts kubernetes.default"),
        "10.96.0.1       kubernetes.default.svc.cluster.local\n"
    );
    // An external name with fewer than 5 dots tries every search domain first.
    let mut out = Vec::new();
    s.execute("nslookup www.google.com", &mut out);
    let html = out
        .iter()
        .find_map(|e| match e {
            Emit::Result(b) => b.get("text/html").map(str::to_string),
            _ => None,
        })
        .unwrap();
    for tried in [
        "www.google.com.default.svc.cluster.local.",
        "www.google.com.svc.cluster.local.",
        "www.google.com.cluster.local.",
    ] {
        assert!(
            html.contains(&format!("A {tried} -&gt; 10.96.0.10#53: NXDOMAIN")),
            "{html}"
        );
    }
    let text = ok(&mut s, "nslookup www.google.com");
    assert!(
        text.contains(
            "Non-authoritative answer:\nName:\twww.google.com\nAddress: 142.250.196.100\n"
        ),
        "{text}"
    );
    // dig does not search unless told to.
    let d = ok(&mut s, "dig +short kubernetes.default");
    assert_eq!(d, "");
    assert_eq!(
        ok(&mut s, "dig +short +search kubernetes.default"),
        "10.96.0.1\n"
    );
}

#[test]
fn malformed_corefile_and_zone_fail_cleanly() {
    let mut s = lab();
    // coredns reads ./Corefile: the shell starts in /root.
    ok(&mut s, "echo -n -e '. {\\n  hostz\\n}\\n' > Corefile");
    let before = s.world().clone();
    let (_, e, st, _) = run(&mut s, "coredns");
    assert_eq!(st, 1);
    assert_eq!(
        e,
        "Corefile:2 - Error during parsing: Unknown directive 'hostz'\n"
    );
    assert_eq!(*s.world(), before);
    ok(
        &mut s,
        "echo -n -e '$TTL 60\\n@ IN A 10.0.0.1\\nwww IN AAA ::1\\n' > /db",
    );
    ok(
        &mut s,
        "echo -n -e 'x.test {\\n  file /db\\n}\\n' > /Corefile",
    );
    let before = s.world().clone();
    let (_, e, st, _) = run(&mut s, "coredns -conf /Corefile");
    assert_eq!(st, 1);
    assert_eq!(
        e,
        "/Corefile:2 - Error during parsing: plugin/file: /db: dns: unknown RR type: \"AAA\" at line: 3\n"
    );
    assert_eq!(*s.world(), before);
    let (_, e, st, _) = run(&mut s, "dnsmasq --address=/x/not-an-ip");
    assert_eq!(
        (e.as_str(), st),
        (
            "\ndnsmasq: bad command line options: Bad address in --address\n",
            1
        )
    );
    assert_eq!(*s.world(), before);
}

#[test]
fn coredns_rereads_hosts_but_dnsmasq_keeps_its_start_copy() {
    let mut s = lab();
    ok(&mut s, "mkdir -p /etc/coredns");
    ok(&mut s, "echo '10.0.0.1 one.lab' > /etc/coredns/hosts");
    ok(
        &mut s,
        "echo -n -e 'lab {\\n  bind 10.0.0.53\\n  hosts /etc/coredns/hosts\\n}\\n' > /Corefile",
    );
    ok(&mut s, "coredns -conf /Corefile &");
    ok(&mut s, "echo '10.0.0.2 two.lab' >> /etc/coredns/hosts");
    assert_eq!(ok(&mut s, "dig @10.0.0.53 +short two.lab"), "10.0.0.2\n");

    ok(&mut s, "dnsmasq --no-resolv --listen-address=10.0.0.54");
    ok(&mut s, "echo '10.0.0.3 three' >> /etc/hosts");
    let d = ok(&mut s, "dig @10.0.0.54 three");
    assert!(d.contains("status: REFUSED"), "{d}");
}

#[test]
fn servers_on_other_ports() {
    let mut s = lab();
    ok(
        &mut s,
        "echo -n -e '.:5353 {\\n  hosts {\\n    10.0.0.9 nine.lab\\n  }\\n}\\n' > /Corefile",
    );
    assert_eq!(
        ok(&mut s, "coredns -conf /Corefile &"),
        ".:5353\nCoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n"
    );
    assert_eq!(
        ok(&mut s, "dig @127.0.0.1 -p 5353 +short nine.lab"),
        "10.0.0.9\n"
    );
    // hosts without fallthrough: unknown names are SERVFAIL, not NXDOMAIN.
    let d = ok(&mut s, "dig @127.0.0.1 -p 5353 other.lab");
    assert!(d.contains("status: SERVFAIL"), "{d}");
    let (o, _, st, _) = run(&mut s, "dig @127.0.0.1 +short +tries=1 nine.lab");
    assert_eq!(st, 9);
    assert!(o.contains("connection refused"));
}

#[test]
fn dnsmasq_forwards_and_answers_locally() {
    let mut s = lab();
    ok(&mut s, "echo '10.0.0.7 printer' >> /etc/hosts");
    // Reads /etc/hosts and forwards the rest to resolv.conf's 8.8.8.8.
    ok(
        &mut s,
        "dnsmasq --listen-address=10.0.0.53 --address=/ads.test/",
    );
    assert_eq!(ok(&mut s, "dig @10.0.0.53 +short printer"), "10.0.0.7\n");
    assert_eq!(
        ok(&mut s, "dig @10.0.0.53 +short google.com"),
        "142.250.196.110\n"
    );
    assert!(ok(&mut s, "dig @10.0.0.53 x.ads.test").contains("status: NXDOMAIN"));
}

#[test]
fn public_resolver_and_name_anatomy() {
    let mut s = lab();
    let d = ok(&mut s, "dig www.naver.com");
    assert!(
        d.contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n"),
        "{d}"
    );
    assert!(d.contains("; EDNS: version: 0, flags:; udp: 512\n"));
    assert!(d.contains(";; WHEN: Wed Jan 01 00:00:00 UTC 2025\n"), "{d}");
    let h = ok(&mut s, "host www.naver.com");
    assert_eq!(h, "www.naver.com is an alias for www.naver.com.nheos.com.\nwww.naver.com.nheos.com has address 223.130.200.219\n");
    assert_eq!(
        ok(&mut s, "host 8.8.8.8"),
        "8.8.8.8.in-addr.arpa domain name pointer dns.google.\n"
    );
    assert_eq!(
        ok(&mut s, "dig +noall +answer google.com MX"),
        "google.com.\t\t300\tIN\tMX\t10 smtp.google.com.\n"
    );
    let named = ok(&mut s, "dig @dns.google kubernetes.io");
    assert!(
        named.contains(";; SERVER: 8.8.8.8#53(dns.google) (UDP)\n"),
        "{named}"
    );
    let any = ok(&mut s, "dig +short example.com ANY");
    assert!(
        any.contains("93.184.216.34\n") && any.contains("\"v=spf1 -all\"\n"),
        "{any}"
    );
    let soa = ok(&mut s, "nslookup -type=soa kubernetes.io");
    assert!(
        soa.contains("kubernetes.io\n\torigin = ns-cloud-a1.googledomains.com.\n"),
        "{soa}"
    );
    let a = ok(&mut s, "dnsname www.example.com.");
    assert!(a.contains("TLD (level 1)") && a.contains("example.com") && a.contains("zone apex"));
    let (_, e, st, _) = run(&mut s, "dnsname a..b");
    assert_eq!(st, 1);
    assert!(e.contains("empty label"));
}

/// getaddrinfo's questions in the simulator and in glibc 2.36: A and AAAA
/// asked together for each search-list candidate, the search ending at the
/// first candidate with records (tests/fixtures/dns/glibc-search-pairs.sh
/// captured the expected lists with a logging server).
#[test]
fn getaddrinfo_asks_a_and_aaaa_per_candidate_like_glibc() {
    use netbook::sim::dns::resolver::resolve_host;
    let capture = include_str!("fixtures/dns/glibc-search-pairs.txt");
    let mut want: Vec<(String, Vec<String>)> = Vec::new();
    for line in capture.lines().filter(|l| !l.starts_with('#')) {
        match line.strip_prefix("== ") {
            Some(h) => want.push((h.to_string(), Vec::new())),
            None => want.last_mut().unwrap().1.push(line.to_string()),
        }
    }
    assert_eq!(want.len(), 5, "{capture}");
    let mut s = lab();
    ok(&mut s, "mkdir -p /etc/coredns");
    ok(
        &mut s,
        "cat > /etc/coredns/db.cluster <<'EOF'\n$ORIGIN cluster.local.\n$TTL 5\n@ IN SOA ns.dns root 1 7200 1800 86400 30\nweb.default.svc IN A 10.96.0.100\nEOF",
    );
    ok(
        &mut s,
        "cat > /etc/coredns/db.example <<'EOF'\n$ORIGIN example.com.\n$TTL 30\n@ IN SOA ns root 1 7200 1800 86400 30\napi IN A 93.184.216.40\nEOF",
    );
    ok(
        &mut s,
        "printf '.:53 {\\n  bind 10.96.0.10\\n  file /etc/coredns/db.cluster cluster.local\\n  file /etc/coredns/db.example example.com\\n}\\n' > /etc/coredns/Corefile",
    );
    ok(&mut s, "coredns -conf /etc/coredns/Corefile > /dev/null &");
    for (head, asked) in &want {
        // `getent ahosts NAME (ndots:N)` or `curl http://NAME/ (ndots:N)`.
        let (call, ndots) = head.rsplit_once(" (ndots:").unwrap();
        let name = call.rsplit(' ').next().unwrap();
        let name = name.trim_start_matches("http://").trim_end_matches('/');
        ok(
            &mut s,
            &format!("printf 'search default.svc.cluster.local svc.cluster.local cluster.local\\nnameserver 10.96.0.10\\noptions ndots:{}\\n' > /etc/resolv.conf", ndots.trim_end_matches(')')),
        );
        let r = resolve_host(s.world_mut(), None, name, None);
        let got: Vec<String> = r
            .queries
            .iter()
            .map(|q| format!("{} {}", q.rtype, q.name))
            .collect();
        assert_eq!(&got, asked, "{head}");
        assert!(r.gai_error().is_none(), "{head}: {:?}", r.steps);
    }
}

/// A query walks the stack once: one packet in the rule counters and one
/// conntrack entry per question sent, and a `check` sends its on a copy.
#[test]
fn each_query_is_counted_once_and_checks_leave_no_trace() {
    let mut s = lab();
    ok(
        &mut s,
        "dnsmasq --no-resolv --no-hosts --listen-address=10.0.0.53 --address=/web.lab/10.0.0.54",
    );
    ok(&mut s, "echo 'nameserver 10.0.0.53' > /etc/resolv.conf");
    ok(&mut s, "iptables -A OUTPUT -p udp --dport 53");
    let counted = |s: &mut Session| {
        let out = ok(s, "iptables -L OUTPUT -v -n -x");
        let line = out
            .lines()
            .find(|l| l.contains("udp dpt:53"))
            .unwrap()
            .to_string();
        line.split_whitespace()
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    let flows = |s: &mut Session| ok(s, "conntrack -L -p udp --dport 53").lines().count();
    assert_eq!(ok(&mut s, "dig +short web.lab"), "10.0.0.54\n");
    assert_eq!((counted(&mut s), flows(&mut s)), (1, 1));
    // getaddrinfo asks A and AAAA: two more questions.
    ok(&mut s, "ping -c 1 web.lab");
    assert_eq!((counted(&mut s), flows(&mut s)), (3, 3));
    ok(&mut s, "check queries web.lab 2");
    ok(&mut s, "check resolves --via dig web.lab 10.0.0.54");
    assert_eq!((counted(&mut s), flows(&mut s)), (3, 3));
}
