//! Watching the site's sources: `content/`, `themes/` and `site.yaml`. Editors save in bursts
//! (write to a temporary file then rename, several files at once, backup copies): the events of
//! one burst become one batch of changed source files, so one save means one rebuild.

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A burst ends after this long without events: editors finish a save within a few ms.
const QUIET: Duration = Duration::from_millis(30);
/// A burst longer than this is rebuilt anyway (a long copy into `content/`), and again after.
const LONGEST_BURST: Duration = Duration::from_millis(500);

pub enum Batch {
    /// Source files changed in one burst, relative to the root with `/` separators.
    Changed(BTreeSet<String>),
    /// Nothing changed for the time given.
    Quiet,
    /// The watcher has stopped.
    Stopped,
}

pub struct SourceWatcher {
    root: PathBuf,
    events: Receiver<notify::Result<Event>>,
    // Dropping the watcher stops the events.
    _watcher: notify::RecommendedWatcher,
}

impl SourceWatcher {
    pub fn new(root: &Path) -> notify::Result<SourceWatcher> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        // The root only for `site.yaml` (watching a file itself loses it when an editor
        // replaces it by renaming), and never recursively: `target/` or `node_modules/` there
        // would exhaust the system's watches.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for folder in ["content", "themes"] {
            let folder = root.join(folder);
            if folder.is_dir() {
                watcher.watch(&folder, RecursiveMode::Recursive)?;
            }
        }
        Ok(SourceWatcher {
            root: root.to_path_buf(),
            events,
            _watcher: watcher,
        })
    }

    /// Waits for the next burst of changes and returns the source files it touched; with
    /// `wait`, gives up with `Batch::Quiet` when nothing changes for that long.
    pub fn next_batch_within(&self, wait: Option<Duration>) -> Batch {
        loop {
            let first = match wait {
                Some(wait) => match self.events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => return Batch::Quiet,
                    Err(RecvTimeoutError::Disconnected) => return Batch::Stopped,
                },
                None => match self.events.recv() {
                    Ok(event) => event,
                    Err(_) => return Batch::Stopped,
                },
            };
            let mut changed = BTreeSet::new();
            self.collect(first, &mut changed);
            let started = Instant::now();
            while started.elapsed() < LONGEST_BURST {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.collect(event, &mut changed),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Batch::Stopped,
                }
            }
            if !changed.is_empty() {
                return Batch::Changed(changed);
            }
        }
    }

    fn collect(&self, event: notify::Result<Event>, changed: &mut BTreeSet<String>) {
        let Ok(event) = event else { return };
        if !changes_content(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(source) = source_file(&self.root, path) {
                changed.insert(source);
            }
        }
    }
}

/// Reading a file changes nothing; closing it after writing means the write is complete.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The path of a changed file relative to the root, if it is one of the site's sources and not
/// an editor's temporary or backup file.
pub fn source_file(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let relative = relative.to_str()?.replace('\\', "/");
    let is_source = relative == "site.yaml"
        || relative.starts_with("content/")
        || relative.starts_with("themes/");
    let name = relative.rsplit('/').next()?;
    let temporary = name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with(".goutputstream")
        || [".swp", ".swx", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        // Vim writes and deletes this file to test whether a folder is writable.
        || name == "4913";
    (is_source && !temporary).then_some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_editor_leftovers_do_not() {
        let root = Path::new("/sito");
        let source = |path: &str| source_file(root, &root.join(path));
        assert_eq!(source("site.yaml").as_deref(), Some("site.yaml"));
        assert_eq!(
            source("content/servizi/nidi.md").as_deref(),
            Some("content/servizi/nidi.md")
        );
        assert_eq!(
            source("themes/default/static/css/site.css").as_deref(),
            Some("themes/default/static/css/site.css")
        );
        for ignored in [
            "public/index.html",
            ".equilibri-serve/public/index.html",
            "README.md",
            "content/.nidi.md.swp",
            "content/nidi.md~",
            "content/.#nidi.md",
            "content/4913",
        ] {
            assert_eq!(source(ignored), None, "{ignored}");
        }
        assert_eq!(source_file(root, Path::new("/altrove/site.yaml")), None);
    }

    #[test]
    fn a_burst_of_saves_is_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let watcher = SourceWatcher::new(&root).unwrap();
        // Write to a temporary file then rename over the page, as many editors save, plus a
        // second page in the same burst.
        std::fs::write(root.join("content/.a.md.swp"), "x").unwrap();
        std::fs::write(root.join("content/a.md.tmp"), "---\ntitle: A\n---\n").unwrap();
        std::fs::rename(root.join("content/a.md.tmp"), root.join("content/a.md")).unwrap();
        std::fs::write(root.join("content/b.md"), "---\ntitle: B\n---\n").unwrap();
        std::fs::remove_file(root.join("content/.a.md.swp")).unwrap();
        let Batch::Changed(batch) = watcher.next_batch_within(None) else {
            panic!("no batch");
        };
        assert_eq!(
            batch.into_iter().collect::<Vec<_>>(),
            ["content/a.md", "content/b.md"]
        );
        assert!(matches!(
            watcher.next_batch_within(Some(Duration::from_millis(50))),
            Batch::Quiet
        ));
    }
}
