//! `netbook`: commands about the simulator itself (not a Linux tool).
//!
//! `netbook topology` draws the current world: namespaces, interfaces,
//! bridges, veth wires, addresses and link state.

use super::{CmdOutput, Command, Ctx};
use crate::display::topology;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "netbook",
    summary: "netbook's own commands: `netbook topology` draws the simulated network",
    summary_ko: "netbook 자체 명령: `netbook topology`는 현재 네트워크 구성을 그림으로 보여줍니다",
    usage: "netbook topology",
    run: netbook,
    complete: Some(|_, _, p| {
        ["topology"]
            .iter()
            .map(|s| s.to_string())
            .filter(|s| s.starts_with(p))
            .collect()
    }),
}];

fn netbook(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    match args.first().map(String::as_str) {
        Some("topology") | Some("topo") => CmdOutput::rich(topology::Topology(ctx.world).bundle()),
        Some(other) => CmdOutput::usage(
            2,
            format!("netbook: unknown subcommand '{other}'\nUsage: netbook topology\n"),
        ),
        None => CmdOutput::usage(2, "Usage: netbook topology\n"),
    }
}
