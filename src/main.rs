//! The `equilibri` command line: parses arguments and hands each subcommand to `cmd`, which
//! calls the library and maps results to exit codes (0 success, 1 content errors, 2 usage errors).

mod cmd;

use clap::{Parser, Subcommand};
use cmd::check::Format;
use cmd::reproducible_today;
use cmd::terminal::{Terminal, Verbosity};
use equilibri::build::{BuildOptions, SEARCH_INDEX_DIR};
use equilibri::check::{CheckOptions, LinkCheckSettings};
use equilibri::search::query::SearchRequest;
use equilibri::serve::ServeOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// A build allocates and frees millions of small strings and JSON values from several threads,
/// where mimalloc is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "equilibri",
    version,
    about = "Static site generator for the work–family balance information network"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each step took.
    #[arg(long, short, global = true)]
    verbose: bool,
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
        /// Print how long each step of the build took (the same as --verbose).
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
    // `build --timings` is `--verbose` under its older name.
    let timings = matches!(cli.command, Command::Build { timings: true, .. });
    let verbosity = match (cli.quiet, cli.verbose || timings) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let terminal = Terminal::new(verbosity);
    match cli.command {
        Command::Build {
            root,
            output,
            search_index,
            base_url,
            drafts,
            timings: _,
        } => {
            let options = BuildOptions {
                root,
                output,
                search_index,
                base_url,
                drafts,
                today: reproducible_today(),
                progress: None,
            };
            cmd::build::run(&terminal, options)
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
            cmd::check::run(&terminal, &options, format)
        }
        Command::Serve {
            root,
            port,
            bind,
            base_url,
            drafts,
            open,
        } => cmd::serve::run(
            terminal,
            ServeOptions {
                root,
                bind,
                port,
                base_url,
                drafts,
                open,
            },
        ),
        Command::New {
            path,
            slug,
            title,
            district,
            municipality,
            root,
        } => cmd::new::run(
            &terminal,
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
            cmd::search::run(&terminal, &root, &index, &request, json)
        }
    }
}
