//! The interpreter: runs parsed cells against one [`World`], streams what
//! they print to a [`Sink`], and answers completion and help questions.

use super::cell::{self, Completeness, Redirect, Script, SimpleCommand};
use super::command::{self, CellError, CmdOutput, Ctx, Pacer};
use crate::display::i18n::{self, Lang};
use crate::display::{html, MimeBundle};
use crate::sim::World;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One thing a cell shows, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emit {
    /// Text on stdout.
    Stdout(String),
    /// Text on stderr.
    Stderr(String),
    /// A rich display from a command in the middle of the cell.
    Display(MimeBundle),
    /// The rich result of the cell's last command.
    Result(MimeBundle),
    /// `clear`: wipe what the cell showed so far.
    Clear {
        /// Wait for the next output before clearing (no flicker).
        wait: bool,
    },
}

/// Where outputs go: the Jupyter iopub channel, a terminal, or a `Vec`.
pub trait Sink {
    /// Receives one output as soon as it exists.
    fn emit(&mut self, e: Emit);
}

impl Sink for Vec<Emit> {
    fn emit(&mut self, e: Emit) {
        self.push(e)
    }
}

/// What a terminal shows for a cell: see [`Session::run_terminal`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terminal {
    /// Everything printed on stdout (rich outputs as their `text/plain`).
    pub stdout: String,
    /// Everything printed on stderr, including a failing command's message.
    pub stderr: String,
    /// How the cell ended.
    pub outcome: ExecOutcome,
}

/// How a cell ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExecOutcome {
    /// Exit status of the last command run.
    pub status: i32,
    /// Set when the cell failed (syntax error, unknown command, usage
    /// error, failed check, interrupt, internal error).
    pub error: Option<CellError>,
}

/// Completion candidates for the word at the cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// Candidates, sorted.
    pub matches: Vec<String>,
    /// Start of the replaced text, in characters.
    pub cursor_start: usize,
    /// End of the replaced text, in characters.
    pub cursor_end: usize,
}

/// The shared interpreter state: the world, the interrupt flag and the
/// language of the rich output.
pub struct Session {
    world: World,
    interrupt: Arc<AtomicBool>,
    /// The driver's real time, if any (see [`Pacer`]).
    pacer: Option<Arc<dyn Pacer + Send + Sync>>,
    lang: Lang,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session with a fresh world; rich output in Korean, the chapters'
    /// language (`%lang en` or [`Session::with_lang`] switches).
    pub fn new() -> Self {
        Session::with_lang(Lang::Ko)
    }

    /// A session whose rich output speaks `lang`.
    pub fn with_lang(lang: Lang) -> Self {
        Session {
            world: World::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            pacer: None,
            lang,
        }
    }

    /// The language of the rich output.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Sets the language of the rich output (what `%lang` does).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The simulated world.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The simulated world, for callers that build it with typed methods.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Replaces the world with a fresh one (`%reset`, kernel restart).
    pub fn reset(&mut self) {
        self.world = World::new();
    }

    /// Lets real time pass while commands wait (the kernel and `netbook
    /// run` do; tests and the library don't).
    pub fn set_pacer(&mut self, pacer: Arc<dyn Pacer + Send + Sync>) {
        self.pacer = Some(pacer);
    }

    /// A flag another thread sets to interrupt the running cell.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Whether a cell can run as it is.
    pub fn is_complete(&self, code: &str) -> Completeness {
        cell::is_complete(code)
    }

    /// Runs a cell. Outputs stream to `sink`; the world keeps every change
    /// except when the cell panics, which restores the world it had before.
    ///
    /// ```
    /// use netbook::shell::{Emit, Session};
    /// let mut s = Session::new();
    /// let mut out = Vec::new();
    /// let r = s.execute("echo hello | grep h", &mut out);
    /// assert_eq!(r.error, None);
    /// assert_eq!(out, vec![Emit::Stdout("hello\n".into())]);
    /// ```
    pub fn execute(&mut self, code: &str, sink: &mut dyn Sink) -> ExecOutcome {
        self.interrupt.store(false, Ordering::Relaxed);
        let script = match cell::parse(code) {
            Ok(s) => s,
            Err(e) => {
                let mut err = CellError::new("SyntaxError", e.to_string());
                err.traceback = vec![format!("bash: {e}")];
                return ExecOutcome {
                    status: 2,
                    error: Some(err),
                };
            }
        };
        let snapshot = self.world.clone();
        // Renderers read the language from their thread; `%lang` changes it.
        let before = i18n::lang();
        i18n::set_lang(self.lang);
        let result = catch_unwind(AssertUnwindSafe(|| self.run_script(&script, sink)));
        self.lang = i18n::lang();
        i18n::set_lang(before);
        match result {
            Ok(outcome) => outcome,
            Err(panic) => {
                self.world = snapshot;
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let mut err = CellError::new(
                    "InternalError",
                    format!("netbook hit a bug and undid this cell: {what}"),
                );
                err.traceback.push(
                    "The simulated network is as it was before the cell. Please report this cell's text to the netbook maintainers."
                        .into(),
                );
                ExecOutcome {
                    status: 70,
                    error: Some(err),
                }
            }
        }
    }

    /// Runs a cell and collects what a terminal would show: stdout, and
    /// stderr with the failing command's message (which the kernel shows
    /// as the cell's error output) in its place at the end.
    ///
    /// ```
    /// let mut s = netbook::shell::Session::new();
    /// let t = s.run_terminal("echo hi; cat /nope");
    /// assert_eq!(t.stdout, "hi\n");
    /// assert_eq!(t.stderr, "cat: /nope: No such file or directory\n");
    /// ```
    pub fn run_terminal(&mut self, code: &str) -> Terminal {
        let mut emits = Vec::new();
        let outcome = self.execute(code, &mut emits);
        let mut t = Terminal::default();
        for e in emits {
            match e {
                Emit::Stdout(x) => t.stdout.push_str(&x),
                Emit::Stderr(x) => t.stderr.push_str(&x),
                Emit::Display(b) | Emit::Result(b) => t.stdout.push_str(b.text()),
                Emit::Clear { .. } => {}
            }
        }
        if let Some(e) = &outcome.error {
            for l in &e.traceback {
                t.stderr.push_str(l);
                t.stderr.push('\n');
            }
        }
        t.outcome = outcome;
        t
    }

    fn run_script(&mut self, script: &Script, sink: &mut dyn Sink) -> ExecOutcome {
        let total = script.commands().count();
        let mut seen = 0;
        let mut status = 0;
        for item in &script.items {
            if item.background {
                // bash prints `[N] PID` at once; a server the job starts
                // becomes that process (see `World::spawn`).
                let text = std::iter::once(&item.first)
                    .chain(item.rest.iter().map(|(_, p)| p))
                    .flat_map(|p| p.commands.iter())
                    .map(|c| c.argv.join(" "))
                    .collect::<Vec<_>>()
                    .join(" ");
                let (job, pid) = self.world.begin_job(&format!("{text} &"));
                sink.emit(Emit::Stderr(format!("[{job}] {pid}\n")));
            }
            let mut run_next = true;
            let pipes = std::iter::once((None, &item.first))
                .chain(item.rest.iter().map(|(c, p)| (Some(*c), p)));
            for (conn, pipeline) in pipes {
                let n = pipeline.commands.len();
                match conn {
                    Some(cell::Connector::And) => run_next = status == 0,
                    Some(cell::Connector::Or) => run_next = status != 0,
                    None => {}
                }
                if !run_next {
                    seen += n;
                    continue;
                }
                let last_in_cell = seen + n == total;
                seen += n;
                let (st, err) = self.run_pipeline(&pipeline.commands, last_in_cell, sink);
                status = st;
                if item.background {
                    self.world.end_job();
                    // `$?` after `cmd &` is 0: the shell did not wait.
                    status = 0;
                }
                if let Some(e) = err {
                    return ExecOutcome {
                        status,
                        error: Some(e),
                    };
                }
                if self.interrupt.load(Ordering::Relaxed) {
                    return ExecOutcome {
                        status: 130,
                        error: Some(CellError::new(
                            "KeyboardInterrupt",
                            "interrupted by the user",
                        )),
                    };
                }
            }
        }
        ExecOutcome {
            status,
            error: None,
        }
    }

    fn run_pipeline(
        &mut self,
        commands: &[SimpleCommand],
        last_in_cell: bool,
        sink: &mut dyn Sink,
    ) -> (i32, Option<CellError>) {
        let mut piped: Option<String> = None;
        let mut status = 0;
        for (i, cmd) in commands.iter().enumerate() {
            let last = i + 1 == commands.len();
            let mut stdin = piped.take();
            if let Some(h) = &cmd.heredoc {
                stdin = Some(h.clone());
            }
            for r in &cmd.redirects {
                if let Redirect::FromFile(p) = r {
                    match self.world.read_file(None, p) {
                        Ok(s) => stdin = Some(s),
                        Err(e) => {
                            sink.emit(Emit::Stderr(format!("bash: {e}\n")));
                            return (1, None);
                        }
                    }
                }
            }
            // bash opens `>`/`>>` targets before running the command: a
            // missing directory means the command never runs, and `>`
            // truncates first (`cat f > f` leaves f empty).
            if let Some(err) = self.open_redirects(cmd) {
                sink.emit(Emit::Stderr(format!("bash: {err}\n")));
                status = 1;
                continue;
            }
            if cmd.argv.is_empty() {
                // `> file` alone truncates the file, as in bash.
                let out = CmdOutput::default();
                status = self.deliver(cmd, out, false, false, sink);
                continue;
            }
            // Only the last command, printing to the user, may stream.
            let to_user = last
                && !cmd.redirects.iter().any(|r| {
                    matches!(
                        r,
                        Redirect::ToFile { fd: 1, .. }
                            | Redirect::StdoutToStderr
                            | Redirect::StderrToStdout
                    )
                });
            let out = {
                let mut print = |t: &str| sink.emit(Emit::Stdout(t.to_string()));
                let mut ctx = Ctx {
                    world: &mut self.world,
                    netns: None,
                    stdin,
                    interrupt: &self.interrupt,
                    live: if to_user { Some(&mut print) } else { None },
                    pacer: self.pacer.as_deref().map(|p| p as &dyn Pacer),
                };
                command::run_argv(&mut ctx, &cmd.argv)
            };
            // Background processes (an ssh tunnel) write to the same terminal.
            let bg = self.world.take_tty_output();
            if !bg.is_empty() {
                sink.emit(Emit::Stderr(bg));
            }
            let mut out = out;
            // A cell-failing command's stderr becomes the error's traceback,
            // so the cell shows exactly one error output.
            if let Some(f) = out.fail.as_mut() {
                if !out.stderr.is_empty() {
                    f.traceback = out.stderr.lines().map(str::to_string).collect();
                    out.stderr.clear();
                }
            }
            let fail = out.fail.clone();
            if last {
                status = self.deliver(cmd, out, true, last_in_cell, sink);
            } else {
                piped = Some(std::mem::take(&mut out.stdout));
                out.rich = None;
                self.deliver(cmd, out, false, false, sink);
            }
            if let Some(f) = fail {
                return (status, Some(f));
            }
        }
        (status, None)
    }

    /// Creates (`>>`) or truncates (`>`) every output redirection target,
    /// as bash's open(2) does before exec; the first failure's message.
    fn open_redirects(&mut self, cmd: &SimpleCommand) -> Option<String> {
        for r in &cmd.redirects {
            if let Redirect::ToFile { path, append, .. } = r {
                // procfs ignores O_TRUNC and judges only what is written.
                if path == "/dev/null" || path.starts_with("/proc/") {
                    continue;
                }
                if let Err(e) = self.world.write_file(None, path, "", *append) {
                    return Some(redirect_error(path, &e.to_string()));
                }
            }
        }
        None
    }

    /// Applies redirections and sends what is left to the sink.
    fn deliver(
        &mut self,
        cmd: &SimpleCommand,
        mut out: CmdOutput,
        show_stdout: bool,
        last_in_cell: bool,
        sink: &mut dyn Sink,
    ) -> i32 {
        let mut stdout_to: Option<(&str, bool)> = None;
        let mut stderr_to: Option<(&str, bool)> = None;
        let mut merge = false;
        for r in &cmd.redirects {
            match r {
                Redirect::ToFile {
                    fd: 1,
                    path,
                    append,
                } => stdout_to = Some((path, *append)),
                Redirect::ToFile { path, append, .. } => stderr_to = Some((path, *append)),
                Redirect::StderrToStdout => merge = true,
                Redirect::StdoutToStderr => {
                    let text = std::mem::take(&mut out.stdout);
                    out.stderr.insert_str(0, &text);
                    out.rich = None;
                }
                Redirect::FromFile(_) => {}
            }
        }
        if merge {
            out.stdout.push_str(&std::mem::take(&mut out.stderr));
            out.rich = None;
        }
        let targets: [(Option<(&str, bool)>, &mut String); 2] =
            [(stdout_to, &mut out.stdout), (stderr_to, &mut out.stderr)];
        for (target, text) in targets {
            if let Some((path, append)) = target {
                let content = std::mem::take(text);
                if path == "/dev/null" {
                    continue;
                }
                if let Err(e) = self.world.write_file(None, path, &content, append) {
                    sink.emit(Emit::Stderr(format!(
                        "bash: {}\n",
                        redirect_error(path, &e.to_string())
                    )));
                    return 1;
                }
            }
        }
        if stdout_to.is_some() {
            out.rich = None;
        }
        if out.clear {
            sink.emit(Emit::Clear { wait: false });
        }
        if show_stdout {
            cap_output(&mut out);
            match out.rich.take() {
                Some(b) if last_in_cell => sink.emit(Emit::Result(b)),
                Some(b) => sink.emit(Emit::Display(b)),
                None if !out.stdout.is_empty() => sink.emit(Emit::Stdout(out.stdout)),
                None => {}
            }
        }
        if !out.stderr.is_empty() {
            sink.emit(Emit::Stderr(out.stderr));
        }
        out.status
    }

    /// Completion candidates for the word under the cursor (in characters).
    ///
    /// ```
    /// let s = netbook::shell::Session::new();
    /// let c = s.complete("ec", 2);
    /// assert_eq!(c.matches, vec!["echo"]);
    /// assert_eq!((c.cursor_start, c.cursor_end), (0, 2));
    /// ```
    pub fn complete(&self, code: &str, cursor: usize) -> Completion {
        let chars: Vec<char> = code.chars().collect();
        let cursor = cursor.min(chars.len());
        let mut start = cursor;
        while start > 0 && !is_break(chars[start - 1]) {
            start -= 1;
        }
        let prefix: String = chars[start..cursor].iter().collect();
        let before: String = chars[..start].iter().collect();
        let segment = before.rsplit(['\n', ';', '|', '&']).next().unwrap_or("");
        let segment = segment
            .trim_start()
            .trim_start_matches(['$', '>'])
            .trim_start();
        let words: Vec<String> = segment.split_whitespace().map(str::to_string).collect();
        let mut matches: Vec<String> = if words.is_empty() {
            command::all()
                .map(|c| c.name.to_string())
                .filter(|n| n.starts_with(&prefix))
                .collect()
        } else {
            let (name, args) = command_words(&words);
            match command::lookup(name) {
                Some(cmd) => {
                    let mut v = match cmd.complete {
                        Some(f) => f(&self.world, args, &prefix),
                        None => Vec::new(),
                    };
                    if v.is_empty() && prefix.starts_with('-') {
                        v = usage_options(cmd.usage)
                            .filter(|o| o.starts_with(&prefix))
                            .collect();
                    }
                    if v.is_empty() && prefix.starts_with('/') {
                        v = command::coreutils::complete_paths(&self.world, args, &prefix);
                    }
                    v
                }
                None => Vec::new(),
            }
        };
        matches.sort();
        matches.dedup();
        Completion {
            matches,
            cursor_start: start,
            cursor_end: cursor,
        }
    }

    /// Help for the word under the cursor (or the command it belongs to).
    pub fn inspect(&self, code: &str, cursor: usize) -> Option<MimeBundle> {
        let chars: Vec<char> = code.chars().collect();
        let cursor = cursor.min(chars.len());
        let mut start = cursor;
        while start > 0 && !is_break(chars[start - 1]) {
            start -= 1;
        }
        let mut end = cursor;
        while end < chars.len() && !is_break(chars[end]) {
            end += 1;
        }
        let word: String = chars[start..end].iter().collect();
        let cmd = command::lookup(&word).or_else(|| {
            let before: String = chars[..start].iter().collect();
            let segment = before.rsplit(['\n', ';', '|', '&']).next().unwrap_or("");
            let words: Vec<String> = segment
                .trim_start()
                .trim_start_matches(['$', '>'])
                .split_whitespace()
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                return None;
            }
            command::lookup(command_words(&words).0)
        })?;
        let text = format!(
            "{name} - {en}\n{ko}\n\nUsage: {usage}\n",
            name = cmd.name,
            en = cmd.summary,
            ko = cmd.summary_ko,
            usage = cmd.usage
        );
        let html = format!(
            "<div class=\"netbook-help\"><b>{}</b> — {}<br>{}<pre>{}</pre></div>",
            html::escape(cmd.name),
            html::escape(cmd.summary),
            html::escape(cmd.summary_ko),
            html::escape(cmd.usage)
        );
        Some(MimeBundle::plain(text).with_html(html))
    }
}

/// The command name and its arguments, looking through `sudo` and
/// `ip netns exec NS`.
fn command_words(words: &[String]) -> (&str, &[String]) {
    let mut w = words;
    loop {
        match w {
            [sudo, rest @ ..] if sudo == "sudo" && !rest.is_empty() => w = rest,
            [ip, netns, exec, _ns, rest @ ..]
                if ip == "ip" && netns == "netns" && exec == "exec" && !rest.is_empty() =>
            {
                w = rest
            }
            _ => break,
        }
    }
    (w[0].as_str(), &w[1..])
}

fn usage_options(usage: &'static str) -> impl Iterator<Item = String> {
    usage
        .split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '|' | ','))
        .filter(|w| w.starts_with('-') && w.len() > 1)
        .map(|w| w.trim_end_matches(['=', '.']).to_string())
}

/// The most text one command shows in a cell (pipes and redirections
/// still get everything): front ends slow to a crawl on multi-megabyte
/// outputs, and a learner never reads that much.
pub const OUTPUT_CAP: usize = 256 * 1024;

/// Truncates what a command shows at a line boundary, with a note on
/// stderr saying how to see the rest.
fn cap_output(out: &mut CmdOutput) {
    let too_rich = out
        .rich
        .as_ref()
        .is_some_and(|b| b.iter().any(|(_, c)| c.len() > OUTPUT_CAP));
    if too_rich {
        out.rich = None;
    }
    if out.stdout.len() <= OUTPUT_CAP {
        return;
    }
    out.rich = None;
    let total_lines = out.stdout.lines().count();
    let mut cut = OUTPUT_CAP;
    while !out.stdout.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = out.stdout[..cut].rfind('\n').map(|i| i + 1).unwrap_or(cut);
    let total = out.stdout.len();
    out.stdout.truncate(cut);
    let shown = out.stdout.lines().count();
    out.stderr.push_str(&format!(
        "netbook: output truncated: showing the first {shown} of {total_lines} lines ({cut} of {total} bytes); pipe it through head, tail or grep, or redirect it (> /tmp/out) to see the rest\n"
    ));
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, ';' | '|' | '&' | '>' | '<' | '(' | ')' | '"' | '\'')
}

fn redirect_error(path: &str, msg: &str) -> String {
    if msg.ends_with("Directory nonexistent") {
        format!("{path}: No such file or directory")
    } else {
        msg.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &mut Session, code: &str) -> (Vec<Emit>, ExecOutcome) {
        let mut out = Vec::new();
        let r = s.execute(code, &mut out);
        (out, r)
    }

    #[test]
    fn redirects_write_files_and_persist_across_cells() {
        let mut s = Session::new();
        let (out, r) = run(
            &mut s,
            "mkdir -p /etc/netns/ns1\necho 'nameserver 10.0.0.53' > /etc/netns/ns1/resolv.conf",
        );
        assert!(out.is_empty() && r.error.is_none());
        let (out, _) = run(&mut s, "cat /etc/netns/ns1/resolv.conf");
        assert_eq!(out, vec![Emit::Stdout("nameserver 10.0.0.53\n".into())]);
        let (out, r) = run(&mut s, "echo x > /nodir/file");
        assert_eq!(r.status, 1);
        assert_eq!(
            out,
            vec![Emit::Stderr(
                "bash: /nodir/file: No such file or directory\n".into()
            )]
        );
    }

    #[test]
    fn redirects_are_opened_before_the_command_runs() {
        let mut s = Session::new();
        // The study note's line: two commands glued into one `mkdir`. bash
        // fails to open the target first, so mkdir never runs.
        let (out, r) = run(
            &mut s,
            "mkdir -p /etc/netns/c4/ echo 'nameserver 8.8.8.8' > /etc/netns/c4/resolv.conf",
        );
        assert_eq!(r.status, 1);
        assert_eq!(
            out,
            vec![Emit::Stderr(
                "bash: /etc/netns/c4/resolv.conf: No such file or directory\n".into()
            )]
        );
        let (_, r) = run(&mut s, "ls /etc/netns/c4");
        assert_eq!(r.status, 2);
        let (_, r) = run(&mut s, "ls echo");
        assert_eq!(r.status, 2);
        // `>` truncates before the command reads its input.
        run(&mut s, "echo keep > /tmp/f\ncat /tmp/f > /tmp/f");
        let (out, _) = run(&mut s, "wc -c /tmp/f");
        assert_eq!(out, vec![Emit::Stdout("0 /tmp/f\n".into())]);
        // `>>` creates a missing file even when the command prints nothing.
        run(&mut s, "true >> /tmp/g");
        let (_, r) = run(&mut s, "cat /tmp/g");
        assert_eq!(r.status, 0);
    }

    #[test]
    fn linux_failures_do_not_fail_the_cell_but_usage_errors_do() {
        let mut s = Session::new();
        let (_, r) = run(&mut s, "cat /nope; echo after");
        assert_eq!(r.error, None);
        assert_eq!(r.status, 0);
        let (out, r) = run(&mut s, "grep -Z x /etc/hosts; echo never");
        assert_eq!(r.error.unwrap().ename, "UsageError");
        assert!(!out.contains(&Emit::Stdout("never\n".into())));
        let (_, r) = run(&mut s, "nosuchtool");
        assert_eq!(r.error.unwrap().ename, "CommandNotFound");
        let (_, r) = run(&mut s, "echo 'open");
        assert_eq!(r.error.unwrap().ename, "SyntaxError");
    }

    #[test]
    fn and_or_short_circuit() {
        let mut s = Session::new();
        let (out, _) = run(&mut s, "false && echo no || echo yes; true || echo no");
        assert_eq!(out, vec![Emit::Stdout("yes\n".into())]);
    }

    #[test]
    fn last_rich_output_is_the_result() {
        let mut s = Session::new();
        let (out, _) = run(&mut s, "help; help");
        assert!(matches!(out[0], Emit::Display(_)));
        assert!(matches!(out[1], Emit::Result(_)));
        let (out, _) = run(&mut s, "help | head -n 1");
        assert!(matches!(out[0], Emit::Stdout(_)));
    }

    #[test]
    fn huge_outputs_are_truncated_for_display_but_not_for_pipes() {
        let mut s = Session::new();
        let line = "x".repeat(99);
        let body: String = (0..5000).map(|_| format!("{line}\n")).collect();
        s.world_mut().fs.write("/tmp/big", &body, false).unwrap();
        let t = s.run_terminal("cat /tmp/big");
        assert!(t.stdout.len() <= OUTPUT_CAP && t.stdout.ends_with('\n'));
        assert!(
            t.stderr.contains("showing the first 2621 of 5000 lines"),
            "{}",
            t.stderr
        );
        let t = s.run_terminal("cat /tmp/big | wc -l");
        assert_eq!(t.stdout, "5000\n");
        let t = s.run_terminal("cat /tmp/big > /tmp/copy; wc -c /tmp/copy");
        assert_eq!(t.stdout, "500000 /tmp/copy\n");
    }

    #[test]
    fn heredoc_into_file() {
        let mut s = Session::new();
        run(&mut s, "cat <<EOF > /etc/hosts\n10.0.0.1 web\nEOF");
        assert_eq!(s.world().fs.read("/etc/hosts").unwrap(), "10.0.0.1 web\n");
        run(&mut s, "cat >> /etc/hosts <<'EOF'\n10.0.0.2 db\nEOF");
        assert_eq!(
            s.world().fs.read("/etc/hosts").unwrap(),
            "10.0.0.1 web\n10.0.0.2 db\n"
        );
    }

    #[test]
    fn completion_and_inspect() {
        let s = Session::new();
        assert_eq!(
            s.complete("cat /etc/hos", 12).matches,
            vec!["/etc/hostname", "/etc/hosts"]
        );
        assert!(s.complete("grep -", 6).matches.contains(&"-i".to_string()));
        assert!(
            s.complete("sudo ech", 8).matches.is_empty()
                || s.complete("sudo ech", 8).matches == vec!["echo"]
        );
        let help = s.inspect("cat /etc/hosts", 1).unwrap();
        assert!(help.text().contains("concatenate files"));
        assert!(help.text().contains("파일 내용을 출력"));
        assert!(s.inspect("   ", 1).is_none());
    }

    #[test]
    fn reset_gives_a_fresh_world() {
        let mut s = Session::new();
        run(&mut s, "touch /tmp/x");
        assert!(s.world().fs.exists("/tmp/x"));
        run(&mut s, "%reset");
        assert!(!s.world().fs.exists("/tmp/x"));
    }
}
