//! From a cell to operations on the world.
//!
//! [`Session`] is the interpreter both front ends share (the Jupyter kernel
//! and `netbook run`): `execute`, `complete`, `inspect`, `is_complete`. It
//! never touches a socket; outputs go to a [`Sink`].

pub mod bash;
pub mod budget;
pub mod cell;
pub mod command;
pub mod complete;
mod emit;
mod explain;
mod lab;
pub mod memory;
mod session;

pub use command::{CellError, CmdOutput, Ctx, Pacer};
pub use emit::{Emit, Sink};
pub use lab::{Cell, Lab};
pub use session::{Completion, ExecOutcome, Session, Terminal};
