//! The simulated Linux network, sans-IO.
//!
//! Plain data and pure functions over it: no clock is read, no socket is
//! opened, nothing is printed. Commands in `shell/` turn command lines into
//! calls on [`world::World`]; `display/` renders the results.

pub mod addr;
pub mod dns;
pub mod fs;
pub mod netfilter;
pub mod world;

pub use world::World;
