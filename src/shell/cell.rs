//! A small command-line syntax tree: words, quotes, `;` `&&` `||` `|` `&`,
//! redirections and heredocs, without expansions.
//!
//! Cells no longer go through this parser: they are bash, parsed and run
//! by [`crate::shell::bash`]. It remains for the simulated SSH server's
//! remote command line (`ssh host 'cmd'`), and [`Completeness`] is the
//! answer type of `is_complete_request`.

use thiserror::Error;

/// A syntax error; Display is bash's wording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SyntaxError {
    /// An operator where a command was expected.
    #[error("syntax error near unexpected token `{0}'")]
    UnexpectedToken(String),
    /// A quote left open at the end of the cell.
    #[error("unexpected EOF while looking for matching `{0}'")]
    UnterminatedQuote(char),
    /// The cell ended after `|`, `&&` or `||`, or inside a continuation.
    #[error("syntax error: unexpected end of file")]
    UnexpectedEof,
    /// A heredoc whose terminator never came.
    #[error("warning: here-document delimited by end-of-file (wanted `{0}')")]
    UnterminatedHeredoc(String),
    /// A redirection without a file name.
    #[error("syntax error near unexpected token `newline'")]
    MissingRedirectTarget,
}

/// Where a redirection sends output or takes input from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `>` / `>>` (fd 1) or `2>` / `2>>` (fd 2) into a file.
    ToFile {
        /// 1 for stdout, 2 for stderr.
        fd: u8,
        /// The file path.
        path: String,
        /// `>>`.
        append: bool,
    },
    /// `2>&1`.
    StderrToStdout,
    /// `>&2` / `1>&2`.
    StdoutToStderr,
    /// `< file`.
    FromFile(String),
}

/// One command with its words and redirections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// The words after quote removal.
    pub argv: Vec<String>,
    /// Redirections in order.
    pub redirects: Vec<Redirect>,
    /// The body of a heredoc, fed to stdin.
    pub heredoc: Option<String>,
    /// 1-based line of the cell where the command starts.
    pub line: usize,
}

/// `a | b | c`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<SimpleCommand>,
}

/// How a pipeline is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `&&`: run when the previous succeeded.
    And,
    /// `||`: run when the previous failed.
    Or,
}

/// `p1 && p2 || p3`, optionally sent to the background with `&`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Pipeline,
    /// The following pipelines with their connector.
    pub rest: Vec<(Connector, Pipeline)>,
    /// Ended by `&`.
    pub background: bool,
}

/// A whole cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    /// The lists in order.
    pub items: Vec<AndOr>,
}

impl Script {
    /// Every simple command in order of appearance.
    pub fn commands(&self) -> impl Iterator<Item = &SimpleCommand> {
        self.items.iter().flat_map(|a| {
            std::iter::once(&a.first)
                .chain(a.rest.iter().map(|(_, p)| p))
                .flat_map(|p| p.commands.iter())
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Semi,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    Redir(RedirOp),
    Newline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum RedirOp {
    Out { fd: u8, append: bool },
    ErrToOut,
    OutToErr,
    In,
    Heredoc { strip_tabs: bool },
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Semi => ";".into(),
        Tok::Amp => "&".into(),
        Tok::AndIf => "&&".into(),
        Tok::OrIf => "||".into(),
        Tok::Pipe => "|".into(),
        Tok::Newline => "newline".into(),
        Tok::Redir(RedirOp::Out { fd, append }) => {
            format!(
                "{}{}",
                if *fd == 2 { "2" } else { "" },
                if *append { ">>" } else { ">" }
            )
        }
        Tok::Redir(RedirOp::ErrToOut) => "2>&1".into(),
        Tok::Redir(RedirOp::OutToErr) => ">&2".into(),
        Tok::Redir(RedirOp::In) => "<".into(),
        Tok::Redir(RedirOp::Heredoc { .. }) => "<<".into(),
    }
}

/// Strips a pasted prompt (`> ` or `$ `, after optional indentation).
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
    None
}

/// Lines of the cell that hold commands, with their 1-based line numbers.
/// In a transcript, heredoc bodies and continuations follow their command
/// even without a prompt, so only lines that begin a command are filtered.
fn command_lines(code: &str) -> Vec<Option<String>> {
    let transcript = code.lines().any(|l| strip_prompt(l).is_some());
    let lines = code
        .lines()
        .map(|l| {
            if transcript {
                strip_prompt(l).map(str::to_string)
            } else {
                Some(l.to_string())
            }
        })
        .collect();
    lines
}

/// Tokens with their line numbers, and heredoc bodies in order.
type Lexed = (Vec<(Tok, usize)>, Vec<String>);

struct Lexer {
    /// Command text per line; `None` for a transcript's output lines.
    lines: Vec<Option<String>>,
    /// The cell's lines as typed, for continuations and heredoc bodies.
    raw: Vec<String>,
    idx: usize,
    toks: Vec<(Tok, usize)>,
    heredocs: Vec<String>,
    pending_heredocs: Vec<(String, bool)>,
}

impl Lexer {
    fn run(mut self) -> Result<Lexed, SyntaxError> {
        // Lines a transcript marks as output are skipped unless they continue
        // a command (open quote, `\`) or belong to a heredoc.
        while self.idx < self.lines.len() {
            let lineno = self.idx + 1;
            let line = self.lines[self.idx].clone();
            self.idx += 1;
            let Some(line) = line else { continue };
            self.lex_line(lineno, line)?;
            self.toks.push((Tok::Newline, lineno));
            self.read_heredocs()?;
        }
        Ok((self.toks, self.heredocs))
    }

    /// The next raw line for a continuation, prompt-free in a transcript.
    fn next_raw_line(&mut self) -> Option<String> {
        // A prompted line keeps its prompt stripped; an unprompted one is
        // taken as typed (continuations carry no prompt of their own).
        let line = self.lines.get(self.idx)?.clone();
        let raw = line.unwrap_or_else(|| self.raw[self.idx].clone());
        self.idx += 1;
        Some(raw)
    }

    fn read_heredocs(&mut self) -> Result<(), SyntaxError> {
        let pending = std::mem::take(&mut self.pending_heredocs);
        for (delim, strip_tabs) in pending {
            let mut body = String::new();
            let mut found = false;
            // In a transcript, bash's PS2 (`> `) was already stripped.
            while let Some(l) = self.next_raw_line() {
                let cmp = if strip_tabs {
                    l.trim_start_matches('\t')
                } else {
                    &l
                };
                if cmp == delim {
                    found = true;
                    break;
                }
                body.push_str(cmp);
                body.push('\n');
            }
            if !found {
                return Err(SyntaxError::UnterminatedHeredoc(delim));
            }
            self.heredocs.push(body);
        }
        Ok(())
    }

    fn lex_line(&mut self, lineno: usize, line: String) -> Result<(), SyntaxError> {
        let mut chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut word = String::new();
        let mut in_word = false;
        let flush = |word: &mut String, in_word: &mut bool, toks: &mut Vec<(Tok, usize)>| {
            if *in_word {
                toks.push((Tok::Word(std::mem::take(word)), lineno));
                *in_word = false;
            }
        };
        loop {
            if i >= chars.len() {
                break;
            }
            let c = chars[i];
            match c {
                ' ' | '\t' => {
                    flush(&mut word, &mut in_word, &mut self.toks);
                    i += 1;
                }
                '#' if !in_word => break,
                '\\' => {
                    if i + 1 < chars.len() {
                        word.push(chars[i + 1]);
                        in_word = true;
                        i += 2;
                    } else {
                        // Line continuation: splice the next line in.
                        match self.next_raw_line() {
                            Some(next) => {
                                chars.truncate(i);
                                chars.extend(next.chars());
                            }
                            None => return Err(SyntaxError::UnexpectedEof),
                        }
                    }
                }
                '\'' | '"' => {
                    in_word = true;
                    i += 1;
                    loop {
                        if i >= chars.len() {
                            match self.next_raw_line() {
                                Some(next) => {
                                    word.push('\n');
                                    chars.extend(next.chars());
                                    continue;
                                }
                                None => return Err(SyntaxError::UnterminatedQuote(c)),
                            }
                        }
                        let d = chars[i];
                        if d == c {
                            i += 1;
                            break;
                        }
                        if c == '"' && d == '\\' && i + 1 < chars.len() {
                            let n = chars[i + 1];
                            if matches!(n, '"' | '\\' | '$' | '`') {
                                word.push(n);
                                i += 2;
                                continue;
                            }
                        }
                        word.push(d);
                        i += 1;
                    }
                }
                ';' => {
                    flush(&mut word, &mut in_word, &mut self.toks);
                    self.toks.push((Tok::Semi, lineno));
                    i += 1;
                }
                '|' => {
                    flush(&mut word, &mut in_word, &mut self.toks);
                    if chars.get(i + 1) == Some(&'|') {
                        self.toks.push((Tok::OrIf, lineno));
                        i += 2;
                    } else {
                        self.toks.push((Tok::Pipe, lineno));
                        i += 1;
                    }
                }
                '&' => {
                    flush(&mut word, &mut in_word, &mut self.toks);
                    if chars.get(i + 1) == Some(&'&') {
                        self.toks.push((Tok::AndIf, lineno));
                        i += 2;
                    } else {
                        self.toks.push((Tok::Amp, lineno));
                        i += 1;
                    }
                }
                '>' => {
                    let fd = if in_word && (word == "2" || word == "1") {
                        let fd = if word == "2" { 2 } else { 1 };
                        word.clear();
                        in_word = false;
                        fd
                    } else {
                        flush(&mut word, &mut in_word, &mut self.toks);
                        1
                    };
                    let append = chars.get(i + 1) == Some(&'>');
                    i += if append { 2 } else { 1 };
                    let dup = if !append && chars.get(i) == Some(&'&') {
                        chars.get(i + 1).and_then(|c| c.to_digit(10))
                    } else {
                        None
                    };
                    if let Some(to) = dup {
                        let op = match (fd, to) {
                            (2, 1) => Some(RedirOp::ErrToOut),
                            (1, 2) => Some(RedirOp::OutToErr),
                            _ => None, // `1>&1`: nothing to do
                        };
                        if let Some(op) = op {
                            self.toks.push((Tok::Redir(op), lineno));
                        }
                        i += 2;
                    } else {
                        self.toks
                            .push((Tok::Redir(RedirOp::Out { fd, append }), lineno));
                    }
                }
                '<' => {
                    flush(&mut word, &mut in_word, &mut self.toks);
                    if chars.get(i + 1) == Some(&'<') {
                        let strip_tabs = chars.get(i + 2) == Some(&'-');
                        i += if strip_tabs { 3 } else { 2 };
                        while chars.get(i) == Some(&' ') {
                            i += 1;
                        }
                        // The delimiter word: quotes only disable expansion,
                        // which this shell never does anyway.
                        let mut delim = String::new();
                        while i < chars.len()
                            && !matches!(chars[i], ' ' | '\t' | ';' | '|' | '&' | '>' | '<')
                        {
                            if !matches!(chars[i], '\'' | '"') {
                                delim.push(chars[i]);
                            }
                            i += 1;
                        }
                        if delim.is_empty() {
                            return Err(SyntaxError::MissingRedirectTarget);
                        }
                        self.toks
                            .push((Tok::Redir(RedirOp::Heredoc { strip_tabs }), lineno));
                        self.pending_heredocs.push((delim, strip_tabs));
                    } else {
                        self.toks.push((Tok::Redir(RedirOp::In), lineno));
                        i += 1;
                    }
                }
                _ => {
                    word.push(c);
                    in_word = true;
                    i += 1;
                }
            }
        }
        flush(&mut word, &mut in_word, &mut self.toks);
        Ok(())
    }
}

/// Parses a cell into a [`Script`].
///
/// ```
/// use netbook::shell::cell::parse;
/// let s = parse("> ip netns add ns1   # make it\nip netns add ns1\n> echo hi | grep h && echo ok").unwrap();
/// let argvs: Vec<_> = s.commands().map(|c| c.argv.join(" ")).collect();
/// assert_eq!(argvs, vec!["ip netns add ns1", "echo hi", "grep h", "echo ok"]);
/// ```
pub fn parse(code: &str) -> Result<Script, SyntaxError> {
    let lines = command_lines(code);
    if lines.is_empty() {
        return Ok(Script::default());
    }
    let lexer = Lexer {
        lines,
        raw: code.lines().map(str::to_string).collect(),
        idx: 0,
        toks: Vec::new(),
        heredocs: Vec::new(),
        pending_heredocs: Vec::new(),
    };
    let (toks, heredocs) = lexer.run()?;
    Parser {
        toks,
        pos: 0,
        heredocs: heredocs.into_iter(),
    }
    .script()
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    heredocs: std::vec::IntoIter<String>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn line(&self) -> usize {
        self.toks.get(self.pos).map(|(_, l)| *l).unwrap_or(0)
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.pos += 1;
        }
    }

    fn script(mut self) -> Result<Script, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            let Some(t) = self.peek() else { break };
            if !matches!(t, Tok::Word(_) | Tok::Redir(_)) {
                return Err(SyntaxError::UnexpectedToken(tok_text(t)));
            }
            let mut andor = AndOr {
                first: self.pipeline()?,
                ..Default::default()
            };
            loop {
                let conn = match self.peek() {
                    Some(Tok::AndIf) => Connector::And,
                    Some(Tok::OrIf) => Connector::Or,
                    _ => break,
                };
                self.pos += 1;
                self.skip_newlines();
                andor.rest.push((conn, self.pipeline()?));
            }
            match self.peek() {
                Some(Tok::Semi) | Some(Tok::Newline) => self.pos += 1,
                Some(Tok::Amp) => {
                    andor.background = true;
                    self.pos += 1;
                }
                Some(t) => return Err(SyntaxError::UnexpectedToken(tok_text(t))),
                None => {}
            }
            items.push(andor);
        }
        Ok(Script { items })
    }

    fn pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        let mut p = Pipeline {
            commands: vec![self.simple()?],
        };
        while matches!(self.peek(), Some(Tok::Pipe)) {
            self.pos += 1;
            self.skip_newlines();
            p.commands.push(self.simple()?);
        }
        Ok(p)
    }

    fn simple(&mut self) -> Result<SimpleCommand, SyntaxError> {
        let mut cmd = SimpleCommand {
            line: self.line(),
            ..Default::default()
        };
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    cmd.argv.push(w);
                    self.pos += 1;
                }
                Some(Tok::Redir(op)) => {
                    self.pos += 1;
                    match op {
                        RedirOp::ErrToOut => cmd.redirects.push(Redirect::StderrToStdout),
                        RedirOp::OutToErr => cmd.redirects.push(Redirect::StdoutToStderr),
                        RedirOp::Heredoc { .. } => {
                            cmd.heredoc = Some(self.heredocs.next().unwrap_or_default());
                        }
                        RedirOp::Out { fd, append } => {
                            let path = self.target()?;
                            cmd.redirects.push(Redirect::ToFile { fd, path, append });
                        }
                        RedirOp::In => {
                            let path = self.target()?;
                            cmd.redirects.push(Redirect::FromFile(path));
                        }
                    }
                }
                None if cmd.argv.is_empty() && cmd.redirects.is_empty() => {
                    return Err(SyntaxError::UnexpectedEof)
                }
                Some(t)
                    if cmd.argv.is_empty() && cmd.redirects.is_empty() && cmd.heredoc.is_none() =>
                {
                    return Err(SyntaxError::UnexpectedToken(tok_text(&t)))
                }
                _ => break,
            }
        }
        Ok(cmd)
    }

    fn target(&mut self) -> Result<String, SyntaxError> {
        match self.peek().cloned() {
            Some(Tok::Word(w)) => {
                self.pos += 1;
                Ok(w)
            }
            Some(Tok::Newline) | None => Err(SyntaxError::MissingRedirectTarget),
            Some(t) => Err(SyntaxError::UnexpectedToken(tok_text(&t))),
        }
    }
}

/// Whether a cell is ready to run, as `is_complete_request` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Runs as it is.
    Complete,
    /// Needs more lines (open quote, trailing `\` or `|`, open heredoc).
    Incomplete,
    /// Can never run (a syntax error more lines cannot fix).
    Invalid,
}

/// Classifies a cell for `is_complete_request`.
///
/// ```
/// use netbook::shell::cell::{is_complete, Completeness};
/// assert_eq!(is_complete("echo 'open"), Completeness::Incomplete);
/// assert_eq!(is_complete("cat <<EOF\nx"), Completeness::Incomplete);
/// assert_eq!(is_complete("ip link \\"), Completeness::Incomplete);
/// assert_eq!(is_complete("echo ok"), Completeness::Complete);
/// assert_eq!(is_complete("; ;"), Completeness::Invalid);
/// ```
pub fn is_complete(code: &str) -> Completeness {
    match parse(code) {
        Ok(_) => Completeness::Complete,
        Err(
            SyntaxError::UnterminatedQuote(_)
            | SyntaxError::UnexpectedEof
            | SyntaxError::UnterminatedHeredoc(_),
        ) => Completeness::Incomplete,
        Err(_) => Completeness::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argvs(code: &str) -> Vec<String> {
        parse(code)
            .unwrap()
            .commands()
            .map(|c| c.argv.join("|"))
            .collect()
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            argvs(r#"echo 'a b' "c \"d\"" e\ f"#),
            vec![r#"echo|a b|c "d"|e f"#]
        );
        assert_eq!(argvs("echo a#b # comment"), vec!["echo|a#b"]);
    }

    #[test]
    fn transcript_skips_output_lines() {
        let code = "# 네임스페이스 생성\n> ip netns add ns1\nns1\n$ ip netns list\nip 명령어\n";
        assert_eq!(argvs(code), vec!["ip|netns|add|ns1", "ip|netns|list"]);
    }

    #[test]
    fn continuation_and_heredoc() {
        let s = parse(
            "ip link add veth1 \\\n  type veth\ncat <<EOF > /etc/hosts\n1.2.3.4 a\nEOF\necho done",
        )
        .unwrap();
        let cmds: Vec<_> = s.commands().collect();
        assert_eq!(
            cmds[0].argv,
            vec!["ip", "link", "add", "veth1", "type", "veth"]
        );
        assert_eq!(cmds[1].heredoc.as_deref(), Some("1.2.3.4 a\n"));
        assert_eq!(
            cmds[1].redirects,
            vec![Redirect::ToFile {
                fd: 1,
                path: "/etc/hosts".into(),
                append: false
            }]
        );
        assert_eq!(cmds[2].argv, vec!["echo", "done"]);
        assert_eq!(cmds[2].line, 6);
    }

    #[test]
    fn transcript_heredoc_with_ps2() {
        let s = parse("$ cat <<EOF\n> a\n> EOF\n$ echo x").unwrap();
        let cmds: Vec<_> = s.commands().collect();
        assert_eq!(cmds[0].heredoc.as_deref(), Some("a\n"));
        assert_eq!(cmds[1].argv, vec!["echo", "x"]);
    }

    #[test]
    fn operators() {
        let s = parse("echo x >&2; echo y 1>&2").unwrap();
        for c in s.commands() {
            assert_eq!(c.redirects, vec![Redirect::StdoutToStderr]);
        }
        let s = parse("a && b || c; d | e &\nf 2>&1 >> log").unwrap();
        assert_eq!(s.items.len(), 3);
        assert_eq!(s.items[0].rest.len(), 2);
        assert!(s.items[1].background);
        assert_eq!(s.items[1].first.commands.len(), 2);
        assert_eq!(
            s.items[2].first.commands[0].redirects,
            vec![
                Redirect::StderrToStdout,
                Redirect::ToFile {
                    fd: 1,
                    path: "log".into(),
                    append: true
                }
            ]
        );
    }

    #[test]
    fn syntax_errors_read_like_bash() {
        assert_eq!(
            parse("echo a ;; echo").unwrap_err().to_string(),
            "syntax error near unexpected token `;'"
        );
        assert_eq!(
            parse("echo 'x").unwrap_err().to_string(),
            "unexpected EOF while looking for matching `''"
        );
        assert_eq!(
            parse("echo >").unwrap_err(),
            SyntaxError::MissingRedirectTarget
        );
        assert_eq!(parse("echo a |").unwrap_err(), SyntaxError::UnexpectedEof);
        assert_eq!(is_complete("echo a &&"), Completeness::Incomplete);
    }

    #[test]
    fn empty_and_comment_only() {
        assert!(parse("").unwrap().items.is_empty());
        assert!(parse("# just a note\n\n").unwrap().items.is_empty());
    }
}
