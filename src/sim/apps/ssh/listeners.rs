//! A session's listening sockets: each forward's bind (OpenSSH's rules
//! and messages) and the IPv6 twin `ss` shows beside it.

use super::lookup::session_mut;
use super::state::ActiveForward;
use crate::sim::apps::tunnel::{BindPlan, ForwardKind, ForwardSpec};
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{Service, SockProto};
use crate::sim::stack::world::World;
use core::net::{IpAddr, Ipv4Addr};

/// A port nothing listens on in `ns` (sshd's choice for `-R 0:`).
pub fn free_port(w: &World, ns: NsId) -> u16 {
    (33_000..60_000)
        .find(|p| {
            !w.transport
                .listeners
                .iter()
                .any(|l| l.ns == ns && l.port == *p)
        })
        .unwrap_or(33_000)
}

/// Binds one forward's listening sockets per `plan`; the bind error
/// lines ssh prints when none could be bound.
pub fn bind(
    w: &mut World,
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
    let index = session_mut(w, id).forwards.len();
    let svc = Service::SshForward { session: id, index };
    match w.serve(pid, SockProto::Tcp, addr, port, svc) {
        Ok(()) => {
            let twin = match (v6_twin, addr) {
                (false, _) => None,
                (true, Some(_)) => Some(core::net::Ipv6Addr::LOCALHOST),
                (true, None) => Some(core::net::Ipv6Addr::UNSPECIFIED),
            };
            socket_details(w, ns, pid, port, twin);
            let channels = if spec.kind == ForwardKind::Remote {
                0
            } else {
                1 + u32::from(v6_twin)
            };
            session_mut(w, id).forwards.push(ActiveForward {
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
pub fn socket_details(
    w: &mut World,
    ns: NsId,
    pid: u32,
    port: u16,
    twin: Option<core::net::Ipv6Addr>,
) {
    let mut program = String::new();
    for sock in w.ns_mut(ns).sockets.iter_mut() {
        if sock.pid == pid && sock.port == port {
            sock.backlog = 128;
            program = sock.program.clone();
        }
    }
    let lo_v6 = w
        .links_of(ns)
        .find(|(_, l)| l.kind == crate::sim::stack::link::LinkKind::Loopback)
        .map(|(id, _)| id);
    let v6_ok = match twin {
        Some(a) if a.is_loopback() => lo_v6.is_some_and(|id| w.has_ipv6(id)),
        Some(_) => true,
        None => false,
    };
    if let (Some(addr), true) = (twin, v6_ok) {
        let _ = w.listen(
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
