//! The open-now rule: any schedule (as pages embed it, JSON) and any moment give an answer
//! without panicking, and an "open" answer lies inside one of that day's ranges.
#![no_main]
use chrono::{Datelike, NaiveTime, Timelike};
use equilibri::opening::{Schedule, ScheduleData, Status};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first 6 bytes pick a moment; the rest is the schedule.
    let Some((moment, json)) = data.split_at_checked(6) else {
        return;
    };
    let Ok(parsed) = serde_json::from_slice::<ScheduleData>(json) else {
        return;
    };
    let Ok(schedule) = Schedule::from_data(&parsed) else {
        return;
    };
    let offset = i64::from(u32::from_le_bytes([moment[0], moment[1], moment[2], 0]) % 3000) - 1000;
    let minute = u32::from(u16::from_le_bytes([moment[3], moment[4]])) % 1440;
    let Some(day) = parsed.from.checked_add_signed(chrono::Duration::days(offset)) else {
        return;
    };
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap();
    match schedule.status_at(day.and_time(time)) {
        Status::Open { closes } => {
            let weekday = day.weekday().num_days_from_monday() as usize;
            let now = (time.hour() * 60 + time.minute()) as u16;
            assert!(schedule.weekly.0[weekday].iter().any(|r| r.contains(now) && r.end == closes));
            assert!(!schedule.closed.contains_key(&day));
        }
        Status::Closed { next: Some((next_day, _)) } => assert!(next_day >= day),
        Status::Closed { next: None } | Status::Unknown => {}
    }
});
