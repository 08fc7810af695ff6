//! `equilibri check`: every validation of a build, without writing anything, plus warnings that
//! editors act on (see `lints`), pages no link leads to, and with `--external` the external links.

mod external;
mod lints;
mod reachability;

use crate::build::{render_site, BuildOptions};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::opening::TIME_ZONE;
use chrono::{NaiveDate, Utc};
pub use external::LinkCheckSettings;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// The day counted as today (news dated after it are in the future).
    pub today: Option<NaiveDate>,
    /// Check external links too, with these settings.
    pub external: Option<LinkCheckSettings>,
}

#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

pub fn check(options: &CheckOptions) -> CheckReport {
    let today = options
        .today
        .unwrap_or_else(|| Utc::now().with_timezone(&TIME_ZONE).date_naive());
    let build_options = BuildOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        today: Some(today),
        ..BuildOptions::default()
    };
    let mut diagnostics = match render_site(&build_options) {
        Err(diagnostics) => diagnostics,
        Ok(rendered) => {
            let mut diagnostics = rendered.warnings;
            let (warnings, links) = lints::site_warnings(&options.root, &rendered.site, today);
            diagnostics.extend(warnings);
            diagnostics.extend(reachability::unreachable_pages(
                &rendered.site,
                &rendered.files,
            ));
            if let Some(settings) = &options.external {
                diagnostics.extend(external::check_external_links(&links, settings));
            }
            diagnostics
        }
    };
    sort_diagnostics(&mut diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    CheckReport {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
    }
}
