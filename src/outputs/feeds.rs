//! Atom feeds (RFC 4287) for sections with `feed: true`, such as the news.

use super::{add, Output};
use crate::diagnostics::Diagnostic;
use crate::escape::html as xml;
use crate::output::OutputSet;
use crate::site::{Section, Site};
use crate::views::feed_path;
use chrono::NaiveDate;

pub struct AtomFeeds;

/// Feeds list the newest entries only.
const FEED_LENGTH: usize = 30;

impl Output for AtomFeeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for section in site.sections.iter().filter(|s| s.entry.front_matter.feed) {
            let feed = atom_feed(site, section);
            add(
                files,
                feed_path(section),
                feed.into_bytes(),
                self.name(),
                &mut errors,
            );
        }
        errors
    }
}

fn timestamp(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

fn atom_feed(site: &Site, section: &Section) -> String {
    let base = &site.config.base_url;
    let mut entries: Vec<_> = section
        .pages
        .iter()
        .map(|&p| &site.pages[p].entry)
        .filter(|e| e.front_matter.date.is_some())
        .collect();
    entries.sort_by(|a, b| {
        b.front_matter
            .date
            .cmp(&a.front_matter.date)
            .then_with(|| a.path.cmp(&b.path))
    });
    entries.truncate(FEED_LENGTH);
    let changed = |e: &crate::site::Entry| e.front_matter.updated.or(e.front_matter.date);
    let updated = entries
        .iter()
        .filter_map(|e| changed(e))
        .max()
        .or(section.entry.front_matter.updated)
        .unwrap_or(NaiveDate::MIN);
    let title = format!(
        "{} – {}",
        site.config.site.title, section.entry.front_matter.title
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
        xml(&site.config.site.language),
        xml(&title),
        xml(&base.absolute(&section.entry.path)),
        xml(&base.absolute(&feed_path(section))),
        xml(&base.absolute(&section.entry.path)),
        timestamp(updated),
        xml(&site.config.site.title),
    ));
    for entry in entries {
        let link = base.absolute(&entry.path);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <published>{}</published>\n    <updated>{}</updated>\n",
            xml(&entry.front_matter.title),
            xml(&link),
            xml(&link),
            timestamp(entry.front_matter.date.unwrap_or(NaiveDate::MIN)),
            timestamp(changed(entry).unwrap_or(NaiveDate::MIN)),
        ));
        if let Some(description) = &entry.front_matter.description {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(description)));
        }
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n  </entry>\n",
            xml(&entry.content)
        ));
    }
    out.push_str("</feed>\n");
    out
}
