//! `equilibri serve`.

use super::build::{print_failure, print_phases};
use super::terminal::Terminal;
use equilibri::serve::{serve, Rebuild, ServeOptions};
use std::process::ExitCode;

pub fn run(terminal: Terminal, options: ServeOptions) -> ExitCode {
    let terminal = std::sync::Arc::new(terminal);
    let reporter = terminal.clone();
    match serve(options, move |event| report(&reporter, event)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            terminal.error(&error.to_string());
            ExitCode::from(1)
        }
    }
}

fn report(terminal: &Terminal, event: Rebuild) {
    match event {
        Rebuild::Started { changed } if !changed.is_empty() => {
            let names: Vec<&str> = changed.iter().map(String::as_str).collect();
            terminal.say(&format!("Changed: {}", names.join(", ")));
        }
        Rebuild::Started { .. } => terminal.say("Building…"),
        Rebuild::Finished {
            result: Ok(summary),
            elapsed,
            rendered,
        } => {
            terminal.diagnostics(&summary.warnings);
            print_phases(terminal, summary);
            terminal.say(&format!(
                "Rebuilt {} pages and {} info points in {} ms ({rendered} HTML files rendered, the others unchanged).",
                summary.pages,
                summary.info_points,
                elapsed.as_millis()
            ));
        }
        Rebuild::Finished {
            result: Err(error), ..
        } => {
            let errors = print_failure(terminal, error);
            eprintln!("Rebuild failed with {errors} error(s): the last good site is still served.");
        }
        Rebuild::SearchUpdated {
            result: Ok(()),
            elapsed,
        } => terminal.detail(&format!(
            "Search index updated in {} ms.",
            elapsed.as_millis()
        )),
        Rebuild::SearchUpdated {
            result: Err(message),
            ..
        } => terminal.error(&format!("the search index was not updated: {message}")),
        // Always printed: it is how editors (and tests) learn the address.
        Rebuild::Listening { url } => println!("Serving {url} (Ctrl+C to stop)"),
    }
}
