//! Where each simulated program is installed, and `which` (debianutils
//! 5.7) that prints it. The shell's `type -P` and `command -v` ask
//! [`program_path`] too, so the three always agree.
//!
//! Debian 12 has a merged `/usr`: `/bin` and `/sbin` are links to
//! `/usr/bin` and `/usr/sbin`, so `which -a` finds each program twice on
//! root's PATH. Commands do not see the shell's variables: `which`
//! searches root's default PATH.

use super::args::{self, Item, Opt};
use super::{lookup, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "which",
    summary: "locate a command",
    summary_ko: "명령어 실행 파일의 경로를 찾아 출력합니다 (-a: 모두)",
    usage: "which [-a] COMMAND...",
    run: which,
    complete: Some(|_, _, prefix| {
        super::all()
            .map(|c| c.name.to_string())
            .filter(|n| n.starts_with(prefix))
            .collect()
    }),
}];

/// The simulated commands Debian installs in /usr/sbin.
const SBIN: &[&str] = &[
    "arp",
    "bridge",
    "conntrack",
    "dnsmasq",
    "ifconfig",
    "ip",
    "iptables",
    "iptables-restore",
    "iptables-save",
    "modprobe",
    "route",
    "service",
    "sysctl",
    "traceroute",
];

/// Programs found in /usr/bin as well as /usr/sbin (iproute2 installs
/// `ip` in /bin; traceroute's alternative has a link in each).
const BOTH: &[&str] = &["ip", "traceroute"];

/// Root's PATH on Debian 12, which netbook's shell starts with.
pub const ROOT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Whether directory `dir` of root's PATH holds program `name`.
fn holds(dir: &str, name: &str) -> bool {
    let sbin = SBIN.contains(&name);
    let bin = !sbin || BOTH.contains(&name);
    lookup(name).is_some()
        && match dir {
            "/usr/sbin" | "/sbin" => sbin,
            "/usr/bin" | "/bin" => bin,
            _ => false,
        }
}

/// Every place root's PATH finds program `name`, in PATH order; a
/// program known by its path (`/usr/sbin/sshd`) is found there alone,
/// and netbook's `%` magics are no programs.
pub fn program_paths(name: &str) -> Vec<String> {
    if name.contains('/') {
        return lookup(name).map(|_| name.to_string()).into_iter().collect();
    }
    if name.starts_with('%') {
        return Vec::new();
    }
    ROOT_PATH
        .split(':')
        .filter(|d| holds(d, name))
        .map(|d| format!("{d}/{name}"))
        .collect()
}

/// Where the shell finds program `name` (`type -P`), if it simulates it.
pub fn program_path(name: &str) -> Option<String> {
    program_paths(name).into_iter().next()
}

/// A `which` command line.
struct WhichArgs {
    all: bool,
    names: Vec<String>,
}

/// which's shell `getopts a`: any other letter prints the usage.
const OPTS: &[Opt<()>] = &[Opt::short('a', ())];

fn parse(argv: &[String]) -> Result<WhichArgs, CmdOutput> {
    // getopts: options end at the first word that is not one.
    let items = args::parse_in_order(OPTS, argv).map_err(|e| {
        // dash's getopts complains on stderr, then which prints its usage.
        let mut out = CmdOutput::usage(2, "");
        out.stdout = "Usage: /usr/bin/which [-a] args\n".into();
        if let args::ArgError::Invalid(c) = e {
            out.stderr = format!("Illegal option -{c}\n");
        }
        out
    })?;
    let mut a = WhichArgs {
        all: false,
        names: Vec::new(),
    };
    for item in items {
        match item {
            Item::Operand(n) => a.names.push(n),
            Item::Flag(()) | Item::Value(..) => a.all = true,
        }
    }
    Ok(a)
}

/// `which [-a] COMMAND...`: exit 0 when every name was found, 1 when one
/// was not (or none was given), 2 for a bad option.
pub fn which(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    if a.names.is_empty() {
        out.status = 1;
    }
    for name in &a.names {
        let found = if name.contains('/') {
            executable(ctx, name).then(|| vec![name.clone()])
        } else {
            let mut all = program_paths(name);
            all.truncate(if a.all { all.len() } else { 1 });
            Some(all).filter(|v| !v.is_empty())
        };
        match found {
            Some(paths) => paths.iter().for_each(|p| {
                out.stdout.push_str(p);
                out.stdout.push('\n');
            }),
            None => out.status = 1,
        }
    }
    out
}

/// `[ -f P ] && [ -x P ]`: a simulated program at one of its places, or a
/// file of the tree with an execute bit.
fn executable(ctx: &Ctx, path: &str) -> bool {
    let abs = ctx.world.fs.abs(path);
    let name = abs.rsplit('/').next().unwrap_or_default();
    if program_paths(&abs).contains(&abs) || program_paths(name).contains(&abs) {
        return true;
    }
    let fs = &ctx.world.fs;
    !fs.is_dir(&abs) && fs.mode(&abs).is_some_and(|m| m & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;

    #[test]
    fn programs_live_where_debian_puts_them() {
        assert_eq!(program_path("ip").as_deref(), Some("/usr/sbin/ip"));
        assert_eq!(program_path("ls").as_deref(), Some("/usr/bin/ls"));
        assert_eq!(program_path("nosuch"), None);
        assert_eq!(program_path("%reset"), None);
        assert_eq!(
            program_path("/usr/sbin/sshd").as_deref(),
            Some("/usr/sbin/sshd")
        );
        assert_eq!(
            program_paths("ip"),
            ["/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip"]
        );
        assert_eq!(
            program_paths("sysctl"),
            ["/usr/sbin/sysctl", "/sbin/sysctl"]
        );
    }

    #[test]
    fn which_statuses() {
        let mut w = World::new();
        let run = |w: &mut World, argv: &[&str]| {
            let o = crate::shell::command::run_words(w, None, None, argv);
            (o.status, o.stdout, o.stderr)
        };
        assert_eq!(run(&mut w, &["which", "ip", "nosuch"]).0, 1);
        assert_eq!(
            run(&mut w, &["which", "-a", "ls"]),
            (0, "/usr/bin/ls\n/bin/ls\n".into(), String::new())
        );
        assert_eq!(run(&mut w, &["which"]).0, 1);
        assert_eq!(
            run(&mut w, &["which", "-x", "ls"]),
            (
                2,
                "Usage: /usr/bin/which [-a] args\n".into(),
                "Illegal option -x\n".into()
            )
        );
        assert_eq!(
            run(&mut w, &["which", "/sbin/ip", "/etc/hosts"]).1,
            "/sbin/ip\n"
        );
    }
}
