//! File mode bits: `chmod` (GNU coreutils 9.1: octal and symbolic modes,
//! `-R`) and `stat -c` with `%a %A %n`. sshd reads the bits (StrictModes).

use super::args::{Form, Item, Opt};
use super::gnu::{try_help, usage_error, GnuArgs};
use super::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "chmod",
        summary: "change file mode bits",
        summary_ko: "파일 권한 비트를 바꿉니다 (chmod 600 ~/.ssh/authorized_keys)",
        usage: "chmod [-R] MODE[,MODE]... FILE...",
        run: chmod,
        complete: None,
    },
    Command {
        name: "stat",
        summary: "display file status (only -c with %a %A %n %s)",
        summary_ko: "파일 상태를 보여줍니다 (stat -c '%a %n' FILE: 권한 비트)",
        usage: "stat -c FORMAT FILE...",
        run: stat,
        complete: None,
    },
];

/// The umask a symbolic mode without `ugoa` respects (root's 022).
const UMASK: u16 = 0o022;

/// Applies a GNU mode (`600`, `u+rw,go-rwx`, `a=rX`) to `old`; `None`
/// when it is not a valid mode.
pub fn apply_mode(spec: &str, old: u16, is_dir: bool) -> Option<u16> {
    if !spec.is_empty() && spec.len() <= 4 && spec.chars().all(|c| ('0'..='7').contains(&c)) {
        let m = u16::from_str_radix(spec, 8).ok()?;
        // GNU keeps a directory's set-id bits unless the mode names them.
        return Some(if is_dir && spec.len() < 4 {
            m | (old & 0o6000)
        } else {
            m
        });
    }
    let mut mode = old;
    for clause in spec.split(',') {
        let who_end = clause
            .find(|c: char| !"ugoa".contains(c))
            .unwrap_or(clause.len());
        let (who, mut rest) = clause.split_at(who_end);
        if rest.is_empty() {
            return None;
        }
        let mut mask: u16 = 0;
        for c in who.chars() {
            mask |= match c {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                _ => 0o7777,
            };
        }
        let masked = who.is_empty();
        if masked {
            mask = 0o7777;
        }
        while let Some(op) = rest.chars().next().filter(|c| "+-=".contains(*c)) {
            rest = &rest[1..];
            let end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let (perms, tail) = rest.split_at(end);
            rest = tail;
            let mut bits: u16 = 0;
            for p in perms.chars() {
                bits |= match p {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    'u' => copy(mode, 6),
                    'g' => copy(mode, 3),
                    'o' => copy(mode, 0),
                    _ => return None,
                };
            }
            let mut bits = bits & mask;
            if masked {
                bits &= !UMASK;
            }
            mode = match op {
                '+' => mode | bits,
                '-' => mode & !bits,
                _ => {
                    let clear = if masked {
                        0o7777 & !0o6000
                    } else {
                        mask & !0o6000
                    };
                    let keep = if is_dir { mode & 0o6000 & !bits } else { 0 };
                    (mode & !clear & !(mask & 0o6000)) | bits | keep
                }
            };
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(mode)
}

/// The rwx triplet at `shift`, copied to every class (`g=u`).
fn copy(mode: u16, shift: u16) -> u16 {
    let t = (mode >> shift) & 7;
    t << 6 | t << 3 | t
}

/// `-rw-r--r--` / `drwx------`, as `ls -l` and `stat -c %A` show it.
pub fn mode_string(mode: u16, is_dir: bool) -> String {
    let mut s = String::from(if is_dir { "d" } else { "-" });
    for (shift, special, lower, upper) in [
        (6, 0o4000, 's', 'S'),
        (3, 0o2000, 's', 'S'),
        (0, 0o1000, 't', 'T'),
    ] {
        let t = (mode >> shift) & 7;
        s.push(if t & 4 != 0 { 'r' } else { '-' });
        s.push(if t & 2 != 0 { 'w' } else { '-' });
        let x = t & 1 != 0;
        s.push(match (mode & special != 0, x) {
            (true, true) => lower,
            (true, false) => upper,
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ChmodKey {
    Changes,
    Silent,
    Verbose,
    NoPreserveRoot,
    PreserveRoot,
    Reference,
    Recursive,
}

/// What `chmod` reports per file.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Report {
    #[default]
    Errors,
    Quiet,
    Changes,
    Verbose,
}

/// Where the new mode comes from.
enum ModeSource {
    Spec(String),
    Reference(String),
}

/// A `chmod` command line.
struct ChmodArgs {
    mode: ModeSource,
    files: Vec<String>,
    recursive: bool,
    /// `--preserve-root` (chmod's default is without it): `-R` refuses `/`.
    preserve_root: bool,
    report: Report,
}

/// chmod's options and operands as getopt hands them over, before the
/// mode is told from the files.
#[derive(Default)]
struct ChmodLine {
    recursive: bool,
    preserve_root: bool,
    report: Report,
    reference: Option<String>,
    operands: Vec<String>,
}

impl GnuArgs for ChmodLine {
    type Key = ChmodKey;
    const TOOL: &'static str = "chmod";
    /// coreutils chmod's `long_options` and its option letters.
    const OPTS: &'static [Opt<ChmodKey>] = &[
        Opt::flag('c', "changes", ChmodKey::Changes),
        Opt::flag('f', "silent", ChmodKey::Silent),
        Opt::long("quiet", ChmodKey::Silent),
        Opt::flag('v', "verbose", ChmodKey::Verbose),
        Opt::long("no-preserve-root", ChmodKey::NoPreserveRoot),
        Opt::long("preserve-root", ChmodKey::PreserveRoot),
        Opt::long_value("reference", ChmodKey::Reference),
        Opt::flag('R', "recursive", ChmodKey::Recursive),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<ChmodKey>) -> Result<(), CmdOutput> {
        match item {
            Item::Flag(ChmodKey::Changes) => self.report = Report::Changes,
            Item::Flag(ChmodKey::Silent) => self.report = Report::Quiet,
            Item::Flag(ChmodKey::Verbose) => self.report = Report::Verbose,
            Item::Flag(ChmodKey::Recursive) => self.recursive = true,
            Item::Flag(ChmodKey::PreserveRoot) => self.preserve_root = true,
            Item::Flag(ChmodKey::NoPreserveRoot) => self.preserve_root = false,
            Item::Value(ChmodKey::Reference, r) => self.reference = Some(r),
            Item::Operand(o) => self.operands.push(o),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }
}

/// chmod lists the mode letters among its options, so `-w` and `-rwx`
/// are a mode, not options.
fn is_dash_mode(w: &str) -> bool {
    w.len() > 1
        && w.starts_with('-')
        && w[1..].chars().all(|c| "rwxXstugoa,+-=01234567".contains(c))
        && w != "--"
}

fn parse_chmod(argv: &[String]) -> Result<ChmodArgs, CmdOutput> {
    let end = argv.iter().position(|w| w == "--").unwrap_or(argv.len());
    let dash_mode = argv[..end].iter().find(|w| is_dash_mode(w)).cloned();
    let rest: Vec<String> = argv
        .iter()
        .enumerate()
        .filter(|(i, w)| *i >= end || !is_dash_mode(w))
        .map(|(_, w)| w.clone())
        .collect();
    let line = ChmodLine::parse(&rest)?;
    let mut ops = line.operands;
    let mode = match (line.reference, dash_mode) {
        (Some(r), _) => ModeSource::Reference(r),
        (None, Some(m)) => ModeSource::Spec(m),
        (None, None) if ops.is_empty() => return Err(usage_error("chmod", "missing operand", 1)),
        (None, None) => ModeSource::Spec(ops.remove(0)),
    };
    if let ModeSource::Spec(m) = &mode {
        if apply_mode(m, 0o644, false).is_none() {
            return Err(usage_error("chmod", &format!("invalid mode: ‘{m}’"), 1));
        }
        if ops.is_empty() {
            let msg = if argv.iter().any(|w| w == m) && !is_dash_mode(m) {
                format!("chmod: missing operand after ‘{m}’\n")
            } else {
                "chmod: missing operand\n".to_string()
            };
            return Err(try_help("chmod", &msg, 1));
        }
    } else if ops.is_empty() {
        return Err(usage_error("chmod", "missing operand", 1));
    }
    Ok(ChmodArgs {
        mode,
        files: ops,
        recursive: line.recursive,
        preserve_root: line.preserve_root,
        report: line.report,
    })
}

fn chmod(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match parse_chmod(args) {
        Ok(a) => run_chmod(ctx, &a),
        Err(out) => out,
    }
}

fn run_chmod(ctx: &mut Ctx, a: &ChmodArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let reference = match &a.mode {
        ModeSource::Spec(_) => None,
        ModeSource::Reference(r) => match ctx.world.fs.mode(r) {
            Some(m) => Some(m),
            None => {
                return CmdOutput::error(
                    1,
                    format!(
                        "chmod: failed to get attributes of '{r}': No such file or directory\n"
                    ),
                )
            }
        },
    };
    for f in &a.files {
        let fs = &ctx.world.fs;
        if !fs.exists(f) {
            if a.report != Report::Quiet {
                out.stderr += &format!("chmod: cannot access '{f}': No such file or directory\n");
            }
            out.status = 1;
            continue;
        }
        // coreutils' ROOT_DEV_INO_WARN, whatever -f says.
        if a.recursive && a.preserve_root && fs.abs(f) == "/" {
            let same = if f == "/" { "" } else { " (same as '/')" };
            out.stderr += &format!(
                "chmod: it is dangerous to operate recursively on '{f}'{same}\nchmod: use --no-preserve-root to override this failsafe\n"
            );
            out.status = 1;
            continue;
        }
        let mut paths = vec![f.to_string()];
        if a.recursive && fs.is_dir(f) {
            let base = fs.abs(f);
            let prefix = if base == "/" {
                "/".into()
            } else {
                format!("{base}/")
            };
            let shown = f.trim_end_matches('/');
            paths.extend(
                fs.paths()
                    .filter_map(|p| p.strip_prefix(&prefix))
                    .map(|rest| format!("{shown}/{rest}")),
            );
        }
        for p in paths {
            let fs = &mut ctx.world.fs;
            let is_dir = fs.is_dir(&p);
            let old = fs.mode(&p).unwrap_or(0o644);
            let new = match (&a.mode, reference) {
                (_, Some(m)) => Some(m),
                (ModeSource::Spec(m), None) => apply_mode(m, old, is_dir),
                _ => None,
            };
            let Some(new) = new else { continue };
            let _ = fs.set_mode(&p, new);
            let perms = |m: u16| mode_string(m, false)[1..].to_string();
            if new != old && a.report >= Report::Changes {
                out.stdout += &format!(
                    "mode of '{p}' changed from {old:04o} ({}) to {new:04o} ({})\n",
                    perms(old),
                    perms(new)
                );
            } else if new == old && a.report == Report::Verbose {
                out.stdout += &format!("mode of '{p}' retained as {old:04o} ({})\n", perms(old));
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum StatKey {
    Format,
    Printf,
}

/// A `stat` command line.
#[derive(Default)]
struct StatArgs {
    /// The format and whether it is `--printf` (escapes, no newline).
    format: Option<(String, bool)>,
    files: Vec<String>,
}

impl GnuArgs for StatArgs {
    type Key = StatKey;
    const TOOL: &'static str = "stat";
    /// coreutils stat's `long_options` and optstring "c:fLt".
    const OPTS: &'static [Opt<StatKey>] = &[
        // There are no symbolic links in the simulated tree.
        Form::flag('L', "dereference").ignored(),
        Opt::with_value('c', "format", StatKey::Format),
        Opt::long_value("printf", StatKey::Printf),
        Form::flag('f', "file-system").refused(),
        Form::flag('t', "terse").refused(),
        Form::long_value("cached").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<StatKey>) -> Result<(), CmdOutput> {
        match item {
            Item::Value(StatKey::Format, f) => self.format = Some((f, false)),
            Item::Value(StatKey::Printf, f) => self.format = Some((f, true)),
            Item::Operand(f) => self.files.push(f),
            Item::Flag(_) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.files.is_empty() {
            return Err(usage_error("stat", "missing operand", 1));
        }
        Ok(self)
    }
}

/// `--printf`'s backslash escapes (the common ones).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn stat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match StatArgs::parse(args) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let Some((format, printf)) = a.format else {
        return CmdOutput::usage(
            1,
            "stat: netbook shows only `stat -c FORMAT FILE` (%a %A %n %s)\n",
        );
    };
    let format = if printf { unescape(&format) } else { format };
    let files = a.files;
    let mut out = CmdOutput::default();
    for f in files {
        let fs = &ctx.world.fs;
        let Some(mode) = fs.mode(&f) else {
            out.stderr += &format!("stat: cannot statx '{f}': No such file or directory\n");
            out.status = 1;
            continue;
        };
        let is_dir = fs.is_dir(&f);
        let size = if is_dir {
            4096
        } else {
            fs.read(&f).map_or(0, str::len)
        };
        let mut line = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                line.push(c);
                continue;
            }
            match chars.next() {
                Some('a') => line += &format!("{:o}", mode),
                Some('A') => line += &mode_string(mode, is_dir),
                Some('n') => line += &f,
                Some('s') => line += &size.to_string(),
                Some('%') => line.push('%'),
                Some(o) => {
                    line.push('?');
                    let _ = o;
                }
                None => line.push('%'),
            }
        }
        out.stdout += &line;
        if !printf {
            out.stdout.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_as_gnu_chmod_sets_them() {
        // Each row: mode, old, is_dir, expected (checked with GNU chmod
        // 9.1 under umask 022).
        for (spec, old, dir, want) in [
            ("600", 0o644, false, 0o600),
            ("0755", 0o644, false, 0o755),
            ("go-rwx", 0o755, true, 0o700),
            ("u+x", 0o644, false, 0o744),
            ("+x", 0o644, false, 0o755),
            ("+w", 0o444, false, 0o644),
            ("a+w", 0o644, false, 0o666),
            ("o=", 0o666, false, 0o660),
            ("u=rw,go=r", 0o777, false, 0o644),
            ("a=rX", 0o700, true, 0o555),
            ("a=rX", 0o600, false, 0o444),
            ("g=u", 0o740, false, 0o770),
            ("+t", 0o777, true, 0o1777),
            ("u+s", 0o755, false, 0o4755),
        ] {
            assert_eq!(apply_mode(spec, old, dir), Some(want), "{spec} on {old:o}");
        }
        for bad in ["", "8", "u+q", "rw", "u", "a+r,"] {
            assert_eq!(apply_mode(bad, 0o644, false), None, "{bad}");
        }
        assert_eq!(mode_string(0o1777, true), "drwxrwxrwt");
        assert_eq!(mode_string(0o4754, false), "-rwsr-xr--");
        assert_eq!(mode_string(0o600, false), "-rw-------");
    }

    #[test]
    fn unmodelled_options_are_refused_as_written() {
        let mut w = crate::sim::World::new();
        let flag = std::sync::atomic::AtomicBool::new(false);
        let mut ctx = Ctx::bare(&mut w, None, &flag);
        let argv = |l: &str| l.split(' ').map(str::to_string).collect::<Vec<_>>();
        let out = stat(&mut ctx, &argv("-L -t /etc"));
        let want = "netbook: stat -t is not simulated\n";
        assert_eq!((out.status, out.stderr.as_str()), (1, want));
        let out = chmod(&mut ctx, &argv("--vers 600 /etc"));
        let want = "netbook: chmod --version is not simulated\n";
        assert_eq!((out.status, out.stderr.as_str()), (1, want));
        assert_eq!(
            stat(&mut ctx, &argv("-L /etc")).stderr,
            "stat: netbook shows only `stat -c FORMAT FILE` (%a %A %n %s)\n"
        );
        assert_eq!(stat(&mut ctx, &argv("-c %a /etc")).stdout, "755\n");
    }

    #[test]
    fn preserve_root_keeps_chmod_r_off_the_root() {
        let mut w = crate::sim::World::new();
        let flag = std::sync::atomic::AtomicBool::new(false);
        let mut ctx = Ctx::bare(&mut w, None, &flag);
        let argv = |l: &str| l.split(' ').map(str::to_string).collect::<Vec<_>>();
        let out = chmod(&mut ctx, &argv("-Rf --preserve-root 700 // /tmp"));
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (1, "chmod: it is dangerous to operate recursively on '//' (same as '/')\nchmod: use --no-preserve-root to override this failsafe\n")
        );
        assert_eq!(ctx.world.fs.mode("/etc"), Some(0o755));
        assert_eq!(ctx.world.fs.mode("/tmp"), Some(0o700));
    }
}
