//! A forward's traffic: each connection to a forward's listener is relayed
//! over the session as a channel to its target (`-L`, `-R`, `-D`).

use super::lookup;
use super::state::{Relay, MAX_RELAY_DEPTH};
use crate::sim::apps::socks;
use crate::sim::apps::tunnel::ForwardKind;
use crate::sim::stack::transport::table::{Conn, ConnectOpts};
use crate::sim::stack::world::World;
use core::net::Ipv4Addr;

/// The local forward (session, index) whose listener `conn` reached.
pub(crate) fn forward_at(w: &World, conn: &Conn) -> Option<(u32, usize)> {
    let ip = *conn.server_local.ip();
    w.ssh.sessions.iter().find_map(|s| {
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
pub(crate) fn relay_connect(w: &mut World, session: u32, index: usize) -> Result<Conn, String> {
    let s = lookup::session(w, session)?;
    let channel = s.next_channel();
    let exit = s.conn.server_ns;
    let Some((host, port)) = s.forwards.get(index).and_then(|f| f.spec.connect.clone()) else {
        return Err(String::new());
    };
    let ip = lookup::resolve(w, exit, &host).ok_or_else(|| {
        format!("channel {channel}: open failed: connect failed: Name or service not known")
    })?;
    channel_connect(w, session, ip, port)
}

/// sshd of `session` opens a `direct-tcpip` channel that stays open:
/// a connection from the server's namespace to `ip:port`.
pub fn channel_connect(
    w: &mut World,
    session: u32,
    ip: Ipv4Addr,
    port: u16,
) -> Result<Conn, String> {
    let s = lookup::session(w, session)?;
    let channel = s.next_channel();
    let exit = s.conn.server_ns;
    w.connect(exit, ip, port, &ConnectOpts::default())
        .map_err(|e| {
            let why = match e {
                crate::sim::stack::transport::table::ConnectError::NoRoute => "open failed",
                ref other => other.strerror(),
            };
            format!("channel {channel}: open failed: connect failed: {why}")
        })
}

/// The relay that carried `inbound` (a connection to a forward's
/// listener), for curl's hop-by-hop view.
pub fn relay_of<'a>(w: &'a World, inbound: &Conn) -> Option<&'a Relay> {
    w.ssh.relays.iter().rev().find(|r| {
        r.inbound.server_ns == inbound.server_ns
            && r.inbound.server_peer == inbound.server_peer
            && r.inbound.server_local == inbound.server_local
    })
}

/// Carries one connection that reached forward `index` of `session`.
pub(crate) fn relay(
    w: &mut World,
    session: u32,
    index: usize,
    inbound: &Conn,
    request: &[u8],
) -> Vec<u8> {
    if w.ssh.depth >= MAX_RELAY_DEPTH {
        if !w.ssh.exhausted {
            w.ssh.tty.push_str("accept: Too many open files\r\n");
            w.ssh.exhausted = true;
        }
        return Vec::new();
    }
    w.ssh.depth += 1;
    let answer = relay_once(w, session, index, inbound, request);
    w.ssh.depth -= 1;
    if w.ssh.depth == 0 {
        w.ssh.exhausted = false;
    }
    answer
}

/// [`relay`] without the guard against a forward that reaches itself.
fn relay_once(
    w: &mut World,
    session: u32,
    index: usize,
    inbound: &Conn,
    request: &[u8],
) -> Vec<u8> {
    let Some(s) = w.ssh.sessions.iter().find(|s| s.id == session) else {
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
    let daemon_ok = w
        .ssh
        .daemons
        .iter()
        .find(|d| d.pid == s.daemon_pid)
        .is_none_or(|d| d.config.allows_local());
    let (exit_ns, host, port, payload, socks_v) = match (&fwd.spec.connect, kind) {
        (Some((h, p)), ForwardKind::Local) => (server_ns, h.clone(), *p, request.to_vec(), None),
        (Some((h, p)), ForwardKind::Remote) => (client_ns, h.clone(), *p, request.to_vec(), None),
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
    if !w.data_segment(&session_conn, towards_sshd) {
        relay.outbound = Err("the SSH connection's segments are dropped".into());
        w.ssh.relays.push(relay);
        return Vec::new();
    }
    let result = if kind != ForwardKind::Remote && !daemon_ok {
        Err(fail("administratively prohibited: open failed"))
    } else {
        match lookup::resolve(w, exit_ns, &host) {
            None => Err(fail("connect failed: Name or service not known")),
            Some(ip) => match w.connect(exit_ns, ip, port, &ConnectOpts::default()) {
                Ok(c) => Ok(c),
                Err(e) => {
                    // A connect that fails at once (no route in the
                    // server's table) is reported by sshd as "open failed".
                    let why = match e {
                        crate::sim::stack::transport::table::ConnectError::NoRoute => "open failed",
                        ref other => other.strerror(),
                    };
                    Err(fail(&format!("connect failed: {why}")))
                }
            },
        }
    };
    let answer = match result {
        Ok(c) => {
            let mut answer = w.exchange(&c, &payload);
            w.close(&c);
            if !answer.is_empty() && !w.data_segment(&session_conn, !towards_sshd) {
                answer.clear();
            }
            relay.outbound = Ok(c);
            match socks_v {
                Some(v) => socks::encode_reply(v, &answer),
                None => answer,
            }
        }
        Err(m) => {
            // channels.c says it with logit(): INFO, which -q and
            // LogLevel=ERROR silence.
            if !lookup::session(w, session).is_ok_and(|s| s.quiet) {
                w.ssh.tty.push_str(&m);
                w.ssh.tty.push_str("\r\n");
            }
            relay.outbound = Err(m);
            Vec::new()
        }
    };
    w.ssh.relays.push(relay);
    if w.ssh.relays.len() > 32 {
        w.ssh.relays.remove(0);
    }
    answer
}
