//! Civil dates as day numbers and Madrid's UTC offset. The generator only
//! adds days and prints a handful of formats, so a date crate would be weight
//! without benefit.

use std::fmt::Write as _;

/// A calendar day, counted from 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(i64);

impl Date {
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Date {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(month), i64::from(day));
        let y = if m <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    /// Parses `YYYY-MM-DD`, refusing days that do not exist.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = parts.next()?.parse::<i64>().ok()?;
        let month = parts.next()?.parse::<u32>().ok()?;
        let day = parts.next()?.parse::<u32>().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let date = Date::from_ymd(year, month, day);
        (date.ymd() == (year, month, day)).then_some(date)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    pub fn days_since(self, earlier: Date) -> i64 {
        self.0 - earlier.0
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32
    }

    pub fn year(self) -> i64 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// `YYYY-MM-DD`
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `dd/mm/yyyy`, as Excel shows dates in a Spanish locale.
    pub fn spanish(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d:02}/{m:02}/{y:04}")
    }

    fn last_sunday(year: i64, month: u32) -> Date {
        let first_of_next =
            if month == 12 { Date::from_ymd(year + 1, 1, 1) } else { Date::from_ymd(year, month + 1, 1) };
        let last = first_of_next.add_days(-1);
        last.add_days(-i64::from((last.weekday() + 1) % 7))
    }
}

/// A local wall-clock time in Madrid (the shop's time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub date: Date,
    /// Seconds since local midnight.
    pub seconds: u32,
}

impl DateTime {
    pub fn new(date: Date, seconds: u32) -> DateTime {
        DateTime { date, seconds }.add_seconds(0)
    }

    pub fn add_seconds(self, seconds: i64) -> DateTime {
        let total = i64::from(self.seconds) + seconds;
        DateTime { date: self.date.add_days(total.div_euclid(86_400)), seconds: total.rem_euclid(86_400) as u32 }
    }

    fn hms(self) -> (u32, u32, u32) {
        (self.seconds / 3600, self.seconds / 60 % 60, self.seconds % 60)
    }

    /// Central European Time: +0200 between the last Sundays of March and
    /// October (changing at 02:00 / 03:00 local), +0100 otherwise.
    pub fn madrid_offset(self) -> &'static str {
        let year = self.date.year();
        let spring = Date::last_sunday(year, 3);
        let autumn = Date::last_sunday(year, 10);
        let hour = self.seconds / 3600;
        let after_spring = self.date > spring || (self.date == spring && hour >= 3);
        let before_autumn = self.date < autumn || (self.date == autumn && hour < 3);
        if after_spring && before_autumn { "+0200" } else { "+0100" }
    }

    /// `2024-01-15 10:23:45`
    pub fn local(self) -> String {
        let (h, m, s) = self.hms();
        let mut out = self.date.iso();
        let _ = write!(out, " {h:02}:{m:02}:{s:02}");
        out
    }

    /// `2024-01-15 10:23:45 +0100`, as Shopify exports timestamps.
    pub fn with_offset(self) -> String {
        let mut out = self.local();
        out.push(' ');
        out.push_str(self.madrid_offset());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_civil_dates() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2024, 12, 31), (2026, 3, 1)] {
            assert_eq!(Date::from_ymd(y, m, d).ymd(), (y, m, d), "{y}-{m}-{d} must survive");
        }
        assert_eq!(Date::from_ymd(1970, 1, 1), Date(0), "the epoch is day zero");
        assert_eq!(Date::parse_iso("2023-02-29"), None, "2023 is not a leap year");
        assert_eq!(Date::from_ymd(2024, 1, 15).weekday(), 0, "15 Jan 2024 was a Monday");
    }

    #[test]
    fn madrid_switches_to_summer_time_on_the_last_sunday_of_march() {
        let at = |y, m, d, h: u32| DateTime::new(Date::from_ymd(y, m, d), h * 3600);
        assert_eq!(at(2024, 1, 15, 10).madrid_offset(), "+0100", "winter");
        assert_eq!(at(2024, 3, 31, 1).madrid_offset(), "+0100", "before the change");
        assert_eq!(at(2024, 3, 31, 4).madrid_offset(), "+0200", "after the change");
        assert_eq!(at(2024, 10, 27, 4).madrid_offset(), "+0100", "back to winter");
        assert_eq!(at(2024, 7, 1, 12).with_offset(), "2024-07-01 12:00:00 +0200");
    }
}
