//! How the command line talks to people: colours only on a terminal and never with `NO_COLOR`,
//! `--quiet` and `--verbose`, and a progress bar for builds that take more than a second.

use equilibri::build::{Progress, BUILD_STEPS};
use equilibri::diagnostics::Diagnostic;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    Normal,
    /// Also each step's time.
    Verbose,
}

pub struct Terminal {
    pub verbosity: Verbosity,
    /// Diagnostics go to standard error: colours when it is a terminal.
    color: bool,
    interactive: bool,
}

impl Terminal {
    pub fn new(verbosity: Verbosity) -> Terminal {
        let interactive = std::io::stderr().is_terminal();
        // https://no-color.org: set and not empty means no colours.
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Terminal {
            verbosity,
            color: interactive && !no_color,
            interactive,
        }
    }

    /// Errors always; warnings unless quiet.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut stderr = std::io::stderr().lock();
        for diagnostic in diagnostics {
            if diagnostic.is_error() || self.verbosity > Verbosity::Quiet {
                let _ = writeln!(stderr, "{}", diagnostic.render_styled(self.color));
            }
        }
    }

    pub fn error(&self, message: &str) {
        let label = if self.color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        eprintln!("{label}: {message}");
    }

    /// A line on standard output, unless quiet.
    pub fn say(&self, line: &str) {
        if self.verbosity > Verbosity::Quiet {
            println!("{line}");
        }
    }

    /// A line on standard output, only when verbose.
    pub fn detail(&self, line: &str) {
        if self.verbosity == Verbosity::Verbose {
            println!("{line}");
        }
    }

    /// A progress bar on standard error, drawn only on a terminal, only once a second has
    /// passed (short builds do not flicker), and never when quiet.
    pub fn progress_bar(&self) -> Option<ProgressBar> {
        (self.interactive && self.verbosity > Verbosity::Quiet).then(ProgressBar::start)
    }
}

pub struct ProgressBar {
    pub progress: Arc<Progress>,
    stop: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl ProgressBar {
    fn start() -> ProgressBar {
        let progress = Arc::new(Progress::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (shown, stopped) = (progress.clone(), stop.clone());
        let drawer = std::thread::spawn(move || {
            let started = Instant::now();
            let mut drawn = false;
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if started.elapsed() < Duration::from_secs(1) {
                    continue;
                }
                let (done, step) = shown.snapshot();
                eprint!("\r\x1b[2K{}", bar_line(done, &step, started.elapsed()));
                drawn = true;
            }
            if drawn {
                eprint!("\r\x1b[2K");
            }
        });
        ProgressBar {
            progress,
            stop,
            drawer: Some(drawer),
        }
    }
}

impl Drop for ProgressBar {
    /// Stops drawing and clears the line before anything else is printed.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

/// `[########............] 7/15 html pages, 2.3 s`
fn bar_line(done: usize, step: &str, elapsed: Duration) -> String {
    const WIDTH: usize = 20;
    let filled = (done.min(BUILD_STEPS) * WIDTH) / BUILD_STEPS;
    format!(
        "[{}{}] {done}/{BUILD_STEPS} {step}, {:.1} s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_the_steps() {
        assert_eq!(
            bar_line(0, "", Duration::from_millis(1200)),
            format!("[....................] 0/{BUILD_STEPS} , 1.2 s")
        );
        assert!(bar_line(BUILD_STEPS, "publish", Duration::from_secs(3))
            .starts_with("[####################] "));
    }
}
