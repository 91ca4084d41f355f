//! Netfilter for one network namespace: the iptables tables, connection
//! tracking, NAT and the kernel log that LOG writes to.
//!
//! The seam with the datapath is [`Netfilter::hook`]: the datapath hands
//! over a [`Packet`] at each hook (PREROUTING, INPUT, FORWARD, OUTPUT,
//! POSTROUTING) with a [`HookCtx`] (time, the out-interface address for
//! MASQUERADE, local addresses for `addrtype`), and gets back the verdict
//! plus the [`TraceStep`]s that explain it. Tables are walked in the
//! kernel's priority order (see iptables(8) and the netfilter hook
//! priorities in `include/uapi/linux/netfilter_ipv4.h`):
//!
//! | hook        | order                                                  |
//! |-------------|--------------------------------------------------------|
//! | PREROUTING  | raw, conntrack, mangle, nat (dst, first packet)        |
//! | INPUT       | mangle, filter, nat (src, first packet), confirm       |
//! | FORWARD     | mangle, filter                                         |
//! | OUTPUT      | raw, conntrack, mangle, nat (dst, first packet), filter|
//! | POSTROUTING | mangle, nat (src, first packet), confirm               |
//!
//! How the datapath drives it, per namespace the packet crosses:
//! - received: `hook(Prerouting)`, route, then `hook(Input)` (local) or
//!   `hook(Forward)` + `hook(Postrouting)` (routed);
//! - sent by a local process: `hook(Output)`, route, `hook(Postrouting)`;
//! - keep the same [`Packet`] across the hooks of one namespace (it carries
//!   the conntrack state) and call [`Packet::enter_netns`] when it moves to
//!   another namespace; over `lo` it keeps its state, as in the kernel;
//! - when PREROUTING or OUTPUT changed the destination (DNAT/REDIRECT),
//!   route again; an ICMP error carries the offending tuple in
//!   [`Packet::embedded`] so conntrack sees it as RELATED and un-NATs it;
//! - `ip_forward=0` is the datapath's decision: it never calls FORWARD.
//!
//! [`drop_hint`] turns the steps of a dropped packet into the cause and the
//! smallest fix. Nothing here reads a clock.

pub mod conntrack;
pub mod nat;
pub mod parse;
pub mod rule;
pub mod save;
pub mod services;
pub mod table;

use conntrack::{ConnId, Conntrack, Direction, TcpFlags, Tuple};
use core::net::Ipv4Addr;
use nat::NatKind;
use rule::{AddrType, CtState, Match, Proto, RejectWith, Rule, Target};
use table::{Policy, Table, TableKind};

/// The five netfilter hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hook {
    /// Right after a packet arrives, before routing.
    Prerouting,
    /// Routed to a local process.
    Input,
    /// Routed through this namespace to another one.
    Forward,
    /// Created by a local process.
    Output,
    /// About to leave through an interface.
    Postrouting,
}

impl Hook {
    /// All hooks in packet-flow order.
    pub const ALL: [Hook; 5] = [
        Hook::Prerouting,
        Hook::Input,
        Hook::Forward,
        Hook::Output,
        Hook::Postrouting,
    ];

    /// The built-in chain name (`PREROUTING`).
    pub fn chain_name(self) -> &'static str {
        match self {
            Hook::Prerouting => "PREROUTING",
            Hook::Input => "INPUT",
            Hook::Forward => "FORWARD",
            Hook::Output => "OUTPUT",
            Hook::Postrouting => "POSTROUTING",
        }
    }

    /// Parses a built-in chain name.
    pub fn from_chain(name: &str) -> Option<Hook> {
        Hook::ALL.iter().copied().find(|h| h.chain_name() == name)
    }

    /// Tables with a chain on this hook, in the order the kernel runs them
    /// (nat last on PREROUTING/OUTPUT-dst, filter after nat's dst manip).
    pub fn tables(self) -> &'static [TableKind] {
        use TableKind::*;
        match self {
            Hook::Prerouting => &[Raw, Mangle, Nat],
            Hook::Input => &[Mangle, Filter, Nat],
            Hook::Forward => &[Mangle, Filter],
            Hook::Output => &[Raw, Mangle, Nat, Filter],
            Hook::Postrouting => &[Mangle, Nat],
        }
    }
}

/// What the datapath knows about a packet at a hook. NAT rewrites its
/// addresses and ports in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Protocol.
    pub proto: Proto,
    /// TCP/UDP source port; the echo id for ICMP echo.
    pub sport: u16,
    /// TCP/UDP destination port; the echo id for ICMP echo.
    pub dport: u16,
    /// ICMP type (ICMP only).
    pub icmp_type: u8,
    /// ICMP code (ICMP only).
    pub icmp_code: u8,
    /// TCP flags (TCP only).
    pub tcp_flags: TcpFlags,
    /// For ICMP errors: the tuple of the packet that caused it, as the
    /// host sending the error saw it (conntrack inverts it to find the
    /// connection, and restores it on the way back).
    pub embedded: Option<Tuple>,
    /// Interface it came in on (PREROUTING, INPUT, FORWARD).
    pub in_iface: Option<String>,
    /// Interface it goes out of (FORWARD, OUTPUT, POSTROUTING).
    pub out_iface: Option<String>,
    /// Total length in bytes (counted by `-v`).
    pub len: u32,
    /// The packet mark (`-j MARK`, `-m mark`).
    pub mark: u32,
    /// Connection tracking state carried between hooks.
    pub ct: PacketCt,
}

impl Packet {
    /// A packet with no interfaces, no flags, length 84 (a default ping).
    pub fn new(src: Ipv4Addr, dst: Ipv4Addr, proto: Proto, sport: u16, dport: u16) -> Packet {
        Packet {
            src,
            dst,
            proto,
            sport,
            dport,
            icmp_type: 8,
            icmp_code: 0,
            tcp_flags: TcpFlags::default(),
            embedded: None,
            in_iface: None,
            out_iface: None,
            len: 84,
            mark: 0,
            ct: PacketCt::default(),
        }
    }

    /// An ICMP echo request with `id`.
    pub fn ping(src: Ipv4Addr, dst: Ipv4Addr, id: u16) -> Packet {
        Packet::new(src, dst, Proto::Icmp, id, id)
    }

    /// A TCP SYN.
    pub fn tcp_syn(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16) -> Packet {
        let mut p = Packet::new(src, dst, Proto::Tcp, sport, dport);
        p.tcp_flags.syn = true;
        p.len = 60;
        p
    }

    /// Forgets the conntrack state: call when the packet enters another
    /// namespace (each has its own conntrack table). Loopback traffic
    /// keeps it, as the kernel keeps `skb->_nfct` across `lo`.
    pub fn enter_netns(&mut self) {
        self.ct = PacketCt::default();
    }

    /// The packet's tuple as conntrack sees it.
    pub fn tuple(&self) -> Tuple {
        Tuple {
            src: self.src,
            dst: self.dst,
            proto: self.proto,
            sport: self.sport,
            dport: self.dport,
        }
    }

    /// True for ICMP error messages (unreachable, time exceeded...).
    pub fn is_icmp_error(&self) -> bool {
        self.proto == Proto::Icmp && matches!(self.icmp_type, 3 | 4 | 5 | 11 | 12)
    }

    /// True for an ICMP reply type (echo reply, timestamp reply...).
    fn is_icmp_reply(&self) -> bool {
        self.proto == Proto::Icmp && matches!(self.icmp_type, 0 | 14 | 16 | 18)
    }
}

/// Conntrack state attached to a packet while it crosses the hooks of
/// one namespace (the kernel's `skb->_nfct`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PacketCt {
    /// Looked up already (at PREROUTING or OUTPUT).
    pub seen: bool,
    /// The state rules see.
    pub state: Option<CtState>,
    /// The confirmed connection, if any.
    pub conn: Option<(ConnId, Direction)>,
    /// For a new connection: its tuple before NAT, and the reply tuple
    /// being built by NAT decisions.
    pub pending: Option<(Tuple, Tuple)>,
    /// The destination NAT decision was taken (PREROUTING/OUTPUT).
    pub dst_done: bool,
    /// The source NAT decision was taken (POSTROUTING/INPUT).
    pub src_done: bool,
}

/// What the datapath tells netfilter about the namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HookCtx {
    /// Virtual time, microseconds.
    pub now_us: u64,
    /// Primary address of the out interface (MASQUERADE).
    pub out_addr: Option<Ipv4Addr>,
    /// Primary address of the in interface (REDIRECT at PREROUTING).
    pub in_addr: Option<Ipv4Addr>,
    /// Addresses of this namespace (`addrtype LOCAL`).
    pub local_addrs: Vec<Ipv4Addr>,
    /// Broadcast addresses of this namespace (`addrtype BROADCAST`).
    pub broadcast_addrs: Vec<Ipv4Addr>,
    /// Record rules that did not match (the full "why"); off for speed.
    pub trace_misses: bool,
}

/// The final word of a hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Continue.
    Accept,
    /// Discard silently.
    Drop,
    /// Discard and send an ICMP error or TCP RST back.
    Reject(RejectWith),
}

/// Why a rule did not match: the first criterion that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// `-s`
    Source,
    /// `-d`
    Destination,
    /// `-i`
    InIface,
    /// `-o`
    OutIface,
    /// `-p`
    Protocol,
    /// `--sport`/`--dport`/multiport
    Port,
    /// `--icmp-type`
    IcmpType,
    /// `--tcp-flags`/`--syn`
    TcpFlags,
    /// `-m mark`
    Mark,
    /// `-m statistic` did not pick this packet
    Statistic,
    /// `--ctstate`/`--state`
    State,
    /// `-m addrtype`
    AddrType,
}

impl Mismatch {
    /// Short reason for traces.
    pub fn reason(self) -> &'static str {
        match self {
            Mismatch::Source => "source address does not match -s",
            Mismatch::Destination => "destination address does not match -d",
            Mismatch::InIface => "in-interface does not match -i",
            Mismatch::OutIface => "out-interface does not match -o",
            Mismatch::Protocol => "protocol does not match -p",
            Mismatch::Port => "port does not match",
            Mismatch::IcmpType => "ICMP type does not match",
            Mismatch::TcpFlags => "TCP flags do not match",
            Mismatch::Mark => "packet mark does not match",
            Mismatch::Statistic => "statistic did not pick this packet",
            Mismatch::State => "connection state does not match",
            Mismatch::AddrType => "address type does not match",
        }
    }
}

/// One step of a packet's walk through netfilter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceStep {
    /// Conntrack classified the packet.
    Conntrack {
        /// The state rules will see.
        state: CtState,
        /// Existing connection and direction, if any.
        conn: Option<(ConnId, Direction)>,
    },
    /// Entered a chain.
    Chain {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
    },
    /// A rule was tested.
    Rule {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
        /// 1-based rule number (as `--line-numbers` shows).
        num: usize,
        /// The rule as `-S` prints it.
        spec: String,
        /// `Ok` when it matched, else the first failed criterion.
        result: Result<(), Mismatch>,
    },
    /// The nat chains were skipped: not the first packet of the connection.
    NatSkipped {
        /// The hook.
        hook: Hook,
    },
    /// Fell off the end of a built-in chain.
    Policy {
        /// Table.
        table: TableKind,
        /// Chain name.
        chain: String,
        /// Its policy.
        policy: Policy,
    },
    /// An address/port rewrite.
    Nat {
        /// What kind.
        kind: NatKind,
        /// Address and port before.
        before: (Ipv4Addr, u16),
        /// Address and port after.
        after: (Ipv4Addr, u16),
        /// True when the source was rewritten, false for the destination.
        source: bool,
    },
    /// A connection was confirmed into the conntrack table.
    Confirmed {
        /// Its id.
        conn: ConnId,
    },
    /// A LOG target wrote to the kernel log.
    Log {
        /// The line, as `dmesg` prints it.
        line: String,
    },
    /// The hook's verdict.
    Verdict {
        /// The hook.
        hook: Hook,
        /// Its verdict.
        verdict: Verdict,
        /// Which table/chain/rule decided it (`filter FORWARD policy`).
        by: String,
    },
}

/// The answer of [`Netfilter::hook`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookResult {
    /// Accept, drop or reject.
    pub verdict: Verdict,
    /// What happened, in order.
    pub steps: Vec<TraceStep>,
    /// Lines LOG wrote (also appended to [`Netfilter::dmesg`]).
    pub logs: Vec<String>,
}

/// One namespace's netfilter state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Netfilter {
    /// Tables that exist, in creation order (nf_tables creates a table on
    /// its first write).
    pub tables: Vec<Table>,
    /// Connection tracking.
    pub conntrack: Conntrack,
    /// The kernel log ring (`dmesg`), one line each.
    pub dmesg: Vec<String>,
}

/// Result of walking one chain.
enum ChainEnd {
    Verdict(Verdict, String),
    /// Fell off a built-in chain: its policy.
    Policy(Policy),
}

impl Netfilter {
    /// An empty netfilter: no tables, no connections.
    pub fn new() -> Netfilter {
        Netfilter::default()
    }

    /// Rules in every table and chain.
    pub fn rule_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| &t.chains)
            .map(|c| c.rules.len())
            .sum()
    }

    /// A table if it exists.
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// A table, created on first use.
    pub fn table_mut(&mut self, kind: TableKind) -> &mut Table {
        let pos = match self.tables.iter().position(|t| t.kind == kind) {
            Some(p) => p,
            None => {
                self.tables.push(Table::new(kind));
                self.tables.len() - 1
            }
        };
        &mut self.tables[pos]
    }

    /// A table as listing sees it: the real one, or an empty default.
    pub fn table_or_default(&self, kind: TableKind) -> std::borrow::Cow<'_, Table> {
        match self.table(kind) {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => std::borrow::Cow::Owned(Table::new(kind)),
        }
    }

    /// Runs a packet through one hook.
    ///
    /// ```
    /// use netbook::sim::netfilter::{Hook, HookCtx, Netfilter, Packet, Verdict};
    /// use netbook::sim::netfilter::parse::run_line;
    /// let mut nf = Netfilter::new();
    /// run_line(&mut nf, "-P FORWARD DROP").unwrap();
    /// let mut p = Packet::ping([10, 0, 0, 1].into(), [10, 0, 1, 1].into(), 7);
    /// let r = nf.hook(Hook::Forward, &mut p, &HookCtx::default());
    /// assert_eq!(r.verdict, Verdict::Drop);
    /// ```
    pub fn hook(&mut self, hook: Hook, pkt: &mut Packet, ctx: &HookCtx) -> HookResult {
        let mut steps = Vec::new();
        let mut logs = Vec::new();
        let verdict = self.run_hook(hook, pkt, ctx, &mut steps, &mut logs);
        self.dmesg.extend(logs.iter().cloned());
        HookResult {
            verdict,
            steps,
            logs,
        }
    }

    fn run_hook(
        &mut self,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
        logs: &mut Vec<String>,
    ) -> Verdict {
        for &kind in hook.tables() {
            if kind == TableKind::Nat {
                let v = self.nat_hook(hook, pkt, ctx, steps, logs);
                if v != Verdict::Accept {
                    return self.finish(hook, v, "nat".into(), steps);
                }
                continue;
            }
            if let Some(v) = self.table_hook(kind, hook, pkt, ctx, steps, logs) {
                return v;
            }
            // Conntrack runs right after raw (priority -200); a looped-back
            // packet keeps the entry it got on the way out.
            if kind == TableKind::Raw && !pkt.ct.seen {
                self.ct_in(pkt, ctx, steps);
            }
        }
        if matches!(hook, Hook::Prerouting | Hook::Output) && !pkt.ct.seen {
            self.ct_in(pkt, ctx, steps);
        }
        if matches!(hook, Hook::Input | Hook::Postrouting) {
            self.confirm(pkt, ctx, steps);
        }
        steps.push(TraceStep::Verdict {
            hook,
            verdict: Verdict::Accept,
            by: String::new(),
        });
        Verdict::Accept
    }

    fn finish(
        &self,
        hook: Hook,
        verdict: Verdict,
        by: String,
        steps: &mut Vec<TraceStep>,
    ) -> Verdict {
        steps.push(TraceStep::Verdict { hook, verdict, by });
        verdict
    }

    /// Walks one table's chain for `hook`; `Some(verdict)` when it ends
    /// the packet's journey (drop/reject).
    fn table_hook(
        &mut self,
        kind: TableKind,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
        logs: &mut Vec<String>,
    ) -> Option<Verdict> {
        let ti = self.tables.iter().position(|t| t.kind == kind)?;
        let chain = hook.chain_name();
        match self.walk(ti, chain, hook, pkt, ctx, steps, logs) {
            ChainEnd::Verdict(Verdict::Accept, _) => None,
            ChainEnd::Verdict(v, by) => Some(self.finish(hook, v, by, steps)),
            ChainEnd::Policy(p) => {
                steps.push(TraceStep::Policy {
                    table: kind,
                    chain: chain.to_string(),
                    policy: p,
                });
                // iptables-nft keeps base-chain policy counters at 0 (only
                // `iptables-restore -c` sets them), so the walk does not
                // count policy hits; the trace step records them instead.
                match p {
                    Policy::Accept => None,
                    Policy::Drop => Some(self.finish(
                        hook,
                        Verdict::Drop,
                        format!("{kind} {chain} policy DROP"),
                        steps,
                    )),
                }
            }
        }
    }

    /// Walks a chain and the user chains it jumps to.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        ti: usize,
        start: &str,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
        logs: &mut Vec<String>,
    ) -> ChainEnd {
        let kind = self.tables[ti].kind;
        // (chain index, next rule index) frames, like the kernel's jump stack.
        let Some(ci) = self.tables[ti].chain_index(start) else {
            return ChainEnd::Verdict(Verdict::Accept, String::new());
        };
        let mut stack: Vec<(usize, usize)> = vec![(ci, 0)];
        steps.push(TraceStep::Chain {
            table: kind,
            chain: start.to_string(),
        });
        while let Some((ci, ri)) = stack.pop() {
            let chain = &self.tables[ti].chains[ci];
            if ri >= chain.rules.len() {
                if let Some(p) = chain.policy {
                    return ChainEnd::Policy(p);
                }
                continue; // implicit RETURN from a user chain
            }
            let rule = &chain.rules[ri];
            let result = rule_matches(rule, pkt, ctx);
            if result.is_err() && !ctx.trace_misses {
                stack.push((ci, ri + 1));
                continue;
            }
            steps.push(TraceStep::Rule {
                table: kind,
                chain: chain.name.clone(),
                num: ri + 1,
                spec: format!("-A {}{}", chain.name, rule.save_args()),
                result,
            });
            if result.is_err() {
                stack.push((ci, ri + 1));
                continue;
            }
            let target = rule.target.clone();
            let chain_name = chain.name.clone();
            self.tables[ti].chains[ci].rules[ri].counters.hit(pkt.len);
            let by = format!("{kind} {chain_name} rule {}", ri + 1);
            match target {
                Target::None => stack.push((ci, ri + 1)),
                Target::Accept => return ChainEnd::Verdict(Verdict::Accept, by),
                Target::Drop => return ChainEnd::Verdict(Verdict::Drop, by),
                Target::Reject(w) => return ChainEnd::Verdict(Verdict::Reject(w), by),
                Target::Return => {
                    if self.tables[ti].chains[ci].policy.is_some() && stack.is_empty() {
                        let p = self.tables[ti].chains[ci].policy.unwrap_or(Policy::Accept);
                        return ChainEnd::Policy(p);
                    }
                }
                Target::Jump(name) => {
                    stack.push((ci, ri + 1));
                    if let Some(nci) = self.tables[ti].chain_index(&name) {
                        steps.push(TraceStep::Chain {
                            table: kind,
                            chain: name,
                        });
                        stack.push((nci, 0));
                    }
                }
                Target::Log { level, prefix } => {
                    let line = log_line(ctx.now_us, level, prefix.as_deref(), pkt);
                    steps.push(TraceStep::Log { line: line.clone() });
                    logs.push(line);
                    stack.push((ci, ri + 1));
                }
                Target::Mark { value, mask } => {
                    pkt.mark = (pkt.mark & !mask) ^ value;
                    stack.push((ci, ri + 1));
                }
                Target::Snat(_)
                | Target::Dnat(_)
                | Target::Masquerade(..)
                | Target::Redirect(_) => {
                    if self.apply_nat_target(&target, hook, pkt, ctx, steps) {
                        return ChainEnd::Verdict(Verdict::Accept, by);
                    }
                    return ChainEnd::Verdict(Verdict::Drop, by);
                }
            }
        }
        ChainEnd::Verdict(Verdict::Accept, String::new())
    }

    /// Conntrack lookup at PREROUTING/OUTPUT: classifies the packet and,
    /// for a known connection, rewrites its destination (un-SNAT of
    /// replies, DNAT of later packets).
    fn ct_in(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        pkt.ct.seen = true;
        let now = ctx.now_us;
        let t = pkt.tuple();
        if let Some((id, dir)) = self.conntrack.lookup(&t, now) {
            let flags = pkt.tcp_flags;
            let mut state = CtState::New;
            if let Some(c) = self.conntrack.get_mut(id) {
                c.update(dir, flags, now);
                if c.seen_reply {
                    state = CtState::Established;
                }
            }
            pkt.ct.state = Some(state);
            pkt.ct.conn = Some((id, dir));
            steps.push(TraceStep::Conntrack {
                state,
                conn: Some((id, dir)),
            });
            self.replay_nat(pkt, false, steps);
            return;
        }
        if pkt.is_icmp_error() {
            if let Some(inner) = pkt.embedded {
                // The error travels the opposite way to the packet it quotes.
                if let Some((id, dir)) = self.conntrack.lookup(&inner.invert(), now) {
                    pkt.ct.state = Some(CtState::Related);
                    pkt.ct.conn = Some((id, dir));
                    steps.push(TraceStep::Conntrack {
                        state: CtState::Related,
                        conn: Some((id, dir)),
                    });
                    self.replay_nat(pkt, false, steps);
                    return;
                }
            }
            pkt.ct.state = Some(CtState::Invalid);
            steps.push(TraceStep::Conntrack {
                state: CtState::Invalid,
                conn: None,
            });
            return;
        }
        if pkt.is_icmp_reply() {
            // A reply nobody asked for.
            pkt.ct.state = Some(CtState::Invalid);
            steps.push(TraceStep::Conntrack {
                state: CtState::Invalid,
                conn: None,
            });
            return;
        }
        pkt.ct.state = Some(CtState::New);
        pkt.ct.pending = Some((t, t.invert()));
        steps.push(TraceStep::Conntrack {
            state: CtState::New,
            conn: None,
        });
    }

    /// Applies a confirmed connection's NAT to a later packet: the
    /// destination part at PREROUTING/OUTPUT, the source part at
    /// POSTROUTING/INPUT (`source`).
    fn replay_nat(&self, pkt: &mut Packet, source: bool, steps: &mut Vec<TraceStep>) {
        let Some((id, dir)) = pkt.ct.conn else { return };
        let Some(c) = self.conntrack.get(id) else {
            return;
        };
        // The packet must end up looking like the inverse of the other
        // direction's tuple.
        let want = match dir {
            Direction::Original => c.reply.invert(),
            Direction::Reply => c.original.invert(),
        };
        let kind = match dir {
            Direction::Original => NatKind::Conntrack,
            Direction::Reply => NatKind::ReplyUnNat,
        };
        if pkt.ct.state == Some(CtState::Related) {
            // ICMP error: fix the outer destination and the embedded tuple.
            if !source && dir == Direction::Reply && pkt.dst != c.original.src {
                let before = (pkt.dst, 0);
                pkt.dst = c.original.src;
                pkt.embedded = Some(c.original);
                steps.push(TraceStep::Nat {
                    kind,
                    before,
                    after: (pkt.dst, 0),
                    source: false,
                });
            }
            if source && dir == Direction::Reply && pkt.src == c.reply.src && c.dnat() {
                let before = (pkt.src, 0);
                pkt.src = c.original.dst;
                steps.push(TraceStep::Nat {
                    kind,
                    before,
                    after: (pkt.src, 0),
                    source: true,
                });
            }
            return;
        }
        if source {
            if (pkt.src, pkt.sport) != (want.src, want.sport) {
                let before = (pkt.src, pkt.sport);
                pkt.src = want.src;
                pkt.sport = want.sport;
                steps.push(TraceStep::Nat {
                    kind,
                    before,
                    after: (pkt.src, pkt.sport),
                    source: true,
                });
            }
        } else if (pkt.dst, pkt.dport) != (want.dst, want.dport) {
            let before = (pkt.dst, pkt.dport);
            pkt.dst = want.dst;
            pkt.dport = want.dport;
            steps.push(TraceStep::Nat {
                kind,
                before,
                after: (pkt.dst, pkt.dport),
                source: false,
            });
        }
    }

    /// The nat table at a hook: only the first packet of a connection
    /// walks it; later packets replay the connection's NAT.
    fn nat_hook(
        &mut self,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
        logs: &mut Vec<String>,
    ) -> Verdict {
        let source = matches!(hook, Hook::Postrouting | Hook::Input);
        if hook == Hook::Output && !pkt.ct.seen {
            self.ct_in(pkt, ctx, steps);
        }
        if pkt.ct.pending.is_none() {
            if pkt.ct.conn.is_some() {
                steps.push(TraceStep::NatSkipped { hook });
                if source {
                    self.replay_nat(pkt, true, steps);
                }
            }
            return Verdict::Accept;
        }
        let already = if source {
            pkt.ct.src_done
        } else {
            pkt.ct.dst_done
        };
        if already {
            return Verdict::Accept;
        }
        if source {
            pkt.ct.src_done = true;
        } else {
            pkt.ct.dst_done = true;
        }
        let mut verdict = Verdict::Accept;
        let mut nat_done = false;
        if let Some(ti) = self.tables.iter().position(|t| t.kind == TableKind::Nat) {
            let before = steps.len();
            match self.walk(ti, hook.chain_name(), hook, pkt, ctx, steps, logs) {
                ChainEnd::Verdict(v, _) => verdict = v,
                ChainEnd::Policy(p) => {
                    steps.push(TraceStep::Policy {
                        table: TableKind::Nat,
                        chain: hook.chain_name().into(),
                        policy: p,
                    });
                    if p == Policy::Drop {
                        verdict = Verdict::Drop;
                    }
                }
            }
            nat_done = steps[before..]
                .iter()
                .any(|s| matches!(s, TraceStep::Nat { .. }));
        }
        if source && !nat_done && verdict == Verdict::Accept {
            // Null binding: still make the reply tuple unique (implicit PAT).
            self.implicit_snat(pkt, ctx, steps);
        }
        verdict
    }

    fn implicit_snat(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        let Some((orig, reply)) = pkt.ct.pending else {
            return;
        };
        if !self.conntrack.tuple_taken(&reply, ctx.now_us) {
            return;
        }
        if let Some((a, p)) =
            nat::choose_source(&self.conntrack, &reply, pkt.src, pkt.src, None, ctx.now_us)
        {
            let before = (pkt.src, pkt.sport);
            pkt.src = a;
            pkt.sport = p;
            pkt.ct.pending = Some((
                orig,
                Tuple {
                    dst: a,
                    dport: p,
                    ..reply
                },
            ));
            steps.push(TraceStep::Nat {
                kind: NatKind::ImplicitSnat,
                before,
                after: (a, p),
                source: true,
            });
        }
    }

    /// Applies SNAT/DNAT/MASQUERADE/REDIRECT to a new connection; false
    /// when the packet must be dropped (no address to masquerade to, no
    /// free port).
    fn apply_nat_target(
        &mut self,
        target: &Target,
        hook: Hook,
        pkt: &mut Packet,
        ctx: &HookCtx,
        steps: &mut Vec<TraceStep>,
    ) -> bool {
        let Some((orig, reply)) = pkt.ct.pending else {
            return true;
        };
        let ports_of = |p: Option<(u16, u16)>| match pkt.proto {
            Proto::Tcp | Proto::Udp => p,
            _ => None,
        };
        match target {
            Target::Snat(_) | Target::Masquerade(..) => {
                let (kind, lo, hi, ports) = match target {
                    Target::Snat(r) => (
                        NatKind::Snat,
                        r.addr_lo.unwrap_or(pkt.src),
                        r.addr_hi.or(r.addr_lo).unwrap_or(pkt.src),
                        ports_of(r.ports),
                    ),
                    Target::Masquerade(p, _) => {
                        let Some(a) = ctx.out_addr else { return false };
                        (NatKind::Masquerade, a, a, ports_of(*p))
                    }
                    _ => return true,
                };
                let Some((a, p)) =
                    nat::choose_source(&self.conntrack, &reply, lo, hi, ports, ctx.now_us)
                else {
                    return false;
                };
                let before = (pkt.src, pkt.sport);
                pkt.src = a;
                pkt.sport = p;
                if pkt.proto == Proto::Icmp {
                    pkt.dport = p;
                }
                let mut new_reply = Tuple {
                    dst: a,
                    dport: p,
                    ..reply
                };
                if pkt.proto == Proto::Icmp {
                    new_reply.sport = p;
                }
                pkt.ct.pending = Some((orig, new_reply));
                steps.push(TraceStep::Nat {
                    kind,
                    before,
                    after: (a, p),
                    source: true,
                });
            }
            Target::Dnat(_) | Target::Redirect(_) => {
                let (kind, a, p) = match target {
                    Target::Dnat(r) => {
                        let (a, p) = nat::choose_destination(r, &pkt.tuple());
                        let p = if matches!(pkt.proto, Proto::Tcp | Proto::Udp) {
                            p
                        } else {
                            pkt.dport
                        };
                        (NatKind::Dnat, a, p)
                    }
                    Target::Redirect(ports) => {
                        let a = if hook == Hook::Output {
                            Ipv4Addr::LOCALHOST
                        } else {
                            match ctx.in_addr {
                                Some(a) => a,
                                None => return false,
                            }
                        };
                        let p = ports_of(*ports).map(|(lo, _)| lo).unwrap_or(pkt.dport);
                        (NatKind::Redirect, a, p)
                    }
                    _ => return true,
                };
                let before = (pkt.dst, pkt.dport);
                pkt.dst = a;
                pkt.dport = p;
                pkt.ct.pending = Some((
                    orig,
                    Tuple {
                        src: a,
                        sport: p,
                        ..reply
                    },
                ));
                steps.push(TraceStep::Nat {
                    kind,
                    before,
                    after: (a, p),
                    source: false,
                });
            }
            _ => {}
        }
        true
    }

    /// Confirms a new connection at the end of INPUT/POSTROUTING.
    fn confirm(&mut self, pkt: &mut Packet, ctx: &HookCtx, steps: &mut Vec<TraceStep>) {
        if let Some((orig, reply)) = pkt.ct.pending.take() {
            let icmp_type = if orig.proto == Proto::Icmp {
                pkt.icmp_type
            } else {
                0
            };
            let id = self.conntrack.insert(orig, reply, icmp_type, ctx.now_us);
            if let Some(c) = self.conntrack.get_mut(id) {
                c.update(Direction::Original, pkt.tcp_flags, ctx.now_us);
            }
            pkt.ct.conn = Some((id, Direction::Original));
            steps.push(TraceStep::Confirmed { conn: id });
        }
    }
}

/// Why a hook dropped or rejected a packet and the smallest fix, built
/// from the walk's own steps (never guessed): the deciding rule or policy
/// and the command that would let the packet through.
///
/// ```
/// use netbook::sim::netfilter::{drop_hint, parse::run_line, Hook, HookCtx, Netfilter, Packet};
/// let mut nf = Netfilter::new();
/// run_line(&mut nf, "-P FORWARD DROP").unwrap();
/// let mut p = Packet::ping([10, 201, 0, 2].into(), [192, 168, 1, 10].into(), 1);
/// let r = nf.hook(Hook::Forward, &mut p, &HookCtx::default());
/// let hint = drop_hint(&r.steps, &p).unwrap();
/// assert!(hint.contains("iptables -P FORWARD ACCEPT"));
/// ```
pub fn drop_hint(steps: &[TraceStep], pkt: &Packet) -> Option<String> {
    let (hook, verdict, by) = steps.iter().rev().find_map(|s| match s {
        TraceStep::Verdict { hook, verdict, by } if *verdict != Verdict::Accept => {
            Some((*hook, *verdict, by.clone()))
        }
        _ => None,
    })?;
    let what = match verdict {
        Verdict::Drop => "dropped".to_string(),
        Verdict::Reject(w) => format!("rejected ({})", w.name()),
        Verdict::Accept => return None,
    };
    let chain = hook.chain_name();
    if by.ends_with("policy DROP") {
        let table = by.split(' ').next().unwrap_or("filter");
        let t = if table == "filter" {
            String::new()
        } else {
            format!("-t {table} ")
        };
        return Some(format!(
            "{what} by the {by} at {chain}: allow it with `iptables {t}-I {chain} -s {} -d {} -j ACCEPT` or open the chain with `iptables {t}-P {chain} ACCEPT`",
            pkt.src, pkt.dst
        ));
    }
    let rule = steps.iter().rev().find_map(|s| match s {
        TraceStep::Rule {
            table,
            chain: c,
            num,
            spec,
            result: Ok(()),
        } if by == format!("{table} {c} rule {num}") => {
            Some((*table, c.clone(), *num, spec.clone()))
        }
        _ => None,
    });
    match rule {
        Some((table, c, num, spec)) => {
            let t = if table == TableKind::Filter {
                String::new()
            } else {
                format!("-t {table} ")
            };
            Some(format!(
                "{what} by {by} (`{spec}`): remove it with `iptables {t}-D {c} {num}`"
            ))
        }
        None => Some(format!("{what} at {chain} by {by}")),
    }
}

/// Tests one rule against a packet: `Ok` or the first failing criterion.
pub fn rule_matches(rule: &Rule, pkt: &Packet, ctx: &HookCtx) -> Result<(), Mismatch> {
    if let Some(p) = &rule.proto {
        if (p.proto == pkt.proto) == p.invert {
            return Err(Mismatch::Protocol);
        }
    }
    if let Some(a) = &rule.src {
        if !a.matches(pkt.src) {
            return Err(Mismatch::Source);
        }
    }
    if let Some(a) = &rule.dst {
        if !a.matches(pkt.dst) {
            return Err(Mismatch::Destination);
        }
    }
    if let Some(i) = &rule.in_iface {
        if !i.matches(pkt.in_iface.as_deref()) {
            return Err(Mismatch::InIface);
        }
    }
    if let Some(i) = &rule.out_iface {
        if !i.matches(pkt.out_iface.as_deref()) {
            return Err(Mismatch::OutIface);
        }
    }
    for m in &rule.matches {
        match m {
            Match::Tcp { sport, dport, .. } | Match::Udp { sport, dport } => {
                let want = if matches!(m, Match::Tcp { .. }) {
                    Proto::Tcp
                } else {
                    Proto::Udp
                };
                if pkt.proto != want {
                    return Err(Mismatch::Protocol);
                }
                if sport.is_some_and(|r| !r.matches(pkt.sport))
                    || dport.is_some_and(|r| !r.matches(pkt.dport))
                {
                    return Err(Mismatch::Port);
                }
                if let Match::Tcp { flags: Some(f), .. } = m {
                    let t = pkt.tcp_flags;
                    let bits = u8::from(t.fin)
                        | u8::from(t.syn) << 1
                        | u8::from(t.rst) << 2
                        | u8::from(t.ack) << 4;
                    if (bits & f.mask == f.comp) == f.invert {
                        return Err(Mismatch::TcpFlags);
                    }
                }
            }
            Match::Icmp {
                icmp_type,
                code_min,
                code_max,
                invert,
            } => {
                if pkt.proto != Proto::Icmp {
                    return Err(Mismatch::Protocol);
                }
                let hit = *icmp_type == 0xFF
                    || (pkt.icmp_type == *icmp_type
                        && (*code_min..=*code_max).contains(&pkt.icmp_code));
                if hit == *invert {
                    return Err(Mismatch::IcmpType);
                }
            }
            Match::Conntrack { states, invert } | Match::State { states, invert } => {
                let st = pkt.ct.state.unwrap_or(CtState::Untracked);
                if states.contains(st) == *invert {
                    return Err(Mismatch::State);
                }
            }
            Match::Multiport { dir, ports, invert } => {
                if !matches!(pkt.proto, Proto::Tcp | Proto::Udp) {
                    return Err(Mismatch::Protocol);
                }
                let inr = |p: u16| ports.iter().any(|(lo, hi)| (*lo..=*hi).contains(&p));
                let hit = match dir {
                    rule::MultiportDir::Source => inr(pkt.sport),
                    rule::MultiportDir::Destination => inr(pkt.dport),
                    rule::MultiportDir::Either => inr(pkt.sport) || inr(pkt.dport),
                };
                if hit == *invert {
                    return Err(Mismatch::Port);
                }
            }
            Match::Comment(_) => {}
            Match::Mark {
                value,
                mask,
                invert,
            } => {
                if (pkt.mark & mask == *value) == *invert {
                    return Err(Mismatch::Mark);
                }
            }
            Match::Statistic { mode, invert } => {
                let hit = match mode {
                    // Deterministic stand-in for the kernel's random draw:
                    // a hash of the connection, so runs repeat.
                    rule::Statistic::Random { probability } => {
                        tuple_hash(&pkt.tuple()) & 0x7fff_ffff < *probability
                    }
                    rule::Statistic::Nth {
                        every,
                        packet,
                        count,
                    } => {
                        let n = count.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        n % (*every).max(1) == *packet
                    }
                };
                if hit == *invert {
                    return Err(Mismatch::Statistic);
                }
            }
            Match::AddrType { src, dst } => {
                for (sel, ip) in [(src, pkt.src), (dst, pkt.dst)] {
                    if let Some(sel) = sel {
                        let t = addr_type(ip, ctx);
                        if sel.types.contains(&t) == sel.invert {
                            return Err(Mismatch::AddrType);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// FNV-1a over a tuple: stable across runs and platforms.
fn tuple_hash(t: &Tuple) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    for b in t.src.octets().into_iter().chain(t.dst.octets()) {
        eat(b);
    }
    eat(t.proto.number());
    for b in t
        .sport
        .to_be_bytes()
        .into_iter()
        .chain(t.dport.to_be_bytes())
    {
        eat(b);
    }
    h
}

/// The kernel's address type of `ip` in this namespace.
pub fn addr_type(ip: Ipv4Addr, ctx: &HookCtx) -> AddrType {
    if ctx.local_addrs.contains(&ip) || ip.is_loopback() {
        AddrType::Local
    } else if ip.is_broadcast() || ctx.broadcast_addrs.contains(&ip) {
        AddrType::Broadcast
    } else if ip.is_multicast() {
        AddrType::Multicast
    } else if ip.is_unspecified() {
        AddrType::Unspec
    } else {
        AddrType::Unicast
    }
}

/// A LOG line as `dmesg` prints it (nf_log_ipv4's format, without MAC).
pub fn log_line(now_us: u64, level: u8, prefix: Option<&str>, pkt: &Packet) -> String {
    let _ = level;
    let mut s = format!(
        "[{:>5}.{:06}] {}IN={} OUT={} SRC={} DST={} LEN={} TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=",
        now_us / 1_000_000,
        now_us % 1_000_000,
        prefix.unwrap_or(""),
        pkt.in_iface.as_deref().unwrap_or(""),
        pkt.out_iface.as_deref().unwrap_or(""),
        pkt.src,
        pkt.dst,
        pkt.len,
    );
    match pkt.proto {
        Proto::Tcp => {
            let mut flags = String::new();
            for (on, name) in [
                (pkt.tcp_flags.ack, " ACK"),
                (pkt.tcp_flags.rst, " RST"),
                (pkt.tcp_flags.syn, " SYN"),
                (pkt.tcp_flags.fin, " FIN"),
            ] {
                if on {
                    flags.push_str(name);
                }
            }
            s.push_str(&format!(
                "TCP SPT={} DPT={} WINDOW=64240 RES=0x00{} URGP=0 ",
                pkt.sport, pkt.dport, flags
            ));
        }
        Proto::Udp => s.push_str(&format!(
            "UDP SPT={} DPT={} LEN={} ",
            pkt.sport,
            pkt.dport,
            pkt.len.saturating_sub(20)
        )),
        Proto::Icmp => {
            s.push_str(&format!(
                "ICMP TYPE={} CODE={} ",
                pkt.icmp_type, pkt.icmp_code
            ));
            if matches!(pkt.icmp_type, 0 | 8) {
                s.push_str(&format!("ID={} SEQ=1 ", pkt.sport));
            }
        }
        Proto::Other(n) => s.push_str(&format!("{n} ")),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::parse::run_line;
    use super::*;

    fn nf(lines: &[&str]) -> Netfilter {
        let mut nf = Netfilter::new();
        for l in lines {
            run_line(&mut nf, l).unwrap();
        }
        nf
    }

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn router_ctx(now_us: u64) -> HookCtx {
        HookCtx {
            now_us,
            out_addr: Some(ip("192.168.1.11")),
            local_addrs: vec![ip("192.168.1.11"), ip("10.201.0.1")],
            trace_misses: true,
            ..Default::default()
        }
    }

    /// A packet forwarded by the router: PREROUTING, FORWARD, POSTROUTING.
    fn forward(nf: &mut Netfilter, p: &mut Packet, now_us: u64) -> (Verdict, Vec<TraceStep>) {
        let ctx = router_ctx(now_us);
        let mut steps = Vec::new();
        for h in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
            let r = nf.hook(h, p, &ctx);
            steps.extend(r.steps);
            if r.verdict != Verdict::Accept {
                return (r.verdict, steps);
            }
        }
        (Verdict::Accept, steps)
    }

    #[test]
    fn matching_rules_counts_and_explains() {
        let mut n = nf(&[
            "-A INPUT -p tcp --dport 22 -j ACCEPT",
            "-A INPUT ! -s 10.0.0.0/8 -i eth+ -j DROP",
            "-P INPUT ACCEPT",
        ]);
        let ctx = HookCtx {
            trace_misses: true,
            ..Default::default()
        };
        let mut p = Packet::tcp_syn(ip("192.0.2.1"), ip("10.0.0.1"), 40000, 80);
        p.in_iface = Some("eth0".into());
        let r = n.hook(Hook::Input, &mut p, &ctx);
        assert_eq!(r.verdict, Verdict::Drop);
        assert!(r.steps.iter().any(|s| matches!(
            s,
            TraceStep::Rule {
                num: 1,
                result: Err(Mismatch::Port),
                ..
            }
        )));
        // Inside 10/8 or on another interface the DROP rule does not match.
        let mut p = Packet::tcp_syn(ip("10.1.1.1"), ip("10.0.0.1"), 40000, 80);
        p.in_iface = Some("eth0".into());
        assert_eq!(n.hook(Hook::Input, &mut p, &ctx).verdict, Verdict::Accept);
        let mut p = Packet::tcp_syn(ip("192.0.2.1"), ip("10.0.0.1"), 40000, 80);
        p.in_iface = Some("veth0".into());
        assert_eq!(n.hook(Hook::Input, &mut p, &ctx).verdict, Verdict::Accept);
        let t = n.table(TableKind::Filter).unwrap();
        let input = t.chain("INPUT").unwrap();
        assert_eq!(input.rules[1].counters.packets, 1);
        assert_eq!(input.rules[1].counters.bytes, 60);
        assert_eq!(
            input.policy_counters.packets, 0,
            "nf_tables does not count policies"
        );
    }

    #[test]
    fn targets_reject_log_return_and_user_chains() {
        let mut n = nf(&[
            "-N CHECK",
            "-A CHECK -p icmp --icmp-type echo-request -j LOG --log-prefix \"ping: \"",
            "-A CHECK -s 10.0.0.9 -j RETURN",
            "-A CHECK -p icmp -j REJECT --reject-with icmp-host-prohibited",
            "-A INPUT -j CHECK",
            "-A INPUT -j DROP",
        ]);
        let ctx = HookCtx {
            now_us: 1_500_000,
            ..Default::default()
        };
        let mut p = Packet::ping(ip("10.0.0.5"), ip("10.0.0.1"), 3);
        let r = n.hook(Hook::Input, &mut p, &ctx);
        assert_eq!(r.verdict, Verdict::Reject(RejectWith::HostProhibited));
        assert_eq!(r.logs.len(), 1);
        assert!(
            r.logs[0].starts_with("[    1.500000] ping: IN= OUT= SRC=10.0.0.5 DST=10.0.0.1 LEN=84")
        );
        assert_eq!(n.dmesg.len(), 1);
        // RETURN goes back to INPUT, whose next rule drops.
        let mut p = Packet::ping(ip("10.0.0.9"), ip("10.0.0.1"), 3);
        let r = n.hook(Hook::Input, &mut p, &ctx);
        assert_eq!(r.verdict, Verdict::Drop);
        assert!(
            matches!(r.steps.last(), Some(TraceStep::Verdict { by, .. }) if by == "filter INPUT rule 2")
        );
    }

    #[test]
    fn conntrack_states_and_established_rule() {
        let mut n = nf(&[
            "-P FORWARD DROP",
            "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -s 10.201.0.0/24 -j ACCEPT",
        ]);
        let mut out = Packet::ping(ip("10.201.0.2"), ip("192.168.1.10"), 9);
        assert_eq!(forward(&mut n, &mut out, 0).0, Verdict::Accept);
        let mut reply = Packet::ping(ip("192.168.1.10"), ip("10.201.0.2"), 9);
        reply.icmp_type = 0;
        let (v, steps) = forward(&mut n, &mut reply, 1000);
        assert_eq!(v, Verdict::Accept);
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Conntrack {
                state: CtState::Established,
                ..
            }
        )));
        // A new connection from outside is NEW and hits the policy.
        let mut inbound = Packet::ping(ip("192.168.1.10"), ip("10.201.0.2"), 10);
        assert_eq!(forward(&mut n, &mut inbound, 2000).0, Verdict::Drop);
        // An unsolicited echo reply is INVALID.
        let mut stray = Packet::ping(ip("192.168.1.10"), ip("10.201.0.2"), 11);
        stray.icmp_type = 0;
        let (_, steps) = forward(&mut n, &mut stray, 3000);
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Conntrack {
                state: CtState::Invalid,
                ..
            }
        )));
    }

    #[test]
    fn masquerade_then_reply_is_un_natted() {
        let mut n = nf(&["-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"]);
        let mut p = Packet::tcp_syn(ip("10.201.0.2"), ip("192.168.1.10"), 40000, 80);
        let (v, steps) = forward(&mut n, &mut p, 0);
        assert_eq!(v, Verdict::Accept);
        assert_eq!((p.src, p.sport), (ip("192.168.1.11"), 40000));
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Nat {
                kind: NatKind::Masquerade,
                ..
            }
        )));
        let entries = n.conntrack.entries(0);
        assert_eq!(entries.len(), 1);
        assert!(entries[0].1.snat());
        // The outside host answers the router's address; conntrack sends
        // it back to the inside host without walking the nat table.
        let mut r = Packet::new(
            ip("192.168.1.10"),
            ip("192.168.1.11"),
            Proto::Tcp,
            80,
            40000,
        );
        r.tcp_flags = TcpFlags {
            syn: true,
            ack: true,
            ..Default::default()
        };
        let (v, steps) = forward(&mut n, &mut r, 10);
        assert_eq!(v, Verdict::Accept);
        assert_eq!((r.dst, r.dport), (ip("10.201.0.2"), 40000));
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Nat {
                kind: NatKind::ReplyUnNat,
                ..
            }
        )));
        assert!(steps
            .iter()
            .any(|s| matches!(s, TraceStep::NatSkipped { .. })));
        let c = n.conntrack.entries(10)[0].1.clone();
        assert_eq!(c.tcp_state, Some(conntrack::TcpState::SynRecv));
    }

    #[test]
    fn pat_gives_the_second_host_another_port() {
        let mut n = nf(&["-t nat -A POSTROUTING -o eth0 -j MASQUERADE"]);
        let go = |n: &mut Netfilter, src: &str| {
            let mut p = Packet::new(ip(src), ip("8.8.8.8"), Proto::Udp, 5000, 53);
            p.out_iface = Some("eth0".into());
            forward(n, &mut p, 0);
            (p.src, p.sport)
        };
        assert_eq!(go(&mut n, "10.201.0.2"), (ip("192.168.1.11"), 5000));
        assert_eq!(go(&mut n, "10.201.0.3"), (ip("192.168.1.11"), 5001));
        assert_eq!(n.conntrack.len(0), 2);
    }

    #[test]
    fn dnat_port_forward_and_reply_source_restored() {
        let mut n = nf(&[
            "-t nat -A PREROUTING -d 200.200.200.10 -j DNAT --to-destination 172.128.0.11",
            "-t nat -A PREROUTING -d 200.200.200.10 -p tcp --dport 8080 -j DNAT --to-destination 172.128.0.12:80",
        ]);
        let mut p = Packet::ping(ip("1.2.3.4"), ip("200.200.200.10"), 1);
        forward(&mut n, &mut p, 0);
        assert_eq!(p.dst, ip("172.128.0.11"));
        let mut reply = Packet::ping(ip("172.128.0.11"), ip("1.2.3.4"), 1);
        reply.icmp_type = 0;
        forward(&mut n, &mut reply, 5);
        assert_eq!(
            reply.src,
            ip("200.200.200.10"),
            "the client sees the public address"
        );
        // First rule matches all protocols, so tcp/8080 goes to .11 too.
        let mut t = Packet::tcp_syn(ip("1.2.3.4"), ip("200.200.200.10"), 4000, 8080);
        forward(&mut n, &mut t, 0);
        assert_eq!((t.dst, t.dport), (ip("172.128.0.11"), 8080));
        run_line(&mut n, "-t nat -D PREROUTING 1").unwrap();
        let mut t = Packet::tcp_syn(ip("1.2.3.5"), ip("200.200.200.10"), 4000, 8080);
        forward(&mut n, &mut t, 0);
        assert_eq!((t.dst, t.dport), (ip("172.128.0.12"), 80));
    }

    #[test]
    fn drop_hints_name_the_rule_and_the_fix() {
        let mut n = nf(&["-A FORWARD -p icmp -j REJECT"]);
        let mut p = Packet::ping(ip("10.0.0.1"), ip("10.0.1.1"), 1);
        let r = n.hook(Hook::Forward, &mut p, &HookCtx::default());
        assert_eq!(
            drop_hint(&r.steps, &p).unwrap(),
            "rejected (icmp-port-unreachable) by filter FORWARD rule 1 (`-A FORWARD -p icmp -j REJECT --reject-with icmp-port-unreachable`): remove it with `iptables -D FORWARD 1`"
        );
        let mut ok = Packet::tcp_syn(ip("10.0.0.1"), ip("10.0.1.1"), 1, 2);
        let r = n.hook(Hook::Forward, &mut ok, &HookCtx::default());
        assert_eq!(drop_hint(&r.steps, &ok), None);
    }

    #[test]
    fn icmp_error_is_related_and_un_natted() {
        let mut n = nf(&["-t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE"]);
        let mut p = Packet::new(ip("10.201.0.2"), ip("192.168.1.10"), Proto::Udp, 5000, 53);
        forward(&mut n, &mut p, 0);
        let seen_outside = p.tuple();
        assert_eq!(seen_outside.src, ip("192.168.1.11"));
        // The outside host answers with port unreachable, quoting the
        // datagram as it received it.
        let mut err = Packet::new(ip("192.168.1.10"), ip("192.168.1.11"), Proto::Icmp, 0, 0);
        err.icmp_type = 3;
        err.icmp_code = 3;
        err.embedded = Some(seen_outside);
        let (v, steps) = forward(&mut n, &mut err, 10);
        assert_eq!(v, Verdict::Accept);
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Conntrack {
                state: CtState::Related,
                ..
            }
        )));
        assert_eq!(err.dst, ip("10.201.0.2"));
        assert_eq!(
            err.embedded.map(|t| (t.src, t.sport)),
            Some((ip("10.201.0.2"), 5000))
        );
        // An error about nothing we know is INVALID.
        let mut stray = err.clone();
        stray.enter_netns();
        stray.embedded = Some(Tuple {
            sport: 1,
            ..seen_outside
        });
        let (_, steps) = forward(&mut n, &mut stray, 20);
        assert!(steps.iter().any(|s| matches!(
            s,
            TraceStep::Conntrack {
                state: CtState::Invalid,
                ..
            }
        )));
    }

    #[test]
    fn syn_matches_only_connection_openings() {
        let mut n = nf(&["-A INPUT -p tcp --syn -j DROP"]);
        let ctx = HookCtx::default();
        let mut syn = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.1"), 1000, 22);
        assert_eq!(n.hook(Hook::Input, &mut syn, &ctx).verdict, Verdict::Drop);
        let mut ack = Packet::new(ip("10.0.0.2"), ip("10.0.0.1"), Proto::Tcp, 1000, 22);
        ack.tcp_flags.ack = true;
        assert_eq!(n.hook(Hook::Input, &mut ack, &ctx).verdict, Verdict::Accept);
    }

    #[test]
    fn mark_and_statistic() {
        let mut n = nf(&[
            "-t mangle -A PREROUTING -j MARK --or-mark 0x4000",
            "-t mangle -A INPUT -m mark --mark 0x4000/0x4000 -j DROP",
        ]);
        let ctx = HookCtx::default();
        let mut p = Packet::ping(ip("10.0.0.2"), ip("10.0.0.1"), 1);
        assert_eq!(
            n.hook(Hook::Prerouting, &mut p, &ctx).verdict,
            Verdict::Accept
        );
        assert_eq!(p.mark, 0x4000);
        assert_eq!(n.hook(Hook::Input, &mut p, &ctx).verdict, Verdict::Drop);

        // kube-proxy style load balancing: about half go to each endpoint,
        // and the same connection always picks the same one.
        let mut lb = nf(&[
            "-t nat -N SVC",
            "-t nat -A PREROUTING -d 10.96.0.10 -p udp --dport 53 -j SVC",
            "-t nat -A SVC -p udp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.244.0.2:53",
            "-t nat -A SVC -p udp -j DNAT --to-destination 10.244.0.3:53",
        ]);
        let pick = |lb: &mut Netfilter, sport: u16| {
            let mut p = Packet::new(ip("10.244.0.9"), ip("10.96.0.10"), Proto::Udp, sport, 53);
            lb.hook(Hook::Prerouting, &mut p, &ctx);
            p.dst
        };
        let first: usize = (0..200u16)
            .filter(|i| pick(&mut lb, 30000 + i) == ip("10.244.0.2"))
            .count();
        assert!((60..=140).contains(&first), "{first} of 200");
        assert_eq!(pick(&mut lb, 30001), pick(&mut lb, 30001));

        let mut nth = nf(&["-A INPUT -m statistic --mode nth --every 2 --packet 0 -j DROP"]);
        let verdicts: Vec<Verdict> = (0..4)
            .map(|i| {
                let mut p = Packet::ping(ip("10.0.0.2"), ip("10.0.0.1"), i);
                nth.hook(Hook::Input, &mut p, &ctx).verdict
            })
            .collect();
        assert_eq!(
            verdicts,
            vec![
                Verdict::Drop,
                Verdict::Accept,
                Verdict::Drop,
                Verdict::Accept
            ]
        );
        // The nth counter does not stop -D by spec from finding the rule.
        run_line(
            &mut nth,
            "-D INPUT -m statistic --mode nth --every 2 --packet 0 -j DROP",
        )
        .unwrap();
    }

    #[test]
    fn note_rules_accept_and_policy() {
        let mut n = nf(&["-I INPUT -s 210.158.63.128 -j ACCEPT", "-P INPUT DROP"]);
        let ctx = HookCtx::default();
        let mut ok = Packet::ping(ip("210.158.63.128"), ip("10.0.0.1"), 1);
        assert_eq!(n.hook(Hook::Input, &mut ok, &ctx).verdict, Verdict::Accept);
        let mut no = Packet::ping(ip("210.158.63.129"), ip("10.0.0.1"), 1);
        assert_eq!(n.hook(Hook::Input, &mut no, &ctx).verdict, Verdict::Drop);
        run_line(&mut n, "--policy INPUT ACCEPT").unwrap();
        let mut no = Packet::ping(ip("210.158.63.129"), ip("10.0.0.1"), 2);
        assert_eq!(n.hook(Hook::Input, &mut no, &ctx).verdict, Verdict::Accept);
    }

    #[test]
    fn addrtype_multiport_and_redirect() {
        let mut n = nf(&[
            "-t nat -A PREROUTING -p tcp -m addrtype --dst-type LOCAL -m multiport --dports 80,443 -j REDIRECT --to-ports 8080",
        ]);
        let ctx = HookCtx {
            in_addr: Some(ip("10.0.0.1")),
            local_addrs: vec![ip("10.0.0.1")],
            ..Default::default()
        };
        let mut p = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.1"), 1234, 443);
        n.hook(Hook::Prerouting, &mut p, &ctx);
        assert_eq!((p.dst, p.dport), (ip("10.0.0.1"), 8080));
        let mut q = Packet::tcp_syn(ip("10.0.0.2"), ip("10.0.0.9"), 1234, 443);
        n.hook(Hook::Prerouting, &mut q, &ctx);
        assert_eq!((q.dst, q.dport), (ip("10.0.0.9"), 443));
    }
}
