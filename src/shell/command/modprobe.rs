//! `modprobe` (kmod 30): the kernel modules a lab loads. Only
//! `br_netfilter` changes what the simulated kernel does (bridged frames
//! go through iptables); the others are known and load silently.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{self, Form, Item, Opt};
use super::text::not_simulated;
use super::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "modprobe",
    summary: "add and remove modules from the Linux Kernel",
    summary_ko:
        "커널 모듈을 올립니다 (modprobe br_netfilter: 브리지 트래픽이 iptables를 거치게 함)",
    usage: "modprobe [-r] [-a] [-q] MODULE [PARAMS...]",
    run: modprobe,
    complete: None,
}];

const HELP: &str = include_str!("modprobe-help.txt");
const VERSION: &str = "kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n";
/// The simulated kernel's release, whose modules are installed.
const RELEASE: &str = "6.1.0-27-amd64";

/// Modules a lab loads; loading one that is built in or loaded is silent.
pub(crate) const MODULES: &[&str] = &[
    "br_netfilter",
    "bridge",
    "veth",
    "nf_conntrack",
    "nf_nat",
    "ip_tables",
    "iptable_nat",
    "iptable_filter",
    "overlay",
    "8021q",
    "dummy",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    All,
    Remove,
    Quiet,
    Version,
    Help,
    SetVersion,
}

/// kmod 30's `cmdopts`. The ignored ones change nothing the simulator
/// shows (no install commands, blacklist or version checks to skip;
/// removal never waits).
#[rustfmt::skip]
const OPTS: &[Opt<Key>] = &[
    Opt::flag('a', "all", Key::All), Opt::flag('r', "remove", Key::Remove),
    Form::long("remove-dependencies").refused(), Form::long("remove-holders").refused(),
    Form::with_value('w', "wait").ignored(), Form::flag('R', "resolve-alias").refused(),
    Form::long("first-time").refused(),
    Form::flag('i', "ignore-install").ignored(), Form::long("ignore-remove").ignored(),
    Form::flag('b', "use-blacklist").ignored(), Form::flag('f', "force").ignored(),
    Form::long("force-modversion").ignored(), Form::long("force-vermagic").ignored(),
    Form::flag('D', "show-depends").refused(), Form::flag('c', "showconfig").refused(),
    Form::long("show-config").refused(),
    Form::long("show-modversions").refused(), Form::long("dump-modversions").refused(),
    Form::long("show-exports").refused(),
    Form::flag('n', "dry-run").refused(), Form::long("show").refused(),
    Form::with_value('C', "config").refused(), Form::with_value('d', "dirname").refused(),
    Opt::with_value('S', "set-version", Key::SetVersion),
    Form::flag('s', "syslog").refused(), Opt::flag('q', "quiet", Key::Quiet),
    Form::flag('v', "verbose").refused(), Opt::flag('V', "version", Key::Version),
    Opt::flag('h', "help", Key::Help),
];

/// A `modprobe` command line.
#[derive(Debug, Default, PartialEq)]
struct ModprobeArgs {
    remove: bool,
    /// `-a`: every operand is a module; else the first is, and the rest
    /// are its parameters.
    all: bool,
    quiet: bool,
    release: Option<String>,
    operands: Vec<String>,
}

fn parse(argv: &[String]) -> Result<ModprobeArgs, CmdOutput> {
    // kmod prints getopt's line alone; a refusal is netbook's own line.
    let items = args::parse(OPTS, argv).map_err(|e| CmdOutput::usage(1, e.message("modprobe")))?;
    let mut a = ModprobeArgs::default();
    for item in items {
        match item {
            Item::Operand(o) => a.operands.push(o),
            Item::Flag(Key::All) => a.all = true,
            Item::Flag(Key::Remove) => a.remove = true,
            Item::Flag(Key::Quiet) => a.quiet = true,
            Item::Flag(Key::Version) => return Err(CmdOutput::text(VERSION)),
            Item::Flag(Key::Help) => return Err(CmdOutput::text(HELP)),
            Item::Value(Key::SetVersion, v) => a.release = Some(v),
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    if a.operands.is_empty() {
        return Err(CmdOutput::usage(
            1,
            "modprobe: ERROR: missing parameters. See -h.\n",
        ));
    }
    Ok(a)
}

pub(crate) fn modprobe(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let a = match parse(argv) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let release = a.release.as_deref().unwrap_or(RELEASE);
    // Without -a or -r, the words after the module are its parameters.
    let (modules, params) = if a.remove || a.all {
        (&a.operands[..], &[][..])
    } else {
        a.operands.split_at(1)
    };
    let mut err = String::new();
    for (k, name) in modules.iter().enumerate() {
        let m = name.replace('-', "_");
        // Another release's modules are not installed.
        if MODULES.contains(&m.as_str()) && release == RELEASE {
            if k == 0 && !params.is_empty() {
                return not_simulated("modprobe", "MODULE PARAMETER", 1);
            }
            if m == "br_netfilter" {
                ctx.world.set_br_netfilter(!a.remove);
            }
            continue;
        }
        if a.quiet {
            return CmdOutput::error(1, "");
        }
        match (a.remove, a.all) {
            (true, _) => return CmdOutput::error(1, format!("modprobe: FATAL: Module {name} not found.\n")),
            // With -a each missing module is a warning, and the rest still load.
            (false, true) => err += &format!("modprobe: WARNING: Module {name} not found in directory /lib/modules/{release}\n"),
            (false, false) => {
                return CmdOutput::error(
                    1,
                    format!("modprobe: FATAL: Module {name} not found in directory /lib/modules/{release}\n"),
                )
            }
        }
    }
    if err.is_empty() {
        CmdOutput::default()
    } else {
        CmdOutput::error(1, err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn reads_kmod_30s_options() {
        let a = parse(&words("-ra -q br_netfilter dummy")).unwrap();
        assert!(a.remove && a.all && a.quiet);
        assert_eq!(a.operands, ["br_netfilter", "dummy"]);
        for (line, err) in [
            ("", "modprobe: ERROR: missing parameters. See -h.\n"),
            ("-z", "modprobe: invalid option -- 'z'\n"),
            ("--rem x", "modprobe: option '--rem' is ambiguous; possibilities: '--remove' '--remove-dependencies' '--remove-holders'\n"),
            ("-C", "modprobe: option requires an argument -- 'C'\n"),
            ("-w 5 --show-config x", "netbook: modprobe --show-config is not simulated\n"),
        ] {
            assert_eq!(parse(&words(line)).unwrap_err().stderr, err, "{line}");
        }
        assert_eq!(parse(&words("x -V")).unwrap_err().stdout, VERSION);
    }
}
