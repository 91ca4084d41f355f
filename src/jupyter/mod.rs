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

/// The environment variable that names the student a kernel or `netbook
/// run` works for (nbgrader's config sets it per submission).
pub const STUDENT_ENV: &str = "NETBOOK_STUDENT";

/// The student id from [`STUDENT_ENV`], empty when unset: read here, at
/// the edge, and handed to [`crate::shell::Session::set_student`].
pub fn student_from_env() -> String {
    std::env::var(STUDENT_ENV).unwrap_or_default()
}
