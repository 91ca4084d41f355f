//! `cd` and `pwd` (bash(1), SHELL BUILTIN COMMANDS): the shell's working
//! directory, kept in `Shell::cwd`, mirrored in `$PWD` and `$OLDPWD`, and
//! handed to the file tree so every relative path resolves from it.
//!
//! Like bash, `cd` is logical by default: `..` drops the last name of
//! `$PWD` (so `cd /var/run; cd ..` is in `/var`), while `-P` resolves
//! links first (`/var/run` is `/run`).

use super::eval::{Exec, R};
use super::state::Var;
use crate::shell::command::canonical;
use crate::sim::stack::fs::{normalize, resolve};

const CD_USAGE: &str = "cd: usage: cd [-L|[-P [-e]] [-@]] [dir]\n";
const PWD_USAGE: &str = "pwd: usage: pwd [-LP]\n";

/// bash's `internal_getopt` for flag-only builtins: clustered letters
/// from `allowed`, up to `--` or the first word that is not an option
/// (`-` alone is a word). The last of `-L`/`-P` wins; `Err` holds the
/// bad letter.
fn flags<'a>(args: &'a [String], allowed: &str) -> Result<(Vec<char>, &'a [String]), char> {
    let mut seen = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            return Ok((seen, &args[i + 1..]));
        }
        let Some(letters) = a.strip_prefix('-').filter(|l| !l.is_empty()) else {
            return Ok((seen, &args[i..]));
        };
        for c in letters.chars() {
            if !allowed.contains(c) {
                return Err(c);
            }
            seen.push(c);
        }
    }
    Ok((seen, &[]))
}

/// Whether the last of `-L`/`-P` given was `-P`.
fn physical(seen: &[char]) -> bool {
    seen.iter().rev().find(|c| matches!(c, 'L' | 'P')) == Some(&'P')
}

/// A parsed `cd` command line.
#[derive(Debug, PartialEq, Eq)]
struct Cd {
    physical: bool,
    /// `None`: `$HOME`.
    dir: Option<String>,
}

fn parse_cd(args: &[String]) -> Result<Cd, String> {
    let (seen, rest) =
        flags(args, "LPe").map_err(|c| format!("bash: cd: -{c}: invalid option\n{CD_USAGE}"))?;
    if rest.len() > 1 {
        return Err("bash: cd: too many arguments\n".into());
    }
    Ok(Cd {
        physical: physical(&seen),
        dir: rest.first().cloned(),
    })
}

impl Exec<'_> {
    /// `cd [-L|-P [-e]] [DIR]`.
    pub(super) fn cd_builtin(&mut self, args: &[String]) -> R {
        let cd = match parse_cd(args) {
            Ok(cd) => cd,
            Err(e) => {
                self.write(2, &e);
                return Ok(if e.contains("invalid option") { 2 } else { 1 });
            }
        };
        let (dir, mut announce) = match cd.dir.as_deref() {
            None => match self.sh.get("HOME") {
                Some(h) => (h.to_string(), false),
                None => return Ok(self.cd_fail("HOME not set")),
            },
            Some("-") => match self.sh.get("OLDPWD") {
                Some(o) => (o.to_string(), true),
                None => return Ok(self.cd_fail("OLDPWD not set")),
            },
            Some(d) => (d.to_string(), false),
        };
        // bash changes nothing for an empty name (`cd ""`, `HOME=`).
        if dir.is_empty() {
            return Ok(0);
        }
        let (text, found_in_cdpath) = self.cdpath(&dir);
        announce |= found_in_cdpath;
        let ns = self.netns.clone();
        let phys = match canonical::directory(self.world, ns.as_deref(), &text) {
            Ok(p) => p,
            Err(Some(why)) => return Ok(self.cd_fail(&format!("{dir}: {why}"))),
            Err(None) => {
                self.write(2, &format!("netbook: cd {dir} is not simulated\n"));
                return Ok(1);
            }
        };
        let new = if cd.physical { phys } else { normalize(&text) };
        let old = self
            .sh
            .get("PWD")
            .unwrap_or(self.sh.cwd.as_str())
            .to_string();
        // bash keeps each variable's export flag; a login shell starts with
        // OLDPWD exported though unset (netbook cannot tell that apart from
        // an `unset OLDPWD`, after which bash would not export it).
        let exported = self.sh.vars.get("OLDPWD").is_none_or(|v| v.exported);
        self.sh.vars.insert(
            "OLDPWD".into(),
            Var {
                value: old,
                exported,
            },
        );
        self.sh.set("PWD", new.clone());
        self.sh.cwd = new;
        self.sync_cwd();
        if announce {
            let line = format!("{}\n", self.sh.cwd);
            self.write(1, &line);
        }
        Ok(0)
    }

    fn cd_fail(&mut self, why: &str) -> i32 {
        self.write(2, &format!("bash: cd: {why}\n"));
        1
    }

    /// The path `dir` names (not normalised: `..` must meet links as
    /// chdir meets them), searched along `$CDPATH` as bash does for a name
    /// that starts neither with `/` nor with `.`/`..`; true when a
    /// non-empty `$CDPATH` entry found it (cd then prints where it went).
    fn cdpath(&self, dir: &str) -> (String, bool) {
        let join = |base: &str| {
            if dir.starts_with('/') {
                dir.to_string()
            } else {
                format!("{}/{dir}", base.trim_end_matches('/'))
            }
        };
        let first = dir.split('/').next().unwrap_or("");
        let searched = !dir.starts_with('/') && first != "." && first != "..";
        if let Some(path) = self.sh.get("CDPATH").filter(|_| searched) {
            for entry in path.split(':') {
                let base = if entry.is_empty() {
                    self.sh.cwd.clone()
                } else {
                    resolve(&self.sh.cwd, entry)
                };
                let text = join(&base);
                let ns = self.netns.as_deref();
                if canonical::directory(self.world, ns, &text).is_ok() {
                    return (text, !entry.is_empty());
                }
            }
        }
        (join(&self.sh.cwd), false)
    }

    /// `pwd [-LP]`: the logical directory, or with `-P` its physical one.
    pub(super) fn pwd_builtin(&mut self, args: &[String]) -> R {
        let seen = match flags(args, "LP") {
            Ok((seen, _)) => seen,
            Err(c) => {
                self.write(2, &format!("bash: pwd: -{c}: invalid option\n{PWD_USAGE}"));
                return Ok(2);
            }
        };
        let mut dir = self.sh.cwd.clone();
        if physical(&seen) {
            let ns = self.netns.as_deref();
            if let Ok(p) = canonical::directory(self.world, ns, &dir) {
                dir = p;
            }
        }
        self.write(1, &format!("{dir}\n"));
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn cd_lines_parse_as_bash_reads_them() {
        let cd = |d: Option<&str>, physical| {
            Ok(Cd {
                physical,
                dir: d.map(str::to_string),
            })
        };
        for (line, want) in [
            ("", cd(None, false)),
            ("-", cd(Some("-"), false)),
            ("-P /tmp", cd(Some("/tmp"), true)),
            ("-P -L /tmp", cd(Some("/tmp"), false)),
            ("-Pe x", cd(Some("x"), true)),
            ("-- -x", cd(Some("-x"), false)),
            (
                "-x",
                Err(format!("bash: cd: -x: invalid option\n{CD_USAGE}")),
            ),
            (
                "-@ /tmp",
                Err(format!("bash: cd: -@: invalid option\n{CD_USAGE}")),
            ),
            ("a b", Err("bash: cd: too many arguments\n".to_string())),
        ] {
            assert_eq!(parse_cd(&words(line)), want, "cd {line}");
        }
    }
}
