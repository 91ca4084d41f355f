//! The Jupyter side: connection file, wire format and HMAC, the dispatch
//! core, the ZeroMQ server and the kernelspec installer. Only this module
//! sees tokio, ZeroMQ and message JSON.

pub mod connection;
pub mod control;
pub mod history;
pub mod install;
pub mod kernel;
pub mod limits;
pub mod pacer;
pub mod server;
pub mod wire;

/// The messaging protocol version this kernel speaks.
pub const PROTOCOL_VERSION: &str = "5.3";
