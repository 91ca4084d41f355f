//! Reading a resolver configuration file line by line, byte-exact.

/// The lines of a configuration file exactly as written: split on `\n`
/// only, so a `\r` (a file saved with CRLF endings) stays part of its line
/// and the file prints back byte for byte. (`str::lines` would eat it.)
pub(crate) fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').filter(move |_| !text.is_empty())
}

/// Writes lines read by [`raw_lines`] back as the file they came from.
pub(crate) fn write_raw<'a>(
    f: &mut core::fmt::Formatter<'_>,
    lines: impl ExactSizeIterator<Item = &'a str>,
    trailing_newline: bool,
) -> core::fmt::Result {
    let n = lines.len();
    for (i, l) in lines.enumerate() {
        f.write_str(l)?;
        if i + 1 < n || trailing_newline {
            f.write_str("\n")?;
        }
    }
    Ok(())
}

/// A configuration file's text as it was read, to print back byte for byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawText {
    /// The lines, as `raw_lines` splits them.
    pub lines: Vec<String>,
    /// Whether the text ended with a newline.
    pub trailing_newline: bool,
}

impl RawText {
    /// Keeps `text` as written.
    pub fn of(text: &str) -> RawText {
        RawText {
            lines: raw_lines(text).map(str::to_string).collect(),
            trailing_newline: text.ends_with('\n'),
        }
    }
}

impl core::fmt::Display for RawText {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write_raw(
            f,
            self.lines.iter().map(String::as_str),
            self.trailing_newline,
        )
    }
}
