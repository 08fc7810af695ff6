//! Search: the Italian analyzer and the tantivy index of pages and info points.
pub mod analyzer;
pub mod documents;
pub mod export;
pub mod index;
pub mod query;
mod stopwords;
mod word_memo;
