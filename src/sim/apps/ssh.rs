//! SSH sessions over the simulated transport: sshd daemons, client
//! connections, and the forwards they carry (the runtime half of
//! [`super::tunnel`], which parses and decides).
//!
//! Follows OpenSSH 9.2's behaviour as seen from outside: sshd(8) listens
//! on TCP 22 (or `Port`/`-p`) and forks a per-connection `sshd: user@notty`
//! process; the client's TCP connection crosses the datapath like any
//! other, so routes, NAT and iptables apply. Forwards follow RFC 4254
//! section 7: a `-L`/`-D` listener in the client's namespace opens a
//! `direct-tcpip` channel and sshd connects **from the server's
//! namespace**; a `-R` listener (`tcpip-forward`) sits in the server's
//! namespace, owned by the per-connection sshd, and the client connects
//! from its own namespace. Channel numbers are assigned as ssh does: one
//! per listening socket first (two for a loopback or wildcard bind, IPv4
//! and IPv6), then the session channel, then forwarded connections.
//!
//! Listeners plug into [`crate::sim::transport::conn`] as [`App`]s, so `ss`, `curl`
//! and `kill` see and end them like any socket.

use super::socks;
use super::tunnel::{fwd_bind_plan, BindPlan, ForwardKind, ForwardSpec, GatewayPorts, SshdConfig};
use crate::sim::stack::link::NsId;
use crate::sim::stack::world::World;
use crate::sim::transport::conn::{App, Conn, ConnectOpts, Service, SockProto};
use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};
use std::sync::Arc;

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
    /// shell last collected it ([`World::take_tty_output`]).
    pub tty: String,
    next_id: u32,
    /// Forwards currently relaying (a forward that points at itself
    /// recurses until ssh runs out of file descriptors).
    depth: u32,
    /// The loop above was reported.
    exhausted: bool,
}

/// Nested relays allowed before ssh "runs out of descriptors".
const MAX_RELAY_DEPTH: u32 = 16;

/// Why `ssh` could not open a session; prints as ssh does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SshOpenError {
    /// `ssh: connect to host H port P: Connection refused` and friends.
    Connect(String, crate::sim::transport::conn::ConnectError),
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
}

/// sshd's listening sockets and the per-connection process answer with
/// the banner (what `nc host 22` shows).
#[derive(Debug)]
struct SshdApp;

impl App for SshdApp {
    fn name(&self) -> &str {
        "sshd"
    }
    fn handle(&self, _world: &mut World, _conn: &Conn, _request: &[u8]) -> Vec<u8> {
        SSHD_BANNER.as_bytes().to_vec()
    }
}

/// A forward's listening socket: relays each connection over its session.
#[derive(Debug)]
struct ForwardApp {
    session: u32,
    index: usize,
}

impl App for ForwardApp {
    fn name(&self) -> &str {
        "ssh-forward"
    }
    fn handle(&self, world: &mut World, conn: &Conn, request: &[u8]) -> Vec<u8> {
        world.ssh_relay(self.session, self.index, conn, request)
    }
}

impl World {
    /// Starts sshd in `ns` (`/usr/sbin/sshd`, `service ssh start`): a
    /// process listening on every configured port and address. Like the
    /// real daemon it detaches from the shell (no job) unless it runs in
    /// the foreground (`-D`). Returns the pid, or `None` when no address
    /// could be bound (sshd logs `Cannot bind any address.` to syslog and
    /// exits).
    pub fn sshd_start(&mut self, ns: NsId, cmdline: &str, config: SshdConfig) -> Option<u32> {
        let job = if config.foreground {
            None
        } else {
            self.transport.spawning.take()
        };
        let pid = self.spawn(ns, cmdline);
        if job.is_some() {
            self.transport.spawning = job;
        }
        let addrs: Vec<Option<Ipv4Addr>> = if config.listen_addresses.is_empty() {
            vec![None]
        } else {
            config
                .listen_addresses
                .iter()
                .filter_map(|a| match a {
                    IpAddr::V4(v) => Some(Some(*v)),
                    IpAddr::V6(_) => None,
                })
                .collect()
        };
        let mut bound = 0;
        for &port in &config.ports {
            for &a in &addrs {
                let svc = Service::App(Arc::new(SshdApp));
                if self.serve(pid, SockProto::Tcp, a, port, svc).is_ok() {
                    bound += 1;
                    let twin = a.is_none().then_some(std::net::Ipv6Addr::UNSPECIFIED);
                    self.ssh_socket_details(ns, pid, port, twin);
                }
            }
        }
        if bound == 0 {
            self.kill(pid);
            return None;
        }
        self.ssh.daemons.push(Daemon { pid, ns, config });
        Some(pid)
    }

    /// The sshd master owning the listener a connection reached: one
    /// started in a cell, or the host's own sshd (a listening socket of a
    /// program named `sshd` that no cell started; it reads the stock
    /// `/etc/ssh/sshd_config`).
    fn sshd_behind(&self, conn: &Conn) -> Option<Daemon> {
        let ip = *conn.server_local.ip();
        let port = conn.server_local.port();
        let ls = || {
            self.transport.listeners.iter().filter(move |l| {
                l.ns == conn.server_ns && l.proto == SockProto::Tcp && l.port == port
            })
        };
        if let Some(l) = ls()
            .find(|l| l.addr == Some(ip))
            .or_else(|| ls().find(|l| l.addr.is_none()))
        {
            return self.ssh.daemons.iter().find(|d| d.pid == l.pid).cloned();
        }
        let sock = self.sockets(conn.server_ns).iter().find(|s| {
            s.proto.is_tcp()
                && s.port == port
                && s.program == "sshd"
                && match s.addr {
                    IpAddr::V4(a) => a.is_unspecified() || a == ip,
                    IpAddr::V6(a) => a.is_unspecified() && !s.v6only,
                }
        })?;
        let config = self
            .read_file(None, "/etc/ssh/sshd_config")
            .ok()
            .and_then(|t| super::tunnel::SshdArgs::default().config(Some(&t)).ok())
            .unwrap_or_default();
        Some(Daemon {
            pid: sock.pid,
            ns: conn.server_ns,
            config,
        })
    }

    /// Pids of the sshd masters listening in `ns` (started in a cell, or
    /// the host's own), for `service ssh status|stop`.
    pub fn sshd_pids(&self, ns: NsId) -> Vec<u32> {
        let children: Vec<u32> = self.ssh.sessions.iter().map(|s| s.child_pid).collect();
        let mut pids: Vec<u32> = self
            .ssh
            .daemons
            .iter()
            .filter(|d| d.ns == ns)
            .map(|d| d.pid)
            .collect();
        for s in self.sockets(ns) {
            if s.program == "sshd" && !children.contains(&s.pid) && !pids.contains(&s.pid) {
                pids.push(s.pid);
            }
        }
        pids
    }

    /// Stops an sshd master: its listening sockets close (sessions live on).
    pub fn sshd_stop(&mut self, ns: NsId, pid: u32) {
        self.kill(pid);
        self.ns_mut(ns).sockets.retain(|s| s.pid != pid);
    }

    /// `ssh user@host`: connects from `ns` through the datapath, starts the
    /// per-connection sshd, and sets up the forwards (OpenSSH's order:
    /// local and dynamic listeners, then remote requests).
    ///
    /// ```
    /// use netbook::sim::ssh::SshRequest;
    /// use netbook::sim::transport::{ConnectOpts, Service, SockProto};
    /// use netbook::sim::tunnel::{ForwardKind, ForwardSpec, SshdConfig};
    /// use netbook::sim::World;
    /// let mut w = World::new();
    /// let host = w.ns_id(None).unwrap();
    /// let web = w.spawn(host, "python3 -m http.server 8080");
    /// w.serve(web, SockProto::Tcp, Some("127.0.0.1".parse().unwrap()), 8080,
    ///     Service::HttpServer { dir: "/root".into() }).unwrap();
    /// // The host's own sshd holds 22; start another on 2222.
    /// let cfg = SshdConfig { ports: vec![2222], ..Default::default() };
    /// w.sshd_start(host, "/usr/sbin/sshd -p 2222", cfg).unwrap();
    /// let fwd = [ForwardSpec::parse(ForwardKind::Local, "8888:127.0.0.1:8080").unwrap()];
    /// let req = SshRequest { user: "root", host: "127.0.0.1", ip: "127.0.0.1".parse().unwrap(),
    ///     port: 2222, forwards: &fwd, gateway_ports: false, exit_on_forward_failure: false,
    ///     no_command: true, cmdline: "ssh -p 2222 -f -N -L 8888:127.0.0.1:8080 root@127.0.0.1",
    ///     background: true, carrier: None };
    /// let opened = w.ssh_open(host, &req).unwrap();
    /// assert!(opened.messages.is_empty());
    /// // curl http://127.0.0.1:8888/ goes through the tunnel.
    /// let c = w.connect(host, "127.0.0.1".parse().unwrap(), 8888, &ConnectOpts::default()).unwrap();
    /// let page = w.exchange(&c, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    /// assert!(page.starts_with(b"HTTP/1.0 200 OK"));
    /// assert_eq!(w.ssh_relay_of(&c).unwrap().channel, 2);
    /// // Killing the ssh process closes the forward.
    /// w.kill(opened.client_pid);
    /// assert!(w.connect(host, "127.0.0.1".parse().unwrap(), 8888, &ConnectOpts::default()).is_err());
    /// ```
    pub fn ssh_open(&mut self, ns: NsId, req: &SshRequest) -> Result<SshOpened, SshOpenError> {
        let (conn, via, carried_by) = if let Some(cid) = req.carrier {
            match self.ssh_channel_connect(cid, req.ip, req.port) {
                Ok(far) => (far, None, Some(cid)),
                Err(m) => return Err(SshOpenError::Channel(m)),
            }
        } else {
            let conn = match self.connect(ns, req.ip, req.port, &ConnectOpts::default()) {
                Ok(c) => c,
                Err(e) => {
                    let msg = format!(
                        "ssh: connect to host {} port {}: {}",
                        req.host,
                        req.port,
                        e.strerror()
                    );
                    return Err(SshOpenError::Connect(msg, e));
                }
            };
            // Landing on a local forward: the SSH connection rides the tunnel
            // and sshd is whatever the forward's target is.
            match self.forward_at(&conn) {
                None => (conn, None, None),
                Some((sid, index)) => match self.ssh_relay_connect(sid, index) {
                    Ok(far) => (far, Some(conn), Some(sid)),
                    Err(msg) => {
                        self.ssh.tty.push_str(&msg);
                        self.ssh.tty.push('\n');
                        self.close(&conn);
                        return Err(SshOpenError::NotSsh(format!(
                            "kex_exchange_identification: Connection closed by remote host\nConnection closed by {} port {}",
                            req.ip, req.port
                        )));
                    }
                },
            }
        };
        let Some(daemon) = self.sshd_behind(&conn) else {
            self.close(&conn);
            if let Some(v) = &via {
                self.close(v);
            }
            return Err(SshOpenError::NotSsh(format!(
                "kex_exchange_identification: Connection closed by remote host\nConnection closed by {} port {}",
                req.ip, req.port
            )));
        };
        // The client process is the shell's job when run with `&`, but not
        // with -f (it forks away); the per-connection sshd never is.
        let held = if req.background {
            self.transport.spawning.take()
        } else {
            None
        };
        let client_pid = self.spawn(ns, req.cmdline);
        let left = self.transport.spawning.take();
        let child_pid = self.spawn(conn.server_ns, &format!("sshd: {}@notty", req.user));
        self.transport.spawning = held.or(left);
        if let Some(p) = self.transport.procs.iter_mut().find(|p| p.pid == child_pid) {
            p.comm = "sshd".into();
        }
        // ss -tnp shows both ends of the session with their processes.
        let client_end = via.as_ref().map_or(conn.local, |v| v.local);
        let carrier_child = carried_by
            .and_then(|c| self.ssh.sessions.iter().find(|s| s.id == c))
            .map(|s| s.child_pid);
        for e in self.transport.open.iter_mut() {
            if e.ns == ns && e.local == client_end {
                e.pid = Some(client_pid);
            } else if e.ns == conn.client_ns && e.local == conn.local && carrier_child.is_some() {
                e.pid = carrier_child;
            } else if e.ns == conn.server_ns
                && e.local == conn.server_local
                && e.peer == conn.server_peer
            {
                e.pid = Some(child_pid);
            }
        }
        self.ssh.next_id += 1;
        let id = self.ssh.next_id;
        let server_ns = conn.server_ns;
        if let Some(outer) = self
            .ssh
            .sessions
            .iter_mut()
            .find(|s| Some(s.id) == carried_by)
        {
            outer.open_channels += 1;
        }
        self.ssh.sessions.push(SshSession {
            id,
            client_pid,
            child_pid,
            daemon_pid: daemon.pid,
            user: req.user.to_string(),
            host: req.host.to_string(),
            client_ns: ns,
            conn,
            via,
            carried_by,
            open_channels: 0,
            jump_helper: false,
            forwards: Vec::new(),
            session_channel: false,
        });
        let mut messages = Vec::new();
        let mut exit = None;
        // Local and dynamic forwards: listeners in the client's namespace.
        let locals: Vec<&ForwardSpec> = req
            .forwards
            .iter()
            .filter(|f| f.kind != ForwardKind::Remote)
            .collect();
        let mut ok = 0;
        let gw = if req.gateway_ports {
            GatewayPorts::Yes
        } else {
            GatewayPorts::No
        };
        for spec in &locals {
            let plan = fwd_bind_plan(spec.listen_host.as_deref(), true, gw);
            match self.ssh_bind(id, ns, client_pid, spec, &plan, spec.listen_port) {
                Ok(()) => ok += 1,
                Err(mut m) => {
                    m.push(format!(
                        "channel_setup_fwd_listener_tcpip: cannot listen to port: {}",
                        spec.listen_port
                    ));
                    messages.extend(m);
                }
            }
        }
        if !locals.is_empty() && ok != locals.len() && req.exit_on_forward_failure {
            messages.push("Could not request local forwarding.".into());
            exit = Some(255);
        } else if !locals.is_empty() && ok == 0 {
            messages.push("Could not request local forwarding.".into());
        }
        if exit.is_none() {
            self.ssh_session_mut(id).session_channel = !req.no_command;
            // Remote forwards: sshd listens in its namespace.
            for spec in req
                .forwards
                .iter()
                .filter(|f| f.kind == ForwardKind::Remote)
            {
                let host = spec.listen_host.as_deref().unwrap_or("localhost");
                let plan = fwd_bind_plan(Some(host), false, daemon.config.gateway_ports);
                let port = if spec.listen_port == 0 {
                    self.ssh_free_port(server_ns)
                } else {
                    spec.listen_port
                };
                let allowed = daemon.config.allows_remote();
                if allowed
                    && self
                        .ssh_bind(id, server_ns, child_pid, spec, &plan, port)
                        .is_ok()
                {
                    if spec.listen_port == 0 {
                        if let Some((h, p)) = &spec.connect {
                            messages.push(format!(
                                "Allocated port {port} for remote forward to {h}:{p}"
                            ));
                        }
                    }
                } else if req.exit_on_forward_failure {
                    messages.push(format!(
                        "Error: remote port forwarding failed for listen port {}",
                        spec.listen_port
                    ));
                    exit = Some(255);
                    break;
                } else {
                    messages.push(format!(
                        "Warning: remote port forwarding failed for listen port {}",
                        spec.listen_port
                    ));
                }
            }
        }
        if exit.is_some() {
            self.ssh_close(id);
        }
        Ok(SshOpened {
            session: id,
            client_pid,
            server_ns,
            messages,
            exit,
        })
    }

    fn ssh_session_mut(&mut self, id: u32) -> &mut SshSession {
        let i = self
            .ssh
            .sessions
            .iter()
            .position(|s| s.id == id)
            .expect("session exists while it is being set up");
        &mut self.ssh.sessions[i]
    }

    /// A port nothing listens on in `ns` (sshd's choice for `-R 0:`).
    fn ssh_free_port(&self, ns: NsId) -> u16 {
        (33_000..60_000)
            .find(|p| {
                !self
                    .transport
                    .listeners
                    .iter()
                    .any(|l| l.ns == ns && l.port == *p)
            })
            .unwrap_or(33_000)
    }

    /// Binds one forward's listening sockets per `plan`; the bind error
    /// lines ssh prints when none could be bound.
    fn ssh_bind(
        &mut self,
        id: u32,
        ns: NsId,
        pid: u32,
        spec: &ForwardSpec,
        plan: &BindPlan,
        port: u16,
    ) -> Result<(), Vec<String>> {
        let (addr, v6_twin): (Option<Ipv4Addr>, bool) = match plan {
            BindPlan::Loopback => (Some(Ipv4Addr::LOCALHOST), true),
            BindPlan::Wildcard => (None, true),
            BindPlan::Addr(a) => match a.parse::<IpAddr>() {
                Ok(IpAddr::V4(v)) if v.is_unspecified() => (None, false),
                Ok(IpAddr::V4(v)) => (Some(v), false),
                // The simulated sockets are IPv4 only.
                _ => {
                    return Err(vec![format!(
                        "bind [{a}]:{port}: Cannot assign requested address"
                    )])
                }
            },
        };
        let index = self.ssh_session_mut(id).forwards.len();
        let svc = Service::App(Arc::new(ForwardApp { session: id, index }));
        match self.serve(pid, SockProto::Tcp, addr, port, svc) {
            Ok(()) => {
                let twin = match (v6_twin, addr) {
                    (false, _) => None,
                    (true, Some(_)) => Some(std::net::Ipv6Addr::LOCALHOST),
                    (true, None) => Some(std::net::Ipv6Addr::UNSPECIFIED),
                };
                self.ssh_socket_details(ns, pid, port, twin);
                let channels = if spec.kind == ForwardKind::Remote {
                    0
                } else {
                    1 + u32::from(v6_twin)
                };
                self.ssh_session_mut(id).forwards.push(ActiveForward {
                    spec: spec.clone(),
                    ns,
                    binds: vec![addr],
                    port,
                    channels,
                });
                Ok(())
            }
            Err(e) => {
                let shown = addr.unwrap_or(Ipv4Addr::UNSPECIFIED);
                Err(vec![format!("bind [{shown}]:{port}: {e}")])
            }
        }
    }

    /// OpenSSH listens with a backlog of 128 and, for a loopback or
    /// wildcard bind, also on IPv6 (`[::1]` / `[::]`, IPV6_V6ONLY): what
    /// `ss -tlnp` lists beside the IPv4 socket. The simulated traffic is
    /// IPv4, so the twin only shows in the tables.
    fn ssh_socket_details(
        &mut self,
        ns: NsId,
        pid: u32,
        port: u16,
        twin: Option<std::net::Ipv6Addr>,
    ) {
        let mut program = String::new();
        for sock in self.ns_mut(ns).sockets.iter_mut() {
            if sock.pid == pid && sock.port == port {
                sock.backlog = 128;
                program = sock.program.clone();
            }
        }
        let lo_v6 = self
            .links_of(ns)
            .find(|(_, l)| l.kind == crate::sim::stack::link::LinkKind::Loopback)
            .map(|(id, _)| id);
        let v6_ok = match twin {
            Some(a) if a.is_loopback() => lo_v6.is_some_and(|id| self.has_ipv6(id)),
            Some(_) => true,
            None => false,
        };
        if let (Some(addr), true) = (twin, v6_ok) {
            let _ = self.listen(
                ns,
                crate::sim::transport::socket::Socket {
                    proto: crate::sim::transport::socket::SockProto::Tcp6,
                    addr: IpAddr::V6(addr),
                    port,
                    pid,
                    program,
                    backlog: 128,
                    v6only: true,
                },
            );
        }
    }

    /// The local forward (session, index) whose listener `conn` reached.
    fn forward_at(&self, conn: &Conn) -> Option<(u32, usize)> {
        let ip = *conn.server_local.ip();
        self.ssh.sessions.iter().find_map(|s| {
            s.forwards
                .iter()
                .position(|f| {
                    f.spec.kind == ForwardKind::Local
                        && f.ns == conn.server_ns
                        && f.port == conn.server_local.port()
                        && f.binds.iter().any(|b| b.is_none() || *b == Some(ip))
                })
                .map(|i| (s.id, i))
        })
    }

    /// Opens a local forward's channel for a connection that stays open
    /// (another SSH session riding the tunnel): sshd connects to the target.
    fn ssh_relay_connect(&mut self, session: u32, index: usize) -> Result<Conn, String> {
        let s = self
            .ssh
            .sessions
            .iter()
            .find(|s| s.id == session)
            .ok_or_else(String::new)?;
        let channel = s.next_channel();
        let exit = s.conn.server_ns;
        let Some((host, port)) = s.forwards.get(index).and_then(|f| f.spec.connect.clone()) else {
            return Err(String::new());
        };
        let ip = self.ssh_resolve(exit, &host).ok_or_else(|| {
            format!("channel {channel}: open failed: connect failed: Name or service not known")
        })?;
        self.ssh_channel_connect(session, ip, port)
    }

    /// sshd of `session` opens a `direct-tcpip` channel that stays open:
    /// a connection from the server's namespace to `ip:port`.
    pub fn ssh_channel_connect(
        &mut self,
        session: u32,
        ip: Ipv4Addr,
        port: u16,
    ) -> Result<Conn, String> {
        let s = self
            .ssh
            .sessions
            .iter()
            .find(|s| s.id == session)
            .ok_or_else(String::new)?;
        let channel = s.next_channel();
        let exit = s.conn.server_ns;
        self.connect(exit, ip, port, &ConnectOpts::default())
            .map_err(|e| {
                let why = match e {
                    crate::sim::transport::conn::ConnectError::NoRoute => "open failed",
                    ref other => other.strerror(),
                };
                format!("channel {channel}: open failed: connect failed: {why}")
            })
    }

    /// Marks a session as a `-J` hop: it ends with the session it carries.
    pub fn ssh_mark_jump(&mut self, id: u32) {
        if let Some(s) = self.ssh.sessions.iter_mut().find(|s| s.id == id) {
            s.jump_helper = true;
        }
    }

    /// Ends a session: the TCP connection closes (FIN through the
    /// datapath), both processes and every forward's listener go.
    pub fn ssh_close(&mut self, id: u32) {
        let Some(i) = self.ssh.sessions.iter().position(|s| s.id == id) else {
            return;
        };
        let s = self.ssh.sessions.remove(i);
        if let Some(outer) = self
            .ssh
            .sessions
            .iter_mut()
            .find(|o| Some(o.id) == s.carried_by)
        {
            outer.open_channels = outer.open_channels.saturating_sub(1);
        }
        let helper_done = self
            .ssh
            .sessions
            .iter()
            .find(|o| Some(o.id) == s.carried_by)
            .is_some_and(|o| o.jump_helper && o.open_channels == 0);
        // Sessions riding this one's forwards lose their connection.
        let riders: Vec<(u32, String)> = self
            .ssh
            .sessions
            .iter()
            .filter(|r| r.carried_by == Some(id))
            .map(|r| (r.id, r.host.clone()))
            .collect();
        for (rid, host) in riders {
            self.ssh
                .tty
                .push_str(&format!("Connection to {host} closed by remote host.\n"));
            self.ssh_close(rid);
        }
        self.close(&s.conn);
        if let Some(v) = &s.via {
            self.close(v);
        }
        self.kill(s.client_pid);
        self.kill(s.child_pid);
        if let (true, Some(outer)) = (helper_done, s.carried_by) {
            self.ssh_close(outer);
        }
    }

    /// Called when a process ends (`kill`, namespace deleted): a killed
    /// client or per-connection sshd ends its session; a killed master
    /// stops listening but its sessions live on, as with the real sshd.
    pub fn ssh_process_gone(&mut self, pid: u32) {
        self.ssh.daemons.retain(|d| d.pid != pid);
        let hit: Vec<(u32, bool)> = self
            .ssh
            .sessions
            .iter()
            .filter(|s| s.client_pid == pid || s.child_pid == pid)
            .map(|s| (s.id, s.child_pid == pid))
            .collect();
        for (id, server_side) in hit {
            if server_side {
                if let Some(s) = self.ssh.sessions.iter().find(|s| s.id == id) {
                    let line = format!("Connection to {} closed by remote host.\n", s.host);
                    self.ssh.tty.push_str(&line);
                }
            }
            self.ssh_close(id);
        }
    }

    /// What background ssh processes printed since the last call.
    pub fn take_tty_output(&mut self) -> String {
        std::mem::take(&mut self.ssh.tty)
    }

    /// The relay that carried `inbound` (a connection to a forward's
    /// listener), for curl's hop-by-hop view.
    pub fn ssh_relay_of(&self, inbound: &Conn) -> Option<&Relay> {
        self.ssh.relays.iter().rev().find(|r| {
            r.inbound.server_ns == inbound.server_ns
                && r.inbound.server_peer == inbound.server_peer
                && r.inbound.server_local == inbound.server_local
        })
    }

    /// Resolves a forward's target (or a `-J` hop) from the namespace
    /// that connects.
    pub fn ssh_resolve(&self, ns: NsId, host: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = host.parse::<Ipv4Addr>() {
            return Some(ip);
        }
        if host == "localhost" {
            return Some(Ipv4Addr::LOCALHOST);
        }
        let name = self.ns(ns).name.clone();
        let r = crate::sim::dns::resolver::resolve_host(self, self, name.as_deref(), host, None);
        r.addrs.iter().find_map(|a| match a {
            IpAddr::V4(v) => Some(*v),
            IpAddr::V6(_) => None,
        })
    }

    /// Carries one connection that reached forward `index` of `session`.
    fn ssh_relay(&mut self, session: u32, index: usize, inbound: &Conn, request: &[u8]) -> Vec<u8> {
        if self.ssh.depth >= MAX_RELAY_DEPTH {
            if !self.ssh.exhausted {
                self.ssh.tty.push_str("accept: Too many open files\n");
                self.ssh.exhausted = true;
            }
            return Vec::new();
        }
        self.ssh.depth += 1;
        let answer = self.ssh_relay_once(session, index, inbound, request);
        self.ssh.depth -= 1;
        if self.ssh.depth == 0 {
            self.ssh.exhausted = false;
        }
        answer
    }

    fn ssh_relay_once(
        &mut self,
        session: u32,
        index: usize,
        inbound: &Conn,
        request: &[u8],
    ) -> Vec<u8> {
        let Some(s) = self.ssh.sessions.iter().find(|s| s.id == session) else {
            return Vec::new();
        };
        let Some(fwd) = s.forwards.get(index) else {
            return Vec::new();
        };
        let kind = fwd.spec.kind;
        let channel = s.next_channel();
        let (client_ns, server_ns) = (s.client_ns, s.conn.server_ns);
        let (ssh_client, ssh_server) = (s.conn.local, s.conn.server_local);
        let session_conn = s.conn.clone();
        let daemon_ok = self
            .ssh
            .daemons
            .iter()
            .find(|d| d.pid == s.daemon_pid)
            .is_none_or(|d| d.config.allows_local());
        let (exit_ns, host, port, payload, socks_v) = match (&fwd.spec.connect, kind) {
            (Some((h, p)), ForwardKind::Local) => {
                (server_ns, h.clone(), *p, request.to_vec(), None)
            }
            (Some((h, p)), ForwardKind::Remote) => {
                (client_ns, h.clone(), *p, request.to_vec(), None)
            }
            _ => {
                // SOCKS: the target is in the request.
                let Some(r) = socks::decode_request(request) else {
                    return Vec::new();
                };
                let exit = if kind == ForwardKind::Remote {
                    client_ns
                } else {
                    server_ns
                };
                (
                    exit,
                    r.target.to_string(),
                    r.port,
                    r.payload,
                    Some(r.version),
                )
            }
        };
        let mut relay = Relay {
            session,
            kind,
            inbound: inbound.clone(),
            channel,
            ssh_client,
            ssh_server,
            exit_ns,
            target: (host.clone(), port),
            outbound: Err(String::new()),
        };
        let fail = |why: &str| match kind {
            ForwardKind::Remote => format!("connect_to {host} port {port}: failed."),
            _ => format!("channel {channel}: open failed: {why}"),
        };
        // The channel's data crosses the SSH connection as TCP segments
        // (towards sshd for -L/-D, towards the client for -R): a firewall
        // that now drops port 22 stalls the tunnel, and nothing comes back.
        let towards_sshd = kind != ForwardKind::Remote;
        if !self.data_segment(&session_conn, towards_sshd) {
            relay.outbound = Err("the SSH connection's segments are dropped".into());
            self.ssh.relays.push(relay);
            return Vec::new();
        }
        let result = if kind != ForwardKind::Remote && !daemon_ok {
            Err(fail("administratively prohibited: open failed"))
        } else {
            match self.ssh_resolve(exit_ns, &host) {
                None => Err(fail("connect failed: Name or service not known")),
                Some(ip) => match self.connect(exit_ns, ip, port, &ConnectOpts::default()) {
                    Ok(c) => Ok(c),
                    Err(e) => {
                        // A connect that fails at once (no route in the
                        // server's table) is reported by sshd as "open failed".
                        let why = match e {
                            crate::sim::transport::conn::ConnectError::NoRoute => "open failed",
                            ref other => other.strerror(),
                        };
                        Err(fail(&format!("connect failed: {why}")))
                    }
                },
            }
        };
        let answer = match result {
            Ok(c) => {
                let mut answer = self.exchange(&c, &payload);
                self.close(&c);
                if !answer.is_empty() && !self.data_segment(&session_conn, !towards_sshd) {
                    answer.clear();
                }
                relay.outbound = Ok(c);
                match socks_v {
                    Some(v) => socks::encode_reply(v, &answer),
                    None => answer,
                }
            }
            Err(m) => {
                self.ssh.tty.push_str(&m);
                self.ssh.tty.push('\n');
                relay.outbound = Err(m);
                Vec::new()
            }
        };
        self.ssh.relays.push(relay);
        if self.ssh.relays.len() > 32 {
            self.ssh.relays.remove(0);
        }
        answer
    }
}
