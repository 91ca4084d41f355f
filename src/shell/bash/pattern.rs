//! Shell patterns (`case`, `[[ == ]]`, `${x#pat}`, globs) as regexes, by
//! brush-parser's translation.

/// Shell pattern matching (`case`, `[[ == ]]`, `${x#pat}`, globs).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    pattern_regex(pattern, true).is_some_and(|r| r.is_match(text))
}

/// A pattern as a regex, anchored at both ends when `whole`.
pub fn pattern_regex(pattern: &str, whole: bool) -> Option<regex_lite::Regex> {
    let re = brush_parser::pattern::pattern_to_regex_str(pattern, false).ok()?;
    let re = if whole {
        format!("^(?s:{re})$")
    } else {
        format!("(?s:{re})")
    };
    regex_lite::Regex::new(&re).ok()
}
