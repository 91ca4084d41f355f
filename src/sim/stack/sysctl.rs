//! `sysctl` keys of a namespace: `net.ipv4.*`, and `net.bridge.*` when
//! br_netfilter is loaded (see sysctl(8), ip-sysctl.rst).

pub use super::link::LinkId;
use super::link::NsId;
use super::netns::{NetnsError, SYSCTLS};
use super::world::World;

impl World {
    // ---- sysctls --------------------------------------------------------------
    /// Every sysctl key the simulator knows, sorted.
    pub fn sysctl_defs() -> impl Iterator<Item = &'static super::netns::SysctlDef> {
        SYSCTLS.iter()
    }

    /// `sysctl KEY` in a namespace (`/` separators accepted).
    pub fn sysctl_get(&self, ns: NsId, key: &str) -> Result<String, NetnsError> {
        let k = key.replace('/', ".");
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
        // ip_forward and conf.all.forwarding are one switch in the kernel.
        let keys: &[&str] = match k.as_str() {
            "net.ipv4.ip_forward" | "net.ipv4.conf.all.forwarding" => {
                &["net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"]
            }
            _ => &[],
        };
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
}

/// The sysctls `br_netfilter` adds (default 1 once the module is loaded).
pub const BRIDGE_NF_SYSCTLS: &[&str] = &[
    "net.bridge.bridge-nf-call-iptables",
    "net.bridge.bridge-nf-call-ip6tables",
    "net.bridge.bridge-nf-call-arptables",
];
