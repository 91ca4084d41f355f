//! Redirections, opened before the command runs as bash opens them:
//! `>`, `>>`, `<`, `2>&1`, `>&2`, `&>`, heredocs and here-strings, onto
//! the simulated file system as the command's namespace sees it.

use super::eval::{Ctl, Exec, R};
use super::io::{redirect_error, Input, Target};
use brush_parser::ast;

impl Exec<'_> {
    /// Applies redirections around `f`, as bash opens them before the
    /// command runs (a missing directory means the command never runs).
    pub(super) fn with_redirects(
        &mut self,
        redirs: &[&ast::IoRedirect],
        f: impl FnOnce(&mut Self) -> R,
    ) -> R {
        if redirs.is_empty() {
            return f(self);
        }
        let saved = self.fds.clone();
        for r in redirs {
            if let Err(msg) = self.open_redirect(r) {
                self.fds = saved;
                if let Some(msg) = msg {
                    self.write(2, &format!("bash: {msg}\n"));
                }
                return Ok(1);
            }
        }
        let r = f(self);
        self.fds = saved;
        r
    }

    fn open_out(&mut self, path: &str, append: bool) -> Result<Target, Option<String>> {
        match path {
            "/dev/null" => return Ok(Target::Null),
            "/dev/stdout" => return Ok(self.fds.out.clone()),
            "/dev/stderr" => return Ok(self.fds.err.clone()),
            _ => {}
        }
        let abs = self.world.fs.abs(path);
        // procfs ignores O_TRUNC and judges only what is written.
        if !abs.starts_with("/proc/") {
            if let Err(e) = self
                .world
                .write_file(self.netns.as_deref(), path, "", append)
            {
                return Err(Some(redirect_error(path, &e.to_string())));
            }
        }
        // Later writes (and a server started here) keep this file though
        // the shell may `cd` elsewhere meanwhile.
        Ok(Target::File(abs))
    }

    fn open_redirect(&mut self, r: &ast::IoRedirect) -> Result<(), Option<String>> {
        use ast::{IoFileRedirectKind as K, IoFileRedirectTarget as T};
        let ctl = |e: Ctl| -> Option<String> {
            let _ = e;
            None
        };
        match r {
            ast::IoRedirect::File(fd, kind, target) => {
                let word = match target {
                    T::Filename(w) | T::Duplicate(w) => {
                        Some(self.expand_string(&w.value).map_err(ctl)?)
                    }
                    T::Fd(n) => Some(n.to_string()),
                    T::ProcessSubstitution(k, c) => return self.procsub_redirect(k, c),
                };
                let word = word.unwrap_or_default();
                match kind {
                    K::Read | K::ReadAndWrite => {
                        match self.world.read_file(self.netns.as_deref(), &word) {
                            Ok(t) => self.fds.input = Some(Input::new(t)),
                            Err(e) => return Err(Some(e.to_string())),
                        }
                    }
                    K::Write | K::Clobber | K::Append => {
                        let t = self.open_out(&word, matches!(kind, K::Append))?;
                        match fd.unwrap_or(1) {
                            2 => self.fds.err = t,
                            _ => self.fds.out = t,
                        }
                    }
                    K::DuplicateOutput => {
                        let src = match word.as_str() {
                            "1" => self.fds.out.clone(),
                            "2" => self.fds.err.clone(),
                            "-" => Target::Null,
                            w => self.open_out(w, false)?,
                        };
                        match fd.unwrap_or(1) {
                            2 => self.fds.err = src,
                            _ => self.fds.out = src,
                        }
                    }
                    K::DuplicateInput => {}
                }
            }
            ast::IoRedirect::OutputAndError(w, append) => {
                let path = self.expand_string(&w.value).map_err(ctl)?;
                let t = self.open_out(&path, *append)?;
                self.fds.out = t.clone();
                self.fds.err = t;
            }
            ast::IoRedirect::HereDocument(_, doc) => {
                let body = if doc.requires_expansion {
                    self.expand_heredoc(&doc.doc.value).map_err(ctl)?
                } else {
                    doc.doc.value.clone()
                };
                self.fds.input = Some(Input::new(body));
            }
            ast::IoRedirect::HereString(_, w) => {
                let s = self.expand_string(&w.value).map_err(ctl)?;
                self.fds.input = Some(Input::new(format!("{s}\n")));
            }
        }
        Ok(())
    }
}
