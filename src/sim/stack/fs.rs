//! The files a learner reads and edits (`/etc/hosts`, `/etc/resolv.conf`,
//! `/etc/netns/NAME/*`, ...), held in memory.
//!
//! Like Linux, there is one file tree for every network namespace; only the
//! views differ (`ip netns exec` bind-mounts `/etc/netns/NAME/<file>` over
//! `/etc/<file>`, and `/proc/sys/net` belongs to the namespace). Those views
//! are resolved by [`crate::sim::World`], not here.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use thiserror::Error;

/// A failed file operation; Display is coreutils' wording after `tool: `.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FsError {
    /// The path does not exist.
    #[error("{0}: No such file or directory")]
    NotFound(String),
    /// A directory was used as a file.
    #[error("{0}: Is a directory")]
    IsADirectory(String),
    /// A file was used as a directory.
    #[error("{0}: Not a directory")]
    NotADirectory(String),
    /// A path under a missing directory.
    #[error("cannot create {0}: Directory nonexistent")]
    NoParent(String),
    /// A write the kernel refuses (a bad value into `/proc/sys`).
    #[error("{0}: Invalid argument")]
    InvalidArgument(String),
    /// The session's cap on file data ([`MAX_FS_BYTES`]) would be passed.
    #[error("{0}: No space left on device")]
    NoSpace(String),
}

/// Most bytes of file content one session may hold: a memory guard (the
/// simulated disk is RAM), with room for a 1M-route batch file (~35 MB)
/// and a 100k-record zone several times over.
pub const MAX_FS_BYTES: usize = 256 << 20;

/// The in-memory file tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fs {
    /// Contents shared copy-on-write: the per-cell world snapshot copies
    /// pointers, not file bodies (a batch file or zone can be megabytes).
    files: BTreeMap<String, Arc<String>>,
    dirs: BTreeSet<String>,
    /// Sum of the files' lengths, checked against `MAX_FS_BYTES`.
    bytes: usize,
    /// Permission bits that differ from the default (`chmod`); see
    /// [`Fs::mode`].
    modes: BTreeMap<String, u16>,
    /// The working directory of the process running now: the shell sets
    /// it before each command, and every relative path resolves from it,
    /// as the kernel resolves one from the calling process's cwd.
    cwd: String,
}

impl Default for Fs {
    fn default() -> Self {
        Self::new()
    }
}

/// Normalises an absolute path: collapses `//`, drops `.` and a trailing
/// `/`, resolves `..` (a relative one is taken from `/`; see [`resolve`]).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The absolute, normalised path `path` names for a process whose working
/// directory is `cwd` (itself absolute): the one place a relative path is
/// joined, by the shell's `cd` and through [`Fs::abs`] by everything else.
pub fn resolve(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        normalize(path)
    } else {
        normalize(&format!("{cwd}/{path}"))
    }
}

fn parent(path: &str) -> Option<&str> {
    match path.rfind('/') {
        Some(0) if path.len() > 1 => Some("/"),
        Some(0) | None => None,
        Some(i) => Some(&path[..i]),
    }
}

/// What the paths below directory `dir` (normalized) start with.
fn inside(dir: &str) -> String {
    if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    }
}

impl Fs {
    /// The tree of a fresh Debian-like host.
    pub fn new() -> Self {
        let mut fs = Fs {
            files: BTreeMap::new(),
            dirs: BTreeSet::new(),
            bytes: 0,
            modes: BTreeMap::new(),
            cwd: "/root".into(),
        };
        for d in [
            "/etc",
            "/etc/netns",
            "/etc/ssh",
            "/etc/ssh/sshd_config.d",
            "/proc",
            "/root",
            "/tmp",
            "/var",
            "/var/log",
        ] {
            fs.mkdir_p(d).expect("fixed tree");
        }
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        files.insert("/etc/hostname".into(), "host\n".into());
        files.insert(
            "/etc/hosts".into(),
            "127.0.0.1\tlocalhost\n127.0.1.1\thost\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n".into(),
        );
        files.insert(
            "/etc/nsswitch.conf".into(),
            "passwd:         files\ngroup:          files\nshadow:         files\n\nhosts:          files dns\nnetworks:       files\n\nprotocols:      db files\nservices:       db files\n".into(),
        );
        files.insert("/etc/resolv.conf".into(), "nameserver 8.8.8.8\n".into());
        files.insert(
            "/etc/sysctl.conf".into(),
            "#\n# /etc/sysctl.conf - Configuration file for setting system variables\n# See /etc/sysctl.d/ for additional system variables.\n\n# Uncomment the next line to enable packet forwarding for IPv4\n#net.ipv4.ip_forward=1\n".into(),
        );
        // openssh-server's stock file (Debian 12): every setting commented out.
        files.insert(
            "/etc/ssh/sshd_config".into(),
            include_str!("../apps/sshd_config.debian").into(),
        );
        fs.files = files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        // Debian: root's home is private, /tmp is sticky and world-writable.
        fs.modes.insert("/root".into(), 0o700);
        fs.modes.insert("/tmp".into(), 0o1777);
        fs.bytes = fs.files.values().map(|f| f.len()).sum();
        fs
    }

    /// The working directory relative paths resolve from.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// Changes the working directory (`cd`); `dir` is absolute.
    pub fn set_cwd(&mut self, dir: &str) {
        if self.cwd != dir {
            self.cwd = normalize(dir);
        }
    }

    /// The absolute, normalised form of `path` (see [`resolve`]).
    pub fn abs(&self, path: &str) -> String {
        resolve(&self.cwd, path)
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        let p = self.abs(path);
        if let Some(c) = self.files.get(&p) {
            return Ok(c);
        }
        if self.dirs.contains(&p) {
            return Err(FsError::IsADirectory(path.to_string()));
        }
        Err(FsError::NotFound(path.to_string()))
    }

    /// True when a file or directory exists.
    pub fn exists(&self, path: &str) -> bool {
        let p = self.abs(path);
        p == "/" || self.files.contains_key(&p) || self.dirs.contains(&p)
    }

    /// True when `path` is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        let p = self.abs(path);
        p == "/" || self.dirs.contains(&p)
    }

    /// Writes (or with `append`, appends to) a file; its directory must exist.
    pub fn write(&mut self, path: &str, content: &str, append: bool) -> Result<(), FsError> {
        let p = self.abs(path);
        if self.dirs.contains(&p) || p == "/" {
            return Err(FsError::IsADirectory(path.to_string()));
        }
        if let Some(dir) = parent(&p) {
            if self.files.contains_key(dir) {
                return Err(FsError::NotADirectory(path.to_string()));
            }
            if dir != "/" && !self.dirs.contains(dir) {
                return Err(FsError::NoParent(path.to_string()));
            }
        }
        let old = self.files.get(&p).map_or(0, |f| f.len());
        let bytes = if append {
            self.bytes + content.len()
        } else {
            self.bytes - old + content.len()
        };
        if bytes > MAX_FS_BYTES && bytes > self.bytes {
            return Err(FsError::NoSpace(path.to_string()));
        }
        self.bytes = bytes;
        let slot = self.files.entry(p).or_default();
        if append {
            Arc::make_mut(slot).push_str(content);
        } else {
            *slot = Arc::new(content.to_string());
        }
        Ok(())
    }

    /// `mkdir -p`: creates a directory and its parents.
    pub fn mkdir_p(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.abs(path);
        let mut cur = String::new();
        for part in p.split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(part);
            if self.files.contains_key(&cur) {
                return Err(FsError::NotADirectory(path.to_string()));
            }
            self.dirs.insert(cur.clone());
        }
        Ok(())
    }

    /// The permission bits of a file or directory (`stat -c %a`), `None`
    /// when it does not exist. New files are 0644 and directories 0755
    /// (root's umask 022) until `chmod` changes them.
    pub fn mode(&self, path: &str) -> Option<u16> {
        let p = self.abs(path);
        if let Some(m) = self.modes.get(&p) {
            return Some(*m);
        }
        if self.files.contains_key(&p) {
            Some(0o644)
        } else if self.is_dir(&p) {
            Some(0o755)
        } else {
            None
        }
    }

    /// `chmod`: sets the permission bits (the low 12 bits of `mode`).
    pub fn set_mode(&mut self, path: &str, mode: u16) -> Result<(), FsError> {
        let p = self.abs(path);
        if !self.exists(&p) {
            return Err(FsError::NotFound(path.to_string()));
        }
        self.modes.insert(p, mode & 0o7777);
        Ok(())
    }

    /// Removes a file.
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.abs(path);
        match self.files.remove(&p) {
            Some(gone) => {
                self.modes.remove(&p);
                self.bytes -= gone.len();
                Ok(())
            }
            None if self.dirs.contains(&p) => Err(FsError::IsADirectory(path.to_string())),
            None => Err(FsError::NotFound(path.to_string())),
        }
    }

    /// Removes a file or a directory and everything under it (`rm -r`);
    /// `/` keeps itself, as the root of a mount cannot go.
    pub fn remove_tree(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.abs(path);
        if self.files.contains_key(&p) {
            return self.remove(&p);
        }
        if !self.dirs.contains(&p) && p != "/" {
            return Err(FsError::NotFound(path.to_string()));
        }
        let prefix = inside(&p);
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        for k in gone {
            if let Some(f) = self.files.remove(&k) {
                self.bytes -= f.len();
            }
        }
        self.dirs.retain(|d| !d.starts_with(&prefix) && *d != p);
        self.modes.retain(|d, _| !d.starts_with(&prefix) && *d != p);
        Ok(())
    }

    /// Names directly inside a directory, sorted like `ls`.
    pub fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        let p = self.abs(path);
        if self.files.contains_key(&p) {
            return Ok(vec![path.to_string()]);
        }
        if !self.is_dir(&p) {
            return Err(FsError::NotFound(path.to_string()));
        }
        let prefix = inside(&p);
        let mut names: BTreeSet<String> = BTreeSet::new();
        for k in self.files.keys().chain(self.dirs.iter()) {
            if let Some(rest) = k.strip_prefix(&prefix) {
                if !rest.is_empty() && !rest.contains('/') {
                    names.insert(rest.to_string());
                }
            }
        }
        Ok(names.into_iter().collect())
    }

    /// Every path (files and directories), for completion.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.dirs
            .iter()
            .map(|s| s.as_str())
            .chain(self.files.keys().map(|s| s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_needs_parent_and_mkdir_p_makes_it() {
        let mut fs = Fs::new();
        let e = fs.write("/etc/netns/ns1/resolv.conf", "x", false);
        assert_eq!(
            e.unwrap_err().to_string(),
            "cannot create /etc/netns/ns1/resolv.conf: Directory nonexistent"
        );
        fs.mkdir_p("/etc/netns/ns1/").unwrap();
        fs.write("/etc/netns/ns1/resolv.conf", "nameserver 8.8.8.8\n", false)
            .unwrap();
        fs.write("/etc/netns/ns1//resolv.conf", "search lab\n", true)
            .unwrap();
        assert_eq!(
            fs.read("/etc/netns/ns1/resolv.conf").unwrap(),
            "nameserver 8.8.8.8\nsearch lab\n"
        );
        assert_eq!(fs.list("/etc/netns").unwrap(), vec!["ns1"]);
    }

    #[test]
    fn errors_read_like_coreutils() {
        let fs = Fs::new();
        assert_eq!(
            fs.read("/etc/resolve.conf").unwrap_err().to_string(),
            "/etc/resolve.conf: No such file or directory"
        );
        assert_eq!(
            fs.read("/etc").unwrap_err().to_string(),
            "/etc: Is a directory"
        );
    }

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize("/etc//netns/./a/../b/"), "/etc/netns/b");
        assert_eq!(normalize("/"), "/");
    }

    #[test]
    fn relative_paths_resolve_from_the_working_directory() {
        for (cwd, path, abs) in [
            ("/tmp/x", "f", "/tmp/x/f"),
            ("/tmp/x", "./y/../f", "/tmp/x/f"),
            ("/tmp/x", "..", "/tmp"),
            ("/tmp/x", "../../..", "/"),
            ("/tmp/x", "/etc/hosts", "/etc/hosts"),
            ("/", "etc", "/etc"),
            ("/root", ".", "/root"),
        ] {
            assert_eq!(resolve(cwd, path), abs, "{cwd} + {path}");
        }
        let mut fs = Fs::new();
        fs.mkdir_p("/tmp/x").unwrap();
        fs.set_cwd("/tmp/x");
        fs.write("f", "hi\n", false).unwrap();
        assert_eq!(fs.read("/tmp/x/f"), Ok("hi\n"));
        assert_eq!(fs.list("..").unwrap(), ["x"]);
        assert_eq!(
            fs.read("g").unwrap_err().to_string(),
            "g: No such file or directory"
        );
    }
}
