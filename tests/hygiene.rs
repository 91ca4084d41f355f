//! Keeps the promise "simulated, never real" checkable: outside the few
//! files whose job is to touch the host (the CLI, the kernelspec installer,
//! the connection file, the notebook grader), the library never spawns a
//! process, opens a socket or touches the file system. Test modules (after
//! `#[cfg(test)]`) may read their fixtures.

use std::path::Path;

const ALLOWED_FS: &[&str] = &[
    "src/main.rs",
    "src/jupyter/install.rs",
    "src/jupyter/connection.rs",
    "src/grade/io.rs",
];

const FORBIDDEN_EVERYWHERE: &[&str] = &[
    "std::process::Command",
    "process::Command::new",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "std::os::unix::net",
    "libc::",
];

const FORBIDDEN_OUTSIDE_ALLOWED: &[&str] = &[
    "std::fs",
    "File::open",
    "File::create",
    "fs::read",
    "fs::write",
];

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_library_never_touches_the_host() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    assert!(files.len() > 10);
    let mut problems = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for needle in FORBIDDEN_EVERYWHERE {
            if code.contains(needle) {
                problems.push(format!("{rel}: uses {needle}"));
            }
        }
        if !ALLOWED_FS.contains(&rel.as_str()) {
            for needle in FORBIDDEN_OUTSIDE_ALLOWED {
                if code.contains(needle) {
                    problems.push(format!("{rel}: uses {needle}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "host access outside the allowed files:\n{}",
        problems.join("\n")
    );
}
