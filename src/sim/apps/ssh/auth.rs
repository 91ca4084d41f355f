//! SSH user authentication (RFC 4252) as OpenSSH 9.2 does it, far enough
//! for the lessons: the client offers its keys (`-i` files, then
//! `~/.ssh/id_*`), refusing a private key others can read; sshd accepts
//! a key listed in the user's `~/.ssh/authorized_keys` (and
//! `authorized_keys2`, Debian's `AuthorizedKeysFile`) unless StrictModes
//! finds the file, `~/.ssh` or the home directory writable by group or
//! others (auth.c, `auth_secure_path`).
//!
//! Password authentication stands for the learner typing the password
//! (netbook has no terminal to ask on): it succeeds unless the client
//! turned it off (`-o BatchMode=yes`, `-o PasswordAuthentication=no`) or
//! sshd did (`PasswordAuthentication no`). `PermitRootLogin` is not
//! modelled.

use crate::sim::apps::sshd_config::SshdConfig;
use crate::sim::apps::sshkey::PublicKey;
use crate::sim::stack::world::World;

/// The client's side of authentication.
#[derive(Debug, Clone, Default)]
pub struct AuthRequest<'a> {
    /// `-i` files, in order (tried before the default ones).
    pub identity_files: &'a [String],
    /// The client may fall back to a password.
    pub password: bool,
    /// The client offers keys.
    pub pubkey: bool,
}

/// What authentication showed and decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthOutcome {
    /// What ssh printed on stderr on the way (key warnings).
    pub messages: Vec<String>,
    /// `Some("publickey")` or `Some("password")`; `None`: refused.
    pub method: Option<&'static str>,
    /// The methods sshd offers, for `Permission denied (publickey,password).`
    pub methods: String,
    /// Why sshd ignored an `authorized_keys` file (its log line).
    pub refused: Option<String>,
    /// The client had a usable key.
    pub had_key: bool,
}

/// ssh's default identity files for root, in the order it tries them.
const DEFAULT_IDS: &[&str] = &[
    "/root/.ssh/id_rsa",
    "/root/.ssh/id_ecdsa",
    "/root/.ssh/id_ecdsa_sk",
    "/root/.ssh/id_ed25519",
    "/root/.ssh/id_ed25519_sk",
    "/root/.ssh/id_xmss",
    "/root/.ssh/id_dsa",
];

/// Authenticates `user` on the sshd of session `session`.
pub fn authenticate(w: &World, session: u32, req: &AuthRequest) -> AuthOutcome {
    let mut out = AuthOutcome::default();
    let Some(s) = w.ssh.sessions.iter().find(|s| s.id == session) else {
        return out;
    };
    let config = w
        .ssh
        .daemons
        .iter()
        .find(|d| d.pid == s.daemon_pid)
        .map(|d| d.config.clone())
        .unwrap_or_else(|| {
            let text = w.fs.read("/etc/ssh/sshd_config").unwrap_or("");
            SshdConfig::parse_text("/etc/ssh/sshd_config", text).unwrap_or_default()
        });
    let mut methods = Vec::new();
    if config.pubkey_authentication {
        methods.push("publickey");
    }
    if config.password_authentication {
        methods.push("password");
    }
    out.methods = methods.join(",");
    let keys = if req.pubkey {
        client_keys(w, req.identity_files, &mut out.messages)
    } else {
        Vec::new()
    };
    out.had_key = !keys.is_empty();
    if config.pubkey_authentication && !keys.is_empty() {
        let listed = authorized_keys(w, &s.user, &config, &mut out.refused);
        if keys.iter().any(|k| listed.iter().any(|l| l.blob == k.blob)) {
            out.method = Some("publickey");
            return out;
        }
    } else if config.pubkey_authentication {
        // sshd still checks the file when asked; nothing to offer here.
        authorized_keys(w, &s.user, &config, &mut out.refused);
    }
    if req.password && config.password_authentication {
        out.method = Some("password");
    }
    out
}

/// The keys ssh can load, with its warnings for the others.
fn client_keys(w: &World, explicit: &[String], messages: &mut Vec<String>) -> Vec<PublicKey> {
    let mut keys = Vec::new();
    let tried = explicit
        .iter()
        .map(|p| (p.as_str(), true))
        .chain(DEFAULT_IDS.iter().map(|p| (*p, false)));
    for (path, named) in tried {
        let Some(mode) = w.fs.mode(path) else {
            if named {
                messages.push(format!(
                    "Warning: Identity file {path} not accessible: No such file or directory."
                ));
            }
            continue;
        };
        if mode & 0o077 != 0 {
            messages.extend(
                [
                    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                    "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @",
                    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                ]
                .map(str::to_string),
            );
            messages.push(format!("Permissions 0{mode:o} for '{path}' are too open."));
            messages.push(
                "It is required that your private key files are NOT accessible by others.".into(),
            );
            messages.push("This private key will be ignored.".into());
            messages.push(format!("Load key \"{path}\": bad permissions"));
            continue;
        }
        match w.fs.read(path).ok().and_then(PublicKey::parse) {
            Some(k) => keys.push(k),
            None => messages.push(format!("Load key \"{path}\": invalid format")),
        }
    }
    keys
}

/// The keys `user`'s authorized_keys files list, skipping a file
/// StrictModes refuses (and saying why, as sshd logs it).
fn authorized_keys(
    w: &World,
    user: &str,
    config: &SshdConfig,
    refused: &mut Option<String>,
) -> Vec<PublicKey> {
    let home = if user == "root" {
        "/root".to_string()
    } else {
        format!("/home/{user}")
    };
    let mut keys = Vec::new();
    for name in ["authorized_keys", "authorized_keys2"] {
        let file = format!("{home}/.ssh/{name}");
        let Ok(text) = w.fs.read(&file) else {
            continue;
        };
        if config.strict_modes {
            let dir = format!("{home}/.ssh");
            let bad = [
                (file.as_str(), "file"),
                (dir.as_str(), "directory"),
                (home.as_str(), "directory"),
            ]
            .into_iter()
            .find(|(p, _)| w.fs.mode(p).is_some_and(|m| m & 0o022 != 0));
            if let Some((p, what)) = bad {
                refused.get_or_insert_with(|| {
                    format!("Authentication refused: bad ownership or modes for {what} {p}")
                });
                continue;
            }
        }
        for line in text.lines() {
            // An options prefix (`from="...",no-pty`) comes before the key.
            let start = line
                .find("ssh-")
                .or_else(|| line.find("ecdsa-"))
                .unwrap_or(0);
            if let Some(k) = PublicKey::parse(&line[start..]) {
                keys.push(k);
            }
        }
    }
    keys
}
