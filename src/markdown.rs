//! Markdown → HTML with pulldown-cmark, in one pass that also collects headings (for the table
//! of contents and anchor checks) and internal `@/path.md` links, which become slots filled in
//! once every page's URL is known.

use crate::config::RawHtml;
use crate::diagnostics::Diagnostic;
use crate::escape;
use crate::slug::slugify;
use crate::url::BaseUrl;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Marks the place of an internal link's URL in the rendered HTML. A private-use character:
/// occurrences in the source are replaced before parsing, so the marker is unambiguous.
const SLOT: char = '\u{E000}';

/// Words the renderer writes into pages, from the theme's strings for the page's language.
#[derive(Debug, Clone)]
pub struct MarkdownLabels {
    /// Read by screen readers after an external link, e.g. "(link esterno)".
    pub external_link: String,
    /// Accessible name of a heading's anchor link, before the heading text.
    pub heading_anchor: String,
    pub task_done: String,
    pub task_open: String,
}

/// What the renderer needs to know about the file and the site.
pub struct MarkdownContext<'a> {
    /// Path for diagnostics (`content/servizi/nidi.md`).
    pub file: &'a str,
    /// The whole file, for line numbers and excerpts.
    pub text: &'a str,
    pub body_offset: usize,
    /// The file's folder relative to `content/` (`servizi`), for relative links.
    pub source_dir: &'a str,
    pub base_url: &'a BaseUrl,
    pub raw_html: RawHtml,
    pub labels: &'a MarkdownLabels,
    /// Every file under `content/`, relative to it, for relative links to assets and pages.
    pub content_files: &'a HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to another page or section, resolved after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Path of the target relative to `content/` (`servizi/nidi.md`).
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset of the link in the file, for diagnostics.
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The HTML with `SLOT` where each internal link's URL goes, in the order of `links`.
    /// Kept whole, not split into pieces: `html` copies it once, with the URLs, at assembly.
    slotted_html: String,
    pub links: Vec<InternalLink>,
    pub headings: Vec<Heading>,
    pub diagnostics: Vec<Diagnostic>,
    /// The words of the body without markup, one line per block: what search indexes.
    pub text: String,
}

impl RenderedMarkdown {
    /// Joins the HTML, asking `url_of` for each internal link's URL.
    pub fn html(&self, mut url_of: impl FnMut(&InternalLink) -> String) -> String {
        let mut html = String::with_capacity(self.slotted_html.len() + 64 * self.links.len());
        for (index, part) in self.slotted_html.split(SLOT).enumerate() {
            html.push_str(part);
            if let Some(link) = self.links.get(index) {
                html.push_str(&escape::href(&url_of(link)));
            }
        }
        html
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render_markdown(body: &str, context: &MarkdownContext<'_>) -> RenderedMarkdown {
    let body = if body.contains(SLOT) {
        std::borrow::Cow::Owned(body.replace(SLOT, "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let mut renderer = Renderer {
        context,
        // Sized from the body to skip the buffers' first doublings: there is a page per file.
        events: Vec::with_capacity(body.len() / 16),
        links: Vec::new(),
        headings: Vec::new(),
        heading_ids: HashMap::new(),
        local_anchors: Vec::new(),
        diagnostics: Vec::new(),
        in_external_link: false,
        heading: None,
        text: String::with_capacity(body.len()),
    };
    for (event, range) in Parser::new_ext(&body, options()).into_offset_iter() {
        renderer.push(event, context.body_offset + range.start);
    }
    renderer.finish()
}

struct Renderer<'c, 'e> {
    context: &'c MarkdownContext<'c>,
    events: Vec<Event<'e>>,
    links: Vec<InternalLink>,
    headings: Vec<Heading>,
    heading_ids: HashMap<String, usize>,
    /// `#anchor` links within the page, checked once all headings are known.
    local_anchors: Vec<(String, usize)>,
    diagnostics: Vec<Diagnostic>,
    in_external_link: bool,
    /// Events of the heading being read, with its level and explicit id.
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'e>>)>,
    /// Plain text for search.
    text: String,
}

/// Where a link in Markdown points once understood.
enum Target {
    Internal(InternalLink),
    External(String),
    Plain(String),
}

impl<'e> Renderer<'_, 'e> {
    fn push(&mut self, event: Event<'e>, offset: usize) {
        self.collect_text(&event);
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level, id.map(|id| id.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => self.start_link(&dest_url, &title, offset),
            Event::End(TagEnd::Link) => {
                if std::mem::take(&mut self.in_external_link) {
                    let hint = escape::html(&self.context.labels.external_link);
                    self.emit(Event::InlineHtml(
                        format!(r#"<span class="visually-hidden"> {hint}</span></a>"#).into(),
                    ));
                } else {
                    self.emit(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match self.resolve(&dest_url, offset) {
                    Some(Target::External(url) | Target::Plain(url)) => url.into(),
                    Some(Target::Internal(_)) => {
                        self.error(
                            offset,
                            "an image cannot point at a page",
                            "link the image file itself",
                        );
                        CowStr::Borrowed("")
                    }
                    None => CowStr::Borrowed(""),
                };
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(alignments)) => {
                self.emit(Event::Html(r#"<div class="table-wrap">"#.into()));
                self.emit(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => {
                let (symbol, label) = if done {
                    ("☑", &self.context.labels.task_done)
                } else {
                    ("☐", &self.context.labels.task_open)
                };
                let label = escape::html(label);
                self.emit(Event::InlineHtml(
                    format!(
                        r#"<span class="task" role="img" aria-label="{label}">{symbol}</span> "#
                    )
                    .into(),
                ));
            }
            Event::Html(html) | Event::InlineHtml(html)
                if self.context.raw_html == RawHtml::Escape =>
            {
                if !html.trim().is_empty() {
                    self.diagnostics.push(
                        Diagnostic::warning(self.context.file, "raw HTML is shown as text")
                            .at_offset(self.context.text, offset)
                            .hint("write it in Markdown, or set `markdown: { raw_html: allow }` in site.yaml"),
                    );
                }
                self.emit(Event::Text(html));
            }
            other => self.emit(other),
        }
    }

    /// Text and code as written; breaks and block ends become whitespace so words stay apart.
    fn collect_text(&mut self, event: &Event<'e>) {
        match event {
            Event::Text(text) | Event::Code(text) => self.text.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => self.text.push('\n'),
            _ => {}
        }
    }

    fn emit(&mut self, event: Event<'e>) {
        match &mut self.heading {
            Some((_, _, events)) => events.push(event),
            None => self.events.push(event),
        }
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(self.context.file, message)
                .at_offset(self.context.text, offset)
                .hint(hint),
        );
    }

    fn start_link(&mut self, dest_url: &str, title: &str, offset: usize) {
        let title_attribute = if title.is_empty() {
            String::new()
        } else {
            format!(r#" title="{}""#, escape::html(title))
        };
        let open_tag = match self.resolve(dest_url, offset) {
            Some(Target::Internal(link)) => {
                self.links.push(link);
                format!(r#"<a href="{SLOT}"{title_attribute}>"#)
            }
            Some(Target::External(url)) => {
                self.in_external_link = true;
                format!(
                    r#"<a class="external" rel="noopener external" href="{}"{title_attribute}>"#,
                    escape::href(&url)
                )
            }
            Some(Target::Plain(url)) => {
                format!(r#"<a href="{}"{title_attribute}>"#, escape::href(&url))
            }
            None => format!("<a{title_attribute}>"),
        };
        self.emit(Event::InlineHtml(open_tag.into()));
    }

    /// Understands a link target; `None` (with a diagnostic) when it must not be published.
    fn resolve(&mut self, dest: &str, offset: usize) -> Option<Target> {
        let dest = dest.trim();
        let scheme = dest
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .filter(|scheme| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
        if let Some(path) = dest.strip_prefix("@/") {
            return self.internal(path, offset);
        }
        match scheme.as_deref() {
            Some("http" | "https") => return Some(Target::External(dest.to_string())),
            Some("mailto" | "tel" | "geo") => return Some(Target::Plain(dest.to_string())),
            Some(other) => {
                self.error(
                    offset,
                    format!("links with `{other}:` are not allowed"),
                    "link to a web page (https://…), an e-mail (mailto:) or a phone number (tel:)",
                );
                return None;
            }
            None => {}
        }
        if dest.starts_with("//") {
            return Some(Target::External(format!("https:{dest}")));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            self.local_anchors.push((anchor.to_string(), offset));
            return Some(Target::Plain(dest.to_string()));
        }
        if dest.starts_with('/') {
            return Some(Target::Plain(self.context.base_url.root_relative(dest)));
        }
        self.relative(dest, offset)
    }

    fn internal(&mut self, path: &str, offset: usize) -> Option<Target> {
        let (path, anchor) = match path.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor.to_string())),
            None => (path, None),
        };
        if !path.ends_with(".md") {
            self.error(
                offset,
                format!("internal link `@/{path}` does not name a Markdown file"),
                "write the path of the page under content/, e.g. @/servizi/nidi.md",
            );
            return None;
        }
        Some(Target::Internal(InternalLink {
            target: path.to_string(),
            anchor,
            offset,
        }))
    }

    /// A relative link: to a Markdown file (treated as `@/`), to an asset (rewritten to its URL),
    /// or to something else (left as written).
    fn relative(&mut self, dest: &str, offset: usize) -> Option<Target> {
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let joined = normalise(self.context.source_dir, path);
        let Some(joined) = joined else {
            self.error(
                offset,
                format!("`{dest}` points outside content/"),
                "link pages with @/path.md and files that sit under content/",
            );
            return None;
        };
        if self.context.content_files.contains(&joined) {
            if joined.ends_with(".md") {
                let link = format!(
                    "{joined}{}",
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                );
                return self.internal(&link, offset);
            }
            let suffix = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            return Some(Target::Plain(format!(
                "{}{suffix}",
                self.context.base_url.root_relative(&joined)
            )));
        }
        let looks_like_file = path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'));
        if looks_like_file && !path.ends_with(".html") {
            self.error(
                offset,
                format!("file `{path}` not found (looked for content/{joined})"),
                "check the file name, or put the file next to the page",
            );
            return None;
        }
        Some(Target::Plain(dest.to_string()))
    }

    fn finish_heading(&mut self) {
        let Some((level, explicit_id, events)) = self.heading.take() else {
            return;
        };
        let title: String = events
            .iter()
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let base_id = explicit_id
            .map(|id| slugify(&id))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| {
                Some(slugify(&title))
                    .filter(|id| !id.is_empty())
                    .unwrap_or_else(|| "sezione".to_string())
            });
        let count = self.heading_ids.entry(base_id.clone()).or_insert(0);
        let id = if *count == 0 {
            base_id.clone()
        } else {
            format!("{base_id}-{count}")
        };
        *count += 1;
        let level_number = level as u8;
        self.events.push(Event::Html(
            format!(r#"<h{level_number} id="{id}">"#).into(),
        ));
        self.events.extend(events);
        let label = escape::html(&format!(
            "{}: {}",
            self.context.labels.heading_anchor,
            title.trim()
        ));
        self.events.push(Event::Html(
            format!(r##" <a class="heading-anchor" href="#{id}" aria-label="{label}">#</a></h{level_number}>"##).into(),
        ));
        self.events.push(Event::Html("\n".into()));
        self.headings.push(Heading {
            level: level_number,
            id,
            title: title.trim().to_string(),
        });
    }

    fn finish(mut self) -> RenderedMarkdown {
        let ids: HashSet<&str> = self.headings.iter().map(|h| h.id.as_str()).collect();
        let missing: Vec<(String, usize)> = self
            .local_anchors
            .iter()
            .filter(|(anchor, _)| !anchor.is_empty() && !ids.contains(anchor.as_str()))
            .cloned()
            .collect();
        for (anchor, offset) in missing {
            let known: Vec<&str> = self.headings.iter().map(|h| h.id.as_str()).collect();
            let hint = match crate::diagnostics::did_you_mean(&anchor, known.iter().copied()) {
                Some(suggestion) => format!("did you mean `#{suggestion}`?"),
                None => "link to the id of a heading on this page".to_string(),
            };
            self.error(
                offset,
                format!("no heading with id `{anchor}` on this page"),
                hint,
            );
        }
        let mut html = String::with_capacity(self.text.len() * 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        RenderedMarkdown {
            slotted_html: html,
            links: self.links,
            headings: self.headings,
            diagnostics: self.diagnostics,
            text: self.text,
        }
    }
}

/// Joins a relative path onto a folder under `content/`; `None` when it climbs out of it.
fn normalise(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> MarkdownLabels {
        MarkdownLabels {
            external_link: "(link esterno)".into(),
            heading_anchor: "Collegamento alla sezione".into(),
            task_done: "fatto".into(),
            task_open: "da fare".into(),
        }
    }

    fn render(body: &str, raw_html: RawHtml) -> RenderedMarkdown {
        let base = BaseUrl::parse("https://example.org/equilibri/").unwrap();
        let files: HashSet<String> = ["servizi/modulo.pdf", "servizi/nidi.md"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let labels = labels();
        let text = format!("---\ntitle: x\n---\n{body}");
        let context = MarkdownContext {
            file: "content/servizi/a.md",
            text: &text,
            body_offset: text.len() - body.len(),
            source_dir: "servizi",
            base_url: &base,
            raw_html,
            labels: &labels,
            content_files: &files,
        };
        render_markdown(body, &context)
    }

    #[test]
    fn links_of_every_kind() {
        let out = render(
            "[a](@/servizi/nidi.md#orari) [b](https://inps.it) [c](/servizi/) [d](modulo.pdf) [e](nidi.md)\n",
            RawHtml::Escape,
        );
        assert_eq!(out.links.len(), 2);
        assert_eq!(out.links[0].target, "servizi/nidi.md");
        assert_eq!(out.links[0].anchor.as_deref(), Some("orari"));
        let html = out.html(|link| format!("/equilibri/{}/", link.target.trim_end_matches(".md")));
        assert!(
            html.contains(r#"<a href="/equilibri/servizi/nidi/">a</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"rel="noopener external" href="https://inps.it">b<span class="visually-hidden"> (link esterno)</span></a>"#), "{html}");
        assert!(
            html.contains(r#"<a href="/equilibri/servizi/">c</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="/equilibri/servizi/modulo.pdf">d</a>"#),
            "{html}"
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }

    #[test]
    fn dangerous_and_missing_targets_are_errors_with_lines() {
        let out = render(
            "testo\n\n[x](javascript:alert(1)) [y](Data:text/html,hi)\n\n![z](manca.png)\n",
            RawHtml::Escape,
        );
        let lines: Vec<(usize, &str)> = out
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0].0, 6);
        assert!(lines[0].1.contains("javascript:"));
        assert!(lines[1].1.contains("data:"));
        assert_eq!(lines[2].0, 8);
        assert!(!out.html(|_| String::new()).contains("javascript"));
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let out = render("## Come fare\n\n## Come fare\n\n### Costi {#prezzi}\n\n[su](#come-fare) [giù](#nessuno)\n", RawHtml::Escape);
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["come-fare", "come-fare-1", "prezzi"]);
        let html = out.html(|_| String::new());
        assert!(html.contains(r##"<h2 id="come-fare">Come fare <a class="heading-anchor" href="#come-fare" aria-label="Collegamento alla sezione: Come fare">#</a></h2>"##), "{html}");
        assert_eq!(out.diagnostics.len(), 1);
        assert!(out.diagnostics[0].message.contains("nessuno"));
    }

    #[test]
    fn raw_html_is_escaped_with_a_warning_unless_allowed() {
        let out = render(
            "<script>alert(1)</script>\n\ntesto <b>x</b>\n",
            RawHtml::Escape,
        );
        let html = out.html(|_| String::new());
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"));
        assert!(out.diagnostics.iter().all(|d| !d.is_error()));
        assert_eq!(out.diagnostics[0].line, 4);
        let allowed = render("testo <b>x</b>\n", RawHtml::Allow).html(|_| String::new());
        assert!(allowed.contains("<b>x</b>"));
    }

    #[test]
    fn slot_marker_in_source_cannot_forge_links() {
        let out = render("a \u{E000} b [x](@/servizi/nidi.md)\n", RawHtml::Escape);
        assert_eq!(out.links.len(), 1);
        assert_eq!(out.slotted_html.matches(SLOT).count(), 1);
    }

    #[test]
    fn extensions_tables_footnotes_tasks_smart_punctuation() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] fatto\n\nL'ufficio ~~no~~[^1]\n\n[^1]: nota\n", RawHtml::Escape);
        let html = out.html(|_| String::new());
        assert!(
            html.contains(r#"<div class="table-wrap"><table>"#),
            "{html}"
        );
        assert!(html.contains("<th>a</th>"));
        assert!(html.contains(r#"aria-label="fatto""#));
        assert!(html.contains("L’ufficio"));
        assert!(html.contains("<del>no</del>"));
        assert!(html.contains("footnote-definition"));
    }
}
