//! netbook: the networking Kubernetes assumes, simulated in memory and
//! driven by the command lines a learner types on a Linux host.
//!
//! Layers, arrows pointing down: `jupyter` (protocol) -> `shell`
//! (cells -> commands) -> `display` (MIME bundles) -> `sim` (the world).
#![warn(missing_docs)]
// Commands return their failure as a full `CmdOutput` (stderr, status,
// cell error); boxing it would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod display;
pub mod evcxr;
#[doc(hidden)]
pub mod fuzz;
pub mod shell;
pub mod sim;

pub use display::{MimeBundle, Rich};
pub use evcxr::EvcxrDisplay;
pub use shell::{Cell, Lab};
pub use sim::World;

#[cfg(feature = "grade")]
pub mod grade;
#[cfg(feature = "kernel")]
pub mod jupyter;
