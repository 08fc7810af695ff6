//! Builds fixture sites into temporary folders and inspects the output.

mod common;

use common::{attributes, snapshot, texts, Fixture};
use equilibri::build::BuildOptions;

fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\n{extra}---\n{body}")
}

#[test]
fn pretty_urls_sections_and_home() {
    let site = Fixture::new();
    site.file("content/servizi/_index.md", &page("Servizi", "", ""))
        .file("content/servizi/nidi.md", &page("Nidi", "", "Testo.\n"))
        .file(
            "content/servizi/bundle/index.md",
            &page("Pacchetto", "", "[modulo](modulo.pdf)\n"),
        )
        .file("content/servizi/bundle/modulo.pdf", "%PDF-1.4 prova")
        .file(
            "content/servizi/altro.md",
            &page("Altro", "slug: nuovo-nome\n", ""),
        );
    let summary = site.build();
    assert_eq!((summary.pages, summary.sections), (3, 2));
    for path in [
        "index.html",
        "servizi/index.html",
        "servizi/nidi/index.html",
        "servizi/bundle/index.html",
        "servizi/nuovo-nome/index.html",
        "404.html",
    ] {
        assert!(site.public(path).is_file(), "{path} missing");
    }
    assert_eq!(
        std::fs::read(site.public("servizi/bundle/modulo.pdf")).unwrap(),
        b"%PDF-1.4 prova"
    );
    let bundle = site.html("servizi/bundle/index.html");
    assert_eq!(
        attributes(&bundle, ".prose a", "href"),
        ["/servizi/bundle/modulo.pdf"]
    );
    assert_eq!(texts(&site.html("servizi/nidi/index.html"), "h1"), ["Nidi"]);
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let site = Fixture::new();
    site.file("content/servizi/_index.md", &page("Servizi", "", ""))
        .file(
            "content/servizi/nidi.md",
            &page(
                "Nidi",
                "",
                "[a](@/servizi/_index.md) [b](/servizi/) [c](https://inps.it/)\n",
            ),
        );
    site.build_with(BuildOptions {
        base_url: Some("http://127.0.0.1:8080/equilibri/".into()),
        ..site.options()
    });
    let html = site.html("servizi/nidi/index.html");
    assert_eq!(
        attributes(&html, ".prose a", "href"),
        [
            "/equilibri/servizi/",
            "/equilibri/servizi/",
            "https://inps.it/"
        ]
    );
    assert_eq!(
        attributes(&html, "link[rel=canonical]", "href"),
        ["http://127.0.0.1:8080/equilibri/servizi/nidi/"]
    );
    assert_eq!(
        attributes(&html, "link[rel=stylesheet]", "href"),
        ["/equilibri/css/site.css"]
    );
    assert_eq!(
        attributes(&html, ".main-nav a", "href"),
        ["/equilibri/servizi/"]
    );
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: http://127.0.0.1:8080/equilibri/sitemap.xml"));
    let sitemap = site.read("sitemap.xml");
    let document = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"http://127.0.0.1:8080/equilibri/servizi/nidi/"),
        "{locs:?}"
    );
    assert!(locs
        .iter()
        .all(|l| l.starts_with("http://127.0.0.1:8080/equilibri/")));
}

#[test]
fn sections_order_by_weight_date_and_title() {
    let site = Fixture::new();
    site.file(
        "content/a/_index.md",
        &page("Per peso", "sort_by: weight\n", ""),
    )
    .file("content/a/x.md", &page("Zeta", "weight: 1\n", ""))
    .file("content/a/y.md", &page("Alfa", "weight: 2\n", ""))
    .file("content/a/z.md", &page("Beta", "", ""))
    .file(
        "content/b/_index.md",
        &page("Per data", "sort_by: date\n", ""),
    )
    .file("content/b/x.md", &page("Vecchia", "date: 2024-01-01\n", ""))
    .file("content/b/y.md", &page("Nuova", "date: 2026-01-01\n", ""))
    .file(
        "content/c/_index.md",
        &page("Per titolo", "sort_by: title\n", ""),
    )
    .file("content/c/x.md", &page("Èrba", "", ""))
    .file("content/c/y.md", &page("Albero", "", ""))
    .file("content/c/z.md", &page("Casa", "", ""));
    site.build();
    assert_eq!(
        texts(&site.html("a/index.html"), ".card-title"),
        ["Zeta", "Alfa", "Beta"]
    );
    assert_eq!(
        texts(&site.html("b/index.html"), ".card-title"),
        ["Nuova", "Vecchia"]
    );
    assert_eq!(
        texts(&site.html("c/index.html"), ".card-title"),
        ["Albero", "Casa", "Èrba"]
    );
}

#[test]
fn taxonomies_have_list_and_term_pages_with_folded_slugs() {
    let site = Fixture::new();
    site.file(
        "content/a.md",
        &page(
            "Uno",
            "date: 2026-01-01\ntemi: [Genitorialità, Congedi]\n",
            "",
        ),
    )
    .file(
        "content/b.md",
        &page("Due", "date: 2026-02-01\ntemi: [genitorialita]\n", ""),
    );
    let summary = site.build();
    assert_eq!(summary.terms, 2);
    let list = site.html("temi/index.html");
    assert_eq!(
        attributes(&list, ".term-list a", "href"),
        ["/temi/congedi/", "/temi/genitorialita/"]
    );
    let term = site.html("temi/genitorialita/index.html");
    assert_eq!(texts(&term, "h1"), ["Temi: Genitorialità"]);
    assert_eq!(texts(&term, ".card-title"), ["Due", "Uno"]);
    let a = site.html("a/index.html");
    assert_eq!(
        attributes(&a, ".tags a", "href"),
        ["/temi/genitorialita/", "/temi/congedi/"]
    );
}

#[test]
fn broken_links_and_anchors_are_errors_with_lines() {
    let site = Fixture::new();
    site.file("content/servizi/_index.md", &page("Servizi", "", ""))
        .file("content/servizi/nidi.md", &page("Nidi", "", "## Orari\n"))
        .file(
            "content/a.md",
            &page("A", "", "Riga.\n\n[ok](@/servizi/nidi.md#orari)\n[manca](@/servizi/nido.md)\n[ancora](@/servizi/nidi.md#orario)\n"),
        );
    let errors = site.build_errors();
    let found: Vec<(&str, usize, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0],
        (
            "content/a.md",
            7,
            "broken link: no page at @/servizi/nido.md"
        )
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("did you mean @/servizi/nidi.md?")
    );
    assert_eq!(
        found[1],
        (
            "content/a.md",
            8,
            "broken link: @/servizi/nidi.md has no heading `#orario`"
        )
    );
    assert_eq!(errors[1].hint.as_deref(), Some("did you mean #orari?"));
}

#[test]
fn all_errors_of_all_files_are_reported_at_once() {
    let site = Fixture::new();
    site.file("content/a.md", "---\ntitle: A\ntitel: x\n---\n")
        .file("content/b.md", "---\ntitle: B\ndate: 2026-02-30\n---\n")
        .file("content/c.md", "no front matter\n")
        .file("content/d.md", &page("D", "", "[x](@/nessuna.md)\n"));
    let errors = site.build_errors();
    let files: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "content/a.md",
            "content/b.md",
            "content/c.md",
            "content/d.md"
        ]
    );
    assert_eq!((errors[0].line, errors[0].column), (3, 1));
    assert_eq!(errors[0].message, "unknown front matter key `titel`");
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `title`?"));
    assert_eq!((errors[1].line, errors[1].column), (3, 7));
}

#[test]
fn titles_and_front_matter_are_escaped() {
    let site = Fixture::new();
    let evil = r#"<script>alert(1)</script>" onmouseover="x"#;
    site.file("content/a.md", &format!("---\ntitle: '{evil}'\ndescription: '{evil}'\ntemi: ['<img src=x onerror=alert(1)>']\n---\n<script>alert(2)</script>\n"));
    let summary = site.build();
    assert!(summary
        .warnings
        .iter()
        .any(|w| w.message.contains("raw HTML") && w.line == 6));
    let html = site.html("a/index.html");
    // The page's own JSON-LD block is the only script (its escaping: tests/structured_data.rs).
    let script =
        scraper::Selector::parse(r#"script:not([type="application/ld+json"]), img"#).unwrap();
    assert_eq!(html.select(&script).count(), 0, "no element injected");
    assert_eq!(texts(&html, "h1"), [evil]);
    assert_eq!(
        attributes(&html, "meta[name=description]", "content"),
        [evil]
    );
    assert!(texts(&html, ".prose")
        .concat()
        .contains("<script>alert(2)</script>"));
    let term = site.html("temi/img-src-x-onerror-alert-1/index.html");
    assert_eq!(
        html.select(&script).count() + term.select(&script).count(),
        0
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Fixture::new();
    site.file("content/bozza.md", &page("Bozza", "draft: true\n", ""));
    site.build();
    assert!(!site.public("bozza/index.html").exists());
    assert!(!site.read("sitemap.xml").contains("bozza"));
    site.build_with(BuildOptions {
        drafts: true,
        ..site.options()
    });
    assert!(site.public("bozza/index.html").exists());

    site.file("content/a.md", &page("A", "", "[b](@/bozza.md)\n"));
    let errors = site.build_errors();
    assert_eq!(errors[0].message, "the link points at a draft: @/bozza.md");
}

#[test]
fn aliases_redirect_with_stub_redirects_file_and_nginx_map() {
    let site = Fixture::new();
    site.file("content/servizi/_index.md", &page("Servizi", "", ""))
        .file(
            "content/servizi/nidi.md",
            &page("Nidi", "aliases: [/vecchio-nido/, /nido.html]\n", ""),
        );
    site.build_with(BuildOptions {
        base_url: Some("https://example.org/equilibri/".into()),
        ..site.options()
    });
    let stub = site.html("vecchio-nido/index.html");
    assert_eq!(
        attributes(&stub, "link[rel=canonical]", "href"),
        ["https://example.org/equilibri/servizi/nidi/"]
    );
    assert_eq!(
        attributes(&stub, "meta[http-equiv=refresh]", "content"),
        ["0; url=/equilibri/servizi/nidi/"]
    );
    assert!(site.public("nido.html").is_file());
    let redirects = site.read("_redirects");
    assert!(
        redirects.contains("/equilibri/vecchio-nido/ /equilibri/servizi/nidi/ 301\n"),
        "{redirects}"
    );
    assert!(
        redirects.contains("/equilibri/nido.html /equilibri/servizi/nidi/ 301\n"),
        "{redirects}"
    );
    let nginx = site.read("nginx-redirects.conf");
    assert!(nginx.contains("map $uri $equilibri_redirect {"));
    assert!(nginx.contains("\"/equilibri/vecchio-nido/\" \"/equilibri/servizi/nidi/\";"));
}

#[test]
fn colliding_and_unsafe_urls_are_errors() {
    let site = Fixture::new();
    site.file(
        "content/a.md",
        &page("A", "aliases: [/b/, /../x/, /%2e%2e/y/, 'z\\\\w']\n", ""),
    )
    .file("content/b.md", &page("B", "", ""))
    .file("content/c.md", &page("C", "slug: ../fuori\n", ""));
    let messages: Vec<String> = site.build_errors().into_iter().map(|e| e.message).collect();
    assert!(
        messages.iter().any(|m| m.contains("/b/ is already used")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/../x/` is not a safe address")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`/%2e%2e/y/` is not a safe address")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("must start with /")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`slug: ../fuori` is not a valid URL segment")),
        "{messages:?}"
    );
}

#[test]
fn atom_feed_and_sitemap_are_valid_xml() {
    let site = Fixture::new();
    site.file(
        "content/notizie/_index.md",
        &page("Notizie", "sort_by: date\nfeed: true\n", ""),
    )
    .file(
        "content/notizie/a.md",
        &page(
            "Prima & <ultima>",
            "date: 2026-03-01\ndescription: \"x < y\"\n",
            "Testo *forte*.\n",
        ),
    )
    .file(
        "content/notizie/b.md",
        &page("Seconda", "date: 2026-04-01\nupdated: 2026-05-02\n", ""),
    );
    site.build();
    let feed = site.read("notizie/atom.xml");
    let document = roxmltree::Document::parse(&feed).unwrap();
    let root = document.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(
        child_text(root, "updated").as_deref(),
        Some("2026-05-02T00:00:00Z")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<String> = entries
        .iter()
        .filter_map(|e| child_text(*e, "title"))
        .collect();
    assert_eq!(titles, ["Seconda", "Prima & <ultima>"]);
    assert!(child_text(entries[1], "content")
        .unwrap()
        .contains("<em>forte</em>"));
    let section = site.html("notizie/index.html");
    assert_eq!(
        attributes(&section, "link[type='application/atom+xml']", "href"),
        ["/notizie/atom.xml"]
    );
    roxmltree::Document::parse(&site.read("sitemap.xml")).unwrap();
}

#[test]
fn failed_build_leaves_public_byte_for_byte_unchanged() {
    let site = Fixture::new();
    site.file("content/a.md", &page("A", "", "Testo.\n"));
    site.build();
    let before = snapshot(&site.root().join("public"));
    site.file(
        "content/a.md",
        &page("A modificata", "", "[x](@/manca.md)\n"),
    );
    site.file("content/nuova.md", &page("Nuova", "", ""));
    site.build_errors();
    assert_eq!(snapshot(&site.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Fixture::new();
    for i in 0..30 {
        site.file(
            &format!("content/p{i}.md"),
            &page(
                &format!("Pagina {i}"),
                &format!("date: 2026-01-{:02}\ntemi: [t{}]\n", 1 + i % 28, i % 3),
                "## Uno\n\ntesto\n",
            ),
        );
    }
    site.build();
    let first = snapshot(&site.root().join("public"));
    site.build();
    assert_eq!(snapshot(&site.root().join("public")), first);
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = Fixture::new();
    site.file("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    site.file("content/a.md", &page("A", "", ""));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "themes/default/templates/page.html");
    assert!(errors[0].line >= 3, "{:?}", errors[0]);

    site.file("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.nessuno.campo }}{% endblock content %}\n");
    let errors = site.build_errors();
    assert_eq!(errors[0].file, "themes/default/templates/page.html");
    assert!(
        errors[0].message.contains("content/a.md"),
        "{}",
        errors[0].message
    );
}

#[test]
fn markdown_extensions_toc_and_external_links() {
    let site = Fixture::new();
    site.file(
        "content/a.md",
        &page("A", "", "## Come fare\n\n## Costi\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[INPS](https://www.inps.it/)\n\nNota[^1]\n\n[^1]: fonte\n"),
    );
    site.build();
    let html = site.html("a/index.html");
    assert_eq!(
        attributes(&html, ".page-index a", "href"),
        ["#come-fare", "#costi"]
    );
    assert_eq!(
        attributes(&html, "h2#come-fare a.heading-anchor", "href"),
        ["#come-fare"]
    );
    assert_eq!(texts(&html, ".prose th"), ["a", "b"]);
    assert_eq!(
        attributes(&html, "a.external", "rel"),
        ["noopener external"]
    );
    assert_eq!(
        texts(&html, "a.external .visually-hidden"),
        ["(link esterno)"]
    );
    assert_eq!(texts(&html, ".footnote-definition").len(), 1);
}

#[test]
fn config_errors_point_at_site_yaml() {
    let site = Fixture::new();
    site.file(
        "site.yaml",
        "title: x\ndescription: y\nbase_url: \"ftp://x\"\nmenù: {}\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors[0].file, "site.yaml");
    assert_eq!(errors[0].line, 4);
    assert!(errors[0].message.contains("unknown field `menù`"));
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `menus`?"));
    site.file(
        "site.yaml",
        "title: x\ndescription: y\nbase_url: \"ftp://x\"\n",
    );
    let errors = site.build_errors();
    assert_eq!((errors[0].line, errors[0].column), (3, 11));
    assert!(errors[0].message.contains("invalid base_url"));
}

#[test]
fn a_page_that_fails_to_load_is_not_reported_again_by_the_links_to_it() {
    let site = Fixture::new();
    site.file("content/servizi/nidi.md", "---\ntitolo: Nidi\n---\n");
    site.file(
        "content/servizi/voucher.md",
        "---\ntitle: Voucher\n---\nVedi i [nidi](@/servizi/nidi.md) e la [guida](@/servizi/guida.md).\n",
    );
    let errors = site.build_errors();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "invalid front matter: missing field `title`",
            "broken link: no page at @/servizi/guida.md"
        ],
        "the broken page once, and only the link to a page that does not exist"
    );
}
