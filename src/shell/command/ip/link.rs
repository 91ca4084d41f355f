//! `ip link`: show, add (veth, bridge, dummy), delete, set (ip-link(8)).
//! The words become a `LinkOp` in link_args.rs; this file applies it.

#![allow(clippy::result_large_err)]

use super::common::{fail, help, invarg, link_err, next_free_name, CmdOutput, Ip, R};
use super::json_link;
use super::link_args::{LinkFilter, LinkOp, LinkReq, LinkType, LINK_USAGE};
use super::link_bridge::conf_err;
use super::options::Family;
use crate::display::net::{self as view};
use crate::sim::link::{LinkError, LinkKind};
use crate::sim::stack::links::NewLink;
use crate::sim::{LinkId, NsId, World};

pub(crate) use super::link_args::parse;

/// Applies one `ip link` op.
pub(crate) fn run(ip: &mut Ip, op: LinkOp) -> R {
    match op {
        LinkOp::Show(f) => show(ip, &f),
        LinkOp::Add(r) => add(ip, r),
        LinkOp::Set(r) => set(ip, r),
        LinkOp::Del(r) => del(ip, &r),
        LinkOp::Help => Err(help(LINK_USAGE)),
    }
}

/// The links a selector picks, in the namespace's order.
pub(crate) fn select(ip: &Ip, f: &LinkFilter) -> Result<Vec<LinkId>, CmdOutput> {
    let w = &*ip.ctx.world;
    let master = match &f.master {
        Some(m) => Some(
            w.link_by_name(ip.ns, m)
                .map_err(|_| invarg("Device does not exist\n", m))?,
        ),
        None => None,
    };
    // A named device still passes the other selectors (`dev X up` on a
    // down X prints nothing).
    let only = match &f.dev {
        Some(n) => Some(
            w.link_by_name(ip.ns, n)
                .map_err(|_| fail(1, format!("Device \"{n}\" does not exist.")))?,
        ),
        None => None,
    };
    let slave_kind = |id: Option<LinkId>| id.map(|m| w.link(m).kind.type_name());
    Ok(w.links_of(ip.ns)
        .filter(|(id, _)| only.is_none_or(|o| o == *id))
        .filter(|(_, l)| f.group.is_none_or(|g| l.shown.group == g))
        .filter(|(_, l)| f.kind.as_deref().is_none_or(|k| l.kind.type_name() == k))
        .filter(|(_, l)| {
            f.slave_kind
                .as_deref()
                .is_none_or(|k| slave_kind(l.master) == Some(k))
        })
        .filter(|(_, l)| master.is_none() || l.master == master)
        .filter(|(_, l)| !f.nomaster || l.master.is_none())
        .filter(|(_, l)| !f.up || l.admin_up)
        .map(|(id, _)| id)
        .collect())
}

fn show(ip: &mut Ip, f: &LinkFilter) -> R {
    let json = ip.json("link show")?;
    let links = select(ip, f)?;
    if let Some(pretty) = json {
        let (w, o) = (&*ip.ctx.world, ip.show());
        let listing = super::json_link::Listing::Link;
        return Ok(CmdOutput::text(json_link::show(
            w,
            ip.ns,
            &links,
            &o,
            listing,
            pretty,
            f.dev.is_some(),
        )));
    }
    Ok(CmdOutput::rich(view::ip_link(
        ip.ctx.world,
        ip.ns,
        &links,
        &ip.show(),
    )))
}

/// `netns NAME|PID` as iproute2 reads it: a name under /run/netns, or a
/// process whose namespace it is (1, init, and the shell live in the
/// host's; a server started under `ip netns exec` in its own).
fn target_ns(ip: &Ip, n: &str) -> Result<NsId, CmdOutput> {
    if let Ok(pid) = n.parse::<i64>() {
        let shell = i64::from(crate::shell::bash::SHELL_PID);
        let ns = match pid {
            1 => Some(NsId::ROOT),
            p if p == shell => Some(NsId::ROOT),
            p => (ip.ctx.world.transport.procs.iter())
                .find(|x| i64::from(x.pid) == p)
                .map(|x| x.ns),
        };
        return ns.ok_or_else(|| fail(2, "RTNETLINK answers: No such process"));
    }
    ip.ctx
        .world
        .ns_id(Some(n))
        .map_err(|_| invarg("Invalid \"netns\" value\n", n))
}

fn master_of(ip: &Ip, m: &str) -> Result<LinkId, CmdOutput> {
    ip.ctx
        .world
        .link_by_name(ip.ns, m)
        .map_err(|_| invarg("Device does not exist\n", m))
}

fn check_mtu(m: i32, loopback: bool) -> Result<u32, CmdOutput> {
    // The kernel reads IFLA_MTU as a u32.
    let m = m as u32;
    let max = if loopback { u32::MAX } else { 65535 };
    if m < 68 {
        return Err(link_err(LinkError::MtuTooSmall));
    }
    if m > max {
        return Err(link_err(LinkError::MtuTooBig));
    }
    Ok(m)
}

fn add(ip: &mut Ip, r: LinkReq) -> R {
    let shown = LinkReq {
        kind: None,
        ..r.clone()
    };
    // Parse-time lookups of iproute2 first: netns, master.
    let ns = match &r.netns {
        Some(n) => target_ns(ip, n)?,
        None => ip.ns,
    };
    let master = match &r.master {
        Some(Some(m)) => Some(master_of(ip, m)?),
        _ => None,
    };
    let (mut peer, mut peer_ns) = (None, None);
    if let Some(LinkType::Veth { peer: Some(p) }) = &r.kind {
        if let Some(n) = &p.netns {
            peer_ns = Some(target_ns(ip, n)?);
        }
        peer = p.name.clone();
    }
    let kind = r.kind.as_ref();
    // Without a name the kernel picks `KIND%d` (bridge0, dummy0, veth0).
    let prefix = match kind {
        Some(LinkType::Veth { .. }) => "veth",
        Some(LinkType::Bridge(_)) => "bridge",
        Some(LinkType::Dummy) => "dummy",
        _ => "",
    };
    let w = &*ip.ctx.world;
    // An unnamed veth with an unnamed peer: the peer registers first and
    // takes the first free number.
    if r.name.is_none() && peer.is_none() && prefix == "veth" {
        peer = Some(next_free_name(w, ip.ns, "veth", None));
    }
    let name = match r.name {
        Some(n) => n,
        None if prefix == "veth" => next_free_name(w, ns, prefix, peer.as_deref()),
        None if !prefix.is_empty() => next_free_name(w, ns, prefix, None),
        None => return Err(fail(2, LinkError::UnknownType)),
    };
    let new = match kind {
        Some(LinkType::Veth { .. }) => NewLink::Veth {
            peer: peer.unwrap_or_else(|| next_free_name(w, ip.ns, "veth", Some(&name))),
            peer_ns: peer_ns.or(Some(ip.ns)),
        },
        Some(LinkType::Bridge(_)) => NewLink::Bridge,
        Some(LinkType::Dummy) => NewLink::Dummy,
        _ => return Err(fail(2, LinkError::UnknownType)),
    };
    let veth = matches!(r.kind, Some(LinkType::Veth { .. }));
    let bridge_conf = match &r.kind {
        Some(LinkType::Bridge(c)) => Some(*c),
        _ => None,
    };
    // veth_validate answers a bad MTU with a bare EINVAL; other kinds
    // through rtnl_create_link's extack messages.
    let mtu_of = |m: i32| {
        check_mtu(m, false).map_err(|e| {
            if veth {
                fail(2, "RTNETLINK answers: Invalid argument")
            } else {
                e
            }
        })
    };
    let mtu = r.mtu.map(mtu_of).transpose()?;
    let peer_req = match r.kind {
        Some(LinkType::Veth { peer: Some(p) }) => Some(*p),
        _ => None,
    };
    // A zero or multicast address is refused before the device exists.
    let bad_mac = |m: &Option<crate::sim::link::Mac>| m.is_some_and(|m| !m.is_valid_unicast());
    if bad_mac(&r.mac) || peer_req.as_ref().is_some_and(|p| bad_mac(&p.mac)) {
        return Err(link_err(LinkError::BadAddress));
    }
    if let Some(p) = &peer_req {
        // veth_newlink registers the peer before its pair: it cannot come up.
        if p.up == Some(true) {
            return Err(fail(
                2,
                "RTNETLINK answers: Transport endpoint is not connected",
            ));
        }
    }
    let peer_mtu = peer_req.as_ref().and_then(|p| p.mtu);
    let peer_mtu = peer_mtu.map(mtu_of).transpose()?;
    let id = ip.w().link_add(ns, &name, new).map_err(link_err)?;
    // br_dev_newlink: settings the kernel refuses undo the new bridge.
    if let Some(c) = &bridge_conf {
        if let Err(e) = ip.w().bridge_configure(id, c) {
            let _ = ip.w().link_del(ns, &name);
            return Err(conf_err(e));
        }
    }
    create_attrs(ip.w(), id, mtu, &shown);
    if let (Some(p), LinkKind::Veth { peer }) = (&peer_req, &ip.ctx.world.link(id).kind) {
        let peer = *peer;
        create_attrs(ip.w(), peer, peer_mtu, p);
    }
    if let Some(u) = r.up {
        ip.w().link_set_up(id, u);
    }
    // rtnl_newlink_create: a master that refuses the device undoes it.
    if let Some(b) = master {
        if let Err(e) = ip.w().link_set_master(id, b) {
            let _ = ip.w().link_del(ns, &name);
            return Err(link_err(e));
        }
    }
    Ok(CmdOutput::default())
}

/// What `ip link add` sets on a new device (or a veth's peer) once made.
fn create_attrs(w: &mut World, id: LinkId, mtu: Option<u32>, r: &LinkReq) {
    if let Some(m) = mtu {
        let _ = w.link_set_mtu(id, m);
    }
    if let Some(m) = r.mac {
        let _ = w.link_set_mac(id, m);
    }
    // The kernel's rtnl_create_link takes no IFLA_IFALIAS: an alias given
    // to `ip link add` is dropped, as on Linux.
    set_shown(
        w,
        id,
        &LinkReq {
            alias: None,
            ..r.clone()
        },
    );
}

/// What only `ip link show` prints: alias, group, queue length, flags.
fn set_shown(w: &mut World, id: LinkId, r: &LinkReq) {
    let sh = w.link_shown_mut(id);
    if let Some(a) = &r.alias {
        sh.alias = (!a.is_empty()).then(|| a.as_str().into());
    }
    sh.group = r.group.unwrap_or(sh.group);
    sh.txqlen = r.txqlen.unwrap_or(sh.txqlen);
    sh.promisc = r.promisc.unwrap_or(sh.promisc);
    sh.allmulti = r.allmulti.unwrap_or(sh.allmulti);
    sh.dynamic = r.dynamic.unwrap_or(sh.dynamic);
    sh.multicast = r.multicast.or(sh.multicast);
}

fn del(ip: &mut Ip, r: &LinkReq) -> R {
    let name = r.dev.as_deref().unwrap_or_default();
    let ns = ip.ns;
    ip.w().link_del(ns, name).map_err(link_err)?;
    Ok(CmdOutput::default())
}

fn set(ip: &mut Ip, r: LinkReq) -> R {
    let to_ns = r.netns.as_deref().map(|n| target_ns(ip, n)).transpose()?;
    let master_id = match &r.master {
        Some(Some(m)) => Some(master_of(ip, m)?),
        _ => None,
    };
    let id = ip.dev(r.dev.as_deref().unwrap_or_default())?;
    let w = &*ip.ctx.world;
    let port = match &r.kind {
        Some(LinkType::BridgeSlave(f)) => Some(*f),
        _ => None,
    };
    let bridge = match &r.kind {
        Some(LinkType::Bridge(c)) if !c.is_empty() => Some(*c),
        _ => None,
    };
    // IFLA_INFO_DATA for a kind the device is not.
    if bridge.is_some() && !matches!(w.link(id).kind, LinkKind::Bridge { .. }) {
        return Err(fail(2, "RTNETLINK answers: Operation not supported"));
    }
    // Validate everything first: a failing `ip link set` changes nothing.
    if let Some(b) = master_id {
        w.check_master(id, b).map_err(link_err)?;
    }
    let loopback = w.link(id).kind == LinkKind::Loopback;
    let mtu = r.mtu.map(|m| check_mtu(m, loopback)).transpose()?;
    // The same address is a no-op; another must be a valid unicast one.
    if r.mac
        .is_some_and(|m| m != w.link(id).mac && !m.is_valid_unicast())
    {
        return Err(link_err(LinkError::BadAddress));
    }
    let final_name = r
        .name
        .clone()
        .unwrap_or_else(|| w.link(id).name.to_string());
    if let Some(to) = to_ns {
        if to != ip.ns {
            if loopback {
                return Err(link_err(LinkError::NetnsImmutable));
            }
            if w.link_by_name(to, &final_name).is_ok() {
                return Err(fail(2, "RTNETLINK answers: File exists"));
            }
        }
    }
    if let Some(n) = &r.name {
        if w.link(id).name != *n && w.link_by_name(ip.ns, n).is_ok() {
            return Err(fail(2, "RTNETLINK answers: File exists"));
        }
    }
    if port.is_some() && w.link(id).master.is_none() {
        return Err(fail(2, "RTNETLINK answers: Operation not supported"));
    }
    // Apply: the kind's changelink first, then do_setlink's order.
    let world = ip.w();
    if let Some(c) = &bridge {
        world.bridge_configure(id, c).map_err(conf_err)?;
    }
    if let Some(f) = port {
        world
            .port_set(id, f.learning, f.hairpin)
            .map_err(link_err)?;
    }
    if let Some(n) = &r.name {
        world.link_rename(id, n).map_err(link_err)?;
    }
    if let Some(to) = to_ns {
        world.link_set_netns(id, to).map_err(link_err)?;
    }
    if let Some(m) = mtu {
        world.link_set_mtu(id, m).map_err(link_err)?;
    }
    if let Some(m) = r.mac {
        world.link_set_mac(id, m).map_err(link_err)?;
    }
    match (&r.master, master_id) {
        (Some(Some(_)), Some(b)) => world.link_set_master(id, b).map_err(link_err)?,
        (Some(None), _) => world.link_set_nomaster(id),
        _ => {}
    }
    set_shown(world, id, &r);
    if let Some(u) = r.up {
        world.link_set_up(id, u);
    }
    Ok(CmdOutput::default())
}

/// `ip -0 addr` / `ip -f link addr`: the links alone, as `ip addr` draws
/// them without their addresses.
pub(crate) fn packet_only(ip: &Ip) -> bool {
    ip.opts.family == Family::Packet
}
