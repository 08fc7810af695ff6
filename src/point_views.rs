//! The template views of info points: the summary that lists show and the full view of a
//! point's page, plus its schema.org JSON-LD. The README's "Template context" documents them.

use crate::hours::hhmm;
use crate::info_points::InfoPoint;
use crate::site::{district_path, flyer_path, EntryRef, LinkedInfoPoint, Site};
use crate::theme::Theme;
use chrono::{Days, Months, NaiveDate};
use serde_json::{json, Value};

/// How far ahead a point's page lists its closures.
const UPCOMING_CLOSURE_MONTHS: u32 = 12;
/// At most this many closures are listed; the hours table stays the main information.
const UPCOMING_CLOSURE_LIMIT: usize = 8;

fn entry_link(site: &Site, entry: EntryRef) -> Value {
    let entry = site.entry(entry);
    json!({
        "title": entry.front_matter.title,
        "url": site.config.base_url.root_relative(&entry.path),
        "path": entry.path,
    })
}

/// What directories and service pages show of a point.
pub fn point_summary(site: &Site, linked: &LinkedInfoPoint) -> Value {
    let point = &linked.point;
    let base = &site.config.base_url;
    let district = &site.config.site.districts[point.district];
    json!({
        "name": point.name,
        "slug": point.slug,
        "url": base.root_relative(&point.path),
        "permalink": base.absolute(&point.path),
        "municipality": point.municipality,
        "district": {
            "id": district.id,
            "name": district.name,
            "url": base.root_relative(&district_path(&district.id)),
        },
        "address": point.address,
        "services": linked.services.iter().map(|&s| entry_link(site, s)).collect::<Vec<_>>(),
        "by_appointment": point.by_appointment,
        "has_hours": !point.schedule.weekly.is_empty(),
        "example": point.example,
        "open_now": serde_json::to_string(&point.schedule.to_data()).unwrap_or_default(),
    })
}

/// Everything a point's page and flyer show.
/// Everything a point's page and flyer show: its `summary` (from `Views`) extended.
pub fn point_view(site: &Site, theme: &Theme, linked: &LinkedInfoPoint, summary: &Value) -> Value {
    let point = &linked.point;
    let base = &site.config.base_url;
    let mut view = summary.clone();
    let (lat, lon) = (point.geo.lat, point.geo.lon);
    view["geo"] = json!({ "lat": lat, "lon": lon });
    view["map_url"] = json!(format!(
        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    ));
    view["geo_uri"] = json!(format!("geo:{lat},{lon}"));
    view["contacts"] = json!({
        "phone": point.contacts.phone,
        "phone_uri": point.phone_uri(),
        "email": point.contacts.email,
        "website": point.contacts.website,
    });
    view["hours"] = hours_by_day(theme, point)
        .map(|(day, ranges)| json!({ "day": day, "ranges": ranges }))
        .collect();
    view["closures"] = upcoming_closures(point);
    view["patron_days"] = site
        .config
        .site
        .patron_days
        .iter()
        .filter(|p| p.municipality == point.municipality)
        .map(|p| p.name.as_str())
        .collect();
    view["organisation"] = linked
        .organisation
        .map_or(Value::Null, |entry| entry_link(site, entry));
    view["languages"] = point
        .languages
        .iter()
        .map(|code| {
            let name = theme.ui.get(&format!("lang_{code}")).unwrap_or(code);
            json!({ "code": code, "name": name })
        })
        .collect();
    view["accessibility"] = json!(point.accessibility);
    view["vcard_url"] = json!(base.root_relative(&vcard_path(point)));
    view["flyer_url"] = json!(base.root_relative(&flyer_path(point)));
    view["osm_hours"] = json!(point.schedule.weekly.to_osm());
    view
}

/// Each weekday's name (Monday first) with its ranges as Italian text (`9:00–12:30`).
pub fn hours_by_day<'a>(
    theme: &'a Theme,
    point: &'a InfoPoint,
) -> impl Iterator<Item = (&'a str, Vec<String>)> + 'a {
    theme
        .open_now
        .weekdays
        .iter()
        .zip(&point.schedule.weekly.0)
        .map(|(day, ranges)| (day.as_str(), ranges.iter().map(|r| r.display()).collect()))
}

/// Where a point's vCard is published.
pub fn vcard_path(point: &InfoPoint) -> String {
    format!("{}{}.vcf", point.path, point.slug)
}

/// Closed periods in the coming months that fall on at least one day with opening hours:
/// consecutive days with the same reason make one period. "Coming" counts from the build day.
fn upcoming_closures(point: &InfoPoint) -> Value {
    let today = point.schedule.from;
    let horizon = today
        .checked_add_months(Months::new(UPCOMING_CLOSURE_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    let mut periods: Vec<(NaiveDate, NaiveDate, &str, bool)> = Vec::new();
    for (&date, reason) in point.schedule.closed.range(today..=horizon) {
        let has_hours = !point.schedule.weekly.on(date).is_empty();
        match periods.last_mut() {
            Some((_, to, last_reason, open_day))
                if *last_reason == reason && to.checked_add_days(Days::new(1)) == Some(date) =>
            {
                *to = date;
                *open_day |= has_hours;
            }
            _ => periods.push((date, date, reason, has_hours)),
        }
    }
    periods
        .into_iter()
        .filter(|&(.., has_hours)| has_hours)
        .take(UPCOMING_CLOSURE_LIMIT)
        .map(|(from, to, reason, _)| {
            json!({ "from": from.to_string(), "to": to.to_string(), "reason": reason })
        })
        .collect()
}

const SCHEMA_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// schema.org `GovernmentOffice` with address, coordinates, contacts, weekly hours and closures;
/// null for example data, which must not reach search engines as if it described a real office.
pub fn office_json_ld(site: &Site, linked: &LinkedInfoPoint) -> Value {
    if linked.point.example {
        return Value::Null;
    }
    let point = &linked.point;
    let base = &site.config.base_url;
    let mut hours: Vec<Value> = Vec::new();
    for (day, ranges) in point.schedule.weekly.0.iter().enumerate() {
        for range in ranges {
            hours.push(json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": format!("https://schema.org/{}", SCHEMA_DAYS[day]),
                "opens": hhmm(range.start),
                "closes": hhmm(range.end),
            }));
        }
    }
    // A closure is a special opening with equal opening and closing times (schema.org's idiom).
    for closure in &point.closures {
        hours.push(json!({
            "@type": "OpeningHoursSpecification",
            "validFrom": closure.from.to_string(),
            "validThrough": closure.to.to_string(),
            "opens": "00:00",
            "closes": "00:00",
        }));
    }
    let mut ld = json!({
        "@type": "GovernmentOffice",
        "name": point.name,
        "url": base.absolute(&point.path),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": point.address.street,
            "postalCode": point.address.postcode,
            "addressLocality": point.address.city,
            "addressRegion": point.address.province,
            "addressCountry": "IT",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": point.geo.lat,
            "longitude": point.geo.lon,
        },
        "openingHoursSpecification": hours,
    });
    if let Some(phone) = &point.contacts.phone {
        ld["telephone"] = json!(phone);
    }
    if let Some(email) = &point.contacts.email {
        ld["email"] = json!(email);
    }
    if let Some(entry) = linked.organisation {
        let entry = site.entry(entry);
        ld["parentOrganization"] = json!({
            "@type": "Organization",
            "name": entry.front_matter.title,
            "url": base.absolute(&entry.path),
        });
    }
    if !point.languages.is_empty() {
        ld["availableLanguage"] = json!(point.languages);
    }
    ld
}
