//! SSH keys as OpenSSH 9.2 writes and reads them: Ed25519 key pairs from a
//! deterministic seed (never an RNG), the public key blob and its
//! `authorized_keys` line (RFC 8709, RFC 4253 §6.6), the unencrypted
//! `openssh-key-v1` private key file (OpenSSH's PROTOCOL.key), the SHA256
//! fingerprint and the "drunken bishop" randomart (sshkey.c,
//! `fingerprint_randomart`).

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

/// An Ed25519 key pair and its comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519Key {
    /// The 32-byte seed (the private key).
    pub seed: [u8; 32],
    /// The 32-byte public key.
    pub public: [u8; 32],
    /// The comment (`root@host`).
    pub comment: String,
}

impl Ed25519Key {
    /// The key pair whose seed is SHA-256 of `material`: the same material
    /// gives the same key on every run.
    pub fn from_material(material: &[u8], comment: &str) -> Ed25519Key {
        let seed: [u8; 32] = Sha256::digest(material).into();
        let public = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        Ed25519Key {
            seed,
            public,
            comment: comment.to_string(),
        }
    }

    /// The public key blob: `string "ssh-ed25519", string key`.
    pub fn blob(&self) -> Vec<u8> {
        let mut b = Vec::new();
        put_string(&mut b, b"ssh-ed25519");
        put_string(&mut b, &self.public);
        b
    }

    /// The `.pub` file / `authorized_keys` line.
    pub fn public_line(&self) -> String {
        let mut l = format!("ssh-ed25519 {}", base64(&self.blob()));
        if !self.comment.is_empty() {
            l.push(' ');
            l.push_str(&self.comment);
        }
        l.push('\n');
        l
    }

    /// The private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`),
    /// unencrypted (`-N ''`).
    pub fn private_file(&self) -> String {
        let check: [u8; 4] = Sha256::digest([&self.seed[..], b"checkint"].concat())[..4]
            .try_into()
            .unwrap_or([0; 4]);
        let mut private = Vec::new();
        private.extend_from_slice(&check);
        private.extend_from_slice(&check);
        put_string(&mut private, b"ssh-ed25519");
        put_string(&mut private, &self.public);
        put_string(&mut private, &[&self.seed[..], &self.public[..]].concat());
        put_string(&mut private, self.comment.as_bytes());
        let mut pad = 1u8;
        while private.len() % 8 != 0 {
            private.push(pad);
            pad += 1;
        }
        let mut body = b"openssh-key-v1\0".to_vec();
        put_string(&mut body, b"none");
        put_string(&mut body, b"none");
        put_string(&mut body, b"");
        body.extend_from_slice(&1u32.to_be_bytes());
        put_string(&mut body, &self.blob());
        put_string(&mut body, &private);
        let text = base64(&body);
        let mut out = String::from("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for chunk in text.as_bytes().chunks(70) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        out.push_str("-----END OPENSSH PRIVATE KEY-----\n");
        out
    }
}

/// A public key read back from a `.pub` line or a private key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// `ED25519`, `RSA`, as fingerprints name it.
    pub kind: &'static str,
    /// Key size in bits (256 for Ed25519, the modulus' length for RSA).
    pub bits: u32,
    /// The wire blob.
    pub blob: Vec<u8>,
    /// The comment.
    pub comment: String,
}

impl PublicKey {
    /// `SHA256:...` (base64 without padding).
    pub fn fingerprint(&self) -> String {
        format!(
            "SHA256:{}",
            base64(&Sha256::digest(&self.blob)).trim_end_matches('=')
        )
    }

    /// The `.pub` line for this key.
    pub fn line(&self) -> String {
        let name =
            String::from_utf8_lossy(read_string(&self.blob, &mut 0).unwrap_or(b"")).into_owned();
        let mut l = format!("{name} {}", base64(&self.blob));
        if !self.comment.is_empty() {
            l.push(' ');
            l.push_str(&self.comment);
        }
        l
    }

    /// Reads a public key line (`ssh-ed25519 AAAA... comment`) or an
    /// unencrypted OpenSSH private key file.
    pub fn parse(text: &str) -> Option<PublicKey> {
        if text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
            let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
            let body = unbase64(&b64)?;
            let rest = body.strip_prefix(b"openssh-key-v1\0")?;
            let mut at = 0;
            for _ in 0..3 {
                read_string(rest, &mut at)?;
            }
            at += 4;
            let blob = read_string(rest, &mut at)?.to_vec();
            let private = read_string(rest, &mut at)?;
            let mut p = 8;
            read_string(private, &mut p)?;
            read_string(private, &mut p)?;
            read_string(private, &mut p)?;
            let comment = String::from_utf8_lossy(read_string(private, &mut p)?).into_owned();
            return PublicKey::from_blob(blob, comment);
        }
        let line = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))?;
        let mut words = line.split_whitespace();
        let _kind = words.next()?;
        let blob = unbase64(words.next()?)?;
        let comment = words.collect::<Vec<_>>().join(" ");
        PublicKey::from_blob(blob, comment)
    }

    fn from_blob(blob: Vec<u8>, comment: String) -> Option<PublicKey> {
        let mut at = 0;
        let name = read_string(&blob, &mut at)?;
        let (kind, bits) = match name {
            b"ssh-ed25519" => ("ED25519", 256),
            b"ssh-rsa" => {
                read_string(&blob, &mut at)?;
                let n = read_string(&blob, &mut at)?;
                let n: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
                let top = u32::from(*n.first()?);
                ("RSA", (n.len() as u32 - 1) * 8 + (32 - top.leading_zeros()))
            }
            _ => return None,
        };
        Some(PublicKey {
            kind,
            bits,
            blob,
            comment,
        })
    }

    /// The randomart box ssh-keygen prints under the fingerprint.
    pub fn randomart(&self) -> String {
        const X: usize = 17;
        const Y: usize = 9;
        const AUG: &[u8] = b" .o+=*BOX@%&#/^SE";
        let len = AUG.len() - 1;
        let mut field = [[0usize; Y]; X];
        let (mut x, mut y) = (X / 2, Y / 2);
        for byte in Sha256::digest(&self.blob) {
            let mut input = byte;
            for _ in 0..4 {
                x = if input & 1 != 0 {
                    (x + 1).min(X - 1)
                } else {
                    x.saturating_sub(1)
                };
                y = if input & 2 != 0 {
                    (y + 1).min(Y - 1)
                } else {
                    y.saturating_sub(1)
                };
                if field[x][y] < len - 2 {
                    field[x][y] += 1;
                }
                input >>= 2;
            }
        }
        field[X / 2][Y / 2] = len - 1;
        field[x][y] = len;
        let border = |label: &str| {
            let left = (X - label.len()) / 2;
            format!(
                "+{}{label}{}+\n",
                "-".repeat(left),
                "-".repeat(X - left - label.len())
            )
        };
        let mut out = border(&format!("[{} {}]", self.kind, self.bits));
        for row in 0..Y {
            out.push('|');
            for col in field.iter() {
                out.push(char::from(AUG[col[row].min(len)]));
            }
            out.push_str("|\n");
        }
        out + &border("[SHA256]")
    }
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

fn read_string<'a>(b: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = u32::from_be_bytes(b.get(*at..*at + 4)?.try_into().ok()?) as usize;
    let s = b.get(*at + 4..(*at + 4).checked_add(len)?)?;
    *at += 4 + len;
    Some(s)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional); `None` on a bad character.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = B64.iter().position(|b| *b == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key made by the real ssh-keygen 9.2 (`-t ed25519 -N '' -C
    /// root@host`): netbook reads it back, fingerprints it and draws the
    /// randomart as ssh-keygen printed them.
    const REAL_PRIVATE: &str = "-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACAyoP/eoYfXYXYNWkdvFKBeGcqb4DmzLMYzAk9oR39/wgAAAJDB0/uwwdP7
sAAAAAtzc2gtZWQyNTUxOQAAACAyoP/eoYfXYXYNWkdvFKBeGcqb4DmzLMYzAk9oR39/wg
AAAEDI55K7SdSAWkB9OU09A4ekb9O7zjbYvEus0BsPekyi1TKg/96hh9dhdg1aR28UoF4Z
ypvgObMsxjMCT2hHf3/CAAAACXJvb3RAaG9zdAECAwQ=
-----END OPENSSH PRIVATE KEY-----
";
    const REAL_PUBLIC: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDKg/96hh9dhdg1aR28UoF4ZypvgObMsxjMCT2hHf3/C root@host\n";

    #[test]
    fn reads_fingerprints_and_draws_a_real_key_as_ssh_keygen() {
        let k = PublicKey::parse(REAL_PRIVATE).expect("private");
        assert_eq!(PublicKey::parse(REAL_PUBLIC), Some(k.clone()));
        assert_eq!(
            k.fingerprint(),
            "SHA256:iS1i3L9WJ1HDM1Ry0/SMmkcs9epC0t1xELpcSgIjwr0"
        );
        assert_eq!(
            k.randomart(),
            "+--[ED25519 256]--+\n\
             |   .... o  oo.B+.|\n\
             |    .... o  ** *o|\n\
             |       .  ..++=.=|\n\
             |   . .Eo ..= X oo|\n\
             |    + + S ..O + .|\n\
             |   . . o  oo.o   |\n\
             |        .. o. .  |\n\
             |        ..   .   |\n\
             |       ..        |\n\
             +----[SHA256]-----+\n"
        );
        assert_eq!(format!("{}\n", k.line()), REAL_PUBLIC);
    }

    #[test]
    fn the_seed_of_the_real_key_gives_its_files_byte_for_byte() {
        // The real file's private section holds seed || public; the
        // check integers are ssh-keygen's random ones, so only the public
        // half and the layout are compared.
        let body = unbase64(
            &REAL_PRIVATE
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .expect("b64");
        let seed_at = body.len() - 4 - 9 - 4 - 64;
        let seed: [u8; 32] = body[seed_at..seed_at + 32].try_into().expect("seed");
        let public = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        let k = Ed25519Key {
            seed,
            public,
            comment: "root@host".into(),
        };
        assert_eq!(k.public_line(), REAL_PUBLIC);
        let ours = k.private_file();
        assert_eq!(ours.len(), REAL_PRIVATE.len());
        assert_eq!(PublicKey::parse(&ours), PublicKey::parse(REAL_PRIVATE));
    }

    #[test]
    fn the_same_material_gives_the_same_key() {
        let a = Ed25519Key::from_material(b"x", "c");
        assert_eq!(a, Ed25519Key::from_material(b"x", "c"));
        assert_ne!(a.public, Ed25519Key::from_material(b"y", "c").public);
        assert_eq!(base64(b"any carnal pleas"), "YW55IGNhcm5hbCBwbGVhcw==");
        assert_eq!(
            unbase64("YW55IGNhcm5hbCBwbGVhcw=="),
            Some(b"any carnal pleas".to_vec())
        );
    }
}
