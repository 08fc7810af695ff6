//! The Italian Snowball stemmer as a tantivy token filter that remembers each word's stem.
//! A site repeats a few thousand words millions of times, and stemming was half of the
//! indexing time; the stems themselves are frostem's, exactly as tantivy's `Stemmer` gives them
//! (tests/stems.rs and the browser parity test hold both to the same vectors).

use std::cell::RefCell;
use std::collections::HashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words longer than this are stemmed without being remembered.
const CACHED_WORD_BYTES: usize = 24;
/// Past this many words a thread's memory is cleared rather than grown.
const CACHE_WORDS: usize = 200_000;

thread_local! {
    /// Word → stem, per indexing thread: no locking.
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

#[derive(Clone, Copy, Default)]
pub struct CachedItalianStemmer;

impl TokenFilter for CachedItalianStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Italian),
        }
    }
}

pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = stem(&self.stemmer, &token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn stem(stemmer: &frostem::Stemmer, word: &str) -> String {
    if word.len() > CACHED_WORD_BYTES {
        return stemmer.stem(word).into_owned();
    }
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(word) {
            return stem.clone();
        }
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        let stem = stemmer.stem(word).into_owned();
        cache.insert(word.to_string(), stem.clone());
        stem
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_stems_are_the_stemmer_s() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::Italian);
        for word in [
            "congedi",
            "congedi",
            "parentale",
            "asilo",
            "precipitevolissimevolmente",
        ] {
            assert_eq!(stem(&stemmer, word), stemmer.stem(word));
        }
    }
}
