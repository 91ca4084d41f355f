//! `ss -s`: iproute2's print_summary, from the counters the kernel keeps
//! in /proc/net/sockstat{,6} and /proc/net/snmp.
//!
//! Most are per namespace (sockets in use, TIME-WAIT, CurrEstab); the
//! TCP `alloc` count and the orphans are the whole kernel's, so a fresh
//! namespace on a host whose sshd listens shows `closed 2`. ss prints
//! `alloc + tw` as the TCP total and `alloc - (inuse4 + inuse6 - tw)` as
//! `closed`, TIME-WAIT sockets being no full sockets.

use super::ss_rows::{sock_rows, SockRow};
use crate::sim::stack::transport::SockProto;
use crate::sim::{NsId, World};
use std::fmt::Write as _;

/// A full TCP socket (a listener or a connection, not TIME-WAIT).
fn full_tcp(r: &SockRow) -> bool {
    r.proto == SockProto::Tcp && r.state != "TIME-WAIT"
}

/// The summary as seen from `ns`.
pub(crate) fn summary(w: &World, ns: NsId) -> String {
    let rows = sock_rows(w, ns);
    let state = |st: &str| {
        rows.iter()
            .filter(|r| r.proto == SockProto::Tcp && r.state == st)
            .count()
    };
    let tw = state("TIME-WAIT");
    let count = |p: SockProto, v6: bool| {
        rows.iter()
            .filter(|r| r.proto == p && r.v6 == v6 && r.state != "TIME-WAIT")
            .count()
    };
    let (tcp4, tcp6) = (count(SockProto::Tcp, false), count(SockProto::Tcp, true));
    let (udp4, udp6) = (count(SockProto::Udp, false), count(SockProto::Udp, true));
    // tcp_sockets_allocated: every namespace's.
    let alloc: usize = w
        .namespaces()
        .map(|(id, _)| sock_rows(w, id).iter().filter(|r| full_tcp(r)).count())
        .sum();
    let closed = (alloc + tw).saturating_sub(tcp4 + tcp6);
    let mut s = format!(
        "Total: {}\nTCP:   {} (estab {}, closed {closed}, orphaned 0, timewait {tw})\n\nTransport Total     IP        IPv6\n",
        tcp4 + tcp6 + udp4 + udp6,
        alloc + tw,
        state("ESTAB"),
    );
    for (n, v4, v6) in [
        ("RAW", 0, 0),
        ("UDP", udp4, udp6),
        ("TCP", tcp4, tcp6),
        ("INET", tcp4 + udp4, tcp6 + udp6),
        ("FRAG", 0, 0),
    ] {
        let _ = writeln!(s, "{n}\t  {:<9} {:<9} {:<9}", v4 + v6, v4, v6);
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_namespace_sees_the_hosts_sshd_as_closed_tcp_sockets() {
        let mut w = World::new();
        let a = w.netns_add("a").unwrap();
        for (ns, head) in [
            (NsId::ROOT, "Total: 2\nTCP:   2 (estab 0, closed 0,"),
            (a, "Total: 0\nTCP:   2 (estab 0, closed 2,"),
        ] {
            let s = summary(&w, ns);
            assert!(s.starts_with(head), "{s}");
        }
    }
}
