//! `rm` from GNU coreutils 9.1 on the simulated file tree: `-f`, `-r`/`-R`,
//! `--no-preserve-root`, and the root failsafe (rm(1)). Files under
//! `/proc` and `/sys` are the kernel's: removing them is refused.

use super::args::{self, Item, Opt};
use super::gnu::{opt_error, usage_error};
use super::{CmdOutput, Ctx};
use crate::sim::stack::fs::normalize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Force,
    Recursive,
    NoPreserveRoot,
    PreserveRoot,
    /// Read but not acted on: `-d`, `-v`, `-i`, `-I`, `--interactive`,
    /// `--one-file-system` (as before the table; see issue 14).
    Quiet,
    /// `--help`/`--version`: their texts are not carried.
    Unmodelled,
}

/// coreutils' `long_opts` and optstring "dfirvIR".
const TABLE: &[Opt<Key>] = &[
    Opt::flag('f', "force", Key::Force),
    Opt::flag('r', "recursive", Key::Recursive),
    Opt::short('R', Key::Recursive),
    Opt::long("no-preserve-root", Key::NoPreserveRoot),
    Opt::long("preserve-root", Key::PreserveRoot),
    Opt::flag('d', "dir", Key::Quiet),
    Opt::flag('v', "verbose", Key::Quiet),
    Opt::short('i', Key::Quiet),
    Opt::short('I', Key::Quiet),
    Opt::long("interactive", Key::Quiet),
    Opt::long("one-file-system", Key::Quiet),
    Opt::long("help", Key::Unmodelled),
    Opt::long("version", Key::Unmodelled),
];

/// An `rm` command line.
struct RmArgs {
    force: bool,
    recursive: bool,
    preserve_root: bool,
    files: Vec<String>,
}

fn parse(argv: &[String]) -> Result<RmArgs, CmdOutput> {
    // `--interactive[=WHEN]` and `--preserve-root[=all]` take an optional
    // value: strip it before the flag table sees it.
    let argv: Vec<String> = argv
        .iter()
        .map(|a| match a.split_once('=') {
            Some((n, _)) if n.len() > 2 && "--interactive".starts_with(n) => n.to_string(),
            Some((n, "all")) if n.len() > 5 && "--preserve-root".starts_with(n) => n.to_string(),
            _ => a.clone(),
        })
        .collect();
    let items = args::parse(TABLE, &argv).map_err(|e| opt_error("rm", &e, 1))?;
    let mut a = RmArgs {
        force: false,
        recursive: false,
        preserve_root: true,
        files: Vec::new(),
    };
    for item in items {
        match item {
            Item::Flag(Key::Force) => a.force = true,
            Item::Flag(Key::Recursive) => a.recursive = true,
            Item::Flag(Key::NoPreserveRoot) => a.preserve_root = false,
            Item::Flag(Key::PreserveRoot) => a.preserve_root = true,
            Item::Flag(Key::Unmodelled) => {
                let w = argv
                    .iter()
                    .find(|w| w.starts_with("--h") || w.starts_with("--vers"));
                let w = w.cloned().unwrap_or_default();
                return Err(usage_error("rm", &format!("unrecognized option '{w}'"), 1));
            }
            Item::Operand(f) => a.files.push(f),
            Item::Flag(Key::Quiet) | Item::Value(..) => {}
        }
    }
    // rm refuses a shortened --no-preserve-root: it disarms the failsafe.
    if argv
        .iter()
        .take_while(|w| *w != "--")
        .any(|w| w.len() > 2 && w.len() < 18 && "--no-preserve-root".starts_with(w.as_str()))
    {
        return Err(CmdOutput::usage(
            1,
            "rm: you may not abbreviate the --no-preserve-root option\n",
        ));
    }
    Ok(a)
}

/// `rm [OPTION]... FILE...`
pub fn rm(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match parse(args) {
        Ok(a) => run(ctx, a),
        Err(out) => out,
    }
}

fn run(ctx: &mut Ctx, a: RmArgs) -> CmdOutput {
    let RmArgs {
        force,
        recursive,
        preserve_root,
        files: ops,
    } = a;
    if ops.is_empty() {
        if force {
            return CmdOutput::default();
        }
        return CmdOutput::usage(
            1,
            "rm: missing operand\nTry 'rm --help' for more information.\n",
        );
    }
    let mut out = CmdOutput::default();
    for p in &ops {
        let p = p.as_str();
        let abs = normalize(p);
        if recursive && preserve_root && abs == "/" {
            out.stderr.push_str(&format!(
                "rm: it is dangerous to operate recursively on '{p}'\nrm: use --no-preserve-root to override this failsafe\n"
            ));
            out.status = 1;
            continue;
        }
        if abs == "/proc" || abs.starts_with("/proc/") || abs == "/sys" || abs.starts_with("/sys/")
        {
            out.stderr.push_str(&format!(
                "rm: cannot remove '{p}': Operation not permitted\n"
            ));
            out.status = 1;
            continue;
        }
        let fs = &mut ctx.world.fs;
        let res = if recursive {
            fs.remove_tree(p)
        } else if fs.is_dir(&abs) {
            out.stderr
                .push_str(&format!("rm: cannot remove '{p}': Is a directory\n"));
            out.status = 1;
            continue;
        } else {
            fs.remove(p)
        };
        if res.is_err() && !force {
            out.stderr.push_str(&format!(
                "rm: cannot remove '{p}': No such file or directory\n"
            ));
            out.status = 1;
        }
    }
    out
}
