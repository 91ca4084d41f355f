//! The command registry: one entry per tool, looked up by name.
//!
//! Each tool lives in its own file and contributes [`Command`] entries to
//! [`REGISTRY`]. A command gets its argv and a [`Ctx`] (the world, the
//! namespace it runs in, its stdin) and returns a [`CmdOutput`]. Failing the
//! way Linux fails (ping to nowhere) is a non-zero `status`; a usage error
//! or an unknown command also sets `fail`, which fails the cell.

pub mod args;
pub mod arp;
pub mod bridge;
pub mod canonical;
pub mod check;
pub mod coreutils;
pub mod date;
pub mod dmesg;
pub mod dns;
pub mod gnu;
pub mod hostname;
pub mod ip;
pub mod ipcalc;
pub mod iptables;
pub mod keygen;
pub mod modes;
pub mod modprobe;
pub mod mv;
pub mod netbook;
pub mod nettools;
pub mod nsenter;
pub mod paths;
pub mod ping;
pub mod procs;
pub mod proxy;
pub mod rm;
pub mod rmdir;
pub mod service;
pub mod sockets;
pub mod ssh;
pub mod sysctl;
pub mod sysinfo;
pub mod text;
pub mod timeout;
pub mod traceroute;
pub mod which;

use crate::display::MimeBundle;
use crate::sim::World;
use core::time::Duration;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a cell failed, in the shape Jupyter's `error` message wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// Short error class, e.g. `CommandNotFound`, `UsageError`, `CheckFailed`.
    pub ename: String,
    /// One-line message.
    pub evalue: String,
    /// Lines shown under the error.
    pub traceback: Vec<String>,
}

impl CellError {
    /// A cell error with the message as its only traceback line.
    pub fn new(ename: &str, evalue: impl Into<String>) -> Self {
        let evalue = evalue.into();
        CellError {
            ename: ename.to_string(),
            traceback: vec![format!("{ename}: {evalue}")],
            evalue,
        }
    }
}

/// What one command produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CmdOutput {
    /// Exit status, as `$?` would show it.
    pub status: i32,
    /// What the real tool prints on stdout.
    pub stdout: String,
    /// What the real tool prints on stderr.
    pub stderr: String,
    /// A rich view of `stdout`; its `text/plain` equals `stdout`.
    pub rich: Option<MimeBundle>,
    /// Set when this command must fail the cell (usage error, failed check).
    pub fail: Option<CellError>,
    /// `clear`: wipe what the cell has shown so far.
    pub clear: bool,
    /// netbook's hints (English; shown beside the output, in the learner's
    /// language, never in stdout or stderr).
    pub hints: Vec<String>,
}

impl CmdOutput {
    /// Success with plain text.
    pub fn text(stdout: impl Into<String>) -> Self {
        CmdOutput {
            stdout: stdout.into(),
            ..Default::default()
        }
    }

    /// Success with a rich bundle; stdout is its `text/plain`.
    pub fn rich(bundle: MimeBundle) -> Self {
        CmdOutput {
            stdout: bundle.text().to_string(),
            rich: Some(bundle),
            ..Default::default()
        }
    }

    /// A failure the way Linux fails: stderr text and a status; the cell goes on.
    pub fn error(status: i32, stderr: impl Into<String>) -> Self {
        CmdOutput {
            status,
            stderr: stderr.into(),
            ..Default::default()
        }
    }

    /// A usage error: the tool's message on stderr, and the cell fails.
    pub fn usage(status: i32, stderr: impl Into<String>) -> Self {
        let stderr = stderr.into();
        let first = stderr.lines().next().unwrap_or("usage error").to_string();
        CmdOutput {
            status,
            fail: Some(CellError::new("UsageError", first)),
            stderr,
            ..Default::default()
        }
    }

    /// Adds a hint, shown beside the output (stdout and stderr stay the
    /// real tool's).
    pub fn with_hint(mut self, hint: &str) -> Self {
        self.hints.push(hint.to_string());
        self
    }
}

/// Prints a line as it happens, with the virtual time it happens at (a
/// background job's output is shown when the clock gets there).
pub type LivePrint<'a> = dyn FnMut(u64, &str) + 'a;

/// What a command sees while it runs.
pub struct Ctx<'a> {
    /// The simulated machine.
    pub world: &'a mut World,
    /// The network namespace the command runs in (`None`: the root one).
    pub netns: Option<String>,
    /// Input from a pipe, heredoc or `<` redirection.
    pub stdin: Option<String>,
    /// Set by an interrupt request; long commands poll it.
    pub interrupt: &'a AtomicBool,
    /// Where a long-running command may print lines as they happen (a
    /// terminal or a notebook cell); `None` when its output is piped or
    /// redirected, so it must come back in `stdout`.
    pub live: Option<&'a mut LivePrint<'a>>,
    /// How the driver lets real time pass while a command waits (see
    /// [`Pacer`]); `None` (tests, the library, the browser build) waits for
    /// nothing.
    pub pacer: Option<&'a dyn Pacer>,
    /// The shell a tool starts to run a command line (sshd's login shell
    /// for `ssh host 'cmd'`): the bash evaluator, handed down by the
    /// shell so this layer does not import it; `None` where no shell runs
    /// the tool (unit tests, graded probes on a copy of the world).
    pub shell: Option<ShellFn>,
    /// The environment: the shell's exported variables (`TZ` for `date`).
    pub env: std::collections::BTreeMap<String, String>,
}

impl<'a> Ctx<'a> {
    /// A context with no stdin, terminal, pacer or shell: what a graded
    /// probe and a unit test run a tool in.
    pub fn bare(world: &'a mut World, netns: Option<String>, interrupt: &'a AtomicBool) -> Self {
        Ctx {
            world,
            netns,
            stdin: None,
            interrupt,
            live: None,
            pacer: None,
            shell: None,
            env: Default::default(),
        }
    }
}

/// Runs argv words in a bare context on `world`.
#[cfg(test)]
pub(crate) fn run_words(
    world: &mut World,
    netns: Option<&str>,
    stdin: Option<&str>,
    argv: &[&str],
) -> CmdOutput {
    let flag = AtomicBool::new(false);
    let mut ctx = Ctx::bare(world, netns.map(str::to_string), &flag);
    ctx.stdin = stdin.map(str::to_string);
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    run_argv(&mut ctx, &argv)
}

/// Runs a command line in a fresh shell with the context's world,
/// namespace and stdin.
pub type ShellFn = fn(&mut Ctx, &str) -> CmdOutput;

/// Lets real time pass while a command waits, so output that a terminal
/// shows one line a second (`ping` without `-c`) arrives at that pace. Only
/// a driver at the edge (the Jupyter kernel, `netbook run`) reads a clock:
/// the shell and the world see time only as the virtual clock
/// ([`World::advance`]).
pub trait Pacer {
    /// Waits up to `dur`, returning early with `false` once `interrupt` is
    /// set; `true` when the whole wait passed.
    fn wait(&self, dur: Duration, interrupt: &AtomicBool) -> bool;
}

impl Ctx<'_> {
    /// Prints `text` now when the output goes straight to the user, and
    /// empties it; returns false (and keeps it) when it is piped.
    pub fn stream(&mut self, text: &mut String) -> bool {
        match self.live.as_mut() {
            Some(print) => {
                if !text.is_empty() {
                    print(self.world.now_us, text);
                    text.clear();
                }
                true
            }
            None => false,
        }
    }

    /// True once the user asked to interrupt, or a `timeout` deadline
    /// came (see [`crate::sim::stack::deadline`]).
    pub fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed) || self.world.deadline.is_some_and(|d| d.reached)
    }

    /// Waits `dur` at the driver's pace (no real wait without a
    /// [`Pacer`]); returns false when interrupted. A deadline within
    /// `dur` ends the wait there: the clock moves to it and the command
    /// is told it was signalled.
    pub fn sleep(&mut self, dur: Duration) -> bool {
        if self.interrupted() {
            self.world.heed_deadline();
            return false;
        }
        let left = self.world.until_deadline().map(Duration::from_micros);
        let cut = left.filter(|l| *l <= dur);
        let waited = match self.pacer {
            Some(p) => p.wait(cut.unwrap_or(dur), self.interrupt),
            None => true,
        };
        match cut {
            Some(l) if waited => {
                self.world.advance(l.as_micros() as u64);
                self.world.heed_deadline();
                false
            }
            _ => waited,
        }
    }
}

/// Completion of the words after a command name, from the live world.
pub type CompleteFn = fn(world: &World, args: &[String], prefix: &str) -> Vec<String>;

/// A tool the shell knows.
pub struct Command {
    /// The name typed at the prompt.
    pub name: &'static str,
    /// One line in English.
    pub summary: &'static str,
    /// One line in Korean.
    pub summary_ko: &'static str,
    /// The usage text `inspect` shows (the tool's own synopsis).
    pub usage: &'static str,
    /// Runs the command.
    pub run: fn(&mut Ctx, &[String]) -> CmdOutput,
    /// Completion of its arguments; `None` completes options from `usage`.
    pub complete: Option<CompleteFn>,
}

/// Every command, looked up by name.
pub static REGISTRY: &[&[Command]] = &[
    coreutils::COMMANDS,
    text::COMMANDS,
    text::lines::COMMANDS,
    check::COMMANDS,
    ipcalc::COMMANDS,
    iptables::COMMANDS,
    dns::COMMANDS,
    ip::COMMANDS,
    bridge::COMMANDS,
    sysctl::COMMANDS,
    ping::COMMANDS,
    traceroute::COMMANDS,
    dmesg::COMMANDS,
    arp::COMMANDS,
    nettools::COMMANDS,
    hostname::COMMANDS,
    netbook::COMMANDS,
    sockets::COMMANDS,
    ssh::COMMANDS,
    service::COMMANDS,
    modprobe::COMMANDS,
    nsenter::COMMANDS,
    sysinfo::COMMANDS,
    modes::COMMANDS,
    keygen::COMMANDS,
    paths::COMMANDS,
    canonical::COMMANDS,
    which::COMMANDS,
    mv::COMMANDS,
    text::expr::COMMANDS,
    text::rev::COMMANDS,
    text::tac::COMMANDS,
    text::paste::COMMANDS,
    text::nl::COMMANDS,
    text::base64::COMMANDS,
    text::yes::COMMANDS,
    timeout::COMMANDS,
    procs::COMMANDS,
    date::COMMANDS,
    rmdir::COMMANDS,
];

/// A real option (or form) netbook does not simulate: the command fails
/// rather than pretend.
pub(crate) fn not_simulated(tool: &str, opt: &str, status: i32) -> CmdOutput {
    CmdOutput::usage(status, format!("netbook: {tool} {opt} is not simulated\n"))
}

/// The namespace the command runs in (`ip netns exec NAME` or the host),
/// or the error when it no longer exists.
pub(crate) fn ns_of(ctx: &Ctx) -> Result<crate::sim::NsId, CmdOutput> {
    ctx.world
        .ns_id(ctx.netns.as_deref())
        .map_err(|e| CmdOutput::error(255, format!("{e}\n")))
}

/// Finds a command by name.
pub fn lookup(name: &str) -> Option<&'static Command> {
    REGISTRY
        .iter()
        .flat_map(|c| c.iter())
        .find(|c| c.name == name)
}

/// All commands, for completion and `help`.
pub fn all() -> impl Iterator<Item = &'static Command> {
    REGISTRY.iter().flat_map(|c| c.iter())
}

/// Runs one argv in the context (also how `ip netns exec NS cmd...` and
/// `sudo cmd...` run their inner command).
pub fn run_argv(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let Some(name) = argv.first() else {
        return CmdOutput::default();
    };
    match lookup(name) {
        Some(cmd) => {
            let mut out = (cmd.run)(ctx, &argv[1..]);
            if let Some(storm) = ctx.world.take_storm() {
                // Linux would still be flooding: say why the tool saw nothing.
                out.stderr.push_str("netbook: ");
                out.stderr.push_str(&storm);
                out.stderr.push('\n');
            }
            out
        }
        None => {
            // bash echoes the whole word; a pasted megabyte would flood the
            // cell, so netbook shows its start and says how long it was.
            let shown = shown_name(name);
            let mut out = CmdOutput::error(127, format!("bash: {shown}: command not found\n"));
            out.fail = Some(CellError::new(
                "CommandNotFound",
                format!("{shown}: command not found"),
            ));
            if let Some(close) = closest(name, all().map(|c| c.name)) {
                out = out.with_hint(&format!(
                    "did you mean `{close}`? (`help` lists every command)"
                ));
            } else {
                out = out.with_hint("`help` lists every command netbook simulates");
            }
            out
        }
    }
}

/// Longest command name shown whole in `command not found`.
const NAME_SHOWN: usize = 256;

fn shown_name(name: &str) -> String {
    if name.len() <= NAME_SHOWN {
        return name.to_string();
    }
    let mut cut = NAME_SHOWN;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}... [netbook: name cut, {} bytes in all]",
        &name[..cut],
        name.len()
    )
}

/// The candidate nearest to `word`, if any is close: an edit distance in
/// which the slips fingers make cost less (two letters swapped, a key next
/// to the right one on a QWERTY keyboard), so `pign` is `ping`, not `dig`.
/// Linear in `word`: the length difference bounds the distance from below,
/// so a candidate too short or too long to be close is never compared.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wlen = word.chars().take(4096).count();
    candidates
        .filter(|c| {
            let clen = c.chars().count();
            wlen.abs_diff(clen) <= 2.max(clen / 4)
        })
        .map(|c| (typo_distance(word, c), c))
        .filter(|(d, c)| *d <= FULL * 2.max(c.len() / 4) && *d < FULL * word.len().max(1))
        // Ties: the candidate that starts like the word, then the shorter.
        .min_by_key(|(d, c)| {
            (
                *d,
                !word.chars().next().is_some_and(|f| c.starts_with(f)),
                c.len(),
            )
        })
        .map(|(_, c)| c)
}

/// The cost of a whole edit; slips cost half.
const FULL: usize = 10;
const SLIP: usize = 5;

/// The row and column of a key on a US QWERTY keyboard.
fn key_pos(c: char) -> Option<(i32, i32)> {
    const ROWS: [&str; 4] = ["1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"];
    let c = c.to_ascii_lowercase();
    ROWS.iter()
        .enumerate()
        .find_map(|(r, row)| row.find(c).map(|col| (r as i32, col as i32)))
}

fn adjacent(a: char, b: char) -> bool {
    match (key_pos(a), key_pos(b)) {
        (Some((ra, ca)), Some((rb, cb))) => (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1,
        _ => false,
    }
}

/// Optimal-string-alignment distance with keyboard-aware costs.
fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i * FULL;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j * FULL;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let sub = if a[i - 1] == b[j - 1] {
                0
            } else if adjacent(a[i - 1], b[j - 1]) {
                SLIP
            } else {
                FULL
            };
            let mut v = (d[i - 1][j] + FULL)
                .min(d[i][j - 1] + FULL)
                .min(d[i - 1][j - 1] + sub);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + SLIP);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_command_is_bash_127_with_hint() {
        let mut w = World::new();
        let out = run_words(&mut w, None, None, &["ecko", "x"]);
        assert_eq!(out.status, 127);
        assert_eq!(out.stderr, "bash: ecko: command not found\n");
        assert_eq!(
            out.hints,
            ["did you mean `echo`? (`help` lists every command)"]
        );
        assert_eq!(out.fail.unwrap().ename, "CommandNotFound");
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = all().map(|c| c.name).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(n, names.len());
    }
}
