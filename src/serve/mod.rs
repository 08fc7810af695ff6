//! `equilibri serve`: builds the site, serves it on loopback under its sub-path, rebuilds after
//! each burst of saves and tells browsers to reload (or to show the errors of a failed build
//! while the last good site stays served).

mod http;
mod paths;
mod status;
mod watch;

use crate::build::{update_in_place, BuildError, BuildOptions, BuildSummary};
use crate::config::load_config;
use crate::diagnostics::Diagnostic;
use http::Shared;
use status::{BuildStatus, OverlayError};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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
    },
    /// The server is listening; the first build has run.
    Listening {
        url: &'a str,
    },
}

/// Runs the server until Ctrl+C. `report` tells the terminal what happens.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(Rebuild) + Send + Sync + 'static,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run(options, Arc::new(report)))
}

async fn run(
    options: ServeOptions,
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
    let root = options.root.clone();
    let serve_dir = root.join(SERVE_DIR);
    let shared = Arc::new(Shared {
        output: serve_dir.join("public"),
        base_path: RwLock::new("/".to_string()),
        status: tokio::sync::watch::Sender::new(BuildStatus::Starting),
    });
    let builder = Builder {
        options,
        origin: format!("http://{address}"),
        shared: shared.clone(),
        report: report.clone(),
    };
    // Watch before the first build, so a save during it is not lost.
    let watcher = watch::SourceWatcher::new(&root).map_err(std::io::Error::other)?;
    let builder = tokio::task::spawn_blocking(move || {
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
    std::thread::spawn(move || {
        while let Some(changed) = watcher.next_batch() {
            builder.rebuild(&changed);
        }
    });
    axum::serve(listener, http::router(shared))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

struct Builder {
    options: ServeOptions,
    /// `http://127.0.0.1:1111`.
    origin: String,
    shared: Arc<Shared>,
    report: Arc<dyn Fn(Rebuild) + Send + Sync>,
}

impl Builder {
    /// The site's sub-path: from `--base-url`, else from `site.yaml` (which may have just
    /// changed), else the root while `site.yaml` is broken (the build will say why).
    fn base_path(&self) -> String {
        load_config(&self.options.root, self.options.base_url.as_deref())
            .map(|config| config.base_url.path().to_string())
            .unwrap_or_else(|_| "/".to_string())
    }

    fn rebuild(&self, changed: &BTreeSet<String>) {
        (self.report)(Rebuild::Started { changed });
        let started = Instant::now();
        let base_path = self.base_path();
        let serve_dir = self.options.root.join(SERVE_DIR);
        let options = BuildOptions {
            root: self.options.root.clone(),
            output: Some(serve_dir.join("public")),
            search_index: Some(serve_dir.join("search-index")),
            base_url: Some(format!("{}{base_path}", self.origin)),
            drafts: self.options.drafts,
            today: None,
            progress: None,
        };
        let result = update_in_place(&options);
        let generation = self.shared.status.borrow().generation() + 1;
        let status = match &result {
            Ok(_) => {
                if let Ok(mut path) = self.shared.base_path.write() {
                    *path = base_path;
                }
                BuildStatus::Built {
                    generation,
                    css_only: !changed.is_empty() && changed.iter().all(|path| is_stylesheet(path)),
                }
            }
            Err(BuildError::Content(diagnostics)) => BuildStatus::Failed {
                generation,
                errors: diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.is_error())
                    .map(OverlayError::from_diagnostic)
                    .collect(),
            },
            Err(BuildError::Io(message)) => BuildStatus::Failed {
                generation,
                errors: vec![OverlayError::from_diagnostic(&Diagnostic::error(
                    SERVE_DIR, message,
                ))],
            },
        };
        self.shared.status.send_replace(status);
        (self.report)(Rebuild::Finished {
            result: &result,
            elapsed: started.elapsed(),
        });
    }
}

fn is_stylesheet(source: &str) -> bool {
    source.starts_with("themes/") && source.ends_with(".css")
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
