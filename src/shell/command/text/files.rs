//! The file tools around a lab: `cat`, `ls`, `mkdir`, `touch`, worded as
//! GNU coreutils 9.1 words them, on the simulated file system.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{not_simulated, opt_error, usage_error};
use crate::shell::command::args::{self, Item, Opt};
use crate::shell::command::coreutils::inputs;
use crate::shell::command::{CmdOutput, Ctx};

/// What `cat` was asked to do.
#[derive(Debug, Default)]
struct CatArgs {
    number: bool,
    number_nonblank: bool,
    ends: bool,
    squeeze: bool,
    tabs: bool,
    nonprinting: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum CatOpt {
    All,
    NonBlank,
    VE,
    Ends,
    Number,
    Squeeze,
    VT,
    Tabs,
    /// `-u`: GNU cat ignores it too (its output is never buffered).
    Ignored,
    NonPrinting,
    No(&'static str),
}

/// GNU cat's options (coreutils 9.1).
const CAT_OPTS: &[Opt<CatOpt>] = &[
    Opt::flag('A', "show-all", CatOpt::All),
    Opt::flag('b', "number-nonblank", CatOpt::NonBlank),
    Opt::short('e', CatOpt::VE),
    Opt::flag('E', "show-ends", CatOpt::Ends),
    Opt::flag('n', "number", CatOpt::Number),
    Opt::flag('s', "squeeze-blank", CatOpt::Squeeze),
    Opt::short('t', CatOpt::VT),
    Opt::flag('T', "show-tabs", CatOpt::Tabs),
    Opt::short('u', CatOpt::Ignored),
    Opt::flag('v', "show-nonprinting", CatOpt::NonPrinting),
    Opt::long("help", CatOpt::No("--help")),
    Opt::long("version", CatOpt::No("--version")),
];

fn parse_cat(argv: &[String]) -> Result<CatArgs, CmdOutput> {
    let items = args::parse(CAT_OPTS, argv).map_err(|e| opt_error("cat", &e, 1))?;
    let mut o = CatArgs::default();
    for item in items {
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(CatOpt::All) => (o.nonprinting, o.ends, o.tabs) = (true, true, true),
            Item::Flag(CatOpt::NonBlank) => o.number_nonblank = true,
            Item::Flag(CatOpt::VE) => (o.nonprinting, o.ends) = (true, true),
            Item::Flag(CatOpt::Ends) => o.ends = true,
            Item::Flag(CatOpt::Number) => o.number = true,
            Item::Flag(CatOpt::Squeeze) => o.squeeze = true,
            Item::Flag(CatOpt::VT) => (o.nonprinting, o.tabs) = (true, true),
            Item::Flag(CatOpt::Tabs) => o.tabs = true,
            Item::Flag(CatOpt::NonPrinting) => o.nonprinting = true,
            Item::Flag(CatOpt::No(n)) => return Err(not_simulated("cat", n, 1)),
            Item::Flag(CatOpt::Ignored) | Item::Value(..) => {}
        }
    }
    Ok(o)
}

/// `cat`
pub fn cat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_cat(args).map_or_else(|e| e, |o| run_cat(ctx, &o))
}

/// `cat -v`'s notation for one byte: `^X` for controls, `M-` for the
/// high half; tabs and newlines stay.
fn show_byte(b: u8, tabs: bool, out: &mut String) {
    let (meta, low) = if b >= 128 {
        (true, b - 128)
    } else {
        (false, b)
    };
    if meta {
        out.push_str("M-");
    }
    match low {
        b'\t' if !meta && !tabs => out.push('\t'),
        b'\n' if !meta => out.push('\n'),
        0..=31 => {
            out.push('^');
            out.push(char::from(low + 64));
        }
        127 => out.push_str("^?"),
        _ => out.push(char::from(low)),
    }
}

fn run_cat(ctx: &mut Ctx, o: &CatArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let ops: Vec<&str> = o.files.iter().map(String::as_str).collect();
    let text: String = inputs(ctx, "cat", &ops, &mut out).concat();
    let plain = !(o.number || o.number_nonblank || o.ends || o.squeeze || o.tabs || o.nonprinting);
    if plain {
        out.stdout = text;
        return out;
    }
    let mut n = 0;
    let mut blank_run = false;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let blank = body.is_empty();
        if o.squeeze && blank && blank_run {
            continue;
        }
        blank_run = blank;
        if o.number_nonblank && !blank || o.number && !o.number_nonblank {
            n += 1;
            out.stdout.push_str(&format!("{n:>6}\t"));
        }
        for c in body.chars() {
            let mut utf8 = [0u8; 4];
            match c {
                '\t' if o.tabs => out.stdout.push_str("^I"),
                // -v shows each byte of a non-ASCII character as M-...
                _ if o.nonprinting && (c < ' ' && c != '\t' || c >= '\x7f') => {
                    for &b in c.encode_utf8(&mut utf8).as_bytes() {
                        show_byte(b, o.tabs, &mut out.stdout);
                    }
                }
                _ => out.stdout.push(c),
            }
        }
        if line.ends_with('\n') {
            if o.ends {
                out.stdout.push('$');
            }
            out.stdout.push('\n');
        }
    }
    out
}

/// What `mkdir` was asked to make.
#[derive(Debug, Default)]
struct MkdirArgs {
    parents: bool,
    verbose: bool,
    mode: Option<u16>,
    dirs: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum MkdirOpt {
    Mode,
    Parents,
    Verbose,
    /// `-Z`: SELinux contexts, which this kernel does not have.
    Context,
    No(&'static str),
}

/// GNU mkdir's options (coreutils 9.1).
const MKDIR_OPTS: &[Opt<MkdirOpt>] = &[
    Opt::with_value('m', "mode", MkdirOpt::Mode),
    Opt::flag('p', "parents", MkdirOpt::Parents),
    Opt::flag('v', "verbose", MkdirOpt::Verbose),
    Opt::short('Z', MkdirOpt::Context),
    Opt::long_optional("context", MkdirOpt::Context),
    Opt::long("help", MkdirOpt::No("--help")),
    Opt::long("version", MkdirOpt::No("--version")),
];

fn parse_mkdir(argv: &[String]) -> Result<MkdirArgs, CmdOutput> {
    let items = args::parse(MKDIR_OPTS, argv).map_err(|e| opt_error("mkdir", &e, 1))?;
    let mut o = MkdirArgs::default();
    for item in items {
        match item {
            Item::Operand(d) => o.dirs.push(d),
            Item::Value(MkdirOpt::Mode, m) => match u16::from_str_radix(&m, 8) {
                Ok(v) if v <= 0o7777 && !m.is_empty() => o.mode = Some(v),
                // Symbolic modes (`u+rwx`) are chmod's language.
                _ if m.chars().all(|c| "ugoa+-=rwxXst,".contains(c)) && !m.is_empty() => {
                    return Err(not_simulated("mkdir", &format!("-m {m}"), 1))
                }
                _ => return Err(CmdOutput::usage(1, format!("mkdir: invalid mode ‘{m}’\n"))),
            },
            Item::Flag(MkdirOpt::Parents) => o.parents = true,
            Item::Flag(MkdirOpt::Verbose) => o.verbose = true,
            Item::Flag(MkdirOpt::Context) | Item::Value(MkdirOpt::Context, _) => {
                return Err(not_simulated("mkdir", "-Z", 1))
            }
            Item::Flag(MkdirOpt::No(n)) | Item::Value(MkdirOpt::No(n), _) => {
                return Err(not_simulated("mkdir", n, 1))
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    if o.dirs.is_empty() {
        return Err(usage_error("mkdir", "missing operand", 1));
    }
    Ok(o)
}

/// `mkdir`
pub fn mkdir(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_mkdir(args).map_or_else(|e| e, |o| run_mkdir(ctx, &o))
}

fn run_mkdir(ctx: &mut Ctx, o: &MkdirArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let fs = &mut ctx.world.fs;
    for d in &o.dirs {
        let existed = fs.is_dir(d);
        if o.parents {
            // -v names each directory -p creates, parents first.
            let p = crate::sim::fs::normalize(d);
            let mut missing = Vec::new();
            let mut at = String::new();
            for part in p.split('/').filter(|s| !s.is_empty()) {
                at.push('/');
                at.push_str(part);
                if !fs.exists(&at) {
                    missing.push(at.clone());
                }
            }
            if let Err(e) = fs.mkdir_p(d) {
                out.stderr.push_str(&format!(
                    "mkdir: cannot create directory ‘{d}’: {}\n",
                    e.to_string().rsplit(": ").next().unwrap_or("")
                ));
                out.status = 1;
                continue;
            }
            if o.verbose {
                let rel = !d.starts_with('/');
                for m in &missing {
                    let shown = if rel {
                        // Shown as given: the operand's own prefix.
                        let depth = m.matches('/').count();
                        d.split('/').take(depth).collect::<Vec<_>>().join("/")
                    } else {
                        m.clone()
                    };
                    out.stdout
                        .push_str(&format!("mkdir: created directory '{shown}'\n"));
                }
            }
        } else if fs.exists(d) {
            out.stderr.push_str(&format!(
                "mkdir: cannot create directory ‘{d}’: File exists\n"
            ));
            out.status = 1;
            continue;
        } else {
            let p = crate::sim::fs::normalize(d);
            let parent = &p[..p.rfind('/').unwrap_or(0)];
            if !parent.is_empty() && !fs.is_dir(parent) {
                out.stderr.push_str(&format!(
                    "mkdir: cannot create directory ‘{d}’: No such file or directory\n"
                ));
                out.status = 1;
                continue;
            } else if let Err(e) = fs.mkdir_p(d) {
                out.stderr.push_str(&format!("mkdir: {e}\n"));
                out.status = 1;
                continue;
            }
            if o.verbose {
                out.stdout
                    .push_str(&format!("mkdir: created directory '{d}'\n"));
            }
        }
        if let (Some(m), false) = (o.mode, existed) {
            let _ = fs.set_mode(d, m);
        }
    }
    out
}

/// What `ls` was asked to list.
#[derive(Debug, Default)]
struct LsArgs {
    /// `-a` (dot entries too) / `-A` (hidden names but not `.` and `..`).
    all: bool,
    almost_all: bool,
    paths: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum LsOpt {
    All,
    AlmostAll,
    /// `-1`: one name a line, as ls writes to a pipe anyway.
    One,
    No(&'static str),
}

/// GNU ls's options (coreutils 9.1) that netbook knows; the long listing
/// and the sorting options need metadata the simulated files lack.
const LS_OPTS: &[Opt<LsOpt>] = &[
    Opt::flag('a', "all", LsOpt::All),
    Opt::flag('A', "almost-all", LsOpt::AlmostAll),
    Opt::short('1', LsOpt::One),
    Opt::short('l', LsOpt::No("-l")),
    Opt::flag('d', "directory", LsOpt::No("-d")),
    Opt::flag('F', "classify", LsOpt::No("-F")),
    Opt::flag('h', "human-readable", LsOpt::No("-h")),
    Opt::flag('i', "inode", LsOpt::No("-i")),
    Opt::flag('R', "recursive", LsOpt::No("-R")),
    Opt::flag('r', "reverse", LsOpt::No("-r")),
    Opt::flag('s', "size", LsOpt::No("-s")),
    Opt::short('S', LsOpt::No("-S")),
    Opt::short('t', LsOpt::No("-t")),
    Opt::short('C', LsOpt::No("-C")),
    Opt::short('x', LsOpt::No("-x")),
    Opt::flag('Q', "quote-name", LsOpt::No("-Q")),
    Opt::flag('n', "numeric-uid-gid", LsOpt::No("-n")),
    Opt::long_optional("color", LsOpt::No("--color")),
    Opt::long("help", LsOpt::No("--help")),
    Opt::long("version", LsOpt::No("--version")),
];

fn parse_ls(argv: &[String]) -> Result<LsArgs, CmdOutput> {
    let items = args::parse(LS_OPTS, argv).map_err(|e| opt_error("ls", &e, 2))?;
    let mut o = LsArgs::default();
    for item in items {
        match item {
            Item::Operand(p) => o.paths.push(p),
            Item::Flag(LsOpt::All) => o.all = true,
            Item::Flag(LsOpt::AlmostAll) => o.almost_all = true,
            Item::Flag(LsOpt::No(n)) | Item::Value(LsOpt::No(n), _) => {
                return Err(not_simulated("ls", n, 2))
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    Ok(o)
}

/// `ls`
pub fn ls(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    parse_ls(args).map_or_else(|e| e, |o| run_ls(ctx, &o))
}

fn run_ls(ctx: &mut Ctx, o: &LsArgs) -> CmdOutput {
    let paths = if o.paths.is_empty() {
        vec!["/root".to_string()]
    } else {
        o.paths.clone()
    };
    let mut out = CmdOutput::default();
    let several = paths.len() > 1;
    let mut first = true;
    for p in &paths {
        match ctx.world.fs.list(p) {
            Ok(names) => {
                let dir = ctx.world.fs.is_dir(p);
                if several && dir {
                    let gap = if first { "" } else { "\n" };
                    out.stdout.push_str(&format!("{gap}{p}:\n"));
                }
                first = false;
                if dir && o.all {
                    out.stdout.push_str(".\n..\n");
                }
                for n in names {
                    if dir && n.starts_with('.') && !(o.all || o.almost_all) {
                        continue;
                    }
                    out.stdout.push_str(&n);
                    out.stdout.push('\n');
                }
            }
            Err(_) => {
                out.stderr.push_str(&format!(
                    "ls: cannot access '{p}': No such file or directory\n"
                ));
                out.status = 2;
            }
        }
    }
    out
}

/// What `touch` was asked to touch.
#[derive(Debug, Default)]
struct TouchArgs {
    no_create: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum TouchOpt {
    NoCreate,
    /// `-a`, `-m`, `-f`, `-h`: which time changes; simulated files have
    /// no times.
    Times,
    No(&'static str),
}

/// GNU touch's options (coreutils 9.1).
const TOUCH_OPTS: &[Opt<TouchOpt>] = &[
    Opt::short('a', TouchOpt::Times),
    Opt::flag('c', "no-create", TouchOpt::NoCreate),
    Opt::with_value('d', "date", TouchOpt::No("-d")),
    Opt::short('f', TouchOpt::Times),
    Opt::flag('h', "no-dereference", TouchOpt::Times),
    Opt::short('m', TouchOpt::Times),
    Opt::with_value('r', "reference", TouchOpt::No("-r")),
    Opt::value('t', TouchOpt::No("-t")),
    Opt::long_value("time", TouchOpt::No("--time")),
    Opt::long("help", TouchOpt::No("--help")),
    Opt::long("version", TouchOpt::No("--version")),
];

fn parse_touch(argv: &[String]) -> Result<TouchArgs, CmdOutput> {
    let items = args::parse(TOUCH_OPTS, argv).map_err(|e| opt_error("touch", &e, 1))?;
    let mut o = TouchArgs::default();
    for item in items {
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(TouchOpt::NoCreate) => o.no_create = true,
            Item::Flag(TouchOpt::No(n)) | Item::Value(TouchOpt::No(n), _) => {
                return Err(not_simulated("touch", n, 1))
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    if o.files.is_empty() {
        return Err(usage_error("touch", "missing file operand", 1));
    }
    Ok(o)
}

/// `touch`
pub fn touch(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = match parse_touch(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let mut out = CmdOutput::default();
    for p in &o.files {
        if o.no_create || ctx.world.fs.exists(p) {
            continue;
        }
        if let Err(e) = ctx.world.write_file(ctx.netns.as_deref(), p, "", true) {
            out.stderr.push_str(&format!(
                "touch: cannot touch '{p}': {}\n",
                reason(&e.to_string())
            ));
            out.status = 1;
        }
    }
    out
}

fn reason(msg: &str) -> &str {
    if msg.ends_with("Directory nonexistent") {
        "No such file or directory"
    } else {
        msg.rsplit(": ").next().unwrap_or(msg)
    }
}
