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

fn usage() -> CmdOutput {
    CmdOutput::usage(
        255,
        "usage: ssh-keygen [-q] [-a rounds] [-b bits] [-C comment] [-f output_keyfile]\n                  [-m format] [-N new_passphrase] [-O option]\n                  [-t dsa | ecdsa | ecdsa-sk | ed25519 | ed25519-sk | rsa]\n                  [-w provider] [-Z cipher]\n       ssh-keygen -l [-v] [-E fingerprint_hash] [-f input_keyfile]\n       ssh-keygen -y [-f input_keyfile]\n",
    )
}

fn parse(args: &[String]) -> Result<Opts, CmdOutput> {
    let mut o = Opts {
        kind: "rsa".into(),
        file: None,
        comment: None,
        quiet: false,
        list: false,
        public_of: false,
    };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            return Err(usage());
        };
        let mut chars = flags.chars();
        while let Some(c) = chars.next() {
            match c {
                'q' => o.quiet = true,
                'l' => o.list = true,
                'y' => o.public_of = true,
                'v' => {}
                't' | 'f' | 'N' | 'C' | 'b' | 'a' | 'm' | 'E' => {
                    let rest: String = chars.collect();
                    let value = if rest.is_empty() {
                        i += 1;
                        args.get(i).cloned().ok_or_else(|| {
                            let mut u = usage();
                            u.stderr = format!(
                                "ssh-keygen: option requires an argument -- {c}\n{}",
                                u.stderr
                            );
                            u
                        })?
                    } else {
                        rest
                    };
                    match c {
                        't' => o.kind = value,
                        'f' => o.file = Some(value),
                        'C' => o.comment = Some(value),
                        _ => {}
                    }
                    break;
                }
                _ => {
                    let mut u = usage();
                    u.stderr = format!("ssh-keygen: illegal option -- {c}\n{}", u.stderr);
                    return Err(u);
                }
            }
        }
        i += 1;
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
                format!("ssh-keygen: {file}: No such file or directory\n"),
            );
        };
        let Some(key) = PublicKey::parse(&text) else {
            return CmdOutput::error(255, format!("{file} is not a public key file.\n"));
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
        _ => return CmdOutput::error(255, format!("unknown key type {}\n", o.kind)),
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
