//! `sitemap.xml` with every published URL, and `robots.txt` pointing at it.

use super::{add, Output};
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::output::OutputSet;
use crate::site::Site;
use chrono::NaiveDate;

pub struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let base = &site.config.base_url;
        let mut urls: Vec<(&str, Option<NaiveDate>)> = site
            .sections
            .iter()
            .map(|s| &s.entry)
            .chain(site.pages.iter().map(|p| &p.entry))
            .map(|e| {
                (
                    e.path.as_str(),
                    e.front_matter.updated.or(e.front_matter.date),
                )
            })
            .collect();
        let taxonomy_paths: Vec<String> = site
            .taxonomies
            .iter()
            .flat_map(|t| {
                std::iter::once(format!("{}/", t.config.path))
                    .chain(t.terms.iter().map(|term| term.path.clone()))
            })
            .collect();
        urls.extend(taxonomy_paths.iter().map(|p| (p.as_str(), None)));
        urls.sort();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, lastmod) in urls {
            xml.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                escape::html(&base.absolute(path))
            ));
            if let Some(date) = lastmod {
                xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            base.absolute("sitemap.xml")
        );
        let mut errors = Vec::new();
        add(
            files,
            "sitemap.xml".into(),
            xml.into_bytes(),
            self.name(),
            &mut errors,
        );
        add(
            files,
            "robots.txt".into(),
            robots.into_bytes(),
            self.name(),
            &mut errors,
        );
        errors
    }
}
