//! `curl` 7.88: HTTP GET/HEAD over the simulated stack, proxies, `--socks5`, and its error texts.

use super::*;
use super::{CmdOutput, Ctx};
use crate::sim::packet::IcmpError;
use crate::sim::stack::transport::{ConnectError, ConnectOpts};
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// Linux gives up a connect() after 6 SYN retransmissions: 1+2+...+64 s.
pub(crate) const SYN_TIMEOUT_MS: u64 = 127_050;

// ---- curl -------------------------------------------------------------------
pub(crate) struct Url {
    pub(crate) scheme: String,
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) path: String,
}

pub(crate) fn parse_url(u: &str) -> Result<Url, String> {
    let (scheme, rest) = match u.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), u),
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl\n"
        ));
    }
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h.to_string(),
            p.parse::<u16>().map_err(|_| {
                "curl: (3) URL using bad/illegal format or missing URL\n".to_string()
            })?,
        ),
        None => (
            hostport.to_string(),
            if scheme == "https" { 443 } else { 80 },
        ),
    };
    if host.is_empty() {
        return Err("curl: (3) URL using bad/illegal format or missing URL\n".into());
    }
    Ok(Url {
        scheme,
        host,
        port,
        path,
    })
}

pub(crate) fn curl(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    // `-w FORMAT` is printed after the transfer, failed or not;
    // `%{http_code}` is 000 when no response came.
    let mut rest = Vec::new();
    let mut write_out: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-w" | "--write-out" => match it.next() {
                Some(v) => write_out = Some(v.clone()),
                None => return CmdOutput::error(2, format!("curl: option {a}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n")),
            },
            _ => rest.push(a.clone()),
        }
    }
    let mut code = 0u16;
    let mut out = transfer(ctx, &rest, &mut code);
    if let Some(f) = write_out {
        out.stdout += &write_out_text(&f, code, out.status);
    }
    out
}

/// curl's `-w` text: `%{http_code}`, `%{response_code}`, `%{exitcode}`,
/// and the backslash escapes `\n`, `\r`, `\t`.
fn write_out_text(f: &str, code: u16, exit: i32) -> String {
    f.replace("%{http_code}", &format!("{code:03}"))
        .replace("%{response_code}", &format!("{code:03}"))
        .replace("%{exitcode}", &exit.to_string())
        .replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\t", "\t")
}

fn transfer(ctx: &mut Ctx, args: &[String], code: &mut u16) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (mut verbose, mut silent, mut show_err, mut head, mut include, mut fail_http) =
        (false, false, false, false, false, false);
    let mut connect_timeout: Option<f64> = None;
    let mut iface: Option<String> = None;
    let mut outfile: Option<String> = None;
    let mut url: Option<String> = None;
    let mut proxy: Option<super::super::proxy::Proxy> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let value = |i: &mut usize| -> Option<String> {
            *i += 1;
            args.get(*i).cloned()
        };
        match a {
            "--socks5" | "--socks5-hostname" | "--socks4" | "--socks4a" | "-x" | "--proxy" => {
                let Some(v) = value(&mut i) else {
                    return CmdOutput::error(2, format!("curl: option {a}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
                };
                match super::super::proxy::Proxy::parse(a, &v) {
                    Ok(p) => proxy = Some(p),
                    Err(e) => return CmdOutput::error(5, e),
                }
            }
            "--connect-timeout" | "-m" | "--max-time" => match value(&mut i).and_then(|v| v.parse().ok()) {
                Some(v) => connect_timeout = Some(v),
                None => return CmdOutput::error(2, "curl: option --connect-timeout: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"),
            },
            "--interface" => iface = value(&mut i),
            "-o" | "--output" => outfile = value(&mut i),
            "--verbose" => verbose = true,
            "--silent" => silent = true,
            "--head" => head = true,
            "--include" => include = true,
            "-H" | "--header" | "-A" | "--user-agent" | "-X" | "--request" | "-d" | "--data" => {
                value(&mut i);
            }
            _ if a.starts_with("--") => {
                fail_http |= a == "--fail";
                if a != "--fail" && a != "--location" && a != "--show-error" {
                    return CmdOutput::error(2, format!("curl: option {a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
                }
                show_err |= a == "--show-error";
            }
            _ => {
                if let Some(ls) = letters(a) {
                    for c in ls {
                        match c {
                            'v' => verbose = true,
                            's' => silent = true,
                            'S' => show_err = true,
                            'I' => head = true,
                            'i' => include = true,
                            'f' => fail_http = true,
                            'L' | 'k' => {}
                            _ => return CmdOutput::error(2, format!("curl: option -{c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n")),
                        }
                    }
                } else {
                    url = Some(a.to_string());
                }
            }
        }
        i += 1;
    }
    let Some(url) = url else {
        return CmdOutput::error(2, "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    };
    let quiet_err = silent && !show_err;
    let fail = |code: i32, msg: String, verbose_lines: String| {
        let mut err = verbose_lines;
        if !quiet_err {
            err += &format!("curl: ({code}) {msg}\n");
        }
        CmdOutput::error(code, err)
    };
    let u = match parse_url(&url) {
        Ok(u) => u,
        Err(e) => return CmdOutput::error(3, if quiet_err { String::new() } else { e }),
    };
    let host = u.host.trim_matches(|c| c == '[' || c == ']').to_string();
    let remote_resolve = proxy.as_ref().is_some_and(|p| p.resolves_remotely());
    let dst = match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host) {
        Ok(d) => d,
        Err(_) if remote_resolve => Ipv4Addr::UNSPECIFIED,
        Err(_) => {
            let v = if verbose {
                format!("* Could not resolve host: {host}\n* Closing connection 0\n")
            } else {
                String::new()
            };
            return fail(6, format!("Could not resolve host: {host}"), v);
        }
    };
    let mut opts = ConnectOpts::default();
    if let Some(ifc) = &iface {
        if let Ok(ip) = ifc.parse::<Ipv4Addr>() {
            opts.src = Some(ip);
        } else {
            match ctx.world.link_by_name(ns, ifc) {
                Ok(l) => opts.dev = Some(l),
                Err(_) => {
                    return fail(
                        45,
                        "Failed binding local connection end".to_string(),
                        if verbose {
                            format!("* Could not resolve host: {ifc}\n")
                        } else {
                            String::new()
                        },
                    )
                }
            }
        }
    }
    // With a proxy, curl connects to the proxy and names the target inside.
    let target = (u.host.clone(), dst, u.port);
    let (conn_host, dst, conn_port) = match &proxy {
        Some(p) => {
            match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &p.host) {
                Ok(ip) => (p.host.clone(), ip, p.port),
                Err(_) => {
                    return fail(
                        5,
                        format!("Could not resolve proxy: {}", p.host),
                        String::new(),
                    )
                }
            }
        }
        None => (u.host.clone(), dst, u.port),
    };
    let u = Url {
        host: conn_host,
        port: conn_port,
        ..u
    };
    let mut v = String::new();
    if verbose {
        let _ = writeln!(v, "*   Trying {dst}:{}...", u.port);
    }
    let c = match ctx.world.connect(ns, dst, u.port, &opts) {
        Ok(c) => c,
        Err(e) => {
            let (code, ms, msg) = match (&e, connect_timeout) {
                (ConnectError::TimedOut { .. }, Some(t)) => {
                    let ms = (t * 1000.0) as u64 + 1;
                    (28, ms, "Timeout was reached")
                }
                (ConnectError::TimedOut { .. }, None) => {
                    (28, SYN_TIMEOUT_MS, "Couldn't connect to server")
                }
                (
                    ConnectError::Unreachable {
                        kind: IcmpError::HostUnreachable,
                        ..
                    },
                    _,
                ) => (7, 3_071, "Couldn't connect to server"),
                (ConnectError::BadSource, _) => (45, 0, "Failed binding local connection end"),
                _ => (7, 0, "Couldn't connect to server"),
            };
            ctx.world.advance(ms * 1000);
            if verbose {
                if code == 7 {
                    let _ = writeln!(
                        v,
                        "* connect to {dst} port {} failed: {}",
                        u.port,
                        e.strerror()
                    );
                }
                let _ = writeln!(
                    v,
                    "* Failed to connect to {} port {} after {ms} ms: {msg}",
                    u.host, u.port
                );
                v += "* Closing connection 0\n";
            }
            return fail(
                code,
                format!(
                    "Failed to connect to {} port {} after {ms} ms: {msg}",
                    u.host, u.port
                ),
                v,
            );
        }
    };
    if verbose {
        if let Some(p) = &proxy {
            let ip = (!target.1.is_unspecified()).then_some(target.1);
            v += &p.verbose_lines(&target.0, ip, target.2);
        }
        let _ = writeln!(v, "* Connected to {} ({dst}) port {} (#0)", u.host, u.port);
    }
    let host_hdr = if target.2 == 80 && u.scheme == "http" || target.2 == 443 && u.scheme == "https"
    {
        target.0.clone()
    } else {
        format!("{}:{}", target.0, target.2)
    };
    let method = if head { "HEAD" } else { "GET" };
    let request = format!(
        "{method} {} HTTP/1.1\r\nHost: {host_hdr}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
        u.path
    );
    let wire = match &proxy {
        Some(p) => {
            let ip = (!target.1.is_unspecified()).then_some(target.1);
            p.wrap(&target.0, ip, target.2, &u.path, &request)
        }
        None => request.clone().into_bytes(),
    };
    let answer = ctx.world.exchange(&c, &wire);
    let mut server_log = drain_server_output(ctx.world, &c);
    finish(ctx.world, &c);
    server_log += &super::drain_jobs_output(ctx.world);
    // Through an SSH tunnel: the hop-by-hop view, and ssh's reset when its
    // channel could not be opened.
    let tunnel = super::super::ssh::curl_tunnel_view(ctx.world, &c);
    let answer = match &proxy {
        Some(p) => match p.unwrap_answer(&answer) {
            Ok(a) => a,
            Err((code, msg)) => return tunnel.attach(fail(code, msg, v + &server_log)),
        },
        None => answer,
    };
    if answer.is_empty() && tunnel.reset {
        let mut err = v;
        if verbose {
            err += "* Recv failure: Connection reset by peer\n* Closing connection 0\n";
        }
        if !quiet_err {
            err += "curl: (56) Recv failure: Connection reset by peer\n";
        }
        return tunnel.attach(CmdOutput::error(56, err));
    }
    if u.scheme == "https" {
        let mut err = v;
        err += &server_log;
        if !quiet_err {
            err += "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n";
        }
        return CmdOutput::error(35, err);
    }
    let text = String::from_utf8_lossy(&answer).to_string();
    if text.is_empty() {
        let mut err = v;
        if verbose {
            err += "* Empty reply from server\n* Closing connection 0\n";
        }
        if !quiet_err {
            err += "curl: (52) Empty reply from server\n";
        }
        return CmdOutput::error(52, err);
    }
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    *code = headers
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if fail_http && *code >= 400 {
        return fail(
            22,
            format!("The requested URL returned error: {}", *code),
            v + &server_log,
        );
    }
    if verbose {
        for l in request.trim_end_matches("\r\n").split("\r\n") {
            let _ = writeln!(v, "> {l}\r");
        }
        v += "> \r\n";
        if headers.starts_with("HTTP/1.0") {
            v += "* HTTP 1.0, assume close after body\n";
        }
        for l in headers.split("\r\n") {
            let _ = writeln!(v, "< {l}\r");
        }
        v += "< \r\n";
    }
    let mut out = String::new();
    if head || include {
        out += headers;
        out += "\r\n\r\n";
    }
    if !head {
        out += body;
    }
    if verbose {
        v += "* Closing connection 0\n";
    }
    v += &server_log;
    if outfile.as_deref() == Some("/dev/null") {
        out.clear();
    }
    if let Some(f) = outfile.filter(|f| f != "/dev/null") {
        if let Err(e) = ctx.world.write_file(ctx.netns.as_deref(), &f, &out, false) {
            return CmdOutput::error(
                23,
                format!("curl: (23) Failure writing output to destination: {e}\n"),
            );
        }
        out.clear();
    }
    tunnel.attach(CmdOutput {
        stdout: out,
        stderr: v,
        ..Default::default()
    })
}
