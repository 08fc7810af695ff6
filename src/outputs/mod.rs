//! Everything the site publishes is an output made from the `Site`. Each output adds its files to
//! the `OutputSet` and reports its problems; none reads the source tree or changes the site.

mod feeds;
mod files;
mod html;
mod info_points;
mod open_data;
mod redirects;
mod sitemap;

use crate::diagnostics::Diagnostic;
use crate::output::OutputSet;
use crate::render::Templates;
use crate::render_memo::Memo;
use crate::site::Site;
use crate::theme::Theme;
use crate::views::Views;

pub trait Output: Sync {
    fn name(&self) -> &'static str;
    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic>;
}

/// The outputs of a normal build, in the order they run: the small ones first, on one thread
/// while the search index starts on the other core, then the pages, rendered on every core
/// until the end (run last, the small ones left a core idle).
/// With a memo, HTML pages whose inputs did not change since the previous build are taken from
/// it (see `render_memo`).
pub fn standard_outputs<'a>(
    templates: &'a Templates,
    views: &'a Views,
    theme: &'a Theme,
    memo: Option<&'a Memo<'a>>,
) -> Vec<Box<dyn Output + 'a>> {
    vec![
        Box::new(open_data::OpenData),
        Box::new(redirects::Redirects),
        Box::new(sitemap::Sitemap),
        Box::new(feeds::AtomFeeds),
        Box::new(files::StaticFiles {
            theme_dir: &theme.dir,
        }),
        Box::new(html::HtmlPages {
            templates,
            views,
            memo,
        }),
        Box::new(info_points::InfoPointPages {
            templates,
            views,
            theme,
            memo,
        }),
    ]
}

/// Renders again what shows page `page`'s body, after an edit that changed nothing else: the
/// page itself and the feeds, which carry whole entries. This is the dependency map of a body:
/// listings, taxonomy pages, info points, the sitemap and open data show only front matter, and
/// the search index is updated on its own.
pub fn render_body_outputs(
    templates: &Templates,
    views: &Views,
    site: &Site,
    page: usize,
    files: &mut OutputSet,
) -> Vec<Diagnostic> {
    let html = html::HtmlPages {
        templates,
        views,
        memo: None,
    };
    let mut errors = Vec::new();
    let job = rayon::iter::once(html.page_job(site, page));
    errors.extend(html::render_jobs(templates, views, None, job, files));
    errors.extend(feeds::AtomFeeds.render(site, files));
    errors
}

/// Adds a file, turning a path collision into a diagnostic.
fn add(
    files: &mut OutputSet,
    path: String,
    bytes: Vec<u8>,
    producer: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if let Err(error) = files.add(path, crate::output::FileContent::Bytes(bytes), producer) {
        errors.push(error);
    }
}
