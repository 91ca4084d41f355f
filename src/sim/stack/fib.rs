//! A compact IPv4 longest-prefix-match index over a route table.
//!
//! Same answer as [`route::lookup`](super::route::lookup) (ip-route(8):
//! longest prefix, then lowest metric; ties go to the first route in the
//! slice), but in two or three array reads instead of a scan. The layout is
//! a 16-8-8 multibit trie with controlled prefix expansion (the idea of
//! DIR-24-8, Gupta/Lin/McKeown 1998, with a smaller first level): the first
//! table has one slot per /16, each slot holds either the best route for
//! that whole /16 or a pointer to a 256-slot node for the next 8 bits.

use super::route::Route;
use core::net::Ipv4Addr;

/// Slot flag: the rest of the slot is a node number, not a route.
const CHILD: u32 = 1 << 31;
/// Slot value for "no route" (routes are stored as index + 1).
const EMPTY: u32 = 0;

/// A longest-prefix-match index built once from a `&[Route]`.
///
/// ```
/// use netbook::sim::fib::Fib;
/// use netbook::sim::route::{Route, RouteKind, RouteProto, RouteScope};
/// use netbook::sim::link::LinkId;
/// let r = |dst: &str, metric| Route { dst: dst.parse().unwrap(), via: None, dev: LinkId(0),
///     proto: RouteProto::BOOT, scope: RouteScope::Link, src: None, metric, linkdown: false,
///     kind: RouteKind::Unicast };
/// let table = vec![r("0.0.0.0/0", 0), r("10.0.0.0/8", 5), r("10.0.0.0/8", 1), r("10.1.0.0/16", 9)];
/// let fib = Fib::new(&table);
/// assert_eq!(fib.lookup("10.1.2.3".parse().unwrap()), Some(3));
/// assert_eq!(fib.lookup("10.2.0.1".parse().unwrap()), Some(2));
/// assert_eq!(fib.lookup("8.8.8.8".parse().unwrap()), Some(0));
/// assert_eq!(Fib::new(&table[1..]).lookup("8.8.8.8".parse().unwrap()), None);
/// ```
#[derive(Debug, Clone)]
pub struct Fib {
    /// One slot per /16.
    top: Vec<u32>,
    /// 256-slot nodes, flat: node `n` is `nodes[n * 256..][..256]`.
    nodes: Vec<u32>,
}

/// What the builder compares slots by: prefix length and metric per route.
struct Keys<'a>(&'a [Route]);

impl Keys<'_> {
    /// True when route `new` beats the route stored in `slot`.
    #[inline]
    fn better(&self, new: usize, slot: u32) -> bool {
        if slot == EMPTY {
            return true;
        }
        let old = (slot - 1) as usize;
        let key = |i: usize| {
            let r = &self.0[i];
            (
                r.dst.prefix_len(),
                std::cmp::Reverse(r.metric),
                std::cmp::Reverse(i),
            )
        };
        key(new) > key(old)
    }
}

impl Fib {
    /// Builds the index; `lookup` then answers with indices into `routes`.
    ///
    /// # Panics
    /// With 2^31 routes or more (slots keep one bit for node pointers).
    pub fn new(routes: &[Route]) -> Fib {
        assert!(routes.len() < CHILD as usize, "too many routes for a Fib");
        // Shorter prefixes first: a node created for a longer prefix then
        // starts from its parent slot, which already holds every shorter
        // prefix covering it. (`set` descends into nodes anyway, so the
        // order is for speed, not correctness.)
        let mut order: Vec<u32> = (0..routes.len() as u32).collect();
        order.sort_by_key(|&i| routes[i as usize].dst.prefix_len());
        let mut fib = Fib {
            top: vec![EMPTY; 1 << 16],
            nodes: Vec::new(),
        };
        for i in order {
            fib.add(routes, i as usize);
        }
        // Growth doubled the node array; give the slack back (later adds
        // grow it again as needed).
        fib.nodes.shrink_to_fit();
        fib
    }

    /// Adds `routes[i]` to an index built from `routes[..i]` (or any index
    /// over a prefix of the same slice): the result equals `Fib::new(routes)`
    /// restricted to `routes[..=i]`.
    ///
    /// # Panics
    /// When `i` is out of bounds or reaches 2^31.
    pub fn add(&mut self, routes: &[Route], i: usize) {
        assert!(i < CHILD as usize, "too many routes for a Fib");
        let dst = routes[i].dst;
        self.insert(&Keys(routes), i, u32::from(dst.network()), dst.prefix_len());
    }

    /// Rewrites every slot under prefix `net/len` (nodes included) that
    /// answers route `from` so that it answers `to` instead (`None`: no
    /// route). With `to` the best route covering the prefix once `from` is
    /// gone, this removes `from`; with `to` an index `from` moved to, it
    /// renumbers. Slots held by longer prefixes are left alone.
    pub fn repoint(&mut self, net: u32, len: u8, from: usize, to: Option<usize>) {
        let (from, to) = (from as u32 + 1, to.map_or(EMPTY, |t| t as u32 + 1));
        if len <= 16 {
            let first = (net >> 16) as usize;
            for s in first..first + (1usize << (16 - len)) {
                let v = self.top[s];
                if v & CHILD != 0 {
                    self.repoint_node((v & !CHILD) as usize, 0, 256, from, to);
                } else if v == from {
                    self.top[s] = to;
                }
            }
            return;
        }
        let Some(node) = self.child(self.top[(net >> 16) as usize]) else {
            return self.repoint_top_leaf(net, from, to);
        };
        if len <= 24 {
            let first = ((net >> 8) & 0xff) as usize;
            return self.repoint_node(node, first, first + (1 << (24 - len)), from, to);
        }
        let s = node * 256 + ((net >> 8) & 0xff) as usize;
        match self.child(self.nodes[s]) {
            Some(leaf) => {
                let first = (net & 0xff) as usize;
                self.repoint_node(leaf, first, first + (1 << (32 - len)), from, to);
            }
            None if self.nodes[s] == from => self.nodes[s] = to,
            None => {}
        }
    }

    /// A /17../32 prefix whose /16 slot was never split: the slot itself.
    fn repoint_top_leaf(&mut self, net: u32, from: u32, to: u32) {
        let s = (net >> 16) as usize;
        if self.top[s] == from {
            self.top[s] = to;
        }
    }

    fn repoint_node(&mut self, node: usize, lo: usize, hi: usize, from: u32, to: u32) {
        for s in lo..hi {
            let v = self.nodes[node * 256 + s];
            if v & CHILD != 0 {
                self.repoint_node((v & !CHILD) as usize, 0, 256, from, to);
            } else if v == from {
                self.nodes[node * 256 + s] = to;
            }
        }
    }

    fn child(&self, v: u32) -> Option<usize> {
        (v & CHILD != 0).then_some((v & !CHILD) as usize)
    }

    /// Expands one prefix into the slots it covers.
    fn insert(&mut self, keys: &Keys, route: usize, net: u32, len: u8) {
        if len <= 16 {
            let first = (net >> 16) as usize;
            for s in first..first + (1usize << (16 - len)) {
                self.set_top(keys, route, s);
            }
            return;
        }
        let mut node = self.child_of_top((net >> 16) as usize);
        if len <= 24 {
            let first = ((net >> 8) & 0xff) as usize;
            for s in first..first + (1usize << (24 - len)) {
                self.set_node(keys, route, node, s);
            }
            return;
        }
        node = self.child_of_node(node, ((net >> 8) & 0xff) as usize);
        let first = (net & 0xff) as usize;
        for s in first..first + (1usize << (32 - len)) {
            self.set_node(keys, route, node, s);
        }
    }

    fn set_top(&mut self, keys: &Keys, route: usize, s: usize) {
        let v = self.top[s];
        if v & CHILD != 0 {
            for c in 0..256 {
                self.set_node(keys, route, (v & !CHILD) as usize, c);
            }
        } else if keys.better(route, v) {
            self.top[s] = route as u32 + 1;
        }
    }

    fn set_node(&mut self, keys: &Keys, route: usize, node: usize, s: usize) {
        let v = self.nodes[node * 256 + s];
        if v & CHILD != 0 {
            for c in 0..256 {
                self.set_node(keys, route, (v & !CHILD) as usize, c);
            }
        } else if keys.better(route, v) {
            self.nodes[node * 256 + s] = route as u32 + 1;
        }
    }

    /// A new node whose 256 slots all start as `fill`.
    fn new_node(&mut self, fill: u32) -> usize {
        let n = self.nodes.len() / 256;
        assert!(n < CHILD as usize, "too many Fib nodes");
        self.nodes.resize(self.nodes.len() + 256, fill);
        n
    }

    fn child_of_top(&mut self, s: usize) -> usize {
        let v = self.top[s];
        if v & CHILD != 0 {
            return (v & !CHILD) as usize;
        }
        let n = self.new_node(v);
        self.top[s] = CHILD | n as u32;
        n
    }

    fn child_of_node(&mut self, node: usize, s: usize) -> usize {
        let v = self.nodes[node * 256 + s];
        if v & CHILD != 0 {
            return (v & !CHILD) as usize;
        }
        let n = self.new_node(v);
        self.nodes[node * 256 + s] = CHILD | n as u32;
        n
    }

    /// Index of the best route for `dst` in the slice the index was built
    /// from: the same route [`route::lookup`](super::route::lookup) picks.
    #[inline]
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<usize> {
        let a = u32::from(dst);
        let mut v = self.top[(a >> 16) as usize];
        if v & CHILD != 0 {
            v = self.nodes[((v & !CHILD) as usize) * 256 + ((a >> 8) & 0xff) as usize];
            if v & CHILD != 0 {
                v = self.nodes[((v & !CHILD) as usize) * 256 + (a & 0xff) as usize];
            }
        }
        (v != EMPTY).then(|| (v - 1) as usize)
    }

    /// Bytes held by the index's tables.
    pub fn memory_bytes(&self) -> usize {
        (self.top.capacity() + self.nodes.capacity()) * std::mem::size_of::<u32>()
    }
}

/// What a [`PackedFib`] slot answers: a shared next hop, or (for a route
/// whose answer is not shared) the route's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// Index into the caller's next-hop table.
    Hop(u16),
    /// Index into the route slice.
    Route(usize),
}

/// Packed-slot flag: the value is a route index, not a next-hop id + 1.
const ROUTE: u32 = 1 << 30;

/// Words of a packed node's header: one of four cumulative counts (u8
/// each), then the 256-bit run-start map as eight words.
const HEAD: usize = 9;

/// A read-only copy of a [`Fib`] whose slots hold next-hop ids and whose
/// 256-slot nodes are run-length packed: bit `s` of a node's map is set
/// where slot `s` starts a run of equal values, and the run's value is the
/// rank-th word after the header (poptrie's trick, Asai & Ohara 2015).
/// Values sit right after their map, so one lookup level is one or two
/// adjacent cache lines, and a 1M-route Internet table shrinks from
/// ~100 MiB to a few MiB.
#[derive(Debug, Clone)]
pub struct PackedFib {
    top: Vec<u32>,
    /// Nodes back to back: `HEAD` header words, then the run values.
    arena: Vec<u32>,
}

impl PackedFib {
    /// Packs `fib`, built from routes whose next-hop ids are `hop_of`
    /// (`u16::MAX`: not shared, answer with the route index).
    ///
    /// # Panics
    /// When `hop_of` is shorter than the route slice `fib` was built from,
    /// or with 2^30 routes or more.
    pub fn new(fib: &Fib, hop_of: &[u16]) -> PackedFib {
        assert!(
            hop_of.len() < ROUTE as usize,
            "too many routes for a PackedFib"
        );
        let mut p = PackedFib {
            top: Vec::with_capacity(1 << 16),
            arena: Vec::new(),
        };
        for s in 0..1 << 16 {
            let v = p.pack_value(fib, hop_of, fib.top[s]);
            p.top.push(v);
        }
        assert!(p.arena.len() < CHILD as usize, "PackedFib too large");
        p.arena.shrink_to_fit();
        p
    }

    fn pack_value(&mut self, fib: &Fib, hop_of: &[u16], v: u32) -> u32 {
        if v & CHILD != 0 {
            return CHILD | self.pack_node(fib, hop_of, (v & !CHILD) as usize);
        }
        if v == EMPTY {
            return EMPTY;
        }
        let route = (v - 1) as usize;
        match hop_of[route] {
            u16::MAX => ROUTE | route as u32,
            h => u32::from(h) + 1,
        }
    }

    fn pack_node(&mut self, fib: &Fib, hop_of: &[u16], node: usize) -> u32 {
        let mut values = [0u32; 256];
        let mut prev = None;
        for (s, v) in values.iter_mut().enumerate() {
            let raw = fib.nodes[node * 256 + s];
            // Expanded prefixes repeat a slot value; map each run once.
            *v = match prev {
                Some((r, packed)) if r == raw => packed,
                _ => self.pack_value(fib, hop_of, raw),
            };
            prev = Some((raw, *v));
        }
        let at = self.arena.len();
        let mut starts = [0u64; 4];
        let mut runs = Vec::new();
        for s in 0..256 {
            if s == 0 || values[s] != values[s - 1] {
                starts[s >> 6] |= 1 << (s & 63);
                runs.push(values[s]);
            }
        }
        let mut cum = 0u32;
        let mut counts = 0u32;
        for (w, x) in starts.iter().enumerate() {
            // At most 192 starts precede the last word: fits a byte.
            counts |= cum << (8 * w);
            cum += x.count_ones();
        }
        self.arena.push(counts);
        for x in starts {
            self.arena.push(x as u32);
            self.arena.push((x >> 32) as u32);
        }
        self.arena.extend(runs);
        at as u32
    }

    #[inline]
    fn slot(&self, at: u32, s: u32) -> u32 {
        let at = at as usize;
        let w = (s >> 6) as usize;
        let lo = self.arena[at + 1 + 2 * w];
        let hi = self.arena[at + 2 + 2 * w];
        let word = u64::from(lo) | (u64::from(hi) << 32);
        let before = (self.arena[at] >> (8 * w)) & 0xff;
        let rank = before + (word & (u64::MAX >> (63 - (s & 63)))).count_ones();
        self.arena[at + HEAD + rank as usize - 1]
    }

    /// The answer for `dst`: the same route [`Fib::lookup`] finds, as its
    /// next-hop id when it has one.
    #[inline]
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<Leaf> {
        let a = u32::from(dst);
        let mut v = self.top[(a >> 16) as usize];
        if v & CHILD != 0 {
            v = self.slot(v & !CHILD, (a >> 8) & 0xff);
            if v & CHILD != 0 {
                v = self.slot(v & !CHILD, a & 0xff);
            }
        }
        match v {
            EMPTY => None,
            v if v & ROUTE != 0 => Some(Leaf::Route((v & !ROUTE) as usize)),
            v => Some(Leaf::Hop((v - 1) as u16)),
        }
    }

    /// Bytes held by the packed tables.
    pub fn memory_bytes(&self) -> usize {
        (self.top.capacity() + self.arena.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::stack::link::LinkId;
    use crate::sim::stack::route::lookup;
    use ipnet::Ipv4Net;
    use proptest::prelude::*;

    fn route(net: u32, len: u8, metric: u32) -> Route {
        let dst = Ipv4Net::new(Ipv4Addr::from(net), len).unwrap().trunc();
        Route {
            metric,
            ..Route::boot(dst, None, LinkId(0))
        }
    }

    fn same(routes: &[Route], dst: Ipv4Addr) {
        let fib = Fib::new(routes);
        let want = lookup(routes, dst).map(|r| r as *const Route);
        let got = fib.lookup(dst).map(|i| &routes[i] as *const Route);
        assert_eq!(got, want, "dst {dst}");
    }

    #[test]
    fn empty_table_has_no_route() {
        assert_eq!(Fib::new(&[]).lookup(Ipv4Addr::new(1, 2, 3, 4)), None);
    }

    #[test]
    fn ties_go_to_the_first_route() {
        let t = vec![route(0x0a00_0000, 8, 3), route(0x0a00_0000, 8, 3)];
        assert_eq!(Fib::new(&t).lookup(Ipv4Addr::new(10, 9, 9, 9)), Some(0));
        same(&t, Ipv4Addr::new(10, 9, 9, 9));
    }

    #[test]
    fn shorter_prefix_added_after_longer_reaches_the_nodes() {
        // A /0 listed after a /32 must still answer for the /32's neighbours.
        let t = vec![
            route(0x0a01_0203, 32, 0),
            route(0, 0, 7),
            route(0x0a01_0200, 25, 1),
        ];
        let fib = Fib::new(&t);
        assert_eq!(fib.lookup(Ipv4Addr::new(10, 1, 2, 3)), Some(0));
        assert_eq!(fib.lookup(Ipv4Addr::new(10, 1, 2, 4)), Some(2));
        assert_eq!(fib.lookup(Ipv4Addr::new(10, 1, 2, 200)), Some(1));
        assert_eq!(fib.lookup(Ipv4Addr::new(192, 0, 2, 1)), Some(1));
    }

    /// Prefixes drawn near a few bases so that they nest and collide.
    fn arb_route() -> impl Strategy<Value = Route> {
        (
            prop::sample::select(vec![0u32, 0x0a00_0000, 0x0a01_0200, 0xc0a8_0100]),
            any::<u32>(),
            prop_oneof![Just(0u8), Just(32u8), 0u8..=32],
            0u32..4,
        )
            .prop_map(|(base, noise, len, metric)| {
                // Keep the noise mostly in the low bits so prefixes overlap.
                let net = base ^ (noise & (noise >> (noise % 32)));
                route(net, len, metric)
            })
    }

    fn arb_dst(routes: &[Route]) -> impl Strategy<Value = Ipv4Addr> {
        let nets: Vec<u32> = routes.iter().map(|r| u32::from(r.dst.network())).collect();
        let near = if nets.is_empty() { vec![0] } else { nets };
        (
            prop::sample::select(near),
            any::<u8>(),
            any::<u32>(),
            any::<bool>(),
        )
            .prop_map(|(net, low, any, random)| {
                Ipv4Addr::from(if random { any } else { net ^ u32::from(low) })
            })
    }

    proptest! {
        #[test]
        fn adding_one_by_one_equals_building_at_once(
            (routes, dsts) in prop::collection::vec(arb_route(), 0..40).prop_flat_map(|routes| {
                let dsts = prop::collection::vec(arb_dst(&routes), 1..30);
                (Just(routes), dsts)
            })
        ) {
            let whole = Fib::new(&routes);
            let mut grown = Fib::new(&[]);
            for i in 0..routes.len() {
                grown.add(&routes, i);
            }
            for dst in dsts {
                prop_assert_eq!(grown.lookup(dst), whole.lookup(dst), "dst {}", dst);
            }
        }

        #[test]
        fn packed_fib_agrees_with_the_fib(
            (routes, dsts, shared) in prop::collection::vec(arb_route(), 0..40).prop_flat_map(|routes| {
                let n = routes.len();
                let dsts = prop::collection::vec(arb_dst(&routes), 1..30);
                // Some routes share a next hop, some have none (u16::MAX).
                let shared = prop::collection::vec(prop_oneof![0u16..3, Just(u16::MAX)], n);
                (Just(routes), dsts, shared)
            })
        ) {
            let fib = Fib::new(&routes);
            let packed = PackedFib::new(&fib, &shared);
            for dst in dsts {
                let want = fib.lookup(dst).map(|i| match shared[i] {
                    u16::MAX => Leaf::Route(i),
                    h => Leaf::Hop(h),
                });
                prop_assert_eq!(packed.lookup(dst), want, "dst {}", dst);
            }
        }

        #[test]
        fn fib_agrees_with_linear_lookup(
            (routes, dsts) in prop::collection::vec(arb_route(), 0..40).prop_flat_map(|routes| {
                let dsts = prop::collection::vec(arb_dst(&routes), 1..30);
                (Just(routes), dsts)
            })
        ) {
            let fib = Fib::new(&routes);
            for dst in dsts {
                let want = lookup(&routes, dst).map(|r| r as *const Route);
                let got = fib.lookup(dst).map(|i| &routes[i] as *const Route);
                prop_assert_eq!(got, want, "dst {}", dst);
            }
        }
    }
}
