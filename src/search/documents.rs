//! What search indexes: every published page and every info point, as plain fields.

use crate::site::Site;

/// The type of info point documents.
pub const POINT_TYPE: &str = "punto";
/// The type of pages whose section has no type in `search.types`.
pub const DEFAULT_TYPE: &str = "pagina";

#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    /// Site path (`servizi/nidi/`): the URL is built with the base URL when shown.
    pub path: String,
    pub title: String,
    pub description: String,
    pub body: String,
    pub kind: String,
    pub districts: Vec<String>,
    /// Taxonomy term names.
    pub terms: Vec<String>,
    /// `YYYY-MM-DD`, empty when the page has none.
    pub date: String,
}

pub fn search_documents(site: &Site) -> Vec<SearchDocument> {
    let search = &site.config.site.search;
    let mut documents: Vec<SearchDocument> = site
        .pages
        .iter()
        .map(|page| {
            let entry = &page.entry;
            let fm = &entry.front_matter;
            let section_dir = site
                .section_of(page)
                .entry
                .source
                .trim_end_matches("_index.md")
                .trim_end_matches('/');
            let kind = search
                .types
                .get(section_dir)
                .map_or(DEFAULT_TYPE, String::as_str);
            let districts = search
                .district_taxonomy
                .as_ref()
                .and_then(|name| fm.taxonomies.get(name))
                .cloned()
                .unwrap_or_default();
            SearchDocument {
                path: entry.path.clone(),
                title: fm.title.clone(),
                description: fm.description.clone().unwrap_or_default(),
                body: entry.text.clone(),
                kind: kind.to_string(),
                districts,
                terms: fm.taxonomies.values().flatten().cloned().collect(),
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
            path: point.path.clone(),
            title: point.name.clone(),
            description: format!(
                "{}, {} {} – {}",
                address.street, address.postcode, address.city, district.name
            ),
            body: [point.municipality.as_str()]
                .into_iter()
                .chain(services)
                .chain(point.accessibility.as_deref())
                .collect::<Vec<_>>()
                .join("\n"),
            kind: POINT_TYPE.to_string(),
            districts: vec![district.id.clone()],
            terms: Vec::new(),
            date: String::new(),
        });
    }
    documents
}
