//! The SOCKS protocol a dynamic forward (`ssh -D`) speaks and `curl
//! --socks5`/`--socks4`/`-x socks5h://` uses.
//!
//! Follows RFC 1928 (SOCKS5: greeting, method choice, CONNECT request with
//! an IPv4 address or a domain name, reply) and the SOCKS4/4a protocol
//! note. The transport carries one request and one answer per exchange, so
//! a client sends its greeting, its CONNECT request and its payload in one
//! buffer ([`encode_request`]) and the proxy answers with its replies
//! followed by the target's answer ([`encode_reply`]).

use core::net::Ipv4Addr;

/// Which SOCKS version a client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocksVersion {
    /// SOCKS4 (`--socks4`): IPv4 addresses only, resolved by the client.
    V4,
    /// SOCKS4a (`--socks4a`): the proxy resolves the name.
    V4a,
    /// SOCKS5 (`--socks5`): the client resolves.
    V5,
    /// SOCKS5 with the name sent to the proxy (`--socks5-hostname`, `socks5h://`).
    V5Hostname,
}

/// Where a CONNECT request asks to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocksTarget {
    /// An IPv4 address.
    Ip(Ipv4Addr),
    /// A name the proxy resolves.
    Name(String),
}

impl std::fmt::Display for SocksTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SocksTarget::Ip(ip) => write!(f, "{ip}"),
            SocksTarget::Name(n) => write!(f, "{n}"),
        }
    }
}

/// A parsed CONNECT request and the bytes that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocksRequest {
    /// Protocol version used.
    pub version: SocksVersion,
    /// Destination host.
    pub target: SocksTarget,
    /// Destination port.
    pub port: u16,
    /// Bytes after the request (the application payload).
    pub payload: Vec<u8>,
}

/// Greeting + CONNECT request + payload, as a client sends them.
///
/// ```
/// use netbook::sim::socks::{decode_request, encode_request, SocksTarget, SocksVersion};
/// let ip = "192.168.2.2".parse().unwrap();
/// let b = encode_request(SocksVersion::V5, &SocksTarget::Ip(ip), 8080, b"GET /");
/// let r = decode_request(&b).unwrap();
/// assert_eq!((r.target, r.port, r.payload), (SocksTarget::Ip(ip), 8080, b"GET /".to_vec()));
/// ```
pub fn encode_request(v: SocksVersion, target: &SocksTarget, port: u16, payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    match v {
        SocksVersion::V4 | SocksVersion::V4a => {
            b.extend([4, 1]);
            b.extend(port.to_be_bytes());
            match target {
                SocksTarget::Ip(ip) => {
                    b.extend(ip.octets());
                    b.push(0);
                }
                SocksTarget::Name(n) => {
                    // 4a: the invalid address 0.0.0.x says "a name follows".
                    b.extend([0, 0, 0, 1, 0]);
                    b.extend(n.as_bytes());
                    b.push(0);
                }
            }
        }
        SocksVersion::V5 | SocksVersion::V5Hostname => {
            b.extend([5, 1, 0, 5, 1, 0]);
            match target {
                SocksTarget::Ip(ip) => {
                    b.push(1);
                    b.extend(ip.octets());
                }
                SocksTarget::Name(n) => {
                    b.push(3);
                    b.push(n.len().min(255) as u8);
                    b.extend(n.as_bytes().iter().take(255));
                }
            }
            b.extend(port.to_be_bytes());
        }
    }
    b.extend(payload);
    b
}

/// Parses what [`encode_request`] produced; `None` on anything else.
pub fn decode_request(b: &[u8]) -> Option<SocksRequest> {
    match *b.first()? {
        4 => {
            if b.len() < 9 || b[1] != 1 {
                return None;
            }
            let port = u16::from_be_bytes([b[2], b[3]]);
            let ip = Ipv4Addr::new(b[4], b[5], b[6], b[7]);
            let user_end = 8 + b[8..].iter().position(|&c| c == 0)?;
            let mut rest = user_end + 1;
            let (version, target) = if ip.octets()[..3] == [0, 0, 0] && ip.octets()[3] != 0 {
                let end = rest + b.get(rest..)?.iter().position(|&c| c == 0)?;
                let name = String::from_utf8_lossy(&b[rest..end]).to_string();
                rest = end + 1;
                (SocksVersion::V4a, SocksTarget::Name(name))
            } else {
                (SocksVersion::V4, SocksTarget::Ip(ip))
            };
            Some(SocksRequest {
                version,
                target,
                port,
                payload: b.get(rest..)?.to_vec(),
            })
        }
        5 => {
            let nmethods = *b.get(1)? as usize;
            let r = 2 + nmethods;
            if b.get(r..r + 3)? != [5, 1, 0] {
                return None;
            }
            let (version, target, at) = match *b.get(r + 3)? {
                1 => {
                    let o = b.get(r + 4..r + 8)?;
                    (
                        SocksVersion::V5,
                        SocksTarget::Ip(Ipv4Addr::new(o[0], o[1], o[2], o[3])),
                        r + 8,
                    )
                }
                3 => {
                    let len = *b.get(r + 4)? as usize;
                    let n = b.get(r + 5..r + 5 + len)?;
                    (
                        SocksVersion::V5Hostname,
                        SocksTarget::Name(String::from_utf8_lossy(n).to_string()),
                        r + 5 + len,
                    )
                }
                _ => return None,
            };
            let p = b.get(at..at + 2)?;
            Some(SocksRequest {
                version,
                target,
                port: u16::from_be_bytes([p[0], p[1]]),
                payload: b.get(at + 2..)?.to_vec(),
            })
        }
        _ => None,
    }
}

/// The proxy's success replies followed by the target's answer.
pub fn encode_reply(v: SocksVersion, answer: &[u8]) -> Vec<u8> {
    let mut b = match v {
        SocksVersion::V4 | SocksVersion::V4a => vec![0, 90, 0, 0, 0, 0, 0, 0],
        SocksVersion::V5 | SocksVersion::V5Hostname => vec![5, 0, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    };
    b.extend(answer);
    b
}

/// Splits a proxy's answer into "granted?" and the target's answer. An
/// empty answer means the proxy closed the connection without replying.
pub fn decode_reply(v: SocksVersion, b: &[u8]) -> Option<Vec<u8>> {
    let head = match v {
        SocksVersion::V4 | SocksVersion::V4a => 8,
        SocksVersion::V5 | SocksVersion::V5Hostname => 12,
    };
    let ok = match v {
        SocksVersion::V4 | SocksVersion::V4a => b.get(1) == Some(&90),
        SocksVersion::V5 | SocksVersion::V5Hostname => b.get(3) == Some(&0),
    };
    (ok && b.len() >= head).then(|| b[head..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_round_trips() {
        for (v, t) in [
            (
                SocksVersion::V4,
                SocksTarget::Ip("10.0.0.1".parse().unwrap()),
            ),
            (SocksVersion::V4a, SocksTarget::Name("web".into())),
            (
                SocksVersion::V5,
                SocksTarget::Ip("10.0.0.1".parse().unwrap()),
            ),
            (
                SocksVersion::V5Hostname,
                SocksTarget::Name("web.internal".into()),
            ),
        ] {
            let r = decode_request(&encode_request(v, &t, 8080, b"hi")).unwrap();
            assert_eq!((r.version, r.target, r.port), (v, t, 8080));
            assert_eq!(r.payload, b"hi");
            assert_eq!(
                decode_reply(v, &encode_reply(v, b"ok")),
                Some(b"ok".to_vec())
            );
            assert_eq!(decode_reply(v, b""), None);
        }
        assert_eq!(decode_request(b"GET / HTTP/1.1\r\n"), None);
    }
}
