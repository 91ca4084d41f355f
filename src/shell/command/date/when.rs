//! What instant and zone `date` shows: `-d STRING` (the forms of
//! gnulib's `parse_datetime` netbook reads), the `TZ` variable, and the
//! `MMDDhhmm[[CC]YY][.ss]` operand that would set the clock.

use crate::sim::clock::Civil;

/// An instant: seconds since the epoch and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant {
    pub secs: i64,
    pub nanos: u32,
}

/// Why a `-d` string gives no instant.
#[derive(Debug, PartialEq, Eq)]
pub enum BadDate {
    /// `date: invalid date 'S'`.
    Invalid,
    /// `date: time 'N' is out of range`.
    OutOfRange(String),
    /// A form netbook does not read (`next monday`, `2 days ago`).
    NotSimulated,
}

/// A time zone as `date` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// `%Z`.
    pub name: String,
    /// Seconds east of UTC.
    pub offset: i64,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            offset: 0,
        }
    }
}

/// tzdata's names for UTC and GMT; the simulated host has no other zone
/// files, and its `/etc/localtime` is UTC.
const UTC_NAMES: &[&str] = &["UTC", "UCT", "Universal", "Zulu"];
const GMT_NAMES: &[&str] = &["GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"];
/// tzdata files with no `/` in their names that are not UTC: a POSIX
/// reading of them would be wrong.
const ZONE_FILES: &[&str] = &[
    "CET",
    "CST6CDT",
    "Cuba",
    "EET",
    "EST",
    "EST5EDT",
    "Egypt",
    "Eire",
    "Factory",
    "GB",
    "GB-Eire",
    "HST",
    "Hongkong",
    "Iceland",
    "Iran",
    "Israel",
    "Jamaica",
    "Japan",
    "Kwajalein",
    "Libya",
    "MET",
    "MST",
    "MST7MDT",
    "NZ",
    "NZ-CHAT",
    "Navajo",
    "PRC",
    "PST8PDT",
    "Poland",
    "Portugal",
    "ROC",
    "ROK",
    "Singapore",
    "Turkey",
    "W-SU",
    "WET",
];

/// The zone `TZ` names (`None`: unset, the host's UTC); `Err` when it is
/// a zone file netbook does not hold or a rule with daylight saving.
pub fn zone(tz: Option<&str>) -> Result<Zone, ()> {
    let Some(tz) = tz else {
        return Ok(Zone::utc());
    };
    let tz = tz.strip_prefix(':').unwrap_or(tz);
    let base = tz.strip_prefix("Etc/").unwrap_or(tz);
    if tz.is_empty() || UTC_NAMES.contains(&base) {
        return Ok(Zone::utc());
    }
    if GMT_NAMES.contains(&base) {
        return Ok(Zone {
            name: "GMT".into(),
            offset: 0,
        });
    }
    if tz.contains('/') || ZONE_FILES.contains(&tz) {
        return Err(());
    }
    posix_zone(tz).ok_or(())
}

/// A POSIX `TZ` of a standard time only: `KST-9`, `<+0530>-5:30`, or a
/// bare name (glibc: UTC under that name).
fn posix_zone(tz: &str) -> Option<Zone> {
    let (name, rest) = if let Some(q) = tz.strip_prefix('<') {
        let end = q.find('>')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = tz
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(tz.len());
        (&tz[..end], &tz[end..])
    };
    if name.len() < 3 {
        return None;
    }
    if rest.is_empty() {
        return Some(Zone {
            name: name.to_string(),
            offset: 0,
        });
    }
    let (sign, hms) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => (1, rest),
    };
    let mut secs = 0;
    let mut parts = 0;
    for (i, p) in hms.split(':').enumerate() {
        // Anything else (a daylight-saving name or rule) is not read.
        if i > 2 || p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i64 = p.parse().ok()?;
        if (i > 0 && v > 59) || (i == 0 && v > 24) {
            return None;
        }
        secs += v * [3600, 60, 1][i];
        parts += 1;
    }
    (parts > 0).then(|| Zone {
        name: name.to_string(),
        // POSIX counts west as positive.
        offset: -sign * secs,
    })
}

/// Reads a `-d` string; `now` is the virtual clock's instant.
pub fn parse_date(s: &str, now: Instant, zone: &Zone) -> Result<Instant, BadDate> {
    let t = s.trim();
    if let Some(n) = t.strip_prefix('@') {
        return at_seconds(n.trim_start());
    }
    match t.to_ascii_lowercase().as_str() {
        "now" | "today" => return Ok(now),
        "yesterday" => return shifted(now, -86_400),
        "tomorrow" => return shifted(now, 86_400),
        // An empty string is the start of today.
        "" => {
            let local = now.secs + zone.offset;
            let midnight = local - local.rem_euclid(86_400) - zone.offset;
            return Ok(Instant {
                secs: midnight,
                nanos: 0,
            });
        }
        _ => {}
    }
    iso(t, zone)
}

fn shifted(now: Instant, by: i64) -> Result<Instant, BadDate> {
    Ok(Instant {
        secs: now.secs + by,
        ..now
    })
}

/// `@[+-]N[.frac]`: seconds since the epoch (a comma works as the point).
fn at_seconds(n: &str) -> Result<Instant, BadDate> {
    let (neg, body) = match n.as_bytes().first() {
        Some(b'-') => (true, &n[1..]),
        Some(b'+') => (false, &n[1..]),
        _ => (false, n),
    };
    let (int, frac) = match body.find(['.', ',']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return Err(BadDate::Invalid);
    }
    let whole: i64 = int.parse().map_err(|_| BadDate::Invalid)?;
    let mut nanos: u32 = 0;
    if let Some(f) = frac {
        let nine: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = nine.parse().unwrap_or(0);
    }
    let (secs, nanos) = if neg && nanos > 0 {
        (-whole - 1, 1_000_000_000 - nanos)
    } else if neg {
        (-whole, 0)
    } else {
        (whole, nanos)
    };
    if !civil_ok(secs) {
        let shown = if neg {
            format!("-{int}")
        } else {
            int.to_string()
        };
        return Err(BadDate::OutOfRange(shown));
    }
    Ok(Instant { secs, nanos })
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.frac]]][ ][Z|UTC|GMT]`, in `zone` unless
/// it names UTC.
fn iso(t: &str, zone: &Zone) -> Result<Instant, BadDate> {
    let num = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<i64> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (mut body, mut utc) = (t, false);
    for z in ["Z", "z", "UTC", "GMT"] {
        if let Some(b) = t.strip_suffix(z) {
            (body, utc) = (b.trim_end(), true);
            break;
        }
    }
    let (date, time) = match body.find(['T', 't', ' ']) {
        Some(i) => (&body[..i], Some(body[i + 1..].trim_start())),
        None => (body, None),
    };
    let ymd: Vec<&str> = date.split('-').collect();
    let [y, m, d] = ymd.as_slice() else {
        return Err(BadDate::NotSimulated);
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4..=4), num(m, 1..=2), num(d, 1..=2)) else {
        return Err(BadDate::NotSimulated);
    };
    let (mut h, mut mi, mut s, mut nanos) = (0, 0, 0, 0);
    if let Some(time) = time {
        let (hms, frac) = match time.split_once(['.', ',']) {
            Some((a, f)) => (a, Some(f)),
            None => (time, None),
        };
        let parts: Vec<&str> = hms.split(':').collect();
        let got: Option<Vec<i64>> = parts.iter().map(|p| num(p, 1..=2)).collect();
        match got.as_deref() {
            Some([a, b]) if frac.is_none() => (h, mi) = (*a, *b),
            Some([a, b, c]) => (h, mi, s) = (*a, *b, *c),
            _ => return Err(BadDate::NotSimulated),
        }
        if let Some(f) = frac {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BadDate::NotSimulated);
            }
            let nine: String = f.chars().chain(std::iter::repeat('0')).take(9).collect();
            nanos = nine.parse().unwrap_or(0);
        }
    }
    let month_days = [
        31,
        28 + i64::from(leap(y)),
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&m)
        && d >= 1
        && d <= month_days[(m - 1) as usize]
        && h <= 23
        && mi <= 59
        && s <= 59;
    if !valid {
        return Err(BadDate::Invalid);
    }
    let local = days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s;
    let offset = if utc { 0 } else { zone.offset };
    Ok(Instant {
        secs: local - offset,
        nanos,
    })
}

fn leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
/// `days_from_civil`, the inverse of [`Civil::from_secs`]).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether an operand is a well-formed `MMDDhhmm[[CC]YY][.ss]`: one
/// that would set the clock, where another is an invalid date.
pub fn sets_clock(op: &str) -> bool {
    let (main, secs) = match op.split_once('.') {
        Some((a, s)) => (a, Some(s)),
        None => (op, None),
    };
    let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !matches!(main.len(), 8 | 10 | 12)
        || !main.bytes().all(|b| b.is_ascii_digit())
        || secs.is_some_and(|s| !two(s) || s > "60")
    {
        return false;
    }
    let field = |i: usize| main[i..i + 2].parse::<u32>().unwrap_or(99);
    (1..=12).contains(&field(0)) && (1..=31).contains(&field(2)) && field(4) <= 23 && field(6) <= 59
}

/// Whether the year of an instant fits `struct tm` (an `int` from 1900).
pub fn civil_ok(secs: i64) -> bool {
    let y = Civil::from_secs(secs).year;
    (-2_147_481_748..=2_147_485_547).contains(&y)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Instant = Instant {
        secs: 1_735_689_600 + 3 * 86_400 + 3_723,
        nanos: 5,
    };

    #[test]
    fn date_strings() {
        let utc = Zone::utc();
        let at = |secs, nanos| Ok(Instant { secs, nanos });
        for (s, want) in [
            ("@0", at(0, 0)),
            (" @ 5 ", at(5, 0)),
            ("@+5", at(5, 0)),
            ("@-1.5", at(-2, 500_000_000)),
            ("@1,5", at(1, 500_000_000)),
            ("@1.123456789123", at(1, 123_456_789)),
            ("@abc", Err(BadDate::Invalid)),
            ("@5.", Err(BadDate::Invalid)),
            ("@.5", Err(BadDate::Invalid)),
            ("@1e3", Err(BadDate::Invalid)),
            ("@99999999999999999999", Err(BadDate::Invalid)),
            (
                "@99999999999999999",
                Err(BadDate::OutOfRange("99999999999999999".into())),
            ),
            ("now", Ok(NOW)),
            ("", at(1_735_689_600 + 3 * 86_400, 0)),
            ("yesterday", at(NOW.secs - 86_400, 5)),
            ("2025-01-02", at(1_735_776_000, 0)),
            ("2025-01-02 03:04", at(1_735_787_040, 0)),
            ("2025-01-02T03:04:05Z", at(1_735_787_045, 0)),
            ("2025-02-30", Err(BadDate::Invalid)),
            ("2025-13-01", Err(BadDate::Invalid)),
            ("next monday", Err(BadDate::NotSimulated)),
        ] {
            assert_eq!(parse_date(s, NOW, &utc), want, "-d {s:?}");
        }
        let kst = zone(Some("KST-9")).unwrap();
        assert_eq!(
            parse_date("2025-01-02 09:00", NOW, &kst),
            at(1_735_776_000, 0)
        );
    }

    #[test]
    fn zones_from_tz() {
        let z = |name: &str, offset| {
            Ok(Zone {
                name: name.into(),
                offset,
            })
        };
        for (tz, want) in [
            (None, z("UTC", 0)),
            (Some(""), z("UTC", 0)),
            (Some(":Etc/UTC"), z("UTC", 0)),
            (Some("GMT"), z("GMT", 0)),
            (Some("UTC0"), z("UTC", 0)),
            (Some("KST-9"), z("KST", 9 * 3600)),
            (Some("EST5"), z("EST", -5 * 3600)),
            (Some("<+0530>-5:30"), z("+0530", 19_800)),
            (Some("Foo"), z("Foo", 0)),
            (Some("Asia/Seoul"), Err(())),
            (Some("EST"), Err(())),
            (Some("EST5EDT,M3.2.0,M11.1.0"), Err(())),
        ] {
            assert_eq!(zone(tz), want, "TZ={tz:?}");
        }
    }

    #[test]
    fn clock_setting_operands() {
        for (op, sets) in [
            ("12010000", true),
            ("120100002025", true),
            ("1201000025.30", true),
            ("13010000", false),
            ("1301000", false),
            ("foo", false),
        ] {
            assert_eq!(sets_clock(op), sets, "{op}");
        }
    }
}
