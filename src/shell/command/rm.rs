//! `rm` from GNU coreutils 9.1 on the simulated file tree: `-f`, `-r`/`-R`,
//! `--no-preserve-root`, and the root failsafe (rm(1)). Files under
//! `/proc` and `/sys` are the kernel's: removing them is refused.

use super::{CmdOutput, Ctx};
use crate::sim::stack::fs::normalize;

/// `rm [OPTION]... FILE...`
pub fn rm(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut force, mut recursive, mut preserve_root) = (false, false, true);
    let mut ops: Vec<&str> = Vec::new();
    let mut only_operands = false;
    for a in args {
        match a.as_str() {
            x if only_operands || !x.starts_with('-') || x == "-" => ops.push(x),
            "--" => only_operands = true,
            "--force" => force = true,
            "--recursive" => recursive = true,
            "--no-preserve-root" => preserve_root = false,
            "--preserve-root" => preserve_root = true,
            x if x.starts_with("--") => {
                return CmdOutput::usage(
                    1,
                    format!(
                        "rm: unrecognized option '{x}'\nTry 'rm --help' for more information.\n"
                    ),
                )
            }
            x => {
                for c in x[1..].chars() {
                    match c {
                        'f' => force = true,
                        'r' | 'R' => recursive = true,
                        'v' | 'd' | 'i' | 'I' => {}
                        _ => {
                            return CmdOutput::usage(
                                1,
                                format!("rm: invalid option -- '{c}'\nTry 'rm --help' for more information.\n"),
                            )
                        }
                    }
                }
            }
        }
    }
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
    for p in ops {
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
