//! Process substitution. The simulated shell runs a pipeline's stages to
//! completion one after the other, so `<(cmd)` runs `cmd` first and the
//! command reads its output from `/dev/fd/63` (62, 61, ... for the next
//! ones, as bash numbers them), a file that lives while the command runs.
//! `>(cmd)` hands the command an empty `/dev/fd/N`, then feeds `cmd` what
//! was written there. Bounded as a pipe is (`PIPE_CAP`).

use super::eval::{Ctl, Exec};
use super::io::{Input, Target};
use brush_parser::ast::{self, ProcessSubstitutionKind as Kind};

/// bash's first process-substitution fd.
const FIRST_FD: u32 = 63;
/// The lowest fd netbook hands out (bash's limit is the fd table's).
const LAST_FD: u32 = 10;

/// The `/dev/fd/N` files one command's substitutions made.
#[derive(Default)]
pub(super) struct ProcFiles {
    files: Vec<(String, Option<ast::SubshellCommand>)>,
    /// The directory made for them, removed with them.
    made_dir: Option<String>,
}

impl ProcFiles {
    /// True when no substitution was made.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Exec<'_> {
    /// `cmd`'s whole standard output, run as a subshell.
    fn procsub_output(
        &mut self,
        cmd: &ast::SubshellCommand,
        input: Option<String>,
    ) -> Result<String, Ctl> {
        let idx = self.captures.len();
        self.captures.push(String::new());
        let saved = self.fds.clone();
        self.fds.out = Target::Capture(idx);
        if let Some(text) = input {
            self.fds.input = Some(Input::new(text));
        }
        let r = self.subshell(|ex| ex.run_list(&cmd.list));
        self.fds = saved;
        let text = self.captures.pop().unwrap_or_default();
        r.map(|_| text)
    }

    /// `<(cmd)` or `>(cmd)` as an argument: the path the command gets.
    pub(super) fn procsub_arg(
        &mut self,
        kind: &Kind,
        cmd: &ast::SubshellCommand,
        made: &mut ProcFiles,
    ) -> Result<String, Ctl> {
        let n = FIRST_FD - made.files.len() as u32;
        if n < LAST_FD {
            self.write(
                2,
                "bash: netbook: too many process substitutions in one command (netbook's bound)\n",
            );
            return Err(Ctl::Unwind(1));
        }
        let text = match kind {
            Kind::Read => self.procsub_output(cmd, None)?,
            Kind::Write => String::new(),
        };
        if made.made_dir.is_none() && !self.world.fs.is_dir("/dev/fd") {
            let top = if self.world.fs.is_dir("/dev") {
                "/dev/fd"
            } else {
                "/dev"
            };
            if self.world.fs.mkdir_p("/dev/fd").is_ok() {
                made.made_dir = Some(top.to_string());
            }
        }
        let path = format!("/dev/fd/{n}");
        if let Err(e) = self.world.fs.write(&path, &text, false) {
            self.write(2, &format!("bash: {e}\n"));
            return Err(Ctl::Unwind(1));
        }
        let writer = matches!(kind, Kind::Write).then(|| cmd.clone());
        made.files.push((path.clone(), writer));
        Ok(path)
    }

    /// After the command: each `>(cmd)` reads what was written for it,
    /// and the files go.
    pub(super) fn procsub_done(&mut self, made: ProcFiles) -> Result<(), Ctl> {
        let mut result = Ok(());
        for (path, writer) in made.files {
            let text = self.world.fs.read(&path).map(str::to_string).ok();
            let _ = self.world.fs.remove(&path);
            if let (Some(cmd), Some(text)) = (writer, text) {
                let out = self.procsub_output(&cmd, Some(text));
                match out {
                    Ok(t) => self.write(1, &t),
                    Err(e) => result = Err(e),
                }
            }
        }
        if let Some(dir) = made.made_dir {
            let _ = self.world.fs.remove_tree(&dir);
        }
        result
    }

    /// `cmd < <(list)`: the list's output is the command's stdin.
    pub(super) fn procsub_redirect(
        &mut self,
        kind: &Kind,
        cmd: &ast::SubshellCommand,
    ) -> Result<(), Option<String>> {
        if matches!(kind, Kind::Write) {
            return Err(Some(
                "netbook: a redirection to >(...) is not simulated".into(),
            ));
        }
        let text = self.procsub_output(cmd, None).map_err(|_| None)?;
        self.fds.input = Some(Input::new(text));
        Ok(())
    }
}
