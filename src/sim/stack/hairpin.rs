//! A bridge port's hairpin mode (bridge(8) `hairpin on|off`, the kernel's
//! `BR_HAIRPIN_MODE`): a bridge never sends a frame back out of the port it
//! came in on, unless that port has hairpin mode on. kubelet turns it on
//! for every pod's port (`--hairpin-mode=hairpin-veth`) so a pod can reach
//! itself through its own Service.

use super::link::{LinkError, LinkId};
use super::world::World;

impl World {
    /// `ip link set PORT type bridge_slave hairpin on|off` and
    /// `bridge link set dev PORT hairpin on|off`. Only a bridge port has
    /// the flag; leaving the bridge clears it (a new port starts off).
    pub fn link_set_hairpin(&mut self, port: LinkId, on: bool) -> Result<(), LinkError> {
        if self.link(port).master.is_none() {
            return Err(LinkError::NotSupported);
        }
        self.link_mut(port).hairpin = on;
        Ok(())
    }

    /// May the bridge send a frame that came in on `in_port` back out of
    /// `out_port`?
    pub(crate) fn may_send_back(&self, in_port: Option<LinkId>, out_port: LinkId) -> bool {
        in_port != Some(out_port) || self.link(out_port).hairpin
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::stack::link::NsId;
    use crate::sim::stack::link::{LinkError, LinkKind};
    use crate::sim::stack::links::NewLink;
    use crate::sim::stack::world::World;

    #[test]
    fn only_ports_have_it_and_leaving_clears_it() {
        let mut w = World::new();
        let br = w
            .link_add(NsId::ROOT, "br0", NewLink::Bridge)
            .expect("bridge");
        let p = w.link_add_veth(None, "p0", "p1").expect("veth");
        assert_eq!(w.link_set_hairpin(p, true), Err(LinkError::NotSupported));
        w.link_set_master(p, br).expect("port");
        w.link_set_hairpin(p, true).expect("port");
        assert!(w.may_send_back(Some(p), p));
        w.link_set_nomaster(p);
        w.link_set_master(p, br).expect("port");
        assert!(!w.link(p).hairpin);
        assert!(!w.may_send_back(Some(p), p));
        assert!(matches!(w.link(br).kind, LinkKind::Bridge { .. }));
    }
}
