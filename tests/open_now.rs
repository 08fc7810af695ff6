//! The shared "open now" vectors (tests/vectors/open_now.json), run against the Rust rule.
//! The theme's script runs the same file under `node --test`.

use chrono::{DateTime, NaiveDate, Utc};
use equilibri::config::parse_month_day;
use equilibri::opening::{
    closed_days, status_label, ClosurePeriod, OpenNowLabels, Schedule, ScheduleData, TIME_ZONE,
};
use equilibri::theme::load_theme;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Vectors {
    labels: OpenNowLabels,
    schedules: BTreeMap<String, VectorSchedule>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct VectorSchedule {
    source: Source,
    data: ScheduleData,
}

#[derive(Deserialize)]
struct Source {
    patron_days: Vec<PatronDay>,
    closures: Vec<Closure>,
}

#[derive(Deserialize)]
struct PatronDay {
    date: String,
    name: String,
}

#[derive(Deserialize)]
struct Closure {
    from: NaiveDate,
    to: NaiveDate,
    note: String,
}

#[derive(Deserialize)]
struct Case {
    schedule: String,
    instant: DateTime<Utc>,
    what: String,
    expected: Option<String>,
}

fn vectors() -> Vectors {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/open_now.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_vector_gets_its_expected_status_line() {
    let vectors = vectors();
    let mut failures = Vec::new();
    for case in &vectors.cases {
        let schedule = Schedule::from_data(&vectors.schedules[&case.schedule].data).unwrap();
        let today = case.instant.with_timezone(&TIME_ZONE).date_naive();
        let status = schedule.status_at_instant(case.instant);
        let label = status_label(status, today, &vectors.labels);
        if label != case.expected {
            failures.push(format!(
                "{} ({}): expected {:?}, got {:?}",
                case.instant, case.what, case.expected, label
            ));
        }
    }
    assert!(vectors.cases.len() >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn embedded_closed_days_are_what_the_build_computes() {
    for (name, schedule) in vectors().schedules {
        let patron_days: Vec<((u32, u32), String)> = schedule
            .source
            .patron_days
            .iter()
            .map(|p| (parse_month_day(&p.date).unwrap(), p.name.clone()))
            .collect();
        let closures: Vec<ClosurePeriod> = schedule
            .source
            .closures
            .iter()
            .map(|c| ClosurePeriod {
                from: c.from,
                to: c.to,
                note: c.note.clone(),
            })
            .collect();
        let computed = closed_days(
            schedule.data.from,
            schedule.data.until,
            &patron_days,
            &closures,
        );
        let mut embedded = Schedule::from_data(&schedule.data).unwrap();
        embedded.closed = computed;
        assert_eq!(embedded.to_data(), schedule.data, "schedule {name}");
    }
}

#[test]
fn vector_labels_are_the_default_theme_strings() {
    let theme = load_theme(Path::new(env!("CARGO_MANIFEST_DIR")), "default", "it").unwrap();
    assert_eq!(theme.open_now, vectors().labels);
}

#[test]
fn embedded_data_round_trips() {
    for (_, schedule) in vectors().schedules {
        let parsed = Schedule::from_data(&schedule.data).unwrap();
        assert_eq!(parsed.to_data(), schedule.data);
    }
}
