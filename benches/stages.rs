//! Per-stage benchmarks: parse, hyphenate, line-break, typeset (build + pagination), paginate,
//! export, and the whole compile, on seed 000 (when `../shared` is there) or the sample, and on
//! a ten times longer résumé. `cargo bench --bench stages`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use cvpdf::diag::SourceFile;
use cvpdf::export::post::Info;
use cvpdf::model::{Block, BlockKind, Inline};
use cvpdf::style::lang::Lang;
use cvpdf::style::layout::Layout;
use cvpdf::style::locale::Locale;
use cvpdf::text::font::FontSet;
use cvpdf::text::hyphenate::Hyphenator;
use cvpdf::typeset::hlist::{self, TextEnv};
use cvpdf::typeset::knuth_plass::{self, Alignment, Costs};
use cvpdf::typeset::paragraphs::{Paragraphs, Shelf};
use cvpdf::typeset::vlist::VBuilder;
use cvpdf::typeset::{page, typeset};
use cvpdf::{Emit, Options};

fn input() -> (String, SourceFile) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = root.join("../shared/corpus/seeds/000_ac93b3fd0b79b0dc.txt");
    let path = if seed.is_file() { seed } else { root.join("content/en/cv.md") };
    let text = std::fs::read_to_string(&path).expect("bench input");
    (path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), SourceFile::new(path, text))
}

/// The same page with its body ten times over.
fn ten_times(file: &SourceFile) -> SourceFile {
    let body = file.text.split_once("\n+++\n").or_else(|| file.text.split_once("\n---\n")).map_or(file.text.as_str(), |(_, b)| b);
    let mut text = file.text.clone();
    for _ in 1..10 {
        text.push_str(body);
    }
    SourceFile::new("ten-times.md", text)
}

fn paragraphs(blocks: &[Block], out: &mut Vec<Vec<Inline>>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i) => out.push(i.clone()),
            BlockKind::List { items, .. } => items.iter().for_each(|i| paragraphs(i, out)),
            BlockKind::Entry(e) => paragraphs(&e.body, out),
            _ => {}
        }
    }
}

fn stages(c: &mut Criterion) {
    let (name, file) = input();
    let fonts = FontSet::new();
    let layout = Layout::bundled("classic").expect("classic layout");
    let locale = Locale::get(Lang::En, None);
    let hyphenator = &Hyphenator::get(locale);
    let cx = cvpdf::source::Context::default();
    let doc = cvpdf::source::load(&file, &cx).expect("loads").value;

    c.bench_function(&format!("load {name}"), |b| b.iter(|| cvpdf::source::load(black_box(&file), &cx)));

    let mut paras = Vec::new();
    for s in &doc.sections {
        paragraphs(&s.blocks, &mut paras);
    }
    let text: String = paras.iter().map(|p| Inline::plain_text(p)).collect::<Vec<_>>().join(" ");
    let words: Vec<Vec<char>> = text.split_whitespace().map(|w| w.chars().collect()).collect();
    c.bench_function(&format!("hyphenate {} words", words.len()), |b| {
        b.iter(|| words.iter().map(|w| hyphenator.points(black_box(w)).len()).sum::<usize>())
    });

    let env = TextEnv {
        fonts: &fonts,
        faces: layout.typefaces(&fonts).expect("the layout's families"),
        role: cvpdf::text::font::Role::Body,
        small_caps: false,
        size: 10.0,
        color: [0.0; 3],
        link_color: [0.0; 3],
        code_color: [0.0; 3],
        base: Default::default(),
        max_width: 487.0,
        justify: true,
        hyphenator: Some(hyphenator),
        words: None,
    };
    c.bench_function(&format!("line-break {} paragraphs", paras.len()), |b| {
        b.iter(|| {
            paras
                .iter()
                .map(|p| {
                    let items = hlist::build(p, &env, &mut Vec::new());
                    knuth_plass::break_lines(&items, 487.0, &Costs::default(), Alignment::Justified).len()
                })
                .sum::<usize>()
        })
    });

    c.bench_function(&format!("typeset {name}"), |b| {
        b.iter(|| typeset(black_box(&doc), &layout, &fonts, hyphenator, &Paragraphs::default()))
    });

    let shelf = Shelf::default();
    let mut vb = VBuilder::new(&fonts, hyphenator, &shelf, &layout);
    vb.sections(&doc.sections, 54.0, 487.0);
    let list = vb.out;
    c.bench_function(&format!("paginate {} items", list.len()), |b| b.iter(|| page::break_pages(black_box(&list), 745.0, 745.0)));

    let set = typeset(&doc, &layout, &fonts, hyphenator, &Paragraphs::default());
    let info = Info { title: "Bench".into(), lang: "en-US".into(), creator: "cvpdf".into(), ..Info::default() };
    c.bench_function(&format!("export {} pages", set.pages.pages.len()), |b| {
        b.iter(|| cvpdf::export::pdf::write(black_box(&set.pages), &fonts, &info))
    });

    let options = Options { emit: Emit::Pdf, ..Options::default() };
    c.bench_function(&format!("compile {name}"), |b| b.iter(|| cvpdf::compile(black_box(&file), &options, &layout, &fonts)));
    let long = ten_times(&file);
    c.bench_function("compile ten times longer", |b| b.iter(|| cvpdf::compile(black_box(&long), &options, &layout, &fonts)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
