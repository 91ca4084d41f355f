//! The rule dump formats: `iptables -S` and `iptables-save` print them,
//! `iptables-restore` reads the latter back (iptables-save(8),
//! iptables-restore(8), iptables 1.8.9 nf_tables). Printing then parsing
//! gives the same tables.

use super::parse::{parse_args, Command, NfError, VERSION};
use super::rule::Counters;
use super::table::{Policy, Table, TableKind};
use super::Netfilter;
use std::fmt::Write as _;

/// A quote was opened and never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedQuote;

/// Splits a rule line into words like the shell (and iptables-restore)
/// do: blanks separate, `"..."` and `'...'` quote, `\` escapes.
///
/// ```
/// let w = netbook::sim::netfilter::save::split_words(r#"-m comment --comment "a \"b\" c""#).unwrap();
/// assert_eq!(w, vec!["-m", "comment", "--comment", r#"a "b" c"#]);
/// ```
pub fn split_words(line: &str) -> Result<Vec<String>, UnclosedQuote> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(UnclosedQuote),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e) => cur.push(e),
                            None => return Err(UnclosedQuote),
                        },
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(UnclosedQuote),
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(e) = chars.next() {
                    cur.push(e);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

fn counters_suffix(c: &Counters, verbose: bool) -> String {
    if verbose {
        format!(" -c {} {}", c.packets, c.bytes)
    } else {
        String::new()
    }
}

/// `iptables -S [CHAIN [N]]` for one table (`verbose`: `-v`, counters).
///
/// ```
/// use netbook::sim::netfilter::{Netfilter, parse::run_line, save, table::TableKind};
/// let mut nf = Netfilter::new();
/// run_line(&mut nf, "-I INPUT -s 210.158.63.128 -j ACCEPT").unwrap();
/// let t = nf.table_or_default(TableKind::Filter);
/// assert_eq!(save::list_rules(&t, None, None, false).unwrap(),
///     "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -s 210.158.63.128/32 -j ACCEPT\n");
/// ```
pub fn list_rules(
    t: &Table,
    chain: Option<&str>,
    num: Option<usize>,
    verbose: bool,
) -> Result<String, NfError> {
    let mut s = String::new();
    let chains: Vec<_> = match chain {
        Some(c) => match t.chain(c) {
            Some(ch) => vec![ch],
            None => {
                return Err(NfError::Fatal(
                    format!(
                        "chain `{c}' in table `{}' is incompatible, use 'nft' tool.",
                        t.kind
                    ),
                    1,
                ))
            }
        },
        None => t.chains.iter().collect(),
    };
    if let Some(n) = num {
        // An out-of-range number prints nothing and succeeds.
        if let Some(r) = chains[0].rules.get(n.wrapping_sub(1)) {
            let _ = writeln!(
                s,
                "-A {}{}",
                chains[0].name,
                r.save_args_counted(verbose.then_some(&r.counters))
            );
        }
        return Ok(s);
    }
    for ch in &chains {
        match ch.policy {
            Some(p) => {
                let _ = writeln!(
                    s,
                    "-P {} {}{}",
                    ch.name,
                    p.name(),
                    counters_suffix(&ch.policy_counters, verbose)
                );
            }
            None => {
                let _ = writeln!(s, "-N {}", ch.name);
            }
        }
    }
    for ch in &chains {
        for r in &ch.rules {
            let _ = writeln!(
                s,
                "-A {}{}",
                ch.name,
                r.save_args_counted(verbose.then_some(&r.counters))
            );
        }
    }
    Ok(s)
}

/// `iptables-save [-c] [-t TABLE]`; `date` is the ctime-style date it
/// stamps (`Thu Nov 26 10:36:22 2026`).
pub fn save(nf: &Netfilter, only: Option<TableKind>, counters: bool, date: &str) -> String {
    let mut s = String::new();
    // iptables-nft walks its own table list: mangle, raw, filter, nat.
    let order = [
        TableKind::Mangle,
        TableKind::Raw,
        TableKind::Filter,
        TableKind::Nat,
    ];
    for t in order
        .iter()
        .filter_map(|k| nf.table(*k))
        .filter(|t| only.is_none_or(|k| k == t.kind))
    {
        let _ = writeln!(s, "# Generated by iptables-save {VERSION} on {date}");
        let _ = writeln!(s, "*{}", t.kind);
        for ch in &t.chains {
            let pol = ch.policy.map_or("-", |p| p.name());
            let _ = writeln!(
                s,
                ":{} {} [{}:{}]",
                ch.name, pol, ch.policy_counters.packets, ch.policy_counters.bytes
            );
        }
        for ch in &t.chains {
            for r in &ch.rules {
                if counters {
                    let _ = write!(s, "[{}:{}] ", r.counters.packets, r.counters.bytes);
                }
                let _ = writeln!(s, "-A {}{}", ch.name, r.save_args());
            }
        }
        s.push_str("COMMIT\n");
        let _ = writeln!(s, "# Completed on {date}");
    }
    s
}

/// Why `iptables-restore` failed, worded like it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreError {
    /// Full stderr text.
    pub message: String,
    /// Exit status.
    pub status: i32,
}

fn parse_counters(s: &str) -> Option<Counters> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    let (p, b) = inner.split_once(':')?;
    Some(Counters {
        packets: p.parse().ok()?,
        bytes: b.parse().ok()?,
    })
}

/// `iptables-restore [--noflush] [-c]`: applies a saved dump. All or
/// nothing: on error `nf` is unchanged.
///
/// ```
/// use netbook::sim::netfilter::{Netfilter, save};
/// let mut nf = Netfilter::new();
/// let dump = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n\
///             :POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE\nCOMMIT\n";
/// save::restore(&mut nf, dump, false, false).unwrap();
/// assert!(save::save(&nf, None, false, "d").contains("-A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"));
/// ```
pub fn restore(
    nf: &mut Netfilter,
    input: &str,
    noflush: bool,
    counters: bool,
) -> Result<(), RestoreError> {
    restore_capped(nf, input, noflush, counters, usize::MAX)
}

/// [`restore`], refusing a result that would hold more than `max_rules`
/// rules (unless it holds no more than before): the session's memory
/// guard, reported as the kernel reports running out of memory.
pub fn restore_capped(
    nf: &mut Netfilter,
    input: &str,
    noflush: bool,
    counters: bool,
    max_rules: usize,
) -> Result<(), RestoreError> {
    let prog = "iptables-restore";
    let mut work = nf.clone();
    let mut current: Option<TableKind> = None;
    // (line, chain, rule index) of rules this block appended, to name the
    // line the kernel refuses at COMMIT.
    let mut added: Vec<(usize, String, usize)> = Vec::new();
    let mut lineno = 0;
    let fail_line = |n: usize| RestoreError {
        message: format!("{prog}: line {n} failed\n"),
        status: 1,
    };
    for line in input.lines() {
        lineno += 1;
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(name) = l.strip_prefix('*') {
            if current.is_some() {
                return Err(fail_line(lineno));
            }
            let Some(kind) = TableKind::parse(name.trim()) else {
                return Err(RestoreError {
                    message: format!(
                        "{prog} {VERSION}: table '{}' does not exist\nError occurred at line: {lineno}\nTry `{prog} -h' or '{prog} --help' for more information.\n",
                        name.trim()
                    ),
                    status: 2,
                });
            };
            if !noflush {
                work.tables.retain(|t| t.kind != kind);
            }
            work.table_mut(kind);
            current = Some(kind);
            continue;
        }
        if l == "COMMIT" {
            let Some(kind) = current.take() else {
                return Err(fail_line(lineno));
            };
            let t = work.table_mut(kind);
            if let Some((ci, ri)) = t.first_invalid_rule() {
                let chain = t.chains[ci].name.clone();
                let line = added
                    .iter()
                    .find(|(_, c, i)| *c == chain && *i == ri)
                    .map_or(lineno, |(l, _, _)| *l);
                return Err(RestoreError {
                    message: format!(
                        "{prog} {VERSION}: \nline {line}: RULE_APPEND failed (Invalid argument): rule in chain {chain}\n"
                    ),
                    status: 4,
                });
            }
            added.clear();
            continue;
        }
        let Some(kind) = current else {
            return Err(RestoreError {
                message: format!(
                    "{prog} {VERSION}: no command specified\nError occurred at line: {lineno}\nTry `{prog} -h' or '{prog} --help' for more information.\n"
                ),
                status: 2,
            });
        };
        if let Some(rest) = l.strip_prefix(':') {
            // iptables-restore splits on blanks and tabs only (strtok " \t"),
            // so any other character, even a form feed, belongs to the name.
            let parts: Vec<&str> = rest.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
            let (Some(name), Some(pol)) = (parts.first(), parts.get(1)) else {
                return Err(fail_line(lineno));
            };
            let cnt = parts
                .get(2)
                .and_then(|c| parse_counters(c))
                .unwrap_or_default();
            let t = work.table_mut(kind);
            if *pol == "-" {
                if t.chain(name).is_none() {
                    t.add_user_chain(name);
                }
            } else {
                let Some(p) = Policy::parse(pol) else {
                    return Err(fail_line(lineno));
                };
                match t.chain_mut(name) {
                    Some(ch) if ch.is_builtin() => {
                        ch.policy = Some(p);
                        if counters {
                            ch.policy_counters = cnt;
                        }
                    }
                    _ => return Err(fail_line(lineno)),
                }
            }
            continue;
        }
        let mut words = split_words(l).map_err(|_| fail_line(lineno))?;
        let mut cnt = None;
        if words.first().is_some_and(|w| w.starts_with('[')) {
            cnt = parse_counters(&words[0]);
            words.remove(0);
        }
        let mut argv = vec!["-t".to_string(), kind.name().to_string()];
        argv.extend(words);
        let inv = parse_args(&argv).map_err(|e| match e {
            NfError::Usage(m) => RestoreError {
                message: format!(
                    "{prog} {VERSION}: {m}\nError occurred at line: {lineno}\nTry `{prog} -h' or '{prog} --help' for more information.\n"
                ),
                status: 2,
            },
            _ => fail_line(lineno),
        })?;
        work.apply_checked(&inv, false).map_err(|e| {
            let why = match e {
                NfError::Op(m) | NfError::Fatal(m, _) | NfError::Usage(m) | NfError::Bare(m) => m,
            };
            RestoreError {
                message: format!("{prog}: line {lineno} failed: {}\n", why.trim()),
                status: 1,
            }
        })?;
        if let Command::Append(chain, rs) = &inv.command {
            let n = work
                .table(kind)
                .and_then(|t| t.chain(chain))
                .map_or(0, |ch| ch.rules.len());
            for i in n.saturating_sub(rs.len())..n {
                added.push((lineno, chain.clone(), i));
            }
        }
        if let (true, Some(c), Command::Append(chain, rs)) = (counters, cnt, &inv.command) {
            if let Some(ch) = work.table_mut(kind).chain_mut(chain) {
                let n = ch.rules.len();
                for r in &mut ch.rules[n.saturating_sub(rs.len())..] {
                    r.counters = c;
                }
            }
        }
    }
    if current.is_some() {
        return Err(RestoreError {
            message: format!("{prog}: COMMIT expected at line {}\n", lineno + 1),
            status: 1,
        });
    }
    let rules = work.rule_count();
    if rules > max_rules && rules > nf.rule_count() {
        return Err(RestoreError {
            message: format!("{prog}: unable to initialize table: Cannot allocate memory (at most {max_rules} rules fit beside the other namespaces' in this session)\n"),
            status: 4,
        });
    }
    *nf = work;
    Ok(())
}

/// A ctime(3)-style date (`Thu Nov 26 10:36:22 2026`) for `secs` since
/// the Unix epoch, UTC.
pub fn ctime(secs: u64) -> String {
    let c = crate::sim::stack::clock::Civil::from_unix(secs);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        c.weekday_name(),
        c.month_name(),
        c.day,
        c.hour,
        c.min,
        c.sec,
        c.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::netfilter::parse::run_line;

    #[test]
    fn ctime_matches_c() {
        assert_eq!(ctime(0), "Thu Jan  1 00:00:00 1970");
        assert_eq!(ctime(1_795_689_382), "Thu Nov 26 10:36:22 2026");
    }

    #[test]
    fn save_restore_save_round_trip() {
        let mut nf = Netfilter::new();
        for l in [
            "-N MYCHAIN",
            "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -m comment --comment \"ssh from lan\" -j ACCEPT",
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -i veth+ ! -o eth0 -j MYCHAIN",
            "-A MYCHAIN -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited",
            "-A MYCHAIN -j LOG --log-prefix \"drop: \"",
            "-P FORWARD DROP",
            "-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE",
            "-t nat -A PREROUTING -d 200.200.200.10/32 -p tcp --dport 80 -j DNAT --to-destination 172.128.0.11:8080",
        ] {
            run_line(&mut nf, l).unwrap();
        }
        let first = save(&nf, None, true, "D");
        let mut back = Netfilter::new();
        restore(&mut back, &first, false, true).unwrap();
        assert_eq!(save(&back, None, true, "D"), first);
        assert_eq!(back.tables, nf.tables);
    }

    #[test]
    fn restore_error_leaves_tables_alone() {
        let mut nf = Netfilter::new();
        run_line(&mut nf, "-A INPUT -j ACCEPT").unwrap();
        let before = nf.clone();
        let e = restore(
            &mut nf,
            "*filter\n-A INPUT -j ACCEPT\n-A NOPE -j DROP\nCOMMIT\n",
            false,
            false,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "iptables-restore: line 3 failed: No chain/target/match by that name.\n"
        );
        assert_eq!(nf, before);
        let e = restore(&mut nf, "*filter\n-A INPUT -j DROP\n", false, false).unwrap_err();
        assert_eq!(e.message, "iptables-restore: COMMIT expected at line 3\n");
    }
}
