//! Corpus scripts: `tests/differential/<topic>/<name>.sh`, one command per
//! line (a trailing `\` continues it), headed by `# needs:` (real tools the
//! script uses) and `# mask:` (what is random on the real side) lines.

use super::masks::{self, Mask};
use std::path::Path;

pub struct Script {
    /// `topic/name.sh`.
    pub path: String,
    pub topic: String,
    pub needs: Vec<String>,
    pub masks: Vec<Mask>,
    pub steps: Vec<String>,
}

pub fn load(root: &Path) -> Vec<Script> {
    let mut out = Vec::new();
    let mut topics: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir() && e.file_name() != "harness")
        .collect();
    topics.sort_by_key(|e| e.file_name());
    for t in topics {
        let topic = t.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "sh"))
            .collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let text = std::fs::read_to_string(f.path()).unwrap();
            let path = format!("{topic}/{}", f.file_name().to_string_lossy());
            out.push(parse(&path, &topic, &text));
        }
    }
    out
}

pub fn parse(path: &str, topic: &str, text: &str) -> Script {
    let mut s = Script {
        path: path.to_string(),
        topic: topic.to_string(),
        needs: Vec::new(),
        masks: Vec::new(),
        steps: Vec::new(),
    };
    let mut pending = String::new();
    for line in text.lines() {
        let t = line.trim();
        if pending.is_empty() {
            if let Some(n) = t.strip_prefix("# needs:") {
                s.needs.extend(n.split_whitespace().map(String::from));
                continue;
            }
            if let Some(m) = t.strip_prefix("# mask:") {
                s.masks.extend(
                    masks::parse(m.trim()).unwrap_or_else(|e| panic!("{path}: mask {m:?}: {e}")),
                );
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
        }
        if let Some(head) = t.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(t);
        s.steps.push(std::mem::take(&mut pending));
    }
    assert!(pending.is_empty(), "{path}: dangling `\\`");
    assert!(!s.steps.is_empty(), "{path}: no steps");
    s
}
