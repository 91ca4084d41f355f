//! A simple command: assignments (`VAR=x` alone or before a command),
//! alias expansion, `set -x` tracing, then the dispatch to a function, a
//! builtin or a simulated tool (through `sudo` and `ip netns exec NS`).

use super::eval::{Ctl, Exec, Term, R};
use super::io::Target;
use super::state::MAX_FUNC_DEPTH;
use crate::shell::command::{self, CmdOutput, Ctx};
use crate::shell::emit::Emit;
use crate::sim::apps::ssh::session;
use crate::sim::stack::transport::table::FileTarget;
use brush_parser::ast;

impl Exec<'_> {
    pub(super) fn run_simple(&mut self, cmd: &ast::SimpleCommand) -> R {
        self.step()?;
        let mut procs = super::procsub::ProcFiles::default();
        let r = self.run_simple_with(cmd, &mut procs);
        if procs.is_empty() {
            return r;
        }
        let done = self.procsub_done(procs);
        let status = r?;
        done.map(|_| status)
    }

    fn run_simple_with(
        &mut self,
        cmd: &ast::SimpleCommand,
        procs: &mut super::procsub::ProcFiles,
    ) -> R {
        use ast::CommandPrefixOrSuffixItem as It;
        let mut assigns: Vec<&ast::Assignment> = Vec::new();
        let mut redirs: Vec<&ast::IoRedirect> = Vec::new();
        let mut words: Vec<ast::Word> = Vec::new();
        for item in cmd.prefix.iter().flat_map(|p| p.0.iter()) {
            match item {
                It::AssignmentWord(a, _) => assigns.push(a),
                It::IoRedirect(r) => redirs.push(r),
                It::Word(w) => words.push(w.clone()),
                It::ProcessSubstitution(k, c) => {
                    let path = self.procsub_arg(k, c, procs)?;
                    words.push(ast::Word::new(&path));
                }
            }
        }
        if let Some(w) = &cmd.word_or_name {
            words.push(w.clone());
        }
        let declaring = cmd
            .word_or_name
            .as_ref()
            .is_some_and(|w| DECLARERS.contains(&w.value.as_str()));
        // `declare -A m=(...)`: the array operands stay parsed; the
        // builtin sees only their names.
        let mut decl_arrays: Vec<&ast::Assignment> = Vec::new();
        for item in cmd.suffix.iter().flat_map(|p| p.0.iter()) {
            match item {
                It::AssignmentWord(
                    a @ ast::Assignment {
                        name: ast::AssignmentName::VariableName(n),
                        value: ast::AssignmentValue::Array(_),
                        ..
                    },
                    _,
                ) if declaring => {
                    words.push(ast::Word::new(n));
                    decl_arrays.push(a);
                }
                It::IoRedirect(r) => redirs.push(r),
                It::Word(w) | It::AssignmentWord(_, w) => words.push(w.clone()),
                It::ProcessSubstitution(k, c) => {
                    let path = self.procsub_arg(k, c, procs)?;
                    words.push(ast::Word::new(&path));
                }
            }
        }
        self.expand_alias(&mut words);
        self.subst_status = None;
        let argv = self.expand_words(&words)?;
        let mut values = Vec::with_capacity(assigns.len());
        for a in &assigns {
            let name = match &a.name {
                ast::AssignmentName::VariableName(n) => n.clone(),
                ast::AssignmentName::ArrayElementName(n, idx) => {
                    // `a[i]=v`, `m[key]+=v`: an element, set at once.
                    if let ast::AssignmentValue::Scalar(w) = &a.value {
                        let mut v = self.expand_string(&w.value)?;
                        if a.append {
                            let old = self.element(n, idx)?.unwrap_or_default();
                            v = old + &v;
                        }
                        self.set_subscript(n, idx, v)?;
                    }
                    continue;
                }
            };
            let v = match &a.value {
                ast::AssignmentValue::Scalar(w) => self.expand_string(&w.value)?,
                ast::AssignmentValue::Array(items) => {
                    self.assign_array(&name, items, a.append)?;
                    continue;
                }
            };
            let v = if a.append {
                format!("{}{v}", self.sh.get(&name).unwrap_or(""))
            } else {
                v
            };
            values.push((name, v));
        }
        if self.sh.opts.xtrace {
            let mut parts: Vec<String> = values
                .iter()
                .map(|(n, v)| format!("{n}={}", xtrace_quote(v)))
                .collect();
            let line = if argv.is_empty() {
                parts
            } else {
                let mut a: Vec<String> = if values.is_empty() {
                    vec![]
                } else {
                    std::mem::take(&mut parts)
                };
                a.extend(argv.iter().map(|w| xtrace_quote(w)));
                a
            };
            for l in if argv.is_empty() {
                line.iter().map(|x| vec![x.clone()]).collect::<Vec<_>>()
            } else {
                vec![line]
            } {
                let plus = "+".repeat(1 + self.subst);
                self.write(2, &format!("{plus} {}\n", l.join(" ")));
            }
        }
        if argv.is_empty() {
            let st = self.subst_status.unwrap_or(0);
            for (n, v) in values {
                self.assign_scalar(&n, v);
            }
            return self.with_redirects(&redirs, |_| Ok(st));
        }
        // `VAR=x cmd`: the variables live for this command only.
        let saved: Vec<(String, Option<super::state::Var>)> = values
            .iter()
            .map(|(n, _)| (n.clone(), self.sh.vars.get(n).cloned()))
            .collect();
        for (n, v) in values {
            self.sh.vars.insert(
                n,
                super::state::Var {
                    value: v,
                    exported: true,
                },
            );
        }
        let r = self.with_redirects(&redirs, |ex| {
            if !decl_arrays.is_empty() && !ex.sh.funcs.contains_key(&argv[0]) {
                return ex.declare_with(&argv[0], &argv[1..], &decl_arrays);
            }
            ex.dispatch(&argv)
        });
        for (n, old) in saved {
            self.sh.restore_var(n, old);
        }
        r
    }

    /// Runs an expanded argv: function, builtin, or simulated tool.
    pub(super) fn dispatch(&mut self, argv: &[String]) -> R {
        let name = argv[0].as_str();
        if let Some(body) = self.sh.funcs.get(name).cloned() {
            return self.call_function(name, &body, &argv[1..]);
        }
        if let Some(r) = self.builtin(argv) {
            return r;
        }
        if name == "sudo" && argv.len() > 1 && !argv[1].starts_with('-') {
            return self.dispatch(&argv[1..]);
        }
        if let [ip, netns, exec, ns, rest @ ..] = argv {
            if ip == "ip" && netns == "netns" && exec == "exec" && !rest.is_empty() {
                let inner = rest[0].as_str();
                let shell_level =
                    self.sh.funcs.contains_key(inner) || super::builtins::is_builtin(inner);
                if shell_level {
                    // ip checks the namespace (and its /etc/netns binds),
                    // then the inner command runs in it.
                    let mut probe = argv[..4].to_vec();
                    probe.push("true".into());
                    let out = self.run_tool(&probe);
                    if out.status != 0 {
                        return Ok(self.deliver(out));
                    }
                    self.deliver(out);
                    let saved = self.netns.replace(ns.clone());
                    let r = self.dispatch(rest);
                    self.netns = saved;
                    return r;
                }
            }
        }
        let out = self.run_tool(argv);
        let status = self.deliver(out);
        // bash reports ended jobs after a foreground process, not after
        // its own builtins.
        self.bg_tick(!super::builtins::is_bash_builtin_tool(name));
        Ok(status)
    }

    /// Runs a simulated tool with the fds' stdin; streams when its stdout
    /// is the cell's.
    pub(super) fn run_tool(&mut self, argv: &[String]) -> CmdOutput {
        // Only tools that read stdin consume it (`while read` loops go on).
        let stdin = self.fds.input.as_ref().map(|i| {
            if reads_stdin(argv) {
                i.borrow_mut().take_all()
            } else {
                i.borrow().rest()
            }
        });
        let stream =
            self.fds.out == Target::Term(1) && matches!(self.term, Term::Sink(_) | Term::Job(_));
        // A server this command starts keeps writing where its fds point.
        let file = |t: &Target| match t {
            Target::File(p) => Some(FileTarget {
                netns: self.netns.clone(),
                path: p.clone(),
            }),
            Target::Null => Some(FileTarget {
                netns: None,
                path: "/dev/null".into(),
            }),
            _ => None,
        };
        self.world.transport.spawn_redirects = [file(&self.fds.out), file(&self.fds.err)];
        if stream {
            self.flush_pending(false);
        }
        let out = {
            let Exec {
                sh,
                world,
                interrupt,
                term,
                netns,
                ..
            } = self;
            let mut print = |at: u64, t: &str| match term {
                Term::Sink(s) => s.emit(Emit::Stdout(t.to_string())),
                Term::Job(v) => v.push(at, 1, t),
                Term::Buffer(..) => {}
            };
            let mut ctx = Ctx {
                world,
                netns: netns.clone(),
                stdin,
                interrupt,
                live: if stream { Some(&mut print) } else { None },
                pacer: sh
                    .pacer
                    .as_deref()
                    .map(|p| p as &dyn crate::shell::command::Pacer),
                shell: Some(super::remote::login_shell),
                env: sh.env(),
            };
            command::run_argv(&mut ctx, argv)
        };
        self.world.transport.spawn_redirects = [None, None];
        let bg = session::take_tty_output(self.world);
        if !bg.is_empty() {
            match &mut self.term {
                Term::Sink(s) => s.emit(Emit::Stderr(bg)),
                Term::Job(v) => v.push(self.world.now_us, 2, &bg),
                Term::Buffer(..) => {}
            }
        }
        out
    }

    fn call_function(&mut self, name: &str, body: &ast::FunctionBody, args: &[String]) -> R {
        if self.sh.depth >= MAX_FUNC_DEPTH {
            self.write(
                2,
                &format!(
                    "bash: {name}: maximum function nesting level exceeded ({MAX_FUNC_DEPTH})\n"
                ),
            );
            return Err(Ctl::Unwind(1));
        }
        let saved_pos = std::mem::replace(&mut self.sh.positional, args.to_vec());
        let saved_name = self.sh.vars.get("FUNCNAME").cloned();
        self.sh.set("FUNCNAME", name);
        self.sh.depth += 1;
        self.sh.locals.push(Default::default());
        self.sh.array_locals.push(Default::default());
        let redirs: Vec<&ast::IoRedirect> = body.1.iter().flat_map(|r| r.0.iter()).collect();
        let r = self.with_redirects(&redirs, |ex| ex.run_compound(&body.0));
        if let Some(frame) = self.sh.array_locals.pop() {
            self.restore_arrays(frame);
        }
        if let Some(frame) = self.sh.locals.pop() {
            for (k, old) in frame {
                self.sh.restore_var(k, old);
            }
        }
        self.sh.depth -= 1;
        self.sh.positional = saved_pos;
        match saved_name {
            Some(v) => {
                self.sh.vars.insert("FUNCNAME".into(), v);
            }
            None => self.sh.unset("FUNCNAME"),
        }
        match r {
            Err(Ctl::Return(n)) => Ok(n),
            other => other,
        }
    }
}

/// The builtins whose `NAME=(...)` operands are array assignments.
const DECLARERS: &[&str] = &["declare", "typeset", "local", "readonly"];

/// A word as `set -x` prints it.
pub(super) fn xtrace_quote(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | '=' | ':' | ',' | '+' | '@' | '%')
        });
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// Tools that read their standard input (when given no file, or `-`).
const STDIN_READERS: &[&str] = &[
    "cat",
    "grep",
    "head",
    "tail",
    "wc",
    "sort",
    "uniq",
    "tr",
    "tee",
    "sed",
    "awk",
    "gawk",
    "cut",
    "tac",
    "column",
    "iptables-restore",
    "ssh",
    "nc",
    "python3",
    "sudo",
    "xargs",
    "bash",
    "sh",
];

/// Whether running `argv` consumes the shell's stdin.
fn reads_stdin(argv: &[String]) -> bool {
    STDIN_READERS.contains(&argv[0].as_str())
        || argv.iter().skip(1).any(|a| a == "-" || a == "-batch")
}
