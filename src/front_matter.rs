//! Front matter: the YAML block between `---` lines at the top of every Markdown file.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::yaml::{Locations, YamlSource};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys every page and section may use, for "did you mean" suggestions.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "slug",
    "aliases",
    "template",
    "sort_by",
    "page_template",
    "feed",
    "extra",
];
/// Keys that only make sense in a section's `_index.md`.
const SECTION_KEYS: &[&str] = &["sort_by", "page_template", "feed"];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

#[derive(Debug, Deserialize)]
struct RawFrontMatter {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    sort_by: Option<SortBy>,
    #[serde(default)]
    page_template: Option<String>,
    #[serde(default)]
    feed: Option<bool>,
    #[serde(default)]
    extra: serde_json::Value,
    /// Everything else: taxonomy keys, or mistakes.
    #[serde(flatten)]
    other: BTreeMap<String, serde_norway::Value>,
}

/// Validated front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    /// Each with the line it was written on, for collision errors.
    pub aliases: Vec<(String, usize)>,
    pub template: Option<String>,
    pub sort_by: SortBy,
    pub page_template: Option<String>,
    pub feed: bool,
    pub extra: serde_json::Value,
    /// Taxonomy name → terms as written.
    pub taxonomies: BTreeMap<String, Vec<String>>,
}

/// A Markdown file cut into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// File lines before the front matter (the opening `---`).
    pub front_matter_lines_before: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cuts `text` (newlines already normalised to `\n`) at its `---` lines.
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        let diagnostic = if text.trim().is_empty() {
            Diagnostic::error(file, "the file is empty")
        } else {
            Diagnostic::error(file, "the file does not start with front matter").at(text, 1, 1)
        };
        return Err(diagnostic
            .hint("start the file with a line `---`, then `title: …`, then another `---`"));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                front_matter: &text[yaml_start..offset],
                front_matter_lines_before: 1,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front matter is never closed")
        .at(text, 1, 1)
        .hint("add a line `---` after the last front matter key"))
}

/// Parses and checks front matter. `taxonomies` are the configured taxonomy keys;
/// `is_section` is true for `_index.md`.
pub fn parse_front_matter(
    file: &str,
    text: &str,
    split: &Split<'_>,
    taxonomies: &[&str],
    is_section: bool,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let source = YamlSource {
        file,
        file_text: text,
        yaml: split.front_matter,
        lines_before: split.front_matter_lines_before,
    };
    let (raw, locations) = source
        .parse::<RawFrontMatter>("front matter")
        .map_err(|diagnostic| vec![diagnostic])?;
    let mut errors = Vec::new();
    // Checked on the parsed values: looking the keys up would locate every key of the page.
    let section_keys_given = [
        raw.sort_by.is_some(),
        raw.page_template.is_some(),
        raw.feed.is_some(),
    ];
    let mut front_matter = FrontMatter {
        date: parse_date(
            &source,
            &locations,
            "date",
            raw.date.as_deref(),
            &mut errors,
        ),
        updated: parse_date(
            &source,
            &locations,
            "updated",
            raw.updated.as_deref(),
            &mut errors,
        ),
        aliases: raw
            .aliases
            .into_iter()
            .enumerate()
            .map(|(index, alias)| {
                let line = locations
                    .value(&format!("aliases[{index}]"))
                    .map_or(0, |p| p.line);
                (alias, line)
            })
            .collect(),
        title: raw.title,
        description: raw.description,
        draft: raw.draft,
        weight: raw.weight,
        slug: raw.slug,
        template: raw.template,
        sort_by: raw.sort_by.unwrap_or_default(),
        page_template: raw.page_template,
        feed: raw.feed.unwrap_or(false),
        extra: raw.extra,
        taxonomies: BTreeMap::new(),
    };
    if front_matter.title.trim().is_empty() {
        errors.push(
            source
                .error_at(locations.value("title"), "the title is empty")
                .hint("write the page's title"),
        );
    }
    if !is_section {
        let given = SECTION_KEYS.iter().zip(section_keys_given);
        for (key, _) in given.filter(|(_, given)| *given) {
            errors.push(
                source
                    .error_at(
                        locations.key(key),
                        format!("`{key}` only applies to sections"),
                    )
                    .hint("move it to the folder's _index.md"),
            );
        }
    }
    for (key, value) in raw.other {
        if taxonomies.contains(&key.as_str()) {
            match serde_norway::from_value::<Vec<String>>(value) {
                Ok(terms) => {
                    front_matter.taxonomies.insert(key, terms);
                }
                Err(_) => errors.push(
                    source
                        .error_at(
                            locations.value(&key),
                            format!("`{key}` must be a list of terms"),
                        )
                        .hint(format!("write `{key}: [primo, secondo]`")),
                ),
            }
            continue;
        }
        let candidates = KNOWN_KEYS.iter().copied().chain(taxonomies.iter().copied());
        let hint = match did_you_mean(&key, candidates) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!(
                "known keys: {}; taxonomies from site.yaml: {}",
                KNOWN_KEYS.join(", "),
                if taxonomies.is_empty() {
                    "none".to_string()
                } else {
                    taxonomies.join(", ")
                }
            ),
        };
        errors.push(
            source
                .error_at(
                    locations.key(&key),
                    format!("unknown front matter key `{key}`"),
                )
                .hint(hint),
        );
    }
    if errors.is_empty() {
        Ok(front_matter)
    } else {
        Err(errors)
    }
}

/// Accepts `2026-03-15` and RFC 3339 date-times (the date part is kept).
fn parse_date(
    source: &YamlSource<'_>,
    locations: &Locations,
    key: &str,
    value: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let value = value?.trim();
    let date_part = value.get(..10).unwrap_or(value);
    let parsed = NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == 10 || chrono::DateTime::parse_from_rfc3339(value).is_ok());
    if parsed.is_none() {
        errors.push(
            source
                .error_at(
                    locations.value(key),
                    format!("`{value}` is not a valid date"),
                )
                .hint("write an existing date as YYYY-MM-DD, e.g. 2026-03-15"),
        );
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let split = split("content/a.md", text).map_err(|d| vec![d])?;
        parse_front_matter("content/a.md", text, &split, &["temi"], false)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = split("a.md", text).unwrap();
        assert_eq!(split.front_matter, "title: A\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(&text[split.body_offset..], "# Body\n");
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert!(split("a.md", "---\ntitle: A\n")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split("a.md", "# Hello\n")
            .unwrap_err()
            .message
            .contains("does not start"));
        assert!(split("a.md", "").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn full_front_matter() {
        let fm = parse("---\ntitle: Nidi\ndate: 2026-03-15\nupdated: 2026-04-01T10:00:00+02:00\ntemi: [Genitorialità]\naliases: [/vecchio/]\n---\n").unwrap();
        assert_eq!(fm.title, "Nidi");
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2026, 3, 15));
        assert_eq!(fm.updated, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(fm.taxonomies["temi"], vec!["Genitorialità"]);
        assert_eq!(fm.aliases, vec![("/vecchio/".to_string(), 6)]);
    }

    #[test]
    fn unknown_key_with_suggestion_and_line() {
        let errors = parse("---\ntitle: A\ndescripton: x\ntema: [a]\n---\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].column), (3, 1));
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `description`?")
        );
        assert_eq!(errors[1].line, 4);
        assert_eq!(errors[1].hint.as_deref(), Some("did you mean `temi`?"));
    }

    #[test]
    fn impossible_date_is_located() {
        let errors = parse("---\ntitle: A\ndate: 2026-02-30\n---\n").unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (3, 7));
        assert!(errors[0].message.contains("2026-02-30"));
    }

    #[test]
    fn section_keys_are_refused_on_pages() {
        let text = "---\ntitle: A\nsort_by: date\npage_template: x.html\nfeed: false\n---\n";
        let errors = parse(text).unwrap_err();
        let found: Vec<(&str, usize, usize)> = errors
            .iter()
            .map(|e| (e.message.as_str(), e.line, e.column))
            .collect();
        assert_eq!(
            found,
            [
                ("`sort_by` only applies to sections", 3, 1),
                ("`page_template` only applies to sections", 4, 1),
                ("`feed` only applies to sections", 5, 1),
            ]
        );
    }

    #[test]
    fn missing_title() {
        let errors = parse("---\ndescription: x\n---\n").unwrap_err();
        assert!(
            errors[0].message.contains("missing field `title`"),
            "{:?}",
            errors
        );
    }
}
