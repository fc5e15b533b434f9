//! `cvpdf check`: do the language variants of a résumé agree?

use cvpdf::diag::Diagnostic;
use cvpdf::source::discover;

use super::args::CheckArgs;
use super::render::default_input;
use super::report::Reporter;

/// Compares every language variant with the first; the exit status says whether they agree.
pub fn check(args: &CheckArgs, reporter: &Reporter) -> u8 {
    let input = args.path.clone().unwrap_or_else(default_input);
    let found = match discover::find(&input, None) {
        Ok(f) => f.pages,
        Err(d) => {
            reporter.report(&d, None);
            return d.kind.exit_status();
        }
    };
    let mut variants = Vec::new();
    for page in &found {
        let Some(lang) = page.lang else { continue };
        let cx = cvpdf::source::Context { lang: Some(lang), ..Default::default() };
        let parsed = cvpdf::source::read(&page.path).and_then(|f| cvpdf::source::load(&f, &cx).map(|d| (f, d.value)));
        match parsed {
            Ok((file, doc)) => variants.push((file, doc, lang)),
            Err(d) => {
                reporter.report(&d, None);
                return d.kind.exit_status();
            }
        }
    }
    if variants.len() < 2 {
        reporter.report(
            &Diagnostic::file_error(&input, "fewer than two language variants to compare")
                .with_hint("cvpdf check compares content/fr/ with content/en/, or cv.fr.md with cv.en.md"),
            None,
        );
        return 2;
    }
    let mut differences = 0;
    let Some(((file0, doc0, lang0), rest)) = variants.split_first() else { return 2 };
    for (file, doc, lang) in rest {
        let a = cvpdf::check::Variant { file: file0, doc: doc0, lang: lang0.code() };
        let b = cvpdf::check::Variant { file, doc, lang: lang.code() };
        for d in cvpdf::check::compare(&a, &b) {
            let file = [&a.file, &b.file].into_iter().find(|f| Some(&f.path) == d.path.as_ref()).copied();
            reporter.report(&d, file);
            differences += 1;
        }
    }
    let names: Vec<String> = variants.iter().map(|(f, _, _)| f.path.display().to_string()).collect();
    if differences == 0 {
        println!("{}: the variants agree", names.join(" and "));
        0
    } else {
        println!("{}: {differences} difference{}", names.join(" and "), if differences == 1 { "" } else { "s" });
        1
    }
}
