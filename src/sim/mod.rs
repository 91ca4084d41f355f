//! The simulated Linux network, sans-IO.
//!
//! Plain data and pure functions over it: no clock is read, no socket is
//! opened, nothing is printed. Commands in `shell/` turn command lines into
//! calls on [`world::World`]; `display/` renders the results.

pub mod datapath;
pub mod fs;
pub mod l2;
pub mod link;
pub mod netns;
pub mod route;
pub mod trace;
pub mod world;

pub use link::{LinkId, Mac, NsId};
pub use trace::{Step, Trace};
pub use world::World;
