//! Source validation on input (the kernel's fib_validate_source): a
//! packet from the wire whose source is one of this namespace's own
//! addresses is martian unless `accept_local`; with reverse path
//! filtering (`rp_filter`, the larger of `conf.all` and the device's) the
//! route back to the source must leave by the interface the packet came
//! in on (1, strict) or merely exist (2, loose).

use super::devconf::ConfOf;
use super::link::{LinkId, NsId};
use super::world::World;
use crate::sim::trace::DropReason;
use core::net::Ipv4Addr;

impl World {
    /// Why `src` arriving on `dev` must be dropped, if it must.
    pub(crate) fn validate_source(
        &self,
        ns: NsId,
        dev: LinkId,
        src: Ipv4Addr,
    ) -> Option<DropReason> {
        let both = |key| {
            (
                self.conf_num(ns, ConfOf::All, key),
                self.conf_num(ns, ConfOf::Dev(dev), key),
            )
        };
        let (all, own) = both("accept_local");
        let accept_local = all != 0 || own != 0;
        let (all, own) = both("rp_filter");
        let rpf = all.max(own);
        let local = self.is_local_addr(ns, src);
        if local && !accept_local {
            return Some(DropReason::MartianSource(src));
        }
        if rpf == 0 {
            return None;
        }
        let name = self.link(dev).name.to_string();
        let back_dev = if local {
            self.local_addr_link(ns, src)
        } else {
            self.route_lookup(ns, src, None).map(|r| r.dev)
        };
        match back_dev {
            None => Some(DropReason::ReversePath {
                src,
                dev: name,
                back: None,
            }),
            Some(d) if d == dev || rpf != 1 => None,
            Some(d) => Some(DropReason::ReversePath {
                src,
                dev: name,
                back: Some(self.link(d).name.to_string()),
            }),
        }
    }
}
