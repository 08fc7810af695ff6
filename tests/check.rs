//! `equilibri check`: the binary on fixture sites, its JSON report and exit codes, and
//! `--external` against a local HTTP server.

mod common;

use common::{Fixture, SITE_YAML};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// 2030-06-15 12:00 UTC: news dated later are in the future.
const TODAY_EPOCH: &str = "1907755200";

fn check(site: &Fixture, extra: &[&str]) -> (Option<i32>, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .args(extra)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), report)
}

/// `(severity, file, line, column, message)` of each diagnostic.
fn entries(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn site_with_news() -> Fixture {
    let site = Fixture::new();
    site.file(
        "site.yaml",
        &format!(
            "{SITE_YAML}search:\n  types: {{ notizie: notizia }}\ndistricts:\n  - {{ id: rozzano, name: \"Distretto di Rozzano\", municipalities: [Rozzano], source: \"test\" }}\n"
        ),
    );
    site.file(
        "content/notizie/_index.md",
        "---\ntitle: Notizie\ndescription: Le notizie.\n---\n",
    );
    site.file(
        "content/_index.md",
        "---\ntitle: Home\ndescription: La rete.\n---\nLe [notizie](@/notizie/_index.md).\n",
    );
    site.file(
        "content/servizi/_index.md",
        "---\ntitle: Servizi\ndescription: I servizi.\n---\n",
    );
    site
}

#[test]
fn a_clean_site_has_nothing_to_report() {
    let site = site_with_news();
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescription: Gli asili nido.\n---\n## Chi\n\n### Come\n\n![Un asilo](foto.png)\n",
    );
    site.file("content/servizi/foto.png", "png");
    let (code, report) = check(&site, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(entries(&report), [], "{report}");
    assert!(!site.root().join("public").exists(), "check writes nothing");
}

#[test]
fn every_editor_warning_with_its_place() {
    let site = site_with_news();
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi e servizi per la prima infanzia nei comuni del distretto sociale\n---\n# Titolo\n\n## Chi\n\n#### Come\n\n![](foto.png)\n\nScrivi a [noi](https://www.example.org/contatti).\n",
    );
    site.file("content/servizi/foto.png", "png");
    site.file(
        "content/notizie/futura.md",
        "---\ntitle: Bando\ndescription: Un bando.\ndate: 2031-01-10\n---\nTesto.\n",
    );
    site.file(
        "content/nascosta.md",
        "---\ntitle: Nascosta\ndescription: Nessuno la collega.\nextra: { listed: false }\n---\n",
    );
    site.file(
        "content/punti/rozzano.yaml",
        "name: Punto Rozzano\ndistrict: rozzano\nmunicipality: Rozzano\naddress: { street: \"Via Roma 1\", postcode: \"20089\", city: Rozzano, province: MI }\ngeo: { lat: 45.38, lon: 9.15 }\nexample: true\n",
    );
    let (code, report) = check(&site, &[]);
    assert_eq!(code, Some(0), "warnings only: {report}");
    let expected = [
        (
            "content/nascosta.md",
            0,
            0,
            "no page links here: visitors can only find this page by searching",
        ),
        (
            "content/notizie/futura.md",
            4,
            1,
            "the news is dated 2031-01-10, in the future",
        ),
        (
            "content/punti/rozzano.yaml",
            1,
            1,
            "the info point has no opening hours",
        ),
        (
            "content/punti/rozzano.yaml",
            1,
            1,
            "the info point has no phone, e-mail or website",
        ),
        (
            "content/punti/rozzano.yaml",
            6,
            1,
            "the info point's data are examples, not the real office's",
        ),
        (
            "content/servizi/nidi.md",
            2,
            1,
            "the page has no description",
        ),
        (
            "content/servizi/nidi.md",
            2,
            1,
            "the title is 69 characters long: search engines show about 60",
        ),
        (
            "content/servizi/nidi.md",
            4,
            1,
            "a second main heading (`#`): the page's title is already its main heading",
        ),
        (
            "content/servizi/nidi.md",
            8,
            1,
            "the heading jumps from level 2 to level 4",
        ),
        (
            "content/servizi/nidi.md",
            10,
            1,
            "the image has no alternative text",
        ),
        (
            "content/servizi/nidi.md",
            12,
            10,
            "example address still on the page: https://www.example.org/contatti",
        ),
    ];
    let found: Vec<(String, u64, u64, String)> = entries(&report)
        .into_iter()
        .map(|(severity, file, line, column, message)| {
            assert_eq!(severity, "warning");
            (file, line, column, message)
        })
        .collect();
    let expected: Vec<(String, u64, u64, String)> = expected
        .iter()
        .map(|(f, l, c, m)| (f.to_string(), *l, *c, m.to_string()))
        .collect();
    assert_eq!(found, expected, "{report}");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], expected.len());
}

#[test]
fn errors_exit_1_and_are_all_reported() {
    let site = site_with_news();
    site.file(
        "content/servizi/a.md",
        "---\ntitle: A\ndescripton: x\n---\n",
    );
    site.file(
        "content/servizi/b.md",
        "---\ntitle: B\ndescription: b\n---\n[c](@/servizi/c.md)\n",
    );
    let (code, report) = check(&site, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(report["errors"], 2, "{report}");
    let messages: Vec<String> = entries(&report).into_iter().map(|e| e.4).collect();
    assert!(messages.contains(&"unknown front matter key `descripton`".to_string()));
    assert!(messages.contains(&"broken link: no page at @/servizi/c.md".to_string()));
    // The human format ends with the count.
    let output = Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Checked: 2 error(s), 0 warning(s)."));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--> content/servizi/a.md:3:1"));
}

/// When each request arrived, and its request line.
type RequestLog = Arc<Mutex<Vec<(Instant, String)>>>;

/// A local web server with a few canned answers.
fn link_server() -> (String, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let requests = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap() <= 2 {
                    break;
                }
            }
            requests
                .lock()
                .unwrap()
                .push((Instant::now(), request_line.trim().to_string()));
            let mut parts = request_line.split(' ');
            let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
            let answer = match (method, path) {
                (_, "/ok") => "200 OK\r\n",
                (_, "/gone") => "404 Not Found\r\n",
                (_, "/moved") => "301 Moved Permanently\r\nLocation: /ok\r\n",
                ("HEAD", "/no-head") => "405 Method Not Allowed\r\n",
                ("GET", "/no-head") => "200 OK\r\n",
                (_, "/blocked") => "403 Forbidden\r\n",
                _ => "500 Internal Server Error\r\n",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {answer}Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (origin, log)
}

#[test]
fn external_links_are_checked_gently() {
    let (origin, log) = link_server();
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let site = site_with_news();
    let links: String = ["/ok", "/gone", "/moved", "/no-head", "/blocked"]
        .iter()
        .map(|path| format!("[x]({origin}{path}) "))
        .collect();
    site.file(
        "content/servizi/nidi.md",
        &format!("---\ntitle: Nidi\ndescription: Nidi.\n---\n{links}\n\n[chiuso]({closed}/)\n\nDi nuovo [ok]({origin}/ok).\n"),
    );
    let (code, report) = check(&site, &["--external", "--timeout", "5"]);
    assert_eq!(
        code,
        Some(1),
        "a missing page and an unreachable site are errors"
    );
    let found: Vec<(String, u64, String)> = entries(&report)
        .into_iter()
        .map(|(severity, _, line, _, message)| (severity, line, message))
        .collect();
    let expected = vec![
        (
            "error".to_string(),
            5,
            format!("{origin}/gone: the page does not exist (404)"),
        ),
        (
            "warning".to_string(),
            5,
            format!("{origin}/moved moved to {origin}/ok"),
        ),
        (
            "warning".to_string(),
            5,
            format!("{origin}/blocked: the site refused the check (403)"),
        ),
    ];
    for item in &expected {
        assert!(found.contains(item), "{item:?} in {found:?}");
    }
    assert!(
        found
            .iter()
            .any(|(severity, line, message)| severity == "error"
                && *line == 7
                && message.starts_with(&format!("{closed}/: cannot be reached"))),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "{found:?}");
    // /ok is linked twice but asked once; HEAD refused means a GET; one host, one request at a
    // time, half a second apart.
    let requests = log.lock().unwrap();
    let lines: Vec<&str> = requests.iter().map(|(_, line)| line.as_str()).collect();
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with("HEAD /ok "))
            .count(),
        2,
        "once for the link, once after the redirect: {lines:?}"
    );
    assert!(lines.contains(&"GET /no-head HTTP/1.1"), "{lines:?}");
    for pair in requests.windows(2) {
        let gap = pair[1].0 - pair[0].0;
        assert!(
            gap.as_millis() >= 450,
            "{gap:?} between {:?} and {:?}",
            pair[0].1,
            pair[1].1
        );
    }
}
