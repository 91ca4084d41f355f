//! Layer 2 tables: `ip neigh` (the ARP cache), `bridge fdb` and
//! `bridge link`.

use super::show::ifname_at;
use crate::display::bundle::MimeBundle;
use crate::display::html;
use crate::sim::l2::{Neigh, NeighState};
use crate::sim::link::{LinkKind, Mac};
use crate::sim::stack::neigh::NeighCacheinfo;
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use std::fmt::Write as _;

/// The selectors of `ip neigh show|flush` (ipneigh.c's filter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NeighSelect {
    /// `dev DEV`.
    pub dev: Option<LinkId>,
    /// `to PREFIX` (an address: a /32).
    pub ip: Option<Ipv4Net>,
    /// The NUD_* bits kept ([`NUD_NONE_SELECTED`]: entries with none);
    /// [`NeighSelect::SHOW`] and [`NeighSelect::FLUSH`] without `nud`.
    pub nud: u32,
    /// `protocol P`.
    pub proto: Option<u8>,
    /// `nomaster`: not on a device with a master.
    pub nomaster: bool,
}

/// ipneigh.c's 0x100: `nud none` keeps the entries with no state.
pub const NUD_NONE_SELECTED: u32 = 0x100;

impl NeighSelect {
    /// What `show` keeps without `nud`: every state but NOARP.
    pub const SHOW: u32 = 0xff & !0x40;
    /// What `flush` takes without `nud`: neither PERMANENT nor NOARP.
    pub const FLUSH: u32 = !(0x80 | 0x40);

    /// Whether entry `e` is chosen (print_neigh's filter); an
    /// `extern_learn` entry passes any `nud`.
    pub fn keeps(&self, w: &World, e: &Neigh) -> bool {
        let bit = e.state_at(w.now_us).bit();
        let nud_ok = self.nud & bit != 0
            || e.marks.extern_learn
            || (bit == 0 && self.nud & NUD_NONE_SELECTED != 0);
        nud_ok
            && self.dev.is_none_or(|d| d == e.dev)
            && self.ip.is_none_or(|a| a.contains(&e.ip))
            && self.proto.is_none_or(|p| p == e.marks.proto)
            && !(self.nomaster && w.link(e.dev).master.is_some())
    }
}

/// What `ip neigh show` prints of one entry: the text line and the `-j`
/// record are both drawn from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighFields {
    /// The neighbour's address.
    pub dst: Ipv4Addr,
    /// The device.
    pub dev: String,
    /// A selector did not name the device, so it is printed.
    pub dev_shown: bool,
    /// The MAC, unless the entry has none to show.
    pub lladdr: Option<Mac>,
    /// NTF_ROUTER.
    pub router: bool,
    /// NTF_EXT_LEARNED.
    pub extern_learn: bool,
    /// The NUD state now.
    pub state: NeighState,
    /// The protocol that installed it, unless none.
    pub proto: Option<String>,
    /// `-s`: the ages and counters.
    pub stats: NeighCacheinfo,
}

/// The entries `ip neigh show` lists with these selectors, as fields.
pub fn neigh_fields(w: &World, ns: NsId, sel: &NeighSelect) -> Vec<NeighFields> {
    (w.neighbours(ns).iter())
        .filter(|e| sel.keeps(w, e))
        .map(|e| {
            let state = e.state_at(w.now_us);
            NeighFields {
                dst: e.ip,
                dev: w.link(e.dev).name.to_string(),
                dev_shown: sel.dev.is_none(),
                lladdr: e.mac.filter(|_| state.valid()),
                router: e.marks.router,
                extern_learn: e.marks.extern_learn,
                state,
                proto: (e.marks.proto != 0)
                    .then(|| crate::sim::stack::rt_protos::name(e.marks.proto)),
                stats: e.cacheinfo_at(w.now_us),
            }
        })
        .collect()
}

/// One entry as print_neigh writes it; `stats`: `-s` (print_cacheinfo,
/// whose fields lead with a space after the others' trailing one).
fn neigh_line(f: &NeighFields, stats: bool) -> String {
    let mut s = format!("{} ", f.dst);
    if f.dev_shown {
        let _ = write!(s, "dev {} ", f.dev);
    }
    if let Some(m) = f.lladdr {
        let _ = write!(s, "lladdr {m} ");
    }
    if f.router {
        s += "router ";
    }
    if f.extern_learn {
        s += "extern_learn ";
    }
    if stats {
        let c = &f.stats;
        if c.refcnt != 0 {
            let _ = write!(s, " ref {}", c.refcnt);
        }
        let _ = write!(
            s,
            " used {}/{}/{}probes {} ",
            c.used, c.confirmed, c.updated, c.probes
        );
    }
    if f.state != NeighState::None {
        let _ = write!(s, "{} ", f.state);
    }
    if let Some(p) = &f.proto {
        let _ = write!(s, "proto {p} ");
    }
    s.push('\n');
    s
}

/// `ip neigh show [to ADDR] [dev DEV] [nud STATE] ...`: the entries the
/// selectors keep, in the text and the table alike (a named device is
/// not printed).
pub fn ip_neigh(w: &World, ns: NsId, sel: &NeighSelect, stats: bool) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for f in neigh_fields(w, ns, sel) {
        text += &neigh_line(&f, stats);
        let state = match f.state {
            NeighState::None => String::new(),
            s => s.to_string(),
        };
        rows.push(vec![
            f.dst.to_string(),
            f.dev.clone(),
            f.lladdr.map(|m| m.to_string()).unwrap_or_default(),
            state,
        ]);
    }
    let table = html::table(&["IP address", "dev", "MAC (lladdr)", "state"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// `ip neigh show proxy`: `text` as ip printed it, and a table of the
/// proxy entries (address, device or none) saying what each one does.
pub fn ip_neigh_proxy(text: String, entries: &[(Ipv4Addr, Option<String>)]) -> MimeBundle {
    let does = crate::display::i18n::t(
        "ARP requests for it get this host's MAC, when it routes the address out of another device",
    );
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|(ip, dev)| {
            let dev = dev
                .clone()
                .unwrap_or_else(|| crate::display::i18n::t("any device").into());
            vec![ip.to_string(), dev, does.to_string()]
        })
        .collect();
    let table = html::table(&["IP address", "dev", "proxy"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// `bridge fdb show`: learnt and permanent entries plus each interface's
/// multicast addresses, as the kernel lists them.
pub fn bridge_fdb(w: &World, ns: NsId) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for (id, l) in w.links_of(ns) {
        if l.kind == LinkKind::Loopback {
            continue;
        }
        let ll = l.mac.0;
        let sol = format!("33:33:ff:{:02x}:{:02x}:{:02x}", ll[3], ll[4], ll[5]);
        if let Some(br) = l.master {
            let bname = &w.link(br).name;
            // One entry on the bridge: its line (state after the bridge) and its row.
            let mut entry = |mac: &Mac, state: &str, kind: &'static str| {
                let _ = writeln!(text, "{mac} dev {} master {bname} {state}", l.name);
                rows.push(vec![
                    mac.to_string(),
                    l.name.to_string(),
                    bname.to_string(),
                    crate::display::i18n::t(kind).into(),
                ]);
            };
            for e in w.fdb_live(br).filter(|e| e.port == id) {
                entry(&e.mac, "", "learnt");
            }
            entry(&l.mac, "permanent", "permanent (own)");
        }
        // A down device still holds the all-nodes group.
        let mut mc: Vec<String> = vec!["33:33:00:00:00:01".into()];
        if !l.admin_up {
            let _ = writeln!(text, "{} dev {} self permanent", mc[0], l.name);
            continue;
        }
        if matches!(l.kind, LinkKind::Bridge { .. }) {
            mc.extend(["01:00:5e:00:00:6a".into(), "33:33:00:00:00:6a".into()]);
        }
        mc.push("01:00:5e:00:00:01".into());
        if w.carrier(id) {
            mc.push(sol);
        }
        for m in mc {
            let _ = writeln!(text, "{m} dev {} self permanent", l.name);
        }
    }
    let table = html::table(&["MAC", "port", "bridge", "kind"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// `bridge [-d] link [show dev DEV]`: the bridge ports (or one) and their
/// STP state; `-d` adds the port flags line.
pub fn bridge_link(w: &World, ns: NsId, dev: Option<LinkId>, details: bool) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for (id, l) in w.links_of(ns) {
        if dev.is_some_and(|d| d != id) {
            continue;
        }
        let Some(m) = l.master else { continue };
        let state = super::link::port_state(w, id);
        let _ = writeln!(
            text,
            "{}: {}: <{}> mtu {} master {} state {state} priority 32 cost 2 ",
            l.ifindex,
            ifname_at(w, id),
            w.link_flags(id).join(","),
            l.mtu,
            w.link(m).name
        );
        if details {
            let _ = writeln!(
                text,
                "    hairpin {} guard off root_block off fastleave off learning {} flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off ",
                super::link::on_off(l.hairpin),
                super::link::on_off(l.learning)
            );
        }
        rows.push(vec![
            l.name.to_string(),
            w.link(m).name.to_string(),
            state.to_string(),
        ]);
    }
    let table = html::table(&["port", "bridge", "state"], &rows);
    MimeBundle::plain(text).with_html(table)
}
