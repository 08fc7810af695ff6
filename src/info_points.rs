//! Info points: one YAML file per help desk (`content/punti/<slug>.yaml`) becomes a validated
//! `InfoPoint` with its weekly hours and the closed days of the publishing window.
//! Links to pages (`organisation`, `services`) are checked later, when the site knows its pages.

use crate::config::{parse_month_day, Config, DistrictConfig};
use crate::content::{read_source, CONTENT_DIR};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::hours::{parse_weekly_hours, WeeklyHours, WeeklyHoursFile};
use crate::opening::{closed_days, ClosurePeriod, Schedule};
use crate::slug::{is_slug, slugify};
use crate::yaml::{Locations, YamlSource};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The folder under `content/` that holds info points, and their URL segment.
pub const INFO_POINTS_DIR: &str = "punti";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InfoPointFile {
    name: String,
    #[serde(default)]
    organisation: Option<String>,
    district: String,
    municipality: String,
    address: Address,
    geo: Geo,
    #[serde(default)]
    contacts: Contacts,
    #[serde(default)]
    hours: WeeklyHoursFile,
    #[serde(default)]
    by_appointment: bool,
    #[serde(default)]
    closures: Vec<ClosureFile>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    accessibility: Option<String>,
    #[serde(default)]
    example: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub province: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosureFile {
    from: NaiveDate,
    to: NaiveDate,
    note: String,
}

/// A link to a page written in an info point (`@/servizi/x.md`), with where it was written.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// The path under `content/`: `servizi/x.md`.
    pub target: String,
    /// Its key path in the file (`services[2]`): located only for a broken link, since
    /// locating walks the whole file again.
    pub key_path: String,
}

#[derive(Debug, Clone)]
pub struct InfoPoint {
    /// `punti/rozzano.yaml`, relative to `content/`.
    pub source: String,
    /// `content/punti/rozzano.yaml`, for diagnostics.
    pub file: String,
    /// The file's text, for excerpts in later diagnostics.
    pub text: String,
    pub slug: String,
    /// Site path: `punti/rozzano/`.
    pub path: String,
    pub name: String,
    pub organisation: Option<PageLink>,
    /// Index in `Config::site.districts`.
    pub district: usize,
    pub municipality: String,
    pub address: Address,
    pub geo: Geo,
    pub contacts: Contacts,
    pub by_appointment: bool,
    pub closures: Vec<ClosurePeriod>,
    pub services: Vec<PageLink>,
    pub languages: Vec<String>,
    pub accessibility: Option<String>,
    pub example: bool,
    /// Weekly hours, and the closed days of the publishing window with their reasons.
    pub schedule: Schedule,
}

impl InfoPoint {
    /// The `tel:` form of the phone number: digits with the country code.
    pub fn phone_uri(&self) -> Option<String> {
        self.contacts.phone.as_deref().map(phone_uri)
    }
}

/// The days the published pages know about: from `today`, `window_months` ahead.
pub fn schedule_window(today: NaiveDate, window_months: u32) -> (NaiveDate, NaiveDate) {
    let until = today
        .checked_add_months(Months::new(window_months))
        .unwrap_or(NaiveDate::MAX);
    (today, until)
}

/// Parses and checks one info point file (`relative` to `content/`).
pub fn load_info_point(
    root: &Path,
    relative: &str,
    config: &Config,
    today: NaiveDate,
    known: Option<&InfoPoint>,
) -> Result<InfoPoint, Vec<Diagnostic>> {
    let file = format!("{CONTENT_DIR}/{relative}");
    let text = read_source(&file, &root.join(&file), &config.site.limits)
        .map_err(|diagnostic| vec![diagnostic])?;
    if let Some(known) = known.filter(|known| known.text == text) {
        return Ok(known.clone());
    }
    let source = YamlSource::whole_file(&file, &text);
    let (data, locations) = source
        .parse::<InfoPointFile>("info point")
        .map_err(|diagnostic| vec![diagnostic])?;
    let checker = Checker {
        source: &source,
        locations: &locations,
        errors: Vec::new(),
    };
    checker.check(relative, data, config, today)
}

struct Checker<'a> {
    source: &'a YamlSource<'a>,
    locations: &'a Locations,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: String, hint: impl Into<String>) {
        let position = self.locations.value(path);
        self.errors
            .push(self.source.error_at(position, message).hint(hint));
    }

    fn check(
        mut self,
        relative: &str,
        data: InfoPointFile,
        config: &Config,
        today: NaiveDate,
    ) -> Result<InfoPoint, Vec<Diagnostic>> {
        let slug = relative
            .rsplit('/')
            .next()
            .unwrap_or(relative)
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_string();
        if !is_slug(&slug) {
            let suggestion = Some(slugify(&slug))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "punto-rozzano".to_string());
            self.errors.push(
                Diagnostic::error(
                    self.source.file,
                    format!("the file name `{slug}` is not a valid URL segment"),
                )
                .hint(format!(
                    "rename the file with lower-case letters, digits and dashes, e.g. `{suggestion}.yaml`"
                )),
            );
        }
        if data.name.trim().is_empty() {
            self.error("name", "the name is empty".into(), "write the desk's name");
        }
        let district = self.district(&data, &config.site.districts);
        self.address(&data.address);
        self.geo(data.geo, config);
        self.contacts(&data.contacts);
        let weekly = match parse_weekly_hours(&data.hours) {
            Ok(weekly) => weekly,
            Err(problems) => {
                for problem in problems {
                    self.error(&problem.path, problem.message, problem.hint);
                }
                WeeklyHours::default()
            }
        };
        let closures = self.closures(data.closures);
        let organisation = data
            .organisation
            .as_deref()
            .and_then(|link| self.page_link("organisation", link));
        let services: Vec<PageLink> = data
            .services
            .iter()
            .enumerate()
            .filter_map(|(index, link)| self.page_link(&format!("services[{index}]"), link))
            .collect();
        for (index, code) in data.languages.iter().enumerate() {
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_lowercase()) {
                self.error(
                    &format!("languages[{index}]"),
                    format!("`{code}` is not a language code"),
                    "use two-letter ISO 639-1 codes in lower case: it, en, fr, ar, es, zh…",
                );
            }
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let district = district.expect("an unknown district is an error");
        let patron_days: Vec<((u32, u32), String)> = config
            .site
            .patron_days
            .iter()
            .filter(|p| p.municipality == data.municipality)
            .filter_map(|p| parse_month_day(&p.date).map(|day| (day, p.name.clone())))
            .collect();
        let (from, until) = schedule_window(today, config.site.info_points.window_months);
        let schedule = Schedule {
            from,
            until,
            closed: closed_days(from, until, &patron_days, &closures),
            weekly,
        };
        Ok(InfoPoint {
            source: relative.to_string(),
            file: self.source.file.to_string(),
            text: self.source.file_text.to_string(),
            path: format!("{INFO_POINTS_DIR}/{slug}/"),
            slug,
            name: data.name.trim().to_string(),
            organisation,
            district,
            municipality: data.municipality,
            address: data.address,
            geo: data.geo,
            contacts: data.contacts,
            by_appointment: data.by_appointment,
            closures,
            services,
            languages: data.languages,
            accessibility: data.accessibility,
            example: data.example,
            schedule,
        })
    }

    /// The district's index; the municipality must belong to it.
    fn district(&mut self, data: &InfoPointFile, districts: &[DistrictConfig]) -> Option<usize> {
        let Some(index) = districts.iter().position(|d| d.id == data.district) else {
            let ids = districts.iter().map(|d| d.id.as_str());
            let hint = match did_you_mean(&data.district, ids.clone()) {
                Some(id) => format!("did you mean `{id}`?"),
                None if districts.is_empty() => {
                    "list the districts under `districts:` in site.yaml".to_string()
                }
                None => format!("use one of: {}", ids.collect::<Vec<_>>().join(", ")),
            };
            self.error(
                "district",
                format!("unknown district `{}`", data.district),
                hint,
            );
            return None;
        };
        let district = &districts[index];
        if !district.municipalities.contains(&data.municipality) {
            let names = district.municipalities.iter().map(String::as_str);
            let hint = match did_you_mean(&data.municipality, names.clone()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "use one of: {} (or add it to the district in site.yaml)",
                    names.collect::<Vec<_>>().join(", ")
                ),
            };
            self.error(
                "municipality",
                format!(
                    "`{}` is not a municipality of the district `{}`",
                    data.municipality, district.id
                ),
                hint,
            );
        }
        Some(index)
    }

    fn address(&mut self, address: &Address) {
        for (key, value) in [("street", &address.street), ("city", &address.city)] {
            if value.trim().is_empty() {
                self.error(
                    &format!("address.{key}"),
                    format!("`address.{key}` is empty"),
                    "write it as it appears on letters",
                );
            }
        }
        if address.postcode.len() != 5 || !address.postcode.chars().all(|c| c.is_ascii_digit()) {
            self.error(
                "address.postcode",
                format!("`{}` is not an Italian postcode", address.postcode),
                "write the five-digit CAP in quotes, e.g. \"20089\"",
            );
        }
        if address.province.len() != 2 || !address.province.chars().all(|c| c.is_ascii_uppercase())
        {
            self.error(
                "address.province",
                format!("`{}` is not a province code", address.province),
                "write the two-letter code in capitals, e.g. MI",
            );
        }
    }

    fn geo(&mut self, geo: Geo, config: &Config) {
        let bounds = config.site.info_points.bounds;
        if !(-90.0..=90.0).contains(&geo.lat) || !(-180.0..=180.0).contains(&geo.lon) {
            self.error(
                "geo",
                format!("({}, {}) are not coordinates", geo.lat, geo.lon),
                "latitude goes from -90 to 90 and longitude from -180 to 180, in decimal degrees",
            );
        } else if !bounds.contains(geo.lat, geo.lon) {
            let hint = if bounds.contains(geo.lon, geo.lat) {
                "latitude and longitude look swapped: around Milan `lat` is about 45 and `lon` about 9".to_string()
            } else {
                format!(
                    "info points lie between latitudes {} and {} and longitudes {} and {} (info_points.bounds in site.yaml)",
                    bounds.south, bounds.north, bounds.west, bounds.east
                )
            };
            self.error(
                "geo",
                format!("({}, {}) is outside the districts' area", geo.lat, geo.lon),
                hint,
            );
        }
    }

    fn contacts(&mut self, contacts: &Contacts) {
        type Check = fn(&str) -> bool;
        let checks: [(&str, &Option<String>, Check, &str, &str); 3] = [
            (
                "phone",
                &contacts.phone,
                is_phone,
                "a phone number",
                "write digits with optional spaces and a leading +39, e.g. \"+39 02 1234 5678\"",
            ),
            (
                "email",
                &contacts.email,
                is_email,
                "an e-mail address",
                "write it as name@domain.it, without spaces or `mailto:`",
            ),
            (
                "website",
                &contacts.website,
                is_web_address,
                "a web address",
                "write the full address, starting with https://",
            ),
        ];
        for (key, value, is_valid, what, hint) in checks {
            if let Some(value) = value.as_deref().filter(|v| !is_valid(v)) {
                self.error(
                    &format!("contacts.{key}"),
                    format!("`{value}` is not {what}"),
                    hint,
                );
            }
        }
    }

    fn closures(&mut self, closures: Vec<ClosureFile>) -> Vec<ClosurePeriod> {
        let mut periods = Vec::new();
        for (index, closure) in closures.into_iter().enumerate() {
            if closure.to < closure.from {
                self.error(
                    &format!("closures[{index}].to"),
                    format!(
                        "the closure ends ({}) before it starts ({})",
                        closure.to, closure.from
                    ),
                    "put the first closed day in `from` and the last in `to`",
                );
                continue;
            }
            if closure.note.trim().is_empty() {
                self.error(
                    &format!("closures[{index}].note"),
                    "the closure has no note".into(),
                    "say why the desk is closed, e.g. \"Chiusura estiva\"",
                );
            }
            periods.push(ClosurePeriod {
                from: closure.from,
                to: closure.to,
                note: closure.note.trim().to_string(),
            });
        }
        periods.sort_by_key(|p| p.from);
        periods
    }

    fn page_link(&mut self, path: &str, link: &str) -> Option<PageLink> {
        match link.strip_prefix("@/") {
            Some(target) if target.ends_with(".md") => Some(PageLink {
                target: target.to_string(),
                key_path: path.to_string(),
            }),
            _ => {
                self.error(
                    path,
                    format!("`{link}` is not a link to a page"),
                    "link pages as \"@/servizi/congedo-parentale-ad-ore.md\"",
                );
                None
            }
        }
    }
}

/// Digits, spaces and the usual separators; 6 to 15 digits (ITU-T E.164 has at most 15).
fn is_phone(text: &str) -> bool {
    let rest = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || " .-/()".contains(c))
        && (6..=15).contains(&digits)
}

/// `+39…` digits for a `tel:` link; Italian numbers written without a country code get `+39`.
pub fn phone_uri(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.trim_start().starts_with('+') {
        format!("tel:+{digits}")
    } else {
        format!("tel:+39{digits}")
    }
}

/// A plain address: one `@`, a dotted domain, nothing that could break out of a `mailto:` link.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let allowed = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    !local.is_empty()
        && local.chars().all(allowed)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

fn is_web_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or_default();
        host.contains('.')
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\`".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert!(is_phone("+39 02 1234 5678"));
        assert!(is_phone("02/1234567"));
        assert!(!is_phone("+39 02 …"));
        assert!(!is_phone("123"));
        assert!(!is_phone("chiamare"));
        assert_eq!(phone_uri("02 1234 5678"), "tel:+390212345678");
        assert_eq!(phone_uri("+39 02 1234-5678"), "tel:+390212345678");
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("punto.rozzano@example.org"));
        assert!(!is_email("punto@rozzano"));
        assert!(!is_email("a b@example.org"));
        assert!(!is_email("mailto:a@example.org"));
        assert!(!is_email("a@example.org?subject=x"));
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address("https://www.example.org/punti"));
        assert!(!is_web_address("www.example.org"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://a.org/\"onmouseover"));
    }

    #[test]
    fn the_window_runs_from_today() {
        let today: NaiveDate = "2026-11-25".parse().unwrap();
        assert_eq!(
            schedule_window(today, 18),
            (today, "2028-05-25".parse().unwrap())
        );
    }
}
