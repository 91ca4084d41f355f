//! curl's proxy options: `--socks5`, `--socks5-hostname`, `--socks4`,
//! `--socks4a` and `-x`/`--proxy [scheme://]host[:port]` (curl(1),
//! "PROXY PROTOCOL PREFIXES"). The SOCKS wire format is
//! [`crate::sim::socks`]; an `ssh -D` listener is the usual proxy here.

use crate::sim::socks::{decode_reply, encode_request, SocksTarget, SocksVersion};
use core::net::Ipv4Addr;

/// What kind of proxy curl talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    /// A SOCKS proxy of this version.
    Socks(SocksVersion),
    /// An HTTP proxy (absolute-URI requests).
    Http,
}

/// A proxy from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Protocol.
    pub kind: ProxyKind,
    /// Host as given.
    pub host: String,
    /// Port (curl's default is 1080).
    pub port: u16,
}

impl Proxy {
    /// Parses `--socks5 HOST[:PORT]` and friends (`opt` is the option) or
    /// `-x [scheme://]HOST[:PORT]`. The error is curl's message.
    pub fn parse(opt: &str, val: &str) -> Result<Proxy, String> {
        let (kind, rest) = match opt {
            "--socks5" => (ProxyKind::Socks(SocksVersion::V5), val),
            "--socks5-hostname" => (ProxyKind::Socks(SocksVersion::V5Hostname), val),
            "--socks4" => (ProxyKind::Socks(SocksVersion::V4), val),
            "--socks4a" => (ProxyKind::Socks(SocksVersion::V4a), val),
            _ => match val.split_once("://") {
                None => (ProxyKind::Http, val),
                Some((s, r)) => match s.to_ascii_lowercase().as_str() {
                    "http" => (ProxyKind::Http, r),
                    "socks5" => (ProxyKind::Socks(SocksVersion::V5), r),
                    "socks5h" => (ProxyKind::Socks(SocksVersion::V5Hostname), r),
                    "socks4" => (ProxyKind::Socks(SocksVersion::V4), r),
                    "socks4a" => (ProxyKind::Socks(SocksVersion::V4a), r),
                    other => {
                        return Err(format!(
                            "curl: (1) Unsupported proxy scheme for '{other}://{r}'\n"
                        ))
                    }
                },
            },
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') => match p.parse::<u16>() {
                Ok(p) => (h.to_string(), p),
                Err(_) => {
                    return Err("curl: (5) Unsupported proxy syntax in '".to_string() + val + "'\n")
                }
            },
            _ => (rest.to_string(), 1080),
        };
        Ok(Proxy {
            kind,
            host: host.trim_matches(['[', ']']).to_string(),
            port,
        })
    }

    /// True when the proxy resolves the target's name (socks4a, socks5h).
    pub fn resolves_remotely(&self) -> bool {
        matches!(
            self.kind,
            ProxyKind::Socks(SocksVersion::V4a | SocksVersion::V5Hostname)
        )
    }

    /// The bytes curl sends the proxy: the SOCKS request then the HTTP
    /// request, or an absolute-URI request for an HTTP proxy.
    pub fn wrap(
        &self,
        host: &str,
        ip: Option<Ipv4Addr>,
        port: u16,
        path: &str,
        request: &str,
    ) -> Vec<u8> {
        match self.kind {
            ProxyKind::Socks(v) => {
                let target = match ip {
                    Some(ip) if !self.resolves_remotely() => SocksTarget::Ip(ip),
                    _ => SocksTarget::Name(host.to_string()),
                };
                encode_request(v, &target, port, request.as_bytes())
            }
            ProxyKind::Http => {
                let absolute = request.replacen(path, &format!("http://{host}:{port}{path}"), 1);
                absolute
                    .replacen(
                        "Accept: */*\r\n",
                        "Accept: */*\r\nProxy-Connection: Keep-Alive\r\n",
                        1,
                    )
                    .into_bytes()
            }
        }
    }

    /// The target's answer out of the proxy's, or curl's error (code, text).
    pub fn unwrap_answer(&self, answer: &[u8]) -> Result<Vec<u8>, (i32, String)> {
        match self.kind {
            ProxyKind::Http => Ok(answer.to_vec()),
            ProxyKind::Socks(v) => {
                if answer.is_empty() {
                    return Err((97, "connection to proxy closed".into()));
                }
                decode_reply(v, answer).ok_or_else(|| {
                    let name = match v {
                        SocksVersion::V4 | SocksVersion::V4a => "SOCKS4",
                        _ => "SOCKS5",
                    };
                    (97, format!("Unable to receive initial {name} response."))
                })
            }
        }
    }

    /// curl -v's lines about the SOCKS handshake.
    pub fn verbose_lines(&self, host: &str, ip: Option<Ipv4Addr>, port: u16) -> String {
        match self.kind {
            ProxyKind::Socks(SocksVersion::V5) => format!(
                "* SOCKS5 connect to IPv4 {}:{port} (locally resolved)\n* SOCKS5 request granted.\n",
                ip.map(|i| i.to_string()).unwrap_or_else(|| host.to_string())
            ),
            ProxyKind::Socks(SocksVersion::V5Hostname) => {
                format!("* SOCKS5 connect to {host}:{port} (remotely resolved)\n* SOCKS5 request granted.\n")
            }
            ProxyKind::Socks(_) => format!(
                "* SOCKS4 communication to {host}:{port}\n* SOCKS4 request granted.\n"
            ),
            ProxyKind::Http => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_forms() {
        let p = Proxy::parse("--socks5", "127.0.0.1:9090").unwrap();
        assert_eq!(
            (p.kind, p.host.as_str(), p.port),
            (ProxyKind::Socks(SocksVersion::V5), "127.0.0.1", 9090)
        );
        let p = Proxy::parse("-x", "socks5h://localhost:9090").unwrap();
        assert!(p.resolves_remotely());
        assert_eq!(Proxy::parse("-x", "10.0.0.1").unwrap().port, 1080);
        assert_eq!(Proxy::parse("-x", "http://[::1]:3128").unwrap().host, "::1");
        assert!(Proxy::parse("-x", "ftp://h:1")
            .unwrap_err()
            .starts_with("curl: (1) Unsupported proxy scheme"));
    }
}
