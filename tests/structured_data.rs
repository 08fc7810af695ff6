//! schema.org JSON-LD and Open Graph in the built pages.

mod common;

use common::{attributes, Fixture};
use scraper::{Html, Selector};
use serde_json::Value;

fn json_ld(html: &Html) -> Value {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    let blocks: Vec<String> = html.select(&selector).map(|s| s.text().collect()).collect();
    assert_eq!(blocks.len(), 1, "one JSON-LD block");
    serde_json::from_str(&blocks[0]).unwrap()
}

fn types(graph: &Value) -> Vec<&str> {
    graph["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["@type"].as_str().unwrap())
        .collect()
}

fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "site.yaml",
        "title: \"Rete\"\ndescription: \"La rete\"\nbase_url: \"https://example.org/rete/\"\nsearch:\n  types: { servizi: servizio, notizie: notizia }\n",
    )
    .file(
        "content/servizi/nidi.md",
        "---\ntitle: \"Nidi </script><script>alert(1)</script>\"\ndescription: Posti al nido.\n---\nTesto.\n",
    )
    .file("content/notizie/_index.md", "---\ntitle: Notizie\n---\n")
    .file(
        "content/notizie/bando.md",
        "---\ntitle: Nuovo bando\ndate: 2026-10-01\nupdated: 2026-10-05\n---\nTesto.\n",
    );
    site.build();
    site
}

#[test]
fn each_page_type_has_its_schema_and_breadcrumbs() {
    let site = site();
    let home = json_ld(&site.html("index.html"));
    assert_eq!(types(&home), ["WebSite"]);
    assert_eq!(
        home["@graph"][0]["potentialAction"]["target"],
        "https://example.org/rete/cerca/?q={search_term_string}"
    );

    let service = json_ld(&site.html("servizi/nidi/index.html"));
    assert_eq!(types(&service), ["GovernmentService", "BreadcrumbList"]);
    assert_eq!(service["@graph"][0]["provider"]["name"], "Rete");
    let crumbs = service["@graph"][1]["itemListElement"].as_array().unwrap();
    let trail: Vec<(&str, &str)> = crumbs
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["item"].as_str().unwrap()))
        .collect();
    assert_eq!(
        trail[..2],
        [
            ("Home", "https://example.org/rete/"),
            ("Servizi", "https://example.org/rete/servizi/")
        ]
    );
    assert_eq!(crumbs[2]["position"], 3);

    let news = json_ld(&site.html("notizie/bando/index.html"));
    assert_eq!(types(&news), ["NewsArticle", "BreadcrumbList"]);
    assert_eq!(news["@graph"][0]["datePublished"], "2026-10-01");
    assert_eq!(news["@graph"][0]["dateModified"], "2026-10-05");

    let section = json_ld(&site.html("notizie/index.html"));
    assert_eq!(types(&section), ["CollectionPage", "BreadcrumbList"]);
}

#[test]
fn titles_cannot_close_the_script_block_and_open_graph_is_escaped() {
    let site = site();
    let raw = site.read("servizi/nidi/index.html");
    assert_eq!(
        raw.matches("</script>").count(),
        1,
        "only the block's own end tag"
    );
    let service = json_ld(&site.html("servizi/nidi/index.html"));
    assert_eq!(
        service["@graph"][0]["name"],
        "Nidi </script><script>alert(1)</script>"
    );
    let page = site.html("servizi/nidi/index.html");
    assert_eq!(
        attributes(&page, r#"meta[property="og:title"]"#, "content"),
        ["Nidi </script><script>alert(1)</script>"]
    );
    assert_eq!(
        attributes(&page, r#"meta[property="og:url"]"#, "content"),
        ["https://example.org/rete/servizi/nidi/"]
    );
}

#[test]
fn pages_without_content_of_their_own_still_describe_their_trail() {
    let site = site();
    let search = json_ld(&site.html("cerca/index.html"));
    assert_eq!(types(&search), ["BreadcrumbList"]);
    let items = search["@graph"][0]["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Home", "Cerca nel sito"]);
    assert_eq!(items[1]["item"], "https://example.org/rete/cerca/");
}
