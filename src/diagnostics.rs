//! Diagnostics: what went wrong, where (file, line, column) and what to do about it.
//!
//! Every stage collects diagnostics instead of stopping at the first problem, so an editor sees
//! all the errors of a build at once.

use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The source line the diagnostic points at.
    #[serde(skip)]
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            excerpt: None,
        }
    }

    /// Points the diagnostic at `line`:`column` of `source` and keeps that line as the excerpt.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.excerpt = line
            .checked_sub(1)
            .and_then(|index| source.lines().nth(index))
            .map(|text| text.to_string());
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as they are known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (line, 0) => format!("{}:{line}", self.file),
            (line, column) => format!("{}:{line}:{column}", self.file),
        }
    }

    /// Renders the diagnostic for a terminal, in the style of rustc:
    /// headline, location, the source line with a caret, and the hint.
    pub fn render(&self) -> String {
        self.render_styled(false)
    }

    /// `render`, with ANSI colours when `color` (severity, location, caret and hint).
    pub fn render_styled(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, label_color) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!(
            "{}: {}\n",
            paint(label_color, label),
            paint("1", &self.message)
        );
        let _ = writeln!(out, "  {} {}", paint("34", "-->"), self.location());
        if let Some(excerpt) = &self.excerpt {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = excerpt.chars().take(200).collect();
            let bar = paint("34", "|");
            let _ = writeln!(out, "{pad} {bar}\n{} {bar} {shown}", paint("34", &number));
            if self.column > 0 && self.column <= 200 {
                let caret = paint(label_color, "^");
                let _ = writeln!(out, "{pad} {bar} {}{caret}", " ".repeat(self.column - 1));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = {}: {hint}", paint("36", "hint"));
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(similarity, _)| *similarity > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Sorts diagnostics by file and position and drops exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "uno\nperché sì\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 1));
        let offset = text.find("sì").unwrap();
        assert_eq!(line_column(text, offset), (2, 8));
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = ["title", "description", "date"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("descripton", keys), Some("description"));
        assert_eq!(did_you_mean("colore", keys), None);
    }

    #[test]
    fn render_shows_location_excerpt_caret_and_hint() {
        let source = "---\ntitel: Nidi\n---\n";
        let text = Diagnostic::error("content/a.md", "unknown key `titel`")
            .at(source, 2, 1)
            .hint("did you mean `title`?")
            .render();
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: Nidi"), "{text}");
        assert!(text.contains("  | ^"), "{text}");
        assert!(text.contains("hint: did you mean `title`?"), "{text}");
    }
}
