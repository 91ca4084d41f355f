//! Completion that knows where the cursor is: the devices of the namespace
//! a command runs in (`ip -n red link set <TAB>`, `ip netns exec red ip
//! addr add 10.0.0.1/24 dev <TAB>`), the chains of the table being edited
//! (`iptables -t nat -A <TAB>`, user chains included), the targets a table
//! allows, dig's `+options` and `@server`s, and ssh's flags one per item.
//! Each candidate carries a type that JupyterLab shows next to it.
//!
//! Where nothing here applies, the session falls back to the command's own
//! completion and its usage text.

use crate::sim::link::LinkKind;
use crate::sim::netfilter::hook::TableKind;
use crate::sim::World;

/// A completion candidate and its type (`device`, `chain`, `option`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The text inserted.
    pub text: String,
    /// What it is, as JupyterLab's completer shows it.
    pub kind: &'static str,
}

fn items<'a>(kind: &'static str, words: impl IntoIterator<Item = &'a str>) -> Vec<Item> {
    words
        .into_iter()
        .map(|w| Item {
            text: w.to_string(),
            kind,
        })
        .collect()
}

/// The candidates for the word after `words` (the command line so far,
/// wrappers included), or `None` to fall back.
pub fn context(world: &World, words: &[String], prefix: &str) -> Option<Vec<Item>> {
    let mut ns: Option<String> = None;
    let mut w = words;
    loop {
        match w {
            [sudo, rest @ ..] if sudo == "sudo" && !rest.is_empty() => w = rest,
            [ip, netns, exec, n, rest @ ..]
                if ip == "ip" && netns == "netns" && exec == "exec" && !rest.is_empty() =>
            {
                ns = Some(n.clone());
                w = rest;
            }
            _ => break,
        }
    }
    let (name, args) = w.split_first()?;
    let found = match name.as_str() {
        "ip" => ip(world, ns, args, prefix),
        "iptables" => iptables(world, ns, args),
        "dig" => dig(world, ns.as_deref(), args, prefix),
        "ssh" => ssh(args, prefix),
        "ping" | "traceroute" | "tcpdump" => match args.last().map(String::as_str) {
            Some("-I" | "-i") => Some(devices(world, ns.as_deref())),
            _ => None,
        },
        _ => None,
    }?;
    Some(
        found
            .into_iter()
            .filter(|i| i.text.starts_with(prefix))
            .collect(),
    )
}

/// The interfaces of a namespace (`None`: the root one).
pub fn devices(world: &World, ns: Option<&str>) -> Vec<Item> {
    let Ok(id) = world.ns_id(ns) else {
        return Vec::new();
    };
    world
        .links_of(id)
        .map(|(_, l)| Item {
            text: l.name.to_string(),
            kind: "device",
        })
        .collect()
}

fn namespaces(world: &World) -> Vec<Item> {
    let root = world.ns_id(None).ok();
    root.map(|r| {
        world
            .netns_list(r)
            .into_iter()
            .map(|(n, _)| Item {
                text: n.to_string(),
                kind: "netns",
            })
            .collect()
    })
    .unwrap_or_default()
}

/// True when `word` abbreviates `full` as iproute2 accepts (`a`, `addr`).
fn is(word: &str, full: &str, shortest: usize) -> bool {
    word.len() >= shortest && full.starts_with(word)
}

fn ip(world: &World, mut ns: Option<String>, args: &[String], prefix: &str) -> Option<Vec<Item>> {
    // Global options: `-n NS`, `-netns NS`, flags.
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        if matches!(args[i].as_str(), "-n" | "-netns" | "--netns") {
            if i + 1 == args.len() {
                return Some(namespaces(world));
            }
            ns = Some(args[i + 1].clone());
            i += 1;
        }
        i += 1;
    }
    let rest = &args[i..];
    let prev = rest.last().map(String::as_str).unwrap_or("");
    let devs = |world: &World| devices(world, ns.as_deref());
    if prefix.starts_with('-') && rest.is_empty() {
        return Some(items(
            "option",
            ["-n", "-br", "-c", "-s", "-d", "-4", "-6", "-o", "-j", "-p"],
        ));
    }
    let Some((object, rest)) = rest.split_first() else {
        return Some(items(
            "object",
            [
                "link",
                "address",
                "route",
                "neighbour",
                "netns",
                "rule",
                "maddress",
            ],
        ));
    };
    let o = object.as_str();
    let cmd = rest.first().map(String::as_str);
    let after: &[String] = rest.get(1..).unwrap_or(&[]);
    if prev == "dev" {
        return Some(devs(world));
    }
    if is(o, "link", 1) {
        return Some(match cmd {
            None => items("command", ["add", "delete", "set", "show"]),
            Some(c) if is(c, "set", 1) => match (after.len(), prev) {
                (0, _) => devs(world),
                (_, "master") => devs(world)
                    .into_iter()
                    .filter(|d| {
                        world
                            .ns_id(ns.as_deref())
                            .ok()
                            .and_then(|id| {
                                world
                                    .links_of(id)
                                    .find(|(_, l)| l.name.as_str() == d.text)
                                    .map(|(_, l)| matches!(l.kind, LinkKind::Bridge { .. }))
                            })
                            .unwrap_or(false)
                    })
                    .collect(),
                (_, "netns") => namespaces(world),
                _ => items(
                    "keyword",
                    [
                        "up", "down", "master", "nomaster", "netns", "mtu", "address", "name",
                    ],
                ),
            },
            Some(c) if is(c, "show", 1) || is(c, "delete", 3) || c == "del" => {
                if after.is_empty() {
                    let mut v = devs(world);
                    v.extend(items("keyword", ["dev", "type", "up"]));
                    v
                } else {
                    Vec::new()
                }
            }
            Some(c) if is(c, "add", 1) => match prev {
                "type" => items("type", ["veth", "bridge", "dummy", "vlan", "vxlan"]),
                "name" | "address" | "mtu" => Vec::new(),
                _ => items(
                    "keyword",
                    ["name", "type", "peer", "mtu", "address", "link"],
                ),
            },
            _ => return None,
        });
    }
    if is(o, "address", 1) {
        return Some(match cmd {
            None => items("command", ["add", "del", "show", "flush"]),
            Some(c) if is(c, "show", 1) || is(c, "flush", 1) => {
                let mut v = devs(world);
                v.extend(items("keyword", ["dev"]));
                v
            }
            Some(c) if is(c, "add", 1) || is(c, "delete", 1) => {
                if after.is_empty() {
                    Vec::new()
                } else {
                    items("keyword", ["dev", "broadcast", "label", "scope", "peer"])
                }
            }
            _ => return None,
        });
    }
    if is(o, "route", 1) {
        return Some(match cmd {
            None => items("command", ["add", "del", "replace", "show", "get", "flush"]),
            Some(_) if matches!(prev, "via" | "metric" | "src" | "table") => Vec::new(),
            Some(c) if is(c, "show", 1) || is(c, "get", 1) => Vec::new(),
            Some(_) if after.is_empty() => items("keyword", ["default"]),
            Some(_) => items(
                "keyword",
                [
                    "via", "dev", "metric", "src", "table", "proto", "scope", "onlink",
                ],
            ),
        });
    }
    if is(o, "neighbour", 1) {
        return Some(match cmd {
            None => items("command", ["show", "flush", "add", "del"]),
            Some(_) => items("keyword", ["dev", "lladdr", "nud"]),
        });
    }
    if is(o, "netns", 2) {
        return Some(match cmd {
            None => items(
                "command",
                ["add", "delete", "list", "exec", "identify", "pids", "set"],
            ),
            Some(c)
                if after.is_empty() && matches!(c, "exec" | "delete" | "del" | "pids" | "set") =>
            {
                namespaces(world)
            }
            _ => return None,
        });
    }
    None
}

fn iptables(world: &World, ns: Option<String>, args: &[String]) -> Option<Vec<Item>> {
    let table = args
        .windows(2)
        .find(|w| w[0] == "-t" || w[0] == "--table")
        .and_then(|w| TableKind::parse(&w[1]))
        .unwrap_or(TableKind::Filter);
    let nf = world.netfilter(ns.as_deref());
    let chains: Vec<String> = nf
        .table_or_default(table)
        .chains
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let prev = args.last().map(String::as_str)?;
    Some(match prev {
        "-t" | "--table" => items("table", TableKind::ALL.iter().map(|t| t.name())),
        "-A" | "--append" | "-I" | "--insert" | "-D" | "--delete" | "-R" | "--replace" | "-L"
        | "--list" | "-S" | "--list-rules" | "-F" | "--flush" | "-Z" | "-X" | "-P" | "--policy"
        | "-C" | "--check" | "-E" => items("chain", chains.iter().map(String::as_str)),
        "-j" | "--jump" | "-g" | "--goto" => {
            let targets: &[&str] = match table {
                TableKind::Nat => &[
                    "DNAT",
                    "SNAT",
                    "MASQUERADE",
                    "REDIRECT",
                    "RETURN",
                    "ACCEPT",
                    "LOG",
                ],
                TableKind::Filter => &["ACCEPT", "DROP", "REJECT", "LOG", "RETURN"],
                TableKind::Mangle => &["MARK", "TTL", "ACCEPT", "DROP", "RETURN", "LOG"],
                TableKind::Raw => &["NOTRACK", "CT", "ACCEPT", "DROP", "RETURN", "LOG"],
            };
            let mut v = items("target", targets.iter().copied());
            // A user chain is a target too (the built-in ones are not).
            v.extend(
                nf.table_or_default(table)
                    .chains
                    .iter()
                    .filter(|c| c.policy.is_none())
                    .map(|c| Item {
                        text: c.name.clone(),
                        kind: "chain",
                    }),
            );
            v
        }
        "-i" | "--in-interface" | "-o" | "--out-interface" => devices(world, ns.as_deref()),
        "-p" | "--protocol" => items("protocol", ["tcp", "udp", "icmp", "all"]),
        _ => return None,
    })
}

/// dig's query options (BIND 9.18's dig(1)).
const DIG_PLUS: &[&str] = &[
    "+short",
    "+noall",
    "+answer",
    "+noanswer",
    "+question",
    "+noquestion",
    "+authority",
    "+noauthority",
    "+additional",
    "+noadditional",
    "+comments",
    "+nocomments",
    "+stats",
    "+nostats",
    "+cmd",
    "+nocmd",
    "+trace",
    "+notrace",
    "+tcp",
    "+notcp",
    "+recurse",
    "+norecurse",
    "+search",
    "+nosearch",
    "+time=",
    "+tries=",
    "+retry=",
    "+ttlid",
    "+nottlid",
    "+multiline",
    "+identify",
    "+nsid",
    "+dnssec",
    "+edns=",
    "+noedns",
];

fn dig(world: &World, ns: Option<&str>, args: &[String], prefix: &str) -> Option<Vec<Item>> {
    if prefix.starts_with('+') {
        return Some(items("option", DIG_PLUS.iter().copied()));
    }
    if prefix.starts_with('@') {
        let conf = world.read_file(ns, "/etc/resolv.conf").unwrap_or_default();
        return Some(
            conf.lines()
                .filter_map(|l| l.strip_prefix("nameserver"))
                .map(|a| Item {
                    text: format!("@{}", a.trim()),
                    kind: "server",
                })
                .collect(),
        );
    }
    match args.last().map(String::as_str) {
        Some("-t") => Some(items(
            "type",
            [
                "A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT", "ANY",
            ],
        )),
        _ => None,
    }
}

/// ssh's options one per item, as `ssh -<TAB>` offers them.
const SSH_FLAGS: &[&str] = &[
    "-4", "-6", "-A", "-C", "-D", "-f", "-g", "-i", "-J", "-L", "-l", "-N", "-o", "-p", "-q", "-R",
    "-T", "-t", "-v", "-W",
];

/// `-o` keywords ssh users reach for.
const SSH_O: &[&str] = &[
    "BatchMode=",
    "ConnectTimeout=",
    "ExitOnForwardFailure=",
    "GatewayPorts=",
    "IdentityFile=",
    "PasswordAuthentication=",
    "Port=",
    "PubkeyAuthentication=",
    "ServerAliveInterval=",
    "StrictHostKeyChecking=",
    "User=",
    "UserKnownHostsFile=",
];

fn ssh(args: &[String], prefix: &str) -> Option<Vec<Item>> {
    if args.last().is_some_and(|a| a == "-o") {
        return Some(items("option", SSH_O.iter().copied()));
    }
    if prefix.starts_with('-') {
        return Some(items("option", SSH_FLAGS.iter().copied()));
    }
    None
}
