//! Pattern tables: an English sentence shape (a regex with named groups)
//! and its Korean template, where `{name}` takes the named group. [`hints`]
//! and [`sim`] each keep one.
//!
//! [`hints`]: super::hints
//! [`sim`]: super::sim

use regex_lite::{Captures, Regex};

/// (English pattern, Korean template) rows.
pub(super) type Table = [(&'static str, &'static str)];

/// A table with its patterns compiled (once, by the caller's `OnceLock`).
pub(super) fn compile(table: &Table) -> Vec<(Regex, &'static str)> {
    table
        .iter()
        .map(|(re, ko)| (Regex::new(re).expect("valid pattern"), *ko))
        .collect()
}

/// The template with each `{name}` replaced by `value(name, group)`.
pub(super) fn fill(
    template: &str,
    re: &Regex,
    caps: &Captures<'_>,
    value: impl Fn(&str, &str) -> String,
) -> String {
    let mut out = template.to_string();
    for name in re.capture_names().flatten() {
        let group = caps.name(name).map_or("", |m| m.as_str());
        out = out.replace(&format!("{{{name}}}"), &value(name, group));
    }
    out
}

/// Every template uses every group of its pattern.
#[cfg(test)]
pub(super) fn assert_groups_used(compiled: &[(Regex, &str)], table: &Table) {
    for ((re, ko), (src, _)) in compiled.iter().zip(table) {
        for name in re.capture_names().flatten() {
            assert!(ko.contains(&format!("{{{name}}}")), "{src}: {name} unused");
        }
    }
}
