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
use crate::site::Site;
use crate::theme::Theme;
use crate::views::Views;

pub trait Output: Sync {
    fn name(&self) -> &'static str;
    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic>;
}

/// The outputs of a normal build, in the order they run.
pub fn standard_outputs<'a>(
    templates: &'a Templates,
    views: &'a Views,
    theme: &'a Theme,
) -> Vec<Box<dyn Output + 'a>> {
    vec![
        Box::new(html::HtmlPages { templates, views }),
        Box::new(info_points::InfoPointPages {
            templates,
            views,
            theme,
        }),
        Box::new(open_data::OpenData),
        Box::new(redirects::Redirects),
        Box::new(sitemap::Sitemap),
        Box::new(feeds::AtomFeeds),
        Box::new(files::StaticFiles {
            theme_dir: &theme.dir,
        }),
    ]
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
