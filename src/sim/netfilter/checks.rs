//! What iptables checks once the whole line is read: a command was given,
//! options fit the command, extension options have their extension, and
//! the rule(s) are built.

use super::argv::{Command, Invocation, Opt, Parser};
use super::error::NfError;
use super::matches::{Match, NthCounter, Statistic};
use super::rule::{AddrMatch, Rule};
use super::targets::{RejectWith, Target};

impl Parser {
    pub(super) fn finish(mut self) -> Result<Invocation, NfError> {
        if self.invert {
            return Err(NfError::usage("nothing appropriate following !"));
        }
        let Some((cmd, _)) = self.command else {
            return Err(NfError::usage("no command specified"));
        };
        if let Some(e) = self.addr_error.take() {
            return Err(e);
        }
        // Target.
        if let Some(t) = self.target_name.clone() {
            self.rule.target = match t.as_str() {
                "ACCEPT" => Target::Accept,
                "DROP" => Target::Drop,
                "RETURN" => Target::Return,
                "REJECT" => Target::Reject(self.reject.unwrap_or(RejectWith::PortUnreachable)),
                "LOG" => Target::Log {
                    level: self.log_level.unwrap_or(4),
                    prefix: self.log_prefix.clone(),
                },
                "SNAT" | "DNAT" => {
                    let Some(mut r) = self.nat else {
                        let opt = if t == "SNAT" {
                            "to-source"
                        } else {
                            "to-destination"
                        };
                        return Err(NfError::usage(format!(
                            "{t}: option \"--{opt}\" must be specified\n"
                        )));
                    };
                    r.flags = self.nat_flags;
                    if t == "SNAT" {
                        Target::Snat(r)
                    } else {
                        Target::Dnat(r)
                    }
                }
                "MASQUERADE" => Target::Masquerade(self.to_ports, self.nat_random),
                "MARK" => {
                    let Some((value, mask)) = self.mark_target else {
                        return Err(NfError::usage(
                            "MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required",
                        ));
                    };
                    Target::Mark { value, mask }
                }
                "REDIRECT" => Target::Redirect(self.to_ports),
                "NOTRACK" => Target::NoTrack,
                "CONNMARK" => Target::ConnMark(self.connmark_op()?),
                "TOS" => {
                    let Some((value, mask)) = self.tos else {
                        return Err(NfError::usage("TOS: An action is required"));
                    };
                    Target::Tos { value, mask }
                }
                "CT" => Target::Ct {
                    notrack: self.ct_notrack,
                },
                other => Target::Jump(other.to_string()),
            };
        }
        if let Some(Match::Comment(c)) = self
            .rule
            .matches
            .iter()
            .find(|m| matches!(m, Match::Comment(c) if c.is_empty()))
        {
            let _ = c;
            return Err(NfError::usage(
                "comment: option \"--comment\" must be specified\n",
            ));
        }
        if self.loaded.contains(&"statistic") {
            let mode = match self.stat_mode.as_deref() {
                Some("nth") => {
                    let Some(every) = self.stat_every else {
                        return Err(NfError::usage(
                            "--every and --packet must be specified when using nth mode",
                        ));
                    };
                    Statistic::Nth {
                        every,
                        packet: self.stat_packet.unwrap_or(0),
                        count: NthCounter::default(),
                    }
                }
                _ => {
                    let Some(probability) = self.stat_probability else {
                        return Err(NfError::usage(
                            "--probability must be specified when using random mode",
                        ));
                    };
                    Statistic::Random { probability }
                }
            };
            self.rule.matches.push(Match::Statistic {
                mode,
                invert: self.stat_invert,
            });
        }
        self.more_finish()?;
        if self.loaded.contains(&"conntrack")
            && !self
                .rule
                .matches
                .iter()
                .any(|m| matches!(m, Match::Conntrack { .. }))
        {
            return Err(NfError::usage("conntrack: At least one option is required"));
        }
        let chain = self.chain.clone();
        let is_rule_cmd = matches!(cmd, Opt::Append | Opt::Check | Opt::Insert | Opt::Replace)
            || (cmd == Opt::Delete && self.extra.is_empty());
        if !is_rule_cmd {
            let has_rule = self.rule != Rule::default() || self.target_name.is_some();
            if has_rule {
                let which = if self.rule.src.is_some() {
                    "-s"
                } else if self.rule.dst.is_some() {
                    "-d"
                } else if self.rule.proto.is_some() {
                    "-p"
                } else if self.target_name.is_some() {
                    "-j"
                } else if self.rule.in_iface.is_some() {
                    "-i"
                } else {
                    "-o"
                };
                return Err(NfError::usage(format!(
                    "Illegal option `{which}' with this command"
                )));
            }
        }
        if (self.exact || self.line_numbers || self.numeric) && !matches!(cmd, Opt::List) {
            let o = if self.numeric {
                "-n"
            } else if self.exact {
                "-x"
            } else {
                "--line-numbers"
            };
            return Err(NfError::usage(format!(
                "Illegal option `{o}' with this command"
            )));
        }
        if is_rule_cmd {
            if let Some(c) = chain.as_deref() {
                let bad_in = matches!(c, "OUTPUT" | "POSTROUTING");
                let bad_out = matches!(c, "INPUT" | "PREROUTING");
                if bad_out && self.rule.out_iface.is_some() {
                    return Err(NfError::usage(format!("Can't use -o with {c}\n")));
                }
                if bad_in && self.rule.in_iface.is_some() {
                    return Err(NfError::usage(format!("Can't use -i with {c}\n")));
                }
            }
        }
        let rule_num = |s: &str| -> Result<usize, NfError> {
            match s.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(NfError::usage(format!("Invalid rule number `{s}'"))),
            }
        };
        let chain_s = chain.clone().unwrap_or_default();
        let rule = self.rule.clone();
        // One rule per (source, destination) pair, sources outermost.
        let srcs: Vec<Option<AddrMatch>> = if self.srcs.is_empty() {
            vec![None]
        } else {
            self.srcs.iter().copied().map(Some).collect()
        };
        let dsts: Vec<Option<AddrMatch>> = if self.dsts.is_empty() {
            vec![None]
        } else {
            self.dsts.iter().copied().map(Some).collect()
        };
        let mut rules = Vec::new();
        for s in &srcs {
            for d in &dsts {
                rules.push(Rule {
                    src: *s,
                    dst: *d,
                    ..rule.clone()
                });
            }
        }
        let command = match cmd {
            Opt::Append => Command::Append(chain_s, rules),
            Opt::Check => Command::Check(chain_s, rules),
            Opt::Insert => {
                let n = match self.extra.first() {
                    Some(s) => rule_num(s)?,
                    None => 1,
                };
                Command::Insert(chain_s, n, rules)
            }
            Opt::Delete => match self.extra.first() {
                Some(s) => Command::DeleteNum(chain_s, rule_num(s)?),
                None => Command::Delete(chain_s, rules),
            },
            Opt::Replace => {
                if rules.len() != 1 {
                    return Err(NfError::usage(
                        "Replacement rule does not specify a unique address",
                    ));
                }
                Command::Replace(chain_s, rule_num(&self.extra[0])?, rule)
            }
            Opt::List => {
                let n = match self.extra.first() {
                    Some(s) => Some(rule_num(s)?),
                    None => None,
                };
                Command::List(chain, n)
            }
            Opt::ListRules => {
                let n = match self.extra.first() {
                    Some(s) => Some(rule_num(s)?),
                    None => None,
                };
                Command::ListRules(chain, n)
            }
            Opt::Flush => Command::Flush(chain),
            Opt::Zero => Command::Zero(chain),
            Opt::NewChain => Command::NewChain(chain_s),
            Opt::DeleteChain => Command::DeleteChain(chain),
            Opt::Rename => Command::Rename(chain_s, self.extra[0].clone()),
            _ => Command::SetPolicy(chain_s, self.extra[0].clone()),
        };
        Ok(Invocation {
            table: self.table,
            command,
            numeric: self.numeric,
            verbose: self.verbose,
            exact: self.exact,
            line_numbers: self.line_numbers,
            zero_after_list: self.also_zero,
        })
    }
}
