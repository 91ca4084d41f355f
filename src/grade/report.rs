//! What `netbook check` prints: per notebook, each graded cell with its
//! points and, when it failed, what was expected and what was found; then
//! the totals, and for a batch one summary table.

use super::error::GradeError;
use super::run::NotebookReport;

/// One row of the batch summary.
pub struct Row<'a> {
    /// Who handed it in.
    pub student: &'a str,
    /// The file.
    pub path: &'a str,
    /// The report, or why there is none.
    pub outcome: Result<&'a NotebookReport, &'a GradeError>,
}

/// The per-notebook details and the grand total.
pub fn render(reports: &[NotebookReport]) -> String {
    let mut out: String = reports.iter().map(details).collect();
    out.push_str(&total(reports));
    out
}

/// The grand total line.
pub fn total(reports: &[NotebookReport]) -> String {
    let (mut got, mut max, mut failed, mut errors) = (0.0, 0.0, 0, 0);
    for r in reports {
        let (g, m) = r.score();
        got += g;
        max += m;
        failed += r.failed_checks();
        errors += r.errors();
    }
    format!(
        "total {got}/{max} points in {} notebook(s): {failed} failed check(s), {errors} error(s)\n",
        reports.len()
    )
}

/// One notebook: what sanitizing undid, each graded or failing cell, score.
pub fn details(r: &NotebookReport) -> String {
    let mut out = format!("{}\n", r.path);
    for note in &r.notes {
        out.push_str(&format!("  ! {note}\n"));
    }
    for c in &r.cells {
        let (ename, evalue) = c.error.clone().unwrap_or_default();
        let err = if ename.is_empty() {
            String::new()
        } else {
            format!(" {ename}: {evalue}")
        };
        match (c.points, c.ok()) {
            (Some(p), true) => out.push_str(&format!("  ✔ {} ({p}/{p})\n", c.name)),
            (Some(p), false) => {
                let earned = c.earned().unwrap_or(0.0);
                let why = c
                    .verdict
                    .as_ref()
                    .and_then(|v| v.reason())
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default();
                out.push_str(&format!("  ✘ {} ({earned}/{p}){err}{why}\n", c.name));
                for line in c.detail() {
                    out.push_str(&format!("      {line}\n"));
                }
            }
            (None, false) => out.push_str(&format!("  ✘ {} (not graded){err}\n", c.name)),
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
    out
}

/// The batch summary: one line per submission, aligned.
pub fn summary(rows: &[Row]) -> String {
    let mut table = vec![[
        "student".to_string(),
        "score".to_string(),
        "failed".to_string(),
        "errors".to_string(),
        "notebook".to_string(),
    ]];
    for row in rows {
        let line = match row.outcome {
            Ok(r) => {
                let (g, m) = r.score();
                [
                    row.student.to_string(),
                    format!("{g}/{m}"),
                    r.failed_checks().to_string(),
                    r.errors().to_string(),
                    row.path.to_string(),
                ]
            }
            Err(_) => [
                row.student.to_string(),
                "-".into(),
                "-".into(),
                "not graded".into(),
                row.path.to_string(),
            ],
        };
        table.push(line);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in &table {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
