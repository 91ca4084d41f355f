//! `rmdir` (GNU coreutils 9.1) on the simulated file tree: `-p`, `-v`,
//! `--ignore-fail-on-non-empty`. The kernel's directories (`/proc`,
//! `/sys`, `/run`) are refused, as `mv` refuses them.

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::mv::kernel_made;
use super::{not_simulated, CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "rmdir",
    summary: "remove empty directories",
    summary_ko: "빈 디렉터리를 지웁니다",
    usage: "rmdir [-p] [-v] [--ignore-fail-on-non-empty] DIRECTORY...",
    run: rmdir,
    complete: Some(super::coreutils::complete_paths),
}];

#[derive(Debug, Clone, Copy)]
enum Key {
    Parents,
    Verbose,
    IgnoreNonEmpty,
}

/// An `rmdir` command line.
#[derive(Debug, Default)]
struct RmdirArgs {
    parents: bool,
    verbose: bool,
    ignore_non_empty: bool,
    dirs: Vec<String>,
}

impl GnuArgs for RmdirArgs {
    type Key = Key;
    const TOOL: &'static str = "rmdir";
    const OPTS: &'static [Opt<Key>] = &[
        Opt::long("ignore-fail-on-non-empty", Key::IgnoreNonEmpty),
        Opt::flag('p', "parents", Key::Parents),
        Opt::flag('v', "verbose", Key::Verbose),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(d) => self.dirs.push(d),
            Item::Flag(Key::Parents) => self.parents = true,
            Item::Flag(Key::Verbose) => self.verbose = true,
            Item::Flag(Key::IgnoreNonEmpty) => self.ignore_non_empty = true,
            Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.dirs.is_empty() {
            return Err(usage_error("rmdir", "missing operand", 1));
        }
        Ok(self)
    }
}

/// Why one directory stays.
#[derive(Debug, PartialEq, Eq)]
enum Kept {
    NotEmpty,
    Other(&'static str),
}

/// `rmdir DIR...`
pub fn rmdir(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match RmdirArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if let Some(d) = a.dirs.iter().find(|d| kernel_made(&ctx.world.fs.abs(d))) {
        return not_simulated("rmdir", d, 1);
    }
    let mut out = CmdOutput::default();
    for d in &a.dirs {
        // The operand as given, then with -p `a/b` and `a` after `a/b/c/`.
        let mut name = d.clone();
        let mut first = true;
        loop {
            if a.verbose {
                out.stdout += &format!("rmdir: removing directory, '{name}'\n");
            }
            match remove_empty(ctx, &name) {
                Ok(()) => {}
                Err(Kept::NotEmpty) if a.ignore_non_empty => break,
                Err(why) => {
                    let text = match why {
                        Kept::NotEmpty => "Directory not empty",
                        Kept::Other(t) => t,
                    };
                    // A parent that stays is named a directory.
                    let what = if first { "" } else { "directory " };
                    out.stderr += &format!("rmdir: failed to remove {what}'{name}': {text}\n");
                    out.status = 1;
                    break;
                }
            }
            first = false;
            let kept = name.trim_end_matches('/').len();
            name.truncate(kept.max(1));
            match name.rfind('/') {
                // Up to `/`, which is always busy: the loop ends there.
                Some(i) if a.parents => {
                    name.truncate(i);
                    let trimmed = name.trim_end_matches('/').len();
                    name.truncate(trimmed);
                    if name.is_empty() {
                        name.push('/');
                    }
                }
                _ => break,
            }
        }
    }
    out
}

/// rmdir(2) on the simulated tree.
fn remove_empty(ctx: &mut Ctx, name: &str) -> Result<(), Kept> {
    let last = name.rsplit('/').next().unwrap_or(name);
    if last == "." {
        return Err(Kept::Other("Invalid argument"));
    }
    let fs = &mut ctx.world.fs;
    let abs = fs.abs(name);
    if abs == "/" {
        return Err(Kept::Other("Device or resource busy"));
    }
    if !fs.exists(&abs) {
        return Err(Kept::Other("No such file or directory"));
    }
    if !fs.is_dir(&abs) {
        return Err(Kept::Other("Not a directory"));
    }
    if fs.list(&abs).is_ok_and(|names| !names.is_empty()) {
        return Err(Kept::NotEmpty);
    }
    fs.remove_tree(&abs)
        .map_err(|_| Kept::Other("No such file or directory"))
}

#[cfg(test)]
mod tests {
    use crate::sim::World;

    #[test]
    fn removes_empty_directories_and_parents() {
        let mut w = World::new();
        w.fs.mkdir_p("/tmp/a/b/c").unwrap();
        w.fs.write("/tmp/f", "", false).unwrap();
        w.fs.set_cwd("/tmp");
        let run =
            |w: &mut World, argv: &[&str]| crate::shell::command::run_words(w, None, None, argv);
        let out = run(&mut w, &["rmdir", "a", "f", "nope", ".", "/"]);
        assert_eq!(
            out.stderr,
            "rmdir: failed to remove 'a': Directory not empty\n\
             rmdir: failed to remove 'f': Not a directory\n\
             rmdir: failed to remove 'nope': No such file or directory\n\
             rmdir: failed to remove '.': Invalid argument\n\
             rmdir: failed to remove '/': Device or resource busy\n"
        );
        let out = run(&mut w, &["rmdir", "-pv", "a/b/c/"]);
        assert_eq!(
            out.stdout,
            "rmdir: removing directory, 'a/b/c/'\nrmdir: removing directory, 'a/b'\nrmdir: removing directory, 'a'\n"
        );
        assert!(!w.fs.exists("/tmp/a"));
        assert_eq!(
            run(&mut w, &["rmdir", "/proc/sys"]).stderr,
            "netbook: rmdir /proc/sys is not simulated\n"
        );
    }
}
