//! `python3 -m http.server`: a directory served over HTTP.

use super::python_args::{self, PyOp};
use super::*;
use super::{CmdOutput, Ctx};
use crate::sim::stack::transport::{BindError, Service, SockProto};
use core::net::Ipv4Addr;

// ---- python3 -m http.server ----------------------------------------------
pub(crate) fn python3(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let op = match python_args::parse(args) {
        Ok(op) => op,
        Err(e) => return e,
    };
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let s = match op {
        PyOp::Server(s) => s,
        PyOp::Script(f) => return script(ctx, &f),
        other => return CmdOutput::text(python_args::info(&other)),
    };
    let bind = match python_args::bind_addr(&s.bind) {
        Ok(b) => b,
        Err(e) => return e,
    };
    let port = s.port;
    // The server keeps the directory it started in, whatever cd follows.
    let dir = ctx.world.fs.abs(s.directory.as_deref().unwrap_or("."));
    // ps shows the command line as typed, interpreter options included.
    let line = format!("python3 {}", args.join(" "));
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
    let out = CmdOutput::text(format!(
        "Serving HTTP on {host} port {port} (http://{host}:{port}/) ...\n"
    ));
    foreground_server(ctx, pid, out, "a server runs until stopped: start it with `&` at the end, as in a terminal (it keeps running here; `kill` ends it)")
}

/// `python3 FILE`: a missing file fails as Python does; running one is
/// not simulated.
fn script(ctx: &Ctx, f: &str) -> CmdOutput {
    let path = ctx.world.fs.abs(f);
    if f == "-" || ctx.world.fs.exists(&path) {
        return CmdOutput::error(
            1,
            "netbook: python3 FILE is not simulated (only `python3 -m http.server` is)\n",
        );
    }
    CmdOutput::error(
        2,
        format!("python3: can't open file '{path}': [Errno 2] No such file or directory\n"),
    )
}
