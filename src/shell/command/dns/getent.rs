//! `getent hosts|ahosts|ahostsv4`: name resolution through NSS, as glibc does.

use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::shell::command::args::{self, Item, Opt};
use crate::sim::dns::hosts::{Family, HostsFile};
use crate::sim::dns::nsswitch::NssStatus;
use crate::sim::dns::resolver::{self, Step, StepKind};
use core::net::IpAddr;

// -------------------------------------------------------------- getent
pub(crate) fn getent_hosts_line(addr: &IpAddr, canonical: &str, aliases: &[String]) -> String {
    let mut s = format!("{:<15} {canonical}", addr.to_string());
    for a in aliases {
        s.push(' ');
        s.push_str(a);
    }
    s.push('\n');
    s
}

#[derive(Debug, Clone, Copy)]
enum Key {
    /// `-i`, `-A`: no IDN, no AI_ADDRCONFIG; the simulated names are
    /// ASCII and every namespace answers IPv4, so they change nothing.
    Same,
    No(&'static str),
}

/// glibc 2.36 getent's argp options.
const OPTS: &[Opt<Key>] = &[
    Opt::with_value('s', "service", Key::No("-s")),
    Opt::flag('i', "no-idn", Key::Same),
    Opt::flag('A', "no-addrconfig", Key::Same),
    Opt::flag('?', "help", Key::No("--help")),
    Opt::long("usage", Key::No("--usage")),
    Opt::flag('V', "version", Key::No("--version")),
];

/// Every database glibc's getent knows; netbook answers the host ones.
const DATABASES: &[&str] = &[
    "ahosts",
    "ahostsv4",
    "ahostsv6",
    "aliases",
    "ethers",
    "group",
    "gshadow",
    "hosts",
    "initgroups",
    "netgroup",
    "networks",
    "passwd",
    "protocols",
    "rpc",
    "services",
    "shadow",
];

const TRY: &str = "Try `getent --help' or `getent --usage' for more information.\n";

/// A `getent` command line: the database and its keys.
struct GetentArgs {
    db: String,
    keys: Vec<String>,
}

/// argp's errors: an option error says it all on stderr (exit 64); the
/// argument errors put their `Try` line on stdout (exit 1).
fn parse(argv: &[String]) -> Result<GetentArgs, CmdOutput> {
    let items = args::parse(OPTS, argv)
        .map_err(|e| CmdOutput::usage(64, format!("{}{TRY}", e.message("getent"))))?;
    let mut words = Vec::new();
    for item in items {
        match item {
            Item::Operand(w) => words.push(w),
            Item::Flag(Key::No(o)) | Item::Value(Key::No(o), _) => {
                return Err(CmdOutput::usage(
                    1,
                    format!("netbook: getent {o} is not simulated\n"),
                ))
            }
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    let wrong = |msg: String| CmdOutput {
        stdout: TRY.to_string(),
        ..CmdOutput::usage(1, msg)
    };
    let Some(db) = words.first().cloned() else {
        return Err(wrong("getent: wrong number of arguments\n".into()));
    };
    if !DATABASES.contains(&db.as_str()) {
        return Err(wrong(format!("Unknown database: {db}\n")));
    }
    if !db.contains("hosts") {
        return Err(CmdOutput::usage(
            1,
            format!(
                "netbook: getent {db} is not simulated (hosts, ahosts, ahostsv4, ahostsv6 are)\n"
            ),
        ));
    }
    Ok(GetentArgs {
        db,
        keys: words[1..].to_vec(),
    })
}

pub(crate) fn getent(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let GetentArgs { db, keys } = match parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let (db, keys) = (&db, &keys[..]);
    let netns = ctx.netns.clone();
    let mut out = String::new();
    let mut status = 0;
    let mut steps: Vec<Step> = Vec::new();
    match db.as_str() {
        "hosts" if keys.is_empty() => {
            // Enumeration walks the files source only.
            let h: HostsFile = resolver::read_hosts(ctx.world, netns.as_deref());
            for (_, e) in h.entries() {
                out.push_str(&getent_hosts_line(&e.addr, &e.canonical, &e.aliases));
            }
        }
        "hosts" => {
            for k in keys {
                if let Ok(ip) = k.parse::<IpAddr>() {
                    // An address: gethostbyaddr, the reverse way.
                    let r = resolver::resolve_addr(ctx.world, netns.as_deref(), ip);
                    steps.extend(r.steps.iter().cloned());
                    if r.status == NssStatus::Success {
                        out.push_str(&getent_hosts_line(&ip, &r.canonical, &r.aliases));
                    } else {
                        status = 2;
                    }
                    continue;
                }
                // gethostbyname2: IPv6 first, then IPv4.
                let v6 = resolver::resolve_host(ctx.world, netns.as_deref(), k, Some(Family::V6));
                steps.push(Step {
                    kind: StepKind::Config,
                    text: format!("{k}: ask for IPv6 (AF_INET6) first"),
                });
                steps.extend(v6.steps.iter().cloned());
                let r = if v6.status == NssStatus::Success {
                    v6
                } else {
                    steps.push(Step {
                        kind: StepKind::Config,
                        text: format!("{k}: no IPv6 address, ask for IPv4 (AF_INET)"),
                    });
                    let v4 =
                        resolver::resolve_host(ctx.world, netns.as_deref(), k, Some(Family::V4));
                    steps.extend(v4.steps.iter().cloned());
                    v4
                };
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for a in &r.addrs {
                    out.push_str(&getent_hosts_line(a, &r.canonical, &r.aliases));
                }
            }
        }
        "ahosts" | "ahostsv4" | "ahostsv6" => {
            let fam = match db.as_str() {
                "ahostsv4" => Some(Family::V4),
                "ahostsv6" => Some(Family::V6),
                _ => None,
            };
            if keys.is_empty() {
                return CmdOutput::error(2, "Enumeration not supported on ahosts\n");
            }
            for k in keys {
                let r = resolver::resolve_host(ctx.world, netns.as_deref(), k, fam);
                steps.extend(r.steps.iter().cloned());
                if r.status != NssStatus::Success {
                    status = 2;
                    continue;
                }
                for (i, a) in r.addrs.iter().enumerate() {
                    let canon = if i == 0 { r.canonical.as_str() } else { "" };
                    out.push_str(&format!("{:<15} STREAM {canon}\n", a.to_string()));
                    out.push_str(&format!("{:<15} DGRAM  \n", a.to_string()));
                    out.push_str(&format!("{:<15} RAW    \n", a.to_string()));
                }
            }
        }
        // parse() lets only the host databases through.
        _ => {}
    }
    let mut c = CmdOutput::rich(display::dns::with_trace(
        out,
        "getent: NSS lookup (nsswitch.conf order)",
        &steps,
        &[],
    ));
    c.status = status;
    c
}
