//! RFC 3339 timestamps with their UTC offset kept.
//!
//! WordPress permalinks use the date *as the author saw it* (site-local), so
//! the offset must survive parsing: the permalink date is the local date, the
//! sort key is the UTC instant.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date as written in a permalink (`/2026/03/14/...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The Unix epoch's date, a placeholder for unreadable values.
impl Default for Ymd {
    fn default() -> Self {
        Ymd {
            year: 1970,
            month: 1,
            day: 1,
        }
    }
}

/// English month names, for dates written out in full.
pub const MONTHS: [&str; 12] = [
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

impl Ymd {
    /// The date written out in full the way browsers write it for an
    /// English `language` (`Intl`'s `dateStyle: "long"`): "March 14, 2026"
    /// in American English, "14 March 2026" in British and most other
    /// English. `None` for other languages, and for English variants whose
    /// long form this does not know: those need the browser's `Intl`.
    ///
    /// The app and the entry pages both write dates with this, so a page
    /// shows the same text before and after the app takes it over, and the
    /// app does not pay for `Intl`'s locale data (its first call took about
    /// 150 ms of main thread at Lighthouse's 4× CPU slowdown).
    pub fn long_english(self, language: &str) -> Option<String> {
        let tag = language.to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        if subtags.next() != Some("en") {
            return None;
        }
        // The region: the first two-letter or three-digit subtag after an
        // optional four-letter script.
        let region = subtags.find(|s| s.len() != 4);
        let month = MONTHS[usize::from(self.month - 1)];
        match region {
            None | Some("us" | "ca" | "ph") => Some(format!("{month} {}, {}", self.day, self.year)),
            Some("gb" | "au" | "ie" | "in" | "nz" | "sg" | "001" | "150") => {
                Some(format!("{} {month} {}", self.day, self.year))
            }
            Some(_) => None,
        }
    }

    /// Builds a date, refusing impossible ones (month 13, February 30th).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Ymd> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Ymd { year, month, day })
    }
}

/// A timestamp with a fixed UTC offset, e.g. `2026-03-14T09:30:00+02:00`.
/// The default is the Unix epoch, a placeholder for unreadable values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub date: Ymd,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset from UTC in minutes (`+02:00` is 120).
    pub offset_minutes: i16,
}

/// Why a timestamp string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date-time \"{value}\": expected RFC 3339 with a time zone, like 2026-03-14T09:30:00+02:00 or 2026-03-14T07:30:00Z")]
pub struct DateTimeError {
    pub value: String,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl DateTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM)`. A time zone is
    /// required: without one the permalink date would be ambiguous.
    pub fn parse(value: &str) -> Result<DateTime, DateTimeError> {
        Self::parse_inner(value).ok_or_else(|| DateTimeError {
            value: value.to_owned(),
        })
    }

    fn parse_inner(s: &str) -> Option<DateTime> {
        let s = s.trim();
        let (date, rest) = (s.get(..10)?, s.get(10..)?);
        let mut parts = date.split('-');
        let year = digits(parts.next()?)?;
        let month = digits(parts.next()?)?;
        let day = digits(parts.next()?)?;
        if parts.next().is_some() || date.len() != 10 || year > 9999 {
            return None;
        }
        let date = Ymd::new(year as u16, month as u8, day as u8)?;
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let zone_at = rest.find(['Z', 'z', '+', '-'])?;
        let (time, zone) = rest.split_at(zone_at);
        let mut t = time.split(':');
        let hour = digits(t.next()?)?;
        let minute = digits(t.next()?)?;
        let second = match t.next() {
            None => 0,
            Some(sec) => digits(sec.split('.').next()?)?,
        };
        if t.next().is_some() || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let offset_minutes = if zone.eq_ignore_ascii_case("z") {
            0
        } else {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (h, m) = zone.get(1..)?.split_once(':')?;
            let (h, m) = (digits(h)?, digits(m)?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m) as i16
        };
        Some(DateTime {
            date,
            hour: hour as u8,
            minute: minute as u8,
            second: second.min(59) as u8,
            offset_minutes,
        })
    }

    /// Seconds since the Unix epoch: the order in which articles are listed.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(
            self.date.year as i64,
            self.date.month as i64,
            self.date.day as i64,
        );
        days * 86_400 + self.hour as i64 * 3600 + self.minute as i64 * 60 + self.second as i64
            - self.offset_minutes as i64 * 60
    }

    /// The UTC time `seconds` after the Unix epoch (years 1970–9999).
    pub fn from_unix_seconds(seconds: i64) -> Option<DateTime> {
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(1970..=9999).contains(&year) {
            return None;
        }
        Some(DateTime {
            date: Ymd::new(year as u16, month as u8, day as u8)?,
            hour: (secs / 3600) as u8,
            minute: (secs / 60 % 60) as u8,
            second: (secs % 60) as u8,
            offset_minutes: 0,
        })
    }

    /// Milliseconds since the Unix epoch, for the browser's date formatting.
    pub fn unix_millis(&self) -> f64 {
        self.unix_seconds() as f64 * 1000.0
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Ymd { year, month, day } = self.date;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            self.hour, self.minute, self.second
        )?;
        if self.offset_minutes == 0 {
            f.write_str("Z")
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let abs = self.offset_minutes.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DateTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 timestamp with a time zone, e.g. 2026-03-14T09:30:00+02:00"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_out_as_browsers_do_in_english() {
        let d = Ymd::new(2026, 3, 4).unwrap();
        // Expected values are Node's `toLocaleDateString(lang, {dateStyle: "long"})`.
        for (lang, expected) in [
            ("en", "March 4, 2026"),
            ("en-US", "March 4, 2026"),
            ("en-Latn-US", "March 4, 2026"),
            ("en-CA", "March 4, 2026"),
            ("en_PH", "March 4, 2026"),
            ("en-GB", "4 March 2026"),
            ("EN-gb", "4 March 2026"),
            ("en-AU", "4 March 2026"),
            ("en-IE", "4 March 2026"),
            ("en-IN", "4 March 2026"),
            ("en-NZ", "4 March 2026"),
            ("en-001", "4 March 2026"),
        ] {
            assert_eq!(d.long_english(lang).as_deref(), Some(expected), "{lang}");
        }
        let d = Ymd::new(2025, 12, 31).unwrap();
        assert_eq!(d.long_english("en").as_deref(), Some("December 31, 2025"));
        // Left to the browser: other languages, and English whose long form
        // differs in more than order ("04 March 2026" in en-ZA).
        for lang in ["de", "fr-CA", "eng", "en-ZA", ""] {
            assert_eq!(d.long_english(lang), None, "{lang}");
        }
    }

    #[test]
    fn keeps_the_local_date_and_offset() {
        let t = DateTime::parse("2026-03-14T00:30:00+02:00").unwrap();
        assert_eq!(t.date, Ymd::new(2026, 3, 14).unwrap());
        assert_eq!(t.offset_minutes, 120);
        // 00:30 at +02:00 is still the 13th in UTC: the instant reflects that.
        assert_eq!(
            t.unix_seconds(),
            DateTime::parse("2026-03-13T22:30:00Z")
                .unwrap()
                .unix_seconds()
        );
        assert_eq!(t.to_string(), "2026-03-14T00:30:00+02:00");
    }

    #[test]
    fn converts_from_unix_time() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59Z",
            "2026-03-14T07:30:00Z",
            "2100-03-01T00:00:00Z",
        ] {
            let t = DateTime::parse(text).unwrap();
            assert_eq!(
                DateTime::from_unix_seconds(t.unix_seconds()),
                Some(t),
                "{text}"
            );
        }
        assert_eq!(DateTime::from_unix_seconds(-1), None);
    }

    #[test]
    fn accepts_fractions_and_negative_offsets() {
        let t = DateTime::parse("2025-12-31T23:59:59.123-05:30").unwrap();
        assert_eq!(t.offset_minutes, -330);
        assert_eq!(t.to_string(), "2025-12-31T23:59:59-05:30");
        assert_eq!(
            DateTime::parse("1970-01-01T00:00:00Z")
                .unwrap()
                .unix_seconds(),
            0
        );
    }

    #[test]
    fn refuses_ambiguous_or_impossible_dates() {
        for bad in [
            "2026-03-14",
            "2026-03-14T09:30:00",
            "2026-02-30T09:30:00Z",
            "2026-13-01T09:30:00Z",
            "2026-03-14T24:00:00Z",
            "14/03/2026 09:30",
            "",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(DateTime::parse("2024-02-29T12:00:00Z").is_ok());
        assert!(DateTime::parse("2023-02-29T12:00:00Z").is_err());
    }
}
