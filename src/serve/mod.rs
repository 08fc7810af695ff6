//! `equilibri serve`: builds the site, serves it on loopback under its sub-path, rebuilds after
//! each burst of saves and tells browsers to reload (or to show the errors of a failed build
//! while the last good site stays served).

mod body_edit;
mod builder;
mod http;
mod paths;
mod status;
mod watch;

use crate::build::{BuildError, BuildSummary};
use builder::{Builder, SEARCH_PAUSE};
use http::Shared;
use status::BuildStatus;
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use watch::Batch;

/// Where `serve` writes, under the site folder, unless told otherwise: never `public/`, whose
/// links must carry the public address, not the local one.
pub const SERVE_DIR: &str = ".equilibri-serve";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Replaces `base_url` of `site.yaml`; only its path is used, the host is the server's.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Open the site in the default browser once built.
    pub open: bool,
}

/// What happened in a rebuild, for the terminal.
pub enum Rebuild<'a> {
    Started {
        changed: &'a BTreeSet<String>,
    },
    Finished {
        result: &'a Result<BuildSummary, BuildError>,
        elapsed: Duration,
        /// How many HTML pages were rendered; the others were unchanged.
        rendered: usize,
    },
    /// The server is listening; the first build has run.
    Listening {
        url: &'a str,
    },
    /// The search index and its export caught up with the pages.
    SearchUpdated {
        result: Result<(), String>,
        elapsed: Duration,
    },
}

/// Runs the server until Ctrl+C. `report` tells the terminal what happens.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(Rebuild) + Send + Sync + 'static,
) -> std::io::Result<()> {
    crate::qr::remember_codes();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run(options, Arc::new(report)))
}

async fn run(
    mut options: ServeOptions,
    report: Arc<dyn Fn(Rebuild) + Send + Sync>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .await
        .map_err(|error| {
            std::io::Error::new(
                error.kind(),
                format!(
                    "cannot listen on {}:{}: {error} (--port 0 picks a free port)",
                    options.bind, options.port
                ),
            )
        })?;
    let address = listener.local_addr()?;
    // The watcher reports absolute paths: the root must be absolute to recognise them.
    options.root = options.root.canonicalize()?;
    let root = options.root.clone();
    let serve_dir = root.join(SERVE_DIR);
    let shared = Arc::new(Shared {
        output: serve_dir.join("public"),
        base_path: RwLock::new("/".to_string()),
        status: tokio::sync::watch::Sender::new(BuildStatus::Starting),
    });
    let mut builder = Builder::new(
        options,
        format!("http://{address}"),
        shared.clone(),
        report.clone(),
    );
    // Watch before the first build, so a save during it is not lost.
    let watcher = watch::SourceWatcher::new(&root).map_err(std::io::Error::other)?;
    let mut builder = tokio::task::spawn_blocking(move || {
        builder.rebuild(&BTreeSet::new());
        builder
    })
    .await
    .map_err(std::io::Error::other)?;
    let url = format!("{}{}", builder.origin, builder.base_path());
    report(Rebuild::Listening { url: &url });
    if builder.options.open {
        open_in_browser(&url);
    }
    std::thread::spawn(move || loop {
        let wait = builder.search_stale().then_some(SEARCH_PAUSE);
        match watcher.next_batch_within(wait) {
            Batch::Changed(changed) => builder.rebuild(&changed),
            Batch::Quiet => builder.update_search(),
            Batch::Stopped => break,
        }
    });
    axum::serve(listener, http::router(shared))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Best effort: a machine without a desktop simply does not open anything.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
