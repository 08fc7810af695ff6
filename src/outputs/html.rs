//! HTML pages: every page, section, taxonomy list and term, the 404 page and alias stubs,
//! rendered through the theme's templates (pages in parallel).

use super::Output;
use crate::diagnostics::Diagnostic;
use crate::output::{html_file, FileContent, OutputSet};
use crate::render::Templates;
use crate::render_memo::Memo;
use crate::site::{EntryRef, Site};
use crate::structured_data::{breadcrumb_list, graph_script, json_ld};
use crate::views::Views;
use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Context;

/// The search page, where every search form leads.
pub const SEARCH_PAGE: &str = "cerca/";

pub struct HtmlPages<'a> {
    pub templates: &'a Templates,
    pub views: &'a Views,
    pub memo: Option<&'a Memo<'a>>,
}

/// One HTML file to render.
pub(super) struct Job {
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
        let others = self.jobs(site, &mut errors);
        // A page's job is built where it renders rather than all before: each holds a copy of
        // its page, and building them is as much work as rendering a small page.
        let pages = (0..site.pages.len())
            .into_par_iter()
            .map(|index| self.page_job(site, index));
        let jobs = pages.chain(others.into_par_iter().map(Ok));
        errors.extend(render_jobs(
            self.templates,
            self.views,
            self.memo,
            jobs,
            files,
        ));
        errors
    }
}

/// Renders the jobs in parallel, each with the shared context plus its own values; with a memo,
/// a job whose inputs are those of the previous build takes that build's page instead.
pub(super) fn render_jobs(
    templates: &Templates,
    views: &Views,
    memo: Option<&Memo>,
    jobs: impl ParallelIterator<Item = Result<Job, Diagnostic>>,
    files: &mut OutputSet,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // One context per rayon task holds the shared values; each job's own are moved in and out.
    let shared_context = || Context::from_value(views.shared.clone()).unwrap_or_default();
    let rendered: Vec<Result<(String, FileContent), Diagnostic>> = jobs
        .map_init(shared_context, |context, job| {
            let job = job?;
            // With a memo: the page's inputs, and the previous page if they did not change.
            let remembered = memo.map(|memo| {
                let sources = templates.source_hash(&job.template);
                (memo, memo.input(&job.template, sources, &job.values))
            });
            if let Some((memo, input)) = remembered {
                let section = |source: &str| templates.section_hash(source);
                if memo.reuse(&job.path, input, section) {
                    return Ok((job.path, FileContent::Unchanged));
                }
            }
            let result = with_own_values(context, job.values, |context| match remembered {
                // What the render read is recorded with the page.
                Some((memo, input)) => {
                    let (result, sections) =
                        templates.render_tracked(&job.template, context, &job.owner);
                    if result.is_ok() {
                        memo.record(&job.path, input, sections);
                    }
                    result
                }
                None => templates.render(&job.template, context, &job.owner),
            });
            Ok((job.path, FileContent::Bytes(result?.into_bytes())))
        })
        .collect();
    for result in rendered {
        if let Err(error) =
            result.and_then(|(path, content)| files.add(path, content, "html pages"))
        {
            errors.push(error);
        }
    }
    errors
}

/// Runs `render` on `context` with `own` (a job's values) added: they are moved in and taken
/// out again, so the shared values (UI strings, menus, configuration) are never copied per page.
/// A shared value an own value shadows is put back afterwards.
fn with_own_values<R>(context: &mut Context, own: Value, render: impl FnOnce(&Context) -> R) -> R {
    let Value::Object(own) = own else {
        return render(context);
    };
    let keys: Vec<String> = own.keys().cloned().collect();
    let shadowed: serde_json::Map<String, Value> = keys
        .iter()
        .filter_map(|key| Some((key.clone(), context.remove(key)?)))
        .collect();
    context.extend(Context::from_value(Value::Object(own)).unwrap_or_default());
    let result = render(context);
    for key in &keys {
        context.remove(key);
    }
    if !shadowed.is_empty() {
        context.extend(Context::from_value(Value::Object(shadowed)).unwrap_or_default());
    }
    result
}

impl HtmlPages<'_> {
    fn jobs(&self, site: &Site, errors: &mut Vec<Diagnostic>) -> Vec<Job> {
        let base = &site.config.base_url;
        let mut jobs = Vec::new();
        // Sections: (what, template, its view, its breadcrumb trail). A section's view lists
        // its pages: built in parallel, like the taxonomy terms' below.
        let entries: Vec<_> = site
            .sections
            .par_iter()
            .enumerate()
            .map(|(index, section)| {
                let default = if index == 0 {
                    "index.html"
                } else {
                    "section.html"
                };
                let template = section
                    .entry
                    .front_matter
                    .template
                    .as_deref()
                    .unwrap_or(default);
                let view = ("section", self.views.section(site, index));
                let crumbs = section
                    .parent
                    .map_or(json!([]), |parent| self.views.breadcrumbs(site, parent));
                (EntryRef::Section(index), template, view, crumbs)
            })
            .collect();
        for (target, template, view, crumbs) in entries {
            match self.entry_job(site, target, template, view, crumbs) {
                Ok(job) => jobs.push(job),
                Err(error) => errors.push(error),
            }
        }
        let home = json!({ "title": site.sections[0].entry.front_matter.title, "url": base.root_relative("") });
        let mut terms = Vec::new();
        for (index, taxonomy) in site.taxonomies.iter().enumerate() {
            let list_path = format!("{}/", taxonomy.config.path);
            let mut values = location(site, &list_path);
            values["taxonomy"] = self.views.shared["taxonomies"][index].clone();
            values["breadcrumbs"] = json!([home]);
            with_breadcrumbs_ld(site, &mut values, &taxonomy.config.title, &list_path);
            jobs.push(Job::new(
                &list_path,
                "taxonomy_list.html",
                "site.yaml",
                values,
            ));
            let list_crumb =
                json!({ "title": taxonomy.config.title, "url": base.root_relative(&list_path) });
            terms.extend(
                taxonomy
                    .terms
                    .iter()
                    .map(|term| (index, term, list_crumb.clone())),
            );
        }
        jobs.par_extend(terms.into_par_iter().map(|(index, term, list_crumb)| {
            let mut values = location(site, &term.path);
            values["taxonomy"] = self.views.shared["taxonomies"][index].clone();
            values["term"] = self.views.term(site, term);
            values["breadcrumbs"] = json!([home, list_crumb]);
            with_breadcrumbs_ld(site, &mut values, &term.name, &term.path);
            Job::new(&term.path, "taxonomy_term.html", "site.yaml", values)
        }));
        let mut search = location(site, SEARCH_PAGE);
        search["breadcrumbs"] = json!([home]);
        let search_title = self.views.shared["strings"]["search_title"].clone();
        with_breadcrumbs_ld(
            site,
            &mut search,
            search_title.as_str().unwrap_or_default(),
            SEARCH_PAGE,
        );
        let district_names: serde_json::Map<String, Value> = site
            .config
            .site
            .districts
            .iter()
            .map(|d| (d.id.clone(), json!(d.name)))
            .collect();
        search["search_districts"] = json!(Value::Object(district_names).to_string());
        jobs.push(Job::new(SEARCH_PAGE, "search.html", "search page", search));
        let mut not_found = location(site, "404.html");
        not_found["breadcrumbs"] = json!([]);
        jobs.push(Job::new("404.html", "404.html", "404 page", not_found));
        for alias in &site.aliases {
            let redirect = json!({ "redirect": { "url": base.root_relative(&alias.to), "permalink": base.absolute(&alias.to) } });
            jobs.push(Job::new(
                &alias.from,
                "alias.html",
                &format!("alias /{}", alias.from),
                redirect,
            ));
        }
        jobs
    }

    /// The job for page `index`, if its template exists.
    pub(super) fn page_job(&self, site: &Site, index: usize) -> Result<Job, Diagnostic> {
        let page = &site.pages[index];
        let section_default = &site.section_of(page).entry.front_matter.page_template;
        let template = page
            .entry
            .front_matter
            .template
            .as_ref()
            .or(section_default.as_ref())
            .map_or("page.html", String::as_str);
        let view = ("page", self.views.page(site, index));
        let crumbs = self.views.breadcrumbs(site, page.section);
        self.entry_job(site, EntryRef::Page(index), template, view, crumbs)
    }

    /// The job for a page or section, if its template exists.
    fn entry_job(
        &self,
        site: &Site,
        target: EntryRef,
        template: &str,
        (key, view): (&str, Value),
        breadcrumbs: Value,
    ) -> Result<Job, Diagnostic> {
        let entry = site.entry(target);
        let owner = format!("content/{}", entry.source);
        if !self.templates.has(template) {
            return Err(Diagnostic::error(
                &owner,
                format!("template `{template}` not found in the theme"),
            )
            .hint(
                "use the name of a file in the theme's templates/ folder, or remove `template`",
            ));
        }
        let mut values = location(site, &entry.path);
        values[key] = view;
        values["json_ld"] = json!(json_ld(site, target, &breadcrumbs));
        values["breadcrumbs"] = breadcrumbs;
        Ok(Job::new(&entry.path, template, &owner, values))
    }
}

impl Job {
    pub(super) fn new(site_path: &str, template: &str, owner: &str, values: Value) -> Job {
        Job {
            path: html_file(site_path),
            template: template.to_string(),
            owner: owner.to_string(),
            values,
        }
    }
}

/// Sets `json_ld` to the `BreadcrumbList` of a page without other structured data.
pub(super) fn with_breadcrumbs_ld(site: &Site, values: &mut Value, name: &str, path: &str) {
    values["json_ld"] = json!(graph_script(vec![breadcrumb_list(
        site,
        &values["breadcrumbs"],
        name,
        path
    )]));
}

/// Where the page being rendered is: `current_path`, `current_url`, `permalink`.
pub(super) fn location(site: &Site, path: &str) -> Value {
    let base = &site.config.base_url;
    json!({ "current_path": path, "current_url": base.root_relative(path), "permalink": base.absolute(path) })
}
