//! Redirect rules for `aliases`, for hosts that honour them: a Netlify/Cloudflare `_redirects`
//! file and an nginx `map` snippet. (The HTML stubs are rendered by the HTML output.)

use super::{add, Output};
use crate::diagnostics::Diagnostic;
use crate::output::OutputSet;
use crate::site::Site;

pub struct Redirects;

pub const REDIRECTS_FILE: &str = "_redirects";
pub const NGINX_MAP_FILE: &str = "nginx-redirects.conf";

impl Output for Redirects {
    fn name(&self) -> &'static str {
        "redirects"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let base = &site.config.base_url;
        let mut rules = String::from("# Old addresses kept alive (front matter `aliases`).\n");
        let mut map = String::from(
            "# nginx: include this file inside `http { }`, then in the site's `server { }` add\n\
             #   if ($equilibri_redirect) { return 301 $equilibri_redirect; }\n\
             map $uri $equilibri_redirect {\n    default \"\";\n",
        );
        for alias in &site.aliases {
            let (from, to) = (
                base.root_relative(&alias.from),
                base.root_relative(&alias.to),
            );
            rules.push_str(&format!("{from} {to} 301\n"));
            map.push_str(&format!("    \"{from}\" \"{to}\";\n"));
            if let Some(without_slash) = from.strip_suffix('/') {
                rules.push_str(&format!("{without_slash} {to} 301\n"));
                map.push_str(&format!("    \"{without_slash}\" \"{to}\";\n"));
            }
        }
        map.push_str("}\n");
        let mut errors = Vec::new();
        add(
            files,
            REDIRECTS_FILE.into(),
            rules.into_bytes(),
            self.name(),
            &mut errors,
        );
        add(
            files,
            NGINX_MAP_FILE.into(),
            map.into_bytes(),
            self.name(),
            &mut errors,
        );
        errors
    }
}
