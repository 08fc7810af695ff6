//! A content file: front matter split and parsed, the body rendered. Must never panic, and with
//! raw HTML escaped nothing executable may come out.
#![no_main]
use equilibri::config::RawHtml;
use equilibri::front_matter::{parse_front_matter, split};
use equilibri::markdown::{render_markdown, MarkdownContext, MarkdownLabels};
use equilibri::url::BaseUrl;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/a.md";
    let Ok(parts) = split(file, text) else {
        return;
    };
    let _ = parse_front_matter(file, text, &parts, &["temi"], false);
    let base_url = BaseUrl::parse("https://example.org/rete/").unwrap();
    let labels = MarkdownLabels {
        external_link: "(link esterno)".into(),
        heading_anchor: "Collegamento".into(),
        task_done: "fatto".into(),
        task_open: "da fare".into(),
    };
    let files = HashSet::new();
    let context = MarkdownContext {
        file,
        text,
        body_offset: parts.body_offset,
        source_dir: "",
        base_url: &base_url,
        raw_html: RawHtml::Escape,
        labels: &labels,
        content_files: &files,
    };
    let html = render_markdown(parts.body, &context)
        .html(|_| "/rete/x/".to_string())
        .to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    for target in link_targets(&html) {
        assert!(
            !target.starts_with("javascript:") && !target.starts_with("data:"),
            "{html}"
        );
    }
});

/// The `href` and `src` values in the HTML's tags (not in its text, where `<` is escaped).
fn link_targets(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter_map(|tag| tag.split_once('>').map(|(inside, _)| inside))
        .flat_map(|inside| {
            inside
                .split([' ', '\t', '\n'])
                .filter_map(|attribute| {
                    let (name, value) = attribute.split_once('=')?;
                    ["href", "src"]
                        .contains(&name)
                        .then(|| value.trim_matches('"').to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
