//! The shape of `src/`, checked: the file-level module graph derived from
//! `use` lines and `crate::`/`super::` paths has no cycle and no arrow
//! pointing up the layers (`sim` < `display` < `shell` < `grade`/`jupyter`
//! < the binary); no source file is over 800 lines; and outside the files
//! whose job is I/O, nothing reads the clock, sleeps, touches files, the
//! network, processes or the environment, or prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 800;

/// Files allowed to do host I/O (the edge).
fn io_allowed(rel: &str) -> bool {
    rel == "src/main.rs"
        || rel == "src/evcxr.rs"
        || rel.starts_with("src/jupyter/")
        || rel.starts_with("src/grade/io")
}

const FORBIDDEN_OUTSIDE_EDGE: &[&str] = &[
    "std::time",
    "Instant::now",
    "SystemTime",
    "thread::sleep",
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "print!(",
    "println!(",
    "eprint!(",
    "eprintln!(",
    "dbg!(",
    "io::stdout",
    "io::stderr",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/sim/stack/world.rs` -> `["sim", "stack", "world"]`; `mod.rs` and
/// `lib.rs` name their folder.
fn module_of(rel: &str) -> Vec<String> {
    let p = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = p.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts
}

/// The code a build without tests sees: everything before the first
/// `#[cfg(test)]`, with comments and string literals blanked.
fn code_of(text: &str) -> String {
    let before = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = String::with_capacity(before.len());
    let b = before.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if b[i] == b'r' && b.get(i + 1) == Some(&b'#') && b.get(i + 2) == Some(&b'"') {
            let end = before[i + 3..]
                .find("\"#")
                .map_or(b.len(), |e| i + 3 + e + 2);
            out.push_str("\"\"");
            i = end;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str) -> Vec<String> {
    let renames = regex_lite::Regex::new(r"\s+as\s+\w+").unwrap();
    let tree = renames.replace_all(tree, "");
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand_into("", &tree, &mut out);
    out
}

fn expand_into(prefix: &str, tree: &str, out: &mut Vec<String>) {
    if let Some(open) = tree.find('{') {
        let head = &tree[..open];
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        let mut items = Vec::new();
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        for item in items.into_iter().filter(|s| !s.is_empty()) {
            expand_into(&format!("{prefix}{head}"), item, out);
        }
    } else {
        out.push(format!("{prefix}{tree}"));
    }
}

struct Tree {
    /// Module path -> file.
    files: BTreeMap<Vec<String>, String>,
}

impl Tree {
    /// The file holding the deepest module named by `path` (relative to
    /// module `here`), or `None` for paths outside the crate.
    fn resolve(&self, here: &[String], path: &str) -> Option<String> {
        let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let mut base: Vec<String>;
        let mut rest = &segs[..];
        match segs.first().copied() {
            Some("crate") => {
                base = Vec::new();
                rest = &segs[1..];
            }
            Some("self") => {
                base = here.to_vec();
                rest = &segs[1..];
            }
            Some("super") => {
                base = here.to_vec();
                while rest.first() == Some(&"super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                // A child module in scope (`mod x;` then `use x::Y`).
                let mut child = here.to_vec();
                child.push(first.to_string());
                if self.files.contains_key(&child) {
                    base = here.to_vec();
                } else {
                    return None;
                }
            }
            None => return None,
        }
        let mut best = self.files.get(&base).cloned();
        for s in rest {
            base.push(s.to_string());
            match self.files.get(&base) {
                Some(f) => best = Some(f.clone()),
                None => break,
            }
        }
        best
    }
}

fn layer(rel: &str) -> u8 {
    let m = module_of(rel);
    match m.first().map(String::as_str) {
        Some("sim") => 0,
        Some("display") => 1,
        Some("shell") => 2,
        Some("grade") | Some("jupyter") | Some("fuzz") | Some("wasm") => 3,
        _ => 4, // lib.rs, main.rs
    }
}

struct Src {
    rel: String,
    text: String,
}

fn sources() -> Vec<Src> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|f| Src {
            rel: f
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            text: std::fs::read_to_string(&f).unwrap(),
        })
        .collect()
}

fn graph(srcs: &[Src]) -> BTreeMap<String, BTreeSet<String>> {
    let tree = Tree {
        files: srcs
            .iter()
            .filter(|s| s.rel != "src/main.rs")
            .map(|s| (module_of(&s.rel), s.rel.clone()))
            .collect(),
    };
    let path_re = regex_lite::Regex::new(r"\b(?:crate|super|self)(?:::\w+)+").unwrap();
    let use_re = regex_lite::Regex::new(r"(?s)\buse\s+([^;]+);").unwrap();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in srcs.iter().filter(|s| s.rel != "src/main.rs") {
        let here = module_of(&s.rel);
        let code = code_of(&s.text);
        let mut paths = Vec::new();
        for cap in use_re.captures_iter(&code) {
            paths.extend(expand_use(&cap[1]));
        }
        let stripped = use_re.replace_all(&code, "");
        paths.extend(path_re.find_iter(&stripped).map(|m| m.as_str().to_string()));
        let set = edges.entry(s.rel.clone()).or_default();
        for p in paths {
            if let Some(to) = tree.resolve(&here, &p) {
                if to != s.rel {
                    set.insert(to);
                }
            }
        }
    }
    edges
}

fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        White,
        Grey,
        Black,
    }
    let mut color: BTreeMap<&str, C> = edges.keys().map(|k| (k.as_str(), C::White)).collect();
    fn dfs<'a>(
        n: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        color: &mut BTreeMap<&'a str, C>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        color.insert(n, C::Grey);
        stack.push(n);
        for m in edges.get(n).into_iter().flatten() {
            match color.get(m.as_str()).copied().unwrap_or(C::White) {
                C::Grey => {
                    let at = stack.iter().position(|s| *s == m).unwrap();
                    let mut cyc: Vec<String> = stack[at..].iter().map(|s| s.to_string()).collect();
                    cyc.push(m.clone());
                    return Some(cyc);
                }
                C::White => {
                    if let Some(c) = dfs(m, edges, color, stack) {
                        return Some(c);
                    }
                }
                C::Black => {}
            }
        }
        stack.pop();
        color.insert(n, C::Black);
        None
    }
    let keys: Vec<&str> = edges.keys().map(String::as_str).collect();
    for k in keys {
        if color[k] == C::White {
            let mut stack = Vec::new();
            if let Some(c) = dfs(k, edges, &mut color, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

/// Every strongly connected group of files (Tarjan), for a full report.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct St<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(st: &mut St<'a>, v: &'a str) {
        st.index.insert(v, st.next);
        st.low.insert(v, st.next);
        st.next += 1;
        st.stack.push(v);
        st.on.insert(v);
        let edges = st.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !st.index.contains_key(w) {
                visit(st, w);
                let l = st.low[v].min(st.low[w]);
                st.low.insert(v, l);
            } else if st.on.contains(w) {
                let l = st.low[v].min(st.index[w]);
                st.low.insert(v, l);
            }
        }
        if st.low[v] == st.index[v] {
            let mut group = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                st.out.push(group);
            }
        }
    }
    let mut st = St {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for k in edges.keys() {
        if !st.index.contains_key(k.as_str()) {
            visit(&mut st, k);
        }
    }
    st.out
}

#[test]
fn no_import_cycle_between_files() {
    let srcs = sources();
    let edges = graph(&srcs);
    if let Ok(f) = std::env::var("ARCH_EDGES") {
        for (from, tos) in &edges {
            if from.contains(&f) {
                eprintln!("{from} -> {tos:?}");
            }
        }
    }
    let n: usize = edges.values().map(BTreeSet::len).sum();
    assert!(
        n > 100,
        "the graph looks empty ({n} edges): the parser is broken"
    );
    if let Some(c) = find_cycle(&edges) {
        let groups: Vec<String> = cycles(&edges)
            .iter()
            .map(|g| format!("  {{{}}}", g.join(", ")))
            .collect();
        panic!(
            "import cycle: {}\nall groups of files that import each other:\n{}",
            c.join(" -> "),
            groups.join("\n")
        );
    }
}

#[test]
fn no_arrow_points_up_the_layers() {
    let srcs = sources();
    let mut up = Vec::new();
    for (from, tos) in graph(&srcs) {
        for to in tos {
            if layer(&to) > layer(&from) {
                up.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(up.is_empty(), "upward imports:\n{}", up.join("\n"));
}

#[test]
fn no_source_file_over_800_lines() {
    let big: Vec<String> = sources()
        .into_iter()
        .map(|s| (s.text.lines().count(), s.rel))
        .filter(|(n, _)| *n > MAX_LINES)
        .map(|(n, f)| format!("{f} ({n})"))
        .collect();
    assert!(
        big.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        big.join("\n")
    );
}

/// Whether a file may hold `impl World` (the kernel's operations).
fn may_extend_world(rel: &str) -> bool {
    rel.starts_with("src/sim/stack/")
}

#[test]
fn impl_world_lives_in_sim_stack() {
    let outside: Vec<String> = sources()
        .into_iter()
        .filter(|s| !may_extend_world(&s.rel))
        .filter(|s| code_of(&s.text).contains("impl World"))
        .map(|s| s.rel)
        .collect();
    assert!(
        outside.is_empty(),
        "impl World outside sim/stack/:\n{}",
        outside.join("\n")
    );
    // The rule can fail: a file elsewhere would be caught.
    assert!(!may_extend_world("src/sim/apps/ssh/session.rs"));
}

#[test]
fn host_io_only_at_the_edge() {
    let mut problems = Vec::new();
    for s in sources() {
        if io_allowed(&s.rel) {
            continue;
        }
        let code = code_of(&s.text);
        for needle in FORBIDDEN_OUTSIDE_EDGE {
            if code.contains(needle) {
                problems.push(format!("{}: uses {needle}", s.rel));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "host I/O outside the edge:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_a_planted_cycle_and_an_upward_arrow() {
    // The checks above must be able to fail.
    let mut e: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    e.entry("a".into()).or_default().insert("b".into());
    e.entry("b".into()).or_default().insert("a".into());
    assert!(find_cycle(&e).is_some());
    assert!(layer("src/shell/x.rs") > layer("src/sim/x.rs"));
    assert_eq!(
        expand_use("super::{a::{B, C}, d}"),
        vec!["super::a::B", "super::a::C", "super::d"]
    );
}
