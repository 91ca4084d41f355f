//! The name-resolution tools: `dig`, `nslookup` and `host` (bind9 9.18:
//! DNS only, never /etc/hosts), `getent hosts|ahosts` (glibc: through
//! nsswitch.conf, so /etc/hosts usually wins), the servers `coredns` and
//! `dnsmasq`, and `dnsname`, which shows the anatomy of a domain name.
//! Output formats were captured from the real tools on Debian 12
//! (tests/fixtures/dns/, with the script that made them).

mod coredns_args;
pub mod dig;
mod dig_args;
mod dig_lookup;
mod dig_plus;
mod dnsmasq_args;
pub mod getent;
pub mod host;
pub mod nslookup;
mod nslookup_args;
pub mod servers;

use super::args::{self, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::display::{self, MimeBundle};
use crate::sim::dns::name::Anatomy;
use crate::sim::dns::record::RType;
use crate::sim::dns::resolver::{self, Step, StepKind};
use crate::sim::dns::{format_date, Failure, Question, Response};
use core::net::IpAddr;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "dig",
        summary: "DNS lookup utility (asks DNS servers only, never /etc/hosts)",
        summary_ko: "DNS 서버에 직접 질의합니다 (/etc/hosts는 보지 않음)",
        usage: "dig [@server] [-t type] [-x addr] [-p port] [name] [type] [+short] [+noall] [+answer] [+search] [+tries=N] [+time=N]",
        run: dig::dig,
        complete: None,
    },
    Command {
        name: "nslookup",
        summary: "query Internet name servers (resolv.conf, not NSS)",
        summary_ko: "resolv.conf의 DNS 서버에 질의합니다 (nsswitch/hosts는 보지 않음)",
        usage: "nslookup [-type=TYPE] NAME [SERVER]",
        run: nslookup::nslookup,
        complete: None,
    },
    Command {
        name: "host",
        summary: "DNS lookup utility (short answers)",
        summary_ko: "DNS 조회 결과를 짧게 보여줍니다",
        usage: "host [-t type] NAME [SERVER]",
        run: host::host,
        complete: None,
    },
    Command {
        name: "getent",
        summary: "get entries from Name Service Switch libraries (hosts, ahosts)",
        summary_ko: "nsswitch.conf 순서대로 이름을 해석합니다 (ping/curl과 같은 경로)",
        usage: "getent hosts|ahosts|ahostsv4|ahostsv6 [NAME]...",
        run: getent::getent,
        complete: None,
    },
    Command {
        name: "coredns",
        summary: "start a CoreDNS server from a Corefile (returns at once, like `&`)",
        summary_ko: "Corefile로 CoreDNS 서버를 띄웁니다 (백그라운드로 바로 반환)",
        usage: "coredns [-conf FILE] [-dns.port PORT] [-quiet] [-version]",
        run: servers::coredns,
        complete: None,
    },
    Command {
        name: "dnsmasq",
        summary: "start a small DNS forwarder/server",
        summary_ko: "dnsmasq DNS 서버를 띄웁니다 (--address, --cname, --no-resolv, --no-hosts)",
        usage: "dnsmasq [--no-resolv] [--no-hosts] [--address=/NAME/IP] [--cname=ALIAS,TARGET] [--host-record=NAME,IP] [--server=IP] [--listen-address=IP] [--port=N]",
        run: servers::dnsmasq,
        complete: None,
    },
    Command {
        name: "dnstrace",
        summary: "explain how a name is resolved for ping/curl (nsswitch, /etc/hosts, search list, servers, CNAMEs)",
        summary_ko: "ping/curl이 이름을 해석하는 과정을 단계별로 보여줍니다 (nsswitch, hosts, search, DNS 서버, CNAME)",
        usage: "dnstrace NAME",
        run: dnstrace,
        complete: None,
    },
    Command {
        name: "dnsname",
        summary: "show the anatomy of a domain name (TLD, domain, subdomain, FQDN, root)",
        summary_ko: "도메인 이름의 구조를 보여줍니다 (TLD, 도메인, 서브도메인, FQDN, 루트)",
        usage: "dnsname NAME",
        run: dnsname,
        complete: None,
    },
];

/// The version string dig prints in its banner.
pub const DIG_VERSION: &str = "9.18.47-1~deb12u1-Debian";

/// A deterministic query id from the question and the virtual clock.
pub(crate) fn query_id(q: &Question, now_us: u64) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for b in q
        .name
        .bytes()
        .chain(q.rtype.code().to_be_bytes())
        .chain(now_us.to_be_bytes())
    {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h ^ (h >> 16)) as u16
}

pub(crate) fn now_date(ctx: &Ctx) -> String {
    format_date(ctx.world.wall_clock_s())
}

pub(crate) fn advance(ctx: &mut Ctx, ms: u64) {
    ctx.world.advance(ms * 1000);
}

pub(crate) fn no_dot(s: &str) -> &str {
    if s == "." {
        return s;
    }
    s.strip_suffix('.').unwrap_or(s)
}

/// Resolves a server given as an address or a name (through NSS, as the
/// tools do with getaddrinfo).
pub(crate) fn server_addr(ctx: &mut Ctx, s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    let r = resolver::resolve_host(ctx.world, ctx.netns.as_deref(), s, None);
    r.addrs.first().copied()
}

pub(crate) fn server_steps(ip: IpAddr, port: u16, q: &Question, resp: &Response) -> Vec<Step> {
    let mut steps = vec![Step {
        kind: StepKind::Query,
        text: format!("{} {} -> {ip}#{port}: {}", q.rtype, q.name, resp.rcode),
    }];
    for n in &resp.notes {
        steps.push(Step {
            kind: if n.starts_with("CNAME") {
                StepKind::Cname
            } else {
                StepKind::Query
            },
            text: format!("server: {n}"),
        });
    }
    steps
}

// ---------------------------------------------------------- nslookup / host
/// The failure lines of a search, ending with "no servers could be
/// reached" (which a failed UDP setup already printed).
pub(crate) fn comm_errors(res: &resolver::SearchResult) -> String {
    let mut s = String::new();
    let mut last_no_route = false;
    for t in &res.tried {
        for (ip, port, why) in &t.failures {
            s.push_str(&why.tool_lines(*ip, *port, &t.question.name));
            last_no_route = why.kind == Failure::NoRoute;
        }
    }
    if !last_no_route {
        s.push_str(";; no servers could be reached\n");
    }
    s
}

/// One lookup of bind9's host or nslookup: the search (with the search
/// list when the lookup uses one), and the clock moved by its waits.
pub(crate) fn bind9_lookup(
    ctx: &mut Ctx,
    rc: &crate::sim::dns::resolv_conf::ResolvConf,
    (qname, t, use_search): &Lookup,
) -> resolver::SearchResult {
    let how = match use_search {
        true => resolver::SearchList::Bind9,
        false => resolver::SearchList::Off,
    };
    let netns = ctx.netns.clone();
    let res = ctx
        .world
        .with_dns(|dns, net| resolver::search(dns, net, netns.as_deref(), rc, qname, *t, how));
    advance(ctx, res.waited_ms());
    res
}

/// The name a bind9 tool reports a failure for: the candidate whose
/// refusal ended the search, else the name as asked.
pub(crate) fn failed_name(res: &resolver::SearchResult, asked: &str) -> String {
    match res.tried.last() {
        Some(t)
            if t.response
                .as_ref()
                .is_some_and(|(_, _, r)| r.rcode.ends_search()) =>
        {
            no_dot(&t.question.name).to_string()
        }
        _ => no_dot(asked).to_string(),
    }
}

/// One lookup of nslookup/host: a name, a type, and whether the search
/// list applies.
pub(crate) type Lookup = (String, RType, bool);

/// The options of netbook's own one-name tools.
#[derive(Debug, Clone, Copy)]
enum NameOpt {
    Help,
}

const NAME_OPTS: &[Opt<NameOpt>] = &[Opt::flag('h', "help", NameOpt::Help)];

/// `dnstrace NAME` / `dnsname NAME`: exactly one name, or the usage line
/// (on stdout with status 0 for `--help`).
#[allow(clippy::result_large_err)]
fn one_name(tool: &str, argv: &[String]) -> Result<String, CmdOutput> {
    let usage = format!("usage: {tool} NAME\n");
    let fail = |msg: String| CmdOutput::usage(1, format!("{msg}{usage}"));
    let items = args::parse(NAME_OPTS, argv).map_err(|e| fail(e.message(tool)))?;
    let mut names = Vec::new();
    for item in items {
        match item {
            Item::Flag(NameOpt::Help) | Item::Value(NameOpt::Help, _) => {
                return Err(CmdOutput::text(usage.clone()))
            }
            Item::Operand(n) => names.push(n),
        }
    }
    match <[String; 1]>::try_from(names) {
        Ok([name]) => Ok(name),
        Err(v) if v.is_empty() => Err(fail(format!("{tool}: missing operand\n"))),
        Err(v) => Err(fail(format!("{tool}: extra operand '{}'\n", v[1]))),
    }
}

pub(crate) fn dnstrace(ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let name = match one_name("dnstrace", argv) {
        Ok(n) => n,
        Err(out) => return out,
    };
    let name = &name;
    let netns = ctx.netns.clone();
    let r = resolver::resolve_host(ctx.world, netns.as_deref(), name, None);
    let mut text = display::dns::steps_text(&r.steps);
    match r.gai_error() {
        None => {}
        Some(e) => text.push_str(&format!("getaddrinfo fails: {name}: {e}\n")),
    }
    let title = format!("how ping/curl resolve {name}");
    let bundle = MimeBundle::plain(text).with_html(display::dns::steps_html(&title, &r.steps));
    let mut c = CmdOutput::rich(bundle);
    if r.gai_error().is_some() {
        c.status = 2;
    }
    c
}

pub(crate) fn dnsname(_ctx: &mut Ctx, argv: &[String]) -> CmdOutput {
    let name = match one_name("dnsname", argv) {
        Ok(n) => n,
        Err(out) => return out,
    };
    match Anatomy::of(&name) {
        Ok(a) => CmdOutput::rich(display::dns::anatomy(&a)),
        Err(e) => CmdOutput::error(1, format!("dnsname: {e}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;

    fn run(w: &mut World, netns: Option<&str>, line: &str) -> CmdOutput {
        let argv: Vec<&str> = line.split_whitespace().collect();
        super::super::run_words(w, netns, None, &argv)
    }

    #[test]
    fn servers_live_in_their_namespace() {
        let mut w = World::new();
        // DNS goes through the datapath: the namespace exists, its lo is up.
        let ns = w.netns_add("dns").unwrap();
        let lo = w.link_by_name(ns, "lo").unwrap();
        w.link_set_up(lo, true);
        let out = run(
            &mut w,
            Some("dns"),
            "dnsmasq --no-resolv --address=/lab/10.0.0.1",
        );
        assert_eq!(out.status, 0, "{}", out.stderr);
        // 127.0.0.1 is the namespace's own loopback.
        let ok = run(&mut w, Some("dns"), "dig @127.0.0.1 +short x.lab");
        assert_eq!(ok.stdout, "10.0.0.1\n");
        // The root namespace's own loopback has nobody listening: refused
        // at once.
        let far = run(&mut w, None, "dig @127.0.0.1 +short +tries=1 x.lab");
        assert_eq!(far.status, 9);
        assert_eq!(
            far.stdout,
            ";; communications error to 127.0.0.1#53: connection refused\n;; no servers could be reached\n"
        );
        assert_eq!(w.now_us, 0);
        // An address nobody answers: the packet vanishes and dig waits 5 s.
        let lost = run(&mut w, None, "dig @10.9.9.9 +short +tries=1 x.lab");
        assert!(lost.stdout.contains("10.9.9.9#53: timed out"));
        assert_eq!(w.now_us, 5_000_000);
    }

    /// A namespace with no route to anything.
    struct NoRoutes;
    impl crate::sim::dns::DnsNet for NoRoutes {
        fn reach(
            &mut self,
            _: Option<&str>,
            ip: IpAddr,
            _: u16,
        ) -> Result<(), crate::sim::dns::Unreachable> {
            Err(crate::sim::dns::Unreachable::no_route(format!(
                "no route to {ip}"
            )))
        }
    }

    #[test]
    fn no_route_reads_like_bind9() {
        let fx = |n: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/fixtures/dns/{n}.out",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let w = World::new();
        let mut rc = crate::sim::dns::resolv_conf::ResolvConf::parse("nameserver 192.0.2.1\n");
        for (attempts, fixture, tail) in [(3, "nslookup_noroute", "\n"), (2, "host_noroute", "")] {
            rc.attempts = attempts;
            let res = resolver::search(
                &w.dns,
                &mut NoRoutes,
                None,
                &rc,
                "example.com",
                RType::A,
                resolver::SearchList::Bind9,
            );
            assert_eq!(res.waited_ms(), 0);
            assert_eq!(comm_errors(&res) + tail, fx(fixture));
        }
        let u = crate::sim::dns::Unreachable::no_route("x");
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(
            u.tool_lines(ip, 53, "example.com.").repeat(3),
            fx("dig_noroute")
        );
        let r = resolver::resolve_host_via(&w.dns, &mut NoRoutes, None, "example.com", None);
        assert_eq!(r.gai_error(), Some("Temporary failure in name resolution"));
    }

    #[test]
    fn dig_usage_errors_fail_the_cell_and_leave_the_world() {
        let mut w = World::new();
        let before = w.clone();
        let out = run(&mut w, None, "dig +frobnicate example.com");
        assert_eq!(out.status, 1);
        assert!(out
            .stderr
            .starts_with("Invalid option: +frobnicate\nUsage:  dig"));
        assert!(out.fail.is_some());
        let out = run(&mut w, None, "dig example.com -t");
        assert!(out.fail.is_some());
        assert_eq!(w, before);
    }

    #[test]
    fn getent_hosts_enumerates_and_rejects_unknown_databases() {
        let mut w = World::new();
        let out = run(&mut w, None, "getent hosts");
        assert!(out.stdout.starts_with("127.0.0.1       localhost\n127.0.1.1       host\n::1             localhost ip6-localhost ip6-loopback\n"));
        let out = run(&mut w, None, "getent hosts localhost");
        assert_eq!(
            out.stdout,
            "::1             localhost ip6-localhost ip6-loopback\n"
        );
        let out = run(&mut w, None, "getent hosts 8.8.8.8 127.0.1.1");
        assert_eq!(
            out.stdout,
            "8.8.8.8         dns.google\n127.0.1.1       host\n"
        );
        let out = run(&mut w, None, "getent frob x");
        assert_eq!(out.status, 1);
        assert!(out.stderr.starts_with("Unknown database: frob\n"));
    }

    #[test]
    fn dnstrace_explains_each_step() {
        let mut w = World::new();
        let out = run(&mut w, None, "dnstrace www.naver.com");
        assert_eq!(out.status, 0);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(
            lines[0],
            " 1. [config] /etc/nsswitch.conf line 5: hosts: files dns"
        );
        assert!(out
            .stdout
            .contains("[hosts file] /etc/hosts: no line for www.naver.com"));
        assert!(out
            .stdout
            .contains("[CNAME] www.naver.com. is an alias for www.naver.com.nheos.com."));
        assert!(out
            .stdout
            .contains("[answer] www.naver.com -> 223.130.200.219"));
        for (line, err) in [
            (
                "dnstrace",
                "dnstrace: missing operand\nusage: dnstrace NAME\n",
            ),
            (
                "dnstrace a b",
                "dnstrace: extra operand 'b'\nusage: dnstrace NAME\n",
            ),
            (
                "dnsname -x",
                "dnsname: invalid option -- 'x'\nusage: dnsname NAME\n",
            ),
        ] {
            assert_eq!(run(&mut w, None, line).stderr, err, "{line}");
        }
        assert_eq!(
            run(&mut w, None, "dnsname --help").stdout,
            "usage: dnsname NAME\n"
        );
        let out = run(&mut w, None, "dnstrace unknown-host");
        assert_eq!(out.status, 2);
        assert!(out
            .stdout
            .ends_with("getaddrinfo fails: unknown-host: Name or service not known\n"));
    }

    #[test]
    fn trace_html_names_the_hosts_line() {
        let mut w = World::new();
        let out = run(&mut w, None, "getent ahosts host");
        let html = out.rich.unwrap().get("text/html").unwrap().to_string();
        assert!(html.contains("/etc/hosts line 2: 127.0.1.1 host"), "{html}");
        assert!(html.contains("files: SUCCESS -&gt; return"));
    }
}
