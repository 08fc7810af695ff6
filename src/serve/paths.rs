//! Which file of the built site answers a request path, under the site's sub-path. Pure, so
//! every hostile path can be tested without a server.

use percent_encoding::percent_decode_str;

#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A file of the built site, relative to its folder (`servizi/index.html`).
    File(String),
    /// A folder asked without its trailing slash, or the server's root when the site lives under
    /// a sub-path: the browser is sent to the right address.
    Redirect(String),
    /// Outside the site, or no such file: the site's 404 page.
    NotFound,
    /// `..`, a backslash, a NUL or invalid percent-encoding: refused outright.
    BadRequest,
}

/// Resolves `raw_path` (as received, percent-encoded) under `base_path` (`/` or `/equilibri/`).
/// `is_folder` says whether a site path is a folder of the built site.
pub fn resolve(base_path: &str, raw_path: &str, is_folder: impl Fn(&str) -> bool) -> Resolution {
    let Ok(path) = percent_decode_str(raw_path).decode_utf8() else {
        return Resolution::BadRequest;
    };
    let unsafe_segment = |segment: &str| segment == ".." || segment == ".";
    if !path.starts_with('/') || path.contains(['\\', '\0']) || path.split('/').any(unsafe_segment)
    {
        return Resolution::BadRequest;
    }
    // The server's root and the sub-path without its slash both lead to the site.
    if base_path != "/" && (path == "/" || path == base_path.trim_end_matches('/')) {
        return Resolution::Redirect(base_path.to_string());
    }
    let Some(site_path) = path.strip_prefix(base_path) else {
        return Resolution::NotFound;
    };
    // Empty segments (`a//b`) would read like another path on disk.
    if site_path.split('/').rev().skip(1).any(str::is_empty) {
        return Resolution::NotFound;
    }
    if site_path.is_empty() || site_path.ends_with('/') {
        return Resolution::File(format!("{site_path}index.html"));
    }
    if is_folder(site_path) {
        return Resolution::Redirect(format!("{}/", raw_path));
    }
    Resolution::File(site_path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Resolution::*;

    fn at(base: &str, path: &str) -> Resolution {
        resolve(base, path, |site_path| site_path == "servizi")
    }

    #[test]
    fn files_folders_and_the_sub_path() {
        assert_eq!(at("/", "/"), File("index.html".into()));
        assert_eq!(at("/", "/servizi/"), File("servizi/index.html".into()));
        assert_eq!(at("/", "/servizi"), Redirect("/servizi/".into()));
        assert_eq!(at("/", "/css/site.css"), File("css/site.css".into()));
        assert_eq!(
            at("/", "/punti/caf%C3%A8/"),
            File("punti/cafè/index.html".into())
        );
        assert_eq!(at("/equilibri/", "/"), Redirect("/equilibri/".into()));
        assert_eq!(
            at("/equilibri/", "/equilibri"),
            Redirect("/equilibri/".into())
        );
        assert_eq!(
            at("/equilibri/", "/equilibri/servizi/"),
            File("servizi/index.html".into())
        );
        assert_eq!(
            at("/equilibri/", "/equilibri/servizi"),
            Redirect("/equilibri/servizi/".into())
        );
        assert_eq!(at("/equilibri/", "/servizi/"), NotFound);
        assert_eq!(at("/equilibri/", "/equilibrio/"), NotFound);
        assert_eq!(at("/", "/a//b.html"), NotFound);
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for path in [
            "/../etc/passwd",
            "/servizi/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/etc/passwd",
            "/..%2fetc/passwd",
            "/%2e%2e%2fetc%2fpasswd",
            "/..%5cetc%5cpasswd",
            "/..\\etc\\passwd",
            "/index.html%00.css",
            "/./index.html",
            "/%ff%fe",
            "relative",
        ] {
            assert_eq!(at("/", path), BadRequest, "{path}");
            assert_eq!(at("/equilibri/", path), BadRequest, "{path}");
        }
        // Encoded twice: decoded once, it is the literal name `%2e%2e`, not a parent folder.
        assert_eq!(at("/", "/%252e%252e/x"), File("%2e%2e/x".into()));
    }
}
