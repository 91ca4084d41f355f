//! `declare`, `typeset`, `local` and `readonly` (attributes `-a`, `-A`,
//! `-x`, `-g`, and `-p`'s listing), and `unset` with subscripts.

use super::arrays::SavedArray;
use super::builtins::{dq, valid_name};
use super::eval::{Exec, R};
use brush_parser::ast;
use std::collections::HashMap;

/// The options a declaration builtin was given.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Decl {
    indexed: bool,
    assoc: bool,
    export: bool,
    unexport: bool,
    global: bool,
    print: bool,
}

/// Splits leading options off; `Err` names an option netbook refuses
/// (or bash's message for an unknown one).
fn parse_decl(args: &[String]) -> Result<(Decl, &[String]), Result<char, char>> {
    let mut d = Decl::default();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        let plus = a.starts_with('+');
        if a.len() < 2 || !(a.starts_with('-') || plus) {
            break;
        }
        for c in a[1..].chars() {
            match c {
                'a' => d.indexed = true,
                'A' => d.assoc = true,
                'x' if plus => d.unexport = true,
                'x' => d.export = true,
                'g' => d.global = true,
                'p' => d.print = true,
                // Read-only is kept as plain assignment, as before.
                'r' => {}
                'i' | 'n' | 'l' | 'u' | 't' | 'f' | 'F' | 'I' => return Err(Ok(c)),
                _ => return Err(Err(c)),
            }
        }
        i += 1;
    }
    Ok((d, &args[i..]))
}

/// A value as `declare -p` prints it: `$'...'` when it holds a control
/// character (bash's `ansic_quote`), else in double quotes.
fn value_text(v: &str) -> String {
    if !v.chars().any(|c| c.is_ascii_control()) {
        return dq(v);
    }
    let mut o = String::from("$'");
    for c in v.chars() {
        match c {
            '\x07' => o.push_str("\\a"),
            '\x08' => o.push_str("\\b"),
            '\x1b' => o.push_str("\\E"),
            '\x0c' => o.push_str("\\f"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            '\x0b' => o.push_str("\\v"),
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            c if c.is_ascii_control() => o.push_str(&format!("\\{:03o}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('\'');
    o
}

/// An associative array's key as `declare -p` prints it.
fn key_text(k: &str) -> String {
    if k.chars().any(|c| c.is_ascii_control()) {
        return value_text(k);
    }
    let metas = k.chars().any(|c| " \t\n'\"\\|&;()<>!{}*[?]^$`".contains(c))
        || k.starts_with(['~', '#'])
        || k == "@"
        || k == "*";
    if metas {
        dq(k)
    } else {
        k.to_string()
    }
}

impl Exec<'_> {
    /// `declare`/`typeset`/`local`/`readonly`; `arrays` are the
    /// `NAME=(...)` operands, which the parser kept apart.
    pub(super) fn declare_with(
        &mut self,
        name: &str,
        args: &[String],
        arrays: &[&ast::Assignment],
    ) -> R {
        if name == "local" && self.sh.depth == 0 {
            self.write(2, "bash: local: can only be used in a function\n");
            return Ok(1);
        }
        let (d, operands) = match parse_decl(args) {
            Ok(x) => x,
            Err(Ok(c)) => {
                self.write(2, &format!("netbook: {name} -{c} is not simulated\n"));
                return Ok(2);
            }
            Err(Err(c)) => {
                self.write(
                    2,
                    &format!(
                        "bash: {name}: -{c}: invalid option\n{name}: usage: {name} [-aAfFgiIlnrtux] [name[=value] ...] or {name} -p [-aAfFilnrtux] [name ...]\n"
                    ),
                );
                return Ok(2);
            }
        };
        if d.print || (operands.is_empty() && arrays.is_empty()) {
            return Ok(self.declare_print(name, operands));
        }
        let local = name != "readonly" && self.sh.depth > 0 && !d.global;
        let mut status = 0;
        for a in operands {
            let (n, v) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            if !valid_name(n) {
                self.write(2, &format!("bash: {name}: `{a}': not a valid identifier\n"));
                status = 1;
                continue;
            }
            if local {
                self.hide_outer_array(n);
                self.sh.make_local(n);
                if v.is_none() && name == "local" {
                    self.sh.vars.remove(n);
                }
            }
            if d.assoc && !self.sh.assoc.contains_key(n) {
                self.sh.unset(n);
                self.sh.assoc.insert(n.to_string(), Default::default());
            } else if d.indexed && !self.sh.arrays.contains_key(n) && !self.sh.assoc.contains_key(n)
            {
                let old = self.sh.vars.remove(n);
                self.sh.arrays.insert(n.to_string(), Default::default());
                if let Some(old) = old {
                    self.sh.set_element(n, 0, old.value);
                }
            }
            if let Some(v) = v {
                self.assign_scalar(n, v);
            }
            if let Some(var) = self.sh.vars.get_mut(n) {
                var.exported = (var.exported || d.export) && !d.unexport;
            }
        }
        for a in arrays {
            if let (ast::AssignmentName::VariableName(n), ast::AssignmentValue::Array(items)) =
                (&a.name, &a.value)
            {
                self.assign_array(n, items, a.append)?;
            }
        }
        Ok(status)
    }

    /// Moves an outer array of `name` aside for the innermost call (once).
    fn hide_outer_array(&mut self, name: &str) {
        let Some(frame) = self.sh.array_locals.last_mut() else {
            return;
        };
        if frame.contains_key(name) {
            return;
        }
        let saved = SavedArray {
            indexed: self.sh.arrays.remove(name),
            assoc: self.sh.assoc.remove(name),
        };
        frame.insert(name.to_string(), saved);
    }

    /// At a call's end: its local arrays go, the outer ones come back.
    pub(super) fn restore_arrays(&mut self, frame: HashMap<String, SavedArray>) {
        for (name, saved) in frame {
            self.sh.arrays.remove(&name);
            self.sh.assoc.remove(&name);
            if let Some(a) = saved.indexed {
                self.sh.arrays.insert(name.clone(), a);
            }
            if let Some(m) = saved.assoc {
                self.sh.assoc.insert(name, m);
            }
        }
    }

    /// `declare -p NAME...`.
    fn declare_print(&mut self, builtin: &str, names: &[String]) -> i32 {
        if names.is_empty() {
            self.write(
                2,
                &format!(
                    "netbook: {builtin} without a name (listing every variable) is not simulated\n"
                ),
            );
            return 2;
        }
        let mut status = 0;
        for n in names {
            let exported = self.sh.vars.get(n.as_str()).is_some_and(|v| v.exported);
            let x = if exported { "x" } else { "" };
            let line = if let Some(m) = self.sh.assoc.get(n.as_str()) {
                let items: String = m
                    .iter()
                    .map(|(k, v)| format!("[{}]={} ", key_text(k), value_text(v)))
                    .collect();
                format!("declare -A{x} {n}=({items})")
            } else if let Some(a) = self.sh.arrays.get(n.as_str()) {
                let items: Vec<String> = a
                    .iter()
                    .map(|(i, v)| format!("[{i}]={}", value_text(v)))
                    .collect();
                format!("declare -a{x} {n}=({})", items.join(" "))
            } else if let Some(v) = self.sh.vars.get(n.as_str()) {
                let flags = if v.exported { "-x" } else { "--" };
                format!("declare {flags} {n}={}", value_text(&v.value))
            } else {
                self.write(2, &format!("bash: {builtin}: {n}: not found\n"));
                status = 1;
                continue;
            };
            self.write(1, &format!("{line}\n"));
        }
        status
    }

    /// `unset [-f|-v] NAME...`, a NAME may be `a[i]` or `m[key]`.
    pub(super) fn unset_builtin(&mut self, args: &[String]) -> R {
        let funcs = args.iter().any(|a| a == "-f");
        let vars_only = args.iter().any(|a| a == "-v");
        let mut status = 0;
        for a in args.iter().filter(|a| !a.starts_with('-')) {
            if funcs {
                self.sh.funcs.remove(a.as_str());
                continue;
            }
            if let Some((n, rest)) = a.split_once('[') {
                if let Some(idx) = rest.strip_suffix(']') {
                    if valid_name(n) {
                        self.unset_subscript(n, idx)?;
                        continue;
                    }
                }
            } else if valid_name(a) {
                self.sh.unset(a);
                continue;
            }
            // Without -v, a word that names no variable may name a function.
            if vars_only {
                self.write(2, &format!("bash: unset: `{a}': not a valid identifier\n"));
                status = 1;
            } else {
                self.sh.funcs.remove(a.as_str());
            }
        }
        Ok(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_options_parse_or_refuse() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = args(&["-Ax", "m", "n"]);
        let (d, rest) = parse_decl(&a).unwrap();
        assert!(d.assoc && d.export && !d.print);
        assert_eq!(rest, ["m", "n"]);
        assert_eq!(parse_decl(&args(&["-i", "x"])).unwrap_err(), Ok('i'));
        assert_eq!(parse_decl(&args(&["-Z"])).unwrap_err(), Err('Z'));
        assert_eq!(key_text("a b"), "\"a b\"");
        assert_eq!(key_text("a=b"), "a=b");
        assert_eq!(key_text("@"), "\"@\"");
        assert_eq!(value_text("a\nb\x01\x1b'\\"), "$'a\\nb\\001\\E\\'\\\\'");
    }
}
