//! The output set (in memory, or written into the staging folder as files are added) and its
//! atomic publication: files are written to a staging folder beside the target and swapped in
//! with one rename, so the published folder is always either the complete previous build or
//! the complete new one.

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from a source file at write time (assets, theme static files).
    Copy(PathBuf),
    /// What the output folder already holds: the dev server's previous build wrote this file
    /// from the same inputs (see `render_memo`). Nothing to write, nothing to keep in memory.
    Unchanged,
}

#[derive(Debug, Default)]
pub struct OutputSet {
    /// Site path (`servizi/nidi/index.html`) → content and the name of what produced it.
    files: BTreeMap<String, (FileContent, String)>,
    /// Where generated files are written as they are added, when set (see `writing_to`).
    folder: Option<PathBuf>,
    /// The first file that could not be written there; later ones are not tried.
    write_error: Mutex<Option<String>>,
}

impl OutputSet {
    /// A set that writes each generated file into `folder` (a staging folder) as soon as it is
    /// added, keeping only its path: a large site's pages need not all sit in memory, and
    /// writing overlaps rendering. Like `write_changed`, unchanged files are not rewritten.
    pub fn writing_to(folder: &Path) -> OutputSet {
        OutputSet {
            folder: Some(folder.to_path_buf()),
            ..OutputSet::default()
        }
    }

    /// Writes a file now if the set writes as files are added (see `writing_to`): producers
    /// that render in parallel call it from their threads, then add the file as
    /// `FileContent::Unchanged`. False when the set keeps files in memory instead.
    pub fn write_now(&self, path: &str, bytes: &[u8]) -> bool {
        let Some(folder) = &self.folder else {
            return false;
        };
        // After a failure (a full disk) the build fails: the other files are not tried.
        let failed = || {
            self.write_error
                .lock()
                .map_or(true, |error| error.is_some())
        };
        if !failed() {
            if let Err(error) = write_if_changed(folder, path, bytes) {
                if let Ok(mut first) = self.write_error.lock() {
                    first.get_or_insert_with(|| format!("cannot write {path}: {error}"));
                }
            }
        }
        true
    }

    /// Why a file could not be written by `write_now`, if one could not.
    pub fn write_error(&self) -> Option<String> {
        self.write_error.lock().ok().and_then(|error| error.clone())
    }

    /// Adds a file; a second file at the same path is an error naming both producers.
    pub fn add(
        &mut self,
        path: String,
        content: FileContent,
        producer: &str,
    ) -> Result<(), Diagnostic> {
        if let Some((_, previous)) = self.files.get(&path) {
            return Err(Diagnostic::error(
                producer,
                format!("{path} would also be written by {previous}"),
            )
            .hint("rename one of them: two outputs cannot share a file"));
        }
        let content = match content {
            FileContent::Bytes(bytes) if self.write_now(&path, &bytes) => FileContent::Unchanged,
            content => content,
        };
        self.files.insert(path, (content, producer.to_string()));
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, path: &str) -> Option<&FileContent> {
        self.files.get(path).map(|(content, _)| content)
    }

    /// A generated file's text (not a copied one), if it is UTF-8.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.get(path)? {
            FileContent::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            FileContent::Copy(_) | FileContent::Unchanged => None,
        }
    }

    /// Replaces or adds files: what an edit rendered again.
    pub fn merge(&mut self, other: OutputSet) {
        self.files.extend(other.files);
    }

    /// The site paths of the files.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Makes the folder `target` hold these files, writing in place only what changed: for the
    /// dev server, where an edit must reach the disk at once and a reader seeing one file of the
    /// next version beside the others is harmless. Files under `keep` (a folder's site path
    /// ending in `/`, written by someone else) are left alone; all other files not in the set
    /// are removed.
    pub fn write_in_place(&self, target: &Path, keep: Option<&str>) -> io::Result<()> {
        std::fs::create_dir_all(target)?;
        self.write_listed(target, Listing::of(target, keep)?)
    }

    /// `write_in_place` with the folder listed beforehand: a build lists its staging folder
    /// while it renders. Files written since the listing are in the set, so they stay.
    pub fn write_listed(&self, target: &Path, listing: Listing) -> io::Result<()> {
        self.remove_others(listing)?;
        self.write_changed(target)
    }

    /// Removes the listed files that are not in the set, then the folders left empty.
    fn remove_others(&self, listing: Listing) -> io::Result<()> {
        let extra: Vec<&PathBuf> = listing
            .files
            .iter()
            .filter(|(key, _, regular)| !regular || !self.files.contains_key(key))
            .map(|(_, path, _)| path)
            .collect();
        extra.par_iter().try_for_each(std::fs::remove_file)?;
        // Deepest first; a folder still holding files stays.
        for folder in listing.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        Ok(())
    }

    /// Writes the files whose bytes differ from what `folder` holds; unchanged files keep
    /// their times.
    pub fn write_changed(&self, folder: &Path) -> io::Result<()> {
        self.files
            .par_iter()
            .try_for_each(|(path, (content, _))| match content {
                FileContent::Bytes(bytes) => write_if_changed(folder, path, bytes),
                FileContent::Copy(source) => {
                    write_if_changed(folder, path, &std::fs::read(source)?)
                }
                FileContent::Unchanged => Ok(()),
            })
    }
}

/// What a folder holds: its files by site path, and its folders (parents first).
pub struct Listing {
    /// Site path, path, whether it is a regular file.
    files: Vec<(String, PathBuf, bool)>,
    folders: Vec<PathBuf>,
}

impl Listing {
    /// Lists `folder`, leaving out what is under `keep` (a folder's site path ending in `/`).
    pub fn of(folder: &Path, keep: Option<&str>) -> io::Result<Listing> {
        let mut listing = Listing {
            files: Vec::new(),
            folders: Vec::new(),
        };
        for entry in walkdir::WalkDir::new(folder).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let relative = entry
                .path()
                .strip_prefix(folder)
                .map_err(io::Error::other)?;
            let key = relative.to_string_lossy().replace('\\', "/");
            if keep.is_some_and(|kept| format!("{key}/").starts_with(kept)) {
                continue;
            }
            let kind = entry.file_type();
            if kind.is_dir() {
                listing.folders.push(entry.into_path());
            } else {
                listing.files.push((key, entry.into_path(), kind.is_file()));
            }
        }
        Ok(listing)
    }
}

/// Writes `bytes` at site path `path` under `folder`, unless the file already holds them
/// (unchanged files keep their times).
pub fn write_if_changed(folder: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    let destination = folder.join(path);
    if std::fs::read(&destination).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = destination.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&destination, bytes)
}

/// What a staging folder starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reuse {
    /// An empty folder; the previous version is removed after publication.
    Nothing,
    /// The previous build, kept in the staging folder by the last publication.
    PreviousBuild,
}

/// A complete new version of a folder, written beside it and not yet swapped in. Staging
/// everything first lets a build swap the site and its index one right after the other.
#[must_use = "a staged folder is published with `publish`"]
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    reuse: Reuse,
    published: bool,
}

impl Staged {
    /// Fills a fresh staging folder beside `target` with `fill`. Leftovers of an interrupted
    /// earlier build are removed first; on failure the staging folder is removed.
    pub fn fill(target: &Path, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<Staged> {
        let staged = Staged::begin(target, Reuse::Nothing)?;
        fill(&staged.staging)?;
        Ok(staged)
    }

    /// A staging folder for `target` that starts from the previous build, to be filled by the
    /// caller (a build writes its files there as it renders them, then `write_in_place` removes
    /// what it no longer builds). Updating the previous build rather than rewriting it saves
    /// most of a large build's write time (creating and deleting files), and unchanged files
    /// keep their times for rsync-style deploys. Unless published, the folder is removed when
    /// dropped.
    pub fn previous_build(target: &Path) -> io::Result<Staged> {
        Staged::begin(target, Reuse::PreviousBuild)
    }

    fn begin(target: &Path, reuse: Reuse) -> io::Result<Staged> {
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
            })?
            .to_string_lossy()
            .into_owned();
        let staged = Staged {
            target: target.to_path_buf(),
            staging: parent.join(format!(".equilibri-staging-{name}")),
            retired: parent.join(format!(".equilibri-old-{name}")),
            reuse,
            published: false,
        };
        // Whatever an interrupted build left in a reused folder is set right by `fill`.
        if reuse == Reuse::Nothing || !staged.staging.is_dir() {
            remove_if_present(&staged.staging)?;
            std::fs::create_dir(&staged.staging)?;
        }
        remove_if_present(&staged.retired)?;
        Ok(staged)
    }

    /// The staging folder, to read what was staged.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staged folder in place of the target. The previous version is returned, to be
    /// removed once everything that belongs together has been swapped.
    pub fn publish(mut self) -> io::Result<Retired> {
        let (target, staging, retired) = (&self.target, &self.staging, &self.retired);
        let previous = if !target.exists() {
            std::fs::rename(staging, target)?;
            None
        } else if exchange(staging, target).is_ok() {
            if self.reuse == Reuse::PreviousBuild {
                // `staging` now holds the previous build: the next one starts from it.
                self.published = true;
                return Ok(Retired(None));
            }
            // `staging` now holds the previous version: it moves aside before `self` drops.
            std::fs::rename(staging, retired)?;
            Some(retired.clone())
        } else {
            std::fs::rename(target, retired)?;
            std::fs::rename(staging, target)?;
            Some(retired.clone())
        };
        Ok(Retired(previous))
    }
}

impl Drop for Staged {
    /// A staged folder that is not published (a later step failed) is removed.
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The previous version of a published folder, set aside by `Staged::publish`.
#[must_use = "the previous version is removed with `remove`"]
pub struct Retired(Option<PathBuf>);

impl Retired {
    pub fn remove(self) -> io::Result<()> {
        self.0.as_deref().map_or(Ok(()), std::fs::remove_dir_all)
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (to_c(a)?, to_c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange on this system",
    ))
}

/// The file that serves a site path: `servizi/` → `servizi/index.html`.
pub fn html_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> OutputSet {
        let mut set = OutputSet::default();
        for (path, text) in files {
            set.add(
                path.to_string(),
                FileContent::Bytes(text.as_bytes().to_vec()),
                "t",
            )
            .unwrap();
        }
        set
    }

    fn publish(set: &OutputSet, target: &Path) {
        let staged = Staged::previous_build(target).unwrap();
        set.write_in_place(staged.path(), None).unwrap();
        staged.publish().unwrap().remove().unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn publishes_and_updates_the_previous_build_in_place_of_rewriting_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        publish(
            &output(&[("a/index.html", "uno"), ("same.txt", "=")]),
            &target,
        );
        assert_eq!(names(dir.path()), ["public"]);
        publish(&output(&[("b.txt", "due"), ("same.txt", "=")]), &target);
        assert!(!target.join("a/index.html").exists());
        assert_eq!(std::fs::read(target.join("b.txt")).unwrap(), b"due");
        // The first build waits beside it, to be updated by the next one.
        let kept = dir.path().join(".equilibri-staging-public");
        assert_eq!(names(dir.path()), [".equilibri-staging-public", "public"]);
        assert!(kept.join("a/index.html").exists());
        let unchanged = std::fs::metadata(kept.join("same.txt"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        publish(&output(&[("b.txt", "tre"), ("same.txt", "=")]), &target);
        assert_eq!(std::fs::read(target.join("b.txt")).unwrap(), b"tre");
        assert!(
            !target.join("a").exists(),
            "files and folders no longer built are gone"
        );
        let modified = std::fs::metadata(target.join("same.txt"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(modified, unchanged, "an unchanged file is not rewritten");
    }

    #[test]
    fn failed_fill_keeps_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("index.html"), "vecchio").unwrap();
        let result = Staged::fill(&target, |_| Err(io::Error::other("disco pieno")));
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "vecchio"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_writing_set_writes_files_as_they_are_added_and_keeps_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("staging");
        let mut set = OutputSet::writing_to(&folder);
        set.add(
            "a/index.html".into(),
            FileContent::Bytes(b"uno".to_vec()),
            "t",
        )
        .unwrap();
        assert_eq!(std::fs::read(folder.join("a/index.html")).unwrap(), b"uno");
        assert!(
            matches!(set.get("a/index.html"), Some(FileContent::Unchanged)),
            "the bytes are not kept"
        );
        assert_eq!(set.write_error(), None);
        // A file where a folder should be.
        std::fs::write(folder.join("blocked"), "").unwrap();
        assert!(set.write_now("blocked/index.html", b"x"));
        assert!(set.write_now("b.txt", b"y"));
        let error = set.write_error().unwrap();
        assert!(
            error.starts_with("cannot write blocked/index.html"),
            "{error}"
        );
        assert!(
            !folder.join("b.txt").exists(),
            "nothing is tried after a failure"
        );
        assert!(
            !OutputSet::default().write_now("c.txt", b"z"),
            "a set in memory writes nothing"
        );
    }

    #[test]
    fn duplicate_paths_are_refused() {
        let mut set = OutputSet::default();
        set.add("x".into(), FileContent::Bytes(vec![]), "uno")
            .unwrap();
        let error = set
            .add("x".into(), FileContent::Bytes(vec![]), "due")
            .unwrap_err();
        assert!(error.message.contains("also be written by uno"));
    }

    #[test]
    fn html_files_for_site_paths() {
        assert_eq!(html_file(""), "index.html");
        assert_eq!(html_file("servizi/"), "servizi/index.html");
        assert_eq!(html_file("vecchio.html"), "vecchio.html");
    }
}
