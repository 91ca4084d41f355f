//! `mv` (GNU coreutils 9.1) on the simulated file tree: a rename, with
//! rename(2)'s refusals worded as mv words them. Files the kernel makes
//! (`/proc`, `/sys`, `/run`) cannot be moved in netbook: refused.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::paths::base_name;
use super::{not_simulated, CmdOutput, Command, Ctx};
use crate::sim::stack::fs::{Fs, FsError};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "mv",
    summary: "move (rename) files",
    summary_ko: "파일이나 디렉터리를 옮기거나 이름을 바꿉니다",
    usage:
        "mv [-f|-i|-n] [-v] [-T] SOURCE DEST | mv SOURCE... DIRECTORY | mv -t DIRECTORY SOURCE...",
    run: mv,
    complete: Some(super::coreutils::complete_paths),
}];

/// What mv does when the destination exists (the last of -f, -i, -n wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Clobber {
    #[default]
    Replace,
    Ask,
    Keep,
}

#[derive(Debug, Clone, Copy)]
enum Key {
    Clobber(Clobber),
    Verbose,
    Target,
    NoTargetDir,
}

/// An `mv` command line.
#[derive(Debug, Default)]
struct MvArgs {
    clobber: Clobber,
    verbose: bool,
    target: Option<String>,
    no_target_dir: bool,
    operands: Vec<String>,
}

impl GnuArgs for MvArgs {
    type Key = Key;
    const TOOL: &'static str = "mv";
    /// GNU mv's options; backups, `-u` (which needs times) and SELinux
    /// contexts are refused.
    const OPTS: &'static [Opt<Key>] = &[
        Opt::flag('f', "force", Key::Clobber(Clobber::Replace)),
        Opt::flag('i', "interactive", Key::Clobber(Clobber::Ask)),
        Opt::flag('n', "no-clobber", Key::Clobber(Clobber::Keep)),
        Opt::flag('v', "verbose", Key::Verbose),
        Opt::with_value('t', "target-directory", Key::Target),
        Opt::flag('T', "no-target-directory", Key::NoTargetDir),
        Form::short('b').refused(),
        Form::long_optional("backup").refused(),
        Form::with_value('S', "suffix").refused(),
        Form::flag('u', "update").refused(),
        Form::short('Z').refused(),
        Form::long_optional("context").refused(),
        Form::long("strip-trailing-slashes").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(o) => self.operands.push(o),
            Item::Flag(Key::Clobber(c)) => self.clobber = c,
            Item::Flag(Key::Verbose) => self.verbose = true,
            Item::Flag(Key::NoTargetDir) => self.no_target_dir = true,
            Item::Value(Key::Target, t) => self.target = Some(t),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        let n = self.operands.len();
        if self.target.is_some() && self.no_target_dir {
            return Err(usage_error(
                "mv",
                "cannot combine --target-directory (-t) and --no-target-directory (-T)",
                1,
            ));
        }
        match (n, &self.target) {
            (0, _) => Err(usage_error("mv", "missing file operand", 1)),
            (1, None) => Err(usage_error(
                "mv",
                &format!(
                    "missing destination file operand after '{}'",
                    self.operands[0]
                ),
                1,
            )),
            (3.., None) if self.no_target_dir => Err(usage_error(
                "mv",
                &format!("extra operand '{}'", self.operands[2]),
                1,
            )),
            _ => Ok(self),
        }
    }
}

/// `mv [-f|-i|-n] [-v] [-T] SOURCE DEST`, `mv SOURCE... DIRECTORY`,
/// `mv -t DIRECTORY SOURCE...`
pub fn mv(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    MvArgs::parse(args).map_or_else(|e| e, |a| run(ctx, a))
}

/// Directories whose files the kernel makes, not the tree.
pub(crate) fn kernel_made(p: &str) -> bool {
    ["/proc", "/sys", "/run", "/var/run"]
        .iter()
        .any(|r| p == *r || p.starts_with(&format!("{r}/")))
}

/// A name as the process in `netns` opens it (`/etc/netns/NS` binds).
fn real(ctx: &Ctx, p: &str) -> String {
    ctx.world.resolve_path(ctx.netns.as_deref(), p)
}

fn run(ctx: &mut Ctx, mut a: MvArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let (dest, into_dir) = match a.target.take() {
        Some(t) => {
            let why = match ctx.world.fs.is_dir(&real(ctx, &t)) {
                true => None,
                false if ctx.world.fs.exists(&real(ctx, &t)) => Some("Not a directory"),
                false => Some("No such file or directory"),
            };
            if let Some(why) = why {
                return CmdOutput::error(1, format!("mv: target directory '{t}': {why}\n"));
            }
            (t, true)
        }
        None => {
            let d = a.operands.pop().unwrap_or_default();
            let is_dir = !a.no_target_dir && ctx.world.fs.is_dir(&real(ctx, &d));
            if a.operands.len() > 1 && !is_dir {
                let why = if ctx.world.fs.exists(&real(ctx, &d)) {
                    "Not a directory"
                } else {
                    "No such file or directory"
                };
                return CmdOutput::error(1, format!("mv: target '{d}': {why}\n"));
            }
            (d, is_dir)
        }
    };
    if let Some(p) = a
        .operands
        .iter()
        .chain([&dest])
        .find(|p| kernel_made(&ctx.world.fs.abs(p)))
    {
        return not_simulated("mv", p, 1);
    }
    let stdin = ctx.stdin.take().unwrap_or_default();
    let mut answers = stdin.lines();
    for src in &a.operands {
        let to = if into_dir {
            let base = base_name(src, None);
            match dest.ends_with('/') {
                true => format!("{dest}{base}"),
                false => format!("{dest}/{base}"),
            }
        } else {
            dest.clone()
        };
        let result = check_one(ctx, &a, src, &to).and_then(|go| {
            if go == Go::Ask {
                out.stderr.push_str(&format!("mv: overwrite '{to}'? "));
                // gnulib's yesno: a line starting with y or Y.
                if !matches!(answers.next(), Some(l) if l.starts_with(['y', 'Y'])) {
                    return Ok(());
                }
            } else if go == Go::Skip {
                return Ok(());
            }
            let (s, t) = (real(ctx, src), real(ctx, &to));
            move_tree(&mut ctx.world.fs, &s, &t)
                .map_err(|e| format!("cannot move '{src}' to '{to}': {}", reason(&e)))?;
            if a.verbose {
                out.stdout.push_str(&format!("renamed '{src}' -> '{to}'\n"));
            }
            Ok(())
        });
        if let Err(e) = result {
            out.stderr.push_str(&format!("mv: {e}\n"));
            out.status = 1;
        }
    }
    out
}

/// What to do with one source once rename(2)'s checks passed.
#[derive(Debug, PartialEq, Eq)]
enum Go {
    Move,
    Ask,
    Skip,
}

/// rename(2)'s checks, in mv's words.
fn check_one(ctx: &Ctx, a: &MvArgs, src: &str, to: &str) -> Result<Go, String> {
    let fs = &ctx.world.fs;
    let (s, t) = (real(ctx, src), real(ctx, to));
    let src_dir = fs.is_dir(&s);
    if !fs.exists(&s) || src.ends_with('/') && !src_dir {
        let why = if fs.exists(&s) {
            "Not a directory"
        } else {
            "No such file or directory"
        };
        return Err(format!("cannot stat '{src}': {why}"));
    }
    // A trailing slash asks for a directory.
    if to.ends_with('/') && !fs.is_dir(&t) {
        if fs.exists(&t) {
            return Err(format!("cannot stat '{to}': Not a directory"));
        }
        if !src_dir {
            return Err(format!("cannot move '{src}' to '{to}': Not a directory"));
        }
    }
    if s == t {
        return Err(format!("'{src}' and '{to}' are the same file"));
    }
    // `ip netns exec` bind-mounts /etc/netns/NS/X over /etc/X: a mount
    // point cannot be renamed, nor renamed over.
    let mounted = |p: &str, r: &str| fs.abs(p) != r;
    if mounted(src, &s) || fs.exists(&t) && mounted(to, &t) {
        return Err(format!(
            "cannot move '{src}' to '{to}': Device or resource busy"
        ));
    }
    if src_dir && t.starts_with(&format!("{s}/")) {
        return Err(format!(
            "cannot move '{src}' to a subdirectory of itself, '{to}'"
        ));
    }
    if !fs.exists(&t) {
        let parent = crate::shell::command::paths::dir_name(&t);
        return match (fs.is_dir(parent), fs.exists(parent)) {
            (true, _) => Ok(Go::Move),
            (false, true) => Err(format!("cannot move '{src}' to '{to}': Not a directory")),
            (false, false) => Err(format!(
                "cannot move '{src}' to '{to}': No such file or directory"
            )),
        };
    }
    match (src_dir, fs.is_dir(&t)) {
        (false, true) => {
            return Err(format!(
                "cannot overwrite directory '{to}' with non-directory"
            ))
        }
        (true, false) => {
            return Err(format!(
                "cannot overwrite non-directory '{to}' with directory '{src}'"
            ))
        }
        _ => {}
    }
    match a.clobber {
        Clobber::Keep => return Ok(Go::Skip),
        Clobber::Ask => return Ok(Go::Ask),
        Clobber::Replace => {}
    }
    if src_dir && fs.list(&t).is_ok_and(|names| !names.is_empty()) {
        return Err(format!(
            "cannot move '{src}' to '{to}': Directory not empty"
        ));
    }
    Ok(Go::Move)
}

/// strerror's text of a failed write.
fn reason(e: &FsError) -> &'static str {
    match e {
        FsError::NoSpace(_) => "No space left on device",
        FsError::NotADirectory(_) => "Not a directory",
        FsError::IsADirectory(_) => "Is a directory",
        FsError::InvalidArgument(_) => "Invalid argument",
        FsError::NotFound(_) | FsError::NoParent(_) => "No such file or directory",
    }
}

/// Renames `s` to `t` (both absolute), a directory with all it holds,
/// each file's mode kept. Each file leaves before it arrives, so a move
/// never needs room for two copies.
fn move_tree(fs: &mut Fs, s: &str, t: &str) -> Result<(), FsError> {
    let mode = fs.mode(s);
    if fs.is_dir(s) {
        let names = fs.list(s)?;
        fs.mkdir_p(t)?;
        for n in names {
            move_tree(fs, &format!("{s}/{n}"), &format!("{t}/{n}"))?;
        }
        fs.remove_tree(s)?;
    } else {
        let text = fs.read(s)?.to_string();
        fs.remove(s)?;
        fs.write(t, &text, false)?;
    }
    match mode {
        Some(m) => fs.set_mode(t, m),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn parses_as_mv_does() {
        let a = MvArgs::parse(&words("-f -i a b")).unwrap();
        assert_eq!(a.clobber, Clobber::Ask);
        let a = MvArgs::parse(&words("-in a b")).unwrap();
        assert_eq!(a.clobber, Clobber::Keep);
        for (line, err) in [
            (
                "",
                "mv: missing file operand\nTry 'mv --help' for more information.\n",
            ),
            (
                "-T a b c",
                "mv: extra operand 'c'\nTry 'mv --help' for more information.\n",
            ),
            ("-u a b", "netbook: mv -u is not simulated\n"),
            ("--backup=t a b", "netbook: mv --backup is not simulated\n"),
        ] {
            let e = MvArgs::parse(&words(line)).unwrap_err();
            assert_eq!(e.stderr, err, "{line}");
        }
    }

    #[test]
    fn moves_trees_and_keeps_modes() {
        let mut w = crate::sim::World::new();
        w.fs.mkdir_p("/tmp/d/e").unwrap();
        w.fs.write("/tmp/d/e/f", "x\n", false).unwrap();
        w.fs.set_mode("/tmp/d/e/f", 0o755).unwrap();
        let o =
            crate::shell::command::run_words(&mut w, None, None, &["mv", "-v", "/tmp/d", "/root"]);
        assert_eq!(o.stdout, "renamed '/tmp/d' -> '/root/d'\n");
        assert_eq!(w.fs.read("/root/d/e/f"), Ok("x\n"));
        assert_eq!(w.fs.mode("/root/d/e/f"), Some(0o755));
        assert!(!w.fs.exists("/tmp/d"));
        let o =
            crate::shell::command::run_words(&mut w, None, None, &["mv", "/proc/sys/x", "/tmp"]);
        assert_eq!(o.stderr, "netbook: mv /proc/sys/x is not simulated\n");
    }
}
