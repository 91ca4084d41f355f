//! `conntrack` (conntrack-tools 1.4.7): its getopt_long grammar, with the
//! tool's own messages (it sets `opterr = 0`) and the port options that
//! `-p tcp`/`-p udp` merge into the table, read into [`CtArgs`] before
//! the table is touched.

use super::super::{CmdOutput, Ctx};
use crate::display::netfilter as view;
use crate::display::MimeBundle;
use crate::sim::netfilter::rule::Proto;
use core::net::Ipv4Addr;

const CT_PREFIX: &str = "conntrack v1.4.7 (conntrack-tools)";

/// What one conntrack line asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CtCmd {
    List,
    Delete,
    Flush,
    Count,
    Version,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Cmd(CtCmd),
    Src,
    Dst,
    Proto,
    Family,
    Sport,
    Dport,
    /// In conntrack's table but not modelled here.
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    No,
    Required,
    /// `-L [table]`: attached, or the next word if it is no option.
    Optional,
}

/// conntrack.c's `original_opts` (long name, short letter, argument),
/// so abbreviations resolve against every name the real tool knows.
const OPTS: &[(&str, Option<char>, Arg, Key)] = &[
    ("dump", Some('L'), Arg::Optional, Key::Cmd(CtCmd::List)),
    ("create", Some('I'), Arg::Optional, Key::Other),
    ("delete", Some('D'), Arg::Optional, Key::Cmd(CtCmd::Delete)),
    ("update", Some('U'), Arg::Optional, Key::Other),
    ("get", Some('G'), Arg::Optional, Key::Other),
    ("flush", Some('F'), Arg::Optional, Key::Cmd(CtCmd::Flush)),
    ("event", Some('E'), Arg::Optional, Key::Other),
    ("counter", Some('C'), Arg::Optional, Key::Cmd(CtCmd::Count)),
    ("stats", Some('S'), Arg::Optional, Key::Other),
    ("version", Some('V'), Arg::No, Key::Cmd(CtCmd::Version)),
    ("help", Some('h'), Arg::No, Key::Cmd(CtCmd::Help)),
    ("orig-src", Some('s'), Arg::Required, Key::Src),
    ("src", Some('s'), Arg::Required, Key::Src),
    ("orig-dst", Some('d'), Arg::Required, Key::Dst),
    ("dst", Some('d'), Arg::Required, Key::Dst),
    ("reply-src", Some('r'), Arg::Required, Key::Other),
    ("reply-dst", Some('q'), Arg::Required, Key::Other),
    ("protonum", Some('p'), Arg::Required, Key::Proto),
    ("timeout", Some('t'), Arg::Required, Key::Other),
    ("status", Some('u'), Arg::Required, Key::Other),
    ("zone", Some('w'), Arg::Required, Key::Other),
    ("event-mask", Some('e'), Arg::Required, Key::Other),
    ("tuple-src", None, Arg::Required, Key::Other),
    ("tuple-dst", None, Arg::Required, Key::Other),
    ("mask-src", None, Arg::Required, Key::Other),
    ("mask-dst", None, Arg::Required, Key::Other),
    ("nat-range", None, Arg::Required, Key::Other),
    ("mark", Some('m'), Arg::Required, Key::Other),
    ("secmark", Some('c'), Arg::Required, Key::Other),
    ("id", Some('i'), Arg::Required, Key::Other),
    ("family", Some('f'), Arg::Required, Key::Family),
    ("src-nat", Some('n'), Arg::Optional, Key::Other),
    ("dst-nat", Some('g'), Arg::Optional, Key::Other),
    ("output", Some('o'), Arg::Required, Key::Other),
    ("buffer-size", Some('b'), Arg::Required, Key::Other),
    ("any-nat", Some('j'), Arg::Optional, Key::Other),
    ("zero", Some('z'), Arg::No, Key::Other),
    ("orig-zone", None, Arg::Required, Key::Other),
    ("reply-zone", None, Arg::Required, Key::Other),
    ("label", Some('l'), Arg::Required, Key::Other),
    ("label-add", None, Arg::Required, Key::Other),
    ("label-del", None, Arg::Required, Key::Other),
];

/// What `-p tcp`/`-p udp` add (`extensions/libct_proto_tcp.c`).
const PORT_OPTS: &[(&str, Option<char>, Arg, Key)] = &[
    ("orig-port-src", None, Arg::Required, Key::Sport),
    ("sport", None, Arg::Required, Key::Sport),
    ("orig-port-dst", None, Arg::Required, Key::Dport),
    ("dport", None, Arg::Required, Key::Dport),
    ("reply-port-src", None, Arg::Required, Key::Other),
    ("reply-port-dst", None, Arg::Required, Key::Other),
    ("mask-port-src", None, Arg::Required, Key::Other),
    ("mask-port-dst", None, Arg::Required, Key::Other),
    ("tuple-port-src", None, Arg::Required, Key::Other),
    ("tuple-port-dst", None, Arg::Required, Key::Other),
    ("state", None, Arg::Required, Key::Other),
];

/// An address and prefix length (`-s 10.0.0.0/24`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net(Ipv4Addr, u8);

impl Net {
    fn contains(self, a: Ipv4Addr) -> bool {
        let mask = u32::MAX.checked_shl(32 - u32::from(self.1)).unwrap_or(0);
        u32::from(a) & mask == u32::from(self.0) & mask
    }
}

/// A conntrack command line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CtArgs {
    cmd: CtCmd,
    proto: Option<Proto>,
    src: Option<Net>,
    dst: Option<Net>,
    sport: Option<u16>,
    dport: Option<u16>,
    /// `-f ipv6`: no IPv6 flows are tracked here.
    ipv6: bool,
    table: CtTable,
}

/// `-L [table]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CtTable {
    Conntrack,
    /// Expectations come from helpers, which are not modelled: none.
    Expect,
    /// `dying` and `unconfirmed` only hold flows mid-teardown or
    /// mid-setup, never between two commands here: empty.
    Dying,
}

fn usage(msg: &str) -> CmdOutput {
    CmdOutput::usage(
        2,
        format!(
            "{CT_PREFIX}: {msg}\nTry `conntrack -h' or 'conntrack --help' for more information.\n"
        ),
    )
}

type Spec = (&'static str, Option<char>, Arg, Key);

/// Finds `--name` (exact, or a prefix naming one option) in `table`.
fn long(table: &[Spec], name: &str) -> Option<Spec> {
    if let Some(s) = table.iter().find(|s| s.0 == name) {
        return Some(*s);
    }
    let hits: Vec<&Spec> = table.iter().filter(|s| s.0.starts_with(name)).collect();
    // Aliases (`src`, `orig-src`) are one option to getopt.
    let first = hits.first()?;
    hits.iter()
        .all(|s| s.1 == first.1 && s.3 == first.3 && s.1.is_some())
        .then_some(**first)
        .or_else(|| (hits.len() == 1).then_some(**first))
}

/// Reads argv; an error is conntrack's complete output.
fn parse(argv: &[String]) -> Result<CtArgs, CmdOutput> {
    if argv.is_empty() {
        return Ok(CtArgs {
            cmd: CtCmd::Help,
            ..empty()
        });
    }
    let mut cmd: Option<CtCmd> = None;
    let mut a = empty();
    // Options other than the command, by long name, for -F/-C's check.
    let mut given: Vec<Key> = Vec::new();
    let mut i = 0;
    let mut pending: Vec<String> = Vec::new();
    while i < argv.len() || !pending.is_empty() {
        let word = if pending.is_empty() {
            i += 1;
            argv[i - 1].clone()
        } else {
            pending.remove(0)
        };
        let mut table: Vec<Spec> = OPTS.to_vec();
        if matches!(a.proto, Some(Proto::Tcp | Proto::Udp)) {
            table.extend_from_slice(PORT_OPTS);
        }
        let unknown = || usage(&format!("unknown option `{word}'"));
        let (spec, attached) = if word == "--" {
            break;
        } else if let Some(body) = word.strip_prefix("--") {
            let (name, v) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            (long(&table, name).ok_or_else(unknown)?, v)
        } else if let Some(rest) = word.strip_prefix('-').filter(|r| !r.is_empty()) {
            let c = rest.chars().next().unwrap_or('-');
            let spec = *table
                .iter()
                .find(|s| s.1 == Some(c))
                .ok_or_else(|| usage(&format!("unknown option `-{c}'")))?;
            let tail = &rest[c.len_utf8()..];
            match (tail.is_empty(), spec.2) {
                (true, _) => (spec, None),
                (false, Arg::No) => {
                    pending.insert(0, format!("-{tail}"));
                    (spec, None)
                }
                (false, _) => (spec, Some(tail.to_string())),
            }
        } else {
            // A stray word: conntrack ignores it.
            continue;
        };
        let value = match (spec.2, attached) {
            (Arg::No, _) => None,
            // get_optional_arg() drops an attached value (`-Lp`).
            (Arg::Optional, Some(_)) => None,
            (_, Some(v)) => Some(v),
            (Arg::Required, None) => match pending.is_empty().then(|| argv.get(i)).flatten() {
                Some(v) => {
                    i += 1;
                    Some(v.clone())
                }
                None => return Err(usage(&format!("option `{word}' requires an argument"))),
            },
            (Arg::Optional, None) => match argv
                .get(i)
                .filter(|v| !v.starts_with('-') && !v.starts_with('!'))
            {
                Some(v) if pending.is_empty() => {
                    i += 1;
                    Some(v.clone())
                }
                _ => None,
            },
        };
        let given_value = value.is_some();
        let v = value.unwrap_or_default();
        match spec.3 {
            Key::Cmd(c) => {
                if cmd.is_some_and(|x| x != c) {
                    return Err(usage("Invalid commands combination"));
                }
                cmd = Some(c);
                // check_type(): a prefix of a table name picks it.
                let picked = ["expect", "conntrack", "dying", "unconfirmed"]
                    .into_iter()
                    .find(|t| t.starts_with(v.as_str()));
                a.table = match (picked, given_value) {
                    (_, false) | (Some("conntrack"), _) => CtTable::Conntrack,
                    // Only listing the other tables is modelled.
                    (Some("expect"), _) if c == CtCmd::List => CtTable::Expect,
                    (Some(_), _) if c == CtCmd::List => CtTable::Dying,
                    _ => return Err(usage(&format!("unknown type `{v}'"))),
                };
                continue;
            }
            Key::Other => return Err(unknown()),
            Key::Proto => {
                a.proto = Some(
                    Proto::parse(&v)
                        .flatten()
                        .ok_or_else(|| usage(&format!("`{v}' unsupported protocol")))?,
                );
            }
            Key::Src | Key::Dst => {
                let net =
                    parse_net(&v).ok_or_else(|| usage(&format!("Invalid IP address `{v}'")))?;
                if spec.3 == Key::Src {
                    a.src = Some(net);
                } else {
                    a.dst = Some(net);
                }
            }
            Key::Family => match v.as_str() {
                "ipv4" => a.ipv6 = false,
                "ipv6" => a.ipv6 = true,
                _ => return Err(usage(&format!("`{v}' unsupported protocol"))),
            },
            Key::Sport | Key::Dport => {
                let p = v
                    .parse()
                    .map_err(|_| usage(&format!("Bad parameter `{v}'")))?;
                if spec.3 == Key::Sport {
                    a.sport = Some(p);
                } else {
                    a.dport = Some(p);
                }
            }
        }
        given.push(spec.3);
    }
    let Some(cmd) = cmd else {
        return Err(usage("no command specified"));
    };
    // conntrack.c's commands_v_options: -F takes only -f, -C nothing.
    let illegal = given
        .iter()
        .find(|k| match cmd {
            CtCmd::Flush => **k != Key::Family,
            CtCmd::Count => true,
            _ => false,
        })
        .map(|k| match k {
            Key::Src => "src",
            Key::Dst => "dst",
            Key::Family => "family",
            _ => "protonum",
        });
    if let Some(name) = illegal {
        return Err(usage(&format!(
            "Illegal option `--{name}' with this command"
        )));
    }
    a.cmd = cmd;
    Ok(a)
}

fn empty() -> CtArgs {
    CtArgs {
        cmd: CtCmd::List,
        proto: None,
        src: None,
        dst: None,
        sport: None,
        dport: None,
        ipv6: false,
        table: CtTable::Conntrack,
    }
}

fn parse_net(v: &str) -> Option<Net> {
    let (addr, len) = match v.split_once('/') {
        Some((a, l)) => (a, l.parse().ok().filter(|l| *l <= 32)?),
        None => (v, 32),
    };
    Some(Net(addr.parse().ok()?, len))
}

pub(super) fn conntrack(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    match parse(argv) {
        Ok(a) => run(ctx, &a),
        Err(out) => out,
    }
}

fn run(ctx: &mut Ctx, a: &CtArgs) -> CmdOutput {
    match (a.cmd, a.table) {
        (_, CtTable::Expect) => {
            return CmdOutput {
                stderr: format!("{CT_PREFIX}: 0 expectations have been shown.\n"),
                ..Default::default()
            }
        }
        (_, CtTable::Dying) => {
            return CmdOutput {
                stderr: format!("{CT_PREFIX}: 0 flow entries have been shown.\n"),
                ..Default::default()
            }
        }
        _ => {}
    }
    match a.cmd {
        CtCmd::Version => return CmdOutput::text(format!("{CT_PREFIX}\n")),
        CtCmd::Help => return CmdOutput::text(include_str!("conntrack-help.txt")),
        _ => {}
    }
    let now = ctx.world.now_us;
    let ns = ctx.netns.clone();
    let ct = &mut ctx.world.netfilter_mut(ns.as_deref()).conntrack;
    let selected: Vec<u64> = ct
        .entries(now)
        .into_iter()
        .filter(|(_, c)| {
            let o = c.original;
            !a.ipv6
                && a.proto.is_none_or(|p| p == o.proto)
                && a.src.is_none_or(|n| n.contains(o.src))
                && a.dst.is_none_or(|n| n.contains(o.dst))
                && a.sport.is_none_or(|p| p == o.sport)
                && a.dport.is_none_or(|p| p == o.dport)
        })
        .map(|(id, _)| id)
        .collect();
    match a.cmd {
        CtCmd::Flush => {
            if !a.ipv6 {
                ct.flush();
            }
            CmdOutput {
                stderr: format!("{CT_PREFIX}: connection tracking table has been emptied.\n"),
                ..Default::default()
            }
        }
        CtCmd::Count => CmdOutput::text(format!("{}\n", ct.len(now))),
        CtCmd::List => {
            let conns: Vec<_> = selected.iter().filter_map(|id| ct.get(*id)).collect();
            let text = view::conntrack_text(&conns, now);
            let bundle = if conns.len() == ct.len(now) {
                view::conntrack_bundle(ct, now)
            } else {
                MimeBundle::plain(text)
            };
            let mut out = CmdOutput::rich(bundle);
            out.stderr = format!(
                "{CT_PREFIX}: {} flow entries have been shown.\n",
                selected.len()
            );
            out
        }
        _ => {
            let mut stdout = String::new();
            for id in &selected {
                if let Some(c) = ct.remove(*id) {
                    stdout.push_str(&view::conntrack_line(&c, now));
                    stdout.push('\n');
                }
            }
            let msg = format!(
                "{CT_PREFIX}: {} flow entries have been deleted.\n",
                selected.len()
            );
            if selected.is_empty() {
                CmdOutput::error(1, msg)
            } else {
                CmdOutput {
                    stdout,
                    stderr: msg,
                    ..Default::default()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn options_and_port_options_after_p() {
        let a = parse(&argv("-L -ptcp --dport=80 --orig-src 10.0.0.0/8")).unwrap();
        assert_eq!(a.cmd, CtCmd::List);
        assert_eq!((a.proto, a.dport), (Some(Proto::Tcp), Some(80)));
        assert!(a.src.unwrap().contains(Ipv4Addr::new(10, 1, 2, 3)));
        let e = parse(&argv("-L --dport 80 -p tcp")).unwrap_err();
        assert!(e.stderr.contains("unknown option `--dport'"));
        let e = parse(&argv("-F -p tcp")).unwrap_err();
        assert!(e
            .stderr
            .contains("Illegal option `--protonum' with this command"));
        let e = parse(&argv("-L --s 1.1.1.1")).unwrap_err();
        assert!(e.stderr.contains("unknown option `--s'"));
        assert!(parse(&argv("--pro tcp -L")).is_ok());
    }
}
