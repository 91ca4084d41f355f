//! The interpreter: runs parsed cells against one [`World`], streams what
//! they print to a [`Sink`], and answers completion and help questions.

use super::bash::{self, Shell, Term};
use super::cell::Completeness;
use super::command::{self, CellError, Pacer};
use super::complete;
use super::emit::{Emit, Sink};
use super::explain;
use super::memory;
use crate::display::i18n::{self, Lang};
use crate::display::MimeBundle;
use crate::sim::World;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    /// What each candidate is (`device`, `chain`, `option`, `command`,
    /// ...), parallel to `matches`; JupyterLab shows it.
    pub types: Vec<&'static str>,
    /// Start of the replaced text, in characters.
    pub cursor_start: usize,
    /// End of the replaced text, in characters.
    pub cursor_end: usize,
}

/// The shared interpreter state: the world, the shell's variables and
/// functions, the interrupt flag, the driver's real time and the language
/// of the rich output.
pub struct Session {
    world: World,
    shell: Shell,
    interrupt: Arc<AtomicBool>,
    /// The driver's real time, if any (see [`Pacer`]).
    pacer: Option<Arc<dyn Pacer + Send + Sync>>,
    lang: Lang,
    /// Who is working: `variant` and `$NETBOOK_STUDENT` draw from it.
    student: String,
    /// Heap growth one cell may cause (see [`memory`]).
    memory_budget: usize,
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
            shell: Shell::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            pacer: None,
            lang,
            student: String::new(),
            memory_budget: memory::CELL_MEMORY_BUDGET,
        }
    }

    /// Sets the student id that per-student exercises draw their
    /// parameters from (`variant KEY MIN MAX`, `$NETBOOK_STUDENT`). The
    /// driver sets it (from `NETBOOK_STUDENT`, or the grader from the
    /// submission's student); the library never reads the host for it.
    pub fn set_student(&mut self, id: &str) {
        self.student = id.to_string();
    }

    /// The student id (empty when the driver set none).
    pub fn student(&self) -> &str {
        &self.student
    }

    /// The language of the rich output.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Sets the language of the rich output (what `%lang` does).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// Lets real time pass while commands wait (the kernel and `netbook
    /// run` do; tests and the library don't).
    pub fn set_pacer(&mut self, pacer: Arc<dyn Pacer + Send + Sync>) {
        self.pacer = Some(pacer);
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
        self.shell = Shell::new();
    }

    /// Sets how many commands and loop turns one cell may run (the
    /// default is [`bash::STEP_BUDGET`]); fuzzing and tests lower it.
    pub fn set_step_budget(&mut self, steps: u64) {
        self.shell.budget = steps;
    }

    /// Sets how many bytes of heap one cell may grow by (the default is
    /// [`memory::CELL_MEMORY_BUDGET`]); counted only where the binary
    /// installs [`memory::CountingAlloc`].
    pub fn set_memory_budget(&mut self, bytes: usize) {
        self.memory_budget = bytes;
    }

    /// A flag another thread sets to interrupt the running cell.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Whether a cell can run as it is.
    pub fn is_complete(&self, code: &str) -> Completeness {
        bash::parse::completeness(&bash::transcript::prepare(code).source)
    }

    /// Runs a cell. Outputs stream to `sink`; the world keeps every change
    /// except when the cell panics or outgrows its memory budget, which
    /// restore the world (and shell) it had before.
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
        let prepared = bash::transcript::prepare(code);
        let snapshot = (self.world.clone(), self.shell.clone());
        self.shell.steps = 0;
        self.shell.pacer = self.pacer.clone();
        self.shell.set_student(&self.student);
        // Renderers read the language from their thread; `%lang` changes it.
        let before = i18n::lang();
        i18n::set_lang(self.lang);
        let armed = memory::arm(&self.interrupt, self.memory_budget);
        let result = catch_unwind(AssertUnwindSafe(|| {
            bash::run_source(
                &mut self.shell,
                &mut self.world,
                &self.interrupt,
                Term::Sink(&mut *sink),
                None,
                None,
                &prepared.source,
                "bash: ",
            )
        }));
        let over_memory = armed.tripped();
        drop(armed);
        self.lang = i18n::lang();
        i18n::set_lang(before);
        if let Some(note) = prepared.note() {
            sink.emit(Emit::Stderr(note));
        }
        if over_memory {
            drop(result);
            (self.world, self.shell) = snapshot;
            self.interrupt.store(false, Ordering::Relaxed);
            return ExecOutcome {
                status: 137,
                error: Some(memory_error(self.memory_budget)),
            };
        }
        match result {
            Ok(r) => {
                let mut error = r.error;
                if error.is_none() && r.status != 0 && self.shell.opts.errexit {
                    // The failing command already printed why, as in bash.
                    let mut e = CellError::new(
                        "NonZeroExit",
                        format!("the cell stopped under `set -e` with status {}", r.status),
                    );
                    e.traceback.clear();
                    error = Some(e);
                }
                ExecOutcome {
                    status: r.status,
                    error,
                }
            }
            Err(panic) => {
                (self.world, self.shell) = snapshot;
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
        let mut found: Vec<(String, &'static str)> = if words.is_empty() {
            command::all()
                .map(|c| c.name.to_string())
                .filter(|n| n.starts_with(&prefix))
                .map(|n| (n, "command"))
                .collect()
        } else if let Some(items) = complete::context(&self.world, &words, &prefix) {
            items.into_iter().map(|i| (i.text, i.kind)).collect()
        } else {
            let (name, args) = command_words(&words);
            match command::lookup(name) {
                Some(cmd) => {
                    let mut v: Vec<(String, &'static str)> = match cmd.complete {
                        Some(f) => f(&self.world, args, &prefix)
                            .into_iter()
                            .map(|m| (m, "argument"))
                            .collect(),
                        None => Vec::new(),
                    };
                    if v.is_empty() && prefix.starts_with('-') {
                        v = usage_options(cmd.usage)
                            .filter(|o| o.starts_with(&prefix))
                            .map(|o| (o, "option"))
                            .collect();
                    }
                    if v.is_empty() && prefix.starts_with('/') {
                        v = command::coreutils::complete_paths(&self.world, args, &prefix)
                            .into_iter()
                            .map(|p| (p, "path"))
                            .collect();
                    }
                    v
                }
                None => Vec::new(),
            }
        };
        found.sort();
        found.dedup_by(|a, b| a.0 == b.0);
        let (matches, types) = found.into_iter().unzip();
        Completion {
            matches,
            types,
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
        let before: String = chars[..start].iter().collect();
        let segment = before.rsplit(['\n', ';', '|', '&']).next().unwrap_or("");
        let words: Vec<String> = segment
            .trim_start()
            .trim_start_matches(['$', '>'])
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let owner = (!words.is_empty())
            .then(|| command::lookup(command_words(&words).0))
            .flatten();
        // An option, keyword or address explains itself (in the
        // session's language); a command shows its synopsis.
        if let Some(c) = owner.filter(|_| command::lookup(&word).is_none() || words.len() > 1) {
            let prev = words.last().map(String::as_str).unwrap_or("");
            let said = explain::option(c.name, &word, self.lang)
                .or_else(|| explain::address(&word, self.lang))
                .or_else(|| explain::option(c.name, prev, self.lang));
            if let Some(text) = said {
                return Some(crate::display::help::explanation(text));
            }
        }
        let cmd = command::lookup(&word).or(owner)?;
        let text = format!(
            "{name} - {en}\n{ko}\n\nUsage: {usage}\n",
            name = cmd.name,
            en = cmd.summary,
            ko = cmd.summary_ko,
            usage = cmd.usage
        );
        Some(crate::display::help::synopsis(
            text,
            cmd.name,
            &[cmd.summary, cmd.summary_ko],
            cmd.usage,
        ))
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

/// The options a usage text names, one per item: a bundle of flags
/// (`[-fgNq]`) gives one item per letter.
fn usage_options(usage: &'static str) -> impl Iterator<Item = String> {
    usage.split_whitespace().flat_map(|tok| {
        let bundle = tok
            .strip_prefix("[-")
            .and_then(|t| t.strip_suffix(']'))
            .filter(|t| t.len() > 1 && t.chars().all(|c| c.is_ascii_alphanumeric()));
        match bundle {
            Some(letters) => letters.chars().map(|c| format!("-{c}")).collect::<Vec<_>>(),
            None => tok
                .split(['[', ']', '|', ','])
                .filter(|w| w.starts_with('-') && w.len() > 1)
                .map(|w| w.trim_end_matches(['=', '.']).to_string())
                .collect(),
        }
    })
}

/// The error of a cell stopped by its memory budget.
fn memory_error(budget: usize) -> CellError {
    let msg = format!(
        "netbook: this cell used more than {} MiB of memory and was undone (netbook's per-cell memory budget)",
        budget >> 20
    );
    let mut e = CellError::new("MemoryLimit", msg.clone());
    e.traceback = vec![
        msg,
        "The simulated network is as it was before the cell; split the work into smaller cells."
            .into(),
    ];
    e
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, ';' | '|' | '&' | '>' | '<' | '(' | ')' | '"' | '\'')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::bash::OUTPUT_CAP;

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
    fn linux_failures_do_not_fail_the_cell_but_unhandled_usage_errors_do() {
        let mut s = Session::new();
        let (_, r) = run(&mut s, "cat /nope; echo after");
        assert_eq!(r.error, None);
        assert_eq!(r.status, 0);
        // A usage error sets $? to 2 and fails the cell, but bash goes on.
        let (out, r) = run(&mut s, "grep -Z x /etc/hosts; echo $?");
        assert_eq!(r.error.unwrap().ename, "UsageError");
        assert!(out.contains(&Emit::Stdout("2\n".into())));
        // Handled by `||`, it does not fail the cell.
        let (out, r) = run(&mut s, "grep -Z x /etc/hosts || echo handled");
        assert_eq!(r.error, None);
        assert!(out.contains(&Emit::Stdout("handled\n".into())));
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
