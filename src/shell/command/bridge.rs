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
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        match args[i].as_str() {
            "-n" | "-netns" => {
                i += 1;
                netns = args.get(i).cloned();
            }
            "-s" | "-d" | "-o" | "-c" => {}
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
    let w = &*ctx.world;
    let Some(obj) = args.get(i) else {
        return CmdOutput::usage(255, USAGE);
    };
    let rest = &args[i + 1..];
    let sub = rest.first().map(String::as_str).unwrap_or("show");
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
    if "link".starts_with(obj.as_str()) {
        return CmdOutput::rich(view::bridge_link(w, ns));
    }
    CmdOutput::usage(
        255,
        format!("Object \"{obj}\" is unknown, try \"bridge help\".\n"),
    )
}
