//! `dmesg` (util-linux 2.38.1): the kernel ring buffer, which holds what
//! iptables' LOG target wrote. The log is host-wide, and LOG is silent in
//! other network namespaces unless net.netfilter.nf_log_all_netns=1.

use super::args::{self, Item, Opt};
use super::gnu::{opt_error, usage_error};
use super::{CmdOutput, Command, Ctx};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "dmesg",
    summary: "print the kernel ring buffer (LOG target messages)",
    summary_ko: "커널 로그(LOG 타깃이 남긴 메시지)를 출력합니다",
    usage: "dmesg [-c|--read-clear] [-C|--clear] [-V|--version]",
    run: dmesg,
    complete: None,
}];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    ReadClear,
    Clear,
    Version,
    No(&'static str),
}

/// util-linux dmesg's getopt_long table.
const OPTS: &[Opt<Key>] = &[
    Opt::with_value('s', "buffer-size", Key::No("-s")),
    Opt::flag('C', "clear", Key::Clear),
    Opt::optional('L', "color", Key::No("-L")),
    Opt::with_value('n', "console-level", Key::No("-n")),
    Opt::flag('D', "console-off", Key::No("-D")),
    Opt::flag('E', "console-on", Key::No("-E")),
    Opt::flag('x', "decode", Key::No("-x")),
    Opt::with_value('F', "file", Key::No("-F")),
    Opt::with_value('f', "facility", Key::No("-f")),
    Opt::flag('w', "follow", Key::No("-w")),
    Opt::flag('W', "follow-new", Key::No("-W")),
    Opt::flag('H', "human", Key::No("-H")),
    Opt::flag('h', "help", Key::No("--help")),
    Opt::flag('J', "json", Key::No("-J")),
    Opt::flag('k', "kernel", Key::No("-k")),
    Opt::with_value('l', "level", Key::No("-l")),
    Opt::long_value("since", Key::No("--since")),
    Opt::flag('S', "syslog", Key::No("-S")),
    Opt::flag('r', "raw", Key::No("-r")),
    Opt::flag('c', "read-clear", Key::ReadClear),
    Opt::flag('e', "reltime", Key::No("-e")),
    Opt::flag('d', "show-delta", Key::No("-d")),
    Opt::flag('T', "ctime", Key::No("-T")),
    Opt::long("noescape", Key::No("--noescape")),
    Opt::flag('t', "notime", Key::No("-t")),
    Opt::flag('P', "nopager", Key::No("-P")),
    Opt::long_value("until", Key::No("--until")),
    Opt::flag('u', "userspace", Key::No("-u")),
    Opt::flag('V', "version", Key::Version),
    Opt::long_value("time-format", Key::No("--time-format")),
    Opt::flag('p', "force-prefix", Key::No("-p")),
];

/// What `dmesg` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Read { clear: bool },
    Clear,
    Version,
}

fn parse(argv: &[String]) -> Result<Op, CmdOutput> {
    let items = args::parse(OPTS, argv).map_err(|e| opt_error("dmesg", &e, 1))?;
    let mut op = Op::Read { clear: false };
    for item in items {
        match item {
            Item::Operand(_) => return Err(usage_error("dmesg", "bad usage", 1)),
            Item::Flag(Key::ReadClear) => op = Op::Read { clear: true },
            Item::Flag(Key::Clear) => op = Op::Clear,
            Item::Flag(Key::Version) => op = Op::Version,
            Item::Flag(Key::No(o)) | Item::Value(Key::No(o), _) => {
                return Err(super::not_simulated("dmesg", o, 1))
            }
            Item::Value(..) => {}
        }
    }
    Ok(op)
}

fn dmesg(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let op = match parse(args) {
        Ok(op) => op,
        Err(e) => return e,
    };
    let clear = match op {
        Op::Version => return CmdOutput::text("dmesg from util-linux 2.38.1\n"),
        Op::Clear => {
            ctx.world.netfilter_mut(None).dmesg.clear();
            return CmdOutput::default();
        }
        Op::Read { clear } => clear,
    };
    let nf = ctx.world.netfilter(None);
    let mut text = String::new();
    for l in &nf.dmesg {
        text.push_str(l);
        text.push('\n');
    }
    let others_logged = ctx
        .world
        .netfilter
        .iter()
        .any(|(k, v)| k.is_some() && !v.dmesg.is_empty());
    if clear {
        ctx.world.netfilter_mut(None).dmesg.clear();
    }
    let out = CmdOutput::text(text);
    if others_logged {
        out.with_hint("LOG rules inside network namespaces do not reach dmesg unless net.netfilter.nf_log_all_netns=1")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn parses_as_util_linux_dmesg() {
        let p = |s: &str| parse(&words(s));
        assert_eq!(p(""), Ok(Op::Read { clear: false }));
        assert_eq!(p("--read"), Ok(Op::Read { clear: true }));
        assert_eq!(p("-C"), Ok(Op::Clear));
        let err = |s: &str| p(s).unwrap_err().stderr;
        assert_eq!(
            err("-z"),
            "dmesg: invalid option -- 'z'\nTry 'dmesg --help' for more information.\n"
        );
        assert_eq!(
            err("-l"),
            "dmesg: option requires an argument -- 'l'\nTry 'dmesg --help' for more information.\n"
        );
        assert_eq!(
            err("a"),
            "dmesg: bad usage\nTry 'dmesg --help' for more information.\n"
        );
        assert!(err("-T").contains("not simulated"));
    }
}
