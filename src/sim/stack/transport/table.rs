//! The transport layer's tables: processes, listeners and established
//! connections, and the errors `bind()`/`connect()` report.

use crate::sim::packet::IcmpError;
use crate::sim::stack::link::{LinkId, NsId};
use crate::sim::trace::Trace;
use core::net::{Ipv4Addr, SocketAddrV4};

/// TCP or UDP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SockProto {
    /// Stream sockets.
    Tcp,
    /// Datagram sockets.
    Udp,
}

impl SockProto {
    /// `tcp` / `udp`, as ss prints it.
    pub fn name(self) -> &'static str {
        match self {
            SockProto::Tcp => "tcp",
            SockProto::Udp => "udp",
        }
    }
}

/// A simulated process (a server started in a cell, usually with `&`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// Process id.
    pub pid: u32,
    /// The namespace it runs in.
    pub ns: NsId,
    /// The command line as typed.
    pub cmdline: String,
    /// The executable name (`python3`, `nc`), as ss `users:` shows it.
    pub comm: String,
    /// Job number in the shell that started it with `&`.
    pub job: Option<u32>,
    /// What it printed since (nc -l prints what it received).
    pub output: String,
    /// When a job that ends by itself (`sleep 5 &`) exits, on the virtual
    /// clock; `None` for a process that runs until killed (a server).
    pub ends_us: Option<u64>,
    /// The exit status it ends with at `ends_us`.
    pub exit: i32,
    /// Where its stdout and stderr were redirected when it started (a
    /// file as its namespace names it, or `/dev/null`); `None` is the
    /// terminal, whose lines collect in `output`.
    pub redirected: [Option<FileTarget>; 2],
}

/// A file a process writes to: the namespace that opened it and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTarget {
    /// The namespace the shell ran the command in (`None`: the root).
    pub netns: Option<String>,
    /// The path, or `/dev/null`.
    pub path: String,
}

/// How a job ended, as bash's job notices word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobEnd {
    /// Exited with this status (`Done`, `Exit 3`).
    Exit(i32),
    /// Killed by this signal (`Terminated`, `Killed`, `Hangup`).
    Signaled(u32),
}

/// glibc's `strsignal` for the standard signals, which bash's notices print.
const SIGNAL_TEXTS: [&str; 31] = [
    "Hangup",
    "Interrupt",
    "Quit",
    "Illegal instruction",
    "Trace/breakpoint trap",
    "Aborted",
    "Bus error",
    "Floating point exception",
    "Killed",
    "User defined signal 1",
    "Segmentation fault",
    "User defined signal 2",
    "Broken pipe",
    "Alarm clock",
    "Terminated",
    "Stack fault",
    "Child exited",
    "Continued",
    "Stopped (signal)",
    "Stopped",
    "Stopped (tty input)",
    "Stopped (tty output)",
    "Urgent I/O condition",
    "CPU time limit exceeded",
    "File size limit exceeded",
    "Virtual timer expired",
    "Profiling timer expired",
    "Window changed",
    "I/O possible",
    "Power failure",
    "Bad system call",
];

/// glibc's `strsignal(sig)` (SIGRTMIN is 34 there).
pub fn strsignal(sig: u32) -> String {
    match sig {
        1..=31 => SIGNAL_TEXTS[sig as usize - 1].into(),
        34..=64 => format!("Real-time signal {}", sig - 34),
        _ => format!("Unknown signal {sig}"),
    }
}

impl JobEnd {
    /// The word bash prints (`Done`, `Exit 3`, `Terminated`, `Killed`).
    pub fn word(self) -> String {
        match self {
            JobEnd::Exit(0) => "Done".into(),
            JobEnd::Exit(n) => format!("Exit {n}"),
            JobEnd::Signaled(sig) => strsignal(sig),
        }
    }

    /// The status `wait` returns for it (128 + the signal).
    pub fn status(self) -> i32 {
        match self {
            JobEnd::Exit(n) => n,
            JobEnd::Signaled(sig) => 128 + sig as i32,
        }
    }
}

/// A job that ended and that the shell has not reported yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedJob {
    /// Its job number.
    pub job: u32,
    /// Its process id.
    pub pid: u32,
    /// Its command line (with the trailing ` &`).
    pub cmdline: String,
    /// How it ended.
    pub end: JobEnd,
    /// When, on the virtual clock.
    pub at_us: u64,
}

/// What a listener does with a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Service {
    /// `python3 -m http.server`: serves a directory listing of `dir`.
    HttpServer {
        /// The directory it serves (the shell's current directory).
        dir: String,
    },
    /// `nc -l`: prints what it receives, answers nothing; exits after its
    /// first client unless `keep` (`-k`).
    Netcat {
        /// `-k`: keep listening after a client leaves.
        keep: bool,
    },
    /// sshd's listening socket: answers with its banner (what `nc host 22` shows).
    Sshd,
    /// The listening socket of forward `index` of SSH session `session`:
    /// relays each connection over the session.
    SshForward {
        /// The session's id.
        session: u32,
        /// Which of its forwards.
        index: usize,
    },
}

/// A bound (listening) socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    /// Owning process.
    pub pid: u32,
    /// Namespace.
    pub ns: NsId,
    /// TCP or UDP.
    pub proto: SockProto,
    /// Bound address; `None` is the wildcard `0.0.0.0`.
    pub addr: Option<Ipv4Addr>,
    /// Bound port.
    pub port: u16,
    /// What it does with connections.
    pub service: Service,
}

/// One end-to-end connection as both ends see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conn {
    /// TCP or UDP.
    pub proto: SockProto,
    /// The client's namespace.
    pub client_ns: NsId,
    /// The client's own address and port.
    pub local: SocketAddrV4,
    /// The address the client connected to.
    pub remote: SocketAddrV4,
    /// The server's namespace.
    pub server_ns: NsId,
    /// Where the server received it (after DNAT).
    pub server_local: SocketAddrV4,
    /// The client as the server sees it (after SNAT/MASQUERADE).
    pub server_peer: SocketAddrV4,
    /// The listening process (`u32::MAX`: a server on the Internet).
    pub server_pid: u32,
    /// The handshake's trace.
    pub trace: Trace,
    /// Handshake round trip, microseconds.
    pub rtt_us: u64,
}

/// Why `connect()` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// A RST came back (`Connection refused`): nothing listens, or REJECT
    /// with tcp-reset / icmp-port-unreachable.
    Refused {
        /// Who refused.
        from: Ipv4Addr,
        /// The walk.
        trace: Trace,
    },
    /// Nothing came back (DROP, or lost on the way).
    TimedOut {
        /// The walk.
        trace: Trace,
    },
    /// No route in the sender's table (`Network is unreachable`).
    NoRoute,
    /// An ICMP unreachable/prohibited came back (`No route to host`).
    Unreachable {
        /// Who reported it.
        from: Ipv4Addr,
        /// What.
        kind: IcmpError,
        /// The walk.
        trace: Trace,
    },
    /// The requested source address or device is not usable.
    BadSource,
    /// The route is of a type that refuses (blackhole, unreachable,
    /// prohibit): its errno's text.
    RouteRefused(&'static str),
}

impl ConnectError {
    /// The walk, when packets were sent.
    pub fn trace(&self) -> Option<&Trace> {
        match self {
            ConnectError::Refused { trace, .. }
            | ConnectError::TimedOut { trace }
            | ConnectError::Unreachable { trace, .. } => Some(trace),
            _ => None,
        }
    }

    /// strerror(3) of the errno `connect()` returns.
    pub fn strerror(&self) -> &'static str {
        match self {
            ConnectError::Refused { .. } => "Connection refused",
            ConnectError::TimedOut { .. } => "Connection timed out",
            ConnectError::NoRoute => "Network is unreachable",
            ConnectError::Unreachable {
                kind: IcmpError::NetUnreachable,
                ..
            } => "Network is unreachable",
            ConnectError::Unreachable { .. } => "No route to host",
            ConnectError::BadSource => "Cannot assign requested address",
            ConnectError::RouteRefused(why) => why,
        }
    }
}

/// Options of `connect()`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnectOpts {
    /// TCP (default) or UDP.
    pub udp: bool,
    /// `SO_BINDTODEVICE` (`curl --interface DEV`).
    pub dev: Option<LinkId>,
    /// `bind()` to this source address first.
    pub src: Option<Ipv4Addr>,
    /// Source port (ephemeral when `None`).
    pub sport: Option<u16>,
}

/// An established connection the ss table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Established {
    /// Namespace of this end.
    pub ns: NsId,
    /// TCP or UDP.
    pub proto: SockProto,
    /// This end.
    pub local: SocketAddrV4,
    /// The other end.
    pub peer: SocketAddrV4,
    /// Owning process, if known.
    pub pid: Option<u32>,
    /// `Some(expiry)` for a socket in TIME-WAIT (the side that closed
    /// first keeps it 60 s, `TCP_TIMEWAIT_LEN`).
    pub until_us: Option<u64>,
}

/// A bound UDP socket after `connect()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UdpPeer {
    /// The socket's namespace.
    pub ns: NsId,
    /// Its process.
    pub pid: u32,
    /// Its address now (the one the first datagram was sent to) and port.
    pub local: SocketAddrV4,
    /// The sender it is connected to.
    pub peer: SocketAddrV4,
}

/// Processes, listeners and open connections of the whole world.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transport {
    /// Running processes, oldest first.
    pub procs: Vec<Process>,
    /// Bound sockets.
    pub listeners: Vec<Listener>,
    /// Open connections (both ends), for ss/netstat.
    pub open: Vec<Established>,
    /// The next ephemeral port offset.
    pub(crate) next_port: u16,
    /// ICMP echo identifiers handed out so far (one per `ping` run).
    pub(crate) icmp_ids: u16,
    /// The next job number.
    pub(crate) next_job: u32,
    /// UDP sockets of clients waiting for an answer (namespace, address).
    pub udp_clients: Vec<(NsId, SocketAddrV4)>,
    /// UDP sockets `connect()`ed to their first sender (`nc -u -l`).
    pub udp_peers: Vec<UdpPeer>,
    /// Set by the shell while it runs a command with `&`: the job number
    /// and command line the next spawned process takes.
    pub spawning: Option<(u32, String)>,
    /// The namespace a `&` job's program last entered (`ip netns exec`,
    /// `nsenter`): where its process lives.
    pub spawning_ns: Option<NsId>,
    /// Set by the shell while a command runs: where its stdout and stderr
    /// go, for the processes it starts.
    pub spawn_redirects: [Option<FileTarget>; 2],
    /// Connections a background client holds open, by its pid.
    pub held: Vec<(u32, Conn)>,
    /// Jobs that ended since the shell last reported (bash's notices).
    pub ended: Vec<EndedJob>,
}

/// Why `bind()` failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// `EADDRINUSE`.
    #[error("Address already in use")]
    InUse,
    /// `EADDRNOTAVAIL`: not an address of the namespace.
    #[error("Cannot assign requested address")]
    NotLocal,
}

pub(crate) const EPHEMERAL_BASE: u16 = 45_678;
