//! What a peer can make the transport hold: the largest inbound message and
//! the IOPub queue per subscriber. Both are enforced inside the (patched)
//! `zeromq` crate, before anything is allocated or anyone waits.
//!
//! Defaults, and how to change them, are in docs/robustness.md.

/// Limits for the five sockets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransportLimits {
    /// Largest inbound message in bytes, all frames together (plus 64 bytes
    /// per frame). A peer that announces more is disconnected; the kernel
    /// keeps serving everyone else.
    pub max_message_size: usize,
    /// Messages queued per IOPub subscriber; past it that subscriber misses
    /// messages (libzmq's PUB behaviour), nobody else waits for it.
    pub iopub_hwm: usize,
}

/// 16 MiB. A cell is text a person typed or pasted: the chapters' largest
/// is a few KiB, and the biggest file a lab pastes whole (a 100k-record zone
/// or a 50k-rule iptables-restore, 3-4 MB) fits four times over. Measured
/// peak for one cell is about 12x its size today (8x in the shell's parser,
/// 4x here), so a cell at the limit stays near 200 MiB, well inside the
/// 512 MiB per-cell budget; at 64 MiB it reached 734 MiB.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 16 << 20;

/// libzmq's default `ZMQ_SNDHWM`.
pub const DEFAULT_IOPUB_HWM: usize = 1000;

/// The environment variables `netbook kernel` reads when its flags are absent
/// (kernel.json can set them in its `env`).
pub const MAX_MESSAGE_SIZE_ENV: &str = "NETBOOK_MAX_MESSAGE_SIZE";
/// See [`MAX_MESSAGE_SIZE_ENV`].
pub const IOPUB_HWM_ENV: &str = "NETBOOK_IOPUB_HWM";

impl Default for TransportLimits {
    fn default() -> Self {
        TransportLimits {
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            iopub_hwm: DEFAULT_IOPUB_HWM,
        }
    }
}

/// Reads a size: bytes, or a number with `K`, `M` or `G` (powers of 1024,
/// an optional `iB`/`B` after it), e.g. `65536`, `64M`, `1GiB`. At least 1 KiB:
/// less would refuse Jupyter's own handshake-sized messages.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: usize = num
        .parse()
        .map_err(|_| format!("invalid size {text:?} (use bytes, or e.g. 64M)"))?;
    let shift = match unit.trim().trim_end_matches("iB").trim_end_matches('B') {
        "" => 0,
        "K" | "k" => 10,
        "M" | "m" => 20,
        "G" | "g" => 30,
        _ => return Err(format!("invalid size {text:?} (use bytes, or e.g. 64M)")),
    };
    let bytes = n
        .checked_mul(1usize << shift)
        .ok_or_else(|| format!("size {text:?} is too large"))?;
    if bytes < 1024 {
        return Err(format!("size {text:?} is below the 1K minimum"));
    }
    Ok(bytes)
}

/// Reads a positive count.
pub fn parse_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("invalid count {text:?} (a positive integer)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("12").unwrap_err().contains("minimum"));
        assert!(parse_size("M").is_err());
        assert!(parse_size("3T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert!(parse_size("18446744073709551615G")
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("1000"), Ok(1000));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-1").is_err());
    }

    #[test]
    fn defaults() {
        let d = TransportLimits::default();
        assert_eq!(d.max_message_size, 16 * 1024 * 1024);
        assert_eq!(d.iopub_hwm, 1000);
    }
}
