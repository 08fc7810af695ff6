//! The analyzer's word-by-word chain (length limit, lower case, folded accents, stop words,
//! Italian stem) remembered per word as the tokenizer cuts it. A site repeats a few thousand
//! words millions of times, and each filter of the chain rewrote every one of them: indexing
//! spent most of its time there. A word's outcome never depends on its neighbours, so one
//! look-up gives exactly what the chain gives (tests/stems.rs holds it to the same vectors).

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// Past this many words the memo is cleared rather than grown (a corpus of ids, say).
const REMEMBERED_WORDS: usize = 200_000;

/// What the chain makes of a word: its stem, or `None` when it drops the word.
type Outcomes = FxHashMap<String, Option<String>>;

/// A token filter that runs `chain` on each word once and remembers the outcome; `chain` must
/// begin with the tokenizer the filter follows, so that a word alone gives itself back.
#[derive(Clone)]
pub struct RememberedChain {
    chain: TextAnalyzer,
}

impl RememberedChain {
    pub fn of(chain: TextAnalyzer) -> Self {
        RememberedChain { chain }
    }
}

impl TokenFilter for RememberedChain {
    type Tokenizer<T: Tokenizer> = RememberingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingTokenizer<T> {
        RememberingTokenizer {
            words: tokenizer,
            chain: self.chain,
            outcomes: Outcomes::default(),
        }
    }
}

/// Each clone of an analyzer (one per field and indexing thread) keeps its own memo: no locks.
#[derive(Clone)]
pub struct RememberingTokenizer<T> {
    words: T,
    chain: TextAnalyzer,
    outcomes: Outcomes,
}

impl<T: Tokenizer> Tokenizer for RememberingTokenizer<T> {
    type TokenStream<'a> = RememberingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberingStream {
            words: self.words.token_stream(text),
            chain: &mut self.chain,
            outcomes: &mut self.outcomes,
        }
    }
}

pub struct RememberingStream<'a, S> {
    words: S,
    chain: &'a mut TextAnalyzer,
    outcomes: &'a mut Outcomes,
}

impl<S: TokenStream> TokenStream for RememberingStream<'_, S> {
    fn advance(&mut self) -> bool {
        // Dropped words leave a gap in positions, as the chain's filters do.
        while self.words.advance() {
            let token = self.words.token_mut();
            let stem = match self.outcomes.get(&token.text) {
                Some(outcome) => outcome.as_deref(),
                None => {
                    if self.outcomes.len() >= REMEMBERED_WORDS {
                        self.outcomes.clear();
                    }
                    let outcome = self
                        .chain
                        .token_stream(&token.text)
                        .next()
                        .map(|t| t.text.clone());
                    let remembered = self.outcomes.entry(token.text.clone());
                    remembered.or_insert(outcome).as_deref()
                }
            };
            if let Some(stem) = stem {
                token.text.clear();
                token.text.push_str(stem);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.words.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.words.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, StopWordFilter};

    fn chain() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::remove(["il".to_string()]))
            .build()
    }

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.text.clone(), token.position, token.offset_from));
        }
        tokens
    }

    #[test]
    fn remembered_words_give_the_chain_s_tokens_and_positions() {
        let mut remembering = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RememberedChain::of(chain()))
            .build();
        let text = "Il Nido e il nido, IL NIDO";
        // Twice: the second pass reads every word from the memo.
        for _ in 0..2 {
            assert_eq!(tokens(&mut remembering, text), tokens(&mut chain(), text));
        }
        assert_eq!(
            tokens(&mut remembering, text)[0],
            ("nido".to_string(), 1, 3)
        );
    }
}
