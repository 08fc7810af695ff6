//! Loading `content/`: every Markdown file becomes a `Document` (front matter + rendered
//! Markdown), every other file an asset. Files are parsed in parallel; all problems are collected.

use crate::config::{Config, Limits};
use crate::diagnostics::{line_column, Diagnostic};
use crate::front_matter::{parse_front_matter, split, FrontMatter};
use crate::info_points::{load_info_point, InfoPoint, INFO_POINTS_DIR};
use crate::markdown::{render_markdown, MarkdownContext, MarkdownLabels, RenderedMarkdown};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `_index.md`: a folder's section page.
    Section,
    /// `name.md`, or `name/index.md` (a page bundle whose folder holds its files).
    Page,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to `content/`, with `/` separators: `servizi/nidi.md`.
    pub source: String,
    /// Path relative to the site root, for diagnostics: `content/servizi/nidi.md`.
    pub file: String,
    pub kind: DocumentKind,
    /// The file's text, newlines normalised, for excerpts in later diagnostics.
    pub text: String,
    pub front_matter: FrontMatter,
    pub markdown: RenderedMarkdown,
}

impl Document {
    /// The folder whose URL this document names: its own folder for sections and bundles,
    /// and `dir/name` for `dir/name.md`.
    pub fn url_dir(&self) -> &str {
        match self.source.rsplit_once('/') {
            Some((dir, "_index.md" | "index.md")) => dir,
            None if matches!(self.source.as_str(), "_index.md" | "index.md") => "",
            _ => self.source.trim_end_matches(".md"),
        }
    }
}

#[derive(Debug, Default)]
pub struct LoadedContent {
    pub documents: Vec<Document>,
    /// Files to publish as they are, relative to `content/`.
    pub assets: Vec<String>,
    /// `content/punti/*.yaml`, parsed and checked (links to pages are checked later).
    pub info_points: Vec<InfoPoint>,
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown files (relative to `content/`) that could not be loaded: their own errors are
    /// reported, so links to them are not reported again as broken.
    pub failed: HashSet<String>,
    /// Every file under `content/`, relative to it: what relative links may point at.
    pub files: HashSet<String>,
}

/// Parsed content files kept by the dev server, so that a rebuild parses again only the files
/// whose text changed.
#[derive(Debug)]
pub struct ParsedFiles {
    documents: HashMap<String, Document>,
    info_points: HashMap<String, InfoPoint>,
    /// `LoadedContent::files` when they were parsed: links to files are checked against it.
    files: HashSet<String>,
    /// The day the info points' schedule window started from.
    today: NaiveDate,
}

impl ParsedFiles {
    pub fn new(loaded: &LoadedContent, files: &HashSet<String>, today: NaiveDate) -> ParsedFiles {
        let (documents, info_points) = rayon::join(
            || by_source(&loaded.documents, |document| &document.source),
            || by_source(&loaded.info_points, |point| &point.source),
        );
        ParsedFiles {
            documents,
            info_points,
            files: files.clone(),
            today,
        }
    }
}

fn by_source<T: Clone + Send + Sync>(
    parsed: &[T],
    source: impl Fn(&T) -> &String + Sync,
) -> HashMap<String, T> {
    parsed
        .par_iter()
        .map(|file| (source(file).clone(), file.clone()))
        .collect()
}

/// Reads every file under `root/content`; `today` starts the info points' schedule window.
/// A file whose text is that of a file in `parsed` (made with the same configuration and theme)
/// is taken from it instead of being parsed again.
pub fn load_content(
    root: &Path,
    config: &Config,
    labels: &MarkdownLabels,
    today: NaiveDate,
    parsed: Option<&ParsedFiles>,
) -> LoadedContent {
    let content_dir = root.join(CONTENT_DIR);
    let mut loaded = LoadedContent::default();
    let mut markdown_files = Vec::new();
    let mut info_point_files = Vec::new();
    let mut all_files = HashSet::new();
    for entry in WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error
                    .path()
                    .map_or_else(|| CONTENT_DIR.to_string(), |p| display_path(root, p));
                loaded
                    .diagnostics
                    .push(Diagnostic::error(&file, format!("cannot read: {error}")));
                continue;
            }
        };
        let relative = relative_path(&content_dir, entry.path());
        if relative.is_empty() || is_ignored(&relative) {
            continue;
        }
        if entry.path_is_symlink() {
            loaded.diagnostics.push(
                Diagnostic::error(
                    &format!("{CONTENT_DIR}/{relative}"),
                    "symbolic links are not followed",
                )
                .hint("copy the file into content/ instead of linking it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        all_files.insert(relative.clone());
        let is_yaml = relative.ends_with(".yaml") || relative.ends_with(".yml");
        if relative.ends_with(".md") {
            markdown_files.push((relative, entry.into_path()));
        } else if is_yaml && relative.rsplit_once('/').map(|(dir, _)| dir) == Some(INFO_POINTS_DIR)
        {
            info_point_files.push(relative);
        } else if is_yaml {
            loaded.diagnostics.push(
                Diagnostic::warning(
                    &format!("{CONTENT_DIR}/{relative}"),
                    "a YAML file outside content/punti/ is not used",
                )
                .hint("info points go directly in content/punti/; move or remove this file"),
            );
        } else {
            loaded.assets.push(relative);
        }
    }
    let taxonomies = taxonomy_names(config);
    // Links to other files were checked against the files of that time.
    let parsed_points = parsed.filter(|parsed| parsed.today == today);
    let parsed = parsed.filter(|parsed| parsed.files == all_files);
    let results: Vec<Result<Document, Vec<Diagnostic>>> = markdown_files
        .par_iter()
        .map(|(relative, path)| {
            let known = parsed.and_then(|parsed| parsed.documents.get(relative));
            let context = DocumentContext {
                config,
                labels,
                taxonomies: &taxonomies,
                files: &all_files,
            };
            load_document(relative, path, &context, known)
        })
        .collect();
    for ((relative, _), result) in markdown_files.into_iter().zip(results) {
        match result {
            Ok(document) => loaded.documents.push(document),
            Err(diagnostics) => {
                loaded.diagnostics.extend(diagnostics);
                loaded.failed.insert(relative);
            }
        }
    }
    let points: Vec<Result<InfoPoint, Vec<Diagnostic>>> = info_point_files
        .par_iter()
        .map(|relative| {
            let known = parsed_points.and_then(|parsed| parsed.info_points.get(relative));
            load_info_point(root, relative, config, today, known)
        })
        .collect();
    for result in points {
        match result {
            Ok(point) => loaded.info_points.push(point),
            Err(diagnostics) => loaded.diagnostics.extend(diagnostics),
        }
    }
    loaded.files = all_files;
    loaded
}

/// Loads one Markdown file again (`relative` to `content/`), as `load_content` did: for the dev
/// server after an edit. `files` is `LoadedContent::files`.
pub fn reload_document(
    root: &Path,
    config: &Config,
    labels: &MarkdownLabels,
    relative: &str,
    files: &HashSet<String>,
) -> Result<Document, Vec<Diagnostic>> {
    let taxonomies = taxonomy_names(config);
    let path = root.join(CONTENT_DIR).join(relative);
    let context = DocumentContext {
        config,
        labels,
        taxonomies: &taxonomies,
        files,
    };
    load_document(relative, &path, &context, None)
}

/// What parsing a Markdown file depends on besides its text.
struct DocumentContext<'a> {
    config: &'a Config,
    labels: &'a MarkdownLabels,
    taxonomies: &'a [&'a str],
    files: &'a HashSet<String>,
}

/// The front matter keys that name taxonomies.
fn taxonomy_names(config: &Config) -> Vec<&str> {
    config
        .site
        .taxonomies
        .iter()
        .map(|t| t.name.as_str())
        .collect()
}

/// Reads and parses a Markdown file; `known` is the same file parsed before, reused when the
/// text has not changed.
fn load_document(
    relative: &str,
    path: &Path,
    context: &DocumentContext,
    known: Option<&Document>,
) -> Result<Document, Vec<Diagnostic>> {
    let DocumentContext {
        config,
        labels,
        taxonomies,
        files: all_files,
    } = *context;
    let file = format!("{CONTENT_DIR}/{relative}");
    let text =
        read_source(&file, path, &config.site.limits).map_err(|diagnostic| vec![diagnostic])?;
    if let Some(known) = known.filter(|known| known.text == text) {
        return Ok(known.clone());
    }
    let split = split(&file, &text).map_err(|diagnostic| vec![diagnostic])?;
    let is_section = relative == "_index.md" || relative.ends_with("/_index.md");
    let front_matter = parse_front_matter(&file, &text, &split, taxonomies, is_section)?;
    let source_dir = relative.rsplit_once('/').map_or("", |(dir, _)| dir);
    let context = MarkdownContext {
        file: &file,
        text: &text,
        body_offset: split.body_offset,
        source_dir,
        base_url: &config.base_url,
        raw_html: config.site.markdown.raw_html,
        labels,
        content_files: all_files,
    };
    let markdown = render_markdown(split.body, &context);
    Ok(Document {
        source: relative.to_string(),
        kind: if is_section {
            DocumentKind::Section
        } else {
            DocumentKind::Page
        },
        file,
        text,
        front_matter,
        markdown,
    })
}

/// Reads a content file as text (see `decode_text`), refusing files over the size limit before
/// reading them.
pub fn read_source(file: &str, path: &Path, limits: &Limits) -> Result<String, Diagnostic> {
    let cannot_read =
        |error: std::io::Error| Diagnostic::error(file, format!("cannot read: {error}"));
    // One open for the size check and the read: 12,000 files on a large site.
    let mut opened = std::fs::File::open(path).map_err(cannot_read)?;
    let size = opened.metadata().map_err(cannot_read)?.len();
    let limit = limits.max_file_size_mb * 1024 * 1024;
    if size > limit {
        return Err(Diagnostic::error(
            file,
            format!(
                "the file is {:.1} MB, over the limit of {} MB",
                size as f64 / (1024.0 * 1024.0),
                limits.max_file_size_mb
            ),
        )
        .hint("split it into several pages, or raise `limits.max_file_size_mb` in site.yaml"));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    std::io::Read::read_to_end(&mut opened, &mut bytes).map_err(cannot_read)?;
    decode_text(file, bytes)
}

/// UTF-8 text without a byte-order mark and with `\n` line endings (CRLF and lone CR converted).
fn decode_text(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = line_column(valid, valid.len());
        Diagnostic::error(file, "the file is not valid UTF-8 text")
            .at(valid, line, column)
            .hint("save the file with UTF-8 encoding in your editor")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// Hidden files and editors' temporary files are not content.
fn is_ignored(relative: &str) -> bool {
    relative.split('/').any(|part| part.starts_with('.'))
        || relative.ends_with('~')
        || relative.ends_with(".swp")
        || relative.ends_with(".tmp")
}

fn relative_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A path relative to the site root, for diagnostics.
pub fn display_path(root: &Path, path: &Path) -> String {
    relative_path(root, path)
}

/// Where an asset's bytes come from.
pub fn asset_source(root: &Path, relative: &str) -> PathBuf {
    root.join(CONTENT_DIR).join(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_line_endings() {
        let text = decode_text("a.md", b"\xEF\xBB\xBF---\r\ntitle: A\r---\n".to_vec()).unwrap();
        assert_eq!(text, "---\ntitle: A\n---\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let error = decode_text("a.md", b"---\ntitle: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!((error.line, error.column), (2, 11));
        assert!(error.hint.unwrap().contains("UTF-8"));
    }
}
