//! The `equilibri` binary: exit codes, help, summary and diagnostics on the terminal.

mod common;

use common::Fixture;
use std::process::{Command, Output};

fn equilibri(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn successful_build_prints_a_summary_and_exits_0() {
    let site = Fixture::new();
    site.file(
        "content/servizi/nidi.md",
        "---\ntitle: Nidi\ntemi: [nidi]\n---\n",
    );
    let out = equilibri(&["build", "--root", site.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Built 1 pages, 2 sections, 1 taxonomy terms, 0 info points: "),
        "{stdout}"
    );
    assert!(stdout.contains(" files written in "), "{stdout}");
}

#[test]
fn content_errors_exit_1_with_located_diagnostics() {
    let site = Fixture::new();
    site.file("content/a.md", "---\ntitle: A\ndescripton: x\n---\n");
    let out = equilibri(&["build", "--root", site.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: unknown front matter key `descripton`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/a.md:3:1"), "{stderr}");
    assert!(stderr.contains("3 | descripton: x"), "{stderr}");
    assert!(
        stderr.contains("hint: did you mean `description`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Build failed with 1 error(s); nothing was written."),
        "{stderr}"
    );
    assert!(!site.public("index.html").exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        equilibri(&["build", "--nessuna-opzione"]).status.code(),
        Some(2)
    );
    assert_eq!(equilibri(&["costruisci"]).status.code(), Some(2));
}

#[test]
fn help_explains_every_flag_with_an_example() {
    let out = equilibri(&["build", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--root", "--output", "--base-url", "--drafts"] {
        let line = help
            .lines()
            .position(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("{flag} missing:\n{help}"));
        let block: String = help.lines().skip(line).take(4).collect();
        assert!(block.contains("Example:"), "{flag} has no example:\n{help}");
    }
}

#[test]
fn output_and_base_url_flags() {
    let site = Fixture::new();
    let output = site.root().join("altrove");
    let out = equilibri(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--base-url",
        "https://example.org/sotto/",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(home.contains(r#"href="/sotto/css/site.css""#));
    assert!(!site.public("index.html").exists());
}

#[test]
fn source_date_epoch_fixes_the_day_info_points_count_from() {
    let site = common::repository();
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("public");
    // 2027-03-28T23:30:00Z is already 29 March in Italy (CEST, UTC+2).
    let run = Command::new(env!("CARGO_BIN_EXE_equilibri"))
        .args(["build", "--root", site.to_str().unwrap(), "--output"])
        .arg(&output)
        .arg("--search-index")
        .arg(out_dir.path().join("search-index"))
        .env("SOURCE_DATE_EPOCH", "1806276600")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let page = std::fs::read_to_string(output.join("punti/rozzano/index.html")).unwrap();
    assert!(
        page.contains("data-open-now=\"{&quot;from&quot;:&quot;2027-03-29&quot;"),
        "the schedule starts on the Italian day of the epoch"
    );
}

/// Runs the binary inside a pseudo-terminal (util-linux `script`), as an editor would.
fn in_terminal(args: &str, no_color: bool) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_equilibri"));
    let mut script = Command::new("script");
    script.args(["-qec", &command, "/dev/null"]);
    if no_color {
        script.env("NO_COLOR", "1");
    } else {
        script.env_remove("NO_COLOR");
    }
    let out = script.output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn colours_only_on_a_terminal_and_never_with_no_color() {
    let site = Fixture::new();
    site.file("content/a.md", "---\ntitle: A\ndescripton: x\n---\n");
    let args = format!("build --root {}", site.root().display());
    let coloured = in_terminal(&args, false);
    assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured:?}");
    assert!(
        coloured.contains("--> content/a.md:3:1")
            || coloured.contains("\x1b[34m-->\x1b[0m content/a.md:3:1")
    );
    let plain = in_terminal(&args, true);
    assert!(
        plain.contains("error: unknown front matter key"),
        "{plain:?}"
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
    let piped = equilibri(&["build", "--root", site.root().to_str().unwrap()]);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\x1b'));
}

#[test]
fn quiet_prints_only_errors_and_verbose_the_steps() {
    let site = Fixture::new();
    // A warning: raw HTML is escaped.
    site.file(
        "content/servizi/a.md",
        "---\ntitle: A\n---\n<b>grassetto</b>\n",
    );
    let root = site.root().to_str().unwrap();
    let normal = equilibri(&["build", "--root", root]);
    assert!(String::from_utf8_lossy(&normal.stdout).starts_with("Built "));
    assert!(String::from_utf8_lossy(&normal.stderr).contains("warning:"));
    let quiet = equilibri(&["build", "--quiet", "--root", root]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&quiet.stdout), "");
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    let verbose = equilibri(&["build", "-v", "--root", root]);
    let stdout = String::from_utf8_lossy(&verbose.stdout);
    for step in ["load content", "html", "search index", "publish"] {
        assert!(
            stdout.contains(&format!(" s  {step}")),
            "{step} in {stdout}"
        );
    }
    site.file("content/b.md", "---\ntitolo: B\n---\n");
    let failed = equilibri(&["build", "-q", "--root", root]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("error: invalid front matter"), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}
