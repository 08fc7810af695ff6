//! Publication never damages what is published: a build killed at any moment (SIGKILL: no
//! cleanup runs) leaves `public/` byte for byte the previous build or the new one, never a mix,
//! with the index that matches it, and the next build is not tripped by what the killed one left
//! behind; a build that runs out of disk space fails with a message and leaves the previous
//! site as it was.

mod common;

use common::{snapshot, Fixture};
use equilibri::search::query::{SearchIndex, SearchRequest};
use std::process::{Command, Stdio};
use std::time::Instant;

fn build_command(site: &Fixture) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_equilibri"));
    command
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A site with enough pages that a build takes a while to write.
fn site_with_pages(version: &str) -> Fixture {
    let site = Fixture::new();
    write_pages(&site, version);
    site
}

fn write_pages(site: &Fixture, version: &str) {
    for i in 0..150 {
        site.file(
            &format!("content/servizi/p{i}.md"),
            &format!("---\ntitle: Pagina {i} {version}\n---\nTesto della pagina {i}, versione {version}.\n"),
        );
    }
}

fn documents_found(site: &Fixture, word: &str) -> usize {
    let index = SearchIndex::open(&site.root().join("search-index")).expect("the index opens");
    let request = SearchRequest {
        query: word.into(),
        limit: 1000,
        ..Default::default()
    };
    index.search(&request).expect("the index answers").len()
}

#[cfg(unix)]
#[test]
fn a_killed_build_never_leaves_a_half_published_site() {
    let site = site_with_pages("prima");
    assert!(build_command(&site).status().unwrap().success());
    let old = snapshot(&site.root().join("public"));
    // The new build's full duration, to kill it at moments spread over it.
    write_pages(&site, "seconda");
    let started = Instant::now();
    assert!(build_command(&site).status().unwrap().success());
    let duration = started.elapsed();
    let new = snapshot(&site.root().join("public"));
    assert_ne!(old, new);

    // Each round asks for the version that is not published, and kills the build at a moment
    // spread from its start to past its end.
    let versions = [("prima", old), ("seconda", new)];
    let mut published_version = 1;
    let mut interrupted = 0;
    for round in 0..12u32 {
        let wanted = 1 - published_version;
        write_pages(&site, versions[wanted].0);
        let mut child = build_command(&site).spawn().unwrap();
        std::thread::sleep(duration.mul_f64(f64::from(round) / 11.0 * 1.2));
        child.kill().unwrap();
        child.wait().unwrap();
        let published = snapshot(&site.root().join("public"));
        if published == versions[wanted].1 {
            published_version = wanted;
        } else {
            assert!(
                published == versions[published_version].1,
                "round {round}: public/ is neither the previous build nor the new one"
            );
            interrupted += 1;
        }
        // The index is the one of the published site.
        assert_eq!(
            documents_found(&site, versions[published_version].0),
            150,
            "round {round}"
        );
    }
    assert!(interrupted > 0, "no build was interrupted");
    assert!(build_command(&site).status().unwrap().success());
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".equilibri"))
        .collect();
    // Only the previous build stays, for the next build to update.
    assert_eq!(
        leftovers,
        [".equilibri-staging-public"],
        "a complete build removes what killed ones left"
    );
}

/// A full disk, simulated with a tiny tmpfs: mounting one needs root (CI runs as root).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_the_build_cleanly() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("a_full_disk_fails_the_build_cleanly needs root to mount a tmpfs: not run");
        return;
    }
    let mount_point = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(mount_point.path())
        .status()
        .unwrap();
    if !mounted.success() {
        // Root without the right to mount (some containers): the environment, not the build.
        eprintln!("a_full_disk_fails_the_build_cleanly could not mount a tmpfs: not run");
        return;
    }
    let site = Fixture::new();
    let output = mount_point.path().join("public");
    let index = mount_point.path().join("index");
    let build_into = |site: &Fixture| {
        Command::new(env!("CARGO_BIN_EXE_equilibri"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&output)
            .arg("--search-index")
            .arg(&index)
            .output()
            .unwrap()
    };
    let small = build_into(&site);
    let before = snapshot(&output);
    // 60 pages of 3 KB do not fit in what is left.
    for i in 0..60 {
        site.file(
            &format!("content/p{i}.md"),
            &format!("---\ntitle: P{i}\n---\n{}\n", "x".repeat(3000)),
        );
    }
    let full = build_into(&site);
    let after = snapshot(&output);
    let leftovers: Vec<String> = std::fs::read_dir(mount_point.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let _ = Command::new("umount").arg(mount_point.path()).status();
    assert!(small.status.success());
    assert!(!full.status.success());
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(before, after, "the previous site is untouched");
    let mut leftovers = leftovers;
    leftovers.sort();
    assert_eq!(leftovers, ["index", "public"], "no staging folder is left");
}
