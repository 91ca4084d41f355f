//! Chapter 4 of the study note, pasted verbatim, run through the shell:
//! the promised connectivity must hold, and the ways it fails must be
//! Linux's ways.

mod common;
use common::{ok, run};
use netbook::shell::{Emit, Session};

/// "NS 2개 사이에 브릿지를 두고 통신하도록 구성하면?" (verbatim from the note).
const TWO_NS_BRIDGE: &str = include_str!("blocks/two_ns_bridge.txt");

/// "호스트와 NS가 브릿지를 통해서 통신할 수 있도록 설정하면?" (verbatim).
const HOST_NS_BRIDGE: &str = include_str!("blocks/host_ns_bridge.txt");

#[test]
fn two_namespaces_talk_through_the_bridge() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let (o, e, r) = run(&mut s, "ip netns exec ns1 ping -c 1 192.168.1.20");
    println!("{o}{e}");
    assert_eq!(r.status, 0, "{o}{e}");
    assert!(o.starts_with("PING 192.168.1.20 (192.168.1.20) 56(84) bytes of data.\n64 bytes from 192.168.1.20: icmp_seq=1 ttl=64 time="), "{o}");
    assert!(o.contains("\n--- 192.168.1.20 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = "), "{o}");
    // Both ends learnt each other; the bridge learnt both MACs.
    let n1 = ok(&mut s, "ip netns exec ns1 ip neigh");
    assert!(
        n1.starts_with("192.168.1.20 dev veth1 lladdr ") && n1.ends_with(" REACHABLE \n"),
        "{n1}"
    );
    let n2 = ok(&mut s, "ip -n ns2 neigh");
    // Learnt from the ARP request (STALE), then used for the reply: DELAY, as on Linux.
    assert!(
        n2.starts_with("192.168.1.10 dev veth2 lladdr ") && n2.ends_with(" DELAY \n"),
        "{n2}"
    );
    let fdb = ok(
        &mut s,
        "bridge fdb show | grep 'master br0' | grep -v permanent | wc -l",
    );
    assert_eq!(fdb, "2\n");
    // And back.
    let (o, _, r) = run(&mut s, "ip netns exec ns2 ping -c 2 -i 0.2 192.168.1.10");
    assert_eq!(r.status, 0, "{o}");
    assert!(
        o.contains("2 packets transmitted, 2 received, 0% packet loss"),
        "{o}"
    );
}

#[test]
fn the_host_reaches_ns1_through_br0() {
    let mut s = Session::new();
    ok(&mut s, HOST_NS_BRIDGE);
    let (o, e, r) = run(&mut s, "ping -c 1 192.168.1.10");
    assert_eq!(r.status, 0, "{o}{e}");
    assert!(
        o.contains("64 bytes from 192.168.1.10: icmp_seq=1 ttl=64"),
        "{o}"
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 192.168.1.11");
    assert_eq!(r.status, 0, "{o}");
    assert_eq!(
        ok(&mut s, "ip route"),
        "default via 10.0.2.2 dev eth0 \n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 \n192.168.1.0/24 dev br0 proto kernel scope link src 192.168.1.11 \n"
    );
    assert_eq!(
        ok(&mut s, "ip -br -4 addr show br0"),
        "br0              UP             192.168.1.11/24 \n"
    );
}

#[test]
fn before_link_up_there_is_no_route() {
    let mut s = Session::new();
    // Everything but the final `up`s.
    let partial: String = TWO_NS_BRIDGE
        .lines()
        .take(14)
        .map(|l| format!("{l}\n"))
        .collect();
    ok(&mut s, &partial);
    let (o, e, r) = run(&mut s, "ip netns exec ns1 ping -c 1 192.168.1.20");
    assert_eq!(
        (o.as_str(), e.as_str(), r.status),
        ("", "ping: connect: Network is unreachable\n", 2)
    );
    assert!(r.error.is_none(), "a failing ping does not fail the cell");
}

#[test]
fn peer_down_means_no_carrier_and_the_arp_goes_unanswered() {
    let mut s = Session::new();
    let without_bridge_ups: String = TWO_NS_BRIDGE
        .lines()
        .take(18)
        .map(|l| format!("{l}\n"))
        .collect();
    ok(&mut s, &without_bridge_ups);
    let l = ok(&mut s, "ip -n ns1 link show veth1");
    assert!(
        l.contains(
            "<NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN"
        ),
        "{l}"
    );
    let r = ok(&mut s, "ip -n ns1 route");
    assert_eq!(
        r,
        "192.168.1.0/24 dev veth1 proto kernel scope link src 192.168.1.10 linkdown \n"
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 192.168.1.20");
    assert_eq!(r.status, 1);
    assert!(
        o.contains("From 192.168.1.10 icmp_seq=1 Destination Host Unreachable\n"),
        "{o}"
    );
    assert!(
        o.contains("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n"),
        "{o}"
    );
}

#[test]
fn without_master_the_arp_request_goes_nowhere() {
    let mut s = Session::new();
    let block = TWO_NS_BRIDGE.replace("> ip link set veth2-br master br0\n", "");
    ok(&mut s, &block);
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 4 -i 0.01 192.168.1.20");
    assert_eq!(r.status, 1, "{o}");
    assert!(
        o.contains("From 192.168.1.10 icmp_seq=1 Destination Host Unreachable"),
        "{o}"
    );
    let n = ok(&mut s, "ip -n ns1 neigh");
    assert_eq!(n, "192.168.1.20 dev veth1 FAILED \n");
}

#[test]
fn forwarding_needs_ip_forward() {
    let mut s = Session::new();
    ok(
        &mut s,
        "ip netns add a\nip netns add r\nip netns add b
ip link add a0 netns a type veth peer name ra netns r
ip link add b0 netns b type veth peer name rb netns r
ip -n a addr add 10.0.1.2/24 dev a0\nip -n a link set a0 up
ip -n b addr add 10.0.2.2/24 dev b0\nip -n b link set b0 up
ip -n r addr add 10.0.1.1/24 dev ra\nip -n r link set ra up
ip -n r addr add 10.0.2.1/24 dev rb\nip -n r link set rb up
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.2.1",
    );
    let (o, _, r) = run(&mut s, "ip netns exec a ping -c 1 10.0.2.2");
    assert_eq!(r.status, 1, "{o}");
    assert_eq!(
        ok(&mut s, "ip netns exec r sysctl net.ipv4.ip_forward"),
        "net.ipv4.ip_forward = 0\n"
    );
    ok(&mut s, "ip netns exec r sysctl -w net.ipv4.ip_forward=1");
    assert_eq!(
        ok(&mut s, "ip netns exec r cat /proc/sys/net/ipv4/ip_forward"),
        "1\n"
    );
    assert_eq!(ok(&mut s, "cat /proc/sys/net/ipv4/ip_forward"), "0\n");
    let (o, _, r) = run(&mut s, "ip netns exec a ping -c 1 10.0.2.2");
    assert_eq!(r.status, 0, "{o}");
    assert!(o.contains("ttl=63"), "{o}");
    // The router reports what it cannot deliver.
    let (o, _, _) = run(&mut s, "ip netns exec a ping -c 1 10.0.2.99");
    assert!(
        o.contains("From 10.0.1.1 icmp_seq=1 Destination Host Unreachable\n"),
        "{o}"
    );
    let (o, _, _) = run(&mut s, "ip netns exec a ping -c 1 10.9.9.9");
    assert!(
        o.contains("From 10.0.1.1 icmp_seq=1 Destination Net Unreachable\n"),
        "{o}"
    );
    assert!(
        o.contains("1 packets transmitted, 0 received, +1 errors, 100% packet loss"),
        "{o}"
    );
    let t = ok(&mut s, "ip netns exec a traceroute -n 10.0.2.2");
    assert!(
        t.starts_with(
            "traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets\n 1  10.0.1.1  "
        ),
        "{t}"
    );
    assert!(t.contains("\n 2  10.0.2.2  "), "{t}");
}

#[test]
fn a_failing_command_changes_nothing() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let bad = [
        "ip link set veth9 up",
        "ip link add veth1-br type veth peer name x",
        "ip link set veth1-br master nobr",
        "ip link set veth1-br netns nons up",
        "ip netns exec ns1 ip addr add 192.168.1.10/24 dev veth1",
        "ip netns exec ns1 ip route add 10.0.0.0/8 via 172.16.0.1",
        "ip route del 10.9.9.0/24",
        "ip addr add xyz dev br0",
        "ip addr add 1.2.3.4/24 dev br0 xyz",
        "ip netns add ns1",
        "ip link set br0 mtu 10",
        "sysctl -w net.ipv4.nope=1",
    ];
    for cmd in bad {
        let before = s.world().clone();
        let (_, e, r) = run(&mut s, cmd);
        assert_ne!(r.status, 0, "{cmd} should fail");
        assert!(!e.is_empty(), "{cmd} should say why");
        assert!(s.world() == &before, "{cmd} changed the world");
    }
    // The block goes on after a failure.
    let (_, e, _) = run(&mut s, "ip link set veth9 up; ip link set br0 down");
    assert_eq!(e, "Cannot find device \"veth9\"\n");
    assert!(ok(&mut s, "ip -br link show br0").contains("DOWN"));
}

#[test]
fn error_wording_matches_iproute2() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let cases: &[(&str, &str, i32)] = &[
        ("ip link set veth9 up", "Cannot find device \"veth9\"\n", 1),
        (
            "ip netns exec ns1 ip addr add 192.168.1.10/24 dev veth1",
            "Error: ipv4: Address already assigned.\n",
            2,
        ),
        (
            "ip link add br0 type bridge",
            "RTNETLINK answers: File exists\n",
            2,
        ),
        (
            "ip -n ns1 route add 172.16.0.0/12 via 10.9.9.9",
            "Error: Nexthop has invalid gateway.\n",
            2,
        ),
        (
            "ip route del 1.2.3.0/24",
            "RTNETLINK answers: No such process\n",
            2,
        ),
        (
            "ip addr add xyz dev br0",
            "Error: any valid prefix is expected rather than \"xyz\".\n",
            1,
        ),
        (
            "ip addr add 1.2.3.4/24 dev br0 xyz",
            "Error: either \"local\" is duplicate, or \"xyz\" is a garbage.\n",
            255,
        ),
        (
            "ip route add 1.2.3.0/24 xyz",
            "Error: either \"to\" is duplicate, or \"xyz\" is a garbage.\n",
            255,
        ),
        (
            "ip netns add ns1",
            "Cannot create namespace file \"/run/netns/ns1\": File exists\n",
            1,
        ),
        (
            "ip netns del nope",
            "Cannot remove namespace file \"/run/netns/nope\": No such file or directory\n",
            1,
        ),
        (
            "ip netns exec nope ip a",
            "Cannot open network namespace \"nope\": No such file or directory\n",
            255,
        ),
        (
            "ip link set veth1-br netns nope",
            "Error: argument \"nope\" is wrong: Invalid \"netns\" value\n\n",
            255,
        ),
        (
            "ip link set veth1-br master br9",
            "Error: argument \"br9\" is wrong: Device does not exist\n\n",
            255,
        ),
        (
            "ip link foo",
            "Command \"foo\" is unknown, try \"ip link help\".\n",
            255,
        ),
        ("ip foo", "Object \"foo\" is unknown, try \"ip help\".\n", 1),
        (
            "ip addr del 1.1.1.1/24 dev br0",
            "Error: ipv4: Address not found.\n",
            2,
        ),
        (
            "ip link show veth9",
            "Device \"veth9\" does not exist.\n",
            1,
        ),
        (
            "ip -n ns1 route get 192.168.2.1",
            "RTNETLINK answers: Network is unreachable\n",
            2,
        ),
        (
            "ip link set veth1-br address zz",
            "\"zz\" is invalid lladdr.\n",
            1,
        ),
    ];
    for (cmd, err, status) in cases {
        let (_, e, r) = run(&mut s, cmd);
        assert_eq!((e.as_str(), r.status), (*err, *status), "{cmd}");
    }
}

#[test]
fn ip_link_output_is_iproute2s() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let mac = |s: &mut Session, ns: &str, dev: &str| {
        let o = ok(s, &format!("ip -n {ns} -br link show {dev}"));
        o.split_whitespace().nth(2).unwrap().to_string()
    };
    let m1 = mac(&mut s, "ns1", "veth1");
    let l = ok(&mut s, "ip netns exec ns1 ip link");
    assert_eq!(
        l,
        format!(
            "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether {m1} brd ff:ff:ff:ff:ff:ff link-netnsid 0
"
        )
    );
    let a = ok(&mut s, "ip netns exec ns1 ip -4 a");
    assert_eq!(
        a,
        "5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netnsid 0
    inet 192.168.1.10/24 scope global veth1
       valid_lft forever preferred_lft forever
"
    );
    let o = ok(&mut s, "ip -o link show veth1-br");
    assert!(o.starts_with("4: veth1-br@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\\    link/ether "), "{o}");
    assert!(
        o.ends_with(" brd ff:ff:ff:ff:ff:ff link-netns ns1\n"),
        "{o}"
    );
    // The bridge took its lowest port MAC, as Linux does.
    let ports = [mac_root(&mut s, "veth1-br"), mac_root(&mut s, "veth2-br")];
    assert_eq!(mac_root(&mut s, "br0"), ports.iter().min().unwrap().clone());
    assert_eq!(ok(&mut s, "ip netns list"), "ns2 (id: 1)\nns1 (id: 0)\n");
    assert_eq!(ok(&mut s, "ip netns exec ns2 ip netns identify"), "ns2\n");
}

fn mac_root(s: &mut Session, dev: &str) -> String {
    let o = ok(s, &format!("ip -br link show {dev}"));
    o.split_whitespace().nth(2).unwrap().to_string()
}

#[test]
fn ping_without_count_runs_until_interrupted() {
    let mut s = Session::new();
    // Real time, as the kernel gives it: one reply a second.
    s.set_pacer(std::sync::Arc::new(netbook::jupyter::pacer::RealTime));
    ok(&mut s, TWO_NS_BRIDGE);
    let flag = s.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1300));
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let start = std::time::Instant::now();
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping 192.168.1.20");
    let took = start.elapsed();
    t.join().unwrap();
    assert!(
        took < std::time::Duration::from_millis(1400),
        "stopped within 100 ms of the interrupt: {took:?}"
    );
    assert!(o.contains("icmp_seq=2 "), "{o}");
    assert!(
        o.contains("2 packets transmitted, 2 received, 0% packet loss"),
        "{o}"
    );
    assert_eq!(r.error.unwrap().ename, "KeyboardInterrupt");
}

#[test]
fn netns_files_and_proc_sys_are_per_namespace() {
    let mut s = Session::new();
    ok(&mut s, "ip netns add ns1\nmkdir -p /etc/netns/ns1/\necho 'nameserver 10.0.0.53' > /etc/netns/ns1/resolv.conf");
    assert_eq!(
        ok(&mut s, "ip netns exec ns1 cat /etc/resolv.conf"),
        "nameserver 10.0.0.53\n"
    );
    assert_eq!(ok(&mut s, "cat /etc/resolv.conf"), "nameserver 8.8.8.8\n");
    // The note's typo: the bind fails, ip warns, the host file stays visible.
    ok(
        &mut s,
        "echo 'nameserver 1.1.1.1' > /etc/netns/ns1/resolve.conf",
    );
    let (o, e, r) = run(&mut s, "ip netns exec ns1 cat /etc/resolv.conf");
    assert_eq!(r.status, 0);
    assert_eq!(o, "nameserver 10.0.0.53\n");
    assert_eq!(
        e,
        "Bind /etc/netns/ns1/resolve.conf -> /etc/resolve.conf failed: No such file or directory\n"
    );
    // ip_forward: echo into /proc/sys is the host's (the redirect is the outer shell's).
    ok(&mut s, "echo 1 > /proc/sys/net/ipv4/ip_forward");
    assert_eq!(ok(&mut s, "sysctl -n net.ipv4.ip_forward"), "1\n");
    assert_eq!(
        ok(&mut s, "ip netns exec ns1 sysctl net.ipv4.ip_forward"),
        "net.ipv4.ip_forward = 0\n"
    );
    // sysctl -p reads /etc/sysctl.conf.
    ok(
        &mut s,
        "echo 'net.ipv4.icmp_echo_ignore_all = 1' >> /etc/sysctl.conf",
    );
    assert_eq!(
        ok(&mut s, "sysctl -p"),
        "net.ipv4.icmp_echo_ignore_all = 1\n"
    );
    let (_, e, r) = run(&mut s, "sysctl net.ipv4.nope");
    assert_eq!(
        (e.as_str(), r.status),
        (
            "sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n",
            1
        )
    );
}

#[test]
fn rich_views_come_with_the_text() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let mut out = Vec::new();
    s.execute("netbook topology", &mut out);
    let Some(Emit::Result(b)) = out.last() else {
        panic!("{out:?}")
    };
    let svg = b.get("image/svg+xml").unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("netns ns1") && svg.contains("br0"));
    assert!(b
        .text()
        .contains("veth1 [veth] UP 192.168.1.10/24 <-> host/veth1-br"));
    let mut out = Vec::new();
    s.execute("ip netns exec ns1 ping -c 1 192.168.1.20", &mut out);
    let Some(Emit::Result(b)) = out.last() else {
        panic!("{out:?}")
    };
    let html = b.get("text/html").unwrap();
    // A session speaks Korean in the rich layer (`%lang en` switches).
    assert!(
        html.contains("ARP 요청 — 192.168.1.20는 누구? 192.168.1.10에게 알려 주세요"),
        "{html}"
    );
    assert!(
        html.contains("ff:ff:ff:ff:ff:ff을(를) 포트 1개로 플러딩"),
        "{html}"
    );
    assert!(html.contains("<svg"), "{html}");
    let mut out = Vec::new();
    s.execute("ip -br addr", &mut out);
    let Some(Emit::Result(b)) = out.last() else {
        panic!("{out:?}")
    };
    assert!(b.get("text/html").unwrap().contains("<table"));
}

/// `NETBOOK_DUMP=dir cargo test --test scenarios dump` writes the rich views for eyeballing.
#[test]
fn dump_rich_views() {
    let Some(dir) = std::env::var_os("NETBOOK_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    ok(&mut s, "ip addr add 192.168.1.11/24 dev br0");
    for (name, cmd, mime) in [
        ("topology.svg", "netbook topology", "image/svg+xml"),
        (
            "ping.html",
            "ip netns exec ns1 ping -c 1 192.168.1.20",
            "text/html",
        ),
        ("addr.html", "ip -br addr", "text/html"),
    ] {
        let mut out = Vec::new();
        s.execute(cmd, &mut out);
        if let Some(Emit::Result(b)) = out.last() {
            std::fs::write(dir.join(name), b.get(mime).unwrap()).unwrap();
        }
    }
}

#[test]
fn more_iproute2_errors() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let cases: &[(&str, &str, i32)] = &[
        (
            "ip link add foo",
            "Not enough information: \"type\" argument is required\n",
            1,
        ),
        (
            "ip link set veth1-br master veth2-br",
            "RTNETLINK answers: Operation not supported\n",
            2,
        ),
        (
            "ip link set br0 master br0",
            "Error: Can not enslave a bridge to a bridge.\n",
            2,
        ),
        (
            "ip link set lo netns ns1",
            "Error: The interface netns is immutable.\n",
            2,
        ),
        (
            "ip link set br0 mtu 10",
            "Error: mtu less than device minimum.\n",
            2,
        ),
        (
            "ip link add averyveryverylongname type dummy",
            "Error: Attribute failed policy validation.\n",
            2,
        ),
        (
            "ip link set br0 name veth1-br",
            "RTNETLINK answers: File exists\n",
            2,
        ),
        ("ip addr flush", "Flush requires arguments.\n", 1),
        ("ip neigh flush", "Flush requires arguments.\n", 1),
        (
            "ip route add 192.168.1.1/8 dev br0",
            "Error: Invalid prefix for given prefix length.\n",
            2,
        ),
        (
            "ip route add 10.2.0.0/16 via 192.168.1.9 src 10.9.9.9",
            "Error: Invalid prefsrc address.\n",
            2,
        ),
        (
            "ip route add 10.4.0.0/16",
            "RTNETLINK answers: No such device\n",
            2,
        ),
        (
            "ip link del lo",
            "RTNETLINK answers: Operation not supported\n",
            2,
        ),
    ];
    for (cmd, err, status) in cases {
        let before = s.world().clone();
        let (_, e, r) = run(&mut s, cmd);
        assert_eq!((e.as_str(), r.status), (*err, *status), "{cmd}");
        assert!(s.world() == &before, "{cmd} changed the world");
    }
}

#[test]
fn the_host_reaches_the_internet_but_a_namespace_needs_nat() {
    let mut s = Session::new();
    let (o, _, r) = run(&mut s, "ping -c 1 8.8.8.8");
    assert_eq!(r.status, 0, "{o}");
    assert!(
        o.contains("64 bytes from 8.8.8.8: icmp_seq=1 ttl=117 time=11."),
        "{o}"
    );
    assert!(
        ok(&mut s, "ip neigh").starts_with("10.0.2.2 dev eth0 lladdr 52:55:0a:00:02:02 REACHABLE")
    );
    let t = ok(&mut s, "traceroute -n 8.8.8.8");
    assert!(
        t.contains("\n 1  10.0.2.2  ") && t.contains("\n 2  8.8.8.8  "),
        "{t}"
    );
    // A namespace behind the host: routed, forwarded, but its private source
    // address is dropped upstream until someone masquerades it.
    ok(&mut s, HOST_NS_BRIDGE);
    ok(
        &mut s,
        "ip netns exec ns1 ip route add default via 192.168.1.11\nsysctl -w net.ipv4.ip_forward=1",
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 8.8.8.8");
    assert_eq!(r.status, 1, "{o}");
    assert!(
        o.contains("1 packets transmitted, 0 received, 100% packet loss"),
        "{o}"
    );
    // The note's rule names another range: conntrack now tracks, but the
    // ping still leaves un-NATed.
    ok(
        &mut s,
        "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE",
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 8.8.8.8");
    assert_eq!(r.status, 1, "{o}");
    // Every ping run binds a new ICMP ident, so after the right rule the
    // next run is a new connection and is NATed, as on Linux; the failed
    // run's entry stays behind, un-NATed and unreplied.
    ok(
        &mut s,
        "iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth0 -j MASQUERADE",
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 8.8.8.8");
    assert_eq!(r.status, 0, "{o}");
    let ct = ok(
        &mut s,
        "conntrack -L 2>/dev/null | grep 'dst=8.8.8.8' | grep 192.168.1.10",
    );
    let lines: Vec<&str> = ct.lines().collect();
    assert_eq!(lines.len(), 2, "{ct}");
    assert!(
        ct.contains("id=3 [UNREPLIED] src=8.8.8.8 dst=192.168.1.10"),
        "{ct}"
    );
    assert!(
        ct.contains("id=4 src=8.8.8.8 dst=10.0.2.15 type=0 code=0 id=4"),
        "{ct}"
    );
}

/// skb->mark lives as long as the packet inside one namespace: a mark set
/// at nat PREROUTING is what nat POSTROUTING's `-m mark` sees.
#[test]
fn a_mark_set_at_prerouting_is_seen_at_postrouting() {
    let mut s = Session::new();
    ok(&mut s, HOST_NS_BRIDGE);
    ok(
        &mut s,
        "ip netns exec ns1 ip route add default via 192.168.1.11\nsysctl -w net.ipv4.ip_forward=1",
    );
    ok(
        &mut s,
        "iptables -t nat -A POSTROUTING -o eth0 -m mark --mark 0x7 -j MASQUERADE",
    );
    // Unmarked: MASQUERADE does not apply, the private source is dropped upstream.
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 8.8.8.8");
    assert_eq!(r.status, 1, "{o}");
    ok(
        &mut s,
        "iptables -t nat -A PREROUTING -s 192.168.1.0/24 -j MARK --set-mark 0x7",
    );
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 1 8.8.8.8");
    assert_eq!(r.status, 0, "{o}");
    let l = ok(&mut s, "iptables -t nat -L POSTROUTING -v -n -x");
    assert!(
        l.lines()
            .any(|x| x.trim_start().starts_with("1 ") && x.contains("MASQUERADE")),
        "{l}"
    );
}

#[test]
fn a_big_topology_stays_readable() {
    let mut s = Session::new();
    let mut cell = String::from("ip link add br0 type bridge\n");
    for i in 0..200 {
        cell += &format!("ip netns add n{i}\nip link add v{i} netns n{i} type veth peer name p{i}\nip link set p{i} master br0\n");
    }
    ok(&mut s, &cell);
    let mut out = Vec::new();
    s.execute("netbook topology", &mut out);
    let Some(Emit::Result(b)) = out.last() else {
        panic!()
    };
    let svg = b.get("image/svg+xml").unwrap();
    assert!(svg.len() < 120_000, "{}", svg.len());
    assert!(
        svg.contains("그리지 않음: 네임스페이스 176개, 호스트 인터페이스 168개 더"),
        "{svg}"
    );
}

#[test]
fn ping_options_print_like_iputils() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let o = ok(&mut s, "ip netns exec ns1 ping -c 1 -I veth1 192.168.1.20");
    assert!(
        o.starts_with(
            "PING 192.168.1.20 (192.168.1.20) from 192.168.1.10 veth1: 56(84) bytes of data.\n"
        ),
        "{o}"
    );
    let o = ok(
        &mut s,
        "ip netns exec ns1 ping -c 1 -I 192.168.1.10 192.168.1.20",
    );
    assert!(
        o.starts_with(
            "PING 192.168.1.20 (192.168.1.20) from 192.168.1.10 : 56(84) bytes of data.\n"
        ),
        "{o}"
    );
    let o = ok(&mut s, "ip netns exec ns1 ping -c 1 -s 100 192.168.1.20");
    assert!(o.starts_with("PING 192.168.1.20 (192.168.1.20) 100(128) bytes of data.\n108 bytes from 192.168.1.20: icmp_seq=1 ttl=64 time="), "{o}");
    let o = ok(&mut s, "ip netns exec ns1 ping -c 2 -q -i 0.2 192.168.1.20");
    assert!(o.starts_with("PING 192.168.1.20 (192.168.1.20) 56(84) bytes of data.\n\n--- 192.168.1.20 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 202ms\nrtt min/avg/max/mdev = "), "{o}");
    let (_, e, r) = run(&mut s, "ip netns exec ns1 ping -c 1 -I veth9 192.168.1.20");
    assert_eq!(
        (e.as_str(), r.status),
        ("ping: SO_BINDTODEVICE veth9: No such device\n", 2)
    );
    let (_, e, r) = run(
        &mut s,
        "ip netns exec ns1 ping -c 1 -I 1.2.3.4 192.168.1.20",
    );
    assert_eq!(
        (e.as_str(), r.status),
        ("ping: bind: Cannot assign requested address\n", 2)
    );
    let (_, e, r) = run(&mut s, "ip netns exec ns1 ping -c 1 192.168.1.255");
    assert_eq!(
        (e.as_str(), r.status),
        ("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n", 2)
    );
    // Two probes into a silent subnet: both fail when ARP gives up.
    let (o, _, r) = run(&mut s, "ip netns exec ns1 ping -c 2 -i 0.2 192.168.1.99");
    assert_eq!(r.status, 1);
    assert!(
        o.ends_with(
            "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 202ms\npipe 2\n"
        ),
        "{o}"
    );
    assert_eq!(
        ok(&mut s, "ip -n ns1 neigh show dev veth1 | grep 99"),
        "192.168.1.99 FAILED \n"
    );
}

#[test]
fn static_neighbours() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    ok(
        &mut s,
        "ip -n ns1 neigh add 192.168.1.50 lladdr 02:00:00:00:00:50 dev veth1",
    );
    let (_, e, r) = run(
        &mut s,
        "ip -n ns1 neigh add 192.168.1.50 lladdr 02:00:00:00:00:50 dev veth1",
    );
    assert_eq!(
        (e.as_str(), r.status),
        ("RTNETLINK answers: File exists\n", 2)
    );
    let (_, e, r) = run(&mut s, "ip -n ns1 neigh del 192.168.1.51 dev veth1");
    assert_eq!(
        (e.as_str(), r.status),
        ("RTNETLINK answers: No such file or directory\n", 2)
    );
    let (_, e, r) = run(&mut s, "ip -n ns1 neigh add 192.168.1.53 dev veth1");
    assert_eq!(
        (e.as_str(), r.status),
        ("Error: No link layer address given.\n", 2)
    );
    ok(
        &mut s,
        "ip -n ns1 neigh replace 192.168.1.50 lladdr 02:00:00:00:00:53 dev veth1",
    );
    assert_eq!(
        ok(&mut s, "ip -n ns1 neigh show 192.168.1.50"),
        "192.168.1.50 dev veth1 lladdr 02:00:00:00:00:53 PERMANENT \n"
    );
    ok(&mut s, "ip -n ns1 neigh flush dev veth1");
    assert_eq!(
        ok(&mut s, "ip -n ns1 neigh show dev veth1"),
        "192.168.1.50 lladdr 02:00:00:00:00:53 PERMANENT \n"
    );
    ok(&mut s, "ip -n ns1 neigh del 192.168.1.50 dev veth1");
    assert_eq!(ok(&mut s, "ip -n ns1 neigh"), "");
}

#[test]
fn ping_by_name_goes_through_etc_hosts() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    ok(&mut s, "mkdir -p /etc/netns/ns1\necho '127.0.0.1 localhost' > /etc/netns/ns1/hosts\necho '192.168.1.20 ns2host' >> /etc/netns/ns1/hosts");
    let o = ok(&mut s, "ip netns exec ns1 ping -c 1 ns2host");
    assert!(o.starts_with("PING ns2host (192.168.1.20) 56(84) bytes of data.\n64 bytes from ns2host (192.168.1.20): icmp_seq=1 ttl=64 time="), "{o}");
    let o = ok(&mut s, "ip netns exec ns1 ping -c 1 -n ns2host");
    assert!(
        o.contains("\n64 bytes from 192.168.1.20: icmp_seq=1"),
        "{o}"
    );
    let (_, e, r) = run(&mut s, "ping -c 1 ns2host");
    assert_eq!(
        (e.as_str(), r.status),
        ("ping: ns2host: Name or service not known\n", 2)
    );
}

/// Chapter 2's picture: PCs on a switch (bridge) per LAN, a router with an
/// Ethernet side in each LAN; PCs reach the other LAN through their gateway.
#[test]
fn chapter2_two_lans_and_a_router() {
    let mut s = Session::new();
    ok(
        &mut s,
        "# 스위치 두 대, 라우터 한 대, PC 세 대
ip link add sw1 type bridge
ip link add sw2 type bridge
ip link set sw1 up
ip link set sw2 up
ip netns add router
ip netns add pc1
ip netns add pc2
ip netns add pc3
ip link add eth0 netns pc1 type veth peer name pc1-sw1
ip link add eth0 netns pc2 type veth peer name pc2-sw1
ip link add eth0 netns pc3 type veth peer name pc3-sw2
ip link add eth0 netns router type veth peer name r-sw1
ip link add eth1 netns router type veth peer name r-sw2
ip link set pc1-sw1 master sw1
ip link set pc2-sw1 master sw1
ip link set r-sw1 master sw1
ip link set pc3-sw2 master sw2
ip link set r-sw2 master sw2
ip link set pc1-sw1 up
ip link set pc2-sw1 up
ip link set r-sw1 up
ip link set pc3-sw2 up
ip link set r-sw2 up
ip -n pc1 addr add 192.168.10.11/24 dev eth0
ip -n pc2 addr add 192.168.10.12/24 dev eth0
ip -n pc3 addr add 192.168.20.13/24 dev eth0
ip -n router addr add 192.168.10.1/24 dev eth0
ip -n router addr add 192.168.20.1/24 dev eth1
ip -n pc1 link set eth0 up
ip -n pc2 link set eth0 up
ip -n pc3 link set eth0 up
ip -n router link set eth0 up
ip -n router link set eth1 up",
    );
    // Same LAN: the switch is enough.
    let (o, _, r) = run(&mut s, "ip netns exec pc1 ping -c 1 192.168.10.12");
    assert_eq!(r.status, 0, "{o}");
    // Other LAN without a gateway: no route.
    let (_, e, _) = run(&mut s, "ip netns exec pc1 ping -c 1 192.168.20.13");
    assert_eq!(e, "ping: connect: Network is unreachable\n");
    ok(&mut s, "ip -n pc1 route add default via 192.168.10.1\nip -n pc3 route add default via 192.168.20.1");
    // The router does not forward yet.
    let (o, _, r) = run(&mut s, "ip netns exec pc1 ping -c 1 192.168.20.13");
    assert_eq!(r.status, 1, "{o}");
    ok(
        &mut s,
        "ip netns exec router sysctl -w net.ipv4.ip_forward=1",
    );
    let (o, _, r) = run(&mut s, "ip netns exec pc1 ping -c 1 192.168.20.13");
    assert_eq!(r.status, 0, "{o}");
    assert!(o.contains("ttl=63"), "{o}");
    let g = ok(&mut s, "ip netns exec pc1 ip route get 192.168.20.13");
    assert_eq!(
        g,
        "192.168.20.13 via 192.168.10.1 dev eth0 src 192.168.10.11 uid 0 \n    cache \n"
    );
    // The switch learnt who sits where.
    let fdb = ok(&mut s, "bridge fdb show br sw1 | grep -v permanent | wc -l");
    assert_eq!(fdb, "3\n");
}

#[test]
fn a_fresh_host_looks_like_a_debian_vm() {
    let mut s = Session::new();
    let a = ok(&mut s, "ip a");
    assert_eq!(
        a,
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 fe80::5054:ff:fe12:3456/64 scope link 
       valid_lft forever preferred_lft forever
"
    );
    assert_eq!(ok(&mut s, "ip r"), "default via 10.0.2.2 dev eth0 \n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 \n");
    assert_eq!(ok(&mut s, "hostname -I"), "10.0.2.15 \n");
    assert_eq!(ok(&mut s, "ip netns list"), "");
}

#[test]
fn kernel_picks_names_when_none_given() {
    let mut s = Session::new();
    ok(
        &mut s,
        "ip link add type bridge\nip link add x type veth peer\nip link add type veth",
    );
    let names: Vec<String> = ok(&mut s, "ip -br link")
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "lo",
            "eth0",
            "bridge0",
            "veth0@x",
            "x@veth0",
            "veth1@veth2",
            "veth2@veth1"
        ]
    );
}

#[test]
fn odd_input_never_panics() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    for cmd in [
        "ping -é 1.2.3.4",
        // procps 4.0.2 exits 0 after an invalid option: the key fails.
        "sysctl é",
        "ip -é a",
        "ip link set é up",
        "ip addr add 1.2.3.4/99 dev br0",
        "ip addr add 1.2.3.4/24 dev",
        "ip route add",
        "ip route add default via",
        "ip route get",
        "ip netns exec",
        "ip netns exec ns1",
        "ip -n",
        // Bare `traceroute` prints its usage and exits 0, as 2.1 does.
        "traceroute -m",
        "traceroute -m 0 1.2.3.4",
        "arp -i",
        "bridge fdb show br",
        "bridge -n nope fdb",
        "hostname -é",
        "netbook",
        "ping -c",
        "ping -c 0 1.2.3.4",
        "ping -i 0 1.2.3.4",
        "ip neigh add 1.2.3.4 lladdr zz dev br0",
        "ip link set br0 mtu 99999999999",
    ] {
        let before = s.world().clone();
        let (_, _, r) = run(&mut s, cmd);
        assert_ne!(r.status, 0, "{cmd}");
        assert_ne!(
            r.error.as_ref().map(|e| e.ename.as_str()),
            Some("InternalError"),
            "{cmd}"
        );
        assert!(s.world() == &before, "{cmd} changed the world");
    }
}

#[test]
fn statistics_blocks() {
    let mut s = Session::new();
    ok(&mut s, "ip netns add x\nip -n x link set lo up");
    assert_eq!(
        ok(&mut s, "ip -n x -s -s link show lo"),
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    RX errors:  length    crc   frame    fifo overrun
                     0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
    TX errors: aborted   fifo  window heartbt transns
                     0      0       0       0       0 
"
    );
    assert_eq!(
        ok(&mut s, "ip -n x -s addr"),
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
"
    );
    // Counters move with traffic.
    ok(&mut s, "ip netns exec x ping -c 1 127.0.0.1");
    let o = ok(&mut s, "ip -n x -s link show lo");
    assert!(
        o.contains("\n           168       2      0       0       0       0 \n"),
        "{o}"
    );
}

#[test]
fn netstat_lists_listeners_like_net_tools() {
    use netbook::sim::socket::{SockProto, Socket};
    let mut s = Session::new();
    ok(&mut s, "ip netns add k");
    let w = s.world_mut();
    let k = w.ns_id(Some("k")).unwrap();
    let sock = |proto, addr: &str, port, pid, backlog| Socket {
        proto,
        addr: addr.parse().unwrap(),
        port,
        pid,
        program: "python3".into(),
        backlog,
        v6only: false,
    };
    w.listen(k, sock(SockProto::Tcp, "0.0.0.0", 8080, 5726, 5))
        .unwrap();
    w.listen(k, sock(SockProto::Tcp6, "::", 22, 5725, 128))
        .unwrap();
    assert!(w
        .listen(k, sock(SockProto::Tcp, "127.0.0.1", 8080, 1, 5))
        .is_err());
    // Captured from net-tools on Debian 12 with the same two listeners.
    assert_eq!(
        ok(&mut s, "ip netns exec k netstat -nat"),
        "Active Internet connections (servers and established)
Proto Recv-Q Send-Q Local Address           Foreign Address         State      
tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN     
tcp6       0      0 :::22                   :::*                    LISTEN     
"
    );
    assert_eq!(
        ok(&mut s, "ip netns exec k netstat -tlnp"),
        "Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    
tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      5726/python3        
tcp6       0      0 :::22                   :::*                    LISTEN      5725/python3        
"
    );
    // Captured from iproute2's ss for the same listeners.
    assert_eq!(
        ok(&mut s, "ip netns exec k ss -tlnp"),
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                           
LISTEN 0      5            0.0.0.0:8080      0.0.0.0:*    users:((\"python3\",pid=5726,fd=3))
LISTEN 0      128                *:22              *:*    users:((\"python3\",pid=5725,fd=3))
"
    );
    assert_eq!(
        ok(&mut s, "ip netns exec k ss -tln"),
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
LISTEN 0      5            0.0.0.0:8080      0.0.0.0:*          
LISTEN 0      128                *:22              *:*          
"
    );
    // The note's line: the host's sshd.
    assert_eq!(
        ok(&mut s, "netstat -nat | grep LISTEN"),
        "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     \ntcp6       0      0 :::22                   :::*                    LISTEN     \n"
    );
}

#[test]
fn a_udp_server_answers_probes_through_the_network() {
    use netbook::sim::packet::{IcmpError, L4};
    use netbook::sim::socket::{SockProto, Socket};
    use netbook::sim::stack::probe::{ProbeOpts, ProbeOutcome};
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let w = s.world_mut();
    let (ns1, ns2) = (w.ns_id(Some("ns1")).unwrap(), w.ns_id(Some("ns2")).unwrap());
    let dst = "192.168.1.20".parse().unwrap();
    let query = L4::Udp {
        sport: 40000,
        dport: 53,
    };
    let p = w
        .probe(ns1, dst, &ProbeOpts::default(), query.clone())
        .unwrap();
    assert_eq!(
        p.outcome,
        ProbeOutcome::Error {
            from: dst,
            kind: IcmpError::PortUnreachable
        }
    );
    let dns = Socket {
        proto: SockProto::Udp,
        addr: "0.0.0.0".parse().unwrap(),
        port: 53,
        pid: 700,
        program: "dnsmasq".into(),
        backlog: 0,
        v6only: false,
    };
    w.listen(ns2, dns).unwrap();
    let p = w.probe(ns1, dst, &ProbeOpts::default(), query).unwrap();
    assert_eq!(p.outcome, ProbeOutcome::Reply { from: dst, ttl: 64 });
    assert!(p
        .trace
        .to_string()
        .contains("deliver UDP port 53 192.168.1.10 > 192.168.1.20"));
}

#[test]
fn the_same_world_draws_the_same_topology() {
    let mut s = Session::new();
    ok(&mut s, TWO_NS_BRIDGE);
    let svg = |s: &mut Session| {
        let mut out = Vec::new();
        s.execute("netbook topology", &mut out);
        match out.last() {
            Some(Emit::Result(b)) => b.get("image/svg+xml").unwrap().to_string(),
            other => panic!("{other:?}"),
        }
    };
    let first = svg(&mut s);
    // Every draw builds its maps afresh (new hash seeds): the order of the
    // wires must not depend on them.
    for _ in 0..16 {
        assert_eq!(svg(&mut s), first);
    }
}

#[test]
fn ip_batch_runs_lines_and_stops_like_iproute2() {
    // Captured from iproute2 6.1 in a throw-away namespace.
    let mut s = Session::new();
    ok(
        &mut s,
        "ip netns add nbt1\ncat > /tmp/b.txt <<'X'\nlink set lo up\n# comment\n\nroute add 10.0.0.0/8 dev lo\nroute add 10.0.0.0/8 dev lo\nroute add 11.0.0.0/8 dev lo\nlink show nosuch\nX",
    );
    let (o, e, r) = run(&mut s, "ip -n nbt1 -batch /tmp/b.txt");
    assert_eq!((o.as_str(), r.status), ("", 1));
    assert_eq!(
        e,
        "RTNETLINK answers: File exists\nCommand failed /tmp/b.txt:5\n"
    );
    assert_eq!(
        ok(&mut s, "ip -n nbt1 route"),
        "10.0.0.0/8 dev lo scope link \n"
    );
    let (_, e, r) = run(&mut s, "ip -n nbt1 -force -batch /tmp/b.txt");
    assert_eq!(r.status, 1);
    assert_eq!(
        e,
        "RTNETLINK answers: File exists\nCommand failed /tmp/b.txt:4\n\
         RTNETLINK answers: File exists\nCommand failed /tmp/b.txt:5\n\
         Device \"nosuch\" does not exist.\nCommand failed /tmp/b.txt:7\n"
    );
    assert_eq!(
        ok(&mut s, "ip -n nbt1 route"),
        "10.0.0.0/8 dev lo scope link \n11.0.0.0/8 dev lo scope link \n"
    );
    let (_, e, r) = run(&mut s, "ip -batch /nonexist");
    assert_eq!(r.status, 1);
    assert_eq!(
        e,
        "Cannot open file \"/nonexist\" for reading: No such file or directory\n"
    );
    // `-` reads stdin; show commands print as they would one by one.
    assert_eq!(
        ok(
            &mut s,
            "printf 'route show\\nroute get 11.1.1.1\\n' | ip -n nbt1 -batch -"
        ),
        "10.0.0.0/8 dev lo scope link \n11.0.0.0/8 dev lo scope link \n\
         11.1.1.1 dev lo src 127.0.0.1 uid 0 \n    cache \n"
    );
    let (_, e, r) = run(&mut s, "printf 'bogus\\n' | ip -n nbt1 -batch -");
    assert_eq!(
        (e.as_str(), r.status),
        (
            "Object \"bogus\" is unknown, try \"ip help\".\nCommand failed -:1\n",
            1
        )
    );
}

#[test]
fn a_table_loaded_by_batch_answers_route_get_by_longest_prefix() {
    // Enough routes that lookups go through the Fib; a default, nested
    // prefixes and a connected subnet that beats a static route of the same length.
    let mut s = Session::new();
    let mut batch =
        String::from("route add default via 192.168.1.1\nroute add 10.0.0.0/8 via 192.168.1.2\n");
    for i in 0..300 {
        batch.push_str(&format!(
            "route add 10.{}.{}.0/24 via 192.168.1.3 metric {}\n",
            i / 256,
            i % 256,
            i % 3
        ));
    }
    batch.push_str("route add 10.0.7.128/25 via 192.168.1.4\n");
    ok(
        &mut s,
        &format!("ip netns add r\nip -n r link add d0 type dummy\nip -n r link set d0 up\nip -n r addr add 192.168.1.10/24 dev d0\ncat > /tmp/routes <<'EOF'\n{batch}EOF\nip -n r -batch /tmp/routes"),
    );
    let get = |s: &mut Session, dst: &str| ok(s, &format!("ip -n r route get {dst} | head -1"));
    assert_eq!(
        get(&mut s, "10.0.7.200"),
        "10.0.7.200 via 192.168.1.4 dev d0 src 192.168.1.10 uid 0 \n"
    );
    assert_eq!(
        get(&mut s, "10.0.7.1"),
        "10.0.7.1 via 192.168.1.3 dev d0 src 192.168.1.10 uid 0 \n"
    );
    assert_eq!(
        get(&mut s, "10.200.0.1"),
        "10.200.0.1 via 192.168.1.2 dev d0 src 192.168.1.10 uid 0 \n"
    );
    assert_eq!(
        get(&mut s, "8.8.8.8"),
        "8.8.8.8 via 192.168.1.1 dev d0 src 192.168.1.10 uid 0 \n"
    );
    assert_eq!(
        get(&mut s, "192.168.1.77"),
        "192.168.1.77 dev d0 src 192.168.1.10 uid 0 \n"
    );
    assert_eq!(ok(&mut s, "ip -n r route | wc -l"), "304\n");
    // Deleting drops the index; the next lookup rebuilds it.
    ok(&mut s, "ip -n r route del 10.0.7.128/25");
    assert_eq!(
        get(&mut s, "10.0.7.200"),
        "10.0.7.200 via 192.168.1.3 dev d0 src 192.168.1.10 uid 0 \n"
    );
    ok(&mut s, "ip -n r route flush dev d0");
    assert_eq!(ok(&mut s, "ip -n r route"), "");
}

#[test]
fn connected_routes_can_be_deleted_until_the_link_or_address_returns() {
    // Checked against Linux 6.x in a throw-away namespace.
    let mut s = Session::new();
    ok(
        &mut s,
        "ip netns add r
ip -n r link add d0 type veth peer name d1
ip -n r link set d0 up
ip -n r link set d1 up
ip -n r addr add 192.168.1.10/24 dev d0",
    );
    let connected = "192.168.1.0/24 dev d0 proto kernel scope link src 192.168.1.10 \n";
    assert_eq!(ok(&mut s, "ip -n r route"), connected);
    ok(&mut s, "ip -n r route del 192.168.1.0/24 dev d0");
    assert_eq!(ok(&mut s, "ip -n r route"), "");
    let (_, e, r) = run(&mut s, "ip -n r route get 192.168.1.77");
    assert_eq!(
        (e.as_str(), r.status),
        ("RTNETLINK answers: Network is unreachable\n", 2)
    );
    // A secondary address in the same subnet does not bring it back.
    ok(&mut s, "ip -n r addr add 192.168.1.11/24 dev d0");
    assert_eq!(ok(&mut s, "ip -n r route"), "");
    let (_, e, _) = run(&mut s, "ip -n r route del 192.168.1.0/24 metric 5");
    assert_eq!(e, "RTNETLINK answers: No such process\n");
    ok(&mut s, "ip -n r link set d0 down\nip -n r link set d0 up");
    assert_eq!(ok(&mut s, "ip -n r route"), connected);
    ok(&mut s, "ip -n r route flush all");
    assert_eq!(ok(&mut s, "ip -n r route"), "");
}

#[test]
fn route_get_names_the_longest_matching_prefix_beside_the_text() {
    let mut lab = netbook::Lab::new();
    lab.run("ip netns add h\nip -n h link add d0 type veth peer name d1\nip -n h link set d0 up\nip -n h link set d1 up\nip -n h addr add 192.168.1.10/24 dev d0\nip -n h route add default via 192.168.1.1\nip -n h route add 10.0.0.0/8 via 192.168.1.254\nip -n h route add 10.20.0.0/16 via 192.168.1.20 metric 5")
        .expect_ok();
    let cell = lab.run("ip -n h route get 10.20.99.1").expect_ok();
    assert_eq!(
        cell.stdout(),
        "10.20.99.1 via 192.168.1.20 dev d0 src 192.168.1.10 uid 0 \n    cache \n"
    );
    let html = cell.bundles()[0].get("text/html").unwrap().to_string();
    assert!(
        html.contains("longest prefix that contains it is <b>10.20.0.0/16</b>, metric 5"),
        "{html}"
    );
    let html = lab.run("ip -n h route get 8.8.8.8").bundles()[0]
        .get("text/html")
        .unwrap()
        .to_string();
    assert!(html.contains("<b>default</b>"), "{html}");
    let html = lab.run("ip -n h route get 192.168.1.77").bundles()[0]
        .get("text/html")
        .unwrap()
        .to_string();
    assert!(html.contains("<b>192.168.1.0/24</b>"), "{html}");
}

const TWO_HOPS: &str = "ip netns add a
ip netns add r
ip link add v0 netns a type veth peer name v1 netns r
ip -n a addr add 10.1.0.2/24 dev v0
ip -n r addr add 10.1.0.1/24 dev v1
ip -n a link set v0 up
ip -n r link set v1 up
ip -n r link set lo up
ip -n a route add default via 10.1.0.1";

#[test]
fn loopback_addresses_never_cross_a_wire() {
    // Compared with the kernel in a throw-away netns: with `a`'s lo down,
    // 127.0.0.1 follows the default route and the router drops it as
    // martian (it used to answer it as its own).
    let mut s = Session::new();
    ok(&mut s, TWO_HOPS);
    let (o, _, _) = run(&mut s, "ip netns exec a ping -c 1 -W 1 127.0.0.1");
    assert!(o.contains("1 packets transmitted, 0 received"), "{o}");
    let t = ok(&mut s, "netbook trace -n a icmp 127.0.0.1");
    assert!(t.contains("martian: 127.0.0.1"), "{t}");
}

#[test]
fn an_address_stays_local_while_its_link_is_down_and_lo_carries_it() {
    let mut s = Session::new();
    ok(&mut s, TWO_HOPS);
    ok(&mut s, "ip -n a link set v0 down");
    // The local route outlives the link; the broadcast route does not.
    assert_eq!(
        ok(&mut s, "ip -n a route show table local"),
        "local 10.1.0.2 dev v0 proto kernel scope host src 10.1.0.2 \n"
    );
    assert_eq!(
        ok(&mut s, "ip -n a route get 10.1.0.2"),
        "local 10.1.0.2 dev lo src 10.1.0.2 uid 0 \n    cache <local> \n"
    );
    // Delivery goes through lo: lost while lo is down, answered once up.
    let (o, _, _) = run(&mut s, "ip netns exec a ping -c 1 -W 1 10.1.0.2");
    assert!(o.contains("1 packets transmitted, 0 received"), "{o}");
    ok(&mut s, "ip -n a link set lo up");
    let o = ok(&mut s, "ip netns exec a ping -c 1 -W 1 10.1.0.2");
    assert!(o.contains("1 packets transmitted, 1 received"), "{o}");
}
