//! Servers, clients and socket tables: `python3 -m http.server`, `nc`,
//! `curl`, `ss`, `netstat`, the shell's `jobs`/`kill`, `ps`, and
//! `modprobe` (for `br_netfilter`).
//!
//! Output follows the Debian 12 tools (curl 7.88.1, netcat-openbsd 1.219,
//! iproute2 6.1 `ss`, net-tools 2.10 `netstat`, Python 3.11 `http.server`,
//! bash 5.2 job control), checked against the real tools in throw-away
//! namespaces. Connections go through [`crate::sim::stack::transport`], so routes,
//! iptables and conntrack decide what happens.

pub mod curl;
mod curl_args;
mod curl_request;
pub mod jobs;
pub mod nc;
pub mod python;
mod python_args;
pub mod ss;
mod ss_args;
mod ss_rows;
mod ss_summary;
pub mod wget;
mod wget_args;

use super::{CmdOutput, Command, Ctx};
use crate::sim::stack::transport::Conn;
use crate::sim::World;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "python3",
        summary: "Python 3.11 (only `-m http.server` is simulated)",
        summary_ko: "python3 -m http.server PORT & 로 간단한 웹 서버를 띄웁니다",
        usage: "python3 -m http.server [PORT] [--bind ADDR] [--directory DIR]",
        run: python::python3,
        complete: None,
    },
    Command {
        name: "nc",
        summary: "arbitrary TCP and UDP connections and listens (netcat-openbsd)",
        summary_ko: "TCP/UDP 연결을 열거나 포트에서 기다립니다 (nc -l -p 9000 &, nc -zv HOST PORT)",
        usage: "nc [-l] [-u] [-z] [-v] [-n] [-k] [-w timeout] [-p port] [host] [port]",
        run: nc::nc,
        complete: None,
    },
    Command {
        name: "curl",
        summary: "transfer a URL (HTTP over the simulated network)",
        summary_ko: "HTTP 요청을 보냅니다 (연결 거부/시간 초과/이름 해석 실패를 실제 curl처럼 보여줌)",
        usage: "curl [-v] [-s] [-S] [-I] [-i] [-o FILE] [--connect-timeout SECONDS] [--interface IF] URL",
        run: curl::curl,
        complete: None,
    },
    Command {
        name: "wget",
        summary: "the non-interactive network downloader (GNU Wget, HTTP)",
        summary_ko: "HTTP로 파일을 내려받습니다 (wget -q -O - URL, wget --spider URL)",
        usage: "wget [-q] [-O FILE] [-S] [-T SECONDS] [-t TRIES] [--spider] URL",
        run: wget::wget,
        complete: None,
    },
    Command {
        name: "ss",
        summary: "another utility to investigate sockets",
        summary_ko: "열린 소켓(LISTEN/ESTAB)과 프로세스를 보여줍니다 (ss -tlnp)",
        usage: "ss [-t] [-u] [-l] [-a] [-n] [-p] [-s] [-4]",
        run: ss::ss,
        complete: None,
    },
    Command {
        name: "netstat",
        summary: "print network connections (net-tools)",
        summary_ko: "네트워크 연결과 대기 중인 포트를 보여줍니다 (netstat -nat, -tlnp)",
        usage: "netstat [-t] [-u] [-l] [-a] [-n] [-p]",
        run: ss::netstat,
        complete: None,
    },
    Command {
        name: "jobs",
        summary: "display status of jobs",
        summary_ko: "& 로 띄운 백그라운드 작업 목록을 보여줍니다",
        usage: "jobs [-l]",
        run: jobs::jobs,
        complete: None,
    },
    Command {
        name: "kill",
        summary: "send a signal to a job or process",
        summary_ko: "프로세스(PID)나 작업(%N)을 끝냅니다",
        usage: "kill [-s SIG | -SIG] PID | %JOB ...",
        run: jobs::kill,
        complete: None,
    },
    Command {
        name: "ps",
        summary: "report a snapshot of the current processes",
        summary_ko: "실행 중인 프로세스를 보여줍니다",
        usage: "ps [aux | -ef]",
        run: jobs::ps,
        complete: None,
    },
];

/// The shell's own pid (what `ps` lists as bash).
pub(crate) const BASH_PID: u32 = 1000;

pub(crate) use super::ns_of;

pub(crate) fn is_job(w: &World, pid: u32) -> bool {
    w.transport
        .procs
        .iter()
        .any(|p| p.pid == pid && p.job.is_some())
}

/// A server started in the foreground (`nc -l 8080`, `python3 -m
/// http.server`) runs until stopped: netbook keeps it listening, with
/// `hint`, unless a `timeout` deadline stops it; then it waits for that
/// and dies of the signal, its listener closing; what it printed stands
/// (http.server flushes its `Serving HTTP` line).
pub(crate) fn foreground_server(
    ctx: &mut Ctx,
    pid: u32,
    mut out: CmdOutput,
    hint: &str,
) -> CmdOutput {
    if is_job(ctx.world, pid) {
        return out;
    }
    let Some(left) = ctx.world.until_deadline() else {
        return out.with_hint(hint);
    };
    ctx.sleep(core::time::Duration::from_micros(left));
    let Some(sig) = ctx.world.heed_deadline() else {
        // Interrupted by the user first: it keeps serving, as without timeout.
        return out.with_hint(hint);
    };
    ctx.world.terminate(pid);
    out.status = 128 + sig as i32;
    out
}

/// What a background server printed while serving (it shares the terminal).
pub(crate) fn drain_server_output(w: &mut World, c: &Conn) -> String {
    w.transport
        .procs
        .iter_mut()
        .find(|p| p.pid == c.server_pid && p.job.is_some())
        .map(|p| std::mem::take(&mut p.output))
        .unwrap_or_default()
}

/// What every background job printed meanwhile (a server reached through
/// an SSH tunnel logs the request too), in pid order.
pub(crate) fn drain_jobs_output(w: &mut World) -> String {
    w.transport
        .procs
        .iter_mut()
        .filter(|p| p.job.is_some())
        .map(|p| std::mem::take(&mut p.output))
        .collect()
}

/// Sends an HTTP request on `c` and reads the answer; the connection
/// closes, and what the servers logged meanwhile comes back with it (curl
/// and wget share this).
pub(crate) fn http_exchange(w: &mut World, c: &Conn, wire: &[u8]) -> (Vec<u8>, String) {
    let answer = w.exchange(c, wire);
    let mut log = drain_server_output(w, c);
    finish(w, c);
    log += &drain_jobs_output(w);
    (answer, log)
}

/// Closes the connection; a one-shot `nc -l` exits after its client left.
pub(crate) fn finish(w: &mut World, c: &Conn) {
    w.finish_connection(c);
}
