//! `arp -n` from net-tools: the neighbour cache in the old format.
//!
//! Follows arp(8): columns Address, HWtype, HWaddress, Flags Mask, Iface;
//! `(incomplete)` for unanswered entries; `-i IFACE` filters.

use super::{CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::l2::NeighState;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "arp",
    summary: "manipulate the system ARP cache (net-tools)",
    summary_ko: "ARP 테이블(IP → MAC)을 보여줍니다",
    usage: "arp [-n] [-a] [-i IFACE]",
    run: arp,
    complete: None,
}];

fn arp(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let mut iface: Option<String> = None;
    let mut bsd = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-n" | "--numeric" | "-e" | "-v" => {}
            "-a" => bsd = true,
            "-an" | "-na" => bsd = true,
            "-i" => {
                i += 1;
                iface = args.get(i).cloned();
                if iface.is_none() {
                    return CmdOutput::usage(
                        3,
                        "arp: option requires an argument -- 'i'\nUsage:\n  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n",
                    );
                }
            }
            o => {
                return CmdOutput::usage(
                    255,
                    format!("arp: invalid option -- '{}'\n", o.trim_start_matches('-')),
                )
            }
        }
        i += 1;
    }
    let w = &*ctx.world;
    let mut text = String::new();
    let mut rows = Vec::new();
    let entries: Vec<_> = w
        .neighbours(ns)
        .iter()
        .filter(|e| iface.as_ref().is_none_or(|f| &w.link(e.dev).name == f))
        .collect();
    if !bsd && !entries.is_empty() {
        text +=
            "Address                  HWtype  HWaddress           Flags Mask            Iface\n";
    }
    for e in entries {
        let dev = &w.link(e.dev).name;
        let known = e
            .mac
            .filter(|_| !matches!(e.state, NeighState::Incomplete | NeighState::Failed));
        if bsd {
            match known {
                Some(m) => text += &format!("? ({}) at {m} [ether] on {dev}\n", e.ip),
                None => text += &format!("? ({}) at <incomplete> on {dev}\n", e.ip),
            }
        } else {
            match known {
                Some(m) => {
                    let flags = if e.state == NeighState::Permanent {
                        "CM"
                    } else {
                        "C"
                    };
                    text += &format!(
                        "{:<24} {:<7} {:<19} {:<5} {:<15} {dev}\n",
                        e.ip.to_string(),
                        "ether",
                        m.to_string(),
                        flags,
                        ""
                    )
                }
                None => text += &format!("{:<32} {:<41} {dev}\n", e.ip.to_string(), "(incomplete)"),
            }
        }
        rows.push(vec![
            e.ip.to_string(),
            known
                .map(|m| m.to_string())
                .unwrap_or_else(|| "(incomplete)".into()),
            dev.to_string(),
        ]);
    }
    CmdOutput::rich(
        MimeBundle::plain(text).with_html(html::table(&["Address", "HWaddress", "Iface"], &rows)),
    )
}
