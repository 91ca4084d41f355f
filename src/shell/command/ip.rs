//! `ip` from iproute2 6.1: `netns`, `link`, `addr`, `route`, `neigh`.
//!
//! Follows ip(8), ip-netns(8), ip-link(8), ip-address(8), ip-route(8),
//! ip-neighbour(8): objects and commands may be abbreviated (`ip a`,
//! `ip l s`, `ip r`), global options `-n NS`, `-br`, `-o`, `-4`, `-6`,
//! `-s`, `-c`, `-d`. Error wording and exit codes are iproute2's. A command
//! that fails changes nothing.

// The error of a parse step is the tool output itself; it is built once per
// command, so its size does not matter.
#![allow(clippy::result_large_err)]

use super::{run_argv, CmdOutput, Command, Ctx};
use crate::display::net::{self as view, ShowOpts};
use crate::sim::l2::NeighState;
use crate::sim::link::{IfAddr, LinkError, LinkKind, Mac};
use crate::sim::route::{Route, RouteProto, RouteScope};
use crate::sim::stack::links::NewLink;
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ip",
    summary: "show / manipulate routing, network devices, interfaces and tunnels",
    summary_ko: "네임스페이스, 인터페이스(veth, bridge), 주소, 라우팅, ARP 테이블을 보고 바꿉니다",
    usage: "ip [ -n NS | -br | -o | -4 | -6 | -s | -c | -d ] { netns | link | address | route | neigh } { COMMAND | help }",
    run: ip,
    complete: Some(complete),
}];

const USAGE: &str = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
";

/// iproute2's `matches()`: `arg` is a non-empty prefix of `full`.
fn matches(arg: &str, full: &str) -> bool {
    !arg.is_empty() && full.starts_with(arg)
}

type R = Result<CmdOutput, CmdOutput>;

fn fail(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::error(status, format!("{msg}\n"))
}

fn usage(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::usage(status, format!("{msg}\n"))
}

fn garbage(key: &str, arg: &str) -> CmdOutput {
    usage(
        255,
        format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage."),
    )
}

fn link_err(e: LinkError) -> CmdOutput {
    let status = match e {
        LinkError::NotFound(_) | LinkError::NoSuchDevice(_) => 1,
        LinkError::NoMaster(_) | LinkError::BadNetns(_) => 255,
        _ => 2,
    };
    CmdOutput::error(
        status,
        format!("{}\n", e.to_string().trim_end_matches('\n')).replace("\n\n", "\n"),
    )
}

struct Ip<'c, 'w> {
    ctx: &'c mut Ctx<'w>,
    ns: NsId,
    opts: ShowOpts,
}

fn ip(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut opts = ShowOpts::default();
    let mut netns: Option<String> = ctx.netns.clone();
    let mut batch: Option<String> = None;
    let mut force = false;
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i].len() > 1 {
        let a = args[i].trim_start_matches('-');
        match a {
            "n" | "netns" => {
                i += 1;
                match args.get(i) {
                    Some(n) => netns = Some(n.clone()),
                    None => {
                        return usage(
                            255,
                            "Cannot open network namespace \"(null)\": No such file or directory",
                        )
                    }
                }
            }
            "b" | "batch" => {
                i += 1;
                match args.get(i) {
                    Some(f) => batch = Some(f.clone()),
                    None => return usage(255, "Option \"-batch\" requires an argument."),
                }
            }
            "force" => force = true,
            "br" | "brief" => opts.brief = true,
            "o" | "oneline" => opts.oneline = true,
            "4" => opts.family = 4,
            "6" => opts.family = 6,
            "s" | "stats" | "statistics" => opts.stats += 1,
            "c" | "color" | "colour" | "c=always" | "color=always" => opts.color = true,
            "c=never" | "color=never" | "c=auto" | "color=auto" => opts.color = false,
            "d" | "details" => opts.details = true,
            "V" | "Version" => {
                return CmdOutput::text("ip utility, iproute2-6.1.0, libbpf 1.1.2\n")
            }
            "h" | "help" => return CmdOutput::text(USAGE),
            _ => {
                return usage(
                    255,
                    format!("Option \"{}\" is unknown, try \"ip -help\".", args[i]),
                )
            }
        }
        i += 1;
    }
    if batch.is_none() && i >= args.len() {
        return CmdOutput::usage(255, USAGE);
    }
    let ns = match ctx.world.ns_id(netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return fail(255, e),
    };
    let saved = ctx.netns.clone();
    if netns.is_some() {
        ctx.netns = netns;
    }
    let mut ipc = Ip { ctx, ns, opts };
    let out = match batch {
        Some(file) => ipc.batch(&file, force),
        None => ipc.object(&args[i], &args[i + 1..]),
    };
    ipc.ctx.netns = saved;
    out
}

/// Splits one `ip -batch` line as iproute2's `makeargs` does: blanks
/// separate words, quotes group them, `#` starts a comment.
fn batch_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let Some(&c) = chars.peek() else { break };
        if c == '#' {
            break;
        }
        let mut w = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            w.extend(chars.by_ref().take_while(|&x| x != c));
        } else {
            while let Some(x) = chars.next_if(|x| !x.is_ascii_whitespace()) {
                w.push(x);
            }
        }
        words.push(w);
    }
    words
}

impl Ip<'_, '_> {
    /// One `ip OBJECT ...` command.
    fn object(&mut self, obj: &str, rest: &[String]) -> CmdOutput {
        // iproute2's object table order decides abbreviations (`n` is neigh).
        const OBJS: &[&str] = &[
            "address",
            "route",
            "neighbor",
            "neighbour",
            "link",
            "netns",
            "help",
        ];
        let out = match OBJS.iter().find(|full| matches(obj, full)) {
            Some(&"address") => self.addr(rest),
            Some(&"route") => self.route(rest),
            Some(&"neighbor") | Some(&"neighbour") => self.neigh(rest),
            Some(&"link") => self.link(rest),
            Some(&"netns") => self.netns(rest),
            Some(_) => Ok(CmdOutput::text(USAGE)),
            None => Err(usage(
                1,
                format!("Object \"{obj}\" is unknown, try \"ip help\"."),
            )),
        };
        out.unwrap_or_else(|e| e)
    }

    /// `ip [-force] -batch FILE|-`: one command per line, stopping at the
    /// first failure unless `-force`; the status is 1 if any line failed.
    fn batch(&mut self, file: &str, force: bool) -> CmdOutput {
        let text = if file == "-" {
            self.ctx.stdin.take().unwrap_or_default()
        } else {
            match self.ctx.world.read_file(self.ctx.netns.as_deref(), file) {
                Ok(t) => t,
                Err(e) => {
                    let why = e.to_string();
                    let why = why
                        .rsplit(": ")
                        .next()
                        .unwrap_or("No such file or directory");
                    return fail(1, format!("Cannot open file \"{file}\" for reading: {why}"));
                }
            }
        };
        let mut out = CmdOutput::default();
        for (n, line) in text.lines().enumerate() {
            if self
                .ctx
                .interrupt
                .load(std::sync::atomic::Ordering::Relaxed)
            {
                break;
            }
            let words = batch_words(line);
            let Some((obj, rest)) = words.split_first() else {
                continue;
            };
            let r = self.object(obj, rest);
            out.stdout.push_str(&r.stdout);
            out.stderr.push_str(&r.stderr);
            if r.status != 0 {
                out.status = 1;
                out.stderr
                    .push_str(&format!("Command failed {file}:{}\n", n + 1));
                if !force {
                    break;
                }
            }
        }
        out
    }
}

fn parse_u32(kind: &str, v: Option<&String>) -> Result<u32, CmdOutput> {
    let v = v.ok_or_else(|| usage(255, "Command line is not complete. Try option \"help\""))?;
    v.parse().map_err(|_| {
        usage(
            255,
            format!("Error: argument \"{v}\" is wrong: Invalid \"{kind}\" value\n"),
        )
    })
}

/// `A.B.C.D[/N]` as `ip` reads an inet prefix.
fn parse_prefix(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (a, p) = match s.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().ok().filter(|p| *p <= 32)?),
        None => (s, 32),
    };
    Some((parse_addr(a)?, p))
}

/// An IPv4 address as inet_aton-ish `get_addr` accepts (dotted quad, short forms).
fn parse_addr(a: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = a.parse() {
        return Some(ip);
    }
    let parts: Vec<&str> = a.split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        o[i] = p.parse().ok()?;
    }
    Some(Ipv4Addr::from(o))
}

fn bad_prefix(s: &str) -> CmdOutput {
    usage(
        1,
        format!("Error: any valid prefix is expected rather than \"{s}\"."),
    )
}

fn bad_addr(s: &str) -> CmdOutput {
    usage(
        1,
        format!("Error: inet address is expected rather than \"{s}\"."),
    )
}

impl Ip<'_, '_> {
    fn w(&mut self) -> &mut World {
        self.ctx.world
    }

    fn dev(&self, name: &str) -> Result<LinkId, CmdOutput> {
        self.ctx.world.link_by_name(self.ns, name).map_err(link_err)
    }

    // ---- ip netns -------------------------------------------------------------

    fn netns(&mut self, args: &[String]) -> R {
        let cmd = args.first().map(String::as_str).unwrap_or("list");
        let name = args.get(1);
        if matches(cmd, "list") || cmd == "show" || cmd == "ls" {
            let mut s = String::new();
            for (n, id) in self.ctx.world.netns_list(self.ns) {
                match id {
                    Some(id) => s += &format!("{n} (id: {id})\n"),
                    None => s += &format!("{n}\n"),
                }
            }
            let rows: Vec<Vec<String>> = self
                .ctx
                .world
                .netns_list(self.ns)
                .into_iter()
                .map(|(n, id)| vec![n.to_string(), id.map(|i| i.to_string()).unwrap_or_default()])
                .collect();
            let html = crate::display::html::table(&["namespace", "id"], &rows);
            return Ok(CmdOutput::rich(
                crate::display::MimeBundle::plain(s).with_html(html),
            ));
        }
        if matches(cmd, "add") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.w().netns_add(n).map_err(|e| fail(1, e))?;
            return Ok(CmdOutput::default());
        }
        if matches(cmd, "delete") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.w().netns_del(n).map_err(|e| fail(1, e))?;
            return Ok(CmdOutput::default());
        }
        if matches(cmd, "identify") {
            let n = self.ctx.world.ns(self.ns).name.clone();
            return Ok(CmdOutput::text(
                n.map(|n| format!("{n}\n")).unwrap_or_default(),
            ));
        }
        if matches(cmd, "exec") {
            let n = name.ok_or_else(|| usage(255, "No netns name specified"))?;
            self.ctx.world.ns_id(Some(n)).map_err(|e| fail(255, e))?;
            let inner = &args[2..];
            if inner.is_empty() {
                return Err(usage(255, "No command specified"));
            }
            let mut warn = String::new();
            let dir = format!("/etc/netns/{n}");
            if let Ok(entries) = self.ctx.world.fs.list(&dir) {
                for e in entries {
                    if !self.ctx.world.fs.exists(&format!("/etc/{e}")) {
                        warn += &format!(
                            "Bind {dir}/{e} -> /etc/{e} failed: No such file or directory\n"
                        );
                    }
                }
            }
            let saved = self.ctx.netns.replace(n.clone());
            let mut out = run_argv(self.ctx, inner);
            self.ctx.netns = saved;
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
            }
            out.stderr = warn + &out.stderr;
            return Ok(out);
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip netns help\"."),
        ))
    }

    // ---- ip link --------------------------------------------------------------

    fn link(&mut self, args: &[String]) -> R {
        let Some(cmd) = args.first() else {
            return self.link_show(&[]);
        };
        let rest = &args[1..];
        if matches(cmd, "show") || matches(cmd, "list") || cmd == "lst" {
            return self.link_show(rest);
        }
        if matches(cmd, "add") {
            return self.link_add(rest);
        }
        if matches(cmd, "delete") {
            return self.link_del(rest);
        }
        if matches(cmd, "set") || matches(cmd, "change") {
            return self.link_set(rest);
        }
        if matches(cmd, "help") {
            return Ok(CmdOutput::text(LINK_USAGE));
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip link help\"."),
        ))
    }

    /// The links `show` selects: `[dev] NAME`, `type T`, `master M`, `up`.
    fn select(&self, args: &[String]) -> Result<Vec<LinkId>, CmdOutput> {
        let w = &*self.ctx.world;
        let mut name: Option<&str> = None;
        let mut kind: Option<&str> = None;
        let mut master: Option<LinkId> = None;
        let mut only_up = false;
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "dev" => {
                    i += 1;
                    name = args.get(i).map(String::as_str);
                }
                "type" => {
                    i += 1;
                    kind = args.get(i).map(String::as_str);
                }
                "master" => {
                    i += 1;
                    let m = args.get(i).map(String::as_str).unwrap_or("");
                    master = Some(
                        w.link_by_name(self.ns, m)
                            .map_err(|_| fail(1, format!("Device \"{m}\" does not exist.")))?,
                    );
                }
                "up" => only_up = true,
                "scope" | "label" | "to" => i += 1,
                a if name.is_none() => name = Some(a),
                a => return Err(garbage("dev", a)),
            }
            i += 1;
        }
        if let Some(n) = name {
            let id = w
                .link_by_name(self.ns, n)
                .map_err(|_| fail(1, format!("Device \"{n}\" does not exist.")))?;
            return Ok(vec![id]);
        }
        Ok(w.links_of(self.ns)
            .filter(|(_, l)| kind.is_none_or(|k| l.kind.type_name() == k))
            .filter(|(_, l)| master.is_none() || l.master == master)
            .filter(|(_, l)| !only_up || l.admin_up)
            .map(|(id, _)| id)
            .collect())
    }

    fn link_show(&mut self, args: &[String]) -> R {
        let links = self.select(args)?;
        Ok(CmdOutput::rich(view::ip_link(
            self.ctx.world,
            self.ns,
            &links,
            &self.opts,
        )))
    }

    fn link_add(&mut self, args: &[String]) -> R {
        let mut name: Option<String> = None;
        let mut kind: Option<String> = None;
        let mut mtu: Option<u32> = None;
        let mut mac: Option<Mac> = None;
        let mut peer: Option<String> = None;
        let mut peer_ns: Option<NsId> = None;
        let mut ns = self.ns;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "name" | "dev" => {
                    i += 1;
                    name = args.get(i).cloned();
                }
                "type" => {
                    i += 1;
                    kind = args.get(i).cloned();
                    i += 1;
                    // Type-specific arguments follow `type KIND`.
                    while i < args.len() {
                        match args[i].as_str() {
                            "peer" => {
                                i += 1;
                                while i < args.len() {
                                    match args[i].as_str() {
                                        "name" => {
                                            i += 1;
                                            peer = args.get(i).cloned();
                                        }
                                        "netns" => {
                                            i += 1;
                                            let n = args.get(i).cloned().unwrap_or_default();
                                            peer_ns = Some(self.ctx.world.ns_id(Some(&n)).map_err(|_| {
                                                usage(255, format!("Error: argument \"{n}\" is wrong: Invalid \"netns\" value\n"))
                                            })?);
                                        }
                                        p if peer.is_none() => peer = Some(p.to_string()),
                                        p => return Err(garbage("name", p)),
                                    }
                                    i += 1;
                                }
                            }
                            other => return Err(garbage("type", other)),
                        }
                    }
                    break;
                }
                "mtu" => {
                    i += 1;
                    mtu = Some(parse_u32("mtu", args.get(i))?);
                }
                "netns" => {
                    i += 1;
                    let n = args.get(i).cloned().unwrap_or_default();
                    ns = self.ctx.world.ns_id(Some(&n)).map_err(|_| {
                        usage(
                            255,
                            format!("Error: argument \"{n}\" is wrong: Invalid \"netns\" value\n"),
                        )
                    })?;
                }
                "address" => {
                    i += 1;
                    let m = args.get(i).cloned().unwrap_or_default();
                    mac = Some(
                        m.parse()
                            .map_err(|_| fail(1, format!("\"{m}\" is invalid lladdr.")))?,
                    );
                }
                a if name.is_none() => name = Some(a.to_string()),
                a => return Err(garbage("name", a)),
            }
            i += 1;
        }
        // Without a name the kernel picks `KIND%d` (bridge0, dummy0, veth0).
        let prefix = kind
            .as_deref()
            .filter(|k| matches!(*k, "veth" | "bridge" | "dummy"))
            .unwrap_or("");
        // An unnamed veth with an unnamed peer: the peer registers first and
        // takes the first free number.
        if name.is_none() && peer.is_none() && prefix == "veth" {
            peer = Some(next_free_name(self.ctx.world, self.ns, "veth", None));
        }
        let name = match name {
            Some(n) => n,
            None if prefix == "veth" => next_free_name(self.ctx.world, ns, prefix, peer.as_deref()),
            None if !prefix.is_empty() => next_free_name(self.ctx.world, ns, prefix, None),
            None if kind.is_none() => {
                return Err(usage(
                    1,
                    "Not enough information: \"type\" argument is required",
                ))
            }
            None => return Err(fail(2, LinkError::UnknownType)),
        };
        let kind = match kind.as_deref() {
            Some("veth") => NewLink::Veth {
                peer: peer.unwrap_or_else(|| {
                    next_free_name(self.ctx.world, self.ns, "veth", Some(&name))
                }),
                peer_ns: peer_ns.or(Some(self.ns)),
            },
            Some("bridge") => NewLink::Bridge,
            Some("dummy") => NewLink::Dummy,
            Some(_) => return Err(fail(2, LinkError::UnknownType)),
            None => {
                return Err(usage(
                    1,
                    "Not enough information: \"type\" argument is required",
                ))
            }
        };
        if let Some(m) = mtu {
            if m < 68 {
                return Err(link_err(LinkError::MtuTooSmall));
            }
            if m > 65535 {
                return Err(link_err(LinkError::MtuTooBig));
            }
        }
        let id = self.w().link_add(ns, &name, kind).map_err(link_err)?;
        if let Some(m) = mtu {
            let _ = self.w().link_set_mtu(id, m);
        }
        if let Some(m) = mac {
            let _ = self.w().link_set_mac(id, m);
        }
        Ok(CmdOutput::default())
    }

    fn link_del(&mut self, args: &[String]) -> R {
        let name = match args {
            [d, n] if d == "dev" => n,
            [n] => n,
            [] => {
                return Err(usage(
                    255,
                    "Not enough information: \"dev\" argument is required.",
                ))
            }
            [_, x, ..] => return Err(garbage("dev", x)),
        };
        let ns = self.ns;
        self.w().link_del(ns, name).map_err(link_err)?;
        Ok(CmdOutput::default())
    }

    fn link_set(&mut self, args: &[String]) -> R {
        let mut name: Option<&str> = None;
        let mut up: Option<bool> = None;
        let mut master: Option<Option<String>> = None;
        let mut to_ns: Option<NsId> = None;
        let mut mtu: Option<u32> = None;
        let mut mac: Option<Mac> = None;
        let mut rename: Option<String> = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "dev" => {
                    i += 1;
                    name = args.get(i).map(String::as_str);
                }
                "up" => up = Some(true),
                "down" => up = Some(false),
                "master" => {
                    i += 1;
                    master = Some(Some(args.get(i).cloned().unwrap_or_default()));
                }
                "nomaster" => master = Some(None),
                "netns" => {
                    i += 1;
                    let n = args.get(i).cloned().unwrap_or_default();
                    let id = match n.parse::<u32>() {
                        Ok(_) => Err(()),
                        Err(_) => self.ctx.world.ns_id(Some(&n)).map_err(|_| ()),
                    };
                    to_ns = Some(id.map_err(|_| {
                        usage(
                            255,
                            format!("Error: argument \"{n}\" is wrong: Invalid \"netns\" value\n"),
                        )
                    })?);
                }
                "mtu" => {
                    i += 1;
                    mtu = Some(parse_u32("mtu", args.get(i))?);
                }
                "address" => {
                    i += 1;
                    let m = args.get(i).cloned().unwrap_or_default();
                    mac = Some(
                        m.parse()
                            .map_err(|_| fail(1, format!("\"{m}\" is invalid lladdr.")))?,
                    );
                }
                "name" => {
                    i += 1;
                    rename = args.get(i).cloned();
                }
                "arp" | "multicast" | "promisc" | "allmulticast" | "txqueuelen" | "qlen"
                | "alias" => i += 1,
                a if name.is_none() => name = Some(a),
                a => return Err(garbage("dev", a)),
            }
            i += 1;
        }
        let Some(name) = name else {
            return Err(usage(
                255,
                "Not enough information: \"dev\" argument is required.",
            ));
        };
        let id = self.dev(name)?;
        let w = &*self.ctx.world;
        // Validate everything first: a failing `ip link set` changes nothing.
        let master_id = match &master {
            Some(Some(m)) => {
                let b = w.link_by_name(self.ns, m).map_err(|_| {
                    usage(
                        255,
                        format!("Error: argument \"{m}\" is wrong: Device does not exist\n"),
                    )
                })?;
                w.check_master(id, b).map_err(link_err)?;
                Some(b)
            }
            _ => None,
        };
        if let Some(m) = mtu {
            let max = if w.link(id).kind == LinkKind::Loopback {
                u32::MAX
            } else {
                65535
            };
            if m < 68 {
                return Err(link_err(LinkError::MtuTooSmall));
            }
            if m > max {
                return Err(link_err(LinkError::MtuTooBig));
            }
        }
        if mac.is_some_and(|m| m.is_multicast())
            || (mac.is_some() && w.link(id).kind == LinkKind::Loopback)
        {
            return Err(fail(
                2,
                "RTNETLINK answers: Cannot assign requested address",
            ));
        }
        let final_name = rename
            .clone()
            .unwrap_or_else(|| w.link(id).name.to_string());
        if let Some(to) = to_ns {
            if to != self.ns {
                if w.link(id).kind == LinkKind::Loopback {
                    return Err(link_err(LinkError::NetnsImmutable));
                }
                if w.link_by_name(to, &final_name).is_ok() {
                    return Err(fail(2, "RTNETLINK answers: File exists"));
                }
            }
        }
        if let Some(r) = &rename {
            if w.link(id).name != *r
                && (w.link_by_name(self.ns, r).is_ok() || r.len() > 15 || r.is_empty())
            {
                return Err(if r.len() > 15 || r.is_empty() {
                    usage(
                        255,
                        format!("Error: argument \"{r}\" is wrong: \"name\" not a valid ifname"),
                    )
                } else {
                    fail(2, "RTNETLINK answers: File exists")
                });
            }
        }
        // Apply, in the kernel's do_setlink order.
        let world = self.w();
        if let Some(r) = rename {
            world.link_rename(id, &r).map_err(link_err)?;
        }
        if let Some(to) = to_ns {
            world.link_set_netns(id, to).map_err(link_err)?;
        }
        if let Some(m) = mtu {
            world.link_set_mtu(id, m).map_err(link_err)?;
        }
        if let Some(m) = mac {
            world.link_set_mac(id, m).map_err(link_err)?;
        }
        match (master, master_id) {
            (Some(Some(_)), Some(b)) => world.link_set_master(id, b).map_err(link_err)?,
            (Some(None), _) => world.link_set_nomaster(id),
            _ => {}
        }
        if let Some(u) = up {
            world.link_set_up(id, u);
        }
        Ok(CmdOutput::default())
    }

    // ---- ip addr --------------------------------------------------------------

    fn addr(&mut self, args: &[String]) -> R {
        let Some(cmd) = args.first() else {
            return self.addr_show(&[]);
        };
        let rest = &args[1..];
        if matches(cmd, "show") || matches(cmd, "list") || cmd == "lst" {
            return self.addr_show(rest);
        }
        if matches(cmd, "add") || matches(cmd, "replace") || matches(cmd, "change") {
            return self.addr_add(rest, cmd != "add" && !matches(cmd, "add"));
        }
        if matches(cmd, "delete") {
            return self.addr_del(rest);
        }
        if matches(cmd, "flush") {
            return self.addr_flush(rest);
        }
        if matches(cmd, "help") {
            return Ok(CmdOutput::text(ADDR_USAGE));
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip address help\"."),
        ))
    }

    fn addr_show(&mut self, args: &[String]) -> R {
        let links = self.select(args)?;
        Ok(CmdOutput::rich(view::ip_addr(
            self.ctx.world,
            self.ns,
            &links,
            &self.opts,
        )))
    }

    /// Parses `PREFIX [brd B|+] [label L] [scope S] dev D`.
    fn addr_args(&self, args: &[String]) -> Result<(IfAddr, LinkId), CmdOutput> {
        let mut local: Option<(Ipv4Addr, u8)> = None;
        let mut brd: Option<String> = None;
        let mut dev: Option<&str> = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "dev" => {
                    i += 1;
                    dev = args.get(i).map(String::as_str);
                }
                "brd" | "broadcast" => {
                    i += 1;
                    brd = args.get(i).cloned();
                }
                "label" | "scope" | "valid_lft" | "preferred_lft" | "metric" => i += 1,
                "noprefixroute" | "home" | "nodad" => {}
                "local" => {
                    i += 1;
                    let v = args.get(i).map(String::as_str).unwrap_or("");
                    local = Some(parse_prefix(v).ok_or_else(|| bad_prefix(v))?);
                }
                a if local.is_none() => local = Some(parse_prefix(a).ok_or_else(|| bad_prefix(a))?),
                a => return Err(garbage("local", a)),
            }
            i += 1;
        }
        let Some((ip, prefix)) = local else {
            return Err(usage(
                1,
                "Not enough information: \"dev\" argument is required.",
            ));
        };
        let Some(dev) = dev else {
            return Err(usage(
                1,
                "Not enough information: \"dev\" argument is required.",
            ));
        };
        let id = self.dev(dev)?;
        let net = Ipv4Net::new(ip, prefix).map_err(|_| bad_prefix(&ip.to_string()))?;
        let brd = match brd.as_deref() {
            None | Some("-") => None,
            Some("+") => Some(net.broadcast()),
            Some(b) => Some(parse_addr(b).ok_or_else(|| bad_addr(b))?),
        };
        Ok((
            IfAddr {
                local: ip,
                prefix,
                brd,
            },
            id,
        ))
    }

    fn addr_add(&mut self, args: &[String], replace: bool) -> R {
        let (a, id) = self.addr_args(args)?;
        if replace {
            let _ = self.w().addr_del(id, a.local, Some(a.prefix));
        }
        self.w().addr_add(id, a).map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    fn addr_del(&mut self, args: &[String]) -> R {
        let (a, id) = self.addr_args(args)?;
        let explicit = args.iter().any(|x| x.contains('/'));
        self.w()
            .addr_del(id, a.local, explicit.then_some(a.prefix))
            .map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    fn addr_flush(&mut self, args: &[String]) -> R {
        if args.is_empty() {
            return Err(usage(1, "Flush requires arguments."));
        }
        let links = self.select(args)?;
        for id in links {
            self.w().addr_flush(id);
        }
        Ok(CmdOutput::default())
    }

    // ---- ip route -------------------------------------------------------------

    fn route(&mut self, args: &[String]) -> R {
        let Some(cmd) = args.first() else {
            return self.route_show(&[]);
        };
        let rest = &args[1..];
        if matches(cmd, "show") || matches(cmd, "list") || cmd == "lst" {
            return self.route_show(rest);
        }
        if matches(cmd, "get") {
            return self.route_get(rest);
        }
        if matches(cmd, "add") || cmd == "append" {
            return self.route_add(rest, false);
        }
        if matches(cmd, "replace") || matches(cmd, "change") {
            return self.route_add(rest, true);
        }
        if matches(cmd, "delete") {
            return self.route_del(rest);
        }
        if matches(cmd, "flush") {
            return self.route_flush(rest);
        }
        if matches(cmd, "help") {
            return Ok(CmdOutput::text(ROUTE_USAGE));
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip route help\"."),
        ))
    }

    fn route_show(&mut self, args: &[String]) -> R {
        let w = &*self.ctx.world;
        let mut routes = w.routes(self.ns);
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "dev" | "oif" => {
                    i += 1;
                    let d = args.get(i).map(String::as_str).unwrap_or("");
                    let id = self.dev(d)?;
                    routes.retain(|r| r.dev == id);
                }
                "table" => {
                    i += 1;
                    match args.get(i).map(String::as_str) {
                        Some("main") | Some("254") | None => {}
                        Some(t @ ("local" | "255" | "all" | "0")) => {
                            let t = if t == "255" {
                                "local"
                            } else if t == "0" {
                                "all"
                            } else {
                                t
                            };
                            return Ok(CmdOutput::rich(view::ip_route_table(
                                w,
                                self.ns,
                                t,
                                self.opts.family,
                            )));
                        }
                        Some(_) => routes.clear(),
                    }
                }
                "proto" => {
                    i += 1;
                    let p = args.get(i).and_then(|p| RouteProto::parse(p));
                    routes.retain(|r| Some(r.proto) == p);
                }
                "default" => routes.retain(|r| r.dst.prefix_len() == 0),
                a => {
                    let (ip, p) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    let net = Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?.trunc();
                    routes.retain(|r| r.dst == net);
                }
            }
            i += 1;
        }
        if self.opts.family == 6 {
            return Ok(CmdOutput::rich(view::ip6_route(w, self.ns)));
        }
        Ok(CmdOutput::rich(view::ip_route(w, &routes)))
    }

    /// Parses `PREFIX|default [via G] [dev D] [metric M] [proto P] [scope S] [src A]`.
    fn route_args(&self, args: &[String], for_del: bool) -> Result<(Route, bool), CmdOutput> {
        let mut dst: Option<Ipv4Net> = None;
        let mut r = Route {
            dst: Ipv4Net::default(),
            via: None,
            dev: LinkId(u32::MAX),
            proto: RouteProto::Boot,
            scope: RouteScope::Global,
            src: None,
            metric: 0,
            linkdown: false,
        };
        let mut scope_given = false;
        let mut metric_given = false;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let next = args.get(i + 1).map(String::as_str).unwrap_or("");
            match a {
                "via" | "gw" if next.is_empty() => {
                    return Err(usage(
                        255,
                        "Command line is not complete. Try option \"help\"",
                    ));
                }
                "via" | "gw" => {
                    let v = if next == "inet" {
                        i += 1;
                        args.get(i + 1).map(String::as_str).unwrap_or("")
                    } else {
                        next
                    };
                    r.via = Some(parse_addr(v).ok_or_else(|| bad_addr(v))?);
                    i += 1;
                }
                "dev" | "oif" => {
                    r.dev = self.dev(next)?;
                    i += 1;
                }
                "metric" | "priority" | "preference" => {
                    r.metric = next.parse().map_err(|_| usage(255, format!("Error: argument \"{next}\" is wrong: \"metric\" value is invalid\n")))?;
                    metric_given = true;
                    i += 1;
                }
                "proto" | "protocol" => {
                    r.proto = RouteProto::parse(next).ok_or_else(|| usage(255, format!("Error: argument \"{next}\" is wrong: \"protocol\" value is invalid\n")))?;
                    i += 1;
                }
                "scope" => {
                    r.scope = match next {
                        "link" => RouteScope::Link,
                        "host" => RouteScope::Host,
                        "global" | "universe" => RouteScope::Global,
                        _ => {
                            return Err(usage(
                                255,
                                format!(
                                "Error: argument \"{next}\" is wrong: invalid \"scope\" value\n"
                            ),
                            ))
                        }
                    };
                    scope_given = true;
                    i += 1;
                }
                "src" => {
                    r.src = Some(parse_addr(next).ok_or_else(|| bad_addr(next))?);
                    i += 1;
                }
                "table" => {
                    i += 1;
                }
                "onlink" => {}
                "to" => {}
                "default" | "all" if dst.is_none() => dst = Some(Ipv4Net::default()),
                a if dst.is_none() => {
                    let (ip, p) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    let net = Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?;
                    if net.trunc() != net {
                        return Err(fail(2, "Error: Invalid prefix for given prefix length."));
                    }
                    dst = Some(net);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        let Some(dst) = dst else {
            return Err(usage(
                255,
                "Error: either \"to\" is duplicate, or \"\" is a garbage.",
            ));
        };
        r.dst = dst;
        if !scope_given {
            r.scope = if r.via.is_some() {
                RouteScope::Global
            } else {
                RouteScope::Link
            };
        }
        if let Some(src) = r.src {
            if !for_del && !self.ctx.world.is_local_addr(self.ns, src) {
                return Err(fail(2, "Error: Invalid prefsrc address."));
            }
        }
        Ok((r, metric_given))
    }

    fn route_add(&mut self, args: &[String], replace: bool) -> R {
        let (r, _) = self.route_args(args, false)?;
        let ns = self.ns;
        self.w().route_add(ns, r, replace).map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    fn route_del(&mut self, args: &[String]) -> R {
        let (r, metric_given) = self.route_args(args, true)?;
        let ns = self.ns;
        let dev = (r.dev != LinkId(u32::MAX)).then_some(r.dev);
        self.w()
            .route_del(ns, r.dst, r.via, dev, metric_given.then_some(r.metric))
            .map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    fn route_flush(&mut self, args: &[String]) -> R {
        if args.is_empty() {
            return Err(usage(255, "\"ip route flush\" requires arguments."));
        }
        let dev = match args {
            [d, n] if d == "dev" => Some(self.dev(n)?),
            [a] if a == "all" || a == "table" => None,
            [t, _] if t == "table" => None,
            [a, ..] => return Err(garbage("to", a)),
            [] => None,
        };
        let ns = self.ns;
        // Connected routes go too, as on Linux, until their address or
        // link comes back.
        let kernel = self.ctx.world.connected_routes(ns);
        let n = self.w().ns_mut(ns);
        n.routes.retain(|r| dev.is_some_and(|d| d != r.dev));
        n.unrouted.extend(
            kernel
                .into_iter()
                .filter(|r| dev.is_none_or(|d| d == r.dev))
                .map(|r| (r.dev, r.dst)),
        );
        Ok(CmdOutput::default())
    }

    fn route_get(&mut self, args: &[String]) -> R {
        let mut dst: Option<Ipv4Addr> = None;
        let mut from: Option<Ipv4Addr> = None;
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "from" => {
                    i += 1;
                    let v = args.get(i).map(String::as_str).unwrap_or("");
                    from = Some(parse_prefix(v).map(|p| p.0).ok_or_else(|| bad_prefix(v))?);
                }
                "iif" | "oif" | "mark" | "uid" | "tos" | "dev" => i += 1,
                "to" | "fibmatch" | "connected" => {}
                a if dst.is_none() => {
                    let (ip, _) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    dst = Some(ip);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        let Some(dst) = dst else {
            return Err(usage(255, "need at least a destination address"));
        };
        let mut g = self
            .ctx
            .world
            .route_get(self.ns, dst)
            .map_err(|e| fail(2, e))?;
        g.from = from;
        Ok(CmdOutput::rich(view::ip_route_get(self.ctx.world, &g)))
    }

    // ---- ip neigh -------------------------------------------------------------

    fn neigh(&mut self, args: &[String]) -> R {
        let cmd = args.first().map(String::as_str).unwrap_or("show");
        let rest = if args.is_empty() { args } else { &args[1..] };
        // Parse `[to] ADDR [lladdr MAC] [dev DEV] [nud STATE]`.
        let mut ip: Option<Ipv4Addr> = None;
        let mut mac: Option<Mac> = None;
        let mut dev: Option<LinkId> = None;
        let mut nud = NeighState::Permanent;
        let mut i = 0;
        while i < rest.len() {
            let a = rest[i].as_str();
            let next = rest.get(i + 1).map(String::as_str).unwrap_or("");
            match a {
                "dev" => {
                    dev = Some(self.dev(next)?);
                    i += 1;
                }
                "lladdr" => {
                    mac = Some(
                        next.parse()
                            .map_err(|_| fail(1, format!("\"{next}\" is invalid lladdr.")))?,
                    );
                    i += 1;
                }
                "nud" => {
                    nud = match next {
                        "permanent" => NeighState::Permanent,
                        "reachable" => NeighState::Reachable,
                        "stale" => NeighState::Stale,
                        "delay" => NeighState::Delay,
                        "failed" => NeighState::Failed,
                        "incomplete" => NeighState::Incomplete,
                        _ => {
                            return Err(usage(
                                255,
                                format!("Error: argument \"{next}\" is wrong: nud state is bad\n"),
                            ))
                        }
                    };
                    i += 1;
                }
                "all" => {}
                "to" | "proxy" | "router" | "extern_learn" => {}
                a if ip.is_none() => {
                    ip = Some(parse_prefix(a).map(|p| p.0).ok_or_else(|| bad_addr(a))?);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        if matches(cmd, "show") || matches(cmd, "list") {
            if self.opts.family == 6 {
                return Ok(CmdOutput::default());
            }
            let mut b = view::ip_neigh(self.ctx.world, self.ns, dev);
            if let Some(ip) = ip {
                let keep: String = b
                    .text()
                    .lines()
                    .filter(|l| l.split(' ').next() == Some(&ip.to_string()))
                    .map(|l| format!("{l}\n"))
                    .collect();
                b.insert(crate::display::TEXT_PLAIN, keep);
            }
            return Ok(CmdOutput::rich(b));
        }
        if matches(cmd, "flush") {
            if rest.is_empty() {
                return Err(usage(1, "Flush requires arguments."));
            }
            let ns = self.ns;
            self.w().neigh_flush(ns, dev);
            return Ok(CmdOutput::default());
        }
        let add = matches(cmd, "add");
        let replace = matches(cmd, "replace") || matches(cmd, "change");
        let del = matches(cmd, "delete");
        if !(add || replace || del) {
            return Err(usage(
                255,
                format!("Command \"{cmd}\" is unknown, try \"ip neigh help\"."),
            ));
        }
        let Some(ip) = ip else {
            return Err(usage(255, "Device and destination are required arguments."));
        };
        let Some(dev) = dev else {
            return Err(usage(255, "Device and destination are required arguments."));
        };
        if del {
            self.w().neigh_del(dev, ip).map_err(|e| fail(2, e))?;
        } else {
            self.w()
                .neigh_add(dev, ip, mac, nud, replace)
                .map_err(|e| fail(2, e))?;
        }
        Ok(CmdOutput::default())
    }
}

/// The kernel's `KIND%d` naming: the first free number (skipping `taken`).
fn next_free_name(w: &World, ns: NsId, prefix: &str, taken: Option<&str>) -> String {
    (0..)
        .map(|i| format!("{prefix}{i}"))
        .find(|n| w.link_by_name(ns, n).is_err() && Some(n.as_str()) != taken)
        .unwrap_or_default()
}

const LINK_USAGE: &str = "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
\t\t    [ txqueuelen PACKETS ]
\t\t    [ address LLADDR ]
\t\t    [ mtu MTU ]
\t\t    type TYPE [ ARGS ]

       ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

       ip link set { DEVICE | dev DEVICE | group DEVGROUP }
\t\t      [ { up | down } ]
\t\t      [ address LLADDR ]
\t\t      [ name NEWNAME ]
\t\t      [ mtu MTU ]
\t\t      [ netns { PID | NAME } ]
\t\t      [ master DEVICE ][ nomaster ]

       ip link show [ DEVICE | group GROUP ] [up] [master DEV] [type TYPE]

TYPE := { bridge | dummy | veth }
";

const ADDR_USAGE: &str = "Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ] ]
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
";

const ROUTE_USAGE: &str = "Usage: ip route { list | flush } SELECTOR
       ip route get ADDRESS [ from ADDRESS iif STRING ]
                            [ oif STRING ]
       ip route { add | del | change | append | replace } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
             [ table TABLE_ID ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
\t    [ dev STRING ] [ weight NUMBER ] NHFLAGS
";

const OBJECTS: &[&str] = &["address", "link", "route", "neigh", "netns", "help"];

fn complete(w: &World, args: &[String], prefix: &str) -> Vec<String> {
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cands: Vec<String> = match words.as_slice() {
        [] => OBJECTS.iter().map(|s| s.to_string()).collect(),
        [o] if matches(o, "netns") => ["add", "delete", "list", "exec", "identify"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o, c, ..] if matches(o, "netns") && (matches(c, "exec") || matches(c, "delete")) => w
            .netns_list(NsId::ROOT)
            .into_iter()
            .map(|(n, _)| n.to_string())
            .collect(),
        [o] if matches(o, "link") => ["add", "delete", "set", "show"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "address") => ["add", "del", "show", "flush"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "route") => ["add", "del", "replace", "show", "get"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [o] if matches(o, "neighbour") => ["show", "flush"].iter().map(|s| s.to_string()).collect(),
        _ => {
            let mut v: Vec<String> = w
                .links_of(NsId::ROOT)
                .map(|(_, l)| l.name.to_string())
                .collect();
            v.extend(
                [
                    "up", "down", "master", "nomaster", "netns", "type", "veth", "bridge", "peer",
                    "name", "dev", "via", "mtu", "address",
                ]
                .iter()
                .map(|s| s.to_string()),
            );
            v.extend(
                w.netns_list(NsId::ROOT)
                    .into_iter()
                    .map(|(n, _)| n.to_string()),
            );
            v
        }
    };
    cands
        .into_iter()
        .filter(|c| c.starts_with(prefix))
        .collect()
}
