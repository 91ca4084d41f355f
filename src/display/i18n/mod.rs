//! The language of the rich layer (HTML and SVG labels, causes, fixes,
//! hints). `text/plain` is the real tool's output and never translated.
//!
//! Translations live in tables, one file per domain: [`labels`] holds the
//! fixed words and sentence templates the renderers use, keyed by their
//! English form; [`sim`] turns the English sentences the simulator builds
//! (trace causes, fixes, outcomes) into Korean by pattern. A renderer asks
//! for `t("English label")` or `tf("template {0}", &[..])` and gets the
//! current language's form.
//!
//! The current language is per thread: a session sets it around each cell
//! (`%lang ko|en` changes it), so renderers keep their signatures and stay
//! pure functions of their inputs plus this one setting.

pub mod hints;
pub mod labels;
mod patterns;
pub mod sim;

use std::cell::Cell;
use std::fmt::Display;

/// A language of the rich layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Korean: the chapters' language.
    Ko,
    /// English: the library's default (evcxr, Rust users).
    #[default]
    En,
}

impl Lang {
    /// `ko` / `en` (also `ko-KR`, `korean`, `en_US`, ...).
    ///
    /// ```
    /// use netbook::display::i18n::Lang;
    /// assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
    /// assert_eq!(Lang::parse("English"), Some(Lang::En));
    /// assert_eq!(Lang::parse("fr"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("ko") || s == "kr" || s == "한국어" {
            Some(Lang::Ko)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The ISO 639-1 code (`ko`, `en`), as HTML's `lang` attribute wants.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language renderers on this thread use now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language for renderers on this thread.
pub fn set_lang(l: Lang) {
    CURRENT.with(|c| c.set(l));
}

/// Runs `f` with `l` as the language, then restores the previous one.
///
/// ```
/// use netbook::display::i18n::{lang, with_lang, t, Lang};
/// assert_eq!(with_lang(Lang::Ko, || t("destination")), "목적지");
/// assert_eq!(t("destination"), "destination");
/// assert_eq!(lang(), Lang::En);
/// ```
pub fn with_lang<R>(l: Lang, f: impl FnOnce() -> R) -> R {
    let before = lang();
    set_lang(l);
    let r = f();
    set_lang(before);
    r
}

/// A fixed label in the current language (the English key itself when
/// the language is English or no translation exists).
pub fn t(en: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::Ko => labels::korean(en).unwrap_or(en),
    }
}

/// A label that may not be static (a table header passed in from a
/// caller): translated when the table knows it.
pub fn t_dyn(en: &str) -> String {
    match lang() {
        Lang::En => en.to_string(),
        Lang::Ko => labels::korean(en).unwrap_or(en).to_string(),
    }
}

/// A sentence template in the current language with `{0}`, `{1}`, ...
/// filled in (a Korean template may order them differently).
///
/// ```
/// use netbook::display::i18n::{tf, with_lang, Lang};
/// let s = with_lang(Lang::Ko, || tf("first {0} of {1} subnets shown", &[&64, &256]));
/// assert_eq!(s, "서브넷 256개 중 처음 64개만 보입니다");
/// ```
pub fn tf(template: &'static str, args: &[&dyn Display]) -> String {
    fill(t(template), args)
}

/// Replaces `{0}`, `{1}`, ... in `template` by the arguments.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let idx = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match idx {
            Some((i, close)) if i < args.len() => {
                out.push_str(&args[i].to_string());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The root namespace's name in prose (`host` in traces).
pub fn host_label(ns: &str) -> String {
    if ns.is_empty() || ns == "host" {
        t("host").to_string()
    } else if ns == "internet" {
        // The datapath's stand-in for everything beyond the uplink.
        t("internet").to_string()
    } else {
        ns.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_reorders_and_keeps_stray_braces() {
        assert_eq!(fill("{1} {0} {x} {5}", &[&"a", &"b"]), "b a {x} {5}");
    }

    #[test]
    fn every_template_has_the_same_placeholders_in_both_languages() {
        for (en, ko) in labels::LABELS {
            for i in 0..10 {
                let p = format!("{{{i}}}");
                assert_eq!(en.contains(&p), ko.contains(&p), "{en:?} / {ko:?}: {p}");
            }
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = labels::LABELS.iter().map(|(en, _)| *en).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "duplicate English keys in labels::LABELS");
    }
}
