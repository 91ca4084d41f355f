//! The seeded 1M-prefix table both route benches use (`fib`,
//! `route_load`): the public BGP table's length mix and a SplitMix64
//! generator.

/// (prefix length, share in per mille).
pub const MIX: &[(u8, u32)] = &[
    (24, 600),
    (22, 120),
    (23, 100),
    (21, 50),
    (20, 45),
    (19, 25),
    (16, 15),
    (18, 12),
    (17, 8),
    (15, 1),
    (14, 1),
    (13, 1),
    (12, 1),
    (8, 1),
    (25, 4),
    (26, 4),
    (27, 3),
    (28, 3),
    (29, 2),
    (30, 2),
    (32, 2),
];

/// SplitMix64: a seeded, dependency-free generator.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }
}

/// A unicast address (1.0.0.0 .. 223.255.255.255).
pub fn unicast(rng: &mut Rng) -> u32 {
    ((1 + rng.below(223)) << 24) | rng.below(1 << 24)
}

/// A prefix length drawn by the MIX shares.
pub fn prefix_len(rng: &mut Rng) -> u8 {
    let mut pick = rng.below(1000);
    for &(len, share) in MIX {
        if pick < share {
            return len;
        }
        pick -= share;
    }
    24
}
