//! `ssh user@host`: opening a session (authentication, the forwards'
//! listeners, OpenSSH's bind rules and messages) and closing it.

use super::listeners::{bind, free_port};
use super::lookup::session_mut;
use super::state::{SshOpenError, SshOpened, SshRequest, SshSession};
use super::{daemon, relay};
use crate::sim::apps::tunnel::{fwd_bind_plan, ForwardKind, ForwardSpec, GatewayPorts};
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::ConnectOpts;
use crate::sim::stack::world::World;

/// `ssh user@host`: connects from `ns` through the datapath, starts the
/// per-connection sshd, and sets up the forwards (OpenSSH's order:
/// local and dynamic listeners, then remote requests).
///
/// ```
/// use netbook::sim::ssh::{daemon, relay, session, SshRequest};
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
/// daemon::start(&mut w, host, "/usr/sbin/sshd -p 2222", cfg).unwrap();
/// let fwd = [ForwardSpec::parse(ForwardKind::Local, "8888:127.0.0.1:8080").unwrap()];
/// let req = SshRequest { user: "root", host: "127.0.0.1", ip: "127.0.0.1".parse().unwrap(),
///     port: 2222, forwards: &fwd, gateway_ports: false, exit_on_forward_failure: false,
///     no_command: true, cmdline: "ssh -p 2222 -f -N -L 8888:127.0.0.1:8080 root@127.0.0.1",
///     background: true, carrier: None, quiet: false };
/// let opened = session::open(&mut w, host, &req).unwrap();
/// assert!(opened.messages.is_empty());
/// // curl http://127.0.0.1:8888/ goes through the tunnel.
/// let c = w.connect(host, "127.0.0.1".parse().unwrap(), 8888, &ConnectOpts::default()).unwrap();
/// let page = w.exchange(&c, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
/// assert!(page.starts_with(b"HTTP/1.0 200 OK"));
/// assert_eq!(relay::relay_of(&w, &c).unwrap().channel, 2);
/// // Killing the ssh process closes the forward.
/// w.kill(opened.client_pid);
/// assert!(w.connect(host, "127.0.0.1".parse().unwrap(), 8888, &ConnectOpts::default()).is_err());
/// ```
pub fn open(w: &mut World, ns: NsId, req: &SshRequest) -> Result<SshOpened, SshOpenError> {
    let (conn, via, carried_by) = if let Some(cid) = req.carrier {
        match relay::channel_connect(w, cid, req.ip, req.port) {
            Ok(far) => (far, None, Some(cid)),
            Err(m) => return Err(SshOpenError::Channel(m)),
        }
    } else {
        let conn = match w.connect(ns, req.ip, req.port, &ConnectOpts::default()) {
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
        match relay::forward_at(w, &conn) {
            None => (conn, None, None),
            Some((sid, index)) => match relay::relay_connect(w, sid, index) {
                Ok(far) => (far, Some(conn), Some(sid)),
                Err(msg) => {
                    w.ssh.tty.push_str(&msg);
                    w.ssh.tty.push_str("\r\n");
                    w.close(&conn);
                    return Err(SshOpenError::NotSsh(format!(
                        "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by {} port {}",
                        req.ip, req.port
                    )));
                }
            },
        }
    };
    let Some(daemon) = daemon::behind(w, &conn) else {
        w.close(&conn);
        if let Some(v) = &via {
            w.close(v);
        }
        return Err(SshOpenError::NotSsh(format!(
            "kex_exchange_identification: Connection closed by remote host\r\nConnection closed by {} port {}",
            req.ip, req.port
        )));
    };
    // The client process is the shell's job when run with `&`, but not
    // with -f (it forks away); the per-connection sshd never is.
    let held = if req.background {
        w.transport.spawning.take()
    } else {
        None
    };
    let client_pid = w.spawn(ns, req.cmdline);
    let left = w.transport.spawning.take();
    let child_pid = w.spawn(conn.server_ns, &format!("sshd: {}@notty", req.user));
    w.transport.spawning = held.or(left);
    if let Some(p) = w.transport.procs.iter_mut().find(|p| p.pid == child_pid) {
        p.comm = "sshd".into();
    }
    // ss -tnp shows both ends of the session with their processes.
    let client_end = via.as_ref().map_or(conn.local, |v| v.local);
    let carrier_child = carried_by
        .and_then(|c| w.ssh.sessions.iter().find(|s| s.id == c))
        .map(|s| s.child_pid);
    for e in w.transport.open.iter_mut() {
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
    w.ssh.next_id += 1;
    let id = w.ssh.next_id;
    let server_ns = conn.server_ns;
    if let Some(outer) = w.ssh.sessions.iter_mut().find(|s| Some(s.id) == carried_by) {
        outer.open_channels += 1;
    }
    w.ssh.sessions.push(SshSession {
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
        quiet: req.quiet,
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
        match bind(w, id, ns, client_pid, spec, &plan, spec.listen_port) {
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
        session_mut(w, id).session_channel = !req.no_command;
        // Remote forwards: sshd listens in its namespace.
        for spec in req
            .forwards
            .iter()
            .filter(|f| f.kind == ForwardKind::Remote)
        {
            let host = spec.listen_host.as_deref().unwrap_or("localhost");
            let plan = fwd_bind_plan(Some(host), false, daemon.config.gateway_ports);
            let port = if spec.listen_port == 0 {
                free_port(w, server_ns)
            } else {
                spec.listen_port
            };
            let allowed = daemon.config.allows_remote();
            if allowed && bind(w, id, server_ns, child_pid, spec, &plan, port).is_ok() {
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
        close(w, id);
    }
    Ok(SshOpened {
        session: id,
        client_pid,
        server_ns,
        messages,
        exit,
    })
}

/// Marks a session as a `-J` hop: it ends with the session it carries.
pub fn mark_jump(w: &mut World, id: u32) {
    if let Some(s) = w.ssh.sessions.iter_mut().find(|s| s.id == id) {
        s.jump_helper = true;
    }
}

/// Ends a session: the TCP connection closes (FIN through the
/// datapath), both processes and every forward's listener go.
pub fn close(w: &mut World, id: u32) {
    let Some(i) = w.ssh.sessions.iter().position(|s| s.id == id) else {
        return;
    };
    let s = w.ssh.sessions.remove(i);
    if let Some(outer) = w
        .ssh
        .sessions
        .iter_mut()
        .find(|o| Some(o.id) == s.carried_by)
    {
        outer.open_channels = outer.open_channels.saturating_sub(1);
    }
    let helper_done = w
        .ssh
        .sessions
        .iter()
        .find(|o| Some(o.id) == s.carried_by)
        .is_some_and(|o| o.jump_helper && o.open_channels == 0);
    // Sessions riding this one's forwards lose their connection.
    let riders: Vec<(u32, String)> = w
        .ssh
        .sessions
        .iter()
        .filter(|r| r.carried_by == Some(id))
        .map(|r| (r.id, r.host.clone()))
        .collect();
    for (rid, host) in riders {
        w.ssh
            .tty
            .push_str(&format!("Connection to {host} closed by remote host.\r\n"));
        close(w, rid);
    }
    w.close(&s.conn);
    if let Some(v) = &s.via {
        w.close(v);
    }
    w.kill(s.client_pid);
    w.kill(s.child_pid);
    if let (true, Some(outer)) = (helper_done, s.carried_by) {
        close(w, outer);
    }
}

/// Called when a process ends (`kill`, namespace deleted): a killed
/// client or per-connection sshd ends its session; a killed master
/// stops listening but its sessions live on, as with the real sshd.
pub fn process_gone(w: &mut World, pid: u32) {
    w.ssh.daemons.retain(|d| d.pid != pid);
    let hit: Vec<(u32, bool)> = w
        .ssh
        .sessions
        .iter()
        .filter(|s| s.client_pid == pid || s.child_pid == pid)
        .map(|s| (s.id, s.child_pid == pid))
        .collect();
    for (id, server_side) in hit {
        if server_side {
            if let Some(s) = w.ssh.sessions.iter().find(|s| s.id == id) {
                let line = format!("Connection to {} closed by remote host.\r\n", s.host);
                w.ssh.tty.push_str(&line);
            }
        }
        close(w, id);
    }
}

/// What background ssh processes printed since the last call.
pub fn take_tty_output(w: &mut World) -> String {
    std::mem::take(&mut w.ssh.tty)
}
