//! A rule as text: the save form (`-A CHAIN ...`) that `iptables -S` and
//! `iptables-save` print, and the extras column of `iptables -L`.

use super::matches::{tcp_flag_list, AddrTypeSel, Match, PortRange, Statistic};
use super::rule::{mark_text, save_string, Counters, Rule};
use super::services;
use super::targets::{NatRandom, Target, LOG_LEVELS};
use super::tuple::Proto;
use std::fmt::Write as _;

impl Rule {
    /// Same rule ignoring counters (what `-D`/`-C` by spec compare).
    pub fn same_spec(&self, other: &Rule) -> bool {
        self.src == other.src
            && self.dst == other.dst
            && self.in_iface == other.in_iface
            && self.out_iface == other.out_iface
            && self.proto == other.proto
            && self.fragment == other.fragment
            && self.matches == other.matches
            && self.target == other.target
    }

    /// The rule's arguments after `-A CHAIN`, as `iptables -S` prints them
    /// (with a leading space, like iptables builds the line).
    pub fn save_args(&self) -> String {
        self.save_args_counted(None)
    }

    /// [`Rule::save_args`] with `-c PACKETS BYTES` before the target, as
    /// `iptables -S -v` prints it.
    pub fn save_args_counted(&self, counters: Option<&Counters>) -> String {
        let mut s = String::new();
        let inv = |b: bool| if b { " !" } else { "" };
        if let Some(a) = &self.src {
            let _ = write!(s, "{} -s {}", inv(a.invert), a.save_form());
        }
        if let Some(a) = &self.dst {
            let _ = write!(s, "{} -d {}", inv(a.invert), a.save_form());
        }
        if let Some(i) = &self.in_iface {
            let _ = write!(s, "{} -i {}", inv(i.invert), i.name);
        }
        if let Some(i) = &self.out_iface {
            let _ = write!(s, "{} -o {}", inv(i.invert), i.name);
        }
        if let Some(p) = &self.proto {
            let _ = write!(s, "{} -p {}", inv(p.invert), p.proto.name());
        }
        if let Some(i) = self.fragment {
            let _ = write!(s, "{} -f", inv(i));
        }
        for m in &self.matches {
            s.push_str(&match_save(m));
        }
        if let Some(c) = counters {
            let _ = write!(s, " -c {} {}", c.packets, c.bytes);
        }
        match &self.target {
            Target::None => {}
            Target::NoTrack => s.push_str(" -j NOTRACK"),
            t => {
                let _ = write!(s, " -j {}", t.name());
                s.push_str(&target_save(t));
            }
        }
        s
    }
}

fn ports_save(flag: &str, p: &Option<PortRange>) -> String {
    match p {
        Some(p) => format!("{} --{flag} {}", if p.invert { " !" } else { "" }, p.save()),
        None => String::new(),
    }
}

fn port_list(ports: &[(u16, u16)], show: &dyn Fn(u16) -> String) -> String {
    ports
        .iter()
        .map(|(lo, hi)| {
            if lo == hi {
                show(*lo)
            } else {
                format!("{}:{}", show(*lo), show(*hi))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn match_save(m: &Match) -> String {
    match m {
        Match::Tcp {
            sport,
            dport,
            flags,
        } => {
            let mut s = format!(
                " -m tcp{}{}",
                ports_save("sport", sport),
                ports_save("dport", dport)
            );
            if let Some(f) = flags {
                let _ = write!(
                    s,
                    "{} --tcp-flags {} {}",
                    if f.invert { " !" } else { "" },
                    tcp_flag_list(f.mask),
                    tcp_flag_list(f.comp)
                );
            }
            s
        }
        Match::Udp { sport, dport } => format!(
            " -m udp{}{}",
            ports_save("sport", sport),
            ports_save("dport", dport)
        ),
        Match::Icmp(icmp) => icmp.save(),
        Match::Conntrack { states, invert } => format!(
            " -m conntrack{} --ctstate {}",
            if *invert { " !" } else { "" },
            states.list()
        ),
        Match::State { states, invert } => format!(
            " -m state{} --state {}",
            if *invert { " !" } else { "" },
            states.list()
        ),
        Match::Multiport { dir, ports, invert } => {
            let flag = dir.name();
            format!(
                " -m multiport{} --{flag} {}",
                if *invert { " !" } else { "" },
                port_list(ports, &|p| p.to_string())
            )
        }
        Match::Comment(c) => format!(" -m comment --comment {}", save_string(c)),
        Match::Mark {
            value,
            mask,
            invert,
        } => format!(
            " -m mark{} --mark {}",
            if *invert { " !" } else { "" },
            mark_text(*value, *mask)
        ),
        Match::Statistic { mode, invert } => {
            let inv = if *invert { " !" } else { "" };
            match mode {
                Statistic::Random { probability } => format!(
                    " -m statistic --mode random{inv} --probability {:.11}",
                    f64::from(*probability) / f64::from(0x8000_0000u32)
                ),
                Statistic::Nth { every, packet, .. } => {
                    format!(" -m statistic --mode nth{inv} --every {every} --packet {packet}")
                }
            }
        }
        Match::AddrType { src, dst } => format!(" -m addrtype{}", addrtype_text(src, dst, true)),
        Match::Limit(l) => l.save(),
        Match::IpRange(r) => r.save(),
        Match::Length(l) => l.save(),
        Match::Ttl(t) => t.map(|t| t.save()).unwrap_or_default(),
        Match::Mac(m) => m.map(|m| m.save()).unwrap_or_default(),
        Match::Physdev(p) => p.save(),
        Match::PktType(p) => p.map(|p| p.save()).unwrap_or_default(),
        Match::Owner(o) => o.save(),
        Match::ConnMark(m) => m.map(|m| m.save()).unwrap_or_default(),
        Match::Recent(r) => r.save(),
        Match::ConnLimit(c) => c.save(),
        Match::HashLimit(h) => h.save(),
    }
}

fn target_save(t: &Target) -> String {
    match t {
        Target::Reject(r) => format!(" --reject-with {}", r.name()),
        Target::Log { level, prefix } => {
            let mut s = String::new();
            if let Some(p) = prefix {
                let _ = write!(s, " --log-prefix {}", save_string(p));
            }
            if *level != 4 {
                let _ = write!(s, " --log-level {level}");
            }
            s
        }
        Target::Snat(r) | Target::Dnat(r) => {
            let opt = if matches!(t, Target::Snat(_)) {
                "to-source"
            } else {
                "to-destination"
            };
            let mut s = format!(" --{opt} {}", r.text());
            r.flags.words().for_each(|w| {
                let _ = write!(s, " --{w}");
            });
            s
        }
        Target::Masquerade(ports, random) => {
            let mut s = match ports {
                Some(p) if p.0 == p.1 => format!(" --to-ports {}", p.0),
                Some(p) => format!(" --to-ports {}-{}", p.0, p.1),
                None => String::new(),
            };
            s.push_str(match random {
                NatRandom::None => "",
                NatRandom::Random => " --random",
                NatRandom::Fully => " --random-fully",
            });
            s
        }
        Target::Redirect(Some(p)) => {
            if p.0 == p.1 {
                format!(" --to-ports {}", p.0)
            } else {
                format!(" --to-ports {}-{}", p.0, p.1)
            }
        }
        Target::Mark { value, mask } => format!(" --set-xmark 0x{value:x}/0x{mask:x}"),
        Target::Ct { notrack: true } => " --notrack".into(),
        Target::ConnMark(op) => op.save(),
        Target::Tos { value, mask } => super::ext_tos::save(*value, *mask),
        _ => String::new(),
    }
}

fn port_show(port: u16, proto: &str, numeric: bool) -> String {
    if numeric {
        return port.to_string();
    }
    services::port_name(port, proto)
        .map(str::to_string)
        .unwrap_or_else(|| port.to_string())
}

fn ports_list_form(
    name: &str,
    p: &Option<PortRange>,
    proto: &str,
    numeric: bool,
    out: &mut String,
) {
    if let Some(p) = p {
        let inv = if p.invert { "!" } else { "" };
        if p.lo == p.hi {
            let _ = write!(out, " {name}:{inv}{}", port_show(p.lo, proto, numeric));
        } else {
            let _ = write!(
                out,
                " {name}s:{inv}{}:{}",
                port_show(p.lo, proto, numeric),
                port_show(p.hi, proto, numeric)
            );
        }
    }
}

impl Rule {
    /// The extra text after the addresses in `iptables -L` (matches then
    /// target options), each part with its leading space.
    pub fn list_extras(&self, numeric: bool) -> String {
        let mut s = String::new();
        let proto_name = match self.proto.map(|p| p.proto) {
            Some(Proto::Udp) => "udp",
            _ => "tcp",
        };
        for m in &self.matches {
            match m {
                Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                    let p = if matches!(m, Match::Tcp { .. }) {
                        "tcp"
                    } else {
                        "udp"
                    };
                    let _ = write!(s, " {p}");
                    ports_list_form("spt", sport, p, numeric, &mut s);
                    ports_list_form("dpt", dport, p, numeric, &mut s);
                    if let Match::Tcp { flags: Some(f), .. } = m {
                        let inv = if f.invert { "!" } else { "" };
                        if numeric {
                            let _ = write!(s, " flags:{inv}0x{:02X}/0x{:02X}", f.mask, f.comp);
                        } else {
                            let _ = write!(
                                s,
                                " flags:{inv}{}/{}",
                                tcp_flag_list(f.mask),
                                tcp_flag_list(f.comp)
                            );
                        }
                    }
                }
                Match::Icmp(icmp) => icmp.list(numeric, &mut s),
                Match::Conntrack { states, invert } => {
                    let _ = write!(
                        s,
                        "{} ctstate {}",
                        if *invert { " !" } else { "" },
                        states.list()
                    );
                }
                Match::State { states, invert } => {
                    let _ = write!(
                        s,
                        " state {}{}",
                        if *invert { "!" } else { "" },
                        states.list()
                    );
                }
                Match::Multiport { dir, ports, invert } => {
                    let flag = dir.name();
                    let _ = write!(
                        s,
                        " multiport {flag} {}{}",
                        if *invert { " !" } else { "" },
                        port_list(ports, &|p| port_show(p, proto_name, numeric))
                    );
                }
                Match::Comment(c) => {
                    let _ = write!(s, " /* {c} */");
                }
                Match::Mark {
                    value,
                    mask,
                    invert,
                } => {
                    let _ = write!(
                        s,
                        " mark match{} {}",
                        if *invert { " !" } else { "" },
                        mark_text(*value, *mask)
                    );
                }
                Match::Statistic { mode, invert } => {
                    let inv = if *invert { " !" } else { "" };
                    let _ = match mode {
                        Statistic::Random { probability } => write!(
                            s,
                            " statistic mode random{inv} probability {:.11}",
                            f64::from(*probability) / f64::from(0x8000_0000u32)
                        ),
                        Statistic::Nth { every, packet, .. } => {
                            let _ = write!(s, " statistic mode nth{inv} every {every}");
                            if *packet != 0 {
                                write!(s, " packet {packet}")
                            } else {
                                Ok(())
                            }
                        }
                    };
                }
                Match::AddrType { src, dst } => {
                    s.push_str(" ADDRTYPE match");
                    s.push_str(&addrtype_text(src, dst, false));
                }
                Match::Limit(l) => l.list(&mut s),
                Match::IpRange(r) => r.list(&mut s),
                Match::Length(l) => l.list(&mut s),
                Match::Ttl(t) => t.iter().for_each(|t| t.list(&mut s)),
                Match::Mac(m) => m.iter().for_each(|m| m.list(&mut s)),
                Match::Physdev(p) => p.list(&mut s),
                Match::PktType(p) => p.iter().for_each(|p| p.list(&mut s)),
                Match::Owner(o) => o.list(numeric, &mut s),
                Match::ConnMark(m) => m.iter().for_each(|m| m.list(&mut s)),
                Match::Recent(r) => r.list(&mut s),
                Match::ConnLimit(c) => c.list(&mut s),
                Match::HashLimit(h) => h.list(&mut s),
            }
        }
        match &self.target {
            Target::Reject(r) => {
                let _ = write!(s, " reject-with {}", r.name());
            }
            Target::Log { level, prefix } => {
                if numeric {
                    let _ = write!(s, " LOG flags 0 level {level}");
                } else {
                    let name = LOG_LEVELS
                        .get(usize::from(*level))
                        .copied()
                        .unwrap_or("warn");
                    let _ = write!(s, " LOG level {name}");
                }
                if let Some(p) = prefix {
                    let _ = write!(s, " prefix \"{p}\"");
                }
            }
            Target::Snat(r) | Target::Dnat(r) => {
                let _ = write!(s, " to:{}", r.text());
                r.flags.words().for_each(|w| {
                    let _ = write!(s, " {w}");
                });
            }
            Target::Masquerade(ports, random) => {
                match ports {
                    Some((lo, hi)) if lo == hi => {
                        let _ = write!(s, " masq ports: {lo}");
                    }
                    Some((lo, hi)) => {
                        let _ = write!(s, " masq ports: {lo}-{hi}");
                    }
                    None => {}
                }
                s.push_str(match random {
                    NatRandom::None => "",
                    NatRandom::Random => " random",
                    NatRandom::Fully => " random-fully",
                });
            }
            Target::Mark { value, mask } => {
                // libxt_MARK's names for the common forms.
                let _ = match (*value, *mask) {
                    (0, m) => write!(s, " MARK and 0x{:x}", !m),
                    (v, m) if v == m => write!(s, " MARK or 0x{v:x}"),
                    (v, 0) => write!(s, " MARK xor 0x{v:x}"),
                    (v, u32::MAX) => write!(s, " MARK set 0x{v:x}"),
                    (v, m) => write!(s, " MARK xset 0x{v:x}/0x{m:x}"),
                };
            }
            Target::NoTrack => s.push_str(" NOTRACK"),
            Target::ConnMark(op) => op.list(&mut s),
            Target::Tos { value, mask } => super::ext_tos::list(*value, *mask, numeric, &mut s),
            Target::Ct { notrack } => s.push_str(if *notrack { " CT notrack" } else { " CT" }),
            Target::Redirect(Some((lo, hi))) => {
                if lo == hi {
                    let _ = write!(s, " redir ports {lo}");
                } else {
                    let _ = write!(s, " redir ports {lo}-{hi}");
                }
            }
            _ => {}
        }
        s
    }
}

/// addrtype's selectors as `-S` spells them (` ! --src-type LOCAL`) or as
/// `-L` does (` src-type !LOCAL`).
fn addrtype_text(src: &Option<AddrTypeSel>, dst: &Option<AddrTypeSel>, save: bool) -> String {
    let mut s = String::new();
    for (sel, dir) in [(src, "src"), (dst, "dst")] {
        if let Some(t) = sel {
            let bang = if t.invert { "!" } else { "" };
            let _ = if save {
                let bang = if t.invert { " !" } else { "" };
                write!(s, "{bang} --{dir}-type {}", t.list())
            } else {
                write!(s, " {dir}-type {bang}{}", t.list())
            };
        }
    }
    s
}
