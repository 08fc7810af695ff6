//! schema.org JSON-LD for pages and sections, by page type: services are `GovernmentService`,
//! partners `Organization`, news `NewsArticle`, good practices `Article`, the home page a
//! `WebSite` with its search, every other page a `WebPage`; every page but the home page has a
//! `BreadcrumbList` of the trail it shows.
//! Only facts the site holds are stated (names, descriptions, dates, addresses of pages).

use crate::escape::json_for_script;
use crate::site::{Entry, EntryRef, Site, NEWS_TYPE};
use crate::views::object;
use serde_json::{json, Map, Value};

const CONTEXT: &str = "https://schema.org";

/// The JSON-LD of a page or section, ready for a `<script type="application/ld+json">`;
/// `trail` is the page's breadcrumb trail as the templates get it (`[{title, url}]`).
pub fn json_ld(site: &Site, target: EntryRef, trail: &Value) -> String {
    let (entry, kind) = match target {
        EntryRef::Page(index) => {
            let page = &site.pages[index];
            (&page.entry, site.page_type(page))
        }
        EntryRef::Section(index) => (&site.sections[index].entry, ""),
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
        (_, NEWS_TYPE) => article("NewsArticle", site, entry),
        (_, "buona-prassi") => article("Article", site, entry),
        _ => described("WebPage", site, entry),
    };
    graph_script(vec![
        main,
        breadcrumb_list(site, trail, &entry.front_matter.title, &entry.path),
    ])
}

/// Nodes as one JSON-LD graph, escaped for a script element. Null nodes are left out.
pub fn graph_script(nodes: Vec<Value>) -> String {
    let graph: Vec<Value> = nodes.into_iter().filter(|node| !node.is_null()).collect();
    json_for_script(&object([
        ("@context", Value::from(CONTEXT)),
        ("@graph", Value::Array(graph)),
    ]))
}

/// The trail shown on a page (`[{title, url}]`) and the page itself; null for the home page,
/// which has no trail.
pub fn breadcrumb_list(site: &Site, trail: &Value, name: &str, path: &str) -> Value {
    let Some(crumbs) = trail.as_array().filter(|crumbs| !crumbs.is_empty()) else {
        return Value::Null;
    };
    let base = &site.config.base_url;
    let items: Vec<Value> = crumbs
        .iter()
        .map(|crumb| {
            let url = crumb["url"].as_str().unwrap_or_default();
            (crumb["title"].clone(), json!(base.absolute_link(url)))
        })
        .chain([(json!(name), json!(base.absolute(path)))])
        .enumerate()
        .map(|(position, (name, item))| {
            json!({ "@type": "ListItem", "position": position + 1, "name": name, "item": item })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
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
