//! How many points an executed graded cell earns: nbgrader's
//! `utils.determine_grade`, so `netbook check` and `nbgrader autograde`
//! give the same score for the same outputs.
//!
//! A code cell scores 0 if any output before the first `execute_result` is
//! an error or is written to stderr; an `execute_result` whose text/plain is
//! a number is partial credit; anything else earns full points. A cell
//! tagged `raises-exception` gets no exception: its error still scores 0.

use serde_json::Value;

/// Why a graded cell earned what it did.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// All points.
    Full,
    /// The cell failed (an `error` output).
    Failed,
    /// The cell wrote to stderr, which nbgrader counts as failing.
    Stderr,
    /// Its result was a number: that many points.
    Partial(f64),
    /// Its result was a number nbgrader refuses (above the cell's points).
    BadPartial(String),
    /// A solution cell left as released.
    NoResponse,
    /// A graded answer someone must read.
    Manual,
}

impl Verdict {
    /// Points earned out of `max` (a manual grade counts 0 until given).
    pub fn earned(&self, max: f64) -> f64 {
        match self {
            Verdict::Full => max,
            Verdict::Partial(p) => *p,
            _ => 0.0,
        }
    }

    /// A short English reason for a score below full.
    pub fn reason(&self) -> Option<String> {
        match self {
            Verdict::Full => None,
            Verdict::Failed => None,
            Verdict::Stderr => Some("wrote to stderr (graded as failed)".into()),
            Verdict::Partial(p) => Some(format!("partial credit {p} from the cell's result")),
            Verdict::BadPartial(t) => Some(format!(
                "result {t:?} is more than the cell's points (graded as failed)"
            )),
            Verdict::NoResponse => Some("no response".into()),
            Verdict::Manual => Some("needs manual grading".into()),
        }
    }
}

/// Scores one executed graded cell worth `max` points. `unchanged` says
/// whether a solution cell still holds the released stub.
pub fn determine(cell: &Value, max: f64, solution: bool, unchanged: bool) -> Verdict {
    if solution {
        return if unchanged {
            Verdict::NoResponse
        } else {
            Verdict::Manual
        };
    }
    if cell["cell_type"] != "code" {
        return Verdict::Manual;
    }
    let outputs = cell["outputs"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    for out in outputs {
        match out["output_type"].as_str() {
            Some("error") => return Verdict::Failed,
            Some("stream") if out["name"] == "stderr" => return Verdict::Stderr,
            Some("execute_result") => return partial(&out["data"]["text/plain"], max),
            _ => {}
        }
    }
    Verdict::Full
}

/// nbgrader's `get_partial_grade`: a text/plain that Python's `float()`
/// reads is the points; other text, negatives and NaN earn full points.
fn partial(plain: &Value, max: f64) -> Verdict {
    let text = match plain {
        Value::String(s) => s.clone(),
        Value::Array(parts) if parts.len() == 1 => parts[0].as_str().unwrap_or("").to_string(),
        _ => return Verdict::Full,
    };
    let Some(p) = python_float(&text) else {
        return Verdict::Full;
    };
    if p.is_nan() || p < 0.0 {
        Verdict::Full
    } else if p > max {
        Verdict::BadPartial(text)
    } else if p == max {
        Verdict::Full
    } else {
        Verdict::Partial(p)
    }
}

/// Python's `float(str)`: surrounding whitespace, `_` between digits,
/// `inf`/`nan` in any case.
fn python_float(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let cleaned: String = t.chars().filter(|&c| c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let words = ["inf", "infinity", "nan"];
    if body.chars().any(|c| c.is_ascii_alphabetic() && c != 'e') && !words.contains(&body) {
        return None;
    }
    lower.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(outputs: Value) -> Value {
        json!({"cell_type": "code", "outputs": outputs})
    }

    #[test]
    fn errors_and_stderr_score_zero_before_any_result() {
        let ok = json!({"output_type": "stream", "name": "stdout", "text": "x"});
        let err =
            json!({"output_type": "error", "ename": "CheckFailed", "evalue": "", "traceback": []});
        let stderr = json!({"output_type": "stream", "name": "stderr", "text": "oops"});
        let shown =
            json!({"output_type": "display_data", "data": {"text/plain": "✔"}, "metadata": {}});
        assert_eq!(
            determine(&code(json!([ok, shown])), 2.0, false, false),
            Verdict::Full
        );
        assert_eq!(
            determine(&code(json!([])), 2.0, false, false),
            Verdict::Full
        );
        assert_eq!(
            determine(&code(json!([shown, err])), 2.0, false, false),
            Verdict::Failed
        );
        assert_eq!(
            determine(&code(json!([stderr])), 2.0, false, false),
            Verdict::Stderr
        );
        assert_eq!(Verdict::Failed.earned(2.0), 0.0);
    }

    #[test]
    fn a_numeric_result_is_partial_credit() {
        let result = |t: &str| {
            code(
                json!([{"output_type": "execute_result", "data": {"text/plain": t},
                         "metadata": {}, "execution_count": 1}]),
            )
        };
        assert_eq!(
            determine(&result(" 1.5\n"), 2.0, false, false),
            Verdict::Partial(1.5)
        );
        assert_eq!(
            determine(&result("1_0"), 20.0, false, false),
            Verdict::Partial(10.0)
        );
        assert_eq!(determine(&result("2"), 2.0, false, false), Verdict::Full);
        assert_eq!(determine(&result("-1"), 2.0, false, false), Verdict::Full);
        assert_eq!(determine(&result("NaN"), 2.0, false, false), Verdict::Full);
        assert_eq!(
            determine(&result("✔ check passed"), 2.0, false, false),
            Verdict::Full
        );
        assert_eq!(
            determine(&result("1e3"), 2.0, false, false),
            Verdict::BadPartial("1e3".into())
        );
        assert_eq!(
            determine(&result("inf"), 2.0, false, false),
            Verdict::BadPartial("inf".into())
        );
    }

    #[test]
    fn solution_cells_are_no_response_or_manual() {
        assert_eq!(
            determine(&code(json!([])), 1.0, true, true),
            Verdict::NoResponse
        );
        assert_eq!(
            determine(&code(json!([])), 1.0, true, false),
            Verdict::Manual
        );
    }

    #[test]
    fn python_float_agrees_on_samples() {
        for (s, v) in [
            ("1", Some(1.0)),
            (" 2.5 ", Some(2.5)),
            ("1e2", Some(100.0)),
            ("-inf", Some(f64::NEG_INFINITY)),
        ] {
            assert_eq!(python_float(s), v, "{s}");
        }
        for s in ["", "1__0", "_1", "0x10", "one", "1.2.3"] {
            assert_eq!(python_float(s), None, "{s}");
        }
    }
}
