//! The template context: serialisable views of the `Site`, built once per build and shared by
//! every page's render. The README's "Template context" section documents these fields.

use crate::point_views::point_summary;
use crate::render_memo::{hash_of, hash_sequence};
use crate::site::{Entry, Page, Section, Site, Taxonomy, Term};
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

#[derive(Serialize)]
struct TermLink<'a> {
    name: &'a str,
    url: String,
}

/// Precomputed views: the parts shared by all pages, and each page's and section's summary.
pub struct Views {
    /// `config`, `menus`, `taxonomies`, `strings`: the same for every page.
    pub shared: Value,
    /// Shared with `get_section`, which picks a section's pages from them when asked.
    pub page_summaries: Arc<PageSummaries>,
    pub section_summaries: Vec<Value>,
    /// In `Site::info_points` order.
    pub point_summaries: Vec<Value>,
}

impl Views {
    pub fn new(site: &Site, theme: &Theme) -> Views {
        let config = &site.config;
        let page_summaries: Vec<Value> = site
            .pages
            .par_iter()
            .map(|page| page_summary(site, page))
            .collect();
        let section_summaries: Vec<Value> = site
            .sections
            .iter()
            .map(|section| entry_summary(site, &section.entry))
            .collect();
        let taxonomies: Vec<Value> = site
            .taxonomies
            .iter()
            .map(|t| taxonomy_view(site, t))
            .collect();
        let point_summaries: Vec<Value> = site
            .info_points
            .par_iter()
            .map(|point| point_summary(site, point))
            .collect();
        let shared = json!({
            "config": {
                "title": config.site.title,
                "description": config.site.description,
                "base_url": config.base_url.absolute(""),
                "base_path": config.base_url.path(),
                "language": config.site.language,
                "extra": config.site.extra,
                "legal": config.site.legal,
            },
            "menus": site.menus,
            "taxonomies": taxonomies,
            "strings": theme.ui,
            // For the "open now" script, which reads them from its own tag.
            "open_now_labels": serde_json::to_string(&theme.open_now).unwrap_or_default(),
            "search_labels": serde_json::to_string(&theme.search_labels).unwrap_or_default(),
        });
        Views {
            shared,
            page_summaries: Arc::new(PageSummaries {
                values: page_summaries,
                hashes: OnceLock::new(),
            }),
            section_summaries,
            point_summaries,
        }
    }

    /// The full view of a page: its summary plus content, table of contents and section.
    pub fn page(&self, site: &Site, index: usize) -> Value {
        let page = &site.pages[index];
        let mut view = self.page_summaries.values[index].clone();
        extend_with_content(&mut view, &page.entry);
        view["section"] = self.section_summaries[page.section].clone();
        view["info_points"] = pick(&self.point_summaries, &page.info_points);
        view
    }

    /// A section's view without its pages (a listing job adds them as `Cards`): its summary,
    /// content and subsections.
    pub fn section_without_pages(&self, site: &Site, index: usize) -> Value {
        let section = &site.sections[index];
        let mut view = self.section_summaries[index].clone();
        extend_with_content(&mut view, &section.entry);
        view["subsections"] = pick(&self.section_summaries, &section.subsections);
        if section.entry.front_matter.feed {
            view["feed_url"] = json!(site.config.base_url.root_relative(&feed_path(section)));
        }
        view
    }

    /// Every section as `get_section` gives it, by source file.
    pub fn sections_by_source(&self, site: &Site) -> SectionsBySource {
        let sections = site
            .sections
            .iter()
            .enumerate()
            .map(|(index, section)| {
                let view = self.section_without_pages(site, index);
                (section.entry.source.clone(), (view, section.pages.clone()))
            })
            .collect();
        SectionsBySource {
            sections,
            page_summaries: Arc::clone(&self.page_summaries),
            hashes: OnceLock::new(),
        }
    }

    /// Links from the home page to the parent of the current page, for breadcrumbs.
    pub fn breadcrumbs(&self, site: &Site, section: usize) -> Value {
        site.ancestry(section)
            .iter()
            .map(|s| json!({ "title": s.entry.front_matter.title, "url": site.config.base_url.root_relative(&s.entry.path) }))
            .collect()
    }
}

/// A term's view without its pages (a listing job adds them as `Cards`).
pub fn term_without_pages(site: &Site, term: &Term) -> Value {
    json!({
        "name": term.name,
        "url": site.config.base_url.root_relative(&term.path),
    })
}

/// A JSON object from its fields, moved in: `json!` would serialise each value again, and these
/// values can hold thousands of cards.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// The page summaries, shared by the views and `get_section`. With each summary's hash
/// (computed on first use), the dev server's memo compares a listing's cards with the last
/// build's without copying them.
#[derive(Default)]
pub struct PageSummaries {
    values: Vec<Value>,
    hashes: OnceLock<Vec<u64>>,
}

impl PageSummaries {
    /// Copies of the summaries at `indices`: a listing's cards.
    pub fn pick(&self, indices: &[usize]) -> Value {
        pick(&self.values, indices)
    }

    /// The hash of the summaries at `indices`, in that order.
    pub fn hash(&self, indices: &[usize]) -> u64 {
        let hashes = self
            .hashes
            .get_or_init(|| self.values.par_iter().map(hash_of).collect());
        hash_sequence(indices.iter().map(|&index| hashes[index]))
    }
}

/// Sections by source file, their pages picked when one is asked for: a listing of thousands of
/// cards is not built for each section up front, and most templates never ask.
#[derive(Default)]
pub struct SectionsBySource {
    /// Each section's view without its pages, and the indices of its pages.
    sections: HashMap<String, (Value, Vec<usize>)>,
    page_summaries: Arc<PageSummaries>,
    /// What `get` gives for each section, hashed on first use: only the dev server needs them.
    hashes: OnceLock<HashMap<String, u64>>,
}

impl SectionsBySource {
    /// The full view of the section whose source file is `source`, with its pages.
    pub fn get(&self, source: &str) -> Option<Value> {
        let (view, pages) = self.sections.get(source)?;
        let mut view = view.clone();
        view["pages"] = self.page_summaries.pick(pages);
        Some(view)
    }

    /// The hash of what `get` gives for `source`, without building it.
    pub fn hash(&self, source: &str) -> Option<u64> {
        let hashes = self.hashes.get_or_init(|| {
            self.sections
                .iter()
                .map(|(source, (view, pages))| {
                    let hash = hash_sequence([hash_of(view), self.page_summaries.hash(pages)]);
                    (source.clone(), hash)
                })
                .collect()
        });
        hashes.get(source).copied()
    }
}

/// The summaries at `indices`, as a JSON list. Collected straight into a `Value`: through
/// `json!` a list of 2,500 cards would be copied twice.
fn pick(summaries: &[Value], indices: &[usize]) -> Value {
    indices.iter().map(|&i| summaries[i].clone()).collect()
}

/// Where a section's Atom feed is written.
pub fn feed_path(section: &Section) -> String {
    format!("{}atom.xml", section.entry.path)
}

fn entry_summary(site: &Site, entry: &Entry) -> Value {
    let fm = &entry.front_matter;
    json!({
        "title": fm.title,
        "description": fm.description,
        "url": site.config.base_url.root_relative(&entry.path),
        "permalink": site.config.base_url.absolute(&entry.path),
        "path": entry.path,
        "source": entry.source,
        "date": fm.date.map(|d| d.to_string()),
        "updated": fm.updated.map(|d| d.to_string()),
        "weight": fm.weight,
        "draft": fm.draft,
        "lang": site.config.site.language,
        "extra": fm.extra,
    })
}

fn page_summary(site: &Site, page: &Page) -> Value {
    let mut view = entry_summary(site, &page.entry);
    let mut taxonomies: BTreeMap<&str, Vec<TermLink>> = BTreeMap::new();
    for taxonomy in &site.taxonomies {
        if let Some(indices) = page.terms.get(&taxonomy.config.name) {
            taxonomies.insert(
                &taxonomy.config.name,
                indices
                    .iter()
                    .map(|&i| &taxonomy.terms[i])
                    .map(|term| TermLink {
                        name: &term.name,
                        url: site.config.base_url.root_relative(&term.path),
                    })
                    .collect(),
            );
        }
    }
    view["taxonomies"] = json!(taxonomies);
    view
}

fn extend_with_content(view: &mut Value, entry: &Entry) {
    view["content"] = json!(entry.content);
    view["toc"] = entry
        .headings
        .iter()
        .map(|h| json!({ "level": h.level, "id": h.id, "title": h.title }))
        .collect();
}

fn taxonomy_view(site: &Site, taxonomy: &Taxonomy) -> Value {
    json!({
        "name": taxonomy.config.name,
        "title": taxonomy.config.title,
        "description": taxonomy.config.description,
        "url": site.config.base_url.root_relative(&format!("{}/", taxonomy.config.path)),
        "terms": taxonomy.terms.iter().map(|term| json!({
            "name": term.name,
            "url": site.config.base_url.root_relative(&term.path),
            "count": term.pages.len(),
        })).collect::<Vec<_>>(),
    })
}
