//! Italian public holidays, computed rather than listed by hand: the fixed national dates,
//! Easter Monday, and San Francesco (4 October), a national holiday again from 2026
//! (L. 8 ottobre 2025 n. 151). Holidays falling on a Sunday are not moved.

use chrono::{Days, NaiveDate};

/// The first year in which 4 October is a national holiday again.
const SAN_FRANCESCO_FROM: i32 = 2026;

const FIXED: [(u32, u32, &str); 11] = [
    (1, 1, "Capodanno"),
    (1, 6, "Epifania"),
    (4, 25, "Festa della Liberazione"),
    (5, 1, "Festa del Lavoro"),
    (6, 2, "Festa della Repubblica"),
    (8, 15, "Assunzione (Ferragosto)"),
    (10, 4, "San Francesco d'Assisi"),
    (11, 1, "Ognissanti"),
    (12, 8, "Immacolata Concezione"),
    (12, 25, "Natale"),
    (12, 26, "Santo Stefano"),
];

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// The national holidays of `year`, in date order, with their Italian names.
pub fn national_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut holidays: Vec<(NaiveDate, &'static str)> = FIXED
        .iter()
        .filter(|&&(month, day, _)| (month, day) != (10, 4) || year >= SAN_FRANCESCO_FROM)
        .filter_map(|&(month, day, name)| {
            NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, name))
        })
        .collect();
    let easter_monday = easter_sunday(year) + Days::new(1);
    holidays.push((easter_monday, "Lunedì dell'Angelo (Pasquetta)"));
    holidays.sort();
    holidays
}

/// The date of a yearly `(month, day)` in `year`; 29 February falls back to 28 in common years.
pub fn yearly_date(year: i32, (month, day): (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, day - 1))
        .expect("month and day were validated")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn is_national_holiday(date: NaiveDate) -> bool {
        use chrono::Datelike;
        national_holidays(date.year())
            .iter()
            .any(|&(holiday, _)| holiday == date)
    }

    #[test]
    fn easter_matches_the_published_calendar() {
        // Dates from the Italian Episcopal Conference's calendar and domain.md.
        for (year, expected) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), date(expected), "{year}");
        }
    }

    #[test]
    fn easter_monday_and_san_francesco_are_holidays() {
        assert!(is_national_holiday(date("2027-03-29")));
        // Easter Sunday is a Sunday: offices are closed by their weekly hours, not by the list.
        assert!(!is_national_holiday(date("2027-03-28")));
        assert!(is_national_holiday(date("2027-10-04")));
        assert!(is_national_holiday(date("2026-10-04")));
        assert!(!is_national_holiday(date("2025-10-04")));
        assert_eq!(national_holidays(2025).len(), 11);
        assert_eq!(national_holidays(2027).len(), 12);
    }

    #[test]
    fn a_leap_day_falls_back_in_common_years() {
        assert_eq!(yearly_date(2027, (2, 29)), date("2027-02-28"));
        assert_eq!(yearly_date(2028, (2, 29)), date("2028-02-29"));
    }
}
