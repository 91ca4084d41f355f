//! Grading a class: many submissions, each in its own simulated world, on
//! all cores; one summary table and one CSV of scores.
//!
//! A directory argument is searched for `*.ipynb` (hidden directories such
//! as `.ipynb_checkpoints` skipped). Who handed a file in is the first
//! directory below the one given (`submitted/alice/ch1/ch1.ipynb` under
//! `submitted/` is alice), or the file's name when it lies directly in it
//! or is given itself. With several source notebooks, each submission is
//! graded against the source with its file name, as nbgrader does.

use super::error::GradeError;
use super::io::{notebooks_below, read_notebook};
use super::run::{grade_notebook, NotebookReport};
use super::source::SourceNotebook;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One file to grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The file.
    pub path: PathBuf,
    /// Who handed it in.
    pub student: String,
    /// Where its executed copy goes under `--output-dir`.
    pub relative: PathBuf,
}

/// The submissions among files and directories, in the order given
/// (directories sorted by path).
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<Submission>, GradeError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut files = Vec::new();
            notebooks_below(input, &mut files)?;
            files.sort();
            for path in files {
                let relative = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                let student = match relative.components().count() {
                    0 | 1 => stem(&path),
                    _ => relative
                        .components()
                        .next()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .unwrap_or_default(),
                };
                out.push(Submission {
                    path,
                    student,
                    relative,
                });
            }
        } else {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push(Submission {
                path: input.clone(),
                student: stem(input),
                relative: name,
            });
        }
    }
    Ok(out)
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The source a submission is graded against: the only one, or the one
/// with the same file name.
pub fn source_for<'a>(
    sub: &Submission,
    sources: &'a [SourceNotebook],
) -> Result<Option<&'a SourceNotebook>, GradeError> {
    match sources {
        [] => Ok(None),
        [only] => Ok(Some(only)),
        many => {
            let name = sub.path.file_name();
            many.iter()
                .find(|s| Path::new(&s.path).file_name() == name)
                .map(Some)
                .ok_or_else(|| GradeError::Source {
                    path: sub.path.display().to_string(),
                    reason: "no --source notebook has this file name".into(),
                })
        }
    }
}

fn grade_one(
    sub: &Submission,
    sources: &[SourceNotebook],
    keep: bool,
) -> Result<NotebookReport, GradeError> {
    let path = sub.path.display().to_string();
    let source = source_for(sub, sources)?;
    let nb = read_notebook(&path)?;
    let run =
        std::panic::AssertUnwindSafe(|| grade_notebook(&path, &sub.student, nb, source, keep));
    let mut report = std::panic::catch_unwind(run).map_err(|p| GradeError::Crashed {
        path: path.clone(),
        reason: p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
    })??;
    report.student = sub.student.clone();
    Ok(report)
}

/// Grades every submission on `jobs` threads; results in input order.
pub fn grade_all(
    subs: &[Submission],
    sources: &[SourceNotebook],
    jobs: usize,
    keep: bool,
) -> Vec<Result<NotebookReport, GradeError>> {
    let next = AtomicUsize::new(0);
    let jobs = jobs.clamp(1, subs.len().max(1));
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(sub) = subs.get(i) else {
                return done;
            };
            done.push((i, grade_one(sub, sources, keep)));
        }
    };
    let mut done: Vec<(usize, Result<NotebookReport, GradeError>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                std::thread::Builder::new()
                    // The main thread's size: deep cells must not overflow here.
                    .stack_size(8 << 20)
                    .spawn_scoped(s, work)
            })
            .collect();
        let mut all = Vec::new();
        for w in workers {
            match w {
                Ok(handle) => all.extend(handle.join().unwrap_or_default()),
                // No thread: grade on this one instead.
                Err(_) => all.extend(work()),
            }
        }
        all
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The cores to use: all that the OS gives this process.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The CSV of scores: one row per submission; with sources, one column per
/// graded cell (`notebook:grade_id` when there are several sources).
pub fn csv(
    subs: &[Submission],
    results: &[Result<NotebookReport, GradeError>],
    sources: &[SourceNotebook],
) -> String {
    let mut columns: Vec<(usize, String, String)> = Vec::new();
    for (si, s) in sources.iter().enumerate() {
        for id in s.grade_ids() {
            let head = if sources.len() > 1 {
                format!("{}:{id}", stem(Path::new(&s.path)))
            } else {
                id.to_string()
            };
            columns.push((si, id.to_string(), head));
        }
    }
    let mut header = vec![
        "student",
        "submission",
        "score",
        "max_score",
        "failed_checks",
        "errors",
        "status",
    ]
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    header.extend(columns.iter().map(|c| c.2.clone()));
    let mut out = line(&header);
    for (sub, result) in subs.iter().zip(results) {
        let mut row = vec![sub.student.clone(), sub.path.display().to_string()];
        match result {
            Ok(r) => {
                let (g, m) = r.score();
                row.extend([
                    g.to_string(),
                    m.to_string(),
                    r.failed_checks().to_string(),
                    r.errors().to_string(),
                    "graded".into(),
                ]);
                let mine = source_for(sub, sources).ok().flatten();
                for (si, id, _) in &columns {
                    let own = mine.is_some_and(|m| std::ptr::eq(m, &sources[*si]));
                    let cell = r.cells.iter().find(|c| &c.name == id && c.points.is_some());
                    row.push(match (own, cell.and_then(|c| c.earned())) {
                        (true, Some(e)) => e.to_string(),
                        _ => String::new(),
                    });
                }
            }
            Err(e) => {
                row.extend(["", "", "", ""].map(str::to_string));
                row.push(format!("error: {e}"));
                row.extend(columns.iter().map(|_| String::new()));
            }
        }
        out.push_str(&line(&row));
    }
    out
}

fn line(fields: &[String]) -> String {
    let mut out = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    out
}

/// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` in text is defused so a
/// spreadsheet does not run a student-chosen name as a formula.
fn field(f: &str) -> String {
    let numeric = f.parse::<f64>().is_ok();
    let f = if !numeric && f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notebook(answer: &str) -> String {
        json!({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "source": answer, "outputs": [], "execution_count": null,
             "metadata": {"nbgrader": {"grade_id": "a", "solution": true, "grade": false, "locked": false}}},
            {"cell_type": "code", "source": "check --equals 1 cat /root/a", "outputs": [], "execution_count": null,
             "metadata": {"nbgrader": {"grade_id": "t", "grade": true, "solution": false, "locked": true, "points": 2}}}
        ]})
        .to_string()
    }

    #[test]
    fn grades_a_directory_in_parallel_with_one_csv() {
        let dir = std::env::temp_dir().join(format!("netbook-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |rel: &str, text: &str| {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("src/lab.ipynb", &notebook("echo 1 > /root/a"));
        write("sub/alice/lab/lab.ipynb", &notebook("echo 1 > /root/a"));
        write("sub/=bob,jr/lab/lab.ipynb", &notebook("echo 2 > /root/a"));
        write("sub/carol/lab/lab.ipynb", "not json");
        write(
            "sub/carol/lab/.ipynb_checkpoints/lab-checkpoint.ipynb",
            "ignored",
        );
        let src_path = dir.join("src/lab.ipynb").display().to_string();
        let src =
            SourceNotebook::from_notebook(&src_path, &read_notebook(&src_path).unwrap()).unwrap();
        let subs = collect(&[dir.join("sub")]).unwrap();
        let students: Vec<_> = subs.iter().map(|s| s.student.as_str()).collect();
        assert_eq!(students, ["=bob,jr", "alice", "carol"]);
        let sources = [src];
        let results = grade_all(&subs, &sources, 2, false);
        assert_eq!(results[0].as_ref().unwrap().score(), (0.0, 2.0));
        assert_eq!(results[1].as_ref().unwrap().score(), (2.0, 2.0));
        assert!(results[2].is_err());
        let text = csv(&subs, &results, &sources);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(
            rows[0],
            "student,submission,score,max_score,failed_checks,errors,status,t"
        );
        assert!(rows[1].starts_with("\"'=bob,jr\","), "{}", rows[1]);
        assert!(rows[1].ends_with(",0,2,1,0,graded,0"), "{}", rows[1]);
        assert!(rows[2].ends_with(",2,2,0,0,graded,2"), "{}", rows[2]);
        assert!(
            rows[3].contains(",,,,,") && rows[3].contains("error: "),
            "{}",
            rows[3]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
