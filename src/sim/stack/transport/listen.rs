//! Listening sockets of a namespace (what `ss -l` lists).

pub use crate::sim::stack::link::LinkId;
use crate::sim::stack::link::NsId;
use crate::sim::stack::transport::socket::{SockProto, Socket, SocketError};
use crate::sim::stack::world::World;

impl World {
    // ---- sockets ----------------------------------------------------------------
    /// The listening sockets of a namespace, in the order opened.
    pub fn sockets(&self, ns: NsId) -> &[Socket] {
        &self.ns(ns).sockets
    }

    /// A program starts listening (`sshd`, `nc -l`, a web server). An
    /// address and port already bound (or a wildcard clash) is refused.
    pub fn listen(&mut self, ns: NsId, sock: Socket) -> Result<(), SocketError> {
        let clash = self.ns(ns).sockets.iter().any(|s| {
            s.proto == sock.proto
                && s.port == sock.port
                && (s.addr == sock.addr || s.addr.is_unspecified() || sock.addr.is_unspecified())
        });
        if clash {
            return Err(SocketError::AddrInUse);
        }
        self.ns_mut(ns).sockets.push(sock);
        Ok(())
    }

    /// A program closes its listener (no error if none).
    pub fn unlisten(&mut self, ns: NsId, proto: SockProto, port: u16) {
        self.ns_mut(ns)
            .sockets
            .retain(|s| !(s.proto == proto && s.port == port));
    }
}
