//! The in-memory output set and its atomic publication: files are written to a staging folder
//! beside the target and swapped in with one rename, so the published folder is always either
//! the complete previous build or the complete new one.

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from a source file at write time (assets, theme static files).
    Copy(PathBuf),
}

#[derive(Debug, Default)]
pub struct OutputSet {
    /// Site path (`servizi/nidi/index.html`) → content and the name of what produced it.
    files: BTreeMap<String, (FileContent, String)>,
}

impl OutputSet {
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

    /// Writes every file under a staging folder and swaps it with `target`.
    pub fn write_atomically(&self, target: &Path) -> io::Result<()> {
        self.stage(target)?.publish()?.remove()
    }

    /// Writes every file under a staging folder beside `target`, to be published later.
    pub fn stage(&self, target: &Path) -> io::Result<Staged> {
        Staged::fill(target, |staging| {
            self.files.par_iter().try_for_each(|(path, (content, _))| {
                let destination = staging.join(path);
                if let Some(parent) = destination.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                match content {
                    FileContent::Bytes(bytes) => std::fs::write(&destination, bytes),
                    FileContent::Copy(source) => std::fs::copy(source, &destination).map(|_| ()),
                }
            })
        })
    }
}

/// Fills a fresh staging folder with `fill`, then swaps it in place of `target`.
pub fn publish_atomically(
    target: &Path,
    fill: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    Staged::fill(target, fill)?.publish()?.remove()
}

/// A complete new version of a folder, written beside it and not yet swapped in. Staging
/// everything first lets a build swap the site and its index one right after the other.
#[must_use = "a staged folder is published with `publish`"]
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
}

impl Staged {
    /// Fills a fresh staging folder beside `target` with `fill`. Leftovers of an interrupted
    /// earlier build are removed first; on failure the staging folder is removed.
    pub fn fill(target: &Path, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<Staged> {
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
        };
        remove_if_present(&staged.staging)?;
        remove_if_present(&staged.retired)?;
        std::fs::create_dir(&staged.staging)?;
        fill(&staged.staging)?;
        Ok(staged)
    }

    /// The staging folder, to read what was staged.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staged folder in place of the target. The previous version is returned, to be
    /// removed once everything that belongs together has been swapped.
    pub fn publish(self) -> io::Result<Retired> {
        let (target, staging, retired) = (&self.target, &self.staging, &self.retired);
        let previous = if !target.exists() {
            std::fs::rename(staging, target)?;
            None
        } else if exchange(staging, target).is_ok() {
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
        let _ = std::fs::remove_dir_all(&self.staging);
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

    #[test]
    fn swaps_in_a_new_build_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut first = OutputSet::default();
        first
            .add(
                "a/index.html".into(),
                FileContent::Bytes(b"uno".to_vec()),
                "t",
            )
            .unwrap();
        first.write_atomically(&target).unwrap();
        let mut second = OutputSet::default();
        second
            .add("b.txt".into(), FileContent::Bytes(b"due".to_vec()), "t")
            .unwrap();
        second.write_atomically(&target).unwrap();
        assert!(!target.join("a/index.html").exists());
        assert_eq!(std::fs::read(target.join("b.txt")).unwrap(), b"due");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn failed_fill_keeps_the_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("index.html"), "vecchio").unwrap();
        let result = publish_atomically(&target, |_| Err(io::Error::other("disco pieno")));
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "vecchio"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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
