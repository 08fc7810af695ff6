//! Assembles the `Site` from loaded content: URLs, sections, ordering, taxonomies, aliases,
//! menus and internal links. The `Site` is plain data that every output reads and none changes.

use crate::config::{Config, TaxonomyConfig};
use crate::content::{asset_source, Document, DocumentKind, LoadedContent};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::front_matter::{FrontMatter, SortBy};
use crate::info_points::{InfoPoint, PageLink, INFO_POINTS_DIR};
use crate::markdown::Heading;
use crate::slug::{is_slug, slugify};
use crate::yaml::YamlSource;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The type of pages whose section has no type in `search.types`.
pub const DEFAULT_TYPE: &str = "pagina";
/// The type of news pages (`search.types` in `site.yaml`): they are articles with a date.
pub const NEWS_TYPE: &str = "notizia";

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// `sections[0]` is the home page (`content/_index.md`).
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    pub aliases: Vec<Alias>,
    pub assets: Vec<Asset>,
    pub menus: BTreeMap<String, Vec<MenuLink>>,
    /// Sorted by district (as listed in `site.yaml`), municipality, then name.
    pub info_points: Vec<LinkedInfoPoint>,
}

/// A page or a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryRef {
    Section(usize),
    Page(usize),
}

/// An info point with its links to pages resolved.
#[derive(Debug)]
pub struct LinkedInfoPoint {
    pub point: InfoPoint,
    pub organisation: Option<EntryRef>,
    pub services: Vec<EntryRef>,
}

/// Where the info points' directory lives, and its pages per district.
pub fn info_point_directory_path() -> String {
    format!("{INFO_POINTS_DIR}/")
}

pub fn district_path(id: &str) -> String {
    format!("{INFO_POINTS_DIR}/distretto/{id}/")
}

pub fn flyer_path(point: &InfoPoint) -> String {
    format!("{}volantino/", point.path)
}

/// What pages and sections share.
#[derive(Debug)]
pub struct Entry {
    /// Relative to `content/`: `servizi/nidi.md`.
    pub source: String,
    /// Site path without a leading slash, ending in `/`: `servizi/nidi/` (`` for the home page).
    pub path: String,
    pub front_matter: FrontMatter,
    /// Final HTML of the Markdown body, links resolved.
    pub content: String,
    pub headings: Vec<Heading>,
    /// The body's words without markup, for search.
    pub text: String,
}

#[derive(Debug)]
pub struct Page {
    pub entry: Entry,
    /// Index in `Site::sections`.
    pub section: usize,
    /// Taxonomy name → indices in that taxonomy's `terms`.
    pub terms: BTreeMap<String, Vec<usize>>,
    /// Indices in `Site::info_points` of the points that list this page among their services.
    pub info_points: Vec<usize>,
}

#[derive(Debug)]
pub struct Section {
    pub entry: Entry,
    pub parent: Option<usize>,
    /// Indices in `Site::pages`, in the section's order.
    pub pages: Vec<usize>,
    /// Indices in `Site::sections`, by weight then title.
    pub subsections: Vec<usize>,
}

#[derive(Debug)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    /// By slug.
    pub terms: Vec<Term>,
}

#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Site path: `temi/congedi/`.
    pub path: String,
    /// Newest first, then by title.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Alias {
    /// Site path of the old address: `vecchio/` or `vecchio.html`.
    pub from: String,
    /// Site path it redirects to.
    pub to: String,
}

#[derive(Debug)]
pub struct Asset {
    pub source: PathBuf,
    /// Site path of the copy: the same as under `content/`.
    pub path: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct MenuLink {
    pub name: String,
    /// Root-relative URL.
    pub url: String,
}

impl Site {
    pub fn section_of(&self, page: &Page) -> &Section {
        &self.sections[page.section]
    }

    /// A page's type (`servizio`, `notizia`, …): its section's entry in `search.types`, or
    /// `DEFAULT_TYPE`. Search filters and structured data both follow it.
    pub fn page_type(&self, page: &Page) -> &str {
        let section_dir = self
            .section_of(page)
            .entry
            .source
            .trim_end_matches("_index.md")
            .trim_end_matches('/');
        self.config
            .site
            .search
            .types
            .get(section_dir)
            .map_or(DEFAULT_TYPE, String::as_str)
    }

    /// Sections from the home page down to `index`, both included.
    pub fn ancestry(&self, index: usize) -> Vec<&Section> {
        let mut chain = vec![&self.sections[index]];
        while let Some(parent) = chain.last().and_then(|s| s.parent) {
            chain.push(&self.sections[parent]);
        }
        chain.reverse();
        chain
    }

    pub fn entry(&self, entry: EntryRef) -> &Entry {
        match entry {
            EntryRef::Section(index) => &self.sections[index].entry,
            EntryRef::Page(index) => &self.pages[index].entry,
        }
    }

    pub fn term_count(&self) -> usize {
        self.taxonomies.iter().map(|t| t.terms.len()).sum()
    }
}

/// Builds the site model. `include_drafts` publishes pages marked `draft: true`.
/// Returns the site with its warnings, or every diagnostic when there is an error.
pub fn assemble_site(
    root: &Path,
    config: Config,
    loaded: LoadedContent,
    include_drafts: bool,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = loaded.diagnostics;
    let failed = loaded.failed;
    let hidden =
        |d: &Document| !include_drafts && d.front_matter.draft && d.kind != DocumentKind::Section;
    let mut documents = loaded.documents;
    let draft_sources: HashSet<String> = documents
        .iter()
        .filter(|d| hidden(d))
        .map(|d| d.source.clone())
        .collect();
    // Not moved into a new list unless there are drafts to leave out: 12,000 large structs.
    if !draft_sources.is_empty() {
        documents.retain(|d| !hidden(d));
    }

    let section_dirs: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == DocumentKind::Section)
        .map(|(index, d)| (d.url_dir().to_string(), index))
        .collect();
    if !section_dirs.contains_key("") {
        if failed.contains("_index.md") {
            return Err(diagnostics);
        }
        diagnostics.push(
            Diagnostic::error("content/_index.md", "the home page is missing")
                .hint("create content/_index.md with a `title`"),
        );
        return Err(diagnostics);
    }
    let mut urls = UrlRegistry::default();
    let paths: Vec<String> = documents
        .iter()
        .map(|document| site_path(document, &documents, &section_dirs, &mut diagnostics))
        .collect();
    for (document, path) in documents.iter().zip(&paths) {
        urls.claim(path, &document.file, &mut diagnostics);
    }

    // Link targets: every published document's path and heading ids.
    let targets: HashMap<&str, (&str, HashSet<&str>)> = documents
        .iter()
        .zip(&paths)
        .map(|(d, path)| {
            let ids = d.markdown.headings.iter().map(|h| h.id.as_str()).collect();
            (d.source.as_str(), (path.as_str(), ids))
        })
        .collect();
    // In parallel: each document's HTML is copied with its links rewritten.
    let resolved: Vec<(String, Vec<Diagnostic>)> = documents
        .par_iter()
        .map(|d| {
            let mut found = Vec::new();
            let content = resolve_links(d, &targets, &draft_sources, &failed, &config, &mut found);
            (content, found)
        })
        .collect();
    let contents: Vec<String> = resolved
        .into_iter()
        .map(|(content, found)| {
            diagnostics.extend(found);
            content
        })
        .collect();

    // Sections and pages, with their place in the tree.
    let mut sections = Vec::new();
    let mut pages = Vec::new();
    let mut section_index_of_document = HashMap::new();
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by_key(|&i| (documents[i].url_dir() != "", documents[i].source.as_str()));
    for &i in &order {
        if documents[i].kind == DocumentKind::Section {
            section_index_of_document.insert(i, sections.len());
            sections.push(i);
        }
    }
    let enclosing_section = |dir: &str| -> usize {
        let mut dir = dir.to_string();
        loop {
            if let Some(&document) = section_dirs.get(&dir) {
                return section_index_of_document[&document];
            }
            dir = dir
                .rsplit_once('/')
                .map_or(String::new(), |(parent, _)| parent.to_string());
        }
    };
    let section_parents: Vec<Option<usize>> = sections
        .iter()
        .map(|&document| {
            let dir = documents[document].url_dir();
            (!dir.is_empty())
                .then(|| enclosing_section(dir.rsplit_once('/').map_or("", |(parent, _)| parent)))
        })
        .collect();
    let page_sections: Vec<(usize, usize)> = order
        .iter()
        .filter(|&&i| documents[i].kind == DocumentKind::Page)
        .map(|&i| {
            let dir = documents[i].url_dir();
            (
                i,
                enclosing_section(dir.rsplit_once('/').map_or("", |(parent, _)| parent)),
            )
        })
        .collect();

    let mut documents: Vec<Option<Document>> = documents.into_iter().map(Some).collect();
    let mut contents: Vec<Option<String>> = contents.into_iter().map(Some).collect();
    let mut take_entry = |i: usize| {
        let document = documents[i]
            .take()
            .expect("each document becomes one entry");
        Entry {
            source: document.source,
            path: paths[i].clone(),
            front_matter: document.front_matter,
            content: contents[i].take().unwrap_or_default(),
            headings: document.markdown.headings,
            text: document.markdown.text,
        }
    };
    let mut sections: Vec<Section> = sections
        .into_iter()
        .zip(section_parents)
        .map(|(i, parent)| Section {
            entry: take_entry(i),
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    for (i, section) in page_sections {
        sections[section].pages.push(pages.len());
        pages.push(Page {
            entry: take_entry(i),
            section,
            terms: BTreeMap::new(),
            info_points: Vec::new(),
        });
    }
    for index in 1..sections.len() {
        if let Some(parent) = sections[index].parent {
            sections[parent].subsections.push(index);
        }
    }
    let page_slugs = title_slugs(&pages, |page| &page.entry);
    let section_slugs = title_slugs(&sections, |section| &section.entry);
    for index in 0..sections.len() {
        let sort_by = sections[index].entry.front_matter.sort_by;
        let mut section_pages = std::mem::take(&mut sections[index].pages);
        section_pages.sort_by_key(|&page| sort_key(&pages[page].entry, &page_slugs[page], sort_by));
        sections[index].pages = section_pages;
        let mut subsections = std::mem::take(&mut sections[index].subsections);
        subsections.sort_by_key(|&section| {
            sort_key(
                &sections[section].entry,
                &section_slugs[section],
                SortBy::Weight,
            )
        });
        sections[index].subsections = subsections;
    }

    let taxonomies = collect_taxonomies(
        &config,
        &mut pages,
        &page_slugs,
        &mut urls,
        &mut diagnostics,
    );
    let aliases = collect_aliases(&sections, &pages, &mut urls, &mut diagnostics);
    let menus = resolve_menus(
        &config,
        &targets_by_source(&sections, &pages),
        &failed,
        &mut diagnostics,
    );
    let info_points = link_info_points(
        loaded.info_points,
        &failed,
        &config,
        &sections,
        &mut pages,
        &mut urls,
        &mut diagnostics,
    );
    let assets = loaded
        .assets
        .into_iter()
        .map(|path| Asset {
            source: asset_source(root, &path),
            path,
        })
        .collect();

    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let site = Site {
        config,
        sections,
        pages,
        taxonomies,
        aliases,
        assets,
        menus,
        info_points,
    };
    Ok((site, diagnostics))
}

/// Resolves the info points' links to pages, claims their URLs and records on each service
/// page which points offer it.
fn link_info_points(
    points: Vec<InfoPoint>,
    failed: &HashSet<String>,
    config: &Config,
    sections: &[Section],
    pages: &mut [Page],
    urls: &mut UrlRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<LinkedInfoPoint> {
    if points.is_empty() {
        return Vec::new();
    }
    let owner = "the info points' directory";
    urls.claim(&info_point_directory_path(), owner, diagnostics);
    for district in &config.site.districts {
        urls.claim(&district_path(&district.id), owner, diagnostics);
    }
    let entries: HashMap<&str, EntryRef> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.entry.source.as_str(), EntryRef::Section(i)))
        .chain(
            pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.entry.source.as_str(), EntryRef::Page(i))),
        )
        .collect();
    let mut resolve = |point: &InfoPoint, link: &PageLink| -> Option<EntryRef> {
        if let Some(&entry) = entries.get(link.target.as_str()) {
            return Some(entry);
        }
        if failed.contains(&link.target) {
            return None;
        }
        let hint = page_link_hint(
            &link.target,
            entries.keys().copied(),
            "write the path of a published file under content/",
        );
        let source = YamlSource::whole_file(&point.file, &point.text);
        let position = source.locations().value(&link.key_path);
        diagnostics.push(
            source
                .error_at(
                    position,
                    format!("broken link: no page at @/{}", link.target),
                )
                .hint(hint),
        );
        None
    };
    let mut linked: Vec<LinkedInfoPoint> = points
        .into_iter()
        .map(|point| LinkedInfoPoint {
            organisation: point
                .organisation
                .as_ref()
                .and_then(|link| resolve(&point, link)),
            services: point
                .services
                .iter()
                .filter_map(|link| resolve(&point, link))
                .collect(),
            point,
        })
        .collect();
    linked.sort_by_cached_key(|linked| {
        let point = &linked.point;
        (
            point.district,
            slugify(&point.municipality),
            slugify(&point.name),
        )
    });
    for (index, linked_point) in linked.iter().enumerate() {
        let point = &linked_point.point;
        if urls.claim(&point.path, &point.file, diagnostics) {
            urls.claim(&flyer_path(point), &point.file, diagnostics);
        }
        for service in &linked_point.services {
            if let EntryRef::Page(page) = *service {
                pages[page].info_points.push(index);
            }
        }
    }
    linked
}

/// The hint for a link to a missing page: the nearest existing source, else `fallback`.
fn page_link_hint<'a>(
    target: &str,
    sources: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match did_you_mean(target, sources) {
        Some(suggestion) => format!("did you mean @/{suggestion}?"),
        None => fallback.to_string(),
    }
}

/// Every URL belongs to one thing; a second claim is an error naming both.
#[derive(Default)]
struct UrlRegistry {
    owners: HashMap<String, String>,
    /// Lower-cased paths: two URLs that differ only by case collide on case-insensitive hosts.
    folded: HashMap<String, String>,
}

impl UrlRegistry {
    fn claim(&mut self, path: &str, owner: &str, diagnostics: &mut Vec<Diagnostic>) -> bool {
        if let Some(previous) = self.owners.get(path) {
            diagnostics.push(
                Diagnostic::error(
                    owner,
                    format!("the URL /{path} is already used by {previous}"),
                )
                .hint("change the `slug`, the file name or the alias so each URL is unique"),
            );
            return false;
        }
        if let Some(previous) = self.folded.get(&path.to_lowercase()) {
            diagnostics.push(
                Diagnostic::error(
                    owner,
                    format!("the URL /{path} differs only by case from one used by {previous}"),
                )
                .hint("many hosts ignore case in URLs: rename one of them"),
            );
            return false;
        }
        self.owners.insert(path.to_string(), owner.to_string());
        self.folded.insert(path.to_lowercase(), owner.to_string());
        true
    }
}

/// The URL path of a document: its folders' URL segments plus its own (`slug` or file name).
fn site_path(
    document: &Document,
    documents: &[Document],
    section_dirs: &HashMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let dir = document.url_dir();
    if dir.is_empty() {
        return String::new();
    }
    let mut path = String::new();
    let mut prefix = String::new();
    let parts: Vec<&str> = dir.split('/').collect();
    for (index, part) in parts.iter().enumerate() {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(part);
        let is_own = index + 1 == parts.len();
        let owner = if is_own {
            Some(document)
        } else {
            section_dirs.get(&prefix).map(|&i| &documents[i])
        };
        let segment = match owner.and_then(|d| d.front_matter.slug.as_deref()) {
            Some(slug) => {
                if is_own && !is_slug(slug) {
                    diagnostics.push(
                        Diagnostic::error(
                            &document.file,
                            format!("`slug: {slug}` is not a valid URL segment"),
                        )
                        .hint(format!(
                            "use lower-case letters, digits and dashes, e.g. `{}`",
                            suggested_slug(slug)
                        )),
                    );
                }
                slugify(slug)
            }
            None => slugify(part),
        };
        if segment.is_empty() && is_own {
            diagnostics.push(
                Diagnostic::error(&document.file, "the file name gives an empty URL")
                    .hint("rename the file with letters or digits, or set a `slug`"),
            );
        }
        path.push_str(&segment);
        path.push('/');
    }
    path
}

fn suggested_slug(text: &str) -> String {
    Some(slugify(text))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "nome-pagina".to_string())
}

/// What entries sort by: weight (lightest first), date (newest first) or title (its slug, from
/// `title_slugs`), each falling back to title then path.
fn sort_key<'a>(
    entry: &'a Entry,
    title_slug: &'a str,
    sort_by: SortBy,
) -> (i64, Reverse<Option<NaiveDate>>, &'a str, &'a str) {
    let fm = &entry.front_matter;
    let (weight, date) = match sort_by {
        SortBy::Weight => (fm.weight.unwrap_or(i64::MAX), None),
        SortBy::Date => (0, fm.date),
        SortBy::Title => (0, None),
    };
    (weight, Reverse(date), title_slug, &entry.path)
}

/// Each entry's title as a slug, for `sort_key`: slugs are not cheap, and a page is sorted in
/// its section and in each of its terms. Computed once, in parallel.
fn title_slugs<T: Sync>(items: &[T], entry: impl Fn(&T) -> &Entry + Sync) -> Vec<String> {
    items
        .par_iter()
        .map(|item| slugify(&entry(item).front_matter.title))
        .collect()
}

/// The HTML of a document's body with its links resolved against the pages and sections of an
/// assembled site: for the dev server, after an edit that changed only that body.
pub fn resolve_body(site: &Site, document: &Document, diagnostics: &mut Vec<Diagnostic>) -> String {
    let entries = site
        .sections
        .iter()
        .map(|section| &section.entry)
        .chain(site.pages.iter().map(|page| &page.entry));
    let targets: HashMap<&str, (&str, HashSet<&str>)> = entries
        .map(|entry| {
            let ids = entry.headings.iter().map(|h| h.id.as_str()).collect();
            (entry.source.as_str(), (entry.path.as_str(), ids))
        })
        .collect();
    let none = HashSet::new();
    resolve_links(document, &targets, &none, &none, &site.config, diagnostics)
}

fn resolve_links(
    document: &Document,
    targets: &HashMap<&str, (&str, HashSet<&str>)>,
    drafts: &HashSet<String>,
    failed: &HashSet<String>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    diagnostics.extend(document.markdown.diagnostics.iter().cloned());
    document.markdown.html(|link| {
        let Some((path, ids)) = targets.get(link.target.as_str()) else {
            if failed.contains(&link.target) {
                return String::new();
            }
            let (message, hint) = if drafts.contains(&link.target) {
                (
                    format!("the link points at a draft: @/{}", link.target),
                    "publish the page (remove `draft: true`) or remove the link".to_string(),
                )
            } else {
                let hint = page_link_hint(
                    &link.target,
                    targets.keys().copied(),
                    "write the path of a file under content/, e.g. @/servizi/_index.md",
                );
                (format!("broken link: no page at @/{}", link.target), hint)
            };
            diagnostics.push(
                Diagnostic::error(&document.file, message)
                    .at_offset(&document.text, link.offset)
                    .hint(hint),
            );
            return String::new();
        };
        let mut url = config.base_url.root_relative(path);
        if let Some(anchor) = &link.anchor {
            if !ids.contains(anchor.as_str()) {
                let hint = match did_you_mean(anchor, ids.iter().copied()) {
                    Some(suggestion) => format!("did you mean #{suggestion}?"),
                    None => "link to the id of one of the target's headings".to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        &document.file,
                        format!("broken link: @/{} has no heading `#{anchor}`", link.target),
                    )
                    .at_offset(&document.text, link.offset)
                    .hint(hint),
                );
            }
            url.push('#');
            url.push_str(anchor);
        }
        url
    })
}

fn collect_taxonomies(
    config: &Config,
    pages: &mut [Page],
    page_slugs: &[String],
    urls: &mut UrlRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for taxonomy_config in &config.site.taxonomies {
        let list_path = format!("{}/", taxonomy_config.path);
        urls.claim(&list_path, "site.yaml (taxonomies)", diagnostics);
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (page_index, page) in pages.iter().enumerate() {
            let Some(names) = page
                .entry
                .front_matter
                .taxonomies
                .get(&taxonomy_config.name)
            else {
                continue;
            };
            for name in names {
                let slug = slugify(name);
                if slug.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(
                            &format!("content/{}", page.entry.source),
                            format!("the term `{name}` has no letters or digits"),
                        )
                        .hint(format!("write a word in `{}`", taxonomy_config.name)),
                    );
                    continue;
                }
                let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.trim().to_string(),
                    path: format!("{list_path}{slug}/"),
                    slug,
                    pages: Vec::new(),
                });
                // Pages come in order: a page naming a term twice is its last one so far.
                if term.pages.last() != Some(&page_index) {
                    term.pages.push(page_index);
                }
            }
        }
        let mut terms: Vec<Term> = terms.into_values().collect();
        for term in terms.iter_mut() {
            urls.claim(
                &term.path,
                &format!("site.yaml (taxonomy term {})", term.name),
                diagnostics,
            );
            term.pages
                .sort_by_key(|&page| sort_key(&pages[page].entry, &page_slugs[page], SortBy::Date));
        }
        // Each page lists its terms in the order the editor wrote them.
        let index_of: HashMap<&str, usize> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        for page in pages.iter_mut() {
            let Some(names) = page
                .entry
                .front_matter
                .taxonomies
                .get(&taxonomy_config.name)
            else {
                continue;
            };
            let mut indices: Vec<usize> = Vec::new();
            for index in names
                .iter()
                .filter_map(|name| index_of.get(slugify(name).as_str()))
            {
                if !indices.contains(index) {
                    indices.push(*index);
                }
            }
            page.terms.insert(taxonomy_config.name.clone(), indices);
        }
        taxonomies.push(Taxonomy {
            config: taxonomy_config.clone(),
            terms,
        });
    }
    taxonomies
}

/// Checks and normalises every `aliases:` entry into a site path.
fn collect_aliases(
    sections: &[Section],
    pages: &[Page],
    urls: &mut UrlRegistry,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let entries = sections
        .iter()
        .map(|s| &s.entry)
        .chain(pages.iter().map(|p| &p.entry));
    let mut aliases = Vec::new();
    for entry in entries {
        let file = format!("content/{}", entry.source);
        for (alias, line) in &entry.front_matter.aliases {
            let diagnostic = |message: String| {
                let mut d = Diagnostic::error(&file, message)
                    .hint("write the old address from the site root, e.g. /vecchia-pagina/");
                d.line = *line;
                d
            };
            let Some(path) = alias.strip_prefix('/') else {
                diagnostics.push(diagnostic(format!("alias `{alias}` must start with /")));
                continue;
            };
            let unsafe_part = path.contains('\\')
                || path.contains('%')
                || path.starts_with('/')
                || path.split('/').any(|s| s == ".." || s == ".")
                || path
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || "?#\"<>".contains(c));
            if path.is_empty() || unsafe_part {
                diagnostics.push(diagnostic(format!("alias `{alias}` is not a safe address")));
                continue;
            }
            let is_file = path
                .rsplit('/')
                .next()
                .is_some_and(|name| name.contains('.'));
            let path = if is_file || path.ends_with('/') {
                path.to_string()
            } else {
                format!("{path}/")
            };
            if urls.claim(&path, &file, diagnostics) {
                aliases.push(Alias {
                    from: path,
                    to: entry.path.clone(),
                });
            }
        }
    }
    aliases.sort_by(|a, b| a.from.cmp(&b.from));
    aliases
}

fn targets_by_source<'a>(sections: &'a [Section], pages: &'a [Page]) -> HashMap<&'a str, &'a str> {
    sections
        .iter()
        .map(|s| &s.entry)
        .chain(pages.iter().map(|p| &p.entry))
        .map(|e| (e.source.as_str(), e.path.as_str()))
        .collect()
}

fn resolve_menus(
    config: &Config,
    targets: &HashMap<&str, &str>,
    failed: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<MenuLink>> {
    let mut menus = BTreeMap::new();
    for (name, items) in &config.site.menus {
        let mut links = Vec::new();
        for item in items {
            let url = if let Some(source) = item.url.strip_prefix("@/") {
                match targets.get(source) {
                    Some(path) => config.base_url.root_relative(path),
                    None if failed.contains(source) => continue,
                    None => {
                        let hint = page_link_hint(
                            source,
                            targets.keys().copied(),
                            "write the path of a file under content/",
                        );
                        diagnostics.push(
                            Diagnostic::error(
                                "site.yaml",
                                format!("menu `{name}`: no page at {}", item.url),
                            )
                            .hint(hint),
                        );
                        continue;
                    }
                }
            } else if item.url.starts_with('/') {
                config.base_url.root_relative(&item.url)
            } else {
                item.url.clone()
            };
            links.push(MenuLink {
                name: item.name.clone(),
                url,
            });
        }
        menus.insert(name.clone(), links);
    }
    menus
}
