//! The site's public address. Every link the site writes goes through `BaseUrl`, so the site works
//! the same at a domain root and under a sub-path such as `https://example.org/equilibri/`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and authority, without a trailing slash: `https://example.org`.
    origin: String,
    /// Path prefix, starting and ending with `/`: `/` or `/equilibri/`.
    path: String,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` must start with https:// or http://"))?;
        let (authority, path) = match rest.find('/') {
            Some(index) => rest.split_at(index),
            None => (rest, "/"),
        };
        if authority.is_empty() || authority.contains(['?', '#', ' ', '\\']) {
            return Err(format!("`{text}` has no valid host name"));
        }
        if path.contains(['?', '#', ' ', '\\']) || path.split('/').any(|s| s == "..") {
            return Err(format!("`{text}` has a path that cannot be a site root"));
        }
        let scheme_len = text.len() - rest.len();
        let mut path = path.trim_end_matches('/').to_string();
        path.push('/');
        Ok(BaseUrl {
            origin: format!("{}{}", &text[..scheme_len], authority),
            path,
        })
    }

    /// The path prefix, such as `/` or `/equilibri/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A link from the site root: `servizi/nidi/` becomes `/equilibri/servizi/nidi/`.
    /// A leading slash on `site_path` is ignored, so editors' root-relative links get the prefix too.
    pub fn root_relative(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// The absolute address of a root-relative link (`/equilibri/servizi/`).
    pub fn absolute_link(&self, root_relative: &str) -> String {
        format!("{}{}", self.origin, root_relative)
    }

    /// The absolute address of a site path, for canonical links, feeds, sitemaps and QR codes.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.root_relative(site_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_root_and_sub_path() {
        let root = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(root.path(), "/");
        assert_eq!(root.absolute("servizi/"), "https://example.org/servizi/");
        let sub = BaseUrl::parse("http://127.0.0.1:8080/equilibri").unwrap();
        assert_eq!(sub.path(), "/equilibri/");
        assert_eq!(sub.root_relative("/servizi/"), "/equilibri/servizi/");
        assert_eq!(sub.root_relative(""), "/equilibri/");
        assert_eq!(
            sub.absolute("sitemap.xml"),
            "http://127.0.0.1:8080/equilibri/sitemap.xml"
        );
    }

    #[test]
    fn rejects_what_is_not_a_site_root() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://example.org/a/../b").is_err());
        assert!(BaseUrl::parse("https://example.org/?q=1").is_err());
    }
}
