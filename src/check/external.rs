//! `check --external`: asks every external address the pages link to whether it still answers.
//! HEAD first (no body to download), GET when a server refuses HEAD; redirects are followed by
//! hand so each one can be reported. Hosts are checked in parallel, up to `concurrency` at a
//! time, but one request at a time per host and `per_host_interval` apart, so no site sees a
//! burst from us (a burst is what gets link checkers blocked and their reports wrong).

use crate::diagnostics::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// An external link and where it was written (a warning without a message yet).
pub struct ExternalLink {
    pub url: String,
    pub origin: Diagnostic,
}

#[derive(Debug, Clone)]
pub struct LinkCheckSettings {
    /// For each request, connection included.
    pub timeout: Duration,
    /// Hosts checked at the same time.
    pub concurrency: usize,
    /// Pause between two requests to the same host.
    pub per_host_interval: Duration,
}

impl Default for LinkCheckSettings {
    fn default() -> Self {
        LinkCheckSettings {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_host_interval: Duration::from_millis(500),
        }
    }
}

const MOST_REDIRECTS: usize = 5;

/// What an address answered.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Fine,
    /// Redirected to this address, which answered fine.
    Moved(String),
    Problem {
        severity: Severity,
        message: String,
        hint: &'static str,
    },
}

/// Checks each distinct address once and reports it at every place it is written.
pub fn check_external_links(
    links: &[ExternalLink],
    settings: &LinkCheckSettings,
) -> Vec<Diagnostic> {
    let mut by_host: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for link in links {
        let urls = by_host.entry(host(&link.url).to_string()).or_default();
        if !urls.contains(&link.url.as_str()) {
            urls.push(&link.url);
        }
    }
    let agent = agent(settings);
    let hosts = Mutex::new(by_host.into_values());
    let outcomes = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..settings.concurrency.max(1) {
            scope.spawn(|| loop {
                let Some(urls) = hosts.lock().ok().and_then(|mut hosts| hosts.next()) else {
                    return;
                };
                let mut last_request: Option<Instant> = None;
                for url in urls {
                    let outcome = check(&agent, url, settings, &mut last_request);
                    if let Ok(mut outcomes) = outcomes.lock() {
                        outcomes.insert(url.to_string(), outcome);
                    }
                }
            });
        }
    });
    let outcomes = outcomes.into_inner().unwrap_or_default();
    links
        .iter()
        .filter_map(|link| report(link, outcomes.get(&link.url)?))
        .collect()
}

fn report(link: &ExternalLink, outcome: &Outcome) -> Option<Diagnostic> {
    let mut diagnostic = link.origin.clone();
    match outcome {
        Outcome::Fine => return None,
        Outcome::Moved(to) => {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!("{} moved to {to}", link.url);
            diagnostic.hint = Some("link the new address directly".to_string());
        }
        Outcome::Problem {
            severity,
            message,
            hint,
        } => {
            diagnostic.severity = *severity;
            diagnostic.message = format!("{}: {message}", link.url);
            diagnostic.hint = Some(hint.to_string());
        }
    }
    Some(diagnostic)
}

fn agent(settings: &LinkCheckSettings) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!(
            "equilibri-check/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build()
        .into()
}

fn check(
    agent: &ureq::Agent,
    url: &str,
    settings: &LinkCheckSettings,
    last_request: &mut Option<Instant>,
) -> Outcome {
    let mut current = url.to_string();
    for _ in 0..=MOST_REDIRECTS {
        let status = match request(agent, &current, settings, last_request) {
            Ok(status) => status,
            Err(problem) => return problem,
        };
        match status {
            Answer::Success if current == url => return Outcome::Fine,
            Answer::Success => return Outcome::Moved(current),
            Answer::Redirect(location) => current = join(&current, &location),
            Answer::Status(code) => return status_problem(code),
        }
    }
    Outcome::Problem {
        severity: Severity::Warning,
        message: format!("more than {MOST_REDIRECTS} redirects"),
        hint: "open the link in a browser and link the page it ends on",
    }
}

enum Answer {
    Success,
    Redirect(String),
    Status(u16),
}

/// HEAD, then GET if the server does not answer HEAD properly.
fn request(
    agent: &ureq::Agent,
    url: &str,
    settings: &LinkCheckSettings,
    last_request: &mut Option<Instant>,
) -> Result<Answer, Outcome> {
    let mut ask = |method: &str| {
        if let Some(last) = *last_request {
            std::thread::sleep(settings.per_host_interval.saturating_sub(last.elapsed()));
        }
        *last_request = Some(Instant::now());
        let response = match method {
            "HEAD" => agent.head(url).call(),
            _ => agent.get(url).call(),
        }
        .map_err(|error| connection_problem(&error))?;
        let code = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok());
        Ok(match (code, location) {
            (200..=299, _) => Answer::Success,
            (300..=399, Some(location)) => Answer::Redirect(location.to_string()),
            _ => Answer::Status(code),
        })
    };
    match ask("HEAD")? {
        // Many servers refuse or mishandle HEAD (405, 403, 404, 501…): ask again with GET.
        Answer::Status(_) => ask("GET"),
        answer => Ok(answer),
    }
}

fn status_problem(code: u16) -> Outcome {
    let (severity, message, hint) = match code {
        404 | 410 => (
            Severity::Error,
            format!("the page does not exist ({code})"),
            "find where the page moved and link it, or remove the link",
        ),
        401 | 403 | 429 => (
            Severity::Warning,
            format!("the site refused the check ({code})"),
            "some sites block automatic checks: open the link in a browser to verify it",
        ),
        500..=599 => (
            Severity::Warning,
            format!("the site answered with a server error ({code})"),
            "it may be temporary: check again later",
        ),
        _ => (
            Severity::Warning,
            format!("unexpected answer ({code})"),
            "open the link in a browser to verify it",
        ),
    };
    Outcome::Problem {
        severity,
        message,
        hint,
    }
}

fn connection_problem(error: &ureq::Error) -> Outcome {
    match error {
        ureq::Error::Timeout(_) => Outcome::Problem {
            severity: Severity::Warning,
            message: "no answer in time".to_string(),
            hint: "the site may be slow or down: check again later",
        },
        error => Outcome::Problem {
            severity: Severity::Error,
            message: format!("cannot be reached ({error})"),
            hint: "check the address for typos; if the site is gone, remove the link",
        },
    }
}

/// `https://host:port` of an address, for grouping by host.
fn host(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |index| index + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |index| after_scheme + index);
    &url[..end]
}

/// Resolves a `Location` header against the address that sent it.
fn join(current: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else if let Some(path) = location.strip_prefix('/') {
        format!("{}/{path}", host(current))
    } else {
        let without_query = current.split(['?', '#']).next().unwrap_or(current);
        let folder = match without_query.rfind('/') {
            Some(index) if index >= host(current).len() => &without_query[..=index],
            _ => return format!("{}/{location}", host(current)),
        };
        format!("{folder}{location}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_and_hosts() {
        assert_eq!(host("https://www.inps.it/a/b?c"), "https://www.inps.it");
        assert_eq!(host("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(join("https://a.it/x/y", "https://b.it/"), "https://b.it/");
        assert_eq!(join("https://a.it/x/y", "/z"), "https://a.it/z");
        assert_eq!(join("https://a.it/x/y?q", "z"), "https://a.it/x/z");
        assert_eq!(join("https://a.it", "z"), "https://a.it/z");
    }
}
