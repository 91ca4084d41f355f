//! Grading a submission against the instructor's notebook, the way
//! nbgrader's `autograde` sanitizes it (`DeduplicateIds`, then
//! `OverwriteCells` with `add_missing_cells`): the source decides what is
//! graded, how much it is worth and what the tests say; the student supplies
//! only the answers.
//!
//! nbgrader cell metadata (`metadata.nbgrader`): `grade_id` names the cell;
//! `grade: true` gives it `points`; `solution: true` makes it the student's;
//! `locked` (always true for a grade cell that is not a solution) means its
//! source is restored from the instructor's version, hidden tests included.

use super::error::GradeError;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// What nbgrader's `ClearSolutions` puts in place of a solution region in a
/// netbook cell (`notebooks/nbgrader_config.py`).
pub const CODE_STUB: &str = "# YOUR CODE HERE";
const MARKDOWN_STUB: &str = "YOUR ANSWER HERE";
const BEGIN_HIDDEN: &str = "BEGIN HIDDEN TESTS";
const END_HIDDEN: &str = "END HIDDEN TESTS";
const BEGIN_SOLUTION: &str = "BEGIN SOLUTION";
const END_SOLUTION: &str = "END SOLUTION";

/// One cell nbgrader records from the instructor's notebook.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCell {
    /// nbgrader `grade_id`.
    pub grade_id: String,
    /// `code` or `markdown`.
    pub cell_type: String,
    /// The instructor's text: hidden tests in, solutions cleared.
    pub source: String,
    /// Restored from the source whatever the student did.
    pub locked: bool,
    /// Scored.
    pub grade: bool,
    /// The student's answer cell.
    pub solution: bool,
    /// Points when `grade`.
    pub points: Option<f64>,
}

impl SourceCell {
    fn metadata(&self) -> Value {
        let mut m = Map::new();
        m.insert("grade".into(), json!(self.grade));
        m.insert("grade_id".into(), json!(self.grade_id));
        m.insert("locked".into(), json!(self.locked));
        m.insert("solution".into(), json!(self.solution));
        if let Some(p) = self.points {
            m.insert("points".into(), json!(p));
        }
        Value::Object(m)
    }
}

/// The instructor's notebook, reduced to what grading needs.
#[derive(Debug, Clone)]
pub struct SourceNotebook {
    /// The path as given.
    pub path: String,
    /// Recorded cells in notebook order.
    pub cells: Vec<SourceCell>,
}

/// Reads nbgrader's flags the way `nbgrader.utils` does.
pub(crate) fn flags(cell: &Value) -> Option<(bool, bool, bool)> {
    let nbg = cell.get("metadata")?.get("nbgrader")?.as_object()?;
    let flag = |k: &str| nbg.get(k).and_then(Value::as_bool).unwrap_or(false);
    let (grade, solution) = (flag("grade"), flag("solution"));
    // `is_locked`: a solution never is, a grade cell always is.
    let locked = !solution && (grade || flag("locked"));
    Some((grade, solution, locked))
}

/// A grade cell's `points`: a finite, non-negative number (nbgrader also
/// accepts a numeric string).
pub(crate) fn points(cell: &Value) -> Result<f64, String> {
    let raw = &cell["metadata"]["nbgrader"]["points"];
    let p = match raw {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Null => return Err("a graded cell has no \"points\"".into()),
        _ => None,
    };
    match p {
        Some(p) if p.is_finite() && p >= 0.0 => Ok(p),
        Some(p) if p.is_finite() => Err(format!("points {raw} are negative")),
        Some(_) => Err(format!("points {raw} are not a finite number")),
        None => Err(format!("points {raw} are not a number")),
    }
}

/// The text of a cell, whether nbformat stored it as a string or lines.
pub(crate) fn text(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// nbgrader's `ClearHiddenTests`: drops each region from a line containing
/// `BEGIN HIDDEN TESTS` through the line containing `END HIDDEN TESTS`.
pub fn strip_hidden_tests(source: &str) -> String {
    let mut kept = Vec::new();
    let mut hidden = false;
    for line in source.split('\n') {
        if line.contains(BEGIN_HIDDEN) {
            hidden = true;
        } else if line.contains(END_HIDDEN) {
            hidden = false;
        } else if !hidden {
            kept.push(line);
        }
    }
    kept.join("\n")
}

/// nbgrader's `ClearSolutions` for one solution cell: each solution region
/// becomes the stub (indented like its BEGIN line); a cell without regions
/// becomes the stub alone.
pub fn clear_solutions(source: &str, code: bool) -> String {
    let stub = if code { CODE_STUB } else { MARKDOWN_STUB };
    if !source.contains(BEGIN_SOLUTION) {
        return stub.to_string();
    }
    let mut kept = Vec::new();
    let mut inside = false;
    for line in source.split('\n') {
        if line.contains(BEGIN_SOLUTION) {
            inside = true;
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            kept.push(format!("{indent}{stub}"));
        } else if line.contains(END_SOLUTION) {
            inside = false;
        } else if !inside {
            kept.push(line.to_string());
        }
    }
    kept.join("\n")
}

impl SourceNotebook {
    /// Reads the instructor's notebook; refuses points a grade cannot use
    /// and grade ids that are missing or given twice.
    pub fn from_notebook(path: &str, nb: &Value) -> Result<Self, GradeError> {
        let invalid = |reason: String| GradeError::Source {
            path: path.to_string(),
            reason,
        };
        let cells =
            nb.get("cells")
                .and_then(Value::as_array)
                .ok_or_else(|| GradeError::Format {
                    path: path.to_string(),
                    reason: "no \"cells\" list".into(),
                })?;
        let mut out: Vec<SourceCell> = Vec::new();
        let mut seen = HashSet::new();
        for (index, cell) in cells.iter().enumerate() {
            let Some((grade, solution, locked)) = flags(cell) else {
                continue;
            };
            if !(grade || solution || locked) {
                continue;
            }
            let Some(id) = cell["metadata"]["nbgrader"]["grade_id"].as_str() else {
                return Err(invalid(format!(
                    "cell {index} is graded but has no grade_id"
                )));
            };
            if !seen.insert(id.to_string()) {
                return Err(invalid(format!("grade_id {id:?} is used twice")));
            }
            let points = if grade {
                Some(points(cell).map_err(|e| invalid(format!("cell {id:?}: {e}")))?)
            } else {
                None
            };
            let cell_type = cell["cell_type"].as_str().unwrap_or("code").to_string();
            let raw = text(cell);
            let source = if solution {
                clear_solutions(&raw, cell_type == "code")
            } else {
                raw
            };
            out.push(SourceCell {
                grade_id: id.to_string(),
                cell_type,
                source,
                locked,
                grade,
                solution,
                points,
            });
        }
        let source = SourceNotebook {
            path: path.to_string(),
            cells: out,
        };
        let total = source.max_score();
        if !total.is_finite() {
            return Err(invalid(format!(
                "the points add up to {total}: no score can be computed"
            )));
        }
        Ok(source)
    }

    /// Points possible.
    pub fn max_score(&self) -> f64 {
        self.cells.iter().filter_map(|c| c.points).sum()
    }

    /// The grade cells' ids, in notebook order.
    pub fn grade_ids(&self) -> impl Iterator<Item = &str> {
        self.cells
            .iter()
            .filter(|c| c.grade)
            .map(|c| c.grade_id.as_str())
    }

    /// The submission as it will be run: every recorded cell's metadata and
    /// every locked cell's text from the source, missing grade cells put back
    /// after the cell that precedes them in the source. Returns what had to
    /// be changed, beyond putting the hidden tests back.
    pub fn merge(&self, student: &mut Value) -> Result<Vec<String>, String> {
        let cells = student
            .get_mut("cells")
            .and_then(Value::as_array_mut)
            .ok_or("no \"cells\" list")?;
        let by_id: HashMap<&str, &SourceCell> = self
            .cells
            .iter()
            .map(|c| (c.grade_id.as_str(), c))
            .collect();
        let mut notes = Vec::new();
        deduplicate(cells, &mut notes);
        for cell in cells.iter_mut() {
            let Some((grade, solution, locked)) = flags(cell) else {
                continue;
            };
            let id = cell["metadata"]["nbgrader"]["grade_id"]
                .as_str()
                .map(str::to_string);
            let known = id.as_deref().and_then(|i| by_id.get(i));
            let Some(src) = known else {
                if grade || solution || locked {
                    let name = id.unwrap_or_else(|| "(no grade_id)".into());
                    notes.push(format!(
                        "{name}: not in the source; graded as an ordinary cell"
                    ));
                }
                strip_nbgrader(cell);
                continue;
            };
            restore(cell, src, &mut notes);
        }
        let present: HashSet<String> = cells
            .iter()
            .filter_map(|c| c["metadata"]["nbgrader"]["grade_id"].as_str())
            .map(str::to_string)
            .collect();
        for (at, src) in self.cells.iter().enumerate() {
            if !src.grade || present.contains(&src.grade_id) {
                continue;
            }
            let after = self.cells[..at]
                .iter()
                .rev()
                .find_map(|prev| position(cells, &prev.grade_id));
            let index = after.map_or(0, |i| i + 1);
            cells.insert(index, missing_cell(src));
            notes.push(format!(
                "{}: missing from the submission; put back",
                src.grade_id
            ));
        }
        Ok(notes)
    }
}

fn position(cells: &[Value], id: &str) -> Option<usize> {
    cells
        .iter()
        .position(|c| c["metadata"]["nbgrader"]["grade_id"] == id)
}

/// nbgrader's `DeduplicateIds`: of cells sharing a grade id, the last keeps
/// it and the others lose their nbgrader metadata.
fn deduplicate(cells: &mut [Value], notes: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for cell in cells.iter_mut().rev() {
        let Some((g, s, l)) = flags(cell) else {
            continue;
        };
        if !(g || s || l) {
            continue;
        }
        let Some(id) = cell["metadata"]["nbgrader"]["grade_id"].as_str() else {
            continue;
        };
        if !seen.insert(id.to_string()) {
            notes.push(format!(
                "{id}: appears more than once; only the last one counts"
            ));
            strip_nbgrader(cell);
        }
    }
}

fn strip_nbgrader(cell: &mut Value) {
    if let Some(meta) = cell.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("nbgrader");
    }
}

/// `OverwriteCells` for one cell that the source knows.
fn restore(cell: &mut Value, src: &SourceCell, notes: &mut Vec<String>) {
    let id = &src.grade_id;
    if cell["cell_type"] != src.cell_type.as_str() {
        notes.push(format!("{id}: cell type changed; restored"));
        set_cell_type(cell, &src.cell_type);
    }
    let nbg = &cell["metadata"]["nbgrader"];
    if src.grade {
        let theirs = points(cell).ok();
        if theirs != src.points {
            let shown = nbg.get("points").cloned().unwrap_or(Value::Null);
            let ours = src.points.unwrap_or(0.0);
            notes.push(format!(
                "{id}: points changed to {shown}; the source's {ours} count"
            ));
        }
    }
    let (grade, solution, locked) = flags(cell).unwrap_or_default();
    if (grade, solution, locked) != (src.grade, src.solution, src.locked) {
        notes.push(format!("{id}: nbgrader flags changed; restored"));
    }
    cell["metadata"]["nbgrader"] = src.metadata();
    if src.locked {
        let theirs = text(cell);
        // A released cell lacks the hidden tests: that is no tampering.
        if theirs != src.source && theirs != strip_hidden_tests(&src.source) {
            notes.push(format!("{id}: locked cell was edited; restored"));
        }
        cell["source"] = Value::String(src.source.clone());
    }
}

fn set_cell_type(cell: &mut Value, cell_type: &str) {
    let Some(obj) = cell.as_object_mut() else {
        return;
    };
    obj.insert("cell_type".into(), json!(cell_type));
    if cell_type == "code" {
        obj.insert("outputs".into(), json!([]));
        obj.insert("execution_count".into(), Value::Null);
    } else {
        obj.remove("outputs");
        obj.remove("execution_count");
    }
}

fn missing_cell(src: &SourceCell) -> Value {
    let note = format!(
        "This cell (id:{}) was missing from the submission. It was added back by netbook check.",
        src.grade_id
    );
    let (source, extra) = if src.cell_type == "code" {
        (format!("# {note}\n\n{}", src.source), true)
    } else {
        (format!("{note}\n\n{}", src.source), false)
    };
    let mut cell = json!({
        "cell_type": src.cell_type,
        "metadata": {"nbgrader": src.metadata()},
        "source": source,
    });
    if extra {
        cell["outputs"] = json!([]);
        cell["execution_count"] = Value::Null;
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(source: &str, nbgrader: Value) -> Value {
        json!({"cell_type": "code", "source": source, "metadata": {"nbgrader": nbgrader},
               "outputs": [], "execution_count": null})
    }

    fn plain(source: &str) -> Value {
        json!({"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": null})
    }

    fn instructor() -> Value {
        json!({"cells": [
            plain("mkdir -p /root/ex"),
            cell("### BEGIN SOLUTION\necho 1 > /root/ex/a\n### END SOLUTION",
                 json!({"grade_id": "answer", "solution": true, "grade": false, "locked": false})),
            cell("check --equals 1 cat /root/ex/a\n### BEGIN HIDDEN TESTS\ncheck ! cat /nope\n### END HIDDEN TESTS",
                 json!({"grade_id": "test", "grade": true, "solution": false, "locked": true, "points": 2})),
        ]})
    }

    fn ids(nb: &Value) -> Vec<Option<&str>> {
        nb["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["metadata"]["nbgrader"]["grade_id"].as_str())
            .collect()
    }

    #[test]
    fn reads_the_instructor_version() {
        let src = SourceNotebook::from_notebook("s", &instructor()).unwrap();
        assert_eq!(src.cells.len(), 2);
        assert_eq!(src.cells[0].source, "# YOUR CODE HERE");
        assert!(src.cells[1].source.contains("HIDDEN"));
        assert_eq!(src.max_score(), 2.0);
        assert_eq!(src.grade_ids().collect::<Vec<_>>(), ["test"]);
    }

    #[test]
    fn invalid_points_are_errors_in_the_source() {
        for (bad, why) in [
            (json!(-1), "negative"),
            (json!("nan"), "not a finite number"),
            (json!("inf"), "not a finite number"),
            (json!("two"), "not a number"),
            (Value::Null, "no \"points\""),
        ] {
            let mut nb = instructor();
            nb["cells"][2]["metadata"]["nbgrader"]["points"] = bad.clone();
            let e = SourceNotebook::from_notebook("s", &nb)
                .unwrap_err()
                .to_string();
            assert!(e.contains("\"test\"") && e.contains(why), "{bad}: {e}");
        }
        let mut nb = instructor();
        nb["cells"][2]["metadata"]["nbgrader"]["points"] = json!(1e308);
        let mut twin = nb["cells"][2].clone();
        twin["metadata"]["nbgrader"]["grade_id"] = json!("twin");
        nb["cells"].as_array_mut().unwrap().push(twin);
        let e = SourceNotebook::from_notebook("s", &nb)
            .unwrap_err()
            .to_string();
        assert!(e.contains("add up to inf"), "{e}");
    }

    #[test]
    fn duplicate_or_missing_grade_ids_are_errors() {
        let mut nb = instructor();
        nb["cells"][1]["metadata"]["nbgrader"]["grade_id"] = json!("test");
        assert!(SourceNotebook::from_notebook("s", &nb).is_err());
        let mut nb = instructor();
        nb["cells"][2]["metadata"]["nbgrader"]
            .as_object_mut()
            .unwrap()
            .remove("grade_id");
        assert!(SourceNotebook::from_notebook("s", &nb).is_err());
    }

    #[test]
    fn a_released_cell_gets_its_hidden_tests_back_without_a_note() {
        let src = SourceNotebook::from_notebook("s", &instructor()).unwrap();
        let mut sub = instructor();
        sub["cells"][2]["source"] = json!(strip_hidden_tests(&text(&sub["cells"][2])));
        assert!(!text(&sub["cells"][2]).contains("HIDDEN"));
        let notes = src.merge(&mut sub).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert!(text(&sub["cells"][2]).contains("check ! cat /nope"));
    }

    #[test]
    fn edits_points_and_deletions_are_undone() {
        let src = SourceNotebook::from_notebook("s", &instructor()).unwrap();
        let mut sub = instructor();
        sub["cells"][2]["source"] = json!("check true");
        sub["cells"][2]["metadata"]["nbgrader"]["points"] = json!(50);
        let notes = src.merge(&mut sub).unwrap();
        assert_eq!(sub["cells"][2]["metadata"]["nbgrader"]["points"], 2.0);
        assert!(text(&sub["cells"][2]).starts_with("check --equals 1"));
        assert_eq!(notes.len(), 2, "{notes:?}");

        let mut sub = instructor();
        sub["cells"].as_array_mut().unwrap().remove(2);
        sub["cells"].as_array_mut().unwrap().insert(
            0,
            cell(
                "true",
                json!({"grade_id": "bonus", "grade": true, "points": 50}),
            ),
        );
        let notes = src.merge(&mut sub).unwrap();
        assert_eq!(ids(&sub), [None, None, Some("answer"), Some("test")]);
        assert!(text(&sub["cells"][3]).contains("was missing"));
        assert!(notes
            .iter()
            .any(|n| n.starts_with("bonus: not in the source")));
        assert!(notes.iter().any(|n| n.starts_with("test: missing")));
    }

    #[test]
    fn only_the_last_copy_of_a_grade_id_counts() {
        let src = SourceNotebook::from_notebook("s", &instructor()).unwrap();
        let mut sub = instructor();
        let copy = sub["cells"][2].clone();
        sub["cells"].as_array_mut().unwrap().insert(1, copy);
        src.merge(&mut sub).unwrap();
        assert_eq!(ids(&sub), [None, None, Some("answer"), Some("test")]);
    }

    #[test]
    fn clears_solutions_like_nbgrader() {
        assert_eq!(
            clear_solutions("a\n  ### BEGIN SOLUTION\n  x\n  ### END SOLUTION\nb", true),
            "a\n  # YOUR CODE HERE\nb"
        );
        assert_eq!(clear_solutions("free text", false), "YOUR ANSWER HERE");
    }
}
