//! YAML with positions: typed parsing through serde_norway, plus a map from each key path
//! (`address.street`, `hours.mon[1]`) to its line and column, so that checks made after parsing
//! (a date that does not exist, an unknown district) still point at the exact spot.

use crate::diagnostics::{did_you_mean, Diagnostic};
use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;
use std::cell::OnceCell;
use std::collections::HashMap;

/// A YAML text inside a file: the whole file (for excerpts) and where the YAML starts in it.
pub struct YamlSource<'a> {
    /// Path relative to the site root, for diagnostics.
    pub file: &'a str,
    /// The whole file, newlines normalised to `\n`.
    pub file_text: &'a str,
    /// The YAML part of the file.
    pub yaml: &'a str,
    /// Number of file lines before the YAML starts (1 for front matter after `---`).
    pub lines_before: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Where every key and value of a YAML document is. Found on first use: most files have no
/// error to point at, and walking the YAML a second time is a good part of loading a page.
#[derive(Debug, Default)]
pub struct Locations {
    yaml: String,
    lines_before: usize,
    found: OnceCell<Found>,
}

#[derive(Debug, Default)]
struct Found {
    keys: HashMap<String, Position>,
    values: HashMap<String, Position>,
}

impl Locations {
    /// The position of the key at `path`, falling back to its value's and then its parent's.
    pub fn key(&self, path: &str) -> Option<Position> {
        let found = self.found();
        found
            .keys
            .get(path)
            .or_else(|| found.values.get(path))
            .copied()
            .or_else(|| self.parent(path).and_then(|parent| self.key(parent)))
    }

    /// The position of the value at `path`, falling back to its key's.
    pub fn value(&self, path: &str) -> Option<Position> {
        self.found()
            .values
            .get(path)
            .copied()
            .or_else(|| self.key(path))
    }

    fn found(&self) -> &Found {
        self.found
            .get_or_init(|| locate(&self.yaml, self.lines_before))
    }

    fn parent<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.rfind(['.', '[']).map(|index| &path[..index])
    }
}

impl<'a> YamlSource<'a> {
    /// A file that is YAML from its first line (site.yaml, info points, theme strings).
    pub fn whole_file(file: &'a str, text: &'a str) -> Self {
        YamlSource {
            file,
            file_text: text,
            yaml: text,
            lines_before: 0,
        }
    }

    /// Parses the YAML into `T`. Errors name the file, line and column, with a hint.
    pub fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<(T, Locations), Diagnostic> {
        let locations = self.locations();
        // Tracking the path costs an allocation per key: it is done only to describe an error.
        if let Ok(value) = serde_norway::from_str::<T>(self.yaml) {
            return Ok((value, locations));
        }
        let deserializer = serde_norway::Deserializer::from_str(self.yaml);
        match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Ok(value) => Ok((value, locations)),
            Err(error) => Err(self.describe_error(&error, &locations, what)),
        }
    }

    /// Where the keys and values are, found on first use.
    pub fn locations(&self) -> Locations {
        Locations {
            yaml: self.yaml.to_string(),
            lines_before: self.lines_before,
            found: OnceCell::new(),
        }
    }

    /// A diagnostic pointing at a position found in `Locations`.
    pub fn error_at(&self, position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.file, message);
        match position {
            Some(p) => diagnostic.at(self.file_text, p.line, p.column),
            None => diagnostic.at(self.file_text, self.lines_before.max(1), 0),
        }
    }

    fn describe_error(
        &self,
        error: &serde_path_to_error::Error<serde_norway::Error>,
        locations: &Locations,
        what: &str,
    ) -> Diagnostic {
        let path = error.path().to_string();
        let inner = error.inner();
        // serde_norway appends " at line L column C" to its message; the position is shown apart.
        let raw = inner.to_string();
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let position = inner
            .location()
            .map(|l| Position {
                line: l.line() + self.lines_before,
                column: l.column(),
            })
            .or_else(|| locations.key(&path));
        // `?` is serde_path_to_error's "somewhere unknown", e.g. for a syntax error.
        let located = if path == "." || path == "?" || path.is_empty() {
            String::new()
        } else {
            format!(" at `{path}`")
        };
        let diagnostic = self.error_at(position, format!("invalid {what}{located}: {message}"));
        match error_hint(&message) {
            Some(hint) => diagnostic.hint(hint),
            None => diagnostic,
        }
    }
}

/// Maps every key path to its position, walking the YAML events once.
fn locate(yaml: &str, lines_before: usize) -> Found {
    let mut locations = Found::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        let position = Position {
            line: span.start.line() + lines_before,
            column: span.start.col() + 1,
        };
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Mapping { prefix, key }) = stack.last_mut() {
                    if key.is_none() {
                        let path = join(prefix, &text);
                        locations.keys.insert(path.clone(), position);
                        *key = Some(path);
                        continue;
                    }
                }
                let path = value_path(&stack);
                locations.values.insert(path, position);
                advance(&mut stack);
            }
            Event::Alias(_) => {
                locations.values.insert(value_path(&stack), position);
                advance(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let prefix = value_path(&stack);
                locations.values.insert(prefix.clone(), position);
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { prefix, key: None },
                    _ => Frame::Sequence { prefix, index: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                advance(&mut stack);
            }
            _ => {}
        }
    }
    locations
}

enum Frame {
    Mapping { prefix: String, key: Option<String> },
    Sequence { prefix: String, index: usize },
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The path of the value about to be read.
fn value_path(stack: &[Frame]) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Mapping { prefix, key }) => key.clone().unwrap_or_else(|| prefix.clone()),
        Some(Frame::Sequence { prefix, index }) => format!("{prefix}[{index}]"),
    }
}

/// After a value is complete: a mapping waits for its next key, a sequence for its next item.
fn advance(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Mapping { key, .. }) => *key = None,
        Some(Frame::Sequence { index, .. }) => *index += 1,
        None => {}
    }
}

/// What to do about the usual serde errors, in plain words.
fn error_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let candidates: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|candidate| !candidate.is_empty())
            .collect();
        return Some(match did_you_mean(field, candidates.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("remove `{field}` or use one of: {}", candidates.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("add a line `{field}: …`"));
    }
    if message.starts_with("duplicate field") || message.contains("duplicate entry") {
        return Some("each key may appear only once: remove one of them".to_string());
    }
    if message.starts_with("invalid type") {
        return Some(
            "check the value's form: text in quotes, lists in [ ], numbers without quotes"
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        hours: HashMap<String, Vec<String>>,
        #[serde(default)]
        address: Option<Address>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Address {
        street: String,
    }

    fn source(text: &str) -> YamlSource<'_> {
        YamlSource::whole_file("x.yaml", text)
    }

    #[test]
    fn locates_nested_keys_and_items() {
        let text = "title: A\nhours:\n  mon: [\"09:00-12:00\", \"14:00-17:00\"]\naddress: { street: Via Roma }\n";
        let (_, locations) = source(text).parse::<Sample>("data").unwrap();
        assert_eq!(
            locations.key("title"),
            Some(Position { line: 1, column: 1 })
        );
        assert_eq!(
            locations.key("hours.mon"),
            Some(Position { line: 3, column: 3 })
        );
        assert_eq!(
            locations.value("hours.mon[1]"),
            Some(Position {
                line: 3,
                column: 24
            })
        );
        assert_eq!(
            locations.value("address.street"),
            Some(Position {
                line: 4,
                column: 20
            })
        );
        assert_eq!(locations.key("address.city"), locations.key("address"));
    }

    #[test]
    fn unknown_key_is_located_and_gets_a_suggestion() {
        let text = "title: A\ntitel: B\n";
        let diagnostic = source(text).parse::<Sample>("data").unwrap_err();
        assert_eq!((diagnostic.line, diagnostic.column), (2, 1));
        assert!(
            diagnostic.message.contains("unknown field `titel`"),
            "{}",
            diagnostic.message
        );
        assert_eq!(diagnostic.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn type_errors_in_nested_values_name_the_path() {
        let text = "title: A\nhours:\n  mon: 3\n";
        let diagnostic = source(text).parse::<Sample>("data").unwrap_err();
        assert_eq!(diagnostic.line, 3);
        assert!(
            diagnostic.message.contains("`hours.mon`"),
            "{}",
            diagnostic.message
        );
    }

    #[test]
    fn missing_field_hint() {
        let diagnostic = source("hours: {}\n").parse::<Sample>("data").unwrap_err();
        assert!(diagnostic.message.contains("missing field `title`"));
        assert_eq!(diagnostic.hint.as_deref(), Some("add a line `title: …`"));
    }
}
