//! `realpath` and `readlink` (GNU coreutils 9.1) on the simulated tree,
//! and `ln`, refused.
//!
//! The simulated tree holds plain files and directories: its only link
//! is Debian's `/var/run -> /run`. Paths where Debian has links netbook
//! does not hold (`/bin`, `/usr/...`, `/proc/self`, `/sys/class/net/DEV`)
//! are refused rather than answered wrongly. Canonicalising follows
//! gnulib's `canonicalize_filename_mode`: a name that is not a directory
//! cannot have anything after it, not even a slash.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::{not_simulated, CmdOutput, Command, Ctx};
use crate::sim::World;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "realpath",
        summary: "print the resolved path",
        summary_ko: "절대 경로로 바꿔 출력합니다 (., .., 링크를 풉니다)",
        usage: "realpath [-e|-m] [-L|-P|-s] [-q] [-z] FILE...",
        run: realpath,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "readlink",
        summary: "print resolved symbolic links or canonical file names",
        summary_ko: "심볼릭 링크가 가리키는 곳(-f: 절대 경로)을 출력합니다",
        usage: "readlink [-f|-e|-m] [-n] [-q] [-v] [-z] FILE...",
        run: readlink,
        complete: Some(super::coreutils::complete_paths),
    },
    Command {
        name: "ln",
        summary: "make links between files (not simulated: the file tree has no links)",
        summary_ko: "파일 링크를 만듭니다 (시뮬레이션하지 않음: 파일 트리에 링크가 없습니다)",
        usage: "ln [-s] TARGET LINK_NAME",
        run: ln,
        complete: None,
    },
];

/// Debian 12's links among the directories netbook simulates.
const LINKS: &[(&str, &str)] = &[("/var/run", "/run")];

/// Directories netbook does not hold where Debian has links (merged
/// `/usr`, `/dev/fd`, `/proc/self`, the devices behind `/sys/class/net`).
const UNHELD: &[&str] = &["/bin", "/sbin", "/lib", "/lib64", "/usr", "/dev"];

/// Directories that exist for every process though no file lists them.
const IMPLIED_DIRS: &[&str] = &["/run", "/var/run", "/sys", "/sys/class"];

/// What must exist (gnulib's `canonicalize_mode_t`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Must {
    /// Every component but the last (`realpath`, `readlink -f`).
    #[default]
    AllButLast,
    /// Every component (`-e`).
    All,
    /// Nothing (`-m`).
    Nothing,
}

/// Why a name has no canonical form.
#[derive(Debug, PartialEq, Eq)]
enum Why {
    NotFound,
    NotDir,
    /// readlink of a name that is not a link.
    NotLink,
    /// The name reaches where the simulated tree has no answer.
    Unheld,
}

impl Why {
    fn text(&self) -> &'static str {
        match self {
            Why::NotFound => "No such file or directory",
            Why::NotDir | Why::Unheld => "Not a directory",
            Why::NotLink => "Invalid argument",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Missing,
}

/// True where netbook cannot say what Linux has (see [`UNHELD`]).
fn unheld(world: &World, p: &str) -> bool {
    if world.fs.exists(p) {
        return false;
    }
    let under = |root: &str| p == root || p.starts_with(&format!("{root}/"));
    UNHELD.iter().any(|r| under(r))
        || (under("/proc") && p != "/proc" && !under("/proc/sys"))
        || p.starts_with("/sys/class/net/")
}

/// What `p` (absolute, normalised) is for a process in `netns`.
fn kind(world: &World, netns: Option<&str>, p: &str) -> Kind {
    if IMPLIED_DIRS.contains(&p) || world.is_dir_at(netns, p) {
        return Kind::Dir;
    }
    if world.fs.exists(&world.resolve_path(netns, p)) {
        return Kind::File;
    }
    // A kernel-made file (`/run/netns/NS`, `/proc/sys/...`) is listed by
    // its directory.
    let (dir, name) = p.rsplit_once('/').unwrap_or(("/", p));
    let dir = if dir.is_empty() { "/" } else { dir };
    match world.list_dir(netns, dir) {
        Ok(names) if names.iter().any(|n| n == name) => Kind::File,
        _ => Kind::Missing,
    }
}

/// Where `cd DIR` lands physically: `path` (absolute) with `.`, `..` and
/// links resolved, when it is a directory; else chdir's errno text, or
/// `None` where the simulated tree has no answer (see [`UNHELD`]).
pub(crate) fn directory(
    world: &World,
    netns: Option<&str>,
    path: &str,
) -> Result<String, Option<&'static str>> {
    match canonicalize(world, netns, path, Must::All, true) {
        Ok(p) if kind(world, netns, &p) == Kind::Dir => Ok(p),
        Ok(_) => Err(Some(Why::NotDir.text())),
        Err(Why::Unheld) => Err(None),
        Err(w) => Err(Some(w.text())),
    }
}

/// The absolute name of `path` with `.`, `..` and links resolved.
fn canonicalize(
    world: &World,
    netns: Option<&str>,
    path: &str,
    must: Must,
    follow: bool,
) -> Result<String, Why> {
    let mut cur = String::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            "" | "." => continue,
            ".." => {
                let cut = cur.rfind('/').unwrap_or(0);
                cur.truncate(cut);
                continue;
            }
            _ => {}
        }
        cur.push('/');
        cur.push_str(part);
        if follow {
            if let Some((_, to)) = LINKS.iter().find(|(from, _)| *from == cur) {
                cur = to.to_string();
            }
        }
        if unheld(world, &cur) {
            return Err(Why::Unheld);
        }
        if must == Must::Nothing {
            continue;
        }
        // Anything after this component, a lone slash included.
        let more = i + 1 < parts.len();
        let last = parts[i + 1..].iter().all(|p| p.is_empty());
        match kind(world, netns, &cur) {
            Kind::Dir => {}
            Kind::Missing if must == Must::AllButLast && last => {}
            Kind::Missing => return Err(Why::NotFound),
            Kind::File if more => return Err(Why::NotDir),
            Kind::File => {}
        }
    }
    Ok(if cur.is_empty() { "/".into() } else { cur })
}

#[derive(Debug, Clone, Copy)]
enum Key {
    Existing,
    Missing,
    AllButLast,
    Logical,
    Physical,
    Quiet,
    NoLinks,
    Zero,
    NoNewline,
    Verbose,
}

/// A `realpath` or `readlink` command line.
#[derive(Debug, Default)]
struct CanonArgs {
    /// `None`: readlink without `-f`/`-e`/`-m` (read the link itself).
    must: Option<Must>,
    logical: bool,
    no_links: bool,
    quiet: bool,
    verbose: bool,
    zero: bool,
    no_newline: bool,
    files: Vec<String>,
}

impl CanonArgs {
    fn take_key(&mut self, key: Key) {
        match key {
            Key::Existing => self.must = Some(Must::All),
            Key::Missing => self.must = Some(Must::Nothing),
            Key::AllButLast => self.must = Some(Must::AllButLast),
            Key::Logical => self.logical = true,
            Key::Physical => self.logical = false,
            Key::Quiet => (self.quiet, self.verbose) = (true, false),
            Key::NoLinks => self.no_links = true,
            Key::Zero => self.zero = true,
            Key::NoNewline => self.no_newline = true,
            Key::Verbose => (self.quiet, self.verbose) = (false, true),
        }
    }
}

/// realpath's options.
const REALPATH_OPTS: &[Opt<Key>] = &[
    Opt::flag('e', "canonicalize-existing", Key::Existing),
    Opt::flag('m', "canonicalize-missing", Key::Missing),
    Opt::flag('L', "logical", Key::Logical),
    Opt::flag('P', "physical", Key::Physical),
    Opt::flag('q', "quiet", Key::Quiet),
    Opt::flag('s', "strip", Key::NoLinks),
    Opt::long("no-symlinks", Key::NoLinks),
    Opt::flag('z', "zero", Key::Zero),
    Form::long_value("relative-to").refused(),
    Form::long_value("relative-base").refused(),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// readlink's options.
const READLINK_OPTS: &[Opt<Key>] = &[
    Opt::flag('f', "canonicalize", Key::AllButLast),
    Opt::flag('e', "canonicalize-existing", Key::Existing),
    Opt::flag('m', "canonicalize-missing", Key::Missing),
    Opt::flag('n', "no-newline", Key::NoNewline),
    Opt::flag('q', "quiet", Key::Quiet),
    Opt::flag('s', "silent", Key::Quiet),
    Opt::flag('v', "verbose", Key::Verbose),
    Opt::flag('z', "zero", Key::Zero),
    Form::long("help").refused(),
    Form::long("version").refused(),
];

/// The line of `realpath` (`REALPATH`) or `readlink`.
#[derive(Debug, Default)]
struct Line<const REALPATH: bool>(CanonArgs);

impl<const REALPATH: bool> GnuArgs for Line<REALPATH> {
    type Key = Key;
    const TOOL: &'static str = if REALPATH { "realpath" } else { "readlink" };
    const OPTS: &'static [Opt<Key>] = if REALPATH {
        REALPATH_OPTS
    } else {
        READLINK_OPTS
    };

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.0.files.push(f),
            Item::Flag(k) | Item::Value(k, _) => self.0.take_key(k),
        }
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        if self.0.files.is_empty() {
            return Err(usage_error(Self::TOOL, "missing operand", 1));
        }
        if REALPATH {
            self.0.must.get_or_insert(Must::AllButLast);
            // realpath reports its errors unless -q.
            self.0.verbose = !self.0.quiet;
        }
        Ok(self)
    }
}

/// `realpath [-e|-m] [-L|-P|-s] [-q] [-z] FILE...`
pub fn realpath(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    Line::<true>::parse(args).map_or_else(|e| e, |a| resolve(ctx, "realpath", &a.0))
}

/// `readlink [-f|-e|-m] [-n] [-q|-v] [-z] FILE...`
pub fn readlink(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    Line::<false>::parse(args).map_or_else(|e| e, |a| resolve(ctx, "readlink", &a.0))
}

/// What one name resolves to: its canonical form, or (with no `must`)
/// the target of the link it is.
fn resolve_one(ctx: &Ctx, a: &CanonArgs, file: &str) -> Result<String, Why> {
    if file.is_empty() {
        return Err(Why::NotFound);
    }
    let netns = ctx.netns.as_deref();
    let world = &*ctx.world;
    // Physically, `..` applies after links: keep the cwd's text as is.
    let path = if a.logical {
        world.fs.abs(file)
    } else if file.starts_with('/') {
        file.to_string()
    } else {
        format!("{}/{file}", world.fs.cwd())
    };
    match a.must {
        Some(must) => canonicalize(world, netns, &path, must, !a.no_links),
        None => {
            let abs = canonicalize(world, netns, &path, Must::Nothing, false)?;
            if let Some((_, to)) = LINKS.iter().find(|(from, _)| *from == abs) {
                return Ok(to.to_string());
            }
            // It exists (else why not) and is no link.
            canonicalize(world, netns, &path, Must::All, true)?;
            Err(Why::NotLink)
        }
    }
}

fn resolve(ctx: &mut Ctx, tool: &str, a: &CanonArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let no_newline = a.no_newline && a.files.len() == 1;
    if a.no_newline && !no_newline {
        out.stderr.push_str(&format!(
            "{tool}: ignoring --no-newline with multiple arguments\n"
        ));
    }
    let end = if a.zero { "\0" } else { "\n" };
    for f in &a.files {
        match resolve_one(ctx, a, f) {
            Ok(p) => {
                out.stdout.push_str(&p);
                if !no_newline {
                    out.stdout.push_str(end);
                }
            }
            Err(Why::Unheld) => return not_simulated(tool, f, 1),
            Err(why) => {
                out.status = 1;
                if a.verbose {
                    // quotef shows an empty name as ''.
                    let shown = if f.is_empty() { "''" } else { f };
                    out.stderr
                        .push_str(&format!("{tool}: {shown}: {}\n", why.text()));
                }
            }
        }
    }
    out
}

/// `ln`: the simulated tree cannot hold a link, so no form is faked.
fn ln(_: &mut Ctx, _: &[String]) -> CmdOutput {
    CmdOutput::usage(1, "netbook: ln is not simulated\n").with_hint(
        "the simulated file tree holds plain files and directories only, no links: copy the file with cp instead",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::run_words;

    fn run(w: &mut World, netns: Option<&str>, argv: &[&str]) -> (i32, String, String) {
        let o = run_words(w, netns, None, argv);
        (o.status, o.stdout, o.stderr)
    }

    #[test]
    fn resolves_on_the_simulated_tree() {
        let mut w = World::new();
        w.fs.mkdir_p("/tmp/d/e").unwrap();
        for (path, must, want) in [
            ("/tmp/d/e/..", Must::AllButLast, Ok("/tmp/d")),
            ("tmp//d/./e", Must::All, Ok("/tmp/d/e")),
            ("/tmp/nope", Must::AllButLast, Ok("/tmp/nope")),
            ("/tmp/nope/", Must::AllButLast, Ok("/tmp/nope")),
            ("/tmp/nope", Must::All, Err(Why::NotFound)),
            ("/tmp/nope/x", Must::AllButLast, Err(Why::NotFound)),
            ("/etc/hosts/", Must::AllButLast, Err(Why::NotDir)),
            ("/etc/hosts/..", Must::AllButLast, Err(Why::NotDir)),
            ("/etc/hosts/..", Must::Nothing, Ok("/etc")),
            ("/var/run/netns", Must::All, Ok("/run/netns")),
            ("/usr/sbin/ip", Must::Nothing, Err(Why::Unheld)),
            ("/proc/self/ns/net", Must::All, Err(Why::Unheld)),
            (
                "/proc/sys/net/ipv4/ip_forward",
                Must::All,
                Ok("/proc/sys/net/ipv4/ip_forward"),
            ),
        ] {
            let got = canonicalize(&w, None, path, must, true);
            assert_eq!(got, want.map(str::to_string), "{path} {must:?}");
        }
        assert_eq!(
            canonicalize(&w, None, "/var/run/netns", Must::All, false),
            Ok("/var/run/netns".into())
        );
    }

    #[test]
    fn readlink_reads_only_links() {
        let mut w = World::new();
        assert_eq!(run(&mut w, None, &["readlink", "/var/run"]).1, "/run\n");
        assert_eq!(
            run(&mut w, None, &["readlink", "-v", "/etc/hosts"]),
            (
                1,
                String::new(),
                "readlink: /etc/hosts: Invalid argument\n".into()
            )
        );
        assert_eq!(
            run(&mut w, None, &["readlink", "/nope"]),
            (1, String::new(), String::new())
        );
        let (status, _, err) = run(&mut w, None, &["readlink", "/proc/self/ns/net"]);
        assert_eq!(
            (status, err.as_str()),
            (1, "netbook: readlink /proc/self/ns/net is not simulated\n")
        );
        let (_, _, err) = run(&mut w, None, &["realpath", "--relative-to=/", "/tmp"]);
        assert_eq!(err, "netbook: realpath --relative-to is not simulated\n");
        let o = run_words(&mut w, None, None, &["ln", "-s", "a", "b"]);
        assert_eq!(
            (o.status, o.stderr.as_str()),
            (1, "netbook: ln is not simulated\n")
        );
    }

    #[test]
    fn kernel_files_are_seen_from_their_namespace() {
        let mut w = World::new();
        run(&mut w, None, &["ip", "netns", "add", "ns1"]);
        assert_eq!(
            run(&mut w, None, &["realpath", "-e", "/var/run/netns/ns1"]).1,
            "/run/netns/ns1\n"
        );
        assert_eq!(
            run(&mut w, None, &["realpath", "-e", "/run/netns/ns2"]).0,
            1
        );
    }
}
