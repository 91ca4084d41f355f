//! Netmasks and prefix lengths, both ways.

use core::net::Ipv4Addr;

/// The prefix length of a contiguous mask, or the first bad bit.
pub fn mask_to_prefix(mask: Ipv4Addr) -> Result<u8, u8> {
    let m = u32::from(mask);
    let ones = m.leading_ones();
    if m.checked_shl(ones).unwrap_or(0) == 0 {
        Ok(ones as u8)
    } else {
        // First 1 bit after the run of ones and the zero that ends it.
        let rest = m << ones;
        let zeros = rest.leading_zeros();
        Err((ones + zeros + 1) as u8)
    }
}

/// The netmask of a prefix length (0..=32).
pub fn prefix_to_mask(prefix: u8) -> Ipv4Addr {
    Ipv4Addr::from(
        u32::MAX
            .checked_shl(32 - u32::from(prefix.min(32)))
            .unwrap_or(0),
    )
}
