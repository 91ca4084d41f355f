//! Processes, sockets and connections: what `ss`, `netstat`, `ps`, `jobs`,
//! `curl`, `nc` and `python3 -m http.server` need.
//!
//! Follows socket(7), tcp(7) and udp(7): a process in a namespace binds a
//! TCP or UDP socket to an address (or the wildcard) and a port — a second
//! bind that overlaps fails with `EADDRINUSE`; `connect()` sends a SYN
//! through the datapath (so routes, bridges, ARP, iptables and conntrack
//! apply both ways, RFC 793's handshake): a SYN-ACK means connected, a RST
//! (nothing listens, or `REJECT --reject-with tcp-reset`) means refused,
//! an ICMP error means unreachable, silence (DROP) means a timeout.
//!
//! # How an application protocol plugs in
//! A server is a process ([`World::spawn`], which also makes it the shell's
//! `&` job) plus a listening socket ([`World::serve`]: the bind is checked
//! against every socket of the namespace, sshd's port 22 and DNS servers
//! included, and `ss`/`netstat` list it). A [`Listener`] carries a
//! [`Service`]. After [`World::connect`] succeeded,
//! the client calls [`World::exchange`] with its request bytes; the world
//! finds the listener the SYN reached (after any DNAT) and asks its service
//! for the answer with `Service::handle(world, conn, request)`. A new kind
//! of server is added either as a variant of [`Service`] or, from another
//! file without touching this one, as an implementation of [`App`] wrapped
//! in [`Service::App`]: `handle` gets `&mut World` and the [`Conn`] (which
//! namespace and addresses the server sees), so a port forward or an SSH
//! daemon can open a further connection from its own namespace with
//! [`World::connect`] and relay the bytes. [`World::kill`] ends a process
//! and closes its sockets; [`World::close`] tears a connection down.
//!
//! ```
//! use netbook::sim::World;
//! use netbook::sim::transport::{ConnectOpts, Service, SockProto};
//! let mut w = World::new();
//! let root = w.ns_id(None).unwrap();
//! let pid = w.spawn(root, "python3 -m http.server 8000");
//! w.serve(pid, SockProto::Tcp, None, 8000, Service::HttpServer { dir: "/root".into() }).unwrap();
//! let c = w.connect(root, "127.0.0.1".parse().unwrap(), 8000, &ConnectOpts::default()).unwrap();
//! let page = w.exchange(&c, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
//! assert!(String::from_utf8_lossy(&page).starts_with("HTTP/1.0 200 OK"));
//! w.close(&c);
//! ```

use crate::sim::packet::{IcmpError, Ipv4Packet, TcpKind, L4};
use crate::sim::stack::link::{LinkId, NsId};
use crate::sim::stack::probe::{ProbeOpts, SendError};
use crate::sim::stack::world::World;
use crate::sim::trace::Trace;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::sync::Arc;

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
}

/// An application protocol implemented outside this file (see the module
/// docs). `handle` answers one request on an established connection.
pub trait App: fmt::Debug + Send + Sync {
    /// A short name for traces.
    fn name(&self) -> &str;
    /// The answer to `request` arriving on `conn`.
    fn handle(&self, world: &mut World, conn: &Conn, request: &[u8]) -> Vec<u8>;
}

/// What a listener does with a connection.
#[derive(Debug, Clone)]
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
    /// A protocol implemented elsewhere.
    App(Arc<dyn App>),
}

impl PartialEq for Service {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Service::HttpServer { dir: a }, Service::HttpServer { dir: b }) => a == b,
            (Service::Netcat { keep: a }, Service::Netcat { keep: b }) => a == b,
            (Service::App(a), Service::App(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}
impl Eq for Service {}

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
    next_port: u16,
    /// ICMP echo identifiers handed out so far (one per `ping` run).
    icmp_ids: u16,
    /// The next job number.
    next_job: u32,
    /// UDP sockets of clients waiting for an answer (namespace, address).
    pub udp_clients: Vec<(NsId, SocketAddrV4)>,
    /// Set by the shell while it runs a command with `&`: the job number
    /// and command line the next spawned process takes.
    pub spawning: Option<(u32, String)>,
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

const EPHEMERAL_BASE: u16 = 45_678;

impl World {
    /// A fresh process id (shared with DNS servers).
    pub fn alloc_pid(&mut self) -> u32 {
        let p = self.dns.next_pid;
        self.dns.next_pid += 1;
        p
    }

    /// Starts a process in `ns`; when the shell is running a `&` job, the
    /// process becomes that job (and takes its command line).
    pub fn spawn(&mut self, ns: NsId, cmdline: &str) -> u32 {
        let pid = self.alloc_pid();
        let comm = cmdline
            .split_whitespace()
            .find(|w| !w.contains('='))
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
            .unwrap_or_default();
        let (job, cmdline) = match self.transport.spawning.take() {
            Some((j, c)) => (Some(j), c),
            None => (None, cmdline.to_string()),
        };
        self.transport.procs.push(Process {
            pid,
            ns,
            cmdline,
            comm,
            job,
            output: String::new(),
        });
        pid
    }

    /// Called by the shell before it runs a `&` command: reserves the job
    /// number and the pid the job's process will get (bash prints
    /// `[N] PID` before the job runs).
    pub fn begin_job(&mut self, cmdline: &str) -> (u32, u32) {
        let used = |t: &Transport, n: u32| t.procs.iter().any(|p| p.job == Some(n));
        let mut n = 1;
        while used(&self.transport, n) {
            n += 1;
        }
        self.transport.next_job = n + 1;
        self.transport.spawning = Some((n, cmdline.to_string()));
        (n, self.dns.next_pid)
    }

    /// Called by the shell after the `&` command ran.
    pub fn end_job(&mut self) {
        let Some((job, cmdline)) = self.transport.spawning.take() else {
            return;
        };
        // A DNS server (coredns, dnsmasq) took the reserved pid: it is the job.
        let pid = self.dns.next_pid.saturating_sub(1);
        let server = self
            .dns
            .servers
            .iter()
            .find(|s| s.pid == pid)
            .and_then(|s| match &s.host {
                crate::sim::dns::server::ServerHost::Netns(n) => {
                    Some((s.program.clone(), n.clone()))
                }
                crate::sim::dns::server::ServerHost::Internet => None,
            });
        match server {
            Some((comm, netns)) if !self.transport.procs.iter().any(|p| p.pid == pid) => {
                let ns = self.ns_id(netns.as_deref()).unwrap_or(NsId::ROOT);
                self.transport.procs.push(Process {
                    pid,
                    ns,
                    cmdline,
                    comm,
                    job: Some(job),
                    output: String::new(),
                });
            }
            // The job finished without a lasting process: its pid is used.
            _ => {
                self.alloc_pid();
            }
        }
    }

    /// Ends a process: its sockets close (what `kill PID` does). DNS
    /// servers are processes too. False if there is no such process.
    pub fn kill(&mut self, pid: u32) -> bool {
        let before = self.transport.procs.len();
        self.transport.procs.retain(|p| p.pid != pid);
        let gone: Vec<NsId> = self
            .transport
            .listeners
            .iter()
            .filter(|l| l.pid == pid)
            .map(|l| l.ns)
            .collect();
        for ns in gone {
            self.ns_mut(ns).sockets.retain(|s| s.pid != pid);
        }
        self.transport.listeners.retain(|l| l.pid != pid);
        self.transport.open.retain(|e| e.pid != Some(pid));
        let dns = pid != 0 && self.dns.stop(pid);
        // An ssh client or sshd takes its session and forwards with it.
        self.ssh_process_gone(pid);
        dns || before != self.transport.procs.len()
    }

    /// Processes and listeners of a deleted namespace go with it.
    pub(crate) fn transport_forget_ns(&mut self, ns: NsId) {
        let pids: Vec<u32> = self
            .transport
            .procs
            .iter()
            .filter(|p| p.ns == ns)
            .map(|p| p.pid)
            .collect();
        for p in pids {
            self.kill(p);
        }
        self.transport.open.retain(|e| e.ns != ns);
    }

    /// `bind()` + `listen()`: a socket of process `pid` that `service`
    /// answers. It is also one of the namespace's listening sockets
    /// ([`World::sockets`], what `ss -l` lists).
    pub fn serve(
        &mut self,
        pid: u32,
        proto: SockProto,
        addr: Option<Ipv4Addr>,
        port: u16,
        service: Service,
    ) -> Result<(), BindError> {
        let ns = self
            .transport
            .procs
            .iter()
            .find(|p| p.pid == pid)
            .map(|p| p.ns)
            .unwrap_or(NsId::ROOT);
        if let Some(a) = addr {
            if !a.is_unspecified() && !self.is_local_addr(ns, a) {
                return Err(BindError::NotLocal);
            }
        }
        let addr = addr.filter(|a| !a.is_unspecified());
        if self.bound(ns, proto, addr, port) {
            return Err(BindError::InUse);
        }
        let (program, backlog) = self
            .transport
            .procs
            .iter()
            .find(|p| p.pid == pid)
            .map(|p| {
                let b = match p.comm.as_str() {
                    "python3" => 5,
                    "nc" => 1,
                    _ => 4096,
                };
                (p.comm.clone(), b)
            })
            .unwrap_or_default();
        let sock = super::socket::Socket {
            proto: match proto {
                SockProto::Tcp => super::socket::SockProto::Tcp,
                SockProto::Udp => super::socket::SockProto::Udp,
            },
            addr: std::net::IpAddr::V4(addr.unwrap_or(Ipv4Addr::UNSPECIFIED)),
            port,
            pid,
            program,
            backlog,
            v6only: false,
        };
        self.listen(ns, sock).map_err(|_| BindError::InUse)?;
        self.transport.listeners.push(Listener {
            pid,
            ns,
            proto,
            addr,
            port,
            service,
        });
        Ok(())
    }

    /// True when a bind to (`addr`, `port`) would clash in `ns` (sockets
    /// and DNS servers).
    fn bound(&self, ns: NsId, proto: SockProto, addr: Option<Ipv4Addr>, port: u16) -> bool {
        let clash = |b: Option<Ipv4Addr>| b.is_none() || addr.is_none() || b == addr;
        self.socket_bound(ns, proto, port, addr)
            || self.dns_listens(ns).any(|(a, p)| p == port && clash(a))
    }

    /// A listening socket of `ns` (sshd, servers started in cells) takes
    /// `port` on `ip` (`None`: any address of the namespace).
    fn socket_bound(&self, ns: NsId, proto: SockProto, port: u16, ip: Option<Ipv4Addr>) -> bool {
        self.sockets(ns).iter().any(|s| {
            s.proto.is_tcp() == (proto == SockProto::Tcp)
                && s.port == port
                && match s.addr {
                    std::net::IpAddr::V4(a) => a.is_unspecified() || ip.is_none() || Some(a) == ip,
                    // A dual-stack IPv6 wildcard also takes IPv4.
                    std::net::IpAddr::V6(a) => a.is_unspecified() && !s.v6only,
                }
        })
    }

    /// (address, port) of every DNS server running in `ns` (they listen
    /// on UDP and TCP).
    pub fn dns_listens(&self, ns: NsId) -> impl Iterator<Item = (Option<Ipv4Addr>, u16)> + '_ {
        use crate::sim::dns::server::ServerHost;
        let name = self.ns(ns).name.clone();
        self.dns
            .servers
            .iter()
            .filter(move |s| s.host == ServerHost::Netns(name.clone()))
            .flat_map(|s| s.listen.iter())
            .filter_map(|l| match l.addr {
                None => Some((None, l.port)),
                Some(std::net::IpAddr::V4(a)) => Some((Some(a), l.port)),
                Some(_) => None,
            })
    }

    fn listener_for(
        &self,
        ns: NsId,
        proto: SockProto,
        ip: Ipv4Addr,
        port: u16,
    ) -> Option<&Listener> {
        let ls = || {
            self.transport
                .listeners
                .iter()
                .filter(move |l| l.ns == ns && l.proto == proto && l.port == port)
        };
        ls().find(|l| l.addr == Some(ip))
            .or_else(|| ls().find(|l| l.addr.is_none()))
    }

    /// A UDP socket (or a DNS server) in `ns` receives datagrams for `ip:port`.
    pub fn udp_listening(&self, ns: NsId, ip: Ipv4Addr, port: u16) -> bool {
        self.socket_bound(ns, SockProto::Udp, port, Some(ip))
            || self
                .transport
                .udp_clients
                .contains(&(ns, SocketAddrV4::new(ip, port)))
            || self
                .dns_listens(ns)
                .any(|(a, p)| p == port && (a.is_none() || a == Some(ip)))
    }

    /// A TCP listener (or a DNS server) in `ns` accepts connections to `ip:port`.
    pub fn tcp_listening(&self, ns: NsId, ip: Ipv4Addr, port: u16) -> bool {
        self.socket_bound(ns, SockProto::Tcp, port, Some(ip))
            || self
                .dns_listens(ns)
                .any(|(a, p)| p == port && (a.is_none() || a == Some(ip)))
    }

    /// The identifier of a new ping socket: the kernel binds each one to a
    /// fresh ident, so every `ping` run is a new conntrack connection (an
    /// entry left by an earlier run, NATed or not, is not reused). Counts
    /// 1, 2, 3... so outputs repeat run after run.
    pub fn icmp_ident(&mut self) -> u16 {
        self.transport.icmp_ids = self.transport.icmp_ids % u16::MAX + 1;
        self.transport.icmp_ids
    }

    fn ephemeral_port(&mut self) -> u16 {
        let p = EPHEMERAL_BASE + self.transport.next_port;
        self.transport.next_port = (self.transport.next_port + 1) % 10_000;
        p
    }

    fn owner_pid(&self, ns: NsId, proto: SockProto, ip: Ipv4Addr, port: u16) -> Option<u32> {
        self.listener_for(ns, proto, ip, port)
            .map(|l| l.pid)
            .or_else(|| {
                use crate::sim::dns::server::ServerHost;
                let name = self.ns(ns).name.clone();
                self.dns
                    .servers
                    .iter()
                    .find(|s| {
                        s.host == ServerHost::Netns(name.clone())
                            && s.listen.iter().any(|l| {
                                l.port == port
                                    && (l.addr.is_none()
                                        || l.addr == Some(std::net::IpAddr::V4(ip)))
                            })
                    })
                    .map(|s| s.pid)
            })
    }

    /// `connect()` from `ns` to `dst:port`: the TCP handshake (or, with
    /// `opts.udp`, one datagram) through the datapath, both ways, with
    /// netfilter and conntrack in every namespace crossed.
    pub fn connect(
        &mut self,
        ns: NsId,
        dst: Ipv4Addr,
        port: u16,
        opts: &ConnectOpts,
    ) -> Result<Conn, ConnectError> {
        let popts = ProbeOpts {
            dev: opts.dev,
            src: opts.src,
            ttl: 64,
        };
        let src = self.probe_source(ns, dst, &popts).map_err(|e| match e {
            SendError::NetworkUnreachable => ConnectError::NoRoute,
            SendError::BadSource => ConnectError::BadSource,
        })?;
        let sport = match opts.sport {
            Some(p) => p,
            None => self.ephemeral_port(),
        };
        let proto = if opts.udp {
            SockProto::Udp
        } else {
            SockProto::Tcp
        };
        let l4 = if opts.udp {
            L4::Udp { sport, dport: port }
        } else {
            L4::Tcp {
                sport,
                dport: port,
                kind: TcpKind::Syn,
            }
        };
        let first = Ipv4Packet {
            src,
            dst,
            ttl: 64,
            l4: l4.clone(),
            ct: None,
        };
        // A UDP client's socket receives the answer (no port unreachable).
        let me = (ns, SocketAddrV4::new(src, sport));
        if opts.udp {
            self.transport.udp_clients.push(me);
        }
        let d = self.send(ns, first, opts.dev);
        self.transport.udp_clients.retain(|x| *x != me);
        let mut trace = d.trace;
        // Where the first packet was delivered (after NAT on the way).
        let arrived = d.inbox.iter().find_map(|(n, p)| match (&p.l4, &l4) {
            (
                L4::Tcp {
                    kind: TcpKind::Syn, ..
                },
                L4::Tcp { .. },
            )
            | (L4::Udp { .. }, L4::Udp { .. })
                if !(n == &ns && p.src == dst && ports(&p.l4) == (port, sport)) =>
            {
                let (s, dp) = ports(&p.l4);
                Some((
                    *n,
                    SocketAddrV4::new(p.dst, dp),
                    SocketAddrV4::new(p.src, s),
                ))
            }
            _ => None,
        });
        // What came back to the client.
        let back = d.inbox.iter().find_map(|(n, p)| {
            if *n != ns {
                return None;
            }
            match &p.l4 {
                L4::Tcp { dport, kind, .. } if *dport == sport && p.dst == src => {
                    Some(Ok((*kind, p.src)))
                }
                L4::Error { kind, orig, .. } if **orig == l4 => Some(Err((*kind, p.src))),
                _ => None,
            }
        });
        match back {
            Some(Ok((TcpKind::SynAck, _))) => {}
            Some(Ok((_, from))) => return Err(ConnectError::Refused { from, trace }),
            Some(Err((IcmpError::PortUnreachable, from))) => {
                return Err(ConnectError::Refused { from, trace })
            }
            Some(Err((kind, from))) => return Err(ConnectError::Unreachable { from, kind, trace }),
            None if opts.udp => {}
            None => return Err(ConnectError::TimedOut { trace }),
        }
        let internet_answer = d.inbox.iter().any(|(n, p)| {
            *n == ns && p.src == dst && matches!(p.l4, L4::Udp { dport, .. } if dport == sport)
        }) || matches!(back, Some(Ok((TcpKind::SynAck, _))));
        let (server_ns, server_local, server_peer, internet) = match arrived {
            Some((n, l, p)) => (n, l, p, false),
            // Answered from beyond the uplink (the simulated Internet).
            None if internet_answer => (
                NsId::ROOT,
                SocketAddrV4::new(dst, port),
                SocketAddrV4::new(src, sport),
                true,
            ),
            // UDP: nothing answered and nothing refused; the datagram is lost.
            None => return Err(ConnectError::TimedOut { trace }),
        };
        let rtt_us = d.rtt_us;
        if !opts.udp {
            // The third segment of the handshake makes conntrack ESTABLISHED.
            let ack = Ipv4Packet {
                src,
                dst,
                ttl: 64,
                l4: L4::Tcp {
                    sport,
                    dport: port,
                    kind: TcpKind::Ack,
                },
                ct: None,
            };
            let d2 = self.send(ns, ack, opts.dev);
            trace.steps.extend(d2.trace.steps);
            trace.netfilter.extend(d2.trace.netfilter);
        }
        let server_pid = if internet {
            u32::MAX
        } else {
            self.owner_pid(server_ns, proto, *server_local.ip(), server_local.port())
                .unwrap_or(0)
        };
        let local = SocketAddrV4::new(src, sport);
        let remote = SocketAddrV4::new(dst, port);
        if !opts.udp && !internet {
            self.transport.open.push(Established {
                ns,
                proto,
                local,
                peer: remote,
                pid: None,
                until_us: None,
            });
            self.transport.open.push(Established {
                ns: server_ns,
                proto,
                local: server_local,
                peer: server_peer,
                pid: Some(server_pid),
                until_us: None,
            });
        }
        Ok(Conn {
            proto,
            client_ns: ns,
            local,
            remote,
            server_ns,
            server_local,
            server_peer,
            server_pid,
            trace,
            rtt_us,
        })
    }

    /// Sends `request` on an established connection and returns the
    /// server's answer (its [`Service`] computes it).
    pub fn exchange(&mut self, conn: &Conn, request: &[u8]) -> Vec<u8> {
        let service = self
            .listener_for(
                conn.server_ns,
                conn.proto,
                *conn.server_local.ip(),
                conn.server_local.port(),
            )
            .map(|l| l.service.clone());
        if conn.server_pid == u32::MAX {
            // A web server beyond the uplink (see `upstream`), never a local listener.
            return match conn.remote.port() {
                80 => crate::sim::stack::upstream::http_answer(*conn.remote.ip(), request),
                _ => Vec::new(),
            };
        }
        let Some(service) = service else {
            return Vec::new();
        };
        // The request and the answer cross the network as data segments
        // (rule counters, conntrack, a DROP added mid-connection).
        if conn.proto == SockProto::Tcp && !self.data_segment(conn, true) {
            return Vec::new();
        }
        let answer = service.handle(self, conn, request);
        if conn.proto == SockProto::Tcp && !answer.is_empty() && !self.data_segment(conn, false) {
            return Vec::new();
        }
        answer
    }

    /// Walks one data segment of `conn` (client to server when `up`);
    /// true when it reached the other end.
    pub(crate) fn data_segment(&mut self, conn: &Conn, up: bool) -> bool {
        let (ns, src, dst, to_ns, to) = if up {
            (
                conn.client_ns,
                conn.local,
                conn.remote,
                conn.server_ns,
                conn.server_local,
            )
        } else {
            (
                conn.server_ns,
                conn.server_local,
                conn.server_peer,
                conn.client_ns,
                conn.local,
            )
        };
        let pkt = Ipv4Packet {
            src: *src.ip(),
            dst: *dst.ip(),
            ttl: 64,
            l4: L4::Tcp {
                sport: src.port(),
                dport: dst.port(),
                kind: TcpKind::Data,
            },
            ct: None,
        };
        let d = self.send(ns, pkt, None);
        conn.server_pid == u32::MAX || d.inbox.iter().any(|(n, p)| {
            *n == to_ns
                && p.dst == *to.ip()
                && matches!(p.l4, L4::Tcp { dport, kind: TcpKind::Data, .. } if dport == to.port())
        })
    }

    /// Closes a connection: FIN both ways and the last ACK walk the
    /// datapath (conntrack sees the teardown), both sockets go.
    pub fn close(&mut self, conn: &Conn) {
        if conn.proto == SockProto::Tcp {
            let seg = |src: SocketAddrV4, dst: SocketAddrV4, kind| Ipv4Packet {
                src: *src.ip(),
                dst: *dst.ip(),
                ttl: 64,
                l4: L4::Tcp {
                    sport: src.port(),
                    dport: dst.port(),
                    kind,
                },
                ct: None,
            };
            self.send(
                conn.client_ns,
                seg(conn.local, conn.remote, TcpKind::Fin),
                None,
            );
            self.send(
                conn.server_ns,
                seg(conn.server_local, conn.server_peer, TcpKind::Fin),
                None,
            );
            self.send(
                conn.client_ns,
                seg(conn.local, conn.remote, TcpKind::Ack),
                None,
            );
        }
        // Who closes first keeps TIME-WAIT: an HTTP/1.0 server closes after
        // its answer; otherwise the client does.
        let server_first = self
            .listener_for(
                conn.server_ns,
                conn.proto,
                *conn.server_local.ip(),
                conn.server_local.port(),
            )
            .is_some_and(|l| matches!(l.service, Service::HttpServer { .. }));
        let now = self.now_us;
        self.transport.open.retain(|e| {
            e.until_us.is_none_or(|u| u > now)
                && !((e.ns == conn.client_ns && e.local == conn.local)
                    || (e.ns == conn.server_ns
                        && e.local == conn.server_local
                        && e.peer == conn.server_peer))
        });
        if conn.proto == SockProto::Tcp && conn.server_pid != u32::MAX {
            let (ns, local, peer) = if server_first {
                (conn.server_ns, conn.server_local, conn.server_peer)
            } else {
                (conn.client_ns, conn.local, conn.remote)
            };
            self.transport.open.push(Established {
                ns,
                proto: conn.proto,
                local,
                peer,
                pid: None,
                until_us: Some(now + 60_000_000),
            });
        }
    }
}

fn ports(l4: &L4) -> (u16, u16) {
    match l4 {
        L4::Udp { sport, dport } | L4::Tcp { sport, dport, .. } => (*sport, *dport),
        _ => (0, 0),
    }
}

impl Service {
    /// The answer to one request on `conn`.
    pub fn handle(&self, world: &mut World, conn: &Conn, request: &[u8]) -> Vec<u8> {
        match self {
            Service::HttpServer { dir } => http_answer(world, conn, dir, request),
            Service::Netcat { .. } => {
                let text = String::from_utf8_lossy(request).to_string();
                if let Some(p) = world
                    .transport
                    .procs
                    .iter_mut()
                    .find(|p| p.pid == conn.server_pid)
                {
                    p.output.push_str(&text);
                }
                Vec::new()
            }
            Service::App(app) => app.handle(world, conn, request),
        }
    }
}

/// Python's `http.server` (3.11): a directory listing for `/`, a file's
/// bytes for a path to a file, 404 otherwise; `HEAD` gets headers only.
fn http_answer(world: &mut World, conn: &Conn, dir: &str, request: &[u8]) -> Vec<u8> {
    let req = String::from_utf8_lossy(request);
    let first = req.lines().next().unwrap_or("");
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("GET").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let date = http_date(world.wall_clock_s());
    let fs_path = format!(
        "{}/{}",
        dir.trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    let (status, ctype, body) = if path.ends_with('/') {
        let mut names: Vec<String> = world.fs.list(&fs_path).unwrap_or_default();
        names.sort_by_key(|n| n.to_lowercase());
        let mut b =
            String::from("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b += &format!("<title>Directory listing for {path}</title>\n</head>\n<body>\n<h1>Directory listing for {path}</h1>\n<hr>\n<ul>\n");
        for n in names {
            b += &format!("<li><a href=\"{n}\">{n}</a></li>\n");
        }
        b += "</ul>\n<hr>\n</body>\n</html>\n";
        ("200 OK", "text/html; charset=utf-8", b)
    } else if let Ok(text) = world.fs.read(&fs_path).map(str::to_string) {
        let ctype = match path.rsplit('.').next() {
            Some("txt") | Some("conf") => "text/plain",
            Some("html") | Some("htm") => "text/html",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        ("200 OK", ctype, text)
    } else {
        let b = "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n".to_string();
        ("404 File not found", "text/html;charset=utf-8", b)
    };
    let server = "Server: SimpleHTTP/0.6 Python/3.11.2";
    let len = body.len();
    let mut out = if status.starts_with("404") {
        // send_error() adds Connection: close and spells Content-Type so.
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nConnection: close\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\n\r\n")
    } else if ctype.starts_with("text/html") {
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nContent-type: {ctype}\r\nContent-Length: {len}\r\n\r\n")
    } else {
        format!("HTTP/1.0 {status}\r\n{server}\r\nDate: {date}\r\nContent-type: {ctype}\r\nContent-Length: {len}\r\nLast-Modified: {date}\r\n\r\n")
    };
    if method != "HEAD" {
        out += &body;
    }
    // The server logs each request on stderr, as http.server does.
    let peer = conn.server_peer.ip();
    let line = format!(
        "{peer} - - [{}] \"{first}\" {} -\n",
        log_date(world.wall_clock_s()),
        &status[..3]
    );
    if let Some(p) = world
        .transport
        .procs
        .iter_mut()
        .find(|p| p.pid == conn.server_pid)
    {
        p.output.push_str(&line);
    }
    out.into_bytes()
}

/// RFC 7231 date: `Wed, 01 Jan 2025 00:00:00 GMT`.
pub fn http_date(unix: u64) -> String {
    let d = crate::sim::dns::format_date(unix); // "Wed Jan 01 00:00:00 UTC 2025"
    let f: Vec<&str> = d.split(' ').collect();
    format!("{}, {} {} {} {} GMT", f[0], f[2], f[1], f[5], f[3])
}

/// http.server's log date: `01/Jan/2025 00:00:00`.
fn log_date(unix: u64) -> String {
    let d = crate::sim::dns::format_date(unix);
    let f: Vec<&str> = d.split(' ').collect();
    format!("{}/{}/{} {}", f[2], f[1], f[5], f[3])
}
