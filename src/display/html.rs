//! Small HTML helpers shared by every renderer: escaping and tables.

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(netbook::display::html::escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A plain HTML table with a header row; every cell is escaped.
///
/// ```
/// let t = netbook::display::html::table(&["a"], &[vec!["<1>".to_string()]]);
/// assert!(t.contains("<th>a</th>") && t.contains("<td>&lt;1&gt;</td>"));
/// ```
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table class=\"netbook\">\n<thead><tr>");
    for h in header {
        out.push_str("<th>");
        out.push_str(&escape(&super::i18n::t_dyn(h)));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            out.push_str(&escape(cell));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>");
    out
}

/// Text shown as a preformatted block (the terminal look inside HTML).
pub fn pre(text: &str) -> String {
    format!("<pre>{}</pre>", escape(text))
}
