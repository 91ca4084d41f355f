//! `getent hosts|ahosts|ahostsv4`: name resolution through NSS, as glibc does.

use super::{CmdOutput, Ctx};
use crate::display::{self};
use crate::shell::command::args::{self, Form, Item, Opt};
use crate::shell::command::gnu::refused_or;
use crate::sim::dns::hosts::{Family, HostsFile};
use crate::sim::dns::nsswitch::NssStatus;
use crate::sim::dns::resolver::{self, Step, StepKind};
use core::convert::Infallible;
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

/// glibc 2.36 getent's argp options; none hands a key over.
const OPTS: &[Opt<Infallible>] = &[
    Form::with_value('s', "service").refused(),
    // No IDN, no AI_ADDRCONFIG: the simulated names are ASCII and every
    // namespace answers IPv4, so they change nothing.
    Form::flag('i', "no-idn").ignored(),
    Form::flag('A', "no-addrconfig").ignored(),
    Form::flag('?', "help").refused(),
    Form::long("usage").refused(),
    Form::flag('V', "version").refused(),
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
        .map_err(|e| refused_or("getent", 1, &e, |m| CmdOutput::usage(64, m + TRY)))?;
    let words: Vec<String> = items
        .into_iter()
        .map(|item| match item {
            Item::Operand(w) => w,
            Item::Flag(k) | Item::Value(k, _) => match k {},
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;

    #[test]
    fn argp_mistakes_exit_64_and_refusals_name_the_option_as_written() {
        let a = parse(&words("-i -A hosts x y")).ok().unwrap();
        assert_eq!(a.db, "hosts");
        assert_eq!(a.keys, ["x", "y"]);
        let e = parse(&words("-s files hosts -z")).err().unwrap();
        assert_eq!(e.status, 64);
        assert_eq!(e.stderr, format!("getent: invalid option -- 'z'\n{TRY}"));
        let e = parse(&words("hosts --serv files")).err().unwrap();
        assert_eq!(e.status, 1);
        assert_eq!(e.stderr, "netbook: getent --service is not simulated\n");
        let e = parse(&words("-V")).err().unwrap();
        assert_eq!(e.stderr, "netbook: getent -V is not simulated\n");
    }
}
