//! The corruption generator: unfaithful copies of a faithful summary, one kind of error at a
//! time, to measure what the [`crate::gate`] catches (`kurzgefasst bench gate`).
//!
//! Deterministic: the same document, summary, kind and seed give the same copy. A kind that
//! does not apply to a summary (no number to change, no quote, …) gives `None`. Every copy
//! differs from the summary in exactly one error, made so that it is wrong with respect to the
//! article: a changed number or date is one the article does not contain; a name from the same
//! article replaces a name in a sentence where that other name plays no part.

use std::collections::HashSet;

use crate::gate::{
    article_names, folded, numeric_date, quoted_spans, raw_numbers, MONTHS, NUMBER_WORDS, WEEKDAYS,
};
use crate::segment;
use crate::text::for_each_word;
use crate::Document;

/// A kind of error the generator makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A number changed to one the article does not contain.
    Number,
    /// A date, month or weekday shifted.
    Date,
    /// A name replaced by another name from the same article.
    NameSameArticle,
    /// A name replaced by one from elsewhere.
    NameElsewhere,
    /// A word of a quote changed.
    QuoteWords,
    /// A quote given to another person of the article.
    QuoteSpeaker,
    /// A negation added or removed.
    Negation,
    /// A sentence of facts from another article added.
    AddedSentence,
    /// Two entities of a sentence swapped (who did what to whom).
    RoleSwap,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 9] = [
        Kind::Number,
        Kind::Date,
        Kind::NameSameArticle,
        Kind::NameElsewhere,
        Kind::QuoteWords,
        Kind::QuoteSpeaker,
        Kind::Negation,
        Kind::AddedSentence,
        Kind::RoleSwap,
    ];

    /// The kind's name in reports ("number", "name_same_article", …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::NameSameArticle => "name_same_article",
            Kind::NameElsewhere => "name_elsewhere",
            Kind::QuoteWords => "quote_words",
            Kind::QuoteSpeaker => "quote_speaker",
            Kind::Negation => "negation",
            Kind::AddedSentence => "added_sentence",
            Kind::RoleSwap => "role_swap",
        }
    }
}

/// Names from elsewhere (people and places) that replace a name of the summary.
const FOREIGN_NAMES: &[&str] = &[
    "Hoffmann",
    "Lindqvist",
    "Brandauer",
    "Oberhausen",
    "Kowalczyk",
    "Montevideo",
    "Fitzgerald",
    "Rasmussen",
    "Tarragona",
    "Wischnewski",
];

/// Words a changed quote gets (none of them likely in a given article).
const QUOTE_WORDS: &[&str] = &[
    "katastrophal",
    "lächerlich",
    "großartig",
    "unverantwortlich",
    "sensationell",
    "absurd",
];

/// Sentences from other news, added when the set has no other article.
const FOREIGN_SENTENCES: &[&str] = &[
    "Der Hamburger Senat hat am Mittwoch 240 neue Stellen für Lehrkräfte an Grundschulen bewilligt.",
    "In Graz stürzte am Freitagabend ein Baukran auf drei geparkte Autos, verletzt wurde niemand.",
    "Die Deutsche Bahn will bis 2031 rund 1.200 Brücken sanieren und dafür 9,4 Milliarden Euro ausgeben.",
];

/// Finite verbs after which a negation is inserted ("hat" → "hat nicht").
const FINITE_VERBS: &[&str] = &[
    "ist", "sind", "war", "waren", "hat", "haben", "hatte", "hatten", "wird", "werden", "wurde",
    "wurden", "kann", "können", "konnte", "konnten", "soll", "sollen", "sollte", "muss", "müssen",
    "musste", "will", "wollen", "wollte", "darf", "dürfen", "gibt", "gab", "habe", "sei", "seien",
    "würde", "würden",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64, salt: &str, kind: Kind) -> Rng {
        let mut h = seed ^ 0x9e37_79b9_7f4a_7c15 ^ ((kind as u64) << 48);
        for b in salt.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        Rng(h)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> Option<T> {
        if v.is_empty() {
            None
        } else {
            Some(v[(self.next() % v.len() as u64) as usize])
        }
    }
}

/// What the generator knows of the article.
struct Facts {
    /// Folded words of title and text.
    words: HashSet<String>,
    /// Normalised numbers of the text.
    numbers: HashSet<String>,
    /// The article's names (see [`article_names`]).
    names: Vec<String>,
}

fn facts(doc: &Document) -> Facts {
    let mut words = HashSet::new();
    let mut numbers = HashSet::new();
    for s in std::iter::once(&doc.title).chain(doc.sentences.iter()) {
        for_each_word(s, |w, _| {
            words.insert(folded(w));
        });
        for (a, b) in raw_numbers(s) {
            numbers.insert(crate::gate::normalise_number(&s[a..b]));
            for p in s[a..b].split(['.', ',']) {
                numbers.insert(p.to_string());
            }
        }
    }
    let names = article_names(doc);
    Facts {
        words,
        numbers,
        names,
    }
}

/// The summary's sentences.
fn sentences(summary: &str) -> Vec<String> {
    segment::segment_paragraphs(&[summary.replace('\n', " ")])
}

fn join(s: &[String]) -> String {
    s.join(" ")
}

/// Byte ranges of the names of the article in `s` (see [`Facts::names`]), outside quotes; a
/// name runs on over the capitalised words right after it ("Kim Jong Un", "Anna Beispiel").
fn name_spans(s: &str, f: &Facts) -> Vec<(usize, usize)> {
    let quotes = quoted_spans(s);
    let mut out: Vec<(usize, usize)> = Vec::new();
    for_each_word(s, |w, pos| {
        if quotes.iter().any(|(_, a, b)| pos >= *a && pos < *b) {
            return;
        }
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        match out.last_mut() {
            // Only over words that are names themselves, not a noun after a name ("in
            // Österreich Transparenz", "Austrian Bowl XXXI").
            Some(last)
                if cap
                    && s.get(last.1..pos) == Some(" ")
                    && (f.names.iter().any(|n| n == w)
                        || (crate::gate::is_name_like(w)
                            && w.chars().skip(1).any(char::is_lowercase)
                            && !crate::text::is_stopword_hash(crate::text::hash_str(
                                &folded(w),
                            )))) =>
            {
                last.1 = pos + w.len()
            }
            _ if f.names.iter().any(|n| n == w) => out.push((pos, pos + w.len())),
            _ => {}
        }
    });
    out
}

/// The article's names as written, whole ("Wladimir Putin", "Kim Jong Un"), in order of first
/// use.
fn article_spans(doc: &Document, f: &Facts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &doc.sentences {
        for (a, b) in name_spans(s, f) {
            if !out.iter().any(|x| x == &s[a..b]) {
                out.push(s[a..b].to_string());
            }
        }
    }
    out
}

/// Whether a capitalised word (folded) is a common noun by [`crate::gate::frequent_noun`], also
/// in the plural ("Wochen").
fn common_noun(w: &str) -> bool {
    let f = folded(w);
    w.chars().next().is_some_and(char::is_uppercase)
        && [
            &f[..],
            f.strip_suffix('n').unwrap_or(""),
            f.strip_suffix("en").unwrap_or(""),
        ]
        .iter()
        .any(|x| !x.is_empty() && crate::gate::frequent_noun(x))
}

/// Whether `span`, taken for a name of the article (see [`name_spans`]), is clearly none: a
/// genitive of a word of the article right before a last word that is no name of the article
/// or one only after it ("Österreichs Radiosendern", "Axel Springers Vorstoß"), or one word whose every use in the
/// article is the first part of a compound cut short ("Alten- und Pflegeheime"), an adjective's
/// form before a common noun ("Innere Stadt") or a word after a common noun that is no role
/// ("drei Wochen Urlaub"; not "Kommissarin Cecilia"). Swapping such a word is not the error
/// [`Kind::NameSameArticle`] makes.
fn not_a_name(doc: &Document, f: &Facts, span: &str) -> bool {
    let parts: Vec<&str> = span.split(' ').collect();
    let name = |w: &str| f.names.iter().any(|n| n == w);
    if let Some((last, before)) = parts.split_last().filter(|(_, b)| !b.is_empty()) {
        // The last word on its own: a name of the article, or said elsewhere than after the
        // genitive too.
        let prev = before[before.len() - 1];
        let own = doc.sentences.iter().any(|d| {
            let mut found = false;
            for_each_word(d, |t, p| {
                found |= t == *last && !d[..p].trim_end().ends_with(prev);
            });
            found
        });
        return !(name(last) && own)
            && prev
                .strip_suffix('s')
                .is_some_and(|b| b.chars().count() >= 3 && f.words.contains(&folded(b)));
    }
    let role = |w: &str| {
        let fw = folded(w);
        crate::gate::ROLE_HEADS.iter().any(|h| fw.ends_with(h))
    };
    let mut uses = 0;
    let mut noun_uses = 0;
    for d in &doc.sentences {
        let mut ws: Vec<(&str, usize)> = Vec::new();
        for_each_word(d, |t, p| ws.push((&d[p..p + t.len()], p)));
        for (x, &(t, p)) in ws.iter().enumerate() {
            if t != span {
                continue;
            }
            uses += 1;
            let joined = |a: (&str, usize), b: (&str, usize)| d[a.1 + a.0.len()..b.1] == *" ";
            let cut_short = d[p + t.len()..].starts_with('-');
            let before_noun = t.ends_with('e')
                && ws
                    .get(x + 1)
                    .is_some_and(|&n| joined((t, p), n) && common_noun(n.0) && !name(n.0));
            let after_noun = x.checked_sub(1).is_some_and(|y| {
                joined(ws[y], (t, p)) && common_noun(ws[y].0) && !name(ws[y].0) && !role(ws[y].0)
            });
            if cut_short || before_noun || after_noun {
                noun_uses += 1;
            }
        }
    }
    uses > 0 && uses == noun_uses
}

/// Whether a run of capitalised words of the summary taken for a name (see [`name_spans`]) is
/// none: the article never writes it so, and writes a later word of it after an article ("laut
/// Jahresbericht Rückgang" where the article has "einem Rückgang").
fn no_name_run(doc: &Document, span: &str) -> bool {
    let parts: Vec<&str> = span.split(' ').collect();
    parts.len() >= 2
        && !doc.sentences.iter().any(|d| d.contains(span))
        && doc.sentences.iter().any(|d| {
            let mut found = false;
            for_each_word(d, |t, p| {
                found |= parts[1..].contains(&t) && crate::gate::after_determiner(d, p);
            });
            found
        })
}

/// Replaces `s[a..b]` with `with`.
fn splice(s: &str, a: usize, b: usize, with: &str) -> String {
    format!("{}{}{}", &s[..a], with, &s[b..])
}

/// An unfaithful copy of `summary` with one error of `kind`, or `None` when the kind does not
/// apply. `other` is a sentence from another article (for [`Kind::AddedSentence`]; a built-in
/// sentence is used when it is empty). `seed` fixes every random choice.
pub fn corrupt(
    doc: &Document,
    summary: &str,
    kind: Kind,
    other: &str,
    seed: u64,
) -> Option<String> {
    let mut rng = Rng::new(seed, summary, kind);
    let f = facts(doc);
    let mut sents = sentences(summary);
    if sents.is_empty() {
        return None;
    }
    // Candidate edits: (sentence, byte range, replacement).
    let mut edits: Vec<(usize, usize, usize, String)> = Vec::new();
    match kind {
        Kind::Number => {
            for (i, s) in sents.iter().enumerate() {
                for (a, b) in raw_numbers(s) {
                    let m = &s[a..b];
                    if numeric_date(m).is_some() && m.contains('.') {
                        continue;
                    }
                    if let Some(new) = changed_number(m, &f, &mut rng) {
                        edits.push((i, a, b, new));
                    }
                }
                for_each_word(s, |w, pos| {
                    let fw = folded(w);
                    if NUMBER_WORDS.iter().any(|(nw, _)| *nw == fw) {
                        let choices: Vec<&str> = ["drei", "sieben", "neun", "zwölf", "vierzig"]
                            .into_iter()
                            // Not a number the article has in words or digits ("zwölf" where
                            // it says "(12.)" or "zwölfte"): the copy must be wrong.
                            .filter(|c| {
                                !f.words.contains(&folded(c))
                                    && folded(c) != fw
                                    && !NUMBER_WORDS
                                        .iter()
                                        .any(|(nw, v)| *nw == folded(c) && f.numbers.contains(*v))
                            })
                            .collect();
                        if let Some(c) = rng.pick(&choices) {
                            edits.push((i, pos, pos + w.len(), c.to_string()));
                        }
                    }
                });
            }
        }
        Kind::Date => {
            for (i, s) in sents.iter().enumerate() {
                for_each_word(s, |w, pos| {
                    let fw = folded(w);
                    let cap = w.chars().next().is_some_and(|c| c.is_uppercase());
                    if let Some(d) = WEEKDAYS[..8].iter().position(|d| fw.starts_with(d)) {
                        // "Dienstagfrüh" → "Donnerstagfrüh".
                        let rest = &w[WEEKDAYS[d].len()..];
                        let choices: Vec<&str> = WEEKDAYS[..8]
                            .iter()
                            .copied()
                            .filter(|x| *x != WEEKDAYS[d] && *x != "sonnabend")
                            .filter(|x| !f.words.iter().any(|aw| aw.starts_with(x)))
                            .collect();
                        if let Some(x) = rng.pick(&choices) {
                            let mut new = capitalise(x, cap);
                            new.push_str(rest);
                            edits.push((i, pos, pos + w.len(), new));
                        }
                    } else if cap && fw.len() > 3 {
                        if let Some(m) = MONTHS.iter().find(|(n, _)| *n == fw).map(|x| x.1) {
                            let names = [
                                "Januar",
                                "Februar",
                                "März",
                                "April",
                                "Mai",
                                "Juni",
                                "Juli",
                                "August",
                                "September",
                                "Oktober",
                                "November",
                                "Dezember",
                            ];
                            let choices: Vec<&str> = (1..12)
                                .map(|k| names[((m - 1 + k) % 12) as usize])
                                .filter(|x| !f.words.contains(&folded(x)))
                                .collect();
                            if let Some(x) = rng.pick(&choices) {
                                edits.push((i, pos, pos + w.len(), x.to_string()));
                            }
                        }
                    }
                });
                for (a, b) in raw_numbers(s) {
                    let m = &s[a..b];
                    if let Some((d, mo)) = numeric_date(m).filter(|_| m.contains('.')) {
                        let nd = if d >= 28 { d - 3 } else { d + 2 };
                        let rest = &m[m.find('.').unwrap_or(m.len())..];
                        let _ = mo;
                        edits.push((i, a, b, format!("{nd}{rest}")));
                    }
                }
                // "3. Oktober": the day before a month name.
                let mut words: Vec<(usize, usize)> = Vec::new();
                for_each_word(s, |w, p| words.push((p, p + w.len())));
                let words: Vec<(usize, &str)> = words.iter().map(|&(a, b)| (a, &s[a..b])).collect();
                for k in 1..words.len() {
                    let (p, w) = words[k - 1];
                    if let (Ok(d), true) = (
                        w.parse::<u32>(),
                        MONTHS.iter().any(|(n, _)| *n == folded(words[k].1)),
                    ) {
                        if (1..=31).contains(&d) {
                            let nd = if d >= 28 { d - 3 } else { d + 2 };
                            edits.push((i, p, p + w.len(), nd.to_string()));
                        }
                    }
                }
            }
        }
        Kind::NameSameArticle | Kind::NameElsewhere | Kind::QuoteSpeaker => {
            for (i, s) in sents.iter().enumerate() {
                if kind == Kind::QuoteSpeaker && quoted_spans(s).is_empty() {
                    continue;
                }
                for (a, b) in name_spans(s, &f) {
                    let choices: Vec<String> = if kind == Kind::NameElsewhere {
                        FOREIGN_NAMES
                            .iter()
                            .filter(|n| !f.words.contains(&folded(n)))
                            .map(|n| n.to_string())
                            .collect()
                    } else {
                        // A whole other name none of whose words the sentence has.
                        let fs = folded(s);
                        article_spans(doc, &f)
                            .into_iter()
                            .filter(|n| n.split(' ').all(|p| !fs.contains(&folded(p))))
                            .collect()
                    };
                    let drawn = rng.pick(&(0..choices.len()).collect::<Vec<_>>());
                    // Nor in the place of a run that is no name ("Laut Jahresbericht Rückgang").
                    if kind == Kind::NameSameArticle && no_name_run(doc, &s[a..b]) {
                        continue;
                    }
                    // Not a word that is no name in the name's place: the next name among the
                    // choices instead of the drawn one, so that every other draw stays as it was.
                    let valid = |k: &usize| {
                        kind != Kind::NameSameArticle || !not_a_name(doc, &f, &choices[*k])
                    };
                    if let Some(k) = drawn.and_then(|d| {
                        (0..choices.len())
                            .map(|x| (d + x) % choices.len())
                            .find(valid)
                    }) {
                        edits.push((i, a, b, choices[k].clone()));
                    }
                }
            }
        }
        Kind::QuoteWords => {
            for (i, s) in sents.iter().enumerate() {
                for (q, a, _) in quoted_spans(s) {
                    let open = s[a..].chars().next().map_or(1, |c| c.len_utf8());
                    let mut best: Option<(usize, usize)> = None;
                    for_each_word(&q, |w, p| {
                        if w.chars().count() >= 4 && best.is_none_or(|(ba, bb)| w.len() > bb - ba) {
                            best = Some((p, p + w.len()));
                        }
                    });
                    let Some((wa, wb)) = best.or_else(|| {
                        let mut first = None;
                        for_each_word(&q, |w, p| {
                            if first.is_none() {
                                first = Some((p, p + w.len()));
                            }
                        });
                        first
                    }) else {
                        continue;
                    };
                    let cap = q[wa..].chars().next().is_some_and(|c| c.is_uppercase());
                    let choices: Vec<&str> = QUOTE_WORDS
                        .iter()
                        .copied()
                        .filter(|c| !f.words.contains(&folded(c)))
                        .collect();
                    if let Some(c) = rng.pick(&choices) {
                        let base = a + open;
                        edits.push((i, base + wa, base + wb, capitalise(c, cap)));
                    }
                }
            }
        }
        Kind::Negation => {
            for (i, s) in sents.iter().enumerate() {
                let quotes = quoted_spans(s);
                let in_quote = |p: usize| quotes.iter().any(|(_, a, b)| p >= *a && p < *b);
                // A sentence with a negation loses it; one without gets one after its first
                // finite verb.
                let mut removals = Vec::new();
                let mut insertion = None;
                for_each_word(s, |w, pos| {
                    if in_quote(pos) {
                        return;
                    }
                    let lw = w.to_lowercase();
                    if lw == "nicht" && !s[pos..].starts_with("nicht nur") {
                        // Remove the word and one space before it.
                        let a = if pos > 0 && s.as_bytes()[pos - 1] == b' ' {
                            pos - 1
                        } else {
                            pos
                        };
                        removals.push((i, a, pos + w.len(), String::new()));
                    } else if lw.starts_with("kein") {
                        removals.push((i, pos, pos + 1, String::new()));
                    } else if insertion.is_none() && FINITE_VERBS.contains(&lw.as_str()) {
                        insertion = Some((i, pos, pos + w.len(), format!("{w} nicht")));
                    }
                });
                if removals.is_empty() {
                    edits.extend(insertion);
                } else {
                    edits.extend(removals);
                }
            }
        }
        Kind::AddedSentence => {
            let extra = if other.trim().is_empty() {
                rng.pick(FOREIGN_SENTENCES)?.to_string()
            } else {
                other.trim().to_string()
            };
            let at = (rng.next() % (sents.len() as u64 + 1)) as usize;
            sents.insert(at, extra);
            return Some(join(&sents));
        }
        Kind::RoleSwap => {
            for (i, s) in sents.iter().enumerate() {
                let spans = name_spans(s, &f);
                // Two different names; swap the first pair.
                'pairs: for x in 0..spans.len() {
                    for y in x + 1..spans.len() {
                        let (a1, b1) = spans[x];
                        let (a2, b2) = spans[y];
                        // Two names with words between them, not the parts of one name.
                        let between = &s[b1.min(a2)..a2];
                        let hyphen =
                            |a: usize, b: usize| s[..a].ends_with('-') || s[b..].starts_with('-');
                        if s[a1..b1] != s[a2..b2]
                            && b1 < a2
                            && !hyphen(a1, b1)
                            && !hyphen(a2, b2)
                            && between
                                .split_whitespace()
                                .any(|w| w.chars().next().is_some_and(char::is_lowercase))
                            && !coordinated(s, &spans, b1, a2)
                        {
                            let swapped = format!(
                                "{}{}{}{}{}",
                                &s[..a1],
                                &s[a2..b2],
                                &s[b1..a2],
                                &s[a1..b1],
                                &s[b2..]
                            );
                            edits.push((i, 0, s.len(), swapped));
                            break 'pairs;
                        }
                    }
                }
            }
        }
    }
    let k = rng.pick(&(0..edits.len()).collect::<Vec<_>>())?;
    let (i, a, b, new) = edits.swap_remove(k);
    let mut s = splice(&sents[i], a, b, &new);
    // A removed "k" of "kein" leaves "ein" at the start of a sentence lower-case.
    if a == 0 {
        s = capitalise(&s, true);
    }
    sents[i] = s;
    let out = join(&sents);
    (out != join(&sentences(summary))).then_some(out)
}

/// Whether the text of `s` between two names (`b1..a2`) joins them in one coordination: only
/// commas, "und", "oder", "sowie" and other names of the list ("Bischöfe Krautwaschl und
/// Freistetter", "Marie Pietruschka, Alexandra Ndolo und Lisa Ryzih"). Swapping the two states
/// the same facts, so it is no role swap.
fn coordinated(s: &str, spans: &[(usize, usize)], b1: usize, a2: usize) -> bool {
    let mut rest = String::new();
    let mut at = b1;
    for &(a, b) in spans.iter().filter(|(a, b)| *a >= b1 && *b <= a2) {
        rest.push_str(&s[at..a]);
        rest.push(' ');
        at = b;
    }
    rest.push_str(&s[at..a2]);
    rest.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| ["und", "oder", "sowie", "bzw."].contains(&w))
}

fn capitalise(w: &str, cap: bool) -> String {
    if !cap {
        return w.to_string();
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A number of the same form as `m` that the article does not contain.
fn changed_number(m: &str, f: &Facts, rng: &mut Rng) -> Option<String> {
    let norm = crate::gate::normalise_number(m);
    if let Ok(n) = norm.parse::<u64>() {
        let steps: [u64; 5] = [1, 2, 3, 7, 11];
        for k in 0..steps.len() {
            let step = steps[(rng.next() as usize + k) % steps.len()];
            // "10.000" changes in its leading digits, other numbers by the step.
            let scaled = if n >= 1000 && m.contains('.') {
                n + step * 10u64.pow(n.ilog10().saturating_sub(1))
            } else {
                n + step
            };
            let s = scaled.to_string();
            if f.numbers.contains(&s) {
                continue;
            }
            return Some(if m.contains('.') {
                thousands(scaled)
            } else {
                s
            });
        }
        None
    } else if let Ok(x) = norm.parse::<f64>() {
        let decimals = norm.split('.').nth(1).map_or(0, str::len);
        for step in [1.0, 2.0, 3.0] {
            let v = x + step;
            let s = format!("{v:.decimals$}");
            if f.numbers.contains(&s) {
                continue;
            }
            return Some(if m.contains(',') {
                s.replace('.', ",")
            } else {
                s
            });
        }
        None
    } else {
        None
    }
}

/// "12000" → "12.000".
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::new(
            "Kassel beschließt Radwegenetz",
            vec![
                "Der Stadtrat von Kassel hat am Dienstag ein neues Radwegenetz beschlossen. Das Netz soll bis \
                 2030 rund 42 Kilometer lang werden."
                    .into(),
                "Oberbürgermeisterin Anna Lindner sprach von einem „Meilenstein für die Stadt“. Kritik kam \
                 von Fraktionschef Bernd Muster, der eine Befragung forderte. Muster will klagen, Kassel \
                 will bauen."
                    .into(),
            ],
            Some("de"),
        )
    }

    const SUMMARY: &str =
        "Der Stadtrat von Kassel hat am Dienstag ein 42 Kilometer langes Radwegenetz \
        beschlossen. Lindner nannte es einen „Meilenstein für die Stadt“, Muster kritisierte es.";

    #[test]
    fn each_kind_changes_one_thing_deterministically() {
        let d = doc();
        for kind in Kind::ALL {
            let a = corrupt(&d, SUMMARY, kind, "", 7);
            assert_eq!(a, corrupt(&d, SUMMARY, kind, "", 7), "{kind:?}");
            let a = a.unwrap_or_else(|| panic!("{kind:?} applies"));
            assert_ne!(a, SUMMARY, "{kind:?}");
        }
        let n = corrupt(&d, SUMMARY, Kind::Number, "", 7).unwrap();
        assert!(!n.contains(" 42 "), "{n}");
        let w = corrupt(&d, SUMMARY, Kind::Date, "", 7).unwrap();
        assert!(!w.contains("Dienstag"), "{w}");
        let r = corrupt(&d, SUMMARY, Kind::RoleSwap, "", 7).unwrap();
        assert!(r.contains("Muster nannte"), "{r}");
        let q = corrupt(&d, SUMMARY, Kind::QuoteSpeaker, "", 7).unwrap();
        assert!(
            !q.contains("Lindner nannte") || !q.contains("Muster kritisierte"),
            "{q}"
        );
    }

    #[test]
    fn words_that_are_no_names_are_not_drawn() {
        // 10kGNAD: the generator drew "Alten" (of "Alten- und Pflegeheime"), "Innere" (of
        // "Innere Stadt"), "Urlaub" (of "drei Wochen Urlaub") and "Axel Springers Vorstoß".
        let d = Document::new(
            "Prüfer besuchen Heime",
            vec![
                "Geprüft wurden Alten- und Pflegeheime in Wien. Die Begegnungszone Innere Stadt \
                 war Thema. Heinz Christian Strache nahm drei Wochen Urlaub. Seit Springers \
                 Vorstoß streiten Axel Springer und Youtube. Strache und Youtube schweigen."
                    .into(),
            ],
            Some("de"),
        );
        let f = facts(&d);
        for w in ["Alten", "Innere", "Urlaub", "Axel Springers Vorstoß"] {
            assert!(not_a_name(&d, &f, w), "{w}");
        }
        for w in [
            "Wien",
            "Strache",
            "Youtube",
            "Axel Springer",
            "Heinz Christian Strache",
        ] {
            assert!(!not_a_name(&d, &f, w), "{w}");
        }
        // "Laut Jahresbericht Rückgang an Beschwerden": no name to replace.
        let d = Document::new(
            "Beschwerden",
            vec![
                "Laut Jahresbericht gab es einen Rückgang. Der Jahresbericht nennt Axel Springer."
                    .into(),
            ],
            Some("de"),
        );
        assert!(no_name_run(&d, "Jahresbericht Rückgang"));
        assert!(!no_name_run(&d, "Axel Springer"));
    }

    #[test]
    fn names_are_not_common_nouns() {
        let f = facts(&doc());
        for n in ["Kassel", "Lindner", "Muster", "Anna", "Bernd"] {
            assert!(f.names.iter().any(|x| x == n), "{n} in {:?}", f.names);
        }
        for n in ["Stadtrat", "Radwegenetz", "Kritik", "Befragung", "Netz"] {
            assert!(!f.names.iter().any(|x| x == n), "{n} in {:?}", f.names);
        }
    }

    #[test]
    fn no_applicable_edit_gives_none() {
        let d = doc();
        assert_eq!(
            corrupt(&d, "Kassel plant neue Radwege.", Kind::QuoteWords, "", 1),
            None
        );
        assert_eq!(
            corrupt(&d, "Kassel plant neue Radwege.", Kind::Number, "", 1),
            None
        );
    }

    #[test]
    fn a_name_runs_on_over_names_only() {
        // 10kGNAD: "in Österreich Transparenz" was one name to replace ("in Cecilia und Schutz
        // nationaler Interessen"), "Wolfsgraben Zum" another.
        let d = Document::new(
            "",
            vec![
                "Kommissarin Cecilia Malmström war in Wien. Malmström sprach in Wien mit Werner \
                 Faymann über Handel."
                    .into(),
            ],
            Some("de"),
        );
        let f = facts(&d);
        let s = "Sie versprach in Wien Transparenz und Schutz.";
        let spans: Vec<&str> = name_spans(s, &f).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(spans, vec!["Wien"]);
        let s = "Sie sprach in Wien mit Werner Faymann.";
        let spans: Vec<&str> = name_spans(s, &f).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(spans, vec!["Wien", "Werner Faymann"]);
    }

    #[test]
    fn a_changed_number_word_is_none_the_article_has_in_digits() {
        // 10kGNAD: "auf Platz vier" became "auf Platz zwölf" where the text ranks Lukas Klapfer
        // "(12.)": not a number the article lacks.
        let d = Document::new(
            "",
            vec!["Orter kam auf Platz vier. Dahinter folgten Lukas Klapfer (12.) und Mario Seidl (13.)."
                .into()],
            Some("de"),
        );
        for seed in 0..40 {
            let c = corrupt(&d, "Orter kam auf Platz vier.", Kind::Number, "", seed).unwrap();
            assert!(!c.contains("zwölf"), "{c}");
        }
    }

    #[test]
    fn names_of_one_coordination_are_not_swapped() {
        // 10kGNAD: "Bischöfe Krautwaschl und Freistetter erstmals dabei" became "Bischöfe
        // Freistetter und Krautwaschl …", 20 Minuten: "Marie Pietruschka, Alexandra Ndolo und Lisa
        // Ryzih zieren das Cover" had two of its three names swapped: the same facts either way.
        let d = Document::new(
            "",
            vec![
                "Die Bischöfe Wilhelm Krautwaschl und Werner Freistetter beraten mit Laien. \
                  Krautwaschl lud Freistetter nach Graz ein."
                    .into(),
            ],
            Some("de"),
        );
        for seed in 0..20 {
            let c = corrupt(
                &d,
                "Bischöfe Krautwaschl und Freistetter erstmals dabei.",
                Kind::RoleSwap,
                "",
                seed,
            );
            assert_eq!(c, None);
            let c = corrupt(
                &d,
                "Wilhelm Krautwaschl, Werner Freistetter und Graz beraten.",
                Kind::RoleSwap,
                "",
                seed,
            );
            assert_eq!(c, None);
        }
        // Names with an action between them are still swapped.
        let c = corrupt(
            &d,
            "Krautwaschl lud Freistetter ein.",
            Kind::RoleSwap,
            "",
            3,
        )
        .unwrap();
        assert!(c.starts_with("Freistetter lud Krautwaschl"), "{c}");
    }
}
