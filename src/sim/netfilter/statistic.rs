//! `-m statistic --mode random`: the draw (iptables-extensions(8),
//! net/netfilter/xt_statistic.c).
//!
//! The kernel draws `get_random_u32() & 0x7FFFFFFF` once per rule a packet
//! meets and matches when the draw is below `probability * 2^31`. Only the
//! first packet of a connection meets the nat table, so one draw per rule
//! per connection is what decides load balancing (kube-proxy's
//! `1/3, 1/2, 1` chains give each of three endpoints a third).
//!
//! Here the draw is a hash of the connection's tuple salted with the rule's
//! probability: the same lab always picks the same endpoints (notebooks
//! repeat), the draws of successive rules in one chain are independent (the
//! kernel's are), and a dry run (`netbook trace`) draws what the real packet
//! will draw, because nothing is consumed.

use super::tuple::Tuple;

/// The 31-bit draw for `tuple` at a rule whose scaled probability is `salt`.
pub fn draw(tuple: &Tuple, salt: u32) -> u32 {
    let mut x = u64::from(salt) << 32 | 0x9e37_79b9;
    for b in tuple.src.octets().into_iter().chain(tuple.dst.octets()) {
        x = mix(x ^ u64::from(b));
    }
    x = mix(x ^ u64::from(tuple.proto.number()));
    x = mix(x ^ (u64::from(tuple.sport) << 16 | u64::from(tuple.dport)));
    (x >> 33) as u32 & 0x7fff_ffff
}

/// splitmix64's finaliser: every input bit reaches every output bit.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::netfilter::tuple::Proto;
    use std::net::Ipv4Addr;

    /// kube-proxy's chain for three endpoints: each gets about a third.
    #[test]
    fn three_endpoint_chain_splits_in_thirds() {
        let p1 = (0x8000_0000u64 / 3 + 1) as u32; // 0.33333333349
        let p2 = 0x4000_0000u32; // 0.5
        let mut counts = [0u32; 3];
        for sport in 30000..39000u16 {
            let t = Tuple {
                src: Ipv4Addr::new(10, 244, 1, 20),
                dst: Ipv4Addr::new(10, 96, 0, 100),
                proto: Proto::Tcp,
                sport,
                dport: 80,
            };
            let pick = if draw(&t, p1) < p1 {
                0
            } else if draw(&t, p2) < p2 {
                1
            } else {
                2
            };
            counts[pick] += 1;
        }
        for c in counts {
            assert!((2800..3200).contains(&c), "{counts:?}");
        }
    }
}
