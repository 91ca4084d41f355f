//! Fuzzing harnesses, shared by the `cargo fuzz` targets in `fuzz/` and by
//! the corpus replay test that runs in CI (`tests/fuzz_corpus.rs`).
//!
//! Each harness feeds arbitrary bytes to one parser and checks what must
//! hold for any input: no panic, and for the file formats, the round trip
//! (printing a parsed file gives back its text; iptables-save of a restored
//! dump restores to the same rules).

use crate::shell::Session;
use crate::sim::dns::{
    corefile, hosts::HostsFile, nsswitch::NsSwitch, resolv_conf::ResolvConf, zone::Zone,
};
use crate::sim::netfilter::{save, Netfilter};

/// Every harness, by the name of its fuzz target.
pub const TARGETS: &[&str] = &[
    "cell",
    "bash",
    "command",
    "hosts",
    "resolv_conf",
    "nsswitch",
    "corefile",
    "zone",
    "iptables_restore",
    #[cfg(feature = "kernel")]
    "wire",
];

/// Runs the harness `target` on `data`; panics on a broken property.
pub fn run(target: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        if target == "wire" {
            wire(data);
        }
        return;
    };
    match target {
        "cell" => {
            let prepared = crate::shell::bash::transcript::prepare(text);
            let _ = crate::shell::bash::parse::parse(&prepared.source);
            let _ = crate::shell::bash::parse::completeness(&prepared.source);
        }
        "bash" => bash(text),
        "command" => command(text),
        // These formats print back exactly the text they parsed.
        "hosts" => assert_eq!(HostsFile::parse(text).to_string(), text),
        "resolv_conf" => assert_eq!(ResolvConf::parse(text).to_string(), text),
        "nsswitch" => assert_eq!(NsSwitch::parse(text).to_string(), text),
        "corefile" => {
            let _ = corefile::parse("Corefile", text, &|_| None);
        }
        "zone" => {
            let _ = Zone::parse(text, "example.com.");
        }
        "iptables_restore" => iptables_restore(text),
        "wire" => wire(data),
        other => panic!("no fuzz harness named {other}"),
    }
}

/// A whole cell through the interpreter, with commands that wait forever
/// left out (they stop only on an interrupt: `sleep`, `ping`, `ssh -N`,
/// `sshd -D`).
fn command(text: &str) {
    if text.len() > 4096 || text.contains("sleep") || text.contains("ping") || text.contains("ssh")
    {
        return;
    }
    let mut s = Session::new();
    let mut out = Vec::new();
    let r = s.execute(text, &mut out);
    assert_ne!(
        r.error.as_ref().map(|e| e.ename.as_str()),
        Some("InternalError"),
        "a command panicked on {text:?}"
    );
}

/// A cell through the bash evaluator with a small step budget: any
/// loop, recursion or expansion must end, and nothing may panic.
fn bash(text: &str) {
    if text.len() > 4096 || text.contains("sleep") || text.contains("ping") || text.contains("ssh")
    {
        return;
    }
    let mut s = Session::new();
    s.set_step_budget(2_000);
    let mut out = Vec::new();
    let r = s.execute(text, &mut out);
    assert_ne!(
        r.error.as_ref().map(|e| e.ename.as_str()),
        Some("InternalError"),
        "the evaluator panicked on {text:?}"
    );
}

fn iptables_restore(text: &str) {
    let mut nf = Netfilter::new();
    if save::restore(&mut nf, text, false, true).is_ok() {
        let dump = save::save(&nf, None, true, "fuzz");
        let mut again = Netfilter::new();
        save::restore(&mut again, &dump, false, true).expect("a saved dump restores");
        assert_eq!(save::save(&again, None, true, "fuzz"), dump);
    }
}

#[cfg(feature = "kernel")]
fn wire(data: &[u8]) {
    use crate::jupyter::wire::{decode, Signer};
    let frames = data
        .split(|b| *b == 0)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    let _ = decode(frames, &Signer::new(""));
}

#[cfg(not(feature = "kernel"))]
fn wire(_: &[u8]) {}
