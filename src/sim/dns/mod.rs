//! Name resolution and DNS: the files a resolver reads, the records and
//! zones servers hold, the servers themselves, and the stub resolver that
//! walks `nsswitch.conf` and `resolv.conf` (chapter 3 of the study note).
//!
//! Files are always read through [`crate::sim::World::read_file`], so a
//! command run by `ip netns exec NS` sees `/etc/netns/NS/resolv.conf`.
//! Servers live in [`DnsState`] (`World::dns`); reaching one goes through
//! the [`DnsNet`] seam, which the datapath implements.

pub mod answer;
pub mod conf_lines;
pub mod corefile;
pub mod dnsmasq;
pub mod hosts;
pub mod message;
pub mod name;
pub mod nsswitch;
pub mod public;
pub mod record;
pub mod resolv_conf;
pub mod resolver;
pub mod search;
pub mod search_pair;
pub mod server;
pub mod zone;

pub use message::{DnsNet, Failure, Question, Rcode, Response, Unreachable};
pub use server::{DnsServer, DnsState};

pub use crate::sim::stack::clock::{format_date, CLOCK_EPOCH_UNIX};
