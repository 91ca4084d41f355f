//! The connection file Jupyter writes for a kernel: ports, transport, key.

use serde::Deserialize;
use std::path::Path;

/// The parsed connection file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// `tcp`, or `ipc` (Unix sockets, which file permissions guard).
    pub transport: String,
    /// Address to bind, usually `127.0.0.1`; with `ipc`, the path prefix of
    /// the socket files (`<ip>-<port>`, as jupyter_client names them).
    pub ip: String,
    /// Shell ROUTER port.
    pub shell_port: u16,
    /// IOPub (X)PUB port.
    pub iopub_port: u16,
    /// Stdin ROUTER port.
    pub stdin_port: u16,
    /// Control ROUTER port.
    pub control_port: u16,
    /// Heartbeat REP port.
    pub hb_port: u16,
    /// HMAC key; empty means unsigned messages.
    #[serde(default)]
    pub key: String,
    /// `hmac-sha256` (or empty with an empty key).
    #[serde(default = "default_scheme")]
    pub signature_scheme: String,
}

fn default_scheme() -> String {
    "hmac-sha256".into()
}

/// Why a connection file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    /// The file could not be read.
    #[error("cannot read connection file {path}: {source}")]
    Read {
        /// The path given.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not a valid connection file.
    #[error("malformed connection file {path}: {reason}")]
    Malformed {
        /// The path given.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

impl ConnectionInfo {
    /// Reads and validates a connection file.
    pub fn from_file(path: &Path) -> Result<Self, ConnectionError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConnectionError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text).map_err(|reason| ConnectionError::Malformed {
            path: path.display().to_string(),
            reason,
        })
    }

    /// Parses connection-file JSON and checks the fields this kernel needs.
    pub fn parse(text: &str) -> Result<Self, String> {
        let info: ConnectionInfo = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if info.transport != "tcp" && info.transport != "ipc" {
            return Err(format!(
                "transport \"{}\" is not supported (use \"tcp\" or \"ipc\")",
                info.transport
            ));
        }
        if !info.key.is_empty() && info.signature_scheme != "hmac-sha256" {
            return Err(format!(
                "signature_scheme \"{}\" is not supported (use \"hmac-sha256\")",
                info.signature_scheme
            ));
        }
        Ok(info)
    }

    /// The ZeroMQ endpoint for a port: `tcp://IP:PORT` or `ipc://IP-PORT`
    /// (jupyter_client's and ipykernel's naming of the socket files).
    pub fn endpoint(&self, port: u16) -> String {
        match self.transport.as_str() {
            "ipc" => format!("ipc://{}-{}", self.ip, port),
            _ => format!("tcp://{}:{}", self.ip, port),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_jupyter_connection_file() {
        let c = ConnectionInfo::parse(r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "netbook"}"#).unwrap();
        assert_eq!(c.endpoint(c.hb_port), "tcp://127.0.0.1:5");
    }

    #[test]
    fn ipc_endpoints_are_socket_paths() {
        let c = ConnectionInfo::parse(r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "/run/user/1000/kernel-ab12-ipc", "key": "k", "transport": "ipc", "signature_scheme": "hmac-sha256"}"#).unwrap();
        assert_eq!(
            c.endpoint(c.shell_port),
            "ipc:///run/user/1000/kernel-ab12-ipc-1"
        );
        let relative = ConnectionInfo::parse(r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "kernel-ipc", "transport": "ipc"}"#).unwrap();
        assert_eq!(relative.endpoint(5), "ipc://kernel-ipc-5");
        let udp = r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "x", "transport": "udp"}"#;
        assert!(ConnectionInfo::parse(udp).unwrap_err().contains("\"udp\""));
    }

    #[test]
    fn rejects_what_it_cannot_serve() {
        assert!(ConnectionInfo::parse("{").is_err());
        assert!(ConnectionInfo::parse(r#"{"transport":"tcp"}"#)
            .unwrap_err()
            .contains("missing field"));
        let md5 = r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-md5"}"#;
        assert!(ConnectionInfo::parse(md5).unwrap_err().contains("hmac-md5"));
    }
}
