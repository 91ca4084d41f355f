//! Chapter 6 of the study note (SSH tunnelling) as scenarios: the note's
//! local, remote and dynamic forwards through a bastion whose firewall
//! lets only SSH through. Each shows the request failing without the
//! tunnel and working through it, plus the ways it fails on Linux, with
//! OpenSSH's messages.

use netbook::shell::{ExecOutcome, Session};
use netbook::sim::socks::{decode_reply, encode_request, SocksTarget, SocksVersion};
use netbook::sim::transport::{ConnectOpts, Service, SockProto};

fn run(s: &mut Session, code: &str) -> (String, String, ExecOutcome) {
    let t = s.run_terminal(code);
    (t.stdout, t.stderr, t.outcome)
}

fn ok(s: &mut Session, code: &str) -> String {
    let (o, e, r) = run(s, code);
    assert!(
        r.error.is_none() && r.status == 0,
        "cell failed: {code}\nstdout: {o}\nstderr: {e}\n{r:?}"
    );
    o
}

/// client (1.2.3.5) -- bastion (1.2.3.4 | 192.168.2.1) -- web (192.168.2.2).
/// The bastion routes, but its FORWARD policy is DROP: only its own
/// services (SSH) are reachable from the client.
const LAB: &str = "\
ip netns add client
ip netns add bastion
ip netns add web
ip link add veth-c type veth peer name veth-bc
ip link set veth-c netns client
ip link set veth-bc netns bastion
ip link add veth-w type veth peer name veth-bw
ip link set veth-w netns web
ip link set veth-bw netns bastion
ip netns exec client ip addr add 1.2.3.5/24 dev veth-c
ip netns exec bastion ip addr add 1.2.3.4/24 dev veth-bc
ip netns exec bastion ip addr add 192.168.2.1/24 dev veth-bw
ip netns exec web ip addr add 192.168.2.2/24 dev veth-w
ip netns exec client ip link set lo up
ip netns exec bastion ip link set lo up
ip netns exec web ip link set lo up
ip netns exec client ip link set veth-c up
ip netns exec bastion ip link set veth-bc up
ip netns exec bastion ip link set veth-bw up
ip netns exec web ip link set veth-w up
ip netns exec client ip route add 192.168.2.0/24 via 1.2.3.4
ip netns exec web ip route add default via 192.168.2.1
ip netns exec bastion sysctl -w net.ipv4.ip_forward=1
ip netns exec bastion iptables -P FORWARD DROP
ip netns exec bastion iptables -A INPUT -p tcp --dport 22 -j ACCEPT
";

fn lab() -> Session {
    let mut s = Session::new();
    ok(&mut s, LAB);
    s
}

/// A web server (what `python3 -m http.server PORT --bind ADDR` starts).
fn web_server(s: &mut Session, ns: &str, addr: Option<&str>, port: u16) {
    let w = s.world_mut();
    let id = w.ns_id(Some(ns)).unwrap();
    let pid = w.spawn(id, &format!("python3 -m http.server {port}"));
    let addr = addr.map(|a| a.parse().unwrap());
    w.listen(
        pid,
        SockProto::Tcp,
        addr,
        port,
        Service::HttpServer {
            dir: "/root".into(),
        },
    )
    .unwrap();
}

/// An HTTP GET from `ns`: the status line, or the connect error.
fn get(s: &mut Session, ns: &str, ip: &str, port: u16) -> Result<String, String> {
    let w = s.world_mut();
    let id = w.ns_id(Some(ns)).unwrap();
    let c = w
        .connect(id, ip.parse().unwrap(), port, &ConnectOpts::default())
        .map_err(|e| e.strerror().to_string())?;
    let answer = w.exchange(&c, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    w.close(&c);
    let text = String::from_utf8_lossy(&answer).to_string();
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// The same through a SOCKS5 proxy (what `curl --socks5` does).
fn get_socks(s: &mut Session, ns: &str, proxy: u16, ip: &str, port: u16) -> Result<String, String> {
    let w = s.world_mut();
    let id = w.ns_id(Some(ns)).unwrap();
    let c = w
        .connect(
            id,
            "127.0.0.1".parse().unwrap(),
            proxy,
            &ConnectOpts::default(),
        )
        .map_err(|e| e.strerror().to_string())?;
    let req = encode_request(
        SocksVersion::V5,
        &SocksTarget::Ip(ip.parse().unwrap()),
        port,
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    let answer = w.exchange(&c, &req);
    w.close(&c);
    let body = decode_reply(SocksVersion::V5, &answer).ok_or("connection to proxy closed")?;
    Ok(String::from_utf8_lossy(&body)
        .lines()
        .next()
        .unwrap_or("")
        .to_string())
}

#[test]
fn sshd_not_running_is_connection_refused() {
    let mut s = lab();
    let (o, e, r) = run(
        &mut s,
        "ip netns exec client ssh -N -f -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(r.status, 255, "{o}{e}");
    assert!(
        e.starts_with("ssh: connect to host 1.2.3.4 port 22: Connection refused\n"),
        "{e}"
    );
    // Started the way people do, it listens on 22 on every address.
    assert_eq!(
        ok(&mut s, "ip netns exec bastion service ssh start"),
        "Starting OpenBSD Secure Shell server: sshd.\n"
    );
    assert_eq!(
        ok(&mut s, "ip netns exec bastion service ssh status"),
        "sshd is running.\n"
    );
    let (_, e, r) = run(&mut s, "ip netns exec bastion sshd -p 2222");
    assert_eq!(
        (r.status, e.lines().next()),
        (
            255,
            Some("sshd re-exec requires execution with an absolute path")
        )
    );
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd -p 2222");
    ok(
        &mut s,
        "ip netns exec client ssh -p 2222 username@1.2.3.4 true",
    );
}

#[test]
fn firewall_blocks_the_web_server_but_ssh_reaches_it() {
    let mut s = lab();
    web_server(&mut s, "web", None, 8080);
    // Without the tunnel: the bastion drops forwarded traffic.
    assert_eq!(
        get(&mut s, "client", "192.168.2.2", 8080),
        Err("Connection timed out".into())
    );
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // The note's second picture: local forward via the bastion.
    let (o, e, r) = run(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:192.168.2.2:8080 username@1.2.3.4",
    );
    assert_eq!((r.status, o.as_str(), e.as_str()), (0, "", ""));
    assert_eq!(
        get(&mut s, "client", "127.0.0.1", 8888),
        Ok("HTTP/1.0 200 OK".into())
    );
    // The relay went client -> ssh channel 2 -> sshd in bastion -> web.
    let relay = s.world().ssh.relays.last().unwrap().clone();
    assert_eq!(relay.channel, 2);
    assert_eq!(relay.target, ("192.168.2.2".to_string(), 8080));
    let hops = netbook::display::tunnel::relay_hops(s.world(), &relay);
    assert!(
        hops[1].contains("ssh channel 2 inside the ssh connection 1.2.3.5:"),
        "{hops:?}"
    );
    assert!(
        hops[2].starts_with("3. sshd in bastion connects 192.168.2.1:"),
        "{hops:?}"
    );
    // The listener is the client's loopback only.
    assert_eq!(
        get(&mut s, "client", "1.2.3.5", 8888),
        Err("Connection refused".into())
    );
    // Killing ssh removes its listener and the sshd child.
    let pid = s.world().ssh.sessions[0].client_pid;
    s.world_mut().kill(pid);
    assert!(s.world().ssh.sessions.is_empty());
    assert_eq!(
        get(&mut s, "client", "127.0.0.1", 8888),
        Err("Connection refused".into())
    );
}

#[test]
fn local_forward_to_the_servers_own_loopback() {
    // The note's first picture: the web server listens on 127.0.0.1 of
    // the SSH server, unreachable from outside even without a firewall.
    let mut s = lab();
    web_server(&mut s, "bastion", Some("127.0.0.1"), 8080);
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    assert_eq!(
        get(&mut s, "client", "1.2.3.4", 8080),
        Err("Connection refused".into())
    );
    ok(
        &mut s,
        "ip netns exec client ssh -N -L 8888:127.0.0.1:8080 username@1.2.3.4 &",
    );
    assert_eq!(
        get(&mut s, "client", "127.0.0.1", 8888),
        Ok("HTTP/1.0 200 OK".into())
    );
}

#[test]
fn local_forward_failures_match_openssh() {
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // Nothing listens on the target: sshd's connect is refused.
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(get(&mut s, "client", "127.0.0.1", 8888), Ok(String::new()));
    let (_, e, _) = run(&mut s, "true");
    assert_eq!(
        e,
        "channel 2: open failed: connect failed: Connection refused\n"
    );
    // The port is taken: a second tunnel cannot bind it.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(r.status, 0);
    assert_eq!(
        e,
        "bind [127.0.0.1]:8888: Address already in use\n\
         channel_setup_fwd_listener_tcpip: cannot listen to port: 8888\n\
         Could not request local forwarding.\n"
    );
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -o ExitOnForwardFailure=yes -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(r.status, 255, "{e}");
    // The note's `-L 1.2.3.4:8888:...` binds on the *client*, which lacks 1.2.3.4.
    let (_, e, _) = run(
        &mut s,
        "ip netns exec client ssh -f -N -L 1.2.3.4:8889:192.168.2.2:8080 username@1.2.3.4",
    );
    assert!(
        e.starts_with("bind [1.2.3.4]:8889: Cannot assign requested address\n"),
        "{e}"
    );
    // Target unreachable from the server: no route to host after ARP fails.
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8890:192.168.2.9:8080 username@1.2.3.4",
    );
    assert_eq!(get(&mut s, "client", "127.0.0.1", 8890), Ok(String::new()));
    let (_, e, _) = run(&mut s, "true");
    assert!(e.starts_with("channel "), "{e}");
    assert!(
        e.ends_with(": open failed: connect failed: No route to host\n"),
        "{e}"
    );
    // Bad specifications are refused before connecting.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -L 8888:127.0.0.1 username@1.2.3.4",
    );
    assert_eq!(r.status, 255);
    assert!(
        e.starts_with("Bad local forwarding specification '8888:127.0.0.1'\n"),
        "{e}"
    );
}

#[test]
fn remote_forward_publishes_the_inside_server_on_the_gateway() {
    // The note's remote picture: a host inside (web's neighbour) opens
    // -R on the gateway so the gateway's port 8585 reaches 192.168.2.2:8080.
    let mut s = lab();
    web_server(&mut s, "web", None, 8080);
    // The inside client is the web host itself; the gateway is the bastion.
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    ok(
        &mut s,
        "ip netns exec web ssh -f -N -R 1.2.3.4:8585:192.168.2.2:8080 username@192.168.2.1",
    );
    // GatewayPorts no: sshd bound loopback only, despite 1.2.3.4.
    assert_eq!(
        get(&mut s, "client", "1.2.3.4", 8585),
        Err("Connection refused".into())
    );
    assert_eq!(
        get(&mut s, "bastion", "127.0.0.1", 8585),
        Ok("HTTP/1.0 200 OK".into())
    );
    let pid = s.world().ssh.sessions[0].client_pid;
    s.world_mut().kill(pid);
    // With GatewayPorts clientspecified the client's address is used.
    ok(&mut s, "ip netns exec bastion service ssh stop");
    ok(
        &mut s,
        "ip netns exec bastion /usr/sbin/sshd -o GatewayPorts=clientspecified",
    );
    ok(
        &mut s,
        "ip netns exec web ssh -f -N -R 1.2.3.4:8585:192.168.2.2:8080 username@192.168.2.1",
    );
    assert_eq!(
        get(&mut s, "client", "1.2.3.4", 8585),
        Ok("HTTP/1.0 200 OK".into())
    );
    // The port is taken now: a second request fails with ssh's warning.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec web ssh -f -N -R 1.2.3.4:8585:192.168.2.2:8080 username@192.168.2.1",
    );
    assert_eq!(
        (r.status, e.as_str()),
        (
            0,
            "Warning: remote port forwarding failed for listen port 8585\n"
        )
    );
}

#[test]
fn dynamic_forward_reaches_anything_the_server_reaches() {
    let mut s = lab();
    web_server(&mut s, "web", None, 8080);
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    assert_eq!(
        get(&mut s, "client", "192.168.2.2", 8080),
        Err("Connection timed out".into())
    );
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -D 9090 sshd_admin@1.2.3.4",
    );
    assert_eq!(
        get_socks(&mut s, "client", 9090, "192.168.2.2", 8080),
        Ok("HTTP/1.0 200 OK".into())
    );
    // A closed port behind the proxy: ssh logs the failed channel.
    assert_eq!(
        get_socks(&mut s, "client", 9090, "192.168.2.2", 8081),
        Err("connection to proxy closed".into())
    );
    let (_, e, _) = run(&mut s, "true");
    assert_eq!(
        e,
        "channel 2: open failed: connect failed: Connection refused\n"
    );
}

#[test]
fn remote_command_runs_on_the_server() {
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion service ssh start");
    assert_eq!(
        ok(&mut s, "ip netns exec client ssh root@1.2.3.4 hostname -I"),
        "1.2.3.4 192.168.2.1 \n"
    );
    // The session ended with the command: nothing is left behind.
    assert!(s.world().ssh.sessions.is_empty());
    // No command and no terminal: the session ends at once.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -L 8888:192.168.2.2:8080 root@1.2.3.4",
    );
    assert_eq!(r.status, 0);
    assert!(
        e.starts_with("Pseudo-terminal will not be allocated because stdin is not a terminal.\n"),
        "{e}"
    );
    assert!(s.world().ssh.sessions.is_empty());
}

#[test]
fn a_firewall_that_allows_only_ssh() {
    // The classic lesson: the bastion's INPUT chain drops everything but 22.
    let mut s = lab();
    web_server(&mut s, "bastion", None, 8080);
    ok(
        &mut s,
        "ip netns exec bastion iptables -P INPUT DROP\nip netns exec bastion /usr/sbin/sshd",
    );
    assert_eq!(
        get(&mut s, "client", "1.2.3.4", 8080),
        Err("Connection timed out".into())
    );
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    // Policy DROP on INPUT also drops the bastion's own loopback traffic:
    // sshd's connection to 127.0.0.1:8080 never completes.
    assert_eq!(get(&mut s, "client", "127.0.0.1", 8888), Ok(String::new()));
    let (_, e, _) = run(&mut s, "true");
    assert_eq!(
        e,
        "channel 2: open failed: connect failed: Connection timed out\n"
    );
    ok(
        &mut s,
        "ip netns exec bastion iptables -I INPUT -i lo -j ACCEPT",
    );
    assert_eq!(
        get(&mut s, "client", "127.0.0.1", 8888),
        Ok("HTTP/1.0 200 OK".into())
    );
    // Closing 22 as well: ssh itself times out.
    ok(
        &mut s,
        "ip netns exec bastion iptables -D INPUT -p tcp --dport 22 -j ACCEPT",
    );
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -f -N -L 8889:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(r.status, 255);
    assert!(
        e.starts_with("ssh: connect to host 1.2.3.4 port 22: Connection timed out\n"),
        "{e}"
    );
}

#[test]
fn gateway_ports_yes_in_sshd_config_binds_the_wildcard() {
    let mut s = lab();
    web_server(&mut s, "web", None, 8080);
    ok(&mut s, "echo 'GatewayPorts yes' >> /etc/ssh/sshd_config");
    ok(&mut s, "ip netns exec bastion service ssh start");
    ok(
        &mut s,
        "ip netns exec web ssh -f -N -R 8585:192.168.2.2:8080 username@192.168.2.1",
    );
    let f = &s.world().ssh.sessions[0].forwards[0];
    assert_eq!((f.binds.clone(), f.port), (vec![None], 8585));
    assert_eq!(
        get(&mut s, "client", "1.2.3.4", 8585),
        Ok("HTTP/1.0 200 OK".into())
    );
    // A typo in the file stops sshd with its own message.
    ok(&mut s, "echo 'GatewayPort yes' >> /etc/ssh/sshd_config");
    let (_, e, r) = run(&mut s, "ip netns exec bastion /usr/sbin/sshd -t");
    assert_eq!(r.status, 255);
    assert_eq!(
        e,
        "/etc/ssh/sshd_config: line 124: Bad configuration option: GatewayPort\n\
         /etc/ssh/sshd_config: terminating, 1 bad configuration options\n"
    );
}

#[test]
fn the_tunnel_is_drawn_with_its_listener_and_encrypted_hop() {
    use netbook::shell::Emit;
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    let mut out = Vec::new();
    s.execute(
        "ip netns exec client ssh -f -N -L 8888:192.168.2.2:8080 username@1.2.3.4",
        &mut out,
    );
    let b = out
        .iter()
        .find_map(|e| match e {
            Emit::Result(b) => Some(b.clone()),
            _ => None,
        })
        .expect("a rich result");
    assert_eq!(b.text(), "");
    let svg = b.get("image/svg+xml").unwrap();
    assert!(
        svg.contains("SSH client (client)") && svg.contains("ssh listener 127.0.0.1:8888"),
        "{svg}"
    );
    assert!(
        svg.contains("SSH server (bastion)") && svg.contains("192.168.2.2:8080"),
        "{svg}"
    );
    assert!(
        svg.contains("encrypted (ssh)") && svg.contains("clear text"),
        "{svg}"
    );
    let html = b.get("text/html").unwrap();
    assert!(
        html.contains("<td>-L 8888:192.168.2.2:8080</td><td>client</td><td>127.0.0.1:8888</td>"),
        "{html}"
    );
    let m = b.get("text/vnd.mermaid").unwrap();
    assert!(
        m.starts_with("flowchart LR\n") && m.contains("==>|ssh, encrypted|"),
        "{m}"
    );
}

#[test]
fn zz_show() {
    let mut s = lab();
    for cell in [
        "ip netns exec web python3 -m http.server 8080 &",
        "ip netns exec bastion service ssh start",
        "ip netns exec client curl --connect-timeout 2 http://192.168.2.2:8080/",
        "ip netns exec client ssh -N -L 8888:192.168.2.2:8080 username@1.2.3.4 &",
        "ip netns exec client curl -s http://127.0.0.1:8888/ | head -3",
        "ip netns exec client ss -tlnp",
        "ip netns exec client ss -tnp",
        "ip netns exec bastion ss -tnp",
        "ip netns exec client netstat -nat",
        "jobs",
        "ip netns exec client ssh -f -N -D 9090 username@1.2.3.4",
        "ip netns exec client curl -v --socks5 127.0.0.1:9090 http://192.168.2.2:8080/ | head -2",
        "ip netns exec client curl -x socks5h://127.0.0.1:9090 http://192.168.2.2:8081/",
        "ip netns exec client curl http://127.0.0.1:8889/",
        "kill %2",
        "jobs",
        "ip netns exec client ss -tlnp",
        "ip netns exec client ssh -N -L 8889:192.168.2.2:9999 username@1.2.3.4 &",
        "ip netns exec client curl http://127.0.0.1:8889/",
        "ps aux",
    ] {
        let t = s.run_terminal(cell);
        println!("$ {cell}\n{}{}[status {}]", t.stdout, t.stderr, t.outcome.status);
    }
    panic!();
}
