//! `rm` from GNU coreutils 9.1 on the simulated file tree: `-f`, `-r`/`-R`,
//! `-d`, `-v`, `-i`/`-I`/`--interactive` (the prompts go to stderr and the
//! answers come from stdin, one line each, as on Linux), the root
//! failsafe (rm(1)). Files under `/proc` and `/sys` are the kernel's:
//! removing them is refused.

use super::args::{Form, Item, Opt};
use super::gnu::{argmatch, GnuArgs};
use super::{CmdOutput, Ctx};
use crate::sim::stack::fs::normalize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Force,
    Recursive,
    Dir,
    Verbose,
    Always,
    Once,
    Interactive,
    NoPreserveRoot,
    PreserveRoot,
}

/// When rm asks (coreutils' `rm_interactive` plus `prompt_once`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Never,
    /// `-I`: once, before removing more than three files or recursing.
    Once,
    /// `-i`: before every removal.
    Always,
}

/// `--interactive`'s argmatch table.
const WHEN: &[(&str, Ask)] = &[
    ("never", Ask::Never),
    ("no", Ask::Never),
    ("none", Ask::Never),
    ("once", Ask::Once),
    ("always", Ask::Always),
    ("yes", Ask::Always),
];

/// An `rm` command line.
struct RmArgs {
    /// `-f`: missing files are no error.
    force: bool,
    ask: Ask,
    recursive: bool,
    dir: bool,
    verbose: bool,
    preserve_root: bool,
    files: Vec<String>,
}

impl Default for RmArgs {
    fn default() -> Self {
        RmArgs {
            force: false,
            ask: Ask::Never,
            recursive: false,
            dir: false,
            verbose: false,
            preserve_root: true,
            files: Vec::new(),
        }
    }
}

impl RmArgs {
    /// As coreutils, -f and -i/-I override each other and the last wins;
    /// they (not --interactive=never) also decide whether a missing file
    /// is an error.
    fn asks(&mut self, ask: Ask) {
        if ask != Ask::Never {
            self.force = false;
        }
        self.ask = ask;
    }
}

impl GnuArgs for RmArgs {
    type Key = Key;
    const TOOL: &'static str = "rm";
    /// coreutils' `long_opts` and optstring "dfirvIR".
    const OPTS: &'static [Opt<Key>] = &[
        Opt::flag('f', "force", Key::Force),
        Opt::flag('r', "recursive", Key::Recursive),
        Opt::short('R', Key::Recursive),
        Opt::long("no-preserve-root", Key::NoPreserveRoot),
        Opt::long("preserve-root", Key::PreserveRoot),
        Opt::flag('d', "dir", Key::Dir),
        Opt::flag('v', "verbose", Key::Verbose),
        Opt::short('i', Key::Always),
        Opt::short('I', Key::Once),
        Opt::long_optional("interactive", Key::Interactive),
        // The simulated tree is one file system (`/proc` and `/sys`, the
        // only mounts, are refused anyway), so nothing is ever skipped.
        Form::long("one-file-system").ignored(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Flag(Key::Force) => {
                self.force = true;
                self.ask = Ask::Never;
            }
            Item::Flag(Key::Always | Key::Interactive) => self.asks(Ask::Always),
            Item::Flag(Key::Once) => self.asks(Ask::Once),
            Item::Value(Key::Interactive, v) => {
                self.asks(argmatch("rm", "--interactive", &v, WHEN)?)
            }
            Item::Flag(Key::Recursive) => self.recursive = true,
            Item::Flag(Key::Dir) => self.dir = true,
            Item::Flag(Key::Verbose) => self.verbose = true,
            Item::Flag(Key::NoPreserveRoot) => self.preserve_root = false,
            Item::Flag(Key::PreserveRoot) => self.preserve_root = true,
            Item::Operand(f) => self.files.push(f),
            Item::Value(..) => {}
        }
        Ok(())
    }
}

fn parse(argv: &[String]) -> Result<RmArgs, CmdOutput> {
    // `--preserve-root[=all]` takes an optional value: strip it before the
    // flag table sees it.
    let argv: Vec<String> = argv
        .iter()
        .map(|a| match a.split_once('=') {
            Some((n, "all")) if n.len() > 5 && "--preserve-root".starts_with(n) => n.to_string(),
            _ => a.clone(),
        })
        .collect();
    let a = RmArgs::parse(&argv)?;
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

/// One rm run: its options, the answers still unread and what it printed.
struct Remover<'s> {
    a: &'s RmArgs,
    /// stdin's lines not yet read by a prompt.
    answers: std::str::Lines<'s>,
    out: CmdOutput,
}

impl Remover<'_> {
    /// gnulib's `yesno` after a prompt on stderr: one line from stdin,
    /// yes when it starts with `y` or `Y`; end of input is no.
    fn confirm(&mut self, prompt: &str) -> bool {
        self.out.stderr.push_str(&format!("rm: {prompt}? "));
        matches!(self.answers.next(), Some(l) if l.starts_with(['y', 'Y']))
    }

    /// Reports a removal that failed; false, for [`Remover::remove`].
    fn fail(&mut self, shown: &str, why: &str) -> bool {
        self.out
            .stderr
            .push_str(&format!("rm: cannot remove '{shown}': {why}\n"));
        self.out.status = 1;
        false
    }

    fn removed(&mut self, what: &str, shown: &str) {
        if self.a.verbose {
            self.out
                .stdout
                .push_str(&format!("removed {what}'{shown}'\n"));
        }
    }

    /// Removes the file or directory `shown` (as fts names it) at `abs`;
    /// false when that failed (not when the user declined).
    fn remove(&mut self, ctx: &mut Ctx, shown: &str, abs: &str) -> bool {
        let always = self.a.ask == Ask::Always;
        let fs = &mut ctx.world.fs;
        if !fs.is_dir(abs) {
            let kind = match fs.read(abs) {
                Ok("") => "regular empty file",
                Ok(_) => "regular file",
                Err(_) if self.a.force => return true,
                Err(_) => return self.fail(shown, "No such file or directory"),
            };
            if always && !self.confirm(&format!("remove {kind} '{shown}'")) {
                return true;
            }
            if ctx.world.fs.remove(abs).is_ok() {
                self.removed("", shown);
            }
            return true;
        }
        let children = fs.list(abs).unwrap_or_default();
        if !self.a.recursive {
            if !self.a.dir {
                return self.fail(shown, "Is a directory");
            }
            if !children.is_empty() {
                return self.fail(shown, "Directory not empty");
            }
        } else if !children.is_empty() {
            if always && !self.confirm(&format!("descend into directory '{shown}'")) {
                return true;
            }
            // The simulated tree keeps no directory order: names go sorted.
            let base = shown.trim_end_matches('/');
            let mut ok = true;
            for name in children {
                let child = format!("{base}/{name}");
                let at = normalize(&format!("{abs}/{name}"));
                ok &= self.remove(ctx, &child, &at);
            }
            // As coreutils: a failure below leaves its ancestors unasked.
            if !ok {
                return false;
            }
        }
        if always && !self.confirm(&format!("remove directory '{shown}'")) {
            return true;
        }
        let fs = &mut ctx.world.fs;
        if !fs.list(abs).unwrap_or_default().is_empty() {
            return self.fail(shown, "Directory not empty");
        }
        // `/` keeps itself, as the root of a mount cannot go.
        if abs != "/" && fs.remove_tree(abs).is_ok() {
            self.removed("directory ", shown);
        }
        true
    }
}

/// fts' name for an operand: trailing slashes fold into one.
fn fts_name(p: &str) -> String {
    let bare = p.trim_end_matches('/');
    if bare.len() + 1 < p.len() && !bare.is_empty() {
        format!("{bare}/")
    } else {
        p.to_string()
    }
}

fn run(ctx: &mut Ctx, a: RmArgs) -> CmdOutput {
    if a.files.is_empty() {
        if a.force {
            return CmdOutput::default();
        }
        return CmdOutput::usage(
            1,
            "rm: missing operand\nTry 'rm --help' for more information.\n",
        );
    }
    let stdin = ctx.stdin.take().unwrap_or_default();
    let mut r = Remover {
        a: &a,
        answers: stdin.lines(),
        out: CmdOutput::default(),
    };
    let n = a.files.len();
    if a.ask == Ask::Once && (a.recursive || n >= 4) {
        let s = if n == 1 { "" } else { "s" };
        let how = if a.recursive { " recursively" } else { "" };
        if !r.confirm(&format!("remove {n} argument{s}{how}")) {
            return r.out;
        }
    }
    for p in &a.files {
        let abs = ctx.world.fs.abs(p);
        if a.recursive && a.preserve_root && abs == "/" {
            r.out.stderr.push_str(&format!(
                "rm: it is dangerous to operate recursively on '{p}'\nrm: use --no-preserve-root to override this failsafe\n"
            ));
            r.out.status = 1;
            continue;
        }
        if abs == "/proc" || abs.starts_with("/proc/") || abs == "/sys" || abs.starts_with("/sys/")
        {
            r.fail(p, "Operation not permitted");
            continue;
        }
        r.remove(ctx, &fts_name(p), &abs);
    }
    r.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn the_last_of_force_and_asking_wins() {
        let a = parse(&words("-i -f x")).unwrap();
        assert!(a.force && a.ask == Ask::Never);
        let a = parse(&words("-f --interactive=once x")).unwrap();
        assert!(!a.force && a.ask == Ask::Once);
        let a = parse(&words("-f --interactive=never x")).unwrap();
        assert!(a.force && a.ask == Ask::Never);
        let refused = parse(&words("--one --he x")).err().map(|e| e.stderr);
        assert_eq!(
            refused.as_deref(),
            Some("netbook: rm --help is not simulated\n")
        );
    }
}
