//! Word expansion, in bash's order: braces, then parameters, `$(...)`,
//! `$((...))` and `~`, then field splitting on IFS, then globbing over
//! the simulated file system, then quote removal.

use super::eval::{Ctl, Exec};
use super::parse::options;
use super::pattern::glob_match;
use crate::shell::command::text::escapes::ansi_c;
use brush_parser::ast;
use brush_parser::word::{
    self, BraceExpressionMember as Bm, BraceExpressionOrText as Bt, WordPiece as Wp,
};

/// The most words one brace expansion may make.
const BRACE_CAP: usize = 100_000;

/// A field being built: pieces with a flag saying they were quoted.
#[derive(Default)]
struct Fields {
    done: Vec<Vec<(String, bool)>>,
    cur: Vec<(String, bool)>,
    started: bool,
    /// Bytes kept so far, and whether a piece was refused past WORD_CAP.
    bytes: usize,
    over: bool,
}

/// The most one expansion may produce (netbook's bound, not bash's): a
/// word doubled in a loop stops here before its next copy is made.
pub(super) const WORD_CAP: usize = 32 << 20;

impl Fields {
    fn push(&mut self, s: &str, quoted: bool) {
        if self.over || self.bytes + s.len() > WORD_CAP {
            self.over = true;
            return;
        }
        self.bytes += s.len();
        self.cur.push((s.to_string(), quoted));
        self.started = true;
    }

    fn finish(&mut self) {
        if self.started {
            self.done.push(std::mem::take(&mut self.cur));
        }
        self.cur.clear();
        self.started = false;
    }

    /// An unquoted expansion's result: split on IFS.
    fn push_split(&mut self, s: &str, ifs: &str) {
        if ifs.is_empty() {
            if !s.is_empty() {
                self.push(s, true);
            }
            return;
        }
        let is_sep = |c: char| ifs.contains(c);
        let ws = |c: char| is_sep(c) && c.is_whitespace();
        let mut chars = s.char_indices().peekable();
        let mut word_start: Option<usize> = None;
        while let Some((i, c)) = chars.next() {
            if is_sep(c) {
                if let Some(st) = word_start.take() {
                    self.push(&s[st..i], true);
                }
                if ws(c) {
                    if self.started {
                        self.finish();
                    }
                } else {
                    // A non-blank separator ends a field, even an empty one.
                    self.started = true;
                    self.finish();
                }
                while chars.peek().is_some_and(|(_, c)| ws(*c)) {
                    chars.next();
                }
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(st) = word_start {
            self.push(&s[st..], true);
        }
    }

    fn into_fields(mut self) -> Result<Vec<Vec<(String, bool)>>, Ctl> {
        if self.over {
            let msg = format!(
                "netbook: an expansion of more than {} MiB was stopped (netbook's word cap)",
                WORD_CAP >> 20
            );
            let mut e = crate::shell::CellError::new("MemoryLimit", msg.clone());
            e.traceback = vec![msg];
            return Err(Ctl::Abort(e));
        }
        self.finish();
        Ok(self.done)
    }
}

/// Expands `{a,b}` and `{1..3}` in a raw word.
fn brace_expand(raw: &str) -> Vec<String> {
    if !raw.contains('{') {
        return vec![raw.to_string()];
    }
    // brush-parser's brace grammar backtracks exponentially on nested
    // `{` (16 deep took 10 s, found by fuzzing); no real word nests that
    // deep or is that long, so such words stay literal.
    // A number past i64 outside a `,` list makes the grammar panic (an
    // overflowing unwrap); bash leaves such a word as it is too.
    let huge_number = !raw.contains(',')
        && raw
            .split(|c: char| !c.is_ascii_digit())
            .any(|d| d.len() > 18);
    if brace_depth(raw) > MAX_BRACE_DEPTH || raw.len() > BRACE_WORD_CAP || huge_number {
        return vec![raw.to_string()];
    }
    match super::parse::guarded(|| word::parse_brace_expansions(raw, &options())) {
        Ok(Some(parts)) => {
            let mut out = vec![String::new()];
            let mut widths = seq_widths(raw);
            if widths.len() != count_sequences(&parts) {
                widths.clear();
            }
            widths.reverse();
            if expand_brace_parts(&parts, &mut out, &mut widths).is_none() {
                return vec![raw.to_string()];
            }
            out
        }
        _ => vec![raw.to_string()],
    }
}

/// How deep `{` nest in a word (an unclosed `{` counts as open).
fn brace_depth(raw: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in raw.chars() {
        match c {
            '{' => {
                depth += 1;
                max = max.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The deepest brace nesting netbook expands.
const MAX_BRACE_DEPTH: usize = 6;
/// The longest word netbook brace-expands (the grammar's cost grows with
/// the word and, steeply, with its nesting).
const BRACE_WORD_CAP: usize = 16 * 1024;

/// The zero-padded width of each `{x..y}` in a word, in order (0: none):
/// bash pads every term to the longer end when either starts with `0`.
fn seq_widths(raw: &str) -> Vec<usize> {
    let Ok(re) = regex_lite::Regex::new(r"\{(-?[0-9]+)\.\.(-?[0-9]+)(\.\.-?[0-9]+)?\}") else {
        return Vec::new();
    };
    re.captures_iter(raw)
        .map(|c| {
            let (a, b) = (&c[1], &c[2]);
            let zero = |s: &str| s.trim_start_matches('-').starts_with('0') && s.len() > 1;
            if zero(a) || zero(b) {
                a.len().max(b.len())
            } else {
                0
            }
        })
        .collect()
}

/// How many `{x..y}` number sequences the parsed word holds.
fn count_sequences(parts: &[Bt]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Bt::Text(_) => 0,
            Bt::Expr(members) => members
                .iter()
                .map(|m| match m {
                    Bm::NumberSequence { .. } => 1,
                    Bm::CharSequence { .. } => 0,
                    Bm::Child(inner) => count_sequences(inner),
                })
                .sum(),
        })
        .sum()
}

/// `widths` holds the sequences' pad widths, the next one last.
fn expand_brace_parts(parts: &[Bt], acc: &mut Vec<String>, widths: &mut Vec<usize>) -> Option<()> {
    for part in parts {
        let alts: Vec<String> = match part {
            Bt::Text(t) => vec![t.clone()],
            Bt::Expr(members) => {
                let mut v = Vec::new();
                for m in members {
                    match m {
                        Bm::NumberSequence {
                            start,
                            end,
                            increment,
                        } => {
                            let step = increment.unsigned_abs().max(1) as i64;
                            let w = widths.pop().unwrap_or(0);
                            let mut i = *start;
                            while (start <= end && i <= *end) || (start > end && i >= *end) {
                                v.push(format!("{i:0w$}"));
                                if v.len() > BRACE_CAP {
                                    return None;
                                }
                                i = if start <= end { i + step } else { i - step };
                            }
                        }
                        Bm::CharSequence {
                            start,
                            end,
                            increment,
                        } => {
                            let step = increment.unsigned_abs().max(1) as u32;
                            let (s, e) = (*start as u32, *end as u32);
                            let mut i = s;
                            loop {
                                if let Some(c) = char::from_u32(i) {
                                    v.push(c.to_string());
                                }
                                if (s <= e && i + step > e) || (s > e && i < e + step) {
                                    break;
                                }
                                i = if s <= e { i + step } else { i - step };
                            }
                        }
                        Bm::Child(inner) => {
                            let mut sub = vec![String::new()];
                            expand_brace_parts(inner, &mut sub, widths)?;
                            v.extend(sub);
                        }
                    }
                }
                v
            }
        };
        let mut next = Vec::with_capacity(acc.len() * alts.len());
        for a in acc.iter() {
            for b in &alts {
                next.push(format!("{a}{b}"));
            }
        }
        if next.len() > BRACE_CAP {
            return None;
        }
        *acc = next;
    }
    Some(())
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Escapes pattern characters in quoted text.
fn escape_pattern(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '?' | '[' | ']' | '\\' | '(' | ')' | '|' | '!' | '+' | '@'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

impl Exec<'_> {
    /// Words -> argv: all expansions, splitting and globbing.
    pub(super) fn expand_words(&mut self, words: &[ast::Word]) -> Result<Vec<String>, Ctl> {
        let mut argv = Vec::new();
        for w in words {
            // Most arguments are plain text; no expansion can change them.
            if super::parse::is_plain(&w.value) {
                argv.push(w.value.clone());
                continue;
            }
            for b in brace_expand(&w.value) {
                let fields = self.expand_to_fields(&b)?;
                for f in fields {
                    let joined: String = f.iter().map(|(s, _)| s.as_str()).collect();
                    let globby = f.iter().any(|(s, q)| !q && has_glob_chars(s));
                    if globby {
                        let pat: String = f
                            .iter()
                            .map(|(s, q)| if *q { escape_pattern(s) } else { s.clone() })
                            .collect();
                        let found = self.glob(&pat);
                        if !found.is_empty() {
                            argv.extend(found);
                            continue;
                        }
                    }
                    argv.push(joined);
                }
            }
        }
        Ok(argv)
    }

    /// A word without splitting or globbing (assignments, redirection
    /// targets, `case` values, `[[ ]]` operands).
    pub(super) fn expand_string(&mut self, raw: &str) -> Result<String, Ctl> {
        let pieces = match super::parse::guarded(|| word::parse(raw, &options())) {
            Ok(p) => p,
            Err(_) => return Ok(raw.to_string()),
        };
        let mut f = Fields::default();
        for p in &pieces {
            self.expand_piece(&p.piece, true, &mut f)?;
        }
        let parts: Vec<String> = f
            .into_fields()?
            .into_iter()
            .map(|v| v.into_iter().map(|(s, _)| s).collect::<String>())
            .collect();
        Ok(parts.join(" "))
    }

    /// A word as a pattern: quoted parts match literally.
    pub(super) fn expand_pattern(&mut self, raw: &str) -> Result<String, Ctl> {
        self.expand_literal_quoted(raw, escape_pattern)
    }

    /// The right side of `[[ s =~ re ]]`: quoted parts match literally.
    pub(super) fn expand_regex(&mut self, raw: &str) -> Result<String, Ctl> {
        self.expand_literal_quoted(raw, regex_lite::escape)
    }

    fn expand_literal_quoted(
        &mut self,
        raw: &str,
        escape: fn(&str) -> String,
    ) -> Result<String, Ctl> {
        let pieces = match super::parse::guarded(|| word::parse(raw, &options())) {
            Ok(p) => p,
            Err(_) => return Ok(raw.to_string()),
        };
        self.join_pieces(&pieces, Some(escape))
    }

    /// A heredoc body: `$` expansions, `\` before `$`, `` ` `` and `\`.
    pub(super) fn expand_heredoc(&mut self, raw: &str) -> Result<String, Ctl> {
        // Only `$`, `` ` `` and `\` are special in a heredoc: a body without
        // them (a million routes) is kept as it is, not parsed char by char.
        if !raw.contains(['$', '`', '\\']) {
            return Ok(raw.to_string());
        }
        let pieces = match super::parse::guarded(|| word::parse_heredoc(raw, &options())) {
            Ok(p) => p,
            Err(_) => return Ok(raw.to_string()),
        };
        self.join_pieces(&pieces, None)
    }

    /// The pieces expanded as if quoted and joined into one string; with
    /// an `escape`, the quoted pieces are escaped to match literally.
    fn join_pieces(
        &mut self,
        pieces: &[word::WordPieceWithSource],
        escape: Option<fn(&str) -> String>,
    ) -> Result<String, Ctl> {
        let mut out = String::new();
        for p in pieces {
            let mut f = Fields::default();
            // Only quoted text is literal: an unquoted `$var` stays a
            // pattern, as in bash.
            let quoted = matches!(
                p.piece,
                Wp::SingleQuotedText(_)
                    | Wp::AnsiCQuotedText(_)
                    | Wp::DoubleQuotedSequence(_)
                    | Wp::GettextDoubleQuotedSequence(_)
                    | Wp::EscapeSequence(_)
            );
            let escape = escape.filter(|_| quoted);
            if let (Some(escape), Wp::EscapeSequence(e)) = (escape, &p.piece) {
                out.push_str(&escape(e.strip_prefix('\\').unwrap_or(e)));
                continue;
            }
            self.expand_piece(&p.piece, true, &mut f)?;
            for field in f.into_fields()? {
                for (s, _) in field {
                    if let Some(escape) = escape {
                        out.push_str(&escape(&s));
                    } else {
                        out.push_str(&s);
                    }
                }
            }
        }
        Ok(out)
    }

    fn expand_to_fields(&mut self, raw: &str) -> Result<Vec<Vec<(String, bool)>>, Ctl> {
        let pieces = match super::parse::guarded(|| word::parse(raw, &options())) {
            Ok(p) => p,
            Err(_) => return Ok(vec![vec![(raw.to_string(), true)]]),
        };
        let mut f = Fields::default();
        for p in &pieces {
            self.expand_piece(&p.piece, false, &mut f)?;
        }
        f.into_fields()
    }

    pub(super) fn ifs(&self) -> String {
        self.sh.get("IFS").unwrap_or(" \t\n").to_string()
    }

    fn expand_piece(&mut self, piece: &Wp, quoted: bool, f: &mut Fields) -> Result<(), Ctl> {
        match piece {
            Wp::Text(t) => f.push(t, quoted),
            Wp::SingleQuotedText(t) => f.push(t, true),
            Wp::AnsiCQuotedText(t) => f.push(&ansi_c(t), true),
            Wp::EscapeSequence(s) => {
                let s = s.strip_prefix('\\').unwrap_or(s);
                if quoted && !s.is_empty() && !"$`\"\\\n".contains(s) {
                    f.push(&format!("\\{s}"), true);
                } else if s != "\n" {
                    f.push(s, true);
                }
            }
            Wp::DoubleQuotedSequence(inner) | Wp::GettextDoubleQuotedSequence(inner) => {
                f.started = true;
                for p in inner {
                    if let Wp::ParameterExpansion(pe) = &p.piece {
                        if let Some(l) = self.list_expansion(pe)? {
                            if l.concatenate {
                                let sep = self.ifs().chars().next().map(String::from);
                                f.push(&l.values.join(&sep.unwrap_or_default()), true);
                            } else {
                                self.push_each(l.values, inner.len(), f);
                            }
                            continue;
                        }
                    }
                    self.expand_piece(&p.piece, true, f)?;
                }
            }
            Wp::TildeExpansion(t) => {
                let s = match t {
                    // $HOME, else root's home from the password file.
                    word::TildeExpr::Home => self.sh.get("HOME").unwrap_or("/root").to_string(),
                    word::TildeExpr::UserHome(u) if u == "root" => "/root".to_string(),
                    word::TildeExpr::UserHome(u) => format!("~{u}"),
                    // `~+` and `~-` stay as written while the variable is unset.
                    word::TildeExpr::WorkingDir => self.sh.get("PWD").unwrap_or("~+").to_string(),
                    word::TildeExpr::OldWorkingDir => {
                        self.sh.get("OLDPWD").unwrap_or("~-").to_string()
                    }
                    _ => "~".to_string(),
                };
                f.push(&s, true);
            }
            Wp::ParameterExpansion(pe) => {
                if !quoted {
                    if let Some(l) = self.list_expansion(pe)? {
                        let ifs = self.ifs();
                        for v in l.values {
                            f.finish();
                            f.push_split(&v, &ifs);
                        }
                        return Ok(());
                    }
                }
                let v = self.param_expr(pe)?;
                if quoted {
                    f.push(&v, true);
                } else {
                    f.push_split(&v, &self.ifs());
                }
            }
            Wp::CommandSubstitution(src) | Wp::BackquotedCommandSubstitution(src) => {
                let src = if matches!(piece, Wp::BackquotedCommandSubstitution(_)) {
                    unescape_backquoted(src)
                } else {
                    src.clone()
                };
                let v = self.command_subst(&src)?;
                if quoted {
                    f.push(&v, true);
                } else {
                    f.push_split(&v, &self.ifs());
                }
            }
            Wp::ArithmeticExpression(e) => {
                let v = self.arith(&e.value)?.to_string();
                if quoted {
                    f.push(&v, true);
                } else {
                    f.push_split(&v, &self.ifs());
                }
            }
        }
        Ok(())
    }

    /// `"$@"`-style expansion: one field per value.
    fn push_each(&mut self, params: Vec<String>, pieces: usize, f: &mut Fields) {
        if params.is_empty() && pieces == 1 && f.cur.is_empty() {
            f.started = false;
        }
        for (i, v) in params.iter().enumerate() {
            if i > 0 {
                f.finish();
            }
            f.push(v, true);
        }
    }

    /// `$(...)`: runs in a subshell, its stdout without trailing newlines.
    pub(super) fn command_subst(&mut self, src: &str) -> Result<String, Ctl> {
        let prog = match super::parse::parse(src) {
            Ok(p) => p,
            Err(e) => {
                self.write(2, &format!("bash: command substitution: line 1: {e}\n"));
                self.subst_status = Some(2);
                return Ok(String::new());
            }
        };
        let idx = self.captures.len();
        self.captures.push(String::new());
        let saved = self.fds.clone();
        self.fds.out = super::io::Target::Capture(idx);
        self.subst += 1;
        let r = self.subshell(|ex| ex.run_program(&prog));
        self.subst -= 1;
        self.fds = saved;
        let mut text = self.captures.pop().unwrap_or_default();
        let status = r?;
        self.sh.status = status;
        self.subst_status = Some(status);
        let n = text.trim_end_matches('\n').len();
        text.truncate(n);
        Ok(text)
    }

    /// Paths of the simulated file system matching a glob, sorted.
    fn glob(&self, pattern: &str) -> Vec<String> {
        let absolute = pattern.starts_with('/');
        let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty()).collect();
        let mut found: Vec<String> = vec![if absolute { String::new() } else { ".".into() }];
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let mut next = Vec::new();
            for base in &found {
                let dir = if base.is_empty() {
                    "/".to_string()
                } else {
                    base.clone()
                };
                if !has_glob_chars(part) {
                    let p = format!("{base}/{}", unescape_pattern(part));
                    let p = p.strip_prefix("./").map(str::to_string).unwrap_or(p);
                    if self.world.fs.exists(&p) {
                        next.push(p);
                    }
                    continue;
                }
                let Ok(names) = self.world.fs.list(&dir) else {
                    continue;
                };
                for n in names {
                    if n.starts_with('.') && !part.starts_with('.') {
                        continue;
                    }
                    if glob_match(part, &n) {
                        let p = if base == "." {
                            n.clone()
                        } else {
                            format!("{base}/{n}")
                        };
                        if last || self.world.fs.is_dir(&p) {
                            next.push(p);
                        }
                    }
                }
            }
            found = next;
            if found.is_empty() {
                break;
            }
        }
        found.sort();
        found
    }
}

/// Drops each backslash and keeps what it quoted (a pattern made
/// literal; `read` without `-r`).
pub(super) fn unescape_pattern(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                o.push(n);
            }
        } else {
            o.push(c);
        }
    }
    o
}

/// The text of a `` `...` `` substitution: `\$`, `` \` `` and `\\` lose
/// their backslash.
fn unescape_backquoted(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' && matches!(it.peek(), Some('$' | '`' | '\\')) {
            o.push(it.next().unwrap_or('\\'));
        } else {
            o.push(c);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::brace_expand;

    #[test]
    fn sequences_pad_and_step_as_bash() {
        for (word, want) in [
            ("{01..03}", "01 02 03"),
            ("{-01..1}", "-01 000 001"),
            ("{1..10..3}", "1 4 7 10"),
            ("{z..a..12}", "z n b"),
            ("a{1..2}b{08..09}", "a1b08 a1b09 a2b08 a2b09"),
        ] {
            assert_eq!(brace_expand(word).join(" "), want, "{word}");
        }
    }
}
