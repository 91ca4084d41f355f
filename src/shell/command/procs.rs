//! `pgrep` and `pkill` (procps-ng 4.0.2): find the simulated processes
//! (the shell, `&` jobs and servers, DNS servers) by name or command
//! line, and signal them the way `kill` does: a killed server's sockets
//! close and its job is reported `Terminated`.

use super::args::{self, Form, Item, Opt};
use super::gnu::refused_or;
use super::sockets::jobs::{processes, signal, signal_name, stops_or_continues};
use super::sockets::BASH_PID;
use super::{not_simulated, CmdOutput, Command, Ctx};
use std::fmt::Write as _;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "pgrep",
        summary: "look up processes by name",
        summary_ko: "이름으로 프로세스를 찾아 PID를 보여줍니다 (pgrep -a nc)",
        usage: "pgrep [-l | -a] [-f] [-x] [-i] [-n | -o] [-c] [-v] [-d DELIM] [-u USER] PATTERN",
        run: pgrep,
        complete: None,
    },
    Command {
        name: "pkill",
        summary: "signal processes by name",
        summary_ko: "이름으로 프로세스를 찾아 끝냅니다 (pkill -f 'nc -l')",
        usage:
            "pkill [-SIGNAL | --signal SIG] [-e] [-f] [-x] [-i] [-n | -o] [-c] [-u USER] PATTERN",
        run: pkill,
        complete: None,
    },
];

const PGREP_USAGE: &str = include_str!("pgrep-usage.txt");
const PKILL_USAGE: &str = include_str!("pkill-usage.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Delim,
    ListName,
    ListFull,
    Inverse,
    Count,
    Full,
    IgnoreCase,
    Newest,
    Oldest,
    Exact,
    Euid,
    Uid,
    Ancestors,
    Echo,
    Signal,
}

/// The options pgrep and pkill share (procps' common option string).
macro_rules! common_opts {
    ($($own:expr,)*) => {
        &[
            $($own,)*
            Opt::flag('c', "count", Key::Count),
            Opt::flag('f', "full", Key::Full),
            Opt::flag('i', "ignore-case", Key::IgnoreCase),
            Opt::flag('n', "newest", Key::Newest),
            Opt::flag('o', "oldest", Key::Oldest),
            Opt::flag('x', "exact", Key::Exact),
            Opt::with_value('u', "euid", Key::Euid),
            Opt::with_value('U', "uid", Key::Uid),
            // Every simulated process descends from the shell, the only
            // ancestor pgrep has here.
            Opt::flag('A', "ignore-ancestors", Key::Ancestors),
            Form::with_value('g', "pgroup").refused(),
            Form::with_value('G', "group").refused(),
            Form::with_value('O', "older").refused(),
            Form::with_value('P', "parent").refused(),
            Form::with_value('s', "session").refused(),
            Form::with_value('t', "terminal").refused(),
            Form::with_value('F', "pidfile").refused(),
            Form::flag('L', "logpidfile").refused(),
            Form::with_value('r', "runstates").refused(),
            Form::long_value("cgroup").refused(),
            Form::long_value("ns").refused(),
            Form::long_value("nslist").refused(),
            Form::flag('h', "help").refused(),
            Form::flag('V', "version").refused(),
        ]
    };
}

const PGREP_OPTS: &[Opt<Key>] = common_opts![
    Opt::with_value('d', "delimiter", Key::Delim),
    Opt::flag('l', "list-name", Key::ListName),
    Opt::flag('a', "list-full", Key::ListFull),
    Opt::flag('v', "inverse", Key::Inverse),
    // Threads: each simulated process has one.
    Form::flag('w', "lightweight").ignored(),
];

const PKILL_OPTS: &[Opt<Key>] = common_opts![
    Opt::flag('e', "echo", Key::Echo),
    Opt::long_value("signal", Key::Signal),
    Form::with_value('q', "queue").refused(),
];

/// The users of a Debian 12 base system other than root: they own no
/// simulated process.
const SYSTEM_USERS: &[&str] = &[
    "daemon",
    "bin",
    "sys",
    "sync",
    "games",
    "man",
    "lp",
    "mail",
    "news",
    "uucp",
    "proxy",
    "www-data",
    "backup",
    "list",
    "irc",
    "_apt",
    "nobody",
    "sshd",
    "messagebus",
];

/// A parsed pgrep or pkill line.
#[derive(Debug, Default)]
struct Select {
    pattern: Option<String>,
    delim: Option<String>,
    list_name: bool,
    list_full: bool,
    inverse: bool,
    count: bool,
    full: bool,
    icase: bool,
    newest: bool,
    oldest: bool,
    exact: bool,
    /// `-u`/`-U` given and naming no root: nothing can match.
    no_owner: bool,
    ancestors: bool,
    echo: bool,
    /// pkill's signal; `Err` holds a `--signal` value that is none.
    signal: Option<Result<u32, String>>,
}

fn criteria_error(tool: &str, msg: &str) -> CmdOutput {
    CmdOutput::usage(
        2,
        format!("{tool}: {msg}\nTry `{tool} --help' for more information.\n"),
    )
}

/// procps' `signal_option`: the first `-SIG` word anywhere is pkill's
/// signal, taken out before getopt reads the rest.
fn take_signal_word(args: &[String]) -> (Option<u32>, Vec<String>) {
    let mut rest = args.to_vec();
    for (i, w) in args.iter().enumerate() {
        if let Some(sig) = w.strip_prefix('-').and_then(signal) {
            rest.remove(i);
            return (Some(sig), rest);
        }
    }
    (None, rest)
}

/// Whether the `-u`/`-U` list names an owner of the simulated processes
/// (all run as root), or the message for a name that is no user.
fn owned_by_root(tool: &str, list: &str) -> Result<bool, CmdOutput> {
    let mut root = false;
    for user in list.split(',') {
        if user == "root" || user == "0" {
            root = true;
        } else if user.parse::<u32>().is_err() && !SYSTEM_USERS.contains(&user) {
            return Err(CmdOutput::usage(
                2,
                format!("{tool}: invalid user name: {user}\n"),
            ));
        }
    }
    Ok(root)
}

fn parse(tool: &str, args: &[String]) -> Result<Select, CmdOutput> {
    let pkill = tool == "pkill";
    let (sig_word, args) = if pkill {
        take_signal_word(args)
    } else {
        (None, args.to_vec())
    };
    let (table, usage) = if pkill {
        (PKILL_OPTS, PKILL_USAGE)
    } else {
        (PGREP_OPTS, PGREP_USAGE)
    };
    let items = args::parse(table, &args)
        .map_err(|e| refused_or(tool, 2, &e, |m| CmdOutput::usage(2, m + usage)))?;
    let mut s = Select {
        signal: sig_word.map(Ok),
        ..Default::default()
    };
    let mut criteria = false;
    for item in items {
        match item {
            Item::Operand(_) if s.pattern.is_some() => {
                return Err(criteria_error(tool, "only one pattern can be provided"));
            }
            Item::Operand(p) => s.pattern = Some(p),
            Item::Value(Key::Delim, d) => s.delim = Some(d),
            Item::Value(Key::Euid | Key::Uid, list) => {
                s.no_owner |= !owned_by_root(tool, &list)?;
                criteria = true;
            }
            Item::Value(Key::Signal, v) => s.signal = Some(signal(&v).ok_or(v)),
            Item::Flag(k) => match k {
                Key::ListName => s.list_name = true,
                Key::ListFull => s.list_full = true,
                Key::Inverse => s.inverse = true,
                Key::Count => s.count = true,
                Key::Full => s.full = true,
                Key::IgnoreCase => s.icase = true,
                Key::Newest => s.newest = true,
                Key::Oldest => s.oldest = true,
                Key::Exact => s.exact = true,
                Key::Ancestors => s.ancestors = true,
                Key::Echo => s.echo = true,
                _ => {}
            },
            Item::Value(..) => {}
        }
    }
    if s.newest && s.oldest {
        return Err(CmdOutput::usage(2, usage));
    }
    if s.pattern.is_none() && !criteria {
        return Err(criteria_error(tool, "no matching criteria specified"));
    }
    Ok(s)
}

/// The pattern as an extended regex, or pgrep's message for it.
fn compile(tool: &str, s: &Select) -> Result<Option<regex_lite::Regex>, CmdOutput> {
    let Some(p) = &s.pattern else {
        return Ok(None);
    };
    let mut re = if s.exact {
        format!("^(?:{p})$")
    } else {
        p.clone()
    };
    if s.icase {
        re = format!("(?i){re}");
    }
    regex_lite::Regex::new(&re).map(Some).map_err(|_| {
        if p.matches('(').count() > p.matches(')').count() {
            CmdOutput::usage(2, format!("{tool}: regex error: Unmatched ( or \\(\n"))
        } else {
            not_simulated(tool, &format!("'{p}' (this regex)"), 2)
        }
    })
}

/// The matching processes, as (pid, name, command line), in pid order.
fn select(ctx: &mut Ctx, tool: &str, s: &Select) -> Result<Vec<(u32, String, String)>, CmdOutput> {
    let re = compile(tool, s)?;
    ctx.world.reap_jobs();
    let mut found: Vec<_> = processes(ctx.world)
        .into_iter()
        .filter(|(pid, comm, cmd)| {
            // The kernel keeps 15 bytes of a process name.
            let name: String = comm.chars().take(15).collect();
            let hay = if s.full { cmd } else { &name };
            let hit = re.as_ref().is_none_or(|r| r.is_match(hay));
            hit != s.inverse && !s.no_owner && !(s.ancestors && *pid == BASH_PID)
        })
        .collect();
    if s.newest {
        found = found.pop().into_iter().collect();
    } else if s.oldest {
        found.truncate(1);
    }
    Ok(found)
}

fn pgrep(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let s = match parse("pgrep", args) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let found = match select(ctx, "pgrep", &s) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let status = i32::from(found.is_empty());
    if s.count {
        let mut out = CmdOutput::text(format!("{}\n", found.len()));
        out.status = status;
        return out;
    }
    let shown: Vec<String> = found
        .iter()
        .map(|(pid, comm, cmd)| match (s.list_full, s.list_name) {
            (true, _) => format!("{pid} {cmd}"),
            (false, true) => format!("{pid} {comm}"),
            _ => pid.to_string(),
        })
        .collect();
    let mut text = shown.join(s.delim.as_deref().unwrap_or("\n"));
    if !shown.is_empty() {
        text.push('\n');
    }
    let mut out = CmdOutput::text(text);
    out.status = status;
    out
}

fn pkill(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let s = match parse("pkill", args) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let sig = match &s.signal {
        None => Some(15),
        Some(Ok(sig)) => Some(*sig),
        Some(Err(_)) => None,
    };
    if let Some(sig) = sig.filter(|s| stops_or_continues(*s)) {
        let name = signal_name(sig).unwrap_or("?");
        return not_simulated("pkill", &format!("-{name}"), 1);
    }
    let found = match select(ctx, "pkill", &s) {
        Ok(f) => f,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    let mut killed = 0;
    for (pid, comm, _) in &found {
        let Some(sig) = sig else {
            // procps sends the -1 that an unknown --signal leaves.
            let _ = writeln!(
                out.stderr,
                "pkill: killing pid {pid} failed: Invalid argument"
            );
            continue;
        };
        // The interactive shell ignores what kill sends it; signal 0 only
        // asks; a process that already went is passed over (ESRCH).
        if *pid != BASH_PID && sig != 0 && !ctx.world.signal(*pid, sig) {
            continue;
        }
        if s.echo {
            let _ = writeln!(out.stdout, "{comm} killed (pid {pid})");
        }
        killed += 1;
    }
    if s.count {
        let _ = writeln!(out.stdout, "{}", found.len());
    }
    out.status = i32::from(killed == 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn refusals_and_criteria_errors() {
        for (tool, line, status, stderr) in [
            ("pgrep", "", 2, "pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n"),
            ("pgrep", "a b", 2, "pgrep: only one pattern can be provided\nTry `pgrep --help' for more information.\n"),
            ("pgrep", "-P 1 nc", 2, "netbook: pgrep -P is not simulated\n"),
            ("pkill", "--queue 3 nc", 2, "netbook: pkill --queue is not simulated\n"),
            ("pgrep", "-u alice nc", 2, "pgrep: invalid user name: alice\n"),
        ] {
            let e = parse(tool, &words(line)).unwrap_err();
            assert_eq!((e.status, e.stderr.as_str()), (status, stderr), "{line}");
        }
        let e = parse("pkill", &words("-l nc")).unwrap_err();
        assert!(e
            .stderr
            .starts_with("pkill: invalid option -- 'l'\n\nUsage:\n pkill"));
    }

    #[test]
    fn the_signal_word_may_come_anywhere() {
        let s = parse("pkill", &words("-f nc -KILL")).unwrap();
        assert_eq!((s.signal, s.full), (Some(Ok(9)), true));
        let s = parse("pkill", &words("--signal=int -e nc")).unwrap();
        assert_eq!((s.signal, s.echo), (Some(Ok(2)), true));
    }
}
