//! net-tools 2.10 `route`: the main table as /proc/net/route shows it
//! (lib/inet_gr.c's three layouts), and `route add|del` through the
//! kernel's SIOCADDRT/SIOCDELRT rules (rtentry_to_fib_config) applied
//! with the world's own `route_add`/`route_del`.

use super::super::{not_simulated, ns_of, CmdOutput, Ctx};
use super::route_args::{
    check_mask, parse, parse_words, Misuse, RouteCmd, RouteWords, ShowOpts, Target, AF_LIST,
    INET_USAGE, ROUTE_USAGE, VERSION,
};
use crate::display::netfilter::DEBIAN_NETWORKS;
use crate::display::{html, MimeBundle};
use crate::sim::route::{Route, RouteError, RouteKind, RouteProto, RouteScope};
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

/// E_OPTERR, E_LOOKUP and E_SOCK of net-tools.
const E_OPTERR: i32 = 3;
const E_LOOKUP: i32 = 6;
const E_SOCK: i32 = 7;

/// Runs `route`.
pub fn route(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let ns = match ns_of(ctx) {
        Ok(ns) => ns,
        Err(e) => return e,
    };
    match parse(argv) {
        RouteCmd::Show(o) => {
            let (text, rows) = show(ctx.world, ctx.netns.as_deref(), ns, o);
            let head = ["destination", "gateway", "flags", "metric", "interface"];
            CmdOutput::rich(MimeBundle::plain(text).with_html(html::table(&head, &rows)))
        }
        RouteCmd::Help {
            complaint,
            inet: false,
        } => CmdOutput {
            stdout: ROUTE_USAGE.into(),
            stderr: format!("{}{AF_LIST}", complaint.unwrap_or_default()),
            ..Default::default()
        },
        RouteCmd::Help { inet: true, .. } => CmdOutput::text(INET_USAGE),
        RouteCmd::Version => CmdOutput::text(VERSION),
        RouteCmd::BadAction => CmdOutput::usage(E_OPTERR, format!("{ROUTE_USAGE}{AF_LIST}")),
        RouteCmd::UnknownFamily(af) => {
            CmdOutput::usage(1, format!("Unknown address family `{af}'.\n"))
        }
        RouteCmd::NotSimulated(o) => not_simulated("route", &o, E_OPTERR),
        RouteCmd::Flush => {
            inet_misuse(Some("Flushing `inet' routing table not supported\n".into()))
        }
        RouteCmd::Edit { cache: true, .. } => inet_misuse(Some(
            "Modifying `inet' routing cache not supported\n".into(),
        )),
        RouteCmd::Edit { words, .. } if words.is_empty() => CmdOutput::text(INET_USAGE),
        RouteCmd::Edit { add, words, .. } => match parse_words(&words) {
            Err(Misuse(line)) => inet_misuse(line),
            Ok(w) => edit(ctx, ns, add, &w),
        },
    }
}

/// inet_sr.c's usage on stderr, status 3, after its own line if any.
fn inet_misuse(line: Option<String>) -> CmdOutput {
    CmdOutput::usage(
        E_OPTERR,
        format!("{}{INET_USAGE}", line.unwrap_or_default()),
    )
}

// ---- listing ----------------------------------------------------------------

/// Names route prints without `-n`: hosts through /etc/hosts
/// (gethostbyaddr), networks through /etc/networks (getnetbyaddr).
struct Names<'a> {
    world: &'a World,
    netns: Option<&'a str>,
    networks: Vec<(Ipv4Addr, String)>,
}

impl<'a> Names<'a> {
    fn new(world: &'a World, netns: Option<&'a str>) -> Self {
        let text = world
            .read_file(netns, "/etc/networks")
            .unwrap_or_else(|_| DEBIAN_NETWORKS.to_string());
        Names {
            world,
            netns,
            networks: networks(&text),
        }
    }

    /// INET_rresolve: `default` for 0.0.0.0/0, a host name when the
    /// address has host bits (or `host`), else a network name.
    fn name(&self, ip: Ipv4Addr, mask: u32, host: bool, default_word: bool) -> String {
        if ip.is_unspecified() {
            return match (mask, default_word) {
                (0, true) => "default".into(),
                (0, false) => "*".into(),
                _ => "0.0.0.0".into(),
            };
        }
        let named = if host || u32::from(ip) & !mask != 0 {
            super::super::ping::reverse_host(self.world, self.netns, ip)
        } else {
            self.networks
                .iter()
                .find(|(a, _)| *a == ip)
                .map(|(_, n)| n.clone())
        };
        named.unwrap_or_else(|| ip.to_string())
    }

    /// getnetbyname.
    fn network(&self, name: &str) -> Option<Ipv4Addr> {
        self.networks
            .iter()
            .find(|(_, n)| n == name)
            .map(|(a, _)| *a)
    }
}

/// /etc/networks: `name address` lines.
fn networks(text: &str) -> Vec<(Ipv4Addr, String)> {
    text.lines()
        .filter_map(|line| {
            let mut f = line.split('#').next()?.split_whitespace();
            let (name, addr) = (f.next()?, f.next()?);
            let mut o: Vec<u8> = addr.split('.').filter_map(|x| x.parse().ok()).collect();
            o.resize(4, 0);
            Some((Ipv4Addr::new(o[0], o[1], o[2], o[3]), name.to_string()))
        })
        .collect()
}

/// The three header lines of rprint_fib, by layout.
fn fib_header(ext: u8) -> &'static str {
    match ext {
        1 => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
        2 => "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
        3 => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
        _ => "",
    }
}

/// rprint_cache's header (Linux has had no routing cache since 3.6: the
/// table is always empty).
fn cache_header(ext: u8) -> &'static str {
    match ext {
        1 => "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n",
        2 => "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n",
        3 => "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n",
        _ => "",
    }
}

fn mask_of(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

/// C's `%.15s`-style cut of a name net-tools keeps in a 16-byte buffer.
fn cut15(s: String) -> String {
    s.chars().take(15).collect()
}

/// `route [-n] [-e|-ee] [-C]`: the text, and the table's rows for the
/// rich view (destination as a prefix, gateway, flags, metric, device).
pub fn show(w: &World, netns: Option<&str>, ns: NsId, o: ShowOpts) -> (String, Vec<Vec<String>>) {
    let names = Names::new(w, netns);
    let mut out = String::new();
    let mut rows = Vec::new();
    for _ in 0..o.times {
        if o.fib {
            out += "Kernel IP routing table\n";
            out += fib_header(o.ext);
            for r in w.routes(ns) {
                let (line, row) = fib_line(w, &names, &r, o);
                out += &line;
                rows.push(row);
            }
        }
        if o.cache {
            out += "Kernel IP routing cache\n";
            out += cache_header(o.ext);
        }
    }
    (out, rows)
}

/// One /proc/net/route row as rprint_fib prints it.
fn fib_line(w: &World, names: &Names, r: &Route, o: ShowOpts) -> (String, Vec<String>) {
    let mask = mask_of(r.dst.prefix_len());
    let host = r.dst.prefix_len() == 32;
    let reject = matches!(r.kind, RouteKind::Unreachable | RouteKind::Prohibit);
    let gw = (r.kind == RouteKind::Unicast).then_some(r.via).flatten();
    let mut flags = String::from(if reject { "!" } else { "U" });
    if gw.is_some() && !reject {
        flags.push('G');
    }
    if host {
        flags.push('H');
    }
    let name = |ip, mask, host, default_word| {
        if o.numeric {
            ip_or_default(ip)
        } else {
            names.name(ip, mask, host, default_word)
        }
    };
    let dst = cut15(name(r.dst.network(), mask, host, true));
    let gate = cut15(match gw {
        Some(g) => name(g, 0xffff_ff00, true, false),
        None => "0.0.0.0".into(),
    });
    let genmask = Ipv4Addr::from(mask).to_string();
    // The kernel prints its u32 priority with %d.
    let metric = r.metric as i32;
    let iface = match r.kind {
        RouteKind::Unicast => w.link(r.dev).name.as_str().to_string(),
        _ => "*".into(),
    };
    let row = vec![
        r.dst.to_string(),
        gw.map(|g| g.to_string()).unwrap_or_default(),
        flags.clone(),
        metric.to_string(),
        if reject { "-".into() } else { iface.clone() },
    ];
    let line = match (o.ext, reject) {
        (1, true) => format!("{dst:<15} -               {genmask:<15} {flags:<5} {metric:<6} -  {:>7} -\n", 0),
        (1, false) => format!(
            "{dst:<15} {gate:<15} {genmask:<15} {flags:<5} {metric:<6} {:<2} {:>7} {iface}\n",
            0, 0
        ),
        (2, true) => format!("{dst:<15} -               {genmask:<15} {flags:<5}     - -          - -\n"),
        (2, false) => format!(
            "{dst:<15} {gate:<15} {genmask:<15} {flags:<5} {:>5} {:<5} {:>6} {iface}\n",
            0, 0, 0
        ),
        (3, true) => format!(
            "{dst:<15} -               {genmask:<15} {flags:<5} {metric:<6} -  {:>7} -        -     -      -\n",
            0
        ),
        (3, false) => {
            let iface: String = iface.chars().take(6).collect();
            format!(
                "{dst:<15} {gate:<15} {genmask:<15} {flags:<5} {metric:<6} {:<3} {:>6} {iface:<6}   {:<5} {:<6} {}\n",
                0, 0, 0, 0, 0
            )
        }
        _ => String::new(),
    };
    (line, row)
}

/// `-n`: numbers only (inet_ntoa; 0.0.0.0 stays 0.0.0.0).
fn ip_or_default(ip: Ipv4Addr) -> String {
    ip.to_string()
}

// ---- add and del ------------------------------------------------------------

/// herror(3)'s line for a name that did not resolve (status 6).
fn lookup_failed(name: &str, why: &str) -> CmdOutput {
    let why = if why.contains("Temporary failure") {
        "Host name lookup failure"
    } else {
        "Unknown host"
    };
    CmdOutput::error(E_LOOKUP, format!("{name}: {why}\n"))
}

/// INET_resolve: `default` and network names are networks, a dotted
/// quad or a host name a host; `host_first` (for `-host` and `gw`)
/// tries host names before network names.
fn resolve(ctx: &mut Ctx, name: &str, host_first: bool) -> Result<(Ipv4Addr, bool), CmdOutput> {
    if name == "default" {
        return Ok((Ipv4Addr::UNSPECIFIED, true));
    }
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Ok((ip, false));
    }
    let net = Names::new(ctx.world, ctx.netns.as_deref()).network(name);
    if let (Some(n), false) = (net, host_first) {
        return Ok((n, true));
    }
    match super::super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), name) {
        Ok(ip) => Ok((ip, false)),
        Err(e) => match net {
            Some(n) => Ok((n, true)),
            None => Err(lookup_failed(name, e)),
        },
    }
}

/// The ioctl's error as perror prints it, status 7.
fn ioctl_error(add: bool, e: &RouteError) -> CmdOutput {
    let why = match e {
        RouteError::Exists => "File exists",
        RouteError::NotFound => "No such process",
        RouteError::InvalidGateway | RouteError::Unreachable => "Network is unreachable",
        RouteError::DeviceDown => "Network is down",
        RouteError::NoDevice => "No such device",
        RouteError::Limit(_) => return CmdOutput::error(E_SOCK, format!("{e}\n")),
        _ => "Invalid argument",
    };
    ioctl_fail(add, why)
}

fn ioctl_fail(add: bool, why: &str) -> CmdOutput {
    let call = if add { "SIOCADDRT" } else { "SIOCDELRT" };
    CmdOutput::error(E_SOCK, format!("{call}: {why}\n"))
}

/// `route add|del` after its words parsed.
fn edit(ctx: &mut Ctx, ns: NsId, add: bool, w: &RouteWords) -> CmdOutput {
    if let Some(word) = w.unsimulated {
        return not_simulated("route", &format!("add ... {word}"), E_OPTERR);
    }
    let kind = w.target_kind.unwrap_or(Target::Guess);
    let (dst, isnet) = match resolve(ctx, &w.target, kind == Target::Host) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let host = match kind {
        Target::Net => false,
        Target::Host => true,
        Target::Guess => !isnet,
    };
    let mut mask = w.mask.clone();
    if let Some(nm) = &w.netmask {
        match resolve(ctx, nm, false) {
            Ok((m, _)) => mask = Some((u32::from(m), nm.clone())),
            Err(e) => return e,
        }
    }
    let mask = mask.filter(|(m, _)| *m != 0);
    if let Some((m, written)) = &mask {
        if let Err(Misuse(line)) = check_mask(dst, *m, host, written) {
            return inet_misuse(line);
        }
    }
    let gw = match &w.gw {
        Some(g) => match resolve(ctx, g, true) {
            Ok((_, true)) => {
                return inet_misuse(Some(format!(
                    "route: {g}: cannot use a NETWORK as gateway!\n"
                )))
            }
            Ok((ip, false)) => Some(ip),
            Err(e) => return e,
        },
        None => None,
    };
    // rtentry_to_fib_config: a host route is /32; a net's mask must fit.
    let prefix = if host {
        32
    } else {
        let m = mask.as_ref().map_or(0, |(m, _)| *m);
        if u32::from(dst) & !m != 0 || (!m & (!m).wrapping_add(1)) != 0 {
            return ioctl_fail(add, "Invalid argument");
        }
        m.count_ones() as u8
    };
    let Ok(net) = Ipv4Net::new(dst, prefix) else {
        return ioctl_fail(add, "Invalid argument");
    };
    // rt_metric is metric + 1; 0 means none given.
    let metric = w
        .metric
        .filter(|m| *m != 0)
        .map(|m| (i32::from(m) - 1) as u32);
    if w.reject {
        let kind = RouteKind::Unreachable;
        return apply(ctx, ns, add, net, None, None, metric, kind);
    }
    let dev = match &w.dev {
        Some(d) => match ctx.world.link_by_name(ns, d) {
            Ok(id) => Some(id),
            Err(_) => return ioctl_fail(add, "No such device"),
        },
        None => None,
    };
    let gw = gw.filter(|g| !g.is_unspecified());
    if add && w.gw.is_some() && gw.is_none() {
        return ioctl_fail(add, "Invalid argument");
    }
    apply(ctx, ns, add, net, gw, dev, metric, RouteKind::Unicast)
}

/// Hands the route to the world as the ioctl would.
#[allow(clippy::too_many_arguments)]
fn apply(
    ctx: &mut Ctx,
    ns: NsId,
    add: bool,
    dst: Ipv4Net,
    gw: Option<Ipv4Addr>,
    dev: Option<LinkId>,
    metric: Option<u32>,
    kind: RouteKind,
) -> CmdOutput {
    let w = &mut *ctx.world;
    if !add {
        // A reject route from route(8) has scope host; others do not match.
        if kind == RouteKind::Unreachable
            && !w
                .routes(ns)
                .iter()
                .any(|r| r.dst == dst && r.kind == kind && r.scope == RouteScope::Host)
        {
            return ioctl_error(false, &RouteError::NotFound);
        }
        return match w.route_del(
            ns,
            crate::sim::stack::policy::MAIN,
            &crate::sim::stack::routes::RouteDel {
                dst,
                via: gw,
                dev,
                metric,
                kind: Some(kind),
            },
        ) {
            Ok(()) => CmdOutput::default(),
            Err(e) => ioctl_error(false, &e),
        };
    }
    let lo = || w.link_by_name(ns, "lo").ok();
    let dev_id = match kind {
        RouteKind::Unicast => dev.unwrap_or(LinkId(u32::MAX)),
        _ => match lo() {
            Some(l) => l,
            None => return ioctl_fail(true, "No such device"),
        },
    };
    // Scope universe only through a gateway that is no local address.
    let scope = match (kind, gw) {
        (RouteKind::Unicast, Some(g)) if !w.is_local_addr(ns, g) => RouteScope::Global,
        (RouteKind::Unicast, _) => RouteScope::Link,
        _ => RouteScope::Host,
    };
    let r = Route {
        dst,
        via: gw,
        dev: dev_id,
        proto: RouteProto::BOOT,
        scope,
        src: None,
        metric: metric.unwrap_or(0),
        linkdown: false,
        kind,
    };
    match w.route_add(ns, r.clone(), false) {
        Ok(()) => CmdOutput::default(),
        Err(RouteError::Exists) => {
            // Without NLM_F_EXCL the kernel refuses only the very same
            // route; a different one beside it is a second alias.
            let same = w.routes(ns).into_iter().any(|x| {
                x.same_key(&r)
                    && x.proto == RouteProto::BOOT
                    && x.via == r.via
                    && x.kind == r.kind
                    && dev.is_none_or(|d| x.dev == d)
            });
            if same {
                ioctl_error(true, &RouteError::Exists)
            } else {
                not_simulated(
                    "route",
                    "add of a second route with the same destination and metric",
                    E_SOCK,
                )
            }
        }
        Err(e) => ioctl_error(true, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::run_words;
    use crate::sim::World;

    /// netbook's host: eth0 10.0.2.15/24, default via 10.0.2.2.
    fn lab() -> World {
        World::new()
    }

    fn run(w: &mut World, s: &str) -> super::CmdOutput {
        let argv: Vec<&str> = s.split(' ').collect();
        run_words(w, None, None, &argv)
    }

    #[test]
    fn add_show_and_delete() {
        let mut w = lab();
        assert_eq!(run(&mut w, "route del default").status, 0);
        assert_eq!(run(&mut w, "route add default gw 10.0.2.2").status, 0);
        assert_eq!(
            run(&mut w, "route add -host 10.9.9.9 gw 10.0.2.8 metric 5").status,
            0
        );
        assert_eq!(run(&mut w, "route add -net 10.50.0.0/16 reject").status, 0);
        let out = run(&mut w, "route -n");
        assert_eq!(
            out.stdout,
            "Kernel IP routing table\n\
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n\
0.0.0.0         10.0.2.2        0.0.0.0         UG    0      0        0 eth0\n\
10.0.2.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n\
10.9.9.9        10.0.2.8        255.255.255.255 UGH   5      0        0 eth0\n\
10.50.0.0       -               255.255.0.0     !     0      -        0 -\n"
        );
        let out = run(&mut w, "route");
        assert!(out
            .stdout
            .contains("\ndefault         10.0.2.2        0.0.0.0         UG"));
        let out = run(&mut w, "route add -net 192.168.7.0/24 gw 10.99.0.1");
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (7, "SIOCADDRT: Network is unreachable\n")
        );
        let out = run(&mut w, "route del -net 192.168.99.0/24");
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (7, "SIOCDELRT: No such process\n")
        );
        assert_eq!(run(&mut w, "route del -host 10.9.9.9").status, 0);
        let out = run(&mut w, "route add default gw 10.0.2.2");
        assert_eq!(out.stderr, "SIOCADDRT: File exists\n");
    }

    #[test]
    fn layouts_and_errors() {
        let mut w = lab();
        let out = run(&mut w, "route -ee");
        assert_eq!(
            out.stdout.lines().nth(3),
            Some("10.0.2.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0     0     0      0")
        );
        let out = run(&mut w, "route -e");
        assert_eq!(
            out.stdout.lines().nth(3),
            Some("10.0.2.0        0.0.0.0         255.255.255.0   U         0 0          0 eth0")
        );
        let out = run(&mut w, "route add -net 10.2.0.0 gw 10.0.2.9");
        assert_eq!(out.stderr, "SIOCADDRT: Invalid argument\n");
        let out = run(&mut w, "route add 10.1.0.0/16 gw 10.0.2.9");
        assert_eq!(out.status, 3);
        assert!(out
            .stderr
            .starts_with("route: netmask 0000ffff doesn't make sense with host route\nUsage:"));
        let out = run(&mut w, "route add -net 10.4.0.0/16");
        assert_eq!(out.stderr, "SIOCADDRT: No such device\n");
        let out = run(&mut w, "route -x");
        assert_eq!(out.status, 0);
        assert!(out.stdout.starts_with("Usage: route [-nNvee]"));
        assert!(out
            .stderr
            .starts_with("route: invalid option -- 'x'\n    inet"));
        assert_eq!(
            run(&mut w, "route -6").stderr,
            "netbook: route -6 is not simulated\n"
        );
    }
}
