//! `equilibri new`.

use super::terminal::Terminal;
use equilibri::scaffold::{new_info_point, new_page};
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    terminal: &Terminal,
    root: &Path,
    path: &str,
    slug: Option<&str>,
    title: Option<&str>,
    district: Option<&str>,
    municipality: Option<&str>,
) -> ExitCode {
    let Some(config) = super::site_config(terminal, root) else {
        return ExitCode::from(1);
    };
    let today = super::reproducible_today().unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&equilibri::opening::TIME_ZONE)
            .date_naive()
    });
    let written = match (path, slug) {
        ("punto", Some(slug)) => new_info_point(root, &config, slug, district, municipality),
        ("punto", None) => {
            eprintln!(
                "error: the info point needs a name\n  = hint: equilibri new punto rozzano-centro"
            );
            return ExitCode::from(2);
        }
        (_, Some(extra)) => {
            terminal.error(&format!("unexpected `{extra}`: only `new punto` takes a second name\n  = hint: equilibri new servizi/nuovo-servizio --title \"…\""));
            return ExitCode::from(2);
        }
        (path, None) => new_page(root, &config, path, title, today),
    };
    match written {
        Ok(file) => {
            println!(
                "Written {file}: fill it in, then preview it with `equilibri serve --drafts`."
            );
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            terminal.diagnostics(&[diagnostic]);
            ExitCode::from(1)
        }
    }
}
