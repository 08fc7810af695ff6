//! vCard 3.0 (RFC 2426) for an info point, the version phones' address books import most
//! reliably: CRLF line endings, lines folded at 75 octets, text values escaped.

use crate::info_points::InfoPoint;

/// The contact card of a point; `note` says what a citizen should know (hours, example data).
pub fn info_point_vcard(
    point: &InfoPoint,
    organisation: Option<&str>,
    page_url: &str,
    note: &str,
) -> String {
    let address = &point.address;
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:3.0".to_string(),
        format!("FN:{}", escape(&point.name)),
        // An office has no personal name: N is required by 3.0 and stays empty.
        "N:;;;;".to_string(),
        format!("ORG:{}", escape(organisation.unwrap_or(&point.name))),
        format!(
            "ADR;TYPE=WORK:;;{};{};{};{};Italia",
            escape(&address.street),
            escape(&address.city),
            escape(&address.province),
            escape(&address.postcode)
        ),
        format!("GEO:{};{}", point.geo.lat, point.geo.lon),
    ];
    if let Some(uri) = point.phone_uri() {
        lines.push(format!(
            "TEL;TYPE=WORK,VOICE:{}",
            uri.trim_start_matches("tel:")
        ));
    }
    if let Some(email) = &point.contacts.email {
        lines.push(format!("EMAIL;TYPE=INTERNET:{}", escape(email)));
    }
    lines.push(format!("URL:{page_url}"));
    if !note.is_empty() {
        lines.push(format!("NOTE:{}", escape(note)));
    }
    lines.push("END:VCARD".to_string());
    let mut card = String::new();
    for line in lines {
        card.push_str(&fold(&line));
        card.push_str("\r\n");
    }
    card
}

/// RFC 2426 text escaping: backslash, comma, semicolon and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Folds a line into chunks of at most 75 octets, never inside a UTF-8 character; each
/// continuation starts with one space.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_separators() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("NOTE:{}", "è".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }
}
