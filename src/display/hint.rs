//! netbook's hints beside a command's output: a small HTML note in the
//! learner's language, with an empty `text/plain`, so what a terminal or a
//! text export shows stays exactly what the real tool printed.

use super::bundle::MimeBundle;
use super::html::escape;
use super::i18n::{hints::hint, lang, t};

/// The display for `hints` (English, as commands write them).
pub fn bundle(hints: &[String]) -> MimeBundle {
    let items: String = hints
        .iter()
        .map(|h| format!("<div>{}</div>", code_spans(&escape(&hint(h)))))
        .collect();
    MimeBundle::plain("").with_html(format!(
        "<div class=\"netbook-hint\" lang=\"{}\" style=\"border-left:3px solid #d9a400;padding:2px 8px;margin:2px 0;font-size:90%\"><b>{}</b>{items}</div>",
        lang().code(),
        t("netbook hint"),
    ))
}

/// One hint as a line of an error report, in the learner's language.
pub fn line(en: &str) -> String {
    format!("{}: {}", t("netbook hint"), hint(en))
}

/// `a` in backticks becomes `<code>a</code>` (the text is already escaped).
fn code_spans(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::i18n::{with_lang, Lang};

    #[test]
    fn a_hint_is_html_only_and_in_the_learners_language() {
        let b = with_lang(Lang::Ko, || bundle(&["did you mean `ping`?".into()]));
        assert_eq!(b.text(), "");
        let html = b.get("text/html").unwrap();
        assert!(html.contains("혹시 <code>ping</code>인가요?"), "{html}");
        assert!(html.contains("lang=\"ko\""));
        let b = bundle(&["x < y".into()]);
        assert!(b.get("text/html").unwrap().contains("x &lt; y"));
    }
}
