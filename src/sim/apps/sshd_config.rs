//! sshd(8)'s command line and sshd_config(5): ports, listen addresses,
//! GatewayPorts, AllowTcpForwarding and friends.

use super::getopt::Got;
use super::tunnel::*;
use core::net::IpAddr;
use std::fmt;

/// sshd's command line and configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshdConfig {
    /// `Port` lines or `-p` options (`-p` replaces the file's ports).
    pub ports: Vec<u16>,
    /// `ListenAddress` lines (empty: all addresses).
    pub listen_addresses: Vec<IpAddr>,
    /// `GatewayPorts`.
    pub gateway_ports: GatewayPorts,
    /// `AllowTcpForwarding` (`yes`, `all`, `local`, `remote`, `no`).
    pub allow_tcp_forwarding: String,
    /// `-D`/`-d`: stay in the foreground.
    pub foreground: bool,
    /// `-t`: only check the configuration.
    pub test_only: bool,
    /// `StrictModes` (yes): refuse an `authorized_keys` that others may
    /// write, or that sits in a directory others may write.
    pub strict_modes: bool,
    /// `PasswordAuthentication` (yes).
    pub password_authentication: bool,
    /// `PubkeyAuthentication` (yes).
    pub pubkey_authentication: bool,
}

impl Default for SshdConfig {
    fn default() -> Self {
        SshdConfig {
            ports: vec![22],
            listen_addresses: Vec::new(),
            gateway_ports: GatewayPorts::No,
            allow_tcp_forwarding: "yes".into(),
            foreground: false,
            test_only: false,
            strict_modes: true,
            password_authentication: true,
            pubkey_authentication: true,
        }
    }
}

/// sshd's usage text (OpenSSH 9.2).
pub const SSHD_USAGE: &str = "usage: sshd [-46DdeiqTtV] [-C connection_spec] [-c host_cert_file]
            [-E log_file] [-f config_file] [-g login_grace_time]
            [-h host_key_file] [-o option] [-p port] [-u len]
";

/// Why sshd refused to start; prints as sshd does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshdError {
    /// `sshd re-exec requires execution with an absolute path`.
    NotAbsolute,
    /// getopt's complaint, the version line and the usage text.
    Usage(String),
    /// `Bad port number.`
    BadPort,
    /// A bad value, fatal at once: `/etc/ssh/sshd_config line 3:
    /// Badly formatted port number.` (`command-line line 0` for `-o`).
    BadConfig(String),
    /// An unknown keyword: `/etc/ssh/sshd_config: line 3: Bad
    /// configuration option: Foo`; sshd reads on, then gives up.
    BadKeyword(String),
}

impl fmt::Display for SshdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SshdError::NotAbsolute => {
                write!(f, "sshd re-exec requires execution with an absolute path")
            }
            SshdError::Usage(l) => write!(
                f,
                "{l}\r\nOpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19 27 Jan 2026\n{}",
                SSHD_USAGE.trim_end()
            ),
            SshdError::BadPort => write!(f, "Bad port number."),
            SshdError::BadConfig(s) | SshdError::BadKeyword(s) => write!(f, "{s}"),
        }
    }
}

impl std::error::Error for SshdError {}

/// sshd's command line: the `-f` file (default `/etc/ssh/sshd_config`)
/// and the ports given with `-p`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SshdArgs {
    /// `-f config_file`.
    pub config_file: Option<String>,
    /// `-p port`, repeated.
    pub ports: Vec<u16>,
    /// `-o Key=Value`, in order.
    pub options: Vec<String>,
    /// `-D` or `-d`.
    pub foreground: bool,
    /// `-t` or `-T`.
    pub test_only: bool,
}

impl SshdArgs {
    /// Parses sshd's arguments; `argv0` is how it was invoked (sshd insists
    /// on an absolute path so it can re-execute itself).
    pub fn parse(argv0: &str, argv: &[String]) -> Result<SshdArgs, SshdError> {
        let mut a = SshdArgs::default();
        let mut i = 0;
        while i < argv.len() {
            let w = &argv[i];
            i += 1;
            let Some(opts) = w.strip_prefix('-') else {
                return Err(SshdError::Usage(format!("extra argument {w}.")));
            };
            for g in super::getopt::cluster(opts, argv, &mut i, "CcEfghkopu", "46DdeiqTtV")
                .map_err(SshdError::Usage)?
            {
                match g {
                    Got::Value('p', val) => match a2port(&val) {
                        Some(p) if p != 0 => a.ports.push(p),
                        _ => return Err(SshdError::BadPort),
                    },
                    Got::Value('f', val) => a.config_file = Some(val),
                    Got::Value('o', val) => a.options.push(val),
                    Got::Flag('D' | 'd') => a.foreground = true,
                    Got::Flag('t' | 'T') => a.test_only = true,
                    Got::Value(..) | Got::Flag(_) => {}
                }
            }
        }
        if !argv0.starts_with('/') && !a.test_only {
            return Err(SshdError::NotAbsolute);
        }
        Ok(a)
    }

    /// The effective configuration: the file's text (if any), then `-o`
    /// options, then `-p` replacing the ports.
    pub fn config(&self, file: Option<&str>) -> Result<SshdConfig, SshdError> {
        let path = self
            .config_file
            .clone()
            .unwrap_or_else(|| "/etc/ssh/sshd_config".into());
        let mut c = SshdConfig::parse_text(&path, file.unwrap_or(""))?;
        for o in &self.options {
            let line = o.replacen('=', " ", 1);
            let oc = SshdConfig::parse_text("command-line", &line)?;
            if line.to_ascii_lowercase().starts_with("port") {
                c.ports = oc.ports;
            }
            if line.to_ascii_lowercase().starts_with("gatewayports") {
                c.gateway_ports = oc.gateway_ports;
            }
            if line.to_ascii_lowercase().starts_with("listenaddress") {
                c.listen_addresses.extend(oc.listen_addresses);
            }
            if line.to_ascii_lowercase().starts_with("allowtcpforwarding") {
                c.allow_tcp_forwarding = oc.allow_tcp_forwarding;
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("strictmodes") {
                c.strict_modes = oc.strict_modes;
            }
            if lower.starts_with("passwordauthentication") {
                c.password_authentication = oc.password_authentication;
            }
            if lower.starts_with("pubkeyauthentication") {
                c.pubkey_authentication = oc.pubkey_authentication;
            }
        }
        if !self.ports.is_empty() {
            c.ports = self.ports.clone();
        }
        c.foreground = self.foreground;
        c.test_only = self.test_only;
        Ok(c)
    }
}

/// sshd_config keywords accepted without effect on the simulation.
pub(crate) const SSHD_QUIET_KEYWORDS: &[&str] = &[
    "include",
    "permitrootlogin",
    "kbdinteractiveauthentication",
    "challengeresponseauthentication",
    "usepam",
    "x11forwarding",
    "printmotd",
    "acceptenv",
    "subsystem",
    "hostkey",
    "authorizedkeysfile",
    "pidfile",
    "loglevel",
    "syslogfacility",
    "permittunnel",
    "allowagentforwarding",
    "clientaliveinterval",
    "clientalivecountmax",
    "maxsessions",
    "maxauthtries",
    "usedns",
    "permitopen",
    "permitlisten",
    "addressfamily",
    "tcpkeepalive",
    "banner",
];

impl SshdConfig {
    /// Parses sshd_config text (`#` comments, `Keyword value`, keywords
    /// case-insensitive). First value wins, as in sshd, except `Port` and
    /// `ListenAddress` which accumulate.
    ///
    /// ```
    /// use netbook::sim::apps::tunnel::GatewayPorts;
    /// use netbook::sim::apps::sshd_config::SshdConfig;
    /// let c = SshdConfig::parse_text("/etc/ssh/sshd_config", "#Port 22\nGatewayPorts yes\n").unwrap();
    /// assert_eq!((c.ports.clone(), c.gateway_ports), (vec![22], GatewayPorts::Yes));
    /// ```
    pub fn parse_text(path: &str, text: &str) -> Result<SshdConfig, SshdError> {
        let mut c = SshdConfig {
            ports: Vec::new(),
            ..Default::default()
        };
        let mut seen_gw = false;
        let mut seen_fwd = false;
        let mut seen_auth: Vec<String> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Stop at a Match block: its settings are per connection.
            let mut it = line.splitn(2, [' ', '\t', '=']);
            let key = it.next().unwrap_or("");
            let val = it
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('=')
                .trim();
            let lk = key.to_ascii_lowercase();
            // `-o` options are line 0 of "command-line".
            let n = if path == "command-line" { 0 } else { n + 1 };
            let bad = |what: String| SshdError::BadConfig(format!("{path} line {n}: {what}"));
            match lk.as_str() {
                "match" => break,
                "strictmodes" | "passwordauthentication" | "pubkeyauthentication" => {
                    let v = match val.to_ascii_lowercase().as_str() {
                        "yes" => true,
                        "no" => false,
                        _ => return Err(bad(format!("unsupported option \"{val}\"."))),
                    };
                    // First value wins.
                    if !seen_auth.contains(&lk) {
                        seen_auth.push(lk.clone());
                        match lk.as_str() {
                            "strictmodes" => c.strict_modes = v,
                            "passwordauthentication" => c.password_authentication = v,
                            _ => c.pubkey_authentication = v,
                        }
                    }
                }
                "port" => match a2port(val) {
                    Some(p) if p != 0 => c.ports.push(p),
                    _ => return Err(bad("Badly formatted port number.".into())),
                },
                "listenaddress" => {
                    // `addr`, `addr:port` or `[v6]:port` (the port is ignored here).
                    let host = if val.starts_with('[') {
                        split_hp(val)
                            .and_then(|f| f.first().cloned())
                            .unwrap_or_default()
                    } else if val.matches(':').count() == 1 {
                        val.split(':').next().unwrap_or("").to_string()
                    } else {
                        val.to_string()
                    };
                    match host.parse::<IpAddr>() {
                        Ok(a) => c.listen_addresses.push(a),
                        Err(_) => {
                            return Err(bad(format!("Bad ListenAddress: {val}")));
                        }
                    }
                }
                "gatewayports" => {
                    let g = GatewayPorts::parse(val)
                        .ok_or_else(|| bad(format!("unsupported option \"{val}\".")))?;
                    if !seen_gw {
                        c.gateway_ports = g;
                        seen_gw = true;
                    }
                }
                "allowtcpforwarding" => {
                    let v = val.to_ascii_lowercase();
                    if !["yes", "all", "no", "local", "remote"].contains(&v.as_str()) {
                        return Err(bad(format!("unsupported option \"{val}\".")));
                    }
                    if !seen_fwd {
                        c.allow_tcp_forwarding = v;
                        seen_fwd = true;
                    }
                }
                // Read but not modelled; its values are still checked.
                "permitrootlogin" => {
                    let v = val.to_ascii_lowercase();
                    let known = [
                        "yes",
                        "no",
                        "prohibit-password",
                        "without-password",
                        "forced-commands-only",
                    ];
                    if !known.contains(&v.as_str()) {
                        return Err(bad(format!("unsupported option \"{val}\".")));
                    }
                }
                k if SSHD_QUIET_KEYWORDS.contains(&k) => {}
                _ => {
                    return Err(SshdError::BadKeyword(format!(
                        "{path}: line {n}: Bad configuration option: {key}"
                    )))
                }
            }
        }
        if c.ports.is_empty() {
            c.ports.push(22);
        }
        Ok(c)
    }

    /// True when sshd accepts `-L`/`-D` channels (direct-tcpip).
    pub fn allows_local(&self) -> bool {
        matches!(self.allow_tcp_forwarding.as_str(), "yes" | "all" | "local")
    }

    /// True when sshd accepts `-R` requests (tcpip-forward).
    pub fn allows_remote(&self) -> bool {
        matches!(self.allow_tcp_forwarding.as_str(), "yes" | "all" | "remote")
    }
}
