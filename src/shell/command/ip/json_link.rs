//! `ip -j link` and `ip -j addr` (with `-br`, `-s`): iproute2's JSON
//! records of the interfaces, from the same facts the text view reads
//! (flags, qdisc, state, the chosen addresses, the peer's namespace).

use super::json::Json;
use crate::display::net::link::{addr_skipped, chosen_addrs, peer_ns, Chosen};
use crate::display::net::link_details::{self, Fact, Val};
use crate::display::net::show::qdisc;
use crate::display::net::ShowOpts;
use crate::sim::link::LinkKind;
use crate::sim::{LinkId, NsId, World};

/// What a listing shows: the links alone (`ip link`), with their
/// addresses (`ip addr`), or as `ip -0 addr` shows them (the `ip addr`
/// record without addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    Link,
    Addr,
    Packet,
}

/// `ip -j [-p] link|addr show` for the given links. `named`: a device
/// was named, so a link its other selectors drop still opens a record
/// that stays empty (iproute2 fetches it alone and filters it while
/// printing: `[{}]`).
pub(crate) fn show(
    w: &World,
    ns: NsId,
    links: &[LinkId],
    o: &ShowOpts,
    what: Listing,
    pretty: bool,
    named: bool,
) -> String {
    let mut j = Json::new(pretty);
    j.open_array();
    if named && links.is_empty() {
        j.open().close();
    }
    for &id in links {
        let chosen = chosen_addrs(w, id, o);
        if what == Listing::Addr && addr_skipped(w, id, o, &chosen) {
            continue;
        }
        if what == Listing::Addr && o.oneline && !o.brief {
            // `-o`: the addresses alone, each naming its device.
            j.open();
            addr_info(&mut j, w, id, &chosen, true);
            j.close();
            continue;
        }
        let l = w.link(id);
        j.open();
        if !o.brief {
            j.raw_at("ifindex", l.ifindex);
        }
        peer(&mut j, w, id);
        j.str_at("ifname", &l.name.to_string());
        let state = w.oper_state(id).to_string();
        if o.brief {
            j.str_at("operstate", &state);
            match what {
                Listing::Link | Listing::Packet => {
                    j.str_at("address", &l.mac.to_string());
                    j.strings_at("flags", &w.link_flags(id));
                }
                Listing::Addr => {
                    j.name("addr_info").open_array();
                    for (a, _) in &chosen.0 {
                        j.open().str_at("local", &a.local.to_string());
                        j.raw_at("prefixlen", a.prefix).close();
                    }
                    if let Some((a, _)) = &chosen.1 {
                        let (ip, len) = a.split_once('/').unwrap_or((a, "64"));
                        j.open()
                            .str_at("local", ip)
                            .raw_at("prefixlen", len)
                            .close();
                    }
                    j.close_array();
                }
            }
            j.close();
            continue;
        }
        j.strings_at("flags", &w.link_flags(id));
        j.raw_at("mtu", l.mtu).str_at("qdisc", qdisc(w, id));
        if let Some(m) = l.master {
            j.str_at("master", &w.link(m).name.to_string());
        }
        j.str_at("operstate", &state);
        if what == Listing::Link {
            j.str_at("linkmode", "DEFAULT");
        }
        match l.shown.group {
            0 => j.str_at("group", "default"),
            g => j.str_at("group", &g.to_string()),
        };
        if l.shown.txqlen != 0 {
            j.raw_at("txqlen", l.shown.txqlen as i32);
        }
        // `ip addr -4|-6` has no link line.
        if what == Listing::Link || o.family == 0 {
            let (kind, brd) = match l.kind {
                LinkKind::Loopback => ("loopback", "00:00:00:00:00:00"),
                _ => ("ether", "ff:ff:ff:ff:ff:ff"),
            };
            j.str_at("link_type", kind)
                .str_at("address", &l.mac.to_string())
                .str_at("broadcast", brd);
        }
        if let Some(p) = peer_ns(w, ns, id) {
            j.raw_at("link_netnsid", p.nsid);
        }
        if o.details {
            details(&mut j, w, id, what == Listing::Link);
        }
        match what {
            Listing::Link => {
                if let Some(a) = &l.shown.alias {
                    j.str_at("ifalias", a.as_ref());
                }
            }
            Listing::Addr => addr_info(&mut j, w, id, &chosen, false),
            Listing::Packet => {}
        }
        if o.stats > 0 {
            stats64(&mut j, w, id, o.stats);
        }
        j.close();
    }
    j.close_array();
    j.finish()
}

/// `"link":"PEER"` for a veth whose peer is here, `"link_index":N` when
/// it is elsewhere.
fn peer(j: &mut Json, w: &World, id: LinkId) {
    let l = w.link(id);
    if let LinkKind::Veth { peer } = l.kind {
        let p = w.link(peer);
        if p.netns == l.netns {
            j.str_at("link", &p.name.to_string());
        } else {
            j.raw_at("link_index", p.ifindex);
        }
    }
}

/// INFINITY_LIFE_TIME: a permanent address's lifetimes.
const FOREVER: u32 = u32::MAX;

/// `addr_info`; with `-o` each address names its device first.
fn addr_info(j: &mut Json, w: &World, id: LinkId, (v4, v6): &Chosen, oneline: bool) {
    let l = w.link(id);
    let name = l.name.to_string();
    let head = |j: &mut Json| {
        j.open();
        if oneline {
            j.raw_at("index", l.ifindex).str_at("dev", &name);
        }
    };
    j.name("addr_info").open_array();
    for (a, secondary) in v4 {
        head(j);
        j.str_at("family", "inet")
            .str_at("local", &a.local.to_string())
            .raw_at("prefixlen", a.prefix);
        if let Some(b) = a.brd {
            j.str_at("broadcast", &b.to_string());
        }
        j.str_at("scope", &a.scope());
        if *secondary {
            j.raw_at("secondary", true);
        }
        if a.is_deprecated(w.now_us) {
            j.raw_at("deprecated", true);
        }
        if a.lft.is_some() {
            j.raw_at("dynamic", true);
        }
        j.str_at("label", &a.label.unwrap_or(l.name).to_string());
        lifetimes(j, a.lifetimes(w.now_us)).close();
    }
    if let Some((a, scope)) = v6 {
        let (ip, len) = a.split_once('/').unwrap_or((a, "64"));
        head(j);
        j.str_at("family", "inet6")
            .str_at("local", ip)
            .raw_at("prefixlen", len)
            .str_at("scope", scope);
        lifetimes(j, (FOREVER, FOREVER)).close();
    }
    j.close_array();
}

fn lifetimes(j: &mut Json, (valid, preferred): (u32, u32)) -> &mut Json {
    j.raw_at("valid_life_time", valid)
        .raw_at("preferred_life_time", preferred)
}

/// `-s`: `stats64`; `-s -s` adds the error breakdowns (all zero here).
fn stats64(j: &mut Json, w: &World, id: LinkId, level: u8) {
    let st = w.link(id).stats;
    let rx = [
        ("bytes", st.rx_bytes),
        ("packets", st.rx_packets),
        ("errors", 0),
        ("dropped", st.rx_dropped),
        ("over_errors", 0),
        ("multicast", 0),
    ];
    let rx_more = [
        ("length_errors", 0),
        ("crc_errors", 0),
        ("frame_errors", 0),
        ("fifo_errors", 0),
        ("missed_errors", 0),
    ];
    let tx = [
        ("bytes", st.tx_bytes),
        ("packets", st.tx_packets),
        ("errors", 0),
        ("dropped", st.tx_dropped),
        ("carrier_errors", 0),
        ("collisions", 0),
    ];
    let tx_more = [
        ("aborted_errors", 0),
        ("fifo_errors", 0),
        ("window_errors", 0),
        ("heartbeat_errors", 0),
        ("carrier_changes", st.carrier_changes),
    ];
    j.name("stats64").open();
    for (dir, base, more) in [("rx", &rx[..], &rx_more[..]), ("tx", &tx, &tx_more)] {
        j.name(dir).open();
        let more = if level > 1 { more } else { &[] };
        for (k, v) in base.iter().chain(more) {
            j.raw_at(k, v);
        }
        j.close();
    }
    j.close();
}

/// `-d`: the facts the text prints after the link line, under their
/// JSON names, the kind's and the port's inside `linkinfo`.
fn details(j: &mut Json, w: &World, id: LinkId, addrgen: bool) {
    let d = link_details::details(w, id);
    facts(j, &d.head);
    if let Some(kind) = d.kind {
        j.name("linkinfo").open().str_at("info_kind", kind);
        if !d.kind_data.is_empty() {
            j.name("info_data").open();
            facts(j, &d.kind_data);
            j.close();
        }
        if let Some(sl) = &d.slave {
            j.str_at("info_slave_kind", "bridge");
            j.name("info_slave_data").open();
            facts(j, sl);
            j.close();
        }
        j.close();
    }
    if addrgen {
        j.str_at("inet6_addr_gen_mode", "eui64");
    }
    facts(j, &d.tail);
}

fn facts(j: &mut Json, facts: &[Fact]) {
    for (_, key, v) in facts {
        let Some(key) = key else { continue };
        match v {
            Val::Num(n) => j.raw_at(key, n),
            Val::Str(s) => j.str_at(key, s),
            Val::Timer(t) => j.raw_at(key, format!("{t:.2}")),
            Val::OnOff(b) => j.raw_at(key, b),
        };
    }
}
