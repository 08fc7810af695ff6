//! The real site in `content/` builds without errors or warnings, and every page can be reached
//! from the home page by following links.

mod common;

use common::{attributes, repository, texts};
use equilibri::build::{build, BuildOptions};
use scraper::Html;
use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;

/// Builds `content/` into a temporary folder: the folder, `public/` in it, and the summary.
fn build_bundled() -> (tempfile::TempDir, PathBuf, equilibri::build::BuildSummary) {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let options = BuildOptions {
        root: repository(),
        output: Some(public.clone()),
        search_index: Some(dir.path().join("search-index")),
        base_url: Some("https://example.org/equilibri/".into()),
        ..BuildOptions::default()
    };
    match build(&options) {
        Ok(summary) => (dir, public, summary),
        Err(error) => panic!("the bundled site must build: {error:?}"),
    }
}

#[test]
fn bundled_site_builds_without_errors_or_warnings() {
    let (_dir, public, summary) = build_bundled();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert!(summary.pages >= 20, "{} pages", summary.pages);
    // The progress bar counts on knowing how many steps a build has.
    assert_eq!(
        summary.phases.len(),
        equilibri::build::BUILD_STEPS,
        "{:?}",
        summary.phases
    );
    for section in ["servizi", "partner", "buone-prassi", "notizie"] {
        assert!(
            public.join(section).join("index.html").is_file(),
            "{section}"
        );
    }
}

#[test]
fn every_page_is_reachable_from_the_home_page() {
    let (_dir, public, _) = build_bundled();
    let prefix = "/equilibri/";
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(file) = queue.pop_front() {
        let html = Html::parse_document(&std::fs::read_to_string(public.join(&file)).unwrap());
        // A search form leads to the search page as a link would.
        let targets = attributes(&html, "a[href], link[href]", "href")
            .into_iter()
            .chain(attributes(&html, "form[action]", "action"));
        for href in targets {
            let Some(path) = href.strip_prefix(prefix) else {
                continue;
            };
            let path = path.split('#').next().unwrap();
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                public.join(&target).is_file(),
                "{file} links to missing {href}"
            );
            if target.ends_with(".html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    let all_pages: BTreeSet<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            e.path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let unreachable: Vec<_> = all_pages.difference(&seen).collect();
    assert!(
        unreachable.is_empty(),
        "not reachable from the home page: {unreachable:?}"
    );
}

#[test]
fn service_pages_follow_the_scheda_servizio_outline() {
    let (_dir, public, _) = build_bundled();
    let outline = [
        "A chi è rivolto",
        "Descrizione",
        "Come fare",
        "Cosa serve",
        "Tempi e scadenze",
        "Costi",
        "Dove rivolgersi",
    ];
    for entry in std::fs::read_dir(public.join("servizi")).unwrap() {
        let path = entry.unwrap().path().join("index.html");
        if !path.is_file() {
            continue;
        }
        let html = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let headings: Vec<String> = texts(&html, ".prose h2")
            .into_iter()
            .map(|h| h.trim_end_matches(" #").to_string())
            .collect();
        for (expected, found) in outline.iter().zip(&headings) {
            assert_eq!(expected, found, "{}", path.display());
        }
        assert!(
            headings.len() >= outline.len(),
            "{}: {headings:?}",
            path.display()
        );
        assert!(
            texts(&html, ".updated")
                .concat()
                .starts_with("Pagina aggiornata il"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn example_info_points_are_never_presented_as_real() {
    let (_dir, public, _) = build_bundled();
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("dati/punti.geojson")).unwrap())
            .unwrap();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 4, "one info point per district");
    for feature in features {
        let slug = feature["id"].as_str().unwrap();
        let source =
            std::fs::read_to_string(repository().join(format!("content/punti/{slug}.yaml")))
                .unwrap();
        if !source.contains("\nexample: true") {
            continue;
        }
        assert_eq!(feature["properties"]["example"], true, "{slug}");
        let page = public.join(format!("punti/{slug}/index.html"));
        let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
        assert_eq!(texts(&html, ".notice-example").len(), 1, "{slug}");
        // Only the breadcrumb trail: no office for search engines to take as real.
        let selector = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
        let json_ld: String = html.select(&selector).flat_map(|s| s.text()).collect();
        let graph: serde_json::Value = serde_json::from_str(&json_ld).unwrap();
        let types: Vec<&str> = graph["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["@type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["BreadcrumbList"], "{slug}");
        assert_eq!(
            attributes(&html, "meta[name=robots]", "content"),
            ["noindex"]
        );
    }
}
