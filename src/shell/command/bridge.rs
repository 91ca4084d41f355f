//! `bridge` from iproute2 6.1: the forwarding database and the ports.
//!
//! Follows bridge(8): `bridge fdb show [br BR] [dev DEV]`, `bridge link
//! [show]`. Learnt entries appear after the first frame from a MAC, next
//! to each port's own (`permanent`) address and the multicast groups.

use super::{CmdOutput, Command, Ctx};
use crate::display::net as view;

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
    if "link".starts_with(obj.as_str()) && sub == "set" {
        return link_set(ctx, ns, &rest[1..]);
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
        let mut dynamic = false;
        let mut j = 1;
        while j < rest.len() {
            let k = rest[j].as_str();
            let v = rest.get(j + 1).cloned().unwrap_or_default();
            match k {
                // Learnt entries only (no `permanent`, no `static`).
                "dynamic" => {
                    dynamic = true;
                    j += 1;
                    continue;
                }
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
        if !filt.is_empty() || dynamic {
            // `br BR` keeps the bridge's own entries and its ports' (their
            // `self` multicast groups too).
            let on_bridge = |l: &str, br: &str| {
                let dev = l.split(" dev ").nth(1).and_then(|r| r.split(' ').next());
                dev.is_some_and(|d| {
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
                .filter(|l| {
                    filt.iter().all(|(k, v)| match k.as_str() {
                        "br" => on_bridge(l, v),
                        _ => l.contains(&format!("dev {v} ")),
                    })
                })
                .map(|l| format!("{l}\n"))
                .collect();
            bundle.insert(crate::display::TEXT_PLAIN, text);
        }
        return CmdOutput::rich(bundle);
    }
    if "link".starts_with(obj.as_str()) {
        if !("show".starts_with(sub) || "list".starts_with(sub)) {
            return CmdOutput::usage(
                255,
                format!("Command \"{sub}\" is unknown, try \"bridge link help\".\n"),
            );
        }
        let mut dev = None;
        let mut j = 1;
        while j < rest.len() {
            match (rest[j].as_str(), rest.get(j + 1)) {
                ("dev", Some(d)) => match w.link_by_name(ns, d) {
                    Ok(id) => dev = Some(id),
                    Err(_) => return CmdOutput::error(1, format!("Cannot find device \"{d}\"\n")),
                },
                (other, _) => {
                    return CmdOutput::usage(255, format!("Unknown argument \"{other}\"\n"))
                }
            }
            j += 2;
        }
        return CmdOutput::rich(view::bridge_link(w, ns, dev, details));
    }
    CmdOutput::usage(
        255,
        format!("Object \"{obj}\" is unknown, try \"bridge help\".\n"),
    )
}

/// `bridge link set dev DEV [learning on|off] [hairpin on|off]`.
fn link_set(ctx: &mut Ctx, ns: crate::sim::NsId, args: &[String]) -> CmdOutput {
    let mut dev = None;
    let (mut learning, mut hairpin) = (None, None);
    let mut j = 0;
    while j < args.len() {
        let k = args[j].as_str();
        let Some(v) = args.get(j + 1) else {
            return CmdOutput::usage(255, "Command line is not complete. Try option \"help\"\n");
        };
        match k {
            "dev" => match ctx.world.link_by_name(ns, v) {
                Ok(id) => dev = Some(id),
                Err(_) => return CmdOutput::error(1, format!("Cannot find device \"{v}\"\n")),
            },
            "learning" | "hairpin" => {
                let on = match v.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => {
                        // iproute2's parse_on_off: -EINVAL as the exit status.
                        return CmdOutput::usage(
                            234,
                            format!(
                            "Error: argument of \"{k}\" must be one of \"off\", \"on\", not \"{v}\"\n"
                        ),
                        );
                    }
                };
                if k == "learning" {
                    learning = Some(on);
                } else {
                    hairpin = Some(on);
                }
            }
            other => return CmdOutput::usage(255, format!("Unknown argument \"{other}\"\n")),
        }
        j += 2;
    }
    let Some(dev) = dev else {
        return CmdOutput::usage(255, "Device is a required argument.\n");
    };
    match ctx.world.port_set(dev, learning, hairpin) {
        Ok(()) => CmdOutput::default(),
        Err(e) => CmdOutput::error(255, format!("{e}\n")),
    }
}
