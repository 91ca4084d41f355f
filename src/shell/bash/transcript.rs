//! The pre-pass that reads a pasted terminal transcript.
//!
//! A cell in which a line starts with a prompt (`$ ` or `> `, after
//! optional indentation) is a transcript: prompted lines are commands,
//! lines that continue them (bash's PS2 `> `, heredoc bodies, open quotes)
//! follow them, and the other lines are the output pasted with them. An
//! unprompted line that starts with a known command still runs (a learner
//! types below a pasted block), and a root prompt `# ` counts when a known
//! command follows it. Nothing is hidden silently: the lines read as
//! pasted output are named in a note.

use super::builtins::is_builtin;
use super::parse::parse;

/// A cell after the pre-pass.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prepared {
    /// The bash source to run.
    pub source: String,
    /// The lines read as pasted output, in order.
    pub skipped: Vec<String>,
}

impl Prepared {
    /// The note naming the skipped lines, if any.
    pub fn note(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let n = self.skipped.len();
        let shown: Vec<String> = self
            .skipped
            .iter()
            .take(3)
            .map(|l| format!("`{}`", l.trim()))
            .collect();
        let more = if n > 3 { ", ..." } else { "" };
        Some(format!(
            "netbook: {n} line{} read as pasted output, not run: {}{more}\n",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        ))
    }
}

const KEYWORDS: &[&str] = &[
    "if", "for", "while", "until", "case", "function", "{", "(", "((", "[[", "!", "time",
];

/// Whether `line` starts with something bash would run.
fn starts_with_command(line: &str) -> bool {
    let t = line.trim_start();
    let word = t.split([' ', '\t', ';']).next().unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let assignment = word.split_once('=').is_some_and(|(n, _)| {
        !n.is_empty()
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !n.starts_with(|c: char| c.is_ascii_digit())
    });
    assignment
        || KEYWORDS.contains(&word)
        || is_builtin(word)
        || crate::shell::command::lookup(word).is_some()
}

/// Strips a pasted prompt (`$ `, `> `), or `# ` before a known command.
fn strip_prompt(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for p in ["$ ", "> "] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest);
        }
    }
    if t == "$" || t == ">" {
        return Some("");
    }
    t.strip_prefix("# ")
        .filter(|rest| starts_with_command(rest))
}

/// Reads a cell: plain bash stays as it is; a transcript keeps its
/// commands and names the output lines it drops.
///
/// ```
/// use netbook::shell::bash::transcript::prepare;
/// let p = prepare("$ ip netns add a\n$ ip netns list\na\nip netns list\n");
/// assert_eq!(p.source, "ip netns add a\nip netns list\nip netns list\n");
/// assert_eq!(p.skipped, vec!["a"]);
/// ```
pub fn prepare(code: &str) -> Prepared {
    let lines: Vec<&str> = code.lines().collect();
    let transcript = lines
        .iter()
        .any(|l| matches!(l.trim_start().get(..2), Some("$ " | "> ")) || l.trim() == "$");
    if !transcript {
        return Prepared {
            source: code.to_string(),
            skipped: Vec::new(),
        };
    }
    let mut out = Prepared::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let cmd = match strip_prompt(line) {
            Some(c) => c,
            None if starts_with_command(line) => line,
            None => {
                if !line.trim().is_empty() {
                    out.skipped.push(line.to_string());
                }
                continue;
            }
        };
        let mut block = format!("{cmd}\n");
        // Continuation lines (PS2 `> `, heredoc bodies) follow the command.
        while i < lines.len() && parse(&block).is_err_and(|e| e.is_incomplete()) {
            let l = lines[i];
            let l = l
                .strip_prefix("> ")
                .or_else(|| (l == ">").then_some(""))
                .unwrap_or(l);
            block.push_str(l);
            block.push('\n');
            i += 1;
        }
        out.source.push_str(&block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_keeps_typed_commands_and_names_output() {
        let p = prepare(
            "# 네임스페이스 생성\n> ip netns add ns1\nns1\n$ ip netns list\n출력\nip netns list\n",
        );
        assert_eq!(p.source, "ip netns add ns1\nip netns list\nip netns list\n");
        assert_eq!(p.skipped, vec!["# 네임스페이스 생성", "ns1", "출력"]);
        assert!(p
            .note()
            .unwrap()
            .starts_with("netbook: 3 lines read as pasted output"));
    }

    #[test]
    fn ps2_heredoc_and_root_prompt() {
        let p =
            prepare("$ cat <<EOF\n> a\n> EOF\n# echo x\n$ for i in 1 2\n> do echo $i\n> done\n");
        assert_eq!(
            p.source,
            "cat <<EOF\na\nEOF\necho x\nfor i in 1 2\ndo echo $i\ndone\n"
        );
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn plain_cells_are_untouched() {
        let p = prepare("echo a\nx=1");
        assert_eq!(p.source, "echo a\nx=1");
    }
}
