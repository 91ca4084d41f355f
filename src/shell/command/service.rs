//! `service` (Debian's init-system-helpers 1.65) on a host without systemd:
//! it reads its words as the shell script does, then runs the System V
//! init script. netbook's host has one, `/etc/init.d/ssh` (openssh-server).

use super::ns_of;
use super::ssh::sshd_config;
use super::{CmdOutput, Command, Ctx};
use crate::sim::apps::ssh::daemon;
use crate::sim::apps::sshd_config::SshdArgs;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "service",
    summary: "run a System V init script (service ssh start|stop|restart|status)",
    summary_ko: "서비스 시작/중지 (예: service ssh start 로 sshd 시작)",
    usage: "service SERVICE start|stop|restart|try-restart|reload|force-reload|status",
    run: service,
    complete: None,
}];

const USAGE: &str =
    "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n";
const VERSION: &str = "service ver. 1.65.2\n";
/// The init scripts in `/etc/init.d`.
const SCRIPTS: &[&str] = &["ssh"];
const SSH_USAGE: &str =
    "Usage: /etc/init.d/ssh {start|stop|reload|force-reload|restart|try-restart|status}.\n";

/// A `service` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    /// `--help`, `-h`, `--h...` anywhere, or no words (status 1).
    Usage(i32),
    Version,
    /// `--status-all`, alone.
    StatusAll,
    /// `NAME --full-restart`: the script's stop, then its start.
    FullRestart(String),
    /// `NAME [ACTION [OPTIONS...]]`; the script ignores the options.
    Run(String, Option<String>),
}

/// The script's `while` loop over its words.
fn parse(argv: &[String]) -> Op {
    if argv.is_empty() {
        return Op::Usage(1);
    }
    let (mut name, mut action) = (None, None);
    for (i, w) in argv.iter().enumerate() {
        let left = argv.len() - i;
        match w.as_str() {
            "--help" | "-h" => return Op::Usage(0),
            w if w.starts_with("--h") => return Op::Usage(0),
            "--version" | "-V" => return Op::Version,
            "--status-all" if name.is_none() && left == 1 => return Op::StatusAll,
            _ if left == 2 && argv[i + 1] == "--full-restart" => return Op::FullRestart(w.clone()),
            _ if name.is_none() => name = Some(w.clone()),
            _ if action.is_none() => action = Some(w.clone()),
            _ => {}
        }
    }
    Op::Run(name.unwrap_or_default(), action)
}

fn service(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    match parse(argv) {
        Op::Usage(0) => CmdOutput::error(0, USAGE),
        Op::Usage(status) => CmdOutput::usage(status, USAGE),
        Op::Version => CmdOutput::error(0, VERSION),
        Op::StatusAll => status_all(ctx),
        Op::Run(name, action) => init_script(ctx, &name, action.as_deref().unwrap_or("")),
        Op::FullRestart(name) => {
            let stop = init_script(ctx, &name, "stop");
            if stop.status != 0 {
                return stop;
            }
            let start = init_script(ctx, &name, "start");
            CmdOutput {
                stdout: stop.stdout + &start.stdout,
                ..start
            }
        }
    }
}

/// `service --status-all`: each script's `status`, as `[ + ]` or `[ - ]`.
fn status_all(ctx: &mut Ctx) -> CmdOutput {
    let mut text = String::new();
    for s in SCRIPTS {
        let o = init_script(ctx, s, "status");
        let mark = if o.status == 0 && !o.stdout.is_empty() {
            '+'
        } else {
            '-'
        };
        text += &format!(" [ {mark} ]  {s}\n");
    }
    CmdOutput::text(text)
}

/// `/etc/init.d/NAME ACTION`.
fn init_script(ctx: &mut Ctx, name: &str, action: &str) -> CmdOutput {
    if !SCRIPTS.contains(&name) {
        return CmdOutput::error(1, format!("{name}: unrecognized service\n"));
    }
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let running = daemon::pids(ctx.world, ns);
    let stop_all = |ctx: &mut Ctx| {
        for &p in &running {
            daemon::stop(ctx.world, ns, p);
        }
    };
    // The script checks the configuration (`sshd -t`) before it starts
    // the daemon and exits 1 on a bad file.
    let start = |ctx: &mut Ctx| -> Result<(), CmdOutput> {
        let a = SshdArgs::parse("/usr/sbin/sshd", &[])
            .map_err(|e| CmdOutput::error(1, format!("{e}\n")))?;
        let config = sshd_config(ctx, &a).map_err(|o| CmdOutput { status: 1, ..o })?;
        daemon::start(ctx.world, ns, "/usr/sbin/sshd", config);
        Ok(())
    };
    const SERVER: &str = "OpenBSD Secure Shell server";
    let done = |text: String| CmdOutput::text(text);
    match action {
        "start" => {
            if running.is_empty() {
                if let Err(o) = start(ctx) {
                    return o;
                }
            }
            done(format!("Starting {SERVER}: sshd.\n"))
        }
        "stop" => {
            stop_all(ctx);
            done(format!("Stopping {SERVER}: sshd.\n"))
        }
        "restart" | "reload" | "force-reload" => {
            stop_all(ctx);
            if let Err(o) = start(ctx) {
                return o;
            }
            done(match action {
                "restart" => format!("Restarting {SERVER}: sshd.\n"),
                _ => format!("Reloading {SERVER}'s configuration: sshd.\n"),
            })
        }
        // Restarts only a daemon that runs.
        "try-restart" if running.is_empty() => {
            done(format!("Restarting {SERVER}: sshd (not running).\n"))
        }
        "try-restart" => {
            stop_all(ctx);
            if let Err(o) = start(ctx) {
                return o;
            }
            done(format!("Restarting {SERVER}: sshd.\n"))
        }
        "status" if running.is_empty() => CmdOutput {
            status: 3,
            ..done("sshd is not running ... failed!\n".into())
        },
        "status" => done("sshd is running.\n".into()),
        _ => CmdOutput {
            status: 1,
            ..done(SSH_USAGE.into())
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn reads_words_as_the_script_does() {
        for (line, op) in [
            ("", Op::Usage(1)),
            ("ssh -h", Op::Usage(0)),
            ("--hx", Op::Usage(0)),
            ("ssh start -V", Op::Version),
            ("--status-all", Op::StatusAll),
            ("ssh --full-restart", Op::FullRestart("ssh".into())),
            (
                "--status-all x",
                Op::Run("--status-all".into(), Some("x".into())),
            ),
            ("ssh", Op::Run("ssh".into(), None)),
            ("ssh start now", Op::Run("ssh".into(), Some("start".into()))),
        ] {
            assert_eq!(parse(&words(line)), op, "{line}");
        }
    }
}
