//! The theme: its folder and its per-language strings (`themes/<name>/i18n/<lang>.yaml`).
//! Every word the generator itself writes into a page comes from these strings.

use crate::diagnostics::Diagnostic;
use crate::markdown::MarkdownLabels;
use crate::opening::OpenNowLabels;
use crate::yaml::YamlSource;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrings {
    markdown: MarkdownLabelStrings,
    /// Month names, January first, for `date_long`.
    months: Vec<String>,
    /// Weekday names, Monday first.
    weekdays: Vec<String>,
    open_now: OpenNowStrings,
    /// The search script's labels (`{n}` and `{query}` are filled in), passed to it as JSON.
    search: BTreeMap<String, serde_json::Value>,
    /// Every other label, used by the templates as `strings.ui.<key>`.
    ui: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownLabelStrings {
    external_link: String,
    heading_anchor: String,
    task_done: String,
    task_open: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenNowStrings {
    open: String,
    opens_today: String,
    opens_tomorrow: String,
    opens_weekday: String,
    opens_date: String,
    closed: String,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub dir: PathBuf,
    pub markdown_labels: MarkdownLabels,
    pub months: Vec<String>,
    pub open_now: OpenNowLabels,
    pub ui: BTreeMap<String, String>,
    pub search_labels: BTreeMap<String, serde_json::Value>,
}

pub fn load_theme(root: &Path, name: &str, language: &str) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    let file = format!("themes/{name}/i18n/{language}.yaml");
    let text = std::fs::read_to_string(root.join(&file)).map_err(|error| {
        vec![
            Diagnostic::error(&file, format!("cannot read the theme's strings: {error}"))
                .hint("every theme needs i18n/<language>.yaml with its labels"),
        ]
    })?;
    let text = text.replace("\r\n", "\n");
    let source = YamlSource::whole_file(&file, &text);
    let (raw, locations) = source
        .parse::<RawStrings>("theme strings")
        .map_err(|diagnostic| vec![diagnostic])?;
    if raw.months.len() != 12 {
        return Err(vec![source
            .error_at(
                locations.key("months"),
                "`months` must list the 12 month names",
            )
            .hint("January first")]);
    }
    if raw.weekdays.len() != 7 {
        return Err(vec![source
            .error_at(
                locations.key("weekdays"),
                "`weekdays` must list the 7 day names",
            )
            .hint("Monday first")]);
    }
    let open_now = OpenNowLabels {
        open: raw.open_now.open,
        opens_today: raw.open_now.opens_today,
        opens_tomorrow: raw.open_now.opens_tomorrow,
        opens_weekday: raw.open_now.opens_weekday,
        opens_date: raw.open_now.opens_date,
        closed: raw.open_now.closed,
        weekdays: raw.weekdays,
        months: raw.months.clone(),
    };
    Ok(Theme {
        dir,
        markdown_labels: MarkdownLabels {
            external_link: raw.markdown.external_link,
            heading_anchor: raw.markdown.heading_anchor,
            task_done: raw.markdown.task_done,
            task_open: raw.markdown.task_open,
        },
        months: raw.months,
        open_now,
        ui: raw.ui,
        search_labels: raw.search,
    })
}
