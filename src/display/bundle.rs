//! A MIME bundle: what one output is, in every representation (text/plain
//! exactly as the real tool prints it, HTML, SVG).

use super::html;

/// One rich result: a map from MIME type to its rendered content.
///
/// ```
/// use netbook::display::MimeBundle;
/// let b = MimeBundle::plain("hello\n").with_html("<b>hello</b>");
/// assert_eq!(b.text(), "hello\n");
/// assert_eq!(b.get("text/html"), Some("<b>hello</b>"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MimeBundle {
    entries: Vec<(String, String)>,
}

/// MIME type of the plain-text view.
pub const TEXT_PLAIN: &str = "text/plain";
/// MIME type of the HTML view.
pub const TEXT_HTML: &str = "text/html";
/// MIME type of SVG diagrams.
pub const IMAGE_SVG: &str = "image/svg+xml";

impl MimeBundle {
    /// A bundle with only `text/plain`.
    pub fn plain(text: impl Into<String>) -> Self {
        MimeBundle {
            entries: vec![(TEXT_PLAIN.to_string(), text.into())],
        }
    }

    /// Adds or replaces one MIME type.
    pub fn with(mut self, mime: &str, content: impl Into<String>) -> Self {
        self.insert(mime, content);
        self
    }

    /// Adds `text/html`.
    pub fn with_html(self, html: impl Into<String>) -> Self {
        self.with(TEXT_HTML, html)
    }

    /// Adds `image/svg+xml`.
    pub fn with_svg(self, svg: impl Into<String>) -> Self {
        self.with(IMAGE_SVG, svg)
    }

    /// Adds an SVG figure: `image/svg+xml`, and the same drawing appended to
    /// `text/html` when there is one. Frontends show one MIME type per
    /// output and JupyterLab and nbconvert prefer HTML, so an SVG that is
    /// not also inside the HTML is never seen there.
    ///
    /// ```
    /// use netbook::display::MimeBundle;
    /// let b = MimeBundle::plain("x").with_html("<table></table>").with_figure("<svg/>");
    /// assert_eq!(b.get("text/html"), Some("<table></table><div class=\"netbook-figure\"><svg/></div>"));
    /// assert_eq!(b.get("image/svg+xml"), Some("<svg/>"));
    /// ```
    pub fn with_figure(mut self, svg: impl Into<String>) -> Self {
        let svg = svg.into();
        if let Some(html) = self.get(TEXT_HTML) {
            let html = format!("{html}<div class=\"netbook-figure\">{svg}</div>");
            self.insert(TEXT_HTML, html);
        }
        self.with_svg(svg)
    }

    /// Adds or replaces one MIME type in place.
    pub fn insert(&mut self, mime: &str, content: impl Into<String>) {
        let content = content.into();
        match self.entries.iter_mut().find(|(m, _)| m == mime) {
            Some(slot) => slot.1 = content,
            None => self.entries.push((mime.to_string(), content)),
        }
    }

    /// The content for one MIME type.
    pub fn get(&self, mime: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(m, _)| m == mime)
            .map(|(_, c)| c.as_str())
    }

    /// The `text/plain` view (empty when absent).
    pub fn text(&self) -> &str {
        self.get(TEXT_PLAIN).unwrap_or("")
    }

    /// All (MIME type, content) pairs, `text/plain` first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(m, c)| (m.as_str(), c.as_str()))
    }

    /// True when the bundle carries more than `text/plain`.
    pub fn is_rich(&self) -> bool {
        self.entries.iter().any(|(m, _)| m != TEXT_PLAIN)
    }

    /// The bundle as evcxr display blocks: one
    /// `EVCXR_BEGIN_CONTENT <mime>` ... `EVCXR_END_CONTENT` block per rich
    /// MIME type, so the same view renders in the evcxr Rust kernel.
    pub fn evcxr_blocks(&self) -> String {
        let mut out = String::new();
        for (mime, content) in self.iter().filter(|(m, _)| *m != TEXT_PLAIN) {
            out.push_str("EVCXR_BEGIN_CONTENT ");
            out.push_str(mime);
            out.push('\n');
            out.push_str(content);
            if !content.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("EVCXR_END_CONTENT\n");
        }
        out
    }
}

/// Several outputs shown as one (a whole cell for library users): the
/// texts joined, and an HTML page of each output's richest view in order
/// (HTML, else the SVG inline, else the text preformatted).
pub fn stack(outputs: &[MimeBundle]) -> MimeBundle {
    let text: String = outputs.iter().map(|b| b.text()).collect();
    let mut page = String::from("<div class=\"netbook-cell\">");
    for b in outputs {
        match (b.get(TEXT_HTML), b.get(IMAGE_SVG)) {
            (Some(h), _) => page.push_str(h),
            (None, Some(svg)) => page.push_str(svg),
            (None, None) if !b.text().is_empty() => page.push_str(&html::pre(b.text())),
            _ => {}
        }
    }
    page.push_str("</div>");
    MimeBundle::plain(text).with_html(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_replaces_and_keeps_order() {
        let mut b = MimeBundle::plain("a").with_html("<i>a</i>");
        b.insert(TEXT_PLAIN, "b");
        let mimes: Vec<_> = b.iter().map(|(m, _)| m).collect();
        assert_eq!(mimes, vec![TEXT_PLAIN, TEXT_HTML]);
        assert_eq!(b.text(), "b");
        assert!(b.is_rich());
        assert!(!MimeBundle::plain("x").is_rich());
    }

    #[test]
    fn evcxr_blocks_follow_the_parser_rules() {
        let b = MimeBundle::plain("x")
            .with_html("<p>x</p>")
            .with_svg("<svg/>");
        let s = b.evcxr_blocks();
        let lines: Vec<_> = s.lines().collect();
        assert_eq!(
            lines,
            vec![
                "EVCXR_BEGIN_CONTENT text/html",
                "<p>x</p>",
                "EVCXR_END_CONTENT",
                "EVCXR_BEGIN_CONTENT image/svg+xml",
                "<svg/>",
                "EVCXR_END_CONTENT"
            ]
        );
    }
}
