//! A calendar date (proleptic Gregorian), for the book's date and for dates read from cells.

/// A calendar date, for the book's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Western year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

/// A calendar date that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} は日付として正しくありません")]
pub struct DateError(pub String);

impl Date {
    /// A checked date.
    ///
    /// # Errors
    /// [`DateError`] when the day does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if day == 0 || day > days {
            return Err(DateError(format!("{year}-{month:02}-{day:02}")));
        }
        Ok(Date { year, month, day })
    }

    /// The civil date of a Unix timestamp (seconds, UTC), e.g. from `SOURCE_DATE_EPOCH`.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        Date::from_unix_days(seconds.div_euclid(86_400))
    }

    /// The civil date `days` days after 1970-01-01 (before it when negative).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `2025-05-31`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date serializes as its ISO form, `"2025-05-31"`, the form JSON readers expect.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_existing_days_are_dates() {
        assert_eq!(Date::new(2025, 5, 31).unwrap().iso(), "2025-05-31");
        assert!(Date::new(2023, 2, 29).is_err());
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(2024, 13, 1).is_err());
        assert!(Date::new(2024, 4, 31).is_err());
        assert_eq!(
            Date::new(2023, 2, 29).unwrap_err().to_string(),
            "2023-02-29 は日付として正しくありません"
        );
    }

    #[test]
    fn unix_seconds_become_civil_dates() {
        assert_eq!(Date::from_unix_seconds(0), Date::new(1970, 1, 1).unwrap());
        // 2025-05-31T23:59:59Z
        assert_eq!(
            Date::from_unix_seconds(1_748_735_999),
            Date::new(2025, 5, 31).unwrap()
        );
        assert_eq!(
            Date::from_unix_seconds(951_782_400),
            Date::new(2000, 2, 29).unwrap()
        );
        assert_eq!(
            Date::from_unix_seconds(-1),
            Date::new(1969, 12, 31).unwrap()
        );
    }

    #[test]
    fn unix_days_cover_excel_calendar() {
        assert_eq!(
            Date::from_unix_days(-25_567),
            Date::new(1900, 1, 1).unwrap()
        );
        assert_eq!(Date::from_unix_days(19_814), Date::new(2024, 4, 1).unwrap());
        assert_eq!(
            Date::from_unix_days(2_932_896),
            Date::new(9999, 12, 31).unwrap()
        );
    }
}
