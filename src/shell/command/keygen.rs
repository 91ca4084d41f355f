//! `ssh-keygen` (OpenSSH 9.2, Debian 12): the forms tutorials use.
//!
//! - `ssh-keygen -t ed25519 [-f FILE] [-N ''] [-C COMMENT] [-q]`: a key
//!   pair from a deterministic seed (the file, the comment and how many
//!   keys the world made), written as the real tool writes it (private
//!   0600, public 0644, `~/.ssh` created 0700);
//! - `ssh-keygen -l -f FILE`: the fingerprint; `ssh-keygen -y -f FILE`:
//!   the public key of a private one.
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
    /// Read and not acted on: `-v`, `-N`, `-b`, `-a`, `-m`, `-E` (as
    /// before the table).
    Ignored,
    IgnoredValue,
}

/// The modelled part of ssh-keygen's optstring (plain getopt, no long
/// options, stops at the first operand).
const TABLE: &[Opt<Key>] = &[
    Opt::short('q', Key::Quiet),
    Opt::short('l', Key::List),
    Opt::short('y', Key::PublicOf),
    Opt::short('v', Key::Ignored),
    Opt::value('t', Key::Type),
    Opt::value('f', Key::File),
    Opt::value('C', Key::Comment),
    Opt::value('N', Key::IgnoredValue),
    Opt::value('b', Key::IgnoredValue),
    Opt::value('a', Key::IgnoredValue),
    Opt::value('m', Key::IgnoredValue),
    Opt::value('E', Key::IgnoredValue),
];

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
    };
    for item in items {
        match item {
            Item::Flag(Key::Quiet) => o.quiet = true,
            Item::Flag(Key::List) => o.list = true,
            Item::Flag(Key::PublicOf) => o.public_of = true,
            Item::Value(Key::Type, v) => o.kind = v,
            Item::Value(Key::File, v) => o.file = Some(v),
            Item::Value(Key::Comment, v) => o.comment = Some(v),
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
        return CmdOutput::text(format!(
            "{} {} {comment} ({})\n",
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
    let path = crate::sim::fs::normalize(&file);
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
            stdout: if o.quiet { String::new() } else { stdout },
            stderr: format!("Saving key \"{file}\" failed: {why}\n"),
            ..Default::default()
        };
    }
    let _ = fs.set_mode(&path, 0o600);
    let pub_path = format!("{path}.pub");
    let _ = fs.write(&pub_path, &key.public_line(), false);
    let _ = fs.set_mode(&pub_path, 0o644);
    if o.quiet {
        return CmdOutput::default();
    }
    let public = PublicKey::parse(&key.public_line()).expect("own key");
    stdout += &format!(
        "Your identification has been saved in {file}\nYour public key has been saved in {file}.pub\nThe key fingerprint is:\n{} {comment}\nThe key's randomart image is:\n{}",
        public.fingerprint(),
        public.randomart()
    );
    CmdOutput::text(stdout)
}
