//! `equilibri check`.

use super::terminal::Terminal;
use equilibri::check::{check, CheckOptions};
use std::process::ExitCode;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(terminal: &Terminal, options: &CheckOptions, format: Format) -> ExitCode {
    let report = check(options);
    match format {
        // The whole report whatever the verbosity: it is meant for programs.
        Format::Json => println!("{}", serde_json::json!(report)),
        Format::Human => {
            terminal.diagnostics(&report.diagnostics);
            terminal.say(&format!(
                "Checked: {} error(s), {} warning(s).",
                report.errors, report.warnings
            ));
        }
    }
    if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
