//! `netstat` from net-tools: the listening sockets of a namespace.
//!
//! Follows netstat(8) for the internet sockets section: `-n` numeric, `-a`
//! all, `-l` listening only, `-t` TCP, `-u` UDP, `-p` owning program, in
//! any combination (`-nat`, `-tlnp`). The simulator has listeners but no
//! connections, so without `-a`/`-l` the table is empty, as on an idle host.

use super::{CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::socket::{service_name, SockProto};
use std::fmt::Write as _;
use std::net::IpAddr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "netstat",
    summary: "print network connections (net-tools)",
    summary_ko: "열려 있는(LISTEN) 소켓을 보여줍니다 (예: netstat -nat, netstat -tlnp)",
    usage: "netstat [-n] [-a] [-l] [-t] [-u] [-p]",
    run: netstat,
    complete: None,
}];

fn netstat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut numeric, mut all, mut listening, mut tcp, mut udp, mut prog) =
        (false, false, false, false, false, false);
    for a in args {
        let Some(flags) = a.strip_prefix('-') else {
            return CmdOutput::usage(5, format!("netstat: unknown argument '{a}'\n"));
        };
        for c in flags.chars() {
            match c {
                'n' => numeric = true,
                'a' => all = true,
                'l' => listening = true,
                't' => tcp = true,
                'u' => udp = true,
                'p' => prog = true,
                'e' | 'W' | '4' | '6' => {}
                _ => {
                    return CmdOutput::usage(
                        5,
                        format!("netstat: invalid option -- '{c}'\nusage: netstat [-vWeenNcCF] [<Af>] -r         netstat {{-V|--version|-h|--help}}\n"),
                    )
                }
            }
        }
    }
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let title = if listening {
        "only servers"
    } else if all {
        "servers and established"
    } else {
        "w/o servers"
    };
    let mut text = format!("Active Internet connections ({title})\n");
    text += "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
    if prog {
        text += " PID/Program name    ";
    }
    text.push('\n');
    let mut rows = Vec::new();
    let show_servers = all || listening;
    for s in ctx.world.sockets(ns) {
        if !show_servers || (s.proto.is_tcp() && !tcp) || (!s.proto.is_tcp() && !udp) {
            continue;
        }
        let host = match s.addr {
            IpAddr::V4(a) if a.is_unspecified() => "0.0.0.0".to_string(),
            IpAddr::V6(a) if a.is_unspecified() => {
                if numeric {
                    "::".to_string()
                } else {
                    "[::]".to_string()
                }
            }
            IpAddr::V4(a) if a.is_loopback() && !numeric => "localhost".to_string(),
            a => a.to_string(),
        };
        let port = match (numeric, service_name(s.port, s.proto.is_tcp())) {
            (false, Some(n)) => n.to_string(),
            _ => s.port.to_string(),
        };
        let local = format!("{host}:{port}");
        let foreign = match s.proto {
            SockProto::Tcp | SockProto::Udp => "0.0.0.0:*",
            _ if numeric => ":::*",
            _ => "[::]:*",
        };
        let state = if s.proto.is_tcp() { "LISTEN" } else { "" };
        let _ = write!(
            text,
            "{:<5} {:>6} {:>6} {:<23} {:<23} {:<11}",
            s.proto.to_string(),
            0,
            0,
            local,
            foreign,
            state
        );
        if prog {
            let _ = write!(text, " {:<20}", format!("{}/{}", s.pid, s.program));
        }
        text.push('\n');
        rows.push(vec![
            s.proto.to_string(),
            local,
            state.to_string(),
            format!("{}/{}", s.pid, s.program),
        ]);
    }
    let table = html::table(&["proto", "local address", "state", "program"], &rows);
    CmdOutput::rich(MimeBundle::plain(text).with_html(table))
}
