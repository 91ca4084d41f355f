//! Running one notebook in a fresh session and scoring its graded cells.

use super::error::GradeError;
use super::io::read_notebook;
use super::score::Verdict;
use super::source::SourceNotebook;
use super::{score, source};
use crate::shell::{Emit, Session};
use core::time::Duration;
use serde_json::{json, Map, Value};

/// How one code cell ended.
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    /// Index in the notebook's cell list (after sanitizing).
    pub index: usize,
    /// nbgrader `grade_id`, cell id, or `cell-N`.
    pub name: String,
    /// Points possible when graded.
    pub points: Option<f64>,
    /// How a graded cell scored.
    pub verdict: Option<Verdict>,
    /// `ename: evalue` when the cell failed.
    pub error: Option<(String, String)>,
    /// The error's traceback lines.
    pub traceback: Vec<String>,
    /// Tagged `raises-exception`: an ungraded cell may fail.
    pub expected_failure: bool,
}

impl CellResult {
    /// Points earned when graded.
    pub fn earned(&self) -> Option<f64> {
        Some(self.verdict.as_ref()?.earned(self.points?))
    }

    /// True when the cell did what it should: a graded cell earned all its
    /// points (whatever its tags), an ungraded one ran or was expected to fail.
    pub fn ok(&self) -> bool {
        match &self.verdict {
            Some(v) => *v == Verdict::Full,
            None => self.error.is_none() || self.expected_failure,
        }
    }

    /// The failed check's expected/found lines, from its traceback.
    pub fn detail(&self) -> Vec<String> {
        self.traceback
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with("expected:") || l.starts_with("found:"))
            .map(str::to_string)
            .collect()
    }
}

/// The outcome of one notebook.
#[derive(Debug, Clone)]
pub struct NotebookReport {
    /// The notebook's path as given.
    pub path: String,
    /// Who handed it in (the file's name or its directory in a batch).
    pub student: String,
    /// Results of executed code cells and of every graded cell.
    pub cells: Vec<CellResult>,
    /// What sanitizing against the source had to undo.
    pub notes: Vec<String>,
    /// Wall time spent executing.
    pub elapsed: Duration,
    /// The notebook with outputs and execution counts filled in (`Null`
    /// when the caller did not ask to keep it).
    pub executed: Value,
}

impl NotebookReport {
    /// (points earned, points possible).
    pub fn score(&self) -> (f64, f64) {
        self.cells
            .iter()
            .filter_map(|c| Some((c.earned()?, c.points?)))
            .fold((0.0, 0.0), |(got, max), (e, p)| (got + e, max + p))
    }

    /// Graded cells that earned less than full points.
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

/// Reads and runs one notebook file.
pub fn run_file(path: &str) -> Result<NotebookReport, GradeError> {
    run_notebook(path, read_notebook(path)?)
}

/// Runs a parsed notebook in a fresh session, trusting its own metadata.
pub fn run_notebook(path: &str, nb: Value) -> Result<NotebookReport, GradeError> {
    grade_notebook(path, &student_of(path), nb, None, true)
}

/// Sanitizes `nb` against `source` (when given), runs it in a fresh
/// session and scores it. `keep` keeps the executed notebook in the report.
/// `student` seeds the per-student variants (`variant`).
pub fn grade_notebook(
    path: &str,
    student: &str,
    mut nb: Value,
    source: Option<&SourceNotebook>,
    keep: bool,
) -> Result<NotebookReport, GradeError> {
    let format = |reason: &str| GradeError::Format {
        path: path.to_string(),
        reason: reason.to_string(),
    };
    let notes = match source {
        Some(src) => src.merge(&mut nb).map_err(|r| format(&r))?,
        None => {
            // The file is its own source: its points must still be usable.
            SourceNotebook::from_notebook(path, &nb)?;
            Vec::new()
        }
    };
    let cells = nb
        .get_mut("cells")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| format("no \"cells\" list"))?;
    let stopwatch = super::io::stopwatch();
    let mut session = Session::new();
    session.set_student(student);
    let mut count = 0;
    let mut results = Vec::new();
    for (index, cell) in cells.iter_mut().enumerate() {
        let code = source::text(cell);
        let graded = source::flags(cell).is_some_and(|(g, _, _)| g);
        let mut result = CellResult {
            index,
            name: cell_name(cell, index),
            points: None,
            verdict: None,
            error: None,
            traceback: Vec::new(),
            expected_failure: has_tag(cell, "raises-exception"),
        };
        // nbclient skips empty cells too.
        if cell["cell_type"] == "code" && !code.trim().is_empty() {
            count += 1;
            let mut emits = Vec::new();
            let outcome = session.execute(&code, &mut emits);
            let mut outs = outputs(emits, count);
            if let Some(err) = outcome.error {
                outs.push(json!({
                    "output_type": "error", "ename": err.ename, "evalue": err.evalue, "traceback": err.traceback
                }));
                result.error = Some((err.ename, err.evalue));
                result.traceback = err.traceback;
            }
            cell["outputs"] = Value::Array(outs);
            cell["execution_count"] = json!(count);
        } else if !graded {
            continue;
        }
        if graded {
            let max = source::points(cell).unwrap_or(0.0);
            let solution = source::flags(cell).is_some_and(|(_, s, _)| s);
            let stub = match source {
                Some(src) => src
                    .cells
                    .iter()
                    .find(|c| c.grade_id == result.name)
                    .map(|c| c.source.clone()),
                None => Some(source::clear_solutions(&code, cell["cell_type"] == "code")),
            };
            let unchanged = stub.as_deref() == Some(code.as_str());
            result.points = Some(max);
            result.verdict = Some(score::determine(cell, max, solution, unchanged));
        } else if source.is_none() && cell["cell_type"] == "code" && runs_check(&code) {
            result.points = Some(1.0);
            result.verdict = Some(score::determine(cell, 1.0, false, false));
        }
        results.push(result);
    }
    let elapsed = stopwatch();
    Ok(NotebookReport {
        path: path.to_string(),
        student: student.to_string(),
        cells: results,
        notes,
        elapsed,
        executed: if keep { nb } else { Value::Null },
    })
}

fn cell_name(cell: &Value, index: usize) -> String {
    cell["metadata"]["nbgrader"]["grade_id"]
        .as_str()
        .or_else(|| cell["id"].as_str())
        .map(str::to_string)
        .unwrap_or_else(|| format!("cell-{index}"))
}

fn has_tag(cell: &Value, tag: &str) -> bool {
    cell["metadata"]["tags"]
        .as_array()
        .is_some_and(|t| t.iter().any(|x| x == tag))
}

fn student_of(path: &str) -> String {
    let p = std::path::Path::new(path);
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::report::render;
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
        assert!(text.contains("expected: exit status 0\n"), "{text}");
        assert!(text.contains("found:    exit status 1\n"), "{text}");
        assert!(text.contains("total 1/3 points"));
    }

    #[test]
    fn raises_exception_never_passes_a_graded_cell() {
        let notebook = nb(json!([
            {"cell_type": "code", "source": "check --equals 1 echo 2", "metadata": {"tags": ["raises-exception"],
             "nbgrader": {"grade": true, "grade_id": "t", "points": 3}}, "outputs": [], "execution_count": null},
            {"cell_type": "code", "source": "check --equals 1 echo 2", "metadata": {"tags": ["raises-exception"]},
             "outputs": [], "execution_count": null}
        ]));
        let r = run_notebook("t.ipynb", notebook).unwrap();
        assert_eq!(r.score(), (0.0, 4.0));
        assert_eq!(r.failed_checks(), 2);
    }

    #[test]
    fn stderr_in_a_graded_cell_scores_zero_like_nbgrader() {
        let notebook = nb(json!([
            {"cell_type": "code", "source": "cat /nope; check true", "metadata": {
             "nbgrader": {"grade": true, "grade_id": "t", "points": 3}}, "outputs": [], "execution_count": null}
        ]));
        let r = run_notebook("t.ipynb", notebook).unwrap();
        assert_eq!(r.score(), (0.0, 3.0));
        assert_eq!(r.cells[0].verdict, Some(Verdict::Stderr));
    }

    #[test]
    fn a_submission_gets_the_sources_tests_and_points() {
        let cell = |src: &str, nbg: Value| {
            json!({"cell_type": "code", "source": src,
            "metadata": {"nbgrader": nbg}, "outputs": [], "execution_count": null})
        };
        let answer = json!({"grade_id": "a", "solution": true, "grade": false, "locked": false});
        let test =
            json!({"grade_id": "t", "grade": true, "solution": false, "locked": true, "points": 2});
        let instructor = nb(json!([
            cell("### BEGIN SOLUTION\necho 1 > /root/a\n### END SOLUTION", answer.clone()),
            cell("check --equals 1 cat /root/a\n### BEGIN HIDDEN TESTS\ncheck --equals 2 cat /root/b\n### END HIDDEN TESTS", test.clone()),
        ]));
        let src = SourceNotebook::from_notebook("src", &instructor).unwrap();
        let mut tampered = test.clone();
        tampered["points"] = json!(50);
        let student = nb(json!([
            cell("echo 1 > /root/a", answer.clone()),
            cell("check true", tampered),
        ]));
        let r = grade_notebook("s", "s", student.clone(), Some(&src), false).unwrap();
        assert_eq!(
            r.score(),
            (0.0, 2.0),
            "the hidden test runs: /root/b is missing"
        );
        assert_eq!(r.notes.len(), 2, "{:?}", r.notes);
        assert_eq!(
            r.cells[1].detail(),
            ["expected: output \"2\"", "found:    no output"]
        );
        let mut right = student;
        right["cells"][0]["source"] = json!("echo 1 > /root/a; echo 2 > /root/b");
        right["cells"].as_array_mut().unwrap().pop();
        let r = grade_notebook("s", "s", right, Some(&src), false).unwrap();
        assert_eq!(
            r.score(),
            (2.0, 2.0),
            "the deleted test is put back and passes"
        );
        assert!(r.executed.is_null());
    }

    #[test]
    fn rejects_what_is_not_a_notebook_or_has_bad_points() {
        assert!(run_notebook("x", json!({"nope": 1})).is_err());
        assert!(run_file("/no/such.ipynb").is_err());
        let bad = nb(
            json!([{"cell_type": "code", "source": "true", "metadata": {"nbgrader":
            {"grade": true, "grade_id": "t", "points": -5}}, "outputs": [], "execution_count": null}]),
        );
        let e = run_notebook("x", bad).unwrap_err().to_string();
        assert!(e.contains("points -5 are negative"), "{e}");
    }
}
