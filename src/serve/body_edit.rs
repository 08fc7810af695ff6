//! The dev server's fast path: an edit that changed only a page's Markdown body (the front
//! matter and the heading ids other pages may link to are as before) renders again only what
//! shows that body (`outputs::render_body_outputs`), against the site kept from the last build.
//! Anything else is left to a full rebuild, which is always right.

use crate::build::RenderedSite;
use crate::content::{reload_document, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::output::OutputSet;
use crate::outputs::render_body_outputs;
use crate::site::resolve_body;
use std::path::Path;

/// What the edit rendered again, and the page's warnings.
pub struct BodyEdit {
    pub files: OutputSet,
    pub warnings: Vec<Diagnostic>,
}

/// Applies the edit of `source` (`content/servizi/nidi.md`) to `rendered` if it is a body-only
/// edit of a page; `None` when it needs a full rebuild. On `None`, `rendered` may already hold
/// part of the edit: the caller must rebuild before using it again.
pub fn apply_body_edit(rendered: &mut RenderedSite, root: &Path, source: &str) -> Option<BodyEdit> {
    let relative = source.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
    let index = rendered
        .site
        .pages
        .iter()
        .position(|page| page.entry.source == relative)?;
    // A file with errors goes through the full build, which reports them in context.
    let document = reload_document(
        root,
        &rendered.site.config,
        &rendered.theme.markdown_labels,
        relative,
        &rendered.content_files,
    )
    .ok()?;
    let entry = &rendered.site.pages[index].entry;
    let same_ids = entry.headings.iter().map(|h| &h.id).eq(document
        .markdown
        .headings
        .iter()
        .map(|h| &h.id));
    if document.front_matter != entry.front_matter || !same_ids {
        return None;
    }
    let mut diagnostics = Vec::new();
    let content = resolve_body(&rendered.site, &document, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let entry = &mut rendered.site.pages[index].entry;
    entry.content = content;
    entry.headings = document.markdown.headings;
    entry.text = document.markdown.text;
    let mut files = OutputSet::default();
    let errors = render_body_outputs(
        &rendered.templates,
        &rendered.views,
        &rendered.site,
        index,
        &mut files,
    );
    if !errors.is_empty() {
        return None;
    }
    for path in files.paths() {
        rendered.memo.forget(path);
    }
    Some(BodyEdit {
        files,
        warnings: diagnostics,
    })
}
