//! What `ip -d link` adds, as one list of facts per device: the text
//! (`promiscuity 0 ... bridge forward_delay 1500 ...`) and the `-j`
//! record (`"promiscuity":0,...,"linkinfo":{...}`) are both drawn from
//! it. iproute2 names some facts differently in the two forms
//! (`designated_root` / `root_id`) and prints a few in one form only.

use crate::sim::link::LinkKind;
use crate::sim::{LinkId, World};

/// One fact's value, and how each form prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A number (`%u` / JSON number).
    Num(u64),
    /// A string, quoted in JSON.
    Str(String),
    /// A timer in seconds (`%7.2f` / `%.2f`, unquoted).
    Timer(f64),
    /// `on`/`off` / JSON `true`/`false`.
    OnOff(bool),
}

impl Val {
    /// The value as the text form prints it.
    pub fn text(&self) -> String {
        match self {
            Val::Num(n) => n.to_string(),
            Val::Str(s) => s.clone(),
            Val::Timer(t) => format!("{t:7.2}"),
            Val::OnOff(b) => if *b { "on" } else { "off" }.to_string(),
        }
    }
}

/// One fact: its text name, its JSON key (none: text only), its value.
pub type Fact = (&'static str, Option<&'static str>, Val);

/// A fact both forms name alike.
fn same(k: &'static str, v: Val) -> Fact {
    (k, Some(k), v)
}

/// The `-d` facts of a device, in iproute2's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// promiscuity, allmulti, min_mtu, max_mtu.
    pub head: Vec<Fact>,
    /// The kind (`veth`, `bridge`, `dummy`), none for loopback.
    pub kind: Option<&'static str>,
    /// The kind's own facts (a bridge's).
    pub kind_data: Vec<Fact>,
    /// A bridge port's facts.
    pub slave: Option<Vec<Fact>>,
    /// Queues and offload sizes (after `addrgenmode` in `ip link`).
    pub tail: Vec<Fact>,
}

/// A MAC the way iproute2 prints bridge ids (`%x` per octet, no padding).
fn bridge_id_mac(m: crate::sim::Mac) -> String {
    m.0.iter()
        .map(|b| format!("{b:x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// C's `%#x`: `0` for zero, `0x..` otherwise.
fn hex_alt(n: u64) -> String {
    if n == 0 {
        "0".into()
    } else {
        format!("{n:#x}")
    }
}

/// A bridge port's STP state, as `bridge link` and `ip -d link` name it.
pub(crate) fn port_state(w: &World, port: LinkId) -> &'static str {
    if w.port_forwarding(port) {
        "forwarding"
    } else {
        "disabled"
    }
}

/// The `-d` facts of device `id`.
pub fn details(w: &World, id: LinkId) -> Details {
    use Val::{Num, OnOff, Str, Timer};
    let l = w.link(id);
    let port = u64::from(l.master.is_some());
    let max_mtu = if l.kind == LinkKind::Loopback {
        0
    } else {
        65535
    };
    // The counts: the bridge's hold on a port plus the user's flag.
    let head = vec![
        same("promiscuity", Num(port + u64::from(l.shown.promisc))),
        same("allmulti", Num(port + u64::from(l.shown.allmulti))),
        (
            "minmtu",
            Some("min_mtu"),
            Num(if max_mtu == 0 { 0 } else { 68 }),
        ),
        ("maxmtu", Some("max_mtu"), Num(max_mtu)),
    ];
    let kind = match l.kind {
        LinkKind::Veth { .. } => Some("veth"),
        LinkKind::Dummy => Some("dummy"),
        LinkKind::Bridge { .. } => Some("bridge"),
        _ => None,
    };
    let mut kind_data = Vec::new();
    if let LinkKind::Bridge { ports, conf, .. } = &l.kind {
        // br_stp_recalculate_bridge_id: the lowest port MAC, none (zero)
        // without ports, unless an address was set.
        let mac = if *ports > 0 || l.mac_fixed {
            l.mac
        } else {
            crate::sim::Mac::ZERO
        };
        let id = format!("{}.{}", conf.id_prefix(), bridge_id_mac(mac));
        let nums = [
            ("forward_delay", conf.forward_delay.into()),
            ("hello_time", conf.hello_time.into()),
            ("max_age", conf.max_age.into()),
            ("ageing_time", conf.ageing_time.into()),
            ("stp_state", 0),
            ("priority", conf.priority.into()),
            ("vlan_filtering", 0),
        ];
        kind_data.extend(nums.into_iter().map(|(k, n)| same(k, Num(n))));
        kind_data.push(same("bridge_id", Str(id.clone())));
        kind_data.push(("designated_root", Some("root_id"), Str(id)));
        for k in [
            "root_port",
            "root_path_cost",
            "topology_change",
            "topology_change_detected",
        ] {
            kind_data.push(same(k, Num(0)));
        }
        for k in [
            "hello_timer",
            "tcn_timer",
            "topology_change_timer",
            "gc_timer",
        ] {
            kind_data.push(same(k, Timer(0.0)));
        }
        kind_data.push(same(
            "group_fwd_mask",
            Str(hex_alt(conf.group_fwd_mask.into())),
        ));
        kind_data.push((
            "group_address",
            Some("group_addr"),
            Str("01:80:c2:00:00:00".into()),
        ));
        let mcast: &[(&str, Option<&str>, u64)] = &[
            ("mcast_snooping", None, u64::from(conf.mcast_snooping)),
            ("no_linklocal_learn", None, 0),
            ("mcast_vlan_snooping", None, 0),
            ("mcast_router", None, 1),
            ("mcast_query_use_ifaddr", None, 0),
            ("mcast_querier", None, 0),
            ("mcast_hash_elasticity", None, 16),
            ("mcast_hash_max", None, 4096),
            ("mcast_last_member_count", Some("mcast_last_member_cnt"), 2),
            (
                "mcast_startup_query_count",
                Some("mcast_startup_query_cnt"),
                2,
            ),
            (
                "mcast_last_member_interval",
                Some("mcast_last_member_intvl"),
                100,
            ),
            (
                "mcast_membership_interval",
                Some("mcast_membership_intvl"),
                26000,
            ),
            ("mcast_querier_interval", Some("mcast_querier_intvl"), 25500),
            ("mcast_query_interval", Some("mcast_query_intvl"), 12500),
            (
                "mcast_query_response_interval",
                Some("mcast_query_response_intvl"),
                1000,
            ),
            (
                "mcast_startup_query_interval",
                Some("mcast_startup_query_intvl"),
                3124,
            ),
            ("mcast_stats_enabled", None, 0),
            ("mcast_igmp_version", None, 2),
            ("mcast_mld_version", None, 1),
            ("nf_call_iptables", None, 0),
            ("nf_call_ip6tables", None, 0),
            ("nf_call_arptables", None, 0),
        ];
        kind_data.extend(mcast.iter().map(|&(k, j, n)| (k, j.or(Some(k)), Num(n))));
    }
    let slave = l.master.map(|br| {
        let port_no = w.bridge_ports(br).position(|p| p == id).unwrap_or(0) as u64 + 1;
        let prio = w.bridge_conf(br).id_prefix();
        let bid = format!("{prio}.{}", bridge_id_mac(w.link(br).mac));
        let off = |k| same(k, OnOff(false));
        vec![
            same("state", Str(port_state(w, id).into())),
            same("priority", Num(32)),
            same("cost", Num(2)),
            same("hairpin", OnOff(l.hairpin)),
            off("guard"),
            off("root_block"),
            off("fastleave"),
            same("learning", OnOff(l.learning)),
            same("flood", OnOff(true)),
            (
                "port_id",
                Some("id"),
                Str(format!("{:#x}", 0x8000 + port_no)),
            ),
            ("port_no", Some("no"), Str(format!("{port_no:#x}"))),
            same("designated_port", Num(0x8000 + port_no)),
            same("designated_cost", Num(0)),
            ("designated_bridge", Some("bridge_id"), Str(bid.clone())),
            ("designated_root", Some("root_id"), Str(bid)),
            same("hold_timer", Timer(0.0)),
            same("message_age_timer", Timer(0.0)),
            same("forward_delay_timer", Timer(0.0)),
            same("topology_change_ack", Num(0)),
            same("config_pending", Num(0)),
            off("proxy_arp"),
            off("proxy_arp_wifi"),
            ("mcast_router", Some("multicast_router"), Num(1)),
            // The JSON has `fastleave` already.
            ("mcast_fast_leave", None, OnOff(false)),
            same("mcast_flood", OnOff(true)),
            same("bcast_flood", OnOff(true)),
            off("mcast_to_unicast"),
            off("neigh_suppress"),
            same("group_fwd_mask", Str("0".into())),
            same("group_fwd_mask_str", Str("0x0".into())),
            off("vlan_tunnel"),
            off("isolated"),
            off("locked"),
        ]
    });
    let queues = if matches!(l.kind, LinkKind::Veth { .. }) {
        2
    } else {
        1
    };
    // A bridge starts with the legacy TSO limit and takes its first
    // port's (and keeps it when the port leaves).
    let tso = match l.kind {
        LinkKind::Bridge {
            had_port: false, ..
        } => 65536,
        _ => 524280,
    };
    let tail = vec![
        ("numtxqueues", Some("num_tx_queues"), Num(queues)),
        ("numrxqueues", Some("num_rx_queues"), Num(queues)),
        same("gso_max_size", Num(65536)),
        same("gso_max_segs", Num(65535)),
        same("tso_max_size", Num(tso)),
        same("tso_max_segs", Num(65535)),
        same("gro_max_size", Num(65536)),
    ];
    Details {
        head,
        kind,
        kind_data,
        slave,
        tail,
    }
}

/// `k v k v ` as the text prints a list of facts.
pub fn facts_text(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|(k, _, v)| format!("{k} {} ", v.text()))
        .collect()
}

impl Details {
    /// What `-d` adds after the link line: the head facts, then a line
    /// per kind (the kind's, the port's) with the tail on the last one.
    /// `ip link` also shows `addrgenmode`, `ip addr` does not.
    pub fn text(&self, with_addrgen: bool) -> String {
        let mut s = format!(" {}", facts_text(&self.head));
        // iproute2 prints two spaces after promiscuity's value.
        s = s.replacen(" allmulti", "  allmulti", 1);
        let mut lines: Vec<String> = Vec::new();
        if let Some(k) = self.kind {
            lines.push(format!("{k} {}", facts_text(&self.kind_data)));
        }
        if let Some(sl) = &self.slave {
            lines.push(format!("bridge_slave {}", facts_text(sl)));
        }
        let tail = format!(
            "{}{}",
            if with_addrgen {
                "addrgenmode eui64 "
            } else {
                ""
            },
            facts_text(&self.tail)
        );
        match lines.last_mut() {
            Some(last) => *last += &tail,
            None => s += &tail,
        }
        for k in lines {
            s += "\n    ";
            s += &k;
        }
        s
    }
}
