//! The shell's process view: `jobs`, `kill`, `ps`.

use super::*;
use super::{CmdOutput, Ctx};
use crate::shell::command::not_simulated;
use std::fmt::Write as _;

// ---- jobs / kill / ps ----------------------------------------------------------
/// How `jobs` lists (bash's builtin: `-l`, `-p`, `-r`, `-s`).
#[derive(Debug, Default, PartialEq, Eq)]
struct JobsArgs {
    long: bool,
    pids: bool,
    running: bool,
    stopped: bool,
}

fn jobs_usage(msg: String) -> CmdOutput {
    CmdOutput::error(
        2,
        msg + "jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n",
    )
}

/// bash's builtin getopt ("lpnxrs"), options first; jobspecs are not
/// simulated (every job is listed).
fn parse_jobs(args: &[String]) -> Result<JobsArgs, CmdOutput> {
    let mut a = JobsArgs::default();
    let mut rest = args.iter();
    for w in rest.by_ref() {
        if w == "--" {
            break;
        }
        let Some(letters) = w.strip_prefix('-').filter(|l| !l.is_empty()) else {
            return Err(not_simulated("jobs", "JOBSPEC", 1));
        };
        for c in letters.chars() {
            match c {
                'l' => a.long = true,
                'p' => a.pids = true,
                'r' => a.running = true,
                's' => a.stopped = true,
                'n' | 'x' => return Err(not_simulated("jobs", &format!("-{c}"), 1)),
                _ => return Err(jobs_usage(format!("bash: jobs: -{c}: invalid option\n"))),
            }
        }
    }
    if rest.next().is_some() {
        return Err(not_simulated("jobs", "JOBSPEC", 1));
    }
    Ok(a)
}

pub(crate) fn jobs(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match parse_jobs(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    // Nothing is ever stopped here: -s lists none.
    if a.stopped && !a.running {
        return CmdOutput::default();
    }
    let long = a.long;
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
        if a.running && state != "Running" {
            continue;
        }
        if a.pids {
            let _ = writeln!(s, "{pid}");
        } else if long {
            let _ = writeln!(s, "[{job}]{mark} {pid} {state:<24}{cmd}");
        } else {
            let _ = writeln!(s, "[{job}]{mark}  {state:<24}{cmd}");
        }
    }
    CmdOutput::text(s)
}

/// bash's `kill -l` on Linux x86_64.
const SIGNALS: &str = include_str!("kill-signals.txt");

const KILL_USAGE: &str =
    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n";

/// The signal numbered `n`, by its name without `SIG`.
pub(crate) fn signal_name(n: u32) -> Option<&'static str> {
    SIGNALS.split(['\t', '\n']).find_map(|cell| {
        let (num, name) = cell.trim().split_once(") ")?;
        (num.parse::<u32>().ok()? == n).then(|| name.trim_start_matches("SIG"))
    })
}

/// A signal as bash's decode_signal reads it: a number, or a name in any
/// case with or without `SIG`.
pub(crate) fn signal(spec: &str) -> Option<u32> {
    if let Ok(n) = spec.parse::<u32>() {
        return (n == 0 || signal_name(n).is_some()).then_some(n);
    }
    let up = spec.to_ascii_uppercase();
    let bare = up.strip_prefix("SIG").unwrap_or(&up);
    (1..=64).find(|n| signal_name(*n) == Some(bare))
}

/// Signals that stop or continue a process (or are ignored by default):
/// they need job control, which netbook does not keep.
pub(crate) fn stops_or_continues(sig: u32) -> bool {
    (17..=23).contains(&sig) || sig == 28
}

/// What `kill` was asked to do.
#[derive(Debug, PartialEq, Eq)]
enum KillOp {
    /// `kill -l [SIGSPEC...]`.
    List(Vec<String>),
    /// Send `sig` (0: only ask whether the process exists).
    Send { sig: u32, targets: Vec<String> },
}

fn bad_signal(spec: &str) -> CmdOutput {
    CmdOutput::error(
        1,
        format!("bash: kill: {spec}: invalid signal specification\n"),
    )
}

fn parse_kill(args: &[String]) -> Result<KillOp, CmdOutput> {
    let mut sig = 15;
    let mut rest = args;
    while let Some((a, tail)) = rest.split_first() {
        match a.as_str() {
            "-l" | "-L" => return Ok(KillOp::List(tail.to_vec())),
            "-s" | "-n" => {
                let Some((v, tail)) = tail.split_first() else {
                    return Err(CmdOutput::error(
                        1,
                        format!("bash: kill: {a}: option requires an argument\n"),
                    ));
                };
                sig = signal(v).ok_or_else(|| bad_signal(v))?;
                rest = tail;
            }
            "--" => {
                rest = tail;
                break;
            }
            s if s.len() > 1 && s.starts_with('-') => {
                sig = signal(&s[1..]).ok_or_else(|| bad_signal(&s[1..]))?;
                rest = tail;
            }
            _ => break,
        }
    }
    if rest.is_empty() {
        return Err(CmdOutput::error(2, KILL_USAGE));
    }
    Ok(KillOp::Send {
        sig,
        targets: rest.to_vec(),
    })
}

pub(crate) fn kill(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (sig, targets) = match parse_kill(args) {
        Ok(KillOp::List(specs)) => return kill_list(&specs),
        Ok(KillOp::Send { sig, targets }) => (sig, targets),
        Err(e) => return e,
    };
    if stops_or_continues(sig) {
        let name = signal_name(sig).unwrap_or("?");
        return not_simulated("kill", &format!("-{name}"), 1);
    }
    ctx.world.reap_jobs();
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
        // Signal 0 only asks whether the process is there.
        let alive = pid == BASH_PID || ctx.world.transport.procs.iter().any(|p| p.pid == pid);
        if sig == 0 && alive {
            continue;
        }
        // A job's notice (`Terminated`, `Killed`) comes from the shell, at the next
        // prompt or after the next foreground command.
        if pid == BASH_PID || sig == 0 || !ctx.world.signal(pid, sig) {
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

/// `kill -l`: the table, or each spec's name (for a number) or number.
fn kill_list(specs: &[String]) -> CmdOutput {
    if specs.is_empty() {
        return CmdOutput::text(SIGNALS);
    }
    let mut out = CmdOutput::default();
    for spec in specs {
        let name = spec.parse::<u32>().ok().and_then(signal_name);
        match (name, signal(spec)) {
            (Some(n), _) => out.stdout += &format!("{n}\n"),
            (None, Some(n)) if spec.parse::<u32>().is_err() => out.stdout += &format!("{n}\n"),
            _ => {
                out.stderr += &format!("bash: kill: {spec}: invalid signal specification\n");
                out.status = 1;
            }
        }
    }
    out
}

/// The `ps` forms netbook draws (procps-ng 4.0's UNIX and BSD styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PsForm {
    /// `ps`, `ps -e`, `ps -A`: PID TTY TIME CMD.
    Plain,
    /// `ps -ef`: UID PID PPID C STIME TTY TIME CMD.
    Full,
    /// `ps aux`: USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND.
    User,
    /// `ps ax`: PID TTY STAT TIME COMMAND.
    Bsd,
}

/// The processes `ps` and `pgrep` see, in pid order: the shell, the
/// background jobs and servers, the DNS servers running in namespaces;
/// each as (pid, name, command line).
pub(crate) fn processes(w: &World) -> Vec<(u32, String, String)> {
    let mut procs: Vec<(u32, String, String)> = vec![(BASH_PID, "bash".into(), "-bash".into())];
    for p in &w.transport.procs {
        procs.push((
            p.pid,
            p.comm.clone(),
            p.cmdline.trim_end_matches(" &").to_string(),
        ));
    }
    use crate::sim::dns::message::ServerHost;
    for s in w.dns.servers.iter() {
        if matches!(s.host, ServerHost::Netns(_)) && !procs.iter().any(|p| p.0 == s.pid) {
            procs.push((s.pid, s.program.clone(), s.program.clone()));
        }
    }
    procs.sort_by_key(|p| p.0);
    procs
}

fn parse_ps(args: &[String]) -> Result<PsForm, CmdOutput> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["-e"] | ["-A"] => Ok(PsForm::Plain),
        ["-ef"] | ["-e", "-f"] | ["-f", "-e"] => Ok(PsForm::Full),
        ["aux"] | ["axu"] | ["-aux"] => Ok(PsForm::User),
        ["ax"] | ["xa"] => Ok(PsForm::Bsd),
        _ => Err(CmdOutput::usage(
            1,
            format!(
                "netbook: ps {} is not simulated (ps, ps -e, ps -ef, ps aux, ps ax are)\n",
                words.join(" ")
            ),
        )),
    }
}

pub(crate) fn ps(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let form = match parse_ps(args) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let me = ctx.world.alloc_pid();
    let mut procs = processes(ctx.world);
    let mut s = String::new();
    let this = format!("ps {}", args.join(" "));
    procs.push((me, "ps".into(), this.trim_end().to_string()));
    // The simulated processes hold no memory and use no CPU time; the
    // shell leads its session, ps runs in the foreground, the rest sleep.
    let stat = |pid: u32| match pid {
        BASH_PID => "Ss",
        p if p == me => "R+",
        _ => "S",
    };
    match form {
        PsForm::Full => {
            s += "UID          PID    PPID  C STIME TTY          TIME CMD\n";
            for (pid, _, cmd) in &procs {
                let ppid = if *pid == BASH_PID { 1 } else { BASH_PID };
                let _ = writeln!(
                    s,
                    "root     {pid:>7} {ppid:>7}  0 00:00 pts/0    00:00:00 {cmd}"
                );
            }
        }
        PsForm::User => {
            s += "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n";
            for (pid, _, cmd) in &procs {
                let _ = writeln!(
                    s,
                    "root     {pid:>7}  0.0  0.0      0     0 pts/0    {:<4} 00:00   0:00 {cmd}",
                    stat(*pid)
                );
            }
        }
        PsForm::Bsd => {
            s += "    PID TTY      STAT   TIME COMMAND\n";
            for (pid, _, cmd) in &procs {
                let _ = writeln!(s, "{pid:>7} pts/0    {:<6} 0:00 {cmd}", stat(*pid));
            }
        }
        PsForm::Plain => {
            s += "    PID TTY          TIME CMD\n";
            for (pid, comm, _) in &procs {
                let _ = writeln!(s, "{pid:>7} pts/0    00:00:00 {comm}");
            }
        }
    }
    CmdOutput::text(s)
}
