//! dnsmasq's command-line configuration, per dnsmasq(8) 2.90.
//!
//! Modelled options: `--address=/domain/[ip]` (the domain and everything
//! below it; no ip means NXDOMAIN), `--cname=alias,target[,ttl]`,
//! `--host-record=name[,name...],ip[,ip]`, `--txt-record=name,"text"`,
//! `--mx-host=name,host,pref`, `--ptr-record=name,target`,
//! `--srv-host=_svc._proto.name,target,port[,prio[,weight]]`,
//! `--local=/domain/`, `--server=ip[#port]`, `--no-resolv`, `--no-hosts`,
//! `--listen-address=ip`, `--port=N`, `--log-queries`, `--addn-hosts=FILE`,
//! `--conf-file=FILE` (expanded by the caller, which reads files), and the daemon
//! flags (`-k`, `-d`, `--bind-interfaces`, `--pid-file`...) that change
//! nothing here. Local answers have TTL 0 (`--local-ttl` default).

use super::name::fqdn;
use super::record::RData;
use core::net::IpAddr;

/// One `--address=/d1/d2/ip` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRule {
    /// Domains matched (each with all its subdomains).
    pub domains: Vec<String>,
    /// The address; `None` answers NXDOMAIN.
    pub addr: Option<IpAddr>,
}

/// A parsed dnsmasq command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DnsmasqConfig {
    /// `--address` rules in order.
    pub addresses: Vec<AddressRule>,
    /// `--local` domains: answered from local data only, else NXDOMAIN.
    pub local: Vec<String>,
    /// Local records (`--cname`, `--host-record`, `--txt-record`, ...).
    pub records: Vec<(String, RData)>,
    /// `--server` upstreams.
    pub servers: Vec<(IpAddr, u16)>,
    /// `--no-resolv`: do not read upstreams from resolv.conf.
    pub no_resolv: bool,
    /// `--no-hosts`: do not read /etc/hosts.
    pub no_hosts: bool,
    /// `--listen-address`es; empty means all addresses.
    pub listen: Vec<IpAddr>,
    /// `--port` (default 53).
    pub port: u16,
    /// `--log-queries`.
    pub log_queries: bool,
    /// `--addn-hosts` files, read as well as /etc/hosts (even with
    /// `--no-hosts`).
    pub addn_hosts: Vec<String>,
}

/// dnsmasq's own wording for a bad option (it starts with a blank line).
pub fn bad_option(reason: &str) -> String {
    format!("\ndnsmasq: bad command line options: {reason}\n")
}

const IGNORED: &[&str] = &[
    "-k",
    "--keep-in-foreground",
    "-d",
    "--no-daemon",
    "--bind-interfaces",
    "-z",
    "--bind-dynamic",
    "--no-poll",
    "-n",
    "-q",
    "--user",
    "--group",
    "--pid-file",
    "-x",
    "--interface",
    "-i",
    "--domain-needed",
    "--bogus-priv",
    "--cache-size",
    "--log-facility",
];

fn domains(spec: &str) -> Option<(Vec<String>, &str)> {
    // "/d1/d2/rest"
    let inner = spec.strip_prefix('/')?;
    let (doms, rest) = inner.rsplit_once('/')?;
    Some((
        doms.split('/')
            .filter(|d| !d.is_empty())
            .map(fqdn)
            .collect(),
        rest,
    ))
}

impl DnsmasqConfig {
    /// Parses the arguments after `dnsmasq`; `Err` carries dnsmasq's message.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut c = DnsmasqConfig {
            port: 53,
            ..Default::default()
        };
        let mut i = 0;
        let mut local_service = false;
        let interface = args
            .iter()
            .any(|a| a == "-i" || a.starts_with("--interface"));
        while i < args.len() {
            let a = args[i].as_str();
            i += 1;
            let (key, inline_val) = match a.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (a, None),
            };
            let takes_value = matches!(
                key,
                "-A" | "--address"
                    | "--cname"
                    | "--host-record"
                    | "--txt-record"
                    | "--mx-host"
                    | "--ptr-record"
                    | "--srv-host"
                    | "--local"
                    | "-S"
                    | "--server"
                    | "-a"
                    | "--listen-address"
                    | "-p"
                    | "--port"
                    | "-H"
                    | "--addn-hosts"
            );
            let val = if takes_value {
                match inline_val.clone().or_else(|| {
                    let v = args.get(i).cloned();
                    i += 1;
                    v
                }) {
                    Some(v) => v,
                    None => return Err(bad_option("try --help")),
                }
            } else {
                String::new()
            };
            let bad = || bad_option("try --help");
            let ip = |s: &str| s.parse::<IpAddr>().map_err(|_| bad_option("try --help"));
            match key {
                "-H" | "--addn-hosts" => c.addn_hosts.push(val),
                "-A" | "--address" => {
                    let (doms, rest) = domains(&val).ok_or_else(bad)?;
                    let addr = match rest {
                        "" => None,
                        "#" => Some(IpAddr::from([0, 0, 0, 0])),
                        r => Some(
                            r.parse()
                                .map_err(|_| bad_option("Bad address in --address"))?,
                        ),
                    };
                    c.addresses.push(AddressRule {
                        domains: doms,
                        addr,
                    });
                }
                "--local" => {
                    let (doms, rest) = domains(&val).ok_or_else(bad)?;
                    if !rest.is_empty() {
                        return Err(bad());
                    }
                    c.local.extend(doms);
                }
                "--cname" => {
                    let parts: Vec<&str> = val.split(',').collect();
                    if parts.len() < 2 {
                        return Err(bad_option("bad CNAME"));
                    }
                    let target = fqdn(parts[parts.len() - 1]);
                    for alias in &parts[..parts.len() - 1] {
                        c.records.push((fqdn(alias), RData::CNAME(target.clone())));
                    }
                }
                "--host-record" => {
                    let mut names = Vec::new();
                    let mut ips = Vec::new();
                    for p in val.split(',') {
                        match p.parse::<IpAddr>() {
                            Ok(a) => ips.push(a),
                            Err(_) if p.parse::<u32>().is_ok() => {} // a TTL
                            Err(_) => names.push(fqdn(p)),
                        }
                    }
                    if names.is_empty() || ips.is_empty() {
                        return Err(bad());
                    }
                    for n in &names {
                        for a in &ips {
                            let d = match a {
                                IpAddr::V4(v4) => RData::A(*v4),
                                IpAddr::V6(v6) => RData::AAAA(*v6),
                            };
                            c.records.push((n.clone(), d));
                        }
                    }
                    // dnsmasq also answers the reverse for the first name.
                    for a in &ips {
                        c.records
                            .push((super::name::reverse_name(*a), RData::PTR(names[0].clone())));
                    }
                }
                "--txt-record" => {
                    let (name, text) = val.split_once(',').ok_or_else(bad)?;
                    let parts = text
                        .split(',')
                        .map(|t| t.trim_matches('"').to_string())
                        .collect();
                    c.records.push((fqdn(name), RData::TXT(parts)));
                }
                "--mx-host" => {
                    let p: Vec<&str> = val.split(',').collect();
                    let exchange = fqdn(p.get(1).ok_or_else(bad)?);
                    let preference = match p.get(2) {
                        Some(x) => x.parse().map_err(|_| bad_option("bad MX preference"))?,
                        None => 1,
                    };
                    c.records.push((
                        fqdn(p[0]),
                        RData::MX {
                            preference,
                            exchange,
                        },
                    ));
                }
                "--ptr-record" => {
                    let (name, target) = val.split_once(',').ok_or_else(bad)?;
                    c.records.push((fqdn(name), RData::PTR(fqdn(target))));
                }
                "--srv-host" => {
                    let p: Vec<&str> = val.split(',').collect();
                    if p.len() < 3 {
                        return Err(bad());
                    }
                    let num = |k: usize, d: u16| -> Result<u16, String> {
                        p.get(k).map_or(Ok(d), |x| x.parse().map_err(|_| bad()))
                    };
                    c.records.push((
                        fqdn(p[0]),
                        RData::SRV {
                            priority: num(3, 0)?,
                            weight: num(4, 0)?,
                            port: num(2, 0)?,
                            target: fqdn(p[1]),
                        },
                    ));
                }
                "-S" | "--server" => {
                    let (addr, port) = match val.split_once('#') {
                        Some((a, p)) => (a, p.parse().map_err(|_| bad())?),
                        None => (val.as_str(), 53),
                    };
                    c.servers.push((ip(addr)?, port));
                }
                "-a" | "--listen-address" => {
                    for v in val.split(',') {
                        c.listen.push(ip(v)?);
                    }
                }
                "-p" | "--port" => c.port = val.parse().map_err(|_| bad())?,
                "-R" | "--no-resolv" => c.no_resolv = true,
                "-h" | "--no-hosts" => c.no_hosts = true,
                "-q" | "--log-queries" => c.log_queries = true,
                "--local-service" => local_service = true,
                k if IGNORED.contains(&k) => {}
                // The command line was read against dnsmasq's own table
                // first: what is left here is real but not simulated.
                k => return Err(format!("\ndnsmasq: {k} is not simulated by netbook\n")),
            }
        }
        // dnsmasq(8): --local-service has no effect when --listen-address
        // (or --interface) is given; without them it filters clients by
        // subnet, which is not simulated: refuse rather than pretend.
        if local_service && c.listen.is_empty() && !interface {
            return Err(
                "\ndnsmasq: --local-service without --listen-address is not simulated by netbook\n"
                    .into(),
            );
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_common_flags() {
        let c = DnsmasqConfig::parse(&argv(
            "--no-resolv --no-hosts --address=/example.com/93.184.216.34 --address=/ads.test/ --cname=www.example.com,example.com --listen-address=10.0.0.53 -k --server 8.8.8.8",
        ))
        .unwrap();
        assert!(c.no_resolv && c.no_hosts);
        assert_eq!(c.addresses[0].domains, vec!["example.com."]);
        assert_eq!(c.addresses[1].addr, None);
        assert_eq!(c.records[0].1, RData::CNAME("example.com.".into()));
        assert_eq!(c.listen[0].to_string(), "10.0.0.53");
        assert_eq!(c.servers[0], ("8.8.8.8".parse().unwrap(), 53));
    }

    #[test]
    fn bad_options_use_dnsmasq_wording() {
        let e = DnsmasqConfig::parse(&argv("--address=/x/not-an-ip")).unwrap_err();
        assert_eq!(
            e,
            "\ndnsmasq: bad command line options: Bad address in --address\n"
        );
        assert!(DnsmasqConfig::parse(&argv("--frobnicate")).is_err());
        assert!(DnsmasqConfig::parse(&argv("--cname=onlyone")).is_err());
    }

    #[test]
    fn addn_hosts_and_local_service() {
        let c = DnsmasqConfig::parse(&argv("--addn-hosts=/tmp/a -H /tmp/b")).unwrap();
        assert_eq!(c.addn_hosts, vec!["/tmp/a", "/tmp/b"]);
        // No effect beside --listen-address (dnsmasq(8)); refused alone.
        assert!(DnsmasqConfig::parse(&argv("--local-service --listen-address=10.0.0.1")).is_ok());
        assert!(DnsmasqConfig::parse(&argv("--local-service")).is_err());
    }
}
