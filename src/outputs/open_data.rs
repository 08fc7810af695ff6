//! Open data about the info points under `/dati/`: GeoJSON (RFC 7946), CSV (RFC 4180) and
//! JSON. Every record says whether it is example data.

use super::{add, Output};
use crate::diagnostics::Diagnostic;
use crate::output::OutputSet;
use crate::site::{LinkedInfoPoint, Site};
use serde_json::{json, Map, Value};

pub const GEOJSON_PATH: &str = "dati/punti.geojson";
pub const CSV_PATH: &str = "dati/punti.csv";
pub const JSON_PATH: &str = "dati/punti.json";
pub const LICENCE: &str = "CC-BY-4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.it";

pub struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        if site.info_points.is_empty() {
            return errors;
        }
        let records: Vec<Map<String, Value>> = site
            .info_points
            .iter()
            .map(|point| record(site, point))
            .collect();
        let producer = "open data";
        let geojson = geojson(site, &records);
        add(
            files,
            GEOJSON_PATH.into(),
            pretty(&geojson),
            producer,
            &mut errors,
        );
        let json = json!({
            "title": format!("{} – punti informativi", site.config.site.title),
            "source": site.config.base_url.absolute(""),
            "license": LICENCE,
            "license_url": LICENCE_URL,
            "info_points": records,
        });
        add(
            files,
            JSON_PATH.into(),
            pretty(&json),
            producer,
            &mut errors,
        );
        add(
            files,
            CSV_PATH.into(),
            csv(&records).into_bytes(),
            producer,
            &mut errors,
        );
        errors
    }
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// One flat record per point: the columns of the CSV, the properties of the GeoJSON.
fn record(site: &Site, linked: &LinkedInfoPoint) -> Map<String, Value> {
    let point = &linked.point;
    let base = &site.config.base_url;
    let district = &site.config.site.districts[point.district];
    let services: Vec<String> = linked
        .services
        .iter()
        .map(|&s| base.absolute(&site.entry(s).path))
        .collect();
    let closures: Vec<String> = point
        .closures
        .iter()
        .map(|c| format!("{}/{} {}", c.from, c.to, c.note))
        .collect();
    let value = json!({
        "id": point.slug,
        "name": point.name,
        "url": base.absolute(&point.path),
        "district": district.id,
        "district_name": district.name,
        "municipality": point.municipality,
        "street": point.address.street,
        "postcode": point.address.postcode,
        "city": point.address.city,
        "province": point.address.province,
        "lat": point.geo.lat,
        "lon": point.geo.lon,
        "phone": point.contacts.phone,
        "email": point.contacts.email,
        "website": point.contacts.website,
        "opening_hours": point.schedule.weekly.to_osm(),
        "by_appointment": point.by_appointment,
        "closures": closures.join("; "),
        "services": services.join(" "),
        "languages": point.languages.join(" "),
        "accessibility": point.accessibility,
        "example": point.example,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// RFC 7946: a FeatureCollection of Points, coordinates in longitude, latitude order.
fn geojson(site: &Site, records: &[Map<String, Value>]) -> Value {
    let features: Vec<Value> = site
        .info_points
        .iter()
        .zip(records)
        .map(|(linked, properties)| {
            let mut properties = properties.clone();
            properties.remove("lat");
            properties.remove("lon");
            json!({
                "type": "Feature",
                "id": linked.point.slug,
                "geometry": { "type": "Point", "coordinates": [linked.point.geo.lon, linked.point.geo.lat] },
                "properties": properties,
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// The CSV's columns, in reading order (every key of `record`).
const COLUMNS: [&str; 22] = [
    "id",
    "name",
    "url",
    "district",
    "district_name",
    "municipality",
    "street",
    "postcode",
    "city",
    "province",
    "lat",
    "lon",
    "phone",
    "email",
    "website",
    "opening_hours",
    "by_appointment",
    "closures",
    "services",
    "languages",
    "accessibility",
    "example",
];

/// RFC 4180 with CRLF line ends and a header row.
fn csv(records: &[Map<String, Value>]) -> String {
    let header = COLUMNS;
    let mut out = String::new();
    let mut push_row = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    push_row(header.iter().map(|h| csv_cell(h)).collect());
    for record in records {
        push_row(
            header
                .iter()
                .map(|key| match record.get(*key).unwrap_or(&Value::Null) {
                    Value::Null => String::new(),
                    Value::String(text) => csv_cell(text),
                    other => other.to_string(),
                })
                .collect(),
        );
    }
    out
}

/// A text cell: neutralised if a spreadsheet would read it as a formula, quoted if needed.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+39 02 1234"), "'+39 02 1234");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Via Roma, 1"), "\"Via Roma, 1\"");
        assert_eq!(csv_cell("Rozzano"), "Rozzano");
    }
}
