//! The file tools around a lab: `cat`, `ls`, `mkdir`, `touch`, worded as
//! GNU coreutils 9.1 words them, on the simulated file system.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::{not_simulated, usage_error};
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::coreutils::inputs;
use crate::shell::command::gnu::GnuArgs;
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
    NonPrinting,
}

impl GnuArgs for CatArgs {
    type Key = CatOpt;
    const TOOL: &'static str = "cat";
    /// GNU cat's options (coreutils 9.1).
    const OPTS: &'static [Opt<CatOpt>] = &[
        Opt::flag('A', "show-all", CatOpt::All),
        Opt::flag('b', "number-nonblank", CatOpt::NonBlank),
        Opt::short('e', CatOpt::VE),
        Opt::flag('E', "show-ends", CatOpt::Ends),
        Opt::flag('n', "number", CatOpt::Number),
        Opt::flag('s', "squeeze-blank", CatOpt::Squeeze),
        Opt::short('t', CatOpt::VT),
        Opt::flag('T', "show-tabs", CatOpt::Tabs),
        // GNU cat ignores it too: its output is never buffered.
        Form::short('u').ignored(),
        Opt::flag('v', "show-nonprinting", CatOpt::NonPrinting),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<CatOpt>) -> Result<(), CmdOutput> {
        let o = self;
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
            Item::Value(..) => {}
        }
        Ok(())
    }
}

/// `cat`
pub fn cat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    CatArgs::parse(args).map_or_else(|e| e, |o| run_cat(ctx, &o))
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
}

impl GnuArgs for MkdirArgs {
    type Key = MkdirOpt;
    const TOOL: &'static str = "mkdir";
    /// GNU mkdir's options (coreutils 9.1); `-Z` sets SELinux contexts,
    /// which this kernel does not have.
    const OPTS: &'static [Opt<MkdirOpt>] = &[
        Opt::with_value('m', "mode", MkdirOpt::Mode),
        Opt::flag('p', "parents", MkdirOpt::Parents),
        Opt::flag('v', "verbose", MkdirOpt::Verbose),
        Form::short('Z').refused(),
        Form::long_optional("context").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<MkdirOpt>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(d) => self.dirs.push(d),
            Item::Value(MkdirOpt::Mode, m) => match u16::from_str_radix(&m, 8) {
                Ok(v) if v <= 0o7777 && !m.is_empty() => self.mode = Some(v),
                // Symbolic modes (`u+rwx`) are chmod's language.
                _ if m.chars().all(|c| "ugoa+-=rwxXst,".contains(c)) && !m.is_empty() => {
                    return Err(not_simulated("mkdir", &format!("-m {m}"), 1))
                }
                _ => return Err(CmdOutput::usage(1, format!("mkdir: invalid mode ‘{m}’\n"))),
            },
            Item::Flag(MkdirOpt::Parents) => self.parents = true,
            Item::Flag(MkdirOpt::Verbose) => self.verbose = true,
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.dirs.is_empty() {
            return Err(usage_error("mkdir", "missing operand", 1));
        }
        Ok(self)
    }
}

/// `mkdir`
pub fn mkdir(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    MkdirArgs::parse(args).map_or_else(|e| e, |o| run_mkdir(ctx, &o))
}

fn run_mkdir(ctx: &mut Ctx, o: &MkdirArgs) -> CmdOutput {
    let mut out = CmdOutput::default();
    let fs = &mut ctx.world.fs;
    for d in &o.dirs {
        let existed = fs.is_dir(d);
        if o.parents {
            // -v names each directory -p creates, parents first, as the
            // operand spells it.
            let mut missing = Vec::new();
            let mut at = String::from(if d.starts_with('/') { "/" } else { "" });
            for part in d.split('/').filter(|s| !s.is_empty()) {
                if !at.is_empty() && !at.ends_with('/') {
                    at.push('/');
                }
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
                for m in &missing {
                    out.stdout
                        .push_str(&format!("mkdir: created directory '{m}'\n"));
                }
            }
        } else if fs.exists(d) {
            out.stderr.push_str(&format!(
                "mkdir: cannot create directory ‘{d}’: File exists\n"
            ));
            out.status = 1;
            continue;
        } else {
            let p = fs.abs(d);
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
}

impl GnuArgs for LsArgs {
    type Key = LsOpt;
    const TOOL: &'static str = "ls";
    const STATUS: i32 = 2;
    /// GNU ls's options (coreutils 9.1) that netbook knows; the long
    /// listing and the sorting options need metadata the simulated files
    /// lack.
    const OPTS: &'static [Opt<LsOpt>] = &[
        Opt::flag('a', "all", LsOpt::All),
        Opt::flag('A', "almost-all", LsOpt::AlmostAll),
        // One name a line, as ls writes to a pipe anyway.
        Form::short('1').ignored(),
        Form::short('l').refused(),
        Form::flag('d', "directory").refused(),
        Form::flag('F', "classify").refused(),
        Form::flag('h', "human-readable").refused(),
        Form::flag('i', "inode").refused(),
        Form::flag('R', "recursive").refused(),
        Form::flag('r', "reverse").refused(),
        Form::flag('s', "size").refused(),
        Form::short('S').refused(),
        Form::short('t').refused(),
        Form::short('C').refused(),
        Form::short('x').refused(),
        Form::flag('Q', "quote-name").refused(),
        Form::flag('n', "numeric-uid-gid").refused(),
        Form::long_optional("color").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<LsOpt>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(p) => self.paths.push(p),
            Item::Flag(LsOpt::All) => self.all = true,
            Item::Flag(LsOpt::AlmostAll) => self.almost_all = true,
            Item::Value(..) => {}
        }
        Ok(())
    }
}

/// `ls`
pub fn ls(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    LsArgs::parse(args).map_or_else(|e| e, |o| run_ls(ctx, &o))
}

fn run_ls(ctx: &mut Ctx, o: &LsArgs) -> CmdOutput {
    let paths = if o.paths.is_empty() {
        vec![".".to_string()]
    } else {
        o.paths.clone()
    };
    let mut out = CmdOutput::default();
    let several = paths.len() > 1;
    let mut first = true;
    for p in &paths {
        let netns = ctx.netns.as_deref();
        match ctx.world.list_dir(netns, p) {
            Ok(mut names) => {
                let dir = ctx.world.is_dir_at(netns, p);
                names.sort();
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
            // A device's sysfs directory: its files are read one by one.
            Err(_) if ctx.world.is_dir_at(netns, p) => {
                out.stderr += &format!("netbook: ls {p} is not simulated\n");
                out.status = 2;
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
}

impl GnuArgs for TouchArgs {
    type Key = TouchOpt;
    const TOOL: &'static str = "touch";
    /// GNU touch's options (coreutils 9.1); `-a`, `-m`, `-f` and `-h`
    /// choose which times change, and simulated files have no times.
    const OPTS: &'static [Opt<TouchOpt>] = &[
        Form::short('a').ignored(),
        Opt::flag('c', "no-create", TouchOpt::NoCreate),
        Form::with_value('d', "date").refused(),
        Form::short('f').ignored(),
        Form::flag('h', "no-dereference").ignored(),
        Form::short('m').ignored(),
        Form::with_value('r', "reference").refused(),
        Form::value('t').refused(),
        Form::long_value("time").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<TouchOpt>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(f) => self.files.push(f),
            Item::Flag(TouchOpt::NoCreate) => self.no_create = true,
            Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.files.is_empty() {
            return Err(usage_error("touch", "missing file operand", 1));
        }
        Ok(self)
    }
}

/// `touch`
pub fn touch(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = match TouchArgs::parse(args) {
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
