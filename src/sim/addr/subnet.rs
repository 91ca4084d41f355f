//! Subnet math on top of `ipnet`: splitting into N subnets or by hosts,
//! VLSM, deaggregation, summaries and supernets.

use super::mask::prefix_to_mask;
use super::parse::*;
use core::net::{IpAddr, Ipv4Addr};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};

// ---------------------------------------------------------------- subnetting
/// A network cut into equal subnets of a longer prefix. Cheap to build;
/// the subnets come from [`Split::iter`], lazily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    parent: Ipv4Net,
    new_prefix: u8,
}

impl Split {
    /// Cuts `parent` (host bits ignored) into /`new_prefix` subnets.
    pub fn new(parent: Ipv4Net, new_prefix: u8) -> Result<Split, AddrError> {
        if new_prefix > 32 {
            return Err(AddrError::PrefixTooLong {
                input: new_prefix.to_string(),
                max: 32,
            });
        }
        if new_prefix < parent.prefix_len() {
            return Err(AddrError::NotEnoughBits {
                parent: parent.trunc(),
                requested: format!("/{new_prefix} subnets (shorter than the parent)"),
                available: 32 - parent.prefix_len(),
            });
        }
        Ok(Split {
            parent: parent.trunc(),
            new_prefix,
        })
    }

    /// The network being split.
    pub fn parent(&self) -> Ipv4Net {
        self.parent
    }

    /// The prefix length of each subnet.
    pub fn new_prefix(&self) -> u8 {
        self.new_prefix
    }

    /// Bits borrowed from the host part.
    pub fn borrowed_bits(&self) -> u8 {
        self.new_prefix - self.parent.prefix_len()
    }

    /// The subnets' netmask.
    pub fn netmask(&self) -> Ipv4Addr {
        prefix_to_mask(self.new_prefix)
    }

    /// How many subnets: 2^borrowed.
    pub fn count(&self) -> u64 {
        1u64 << self.borrowed_bits()
    }

    /// Addresses in each subnet.
    pub fn addresses_per_subnet(&self) -> u64 {
        1u64 << (32 - self.new_prefix)
    }

    /// Usable hosts in each subnet (RFC 3021 for /31, 1 for /32).
    pub fn hosts_per_subnet(&self) -> u64 {
        match self.new_prefix {
            32 => 1,
            31 => 2,
            _ => self.addresses_per_subnet() - 2,
        }
    }

    /// The subnets in order, lazily (never collected).
    pub fn iter(&self) -> SubnetIter {
        SubnetIter {
            base: u32::from(self.parent.network()),
            step_shift: 32 - u32::from(self.new_prefix),
            prefix: self.new_prefix,
            next: 0,
            end: self.count(),
        }
    }
}

impl IntoIterator for &Split {
    type Item = Ipv4Net;
    type IntoIter = SubnetIter;
    fn into_iter(self) -> SubnetIter {
        self.iter()
    }
}

/// Lazy iterator over the subnets of a [`Split`].
#[derive(Debug, Clone)]
pub struct SubnetIter {
    base: u32,
    step_shift: u32,
    prefix: u8,
    next: u64,
    end: u64,
}

impl Iterator for SubnetIter {
    type Item = Ipv4Net;

    #[inline]
    fn next(&mut self) -> Option<Ipv4Net> {
        if self.next >= self.end {
            return None;
        }
        // `next << step_shift` < 2^32 because next < 2^(prefix - parent).
        let offset = (self.next << self.step_shift) as u32;
        self.next += 1;
        Some(Ipv4Net::new_assert(
            Ipv4Addr::from(self.base | offset),
            self.prefix,
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.end - self.next).unwrap_or(usize::MAX);
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Ipv4Net> {
        self.next = self.next.saturating_add(n as u64).min(self.end);
        self.next()
    }
}

impl ExactSizeIterator for SubnetIter {}

/// Bits needed to make at least `n` of something: ceil(log2 n).
fn bits_for(n: u64) -> u32 {
    if n <= 1 {
        0
    } else {
        64 - (n - 1).leading_zeros()
    }
}

/// Splits into at least `n` subnets: borrows ceil(log2 n) host bits.
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, split_into_count};
/// let s = split_into_count(parse_v4_net("10.0.0.0/8").unwrap(), 4_000_000).unwrap();
/// assert_eq!((s.new_prefix(), s.count()), (30, 4_194_304));
/// assert_eq!(s.iter().nth(1).unwrap().to_string(), "10.0.0.4/30");
/// ```
pub fn split_into_count(parent: Ipv4Net, n: u64) -> Result<Split, AddrError> {
    if n == 0 {
        return Err(AddrError::Empty("the number of subnets must be at least 1"));
    }
    let borrowed = bits_for(n);
    let available = 32 - u32::from(parent.prefix_len());
    if borrowed > available {
        return Err(AddrError::NotEnoughBits {
            parent: parent.trunc(),
            requested: format!("{n} subnets (needs {borrowed} bits)"),
            available: available as u8,
        });
    }
    Split::new(parent, parent.prefix_len() + borrowed as u8)
}

/// The longest prefix whose subnets hold at least `hosts` usable hosts,
/// the textbook way: network and broadcast are reserved, so the smallest
/// block is a /30. A /31 (RFC 3021) is never chosen here; ask for it by
/// prefix.
///
/// ```
/// use netbook::sim::addr::prefix_for_hosts;
/// assert_eq!(prefix_for_hosts(2), Some(30));
/// assert_eq!(prefix_for_hosts(30), Some(27));
/// assert_eq!(prefix_for_hosts(31), Some(26));
/// ```
pub fn prefix_for_hosts(hosts: u64) -> Option<u8> {
    let bits = bits_for(hosts.saturating_add(2)).max(2);
    (bits <= 32).then(|| 32 - bits as u8)
}

/// Splits into subnets of at least `hosts` usable hosts each.
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, split_by_hosts};
/// let s = split_by_hosts(parse_v4_net("192.168.1.0/24").unwrap(), 30).unwrap();
/// assert_eq!((s.new_prefix(), s.count(), s.hosts_per_subnet()), (27, 8, 30));
/// ```
pub fn split_by_hosts(parent: Ipv4Net, hosts: u64) -> Result<Split, AddrError> {
    let available = 32 - parent.prefix_len();
    match prefix_for_hosts(hosts) {
        Some(p) if p >= parent.prefix_len() => Split::new(parent, p),
        _ => Err(AddrError::NotEnoughBits {
            parent: parent.trunc(),
            requested: format!("subnets of {hosts} hosts"),
            available,
        }),
    }
}

/// One block of a VLSM plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VlsmBlock {
    /// Position of the request in the input list (0-based).
    pub index: usize,
    /// Hosts asked for.
    pub requested: u64,
    /// The subnet given.
    pub net: Ipv4Net,
}

/// A VLSM plan: blocks in allocation order (largest first) and what is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VlsmPlan {
    /// The network being carved.
    pub parent: Ipv4Net,
    /// Blocks, largest first, adjacent and never overlapping.
    pub blocks: Vec<VlsmBlock>,
    /// The rest of the parent as the fewest CIDR blocks.
    pub unused: Vec<Ipv4Net>,
}

/// Plans variable-length subnets for host counts: largest first, each block
/// placed right after the previous one (aligned, because sizes only shrink).
///
/// ```
/// use netbook::sim::addr::{parse_v4_net, vlsm};
/// let plan = vlsm(parse_v4_net("192.168.1.0/24").unwrap(), &[50, 20, 10]).unwrap();
/// let nets: Vec<String> = plan.blocks.iter().map(|b| b.net.to_string()).collect();
/// assert_eq!(nets, ["192.168.1.0/26", "192.168.1.64/27", "192.168.1.96/28"]);
/// assert_eq!(plan.unused[0].to_string(), "192.168.1.112/28");
/// ```
pub fn vlsm(parent: Ipv4Net, hosts: &[u64]) -> Result<VlsmPlan, AddrError> {
    if hosts.is_empty() {
        return Err(AddrError::Empty("give at least one host count"));
    }
    let parent = parent.trunc();
    let available = 1u64 << (32 - parent.prefix_len());
    let mut order: Vec<(usize, u64, u8)> = Vec::with_capacity(hosts.len());
    let mut needed: u64 = 0;
    for (i, &h) in hosts.iter().enumerate() {
        let p = prefix_for_hosts(h).ok_or(AddrError::PlanTooLarge {
            parent,
            needed: h,
            available,
        })?;
        needed = needed.saturating_add(1u64 << (32 - p));
        order.push((i, h, p));
    }
    if needed > available {
        return Err(AddrError::PlanTooLarge {
            parent,
            needed,
            available,
        });
    }
    // Stable sort: equal sizes keep the order they were asked in.
    order.sort_by_key(|&(_, _, p)| p);
    let mut next = u64::from(u32::from(parent.network()));
    let mut blocks = Vec::with_capacity(order.len());
    for (index, requested, p) in order {
        blocks.push(VlsmBlock {
            index,
            requested,
            net: Ipv4Net::new_assert(Ipv4Addr::from(next as u32), p),
        });
        next += 1u64 << (32 - p);
    }
    let end = u64::from(u32::from(parent.broadcast()));
    let unused = if next <= end {
        deaggregate(Ipv4Addr::from(next as u32), parent.broadcast())
    } else {
        Vec::new()
    };
    Ok(VlsmPlan {
        parent,
        blocks,
        unused,
    })
}

/// The fewest CIDR blocks covering `first..=last` exactly.
///
/// ```
/// use netbook::sim::addr::deaggregate;
/// let v = deaggregate("10.0.0.3".parse().unwrap(), "10.0.0.8".parse().unwrap());
/// let v: Vec<String> = v.iter().map(|n| n.to_string()).collect();
/// assert_eq!(v, ["10.0.0.3/32", "10.0.0.4/30", "10.0.0.8/32"]);
/// ```
pub fn deaggregate(first: Ipv4Addr, last: Ipv4Addr) -> Vec<Ipv4Net> {
    let mut out = Vec::new();
    let mut base = u64::from(u32::from(first));
    let end = u64::from(u32::from(last));
    while base <= end {
        // Largest aligned block starting at base that stays within end.
        let mut size_bits = if base == 0 {
            32
        } else {
            base.trailing_zeros().min(32)
        };
        while base + (1u64 << size_bits) - 1 > end {
            size_bits -= 1;
        }
        out.push(Ipv4Net::new_assert(
            Ipv4Addr::from(base as u32),
            32 - size_bits as u8,
        ));
        base += 1u64 << size_bits;
    }
    out
}

/// Summarises prefixes into the fewest covering prefixes (route
/// aggregation: merges adjacent and nested blocks, never adds space).
///
/// ```
/// use netbook::sim::addr::{parse_net, summarize};
/// let nets: Vec<_> = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/23"].iter().map(|s| parse_net(s).unwrap()).collect();
/// assert_eq!(summarize(&nets).unwrap()[0].to_string(), "10.0.0.0/22");
/// ```
pub fn summarize(nets: &[IpNet]) -> Result<Vec<IpNet>, AddrError> {
    if nets.is_empty() {
        return Err(AddrError::Empty("give at least one prefix"));
    }
    let truncated: Vec<IpNet> = nets.iter().map(IpNet::trunc).collect();
    Ok(IpNet::aggregate(&truncated))
}

/// The smallest single prefix covering all of `nets` (a supernet; it may
/// include space the inputs did not).
///
/// ```
/// use netbook::sim::addr::{parse_net, supernet};
/// let nets: Vec<_> = ["192.168.1.0/24", "192.168.6.0/24"].iter().map(|s| parse_net(s).unwrap()).collect();
/// assert_eq!(supernet(&nets).unwrap().to_string(), "192.168.0.0/21");
/// ```
pub fn supernet(nets: &[IpNet]) -> Result<IpNet, AddrError> {
    let first = nets
        .first()
        .ok_or(AddrError::Empty("give at least one prefix"))?;
    let mut acc = first.trunc();
    for n in &nets[1..] {
        acc = match (acc, n) {
            (IpNet::V4(a), IpNet::V4(b)) => {
                let x = u32::from(a.network()) ^ u32::from(b.network());
                let common = (x.leading_zeros() as u8)
                    .min(a.prefix_len())
                    .min(b.prefix_len());
                IpNet::V4(Ipv4Net::new_assert(a.network(), common).trunc())
            }
            (IpNet::V6(a), IpNet::V6(b)) => {
                let x = u128::from(a.network()) ^ u128::from(b.network());
                let common = (x.leading_zeros() as u8)
                    .min(a.prefix_len())
                    .min(b.prefix_len());
                IpNet::V6(Ipv6Net::new_assert(a.network(), common).trunc())
            }
            _ => return Err(AddrError::MixedFamilies),
        };
    }
    Ok(acc)
}

/// The prefix one level up (`prefix - k` bits), like Python's
/// `supernet(prefixlen_diff=k)`; None when it would go below /0.
pub fn supernet_of(net: IpNet, k: u8) -> Option<IpNet> {
    let p = net.prefix_len().checked_sub(k)?;
    match net {
        IpNet::V4(n) => Some(IpNet::V4(Ipv4Net::new_assert(n.network(), p).trunc())),
        IpNet::V6(n) => Some(IpNet::V6(Ipv6Net::new_assert(n.network(), p).trunc())),
    }
}

/// True when `outer` contains all of `inner` (a prefix or an address).
///
/// ```
/// use netbook::sim::addr::{contains, parse_net};
/// let a = parse_net("10.0.0.0/8").unwrap();
/// assert!(contains(&a, &parse_net("10.20.0.0/16").unwrap()));
/// assert!(!contains(&parse_net("10.20.0.0/16").unwrap(), &a));
/// ```
pub fn contains(outer: &IpNet, inner: &IpNet) -> bool {
    let outer = outer.trunc();
    outer.contains(&inner.trunc())
}

/// True when the two prefixes share at least one address.
pub fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    contains(a, b) || contains(b, a)
}

/// True when `net` contains the address.
pub fn contains_addr(net: &IpNet, addr: IpAddr) -> bool {
    net.trunc().contains(&addr)
}
