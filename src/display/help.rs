//! The help views: a command's synopsis (`help CMD`, the inspector's
//! Shift+Tab) and the inspector's explanation of one word.

use super::html::escape;
use super::MimeBundle;

/// `text` beside its HTML: the name in bold, the summaries (one, or
/// the English and then the Korean one), the usage in a `<pre>`.
pub fn synopsis(text: String, name: &str, summaries: &[&str], usage: &str) -> MimeBundle {
    let said: Vec<String> = summaries.iter().map(|s| escape(s)).collect();
    let html = format!(
        "<div class=\"netbook-help\"><b>{}</b> — {}<pre>{}</pre></div>",
        escape(name),
        said.join("<br>"),
        escape(usage)
    );
    MimeBundle::plain(text).with_html(html)
}

/// An explanation in a `<pre>`, as the inspector shows it.
pub fn explanation(text: String) -> MimeBundle {
    let html = format!(
        "<div class=\"netbook-help\"><pre>{}</pre></div>",
        escape(&text)
    );
    MimeBundle::plain(text).with_html(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_it_shows() {
        let b = synopsis("t".into(), "a<b", &["x & y", "z"], "u <v>");
        let h = b.get("text/html").unwrap();
        assert!(
            h.contains("<b>a&lt;b</b> — x &amp; y<br>z<pre>u &lt;v&gt;</pre>"),
            "{h}"
        );
        let e = explanation("-n <NS>".into());
        assert!(e
            .get("text/html")
            .unwrap()
            .contains("<pre>-n &lt;NS&gt;</pre>"));
    }
}
