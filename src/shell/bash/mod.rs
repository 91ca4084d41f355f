//! The cell language: bash, parsed by `brush-parser` (the POSIX/bash
//! grammar of the brush shell) and evaluated here over its syntax tree
//! against the simulated world.
//!
//! - `transcript`: the pre-pass that reads pasted prompts (`$ `, `> `).
//! - `parse`: the grammar, with bash's wording for syntax errors.
//! - `expand`: words -> fields (parameters, `$(...)`, `$((...))`, braces,
//!   splitting, globbing over the simulated file system).
//! - `arith`: `$((...))` and `((...))`.
//! - `eval`: lists, pipelines, compound commands, redirections.
//! - `builtins`: the commands that change the shell itself.
//! - `cwd`: `cd` and `pwd`, the working directory relative paths use.
//! - `jobs`: `&`, `wait`, `fg` and job notices on the virtual clock.
//! - `test`: `test`, `[` and `[[`.
//!
//! Bounded: every command and loop turn spends one step of a per-cell
//! budget and checks the interrupt flag; function nesting is capped.
//! Nothing here reads the host's environment, clock or files.

mod arith;
mod arrays;
mod builtins;
mod cwd;
mod declare;
mod eval;
mod expand;
mod getopts;
mod io;
mod jobs;
mod param;
pub mod parse;
mod pattern;
mod printf;
mod procsub;
mod redirect;
pub mod remote;
mod run;
mod simple;
mod state;
mod subscript;
mod test;
pub mod transcript;
mod variant;

pub use eval::{run_source, RunResult, Term};
pub use io::OUTPUT_CAP;
pub use state::{Shell, MAX_FUNC_DEPTH, PIPE_CAP, SHELL_PID, STEP_BUDGET};
