//! `ip link`: show, add (veth, bridge, dummy), delete, set (ip-link(8)).

use super::*;
use crate::display::net::{self as view};
use crate::sim::link::{LinkError, LinkKind, Mac};
use crate::sim::stack::links::NewLink;
use crate::sim::{LinkId, NsId};

impl Ip<'_, '_> {
    // ---- ip link --------------------------------------------------------------
    pub(crate) fn link(&mut self, args: &[String]) -> R {
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
    pub(crate) fn select(&self, args: &[String]) -> Result<Vec<LinkId>, CmdOutput> {
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

    pub(crate) fn link_show(&mut self, args: &[String]) -> R {
        let links = self.select(args)?;
        Ok(CmdOutput::rich(view::ip_link(
            self.ctx.world,
            self.ns,
            &links,
            &self.opts,
        )))
    }

    pub(crate) fn link_add(&mut self, args: &[String]) -> R {
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
                            .map_err(|_| fail(1, super::neigh::bad_lladdr(&m)))?,
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

    pub(crate) fn link_del(&mut self, args: &[String]) -> R {
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

    pub(crate) fn link_set(&mut self, args: &[String]) -> R {
        let mut name: Option<&str> = None;
        let mut up: Option<bool> = None;
        let mut master: Option<Option<String>> = None;
        let mut to_ns: Option<NsId> = None;
        let mut mtu: Option<u32> = None;
        let mut mac: Option<Mac> = None;
        let mut rename: Option<String> = None;
        // `type bridge_slave learning|hairpin on|off`: the port's flags.
        let mut port: Option<(Option<bool>, Option<bool>)> = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            match a {
                "dev" => {
                    i += 1;
                    name = args.get(i).map(String::as_str);
                }
                "type"
                    if args.get(i + 1).is_some_and(|t| t == "bridge_slave") && name.is_some() =>
                {
                    let (mut learning, mut hairpin) = (None, None);
                    let mut j = i + 2;
                    while j < args.len() {
                        let k = args[j].as_str();
                        let v = args.get(j + 1).map(String::as_str).unwrap_or("");
                        let on = match v {
                            "on" => true,
                            "off" => false,
                            _ => return Err(usage(1, format!("Error: argument of \"{k}\" must be one of \"off\", \"on\", not \"{v}\""))),
                        };
                        match k {
                            "learning" => learning = Some(on),
                            "hairpin" => hairpin = Some(on),
                            _ => return Err(garbage("type", k)),
                        }
                        j += 2;
                    }
                    port = Some((learning, hairpin));
                    i = j;
                    continue;
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
                            .map_err(|_| fail(1, super::neigh::bad_lladdr(&m)))?,
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
        if port.is_some() && w.link(id).master.is_none() {
            return Err(fail(2, "RTNETLINK answers: Operation not supported"));
        }
        // Apply, in the kernel's do_setlink order.
        let world = self.w();
        if let Some((learning, hairpin)) = port {
            world.port_set(id, learning, hairpin).map_err(link_err)?;
        }
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
}

pub(crate) const LINK_USAGE: &str = "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
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
