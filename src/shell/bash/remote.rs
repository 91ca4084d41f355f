//! The login shell sshd starts for `ssh host 'cmd'` (and for a script on
//! ssh's stdin): a fresh bash, not the cell's (no variables, functions or
//! aliases carry over; sshd passes no environment), run by the same
//! evaluator in the server's namespace. The ssh tool reaches it through
//! [`crate::shell::command::Ctx::shell`], so the command layer does not
//! import the evaluator.

use super::eval::{run_source, Term};
use super::state::Shell;
use crate::shell::command::{CmdOutput, Ctx};

/// Runs `text` as `bash -c` would on the server; output is plain text and
/// the status is the shell's.
pub fn login_shell(ctx: &mut Ctx, text: &str) -> CmdOutput {
    let mut sh = Shell::new();
    let stdin = ctx.stdin.take();
    // The login shell starts in $HOME; the caller's cwd comes back after.
    let caller_cwd = ctx.world.fs.cwd().to_string();
    let r = run_source(
        &mut sh,
        ctx.world,
        ctx.interrupt,
        Term::Buffer(String::new(), String::new()),
        ctx.netns.clone(),
        stdin,
        text,
        "bash: -c: line 1: ",
    );
    ctx.world.fs.set_cwd(&caller_cwd);
    let mut stderr = r.stderr;
    // A syntax error or a stopped run (budget, interrupt) is reported
    // here; other failures were printed where they happened.
    if let Some(e) = r.error {
        for l in e.traceback {
            stderr.push_str(&l);
            stderr.push('\n');
        }
    }
    CmdOutput {
        status: r.status,
        stdout: r.stdout,
        stderr,
        ..Default::default()
    }
}
