//! schema.org JSON-LD for pages and sections, by page type: services are `GovernmentService`,
//! partners `Organization`, news `NewsArticle`, good practices `Article`, the home page a
//! `WebSite` with its search, every other page a `WebPage`; each with its `BreadcrumbList`.
//! Only facts the site holds are stated (names, descriptions, dates, addresses of pages).

use crate::escape::json_for_script;
use crate::site::{Entry, EntryRef, Site};
use serde_json::{json, Map, Value};

const CONTEXT: &str = "https://schema.org";

/// The JSON-LD of a page or section, ready for a `<script type="application/ld+json">`.
pub fn json_ld(site: &Site, target: EntryRef) -> String {
    let (entry, section, kind) = match target {
        EntryRef::Page(index) => {
            let page = &site.pages[index];
            (&page.entry, page.section, site.page_type(page))
        }
        EntryRef::Section(index) => (&site.sections[index].entry, index, ""),
    };
    let main = match (target, kind) {
        (EntryRef::Section(0), _) => website(site),
        (EntryRef::Section(_), _) => described("CollectionPage", site, entry),
        (_, "servizio") => {
            let mut service = described("GovernmentService", site, entry);
            service["provider"] = publisher(site);
            service
        }
        (_, "partner") => described("Organization", site, entry),
        (_, "notizia") => article("NewsArticle", site, entry),
        (_, "buona-prassi") => article("Article", site, entry),
        _ => described("WebPage", site, entry),
    };
    let mut graph = vec![main];
    // The home page has no breadcrumb trail.
    if !entry.path.is_empty() {
        graph.push(breadcrumbs(site, section, target, entry));
    }
    json_for_script(&json!({ "@context": CONTEXT, "@graph": graph }))
}

/// `@type`, name, description and URL of an entry.
fn described(kind: &str, site: &Site, entry: &Entry) -> Value {
    let fm = &entry.front_matter;
    let mut value = Map::new();
    value.insert("@type".into(), json!(kind));
    value.insert("name".into(), json!(fm.title));
    if let Some(description) = &fm.description {
        value.insert("description".into(), json!(description));
    }
    value.insert(
        "url".into(),
        json!(site.config.base_url.absolute(&entry.path)),
    );
    Value::Object(value)
}

fn article(kind: &str, site: &Site, entry: &Entry) -> Value {
    let fm = &entry.front_matter;
    let mut article = described(kind, site, entry);
    article["headline"] = json!(fm.title);
    article["inLanguage"] = json!(site.config.site.language);
    article["publisher"] = publisher(site);
    if let Some(date) = fm.date {
        article["datePublished"] = json!(date.to_string());
    }
    if let Some(modified) = fm.updated.or(fm.date) {
        article["dateModified"] = json!(modified.to_string());
    }
    article
}

/// The network that publishes the site.
fn publisher(site: &Site) -> Value {
    json!({ "@type": "Organization", "name": site.config.site.title, "url": site.config.base_url.absolute("") })
}

fn website(site: &Site) -> Value {
    let base = &site.config.base_url;
    json!({
        "@type": "WebSite",
        "name": site.config.site.title,
        "description": site.config.site.description,
        "url": base.absolute(""),
        "inLanguage": site.config.site.language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": format!("{}?q={{search_term_string}}", base.absolute("cerca/")),
            "query-input": "required name=search_term_string",
        },
    })
}

/// Home → sections → the entry itself.
fn breadcrumbs(site: &Site, section: usize, target: EntryRef, entry: &Entry) -> Value {
    let mut trail: Vec<&Entry> = site.ancestry(section).iter().map(|s| &s.entry).collect();
    if matches!(target, EntryRef::Page(_)) {
        trail.push(entry);
    }
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(position, crumb)| {
            json!({
                "@type": "ListItem",
                "position": position + 1,
                "name": crumb.front_matter.title,
                "item": site.config.base_url.absolute(&crumb.path),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}
