//! HTML pages: every page, section, taxonomy list and term, the 404 page and alias stubs,
//! rendered through the theme's templates (pages in parallel).

use super::Output;
use crate::diagnostics::Diagnostic;
use crate::output::{html_file, FileContent, OutputSet};
use crate::render::Templates;
use crate::render_memo::Memo;
use crate::site::{EntryRef, Site};
use crate::structured_data::{breadcrumb_list, graph_script, json_ld};
use crate::views::{self, Views};
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

/// A job still to be built: listings first, they take longest to render.
enum PendingJob {
    Section(usize),
    Term { taxonomy: usize, term: usize },
    Page(usize),
    Built(Job),
}

/// One HTML file to render.
pub(super) struct Job {
    path: String,
    template: String,
    /// Whose content this is, for diagnostics.
    owner: String,
    values: Value,
    cards: Option<Cards>,
}

/// A listing's cards, kept as page indices until the page renders: the dev server's memo hashes
/// them from the summaries' hashes, and a listing it takes from the last build never copies
/// its thousands of cards.
struct Cards {
    /// The view they go in, as `pages`: `section` or `term`.
    view: &'static str,
    pages: Vec<usize>,
}

impl Output for HtmlPages<'_> {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        // Each job is built where it renders rather than all before: a page's holds a copy of
        // its content, a listing's a copy of every card, and building them is real work too.
        let jobs = self
            .pending_jobs(site)
            .into_par_iter()
            .map(|pending| self.job(site, pending));
        render_jobs(self.templates, self.views, self.memo, jobs, files)
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
    let written = &*files;
    let rendered: Vec<Result<(String, FileContent), Diagnostic>> = jobs
        .map_init(shared_context, |context, job| {
            let Job {
                path,
                template,
                owner,
                mut values,
                cards,
            } = job?;
            // With a memo: the page's inputs, and the previous page if they did not change.
            let remembered = memo.map(|memo| {
                let sources = templates.source_hash(&template);
                let cards = cards
                    .as_ref()
                    .map(|cards| views.page_summaries.hash(&cards.pages));
                (memo, memo.input(&template, sources, &values, cards))
            });
            if let Some((memo, input)) = remembered {
                let section = |source: &str| templates.section_hash(source);
                if memo.reuse(&path, input, section) {
                    return Ok((path, FileContent::Unchanged));
                }
            }
            if let Some(Cards { view, pages }) = cards {
                values[view]["pages"] = views.page_summaries.pick(&pages);
            }
            let result = with_own_values(context, values, |context| match remembered {
                // What the render read is recorded with the page.
                Some((memo, input)) => {
                    let (result, sections) = templates.render_tracked(&template, context, &owner);
                    if result.is_ok() {
                        memo.record(&path, input, sections);
                    }
                    result
                }
                None => templates.render(&template, context, &owner),
            });
            // Written from this thread when the set writes as it goes: pages are not kept.
            let content = written.generated(&path, result?.into_bytes());
            Ok((path, content))
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
    fn pending_jobs(&self, site: &Site) -> Vec<PendingJob> {
        let base = &site.config.base_url;
        let mut jobs: Vec<PendingJob> = (0..site.sections.len()).map(PendingJob::Section).collect();
        let home = home_crumb(site);
        for (index, taxonomy) in site.taxonomies.iter().enumerate() {
            let list_path = format!("{}/", taxonomy.config.path);
            let mut values = location(site, &list_path);
            values["taxonomy"] = self.views.shared["taxonomies"][index].clone();
            values["breadcrumbs"] = json!([home]);
            with_breadcrumbs_ld(site, &mut values, &taxonomy.config.title, &list_path);
            jobs.push(PendingJob::Built(Job::new(
                &list_path,
                "taxonomy_list.html",
                "site.yaml",
                values,
            )));
            jobs.extend((0..taxonomy.terms.len()).map(|term| PendingJob::Term {
                taxonomy: index,
                term,
            }));
        }
        jobs.extend((0..site.pages.len()).map(PendingJob::Page));
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
        jobs.push(PendingJob::Built(Job::new(
            SEARCH_PAGE,
            "search.html",
            "search page",
            search,
        )));
        let mut not_found = location(site, "404.html");
        not_found["breadcrumbs"] = json!([]);
        jobs.push(PendingJob::Built(Job::new(
            "404.html", "404.html", "404 page", not_found,
        )));
        for alias in &site.aliases {
            let redirect = json!({ "redirect": { "url": base.root_relative(&alias.to), "permalink": base.absolute(&alias.to) } });
            jobs.push(PendingJob::Built(Job::new(
                &alias.from,
                "alias.html",
                &format!("alias /{}", alias.from),
                redirect,
            )));
        }
        jobs
    }

    fn job(&self, site: &Site, pending: PendingJob) -> Result<Job, Diagnostic> {
        match pending {
            PendingJob::Section(index) => self.section_job(site, index),
            PendingJob::Term { taxonomy, term } => Ok(self.term_job(site, taxonomy, term)),
            PendingJob::Page(index) => self.page_job(site, index),
            PendingJob::Built(job) => Ok(job),
        }
    }

    fn section_job(&self, site: &Site, index: usize) -> Result<Job, Diagnostic> {
        let section = &site.sections[index];
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
        let view = ("section", self.views.section_without_pages(site, index));
        let crumbs = section
            .parent
            .map_or(json!([]), |parent| self.views.breadcrumbs(site, parent));
        let job = self.entry_job(site, EntryRef::Section(index), template, view, crumbs)?;
        Ok(job.with_cards("section", &section.pages))
    }

    fn term_job(&self, site: &Site, taxonomy_index: usize, term_index: usize) -> Job {
        let taxonomy = &site.taxonomies[taxonomy_index];
        let term = &taxonomy.terms[term_index];
        let list_path = format!("{}/", taxonomy.config.path);
        let list_crumb = json!({
            "title": taxonomy.config.title,
            "url": site.config.base_url.root_relative(&list_path),
        });
        let mut values = location(site, &term.path);
        values["taxonomy"] = self.views.shared["taxonomies"][taxonomy_index].clone();
        values["term"] = views::term_without_pages(site, term);
        values["breadcrumbs"] = json!([home_crumb(site), list_crumb]);
        with_breadcrumbs_ld(site, &mut values, &term.name, &term.path);
        Job::new(&term.path, "taxonomy_term.html", "site.yaml", values)
            .with_cards("term", &term.pages)
    }

    /// The job for page `index`, or an error if its template is missing.
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

    /// The job for a page or section, or an error if its template is missing.
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
        values["json_ld"] = Value::String(json_ld(site, target, &breadcrumbs));
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
            cards: None,
        }
    }

    /// The job with the cards of `pages` to be added to its `view` as `pages`.
    fn with_cards(self, view: &'static str, pages: &[usize]) -> Job {
        let pages = pages.to_vec();
        Job {
            cards: Some(Cards { view, pages }),
            ..self
        }
    }
}

/// Sets `json_ld` to the `BreadcrumbList` of a page without other structured data.
pub(super) fn with_breadcrumbs_ld(site: &Site, values: &mut Value, name: &str, path: &str) {
    values["json_ld"] = Value::String(graph_script(vec![breadcrumb_list(
        site,
        &values["breadcrumbs"],
        name,
        path,
    )]));
}

/// The first crumb of every trail: the home page.
pub(super) fn home_crumb(site: &Site) -> Value {
    json!({ "title": site.sections[0].entry.front_matter.title, "url": site.config.base_url.root_relative("") })
}

/// Where the page being rendered is: `current_path`, `current_url`, `permalink`.
pub(super) fn location(site: &Site, path: &str) -> Value {
    let base = &site.config.base_url;
    json!({ "current_path": path, "current_url": base.root_relative(path), "permalink": base.absolute(path) })
}
