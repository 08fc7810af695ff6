//! The build pipeline: load → Site → render → write, in one direction.
//! Nothing is published unless the whole site rendered without errors.

use crate::config::load_config;
use crate::content::{load_content, ParsedFiles};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::opening::TIME_ZONE;
use crate::output::{FileContent, Listing, OutputSet, Staged};
use crate::outputs::standard_outputs;
use crate::render::Templates;
use crate::render_memo::{hash_of, Memo, RenderMemo};
use crate::search::documents::search_documents;
use crate::search::export::export_index;
use crate::search::index::stage_index;
use crate::site::{assemble_site, Site};
use crate::theme::{load_theme, Theme};
use crate::views::Views;
use chrono::{NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The index's default folder, beside `public/`.
pub const SEARCH_INDEX_DIR: &str = "search-index";

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Where to publish; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Where to write the tantivy index; `<root>/search-index` when `None`.
    pub search_index: Option<PathBuf>,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The day the build counts as today (Italian time); the clock's when `None`.
    /// Info points carry closed days from this day on.
    pub today: Option<NaiveDate>,
    /// Told of each finished step, for a progress display.
    pub progress: Option<Arc<Progress>>,
}

/// How many steps a build has (`BuildSummary::phases`), for a progress display.
pub const BUILD_STEPS: usize = 15;

/// The steps a running build has finished, shared with whatever displays its progress.
#[derive(Debug, Default)]
pub struct Progress {
    finished: Mutex<(usize, String)>,
}

impl Progress {
    fn finished(&self, step: &str) {
        if let Ok(mut finished) = self.finished.lock() {
            finished.0 += 1;
            finished.1 = step.to_string();
        }
    }

    /// How many steps have finished, and the name of the last one.
    pub fn snapshot(&self) -> (usize, String) {
        self.finished
            .lock()
            .map(|finished| finished.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub info_points: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Each step and its time, in order (`build --timings` prints them).
    pub phases: Vec<(String, Duration)>,
}

/// The steps that make the search: the tantivy index and its export for the browser.
pub const SEARCH_PHASES: [&str; 2] = ["search index", "search export"];

impl BuildSummary {
    /// Time spent writing the tantivy index and exporting it.
    pub fn search_elapsed(&self) -> Duration {
        self.phases
            .iter()
            .filter(|(name, _)| SEARCH_PHASES.contains(&name.as_str()))
            .map(|(_, time)| *time)
            .sum()
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// Problems in the site's files; all of them, warnings included, sorted.
    Content(Vec<Diagnostic>),
    /// The output could not be written.
    Io(String),
}

/// A rendered site, not yet written, with what rendered it (kept by the dev server to render
/// again what an edit changes).
pub struct RenderedSite {
    pub site: Site,
    pub files: OutputSet,
    pub theme: Theme,
    pub templates: Templates,
    pub views: Views,
    /// Every file under `content/` (see `LoadedContent::files`).
    pub content_files: HashSet<String>,
    /// What each HTML page was rendered from; empty unless rendered by `render_site_again`.
    pub memo: RenderMemo,
    /// The parsed content files, when rendered by `render_site_again`.
    pub parsed_files: Option<ParsedFiles>,
    pub warnings: Vec<Diagnostic>,
    /// How long each step took, in order: for `build --timings` and the benchmark.
    pub phases: Vec<(String, Duration)>,
}

/// Loads and renders the site in memory.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, Vec<Diagnostic>> {
    render(options, None, false, None, |_| ()).map(|(rendered, ())| rendered)
}

/// What the dev server keeps of a build for the next one, whose pages are in its output folder.
#[derive(Default)]
pub struct Kept {
    /// What each HTML page was rendered from.
    pub memo: RenderMemo,
    /// The parsed content files; `None` when the configuration or the theme changed since.
    pub parsed_files: Option<ParsedFiles>,
}

/// `render_site` for the dev server: records what each HTML page is rendered from and keeps the
/// parsed files; takes from `previous` the files whose text did not change, and leaves the
/// pages whose inputs did not change as the output folder holds them (`FileContent::Unchanged`)
/// instead of rendering them again. `alongside` runs on another thread while the outputs
/// render (the dev server lists its output folder there).
pub fn render_site_again<T: Send>(
    options: &BuildOptions,
    previous: Option<&Kept>,
    alongside: impl FnOnce(&Site) -> T + Send,
) -> Result<(RenderedSite, T), Vec<Diagnostic>> {
    render(options, previous, true, None, alongside)
}

/// Loads and renders the site; files are written into `written_to` as they render when it is
/// given, kept in memory otherwise; `alongside` runs on another thread while the outputs render
/// (the build's search index, which needs the site but none of its pages).
fn render<T: Send>(
    options: &BuildOptions,
    previous: Option<&Kept>,
    remember: bool,
    written_to: Option<&Path>,
    alongside: impl FnOnce(&Site) -> T + Send,
) -> Result<(RenderedSite, T), Vec<Diagnostic>> {
    let mut clock = PhaseClock::new(options);
    let root = &options.root;
    let config = load_config(root, options.base_url.as_deref())?;
    let theme = load_theme(root, &config.site.theme, &config.site.language)?;
    // Templates and content are checked together, so one build reports both kinds of error.
    let today = options
        .today
        .unwrap_or_else(|| Utc::now().with_timezone(&TIME_ZONE).date_naive());
    clock.lap("config and theme");
    let parsed = previous.and_then(|previous| previous.parsed_files.as_ref());
    // The templates are parsed while the content is listed and read.
    let (templates, mut loaded) = rayon::join(
        || Templates::load(&theme, &config.site.theme),
        || load_content(root, &config, &theme.markdown_labels, today, parsed),
    );
    let content_files = std::mem::take(&mut loaded.files);
    let parsed_files = remember.then(|| ParsedFiles::new(&loaded, &content_files, today));
    clock.lap("load content");
    let (site, mut warnings, mut templates) = match (
        assemble_site(root, config, loaded, options.drafts),
        templates,
    ) {
        (Ok((site, warnings)), Ok(templates)) => (site, warnings, templates),
        (Ok((_, diagnostics)) | Err(diagnostics), Err(template_errors)) => {
            return Err(diagnostics.into_iter().chain(template_errors).collect());
        }
        (Err(diagnostics), Ok(_)) => return Err(diagnostics),
    };
    clock.lap("assemble site");
    let views = Views::new(&site, &theme);
    templates.register_site_functions(&site, &views);
    let mut files = written_to.map_or_else(OutputSet::default, OutputSet::writing_to);
    let mut errors = Vec::new();
    clock.lap("views");
    let memo = remember.then(|| {
        Memo::new(
            previous.map(|previous| &previous.memo),
            hash_of(&views.shared),
        )
    });
    let beside = std::thread::scope(|scope| {
        let beside = scope.spawn(|| alongside(&site));
        for output in standard_outputs(&templates, &views, &theme, memo.as_ref()) {
            errors.extend(output.render(&site, &mut files));
            clock.lap(output.name());
        }
        beside.join()
    });
    // A panic on the other thread is the same bug as one on this thread.
    let beside = beside.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let memo = memo.map(Memo::finish).unwrap_or_default();
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    let rendered = RenderedSite {
        site,
        files,
        theme,
        templates,
        views,
        content_files,
        memo,
        parsed_files,
        warnings,
        phases: clock.phases,
    };
    Ok((rendered, beside))
}

/// Times consecutive steps.
struct PhaseClock {
    last: Instant,
    phases: Vec<(String, Duration)>,
    progress: Option<Arc<Progress>>,
}

impl PhaseClock {
    fn new(options: &BuildOptions) -> Self {
        PhaseClock {
            last: Instant::now(),
            phases: Vec::new(),
            progress: options.progress.clone(),
        }
    }

    fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.phases.push((name.to_string(), now - self.last));
        self.last = now;
        if let Some(progress) = &self.progress {
            progress.finished(name);
        }
    }
}

/// The browser's copy of the index: site path and bytes of each file.
pub type ExportedFiles = Vec<(String, Vec<u8>)>;

/// Stages the tantivy index of `site` in `index_dir` (then calls `indexed`, for timings) and
/// reads it back into the browser's copy: the build and the dev server publish the two together.
pub fn stage_search(
    site: &Site,
    index_dir: &Path,
    indexed: impl FnOnce(),
) -> Result<(Staged, ExportedFiles), String> {
    let index = stage_index(index_dir, &search_documents(site))
        .map_err(|error| format!("cannot write {}: {error}", index_dir.display()))?;
    indexed();
    let exported = export_index(index.path())
        .map_err(|error| format!("cannot export {}: {error}", index_dir.display()))?;
    Ok((index, exported))
}

impl BuildOptions {
    /// The folder the site is published to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// The folder the tantivy index is published to.
    pub fn search_index_dir(&self) -> PathBuf {
        self.search_index
            .clone()
            .unwrap_or_else(|| self.root.join(SEARCH_INDEX_DIR))
    }
}

fn cannot_publish(output: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |error| BuildError::Io(format!("cannot publish {}: {error}", output.display()))
}

/// Builds the site and publishes it atomically into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    // Everything is staged before anything is published: a failure at any step leaves the
    // published site and index as they were, and the two are swapped one right after the other.
    let output = options.output_dir();
    let cannot_write = |error: std::io::Error| {
        BuildError::Io(format!("cannot write {}: {error}", output.display()))
    };
    // The site's files are written into its staging folder as they render.
    let site = Staged::previous_build(&output).map_err(cannot_write)?;
    // While the pages render, another thread lists the staging folder (what it holds that is no
    // longer built is removed at the end), then stages the search index: on two cores, this
    // fills the time rendering leaves idle.
    let list_and_stage_search = |assembled: &Site| {
        let listing = Listing::of(site.path(), None);
        let mut clock = PhaseClock::new(options);
        let indexed = || clock.lap(SEARCH_PHASES[0]);
        let staged = stage_search(assembled, &options.search_index_dir(), indexed);
        clock.lap(SEARCH_PHASES[1]);
        (listing, staged, clock.phases)
    };
    let (mut rendered, (listing, staged, search_phases)) = render(
        options,
        None,
        false,
        Some(site.path()),
        list_and_stage_search,
    )
    .map_err(|mut diagnostics| {
        sort_diagnostics(&mut diagnostics);
        BuildError::Content(diagnostics)
    })?;
    let mut clock = PhaseClock::new(options);
    let (index, exported) = staged.map_err(BuildError::Io)?;
    // 1,400 files on a 10,000-page site: written in parallel, like the pages.
    let exported: Vec<(String, FileContent)> = exported
        .into_par_iter()
        .map(|(path, bytes)| {
            let content = rendered.files.generated(&path, bytes);
            (path, content)
        })
        .collect();
    for (path, content) in exported {
        if let Err(error) = rendered.files.add(path, content, "search export") {
            return Err(BuildError::Content(vec![error]));
        }
    }
    if let Some(error) = rendered.files.write_error() {
        return Err(BuildError::Io(error));
    }
    // What was not written yet (copied files), and away with files no longer built.
    rendered
        .files
        .write_listed(site.path(), listing.map_err(cannot_write)?)
        .map_err(cannot_write)?;
    clock.lap("write public");
    // The two swaps first, one right after the other; removing the old versions takes longer.
    let old_site = site.publish().map_err(cannot_publish(&output))?;
    let old_index = index.publish().map_err(cannot_publish(&output))?;
    old_site
        .remove()
        .and_then(|()| old_index.remove())
        .map_err(cannot_publish(&output))?;
    clock.lap("publish");
    let warnings = std::mem::take(&mut rendered.warnings);
    let mut phases = std::mem::take(&mut rendered.phases);
    phases.extend(search_phases);
    phases.extend(clock.phases);
    let summary = rendered.summary(warnings, started.elapsed(), phases);
    drop_in_background(rendered);
    Ok(summary)
}

/// Frees `value` on a thread of its own: freeing a site's hundreds of megabytes takes a while
/// (≈50 ms for 10,000 pages) and nobody needs to wait for it.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

impl RenderedSite {
    /// What the dev server keeps for the next build.
    pub fn keep(mut self) -> Kept {
        let kept = Kept {
            memo: std::mem::take(&mut self.memo),
            parsed_files: self.parsed_files.take(),
        };
        drop_in_background(self);
        kept
    }

    /// The summary of a build (or dev server update) of this site.
    pub fn summary(
        &self,
        mut warnings: Vec<Diagnostic>,
        elapsed: Duration,
        phases: Vec<(String, Duration)>,
    ) -> BuildSummary {
        sort_diagnostics(&mut warnings);
        BuildSummary {
            pages: self.site.pages.len(),
            sections: self.site.sections.len(),
            terms: self.site.term_count(),
            info_points: self.site.info_points.len(),
            files: self.files.len(),
            warnings,
            elapsed,
            phases,
        }
    }
}
