//! Queries on the index: every word must match (AND), ranked by BM25 over the weighted fields;
//! the last word also matches as a prefix, so results come while typing.

use super::analyzer::query_words;
use super::index::{register_analyzer, schema, Fields};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// At most this many index terms stand for the unfinished last word.
pub const PREFIX_EXPANSIONS: usize = 50;
/// Characters of body text around the matches in a snippet.
const SNIPPET_CHARS: usize = 160;

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub kind: Option<String>,
    pub district: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Site path: `servizi/nidi/`.
    pub path: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub districts: Vec<String>,
    pub score: f32,
    /// A piece of the body around the matches.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched.
    pub highlights: Vec<(usize, usize)>,
}

pub struct SearchIndex {
    index: Index,
    fields: Fields,
}

impl SearchIndex {
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        let index = Index::open_in_dir(dir)?;
        register_analyzer(&index);
        let (_, fields) = schema();
        Ok(SearchIndex { index, fields })
    }

    pub fn search(&self, request: &SearchRequest) -> tantivy::Result<Vec<SearchHit>> {
        let searcher = self.index.reader()?.searcher();
        let Some(query) = self.build_query(&searcher, request)? else {
            return Ok(Vec::new());
        };
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(request.limit.max(1)).order_by_score(),
        )?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::new();
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                document
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let snippet = snippets.snippet_from_doc(&document);
            hits.push(SearchHit {
                path: text(self.fields.path),
                title: text(self.fields.title),
                kind: text(self.fields.kind),
                districts: document
                    .get_all(self.fields.district)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                score,
                snippet: snippet.fragment().to_string(),
                highlights: snippet
                    .highlighted()
                    .iter()
                    .map(|range| (range.start, range.end))
                    .collect(),
            });
        }
        Ok(hits)
    }

    /// AND of the query's distinct stems, each over the weighted fields; the last word also
    /// matches index terms it begins. Filters restrict without scoring. `None`: no words.
    fn build_query(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> tantivy::Result<Option<Box<dyn Query>>> {
        let query = query_words(&request.query);
        let mut words: Vec<Vec<String>> = query.stems.into_iter().map(|s| vec![s]).collect();
        if let Some((prefix, last_stem)) = query.last {
            let expansions = self.terms_starting_with(searcher, &prefix)?;
            if let Some(group) = words.iter_mut().find(|group| group[0] == last_stem) {
                for term in expansions {
                    if !group.contains(&term) {
                        group.push(term);
                    }
                }
            }
        }
        if words.is_empty() {
            return Ok(None);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .into_iter()
            .map(|alternatives| (Occur::Must, self.any_field(&alternatives)))
            .collect();
        for (field, value) in [
            (self.fields.kind, &request.kind),
            (self.fields.district, &request.district),
        ] {
            if let Some(value) = value {
                let filter = TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                );
                clauses.push((
                    Occur::Must,
                    Box::new(BoostQuery::new(Box::new(filter), 0.0)),
                ));
            }
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// Matches a document having any of `stems` in any weighted field.
    fn any_field(&self, stems: &[String]) -> Box<dyn Query> {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for stem in stems {
            for (field, weight) in self.fields.weighted() {
                let term = TermQuery::new(
                    Term::from_field_text(field, stem),
                    IndexRecordOption::WithFreqs,
                );
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), weight)),
                ));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    /// The first `PREFIX_EXPANSIONS` index terms, in byte order, of any weighted field that
    /// begin with `prefix`.
    fn terms_starting_with(
        &self,
        searcher: &Searcher,
        prefix: &str,
    ) -> tantivy::Result<Vec<String>> {
        let mut terms = BTreeSet::new();
        for segment in searcher.segment_readers() {
            for (field, _) in self.fields.weighted() {
                let inverted_index = segment.inverted_index(field)?;
                let mut stream = inverted_index
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()?;
                let mut taken = 0;
                while taken < PREFIX_EXPANSIONS && stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if !term.starts_with(prefix) {
                        break;
                    }
                    terms.insert(term.to_string());
                    taken += 1;
                }
            }
        }
        Ok(terms.into_iter().take(PREFIX_EXPANSIONS).collect())
    }
}
