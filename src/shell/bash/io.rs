//! Where a command's output goes: the fd table (stdout, stderr, stdin) of
//! the running command, pointing at the cell's terminal, a capture buffer
//! (`$(...)`, a pipe), a file of the simulated file system, or nowhere.

use super::state::PIPE_CAP;
use crate::shell::command::CmdOutput;
use std::cell::RefCell;
use std::rc::Rc;

/// Where one fd writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The cell's stdout (1) or stderr (2) (or the caller's buffers for
    /// a nested shell).
    Term(u8),
    /// A pipe or `$(...)` buffer, by index.
    Capture(usize),
    /// A file, already opened (created or truncated).
    File(String),
    /// `/dev/null`.
    Null,
}

/// Text a command reads, consumed as it is read (`while read`).
#[derive(Debug, Default)]
pub struct Input {
    text: String,
    pos: usize,
}

impl Input {
    /// Input holding `text`.
    pub fn new(text: String) -> Rc<RefCell<Input>> {
        Rc::new(RefCell::new(Input { text, pos: 0 }))
    }

    /// Everything not read yet.
    pub fn take_all(&mut self) -> String {
        let rest = self.text[self.pos..].to_string();
        self.pos = self.text.len();
        rest
    }

    /// Everything not read yet, left unread.
    pub fn rest(&self) -> String {
        self.text[self.pos..].to_string()
    }

    /// The next line without its newline; `None` at end of input. The
    /// flag says whether the line ended with a newline.
    pub fn read_line(&mut self) -> Option<(String, bool)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        match rest.find('\n') {
            Some(i) => {
                let l = rest[..i].to_string();
                self.pos += i + 1;
                Some((l, true))
            }
            None => {
                let l = rest.to_string();
                self.pos = self.text.len();
                Some((l, false))
            }
        }
    }
}

/// The fd table of the running command.
#[derive(Debug, Clone)]
pub struct Fds {
    /// fd 1.
    pub out: Target,
    /// fd 2.
    pub err: Target,
    /// fd 0; `None` is the terminal (nothing to read).
    pub input: Option<Rc<RefCell<Input>>>,
}

impl Default for Fds {
    fn default() -> Self {
        Fds {
            out: Target::Term(1),
            err: Target::Term(2),
            input: None,
        }
    }
}

/// Appends to a pipe buffer, dropping what passes the cap.
pub fn push_capped(buf: &mut String, text: &str) {
    if buf.len() >= PIPE_CAP {
        return;
    }
    let room = PIPE_CAP - buf.len();
    if text.len() <= room {
        buf.push_str(text);
    } else {
        let mut cut = room;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        buf.push_str(&text[..cut]);
    }
}

/// The most text one command shows in a cell (pipes and redirections
/// still get everything): front ends slow to a crawl on multi-megabyte
/// outputs, and a learner never reads that much.
pub const OUTPUT_CAP: usize = 256 * 1024;

/// Truncates what a command shows at a line boundary, with a note on
/// stderr saying how to see the rest.
pub fn cap_output(out: &mut CmdOutput) {
    let too_rich = out
        .rich
        .as_ref()
        .is_some_and(|b| b.iter().any(|(_, c)| c.len() > OUTPUT_CAP));
    if too_rich {
        out.rich = None;
    }
    if out.stdout.len() <= OUTPUT_CAP {
        return;
    }
    out.rich = None;
    let total_lines = out.stdout.lines().count();
    let mut cut = OUTPUT_CAP;
    while !out.stdout.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = out.stdout[..cut].rfind('\n').map(|i| i + 1).unwrap_or(cut);
    let total = out.stdout.len();
    out.stdout.truncate(cut);
    let shown = out.stdout.lines().count();
    out.stderr.push_str(&format!(
        "netbook: output truncated: showing the first {shown} of {total_lines} lines ({cut} of {total} bytes); pipe it through head, tail or grep, or redirect it (> /tmp/out) to see the rest\n"
    ));
}

/// bash's message for a redirection that cannot open.
pub fn redirect_error(path: &str, msg: &str) -> String {
    if msg.ends_with("Directory nonexistent") {
        format!("{path}: No such file or directory")
    } else {
        msg.to_string()
    }
}

/// A background job's terminal output, stamped with the virtual time it
/// was printed at; bounded like a command's output in a cell.
#[derive(Debug, Default)]
pub struct JobOut {
    /// (time, fd, text) in the order printed.
    pub chunks: Vec<(u64, u8, String)>,
    bytes: usize,
}

impl JobOut {
    /// Keeps `text` unless the job already printed [`OUTPUT_CAP`] bytes
    /// (then one note says so).
    pub fn push(&mut self, at: u64, fd: u8, text: &str) {
        if self.bytes > OUTPUT_CAP {
            return;
        }
        let room = OUTPUT_CAP - self.bytes;
        self.bytes += text.len();
        if text.len() <= room {
            self.chunks.push((at, fd, text.to_string()));
            return;
        }
        let mut cut = room;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[..cut].rfind('\n').map_or(0, |i| i + 1);
        if cut > 0 {
            self.chunks.push((at, fd, text[..cut].to_string()));
        }
        self.bytes = OUTPUT_CAP + 1;
        self.chunks.push((
            at,
            2,
            "netbook: a background job printed more than 256 KiB; the rest is not shown (redirect it to a file)\n".into(),
        ));
    }
}
