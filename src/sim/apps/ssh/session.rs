//! `ssh user@host`: opening a session (authentication, the forwards'
//! listeners, OpenSSH's bind rules and messages) and closing it.

use super::state::{ActiveForward, SshOpenError, SshOpened, SshRequest, SshSession};
use crate::sim::apps::tunnel::{fwd_bind_plan, BindPlan, ForwardKind, ForwardSpec, GatewayPorts};
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{ConnectOpts, Service, SockProto};
use crate::sim::stack::world::World;
use core::net::{IpAddr, Ipv4Addr};

impl World {
    /// `ssh user@host`: connects from `ns` through the datapath, starts the
    /// per-connection sshd, and sets up the forwards (OpenSSH's order:
    /// local and dynamic listeners, then remote requests).
    ///
    /// ```
    /// use netbook::sim::ssh::SshRequest;
    /// use netbook::sim::stack::transport::{ConnectOpts, Service, SockProto};
    /// use netbook::sim::apps::tunnel::{ForwardKind, ForwardSpec};
    /// use netbook::sim::apps::sshd_config::SshdConfig;
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
                        self.ssh.tty.push_str("\r\n");
                        self.close(&conn);
                        return Err(SshOpenError::NotSsh(format!(
                            "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by {} port {}",
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
                "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by {} port {}",
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

    /// An open session; the empty error is "gone" (its caller knows what
    /// the client prints then).
    pub(crate) fn ssh_session(&self, id: u32) -> Result<&SshSession, String> {
        self.ssh
            .sessions
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(String::new)
    }

    pub(crate) fn ssh_session_mut(&mut self, id: u32) -> &mut SshSession {
        let i = self
            .ssh
            .sessions
            .iter()
            .position(|s| s.id == id)
            .expect("session exists while it is being set up");
        &mut self.ssh.sessions[i]
    }

    /// A port nothing listens on in `ns` (sshd's choice for `-R 0:`).
    pub(crate) fn ssh_free_port(&self, ns: NsId) -> u16 {
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
    pub(crate) fn ssh_bind(
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
        let svc = Service::SshForward { session: id, index };
        match self.serve(pid, SockProto::Tcp, addr, port, svc) {
            Ok(()) => {
                let twin = match (v6_twin, addr) {
                    (false, _) => None,
                    (true, Some(_)) => Some(core::net::Ipv6Addr::LOCALHOST),
                    (true, None) => Some(core::net::Ipv6Addr::UNSPECIFIED),
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
    pub(crate) fn ssh_socket_details(
        &mut self,
        ns: NsId,
        pid: u32,
        port: u16,
        twin: Option<core::net::Ipv6Addr>,
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
                crate::sim::stack::transport::socket::Socket {
                    proto: crate::sim::stack::transport::socket::SockProto::Tcp6,
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
                .push_str(&format!("Connection to {host} closed by remote host.\r\n"));
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
                    let line = format!("Connection to {} closed by remote host.\r\n", s.host);
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

    /// Resolves a forward's target (or a `-J` hop) from the namespace
    /// that connects.
    pub fn ssh_resolve(&mut self, ns: NsId, host: &str) -> Option<Ipv4Addr> {
        if let Ok(ip) = host.parse::<Ipv4Addr>() {
            return Some(ip);
        }
        if host == "localhost" {
            return Some(Ipv4Addr::LOCALHOST);
        }
        let name = self.ns(ns).name.clone();
        let r = crate::sim::dns::resolver::resolve_host(self, name.as_deref(), host, None);
        r.addrs.iter().find_map(|a| match a {
            IpAddr::V4(v) => Some(*v),
            IpAddr::V6(_) => None,
        })
    }
}
