//! The browser's copy of the tantivy index, under `public/search/`: read back from the single
//! merged segment so that the static search scores exactly as `equilibri search` does.
//!
//! - `meta.json` (fixed name, the entry point): document count, per-field token totals and
//!   boosts, tantivy's BM25 constants, the folded stop words, the first stem of every shard,
//!   the fragment groups (their hashes, concatenated, and sizes), and each document's type and districts (for filters and counts).
//! - `shards/<hash>.bin`: stems in byte order with, per weighted field, the postings (document,
//!   term frequency, tantivy's 1-byte field-norm code), split into files of about
//!   `SHARD_TARGET` bytes so that a query downloads only the shards of its stems.
//! - `fragments/<hash>.json`: title, path, type, date, description and the start of the body of
//!   consecutive documents, for the result list and excerpts.
//!
//! Shard and fragment names carry a hash of their content, so hosts may cache them forever.

use super::analyzer::folded_stop_words;
use super::index::{register_analyzer, schema};
use super::query::PREFIX_EXPANSIONS;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, SegmentReader, TantivyDocument, TERMINATED};

/// Where the export lives in `public/`.
pub const SEARCH_DIR: &str = "search";
/// A shard is closed once it holds this many bytes (a stem's postings are never split).
const SHARD_TARGET: usize = 12 * 1024;
/// A fragment group is closed once it holds this many bytes of text.
const FRAGMENT_TARGET: usize = 6 * 1024;
/// Characters of body text kept per document for excerpts.
const EXCERPT_CHARS: usize = 600;
/// Hex digits of a content hash in a file name.
const HASH_HEX: usize = 10;
/// tantivy's BM25 parameters (`tantivy::query::bm25`), which the browser must use too.
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// One posting of a stem in a field.
struct Posting {
    doc: u32,
    term_freq: u32,
    fieldnorm_id: u8,
}

/// Stem → postings per weighted field (in `Fields::weighted` order).
type Postings4 = [Vec<Posting>; 4];

/// Reads the index in `index_dir` and returns the export's files (site path, bytes).
pub fn export_index(index_dir: &Path) -> tantivy::Result<Vec<(String, Vec<u8>)>> {
    let index = Index::open_in_dir(index_dir)?;
    register_analyzer(&index);
    let (_, fields) = schema();
    let searcher = index.reader()?.searcher();
    let segment = match searcher.segment_readers() {
        [segment] => Some(segment),
        // A site with nothing to index: tantivy writes no segment.
        [] => None,
        more => {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "the index has {} segments; the export needs exactly one (merged)",
                more.len()
            )))
        }
    };
    if segment.is_some_and(|segment| segment.num_deleted_docs() > 0) {
        return Err(tantivy::TantivyError::InvalidArgument(
            "the index has deleted documents: document numbers would not match".into(),
        ));
    }
    let doc_count = segment.map_or(0, |segment| segment.max_doc());
    let mut stems: BTreeMap<Vec<u8>, Postings4> = BTreeMap::new();
    let mut field_meta = Vec::new();
    for (slot, (field, boost)) in fields.weighted().into_iter().enumerate() {
        let tokens = match segment {
            Some(segment) => read_field(segment, field, slot, &mut stems)?,
            None => 0,
        };
        field_meta.push(json!({
            "name": index.schema().get_field_name(field),
            "boost": boost,
            "tokens": tokens,
        }));
    }

    let mut files = Vec::new();
    let shards = write_shards(&stems, &mut files);

    let mut types: Vec<String> = Vec::new();
    let mut districts: Vec<String> = Vec::new();
    let mut district_sets: Vec<Vec<usize>> = Vec::new();
    let mut doc_types = Vec::with_capacity(doc_count as usize);
    let mut doc_districts = Vec::with_capacity(doc_count as usize);
    let mut fragment_hashes = String::new();
    let mut fragment_sizes = Vec::new();
    // The group's JSON array, written entry by entry: `[e1,e2,…]`.
    let mut group: Vec<u8> = Vec::new();
    let mut group_size = 0;
    // The entries' own bytes, without separators: what closes a group at FRAGMENT_TARGET.
    let mut group_bytes = 0;
    for doc in 0..doc_count {
        let stored: TantivyDocument = searcher.doc(DocAddress::new(0, doc))?;
        let text = |field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        doc_types.push(position_or_push(&mut types, text(fields.kind)));
        let mut set: Vec<usize> = stored
            .get_all(fields.district)
            .filter_map(|v| v.as_str())
            .map(|name| position_or_push(&mut districts, name))
            .collect();
        set.sort_unstable();
        doc_districts.push(position_or_push(&mut district_sets, &set));
        let excerpt = truncate_chars(text(fields.body), EXCERPT_CHARS);
        let entry = json!([
            text(fields.path),
            text(fields.title),
            text(fields.date),
            text(fields.description),
            excerpt
        ]);
        group.push(if group_size == 0 { b'[' } else { b',' });
        let start = group.len();
        serde_json::to_writer(&mut group, &entry).expect("JSON values serialise");
        group_bytes += group.len() - start;
        group_size += 1;
        if group_bytes >= FRAGMENT_TARGET || doc + 1 == doc_count {
            group.push(b']');
            let bytes = std::mem::take(&mut group);
            let hash = content_hash(&bytes);
            files.push((format!("{SEARCH_DIR}/fragments/{hash}.json"), bytes));
            fragment_hashes.push_str(&hash);
            fragment_sizes.push(group_size);
            group_size = 0;
            group_bytes = 0;
        }
    }

    let meta = json!({
        "version": 1,
        "docs": doc_count,
        "k1": BM25_K1,
        "b": BM25_B,
        "prefix_expansions": PREFIX_EXPANSIONS,
        "fields": field_meta,
        "stopwords": folded_stop_words(),
        "shards": shards,
        "fragments": fragment_hashes,
        "fragment_sizes": fragment_sizes,
        "types": types,
        "districts": districts,
        "district_sets": district_sets,
        "doc_types": doc_types,
        "doc_districts": doc_districts,
    });
    files.push((
        format!("{SEARCH_DIR}/meta.json"),
        serde_json::to_vec(&meta).expect("JSON values serialise"),
    ));
    Ok(files)
}

/// Adds one field's postings to `stems` (in `slot`); returns the field's total token count.
fn read_field(
    segment: &SegmentReader,
    field: Field,
    slot: usize,
    stems: &mut BTreeMap<Vec<u8>, Postings4>,
) -> tantivy::Result<u64> {
    let inverted = segment.inverted_index(field)?;
    let norms = segment.get_fieldnorms_reader(field)?;
    let mut terms = inverted.terms().stream()?;
    while terms.advance() {
        let mut postings =
            inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
        let list = &mut stems.entry(terms.key().to_vec()).or_default()[slot];
        while postings.doc() != TERMINATED {
            let doc = postings.doc();
            list.push(Posting {
                doc,
                term_freq: postings.term_freq(),
                fieldnorm_id: norms.fieldnorm_id(doc),
            });
            postings.advance();
        }
    }
    Ok(inverted.total_num_tokens())
}

/// Encodes the stems into shards; returns `[first stem, content hash]` per shard.
///
/// A stem: varint bytes shared with the previous stem of the shard, varint length and bytes of
/// the rest, a byte with one bit per field that has postings, then per such field the varint
/// posting count and the postings: varint `(doc gap << 1) | (term freq > 1)`, the varint
/// `term freq - 2` when it is above 1, and the field-norm code byte.
fn write_shards(
    stems: &BTreeMap<Vec<u8>, Postings4>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<serde_json::Value> {
    let mut shards = Vec::new();
    let mut shard: Vec<u8> = Vec::new();
    let mut first: &[u8] = &[];
    let mut previous: &[u8] = &[];
    let mut close = |shard: &mut Vec<u8>, first: &[u8]| {
        let hash = content_hash(shard);
        shards.push(json!([String::from_utf8_lossy(first), hash]));
        files.push((
            format!("{SEARCH_DIR}/shards/{hash}.bin"),
            std::mem::take(shard),
        ));
    };
    for (stem, per_field) in stems {
        if shard.is_empty() {
            first = stem;
            previous = &[];
        }
        let shared = stem
            .iter()
            .zip(previous)
            .take_while(|(a, b)| a == b)
            .count();
        write_varint(&mut shard, shared as u32);
        write_varint(&mut shard, (stem.len() - shared) as u32);
        shard.extend_from_slice(&stem[shared..]);
        let mask = per_field
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .fold(0u8, |mask, (slot, _)| mask | 1 << slot);
        shard.push(mask);
        for list in per_field.iter().filter(|list| !list.is_empty()) {
            write_varint(&mut shard, list.len() as u32);
            let mut last_doc = 0;
            for posting in list {
                let gap = posting.doc - last_doc;
                last_doc = posting.doc;
                write_varint(&mut shard, gap << 1 | u32::from(posting.term_freq > 1));
                if posting.term_freq > 1 {
                    write_varint(&mut shard, posting.term_freq - 2);
                }
                shard.push(posting.fieldnorm_id);
            }
        }
        previous = stem;
        if shard.len() >= SHARD_TARGET {
            close(&mut shard, first);
        }
    }
    if !shard.is_empty() {
        close(&mut shard, first);
    }
    shards
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The index of `value` in `list`, appending it when absent.
fn position_or_push<T: PartialEq + ?Sized + ToOwned<Owned = O>, O: std::borrow::Borrow<T>>(
    list: &mut Vec<O>,
    value: &T,
) -> usize {
    match list.iter().position(|known| known.borrow() == value) {
        Some(position) => position,
        None => {
            list.push(value.to_owned());
            list.len() - 1
        }
    }
}

fn truncate_chars(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(end, _)| &text[..end])
}

/// A file's name: 40 bits of a 64-bit FNV-1a hash of its content, in hex. Enough to tell the
/// versions of one file apart, and short: meta.json lists every name.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf29ce484222325u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3)
    });
    format!("{:0width$x}", hash >> (64 - HASH_HEX * 4), width = HASH_HEX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::documents::SearchDocument;
    use crate::search::index::stage_index;
    use std::borrow::Cow;
    use tantivy::{IndexWriter, Term};

    fn document(path: &'static str) -> SearchDocument<'static> {
        SearchDocument {
            path,
            title: "Asilo nido",
            description: Cow::Borrowed(""),
            body: Cow::Borrowed("Il nido comunale."),
            kind: "servizio",
            districts: vec![],
            terms: vec![],
            date: String::new(),
        }
    }

    #[test]
    fn an_index_with_deleted_documents_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("index");
        stage_index(&index_dir, &[document("a/"), document("b/")])
            .unwrap()
            .publish()
            .unwrap()
            .remove()
            .unwrap();
        assert!(export_index(&index_dir).is_ok());
        let index = Index::open_in_dir(&index_dir).unwrap();
        let (_, fields) = schema();
        let mut writer: IndexWriter<TantivyDocument> = index.writer(15_000_000).unwrap();
        writer.delete_term(Term::from_field_text(fields.path, "a/"));
        writer.commit().unwrap();
        let error = export_index(&index_dir).err().unwrap().to_string();
        assert!(error.contains("deleted documents"), "{error}");
    }

    #[test]
    fn varints_take_seven_bits_a_byte() {
        let mut out = Vec::new();
        for value in [0, 127, 128, 300] {
            write_varint(&mut out, value);
        }
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }
}
