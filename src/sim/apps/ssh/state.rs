//! What sshd and ssh keep: daemons, sessions, their forwards and relays,
//! and the errors and results of opening a session.

use crate::sim::apps::sshd_config::SshdConfig;
use crate::sim::apps::tunnel::{ForwardKind, ForwardSpec};
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::Conn;
use core::net::{Ipv4Addr, SocketAddrV4};

/// The banner sshd sends first (RFC 4253 section 4.2).
pub const SSHD_BANNER: &str = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n";

/// A running sshd (the listening master process).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daemon {
    /// Its process id.
    pub pid: u32,
    /// Where it runs.
    pub ns: NsId,
    /// Its effective configuration.
    pub config: SshdConfig,
}

/// One forward a session set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveForward {
    /// As given on the command line.
    pub spec: ForwardSpec,
    /// The namespace it listens in (the client's for `-L`/`-D`, the
    /// server's for `-R`).
    pub ns: NsId,
    /// Addresses bound (`None`: wildcard `0.0.0.0`).
    pub binds: Vec<Option<Ipv4Addr>>,
    /// The port bound (the allocated one for `-R 0:...`).
    pub port: u16,
    /// Listening channels ssh allocated for it (client side only).
    pub channels: u32,
}

/// One SSH connection from a client to an sshd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshSession {
    /// Session id.
    pub id: u32,
    /// The `ssh` client process.
    pub client_pid: u32,
    /// The per-connection `sshd: user@notty` process.
    pub child_pid: u32,
    /// The sshd master that accepted it.
    pub daemon_pid: u32,
    /// Login name.
    pub user: String,
    /// The server as typed.
    pub host: String,
    /// Where the `ssh` client runs.
    pub client_ns: NsId,
    /// The TCP connection that reaches sshd (encrypted). Through a local
    /// forward (`ssh -p 2222 localhost` over `-L 2222:host:22`) it is the
    /// forward's last hop, from the outer sshd's namespace.
    pub conn: Conn,
    /// The client's own connection to that forward, when tunnelled.
    pub via: Option<Conn>,
    /// The session whose forward carries this one.
    pub carried_by: Option<u32>,
    /// Channels held open by sessions riding this one's forwards.
    pub open_channels: u32,
    /// A `-J` hop (`ssh -W host:port jump`): it lives only to carry the
    /// session after it and ends with it.
    pub jump_helper: bool,
    /// Forwards that are listening.
    pub forwards: Vec<ActiveForward>,
    /// True when a session channel is open (not `-N`).
    pub session_channel: bool,
    /// The client logs nothing at INFO (see `SshRequest::quiet`).
    pub quiet: bool,
}

impl SshSession {
    /// The channel number the next forwarded connection gets.
    pub fn next_channel(&self) -> u32 {
        self.forwards.iter().map(|f| f.channels).sum::<u32>()
            + u32::from(self.session_channel)
            + self.open_channels
    }
}

/// How one forwarded connection went, hop by hop (curl's trace through a
/// tunnel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    /// The session that carried it.
    pub session: u32,
    /// Local, remote or dynamic.
    pub kind: ForwardKind,
    /// The connection that arrived at the forward's listener.
    pub inbound: Conn,
    /// The channel number.
    pub channel: u32,
    /// The ssh connection: client end.
    pub ssh_client: SocketAddrV4,
    /// The ssh connection: sshd end.
    pub ssh_server: SocketAddrV4,
    /// Namespace the last hop leaves from (server for -L/-D, client for -R).
    pub exit_ns: NsId,
    /// The target as requested (host, port).
    pub target: (String, u16),
    /// The last hop, or the message ssh logged when it failed.
    pub outbound: Result<Conn, String>,
}

/// Everything SSH in the world.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SshState {
    /// Running sshd masters.
    pub daemons: Vec<Daemon>,
    /// Open SSH connections.
    pub sessions: Vec<SshSession>,
    /// Recent forwarded connections, oldest first.
    pub relays: Vec<Relay>,
    /// What background ssh processes printed to the terminal since the
    /// shell last collected it ([`super::session::take_tty_output`]).
    pub tty: String,
    /// Keys ssh-keygen made so far: part of each new key's seed, so two
    /// keys differ and a rerun from the start makes the same ones.
    pub keys_made: u32,
    pub(crate) next_id: u32,
    /// Forwards currently relaying (a forward that points at itself
    /// recurses until ssh runs out of file descriptors).
    pub(crate) depth: u32,
    /// The loop above was reported.
    pub(crate) exhausted: bool,
}

/// Nested relays allowed before ssh "runs out of descriptors".
pub(crate) const MAX_RELAY_DEPTH: u32 = 16;

/// Why `ssh` could not open a session; prints as ssh does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshOpenError {
    /// `ssh: connect to host H port P: Connection refused` and friends.
    Connect(String, crate::sim::stack::transport::table::ConnectError),
    /// Something other than sshd answered.
    NotSsh(String),
    /// The jump host could not open the channel to the next hop:
    /// `channel 0: open failed: connect failed: Connection refused`.
    Channel(String),
}

impl std::fmt::Display for SshOpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SshOpenError::Connect(m, _) | SshOpenError::NotSsh(m) | SshOpenError::Channel(m) => {
                write!(f, "{m}")
            }
        }
    }
}

/// A session that opened, and what ssh printed while setting it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshOpened {
    /// The session id.
    pub session: u32,
    /// The client process.
    pub client_pid: u32,
    /// The server's namespace (where a remote command runs).
    pub server_ns: NsId,
    /// Lines ssh printed on stderr (bind failures, warnings).
    pub messages: Vec<String>,
    /// `Some(255)` when ssh gave up (`ExitOnForwardFailure`); the session
    /// is already closed then.
    pub exit: Option<i32>,
}

/// What a client asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshRequest<'a> {
    /// Login name.
    pub user: &'a str,
    /// The server as typed (for messages).
    pub host: &'a str,
    /// Its address.
    pub ip: Ipv4Addr,
    /// Its port.
    pub port: u16,
    /// Forwards to set up.
    pub forwards: &'a [ForwardSpec],
    /// `-g`.
    pub gateway_ports: bool,
    /// `-o ExitOnForwardFailure=yes`.
    pub exit_on_forward_failure: bool,
    /// `-N`: no session channel.
    pub no_command: bool,
    /// The client's command line (what `ps`/`jobs` show).
    pub cmdline: &'a str,
    /// `-f`: the process leaves the shell's job control.
    pub background: bool,
    /// `-J`: reach the server through a channel of this session (the
    /// previous jump host's `direct-tcpip`, as `ssh -W` does).
    pub carrier: Option<u32>,
    /// `-q` or `-o LogLevel=ERROR` (or quieter): the client does not log
    /// at INFO, where a channel's failed open is said.
    pub quiet: bool,
}
