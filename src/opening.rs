//! The "open now" rule, written once here and mirrored by the theme's `open-now.js`; the shared
//! vectors in `tests/vectors/open_now.json` hold both to the same answers.
//!
//! A schedule is valid for a bounded window of days (the build writes the closed dates of that
//! window into each page); outside it the status is unknown rather than possibly wrong.

use crate::holidays::{national_holidays, yearly_date};
use crate::hours::{display_time, parse_range, TimeRange, WeeklyHours};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Info points keep Italian wall-clock time, whatever the visitor's clock zone.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Rome;

/// How far ahead the next opening is looked for; past that the status says only "closed".
const LOOKAHEAD_DAYS: u64 = 31;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// First day the schedule is valid for (the build day).
    pub from: NaiveDate,
    /// Last day, included.
    pub until: NaiveDate,
    pub weekly: WeeklyHours,
    /// Days closed despite the weekly hours (holidays, patron day, closures), with the reason.
    pub closed: BTreeMap<NaiveDate, String>,
}

/// The schedule as pages embed it for the script: times as `09:00-12:30`, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleData {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub weekly: [Vec<String>; 7],
    pub closed: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Open, closing at this minute of the day.
    Open { closes: u16 },
    /// Closed; the next opening (day and minute) if one lies in the look-ahead and the window.
    Closed { next: Option<(NaiveDate, u16)> },
    /// The moment lies outside the schedule's window.
    Unknown,
}

/// The words of the status line, from the theme (`open_now` in `i18n/<lang>.yaml`).
/// `{time}`, `{weekday}` and `{date}` are replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenNowLabels {
    pub open: String,
    pub opens_today: String,
    pub opens_tomorrow: String,
    pub opens_weekday: String,
    pub opens_date: String,
    pub closed: String,
    /// Monday first.
    pub weekdays: Vec<String>,
    /// January first.
    pub months: Vec<String>,
}

/// A day the office is closed despite its weekly hours, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub date: NaiveDate,
    pub reason: String,
}

/// A closure period written in an info point's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosurePeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub note: String,
}

/// Every closed day in `[from, until]`: national holidays, the municipality's patron days
/// (`(month, day)` with their names) and the point's own closures. A closure's note wins over a
/// holiday's name when both fall on one day.
pub fn closed_days(
    from: NaiveDate,
    until: NaiveDate,
    patron_days: &[((u32, u32), String)],
    closures: &[ClosurePeriod],
) -> BTreeMap<NaiveDate, String> {
    let mut days = BTreeMap::new();
    let in_window = |date: &NaiveDate| (from..=until).contains(date);
    for year in from.year()..=until.year() {
        for (date, name) in national_holidays(year) {
            days.insert(date, name.to_string());
        }
        for (month_day, name) in patron_days {
            days.insert(yearly_date(year, *month_day), name.clone());
        }
    }
    for closure in closures {
        for date in closure.from.iter_days().take_while(|d| *d <= closure.to) {
            days.insert(date, closure.note.clone());
        }
    }
    days.retain(|date, _| in_window(date));
    days
}

impl Schedule {
    /// The status at a moment, in Italian wall-clock time.
    pub fn status_at_instant(&self, instant: DateTime<Utc>) -> Status {
        self.status_at(instant.with_timezone(&TIME_ZONE).naive_local())
    }

    /// The status at a local wall-clock time.
    pub fn status_at(&self, local: NaiveDateTime) -> Status {
        let today = local.date();
        if today < self.from || today > self.until {
            return Status::Unknown;
        }
        let minute = (local.hour() * 60 + local.minute()) as u16;
        let ranges = self.ranges_on(today);
        if let Some(range) = ranges.iter().find(|r| r.contains(minute)) {
            return Status::Open { closes: range.end };
        }
        if let Some(range) = ranges.iter().find(|r| r.start > minute) {
            return Status::Closed {
                next: Some((today, range.start)),
            };
        }
        let next = (1..=LOOKAHEAD_DAYS)
            .filter_map(|offset| today.checked_add_days(Days::new(offset)))
            .take_while(|day| *day <= self.until)
            .find_map(|day| self.ranges_on(day).first().map(|r| (day, r.start)));
        Status::Closed { next }
    }

    /// The opening ranges of a day: none when it is a closed day.
    fn ranges_on(&self, day: NaiveDate) -> &[TimeRange] {
        if self.closed.contains_key(&day) {
            return &[];
        }
        self.weekly.on(day)
    }

    pub fn to_data(&self) -> ScheduleData {
        ScheduleData {
            from: self.from,
            until: self.until,
            weekly: std::array::from_fn(|day| {
                self.weekly.0[day].iter().map(|r| r.to_hhmm()).collect()
            }),
            // A closed day without weekly hours changes no answer: pages carry only the others.
            closed: self
                .closed
                .keys()
                .copied()
                .filter(|&day| !self.weekly.on(day).is_empty())
                .collect(),
        }
    }

    /// Reads embedded data back (the shared test vectors use this form).
    pub fn from_data(data: &ScheduleData) -> Result<Schedule, String> {
        let mut weekly = WeeklyHours::default();
        for (day, texts) in data.weekly.iter().enumerate() {
            for text in texts {
                weekly.0[day].push(parse_range(text).map_err(|(message, _)| message)?);
            }
            weekly.0[day].sort();
        }
        Ok(Schedule {
            from: data.from,
            until: data.until,
            weekly,
            // The embedded form carries no reasons.
            closed: data
                .closed
                .iter()
                .map(|&day| (day, String::new()))
                .collect(),
        })
    }
}

/// The status line a visitor reads at local day `today`; `None` when the status is unknown.
pub fn status_label(status: Status, today: NaiveDate, labels: &OpenNowLabels) -> Option<String> {
    let text = match status {
        Status::Unknown => return None,
        Status::Open { closes } => labels.open.replace("{time}", &display_time(closes)),
        Status::Closed { next: None } => labels.closed.clone(),
        Status::Closed {
            next: Some((day, minute)),
        } => {
            let days_ahead = (day - today).num_days();
            let template = match days_ahead {
                0 => &labels.opens_today,
                1 => &labels.opens_tomorrow,
                2..=6 => &labels.opens_weekday,
                _ => &labels.opens_date,
            };
            let weekday = &labels.weekdays[day.weekday().num_days_from_monday() as usize];
            let date = format!("{} {}", day.day(), labels.months[day.month0() as usize]);
            template
                .replace("{time}", &display_time(minute))
                .replace("{weekday}", weekday)
                .replace("{date}", &date)
        }
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn closed_days_join_holidays_patron_days_and_closures_inside_the_window() {
        let days = closed_days(
            date("2026-06-01"),
            date("2026-08-31"),
            &[((6, 16), "Santi Quirico e Giulitta".to_string())],
            &[ClosurePeriod {
                from: date("2026-08-10"),
                to: date("2026-08-21"),
                note: "Chiusura estiva".to_string(),
            }],
        );
        assert_eq!(days[&date("2026-06-02")], "Festa della Repubblica");
        assert_eq!(days[&date("2026-06-16")], "Santi Quirico e Giulitta");
        // Ferragosto falls inside the summer closure: the editor's note names the day.
        assert_eq!(days[&date("2026-08-15")], "Chiusura estiva");
        assert_eq!(days.len(), 2 + 12);
        assert!(!days.contains_key(&date("2026-01-01")));
    }
}
