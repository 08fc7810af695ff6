//! Early cut-off for the dev server's rebuilds: a template rendered with the same inputs gives
//! the same page, so a page whose inputs are unchanged since the last build is taken from it
//! instead of being rendered again. The inputs are recorded, not guessed: the job's own values,
//! the values every page shares, the sources of the templates it renders with, and each
//! section that the template read through `get_section` while rendering (with a hash of what
//! it read). This is the dependency map that lets a title edit re-render only the pages that
//! show that title.

use foldhash::quality::{FoldHasher, SeedableRandomState};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Mutex;

/// What each page of a build was rendered from.
#[derive(Debug, Default)]
pub struct RenderMemo {
    pages: HashMap<String, Inputs>,
    /// How many pages were rendered (the others were taken from the previous build).
    rendered: usize,
}

impl RenderMemo {
    /// Forgets a page rendered outside the memo (the dev server's body edits), so that it is
    /// never taken for the page its old inputs gave.
    pub fn forget(&mut self, path: &str) {
        self.pages.remove(path);
    }

    /// How many pages the build rendered; the others were taken from the previous build.
    pub fn rendered(&self) -> usize {
        self.rendered
    }
}

#[derive(Debug, Clone)]
struct Inputs {
    /// The job's template, values and everything shared (see `Memo::input`).
    own: u64,
    /// The sections read with `get_section`, with the hash of what was read.
    sections: Vec<(String, u64)>,
}

/// The memo of the build being rendered, next to the previous build's.
pub struct Memo<'a> {
    previous: Option<&'a RenderMemo>,
    /// The shared values' hash, part of every page's inputs.
    shared: u64,
    next: Mutex<RenderMemo>,
}

impl<'a> Memo<'a> {
    pub fn new(previous: Option<&'a RenderMemo>, shared: u64) -> Memo<'a> {
        Memo {
            previous,
            shared,
            next: Mutex::default(),
        }
    }

    /// The hash of a job's own inputs: its template and the hash of the templates' sources it
    /// renders with, its values, the hash of the listing cards not yet in its values, and the
    /// shared values.
    pub fn input(&self, template: &str, sources: u64, values: &Value, cards: Option<u64>) -> u64 {
        let mut hasher = hasher();
        self.shared.hash(&mut hasher);
        template.hash(&mut hasher);
        sources.hash(&mut hasher);
        values.hash(&mut hasher);
        cards.hash(&mut hasher);
        hasher.finish()
    }

    /// Whether the previous build's page at `path`, which its writing left in the output
    /// folder, was rendered from the same inputs; `section` gives the current hash of a
    /// section's `get_section` value.
    pub fn reuse(&self, path: &str, input: u64, section: impl Fn(&str) -> Option<u64>) -> bool {
        let Some(inputs) = self.previous.and_then(|memo| memo.pages.get(path)) else {
            return false;
        };
        let unchanged = inputs.own == input
            && inputs
                .sections
                .iter()
                .all(|(name, hash)| section(name) == Some(*hash));
        if unchanged {
            self.keep(path, inputs.clone());
        }
        unchanged
    }

    /// Records what the page at `path` was rendered from.
    pub fn record(&self, path: &str, own: u64, sections: Vec<(String, u64)>) {
        self.keep(path, Inputs { own, sections });
        if let Ok(mut next) = self.next.lock() {
            next.rendered += 1;
        }
    }

    fn keep(&self, path: &str, inputs: Inputs) {
        if let Ok(mut next) = self.next.lock() {
            next.pages.insert(path.to_string(), inputs);
        }
    }

    pub fn finish(self) -> RenderMemo {
        self.next.into_inner().unwrap_or_default()
    }
}

/// The memo's hash of a value: page values (JSON, walked directly since `Value` is `Hash`), the
/// templates' sources. As JSON text a value went through the serializer's escaping and fed the
/// hasher a few bytes per call: on a 10,000-page rebuild that cost more than the hashing itself.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A hash of hashes, in order: a listing's cards from each card's hash.
pub fn hash_sequence(hashes: impl IntoIterator<Item = u64>) -> u64 {
    let mut hasher = hasher();
    for hash in hashes {
        hasher.write_u64(hash);
    }
    hasher.finish()
}

/// Foldhash's quality variant with a fixed seed: every hash of a dev server session must agree,
/// and it hashes the pages' text several times faster than SipHash (`DefaultHasher`), with a
/// well-mixed 64-bit result (an accidental match of two different inputs is a 1 in 2^64 event).
fn hasher() -> FoldHasher<'static> {
    SeedableRandomState::fixed().build_hasher()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_is_reused_only_when_every_input_is_the_same() {
        let first = Memo::new(None, 1);
        let input = first.input("page.html", 3, &json!({"title": "A"}), None);
        first.record("a/index.html", input, vec![("partner/_index.md".into(), 7)]);
        let memo = first.finish();

        let same = Memo::new(Some(&memo), 1);
        let input = same.input("page.html", 3, &json!({"title": "A"}), None);
        assert!(same.reuse("a/index.html", input, |_| Some(7)));
        assert!(!same.reuse("b/index.html", input, |_| Some(7)));
        let again = same.finish();
        assert_eq!(again.pages.len(), 1, "a reused page stays recorded");
        assert_eq!(again.rendered(), 0);
        assert_eq!(memo.rendered(), 1);

        let changed_value = Memo::new(Some(&memo), 1);
        let input = changed_value.input("page.html", 3, &json!({"title": "B"}), None);
        assert!(!changed_value.reuse("a/index.html", input, |_| Some(7)));

        let changed_shared = Memo::new(Some(&memo), 2);
        let input = changed_shared.input("page.html", 3, &json!({"title": "A"}), None);
        assert!(!changed_shared.reuse("a/index.html", input, |_| Some(7)));

        let changed_template = Memo::new(Some(&memo), 1);
        let input = changed_template.input("page.html", 4, &json!({"title": "A"}), None);
        assert!(!changed_template.reuse("a/index.html", input, |_| Some(7)));

        let changed_section = Memo::new(Some(&memo), 1);
        let input = changed_section.input("page.html", 3, &json!({"title": "A"}), None);
        assert!(!changed_section.reuse("a/index.html", input, |_| Some(8)));
        assert!(!changed_section.reuse("a/index.html", input, |_| None));
    }
}
