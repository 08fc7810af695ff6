//! Escaping for the contexts that Rust code writes directly (tera escapes template output).

/// Escapes text for HTML text and quoted attribute values (also valid for XML).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Runs without a special character are copied whole: most text has none at all.
    let mut copied = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..index]);
        out.push_str(entity);
        copied = index + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// Percent-encodes what may not appear in a URL and HTML-escapes the rest, for `href` and `src`.
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

/// Serialises JSON for a `<script type="application/ld+json">` block: `<` becomes `\u003c`,
/// so no string from content can close the script element.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        // Text around and between the entities, multibyte characters included, is kept.
        assert_eq!(html("è<à>ù"), "è&lt;à&gt;ù");
        assert_eq!(html("perché sì"), "perché sì");
        assert_eq!(html(""), "");
        assert_eq!(href("/a b/\"x\""), "/a%20b/%22x%22");
        let json = serde_json::json!({"name": "</script><script>alert(1)</script>"});
        assert!(!json_for_script(&json).contains("</script>"));
    }
}
