//! `ss` from iproute2 6.1: socket statistics (listeners here).
//!
//! Follows ss(8): `-t`, `-u`, `-l`, `-a`, `-n`, `-p` in any combination
//! (`ss -tlnp`). Columns are as wide as their header or widest value;
//! addresses are right-aligned against the `:` and ports left-aligned, the
//! process column starts with a space, as ss prints them.

use super::{CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::socket::{service_name, Socket};
use std::net::IpAddr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ss",
    summary: "another utility to investigate sockets",
    summary_ko: "소켓 상태를 보여줍니다 (예: ss -tlnp: 열려 있는 TCP 포트와 프로세스)",
    usage: "ss [-t] [-u] [-l] [-a] [-n] [-p]",
    run: ss,
    complete: None,
}];

fn ss(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut numeric, mut all, mut listening, mut tcp, mut udp, mut prog) =
        (false, false, false, false, false, false);
    for a in args {
        let Some(flags) = a.strip_prefix('-') else {
            return CmdOutput::usage(255, format!("ss: unknown argument '{a}'\n"));
        };
        for c in flags.chars() {
            match c {
                'n' => numeric = true,
                'a' => all = true,
                'l' => listening = true,
                't' => tcp = true,
                'u' => udp = true,
                'p' => prog = true,
                '4' | '6' | 'e' | 'm' | 'i' | 'o' => {}
                _ => return CmdOutput::usage(255, format!("ss: invalid option -- '{c}'\n")),
            }
        }
    }
    if !tcp && !udp {
        tcp = true;
    }
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let shown: Vec<&Socket> = ctx
        .world
        .sockets(ns)
        .iter()
        .filter(|s| (all || listening) && ((s.proto.is_tcp() && tcp) || (!s.proto.is_tcp() && udp)))
        .collect();
    struct Row {
        state: &'static str,
        recvq: String,
        sendq: String,
        laddr: String,
        lport: String,
        paddr: String,
        pport: String,
        process: String,
    }
    let rows: Vec<Row> = shown
        .iter()
        .map(|s| {
            let any = match s.addr {
                IpAddr::V4(_) => "0.0.0.0",
                IpAddr::V6(_) if s.v6only => "[::]",
                IpAddr::V6(_) => "*",
            };
            let laddr = match s.addr {
                a if a.is_unspecified() => any.to_string(),
                IpAddr::V6(a) => format!("[{a}]"),
                a => a.to_string(),
            };
            let lport = match (numeric, service_name(s.port, s.proto.is_tcp())) {
                (false, Some(n)) => n.to_string(),
                _ => s.port.to_string(),
            };
            Row {
                state: if s.proto.is_tcp() { "LISTEN" } else { "UNCONN" },
                recvq: "0".into(),
                sendq: if s.proto.is_tcp() {
                    s.backlog.to_string()
                } else {
                    "0".into()
                },
                laddr,
                lport,
                paddr: any.to_string(),
                pport: "*".into(),
                process: if prog {
                    format!(" users:((\"{}\",pid={},fd=3))", s.program, s.pid)
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let w = |h: &str, f: &dyn Fn(&Row) -> usize| rows.iter().map(f).max().unwrap_or(0).max(h.len());
    let ws = w("State", &|r| r.state.len());
    let wr = w("Recv-Q", &|r| r.recvq.len());
    let wq = w("Send-Q", &|r| r.sendq.len());
    let wla = w("Local Address", &|r| r.laddr.len());
    let wlp = w("Port", &|r| r.lport.len());
    let wpa = w("Peer Address", &|r| r.paddr.len());
    let wpp = w("Port", &|r| r.pport.len());
    let wp = w("Process", &|r| r.process.len());
    let mut text = format!(
        "{:<ws$} {:<wr$} {:<wq$} {:>wla$}:{:<wlp$} {:>wpa$}:{:<wpp$}{:<wp$}\n",
        "State", "Recv-Q", "Send-Q", "Local Address", "Port", "Peer Address", "Port", "Process"
    );
    for r in &rows {
        text += &format!(
            "{:<ws$} {:<wr$} {:<wq$} {:>wla$}:{:<wlp$} {:>wpa$}:{:<wpp$}{:<wp$}\n",
            r.state, r.recvq, r.sendq, r.laddr, r.lport, r.paddr, r.pport, r.process
        );
    }
    let table = html::table(
        &["state", "local", "process"],
        &rows
            .iter()
            .map(|r| {
                vec![
                    r.state.to_string(),
                    format!("{}:{}", r.laddr, r.lport),
                    r.process.trim().to_string(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    CmdOutput::rich(MimeBundle::plain(text).with_html(table))
}
