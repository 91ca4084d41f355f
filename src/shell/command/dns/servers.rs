//! Starting DNS servers: `coredns -conf FILE` and `dnsmasq`.

use super::dnsmasq_args::{self, Op};
use super::{coredns_args, CmdOutput, Ctx};
use crate::sim::dns::corefile;
use crate::sim::dns::dnsmasq::DnsmasqConfig;
use crate::sim::dns::hosts::HostsFile;
use crate::sim::dns::message::ServerHost;
use crate::sim::dns::resolver::{self};
use crate::sim::dns::server::{Listen, ServerKind};
use core::net::IpAddr;

// ------------------------------------------------------------- servers
pub(crate) fn coredns(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let (args, rest) = match coredns_args::parse(argv) {
        Ok(a) => a,
        Err(out) => return out,
    };
    if !rest.is_empty() {
        // log.Fatal before coremain sets its log flags: the date comes first.
        let when = crate::sim::stack::clock::go_log_time(ctx.world.wall_clock_s());
        let rest = rest.join(" ");
        return CmdOutput::error(
            1,
            format!("{when} extra command line arguments: [{rest}]\n"),
        );
    }
    if args.version {
        return CmdOutput::text(coredns_args::VERSION);
    }
    let conf = if args.conf.is_empty() {
        "Corefile".to_string()
    } else {
        args.conf
    };
    let port_override = args.port;
    let netns = ctx.netns.clone();
    // A relative name (the default `Corefile`) is in the working directory.
    let text = match ctx.world.read_file(netns.as_deref(), &conf) {
        Ok(t) => t,
        Err(_) => return CmdOutput::error(1, format!("open {conf}: no such file or directory\n")),
    };
    let world = &*ctx.world;
    let read = |p: &str| world.read_file(netns.as_deref(), p).ok();
    let mut blocks = match corefile::parse(&conf, &text, &read) {
        Ok(b) => b,
        Err(e) => return CmdOutput::error(1, format!("{e}\n")),
    };
    if let Some(p) = port_override {
        for b in &mut blocks {
            b.port = p;
        }
    }
    let mut listen: Vec<Listen> = Vec::new();
    for b in &blocks {
        let addrs: Vec<Option<IpAddr>> = if b.bind.is_empty() {
            vec![None]
        } else {
            b.bind.iter().copied().map(Some).collect()
        };
        for addr in addrs {
            let l = Listen { addr, port: b.port };
            if !listen.contains(&l) {
                listen.push(l);
            }
        }
    }
    let mut banner = String::new();
    for b in &blocks {
        for z in &b.zones {
            banner.push_str(&format!("{z}:{}\n", b.port));
        }
    }
    banner.push_str(coredns_args::VERSION);
    if args.quiet {
        banner.clear();
    }
    let kind = ServerKind::CoreDns {
        conf: conf.clone(),
        blocks,
    };
    match ctx
        .world
        .dns
        .start("coredns", ServerHost::Netns(netns), listen, kind)
    {
        Ok(_) => CmdOutput::text(banner),
        Err(e) => CmdOutput::error(1, format!("Listen: {e}\n")),
    }
}

/// The options with each `--conf-file=FILE` replaced by the file's
/// options (a line `opt=val` is `--opt=val`; blank lines and `#` comments
/// skipped), or dnsmasq's failure.
fn with_conf_files(ctx: &Ctx, options: &[String]) -> Result<Vec<String>, CmdOutput> {
    let mut out = Vec::new();
    for o in options {
        let Some(path) = o.strip_prefix("--conf-file=") else {
            // `--conf-file` alone only stops dnsmasq reading its default file.
            if o != "--conf-file" {
                out.push(o.clone());
            }
            continue;
        };
        let Ok(text) = ctx.world.read_file(ctx.netns.as_deref(), path) else {
            return Err(CmdOutput::error(
                3,
                format!("\ndnsmasq: cannot read {path}: No such file or directory\n"),
            ));
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let name = line.split_once('=').map_or(line, |(k, _)| k);
            let opt = format!("--{line}");
            let refused = DnsmasqConfig::parse(std::slice::from_ref(&opt))
                .is_err_and(|e| !e.contains("not simulated"));
            if !dnsmasq_args::is_option(name) || refused {
                return Err(CmdOutput::error(
                    1,
                    format!("\ndnsmasq: bad option at line {} of {path}\n", n + 1),
                ));
            }
            out.push(opt);
        }
    }
    Ok(out)
}

pub(crate) fn dnsmasq(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let (options, test, getopt_error) = match dnsmasq_args::parse(argv) {
        Ok(Op::Help) => return CmdOutput::text(dnsmasq_args::HELP),
        Ok(Op::Version) => return CmdOutput::text(dnsmasq_args::VERSION),
        Ok(Op::Run {
            options,
            test,
            error,
        }) => (options, test, error),
        Err(e) => return CmdOutput::error(1, e),
    };
    let netns = ctx.netns.clone();
    let args = match with_conf_files(ctx, &options) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let config = match DnsmasqConfig::parse(&args) {
        Ok(c) => c,
        Err(e) => return CmdOutput::error(1, e),
    };
    if let Some(e) = getopt_error {
        return CmdOutput::error(1, e);
    }
    if test {
        return CmdOutput::error(0, "dnsmasq: syntax check OK.\n");
    }
    let mut hosts_text = if config.no_hosts {
        String::new()
    } else {
        ctx.world
            .read_file(netns.as_deref(), "/etc/hosts")
            .unwrap_or_default()
    };
    // A missing addn-hosts file is only logged by dnsmasq.
    for path in &config.addn_hosts {
        if let Ok(text) = ctx.world.read_file(netns.as_deref(), path) {
            if !hosts_text.is_empty() && !hosts_text.ends_with('\n') {
                hosts_text.push('\n');
            }
            hosts_text.push_str(&text);
        }
    }
    let hosts = HostsFile::parse(&hosts_text);
    let mut upstreams = config.servers.clone();
    if !config.no_resolv {
        let rc = resolver::read_resolv_conf(ctx.world, netns.as_deref());
        upstreams.extend(rc.nameservers().into_iter().map(|ip| (ip, 53)));
    }
    let listen: Vec<Listen> = if config.listen.is_empty() {
        vec![Listen {
            addr: None,
            port: config.port,
        }]
    } else {
        config
            .listen
            .iter()
            .map(|a| Listen {
                addr: Some(*a),
                port: config.port,
            })
            .collect()
    };
    let port = config.port;
    let kind = ServerKind::Dnsmasq {
        config,
        hosts,
        upstreams,
    };
    match ctx.world.dns.start("dnsmasq", ServerHost::Netns(netns), listen, kind) {
        Ok(_) => CmdOutput::default(),
        Err(_) => CmdOutput::error(
            2,
            format!("\ndnsmasq: failed to create listening socket for port {port}: Address already in use\n"),
        ),
    }
}
