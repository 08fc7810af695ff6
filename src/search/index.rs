//! The tantivy index in `search-index/`: one document per page and info point, written into a
//! staging folder, merged into a single segment and swapped in like `public/`.

use super::analyzer::{italian_analyzer, ANALYZER};
use super::documents::SearchDocument;
use crate::output::Staged;
use std::io;
use std::path::Path;
use tantivy::index::{IndexSettings, IndexSortByField, Order};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::store::Compressor;
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

/// The fast field documents are sorted by. Without it, indexing threads and merges would number
/// documents differently from build to build: ties would rank differently and the browser
/// export would change with the same content.
const ORDER_FIELD: &str = "order";

/// Memory for the index writer, shared by its threads: a single thread holds 10,000 pages in one
/// segment; more pages or threads make more segments, merged into one after the commit.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Indexing threads: half the cores. The index is written beside the HTML, which keeps every
/// core busy already, and each thread writes a segment of its own, merged afterwards. On two
/// cores one thread and no merge cost less CPU than two threads and a merge (10,000 pages:
/// 0.2 s less user time, warm build 3.06 → 2.88 s). tantivy wants 15 MB per thread, so
/// `WRITER_MEMORY` allows four at most.
fn writer_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    (cores / 2).clamp(1, 4)
}

/// The index's fields.
#[derive(Clone, Copy)]
pub struct Fields {
    pub path: Field,
    pub title: Field,
    pub description: Field,
    pub body: Field,
    pub terms: Field,
    pub kind: Field,
    pub district: Field,
    pub date: Field,
    /// The document's position in the build's list: the index is sorted by it.
    pub order: Field,
}

impl Fields {
    /// The fields searched by words, with their weight in the score.
    pub fn weighted(&self) -> [(Field, f32); 4] {
        [
            (self.title, 3.0),
            (self.description, 2.0),
            (self.terms, 1.5),
            (self.body, 1.0),
        ]
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Frequencies without positions: there are no phrase queries, and snippets re-read the text.
    let analyzed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let stored = analyzed.clone().set_stored();
    let fields = Fields {
        path: builder.add_text_field("path", STRING | STORED),
        title: builder.add_text_field("title", stored.clone()),
        description: builder.add_text_field("description", stored.clone()),
        body: builder.add_text_field("body", stored),
        terms: builder.add_text_field("terms", analyzed),
        kind: builder.add_text_field("type", STRING | STORED),
        district: builder.add_text_field("district", STRING | STORED),
        date: builder.add_text_field("date", STRING | STORED),
        order: builder.add_u64_field(ORDER_FIELD, FAST),
    };
    (builder.build(), fields)
}

/// Registers the Italian analyzer on an index, created or opened.
pub fn register_analyzer(index: &Index) {
    index.tokenizers().register(ANALYZER, italian_analyzer());
}

/// Writes the index of `documents` into a staging folder beside `target`, to be published.
pub fn stage_index(target: &Path, documents: &[SearchDocument]) -> io::Result<Staged> {
    Staged::fill(target, |staging| {
        fill_index(staging, documents, writer_threads())
            .map_err(|error| io::Error::other(error.to_string()))
    })
}

fn fill_index(dir: &Path, documents: &[SearchDocument], threads: usize) -> tantivy::Result<()> {
    let (schema, fields) = schema();
    let settings = IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: ORDER_FIELD.to_string(),
            order: Order::Asc,
        }),
        // Stored text is not compressed: lz4 took a thread's worth of CPU for 10k pages (twice,
        // counting the merge), more than the build spends writing the larger folder (24 MB
        // instead of 12 for 10k pages). The folder is not published, the export is.
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)?;
    register_analyzer(&index);
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(threads, WRITER_MEMORY)?;
    let written = write_documents(&index, &mut writer, &fields, documents);
    // On success and on failure alike (a full disk), tantivy's background threads are done
    // before the folder is published or removed: one still saving would leave files behind.
    let waited = writer.wait_merging_threads();
    written.and(waited)
}

fn write_documents(
    index: &Index,
    writer: &mut IndexWriter<TantivyDocument>,
    fields: &Fields,
    documents: &[SearchDocument],
) -> tantivy::Result<()> {
    for (position, document) in documents.iter().enumerate() {
        let mut tantivy_document = doc!(
            fields.order => position as u64,
            fields.path => document.path,
            fields.title => document.title,
            fields.description => document.description.as_ref(),
            fields.body => document.body.as_ref(),
            fields.kind => document.kind,
            fields.date => document.date.as_str(),
        );
        for &district in &document.districts {
            tantivy_document.add_text(fields.district, district);
        }
        for &term in &document.terms {
            tantivy_document.add_text(fields.terms, term);
        }
        writer.add_document(tantivy_document)?;
    }
    writer.commit()?;
    // One segment: document numbers are stable and the browser export reads a single segment.
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::export::export_index;
    use std::borrow::Cow;

    #[test]
    fn several_indexing_threads_export_what_one_thread_does() {
        let bodies: Vec<String> = (0..2_000)
            .map(|n| {
                format!(
                    "Il nido numero {n} apre alle {} e offre {} posti.",
                    n % 12,
                    n % 7
                )
            })
            .collect();
        let paths: Vec<String> = (0..2_000).map(|n| format!("servizi/nido-{n}/")).collect();
        let documents: Vec<SearchDocument> = paths
            .iter()
            .zip(&bodies)
            .map(|(path, body)| SearchDocument {
                path,
                title: "Asilo nido",
                description: Cow::Borrowed(""),
                body: Cow::Borrowed(body),
                kind: "servizio",
                districts: vec!["rozzano"],
                terms: vec![],
                date: String::new(),
            })
            .collect();
        let exported = |threads| {
            let dir = tempfile::tempdir().unwrap();
            fill_index(dir.path(), &documents, threads).unwrap();
            export_index(dir.path()).unwrap()
        };
        // Four threads write four segments here: the merge must keep the build's order.
        assert!(exported(1) == exported(4), "the exports differ");
    }
}
