//! `python3 -m http.server`: a directory served over HTTP.

use super::*;
use super::{CmdOutput, Ctx};
use crate::sim::stack::transport::{BindError, Service, SockProto};
use core::net::Ipv4Addr;

// ---- python3 -m http.server ----------------------------------------------
pub(crate) fn python3(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
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
        ctx.world.exit_process(pid, 1);
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
