//! One namespace's routing table: the routes in insertion order, a hash
//! index by (prefix, metric) for adds and deletes, and the FIB
//! ([`super::fib`]) for lookups, rebuilt lazily.

use super::fib::{Fib, Leaf, PackedFib};
use super::link::LinkId;
use super::route::{lookup, Route, RouteKind};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

/// Below this many routes a scan beats building a [`Fib`] (whose first
/// level alone is 256 KiB, too much for each of thousands of namespaces).
/// A route's place in the FIB dump: network, longer prefix first, metric.
pub(crate) type Key = (u32, Reverse<u8>, u32);

pub(crate) const FIB_MIN: usize = 64;

pub(crate) fn key(dst: Ipv4Net, metric: u32) -> Key {
    (u32::from(dst.network()), Reverse(dst.prefix_len()), metric)
}

/// A prefix as one word: network above, length below.
pub(crate) fn prefix_word(dst: Ipv4Net) -> u64 {
    (u64::from(u32::from(dst.network())) << 8) | u64::from(dst.prefix_len())
}

/// An FxHash-style multiply-and-rotate hash for the table's own keys
/// (prefix words, next hops): SipHash's DoS resistance buys nothing for a
/// learner's own routes, and it cost a sixth of a 1M-route load.
#[derive(Default)]
pub(crate) struct PrefixHasher(u64);

impl PrefixHasher {
    pub(crate) fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        // Fold the well-mixed high half into the low bits the table indexes by.
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// The routes sharing one prefix: (metric, index), lowest metric first.
/// Almost every prefix has one route, kept without a heap allocation.
#[derive(Debug, Clone)]
pub(crate) enum Same {
    One((u32, u32)),
    Many(Vec<(u32, u32)>),
}

impl Same {
    pub(crate) fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Same::One(p) => std::slice::from_ref(p),
            Same::Many(v) => v,
        }
    }
}

/// Every route's index by prefix and metric, in O(1).
#[derive(Debug, Clone, Default)]
pub(crate) struct Index(HashMap<u64, Same, BuildHasherDefault<PrefixHasher>>);

impl Index {
    pub(crate) fn get(&self, dst: Ipv4Net, metric: u32) -> Option<u32> {
        let same = self.0.get(&prefix_word(dst))?.as_slice();
        same.iter().find(|p| p.0 == metric).map(|p| p.1)
    }

    /// The indices with this prefix, lowest metric first.
    pub(crate) fn with_prefix(&self, dst: Ipv4Net) -> &[(u32, u32)] {
        self.0.get(&prefix_word(dst)).map_or(&[], Same::as_slice)
    }

    /// Records `i` for (dst, metric) unless taken; returns the holder.
    pub(crate) fn claim(&mut self, dst: Ipv4Net, metric: u32, i: u32) -> Option<u32> {
        use std::collections::hash_map::Entry;
        match self.0.entry(prefix_word(dst)) {
            Entry::Vacant(e) => {
                e.insert(Same::One((metric, i)));
                None
            }
            Entry::Occupied(mut e) => {
                let same = e.get_mut();
                if let Some(p) = same.as_slice().iter().find(|p| p.0 == metric) {
                    return Some(p.1);
                }
                let mut v = same.as_slice().to_vec();
                let at = v.partition_point(|p| p.0 < metric);
                v.insert(at, (metric, i));
                *same = Same::Many(v);
                None
            }
        }
    }

    /// Points (dst, metric) at `i` (it must be there).
    pub(crate) fn repoint(&mut self, dst: Ipv4Net, metric: u32, i: u32) {
        match self.0.get_mut(&prefix_word(dst)) {
            Some(Same::One(p)) if p.0 == metric => p.1 = i,
            Some(Same::Many(v)) => {
                if let Some(p) = v.iter_mut().find(|p| p.0 == metric) {
                    p.1 = i;
                }
            }
            _ => {}
        }
    }

    pub(crate) fn remove(&mut self, dst: Ipv4Net, metric: u32) -> Option<u32> {
        let w = prefix_word(dst);
        let same = self.0.get_mut(&w)?;
        let mut v = same.as_slice().to_vec();
        let at = v.iter().position(|p| p.0 == metric)?;
        let (_, i) = v.remove(at);
        match v.len() {
            0 => {
                self.0.remove(&w);
            }
            1 => *same = Same::One(v[0]),
            _ => *same = Same::Many(v),
        }
        Some(i)
    }
}

/// The static routes of one namespace's main table, indexed for scale.
///
/// Adding, replacing and finding a route by prefix and metric take O(1)
/// (a hash of the prefix); the longest-prefix match goes through a [`Fib`] once the
/// table is large, built on the first lookup and kept up to date by adds
/// and removals (a removal hands the slots of the route to the best route
/// covering its prefix). The contents sit behind an
/// `Arc`, so cloning a world (the per-cell snapshot) copies no routes
/// until one of the copies changes.
///
/// ```
/// use netbook::sim::stack::route::{Route, RouteKind, RouteProto, RouteScope};
/// use netbook::sim::stack::route_table::RouteTable;
/// use netbook::sim::link::LinkId;
/// let r = |dst: &str, metric| Route { dst: dst.parse().unwrap(), via: None, dev: LinkId(0),
///     proto: RouteProto::BOOT, scope: RouteScope::Link, src: None, metric, linkdown: false,
///     kind: RouteKind::Unicast };
/// let mut t = RouteTable::default();
/// for route in [r("10.0.0.0/8", 5), r("0.0.0.0/0", 0), r("10.1.0.0/16", 9)] {
///     t.insert(route);
/// }
/// assert_eq!(t.lookup("10.1.2.3".parse().unwrap()).unwrap().metric, 9);
/// assert_eq!(t.lookup("10.2.0.1".parse().unwrap()).unwrap().metric, 5);
/// let dump: Vec<String> = t.iter().map(|r| r.dst.to_string()).collect();
/// assert_eq!(dump, ["0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16"]);
/// ```
#[derive(Clone, Default)]
pub struct RouteTable {
    inner: Arc<Inner>,
}

#[derive(Clone, Default)]
pub(crate) struct Inner {
    /// Storage in no particular order; `keys` and `fib` hold indices.
    routes: Vec<Route>,
    /// Every route's index by prefix and metric (unique).
    keys: Index,
    /// Built lazily once the table has `FIB_MIN` routes.
    fib: OnceLock<Fib>,
    /// `fib` packed with next-hop ids for `lookup_hop`; any change drops it.
    packed: OnceLock<PackedFib>,
    /// Per route (same index), its entry in `hops`, or `NO_HOP`.
    hop_of: Vec<u16>,
    /// The distinct answers routes give, shared as Linux shares one
    /// `fib_info` among routes: a lookup that only needs the answer reads
    /// this small table instead of the (large, cold) route.
    hops: Vec<Hop>,
    hop_ids: HashMap<Hop, u16, BuildHasherDefault<PrefixHasher>>,
    /// The last answer given an id: bulk loads repeat one next hop.
    last_hop: Option<(Hop, u16)>,
}

/// `hop_of` value for a route whose answer is not in `hops` (table full).
pub(crate) const NO_HOP: u16 = u16::MAX;

/// What a lookup answers with: the next hop, and the rank (prefix length,
/// metric) that decides against routes from elsewhere (connected ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hop {
    /// Prefix length of the route that matched.
    pub len: u8,
    /// Its metric.
    pub metric: u32,
    /// Its gateway.
    pub via: Option<Ipv4Addr>,
    /// Its output device.
    pub dev: LinkId,
    /// Its preferred source.
    pub src: Option<Ipv4Addr>,
    /// Its type.
    pub kind: RouteKind,
}

impl Hop {
    /// The answer `r` gives.
    pub fn of(r: &Route) -> Hop {
        Hop {
            len: r.dst.prefix_len(),
            metric: r.metric,
            via: r.via,
            dev: r.dev,
            src: r.src,
            kind: r.kind,
        }
    }
}

impl Inner {
    pub(crate) fn hop_id(&mut self, r: &Route) -> u16 {
        let h = Hop::of(r);
        if let Some((last, id)) = self.last_hop {
            if last == h {
                return id;
            }
        }
        if let Some(&id) = self.hop_ids.get(&h) {
            self.last_hop = Some((h, id));
            return id;
        }
        if self.hops.len() >= NO_HOP as usize {
            return NO_HOP;
        }
        let id = self.hops.len() as u16;
        self.hops.push(h);
        self.hop_ids.insert(h, id);
        self.last_hop = Some((h, id));
        id
    }

    /// Recomputes every index from `routes` (after a bulk removal).
    pub(crate) fn reindex(&mut self) {
        self.keys = Index::default();
        for (i, r) in self.routes.iter().enumerate() {
            self.keys.claim(r.dst, r.metric, i as u32);
        }
        self.hops.clear();
        self.hop_ids.clear();
        self.last_hop = None;
        let routes = std::mem::take(&mut self.routes);
        self.hop_of = routes.iter().map(|r| self.hop_id(r)).collect();
        self.routes = routes;
        self.fib = OnceLock::new();
        self.packed = OnceLock::new();
    }
}

impl RouteTable {
    /// Number of routes.
    pub fn len(&self) -> usize {
        self.inner.routes.len()
    }

    /// True when there is no static route.
    pub fn is_empty(&self) -> bool {
        self.inner.routes.is_empty()
    }

    /// The routes in `ip route show` order (sorted on each call).
    pub fn iter(&self) -> impl Iterator<Item = &Route> + '_ {
        let routes = &self.inner.routes;
        let mut order: Vec<u32> = (0..routes.len() as u32).collect();
        order.sort_unstable_by_key(|&i| {
            let r = &routes[i as usize];
            key(r.dst, r.metric)
        });
        order.into_iter().map(move |i| &routes[i as usize])
    }

    /// The route with this prefix and metric.
    pub fn get(&self, dst: Ipv4Net, metric: u32) -> Option<&Route> {
        let i = self.inner.keys.get(dst, metric)?;
        Some(&self.inner.routes[i as usize])
    }

    /// The routes whose prefix contains `addr`, found through the index
    /// (one probe per prefix length, longest first), in no sorted order.
    pub fn containing(&self, addr: Ipv4Addr) -> impl Iterator<Item = &Route> + '_ {
        (0..=32u8).rev().flat_map(move |len| {
            let net = Ipv4Net::new(addr, len).map(|n| n.trunc()).ok();
            net.into_iter().flat_map(move |n| self.with_prefix(n))
        })
    }

    /// The routes with this prefix, lowest metric first.
    pub fn with_prefix(&self, dst: Ipv4Net) -> impl Iterator<Item = &Route> + '_ {
        self.inner
            .keys
            .with_prefix(dst)
            .iter()
            .map(|&(_, i)| &self.inner.routes[i as usize])
    }

    /// Adds `r`, or replaces the route with the same prefix and metric;
    /// returns the replaced route.
    pub fn insert(&mut self, r: Route) -> Option<Route> {
        self.put(r, true).err().flatten()
    }

    /// Adds `r` unless a route with its prefix and metric exists (then
    /// gives it back): `ip route add` without `replace`.
    pub fn insert_new(&mut self, r: Route) -> Result<(), Route> {
        match self.put(r, false) {
            Ok(()) => Ok(()),
            Err(back) => Err(back.expect("put hands back a refused route")),
        }
    }

    /// One search of the index for both cases: `Err(old)` after replacing,
    /// `Err(r)` when refusing, `Ok` after adding.
    pub(crate) fn put(&mut self, r: Route, replace: bool) -> Result<(), Option<Route>> {
        let inner = Arc::make_mut(&mut self.inner);
        let i = inner.routes.len();
        match inner.keys.claim(r.dst, r.metric, i as u32) {
            Some(_) if !replace => Err(Some(r)),
            Some(held) => {
                // Same prefix and metric, same slots: the Fib stays valid.
                let held = held as usize;
                inner.hop_of[held] = inner.hop_id(&r);
                inner.packed = OnceLock::new();
                Err(Some(std::mem::replace(&mut inner.routes[held], r)))
            }
            None => {
                let hop = inner.hop_id(&r);
                inner.hop_of.push(hop);
                inner.routes.push(r);
                inner.packed = OnceLock::new();
                if let Some(fib) = inner.fib.get_mut() {
                    fib.add(&inner.routes, i);
                }
                Ok(())
            }
        }
    }

    /// Removes the route with this prefix and metric.
    pub fn remove(&mut self, dst: Ipv4Net, metric: u32) -> Option<Route> {
        self.inner.keys.get(dst, metric)?;
        let inner = Arc::make_mut(&mut self.inner);
        let i = inner.keys.remove(dst, metric)? as usize;
        let last = inner.routes.len() - 1;
        if let Some(fib) = inner.fib.get_mut() {
            // The slots `i` answered now go to the best route covering its
            // prefix: another metric of the same prefix, else the longest
            // shorter prefix (lowest metric first in each).
            let heir = (0..=dst.prefix_len()).rev().find_map(|len| {
                let net = Ipv4Net::new(dst.network(), len).ok()?.trunc();
                inner
                    .keys
                    .with_prefix(net)
                    .first()
                    .map(|&(_, r)| r as usize)
            });
            let net = u32::from(dst.network());
            fib.repoint(net, dst.prefix_len(), i, heir);
            if i != last {
                let moved = inner.routes[last].dst;
                fib.repoint(
                    u32::from(moved.network()),
                    moved.prefix_len(),
                    last,
                    Some(i),
                );
            }
        }
        let gone = inner.routes.swap_remove(i);
        inner.hop_of.swap_remove(i);
        if let Some(moved) = inner.routes.get(i) {
            inner.keys.repoint(moved.dst, moved.metric, i as u32);
        }
        inner.packed = OnceLock::new();
        Some(gone)
    }

    /// Keeps only the routes `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Route) -> bool) {
        if self.inner.routes.iter().all(&mut keep) {
            return;
        }
        let inner = Arc::make_mut(&mut self.inner);
        inner.routes.retain(keep);
        inner.reindex();
    }

    /// The best static route for `dst` ([`lookup`]'s answer).
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        let routes = &self.inner.routes;
        if routes.len() < FIB_MIN {
            return lookup(routes, dst);
        }
        let fib = self.inner.fib.get_or_init(|| Fib::new(routes));
        fib.lookup(dst).map(|i| &routes[i])
    }

    /// The answer of the best static route for `dst`, without reading the
    /// route itself (what `ip route get` needs, at Internet-table scale).
    pub fn lookup_hop(&self, dst: Ipv4Addr) -> Option<Hop> {
        let inner = &*self.inner;
        if inner.routes.len() < FIB_MIN {
            return lookup(&inner.routes, dst).map(Hop::of);
        }
        let packed = inner.packed.get_or_init(|| {
            let fib = inner.fib.get_or_init(|| Fib::new(&inner.routes));
            PackedFib::new(fib, &inner.hop_of)
        });
        Some(match packed.lookup(dst)? {
            Leaf::Hop(id) => inner.hops[id as usize],
            Leaf::Route(i) => Hop::of(&inner.routes[i]),
        })
    }

    /// The best route for `dst` among those `pick` accepts, by probing each
    /// prefix length from /32 down: O(33 log n) without touching the rest.
    pub fn lookup_where(&self, dst: Ipv4Addr, pick: impl Fn(&Route) -> bool) -> Option<&Route> {
        (0..=32u8).rev().find_map(|len| {
            let net = Ipv4Net::new(dst, len).ok()?.trunc();
            self.with_prefix(net).find(|r| pick(r))
        })
    }
}

impl PartialEq for RouteTable {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.iter().eq(other.iter())
    }
}

impl Eq for RouteTable {}

impl std::fmt::Debug for RouteTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl FromIterator<Route> for RouteTable {
    fn from_iter<I: IntoIterator<Item = Route>>(iter: I) -> Self {
        let mut t = RouteTable::default();
        for r in iter {
            t.insert(r);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::stack::link::LinkId;
    use crate::sim::stack::route::*;
    use proptest::prelude::*;

    fn route(net: u32, len: u8, metric: u32, dev: u32) -> Route {
        Route {
            dst: Ipv4Net::new(Ipv4Addr::from(net), len).unwrap().trunc(),
            via: (dev % 2 == 0).then_some(Ipv4Addr::new(192, 0, 2, 1)),
            dev: LinkId(dev),
            proto: RouteProto::BOOT,
            scope: RouteScope::Global,
            src: None,
            metric,
            linkdown: false,
            kind: RouteKind::Unicast,
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(Route),
        Remove(usize),
        RetainNotDev(u32),
        Snapshot,
    }

    fn arb_route() -> impl Strategy<Value = Route> {
        (
            prop::sample::select(vec![0u32, 0x0a00_0000, 0x0a01_0200, 0xc0a8_0100]),
            any::<u32>(),
            prop_oneof![Just(0u8), Just(24u8), Just(32u8), 0u8..=32],
            0u32..3,
            0u32..4,
        )
            .prop_map(|(base, noise, len, metric, dev)| {
                route(base ^ (noise & (noise >> (noise % 32))), len, metric, dev)
            })
    }

    fn arb_op() -> impl Strategy<Value = Op> {
        prop_oneof![
            20 => arb_route().prop_map(Op::Insert),
            3 => any::<usize>().prop_map(Op::Remove),
            1 => (0u32..4).prop_map(Op::RetainNotDev),
            1 => Just(Op::Snapshot),
        ]
    }

    proptest! {
        /// The indexed table answers as a plain list of routes would,
        /// across adds, replaces, removals, retains and snapshots, on both
        /// sides of the size where it switches to a Fib.
        #[test]
        fn table_matches_a_plain_list(
            ops in prop::collection::vec(arb_op(), 0..300),
            dsts in prop::collection::vec(any::<u32>(), 1..40),
        ) {
            let mut table = RouteTable::default();
            let mut model: Vec<Route> = Vec::new();
            let mut snapshots: Vec<(RouteTable, Vec<Route>)> = Vec::new();
            for op in ops {
                match op {
                    Op::Insert(r) => {
                        let old = model.iter().position(|x| x.same_key(&r));
                        let replaced = table.insert(r.clone());
                        prop_assert_eq!(replaced.as_ref(), old.map(|i| &model[i]));
                        match old {
                            Some(i) => model[i] = r,
                            None => model.push(r),
                        }
                    }
                    Op::Remove(n) if !model.is_empty() => {
                        let r = model.remove(n % model.len());
                        prop_assert_eq!(table.remove(r.dst, r.metric), Some(r));
                    }
                    Op::Remove(_) => {}
                    Op::RetainNotDev(d) => {
                        table.retain(|r| r.dev.0 != d);
                        model.retain(|r| r.dev.0 != d);
                    }
                    Op::Snapshot => snapshots.push((table.clone(), model.clone())),
                }
                for &d in &dsts {
                    let d = Ipv4Addr::from(d);
                    prop_assert_eq!(table.lookup(d), lookup(&model, d));
                    prop_assert_eq!(table.lookup_hop(d), lookup(&model, d).map(Hop::of));
                }
            }
            let mut sorted = model.clone();
            sorted.sort_by(Route::dump_order);
            prop_assert!(table.iter().eq(sorted.iter()));
            prop_assert_eq!(table.len(), model.len());
            for (t, m) in snapshots {
                let mut m = m;
                m.sort_by(Route::dump_order);
                prop_assert!(t.iter().eq(m.iter()), "a snapshot changed");
            }
            for &d in &dsts {
                let d = Ipv4Addr::from(d);
                let odd = |r: &Route| r.dev.0 % 2 == 1;
                let want = model
                    .iter()
                    .filter(|r| odd(r))
                    .cloned()
                    .collect::<Vec<_>>();
                prop_assert_eq!(table.lookup_where(d, odd), lookup(&want, d));
            }
        }
    }

    proptest! {
        /// `containing` finds through the index exactly the routes a scan
        /// of the whole table keeps.
        #[test]
        fn containing_is_the_filtered_table(routes in prop::collection::vec(arb_route(), 0..200), probe in any::<u32>()) {
            let mut t = RouteTable::default();
            for r in routes {
                t.insert(r);
            }
            let a = Ipv4Addr::from(probe & 0xff00_ffff | 0x0a00_0000);
            let key = |r: &&Route| (r.dst, r.metric);
            let mut got: Vec<_> = t.containing(a).collect();
            let mut want: Vec<_> = t.iter().filter(|r| r.dst.contains(&a)).collect();
            got.sort_by_key(key);
            want.sort_by_key(key);
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn removal_hands_slots_to_the_route_that_moves_into_the_hole() {
        // The heir of the removed /24 is the last route, which swap_remove
        // then moves into the removed route's place.
        let mut t = RouteTable::default();
        t.insert(route(0x0a00_0500, 24, 0, 1));
        for i in 0..100u32 {
            t.insert(route(0x0b00_0000 | (i << 8), 24, 0, 1));
        }
        t.insert(route(0x0a00_0000, 16, 0, 1));
        t.insert(route(0, 0, 3, 1));
        let probe =
            |t: &RouteTable, a: [u8; 4]| t.lookup(Ipv4Addr::from(a)).map(|r| r.dst.to_string());
        assert_eq!(probe(&t, [10, 0, 5, 1]).as_deref(), Some("10.0.5.0/24"));
        t.remove("10.0.5.0/24".parse().unwrap(), 0);
        assert_eq!(probe(&t, [10, 0, 5, 1]).as_deref(), Some("10.0.0.0/16"));
        t.remove("10.0.0.0/16".parse().unwrap(), 0);
        assert_eq!(probe(&t, [10, 0, 5, 1]).as_deref(), Some("0.0.0.0/0"));
        assert_eq!(probe(&t, [11, 0, 7, 1]).as_deref(), Some("11.0.7.0/24"));
        t.remove("0.0.0.0/0".parse().unwrap(), 3);
        assert_eq!(probe(&t, [10, 0, 5, 1]), None);
        assert_eq!(probe(&t, [11, 0, 99, 1]).as_deref(), Some("11.0.99.0/24"));
        assert!(t.inner.fib.get().is_some());
    }

    #[test]
    fn a_large_table_uses_the_fib_and_stays_exact() {
        let mut t = RouteTable::default();
        for i in 0..1000u32 {
            t.insert(route(0x0a00_0000 | (i << 8), 24, 0, 1));
        }
        t.insert(route(0, 0, 0, 1));
        assert!(t.inner.fib.get().is_none(), "built lazily");
        let len =
            |t: &RouteTable, a: [u8; 4]| t.lookup(Ipv4Addr::from(a)).unwrap().dst.prefix_len();
        assert_eq!(len(&t, [10, 0, 5, 9]), 24);
        assert!(t.inner.fib.get().is_some());
        // Adds and removals keep the built index current.
        t.insert(route(0x0a00_0500, 28, 0, 1));
        assert!(t.inner.fib.get().is_some());
        assert_eq!(len(&t, [10, 0, 5, 9]), 28);
        t.remove("10.0.5.0/28".parse().unwrap(), 0);
        assert!(t.inner.fib.get().is_some());
        assert_eq!(len(&t, [10, 0, 5, 9]), 24);
        assert_eq!(len(&t, [11, 0, 0, 1]), 0);
    }
}
