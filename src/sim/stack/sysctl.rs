//! `sysctl` keys of a namespace: `net.ipv4.*`, and `net.bridge.*` when
//! br_netfilter is loaded (see sysctl(8), ip-sysctl.rst).

use super::devconf::ConfOf;
pub use super::link::LinkId;
use super::link::NsId;
use super::netns::{NetnsError, SYSCTLS};
use super::world::World;

impl World {
    // ---- sysctls --------------------------------------------------------------
    /// Every sysctl key of `ns`, in `sysctl -a`'s order (directory by
    /// directory, names sorted): the namespace's own keys, br_netfilter's
    /// when loaded, and `net.ipv4.conf.*` for `all`, `default` and each
    /// device.
    pub fn sysctl_keys(&self, ns: NsId) -> Vec<String> {
        let mut keys: Vec<String> = SYSCTLS
            .iter()
            .map(|d| d.key)
            .filter(|k| !k.starts_with("net.ipv4.conf."))
            .map(str::to_string)
            .collect();
        if self.br_netfilter {
            keys.extend(BRIDGE_NF_SYSCTLS.iter().map(|k| k.to_string()));
        }
        keys.extend(self.conf_keys(ns));
        keys.sort_by(|a, b| a.split('.').cmp(b.split('.')));
        keys
    }

    /// Whether IPv4 arriving on `dev` may be forwarded: the device's own
    /// `net.ipv4.conf.DEV.forwarding`, which writing `ip_forward` (or
    /// `conf.all.forwarding`) sets on every device.
    pub fn forwarding(&self, ns: NsId, dev: LinkId) -> bool {
        self.conf_num(ns, ConfOf::Dev(dev), "forwarding") != 0
    }

    /// A per-device key, except `all`/`default` forwarding (which
    /// ip_forward's switch owns).
    fn devconf_key(&self, ns: NsId, k: &str) -> Option<(ConfOf, &'static str)> {
        self.conf_key(ns, k)
            .filter(|(of, key)| matches!(of, ConfOf::Dev(_)) || *key != "forwarding")
    }

    /// `sysctl KEY` in a namespace (`/` separators accepted).
    pub fn sysctl_get(&self, ns: NsId, key: &str) -> Result<String, NetnsError> {
        let k = key.replace('/', ".");
        if let Some((of, name)) = self.devconf_key(ns, &k) {
            return Ok(self.conf_get(ns, of, name));
        }
        if self.br_netfilter && BRIDGE_NF_SYSCTLS.contains(&k.as_str()) {
            return Ok(self.ns(ns).sysctl(&k).unwrap_or("1").to_string());
        }
        self.ns(ns)
            .sysctl(&k)
            .map(str::to_string)
            .ok_or_else(|| NetnsError::NoSuchSysctl(k.replace('.', "/")))
    }

    /// `sysctl -w KEY=VALUE` in a namespace.
    pub fn sysctl_set(&mut self, ns: NsId, key: &str, value: &str) -> Result<(), NetnsError> {
        let k = key.replace('/', ".");
        if let Some((of, name)) = self.devconf_key(ns, &k) {
            return self.conf_set(ns, of, name, value);
        }
        if self.br_netfilter && BRIDGE_NF_SYSCTLS.contains(&k.as_str()) {
            let v = match value.trim() {
                "0" => "0",
                "1" => "1",
                _ => return Err(NetnsError::BadSysctlValue(k)),
            };
            let n = self.ns_mut(ns);
            n.sysctl.retain(|(x, _)| *x != k);
            if v == "0" {
                n.sysctl.push((k, v.to_string()));
            }
            return Ok(());
        }
        let def = SYSCTLS
            .iter()
            .find(|d| d.key == k)
            .ok_or_else(|| NetnsError::NoSuchSysctl(k.replace('.', "/")))?;
        let v = value.trim();
        let parts: Vec<&str> = v.split_whitespace().collect();
        let ints: Option<Vec<i64>> = parts.iter().map(|p| p.parse::<i64>().ok()).collect();
        let v = match ints {
            Some(n)
                if !n.is_empty()
                    && (!def.boolean || n.len() == 1)
                    && super::sysctl_range::in_range(&k, &n) =>
            {
                n.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\t")
            }
            _ => return Err(NetnsError::BadSysctlValue(k)),
        };
        // ip_forward and conf.all.forwarding are one switch in the kernel,
        // which also sets conf.default and every device's forwarding.
        let keys: &[&str] = match k.as_str() {
            "net.ipv4.ip_forward" | "net.ipv4.conf.all.forwarding" => &[
                "net.ipv4.ip_forward",
                "net.ipv4.conf.all.forwarding",
                "net.ipv4.conf.default.forwarding",
            ],
            _ => &[],
        };
        // The kernel propagates only a change (writing 1 over 1 keeps the
        // devices' own values).
        let changed = self.ns(ns).sysctl("net.ipv4.conf.all.forwarding") != Some(v.as_str());
        if !keys.is_empty() && changed {
            let devs: Vec<LinkId> = self.ns(ns).links.clone();
            for d in devs {
                if self
                    .link(d)
                    .conf_list()
                    .iter()
                    .any(|(k, _)| *k == "forwarding")
                {
                    if let Some(c) = &mut self.link_mut(d).conf {
                        c.retain(|(k, _)| *k != "forwarding");
                    }
                }
            }
            // A router ignores redirects: inet_forward_change sets
            // conf.all.accept_redirects to the opposite.
            let redirects = if v == "0" { "1" } else { "0" };
            self.conf_set(ns, ConfOf::All, "accept_redirects", redirects)?;
        }
        let n = self.ns_mut(ns);
        let mut set = |key: &str| {
            n.sysctl.retain(|(x, _)| x != key);
            if SYSCTLS
                .iter()
                .find(|d| d.key == key)
                .is_some_and(|d| d.default != v)
            {
                n.sysctl.push((key.to_string(), v.clone()));
            }
        };
        if keys.is_empty() {
            set(&k);
        } else {
            for key in keys {
                set(key);
            }
        }
        Ok(())
    }

    /// `modprobe br_netfilter` / `modprobe -r br_netfilter`: its sysctls
    /// appear (1 in every namespace) or vanish, values written before are
    /// gone either way.
    pub fn set_br_netfilter(&mut self, loaded: bool) {
        self.br_netfilter = loaded;
        if !loaded {
            for n in self.namespaces.iter_mut().flatten() {
                if n.sysctl
                    .iter()
                    .any(|(k, _)| BRIDGE_NF_SYSCTLS.contains(&k.as_str()))
                {
                    std::sync::Arc::make_mut(n)
                        .sysctl
                        .retain(|(k, _)| !BRIDGE_NF_SYSCTLS.contains(&k.as_str()));
                }
            }
        }
    }
}

/// The sysctls `br_netfilter` adds (default 1 once the module is loaded).
pub const BRIDGE_NF_SYSCTLS: &[&str] = &[
    "net.bridge.bridge-nf-call-iptables",
    "net.bridge.bridge-nf-call-ip6tables",
    "net.bridge.bridge-nf-call-arptables",
];
