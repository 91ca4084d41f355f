//! The shell's process view: `jobs`, `kill`, `ps`.

use super::*;
use super::{CmdOutput, Ctx};
use std::fmt::Write as _;

// ---- jobs / kill / ps ----------------------------------------------------------
pub(crate) fn jobs(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let long = args.iter().any(|a| a == "-l");
    // Jobs whose time has come are listed as ended once (and then gone),
    // which counts as their notice.
    ctx.world.reap_jobs();
    let ended = std::mem::take(&mut ctx.world.transport.ended);
    let mut js: Vec<(u32, u32, String, String)> = ctx
        .world
        .transport
        .procs
        .iter()
        .filter_map(|p| {
            p.job
                .map(|j| (p.pid, j, "Running".to_string(), p.cmdline.clone()))
        })
        .chain(ended.iter().map(|e| {
            let cmd = e.cmdline.trim_end_matches(" &").to_string();
            (e.pid, e.job, e.end.word(), cmd)
        }))
        .collect();
    js.sort_by_key(|j| j.0);
    let order: Vec<u32> = js.iter().map(|j| j.0).collect();
    js.sort_by_key(|j| j.1);
    let mut s = String::new();
    for (pid, job, state, cmd) in &js {
        let k = order.iter().position(|p| p == pid).unwrap_or(0);
        let mark = if k + 1 == order.len() {
            '+'
        } else if k + 2 == order.len() {
            '-'
        } else {
            ' '
        };
        if long {
            let _ = writeln!(s, "[{job}]{mark} {pid} {state:<24}{cmd}");
        } else {
            let _ = writeln!(s, "[{job}]{mark}  {state:<24}{cmd}");
        }
    }
    CmdOutput::text(s)
}

pub(crate) fn kill(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    ctx.world.reap_jobs();
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
        // A job's `Terminated` notice comes from the shell, at the next
        // prompt or after the next foreground command.
        if pid == BASH_PID || !ctx.world.terminate(pid) {
            if pid != BASH_PID {
                let _ = writeln!(err, "bash: kill: ({pid}) - No such process");
                status = 1;
            }
            continue;
        }
    }
    CmdOutput {
        status,
        stderr: err,
        ..Default::default()
    }
}

pub(crate) fn ps(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
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
    for s in ctx.world.dns.servers.iter() {
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
