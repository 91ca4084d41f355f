//! `cp` (GNU coreutils 9.1) and `cmp` (GNU diffutils 3.8) on the
//! simulated file system, with their option tables and messages.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::usage_error;
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Ctx};

#[derive(Debug, Clone, Copy)]
enum CpOpt {
    Recursive,
    /// `-a`: `-R` and `-p` (links, owners and times are not simulated).
    Archive,
    /// `-p`: the copy takes the source's mode bits, special ones too.
    Preserve,
    Force,
    Verbose,
    NoClobber,
    Target,
    NoTargetDir,
}

/// A `cp` command line.
#[derive(Debug, Default)]
struct CpArgs {
    recursive: bool,
    preserve: bool,
    verbose: bool,
    no_clobber: bool,
    target: Option<String>,
    no_target_dir: bool,
    operands: Vec<String>,
}

impl GnuArgs for CpArgs {
    type Key = CpOpt;
    const TOOL: &'static str = "cp";
    /// GNU cp's options (the ones netbook acts on, and the rest refused).
    const OPTS: &'static [Opt<CpOpt>] = &[
        Opt::flag('a', "archive", CpOpt::Archive),
        Opt::flag('r', "recursive", CpOpt::Recursive),
        Opt::short('R', CpOpt::Recursive),
        Opt::flag('f', "force", CpOpt::Force),
        Opt::flag('v', "verbose", CpOpt::Verbose),
        Opt::flag('n', "no-clobber", CpOpt::NoClobber),
        Opt::with_value('t', "target-directory", CpOpt::Target),
        Opt::flag('T', "no-target-directory", CpOpt::NoTargetDir),
        Opt::short('p', CpOpt::Preserve),
        Form::flag('i', "interactive").refused(),
        Form::flag('l', "link").refused(),
        Form::flag('s', "symbolic-link").refused(),
        Form::flag('u', "update").refused(),
        Form::flag('b', "backup").refused(),
        Form::flag('x', "one-file-system").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<CpOpt>) -> Result<(), CmdOutput> {
        let a = self;
        match item {
            Item::Operand(o) => a.operands.push(o),
            Item::Flag(CpOpt::Recursive) => a.recursive = true,
            Item::Flag(CpOpt::Archive) => (a.recursive, a.preserve) = (true, true),
            Item::Flag(CpOpt::Preserve) => a.preserve = true,
            Item::Flag(CpOpt::Verbose) => a.verbose = true,
            Item::Flag(CpOpt::NoClobber) => a.no_clobber = true,
            Item::Flag(CpOpt::NoTargetDir) => a.no_target_dir = true,
            Item::Value(CpOpt::Target, t) => a.target = Some(t),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        match (self.operands.len(), &self.target) {
            (0, _) => Err(usage_error("cp", "missing file operand", 1)),
            (1, None) => Err(usage_error(
                "cp",
                &format!(
                    "missing destination file operand after '{}'",
                    self.operands[0]
                ),
                1,
            )),
            _ => Ok(self),
        }
    }
}

/// `cp [-r] [-p] [-a] [-f] [-v] [-n] [-T] SOURCE DEST`, `cp SOURCE... DIRECTORY`,
/// `cp -t DIRECTORY SOURCE...`.
pub fn cp(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    CpArgs::parse(args).map_or_else(|e| e, |a| run_cp(ctx, a))
}

fn run_cp(ctx: &mut Ctx, mut a: CpArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let dest = match a.target.take() {
        Some(t) => t,
        None => a.operands.pop().unwrap_or_default(),
    };
    let into_dir = !a.no_target_dir && ctx.world.fs.is_dir(&dest);
    if a.operands.len() > 1 && !into_dir {
        out.stderr = format!("cp: target '{dest}': Not a directory\n");
        out.status = 1;
        return out;
    }
    for src in &a.operands {
        let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
        let to = if into_dir {
            format!("{}/{base}", dest.trim_end_matches('/'))
        } else {
            dest.clone()
        };
        if let Err(e) = copy_one(ctx, &a, src, &to, &mut out) {
            out.stderr.push_str(&format!("cp: {e}\n"));
            out.status = 1;
        }
    }
    out
}

fn copy_one(
    ctx: &mut Ctx,
    a: &CpArgs,
    src: &str,
    to: &str,
    out: &mut CmdOutput,
) -> Result<(), String> {
    let (s, t) = (ctx.world.fs.abs(src), ctx.world.fs.abs(to));
    let fs = &ctx.world.fs;
    if !fs.exists(&s) {
        return Err(format!("cannot stat '{src}': No such file or directory"));
    }
    if s == t {
        return Err(format!("'{src}' and '{to}' are the same file"));
    }
    if fs.is_dir(&s) {
        if !a.recursive {
            return Err(format!("-r not specified; omitting directory '{src}'"));
        }
        if t.starts_with(&format!("{s}/")) {
            return Err(format!(
                "cannot copy a directory, '{src}', into itself, '{to}'"
            ));
        }
        let names = ctx.world.fs.list(&s).map_err(|e| e.to_string())?;
        let existed = ctx.world.fs.is_dir(&t);
        ctx.world
            .fs
            .mkdir_p(&t)
            .map_err(|_| format!("cannot create directory '{to}': No such file or directory"))?;
        // mkdir keeps the sticky bit, not setgid.
        copy_mode(ctx, a, &s, &t, existed, 0o1777);
        if a.verbose {
            out.stdout.push_str(&format!("'{src}' -> '{to}'\n"));
        }
        for n in names {
            copy_one(ctx, a, &format!("{src}/{n}"), &format!("{to}/{n}"), out)?;
        }
        return Ok(());
    }
    if a.no_clobber && fs.exists(&t) {
        return Ok(());
    }
    let existed = fs.exists(&t);
    let text = ctx
        .world
        .read_file(ctx.netns.as_deref(), src)
        .map_err(|_| format!("cannot open '{src}' for reading: Permission denied"))?;
    ctx.world
        .write_file(ctx.netns.as_deref(), to, &text, false)
        .map_err(|_| format!("cannot create regular file '{to}': No such file or directory"))?;
    copy_mode(ctx, a, &s, &t, existed, 0o777);
    if a.verbose {
        out.stdout.push_str(&format!("'{src}' -> '{to}'\n"));
    }
    Ok(())
}

/// The mode a copy ends with: the source's with `-p`; a new file's is
/// the source's `keep` bits under root's umask 022; an old file's stays.
fn copy_mode(ctx: &mut Ctx, a: &CpArgs, src: &str, to: &str, existed: bool, keep: u16) {
    let fs = &mut ctx.world.fs;
    let (Some(mode), true) = (fs.mode(src), fs.exists(to)) else {
        return;
    };
    if a.preserve {
        let _ = fs.set_mode(to, mode);
    } else if !existed {
        let _ = fs.set_mode(to, mode & keep & !0o022);
    }
}

#[derive(Debug, Clone, Copy)]
enum CmpOpt {
    Silent,
}

/// diffutils cmp's options.
const CMP_OPTS: &[Opt<CmpOpt>] = &[
    Opt::flag('s', "quiet", CmpOpt::Silent),
    Opt::long("silent", CmpOpt::Silent),
    Form::flag('b', "print-bytes").refused(),
    Form::flag('l', "verbose").refused(),
    Form::with_value('i', "ignore-initial").refused(),
    Form::with_value('n', "bytes").refused(),
    Form::long("help").refused(),
    Form::flag('v', "version").refused(),
];

/// A `cmp` command line.
struct CmpArgs {
    silent: bool,
    files: [String; 2],
}

/// cmp prefixes its `Try` line with its name, unlike coreutils.
fn cmp_usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(
        2,
        format!("cmp: {msg}\ncmp: Try 'cmp --help' for more information.\n"),
    )
}

fn parse_cmp(argv: &[String]) -> Result<CmpArgs, CmdOutput> {
    let items = args::parse(CMP_OPTS, argv).map_err(|e| {
        refused_or("cmp", 2, &e, |m| {
            CmdOutput::usage(2, m + "cmp: Try 'cmp --help' for more information.\n")
        })
    })?;
    let mut silent = false;
    let mut files = Vec::new();
    for item in items {
        match item {
            Item::Operand(f) => files.push(f),
            Item::Flag(CmpOpt::Silent) => silent = true,
            Item::Value(..) => {}
        }
    }
    let files = match files.len() {
        0 => return Err(cmp_usage("missing operand after 'cmp'")),
        1 => [files.remove(0), "-".to_string()],
        2 => [files.remove(0), files.remove(0)],
        _ => {
            return Err(cmp_usage(&format!(
                "invalid --ignore-initial value '{}'",
                files[2]
            )))
        }
    };
    Ok(CmpArgs { silent, files })
}

/// `cmp [-s] FILE1 [FILE2]`: the first differing byte and its line, in
/// the words of a UTF-8 locale (Debian's C.UTF-8; plain C says `char`).
pub fn cmp(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_cmp(args).map_or_else(|e| e, |a| run_cmp(ctx, &a))
}

fn run_cmp(ctx: &mut Ctx, a: &CmpArgs) -> CmdOutput {
    let mut texts = Vec::new();
    for f in &a.files {
        let t = if f == "-" {
            Ok(ctx.stdin.clone().unwrap_or_default())
        } else {
            ctx.world.read_file(ctx.netns.as_deref(), f)
        };
        match t {
            Ok(t) => texts.push(t),
            Err(_) => return CmdOutput::error(2, format!("cmp: {f}: No such file or directory\n")),
        }
    }
    let (x, y) = (texts[0].as_bytes(), texts[1].as_bytes());
    let same = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let line = 1 + x[..same].iter().filter(|b| **b == b'\n').count();
    if same == x.len() && same == y.len() {
        return CmdOutput::default();
    }
    let status = CmdOutput {
        status: 1,
        ..Default::default()
    };
    if a.silent {
        return status;
    }
    let [f1, f2] = &a.files;
    if same < x.len() && same < y.len() {
        return CmdOutput {
            stdout: format!("{f1} {f2} differ: byte {}, line {line}\n", same + 1),
            ..status
        };
    }
    // One is a prefix of the other: EOF on the shorter.
    let short = if same == x.len() { f1 } else { f2 };
    let stderr = if same == 0 {
        format!("cmp: EOF on {short} which is empty\n")
    } else {
        let line = line - usize::from(x.get(same - 1) == Some(&b'\n'));
        format!("cmp: EOF on {short} after byte {same}, line {line}\n")
    };
    CmdOutput { stderr, ..status }
}

#[cfg(test)]
mod tests {
    use crate::shell::command::args::words;
    use crate::shell::command::gnu::GnuArgs;
    use crate::shell::Session;

    #[test]
    fn parses_what_the_tools_accept() {
        assert!(super::CpArgs::parse(&words("-rv a b")).is_ok());
        let e = super::CpArgs::parse(&words("a")).err().unwrap();
        assert_eq!(
            e.stderr,
            "cp: missing destination file operand after 'a'\nTry 'cp --help' for more information.\n"
        );
        let e = super::parse_cmp(&words("-z a b")).err().unwrap();
        assert_eq!(
            e.stderr,
            "cmp: invalid option -- 'z'\ncmp: Try 'cmp --help' for more information.\n"
        );
        let e = super::parse_cmp(&words("-s -v a b")).err().unwrap();
        assert_eq!(
            (e.stderr, e.status),
            ("netbook: cmp -v is not simulated\n".into(), 2)
        );
        let e = super::CpArgs::parse(&words("--link a b")).err().unwrap();
        assert_eq!(e.stderr, "netbook: cp --link is not simulated\n");
    }

    #[test]
    fn copies_and_compares() {
        let mut s = Session::new();
        let t = s.run_terminal(
            "printf 'abc\\ndef\\n' > /tmp/a; cp /tmp/a /tmp/b; cmp /tmp/a /tmp/b && echo same; \
             printf 'abc\\n' > /tmp/c; cmp /tmp/a /tmp/c; mkdir /tmp/d; cp /tmp/a /tmp/c /tmp/d; \
             cp -r /tmp/d /tmp/e; cat /tmp/e/c",
        );
        assert_eq!(t.stdout, "same\nabc\n");
        assert_eq!(t.stderr, "cmp: EOF on /tmp/c after byte 4, line 1\n");
    }
}
