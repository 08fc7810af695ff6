//! The Italian analyzer, the same for indexing and for queries: words → no overlong tokens →
//! lower case → accents folded → stop words removed → Snowball Italian stems.
//!
//! Folding before the stop words and the stemmer is what lets `perche'`, `perché` and `perche`
//! meet, and apostrophes split elisions (`l'asilo` → `l`, `asilo`), so no special case is needed
//! for either: the stop-word list is folded the same way.

use super::stopwords::ITALIAN;
use super::word_memo::RememberedChain;
use std::sync::OnceLock;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "it_folded_stem";

/// Tokens longer than this (in bytes) are dropped: they are ids or garbage, not words.
const LONGEST_TOKEN: usize = 40;

/// Built once (the folded stop-word set is not free); each caller gets its own clone.
pub fn italian_analyzer() -> TextAnalyzer {
    static ANALYZER_ONCE: OnceLock<TextAnalyzer> = OnceLock::new();
    ANALYZER_ONCE
        .get_or_init(|| {
            let stop_words = folded_stop_words().iter().cloned();
            let chain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(StopWordFilter::remove(stop_words))
                .filter(Stemmer::new(Language::Italian))
                .build();
            // Each word runs through the chain once per analyzer, then is looked up.
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RememberedChain::of(chain))
                .build()
        })
        .clone()
}

/// The Italian stop words as the analyzer compares them: folded like the words of a text.
pub fn folded_stop_words() -> &'static [String] {
    static FOLDED: OnceLock<Vec<String>> = OnceLock::new();
    FOLDED.get_or_init(|| ITALIAN.iter().map(|word| fold(word)).collect())
}

/// Lower case without accents, as the analyzer sees a word before the stop words.
pub fn fold(word: &str) -> String {
    folded_tokens(word).concat()
}

/// The words of a text as the stop-word filter sees them: split, short enough, lower case,
/// without accents.
fn folded_tokens(text: &str) -> Vec<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

/// What a query searches for.
#[derive(Debug, PartialEq)]
pub struct QueryWords {
    /// The distinct stems, in order of first appearance.
    pub stems: Vec<String>,
    /// The last word, folded, with its stem: it may be unfinished, so it also matches index
    /// terms it begins. `None` when the query ends with a stop word (taken as finished).
    pub last: Option<(String, String)>,
}

pub fn query_words(query: &str) -> QueryWords {
    let last = folded_tokens(query).pop().and_then(|word| {
        let stem = stems(&word).pop()?;
        Some((word, stem))
    });
    QueryWords {
        stems: stems(query),
        last,
    }
}

/// The distinct stems of a text, in order of first appearance.
pub fn stems(text: &str) -> Vec<String> {
    let mut analyzer = italian_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut stems: Vec<String> = Vec::new();
    while let Some(token) = stream.next() {
        if !stems.contains(&token.text) {
            stems.push(token.text.clone());
        }
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_accents_and_elisions() {
        assert_eq!(stems("perche' il voucher"), stems("perché il voucher"));
        assert_eq!(stems("perche' il voucher"), ["voucher"]);
        assert_eq!(stems("citta'"), stems("città"));
        assert_eq!(stems("l'asilo dell'azienda"), stems("asilo azienda"));
        assert_eq!(
            stems("servizio servizi"),
            stems("servizio"),
            "one stem, counted once"
        );
        assert_eq!(
            stems("Congedo parentale ad ore"),
            stems("congedi parentali ore")
        );
    }

    #[test]
    fn the_last_word_is_folded_and_stemmed_unless_a_stop_word() {
        let words = query_words("Perché l'Asilo");
        assert_eq!(words.stems, ["asil"]);
        assert_eq!(words.last, Some(("asilo".to_string(), "asil".to_string())));
        assert_eq!(query_words("asilo nido per").last, None);
    }

    #[test]
    fn stop_words_and_long_tokens_are_dropped() {
        assert!(stems("è il della per più").is_empty());
        assert!(stems(&"a".repeat(41)).is_empty());
    }
}
