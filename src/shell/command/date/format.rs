//! `date +FORMAT`: the conversions of gnulib's `nstrftime` (what GNU
//! coreutils 9.1 `date` formats with) in the C locale: flags `_ - 0 + ^ #`,
//! a field width, the ignored `E`/`O` modifiers, and `%:z`-style offsets.
//! An unknown conversion is printed as written, as gnulib does.

use crate::sim::clock::{Civil, MONTHS, WEEKDAYS};

const FULL_WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Widest field a width may ask for: a bound on the output, where gnulib
/// would try to print gigabytes of padding.
const MAX_WIDTH: usize = 4096;

/// One instant as a zone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    /// Seconds since the epoch (`%s`).
    pub unix: i64,
    /// Nanoseconds within the second (`%N`).
    pub nanos: u32,
    /// The zone's abbreviation (`%Z`).
    pub zone: String,
    /// Seconds east of UTC (`%z`).
    pub offset: i64,
    /// The local calendar fields.
    pub civil: Civil,
}

impl Moment {
    /// `unix` in a zone `offset` seconds east of UTC named `zone`.
    pub fn new(unix: i64, nanos: u32, zone: &str, offset: i64) -> Moment {
        Moment {
            unix,
            nanos,
            zone: zone.to_string(),
            offset,
            civil: Civil::from_secs(unix.saturating_add(offset)),
        }
    }

    /// Day of the year, 0-based (`tm_yday`).
    fn yday(&self) -> i64 {
        const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let c = &self.civil;
        let m = (c.month - 1) as usize;
        BEFORE[m] + i64::from(c.day) - 1 + i64::from(m >= 2 && leap(c.year))
    }

    fn wday(&self) -> i64 {
        i64::from(self.civil.weekday)
    }

    /// The ISO 8601 week-based year and week (`%G`, `%V`).
    fn iso_week(&self) -> (i64, i64) {
        let (yday, wday) = (self.yday(), self.wday());
        let mut year = self.civil.year;
        let mut days = iso_week_days(yday, wday);
        if days < 0 {
            year -= 1;
            days = iso_week_days(yday + 365 + i64::from(leap(year)), wday);
        } else {
            let next = iso_week_days(yday - 365 - i64::from(leap(year)), wday);
            if next >= 0 {
                year += 1;
                days = next;
            }
        }
        (year, days / 7 + 1)
    }
}

fn leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days since the Monday that starts the ISO week-based year holding
/// day `yday` (negative: the day belongs to the previous one).
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    const BIG_MULTIPLE_OF_7: i64 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_MULTIPLE_OF_7) % 7 + 3
}

/// How one conversion was written: `%_5d` is pad `_`, width 5.
#[derive(Debug, Clone, Copy, Default)]
struct Spec {
    pad: Option<char>,
    width: Option<usize>,
    upper: bool,
    swap: bool,
}

/// A number as `nstrftime` prints one: at least `digits` digits (or
/// the width), a sign where asked, colons at `colons` (bit i: before the
/// i-th digit from the right).
struct Num {
    value: i64,
    digits: usize,
    sign: bool,
    colons: u32,
}

impl Spec {
    /// Pads `text` to the width: zeros for `0`/`+`, else spaces; `-`
    /// never pads.
    fn fill(&self, text: &str, out: &mut String) {
        let len = text.chars().count();
        if let (Some(w), false) = (self.width, self.pad == Some('-')) {
            let zero = matches!(self.pad, Some('0') | Some('+'));
            for _ in len..w.min(MAX_WIDTH) {
                out.push(if zero { '0' } else { ' ' });
            }
        }
        out.push_str(text);
    }

    /// A name, with `^` (upper case) and `#` (`to` case) applied.
    fn text(&self, s: &str, swap_to_upper: bool, out: &mut String) {
        let s = if self.swap && !swap_to_upper {
            s.to_lowercase()
        } else if self.upper || self.swap {
            s.to_uppercase()
        } else {
            s.to_string()
        };
        self.fill(&s, out);
    }

    fn number(&self, n: Num, out: &mut String) {
        let mut digits = String::new();
        let mut v = n.value.unsigned_abs();
        let mut mask = n.colons;
        loop {
            if mask & 1 == 1 {
                digits.insert(0, ':');
            }
            mask >>= 1;
            digits.insert(0, char::from(b'0' + (v % 10) as u8));
            v /= 10;
            if v == 0 && mask == 0 {
                break;
            }
        }
        let pad = self.pad.unwrap_or('0');
        let width = self.width.unwrap_or(n.digits).min(MAX_WIDTH);
        let sign = if n.value < 0 {
            Some('-')
        } else if n.sign {
            Some('+')
        } else {
            None
        };
        let shortage = width as i64 - i64::from(sign.is_some()) - digits.len() as i64;
        let padding = if pad == '-' || shortage <= 0 {
            0
        } else {
            shortage as usize
        };
        let mut rest = width;
        if let Some(s) = sign {
            if pad == '_' {
                out.extend(std::iter::repeat_n(' ', padding));
                rest -= padding;
            }
            out.push(s);
            rest = rest.saturating_sub(1);
        }
        let spec = Spec {
            pad: Some(pad),
            width: Some(rest),
            ..*self
        };
        spec.fill(&digits, out);
    }

    /// `%Y`-like numbers: with `+`, a sign once the year outgrows its
    /// digits (or the width asks for more).
    fn yearish(&self, digits: usize, value: i64, out: &mut String) {
        let big = if digits == 2 { 99 } else { 9999 };
        let sign = self.pad == Some('+') && (value > big || self.width.is_some_and(|w| digits < w));
        self.number(
            Num {
                value,
                digits,
                sign,
                colons: 0,
            },
            out,
        );
    }

    fn plain(&self, digits: usize, value: i64, out: &mut String) {
        self.number(
            Num {
                value,
                digits,
                sign: false,
                colons: 0,
            },
            out,
        );
    }

    /// `%e`-like numbers pad with spaces unless `0` or `-` says otherwise.
    fn spaced(&self, digits: usize, value: i64, out: &mut String) {
        let mut s = *self;
        if !matches!(s.pad, Some('0') | Some('-')) {
            s.pad = Some('_');
        }
        s.plain(digits, value, out);
    }
}

/// `fmt` for `m`.
pub fn strftime(fmt: &str, m: &Moment) -> String {
    let mut out = String::new();
    format_into(fmt, m, false, &mut out);
    out
}

fn format_into(fmt: &str, m: &Moment, upcase: bool, out: &mut String) {
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut spec = Spec {
            upper: upcase,
            ..Spec::default()
        };
        while let Some(&c) = chars.get(i) {
            match c {
                '_' | '-' | '0' | '+' => spec.pad = Some(c),
                '^' => spec.upper = true,
                '#' => spec.swap = true,
                _ => break,
            }
            i += 1;
        }
        while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
            let w = spec.width.unwrap_or(0);
            spec.width = Some(w.saturating_mul(10).saturating_add(d as usize));
            i += 1;
        }
        let modifier = chars.get(i).copied().filter(|c| matches!(c, 'E' | 'O'));
        if modifier.is_some() {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            // `%` (with flags) at the end: printed as written.
            let written: String = chars[start..].iter().collect();
            spec.fill(&written, out);
            break;
        };
        i += 1;
        let plain = spec.pad.is_none() && spec.width.is_none() && !spec.upper && !spec.swap;
        if conv == '%' && (modifier.is_some() || !plain) {
            // gnulib prints what came before this `%` as written, and the
            // `%` starts the next conversion.
            i -= 1;
            let written: String = chars[start..i].iter().collect();
            spec.fill(&written, out);
            continue;
        }
        if conv == ':' {
            let mut colons = 1;
            while chars.get(i) == Some(&':') {
                colons += 1;
                i += 1;
            }
            if chars.get(i) == Some(&'z') && colons <= 3 {
                i += 1;
                zone_offset(&spec, colons, m.offset, out);
                continue;
            }
            // Not a `%:z`: the `%` and colons as written, then go on.
            let written: String = chars[start..i].iter().collect();
            spec.fill(&written, out);
            continue;
        }
        // `E`/`O` change nothing in the C locale, where gnulib allows them.
        let allowed = match modifier {
            Some('E') => "cCxXyY".contains(conv),
            Some(_) => "deHIklmMSuUVwWy".contains(conv),
            None => true,
        };
        if !allowed || !convert(conv, &spec, m, out) {
            let written: String = chars[start..i].iter().collect();
            spec.fill(&written, out);
        }
    }
}

/// Formats one conversion; false when `c` is none.
fn convert(c: char, s: &Spec, m: &Moment, out: &mut String) -> bool {
    let cv = &m.civil;
    let hour = cv.hour as i64;
    let hour12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    match c {
        '%' => out.push('%'),
        'a' => s.text(WEEKDAYS[cv.weekday as usize], true, out),
        'A' => s.text(FULL_WEEKDAYS[cv.weekday as usize], true, out),
        'b' | 'h' => s.text(MONTHS[(cv.month - 1) as usize], true, out),
        'B' => s.text(FULL_MONTHS[(cv.month - 1) as usize], true, out),
        'p' | 'P' => {
            let ampm = if hour < 12 { "AM" } else { "PM" };
            if c == 'P' {
                Spec {
                    upper: false,
                    swap: true,
                    ..*s
                }
                .text(ampm, false, out);
            } else {
                s.text(ampm, false, out);
            }
        }
        'Z' => s.text(&m.zone, false, out),
        'c' => sub("%a %b %e %H:%M:%S %Y", s, m, out),
        'D' | 'x' => sub("%m/%d/%y", s, m, out),
        'F' => {
            let f = match (s.pad, s.width) {
                (None, None) => "%+4Y-%m-%d".to_string(),
                (pad, w) => {
                    let sub_w = w.map_or(0, |w| w.saturating_sub(6));
                    let p = pad.map(String::from).unwrap_or_default();
                    format!("%{p}{sub_w}Y-%m-%d")
                }
            };
            format_into(&f, m, s.upper, out);
        }
        'r' => sub("%I:%M:%S %p", s, m, out),
        'R' => sub("%H:%M", s, m, out),
        'T' | 'X' => sub("%H:%M:%S", s, m, out),
        'n' => s.fill("\n", out),
        't' => s.fill("\t", out),
        'C' => s.yearish(2, cv.year.div_euclid(100), out),
        'y' => s.yearish(2, cv.year.rem_euclid(100), out),
        'Y' => s.yearish(4, cv.year, out),
        'G' => s.yearish(4, m.iso_week().0, out),
        'g' => s.yearish(2, m.iso_week().0.rem_euclid(100), out),
        'V' => s.plain(2, m.iso_week().1, out),
        'd' => s.plain(2, i64::from(cv.day), out),
        'e' => s.spaced(2, i64::from(cv.day), out),
        'H' => s.plain(2, hour, out),
        'I' => s.plain(2, hour12, out),
        'k' => s.spaced(2, hour, out),
        'l' => s.spaced(2, hour12, out),
        'j' => s.plain(3, m.yday() + 1, out),
        'm' => s.plain(2, i64::from(cv.month), out),
        'M' => s.plain(2, cv.min as i64, out),
        'S' => s.plain(2, cv.sec as i64, out),
        's' => s.plain(1, m.unix, out),
        'q' => s.plain(1, i64::from(cv.month - 1) / 3 + 1, out),
        'u' => s.plain(1, (m.wday() + 6) % 7 + 1, out),
        'w' => s.plain(1, m.wday(), out),
        'U' => s.plain(2, (m.yday() + 7 - m.wday()) / 7, out),
        'W' => s.plain(2, (m.yday() + 7 - (m.wday() + 6) % 7) / 7, out),
        'N' => nanos(s, m.nanos, out),
        'z' => zone_offset(s, 0, m.offset, out),
        _ => return false,
    }
    true
}

/// A composite conversion (`%T` is `%H:%M:%S`): formatted whole, then
/// padded as one field.
fn sub(fmt: &str, s: &Spec, m: &Moment, out: &mut String) {
    let mut text = String::new();
    format_into(fmt, m, s.upper, &mut text);
    s.fill(&text, out);
}

/// `%N`: the width is how many digits (9 by default) are kept; `_` turns
/// trailing zeros into spaces.
fn nanos(s: &Spec, ns: u32, out: &mut String) {
    let mut digits = format!("{ns:09}");
    let w = s.width.filter(|w| *w > 0).unwrap_or(9).min(MAX_WIDTH);
    if w < 9 {
        digits.truncate(w);
    } else {
        digits.extend(std::iter::repeat_n('0', w - 9));
    }
    if s.pad == Some('_') {
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.replace_range(kept.., &" ".repeat(digits.len() - kept));
    }
    out.push_str(&digits);
}

/// `%z`, `%:z`, `%::z`, `%:::z` (the last as short as the offset allows).
fn zone_offset(s: &Spec, colons: usize, offset: i64, out: &mut String) {
    let a = offset.abs();
    let (h, mi, se) = (a / 3600, a / 60 % 60, a % 60);
    let colons = match colons {
        3 if se != 0 => 2,
        3 if mi != 0 => 1,
        c => c,
    };
    let (digits, mask, value) = match colons {
        0 => (5, 0, h * 100 + mi),
        1 => (6, 0b100, h * 100 + mi),
        2 => (9, 0b10100, h * 10000 + mi * 100 + se),
        _ => (3, 0, h),
    };
    s.number(
        Num {
            value: if offset < 0 { -value } else { value },
            digits,
            sign: true,
            colons: mask,
        },
        out,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_match_gnu_date() {
        // Outputs of coreutils 9.1 `TZ=UTC date -d @N +FMT`.
        let at = |n: i64| Moment::new(n, 0, "UTC", 0);
        for (unix, fmt, want) in [
            (1234567, "%-5d|%_5d|%5d|%_d|%-e|%0e|%5e", "15|   15|00015|15|15|15|   15"),
            (1234567, "%_j|%-j|%5Y|%_Y|%-y|%^B|%#B|%#Z", " 15|15|01970|1970|70|JANUARY|JANUARY|utc"),
            (1234567, "%^p|%#p|%-5a|%05a|%_5a|%12N|%_3N", "AM|am|Thu|00Thu|  Thu|000000000000|0  "),
            (1234567, "%5s|%5z|%_z|%-z|%8:z|%::::z|%+4Y", "1234567|+0000|   +0|+0|+0000:00|%::::z|1970"),
            (1234567, "%Ex|%OH|%-%|%:a|%10T|%-10D|%3P|%^P", "01/15/70|06|%-%|%:a|  06:56:07|01/15/70| am|am"),
            (0, "%E%O%Ey%Od%5%|%4%", "%E%O7001   %5%|  %4%"),
            (0, "%c|%x|%X|%r|%j|%U|%W|%V|%G|%g|%u|%w|%C|%k|%l|%I|%h", "Thu Jan  1 00:00:00 1970|01/01/70|00:00:00|12:00:00 AM|001|00|00|01|1970|70|4|4|19| 0|12|12|Jan"),
            (0, "%:z|%::z|%:::z|%z|%Z|%D|%R|%q|%-:z|%Q|%5", "+00:00|+00:00:00|+00|+0000|UTC|01/01/70|00:00|1|+0:00|%Q|   %5"),
            (-1, "%F %T %s", "1969-12-31 23:59:59 -1"),
            (1735689600, "%G-W%V-%u %a", "2025-W01-3 Wed"),
        ] {
            assert_eq!(strftime(fmt, &at(unix)), want, "{fmt}");
        }
        let seoul = Moment::new(0, 5_000_000, "KST", 9 * 3600);
        assert_eq!(
            strftime("%T %Z %z %:::z %3N", &seoul),
            "09:00:00 KST +0900 +09 005"
        );
        let india = Moment::new(0, 0, "IST", 5 * 3600 + 1800);
        assert_eq!(strftime("%:::z", &india), "+05:30");
    }
}
