//! Chapter 6 of the study note (SSH tunnelling) as scenarios: the note's
//! local, remote and dynamic forwards through a bastion whose firewall
//! lets only SSH through. Each shows the request failing without the
//! tunnel and working through it, plus the ways it fails on Linux, with
//! OpenSSH's messages.

mod common;
use common::{ok, run};
use netbook::shell::Session;

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
    // These tests read the English labels of the rich layer.
    let mut s = Session::with_lang(netbook::display::i18n::Lang::En);
    ok(&mut s, LAB);
    s
}

/// `curl -s URL` from `ns`: Ok(first line of the page) or Err(curl's
/// status and stderr).
fn curl(s: &mut Session, ns: &str, args: &str) -> Result<String, (i32, String)> {
    let prefix = if ns.is_empty() {
        String::new()
    } else {
        format!("ip netns exec {ns} ")
    };
    let (o, e, r) = run(s, &format!("{prefix}curl -sS {args}"));
    if r.status == 0 {
        Ok(o.lines().next().unwrap_or("").to_string())
    } else {
        Err((r.status, e))
    }
}

const PAGE: &str = "<!DOCTYPE HTML>";

/// A socket table with runs of spaces squeezed (column widths follow the
/// content, as iproute2 aligns them).
fn squeezed(table: &str) -> String {
    table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn refused(url_host: &str, port: u16) -> (i32, String) {
    (
        7,
        format!("curl: (7) Failed to connect to {url_host} port {port} after 0 ms: Couldn't connect to server\n"),
    )
}

fn timed_out(url_host: &str, port: u16) -> (i32, String) {
    (
        28,
        format!("curl: (28) Failed to connect to {url_host} port {port} after 2001 ms: Timeout was reached\n"),
    )
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
        e.starts_with("ssh: connect to host 1.2.3.4 port 22: Connection refused\r\n"),
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
    let l = ok(&mut s, "ip netns exec bastion ss -tlnp");
    assert!(
        l.contains("0.0.0.0:22 ") && l.contains("users:((\"sshd\","),
        "{l}"
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
    // Something else on the port: the handshake fails as OpenSSH reports it.
    ok(
        &mut s,
        "ip netns exec bastion python3 -m http.server 8080 &",
    );
    let (_, e, r) = run(&mut s, "ip netns exec client ssh -p 8080 username@1.2.3.4");
    assert_eq!(r.status, 255);
    assert_eq!(
        e,
        "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 1.2.3.4 port 8080\r\n"
    );
}

#[test]
fn local_forward_via_the_bastion() {
    // The note's second picture: -L through the bastion to 192.168.2.2:8080.
    let mut s = lab();
    ok(&mut s, "ip netns exec web python3 -m http.server 8080 &");
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // Without the tunnel: the bastion drops forwarded traffic.
    assert_eq!(
        curl(
            &mut s,
            "client",
            "--connect-timeout 2 http://192.168.2.2:8080/"
        ),
        Err(timed_out("192.168.2.2", 8080))
    );
    let (o, e, r) = run(
        &mut s,
        "ip netns exec client ssh -N -L 8888:192.168.2.2:8080 username@1.2.3.4 &",
    );
    assert_eq!((r.status, o.as_str(), e.as_str()), (0, "", "[2] 4244\n"));
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    // curl offers the hop-by-hop view of the tunnel.
    let mut out = Vec::new();
    s.execute(
        "ip netns exec client curl -s http://127.0.0.1:8888/",
        &mut out,
    );
    let html = out
        .iter()
        .find_map(|e| match e {
            // A Display when the server's access log follows on stderr.
            netbook::shell::Emit::Result(b) | netbook::shell::Emit::Display(b) => {
                b.get("text/html").map(str::to_string)
            }
            _ => None,
        })
        .expect("a rich view");
    assert!(
        html.contains("<li>ssh channel 2 inside the ssh connection 1.2.3.5:"),
        "{html}"
    );
    assert!(
        html.contains("<li>sshd in bastion connects 192.168.2.1:"),
        "{html}"
    );
    assert!(
        html.contains("-&gt; 192.168.2.2:8080 (clear text)</li>"),
        "{html}"
    );
    // The listener is on the client's loopback only; ssh owns it.
    let l = ok(&mut s, "ip netns exec client ss -tlnp");
    assert!(
        squeezed(&l).contains("127.0.0.1:8888 0.0.0.0:* users:((\"ssh\",pid=4244,"),
        "{l}"
    );
    assert!(ok(&mut s, "ip netns exec client netstat -nat")
        .contains("tcp        0      0 127.0.0.1:8888          0.0.0.0:*               LISTEN"));
    // The encrypted connection is what crosses the network.
    let est = ok(&mut s, "ip netns exec bastion ss -tnp");
    assert!(squeezed(&est).contains("1.2.3.4:22 1.2.3.5:"), "{est}");
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.5:8888/"),
        Err(refused("1.2.3.5", 8888))
    );
    // Killing the job closes the tunnel: listener and sshd child go.
    let k = run(&mut s, "kill %2");
    assert!(
        k.0.contains("Terminated") || k.1.contains("Terminated"),
        "{k:?}"
    );
    assert!(s.world().ssh.sessions.is_empty());
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Err(refused("127.0.0.1", 8888))
    );
    assert!(!ok(&mut s, "ip netns exec bastion ss -tnp").contains(":22 "));
}

#[test]
fn local_forward_to_the_servers_own_loopback() {
    // The note's first picture: the web server listens on 127.0.0.1 of
    // the SSH server, unreachable from outside even without a firewall.
    let mut s = lab();
    ok(
        &mut s,
        "ip netns exec bastion python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.4:8080/"),
        Err(refused("1.2.3.4", 8080))
    );
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
}

#[test]
fn local_forward_failures_match_openssh() {
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // Nothing listens on the target: sshd's connect is refused, ssh resets.
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Err((
            56,
            "channel 2: open failed: connect failed: Connection refused\r\n\
             curl: (56) Recv failure: Connection reset by peer\n"
                .into()
        ))
    );
    // The port is taken: a second tunnel cannot bind it.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(r.status, 0);
    assert_eq!(
        e,
        "bind [127.0.0.1]:8888: Address already in use\r\n\
         channel_setup_fwd_listener_tcpip: cannot listen to port: 8888\r\n\
         Could not request local forwarding.\r\n"
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
    assert_eq!(
        e,
        "bind [1.2.3.4]:8889: Cannot assign requested address\r\n\
         channel_setup_fwd_listener_tcpip: cannot listen to port: 8889\r\n\
         Could not request local forwarding.\r\n"
    );
    // Target unreachable from the server: no route to host after ARP fails.
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8890:192.168.2.9:8080 username@1.2.3.4",
    );
    let (_, e) = curl(&mut s, "client", "http://127.0.0.1:8890/").unwrap_err();
    assert_eq!(
        e,
        "channel 2: open failed: connect failed: No route to host\r\n\
         curl: (56) Recv failure: Connection reset by peer\n"
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
    // The note's remote picture: a host inside opens -R on the gateway so
    // the gateway's port 8585 reaches 192.168.2.2:8080. Here the inside
    // host is the web server itself and the gateway is the bastion.
    let mut s = lab();
    ok(&mut s, "ip netns exec web python3 -m http.server 8080 &");
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // GatewayPorts no: sshd binds loopback only, despite 1.2.3.4, silently
    // as OpenSSH does (the cell adds a hint saying why).
    let mut shown: Vec<netbook::shell::Emit> = Vec::new();
    let r = s.execute(
        "ip netns exec web ssh -N -R 1.2.3.4:8585:192.168.2.2:8080 username@192.168.2.1 &\n\
         ip netns exec web ssh -f -N -R 1.2.3.4:8587:192.168.2.2:8080 username@192.168.2.1",
        &mut shown,
    );
    assert_eq!(r.status, 0);
    // The hint is a display beside the output, not a line of ssh's stderr.
    let hint: String = shown
        .iter()
        .filter_map(|e| match e {
            netbook::shell::Emit::Display(b) => b.get("text/html").map(str::to_string),
            netbook::shell::Emit::Stderr(t) => {
                assert!(!t.contains("GatewayPorts"), "{t}");
                None
            }
            _ => None,
        })
        .collect();
    assert!(
        hint.contains(
            "sshd bound 127.0.0.1:8587 instead of 1.2.3.4: its GatewayPorts is <code>no</code>"
        ),
        "{hint}"
    );
    let l = ok(&mut s, "ip netns exec bastion ss -tlnp");
    assert!(
        squeezed(&l).contains("127.0.0.1:8585 0.0.0.0:* users:((\"sshd\","),
        "{l}"
    );
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.4:8585/"),
        Err(refused("1.2.3.4", 8585))
    );
    assert_eq!(
        curl(&mut s, "bastion", "http://127.0.0.1:8585/"),
        Ok(PAGE.into())
    );
    ok(&mut s, "kill %2");
    assert!(!ok(&mut s, "ip netns exec bastion ss -tlnp").contains(":8585"));
    // With GatewayPorts clientspecified the client's address is used.
    ok(&mut s, "ip netns exec bastion service ssh stop");
    ok(
        &mut s,
        "ip netns exec bastion /usr/sbin/sshd -o GatewayPorts=clientspecified",
    );
    ok(
        &mut s,
        "ip netns exec web ssh -N -R 1.2.3.4:8585:192.168.2.2:8080 username@192.168.2.1 &",
    );
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.4:8585/"),
        Ok(PAGE.into())
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
            "Warning: remote port forwarding failed for listen port 8585\r\n"
        )
    );
    // A target nobody serves: the client logs it, curl gets an empty reply.
    ok(
        &mut s,
        "ip netns exec web ssh -f -N -R 1.2.3.4:8586:192.168.2.2:9999 username@192.168.2.1",
    );
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.4:8586/"),
        Err((
            52,
            "connect_to 192.168.2.2 port 9999: failed.\r\ncurl: (52) Empty reply from server\n"
                .into()
        ))
    );
}

#[test]
fn dynamic_forward_reaches_anything_the_server_reaches() {
    let mut s = lab();
    ok(&mut s, "ip netns exec web python3 -m http.server 8080 &");
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    assert_eq!(
        curl(
            &mut s,
            "client",
            "--connect-timeout 2 http://192.168.2.2:8080/"
        ),
        Err(timed_out("192.168.2.2", 8080))
    );
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -D 9090 sshd_admin@1.2.3.4",
    );
    assert_eq!(
        curl(
            &mut s,
            "client",
            "--socks5 127.0.0.1:9090 http://192.168.2.2:8080/"
        ),
        Ok(PAGE.into())
    );
    assert_eq!(
        curl(
            &mut s,
            "client",
            "-x socks5h://127.0.0.1:9090 http://192.168.2.2:8080/"
        ),
        Ok(PAGE.into())
    );
    // A closed port behind the proxy: ssh logs the failed channel.
    assert_eq!(
        curl(
            &mut s,
            "client",
            "--socks5 127.0.0.1:9090 http://192.168.2.2:8081/"
        ),
        Err((
            97,
            "channel 2: open failed: connect failed: Connection refused\r\n\
             curl: (97) connection to proxy closed\n"
                .into()
        ))
    );
    // No proxy on that port.
    assert_eq!(
        curl(
            &mut s,
            "client",
            "--socks5 127.0.0.1:9091 http://192.168.2.2:8080/"
        ),
        Err(refused("127.0.0.1", 9091))
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
    // The login shell parses the command: lists, pipes, redirections.
    assert_eq!(
        ok(
            &mut s,
            "ip netns exec client ssh root@1.2.3.4 'hostname -I | wc -w; false || echo no' "
        ),
        "2\nno\n"
    );
    let (o, _, r) = run(
        &mut s,
        "ip netns exec client ssh root@1.2.3.4 cat /nope '&&' echo never",
    );
    assert_eq!((o.as_str(), r.status), ("", 1));
    // It is bash, the same evaluator as a cell's: loops, arithmetic,
    // substitutions, functions; the cell's variables do not reach it and
    // its own do not come back.
    ok(&mut s, "X=cell");
    assert_eq!(
        ok(
            &mut s,
            "ip netns exec client ssh root@1.2.3.4 'for i in 1 2; do echo $i; done; echo $((6*7)) [$X]; X=far; n=$(hostname -I | wc -w); f() { echo \"f:$1\"; }; f $n'"
        ),
        "1\n2\n42 []\nf:2\n"
    );
    assert_eq!(ok(&mut s, "echo $X"), "cell\n");
    // An unknown remote command is the remote shell's 127, not a cell error.
    let (o, e, r) = run(
        &mut s,
        "ip netns exec client ssh root@1.2.3.4 'nosuch; echo $?'",
    );
    assert_eq!((o.as_str(), r.status, r.error), ("127\n", 0, None), "{e}");
    assert!(e.contains("nosuch: command not found"), "{e}");
    // A script on stdin.
    let (o, e, r) = run(
        &mut s,
        "ip netns exec client ssh root@1.2.3.4 <<'EOF'\nhostname -I\nip route | head -1\nEOF",
    );
    assert_eq!(r.status, 0, "{e}");
    assert_eq!(
        o,
        "1.2.3.4 192.168.2.1 \n1.2.3.0/24 dev veth-bc proto kernel scope link src 1.2.3.4 \n"
    );
    assert_eq!(
        e,
        "Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n"
    );
    // No command and no terminal: the session ends at once.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -L 8888:192.168.2.2:8080 root@1.2.3.4",
    );
    assert_eq!(r.status, 0);
    assert!(
        e.starts_with("Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n"),
        "{e}"
    );
    assert!(s.world().ssh.sessions.is_empty());
}

#[test]
fn a_firewall_that_allows_only_ssh() {
    // The classic lesson: the bastion's INPUT chain drops everything but 22.
    let mut s = lab();
    ok(
        &mut s,
        "ip netns exec bastion python3 -m http.server 8080 &",
    );
    ok(
        &mut s,
        "ip netns exec bastion iptables -P INPUT DROP\nip netns exec bastion /usr/sbin/sshd",
    );
    assert_eq!(
        curl(&mut s, "client", "--connect-timeout 2 http://1.2.3.4:8080/"),
        Err(timed_out("1.2.3.4", 8080))
    );
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    // Policy DROP on INPUT also drops the bastion's own loopback traffic:
    // sshd's connection to 127.0.0.1:8080 never completes.
    let (_, e) = curl(&mut s, "client", "http://127.0.0.1:8888/").unwrap_err();
    assert!(
        e.starts_with("channel 2: open failed: connect failed: Connection timed out\r\n"),
        "{e}"
    );
    ok(
        &mut s,
        "ip netns exec bastion iptables -I INPUT -i lo -j ACCEPT",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
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
        e.starts_with("ssh: connect to host 1.2.3.4 port 22: Connection timed out\r\n"),
        "{e}"
    );
}

#[test]
fn gateway_ports_yes_in_sshd_config_binds_the_wildcard() {
    let mut s = lab();
    ok(&mut s, "ip netns exec web python3 -m http.server 8080 &");
    ok(&mut s, "echo 'GatewayPorts yes' >> /etc/ssh/sshd_config");
    ok(&mut s, "ip netns exec bastion service ssh start");
    ok(
        &mut s,
        "ip netns exec web ssh -f -N -R 8585:192.168.2.2:8080 username@192.168.2.1",
    );
    let l = ok(&mut s, "ip netns exec bastion ss -tlnp");
    assert!(l.contains("0.0.0.0:8585 "), "{l}");
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.4:8585/"),
        Ok(PAGE.into())
    );
    // -g does the same for a local forward on the client side.
    ok(
        &mut s,
        "ip netns exec client ssh -g -f -N -L 8888:192.168.2.2:8080 username@1.2.3.4",
    );
    assert_eq!(
        curl(&mut s, "client", "http://1.2.3.5:8888/"),
        Ok(PAGE.into())
    );
    // A typo in the file stops sshd with its own message.
    ok(&mut s, "echo 'GatewayPort yes' >> /etc/ssh/sshd_config");
    let (_, e, r) = run(&mut s, "ip netns exec bastion /usr/sbin/sshd -t");
    assert_eq!(r.status, 255);
    assert_eq!(
        e,
        "/etc/ssh/sshd_config: line 124: Bad configuration option: GatewayPort\r\n\
         /etc/ssh/sshd_config: terminating, 1 bad configuration options\r\n"
    );
    let (o, e, r) = run(&mut s, "ip netns exec bastion service ssh restart");
    assert_eq!((o.as_str(), r.status), ("", 1));
    assert!(
        e.starts_with("/etc/ssh/sshd_config: line 124: Bad configuration option: GatewayPort\r\n"),
        "{e}"
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
fn sessions_outlive_the_master_but_not_their_namespaces() {
    let mut s = lab();
    ok(
        &mut s,
        "ip netns exec bastion python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    ok(&mut s, "ip netns exec bastion service ssh start");
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    // Stopping sshd stops new logins; the running session keeps working.
    ok(&mut s, "ip netns exec bastion service ssh stop");
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    let (_, e, r) = run(&mut s, "ip netns exec client ssh username@1.2.3.4 true");
    assert_eq!(r.status, 255);
    assert_eq!(
        e.lines().next(),
        Some("ssh: connect to host 1.2.3.4 port 22: Connection refused")
    );
    // Deleting the client's namespace ends its ssh and the server's child.
    ok(&mut s, "ip netns del client");
    assert!(s.world().ssh.sessions.is_empty());
    assert!(!ok(&mut s, "ip netns exec bastion ss -tnp").contains(":22 "));
    let ps = ok(&mut s, "ps aux");
    assert!(!ps.contains("sshd: username@notty"), "{ps}");
}

#[test]
fn the_hosts_own_sshd_accepts_logins() {
    // A Debian host runs sshd from boot: no cell started it.
    let mut s = Session::new();
    assert_eq!(ok(&mut s, "service ssh status"), "sshd is running.\n");
    assert_eq!(ok(&mut s, "ssh root@127.0.0.1 hostname"), "host\n");
    ok(&mut s, "python3 -m http.server 8000 --bind 127.0.0.1 &");
    ok(&mut s, "ssh -f -N -L 8888:127.0.0.1:8000 root@localhost");
    assert_eq!(
        ok(&mut s, "curl -s http://127.0.0.1:8888/").lines().next(),
        Some(PAGE)
    );
    ok(&mut s, "service ssh stop");
    let (o, _, r) = run(&mut s, "service ssh status");
    assert_eq!(
        (o.as_str(), r.status),
        ("sshd is not running ... failed!\n", 3)
    );
    let (_, e, _) = run(&mut s, "ssh root@127.0.0.1 true");
    assert_eq!(
        e.lines().next(),
        Some("ssh: connect to host 127.0.0.1 port 22: Connection refused")
    );
}

#[test]
fn ssh_crosses_dnat_and_the_forward_chain() {
    // The bastion publishes the web host's sshd as 1.2.3.4:2222 (DNAT);
    // FORWARD lets only that and its replies through.
    let mut s = lab();
    ok(
        &mut s,
        "ip netns exec bastion iptables -t nat -A PREROUTING -p tcp --dport 2222 -j DNAT --to-destination 192.168.2.2:22
ip netns exec bastion iptables -A FORWARD -p tcp -d 192.168.2.2 --dport 22 -j ACCEPT
ip netns exec bastion iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec web python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    let (_, e, r) = run(&mut s, "ip netns exec client ssh -p 2222 root@1.2.3.4 true");
    assert_eq!(
        (r.status, e.lines().next()),
        (
            255,
            Some("ssh: connect to host 1.2.3.4 port 2222: Connection refused")
        )
    );
    ok(&mut s, "ip netns exec web /usr/sbin/sshd");
    assert_eq!(
        ok(
            &mut s,
            "ip netns exec client ssh -p 2222 root@1.2.3.4 hostname -I"
        ),
        "192.168.2.2 \n"
    );
    ok(
        &mut s,
        "ip netns exec client ssh -p 2222 -f -N -L 8888:127.0.0.1:8080 root@1.2.3.4",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    // sshd sees the client's real address (DNAT rewrites only the destination).
    let est = ok(&mut s, "ip netns exec web ss -tn");
    assert!(squeezed(&est).contains("192.168.2.2:22 1.2.3.5:"), "{est}");
    // A remote SOCKS proxy (-R port alone) lets the web host reach the client side.
    ok(&mut s, "ip netns exec client python3 -m http.server 8000 &");
    ok(
        &mut s,
        "ip netns exec client ssh -p 2222 -f -N -R 1080 root@1.2.3.4",
    );
    assert_eq!(
        curl(
            &mut s,
            "web",
            "--socks5 127.0.0.1:1080 http://127.0.0.1:8000/"
        ),
        Ok(PAGE.into())
    );
}

#[test]
fn a_forward_pointing_at_itself_runs_out_of_descriptors() {
    let mut s = Session::new();
    ok(&mut s, "ssh -f -N -L 8888:127.0.0.1:8888 root@127.0.0.1");
    let (_, e) = curl(&mut s, "", "http://127.0.0.1:8888/").unwrap_err();
    assert!(e.starts_with("accept: Too many open files\r\n"), "{e}");
}

#[test]
fn ssh_rides_a_local_forward_to_an_inside_sshd() {
    // The bastion hop: -L 2222:192.168.2.2:22, then ssh -p 2222 localhost
    // reaches the inside host's sshd through the tunnel.
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    ok(
        &mut s,
        "ip netns exec client ssh -N -L 2222:192.168.2.2:22 username@1.2.3.4 &",
    );
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -p 2222 root@localhost true",
    );
    assert_eq!(r.status, 255);
    assert_eq!(
        e,
        "channel 2: open failed: connect failed: Connection refused\r\n\
         kex_exchange_identification: Connection closed by remote host\r\n\
         Connection closed by 127.0.0.1 port 2222\r\n"
    );
    ok(&mut s, "ip netns exec web /usr/sbin/sshd");
    assert_eq!(
        ok(
            &mut s,
            "ip netns exec client ssh -p 2222 root@localhost hostname -I"
        ),
        "192.168.2.2 \n"
    );
    // A second-level tunnel: web's own loopback service, via the bastion.
    ok(
        &mut s,
        "ip netns exec web python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    ok(
        &mut s,
        "ip netns exec client ssh -p 2222 -f -N -L 8888:127.0.0.1:8080 root@localhost",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    let inner = s.world().ssh.sessions.last().unwrap().clone();
    assert!(inner.carried_by.is_some());
    // Ending the outer tunnel ends the inner session too.
    let (_, e, _) = run(&mut s, "kill %1");
    assert!(
        e.contains("Connection to localhost closed by remote host.\r\n"),
        "{e}"
    );
    assert!(s.world().ssh.sessions.is_empty());
}

#[test]
fn proxy_jump_through_the_bastion() {
    let mut s = lab();
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    // Inside host has no sshd yet: the bastion's channel is refused.
    let (_, e, r) = run(
        &mut s,
        "ip netns exec client ssh -J admin@1.2.3.4 root@192.168.2.2 hostname",
    );
    assert_eq!(r.status, 255);
    assert_eq!(
        e,
        "channel 0: open failed: connect failed: Connection refused\r\n\
         stdio forwarding failed\r\n\
         kex_exchange_identification: Connection closed by remote host\r\n\
         Connection closed by UNKNOWN port 65535\r\n"
    );
    assert!(s.world().ssh.sessions.is_empty());
    // A jump host that does not answer on its port.
    let (_, e, _) = run(
        &mut s,
        "ip netns exec client ssh -J 1.2.3.4:2200 root@192.168.2.2 true",
    );
    assert_eq!(
        e,
        "ssh: connect to host 1.2.3.4 port 2200: Connection refused\r\n\
         kex_exchange_identification: Connection closed by remote host\r\n\
         Connection closed by UNKNOWN port 65535\r\n"
    );
    ok(&mut s, "ip netns exec web /usr/sbin/sshd");
    assert_eq!(
        ok(
            &mut s,
            "ip netns exec client ssh -J admin@1.2.3.4 root@192.168.2.2 hostname -I"
        ),
        "192.168.2.2 \n"
    );
    assert!(s.world().ssh.sessions.is_empty());
    // A tunnel to the inside host's loopback, through the jump.
    ok(
        &mut s,
        "ip netns exec web python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    ok(
        &mut s,
        "ip netns exec client ssh -N -J admin@1.2.3.4 -L 8888:127.0.0.1:8080 root@192.168.2.2 &",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    let ps = ok(&mut s, "ps aux");
    assert!(
        ps.contains("ssh -l admin -W [192.168.2.2]:22 1.2.3.4"),
        "{ps}"
    );
    ok(&mut s, "kill %2");
    assert!(s.world().ssh.sessions.is_empty());
    assert!(!ok(&mut s, "ps aux").contains(" -W "));
    let (_, e, _) = run(
        &mut s,
        "ip netns exec client ssh -J 1.2.3.4 root@1.2.3.4 true",
    );
    assert_eq!(e, "jumphost loop via 1.2.3.4\r\n");
}

#[test]
fn the_tunnel_rides_the_ssh_connection_through_the_firewall() {
    let mut s = lab();
    ok(
        &mut s,
        "ip netns exec bastion python3 -m http.server 8080 --bind 127.0.0.1 &",
    );
    ok(&mut s, "ip netns exec bastion /usr/sbin/sshd");
    ok(
        &mut s,
        "ip netns exec client ssh -f -N -L 8888:127.0.0.1:8080 username@1.2.3.4",
    );
    assert_eq!(
        curl(&mut s, "client", "http://127.0.0.1:8888/"),
        Ok(PAGE.into())
    );
    // The SSH connection's packets are counted by the rule that admits 22.
    let counters = ok(&mut s, "ip netns exec bastion iptables -L INPUT -v -n");
    let line = counters
        .lines()
        .find(|l| l.contains("dpt:22"))
        .unwrap_or_else(|| panic!("{counters}"));
    let pkts: u64 = line.split_whitespace().next().unwrap().parse().unwrap();
    // SYN and ACK of the handshake, then the tunnelled request's segment.
    assert_eq!(pkts, 3, "{counters}");
    // Dropping 22 now stalls the open tunnel as well.
    ok(
        &mut s,
        "ip netns exec bastion iptables -I INPUT -p tcp --dport 22 -j DROP",
    );
    let r = curl(&mut s, "client", "http://127.0.0.1:8888/");
    assert!(r.is_err(), "{r:?}");
}
