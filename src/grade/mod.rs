//! `netbook check`: runs notebooks in-process, without Jupyter, through the
//! same [`crate::shell::Session`] the kernel uses, and grades them.
//!
//! Cells run top to bottom like nbclient; unlike nbclient, a failing cell
//! does not stop the run (like nbgrader's autograde), so every check is
//! scored. A graded cell is one with nbgrader metadata `grade: true` (its
//! `points`), or, without a source notebook, one that runs a `check`
//! command (1 point). Scores follow nbgrader's rules ([`score`]); with the
//! instructor's notebook ([`source`]) the submission is first sanitized the
//! way `nbgrader autograde` does it.

pub mod batch;
pub mod error;
pub mod io;
pub mod junit;
pub mod report;
pub mod run;
pub mod score;
pub mod source;

pub use error::GradeError;
pub use io::read_notebook;
pub use report::render;
pub use run::{grade_notebook, run_file, run_notebook, CellResult, NotebookReport};
