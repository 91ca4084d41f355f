//! SSH port forwarding: local (`-L`), remote (`-R`) and dynamic (`-D`)
//! forwards as listener -> ssh connection -> target.
//!
//! Follows OpenSSH 9.2: ssh(1) for the client's command line and forward
//! specifications (`parse_forward()` in misc.c), sshd(8) and
//! sshd_config(5) for the daemon (`Port`, `ListenAddress`, `GatewayPorts`,
//! `AllowTcpForwarding`), and RFC 4254 section 7 (TCP/IP port forwarding:
//! `direct-tcpip` and `tcpip-forward` channels). Where a listener binds is
//! decided by [`fwd_bind_plan`], a transcription of `channel_fwd_bind_addr()`
//! in channels.c. The error texts are OpenSSH's own.
//!
//! This file is pure: argv in, typed values out. The processes, listening
//! sockets and connections that carry a tunnel live in the transport layer.

use std::fmt;

/// Which way a forward points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForwardKind {
    /// `-L`: the client listens, the server connects.
    Local,
    /// `-R`: the server listens, the client connects.
    Remote,
    /// `-D`: the client listens as a SOCKS proxy, the server connects.
    Dynamic,
}

impl ForwardKind {
    /// The word ssh uses in its messages (`local`, `remote`, `dynamic`).
    pub fn word(self) -> &'static str {
        match self {
            ForwardKind::Local => "local",
            ForwardKind::Remote => "remote",
            ForwardKind::Dynamic => "dynamic",
        }
    }

    /// The option letter.
    pub fn flag(self) -> &'static str {
        match self {
            ForwardKind::Local => "-L",
            ForwardKind::Remote => "-R",
            ForwardKind::Dynamic => "-D",
        }
    }
}

/// One forward as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardSpec {
    /// Local, remote or dynamic.
    pub kind: ForwardKind,
    /// `bind_address` as given (`None`: omitted; `""` or `*`: all interfaces).
    pub listen_host: Option<String>,
    /// The listening port (0 only for `-R`: the server picks one).
    pub listen_port: u16,
    /// Where connections go; `None` for SOCKS (`-D`, or `-R port` alone).
    pub connect: Option<(String, u16)>,
}

impl ForwardSpec {
    /// Parses the argument of `-L`, `-R` or `-D` the way `parse_forward()`
    /// does. The error prints as ssh's `Bad ... forwarding specification`.
    ///
    /// ```
    /// use netbook::sim::apps::tunnel::{ForwardKind, ForwardSpec};
    /// let f = ForwardSpec::parse(ForwardKind::Local, "8888:127.0.0.1:8080").unwrap();
    /// assert_eq!(f.listen_port, 8888);
    /// assert_eq!(f.connect, Some(("127.0.0.1".to_string(), 8080)));
    /// let e = ForwardSpec::parse(ForwardKind::Local, "8888:127.0.0.1").unwrap_err();
    /// assert_eq!(e.to_string(), "Bad local forwarding specification '8888:127.0.0.1'");
    /// ```
    pub fn parse(kind: ForwardKind, arg: &str) -> Result<ForwardSpec, SshArgError> {
        let bad = || SshArgError::BadForward(kind, arg.to_string());
        let fields = split_hp(arg).ok_or_else(bad)?;
        let port = |s: &str, zero_ok: bool| -> Option<u16> {
            let p = a2port(s)?;
            (p != 0 || zero_ok).then_some(p)
        };
        let spec = match (kind, fields.len()) {
            (ForwardKind::Dynamic, 1) | (ForwardKind::Remote, 1) => ForwardSpec {
                kind,
                listen_host: None,
                listen_port: port(&fields[0], kind == ForwardKind::Remote).ok_or_else(bad)?,
                connect: None,
            },
            (ForwardKind::Dynamic, 2) | (ForwardKind::Remote, 2) => ForwardSpec {
                kind,
                listen_host: Some(fields[0].clone()),
                listen_port: port(&fields[1], kind == ForwardKind::Remote).ok_or_else(bad)?,
                connect: None,
            },
            (ForwardKind::Local | ForwardKind::Remote, 3 | 4) => {
                let n = fields.len();
                let host = fields[n - 2].clone();
                if host.is_empty() {
                    return Err(bad());
                }
                ForwardSpec {
                    kind,
                    listen_host: (n == 4).then(|| fields[0].clone()),
                    listen_port: port(&fields[n - 3], kind == ForwardKind::Remote)
                        .ok_or_else(bad)?,
                    connect: Some((host, port(&fields[n - 1], false).ok_or_else(bad)?)),
                }
            }
            _ => return Err(bad()),
        };
        Ok(spec)
    }
}

impl fmt::Display for ForwardSpec {
    /// Prints the spec back as ssh accepts it (`[bind:]port[:host:hostport]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(h) = &self.listen_host {
            write!(f, "{}:", bracket(h))?;
        }
        write!(f, "{}", self.listen_port)?;
        if let Some((h, p)) = &self.connect {
            write!(f, ":{}:{p}", bracket(h))?;
        }
        Ok(())
    }
}

/// `[::1]` for IPv6 literals, the host itself otherwise.
pub fn bracket(h: &str) -> String {
    if h.contains(':') {
        format!("[{h}]")
    } else {
        h.to_string()
    }
}

/// Splits `a:b:[::1]:c` on colons, keeping bracketed IPv6 literals whole
/// (OpenSSH's `hpdelim2`). `None` when a bracket is not closed properly.
pub(crate) fn split_hp(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(r[..end].to_string());
            rest = &r[end + 1..];
            if rest.is_empty() {
                return Some(out);
            }
            rest = rest.strip_prefix(':')?;
        } else if let Some(i) = rest.find(':') {
            out.push(rest[..i].to_string());
            rest = &rest[i + 1..];
        } else {
            out.push(rest.to_string());
            return Some(out);
        }
    }
}

/// A port number or a well-known service name, as OpenSSH's `a2port()`.
pub fn a2port(s: &str) -> Option<u16> {
    if let Ok(n) = s.parse::<u32>() {
        return u16::try_from(n).ok();
    }
    // getservbyname(3) over the stock /etc/services, TCP.
    let named = [
        ("ssh", 22),
        ("http", 80),
        ("https", 443),
        ("domain", 53),
        ("telnet", 23),
        ("smtp", 25),
        ("http-alt", 8080),
        ("socks", 1080),
    ];
    named.iter().find(|(n, _)| *n == s).map(|&(_, p)| p)
}

/// sshd_config's `GatewayPorts`, also the client's `-g`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GatewayPorts {
    /// `no` (the default): forwards listen on loopback only.
    #[default]
    No,
    /// `yes`: forwards listen on the wildcard address.
    Yes,
    /// `clientspecified` (server only): the client's bind address is used.
    ClientSpecified,
}

impl GatewayPorts {
    /// Parses the sshd_config / `-o` value.
    pub fn parse(v: &str) -> Option<GatewayPorts> {
        match v.to_ascii_lowercase().as_str() {
            "no" => Some(GatewayPorts::No),
            "yes" => Some(GatewayPorts::Yes),
            "clientspecified" => Some(GatewayPorts::ClientSpecified),
            _ => None,
        }
    }
}

/// Where a forward's listening sockets go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindPlan {
    /// `127.0.0.1` and `::1` (local use only).
    Loopback,
    /// `0.0.0.0` and `::` (every interface).
    Wildcard,
    /// One address as given (may fail with `Cannot assign requested address`).
    Addr(String),
}

/// Decides where a forward listens: OpenSSH's `channel_fwd_bind_addr()`.
/// `listen_host` is the bind address as the listening side sees it (for
/// `-R` the client sends `localhost` when none was given); `is_client` is
/// true for `-L`/`-D`; `gateway_ports` is the client's `-g` or the
/// server's `GatewayPorts`.
///
/// ```
/// use netbook::sim::apps::tunnel::{fwd_bind_plan, BindPlan, GatewayPorts};
/// // The note's -R 1.2.3.4:8585:... under sshd's default GatewayPorts no:
/// assert_eq!(fwd_bind_plan(Some("1.2.3.4"), false, GatewayPorts::No), BindPlan::Loopback);
/// assert_eq!(
///     fwd_bind_plan(Some("1.2.3.4"), false, GatewayPorts::ClientSpecified),
///     BindPlan::Addr("1.2.3.4".into())
/// );
/// ```
pub fn fwd_bind_plan(listen_host: Option<&str>, is_client: bool, gw: GatewayPorts) -> BindPlan {
    let gw_on = gw != GatewayPorts::No;
    match listen_host {
        None => {
            if gw_on {
                BindPlan::Wildcard
            } else {
                BindPlan::Loopback
            }
        }
        Some(h) if gw_on || is_client => {
            if h.is_empty() || h == "*" || (!is_client && gw == GatewayPorts::Yes) {
                BindPlan::Wildcard
            } else if h != "localhost" || h == "127.0.0.1" || h == "::1" {
                BindPlan::Addr(h.to_string())
            } else {
                BindPlan::Loopback
            }
        }
        Some(h) if h == "127.0.0.1" || h == "::1" => BindPlan::Addr(h.to_string()),
        Some(_) => BindPlan::Loopback,
    }
}

/// Why an `ssh` command line was refused; prints as ssh does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshArgError {
    /// No destination, or a malformed option: the usage text (after an
    /// optional getopt line such as `option requires an argument -- L`).
    Usage(Option<String>),
    /// `Bad local forwarding specification '8888:127.0.0.1'`.
    BadForward(ForwardKind, String),
    /// `Bad port 'abc'`.
    BadPort(String),
    /// `command-line line 0: Bad configuration option: foo`.
    BadOption(String),
    /// `command-line line 0: unsupported option "yes".` style value errors.
    BadOptionValue(String, String),
    /// `-J` that is not `[user@]host[:port]`.
    BadJump(String),
}

/// ssh's usage text (OpenSSH 9.2).
pub const SSH_USAGE: &str = "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
";

impl fmt::Display for SshArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SshArgError::Usage(pre) => {
                if let Some(p) = pre {
                    writeln!(f, "{p}")?;
                }
                write!(f, "{}", SSH_USAGE.trim_end())
            }
            SshArgError::BadForward(k, s) => {
                write!(f, "Bad {} forwarding specification '{s}'", k.word())
            }
            SshArgError::BadPort(p) => write!(f, "Bad port '{p}'"),
            SshArgError::BadOption(o) => {
                write!(f, "command-line line 0: Bad configuration option: {o}")
            }
            SshArgError::BadJump(j) => write!(f, "Invalid -J argument: {j}"),
            SshArgError::BadOptionValue(o, v) => {
                write!(
                    f,
                    "command-line line 0: unsupported option \"{v}\" for {o}."
                )
            }
        }
    }
}

impl std::error::Error for SshArgError {}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sim::apps::ssh_args::*;
    use crate::sim::apps::sshd_config::*;
    use core::net::IpAddr;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn spec(k: ForwardKind, s: &str) -> Result<ForwardSpec, String> {
        ForwardSpec::parse(k, s).map_err(|e| e.to_string())
    }

    #[test]
    fn forward_specs_parse_like_openssh() {
        let f = spec(ForwardKind::Local, "1.2.3.4:8888:192.168.2.2:8080").unwrap();
        assert_eq!(f.listen_host.as_deref(), Some("1.2.3.4"));
        assert_eq!(f.connect, Some(("192.168.2.2".into(), 8080)));
        assert_eq!(f.to_string(), "1.2.3.4:8888:192.168.2.2:8080");
        let f = spec(ForwardKind::Local, "[::1]:8888:[fd00::2]:80").unwrap();
        assert_eq!(f.listen_host.as_deref(), Some("::1"));
        assert_eq!(f.connect, Some(("fd00::2".into(), 80)));
        assert_eq!(f.to_string(), "[::1]:8888:[fd00::2]:80");
        let f = spec(ForwardKind::Local, ":8888:h:80").unwrap();
        assert_eq!(f.listen_host.as_deref(), Some(""));
        let f = spec(ForwardKind::Dynamic, "9090").unwrap();
        assert_eq!((f.listen_port, f.connect), (9090, None));
        let f = spec(ForwardKind::Dynamic, "[::1]:9090").unwrap();
        assert_eq!(f.listen_host.as_deref(), Some("::1"));
        let f = spec(ForwardKind::Remote, "8585").unwrap();
        assert_eq!((f.listen_port, f.connect), (8585, None));
        assert_eq!(spec(ForwardKind::Remote, "0:h:80").unwrap().listen_port, 0);
        assert_eq!(
            spec(ForwardKind::Local, "8888:h:http").unwrap().connect,
            Some(("h".into(), 80))
        );
        // Every refusal the real client gives (checked against OpenSSH 9.2).
        for (k, s) in [
            (ForwardKind::Local, "8888:127.0.0.1"),
            (ForwardKind::Local, "8888"),
            (ForwardKind::Local, "abc:1.2.3.4:80"),
            (ForwardKind::Local, "1.2.3.4:8888:192.168.2.2:8080:9"),
            (ForwardKind::Local, "0:127.0.0.1:80"),
            (ForwardKind::Local, "70000:127.0.0.1:80"),
            (ForwardKind::Local, "8888:h:0"),
            (ForwardKind::Dynamic, "0"),
            (ForwardKind::Dynamic, "abc"),
            (ForwardKind::Dynamic, "8080:x"),
            (ForwardKind::Remote, "8585:host"),
            (ForwardKind::Local, "[::1:8888:h:80"),
        ] {
            let e = spec(k, s).unwrap_err();
            assert_eq!(
                e,
                format!("Bad {} forwarding specification '{s}'", k.word())
            );
        }
    }

    #[test]
    fn ssh_argv_options_and_destination() {
        let a = SshArgs::parse(&argv("-NfL 8888:127.0.0.1:8080 -p 2222 username@1.2.3.4")).unwrap();
        assert!(a.no_command && a.background);
        assert_eq!(a.port, 2222);
        assert_eq!(a.forwards.len(), 1);
        let a = SshArgs::parse(&argv("1.2.3.4 -l admin -D9090 -g ip addr show")).unwrap();
        assert_eq!(a.user.as_deref(), Some("admin"));
        assert!(a.gateway_ports);
        assert_eq!(a.command, argv("ip addr show"));
        assert_eq!(a.forwards[0].kind, ForwardKind::Dynamic);
        let a = SshArgs::parse(&argv("ssh://bob@[fd00::1]:2200")).unwrap();
        assert_eq!(
            (a.user.as_deref(), a.host.as_str(), a.port),
            (Some("bob"), "fd00::1", 2200)
        );
        let a = SshArgs::parse(&argv("-J admin@1.2.3.4:2200,10.0.0.1 root@10.0.0.2")).unwrap();
        assert_eq!(
            a.jump,
            vec![
                JumpHost {
                    user: Some("admin".into()),
                    host: "1.2.3.4".into(),
                    port: 2200
                },
                JumpHost {
                    user: None,
                    host: "10.0.0.1".into(),
                    port: 22
                },
            ]
        );
        let a = SshArgs::parse(&argv("-o ExitOnForwardFailure=yes -o GatewayPorts=yes h")).unwrap();
        assert!(a.exit_on_forward_failure && a.gateway_ports);
        let e = |s: &str| SshArgs::parse(&argv(s)).unwrap_err().to_string();
        assert_eq!(e("-p abc h"), "Bad port 'abc'");
        assert_eq!(e("-p 0 h"), "Bad port '0'");
        assert!(e("").starts_with("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy]"));
        assert!(e("-L").starts_with("option requires an argument -- L\nusage: ssh"));
        assert_eq!(
            e("-o Foo=1 h"),
            "command-line line 0: Bad configuration option: Foo"
        );
        assert_eq!(
            e("-L 8888:127.0.0.1 h"),
            "Bad local forwarding specification '8888:127.0.0.1'"
        );
    }

    #[test]
    fn bind_plan_follows_channel_fwd_bind_addr() {
        use BindPlan::*;
        use GatewayPorts as G;
        // -L (client side).
        assert_eq!(fwd_bind_plan(None, true, G::No), Loopback);
        assert_eq!(fwd_bind_plan(None, true, G::Yes), Wildcard);
        assert_eq!(fwd_bind_plan(Some("*"), true, G::No), Wildcard);
        assert_eq!(fwd_bind_plan(Some(""), true, G::No), Wildcard);
        assert_eq!(fwd_bind_plan(Some("localhost"), true, G::Yes), Loopback);
        assert_eq!(
            fwd_bind_plan(Some("1.2.3.4"), true, G::No),
            Addr("1.2.3.4".into())
        );
        assert_eq!(
            fwd_bind_plan(Some("0.0.0.0"), true, G::No),
            Addr("0.0.0.0".into())
        );
        // -R (server side): the client sends "localhost" when none was given.
        assert_eq!(
            fwd_bind_plan(Some("localhost"), false, G::ClientSpecified),
            Loopback
        );
        assert_eq!(fwd_bind_plan(Some("1.2.3.4"), false, G::No), Loopback);
        assert_eq!(
            fwd_bind_plan(Some("127.0.0.1"), false, G::No),
            Addr("127.0.0.1".into())
        );
        assert_eq!(fwd_bind_plan(Some("1.2.3.4"), false, G::Yes), Wildcard);
        assert_eq!(fwd_bind_plan(Some("localhost"), false, G::Yes), Wildcard);
        assert_eq!(fwd_bind_plan(Some(""), false, G::ClientSpecified), Wildcard);
    }

    #[test]
    fn messages_match_openssh() {
        assert_eq!(
            connect_failed_msg("1.2.3.4", 22, ConnectError::Refused),
            "ssh: connect to host 1.2.3.4 port 22: Connection refused"
        );
        assert_eq!(
            channel_open_failed_msg(2, ConnectError::NoRouteToHost),
            "channel 2: open failed: connect failed: No route to host"
        );
        assert_eq!(
            channel_open_failed_msg(4, ConnectError::NetworkUnreachable),
            "channel 4: open failed: connect failed: open failed"
        );
        assert_eq!(
            bind_failed_msg(
                &"127.0.0.1".parse().unwrap(),
                8888,
                "Address already in use"
            ),
            "bind [127.0.0.1]:8888: Address already in use"
        );
    }

    #[test]
    fn sshd_argv_and_config() {
        let a = SshdArgs::parse(
            "/usr/sbin/sshd",
            &argv("-p 2222 -o GatewayPorts=clientspecified"),
        )
        .unwrap();
        let c = a.config(Some("Port 22\nListenAddress 0.0.0.0\n")).unwrap();
        assert_eq!(c.ports, vec![2222]);
        assert_eq!(c.gateway_ports, GatewayPorts::ClientSpecified);
        assert_eq!(
            c.listen_addresses,
            vec!["0.0.0.0".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(
            SshdArgs::parse("sshd", &[]).unwrap_err().to_string(),
            "sshd re-exec requires execution with an absolute path"
        );
        assert_eq!(
            SshdArgs::parse("/usr/sbin/sshd", &argv("-p abc")).unwrap_err(),
            SshdError::BadPort
        );
        assert!(SshdArgs::parse("/usr/sbin/sshd", &argv("-Z"))
            .unwrap_err()
            .to_string()
            .starts_with("unknown option -- Z\r\nOpenSSH_9.2p1"));
        let e =
            SshdConfig::parse_text("/etc/ssh/sshd_config", "# x\nGatewayPort yes\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/etc/ssh/sshd_config: line 2: Bad configuration option: GatewayPort"
        );
        let c = SshdConfig::parse_text(
            "f",
            "GatewayPorts no\nGatewayPorts yes\nListenAddress 10.0.0.1:22\n",
        )
        .unwrap();
        assert_eq!(c.gateway_ports, GatewayPorts::No);
        assert_eq!(
            c.listen_addresses,
            vec!["10.0.0.1".parse::<IpAddr>().unwrap()]
        );
    }

    #[test]
    fn arbitrary_argv_never_panics() {
        // A small deterministic generator over the characters that matter.
        let atoms = [
            "-L",
            "-R",
            "-D",
            "-p",
            "-o",
            "-NfgL",
            "-",
            "--",
            "[",
            "]",
            ":",
            "::1",
            "[::1]",
            "8888",
            "0",
            "70000",
            "h",
            "u@h",
            "ssh://",
            "@",
            "*",
            "=",
            "GatewayPorts",
            "é",
            "-Lé:1:h:2",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..4000 {
            let mut argv = Vec::new();
            for _ in 0..(x % 6) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let a = atoms[(x % atoms.len() as u64) as usize];
                let b = atoms[((x >> 8) % atoms.len() as u64) as usize];
                argv.push(if x & 1 == 0 {
                    a.to_string()
                } else {
                    format!("{a}{b}")
                });
            }
            x = x.wrapping_add(1);
            let _ = SshArgs::parse(&argv);
            let _ = SshdArgs::parse("/usr/sbin/sshd", &argv)
                .map(|a| a.config(argv.first().map(String::as_str)));
            for w in &argv {
                let _ = ForwardSpec::parse(ForwardKind::Local, w);
                let _ = ForwardSpec::parse(ForwardKind::Remote, w);
                let _ = ForwardSpec::parse(ForwardKind::Dynamic, w);
                let _ = SshdConfig::parse_text("f", w);
            }
        }
    }
}
