//! Files as a process in a namespace sees them: `/etc/netns/NAME/*` bind
//! mounts and the `/proc/sys` view of sysctls (see ip-netns(8)).

use super::fs::FsError;
pub use super::link::LinkId;
use super::world::World;

impl World {
    // ---- files ------------------------------------------------------------------
    /// Maps a path to the file a process in `netns` really opens:
    /// `/etc/netns/NAME/X` over `/etc/X`, as `ip netns exec` bind-mounts it.
    pub(crate) fn resolve_path(&self, netns: Option<&str>, path: &str) -> String {
        let p = self.fs.abs(path);
        if let (Some(ns), Some(rest)) = (netns, p.strip_prefix("/etc/")) {
            let first = rest.split('/').next().unwrap_or("");
            let over = format!("/etc/netns/{ns}/{first}");
            if !first.is_empty()
                && self.fs.exists(&over)
                && self.fs.exists(&format!("/etc/{first}"))
            {
                return format!("/etc/netns/{ns}/{rest}");
            }
        }
        p
    }

    pub(crate) fn proc_sys_key(&self, path: &str) -> Option<String> {
        self.fs
            .abs(path)
            .strip_prefix("/proc/sys/")
            .map(|k| k.replace('/', "."))
    }

    /// Reads a file as a process in `netns` sees it: `/etc/netns/NAME/*`
    /// over `/etc/*`, and `/proc/sys/net/...` from that namespace's sysctls.
    pub fn read_file(&self, netns: Option<&str>, path: &str) -> Result<String, FsError> {
        if let Some(got) = self
            .ns_id(netns)
            .ok()
            .and_then(|ns| self.kernel_file(ns, path))
        {
            return got.map_err(|e| rename_err(e, path));
        }
        if let Some(key) = self.proc_sys_key(path) {
            let ns = self
                .ns_id(netns)
                .map_err(|_| FsError::NotFound(path.to_string()))?;
            return match self.sysctl_get(ns, &key) {
                Ok(v) => Ok(format!("{v}\n")),
                Err(_) => Err(FsError::NotFound(path.to_string())),
            };
        }
        let real = self.resolve_path(netns, path);
        self.fs
            .read(&real)
            .map(str::to_string)
            .map_err(|e| rename_err(e, path))
    }

    /// Lists a directory as a process in `netns` sees it: the kernel's own
    /// (`/sys/class/net`, `/run/netns`, `/proc/sys/...`) or the file tree's.
    pub fn list_dir(&self, netns: Option<&str>, path: &str) -> Result<Vec<String>, FsError> {
        let ns = self.ns_id(netns).ok();
        if let Some(names) = ns.and_then(|ns| self.kernel_dir(ns, path)) {
            return Ok(names);
        }
        // A kernel-made file lists as itself.
        let abs = self.fs.abs(path);
        if self.proc_sys_key(path).is_some()
            || abs.starts_with("/sys/")
            || abs.starts_with("/proc/")
        {
            return self.read_file(netns, path).map(|_| vec![path.to_string()]);
        }
        let real = self.resolve_path(netns, path);
        match self.fs.list(&real) {
            // A file lists as the name it was given.
            Ok(_) if !self.fs.is_dir(&real) => Ok(vec![path.to_string()]),
            got => got.map_err(|e| rename_err(e, path)),
        }
    }

    /// Whether `path` is a directory for a process in `netns`.
    pub fn is_dir_at(&self, netns: Option<&str>, path: &str) -> bool {
        let ns = self.ns_id(netns).ok();
        ns.is_some_and(|ns| self.is_kernel_dir(ns, path))
            || self.fs.is_dir(&self.resolve_path(netns, path))
    }

    /// Writes a file as a process in `netns` would (see [`World::read_file`]).
    pub fn write_file(
        &mut self,
        netns: Option<&str>,
        path: &str,
        content: &str,
        append: bool,
    ) -> Result<(), FsError> {
        if let Some(key) = self.proc_sys_key(path) {
            let ns = self
                .ns_id(netns)
                .map_err(|_| FsError::NotFound(path.to_string()))?;
            if self.ns(ns).sysctl(&key).is_none() {
                return Err(FsError::NotFound(path.to_string()));
            }
            return self
                .sysctl_set(ns, &key, content)
                .map_err(|_| FsError::InvalidArgument(path.to_string()));
        }
        let real = self.resolve_path(netns, path);
        self.fs
            .write(&real, content, append)
            .map_err(|e| rename_err(e, path))
    }
}

pub(crate) fn rename_err(e: FsError, shown: &str) -> FsError {
    let s = shown.to_string();
    match e {
        FsError::NotFound(_) => FsError::NotFound(s),
        FsError::IsADirectory(_) => FsError::IsADirectory(s),
        FsError::NotADirectory(_) => FsError::NotADirectory(s),
        FsError::NoParent(_) => FsError::NoParent(s),
        FsError::InvalidArgument(_) => FsError::InvalidArgument(s),
        FsError::NoSpace(_) => FsError::NoSpace(s),
    }
}
