//! Hostile and broken input: each case builds a site with one bad file and asserts the exact
//! diagnostic (file, line, column, message). None may panic, write outside the output folder
//! or publish anything.

mod common;

use common::Fixture;

/// A bad input: the files it adds to a minimal site, and the one error it must cause.
struct Case {
    what: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    file: &'static str,
    line: usize,
    column: usize,
    message: &'static str,
}

fn page(front_matter: &str, body: &str) -> Vec<u8> {
    format!("---\n{front_matter}\n---\n{body}").into_bytes()
}

/// Nested YAML aliases that would expand to 9^9 strings.
fn billion_laughs() -> String {
    let mut yaml =
        String::from("title: A\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9u8 {
        let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let items = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("  {name}: &{name} [{items}]\n"));
    }
    yaml.trim_end().to_string()
}

fn template_cases() -> Vec<Case> {
    vec![
        Case {
            what: "a macro that calls itself",
            files: vec![
                (
                    "themes/default/templates/loop_macros.html",
                    b"{% macro r(n) %}{{ self::r(n=n) }}{% endmacro r %}".to_vec(),
                ),
                (
                    "themes/default/templates/loop.html",
                    b"{% import \"loop_macros.html\" as l %}{{ l::r(n=1) }}".to_vec(),
                ),
                ("content/a.md", page("title: A\ntemplate: loop.html", "x")),
            ],
            file: "themes/default/templates/loop_macros.html",
            line: 0,
            column: 0,
            message: "the macros r → r call each other without end",
        },
        Case {
            what: "a template that includes itself",
            files: vec![
                (
                    "themes/default/templates/inc.html",
                    b"{% include \"inc.html\" %}".to_vec(),
                ),
                ("content/a.md", page("title: A\ntemplate: inc.html", "x")),
            ],
            file: "themes/default/templates/inc.html",
            line: 0,
            column: 0,
            message: "inc.html → inc.html: the template includes itself",
        },
    ]
}

fn content_cases() -> Vec<Case> {
    vec![
        Case {
            what: "invalid UTF-8",
            files: vec![(
                "content/a.md",
                b"---\ntitle: A\n---\n\xff\xfe bad\n".to_vec(),
            )],
            file: "content/a.md",
            line: 4,
            column: 1,
            message: "the file is not valid UTF-8 text",
        },
        Case {
            what: "an empty file",
            files: vec![("content/a.md", Vec::new())],
            file: "content/a.md",
            line: 0,
            column: 0,
            message: "the file is empty",
        },
        Case {
            what: "front matter that never closes",
            files: vec![("content/a.md", b"---\ntitle: A\nno end\n".to_vec())],
            file: "content/a.md",
            line: 1,
            column: 1,
            message: "the front matter is never closed",
        },
        Case {
            what: "a duplicate key",
            files: vec![("content/a.md", page("title: A\ntitle: B", "x"))],
            file: "content/a.md",
            line: 2,
            column: 1,
            message: "invalid front matter: duplicate field `title`",
        },
        Case {
            what: "a date that does not exist",
            files: vec![("content/a.md", page("title: A\ndate: 2026-02-30", "x"))],
            file: "content/a.md",
            line: 3,
            column: 7,
            message: "`2026-02-30` is not a valid date",
        },
        Case {
            what: "a slug that climbs out of the site",
            files: vec![("content/a.md", page("title: A\nslug: ../../etc", "x"))],
            file: "content/a.md",
            line: 0,
            column: 0,
            message: "`slug: ../../etc` is not a valid URL segment",
        },
        Case {
            what: "two pages claiming one URL",
            files: vec![
                ("content/a.md", page("title: A\nslug: b", "x")),
                ("content/b.md", page("title: B", "x")),
            ],
            file: "content/b.md",
            line: 0,
            column: 0,
            message: "the URL /b/ is already used by content/a.md",
        },
        Case {
            what: "a YAML alias bomb (billion laughs)",
            files: vec![("content/a.md", page(&billion_laughs(), "x"))],
            file: "content/a.md",
            line: 9,
            column: 10,
            message: "invalid front matter at `extra.f[0][3][8][1][0]`: repetition limit exceeded",
        },
        Case {
            what: "an alias that climbs out of the site",
            files: vec![(
                "content/a.md",
                page("title: A\naliases: [\"/../../x/\"]", "x"),
            )],
            file: "content/a.md",
            line: 3,
            column: 0,
            message: "alias `/../../x/` is not a safe address",
        },
        Case {
            what: "a javascript: link",
            files: vec![("content/a.md", page("title: A", "[x](JavaScript:alert(1))"))],
            file: "content/a.md",
            line: 4,
            column: 1,
            message: "links with `javascript:` are not allowed",
        },
        Case {
            what: "names that differ only by Unicode normal form (NFD, as macOS saves them)",
            files: vec![
                ("content/citta\u{300}.md", page("title: A", "x")),
                ("content/citt\u{e0}.md", page("title: B", "x")),
            ],
            file: "content/citt\u{e0}.md",
            line: 0,
            column: 0,
            message: "the URL /citta/ is already used by content/citta\u{300}.md",
        },
        Case {
            what: "names that differ only by case",
            files: vec![
                ("content/Caso.md", page("title: A", "x")),
                ("content/caso.md", page("title: B", "x")),
            ],
            file: "content/caso.md",
            line: 0,
            column: 0,
            message: "the URL /caso/ is already used by content/Caso.md",
        },
    ]
}

fn check(case: Case) {
    let site = Fixture::new();
    for (path, bytes) in &case.files {
        let path = site.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let errors = site.build_errors();
    let found: Vec<(&str, usize, usize, &str)> = errors
        .iter()
        .filter(|e| e.is_error())
        .map(|e| (e.file.as_str(), e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(case.file, case.line, case.column, case.message)],
        "{}",
        case.what
    );
    assert!(
        !site.root().join("public").exists(),
        "{}: nothing published",
        case.what
    );
}

#[test]
fn broken_content_gets_one_precise_error_each() {
    content_cases().into_iter().for_each(check);
}

#[test]
fn templates_that_would_never_end_are_refused_before_rendering() {
    template_cases().into_iter().for_each(check);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let site = Fixture::new();
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("content/passwd.md")).unwrap();
    std::os::unix::fs::symlink("..", site.root().join("content/loop")).unwrap();
    let errors = site.build_errors();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("content/loop", "symbolic links are not followed"),
            ("content/passwd.md", "symbolic links are not followed"),
        ]
    );
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let site = Fixture::new();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.file(
        "site.yaml",
        &format!("{yaml}limits: {{ max_file_size_mb: 1 }}\n"),
    )
    .file(
        "content/a.md",
        &format!("---\ntitle: A\n---\n{}\n", "a".repeat(1024 * 1536)),
    );
    let errors = site.build_errors();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [("content/a.md", "the file is 1.5 MB, over the limit of 1 MB")]
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("split it into several pages, or raise `limits.max_file_size_mb` in site.yaml")
    );
}

#[test]
fn deep_nesting_and_raw_html_build_with_a_warning() {
    let site = Fixture::new();
    site.file(
        "content/a.md",
        &format!(
            "---\ntitle: A\n---\n{}x\n\n{}\n\n<script>alert(1)</script>\n",
            "> ".repeat(20_000),
            "[".repeat(50_000)
        ),
    );
    let summary = site.build();
    let warnings: Vec<(usize, &str)> = summary
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(warnings, [(8, "raw HTML is shown as text")]);
    assert!(site
        .read("a/index.html")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn template_loops_are_bounded() {
    let site = Fixture::new();
    site.file(
        "themes/default/templates/big.html",
        "{% for i in range(end=100000000) %}x{% endfor %}",
    )
    .file(
        "content/a.md",
        "---\ntitle: A\ntemplate: big.html\n---\nx\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .message
            .contains("range of 100000000 items: templates may loop at most 10000 times"),
        "{}",
        errors[0].message
    );
}
