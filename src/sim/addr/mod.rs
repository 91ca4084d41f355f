//! IP addressing and subnetting: classes, masks, special ranges, subnet math.
//!
//! Models chapter 1 of the study note on top of the `ipnet` crate, and uses
//! its vocabulary (`network()`, `broadcast()`, `netmask()`, `hostmask()`,
//! `trunc()`). References: RFC 791 (classes), RFC 950 (subnetting),
//! RFC 4632 (CIDR), RFC 1918 (private), RFC 3021 (/31 links), RFC 3927
//! (link-local), RFC 5737 (documentation), RFC 6598 (CGNAT shared space),
//! RFC 6890 (special-purpose registry), RFC 4291 (IPv6 addressing).
//!
//! Everything is a pure function over `std::net` values. Splits that can be
//! huge (a /8 into /30s has 4,194,304 subnets) are lazy iterators.
//!
//! ```
//! use netbook::sim::addr::{self, Class};
//! let net = addr::parse_v4_net("211.168.83.0").unwrap(); // class C: /24
//! assert_eq!(addr::Class::of(net.addr()), Class::C);
//! let split = addr::split_into_count(net, 5).unwrap();
//! assert_eq!(split.new_prefix(), 27);
//! assert_eq!(split.netmask().to_string(), "255.255.255.224");
//! assert_eq!((split.count(), split.hosts_per_subnet()), (8, 30));
//! ```

pub mod class;
pub mod mask;
pub mod parse;
pub mod subnet;
#[cfg(test)]
mod tests;

pub use class::*;
pub use mask::*;
pub use parse::*;
pub use subnet::*;
