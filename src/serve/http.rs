//! The dev server's HTTP side: the built site's files under the site's sub-path, with the live
//! reload script added to HTML pages as they are sent (never written to disk), and the event
//! stream that tells browsers about each rebuild.

use super::paths::{resolve, Resolution};
use super::status::BuildStatus;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::watch;

/// The server's own addresses, outside any site path.
pub const EVENTS_PATH: &str = "/__equilibri/events";
pub const SCRIPT_PATH: &str = "/__equilibri/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");

pub struct Shared {
    /// The folder the builds write to.
    pub output: PathBuf,
    /// The site's sub-path (`/` or `/equilibri/`), from the last build's configuration.
    pub base_path: RwLock<String>,
    pub status: watch::Sender<BuildStatus>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(live_script))
        .fallback(site_file)
        .with_state(shared)
}

/// One event per build status: the current one at once, then each new one.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.status.subscribe();
    let stream =
        futures_util::stream::unfold((receiver, true), |(mut receiver, first)| async move {
            if !first && receiver.changed().await.is_err() {
                return None;
            }
            let status = receiver.borrow_and_update().clone();
            let data = serde_json::to_string(&status).unwrap_or_default();
            let event = Event::default().event(status.event_name()).data(data);
            Some((Ok(event), (receiver, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn live_script() -> Response {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_SCRIPT.into(),
    )
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let base_path = shared
        .base_path
        .read()
        .map(|path| path.clone())
        .unwrap_or_else(|_| "/".to_string());
    let output = &shared.output;
    let generation = shared.status.borrow().generation();
    match resolve(&base_path, uri.path(), |site_path| {
        output.join(site_path).is_dir()
    }) {
        Resolution::File(site_path) => match read_site_file(output, &site_path).await {
            Some(bytes) => file_response(StatusCode::OK, &site_path, bytes, generation),
            None => not_found(output, generation).await,
        },
        Resolution::Redirect(location) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolution::NotFound => not_found(output, generation).await,
        Resolution::BadRequest => with_type(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "Richiesta non valida: l'indirizzo esce dal sito.\n".into(),
        ),
    }
}

/// The bytes of a regular file inside the output folder; a link leading outside it is refused.
async fn read_site_file(output: &Path, site_path: &str) -> Option<Vec<u8>> {
    let root = tokio::fs::canonicalize(output).await.ok()?;
    let file = tokio::fs::canonicalize(root.join(site_path)).await.ok()?;
    if !file.starts_with(&root) || !tokio::fs::metadata(&file).await.ok()?.is_file() {
        return None;
    }
    tokio::fs::read(file).await.ok()
}

async fn not_found(output: &Path, generation: u64) -> Response {
    match read_site_file(output, "404.html").await {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes, generation),
        None => with_type(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Pagina non trovata.\n".into(),
        ),
    }
}

fn file_response(status: StatusCode, site_path: &str, bytes: Vec<u8>, generation: u64) -> Response {
    let mime = mime_guess::from_path(site_path).first_or_octet_stream();
    let textual = mime.type_() == "text"
        || ["javascript", "json", "xml", "svg", "manifest"]
            .iter()
            .any(|kind| mime.essence_str().contains(kind));
    let content_type = if textual {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if mime.essence_str() == "text/html" {
        with_live_script(bytes, generation)
    } else {
        bytes
    };
    with_type(status, &content_type, body.into())
}

fn with_type(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Editors must always see the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The page with the live reload script before `</body>`; the script learns which build the
/// page came from, so a rebuild that finished before it connected still reloads it.
pub fn with_live_script(mut html: Vec<u8>, generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.bytes());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = with_live_script(b"<html><body><p>x</p></body></html>".to_vec(), 7);
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__equilibri/live.js\" data-generation=\"7\"></script></body></html>"
        );
        let fragment = with_live_script(b"<p>x</p>".to_vec(), 1);
        assert!(String::from_utf8(fragment).unwrap().ends_with("</script>"));
    }
}
