//! `sed`: GNU sed's common subset. Addresses (`N`, `$`, `/re/`, ranges,
//! `!`), commands `s///[gpiN]`, `p`, `d`, `q`, `Q`, `=`, `a`, `i`, `c`,
//! `y`, `n`, `N`, `{...}`; options `-n`, `-e`, `-f`, `-E`/`-r`, `-i`, `-s`.
//! Basic regular expressions are rewritten to the extended syntax.

use super::read_inputs;
use super::sed_args::{Script, SedArgs};
use crate::shell::command::{CmdOutput, Ctx};
use regex_lite::Regex;

#[derive(Debug, Clone)]
enum Addr {
    Line(usize),
    Last,
    Re(Regex),
}

#[derive(Debug, Clone)]
enum Cmd {
    Subst {
        re: Regex,
        rep: String,
        global: bool,
        nth: usize,
        print: bool,
    },
    Print,
    Delete,
    Quit(i32, bool),
    LineNo,
    Append(String),
    Insert(String),
    Change(String),
    Translate(Vec<char>, Vec<char>),
    Next,
    NextAppend,
    Block(Vec<Item>),
}

#[derive(Debug, Clone)]
struct Item {
    a1: Option<Addr>,
    a2: Option<Addr>,
    neg: bool,
    cmd: Cmd,
}

/// Turns a POSIX basic regular expression into the extended syntax.
pub fn bre_to_ere(p: &str) -> String {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        if in_bracket {
            out.push(c);
            if c == ']' {
                in_bracket = false;
            }
            continue;
        }
        match c {
            '[' => {
                in_bracket = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                Some(n @ ('(' | ')' | '|' | '+' | '?' | '{' | '}')) => out.push(n),
                Some('n') => out.push_str("\\n"),
                Some('t') => out.push_str("\\t"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push_str("\\\\"),
            },
            '(' | ')' | '|' | '+' | '?' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

struct Parser<'a> {
    s: Vec<char>,
    i: usize,
    ere: bool,
    expr: usize,
    _src: &'a str,
}

type PResult<T> = Result<T, String>;

impl Parser<'_> {
    fn err(&self, msg: &str) -> String {
        format!(
            "sed: -e expression #{}, char {}: {msg}\n",
            self.expr, self.i
        )
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }

    fn regex(&self, pat: &str, icase: bool) -> PResult<Regex> {
        let p = if self.ere {
            pat.to_string()
        } else {
            bre_to_ere(pat)
        };
        let p = if icase { format!("(?i){p}") } else { p };
        Regex::new(&p).map_err(|_| self.err("Invalid preceding regular expression"))
    }

    /// Text up to an unescaped `delim`; `\delim` becomes `delim`.
    fn delimited(&mut self, delim: char, what: &str) -> PResult<String> {
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err(&format!("unterminated {what}")));
            };
            self.i += 1;
            if c == delim {
                return Ok(out);
            }
            if c == '\\' {
                match self.peek() {
                    Some(n) if n == delim => {
                        out.push(n);
                        self.i += 1;
                    }
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                        self.i += 1;
                    }
                    None => out.push('\\'),
                }
                continue;
            }
            if c == '\n' && what == "address regex" {
                return Err(self.err("unterminated address regex"));
            }
            out.push(c);
        }
    }

    fn addr(&mut self) -> PResult<Option<Addr>> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let st = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let n: String = self.s[st..self.i].iter().collect();
                Ok(Some(Addr::Line(n.parse().unwrap_or(0))))
            }
            Some('$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some('/') | Some('\\') => {
                let delim = if self.peek() == Some('\\') {
                    self.i += 1;
                    self.peek().unwrap_or('/')
                } else {
                    '/'
                };
                self.i += 1;
                let pat = self.delimited(delim, "address regex")?;
                let icase = self.peek() == Some('I');
                if icase {
                    self.i += 1;
                }
                Ok(Some(Addr::Re(self.regex(&pat, icase)?)))
            }
            _ => Ok(None),
        }
    }

    /// The text of `a`, `i`, `c`: GNU's one-line form or `a\` + lines.
    fn text_arg(&mut self) -> String {
        self.skip_ws();
        if self.peek() == Some('\\') {
            self.i += 1;
            if self.peek() == Some('\n') {
                self.i += 1;
            }
        }
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == '\\' {
                if let Some(n) = self.peek() {
                    self.i += 1;
                    out.push(if n == 'n' { '\n' } else { n });
                    continue;
                }
            }
            if c == '\n' {
                break;
            }
            out.push(c);
        }
        out
    }

    fn items(&mut self, in_block: bool) -> PResult<Vec<Item>> {
        let mut items = Vec::new();
        loop {
            while matches!(self.peek(), Some(' ' | '\t' | '\n' | ';')) {
                self.i += 1;
            }
            let Some(c) = self.peek() else {
                if in_block {
                    return Err(self.err("unmatched `{'"));
                }
                return Ok(items);
            };
            if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
                continue;
            }
            if c == '}' {
                if !in_block {
                    return Err(self.err("unexpected `}'"));
                }
                self.i += 1;
                return Ok(items);
            }
            let a1 = self.addr()?;
            let mut a2 = None;
            if a1.is_some() && self.peek() == Some(',') {
                self.i += 1;
                a2 = self.addr()?;
                if a2.is_none() {
                    return Err(self.err("unexpected `,'"));
                }
            }
            self.skip_ws();
            let mut neg = false;
            while self.peek() == Some('!') {
                neg = true;
                self.i += 1;
                self.skip_ws();
            }
            let Some(c) = self.peek() else {
                return Err(self.err("missing command"));
            };
            self.i += 1;
            let cmd = match c {
                'p' => Cmd::Print,
                'd' => Cmd::Delete,
                '=' => Cmd::LineNo,
                'n' => Cmd::Next,
                'N' => Cmd::NextAppend,
                'q' | 'Q' => {
                    self.skip_ws();
                    let st = self.i;
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.i += 1;
                    }
                    let n: String = self.s[st..self.i].iter().collect();
                    Cmd::Quit(n.parse().unwrap_or(0), c == 'q')
                }
                'a' => Cmd::Append(self.text_arg()),
                'i' => Cmd::Insert(self.text_arg()),
                'c' => Cmd::Change(self.text_arg()),
                '{' => Cmd::Block(self.items(true)?),
                's' => {
                    let Some(delim) = self.peek() else {
                        return Err(self.err("unterminated `s' command"));
                    };
                    self.i += 1;
                    let pat = self.delimited(delim, "`s' command")?;
                    let rep = self.delimited(delim, "`s' command")?;
                    let (mut global, mut nth, mut print, mut icase) = (false, 1, false, false);
                    while let Some(f) = self.peek() {
                        match f {
                            'g' => global = true,
                            'p' => print = true,
                            'i' | 'I' => icase = true,
                            d if d.is_ascii_digit() => nth = d.to_digit(10).unwrap_or(1) as usize,
                            ';' | '\n' | ' ' | '}' | '\t' => break,
                            _ => return Err(self.err("unknown option to `s'")),
                        }
                        self.i += 1;
                    }
                    Cmd::Subst {
                        re: self.regex(&pat, icase)?,
                        rep,
                        global,
                        nth: nth.max(1),
                        print,
                    }
                }
                'y' => {
                    let Some(delim) = self.peek() else {
                        return Err(self.err("unterminated `y' command"));
                    };
                    self.i += 1;
                    let a: Vec<char> = self.delimited(delim, "`y' command")?.chars().collect();
                    let b: Vec<char> = self.delimited(delim, "`y' command")?.chars().collect();
                    if a.len() != b.len() {
                        return Err(self.err("strings for `y' command are different lengths"));
                    }
                    Cmd::Translate(a, b)
                }
                other => return Err(self.err(&format!("unknown command: `{other}'"))),
            };
            items.push(Item { a1, a2, neg, cmd });
        }
    }
}

/// Applies one `s` command's replacement to a match.
fn expand_rep(rep: &str, caps: &regex_lite::Captures) -> String {
    let mut out = String::new();
    let mut it = rep.chars();
    while let Some(c) = it.next() {
        match c {
            '&' => out.push_str(caps.get(0).map(|m| m.as_str()).unwrap_or("")),
            '\\' => match it.next() {
                Some(d) if d.is_ascii_digit() => {
                    let n = d.to_digit(10).unwrap_or(0) as usize;
                    out.push_str(caps.get(n).map(|m| m.as_str()).unwrap_or(""));
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

fn substitute(re: &Regex, rep: &str, text: &str, global: bool, nth: usize) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    let mut done = false;
    for caps in re.captures_iter(text) {
        let m = caps.get(0)?;
        count += 1;
        if count < nth {
            continue;
        }
        out.push_str(&text[last..m.start()]);
        out.push_str(&expand_rep(rep, &caps));
        last = m.end();
        done = true;
        if !global {
            break;
        }
    }
    if !done {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

struct Run<'a> {
    lines: Vec<&'a str>,
    idx: usize,
    quiet: bool,
    out: String,
    ranges: Vec<bool>,
    quit: Option<i32>,
}

enum Flow {
    Go,
    EndCycle,
    Quit,
}

impl Run<'_> {
    fn matches(&self, a: &Addr, ps: &str) -> bool {
        match a {
            Addr::Line(n) => self.idx == *n,
            Addr::Last => self.idx == self.lines.len(),
            Addr::Re(r) => r.is_match(ps),
        }
    }

    fn selected(&mut self, it: &Item, key: usize, ps: &str) -> bool {
        let hit = match (&it.a1, &it.a2) {
            (None, _) => true,
            (Some(a), None) => self.matches(a, ps),
            (Some(a), Some(b)) => {
                if self.ranges[key] {
                    let end = match b {
                        Addr::Line(n) => self.idx >= *n,
                        _ => self.matches(b, ps),
                    };
                    if end {
                        self.ranges[key] = false;
                    }
                    true
                } else if self.matches(a, ps) {
                    let end_now = matches!(b, Addr::Line(n) if *n <= self.idx);
                    self.ranges[key] = !end_now;
                    true
                } else {
                    false
                }
            }
        };
        hit != it.neg
    }

    fn exec(
        &mut self,
        items: &[Item],
        base: &mut usize,
        ps: &mut String,
        after: &mut String,
    ) -> Flow {
        for it in items {
            let key = *base;
            *base += 1;
            if let Cmd::Block(inner) = &it.cmd {
                let mut b = *base;
                let sel = self.selected(it, key, ps);
                if sel {
                    match self.exec(inner, &mut b, ps, after) {
                        Flow::Go => {}
                        f => return f,
                    }
                }
                *base += count_items(inner);
                continue;
            }
            if !self.selected(it, key, ps) {
                continue;
            }
            match &it.cmd {
                Cmd::Subst {
                    re,
                    rep,
                    global,
                    nth,
                    print,
                } => {
                    if let Some(new) = substitute(re, rep, ps, *global, *nth) {
                        *ps = new;
                        if *print {
                            self.out.push_str(ps);
                            self.out.push('\n');
                        }
                    }
                }
                Cmd::Print => {
                    self.out.push_str(ps);
                    self.out.push('\n');
                }
                Cmd::Delete => return Flow::EndCycle,
                Cmd::Quit(code, print) => {
                    self.quit = Some(*code);
                    if *print && !self.quiet {
                        self.out.push_str(ps);
                        self.out.push('\n');
                    }
                    self.out.push_str(after);
                    after.clear();
                    return Flow::Quit;
                }
                Cmd::LineNo => self.out.push_str(&format!("{}\n", self.idx)),
                Cmd::Append(t) => {
                    after.push_str(t);
                    after.push('\n');
                }
                Cmd::Insert(t) => {
                    self.out.push_str(t);
                    self.out.push('\n');
                }
                Cmd::Change(t) => {
                    if !self.ranges[key] {
                        self.out.push_str(t);
                        self.out.push('\n');
                    }
                    return Flow::EndCycle;
                }
                Cmd::Translate(a, b) => {
                    *ps = ps
                        .chars()
                        .map(|c| a.iter().position(|x| *x == c).map(|i| b[i]).unwrap_or(c))
                        .collect();
                }
                Cmd::Next | Cmd::NextAppend => {
                    if self.idx >= self.lines.len() {
                        if !self.quiet {
                            self.out.push_str(ps);
                            self.out.push('\n');
                        }
                        return Flow::Quit;
                    }
                    if matches!(it.cmd, Cmd::Next) {
                        if !self.quiet {
                            self.out.push_str(ps);
                            self.out.push('\n');
                        }
                        self.out.push_str(after);
                        after.clear();
                        *ps = self.lines[self.idx].to_string();
                    } else {
                        ps.push('\n');
                        ps.push_str(self.lines[self.idx]);
                    }
                    self.idx += 1;
                }
                Cmd::Block(_) => {}
            }
        }
        Flow::Go
    }
}

fn count_items(items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| match &i.cmd {
            Cmd::Block(inner) => 1 + count_items(inner),
            _ => 1,
        })
        .sum()
}

/// Runs a parsed script over a text; returns the output and `q`'s status.
fn run_script(items: &[Item], text: &str, quiet: bool) -> (String, i32) {
    let mut r = Run {
        lines: text.lines().collect(),
        idx: 0,
        quiet,
        out: String::new(),
        ranges: vec![false; count_items(items)],
        quit: None,
    };
    while r.idx < r.lines.len() {
        let mut ps = r.lines[r.idx].to_string();
        r.idx += 1;
        let mut after = String::new();
        let mut base = 0;
        match r.exec(items, &mut base, &mut ps, &mut after) {
            Flow::Go => {
                if !quiet {
                    r.out.push_str(&ps);
                    r.out.push('\n');
                }
            }
            Flow::EndCycle => {}
            Flow::Quit => break,
        }
        r.out.push_str(&after);
    }
    let code = r.quit.unwrap_or(0);
    (r.out, code)
}

/// `sed [OPTION]... {SCRIPT} [FILE]...`
pub fn run(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    super::sed_args::parse(args).map_or_else(|e| e, |o| run_sed(ctx, o))
}

fn run_sed(ctx: &mut Ctx, o: SedArgs) -> CmdOutput {
    let mut scripts: Vec<String> = Vec::new();
    for s in o.scripts {
        match s {
            Script::Text(t) => scripts.push(t),
            Script::File(p) => match ctx.world.read_file(ctx.netns.as_deref(), &p) {
                Ok(t) => scripts.push(t),
                Err(e) => return CmdOutput::error(4, format!("sed: couldn't open file {e}\n")),
            },
        }
    }
    let mut items = Vec::new();
    for (n, s) in scripts.iter().enumerate() {
        let mut p = Parser {
            s: s.chars().collect(),
            i: 0,
            ere: o.ere,
            expr: n + 1,
            _src: s,
        };
        match p.items(false) {
            Ok(v) => items.extend(v),
            Err(e) => return CmdOutput::usage(1, e),
        }
    }
    let (quiet, files) = (o.quiet, o.files);
    let mut out = CmdOutput::default();
    if let Some(suffix) = &o.in_place {
        if files.is_empty() {
            return CmdOutput::usage(1, "sed: no input files\n");
        }
        for f in &files {
            match ctx.world.read_file(ctx.netns.as_deref(), f) {
                Ok(t) => {
                    let (text, _) = run_script(&items, &t, quiet);
                    let ns = ctx.netns.as_deref();
                    let backup = backup_name(f, suffix);
                    let kept = match &backup {
                        Some(b) => ctx.world.write_file(ns, b, &t, false),
                        None => Ok(()),
                    };
                    if let Err(e) = kept.and_then(|_| ctx.world.write_file(ns, f, &text, false)) {
                        out.stderr
                            .push_str(&format!("sed: couldn't edit {f}: {e}\n"));
                        out.status = 4;
                    }
                }
                Err(_) => {
                    out.stderr
                        .push_str(&format!("sed: can't read {f}: No such file or directory\n"));
                    out.status = 2;
                }
            }
        }
        return out;
    }
    let mut texts: Vec<String> = Vec::new();
    if files.is_empty() {
        texts.push(read_inputs(ctx, "sed", &[], &mut out));
    }
    for f in &files {
        if f == "-" {
            texts.push(ctx.stdin.clone().unwrap_or_default());
            continue;
        }
        match ctx.world.read_file(ctx.netns.as_deref(), f) {
            Ok(t) => texts.push(t),
            Err(_) => {
                out.stderr
                    .push_str(&format!("sed: can't read {f}: No such file or directory\n"));
                out.status = 2;
            }
        }
    }
    // One stream, unless -s makes each file its own.
    if !o.separate {
        texts = vec![texts.concat()];
    }
    for text in texts {
        let had_newline = text.is_empty() || text.ends_with('\n');
        let (mut s, code) = run_script(&items, &text, quiet);
        if !had_newline && s.ends_with('\n') {
            s.pop();
        }
        out.stdout.push_str(&s);
        if code != 0 {
            out.status = code;
            break;
        }
    }
    out
}

/// `-i SUFFIX`'s backup file, next to the file.
fn backup_name(file: &str, suffix: &str) -> Option<String> {
    (!suffix.is_empty()).then(|| format!("{file}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sed(script: &str, input: &str, quiet: bool) -> String {
        let mut p = Parser {
            s: script.chars().collect(),
            i: 0,
            ere: false,
            expr: 1,
            _src: script,
        };
        let items = p.items(false).unwrap();
        run_script(&items, input, quiet).0
    }

    #[test]
    fn substitute_addresses_and_ranges() {
        assert_eq!(sed("s/a/b/g", "aaa\nxa\n", false), "bbb\nxb\n");
        assert_eq!(sed("2d", "1\n2\n3\n", false), "1\n3\n");
        assert_eq!(sed("/b/,/d/p", "a\nb\nc\nd\ne\n", true), "b\nc\nd\n");
        assert_eq!(sed("s/\\(x\\)\\(y\\)/\\2\\1/", "xy\n", false), "yx\n");
        assert_eq!(sed("$!d", "1\n2\n3\n", false), "3\n");
        assert_eq!(sed("2q", "1\n2\n3\n", false), "1\n2\n");
        assert_eq!(sed("1i\\\nhead", "x\n", false), "head\nx\n");
    }
}
