//! sshd: starting and stopping the daemon, its listening sockets, and
//! which daemon answers a connection.

use super::listeners;
use super::state::Daemon;
use crate::sim::apps::sshd_config::SshdConfig;
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{Conn, Service, SockProto};
use crate::sim::stack::world::World;
use core::net::{IpAddr, Ipv4Addr};

/// Starts sshd in `ns` (`/usr/sbin/sshd`, `service ssh start`): a
/// process listening on every configured port and address. Like the
/// real daemon it detaches from the shell (no job) unless it runs in
/// the foreground (`-D`). Returns the pid, or `None` when no address
/// could be bound (sshd logs `Cannot bind any address.` to syslog and
/// exits).
pub fn start(w: &mut World, ns: NsId, cmdline: &str, config: SshdConfig) -> Option<u32> {
    let job = if config.foreground {
        None
    } else {
        w.transport.spawning.take()
    };
    let pid = w.spawn(ns, cmdline);
    if job.is_some() {
        w.transport.spawning = job;
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
            let svc = Service::Sshd;
            if w.serve(pid, SockProto::Tcp, a, port, svc).is_ok() {
                bound += 1;
                let twin = a.is_none().then_some(core::net::Ipv6Addr::UNSPECIFIED);
                listeners::socket_details(w, ns, pid, port, twin);
            }
        }
    }
    if bound == 0 {
        w.kill(pid);
        return None;
    }
    w.ssh.daemons.push(Daemon { pid, ns, config });
    Some(pid)
}

/// The sshd master owning the listener a connection reached: one
/// started in a cell, or the host's own sshd (a listening socket of a
/// program named `sshd` that no cell started; it reads the stock
/// `/etc/ssh/sshd_config`).
pub(crate) fn behind(w: &World, conn: &Conn) -> Option<Daemon> {
    let ip = *conn.server_local.ip();
    let port = conn.server_local.port();
    let ls = || {
        w.transport
            .listeners
            .iter()
            .filter(move |l| l.ns == conn.server_ns && l.proto == SockProto::Tcp && l.port == port)
    };
    if let Some(l) = ls()
        .find(|l| l.addr == Some(ip))
        .or_else(|| ls().find(|l| l.addr.is_none()))
    {
        return w.ssh.daemons.iter().find(|d| d.pid == l.pid).cloned();
    }
    let sock = w.sockets(conn.server_ns).iter().find(|s| {
        s.proto.is_tcp()
            && s.port == port
            && s.program == "sshd"
            && match s.addr {
                IpAddr::V4(a) => a.is_unspecified() || a == ip,
                IpAddr::V6(a) => a.is_unspecified() && !s.v6only,
            }
    })?;
    let config = w
        .read_file(None, "/etc/ssh/sshd_config")
        .ok()
        .and_then(|t| {
            crate::sim::apps::sshd_config::SshdArgs::default()
                .config(Some(&t))
                .ok()
        })
        .unwrap_or_default();
    Some(Daemon {
        pid: sock.pid,
        ns: conn.server_ns,
        config,
    })
}

/// Pids of the sshd masters listening in `ns` (started in a cell, or
/// the host's own), for `service ssh status|stop`.
pub fn pids(w: &World, ns: NsId) -> Vec<u32> {
    let children: Vec<u32> = w.ssh.sessions.iter().map(|s| s.child_pid).collect();
    let mut pids: Vec<u32> = w
        .ssh
        .daemons
        .iter()
        .filter(|d| d.ns == ns)
        .map(|d| d.pid)
        .collect();
    for s in w.sockets(ns) {
        if s.program == "sshd" && !children.contains(&s.pid) && !pids.contains(&s.pid) {
            pids.push(s.pid);
        }
    }
    pids
}

/// Stops an sshd master: its listening sockets close (sessions live on).
pub fn stop(w: &mut World, ns: NsId, pid: u32) {
    w.kill(pid);
    w.ns_mut(ns).sockets.retain(|s| s.pid != pid);
}
