//! JUnit XML, the report format CI systems read: one `<testsuite>` per
//! notebook, one `<testcase>` per graded cell and per failing ungraded cell.

use super::NotebookReport;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the reports as a JUnit XML document.
pub fn render(reports: &[NotebookReport]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netbook check\">\n",
    );
    for r in reports {
        let cases: Vec<_> = r
            .cells
            .iter()
            .filter(|c| c.points.is_some() || !c.ok())
            .collect();
        let failures = r.failed_checks();
        let errors = r.errors();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.6}\">\n",
            xml_escape(&r.path),
            cases.len(),
            r.elapsed.as_secs_f64()
        ));
        for c in cases {
            let points = c
                .points
                .map(|p| format!(" points=\"{p}\""))
                .unwrap_or_default();
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"{points}>",
                xml_escape(&r.path),
                xml_escape(&c.name)
            ));
            if !c.ok() {
                let (ename, evalue) = c.error.clone().unwrap_or_default();
                let tag = if c.points.is_some() {
                    "failure"
                } else {
                    "error"
                };
                out.push_str(&format!(
                    "\n      <{tag} type=\"{}\" message=\"{}\">{}</{tag}>\n    ",
                    xml_escape(&ename),
                    xml_escape(&evalue),
                    xml_escape(&c.traceback.join("\n"))
                ));
            }
            out.push_str("</testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::CellResult;

    #[test]
    fn failures_and_escaping() {
        let r = NotebookReport {
            path: "a&b.ipynb".into(),
            cells: vec![
                CellResult {
                    index: 1,
                    name: "ok".into(),
                    points: Some(1.0),
                    error: None,
                    traceback: vec![],
                    expected_failure: false,
                },
                CellResult {
                    index: 2,
                    name: "bad".into(),
                    points: Some(2.0),
                    error: Some(("CheckFailed".into(), "expected <1>".into())),
                    traceback: vec!["line\u{1b}[0m".into()],
                    expected_failure: false,
                },
                CellResult {
                    index: 3,
                    name: "quiet".into(),
                    points: None,
                    error: None,
                    traceback: vec![],
                    expected_failure: false,
                },
            ],
            elapsed: std::time::Duration::from_millis(3),
            executed: serde_json::Value::Null,
        };
        let x = render(&[r]);
        assert!(
            x.contains("<testsuite name=\"a&amp;b.ipynb\" tests=\"2\" failures=\"1\" errors=\"0\""),
            "{x}"
        );
        assert!(
            x.contains(
                "<failure type=\"CheckFailed\" message=\"expected &lt;1&gt;\">line[0m</failure>"
            ),
            "{x}"
        );
        assert!(!x.contains("quiet"));
    }
}
