//! `column` without `-t` (util-linux 2.38): the input's non-empty lines
//! as entries, laid out in as many columns as fit the output width (80
//! when the output is not a terminal, or `-c`), filling columns first or,
//! with `-x`, rows first. Cells are padded with tabs to the longest entry
//! rounded up to a tab stop.

const TAB: usize = 8;

/// The width column counts; a tab has none of its own.
fn width(s: &str) -> usize {
    s.chars().filter(|c| *c != '\t').count()
}

/// Tabs from `*at` up to the tab stop before `end`.
fn pad(out: &mut String, at: &mut usize, end: usize) {
    loop {
        let next = (*at + TAB) & !(TAB - 1);
        if next > end {
            return;
        }
        out.push('\t');
        *at = next;
    }
}

/// Lays `text` out `width` columns wide.
pub(super) fn fill(text: &str, out_width: usize, rows_first: bool) -> String {
    let ents: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let longest = ents.iter().map(|e| width(e)).max().unwrap_or(0);
    let mut out = String::new();
    if ents.is_empty() {
        return out;
    }
    if longest >= out_width {
        // Nothing fits beside anything: one entry a line.
        for e in &ents {
            out.push_str(e);
            out.push('\n');
        }
        return out;
    }
    let cell = (longest + TAB) & !(TAB - 1);
    let numcols = out_width / cell;
    if rows_first {
        // util-linux does not raise 0 columns to 1 here: all on one line.
        let (mut at, mut col, mut end) = (0, 0, cell);
        for (i, e) in ents.iter().enumerate() {
            out.push_str(e);
            at += width(e);
            if i + 1 == ents.len() {
                break;
            }
            col += 1;
            if col == numcols {
                (at, col, end) = (0, 0, cell);
                out.push('\n');
            } else {
                pad(&mut out, &mut at, end);
                end += cell;
            }
        }
        if at > 0 {
            out.push('\n');
        }
        return out;
    }
    let numcols = numcols.max(1);
    let numrows = ents.len().div_ceil(numcols);
    for row in 0..numrows {
        let (mut at, mut end, mut base) = (0, cell, row);
        for _ in 0..numcols {
            out.push_str(ents[base]);
            at += width(ents[base]);
            base += numrows;
            if base >= ents.len() {
                break;
            }
            pad(&mut out, &mut at, end);
            end += cell;
        }
        out.push('\n');
    }
    out
}

/// `-c`'s value, as util-linux's strtou32_or_err reads it.
pub(super) fn out_width(v: &str) -> Result<usize, String> {
    let t = v.trim_start();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    match t.strip_prefix('+').unwrap_or(t).parse::<u32>() {
        Ok(n) => Ok(n as usize),
        Err(_) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Err(format!(
            "column: invalid columns argument: '{v}': Numerical result out of range\n"
        )),
        Err(_) => Err(format!("column: invalid columns argument: '{v}'\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_as_util_linux_prints_them() {
        let seq = |n: u32| (1..=n).map(|i| format!("{i}\n")).collect::<String>();
        let cases: &[(&str, usize, bool, &str)] = &[
            (&seq(30), 80, false, "1\t4\t7\t10\t13\t16\t19\t22\t25\t28\n2\t5\t8\t11\t14\t17\t20\t23\t26\t29\n3\t6\t9\t12\t15\t18\t21\t24\t27\t30\n"),
            (&seq(5), 16, true, "1\t2\n3\t4\n5\n"),
            (&seq(3), 5, true, "1\t2\t3\n"),
            (&seq(3), 5, false, "1\n2\n3\n"),
            ("a\n\nbb  \n  c\n", 80, false, "a\tbb  \t  c\n"),
            ("abc\n\nef\n", 3, false, "abc\nef\n"),
            ("", 80, false, ""),
        ];
        for (input, w, x, want) in cases {
            assert_eq!(fill(input, *w, *x), *want, "{input:?} -c {w} x={x}");
        }
    }

    #[test]
    fn width_errors() {
        assert_eq!(out_width(" +20"), Ok(20));
        assert!(out_width("-3").unwrap_err().ends_with("out of range\n"));
        assert_eq!(
            out_width("abc").unwrap_err(),
            "column: invalid columns argument: 'abc'\n"
        );
    }
}
