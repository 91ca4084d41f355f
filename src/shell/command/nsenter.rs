//! `nsenter` from util-linux 2.38: run a command in another process's
//! network namespace (`nsenter -t PID -n CMD`) or in a named one
//! (`nsenter --net=/var/run/netns/NAME CMD`). Unlike `ip netns exec`, it
//! bind-mounts nothing from /etc/netns. The other namespace types are the
//! host's for every simulated process, so they are refused rather than
//! entered to no effect.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{self, Form, Item, Opt};
use super::gnu::opt_error;
use super::{run_argv, CmdOutput, Command, Ctx};
use crate::sim::NsId;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "nsenter",
    summary: "run a program in another process's network namespace (util-linux)",
    summary_ko: "다른 프로세스(또는 ip netns 이름)의 네트워크 네임스페이스에서 명령을 실행합니다",
    usage: "nsenter [-t PID] -n[FILE] COMMAND [ARG]...",
    run: nsenter,
    complete: None,
}];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Target,
    Net,
}

/// nsenter's long options (util-linux 2.38), `+` in front: options end at
/// the command.
const OPTS: &[Opt<Key>] = &[
    Form::flag('a', "all").refused(),
    Opt::with_value('t', "target", Key::Target),
    Form::optional('m', "mount").refused(),
    Form::optional('u', "uts").refused(),
    Form::optional('i', "ipc").refused(),
    Opt::optional('n', "net", Key::Net),
    Form::optional('p', "pid").refused(),
    Form::optional('C', "cgroup").refused(),
    Form::optional('U', "user").refused(),
    Form::optional('T', "time").refused(),
    Form::with_value('S', "setuid").refused(),
    Form::with_value('G', "setgid").refused(),
    Form::long("preserve-credentials").refused(),
    Form::optional('r', "root").refused(),
    Form::optional('w', "wd").refused(),
    Form::with_value('W', "wdns").refused(),
    Form::flag('F', "no-fork").refused(),
    Form::flag('Z', "follow-context").refused(),
    Form::flag('h', "help").refused(),
    Form::flag('V', "version").refused(),
];

/// What `nsenter` was asked to do.
#[derive(Debug, Default, PartialEq, Eq)]
struct Line {
    target: Option<u32>,
    /// `-n` given; with the file named, if any.
    net: Option<Option<String>>,
    command: Vec<String>,
}

fn parse(argv: &[String]) -> Result<Line, CmdOutput> {
    let items = args::parse_in_order(OPTS, argv).map_err(|e| opt_error("nsenter", &e, 1))?;
    let mut l = Line::default();
    for item in items {
        match item {
            Item::Value(Key::Target, v) => {
                let pid = v.parse::<u32>().ok().filter(|p| *p > 0);
                let pid = pid.ok_or_else(|| fail(1, &format!("failed to parse pid: '{v}'")))?;
                l.target = Some(pid);
            }
            Item::Flag(Key::Net) => l.net = Some(None),
            Item::Value(Key::Net, f) => l.net = Some(Some(f)),
            Item::Operand(w) => l.command.push(w),
            Item::Flag(Key::Target) => {}
        }
    }
    Ok(l)
}

fn fail(status: i32, msg: &str) -> CmdOutput {
    CmdOutput::error(status, format!("nsenter: {msg}\n"))
}

/// The namespace a `--net` file stands for, as `setns` would see it.
fn ns_of_file(ctx: &Ctx, file: &str) -> Result<NsId, CmdOutput> {
    let w = &*ctx.world;
    let cannot = || fail(1, &format!("cannot open {file}: No such file or directory"));
    let named = file
        .strip_prefix("/var/run/netns/")
        .or_else(|| file.strip_prefix("/run/netns/"));
    if let Some(name) = named {
        return w.ns_id(Some(name)).map_err(|_| cannot());
    }
    if let Some(pid) = file
        .strip_prefix("/proc/")
        .and_then(|r| r.strip_suffix("/ns/net"))
    {
        let here = w.ns_id(ctx.netns.as_deref()).map_err(|_| cannot())?;
        return match pid {
            "self" | "thread-self" => Ok(here),
            // init, and the shell itself, live in the root namespace.
            "1" => w.ns_id(None).map_err(|_| cannot()),
            p => p
                .parse::<u32>()
                .ok()
                .and_then(|p| w.transport.procs.iter().find(|x| x.pid == p))
                .map(|p| p.ns)
                .ok_or_else(cannot),
        };
    }
    // Any other file is not a namespace: setns refuses it.
    match ctx.world.read_file(ctx.netns.as_deref(), file) {
        Ok(_) => Err(fail(
            1,
            "reassociate to namespace 'ns/net' failed: Invalid argument",
        )),
        Err(_) => Err(cannot()),
    }
}

/// `nsenter [-t PID] [-n[FILE]] COMMAND...`
fn nsenter(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let l = match parse(args) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let file = match (&l.net, l.target) {
        (None, _) => None,
        (Some(Some(f)), _) => Some(f.clone()),
        (Some(None), Some(pid)) => Some(format!("/proc/{pid}/ns/net")),
        (Some(None), None) => {
            return fail(1, "neither filename nor target pid supplied for ns/net")
        }
    };
    let ns = match file.map(|f| ns_of_file(ctx, &f)).transpose() {
        Ok(ns) => ns,
        Err(e) => return e,
    };
    if l.command.is_empty() {
        return super::not_simulated("nsenter", "without a command (an interactive shell)", 1);
    }
    let saved = ctx.netns.clone();
    if let Some(ns) = ns {
        ctx.netns = ctx.world.ns(ns).name.clone();
        ctx.world.entering(ns);
    }
    let mut out = run_argv(ctx, &l.command);
    ctx.netns = saved;
    if out.status == 127 && out.stderr.starts_with("bash: ") {
        // nsenter execs the program itself; there is no bash to complain.
        out.stderr = format!(
            "nsenter: failed to execute {}: No such file or directory\n",
            l.command[0]
        );
        out.hints.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn options_end_at_the_command() {
        let l = parse(&words("-t 42 -n ip -n a")).unwrap();
        assert_eq!(l.target, Some(42));
        assert_eq!(l.net, Some(None));
        assert_eq!(l.command, words("ip -n a"));
        let l = parse(&words("--net=/run/netns/red ip a")).unwrap();
        assert_eq!(l.net, Some(Some("/run/netns/red".into())));
        let e = parse(&words("-t x -n true")).unwrap_err();
        assert_eq!(e.stderr, "nsenter: failed to parse pid: 'x'\n");
        let e = parse(&words("-m -n true")).unwrap_err();
        assert_eq!(e.stderr, "netbook: nsenter -m is not simulated\n");
    }
}
