//! Netfilter, DNS and transport through the datapath, driven by cells:
//! the MASQUERADE lab, port forwarding, DROP vs REJECT, FORWARD policy,
//! DNS behind iptables, per-namespace resolv.conf, servers and sockets.

use netbook::shell::Session;

const LAB: &str = include_str!("blocks/masquerade_lab.txt");

fn lab() -> Session {
    let mut s = Session::new();
    let t = s.run_terminal(LAB);
    assert!(t.outcome.error.is_none(), "{t:?}");
    assert_eq!(t.stderr, "");
    s
}

#[test]
fn masquerade_lab_needs_forwarding_and_nat() {
    let mut s = lab();
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.50.2");
    assert!(t.stdout.contains("100% packet loss"), "{}", t.stdout);
    // Forwarding alone: the outside has no route back to 10.201.0.0/24.
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.50.2");
    assert!(t.stdout.contains("100% packet loss"), "{}", t.stdout);
    s.run_terminal("iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.50.2");
    assert!(t.stdout.contains("1 received"), "{}", t.stdout);
    // The outside sees the router's address.
    let t = s.run_terminal("ip netns exec outside python3 -m http.server 8080 &");
    assert!(t.stderr.starts_with("[1] "), "{t:?}");
    assert!(t.stdout.contains("Serving HTTP on 0.0.0.0 port 8080"));
    let t = s.run_terminal("ip netns exec ns1 curl -s http://192.168.50.2:8080/");
    assert!(t.stdout.contains("Directory listing for /"), "{t:?}");
    assert!(t.stderr.contains("192.168.50.1 - - ["), "{}", t.stderr);
    let t = s.run_terminal("conntrack -L");
    assert!(
        t.stdout.contains("src=10.201.0.2 dst=192.168.50.2"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout.contains("src=192.168.50.2 dst=192.168.50.1"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("dport=8080"), "{}", t.stdout);
}

#[test]
fn forward_policy_drop_cuts_routed_traffic() {
    let mut s = lab();
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE\niptables --policy FORWARD DROP");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.50.2");
    assert!(t.stdout.contains("100% packet loss"), "{}", t.stdout);
    let t = s.run_terminal("ip netns exec ns1 curl --connect-timeout 2 http://192.168.50.2:8080/");
    assert_eq!(
        t.stderr,
        "curl: (28) Failed to connect to 192.168.50.2 port 8080 after 2001 ms: Timeout was reached\n"
    );
    s.run_terminal("iptables --policy FORWARD ACCEPT");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.50.2");
    assert!(t.stdout.contains("1 received"), "{}", t.stdout);
}

#[test]
fn dnat_port_forwarding_makes_inbound_connections_work() {
    let mut s = lab();
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1");
    s.run_terminal("ip netns exec ns1 python3 -m http.server 80 &");
    // The outside needs no route to 10.201.0.0/24: it talks to the router.
    let t = s.run_terminal("ip netns exec outside curl http://192.168.50.1:8080/");
    assert_eq!(
        t.stderr,
        "curl: (7) Failed to connect to 192.168.50.1 port 8080 after 0 ms: Couldn't connect to server\n"
    );
    s.run_terminal("iptables -t nat -A PREROUTING -d 192.168.50.1 -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.2:80\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE");
    // Replies from ns1 go to its default gateway; conntrack un-DNATs them.
    let t = s.run_terminal("ip netns exec outside curl -s -I http://192.168.50.1:8080/");
    assert!(t.stdout.starts_with("HTTP/1.0 200 OK\r\n"), "{t:?}");
    let t = s.run_terminal("conntrack -L");
    assert!(t.stdout.contains("dst=192.168.50.1 sport="), "{}", t.stdout);
    assert!(
        t.stdout
            .contains("src=10.201.0.2 dst=192.168.50.2 sport=80"),
        "{}",
        t.stdout
    );
}

#[test]
fn drop_is_silence_reject_is_an_answer() {
    let mut s = lab();
    s.run_terminal("ip netns exec outside nc -l -p 9000 &");
    let t = s.run_terminal("ip netns exec outside ss -tlnp");
    assert!(t.stdout.contains("0.0.0.0:9000"), "{}", t.stdout);
    assert!(t.stdout.contains("users:((\"nc\",pid="), "{}", t.stdout);
    let t = s.run_terminal("nc -zv 192.168.50.2 9000");
    // The one-shot listener exits after its client: bash reports the job
    // at the next prompt.
    assert_eq!(
        t.stderr,
        "Connection to 192.168.50.2 9000 port [tcp/*] succeeded!\n\
         [1]+  Done                    ip netns exec outside nc -l -p 9000\n"
    );
    let t = s.run_terminal("nc -zv 192.168.50.2 9001");
    assert_eq!(
        t.stderr,
        "nc: connect to 192.168.50.2 port 9001 (tcp) failed: Connection refused\n"
    );
    s.run_terminal("ip netns exec outside iptables -A INPUT -p icmp -j DROP\nip netns exec outside iptables -A INPUT -p tcp --dport 80 -j DROP");
    let t = s.run_terminal("ping -c 2 192.168.50.2");
    assert!(
        t.stdout
            .contains("2 packets transmitted, 0 received, 100% packet loss"),
        "{}",
        t.stdout
    );
    let t = s.run_terminal("nc -w 1 -zv 192.168.50.2 80");
    assert_eq!(
        t.stderr,
        "nc: connect to 192.168.50.2 port 80 (tcp) timed out: Operation now in progress\n"
    );
    s.run_terminal("ip netns exec outside iptables -F\nip netns exec outside iptables -A INPUT -p icmp -j REJECT\nip netns exec outside iptables -A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset");
    let t = s.run_terminal("ping -c 1 192.168.50.2");
    assert!(
        t.stdout
            .contains("From 192.168.50.2 icmp_seq=1 Destination Port Unreachable"),
        "{}",
        t.stdout
    );
    let t = s.run_terminal("curl http://192.168.50.2/");
    assert_eq!(t.stderr, "curl: (7) Failed to connect to 192.168.50.2 port 80 after 0 ms: Couldn't connect to server\n");
    let t = s.run_terminal("ip netns exec outside iptables -L INPUT -v -n");
    assert!(t.stdout.contains("REJECT"), "{}", t.stdout);
}

#[test]
fn dns_through_iptables_and_netns_resolv_conf() {
    let mut s = lab();
    let t = s.run_terminal(
        "ip netns exec outside dnsmasq --no-resolv --no-hosts --address=/web.lab/192.168.50.2 &",
    );
    assert!(t.outcome.error.is_none(), "{t:?}");
    s.run_terminal("mkdir -p /etc/netns/ns1\necho 'nameserver 192.168.50.2' > /etc/netns/ns1/resolv.conf\nsysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE");
    let t = s.run_terminal("ip netns exec ns1 dig +short web.lab");
    assert_eq!(t.stdout, "192.168.50.2\n", "{t:?}");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 web.lab");
    assert!(
        t.stdout.starts_with("PING web.lab (192.168.50.2)"),
        "{}",
        t.stdout
    );
    // The query really crossed the router: conntrack saw it masqueraded.
    let t = s.run_terminal("conntrack -L");
    assert!(t.stdout.contains("udp      17 "), "{}", t.stdout);
    assert!(
        t.stdout.contains("src=10.201.0.2 dst=192.168.50.2"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("dport=53"), "{}", t.stdout);
    // A DROP on udp/53 at the server: the query times out, and the rule counts it.
    s.run_terminal("ip netns exec outside iptables -A INPUT -p udp --dport 53 -j DROP");
    let t = s.run_terminal("ip netns exec ns1 dig web.lab");
    assert!(t.stdout.contains("timed out"), "{t:?}");
    let t = s.run_terminal("ip netns exec outside iptables -L INPUT -v -n -x");
    assert!(!t.stdout.contains("       0        0 DROP"), "{}", t.stdout);
    let t = s.run_terminal("ip netns exec ns1 curl http://web.lab/");
    assert!(
        t.stderr.contains("Could not resolve host: web.lab"),
        "{t:?}"
    );
}

#[test]
fn jobs_kill_ps_and_address_in_use() {
    let mut s = Session::new();
    let t = s.run_terminal("python3 -m http.server 8080 &");
    let pid: u32 = t.stderr.trim().split(' ').nth(1).unwrap().parse().unwrap();
    let t = s.run_terminal("python3 -m http.server 8080 &");
    assert!(
        t.stderr
            .contains("OSError: [Errno 98] Address already in use"),
        "{t:?}"
    );
    let t = s.run_terminal("jobs");
    assert_eq!(
        t.stdout,
        "[1]+  Running                 python3 -m http.server 8080 &\n"
    );
    let t = s.run_terminal("ps");
    assert!(
        t.stdout
            .contains(&format!("{pid:>7} pts/0    00:00:00 python3\n")),
        "{}",
        t.stdout
    );
    let t = s.run_terminal("curl -s localhost:8080 | head -3");
    assert!(t.stdout.contains("<!DOCTYPE HTML>"), "{t:?}");
    let t = s.run_terminal("ss -tan");
    assert!(t.stdout.contains("TIME-WAIT"), "{}", t.stdout);
    let t = s.run_terminal("kill %1");
    assert_eq!(
        t.stderr,
        "[1]+  Terminated              python3 -m http.server 8080\n"
    );
    let t = s.run_terminal("curl localhost:8080");
    assert!(
        t.stderr
            .contains("curl: (7) Failed to connect to localhost port 8080 after 0 ms"),
        "{t:?}"
    );
    let t = s.run_terminal(&format!("kill {pid}"));
    assert_eq!(t.stderr, format!("bash: kill: ({pid}) - No such process\n"));
}

#[test]
fn ss_and_netstat_formats() {
    let mut s = Session::new();
    s.run_terminal("ip netns add nb\nip -n nb link set lo up\nip netns exec nb nc -l -p 9000 &\nip netns exec nb python3 -m http.server 8080 &");
    let t = s.run_terminal("ip netns exec nb ss -tln");
    assert_eq!(
        t.stdout,
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n\
         LISTEN 0      1            0.0.0.0:9000      0.0.0.0:*          \n\
         LISTEN 0      5            0.0.0.0:8080      0.0.0.0:*          \n"
    );
    let t = s.run_terminal("ip netns exec nb netstat -nat");
    assert_eq!(
        t.stdout,
        "Active Internet connections (servers and established)\n\
         Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n\
         tcp        0      0 0.0.0.0:9000            0.0.0.0:*               LISTEN     \n\
         tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN     \n"
    );
}

#[test]
fn bridged_traffic_meets_iptables_only_with_br_netfilter() {
    let mut s = Session::new();
    s.run_terminal(include_str!("blocks/two_ns_bridge.txt"));
    s.run_terminal("iptables -P FORWARD DROP");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.1.20");
    assert!(
        t.stdout.contains("1 received"),
        "stock host: bridged frames skip iptables\n{}",
        t.stdout
    );
    let t = s.run_terminal("sysctl net.bridge.bridge-nf-call-iptables");
    assert!(t.stderr.contains("No such file or directory"), "{t:?}");
    s.run_terminal("modprobe br_netfilter");
    let t = s.run_terminal("sysctl net.bridge.bridge-nf-call-iptables");
    assert_eq!(t.stdout, "net.bridge.bridge-nf-call-iptables = 1\n");
    let t = s.run_terminal("cat /proc/sys/net/bridge/bridge-nf-call-iptables");
    assert_eq!(t.stdout, "1\n");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.1.20");
    assert!(t.stdout.contains("100% packet loss"), "{}", t.stdout);
    s.run_terminal("sysctl -w net.bridge.bridge-nf-call-iptables=0");
    let t = s.run_terminal("ip netns exec ns1 ping -c 1 192.168.1.20");
    assert!(t.stdout.contains("1 received"), "{}", t.stdout);
}

#[test]
fn netbook_trace_names_the_cause_and_the_fix() {
    let mut s = lab();
    let t = s.run_terminal("netbook trace -n ns1 icmp 192.168.50.2");
    assert!(t.stdout.contains("net.ipv4.ip_forward = 0"), "{}", t.stdout);
    assert!(
        t.stdout.contains("fix: sysctl -w net.ipv4.ip_forward=1"),
        "{}",
        t.stdout
    );
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1");
    let t = s.run_terminal("netbook trace -n ns1 icmp 192.168.50.2");
    assert!(t.stdout.contains("no return route"), "{}", t.stdout);
    assert!(t.stdout.contains("MASQUERADE"), "{}", t.stdout);
    s.run_terminal(
        "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE\niptables -P FORWARD DROP",
    );
    let t = s.run_terminal("netbook trace -n ns1 tcp 192.168.50.2:8080");
    assert!(
        t.stdout.contains("filter FORWARD policy DROP"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("fix: iptables -I FORWARD -s 10.201.0.2 -d 192.168.50.2 -j ACCEPT"),
        "{}",
        t.stdout
    );
    s.run_terminal("iptables -P FORWARD ACCEPT");
    let t = s.run_terminal("netbook trace -n ns1 tcp 192.168.50.2:8080");
    assert!(
        t.stdout
            .contains("MASQUERADE 10.201.0.2:45678 -> 192.168.50.1:"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout.contains("nothing listens on port 8080 in outside"),
        "{}",
        t.stdout
    );
    s.run_terminal("ip netns exec outside iptables -A INPUT -p tcp --dport 8080 -j DROP");
    let t = s.run_terminal("netbook trace -n ns1 tcp 192.168.50.2:8080");
    assert!(
        t.stdout.contains("rule 1 (not matched") || t.stdout.contains("INPUT"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("fix: ip netns exec outside iptables -D INPUT 1"),
        "{}",
        t.stdout
    );
    // Rich output: the hop list and a chain diagram per hook.
    let mut out = Vec::new();
    s.execute("netbook trace -n ns1 tcp 192.168.50.2:8080", &mut out);
    let html = out
        .iter()
        .find_map(|e| match e {
            netbook::shell::Emit::Result(b) => b.get("text/html").map(str::to_string),
            _ => None,
        })
        .unwrap();
    assert!(
        html.contains("<svg") && html.contains("POSTROUTING"),
        "{html}"
    );
    // The real world is untouched by a trace.
    let t = s.run_terminal("ip netns exec outside iptables -L INPUT -v -n");
    assert!(t.stdout.contains("    0     0 DROP"), "{}", t.stdout);
}

#[test]
fn pat_gives_colliding_inside_hosts_different_ports_and_dns_servers_are_jobs() {
    let mut s = lab();
    s.run_terminal(
        "ip netns add ns2\nip link add veth2 type veth peer name veth2-br\nip link set veth2 netns ns2\nip link set veth2-br master br0\nip link set veth2-br up\nip -n ns2 link set lo up\nip -n ns2 addr add 10.201.0.3/24 dev veth2\nip -n ns2 link set veth2 up\nip -n ns2 route add default via 10.201.0.1",
    );
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE");
    s.run_terminal("ip netns exec outside nc -k -l -p 9000 &");
    let t = s.run_terminal("ip netns exec ns1 nc -p 40000 -z 192.168.50.2 9000; ip netns exec ns2 nc -p 40000 -z 192.168.50.2 9000");
    assert_eq!(t.outcome.status, 0, "{t:?}");
    let t = s.run_terminal("conntrack -L");
    assert!(
        t.stdout
            .contains("src=10.201.0.2 dst=192.168.50.2 sport=40000 dport=9000"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("dst=192.168.50.1 sport=9000 dport=40000 "),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("src=10.201.0.3 dst=192.168.50.2 sport=40000 dport=9000"),
        "{}",
        t.stdout
    );
    let pat = t
        .stdout
        .lines()
        .find(|l| l.contains("src=10.201.0.3"))
        .unwrap()
        .to_string();
    assert!(
        !pat.contains("dport=40000 "),
        "the second host gets another port: {pat}"
    );
    // A DNS server started with & is a job like any other.
    let t = s.run_terminal("ip netns exec outside dnsmasq --no-resolv --address=/lab/1.2.3.4 &");
    let pid = t.stderr.trim().split(' ').nth(1).unwrap().to_string();
    let t = s.run_terminal("jobs");
    assert!(
        t.stdout
            .contains("[2]+  Running                 ip netns exec outside dnsmasq"),
        "{}",
        t.stdout
    );
    let t = s.run_terminal("ip netns exec outside ss -ulnp");
    assert!(
        t.stdout
            .contains(&format!("users:((\"dnsmasq\",pid={pid},fd=3))")),
        "{}",
        t.stdout
    );
    s.run_terminal("kill %2");
    let t = s.run_terminal("ip netns exec outside ss -ulnp");
    assert!(!t.stdout.contains("dnsmasq"), "{}", t.stdout);
}

/// Captured from iputils in a throw-away namespace with the same rules.
#[test]
fn ping_through_local_output_rules_like_iputils() {
    let mut s = Session::new();
    s.run_terminal("iptables -A OUTPUT -p icmp -j DROP");
    let t = s.run_terminal("ping -c 2 -i 0.2 127.0.0.1");
    assert_eq!(
        t.stdout,
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n\n--- 127.0.0.1 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 202ms\n\n"
    );
    s.run_terminal("iptables -F\niptables -A OUTPUT -p icmp --icmp-type echo-request -j REJECT");
    let t = s.run_terminal("ping -c 2 -i 0.2 127.0.0.1");
    assert_eq!(
        t.stdout,
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\nFrom 127.0.0.1 icmp_seq=1 Destination Port Unreachable\nping: sendmsg: Operation not permitted\nFrom 127.0.0.1 icmp_seq=2 Destination Port Unreachable\nping: sendmsg: Operation not permitted\n\n--- 127.0.0.1 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 202ms\n\n"
    );
    s.run_terminal("iptables -F\niptables -A OUTPUT -p tcp -j DROP");
    let t = s.run_terminal("nc -w1 -zv 127.0.0.1 80");
    assert_eq!(
        t.stderr,
        "nc: connect to 127.0.0.1 port 80 (tcp) timed out: Operation now in progress\n"
    );
}

#[test]
fn nc_carries_data_and_counters_see_every_segment() {
    let mut s = lab();
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE");
    s.run_terminal("ip netns exec outside nc -l -p 9000 &");
    let t = s.run_terminal("echo hello | ip netns exec ns1 nc 192.168.50.2 9000");
    // The background nc shares the terminal: what it received shows up.
    assert_eq!(t.stdout, "hello\n", "{t:?}");
    // A one-shot nc -l exits after its client left.
    let t = s.run_terminal("jobs");
    assert_eq!(t.stdout, "", "{t:?}");
    let t = s.run_terminal("iptables -t nat -L POSTROUTING -v -n -x");
    assert!(
        t.stdout.contains("       1       60 MASQUERADE"),
        "{}",
        t.stdout
    );
    let t = s.run_terminal("conntrack -L");
    assert!(
        t.stdout.starts_with("tcp      6 1")
            && t.stdout
                .contains(" TIME_WAIT src=10.201.0.2 dst=192.168.50.2"),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("[ASSURED]"), "{}", t.stdout);
}

#[test]
fn the_internet_needs_masquerade_on_the_uplink() {
    let mut s = lab();
    s.run_terminal("sysctl -w net.ipv4.ip_forward=1");
    let t = s.run_terminal("ip netns exec ns1 curl --connect-timeout 3 http://93.184.216.34/");
    assert_eq!(t.outcome.status, 28, "{t:?}");
    let t = s.run_terminal("netbook trace -n ns1 tcp 93.184.216.34:80");
    assert!(
        t.stdout.contains("cause: missing MASQUERADE"),
        "{}",
        t.stdout
    );
    s.run_terminal("iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -o eth0 -j MASQUERADE");
    let t = s.run_terminal("ip netns exec ns1 curl -s http://example.com/");
    assert!(t.stdout.contains("<title>example.com</title>"), "{t:?}");
    let t = s.run_terminal("conntrack -L");
    assert!(t.stdout.contains("dst=10.0.2.15 sport=80"), "{}", t.stdout);
}
