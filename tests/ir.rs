//! `--emit ir` snapshots: the résumé as the source stage reads it, reviewed like code. Our own
//! pages (the sample, the fixtures) are snapshotted whole; the seeds, whose text must not be
//! copied into the project, as a skeleton without text: section kinds, entries' typed dates and
//! which fields they fill.
//!
//! Run with `UPDATE_SNAPSHOTS=1` to rewrite them after a deliberate change, then read the diff.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::*;

/// The IR, dated by `SOURCE_DATE_EPOCH` (a page's commit time would change with every commit).
fn ir(page: &Path) -> Value {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}: {}", page.display(), String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn snapshot(name: &str, got: &Value) {
    let path = root().join("tests/snapshots").join(name);
    let text = serde_json::to_string_pretty(got).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    if text != want {
        let diff: Vec<String> = want
            .lines()
            .zip(text.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(6)
            .map(|(i, (a, b))| format!("{}: - {a}\n{}: + {b}", i + 1, i + 1))
            .collect();
        panic!(
            "{name} differs from its snapshot:\n{}\n(lines: want {}, got {})",
            diff.join("\n"),
            want.lines().count(),
            text.lines().count()
        );
    }
}

#[test]
fn own_pages_match_their_snapshots() {
    for (page, name) in [
        ("content/fr/cv.md", "sample.fr"),
        ("content/en/cv.md", "sample.en"),
        ("tests/fixtures/short.md", "short"),
        ("tests/fixtures/long-fr.md", "long-fr"),
        ("tests/fixtures/records.md", "records"),
        ("tests/fixtures/shapes/cv.fr.md", "shapes.fr"),
        ("tests/fixtures/shapes/cv.en.md", "shapes.en"),
    ] {
        snapshot(&format!("{name}.ir.json"), &ir(&root().join(page)));
    }
}

fn words(inlines: &Value) -> usize {
    inlines.as_array().map_or(0, |a| a.iter().filter_map(|i| i["Text"]["text"].as_str()).map(|t| t.split_whitespace().count()).sum())
}

/// A résumé's shape without its text.
fn skeleton(doc: &Value) -> Value {
    let h = &doc["header"];
    let sections: Vec<Value> = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let blocks: Vec<Value> = s["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    let (kind, value) = b["kind"].as_object().unwrap().iter().next().unwrap();
                    if kind != "Entry" {
                        return json!(kind);
                    }
                    json!({
                        "role_words": words(&value["role"]),
                        "organisation_words": words(&value["organisation"]),
                        "location_words": words(&value["location"]),
                        "dates": value["dates"],
                        "body_blocks": value["body"].as_array().map_or(0, Vec::len),
                    })
                })
                .collect();
            json!({ "kind": s["kind"], "optional": s["optional"], "title_words": words(&s["title"]), "blocks": blocks })
        })
        .collect();
    json!({
        "lang": doc["meta"]["lang"],
        "header": { "name": h["name"].is_string(), "headline": h["headline"].is_string(), "contacts": h["contacts"].as_array().map_or(0, Vec::len) },
        "sections": sections,
    })
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn seeds_match_their_skeletons() {
    let shared = shared();
    for n in ["000_ac93b3fd0b79b0dc", "001_7650d8288a22cfb2", "002_95fe880348d46348"] {
        let doc = ir(&shared.join(format!("corpus/seeds/{n}.txt")));
        snapshot(&format!("seed-{}.skeleton.json", &n[..3]), &skeleton(&doc));
    }
}
