//! The builtins that run other commands: `bash -c`/`sh -c` (a child
//! shell with the exported variables and the namespace), `env` and
//! `xargs` (GNU's splitting, `-n`, `-I`).

use super::builtins::{is_builtin, valid_name};
use crate::shell::command::lookup;

/// Builtins that are programs too (coreutils, bash itself, findutils), so
/// `env` and `xargs` can run them.
const PROGRAMS: &[&str] = &["test", "[", "bash", "sh", "xargs", "pwd", "env", "printf"];
use super::eval::{Ctl, Exec, R};
use super::io::Input;
use super::state::Var;

impl Exec<'_> {
    /// `bash -c 'script' [arg0 [args...]]`, or a script on stdin: a new
    /// shell that inherits the exported variables and the namespace.
    pub(super) fn bash_c(&mut self, args: &[String]) -> R {
        let mut child = self.sh.child();
        let mut i = 0;
        let mut script = None;
        while i < args.len() {
            let a = &args[i];
            match a.as_str() {
                "-c" => {
                    script = args.get(i + 1).cloned();
                    i += 2;
                    break;
                }
                "-e" => child.opts.errexit = true,
                "-u" => child.opts.nounset = true,
                "-x" => child.opts.xtrace = true,
                "-o" => {
                    if args.get(i + 1).map(String::as_str) == Some("pipefail") {
                        child.opts.pipefail = true;
                    }
                    i += 1;
                }
                _ if a.starts_with('-') => {}
                _ => break,
            }
            i += 1;
        }
        let script = match script {
            Some(s) => {
                if let Some((a0, rest)) = args.get(i..).and_then(|r| r.split_first()) {
                    child.arg0 = a0.clone();
                    child.positional = rest.to_vec();
                }
                s
            }
            None if i < args.len() => {
                // `bash file`: a script from the simulated file system.
                let path = &args[i];
                match self.world.read_file(self.netns.as_deref(), path) {
                    Ok(t) => {
                        child.arg0 = path.clone();
                        child.positional = args[i + 1..].to_vec();
                        t
                    }
                    Err(e) => {
                        self.write(2, &format!("bash: {e}\n"));
                        return Ok(127);
                    }
                }
            }
            None => match &self.fds.input {
                Some(inp) => inp.borrow_mut().take_all(),
                None => return Ok(0),
            },
        };
        let saved = std::mem::replace(self.sh, child);
        let r = self.run_text(&script, "bash: -c: line 1: ");
        let r = match r {
            Ok(s) | Err(Ctl::Exit(s)) => Ok(self.exit_trap(s)),
            other => other,
        };
        let steps = self.sh.steps;
        *self.sh = saved;
        self.sh.steps = steps;
        self.sync_cwd();
        match r {
            Ok(s) | Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) | Err(Ctl::Unwind(s)) => Ok(s),
            Err(Ctl::Break(_)) | Err(Ctl::Continue(_)) => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// Runs `argv` as `env` and `xargs` do, through exec: a program, never
    /// a shell function or a builtin that only a shell has; `printf` is
    /// coreutils'.
    fn exec_program(&mut self, tool: &str, argv: &[String]) -> R {
        let name = argv[0].as_str();
        let shell_only =
            self.sh.funcs.contains_key(name) || (is_builtin(name) && !PROGRAMS.contains(&name));
        if name == "printf" || (!shell_only && lookup(name).is_some()) {
            let out = self.run_tool(argv);
            return Ok(self.deliver(out));
        }
        if shell_only || !is_builtin(name) {
            let msg = match tool {
                "env" => format!("env: '{name}': No such file or directory\n"),
                _ => format!("{tool}: {name}: No such file or directory\n"),
            };
            self.write(2, &msg);
            return Ok(127);
        }
        self.dispatch(argv)
    }

    pub(super) fn env_builtin(&mut self, args: &[String]) -> R {
        let mut i = 0;
        let mut assigns = Vec::new();
        while let Some(a) = args.get(i) {
            match a.split_once('=') {
                Some((n, v)) if valid_name(n) => assigns.push((n.to_string(), v.to_string())),
                _ => break,
            }
            i += 1;
        }
        if i == args.len() {
            let mut env = self.sh.env();
            for (n, v) in assigns {
                env.insert(n, v);
            }
            let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
            self.write(1, &text);
            return Ok(0);
        }
        let saved = self.sh.clone();
        for (n, v) in assigns {
            self.sh.vars.insert(
                n,
                Var {
                    value: v,
                    exported: true,
                },
            );
        }
        let r = self.exec_program("env", &args[i..]);
        let steps = self.sh.steps;
        let funcs_kept = std::mem::replace(self.sh, saved);
        let _ = funcs_kept;
        self.sh.steps = steps;
        r
    }

    /// `xargs [-n N] [-I R] [-0] [CMD [ARG]...]`, GNU's defaults.
    pub(super) fn xargs(&mut self, args: &[String]) -> R {
        let mut per: Option<usize> = None;
        let mut repl: Option<String> = None;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "-n" || a == "-L" {
                per = args.get(i + 1).and_then(|v| v.parse().ok());
                i += 2;
            } else if let Some(v) = a.strip_prefix("-n").filter(|v| !v.is_empty()) {
                per = v.parse().ok();
                i += 1;
            } else if a == "-I" {
                repl = args.get(i + 1).cloned();
                i += 2;
            } else if let Some(r) = a.strip_prefix("-I") {
                repl = Some(r.to_string());
                i += 1;
            } else if a == "-i" {
                repl = Some("{}".into());
                i += 1;
            } else if a == "-r" || a == "--no-run-if-empty" || a == "-t" {
                i += 1;
            } else if a.starts_with('-') && a.len() > 1 {
                self.write(2, &format!("xargs: invalid option -- '{}'\n", &a[1..]));
                return Ok(1);
            } else {
                break;
            }
        }
        let cmd: Vec<String> = if i < args.len() {
            args[i..].to_vec()
        } else {
            vec!["echo".into()]
        };
        let input = self
            .fds
            .input
            .as_ref()
            .map(|i| i.borrow_mut().take_all())
            .unwrap_or_default();
        let saved_in = self.fds.input.replace(Input::new(String::new()));
        let mut runs: Vec<Vec<String>> = Vec::new();
        if let Some(r) = &repl {
            for line in input.lines().filter(|l| !l.trim().is_empty()) {
                runs.push(
                    cmd.iter()
                        .map(|w| w.replace(r.as_str(), line.trim()))
                        .collect(),
                );
            }
        } else {
            let items = xargs_items(&input);
            let chunk = per.unwrap_or(usize::MAX).max(1);
            if items.is_empty() {
                runs.push(cmd.clone());
            }
            for c in items.chunks(chunk.min(items.len().max(1))) {
                let mut v = cmd.clone();
                v.extend(c.iter().cloned());
                runs.push(v);
            }
        }
        let mut status = 0;
        for argv in runs {
            self.step()?;
            self.fds.input = Some(Input::new(String::new()));
            let s = match self.exec_program("xargs", &argv) {
                Ok(s) => s,
                Err(Ctl::Exit(s)) | Err(Ctl::Return(s)) => s,
                Err(e) => {
                    self.fds.input = saved_in;
                    return Err(e);
                }
            };
            if s == 127 {
                status = 127;
                break;
            }
            if s != 0 {
                status = 123;
            }
        }
        self.fds.input = saved_in;
        Ok(status)
    }
}

/// xargs' items: blanks separate, quotes and backslashes group.
fn xargs_items(input: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut it = input.chars();
    while let Some(c) = it.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if has {
                    items.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            '\'' | '"' => {
                has = true;
                for d in it.by_ref() {
                    if d == c {
                        break;
                    }
                    cur.push(d);
                }
            }
            '\\' => {
                has = true;
                if let Some(d) = it.next() {
                    cur.push(d);
                }
            }
            _ => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        items.push(cur);
    }
    items
}
