//! Properties that must hold for any input: slugs are safe path segments, URLs stay under the
//! base path, front matter and Markdown never panic nor let script through, opening-hours
//! ranges parse back from what they print, and the open-now rule answers consistently.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike};
use equilibri::config::RawHtml;
use equilibri::front_matter::{parse_front_matter, split};
use equilibri::hours::{parse_range, WeeklyHours};
use equilibri::markdown::{render_markdown, MarkdownContext, MarkdownLabels};
use equilibri::opening::{Schedule, Status};
use equilibri::slug::{is_slug, slugify};
use equilibri::url::BaseUrl;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// Text that looks like what editors and their tools write, hostile bits included.
fn editor_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---",
        "\n",
        "\r\n",
        "\r",
        "title: ",
        "A",
        "à",
        "# ",
        "- ",
        "> ",
        "[x](",
        "javascript:alert(1)",
        ")",
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "`",
        "```",
        "*",
        "_",
        "&",
        "\"",
        "'",
        "{{",
        "}}",
        "{%",
        "&a [",
        "*a",
        "\u{feff}",
        "\u{0}",
        "data:text/html,x",
        "\t",
        "  ",
        "date: 2026-02-30",
        "slug: ../x",
        "<!--",
        "-->",
        "|",
        ":",
        "\\",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

fn labels() -> MarkdownLabels {
    MarkdownLabels {
        external_link: "(link esterno)".into(),
        heading_anchor: "Collegamento alla sezione".into(),
        task_done: "completato".into(),
        task_open: "da completare".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn slugs_are_safe_path_segments(text in any::<String>()) {
        let slug = slugify(&text);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert!(slug.is_empty() || is_slug(&slug));
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugify is idempotent");
    }

    #[test]
    fn urls_stay_under_the_base_path(
        base in "[a-z0-9-]{0,12}",
        segments in prop::collection::vec("[a-z0-9-]{1,10}", 0..5),
        trailing in any::<bool>(),
    ) {
        let base_url = if base.is_empty() {
            "https://example.org/".to_string()
        } else {
            format!("https://example.org/{base}/")
        };
        let base_url = BaseUrl::parse(&base_url).unwrap();
        let mut path = segments.join("/");
        if trailing && !path.is_empty() {
            path.push('/');
        }
        let link = base_url.root_relative(&path);
        prop_assert!(link.starts_with(base_url.path()));
        prop_assert!(!link.contains("//"));
        prop_assert_eq!(base_url.absolute(&path), format!("https://example.org{link}"));
        // An editor's root-relative link gets the prefix too.
        prop_assert_eq!(base_url.root_relative(&format!("/{path}")), link);
    }

    #[test]
    fn any_base_url_parses_or_is_refused(text in any::<String>()) {
        if let Ok(base) = BaseUrl::parse(&text) {
            prop_assert!(base.path().starts_with('/') && base.path().ends_with('/'));
            prop_assert!(!base.path().split('/').any(|s| s == ".."));
        }
    }

    #[test]
    fn front_matter_never_panics(yaml in editor_text(), rest in editor_text()) {
        let file = "content/a.md";
        for text in [format!("---\n{yaml}\n---\n{rest}"), format!("{yaml}{rest}")] {
            if let Ok(parts) = split(file, &text) {
                let _ = parse_front_matter(file, &text, &parts, &["temi"], false);
            }
        }
    }

    #[test]
    fn markdown_never_lets_script_through(body in editor_text()) {
        let file = "content/a.md";
        let text = format!("---\ntitle: A\n---\n{body}");
        let parts = split(file, &text).unwrap();
        let base_url = BaseUrl::parse("https://example.org/rete/").unwrap();
        let labels = labels();
        let files = HashSet::new();
        let context = MarkdownContext {
            file,
            text: &text,
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
        prop_assert!(!html.contains("<script"), "{html}");
        prop_assert!(!html.contains("<img"), "{html}");
        for target in link_targets(&html) {
            prop_assert!(!target.starts_with("javascript:") && !target.starts_with("data:"), "{html}");
        }
    }

    #[test]
    fn time_ranges_parse_back_from_what_they_print(start in 0u16..1440, length in 1u16..1440) {
        let end = (start + length).min(1440);
        prop_assume!(end > start);
        let text = format!("{:02}:{:02}-{:02}:{:02}", start / 60, start % 60, end / 60, end % 60);
        let range = parse_range(&text).unwrap();
        prop_assert_eq!((range.start, range.end), (start, end));
        prop_assert_eq!(parse_range(&range.to_hhmm()).unwrap(), range);
    }

    #[test]
    fn any_range_text_parses_or_is_refused(text in "\\PC{0,16}") {
        if let Ok(range) = parse_range(&text) {
            prop_assert!(range.start < range.end && range.end <= 1440);
        }
    }

    #[test]
    fn open_now_is_consistent_with_the_weekly_hours(
        day_offset in 0i64..60,
        minute in 0u32..1440,
        start in 0u16..1200,
        length in 30u16..240,
        closed_offset in 0i64..60,
    ) {
        let from = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let range = parse_range(&format!(
            "{:02}:{:02}-{:02}:{:02}", start / 60, start % 60, (start + length) / 60, (start + length) % 60
        )).unwrap();
        // Open Monday to Friday; one closed day.
        let mut weekly = WeeklyHours::default();
        for day in 0..5 {
            weekly.0[day] = vec![range];
        }
        let closed_day = from + Duration::days(closed_offset);
        let schedule = Schedule {
            from,
            until: from + Duration::days(90),
            weekly,
            closed: BTreeMap::from([(closed_day, "Chiusura".to_string())]),
        };
        let day = from + Duration::days(day_offset);
        let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap();
        let opens_today = day.weekday().num_days_from_monday() < 5 && day != closed_day;
        let inside = range.contains((time.hour() * 60 + time.minute()) as u16);
        match schedule.status_at(day.and_time(time)) {
            Status::Open { closes } => {
                prop_assert!(opens_today && inside);
                prop_assert_eq!(closes, range.end);
            }
            Status::Closed { next } => {
                prop_assert!(!(opens_today && inside));
                let (next_day, next_minute) = next.expect("a weekday opening within 31 days");
                prop_assert!(next_day >= day && next_day != closed_day);
                prop_assert!(next_day.weekday().num_days_from_monday() < 5);
                prop_assert_eq!(next_minute, range.start);
            }
            Status::Unknown => prop_assert!(false, "inside the window"),
        }
    }
}

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

/// Found by the markdown_page fuzz target: a quote character inside a code block is text, not an
/// attribute, and must not be taken for a link.
#[test]
fn quotes_in_code_are_not_links() {
    let html = "<pre><code>---\ndhref=\"javascript:\n[</code></pre>";
    assert!(link_targets(html).is_empty());
    assert_eq!(
        link_targets(r#"<a class="x" href="javascript:alert(1)">"#),
        ["javascript:alert(1)"]
    );
}
