//! `site.yaml`: the site's title, address, language, theme, menus, taxonomies and Markdown policy.

use crate::diagnostics::Diagnostic;
use crate::info_points::is_email;
use crate::slug::is_slug;
use crate::url::BaseUrl;
use crate::yaml::{Locations, YamlSource};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Where the site is published; may include a sub-path (`https://example.org/equilibri/`).
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Named menus (`main`, `footer`, …); items link with `@/path.md` or a site path.
    #[serde(default)]
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The social districts that info points belong to.
    #[serde(default)]
    pub districts: Vec<DistrictConfig>,
    /// Patron saints' days: local holidays that differ by municipality, each with its source.
    #[serde(default)]
    pub patron_days: Vec<PatronDay>,
    #[serde(default)]
    pub info_points: InfoPointsConfig,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub legal: LegalConfig,
    #[serde(default)]
    pub limits: Limits,
    /// Free values for templates (`config.extra.x`).
    #[serde(default)]
    pub extra: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front matter key (`temi`).
    pub name: String,
    /// What citizens read (`Temi`).
    pub title: String,
    /// The URL segment (`temi` → `/temi/congedi/`).
    pub path: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// Bounds on what the build reads, so that a runaway file cannot exhaust memory or time.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest content file (Markdown or info point YAML) read, in megabytes.
    #[serde(default = "default_max_file_size_mb")]
    pub max_file_size_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size_mb: default_max_file_size_mb(),
        }
    }
}

fn default_max_file_size_mb() -> u64 {
    8
}

/// Facts for the pages Italian public bodies' sites must have (Accessibilità, Privacy, Note
/// legali). Empty values are shown as "to be completed", never guessed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalConfig {
    /// The accessibility statement filed with AgID (form.agid.gov.it): an https address.
    pub accessibility_statement_url: Option<String>,
    /// Where to report accessibility problems.
    pub accessibility_email: Option<String>,
    /// Titolare del trattamento, and how to reach them.
    pub data_controller: Option<String>,
    pub data_controller_email: Option<String>,
    /// Who hosts the site (and so keeps its server logs).
    pub hosting_provider: Option<String>,
    /// How long server logs are kept, in days.
    pub log_retention_days: Option<u32>,
    /// The licence of the site's texts, with the address of its terms.
    pub content_license: Option<String>,
    pub content_license_url: Option<String>,
}

/// How pages become search documents.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Section folder → the type citizens filter by (`servizi: servizio`); other pages are
    /// `pagina`, info points `punto`.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// The taxonomy whose terms name a page's districts (its terms are district ids).
    #[serde(default)]
    pub district_taxonomy: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictConfig {
    /// The URL segment and the value of `district:` in info points (`rozzano`).
    pub id: String,
    /// What citizens read (`Distretto Sociale di Rozzano`).
    pub name: String,
    /// The municipalities in the district; an info point's `municipality` must be one of them.
    pub municipalities: Vec<String>,
    /// Where the list of municipalities comes from.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatronDay {
    pub municipality: String,
    /// Month and day, `MM-DD`: the holiday recurs every year.
    pub date: String,
    /// The saint or feast (`Santi Quirico e Giulitta`).
    pub name: String,
    /// Where the date comes from: patron days are custom, not national law.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InfoPointsConfig {
    /// Info points must lie inside this box (WGS84 degrees): catches swapped or mistyped
    /// coordinates.
    #[serde(default = "default_bounds")]
    pub bounds: Bounds,
    /// How many months of closed dates each page carries; past that, "open now" shows nothing.
    #[serde(default = "default_window_months")]
    pub window_months: u32,
}

impl Default for InfoPointsConfig {
    fn default() -> Self {
        Self {
            bounds: default_bounds(),
            window_months: default_window_months(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bounds {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// The south-east of the Milan metropolitan area, with a margin.
fn default_bounds() -> Bounds {
    Bounds {
        south: 45.25,
        west: 9.0,
        north: 45.55,
        east: 9.55,
    }
}

fn default_window_months() -> u32 {
    18
}

/// What to do with HTML written inside Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Show it as text, with a warning: nothing in content can inject markup.
    #[default]
    Escape,
    Allow,
}

fn default_language() -> String {
    "it".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// The loaded configuration with its parsed base URL.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    pub base_url: BaseUrl,
}

/// Reads `site.yaml`. `base_url_override` (from `--base-url`) replaces the configured address.
pub fn load_config(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(error) => {
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                format!("cannot read the site configuration: {error}"),
            )
            .hint(format!(
                "create {CONFIG_FILE} at the site root, next to content/"
            ))])
        }
    };
    let text = text.trim_start_matches('\u{feff}');
    let source = YamlSource::whole_file(CONFIG_FILE, text);
    let (site, locations) = source
        .parse::<SiteConfig>("site configuration")
        .map_err(|diagnostic| vec![diagnostic])?;

    let mut errors = Vec::new();
    let base_text = base_url_override.unwrap_or(&site.base_url);
    let base_url = match BaseUrl::parse(base_text) {
        Ok(base_url) => Some(base_url),
        Err(message) => {
            let diagnostic = match base_url_override {
                Some(_) => Diagnostic::error(CONFIG_FILE, format!("invalid --base-url: {message}")),
                None => source.error_at(
                    locations.value("base_url"),
                    format!("invalid base_url: {message}"),
                ),
            };
            errors.push(
                diagnostic.hint("write the full address, e.g. https://example.org/equilibri/"),
            );
            None
        }
    };
    if site.language != "it" {
        errors.push(
            source
                .error_at(
                    locations.value("language"),
                    format!("language `{}` is not published yet", site.language),
                )
                .hint("only `it` has theme strings and a search analyzer today"),
        );
    }
    if !root
        .join("themes")
        .join(&site.theme)
        .join("templates")
        .is_dir()
    {
        errors.push(
            source
                .error_at(
                    locations.value("theme"),
                    format!("theme `{}` not found", site.theme),
                )
                .hint(format!(
                    "create themes/{}/templates/ or use `theme: default`",
                    site.theme
                )),
        );
    }
    let mut names = HashSet::new();
    let mut paths = HashSet::new();
    for (index, taxonomy) in site.taxonomies.iter().enumerate() {
        let at = |key: &str| locations.value(&format!("taxonomies[{index}].{key}"));
        if !names.insert(taxonomy.name.as_str()) {
            errors.push(source.error_at(
                at("name"),
                format!("taxonomy `{}` is configured twice", taxonomy.name),
            ));
        }
        if !is_slug(&taxonomy.path) || !paths.insert(taxonomy.path.as_str()) {
            errors.push(
                source
                    .error_at(
                        at("path"),
                        format!(
                            "taxonomy path `{}` is not a unique URL segment",
                            taxonomy.path
                        ),
                    )
                    .hint("use lower-case letters, digits and dashes, different for each taxonomy"),
            );
        }
    }
    check_districts(&site, &source, &locations, &mut errors);
    check_legal(&site.legal, &source, &locations, &mut errors);
    match (base_url, errors.is_empty()) {
        (Some(base_url), true) => Ok(Config { site, base_url }),
        _ => Err(errors),
    }
}

/// Legal addresses are https links and e-mail addresses, so no page links to `javascript:`.
fn check_legal(
    legal: &LegalConfig,
    source: &YamlSource,
    locations: &Locations,
    errors: &mut Vec<Diagnostic>,
) {
    let links = [
        (
            "accessibility_statement_url",
            &legal.accessibility_statement_url,
        ),
        ("content_license_url", &legal.content_license_url),
    ];
    for (key, value) in links {
        if value
            .as_deref()
            .is_some_and(|url| !url.starts_with("https://"))
        {
            errors.push(
                source
                    .error_at(
                        locations.value(&format!("legal.{key}")),
                        format!("`legal.{key}` must be an https:// address"),
                    )
                    .hint("copy the address from the browser, or leave the key out"),
            );
        }
    }
    let emails = [
        ("accessibility_email", &legal.accessibility_email),
        ("data_controller_email", &legal.data_controller_email),
    ];
    for (key, value) in emails {
        if value.as_deref().is_some_and(|email| !is_email(email)) {
            errors.push(
                source
                    .error_at(
                        locations.value(&format!("legal.{key}")),
                        format!("`legal.{key}` is not an e-mail address"),
                    )
                    .hint("write it as name@example.org, or leave the key out"),
            );
        }
    }
}

/// District ids are URL segments and unique; patron days are real calendar days.
fn check_districts(
    site: &SiteConfig,
    source: &YamlSource,
    locations: &Locations,
    errors: &mut Vec<Diagnostic>,
) {
    let mut ids = HashSet::new();
    for (index, district) in site.districts.iter().enumerate() {
        if !is_slug(&district.id) || !ids.insert(district.id.as_str()) {
            errors.push(
                source
                    .error_at(
                        locations.value(&format!("districts[{index}].id")),
                        format!("district id `{}` is not a unique URL segment", district.id),
                    )
                    .hint("use lower-case letters, digits and dashes, e.g. `san-donato`"),
            );
        }
    }
    for (index, patron) in site.patron_days.iter().enumerate() {
        if parse_month_day(&patron.date).is_none() {
            errors.push(
                source
                    .error_at(
                        locations.value(&format!("patron_days[{index}].date")),
                        format!("`{}` is not a day of the year", patron.date),
                    )
                    .hint("write month and day as MM-DD, e.g. \"06-16\" for 16 June"),
            );
        }
    }
}

/// `MM-DD` → (month, day), accepting 29 February.
pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('-')?;
    if month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (month, day) = (month.parse().ok()?, day.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}
