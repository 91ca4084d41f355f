//! `timeout` (GNU coreutils 9.1): runs a command with a time limit on
//! the virtual clock. The limit is a [`crate::sim::stack::deadline`]: the
//! clock stops there, so whatever the command waits for (ping's next
//! probe, a connect that times out, `sleep`) ends at the deadline.

use super::args::{Form, Item, Opt};
use super::coreutils::interval_secs;
use super::gnu::{try_help, GnuArgs};
use super::sockets::jobs::{signal, signal_name};
use super::{lookup, not_simulated, run_argv, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "timeout",
    summary: "run a command with a time limit",
    summary_ko: "명령을 정해진 시간만 실행하고 끝냅니다 (timeout 3 ping HOST)",
    usage: "timeout [-s SIGNAL] [-k DURATION] [-v] [--preserve-status] [--foreground] DURATION COMMAND [ARG]...",
    run: timeout,
    complete: None,
}];

/// What timeout exits with when the time ran out.
const EXIT_TIMEDOUT: i32 = 124;
/// timeout's own failure (a usage mistake).
const EXIT_CANCELED: i32 = 125;

#[derive(Debug, Clone, Copy)]
enum Key {
    Kill,
    Signal,
    Verbose,
    Preserve,
}

/// timeout's `+k:s:v` and its long options.
const OPTS: &[Opt<Key>] = &[
    Opt::with_value('k', "kill-after", Key::Kill),
    Opt::with_value('s', "signal", Key::Signal),
    Opt::flag('v', "verbose", Key::Verbose),
    Opt::long("preserve-status", Key::Preserve),
    // Lets the command read the terminal and keeps its children out of
    // the signal: no simulated command reads a tty or has children.
    Form::long("foreground").ignored(),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// A parsed `timeout` line.
#[derive(Debug, Default)]
struct TimeoutArgs {
    /// Seconds before the signal; 0 runs the command with no limit.
    secs: f64,
    /// The signal, 15 (TERM) unless `-s`.
    signal: Option<u32>,
    verbose: bool,
    preserve: bool,
    operands: Vec<String>,
}

/// Signals whose default action ends a process without a core dump.
/// KILL also ends timeout itself, and the others leave the command
/// running (or dump core): not simulated.
fn terminates(sig: u32) -> bool {
    matches!(sig, 1 | 2 | 10 | 12..=16 | 26 | 27 | 29 | 30 | 34..=64) && sig != 9
}

impl GnuArgs for TimeoutArgs {
    type Key = Key;
    const TOOL: &'static str = "timeout";
    const OPTS: &'static [Opt<Key>] = OPTS;
    const STATUS: i32 = EXIT_CANCELED;
    const IN_ORDER: bool = true;

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Value(Key::Kill, v) => {
                // Every simulated command dies of the first signal, so
                // the KILL that follows is never needed.
                interval_secs("timeout", &v, EXIT_CANCELED)?;
            }
            Item::Value(Key::Signal, v) => {
                let sig = signal(&v).filter(|s| *s > 0).ok_or_else(|| {
                    try_help(
                        "timeout",
                        &format!("timeout: ‘{v}’: invalid signal\n"),
                        EXIT_CANCELED,
                    )
                })?;
                if !terminates(sig) {
                    let name = signal_name(sig).unwrap_or("?");
                    return Err(not_simulated(
                        "timeout",
                        &format!("-s {name}"),
                        EXIT_CANCELED,
                    ));
                }
                self.signal = Some(sig);
            }
            Item::Flag(Key::Verbose) => self.verbose = true,
            Item::Flag(Key::Preserve) => self.preserve = true,
            Item::Flag(_) | Item::Value(..) => {}
            Item::Operand(w) => self.operands.push(w),
        }
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        if self.operands.len() < 2 {
            return Err(try_help("timeout", "", EXIT_CANCELED));
        }
        self.secs = interval_secs("timeout", &self.operands[0], EXIT_CANCELED)?;
        Ok(self)
    }
}

fn timeout(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match TimeoutArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let argv = &a.operands[1..];
    let name = &argv[0];
    // A shell would go on after its command was signalled, where the
    // real one dies with it: not simulated rather than wrong.
    if name == "bash" || name == "sh" {
        return not_simulated("timeout", name, EXIT_CANCELED);
    }
    if lookup(name).is_none() {
        return CmdOutput::error(
            127,
            format!("timeout: failed to run command ‘{name}’: No such file or directory\n"),
        );
    }
    if a.secs == 0.0 {
        return run_argv(ctx, argv);
    }
    let sig = a.signal.unwrap_or(15);
    // `as` saturates: an hour-long limit or 1e300 seconds alike.
    let before: Vec<u32> = ctx.world.transport.procs.iter().map(|p| p.pid).collect();
    let outer = ctx.world.arm_deadline((a.secs * 1e6) as u64, sig);
    let mut out = run_argv(ctx, argv);
    let Some(mine) = ctx.world.disarm_deadline(outer) else {
        return out;
    };
    if !mine.reached {
        // In a `&` job, a server the command started became the job: it
        // is the command, which timeout ends at the deadline, exiting
        // then with timeout's status.
        let status = if a.preserve {
            128 + sig as i32
        } else {
            EXIT_TIMEDOUT
        };
        for p in ctx.world.transport.procs.iter_mut() {
            if !before.contains(&p.pid) && p.job.is_some() && p.ends_us.is_none() {
                p.ends_us = Some(mine.at_us);
                p.exit = status;
            }
        }
        return out;
    }
    // An outer timeout's signal: this one passes it on and dies of it.
    let mine_fired = outer.is_none_or(|o| mine.at_us < o.at_us);
    if !mine.heeded {
        // Signalled inside one long wait: it printed nothing after.
        out.stdout.clear();
        out.stderr.clear();
        out.rich = None;
        out.hints.clear();
        out.status = 128 + mine.signal as i32;
    }
    if !mine_fired {
        out.status = 128 + mine.signal as i32;
        return out;
    }
    if a.verbose {
        let name = signal_name(mine.signal).unwrap_or("?");
        out.stderr += &format!("timeout: sending signal {name} to command ‘{}’\n", argv[0]);
    }
    if !a.preserve {
        out.status = EXIT_TIMEDOUT;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::shell::command::run_words;
    use crate::sim::World;

    #[test]
    fn statuses_and_messages() {
        let mut w = World::new();
        for (line, status, stderr) in [
            ("timeout 1 sleep 3", 124, ""),
            ("timeout --preserve-status 1 sleep 3", 143, ""),
            ("timeout -s HUP --preserve-status 1 sleep 3", 129, ""),
            (
                "timeout -vs usr1 1 sleep 3",
                124,
                "timeout: sending signal USR1 to command ‘sleep’\n",
            ),
            ("timeout 3 sleep 1", 0, ""),
            ("timeout 0 sleep 1", 0, ""),
            (
                "timeout 1 nosuch",
                127,
                "timeout: failed to run command ‘nosuch’: No such file or directory\n",
            ),
            (
                "timeout 1x sleep 1",
                125,
                "timeout: invalid time interval ‘1x’\nTry 'timeout --help' for more information.\n",
            ),
            (
                "timeout -s 99 1 true",
                125,
                "timeout: ‘99’: invalid signal\nTry 'timeout --help' for more information.\n",
            ),
            (
                "timeout 1",
                125,
                "Try 'timeout --help' for more information.\n",
            ),
            (
                "timeout 1 bash -c true",
                125,
                "netbook: timeout bash is not simulated\n",
            ),
            (
                "timeout -s KILL 1 sleep 3",
                125,
                "netbook: timeout -s KILL is not simulated\n",
            ),
        ] {
            let argv: Vec<&str> = line.split(' ').collect();
            let out = run_words(&mut w, None, None, &argv);
            assert_eq!(
                (out.status, out.stderr.as_str()),
                (status, stderr),
                "{line}"
            );
        }
    }

    #[test]
    fn the_clock_stops_at_the_limit_and_an_outer_limit_wins() {
        let mut w = World::new();
        let out = run_words(&mut w, None, None, &["timeout", "2.5", "sleep", "10"]);
        assert_eq!((out.status, w.now_us), (124, 2_500_000));
        let line = ["timeout", "1", "timeout", "5", "sleep", "3"];
        let out = run_words(&mut w, None, None, &line);
        assert_eq!((out.status, w.now_us, w.deadline), (124, 3_500_000, None));
    }
}
