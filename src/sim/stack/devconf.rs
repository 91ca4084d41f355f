//! `net.ipv4.conf.{all,default,DEV}.*`: each device's IPv4 settings
//! (ip-sysctl.rst, "conf/interface/*"). A new device copies `default`'s
//! values; writing `all` changes only `all` (the kernel reads the larger
//! of `all` and the device where it combines them, as for rp_filter);
//! a device moved to another namespace starts again from that
//! namespace's `default`. `forwarding` is the exception: writing
//! `ip_forward` or `conf.all.forwarding` sets every device's (see
//! `sysctl.rs`).

use super::link::{LinkId, LinkKind, NsId};
use super::netns::NetnsError;
use super::world::World;
use std::borrow::Cow;

/// Every per-device key and its kernel default (as a fresh namespace
/// shows it), sorted as `sysctl -a` lists them.
pub const CONF_KEYS: &[(&str, i32)] = &[
    ("accept_local", 0),
    ("accept_redirects", 1),
    ("accept_source_route", 1),
    ("arp_accept", 0),
    ("arp_announce", 0),
    ("arp_evict_nocarrier", 1),
    ("arp_filter", 0),
    ("arp_ignore", 0),
    ("arp_notify", 0),
    ("bc_forwarding", 0),
    ("bootp_relay", 0),
    ("disable_policy", 0),
    ("disable_xfrm", 0),
    ("drop_gratuitous_arp", 0),
    ("drop_unicast_in_l2_multicast", 0),
    ("force_igmp_version", 0),
    ("forwarding", 0),
    ("igmpv2_unsolicited_report_interval", 10000),
    ("igmpv3_unsolicited_report_interval", 1000),
    ("ignore_routes_with_linkdown", 0),
    ("log_martians", 0),
    ("mc_forwarding", 0),
    ("medium_id", 0),
    ("promote_secondaries", 0),
    ("proxy_arp", 0),
    ("proxy_arp_pvlan", 0),
    ("route_localnet", 0),
    ("rp_filter", 0),
    ("secure_redirects", 1),
    ("send_redirects", 1),
    ("shared_media", 1),
    ("src_valid_mark", 0),
    ("tag", 0),
];

/// Whose settings a `net.ipv4.conf.X.KEY` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfOf {
    /// `conf.all`.
    All,
    /// `conf.default`: what a new device starts with.
    Default,
    /// One device of the namespace.
    Dev(LinkId),
}

/// Keys a device copies from `default` only when it is created (the
/// kernel's "flushing" entries and forwarding); the others follow
/// `default` until written on the device itself.
const COPIED_AT_CREATION: &[&str] = &[
    "disable_policy",
    "disable_xfrm",
    "drop_unicast_in_l2_multicast",
    "forwarding",
    "promote_secondaries",
    "route_localnet",
];

/// The table's entry for `key`.
fn known(key: &str) -> Option<&'static str> {
    CONF_KEYS.iter().find(|(k, _)| *k == key).map(|(k, _)| *k)
}

impl World {
    /// Splits `net.ipv4.conf.X.KEY` into whose and which key, when X is
    /// `all`, `default` or a device of `ns` and KEY is a conf key.
    pub fn conf_key(&self, ns: NsId, key: &str) -> Option<(ConfOf, &'static str)> {
        let rest = key.strip_prefix("net.ipv4.conf.")?;
        let (who, name) = rest.rsplit_once('.')?;
        let name = known(name)?;
        let of = match who {
            "all" => ConfOf::All,
            "default" => ConfOf::Default,
            dev => ConfOf::Dev(self.link_by_name(ns, dev).ok()?),
        };
        Some((of, name))
    }

    /// The value before anything was written: the table's, but `all`
    /// refuses source routes and loopback skips IPsec policy.
    fn conf_base(&self, ns: NsId, of: ConfOf, key: &'static str) -> Cow<'_, str> {
        let table = CONF_KEYS.iter().find(|(k, _)| *k == key).map_or(0, |e| e.1);
        let v = match (of, key) {
            (ConfOf::All, "accept_source_route") => 0,
            (ConfOf::Dev(d), "disable_policy" | "disable_xfrm")
                if self.link(d).kind == LinkKind::Loopback =>
            {
                1
            }
            // A device that was never set follows ip_forward's writes.
            (ConfOf::Dev(_), "forwarding") => {
                return Cow::Borrowed(self.ns(ns).sysctl("net.ipv4.ip_forward").unwrap_or("0"))
            }
            (ConfOf::Dev(d), k) if !COPIED_AT_CREATION.contains(&k) && !self.link(d).conf_own => {
                return self.conf_str(ns, ConfOf::Default, key)
            }
            _ => table,
        };
        Cow::Owned(v.to_string())
    }

    /// A conf value of `ns`, borrowed where it is stored (this runs for
    /// every packet that arrives: rp_filter, accept_local).
    fn conf_str(&self, ns: NsId, of: ConfOf, key: &'static str) -> Cow<'_, str> {
        let set = match of {
            ConfOf::Dev(d) => self
                .link(d)
                .conf_list()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.as_str()),
            ConfOf::All | ConfOf::Default => {
                let who = if of == ConfOf::All {
                    "all."
                } else {
                    "default."
                };
                let stored = self.ns(ns).sysctl.iter().find(|(k, _)| {
                    k.strip_prefix("net.ipv4.conf.")
                        .and_then(|r| r.strip_prefix(who))
                        .is_some_and(|r| r == key)
                });
                match stored {
                    Some((_, v)) => Some(v.as_str()),
                    // all/default forwarding live in the namespace's table.
                    None if key == "forwarding" => {
                        let full = format!("net.ipv4.conf.{}forwarding", who);
                        return Cow::Owned(self.ns(ns).sysctl(&full).unwrap_or("0").to_string());
                    }
                    None => None,
                }
            }
        };
        set.map_or_else(|| self.conf_base(ns, of, key), Cow::Borrowed)
    }

    /// A conf value of `ns`.
    pub fn conf_get(&self, ns: NsId, of: ConfOf, key: &'static str) -> String {
        self.conf_str(ns, of, key).into_owned()
    }

    /// A conf value as the kernel reads a number (odd text: 0).
    pub(crate) fn conf_num(&self, ns: NsId, of: ConfOf, key: &'static str) -> i32 {
        self.conf_str(ns, of, key).parse().unwrap_or(0)
    }

    /// Writes a conf value: an int (the first of several words counts,
    /// as proc_dointvec reads it); anything else is `Invalid argument`.
    pub fn conf_set(
        &mut self,
        ns: NsId,
        of: ConfOf,
        key: &'static str,
        value: &str,
    ) -> Result<(), NetnsError> {
        let full = || format!("net.ipv4.conf.{}.{key}", self.conf_who(of));
        if key == "mc_forwarding" {
            // Read-only: only the multicast routing daemon's socket sets it.
            return Err(NetnsError::ReadOnly(full()));
        }
        let v = match value.split_whitespace().next().map(str::parse::<i32>) {
            Some(Ok(v)) => v.to_string(),
            _ => return Err(NetnsError::BadSysctlValue(full())),
        };
        match of {
            ConfOf::Dev(d) => {
                let conf = self.link_mut(d).conf.get_or_insert_with(Default::default);
                // Written once, a device's key no longer follows `default`.
                conf.retain(|(k, _)| *k != key);
                conf.push((key, v));
            }
            ConfOf::All | ConfOf::Default => {
                let k = full();
                let base = self.conf_base(ns, of, key).into_owned();
                let n = self.ns_mut(ns);
                n.sysctl.retain(|(x, _)| *x != k);
                // A write to `default` is remembered even when it changes
                // nothing: devices created later copy it as set.
                if v != base || of == ConfOf::Default {
                    n.sysctl.push((k, v));
                }
            }
        }
        Ok(())
    }

    /// A new device (or one moved in) starts from its namespace's
    /// `default`: the keys it does not follow (copied at creation, or
    /// written on `default` before, which the kernel copies as set) are
    /// stored on it; the rest follow `default`.
    pub(crate) fn conf_from_default(&mut self, dev: LinkId) {
        let ns = self.link(dev).netns;
        let lo = self.link(dev).kind == LinkKind::Loopback;
        let written = |k: &str| {
            let full = format!("net.ipv4.conf.default.{k}");
            self.ns(ns).sysctl.iter().any(|(x, _)| *x == full)
        };
        let conf: Vec<(&'static str, String)> = CONF_KEYS
            .iter()
            .map(|(k, _)| *k)
            // Loopback's IPsec exemptions are its own, not inherited.
            .filter(|k| !lo || !matches!(*k, "disable_policy" | "disable_xfrm"))
            .filter(|k| COPIED_AT_CREATION.contains(k) || written(k))
            .filter_map(|k| {
                let v = self.conf_get(ns, ConfOf::Default, k);
                (v != self.conf_base(ns, ConfOf::Dev(dev), k) || written(k)).then_some((k, v))
            })
            .collect();
        self.link_mut(dev).conf = (!conf.is_empty()).then(|| Box::new(conf));
    }

    /// Every key of `dev` stops following `default`, keeping its value.
    pub(crate) fn conf_own(&mut self, dev: LinkId) {
        let ns = self.link(dev).netns;
        let now: Vec<(&'static str, String)> = CONF_KEYS
            .iter()
            .map(|(k, _)| (*k, self.conf_get(ns, ConfOf::Dev(dev), k)))
            .collect();
        self.link_mut(dev).conf_own = true;
        for (k, v) in now {
            if v != self.conf_base(ns, ConfOf::Dev(dev), k) {
                let conf = self.link_mut(dev).conf.get_or_insert_with(Default::default);
                conf.retain(|(x, _)| *x != k);
                conf.push((k, v));
            }
        }
    }

    /// Every `net.ipv4.conf.*` key of `ns`, in `sysctl -a`'s order
    /// (`all`, `default` and the device names sorted together).
    pub fn conf_keys(&self, ns: NsId) -> Vec<String> {
        let mut who: Vec<String> = vec!["all".into(), "default".into()];
        who.extend(self.links_of(ns).map(|(_, l)| l.name.to_string()));
        who.sort();
        who.iter()
            .flat_map(|w| {
                CONF_KEYS
                    .iter()
                    .map(move |(k, _)| format!("net.ipv4.conf.{w}.{k}"))
            })
            .collect()
    }

    /// The X of `net.ipv4.conf.X`.
    fn conf_who(&self, of: ConfOf) -> String {
        match of {
            ConfOf::All => "all".into(),
            ConfOf::Default => "default".into(),
            ConfOf::Dev(d) => self.link(d).name.to_string(),
        }
    }
}
