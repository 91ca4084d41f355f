//! CoreDNS' `Corefile`: server blocks and the plugins a lab needs.
//!
//! Follows the Caddyfile syntax CoreDNS uses (coredns.io/manual/configuration):
//! a block is `ZONE[:PORT] [ZONE[:PORT]...] { directives }`, one directive a
//! line, nested `{ }` for plugin options, `#` comments. Modelled plugins:
//! `hosts`, `file`, `forward`, `log`, `errors`, `bind`; plugins that do not
//! change answers here (`cache`, `health`, `ready`, `reload`, `loop`,
//! `loadbalance`, `prometheus`) are accepted and listed. Errors use Caddy's
//! wording: `Corefile:3 - Error during parsing: Unknown directive 'hostz'`.

use super::hosts::HostsFile;
use super::name::fqdn;
use super::zone::Zone;
use core::net::IpAddr;
use std::sync::Arc;
use thiserror::Error;

/// A Corefile that does not parse or cannot start.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}:{line} - Error during parsing: {message}")]
pub struct CorefileError {
    /// The Corefile's path as given to `-conf`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Plugins accepted without an effect on the simulated answers.
pub const PASSIVE_PLUGINS: &[&str] = &[
    "cache",
    "health",
    "ready",
    "reload",
    "loop",
    "loadbalance",
    "prometheus",
    "whoami",
    "debug",
];

/// The `hosts` plugin's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsPlugin {
    /// The hosts file path (default `/etc/hosts`), read at start and again
    /// at each query (CoreDNS reloads it every 5 s).
    pub path: String,
    /// Lines given inline in the block.
    pub inline: HostsFile,
    /// Zones it answers for (default: the server block's).
    pub zones: Vec<String>,
    /// TTL of its answers (default 3600).
    pub ttl: u32,
    /// Pass unknown names to the next plugin instead of failing.
    pub fallthrough: bool,
    /// The file's content as loaded at start (missing file: empty); used
    /// when the file cannot be read at query time.
    pub loaded: HostsFile,
}

/// The `file` plugin: an RFC 1035 zone file served authoritatively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlugin {
    /// The zone file path.
    pub path: String,
    /// The zones loaded from it at start, one per zone name (shared, so
    /// cloning the world for a cell stays cheap with big zones).
    pub zones: Vec<Arc<Zone>>,
}

/// The `forward` plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardPlugin {
    /// The zone it forwards (`.` for everything).
    pub from: String,
    /// Upstream servers (IP, port); a resolv.conf path is resolved at start.
    pub to: Vec<(IpAddr, u16)>,
}

/// One server block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerBlock {
    /// Zones served, absolute (`.` for all).
    pub zones: Vec<String>,
    /// Port (default 53).
    pub port: u16,
    /// Addresses from `bind`; empty means every address of the namespace.
    pub bind: Vec<IpAddr>,
    /// `hosts`, if configured.
    pub hosts: Option<HostsPlugin>,
    /// `file` plugins.
    pub files: Vec<FilePlugin>,
    /// `forward`, if configured.
    pub forward: Option<ForwardPlugin>,
    /// `log` present: each query is logged.
    pub log: bool,
    /// `errors` present: failures are logged.
    pub errors: bool,
    /// Accepted plugins without a simulated effect.
    pub passive: Vec<String>,
    /// 1-based line of the block's key.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Open,
    Close,
    Newline,
}

fn tokenize(text: &str) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        for w in line.split_whitespace() {
            // `{` and `}` may touch words (`.:53{`), split them off.
            let mut rest = w;
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('{') {
                    out.push((i + 1, Tok::Open));
                    rest = r;
                } else if let Some(r) = rest.strip_prefix('}') {
                    out.push((i + 1, Tok::Close));
                    rest = r;
                } else {
                    let end = rest.find(['{', '}']).unwrap_or(rest.len());
                    out.push((i + 1, Tok::Word(rest[..end].to_string())));
                    rest = &rest[end..];
                }
            }
        }
        out.push((i + 1, Tok::Newline));
    }
    out
}

/// One directive line with an optional nested block of lines.
struct Directive {
    line: usize,
    args: Vec<String>,
    block: Vec<(usize, Vec<String>)>,
}

/// The errors of `file`: a message at a line.
fn errors_in(file: &str) -> impl Fn(usize, String) -> CorefileError + '_ {
    move |line, message| CorefileError {
        file: file.to_string(),
        line,
        message,
    }
}

/// Parses a Corefile's syntax into blocks; files (`hosts`, zone files) are
/// loaded by the caller through `read`.
pub fn parse(
    file: &str,
    text: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<ServerBlock>, CorefileError> {
    let err = errors_in(file);
    let toks = tokenize(text);
    let mut i = 0;
    let mut blocks = Vec::new();
    let skip_newlines = |i: &mut usize| {
        while matches!(toks.get(*i), Some((_, Tok::Newline))) {
            *i += 1;
        }
    };
    loop {
        skip_newlines(&mut i);
        let Some((kline, _)) = toks.get(i) else { break };
        let kline = *kline;
        let mut keys = Vec::new();
        while let Some((_, Tok::Word(w))) = toks.get(i) {
            keys.extend(w.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            i += 1;
        }
        skip_newlines(&mut i);
        match toks.get(i) {
            Some((_, Tok::Open)) => i += 1,
            Some((l, _)) => return Err(err(*l, "Unexpected token '}', expecting '{'".into())),
            None => return Err(err(kline, "Unexpected EOF".into())),
        }
        if keys.is_empty() {
            return Err(err(
                kline,
                "Unexpected token '{', expecting server address".into(),
            ));
        }
        // Directives until the matching close.
        let mut directives = Vec::new();
        loop {
            skip_newlines(&mut i);
            match toks.get(i) {
                None => return Err(err(kline, "Unexpected EOF".into())),
                Some((_, Tok::Close)) => {
                    i += 1;
                    break;
                }
                Some((_, Tok::Open)) => {
                    return Err(err(toks[i].0, "Unexpected token '{'".into()));
                }
                _ => {}
            }
            let line = toks[i].0;
            let mut args = Vec::new();
            let mut block = Vec::new();
            while let Some((_, t)) = toks.get(i) {
                match t {
                    Tok::Word(w) => args.push(w.clone()),
                    Tok::Newline | Tok::Close => break,
                    Tok::Open => {
                        i += 1;
                        let mut cur: Vec<String> = Vec::new();
                        let mut cur_line = line;
                        loop {
                            match toks.get(i) {
                                None => return Err(err(line, "Unexpected EOF".into())),
                                Some((_, Tok::Close)) => break,
                                Some((_, Tok::Open)) => {
                                    return Err(err(toks[i].0, "Unexpected token '{'".into()))
                                }
                                Some((l, Tok::Newline)) => {
                                    if !cur.is_empty() {
                                        block.push((cur_line, std::mem::take(&mut cur)));
                                    }
                                    cur_line = *l + 1;
                                }
                                Some((l, Tok::Word(w))) => {
                                    if cur.is_empty() {
                                        cur_line = *l;
                                    }
                                    cur.push(w.clone());
                                }
                            }
                            i += 1;
                        }
                        if !cur.is_empty() {
                            block.push((cur_line, cur));
                        }
                    }
                }
                i += 1;
            }
            if matches!(toks.get(i), Some((_, Tok::Close))) && !args.is_empty() {
                // A directive followed by `}` on the same line: leave `}`.
            }
            directives.push(Directive { line, args, block });
        }
        blocks.push(build_block(file, kline, &keys, directives, read)?);
    }
    Ok(blocks)
}

fn parse_key(key: &str) -> Option<(String, u16)> {
    let k = key.strip_prefix("dns://").unwrap_or(key);
    let (zone, port) = match k.rsplit_once(':') {
        Some((z, p)) => (z, p.parse().ok()?),
        None => (k, 53),
    };
    let zone = if zone.is_empty() { "." } else { zone };
    Some((fqdn(zone), port))
}

fn build_block(
    file: &str,
    line: usize,
    keys: &[String],
    directives: Vec<Directive>,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<ServerBlock, CorefileError> {
    let err = errors_in(file);
    let mut zones = Vec::new();
    let mut port = 53;
    for k in keys {
        let (z, p) = parse_key(k).ok_or_else(|| err(line, format!("invalid port '{k}'")))?;
        zones.push(z);
        port = p;
    }
    let mut b = ServerBlock {
        zones,
        port,
        bind: Vec::new(),
        hosts: None,
        files: Vec::new(),
        forward: None,
        log: false,
        errors: false,
        passive: Vec::new(),
        line,
    };
    for d in directives {
        let name = d.args[0].as_str();
        let args = &d.args[1..];
        match name {
            "log" => b.log = true,
            "errors" => b.errors = true,
            "bind" => {
                for a in args {
                    let ip = a.parse().map_err(|_| {
                        err(
                            d.line,
                            format!("not a valid IP address or interface name: {a}"),
                        )
                    })?;
                    b.bind.push(ip);
                }
            }
            "hosts" => {
                let mut path = "/etc/hosts".to_string();
                let mut zones = b.zones.clone();
                if let Some(first) = args.first() {
                    path = first.clone();
                    if args.len() > 1 {
                        zones = args[1..].iter().map(|z| fqdn(z)).collect();
                    }
                }
                let mut inline = String::new();
                let mut ttl = 3600;
                let mut fallthrough = false;
                for (l, words) in &d.block {
                    match words[0].as_str() {
                        "fallthrough" => fallthrough = true,
                        "ttl" => {
                            ttl = words
                                .get(1)
                                .and_then(|t| t.parse().ok())
                                .filter(|t| *t <= 65535)
                                .ok_or_else(|| err(*l, "ttl provided is invalid".into()))?
                        }
                        "reload" | "no_reverse" => {}
                        w if w.parse::<IpAddr>().is_ok() => {
                            inline.push_str(&words.join(" "));
                            inline.push('\n');
                        }
                        w => return Err(err(*l, format!("unknown property '{w}'"))),
                    }
                }
                let loaded = HostsFile::parse(&read(&path).unwrap_or_default());
                b.hosts = Some(HostsPlugin {
                    path,
                    inline: HostsFile::parse(&inline),
                    zones,
                    ttl,
                    fallthrough,
                    loaded,
                });
            }
            "file" => {
                let path = args
                    .first()
                    .ok_or_else(|| {
                        err(
                            d.line,
                            "Wrong argument count or unexpected line ending after 'file'".into(),
                        )
                    })?
                    .clone();
                let names: Vec<String> = if args.len() > 1 {
                    args[1..].iter().map(|z| fqdn(z)).collect()
                } else {
                    b.zones.clone()
                };
                let text = read(&path).ok_or_else(|| {
                    err(
                        d.line,
                        format!("plugin/file: open {path}: no such file or directory"),
                    )
                })?;
                let mut zones = Vec::new();
                for n in &names {
                    zones.push(
                        Zone::parse(&text, n)
                            .map(Arc::new)
                            .map_err(|e| err(d.line, format!("plugin/file: {path}: {e}")))?,
                    );
                }
                b.files.push(FilePlugin { path, zones });
            }
            "forward" => {
                if args.len() < 2 {
                    return Err(err(
                        d.line,
                        "Wrong argument count or unexpected line ending after 'forward'".into(),
                    ));
                }
                let mut to = Vec::new();
                for a in &args[1..] {
                    if a.starts_with('/') {
                        // A resolv.conf-style file: its nameservers, read now.
                        let text = read(a).ok_or_else(|| {
                            err(d.line, format!("open {a}: no such file or directory"))
                        })?;
                        let rc = super::resolv_conf::ResolvConf::parse(&text);
                        to.extend(rc.nameservers().into_iter().map(|ip| (ip, 53)));
                        continue;
                    }
                    let a = a.strip_prefix("dns://").unwrap_or(a);
                    let parsed = a.parse::<IpAddr>().map(|ip| (ip, 53)).or_else(|_| {
                        a.parse::<core::net::SocketAddr>()
                            .map(|s| (s.ip(), s.port()))
                    });
                    to.push(
                        parsed.map_err(|_| {
                            err(d.line, format!("not an IP address or file: \"{a}\""))
                        })?,
                    );
                }
                b.forward = Some(ForwardPlugin {
                    from: fqdn(&args[0]),
                    to,
                });
            }
            p if PASSIVE_PLUGINS.contains(&p) => b.passive.push(p.to_string()),
            // A real plugin, but it needs a Kubernetes API server to watch.
            "kubernetes" => {
                return Err(err(
                    d.line,
                    "plugin/kubernetes: not simulated: netbook has no Kubernetes API server; serve cluster.local with `file` and a zone file".into(),
                ))
            }
            other => return Err(err(d.line, format!("Unknown directive '{other}'"))),
        }
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn parses_a_lab_corefile() {
        let text = "# lab DNS\n.:53 {\n    errors\n    log\n    hosts {\n        10.0.0.5 web.lab web\n        fallthrough\n    }\n    file /etc/coredns/db.example.com example.com\n    forward . 8.8.8.8 1.1.1.1:5353\n    cache 30\n}\n";
        let read = |p: &str| {
            (p == "/etc/coredns/db.example.com").then(|| "$TTL 60\n@ IN A 10.0.0.1\n".to_string())
        };
        let b = parse("Corefile", text, &read).unwrap();
        assert_eq!(b.len(), 1);
        let b = &b[0];
        assert_eq!((b.zones.as_slice(), b.port), (&[".".to_string()][..], 53));
        assert!(b.log && b.errors);
        let h = b.hosts.as_ref().unwrap();
        assert!(h.fallthrough);
        assert_eq!(h.inline.lookup("web", None).count(), 1);
        assert_eq!(b.files[0].zones[0].origin, "example.com.");
        assert_eq!(b.files[0].zones[0].records().len(), 1);
        let f = b.forward.as_ref().unwrap();
        assert_eq!(f.to[1].1, 5353);
        assert_eq!(b.passive, vec!["cache"]);
    }

    #[test]
    fn several_blocks_and_resolv_conf_upstream() {
        let read = |p: &str| match p {
            "/etc/resolv.conf" => Some("nameserver 9.9.9.9\n".to_string()),
            "db.example.com" => Some("$TTL 60\n@ IN A 10.0.0.1\n".to_string()),
            _ => None,
        };
        let text = "example.com {\n file db.example.com\n}\n. {\n forward . /etc/resolv.conf\n bind 10.0.0.53\n}\n";
        let b = parse("Corefile", text, &read).unwrap();
        assert_eq!(b[0].zones, vec!["example.com."]);
        assert_eq!(
            b[1].forward.as_ref().unwrap().to[0].0.to_string(),
            "9.9.9.9"
        );
        assert_eq!(b[1].bind[0].to_string(), "10.0.0.53");
    }

    #[test]
    fn errors_have_line_numbers() {
        let e = parse("Corefile", ".:53 {\n  hostz\n}\n", &no_files).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Corefile:2 - Error during parsing: Unknown directive 'hostz'"
        );
        let k8s = ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n    }\n}\n";
        let e = parse("Corefile", k8s, &no_files).unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.message.starts_with("plugin/kubernetes: not simulated"));
        let e = parse("Corefile", ".:53 {\n  forward .\n}\n", &no_files).unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("Corefile", ".:53 {\n  log\n", &no_files).unwrap_err();
        assert!(e.message.contains("EOF"));
        let e = parse("Corefile", ".:53 {\n hosts {\n  ttl x\n }\n}\n", &no_files).unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("Corefile", ". {\n file db\n}\n", &no_files).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Corefile:2 - Error during parsing: plugin/file: open db: no such file or directory"
        );
        let bad = |_: &str| Some("$TTL 60\nwww IN AAA ::1\n".to_string());
        let e = parse("Corefile", "\nexample.com {\n file db\n}\n", &bad).unwrap_err();
        assert_eq!(e.to_string(), "Corefile:3 - Error during parsing: plugin/file: db: dns: unknown RR type: \"AAA\" at line: 2");
    }
}
