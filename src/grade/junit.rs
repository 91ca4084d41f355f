//! JUnit XML, the report format CI systems read: one `<testsuite>` per
//! notebook, one `<testcase>` per graded cell and per failing ungraded cell.
//!
//! Whatever a cell printed, the document stays well-formed XML 1.0: markup
//! characters are escaped, terminal colour sequences removed, and characters
//! XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) replaced by
//! U+FFFD.

use super::run::NotebookReport;

/// True for the characters XML 1.0 allows (its `Char` production; a Rust
/// `char` is never a surrogate).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Drops ANSI CSI sequences (`ESC [ ... final`), which tracebacks use for
/// colour and which mean nothing in a report.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, then one final byte in @..~.
            for f in chars.by_ref() {
                if ('@'..='~').contains(&f) {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Escapes text for an element or a double-quoted attribute.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in strip_ansi(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Attribute values are normalized: keep these as references.
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

fn attr(s: &str) -> String {
    escape(s, true)
}

fn text(s: &str) -> String {
    escape(s, false)
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
        let (got, max) = r.score();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.6}\">\n",
            attr(&r.path),
            cases.len(),
            r.elapsed.as_secs_f64()
        ));
        out.push_str(&format!(
            "    <properties>\n      <property name=\"student\" value=\"{}\"/>\n      <property name=\"score\" value=\"{got}\"/>\n      <property name=\"max_score\" value=\"{max}\"/>\n",
            attr(&r.student)
        ));
        for note in &r.notes {
            out.push_str(&format!(
                "      <property name=\"restored\" value=\"{}\"/>\n",
                attr(note)
            ));
        }
        out.push_str("    </properties>\n");
        for c in cases {
            let points = match (c.points, c.earned()) {
                (Some(p), Some(e)) => format!(" points=\"{p}\" earned=\"{e}\""),
                (Some(p), None) => format!(" points=\"{p}\""),
                _ => String::new(),
            };
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"{points}>",
                attr(&r.path),
                attr(&c.name)
            ));
            if !c.ok() {
                let (ename, evalue) = c.error.clone().unwrap_or_default();
                let reason = c.verdict.as_ref().and_then(|v| v.reason());
                let (kind, message) = match (ename.is_empty(), reason) {
                    (true, Some(r)) => ("Score".to_string(), r),
                    _ => (ename, evalue),
                };
                let tag = if c.points.is_some() {
                    "failure"
                } else {
                    "error"
                };
                out.push_str(&format!(
                    "\n      <{tag} type=\"{}\" message=\"{}\">{}</{tag}>\n    ",
                    attr(&kind),
                    attr(&message),
                    text(&c.traceback.join("\n"))
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
    use crate::grade::score::Verdict;
    use crate::grade::CellResult;

    fn result(name: &str, points: Option<f64>, error: Option<(&str, &str)>) -> CellResult {
        CellResult {
            index: 0,
            name: name.into(),
            points,
            verdict: points.map(|_| {
                if error.is_some() {
                    Verdict::Failed
                } else {
                    Verdict::Full
                }
            }),
            error: error.map(|(a, b)| (a.into(), b.into())),
            traceback: vec![],
            expected_failure: false,
        }
    }

    #[test]
    fn failures_and_escaping() {
        let mut bad = result("bad", Some(2.0), Some(("CheckFailed", "expected <1>")));
        bad.traceback = vec!["\u{1b}[0;31mline\u{1b}[0m \u{FFFF}\u{7}\u{FFFE}".into()];
        let r = NotebookReport {
            path: "a&b.ipynb".into(),
            student: "a\"b".into(),
            cells: vec![
                result("ok", Some(1.0), None),
                bad,
                result("quiet", None, None),
            ],
            notes: vec!["t: edited\nrestored".into()],
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
                "<failure type=\"CheckFailed\" message=\"expected &lt;1&gt;\">line \u{FFFD}\u{FFFD}\u{FFFD}</failure>"
            ),
            "{x}"
        );
        assert!(x.contains("value=\"a&quot;b\""), "{x}");
        assert!(x.contains("value=\"t: edited&#10;restored\""), "{x}");
        assert!(x.contains("points=\"2\" earned=\"0\""), "{x}");
        assert!(!x.contains("quiet"));
        assert!(x.chars().all(xml_char));
    }

    #[test]
    fn every_char_outside_xml_is_replaced() {
        let all: String = (0u32..0x11_0000).filter_map(char::from_u32).collect();
        let e = text(&all);
        assert!(e.chars().all(xml_char));
        assert!(e.contains('\u{FFFD}') && e.contains('\u{10FFFF}') && e.contains('\t'));
    }
}
