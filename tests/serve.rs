//! `equilibri serve` as an editor uses it: the real binary on an ephemeral port, a temporary site
//! edited on disk, and what the server sends back over HTTP and its event stream.

mod common;

use common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The server process, stopped when dropped.
struct Server {
    child: Child,
    /// What it printed on standard output so far.
    printed: Arc<Mutex<Vec<String>>>,
    /// `127.0.0.1:PORT`.
    address: String,
    /// `http://127.0.0.1:PORT/equilibri/`.
    url: String,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_equilibri"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra);
        Server::spawn(command)
    }

    /// Started from inside the site folder, as editors do: `equilibri serve`.
    fn start_in(root: &Path) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_equilibri"));
        command.args(["serve", "--port", "0"]).current_dir(root);
        Server::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let printed = Arc::new(Mutex::new(Vec::new()));
        let url = loop {
            let line = lines.next().expect("serve stopped").unwrap();
            printed.lock().unwrap().push(line.clone());
            if let Some(rest) = line.strip_prefix("Serving ") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        // Keep reading, or the server would block on a full pipe.
        let record = printed.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                record.lock().unwrap().push(line);
            }
        });
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server {
            child,
            printed,
            address,
            url,
        }
    }

    /// Waits until `path` answers 200 (the search export is written once edits pause).
    fn wait_for(&self, path: &str) -> Response {
        wait_until(path, || self.get(path).status == 200);
        self.get(path)
    }

    /// Status line, headers and body of a GET of `path` exactly as written (not normalised).
    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        // HTTP/1.0: the server closes the connection after the body, no chunked encoding.
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        Response {
            status: head[9..12].parse().unwrap(),
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    /// Serve started on `root` with the default options, its events followed from its first
    /// build on.
    fn built(root: &Path) -> (Server, Events) {
        let server = Server::start(root, &[]);
        let mut events = server.events();
        events.until("built");
        (server, events)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        write!(
            stream,
            "GET /__equilibri/events HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        Events {
            lines: BufReader::new(stream),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// The server-sent event stream.
struct Events {
    lines: BufReader<TcpStream>,
}

impl Events {
    /// The next event's name and its JSON data; fails the test at `deadline`.
    fn next_before(&mut self, deadline: Instant) -> (String, serde_json::Value) {
        let (mut name, mut data) = (String::new(), String::new());
        // Kept across read timeouts, which may cut a line.
        let mut text = String::new();
        loop {
            assert!(Instant::now() < deadline, "no event in time");
            match self.lines.read_line(&mut text) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) if text.ends_with('\n') => {}
                // A read timeout or half a line: look at the deadline again.
                _ => continue,
            }
            let line = std::mem::take(&mut text);
            let line = line.trim_end();
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data.push_str(value);
            } else if line.is_empty() && !name.is_empty() {
                return (name, serde_json::from_str(&data).unwrap());
            }
        }
    }

    /// The next event.
    fn next(&mut self) -> (String, serde_json::Value) {
        self.next_before(Instant::now() + Duration::from_secs(60))
    }

    /// Skips events until one named `name`; fails the test after a minute without it.
    fn until(&mut self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (event, data) = self.next_before(deadline);
            if event == name {
                return data;
            }
        }
    }
}

/// Polls `condition` until it holds; fails the test after a minute, saying `what` was awaited.
fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "waited for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Server {
    /// How many lines printed so far contain `text`.
    fn printed_count(&self, text: &str) -> usize {
        self.printed
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.contains(text))
            .count()
    }
}

fn site() -> Fixture {
    let site = Fixture::new();
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescription: Gli asili nido.\ntemi: [Infanzia]\n---\nPrima versione.\n",
    );
    site.file(
        "content/progetto.md",
        "---\ntitle: Il progetto\ndescription: Chi siamo.\n---\nUn testo che non cambia.\n",
    );
    site
}

fn served(site: &Fixture, path: &str) -> PathBuf {
    site.root().join(".equilibri-serve/public").join(path)
}

/// Inode and modification time: a file rewritten with the same bytes would change both.
fn identity(path: &Path) -> (u64, i64, i64) {
    let metadata = std::fs::metadata(path).unwrap();
    (metadata.ino(), metadata.mtime(), metadata.mtime_nsec())
}

#[test]
fn an_edit_is_served_announced_and_leaves_other_pages_untouched() {
    let site = site();
    let server = Server::start(
        site.root(),
        &["--verbose", "--base-url", "https://example.org/equilibri/"],
    );
    assert!(server.url.ends_with("/equilibri/"), "{}", server.url);
    let mut events = server.events();
    let first = events.until("built");
    let page = server.get("/equilibri/servizi/nidi/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Prima versione."));
    // The live reload script is added when served, with the build it belongs to…
    let generation = first["generation"].as_u64().unwrap();
    assert!(
        page.body.contains(&format!(
            "<script src=\"/__equilibri/live.js\" data-generation=\"{generation}\"></script></body>"
        )),
        "{}",
        page.body
    );
    // …but never written to disk, and links carry the local address and the sub-path.
    let on_disk = std::fs::read_to_string(served(&site, "servizi/nidi/index.html")).unwrap();
    assert!(!on_disk.contains("__equilibri"));
    assert!(on_disk.contains(&format!("{}servizi/nidi/", server.url)));
    let unrelated = served(&site, "progetto/index.html");
    let before = identity(&unrelated);

    let edited = Instant::now();
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescription: Gli asili nido.\ntemi: [Infanzia]\n---\nSeconda versione.\n",
    );
    let built = events.until("built");
    println!("edit to reload event: {} ms", edited.elapsed().as_millis());
    assert_eq!(built["generation"].as_u64(), Some(generation + 1));
    assert_eq!(built["css_only"].as_bool(), Some(false));
    let page = server.get("/equilibri/servizi/nidi/");
    assert!(page.body.contains("Seconda versione."), "{}", page.body);
    assert!(!page.body.contains("Prima versione."));
    assert_eq!(
        identity(&unrelated),
        before,
        "a page the edit does not concern is not rewritten"
    );
    // A body-only edit renders again only what shows the body (printed right after the event).
    wait_until("the fast path", || {
        server.printed_count("render again servizi/nidi/index.html") > 0
    });
    // Saved the way `sed -i` saves (a temporary file renamed over the page): still the fast path.
    let temporary = site.root().join("content/servizi/sedX1b2c3");
    std::fs::write(
        &temporary,
        "---\ntitle: Nidi\ndescription: Gli asili nido.\ntemi: [Infanzia]\n---\nTerza versione.\n",
    )
    .unwrap();
    std::fs::rename(&temporary, site.root().join("content/servizi/nidi.md")).unwrap();
    events.until("built");
    assert!(server
        .get("/equilibri/servizi/nidi/")
        .body
        .contains("Terza versione."));
    wait_until("the fast path again", || {
        server.printed_count("render again") >= 2
    });

    // A title change reaches the pages that list the page.
    let meta = server.wait_for("/equilibri/search/meta.json").body;
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Asili nido comunali\ndescription: Gli asili nido.\ntemi: [Infanzia]\n---\nTerza versione.\n",
    );
    events.until("built");
    for listing in ["/equilibri/servizi/", "/equilibri/temi/infanzia/"] {
        let body = server.get(listing).body;
        assert!(body.contains("Asili nido comunali"), "{listing}: {body}");
    }
    // The search export follows once edits pause.
    wait_until("the search update", || {
        server.get("/equilibri/search/meta.json").body != meta
    });
}

#[test]
fn a_broken_file_shows_its_errors_and_the_last_good_site_stays() {
    let site = site();
    let (server, mut events) = Server::built(site.root());
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescripton: refuso\n---\nVersione rotta.\n",
    );
    let failed = events.until("failed");
    let errors = failed["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{failed}");
    assert_eq!(errors[0]["location"], "content/servizi/nidi.md:3:1");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown front matter key `descripton`"),
        "{failed}"
    );
    assert!(errors[0]["text"]
        .as_str()
        .unwrap()
        .contains("did you mean `description`?"));
    // A browser that connects now learns of the failure at once.
    assert_eq!(server.events().next().0, "failed");
    let page = server.get("/servizi/nidi/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Prima versione."), "the last good build");

    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescription: corretto\n---\nVersione corretta.\n",
    );
    let built = events.until("built");
    assert!(built["generation"].as_u64().unwrap() > failed["generation"].as_u64().unwrap());
    assert!(server
        .get("/servizi/nidi/")
        .body
        .contains("Versione corretta."));
}

#[test]
fn a_stylesheet_change_is_swapped_in_place() {
    let site = site();
    let server = Server::start_in(site.root());
    let mut events = server.events();
    events.until("built");
    let css = site.root().join("themes/default/static/css/site.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.prova-serve { color: #000; }\n");
    std::fs::write(&css, text).unwrap();
    let built = events.until("built");
    assert_eq!(built["css_only"].as_bool(), Some(true), "{built}");
    assert!(server.get("/css/site.css").body.contains(".prova-serve"));
}

#[test]
fn paths_types_and_missing_pages() {
    let site = site();
    let server = Server::start(
        site.root(),
        &["--base-url", "https://example.org/equilibri/"],
    );
    server.events().until("built");
    for hostile in [
        "/../etc/passwd",
        "/equilibri/../../etc/passwd",
        "/equilibri/%2e%2e/%2e%2e/etc/passwd",
        "/equilibri/..%2f..%2fetc%2fpasswd",
        "/equilibri/..%5c..%5cetc%5cpasswd",
        "/equilibri/index.html%00",
    ] {
        let response = server.get(hostile);
        assert_eq!(response.status, 400, "{hostile}");
        assert!(!response.body.contains("root:"), "{hostile}");
    }
    assert_eq!(server.wait_for("/equilibri/search/meta.json").status, 200);
    let types = [
        ("/equilibri/", "text/html; charset=utf-8"),
        ("/equilibri/css/site.css", "text/css; charset=utf-8"),
        ("/equilibri/js/search.js", "text/javascript; charset=utf-8"),
        (
            "/equilibri/search/meta.json",
            "application/json; charset=utf-8",
        ),
        ("/equilibri/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/equilibri/sitemap.xml", "xml; charset=utf-8"),
    ];
    for (path, content_type) in types {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert!(
            response.head.contains("content-type: ") && response.head.contains(content_type),
            "{path}: {}",
            response.head
        );
        assert!(response.head.contains("cache-control: no-store"));
    }
    // Folders without their slash, and the server's root, lead to the site.
    let folder = server.get("/equilibri/servizi");
    assert_eq!(folder.status, 302);
    assert!(folder.head.contains("location: /equilibri/servizi/"));
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert!(root.head.contains("location: /equilibri/"));
    // Missing pages get the site's own 404 page, with its status.
    for missing in ["/equilibri/non-esiste/", "/altro/"] {
        let response = server.get(missing);
        assert_eq!(response.status, 404, "{missing}");
        assert!(response.body.contains("<h1"), "{}", response.body);
        assert!(response.body.contains("__equilibri/live.js"));
    }
    // Only reading is allowed.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    write!(stream, "DELETE /equilibri/ HTTP/1.0\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.0 405"), "{reply}");
}

#[test]
fn the_server_refuses_a_port_already_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site();
    let output = Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn a_title_edit_reaches_every_page_that_shows_it_and_only_those_change() {
    let site = site();
    site.file(
        "site.yaml",
        &format!(
            "{}extra:\n  partners_section: \"partner/_index.md\"\n",
            common::SITE_YAML
        ),
    );
    site.file(
        "content/partner/_index.md",
        "---\ntitle: Partner\ndescription: Gli enti.\n---\n",
    );
    site.file(
        "content/partner/ente.md",
        "---\ntitle: Ente capofila\ndescription: Un ente.\n---\nTesto.\n",
    );
    let (server, mut events) = Server::built(site.root());
    // Every page's footer lists the partners (through get_section in base.html).
    assert!(server.get("/progetto/").body.contains("Ente capofila"));
    let untouched = served(&site, "servizi/nidi/index.html");
    let before = std::fs::read_to_string(&untouched).unwrap();
    site.file(
        "content/partner/ente.md",
        "---\ntitle: Ente gestore\ndescription: Un ente.\n---\nTesto.\n",
    );
    events.until("built");
    for path in [
        "/progetto/",
        "/servizi/nidi/",
        "/partner/",
        "/partner/ente/",
        "/",
    ] {
        let body = server.get(path).body;
        assert!(body.contains("Ente gestore"), "{path}: {body}");
        assert!(!body.contains("Ente capofila"), "{path}");
    }
    let after = std::fs::read_to_string(&untouched).unwrap();
    assert_eq!(
        before.replace("Ente capofila", "Ente gestore"),
        after,
        "only the partner's name changed on an unrelated page"
    );
    // A page that does not show it is neither rendered nor written again.
    let listing_page = served(&site, "servizi/index.html");
    let listing = identity(&listing_page);
    site.file(
        "content/progetto.md",
        "---\ntitle: Il progetto\ndescription: Chi siamo davvero.\n---\nUn testo che non cambia.\n",
    );
    events.until("built");
    assert_eq!(identity(&listing_page), listing);
}

#[test]
fn adding_or_removing_an_image_fixes_or_breaks_the_page_that_links_it() {
    let site = site();
    let (server, mut events) = Server::built(site.root());
    // An edit elsewhere first, so the next builds start from parsed files kept in memory.
    site.file(
        "content/progetto.md",
        "---\ntitle: Il progetto\ndescription: Chi siamo.\n---\nUn testo cambiato.\n",
    );
    events.until("built");
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ndescription: Gli asili nido.\n---\n![Un asilo](foto.png)\n",
    );
    let failed = events.until("failed");
    assert!(failed.to_string().contains("foto.png"), "{failed}");
    site.file("content/servizi/foto.png", "png");
    events.until("built");
    assert!(server.get("/servizi/nidi/").body.contains("foto.png"));
    assert_eq!(server.get("/servizi/foto.png").status, 200);
    // Removing it again breaks the page, although the page's own text did not change.
    std::fs::remove_file(site.root().join("content/servizi/foto.png")).unwrap();
    let failed = events.until("failed");
    assert!(failed.to_string().contains("foto.png"), "{failed}");
}

/// Waits for the next "Rebuilt … (N HTML files rendered …)" line and returns N.
fn rendered_again(server: &Server, seen: &mut usize) -> usize {
    wait_until("a rebuild", || server.printed_count("Rebuilt ") > *seen);
    let printed = server.printed.lock().unwrap();
    let line = printed
        .iter()
        .filter(|line| line.starts_with("Rebuilt "))
        .nth(*seen)
        .unwrap();
    *seen += 1;
    let count = line.split(" (").nth(1).unwrap().split(' ').next().unwrap();
    count.parse().unwrap()
}

#[test]
fn a_template_edit_renders_again_only_the_pages_that_use_it() {
    let site = site();
    let (server, mut events) = Server::built(site.root());
    let mut seen = 0;
    let everything = rendered_again(&server, &mut seen);
    assert!(
        everything >= 5,
        "the first build renders every page: {everything}"
    );
    let template = site.root().join("themes/default/templates/404.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        text.replace(
            "{% block content %}",
            "{% block content %}<p>Modello modificato</p>",
        ),
    )
    .unwrap();
    events.until("built");
    assert_eq!(
        rendered_again(&server, &mut seen),
        1,
        "only the 404 page uses 404.html"
    );
    assert!(server.get("/nessuna/").body.contains("Modello modificato"));
    // The template every page extends: every page again.
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replace("</main>", "</main><!-- base modificato -->"),
    )
    .unwrap();
    events.until("built");
    assert_eq!(rendered_again(&server, &mut seen), everything);
    assert!(server.get("/progetto/").body.contains("base modificato"));
}
