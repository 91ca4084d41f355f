//! Background jobs on the virtual clock: `cmd &`, `$!`, `wait`, `fg`,
//! `bg`, and the job notices of an interactive bash (bash(1), JOB
//! CONTROL).
//!
//! A job runs at once in a subshell on a forked clock: it starts at the
//! current time, its output is stamped with the virtual time it was
//! printed at, and the clock is put back, so the commands after it run
//! while it "runs". Its output reaches the cell as the clock gets there
//! (after a foreground command that waits: `sleep`, `ping`, `wait`), and
//! it ends (`Done`) at the time it finished. What it prints in its first
//! 100 ms shows at once. A server it starts (`nc -l`,
//! `ssh -N`) is the job and runs until killed.
//!
//! What a cell shows follows an interactive bash, as a learner typing the
//! lines into a terminal sees them (a script run by `bash file` prints no
//! `[1] PID` and no notices): `[1] PID` when the job starts (stderr), and
//! `[1]+  Done                    sleep 1` (stderr) after the foreground
//! command that was running when it ended, or at the next prompt (the end
//! of a line of the cell).
//!
//! A job that has not ended after 100,000 commands and loop turns (`while
//! true; do date; sleep 1; done &`) stays a job that runs until killed;
//! what it printed so far still comes out as the clock passes.
//!
//! What the model does not do: a finished job's changes to the world
//! (`(sleep 5; ip netns add x) &`) happen when it starts, not when its
//! clock gets there.

use super::eval::{Ctl, Exec, Term, R};
use super::state::BgChunk;
use crate::shell::command::CellError;
use crate::shell::emit::Emit;
use crate::sim::stack::transport::Process;
use brush_parser::ast;
use core::time::Duration;

/// What a job prints in its first 100 ms of virtual time (a server's
/// banner, ssh's warnings and hints, ping's first reply) shows at once:
/// a terminal shows it before the next line is typed.
const STARTUP_US: u64 = 100_000;

/// The steps a job may take before netbook stops running it ahead and
/// keeps it as a job that runs until killed.
const JOB_STEPS: u64 = 100_000;

/// How many ended jobs' statuses `wait PID` remembers.
const REMEMBERED: usize = 64;

/// A job found by a jobspec or pid.
enum Found {
    /// Still in the process table.
    Live(u32),
    /// Ended, its notice not shown yet.
    Ended(u32),
}

impl Exec<'_> {
    /// True when this evaluator writes to the cell itself (not inside
    /// `$(...)`, a nested shell or a job).
    fn at_top(&self) -> bool {
        self.subst == 0 && matches!(self.term, Term::Sink(_))
    }

    /// `cmd &`.
    pub(super) fn run_background(&mut self, andor: &ast::AndOrList) -> R {
        if !self.at_top() {
            // Inside `$(...)` or a nested shell run by a tool: at once.
            self.subshell(|ex| ex.run_andor(andor))?;
            self.sh.status = 0;
            return Ok(0);
        }
        let (job, pid) = self.world.begin_job(&format!("{} &", job_text(andor)));
        self.write(2, &format!("[{job}] {pid}\n"));
        let t0 = self.world.now_us;
        let term = std::mem::replace(&mut self.term, Term::Job(Default::default()));
        // The job never makes the driver wait in real time.
        let pacer = self.sh.pacer.take();
        // A job that does not end within its own share of steps (`while
        // true; do ...; done &`) runs on until killed.
        let budget = self.sh.budget;
        let job_budget = budget.min(self.sh.steps.saturating_add(JOB_STEPS));
        self.sh.budget = job_budget;
        let r = self.subshell(|ex| ex.run_andor(andor));
        self.sh.budget = budget;
        self.sh.pacer = pacer;
        let printed = match std::mem::replace(&mut self.term, term) {
            Term::Job(v) => v.chunks,
            _ => Vec::new(),
        };
        let ends = self.world.now_us;
        self.world.now_us = t0;
        let (status, ends) = match r {
            Ok(s) | Err(Ctl::Unwind(s)) => (s, Some(ends)),
            Err(Ctl::Abort(e))
                if e.ename == "StepLimit"
                    && job_budget < budget
                    && !self.interrupt.load(std::sync::atomic::Ordering::Relaxed) =>
            {
                (0, None)
            }
            Err(e) => {
                self.world.transport.spawning = None;
                return Err(e);
            }
        };
        self.world.end_job(pid, ends, status);
        let pid = self
            .world
            .transport
            .procs
            .iter()
            .rev()
            .find(|p| p.job == Some(job))
            .map_or(pid, |p| p.pid);
        self.sh.last_bg = Some(pid);
        self.sh
            .bg_out
            .extend(printed.into_iter().map(|(at_us, fd, text)| BgChunk {
                pid,
                at_us: if at_us <= t0 + STARTUP_US { t0 } else { at_us },
                fd,
                text,
            }));
        // What it printed at once shows at once.
        self.bg_tick(false);
        self.sh.status = 0;
        Ok(0)
    }

    /// Shows background output that is due, and with `notify` the notices
    /// of jobs that ended (bash does after a foreground process and at
    /// the prompt, not after its builtins).
    pub(super) fn bg_tick(&mut self, notify: bool) {
        if !self.at_top() {
            return;
        }
        let t = &self.world.transport;
        if self.sh.bg_out.is_empty()
            && t.ended.is_empty()
            && !t.procs.iter().any(|p| p.ends_us.is_some())
        {
            return;
        }
        self.world.reap_jobs();
        // A killed job prints nothing after its end.
        let ended: Vec<(u32, u64)> = self
            .world
            .transport
            .ended
            .iter()
            .map(|e| (e.pid, e.at_us))
            .collect();
        self.sh
            .bg_out
            .retain(|c| !ended.iter().any(|(p, at)| *p == c.pid && c.at_us > *at));
        let now = self.world.now_us;
        let (mut due, rest): (Vec<BgChunk>, Vec<BgChunk>) = std::mem::take(&mut self.sh.bg_out)
            .into_iter()
            .partition(|c| c.at_us <= now);
        self.sh.bg_out = rest;
        due.sort_by_key(|c| c.at_us);
        for c in due {
            self.show_on_terminal(c.fd, &c.text);
        }
        if notify {
            self.notify_jobs();
        }
    }

    /// Background output goes to the terminal whatever the running
    /// command's redirections are.
    fn show_on_terminal(&mut self, fd: u8, text: &str) {
        self.flush_pending(false);
        if let Term::Sink(s) = &mut self.term {
            s.emit(if fd == 1 {
                Emit::Stdout(text.to_string())
            } else {
                Emit::Stderr(text.to_string())
            });
        }
    }

    /// `[1]+  Done                    sleep 1`, one line per ended job.
    fn notify_jobs(&mut self) {
        let mut ended = std::mem::take(&mut self.world.transport.ended);
        if ended.is_empty() {
            return;
        }
        let mut order: Vec<u32> = self.job_pids();
        order.extend(ended.iter().map(|e| e.pid));
        order.sort_unstable();
        ended.sort_by_key(|e| e.job);
        let mut text = String::new();
        for e in &ended {
            let mark = mark_of(&order, e.pid);
            text += &format!(
                "[{}]{mark}  {:<24}{}\n",
                e.job,
                e.end.word(),
                e.cmdline.trim_end_matches(" &")
            );
            self.remember(e.pid, e.end.status());
        }
        self.show_on_terminal(2, &text);
    }

    fn remember(&mut self, pid: u32, status: i32) {
        self.sh.bg_status.retain(|(p, _)| *p != pid);
        self.sh.bg_status.push((pid, status));
        if self.sh.bg_status.len() > REMEMBERED {
            self.sh.bg_status.remove(0);
        }
    }

    /// The pids of the jobs still running, oldest first.
    fn job_pids(&self) -> Vec<u32> {
        self.world
            .transport
            .procs
            .iter()
            .filter(|p| p.job.is_some())
            .map(|p| p.pid)
            .collect()
    }

    fn live_job(&self, pid: u32) -> Option<&Process> {
        self.world
            .transport
            .procs
            .iter()
            .find(|p| p.pid == pid && p.job.is_some())
    }

    /// Resolves `%N`, `%%`, `%+`, `%-`, `%name`, `%?text` or a pid.
    fn find_job(&mut self, spec: &str) -> Option<Found> {
        self.world.reap_jobs();
        let t = &self.world.transport;
        let mut all: Vec<(u32, u32, String, bool)> = t
            .procs
            .iter()
            .filter_map(|p| p.job.map(|j| (p.pid, j, p.cmdline.clone(), true)))
            .chain(
                t.ended
                    .iter()
                    .map(|e| (e.pid, e.job, e.cmdline.clone(), false)),
            )
            .collect();
        all.sort_by_key(|j| j.0);
        let hit = match spec.strip_prefix('%') {
            None => {
                let pid: u32 = spec.parse().ok()?;
                all.iter().find(|j| j.0 == pid)
            }
            Some("" | "%" | "+") => all.last(),
            Some("-") => all.iter().rev().nth(1).or(all.last()),
            Some(rest) => match rest.parse::<u32>() {
                Ok(n) => all.iter().find(|j| j.1 == n),
                Err(_) => match rest.strip_prefix('?') {
                    Some(s) => all.iter().rev().find(|j| j.2.contains(s)),
                    None => all.iter().rev().find(|j| j.2.starts_with(rest)),
                },
            },
        }?;
        Some(if hit.3 {
            Found::Live(hit.0)
        } else {
            Found::Ended(hit.0)
        })
    }

    /// Lets the virtual clock run to `until`, showing background output
    /// as it comes due (at the driver's pace, like a foreground `sleep`).
    fn pass_time(&mut self, until: u64) -> Result<(), Ctl> {
        let mut stops: Vec<u64> = self
            .sh
            .bg_out
            .iter()
            .map(|c| c.at_us)
            .filter(|&t| t > self.world.now_us && t < until)
            .collect();
        stops.sort_unstable();
        stops.dedup();
        stops.push(until);
        for t in stops {
            let dur = t.saturating_sub(self.world.now_us);
            if dur == 0 {
                continue;
            }
            if let Some(p) = self.sh.pacer.clone() {
                if !p.wait(Duration::from_micros(dur), self.interrupt) {
                    return Err(Ctl::Abort(CellError::new(
                        "KeyboardInterrupt",
                        "interrupted by the user",
                    )));
                }
            }
            self.world.advance(dur);
            self.bg_tick(false);
        }
        Ok(())
    }

    /// The note for a job that runs until it is killed: bash would wait
    /// for it until Ctrl-C.
    fn never_ends(&mut self, builtin: &str, pid: u32) {
        let Some(p) = self.live_job(pid) else { return };
        let (job, cmd) = (
            p.job.unwrap_or(0),
            p.cmdline.trim_end_matches(" &").to_string(),
        );
        self.write(
            2,
            &format!(
                "netbook: {builtin}: [{job}] `{cmd}` runs until it is killed, so bash would wait here until Ctrl-C; netbook goes on (kill %{job} ends it)\n"
            ),
        );
    }

    /// `wait [-n] [%JOB | PID ...]`.
    pub(super) fn wait_builtin(&mut self, args: &[String]) -> R {
        if !self.at_top() {
            return Ok(0);
        }
        let next = args.iter().any(|a| a == "-n");
        let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if targets.is_empty() {
            self.world.reap_jobs();
            let pids = self.job_pids();
            let mut ends: Vec<(u64, u32)> = Vec::new();
            let mut lasting = Vec::new();
            for pid in pids {
                match self.live_job(pid).and_then(|p| p.ends_us) {
                    Some(e) => ends.push((e, pid)),
                    None => lasting.push(pid),
                }
            }
            ends.sort_unstable();
            let until = if next { ends.first() } else { ends.last() }.copied();
            if let Some((e, _)) = until {
                self.pass_time(e)?;
            }
            if !next || until.is_none() {
                for pid in lasting {
                    self.never_ends("wait", pid);
                }
            }
            self.bg_tick(true);
            return Ok(match (next, until) {
                (true, Some((_, pid))) => self.status_of(pid).unwrap_or(0),
                (true, None) => 127,
                _ => 0,
            });
        }
        let mut status = 0;
        for t in targets {
            status = self.wait_one(t)?;
        }
        Ok(status)
    }

    fn status_of(&self, pid: u32) -> Option<i32> {
        self.sh
            .bg_status
            .iter()
            .rev()
            .find(|(p, _)| *p == pid)
            .map(|(_, s)| *s)
    }

    fn wait_one(&mut self, spec: &str) -> R {
        let is_pid = spec.parse::<u32>().is_ok();
        if !is_pid && !spec.starts_with('%') {
            self.write(
                2,
                &format!("bash: wait: `{spec}': not a pid or valid job spec\n"),
            );
            return Ok(1);
        }
        let pid = match self.find_job(spec) {
            Some(Found::Live(pid)) => {
                match self.live_job(pid).and_then(|p| p.ends_us) {
                    Some(e) => self.pass_time(e)?,
                    None => {
                        self.never_ends("wait", pid);
                        return Ok(0);
                    }
                }
                pid
            }
            Some(Found::Ended(pid)) => pid,
            None => {
                let known = spec.parse::<u32>().ok().and_then(|p| self.status_of(p));
                if let Some(s) = known {
                    return Ok(s);
                }
                let msg = if is_pid {
                    format!("bash: wait: pid {spec} is not a child of this shell\n")
                } else {
                    format!("bash: wait: {spec}: no such job\n")
                };
                self.write(2, &msg);
                return Ok(127);
            }
        };
        self.bg_tick(true);
        Ok(self.status_of(pid).unwrap_or(0))
    }

    /// `fg [%JOB]`: the job runs in the foreground until it ends.
    pub(super) fn fg_builtin(&mut self, args: &[String]) -> R {
        let spec = args.first().map_or("%+", String::as_str);
        let shown = args.first().map_or("current", String::as_str);
        let pid = match self.find_job(spec) {
            Some(Found::Live(pid)) => pid,
            Some(Found::Ended(_)) => {
                self.write(2, "bash: fg: job has terminated\n");
                return Ok(1);
            }
            None => {
                self.write(2, &format!("bash: fg: {shown}: no such job\n"));
                return Ok(1);
            }
        };
        let Some(p) = self.live_job(pid) else {
            return Ok(1);
        };
        let (cmd, ends) = (p.cmdline.trim_end_matches(" &").to_string(), p.ends_us);
        self.write(1, &format!("{cmd}\n"));
        let Some(e) = ends else {
            self.never_ends("fg", pid);
            return Ok(1);
        };
        self.pass_time(e)?;
        self.world.reap_jobs();
        // A job brought to the foreground ends without a notice.
        let mut status = 0;
        self.world.transport.ended.retain(|x| {
            if x.pid == pid {
                status = x.end.status();
            }
            x.pid != pid
        });
        self.remember(pid, status);
        self.bg_tick(true);
        Ok(status)
    }

    /// `bg [%JOB]`: every job already runs in the background.
    pub(super) fn bg_builtin(&mut self, args: &[String]) -> i32 {
        let spec = args.first().map_or("%+", String::as_str);
        let shown = args.first().map_or("current", String::as_str);
        match self.find_job(spec) {
            Some(Found::Live(pid)) => {
                let job = self.live_job(pid).and_then(|p| p.job).unwrap_or(0);
                self.write(2, &format!("bash: bg: job {job} already in background\n"));
                0
            }
            Some(Found::Ended(_)) => {
                self.write(2, "bash: bg: job has terminated\n");
                1
            }
            None => {
                self.write(2, &format!("bash: bg: {shown}: no such job\n"));
                1
            }
        }
    }
}

/// `+` for the current (newest) job, `-` for the one before.
fn mark_of(order: &[u32], pid: u32) -> char {
    let n = order.len();
    match order.iter().position(|&p| p == pid) {
        Some(i) if i + 1 == n => '+',
        Some(i) if i + 2 == n => '-',
        _ => ' ',
    }
}

/// A job's command as bash shows it in `jobs` and notices (bash reprints
/// it from the parsed command: `{ sleep 1; echo a; }`, `echo a | cat`).
fn job_text(andor: &ast::AndOrList) -> String {
    let shown = andor.to_string();
    // A pipe between words gets its spaces (outside quotes).
    let mut text = String::with_capacity(shown.len() + 4);
    let (mut single, mut double) = (false, false);
    let chars: Vec<char> = shown.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
        text.push(c);
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|j| chars[j]);
        if c == '|'
            && !single
            && !double
            && prev != Some('|')
            && next.is_some_and(|n| n != '|' && n != ' ' && n != '&')
        {
            text.push(' ');
        }
    }
    // A compound command's redirection gets its space (`done > f`).
    let glued = regex_lite::Regex::new(r"(\bdone|\bfi|\besac|\}|\))([<>])").expect("regex");
    let text = glued.replace_all(&text, "$1 $2").into_owned();
    // A group `{ ...; }` is printed on one line.
    let t = text.trim();
    if t.starts_with('{') && t.ends_with('}') && t.contains('\n') {
        let inner: Vec<&str> = t[1..t.len() - 1]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut body = inner.join(" ");
        if !body.ends_with(';') {
            body.push(';');
        }
        return format!("{{ {body} }}");
    }
    text
}
