//! Arrays in expansions and assignments: `a[i]` and `m[key]`, the
//! list expansions (`"${a[@]}"`, `"${!a[@]}"`, `"${a[@]:1:2}"`, `"$@"`),
//! `a=(...)` and `m=([k]=v ...)`, and `$RANDOM`.

use super::eval::{Ctl, Exec};
use brush_parser::ast;
use brush_parser::word::{Parameter, ParameterExpr as Pe, SpecialParameter as Sp};

/// A list expansion's values, and whether it is the `*` form (joined
/// with IFS's first character when quoted).
pub(super) struct List {
    pub values: Vec<String>,
    pub concatenate: bool,
}

impl Exec<'_> {
    /// A scalar's value, `$RANDOM` and `$SRANDOM` drawing their next number.
    pub(super) fn scalar(&mut self, name: &str) -> Option<String> {
        match name {
            "RANDOM" if !self.sh.vars.contains_key(name) => {
                Some(self.sh.random.next_value().to_string())
            }
            "SRANDOM" if !self.sh.vars.contains_key(name) => {
                Some(self.sh.random.next_u32().to_string())
            }
            _ => self.sh.get(name).map(str::to_string),
        }
    }

    /// `NAME=value`: `RANDOM=N` reseeds instead of storing.
    pub(super) fn assign_scalar(&mut self, name: &str, value: String) {
        if name == "RANDOM" && !self.sh.vars.contains_key(name) {
            if let Ok(n) = value.trim().parse::<i64>() {
                self.sh.random.reseed(n as u32);
            }
            return;
        }
        self.sh.set(name, value);
    }

    /// `${name[index]}`: a key of an associative array, else an
    /// arithmetic index (negative counts from the end).
    pub(super) fn element(&mut self, name: &str, index: &str) -> Result<Option<String>, Ctl> {
        if self.sh.assoc.contains_key(name) {
            let key = self.expand_string(index)?;
            return Ok(self
                .sh
                .assoc
                .get(name)
                .and_then(|m| m.get(&key))
                .map(str::to_string));
        }
        let i = self.arith(index)?;
        Ok(match self.sh.arrays.get(name) {
            Some(a) => {
                let i = if i < 0 {
                    a.keys().next_back().map(|k| k + 1 + i).unwrap_or(0)
                } else {
                    i
                };
                a.get(&i).cloned()
            }
            None if i == 0 || i == -1 => self.scalar(name),
            None => None,
        })
    }

    /// `name[index]=value`.
    pub(super) fn set_subscript(
        &mut self,
        name: &str,
        index: &str,
        value: String,
    ) -> Result<(), Ctl> {
        if self.sh.assoc.contains_key(name) {
            let key = self.expand_string(index)?;
            return self.assoc_insert(name, &key, value);
        }
        let i = self.arith(index)?;
        self.sh.set_element(name, i, value);
        Ok(())
    }

    fn assoc_insert(&mut self, name: &str, key: &str, value: String) -> Result<(), Ctl> {
        let m = self.sh.assoc.entry(name.to_string()).or_default();
        if m.insert(key, value) {
            return Ok(());
        }
        Err(self.fatal(&format!(
            "{name}: netbook: an associative array holds at most {} keys (netbook's bound)",
            super::arrays::ASSOC_CAP
        )))
    }

    /// `unset 'name[index]'`.
    pub(super) fn unset_subscript(&mut self, name: &str, index: &str) -> Result<(), Ctl> {
        if self.sh.assoc.contains_key(name) {
            let key = self.expand_string(index)?;
            if let Some(m) = self.sh.assoc.get_mut(name) {
                m.remove(&key);
            }
            return Ok(());
        }
        let i = self.arith(index)?;
        match self.sh.arrays.get_mut(name) {
            Some(a) => {
                let i = if i < 0 {
                    a.keys().next_back().map(|k| k + 1 + i).unwrap_or(0)
                } else {
                    i
                };
                a.remove(&i);
            }
            None if i == 0 => self.sh.unset(name),
            None => {}
        }
        Ok(())
    }

    /// `name=(...)` and `name+=(...)`. An associative array takes
    /// `[key]=value` items, or bare words as key, value pairs.
    pub(super) fn assign_array(
        &mut self,
        name: &str,
        items: &[(Option<ast::Word>, ast::Word)],
        append: bool,
    ) -> Result<(), Ctl> {
        if self.sh.assoc.contains_key(name) {
            if !append {
                self.sh.assoc.insert(name.to_string(), Default::default());
            }
            let mut pending: Option<String> = None;
            for (idx, w) in items {
                match idx {
                    Some(ix) => {
                        let key = self.expand_string(&ix.value)?;
                        let v = self.expand_string(&w.value)?;
                        self.assoc_insert(name, &key, v)?;
                    }
                    None => {
                        for v in self.expand_words(std::slice::from_ref(w))? {
                            match pending.take() {
                                Some(k) => self.assoc_insert(name, &k, v)?,
                                None => pending = Some(v),
                            }
                        }
                    }
                }
            }
            if let Some(k) = pending {
                self.assoc_insert(name, &k, String::new())?;
            }
            return Ok(());
        }
        if !append {
            self.sh.unset(name);
            self.sh.arrays.insert(name.to_string(), Default::default());
        }
        for (idx, w) in items {
            match idx {
                Some(ix) => {
                    let i = self.arith(&ix.value)?;
                    let v = self.expand_string(&w.value)?;
                    self.sh.set_element(name, i, v);
                }
                None => {
                    for v in self.expand_words(std::slice::from_ref(w))? {
                        let i = self.next_index(name);
                        self.sh.set_element(name, i, v);
                    }
                }
            }
        }
        Ok(())
    }

    /// The index after an array's last element.
    pub(super) fn next_index(&self, name: &str) -> i64 {
        match self.sh.arrays.get(name) {
            Some(a) => a.keys().next_back().map(|k| k + 1).unwrap_or(0),
            None => i64::from(self.sh.vars.contains_key(name)),
        }
    }

    /// An array's subscripts in listing order (a scalar has `0`).
    pub(super) fn keys(&self, name: &str) -> Vec<String> {
        if let Some(m) = self.sh.assoc.get(name) {
            return m.iter().map(|(k, _)| k.to_string()).collect();
        }
        match self.sh.arrays.get(name) {
            Some(a) => a.keys().map(i64::to_string).collect(),
            None if self.sh.vars.contains_key(name) => vec!["0".into()],
            None => vec![],
        }
    }

    /// The values of a list expansion, or `None` for any other.
    pub(super) fn list_expansion(&mut self, pe: &Pe) -> Result<Option<List>, Ctl> {
        let list = |values, concatenate| {
            Some(List {
                values,
                concatenate,
            })
        };
        Ok(match pe {
            Pe::Parameter {
                parameter,
                indirect: false,
            } => match parameter {
                Parameter::Special(Sp::AllPositionalParameters { concatenate }) => {
                    list(self.sh.positional.clone(), *concatenate)
                }
                Parameter::NamedWithAllIndices { name, concatenate } => {
                    list(self.sh.elements(name), *concatenate)
                }
                _ => None,
            },
            Pe::MemberKeys {
                variable_name,
                concatenate,
            } => list(self.keys(variable_name), *concatenate),
            Pe::Substring {
                parameter,
                indirect: false,
                offset,
                length,
            } => {
                let (indexed, concatenate): (Vec<(i64, String)>, bool) = match parameter {
                    Parameter::Special(Sp::AllPositionalParameters { concatenate }) => {
                        let all = std::iter::once(self.sh.arg0.clone())
                            .chain(self.sh.positional.iter().cloned());
                        (
                            all.enumerate().map(|(i, v)| (i as i64, v)).collect(),
                            *concatenate,
                        )
                    }
                    Parameter::NamedWithAllIndices { name, concatenate } => {
                        let vals = self.sh.elements(name);
                        let idx: Vec<i64> = match self.sh.arrays.get(name) {
                            Some(a) => a.keys().copied().collect(),
                            None => (0..vals.len() as i64).collect(),
                        };
                        (idx.into_iter().zip(vals).collect(), *concatenate)
                    }
                    _ => return Ok(None),
                };
                let end = indexed.last().map(|(i, _)| i + 1).unwrap_or(0);
                let mut off = self.arith(&offset.value)?;
                if off < 0 {
                    off += end;
                    if off < 0 {
                        return Ok(list(vec![], concatenate));
                    }
                }
                let take = match length {
                    Some(l) => {
                        let n = self.arith(&l.value)?;
                        if n < 0 {
                            return Err(self.fatal(&format!("{n}: substring expression < 0")));
                        }
                        n as usize
                    }
                    None => usize::MAX,
                };
                let values = indexed
                    .into_iter()
                    .filter(|(i, _)| *i >= off)
                    .take(take)
                    .map(|(_, v)| v)
                    .collect();
                list(values, concatenate)
            }
            _ => None,
        })
    }
}
