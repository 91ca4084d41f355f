//! `sysctl` from procps-ng 4 (Debian 12): read and write `/proc/sys` keys
//! of the current network namespace.
//!
//! Follows sysctl(8): `KEY`, `-n`, `-w KEY=VALUE` (and `KEY=VALUE`), `-p
//! [FILE]` (default `/etc/sysctl.conf`, `#`/`;` comments), `-a`, `-q`.
//! Messages and exit codes as procps prints them.

use super::{CmdOutput, Command, Ctx};
use crate::sim::World;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "sysctl",
    summary: "configure kernel parameters at runtime",
    summary_ko: "커널 파라미터(net.ipv4.ip_forward 등)를 읽고 씁니다; 네임스페이스마다 따로입니다",
    usage: "sysctl [-n] [-q] [-a] [-w] [-p [FILE]] [KEY[=VALUE]]...",
    run: sysctl,
    complete: Some(complete),
}];

fn complete(_: &World, _: &[String], prefix: &str) -> Vec<String> {
    World::sysctl_defs()
        .map(|d| d.key.to_string())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

fn sysctl(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let mut names_only = false;
    let mut quiet = false;
    let mut write = false;
    let mut load: Option<Option<String>> = None;
    let mut all = false;
    let mut keys: Vec<&String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-n" | "--values" => names_only = true,
            "-q" | "--quiet" => quiet = true,
            "-w" | "--write" => write = true,
            "-a" | "-A" | "-X" | "--all" => all = true,
            "-p" | "--load" => {
                let file = args.get(i + 1).filter(|f| !f.starts_with('-')).cloned();
                if file.is_some() {
                    i += 1;
                }
                load = Some(file);
            }
            s if s.starts_with("-p") => load = Some(Some(s[2..].to_string())),
            s if s.starts_with('-') && s.len() > 1 => {
                return CmdOutput::usage(
                    1,
                    format!("sysctl: invalid option -- '{}'\n\nUsage:\n sysctl [options] [variable[=value] ...]\n", s[1..].chars().next().unwrap_or('-')),
                )
            }
            _ => keys.push(a),
        }
        i += 1;
    }
    let mut out = String::new();
    let mut err = String::new();
    let mut status = 0;
    let show = |key: &str, val: &str, out: &mut String| {
        if names_only {
            out.push_str(val);
        } else {
            out.push_str(&format!("{key} = {val}"));
        }
        out.push('\n');
    };
    if all {
        for d in World::sysctl_defs() {
            if let Ok(v) = ctx.world.sysctl_get(ns, d.key) {
                show(d.key, &v, &mut out);
            }
        }
        return CmdOutput {
            stdout: out,
            ..Default::default()
        };
    }
    if let Some(file) = load {
        let path = file.unwrap_or_else(|| "/etc/sysctl.conf".to_string());
        let content = match ctx.world.read_file(ctx.netns.as_deref(), &path) {
            Ok(c) => c,
            Err(_) => {
                return CmdOutput::error(
                    1,
                    format!("sysctl: cannot open \"{path}\": No such file or directory\n"),
                )
            }
        };
        for line in content.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let line = line.strip_prefix('-').unwrap_or(line);
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            match ctx.world.sysctl_set(ns, k, v) {
                Ok(()) => {
                    if !quiet {
                        show(k, v, &mut out)
                    }
                }
                Err(e) => {
                    err += &format!("{e}\n");
                    status = 1;
                }
            }
        }
        return CmdOutput {
            status,
            stdout: out,
            stderr: err,
            ..Default::default()
        };
    }
    if keys.is_empty() {
        return CmdOutput::usage(
            1,
            "sysctl: no variables specified\nTry `sysctl --help' for more information.\n"
                .to_string(),
        );
    }
    // procps 4.0.2 says `invalid syntax` once per command line, and an
    // empty name (`sysctl -w key = value`'s lone `=`) fails silently.
    let mut said_syntax = false;
    for k in keys {
        match k.split_once('=') {
            Some((key, _)) if key.trim().is_empty() => status = status.max(1),
            Some((key, val)) => match ctx.world.sysctl_set(ns, key, val) {
                Ok(()) => {
                    if !quiet {
                        show(&key.replace('/', "."), val.trim(), &mut out)
                    }
                }
                Err(e) => {
                    err += &format!("{e}\n");
                    status = 1;
                }
            },
            None if write => {
                if !said_syntax {
                    err += "sysctl: command line(0): invalid syntax, continuing...\n";
                    said_syntax = true;
                }
                status = 1;
            }
            None => match ctx.world.sysctl_get(ns, k) {
                Ok(v) => show(&k.replace('/', "."), &v, &mut out),
                Err(e) => {
                    err += &format!("{e}\n");
                    status = 1;
                }
            },
        }
    }
    CmdOutput {
        status,
        stdout: out,
        stderr: err,
        ..Default::default()
    }
}
