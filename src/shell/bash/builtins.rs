//! The builtins: commands that read or change the shell itself (variables,
//! options, positional parameters, control flow, aliases), and the ones
//! that run other commands (`eval`, `source`, `bash -c`, `xargs`).

use super::eval::{Ctl, Exec, R};
use super::state::Var;

/// bash's reserved words (`type if`: a shell keyword).
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do",
    "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc",
];

/// Every builtin name.
const BUILTINS: &[&str] = &[
    ":", "export", "unset", "local", "declare", "typeset", "readonly", "set", "shift", "read",
    "exit", "return", "break", "continue", "source", ".", "alias", "unalias", "eval", "test", "[",
    "bash", "sh", "command", "type", "xargs", "let", "wait", "cd", "pwd", "env", "umask", "printf",
    "shopt", "trap", "variant", "fg", "bg",
];

/// Builtins that live in files of their own (`getopts`).
const MORE_BUILTINS: &[&str] = &["getopts", "readarray", "mapfile"];

/// Commands bash has built in that netbook runs as tools (for `type`).
const TOOL_BUILTINS: &[&str] = &["echo", "true", "false", "kill", "jobs"];

/// True for a bash builtin that netbook runs as a tool.
pub(super) fn is_bash_builtin_tool(name: &str) -> bool {
    TOOL_BUILTINS.contains(&name)
}

/// True for a name the shell runs itself.
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name) || MORE_BUILTINS.contains(&name)
}

pub(super) fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && !n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A value as `declare -p`/`export -p` print it.
pub(super) fn dq(v: &str) -> String {
    let mut o = String::from("\"");
    for c in v.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            o.push('\\');
        }
        o.push(c);
    }
    o.push('"');
    o
}

impl Exec<'_> {
    /// Runs `argv` if its name is a builtin.
    pub(super) fn builtin(&mut self, argv: &[String]) -> Option<R> {
        let name = argv[0].as_str();
        let args = &argv[1..];
        Some(match name {
            ":" => Ok(0),
            "export" => Ok(self.export(args)),
            "unset" => self.unset_builtin(args),
            "getopts" => Ok(self.getopts(args)),
            "readarray" | "mapfile" => Ok(self.readarray(name, args)),
            "local" | "declare" | "typeset" | "readonly" => self.declare_with(name, args, &[]),
            "set" => Ok(self.set_builtin(args)),
            "shift" => {
                let n = args
                    .first()
                    .and_then(|a| a.parse::<usize>().ok())
                    .unwrap_or(1);
                if n > self.sh.positional.len() {
                    Ok(1)
                } else {
                    self.sh.positional.drain(..n);
                    Ok(0)
                }
            }
            "read" => Ok(self.read(args)),
            "exit" => Err(Ctl::Exit(self.status_arg(name, args))),
            "return" => {
                if self.sh.depth == 0 {
                    self.write(
                        2,
                        "bash: return: can only `return' from a function or sourced script\n",
                    );
                    Ok(1)
                } else {
                    Err(Ctl::Return(self.status_arg(name, args)))
                }
            }
            "break" | "continue" => {
                let n = args
                    .first()
                    .and_then(|a| a.parse::<u32>().ok())
                    .unwrap_or(1)
                    .max(1);
                Err(if name == "break" {
                    Ctl::Break(n)
                } else {
                    Ctl::Continue(n)
                })
            }
            "source" | "." => self.source(name, args),
            "alias" => Ok(self.alias(args)),
            "unalias" => {
                for a in args {
                    if a == "-a" {
                        self.sh.aliases.clear();
                    } else if self.sh.aliases.remove(a).is_none() {
                        self.write(2, &format!("bash: unalias: {a}: not found\n"));
                        return Some(Ok(1));
                    }
                }
                Ok(0)
            }
            "eval" => {
                let src = args.join(" ");
                self.run_text(&src, "bash: eval: line 1: ")
            }
            "test" | "[" => Ok(self.test_builtin(name, args)),
            "bash" | "sh" => self.bash_c(args),
            "command" => self.command_builtin(args),
            "type" => Ok(self.type_builtin(args)),
            "xargs" => self.xargs(args),
            "let" => {
                let mut last = 0;
                for a in args {
                    last = match self.arith(a) {
                        Ok(v) => v,
                        Err(Ctl::Unwind(_)) => return Some(Ok(1)),
                        Err(e) => return Some(Err(e)),
                    };
                }
                Ok(i32::from(last == 0))
            }
            "wait" => self.wait_builtin(args),
            "fg" => self.fg_builtin(args),
            "bg" => Ok(self.bg_builtin(args)),
            "trap" => Ok(self.trap(args)),
            "printf" => self.printf_builtin(args),
            "shopt" => Ok(self.shopt(args)),
            "cd" => self.cd_builtin(args),
            "pwd" => self.pwd_builtin(args),
            "env" => self.env_builtin(args),
            "variant" => Ok(match super::variant::variant(&self.sh.student, args) {
                Ok(v) => {
                    self.write(1, &v);
                    0
                }
                Err(e) => {
                    self.write(2, &format!("{e}\n"));
                    2
                }
            }),
            "umask" => {
                match args.first() {
                    None => {
                        let m = format!("{}\n", self.sh.get("__umask").unwrap_or("0022"));
                        self.write(1, &m);
                    }
                    Some(m) if m.chars().all(|c| ('0'..='7').contains(&c)) && m.len() <= 4 => {
                        let m = format!("{:04o}", u32::from_str_radix(m, 8).unwrap_or(0o22));
                        self.sh.set("__umask", m);
                    }
                    Some(m) => {
                        self.write(2, &format!("bash: umask: {m}: octal number out of range\n"));
                        return Some(Ok(1));
                    }
                }
                Ok(0)
            }
            _ => return None,
        })
    }

    fn status_arg(&mut self, name: &str, args: &[String]) -> i32 {
        match args.first() {
            None => self.sh.status,
            Some(a) => match a.parse::<i64>() {
                Ok(n) => (n & 0xff) as i32,
                Err(_) => {
                    self.write(
                        2,
                        &format!("bash: {name}: {a}: numeric argument required\n"),
                    );
                    2
                }
            },
        }
    }

    /// Parses and runs text in this shell (`eval`, `source`).
    pub(super) fn run_text(&mut self, src: &str, label: &str) -> R {
        match super::parse::parse(src) {
            Ok(p) => self.run_program(&p),
            Err(e) => {
                self.write(2, &format!("{label}{e}\n"));
                Ok(2)
            }
        }
    }

    fn export(&mut self, args: &[String]) -> i32 {
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if names.is_empty() {
            let mut env: Vec<(String, String)> = self.sh.env().into_iter().collect();
            env.sort();
            let text: String = env
                .iter()
                .map(|(k, v)| format!("declare -x {k}={}\n", dq(v)))
                .collect();
            self.write(1, &text);
            return 0;
        }
        let unexport = args.iter().any(|a| a == "-n");
        let mut status = 0;
        for a in names {
            let Some((n, v)) = self.name_value("export", a) else {
                status = 1;
                continue;
            };
            let e = self.sh.vars.entry(n.to_string()).or_insert(Var {
                value: String::new(),
                exported: false,
            });
            if let Some(v) = v {
                e.value = v;
            }
            e.exported = !unexport;
        }
        status
    }

    /// The `NAME[=VALUE]` operand of `export` or `declare`; `None`, with
    /// bash's message, when NAME is not an identifier.
    fn name_value<'a>(&mut self, builtin: &str, a: &'a str) -> Option<(&'a str, Option<String>)> {
        let (n, v) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a, None),
        };
        if !valid_name(n) {
            self.write(
                2,
                &format!("bash: {builtin}: `{a}': not a valid identifier\n"),
            );
            return None;
        }
        Some((n, v))
    }

    fn set_builtin(&mut self, args: &[String]) -> i32 {
        if args.is_empty() {
            let mut vars: Vec<(&String, &Var)> = self.sh.vars.iter().collect();
            vars.sort_by(|a, b| a.0.cmp(b.0));
            let text: String = vars
                .iter()
                .filter(|(k, _)| !k.starts_with("__"))
                .map(|(k, v)| format!("{k}={}\n", shell_quote(&v.value)))
                .collect();
            self.write(1, &text);
            return 0;
        }
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "--" {
                self.sh.positional = args[i + 1..].to_vec();
                return 0;
            }
            let (on, flags) = match (a.strip_prefix('-'), a.strip_prefix('+')) {
                (Some(f), _) => (true, f),
                (_, Some(f)) => (false, f),
                _ => {
                    self.sh.positional = args[i..].to_vec();
                    return 0;
                }
            };
            if flags == "o" {
                i += 1;
                match args.get(i).map(String::as_str) {
                    Some("errexit") => self.sh.opts.errexit = on,
                    Some("nounset") => self.sh.opts.nounset = on,
                    Some("xtrace") => self.sh.opts.xtrace = on,
                    Some("pipefail") => self.sh.opts.pipefail = on,
                    Some(o) => {
                        self.write(2, &format!("bash: set: {o}: invalid option name\n"));
                        return 2;
                    }
                    None => {}
                }
            } else {
                for c in flags.chars() {
                    match c {
                        'e' => self.sh.opts.errexit = on,
                        'u' => self.sh.opts.nounset = on,
                        'x' => self.sh.opts.xtrace = on,
                        _ => {
                            self.write(2, &format!("bash: set: -{c}: invalid option\n"));
                            return 2;
                        }
                    }
                }
            }
            i += 1;
        }
        0
    }

    fn read(&mut self, args: &[String]) -> i32 {
        let mut raw = false;
        let mut array: Option<String> = None;
        let mut names = Vec::new();
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "-r" => raw = true,
                "-p" | "-t" | "-n" | "-d" | "-u" => i += 1,
                "-a" => {
                    i += 1;
                    array = args.get(i).cloned();
                }
                a if a.starts_with('-') => {
                    raw |= a.contains('r');
                    if a.ends_with('a') {
                        i += 1;
                        array = args.get(i).cloned();
                    }
                }
                a => names.push(a.to_string()),
            }
            i += 1;
        }
        let Some(input) = self.fds.input.clone() else {
            return 1;
        };
        let mut line = String::new();
        let mut got = false;
        let mut complete = true;
        loop {
            let Some((l, nl)) = input.borrow_mut().read_line() else {
                break;
            };
            got = true;
            complete = nl;
            if !raw && l.ends_with('\\') && !l.ends_with("\\\\") {
                line.push_str(&l[..l.len() - 1]);
                continue;
            }
            line.push_str(&l);
            break;
        }
        if !got {
            for n in &names {
                self.sh.set(n, "");
            }
            return 1;
        }
        if !raw {
            line = super::expand::unescape_pattern(&line);
        }
        // A last line without its newline is read, but read fails.
        let status = i32::from(!complete);
        if let Some(a) = array {
            // `read -a A`: every field an element.
            let ifs = self.sh.get("IFS").unwrap_or(" \t\n").to_string();
            self.sh.unset(&a);
            self.sh.arrays.insert(a.clone(), Default::default());
            let ws = ifs.chars().all(char::is_whitespace);
            let fields: Vec<&str> = line
                .split(|c: char| ifs.contains(c))
                .filter(|f| !ws || !f.is_empty())
                .collect();
            for (k, f) in fields.iter().enumerate() {
                self.sh.set_element(&a, k as i64, f.to_string());
            }
            return status;
        }
        if names.is_empty() {
            self.sh.set("REPLY", line);
            return status;
        }
        let ifs = self.sh.get("IFS").unwrap_or(" \t\n").to_string();
        let mut rest = line.trim_matches(|c: char| ifs.contains(c) && c.is_whitespace());
        for (k, n) in names.iter().enumerate() {
            if k + 1 == names.len() {
                let v = rest.trim_end_matches(|c: char| ifs.contains(c) && c.is_whitespace());
                self.sh.set(n, v);
                break;
            }
            match rest.find(|c: char| ifs.contains(c)) {
                Some(p) => {
                    self.sh.set(n, &rest[..p]);
                    rest = rest[p..]
                        .trim_start_matches(|c: char| ifs.contains(c) && c.is_whitespace());
                    if let Some(r) = rest.strip_prefix(|c: char| ifs.contains(c)) {
                        rest = r;
                    }
                }
                None => {
                    self.sh.set(n, rest);
                    rest = "";
                }
            }
        }
        status
    }

    fn source(&mut self, name: &str, args: &[String]) -> R {
        let Some(path) = args.first() else {
            self.write(2, &format!("bash: {name}: filename argument required\n"));
            return Ok(2);
        };
        let text = match self.world.read_file(self.netns.as_deref(), path) {
            Ok(t) => t,
            Err(e) => {
                self.write(2, &format!("bash: {e}\n"));
                return Ok(1);
            }
        };
        let saved = (args.len() > 1)
            .then(|| std::mem::replace(&mut self.sh.positional, args[1..].to_vec()));
        self.sh.depth += 1;
        let r = self.run_text(&text, &format!("{path}: line 1: "));
        self.sh.depth -= 1;
        if let Some(p) = saved {
            self.sh.positional = p;
        }
        match r {
            Err(Ctl::Return(n)) => Ok(n),
            other => other,
        }
    }

    fn alias(&mut self, args: &[String]) -> i32 {
        if args.is_empty() || args == ["-p"] {
            let text: String = self
                .sh
                .aliases
                .iter()
                .map(|(k, v)| format!("alias {k}={}\n", shell_quote_always(v)))
                .collect();
            self.write(1, &text);
            return 0;
        }
        let mut status = 0;
        for a in args {
            match a.split_once('=') {
                Some((n, v)) => {
                    self.sh.aliases.insert(n.to_string(), v.to_string());
                }
                None => match self.sh.aliases.get(a) {
                    Some(v) => {
                        let line = format!("alias {a}={}\n", shell_quote_always(v));
                        self.write(1, &line);
                    }
                    None => {
                        self.write(2, &format!("bash: alias: {a}: not found\n"));
                        status = 1;
                    }
                },
            }
        }
        status
    }

    /// Replaces an alias in command position by its words.
    pub(super) fn expand_alias(&mut self, words: &mut Vec<brush_parser::ast::Word>) {
        let mut seen = Vec::new();
        while let Some(first) = words.first() {
            let Some(v) = self.sh.aliases.get(&first.value).cloned() else {
                return;
            };
            if seen.contains(&first.value) {
                return;
            }
            seen.push(first.value.clone());
            let Ok(toks) = brush_parser::uncached_tokenize_str(
                &v,
                &super::parse::options().tokenizer_options(),
            ) else {
                return;
            };
            let new: Vec<brush_parser::ast::Word> = toks
                .iter()
                .filter_map(|t| match t {
                    brush_parser::Token::Word(w, _) => Some(brush_parser::ast::Word {
                        value: w.clone(),
                        loc: None,
                    }),
                    _ => None,
                })
                .collect();
            words.splice(0..1, new);
        }
    }

    /// `trap [ACTION] SIGNAL...`: the EXIT trap runs when the shell (the
    /// cell, `bash -c`) ends; other signals never arrive in the simulation.
    fn trap(&mut self, args: &[String]) -> i32 {
        if args.is_empty() {
            let text: String = self
                .sh
                .traps
                .iter()
                .map(|(sig, a)| format!("trap -- {} {sig}\n", shell_quote_always(a)))
                .collect();
            self.write(1, &text);
            return 0;
        }
        let (action, sigs) = if args.len() == 1 {
            ("-", args)
        } else {
            (args[0].as_str(), &args[1..])
        };
        for s in sigs {
            let sig = s.trim_start_matches("SIG").to_string();
            let sig = if sig == "0" { "EXIT".to_string() } else { sig };
            if action == "-" {
                self.sh.traps.remove(&sig);
            } else {
                self.sh.traps.insert(sig, action.to_string());
            }
        }
        0
    }

    /// `shopt [-s|-u] NAME...`: the options bash scripts set.
    fn shopt(&mut self, args: &[String]) -> i32 {
        const KNOWN: &[&str] = &[
            "expand_aliases",
            "nullglob",
            "extglob",
            "globstar",
            "dotglob",
        ];
        for a in args.iter().filter(|a| !a.starts_with('-')) {
            if !KNOWN.contains(&a.as_str()) {
                self.write(2, &format!("bash: shopt: {a}: invalid shell option name\n"));
                return 1;
            }
        }
        0
    }

    fn kind_of(&self, name: &str) -> Option<String> {
        if self.sh.aliases.contains_key(name) {
            return Some("alias".into());
        }
        if self.sh.funcs.contains_key(name) {
            return Some("function".into());
        }
        if is_builtin(name) || TOOL_BUILTINS.contains(&name) {
            return Some("builtin".into());
        }
        if KEYWORDS.contains(&name) {
            return Some("keyword".into());
        }
        crate::shell::command::which::program_path(name)
    }

    fn command_builtin(&mut self, args: &[String]) -> R {
        match args.first().map(String::as_str) {
            Some("-V") => {
                let mut status = 0;
                for n in &args[1..] {
                    match self.kind_of(n) {
                        Some(k) => {
                            let line = describe(n, &k, &self.sh.aliases);
                            self.write(1, &line);
                        }
                        None => {
                            self.write(2, &format!("bash: command: {n}: not found\n"));
                            status = 1;
                        }
                    }
                }
                Ok(status)
            }
            Some("-v") => {
                let mut status = 0;
                for n in &args[1..] {
                    match self.kind_of(n) {
                        Some(k) if k.starts_with('/') => self.write(1, &format!("{k}\n")),
                        Some(k) if k == "alias" => {
                            let v = self.sh.aliases.get(n).cloned().unwrap_or_default();
                            self.write(1, &format!("alias {n}={}\n", shell_quote_always(&v)));
                        }
                        Some(_) => self.write(1, &format!("{n}\n")),
                        None => status = 1,
                    }
                }
                Ok(status)
            }
            Some(_) => {
                // Skips functions, as `command` does.
                let saved = self.sh.funcs.remove(&args[0]);
                let r = self.dispatch(args);
                if let Some(f) = saved {
                    self.sh.funcs.insert(args[0].clone(), f);
                }
                r
            }
            None => Ok(0),
        }
    }

    /// `type [-tpP] NAME...`: what each name would run as (`-a` is
    /// refused: netbook keeps one copy of each program).
    fn type_builtin(&mut self, args: &[String]) -> i32 {
        let mut mode = ' ';
        let mut names = args;
        while let Some(opt) = names.first().filter(|a| a.starts_with('-') && a.len() > 1) {
            if opt == "--" {
                names = &names[1..];
                break;
            }
            for c in opt[1..].chars() {
                match c {
                    't' | 'p' | 'P' => mode = c,
                    'f' => {}
                    'a' => {
                        self.write(2, "netbook: type -a is not simulated\n");
                        return 1;
                    }
                    _ => {
                        self.write(
                            2,
                            &format!(
                                "bash: type: -{c}: invalid option\ntype: usage: type [-afptP] name [name ...]\n"
                            ),
                        );
                        return 2;
                    }
                }
            }
            names = &names[1..];
        }
        let mut status = 0;
        for n in names {
            let kind = self.kind_of(n);
            let path = || crate::shell::command::which::program_path(n);
            let line = match (mode, kind) {
                ('t', Some(k)) if k.starts_with('/') => "file\n".to_string(),
                ('t', Some(k)) => format!("{k}\n"),
                ('p', Some(k)) if k.starts_with('/') => format!("{k}\n"),
                ('p', Some(_)) => continue,
                ('P', _) => match path() {
                    Some(p) => format!("{p}\n"),
                    None => {
                        status = 1;
                        continue;
                    }
                },
                (_, Some(k)) => describe(n, &k, &self.sh.aliases),
                (' ', None) => {
                    self.write(2, &format!("bash: type: {n}: not found\n"));
                    status = 1;
                    continue;
                }
                (_, None) => {
                    status = 1;
                    continue;
                }
            };
            self.write(1, &line);
        }
        status
    }
}

/// `NAME is ...`, as `type` and `command -V` say it.
fn describe(n: &str, kind: &str, aliases: &std::collections::BTreeMap<String, String>) -> String {
    match kind {
        "alias" => {
            let v = aliases.get(n).cloned().unwrap_or_default();
            format!("{n} is aliased to `{v}'\n")
        }
        "function" => format!("{n} is a function\n"),
        "builtin" => format!("{n} is a shell builtin\n"),
        "keyword" => format!("{n} is a shell keyword\n"),
        path => format!("{n} is {path}\n"),
    }
}

/// A value as `set` prints it: quoted only when needed.
fn shell_quote(v: &str) -> String {
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,+@%".contains(c))
    {
        v.to_string()
    } else {
        shell_quote_always(v)
    }
}

fn shell_quote_always(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}
