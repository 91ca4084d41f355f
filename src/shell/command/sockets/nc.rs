//! `nc` (netcat-openbsd): listen, connect, send, `-z` port scans, `-u` UDP.

use super::curl::SYN_TIMEOUT_MS;
use super::*;
use super::{CmdOutput, Ctx};
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::sim::netfilter::services::port_name;
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
    let (host, port) = match pos.as_slice() {
        [h, p] => (h.clone(), p.clone()),
        _ => return CmdOutput::error(1, NC_USAGE),
    };
    let Ok(port) = port.parse::<u16>() else {
        return CmdOutput::error(1, format!("nc: port number invalid: {port}\n"));
    };
    let dst = match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), &host) {
        Ok(d) => d,
        Err(e) => {
            return CmdOutput::error(
                1,
                format!("nc: getaddrinfo for host \"{host}\" port {port}: {e}\n"),
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
    let pname = proto.name();
    match ctx.world.connect(ns, dst, port, &opts) {
        Ok(c) => {
            let mut out = CmdOutput::default();
            if verbose {
                let svc = port_name(port, pname).unwrap_or("*");
                out.stderr =
                    format!("Connection to {host} {port} port [{pname}/{svc}] succeeded!\n");
            }
            if !zero {
                let data = ctx.stdin.take().unwrap_or_default();
                let reply = ctx.world.exchange(&c, data.as_bytes());
                out.stdout = String::from_utf8_lossy(&reply).to_string();
                out.stdout += &drain_server_output(ctx.world, &c);
            }
            // In the background nc's stdin is at EOF at once; OpenBSD nc
            // shuts the connection down only with -N (or -w when idle),
            // so the connection stays up until the job is killed.
            let hold = !udp && !zero && !shutdown && wait.is_none();
            if hold && ctx.world.transport.spawning.is_some() {
                let line = format!("nc {}", args.join(" "));
                let pid = ctx.world.spawn(ns, &line);
                ctx.world.own_connection(&c, pid);
                return out;
            }
            finish(ctx.world, &c);
            out
        }
        Err(ConnectError::TimedOut { .. }) if udp => {
            // UDP has no handshake: nc cannot tell a lost datagram from success.
            let mut out = CmdOutput::default();
            if verbose {
                let svc = port_name(port, pname).unwrap_or("*");
                out.stderr =
                    format!("Connection to {host} {port} port [{pname}/{svc}] succeeded!\n");
            }
            out
        }
        Err(ConnectError::TimedOut { .. }) => {
            let (ms, msg) = match wait {
                Some(w) => (w * 1000, "timed out: Operation now in progress"),
                None => (SYN_TIMEOUT_MS, "failed: Connection timed out"),
            };
            ctx.world.advance(ms * 1000);
            // OpenBSD nc reports a failed connect only with -v.
            CmdOutput::error(
                1,
                if verbose {
                    format!("nc: connect to {host} port {port} ({pname}) {msg}\n")
                } else {
                    String::new()
                },
            )
        }
        // bind() comes before connect(): nc says so whatever -v.
        Err(ConnectError::BadSource) => {
            CmdOutput::error(1, "nc: bind failed: Cannot assign requested address\n")
        }
        Err(e) => CmdOutput::error(
            1,
            if verbose {
                format!(
                    "nc: connect to {host} port {port} ({pname}) failed: {}\n",
                    e.strerror()
                )
            } else {
                String::new()
            },
        ),
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
}
