//! A fixture site in a temporary folder, built with the repository's default theme.
#![allow(dead_code)]

use equilibri::build::{build, BuildError, BuildOptions, BuildSummary};
use equilibri::diagnostics::Diagnostic;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

pub const SITE_YAML: &str = r#"title: "Sito di prova"
description: "Un sito per i test"
base_url: "https://example.org/"
menus:
  main:
    - { name: "Servizi", url: "@/servizi/_index.md" }
taxonomies:
  - { name: temi, title: "Temi", path: temi }
"#;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with the default theme, `SITE_YAML`, a home page and the `servizi` section.
    pub fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        copy_dir(
            &repository().join("themes/default"),
            &fixture.root().join("themes/default"),
        );
        fixture.file("site.yaml", SITE_YAML);
        fixture.file("content/_index.md", "---\ntitle: Home\n---\nBenvenuti.\n");
        fixture.file("content/servizi/_index.md", "---\ntitle: Servizi\n---\n");
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, path: &str, text: &str) -> &Fixture {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }

    pub fn build(&self) -> BuildSummary {
        self.build_with(self.options())
    }

    pub fn build_with(&self, options: BuildOptions) -> BuildSummary {
        match build(&options) {
            Ok(summary) => summary,
            Err(BuildError::Content(diagnostics)) => panic!(
                "build failed:\n{}",
                diagnostics
                    .iter()
                    .map(Diagnostic::render)
                    .collect::<String>()
            ),
            Err(BuildError::Io(message)) => panic!("build failed: {message}"),
        }
    }

    /// The diagnostics of a build that must fail.
    pub fn build_errors(&self) -> Vec<Diagnostic> {
        match build(&self.options()) {
            Ok(_) => panic!("the build should have failed"),
            Err(BuildError::Content(diagnostics)) => diagnostics,
            Err(BuildError::Io(message)) => panic!("unexpected I/O error: {message}"),
        }
    }

    pub fn public(&self, path: &str) -> PathBuf {
        self.root().join("public").join(path)
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.public(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn html(&self, path: &str) -> Html {
        Html::parse_document(&self.read(path))
    }
}

pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Texts of the elements matching `selector`.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Values of `attribute` on the elements matching `selector`.
pub fn attributes(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attribute).map(str::to_string))
        .collect()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
