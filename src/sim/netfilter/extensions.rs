//! The options that `-p`, `-m` and `-j` load (iptables-extensions(8)):
//! which extension offers which option, and reading their values.

use super::argv::Parser;
use super::error::NfError;
use super::icmp::IcmpMatch;
use super::matches::{
    AddrType, AddrTypeSel, Match, MultiportDir, PortRange, StateSet, TcpFlagsMatch,
};
use super::targets::{parse_log_level, NatRandom, RejectWith};
use super::tuple::Proto;
use super::values::{
    parse_mark, parse_nat_range, parse_num_port, parse_port_range, parse_tcp_flags,
};

impl Parser {
    /// The tcp/udp/icmp match of this rule, created on first use.
    pub(super) fn proto_match(&mut self, proto: Proto) -> &mut Match {
        let pos = self.rule.matches.iter().position(|m| {
            matches!(
                (m, proto),
                (Match::Tcp { .. }, Proto::Tcp)
                    | (Match::Udp { .. }, Proto::Udp)
                    | (Match::Icmp { .. }, Proto::Icmp)
            )
        });
        let pos = match pos {
            Some(p) => p,
            None => {
                self.rule.matches.push(match proto {
                    Proto::Tcp => Match::Tcp {
                        sport: None,
                        dport: None,
                        flags: None,
                    },
                    Proto::Udp => Match::Udp {
                        sport: None,
                        dport: None,
                    },
                    _ => Match::Icmp(IcmpMatch::ANY),
                });
                self.rule.matches.len() - 1
            }
        };
        &mut self.rule.matches[pos]
    }

    pub(super) fn ext_option(&mut self, name: &str, shown: &str) -> Result<(), NfError> {
        if super::ext_parse::is_more_option(name) {
            return self.more_option(name, shown);
        }
        if name == "notrack" {
            self.ct_notrack = true;
            return Ok(());
        }
        if name == "syn" || name == "tcp-flags" {
            return self.tcp_flags_option(name, shown);
        }
        if matches!(name, "random" | "random-fully" | "persistent") {
            match name {
                "random" => {
                    self.nat_random = NatRandom::Random;
                    self.nat_flags.random = true;
                }
                "random-fully" => {
                    self.nat_random = NatRandom::Fully;
                    self.nat_flags.fully = true;
                }
                _ => self.nat_flags.persistent = true,
            }
            return Ok(());
        }
        let v = self.next_value(shown)?;
        let inv = self.take_invert();
        let proto = self.rule.proto.map(|p| p.proto);
        let proto_name = match proto {
            Some(Proto::Udp) => "udp",
            _ => "tcp",
        };
        match name {
            "sport" | "dport" => {
                let (lo, hi) = parse_port_range(&v, proto_name)?;
                let r = Some(PortRange {
                    lo,
                    hi,
                    invert: inv,
                });
                let p = proto.unwrap_or(Proto::Tcp);
                match self.proto_match(p) {
                    Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                        if name == "sport" {
                            *sport = r;
                        } else {
                            *dport = r;
                        }
                    }
                    _ => {}
                }
            }
            "icmp-type" => {
                *self.proto_match(Proto::Icmp) = Match::Icmp(IcmpMatch::parse(&v, inv)?);
            }
            "ctstate" | "state" => {
                let states = StateSet::parse(&v).map_err(|w| {
                    NfError::usage(if name == "ctstate" {
                        format!("Bad ctstate \"{w}\"")
                    } else {
                        format!("Bad state \"{w}\"")
                    })
                })?;
                self.rule.matches.push(if name == "ctstate" {
                    Match::Conntrack {
                        states,
                        invert: inv,
                    }
                } else {
                    Match::State {
                        states,
                        invert: inv,
                    }
                });
            }
            "sports" | "dports" | "ports" => {
                if !matches!(proto, Some(Proto::Tcp | Proto::Udp))
                    || self.rule.proto.is_some_and(|p| p.invert)
                {
                    return Err(NfError::usage(
                        "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
                    ));
                }
                let mut ports = Vec::new();
                for part in v.split(',') {
                    ports.push(parse_port_range(part, proto_name)?);
                }
                if ports.len() > 15 {
                    return Err(NfError::usage("too many ports specified"));
                }
                let dir = match name {
                    "sports" => MultiportDir::Source,
                    "dports" => MultiportDir::Destination,
                    _ => MultiportDir::Either,
                };
                self.rule.matches.push(Match::Multiport {
                    dir,
                    ports,
                    invert: inv,
                });
            }
            "comment" => {
                if v.len() > 255 {
                    return Err(NfError::usage(
                        "COMMENT must be shorter than 256 characters",
                    ));
                }
                match self
                    .rule
                    .matches
                    .iter_mut()
                    .rev()
                    .find(|m| matches!(m, Match::Comment(_)))
                {
                    Some(Match::Comment(c)) => *c = v,
                    _ => self.rule.matches.push(Match::Comment(v)),
                }
            }
            "src-type" | "dst-type" => {
                let mut types = Vec::new();
                for w in v.split(',') {
                    types
                        .push(AddrType::parse(w).ok_or_else(|| {
                            NfError::usage(format!("addrtype: bad type \"{w}\""))
                        })?);
                }
                let sel = Some(AddrTypeSel { types, invert: inv });
                let pos = self
                    .rule
                    .matches
                    .iter()
                    .position(|m| matches!(m, Match::AddrType { .. }));
                let pos = match pos {
                    Some(p) => p,
                    None => {
                        self.rule.matches.push(Match::AddrType {
                            src: None,
                            dst: None,
                        });
                        self.rule.matches.len() - 1
                    }
                };
                if let Match::AddrType { src, dst } = &mut self.rule.matches[pos] {
                    if name == "src-type" {
                        *src = sel;
                    } else {
                        *dst = sel;
                    }
                }
            }
            "mark" => {
                let (value, mask) = parse_mark(&v).map_err(|_| {
                    NfError::usage(
                        "mark: bad integer value for option \"--mark\", or out of range.\n",
                    )
                })?;
                self.rule.matches.push(Match::Mark {
                    value,
                    mask,
                    invert: inv,
                });
            }
            "set-mark" | "set-xmark" | "and-mark" | "or-mark" | "xor-mark" => {
                if self.mark_target.is_some() {
                    return Err(NfError::usage(
                        "MARK target: Can't specify --set-xmark twice",
                    ));
                }
                let (value, mask) = parse_mark(&v)?;
                let has_mask = v.contains('/');
                self.mark_target = Some(match name {
                    "set-xmark" => (value, mask),
                    "set-mark" => (value, if has_mask { mask | value } else { u32::MAX }),
                    "and-mark" => (0, !value),
                    "or-mark" => (value, value),
                    _ => (value, 0),
                });
            }
            "mode" => {
                if v != "random" && v != "nth" {
                    return Err(NfError::usage(format!("Bad mode \"{v}\"")));
                }
                self.stat_mode = Some(v);
                self.stat_invert |= inv;
            }
            "probability" => {
                let p: f64 = v.parse().unwrap_or(-1.0);
                if !(0.0..=1.0).contains(&p) {
                    return Err(NfError::usage(
                        "statistic: bad value for option \"--probability\", or out of range (0-1).\n",
                    ));
                }
                self.stat_probability = Some((p * f64::from(0x8000_0000u32)).round() as u32);
                self.stat_invert |= inv;
            }
            "every" | "packet" => {
                let n: u32 = v.parse().map_err(|_| {
                    NfError::usage(format!(
                        "statistic: bad value for option \"--{name}\", or out of range (0-4294967295).\n"
                    ))
                })?;
                if name == "every" {
                    self.stat_every = Some(n);
                } else {
                    self.stat_packet = Some(n);
                }
            }
            "reject-with" => {
                self.reject = Some(
                    RejectWith::parse(&v)
                        .ok_or_else(|| NfError::usage(format!("unknown reject type \"{v}\"")))?,
                );
            }
            "log-prefix" => {
                // nf_tables keeps the first 29 bytes, like the kernel's limit.
                let mut v = v;
                while v.len() > 29 {
                    v.pop();
                }
                self.log_prefix = Some(v);
            }
            "log-level" => {
                self.log_level = Some(
                    parse_log_level(&v)
                        .ok_or_else(|| NfError::usage(format!("log-level `{v}' unknown")))?,
                );
            }
            "to-source" | "to-destination" => {
                let r = parse_nat_range(&v)?;
                if r.ports.is_some() && !matches!(proto, Some(Proto::Tcp | Proto::Udp)) {
                    return Err(NfError::usage(
                        "Need TCP, UDP, SCTP or DCCP with port specification",
                    ));
                }
                self.nat = Some(r);
            }
            "to-ports" => {
                if !matches!(proto, Some(Proto::Tcp | Proto::Udp)) {
                    return Err(NfError::usage(
                        "Need TCP, UDP, SCTP or DCCP with port specification",
                    ));
                }
                let (lo, hi) = match v.split_once('-') {
                    Some((a, b)) => (parse_num_port(a, &v)?, parse_num_port(b, &v)?),
                    None => {
                        let p = parse_num_port(&v, &v)?;
                        (p, p)
                    }
                };
                self.to_ports = Some((lo, hi));
            }
            _ => {}
        }
        Ok(())
    }

    /// `--syn` (no argument) and `--tcp-flags MASK COMP` (two arguments).
    pub(super) fn tcp_flags_option(&mut self, name: &str, shown: &str) -> Result<(), NfError> {
        let inv = self.take_invert();
        let (mask, comp) = if name == "syn" {
            (0x17, 0x02)
        } else {
            let mask = self.next_value(shown)?;
            let comp = match self.args.get(self.pos) {
                Some(c) if !c.starts_with('-') && c != "!" => {
                    self.pos += 1;
                    c.clone()
                }
                _ => return Err(NfError::usage("--tcp-flags requires two args.")),
            };
            (parse_tcp_flags(&mask)?, parse_tcp_flags(&comp)?)
        };
        if let Match::Tcp { flags, .. } = self.proto_match(Proto::Tcp) {
            *flags = Some(TcpFlagsMatch {
                mask,
                comp,
                invert: inv,
            });
        }
        Ok(())
    }
}
