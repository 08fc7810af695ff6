//! HTML pages: every page, section, taxonomy list and term, the 404 page and alias stubs,
//! rendered through the theme's templates (pages in parallel).

use super::{add, Output};
use crate::diagnostics::Diagnostic;
use crate::output::{html_file, OutputSet};
use crate::render::Templates;
use crate::site::Site;
use crate::views::Views;
use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Context;

pub struct HtmlPages<'a> {
    pub templates: &'a Templates,
    pub views: &'a Views,
}

/// One HTML file to render.
struct Job {
    path: String,
    template: String,
    /// Whose content this is, for diagnostics.
    owner: String,
    values: Value,
}

impl Output for HtmlPages<'_> {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let jobs = self.jobs(site, &mut errors);
        let rendered: Vec<(String, Result<String, Diagnostic>)> = jobs
            .par_iter()
            .map(|job| {
                let mut values = self.views.shared.clone();
                if let (Value::Object(target), Value::Object(extra)) = (&mut values, &job.values) {
                    target.extend(extra.clone());
                }
                let context = Context::from_value(values).unwrap_or_default();
                (
                    job.path.clone(),
                    self.templates.render(&job.template, &context, &job.owner),
                )
            })
            .collect();
        for (path, result) in rendered {
            match result {
                Ok(html) => add(files, path, html.into_bytes(), "html pages", &mut errors),
                Err(error) => errors.push(error),
            }
        }
        errors
    }
}

impl HtmlPages<'_> {
    fn jobs(&self, site: &Site, errors: &mut Vec<Diagnostic>) -> Vec<Job> {
        let base = &site.config.base_url;
        let location = |path: &str| json!({ "current_path": path, "current_url": base.root_relative(path), "permalink": base.absolute(path) });
        let with = |mut values: Value, key: &str, value: Value| {
            values[key] = value;
            values
        };
        let mut jobs = Vec::new();
        for (index, page) in site.pages.iter().enumerate() {
            let owner = format!("content/{}", page.entry.source);
            let template = page
                .entry
                .front_matter
                .template
                .clone()
                .or_else(|| {
                    site.section_of(page)
                        .entry
                        .front_matter
                        .page_template
                        .clone()
                })
                .unwrap_or_else(|| "page.html".to_string());
            if !self.check_template(&template, &owner, errors) {
                continue;
            }
            let mut values = with(
                location(&page.entry.path),
                "page",
                self.views.page(site, index),
            );
            values["breadcrumbs"] = self.views.breadcrumbs(site, page.section);
            jobs.push(Job {
                path: html_file(&page.entry.path),
                template,
                owner,
                values,
            });
        }
        for (index, section) in site.sections.iter().enumerate() {
            let owner = format!("content/{}", section.entry.source);
            let default = if index == 0 {
                "index.html"
            } else {
                "section.html"
            };
            let template = section
                .entry
                .front_matter
                .template
                .clone()
                .unwrap_or_else(|| default.to_string());
            if !self.check_template(&template, &owner, errors) {
                continue;
            }
            let mut values = with(
                location(&section.entry.path),
                "section",
                self.views.section(site, index),
            );
            values["breadcrumbs"] = match section.parent {
                Some(parent) => self.views.breadcrumbs(site, parent),
                None => json!([]),
            };
            jobs.push(Job {
                path: html_file(&section.entry.path),
                template,
                owner,
                values,
            });
        }
        let home = json!([{ "title": site.sections[0].entry.front_matter.title, "url": base.root_relative("") }]);
        for (index, taxonomy) in site.taxonomies.iter().enumerate() {
            let list_path = format!("{}/", taxonomy.config.path);
            let taxonomy_view = self.views.shared["taxonomies"][index].clone();
            let mut values = with(location(&list_path), "taxonomy", taxonomy_view.clone());
            values["breadcrumbs"] = home.clone();
            jobs.push(Job {
                path: html_file(&list_path),
                template: "taxonomy_list.html".into(),
                owner: "site.yaml".into(),
                values,
            });
            for term in &taxonomy.terms {
                let mut values = with(location(&term.path), "taxonomy", taxonomy_view.clone());
                values["term"] = self.views.term(site, term);
                let mut crumbs = home.clone();
                if let Value::Array(items) = &mut crumbs {
                    items.push(json!({ "title": taxonomy.config.title, "url": base.root_relative(&list_path) }));
                }
                values["breadcrumbs"] = crumbs;
                jobs.push(Job {
                    path: html_file(&term.path),
                    template: "taxonomy_term.html".into(),
                    owner: "site.yaml".into(),
                    values,
                });
            }
        }
        jobs.push(Job {
            path: "404.html".into(),
            template: "404.html".into(),
            owner: "404 page".into(),
            values: json!({ "current_path": "404.html", "current_url": base.root_relative("404.html"), "permalink": base.absolute("404.html"), "breadcrumbs": [] }),
        });
        for alias in &site.aliases {
            jobs.push(Job {
                path: html_file(&alias.from),
                template: "alias.html".into(),
                owner: format!("alias /{}", alias.from),
                values: json!({ "redirect": { "url": base.root_relative(&alias.to), "permalink": base.absolute(&alias.to) } }),
            });
        }
        jobs
    }

    fn check_template(&self, template: &str, owner: &str, errors: &mut Vec<Diagnostic>) -> bool {
        let exists = self.templates.has(template);
        if !exists {
            errors.push(
                Diagnostic::error(
                    owner,
                    format!("template `{template}` not found in the theme"),
                )
                .hint(
                    "use the name of a file in the theme's templates/ folder, or remove `template`",
                ),
            );
        }
        exists
    }
}
