//! `equilibri search`.

use super::terminal::Terminal;
use equilibri::search::query::{SearchHit, SearchIndex, SearchRequest};
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    terminal: &Terminal,
    root: &Path,
    index: &Path,
    request: &SearchRequest,
    json: bool,
) -> ExitCode {
    let Some(config) = super::site_config(terminal, root) else {
        return ExitCode::from(1);
    };
    let hits = match SearchIndex::open(index).and_then(|index| index.search(request)) {
        Ok(hits) => hits,
        Err(error) => {
            terminal.error(&format!(
                "cannot search {}: {error}\n  = hint: run `equilibri build` first",
                index.display()
            ));
            return ExitCode::from(1);
        }
    };
    let base = &config.base_url;
    if json {
        let results: Vec<serde_json::Value> = hits
            .iter()
            .map(|hit| {
                let mut value = serde_json::json!(hit);
                value["url"] = serde_json::json!(base.root_relative(&hit.path));
                value
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({ "query": request.query, "results": results })
        );
        return ExitCode::SUCCESS;
    }
    if hits.is_empty() {
        println!("Nessun risultato per «{}».", request.query);
    }
    for (rank, hit) in hits.iter().enumerate() {
        println!(
            "{}. {} ({}, {:.3})",
            rank + 1,
            hit.title,
            hit.kind,
            hit.score
        );
        println!("   {}", base.absolute(&hit.path));
        if !hit.snippet.is_empty() {
            println!("   {}", marked_snippet(hit));
        }
    }
    ExitCode::SUCCESS
}

/// The snippet with its matches between `[` and `]`, for a terminal.
fn marked_snippet(hit: &SearchHit) -> String {
    let mut text = String::new();
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        text.push_str(&hit.snippet[at..start]);
        text.push('[');
        text.push_str(&hit.snippet[start..end]);
        text.push(']');
        at = end;
    }
    text.push_str(&hit.snippet[at..]);
    text.replace('\n', " ")
}
