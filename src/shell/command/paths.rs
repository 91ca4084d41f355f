//! `basename` and `dirname` (GNU coreutils 9.1): string operations on a
//! file name, which never look at the file tree. They follow gnulib's
//! `last_component`, `base_name` and `dir_len`, so `basename a/b//` is
//! `b` and `dirname //` is `/`.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "basename",
        summary: "strip directory and suffix from filenames",
        summary_ko: "경로에서 디렉터리 부분(과 접미사)을 떼고 파일 이름만 출력합니다",
        usage: "basename NAME [SUFFIX] | basename [-a] [-s SUFFIX] [-z] NAME...",
        run: basename,
        complete: None,
    },
    Command {
        name: "dirname",
        summary: "strip last component from file name",
        summary_ko: "경로에서 마지막 부분을 떼고 디렉터리 부분만 출력합니다",
        usage: "dirname [-z] NAME...",
        run: dirname,
        complete: None,
    },
];

/// Where the last component of `name` starts (gnulib `last_component`):
/// after the last run of slashes that is followed by something.
fn last_component(name: &str) -> usize {
    let b = name.as_bytes();
    let mut base = b.iter().take_while(|&&c| c == b'/').count();
    let mut after_slash = false;
    for (i, &c) in b.iter().enumerate().skip(base) {
        if c == b'/' {
            after_slash = true;
        } else if after_slash {
            base = i;
            after_slash = false;
        }
    }
    base
}

/// `name` without its trailing slashes, keeping one when it is all slashes.
fn strip_trailing_slashes(name: &str) -> &str {
    let t = name.trim_end_matches('/');
    if t.is_empty() && !name.is_empty() {
        "/"
    } else {
        t
    }
}

/// The last component of `name`, `/` for a root and `` for ``; without
/// `suffix` at its end when a relative name is longer than it.
pub(crate) fn base_name<'a>(name: &'a str, suffix: Option<&str>) -> &'a str {
    let start = last_component(name);
    let base = strip_trailing_slashes(&name[start..]);
    let base = if base.is_empty() {
        strip_trailing_slashes(name)
    } else {
        base
    };
    match suffix {
        Some(s) if !base.starts_with('/') && base.len() > s.len() => {
            base.strip_suffix(s).unwrap_or(base)
        }
        _ => base,
    }
}

/// The directory part of `name` (gnulib `dir_len`), `.` when it has none.
pub(crate) fn dir_name(name: &str) -> &str {
    let prefix = usize::from(name.starts_with('/'));
    let mut len = last_component(name);
    while len > prefix && name.as_bytes()[len - 1] == b'/' {
        len -= 1;
    }
    if len == 0 {
        "."
    } else {
        &name[..len]
    }
}

#[derive(Debug, Clone, Copy)]
enum BaseOpt {
    Multiple,
    Suffix,
    Zero,
}

/// A `basename` command line.
#[derive(Debug, Default)]
struct BasenameArgs {
    multiple: bool,
    suffix: Option<String>,
    zero: bool,
    names: Vec<String>,
}

impl GnuArgs for BasenameArgs {
    type Key = BaseOpt;
    const TOOL: &'static str = "basename";
    /// basename's getopt string is `+as:z`: options end at the first name.
    const IN_ORDER: bool = true;
    const OPTS: &'static [Opt<BaseOpt>] = &[
        Opt::flag('a', "multiple", BaseOpt::Multiple),
        Opt::with_value('s', "suffix", BaseOpt::Suffix),
        Opt::flag('z', "zero", BaseOpt::Zero),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<BaseOpt>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(n) => self.names.push(n),
            Item::Flag(BaseOpt::Multiple) => self.multiple = true,
            Item::Flag(BaseOpt::Zero) => self.zero = true,
            Item::Value(BaseOpt::Suffix, s) => (self.suffix, self.multiple) = (Some(s), true),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        if self.names.is_empty() {
            return Err(usage_error("basename", "missing operand", 1));
        }
        if !self.multiple {
            if let Some(extra) = self.names.get(2) {
                return Err(usage_error(
                    "basename",
                    &format!("extra operand '{extra}'"),
                    1,
                ));
            }
            // `basename NAME SUFFIX`: the second word is the suffix.
            if self.names.len() == 2 {
                self.suffix = self.names.pop();
            }
        }
        Ok(self)
    }
}

/// The line end of `-z`.
fn end(zero: bool) -> char {
    if zero {
        '\0'
    } else {
        '\n'
    }
}

/// `basename NAME [SUFFIX]`, `basename -a|-s SUFFIX NAME...`
pub fn basename(_: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match BasenameArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    // An empty suffix strips nothing.
    let suffix = a.suffix.as_deref().filter(|s| !s.is_empty());
    let text = a
        .names
        .iter()
        .map(|n| format!("{}{}", base_name(n, suffix), end(a.zero)))
        .collect::<String>();
    CmdOutput::text(text)
}

/// A `dirname` command line.
#[derive(Debug, Default)]
struct DirnameArgs {
    zero: bool,
    names: Vec<String>,
}

impl GnuArgs for DirnameArgs {
    type Key = ();
    const TOOL: &'static str = "dirname";
    const OPTS: &'static [Opt<()>] = &[
        Opt::flag('z', "zero", ()),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<()>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(n) => self.names.push(n),
            Item::Flag(()) | Item::Value(..) => self.zero = true,
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        if self.names.is_empty() {
            return Err(usage_error("dirname", "missing operand", 1));
        }
        Ok(self)
    }
}

/// `dirname [-z] NAME...`
pub fn dirname(_: &mut Ctx, args: &[String]) -> CmdOutput {
    match DirnameArgs::parse(args) {
        Ok(a) => CmdOutput::text(
            a.names
                .iter()
                .map(|n| format!("{}{}", dir_name(n), end(a.zero)))
                .collect::<String>(),
        ),
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn names_split_as_gnulib_splits_them() {
        for (name, base, dir) in [
            ("a/b//", "b", "a"),
            ("/", "/", "/"),
            ("//", "/", "/"),
            ("", "", "."),
            ("a", "a", "."),
            ("/a", "a", "/"),
            ("a//b", "b", "a"),
            ("//a", "a", "/"),
            ("/run/netns/ns1", "ns1", "/run/netns"),
        ] {
            assert_eq!(base_name(name, None), base, "basename {name:?}");
            assert_eq!(dir_name(name), dir, "dirname {name:?}");
        }
        assert_eq!(base_name("a.c", Some(".c")), "a");
        assert_eq!(base_name(".c", Some(".c")), ".c");
        assert_eq!(base_name("/", Some("/")), "/");
    }

    #[test]
    fn basename_reads_options_only_before_the_names() {
        let a = BasenameArgs::parse(&words("-a x -s y")).unwrap();
        assert_eq!(a.names, ["x", "-s", "y"]);
        let a = BasenameArgs::parse(&words("x.c .c")).unwrap();
        assert_eq!((a.names, a.suffix), (vec!["x.c".into()], Some(".c".into())));
        let e = BasenameArgs::parse(&words("a b c")).unwrap_err();
        assert_eq!(
            e.stderr,
            "basename: extra operand 'c'\nTry 'basename --help' for more information.\n"
        );
        let e = DirnameArgs::parse(&words("--version")).unwrap_err();
        assert_eq!(e.stderr, "netbook: dirname --version is not simulated\n");
    }
}
