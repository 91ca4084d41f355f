//! ipcalc 0.42's `--split` mask arithmetic: the floating-point prefix
//! lengths it prints, captured from the real tool.

/// The prefix length ipcalc 0.42's `--split` prints for a block of 2^k
/// addresses, indexed by k. It computes `32 - log(size)/log(2)` with Perl
/// floats mixed into bignum, and counts mask bits with `i < mask`, so a
/// result a hair above an integer gains a bit (64 addresses print as /27).
/// Captured from the real tool; the network placement itself is exact.
pub const SPLIT_MASK_BITS: [u8; 41] = [
    32, 32, 31, 29, 29, 27, 27, 25, 25, 23, 23, 21, 21, 19, 19, 17, 17, 15, 15, 13, 13, 11, 10, 10,
    8, 8, 6, 6, 4, 4, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// How ipcalc 0.42 prints `Used network: A/<mask>` for 2^k needed
/// addresses, indexed by k (Perl bignum's 40-digit logarithms).
pub const SPLIT_USED_MASK: [&str; 41] = [
    "32",
    "31",
    "30",
    "28.999999999999999999999999999999999999999",
    "28",
    "26.999999999999999999999999999999999999999",
    "26",
    "24.999999999999999999999999999999999999999",
    "24",
    "22.999999999999999999999999999999999999999",
    "22",
    "21",
    "20",
    "19",
    "18",
    "17",
    "16",
    "15.00000000000000000000000000000000000001",
    "14",
    "13.00000000000000000000000000000000000001",
    "12",
    "10.99999999999999999999999999999999999999",
    "10",
    "8.99999999999999999999999999999999999999",
    "8",
    "7",
    "6",
    "5",
    "4.00000000000000000000000000000000000001",
    "3",
    "1.99999999999999999999999999999999999999",
    "1",
    "-0.00000000000000000000000000000000000001",
    "-1",
    "-2",
    "-3",
    "-4",
    "-4.99999999999999999999999999999999999999",
    "-6",
    "-6.99999999999999999999999999999999999999",
    "-8",
];

/// k with 2^k >= n (ipcalc's `round2powerof2`), capped to the tables.
pub(crate) fn pow2_exponent(n: u128) -> usize {
    let mut k = 0usize;
    while n > (1u128 << k) && k < 40 {
        k += 1;
    }
    k
}

/// `value < m` for a decimal string like `28.99..9` or `-0.00..01`.
pub(crate) fn decimal_below(value: &str, m: i64) -> bool {
    let (int_part, frac) = value.split_once('.').unwrap_or((value, ""));
    let int: i64 = int_part.parse().unwrap_or(0);
    let negative = int_part.starts_with('-');
    if frac.bytes().all(|b| b == b'0') {
        return int < m;
    }
    // Non-integer: compare its floor.
    let floor = if negative { int - 1 } else { int };
    floor < m
}
