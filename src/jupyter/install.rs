//! `netbook install`: writes the kernelspec the way `jupyter kernelspec
//! install` would, with the absolute path of this binary in `argv`.

use std::path::{Path, PathBuf};

/// The kernelspec template shipped in `kernel/`.
const KERNEL_JSON: &str = include_str!("../../kernel/kernel.json");
const LOGO_32: &[u8] = include_bytes!("../../kernel/logo-32x32.png");
const LOGO_64: &[u8] = include_bytes!("../../kernel/logo-64x64.png");
const LOGO_SVG: &[u8] = include_bytes!("../../kernel/logo-svg.svg");

/// The kernelspec name (the folder under `kernels/`).
pub const KERNEL_NAME: &str = "netbook";

/// Where to install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The user's Jupyter data dir (`$JUPYTER_DATA_DIR`, else
    /// `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`).
    User,
    /// The active virtual environment or conda prefix (`$VIRTUAL_ENV`,
    /// `$CONDA_PREFIX`) + `share/jupyter`.
    SysPrefix,
    /// `PREFIX/share/jupyter`.
    Prefix(PathBuf),
}

/// The `kernels/netbook` folder for a target.
pub fn kernel_dir(target: &Target) -> Result<PathBuf, String> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let data = match target {
        Target::User => match env("JUPYTER_DATA_DIR") {
            Some(d) => d,
            None => match env("XDG_DATA_HOME") {
                Some(x) => x.join("jupyter"),
                None => env("HOME")
                    .ok_or("HOME is not set; use --prefix DIR")?
                    .join(".local/share/jupyter"),
            },
        },
        Target::SysPrefix => env("VIRTUAL_ENV")
            .or_else(|| env("CONDA_PREFIX"))
            .ok_or("--sys-prefix needs an active virtual environment ($VIRTUAL_ENV or $CONDA_PREFIX); use --prefix DIR")?
            .join("share/jupyter"),
        Target::Prefix(p) => p.join("share/jupyter"),
    };
    Ok(data.join("kernels").join(KERNEL_NAME))
}

/// The kernel.json text with `argv[0]` set to `exe`.
pub fn kernel_json(exe: &Path) -> Result<String, String> {
    let mut spec: serde_json::Value =
        serde_json::from_str(KERNEL_JSON).map_err(|e| format!("bad kernel/kernel.json: {e}"))?;
    spec["argv"][0] = serde_json::Value::String(exe.display().to_string());
    serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())
}

/// Writes kernel.json and the logos; returns the folder written.
pub fn install(target: &Target, exe: &Path) -> Result<PathBuf, String> {
    let dir = kernel_dir(target)?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let spec = kernel_json(exe)?;
    let files: [(&str, &[u8]); 4] = [
        ("kernel.json", spec.as_bytes()),
        ("logo-32x32.png", LOGO_32),
        ("logo-64x64.png", LOGO_64),
        ("logo-svg.svg", LOGO_SVG),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_has_absolute_argv_and_message_interrupts() {
        let text = kernel_json(Path::new("/opt/bin/netbook")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["argv"][0], "/opt/bin/netbook");
        assert_eq!(v["argv"][1], "kernel");
        assert_eq!(v["argv"][3], "{connection_file}");
        assert_eq!(v["language"], "netbook");
        assert_eq!(v["interrupt_mode"], "message");
    }

    #[test]
    fn installs_into_a_prefix() {
        let tmp = std::env::temp_dir().join(format!("netbook-install-{}", std::process::id()));
        let dir = install(&Target::Prefix(tmp.clone()), Path::new("/x/netbook")).unwrap();
        assert_eq!(dir, tmp.join("share/jupyter/kernels/netbook"));
        for f in [
            "kernel.json",
            "logo-32x32.png",
            "logo-64x64.png",
            "logo-svg.svg",
        ] {
            assert!(dir.join(f).is_file(), "{f}");
        }
        let png = std::fs::read(dir.join("logo-64x64.png")).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        std::fs::remove_dir_all(tmp).unwrap();
    }
}
