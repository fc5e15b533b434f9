//! Page budgets (`--pages 1|2`): fit the résumé into that many pages, in this order:
//!
//! 1. vertical space, shrunk within the layout's bounds (`[fit] min_space`);
//! 2. type size and leading, stepped down by quarter points to the layout's readable minimum
//!    (`[fit] min_body_size`); every size scales with the body's;
//! 3. sections the author declared optional, dropped in the order the source stage ranked them
//!    ([`crate::model::Section::optional`]).
//!
//! Each step is a bisection over whole layout passes, so a fit takes a handful of passes. When
//! even the tightest setting overflows, the error says by how much and where the overflow starts.

use crate::model::{Document, Inline, Span};
use crate::style::layout::Layout;
use crate::style::locale::Locale;
use crate::text::font::FontSet;
use crate::text::hyphenate::Hyphenator;
use crate::typeset::paragraphs::Paragraphs;
use crate::typeset::{Typeset, split, typeset};

/// A document fitted to its budget.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The result.
    pub typeset: Typeset,
    /// What was changed to fit, e.g. "fitted on 2 pages: body 9.5 pt, dropped 'Volunteering'";
    /// `None` without a budget.
    pub report: Option<String>,
}

/// The document does not fit its budget even at the tightest setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflow {
    /// The page budget.
    pub budget: usize,
    /// Pages needed at the tightest setting.
    pub pages: usize,
    /// How much content is past the budget, in pages.
    pub excess: f32,
    /// The section the overflow starts in.
    pub section: Option<String>,
    /// The source of the first box past the budget.
    pub span: Option<Span>,
    /// What was tried, e.g. "body 8.5 pt, vertical space 40%".
    pub tried: String,
}

/// One layout pass's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Setting {
    body: f32,
    space: f32,
}

struct Solver<'a> {
    layout: &'a Layout,
    fonts: &'a FontSet,
    hyphenator: &'a Hyphenator,
    /// The paragraphs every setting of the search shares.
    paragraphs: &'a Paragraphs,
    budget: usize,
    /// The settings the document as it is now was set at, in order, and whether it fit: a
    /// bisection that comes back to one that did not (the ideal it checks last, a setting an
    /// earlier step tried) knows the answer without setting the page again.
    tried: std::cell::RefCell<Vec<(Setting, bool)>>,
}

impl<'a> Solver<'a> {
    /// A search for `budget` pages, its paragraphs kept from one setting to the next.
    fn new(layout: &'a Layout, fonts: &'a FontSet, hyphenator: &'a Hyphenator, budget: usize, paragraphs: &'a Paragraphs) -> Self {
        Solver { layout, fonts, hyphenator, paragraphs, budget, tried: Default::default() }
    }

    fn run(&self, doc: &Document, s: Setting) -> Typeset {
        let layout = self.layout.scaled(s.body / self.layout.body.size, s.space);
        let t = typeset(doc, &layout, self.fonts, self.hyphenator, self.paragraphs);
        self.tried.borrow_mut().push((s, self.fits(&t)));
        t
    }

    /// The setting the layout is designed at.
    fn natural(&self) -> Setting {
        Setting { body: self.layout.body.size, space: 1.0 }
    }

    fn fits(&self, t: &Typeset) -> bool {
        t.pages.pages.len() <= self.budget
    }

    /// The document set at `s`, when that fits; `None` when it does not, or is known not to.
    fn attempt(&self, doc: &Document, s: Setting) -> Option<Typeset> {
        if self.tried.borrow().contains(&(s, false)) {
            return None;
        }
        let t = self.run(doc, s);
        self.fits(&t).then_some(t)
    }

    /// Bisects between `good` (a value known to fit, with its result) and `bad` (a value that
    /// does not, or is the untested ideal), in steps of `quantum`; returns the value nearest to
    /// `bad` that fits, with its result.
    fn bisect(&self, doc: &Document, good: (f32, Typeset), bad: f32, quantum: f32, make: impl Fn(f32) -> Setting) -> (f32, Typeset) {
        let (mut good, mut best) = good;
        let mut bad = bad;
        while let Some(mid) = middle(good, bad, quantum) {
            match self.attempt(doc, make(mid)) {
                Some(t) => (good, best) = (mid, t),
                None => bad = mid,
            }
        }
        // The ideal itself may fit when the loop never tried it.
        if (bad - good).abs() <= quantum * 1.01
            && let Some(t) = self.attempt(doc, make(bad))
        {
            return (bad, t);
        }
        (good, best)
    }
}

/// The value [`Solver::bisect`] tries between `good` and `bad`, on the grid of `quantum`: `None`
/// when none is left between them.
fn middle(good: f32, bad: f32, quantum: f32) -> Option<f32> {
    let mid = ((good + bad) / 2.0 / quantum).round() * quantum;
    let between = (bad - good).abs() > quantum * 1.01 && (mid - good).abs() >= quantum * 0.5 && (mid - bad).abs() >= quantum * 0.5;
    between.then_some(mid)
}

/// Typesets `doc`, fitting it into `budget` pages when one is given; without, it is set as
/// designed, with no report ([`hint`] has one to give).
pub fn fit(doc: &Document, layout: &Layout, fonts: &FontSet, budget: Option<usize>, paragraphs: &Paragraphs) -> Result<Fitted, Overflow> {
    let hyphenator = &hyphenator(doc);
    let Some(budget) = budget else {
        let t = typeset(doc, layout, fonts, hyphenator, paragraphs);
        return Ok(Fitted { typeset: t, report: None });
    };
    search(doc, &Solver::new(layout, fonts, hyphenator, budget, paragraphs))
}

/// Where a compile keeps the paragraphs it sets: always for a page-budget search, which sets
/// the page several times. A natural setting that may be followed by a [`hint`] keeps them
/// when the page is short enough to be set on one thread: the hint, which sets it again, then
/// runs on the idle core and finds them set. A longer page keeps none: keeping them cost seed
/// 000 6 % of its wall time.
pub fn paragraphs(doc: &Document, budget: Option<usize>, may_hint: bool) -> Paragraphs {
    match budget.is_some() || (may_hint && split::text(&doc.sections) < split::MIN_TEXT) {
        true => Paragraphs::kept(),
        false => Paragraphs::default(),
    }
}

/// The hyphenation patterns of the page's language.
fn hyphenator(doc: &Document) -> Hyphenator {
    Hyphenator::get(Locale::get(doc.meta.lang, Some(&doc.meta.locale)))
}

/// The page-budget search: less vertical space, then smaller type, then optional sections left
/// out.
fn search(doc: &Document, solver: &Solver) -> Result<Fitted, Overflow> {
    let (layout, budget) = (solver.layout, solver.budget);
    let natural = solver.natural();
    let min_body = layout.fit.min_body_size;
    let min_space = layout.fit.min_space;

    let mut optional: Vec<(u32, String)> =
        doc.sections.iter().filter_map(|s| Some((s.optional?, Inline::plain_text(&s.title).trim().to_string()))).collect();
    optional.sort();
    let optional: Vec<String> = optional.into_iter().map(|(_, t)| t).collect();
    let mut dropped: Vec<String> = Vec::new();
    let mut current = doc.clone();
    loop {
        if let Some(t) = solver.attempt(&current, natural) {
            return Ok(Fitted { report: Some(report(budget, &t, natural, natural, &dropped)), typeset: t });
        }
        // 1. Vertical space.
        let tight_space = Setting { body: natural.body, space: min_space };
        if let Some(t) = solver.attempt(&current, tight_space) {
            let (space, t) = solver.bisect(&current, (min_space, t), 1.0, 0.05, |v| Setting { body: natural.body, space: v });
            let s = Setting { body: natural.body, space };
            return Ok(Fitted { report: Some(report(budget, &t, natural, s, &dropped)), typeset: t });
        }
        // 2. Type size, with the tightest space. The bisection's first size is tried before the
        // smallest: when it fits, the smallest need not be set; when it does not, the smallest
        // says whether any size fits, and the bisection goes on below the first, as it would have.
        let at_size = |v| Setting { body: v, space: min_space };
        let first = middle(min_body, natural.body, 0.25).and_then(|mid| Some((mid, solver.attempt(&current, at_size(mid))?)));
        let good = match first {
            Some(good) => good,
            None => {
                let smallest = at_size(min_body);
                let t = solver.run(&current, smallest);
                if !solver.fits(&t) {
                    // 3. Optional content.
                    let Some(next) = optional.get(dropped.len()) else {
                        return Err(overflow(budget, &t, smallest, &dropped));
                    };
                    current = drop_section(&current, next);
                    dropped.push(next.clone());
                    solver.tried.borrow_mut().clear();
                    continue;
                }
                (min_body, t)
            }
        };
        let (body, t) = solver.bisect(&current, good, natural.body, 0.25, at_size);
        // Give back what vertical space the page still has room for.
        let (space, t) = solver.bisect(&current, (min_space, t), 1.0, 0.05, |v| Setting { body, space: v });
        let s = Setting { body, space };
        return Ok(Fitted { report: Some(report(budget, &t, natural, s, &dropped)), typeset: t });
    }
}

/// A résumé a little over a page count (its last page at most a quarter full, on up to three
/// pages): which `--pages` fits it, and how. `(n, over)` is what [`hinted`] said of its natural
/// setting.
pub fn hint(doc: &Document, layout: &Layout, fonts: &FontSet, (n, over): (usize, f32), paragraphs: &Paragraphs) -> Option<String> {
    let hyphenator = hyphenator(doc);
    let solver = Solver::new(layout, fonts, &hyphenator, n - 1, paragraphs);
    // The natural setting is on `n` pages: the search need not set it again.
    solver.tried.borrow_mut().push((solver.natural(), false));
    let fitted = search(doc, &solver).ok()?;
    let how = fitted.report.as_deref().and_then(|r| r.split_once(": ")).map_or("", |(_, how)| how);
    Some(format!(
        "it runs {:.0}% of a page over {} page{}: --pages {} fits it ({how})",
        over * 100.0,
        n - 1,
        if n == 2 { "" } else { "s" },
        n - 1
    ))
}

/// Whether [`hint`] has a search to make for `t`, the natural setting: its page count and how
/// far its last page runs, when that is a little over 1 or 2 pages.
pub fn hinted(t: &Typeset) -> Option<(usize, f32)> {
    let n = t.pages.pages.len();
    let over = t.pages.pages.last()?.content_height / t.content_height.max(1.0);
    ((2..=3).contains(&n) && over <= 0.25).then_some((n, over))
}

fn report(budget: usize, t: &Typeset, natural: Setting, s: Setting, dropped: &[String]) -> String {
    let n = t.pages.pages.len();
    let mut parts = Vec::new();
    if s.space < natural.space {
        parts.push(format!("vertical space {:.0}%", s.space * 100.0));
    }
    if s.body < natural.body {
        parts.push(format!("body {} pt", trim_float(s.body)));
    }
    if !dropped.is_empty() {
        parts.push(format!("dropped {}", dropped.iter().map(|d| format!("'{d}'")).collect::<Vec<_>>().join(", ")));
    }
    let what = if parts.is_empty() { AS_DESIGNED.to_string() } else { parts.join(", ") };
    wording(budget, n, &what)
}

/// What was changed to fit, when nothing was.
const AS_DESIGNED: &str = "as designed";

/// The report of a budget that the natural setting, `pages` long, meets: the search's first
/// setting fits, and [`fit`] reports it so. `render --all` gives such a budget the natural
/// setting's file instead of setting the page again.
pub fn met_as_designed(budget: usize, pages: usize) -> String {
    wording(budget, pages, AS_DESIGNED)
}

fn wording(budget: usize, n: usize, what: &str) -> String {
    let pages = if n == 1 { "1 page".to_string() } else { format!("{n} pages") };
    let budget = if budget == 1 { "1 page".to_string() } else { format!("{budget} pages") };
    if n == 0 { format!("fitted in {budget}: {what}") } else { format!("fitted on {pages} (budget {budget}): {what}") }
}

fn trim_float(v: f32) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn overflow(budget: usize, t: &Typeset, s: Setting, dropped: &[String]) -> Overflow {
    let pages = &t.pages.pages;
    let excess = pages.iter().skip(budget).map(|p| p.content_height).sum::<f32>() / t.content_height.max(1.0);
    let span = pages.get(budget).and_then(|p| p.first_span);
    let first_over = t.page_starts.get(budget).copied().unwrap_or(usize::MAX);
    let section = t
        .headings
        .iter()
        .rev()
        .find(|(h, _)| h.kind == crate::typeset::frame::AnchorKind::Section && h.item <= first_over)
        .map(|(h, _)| h.title.clone());
    let mut tried = format!("body {} pt, vertical space {:.0}%", trim_float(s.body), s.space * 100.0);
    if !dropped.is_empty() {
        tried.push_str(&format!(", dropped {}", dropped.iter().map(|d| format!("'{d}'")).collect::<Vec<_>>().join(", ")));
    }
    Overflow { budget, pages: pages.len(), excess, section, span, tried }
}

/// `doc` without its optional section titled `title`.
fn drop_section(doc: &Document, title: &str) -> Document {
    let mut sections = doc.sections.clone();
    if let Some(i) = sections.iter().position(|s| s.optional.is_some() && Inline::plain_text(&s.title).trim() == title) {
        sections.remove(i);
    }
    Document { sections, ..doc.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    fn doc(src: &str) -> Document {
        crate::source::load(&SourceFile::new("t.md", src.to_string()), &Default::default()).unwrap().value
    }

    #[test]
    fn dropping_a_section_takes_its_content() {
        let d = doc("## Work\n### Job\n#### 2020\ntext\n## Volunteering {.optional}\n### Club\n#### 2019\nmore\n## Education\n");
        let d = drop_section(&d, "Volunteering");
        let titles: Vec<String> = d.sections.iter().map(|s| Inline::plain_text(&s.title)).collect();
        assert_eq!(titles, ["Work", "Education"]);
    }

    #[test]
    fn short_resume_fits_one_page_as_designed_and_long_one_shrinks_then_drops() {
        let fonts = FontSet::new();
        let layout = Layout::bundled("classic").unwrap();
        let short = doc("---\ntitle: A Person\n---\n## Work\nDid things.\n");
        let f = fit(&short, &layout, &fonts, Some(1), &Paragraphs::kept()).unwrap();
        assert_eq!(f.typeset.pages.pages.len(), 1);
        assert!(f.report.as_deref().unwrap().contains("as designed"));
        // `render --all` words a budget the natural setting meets as the search does.
        for budget in [1, 2] {
            let f = fit(&short, &layout, &fonts, Some(budget), &Paragraphs::kept()).unwrap();
            assert_eq!(f.report.unwrap(), met_as_designed(budget, 1));
        }

        // About 1.1 pages of text: fits one page once space and type shrink.
        let para = "Operated large fleets of servers and wrote the tools to keep them calm. ".repeat(6);
        let mut src = String::from("---\ntitle: A Person\noptional: [Hobbies]\n---\n");
        for i in 0..9 {
            src.push_str(&format!("## Section {i}\n\n{para}\n\n"));
        }
        let d = doc(&src);
        let paragraphs = Paragraphs::kept();
        let natural = fit(&d, &layout, &fonts, None, &paragraphs).unwrap();
        assert_eq!(natural.typeset.pages.pages.len(), 2);
        assert!(natural.report.is_none(), "the natural setting is as designed, and says nothing");
        let hint_after = hint(&d, &layout, &fonts, hinted(&natural.typeset).unwrap(), &paragraphs).unwrap();
        assert!(hint_after.contains("--pages 1 fits it"), "{hint_after}");
        let hint_alone = hint(&d, &layout, &fonts, hinted(&natural.typeset).unwrap(), &Paragraphs::kept());
        assert_eq!(hint_alone.as_ref(), Some(&hint_after), "the natural setting's paragraphs change nothing");
        let f = fit(&d, &layout, &fonts, Some(1), &Paragraphs::kept()).unwrap();
        assert_eq!(f.typeset.pages.pages.len(), 1);
        let report = f.report.unwrap();
        assert!(report.contains("vertical space") || report.contains("body"), "{report}");

        // Far too long: dropping the optional section is not enough either.
        let mut long = src.clone();
        long.push_str("## Hobbies\n\nCycling.\n");
        for i in 0..30 {
            long.push_str(&format!("## More {i}\n\n{para}\n\n"));
        }
        let e = fit(&doc(&long), &layout, &fonts, Some(1), &Paragraphs::kept()).unwrap_err();
        assert!(e.pages > 1 && e.excess > 0.5, "{e:?}");
        assert!(e.section.as_deref().is_some_and(|s| s.starts_with("Section") || s.starts_with("More")), "{e:?}");
        assert!(e.tried.contains("dropped 'Hobbies'"), "{e:?}");
        assert!(e.span.is_some());
    }

    #[test]
    fn the_size_found_is_the_largest_that_fits_and_the_smallest_is_set_only_when_needed() {
        let fonts = FontSet::new();
        let layout = Layout::bundled("classic").unwrap();
        let (min, space) = (layout.fit.min_body_size, layout.fit.min_space);
        let first = middle(min, layout.body.size, 0.25).unwrap();
        let para = "Operated large fleets of servers and wrote the tools to keep them calm. ".repeat(5);
        let mut branches = (false, false);
        for sections in 6..=9 {
            let mut src = String::from("---\ntitle: A Person\n---\n");
            for i in 0..sections {
                src.push_str(&format!("## Section {i}\n\n{para}\n\n- one point\n- another point\n\n"));
            }
            let d = doc(&src);
            let paragraphs = Paragraphs::kept();
            let hyphenator = hyphenator(&d);
            let solver = Solver::new(&layout, &fonts, &hyphenator, 1, &paragraphs);
            if search(&d, &solver).is_err() {
                continue;
            }
            let tried = solver.tried.borrow();
            let Some(found) = tried.iter().filter(|(s, fits)| *fits && s.space == space).map(|(s, _)| s.body).reduce(f32::max) else {
                continue; // Space alone was enough.
            };
            // Every size on the grid, set one by one at the tightest space.
            let each = Solver::new(&layout, &fonts, &hyphenator, 1, &paragraphs);
            let sizes = (0..).map(|i| min + 0.25 * i as f32).take_while(|b| *b < layout.body.size);
            let largest = sizes.filter(|&body| each.fits(&each.run(&d, Setting { body, space }))).reduce(f32::max);
            assert_eq!(Some(found), largest, "{sections} sections: {tried:?}");
            let smallest_set = tried.iter().any(|(s, _)| s.body == min);
            assert_eq!(smallest_set, found < first, "{sections} sections: {tried:?}");
            if found < first { branches.1 = true } else { branches.0 = true }
        }
        assert_eq!(branches, (true, true), "both the middle size and a smaller one were found");
    }

    #[test]
    fn a_search_sets_no_setting_twice() {
        let fonts = FontSet::new();
        let layout = Layout::bundled("classic").unwrap();
        // A page whose one-page fit shrinks both space and type, then gives back some space: its
        // bisections come back to settings an earlier step tried.
        let para = "Operated large fleets of servers and wrote the tools to keep them calm. ".repeat(5);
        let mut src = String::from("---\ntitle: A Person\n---\n");
        for i in 0..7 {
            src.push_str(&format!("## Section {i}\n\n{para}\n\n- one point\n- another point\n\n"));
        }
        let d = doc(&src);
        let paragraphs = Paragraphs::kept();
        let hyphenator = hyphenator(&d);
        let solver = Solver::new(&layout, &fonts, &hyphenator, 1, &paragraphs);
        let report = search(&d, &solver).unwrap().report.unwrap();
        assert!(report.contains("body") && report.contains("space"), "type and space shrank: {report}");
        let tried = solver.tried.borrow();
        assert!(tried.len() > 4, "{tried:?}");
        for (i, (s, _)) in tried.iter().enumerate() {
            assert!(!tried[..i].iter().any(|(earlier, _)| earlier == s), "{s:?} set twice: {tried:?}");
        }
    }
}
