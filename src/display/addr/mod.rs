//! Addressing views: Debian `ipcalc` 0.42 text, the binary breakdown in
//! HTML, and an SVG bar of a network cut into subnets.
//!
//! The text follows `/usr/bin/ipcalc` of Debian's `ipcalc` 0.42 (it calls
//! itself 0.5) as it prints without a terminal (no colours unless `-c`):
//! its column widths (`%-11s`, `%-21s`, `%-22s`), the space it puts in the
//! binary after the prefix, its `Hosts/Net` rules (/31 has 2, /32 is a
//! `Hostroute`), its netblock remarks, the stop after 1000 subnets, its
//! `set_color` state for `-c` (ANSI) and `-h` (its own HTML page with font
//! tags), and even the floating-point masks of `--split` (it computes
//! `32 - log(size)/log(2)` with Perl's bignum, see [`SPLIT_MASK_BITS`]).
//! Our own rich views (binary breakdown, tables, SVG) are separate and
//! never change that text.
//!
//! Files: [`ipcalc`] (the tool's text), [`split_masks`] (its `--split`
//! arithmetic), [`ipcalc_v6`], [`rich`] (binary breakdown, badges, the
//! address-space bar), [`subnet`] (our `subnet` command's views).

pub mod ipcalc;
pub mod ipcalc_v6;
pub mod rich;
pub mod split_masks;
pub mod subnet;

pub use ipcalc::*;
pub use ipcalc_v6::*;
pub use rich::*;
pub use split_masks::*;
pub use subnet::*;
