//! Escaping for the contexts that Rust code writes directly (tera escapes template output).

/// Escapes text for HTML text and quoted attribute values (also valid for XML).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
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
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
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
        assert_eq!(href("/a b/\"x\""), "/a%20b/%22x%22");
        let json = serde_json::json!({"name": "</script><script>alert(1)</script>"});
        assert!(!json_for_script(&json).contains("</script>"));
    }
}
