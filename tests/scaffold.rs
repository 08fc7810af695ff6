//! `equilibri new`: the files it writes build as they are, every key is there and explained,
//! and nothing is ever overwritten.

mod common;

use common::{Fixture, SITE_YAML};
use std::process::{Command, Output};

fn new(site: &Fixture, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap()
}

fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "site.yaml",
        &format!(
            "{SITE_YAML}districts:\n  - {{ id: rozzano, name: \"Distretto di Rozzano\", municipalities: [Rozzano, Opera], source: \"test\" }}\n  - {{ id: paullese, name: \"Distretto Paullese\", municipalities: [Paullo], source: \"test\" }}\n"
        ),
    );
    site
}

#[test]
fn a_new_page_is_a_draft_that_builds_with_every_key_explained() {
    let site = site();
    let out = new(
        &site,
        &[
            "servizi/centri-estivi",
            "--title",
            "Centri estivi: \"voucher\"",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Written content/servizi/centri-estivi.md")
    );
    let text =
        std::fs::read_to_string(site.root().join("content/servizi/centri-estivi.md")).unwrap();
    let keys = [
        "title:",
        "description:",
        "# date:",
        "# updated:",
        "draft: true",
        "# weight:",
        "# slug:",
        "# aliases:",
        "# template:",
        "temi: []",
        "# extra:",
    ];
    let lines: Vec<&str> = text.lines().collect();
    for key in keys {
        let at = lines.iter().position(|line| line.starts_with(key));
        let at = at.unwrap_or_else(|| panic!("{key} in\n{text}"));
        let explanation = lines[at - 1];
        assert!(
            explanation.starts_with("# ") && !keys.iter().any(|k| explanation.starts_with(k)),
            "no explanation above `{key}`"
        );
    }
    assert!(!text.contains("sort_by"), "section keys only in sections");
    // A draft: published only with --drafts, with its title as written.
    site.build();
    assert!(!site.public("servizi/centri-estivi/index.html").exists());
    let mut options = site.options();
    options.drafts = true;
    site.build_with(options);
    let html = site.read("servizi/centri-estivi/index.html");
    assert!(
        html.contains("Centri estivi: &quot;voucher&quot;"),
        "{html}"
    );
}

#[test]
fn sections_news_and_refusals() {
    let site = site();
    site.file(
        "site.yaml",
        &format!(
            "{}search:\n  types: {{ notizie: notizia }}\n",
            std::fs::read_to_string(site.root().join("site.yaml")).unwrap()
        ),
    );
    assert_eq!(new(&site, &["notizie/_index"]).status.code(), Some(0));
    let section = std::fs::read_to_string(site.root().join("content/notizie/_index.md")).unwrap();
    assert!(section.contains("title: \"Notizie\""), "{section}");
    assert!(section.contains("# sort_by: weight"));
    assert_eq!(new(&site, &["notizie/bando"]).status.code(), Some(0));
    let news = std::fs::read_to_string(site.root().join("content/notizie/bando.md")).unwrap();
    assert!(
        news.lines().any(|line| line.starts_with("date: ")),
        "news carry a date:\n{news}"
    );

    // Never overwrites.
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\n---\nTesto mio.\n",
    );
    let out = new(&site, &["servizi/nidi"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("the file already exists: nothing was written"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/servizi/nidi.md")).unwrap(),
        "---\ntitle: Nidi\n---\nTesto mio.\n"
    );
    // A page needs its section; names must be addresses.
    let out = new(&site, &["guide/prima"]);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("there is no section content/guide/_index.md"));
    assert!(!site.root().join("content/guide").exists());
    let out = new(&site, &["servizi/Città"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`Città` cannot be part of an address"));
}

#[test]
fn a_new_info_point_is_an_example_in_its_district_that_builds() {
    let site = site();
    let out = new(
        &site,
        &[
            "punto",
            "opera-centro",
            "--district",
            "rozzano",
            "--municipality",
            "opera",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text =
        std::fs::read_to_string(site.root().join("content/punti/opera-centro.yaml")).unwrap();
    for key in [
        "name:",
        "# organisation:",
        "district: rozzano",
        "municipality: \"Opera\"",
        "address:",
        "geo:",
        "# contacts:",
        "hours:",
        "by_appointment:",
        "# closures:",
        "services:",
        "languages:",
        "# accessibility:",
        "example: true",
    ] {
        assert!(text.contains(key), "{key} in\n{text}");
    }
    site.build();
    let html = site.read("punti/opera-centro/index.html");
    assert!(html.contains("Opera"), "{html}");
    // The district and municipality must exist.
    let out = new(&site, &["punto", "altro", "--district", "milano"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("there is no district `milano`"), "{stderr}");
    assert!(
        stderr.contains("choose one of: rozzano, paullese"),
        "{stderr}"
    );
    let out = new(
        &site,
        &[
            "punto",
            "altro",
            "--district",
            "paullese",
            "--municipality",
            "Rozzano",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Rozzano is not a municipality of Distretto Paullese"));
    assert!(!site.root().join("content/punti/altro.yaml").exists());
    assert_eq!(new(&site, &["punto"]).status.code(), Some(2));
}
