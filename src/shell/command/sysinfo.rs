//! Who and what the simulated host is: `whoami`, `id` and `uname`
//! (GNU coreutils 9.1). Every shell and process is root on a Debian 12
//! kernel (the release modprobe names); the node name is the host name.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
use super::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "whoami",
        summary: "print the effective user name",
        summary_ko: "지금 사용자 이름을 보여줍니다 (netbook에서는 언제나 root)",
        usage: "whoami",
        run: whoami,
        complete: None,
    },
    Command {
        name: "id",
        summary: "print user and group ids",
        summary_ko: "사용자와 그룹의 id를 보여줍니다",
        usage: "id [-u|-g|-G] [-n] [USER]",
        run: id,
        complete: None,
    },
    Command {
        name: "uname",
        summary: "print system information (kernel name, release, machine)",
        summary_ko: "시스템 정보(커널 이름, 릴리스, 머신)를 보여줍니다",
        usage: "uname [-asnrvmo]",
        run: uname,
        complete: None,
    },
];

/// The kernel release, as modprobe's module directory names it.
const RELEASE: &str = "6.1.0-27-amd64";
/// Debian 12's build string for that release.
const VERSION: &str = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)";

#[derive(Debug, Default)]
struct WhoamiArgs {
    extra: Option<String>,
}

impl GnuArgs for WhoamiArgs {
    type Key = ();
    const TOOL: &'static str = "whoami";
    const OPTS: &'static [Opt<()>] = &[
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<()>) -> Result<(), CmdOutput> {
        if let Item::Operand(o) = item {
            self.extra.get_or_insert(o);
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        match &self.extra {
            Some(o) => Err(usage_error("whoami", &format!("extra operand ‘{o}’"), 1)),
            None => Ok(self),
        }
    }
}

fn whoami(_: &mut Ctx, args: &[String]) -> CmdOutput {
    match WhoamiArgs::parse(args) {
        Ok(_) => CmdOutput::text("root\n".to_string()),
        Err(e) => e,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdKey {
    User,
    Group,
    Groups,
    Name,
    Real,
}

#[derive(Debug, Default)]
struct IdArgs {
    only: Option<IdKey>,
    name: bool,
    users: Vec<String>,
}

impl GnuArgs for IdArgs {
    type Key = IdKey;
    const TOOL: &'static str = "id";
    /// GNU id's options; `-a` is ignored, as id itself does; contexts
    /// (`-Z`) and NUL-ended output are not simulated.
    const OPTS: &'static [Opt<IdKey>] = &[
        Form::short('a').ignored(),
        Form::flag('Z', "context").refused(),
        Opt::flag('g', "group", IdKey::Group),
        Opt::flag('G', "groups", IdKey::Groups),
        Opt::flag('n', "name", IdKey::Name),
        Opt::flag('r', "real", IdKey::Real),
        Opt::flag('u', "user", IdKey::User),
        Form::flag('z', "zero").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<IdKey>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(u) => self.users.push(u),
            Item::Flag(IdKey::Name) => self.name = true,
            Item::Flag(IdKey::Real) => {}
            Item::Flag(k) => {
                if self.only.is_some_and(|o| o != k) {
                    return Err(CmdOutput::usage(
                        1,
                        "id: cannot print \"only\" of more than one choice\n",
                    ));
                }
                self.only = Some(k);
            }
            Item::Value(..) => {}
        }
        Ok(())
    }
}

fn id(_: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match IdArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if a.name && a.only.is_none() {
        return CmdOutput::usage(
            1,
            "id: cannot print only names or real IDs in default format\n",
        );
    }
    // The only account the simulated host has (and its uid).
    let mut out = CmdOutput::default();
    for u in &a.users {
        if u != "root" && u != "0" {
            out.stderr += &format!("id: ‘{u}’: no such user\n");
            out.status = 1;
        }
    }
    if out.status != 0 {
        return out;
    }
    let line = match (a.only, a.name) {
        (None, _) => "uid=0(root) gid=0(root) groups=0(root)",
        (Some(_), true) => "root",
        (Some(_), false) => "0",
    };
    for _ in 0..a.users.len().max(1) {
        out.stdout += line;
        out.stdout.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Kernel,
    Node,
    Release,
    Version,
    Machine,
    Processor,
    Platform,
    Os,
    All,
}

#[derive(Debug, Default)]
struct UnameArgs {
    fields: Vec<Field>,
    extra: Option<String>,
}

impl GnuArgs for UnameArgs {
    type Key = Field;
    const TOOL: &'static str = "uname";
    const OPTS: &'static [Opt<Field>] = &[
        Opt::flag('a', "all", Field::All),
        Opt::flag('s', "kernel-name", Field::Kernel),
        Opt::flag('n', "nodename", Field::Node),
        Opt::flag('r', "kernel-release", Field::Release),
        Opt::flag('v', "kernel-version", Field::Version),
        Opt::flag('m', "machine", Field::Machine),
        Opt::flag('p', "processor", Field::Processor),
        Opt::flag('i', "hardware-platform", Field::Platform),
        Opt::flag('o', "operating-system", Field::Os),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Field>) -> Result<(), CmdOutput> {
        match item {
            Item::Flag(f) => self.fields.push(f),
            Item::Operand(o) => {
                self.extra.get_or_insert(o);
            }
            Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(self) -> Result<Self, CmdOutput> {
        match &self.extra {
            Some(o) => Err(usage_error("uname", &format!("extra operand ‘{o}’"), 1)),
            None => Ok(self),
        }
    }
}

fn uname(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match UnameArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let node = ctx
        .world
        .read_file(None, "/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    let all = a.fields.contains(&Field::All);
    let has = |f: Field| {
        a.fields.contains(&f) || (all && !matches!(f, Field::Processor | Field::Platform))
    };
    let mut words: Vec<&str> = Vec::new();
    // coreutils prints in this order whatever the options' order.
    let order = [
        (Field::Kernel, "Linux"),
        (Field::Node, node.as_str()),
        (Field::Release, RELEASE),
        (Field::Version, VERSION),
        (Field::Machine, "x86_64"),
        (Field::Processor, "unknown"),
        (Field::Platform, "unknown"),
        (Field::Os, "GNU/Linux"),
    ];
    for (f, w) in order {
        if has(f) {
            words.push(w);
        }
    }
    if words.is_empty() {
        words.push("Linux");
    }
    CmdOutput::text(format!("{}\n", words.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn parses_as_coreutils() {
        assert!(UnameArgs::parse(&words("-sr")).is_ok());
        let e = UnameArgs::parse(&words("-a x")).unwrap_err();
        assert!(e.stderr.starts_with("uname: extra operand ‘x’\n"));
        let e = IdArgs::parse(&words("-u -g")).unwrap_err();
        assert!(e
            .stderr
            .contains("cannot print \"only\" of more than one choice"));
        assert!(WhoamiArgs::parse(&words("x")).is_err());
    }
}
