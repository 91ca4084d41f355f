//! `wget` (GNU Wget 1.21.3): fetches one HTTP URL over the simulated
//! stack, with wget's log on stderr (its dates from the virtual clock),
//! its retries of a connect that timed out, and its exit codes (4 for a
//! network failure, 8 for an HTTP error).

use super::curl::{parse_url, SYN_TIMEOUT_MS};
use super::curl_request::remote_name;
use super::wget_args::{self, WgetArgs};
use super::{http_exchange, ns_of, CmdOutput, Ctx};
use crate::shell::command::not_simulated;
use crate::sim::packet::IcmpError;
use crate::sim::stack::clock::Civil;
use crate::sim::stack::fs::FsError;
use crate::sim::stack::transport::{ConnectError, ConnectOpts};
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// A failed ARP for the destination reports "No route to host" after
/// this long (as for curl).
const ARP_FAIL_MS: u64 = 3_071;
/// wget's exit status for a network failure, and for an HTTP error.
const NETWORK_FAILURE: i32 = 4;
const SERVER_ERROR: i32 = 8;
/// How many `.N` names wget tries beside an existing file, at most here.
const MAX_SUFFIX: u32 = 1000;

/// wget's log date, `2026-12-06 03:57:20`, of the virtual clock.
fn stamp(ctx: &Ctx) -> String {
    let c = Civil::from_unix(ctx.world.wall_clock_s());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.min, c.sec
    )
}

/// The human size in `Length:` (`2.9K`, `12K`, `1.5M`).
fn human(n: usize) -> String {
    let mut v = n as f64;
    for unit in ["K", "M", "G", "T"] {
        v /= 1024.0;
        if v < 1024.0 || unit == "T" {
            return if v < 10.0 {
                format!("{v:.1}{unit}")
            } else {
                format!("{}{unit}", v.round())
            };
        }
    }
    n.to_string()
}

/// The dot progress of an `n`-byte body: one dot a KiB, 50 a line, each
/// line led by its offset; the last line ends in `100%` and the speed.
/// The transfer takes no virtual time, so the speed shown is netbook's.
fn progress(n: usize) -> String {
    let kib = n / 1024;
    let mut s = String::new();
    let rows = kib / 50 + 1;
    for row in 0..rows {
        let _ = write!(s, "{:>6}K", row * 50);
        let dots = if row + 1 == rows { kib % 50 } else { 50 };
        for i in 0..50 {
            if i % 10 == 0 {
                s.push(' ');
            }
            s.push(if i < dots { '.' } else { ' ' });
        }
        if row + 1 == rows {
            s += "100% 1000M=0s\n";
        } else {
            let pct = (row + 1) * 50 * 1024 * 100 / n.max(1);
            let _ = writeln!(s, " {pct:>2}% 1000M 0s");
        }
    }
    s
}

/// Where the body goes: a file (and its name in the log) or stdout.
enum Sink {
    Stdout,
    File(String),
}

/// The file `wget URL` saves to: the path's last segment (`index.html`
/// for none), `.1`, `.2`... when it exists already.
fn local_name(ctx: &mut Ctx, path: &str) -> Result<String, CmdOutput> {
    let base = remote_name(path).unwrap_or_else(|_| "index.html".to_string());
    let taken = |ctx: &mut Ctx, f: &str| ctx.world.read_file(ctx.netns.as_deref(), f).is_ok();
    if !taken(ctx, &base) {
        return Ok(base);
    }
    (1..=MAX_SUFFIX)
        .map(|n| format!("{base}.{n}"))
        .find(|f| !taken(ctx, f))
        .ok_or_else(|| not_simulated("wget", &format!("a {MAX_SUFFIX}th copy of {base}"), 1))
}

/// Writes `body` to `f` (`/dev/null` takes it all), or wget's message:
/// the file and the errno text.
fn save(ctx: &mut Ctx, f: &str, body: &str) -> Result<(), String> {
    if f == "/dev/null" {
        return Ok(());
    }
    ctx.world
        .write_file(ctx.netns.as_deref(), f, body, false)
        .map_err(|e| match e {
            FsError::NoParent(_) => format!("{f}: No such file or directory\n"),
            e => format!("{e}\n"),
        })
}

/// What one connect attempt came to.
enum Attempt {
    Connected(crate::sim::stack::transport::Conn),
    /// wget tries again (a connect that timed out).
    Retry,
    /// wget gives up at once (refused, unreachable).
    Fatal,
}

pub(crate) fn wget(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match wget_args::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let url = if a.url.contains("://") {
        a.url.clone()
    } else {
        format!("http://{}", a.url)
    };
    let u = match parse_url(&url) {
        Ok(u) if u.scheme == "http" => u,
        _ => return not_simulated("wget", &format!("{} (only http:// URLs are)", a.url), 1),
    };
    // wget opens -O's file before it connects.
    let sink = match a.output.as_deref() {
        Some("-") => Sink::Stdout,
        Some(f) => {
            if let Err(e) = save(ctx, f, "") {
                return CmdOutput::error(1, e);
            }
            Sink::File(f.to_string())
        }
        None => Sink::File(String::new()),
    };
    let shown_url = if u.port == 80 {
        format!("http://{}{}", u.host, u.path)
    } else {
        format!("http://{}:{}{}", u.host, u.port, u.path)
    };
    let mut log = String::new();
    if a.spider {
        log += "Spider mode enabled. Check if remote file exists.\n";
    }
    let mut out = CmdOutput::default();
    let mut conn = None;
    for attempt in 1..=a.tries {
        let try_note = if attempt > 1 {
            format!("(try:{attempt:>2})  ")
        } else {
            String::new()
        };
        let _ = writeln!(log, "--{}--  {try_note}{shown_url}", stamp(ctx));
        let named = u.host.parse::<Ipv4Addr>().is_err();
        let dst = if named {
            let _ = write!(log, "Resolving {0} ({0})... ", u.host);
            match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &u.host) {
                Ok(ip) => {
                    let _ = writeln!(log, "{ip}");
                    ip
                }
                Err(e) => {
                    let _ = writeln!(log, "failed: {e}.");
                    let _ = writeln!(log, "wget: unable to resolve host address ‘{}’", u.host);
                    out.status = NETWORK_FAILURE;
                    break;
                }
            }
        } else {
            u.host.parse().unwrap_or(Ipv4Addr::UNSPECIFIED)
        };
        if named {
            let _ = write!(
                log,
                "Connecting to {0} ({0})|{dst}|:{1}... ",
                u.host, u.port
            );
        } else {
            let _ = write!(log, "Connecting to {dst}:{}... ", u.port);
        }
        match connect(ctx, ns, dst, u.port, &a, &mut log) {
            Attempt::Connected(c) => {
                log += "connected.\n";
                conn = Some(c);
                break;
            }
            Attempt::Fatal => {
                out.status = NETWORK_FAILURE;
                break;
            }
            Attempt::Retry if attempt == a.tries => {
                log += "Giving up.\n\n";
                out.status = NETWORK_FAILURE;
            }
            Attempt::Retry => {
                log += "Retrying.\n\n";
                // --waitretry's default: one second more each time, at most 10.
                ctx.world.advance(u64::from(attempt.min(10)) * 1_000_000);
            }
        }
    }
    if let Some(c) = conn {
        let host_hdr = if u.port == 80 {
            u.host.clone()
        } else {
            format!("{}:{}", u.host, u.port)
        };
        let method = if a.spider { "HEAD" } else { "GET" };
        let request = format!(
            "{method} {} HTTP/1.1\r\nHost: {host_hdr}\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: Keep-Alive\r\n\r\n",
            u.path
        );
        let (answer, server_log) = http_exchange(ctx.world, &c, request.as_bytes());
        let sink = match sink {
            Sink::File(f) if f.is_empty() => match local_name(ctx, &u.path) {
                Ok(f) => Sink::File(f),
                Err(e) => return e,
            },
            s => s,
        };
        out = response(ctx, &a, &sink, &answer, &mut log);
        log += &server_log;
    }
    if !a.quiet {
        out.stderr = log + &out.stderr;
    }
    out
}

/// One connect, with its outcome written after `Connecting to ...`.
fn connect(
    ctx: &mut Ctx,
    ns: crate::sim::NsId,
    dst: Ipv4Addr,
    port: u16,
    a: &WgetArgs,
    log: &mut String,
) -> Attempt {
    let e = match ctx.world.connect(ns, dst, port, &ConnectOpts::default()) {
        Ok(c) => return Attempt::Connected(c),
        Err(e) => e,
    };
    let waits = match &e {
        ConnectError::TimedOut { .. } => Some(SYN_TIMEOUT_MS),
        ConnectError::Unreachable {
            kind: IcmpError::HostUnreachable,
            ..
        } => Some(ARP_FAIL_MS),
        _ => None,
    };
    let limit = a.timeout.map(|t| (t * 1000.0) as u64);
    match (waits, limit) {
        (Some(w), Some(l)) if l < w => {
            ctx.world.advance(l * 1000);
            *log += "failed: Connection timed out.\n";
            return Attempt::Retry;
        }
        (Some(w), _) => ctx.world.advance(w * 1000),
        (None, _) => {}
    }
    let _ = writeln!(log, "failed: {}.", e.strerror());
    if matches!(e, ConnectError::TimedOut { .. }) {
        Attempt::Retry
    } else {
        Attempt::Fatal
    }
}

/// The status line, headers and body of an answer, as wget logs and
/// saves them.
fn response(
    ctx: &mut Ctx,
    a: &WgetArgs,
    sink: &Sink,
    answer: &[u8],
    log: &mut String,
) -> CmdOutput {
    *log += "HTTP request sent, awaiting response... ";
    let text = String::from_utf8_lossy(answer).to_string();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        *log += "No data received.\nRetrying.\n\n";
        return not_simulated("wget", "retrying after an empty reply", NETWORK_FAILURE);
    };
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n, v.trim()))
        .collect();
    let mut parts = status_line.splitn(3, ' ');
    let _ = parts.next();
    let code: u16 = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let reason = parts.next().unwrap_or("");
    if a.server_response {
        *log += "\n";
        for l in head.split("\r\n") {
            let _ = writeln!(log, "  {l}");
        }
    } else {
        let _ = writeln!(log, "{code} {reason}");
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    if !(200..300).contains(&code) {
        if a.spider {
            *log += "Remote file does not exist -- broken link!!!\n\n";
        } else {
            let _ = writeln!(log, "{} ERROR {code}: {reason}.\n", stamp(ctx));
        }
        return CmdOutput::error(SERVER_ERROR, "");
    }
    let kind = header("Content-Type");
    let length = header("Content-Length").and_then(|l| l.parse::<usize>().ok());
    *log += "Length: ";
    match length {
        Some(n) if n >= 1024 => {
            let _ = write!(log, "{n} ({})", human(n));
        }
        Some(n) => {
            let _ = write!(log, "{n}");
        }
        None => *log += "unspecified",
    }
    if let Some(k) = kind {
        let _ = write!(log, " [{k}]");
    }
    *log += "\n";
    if a.spider {
        *log += if kind.is_some_and(|k| k.starts_with("text/html")) {
            "Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n"
        } else {
            "Remote file exists.\n\n"
        };
        return CmdOutput::default();
    }
    let n = body.len();
    let mut out = CmdOutput::default();
    let saved = match sink {
        Sink::Stdout => {
            *log += "Saving to: ‘STDOUT’\n";
            out.stdout = body.to_string();
            format!("written to stdout [{n}/{n}]")
        }
        Sink::File(f) => {
            let _ = writeln!(log, "Saving to: ‘{f}’");
            if let Err(e) = save(ctx, f, body) {
                return CmdOutput::error(3, e);
            }
            format!("‘{f}’ saved [{n}/{n}]")
        }
    };
    let _ = writeln!(
        log,
        "\n{}\n{} (1000 MB/s) - {saved}\n",
        progress(n),
        stamp(ctx)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_dots() {
        assert_eq!(human(3000), "2.9K");
        assert_eq!(human(20_000), "20K");
        let line = progress(3000);
        assert!(line.starts_with("     0K .. "));
        assert_eq!(line.find("100%"), Some(62));
    }
}
