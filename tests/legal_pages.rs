//! Accessibilità, Privacy and Note legali: facts from `legal:` in site.yaml, or a visible
//! "to be completed" marker; never an unsafe link.

mod common;

use common::{attributes, texts, Fixture};

const LEGAL_PAGES: [(&str, &str); 3] = [
    ("content/accessibilita.md", "legal_accessibility.html"),
    ("content/privacy.md", "legal_privacy.html"),
    ("content/note-legali.md", "legal_notes.html"),
];

fn site(legal: &str) -> Fixture {
    let site = Fixture::new();
    site.file(
        "site.yaml",
        &format!("title: Rete\ndescription: La rete\nbase_url: \"https://example.org/\"\n{legal}"),
    );
    for (file, template) in LEGAL_PAGES {
        site.file(
            file,
            &format!("---\ntitle: Pagina\ntemplate: {template}\n---\nTesto.\n"),
        );
    }
    site
}

#[test]
fn facts_from_site_yaml_are_shown_and_linked() {
    let site = site(
        "legal:\n  accessibility_statement_url: \"https://form.agid.gov.it/view/abc\"\n  accessibility_email: accessibilita@example.org\n  data_controller: \"Ente di prova\"\n  hosting_provider: \"Hosting di prova\"\n  log_retention_days: 30\n  content_license: \"CC BY 4.0\"\n  content_license_url: \"https://creativecommons.org/licenses/by/4.0/deed.it\"\n",
    );
    site.build();
    let accessibility = site.html("accessibilita/index.html");
    let links = attributes(&accessibility, "main section a", "href");
    assert_eq!(
        links,
        [
            "https://form.agid.gov.it/view/abc",
            "mailto:accessibilita@example.org"
        ]
    );
    let privacy = site.html("privacy/index.html");
    let facts = texts(&privacy, ".facts dd");
    assert_eq!(facts[0], "Ente di prova");
    assert_eq!(facts[1], "Hosting di prova");
    assert_eq!(facts[2], "conservati per 30 giorni, poi cancellati");
    assert!(facts[3].contains("non usa cookie"));
    let notes = site.html("note-legali/index.html");
    assert_eq!(texts(&notes, "main section a"), ["CC BY 4.0"]);
    assert!(texts(&notes, ".to-complete").is_empty());
}

#[test]
fn missing_facts_are_marked_to_be_completed() {
    let site = site("");
    site.build();
    let accessibility = site.html("accessibilita/index.html");
    assert_eq!(texts(&accessibility, ".to-complete strong").len(), 2);
    assert!(texts(&accessibility, "main")
        .concat()
        .contains("non è ancora stata pubblicata"));
    let privacy = site.html("privacy/index.html");
    assert_eq!(
        texts(&privacy, ".facts .to-complete"),
        [
            "Dato da completare",
            "Dato da completare",
            "Dato da completare"
        ]
    );
}

#[test]
fn unsafe_addresses_are_refused_with_their_position() {
    let site = site("legal:\n  accessibility_statement_url: \"javascript:alert(1)\"\n  data_controller_email: \"a@b\\\">x\"\n");
    let errors = site.build_errors();
    let found: Vec<(String, usize)> = errors.iter().map(|e| (e.message.clone(), e.line)).collect();
    assert_eq!(
        found,
        [
            (
                "`legal.accessibility_statement_url` must be an https:// address".to_string(),
                5
            ),
            (
                "`legal.data_controller_email` is not an e-mail address".to_string(),
                6
            ),
        ]
    );
}
