//! What one curl transfer sends and where it goes, from [`CurlArgs`]: the
//! HTTP request (`-X`, `-H`, `-A`, `-d`), `--resolve` entries, `-O`'s
//! file name and the timeout that ends a connect (`--connect-timeout`,
//! `-m`).

use super::curl_args::CurlArgs;
use core::net::Ipv4Addr;

/// The request curl 7.88 writes: its default headers, then each `-H`
/// (`-H 'Name:'` only removes one), then the body of `-d` (several
/// joined by `&`) with its length and type.
pub(crate) fn request(a: &CurlArgs, head: bool, path: &str, host: &str) -> String {
    let body = (!a.data.is_empty()).then(|| a.data.join("&"));
    let method = match (&a.method, head, &body) {
        (Some(m), ..) => m.as_str(),
        (None, true, _) => "HEAD",
        (None, false, Some(_)) => "POST",
        _ => "GET",
    };
    let ua = a.user_agent.as_deref().unwrap_or("curl/7.88.1");
    let mut headers: Vec<(String, String)> =
        [("Host", host), ("User-Agent", ua), ("Accept", "*/*")]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
    let mut body_headers = Vec::new();
    if let Some(b) = &body {
        body_headers.push(("Content-Length".to_string(), b.len().to_string()));
        let form = "application/x-www-form-urlencoded";
        body_headers.push(("Content-Type".to_string(), form.to_string()));
    }
    // A -H naming one of curl's own headers drops it; a non-empty one is
    // then sent in its -H place.
    for h in &a.headers {
        let Some((name, value)) = h.split_once(':') else {
            continue;
        };
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        body_headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        let value = value.trim_start();
        if !value.is_empty() {
            headers.push((name.to_string(), value.to_string()));
        }
    }
    headers.extend(body_headers);
    let mut req = format!("{method} {path} HTTP/1.1\r\n");
    for (n, v) in &headers {
        req += &format!("{n}: {v}\r\n");
    }
    req += "\r\n";
    req + body.as_deref().unwrap_or("")
}

/// The address a `--resolve HOST:PORT:ADDR` entry gives this host and
/// port, and curl's verbose lines for the entries; a malformed entry is
/// curl's error 49.
pub(crate) fn resolve(
    a: &CurlArgs,
    host: &str,
    port: u16,
) -> Result<(Option<Ipv4Addr>, String), String> {
    let mut verbose = String::new();
    let mut hit = None;
    for e in &a.resolve {
        let entry = e.strip_prefix('+').unwrap_or(e);
        let bad = || format!("curl: (49) Couldn't parse CURLOPT_RESOLVE entry '{e}'\n");
        let mut parts = entry.splitn(3, ':');
        let (Some(h), Some(p), Some(addr)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let p: u16 = p.parse().map_err(|_| bad())?;
        let ip: Ipv4Addr = addr
            .split(',')
            .next()
            .unwrap_or("")
            .parse()
            .map_err(|_| bad())?;
        verbose += &format!("* Added {h}:{p}:{addr} to DNS cache\n");
        if h.eq_ignore_ascii_case(host) && p == port {
            hit = Some(ip);
        }
    }
    if hit.is_some() {
        verbose += &format!("* Hostname {host} was found in DNS cache\n");
    }
    Ok((hit, verbose))
}

/// `-O`'s file name: the last segment of the URL's path.
pub(crate) fn remote_name(path: &str) -> Result<String, &'static str> {
    let last = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    if last.is_empty() {
        return Err("curl: Remote file name has no length!\n");
    }
    Ok(last.to_string())
}

/// When `--connect-timeout` or `-m` ends a connect that would take
/// `natural_ms`: after how long, and curl's message (`-m` names the whole
/// operation, `--connect-timeout` the connect).
pub(crate) fn connect_limit(
    a: &CurlArgs,
    natural_ms: u64,
    host: &str,
    port: u16,
) -> Option<(u64, String)> {
    let ms = |t: f64| (t * 1000.0) as u64 + 1;
    let by_max = match (a.connect_timeout, a.max_time) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(c), Some(m)) => m <= c,
    };
    let limit = if by_max {
        a.max_time
    } else {
        a.connect_timeout
    }
    .map(ms)?;
    if limit >= natural_ms {
        return None;
    }
    Some(if by_max {
        (
            limit,
            format!("Connection timed out after {limit} milliseconds"),
        )
    } else {
        (
            limit,
            format!(
                "Failed to connect to {host} port {port} after {limit} ms: Timeout was reached"
            ),
        )
    })
}
