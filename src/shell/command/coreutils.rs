//! The small commands a lab needs around the network tools: `rm`, `sleep`,
//! `true`, `false`, `sudo`, `clear`, `help`, `%reset`, `%lang`, and the
//! file reading the text tools share. (`echo`, `printf`, `cat`, `ls`,
//! `mkdir`, `touch` are with the text tools.)
//! Output and error wording follow GNU coreutils / grep on Debian.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{self, Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::{all, closest, not_simulated, run_argv, CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::shell::command::gnu::refused_or;
use crate::sim::World;
use core::convert::Infallible;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "rm",
        summary: "remove files",
        summary_ko: "파일을 지웁니다",
        usage: "rm [-f] [-r] [-d] [-v] [-i] [-I] [--no-preserve-root] FILE...",
        run: super::rm::rm,
        complete: Some(complete_paths),
    },
    Command {
        name: "sleep",
        summary: "delay for a specified amount of time (interruptible)",
        summary_ko: "지정한 시간만큼 기다립니다 (인터럽트로 멈출 수 있음)",
        usage: "sleep NUMBER[s|m]",
        run: sleep,
        complete: None,
    },
    Command {
        name: "true",
        summary: "do nothing, successfully",
        summary_ko: "아무것도 하지 않고 성공(0)으로 끝납니다",
        usage: "true",
        run: |_, _| CmdOutput::default(),
        complete: None,
    },
    Command {
        name: "false",
        summary: "do nothing, unsuccessfully",
        summary_ko: "아무것도 하지 않고 실패(1)로 끝납니다",
        usage: "false",
        run: |_, _| CmdOutput::error(1, ""),
        complete: None,
    },
    Command {
        name: "sudo",
        summary: "run a command as root (the lab user already is root)",
        summary_ko: "root 권한으로 실행합니다 (실습 환경은 이미 root)",
        usage: "sudo COMMAND [ARG]...",
        run: sudo,
        complete: None,
    },
    Command {
        name: "clear",
        summary: "clear the terminal screen (the cell's output)",
        summary_ko: "지금까지 셀에 출력된 내용을 지웁니다",
        usage: "clear",
        run: clear,
        complete: None,
    },
    Command {
        name: "%reset",
        summary: "reset the simulated network to a fresh host",
        summary_ko: "시뮬레이션 네트워크를 처음 상태(새 호스트)로 되돌립니다",
        usage: "%reset",
        run: |ctx, _| {
            *ctx.world = World::new();
            CmdOutput::default()
        },
        complete: None,
    },
    Command {
        name: "%lang",
        summary: "language of the rich output (tables, diagrams, explanations): ko or en",
        summary_ko: "표·그림·설명(리치 출력)의 언어를 바꿉니다: ko 또는 en",
        usage: "%lang [ko|en]",
        run: lang,
        complete: Some(|_, _, prefix| {
            ["ko", "en"]
                .into_iter()
                .filter(|l| l.starts_with(prefix))
                .map(str::to_string)
                .collect()
        }),
    },
    Command {
        name: "help",
        summary: "list the commands netbook simulates",
        summary_ko: "netbook이 시뮬레이션하는 명령어 목록",
        usage: "help [COMMAND]",
        run: help,
        complete: Some(|_, _, prefix| {
            all()
                .map(|c| c.name.to_string())
                .filter(|n| n.starts_with(prefix))
                .collect()
        }),
    },
];

/// Input text from the named files, or stdin when there are none.
pub(crate) fn inputs(ctx: &Ctx, tool: &str, ops: &[&str], out: &mut CmdOutput) -> Vec<String> {
    named_inputs(ctx, tool, ops, out)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Each input with its name (`None`: standard input, for no operand or
/// `-`); a file that cannot be read is reported in `out` and left out.
pub(crate) fn named_inputs(
    ctx: &Ctx,
    tool: &str,
    ops: &[&str],
    out: &mut CmdOutput,
) -> Vec<(Option<String>, String)> {
    if ops.is_empty() {
        return vec![(None, ctx.stdin.clone().unwrap_or_default())];
    }
    let mut v = Vec::new();
    let mut total = 0usize;
    let mut stdin_read = false;
    for p in ops {
        match read_operand(ctx, p, &mut stdin_read) {
            Ok(s) if total + s.len() > crate::shell::budget::PIPE_CAP => {
                out.stderr.push_str(&crate::shell::budget::too_big(tool));
                out.status = 1;
                break;
            }
            Ok(s) => {
                total += s.len();
                v.push(((*p != "-").then(|| p.to_string()), s))
            }
            Err(e) => {
                out.stderr.push_str(&format!("{tool}: {e}\n"));
                out.status = if tool == "grep" { 2 } else { 1 };
            }
        }
    }
    v
}

/// One file operand's text: `-` is standard input (read once, then at
/// its end), `/dev/null` is empty.
pub(crate) fn read_operand(ctx: &Ctx, p: &str, stdin_read: &mut bool) -> Result<String, String> {
    match p {
        "-" if *stdin_read => Ok(String::new()),
        "-" => {
            *stdin_read = true;
            Ok(ctx.stdin.clone().unwrap_or_default())
        }
        "/dev/null" => Ok(String::new()),
        _ => ctx
            .world
            .read_file(ctx.netns.as_deref(), p)
            .map_err(|e| e.to_string()),
    }
}

/// sleep's operands, added up (`1m 30s` is 90 seconds).
#[derive(Debug, Default)]
struct SleepArgs {
    seconds: f64,
    given: bool,
}

impl GnuArgs for SleepArgs {
    /// No option of sleep's is acted on.
    type Key = Infallible;
    const TOOL: &'static str = "sleep";
    /// coreutils sleep takes only `--help` and `--version` (and `--`):
    /// `sleep -1` is an invalid option, not a negative time.
    const OPTS: &'static [Opt<Infallible>] = &[
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Infallible>) -> Result<(), CmdOutput> {
        let Item::Operand(arg) = item;
        self.seconds += interval_secs("sleep", &arg, 1)?;
        self.given = true;
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if !self.given {
            return Err(usage_error("sleep", "missing operand", 1));
        }
        Ok(self)
    }
}

/// A time interval as sleep and timeout read it: a non-negative number
/// with an optional `s`, `m`, `h` or `d`, in seconds; else `TOOL`'s
/// "invalid time interval" (exit `status`).
pub(crate) fn interval_secs(tool: &str, arg: &str, status: i32) -> Result<f64, CmdOutput> {
    let (num, mult) = match arg.chars().last() {
        Some('s') => (&arg[..arg.len() - 1], 1.0),
        Some('m') => (&arg[..arg.len() - 1], 60.0),
        Some('h') => (&arg[..arg.len() - 1], 3600.0),
        Some('d') => (&arg[..arg.len() - 1], 86_400.0),
        _ => (arg, 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v >= 0.0 && !v.is_nan() => Ok(v * mult),
        _ => Err(usage_error(
            tool,
            &format!("invalid time interval ‘{arg}’"),
            status,
        )),
    }
}

fn sleep(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let secs = match SleepArgs::parse(args) {
        Ok(s) => s.seconds,
        Err(e) => return e,
    };
    let dur = core::time::Duration::from_secs_f64(secs.min(86_400.0));
    if ctx.sleep(dur) {
        ctx.world.advance(dur.as_micros() as u64);
        CmdOutput::default()
    } else {
        // Killed by timeout's signal, or by the user's ^C.
        let sig = ctx.world.heed_deadline().unwrap_or(2);
        CmdOutput::error(128 + sig as i32, "")
    }
}

const SUDO_USAGE: &str = "usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]
            [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] file ...
";

#[derive(Debug, Clone, Copy)]
enum SudoOpt {
    User,
    Group,
}

/// sudo 1.9.13's options; `+` in its option string: the command's own
/// options are never sudo's. The ignored ones are about prompting, the
/// environment or the timestamp: the lab user is root already, so sudo
/// never asks and changes nothing.
const SUDO_OPTS: &[Opt<SudoOpt>] = &[
    Form::flag('A', "askpass").ignored(),
    Form::flag('B', "bell").ignored(),
    Form::flag('b', "background").refused(),
    // Above 3, sudoers refuses it unless closefrom_override: not modelled.
    Form::with_value('C', "close-from").refused(),
    Form::with_value('D', "chdir").refused(),
    Form::short('E').ignored(),
    Form::long_optional("preserve-env").ignored(),
    Form::flag('e', "edit").refused(),
    Opt::with_value('g', "group", SudoOpt::Group),
    Form::flag('H', "set-home").ignored(),
    Form::optional('h', "help").refused(),
    Form::long_value("host").refused(),
    Form::flag('i', "login").refused(),
    Form::flag('K', "remove-timestamp").refused(),
    Form::flag('k', "reset-timestamp").ignored(),
    Form::flag('l', "list").refused(),
    Form::flag('N', "no-update").ignored(),
    Form::flag('n', "non-interactive").ignored(),
    Form::flag('P', "preserve-groups").ignored(),
    Form::with_value('p', "prompt").ignored(),
    Form::with_value('R', "chroot").refused(),
    Form::with_value('r', "role").refused(),
    Form::flag('S', "stdin").ignored(),
    Form::flag('s', "shell").refused(),
    Form::with_value('T', "command-timeout").refused(),
    Form::with_value('t', "type").refused(),
    Form::with_value('U', "other-user").refused(),
    Opt::with_value('u', "user", SudoOpt::User),
    Form::flag('V', "version").refused(),
    Form::flag('v', "validate").refused(),
];

/// What `sudo` runs: the command's argv, as root.
fn parse_sudo(argv: &[String]) -> Result<Vec<String>, CmdOutput> {
    let items = args::parse_in_order(SUDO_OPTS, argv)
        .map_err(|e| refused_or("sudo", 1, &e, |m| CmdOutput::usage(1, m + SUDO_USAGE)))?;
    let mut command = Vec::new();
    for item in items {
        match item {
            Item::Operand(a) => command.push(a),
            Item::Value(SudoOpt::User, u) if u == "root" || u == "#0" => {}
            Item::Value(SudoOpt::Group, g) if g == "root" || g == "#0" => {}
            Item::Value(SudoOpt::User, u) => {
                // The lab has no other users to become.
                return Err(not_simulated("sudo", &format!("-u {u}"), 1));
            }
            Item::Value(SudoOpt::Group, g) => {
                return Err(not_simulated("sudo", &format!("-g {g}"), 1))
            }
            Item::Flag(_) => {}
        }
    }
    if command.is_empty() {
        return Err(CmdOutput::usage(1, SUDO_USAGE));
    }
    Ok(command)
}

fn sudo(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_sudo(args).map_or_else(|e| e, |cmd| run_argv(ctx, &cmd))
}

const CLEAR_USAGE: &str = "Usage: clear [options]

Options:
  -T TERM     use this instead of $TERM
  -V          print curses-version
  -x          do not try to clear scrollback
";

/// clear's `-T TERM`, which changes nothing for a terminal that can clear.
#[derive(Debug, Clone, Copy)]
struct Term;

/// ncurses clear's options.
const CLEAR_OPTS: &[Opt<Term>] = &[
    Opt::value('T', Term),
    // Keeps the scrollback, which a cell has none of.
    Form::short('x').ignored(),
    Form::short('V').refused(),
];

/// Terminal types whose terminfo entry clears the screen; another one
/// (`dumb`, or an unknown name) would print nothing or fail.
const CLEARING_TERMS: &[&str] = &[
    "xterm",
    "xterm-256color",
    "xterm-color",
    "vt100",
    "vt220",
    "linux",
    "ansi",
    "screen",
    "screen-256color",
    "tmux",
    "tmux-256color",
    "rxvt",
];

fn clear(_: &mut Ctx, argv: &[String]) -> CmdOutput {
    let items = match args::parse(CLEAR_OPTS, argv) {
        Ok(items) => items,
        Err(e) => return refused_or("clear", 1, &e, |m| CmdOutput::usage(1, m + CLEAR_USAGE)),
    };
    for item in items {
        match item {
            Item::Value(Term, t) if !CLEARING_TERMS.contains(&t.as_str()) => {
                return not_simulated("clear", &format!("-T {t}"), 1)
            }
            Item::Operand(_) => return CmdOutput::usage(1, CLEAR_USAGE),
            _ => {}
        }
    }
    CmdOutput {
        clear: true,
        ..Default::default()
    }
}

/// `%lang [ko|en]`: sets (or, without an argument, prints) the language
/// of the rich output; the session keeps it across cells.
fn lang(_: &mut Ctx, args: &[String]) -> CmdOutput {
    use crate::display::i18n::{self, Lang};
    match args {
        [] => CmdOutput::text(format!("{}\n", i18n::lang().code())),
        [l] => match Lang::parse(l) {
            Some(l) => {
                i18n::set_lang(l);
                CmdOutput::default()
            }
            None => CmdOutput::usage(2, format!("%lang: unknown language '{l}' (ko or en)\n")),
        },
        _ => CmdOutput::usage(2, "usage: %lang [ko|en]\n"),
    }
}

fn help(_: &mut Ctx, args: &[String]) -> CmdOutput {
    if let Some(name) = args.first() {
        return match super::lookup(name) {
            Some(c) => {
                let text = format!(
                    "{} - {}\n  {}\n\nUsage: {}\n",
                    c.name, c.summary, c.summary_ko, c.usage
                );
                // The rich view speaks the session's language.
                let summary = match crate::display::i18n::lang() {
                    crate::display::i18n::Lang::Ko => c.summary_ko,
                    crate::display::i18n::Lang::En => c.summary,
                };
                CmdOutput::rich(crate::display::help::synopsis(
                    text,
                    c.name,
                    &[summary],
                    c.usage,
                ))
            }
            None => {
                let mut o = CmdOutput::usage(1, format!("help: no help topics match `{name}'.\n"));
                if let Some(c) = closest(name, all().map(|c| c.name)) {
                    o = o.with_hint(&format!("did you mean `{c}`?"));
                }
                o
            }
        };
    }
    let mut cmds: Vec<_> = all().collect();
    cmds.sort_by_key(|c| c.name);
    let width = cmds.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    let mut rows = Vec::new();
    for c in &cmds {
        text.push_str(&format!("{:<width$}  {}\n", c.name, c.summary));
        rows.push(vec![
            c.name.to_string(),
            match crate::display::i18n::lang() {
                crate::display::i18n::Lang::Ko => c.summary_ko,
                crate::display::i18n::Lang::En => c.summary,
            }
            .to_string(),
        ]);
    }
    let table = html::table(&["command", "what it does"], &rows);
    CmdOutput::rich(MimeBundle::plain(text).with_html(table))
}

/// Completes file paths from the simulated tree.
pub fn complete_paths(world: &World, _args: &[String], prefix: &str) -> Vec<String> {
    // A relative name completes from the working directory, shown relative.
    let base = match (prefix.starts_with('/'), world.fs.cwd()) {
        (true, _) => String::new(),
        (false, "/") => "/".to_string(),
        (false, cwd) => format!("{cwd}/"),
    };
    let full = format!("{base}{prefix}");
    let mut v: Vec<String> = world
        .fs
        .paths()
        .filter(|p| p.starts_with(&full) && p.len() > full.len())
        .filter(|p| !p[full.len()..].trim_end_matches('/').contains('/'))
        .map(|p| {
            let shown = &p[base.len()..];
            if world.fs.is_dir(p) {
                format!("{shown}/")
            } else {
                shown.to_string()
            }
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn run(w: &mut World, argv: &[&str], stdin: Option<&str>) -> CmdOutput {
        super::super::run_words(w, None, stdin, argv)
    }

    #[test]
    fn sudo_c_and_clear_t_without_clearing_are_refused() {
        let mut w = World::new();
        let out = run(&mut w, &["sudo", "-C", "5", "true"], None);
        assert_eq!(out.stderr, "netbook: sudo -C is not simulated\n");
        let out = run(&mut w, &["clear", "-T", "dumb"], None);
        assert_eq!(out.stderr, "netbook: clear -T dumb is not simulated\n");
        // Refusals name the option as written, the long one in full.
        for (line, refused) in [
            (
                &["sudo", "-E", "--close", "5", "true"][..],
                "sudo --close-from",
            ),
            (&["clear", "-xV"][..], "clear -V"),
            (&["sleep", "1", "--vers"][..], "sleep --version"),
        ] {
            let out = run(&mut w, line, None);
            let want = format!("netbook: {refused} is not simulated\n");
            assert_eq!((out.status, out.stderr), (1, want));
        }
        assert!(run(&mut w, &["clear", "-x", "-T", "vt100"], None).clear);
    }

    #[test]
    fn grep_modes() {
        let mut w = World::new();
        let input = "veth1@if2 UP\nbr0 UP\nlo UNKNOWN\n";
        assert_eq!(
            run(&mut w, &["grep", "UP"], Some(input)).stdout,
            "veth1@if2 UP\nbr0 UP\n"
        );
        assert_eq!(
            run(&mut w, &["grep", "-v", "UP"], Some(input)).stdout,
            "lo UNKNOWN\n"
        );
        assert_eq!(
            run(&mut w, &["grep", "-c", "-i", "up"], Some(input)).stdout,
            "2\n"
        );
        assert_eq!(
            run(&mut w, &["grep", "-E", "^(br|lo)"], Some(input)).stdout,
            "br0 UP\nlo UNKNOWN\n"
        );
        assert_eq!(run(&mut w, &["grep", "nothing"], Some(input)).status, 1);
        let bad = run(&mut w, &["grep", "-z", "x"], Some(input));
        assert_eq!(bad.status, 2);
        assert!(bad.fail.is_some());
        assert_eq!(
            run(&mut w, &["grep", "a|b"], Some("a|b\nab\n")).stdout,
            "a|b\n"
        );
    }

    #[test]
    fn printf_as_coreutils() {
        let mut w = World::new();
        let p = |w: &mut World, a: &[&str]| run(w, &[&["printf"], a].concat(), None);
        assert_eq!(
            p(&mut w, &["%s=%d\\n", "a", "1", "b", "2"]).stdout,
            "a=1\nb=2\n"
        );
        assert_eq!(
            p(&mut w, &["nameserver %s\\n", "10.0.0.53"]).stdout,
            "nameserver 10.0.0.53\n"
        );
        assert_eq!(p(&mut w, &["100%%\\t%s", "x"]).stdout, "100%\tx");
        let bad = p(&mut w, &["%d", "x"]);
        assert_eq!((bad.stdout.as_str(), bad.status), ("0", 1));
        assert_eq!(bad.stderr, "printf: 'x': expected a numeric value\n");
        assert!(p(&mut w, &[]).fail.is_some());
    }

    #[test]
    fn head_tail_wc_sort() {
        let mut w = World::new();
        let input = "3\n1\n2\n";
        assert_eq!(run(&mut w, &["head", "-n", "1"], Some(input)).stdout, "3\n");
        assert_eq!(run(&mut w, &["head", "-2"], Some(input)).stdout, "3\n1\n");
        assert_eq!(run(&mut w, &["tail", "-n1"], Some(input)).stdout, "2\n");
        assert_eq!(run(&mut w, &["wc", "-l"], Some(input)).stdout, "3\n");
        assert_eq!(
            run(&mut w, &["wc"], Some("a b\n")).stdout,
            "      1       2       4\n"
        );
        w.fs.write("/tmp/f1", "a b\nc\n", false).unwrap();
        w.fs.write("/tmp/f2", "xyz\n", false).unwrap();
        assert_eq!(
            run(&mut w, &["wc", "-l", "/tmp/f1"], None).stdout,
            "2 /tmp/f1\n"
        );
        assert_eq!(
            run(&mut w, &["wc", "/tmp/f1"], None).stdout,
            "2 3 6 /tmp/f1\n"
        );
        assert_eq!(
            run(&mut w, &["wc", "/tmp/f1", "/tmp/f2"], None).stdout,
            " 2  3  6 /tmp/f1\n 1  1  4 /tmp/f2\n 3  4 10 total\n"
        );
        assert_eq!(
            run(&mut w, &["sort", "-n"], Some(input)).stdout,
            "1\n2\n3\n"
        );
        assert_eq!(
            run(&mut w, &["sort", "-rn"], Some(input)).stdout,
            "3\n2\n1\n"
        );
    }

    #[test]
    fn files() {
        let mut w = World::new();
        let out = run(&mut w, &["cat", "/etc/resolve.conf"], None);
        assert_eq!(out.status, 1);
        assert_eq!(
            out.stderr,
            "cat: /etc/resolve.conf: No such file or directory\n"
        );
        assert!(out.fail.is_none(), "a missing file is a normal failure");
        assert_eq!(
            run(&mut w, &["mkdir", "/a/b"], None).stderr,
            "mkdir: cannot create directory ‘/a/b’: No such file or directory\n"
        );
        assert_eq!(run(&mut w, &["mkdir", "-p", "/a/b"], None).status, 0);
        assert_eq!(run(&mut w, &["ls", "/a"], None).stdout, "b\n");
        assert_eq!(run(&mut w, &["echo", "-n", "x"], None).stdout, "x");
    }

    #[test]
    fn sudo_reads_its_options_in_order() {
        use super::args::words as argv;
        assert_eq!(
            parse_sudo(&argv("-u root -E ip -4 addr")).unwrap(),
            argv("ip -4 addr")
        );
        assert_eq!(
            parse_sudo(&argv("--user=root -- grep -c x")).unwrap(),
            argv("grep -c x")
        );
        let bad = parse_sudo(&argv("-z ls")).unwrap_err();
        assert!(bad
            .stderr
            .starts_with("sudo: invalid option -- 'z'\nusage: sudo -h"));
        assert_eq!(SleepArgs::parse(&argv("1m 30s")).unwrap().seconds, 90.0);
        assert_eq!(SleepArgs::parse(&argv("-1")).unwrap_err().status, 1);
        let mut w = World::new();
        assert_eq!(
            run(&mut w, &["sudo", "-u", "root", "echo", "-n", "x"], None).stdout,
            "x"
        );
    }

    #[test]
    fn sleep_stops_on_interrupt() {
        let mut w = World::new();
        let flag = AtomicBool::new(true);
        let mut ctx = Ctx::bare(&mut w, None, &flag);
        let t = std::time::Instant::now();
        let out = run_argv(&mut ctx, &["sleep".into(), "30".into()]);
        assert_eq!(out.status, 130);
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
    }
}
