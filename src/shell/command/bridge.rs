//! `bridge` from iproute2 6.1: the forwarding database and the ports.
//!
//! Follows bridge(8): `bridge fdb show [br BR] [dev DEV] [dynamic]`,
//! `bridge link [show] [dev DEV]`, `bridge link set dev DEV [learning
//! on|off] [hairpin on|off]`. As in bridge.c, the global options are
//! matched by prefix from a table (ip's option machinery), the object and
//! command are prefix keywords, and the words become a typed `BridgeOp`
//! before anything is looked up. Learnt entries appear after the first
//! frame from a MAC, next to each port's own (`permanent`) address and the
//! multicast groups.

#![allow(clippy::result_large_err)]

use super::ip::common::{help, matches, not_simulated, usage, Words};
use super::ip::options::{color, find_in, keyword, opt, GlobalOpt, Keyword};
use super::{CmdOutput, Command, Ctx};
use crate::display::net as view;
use crate::sim::NsId;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "bridge",
    summary: "show / manipulate bridge addresses and devices",
    summary_ko: "브릿지의 MAC 학습 테이블(fdb)과 포트 상태를 보여줍니다",
    usage: "bridge [ -n NS ] { fdb show [ br BRIDGE ] [ dev DEV ] | link [ show ] }",
    run: bridge,
    complete: Some(|_, _, p| {
        ["fdb", "link", "show"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| s.starts_with(p))
            .collect()
    }),
}];

const USAGE: &str = include_str!("ip/help/bridge.txt");
const LINK_USAGE: &str = include_str!("ip/help/bridge-link.txt");
const FDB_USAGE: &str = include_str!("ip/help/bridge-fdb.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Help,
    Version,
    Stats,
    Details,
    Oneline,
    Timestamp,
    Family,
    Inet,
    Inet6,
    Netns,
    Color,
    Compress,
    Force,
    Json,
    Pretty,
    Batch,
}

/// bridge.c's options in the order `main()` tries them.
static OPTIONS: &[GlobalOpt<Key>] = &[
    opt("-help", 2, false, Key::Help),
    opt("-Version", 2, false, Key::Version),
    opt("-stats", 2, false, Key::Stats),
    opt("-statistics", 2, false, Key::Stats),
    opt("-details", 2, false, Key::Details),
    opt("-oneline", 2, false, Key::Oneline),
    opt("-timestamp", 2, false, Key::Timestamp),
    opt("-family", 2, true, Key::Family),
    opt("-4", 2, false, Key::Inet),
    opt("-6", 2, false, Key::Inet6),
    opt("-netns", 2, true, Key::Netns),
    color(2, Key::Color),
    opt("-compressvlans", 4, false, Key::Compress),
    opt("-force", 3, false, Key::Force),
    opt("-json", 2, false, Key::Json),
    opt("-pretty", 2, false, Key::Pretty),
    opt("-batch", 2, true, Key::Batch),
];

/// bridge's global options, parsed.
#[derive(Debug, Default)]
struct BridgeOpts {
    details: bool,
    json: bool,
    netns: Vec<String>,
    /// `-s`: `bridge fdb` adds its entries' `used` timers.
    stats: bool,
    /// `-c` / `-color=always`: ANSI colours.
    color: bool,
}

/// One `bridge` command.
#[derive(Debug, Clone, PartialEq, Eq)]
enum BridgeOp {
    /// `link [show] [dev DEV]`.
    LinkShow { dev: Option<String> },
    /// `link set dev DEV [learning on|off] [hairpin on|off]`.
    LinkSet {
        dev: String,
        learning: Option<bool>,
        hairpin: Option<bool>,
    },
    /// `fdb [show] [br BR] [dev|brport DEV] [dynamic]`.
    FdbShow {
        br: Option<String>,
        dev: Option<String>,
        dynamic: bool,
    },
}

#[derive(Clone, Copy)]
enum Obj {
    Link,
    Fdb,
    Other(&'static str),
    Help,
}

/// bridge.c's `cmds[]`.
const OBJECTS: &[Keyword<Obj>] = &[
    ("link", false, Obj::Link),
    ("fdb", false, Obj::Fdb),
    ("mdb", false, Obj::Other("bridge mdb")),
    ("vlan", false, Obj::Other("bridge vlan")),
    ("vni", false, Obj::Other("bridge vni")),
    ("monitor", false, Obj::Other("bridge monitor")),
    ("help", false, Obj::Help),
];

fn bridge(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (opts, rest) = match parse_opts(args) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let mut ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    for n in &opts.netns {
        ns = match ctx.world.ns_id(Some(n)) {
            Ok(id) => id,
            Err(e) => return CmdOutput::error(255, format!("{e}\n")),
        };
    }
    let op = match parse(rest) {
        Ok(op) => op,
        Err(e) => return e,
    };
    if opts.json && !matches!(op, BridgeOp::LinkSet { .. }) {
        return usage(
            255,
            "netbook: `bridge -j` is not simulated (no JSON output; drop -j for the text form)",
        );
    }
    if opts.color && !matches!(op, BridgeOp::LinkSet { .. }) {
        return usage(255, "netbook: `bridge -color` is not simulated");
    }
    if opts.stats && matches!(op, BridgeOp::FdbShow { .. }) {
        return usage(255, "netbook: `bridge -s fdb` is not simulated");
    }
    run(ctx, ns, &opts, op).unwrap_or_else(|e| e)
}

/// The global options; `Err` is what ends the command early.
fn parse_opts(args: &[String]) -> Result<(BridgeOpts, &[String]), CmdOutput> {
    let mut o = BridgeOpts::default();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        if arg == "--" {
            i += 1;
            break;
        }
        if !arg.starts_with('-') {
            break;
        }
        let word = if arg.as_bytes().get(1) == Some(&b'-') {
            &arg[1..]
        } else {
            arg.as_str()
        };
        let unknown = || {
            usage(
                255,
                format!("Option \"{word}\" is unknown, try \"bridge help\"."),
            )
        };
        let Some((opt, when)) = find_in(OPTIONS, word) else {
            return Err(unknown());
        };
        let value = if opt.value {
            i += 1;
            match (args.get(i), opt.key) {
                (Some(v), _) => v.as_str(),
                (None, Key::Netns) => {
                    return Err(usage(
                        255,
                        "Cannot open network namespace \"(null)\": No such file or directory",
                    ))
                }
                (None, _) => return Err(help(USAGE)),
            }
        } else {
            ""
        };
        match opt.key {
            Key::Help => return Err(help(USAGE)),
            Key::Version => return Err(CmdOutput::text("bridge utility, 6.1.0\n")),
            Key::Details => o.details = true,
            Key::Family => match value {
                "inet" | "inet6" => {}
                "help" => return Err(help(USAGE)),
                v => {
                    return Err(usage(
                        255,
                        format!("Error: argument \"{v}\" is wrong: invalid protocol family"),
                    ))
                }
            },
            Key::Netns => o.netns.push(value.to_string()),
            Key::Color => {
                if !matches!(when, None | Some("" | "always" | "auto" | "never")) {
                    return Err(unknown());
                }
                // `auto` colours a terminal only; a cell's output is not one.
                o.color = matches!(when, None | Some("" | "always"));
            }
            Key::Json => o.json = true,
            Key::Batch => return Err(not_simulated("bridge -batch")),
            Key::Stats => o.stats = true,
            // Monitor stamps, vlan compression, batch errors, JSON layout,
            // one-line and family forms: nothing bridge link or fdb prints.
            Key::Oneline
            | Key::Timestamp
            | Key::Inet
            | Key::Inet6
            | Key::Compress
            | Key::Force
            | Key::Pretty => {}
        }
        i += 1;
    }
    Ok((o, &args[i..]))
}

/// The object, the command and their words, into a [`BridgeOp`].
fn parse(args: &[String]) -> Result<BridgeOp, CmdOutput> {
    let Some((obj, rest)) = args.split_first() else {
        return Err(help(USAGE));
    };
    let Some(o) = keyword(obj, OBJECTS) else {
        return Err(usage(
            255,
            format!("Object \"{obj}\" is unknown, try \"bridge help\"."),
        ));
    };
    let cmd = rest.first().map(String::as_str);
    let words = rest.get(1..).unwrap_or_default();
    match o {
        Obj::Link => match cmd {
            None => Ok(BridgeOp::LinkShow { dev: None }),
            Some(c) if matches(c, "set") || matches(c, "change") => parse_link_set(words),
            Some(c) if matches(c, "show") || matches(c, "lst") || matches(c, "list") => {
                parse_link_show(words)
            }
            Some(c) if matches(c, "help") => Err(help(LINK_USAGE)),
            Some(c) => Err(usage(
                255,
                format!("Command \"{c}\" is unknown, try \"bridge link help\"."),
            )),
        },
        Obj::Fdb => match cmd {
            None => parse_fdb_show(&[]),
            Some(c) if matches(c, "show") || matches(c, "lst") || matches(c, "list") => {
                parse_fdb_show(words)
            }
            Some(c)
                if ["add", "append", "replace", "delete", "get"]
                    .iter()
                    .any(|k| matches(c, k))
                    || c == "flush" =>
            {
                Err(not_simulated(&format!("bridge fdb {c}")))
            }
            Some(c) if matches(c, "help") => Err(help(FDB_USAGE)),
            Some(c) => Err(usage(
                255,
                format!("Command \"{c}\" is unknown, try \"bridge fdb help\"."),
            )),
        },
        Obj::Other(what) => Err(not_simulated(what)),
        Obj::Help => Err(help(USAGE)),
    }
}

/// link.c's `brlink_show`: `dev DEV`; other words are skipped.
fn parse_link_show(args: &[String]) -> Result<BridgeOp, CmdOutput> {
    let mut dev = None;
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        if a == "dev" {
            let d = w.value()?;
            if dev.is_some() {
                return Err(usage(
                    255,
                    format!("Error: duplicate \"dev\": \"{d}\" is the second value."),
                ));
            }
            dev = Some(d.to_string());
        }
    }
    Ok(BridgeOp::LinkShow { dev })
}

/// link.c's `brlink_modify`, the flags netbook models.
fn parse_link_set(args: &[String]) -> Result<BridgeOp, CmdOutput> {
    let (mut dev, mut learning, mut hairpin) = (None, None, None);
    let mut w = Words::new(args);
    while let Some(k) = w.next() {
        match k {
            "dev" => dev = Some(w.value()?.to_string()),
            "learning" | "hairpin" => {
                let v = w.value()?;
                let on = match v {
                    "on" => true,
                    "off" => false,
                    // utils.c's parse_on_off: -EINVAL as the exit status.
                    _ => {
                        return Err(usage(
                            234,
                            format!("Error: argument of \"{k}\" must be one of \"off\", \"on\", not \"{v}\""),
                        ))
                    }
                };
                if k == "learning" {
                    learning = Some(on);
                } else {
                    hairpin = Some(on);
                }
            }
            "guard" | "fastleave" | "root_block" | "learning_sync" | "flood" | "mcast_router"
            | "mcast_flood" | "bcast_flood" | "mcast_to_unicast" | "cost" | "priority"
            | "state" | "hwmode" | "neigh_suppress" | "vlan_tunnel" | "isolated" | "locked"
            | "backup_port" | "nobackup_port" | "self" | "master" => {
                return Err(not_simulated(&format!("bridge link set ... {k}")));
            }
            _ => return Err(help(LINK_USAGE)),
        }
    }
    let Some(dev) = dev else {
        return Err(usage(255, "Device is a required argument."));
    };
    Ok(BridgeOp::LinkSet {
        dev,
        learning,
        hairpin,
    })
}

/// fdb.c's `fdb_show`: `br`, `dev`/`brport`, `dynamic`; other words are
/// skipped (`help` prints the usage).
fn parse_fdb_show(args: &[String]) -> Result<BridgeOp, CmdOutput> {
    let (mut br, mut dev, mut dynamic) = (None, None, false);
    let mut w = Words::new(args);
    while let Some(a) = w.next() {
        match a {
            "brport" | "dev" => dev = Some(w.value()?.to_string()),
            "br" => br = Some(w.value()?.to_string()),
            "dynamic" => dynamic = true,
            "vlan" | "state" => return Err(not_simulated(&format!("bridge fdb show {a}"))),
            a if matches(a, "help") => return Err(help(FDB_USAGE)),
            // fdb.c's fdb_show skips words it does not know.
            _ => {}
        }
    }
    Ok(BridgeOp::FdbShow { br, dev, dynamic })
}

fn run(ctx: &mut Ctx, ns: NsId, o: &BridgeOpts, op: BridgeOp) -> Result<CmdOutput, CmdOutput> {
    let nodev = |d: &str| CmdOutput::error(255, format!("Cannot find device \"{d}\"\n"));
    let nobridge = |d: &str| CmdOutput::error(255, format!("Cannot find bridge device \"{d}\"\n"));
    match op {
        BridgeOp::LinkShow { dev } => {
            let w = &*ctx.world;
            let dev = match dev {
                Some(d) => Some(w.link_by_name(ns, &d).map_err(|_| nodev(&d))?),
                None => None,
            };
            Ok(CmdOutput::rich(view::bridge_link(w, ns, dev, o.details)))
        }
        BridgeOp::LinkSet {
            dev,
            learning,
            hairpin,
        } => {
            let id = ctx
                .world
                .link_by_name(ns, &dev)
                .map_err(|_| nobridge(&dev))?;
            ctx.world
                .port_set(id, learning, hairpin)
                .map_err(|e| CmdOutput::error(255, format!("{e}\n")))?;
            Ok(CmdOutput::default())
        }
        BridgeOp::FdbShow { br, dev, dynamic } => {
            let w = &*ctx.world;
            if let Some(b) = &br {
                w.link_by_name(ns, b).map_err(|_| nobridge(b))?;
            }
            if let Some(d) = &dev {
                w.link_by_name(ns, d).map_err(|_| nodev(d))?;
            }
            let mut bundle = view::bridge_fdb(w, ns);
            if br.is_none() && dev.is_none() && !dynamic {
                return Ok(CmdOutput::rich(bundle));
            }
            // `br BR` keeps the bridge's own entries and its ports' (their
            // `self` multicast groups too).
            let on_bridge = |l: &str, br: &str| {
                let d = l.split(" dev ").nth(1).and_then(|r| r.split(' ').next());
                d.is_some_and(|d| {
                    d == br
                        || w.link_by_name(ns, d)
                            .ok()
                            .and_then(|id| w.link(id).master)
                            .is_some_and(|m| w.link(m).name.as_str() == br)
                })
            };
            let text: String = bundle
                .text()
                .lines()
                .filter(|l| !dynamic || !(l.ends_with("permanent") || l.ends_with("static")))
                .filter(|l| br.as_deref().is_none_or(|b| on_bridge(l, b)))
                .filter(|l| {
                    dev.as_deref()
                        .is_none_or(|d| l.contains(&format!("dev {d} ")))
                })
                .map(|l| format!("{l}\n"))
                .collect();
            bundle.insert(crate::display::TEXT_PLAIN, text);
            Ok(CmdOutput::rich(bundle))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(line: &str) -> BridgeOpts {
        let args: Vec<String> = line.split(' ').map(str::to_string).collect();
        parse_opts(&args).expect(line).0
    }

    #[test]
    fn colour_and_fdb_stats_are_noted_for_refusal() {
        assert!(opts("-c link").color);
        assert!(opts("-color=always link").color);
        assert!(!opts("-color=auto link").color);
        assert!(!opts("-c=never link").color);
        assert!(opts("-s fdb").stats);
        assert!(!opts("-com -o -t link").stats);
    }
}
