//! Parameter expansion: `$x`, `$1`, `$#`, `$?`, `$$`, `${x:-d}`,
//! `${x:=d}`, `${x:?m}`, `${x:+a}`, `${#x}`, `${x#p}`, `${x%p}`,
//! `${x:o:l}`, `${x/p/r}`, `${x^^}`, `${x,,}`, `${x@Q}`.

use super::builtins::valid_name;
use super::eval::{Ctl, Exec};
use super::pattern::pattern_regex;
use crate::shell::command::text::escapes::ansi_c;
use brush_parser::word::{
    Parameter, ParameterExpr as Pe, ParameterTestType, SpecialParameter as Sp, SubstringMatchKind,
};

impl Exec<'_> {
    fn param_value(&mut self, p: &Parameter) -> Result<Option<String>, Ctl> {
        Ok(match p {
            Parameter::Positional(0) => Some(self.sh.arg0.clone()),
            Parameter::Positional(n) => self.sh.positional.get(*n as usize - 1).cloned(),
            Parameter::Special(s) => Some(match s {
                Sp::AllPositionalParameters { concatenate } => {
                    let sep = if *concatenate {
                        self.ifs()
                            .chars()
                            .next()
                            .map(String::from)
                            .unwrap_or_default()
                    } else {
                        " ".into()
                    };
                    self.sh.positional.join(&sep)
                }
                Sp::PositionalParameterCount => self.sh.positional.len().to_string(),
                Sp::LastExitStatus => self.sh.status.to_string(),
                Sp::CurrentOptionFlags => {
                    let o = self.sh.opts;
                    let mut s = String::from("h");
                    if o.errexit {
                        s.push('e');
                    }
                    if o.nounset {
                        s.push('u');
                    }
                    if o.xtrace {
                        s.push('x');
                    }
                    s.push('B');
                    s
                }
                Sp::ProcessId => super::state::SHELL_PID.to_string(),
                Sp::LastBackgroundProcessId => match self.sh.last_bg {
                    Some(p) => p.to_string(),
                    None => return Ok(None),
                },
                Sp::ShellName => self.sh.arg0.clone(),
            }),
            Parameter::Named(n) => self.scalar(n),
            Parameter::NamedWithIndex { name, index } => self.element(name, index)?,
            Parameter::NamedWithAllIndices { name, .. } => {
                let v = self.sh.elements(name);
                if v.is_empty() && !self.sh.arrays.contains_key(name) {
                    None
                } else {
                    Some(v.join(" "))
                }
            }
        })
    }

    fn param_name(p: &Parameter) -> String {
        match p {
            Parameter::Positional(n) => n.to_string(),
            Parameter::Special(s) => s.to_string(),
            Parameter::Named(n) => n.clone(),
            Parameter::NamedWithIndex { name, .. }
            | Parameter::NamedWithAllIndices { name, .. } => name.clone(),
        }
    }

    /// A parameter's value, or `set -u`'s error.
    fn lookup(
        &mut self,
        p: &Parameter,
        indirect: bool,
        check: bool,
    ) -> Result<Option<String>, Ctl> {
        let mut v = self.param_value(p)?;
        if indirect {
            v = match v {
                Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    let k: usize = n.parse().unwrap_or(0);
                    if k == 0 {
                        Some(self.sh.arg0.clone())
                    } else {
                        self.sh.positional.get(k - 1).cloned()
                    }
                }
                Some(n) => match n.split_once('[') {
                    Some((name, idx)) if valid_name(name) && idx.ends_with(']') => {
                        self.element(name, &idx[..idx.len() - 1])?
                    }
                    _ if valid_name(&n) => self.scalar(&n),
                    // bash drops the rest of the line, as for an
                    // arithmetic error.
                    _ => {
                        self.write(2, &format!("bash: {n}: invalid variable name\n"));
                        return Err(Ctl::Unwind(1));
                    }
                },
                None => None,
            };
        }
        if v.is_none() && check && self.sh.opts.nounset {
            let name = Self::param_name(p);
            return Err(self.fatal(&format!("{name}: unbound variable")));
        }
        Ok(v)
    }

    /// A fatal expansion error: bash prints it and the shell exits.
    /// It fails the cell; its message is the error's traceback unless an
    /// earlier event already failed the cell.
    pub(super) fn fatal(&mut self, msg: &str) -> Ctl {
        let line = format!("bash: {msg}");
        if self.failure.is_none() {
            let mut e = crate::shell::command::CellError::new("ExpansionError", msg);
            e.traceback = vec![line];
            self.failure = Some(e);
        } else {
            self.write(2, &format!("{line}\n"));
        }
        Ctl::Exit(1)
    }

    /// `${p-w}`, `${p=w}`, `${p?w}` and `${p+w}` (and their `:` forms,
    /// which also take an empty value as missing).
    fn test_op(
        &mut self,
        parameter: &Parameter,
        indirect: bool,
        test_type: &ParameterTestType,
        op: TestOp,
        word: &Option<String>,
    ) -> Result<String, Ctl> {
        let v = self.lookup(parameter, indirect, false)?;
        let missing = match test_type {
            ParameterTestType::UnsetOrNull => v.as_deref().is_none_or(str::is_empty),
            ParameterTestType::Unset => v.is_none(),
        };
        let word_text = word.as_deref().unwrap_or("");
        Ok(match (op, missing) {
            (TestOp::Alternative, true) => String::new(),
            (TestOp::Alternative, false) | (TestOp::Default, true) => {
                self.expand_string(word_text)?
            }
            (TestOp::Assign, true) => {
                let d = self.expand_string(word_text)?;
                if let Parameter::Named(n) = parameter {
                    self.sh.set(n, d.clone());
                }
                d
            }
            (TestOp::Error, true) => {
                let msg = match word {
                    Some(m) => self.expand_string(m)?,
                    None => "parameter null or not set".into(),
                };
                let name = Self::param_name(parameter);
                return Err(self.fatal(&format!("{name}: {msg}")));
            }
            (_, false) => v.unwrap_or_default(),
        })
    }

    pub(super) fn param_expr(&mut self, pe: &Pe) -> Result<String, Ctl> {
        Ok(match pe {
            Pe::Parameter {
                parameter,
                indirect,
            } => self.lookup(parameter, *indirect, true)?.unwrap_or_default(),
            Pe::UseDefaultValues {
                parameter,
                indirect,
                test_type,
                default_value: w,
            } => self.test_op(parameter, *indirect, test_type, TestOp::Default, w)?,
            Pe::AssignDefaultValues {
                parameter,
                indirect,
                test_type,
                default_value: w,
            } => self.test_op(parameter, *indirect, test_type, TestOp::Assign, w)?,
            Pe::IndicateErrorIfNullOrUnset {
                parameter,
                indirect,
                test_type,
                error_message: w,
            } => self.test_op(parameter, *indirect, test_type, TestOp::Error, w)?,
            Pe::UseAlternativeValue {
                parameter,
                indirect,
                test_type,
                alternative_value: w,
            } => self.test_op(parameter, *indirect, test_type, TestOp::Alternative, w)?,
            Pe::ParameterLength {
                parameter,
                indirect,
            } => {
                if let Parameter::Special(Sp::AllPositionalParameters { .. }) = parameter {
                    return Ok(self.sh.positional.len().to_string());
                }
                if let Parameter::NamedWithAllIndices { name, .. } = parameter {
                    return Ok(self.sh.elements(name).len().to_string());
                }
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                v.chars().count().to_string()
            }
            Pe::RemoveSmallestSuffixPattern {
                parameter,
                indirect,
                pattern,
            }
            | Pe::RemoveLargestSuffixPattern {
                parameter,
                indirect,
                pattern,
            }
            | Pe::RemoveSmallestPrefixPattern {
                parameter,
                indirect,
                pattern,
            }
            | Pe::RemoveLargestPrefixPattern {
                parameter,
                indirect,
                pattern,
            } => {
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                let pat = self.expand_pattern(pattern.as_deref().unwrap_or(""))?;
                let Some(re) = pattern_regex(&pat, true) else {
                    return Ok(v);
                };
                let bounds: Vec<usize> = v
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(v.len()))
                    .collect();
                let (prefix, largest) = match pe {
                    Pe::RemoveSmallestSuffixPattern { .. } => (false, false),
                    Pe::RemoveLargestSuffixPattern { .. } => (false, true),
                    Pe::RemoveSmallestPrefixPattern { .. } => (true, false),
                    _ => (true, true),
                };
                let order: Vec<usize> = if prefix != largest {
                    bounds.clone()
                } else {
                    bounds.iter().rev().copied().collect()
                };
                for b in order {
                    if prefix && re.is_match(&v[..b]) {
                        return Ok(v[b..].to_string());
                    }
                    if !prefix && re.is_match(&v[b..]) {
                        return Ok(v[..b].to_string());
                    }
                }
                v
            }
            Pe::Substring {
                parameter:
                    Parameter::NamedWithAllIndices { .. }
                    | Parameter::Special(Sp::AllPositionalParameters { .. }),
                indirect: false,
                ..
            } => {
                let l = self.list_expansion(pe)?.map(|l| l.values);
                l.unwrap_or_default().join(" ")
            }
            Pe::Substring {
                parameter,
                indirect,
                offset,
                length,
            } => {
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                let chars: Vec<char> = v.chars().collect();
                let n = chars.len() as i64;
                let mut off = self.arith(&offset.value)?;
                if off < 0 {
                    off += n;
                }
                let off = off.clamp(0, n);
                let end = match length {
                    Some(l) => {
                        let l = self.arith(&l.value)?;
                        if l < 0 {
                            (n + l).max(off)
                        } else {
                            (off + l).min(n)
                        }
                    }
                    None => n,
                };
                chars[off as usize..end as usize].iter().collect()
            }
            Pe::Transform {
                parameter,
                indirect,
                op,
            } => {
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                use brush_parser::word::ParameterTransformOp as T;
                match op {
                    T::ToUpperCase => v.to_uppercase(),
                    T::ToLowerCase => v.to_lowercase(),
                    T::Quoted => format!("'{}'", v.replace('\'', "'\\''")),
                    T::ExpandEscapeSequences => ansi_c(&v),
                    _ => v,
                }
            }
            Pe::UppercaseFirstChar {
                parameter,
                indirect,
                ..
            }
            | Pe::LowercaseFirstChar {
                parameter,
                indirect,
                ..
            }
            | Pe::UppercasePattern {
                parameter,
                indirect,
                ..
            }
            | Pe::LowercasePattern {
                parameter,
                indirect,
                ..
            } => {
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                let (upper, first_only) = match pe {
                    Pe::UppercaseFirstChar { .. } => (true, true),
                    Pe::LowercaseFirstChar { .. } => (false, true),
                    Pe::UppercasePattern { .. } => (true, false),
                    _ => (false, false),
                };
                let pattern = match pe {
                    Pe::UppercaseFirstChar { pattern, .. }
                    | Pe::LowercaseFirstChar { pattern, .. }
                    | Pe::UppercasePattern { pattern, .. }
                    | Pe::LowercasePattern { pattern, .. } => pattern.as_deref().unwrap_or(""),
                    _ => "",
                };
                let pat = self.expand_pattern(pattern)?;
                change_case(&v, &pat, upper, first_only)
            }
            Pe::ReplaceSubstring {
                parameter,
                indirect,
                pattern,
                replacement,
                match_kind,
            } => {
                let v = self.lookup(parameter, *indirect, true)?.unwrap_or_default();
                let pat = self.expand_pattern(pattern)?;
                let rep = self.expand_string(replacement.as_deref().unwrap_or(""))?;
                let Ok(re) = brush_parser::pattern::pattern_to_regex_str(&pat, false) else {
                    return Ok(v);
                };
                let re = match match_kind {
                    SubstringMatchKind::Prefix => format!("^(?s:{re})"),
                    SubstringMatchKind::Suffix => format!("(?s:{re})$"),
                    _ => format!("(?s:{re})"),
                };
                let Ok(re) = regex_lite::Regex::new(&re) else {
                    return Ok(v);
                };
                let rep = regex_lite::NoExpand(&rep);
                match match_kind {
                    SubstringMatchKind::Anywhere => re.replace_all(&v, rep).into_owned(),
                    _ => re.replace(&v, rep).into_owned(),
                }
            }
            Pe::VariableNames { prefix, .. } => {
                let mut names: Vec<&String> = self
                    .sh
                    .vars
                    .keys()
                    .filter(|k| k.starts_with(prefix.as_str()))
                    .collect();
                names.sort();
                names.into_iter().cloned().collect::<Vec<_>>().join(" ")
            }
            Pe::MemberKeys { variable_name, .. } => self.keys(variable_name).join(" "),
        })
    }
}

/// The four operators that test whether a parameter is set.
#[derive(Clone, Copy)]
enum TestOp {
    Default,
    Assign,
    Error,
    Alternative,
}

/// `${v^pat}`, `${v^^pat}`, `${v,pat}`, `${v,,pat}`: each character
/// (or only the first) that matches the one-character pattern changes
/// case; an empty pattern matches every character.
fn change_case(v: &str, pat: &str, upper: bool, first_only: bool) -> String {
    let re = if pat.is_empty() {
        None
    } else {
        match pattern_regex(pat, true) {
            Some(r) => Some(r),
            None => return v.to_string(),
        }
    };
    let mut out = String::with_capacity(v.len());
    for (i, c) in v.chars().enumerate() {
        let hit = (!first_only || i == 0)
            && re
                .as_ref()
                .is_none_or(|r| r.is_match(c.encode_utf8(&mut [0; 4])));
        match (hit, upper) {
            (true, true) => out.extend(c.to_uppercase()),
            (true, false) => out.extend(c.to_lowercase()),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::change_case;

    #[test]
    fn case_modification_follows_bash() {
        for (v, pat, upper, first, want) in [
            ("abcabc", "[a-b]", true, false, "ABcABc"),
            ("abcabc", "", true, true, "Abcabc"),
            ("ABC", "", false, false, "abc"),
            ("ABC", "", false, true, "aBC"),
            ("abc", "b", true, true, "abc"),
        ] {
            assert_eq!(change_case(v, pat, upper, first), want, "{v} {pat}");
        }
    }
}
