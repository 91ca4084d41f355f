//! `curl` 7.88: HTTP GET/HEAD over the simulated stack, proxies, `--socks5`, and its error texts.

use super::curl_args::{self, CurlArgs, CurlOp, Output, Target};
use super::curl_request;
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
    let a = match curl_args::parse(args) {
        Ok(CurlOp::Transfer(a)) => a,
        Ok(CurlOp::Version) => return CmdOutput::text(curl_args::VERSION),
        Ok(CurlOp::Help) => return CmdOutput::text(curl_args::HELP),
        Err(e) => return e,
    };
    // Each URL is one transfer; `-w` follows each, failed or not
    // (`%{http_code}` is 000 when no response came), and curl exits with
    // the last transfer's status.
    let mut outs = a.targets.iter().enumerate().map(|(n, t)| {
        let mut code = 0u16;
        let mut out = transfer(ctx, &a, t, n, &mut code);
        if let Some(f) = &a.write_out {
            out.stdout += &write_out_text(f, code, out.status);
        }
        out
    });
    let mut total = outs.next().unwrap_or_default();
    for out in outs {
        total.stdout += &out.stdout;
        total.stderr += &out.stderr;
        total.status = out.status;
        total.hints.extend(out.hints);
        // A rich view shows one transfer only; several print as text.
        total.rich = None;
    }
    total
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

fn transfer(ctx: &mut Ctx, a: &CurlArgs, t: &Target, n: usize, code: &mut u16) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (verbose, head, include) = (a.verbose, a.head, a.include);
    let url = t.url.clone().unwrap_or_default();
    let quiet_err = a.silent && !a.show_error;
    let proxy = match &a.proxy {
        Some((opt, val)) => match super::super::proxy::Proxy::parse(opt, val) {
            Ok(p) => Some(p),
            Err(e) => return CmdOutput::error(5, e),
        },
        None => None,
    };
    let mut v = String::new();
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
    let outfile = match &t.output {
        // `-o -` is stdout.
        Some(Output::File(f)) if f == "-" => None,
        Some(Output::File(f)) => Some(f.clone()),
        Some(Output::Remote) => match curl_request::remote_name(&u.path) {
            Ok(f) => Some(f),
            Err(e) => {
                // A warning: -s hides it, -S does not bring it back.
                let e = if a.silent {
                    String::new()
                } else {
                    e.to_string()
                };
                return fail(
                    23,
                    "Failed writing received data to disk/application".into(),
                    e,
                );
            }
        },
        None => None,
    };
    let host = u.host.trim_matches(|c| c == '[' || c == ']').to_string();
    let pinned = match curl_request::resolve(a, &host, u.port) {
        Ok((ip, lines)) => {
            if verbose {
                v += &lines;
            }
            ip
        }
        Err(e) => return CmdOutput::error(49, if quiet_err { String::new() } else { e }),
    };
    let remote_resolve = proxy.as_ref().is_some_and(|p| p.resolves_remotely());
    let found = pinned
        .ok_or(())
        .or_else(|_| super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host));
    let dst = match found {
        Ok(d) => d,
        Err(_) if remote_resolve => Ipv4Addr::UNSPECIFIED,
        Err(_) => {
            if verbose {
                v += &format!("* Could not resolve host: {host}\n* Closing connection {n}\n");
            }
            return fail(6, format!("Could not resolve host: {host}"), v);
        }
    };
    let mut opts = ConnectOpts::default();
    if let Some(ifc) = &a.interface {
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
                            v + &format!("* Could not resolve host: {ifc}\n")
                        } else {
                            v
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
                Err(_) => return fail(5, format!("Could not resolve proxy: {}", p.host), v),
            }
        }
        None => (u.host.clone(), dst, u.port),
    };
    let u = Url {
        host: conn_host,
        port: conn_port,
        ..u
    };
    if verbose {
        let _ = writeln!(v, "*   Trying {dst}:{}...", u.port);
    }
    let c = match ctx.world.connect(ns, dst, u.port, &opts) {
        Ok(c) => c,
        Err(e) => {
            let (code, ms, msg) = match &e {
                ConnectError::TimedOut { .. } => (28, SYN_TIMEOUT_MS, "Couldn't connect to server"),
                ConnectError::Unreachable {
                    kind: IcmpError::HostUnreachable,
                    ..
                } => (7, 3_071, "Couldn't connect to server"),
                ConnectError::BadSource => (45, 0, "Failed binding local connection end"),
                _ => (7, 0, "Couldn't connect to server"),
            };
            if let Some((ms, msg)) = curl_request::connect_limit(a, ms, &u.host, u.port) {
                ctx.world.advance(ms * 1000);
                if verbose {
                    let _ = writeln!(v, "* {msg}\n* Closing connection {n}");
                }
                return fail(28, msg, v);
            }
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
                let _ = writeln!(v, "* Closing connection {n}");
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
        let _ = writeln!(
            v,
            "* Connected to {} ({dst}) port {} (#{n})",
            u.host, u.port
        );
    }
    let host_hdr = if target.2 == 80 && u.scheme == "http" || target.2 == 443 && u.scheme == "https"
    {
        target.0.clone()
    } else {
        format!("{}:{}", target.0, target.2)
    };
    let request = curl_request::request(a, head, &u.path, &host_hdr);
    let wire = match &proxy {
        Some(p) => {
            let ip = (!target.1.is_unspecified()).then_some(target.1);
            p.wrap(&target.0, ip, target.2, &u.path, &request)
        }
        None => request.clone().into_bytes(),
    };
    let (answer, server_log) = super::http_exchange(ctx.world, &c, &wire);
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
            let _ = writeln!(
                err,
                "* Recv failure: Connection reset by peer\n* Closing connection {n}"
            );
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
            let _ = writeln!(err, "* Empty reply from server\n* Closing connection {n}");
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
    if a.fail && *code >= 400 {
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
        let _ = writeln!(v, "* Closing connection {n}");
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
