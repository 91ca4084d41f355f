//! Splitting a rule line into words as the shell and iptables-restore
//! do.

/// A quote was opened and never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedQuote;

/// Splits a rule line into words like the shell (and iptables-restore)
/// do: blanks separate, `"..."` and `'...'` quote, `\` escapes.
///
/// ```
/// let w = netbook::sim::netfilter::save::split_words(r#"-m comment --comment "a \"b\" c""#).unwrap();
/// assert_eq!(w, vec!["-m", "comment", "--comment", r#"a "b" c"#]);
/// ```
pub fn split_words(line: &str) -> Result<Vec<String>, UnclosedQuote> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(UnclosedQuote),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e) => cur.push(e),
                            None => return Err(UnclosedQuote),
                        },
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(UnclosedQuote),
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(e) = chars.next() {
                    cur.push(e);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}
