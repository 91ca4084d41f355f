//! The cells kept for `history_request` (`tail`, `range`, `search`), in
//! memory and bounded: there is no history database. See the Jupyter
//! messaging spec, "History".

use serde_json::{json, Value};
use std::collections::VecDeque;

/// Cells kept (oldest forgotten first).
pub const HISTORY_CAP: usize = 1000;
/// Bytes of a cell's code kept; a longer cell is kept cut.
pub const HISTORY_CODE_CAP: usize = 256 * 1024;
/// Bytes of a cell's output kept for `output=True`.
pub const HISTORY_OUTPUT_CAP: usize = 4096;
/// Bytes kept over all cells (code and output); the oldest go first.
pub const HISTORY_BYTES_CAP: usize = 16 << 20;
/// Longest search pattern accepted.
pub const PATTERN_CAP: usize = 4096;
/// Character comparisons one search may make (a pattern like `*a*a*a*b`
/// over long cells costs pattern x text); about 0.1 s.
const SEARCH_BUDGET: u64 = 100_000_000;

/// The first `max` bytes (at a char boundary), in an allocation of that
/// size: `truncate` would keep the whole cell's capacity.
fn truncate_at_char(s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s[..cut].to_string()
}

/// One kept cell.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    count: usize,
    code: String,
    output: String,
}

/// The kept cells, within [`HISTORY_CAP`] and [`HISTORY_BYTES_CAP`].
#[derive(Debug, Default)]
pub struct History {
    entries: VecDeque<Entry>,
    bytes: usize,
}

impl History {
    /// Keeps a cell that ran with `store_history`.
    pub fn push(&mut self, count: usize, code: String, output: String) {
        let code = truncate_at_char(code, HISTORY_CODE_CAP);
        let output = truncate_at_char(output, HISTORY_OUTPUT_CAP);
        self.bytes += code.len() + output.len();
        self.entries.push_back(Entry {
            count,
            code,
            output,
        });
        while self.entries.len() > HISTORY_CAP || self.bytes > HISTORY_BYTES_CAP {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= old.code.len() + old.output.len(),
                None => break,
            }
        }
    }

    /// The `history` list of a `history_reply` for request content `c`.
    pub fn reply(&self, c: &Value) -> Result<Vec<Value>, String> {
        let output = c.get("output").and_then(Value::as_bool).unwrap_or(false);
        let n = c.get("n").and_then(Value::as_u64).map(|n| n as usize);
        let entries: Vec<&Entry> = match c.get("hist_access_type").and_then(Value::as_str) {
            Some("tail") => {
                let n = n.unwrap_or(10);
                let skip = self.entries.len().saturating_sub(n);
                self.entries.iter().skip(skip).collect()
            }
            Some("range") => {
                let start = c.get("start").and_then(Value::as_i64).unwrap_or(0);
                let stop = c.get("stop").and_then(Value::as_i64);
                self.entries
                    .iter()
                    .filter(|e| {
                        e.count as i64 >= start && stop.is_none_or(|s| (e.count as i64) < s)
                    })
                    .collect()
            }
            Some("search") => {
                let pattern = c.get("pattern").and_then(Value::as_str).unwrap_or("*");
                if pattern.len() > PATTERN_CAP {
                    return Err(format!("search pattern longer than {PATTERN_CAP} bytes"));
                }
                let unique = c.get("unique").and_then(Value::as_bool).unwrap_or(false);
                let pattern: Vec<char> = pattern.chars().collect();
                let mut budget = SEARCH_BUDGET;
                let mut hits = Vec::new();
                for e in &self.entries {
                    match glob(&pattern, &e.code, &mut budget) {
                        Some(true) => hits.push(e),
                        Some(false) => {}
                        None => {
                            return Err("history search too expensive; use a simpler pattern".into())
                        }
                    }
                }
                if unique {
                    let mut seen = std::collections::HashSet::new();
                    hits.retain(|e| seen.insert(e.code.as_str()));
                }
                if let Some(n) = n {
                    hits = hits.split_off(hits.len().saturating_sub(n));
                }
                hits
            }
            other => return Err(format!("unknown hist_access_type {other:?}")),
        };
        Ok(entries
            .into_iter()
            .map(|e| {
                if output {
                    json!([1, e.count, [e.code, e.output]])
                } else {
                    json!([1, e.count, e.code])
                }
            })
            .collect())
    }
}

/// Shell-style glob over the whole cell (`*` any run, `?` one char), by the
/// usual backtrack-to-the-last-star walk: at most pattern x text steps,
/// never exponential. `None` when `budget` runs out.
fn glob(p: &[char], text: &str, budget: &mut u64) -> Option<bool> {
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        *budget = budget.checked_sub(1)?;
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return Some(false);
        }
    }
    Some(p[pi..].iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str, t: &str) -> bool {
        let p: Vec<char> = p.chars().collect();
        glob(&p, t, &mut u64::MAX.clone()).unwrap()
    }

    #[test]
    fn glob_matches() {
        assert!(g("*", "anything"));
        assert!(g("*", ""));
        assert!(g("ip *", "ip netns add x"));
        assert!(!g("ip ?", "ip ab"));
        assert!(g("ip ??", "ip ab"));
        assert!(g("*a*b", "xxaxxb"));
        assert!(!g("*a*b", "xxbxxa"));
        assert!(g("a*b*c", "abbbc"));
        assert!(!g("a*b*c", "abbbcd"));
        assert!(g("é?", "éß"));
    }

    #[test]
    fn a_pathological_pattern_is_bounded() {
        // `*a*a*...*b` against a long run of `a`: exponential for a naive
        // recursive matcher (it hung the executor); linear here.
        let p: Vec<char> = "*a".repeat(2000).chars().chain("*b".chars()).collect();
        let t = "a".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(glob(&p, &t, &mut SEARCH_BUDGET.clone()), Some(false));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // The walk's worst case (pattern x text) runs out of budget instead.
        let p: Vec<char> = format!("*{}b", "a".repeat(4000)).chars().collect();
        assert_eq!(glob(&p, &t, &mut SEARCH_BUDGET.clone()), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let mut h = History::default();
        h.push(1, t.clone(), String::new());
        let ok = json!({"hist_access_type": "search", "pattern": "*a".repeat(2000) + "*b"});
        assert_eq!(h.reply(&ok), Ok(vec![]));
        let req =
            json!({"hist_access_type": "search", "pattern": format!("*{}b", "a".repeat(4000))});
        assert!(h.reply(&req).unwrap_err().contains("too expensive"));
        let long = json!({"hist_access_type": "search", "pattern": "a".repeat(PATTERN_CAP + 1)});
        assert!(h.reply(&long).unwrap_err().contains("longer than"));
    }

    #[test]
    fn memory_is_bounded() {
        let mut h = History::default();
        for i in 0..HISTORY_CAP + 5 {
            h.push(i, format!("echo {i}"), String::new());
        }
        assert_eq!(h.entries.len(), HISTORY_CAP);
        assert_eq!(h.entries[0].count, 5);
        let mut h = History::default();
        let big = "x".repeat(HISTORY_CODE_CAP * 2);
        for i in 0..200 {
            h.push(i, big.clone(), "y".repeat(HISTORY_OUTPUT_CAP * 2));
        }
        assert!(h.bytes <= HISTORY_BYTES_CAP);
        assert_eq!(h.entries.back().unwrap().code.len(), HISTORY_CODE_CAP);
        assert_eq!(h.entries.back().unwrap().output.len(), HISTORY_OUTPUT_CAP);
        let kept: usize = h
            .entries
            .iter()
            .map(|e| e.code.len() + e.output.len())
            .sum();
        assert_eq!(kept, h.bytes);
    }
}
