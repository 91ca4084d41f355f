//! Calendar dates for the virtual clock: the few tools that print a date
//! (`dig`'s `;; WHEN:`, `iptables-save`'s header) format it from here.

/// A UTC date and time broken into fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2025.
    pub year: i64,
    /// 1..=12.
    pub month: u32,
    /// 1..=31.
    pub day: u32,
    /// 0..=23.
    pub hour: u64,
    /// 0..=59.
    pub min: u64,
    /// 0..=59.
    pub sec: u64,
    /// 0 = Sunday .. 6 = Saturday.
    pub weekday: u32,
}

/// Three-letter English weekday names, Sunday first.
pub const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/// Three-letter English month names.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Civil {
    /// The UTC calendar fields of a Unix time (Howard Hinnant's
    /// `civil_from_days`, valid for any date after 1970).
    ///
    /// ```
    /// let c = netbook::sim::clock::Civil::from_unix(1_735_689_600);
    /// assert_eq!((c.year, c.month, c.day, c.weekday), (2025, 1, 1, 3));
    /// ```
    pub fn from_unix(unix: u64) -> Civil {
        Civil::from_secs(i64::try_from(unix).unwrap_or(i64::MAX))
    }

    /// As [`Civil::from_unix`], before 1970 too (`date -d @-1`).
    pub fn from_secs(unix: i64) -> Civil {
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400) as u64;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Civil {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// The weekday's three-letter name.
    pub fn weekday_name(&self) -> &'static str {
        WEEKDAYS[self.weekday as usize]
    }

    /// The month's three-letter name.
    pub fn month_name(&self) -> &'static str {
        MONTHS[(self.month - 1) as usize]
    }
}

/// Unix time of the world's virtual clock at 0 (Wed 2025-01-01 00:00:00
/// UTC), so dates printed by tools (`dig`'s `;; WHEN:`) are deterministic.
pub const CLOCK_EPOCH_UNIX: u64 = 1_735_689_600;

/// Formats a Unix time the way `date` / dig print it in UTC:
/// `Wed Jan 01 00:00:00 UTC 2025`.
///
/// ```
/// assert_eq!(netbook::sim::stack::clock::format_date(1_735_689_600), "Wed Jan 01 00:00:00 UTC 2025");
/// ```
pub fn format_date(unix: u64) -> String {
    date_text(unix, true)
}

/// Go's `log` prefix with its standard flags (`2026/11/26 10:36:22`).
pub fn go_log_time(unix: u64) -> String {
    let c = Civil::from_unix(unix);
    format!(
        "{}/{:02}/{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.min, c.sec
    )
}

/// A ctime(3)-style date (`Thu Nov 26 10:36:22 2026`) for `secs` since
/// the Unix epoch, UTC.
pub fn ctime(secs: u64) -> String {
    date_text(secs, false)
}

/// `date`'s form pads the day with a zero and names the zone; ctime's
/// pads with a space and names none.
fn date_text(unix: u64, date_cmd: bool) -> String {
    let c = Civil::from_unix(unix);
    let (day, zone) = if date_cmd {
        (format!("{:02}", c.day), " UTC")
    } else {
        (format!("{:>2}", c.day), "")
    };
    format!(
        "{} {} {day} {:02}:{:02}:{:02}{zone} {}",
        c.weekday_name(),
        c.month_name(),
        c.hour,
        c.min,
        c.sec,
        c.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let c = Civil::from_unix(0);
        assert_eq!(
            (c.year, c.month, c.day, c.weekday_name()),
            (1970, 1, 1, "Thu")
        );
        let c = Civil::from_unix(1_795_689_382); // 2026-11-26 10:36:22 UTC
        assert_eq!(
            (
                c.year,
                c.month_name(),
                c.day,
                c.hour,
                c.min,
                c.sec,
                c.weekday_name()
            ),
            (2026, "Nov", 26, 10, 36, 22, "Thu")
        );
        let leap = Civil::from_unix(1_709_164_800); // 2024-02-29
        assert_eq!((leap.month, leap.day), (2, 29));
        let c = Civil::from_secs(-99_999_999_999); // date -d @-99999999999
        assert_eq!((c.year, c.month, c.day, c.hour), (-1199, 2, 15, 14));
    }
}

#[cfg(test)]
mod date_tests {
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
