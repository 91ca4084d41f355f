//! `iptables`, `iptables-save`, `iptables-restore`, `conntrack` and
//! `dmesg`: glue from argv to the namespace's [`Netfilter`](crate::sim::netfilter::Netfilter) and back to
//! text. Wording and layout follow iptables 1.8.9 (nf_tables),
//! conntrack-tools 1.4.7 and util-linux dmesg on Debian 12.

mod conntrack;
mod dump;

use super::{CmdOutput, Command, Ctx};
use crate::display::netfilter::{self as view, ListOpts, Names, DEBIAN_NETWORKS};
use crate::sim::netfilter::parse::{self, Command as Op, Invocation, NfError, Request};
use crate::sim::netfilter::save;
use crate::sim::netfilter::table::TableKind;
use crate::sim::World;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "iptables",
        summary: "administration tool for IPv4 packet filtering and NAT",
        summary_ko: "IPv4 패킷 필터링과 NAT 규칙(테이블/체인/타깃)을 관리합니다",
        usage: "iptables [-t table] {-A|-C|-D|-I|-R|-L|-S|-F|-Z|-N|-X|-E|-P} [chain] [rule-specification] [-n] [-v] [-x] [--line-numbers]",
        run: iptables,
        complete: Some(complete_iptables),
    },
    Command {
        name: "iptables-save",
        summary: "dump iptables rules",
        summary_ko: "iptables 규칙을 iptables-restore 형식으로 출력합니다",
        usage: "iptables-save [-c] [-t table] [-f file]",
        run: dump::iptables_save,
        complete: None,
    },
    Command {
        name: "iptables-restore",
        summary: "restore iptables rules from stdin",
        summary_ko: "표준 입력의 iptables-save 형식 규칙을 적용합니다",
        usage: "iptables-restore [-c] [-t] [-n] [-T table] [file]",
        run: dump::iptables_restore,
        complete: None,
    },
    Command {
        name: "conntrack",
        summary: "command line interface for netfilter connection tracking",
        summary_ko: "연결 추적(conntrack) 테이블을 조회하거나 비웁니다",
        usage: "conntrack {-L|-D|-F} [-p proto] [-s addr] [-d addr] [--sport port] [--dport port]",
        run: conntrack::conntrack,
        complete: None,
    },
];

fn names(world: &World, netns: Option<&str>) -> Names {
    let hosts = world.read_file(netns, "/etc/hosts").unwrap_or_default();
    let networks = world
        .read_file(netns, "/etc/networks")
        .unwrap_or_else(|_| DEBIAN_NETWORKS.to_string());
    Names::from_files(&hosts, &networks)
}

fn nf_error(e: NfError, prog: &str) -> CmdOutput {
    let text = e.render(prog);
    if e.is_usage() {
        CmdOutput::usage(e.status(), text)
    } else {
        CmdOutput::error(e.status(), text)
    }
}

/// The session's cap on rules ([`crate::sim::world::MAX_RULES`]): a
/// memory guard, reported as the kernel reports running out of memory.
fn room_for_rules(world: &World, adding: usize) -> Result<(), NfError> {
    let cap = world.limits.rules;
    if world.rule_count() + adding > cap {
        return Err(NfError::Op(format!(
            "Cannot allocate memory (netbook allows at most {cap} rules per session)."
        )));
    }
    Ok(())
}

fn iptables(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    // Host names in -s/-d resolve while parsing, as in iptables.
    let hosts = ctx
        .world
        .read_file(ctx.netns.as_deref(), "/etc/hosts")
        .unwrap_or_default();
    match parse::parse_request(args, &parse::hosts_table(&hosts)) {
        Err(e) => nf_error(e, "iptables"),
        Ok(Request::Version) => CmdOutput::text(format!("iptables {}\n", parse::VERSION)),
        // iptables 1.8.9's own help text, as `iptables -h` prints it.
        Ok(Request::Help) => CmdOutput::text(include_str!("iptables-help.txt")),
        Ok(Request::Run(inv)) => run_iptables(ctx, &inv),
    }
}

fn run_iptables(ctx: &mut Ctx, inv: &Invocation) -> CmdOutput {
    let ns = ctx.netns.clone();
    let ns = ns.as_deref();
    if let Op::Append(_, rs) | Op::Insert(_, _, rs) = &inv.command {
        if let Err(e) = room_for_rules(ctx.world, rs.len()) {
            return nf_error(e, "iptables");
        }
    }
    if let Err(e) = ctx.world.netfilter_mut(ns).apply(inv) {
        return nf_error(e, "iptables");
    }
    match &inv.command {
        Op::List(chain, num) => {
            let nf = ctx.world.netfilter(ns);
            let t = nf.table_or_default(inv.table);
            let opts = ListOpts {
                numeric: inv.numeric,
                verbose: inv.verbose,
                exact: inv.exact,
                line_numbers: inv.line_numbers,
            };
            if let (Some(c), Some(n)) = (chain, num) {
                let names = names(ctx.world, ns);
                let line = t
                    .chain(c)
                    .and_then(|ch| ch.rules.get(n - 1))
                    .map(|r| view::list_one(r, *n, opts, &names))
                    .unwrap_or_default();
                return CmdOutput::text(line);
            }
            let bundle = view::list_bundle(&t, chain.as_deref(), opts, &names(ctx.world, ns));
            if inv.zero_after_list {
                if let Some(pos) = ctx
                    .world
                    .netfilter_mut(ns)
                    .tables
                    .iter()
                    .position(|t| t.kind == inv.table)
                {
                    ctx.world.netfilter_mut(ns).tables[pos].zero(chain.as_deref());
                }
            }
            CmdOutput::rich(bundle)
        }
        Op::ListRules(chain, n) => {
            let nf = ctx.world.netfilter(ns);
            let t = nf.table_or_default(inv.table);
            match save::list_rules(&t, chain.as_deref(), *n, inv.verbose) {
                Ok(s) => CmdOutput::text(s),
                Err(e) => nf_error(e, "iptables"),
            }
        }
        // `-v` echoes the rule it adds or removes, and names flushed chains.
        Op::Append(_, rs) | Op::Insert(_, _, rs) | Op::Delete(_, rs) if inv.verbose => {
            CmdOutput::text(rs.iter().map(view::rule_notable).collect::<String>())
        }
        Op::Replace(_, _, r) if inv.verbose => CmdOutput::text(view::rule_notable(r)),
        Op::Flush(chain) if inv.verbose => {
            let t = ctx.world.netfilter(ns).table_or_default(inv.table);
            let text: String = t
                .chains
                .iter()
                .filter(|c| chain.as_deref().is_none_or(|n| n == c.name))
                .map(|c| format!("Flushing chain `{}'\n", c.name))
                .collect();
            CmdOutput::text(text)
        }
        _ => CmdOutput::default(),
    }
}

fn complete_iptables(world: &World, args: &[String], prefix: &str) -> Vec<String> {
    let prev = args.last().map(String::as_str).unwrap_or("");
    let words: Vec<String> = match prev {
        "-t" | "--table" => TableKind::ALL
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
        "-j" | "--jump" => [
            "ACCEPT",
            "DROP",
            "REJECT",
            "LOG",
            "RETURN",
            "SNAT",
            "DNAT",
            "MASQUERADE",
            "REDIRECT",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        "-p" | "--protocol" => ["tcp", "udp", "icmp", "all"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "-m" | "--match" => [
            "conntrack",
            "state",
            "multiport",
            "comment",
            "addrtype",
            "tcp",
            "udp",
            "icmp",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        "-A" | "-I" | "-D" | "-R" | "-L" | "-S" | "-F" | "-Z" | "-X" | "-P" | "-C" => {
            let table = args
                .windows(2)
                .find(|w| w[0] == "-t")
                .and_then(|w| TableKind::parse(&w[1]))
                .unwrap_or(TableKind::Filter);
            world
                .netfilter(None)
                .table_or_default(table)
                .chains
                .iter()
                .map(|c| c.name.clone())
                .collect()
        }
        _ => [
            "-t",
            "-A",
            "-I",
            "-D",
            "-R",
            "-L",
            "-S",
            "-F",
            "-Z",
            "-N",
            "-X",
            "-E",
            "-P",
            "-p",
            "-s",
            "-d",
            "-i",
            "-o",
            "-j",
            "-m",
            "-n",
            "-v",
            "--line-numbers",
            "--dport",
            "--sport",
            "--to-destination",
            "--to-source",
            "--to-ports",
            "--policy",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    };
    words
        .into_iter()
        .filter(|w| w.starts_with(prefix))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::shell::Session;

    fn run(s: &mut Session, code: &str) -> (String, String, i32, bool) {
        let t = s.run_terminal(code);
        (
            t.stdout,
            t.stderr,
            t.outcome.status,
            t.outcome.error.is_some(),
        )
    }

    #[test]
    fn the_notes_commands() {
        let mut s = Session::new();
        for c in [
            "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE",
            "iptables -I INPUT -s 210.158.63.128 -j ACCEPT",
            "iptables -t nat -A PREROUTING -d 200.200.200.10 -j DNAT --to-destination 172.128.0.11",
            "iptables --policy FORWARD ACCEPT",
        ] {
            let (_, err, st, _) = run(&mut s, c);
            assert_eq!((err.as_str(), st), ("", 0), "{c}");
        }
        let (out, _, _, _) = run(&mut s, "iptables -L | grep FORWARD");
        assert_eq!(out, "Chain FORWARD (policy ACCEPT)\n");
        let (out, _, _, _) = run(&mut s, "iptables -t nat -S");
        assert!(out.contains("-A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE\n"));
        assert!(out.contains(
            "-A PREROUTING -d 200.200.200.10/32 -j DNAT --to-destination 172.128.0.11\n"
        ));
        run(&mut s, "iptables -F -t nat");
        let (out, _, _, _) = run(&mut s, "iptables -t nat -S");
        assert_eq!(
            out,
            "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
        );
        let (out, _, _, _) = run(&mut s, "iptables -S INPUT");
        assert_eq!(
            out,
            "-P INPUT ACCEPT\n-A INPUT -s 210.158.63.128/32 -j ACCEPT\n"
        );
    }

    #[test]
    fn bad_commands_leave_the_tables_unchanged() {
        let mut s = Session::new();
        run(&mut s, "iptables -A INPUT -p tcp --dport 22 -j ACCEPT");
        let before = s.world().netfilter.clone();
        let (_, err, st, failed) = run(&mut s, "iptables -A INPUT --dpor 80");
        assert_eq!(
            err,
            "iptables v1.8.9 (nf_tables): unknown option \"--dpor\"\nTry `iptables -h' or 'iptables --help' for more information.\n"
        );
        assert_eq!((st, failed), (2, true));
        let (_, err, st, failed) = run(&mut s, "iptables -D INPUT -s 1.1.1.1 -j ACCEPT");
        assert_eq!(
            err,
            "iptables: Bad rule (does a matching rule exist in that chain?).\n"
        );
        assert_eq!((st, failed), (1, false));
        for bad in [
            "iptables -A INPUT -j NOPE",
            "iptables -X INPUT",
            "iptables -P INPUT FOO",
            "iptables -I INPUT 9 -j DROP",
            "iptables -A INPUT -j DNAT --to-destination 1.1.1.1",
            "iptables-restore <<EOF\n*filter\n-A INPUT -j DROP\n-A NOPE -j DROP\nCOMMIT\nEOF",
        ] {
            run(&mut s, bad);
            assert_eq!(s.world().netfilter, before, "{bad}");
        }
        // Host names resolve through the namespace's /etc/hosts.
        run(
            &mut s,
            "echo '10.0.0.7 web' >> /etc/hosts; iptables -A INPUT -s web -j ACCEPT",
        );
        let (out, _, _, _) = run(&mut s, "iptables -S INPUT");
        assert!(out.contains("-A INPUT -s 10.0.0.7/32 -j ACCEPT\n"));
        let (_, err, _, _) = run(&mut s, "iptables -A INPUT -s nosuchhost -j ACCEPT");
        assert!(err.starts_with("iptables v1.8.9 (nf_tables): host/network `nosuchhost' not found"));
        let before = s.world().netfilter.clone();
        run(
            &mut s,
            "iptables -D INPUT -s web -j ACCEPT; iptables -A INPUT -s web -j ACCEPT",
        );
        assert_eq!(s.world().netfilter, before);
        // An abbreviated long option is fine once -p tcp loaded the match.
        let (_, err, st, _) = run(&mut s, "iptables -A INPUT -p tcp --dpor 80");
        assert_eq!((err.as_str(), st), ("", 0));
    }

    #[test]
    fn save_restore_round_trip_through_the_shell() {
        let mut s = Session::new();
        run(&mut s, "iptables -N WEB; iptables -A INPUT -p tcp -m multiport --dports 80,443 -j WEB; iptables -A WEB -m comment --comment 'web in' -j LOG --log-prefix 'web: '; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE");
        let (dump, _, _, _) = run(&mut s, "iptables-save");
        let mut s2 = Session::new();
        let (_, err, st, _) = run(&mut s2, &format!("iptables-restore <<'EOF'\n{dump}EOF"));
        assert_eq!((err.as_str(), st), ("", 0));
        let (dump2, _, _, _) = run(&mut s2, "iptables-save");
        assert_eq!(dump, dump2);
    }

    #[test]
    fn bundled_short_options_and_long_option_prefixes() {
        let mut s = Session::new();
        run(
            &mut s,
            "iptables -tnat -APOSTROUTING -s 10.0.0.0/8 -j MASQUERADE",
        );
        let (a, _, _, _) = run(&mut s, "iptables -t nat -nvL");
        let (b, _, _, _) = run(&mut s, "iptables -t nat -n -v -L");
        assert_eq!(a, b);
        assert!(a.contains("MASQUERADE  0    --  *      *       10.0.0.0/8"));
        let (c, _, _, _) = run(&mut s, "iptables --tab nat --list-r POSTROUTING");
        assert_eq!(
            c,
            "-P POSTROUTING ACCEPT\n-A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE\n"
        );
        let (_, err, st, _) = run(&mut s, "iptables --li");
        assert_eq!(st, 2);
        assert!(err.starts_with("iptables v1.8.9 (nf_tables): unknown option \"--li\""));
    }

    #[test]
    fn help_and_version() {
        let mut s = Session::new();
        let (out, _, st, _) = run(&mut s, "iptables -h | head -n 3");
        assert_eq!(st, 0);
        assert_eq!(out, "iptables v1.8.9 (nf_tables)\n\nUsage: iptables -[ACD] chain rule-specification [options]\n");
        let (out, _, _, _) = run(&mut s, "iptables -V");
        assert_eq!(out, "iptables v1.8.9 (nf_tables)\n");
    }

    #[test]
    fn conntrack_lists_and_flushes() {
        let mut s = Session::new();
        let (out, err, st, _) = run(&mut s, "conntrack -L");
        assert_eq!(out, "");
        assert_eq!(
            err,
            "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n"
        );
        assert_eq!(st, 0);
        let (_, err, _, _) = run(&mut s, "conntrack -F");
        assert_eq!(
            err,
            "conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n"
        );
    }
}
