//! Starting DNS servers: `coredns -conf FILE` and `dnsmasq`.

use super::{CmdOutput, Ctx};
use crate::sim::dns::corefile;
use crate::sim::dns::dnsmasq::DnsmasqConfig;
use crate::sim::dns::hosts::HostsFile;
use crate::sim::dns::message::ServerHost;
use crate::sim::dns::resolver::{self};
use crate::sim::dns::server::{Listen, ServerKind};
use core::net::IpAddr;

// ------------------------------------------------------------- servers
pub(crate) fn coredns(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut conf = "Corefile".to_string();
    let mut port_override: Option<u16> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].trim_start_matches('-');
        i += 1;
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (a, None),
        };
        match key {
            "conf" | "dns.port" => {
                let v = match inline.or_else(|| args.get(i).cloned()) {
                    Some(v) => v,
                    None => {
                        return CmdOutput::usage(2, format!("flag needs an argument: -{key}\n"))
                    }
                };
                if !args[i - 1].contains('=') {
                    i += 1;
                }
                if key == "conf" {
                    conf = v;
                } else {
                    match v.parse() {
                        Ok(p) => port_override = Some(p),
                        Err(_) => {
                            return CmdOutput::usage(
                                2,
                                format!("invalid value \"{v}\" for flag -dns.port: parse error\n"),
                            )
                        }
                    }
                }
            }
            "version" => {
                return CmdOutput::text("CoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n")
            }
            _ => return CmdOutput::usage(2, format!("flag provided but not defined: -{key}\n")),
        }
    }
    let netns = ctx.netns.clone();
    let path = if conf.starts_with('/') {
        conf.clone()
    } else {
        format!("/{conf}")
    };
    let text = match ctx.world.read_file(netns.as_deref(), &path) {
        Ok(t) => t,
        Err(_) => return CmdOutput::error(1, format!("open {conf}: no such file or directory\n")),
    };
    let world = &*ctx.world;
    let read = |p: &str| {
        let p = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("/{p}")
        };
        world.read_file(netns.as_deref(), &p).ok()
    };
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
    banner.push_str("CoreDNS-1.11.3\nlinux/amd64, go1.22.5, a6338e9\n");
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

/// The command line with each `--conf-file=FILE` / `-C FILE` replaced by
/// the file's options (a line `opt=val` is `--opt=val`; blank lines and
/// `#` comments skipped), or dnsmasq's failure.
fn with_conf_files(ctx: &Ctx, args: &[String]) -> Result<Vec<String>, CmdOutput> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let path = match a.as_str() {
            "-C" | "--conf-file" => it.next().cloned(),
            _ => a.strip_prefix("--conf-file=").map(str::to_string),
        };
        let Some(path) = path else {
            out.push(a.clone());
            continue;
        };
        let Ok(text) = ctx.world.read_file(ctx.netns.as_deref(), &path) else {
            return Err(CmdOutput::error(
                3,
                format!("dnsmasq: cannot read {path}: No such file or directory\n"),
            ));
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let opt = format!("--{line}");
            if DnsmasqConfig::parse(std::slice::from_ref(&opt)).is_err() {
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

pub(crate) fn dnsmasq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    if args.iter().any(|a| a == "--version" || a == "-v") {
        return CmdOutput::text("Dnsmasq version 2.90  Copyright (c) 2000-2024 Simon Kelley\n");
    }
    let netns = ctx.netns.clone();
    let args = match with_conf_files(ctx, args) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let config = match DnsmasqConfig::parse(&args) {
        Ok(c) => c,
        Err(e) => return CmdOutput::error(1, e),
    };
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
