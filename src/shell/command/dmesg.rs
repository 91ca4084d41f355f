//! `dmesg` (util-linux 2.38.1): the kernel ring buffer, which holds what
//! iptables' LOG target wrote. The log is host-wide, and LOG is silent in
//! other network namespaces unless net.netfilter.nf_log_all_netns=1.

use super::args::{Form, Item, Opt};
use super::gnu::{usage_error, GnuArgs};
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
}

/// What `dmesg` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Read { clear: bool },
    Clear,
    Version,
}

impl Default for Op {
    fn default() -> Self {
        Op::Read { clear: false }
    }
}

impl GnuArgs for Op {
    type Key = Key;
    const TOOL: &'static str = "dmesg";
    /// util-linux dmesg's getopt_long table.
    const OPTS: &'static [Opt<Key>] = &[
        Form::with_value('s', "buffer-size").refused(),
        Opt::flag('C', "clear", Key::Clear),
        Form::optional('L', "color").refused(),
        Form::with_value('n', "console-level").refused(),
        Form::flag('D', "console-off").refused(),
        Form::flag('E', "console-on").refused(),
        Form::flag('x', "decode").refused(),
        Form::with_value('F', "file").refused(),
        Form::with_value('f', "facility").refused(),
        Form::flag('w', "follow").refused(),
        Form::flag('W', "follow-new").refused(),
        Form::flag('H', "human").refused(),
        Form::flag('h', "help").refused(),
        Form::flag('J', "json").refused(),
        Form::flag('k', "kernel").refused(),
        Form::with_value('l', "level").refused(),
        Form::long_value("since").refused(),
        Form::flag('S', "syslog").refused(),
        Form::flag('r', "raw").refused(),
        Opt::flag('c', "read-clear", Key::ReadClear),
        Form::flag('e', "reltime").refused(),
        Form::flag('d', "show-delta").refused(),
        Form::flag('T', "ctime").refused(),
        Form::long("noescape").refused(),
        Form::flag('t', "notime").refused(),
        Form::flag('P', "nopager").refused(),
        Form::long_value("until").refused(),
        Form::flag('u', "userspace").refused(),
        Opt::flag('V', "version", Key::Version),
        Form::long_value("time-format").refused(),
        Form::flag('p', "force-prefix").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        match item {
            Item::Operand(_) => return Err(usage_error("dmesg", "bad usage", 1)),
            Item::Flag(Key::ReadClear) => *self = Op::Read { clear: true },
            Item::Flag(Key::Clear) => *self = Op::Clear,
            Item::Flag(Key::Version) => *self = Op::Version,
            Item::Value(..) => {}
        }
        Ok(())
    }
}

fn dmesg(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let op = match Op::parse(args) {
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
        let p = |s: &str| Op::parse(&words(s));
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
        assert_eq!(err("-T --human"), "netbook: dmesg -T is not simulated\n");
        assert_eq!(err("--he"), "netbook: dmesg --help is not simulated\n");
    }
}
