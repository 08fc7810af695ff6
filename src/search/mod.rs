//! Search: the Italian analyzer and the tantivy index of pages and info points.
pub mod analyzer;
mod stopwords;
