//! The shell's state that lives from cell to cell: variables, arrays,
//! functions, aliases, traps, options, and the limits of one cell.

use std::collections::{BTreeMap, HashMap};

/// An indexed array: `a=(x y z)`, `a[5]=w`.
use crate::shell::command::Pacer;
use std::sync::Arc;

/// The most commands and loop turns one cell may run.
pub const STEP_BUDGET: u64 = 2_000_000;
/// bash's FUNCNEST-style limit on nested function calls.
pub const MAX_FUNC_DEPTH: usize = 200;
/// The most bytes a pipe or `$(...)` buffers.
pub const PIPE_CAP: usize = 16 * 1024 * 1024;
/// The shell's own pid, as `$$` shows it: fixed, so outputs replay.
pub const SHELL_PID: u32 = 1000;

/// The variable that shows a cell the student id.
pub const STUDENT_VAR: &str = "NETBOOK_STUDENT";

/// A shell variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    /// Its value.
    pub value: String,
    /// Passed to commands (`export`).
    pub exported: bool,
}

/// `set -e`, `set -u`, `set -x`, `set -o pipefail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Opts {
    /// `-e`: exit when a command fails outside a condition.
    pub errexit: bool,
    /// `-u`: expanding an unset variable is an error.
    pub nounset: bool,
    /// `-x`: print `+ command` before running it.
    pub xtrace: bool,
    /// `-o pipefail`.
    pub pipefail: bool,
}

/// A piece of a background job's output, shown once the virtual clock
/// reaches `at_us` (the job ran ahead on a forked clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BgChunk {
    /// The job's pid.
    pub pid: u32,
    /// When the job printed it.
    pub at_us: u64,
    /// 1 or 2.
    pub fd: u8,
    /// The text.
    pub text: String,
}

/// The shell's state that lives from cell to cell, like a terminal's.
#[derive(Clone, Default)]
pub struct Shell {
    pub(crate) vars: HashMap<String, Var>,
    pub(crate) arrays: HashMap<String, BTreeMap<i64, String>>,
    /// Associative arrays (`declare -A`), in bash's hash order.
    pub(crate) assoc: HashMap<String, super::arrays::Assoc>,
    /// `$RANDOM`'s generator.
    pub(crate) random: super::arrays::Random,
    /// Where `getopts` stopped: the `OPTIND` it set, the character inside
    /// that word.
    pub(crate) getopts_at: (usize, usize),
    /// Saved outer values of `local` variables, one frame per call.
    pub(crate) locals: Vec<HashMap<String, Option<Var>>>,
    /// Saved outer arrays of `local` names, one frame per call.
    pub(crate) array_locals: Vec<HashMap<String, super::arrays::SavedArray>>,
    pub(crate) funcs: HashMap<String, Arc<brush_parser::ast::FunctionBody>>,
    pub(crate) aliases: BTreeMap<String, String>,
    /// `trap` actions by signal name (`EXIT`, `INT`, ...).
    pub(crate) traps: BTreeMap<String, String>,
    pub(crate) positional: Vec<String>,
    pub(crate) arg0: String,
    pub(crate) status: i32,
    pub(crate) opts: Opts,
    pub(crate) steps: u64,
    /// The step budget of one cell (`STEP_BUDGET` unless a caller sets it).
    pub(crate) budget: u64,
    pub(crate) depth: usize,
    /// The driver's real time for commands that wait (see [`Pacer`]).
    pub(crate) pacer: Option<Arc<dyn Pacer + Send + Sync>>,
    /// The student id `variant` draws from (the session's, not a variable
    /// a cell could overwrite).
    pub(crate) student: String,
    /// Background jobs' output not shown yet (see `bash::jobs`).
    pub(crate) bg_out: Vec<BgChunk>,
    /// `$!`.
    pub(crate) last_bg: Option<u32>,
    /// Exit statuses of ended background jobs by pid, for `wait PID`
    /// (bash's remembered statuses; the newest 64).
    pub(crate) bg_status: Vec<(u32, i32)>,
    /// The working directory (absolute, normalised): bash's own, which
    /// `$PWD` only mirrors; the evaluator hands it to the file tree before
    /// each command (see `Exec::sync_cwd`).
    pub(crate) cwd: String,
}

impl Shell {
    /// A login shell's starting state (no host environment is read).
    pub fn new() -> Self {
        let mut sh = Shell {
            arg0: "bash".into(),
            budget: STEP_BUDGET,
            cwd: "/root".into(),
            ..Default::default()
        };
        for (k, v) in [
            ("HOME", "/root"),
            ("PATH", crate::shell::command::which::ROOT_PATH),
            ("USER", "root"),
            ("SHELL", "/bin/bash"),
            ("PWD", "/root"),
        ] {
            sh.vars.insert(
                k.into(),
                Var {
                    value: v.into(),
                    exported: true,
                },
            );
        }
        sh.vars.insert(
            "BASH_VERSION".into(),
            Var {
                value: "5.2.15(1)-release".into(),
                exported: false,
            },
        );
        sh.vars.insert(
            "IFS".into(),
            Var {
                value: " \t\n".into(),
                exported: false,
            },
        );
        sh
    }

    /// A variable's value (an array's element 0).
    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(m) = self.assoc.get(name) {
            return m.get("0");
        }
        match self.arrays.get(name) {
            Some(a) => a.get(&0).map(String::as_str),
            None => self.vars.get(name).map(|v| v.value.as_str()),
        }
    }

    /// An array's elements in index order (a scalar is a one-element array).
    pub fn elements(&self, name: &str) -> Vec<String> {
        if let Some(m) = self.assoc.get(name) {
            return m.iter().map(|(_, v)| v.to_string()).collect();
        }
        match self.arrays.get(name) {
            Some(a) => a.values().cloned().collect(),
            None => self
                .vars
                .get(name)
                .map(|v| vec![v.value.clone()])
                .unwrap_or_default(),
        }
    }

    /// Sets element `idx` of an array, turning a scalar into element 0.
    pub fn set_element(&mut self, name: &str, idx: i64, value: String) {
        if !self.arrays.contains_key(name) {
            let mut a = BTreeMap::new();
            if let Some(v) = self.vars.remove(name) {
                a.insert(0, v.value);
            }
            self.arrays.insert(name.to_string(), a);
        }
        if let Some(a) = self.arrays.get_mut(name) {
            let idx = if idx < 0 {
                a.keys().next_back().map(|k| k + 1 + idx).unwrap_or(0)
            } else {
                idx
            };
            a.insert(idx, value);
        }
    }

    /// Sets a variable, keeping its export flag.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if let Some(m) = self.assoc.get_mut(name) {
            m.insert("0", value);
            return;
        }
        if let Some(a) = self.arrays.get_mut(name) {
            a.insert(0, value);
            return;
        }
        match self.vars.get_mut(name) {
            Some(v) => v.value = value,
            None => {
                self.vars.insert(
                    name.to_string(),
                    Var {
                        value,
                        exported: false,
                    },
                );
            }
        }
    }

    /// Sets the student id and `$NETBOOK_STUDENT` (the driver does, before
    /// every cell, so a cell that assigns the variable changes nothing
    /// beyond itself).
    pub fn set_student(&mut self, id: &str) {
        self.student = id.to_string();
        self.arrays.remove(STUDENT_VAR);
        self.vars.insert(
            STUDENT_VAR.into(),
            Var {
                value: id.to_string(),
                exported: false,
            },
        );
    }

    /// Removes a variable.
    pub fn unset(&mut self, name: &str) {
        self.vars.remove(name);
        self.arrays.remove(name);
        self.assoc.remove(name);
    }

    /// Puts back a variable as it was saved (`None`: it did not exist).
    pub(crate) fn restore_var(&mut self, name: String, old: Option<Var>) {
        match old {
            Some(v) => {
                self.vars.insert(name, v);
            }
            None => {
                self.vars.remove(&name);
            }
        }
    }

    /// Makes `name` local to the innermost function call.
    pub fn make_local(&mut self, name: &str) {
        let old = self.vars.get(name).cloned();
        if let Some(frame) = self.locals.last_mut() {
            frame.entry(name.to_string()).or_insert(old);
        }
    }

    /// The exported variables, as a child process's environment.
    pub fn env(&self) -> BTreeMap<String, String> {
        self.vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    /// A new shell (`bash -c`) that inherits only the environment.
    pub fn child(&self) -> Shell {
        let mut sh = Shell::new();
        sh.set_student(&self.student);
        for (k, v) in self.env() {
            sh.vars.insert(
                k,
                Var {
                    value: v,
                    exported: true,
                },
            );
        }
        sh.steps = self.steps;
        sh.budget = self.budget;
        sh.depth = self.depth;
        sh.cwd = self.cwd.clone();
        sh
    }
}
