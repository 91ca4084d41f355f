//! `netbook check`: runs notebooks in-process, without Jupyter, through the
//! same [`Session`] the kernel uses, and grades them.
//!
//! Cells run top to bottom like nbclient; unlike nbclient, a failing cell
//! does not stop the run (like nbgrader's autograde), so every check is
//! scored. A graded cell is one with nbgrader metadata `grade: true` (its
//! `points`), or one that runs a `check` command (1 point).

pub mod junit;

use crate::shell::{Emit, Session};
use serde_json::{json, Map, Value};
use std::time::{Duration, Instant};

/// How one code cell ended.
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    /// Index in the notebook's cell list.
    pub index: usize,
    /// nbgrader `grade_id`, cell id, or `cell-N`.
    pub name: String,
    /// Points when graded.
    pub points: Option<f64>,
    /// `ename: evalue` when the cell failed.
    pub error: Option<(String, String)>,
    /// The error's traceback lines.
    pub traceback: Vec<String>,
    /// Tagged `raises-exception`: a failure is expected.
    pub expected_failure: bool,
}

impl CellResult {
    /// True when the cell did what it should.
    pub fn ok(&self) -> bool {
        self.error.is_none() || self.expected_failure
    }
}

/// The outcome of one notebook.
#[derive(Debug, Clone)]
pub struct NotebookReport {
    /// The notebook's path as given.
    pub path: String,
    /// Results of executed code cells.
    pub cells: Vec<CellResult>,
    /// Wall time spent executing.
    pub elapsed: Duration,
    /// The notebook with outputs and execution counts filled in.
    pub executed: Value,
}

impl NotebookReport {
    /// (points earned, points possible).
    pub fn score(&self) -> (f64, f64) {
        let graded = self
            .cells
            .iter()
            .filter_map(|c| c.points.map(|p| (p, c.ok())));
        graded.fold((0.0, 0.0), |(got, max), (p, ok)| {
            (got + if ok { p } else { 0.0 }, max + p)
        })
    }

    /// Graded cells that failed.
    pub fn failed_checks(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| c.points.is_some() && !c.ok())
            .count()
    }

    /// Ungraded cells that failed unexpectedly.
    pub fn errors(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| c.points.is_none() && !c.ok())
            .count()
    }
}

fn source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

fn runs_check(code: &str) -> bool {
    code.lines().any(|l| {
        let t = l.trim_start().trim_start_matches(['$', '>']).trim_start();
        t == "check" || t.starts_with("check ")
    })
}

/// Nbformat outputs from the interpreter's emits, merged like Jupyter
/// front ends merge consecutive stream messages of the same name.
fn outputs(emits: Vec<Emit>, count: usize) -> Vec<Value> {
    let mut outs: Vec<Value> = Vec::new();
    for e in emits {
        match e {
            Emit::Stdout(t) => push_stream(&mut outs, "stdout", &t),
            Emit::Stderr(t) => push_stream(&mut outs, "stderr", &t),
            Emit::Display(b) => outs.push(json!({
                "output_type": "display_data", "data": data(&b), "metadata": {}
            })),
            Emit::Result(b) => outs.push(json!({
                "output_type": "execute_result", "data": data(&b), "metadata": {}, "execution_count": count
            })),
            Emit::Clear { .. } => outs.clear(),
        }
    }
    outs
}

fn push_stream(outs: &mut Vec<Value>, name: &str, text: &str) {
    if let Some(last) = outs.last_mut() {
        if last["output_type"] == "stream" && last["name"] == name {
            let joined = format!("{}{}", last["text"].as_str().unwrap_or(""), text);
            last["text"] = Value::String(joined);
            return;
        }
    }
    outs.push(json!({"output_type": "stream", "name": name, "text": text}));
}

fn data(b: &crate::display::MimeBundle) -> Value {
    let mut m = Map::new();
    for (mime, content) in b.iter() {
        m.insert(mime.to_string(), Value::String(content.to_string()));
    }
    Value::Object(m)
}

/// Why a notebook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// File could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not an nbformat 4 notebook.
    #[error("{path}: not a Jupyter notebook: {reason}")]
    Format {
        /// The path.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Reads and runs one notebook file.
pub fn run_file(path: &str) -> Result<NotebookReport, GradeError> {
    let text = std::fs::read_to_string(path).map_err(|source| GradeError::Read {
        path: path.to_string(),
        source,
    })?;
    let nb: Value = serde_json::from_str(&text).map_err(|e| GradeError::Format {
        path: path.to_string(),
        reason: e.to_string(),
    })?;
    run_notebook(path, nb)
}

/// Runs a parsed notebook in a fresh session.
pub fn run_notebook(path: &str, mut nb: Value) -> Result<NotebookReport, GradeError> {
    let Some(cells) = nb.get_mut("cells").and_then(Value::as_array_mut) else {
        return Err(GradeError::Format {
            path: path.to_string(),
            reason: "no \"cells\" list".into(),
        });
    };
    let start = Instant::now();
    let mut session = Session::new();
    let mut count = 0;
    let mut results = Vec::new();
    for (index, cell) in cells.iter_mut().enumerate() {
        if cell["cell_type"] != "code" {
            continue;
        }
        let code = source(cell);
        if code.trim().is_empty() {
            // nbclient skips empty cells too.
            continue;
        }
        count += 1;
        let mut emits = Vec::new();
        let outcome = session.execute(&code, &mut emits);
        let mut outs = outputs(emits, count);
        if let Some(err) = &outcome.error {
            outs.push(json!({
                "output_type": "error", "ename": err.ename, "evalue": err.evalue, "traceback": err.traceback
            }));
        }
        cell["outputs"] = Value::Array(outs);
        cell["execution_count"] = json!(count);
        let nbg = &cell["metadata"]["nbgrader"];
        let points = if nbg["grade"] == true {
            Some(nbg["points"].as_f64().unwrap_or(0.0))
        } else if runs_check(&code) {
            Some(1.0)
        } else {
            None
        };
        let name = nbg["grade_id"]
            .as_str()
            .or_else(|| cell["id"].as_str())
            .map(str::to_string)
            .unwrap_or_else(|| format!("cell-{index}"));
        let expected_failure = cell["metadata"]["tags"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "raises-exception"));
        results.push(CellResult {
            index,
            name,
            points,
            traceback: outcome
                .error
                .as_ref()
                .map(|e| e.traceback.clone())
                .unwrap_or_default(),
            error: outcome.error.map(|e| (e.ename, e.evalue)),
            expected_failure,
        });
    }
    Ok(NotebookReport {
        path: path.to_string(),
        cells: results,
        elapsed: start.elapsed(),
        executed: nb,
    })
}

/// The human-readable report `netbook check` prints.
pub fn render(reports: &[NotebookReport]) -> String {
    let mut out = String::new();
    let (mut got, mut max, mut failed, mut errors) = (0.0, 0.0, 0, 0);
    for r in reports {
        out.push_str(&format!("{}\n", r.path));
        for c in &r.cells {
            match (c.points, c.ok()) {
                (Some(p), true) => out.push_str(&format!("  ✔ {} ({p}/{p})\n", c.name)),
                (Some(p), false) => {
                    let (ename, evalue) = c.error.clone().unwrap_or_default();
                    out.push_str(&format!("  ✘ {} (0/{p}) {ename}: {evalue}\n", c.name));
                }
                (None, false) => {
                    let (ename, evalue) = c.error.clone().unwrap_or_default();
                    out.push_str(&format!("  ✘ {} (not graded) {ename}: {evalue}\n", c.name));
                }
                (None, true) => {}
            }
        }
        let (g, m) = r.score();
        out.push_str(&format!(
            "  score {g}/{m}, {} failed check(s), {} error(s) in {:.1} ms\n",
            r.failed_checks(),
            r.errors(),
            r.elapsed.as_secs_f64() * 1e3
        ));
        got += g;
        max += m;
        failed += r.failed_checks();
        errors += r.errors();
    }
    out.push_str(&format!(
        "total {got}/{max} points in {} notebook(s): {failed} failed check(s), {errors} error(s)\n",
        reports.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(cells: Value) -> Value {
        json!({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    }

    #[test]
    fn grades_checks_and_keeps_going_after_a_failure() {
        let notebook = nb(json!([
            {"cell_type": "markdown", "source": "# title", "metadata": {}},
            {"cell_type": "code", "source": ["echo one\n", "echo two"], "metadata": {}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "check cat /etc/resolve.conf", "metadata": {"nbgrader": {"grade": true, "grade_id": "typo", "points": 2}}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "", "metadata": {}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "check --contains localhost cat /etc/hosts", "metadata": {}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "nosuch", "metadata": {"tags": ["raises-exception"]}, "outputs": [], "execution_count": null}
        ]));
        let r = run_notebook("t.ipynb", notebook).unwrap();
        assert_eq!(r.cells.len(), 4);
        assert_eq!(r.score(), (1.0, 3.0));
        assert_eq!(r.failed_checks(), 1);
        assert_eq!(r.errors(), 0, "the tagged failure is expected");
        let cells = r.executed["cells"].as_array().unwrap();
        assert_eq!(
            cells[1]["outputs"],
            json!([{"output_type": "stream", "name": "stdout", "text": "one\ntwo\n"}])
        );
        assert_eq!(cells[1]["execution_count"], 1);
        assert_eq!(cells[2]["outputs"][0]["ename"], "CheckFailed");
        assert_eq!(cells[3]["execution_count"], Value::Null);
        assert_eq!(cells[4]["execution_count"], 3);
        let text = render(&[r]);
        assert!(
            text.contains("✘ typo (0/2) CheckFailed: expected exit status 0, found exit status 1"),
            "{text}"
        );
        assert!(text.contains("total 1/3 points"));
    }

    #[test]
    fn rejects_what_is_not_a_notebook() {
        assert!(run_notebook("x", json!({"nope": 1})).is_err());
        assert!(run_file("/no/such.ipynb").is_err());
    }
}
