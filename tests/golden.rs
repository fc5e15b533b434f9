//! Golden tests: the `--emit layout` dump of small fixtures, reviewed like code.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the expected files after a deliberate change, then read
//! the diff.

mod support;

use support::*;

fn check(fixture: &str, extra: &[&str]) {
    let src = root().join("tests/fixtures").join(fixture);
    let mut args = vec!["render", src.to_str().unwrap(), "--emit", "layout", "-o", "-"];
    args.extend_from_slice(extra);
    let run = cvpdf(&root(), &args);
    assert!(run.status.success(), "{fixture}: {}", String::from_utf8_lossy(&run.stderr));
    let got = String::from_utf8(run.stdout).unwrap();
    let name = fixture.replace(".md", "") + &extra.join("") + ".layout.txt";
    let golden = root().join("tests/golden").join(name.replace("--", "-"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", golden.display()));
    if got != want {
        let diff: Vec<String> =
            want.lines().zip(got.lines()).filter(|(a, b)| a != b).take(5).map(|(a, b)| format!("- {a}\n+ {b}")).collect();
        panic!(
            "{fixture}: layout differs from {}:\n{}\n(lines: want {}, got {})",
            golden.display(),
            diff.join("\n"),
            want.lines().count(),
            got.lines().count()
        );
    }
}

#[test]
fn short_resume_layout() {
    check("short.md", &[]);
}

#[test]
fn french_paragraphs_layout() {
    check("long-fr.md", &[]);
}

#[test]
fn layout_dump_shows_lines_widths_ratios_and_hyphens() {
    let src = root().join("tests/fixtures/long-fr.md");
    let run = cvpdf(&root(), &["render", src.to_str().unwrap(), "--emit", "layout", "-o", "-"]);
    let dump = String::from_utf8(run.stdout).unwrap();
    assert!(dump.starts_with("page 1 of 1 (595.28 x 841.89 pt)"), "{dump}");
    let lines: Vec<&str> = dump.lines().filter(|l| l.trim_start().starts_with("y=")).collect();
    assert!(lines.len() > 10);
    assert!(lines.iter().any(|l| l.contains(" - \"")), "some line ends in a hyphen:\n{dump}");
    // Justified lines fill the measure: natural width plus adjustment never leaves the column.
    for l in &lines {
        let w: Vec<f32> =
            l.split("w=").nth(1).unwrap().split_whitespace().next().unwrap().split('/').map(|v| v.trim().parse().unwrap()).collect();
        assert!(w[0] <= w[1] * 1.02, "overfull: {l}");
    }
}
