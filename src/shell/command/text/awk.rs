//! `awk`/`gawk`: options (`-F`, `-v`, `-f`), the program's entry, and
//! printf-style formatting shared by `printf` and `sprintf`. The grammar
//! is in `awk_parse`, the interpreter in `awk_eval`.

use super::awk_args::{AwkArgs, Source};
use super::awk_eval::Interp;
use super::awk_lex::lex;
use super::awk_parse::Parser;
use super::awk_value::Val;
use crate::shell::command::{CmdOutput, Ctx};

/// `-v` values and `-F` take escape sequences, as in awk strings.
fn unescape(s: &str) -> String {
    match lex(&format!("\"{}\"", s.replace('"', "\\\""))) {
        Ok(t) => match t.first() {
            Some(super::awk_lex::Tok::Str(v)) => v.clone(),
            _ => s.to_string(),
        },
        Err(_) => s.to_string(),
    }
}

/// `awk [-F FS] [-v VAR=VAL]... [-f FILE | -e TEXT | 'PROGRAM'] [FILE | VAR=VAL]...`
pub fn run(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    super::awk_args::parse(args).map_or_else(|e| e, |o| run_awk(ctx, o))
}

fn run_awk(ctx: &mut Ctx, o: AwkArgs) -> CmdOutput {
    let AwkArgs {
        fs,
        assigns,
        sources,
        operands,
    } = o;
    let assigns: Vec<(String, String)> = assigns
        .into_iter()
        .map(|(n, v)| (n, unescape(&v)))
        .collect();
    // Without -f or -e, the first operand is the program.
    let (program, i) = if sources.is_empty() {
        (operands[0].clone(), 1)
    } else {
        let mut text = Vec::new();
        for s in sources {
            match s {
                Source::Text(t) => text.push(t),
                Source::File(p) => match ctx.world.read_file(ctx.netns.as_deref(), &p) {
                    Ok(t) => text.push(t),
                    Err(_) => {
                        return CmdOutput::usage(
                            2,
                            format!("awk: fatal: can't open source file `{p}' for reading: No such file or directory\n"),
                        )
                    }
                },
            }
        }
        (text.join("\n"), 0)
    };
    let args = &operands;
    let prog = match lex(&program).and_then(|t| Parser::new(t).program()) {
        Ok(p) => p,
        Err(e) => {
            let first = program.lines().next().unwrap_or("");
            return CmdOutput::usage(
                1,
                format!("awk: cmd. line:1: {first}\nawk: cmd. line:1: {e}\n"),
            );
        }
    };
    let mut out = CmdOutput::default();
    let mut text = String::new();
    let mut files = 0;
    let mut operand_vars: Vec<(String, String)> = Vec::new();
    for op in &args[i..] {
        if let Some((n, v)) = op.split_once('=') {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                operand_vars.push((n.to_string(), unescape(v)));
                continue;
            }
        }
        files += 1;
        if op == "-" {
            text.push_str(ctx.stdin.as_deref().unwrap_or(""));
            continue;
        }
        match ctx.world.read_file(ctx.netns.as_deref(), op) {
            Ok(t) => text.push_str(&t),
            Err(_) => {
                out.stderr.push_str(&format!(
                    "awk: fatal: cannot open file `{op}' for reading: No such file or directory\n"
                ));
                out.status = 2;
                return out;
            }
        }
    }
    if files == 0 {
        text = ctx.stdin.clone().unwrap_or_default();
    }
    let records: Vec<&str> = text.lines().collect();
    let mut it = Interp::new(&prog, ctx.interrupt);
    if let Some(fs) = fs {
        // gawk reads `-Ft` as a tab only in --traditional mode.
        it.set_var("FS", Val::Str(unescape(&fs)));
    }
    for (n, v) in assigns.into_iter().chain(operand_vars) {
        it.set_var(&n, Val::StrNum(v));
    }
    let mut argv = vec![("0".to_string(), Val::Str("awk".into()))];
    for (k, a) in args[i..].iter().enumerate() {
        argv.push(((k + 1).to_string(), Val::StrNum(a.clone())));
    }
    it.set_var("ARGC", Val::Num(argv.len() as f64));
    it.set_array("ARGV", argv);
    let r = it.run(&records);
    out.stdout = std::mem::take(&mut it.out);
    for (path, body, append) in std::mem::take(&mut it.files) {
        if path == "/dev/stderr" {
            out.stderr.push_str(&body);
            continue;
        }
        if path == "/dev/stdout" {
            out.stdout.push_str(&body);
            continue;
        }
        if let Err(e) = ctx
            .world
            .write_file(ctx.netns.as_deref(), &path, &body, append)
        {
            out.stderr.push_str(&format!("awk: {e}\n"));
            out.status = 2;
        }
    }
    match r {
        Ok(code) => {
            if out.status == 0 {
                out.status = code;
            }
        }
        Err(e) => {
            out.stderr.push_str(&format!("awk: cmd. line:1: {e}\n"));
            out.status = 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::awk_value::{fmt_num, format};
    use super::*;

    #[test]
    fn printf_like_c() {
        let n = |v: f64| Val::Num(v);
        assert_eq!(
            format(
                "%5.2f|%-4d|%03d|%x",
                &[n(1.23456), n(7.0), n(5.0), n(255.0)]
            ),
            " 1.23|7   |005|ff"
        );
        assert_eq!(
            format("%g %g %g", &[n(0.0001), n(1e20), n(123456789.0)]),
            "0.0001 1e+20 1.23457e+08"
        );
        assert_eq!(format("%s=%c", &[Val::Str("a".into()), n(65.0)]), "a=A");
        assert_eq!(fmt_num(0.1 + 0.2, "%.6g"), "0.3");
    }
}
