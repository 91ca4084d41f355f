//! The bash grammar (brush-parser), with syntax errors worded as bash
//! words them, and the completeness question Jupyter asks.

use brush_parser::{ast, ParseError, ParserOptions, TokenizerError};
use thiserror::Error;

/// A syntax error; Display is bash's wording (after `bash: `).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SyntaxError {
    /// A token where the grammar wants something else.
    #[error("syntax error near unexpected token `{0}'")]
    UnexpectedToken(String),
    /// A quote left open at the end of the cell.
    #[error("unexpected EOF while looking for matching `{0}'")]
    UnterminatedQuote(char),
    /// The cell ended inside a command (`if` without `fi`, `a |`).
    #[error("syntax error: unexpected end of file")]
    UnexpectedEof,
    /// The grammar library gave up on the text (it panicked: a redirection
    /// file descriptor past 2^31, for one).
    #[error("syntax error: netbook cannot parse this text")]
    Unparsable,
}

impl SyntaxError {
    /// True when more lines could complete the cell.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self,
            SyntaxError::UnterminatedQuote(_) | SyntaxError::UnexpectedEof
        )
    }
}

/// The options cells parse with: bash, extglob off (as in a script).
pub fn options() -> ParserOptions {
    ParserOptions {
        enable_extended_globbing: false,
        ..ParserOptions::default()
    }
}

/// Parses a whole script.
///
/// ```
/// use netbook::shell::bash::parse::{parse, SyntaxError};
/// assert!(parse("for i in 1 2; do echo $i; done").is_ok());
/// assert_eq!(parse("if true; then").unwrap_err(), SyntaxError::UnexpectedEof);
/// assert_eq!(
///     parse("echo a ;; b").unwrap_err().to_string(),
///     "syntax error near unexpected token `;;'"
/// );
/// ```
pub fn parse(src: &str) -> Result<ast::Program, SyntaxError> {
    // brush-parser backtracks exponentially over unclosed `(` (24 took
    // 30 s, found by fuzzing); bash reports them as the end of input
    // coming too early, so netbook says that without asking the grammar.
    if unclosed_parens(src) > MAX_UNCLOSED_PARENS {
        return Err(SyntaxError::UnexpectedEof);
    }
    // brush-parser's tokenizer never ends on a here-document whose
    // delimiter starts with a carriage return (`x<<\r ` at the end of the
    // text; found by fuzzing): refuse the text instead of hanging the cell.
    if cr_heredoc_delimiter(src) {
        return Err(SyntaxError::Unparsable);
    }
    // Nor on one with an empty delimiter (`<<""`) when only blanks follow
    // to the end of the text; a final newline, which a cell need not have,
    // gives it the line end it waits for.
    let with_newline;
    let src = if src.contains("<<") && !src.ends_with('\n') {
        with_newline = format!("{src}\n");
        with_newline.as_str()
    } else {
        src
    };
    let src = &separate_huge_io_numbers(src);
    let mut p = brush_parser::Parser::new(std::io::Cursor::new(src.as_bytes()), &options());
    // brush-parser unwraps some numbers it reads (`8888888888888>>f`):
    // its panic is a syntax error here, not a cell undone.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.parse_program())) {
        Ok(r) => r.map_err(|e| explain(src, e)),
        Err(_) => Err(SyntaxError::Unparsable),
    }
}

/// A piece longer than this many lines is parsed with the rest of the
/// cell at once (each added line parses the piece again).
const MAX_PIECE_LINES: usize = 64;

/// The cell cut the way bash reads a script: each piece is the fewest
/// whole lines that end in complete commands, parsed when its turn comes.
/// So the commands before a syntax error run, as in `bash script.sh`,
/// and a 70,000-line cell never holds its whole syntax tree at once.
///
/// ```
/// use netbook::shell::bash::parse::programs;
/// let pieces: Vec<_> = programs("echo a\nfor i in 1; do\n echo $i\ndone\necho )").collect();
/// assert_eq!(pieces.len(), 3);
/// assert!(pieces[0].is_ok() && pieces[1].is_ok() && pieces[2].is_err());
/// ```
pub fn programs(src: &str) -> Programs<'_> {
    Programs { src, at: 0 }
}

/// The iterator of [`programs`]; it ends after a syntax error.
pub struct Programs<'a> {
    src: &'a str,
    at: usize,
}

impl Iterator for Programs<'_> {
    type Item = Result<ast::Program, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.src[self.at..];
        if rest.is_empty() {
            return None;
        }
        let (mut end, mut lines) = (0, 0);
        loop {
            end = rest[end..].find('\n').map_or(rest.len(), |i| end + i + 1);
            lines += 1;
            let piece = &rest[..end];
            // A here-document's body is the lines after its command; a
            // long compound command would be parsed again line by line.
            if piece.contains("<<") || lines > MAX_PIECE_LINES {
                self.at = self.src.len();
                return Some(parse(rest));
            }
            let more = end < rest.len();
            if more && continued(piece) {
                continue;
            }
            if lines == 1 {
                if let Some(prog) = plain_command(piece) {
                    self.at += end;
                    return Some(Ok(prog));
                }
            }
            match parse(piece) {
                Err(e) if e.is_incomplete() && more => continue,
                r => {
                    self.at = if r.is_ok() {
                        self.at + end
                    } else {
                        self.src.len()
                    };
                    return Some(r);
                }
            }
        }
    }
}

/// Words that start a compound command or otherwise need the grammar.
const RESERVED: &[&str] = &[
    "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
    "select", "then", "time", "until", "while",
];

/// A line of plain words (`ip link set v1 up`, most of a lab): the tree
/// brush-parser builds for it, without tokenizing. `None` when anything
/// in the line needs the grammar.
fn plain_command(line: &str) -> Option<ast::Program> {
    let mut words = line.split([' ', '\t', '\n']).filter(|w| !w.is_empty());
    let first = words.next()?;
    if RESERVED.contains(&first) || first.contains('=') || !is_plain(first) {
        return None;
    }
    let word = |w: &str| ast::Word {
        value: w.to_string(),
        loc: None,
    };
    let mut suffix = Vec::new();
    for w in words {
        if !is_plain(w) {
            return None;
        }
        suffix.push(ast::CommandPrefixOrSuffixItem::Word(word(w)));
    }
    let cmd = ast::Command::Simple(ast::SimpleCommand {
        prefix: None,
        word_or_name: Some(word(first)),
        suffix: (!suffix.is_empty()).then_some(ast::CommandSuffix(suffix)),
    });
    let first = ast::Pipeline {
        timed: None,
        bang: false,
        seq: vec![cmd],
    };
    let item = ast::CompoundListItem(
        ast::AndOrList {
            first,
            additional: Vec::new(),
        },
        ast::SeparatorOperator::Sequence,
    );
    Some(ast::Program {
        complete_commands: vec![ast::CompoundList(vec![item])],
    })
}

/// Letters, digits and punctuation that no expansion, splitting, globbing
/// or grammar rule reads: no `$`, quote, backslash, `~`, brace, glob,
/// comment or operator character.
pub(super) fn is_plain(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:,+@%=^".contains(&b))
}

/// The piece ends in a backslash-newline: its last word goes on.
fn continued(piece: &str) -> bool {
    let body = piece.strip_suffix('\n').unwrap_or(piece);
    body.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// bash reads `DIGITS>` as a redirection of fd DIGITS only when the
/// number fits an `int`; a larger one is a word (`55555555555>f` is the
/// word and `>f`). brush-parser panics on it (an overflowing unwrap), so
/// such a number is split from its operator first.
fn separate_huge_io_numbers(src: &str) -> std::borrow::Cow<'_, str> {
    let b = src.as_bytes();
    let mut cuts = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'0'..=b'9' if !single && !double => {
                let boundary = i == 0 || b" \t\n;&|()<>".contains(&b[i - 1]);
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let redirect = i < b.len() && (b[i] == b'<' || b[i] == b'>');
                let huge = src[start..i].parse::<i32>().is_err();
                if boundary && redirect && huge {
                    cuts.push(i);
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len() + cuts.len());
    let mut last = 0;
    for c in cuts {
        out.push_str(&src[last..c]);
        out.push(' ');
        last = c;
    }
    out.push_str(&src[last..]);
    std::borrow::Cow::Owned(out)
}

/// Whether a `<<` (or `<<-`) is followed, after blanks, by a carriage
/// return.
fn cr_heredoc_delimiter(src: &str) -> bool {
    let b = src.as_bytes();
    b.windows(2).enumerate().any(|(i, w)| {
        w == b"<<" && b.get(i + 2) != Some(&b'<') && (i == 0 || b[i - 1] != b'<') && {
            let mut j = i + 2;
            if b.get(j) == Some(&b'-') {
                j += 1;
            }
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            b.get(j) == Some(&b'\r')
        }
    })
}

/// More unclosed `(` than this is an early end of input.
const MAX_UNCLOSED_PARENS: usize = 12;

/// How many `(` outside quotes are left open at the end of `src`.
fn unclosed_parens(src: &str) -> usize {
    let (mut open, mut single, mut double, mut escaped) = (0usize, false, false, false);
    for c in src.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single => open += 1,
            ')' if !single => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open
}

fn explain(src: &str, e: ParseError) -> SyntaxError {
    match e {
        ParseError::ParsingAtEndOfInput => SyntaxError::UnexpectedEof,
        ParseError::ParsingNear(pos) => token_at(src, pos.index)
            .map(SyntaxError::UnexpectedToken)
            .unwrap_or(SyntaxError::UnexpectedEof),
        ParseError::Tokenizing { inner, .. } => match inner {
            TokenizerError::UnterminatedSingleQuote(_) => SyntaxError::UnterminatedQuote('\''),
            TokenizerError::UnterminatedDoubleQuote(_) => SyntaxError::UnterminatedQuote('"'),
            TokenizerError::UnterminatedBackquote(_) => SyntaxError::UnterminatedQuote('`'),
            TokenizerError::UnterminatedCommandSubstitution => SyntaxError::UnterminatedQuote(')'),
            TokenizerError::UnterminatedVariable | TokenizerError::UnterminatedExpansion => {
                SyntaxError::UnterminatedQuote('}')
            }
            _ => SyntaxError::UnexpectedEof,
        },
    }
}

/// The text of the token starting at character `index`.
fn token_at(src: &str, index: usize) -> Option<String> {
    let toks = brush_parser::uncached_tokenize_str(src, &options().tokenizer_options()).ok()?;
    let t = toks.iter().find(|t| t.location().start.index >= index)?;
    let s = t.to_str();
    Some(if s == "\n" {
        "newline".into()
    } else {
        s.to_string()
    })
}

/// Whether a cell is ready to run, as `is_complete_request` asks.
pub fn completeness(src: &str) -> crate::shell::cell::Completeness {
    use crate::shell::cell::Completeness;
    match parse(src) {
        Ok(_) => Completeness::Complete,
        Err(e) if e.is_incomplete() => Completeness::Incomplete,
        Err(_) => Completeness::Invalid,
    }
}

/// Runs one of brush-parser's word, arithmetic or test parsers; a panic
/// inside it (numbers it unwraps, `$99999999999`) is a parse failure.
pub(crate) fn guarded<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<T, ()> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a one-command program, as the evaluator reads them.
    fn words(p: &ast::Program) -> Option<Vec<String>> {
        let [list] = p.complete_commands.as_slice() else {
            return None;
        };
        let [ast::CompoundListItem(andor, ast::SeparatorOperator::Sequence)] = list.0.as_slice()
        else {
            return None;
        };
        let [ast::Command::Simple(c)] = andor.first.seq.as_slice() else {
            return None;
        };
        if c.prefix.is_some() || andor.first.bang || !andor.additional.is_empty() {
            return None;
        }
        let mut v = vec![c.word_or_name.as_ref()?.value.clone()];
        for item in c.suffix.iter().flat_map(|s| &s.0) {
            let ast::CommandPrefixOrSuffixItem::Word(w) = item else {
                return None;
            };
            v.push(w.value.clone());
        }
        Some(v)
    }

    #[test]
    fn plain_lines_build_the_tree_the_grammar_builds() {
        for line in [
            "ip link add v1 type veth peer name v1-br\n",
            "  ip -n n1 addr add 10.0.0.1/24 dev v1",
            "iptables -t nat -A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE\n",
            "curl -s http://10.96.0.10:80/index.html\n",
            "%reset\n",
            "ls\n",
        ] {
            let fast = plain_command(line).expect(line);
            let slow = parse(line).unwrap();
            assert_eq!(words(&fast), words(&slow), "{line}");
            assert!(words(&fast).is_some(), "{line}");
        }
        for line in [
            "a=1 echo x",
            "if true",
            "echo $x",
            "echo 'a'",
            "echo a # c",
            "echo a; echo b",
            "cat > f",
            "echo *",
            "echo ~",
            "echo {a,b}",
            "for x",
            "",
        ] {
            assert!(plain_command(line).is_none(), "{line}");
        }
    }
}
