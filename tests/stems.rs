//! The stem vectors shared with the browser script: every word's stem by the index's analyzer.
//! `EQUILIBRI_UPDATE_VECTORS=1` rewrites the stems from the analyzer (after a tantivy update,
//! say); the JS test then shows whether the browser's stemmer still agrees.

use equilibri::search::analyzer::stems;
use serde_json::{Map, Value};
use std::path::Path;

const VECTORS: &str = "tests/vectors/stems.json";

#[test]
fn the_analyzer_gives_the_recorded_stems() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(VECTORS);
    let mut vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let recorded = vectors["stems"].as_object().unwrap().clone();
    assert!(
        recorded.len() > 5000,
        "the vectors cover thousands of words"
    );
    if std::env::var_os("EQUILIBRI_UPDATE_VECTORS").is_some() {
        // Stop words and words that split in two are left out: each entry is one stem.
        let updated: Map<String, Value> = recorded
            .keys()
            .filter_map(|word| match stems(word).as_slice() {
                [stem] => Some((word.clone(), Value::from(stem.as_str()))),
                _ => None,
            })
            .collect();
        vectors["stems"] = Value::Object(updated);
        let text = serde_json::to_string_pretty(&vectors).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
        return;
    }
    let wrong: Vec<String> = recorded
        .iter()
        .filter(|(word, stem)| stems(word) != [stem.as_str().unwrap()])
        .map(|(word, stem)| format!("{word}: recorded {stem}, analyzer {:?}", stems(word)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
