//! A bridge's own settings (`ip link add|set BR type bridge ageing_time
//! 500 priority 4096 ...`), as the kernel's br_changelink applies them:
//! in its fixed order, each checked as it comes, so a failing one leaves
//! the earlier ones applied. Times are in centiseconds (USER_HZ), as
//! ip-link(8) and /sys/class/net/BR/bridge/ show them.
//!
//! Only what the simulation honours is here: the STP timers and priority
//! are shown (STP itself stays off), `ageing_time` ages the FDB on the
//! virtual clock, `fdb_flush` empties the learnt entries.

/// `BR_GROUPFWD_RESTRICTED`: STP, MAC control and 802.1X groups never forward.
const GROUPFWD_RESTRICTED: u16 = 0x0007;

/// A bridge's settings, with the kernel's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BridgeConf {
    /// `forward_delay` (cs): checked only while STP runs.
    pub forward_delay: u32,
    /// `hello_time` (cs), 100..=1000.
    pub hello_time: u32,
    /// `max_age` (cs), 600..=4000.
    pub max_age: u32,
    /// `ageing_time` (cs): how long a learnt entry lives without traffic.
    pub ageing_time: u32,
    /// `priority`: the high half of the bridge id.
    pub priority: u16,
    /// `group_fwd_mask`: which 01:80:c2:00:00:0X groups are forwarded.
    pub group_fwd_mask: u16,
    /// `mcast_snooping`: without IGMP joins in the simulation, unregistered
    /// multicast floods either way, as the kernel floods it.
    pub mcast_snooping: bool,
}

impl Default for BridgeConf {
    fn default() -> Self {
        BridgeConf {
            forward_delay: 1500,
            hello_time: 200,
            max_age: 2000,
            ageing_time: 30000,
            priority: 32768,
            group_fwd_mask: 0,
            mcast_snooping: true,
        }
    }
}

/// What one `type bridge ...` asks to change (the last of a repeated word wins).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BridgeChange {
    /// `forward_delay N`.
    pub forward_delay: Option<u32>,
    /// `hello_time N`.
    pub hello_time: Option<u32>,
    /// `max_age N`.
    pub max_age: Option<u32>,
    /// `ageing_time N`.
    pub ageing_time: Option<u32>,
    /// `priority N`.
    pub priority: Option<u16>,
    /// `group_fwd_mask N`.
    pub group_fwd_mask: Option<u16>,
    /// `fdb_flush`: drop the learnt entries.
    pub fdb_flush: bool,
    /// `mcast_snooping N`.
    pub mcast_snooping: Option<bool>,
}

impl BridgeChange {
    /// Nothing to change (`ip link set BR type bridge`).
    pub fn is_empty(&self) -> bool {
        *self == BridgeChange::default()
    }
}

/// Why br_changelink refused a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BridgeConfError {
    /// A timer outside its STP range (ERANGE).
    #[error("RTNETLINK answers: Numerical result out of range")]
    Range,
    /// A restricted group in `group_fwd_mask` (EINVAL).
    #[error("RTNETLINK answers: Invalid argument")]
    Invalid,
}

impl BridgeConf {
    /// br_changelink's order; an error stops there, what came before stays.
    pub fn apply(&mut self, c: &BridgeChange) -> Result<(), BridgeConfError> {
        if let Some(v) = c.forward_delay {
            self.forward_delay = v;
        }
        if let Some(v) = c.hello_time {
            if !(100..=1000).contains(&v) {
                return Err(BridgeConfError::Range);
            }
            self.hello_time = v;
        }
        if let Some(v) = c.max_age {
            if !(600..=4000).contains(&v) {
                return Err(BridgeConfError::Range);
            }
            self.max_age = v;
        }
        if let Some(v) = c.ageing_time {
            self.ageing_time = v;
        }
        if let Some(v) = c.priority {
            self.priority = v;
        }
        if let Some(v) = c.group_fwd_mask {
            if v & GROUPFWD_RESTRICTED != 0 {
                return Err(BridgeConfError::Invalid);
            }
            self.group_fwd_mask = v;
        }
        if let Some(v) = c.mcast_snooping {
            self.mcast_snooping = v;
        }
        Ok(())
    }

    /// The ageing time in microseconds of the virtual clock.
    pub fn ageing_us(&self) -> u64 {
        u64::from(self.ageing_time) * 10_000
    }

    /// The bridge id's priority half as iproute2 prints it (`%.2x%.2x`).
    pub fn id_prefix(&self) -> String {
        format!("{:04x}", self.priority)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_apply_in_kernel_order_until_one_fails() {
        let cases: &[(BridgeChange, Result<(), BridgeConfError>, BridgeConf)] = &[
            (
                BridgeChange {
                    forward_delay: Some(400),
                    hello_time: Some(1001),
                    priority: Some(5),
                    ..BridgeChange::default()
                },
                Err(BridgeConfError::Range),
                BridgeConf {
                    forward_delay: 400,
                    ..BridgeConf::default()
                },
            ),
            (
                BridgeChange {
                    max_age: Some(599),
                    ..BridgeChange::default()
                },
                Err(BridgeConfError::Range),
                BridgeConf::default(),
            ),
            (
                BridgeChange {
                    ageing_time: Some(0),
                    group_fwd_mask: Some(0x4),
                    ..BridgeChange::default()
                },
                Err(BridgeConfError::Invalid),
                BridgeConf {
                    ageing_time: 0,
                    ..BridgeConf::default()
                },
            ),
            (
                BridgeChange {
                    group_fwd_mask: Some(0xfff8),
                    mcast_snooping: Some(false),
                    ..BridgeChange::default()
                },
                Ok(()),
                BridgeConf {
                    group_fwd_mask: 0xfff8,
                    mcast_snooping: false,
                    ..BridgeConf::default()
                },
            ),
        ];
        for (change, res, after) in cases {
            let mut c = BridgeConf::default();
            assert_eq!(c.apply(change), *res, "{change:?}");
            assert_eq!(c, *after, "{change:?}");
        }
    }
}
