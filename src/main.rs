//! The `equilibri` command line: parses arguments, calls the library, maps results to exit codes
//! (0 success, 1 content errors, 2 usage errors).

use clap::{Parser, Subcommand};
use equilibri::build::{build, BuildError, BuildOptions};
use equilibri::diagnostics::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "equilibri",
    version,
    about = "Static site generator for the work–family balance information network"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (atomically: a failed build leaves public/ untouched).
    ///
    /// Example: equilibri build --root . --base-url https://example.org/equilibri/
    Build {
        /// Site folder holding site.yaml, content/ and themes/.
        /// Example: --root ~/siti/equilibri
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public).
        /// Example: --output /srv/www/equilibri
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Public address of the site, replacing base_url from site.yaml; may contain a sub-path.
        /// Example: --base-url http://127.0.0.1:8080/equilibri/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also publish pages marked `draft: true`.
        /// Example: --drafts
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                today: reproducible_today(),
            };
            run_build(&options)
        }
    }
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) fixes the day the build counts
/// as today, so two builds of one commit on different days are identical.
fn reproducible_today() -> Option<chrono::NaiveDate> {
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

fn run_build(options: &BuildOptions) -> ExitCode {
    match build(options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            println!(
                "Built {} pages, {} sections, {} taxonomy terms, {} info points: {} files written in {:.2} s.",
                summary.pages,
                summary.sections,
                summary.terms,
                summary.info_points,
                summary.files,
                summary.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("Build failed with {errors} error(s); nothing was written.");
            ExitCode::from(1)
        }
        Err(BuildError::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render());
    }
}
