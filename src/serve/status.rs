//! The state of the latest rebuild, shared by the builder thread, the file handler (which tells
//! each page which build it came from) and the event stream (which tells browsers what changed).

use crate::diagnostics::Diagnostic;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum BuildStatus {
    /// The first build has not finished yet.
    Starting,
    /// Build number `generation` is on disk. `css_only` when the change was only stylesheets,
    /// which browsers swap in place instead of reloading.
    Built { generation: u64, css_only: bool },
    /// The latest rebuild failed; the last good site is still served.
    Failed {
        generation: u64,
        errors: Vec<OverlayError>,
    },
}

impl BuildStatus {
    pub fn generation(&self) -> u64 {
        match self {
            BuildStatus::Starting => 0,
            BuildStatus::Built { generation, .. } | BuildStatus::Failed { generation, .. } => {
                *generation
            }
        }
    }

    /// The name of the server-sent event announcing this status.
    pub fn event_name(&self) -> &'static str {
        match self {
            BuildStatus::Starting => "starting",
            BuildStatus::Built { .. } => "built",
            BuildStatus::Failed { .. } => "failed",
        }
    }
}

/// One error as the browser overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OverlayError {
    /// `content/servizi/nidi.md:3:1`.
    pub location: String,
    pub message: String,
    /// The whole diagnostic as the terminal prints it: source line, caret and hint.
    pub text: String,
}

impl OverlayError {
    pub fn from_diagnostic(diagnostic: &Diagnostic) -> OverlayError {
        OverlayError {
            location: diagnostic.location(),
            message: diagnostic.message.clone(),
            text: diagnostic.render(),
        }
    }
}
