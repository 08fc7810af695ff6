//! Weekly opening hours: `"09:00-12:30"` ranges per weekday, validated (no inverted, overlapping
//! or touching ranges) and exported as an OpenStreetMap `opening_hours` string.

use serde::{Deserialize, Serialize};

/// YAML keys, Monday first; the index is the weekday number used everywhere (0 = Monday).
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const OSM_WEEKDAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// Minutes since midnight, local wall-clock time: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TimeRange {
    pub start: u16,
    pub end: u16,
}

impl TimeRange {
    pub fn contains(&self, minute: u16) -> bool {
        self.start <= minute && minute < self.end
    }

    /// `9:00–12:30`, as Italian text writes a range.
    pub fn display(self) -> String {
        format!("{}–{}", display_time(self.start), display_time(self.end))
    }

    /// `09:00-12:30` (OSM and schema.org form).
    pub fn to_hhmm(self) -> String {
        format!("{}-{}", hhmm(self.start), hhmm(self.end))
    }
}

/// `09:05`.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `9:05`, as Italian text writes times.
pub fn display_time(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The `hours:` mapping as written in the YAML file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHoursFile {
    #[serde(default)]
    mon: Vec<String>,
    #[serde(default)]
    tue: Vec<String>,
    #[serde(default)]
    wed: Vec<String>,
    #[serde(default)]
    thu: Vec<String>,
    #[serde(default)]
    fri: Vec<String>,
    #[serde(default)]
    sat: Vec<String>,
    #[serde(default)]
    sun: Vec<String>,
}

/// Ranges per weekday, sorted; index 0 is Monday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WeeklyHours(pub [Vec<TimeRange>; 7]);

/// A problem in one range, located by its YAML path (`hours.mon[1]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursError {
    pub path: String,
    pub message: String,
    pub hint: String,
}

impl WeeklyHoursFile {
    fn days(&self) -> [&Vec<String>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }
}

/// Parses and checks every range; all problems are returned together.
pub fn parse_weekly_hours(file: &WeeklyHoursFile) -> Result<WeeklyHours, Vec<HoursError>> {
    let mut errors = Vec::new();
    let mut week = WeeklyHours::default();
    for (weekday, texts) in file.days().into_iter().enumerate() {
        let key = WEEKDAY_KEYS[weekday];
        let mut ranges: Vec<(usize, TimeRange)> = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let path = format!("hours.{key}[{index}]");
            match parse_range(text) {
                Ok(range) => ranges.push((index, range)),
                Err((message, hint)) => errors.push(HoursError {
                    path,
                    message,
                    hint,
                }),
            }
        }
        ranges.sort_by_key(|&(_, range)| range);
        for pair in ranges.windows(2) {
            let ((_, first), (index, second)) = (pair[0], pair[1]);
            if second.start <= first.end {
                let touching = second.start == first.end;
                errors.push(HoursError {
                    path: format!("hours.{key}[{index}]"),
                    message: format!(
                        "`{}` {} `{}` on {key}",
                        second.to_hhmm(),
                        if touching { "touches" } else { "overlaps" },
                        first.to_hhmm()
                    ),
                    hint: if touching {
                        format!(
                            "write one range, `{}`",
                            TimeRange {
                                start: first.start,
                                end: first.end.max(second.end)
                            }
                            .to_hhmm()
                        )
                    } else {
                        "each time of day belongs to one range: fix the times or merge the ranges"
                            .to_string()
                    },
                });
            }
        }
        week.0[weekday] = ranges.into_iter().map(|(_, range)| range).collect();
    }
    if errors.is_empty() {
        Ok(week)
    } else {
        Err(errors)
    }
}

/// `"09:00-12:30"` (an en dash and single-digit hours are accepted too).
pub fn parse_range(text: &str) -> Result<TimeRange, (String, String)> {
    let shape_hint = || "write the range as `HH:MM-HH:MM`, e.g. `09:00-12:30`".to_string();
    let (start, end) = text
        .split_once(['-', '–'])
        .ok_or_else(|| (format!("`{text}` is not a time range"), shape_hint()))?;
    let start = parse_time(start.trim()).ok_or_else(|| {
        (
            format!("`{}` is not a time of day", start.trim()),
            shape_hint(),
        )
    })?;
    let end = parse_time(end.trim()).ok_or_else(|| {
        (
            format!("`{}` is not a time of day", end.trim()),
            shape_hint(),
        )
    })?;
    if end <= start {
        return Err((
            format!("`{text}` ends before it starts"),
            "put the opening time first; a desk open past midnight needs a range on each day"
                .to_string(),
        ));
    }
    Ok(TimeRange { start, end })
}

/// `HH:MM` from 00:00 to 24:00.
fn parse_time(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 24 * 60).then_some(total)
}

impl WeeklyHours {
    /// The ranges of `date`'s weekday.
    pub fn on(&self, date: chrono::NaiveDate) -> &[TimeRange] {
        use chrono::Datelike;
        &self.0[date.weekday().num_days_from_monday() as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }

    /// The OSM `opening_hours` form, days with equal hours grouped: `Mo,We 09:00-12:30,14:00-17:00`.
    pub fn to_osm(&self) -> String {
        let mut groups: Vec<(Vec<usize>, &Vec<TimeRange>)> = Vec::new();
        for (weekday, ranges) in self.0.iter().enumerate() {
            if ranges.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|(_, other)| *other == ranges) {
                Some((days, _)) => days.push(weekday),
                None => groups.push((vec![weekday], ranges)),
            }
        }
        groups
            .iter()
            .map(|(days, ranges)| {
                let days: Vec<&str> = days.iter().map(|&d| OSM_WEEKDAYS[d]).collect();
                let times: Vec<String> = ranges.iter().map(|r| r.to_hhmm()).collect();
                format!("{} {}", days.join(","), times.join(","))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(yaml: &str) -> WeeklyHoursFile {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn parses_split_shifts_in_order() {
        let week = parse_weekly_hours(&file("mon: ['14:00-17:00', '9:00–12:30']")).unwrap();
        assert_eq!(
            week.0[0],
            vec![
                TimeRange {
                    start: 540,
                    end: 750
                },
                TimeRange {
                    start: 840,
                    end: 1020
                }
            ]
        );
        assert!(week.0[1].is_empty());
    }

    #[test]
    fn reports_every_bad_range_with_its_path() {
        let errors = parse_weekly_hours(&file(
            "mon: ['09:00-12:30', '12:00-13:00']\ntue: ['17:00-09:00', '9-12']\nwed: ['09:00-12:00', '12:00-13:00']",
        ))
        .unwrap_err();
        let found: std::collections::BTreeSet<(&str, &str)> = errors
            .iter()
            .map(|e| (e.path.as_str(), e.message.as_str()))
            .collect();
        let expected = [
            ("hours.tue[0]", "`17:00-09:00` ends before it starts"),
            ("hours.tue[1]", "`9` is not a time of day"),
            (
                "hours.mon[1]",
                "`12:00-13:00` overlaps `09:00-12:30` on mon",
            ),
            ("hours.wed[1]", "`12:00-13:00` touches `09:00-12:00` on wed"),
        ];
        assert_eq!(found, expected.into_iter().collect());
        assert_eq!(errors.len(), 4);
        let touching = errors.iter().find(|e| e.path == "hours.wed[1]").unwrap();
        assert_eq!(touching.hint, "write one range, `09:00-13:00`");
    }

    #[test]
    fn unknown_weekdays_are_refused() {
        let error = serde_norway::from_str::<WeeklyHoursFile>("lun: ['09:00-12:00']").unwrap_err();
        assert!(error.to_string().contains("unknown field `lun`"), "{error}");
    }

    #[test]
    fn osm_groups_equal_days() {
        let week = parse_weekly_hours(&file(
            "mon: ['09:00-12:30', '14:00-17:00']\nwed: ['09:00-12:30', '14:00-17:00']\nthu: ['14:00-17:00']",
        ))
        .unwrap();
        assert_eq!(
            week.to_osm(),
            "Mo,We 09:00-12:30,14:00-17:00; Th 14:00-17:00"
        );
    }
}
