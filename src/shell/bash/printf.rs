//! bash's `printf` builtin: the shared engine (coreutils' printf is the
//! same with other wording) plus `-v VAR`, which assigns instead of
//! printing.

use super::eval::{Exec, R};
use crate::shell::command::text::printf::{printf, Dialect};

impl Exec<'_> {
    /// `printf [-v VAR] FORMAT [ARGUMENT]...`
    pub(super) fn printf_builtin(&mut self, args: &[String]) -> R {
        let (var, args) = match args {
            [v, name, rest @ ..] if v == "-v" => (Some(name.clone()), rest),
            _ => (None, args),
        };
        let Some((fmt, rest)) = args.split_first() else {
            self.write(2, "printf: usage: printf [-v var] format [arguments]\n");
            return Ok(2);
        };
        let p = printf(Dialect::Bash, fmt, rest);
        self.write(2, &p.err);
        match var {
            Some(v) => self.sh.set(&v, p.out),
            None => self.write(1, &p.out),
        }
        Ok(p.status)
    }
}
