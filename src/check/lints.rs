//! The warnings `check` adds to a build's validations: things an editor should fix, none of which
//! stops a build. Each points at the line to change.

use super::external::ExternalLink;
use crate::content::{read_source, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::front_matter::split;
use crate::info_points::InfoPoint;
use crate::site::{Entry, Site, NEWS_TYPE};
use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::Path;

/// Search engines cut titles at about 60 characters (580 pixels on Google's results page).
pub const LONGEST_TITLE: usize = 60;

/// Warnings about the site's pages and info points, plus every external link found in them.
pub fn site_warnings(
    root: &Path,
    site: &Site,
    today: NaiveDate,
) -> (Vec<Diagnostic>, Vec<ExternalLink>) {
    let mut warnings = Vec::new();
    let mut links = Vec::new();
    let entries = site
        .sections
        .iter()
        .map(|section| (&section.entry, false))
        .chain(
            site.pages
                .iter()
                .map(|page| (&page.entry, site.page_type(page) == NEWS_TYPE)),
        );
    for (entry, is_news) in entries {
        let file = format!("{CONTENT_DIR}/{}", entry.source);
        let path = root.join(&file);
        // The build has just read it; a file changed or removed since is checked next time.
        let Ok(text) = read_source(&file, &path, &site.config.site.limits) else {
            continue;
        };
        let page = SourcePage {
            file: &file,
            text: &text,
        };
        page.front_matter_warnings(entry, is_news, today, &mut warnings);
        page.body_warnings(&mut warnings, &mut links);
    }
    for linked in &site.info_points {
        info_point_warnings(&linked.point, &mut warnings, &mut links);
    }
    (warnings, links)
}

struct SourcePage<'a> {
    file: &'a str,
    text: &'a str,
}

impl SourcePage<'_> {
    fn at_key(&self, key: &str, message: String) -> Diagnostic {
        located_at_key(Diagnostic::warning(self.file, message), self.text, key)
    }

    fn front_matter_warnings(
        &self,
        entry: &Entry,
        is_news: bool,
        today: NaiveDate,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let front_matter = &entry.front_matter;
        let title_length = front_matter.title.chars().count();
        if title_length > LONGEST_TITLE {
            warnings.push(
                self.at_key(
                    "title",
                    format!("the title is {title_length} characters long: search engines show about {LONGEST_TITLE}"),
                )
                .hint("shorten it, and put the details in `description`"),
            );
        }
        if !front_matter
            .description
            .as_deref()
            .is_some_and(|text| !text.trim().is_empty())
        {
            warnings.push(
                self.at_key("title", "the page has no description".to_string())
                    .hint("add `description:` with one or two sentences: search results, link previews and the site's lists show it"),
            );
        }
        if let Some(date) = front_matter.date.filter(|date| is_news && *date > today) {
            warnings.push(
                self.at_key("date", format!("the news is dated {date}, in the future"))
                    .hint("check the year; to publish it later, keep `draft: true` until that day"),
            );
        }
    }

    /// Headings, images and links of the Markdown body.
    fn body_warnings(&self, warnings: &mut Vec<Diagnostic>, links: &mut Vec<ExternalLink>) {
        let Ok(parts) = split(self.file, self.text) else {
            return;
        };
        let warning_at = |offset: usize, message: String| {
            Diagnostic::warning(self.file, message).at_offset(self.text, parts.body_offset + offset)
        };
        // The page's title is its h1.
        let mut previous_level = 1;
        let mut image: Option<(usize, String)> = None;
        let parser = Parser::new_ext(parts.body, crate::markdown::options()).into_offset_iter();
        for (event, range) in parser {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = level as usize;
                    if level == 1 {
                        warnings.push(warning_at(range.start, "a second main heading (`#`): the page's title is already its main heading".to_string())
                            .hint("start the page's headings at `##`"));
                    } else if level > previous_level + 1 {
                        warnings.push(
                            warning_at(
                                range.start,
                                format!("the heading jumps from level {previous_level} to level {level}"),
                            )
                            .hint(format!("use level {} (`{}`) here: screen reader users move through a page by heading levels", previous_level + 1, "#".repeat(previous_level + 1))),
                        );
                    }
                    previous_level = level;
                }
                Event::Start(Tag::Image { .. }) => image = Some((range.start, String::new())),
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, alt)) = image.as_mut() {
                        alt.push_str(&text);
                    }
                }
                Event::End(TagEnd::Image) => {
                    if let Some((start, alt)) = image.take() {
                        if alt.trim().is_empty() {
                            warnings.push(warning_at(start, "the image has no alternative text".to_string())
                                .hint("write what the image shows between the brackets: ![Lo sportello di Rozzano](foto.jpg)"));
                        }
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let origin = warning_at(range.start, String::new());
                    note_link(&dest_url, origin, warnings, links);
                }
                _ => {}
            }
        }
    }
}

/// Points `diagnostic` at the first line that starts with `key:`, if there is one.
fn located_at_key(diagnostic: Diagnostic, text: &str, key: &str) -> Diagnostic {
    let prefix = format!("{key}:");
    match text
        .lines()
        .position(|line| line.trim_start().starts_with(&prefix))
    {
        Some(index) => {
            let column = text.lines().nth(index).map_or(1, |line| {
                line.chars().take_while(|c| c.is_whitespace()).count() + 1
            });
            diagnostic.at(text, index + 1, column)
        }
        None => diagnostic,
    }
}

/// Addresses on the domains reserved for examples (RFC 2606) never reach anyone.
fn is_example_address(address: &str) -> bool {
    let host = address
        .split_once("://")
        .map_or(address, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase();
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

/// An external link is kept for `--external`; one to an example domain is reported at once.
fn note_link(
    url: &str,
    origin: Diagnostic,
    warnings: &mut Vec<Diagnostic>,
    links: &mut Vec<ExternalLink>,
) {
    let is_web = url.starts_with("http://") || url.starts_with("https://");
    if (is_web || url.starts_with("mailto:")) && is_example_address(url) {
        let mut warning = origin;
        warning.message = format!("example address still on the page: {url}");
        warning.hint = Some("replace it with the real address".to_string());
        warnings.push(warning);
    } else if is_web {
        links.push(ExternalLink {
            url: url.to_string(),
            origin,
        });
    }
}

fn info_point_warnings(
    point: &InfoPoint,
    warnings: &mut Vec<Diagnostic>,
    links: &mut Vec<ExternalLink>,
) {
    let at_key = |key: &str, message: &str| {
        located_at_key(Diagnostic::warning(&point.file, message), &point.text, key)
    };
    let contacts = &point.contacts;
    if contacts.phone.is_none() && contacts.email.is_none() && contacts.website.is_none() {
        warnings.push(
            at_key("name", "the info point has no phone, e-mail or website")
                .hint("add `contacts: { phone: …, email: … }`: citizens need a way to reach it"),
        );
    }
    if point.schedule.weekly.0.iter().all(Vec::is_empty) {
        warnings.push(
            at_key("name", "the info point has no opening hours").hint(
                "add `hours:` (e.g. `tue: [\"09:00-12:30\"]`); if it only sees people by appointment, say so with `by_appointment: true` and add the hours it answers the phone",
            ),
        );
    }
    if point.example {
        warnings.push(
            at_key("example", "the info point's data are examples, not the real office's")
                .hint("replace address, hours and contacts with the real ones, then remove `example: true`"),
        );
    }
    if let Some(email) = contacts.email.as_deref() {
        if !point.example && is_example_address(email) {
            warnings.push(
                at_key(
                    "email",
                    &format!("example address still on the page: {email}"),
                )
                .hint("replace it with the real address"),
            );
        }
    }
    if let Some(website) = contacts.website.as_deref() {
        // An example point's example address is already covered by the warning above.
        if !(point.example && is_example_address(website)) {
            note_link(website, at_key("website", ""), warnings, links);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_domains_and_only_them() {
        assert!(is_example_address("https://example.org/x"));
        assert!(is_example_address("https://www.EXAMPLE.com"));
        assert!(is_example_address("punto@example.net"));
        assert!(is_example_address("mailto:punto@example.org"));
        assert!(!is_example_address("https://www.inps.it/"));
        assert!(!is_example_address("https://example.org.evil.it/"));
        assert!(!is_example_address("https://counterexample.org/"));
    }

    #[test]
    fn keys_are_found_on_their_line() {
        let text = "---\ntitle: Nidi\ndate: 2030-01-01\n---\n";
        let located = located_at_key(Diagnostic::warning("a.md", "x"), text, "date");
        assert_eq!((located.line, located.column), (3, 1));
        let missing = located_at_key(Diagnostic::warning("a.md", "x"), text, "slug");
        assert_eq!(missing.line, 0);
    }
}
