//! `ss` (iproute2) and `netstat` (net-tools): listening and established sockets.

use super::ss_args::{parse_netstat, parse_ss, SsArgs, SsOp};
use super::*;
use super::{CmdOutput, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::netfilter::services::port_name;
use crate::sim::stack::transport::SockProto;
use core::net::IpAddr;
use std::fmt::Write as _;

pub(crate) use super::ss_rows::{sock_rows, SockRow};

/// An address as ss prints it before the `:`.
pub(crate) fn ss_addr(r: &SockRow, a: Option<IpAddr>) -> String {
    match a {
        None if !r.v6 => "0.0.0.0:".into(),
        None if r.v6only => "[::]:".into(),
        None => "*:".into(),
        Some(IpAddr::V6(a)) => format!("[{a}]:"),
        Some(a) => format!("{a}:"),
    }
}

pub(crate) fn port_text(p: Option<u16>, proto: SockProto, numeric: bool) -> String {
    match p {
        None => "*".into(),
        Some(p) if !numeric => port_name(p, proto.name())
            .map(str::to_string)
            .unwrap_or(p.to_string()),
        Some(p) => p.to_string(),
    }
}

pub(crate) fn ss(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = match parse_ss(args) {
        Ok(SsOp::Show(o)) => o,
        Ok(SsOp::Help) => return CmdOutput::text(super::ss_args::USAGE),
        Ok(SsOp::Version) => return CmdOutput::text("ss utility, iproute2-6.1.0\n"),
        Err(e) => return e,
    };
    let ns = match &o.netns {
        Some(n) => match ctx.world.ns_id(Some(n)) {
            Ok(id) => id,
            Err(e) => return CmdOutput::error(1, format!("{e}\n")),
        },
        None => match ns_of(ctx) {
            Ok(n) => n,
            Err(e) => return e,
        },
    };
    let SsArgs {
        mut tcp,
        mut udp,
        listen,
        all,
        numeric,
        procs,
        summary,
        no_header,
        family,
        filter,
        ..
    } = o;
    let (ports, state) = match port_filter(&filter) {
        Ok(p) => p,
        Err(w) => return CmdOutput::error(255, format!("ss: unrecognized option '{w}'\n")),
    };
    if summary {
        return CmdOutput::text(super::ss_summary::summary(ctx.world, ns));
    }
    let rows = sock_rows(ctx.world, ns);
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let netid = tcp && udp;
    let mut shown: Vec<&SockRow> = rows
        .iter()
        .filter(|r| (r.proto == SockProto::Tcp && tcp) || (r.proto == SockProto::Udp && udp))
        .filter(|r| match &state {
            Some(st) => r.state == st.as_str(),
            None => all || (listen == r.listening),
        })
        .filter(|r| family.is_none_or(|v6| r.v6 == v6))
        .filter(|r| {
            ports
                .iter()
                .all(|&(local, p)| Some(p) == if local { r.local.1 } else { r.peer.1 })
        })
        .collect();
    // UDP sockets come first, as ss dumps udp before tcp.
    shown.sort_by_key(|r| r.proto == SockProto::Tcp);
    let mut table: Vec<Vec<String>> = Vec::new();
    for r in &shown {
        let mut row = Vec::new();
        if netid {
            row.push(r.proto.name().to_string());
        }
        row.push(r.state.to_string());
        // ss prints the queues as "%-6d".
        row.push(format!("{:<6}", r.recv_q));
        row.push(format!("{:<6}", r.send_q));
        row.push(ss_addr(r, r.local.0));
        row.push(port_text(r.local.1, r.proto, numeric));
        row.push(ss_addr(r, r.peer.0));
        row.push(port_text(r.peer.1, r.proto, numeric));
        row.push(match (procs, r.pid) {
            (true, Some(pid)) if !r.comm.is_empty() => {
                format!(" users:((\"{}\",pid={pid},fd={}))", r.comm, r.fd)
            }
            _ => String::new(),
        });
        table.push(row);
    }
    let text = render_ss(netid, state.is_none(), !no_header, &table);
    // The same sockets as an HTML table (state, local, peer, process).
    let off = usize::from(netid);
    let rows: Vec<Vec<String>> = table
        .iter()
        .map(|r| {
            let mut v = Vec::new();
            if netid {
                v.push(r[0].clone());
            }
            v.push(r[off].clone());
            v.push(format!("{}{}", r[off + 3], r[off + 4]));
            v.push(format!("{}{}", r[off + 5], r[off + 6]));
            v.push(r[off + 7].trim().to_string());
            v
        })
        .collect();
    let mut header = vec![
        "state",
        "local address:port",
        "peer address:port",
        "process",
    ];
    if netid {
        header.insert(0, "netid");
    }
    CmdOutput::rich(MimeBundle::plain(text).with_html(html::table(&header, &rows)))
}

/// iproute2's column layout: each column as wide as its widest cell
/// (header included) plus its left delimiter; addresses right-aligned,
/// ports left-aligned. The last column's width ignores the last row, and
/// the last row is not padded past its own text (ss's buffered printer).
///
/// The table has no State column when `show_state` is false (a
/// `state NAME` filter names the one state shown).
fn render_ss(netid: bool, show_state: bool, header: bool, rows: &[Vec<String>]) -> String {
    let at = usize::from(netid);
    let trimmed: Vec<Vec<String>>;
    let rows = if show_state {
        rows
    } else {
        trimmed = rows
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.remove(at);
                r
            })
            .collect();
        &trimmed
    };
    // (header, right-aligned, left delimiter)
    let mut cols: Vec<(&str, bool, &str)> = vec![
        ("State", false, " "),
        ("Recv-Q", false, " "),
        ("Send-Q", false, " "),
        ("Local Address:", true, " "),
        ("Port", false, ""),
        ("Peer Address:", true, " "),
        ("Port", false, ""),
        ("Process", false, ""),
    ];
    if !show_state {
        cols.remove(0);
    }
    if netid {
        cols.insert(0, ("Netid", false, ""));
    }
    let n = cols.len();
    // Without a header (-H) only the cells set the widths.
    let mut width: Vec<usize> = cols
        .iter()
        .map(|c| if header { c.0.len() } else { 0 })
        .collect();
    for (ri, r) in rows.iter().enumerate() {
        for (j, cell) in r.iter().enumerate() {
            if j == n - 1 && ri + 1 == rows.len() {
                continue;
            }
            width[j] = width[j].max(cell.len());
        }
    }
    let mut first = true;
    for (j, c) in cols.iter().enumerate() {
        if !first {
            width[j] += c.2.len();
        }
        first = false;
    }
    let line = |cells: Vec<&str>, last_row: bool| {
        let mut s = String::new();
        for (j, (cell, c)) in cells.iter().zip(cols.iter()).enumerate() {
            let d = if j == 0 { "" } else { c.2 };
            let inner = width[j] - d.len();
            s += d;
            if c.1 {
                let _ = write!(s, "{cell:>inner$}");
            } else if j == n - 1 && last_row {
                s += cell;
            } else {
                let _ = write!(s, "{cell:<inner$}");
            }
        }
        s.push('\n');
        s
    };
    let mut out = if header {
        line(cols.iter().map(|c| c.0).collect(), false)
    } else {
        String::new()
    };
    for (ri, r) in rows.iter().enumerate() {
        let last = ri + 1 == rows.len() && !r[n - 1].is_empty();
        out += &line(r.iter().map(String::as_str).collect(), last);
    }
    out
}

pub(crate) fn netstat(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let o = match parse_netstat(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let (mut tcp, mut udp) = (o.tcp, o.udp);
    let (listen, all, numeric, procs) = (o.listen, o.all, o.numeric, o.procs);
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let rows = sock_rows(ctx.world, ns);
    let head = if all {
        "servers and established"
    } else if listen {
        "only servers"
    } else {
        "w/o servers"
    };
    let mut s = format!("Active Internet connections ({head})\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ");
    if procs {
        s += " PID/Program name    ";
    }
    s.push('\n');
    let host = |r: &SockRow, a: Option<IpAddr>| match a {
        None if !r.v6 => "0.0.0.0".to_string(),
        None if numeric => "::".to_string(),
        None => "[::]".to_string(),
        Some(a) if !numeric && a.is_loopback() => "localhost".to_string(),
        Some(a) => a.to_string(),
    };
    let mut shown: Vec<&SockRow> = rows
        .iter()
        .filter(|r| (r.proto == SockProto::Tcp && tcp) || (r.proto == SockProto::Udp && udp))
        .filter(|r| all || (listen == r.listening))
        .collect();
    // netstat reads /proc/net/tcp then /proc/net/udp.
    shown.sort_by_key(|r| r.proto == SockProto::Udp);
    for r in shown {
        let local = format!(
            "{}:{}",
            host(r, r.local.0),
            port_text(r.local.1, r.proto, numeric)
        );
        let peer = format!(
            "{}:{}",
            host(r, r.peer.0),
            port_text(r.peer.1, r.proto, numeric)
        );
        let state = match r.state {
            "LISTEN" => "LISTEN",
            "ESTAB" => "ESTABLISHED",
            "TIME-WAIT" => "TIME_WAIT",
            _ => "",
        };
        let _ = write!(
            s,
            "{:<5} {:>6} {:>6} {local:<23} {peer:<23} {state:<11}",
            format!("{}{}", r.proto.name(), if r.v6 { "6" } else { "" }),
            r.recv_q,
            0
        );
        if procs {
            let p = match r.pid {
                Some(pid) if !r.comm.is_empty() => format!("{pid}/{}", r.comm),
                _ => "-".into(),
            };
            let _ = write!(s, " {p:<20}");
        }
        s.push('\n');
    }
    CmdOutput::text(s)
}

/// The filter forms `sport = :N` and `dport = :N` (also `==`, `eq`, and
/// the port without its colon), all of which must hold: `(true, N)` is a
/// local port, `(false, N)` a peer's. Err: the first word not understood.
///
/// A `state NAME` keeps the sockets in that state (`established` is
/// `ESTAB`); its name is returned as ss prints it.
#[allow(clippy::type_complexity)]
fn port_filter(words: &[String]) -> Result<(Vec<(bool, u16)>, Option<String>), String> {
    let mut out = Vec::new();
    let mut state = None;
    let mut i = 0;
    while i < words.len() {
        if words[i] == "state" {
            let name = words.get(i + 1).ok_or_else(|| words[i].clone())?;
            state = Some(match name.as_str() {
                "established" => "ESTAB".to_string(),
                "listening" => "LISTEN".to_string(),
                n @ ("syn-sent" | "syn-recv" | "fin-wait-1" | "fin-wait-2" | "time-wait"
                | "close-wait" | "last-ack" | "closing") => n.to_uppercase(),
                _ => return Err(name.clone()),
            });
            i += 2;
            continue;
        }
        let local = match words[i].as_str() {
            "sport" => true,
            "dport" => false,
            w => return Err(w.to_string()),
        };
        let op = words.get(i + 1).map(String::as_str);
        if !matches!(op, Some("=" | "==" | "eq")) {
            return Err(words[i].clone());
        }
        let port = words
            .get(i + 2)
            .and_then(|p| p.trim_start_matches(':').parse().ok())
            .ok_or_else(|| words[i].clone())?;
        out.push((local, port));
        i += 3;
    }
    Ok((out, state))
}
