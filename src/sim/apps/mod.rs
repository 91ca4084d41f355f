//! Programs that run on the simulated hosts: sshd and ssh with their
//! forwards, and the SOCKS wire format of `ssh -D`.

mod getopt;
pub mod http;
pub mod socks;
pub mod ssh;
pub mod ssh_args;
pub mod sshd_config;
pub mod sshkey;
pub mod tunnel;
