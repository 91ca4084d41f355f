//! Connection tracking: one table of connections per namespace, each with
//! its original and reply tuple (the reply tuple carries the NAT), states
//! NEW/ESTABLISHED/RELATED as `-m conntrack --ctstate` sees them, TCP
//! states and timeouts as nf_conntrack_proto_tcp/udp/icmp set them
//! (see conntrack(8) and the kernel's nf_conntrack sysctl documentation).
//! Time is passed in (microseconds of the world's virtual clock).

use super::explain::TraceStep;
use super::hook::HookCtx;
use super::tuple::Proto;
pub use super::tuple::{ConnId, CtState, Direction, PacketCt, TcpFlags, Tuple};
use crate::sim::packet::Ipv4Packet as Packet;
use std::collections::HashMap;

/// TCP connection states as `conntrack -L` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpState {
    /// SYN seen.
    SynSent,
    /// SYN/ACK seen.
    SynRecv,
    /// Handshake completed.
    Established,
    /// FIN seen from one side.
    FinWait,
    /// FIN acknowledged, waiting for the other FIN.
    CloseWait,
    /// Second FIN seen.
    LastAck,
    /// Closed, lingering.
    TimeWait,
    /// Reset.
    Close,
}

impl TcpState {
    /// The name `conntrack -L` prints.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait => "FIN_WAIT",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
        }
    }

    /// The kernel's default timeout for the state, in seconds.
    pub fn timeout_s(self) -> u64 {
        match self {
            TcpState::SynSent => 120,
            TcpState::SynRecv => 60,
            TcpState::Established => 432_000,
            TcpState::FinWait => 120,
            TcpState::CloseWait => 60,
            TcpState::LastAck => 30,
            TcpState::TimeWait => 120,
            TcpState::Close => 10,
        }
    }
}

/// One tracked connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// Tuple of the first packet, as it arrived (before NAT).
    pub original: Tuple,
    /// Tuple a reply carries (after NAT: `src` is the DNAT target, `dst`
    /// the SNAT address).
    pub reply: Tuple,
    /// A reply has been seen.
    pub seen_reply: bool,
    /// `[ASSURED]`: will not be dropped early under pressure.
    pub assured: bool,
    /// TCP state (TCP only).
    pub tcp_state: Option<TcpState>,
    /// ICMP type of the first packet (ICMP only).
    pub icmp_type: u8,
    /// When it expires, in world microseconds.
    pub expires_us: u64,
    /// `-j CONNMARK`'s mark.
    pub mark: u32,
}

impl Connection {
    /// True when the source of the original direction was rewritten.
    pub fn snat(&self) -> bool {
        self.reply.dst != self.original.src || self.reply.dport != self.original.sport
    }

    /// True when the destination of the original direction was rewritten.
    pub fn dnat(&self) -> bool {
        self.reply.src != self.original.dst || self.reply.sport != self.original.dport
    }

    /// Seconds left, as `conntrack -L` prints them.
    pub fn remaining_s(&self, now_us: u64) -> u64 {
        self.expires_us.saturating_sub(now_us) / 1_000_000
    }

    /// Updates state and timeout for a packet seen in `dir`.
    pub fn update(&mut self, dir: Direction, flags: TcpFlags, now_us: u64) {
        if dir == Direction::Reply && !self.seen_reply {
            self.seen_reply = true;
        }
        let timeout_s = match self.original.proto {
            Proto::Tcp => {
                let st = self.tcp_state.unwrap_or(TcpState::SynSent);
                let next = tcp_next(st, dir, flags);
                if next == TcpState::Established {
                    self.assured = true;
                }
                self.tcp_state = Some(next);
                next.timeout_s()
            }
            // A packet after the reply makes it a stream: assured, 120 s.
            Proto::Udp if self.seen_reply => {
                if dir == Direction::Original || self.assured {
                    self.assured = true;
                }
                if self.assured {
                    120
                } else {
                    30
                }
            }
            _ => 30,
        };
        self.expires_us = now_us + timeout_s * 1_000_000;
    }
}

fn tcp_next(st: TcpState, dir: Direction, f: TcpFlags) -> TcpState {
    use TcpState::*;
    if f.rst {
        return Close;
    }
    match (st, dir) {
        (SynSent, Direction::Reply) if f.syn && f.ack => SynRecv,
        (SynSent, _) => SynSent,
        (SynRecv, Direction::Original) if f.ack && !f.syn => Established,
        (SynRecv, _) => SynRecv,
        (Established, _) if f.fin => FinWait,
        (Established, _) => Established,
        (FinWait, _) if f.fin => LastAck,
        (FinWait, _) => CloseWait,
        (CloseWait, _) if f.fin => LastAck,
        (CloseWait, _) => CloseWait,
        (LastAck, _) if f.ack => TimeWait,
        (s, _) => s,
    }
}

/// Most connections one table holds: Linux's `nf_conntrack_max` default on
/// a host with a few GiB of memory. A new connection beyond it evicts the
/// oldest one that never saw a reply, as the kernel's early drop does (or,
/// when every entry is assured, the oldest of all, where the kernel would
/// drop the new packet instead).
pub const CONNTRACK_MAX: usize = 262_144;

/// One namespace's connection tracking table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conntrack {
    conns: HashMap<ConnId, Connection>,
    /// Both tuples of every connection -> (id, direction).
    index: HashMap<Tuple, (ConnId, Direction)>,
    next_id: ConnId,
    /// Inserts skip the expiry scan until this time: the earliest expiry
    /// seen at the last scan or insert. A timeout shortened later (TCP
    /// closing) can make an entry expire sooner; every lookup and listing
    /// already ignores expired entries, so it is only reclaimed later.
    earliest: Earliest,
}

/// A lower bound kept to make a scan rare, not part of the table's state:
/// two tables that differ only here are equal.
#[derive(Debug, Clone, Copy, Default, Eq)]
struct Earliest(u64);

impl PartialEq for Earliest {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Conntrack {
    /// Finds the connection a packet with tuple `t` belongs to.
    ///
    /// ```
    /// use netbook::sim::netfilter::conntrack::{Conntrack, Direction, Tuple};
    /// use netbook::sim::netfilter::rule::Proto;
    /// let mut ct = Conntrack::default();
    /// let t = Tuple { src: [10, 0, 0, 1].into(), dst: [10, 0, 0, 2].into(),
    ///                 proto: Proto::Tcp, sport: 40000, dport: 80 };
    /// ct.insert(t, t.invert(), 0, 0);
    /// assert_eq!(ct.lookup(&t.invert(), 0).map(|(_, d)| d), Some(Direction::Reply));
    /// ```
    pub fn lookup(&self, t: &Tuple, now_us: u64) -> Option<(ConnId, Direction)> {
        let (id, dir) = *self.index.get(t)?;
        let c = self.conns.get(&id)?;
        (c.expires_us > now_us).then_some((id, dir))
    }

    /// A connection by id.
    pub fn get(&self, id: ConnId) -> Option<&Connection> {
        self.conns.get(&id)
    }

    /// A connection by id, mutable.
    pub fn get_mut(&mut self, id: ConnId) -> Option<&mut Connection> {
        self.conns.get_mut(&id)
    }

    /// True when some live connection already uses `t` as one of its tuples.
    pub fn tuple_taken(&self, t: &Tuple, now_us: u64) -> bool {
        self.lookup(t, now_us).is_some()
    }

    /// Confirms a new connection (what the kernel does when its first
    /// packet leaves POSTROUTING or INPUT). Returns its id.
    pub fn insert(&mut self, original: Tuple, reply: Tuple, icmp_type: u8, now_us: u64) -> ConnId {
        let id = self.next_id;
        self.next_id += 1;
        let mut c = Connection {
            original,
            reply,
            seen_reply: false,
            assured: false,
            tcp_state: (original.proto == Proto::Tcp).then_some(TcpState::SynSent),
            icmp_type,
            expires_us: 0,
            mark: 0,
        };
        c.expires_us = now_us
            + match c.tcp_state {
                Some(s) => s.timeout_s(),
                None => 30,
            } * 1_000_000;
        self.remove_expired(now_us);
        if self.conns.len() >= CONNTRACK_MAX {
            let victim = self
                .conns
                .iter()
                .filter(|(_, c)| !c.assured)
                .map(|(id, _)| *id)
                .min()
                .or_else(|| self.conns.keys().min().copied());
            if let Some(v) = victim {
                self.remove(v);
            }
        }
        self.index.insert(original, (id, Direction::Original));
        self.index.insert(reply, (id, Direction::Reply));
        self.earliest.0 = if self.conns.is_empty() {
            c.expires_us
        } else {
            self.earliest.0.min(c.expires_us)
        };
        self.conns.insert(id, c);
        id
    }

    /// Drops connections whose timeout has passed.
    pub fn remove_expired(&mut self, now_us: u64) {
        if self.conns.is_empty() || now_us < self.earliest.0 {
            return;
        }
        self.earliest.0 = self
            .conns
            .values()
            .map(|c| c.expires_us)
            .filter(|&e| e > now_us)
            .min()
            .unwrap_or(u64::MAX);
        let dead: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.expires_us <= now_us)
            .map(|(id, _)| *id)
            .collect();
        for id in dead {
            self.remove(id);
        }
    }

    /// Deletes one connection (`conntrack -D`).
    pub fn remove(&mut self, id: ConnId) -> Option<Connection> {
        let c = self.conns.remove(&id)?;
        self.index.remove(&c.original);
        self.index.remove(&c.reply);
        Some(c)
    }

    /// Deletes everything (`conntrack -F`).
    pub fn flush(&mut self) {
        self.conns.clear();
        self.index.clear();
    }

    /// Live connections, oldest first.
    pub fn entries(&self, now_us: u64) -> Vec<(ConnId, &Connection)> {
        let mut v: Vec<_> = self
            .conns
            .iter()
            .filter(|(_, c)| c.expires_us > now_us)
            .map(|(id, c)| (*id, c))
            .collect();
        v.sort_by_key(|(id, _)| *id);
        v
    }

    /// Number of live connections.
    pub fn len(&self, now_us: u64) -> usize {
        self.conns
            .values()
            .filter(|c| c.expires_us > now_us)
            .count()
    }

    /// True when nothing is tracked.
    pub fn is_empty(&self, now_us: u64) -> bool {
        self.len(now_us) == 0
    }
}

/// Gives the packet its state and connection (it has none yet: a packet
/// is classified once in each namespace), traced.
fn classified(
    pkt: &mut Packet,
    state: CtState,
    conn: Option<(ConnId, Direction)>,
    mark: u32,
    steps: &mut Vec<TraceStep>,
) {
    let ct = &mut pkt.nf().ct;
    ct.state = Some(state);
    ct.conn = conn;
    ct.mark = mark;
    steps.push(TraceStep::Conntrack { state, conn });
}

/// What conntrack does to a packet at the hooks.
impl Conntrack {
    /// Conntrack lookup at PREROUTING/OUTPUT: classifies the packet and
    /// attaches its connection (the walk then replays that connection's NAT).
    pub(super) fn classify(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        pkt.nf().ct.seen = true;
        let now = ctx.now_us;
        let t = pkt.tuple();
        if let Some((id, dir)) = self.lookup(&t, now) {
            let flags = pkt.tcp_flags();
            let mut state = CtState::New;
            let mut mark = 0;
            if let Some(c) = self.get_mut(id) {
                c.update(dir, flags, now);
                if c.seen_reply {
                    state = CtState::Established;
                }
                mark = c.mark;
            }
            classified(pkt, state, Some((id, dir)), mark, steps);
            return;
        }
        if pkt.is_icmp_error() {
            if let Some(inner) = pkt.embedded() {
                // The error travels the opposite way to the packet it quotes.
                if let Some((id, dir)) = self.lookup(&inner.invert(), now) {
                    let mark = self.get(id).map_or(0, |c| c.mark);
                    classified(pkt, CtState::Related, Some((id, dir)), mark, steps);
                    return;
                }
            }
            classified(pkt, CtState::Invalid, None, 0, steps);
            return;
        }
        if pkt.is_icmp_reply() {
            // A reply nobody asked for.
            classified(pkt, CtState::Invalid, None, 0, steps);
            return;
        }
        pkt.nf().ct.pending = Some((t, t.invert()));
        classified(pkt, CtState::New, None, 0, steps);
    }

    /// Confirms a new connection at the end of INPUT/POSTROUTING.
    pub(super) fn confirm(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        if let Some((orig, reply)) = pkt.nf().ct.pending.take() {
            let icmp_type = if orig.proto == Proto::Icmp {
                pkt.icmp_type_code().0
            } else {
                0
            };
            let id = self.insert(orig, reply, icmp_type, ctx.now_us);
            let mark = pkt.nf().ct.mark;
            if let Some(c) = self.get_mut(id) {
                c.update(Direction::Original, pkt.tcp_flags(), ctx.now_us);
                c.mark = mark;
            }
            pkt.nf().ct.conn = Some((id, Direction::Original));
            steps.push(TraceStep::Confirmed { conn: id });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;

    fn t(sport: u16) -> Tuple {
        Tuple {
            src: Ipv4Addr::new(10, 0, 0, 1),
            dst: Ipv4Addr::new(10, 0, 0, 2),
            proto: Proto::Tcp,
            sport,
            dport: 80,
        }
    }

    #[test]
    fn tcp_handshake_reaches_established_and_assured() {
        let mut ct = Conntrack::default();
        let id = ct.insert(t(1), t(1).invert(), 0, 0);
        let c = ct.get_mut(id).unwrap();
        let syn_ack = TcpFlags {
            syn: true,
            ack: true,
            ..Default::default()
        };
        c.update(Direction::Reply, syn_ack, 1);
        assert_eq!(c.tcp_state, Some(TcpState::SynRecv));
        let ack = TcpFlags {
            ack: true,
            ..Default::default()
        };
        c.update(Direction::Original, ack, 2);
        assert_eq!(c.tcp_state, Some(TcpState::Established));
        assert!(c.assured && c.seen_reply);
        assert_eq!(c.remaining_s(2), 432_000);
    }

    #[test]
    fn a_full_table_evicts_the_oldest_unreplied_connection() {
        let mut ct = Conntrack::default();
        let t = |n: u32| Tuple {
            src: Ipv4Addr::from(0x0a00_0000 + n),
            dst: Ipv4Addr::new(8, 8, 8, 8),
            proto: Proto::Udp,
            sport: 40000,
            dport: 53,
        };
        for n in 0..CONNTRACK_MAX as u32 {
            ct.insert(t(n), t(n).invert(), 0, 0);
        }
        // The first connection saw its reply and is assured; it survives.
        ct.get_mut(0).unwrap().assured = true;
        ct.insert(t(u32::MAX >> 4), t(u32::MAX >> 4).invert(), 0, 0);
        assert_eq!(ct.conns.len(), CONNTRACK_MAX);
        assert!(ct.lookup(&t(0), 0).is_some());
        assert!(
            ct.lookup(&t(1), 0).is_none(),
            "the oldest unassured one went"
        );
        assert!(ct.lookup(&t(u32::MAX >> 4), 0).is_some());
    }

    #[test]
    fn entries_expire() {
        let mut ct = Conntrack::default();
        ct.insert(
            Tuple {
                proto: Proto::Udp,
                ..t(5)
            },
            Tuple {
                proto: Proto::Udp,
                ..t(5)
            }
            .invert(),
            0,
            0,
        );
        assert_eq!(ct.len(29_000_000), 1);
        assert_eq!(ct.len(30_000_000), 0);
        ct.remove_expired(31_000_000);
        assert!(ct.is_empty(0));
    }
}
