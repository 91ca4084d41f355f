//! The grader's file reading: notebooks from disk, directories of
//! submissions. The only place in grading that touches the host, with the
//! wall clock that times a run.

use super::error::GradeError;
use serde_json::Value;
use std::time::Instant;

/// Reads a notebook file as JSON.
pub fn read_notebook(path: &str) -> Result<Value, GradeError> {
    let text = std::fs::read_to_string(path).map_err(|source| GradeError::Read {
        path: path.to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
        let at: String = line.chars().skip(e.column().saturating_sub(1)).collect();
        let mut reason = e.to_string();
        // Python's json writes these for float('nan') / float('inf') points.
        if ["NaN", "Infinity", "-Infinity"]
            .iter()
            .any(|w| at.starts_with(w))
        {
            reason.push_str(" (NaN and Infinity are not JSON numbers; points must be finite)");
        }
        GradeError::Format {
            path: path.to_string(),
            reason,
        }
    })
}

/// Adds the `*.ipynb` files below `dir` to `files`, skipping hidden
/// entries such as `.ipynb_checkpoints`.
pub(crate) fn notebooks_below(
    dir: &std::path::Path,
    files: &mut Vec<std::path::PathBuf>,
) -> Result<(), GradeError> {
    let read_err = |source| GradeError::Read {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            notebooks_below(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "ipynb") {
            files.push(path);
        }
    }
    Ok(())
}

/// Starts timing a run: the returned function gives the time since.
pub(crate) fn stopwatch() -> impl Fn() -> std::time::Duration {
    let start = Instant::now();
    move || start.elapsed()
}
