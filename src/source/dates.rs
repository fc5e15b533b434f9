//! Dates: the one place that decides what a date is.
//!
//! Two kinds. A [`Stamp`] is a moment written by a machine: a front-matter `date` or `lastmod`, a
//! commit time, `SOURCE_DATE_EPOCH`; it is read with jiff, and an impossible one (2025-02-31) is an
//! error. A [`DateRange`] is what a person wrote beside a job: "06/2021 to today",
//! "Oct. 2024 – Aujourd’hui", "Depuis sept. 2018", "1634–1645"; it is read with the months and
//! words of every language catalogue ([`super::vocabulary`]).

use jiff::civil;
use jiff::fmt::temporal::{Pieces, PiecesOffset};

use crate::model::{DateEnd, DateRange, PartialDate, Stamp};
use crate::source::vocabulary::{Words, fold, words};

impl Stamp {
    /// A Unix time (`SOURCE_DATE_EPOCH`), in UTC.
    pub fn from_epoch(secs: i64) -> Stamp {
        let t = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        Stamp { local: jiff::tz::Offset::UTC.to_datetime(t), offset: 0 }
    }

    /// A front matter or git date: `2025-03-02`, `2018-12-15T18:34:45+01:00`, `…Z`, or a space
    /// for the `T`. The error says what is wrong, in jiff's words.
    pub fn parse(text: &str) -> Result<Stamp, String> {
        let t = text.trim();
        let t = match (t.get(..10), t.get(10..11), t.get(11..)) {
            (Some(date), Some(" "), Some(rest)) => format!("{date}T{rest}"),
            _ => t.to_string(),
        };
        let pieces = Pieces::parse(&t).map_err(|e| e.to_string())?;
        let time = pieces.time().unwrap_or(civil::Time::midnight());
        let offset = match pieces.offset() {
            Some(PiecesOffset::Numeric(n)) => n.offset().seconds(),
            _ => 0,
        };
        Ok(Stamp { local: pieces.date().to_datetime(time), offset })
    }
}

/// What a piece of date text is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Year(i16),
    Month(u8),
    /// A number that may be a day of the month.
    Number(u8),
    /// A whole numeric date: `06/2021`, `2021-06-01`.
    Date(PartialDate),
    Present,
    /// `to`, `à`.
    Range,
    /// `-`, `–`: between two dates, or after an open start (`2019 –`).
    Dash,
    /// `since`, `depuis`.
    Since,
    /// `from`, `de`.
    From,
    /// Punctuation that dates may carry: `,` `.` `(` `)`.
    Punct,
    /// Anything else: not part of a date.
    Other,
}

impl Tok {
    fn is_datelike(self) -> bool {
        !matches!(self, Tok::Other)
    }
}

/// A token and the bytes of the text it covers.
#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// Dashes that join two dates.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '−' | '→' | '~' | '‒')
}

/// Splits `text` into tokens.
fn tokens(text: &str, w: &Words) -> Vec<Token> {
    let mut raw: Vec<(usize, usize, &str)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        if c.is_ascii_digit() {
            // Digits joined by `/`, `.`, `-` when a digit follows: `06/2021`, `2021-06-01`.
            while let Some(&(j, d)) = chars.peek() {
                let joins = matches!(d, '/' | '.' | '-') && text.get(j + 1..).is_some_and(|r| r.starts_with(|x: char| x.is_ascii_digit()));
                if d.is_ascii_digit() || joins {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        } else if c.is_alphabetic() {
            // A word may end in digits ("Synpulse8", "Web3"): they are its own, not a date.
            while let Some(&(j, d)) = chars.peek() {
                let inner = matches!(d, '\'' | '’') && text.get(j + d.len_utf8()..).is_some_and(|r| r.starts_with(char::is_alphabetic));
                if d.is_alphanumeric() || inner {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        } else if c.is_whitespace() {
            continue;
        }
        raw.push((i, end, text.get(i..end).unwrap_or("")));
    }
    let folded: Vec<String> = raw.iter().map(|(_, _, s)| fold(s)).collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&(start, end, s)) = raw.get(i) {
        let phrase = |n: usize| raw.get(i + n - 1).map_or(end, |r| r.1);
        if let Some((tok, n)) = date_phrase(w, &folded, i) {
            out.push(Token { tok, start, end: phrase(n) });
            i += n;
            continue;
        }
        let first = s.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() {
            out.extend(numeric(s, start));
        } else {
            let tok = if first.is_alphabetic() {
                folded.get(i).and_then(|f| w.folded_month(f)).map_or(Tok::Other, Tok::Month)
            } else if is_dash(first) {
                Tok::Dash
            } else if matches!(first, ',' | '.' | '(' | ')' | '[' | ']' | ':' | '*' | '_' | '\'' | '"' | '«' | '»') {
                Tok::Punct
            } else {
                Tok::Other
            };
            out.push(Token { tok, start, end });
        }
        i += 1;
    }
    out
}

/// The date phrase ("until now", "to", "since", "from") that starts at `folded[i]`, and how
/// many words it has.
fn date_phrase(w: &Words, folded: &[String], i: usize) -> Option<(Tok, usize)> {
    if !w.opens_date_phrase(folded, i) {
        return None;
    }
    (w.present_at(folded, i).map(|n| (Tok::Present, n)))
        .or_else(|| w.range_at(folded, i).map(|n| (Tok::Range, n)))
        .or_else(|| w.since_at(folded, i).map(|n| (Tok::Since, n)))
        .or_else(|| w.from_at(folded, i).map(|n| (Tok::From, n)))
}

/// Reads a run of digits and joiners: a year, a number, a numeric date, or two years joined by a
/// hyphen (`2014-2015`).
fn numeric(s: &str, at: usize) -> Vec<Token> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let num = |p: &str| p.parse::<u32>().ok();
    let year = |p: &str| (p.len() == 4).then(|| p.parse::<i16>().ok()).flatten();
    let month = |p: &str| num(p).filter(|m| (1..=12).contains(m) && p.len() <= 2).map(|m| m as u8);
    let day = |p: &str| num(p).filter(|d| (1..=31).contains(d) && p.len() <= 2).map(|d| d as u8);
    let one = |tok| vec![Token { tok, start: at, end: at + s.len() }];
    let date = |year: i16, month: Option<u8>, day: Option<u8>| one(Tok::Date(PartialDate { year, month, day }));
    match parts.as_slice() {
        [p] => match (year(p), num(p)) {
            (Some(y), _) => one(Tok::Year(y)),
            (None, Some(n)) if n <= 31 && p.len() <= 2 => one(Tok::Number(n as u8)),
            _ => one(Tok::Other),
        },
        // 06/2021, 2021-06, two years: 2014-2015, 2019-20.
        [a, b] => {
            if let (Some(y), Some(m)) = (year(b), month(a)) {
                date(y, Some(m), None)
            } else if let (Some(y), Some(m)) = (year(a), month(b)) {
                date(y, Some(m), None)
            } else if let (Some(y1), Some(y2)) =
                (year(a), year(b).or_else(|| num(b).filter(|_| b.len() == 2).map(|n| (y_century(a) + n) as i16)))
            {
                let mid = at + a.len();
                vec![
                    Token { tok: Tok::Year(y1), start: at, end: mid },
                    Token { tok: Tok::Dash, start: mid, end: mid + 1 },
                    Token { tok: Tok::Year(y2), start: mid + 1, end: at + s.len() },
                ]
            } else {
                one(Tok::Other)
            }
        }
        // 2021-06-01, 12/05/2021 (day first unless the middle cannot be a month).
        [a, b, c] => {
            if let (Some(y), Some(m), Some(d)) = (year(a), month(b), day(c)) {
                date(y, Some(m), Some(d))
            } else if let (Some(d), Some(m), Some(y)) = (day(a), month(b), year(c)) {
                date(y, Some(m), Some(d))
            } else if let (Some(m), Some(d), Some(y)) = (month(a), day(b), year(c)) {
                date(y, Some(m), Some(d))
            } else {
                one(Tok::Other)
            }
        }
        _ => one(Tok::Other),
    }
}

/// The century of a four-digit year (`2019` → 2000).
fn y_century(y: &str) -> u32 {
    y.parse::<u32>().map_or(0, |y| y / 100 * 100)
}

/// A date from tokens that hold nothing else: `Dec 2016`, `21 Dec 2016`, `06/2021`, `2016`, or a
/// month alone (its year comes from the other end of the range).
fn date_of(toks: &[Tok]) -> Option<(Option<i16>, PartialDate)> {
    let toks: Vec<Tok> = toks.iter().copied().filter(|t| *t != Tok::Punct).collect();
    let d = |year: i16, month: Option<u8>, day: Option<u8>| Some((Some(year), PartialDate { year, month, day }));
    match toks.as_slice() {
        [Tok::Date(p)] => Some((Some(p.year), *p)),
        [Tok::Year(y)] => d(*y, None, None),
        [Tok::Month(m), Tok::Year(y)] => d(*y, Some(*m), None),
        [Tok::Number(n), Tok::Month(m), Tok::Year(y)] | [Tok::Month(m), Tok::Number(n), Tok::Year(y)] => d(*y, Some(*m), Some(*n)),
        [Tok::Month(m)] => Some((None, PartialDate { year: 0, month: Some(*m), day: None })),
        _ => None,
    }
}

/// A whole date range from tokens that hold nothing else.
fn range_of(toks: &[Tok]) -> Option<DateRange> {
    let mut toks: Vec<Tok> = toks.iter().copied().filter(|t| *t != Tok::Punct).collect();
    let since = matches!(toks.first(), Some(Tok::Since));
    if matches!(toks.first(), Some(Tok::Since | Tok::From)) {
        toks.remove(0);
    }
    let joint = toks.iter().position(|t| matches!(t, Tok::Range | Tok::Dash));
    let (left, right) = match joint {
        Some(i) => (toks.get(..i).unwrap_or(&[]), Some(toks.get(i + 1..).unwrap_or(&[]))),
        None => (toks.as_slice(), None),
    };
    let dash = joint.and_then(|i| toks.get(i)) == Some(&Tok::Dash);
    if left == [Tok::Present] && right.is_none() {
        return Some(DateRange { start: None, end: Some(DateEnd::Present) });
    }
    let (start_year, mut start) = date_of(left)?;
    let end = match right {
        None if since => Some(DateEnd::Present),
        None => None,
        Some([]) if dash => Some(DateEnd::Present),
        Some([Tok::Present]) => Some(DateEnd::Present),
        Some(r) => {
            let (end_year, mut end) = date_of(r)?;
            match (start_year, end_year) {
                (None, Some(y)) => start.year = y,
                (Some(y), None) => end.year = y,
                (None, None) => return None,
                _ => {}
            }
            Some(DateEnd::On(valid(end)?))
        }
    };
    if start.year == 0 {
        return None;
    }
    Some(DateRange { start: Some(valid(start)?), end })
}

/// The date if its day exists in its month and year.
fn valid(d: PartialDate) -> Option<PartialDate> {
    match (d.month, d.day) {
        (Some(m), Some(day)) => civil::Date::new(d.year, m as i8, day as i8).ok().map(|_| d),
        _ => Some(d),
    }
}

/// A date range found in a text: where it is (bytes) and what it says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// First byte of the dates.
    pub start: usize,
    /// One past their last byte.
    pub end: usize,
    /// The dates, read.
    pub range: DateRange,
}

/// The whole of `text` read as a date range, or `None` if it holds anything else.
pub fn parse_range(text: &str) -> Option<DateRange> {
    let toks = tokens(text, words());
    if toks.is_empty() || !toks.iter().all(|t| t.tok.is_datelike()) {
        return None;
    }
    range_of(&toks.iter().map(|t| t.tok).collect::<Vec<_>>())
}

/// Whether `text` is a date range and nothing else.
pub fn is_range(text: &str) -> bool {
    parse_range(text).is_some()
}

/// The date ranges written in `text`: the longest runs of date words that read as a range and
/// hold a year (or are the whole text, like "Now"), in order.
pub fn find_ranges(text: &str) -> Vec<Found> {
    let toks = tokens(text, words());
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks.get(i).is_some_and(|t| t.tok.is_datelike() && !matches!(t.tok, Tok::Punct | Tok::Range | Tok::Dash)) {
            i += 1;
            continue;
        }
        let mut j = i;
        while toks.get(j).is_some_and(|t| t.tok.is_datelike()) {
            j += 1;
        }
        // Trim punctuation and joining words off the end, then try shorter runs until one reads.
        let mut end = j;
        while end > i && toks.get(end - 1).is_some_and(|t| matches!(t.tok, Tok::Punct | Tok::Range)) {
            end -= 1;
        }
        let found = (i + 1..=end).rev().find_map(|e| {
            let run = toks.get(i..e)?;
            let kinds: Vec<Tok> = run.iter().map(|t| t.tok).collect();
            let has_year = kinds.iter().any(|k| matches!(k, Tok::Year(_) | Tok::Date(_)));
            let whole = i == 0 && e == toks.len();
            let range = range_of(&kinds).filter(|_| has_year || whole)?;
            let last = run.iter().rev().find(|t| t.tok != Tok::Punct)?;
            // An abbreviation keeps its full stop ("Auj.", "Sept.").
            let dot = toks.iter().find(|t| t.start == last.end && text.get(t.start..t.end) == Some("."));
            let end = match (last.tok, dot) {
                (Tok::Month(_) | Tok::Present, Some(d)) => d.end,
                _ => last.end,
            };
            Some((e, Found { start: run.first()?.start, end, range }))
        });
        match found {
            Some((e, f)) => {
                out.push(f);
                i = e;
            }
            None => i = j.max(i + 1),
        }
    }
    out
}

/// Dates in a place that holds dates (a `when=` parameter, a line under a role): the whole text
/// as a range, else the span from the first date in it to the last.
pub fn read_loosely(text: &str) -> Option<DateRange> {
    if let Some(r) = parse_range(text) {
        return Some(r);
    }
    let found = find_ranges(text);
    let (first, last) = (found.first()?, found.last()?);
    let end = match (last.range.end, found.len()) {
        (Some(e), _) => Some(e),
        (None, 1) => None,
        (None, _) => last.range.start.map(DateEnd::On),
    };
    Some(DateRange { start: first.range.start, end })
}

/// `start` and `end` parameters as one range (`from="2019" to="present"`).
pub fn join(start: Option<&str>, end: Option<&str>) -> Option<DateRange> {
    let start = start.filter(|s| !s.trim().is_empty()).and_then(read_loosely).and_then(|r| r.start);
    let end = match end.map(str::trim) {
        None => None,
        Some("") => Some(DateEnd::Present),
        Some(e) => read_loosely(e).and_then(|r| match (r.start, r.end) {
            (None, Some(DateEnd::Present)) => Some(DateEnd::Present),
            (Some(d), _) => Some(DateEnd::On(d)),
            _ => None,
        }),
    };
    (start.is_some() || end.is_some()).then_some(DateRange { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i16, month: Option<u8>) -> PartialDate {
        PartialDate { year, month, day: None }
    }

    fn range(text: &str) -> (Option<PartialDate>, Option<DateEnd>) {
        let r = parse_range(text).unwrap_or_else(|| panic!("not a range: {text}"));
        (r.start, r.end)
    }

    #[test]
    fn stamps() {
        let s = Stamp::parse("2018-12-15T18:34:45+01:00").unwrap();
        assert_eq!((s.local.year(), s.local.hour(), s.offset), (2018, 18, 3600));
        assert_eq!(Stamp::parse("2025-03-02").unwrap().local.day(), 2);
        assert_eq!(Stamp::parse("2024-05-01 10:00:00Z").unwrap().local.hour(), 10);
        let e = Stamp::parse("2025-02-31").unwrap_err();
        assert!(e.contains("day"), "{e}");
        assert!(Stamp::parse("soon").is_err());
        assert_eq!(Stamp::from_epoch(1_700_000_000).local.to_string(), "2023-11-14T22:13:20");
    }

    #[test]
    fn ranges_as_people_write_them() {
        let present = Some(DateEnd::Present);
        assert_eq!(range("06/2021 to today"), (Some(d(2021, Some(6))), present));
        assert_eq!(range("From 02/2019 to 05/2021"), (Some(d(2019, Some(2))), Some(DateEnd::On(d(2021, Some(5))))));
        assert_eq!(range("Oct. 2024 – Aujourd’hui"), (Some(d(2024, Some(10))), present));
        assert_eq!(range("Depuis sept. 2018"), (Some(d(2018, Some(9))), present));
        assert_eq!(range("févr. 2018–août 2018"), (Some(d(2018, Some(2))), Some(DateEnd::On(d(2018, Some(8))))));
        assert_eq!(range("1634–1645"), (Some(d(1634, None)), Some(DateEnd::On(d(1645, None)))));
        assert_eq!(range("2014-2015"), (Some(d(2014, None)), Some(DateEnd::On(d(2015, None)))));
        assert_eq!(range("Octobre - Décembre 2025"), (Some(d(2025, Some(10))), Some(DateEnd::On(d(2025, Some(12))))));
        assert_eq!(range("De October,2013 à June,2017"), (Some(d(2013, Some(10))), Some(DateEnd::On(d(2017, Some(6))))));
        assert_eq!(range("Déc. 2011 – Auj."), (Some(d(2011, Some(12))), present));
        assert_eq!(range("09/2023 - actuellement"), (Some(d(2023, Some(9))), present));
        assert_eq!(range("2019-present"), (Some(d(2019, None)), present));
        assert_eq!(range("Janvier 2026 - En cours"), (Some(d(2026, Some(1))), present));
        assert_eq!(range("Now"), (None, present));
        assert_eq!(range("2017"), (Some(d(2017, None)), None));
        let day = PartialDate { year: 2016, month: Some(12), day: Some(21) };
        assert_eq!(range("21 Dec 2016 – 31 Jul 2019").0, Some(day));
        assert_eq!(range("between 2016 and 2019").1, Some(DateEnd::On(d(2019, None))));
    }

    #[test]
    fn not_ranges() {
        for t in ["(93)", "Lead, Acme", "Notes", "3 months in 2011 and 2 months in 2012", "Windows 2000 Administrator", "31/02/2025", ""] {
            assert!(parse_range(t).is_none(), "{t}");
        }
    }

    #[test]
    fn ranges_inside_text() {
        let t = "Sécurité offensive @Allvei Janvier 2026 - En cours / Full Remote";
        let f = find_ranges(t);
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].start..f[0].end], "Janvier 2026 - En cours");
        let t = "09/2023 - actuellement : Role pour Company";
        assert_eq!(&t[find_ranges(t)[0].start..find_ranges(t)[0].end], "09/2023 - actuellement");
        let t = "Company — Role (Mar 2020 - Présent)";
        assert_eq!(&t[find_ranges(t)[0].start..find_ranges(t)[0].end], "Mar 2020 - Présent");
        assert!(find_ranges("Ingénieur, Société (93)").is_empty());
        assert!(find_ranges("Current Focus").is_empty());
        // Digits that end a word are the word's ("Synpulse8", "Web3").
        let t = "Synpulse8 [03-2021 - Present]";
        let f = find_ranges(t);
        assert_eq!((f.len(), &t[f[0].start..f[0].end]), (1, "03-2021 - Present"));
        assert!(find_ranges("Web3 and Python3").is_empty());
        assert_eq!(find_ranges("Now").len(), 1);
    }

    #[test]
    fn loose_and_joined() {
        let r = read_loosely("3 months in 2011 and 2 months in 2012").unwrap();
        assert_eq!((r.start, r.end), (Some(d(2011, None)), Some(DateEnd::On(d(2012, None)))));
        let r = read_loosely("2010-2014 (expected)").unwrap();
        assert_eq!(r.end, Some(DateEnd::On(d(2014, None))));
        let r = join(Some("2017-01-01"), Some("")).unwrap();
        assert_eq!((r.start.unwrap().day, r.end), (Some(1), Some(DateEnd::Present)));
        let r = join(Some("Août"), None);
        assert!(r.is_none(), "a month alone has no year: {r:?}");
    }
}
