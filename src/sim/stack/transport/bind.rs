//! Binding a listening socket (`bind()` + `listen()`), and which listener
//! a packet to an address and port reaches.

use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::table::{BindError, Listener, Service, SockProto};
use crate::sim::stack::world::World;
use core::net::{Ipv4Addr, SocketAddrV4};

impl World {
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
            addr: core::net::IpAddr::V4(addr.unwrap_or(Ipv4Addr::UNSPECIFIED)),
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
    pub(crate) fn bound(
        &self,
        ns: NsId,
        proto: SockProto,
        addr: Option<Ipv4Addr>,
        port: u16,
    ) -> bool {
        let clash = |b: Option<Ipv4Addr>| b.is_none() || addr.is_none() || b == addr;
        self.socket_bound(ns, proto, port, addr)
            || self.dns_listens(ns).any(|(a, p)| p == port && clash(a))
    }

    /// A listening socket of `ns` (sshd, servers started in cells) takes
    /// `port` on `ip` (`None`: any address of the namespace).
    pub(crate) fn socket_bound(
        &self,
        ns: NsId,
        proto: SockProto,
        port: u16,
        ip: Option<Ipv4Addr>,
    ) -> bool {
        self.sockets(ns).iter().any(|s| {
            s.proto.is_tcp() == (proto == SockProto::Tcp)
                && s.port == port
                && match s.addr {
                    core::net::IpAddr::V4(a) => a.is_unspecified() || ip.is_none() || Some(a) == ip,
                    // A dual-stack IPv6 wildcard also takes IPv4.
                    core::net::IpAddr::V6(a) => a.is_unspecified() && !s.v6only,
                }
        })
    }

    /// (address, port) of every DNS server running in `ns` (they listen
    /// on UDP and TCP).
    pub fn dns_listens(&self, ns: NsId) -> impl Iterator<Item = (Option<Ipv4Addr>, u16)> + '_ {
        use crate::sim::dns::message::ServerHost;
        let name = self.ns(ns).name.clone();
        self.dns
            .servers
            .iter()
            .filter(move |s| s.host == ServerHost::Netns(name.clone()))
            .flat_map(|s| s.listen.iter())
            .filter_map(|l| match l.addr {
                None => Some((None, l.port)),
                Some(core::net::IpAddr::V4(a)) => Some((Some(a), l.port)),
                Some(_) => None,
            })
    }

    pub(crate) fn listener_for(
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

    /// A UDP socket (or a DNS server) in `ns` receives datagrams from
    /// `from` for `ip:port`.
    pub fn udp_listening(&self, ns: NsId, ip: Ipv4Addr, port: u16, from: SocketAddrV4) -> bool {
        (self.socket_bound(ns, SockProto::Udp, port, Some(ip))
            && !self.udp_peer_refuses(ns, ip, port, from))
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
}
