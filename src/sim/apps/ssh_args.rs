//! ssh(1)'s command line: options, destinations, `-J` jump hosts, and
//! OpenSSH's messages for failed connects, channels and binds.

use super::getopt::Got;
use super::tunnel::*;
use core::net::IpAddr;

/// A parsed `ssh` command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SshArgs {
    /// Login name (`user@` or `-l`).
    pub user: Option<String>,
    /// The server's name or address.
    pub host: String,
    /// The server's port (`-p`, `-o Port=`, `ssh://host:port`), default 22.
    pub port: u16,
    /// Forwards in command-line order.
    pub forwards: Vec<ForwardSpec>,
    /// `-N`: no remote command.
    pub no_command: bool,
    /// `-f`: go to the background after authentication.
    pub background: bool,
    /// `-g` or `-o GatewayPorts=yes`: local forwards listen on all interfaces.
    pub gateway_ports: bool,
    /// `-o ExitOnForwardFailure=yes`.
    pub exit_on_forward_failure: bool,
    /// `-q`: quiet.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
    /// The remote command and its arguments.
    pub command: Vec<String>,
    /// `-J [user@]host[:port][,...]`: jump hosts in order.
    pub jump: Vec<JumpHost>,
    /// `-i FILE` / `-o IdentityFile=FILE`, in order.
    pub identity_files: Vec<String>,
    /// `-o BatchMode=yes` or `-o PasswordAuthentication=no`: never ask
    /// for a password.
    pub no_password: bool,
    /// `-o PubkeyAuthentication=no`.
    pub no_pubkey: bool,
}

/// One `-J` hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpHost {
    /// Login name, if given.
    pub user: Option<String>,
    /// Host name or address.
    pub host: String,
    /// Port (22 unless given).
    pub port: u16,
}

impl JumpHost {
    /// Parses `[user@]host[:port]` (IPv6 in brackets).
    pub fn parse(s: &str) -> Option<JumpHost> {
        let s = s.strip_prefix("ssh://").unwrap_or(s);
        let (user, hp) = match s.rfind('@') {
            Some(i) => (Some(s[..i].to_string()), &s[i + 1..]),
            None => (None, s),
        };
        let f = split_hp(hp)?;
        let (host, port) = match f.as_slice() {
            [h] => (h.clone(), 22),
            [h, p] => (h.clone(), a2port(p).filter(|&p| p != 0)?),
            _ if !hp.starts_with('[') => (hp.to_string(), 22),
            _ => return None,
        };
        (!host.is_empty()).then_some(JumpHost { user, host, port })
    }
}

/// ssh's single-letter options that take an argument.
pub(crate) const SSH_ARG_OPTS: &str = "BbcDEeFIiJLlmOoPpQRSWw";

/// ssh's flag options.
pub(crate) const SSH_FLAGS: &str = "1246AaCfGgKkMNnqsTtVvXxYy";

/// `-o` options ssh knows that change little or nothing in the
/// simulation (`User`, `IdentityFile` and the authentication switches
/// are read).
pub(crate) const SSH_QUIET_OPTIONS: &[&str] = &[
    "stricthostkeychecking",
    "userknownhostsfile",
    "batchmode",
    "connecttimeout",
    "serveraliveinterval",
    "serveralivecountmax",
    "loglevel",
    "identityfile",
    "passwordauthentication",
    "pubkeyauthentication",
    "compression",
    "forwardagent",
    "requesttty",
    "user",
    "hostname",
];

impl SshArgs {
    /// Parses `ssh`'s arguments (without the program name), options before
    /// and after the destination as OpenSSH accepts them.
    ///
    /// ```
    /// use netbook::sim::apps::ssh_args::SshArgs;
    /// let argv: Vec<String> = "-N -f -L 8888:127.0.0.1:8080 username@1.2.3.4"
    ///     .split(' ').map(String::from).collect();
    /// let a = SshArgs::parse(&argv).unwrap();
    /// assert_eq!((a.user.as_deref(), a.host.as_str(), a.port), (Some("username"), "1.2.3.4", 22));
    /// assert!(a.no_command && a.background);
    /// ```
    pub fn parse(argv: &[String]) -> Result<SshArgs, SshArgError> {
        let mut a = SshArgs {
            port: 22,
            ..Default::default()
        };
        let mut port: Option<u16> = None;
        let mut dest: Option<String> = None;
        let mut i = 0;
        while i < argv.len() {
            let w = &argv[i];
            i += 1;
            if w == "--" && dest.is_none() {
                continue;
            }
            if !w.starts_with('-') || w == "-" || (dest.is_some() && w == "--") {
                if dest.is_none() {
                    dest = Some(w.clone());
                    continue;
                }
                if w == "--" {
                    a.command.extend(argv[i..].iter().cloned());
                } else {
                    a.command.extend(argv[i - 1..].iter().cloned());
                }
                break;
            }
            let got = super::getopt::cluster(&w[1..], argv, &mut i, SSH_ARG_OPTS, SSH_FLAGS)
                .map_err(|e| SshArgError::Usage(Some(e)))?;
            for g in got {
                match g {
                    Got::Value(c, val) => a.option(c, &val, &mut port)?,
                    Got::Flag('N') => a.no_command = true,
                    Got::Flag('f') => a.background = true,
                    Got::Flag('g') => a.gateway_ports = true,
                    Got::Flag('q') => a.quiet = true,
                    Got::Flag('v') => a.verbose = a.verbose.saturating_add(1),
                    Got::Flag(_) => {}
                }
            }
        }
        let dest = dest.ok_or(SshArgError::Usage(None))?;
        let (user, host, uport) = parse_destination(&dest);
        if user.is_some() {
            a.user = user;
        }
        a.host = host;
        if a.host.is_empty() {
            return Err(SshArgError::Usage(None));
        }
        // -p wins over ssh://host:port, as in ssh.c.
        a.port = port.or(uport).unwrap_or(22);
        Ok(a)
    }

    pub(crate) fn option(
        &mut self,
        c: char,
        val: &str,
        port: &mut Option<u16>,
    ) -> Result<(), SshArgError> {
        match c {
            'L' => self
                .forwards
                .push(ForwardSpec::parse(ForwardKind::Local, val)?),
            'R' => self
                .forwards
                .push(ForwardSpec::parse(ForwardKind::Remote, val)?),
            'D' => self
                .forwards
                .push(ForwardSpec::parse(ForwardKind::Dynamic, val)?),
            'p' => match a2port(val) {
                Some(p) if p != 0 => *port = Some(p),
                _ => return Err(SshArgError::BadPort(val.to_string())),
            },
            'l' => self.user = Some(val.to_string()),
            'i' => self.identity_files.push(val.to_string()),
            'J' => {
                for hop in val.split(',') {
                    match JumpHost::parse(hop) {
                        Some(j) => self.jump.push(j),
                        None => return Err(SshArgError::BadJump(val.to_string())),
                    }
                }
            }
            'o' => self.config_option(val, port)?,
            _ => {}
        }
        Ok(())
    }

    /// One `-o Key=Value` (or `-o "Key Value"`).
    pub(crate) fn config_option(
        &mut self,
        opt: &str,
        port: &mut Option<u16>,
    ) -> Result<(), SshArgError> {
        let (k, v) = match opt.find(['=', ' ', '\t']) {
            Some(i) => (&opt[..i], opt[i + 1..].trim()),
            None => (opt, ""),
        };
        let key = k.to_ascii_lowercase();
        let yes_no = |v: &str| match v.to_ascii_lowercase().as_str() {
            "yes" => Ok(true),
            "no" => Ok(false),
            _ => Err(SshArgError::BadOptionValue(k.to_string(), v.to_string())),
        };
        match key.as_str() {
            "loglevel" => {
                self.quiet = matches!(v.to_ascii_lowercase().as_str(), "quiet" | "fatal" | "error")
            }
            "gatewayports" => self.gateway_ports = yes_no(v)?,
            "exitonforwardfailure" => self.exit_on_forward_failure = yes_no(v)?,
            "port" => match a2port(v) {
                Some(p) if p != 0 => *port = Some(p),
                _ => return Err(SshArgError::BadPort(v.to_string())),
            },
            "localforward" | "remoteforward" | "dynamicforward" => {
                let kind = match key.as_str() {
                    "localforward" => ForwardKind::Local,
                    "remoteforward" => ForwardKind::Remote,
                    _ => ForwardKind::Dynamic,
                };
                // LocalForward takes "port host:hostport" with a space.
                let spec = v.split_whitespace().collect::<Vec<_>>().join(":");
                self.forwards.push(ForwardSpec::parse(kind, &spec)?);
            }
            k2 if SSH_QUIET_OPTIONS.contains(&k2) => match k2 {
                "user" => self.user = Some(v.to_string()),
                "identityfile" => self.identity_files.push(v.to_string()),
                "batchmode" => self.no_password |= yes_no(v)?,
                "passwordauthentication" => self.no_password |= !yes_no(v)?,
                "pubkeyauthentication" => self.no_pubkey = !yes_no(v)?,
                _ => {}
            },
            _ => return Err(SshArgError::BadOption(k.to_string())),
        }
        Ok(())
    }
}

/// `user@host`, `host`, `ssh://[user@]host[:port]`.
pub(crate) fn parse_destination(d: &str) -> (Option<String>, String, Option<u16>) {
    if let Some(rest) = d.strip_prefix("ssh://") {
        let (user, hp) = match rest.rfind('@') {
            Some(i) => (Some(rest[..i].to_string()), &rest[i + 1..]),
            None => (None, rest),
        };
        let hp = hp.trim_end_matches('/');
        let (host, port) = match split_hp(hp) {
            Some(f) if f.len() == 2 => (f[0].clone(), a2port(&f[1])),
            _ => (hp.trim_matches(['[', ']']).to_string(), None),
        };
        return (user, host, port);
    }
    match d.rfind('@') {
        Some(i) => (Some(d[..i].to_string()), d[i + 1..].to_string(), None),
        None => (None, d.to_string(), None),
    }
}

/// How the client's connection to the server failed, worded as ssh
/// prints it after `ssh: connect to host H port P: `.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectError {
    /// RST or ICMP port unreachable (no sshd listening, REJECT).
    Refused,
    /// No answer (DROP, lost route back).
    TimedOut,
    /// ARP failed or ICMP host unreachable.
    NoRouteToHost,
    /// No route in the sender's table.
    NetworkUnreachable,
}

impl ConnectError {
    /// strerror(3) of the errno connect(2) returns.
    pub fn strerror(self) -> &'static str {
        match self {
            ConnectError::Refused => "Connection refused",
            ConnectError::TimedOut => "Connection timed out",
            ConnectError::NoRouteToHost => "No route to host",
            ConnectError::NetworkUnreachable => "Network is unreachable",
        }
    }
}

/// `ssh: connect to host 1.2.3.4 port 22: Connection refused`.
pub fn connect_failed_msg(host: &str, port: u16, e: ConnectError) -> String {
    format!("ssh: connect to host {host} port {port}: {}", e.strerror())
}

/// What sshd says when it cannot open a forwarded connection; the client
/// logs `channel N: open failed: connect failed: REASON`. A connect that
/// fails at once (no route in sshd's table) is reported as `open failed`.
pub fn channel_open_failed_msg(channel: u32, e: ConnectError) -> String {
    let why = match e {
        ConnectError::NetworkUnreachable => "open failed",
        other => other.strerror(),
    };
    format!("channel {channel}: open failed: connect failed: {why}")
}

/// `bind [127.0.0.1]:8888: Address already in use`.
pub fn bind_failed_msg(addr: &IpAddr, port: u16, why: &str) -> String {
    format!("bind [{addr}]:{port}: {why}")
}
