//! The search index: built from a fixture site, queried through the library and the CLI.

mod common;

use common::Fixture;
use equilibri::search::query::{SearchHit, SearchIndex, SearchRequest};
use std::process::Command;

const SITE_YAML: &str = r#"title: "Sito di prova"
description: "Un sito per i test"
base_url: "https://example.org/rete/"
taxonomies:
  - { name: temi, title: "Temi", path: temi }
districts:
  - { id: rozzano, name: "Distretto di Rozzano", municipalities: [Rozzano], source: "test" }
search:
  types: { servizi: servizio, notizie: notizia }
"#;

fn fixture() -> Fixture {
    let site = Fixture::new();
    site.file("site.yaml", SITE_YAML)
        .file(
            "content/servizi/congedo.md",
            "---\ntitle: Congedo parentale ad ore\ndescription: Come usare il congedo a ore.\ntemi: [Genitorialità]\n---\nIl congedo si chiede all'INPS. La città offre aiuto.\n",
        )
        .file(
            "content/servizi/nidi.md",
            "---\ntitle: Asili nido\n---\nL'asilo nido comunale accoglie i bambini. Perché iscriversi presto: i posti sono pochi.\n",
        )
        .file("content/notizie/_index.md", "---\ntitle: Notizie\n---\n")
        .file(
            "content/notizie/voucher.md",
            "---\ntitle: Nuovi voucher\ndate: 2026-10-01\n---\nI voucher aiutano a pagare il nido e il congedo non basta.\n",
        )
        .file(
            "content/punti/rozzano.yaml",
            "name: Punto Rozzano\ndistrict: rozzano\nmunicipality: Rozzano\naddress: { street: \"Via Roma 1\", postcode: \"20089\", city: Rozzano, province: MI }\ngeo: { lat: 45.38, lon: 9.15 }\nservices: [\"@/servizi/congedo.md\"]\n",
        );
    site.build();
    site
}

fn search(site: &Fixture, query: &str) -> Vec<SearchHit> {
    search_with(
        site,
        SearchRequest {
            query: query.into(),
            limit: 10,
            ..Default::default()
        },
    )
}

fn search_with(site: &Fixture, request: SearchRequest) -> Vec<SearchHit> {
    SearchIndex::open(&site.root().join("search-index"))
        .unwrap()
        .search(&request)
        .unwrap()
}

fn paths(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.path.as_str()).collect()
}

#[test]
fn every_word_must_match_and_titles_weigh_more_than_bodies() {
    let site = fixture();
    let hits = search(&site, "congedo");
    let mut found = paths(&hits);
    assert_eq!(
        found[0], "servizi/congedo/",
        "title and description weigh most"
    );
    assert!(hits[0].score > hits[1].score);
    found.sort();
    assert_eq!(
        found,
        ["notizie/voucher/", "punti/rozzano/", "servizi/congedo/"]
    );
    assert_eq!(paths(&search(&site, "congedo nido")), ["notizie/voucher/"]);
    assert!(search(&site, "congedo astronave").is_empty());
}

#[test]
fn accents_apostrophes_elisions_and_stems_meet() {
    let site = fixture();
    assert_eq!(paths(&search(&site, "citta'")), ["servizi/congedo/"]);
    assert_eq!(
        paths(&search(&site, "perche' iscriversi")),
        ["servizi/nidi/"]
    );
    assert_eq!(paths(&search(&site, "l'asilo")), ["servizi/nidi/"]);
    assert_eq!(paths(&search(&site, "asili")), ["servizi/nidi/"]);
    assert_eq!(
        paths(&search(&site, "genitorialita")),
        ["servizi/congedo/"],
        "taxonomy terms"
    );
    assert!(search(&site, "il della per").is_empty(), "only stop words");
}

#[test]
fn the_last_word_matches_as_a_prefix() {
    let site = fixture();
    assert_eq!(paths(&search(&site, "vouc")), ["notizie/voucher/"]);
    assert_eq!(paths(&search(&site, "nido comu")), ["servizi/nidi/"]);
    assert!(
        search(&site, "vouc nido").is_empty(),
        "only the last word is a prefix"
    );
}

#[test]
fn filters_by_type_and_district_without_changing_scores() {
    let site = fixture();
    let all = search(&site, "congedo");
    let services = search_with(
        &site,
        SearchRequest {
            query: "congedo".into(),
            kind: Some("servizio".into()),
            limit: 10,
            ..Default::default()
        },
    );
    assert_eq!(paths(&services), ["servizi/congedo/"]);
    assert_eq!(services[0].score, all[0].score);
    let points = search_with(
        &site,
        SearchRequest {
            query: "congedo".into(),
            district: Some("rozzano".into()),
            limit: 10,
            ..Default::default()
        },
    );
    assert_eq!(paths(&points), ["punti/rozzano/"]);
    assert_eq!(points[0].kind, "punto");
    assert_eq!(points[0].districts, ["rozzano"]);
}

#[test]
fn snippets_highlight_the_matches() {
    let site = fixture();
    let hit = &search(&site, "asilo")[0];
    let highlighted: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(a, b)| &hit.snippet[a..b])
        .collect();
    assert_eq!(highlighted, ["asilo"]);
}

#[test]
fn cli_prints_json_with_urls_under_the_sub_path() {
    let site = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args([
            "search",
            "congedo a ore",
            "--json",
            "--limit",
            "2",
            "--root",
        ])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["url"], "/rete/servizi/congedo/");
    assert_eq!(results[0]["type"], "servizio");
    assert!(results[0]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_rebuild_replaces_the_index() {
    let site = fixture();
    assert_eq!(paths(&search(&site, "astronave")), Vec::<&str>::new());
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Astronave\n---\nTesto.\n",
    );
    site.build();
    assert_eq!(paths(&search(&site, "astronave")), ["servizi/nidi/"]);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".equilibri"))
        .collect();
    // The index leaves nothing behind; the site keeps its previous build to update next time.
    assert_eq!(leftovers, [".equilibri-staging-public"]);
}

#[test]
fn the_build_exports_the_index_for_the_browser() {
    let site = fixture();
    let meta: serde_json::Value = serde_json::from_str(&site.read("search/meta.json")).unwrap();
    assert_eq!(meta["docs"], 4, "three pages and one info point");
    let names: Vec<&str> = meta["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["title", "description", "terms", "body"]);
    assert!(meta["stopwords"]
        .as_array()
        .unwrap()
        .contains(&"perche".into()));
    // Every shard and fragment group is named by a hash of its content.
    let mut files: Vec<String> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|shard| format!("shards/{}.bin", shard[1].as_str().unwrap()))
        .collect();
    let hashes = meta["fragments"].as_str().unwrap();
    assert_eq!(hashes.len() % 10, 0);
    files.extend(
        (0..hashes.len() / 10).map(|i| format!("fragments/{}.json", &hashes[i * 10..][..10])),
    );
    assert!(files.len() >= 2);
    for file in &files {
        let hash = file.split(['/', '.']).nth(1).unwrap();
        assert!(
            hash.len() == 10 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{file}"
        );
        assert!(site.public(&format!("search/{file}")).is_file(), "{file}");
    }
    let sizes: u64 = meta["fragment_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(sizes, 4, "every document in one fragment group");
    // Fragments hold each document's path and title, in document order.
    let first_group = files.iter().find(|f| f.starts_with("fragments/")).unwrap();
    let documents: serde_json::Value =
        serde_json::from_str(&site.read(&format!("search/{first_group}"))).unwrap();
    let titles: Vec<&str> = documents
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[1].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Punto Rozzano"), "{titles:?}");
    let types = meta["types"].as_array().unwrap();
    assert!(types.contains(&"punto".into()) && types.contains(&"servizio".into()));
    assert_eq!(meta["districts"], serde_json::json!(["rozzano"]));
}

#[test]
fn every_page_has_a_search_form_leading_to_the_search_page() {
    let site = fixture();
    let page = site.html("servizi/nidi/index.html");
    assert_eq!(
        common::attributes(&page, "form[role=search]", "action"),
        ["/rete/cerca/"]
    );
    assert_eq!(
        common::texts(&page, "form[role=search] label"),
        ["Cerca nel sito"]
    );
    let search = site.html("cerca/index.html");
    // The page's own form submits to itself; without JavaScript it explains and offers links.
    assert!(common::texts(&search, "[data-search-nojs] p")[0].contains("JavaScript"));
    let expected: [(&str, &str, &[&str]); 6] = [
        ("form[role=search]", "action", &["/rete/cerca/"]),
        ("form[role=search] input", "name", &["q"]),
        (
            "[data-search-nojs] a",
            "href",
            &["/rete/", "/rete/punti/", "/rete/sitemap.xml"],
        ),
        ("script", "src", &["/rete/js/search.js"]),
        ("script", "data-index", &["/rete/search/"]),
        ("[role=status]", "aria-live", &["polite"]),
    ];
    for (selector, attribute, values) in expected {
        assert_eq!(
            common::attributes(&search, selector, attribute),
            values,
            "{selector} {attribute}"
        );
    }
}
