//! The whole simulated machine: every network namespace, every link, the
//! file tree, and a virtual clock. Nothing here reads the real clock.

use super::fs::{Fs, FsError};

/// The simulated host and everything in it.
///
/// ```
/// let w = netbook::sim::World::new();
/// assert!(w.fs.read("/etc/hosts").unwrap().contains("localhost"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct World {
    /// The file tree shared by all namespaces.
    pub fs: Fs,
    /// Virtual time in microseconds since the world was created.
    pub now_us: u64,
}

impl World {
    /// A fresh host: root namespace only, Debian-like files.
    pub fn new() -> Self {
        World {
            fs: Fs::new(),
            now_us: 0,
        }
    }
}

impl World {
    /// Reads a file as a process in `netns` sees it.
    ///
    /// This is the seam for per-namespace views (`/etc/netns/NAME/*` over
    /// `/etc/*`, `/proc/sys/net/...`); commands never read `fs` directly.
    pub fn read_file(&self, netns: Option<&str>, path: &str) -> Result<String, FsError> {
        let _ = netns;
        self.fs.read(path).map(str::to_string)
    }

    /// Writes a file as a process in `netns` would.
    pub fn write_file(
        &mut self,
        netns: Option<&str>,
        path: &str,
        content: &str,
        append: bool,
    ) -> Result<(), FsError> {
        let _ = netns;
        self.fs.write(path, content, append)
    }
}
