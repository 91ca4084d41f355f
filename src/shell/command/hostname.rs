//! `hostname` (Debian's hostname package): show or set the host name.
//!
//! Follows hostname(1): no argument prints `/etc/hostname`'s name, `NAME`
//! sets it, `-I` lists every address of the current network namespace,
//! `-i` resolves the name through `/etc/hosts`.

use super::{CmdOutput, Command, Ctx};
use crate::sim::link::LinkKind;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "hostname",
    summary: "show or set the system's host name",
    summary_ko: "호스트 이름을 보거나 바꿉니다 (-I: 이 네임스페이스의 IP 주소들)",
    usage: "hostname [-I] [-i] [NAME]",
    run: hostname,
    complete: None,
}];

fn hostname(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let name = ctx
        .world
        .read_file(None, "/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    match args.first().map(String::as_str) {
        None | Some("-s") | Some("--short") => {
            CmdOutput::text(format!("{}\n", name.split('.').next().unwrap_or(&name)))
        }
        Some("-I") | Some("--all-ip-addresses") => {
            let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
                Ok(n) => n,
                Err(e) => return CmdOutput::error(255, format!("{e}\n")),
            };
            let mut s = String::new();
            for (_, l) in ctx.world.links_of(ns) {
                if l.admin_up && l.kind != LinkKind::Loopback {
                    for a in &l.addrs {
                        s += &format!("{} ", a.local);
                    }
                }
            }
            s.push('\n');
            CmdOutput::text(s)
        }
        Some("-i") | Some("--ip-address") => {
            match super::ping::resolve_host(ctx.world, ctx.netns.as_deref(), &name) {
                Some(ip) => CmdOutput::text(format!("{ip} \n")),
                None => CmdOutput::error(1, "hostname: Name or service not known\n"),
            }
        }
        Some(o) if o.starts_with('-') => {
            CmdOutput::usage(1, format!("hostname: invalid option -- '{}'\n", &o[1..]))
        }
        Some(new) => match ctx
            .world
            .write_file(None, "/etc/hostname", &format!("{new}\n"), false)
        {
            Ok(()) => CmdOutput::default(),
            Err(e) => CmdOutput::error(1, format!("hostname: {e}\n")),
        },
    }
}
