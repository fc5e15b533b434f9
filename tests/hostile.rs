//! Hostile and broken input: every case renders with a warning or fails with a clear error that
//! names the file, never panics, never leaves a partial PDF, and never touches an existing one.

mod support;

use std::time::Instant;

use support::*;

/// What a case must do.
enum Expect {
    /// Exit 0, a PDF, and a warning containing this text.
    Warns(&'static str),
    /// Exit 0 and a PDF (a warning is allowed).
    Renders,
    /// Exit 1 or 2 and an error containing this text.
    Fails(&'static str),
}

fn case(tmp: &Scratch, name: &str, content: &[u8], expect: Expect) {
    let src = tmp.path(name);
    std::fs::write(&src, content).unwrap();
    let pdf = tmp.path(&format!("{name}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    let started = Instant::now();
    let run = cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprintln!("{name}: exit {:?} in {took:.2?}", run.status.code());
    assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    match expect {
        Expect::Warns(_) | Expect::Renders if run.status.code() != Some(0) => panic!("{name} should render:\n{stderr}"),
        Expect::Warns(w) => {
            assert!(stderr.contains("warning") && stderr.contains(w), "{name}: no warning about `{w}`:\n{stderr}");
            assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{name}");
        }
        Expect::Renders => assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "{name}"),
        Expect::Fails(e) => {
            assert!(matches!(run.status.code(), Some(1 | 2)), "{name} should fail:\n{stderr}");
            assert!(stderr.contains("error") && stderr.contains(e), "{name}: no error about `{e}`:\n{stderr}");
            assert!(stderr.contains(name), "{name}: the error does not name the file:\n{stderr}");
            assert!(!pdf.exists(), "{name}: a failed run left a PDF");
        }
    }
}

#[test]
fn front_matter_and_encoding() {
    let tmp = Scratch::new("hostile-front");
    case(&tmp, "empty.md", b"", Expect::Renders);
    case(&tmp, "front-only.md", b"+++\ntitle = \"Only front matter\"\n+++\n", Expect::Renders);
    case(&tmp, "no-front.md", b"# Just a body\n\nText.\n", Expect::Renders);
    case(&tmp, "unterminated-toml.md", b"+++\ntitle = \"x\"\n\n# Body\n", Expect::Fails("never closed"));
    case(&tmp, "unterminated-yaml.md", b"---\ntitle: x\n# Body\n", Expect::Fails("never closed"));
    case(&tmp, "invalid-toml.md", b"+++\ntitle = \n+++\n", Expect::Fails("invalid TOML"));
    case(&tmp, "invalid-yaml.md", b"---\ntitle: [unclosed\n---\n", Expect::Fails("invalid YAML"));
    case(&tmp, "impossible-date.md", b"---\ntitle: x\ndate: 2025-02-31\n---\nBody\n", Expect::Fails("impossible-date.md:3:1"));
    case(&tmp, "impossible-lastmod.md", b"+++\nlastmod = \"2025-02-31\"\n+++\nBody\n", Expect::Fails("not a date"));
    case(&tmp, "wrong-types.md", b"---\ntitle: [1, 2]\ndraft: maybe\ntags: 3\n---\nBody\n", Expect::Warns("should be"));
    let mut bomb = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        bomb.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    bomb.push_str("---\nBody\n");
    case(&tmp, "alias-bomb.md", bomb.as_bytes(), Expect::Fails("invalid YAML"));
    case(&tmp, "invalid-utf8.md", b"# Caf\xe9\n\nText\n", Expect::Fails("not valid UTF-8"));
    case(&tmp, "garbage.md", &[0u8, 159, 146, 150, 0, 1, 2, 255, 254, 0, 7], Expect::Fails("binary"));
    case(&tmp, "bom-crlf.md", b"\xef\xbb\xbf---\r\ntitle: \"BOM\"\r\n---\r\n## Work\r\n\r\nText.\r\n", Expect::Renders);
}

#[test]
fn sizes_that_break_naive_layout() {
    let tmp = Scratch::new("hostile-size");
    let long_word = format!("# Long\n\n{}\n", "x".repeat(6000));
    case(&tmp, "long-word.md", long_word.as_bytes(), Expect::Renders);
    let url = format!("https://example.com/{}", "segment/".repeat(370));
    case(&tmp, "long-url.md", format!("[link]({url}) and {url}\n").as_bytes(), Expect::Renders);
    let items: String = (0..20_000).map(|i| format!("* item {i}\n")).collect();
    case(&tmp, "many-items.md", items.as_bytes(), Expect::Renders);
    let nested: String = (0..200).map(|d| format!("{}* level {d}\n", "  ".repeat(d))).collect();
    case(&tmp, "nested-lists.md", nested.as_bytes(), Expect::Warns("nested deeper"));
    let quotes = format!("{} deep\n", ">".repeat(5000));
    case(&tmp, "nested-quotes.md", quotes.as_bytes(), Expect::Warns("nested deeper"));
    let head: String = (0..30).map(|c| format!("| col{c} ")).collect::<String>() + "|\n";
    let rule: String = "|---".repeat(30) + "|\n";
    let row: String = (0..30).map(|c| format!("| value number {c} ")).collect::<String>() + "|\n";
    case(&tmp, "wide-table.md", format!("{head}{rule}{row}{row}").as_bytes(), Expect::Renders);
    let paragraph = "word ".repeat(30_000);
    case(&tmp, "long-paragraph.md", paragraph.as_bytes(), Expect::Renders);
}

#[test]
fn characters_html_and_shortcodes() {
    let tmp = Scratch::new("hostile-chars");
    // CJK sets in whatever font the machine has for it, or is named in a warning.
    case(&tmp, "cjk.md", "# 履歴書\n\n東京 — résumé\n".as_bytes(), Expect::Renders);
    case(&tmp, "private-use.md", "# Title\n\nA \u{10FFFD} mark no font has.\n".as_bytes(), Expect::Warns("has a glyph for"));
    case(&tmp, "arabic.md", "السيرة الذاتية\n".as_bytes(), Expect::Warns("right-to-left"));
    case(&tmp, "emoji.md", "## 💼 Work 👋🏽 🇫🇷\n".as_bytes(), Expect::Warns("emoji"));
    case(&tmp, "zero-width.md", "Zero\u{200B}width\u{200D}joiner\u{FEFF}\n".as_bytes(), Expect::Renders);
    case(&tmp, "html.md", b"<div><script>alert(1)</script><b>bold</b></div>\n\nText <script>x()</script> after.\n", Expect::Renders);
    case(&tmp, "unknown-shortcode.md", b"{{< gallery dir=\"x\" >}}\n\nText\n", Expect::Warns("not known to cvpdf"));
    case(&tmp, "unclosed-shortcode.md", b"Before {{< figure src=\"a.jpg\"\n\nAfter\n", Expect::Warns("never closed"));
}

#[test]
fn images_that_must_not_be_read() {
    let tmp = Scratch::new("hostile-images");
    std::fs::write(tmp.path("fake.jpg"), b"this is not a jpeg").unwrap();
    let fig = |src: &str| format!("{{{{< figure class=\"avatar\" src=\"{src}\" >}}}}\n\nText\n");
    case(&tmp, "not-an-image.md", fig("fake.jpg").as_bytes(), Expect::Warns("not a usable JPEG or PNG"));
    case(&tmp, "remote.md", fig("https://example.com/me.jpg").as_bytes(), Expect::Warns("never reads the network"));
    case(&tmp, "outside.md", fig("../../../../../etc/hostname").as_bytes(), Expect::Warns("outside the site"));
    case(&tmp, "absolute.md", fig("/etc/passwd").as_bytes(), Expect::Warns("does not exist"));
}

#[test]
fn a_failed_run_never_touches_an_existing_pdf() {
    let tmp = Scratch::new("hostile-keep");
    let src = tmp.path("bad.md");
    std::fs::write(&src, b"+++\ntitle = \n+++\n").unwrap();
    let out = tmp.path("out.pdf");
    std::fs::write(&out, b"the previous PDF").unwrap();
    let run = cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous PDF");
    let leftovers: Vec<_> =
        std::fs::read_dir(&tmp.0).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().contains(".tmp")).collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn json_diagnostics_and_denied_warnings() {
    let tmp = Scratch::new("hostile-json");
    let src = tmp.path("w.md");
    std::fs::write(&src, b"---\ntitle: [1]\n---\n{{< gallery >}}\n").unwrap();
    let run = cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "-o", tmp.path("w.pdf").to_str().unwrap(), "--message-format", "json"]);
    assert_eq!(run.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stderr).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // The title of the wrong type, the unknown shortcode, and no name to set at the top.
    assert_eq!(lines.len(), 3, "{lines:?}");
    let at =
        |line: u64| lines.iter().find(|l| l["line"].as_u64() == Some(line)).unwrap_or_else(|| panic!("nothing at line {line}: {lines:?}"));
    assert_eq!((at(2)["severity"].as_str(), at(2)["column"].as_u64()), (Some("warning"), Some(1)));
    assert!(at(4)["message"].as_str().unwrap().contains("gallery"));
    assert!(at(4)["file"].as_str().unwrap().ends_with("w.md"));
    assert!(lines.iter().all(|l| l["severity"] == "warning"));
    let denied = tmp.path("denied.pdf");
    let run = cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "-o", denied.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!denied.exists());
}
