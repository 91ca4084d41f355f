//! `sysctl` from procps-ng 4 (Debian 12): read and write `/proc/sys` keys
//! of the current network namespace.
//!
//! Follows sysctl(8): `KEY`, `-w KEY=VALUE` (and `KEY=VALUE`), `-p[FILE]`
//! and `-p FILE...` (default `/etc/sysctl.conf`, `#`/`;` comments, `-KEY`
//! lines that may fail), `-a` with `-r PATTERN`, `-n`, `-N`, `-b`, `-q`,
//! `-e`, `--dry-run`, parsed through the getopt table into `SysctlArgs`.
//! Messages and exit codes as procps prints them.

use super::args::{self, Form, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::sim::stack::netns::NetnsError;
use crate::sim::World;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "sysctl",
    summary: "configure kernel parameters at runtime",
    summary_ko: "커널 파라미터(net.ipv4.ip_forward 등)를 읽고 씁니다; 네임스페이스마다 따로입니다",
    usage: "sysctl [-n] [-N] [-q] [-e] [-a [-r PATTERN]] [-w] [-p[FILE]] [KEY[=VALUE]]...",
    run: sysctl,
    complete: Some(complete),
}];

fn complete(world: &World, _: &[String], prefix: &str) -> Vec<String> {
    let Ok(root) = world.ns_id(None) else {
        return Vec::new();
    };
    world
        .sysctl_keys(root)
        .into_iter()
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// sysctl's options (procps-ng 4.0.2, getopt_long).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    All,
    DryRun,
    Binary,
    Ignore,
    Names,
    Values,
    Load,
    System,
    Pattern,
    Quiet,
    Write,
    Help,
    Version,
}

const OPTS: &[Opt<K>] = &[
    Opt::flag('a', "all", K::All),
    Opt::short('A', K::All),
    Opt::short('X', K::All),
    // Adds neigh's `base_reachable_time` and `retrans_time` to listings:
    // the simulated tree does not carry them.
    Form::long("deprecated").ignored(),
    Opt::long("dry-run", K::DryRun),
    Opt::flag('b', "binary", K::Binary),
    Opt::flag('e', "ignore", K::Ignore),
    Opt::flag('N', "names", K::Names),
    Opt::flag('n', "values", K::Values),
    Opt::optional('p', "load", K::Load),
    Opt::short('f', K::Load),
    Opt::long("system", K::System),
    Opt::with_value('r', "pattern", K::Pattern),
    Opt::flag('q', "quiet", K::Quiet),
    Opt::flag('w', "write", K::Write),
    // "does nothing" in procps itself.
    Form::short('o').ignored(),
    Form::short('x').ignored(),
    Opt::short('d', K::Help),
    Opt::flag('h', "help", K::Help),
    Opt::flag('V', "version", K::Version),
];

const USAGE: &str = "
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
";

/// What one `sysctl` command line asks.
#[derive(Debug, Default, PartialEq, Eq)]
struct SysctlArgs {
    all: bool,
    /// `-p`: these files (the attached one first), or /etc/sysctl.conf.
    load: Option<Vec<String>>,
    names: bool,
    values: bool,
    binary: bool,
    ignore: bool,
    quiet: bool,
    write: bool,
    dry_run: bool,
    pattern: Option<String>,
    operands: Vec<String>,
}

/// The parse, or what sysctl prints instead of running.
fn parse(args: &[String]) -> Result<SysctlArgs, CmdOutput> {
    if args.is_empty() {
        return Err(CmdOutput::usage(1, USAGE.to_string()));
    }
    // procps 4.0.2 prints getopt's line, then its usage on stdout, and
    // exits 0.
    let items = args::parse(OPTS, args).map_err(|e| CmdOutput {
        stdout: USAGE.to_string(),
        stderr: e.message("sysctl"),
        ..Default::default()
    })?;
    let mut a = SysctlArgs::default();
    for item in items {
        match item {
            Item::Operand(w) => a.operands.push(w),
            Item::Value(K::Load, f) => a.load.get_or_insert_with(Vec::new).push(f),
            Item::Value(K::Pattern, p) => a.pattern = Some(p),
            Item::Value(..) => {}
            Item::Flag(k) => match k {
                K::All => a.all = true,
                K::DryRun => a.dry_run = true,
                K::Binary => a.binary = true,
                K::Ignore => a.ignore = true,
                K::Names => a.names = true,
                K::Values => a.values = true,
                K::Load => {
                    a.load.get_or_insert_with(Vec::new);
                }
                K::System => {
                    return Err(CmdOutput::error(
                        1,
                        "netbook: sysctl --system is not simulated (use -p FILE)\n",
                    ))
                }
                K::Quiet => a.quiet = true,
                K::Write => a.write = true,
                K::Help => {
                    return Err(CmdOutput {
                        stdout: USAGE.to_string(),
                        ..Default::default()
                    })
                }
                K::Version => {
                    return Err(CmdOutput {
                        stdout: "sysctl from procps-ng 4.0.2\n".into(),
                        ..Default::default()
                    })
                }
                K::Pattern => {}
            },
        }
    }
    // With -p the operands are files to load.
    if let Some(files) = &mut a.load {
        files.append(&mut a.operands);
    }
    Ok(a)
}

fn sysctl(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match parse(args) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let pattern = match a.pattern.as_deref().map(regex_lite::Regex::new) {
        Some(Ok(r)) => Some(r),
        Some(Err(_)) => {
            return CmdOutput::error(
                1,
                format!(
                    "sysctl: unable to parse pattern: {}\n",
                    a.pattern.as_deref().unwrap_or_default()
                ),
            )
        }
        None => None,
    };
    let mut out = String::new();
    let mut err = String::new();
    let mut status = 0;
    let show = |key: &str, val: &str, out: &mut String| {
        if a.names {
            out.push_str(key);
        } else if a.values || a.binary {
            out.push_str(val);
        } else {
            out.push_str(&format!("{key} = {val}"));
        }
        if !a.binary {
            out.push('\n');
        }
    };
    if a.all {
        for key in ctx.world.sysctl_keys(ns) {
            if pattern.as_ref().is_some_and(|p| !p.is_match(&key)) {
                continue;
            }
            if let Ok(v) = ctx.world.sysctl_get(ns, &key) {
                show(&key, &v, &mut out);
            }
        }
        return CmdOutput {
            stdout: out,
            ..Default::default()
        };
    }
    if let Some(files) = &a.load {
        let default = ["/etc/sysctl.conf".to_string()];
        let files = if files.is_empty() {
            &default[..]
        } else {
            files
        };
        // procps 4.0.2 reads every file first, then applies what it read.
        let mut settings = Vec::new();
        for path in files {
            match ctx.world.read_file(ctx.netns.as_deref(), path) {
                Ok(c) => settings.extend(c.lines().filter_map(setting)),
                Err(_) => {
                    err += &format!("sysctl: cannot open \"{path}\": No such file or directory\n");
                    status = 1;
                }
            }
        }
        for (k, v) in settings {
            let done = if a.dry_run {
                ctx.world.sysctl_get(ns, &k).map(|_| ())
            } else {
                ctx.world.sysctl_set(ns, &k, &v)
            };
            match done {
                Ok(()) => {
                    if !a.quiet {
                        show(&k, &v, &mut out)
                    }
                }
                Err(_) if a.ignore => {}
                Err(e) => {
                    err += &format!("{e}\n");
                    status = 1;
                }
            }
        }
        return CmdOutput {
            status,
            stdout: out,
            stderr: err,
            ..Default::default()
        };
    }
    if a.operands.is_empty() {
        return CmdOutput::usage(
            1,
            "sysctl: no variables specified\nTry `sysctl --help' for more information.\n"
                .to_string(),
        );
    }
    // procps 4.0.2 says `invalid syntax` once per command line, and an
    // empty name (`sysctl -w key = value`'s lone `=`) fails silently.
    let mut said_syntax = false;
    for k in &a.operands {
        match k.split_once('=') {
            Some((key, _)) if key.trim().is_empty() => status = status.max(1),
            Some((key, val)) => match if a.dry_run {
                ctx.world.sysctl_get(ns, key).map(|_| ())
            } else {
                ctx.world.sysctl_set(ns, key, val)
            } {
                Ok(()) => {
                    if !a.quiet {
                        show(&key.replace('/', "."), val.trim(), &mut out)
                    }
                }
                Err(_) if a.ignore => {}
                Err(e) => {
                    err += &format!("{e}\n");
                    if !matches!(e, NetnsError::ReadOnly(_)) {
                        status = 1;
                    }
                }
            },
            None if a.write => {
                if !said_syntax {
                    err += "sysctl: command line(0): invalid syntax, continuing...\n";
                    said_syntax = true;
                }
                status = 1;
            }
            None => match ctx.world.sysctl_get(ns, k) {
                Ok(v) => show(&k.replace('/', "."), &v, &mut out),
                Err(_) if a.ignore => {}
                Err(e) => {
                    err += &format!("{e}\n");
                    status = 1;
                }
            },
        }
    }
    CmdOutput {
        status,
        stdout: out,
        stderr: err,
        ..Default::default()
    }
}

/// One `KEY = VALUE` line of a sysctl.conf file; comments, blank lines and
/// lines without `=` set nothing. A leading `-` (failure allowed) is read
/// past: procps 4.0.2 still reports the failure.
fn setting(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
        return None;
    }
    let line = line.strip_prefix('-').unwrap_or(line);
    let (k, v) = line.split_once('=')?;
    Some((k.trim().to_string(), v.trim().to_string()))
}
