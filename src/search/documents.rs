//! What search indexes: every published page and every info point, as plain fields borrowed
//! from the `Site` (page bodies are not copied).

use crate::site::Site;
use std::borrow::Cow;

/// The type of info point documents.
pub const POINT_TYPE: &str = "punto";

#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument<'a> {
    /// Site path (`servizi/nidi/`): the URL is built with the base URL when shown.
    pub path: &'a str,
    pub title: &'a str,
    pub description: Cow<'a, str>,
    pub body: Cow<'a, str>,
    pub kind: &'a str,
    pub districts: Vec<&'a str>,
    /// Taxonomy term names.
    pub terms: Vec<&'a str>,
    /// `YYYY-MM-DD`, empty when the page has none.
    pub date: String,
}

pub fn search_documents(site: &Site) -> Vec<SearchDocument<'_>> {
    let search = &site.config.site.search;
    let mut documents: Vec<SearchDocument> = site
        .pages
        .iter()
        .map(|page| {
            let entry = &page.entry;
            let fm = &entry.front_matter;
            let kind = site.page_type(page);
            let districts = search
                .district_taxonomy
                .as_ref()
                .and_then(|name| fm.taxonomies.get(name))
                .map_or_else(Vec::new, |ids| ids.iter().map(String::as_str).collect());
            SearchDocument {
                path: &entry.path,
                title: &fm.title,
                description: Cow::Borrowed(fm.description.as_deref().unwrap_or_default()),
                body: Cow::Borrowed(&entry.text),
                kind,
                districts,
                terms: fm
                    .taxonomies
                    .values()
                    .flatten()
                    .map(String::as_str)
                    .collect(),
                date: fm.date.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    for linked in &site.info_points {
        let point = &linked.point;
        let district = &site.config.site.districts[point.district];
        let services: Vec<&str> = linked
            .services
            .iter()
            .map(|&s| site.entry(s).front_matter.title.as_str())
            .collect();
        let address = &point.address;
        documents.push(SearchDocument {
            path: &point.path,
            title: &point.name,
            description: Cow::Owned(format!(
                "{}, {} {} – {}",
                address.street, address.postcode, address.city, district.name
            )),
            body: Cow::Owned(
                [point.municipality.as_str()]
                    .into_iter()
                    .chain(services)
                    .chain(point.accessibility.as_deref())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            kind: POINT_TYPE,
            districts: vec![district.id.as_str()],
            terms: Vec::new(),
            date: String::new(),
        });
    }
    documents
}
