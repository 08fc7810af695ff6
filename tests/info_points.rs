//! Info points: a fixture site with several points built into a temporary folder; the pages,
//! directory, flyers, vCards and open data are read back and checked.

mod common;

use common::{attributes, texts, Fixture};
use equilibri::build::BuildOptions;
use serde_json::Value;

const SITE_YAML: &str = r#"title: "Rete di prova"
description: "Un sito per i test"
base_url: "https://example.org/rete/"
districts:
  - { id: rozzano, name: "Distretto di Rozzano", municipalities: [Rozzano, Opera], source: "test" }
  - { id: paullese, name: "Distretto Paullese", municipalities: [Paullo, Peschiera Borromeo], source: "test" }
  - { id: vuoto, name: "Distretto senza punti", municipalities: [Nessuno], source: "test" }
patron_days:
  - { municipality: Paullo, date: "06-16", name: "Santi Quirico e Giulitta", source: "test" }
"#;

const ROZZANO: &str = r#"name: "Sportello, Rozzano; centro"
organisation: "@/partner/distretto.md"
district: rozzano
municipality: Rozzano
address: { street: "Via Roma 1", postcode: "20089", city: Rozzano, province: MI }
geo: { lat: 45.38, lon: 9.15 }
contacts: { phone: "+39 02 1234 5678", email: "punto@example.org", website: "https://example.org/punto" }
hours:
  mon: ["09:00-12:30", "14:00-17:00"]
  wed: ["09:00-12:30"]
by_appointment: true
closures:
  - { from: 2026-12-24, to: 2027-01-06, note: "Chiusura natalizia" }
services: ["@/servizi/congedo.md"]
languages: [it, en]
accessibility: "Ingresso senza barriere"
"#;

const PAULLO: &str = r#"name: "Punto Paullo"
district: paullese
municipality: Paullo
address: { street: "Via Esempio 1", postcode: "20067", city: Paullo, province: MI }
geo: { lat: 45.418, lon: 9.4006 }
hours:
  tue: ["09:00-12:00"]
  wed: ["14:00-16:00"]
services: ["@/servizi/congedo.md", "@/servizi/welfare.md"]
example: true
"#;

const OPERA: &str = r#"name: '=HYPERLINK("https://evil.example")'
district: rozzano
municipality: Opera
address: { street: "-2+3", postcode: "20073", city: Opera, province: MI }
geo: { lat: 45.37, lon: 9.21 }
"#;

fn fixture() -> Fixture {
    let site = Fixture::new();
    site.file("site.yaml", SITE_YAML)
        .file(
            "content/servizi/congedo.md",
            "---\ntitle: Congedo ad ore\n---\nTesto.\n",
        )
        .file(
            "content/servizi/welfare.md",
            "---\ntitle: Welfare\n---\nTesto.\n",
        )
        .file("content/partner/_index.md", "---\ntitle: Partner\n---\n")
        .file(
            "content/partner/distretto.md",
            "---\ntitle: Distretto di Rozzano\n---\n",
        )
        .file("content/punti/rozzano.yaml", ROZZANO)
        .file("content/punti/paullo.yaml", PAULLO)
        .file("content/punti/opera.yaml", OPERA);
    site
}

fn build(site: &Fixture) {
    site.build_with(BuildOptions {
        today: Some("2026-11-25".parse().unwrap()),
        ..site.options()
    });
}

/// The page's JSON-LD nodes other than its breadcrumb trail.
fn json_ld(site: &Fixture, path: &str) -> Vec<Value> {
    let html = site.html(path);
    let selector = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let blocks: Vec<Value> = html
        .select(&selector)
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap())
        .collect();
    assert_eq!(blocks.len(), 1, "one JSON-LD block in {path}");
    let nodes = blocks[0]["@graph"].as_array().unwrap();
    assert_eq!(nodes.last().unwrap()["@type"], "BreadcrumbList");
    nodes[..nodes.len() - 1].to_vec()
}

#[test]
fn directory_groups_points_by_district_and_municipality() {
    let site = fixture();
    build(&site);
    let directory = site.html("punti/index.html");
    assert_eq!(
        texts(&directory, "section.district h2"),
        [
            "Distretto di Rozzano",
            "Distretto Paullese",
            "Distretto senza punti"
        ]
    );
    assert_eq!(
        texts(&directory, "section.district h3"),
        ["Rozzano", "Opera", "Paullo"],
        "municipalities in the order site.yaml lists them"
    );
    assert_eq!(
        attributes(&directory, ".point-card h4 a", "href"),
        [
            "/rete/punti/rozzano/",
            "/rete/punti/opera/",
            "/rete/punti/paullo/"
        ]
    );
    // The filter form is there for the script, hidden until it runs; no-JS visitors get pages.
    assert_eq!(
        attributes(&directory, "form[data-point-filter]", "hidden"),
        [""]
    );
    let district = site.html("punti/distretto/paullese/index.html");
    assert_eq!(texts(&district, "h1"), ["Distretto Paullese"]);
    assert_eq!(texts(&district, ".point-card h4"), ["Punto Paullo"]);
    let empty = site.html("punti/distretto/vuoto/index.html");
    assert!(texts(&empty, "main p")
        .iter()
        .any(|t| t.contains("non ci sono ancora")));
}

#[test]
fn service_pages_list_the_points_that_offer_them() {
    let site = fixture();
    build(&site);
    let congedo = site.html("servizi/congedo/index.html");
    assert_eq!(
        attributes(&congedo, "#punti_informativi + ul .point-card a", "href"),
        ["/rete/punti/rozzano/", "/rete/punti/paullo/"]
    );
    let welfare = site.html("servizi/welfare/index.html");
    assert_eq!(texts(&welfare, ".point-card h3"), ["Punto Paullo"]);
    let point = site.html("punti/paullo/index.html");
    assert_eq!(
        attributes(&point, "#servizi + ul a", "href"),
        ["/rete/servizi/congedo/", "/rete/servizi/welfare/"]
    );
}

#[test]
fn point_page_has_hours_table_contacts_closures_and_map_links() {
    let site = fixture();
    build(&site);
    let page = site.html("punti/rozzano/index.html");
    assert_eq!(
        texts(&page, "table.hours tbody th[scope=row]"),
        [
            "Lunedì",
            "Martedì",
            "Mercoledì",
            "Giovedì",
            "Venerdì",
            "Sabato",
            "Domenica"
        ]
    );
    assert_eq!(
        texts(&page, "table.hours tbody td")[..3],
        ["9:00–12:30, 14:00–17:00", "Chiuso", "9:00–12:30"]
    );
    let hrefs = attributes(&page, "a", "href");
    for expected in [
        "tel:+390212345678",
        "mailto:punto@example.org",
        "geo:45.38,9.15",
        "https://www.openstreetmap.org/?mlat=45.38&mlon=9.15#map=18/45.38/9.15",
        "/rete/punti/rozzano/rozzano.vcf",
        "/rete/punti/rozzano/volantino/",
        "/rete/partner/distretto/",
    ] {
        assert!(hrefs.iter().any(|h| h == expected), "no link {expected}");
    }
    // 8 December 2026 is a Tuesday, when the desk is closed anyway: not worth a line.
    let closures = texts(&page, "ul.closures li");
    assert_eq!(
        closures[..3],
        [
            "24 dicembre 2026 – 6 gennaio 2027: Chiusura natalizia",
            "29 marzo 2027: Lunedì dell'Angelo (Pasquetta)",
            "2 giugno 2027: Festa della Repubblica",
        ]
    );
    // The schedule for the script: Monday 29 March 2027 (Easter Monday) is closed.
    let data: Value =
        serde_json::from_str(&attributes(&page, "p.open-now", "data-open-now")[0]).unwrap();
    assert_eq!(data["from"], "2026-11-25");
    assert_eq!(data["until"], "2028-05-25");
    let closed: Vec<&str> = data["closed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(closed.contains(&"2027-03-29"));
    assert!(closed.contains(&"2026-12-28"));
    assert!(
        !closed.contains(&"2026-12-26"),
        "a Saturday changes nothing"
    );
    // Without JavaScript the status line stays hidden; the script is the only enhancement.
    assert_eq!(attributes(&page, "p.open-now", "hidden"), [""]);
    assert_eq!(
        attributes(&page, "script[src]", "src"),
        ["/rete/js/open-now.js"]
    );
}

#[test]
fn patron_days_close_only_their_municipality() {
    let site = fixture();
    build(&site);
    let schedule = |path: &str| -> Value {
        let page = site.html(path);
        serde_json::from_str(&attributes(&page, "p.open-now", "data-open-now")[0]).unwrap()
    };
    // 16 June 2027 is a Wednesday: both desks open on Wednesdays, only Paullo's is closed.
    let closed_on = |path: &str| {
        schedule(path)["closed"]
            .as_array()
            .unwrap()
            .contains(&Value::from("2027-06-16"))
    };
    assert!(closed_on("punti/paullo/index.html"));
    assert!(!closed_on("punti/rozzano/index.html"));
    let paullo = site.html("punti/paullo/index.html");
    assert!(texts(&paullo, "main p")
        .iter()
        .any(|t| t.contains("festa patronale: Santi Quirico e Giulitta")));
    let rozzano = site.html("punti/rozzano/index.html");
    assert!(!texts(&rozzano, "main p")
        .iter()
        .any(|t| t.contains("festa patronale")));
}

#[test]
fn json_ld_describes_real_offices_and_never_example_ones() {
    let site = fixture();
    build(&site);
    let ld = json_ld(&site, "punti/rozzano/index.html");
    assert_eq!(ld.len(), 1);
    let office = &ld[0];
    assert_eq!(office["@type"], "GovernmentOffice");
    assert_eq!(office["url"], "https://example.org/rete/punti/rozzano/");
    assert_eq!(office["telephone"], "+39 02 1234 5678");
    assert_eq!(office["address"]["postalCode"], "20089");
    assert_eq!(office["geo"]["latitude"], 45.38);
    assert_eq!(office["parentOrganization"]["name"], "Distretto di Rozzano");
    let specs = office["openingHoursSpecification"].as_array().unwrap();
    assert_eq!(specs.len(), 3 + 1, "three weekly ranges and one closure");
    assert_eq!(specs[0]["dayOfWeek"], "https://schema.org/Monday");
    assert_eq!(
        (specs[0]["opens"].as_str(), specs[0]["closes"].as_str()),
        (Some("09:00"), Some("12:30"))
    );

    assert!(json_ld(&site, "punti/paullo/index.html").is_empty());
    let paullo = site.read("punti/paullo/index.html");
    assert!(paullo.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        texts(&site.html("punti/paullo/index.html"), ".notice-example")[0]
            .starts_with("Dati di esempio.")
    );
}

#[test]
fn vcard_parses_back() {
    let site = fixture();
    build(&site);
    let card = site.read("punti/rozzano/rozzano.vcf");
    assert!(card.ends_with("\r\n"));
    assert!(
        !card.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    for line in card.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let unfolded = card.replace("\r\n ", "");
    let properties: Vec<(&str, &str)> = unfolded
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split_once(':').unwrap())
        .collect();
    let get = |name: &str| {
        properties
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .unwrap_or_else(|| panic!("no {name} in\n{card}"))
    };
    assert_eq!(properties.first(), Some(&("BEGIN", "VCARD")));
    assert_eq!(properties.last(), Some(&("END", "VCARD")));
    assert_eq!(get("VERSION"), "3.0");
    assert_eq!(get("FN"), r"Sportello\, Rozzano\; centro");
    assert_eq!(get("TEL;TYPE=WORK,VOICE"), "+390212345678");
    assert_eq!(get("ADR;TYPE=WORK"), ";;Via Roma 1;Rozzano;MI;20089;Italia");
    assert_eq!(get("URL"), "https://example.org/rete/punti/rozzano/");
    assert!(get("NOTE").contains(r"lunedì 9:00–12:30\, 14:00–17:00"));
    assert!(site
        .read("punti/paullo/paullo.vcf")
        .contains("NOTE:DATI DI ESEMPIO"));
}

#[test]
fn geojson_follows_rfc_7946() {
    let site = fixture();
    build(&site);
    let geojson: Value = serde_json::from_str(&site.read("dati/punti.geojson")).unwrap();
    assert_eq!(geojson["type"], "FeatureCollection");
    assert!(geojson.get("crs").is_none(), "RFC 7946 removed `crs`");
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 3);
    for feature in features {
        assert_eq!(feature["type"], "Feature");
        assert!(feature["properties"].is_object());
        assert_eq!(feature["geometry"]["type"], "Point");
        let coordinates = feature["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(coordinates.len(), 2);
        // Longitude first: around Milan it is about 9, latitude about 45.
        let (lon, lat) = (
            coordinates[0].as_f64().unwrap(),
            coordinates[1].as_f64().unwrap(),
        );
        assert!((9.0..10.0).contains(&lon) && (45.0..46.0).contains(&lat));
    }
    let rozzano = features.iter().find(|f| f["id"] == "rozzano").unwrap();
    assert_eq!(
        rozzano["properties"]["opening_hours"],
        "Mo 09:00-12:30,14:00-17:00; We 09:00-12:30"
    );
    assert_eq!(rozzano["properties"]["example"], false);
    let paullo = features.iter().find(|f| f["id"] == "paullo").unwrap();
    assert_eq!(paullo["properties"]["example"], true);

    let json: Value = serde_json::from_str(&site.read("dati/punti.json")).unwrap();
    assert_eq!(json["license"], "CC-BY-4.0");
    assert_eq!(json["info_points"].as_array().unwrap().len(), 3);
}

/// Splits RFC 4180 text into rows of cells.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\r', false) if chars.peek() == Some(&'\n') => {
                chars.next();
                rows.push(vec![String::new()]);
            }
            _ => row.last_mut().unwrap().push(c),
        }
    }
    if rows
        .last()
        .is_some_and(|row| row.len() == 1 && row[0].is_empty())
    {
        rows.pop();
    }
    rows
}

#[test]
fn csv_is_rectangular_and_neutralises_formulas() {
    let site = fixture();
    build(&site);
    let rows = parse_csv(&site.read("dati/punti.csv"));
    assert_eq!(rows.len(), 4, "a header and three points");
    assert!(rows.iter().all(|row| row.len() == rows[0].len()));
    assert_eq!(rows[0][..3], ["id", "name", "url"]);
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let opera = rows.iter().find(|r| r[0] == "opera").unwrap();
    assert_eq!(
        opera[column("name")],
        "'=HYPERLINK(\"https://evil.example\")"
    );
    assert_eq!(opera[column("street")], "'-2+3");
    let rozzano = rows.iter().find(|r| r[0] == "rozzano").unwrap();
    assert_eq!(rozzano[column("name")], "Sportello, Rozzano; centro");
    assert_eq!(rozzano[column("phone")], "'+39 02 1234 5678");
    assert_eq!(rozzano[column("lat")], "45.38");
}

/// Draws the flyer's SVG path (`M x,y h n v1 h-n z` runs) as a greyscale image and decodes it.
fn decode_flyer_qr(html: &str) -> String {
    let svg_start = html.find("<svg").expect("the flyer has an SVG");
    let svg = &html[svg_start..html[svg_start..].find("</svg>").unwrap() + svg_start];
    let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let size: usize = view_box.split(' ').next().unwrap().parse().unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    const SCALE: usize = 6;
    let mut dark = vec![false; size * size];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(',').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let width: usize = rest.split('v').next().unwrap().parse().unwrap();
        for dx in 0..width {
            dark[y * size + x + dx] = true;
        }
    }
    let pixels = size * SCALE;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[(y / SCALE) * size + x / SCALE] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn flyer_qr_code_decodes_to_the_page_address() {
    let site = fixture();
    build(&site);
    let flyer = site.read("punti/rozzano/volantino/index.html");
    assert_eq!(
        decode_flyer_qr(&flyer),
        "https://example.org/rete/punti/rozzano/"
    );
    let html = site.html("punti/rozzano/volantino/index.html");
    assert!(texts(&html, ".flyer-url")[0] == "https://example.org/rete/punti/rozzano/");
    assert_eq!(
        texts(&html, ".flyer table.hours tbody th").len(),
        2,
        "only days with hours"
    );
}

#[test]
fn content_cannot_break_out_of_its_html_context() {
    let site = fixture();
    let hostile = ROZZANO.replace(
        "name: \"Sportello, Rozzano; centro\"",
        "name: \"</script><script>alert(1)</script>\\\" onmouseover=\\\"x\"",
    );
    site.file("content/punti/rozzano.yaml", &hostile);
    build(&site);
    for path in [
        "punti/rozzano/index.html",
        "punti/index.html",
        "punti/rozzano/volantino/index.html",
        "servizi/congedo/index.html",
    ] {
        assert!(!site.read(path).contains("<script>alert"), "{path}");
        let html = site.html(path);
        let every = scraper::Selector::parse("*").unwrap();
        for element in html.select(&every) {
            assert!(element.value().attr("onmouseover").is_none(), "{path}");
            if element.value().name() == "script" {
                // Only the theme's own scripts and the JSON-LD block.
                let is_data = element.value().attr("type") == Some("application/ld+json");
                assert!(is_data || element.value().attr("src").is_some(), "{path}");
            }
        }
    }
    let ld = json_ld(&site, "punti/rozzano/index.html");
    assert_eq!(
        ld[0]["name"],
        "</script><script>alert(1)</script>\" onmouseover=\"x"
    );
}

#[test]
fn every_problem_of_every_point_is_reported_with_its_line() {
    let site = fixture();
    site.file(
        "content/punti/rozzano.yaml",
        r#"name: Punto
district: rozano
municipality: Rozzano
address: { street: "Via Roma 1", postcode: "2008", city: Rozzano, province: mi }
geo: { lat: 9.15, lon: 45.38 }
contacts: { phone: "+39 02 …", email: "punto@rozzano" }
hours:
  mon: ["09:00-12:30", "12:00-13:00"]
  tue: ["17:00-09:00"]
closures:
  - { from: 2026-08-21, to: 2026-08-10, note: "Chiusura estiva" }
services: ["@/servizi/congedo-ad-ore.md"]
languages: [ita]
"#,
    )
    .file(
        "content/punti/paullo.yaml",
        &PAULLO.replace("municipality: Paullo", "municipality: Milano"),
    );
    let errors = site.build_errors();
    let found: Vec<(String, usize, String)> = errors
        .iter()
        .map(|e| (e.file.clone(), e.line, e.message.clone()))
        .collect();
    let expect = |file: &str, line: usize, fragment: &str| {
        assert!(
            found
                .iter()
                .any(|(f, l, m)| f == file && *l == line && m.contains(fragment)),
            "no error `{fragment}` at {file}:{line} in {found:#?}"
        );
    };
    let rozzano = "content/punti/rozzano.yaml";
    expect(rozzano, 2, "unknown district `rozano`");
    expect(rozzano, 4, "`2008` is not an Italian postcode");
    expect(rozzano, 4, "`mi` is not a province code");
    expect(rozzano, 5, "outside the districts' area");
    expect(rozzano, 6, "is not a phone number");
    expect(rozzano, 6, "`punto@rozzano` is not an e-mail address");
    expect(rozzano, 8, "`12:00-13:00` overlaps `09:00-12:30`");
    expect(rozzano, 9, "`17:00-09:00` ends before it starts");
    expect(
        rozzano,
        11,
        "the closure ends (2026-08-10) before it starts",
    );
    expect(rozzano, 13, "`ita` is not a language code");
    expect(
        "content/punti/paullo.yaml",
        3,
        "`Milano` is not a municipality of the district `paullese`",
    );
    let district = errors
        .iter()
        .find(|e| e.message.contains("rozano"))
        .unwrap();
    assert_eq!(district.hint.as_deref(), Some("did you mean `rozzano`?"));
    let swapped = errors
        .iter()
        .find(|e| e.message.contains("outside"))
        .unwrap();
    assert!(swapped.hint.as_ref().unwrap().contains("swapped"));
}

#[test]
fn broken_service_links_name_file_line_and_a_suggestion() {
    let site = fixture();
    site.file(
        "content/punti/paullo.yaml",
        &PAULLO.replace("@/servizi/welfare.md", "@/servizi/welfar.md"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "content/punti/paullo.yaml");
    assert_eq!(errors[0].line, 9);
    assert_eq!(
        errors[0].message,
        "broken link: no page at @/servizi/welfar.md"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("did you mean @/servizi/welfare.md?")
    );
}

#[test]
fn unknown_weekdays_and_duplicate_slugs_are_errors() {
    let site = fixture();
    site.file(
        "content/punti/opera.yaml",
        &OPERA.replace("geo:", "hours: { lun: [\"09:00-12:00\"] }\ngeo:"),
    )
    .file("content/punti/paullo.yml", PAULLO);
    let errors = site.build_errors();
    let weekday = errors
        .iter()
        .find(|e| e.file == "content/punti/opera.yaml")
        .unwrap();
    assert_eq!(weekday.line, 5);
    assert!(
        weekday.message.contains("unknown field `lun`"),
        "{}",
        weekday.message
    );
    assert!(errors.iter().any(|e| e
        .message
        .contains("/punti/paullo/ is already used by content/punti/paullo.yaml")));
}

#[test]
fn the_dev_server_parses_a_point_again_when_its_text_or_the_day_changes() {
    use equilibri::build::{render_site, render_site_again, RenderedSite};
    let site = fixture();
    let on = |day: &str| BuildOptions {
        today: Some(day.parse().unwrap()),
        ..site.options()
    };
    let point = |rendered: &RenderedSite, source: &str| {
        let linked = rendered.site.info_points.iter();
        let found = linked
            .map(|linked| &linked.point)
            .find(|point| point.source == source);
        found.unwrap().clone()
    };
    let first = render_site_again(&on("2026-11-25"), None, |_| ())
        .unwrap()
        .0;
    site.file(
        "content/punti/paullo.yaml",
        &PAULLO.replace("Punto Paullo", "Punto di Paullo"),
    );
    let second = render_site_again(&on("2026-11-25"), Some(&first.keep()), |_| ())
        .unwrap()
        .0;
    assert_eq!(point(&second, "punti/paullo.yaml").name, "Punto di Paullo");
    // A day later the unchanged points' schedules start from that day, as in a fresh build:
    // the Christmas closure is behind them, the patron day of June 2027 ahead.
    let next_year = render_site_again(&on("2027-01-10"), Some(&second.keep()), |_| ())
        .unwrap()
        .0;
    let fresh = render_site(&on("2027-01-10")).unwrap();
    for source in [
        "punti/rozzano.yaml",
        "punti/paullo.yaml",
        "punti/opera.yaml",
    ] {
        let (kept, fresh) = (point(&next_year, source), point(&fresh, source));
        assert_eq!(kept.schedule, fresh.schedule, "{source}");
        assert_eq!(kept.schedule.from.to_string(), "2027-01-10");
    }
}
