//! A bridge's learnt entries age out (br_fdb_cleanup): an entry lives
//! `ageing_time` without a frame from its MAC, on the virtual clock; and
//! the bridge's settings applied to it (`ip link set BR type bridge ...`).

use super::bridge_conf::{BridgeChange, BridgeConf, BridgeConfError};
use super::link::{FdbEntry, LinkId, LinkKind};
use super::world::World;

/// br_fdb_cleanup's test (`has_expired`): a learnt entry dies once
/// `ageing_time` passed without a frame from it; with 0 at once (a hub).
pub fn fdb_expired(e: &FdbEntry, ageing_us: u64, now_us: u64) -> bool {
    e.updated_us.saturating_add(ageing_us) <= now_us
}

impl World {
    /// The settings of bridge `br` (the defaults for anything else).
    pub fn bridge_conf(&self, br: LinkId) -> BridgeConf {
        match &self.link(br).kind {
            LinkKind::Bridge { conf, .. } => *conf,
            _ => BridgeConf::default(),
        }
    }

    /// `ip link set BR type bridge ...`: applies `c` in the kernel's order.
    pub fn bridge_configure(
        &mut self,
        br: LinkId,
        c: &BridgeChange,
    ) -> Result<(), BridgeConfError> {
        let LinkKind::Bridge { conf, fdb, .. } = &mut self.link_mut(br).kind else {
            return Ok(());
        };
        let applied = conf.apply(c);
        if c.fdb_flush && applied.is_ok() {
            fdb.clear();
        }
        // br_set_ageing_time runs the collector at once.
        self.fdb_gc(br);
        applied
    }

    /// The collector (br_fdb_cleanup) as of now: drops the entries the
    /// kernel's timer would have dropped by this time.
    pub(crate) fn fdb_gc(&mut self, br: LinkId) {
        let now = self.now_us;
        if let LinkKind::Bridge { conf, fdb, .. } = &mut self.link_mut(br).kind {
            let ageing = conf.ageing_us();
            fdb.retain(|e| !fdb_expired(e, ageing, now));
        }
    }

    /// The learnt entries of `br` still alive now (what `bridge fdb` lists).
    pub fn fdb_live(&self, br: LinkId) -> impl Iterator<Item = &FdbEntry> + '_ {
        let (fdb, ageing): (&[FdbEntry], u64) = match &self.link(br).kind {
            LinkKind::Bridge { fdb, conf, .. } => (fdb, conf.ageing_us()),
            _ => (&[], 0),
        };
        let now = self.now_us;
        fdb.iter().filter(move |e| !fdb_expired(e, ageing, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::link::Mac;

    #[test]
    fn entries_expire_after_the_ageing_time_and_at_once_with_zero() {
        let e = FdbEntry {
            mac: Mac::derive("a"),
            port: LinkId(1),
            updated_us: 1_000_000,
        };
        assert!(!fdb_expired(&e, 2_000_000, 2_999_999));
        assert!(fdb_expired(&e, 2_000_000, 3_000_000));
        assert!(fdb_expired(&e, 0, 1_000_000));
        assert_eq!(BridgeConf::default().id_prefix(), "8000");
    }
}
