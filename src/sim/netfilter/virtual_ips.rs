//! Virtual IPs read back from a nat table: a rule that matches one
//! destination address (`-d VIP/32`, as kube-proxy's `KUBE-SERVICES`
//! writes for a ClusterIP) and leads, through jumps, to DNAT targets.
//! What the topology view draws as a Service with its endpoints.
//!
//! Shares follow the rule order as the kernel walks it: a `statistic
//! --mode random --probability P` rule takes P of what is left, a rule
//! without one takes the rest (1/3, then 1/2, then 1 gives thirds).

use super::matches::{Match, Statistic};
use super::rule::Rule;
use super::table::Table;
use super::targets::Target;
use super::tuple::Proto;
use core::net::Ipv4Addr;

/// Jumps followed at most from the VIP's rule (kube-proxy needs three:
/// SVC, SEP; EXT for NodePorts).
const MAX_DEPTH: usize = 6;

/// One virtual address and where its connections go.
#[derive(Debug, Clone, PartialEq)]
pub struct VirtualIp {
    /// The address matched with `-d`.
    pub addr: Ipv4Addr,
    /// `-p`, if given.
    pub proto: Option<Proto>,
    /// `--dport`, if one port.
    pub port: Option<u16>,
    /// The rule's comment without kube-proxy's " cluster IP" tail
    /// (`default/web:http`).
    pub name: Option<String>,
    /// Where DNAT sends its connections, in rule order.
    pub endpoints: Vec<Endpoint>,
}

/// One DNAT destination of a virtual IP.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// `--to-destination` address.
    pub addr: Ipv4Addr,
    /// `--to-destination` port, if it changes the port.
    pub port: Option<u16>,
    /// The share of new connections that get here (0.0 to 1.0).
    pub share: f64,
}

/// Every virtual IP of a nat table, once each, in the order of the rules
/// that match it. A rule leading to a `KUBE-SVC-*` chain counts even
/// with no endpoint left (a Service without endpoints).
pub fn virtual_ips(nat: &Table) -> Vec<VirtualIp> {
    let mut out: Vec<VirtualIp> = Vec::new();
    for chain in &nat.chains {
        for rule in &chain.rules {
            let Some(d) = rule.dst.filter(|d| d.mask == u32::MAX && !d.invert) else {
                continue;
            };
            let mut endpoints = Vec::new();
            match &rule.target {
                Target::Dnat(_) => collect_rule(nat, rule, 1.0, 0, &mut endpoints),
                Target::Jump(c) => {
                    collect_chain(nat, c, 1.0, 0, &mut endpoints);
                    if endpoints.is_empty() && !c.starts_with("KUBE-SVC-") {
                        continue;
                    }
                }
                _ => continue,
            }
            if endpoints.is_empty() && !matches!(rule.target, Target::Jump(_)) {
                continue;
            }
            let vip = VirtualIp {
                addr: d.addr,
                proto: rule.proto.filter(|p| !p.invert).map(|p| p.proto),
                port: dport(rule),
                name: comment(rule).map(|c| c.trim_end_matches(" cluster IP").to_string()),
                endpoints,
            };
            if !out
                .iter()
                .any(|v| (v.addr, v.proto, v.port) == (vip.addr, vip.proto, vip.port))
            {
                out.push(vip);
            }
        }
    }
    out
}

/// Walks a chain's rules in order with `weight` of the connections.
fn collect_chain(nat: &Table, name: &str, weight: f64, depth: usize, out: &mut Vec<Endpoint>) {
    let Some(chain) = nat.chain(name).filter(|_| depth < MAX_DEPTH) else {
        return;
    };
    let mut left = weight;
    for rule in &chain.rules {
        if left <= 0.0 {
            break;
        }
        let p = probability(rule);
        let before = out.len();
        collect_rule(nat, rule, left * p, depth + 1, out);
        // A rule that reached a DNAT ends the walk for what it took; one
        // that only marks (KUBE-MARK-MASQ) lets everything through.
        if out.len() > before {
            left -= left * p;
        }
    }
}

fn collect_rule(nat: &Table, rule: &Rule, weight: f64, depth: usize, out: &mut Vec<Endpoint>) {
    match &rule.target {
        Target::Dnat(r) => {
            if let Some(addr) = r.addr_lo {
                out.push(Endpoint {
                    addr,
                    port: r.ports.map(|(lo, _)| lo),
                    share: weight,
                });
            }
        }
        Target::Jump(c) => collect_chain(nat, c, weight, depth, out),
        _ => {}
    }
}

/// The share a rule takes of what reaches it.
fn probability(rule: &Rule) -> f64 {
    rule.matches
        .iter()
        .find_map(|m| match m {
            Match::Statistic {
                mode: Statistic::Random { probability },
                invert: false,
            } => Some(f64::from(*probability) / f64::from(0x8000_0000u32)),
            _ => None,
        })
        .unwrap_or(1.0)
}

fn dport(rule: &Rule) -> Option<u16> {
    rule.matches.iter().find_map(|m| match m {
        Match::Tcp { dport: Some(p), .. } | Match::Udp { dport: Some(p), .. }
            if p.lo == p.hi && !p.invert =>
        {
            Some(p.lo)
        }
        _ => None,
    })
}

fn comment(rule: &Rule) -> Option<&str> {
    rule.matches.iter().find_map(|m| match m {
        Match::Comment(c) => Some(c.as_str()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::netfilter::hook::TableKind;
    use crate::sim::netfilter::parse::run_line;
    use crate::sim::netfilter::Netfilter;

    fn nat(lines: &[&str]) -> Table {
        let mut nf = Netfilter::default();
        for l in lines {
            run_line(&mut nf, l).unwrap();
        }
        nf.table(TableKind::Nat).unwrap().clone()
    }

    #[test]
    fn kube_proxy_thirds_and_a_service_without_endpoints() {
        let t = nat(&[
            "-t nat -N KUBE-SERVICES",
            "-t nat -N KUBE-SVC-W",
            "-t nat -N KUBE-SVC-E",
            "-t nat -N KUBE-MARK-MASQ",
            "-t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
            "-t nat -A PREROUTING -j KUBE-SERVICES",
            "-t nat -A KUBE-SERVICES -d 10.96.0.100/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-W",
            "-t nat -A KUBE-SERVICES -d 10.96.0.150/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-E",
            "-t nat -A KUBE-SVC-W ! -s 10.244.0.0/16 -d 10.96.0.100/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ",
            "-t nat -A KUBE-SVC-W -m statistic --mode random --probability 0.33333333349 -p tcp -j DNAT --to-destination 10.244.1.10:8080",
            "-t nat -A KUBE-SVC-W -m statistic --mode random --probability 0.50000000000 -p tcp -j DNAT --to-destination 10.244.2.10:8080",
            "-t nat -A KUBE-SVC-W -p tcp -j DNAT --to-destination 10.244.2.11:8080",
        ]);
        let v = virtual_ips(&t);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[0].name.as_deref(), Some("default/web:http"));
        assert_eq!((v[0].port, v[0].proto), (Some(80), Some(Proto::Tcp)));
        let shares: Vec<f64> = v[0].endpoints.iter().map(|e| e.share).collect();
        assert_eq!(shares.len(), 3);
        for s in shares {
            assert!((s - 1.0 / 3.0).abs() < 1e-6, "{s}");
        }
        assert_eq!(v[0].endpoints[2].addr, Ipv4Addr::new(10, 244, 2, 11));
        assert!(v[1].endpoints.is_empty());
    }

    #[test]
    fn deep_jumps_stop_and_plain_dnat_counts() {
        // iptables refuses a jump loop; depth is the walk's only bound.
        let mut lines: Vec<String> = (0..9).map(|i| format!("-t nat -N C{i}")).collect();
        lines.extend((0..8).map(|i| format!("-t nat -A C{i} -j C{}", i + 1)));
        lines.push("-t nat -A C8 -j DNAT --to-destination 10.0.0.8".into());
        let mut lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        lines.extend([
            "-t nat -A PREROUTING -d 192.0.2.1/32 -j C0",
            "-t nat -A PREROUTING -d 192.0.2.2/32 -p udp --dport 53 -j DNAT --to-destination 10.0.0.53",
            "-t nat -A PREROUTING -d 10.0.0.0/8 -j DNAT --to-destination 10.0.0.9",
        ]);
        let v = virtual_ips(&nat(&lines));
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].addr, Ipv4Addr::new(192, 0, 2, 2));
        assert_eq!(v[0].endpoints[0].port, None);
    }
}
