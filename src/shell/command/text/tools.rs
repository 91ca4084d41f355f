//! Small GNU coreutils: `tr`, `tee`, `seq`.

use super::bad_option;
use crate::shell::command::{CmdOutput, Ctx};

/// The most bytes `seq` prints (a pipe's worth; `seq 1 1e12` is bounded).
const SEQ_CAP: usize = 16 * 1024 * 1024;

/// Expands a `tr` set: escapes, ranges `a-z`, classes `[:upper:]`.
fn tr_set(s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    let mut raw: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let start_b = s.char_indices().nth(i).map(|x| x.0).unwrap_or(0);
            // The name starts after `[:` (in `[:]` the `:` is not the end).
            if let Some(end) = s[start_b + 2..].find(":]") {
                let name = &s[start_b + 2..start_b + 2 + end];
                let class: Vec<char> = (0u8..=127)
                    .map(char::from)
                    .filter(|c| match name {
                        "upper" => c.is_ascii_uppercase(),
                        "lower" => c.is_ascii_lowercase(),
                        "digit" => c.is_ascii_digit(),
                        "alpha" => c.is_ascii_alphabetic(),
                        "alnum" => c.is_ascii_alphanumeric(),
                        "space" => c.is_ascii_whitespace() || *c == '\x0b',
                        "blank" => *c == ' ' || *c == '\t',
                        "punct" => c.is_ascii_punctuation(),
                        "xdigit" => c.is_ascii_hexdigit(),
                        "cntrl" => c.is_ascii_control(),
                        _ => false,
                    })
                    .collect();
                raw.extend(class);
                i += name.chars().count() + 4;
                continue;
            }
        }
        let c = if chars[i] == '\\' && i + 1 < chars.len() {
            i += 1;
            match chars[i] {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                o => o,
            }
        } else {
            chars[i]
        };
        if chars.get(i + 1) == Some(&'-') && i + 2 < chars.len() {
            let end = chars[i + 2];
            if end >= c {
                raw.extend((c as u32..=end as u32).filter_map(char::from_u32));
                i += 3;
                continue;
            }
        }
        raw.push(c);
        i += 1;
    }
    raw
}

/// `tr [-c] [-d] [-s] SET1 [SET2]`
pub fn tr(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let (mut del, mut squeeze, mut comp) = (false, false, false);
    let mut sets = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 && sets.is_empty() {
            for c in a[1..].chars() {
                match c {
                    'd' => del = true,
                    's' => squeeze = true,
                    'c' | 'C' => comp = true,
                    c => return bad_option("tr", c, 1),
                }
            }
        } else {
            sets.push(a.clone());
        }
    }
    let need = if del && !squeeze || (squeeze && !del && sets.len() == 1) {
        1
    } else {
        2
    };
    if sets.is_empty() {
        return CmdOutput::usage(
            1,
            "tr: missing operand\nTry 'tr --help' for more information.\n",
        );
    }
    if sets.len() < need {
        return CmdOutput::usage(
            1,
            format!(
                "tr: missing operand after '{}'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n",
                sets[0]
            ),
        );
    }
    let set1 = tr_set(&sets[0]);
    let set2 = sets.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let in1 = |c: char| set1.contains(&c) != comp;
    let input = ctx.stdin.clone().unwrap_or_default();
    let mut out = String::with_capacity(input.len());
    let mut last: Option<char> = None;
    for c in input.chars() {
        if del && in1(c) {
            continue;
        }
        let mapped = if !del && !set2.is_empty() && in1(c) {
            if comp {
                *set2.last().unwrap_or(&c)
            } else {
                let idx = set1.iter().rposition(|x| *x == c).unwrap_or(0);
                *set2.get(idx).or(set2.last()).unwrap_or(&c)
            }
        } else {
            c
        };
        if squeeze {
            let sq_set = if set2.is_empty() || (del && sets.len() == 1) {
                in1(mapped)
            } else {
                set2.contains(&mapped)
            };
            if sq_set && last == Some(mapped) {
                continue;
            }
        }
        last = Some(mapped);
        out.push(mapped);
    }
    CmdOutput::text(out)
}

/// `tee [-a] [FILE]...`
pub fn tee(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut append = false;
    let mut files = Vec::new();
    for a in args {
        if a == "-a" || a == "--append" {
            append = true;
        } else if a.starts_with('-') && a.len() > 1 {
            return bad_option("tee", a.chars().nth(1).unwrap_or('-'), 1);
        } else {
            files.push(a.clone());
        }
    }
    let input = ctx.stdin.clone().unwrap_or_default();
    let mut out = CmdOutput::text(input.clone());
    for f in files {
        match f.as_str() {
            "/dev/null" => continue,
            "/dev/stdout" => {
                out.stdout.push_str(&input);
                continue;
            }
            "/dev/stderr" => {
                out.stderr.push_str(&input);
                continue;
            }
            _ => {}
        }
        if let Err(e) = ctx
            .world
            .write_file(ctx.netns.as_deref(), &f, &input, append)
        {
            out.stderr.push_str(&format!("tee: {e}\n"));
            out.status = 1;
        }
    }
    out
}

fn decimals(s: &str) -> usize {
    s.split_once('.').map(|(_, d)| d.len()).unwrap_or(0)
}

/// `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`
pub fn seq(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut nums: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-s" {
            i += 1;
            sep = args.get(i).cloned().unwrap_or_default();
        } else if let Some(v) = a.strip_prefix("-s") {
            sep = v.to_string();
        } else if a == "-w" {
            width = true;
        } else if a.starts_with('-') && a.len() > 1 && a[1..].parse::<f64>().is_err() {
            return bad_option("seq", a.chars().nth(1).unwrap_or('-'), 1);
        } else {
            nums.push(a.clone());
        }
        i += 1;
    }
    if nums.is_empty() {
        return CmdOutput::usage(
            1,
            "seq: missing operand\nTry 'seq --help' for more information.\n",
        );
    }
    if nums.len() > 3 {
        return CmdOutput::usage(
            1,
            format!(
                "seq: extra operand '{}'\nTry 'seq --help' for more information.\n",
                nums[3]
            ),
        );
    }
    let mut vals = Vec::new();
    for n in &nums {
        match n.parse::<f64>() {
            Ok(v) if v.is_finite() => vals.push(v),
            _ => {
                return CmdOutput::usage(
                    1,
                    format!("seq: invalid floating point argument: '{n}'\nTry 'seq --help' for more information.\n"),
                )
            }
        }
    }
    let (first, inc, last) = match vals.as_slice() {
        [l] => (1.0, 1.0, *l),
        [f, l] => (*f, 1.0, *l),
        [f, s, l] => (*f, *s, *l),
        _ => unreachable!("one to three operands"),
    };
    if inc == 0.0 {
        return CmdOutput::usage(
            1,
            format!(
                "seq: invalid Zero increment value: '{}'\nTry 'seq --help' for more information.\n",
                nums[1]
            ),
        );
    }
    let prec = nums.iter().map(|n| decimals(n)).max().unwrap_or(0);
    let prec = if nums.len() == 3 {
        prec
    } else {
        decimals(&nums[0]).max(decimals(nums.last().map(String::as_str).unwrap_or("")))
    };
    let fmt = |v: f64| format!("{v:.prec$}");
    let w = if width {
        fmt(first).len().max(fmt(last).len())
    } else {
        0
    };
    let mut out = String::new();
    let mut k = 0u64;
    loop {
        let v = first + inc * k as f64;
        if (inc > 0.0 && v > last + 1e-9) || (inc < 0.0 && v < last - 1e-9) {
            break;
        }
        if k > 0 {
            out.push_str(&sep);
        }
        let s = fmt(v);
        if width && s.len() < w {
            let (sign, digits) = s.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", &s));
            out.push_str(sign);
            out.push_str(&"0".repeat(w - s.len()));
            out.push_str(digits);
        } else {
            out.push_str(&s);
        }
        k += 1;
        if out.len() > SEQ_CAP || (k % 4096 == 0 && ctx.interrupted()) {
            let mut o = CmdOutput::text(out + "\n");
            o.stderr = format!("seq: netbook stops at {SEQ_CAP} bytes of output\n");
            o.status = 1;
            return o;
        }
    }
    if k > 0 {
        out.push('\n');
    }
    CmdOutput::text(out)
}
