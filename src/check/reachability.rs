//! Pages a visitor cannot reach by following links from the home page: found by crawling the
//! rendered HTML, so menus, listings, taxonomy pages and links in the text all count, exactly as
//! they will be published.

use crate::content::CONTENT_DIR;
use crate::diagnostics::Diagnostic;
use crate::output::{html_file, OutputSet};
use crate::site::Site;
use crate::url::BaseUrl;
use std::collections::HashSet;

pub fn unreachable_pages(site: &Site, files: &OutputSet) -> Vec<Diagnostic> {
    let base = &site.config.base_url;
    let mut reached: HashSet<String> = HashSet::new();
    let mut queue = vec![String::new()];
    while let Some(path) = queue.pop() {
        if !reached.insert(path.clone()) {
            continue;
        }
        let Some(html) = files.text(&html_file(&path)) else {
            continue;
        };
        queue.extend(
            links(html)
                .filter_map(|href| site_path(base, &path, &href))
                .filter(|target| !reached.contains(target)),
        );
    }
    let entries = site
        .sections
        .iter()
        .map(|section| &section.entry)
        .chain(site.pages.iter().map(|page| &page.entry));
    entries
        .filter(|entry| !reached.contains(&entry.path))
        .map(|entry| {
            Diagnostic::warning(
                &format!("{CONTENT_DIR}/{}", entry.source),
                "no page links here: visitors can only find this page by searching",
            )
            .hint("link it from a related page (`[testo](@/sezione/pagina.md)`) or from a menu in site.yaml, or mark it `draft: true` until it is ready")
        })
        .collect()
}

/// The `href` values of a page, entities decoded.
fn links(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split("href=\"").skip(1).filter_map(|rest| {
        rest.split_once('"')
            .map(|(value, _)| value.replace("&amp;", "&"))
    })
}

/// The site path an `href` of the page at `from` leads to, if it stays on the site.
fn site_path(base: &BaseUrl, from: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next()?;
    let root_relative = if href.starts_with("http://") || href.starts_with("https://") {
        let local = base.absolute("");
        format!("{}{}", base.path(), href.strip_prefix(&local)?)
    } else if href.starts_with('/') {
        href.to_string()
    } else if href.contains(':') {
        return None;
    } else {
        format!("{}{from}{href}", base.path())
    };
    let path = root_relative.strip_prefix(base.path())?;
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            ".." => {
                segments.pop();
            }
            "." => {}
            _ => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_become_site_paths() {
        let base = BaseUrl::parse("https://example.org/equilibri/").unwrap();
        let path = |from: &str, href: &str| site_path(&base, from, href);
        assert_eq!(path("", "/equilibri/servizi/").as_deref(), Some("servizi/"));
        assert_eq!(
            path("", "https://example.org/equilibri/punti/#mappa").as_deref(),
            Some("punti/")
        );
        assert_eq!(path("servizi/", "nidi/").as_deref(), Some("servizi/nidi/"));
        assert_eq!(path("servizi/nidi/", "../").as_deref(), Some("servizi/"));
        assert_eq!(path("", "/altro/"), None);
        assert_eq!(path("", "https://www.inps.it/"), None);
        assert_eq!(path("", "mailto:a@b.it"), None);
    }

    #[test]
    fn hrefs_are_read_with_their_entities() {
        let found: Vec<String> =
            links(r#"<a href="/a/?x=1&amp;y=2">a</a> <link rel="x" href="/b.css">"#).collect();
        assert_eq!(found, ["/a/?x=1&y=2", "/b.css"]);
    }
}
