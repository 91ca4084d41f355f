//! `date` (GNU coreutils 9.1) on the virtual clock, never the host's:
//! `+FORMAT`, `-d`/`--date`, `-u`, `-R`, `-I[FMT]`, `--rfc-3339=FMT`,
//! `--resolution`, and `TZ` from the environment. Setting the clock
//! (`-s`, an `MMDDhhmm` operand) and reading files (`-f`, `-r`) are
//! refused.

mod format;
mod when;

use super::args::{Form, Item, Opt};
use super::gnu::{argmatch, try_help, usage_error, GnuArgs};
use super::{CmdOutput, Command, Ctx};
use format::{strftime, Moment};
use when::{BadDate, Instant, Zone};

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "date",
    summary: "print the date and time of the simulated clock",
    summary_ko: "시뮬레이션 시계의 날짜와 시각을 출력합니다",
    usage: "date [-u] [-d @SECONDS|STRING] [-R|-I[FMT]|--rfc-3339=FMT] [+FORMAT]",
    run: date,
    complete: None,
}];

const DEFAULT_FORMAT: &str = "%a %b %e %H:%M:%S %Z %Y";
const RFC_EMAIL: &str = "%a, %d %b %Y %H:%M:%S %z";
/// The simulated clock counts microseconds.
const RESOLUTION_NS: u32 = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Date,
    Iso,
    Rfc3339,
    RfcEmail,
    Utc,
    Resolution,
}

/// `-I`'s and `--rfc-3339`'s precisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Date,
    Hours,
    Minutes,
    Seconds,
    Ns,
}

/// A `date` command line.
#[derive(Debug, Default, PartialEq, Eq)]
struct DateArgs {
    /// The last `-d` string.
    date: Option<String>,
    resolution: bool,
    utc: bool,
    /// From `-R`, `-I` or `--rfc-3339`.
    format: Option<String>,
    operands: Vec<String>,
}

fn iso_format(p: Precision) -> &'static str {
    match p {
        Precision::Date => "%Y-%m-%d",
        Precision::Hours => "%Y-%m-%dT%H%:z",
        Precision::Minutes => "%Y-%m-%dT%H:%M%:z",
        Precision::Seconds => "%Y-%m-%dT%H:%M:%S%:z",
        Precision::Ns => "%Y-%m-%dT%H:%M:%S,%N%:z",
    }
}

fn rfc3339_format(p: Precision) -> &'static str {
    match p {
        Precision::Seconds => "%Y-%m-%d %H:%M:%S%:z",
        Precision::Ns => "%Y-%m-%d %H:%M:%S.%N%:z",
        _ => "%Y-%m-%d",
    }
}

impl GnuArgs for DateArgs {
    type Key = Key;
    const TOOL: &'static str = "date";
    /// coreutils 9.1 date's getopt_long table ("d:f:I::r:Rs:u").
    const OPTS: &'static [Opt<Key>] = &[
        Opt::with_value('d', "date", Key::Date),
        Form::long("debug").refused(),
        Form::with_value('f', "file").refused(),
        Opt::optional('I', "iso-8601", Key::Iso),
        Form::with_value('r', "reference").refused(),
        Opt::long("resolution", Key::Resolution),
        Opt::flag('R', "rfc-email", Key::RfcEmail),
        Opt::long("rfc-822", Key::RfcEmail),
        Opt::long("rfc-2822", Key::RfcEmail),
        Opt::long_value("rfc-3339", Key::Rfc3339),
        Form::with_value('s', "set").refused(),
        Opt::long("uct", Key::Utc),
        Opt::flag('u', "utc", Key::Utc),
        Opt::long("universal", Key::Utc),
        Form::long("help").refused(),
        Form::long("version").refused(),
    ];

    fn take(&mut self, item: Item<Key>) -> Result<(), CmdOutput> {
        let new_format = match item {
            Item::Operand(o) => {
                self.operands.push(o);
                return Ok(());
            }
            Item::Value(Key::Date, d) => {
                self.date = Some(d);
                return Ok(());
            }
            Item::Flag(Key::Utc) => {
                self.utc = true;
                return Ok(());
            }
            Item::Flag(Key::Resolution) => {
                self.resolution = true;
                return Ok(());
            }
            Item::Flag(Key::Iso) => iso_format(Precision::Date),
            Item::Value(Key::Iso, v) => {
                let p = argmatch(
                    "date",
                    "--iso-8601",
                    &v,
                    &[
                        ("hours", Precision::Hours),
                        ("minutes", Precision::Minutes),
                        ("date", Precision::Date),
                        ("seconds", Precision::Seconds),
                        ("ns", Precision::Ns),
                    ],
                )?;
                iso_format(p)
            }
            Item::Value(Key::Rfc3339, v) => {
                let p = argmatch(
                    "date",
                    "--rfc-3339",
                    &v,
                    &[
                        ("date", Precision::Date),
                        ("seconds", Precision::Seconds),
                        ("ns", Precision::Ns),
                    ],
                )?;
                rfc3339_format(p)
            }
            Item::Flag(_) | Item::Value(..) => RFC_EMAIL,
        };
        if self.format.is_some() {
            return Err(failure("date: multiple output formats specified\n"));
        }
        self.format = Some(new_format.to_string());
        Ok(())
    }

    fn check(mut self) -> Result<Self, CmdOutput> {
        if self.date.is_some() && self.resolution {
            return Err(usage_error(
                "date",
                "the options to specify dates for printing are mutually exclusive",
                1,
            ));
        }
        if let Some(extra) = self.operands.get(1) {
            return Err(usage_error("date", &format!("extra operand '{extra}'"), 1));
        }
        if let Some(f) = self.operands.first().and_then(|o| o.strip_prefix('+')) {
            if self.format.is_some() {
                return Err(failure("date: multiple output formats specified\n"));
            }
            self.format = Some(f.to_string());
            self.operands.clear();
        } else if let (Some(op), true) = (
            self.operands.first(),
            self.date.is_some() || self.resolution,
        ) {
            return Err(try_help(
                "date",
                &format!("date: the argument '{op}' lacks a leading '+';\nwhen using an option to specify date(s), any non-option\nargument must be a format string beginning with '+'\n"),
                1,
            ));
        }
        Ok(self)
    }
}

fn failure(msg: &str) -> CmdOutput {
    CmdOutput::usage(1, msg)
}

/// `date [OPTION]... [+FORMAT]`
pub fn date(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let a = match DateArgs::parse(args) {
        Ok(a) => a,
        Err(e) => return e,
    };
    if let Some(op) = a.operands.first() {
        if when::sets_clock(op) {
            return CmdOutput::usage(
                1,
                format!("netbook: date {op} is not simulated (it sets the clock)\n"),
            );
        }
        return CmdOutput::error(1, format!("date: invalid date '{op}'\n"));
    }
    let zone = if a.utc {
        Zone::utc()
    } else {
        let tz = ctx.env.get("TZ").map(String::as_str);
        match when::zone(tz) {
            Ok(z) => z,
            Err(()) => {
                let tz = tz.unwrap_or_default();
                return CmdOutput::usage(
                    1,
                    format!("netbook: date with TZ={tz} is not simulated (the simulated host holds no zone files but UTC)\n"),
                );
            }
        }
    };
    let now = Instant {
        secs: i64::try_from(ctx.world.wall_clock_s()).unwrap_or(i64::MAX),
        nanos: (ctx.world.now_us % 1_000_000) as u32 * 1_000,
    };
    let at = if a.resolution {
        Instant {
            secs: 0,
            nanos: RESOLUTION_NS,
        }
    } else if let Some(d) = &a.date {
        match when::parse_date(d, now, &zone) {
            Ok(at) => at,
            Err(BadDate::Invalid) => {
                return CmdOutput::error(1, format!("date: invalid date '{d}'\n"))
            }
            Err(BadDate::OutOfRange(n)) => {
                return CmdOutput::error(1, format!("date: time '{n}' is out of range\n"))
            }
            Err(BadDate::NotSimulated) => {
                return CmdOutput::usage(1, format!("netbook: date -d '{d}' is not simulated (netbook reads @SECONDS, now, today, yesterday, tomorrow and YYYY-MM-DD[ HH:MM[:SS]])\n"))
            }
        }
    } else {
        now
    };
    let default = if a.resolution {
        "%s.%N"
    } else {
        DEFAULT_FORMAT
    };
    let fmt = a.format.as_deref().unwrap_or(default);
    let moment = Moment::new(at.secs, at.nanos, &zone.name, zone.offset);
    CmdOutput::text(format!("{}\n", strftime(fmt, &moment)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::command::args::words;
    use crate::sim::World;

    fn run(w: &mut World, line: &str) -> CmdOutput {
        let argv: Vec<&str> = line.split_whitespace().collect();
        crate::shell::command::run_words(w, None, None, &argv)
    }

    #[test]
    fn plain_date_reads_the_virtual_clock() {
        let mut w = World::new();
        assert_eq!(run(&mut w, "date").stdout, "Wed Jan  1 00:00:00 UTC 2025\n");
        w.now_us += (86_400 * 40 + 3_723) * 1_000_000 + 250_000;
        assert_eq!(run(&mut w, "date").stdout, "Mon Feb 10 01:02:03 UTC 2025\n");
        assert_eq!(run(&mut w, "date +%s.%N").stdout, "1739149323.250000000\n");
        assert_eq!(
            run(&mut w, "date -Ins").stdout,
            "2025-02-10T01:02:03,250000000+00:00\n"
        );
        assert_eq!(run(&mut w, "date -d yesterday +%F").stdout, "2025-02-09\n");
    }

    #[test]
    fn setting_the_clock_and_files_are_refused() {
        let mut w = World::new();
        for (line, err) in [
            ("date -s @0", "netbook: date -s is not simulated\n"),
            ("date --set=@0", "netbook: date --set is not simulated\n"),
            ("date -r /etc/hosts", "netbook: date -r is not simulated\n"),
            ("date 12010000", "netbook: date 12010000 is not simulated (it sets the clock)\n"),
            ("date -d fortnight", "netbook: date -d 'fortnight' is not simulated (netbook reads @SECONDS, now, today, yesterday, tomorrow and YYYY-MM-DD[ HH:MM[:SS]])\n"),
        ] {
            let out = run(&mut w, line);
            assert_eq!((out.status, out.stderr.as_str()), (1, err), "{line}");
            assert!(out.fail.is_some(), "{line}");
        }
    }

    #[test]
    fn output_formats_conflict() {
        for line in ["-R -I", "-R -R", "-I +%F"] {
            let e = DateArgs::parse(&words(line)).unwrap_err();
            assert_eq!(
                e.stderr, "date: multiple output formats specified\n",
                "{line}"
            );
        }
        let a = DateArgs::parse(&words("-d @5 --rfc-3339=s -u")).unwrap();
        assert_eq!(a.format.as_deref(), Some("%Y-%m-%d %H:%M:%S%:z"));
        assert!(a.utc);
    }
}
