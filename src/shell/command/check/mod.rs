//! `check`: graded assertions written with the shell's own commands.
//!
//! ```text
//! check ip netns exec ns1 ping -c 1 192.168.1.20      # passes when it exits 0
//! check ! ip netns exec ns1 ping -c 1 10.9.9.9        # passes when it fails
//! check --contains 255.255.255.224 ipcalc 211.168.83.0/27
//! check --equals 1 cat /proc/sys/net/ipv4/ip_forward
//! check --matches '^default via 192\.168\.1\.1' ip route
//! check -m "ns1 needs a default route" ip -n ns1 route get 8.8.8.8
//! ```
//!
//! Behavioural checks ask the simulated network what happens, on a copy
//! of the world (see `behave.rs`):
//!
//! ```text
//! check reach -n client 10.0.0.2:22 tcp
//! check ! reach -n client 10.0.0.2:8080 tcp
//! check verdict -n client 10.0.0.2:8080 tcp REJECT
//! check nat -n outside 203.0.113.1:8080 tcp --to 10.0.0.2:80
//! check resolves --via ping db 10.0.0.5
//! check queries -n pod api.example.com 2
//! check route -n h2 192.168.2.30 via 192.168.1.1 dev eth0
//! check sysctl -n r net.ipv4.ip_forward 1
//! check listening -n server tcp 22
//! ```
//!
//! A passed check prints one short line; a failed one fails the cell
//! (`CheckFailed`) with what was expected, what was found, and the inner
//! command's own stdout/stderr, which for network commands carries the
//! packet-walk reason (`Destination Host Unreachable`, the rule that
//! dropped it, ...).

mod behave;
mod queries;
mod reach;
mod resolves;
mod state;

use super::args::{self, Item, Opt};
use super::{run_argv, CellError, CmdOutput, Command, Ctx};
use behave::{tr, Judged, Usage};

/// A behavioural check: its name and how it judges the world.
type Behaviour = fn(&mut Ctx, &[String], bool) -> Result<Judged, Usage>;

/// The behavioural vocabulary, by the word after `check [!]`.
const BEHAVIOURS: &[(&str, Behaviour)] = &[
    ("reach", reach::reach),
    ("verdict", reach::verdict),
    ("nat", reach::nat),
    ("resolves", resolves::resolves),
    ("queries", queries::queries),
    ("route", state::route),
    ("sysctl", state::sysctl),
    ("listening", state::listening),
];

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "check",
    summary: "graded check: assert a command's exit status or output",
    summary_ko: "채점용 확인: 명령의 종료 상태나 출력이 기대와 같은지 검사합니다",
    usage: "check [-m MESSAGE] [!] [--contains TEXT | --equals TEXT | --matches REGEX] COMMAND [ARG]...\n\
       check [-m MESSAGE] [!] reach [-n NS] DEST[:PORT] [tcp|udp|icmp]\n\
       check [-m MESSAGE] verdict [-n NS] DEST[:PORT] [tcp|udp|icmp] ACCEPT|DROP|REJECT\n\
       check [-m MESSAGE] [!] nat [-n NS] DEST[:PORT] [tcp|udp|icmp] --to ADDR[:PORT]\n\
       check [-m MESSAGE] [!] resolves [-n NS] --via ping|getent|dig|nslookup NAME ADDR\n\
       check [-m MESSAGE] [!] queries [-n NS] NAME MAX\n\
       check [-m MESSAGE] route [-n NS] DEST [via GW] [dev DEV]\n\
       check [-m MESSAGE] [!] sysctl [-n NS] KEY VALUE\n\
       check [-m MESSAGE] [!] listening [-n NS] tcp|udp PORT",
    run,
    complete: None,
}];

enum Expect {
    Success,
    Failure,
    Contains(String),
    Equals(String),
    Matches(regex_lite::Regex, String),
}

fn usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(2, format!("check: {msg}\nUsage: {}\n", COMMANDS[0].usage))
}

#[derive(Clone, Copy)]
enum Key {
    Message,
    Fails,
    Contains,
    Equals,
    Matches,
}

/// `check`'s own options; they end at the checked command (getopt's `+`).
const CHECK_OPTS: &[Opt<Key>] = &[
    Opt::with_value('m', "message", Key::Message),
    Opt::long("fails", Key::Fails),
    Opt::long_value("contains", Key::Contains),
    Opt::long_value("equals", Key::Equals),
    Opt::long_value("matches", Key::Matches),
];

/// A `check` command line: its options, then the command or behaviour.
struct CheckArgs {
    message: Option<String>,
    negate: bool,
    expect: Expect,
    words: Vec<String>,
}

fn parse(args: &[String]) -> Result<CheckArgs, CmdOutput> {
    let mut a = CheckArgs {
        message: None,
        negate: false,
        expect: Expect::Success,
        words: args.to_vec(),
    };
    // `!` may stand among the options: read them again after each one.
    loop {
        let items = args::parse_in_order(CHECK_OPTS, &a.words).map_err(|e| {
            CmdOutput::usage(
                2,
                format!("{}Usage: {}\n", e.message("check"), COMMANDS[0].usage),
            )
        })?;
        let mut words = Vec::new();
        for item in items {
            match item {
                Item::Value(Key::Message, v) => a.message = Some(v),
                Item::Flag(Key::Fails) => a.negate = true,
                Item::Value(Key::Contains, v) => a.expect = Expect::Contains(v),
                Item::Value(Key::Equals, v) => a.expect = Expect::Equals(v),
                Item::Value(Key::Matches, v) => {
                    a.expect = match regex_lite::Regex::new(&format!("(?m){v}")) {
                        Ok(r) => Expect::Matches(r, v),
                        Err(e) => {
                            return Err(usage(&format!("invalid regular expression '{v}': {e}")))
                        }
                    }
                }
                Item::Operand(w) => words.push(w),
                Item::Flag(_) | Item::Value(..) => {}
            }
        }
        a.words = words;
        if a.words.first().map(String::as_str) != Some("!") {
            return Ok(a);
        }
        a.negate = true;
        a.words.remove(0);
    }
}

fn run(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let CheckArgs {
        message,
        negate,
        mut expect,
        words: args,
    } = match parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let shown = if negate {
        format!("! {}", args.join(" "))
    } else {
        args.join(" ")
    };
    if let Some((_, judge)) = BEHAVIOURS
        .iter()
        .find(|(n, _)| args.first().map(String::as_str) == Some(*n))
    {
        if !matches!(expect, Expect::Success) {
            return usage("an output match cannot be combined with a behavioural check");
        }
        return match judge(ctx, &args[1..], negate) {
            Ok(j) => report(&shown, message.as_deref(), j),
            Err(u) => usage(&format!("{}: {u}", args[0])),
        };
    }
    if negate {
        expect = match expect {
            Expect::Success => Expect::Failure,
            _ => return usage("'!' cannot be combined with an output match"),
        };
    }
    let inner = &args[..];
    if inner.is_empty() {
        return usage("missing command");
    }
    let out = run_argv(ctx, inner);
    if let Some(f) = out.fail {
        // The inner command itself was wrong (typo, usage): say so plainly.
        let mut tb = vec![format!("✘ check: {shown}")];
        tb.extend(f.traceback);
        return failed(
            format!("the checked command failed to run: {}", f.evalue),
            tb,
        );
    }
    let stdout_trim = out.stdout.trim_end_matches('\n');
    let (passed, expected, found) = match &expect {
        Expect::Success => (
            out.status == 0,
            "exit status 0".to_string(),
            format!("exit status {}", out.status),
        ),
        Expect::Failure => (
            out.status != 0,
            "a non-zero exit status".to_string(),
            format!("exit status {}", out.status),
        ),
        Expect::Contains(t) => (
            out.stdout.contains(t.as_str()),
            format!("output containing {t:?}"),
            summarize(&out.stdout),
        ),
        Expect::Equals(t) => (
            stdout_trim == t.trim_end_matches('\n'),
            format!("output {t:?}"),
            summarize(&out.stdout),
        ),
        Expect::Matches(r, src) => (
            r.is_match(&out.stdout),
            format!("output matching /{src}/"),
            summarize(&out.stdout),
        ),
    };
    if passed {
        return check_passed(&shown);
    }
    let headline = message
        .clone()
        .unwrap_or_else(|| format!("expected {expected}, found {found}"));
    let mut tb = failed_head(&shown, message.as_deref());
    tb.push(format!("  expected: {expected}"));
    tb.push(format!("  found:    {found}"));
    let why: Vec<&str> = out
        .stdout
        .lines()
        .chain(out.stderr.lines())
        .filter(|l| !l.trim().is_empty())
        .collect();
    if !why.is_empty() {
        tb.push("  what the command printed:".into());
        let skip = why.len().saturating_sub(12);
        tb.extend(why[skip..].iter().map(|l| format!("    {l}")));
    }
    failed(headline, tb)
}

/// The one line a passing check prints. Plain stdout, not a rich result:
/// the last command's rich output becomes the cell's execute_result, which
/// nbgrader reads as a partial-credit number (and warns "cannot be
/// converted to a float").
fn check_passed(shown: &str) -> CmdOutput {
    CmdOutput::text(format!(
        "✔ {}: {shown}\n",
        crate::display::i18n::t("check passed")
    ))
}

/// A failed check's traceback so far: the command, the learner's message.
fn failed_head(shown: &str, message: Option<&str>) -> Vec<String> {
    let mut tb = vec![format!("✘ check failed: {shown}")];
    if let Some(m) = message {
        tb.push(format!("  {m}"));
    }
    tb
}

/// A check that failed: status 1 and a `CheckFailed` error for the cell.
fn failed(headline: String, traceback: Vec<String>) -> CmdOutput {
    let mut err = CellError::new("CheckFailed", headline);
    err.traceback = traceback;
    CmdOutput {
        status: 1,
        fail: Some(err),
        ..Default::default()
    }
}

/// A behavioural check's verdict as the cell shows it: one line when it
/// passed; else expected / found / the smallest fix, and the packet walk.
fn report(shown: &str, message: Option<&str>, j: Judged) -> CmdOutput {
    if j.passed {
        return check_passed(shown);
    }
    let (exp, fnd, fix) = (
        tr("기대", "expected"),
        tr("실제", "found"),
        tr("고치려면", "fix"),
    );
    let headline = message
        .map(str::to_string)
        .unwrap_or_else(|| format!("{exp}: {}; {fnd}: {}", j.expected, j.found));
    let mut tb = failed_head(shown, message);
    tb.push(format!("  {exp}: {}", j.expected));
    tb.push(format!("  {fnd}: {}", j.found));
    if let Some(f) = &j.fix {
        tb.push(format!("  {fix}: {f}"));
    }
    if let Some(w) = &j.walk {
        tb.push(format!(
            "  {}:",
            tr(
                "패킷이 지나간 길 (netbook trace)",
                "the packet's walk (netbook trace)"
            )
        ));
        // Bounded: a long walk keeps its head (the request) and its verdict.
        let lines: Vec<String> = w
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("    {l}"))
            .collect();
        if lines.len() > 60 {
            tb.extend_from_slice(&lines[..40]);
            tb.push("    ...".into());
            tb.extend_from_slice(&lines[lines.len() - 12..]);
        } else {
            tb.extend(lines);
        }
    }
    failed(headline, tb)
}

fn summarize(stdout: &str) -> String {
    let t = stdout.trim_end_matches('\n');
    if t.is_empty() {
        return "no output".into();
    }
    let lines: Vec<&str> = t.lines().collect();
    if lines.len() == 1 {
        format!("{:?}", lines[0])
    } else {
        format!("{} lines of output (shown below)", lines.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::{Emit, Session};

    fn run(s: &mut Session, code: &str) -> (Vec<Emit>, Option<crate::shell::CellError>) {
        let mut out = Vec::new();
        let r = s.execute(code, &mut out);
        (out, r.error)
    }

    #[test]
    fn options_and_bang_in_any_order_then_the_command_untouched() {
        use super::args::words;
        let a = super::parse(&words("-m hi ! --contains x grep -c y"))
            .ok()
            .unwrap();
        assert!(a.negate);
        assert_eq!(a.message.as_deref(), Some("hi"));
        assert!(matches!(a.expect, super::Expect::Contains(ref t) if t == "x"));
        assert_eq!(a.words, words("grep -c y"));
        let b = super::parse(&words("--fail --mess=m reach -n c 10.0.0.1"))
            .ok()
            .unwrap();
        assert!(b.negate);
        assert_eq!(b.message.as_deref(), Some("m"));
        assert_eq!(b.words, words("reach -n c 10.0.0.1"));
        let err = |s: &str| super::parse(&words(s)).err().unwrap().stderr;
        assert!(err("--bogus ip route").starts_with("check: unrecognized option '--bogus'\n"));
        assert!(err("! -m").starts_with("check: option requires an argument -- 'm'\n"));
    }

    #[test]
    fn pass_prints_one_line() {
        let mut ko = Session::new();
        match &run(&mut ko, "check --contains localhost cat /etc/hosts").0[0] {
            Emit::Stdout(t) => assert_eq!(t, "✔ 확인 통과: cat /etc/hosts\n"),
            other => panic!("{other:?}"),
        }
        let mut s = Session::with_lang(crate::display::i18n::Lang::En);
        let (out, err) = run(&mut s, "check --contains localhost cat /etc/hosts");
        assert!(err.is_none());
        match &out[0] {
            Emit::Stdout(t) => assert_eq!(t, "✔ check passed: cat /etc/hosts\n"),
            other => panic!("{other:?}"),
        }
        let (out, err) = run(&mut s, "check ! cat /nope");
        assert!(err.is_none());
        // The negation is part of what was checked: shown with its `!`.
        match &out[0] {
            Emit::Stdout(t) => assert_eq!(t, "✔ check passed: ! cat /nope\n"),
            other => panic!("{other:?}"),
        }
        assert!(run(&mut s, "check --equals host cat /etc/hostname")
            .1
            .is_none());
        assert!(
            run(&mut s, "check --matches '^127\\.0\\.0\\.1' cat /etc/hosts")
                .1
                .is_none()
        );
    }

    #[test]
    fn failure_says_expected_found_and_why() {
        let mut s = Session::new();
        let (_, err) = run(&mut s, "check cat /etc/resolve.conf");
        let err = err.unwrap();
        assert_eq!(err.ename, "CheckFailed");
        assert_eq!(err.evalue, "expected exit status 0, found exit status 1");
        let tb = err.traceback.join("\n");
        assert!(
            tb.contains("cat: /etc/resolve.conf: No such file or directory"),
            "{tb}"
        );
        let (_, err) = run(&mut s, "check -m 'ip_forward must be 1' --equals 1 echo 0");
        let err = err.unwrap();
        assert_eq!(err.evalue, "ip_forward must be 1");
        assert!(err.traceback.iter().any(|l| l.contains("found:    \"0\"")));
    }

    #[test]
    fn a_broken_inner_command_or_bad_usage_fails_too() {
        let mut s = Session::new();
        let (_, err) = run(&mut s, "check ecko hi");
        assert_eq!(err.unwrap().ename, "CheckFailed");
        let (_, err) = run(&mut s, "check --contains");
        assert_eq!(err.unwrap().ename, "UsageError");
        let (_, err) = run(&mut s, "check ! --contains x echo x");
        assert_eq!(err.unwrap().ename, "UsageError");
    }
}

#[cfg(test)]
mod behaviour_tests;
