//! `ping` from iputils 20221126 (Debian 12), driven by the datapath.
//!
//! Follows ping(8): `-c COUNT`, `-i INTERVAL`, `-I IFACE|ADDR`, `-W TIMEOUT`,
//! `-t TTL`, `-s SIZE`, `-q`, `-n`, `-4`. Per-reply lines with ttl and
//! time, the statistics block, `From A icmp_seq=N Destination Host
//! Unreachable` when ARP gets no answer (reported in batches of three, as
//! the kernel gives up on a neighbour after three probes), `ping: connect:
//! Network is unreachable` with no route. Times are virtual (from the hops
//! taken) so output repeats; the pause between probes is real and
//! interruptible. Without `-c` it runs until interrupted (capped).

// The error of a parse step is the tool output itself; it is built once per
// command, so its size does not matter.
#![allow(clippy::result_large_err)]

use super::args::{self, Form, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::display::{trace as trace_view, MimeBundle};
use crate::shell::command::gnu::refused_or;
use crate::sim::packet::{IcmpError, L4};
use crate::sim::stack::probe::{ProbeOpts, ProbeOutcome};
use crate::sim::{Trace, World};
use core::net::Ipv4Addr;
use core::time::Duration;
use std::fmt::Write as _;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ping",
    summary: "send ICMP ECHO_REQUEST to network hosts",
    summary_ko: "ICMP echo 요청을 보내 상대에게 닿는지 확인합니다 (경로와 ARP 과정을 그림으로 보여줌)",
    usage: "ping [-c count] [-i interval] [-I interface] [-W timeout] [-t ttl] [-s packetsize] [-q] [-n] destination",
    run: ping,
    complete: None,
}];

/// Probes sent by `ping` without `-c` before netbook stops it.
pub const UNBOUNDED_CAP: u32 = 60;

/// Most probes one `ping` sends, whatever `-c` says: the command's work
/// budget (`-c 4294967295` would run for 136 years at one a second).
pub const PROBE_BUDGET: u32 = 100_000;

const USAGE: &str = "
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -c <count>         stop after <count> replies
  -i <interval>      seconds between sending each packet
  -I <interface>     either interface name or address
  -n                 no dns name resolution
  -q                 quiet output
  -s <size>          use <size> as number of data bytes to be sent
  -t <ttl>           define time to live
  -W <timeout>       time to wait for response

For more details see ping(8).
";

/// Resolves a name the way ping does (getaddrinfo through nsswitch.conf:
/// `/etc/hosts` as seen from the namespace, then DNS over the simulated
/// network): an IPv4 literal, or the first IPv4 address found.
pub fn resolve_host(w: &mut World, netns: Option<&str>, name: &str) -> Option<Ipv4Addr> {
    resolve_host_err(w, netns, name).ok()
}

/// Like [`resolve_host`], with getaddrinfo's message on failure
/// (`Name or service not known`, `Temporary failure in name resolution`).
pub fn resolve_host_err(
    w: &mut World,
    netns: Option<&str>,
    name: &str,
) -> Result<Ipv4Addr, &'static str> {
    resolve_canonical(w, netns, name).map(|(ip, _)| ip)
}

/// Like [`resolve_host_err`], with the canonical name getaddrinfo reports
/// (AI_CANONNAME: the `/etc/hosts` line's first name, the end of a CNAME
/// chain, the search-list expansion), which ping prints.
pub fn resolve_canonical(
    w: &mut World,
    netns: Option<&str>,
    name: &str,
) -> Result<(Ipv4Addr, String), &'static str> {
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Ok((ip, ip.to_string()));
    }
    let r = crate::sim::dns::resolver::resolve_host(w, netns, name, None);
    let canonical = if r.canonical.is_empty() {
        name.to_string()
    } else {
        r.canonical.clone()
    };
    r.addrs
        .iter()
        .find_map(|a| match a {
            core::net::IpAddr::V4(v) => Some((*v, canonical.clone())),
            _ => None,
        })
        .ok_or_else(|| r.gai_error().unwrap_or("Name or service not known"))
}

/// The first name `/etc/hosts` gives an address (NSS `files` reverse lookup).
pub fn reverse_host(w: &World, netns: Option<&str>, ip: Ipv4Addr) -> Option<String> {
    let hosts = w.read_file(netns, "/etc/hosts").ok()?;
    hosts.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut f = line.split_whitespace();
        let a: Ipv4Addr = f.next()?.parse().ok()?;
        if a == ip {
            f.next().map(str::to_string)
        } else {
            None
        }
    })
}

/// How ping names a replying host: the bare address when the destination
/// was numeric or the address has no name, else `name (address)`.
fn shown_addr(w: &World, netns: Option<&str>, ip: Ipv4Addr, numeric: bool) -> String {
    match reverse_host(w, netns, ip) {
        Some(name) if !numeric => format!("{name} ({ip})"),
        _ => ip.to_string(),
    }
}

/// Formats µs the way iputils prints a reply time.
pub fn fmt_time(us: u64) -> String {
    if us >= 100_000 - 50 {
        format!("{}", (us + 500) / 1000)
    } else if us >= 10_000 - 5 {
        format!("{}.{:01}", (us + 50) / 1000, ((us + 50) % 1000) / 100)
    } else if us >= 1000 {
        format!("{}.{:02}", (us + 5) / 1000, ((us + 5) % 1000) / 10)
    } else {
        format!("{}.{:03}", us / 1000, us % 1000)
    }
}

/// C's `%g` for the loss percentage.
fn fmt_g(v: f64) -> String {
    if v == v.trunc() {
        return format!("{}", v as i64);
    }
    let digits = 6 - (v.abs().log10().floor() as i32 + 1);
    let s = format!("{:.*}", digits.max(0) as usize, v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

struct Opts {
    count: Option<u32>,
    interval: f64,
    iface: Option<String>,
    ttl: u8,
    size: u32,
    quiet: bool,
    broadcast: bool,
    numeric: bool,
    /// `-W`: how long to wait after the last probe when nothing answered
    /// (iputils' lingertime, 10 s by default).
    linger: f64,
    /// `-w`: when ping exits whatever happens.
    deadline: Option<f64>,
    /// `-O`: say so when the last probe is still unanswered as the next
    /// one goes.
    outstanding: bool,
    /// `-D`: each line starts with the wall clock, `[SECONDS.MICROS] `.
    timestamps: bool,
    dest: String,
}

/// iputils ping's options (plain getopt: short letters only), keyed by
/// their letter.
const PING_OPTS: &[Opt<char>] = &[
    Opt::value('c', 'c'),
    Opt::value('i', 'i'),
    Opt::value('I', 'I'),
    Opt::value('W', 'W'),
    Opt::value('w', 'w'),
    Opt::value('t', 't'),
    Opt::value('s', 's'),
    Opt::short('q', 'q'),
    Opt::short('b', 'b'),
    Opt::short('n', 'n'),
    // Every simulated address is IPv4 already.
    Form::short('4').ignored(),
    // Socket and resolver details, ident=, ICMP error dumps.
    Form::short('v').refused(),
    Opt::short('D', 'D'),
    Opt::short('O', 'O'),
    Opt::short('h', 'h'),
];

fn parse(args: &[String]) -> Result<Opts, CmdOutput> {
    let mut o = Opts {
        count: None,
        interval: 1.0,
        iface: None,
        // 0: the namespace's net.ipv4.ip_default_ttl (`-t` takes 1..=255).
        ttl: 0,
        size: 56,
        quiet: false,
        broadcast: false,
        numeric: false,
        linger: 10.0,
        deadline: None,
        outstanding: false,
        timestamps: false,
        dest: String::new(),
    };
    let bad = |msg: String| CmdOutput::usage(1, format!("ping: {msg}\n"));
    // getopt's line, then a blank line and the usage, as iputils prints.
    let items = args::parse(PING_OPTS, args)
        .map_err(|e| refused_or("ping", 2, &e, |m| CmdOutput::usage(2, m + USAGE)))?;
    for item in items {
        let (flag, val) = match item {
            // Like ping, the last operand wins.
            Item::Operand(a) => {
                o.dest = a;
                continue;
            }
            Item::Flag(f) => (f, String::new()),
            Item::Value(f, v) => (f, v),
        };
        match flag {
            'c' => {
                o.count = Some(match val.parse::<i64>() {
                    Ok(n) if n > 0 && n <= i64::from(u32::MAX) => n as u32,
                    Ok(_) => {
                        return Err(bad(format!(
                    "invalid argument: '{val}': out of range: 1 <= value <= 9223372036854775807"
                )))
                    }
                    Err(_) => return Err(bad(format!("invalid argument: '{val}'"))),
                })
            }
            'i' => {
                o.interval = match val.parse::<f64>() {
                    Ok(v) if v >= 0.002 && v.is_finite() => v,
                    _ => return Err(bad(format!("bad timing interval: {val}"))),
                }
            }
            'I' => o.iface = Some(val),
            'W' | 'w' => {
                let v = match val.parse::<f64>() {
                    Ok(v) if v >= 0.0 && v.is_finite() => v,
                    _ => return Err(bad(format!("bad linger time: {val}"))),
                };
                if flag == 'W' {
                    o.linger = v;
                } else if v > 0.0 {
                    o.deadline = Some(v);
                }
            }
            't' => {
                o.ttl = match val.parse::<u16>() {
                    Ok(v) if (1..=255).contains(&v) => v as u8,
                    _ => {
                        return Err(bad(format!(
                            "invalid argument: '{val}': out of range: 0 <= value <= 255"
                        )))
                    }
                }
            }
            's' => {
                o.size = match val.parse::<u32>() {
                    Ok(v) if v <= 65507 => v,
                    _ => return Err(bad(format!("invalid argument: '{val}'"))),
                }
            }
            'q' => o.quiet = true,
            'b' => o.broadcast = true,
            'n' => o.numeric = true,
            'h' => return Err(CmdOutput::usage(2, USAGE.trim_start().to_string())),
            'O' => o.outstanding = true,
            'D' => o.timestamps = true,
            _ => {}
        }
    }
    if o.dest.is_empty() {
        return Err(CmdOutput::usage(
            1,
            "ping: usage error: Destination address required\n",
        ));
    }
    Ok(o)
}

/// `-D`'s prefix for a line printed `at_us` on the virtual clock.
fn stamp(on: bool, at_us: u64) -> String {
    if !on {
        return String::new();
    }
    let secs = crate::sim::dns::CLOCK_EPOCH_UNIX + at_us / 1_000_000;
    format!("[{secs}.{:06}] ", at_us % 1_000_000)
}

/// When the neighbour code gives up on a probe sent at `t`: probes are
/// queued on an INCOMPLETE entry for three seconds, then all fail together.
fn arp_fails_at(batch: &mut Option<f64>, t: f64) -> f64 {
    let st = match *batch {
        Some(st) if t < st + 3.0 => st,
        _ => {
            *batch = Some(t);
            t
        }
    };
    st + 3.0
}

fn ping(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let (dst, canonical) = match resolve_canonical(ctx.world, ctx.netns.as_deref(), &o.dest) {
        Ok(d) => d,
        Err(e) => return CmdOutput::error(2, format!("ping: {}: {e}\n", o.dest)),
    };
    let broadcast = dst.is_broadcast()
        || ctx.world.links_of(ns).any(|(_, l)| {
            l.addrs
                .iter()
                .any(|a| a.prefix < 31 && a.brd.unwrap_or_else(|| a.net().broadcast()) == dst)
        });
    if broadcast && !o.broadcast {
        return CmdOutput::error(
            2,
            "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n",
        );
    }
    let mut popts = ProbeOpts {
        ttl: if o.ttl == 0 {
            ctx.world.default_ttl(ns)
        } else {
            o.ttl
        },
        // `-s`: the datagram's size shows in counters and `-m length`.
        len: (o.size != 56).then_some(o.size + 28),
        ..Default::default()
    };
    let mut from_line = String::new();
    if let Some(i) = &o.iface {
        match i.parse::<Ipv4Addr>() {
            Ok(a) => {
                popts.src = Some(a);
                from_line = format!(" from {a} : ");
            }
            Err(_) => match ctx.world.link_by_name(ns, i) {
                Ok(l) => popts.dev = Some(l),
                Err(_) => {
                    return CmdOutput::error(
                        2,
                        format!("ping: SO_BINDTODEVICE {i}: No such device\n"),
                    )
                }
            },
        }
    }
    // connect(): the route (and source) must exist before anything is sent.
    let ident = ctx.world.icmp_ident();
    let first = ctx
        .world
        .probe(ns, dst, &popts, L4::EchoRequest { id: ident, seq: 1 });
    let first = match first {
        Ok(p) => p,
        Err(e) => return CmdOutput::error(2, format!("ping: {e}\n")),
    };
    if let (Some(dev), Some(_)) = (popts.dev, &o.iface) {
        from_line = format!(" from {} {}: ", first.src, ctx.world.link(dev).name);
    }
    let numeric = o.numeric || o.dest.parse::<Ipv4Addr>().is_ok();
    let name = canonical;
    let mut text = if from_line.is_empty() {
        format!(
            "PING {name} ({dst}) {}({}) bytes of data.\n",
            o.size,
            o.size + 28
        )
    } else {
        format!(
            "PING {name} ({dst}){from_line}{}({}) bytes of data.\n",
            o.size,
            o.size + 28
        )
    };
    // With -w, ping keeps sending until the deadline (the count then
    // bounds the answers, not the probes).
    let total = match o.deadline {
        Some(d) => ((d / o.interval).ceil() as u32).clamp(1, PROBE_BUDGET),
        None => o.count.unwrap_or(UNBOUNDED_CAP).min(PROBE_BUDGET),
    };
    let mut batch: Option<f64> = None;
    // Arrival times of the ARP errors (never decreasing), how many of them
    // and of the replies ping has read, and when that reached the count.
    let mut error_times: Vec<f64> = Vec::new();
    let mut next_err = 0usize;
    let mut answered = 0u64;
    let mut done_at: Option<f64> = None;
    let wanted = o.count.map(u64::from);
    let mut rtts = Rtts::default();
    let mut sent = 0u32;
    let mut unreach: Vec<(u32, Ipv4Addr, IcmpError, f64)> = Vec::new();
    let mut other_err = 0u32;
    let mut first_trace: Option<Trace> = None;
    let mut interrupted = false;
    let mut pending = Some(first);
    // Without -c (or with more probes than netbook shows at once), replies
    // print as they come, one interval apart in real time, until an
    // interrupt; with a small -c (or piped) only the virtual clock moves, so
    // the same output appears at once.
    // A background job (`ping -c 3 HOST &`) prints as it goes too: the
    // shell shows each line when the virtual clock reaches it.
    let in_job = ctx.world.transport.spawning.is_some();
    let live = (in_job || o.count.is_none_or(|c| c > UNBOUNDED_CAP)) && ctx.live.is_some();
    let mut streamed = false;
    // -O's lines once ARP errors are pending, merged with those by time.
    let mut late: Vec<(f64, String)> = Vec::new();
    let mut last_replied = false;
    let start_us = ctx.world.now_us;
    let at = |t: f64| start_us + (t * 1e6) as u64;
    for seq in 1..=total {
        let t = f64::from(seq - 1) * o.interval;
        // Errors due by now may already have ended it (count answered),
        // or the deadline.
        while done_at.is_none() && error_times.get(next_err).is_some_and(|e| *e <= t) {
            answered += 1;
            if wanted.is_some_and(|c| answered >= c) {
                done_at = Some(error_times[next_err]);
            }
            next_err += 1;
        }
        if seq > 1 && (done_at.is_some() || o.deadline.is_some_and(|d| t >= d)) {
            break;
        }
        if seq > 1 {
            if live {
                streamed |= ctx.stream(&mut text);
                if !ctx.sleep(Duration::from_secs_f64(o.interval)) {
                    interrupted = true;
                    break;
                }
            } else if ctx.interrupted() {
                interrupted = true;
                break;
            }
            ctx.world.advance((o.interval * 1e6) as u64);
            if ctx.interrupted() {
                // A `timeout` deadline came before this probe.
                interrupted = true;
                break;
            }
            if o.outstanding && !last_replied {
                let line = format!(
                    "{}no answer yet for icmp_seq={}\n",
                    stamp(o.timestamps, at(t)),
                    seq - 1
                );
                if unreach.is_empty() {
                    text += &line;
                } else {
                    late.push((t, line));
                }
            }
        }
        last_replied = false;
        let probe = match pending.take() {
            Some(p) => p,
            None => match ctx.world.probe(
                ns,
                dst,
                &popts,
                L4::EchoRequest {
                    id: ident,
                    seq: seq as u16,
                },
            ) {
                Ok(p) => p,
                Err(e) => {
                    text += &format!(
                        "ping: sendmsg: {}\n",
                        e.to_string().trim_start_matches("connect: ")
                    );
                    sent += 1;
                    other_err += 1;
                    continue;
                }
            },
        };
        sent += 1;
        let fails_at = arp_fails_at(&mut batch, t);
        if first_trace.is_none()
            || (rtts.n == 0 && matches!(probe.outcome, ProbeOutcome::Reply { .. }))
        {
            first_trace = Some(probe.trace.clone());
        }
        match probe.outcome {
            ProbeOutcome::Reply { from, ttl } => {
                last_replied = true;
                rtts.add(probe.rtt_us);
                answered += 1;
                if wanted.is_some_and(|c| answered >= c) {
                    done_at = Some(t);
                }
                if !o.quiet {
                    let _ = writeln!(
                        text,
                        "{}{} bytes from {}: icmp_seq={seq} ttl={ttl} time={} ms",
                        stamp(o.timestamps, at(t) + probe.rtt_us),
                        o.size + 8,
                        shown_addr(ctx.world, ctx.netns.as_deref(), from, numeric),
                        fmt_time(probe.rtt_us)
                    );
                }
            }
            // A router's ARP for the next hop that nobody answered: its
            // Host Unreachable comes seconds later. An unreachable route
            // answers at once, as any other error.
            ProbeOutcome::Error {
                from,
                kind: IcmpError::HostUnreachable,
            } if arp_failed(&probe.trace) => {
                unreach.push((seq, from, IcmpError::HostUnreachable, fails_at));
                error_times.push(fails_at);
            }
            ProbeOutcome::Error { from, kind } => {
                other_err += 1;
                if !o.quiet {
                    let _ = writeln!(
                        text,
                        "{}From {from} icmp_seq={seq} {}",
                        stamp(o.timestamps, at(t)),
                        kind.ping_text()
                    );
                }
                if probe.eperm {
                    // REJECT in the sender's own OUTPUT chain: sendmsg() fails too.
                    text += "ping: sendmsg: Operation not permitted\n";
                }
            }
            ProbeOutcome::Lost => {}
        }
    }
    // ARP failures surface three seconds after the first queued probe,
    // if ping is still there to read them.
    let last_send = f64::from(sent.saturating_sub(1)) * o.interval;
    while done_at.is_none() && next_err < error_times.len() {
        answered += 1;
        if wanted.is_some_and(|c| answered >= c) {
            done_at = Some(error_times[next_err]);
        }
        next_err += 1;
    }
    // iputils exits at the deadline, once the count is answered, or (no
    // deadline) after waiting -W past the last probe when nothing answered.
    let horizon = if o.count.is_none() && o.deadline.is_none() {
        // netbook's own stop (an interrupt on the real host).
        (last_send + 1.0).max(3.0)
    } else {
        let mut exit = o.deadline.unwrap_or(f64::INFINITY);
        if let Some(d) = done_at {
            exit = exit.min(d);
        }
        if o.deadline.is_none() {
            let wait = if rtts.n == 0 {
                o.linger
            } else {
                o.interval.max(0.002)
            };
            exit = exit.min(last_send + wait);
        }
        exit
    };
    let bounded = o.count.is_some() || o.deadline.is_some();
    if bounded && !interrupted && horizon.is_finite() && horizon > last_send {
        ctx.world.advance(((horizon - last_send) * 1e6) as u64);
    }
    let mut errors = other_err;
    for (seq, from, kind, arrives) in &unreach {
        if *arrives <= horizon && !interrupted {
            errors += 1;
            if !o.quiet {
                // After any -O line due by then: ping sends before it reads.
                let line = format!(
                    "{}From {from} icmp_seq={seq} {}\n",
                    stamp(o.timestamps, at(*arrives)),
                    kind.ping_text()
                );
                let due = late.partition_point(|(t, _)| t <= arrives);
                late.insert(due, (*arrives, line));
            }
        }
    }
    for (_, line) in late {
        text += &line;
    }
    let received = rtts.n as u32;
    let loss = if sent == 0 {
        0.0
    } else {
        f64::from(sent - received) * 100.0 / f64::from(sent)
    };
    let elapsed = if sent > 1 {
        (f64::from(sent - 1) * o.interval * 1000.0) as u64 + u64::from(sent - 1) * 2
    } else {
        0
    };
    // iputils catches INT and ALRM to print its statistics; another
    // signal from `timeout` ends it with what it printed so far.
    if let Some(sig) = ctx.world.heed_deadline().filter(|s| *s != 2 && *s != 14) {
        // ping flushes stdout with each packet it reads: the PING line
        // alone is still in a pipe's buffer and dies with it.
        if ctx.live.is_none() && text.lines().count() <= 1 {
            text.clear();
        }
        let mut out = CmdOutput::text(text);
        out.status = 128 + sig as i32;
        return out;
    }
    let _ = write!(
        text,
        "\n--- {name} ping statistics ---\n{sent} packets transmitted, {received} received"
    );
    if errors > 0 {
        let _ = write!(text, ", +{errors} errors");
    }
    let _ = writeln!(text, ", {}% packet loss, time {elapsed}ms", fmt_g(loss));
    // The most probes outstanding at once: those queued on one INCOMPLETE
    // entry before it failed.
    let mut pipe = 1u32;
    let mut run = 0u32;
    for (i, t) in error_times.iter().enumerate() {
        run = if i > 0 && error_times[i - 1] == *t {
            run + 1
        } else {
            1
        };
        pipe = pipe.max(run);
    }
    if received > 0 {
        let n = rtts.n;
        let avg = rtts.sum / n;
        let var = (rtts.sum2 / u128::from(n)) as i128 - i128::from(avg) * i128::from(avg);
        let mdev = (var.max(0) as f64).sqrt() as u64;
        let (min, max) = (rtts.min, rtts.max);
        let f = |v: u64| format!("{}.{:03}", v / 1000, v % 1000);
        let _ = write!(
            text,
            "rtt min/avg/max/mdev = {}/{}/{}/{} ms",
            f(min),
            f(avg),
            f(max),
            f(mdev)
        );
        if pipe > 1 {
            let _ = write!(text, ", pipe {pipe}");
        }
        text.push('\n');
    } else {
        if pipe > 1 && errors > 0 {
            let _ = write!(text, "pipe {pipe}");
        }
        text.push('\n');
    }
    let status = if received > 0 { 0 } else { 1 };
    let warning = if broadcast {
        "WARNING: pinging broadcast address\n"
    } else {
        ""
    };
    if streamed {
        // The lines are already on screen: only the rest follows, as text.
        let mut out = CmdOutput::text(text);
        out.status = status;
        out.stderr = warning.to_string();
        if !interrupted && sent == PROBE_BUDGET {
            // netbook's own limit, not ping's: said as netbook, on stderr.
            out.stderr.push_str(&format!(
                "netbook: stopped ping after {PROBE_BUDGET} packets (its work budget)\n"
            ));
        }
        return out;
    }
    let mut bundle = MimeBundle::plain(text.clone());
    if let Some(t) = &first_trace {
        bundle = bundle.with_html(trace_view::trace_html(&text, t));
    }
    let mut out = CmdOutput::rich(bundle);
    out.status = status;
    out.stderr = warning.to_string();
    if o.count.is_none() && !interrupted && sent == UNBOUNDED_CAP {
        out.stderr.push_str(&format!(
            "netbook: stopped ping without -c after {UNBOUNDED_CAP} packets; use -c N\n"
        ));
    }
    if o.count.is_some_and(|c| c > PROBE_BUDGET) && !interrupted && sent == PROBE_BUDGET {
        out.stderr.push_str(&format!(
            "netbook: stopped ping after {PROBE_BUDGET} packets (its work budget)\n"
        ));
    }
    out
}

/// Round-trip statistics kept as running sums: memory stays constant
/// however many replies come.
#[derive(Default)]
struct Rtts {
    n: u64,
    sum: u64,
    sum2: u128,
    min: u64,
    max: u64,
}

impl Rtts {
    fn add(&mut self, us: u64) {
        self.min = if self.n == 0 { us } else { self.min.min(us) };
        self.max = self.max.max(us);
        self.n += 1;
        self.sum += us;
        self.sum2 += u128::from(us) * u128::from(us);
    }
}

/// Whether a walk gave up on an ARP request.
fn arp_failed(t: &crate::sim::Trace) -> bool {
    t.steps.iter().any(|s| {
        matches!(
            s,
            crate::sim::Step::Drop {
                reason: crate::sim::trace::DropReason::ArpFailed(_),
                ..
            }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn verbose_is_refused_and_o_d_are_read() {
        let e = parse(&words("-v 10.0.0.1")).err().expect("refused");
        assert_eq!(e.stderr, "netbook: ping -v is not simulated\n");
        let Ok(o) = parse(&words("-DO -4 10.0.0.1")) else {
            panic!("parsed")
        };
        assert!(o.outstanding && o.timestamps);
    }
}
