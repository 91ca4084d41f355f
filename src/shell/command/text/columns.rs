//! `cut` (fields and characters) and `column -t` (align a table), as
//! GNU coreutils and util-linux print them.

// The error of a parse step is the tool output itself.
#![allow(clippy::result_large_err)]

use super::column_fill::{fill, out_width};
use super::{read_inputs, usage_error};
use crate::shell::command::args::{Form, Item, Opt};
use crate::shell::command::gnu::GnuArgs;
use crate::shell::command::{CmdOutput, Ctx};

/// A `cut` list (`1,3-5,7-,-2`, commas or blanks between items) as
/// inclusive 1-based ranges, or cut's message for what is wrong.
fn parse_list(s: &str, by_field: bool) -> Result<Vec<(usize, usize)>, String> {
    let (from1, value, range) = if by_field {
        ("fields are numbered from 1", "field value", "field range")
    } else {
        (
            "byte/character positions are numbered from 1",
            "byte/character position",
            "byte or character range",
        )
    };
    let mut v = Vec::new();
    let (mut lhs, mut rhs): (Option<usize>, Option<usize>) = (None, None);
    let mut dash = false;
    for (at, c) in s.char_indices().chain([(s.len(), ',')]) {
        match c {
            '-' if dash => return Err(format!("invalid {range}")),
            '-' => {
                if lhs == Some(0) {
                    return Err(from1.into());
                }
                dash = true;
            }
            ',' | ' ' | '\t' => {
                match (dash, lhs, rhs) {
                    (true, None, None) => return Err("invalid range with no endpoint: -".into()),
                    (true, l, Some(r)) if r < l.unwrap_or(1) => {
                        return Err("invalid decreasing range".into())
                    }
                    (true, l, r) => v.push((l.unwrap_or(1), r.unwrap_or(usize::MAX))),
                    (false, Some(n), _) if n > 0 => v.push((n, n)),
                    (false, _, _) => return Err(from1.into()),
                }
                (lhs, rhs, dash) = (None, None, false);
            }
            '0'..='9' => {
                let slot = if dash { &mut rhs } else { &mut lhs };
                let d = c as usize - '0' as usize;
                *slot = Some(slot.unwrap_or(0).saturating_mul(10).saturating_add(d));
            }
            _ => return Err(format!("invalid {value} ‘{}’", &s[at..])),
        }
    }
    Ok(v)
}

fn selected(list: &[(usize, usize)], i: usize) -> bool {
    let hit = list.iter().any(|(a, b)| *a <= i && i <= *b);
    // A (0, 0) marker asks for the complement.
    if list.first() == Some(&(0, 0)) {
        !hit
    } else {
        hit
    }
}

/// What `cut` was asked to do.
#[derive(Debug, Default)]
struct CutArgs {
    by_field: bool,
    /// The list as written (`-b`, `-c` or `-f`), then as ranges.
    spec: Option<String>,
    list: Vec<(usize, usize)>,
    /// `-d`; a tab when not given.
    delim: Option<char>,
    only_delimited: bool,
    out_delim: Option<String>,
    complement: bool,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum C {
    Bytes,
    Chars,
    Delim,
    Fields,
    Complement,
    OnlyDelimited,
    OutDelim,
}

fn cut_error(msg: &str) -> CmdOutput {
    usage_error("cut", msg, 1)
}

impl GnuArgs for CutArgs {
    type Key = C;
    const TOOL: &'static str = "cut";
    /// GNU cut's options (coreutils 9.1).
    const OPTS: &'static [Opt<C>] = &[
        Opt::with_value('b', "bytes", C::Bytes),
        Opt::with_value('c', "characters", C::Chars),
        Opt::with_value('d', "delimiter", C::Delim),
        Opt::with_value('f', "fields", C::Fields),
        // GNU cut ignores it too ("with -b: don't split multibyte
        // characters", unimplemented there).
        Form::short('n').ignored(),
        Opt::long("complement", C::Complement),
        Opt::flag('s', "only-delimited", C::OnlyDelimited),
        Opt::long_value("output-delimiter", C::OutDelim),
        Form::flag('z', "zero-terminated").refused(),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<C>) -> Result<(), CmdOutput> {
        let o = self;
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Value(k @ (C::Bytes | C::Chars | C::Fields), v) => {
                if o.spec.is_some() {
                    return Err(cut_error("only one list may be specified"));
                }
                o.spec = Some(v);
                o.by_field = matches!(k, C::Fields);
            }
            Item::Value(C::Delim, v) => {
                let mut cs = v.chars();
                // `-d ''` is the NUL byte, as in C.
                o.delim = Some(cs.next().unwrap_or('\0'));
                if cs.next().is_some() {
                    return Err(cut_error("the delimiter must be a single character"));
                }
            }
            Item::Flag(C::Complement) => o.complement = true,
            Item::Flag(C::OnlyDelimited) => o.only_delimited = true,
            Item::Value(C::OutDelim, v) => o.out_delim = Some(v),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        let Some(text) = &self.spec else {
            return Err(cut_error(
                "you must specify a list of bytes, characters, or fields",
            ));
        };
        if !self.by_field && self.delim.is_some() {
            return Err(cut_error(
                "an input delimiter may be specified only when operating on fields",
            ));
        }
        if !self.by_field && self.only_delimited {
            return Err(cut_error(
                "suppressing non-delimited lines makes sense\n\tonly when operating on fields",
            ));
        }
        self.list = parse_list(text, self.by_field).map_err(|m| cut_error(&m))?;
        Ok(self)
    }
}

/// `cut -d DELIM -f LIST` / `cut -c LIST`.
pub fn cut(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    CutArgs::parse(args).map_or_else(|e| e, |o| run_cut(ctx, o))
}

fn run_cut(ctx: &mut Ctx, o: CutArgs) -> CmdOutput {
    let CutArgs {
        by_field,
        mut list,
        delim,
        only_delimited,
        out_delim,
        complement,
        files,
        ..
    } = o;
    let delim = delim.unwrap_or('\t');
    if complement {
        list.insert(0, (0, 0));
    }
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "cut", &files, &mut out);
    for line in text.lines() {
        if by_field {
            if !line.contains(delim) {
                if !only_delimited {
                    out.stdout.push_str(line);
                    out.stdout.push('\n');
                }
                continue;
            }
            let od = out_delim.clone().unwrap_or_else(|| delim.to_string());
            let picked: Vec<&str> = line
                .split(delim)
                .enumerate()
                .filter(|(i, _)| selected(&list, i + 1))
                .map(|(_, f)| f)
                .collect();
            out.stdout.push_str(&picked.join(&od));
        } else {
            // An output delimiter goes between ranges that do not touch.
            let mut picked = String::new();
            let mut gap = false;
            for (i, c) in line.chars().enumerate() {
                if !selected(&list, i + 1) {
                    gap = !picked.is_empty();
                    continue;
                }
                if let Some(d) = out_delim.as_deref().filter(|_| gap) {
                    picked.push_str(d);
                }
                gap = false;
                picked.push(c);
            }
            out.stdout.push_str(&picked);
        }
        out.stdout.push('\n');
    }
    out
}

/// What `column` was asked to do.
#[derive(Debug, Default)]
struct ColumnArgs {
    table: bool,
    /// `-x`: fill rows before columns.
    rows_first: bool,
    /// `-c`: the output width (80 when not a terminal).
    width: Option<usize>,
    seps: Option<String>,
    out_sep: Option<String>,
    files: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum Col {
    Table,
    FillRows,
    Width,
    Sep,
    OutSep,
}

impl GnuArgs for ColumnArgs {
    type Key = Col;
    const TOOL: &'static str = "column";
    /// util-linux 2.38 column's options.
    const OPTS: &'static [Opt<Col>] = &[
        Opt::with_value('c', "output-width", Col::Width),
        Form::flag('d', "table-noheadings").refused(),
        Form::with_value('E', "table-noextreme").refused(),
        Form::flag('e', "table-header-repeat").refused(),
        Form::with_value('H', "table-hide").refused(),
        Form::flag('h', "help").refused(),
        Form::with_value('i', "tree-id").refused(),
        Form::flag('J', "json").refused(),
        Form::flag('L', "keep-empty-lines").refused(),
        Form::with_value('l', "table-columns-limit").refused(),
        Form::with_value('N', "table-columns").refused(),
        Form::with_value('n', "table-name").refused(),
        Form::with_value('O', "table-order").refused(),
        Opt::with_value('o', "output-separator", Col::OutSep),
        Form::with_value('p', "tree-parent").refused(),
        Form::with_value('R', "table-right").refused(),
        Form::with_value('r', "tree").refused(),
        Opt::with_value('s', "separator", Col::Sep),
        Form::with_value('T', "table-truncate").refused(),
        Opt::flag('t', "table", Col::Table),
        Form::flag('V', "version").refused(),
        Form::with_value('W', "table-wrap").refused(),
        Opt::flag('x', "fillrows", Col::FillRows),
    ];

    fn take(&mut self, item: Item<Col>) -> Result<(), CmdOutput> {
        let o = self;
        match item {
            Item::Operand(f) => o.files.push(f),
            Item::Flag(Col::Table) => o.table = true,
            Item::Flag(Col::FillRows) => o.rows_first = true,
            Item::Value(Col::Width, v) => {
                o.width = Some(out_width(&v).map_err(|m| CmdOutput::usage(1, m))?)
            }
            Item::Value(Col::Sep, v) => o.seps = Some(v),
            Item::Value(Col::OutSep, v) => o.out_sep = Some(v),
            Item::Flag(_) | Item::Value(..) => {}
        }
        Ok(())
    }
}

/// `column -t [-s SEP] [-o SEP]`: columns padded to their widest cell,
/// two spaces apart; without `-t`, the entries filled into columns
/// (`-x` rows first, `-c` the width).
pub fn column(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    ColumnArgs::parse(args).map_or_else(|e| e, |o| run_column(ctx, o))
}

fn run_column(ctx: &mut Ctx, o: ColumnArgs) -> CmdOutput {
    let ColumnArgs {
        table,
        rows_first,
        width,
        seps,
        out_sep,
        files,
    } = o;
    let mut out = CmdOutput::default();
    let text = read_inputs(ctx, "column", &files, &mut out);
    if !table {
        out.stdout = fill(&text, width.unwrap_or(80), rows_first);
        return out;
    }
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match &seps {
            Some(s) => l
                .split(|c| s.contains(c))
                .filter(|f| !f.is_empty())
                .collect(),
            None => l.split_whitespace().collect(),
        })
        .collect();
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                let pad = widths[c] - cell.chars().count();
                line.push_str(&" ".repeat(pad));
                line.push_str(out_sep.as_deref().unwrap_or("  "));
            }
        }
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words as argv;

    #[test]
    fn cut_reads_getopt_forms_and_lists() {
        let o = CutArgs::parse(&argv("-d: -f2,4- --output-delim=- -s f")).unwrap();
        assert_eq!(
            (o.delim, o.by_field, o.only_delimited),
            (Some(':'), true, true)
        );
        assert_eq!(o.list, vec![(2, 2), (4, usize::MAX)]);
        assert_eq!(o.out_delim.as_deref(), Some("-"));
        let msg = |s: &str| CutArgs::parse(&argv(s)).unwrap_err().stderr;
        assert!(msg("-f1 -c1").starts_with("cut: only one list may be specified\n"));
        assert!(msg("-f0").starts_with("cut: fields are numbered from 1\n"));
        assert!(msg("-c2-1").starts_with("cut: invalid decreasing range\n"));
        assert!(msg("-f1-x").starts_with("cut: invalid field value ‘x’\n"));
        assert!(msg("-f-").starts_with("cut: invalid range with no endpoint: -\n"));
        assert!(msg("-d:").starts_with("cut: you must specify a list of bytes"));
        assert_eq!(
            msg("-n --zero -c1"),
            "netbook: cut --zero-terminated is not simulated\n"
        );
    }

    #[test]
    fn column_reads_getopt_forms() {
        let o = ColumnArgs::parse(&argv("-ts, -o | -c 40 f")).unwrap();
        assert!(o.table && !o.rows_first);
        assert_eq!(
            (o.seps.as_deref(), o.out_sep.as_deref()),
            (Some(","), Some("|"))
        );
        assert_eq!((o.width, o.files), (Some(40), argv("f")));
        let e = ColumnArgs::parse(&argv("-t -h")).unwrap_err();
        assert_eq!(e.stderr, "netbook: column -h is not simulated\n");
    }
}
