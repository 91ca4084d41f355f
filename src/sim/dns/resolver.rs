//! The stub resolver: what glibc does for `getent`, `ping` and `curl`
//! (nsswitch.conf(5) order over `files` and `dns`), and what the DNS tools
//! do alone (res_search(3): resolv.conf's servers, `search` and `ndots`).
//!
//! Every lookup returns its [`Step`]s, so a display can explain which
//! source answered (hosts file line N, server X), each query, each CNAME
//! and each search-list expansion. Files are read through [`DnsNet::file`]
//! ([`World::read_file`] for the world), so `/etc/netns/NAME/*` applies
//! inside `ip netns exec`. Queries walk the world once, as they are sent.

use super::hosts::{Family, HostsFile};
use super::message::{DnsNet, Question, Rcode, Response};
use super::name::fqdn;
use super::nsswitch::{NsSwitch, NssStatus};
use super::record::{RData, RType, Record};
use super::resolv_conf::ResolvConf;
use super::search::step;
pub use super::search::{query, search, QueryResult, SearchList, SearchResult, Step, StepKind};
use super::search_pair::search_a_and_aaaa;
use super::server::DnsState;
use crate::sim::stack::world::World;
use core::net::IpAddr;

/// Reads `/etc/resolv.conf` as a process in `netns` sees it (missing:
/// defaults). `files` is the world, or any [`DnsNet`] that has files.
pub fn read_resolv_conf(files: &dyn DnsNet, netns: Option<&str>) -> ResolvConf {
    ResolvConf::parse(&conf(files, netns, "/etc/resolv.conf"))
}

/// Reads `/etc/nsswitch.conf` (missing: glibc's defaults).
pub fn read_nsswitch(files: &dyn DnsNet, netns: Option<&str>) -> NsSwitch {
    NsSwitch::parse(&conf(files, netns, "/etc/nsswitch.conf"))
}

/// Reads `/etc/hosts` (missing: empty).
pub fn read_hosts(files: &dyn DnsNet, netns: Option<&str>) -> HostsFile {
    HostsFile::parse(&conf(files, netns, "/etc/hosts"))
}

/// A configuration file as the resolver in `netns` reads it (missing: empty).
fn conf(files: &dyn DnsNet, netns: Option<&str>, path: &str) -> String {
    files.file(netns, path).unwrap_or_default()
}

/// The addresses a reply gives for `name` of `rtype`, following the CNAME
/// chain inside the answer section; `Err` names a loop.
pub fn addresses_in(
    resp: &Response,
    name: &str,
    rtype: RType,
) -> Result<(String, Vec<String>, Vec<IpAddr>), String> {
    let mut cur = fqdn(name);
    let mut aliases = Vec::new();
    let mut seen = vec![cur.clone()];
    loop {
        let next = resp.answer.iter().find_map(|r| match &r.data {
            RData::CNAME(t) if r.name == cur => Some(t.clone()),
            _ => None,
        });
        match next {
            Some(t) if seen.contains(&t) => return Err(t),
            Some(t) => {
                aliases.push(cur.clone());
                seen.push(t.clone());
                cur = t;
            }
            None => break,
        }
    }
    let addrs = resp
        .answer
        .iter()
        .filter(|r: &&Record| r.name == cur && r.rtype() == rtype)
        .filter_map(|r| r.data.ip())
        .collect();
    Ok((cur, aliases, addrs))
}

/// A host lookup through NSS, as getent/ping/curl do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The name asked for.
    pub name: String,
    /// Addresses found, in the order the caller gets them.
    pub addrs: Vec<IpAddr>,
    /// The canonical name (h_name), without the trailing dot.
    pub canonical: String,
    /// Other names (h_aliases), without trailing dots.
    pub aliases: Vec<String>,
    /// The NSS source that answered (`files`, `dns`).
    pub source: Option<String>,
    /// The overall status.
    pub status: NssStatus,
    /// What happened, in order.
    pub steps: Vec<Step>,
    /// Every DNS question sent, in order, one per datagram (retries
    /// included).
    pub queries: Vec<Question>,
}

impl Resolution {
    /// getaddrinfo(3)'s message for a failed lookup, as `ping` and `curl`
    /// print it (`ping: NAME: Name or service not known`); `None` on success.
    pub fn gai_error(&self) -> Option<&'static str> {
        match self.status {
            NssStatus::Success => None,
            NssStatus::TryAgain => Some("Temporary failure in name resolution"),
            NssStatus::NotFound | NssStatus::Unavail => Some("Name or service not known"),
        }
    }
}

fn trim_dot(s: &str) -> String {
    s.strip_suffix('.').unwrap_or(s).to_string()
}

/// Looks `name` up through the `hosts:` line of nsswitch.conf.
/// `family` is `Some` for gethostbyname2(3) (what `getent hosts` uses per
/// family) and `None` for getaddrinfo(3) with AF_UNSPEC (`getent ahosts`,
/// `ping`, `curl`), which asks for both.
///
/// ```
/// use netbook::sim::{World, dns::resolver::resolve_host};
/// let mut w = World::new();
/// w.write_file(None, "/etc/hosts", "10.0.0.7 web\n", false).unwrap();
/// let r = resolve_host(&mut w, None, "web", None);
/// assert_eq!(r.addrs[0].to_string(), "10.0.0.7");
/// assert_eq!(r.source.as_deref(), Some("files"));
/// ```
pub fn resolve_host(
    world: &mut World,
    netns: Option<&str>,
    name: &str,
    family: Option<Family>,
) -> Resolution {
    world.with_dns(|dns, net| resolve_host_via(dns, net, netns, name, family))
}

/// [`resolve_host`] with the servers `dns` reached through `net`, which
/// also gives the files.
pub fn resolve_host_via(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    name: &str,
    family: Option<Family>,
) -> Resolution {
    let mut res = Resolution {
        name: name.to_string(),
        addrs: Vec::new(),
        canonical: name.to_string(),
        aliases: Vec::new(),
        source: None,
        status: NssStatus::NotFound,
        steps: Vec::new(),
        queries: Vec::new(),
    };
    // Numeric addresses need no lookup.
    if let Ok(ip) = name.parse::<IpAddr>() {
        if family.is_none_or(|f| f.has(&ip)) {
            res.addrs.push(ip);
            res.status = NssStatus::Success;
            step(
                &mut res.steps,
                StepKind::Answer,
                format!("{name} is an address: no lookup"),
            );
        }
        return res;
    }
    let nss = read_nsswitch(net, netns);
    let sources = nss.hosts();
    let order: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    step(
        &mut res.steps,
        StepKind::Config,
        match nss.hosts_line {
            Some(l) => format!("/etc/nsswitch.conf line {l}: hosts: {}", order.join(" ")),
            None => format!(
                "/etc/nsswitch.conf has no hosts: line, glibc default: {}",
                order.join(" ")
            ),
        },
    );
    walk_sources(&mut res, &sources, |module, res| match module {
        "files" => Some(files_source(net, netns, name, family, res)),
        "dns" => Some(dns_source(dns, net, netns, name, family, res)),
        _ => None,
    });
    if res.status == NssStatus::Success {
        let a: Vec<String> = res.addrs.iter().map(IpAddr::to_string).collect();
        step(
            &mut res.steps,
            StepKind::Answer,
            format!("{name} -> {}", a.join(", ")),
        );
    } else {
        res.addrs.clear();
    }
    res
}

/// Looks an address up through the `hosts:` line (gethostbyaddr(3), what
/// `getent hosts ADDRESS` does): the hosts file's line for it, or a PTR
/// query for its reverse name.
pub fn resolve_addr(world: &mut World, netns: Option<&str>, ip: IpAddr) -> Resolution {
    world.with_dns(|dns, net| resolve_addr_via(dns, net, netns, ip))
}

/// [`resolve_addr`] with the servers `dns` reached through `net`.
pub fn resolve_addr_via(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    ip: IpAddr,
) -> Resolution {
    let mut res = Resolution {
        name: ip.to_string(),
        addrs: Vec::new(),
        canonical: ip.to_string(),
        aliases: Vec::new(),
        source: None,
        status: NssStatus::NotFound,
        steps: Vec::new(),
        queries: Vec::new(),
    };
    let nss = read_nsswitch(net, netns);
    walk_sources(&mut res, &nss.hosts(), |module, res| {
        let status = match module {
            "files" => {
                let hosts = read_hosts(net, netns);
                match hosts.lookup_addr(ip) {
                    Some((line, e)) => {
                        step(
                            &mut res.steps,
                            StepKind::HostsFile,
                            format!("/etc/hosts line {line}: {} {}", e.addr, e.canonical),
                        );
                        res.canonical = e.canonical.clone();
                        res.aliases = e.aliases.clone();
                        NssStatus::Success
                    }
                    None => {
                        step(
                            &mut res.steps,
                            StepKind::HostsFile,
                            format!("/etc/hosts: no line for {ip}"),
                        );
                        NssStatus::NotFound
                    }
                }
            }
            "dns" => {
                let rc = read_resolv_conf(net, netns);
                let rname = super::name::reverse_name(ip);
                let s = search(dns, net, netns, &rc, &rname, RType::PTR, SearchList::Off);
                res.steps.extend(s.steps.iter().cloned());
                let ptr = s.final_response().and_then(|(_, _, r)| {
                    r.answer.iter().find_map(|rec| match &rec.data {
                        RData::PTR(t) => Some(trim_dot(t)),
                        _ => None,
                    })
                });
                match ptr {
                    Some(name) => {
                        res.canonical = name;
                        NssStatus::Success
                    }
                    None if s.unreachable() => NssStatus::TryAgain,
                    None => NssStatus::NotFound,
                }
            }
            _ => return None,
        };
        if status == NssStatus::Success {
            res.addrs.push(ip);
        }
        Some(status)
    });
    res
}

/// glibc's NSS loop over the `hosts:` sources: ask each module in order,
/// log its status and stop where the line's `[STATUS=action]` says. `ask`
/// answers for the modules netbook simulates; `None` means not simulated
/// (UNAVAIL).
fn walk_sources(
    res: &mut Resolution,
    sources: &[super::nsswitch::Source],
    mut ask: impl FnMut(&str, &mut Resolution) -> Option<NssStatus>,
) {
    for src in sources {
        let status = ask(&src.name, res).unwrap_or_else(|| {
            step(
                &mut res.steps,
                StepKind::Source,
                format!("{}: NSS module not simulated (UNAVAIL)", src.name),
            );
            NssStatus::Unavail
        });
        res.status = status;
        let stop = src.stops_on(status);
        step(
            &mut res.steps,
            StepKind::Source,
            format!(
                "{}: {status} -> {}",
                src.name,
                if stop { "return" } else { "continue" }
            ),
        );
        if status == NssStatus::Success {
            res.source = Some(src.name.clone());
        }
        if stop {
            break;
        }
    }
}

fn files_source(
    net: &dyn DnsNet,
    netns: Option<&str>,
    name: &str,
    family: Option<Family>,
    res: &mut Resolution,
) -> NssStatus {
    let hosts = read_hosts(net, netns);
    let found: Vec<_> = hosts.lookup(name, family).collect();
    let Some((first_line, first)) = found.first() else {
        step(
            &mut res.steps,
            StepKind::HostsFile,
            format!("/etc/hosts: no line for {name}"),
        );
        return NssStatus::NotFound;
    };
    for (line, e) in &found {
        step(
            &mut res.steps,
            StepKind::HostsFile,
            format!("/etc/hosts line {line}: {} {}", e.addr, e.canonical),
        );
    }
    let _ = first_line;
    res.canonical = first.canonical.clone();
    res.aliases = first.aliases.clone();
    res.addrs = found.iter().map(|(_, e)| e.addr).collect();
    if family.is_none() {
        sort_unspec(&mut res.addrs);
    }
    NssStatus::Success
}

/// getaddrinfo's order, simplified from RFC 6724: `::1` first (same-scope
/// loopback), then IPv4, then other IPv6 (no IPv6 route in a lab netns).
fn sort_unspec(addrs: &mut [IpAddr]) {
    addrs.sort_by_key(|a| match a {
        IpAddr::V6(v6) if v6.is_loopback() => 0,
        IpAddr::V4(_) => 1,
        IpAddr::V6(_) => 2,
    });
}

fn dns_source(
    dns: &DnsState,
    net: &mut dyn DnsNet,
    netns: Option<&str>,
    name: &str,
    family: Option<Family>,
    res: &mut Resolution,
) -> NssStatus {
    if !super::name::host_name_ok(name) {
        step(
            &mut res.steps,
            StepKind::Answer,
            format!("{name} is not a valid host name: no query"),
        );
        return NssStatus::NotFound;
    }
    let rc = read_resolv_conf(net, netns);
    let servers: Vec<String> = rc.nameservers().iter().map(IpAddr::to_string).collect();
    step(
        &mut res.steps,
        StepKind::Config,
        format!(
            "/etc/resolv.conf: nameserver {}{}",
            servers.join(", "),
            if rc.search.is_empty() {
                String::new()
            } else {
                format!("; search {}; ndots:{}", rc.search.join(" "), rc.ndots)
            }
        ),
    );
    // gethostbyname2(3) searches one type; getaddrinfo(3) asks A and AAAA
    // together for each candidate (see search_pair.rs).
    let sides: Vec<(RType, SearchResult)> = match family {
        Some(f) => {
            let t = if f == Family::V4 {
                RType::A
            } else {
                RType::AAAA
            };
            let s = search(dns, net, netns, &rc, name, t, SearchList::Glibc);
            res.steps.extend(s.steps.iter().cloned());
            res.queries.extend(s.tried.iter().flat_map(|q| {
                let sent = q.failures.len() + usize::from(q.response.is_some());
                std::iter::repeat_n(q.question.clone(), sent)
            }));
            vec![(t, s)]
        }
        None => {
            let p = search_a_and_aaaa(dns, net, netns, &rc, name);
            res.steps.extend(p.steps.iter().cloned());
            res.queries.extend(p.sent);
            vec![(RType::A, p.a), (RType::AAAA, p.aaaa)]
        }
    };
    let mut any_reply = false;
    let mut servfail = false;
    for (t, s) in sides {
        let Some((_, _, resp)) = s.final_response() else {
            continue;
        };
        any_reply = true;
        servfail |= matches!(resp.rcode, Rcode::ServFail | Rcode::Refused);
        // The name that answered is the last one tried.
        let asked = s
            .tried
            .iter()
            .rev()
            .find(|t| t.response.as_ref().is_some_and(|(_, _, r)| r == resp))
            .map_or(fqdn(name), |t| t.question.name.clone());
        match addresses_in(resp, &asked, t) {
            Err(at) => step(
                &mut res.steps,
                StepKind::Error,
                format!("CNAME loop at {at}: no address"),
            ),
            Ok((canon, aliases, addrs)) => {
                for pair in aliases
                    .iter()
                    .zip(aliases.iter().skip(1).chain(std::iter::once(&canon)))
                {
                    step(
                        &mut res.steps,
                        StepKind::Cname,
                        format!("{} is an alias for {}", pair.0, pair.1),
                    );
                }
                if !addrs.is_empty() && res.addrs.is_empty() {
                    res.canonical = trim_dot(&canon);
                    res.aliases = aliases.iter().map(|a| trim_dot(a)).collect();
                }
                res.addrs.extend(addrs);
            }
        }
    }
    if !res.addrs.is_empty() {
        NssStatus::Success
    } else if !any_reply || servfail {
        NssStatus::TryAgain
    } else {
        NssStatus::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::super::message::Unreachable;
    use super::*;

    fn world(hosts: &str, nss: &str, resolv: &str) -> World {
        let mut w = World::new();
        w.write_file(None, "/etc/hosts", hosts, false).unwrap();
        w.write_file(None, "/etc/nsswitch.conf", nss, false)
            .unwrap();
        w.write_file(None, "/etc/resolv.conf", resolv, false)
            .unwrap();
        w
    }

    #[test]
    fn hosts_wins_with_files_dns_and_loses_with_dns_files() {
        // example.com is 93.184.216.34 on the simulated Internet.
        for (nss, addr, source) in [
            ("hosts: files dns\n", "10.9.9.9", "files"),
            ("hosts: dns files\n", "93.184.216.34", "dns"),
        ] {
            let mut w = world("10.9.9.9 example.com\n", nss, "nameserver 8.8.8.8\n");
            let r = resolve_host(&mut w, None, "example.com", Some(Family::V4));
            assert_eq!(r.addrs, vec![addr.parse::<IpAddr>().unwrap()], "{nss}");
            assert_eq!(r.source.as_deref(), Some(source), "{nss}");
        }
    }

    #[test]
    fn notfound_return_stops_before_dns() {
        let mut w = world(
            "",
            "hosts: files [NOTFOUND=return] dns\n",
            "nameserver 8.8.8.8\n",
        );
        let r = resolve_host(&mut w, None, "example.com", None);
        assert_eq!(r.status, NssStatus::NotFound);
        assert!(r.steps.iter().all(|s| s.kind != StepKind::Query));
    }

    #[test]
    fn cname_chain_gives_canonical_name() {
        let mut w = world("", "hosts: files dns\n", "nameserver 8.8.8.8\n");
        let r = resolve_host(&mut w, None, "www.naver.com", Some(Family::V4));
        assert_eq!(r.canonical, "www.naver.com.nheos.com");
        assert_eq!(r.aliases, vec!["www.naver.com"]);
        assert!(r.steps.iter().any(|s| s.kind == StepKind::Cname));
    }

    /// A network where one address is behind a DROP rule.
    struct Dropping(World);
    impl DnsNet for Dropping {
        fn reach(&mut self, from: Option<&str>, ip: IpAddr, port: u16) -> Result<(), Unreachable> {
            if ip.to_string() == "8.8.8.8" {
                return Err(Unreachable::dropped(
                    "dropped by iptables OUTPUT rule 1 (DROP)",
                ));
            }
            self.0.reach(from, ip, port)
        }
        fn file(&self, netns: Option<&str>, path: &str) -> Option<String> {
            self.0.file(netns, path)
        }
    }

    #[test]
    fn server_behind_drop_times_out_and_the_next_one_answers() {
        let w = world(
            "",
            "hosts: files dns\n",
            "nameserver 8.8.8.8\nnameserver 1.1.1.1\noptions timeout:2\n",
        );
        let mut net = Dropping(w.clone());
        let r = resolve_host_via(&w.dns, &mut net, None, "example.com", Some(Family::V4));
        assert_eq!(r.addrs, vec!["93.184.216.34".parse::<IpAddr>().unwrap()]);
        assert!(r
            .steps
            .iter()
            .any(|s| s.kind == StepKind::Error && s.text.contains("DROP")));
        let rc = read_resolv_conf(&w, None);
        let s = search(
            &w.dns,
            &mut net,
            None,
            &rc,
            "example.com",
            RType::A,
            SearchList::Off,
        );
        assert_eq!(s.waited_ms(), 2000 + 24);
        let w = world("", "hosts: files dns\n", "nameserver 8.8.8.8\n");
        let r = resolve_host_via(&w.dns, &mut Dropping(w.clone()), None, "example.com", None);
        assert_eq!(r.gai_error(), Some("Temporary failure in name resolution"));
    }

    #[test]
    fn debian_localhost_is_ipv6_first_for_gethostbyname2() {
        let mut w = World::new();
        let r = resolve_host(&mut w, None, "localhost", Some(Family::V6));
        assert_eq!(r.addrs, vec!["::1".parse::<IpAddr>().unwrap()]);
        assert_eq!(r.aliases, vec!["ip6-localhost", "ip6-loopback"]);
        let r = resolve_host(&mut w, None, "localhost", None);
        assert_eq!(r.addrs[0].to_string(), "::1");
        assert_eq!(r.addrs[1].to_string(), "127.0.0.1");
        let r = resolve_host(&mut w, None, "unknown-host", None);
        assert_eq!(r.gai_error(), Some("Name or service not known"));
    }

    #[test]
    fn reverse_lookups_use_hosts_then_ptr() {
        let mut w = world(
            "10.0.0.7 web web.lab\n",
            "hosts: files dns\n",
            "nameserver 8.8.8.8\n",
        );
        for (addr, name, source) in [
            ("10.0.0.7", "web", "files"),
            ("8.8.8.8", "dns.google", "dns"),
        ] {
            let r = resolve_addr(&mut w, None, addr.parse().unwrap());
            assert_eq!(
                (r.canonical.as_str(), r.source.as_deref()),
                (name, Some(source))
            );
        }
        let r = resolve_addr(&mut w, None, "10.9.9.9".parse().unwrap());
        assert_eq!(r.status, NssStatus::NotFound);
    }

    #[test]
    fn unreachable_server_is_tryagain() {
        let mut w = world(
            "",
            "hosts: files dns\n",
            "nameserver 10.0.0.99\noptions timeout:1 attempts:1\n",
        );
        let r = resolve_host(&mut w, None, "example.com", Some(Family::V4));
        assert_eq!(r.status, NssStatus::TryAgain);
        assert!(r.addrs.is_empty());
    }
}
