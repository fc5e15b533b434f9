//! Knuth-Plass total-fit line breaking (Knuth & Plass, "Breaking paragraphs into lines", 1981;
//! TeX's `\linebreak`), over the boxes, glue and penalties of [`hlist`](super::hlist).
//!
//! Three passes, as in TeX: without hyphenation at `pretolerance`, with hyphenation at
//! `tolerance`, then an emergency pass that adds `emergency_stretch` to every line and accepts
//! any badness rather than an overfull line. Active nodes carry their fitness class (adjacent
//! lines that differ by more than one class cost `adj_demerits`) and how many hyphenated lines
//! end in a row before them (two is the most; consecutive ones cost `double_hyphen_demerits`).

use crate::typeset::hlist::{FIL, INFINITY, Item};
use crate::typeset::linebreak::{Line, is_breakpoint, measure};

/// The costs that steer line breaking, named as in TeX.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    /// Largest badness accepted in the first pass (no hyphenation).
    pub pretolerance: f32,
    /// Largest badness accepted in the second pass.
    pub tolerance: f32,
    /// Added to every line's badness before squaring (`\linepenalty`).
    pub line_penalty: f32,
    /// For adjacent lines whose fitness classes differ by more than one (`\adjdemerits`).
    pub adj_demerits: f32,
    /// For two hyphenated lines in a row (`\doublehyphendemerits`).
    pub double_hyphen_demerits: f32,
    /// For a hyphen on the second-last line (`\finalhyphendemerits`).
    pub final_hyphen_demerits: f32,
    /// Stretch added to every line in the emergency pass (`\emergencystretch`).
    pub emergency_stretch: f32,
    /// Lines more (> 0) or fewer (< 0) than optimal, when possible (`\looseness`).
    pub looseness: i32,
    /// Most hyphenated line ends in a row.
    pub max_hyphen_run: u8,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            pretolerance: 100.0,
            tolerance: 400.0,
            line_penalty: 10.0,
            adj_demerits: 10_000.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            emergency_stretch: 0.0,
            looseness: 0,
            max_hyphen_run: 2,
        }
    }
}

/// Justified lines fill the measure; ragged lines get `\rightskip`'s stretch instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Alignment {
    /// Glue stretches to the right margin.
    Justified,
    /// Glue keeps its width; this much stretch per line stands for the ragged margin.
    Ragged {
        /// The `\rightskip` stretch.
        stretch: f32,
    },
}

/// TeX's badness: 100·r³, capped at 10000 (`INF_BAD`).
pub fn badness(ratio: f32) -> f32 {
    if ratio < -1.0 {
        return f32::INFINITY;
    }
    (100.0 * ratio.abs().powi(3)).min(10_000.0)
}

/// Fitness classes: very loose, loose, decent, tight.
fn fitness(ratio: f32) -> u8 {
    if ratio > 1.0 {
        0
    } else if ratio > 0.5 {
        1
    } else if ratio >= -0.5 {
        2
    } else {
        3
    }
}

#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    line: usize,
    fitness: u8,
    hyphen_run: u8,
    /// Sums of width, stretch and shrink from the list's start to the first item after the break.
    width: f32,
    stretch: f32,
    shrink: f32,
    demerits: f32,
    prev: Option<usize>,
}

/// Breaks `items` into lines of `width`, total fit. Falls back to first fit only if no pass finds
/// a feasible set of breaks (it cannot happen with a positive emergency stretch).
pub fn break_lines(items: &[Item], width: f32, costs: &Costs, align: Alignment) -> Vec<Line> {
    let emergency = Costs { tolerance: 10_000.0, emergency_stretch: costs.emergency_stretch.max(width * 0.25), ..*costs };
    let passes: [(&Costs, f32, bool); 3] =
        [(costs, costs.pretolerance, false), (costs, costs.tolerance, true), (&emergency, 10_000.0, true)];
    for (i, (c, tolerance, hyphens)) in passes.into_iter().enumerate() {
        // As in TeX, a pass that cannot honour the looseness gives way to the next one.
        if let Some((breaks, loose_enough)) = run_pass(items, Pass { width, costs: c, align, tolerance, hyphens, emergency: i == 2 })
            && (loose_enough || i == 2)
        {
            return lines_from(items, &breaks, width);
        }
    }
    crate::typeset::linebreak::first_fit(items, width)
}

/// TeX's first pass alone: the breaks of `items` at `pretolerance`, hyphenation points ignored;
/// `None` when the paragraph needs hyphenation or looser lines. Callers hyphenate only then, as
/// TeX does: most paragraphs never need it.
pub fn first_pass(items: &[Item], width: f32, costs: &Costs, align: Alignment) -> Option<Vec<Line>> {
    let (breaks, loose_enough) =
        run_pass(items, Pass { width, costs, align, tolerance: costs.pretolerance, hyphens: false, emergency: false })?;
    loose_enough.then(|| lines_from(items, &breaks, width))
}

fn lines_from(items: &[Item], breaks: &[usize], width: f32) -> Vec<Line> {
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for &b in breaks {
        let s = skip_discardable(items, start);
        lines.push(measure(items, s.min(b), b, width));
        start = b + 1;
    }
    lines
}

fn skip_discardable(items: &[Item], mut i: usize) -> usize {
    while matches!(items.get(i), Some(Item::Glue { .. } | Item::Penalty { .. })) {
        i += 1;
    }
    i
}

/// What keeps candidate breaks apart: fitness class, hyphens in a row, line number.
type Class = (u8, u8, usize);

/// One pass over a paragraph: its measure and costs, the tolerance, whether hyphenation points
/// may break, and whether it is the final, emergency pass.
#[derive(Clone, Copy)]
struct Pass<'a> {
    width: f32,
    costs: &'a Costs,
    align: Alignment,
    tolerance: f32,
    hyphens: bool,
    emergency: bool,
}

/// The vectors a pass works in, kept from pass to pass on each thread: a paragraph's passes
/// then allocate only the breaks they give.
#[derive(Default)]
struct Scratch {
    sw: Vec<f32>,
    sy: Vec<f32>,
    sz: Vec<f32>,
    nodes: Vec<Node>,
    active: Vec<usize>,
    last_flagged_at: Vec<bool>,
    best: Vec<(Class, (f32, usize))>,
    deactivate: Vec<usize>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// One pass, in this thread's [`Scratch`]; the break positions and whether the looseness was
/// met, or `None` if no feasible set exists at this tolerance.
fn run_pass(items: &[Item], pass: Pass<'_>) -> Option<(Vec<usize>, bool)> {
    SCRATCH.with_borrow_mut(|scratch| pass.run(items, scratch))
}

impl Scratch {
    /// Ready for a pass over `items`: the prefix sums (`sums[i]` covers `items[..i]`), and the
    /// node arena, the active list and the flags holding the paragraph's start alone.
    fn start(&mut self, items: &[Item]) {
        let n = items.len();
        for sums in [&mut self.sw, &mut self.sy, &mut self.sz] {
            sums.clear();
            sums.resize(n + 1, 0.0);
        }
        for (i, item) in items.iter().enumerate() {
            let (w, y, z) = match item {
                Item::Box { width, .. } => (*width, 0.0, 0.0),
                Item::Glue { width, stretch, shrink, .. } => (*width, *stretch, *shrink),
                Item::Penalty { .. } => (0.0, 0.0, 0.0),
            };
            // In range: `i + 1 <= n`, and the sums are `n + 1` long.
            #[allow(clippy::indexing_slicing)]
            {
                self.sw[i + 1] = self.sw[i] + w;
                self.sy[i + 1] = self.sy[i] + y;
                self.sz[i + 1] = self.sz[i] + z;
            }
        }
        self.nodes.clear();
        self.nodes.push(Node {
            position: 0,
            line: 0,
            fitness: 2,
            hyphen_run: 0,
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            demerits: 0.0,
            prev: None,
        });
        self.active.clear();
        self.active.push(0);
        self.last_flagged_at.clear();
        self.last_flagged_at.push(false);
    }
}

/// A breakpoint's penalty item: its width, penalty and whether it is flagged (a hyphen).
#[derive(Clone, Copy)]
struct Breakpoint {
    width: f32,
    penalty: i32,
    flagged: bool,
}

impl Pass<'_> {
    // Indexing here is into the prefix sums (`n + 1` long) and the node arena this function
    // builds, at positions from `0..n` and from nodes it created: never past their ends.
    #[allow(clippy::indexing_slicing)]
    fn run(self, items: &[Item], scratch: &mut Scratch) -> Option<(Vec<usize>, bool)> {
        let n = items.len();
        scratch.start(items);
        let Scratch { sw, sy, sz, nodes, active, last_flagged_at, best, deactivate } = scratch;
        let extra_stretch = match self.align {
            Alignment::Ragged { stretch } => stretch,
            Alignment::Justified => 0.0,
        } + if self.emergency { self.costs.emergency_stretch } else { 0.0 };
        // `best`: the best candidate per (fitness, hyphen run), and per line number when looseness
        // asks for a line count other than the optimum (TeX keeps those apart too); a handful at most.
        for b in 0..n {
            if !is_breakpoint(items, b) {
                continue;
            }
            let at = match &items[b] {
                Item::Penalty { width, penalty, flagged, .. } => Breakpoint { width: *width, penalty: *penalty, flagged: *flagged },
                _ => Breakpoint { width: 0.0, penalty: 0, flagged: false },
            };
            if at.flagged && !self.hyphens {
                continue;
            }
            let forced = at.penalty <= -INFINITY;
            best.clear();
            deactivate.clear();
            let mut least_bad: Option<(f32, usize)> = None;
            for (ai, &a) in active.iter().enumerate() {
                let node = nodes[a];
                let ratio = self.ratio(sw[b] - node.width + at.width, sy[b] - node.stretch + extra_stretch, sz[b] - node.shrink);
                if ratio < -1.0 || forced {
                    deactivate.push(ai);
                }
                let bad = badness(ratio);
                if ratio < -1.0 || bad > self.tolerance {
                    if ratio < -1.0 && least_bad.is_none_or(|(ld, _)| node.demerits < ld) {
                        least_bad = Some((node.demerits, a));
                    }
                    continue;
                }
                let run = if at.flagged { node.hyphen_run + 1 } else { 0 };
                if run > self.costs.max_hyphen_run {
                    continue;
                }
                let f = fitness(ratio);
                let total = node.demerits
                    + self.demerits(bad, at, forced && last_flagged_at[a], at.flagged && last_flagged_at[a], f.abs_diff(node.fitness) > 1);
                let line = if self.costs.looseness == 0 { 0 } else { node.line + 1 };
                let key = (f, run, line);
                match best.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, slot)) if total < slot.0 => *slot = (total, a),
                    Some(_) => {}
                    None => best.push((key, (total, a))),
                }
            }
            for &ai in deactivate.iter().rev() {
                active.remove(ai);
            }
            // TeX's last resort in the final pass: an overfull line rather than no break at all.
            if best.is_empty()
                && active.is_empty()
                && self.emergency
                && let Some((d, a)) = least_bad
            {
                best.push(((2, 0, 0), (d + 1.0e6, a)));
            }
            let after = skip_discardable(items, b + 1).min(n);
            best.sort_unstable_by_key(|(k, _)| *k);
            for &((fitness, hyphen_run, _), (demerits, from)) in best.iter() {
                let (width, stretch, shrink) = (sw[after], sy[after], sz[after]);
                nodes.push(Node {
                    position: b,
                    line: nodes[from].line + 1,
                    fitness,
                    hyphen_run,
                    width,
                    stretch,
                    shrink,
                    demerits,
                    prev: Some(from),
                });
                last_flagged_at.push(at.flagged);
                active.push(nodes.len() - 1);
            }
            if active.is_empty() {
                return None;
            }
        }
        chosen_breaks(nodes, active, n.checked_sub(1)?, self.costs.looseness)
    }

    /// The adjustment ratio of a line of `natural` width, with `stretch` and `shrink`, set to
    /// the pass's width.
    fn ratio(&self, natural: f32, stretch: f32, shrink: f32) -> f32 {
        let width = self.width;
        if natural < width {
            if stretch >= FIL {
                0.0
            } else if stretch > 0.0 {
                (width - natural) / stretch
            } else {
                f32::INFINITY
            }
        } else if natural > width {
            if shrink > 0.0 { (width - natural) / shrink } else { f32::NEG_INFINITY }
        } else {
            0.0
        }
    }

    /// A line's demerits, as TeX counts them: its badness and the penalty at its break, a hyphen
    /// after a hyphenated line, a paragraph's last line after one, and a jump of fitness class.
    fn demerits(&self, bad: f32, at: Breakpoint, final_after_hyphen: bool, double_hyphen: bool, fitness_jump: bool) -> f32 {
        let costs = self.costs;
        let mut d = (costs.line_penalty + bad).powi(2);
        if at.penalty > 0 {
            d += (at.penalty as f32).powi(2);
        } else if at.penalty > -INFINITY {
            d -= (at.penalty as f32).powi(2);
        }
        if double_hyphen {
            d += costs.double_hyphen_demerits;
        }
        if final_after_hyphen {
            d += costs.final_hyphen_demerits;
        }
        if fitness_jump {
            d += costs.adj_demerits;
        }
        d
    }
}

/// The breaks of the best way through `nodes` to the paragraph's end at `end` (the line count
/// `looseness` asks for, nearest first), and whether that count was met; `None` if no active
/// node reaches the end.
// Indexing is into the node arena, at indices it holds.
#[allow(clippy::indexing_slicing)]
fn chosen_breaks(nodes: &[Node], active: &[usize], end: usize, looseness: i32) -> Option<(Vec<usize>, bool)> {
    let finals: Vec<usize> = active.iter().copied().filter(|&a| nodes[a].position == end && a != 0).collect();
    let best = *finals.iter().min_by(|&&a, &&b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let target = nodes[best].line as i64 + i64::from(looseness);
    let chosen = if looseness == 0 {
        best
    } else {
        *finals
            .iter()
            .min_by(|&&a, &&b| {
                let da = (nodes[a].line as i64 - target).abs();
                let db = (nodes[b].line as i64 - target).abs();
                da.cmp(&db).then(nodes[a].demerits.total_cmp(&nodes[b].demerits))
            })
            .unwrap_or(&best)
    };
    let mut breaks = Vec::new();
    let mut cur = Some(chosen);
    while let Some(c) = cur {
        if c == 0 {
            break;
        }
        breaks.push(nodes[c].position);
        cur = nodes[c].prev;
    }
    breaks.reverse();
    Some((breaks, nodes[chosen].line as i64 == target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::linebreak::first_fit;
    use crate::typeset::testkit::{boxes_per_line, bx, glue, para};

    fn space() -> Item {
        glue(2.0, 1.0, 0.67)
    }
    fn para_(w: &[f32]) -> Vec<Item> {
        para(w, &space())
    }
    fn words_per_line(items: &[Item], lines: &[Line]) -> Vec<usize> {
        boxes_per_line(items, lines)
    }

    #[test]
    fn badness_and_fitness_follow_tex() {
        assert_eq!(badness(0.0), 0.0);
        assert_eq!(badness(1.0), 100.0);
        assert_eq!(badness(-0.5), 12.5);
        assert_eq!(badness(3.0), 2700.0);
        assert_eq!(badness(10.0), 10_000.0);
        assert!(badness(-1.5).is_infinite());
        assert_eq!((fitness(1.5), fitness(0.7), fitness(0.0), fitness(-0.7)), (0, 1, 2, 3));
    }

    /// The classic case: first fit packs five words on the first line, squeezing its spaces to
    /// the limit; total fit moves one down and both lines come out decent, at a far lower total
    /// of demerits.
    #[test]
    fn total_fit_beats_first_fit() {
        let items = para(&[4.0, 4.0, 12.0, 17.0, 4.0, 15.0, 4.0], &glue(3.0, 1.5, 1.0));
        let width = 49.0;
        let ff = first_fit(&items, width);
        let kp = break_lines(&items, width, &Costs::default(), Alignment::Justified);
        assert_eq!(boxes_per_line(&items, &ff), vec![5, 2]);
        assert_eq!(boxes_per_line(&items, &kp), vec![4, 3]);
        assert!((ff[0].ratio + 1.0).abs() < 1e-4, "first fit is maximally tight");
        assert!((kp[0].ratio - 2.0 / 3.0).abs() < 1e-4, "total fit is decent");
        let demerits = |ls: &[Line]| ls[..ls.len() - 1].iter().map(|l| (10.0 + badness(l.ratio)).powi(2)).sum::<f32>();
        assert!(demerits(&kp) < demerits(&ff) / 5.0);
    }

    #[test]
    fn known_optimum_on_a_small_paragraph() {
        // Six 10pt words, measure 32pt: 3+3 fits with ratio (32-34)/1.34 < -1 → infeasible;
        // 2+2+2 needs ratio (32-22)/1 = 10 → too loose for pass 1/2 … so a 3-line solution with
        // the emergency pass is forced: every line holds two words.
        let items = para_(&[10.0; 6]);
        let kp = break_lines(&items, 32.0, &Costs::default(), Alignment::Justified);
        assert_eq!(words_per_line(&items, &kp), vec![2, 2, 2]);
        // With a 22pt measure, two words fit at ratio 0 exactly.
        let kp = break_lines(&items, 22.0, &Costs::default(), Alignment::Justified);
        assert_eq!(words_per_line(&items, &kp), vec![2, 2, 2]);
        assert!(kp.iter().all(|l| l.ratio.abs() < 1e-4));
    }

    #[test]
    fn avoids_three_hyphens_in_a_row() {
        // Each word may only be split (flagged), forcing hyphens if allowed.
        let mut items = Vec::new();
        for i in 0..8 {
            if i > 0 {
                items.push(space());
            }
            items.push(bx(9.0));
            items.push(Item::Penalty { width: 1.0, penalty: 50, flagged: true, glyph: None });
            items.push(bx(9.0));
        }
        items.extend(Item::paragraph_end());
        let kp = break_lines(&items, 30.0, &Costs::default(), Alignment::Justified);
        let mut run = 0;
        for l in &kp {
            run = if l.hyphenated { run + 1 } else { 0 };
            assert!(run <= 2, "{kp:?}");
        }
    }

    #[test]
    fn looseness_adds_a_line_when_possible() {
        // Five words a line is optimal (ratio 1/6); four a line is feasible (ratio 4/3).
        let items = para(&[8.0; 20], &glue(2.0, 3.0, 0.67));
        let normal = break_lines(&items, 50.0, &Costs::default(), Alignment::Justified);
        let loose = break_lines(&items, 50.0, &Costs { looseness: 1, ..Costs::default() }, Alignment::Justified);
        assert_eq!(boxes_per_line(&items, &normal), vec![5, 5, 5, 5]);
        assert_eq!(loose.len(), 5, "{:?}", boxes_per_line(&items, &loose));
        let tight = break_lines(&items, 50.0, &Costs { looseness: -1, ..Costs::default() }, Alignment::Justified);
        assert_eq!(tight.len(), 4, "no feasible 3-line solution: the optimum stays");
    }

    #[test]
    fn ragged_lines_are_balanced_not_greedy() {
        let items = para_(&[10.0, 10.0, 10.0, 10.0, 25.0]);
        let kp = break_lines(&items, 36.0, &Costs::default(), Alignment::Ragged { stretch: 20.0 });
        assert!(kp.iter().all(|l| l.natural <= 36.0 + 1e-3));
    }
}
