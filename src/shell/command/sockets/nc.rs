//! `nc` (netcat-openbsd): listen, connect, send, `-z` port scans, `-u` UDP.

use super::curl::SYN_TIMEOUT_MS;
use super::*;
use super::{CmdOutput, Ctx};
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::sim::netfilter::services::{name_port, port_name};
use crate::sim::stack::transport::{ConnectError, ConnectOpts, Service, SockProto};
use core::net::Ipv4Addr;

// ---- nc ---------------------------------------------------------------------
/// netcat-openbsd's usage, as it prints it after an option error.
const NC_USAGE: &str = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n";

/// What `nc` was asked to do.
#[derive(Debug, Default)]
struct NcArgs {
    listen: bool,
    udp: bool,
    zero: bool,
    verbose: bool,
    keep: bool,
    /// `-N`: shut the socket down after EOF on stdin.
    shutdown: bool,
    /// `-w`: connect and idle timeout, seconds.
    wait: Option<u64>,
    /// `-p`: the port to listen on (or the source port).
    port: Option<String>,
    /// `-s`: the address to listen on (or the source address).
    source: Option<String>,
    /// Destination and port (or the listen port).
    pos: Vec<String>,
}

/// netcat-openbsd's option letters (plain getopt, Debian's
/// "46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:W:vw:X:x:Zz"). The refused
/// ones are IPv6, telnet and CRLF modes, Unix sockets, proxies, socket
/// options, and `-h`'s help text.
const NC_OPTS: &[Opt<char>] = &[
    Opt::short('l', 'l'),
    Opt::short('u', 'u'),
    Opt::short('z', 'z'),
    Opt::short('v', 'v'),
    Opt::short('k', 'k'),
    Opt::short('N', 'N'),
    // Read and dropped: -4 because the simulated addresses are IPv4; -n
    // too, though a name given with it is still looked up.
    Form::short('n').ignored(),
    Form::short('4').ignored(),
    // Lingering after EOF changes nothing shown.
    Form::value('q').ignored(),
    Opt::value('w', 'w'),
    Opt::value('p', 'p'),
    Opt::value('s', 's'),
    Form::short('6').refused(),
    Form::short('b').refused(),
    Form::short('C').refused(),
    Form::short('D').refused(),
    Form::short('d').refused(),
    Form::short('F').refused(),
    Form::short('h').refused(),
    Form::short('r').refused(),
    Form::short('S').refused(),
    Form::short('t').refused(),
    Form::short('U').refused(),
    Form::short('Z').refused(),
    Form::value('I').refused(),
    Form::value('i').refused(),
    Form::value('M').refused(),
    Form::value('m').refused(),
    Form::value('O').refused(),
    Form::value('P').refused(),
    Form::value('T').refused(),
    Form::value('V').refused(),
    Form::value('W').refused(),
    Form::value('X').refused(),
    Form::value('x').refused(),
];

fn parse_nc(args: &[String]) -> Result<NcArgs, CmdOutput> {
    let items = args::parse(NC_OPTS, args)
        .map_err(|e| refused_or("nc", 1, &e, |m| CmdOutput::error(1, m + NC_USAGE)))?;
    let mut o = NcArgs::default();
    for item in items {
        match item {
            Item::Operand(w) => o.pos.push(w),
            Item::Flag(c) => match c {
                'l' => o.listen = true,
                'u' => o.udp = true,
                'z' => o.zero = true,
                'v' => o.verbose = true,
                'k' => o.keep = true,
                'N' => o.shutdown = true,
                _ => {}
            },
            Item::Value('w', v) => o.wait = v.parse().ok(),
            Item::Value('p', v) => o.port = Some(v),
            Item::Value('s', v) => o.source = Some(v),
            Item::Value(..) => {}
        }
    }
    Ok(o)
}

pub(crate) fn nc(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(n) => n,
        Err(e) => return e,
    };
    let NcArgs {
        listen,
        udp,
        zero,
        verbose,
        keep,
        shutdown,
        wait,
        port: port_opt,
        source,
        pos,
    } = match parse_nc(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let proto = if udp { SockProto::Udp } else { SockProto::Tcp };
    if listen {
        // netcat-openbsd's listen forms: `-p P [-s A]`, `P`, `A P`.
        let (addr, port) = match (pos.as_slice(), &port_opt, &source) {
            ([], Some(p), a) => (a.clone(), p.clone()),
            ([], None, _) => return CmdOutput::error(1, "nc: missing port number\n"),
            ([p], None, None) => (None, p.clone()),
            ([a, p], None, None) => (Some(a.clone()), p.clone()),
            _ => return CmdOutput::error(1, NC_USAGE),
        };
        let addr = match addr.map(|a| source_addr(ctx, &a)).transpose() {
            Ok(a) => a,
            Err(e) => return e,
        };
        let Ok(port) = port.parse::<u16>() else {
            return CmdOutput::error(1, format!("nc: port number invalid: {port}\n"));
        };
        let line = format!("nc {}", args.join(" "));
        let pid = ctx.world.spawn(ns, &line);
        if let Err(e) = ctx
            .world
            .serve(pid, proto, addr, port, Service::Netcat { keep })
        {
            ctx.world.exit_process(pid, 1);
            return CmdOutput::error(1, format!("nc: {e}\n"));
        }
        let mut out = CmdOutput::default();
        if verbose {
            out.stderr = format!(
                "Listening on {} {port}\n",
                addr.unwrap_or(Ipv4Addr::UNSPECIFIED)
            );
        }
        return foreground_server(ctx, pid, out, "nc -l waits for a connection: start it with `&` at the end, as in a terminal (it keeps listening here)");
    }
    let (host, port_args) = match pos.as_slice() {
        [h, p, more @ ..] => (h.clone(), [&[p.clone()][..], more].concat()),
        _ => return CmdOutput::error(1, NC_USAGE),
    };
    let mut ports = Vec::new();
    for p in &port_args {
        match port_list(p, proto.name()) {
            Ok(list) => ports.extend(list),
            Err(e) => return CmdOutput::error(1, e),
        }
    }
    let dst = match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host) {
        Ok(d) => d,
        Err(e) => {
            return CmdOutput::error(
                1,
                format!(
                    "nc: getaddrinfo for host \"{host}\" port {}: {e}\n",
                    port_args[0]
                ),
            )
        }
    };
    let src = match source.as_deref().map(|a| source_addr(ctx, a)).transpose() {
        Ok(s) => s,
        Err(e) => return e,
    };
    let opts = ConnectOpts {
        udp,
        src,
        sport: port_opt.and_then(|p| p.parse().ok()),
        ..Default::default()
    };
    let dial = Dial {
        ns,
        host: &host,
        dst,
        opts: &opts,
        zero,
        verbose,
        hold: !udp && !zero && !shutdown && wait.is_none(),
        wait,
        line: format!("nc {}", args.join(" ")),
    };
    // netcat-openbsd tries each port in turn and succeeds if one did.
    let mut out = CmdOutput::error(1, String::new());
    for port in ports {
        if ctx.interrupted() {
            break;
        }
        let (one, tried) = dial.port(ctx, port);
        if tried == Tried::Fatal {
            return one;
        }
        out.stdout += &one.stdout;
        out.stderr += &one.stderr;
        if tried == Tried::Connected {
            out.status = 0;
            out.fail = None;
        }
    }
    out
}

/// netcat-openbsd's `build_ports`: a port, a service name, or a range
/// `LO-HI` (either way round), each port checked as `strtonum(1, 65535)`.
fn port_list(arg: &str, proto: &str) -> Result<Vec<u16>, String> {
    let number = |p: &str| -> Result<u16, String> {
        let why = match p.trim_start().parse::<i64>() {
            Ok(n) if n < 1 => "too small",
            Ok(n) if n > 65535 => "too large",
            Ok(n) => return Ok(n as u16),
            Err(_)
                if !p.is_empty()
                    && p.trim_start_matches(['-', '+'])
                        .chars()
                        .all(|c| c.is_ascii_digit()) =>
            {
                if p.starts_with('-') {
                    "too small"
                } else {
                    "too large"
                }
            }
            Err(_) => "invalid",
        };
        Err(format!("nc: port number {why}: {p}\n"))
    };
    match arg.split_once('-') {
        Some((lo, hi)) if arg.starts_with(|c: char| c.is_ascii_digit()) => {
            let hi = number(hi)?;
            let lo = number(lo)?;
            Ok((lo.min(hi)..=lo.max(hi)).collect())
        }
        _ => number(arg)
            .or_else(|e| name_port(arg, proto).ok_or(e))
            .map(|p| vec![p]),
    }
}

/// How trying one port went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tried {
    Connected,
    Failed,
    /// nc exits at once (bind() failed).
    Fatal,
}

/// One connecting `nc`'s settings, for each port it tries.
struct Dial<'a> {
    ns: crate::sim::NsId,
    host: &'a str,
    dst: Ipv4Addr,
    opts: &'a ConnectOpts,
    zero: bool,
    verbose: bool,
    /// A background job keeps its connection up until killed.
    hold: bool,
    wait: Option<u64>,
    line: String,
}

impl Dial<'_> {
    /// Tries `port`: what it printed, and how it went.
    fn port(&self, ctx: &mut Ctx, port: u16) -> (CmdOutput, Tried) {
        let host = self.host;
        let pname = if self.opts.udp { "udp" } else { "tcp" };
        let succeeded = || {
            let svc = port_name(port, pname).unwrap_or("*");
            format!("Connection to {host} {port} port [{pname}/{svc}] succeeded!\n")
        };
        match ctx.world.connect(self.ns, self.dst, port, self.opts) {
            Ok(c) => {
                let mut out = CmdOutput::default();
                if self.verbose {
                    if self.opts.udp {
                        // udptest(): probe writes before saying so.
                        ctx.world.exchange(&c, b"XXXXX");
                    }
                    out.stderr = succeeded();
                }
                if !self.zero {
                    let data = ctx.stdin.take().unwrap_or_default();
                    // Nothing read from stdin is nothing sent: the server
                    // is still waiting (an HTTP server for its request).
                    let reply = if data.is_empty() {
                        Vec::new()
                    } else {
                        ctx.world.exchange(&c, data.as_bytes())
                    };
                    out.stdout = String::from_utf8_lossy(&reply).to_string();
                    out.stdout += &drain_server_output(ctx.world, &c);
                }
                // In the background nc's stdin is at EOF at once; OpenBSD nc
                // shuts the connection down only with -N (or -w when idle),
                // so the connection stays up until the job is killed.
                if self.hold && ctx.world.transport.spawning.is_some() {
                    let pid = ctx.world.spawn(self.ns, &self.line);
                    ctx.world.own_connection(&c, pid);
                    return (out, Tried::Connected);
                }
                finish(ctx.world, &c);
                (out, Tried::Connected)
            }
            // UDP has no handshake: nc cannot tell a lost datagram from
            // success, and learns of a closed port only from its -v probes,
            // quietly.
            Err(ConnectError::TimedOut { .. }) if self.opts.udp => {
                let mut out = CmdOutput::default();
                if self.verbose {
                    out.stderr = succeeded();
                }
                (out, Tried::Connected)
            }
            Err(ConnectError::Refused { .. }) if self.opts.udp => {
                let tried = if self.verbose {
                    Tried::Failed
                } else {
                    Tried::Connected
                };
                (CmdOutput::error(1, String::new()), tried)
            }
            Err(ConnectError::TimedOut { .. }) => {
                let (ms, msg) = match self.wait {
                    Some(w) => (w * 1000, "timed out: Operation now in progress"),
                    None => (SYN_TIMEOUT_MS, "failed: Connection timed out"),
                };
                ctx.world.advance(ms * 1000);
                (self.failed(port, msg), Tried::Failed)
            }
            // bind() comes before connect(): nc says so whatever -v.
            Err(ConnectError::BadSource) => (
                CmdOutput::error(1, "nc: bind failed: Cannot assign requested address\n"),
                Tried::Fatal,
            ),
            Err(e) => (
                self.failed(port, &format!("failed: {}", e.strerror())),
                Tried::Failed,
            ),
        }
    }

    /// OpenBSD nc reports a failed connect only with -v.
    fn failed(&self, port: u16, msg: &str) -> CmdOutput {
        let pname = if self.opts.udp { "udp" } else { "tcp" };
        CmdOutput::error(
            1,
            if self.verbose {
                format!("nc: connect to {} port {port} ({pname}) {msg}\n", self.host)
            } else {
                String::new()
            },
        )
    }
}

/// `-s ADDR`: getaddrinfo's answer, or nc's line when it has none.
fn source_addr(ctx: &mut Ctx, a: &str) -> Result<Ipv4Addr, CmdOutput> {
    super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), a)
        .map_err(|e| CmdOutput::error(1, format!("nc: getaddrinfo: {e}\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn refused_letters_fail_after_getopt_and_dropped_ones_vanish() {
        let o = parse_nc(&words("-nv4 -q 1 -w 2 10.0.0.1 80")).unwrap();
        assert!(o.verbose && !o.listen);
        assert_eq!((o.wait, &o.pos[..]), (Some(2), &words("10.0.0.1 80")[..]));
        let e = parse_nc(&words("-lU -p 80")).unwrap_err();
        assert_eq!(
            (e.status, e.stderr.as_str()),
            (1, "netbook: nc -U is not simulated\n")
        );
        let e = parse_nc(&words("-U -p")).unwrap_err();
        assert_eq!(
            e.stderr,
            format!("nc: option requires an argument -- 'p'\n{NC_USAGE}")
        );
    }

    #[test]
    fn ports_are_numbers_ranges_or_services() {
        assert_eq!(port_list("8081-8079", "tcp"), Ok(vec![8079, 8080, 8081]));
        assert_eq!(port_list("domain", "udp"), Ok(vec![53]));
        let err = |a: &str| port_list(a, "tcp").unwrap_err();
        assert_eq!(err("80-a"), "nc: port number invalid: a\n");
        assert_eq!(err("0-1"), "nc: port number too small: 0\n");
        assert_eq!(err("70000"), "nc: port number too large: 70000\n");
        assert_eq!(
            err("99999999999999999999"),
            "nc: port number too large: 99999999999999999999\n"
        );
    }
}
