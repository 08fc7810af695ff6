//! The `equilibri` command line: parses arguments, calls the library, maps results to exit codes
//! (0 success, 1 content errors, 2 usage errors).

use clap::{Parser, Subcommand};
use equilibri::build::{build, BuildError, BuildOptions, SEARCH_INDEX_DIR};
use equilibri::check::{check, CheckOptions, LinkCheckSettings};
use equilibri::config::load_config;
use equilibri::diagnostics::Diagnostic;
use equilibri::scaffold::{new_info_point, new_page};
use equilibri::search::query::{SearchHit, SearchIndex, SearchRequest};
use equilibri::serve::{serve, Rebuild, ServeOptions};
use std::path::{Path, PathBuf};
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
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
        /// Where to write the search index (default: <root>/search-index).
        /// Example: --search-index /tmp/equilibri-index
        #[arg(long, value_name = "DIR")]
        search_index: Option<PathBuf>,
        /// Also publish pages marked `draft: true`.
        /// Example: --drafts
        #[arg(long)]
        drafts: bool,
        /// Print how long each step of the build took.
        /// Example: --timings
        #[arg(long)]
        timings: bool,
    },
    /// Run every check of a build without writing anything, plus warnings for editors: missing
    /// descriptions or alternative text, skipped heading levels, long titles, news dated in the
    /// future, info points without contacts or hours, example data, pages no link leads to.
    ///
    /// Example: equilibri check --format json --external
    Check {
        /// Site folder holding site.yaml, content/ and themes/.
        /// Example: --root ~/siti/equilibri
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// `human` for people, `json` for CI and editors' tools.
        /// Example: --format json
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also ask every external link's site whether the page still exists.
        /// Example: --external
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external site.
        /// Example: --timeout 5
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        timeout: u64,
        /// Check pages marked `draft: true` too.
        /// Example: --drafts
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site and serve it on this machine, rebuilding and reloading the browser after
    /// every save; a failed rebuild shows its errors over the page and keeps the last good site.
    ///
    /// Example: equilibri serve --port 1111 --open
    Serve {
        /// Site folder holding site.yaml, content/ and themes/.
        /// Example: --root ~/siti/equilibri
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one.
        /// Example: --port 8080
        #[arg(long, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        /// Address to listen on (the default is reachable from this machine only).
        /// Example: --bind 0.0.0.0
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Serve under the path of this address instead of base_url's path from site.yaml.
        /// Example: --base-url https://example.org/equilibri/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also show pages marked `draft: true`.
        /// Example: --drafts
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser once it is built.
        /// Example: --open
        #[arg(long)]
        open: bool,
    },
    /// Write a new page, with every front matter key explained, or a new info point file.
    /// Never overwrites a file. New pages start as drafts.
    ///
    /// Example: equilibri new servizi/nuovo-servizio --title "Nuovo servizio"
    /// Example: equilibri new punto rozzano-centro --district rozzano --municipality Rozzano
    New {
        /// The page's path under content/, without .md (`servizi/nuovo-servizio`, or
        /// `servizi/_index` for a section), or `punto` for an info point.
        /// Example: notizie/bando-2027
        path: String,
        /// With `punto`: the info point's file name, which is also its address.
        /// Example: rozzano-centro
        slug: Option<String>,
        /// The page's title (default: from the file name).
        /// Example: --title "Voucher per i centri estivi"
        #[arg(long)]
        title: Option<String>,
        /// With `punto`: the district's id in site.yaml (default: the first).
        /// Example: --district rozzano
        #[arg(long, value_name = "ID")]
        district: Option<String>,
        /// With `punto`: a municipality of the district (default: its first).
        /// Example: --municipality Opera
        #[arg(long, value_name = "NAME")]
        municipality: Option<String>,
        /// Site folder holding site.yaml, content/ and themes/.
        /// Example: --root ~/siti/equilibri
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Search the index written by the last build: every word must match, the last one also as
    /// the beginning of a word.
    ///
    /// Example: equilibri search "congedo ad ore" --type servizio
    Search {
        /// The words to look for.
        /// Example: "asilo nido rozzano"
        query: String,
        /// Site folder holding site.yaml (for the pages' addresses).
        /// Example: --root ~/siti/equilibri
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The index to read (default: <root>/search-index).
        /// Example: --search-index /tmp/equilibri-index
        #[arg(long, value_name = "DIR")]
        search_index: Option<PathBuf>,
        /// Only results of this type (servizio, partner, buona-prassi, notizia, punto, pagina…).
        /// Example: --type punto
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// Only results of this district (its id in site.yaml).
        /// Example: --district rozzano
        #[arg(long, value_name = "ID")]
        district: Option<String>,
        /// How many results at most.
        /// Example: --limit 5
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
        /// Print the results as JSON (url, path, title, type, districts, score, snippet, highlights).
        /// Example: --json
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            search_index,
            base_url,
            drafts,
            timings,
        } => {
            let options = BuildOptions {
                root,
                output,
                search_index,
                base_url,
                drafts,
                today: reproducible_today(),
            };
            run_build(&options, timings)
        }
        Command::Check {
            root,
            format,
            external,
            timeout,
            drafts,
        } => {
            let options = CheckOptions {
                root,
                drafts,
                today: reproducible_today(),
                external: external.then(|| LinkCheckSettings {
                    timeout: std::time::Duration::from_secs(timeout),
                    ..LinkCheckSettings::default()
                }),
            };
            run_check(&options, format)
        }
        Command::Serve {
            root,
            port,
            bind,
            base_url,
            drafts,
            open,
        } => run_serve(ServeOptions {
            root,
            bind,
            port,
            base_url,
            drafts,
            open,
        }),
        Command::New {
            path,
            slug,
            title,
            district,
            municipality,
            root,
        } => run_new(
            &root,
            &path,
            slug.as_deref(),
            title.as_deref(),
            district.as_deref(),
            municipality.as_deref(),
        ),
        Command::Search {
            query,
            root,
            search_index,
            kind,
            district,
            limit,
            json,
        } => {
            let index = search_index.unwrap_or_else(|| root.join(SEARCH_INDEX_DIR));
            let request = SearchRequest {
                query,
                kind,
                district,
                limit,
            };
            run_search(&root, &index, &request, json)
        }
    }
}

fn run_search(root: &Path, index: &Path, request: &SearchRequest, json: bool) -> ExitCode {
    let config = match load_config(root, None) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return ExitCode::from(1);
        }
    };
    let hits = match SearchIndex::open(index).and_then(|index| index.search(request)) {
        Ok(hits) => hits,
        Err(error) => {
            eprintln!(
                "error: cannot search {}: {error}\n  = hint: run `equilibri build` first",
                index.display()
            );
            return ExitCode::from(1);
        }
    };
    let base = &config.base_url;
    if json {
        let results: Vec<serde_json::Value> = hits
            .iter()
            .map(|hit| {
                let mut value = serde_json::json!(hit);
                value["url"] = serde_json::json!(base.root_relative(&hit.path));
                value
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({ "query": request.query, "results": results })
        );
        return ExitCode::SUCCESS;
    }
    if hits.is_empty() {
        println!("Nessun risultato per «{}».", request.query);
    }
    for (rank, hit) in hits.iter().enumerate() {
        println!(
            "{}. {} ({}, {:.3})",
            rank + 1,
            hit.title,
            hit.kind,
            hit.score
        );
        println!("   {}", base.absolute(&hit.path));
        if !hit.snippet.is_empty() {
            println!("   {}", marked_snippet(hit));
        }
    }
    ExitCode::SUCCESS
}

/// The snippet with its matches between `[` and `]`, for a terminal.
fn marked_snippet(hit: &SearchHit) -> String {
    let mut text = String::new();
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        text.push_str(&hit.snippet[at..start]);
        text.push('[');
        text.push_str(&hit.snippet[start..end]);
        text.push(']');
        at = end;
    }
    text.push_str(&hit.snippet[at..]);
    text.replace('\n', " ")
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

fn run_build(options: &BuildOptions, timings: bool) -> ExitCode {
    match build(options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            if timings {
                for (phase, time) in &summary.phases {
                    println!("{:>8.3} s  {phase}", time.as_secs_f64());
                }
            }
            println!(
                "Built {} pages, {} sections, {} taxonomy terms, {} info points: {} files written in {:.2} s (search index and export {:.2} s).",
                summary.pages,
                summary.sections,
                summary.terms,
                summary.info_points,
                summary.files,
                summary.elapsed.as_secs_f64(),
                summary.search_elapsed().as_secs_f64()
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

fn run_new(
    root: &Path,
    path: &str,
    slug: Option<&str>,
    title: Option<&str>,
    district: Option<&str>,
    municipality: Option<&str>,
) -> ExitCode {
    let config = match load_config(root, None) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            return ExitCode::from(1);
        }
    };
    let today = reproducible_today().unwrap_or_else(|| {
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
            eprintln!("error: unexpected `{extra}`: only `new punto` takes a second name\n  = hint: equilibri new servizi/nuovo-servizio --title \"…\"");
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
            print_diagnostics(&[diagnostic]);
            ExitCode::from(1)
        }
    }
}

fn run_check(options: &CheckOptions, format: Format) -> ExitCode {
    let report = check(options);
    match format {
        Format::Json => println!("{}", serde_json::json!(report)),
        Format::Human => {
            print_diagnostics(&report.diagnostics);
            println!(
                "Checked: {} error(s), {} warning(s).",
                report.errors, report.warnings
            );
        }
    }
    if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_serve(options: ServeOptions) -> ExitCode {
    match serve(options, report_rebuild) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn report_rebuild(event: Rebuild) {
    match event {
        Rebuild::Started { changed } if !changed.is_empty() => {
            let names: Vec<&str> = changed.iter().map(String::as_str).collect();
            println!("Changed: {}", names.join(", "));
        }
        Rebuild::Started { .. } => println!("Building…"),
        Rebuild::Finished {
            result: Ok(summary),
            elapsed,
        } => {
            print_diagnostics(&summary.warnings);
            println!(
                "Rebuilt {} pages and {} info points in {} ms.",
                summary.pages,
                summary.info_points,
                elapsed.as_millis()
            );
        }
        Rebuild::Finished {
            result: Err(error), ..
        } => {
            match error {
                BuildError::Content(diagnostics) => print_diagnostics(diagnostics),
                BuildError::Io(message) => eprintln!("error: {message}"),
            }
            eprintln!("Rebuild failed: the last good site is still served.");
        }
        Rebuild::Listening { url } => {
            println!("Serving {url} (Ctrl+C to stop)");
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render());
    }
}
