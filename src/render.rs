//! The tera environment: the theme's templates, parsed once, with the filters and functions
//! templates use. Template errors name the template file and, for syntax errors, the line.

use crate::diagnostics::Diagnostic;
use crate::render_memo::hash_of;
use crate::site::Site;
use crate::template_cycles::{recursive_includes, recursive_macros, template_dependencies};
use crate::theme::Theme;
use crate::views::{SectionsBySource, Views};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::error::Error as _;
use std::sync::Arc;
use tera::{Context, Tera};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
    "alias.html",
];

/// The most items `range()` gives a template loop.
const RANGE_LIMIT: i64 = 10_000;

/// `range(end=…, start=0, step_by=1)`, as Tera's, with at most `RANGE_LIMIT` items.
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(key) {
            Some(value) => value
                .as_i64()
                .ok_or_else(|| tera::Error::msg(format!("range: `{key}` must be a whole number"))),
            None => default.ok_or_else(|| tera::Error::msg("range needs end=…")),
        }
    };
    let (start, end, step) = (
        number("start", Some(0))?,
        number("end", None)?,
        number("step_by", Some(1))?,
    );
    if step <= 0 {
        return Err(tera::Error::msg("range: `step_by` must be above 0"));
    }
    let span = (end - start).max(0);
    let count = (span + step - 1) / step;
    if count > RANGE_LIMIT {
        return Err(tera::Error::msg(format!(
            "range of {count} items: templates may loop at most {RANGE_LIMIT} times"
        )));
    }
    Ok(json!((0..count)
        .map(|i| start + i * step)
        .collect::<Vec<_>>()))
}

pub struct Templates {
    tera: Tera,
    theme_name: String,
    /// For each template, a hash of the sources of every template it renders with: part of
    /// each page's inputs (see `render_memo`), so a template edit renders again only the pages
    /// that use it.
    source_hashes: HashMap<String, u64>,
    /// Each section's `get_section` value.
    sections: Arc<SectionsBySource>,
}

thread_local! {
    /// While `render_tracked` runs on this thread: the sections `get_section` returned.
    static SECTIONS_READ: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

impl Templates {
    /// Parses every template of the theme, reporting all syntax errors at once.
    pub fn load(theme: &Theme, theme_name: &str) -> Result<Templates, Vec<Diagnostic>> {
        let dir = theme.dir.join("templates");
        let label = |name: &str| format!("themes/{theme_name}/templates/{name}");
        let mut sources = Vec::new();
        // Parsed once here, for the syntax errors and for the cycle checks below.
        let mut parsed: BTreeMap<String, tera::Template> = BTreeMap::new();
        let mut errors = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    match tera::Template::new(&name, None, &text) {
                        Ok(template) => {
                            parsed.insert(name.clone(), template);
                        }
                        Err(error) => {
                            errors.push(template_syntax_error(&label(&name), &text, &error))
                        }
                    }
                    sources.push((name, text));
                }
                Err(error) => errors.push(Diagnostic::error(
                    &label(&name),
                    format!("cannot read: {error}"),
                )),
            }
        }
        for (file, cycle) in recursive_macros(&parsed) {
            errors.push(
                Diagnostic::error(
                    &label(&file),
                    format!("the macros {cycle} call each other without end"),
                )
                .hint("a macro cannot call itself, even through other macros: unroll the levels you need"),
            );
        }
        for (file, chain) in recursive_includes(&parsed) {
            errors.push(
                Diagnostic::error(
                    &label(&file),
                    format!("{chain}: the template includes itself"),
                )
                .hint("remove the `include` that leads back to this template"),
            );
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.iter().any(|(name, _)| name == required) {
                errors.push(
                    Diagnostic::error(&label(required), "this template is missing from the theme")
                        .hint(
                            "every theme provides: ".to_string() + &REQUIRED_TEMPLATES.join(", "),
                        ),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = Tera::default();
        // Tera's default escaper also rewrites `/`, bloating every URL; these five suffice
        // for text and quoted attributes.
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|error| vec![Diagnostic::error(&label("base.html"), chain(&error))])?;
        // Tera's own `range` would count to any number: this one refuses huge loops.
        tera.register_function("range", bounded_range);
        let months = theme.months.clone();
        tera.register_filter(
            "date_long",
            move |value: &Value, _: &HashMap<String, Value>| date_long(value, &months),
        );
        let source_of: HashMap<&str, &str> = sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        let source_hashes = template_dependencies(&parsed)
            .into_iter()
            .map(|(name, used)| {
                let sources: Vec<_> = used
                    .iter()
                    .map(|template| (template, source_of.get(template.as_str())))
                    .collect();
                (name, hash_of(&sources))
            })
            .collect();
        Ok(Templates {
            tera,
            theme_name: theme_name.to_string(),
            source_hashes,
            sections: Arc::default(),
        })
    }

    /// Registers the functions that read the site (`get_section`, `url`). The dev server reuses
    /// a page when its recorded inputs are unchanged (`render_memo`): a function returning site
    /// data must be tracked like `get_section`, or its data be part of the shared values (as the
    /// base URL that `url` uses is).
    pub fn register_site_functions(&mut self, site: &Site, views: &Views) {
        let sections = Arc::new(views.sections_by_source(site));
        self.sections = sections.clone();
        self.tera
            .register_function("get_section", move |args: &HashMap<String, Value>| {
                let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                    tera::Error::msg("get_section needs path=\"section/_index.md\"")
                })?;
                SECTIONS_READ.with(|read| {
                    if let Some(read) = read.borrow_mut().as_mut() {
                        read.push(path.to_string());
                    }
                });
                sections
                    .get(path)
                    .ok_or_else(|| tera::Error::msg(format!("get_section: no section at {path}")))
            });
        let base_url = site.config.base_url.clone();
        self.tera
            .register_function("url", move |args: &HashMap<String, Value>| {
                let path = args
                    .get("path")
                    .and_then(Value::as_str)
                    .ok_or_else(|| tera::Error::msg("url needs path=\"css/site.css\""))?;
                Ok(json!(base_url.root_relative(path)))
            });
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// The hash of the sources `template` renders with.
    pub fn source_hash(&self, template: &str) -> u64 {
        self.source_hashes
            .get(template)
            .copied()
            .unwrap_or_default()
    }

    /// The hash of section `source`'s `get_section` value, if there is such a section.
    pub fn section_hash(&self, source: &str) -> Option<u64> {
        self.sections.hash(source)
    }

    /// `render`, also returning the sections the template read through `get_section`, with
    /// the hash of what it read.
    pub fn render_tracked(
        &self,
        template: &str,
        context: &Context,
        file_for_errors: &str,
    ) -> (Result<String, Diagnostic>, Vec<(String, u64)>) {
        SECTIONS_READ.with(|read| *read.borrow_mut() = Some(Vec::new()));
        let result = self.render(template, context, file_for_errors);
        let mut read = SECTIONS_READ.with(|read| read.borrow_mut().take().unwrap_or_default());
        read.sort();
        read.dedup();
        let sections = read
            .into_iter()
            .filter_map(|source| Some((source.clone(), self.section_hash(&source)?)))
            .collect();
        (result, sections)
    }

    /// Renders `template` with `context`; errors name the template file.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        file_for_errors: &str,
    ) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|error| {
            Diagnostic::error(
                &format!("themes/{}/templates/{template}", self.theme_name),
                format!("cannot render {file_for_errors}: {}", chain(&error)),
            )
            .hint("check the variables and filters the template uses (see the README's template context)")
        })
    }
}

fn escape_html(text: &str) -> String {
    crate::escape::html(text)
}

/// A tera error with its causes, on one line.
fn chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A template syntax error at the line and column tera's parser reports (` --> 3:5`).
fn template_syntax_error(file: &str, text: &str, error: &tera::Error) -> Diagnostic {
    let message = chain(error);
    let position = message.split("--> ").nth(1).and_then(|rest| {
        let mut numbers = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
    });
    let summary = message
        .lines()
        .last()
        .unwrap_or(&message)
        .trim()
        .trim_start_matches("= ");
    let diagnostic = Diagnostic::error(file, format!("template syntax error: {summary}"))
        .hint("check that every {{ }} and {% %} tag is closed and every block has its end tag");
    match position {
        Some((line, column)) => diagnostic.at(text, line, column),
        None => diagnostic,
    }
}

/// `2026-03-15` → `15 marzo 2026`, with the month names of the theme's language.
fn date_long(value: &Value, months: &[String]) -> tera::Result<Value> {
    let text = value.as_str().unwrap_or_default();
    let date = chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
        .map_err(|_| tera::Error::msg(format!("date_long: `{text}` is not a date")))?;
    use chrono::Datelike;
    let month = &months[date.month0() as usize];
    Ok(json!(format!("{} {month} {}", date.day(), date.year())))
}
