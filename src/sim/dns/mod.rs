//! Name resolution and DNS: the files a resolver reads, the records and
//! zones servers hold, the servers themselves, and the stub resolver that
//! walks `nsswitch.conf` and `resolv.conf` (chapter 3 of the study note).
//!
//! Files are always read through [`crate::sim::World::read_file`], so a
//! command run by `ip netns exec NS` sees `/etc/netns/NS/resolv.conf`.
//! Servers live in [`DnsState`] (`World::dns`); reaching one goes through
//! the [`DnsNet`] seam, which the datapath implements.

pub mod corefile;
pub mod dnsmasq;
pub mod hosts;
pub mod name;
pub mod nsswitch;
pub mod public;
pub mod record;
pub mod resolv_conf;
pub mod resolver;
pub mod server;
pub mod zone;

pub use server::{DnsNet, DnsServer, DnsState, Failure, Question, Rcode, Response, Unreachable};

/// The lines of a configuration file exactly as written: split on `\n`
/// only, so a `\r` (a file saved with CRLF endings) stays part of its line
/// and the file prints back byte for byte. (`str::lines` would eat it.)
pub(crate) fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').filter(move |_| !text.is_empty())
}

/// Unix time of the world's virtual clock at 0 (Wed 2025-01-01 00:00:00
/// UTC), so dates printed by tools (`dig`'s `;; WHEN:`) are deterministic.
pub const CLOCK_EPOCH_UNIX: u64 = 1_735_689_600;

/// Formats a Unix time the way `date` / dig print it in UTC:
/// `Wed Jan 01 00:00:00 UTC 2025`.
///
/// ```
/// assert_eq!(netbook::sim::dns::format_date(1_735_689_600), "Wed Jan 01 00:00:00 UTC 2025");
/// ```
pub fn format_date(unix: u64) -> String {
    let c = crate::sim::clock::Civil::from_unix(unix);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {}",
        c.weekday_name(),
        c.month_name(),
        c.day,
        c.hour,
        c.min,
        c.sec,
        c.year
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(
            super::format_date(1_795_689_420),
            "Thu Nov 26 10:37:00 UTC 2026"
        );
        assert_eq!(
            super::format_date(951_782_400),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
    }
}
