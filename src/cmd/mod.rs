//! The subcommands of the `equilibri` binary: each turns its arguments into a library call and
//! the result into terminal output and an exit code (0 success, 1 content errors, 2 usage).

pub mod build;
pub mod check;
pub mod new;
pub mod search;
pub mod serve;
pub mod terminal;

use equilibri::config::{load_config, Config};

/// The site's configuration, or `None` after printing why it cannot be read.
pub fn site_config(terminal: &terminal::Terminal, root: &std::path::Path) -> Option<Config> {
    match load_config(root, None) {
        Ok(config) => Some(config),
        Err(diagnostics) => {
            terminal.diagnostics(&diagnostics);
            None
        }
    }
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) fixes the day the build counts
/// as today, so two builds of one commit on different days are identical.
pub fn reproducible_today() -> Option<chrono::NaiveDate> {
    let seconds: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let instant = chrono::DateTime::from_timestamp(seconds, 0)?;
    Some(
        instant
            .with_timezone(&equilibri::opening::TIME_ZONE)
            .date_naive(),
    )
}
