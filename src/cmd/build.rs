//! `equilibri build`.

use super::terminal::Terminal;
use equilibri::build::{build, BuildError, BuildOptions, BuildSummary};
use std::process::ExitCode;

pub fn run(terminal: &Terminal, mut options: BuildOptions) -> ExitCode {
    let bar = terminal.progress_bar();
    options.progress = bar.as_ref().map(|bar| bar.progress.clone());
    let result = build(&options);
    drop(bar);
    match result {
        Ok(summary) => {
            terminal.diagnostics(&summary.warnings);
            print_phases(terminal, &summary);
            terminal.say(&format!(
                "Built {} pages, {} sections, {} taxonomy terms, {} info points: {} files written in {:.2} s (search index and export {:.2} s).",
                summary.pages,
                summary.sections,
                summary.terms,
                summary.info_points,
                summary.files,
                summary.elapsed.as_secs_f64(),
                summary.search_elapsed().as_secs_f64()
            ));
            ExitCode::SUCCESS
        }
        Err(error) => {
            let errors = print_failure(terminal, &error);
            eprintln!("Build failed with {errors} error(s); nothing was written.");
            ExitCode::from(1)
        }
    }
}

/// Each step's time, with `--verbose`.
pub fn print_phases(terminal: &Terminal, summary: &BuildSummary) {
    for (phase, time) in &summary.phases {
        terminal.detail(&format!("{:>8.3} s  {phase}", time.as_secs_f64()));
    }
}

/// Prints why a build failed; returns how many errors there were.
pub fn print_failure(terminal: &Terminal, error: &BuildError) -> usize {
    match error {
        BuildError::Content(diagnostics) => {
            terminal.diagnostics(diagnostics);
            diagnostics.iter().filter(|d| d.is_error()).count()
        }
        BuildError::Io(message) => {
            terminal.error(message);
            1
        }
    }
}
