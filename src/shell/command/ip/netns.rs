//! `ip netns`: add, delete, list, exec, identify, pids, set, list-id
//! (ip-netns(8); the ids in [`super::netns_id`]).
//! `parse` reads the words into a `NetnsOp`; `run` applies it. `exec`
//! hands the rest of argv, unchanged, to the command it runs.

#![allow(clippy::result_large_err)]

use super::common::{fail, help, not_simulated, usage, CmdOutput, Ip, R};
use super::netns_id::{self, ListId, SetId};
use super::options::{keyword, Keyword};
use crate::shell::command::run_argv;
use crate::shell::command::sockets::BASH_PID;
use crate::sim::dns::message::ServerHost;
use crate::sim::{NsId, World};

pub(crate) const NETNS_USAGE: &str = include_str!("help/netns.txt");

/// One `ip netns` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NetnsOp {
    List,
    Add(String),
    Del(String),
    /// `identify [PID]` (`None`: ip itself).
    Identify(Option<u32>),
    /// `pids NAME`: the processes running in NAME.
    Pids(String),
    Set(SetId),
    ListId(ListId),
    /// `exec NAME CMD...`: CMD runs in NAME.
    Exec(String, Vec<String>),
    /// `ip -all netns exec CMD`: in each namespace, newest first.
    ExecAll(Vec<String>),
    /// `ip -all netns delete`.
    DelAll,
    Help,
}

#[derive(Clone, Copy)]
enum Cmd {
    List,
    Add,
    Delete,
    Identify,
    Pids,
    Set,
    ListId,
    Exec,
    Other(&'static str),
    Help,
}

/// ipnetns.c's `do_netns` order (`ip netns s` is `show`, `e` `exec`).
const COMMANDS: &[Keyword<Cmd>] = &[
    ("list", false, Cmd::List),
    ("show", false, Cmd::List),
    ("lst", false, Cmd::List),
    ("list-id", false, Cmd::ListId),
    ("help", false, Cmd::Help),
    ("add", false, Cmd::Add),
    ("set", false, Cmd::Set),
    ("delete", false, Cmd::Delete),
    ("identify", false, Cmd::Identify),
    ("pids", false, Cmd::Pids),
    ("exec", false, Cmd::Exec),
    ("monitor", false, Cmd::Other("ip netns monitor")),
    ("attach", false, Cmd::Other("ip netns attach")),
];

/// ipnetns.c's `invalid_name` (NAME_MAX 255).
fn invalid_name(n: &str) -> bool {
    n.is_empty() || n.len() > 255 || n.contains('/') || n == "." || n == ".."
}

/// `ip netns ARGS`; `all` is ip's `-all`.
pub(crate) fn parse(args: &[String], all: bool) -> Result<NetnsOp, CmdOutput> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(NetnsOp::List);
    };
    if let Some(n) = rest.first().filter(|n| !all && invalid_name(n)) {
        return Err(usage(255, format!("Invalid netns name \"{n}\"")));
    }
    let name = || {
        rest.first()
            .cloned()
            .ok_or_else(|| usage(1, "No netns name specified"))
    };
    match keyword(cmd, COMMANDS) {
        Some(Cmd::List) => Ok(NetnsOp::List),
        Some(Cmd::Help) => Ok(NetnsOp::Help),
        Some(Cmd::Add) => name().map(NetnsOp::Add),
        Some(Cmd::Delete) if all => Ok(NetnsOp::DelAll),
        Some(Cmd::Delete) => name().map(NetnsOp::Del),
        Some(Cmd::Identify) => match rest {
            [] => Ok(NetnsOp::Identify(None)),
            [pid] if pid.bytes().all(|b| b.is_ascii_digit()) => {
                // Too large a number names no process, like a missing one.
                Ok(NetnsOp::Identify(Some(pid.parse().unwrap_or(u32::MAX))))
            }
            [pid] => Err(usage(1, format!("Specified string '{pid}' is not a pid"))),
            _ => Err(usage(1, "extra arguments specified")),
        },
        Some(Cmd::Pids) if rest.len() > 1 => Err(usage(1, "extra arguments specified")),
        Some(Cmd::Pids) => name().map(NetnsOp::Pids),
        Some(Cmd::Set) => netns_id::parse_set(rest).map(NetnsOp::Set),
        Some(Cmd::ListId) => netns_id::parse_list_id(rest, NETNS_USAGE).map(NetnsOp::ListId),
        Some(Cmd::Exec) if all && rest.is_empty() => Err(usage(1, "No command specified")),
        Some(Cmd::Exec) if all => Ok(NetnsOp::ExecAll(rest.to_vec())),
        Some(Cmd::Exec) => {
            let n = name()?;
            if rest.len() < 2 {
                return Err(usage(1, "No command specified"));
            }
            Ok(NetnsOp::Exec(n, rest[1..].to_vec()))
        }
        Some(Cmd::Other(what)) => Err(not_simulated(what)),
        None => Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip netns help\"."),
        )),
    }
}

/// Applies one `ip netns` op.
pub(crate) fn run(ip: &mut Ip, op: NetnsOp) -> R {
    match op {
        NetnsOp::List => {
            let json = ip.json("netns list")?;
            let list = ip.ctx.world.netns_list(ip.ns);
            if let Some(pretty) = json {
                return Ok(CmdOutput::text(super::json_misc::netns(&list, pretty)));
            }
            let mut s = String::new();
            for (n, id) in &list {
                match id {
                    Some(id) => s += &format!("{n} (id: {id})\n"),
                    None => s += &format!("{n}\n"),
                }
            }
            let rows: Vec<Vec<String>> = list
                .into_iter()
                .map(|(n, id)| vec![n.to_string(), id.map(|i| i.to_string()).unwrap_or_default()])
                .collect();
            let html = crate::display::html::table(&["namespace", "id"], &rows);
            Ok(CmdOutput::rich(
                crate::display::MimeBundle::plain(s).with_html(html),
            ))
        }
        NetnsOp::Add(n) => {
            ip.w().netns_add(&n).map_err(|e| fail(1, e))?;
            Ok(CmdOutput::default())
        }
        NetnsOp::Del(n) => {
            ip.w().netns_del(&n).map_err(|e| fail(1, e))?;
            Ok(CmdOutput::default())
        }
        NetnsOp::Identify(pid) => {
            let w = &*ip.ctx.world;
            let ns = match pid {
                None => Some(ip.ns),
                Some(pid) => process_ns(w, pid),
            };
            let Some(ns) = ns else {
                return Err(cannot_open());
            };
            // The names bound to that namespace; none for the root one.
            let name = w.ns(ns).name.clone().unwrap_or_default();
            Ok(CmdOutput::text(format!("{name}\n")))
        }
        NetnsOp::Pids(n) => {
            let w = &*ip.ctx.world;
            let Ok(ns) = w.ns_id(Some(&n)) else {
                return Err(cannot_open());
            };
            let mut pids: Vec<u32> = processes(w)
                .filter(|(_, in_ns)| *in_ns == ns)
                .map(|(pid, _)| pid)
                .collect();
            pids.sort_unstable();
            pids.dedup();
            Ok(CmdOutput::text(
                pids.iter().map(|p| format!("{p}\n")).collect::<String>(),
            ))
        }
        NetnsOp::Set(s) => netns_id::run_set(ip, s),
        NetnsOp::ListId(l) => netns_id::run_list_id(ip, l),
        NetnsOp::Exec(n, argv) => exec(ip, &n, &argv),
        NetnsOp::ExecAll(argv) => {
            // Each run is headed `netns: NAME`; ip's status stays 0
            // whatever the commands return, as iproute2's netns_foreach.
            let mut all = CmdOutput::default();
            for n in names(ip) {
                all.stdout += &format!("\nnetns: {n}\n");
                let out = exec(ip, &n, &argv).unwrap_or_else(|e| e);
                all.stdout += &out.stdout;
                all.stderr += &out.stderr;
            }
            Ok(all)
        }
        NetnsOp::DelAll => {
            for n in names(ip) {
                ip.w().netns_del(&n).map_err(|e| fail(1, e))?;
            }
            Ok(CmdOutput::default())
        }
        NetnsOp::Help => Err(help(NETNS_USAGE)),
    }
}

/// identify and pids when /proc/PID/ns/net or /run/netns/NAME is missing.
fn cannot_open() -> CmdOutput {
    fail(
        1,
        "Cannot open network namespace: No such file or directory",
    )
}

/// Every simulated process with the namespace it runs in: the shell
/// (in the root one), `&` jobs and servers, DNS servers; what `ps` lists.
fn processes(w: &World) -> impl Iterator<Item = (u32, NsId)> + '_ {
    let jobs = w.transport.procs.iter().map(|p| (p.pid, p.ns));
    let dns = w.dns.servers.iter().filter_map(|s| match &s.host {
        ServerHost::Netns(n) => w.ns_id(n.as_deref()).ok().map(|ns| (s.pid, ns)),
        ServerHost::Internet => None,
    });
    std::iter::once((BASH_PID, NsId::ROOT))
        .chain(jobs)
        .chain(dns)
}

/// The namespace process `pid` runs in, if there is one.
fn process_ns(w: &World, pid: u32) -> Option<NsId> {
    processes(w).find(|(p, _)| *p == pid).map(|(_, ns)| ns)
}

/// The named namespaces in `ip netns list`'s order.
fn names(ip: &Ip) -> Vec<String> {
    let list = ip.ctx.world.netns_list(ip.ns);
    list.into_iter().map(|(n, _)| n.to_string()).collect()
}

fn exec(ip: &mut Ip, n: &str, inner: &[String]) -> R {
    let id = ip.ctx.world.ns_id(Some(n)).map_err(|e| fail(255, e))?;
    ip.ctx.world.entering(id);
    let mut warn = String::new();
    let dir = format!("/etc/netns/{n}");
    if let Ok(entries) = ip.ctx.world.fs.list(&dir) {
        for e in entries {
            if !ip.ctx.world.fs.exists(&format!("/etc/{e}")) {
                warn += &format!("Bind {dir}/{e} -> /etc/{e} failed: No such file or directory\n");
            }
        }
    }
    let saved = ip.ctx.netns.replace(n.to_string());
    let mut out = run_argv(ip.ctx, inner);
    ip.ctx.netns = saved;
    if out.status == 127 && out.stderr.starts_with("bash: ") {
        // ip execs the program itself; there is no bash to complain.
        let prog = &inner[0];
        out.stderr = format!(
            "exec of \"{prog}\" failed: No such file or directory\n{}",
            out.stderr
                .lines()
                .skip(1)
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        );
        out.status = 255;
        out.hints.clear();
    }
    out.stderr = warn + &out.stderr;
    Ok(out)
}
