//! The namespace state `-m recent` and `-m connlimit` consult while a
//! packet walks the chains.

use super::conntrack::{Conntrack, TcpState};
use super::ext_connlimit::ConnLimitMatch;
use super::ext_recent::{RecentMatch, RecentTables};
use super::hook::HookCtx;
use super::matches::MatchEnv;
use super::tuple::Tuple;
use crate::sim::packet::Ipv4Packet as Packet;

/// One namespace's lists and connections.
pub(super) struct NsEnv<'a> {
    pub(super) recent: &'a mut RecentTables,
    pub(super) conntrack: &'a Conntrack,
}

impl MatchEnv for NsEnv<'_> {
    fn recent(&mut self, m: &RecentMatch, pkt: &Packet, ctx: &HookCtx) -> bool {
        // xt_recent compares the TTL as it was before forwarding.
        let forwarded = ctx.in_iface.is_some() && ctx.out_iface.is_some();
        let ttl = pkt.ttl.saturating_add(u8::from(forwarded));
        m.admits(self.recent, (pkt.src, pkt.dst, ttl), ctx.now_us)
    }

    fn connlimit(&mut self, m: &ConnLimitMatch, pkt: &Packet, ctx: &HookCtx) -> bool {
        let ct = pkt.ct.as_ref().map(|c| &c.ct);
        let own: Option<Tuple> = ct.and_then(|ct| match (ct.conn, ct.pending) {
            (Some((id, _)), _) => self.conntrack.get(id).map(|c| c.original),
            (None, Some((orig, _))) => Some(orig),
            _ => None,
        });
        let now = ctx.now_us;
        let alive = |t: &Tuple| {
            self.conntrack
                .lookup(t, now)
                .and_then(|(id, _)| self.conntrack.get(id))
                .is_some_and(|c| !matches!(c.tcp_state, Some(TcpState::TimeWait | TcpState::Close)))
        };
        m.admits(own, &alive)
    }
}
