//! Sockets, listeners and connections (TCP/UDP state) on top of the stack.

pub mod conn;
pub mod listen;
pub mod socket;

pub use conn::*;
