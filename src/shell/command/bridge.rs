//! `bridge` from iproute2 6.1: the forwarding database and the ports.
//!
//! Follows bridge(8): `bridge fdb show [br BR] [dev DEV]`, `bridge link
//! [show]`. Learnt entries appear after the first frame from a MAC, next
//! to each port's own (`permanent`) address and the multicast groups.

use super::{CmdOutput, Command, Ctx};
use crate::display::net as view;
use crate::sim::{LinkId, NsId};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "bridge",
    summary: "show / manipulate bridge addresses and devices",
    summary_ko: "브릿지의 MAC 학습 테이블(fdb)과 포트 상태를 보여줍니다",
    usage: "bridge [ -n NS ] { fdb show [ br BRIDGE ] [ dev DEV ] | link [ show [ dev DEV ] ] | link set dev DEV hairpin { on | off } }",
    run: bridge,
    complete: Some(|_, _, p| {
        ["fdb", "link", "show", "set", "hairpin"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| s.starts_with(p))
            .collect()
    }),
}];

const USAGE: &str = "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -com[pressvlans] -c[olor] -p[retty] -j[son] }
";

fn bridge(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut netns = ctx.netns.clone();
    let mut details = false;
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        match args[i].as_str() {
            "-n" | "-netns" => {
                i += 1;
                netns = args.get(i).cloned();
            }
            "-d" | "-details" => details = true,
            "-s" | "-o" | "-c" => {}
            o => {
                return CmdOutput::usage(
                    255,
                    format!("Option \"{o}\" is unknown, try \"bridge help\".\n"),
                )
            }
        }
        i += 1;
    }
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let Some(obj) = args.get(i) else {
        return CmdOutput::usage(255, USAGE);
    };
    let rest = &args[i + 1..];
    let sub = rest.first().map(String::as_str).unwrap_or("show");
    if "link".starts_with(obj.as_str()) {
        return link(ctx, ns, details, rest);
    }
    let w = &*ctx.world;
    if "fdb".starts_with(obj.as_str()) {
        if !("show".starts_with(sub) || "list".starts_with(sub)) {
            return CmdOutput::usage(
                255,
                format!("Command \"{sub}\" is unknown, try \"bridge fdb help\".\n"),
            );
        }
        let mut bundle = view::bridge_fdb(w, ns);
        // `br BR` / `dev DEV` filters.
        let mut filt: Vec<(String, String)> = Vec::new();
        let mut j = 1;
        while j + 1 < rest.len() + 1 && j < rest.len() {
            let k = rest[j].as_str();
            let v = rest.get(j + 1).cloned().unwrap_or_default();
            match k {
                "br" | "brport" | "dev" => {
                    if w.link_by_name(ns, &v).is_err() {
                        return CmdOutput::error(1, format!("Cannot find device \"{v}\"\n"));
                    }
                    filt.push((k.to_string(), v));
                }
                other => return CmdOutput::usage(255, format!("Unknown argument \"{other}\"\n")),
            }
            j += 2;
        }
        if !filt.is_empty() {
            let text: String = bundle
                .text()
                .lines()
                .filter(|l| {
                    filt.iter().all(|(k, v)| match k.as_str() {
                        "br" => {
                            l.contains(&format!(" master {v} "))
                                || l.ends_with(&format!(" master {v}"))
                                || l.contains(&format!("dev {v} "))
                        }
                        _ => l.contains(&format!("dev {v} ")),
                    })
                })
                .map(|l| format!("{l}\n"))
                .collect();
            bundle.insert(crate::display::TEXT_PLAIN, text);
        }
        return CmdOutput::rich(bundle);
    }
    CmdOutput::usage(
        255,
        format!("Object \"{obj}\" is unknown, try \"bridge help\".\n"),
    )
}

/// `bridge link [show [dev DEV]]` and `bridge link set dev DEV hairpin on|off`.
fn link(ctx: &mut Ctx, ns: NsId, details: bool, rest: &[String]) -> CmdOutput {
    let sub = rest.first().map(String::as_str).unwrap_or("show");
    let set = sub == "set";
    if !(set || "show".starts_with(sub) || "list".starts_with(sub)) {
        return CmdOutput::usage(
            255,
            format!("Command \"{sub}\" is unknown, try \"bridge link help\".\n"),
        );
    }
    let mut dev: Option<LinkId> = None;
    let mut hairpin: Option<bool> = None;
    let mut j = 1;
    while j < rest.len() {
        let v = rest.get(j + 1).map(String::as_str).unwrap_or("");
        match rest[j].as_str() {
            "dev" => match ctx.world.link_by_name(ns, v) {
                Ok(id) => dev = Some(id),
                Err(_) if set => {
                    return CmdOutput::error(255, format!("Cannot find bridge device \"{v}\"\n"))
                }
                Err(_) => return CmdOutput::error(1, format!("Cannot find device \"{v}\"\n")),
            },
            "hairpin" if set => match v {
                "on" => hairpin = Some(true),
                "off" => hairpin = Some(false),
                _ => {
                    return CmdOutput::usage(
                        234,
                        format!("Error: argument of \"hairpin\" must be one of \"off\", \"on\", not \"{v}\"\n"),
                    )
                }
            },
            other => return CmdOutput::usage(255, format!("Unknown argument \"{other}\"\n")),
        }
        j += 2;
    }
    if !set {
        return CmdOutput::rich(view::bridge_link(ctx.world, ns, details, dev));
    }
    let Some(dev) = dev else {
        return CmdOutput::usage(255, "Device is a required argument.\n");
    };
    if let Some(on) = hairpin {
        if let Err(e) = ctx.world.link_set_hairpin(dev, on) {
            return CmdOutput::error(255, format!("{e}\n"));
        }
    }
    CmdOutput::text("")
}
