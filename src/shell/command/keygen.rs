//! `ssh-keygen` (OpenSSH 9.2, Debian 12): the forms tutorials use.
//!
//! - `ssh-keygen -t ed25519 [-f FILE] [-N ''] [-C COMMENT] [-q]`: a key
//!   pair from a deterministic seed (the file, the comment and how many
//!   keys the world made), written as the real tool writes it (private
//!   0600, public 0644, `~/.ssh` created 0700);
//! - `ssh-keygen -l [-v] -f FILE`: the fingerprint (and randomart);
//!   `ssh-keygen -y -f FILE`: the public key of a private one;
//! - `-b`, `-a`, `-m` and `-E sha256` are checked as OpenSSH checks them;
//!   a passphrase (`-N WORD`, or typed when asked) and other hashes are
//!   refused.
//!
//! Without a terminal (a notebook cell), the questions ssh-keygen asks
//! (file name, overwrite) read the cell's stdin; at its end ssh-keygen
//! gives up as the real one does. RSA, ECDSA and DSA key *generation* is
//! not simulated (their public keys can be read and fingerprinted).

use super::args::{self, ArgError, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::sim::apps::sshkey::{Ed25519Key, PublicKey};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "ssh-keygen",
    summary: "OpenSSH authentication key utility (Ed25519 keys, -l, -y)",
    summary_ko: "SSH 키 쌍을 만듭니다 (ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519 -N '')",
    usage: "ssh-keygen [-q] [-t ed25519] [-N new_passphrase] [-C comment] [-f output_keyfile] | -l [-f input_keyfile] | -y [-f input_keyfile]",
    run: ssh_keygen,
    complete: None,
}];

const HOME_SSH: &str = "/root/.ssh";

struct Opts {
    kind: String,
    file: Option<String>,
    comment: Option<String>,
    quiet: bool,
    list: bool,
    public_of: bool,
    /// `-v`: `-l` draws the randomart too.
    verbose: bool,
    /// `-N`; without it ssh-keygen asks for one.
    passphrase: Option<String>,
}

/// ssh-keygen's usage (OpenSSH 9.2p1), printed after an option error;
/// status 1. An ordinary failure, not a cell error: the cell's error
/// report is line-based and would drop the CR of OpenSSH's CR LF.
fn usage() -> CmdOutput {
    CmdOutput::error(1, include_str!("keygen-usage.txt"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Quiet,
    List,
    PublicOf,
    Type,
    File,
    Comment,
    Verbose,
    Passphrase,
    /// Checked, then nothing to do: Ed25519 keys have one size.
    Bits,
    /// Checked, then nothing to do: KDF rounds only matter with a
    /// passphrase, and those are refused.
    Rounds,
    /// Checked, then nothing to do: Ed25519 keys are always written in
    /// OpenSSH's own format, and -l/-y convert nothing.
    Format,
    Hash,
}

/// The modelled part of ssh-keygen's optstring (plain getopt, no long
/// options, stops at the first operand).
const TABLE: &[Opt<Key>] = &[
    Opt::short('q', Key::Quiet),
    Opt::short('l', Key::List),
    Opt::short('y', Key::PublicOf),
    Opt::short('v', Key::Verbose),
    Opt::value('t', Key::Type),
    Opt::value('f', Key::File),
    Opt::value('C', Key::Comment),
    Opt::value('N', Key::Passphrase),
    Opt::value('b', Key::Bits),
    Opt::value('a', Key::Rounds),
    Opt::value('m', Key::Format),
    Opt::value('E', Key::Hash),
];

/// OpenBSD's `strtonum`: a whole base-10 `strtoll` word within
/// `min..=max`, or why not.
fn strtonum(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid");
    }
    // Past i64, strtoll saturates: still too small or too large.
    let v: i128 = t.parse().unwrap_or(if t.starts_with('-') {
        i128::MIN
    } else {
        i128::MAX
    });
    if v < i128::from(min) {
        Err("too small")
    } else if v > i128::from(max) {
        Err("too large")
    } else {
        Ok(v as i64)
    }
}

/// ssh-keygen's `fatal()` for a bad option value: status 255, CR LF.
fn fatal(msg: String) -> CmdOutput {
    CmdOutput::error(255, format!("{msg}\r\n"))
}

/// Reads argv into [`Opts`]; an error is ssh-keygen's complete output.
fn parse(args: &[String]) -> Result<Opts, CmdOutput> {
    let with_usage = |line: String| {
        let mut u = usage();
        u.stderr.insert_str(0, &line);
        u
    };
    // OpenSSH's own getopt words its errors without the program name,
    // and its log lines end in CR LF.
    let items = args::parse_in_order(TABLE, args).map_err(|e| {
        with_usage(match e {
            ArgError::ShortNeedsValue(c) => format!("option requires an argument -- {c}\r\n"),
            ArgError::Invalid(c) => format!("unknown option -- {c}\r\n"),
            other => other.message("ssh-keygen"),
        })
    })?;
    let mut o = Opts {
        kind: "rsa".into(),
        file: None,
        comment: None,
        quiet: false,
        list: false,
        public_of: false,
        verbose: false,
        passphrase: None,
    };
    for item in items {
        match item {
            Item::Flag(Key::Quiet) => o.quiet = true,
            Item::Flag(Key::List) => o.list = true,
            Item::Flag(Key::PublicOf) => o.public_of = true,
            Item::Value(Key::Type, v) => o.kind = v,
            Item::Value(Key::File, v) => o.file = Some(v),
            Item::Value(Key::Comment, v) => o.comment = Some(v),
            Item::Flag(Key::Verbose) => o.verbose = true,
            Item::Value(Key::Passphrase, v) => o.passphrase = Some(v),
            Item::Value(Key::Bits, v) => {
                if let Err(why) = strtonum(&v, 1, i64::from(u32::MAX)) {
                    return Err(fatal(format!("Bits has bad value {v} ({why})")));
                }
            }
            Item::Value(Key::Rounds, v) => {
                if let Err(why) = strtonum(&v, 1, i64::from(i32::MAX)) {
                    return Err(fatal(format!("Invalid number: {v} ({why})")));
                }
            }
            Item::Value(Key::Format, v) => {
                if !["RFC4716", "PKCS8", "PEM"]
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&v))
                {
                    return Err(fatal(format!("Unsupported conversion format \"{v}\"")));
                }
            }
            Item::Value(Key::Hash, v) => match v.to_ascii_uppercase().as_str() {
                "SHA256" => {}
                "MD5" | "SHA1" | "SHA384" | "SHA512" => {
                    return Err(super::not_simulated("ssh-keygen", &format!("-E {v}"), 255))
                }
                _ => return Err(fatal(format!("Invalid hash algorithm \"{v}\""))),
            },
            Item::Operand(_) => return Err(with_usage("Too many arguments.\r\n".into())),
            Item::Flag(_) | Item::Value(..) => {}
        }
    }
    Ok(o)
}

fn ssh_keygen(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let mut answers = ctx
        .stdin
        .take()
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter();
    if o.list || o.public_of {
        let file = match o.file.clone() {
            Some(f) => f,
            None => {
                let prompt = "Enter file in which the key is (/root/.ssh/id_rsa): ";
                match answers.next() {
                    Some(f) if !f.is_empty() => f,
                    Some(_) => "/root/.ssh/id_rsa".into(),
                    None => {
                        return CmdOutput {
                            status: 1,
                            stdout: prompt.into(),
                            ..Default::default()
                        }
                    }
                }
            }
        };
        let Ok(text) = ctx.world.read_file(ctx.netns.as_deref(), &file) else {
            return CmdOutput::error(
                255,
                format!("ssh-keygen: {file}: No such file or directory\r\n"),
            );
        };
        let Some(key) = PublicKey::parse(&text) else {
            return CmdOutput::error(255, format!("{file} is not a public key file.\r\n"));
        };
        if o.public_of {
            return CmdOutput::text(format!("{}\n", key.line()));
        }
        let comment = if key.comment.is_empty() {
            "no comment"
        } else {
            &key.comment
        };
        let art = if o.verbose {
            key.randomart()
        } else {
            String::new()
        };
        return CmdOutput::text(format!(
            "{} {} {comment} ({})\n{art}",
            key.bits,
            key.fingerprint(),
            key.kind
        ));
    }
    let kind = o.kind.to_ascii_lowercase();
    let default_name = match kind.as_str() {
        "ed25519" => "id_ed25519",
        "rsa" => "id_rsa",
        "ecdsa" => "id_ecdsa",
        "dsa" => "id_dsa",
        _ => return CmdOutput::error(255, format!("unknown key type {}\r\n", o.kind)),
    };
    let mut stdout = format!("Generating public/private {kind} key pair.\n");
    let file = match o.file.clone() {
        Some(f) => f,
        None => {
            stdout += &format!("Enter file in which to save the key ({HOME_SSH}/{default_name}): ");
            match answers.next() {
                Some(f) if !f.is_empty() => f,
                Some(_) => format!("{HOME_SSH}/{default_name}"),
                None => {
                    return CmdOutput {
                        status: 1,
                        stdout,
                        ..Default::default()
                    }
                }
            }
        }
    };
    if kind != "ed25519" {
        return CmdOutput::usage(
            1,
            format!("netbook: ssh-keygen makes Ed25519 keys only (-t ed25519); {kind} key generation is not simulated\n"),
        );
    }
    let path = ctx.world.fs.abs(&file);
    let fs = &mut ctx.world.fs;
    if path.starts_with(&format!("{HOME_SSH}/")) && !fs.is_dir(HOME_SSH) {
        let _ = fs.mkdir_p(HOME_SSH);
        let _ = fs.set_mode(HOME_SSH, 0o700);
        if !o.quiet {
            stdout.insert_str(0, &format!("Created directory '{HOME_SSH}'.\n"));
        }
    }
    if fs.exists(&path) {
        stdout += &format!("{file} already exists.\nOverwrite (y/n)? ");
        if !answers.next().is_some_and(|a| a.starts_with('y')) {
            return CmdOutput {
                status: 1,
                stdout,
                ..Default::default()
            };
        }
    }
    // Without -N and a terminal, ssh-keygen reads the passphrase and its
    // repetition from stdin, prompting on stderr, until the two match.
    let mut stderr = String::new();
    // Printed even with -q.
    let mut mismatches = String::new();
    let passphrase = match o.passphrase {
        Some(p) => p,
        None => loop {
            stderr += "Enter passphrase (empty for no passphrase): Enter same passphrase again: ";
            let first = answers.next().unwrap_or_default();
            if answers.next().unwrap_or_default() == first {
                break first;
            }
            mismatches += "Passphrases do not match.  Try again.\n";
        },
    };
    stdout += &mismatches;
    if !passphrase.is_empty() {
        let mut out = super::not_simulated("ssh-keygen", "with a passphrase", 1);
        out.stderr.insert_str(0, &stderr);
        out.stdout = stdout;
        return out;
    }
    let host = ctx
        .world
        .read_file(None, "/etc/hostname")
        .ok()
        .and_then(|h| h.lines().next().map(str::to_string))
        .unwrap_or_else(|| "host".into());
    let comment = o.comment.clone().unwrap_or_else(|| format!("root@{host}"));
    ctx.world.ssh.keys_made += 1;
    let material = format!(
        "netbook ssh-keygen\0{path}\0{comment}\0{}",
        ctx.world.ssh.keys_made
    );
    let key = Ed25519Key::from_material(material.as_bytes(), &comment);
    let fs = &mut ctx.world.fs;
    if let Err(e) = fs.write(&path, &key.private_file(), false) {
        let why = match e {
            crate::sim::fs::FsError::IsADirectory(_) => "Is a directory",
            _ => "No such file or directory",
        };
        return CmdOutput {
            status: 1,
            stdout: if o.quiet { mismatches } else { stdout },
            stderr: format!("{stderr}Saving key \"{file}\" failed: {why}\n"),
            ..Default::default()
        };
    }
    let _ = fs.set_mode(&path, 0o600);
    let pub_path = format!("{path}.pub");
    let _ = fs.write(&pub_path, &key.public_line(), false);
    let _ = fs.set_mode(&pub_path, 0o644);
    if o.quiet {
        return CmdOutput {
            stdout: mismatches,
            stderr,
            ..Default::default()
        };
    }
    let public = PublicKey::parse(&key.public_line()).expect("own key");
    stdout += &format!(
        "Your identification has been saved in {file}\nYour public key has been saved in {file}.pub\nThe key fingerprint is:\n{} {comment}\nThe key's randomart image is:\n{}",
        public.fingerprint(),
        public.randomart()
    );
    let mut out = CmdOutput::text(stdout);
    out.stderr = stderr;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;
    use std::sync::atomic::AtomicBool;

    fn keygen(line: &str, stdin: Option<&str>) -> (CmdOutput, World) {
        let mut w = World::new();
        let flag = AtomicBool::new(false);
        let mut ctx = Ctx::bare(&mut w, None, &flag);
        ctx.stdin = stdin.map(str::to_string);
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let out = ssh_keygen(&mut ctx, &argv);
        (out, w)
    }

    #[test]
    fn passphrases_and_other_hashes_are_refused() {
        let (out, w) = keygen("-q -t ed25519 -N secret -f /tmp/k", None);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (
                1,
                "netbook: ssh-keygen with a passphrase is not simulated\n"
            )
        );
        assert!(!w.fs.exists("/tmp/k"));
        let (out, w) = keygen("-q -t ed25519 -f /tmp/k", Some("pw\npw\n"));
        assert!(out
            .stderr
            .ends_with("again: netbook: ssh-keygen with a passphrase is not simulated\n"));
        assert!(!w.fs.exists("/tmp/k"));
        let (out, _) = keygen("-l -E md5 -f /tmp/k", None);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (255, "netbook: ssh-keygen -E md5 is not simulated\n")
        );
    }
}
