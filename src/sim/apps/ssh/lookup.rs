//! Finding a session by id, and resolving a forward's target or a `-J`
//! hop from the namespace that connects.

use super::state::SshSession;
use crate::sim::stack::link::NsId;
use crate::sim::stack::world::World;
use core::net::{IpAddr, Ipv4Addr};

/// An open session; the empty error is "gone" (its caller knows what
/// the client prints then).
pub fn session(w: &World, id: u32) -> Result<&SshSession, String> {
    w.ssh
        .sessions
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(String::new)
}

/// The session being set up (it exists until `close`).
pub fn session_mut(w: &mut World, id: u32) -> &mut SshSession {
    let i = w
        .ssh
        .sessions
        .iter()
        .position(|s| s.id == id)
        .expect("session exists while it is being set up");
    &mut w.ssh.sessions[i]
}

/// Resolves a forward's target (or a `-J` hop) from the namespace
/// that connects.
pub fn resolve(w: &mut World, ns: NsId, host: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Some(ip);
    }
    if host == "localhost" {
        return Some(Ipv4Addr::LOCALHOST);
    }
    let name = w.ns(ns).name.clone();
    let r = crate::sim::dns::resolver::resolve_host(w, name.as_deref(), host, None);
    r.addrs.iter().find_map(|a| match a {
        IpAddr::V4(v) => Some(*v),
        IpAddr::V6(_) => None,
    })
}
