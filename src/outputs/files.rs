//! Files published as they are: the theme's `static/` folder at the site root, and the files
//! that sit next to pages under `content/`.

use super::Output;
use crate::diagnostics::Diagnostic;
use crate::output::{FileContent, OutputSet};
use crate::site::Site;
use std::path::Path;
use walkdir::WalkDir;

pub struct StaticFiles<'a> {
    pub theme_dir: &'a Path,
}

impl Output for StaticFiles<'_> {
    fn name(&self) -> &'static str {
        "static files"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let static_dir = self.theme_dir.join("static");
        for entry in WalkDir::new(&static_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(&static_dir)
                .unwrap_or(entry.path());
            let path = relative.to_string_lossy().replace('\\', "/");
            if let Err(error) = files.add(
                path,
                FileContent::Copy(entry.path().to_path_buf()),
                "theme static files",
            ) {
                errors.push(error);
            }
        }
        for asset in &site.assets {
            let producer = format!("content/{}", asset.path);
            if let Err(error) = files.add(
                asset.path.clone(),
                FileContent::Copy(asset.source.clone()),
                &producer,
            ) {
                errors.push(error);
            }
        }
        errors
    }
}
