//! The dev server's builds: the first one, then one per burst of saves. Each writes only the
//! files that changed into the served folder and announces itself to browsers; the search index
//! and its export follow once the editor pauses, so an edit is never kept waiting for them.

use super::body_edit::apply_body_edit;
use super::http::Shared;
use super::status::{BuildStatus, OverlayError};
use super::{Rebuild, ServeOptions, SERVE_DIR};
use crate::build::{
    drop_in_background, render_site_again, stage_search, BuildError, BuildOptions, BuildSummary,
    Kept, RenderedSite,
};
use crate::config::load_config;
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::output::{FileContent, Listing, OutputSet};
use crate::search::export::SEARCH_DIR;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Builder {
    pub options: ServeOptions,
    /// `http://127.0.0.1:1111`.
    pub origin: String,
    pub shared: Arc<Shared>,
    pub report: Arc<dyn Fn(Rebuild) + Send + Sync>,
    /// The last good build, kept to apply body-only edits to; `None` after a failure.
    site: Option<RenderedSite>,
    /// After a failure, what was kept of the last build, so the build after the fix renders
    /// again only what changed.
    kept: Option<Kept>,
    /// The search index and export lag behind the pages.
    search_stale: bool,
}

impl Builder {
    pub fn new(
        options: ServeOptions,
        origin: String,
        shared: Arc<Shared>,
        report: Arc<dyn Fn(Rebuild) + Send + Sync>,
    ) -> Builder {
        Builder {
            options,
            origin,
            shared,
            report,
            site: None,
            kept: None,
            search_stale: false,
        }
    }

    pub fn search_stale(&self) -> bool {
        self.search_stale
    }

    fn serve_dir(&self) -> PathBuf {
        self.options.root.join(SERVE_DIR)
    }

    /// The site's sub-path: from `--base-url`, else from `site.yaml` (which may have just
    /// changed), else the root while `site.yaml` is broken (the build will say why).
    pub fn base_path(&self) -> String {
        load_config(&self.options.root, self.options.base_url.as_deref())
            .map(|config| config.base_url.path().to_string())
            .unwrap_or_else(|_| "/".to_string())
    }

    /// Builds again after `changed` (empty for the first build), writes what changed and tells
    /// the browsers.
    pub fn rebuild(&mut self, changed: &BTreeSet<String>) {
        (self.report)(Rebuild::Started { changed });
        let started = Instant::now();
        let outcome = match self.body_edit(changed, started) {
            Some(done) => Ok(done),
            None => self.full_build(changed, started),
        };
        let rendered = outcome.as_ref().map_or(0, |(_, rendered)| *rendered);
        let result = outcome.map(|(summary, _)| summary);
        let generation = self.shared.status.borrow().generation() + 1;
        let status = match &result {
            Ok(_) => {
                self.search_stale = true;
                BuildStatus::Built {
                    generation,
                    css_only: !changed.is_empty() && changed.iter().all(|path| is_stylesheet(path)),
                }
            }
            Err(error) => BuildStatus::Failed {
                generation,
                errors: overlay_errors(error),
            },
        };
        self.shared.status.send_replace(status);
        (self.report)(Rebuild::Finished {
            result: &result,
            elapsed: started.elapsed(),
            rendered,
        });
    }

    /// The fast path, when the only change is one page's body. With the summary, how many HTML
    /// files were rendered.
    fn body_edit(
        &mut self,
        changed: &BTreeSet<String>,
        started: Instant,
    ) -> Option<(BuildSummary, usize)> {
        let root = self.options.root.clone();
        let rendered = self.site.as_mut()?;
        // A file that came and went within the burst (a tool's temporary copy) changed nothing.
        let fleeting = |path: &&String| {
            !root.join(path).exists()
                && path
                    .strip_prefix("content/")
                    .is_some_and(|relative| !rendered.content_files.contains(relative))
        };
        let real: Vec<&String> = changed.iter().filter(|path| !fleeting(path)).collect();
        let [source] = real.try_into().ok()?;
        let edit = apply_body_edit(rendered, &root, source)?;
        let output = self.shared.output.clone();
        let written = edit.files.write_changed(&output);
        let paths: Vec<String> = edit.files.paths().map(String::from).collect();
        let html_files = paths.iter().filter(|path| path.ends_with(".html")).count();
        rendered.files.merge(edit.files);
        if written.is_err() {
            return None;
        }
        let elapsed = started.elapsed();
        let phases = vec![(format!("render again {}", paths.join(", ")), elapsed)];
        Some((rendered.summary(edit.warnings, elapsed, phases), html_files))
    }

    /// Builds the whole site again in memory, taking from the previous build what did not
    /// change. With the summary, how many HTML files were rendered.
    fn full_build(
        &mut self,
        changed: &BTreeSet<String>,
        started: Instant,
    ) -> Result<(BuildSummary, usize), BuildError> {
        // Only what the next build reuses is kept: the rest of the previous build is dropped
        // before this one fills memory again.
        let mut previous = match self.site.take() {
            Some(site) => Some(site.keep()),
            None => self.kept.take(),
        };
        // Parsed files depend on site.yaml and the theme (addresses, labels).
        let parsing_inputs = |path: &String| !path.starts_with("content/");
        if let Some(previous) = previous
            .as_mut()
            .filter(|_| changed.iter().any(parsing_inputs))
        {
            previous.parsed_files = None;
        }
        let base_path = self.base_path();
        let options = BuildOptions {
            root: self.options.root.clone(),
            base_url: Some(format!("{}{base_path}", self.origin)),
            drafts: self.options.drafts,
            ..BuildOptions::default()
        };
        let output = &self.shared.output;
        // The search folder is the search update's to write.
        let keep = format!("{SEARCH_DIR}/");
        // The output folder is listed while the site renders (on a large site, reading its
        // thousands of folders took a core ≈0.3 s after rendering).
        let list_output = |_: &_| Listing::of_created(output, Some(&keep));
        let (rendered, listing) = match render_site_again(&options, previous.as_ref(), list_output)
        {
            Ok(rendered) => rendered,
            Err(mut diagnostics) => {
                // Kept for the build after the fix.
                self.kept = previous;
                sort_diagnostics(&mut diagnostics);
                return Err(BuildError::Content(diagnostics));
            }
        };
        drop_in_background(previous);
        if let Err(error) = listing.and_then(|listing| rendered.files.write_listed(output, listing))
        {
            // The folder may now hold neither build's pages: nothing is kept to be taken from it.
            return Err(BuildError::Io(format!(
                "cannot write {}: {error}",
                output.display()
            )));
        }
        if let Ok(mut path) = self.shared.base_path.write() {
            *path = base_path;
        }
        let summary = rendered.summary(
            rendered.warnings.clone(),
            started.elapsed(),
            rendered.phases.clone(),
        );
        let html_files = rendered.memo.rendered();
        self.site = Some(rendered);
        Ok((summary, html_files))
    }

    /// Indexes the last good build and writes the browser's copy of the index.
    pub fn update_search(&mut self) {
        self.search_stale = false;
        // After a failed build there is nothing newer to index.
        let Some(rendered) = &self.site else {
            return;
        };
        let started = Instant::now();
        let index_dir = self.serve_dir().join("search-index");
        let result = write_search(rendered, &index_dir, &self.shared.output.join(SEARCH_DIR));
        (self.report)(Rebuild::SearchUpdated {
            result,
            elapsed: started.elapsed(),
        });
    }
}

fn write_search(
    rendered: &RenderedSite,
    index_dir: &std::path::Path,
    search_folder: &std::path::Path,
) -> Result<(), String> {
    let (index, exported) = stage_search(&rendered.site, index_dir, || {})?;
    let mut files = OutputSet::default();
    for (path, bytes) in exported {
        let path = path
            .strip_prefix(&format!("{SEARCH_DIR}/"))
            .unwrap_or(&path)
            .to_string();
        files
            .add(path, FileContent::Bytes(bytes), "search export")
            .map_err(|diagnostic| diagnostic.message)?;
    }
    files
        .write_in_place(search_folder, None)
        .and_then(|()| index.publish())
        .and_then(|old| old.remove())
        .map_err(|error| format!("cannot write {}: {error}", search_folder.display()))
}

fn overlay_errors(error: &BuildError) -> Vec<OverlayError> {
    match error {
        BuildError::Content(diagnostics) => diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(OverlayError::from_diagnostic)
            .collect(),
        BuildError::Io(message) => vec![OverlayError::from_diagnostic(&Diagnostic::error(
            SERVE_DIR, message,
        ))],
    }
}

fn is_stylesheet(source: &str) -> bool {
    source.starts_with("themes/") && source.ends_with(".css")
}

/// How long the editor must pause before the search index is updated.
pub const SEARCH_PAUSE: Duration = Duration::from_millis(400);
