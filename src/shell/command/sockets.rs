//! Servers, clients and socket tables: `python3 -m http.server`, `nc`,
//! `curl`, `ss`, `netstat`, the shell's `jobs`/`kill`, `ps`, and
//! `modprobe` (for `br_netfilter`).
//!
//! Output follows the Debian 12 tools (curl 7.88.1, netcat-openbsd 1.219,
//! iproute2 6.1 `ss`, net-tools 2.10 `netstat`, Python 3.11 `http.server`,
//! bash 5.2 job control), checked against the real tools in throw-away
//! namespaces. Connections go through [`crate::sim::transport`], so routes,
//! iptables and conntrack decide what happens.

use super::{CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::netfilter::services::port_name;
use crate::sim::packet::IcmpError;
use crate::sim::transport::{BindError, Conn, ConnectError, ConnectOpts, Service, SockProto};
use crate::sim::{NsId, World};
use core::net::{IpAddr, Ipv4Addr};
use std::fmt::Write as _;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "python3",
        summary: "Python 3.11 (only `-m http.server` is simulated)",
        summary_ko: "python3 -m http.server PORT & 로 간단한 웹 서버를 띄웁니다",
        usage: "python3 -m http.server [PORT] [--bind ADDR] [--directory DIR]",
        run: python3,
        complete: None,
    },
    Command {
        name: "nc",
        summary: "arbitrary TCP and UDP connections and listens (netcat-openbsd)",
        summary_ko: "TCP/UDP 연결을 열거나 포트에서 기다립니다 (nc -l -p 9000 &, nc -zv HOST PORT)",
        usage: "nc [-l] [-u] [-z] [-v] [-n] [-k] [-w timeout] [-p port] [host] [port]",
        run: nc,
        complete: None,
    },
    Command {
        name: "curl",
        summary: "transfer a URL (HTTP over the simulated network)",
        summary_ko: "HTTP 요청을 보냅니다 (연결 거부/시간 초과/이름 해석 실패를 실제 curl처럼 보여줌)",
        usage: "curl [-v] [-s] [-S] [-I] [-i] [-o FILE] [--connect-timeout SECONDS] [--interface IF] URL",
        run: curl,
        complete: None,
    },
    Command {
        name: "ss",
        summary: "another utility to investigate sockets",
        summary_ko: "열린 소켓(LISTEN/ESTAB)과 프로세스를 보여줍니다 (ss -tlnp)",
        usage: "ss [-t] [-u] [-l] [-a] [-n] [-p] [-s] [-4]",
        run: ss,
        complete: None,
    },
    Command {
        name: "netstat",
        summary: "print network connections (net-tools)",
        summary_ko: "네트워크 연결과 대기 중인 포트를 보여줍니다 (netstat -nat, -tlnp)",
        usage: "netstat [-t] [-u] [-l] [-a] [-n] [-p]",
        run: netstat,
        complete: None,
    },
    Command {
        name: "jobs",
        summary: "display status of jobs",
        summary_ko: "& 로 띄운 백그라운드 작업 목록을 보여줍니다",
        usage: "jobs [-l]",
        run: jobs,
        complete: None,
    },
    Command {
        name: "kill",
        summary: "send a signal to a job or process",
        summary_ko: "프로세스(PID)나 작업(%N)을 끝냅니다",
        usage: "kill [-s SIG | -SIG] PID | %JOB ...",
        run: kill,
        complete: None,
    },
    Command {
        name: "ps",
        summary: "report a snapshot of the current processes",
        summary_ko: "실행 중인 프로세스를 보여줍니다",
        usage: "ps [aux | -ef]",
        run: ps,
        complete: None,
    },
    Command {
        name: "modprobe",
        summary: "add or remove modules from the Linux kernel",
        summary_ko: "커널 모듈을 올립니다 (modprobe br_netfilter: 브리지 트래픽이 iptables를 거치게 함)",
        usage: "modprobe [-r] MODULE",
        run: modprobe,
        complete: None,
    },
];

/// The shell's own pid (what `ps` lists as bash).
const BASH_PID: u32 = 1000;

fn ns_of(ctx: &Ctx) -> Result<NsId, CmdOutput> {
    ctx.world
        .ns_id(ctx.netns.as_deref())
        .map_err(|e| CmdOutput::error(255, format!("{e}\n")))
}

/// Splits bundled short options (`-tlnp`) into single letters; long
/// options and values stay as they are.
fn letters(arg: &str) -> Option<Vec<char>> {
    let rest = arg.strip_prefix('-')?;
    if rest.is_empty() || rest.starts_with('-') {
        return None;
    }
    Some(rest.chars().collect())
}

// ---- python3 -m http.server ----------------------------------------------

fn python3(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    match args.first().map(String::as_str) {
        Some("-m") => {}
        Some(f) if !f.starts_with('-') => {
            return CmdOutput::error(
                2,
                format!(
                    "python3: can't open file '/root/{f}': [Errno 2] No such file or directory\n"
                ),
            )
        }
        _ => return CmdOutput::error(1, "netbook: only `python3 -m http.server` is simulated\n"),
    }
    let module = args.get(1).map(String::as_str).unwrap_or("");
    if module != "http.server" {
        return CmdOutput::error(1, format!("/usr/bin/python3: No module named {module}\n"));
    }
    let mut port: u16 = 8000;
    let mut bind: Option<Ipv4Addr> = None;
    let mut dir = if ctx.world.fs.exists("/root") {
        "/root".to_string()
    } else {
        "/".to_string()
    };
    let mut i = 2;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--bind" | "-b" | "--directory" | "-d" => {
                let Some(v) = args.get(i + 1) else {
                    return CmdOutput::error(2, format!("usage: server.py [-h] [--cgi] [--bind ADDRESS] [--directory DIRECTORY] [port]\nserver.py: error: argument {a}: expected one argument\n"));
                };
                if a.contains('b') {
                    match v.parse() {
                        Ok(ip) => bind = Some(ip),
                        Err(_) => {
                            return CmdOutput::error(
                                1,
                                "socket.gaierror: [Errno -2] Name or service not known\n",
                            )
                        }
                    }
                } else {
                    dir = v.clone();
                }
                i += 2;
            }
            p => {
                match p.parse() {
                    Ok(n) => port = n,
                    Err(_) => {
                        return CmdOutput::error(2, format!("usage: server.py [-h] [--cgi] [--bind ADDRESS] [--directory DIRECTORY] [port]\nserver.py: error: argument port: invalid int value: '{p}'\n"))
                    }
                }
                i += 1;
            }
        }
    }
    let line = format!("python3 -m http.server {}", args[2..].join(" "));
    let pid = ctx.world.spawn(ns, line.trim_end());
    if let Err(e) = ctx
        .world
        .serve(pid, SockProto::Tcp, bind, port, Service::HttpServer { dir })
    {
        ctx.world.kill(pid);
        let errno = match e {
            BindError::InUse => 98,
            BindError::NotLocal => 99,
        };
        return CmdOutput::error(1, format!("OSError: [Errno {errno}] {e}\n"));
    }
    let host = bind.unwrap_or(Ipv4Addr::UNSPECIFIED);
    let mut out = CmdOutput::text(format!(
        "Serving HTTP on {host} port {port} (http://{host}:{port}/) ...\n"
    ));
    if !is_job(ctx.world, pid) {
        out = out.with_hint("a server runs until stopped: start it with `&` at the end, as in a terminal (it keeps running here; `kill` ends it)");
    }
    out
}

fn is_job(w: &World, pid: u32) -> bool {
    w.transport
        .procs
        .iter()
        .any(|p| p.pid == pid && p.job.is_some())
}

// ---- nc ---------------------------------------------------------------------

fn nc(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (mut listen, mut udp, mut zero, mut verbose, mut keep) =
        (false, false, false, false, false);
    let mut wait: Option<u64> = None;
    let mut port_opt: Option<String> = None;
    let mut pos: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some(ls) = letters(a) {
            for (k, c) in ls.iter().enumerate() {
                match c {
                    'l' => listen = true,
                    'u' => udp = true,
                    'z' => zero = true,
                    'v' => verbose = true,
                    'k' => keep = true,
                    'n' | '4' | 'N' | 'q' => {}
                    'w' | 'p' | 's' => {
                        let rest: String = ls[k + 1..].iter().collect();
                        let v = if rest.is_empty() {
                            i += 1;
                            args.get(i).cloned().unwrap_or_default()
                        } else {
                            rest
                        };
                        match c {
                            'w' => wait = v.parse().ok(),
                            'p' => port_opt = Some(v),
                            _ => {}
                        }
                        break;
                    }
                    _ => {
                        return CmdOutput::error(1, format!("nc: invalid option -- '{c}'\nusage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n"))
                    }
                }
            }
        } else {
            pos.push(a.clone());
        }
        i += 1;
    }
    let proto = if udp { SockProto::Udp } else { SockProto::Tcp };
    if listen {
        let (addr, port) = match (pos.as_slice(), &port_opt) {
            ([], Some(p)) => (None, p.clone()),
            ([p], None) => (None, p.clone()),
            ([a], Some(p)) | ([a, p], None) => (a.parse::<Ipv4Addr>().ok(), p.clone()),
            _ => {
                return CmdOutput::error(
                    1,
                    "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n",
                )
            }
        };
        let Ok(port) = port.parse::<u16>() else {
            return CmdOutput::error(1, format!("nc: port number invalid: {port}\n"));
        };
        let line = format!("nc {}", args.join(" "));
        let pid = ctx.world.spawn(ns, &line);
        if let Err(e) = ctx
            .world
            .serve(pid, proto, addr, port, Service::Netcat { keep })
        {
            ctx.world.kill(pid);
            return CmdOutput::error(1, format!("nc: {e}\n"));
        }
        let mut out = CmdOutput::default();
        if verbose {
            out.stderr = format!(
                "Listening on {} {port}\n",
                addr.unwrap_or(Ipv4Addr::UNSPECIFIED)
            );
        }
        if !is_job(ctx.world, pid) {
            out = out.with_hint("nc -l waits for a connection: start it with `&` at the end, as in a terminal (it keeps listening here)");
        }
        return out;
    }
    let (host, port) = match pos.as_slice() {
        [h, p] => (h.clone(), p.clone()),
        _ => return CmdOutput::error(1, "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n"),
    };
    let Ok(port) = port.parse::<u16>() else {
        return CmdOutput::error(1, format!("nc: port number invalid: {port}\n"));
    };
    let dst = match super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host) {
        Ok(d) => d,
        Err(e) => {
            return CmdOutput::error(
                1,
                format!("nc: getaddrinfo for host \"{host}\" port {port}: {e}\n"),
            )
        }
    };
    let opts = ConnectOpts {
        udp,
        sport: port_opt.and_then(|p| p.parse().ok()),
        ..Default::default()
    };
    let pname = proto.name();
    match ctx.world.connect(ns, dst, port, &opts) {
        Ok(c) => {
            let mut out = CmdOutput::default();
            if verbose {
                let svc = port_name(port, pname).unwrap_or("*");
                out.stderr =
                    format!("Connection to {host} {port} port [{pname}/{svc}] succeeded!\n");
            }
            if !zero {
                let data = ctx.stdin.take().unwrap_or_default();
                let reply = ctx.world.exchange(&c, data.as_bytes());
                out.stdout = String::from_utf8_lossy(&reply).to_string();
                out.stdout += &drain_server_output(ctx.world, &c);
            }
            finish(ctx.world, &c);
            out
        }
        Err(ConnectError::TimedOut { .. }) if udp => {
            // UDP has no handshake: nc cannot tell a lost datagram from success.
            let mut out = CmdOutput::default();
            if verbose {
                let svc = port_name(port, pname).unwrap_or("*");
                out.stderr =
                    format!("Connection to {host} {port} port [{pname}/{svc}] succeeded!\n");
            }
            out
        }
        Err(ConnectError::TimedOut { .. }) => {
            let (ms, msg) = match wait {
                Some(w) => (w * 1000, "timed out: Operation now in progress"),
                None => (SYN_TIMEOUT_MS, "failed: Connection timed out"),
            };
            ctx.world.now_us += ms * 1000;
            CmdOutput::error(
                1,
                format!("nc: connect to {host} port {port} ({pname}) {msg}\n"),
            )
        }
        Err(e) => CmdOutput::error(
            1,
            format!(
                "nc: connect to {host} port {port} ({pname}) failed: {}\n",
                e.strerror()
            ),
        ),
    }
}

/// What a background server printed while serving (it shares the terminal).
fn drain_server_output(w: &mut World, c: &Conn) -> String {
    w.transport
        .procs
        .iter_mut()
        .find(|p| p.pid == c.server_pid && p.job.is_some())
        .map(|p| std::mem::take(&mut p.output))
        .unwrap_or_default()
}

/// Closes the connection; a one-shot `nc -l` exits after its client left.
fn finish(w: &mut World, c: &Conn) {
    w.close(c);
    let one_shot = w.transport.listeners.iter().any(|l| {
        l.pid == c.server_pid && l.ns == c.server_ns && l.service == Service::Netcat { keep: false }
    });
    if one_shot && c.proto == SockProto::Tcp {
        w.kill(c.server_pid);
    }
}

/// Linux gives up a connect() after 6 SYN retransmissions: 1+2+...+64 s.
const SYN_TIMEOUT_MS: u64 = 127_050;

// ---- curl -------------------------------------------------------------------

struct Url {
    scheme: String,
    host: String,
    port: u16,
    path: String,
}

fn parse_url(u: &str) -> Result<Url, String> {
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

fn curl(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (mut verbose, mut silent, mut show_err, mut head, mut include) =
        (false, false, false, false, false);
    let mut connect_timeout: Option<f64> = None;
    let mut iface: Option<String> = None;
    let mut outfile: Option<String> = None;
    let mut url: Option<String> = None;
    let mut proxy: Option<super::proxy::Proxy> = None;
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
                match super::proxy::Proxy::parse(a, &v) {
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
                            'L' | 'f' | 'k' => {}
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
    let dst = match super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host) {
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
        Some(p) => match super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &p.host) {
            Ok(ip) => (p.host.clone(), ip, p.port),
            Err(_) => {
                return fail(
                    5,
                    format!("Could not resolve proxy: {}", p.host),
                    String::new(),
                )
            }
        },
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
            ctx.world.now_us += ms * 1000;
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
    let server_log = drain_server_output(ctx.world, &c);
    finish(ctx.world, &c);
    // Through an SSH tunnel: the hop-by-hop view, and ssh's reset when its
    // channel could not be opened.
    let tunnel = super::ssh::curl_tunnel_view(ctx.world, &c);
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
    if let Some(f) = outfile {
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

// ---- ss / netstat -------------------------------------------------------------

#[derive(Debug, Clone)]
struct SockRow {
    proto: SockProto,
    v6: bool,
    v6only: bool,
    state: &'static str,
    recv_q: u32,
    send_q: u32,
    local: (Option<IpAddr>, Option<u16>),
    peer: (Option<IpAddr>, Option<u16>),
    pid: Option<u32>,
    comm: String,
    fd: u32,
    listening: bool,
}

fn sock_rows(w: &World, ns: NsId) -> Vec<SockRow> {
    let comm = |pid: u32| -> String {
        w.transport
            .procs
            .iter()
            .find(|p| p.pid == pid)
            .map(|p| p.comm.clone())
            .or_else(|| {
                w.dns
                    .servers
                    .iter()
                    .find(|s| s.pid == pid)
                    .map(|s| s.program.clone())
            })
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    // Listening sockets in the order they were opened.
    for s in w.sockets(ns) {
        let tcp = s.proto.is_tcp();
        rows.push(SockRow {
            proto: if tcp { SockProto::Tcp } else { SockProto::Udp },
            v6: s.addr.is_ipv6(),
            v6only: s.v6only,
            state: if tcp { "LISTEN" } else { "UNCONN" },
            recv_q: 0,
            send_q: if tcp { s.backlog } else { 0 },
            local: (Some(s.addr).filter(|a| !a.is_unspecified()), Some(s.port)),
            peer: (None, None),
            pid: Some(s.pid),
            comm: s.program.clone(),
            fd: 3,
            listening: true,
        });
    }
    // DNS servers: UDP and TCP on each listen address.
    use crate::sim::dns::message::ServerHost;
    let name = w.ns(ns).name.clone();
    for s in w
        .dns
        .servers
        .iter()
        .filter(|s| s.host == ServerHost::Netns(name.clone()))
    {
        for (k, l) in s.listen.iter().enumerate() {
            for proto in [SockProto::Udp, SockProto::Tcp] {
                rows.push(SockRow {
                    proto,
                    v6: l.addr.is_some_and(|a| a.is_ipv6()),
                    v6only: false,
                    state: if proto == SockProto::Tcp {
                        "LISTEN"
                    } else {
                        "UNCONN"
                    },
                    recv_q: 0,
                    send_q: if proto == SockProto::Tcp { 4096 } else { 0 },
                    local: (l.addr, Some(l.port)),
                    peer: (None, None),
                    pid: Some(s.pid),
                    comm: s.program.clone(),
                    fd: 3 + 2 * k as u32 + u32::from(proto == SockProto::Tcp),
                    listening: true,
                });
            }
        }
    }
    let now = w.now_us;
    for e in w
        .transport
        .open
        .iter()
        .filter(|e| e.ns == ns && e.until_us.is_none_or(|u| u > now))
    {
        rows.push(SockRow {
            proto: e.proto,
            v6: false,
            v6only: false,
            state: if e.until_us.is_some() {
                "TIME-WAIT"
            } else {
                "ESTAB"
            },
            recv_q: 0,
            send_q: 0,
            local: (Some(IpAddr::V4(*e.local.ip())), Some(e.local.port())),
            peer: (Some(IpAddr::V4(*e.peer.ip())), Some(e.peer.port())),
            pid: if e.until_us.is_some() { None } else { e.pid },
            comm: e.pid.map(comm).unwrap_or_default(),
            fd: 4,
            listening: false,
        });
    }
    rows
}

/// An address as ss prints it before the `:`.
fn ss_addr(r: &SockRow, a: Option<IpAddr>) -> String {
    match a {
        None if !r.v6 => "0.0.0.0:".into(),
        None if r.v6only => "[::]:".into(),
        None => "*:".into(),
        Some(IpAddr::V6(a)) => format!("[{a}]:"),
        Some(a) => format!("{a}:"),
    }
}

fn port_text(p: Option<u16>, proto: SockProto, numeric: bool) -> String {
    match p {
        None => "*".into(),
        Some(p) if !numeric => port_name(p, proto.name())
            .map(str::to_string)
            .unwrap_or(p.to_string()),
        Some(p) => p.to_string(),
    }
}

fn ss(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (mut tcp, mut udp, mut listen, mut all, mut numeric, mut procs, mut summary) =
        (false, false, false, false, false, false, false);
    for a in args {
        let Some(ls) = letters(a) else {
            match a.as_str() {
                "--tcp" => tcp = true,
                "--udp" => udp = true,
                "--listening" => listen = true,
                "--all" => all = true,
                "--numeric" => numeric = true,
                "--processes" => procs = true,
                "--summary" => summary = true,
                _ => return CmdOutput::error(255, format!("ss: unrecognized option '{a}'\n")),
            }
            continue;
        };
        for c in ls {
            match c {
                't' => tcp = true,
                'u' => udp = true,
                'l' => listen = true,
                'a' => all = true,
                'n' => numeric = true,
                'p' => procs = true,
                's' => summary = true,
                '4' | 'e' | 'o' | 'm' | 'i' | 'r' => {}
                _ => return CmdOutput::error(255, format!("ss: invalid option -- '{c}'\n")),
            }
        }
    }
    let rows = sock_rows(ctx.world, ns);
    if summary {
        let t = |st: &str| {
            rows.iter()
                .filter(|r| r.proto == SockProto::Tcp && r.state == st)
                .count()
        };
        let tw = t("TIME-WAIT");
        let count = |p: SockProto, v6: bool| {
            rows.iter()
                .filter(|r| r.proto == p && r.v6 == v6 && r.state != "TIME-WAIT")
                .count()
        };
        let (tcp4, tcp6) = (count(SockProto::Tcp, false), count(SockProto::Tcp, true));
        let (udp4, udp6) = (count(SockProto::Udp, false), count(SockProto::Udp, true));
        let total = tcp4 + tcp6 + udp4 + udp6;
        let mut s = format!(
            "Total: {total}\nTCP:   {} (estab {}, closed 0, orphaned 0, timewait {tw})\n\nTransport Total     IP        IPv6\n",
            tcp4 + tcp6 + tw,
            t("ESTAB")
        );
        for (n, v4, v6) in [
            ("RAW", 0, 0),
            ("UDP", udp4, udp6),
            ("TCP", tcp4, tcp6),
            ("INET", tcp4 + udp4, tcp6 + udp6),
            ("FRAG", 0, 0),
        ] {
            let _ = writeln!(s, "{n}\t  {:<9} {:<9} {:<9}", v4 + v6, v4, v6);
        }
        s.push('\n');
        return CmdOutput::text(s);
    }
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let netid = tcp && udp;
    let mut shown: Vec<&SockRow> = rows
        .iter()
        .filter(|r| (r.proto == SockProto::Tcp && tcp) || (r.proto == SockProto::Udp && udp))
        .filter(|r| all || (listen == r.listening))
        .collect();
    // UDP sockets come first, as ss dumps udp before tcp.
    shown.sort_by_key(|r| r.proto == SockProto::Tcp);
    let mut table: Vec<Vec<String>> = Vec::new();
    for r in &shown {
        let mut row = Vec::new();
        if netid {
            row.push(r.proto.name().to_string());
        }
        row.push(r.state.to_string());
        row.push(r.recv_q.to_string());
        row.push(r.send_q.to_string());
        row.push(ss_addr(r, r.local.0));
        row.push(port_text(r.local.1, r.proto, numeric));
        row.push(ss_addr(r, r.peer.0));
        row.push(port_text(r.peer.1, r.proto, numeric));
        row.push(match (procs, r.pid) {
            (true, Some(pid)) if !r.comm.is_empty() => {
                format!(" users:((\"{}\",pid={pid},fd={}))", r.comm, r.fd)
            }
            _ => String::new(),
        });
        table.push(row);
    }
    let text = render_ss(netid, &table);
    // The same sockets as an HTML table (state, local, peer, process).
    let off = usize::from(netid);
    let rows: Vec<Vec<String>> = table
        .iter()
        .map(|r| {
            let mut v = Vec::new();
            if netid {
                v.push(r[0].clone());
            }
            v.push(r[off].clone());
            v.push(format!("{}{}", r[off + 3], r[off + 4]));
            v.push(format!("{}{}", r[off + 5], r[off + 6]));
            v.push(r[off + 7].trim().to_string());
            v
        })
        .collect();
    let mut header = vec![
        "state",
        "local address:port",
        "peer address:port",
        "process",
    ];
    if netid {
        header.insert(0, "netid");
    }
    CmdOutput::rich(MimeBundle::plain(text).with_html(html::table(&header, &rows)))
}

/// iproute2's column layout: each column as wide as its widest cell
/// (header included) plus its left delimiter; addresses right-aligned,
/// ports left-aligned. The last column's width ignores the last row, and
/// the last row is not padded past its own text (ss's buffered printer).
fn render_ss(netid: bool, rows: &[Vec<String>]) -> String {
    // (header, right-aligned, left delimiter)
    let mut cols: Vec<(&str, bool, &str)> = vec![
        ("State", false, " "),
        ("Recv-Q", false, " "),
        ("Send-Q", false, " "),
        ("Local Address:", true, " "),
        ("Port", false, ""),
        ("Peer Address:", true, " "),
        ("Port", false, ""),
        ("Process", false, ""),
    ];
    if netid {
        cols.insert(0, ("Netid", false, ""));
    }
    let n = cols.len();
    let mut width: Vec<usize> = cols.iter().map(|c| c.0.len()).collect();
    for (ri, r) in rows.iter().enumerate() {
        for (j, cell) in r.iter().enumerate() {
            if j == n - 1 && ri + 1 == rows.len() {
                continue;
            }
            width[j] = width[j].max(cell.len());
        }
    }
    let mut first = true;
    for (j, c) in cols.iter().enumerate() {
        if !first {
            width[j] += c.2.len();
        }
        first = false;
    }
    let line = |cells: Vec<&str>, last_row: bool| {
        let mut s = String::new();
        for (j, (cell, c)) in cells.iter().zip(cols.iter()).enumerate() {
            let d = if j == 0 { "" } else { c.2 };
            let inner = width[j] - d.len();
            s += d;
            if c.1 {
                let _ = write!(s, "{cell:>inner$}");
            } else if j == n - 1 && last_row {
                s += cell;
            } else {
                let _ = write!(s, "{cell:<inner$}");
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(cols.iter().map(|c| c.0).collect(), false);
    for (ri, r) in rows.iter().enumerate() {
        let last = ri + 1 == rows.len() && !r[n - 1].is_empty();
        out += &line(r.iter().map(String::as_str).collect(), last);
    }
    out
}

fn netstat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let (mut tcp, mut udp, mut listen, mut all, mut numeric, mut procs) =
        (false, false, false, false, false, false);
    for a in args {
        let Some(ls) = letters(a) else {
            return CmdOutput::error(1, format!("netstat: unrecognized option '{a}'\n"));
        };
        for c in ls {
            match c {
                't' => tcp = true,
                'u' => udp = true,
                'l' => listen = true,
                'a' => all = true,
                'n' => numeric = true,
                'p' => procs = true,
                '4' | 'e' | 'W' => {}
                _ => return CmdOutput::error(1, format!("netstat: invalid option -- '{c}'\n")),
            }
        }
    }
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let rows = sock_rows(ctx.world, ns);
    let head = if all {
        "servers and established"
    } else if listen {
        "only servers"
    } else {
        "w/o servers"
    };
    let mut s = format!("Active Internet connections ({head})\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ");
    if procs {
        s += " PID/Program name    ";
    }
    s.push('\n');
    let host = |r: &SockRow, a: Option<IpAddr>| match a {
        None if !r.v6 => "0.0.0.0".to_string(),
        None if numeric => "::".to_string(),
        None => "[::]".to_string(),
        Some(a) if !numeric && a.is_loopback() => "localhost".to_string(),
        Some(a) => a.to_string(),
    };
    let mut shown: Vec<&SockRow> = rows
        .iter()
        .filter(|r| (r.proto == SockProto::Tcp && tcp) || (r.proto == SockProto::Udp && udp))
        .filter(|r| all || (listen == r.listening))
        .collect();
    // netstat reads /proc/net/tcp then /proc/net/udp.
    shown.sort_by_key(|r| r.proto == SockProto::Udp);
    for r in shown {
        let local = format!(
            "{}:{}",
            host(r, r.local.0),
            port_text(r.local.1, r.proto, numeric)
        );
        let peer = format!(
            "{}:{}",
            host(r, r.peer.0),
            port_text(r.peer.1, r.proto, numeric)
        );
        let state = match r.state {
            "LISTEN" => "LISTEN",
            "ESTAB" => "ESTABLISHED",
            "TIME-WAIT" => "TIME_WAIT",
            _ => "",
        };
        let _ = write!(
            s,
            "{:<5} {:>6} {:>6} {local:<23} {peer:<23} {state:<11}",
            format!("{}{}", r.proto.name(), if r.v6 { "6" } else { "" }),
            r.recv_q,
            0
        );
        if procs {
            let p = match r.pid {
                Some(pid) if !r.comm.is_empty() => format!("{pid}/{}", r.comm),
                _ => "-".into(),
            };
            let _ = write!(s, " {p:<20}");
        }
        s.push('\n');
    }
    CmdOutput::text(s)
}

// ---- jobs / kill / ps ----------------------------------------------------------

fn jobs(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let long = args.iter().any(|a| a == "-l");
    let js: Vec<_> = ctx
        .world
        .transport
        .procs
        .iter()
        .filter(|p| p.job.is_some())
        .collect();
    let mut s = String::new();
    for (k, p) in js.iter().enumerate() {
        let mark = if k + 1 == js.len() {
            '+'
        } else if k + 2 == js.len() {
            '-'
        } else {
            ' '
        };
        let job = p.job.unwrap_or(0);
        if long {
            let _ = writeln!(
                s,
                "[{job}]{mark} {} Running                 {}",
                p.pid, p.cmdline
            );
        } else {
            let _ = writeln!(s, "[{job}]{mark}  Running                 {}", p.cmdline);
        }
    }
    CmdOutput::text(s)
}

fn kill(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut targets = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-s" || a == "-n" {
            i += 2;
            continue;
        }
        if a == "-l" {
            return CmdOutput::text(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM\n");
        }
        if a.starts_with('-') && !a.starts_with("--") && a.len() > 1 && targets.is_empty() {
            i += 1;
            continue;
        }
        targets.push(a.clone());
        i += 1;
    }
    if targets.is_empty() {
        return CmdOutput::error(2, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
    }
    let mut err = String::new();
    let mut note = String::new();
    let mut status = 0;
    for t in targets {
        let pid = if let Some(j) = t.strip_prefix('%') {
            let found = ctx
                .world
                .transport
                .procs
                .iter()
                .find(|p| p.job.is_some_and(|n| n.to_string() == j))
                .map(|p| p.pid);
            match found {
                Some(p) => p,
                None => {
                    let _ = writeln!(err, "bash: kill: {t}: no such job");
                    status = 1;
                    continue;
                }
            }
        } else {
            match t.parse::<u32>() {
                Ok(p) => p,
                Err(_) => {
                    let _ = writeln!(err, "bash: kill: {t}: arguments must be process or job IDs");
                    status = 1;
                    continue;
                }
            }
        };
        let job = ctx
            .world
            .transport
            .procs
            .iter()
            .find(|p| p.pid == pid)
            .and_then(|p| p.job.map(|j| (j, p.cmdline.clone())));
        if pid == BASH_PID || !ctx.world.kill(pid) {
            if pid != BASH_PID {
                let _ = writeln!(err, "bash: kill: ({pid}) - No such process");
                status = 1;
            }
            continue;
        }
        if let Some((j, cmd)) = job {
            let _ = writeln!(
                note,
                "[{j}]+  Terminated              {}",
                cmd.trim_end_matches(" &")
            );
        }
    }
    CmdOutput {
        status,
        stdout: note,
        stderr: err,
        ..Default::default()
    }
}

fn ps(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let full = args
        .iter()
        .any(|a| a == "aux" || a == "-ef" || a == "-e" || a == "ax");
    let me = ctx.world.alloc_pid();
    let mut procs: Vec<(u32, String, String)> = vec![(BASH_PID, "bash".into(), "-bash".into())];
    for p in &ctx.world.transport.procs {
        procs.push((
            p.pid,
            p.comm.clone(),
            p.cmdline.trim_end_matches(" &").to_string(),
        ));
    }
    use crate::sim::dns::message::ServerHost;
    for s in &ctx.world.dns.servers {
        if matches!(s.host, ServerHost::Netns(_)) && !procs.iter().any(|p| p.0 == s.pid) {
            procs.push((s.pid, s.program.clone(), s.program.clone()));
        }
    }
    procs.sort_by_key(|p| p.0);
    let mut s = String::new();
    if full {
        s += "UID          PID    PPID  C STIME TTY          TIME CMD\n";
        for (pid, _, cmd) in &procs {
            let ppid = if *pid == BASH_PID { 1 } else { BASH_PID };
            let _ = writeln!(
                s,
                "root     {pid:>7} {ppid:>7}  0 00:00 pts/0    00:00:00 {cmd}"
            );
        }
        let _ = writeln!(
            s,
            "root     {me:>7} {BASH_PID:>7}  0 00:00 pts/0    00:00:00 ps {}",
            args.join(" ")
        );
    } else {
        s += "    PID TTY          TIME CMD\n";
        for (pid, comm, _) in &procs {
            let _ = writeln!(s, "{pid:>7} pts/0    00:00:00 {comm}");
        }
        let _ = writeln!(s, "{me:>7} pts/0    00:00:00 ps");
    }
    CmdOutput::text(s)
}

// ---- modprobe --------------------------------------------------------------------

/// Modules a lab loads; loading one that is built in or loaded is silent.
const MODULES: &[&str] = &[
    "br_netfilter",
    "bridge",
    "veth",
    "nf_conntrack",
    "nf_nat",
    "ip_tables",
    "iptable_nat",
    "iptable_filter",
    "overlay",
    "8021q",
    "dummy",
];

fn modprobe(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let remove = args.iter().any(|a| a == "-r" || a == "--remove");
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.is_empty() {
        return CmdOutput::error(1, "modprobe: ERROR: missing parameters. See -h.\n");
    }
    for n in names {
        let m = n.replace('-', "_");
        if !MODULES.contains(&m.as_str()) {
            return CmdOutput::error(
                1,
                format!("modprobe: FATAL: Module {n} not found in directory /lib/modules/6.1.0-27-amd64\n"),
            );
        }
        if m == "br_netfilter" {
            ctx.world.br_netfilter = !remove;
        }
    }
    CmdOutput::default()
}
