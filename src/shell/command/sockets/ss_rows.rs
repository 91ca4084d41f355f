//! The sockets `ss`, `netstat` and `netbook check` see in a namespace, as
//! rows: listeners (UDP ones connected to a first sender show `ESTAB`),
//! DNS servers, and open or TIME-WAIT connections.

use crate::sim::stack::transport::SockProto;
use crate::sim::{NsId, World};
use core::net::IpAddr;

#[derive(Debug, Clone)]
pub(crate) struct SockRow {
    pub(crate) proto: SockProto,
    pub(crate) v6: bool,
    pub(crate) v6only: bool,
    pub(crate) state: &'static str,
    pub(crate) recv_q: u32,
    pub(crate) send_q: u32,
    pub(crate) local: (Option<IpAddr>, Option<u16>),
    pub(crate) peer: (Option<IpAddr>, Option<u16>),
    pub(crate) pid: Option<u32>,
    pub(crate) comm: String,
    pub(crate) fd: u32,
    pub(crate) listening: bool,
}

pub(crate) fn sock_rows(w: &World, ns: NsId) -> Vec<SockRow> {
    let comm = |pid: u32| -> String {
        w.transport
            .procs
            .iter()
            .find(|p| p.pid == pid)
            .map(|p| p.comm.clone())
            .or_else(|| {
                w.dns
                    .servers
                    .iter()
                    .find(|s| s.pid == pid)
                    .map(|s| s.program.clone())
            })
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    // Listening sockets in the order they were opened.
    for s in w.sockets(ns) {
        let tcp = s.proto.is_tcp();
        // A UDP socket connected to its first sender (`nc -u -l`).
        let peer = (!tcp && s.addr.is_ipv4())
            .then(|| w.udp_peer(ns, s.pid, s.port))
            .flatten();
        let v4 = |a: core::net::SocketAddrV4| (Some(IpAddr::V4(*a.ip())), Some(a.port()));
        rows.push(SockRow {
            proto: if tcp { SockProto::Tcp } else { SockProto::Udp },
            v6: s.addr.is_ipv6(),
            v6only: s.v6only,
            state: match (tcp, peer) {
                (true, _) => "LISTEN",
                (false, None) => "UNCONN",
                (false, Some(_)) => "ESTAB",
            },
            recv_q: 0,
            send_q: if tcp { s.backlog } else { 0 },
            local: match peer {
                Some(u) => v4(u.local),
                None => (Some(s.addr).filter(|a| !a.is_unspecified()), Some(s.port)),
            },
            peer: peer.map_or((None, None), |u| v4(u.peer)),
            pid: Some(s.pid),
            comm: s.program.clone(),
            fd: 3,
            listening: peer.is_none(),
        });
    }
    // DNS servers: UDP and TCP on each listen address.
    use crate::sim::dns::message::ServerHost;
    let name = w.ns(ns).name.clone();
    for s in w
        .dns
        .servers
        .iter()
        .filter(|s| s.host == ServerHost::Netns(name.clone()))
    {
        for (k, l) in s.listen.iter().enumerate() {
            for proto in [SockProto::Udp, SockProto::Tcp] {
                rows.push(SockRow {
                    proto,
                    v6: l.addr.is_some_and(|a| a.is_ipv6()),
                    v6only: false,
                    state: if proto == SockProto::Tcp {
                        "LISTEN"
                    } else {
                        "UNCONN"
                    },
                    recv_q: 0,
                    send_q: if proto == SockProto::Tcp { 4096 } else { 0 },
                    local: (l.addr, Some(l.port)),
                    peer: (None, None),
                    pid: Some(s.pid),
                    comm: s.program.clone(),
                    fd: 3 + 2 * k as u32 + u32::from(proto == SockProto::Tcp),
                    listening: true,
                });
            }
        }
    }
    let now = w.now_us;
    for e in w
        .transport
        .open
        .iter()
        .filter(|e| e.ns == ns && e.until_us.is_none_or(|u| u > now))
    {
        rows.push(SockRow {
            proto: e.proto,
            v6: false,
            v6only: false,
            state: if e.until_us.is_some() {
                "TIME-WAIT"
            } else {
                "ESTAB"
            },
            recv_q: 0,
            send_q: 0,
            local: (Some(IpAddr::V4(*e.local.ip())), Some(e.local.port())),
            peer: (Some(IpAddr::V4(*e.peer.ip())), Some(e.peer.port())),
            pid: if e.until_us.is_some() { None } else { e.pid },
            comm: e.pid.map(comm).unwrap_or_default(),
            fd: 4,
            listening: false,
        });
    }
    rows
}
