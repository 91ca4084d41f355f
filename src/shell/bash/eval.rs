//! Runs the syntax tree: lists, `&&`/`||`, pipelines, compound commands,
//! functions, redirections, and the dispatch of a simple command to a
//! function, a builtin or a simulated tool.

use super::io::{cap_output, push_capped, Fds, Input, Target};
use super::parse;
use super::state::Shell;
use crate::display::MimeBundle;
use crate::shell::command::{CellError, CmdOutput};
use crate::shell::emit::{Emit, Sink};
use crate::sim::World;
use brush_parser::ast;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where the cell's own output goes.
pub enum Term<'a> {
    /// Streamed to the front end.
    Sink(&'a mut dyn Sink),
    /// Collected (a nested `bash -c` run by a tool): stdout, stderr.
    Buffer(String, String),
    /// A background job's terminal output, stamped with the virtual time
    /// it was printed at (fd 1 or 2), shown as the clock gets there.
    Job(super::io::JobOut),
}

/// Why evaluation leaves the normal path.
#[derive(Debug)]
pub enum Ctl {
    /// `break N`.
    Break(u32),
    /// `continue N`.
    Continue(u32),
    /// `return N`.
    Return(i32),
    /// `exit N`, `set -e`, a fatal expansion error.
    Exit(i32),
    /// Abandon the current top-level command (function nesting limit).
    Unwind(i32),
    /// Stop the cell: budget spent or interrupted.
    Abort(CellError),
}

/// A status, or a change of control flow.
pub type R = Result<i32, Ctl>;

/// The evaluator of one cell (or one nested shell).
pub struct Exec<'a> {
    pub(super) sh: &'a mut Shell,
    pub(super) world: &'a mut World,
    pub(super) interrupt: &'a AtomicBool,
    pub(super) term: Term<'a>,
    /// A rich display held back: the cell's last one becomes its result.
    pending: Option<MimeBundle>,
    pub(super) netns: Option<String>,
    pub(super) fds: Fds,
    pub(super) captures: Vec<String>,
    /// The first event that fails the cell (unknown command, ...).
    pub(super) failure: Option<CellError>,
    /// >0 inside a condition (`if`, `while`, left of `&&`/`||`, `!`).
    pub(super) cond: usize,
    /// Nesting of `$(...)`, for `set -x`'s `++`.
    pub(super) subst: usize,
    /// Status of the last `$(...)`, for a command of assignments only.
    pub(super) subst_status: Option<i32>,
}

/// How a run ended.
#[derive(Debug, Default)]
pub struct RunResult {
    /// The last status.
    pub status: i32,
    /// Set when the cell fails.
    pub error: Option<CellError>,
    /// Collected stdout (only for [`Term::Buffer`]).
    pub stdout: String,
    /// Collected stderr (only for [`Term::Buffer`]).
    pub stderr: String,
}

/// Runs bash source text in `sh` against `world`.
#[allow(clippy::too_many_arguments)]
pub fn run_source<'a>(
    sh: &'a mut Shell,
    world: &'a mut World,
    interrupt: &'a AtomicBool,
    term: Term<'a>,
    netns: Option<String>,
    stdin: Option<String>,
    src: &str,
    label: &str,
) -> RunResult {
    let mut ex = Exec {
        sh,
        world,
        interrupt,
        term,
        pending: None,
        netns,
        fds: Fds {
            input: stdin.map(Input::new),
            ..Fds::default()
        },
        captures: Vec::new(),
        failure: None,
        cond: 0,
        subst: 0,
        subst_status: None,
    };
    // An empty cell ends with status 0, as an empty script does.
    let mut status = 0;
    for piece in parse::programs(src) {
        status = match piece {
            Ok(prog) => match ex.run_program(&prog) {
                Ok(s) => {
                    ex.sh.status = s;
                    status = s;
                    continue;
                }
                Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) | Err(Ctl::Unwind(s)) => s,
                Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => 0,
                Err(Ctl::Abort(e)) => {
                    ex.failure = Some(e);
                    130
                }
            },
            Err(e) => {
                let mut err = CellError::new("SyntaxError", e.to_string());
                err.traceback = vec![format!("{label}{e}")];
                ex.failure.get_or_insert(err);
                2
            }
        };
        break;
    }
    ex.sh.status = status;
    let status = ex.exit_trap(status);
    ex.flush_pending(true);
    let (stdout, stderr) = match ex.term {
        Term::Buffer(o, e) => (o, e),
        Term::Sink(_) | Term::Job(_) => Default::default(),
    };
    RunResult {
        status,
        error: ex.failure,
        stdout,
        stderr,
    }
}

impl Exec<'_> {
    // ---- output -------------------------------------------------------------

    /// Writes text to fd 1 or 2 of the running command.
    pub(super) fn write(&mut self, fd: u8, text: &str) {
        if text.is_empty() {
            return;
        }
        let target = if fd == 1 {
            self.fds.out.clone()
        } else {
            self.fds.err.clone()
        };
        match target {
            Target::Term(stream) => {
                self.flush_pending(false);
                match &mut self.term {
                    Term::Sink(s) => s.emit(if stream == 1 {
                        Emit::Stdout(text.to_string())
                    } else {
                        Emit::Stderr(text.to_string())
                    }),
                    Term::Buffer(o, e) => push_capped(if stream == 1 { o } else { e }, text),
                    Term::Job(v) => v.push(self.world.now_us, stream, text),
                }
            }
            Target::Capture(i) => push_capped(&mut self.captures[i], text),
            Target::File(p) => {
                let _ = self.world.write_file(self.netns.as_deref(), &p, text, true);
            }
            Target::Null => {}
        }
    }

    pub(super) fn flush_pending(&mut self, last: bool) {
        if let (Some(b), Term::Sink(s)) = (self.pending.take(), &mut self.term) {
            s.emit(if last {
                Emit::Result(b)
            } else {
                Emit::Display(b)
            });
        }
    }

    /// Sends a tool's output where its fds point.
    pub(super) fn deliver(&mut self, mut out: CmdOutput) -> i32 {
        let to_term = self.fds.out == Target::Term(1);
        if out.clear && to_term {
            if let Term::Sink(s) = &mut self.term {
                self.pending = None;
                s.emit(Emit::Clear { wait: false });
            }
        }
        if to_term {
            cap_output(&mut out);
        }
        match out.rich.take() {
            Some(b) if to_term && matches!(self.term, Term::Sink(_)) => {
                self.flush_pending(false);
                self.pending = Some(b);
            }
            _ => {
                let text = std::mem::take(&mut out.stdout);
                self.write(1, &text);
            }
        }
        match out.fail {
            // The event that fails the cell shows its message once, as the
            // error's traceback (Jupyter's one error output); a handled
            // one (in a condition) or a later one prints in place.
            // A login shell run by a tool (ssh) prints it in place: its
            // status is all the cell sees.
            Some(mut f)
                if self.cond == 0
                    && self.failure.is_none()
                    && !matches!(self.term, Term::Buffer(..)) =>
            {
                if !out.stderr.is_empty() {
                    // Split on LF only: a tool's CR LF (ssh, sshd) stays.
                    f.traceback = (out.stderr.split_inclusive('\n'))
                        .map(|l| l.strip_suffix('\n').unwrap_or(l).to_string())
                        .collect();
                }
                // A failing cell shows one error output (Jupyter's
                // contract): its hints go into the error report, after the
                // tool's own words, not into a display of their own.
                for h in std::mem::take(&mut out.hints) {
                    f.traceback.push(crate::display::hint::line(&h));
                }
                self.failure = Some(f);
            }
            _ => self.write(2, &out.stderr),
        }
        // Hints go beside a terminal's stderr; `2>/dev/null` silences them.
        if !out.hints.is_empty()
            && self.fds.err == Target::Term(2)
            && matches!(self.term, Term::Sink(_))
        {
            self.flush_pending(false);
            if let Term::Sink(s) = &mut self.term {
                s.emit(Emit::Display(crate::display::hint::bundle(&out.hints)));
            }
        }
        out.status
    }

    /// Spends one step of the budget; stops on an interrupt.
    pub(super) fn step(&mut self) -> Result<(), Ctl> {
        self.sh.steps += 1;
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(Ctl::Abort(CellError::new(
                "KeyboardInterrupt",
                "interrupted by the user",
            )));
        }
        if self.sh.steps > self.sh.budget {
            let msg = format!(
                "netbook: stopped after {} commands and loop turns in one cell (a loop that never ends?)",
                self.sh.budget
            );
            let mut e = CellError::new("StepLimit", msg.clone());
            e.traceback = vec![msg];
            return Err(Ctl::Abort(e));
        }
        Ok(())
    }

    /// Runs the EXIT trap once, as the shell ends; its status does not
    /// replace the shell's.
    pub(super) fn exit_trap(&mut self, status: i32) -> i32 {
        if let Some(action) = self.sh.traps.remove("EXIT") {
            let _ = self.run_text(&action, "bash: ");
            self.sh.status = status;
        }
        status
    }

    // ---- lists and pipelines ------------------------------------------------

    pub(super) fn run_program(&mut self, prog: &ast::Program) -> R {
        let mut status = 0;
        for list in &prog.complete_commands {
            status = match self.run_list(list) {
                Err(Ctl::Unwind(s)) => {
                    self.sh.status = s;
                    s
                }
                other => other?,
            };
            // The next prompt: an interactive shell reports ended jobs.
            self.bg_tick(true);
        }
        Ok(status)
    }

    pub(super) fn run_list(&mut self, list: &ast::CompoundList) -> R {
        let mut status = self.sh.status;
        for ast::CompoundListItem(andor, sep) in &list.0 {
            status = match sep {
                ast::SeparatorOperator::Async => self.run_background(andor)?,
                ast::SeparatorOperator::Sequence => self.run_andor(andor)?,
            };
        }
        Ok(status)
    }

    pub(super) fn run_andor(&mut self, list: &ast::AndOrList) -> R {
        let n = 1 + list.additional.len();
        let mut status = self.run_pipeline(&list.first, n == 1)?;
        for (i, ao) in list.additional.iter().enumerate() {
            let (p, run) = match ao {
                ast::AndOr::And(p) => (p, status == 0),
                ast::AndOr::Or(p) => (p, status != 0),
            };
            if run {
                status = self.run_pipeline(p, i + 2 == n)?;
            }
        }
        Ok(status)
    }

    fn run_pipeline(&mut self, p: &ast::Pipeline, last_in_list: bool) -> R {
        let is_cond = !last_in_list || p.bang;
        if is_cond {
            self.cond += 1;
        }
        let start = self.world.now_us;
        let r = if p.seq.len() == 1 {
            self.run_command(&p.seq[0]).map(|s| (s, vec![s]))
        } else {
            self.run_stages(&p.seq)
        };
        if is_cond {
            self.cond -= 1;
        }
        let (mut status, each) = r?;
        // PIPESTATUS: every stage's own status, before `!` inverts.
        self.sh.unset("PIPESTATUS");
        let each = each
            .into_iter()
            .enumerate()
            .map(|(i, s)| (i as i64, s.to_string()));
        self.sh.arrays.insert("PIPESTATUS".into(), each.collect());
        if self.interrupt.load(Ordering::Relaxed) {
            // An interrupted command (ping) ends the cell, as Ctrl-C does.
            return Err(Ctl::Abort(CellError::new(
                "KeyboardInterrupt",
                "interrupted by the user",
            )));
        }
        if p.bang {
            status = i32::from(status == 0);
        }
        if p.timed.is_some() {
            let us = self.world.now_us.saturating_sub(start);
            let real = format!(
                "{}m{}.{:03}s",
                us / 60_000_000,
                us / 1_000_000 % 60,
                us / 1000 % 1000
            );
            self.write(
                2,
                &format!("\nreal\t{real}\nuser\t0m0.000s\nsys\t0m0.000s\n"),
            );
        }
        self.sh.status = status;
        if status != 0 && !is_cond && self.cond == 0 && self.sh.opts.errexit {
            return Err(Ctl::Exit(status));
        }
        Ok(status)
    }

    /// `a | b | c`: each stage in a subshell, its stdout the next one's
    /// stdin. Gives the pipeline's status and each stage's.
    fn run_stages(&mut self, seq: &[ast::Command]) -> Result<(i32, Vec<i32>), Ctl> {
        let saved = self.fds.clone();
        let mut statuses = Vec::with_capacity(seq.len());
        for (i, cmd) in seq.iter().enumerate() {
            let last = i + 1 == seq.len();
            let idx = self.captures.len();
            if !last {
                self.captures.push(String::new());
                self.fds.out = Target::Capture(idx);
            } else {
                self.fds.out = saved.out.clone();
            }
            let r = self.subshell(|ex| ex.run_command(cmd));
            if !last {
                let text = self.captures.pop().unwrap_or_default();
                self.fds.input = Some(Input::new(text));
            }
            match r {
                Ok(s) => statuses.push(s),
                Err(e) => {
                    self.fds = saved;
                    return Err(e);
                }
            }
        }
        self.fds = saved;
        let last = *statuses.last().unwrap_or(&0);
        let status = match self.sh.opts.pipefail {
            true => statuses
                .iter()
                .rev()
                .find(|s| **s != 0)
                .copied()
                .unwrap_or(0),
            false => last,
        };
        Ok((status, statuses))
    }

    /// Runs `f` with a copy of the shell state that is thrown away after
    /// (`( ... )`, pipeline stages, `$(...)`): variables do not leak.
    pub(super) fn subshell(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.sh.clone();
        let r = f(self);
        let steps = self.sh.steps;
        *self.sh = saved;
        self.sh.steps = steps;
        self.sync_cwd();
        match r {
            Ok(s) | Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) => Ok(s),
            Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => Ok(0),
            Err(e) => Err(e),
        }
    }

    // ---- commands -----------------------------------------------------------

    /// Hands this shell's working directory to the file tree: a nested
    /// shell (`ssh host cmd`'s login shell, `bash -c`, a subshell) may
    /// have left its own there, and every relative path a command or a
    /// redirection names resolves from it.
    pub(super) fn sync_cwd(&mut self) {
        self.world.fs.set_cwd(&self.sh.cwd);
    }

    pub(super) fn run_command(&mut self, cmd: &ast::Command) -> R {
        self.sync_cwd();
        // Functions, subshells and substitutions recurse through here:
        // keep enough stack for the deepest nesting the budgets allow.
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.run_command_inner(cmd))
    }

    fn run_command_inner(&mut self, cmd: &ast::Command) -> R {
        match cmd {
            ast::Command::Simple(s) => self.run_simple(s),
            ast::Command::Compound(c, redirs) => {
                let redirs: Vec<&ast::IoRedirect> =
                    redirs.iter().flat_map(|r| r.0.iter()).collect();
                self.with_redirects(&redirs, |ex| ex.run_compound(c))
            }
            ast::Command::Function(def) => {
                self.sh
                    .funcs
                    .insert(def.fname.value.clone(), Arc::new(def.body.clone()));
                Ok(0)
            }
            ast::Command::ExtendedTest(t, redirs) => {
                let redirs: Vec<&ast::IoRedirect> =
                    redirs.iter().flat_map(|r| r.0.iter()).collect();
                self.with_redirects(&redirs, |ex| {
                    ex.step()?;
                    ex.xtrace_extended(&t.expr)?;
                    ex.extended_test(&t.expr)
                })
            }
        }
    }

    fn run_body(&mut self, list: &ast::CompoundList) -> Result<Option<i32>, Ctl> {
        match self.run_list(list) {
            Ok(s) => Ok(Some(s)),
            Err(Ctl::Break(n)) if n > 1 => Err(Ctl::Break(n - 1)),
            Err(Ctl::Continue(n)) if n > 1 => Err(Ctl::Continue(n - 1)),
            Err(Ctl::Break(_)) => Ok(None),
            Err(Ctl::Continue(_)) => Ok(Some(0)),
            Err(e) => Err(e),
        }
    }

    fn cond_list(&mut self, list: &ast::CompoundList) -> R {
        self.cond += 1;
        let r = self.run_list(list);
        self.cond -= 1;
        r
    }

    pub(super) fn run_compound(&mut self, c: &ast::CompoundCommand) -> R {
        use ast::CompoundCommand as C;
        match c {
            C::BraceGroup(b) => self.run_list(&b.list),
            C::Subshell(s) => self.subshell(|ex| ex.run_list(&s.list)),
            C::ForClause(f) => {
                let items = match &f.values {
                    Some(words) => self.expand_words(words)?,
                    None => self.sh.positional.clone(),
                };
                let mut status = 0;
                for item in items {
                    self.step()?;
                    self.sh.set(&f.variable_name, item);
                    match self.run_body(&f.body.list)? {
                        Some(s) => status = s,
                        None => break,
                    }
                }
                Ok(status)
            }
            C::ArithmeticForClause(f) => {
                if let Some(init) = &f.initializer {
                    self.arith(&init.value)?;
                }
                let mut status = 0;
                loop {
                    self.step()?;
                    if let Some(c) = &f.condition {
                        if self.arith(&c.value)? == 0 {
                            break;
                        }
                    }
                    match self.run_body(&f.body.list)? {
                        Some(s) => status = s,
                        None => break,
                    }
                    if let Some(u) = &f.updater {
                        self.arith(&u.value)?;
                    }
                }
                Ok(status)
            }
            C::WhileClause(w) | C::UntilClause(w) => {
                let until = matches!(c, C::UntilClause(_));
                let mut status = 0;
                loop {
                    self.step()?;
                    let ok = self.cond_list(&w.0)? == 0;
                    if ok == until {
                        break;
                    }
                    match self.run_body(&w.1.list)? {
                        Some(s) => status = s,
                        None => break,
                    }
                }
                Ok(status)
            }
            C::IfClause(i) => {
                if self.cond_list(&i.condition)? == 0 {
                    return self.run_list(&i.then);
                }
                for e in i.elses.iter().flatten() {
                    match &e.condition {
                        Some(c) if self.cond_list(c)? != 0 => continue,
                        _ => return self.run_list(&e.body),
                    }
                }
                Ok(0)
            }
            C::CaseClause(cc) => self.run_case(cc),
            C::Arithmetic(a) => {
                self.step()?;
                if self.sh.opts.xtrace {
                    let plus = "+".repeat(1 + self.subst);
                    self.write(2, &format!("{plus} (( {} ))\n", a.expr.value.trim()));
                }
                match self.arith(&a.expr.value) {
                    Ok(v) => Ok(i32::from(v == 0)),
                    Err(Ctl::Unwind(_)) => Ok(1),
                    Err(e) => Err(e),
                }
            }
            C::Coprocess(_) => {
                self.write(2, "bash: coproc: not supported by netbook\n");
                Ok(1)
            }
        }
    }

    fn run_case(&mut self, cc: &ast::CaseClauseCommand) -> R {
        let value = self.expand_string(&cc.value.value)?;
        let mut i = 0;
        let mut fall = false;
        while i < cc.cases.len() {
            let item = &cc.cases[i];
            let mut hit = fall;
            if !hit {
                for p in &item.patterns {
                    let pat = self.expand_pattern(&p.value)?;
                    if super::pattern::glob_match(&pat, &value) {
                        hit = true;
                        break;
                    }
                }
            }
            if hit {
                let status = match &item.cmd {
                    Some(l) => self.run_list(l)?,
                    None => 0,
                };
                match item.post_action {
                    ast::CaseItemPostAction::ExitCase => return Ok(status),
                    ast::CaseItemPostAction::UnconditionallyExecuteNextCaseItem => fall = true,
                    ast::CaseItemPostAction::ContinueEvaluatingCases => fall = false,
                }
                if i + 1 == cc.cases.len() {
                    return Ok(status);
                }
            }
            i += 1;
        }
        Ok(0)
    }
}
