//! The extractive summariser: scores the article's sentences by position (lead bias), centrality
//! and title overlap (on word beginnings), marks down short background lines, filters what must
//! never be shown (captions, credits, bylines, teaser questions, "Lesen Sie auch", the publication
//! speaking of itself, cut-off or quote-broken sentences, sentences leaning on one left out) and
//! picks 3 to 5 sentences of 40 to 100 words in reading order: the news first (the opening
//! sentence shares a word with the headline), shorter sentences before longer ones of like score,
//! none repeating a chosen one (in content words or in a run of words). The weights are
//! [`Weights::DEFAULT`]; BENCHMARKS.md ("TLDR") says how they were chosen.

use std::sync::OnceLock;

use crate::segment::dateline_len;
use crate::text::{content_hashes, hash_str, word_count, HashMap64, HashSet64};
use crate::{Document, Method, Tldr, TldrSentence};

/// Bounds of the TLDR format.
const MIN_SENTENCES: usize = 3;
const MAX_SENTENCES: usize = 5;
const MIN_WORDS: usize = 40;
const MAX_WORDS: usize = 100;
/// Words a single chosen sentence may have.
const MIN_SENTENCE_WORDS: usize = 4;
const MAX_SENTENCE_WORDS: usize = 55;
/// Only the first this many sentences are scored and may be chosen (bounds the cost on very long
/// texts; news put the story first).
const MAX_SCORED: usize = 60;
/// Sentences (best scored) the first, strict pass considers.
const POOL: usize = 12;
/// Share of the title's content words the TLDR should cover; below it, a sentence that covers more
/// of them is added while the format allows.
const TITLE_COVERAGE: f32 = 0.6;

/// The weights of the ranker's rules. [`Weights::DEFAULT`] is what the product uses; the fields are
/// public so that the tuning example (`examples/tldr_sets.rs`) can try others on the summary sets
/// (BENCHMARKS.md, "TLDR", says how the defaults were chosen).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Lead bias: a sentence's position score is `1 / (1 + position_decay * index)`.
    pub position_decay: f32,
    /// Weight of centrality (content words shared with the rest of the text).
    pub centrality: f32,
    /// Weight of the share of the title's content words a sentence contains.
    pub title: f32,
    /// Subtracted per word a TLDR would end above (or below) [`MIN_WORDS`] when the sentence is
    /// the third or a later one: references are short, and so should the TLDR be.
    pub length_pull: f32,
    /// Subtracted per word of every sentence considered: of two sentences that score alike, the
    /// shorter says it in fewer words.
    pub per_word: f32,
    /// A sentence that shares a run of [`PHRASE`] words with a chosen one ("in einem Brief an den
    /// nordkoreanischen Diktator" / "… Machthaber") tells the same thing again in the same words,
    /// even when most of its content words are new: with a weight above 0 it takes the chosen
    /// one's place if it has more of the headline's words, and is otherwise left out (first pass)
    /// or marked down by this much (the relaxed pass that fills a short TLDR); 0 turns the rule off.
    pub phrase: f32,
    /// Subtracted from a sentence of fewer than [`Weights::short_words`] words (a teaser's
    /// background line: "Russland ist international isoliert.").
    pub short: f32,
    /// See [`Weights::short`].
    pub short_words: usize,
    /// Subtracted from a sentence that would open the TLDR without a single content word of the
    /// title (background before the news), when the document has a title.
    pub background_opener: f32,
    /// Share of shared content words above which a sentence repeats a chosen one.
    pub redundancy: f32,
    /// Title words match a sentence's words on their first this many letters (folded), so that
    /// "nordkoreanische" finds "Nordkorea" and "Neujahrsbriefe" "Neujahrsbrief"; 0 compares whole
    /// light-stemmed words.
    pub title_prefix: usize,
}

impl Weights {
    /// The product's weights.
    pub const DEFAULT: Weights = Weights {
        position_decay: 0.3,
        centrality: 0.6,
        title: 0.35,
        length_pull: 0.02,
        per_word: 0.0125,
        phrase: 1.0,
        short: 0.2,
        short_words: 8,
        background_opener: 0.4,
        redundancy: 0.6,
        title_prefix: 6,
    };
}

/// Substrings (lower case) of sentences that are page furniture rather than story.
const FURNITURE: &[&str] = &[
    "lesen sie",
    "lies auch",
    "lies mehr",
    "mehr zum thema",
    "das könnte sie",
    "auch interessant",
    "foto:",
    "fotos:",
    "bild:",
    "bilder:",
    "quelle:",
    "©",
    "(c)",
    "getty images",
    "imago",
    "keystone",
    "symbolbild",
    "archivbild",
    "screenshot",
    "video:",
    "grafik:",
    "klicken sie",
    "newsletter",
    "abonnier",
    "weiterlesen",
    "hier geht es",
    "hier finden sie",
    "hier lesen",
    "jetzt lesen",
    "read more",
    "sign up",
    "subscribe",
    "click here",
    "photo:",
    "image:",
    "credit:",
    "liveticker",
    "live-ticker",
    "alle rechte",
    "copyright",
    "mit material von",
    "redaktion:",
    "http://",
    "https://",
    "www.",
    "zum artikel",
    "zur startseite",
    "mehr infos",
    "teilen sie",
    "folgen sie",
    "hören sie",
    "sehen sie",
    "im video",
    "bildstrecke",
    "bildergalerie",
    "all rights reserved",
    "related:",
    "see also",
    // The publication speaking of itself: editions, the shop, subscriptions, "mehr anzeigen".
    "dieser beitrag stammt",
    "dieser artikel stammt",
    "dieser text stammt",
    "aus ausgabe",
    "aus der ausgabe",
    "das heft ist",
    "im handel",
    " shop",
    "mehr anzeigen",
    "zum abo",
    "im abo",
    "probeabo",
    "e-paper",
    "kostenlos anmelden",
    "jetzt anmelden",
    "am kiosk",
    "zu bestellen",
    "aktuellen ausgabe",
    "neuen ausgabe",
];

/// Words (lower case) that may signal page furniture; only sentences containing one are checked
/// against [`FURNITURE`].
const FURNITURE_TRIGGERS: &[&str] = &[
    "lesen",
    "lies",
    "thema",
    "infos",
    "könnte",
    "interessant",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "quelle",
    "c",
    "getty",
    "imago",
    "keystone",
    "symbolbild",
    "archivbild",
    "screenshot",
    "video",
    "grafik",
    "klicken",
    "newsletter",
    "abonnieren",
    "abonniert",
    "abonnieren",
    "abonnement",
    "weiterlesen",
    "hier",
    "jetzt",
    "read",
    "sign",
    "subscribe",
    "click",
    "photo",
    "image",
    "credit",
    "liveticker",
    "live",
    "rechte",
    "copyright",
    "material",
    "redaktion",
    "http",
    "https",
    "www",
    "artikel",
    "startseite",
    "teilen",
    "folgen",
    "hören",
    "sehen",
    "bildstrecke",
    "bildergalerie",
    "reserved",
    "related",
    "see",
    "beitrag",
    "ausgabe",
    "heft",
    "handel",
    "shop",
    "anzeigen",
    "abo",
    "probeabo",
    "paper",
    "anmelden",
    "kiosk",
    "bestellen",
];

/// FNV-1a of `w` with ASCII letters lower-cased.
fn ascii_lower_hash(w: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in w {
        h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(0x100000001b3);
    }
    h
}

fn furniture(s: &str) -> bool {
    if s.contains('©') {
        return true;
    }
    static TRIGGERS: OnceLock<HashSet64> = OnceLock::new();
    let triggers = TRIGGERS.get_or_init(|| {
        FURNITURE_TRIGGERS
            .iter()
            .map(|t| ascii_lower_hash(t.as_bytes()))
            .collect()
    });
    let mut hit = false;
    let b = s.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        // Word bytes: ASCII letters and digits and any non-ASCII byte (umlauts; punctuation outside
        // ASCII only makes a word miss the triggers).
        let inside = i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] >= 0x80);
        if inside {
            continue;
        }
        let w = &b[start..i];
        start = i + 1;
        if w.is_empty() || w.len() > 13 {
            continue;
        }
        if triggers.contains(&ascii_lower_hash(w))
            || (w.len() >= 5 && w[..5].eq_ignore_ascii_case(b"abonn"))
            || (w.len() >= 10 && w[..10].eq_ignore_ascii_case(b"newsletter"))
        {
            hit = true;
            break;
        }
    }
    if !hit {
        return false;
    }
    let lower = crate::text::lower(s);
    FURNITURE.iter().any(|f| lower.contains(f))
}

/// First words that refer back to the previous sentence.
const ANAPHORA: &[&str] = &[
    "Er",
    "Sie",
    "Es",
    "Dies",
    "Dafür",
    "Dabei",
    "Damit",
    "Deshalb",
    "Daher",
    "Demnach",
    "Danach",
    "Dadurch",
    "Darauf",
    "Dazu",
    "Zudem",
    "Außerdem",
    "Ausserdem",
    "Denn",
    "Daraufhin",
    "Darum",
    "Deswegen",
    "Somit",
    "Folglich",
    "Dennoch",
    "Darin",
    "Daraus",
    "Davon",
    "Dagegen",
    "Darüber",
    "Dahinter",
    "Daneben",
    "Darunter",
    "Doch",
    "Aber",
    "Allerdings",
    "Jedoch",
    "Trotzdem",
    "Stattdessen",
    "Ebenso",
    "Auch",
    "Dort",
    "Diese",
    "Dieser",
    "Dieses",
    "Solche",
    "He",
    "She",
    "It",
    "They",
    "This",
    "These",
    "But",
    "However",
    "Also",
    "There",
];

/// Whether a sentence leans on the one before it through a word inside it: "nämlich" (gives the
/// reason for something said before), "also", "daher", "deshalb" (draw a conclusion from it),
/// "jedoch", "dennoch" (contrast with it): "Bei einer geringeren Haltedauer lohnt sich die
/// Finanzierung nämlich nicht".
fn leans_back(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric()).skip(1).any(|w| {
        matches!(
            w,
            "nämlich"
                | "also"
                | "daher"
                | "deshalb"
                | "deswegen"
                | "dennoch"
                | "trotzdem"
                | "ebenfalls"
                | "jedoch"
                | "allerdings"
        )
    })
}

/// Capitalised words that, after a lower-case word without punctuation, betray a sub-heading glued
/// to the next sentence ("… wird schwierig Das Schloss …").
const GLUE_MARKERS: &[&str] = &[
    "Der", "Das", "Ein", "Eine", "Er", "Es", "Wir", "Ich", "Im", "Am", "Zu", "Zum", "Zur", "Mit",
    "Auf", "Bei", "Nach", "Von", "Für", "Wie", "Was", "Warum", "Wer", "Wo", "Doch", "Aber", "Und",
    "Als", "Nun", "Dabei", "Damit",
];

/// Words in a row two sentences must share to repeat each other (see [`Weights::phrase`]).
const PHRASE: usize = 4;

/// The sorted hashes of the runs of [`PHRASE`] words of `s` (lower-cased, any words).
fn phrases(s: &str) -> Vec<u64> {
    let mut words: Vec<u64> = Vec::with_capacity(32);
    crate::text::for_each_word(s, |w, _| words.push(ascii_lower_hash(w.as_bytes())));
    let mut out: Vec<u64> = words
        .windows(PHRASE)
        .map(|g| {
            g.iter().fold(0xcbf29ce484222325u64, |h, &x| {
                (h ^ x).wrapping_mul(0x100000001b3)
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether two sorted lists share an element.
fn meet(a: &[u64], b: &[u64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

struct Candidate {
    index: usize,
    /// Hashes of its runs of [`PHRASE`] words (see [`phrases`]), computed with its info.
    phrases: Vec<u64>,
    /// Byte offset where the shown text starts (after a dateline).
    skip: usize,
    tokens: Vec<u64>,
    score: f32,
    /// Content words of the title the sentence contains.
    title_words: usize,
    /// Computed when the candidate is first considered.
    info: Option<Info>,
}

#[derive(Clone, Copy)]
struct Info {
    words: usize,
    /// Conservative count of the sentences a generic splitter would see here.
    parts: usize,
    /// Whether the sentence may be shown at all.
    ok: bool,
    anaphoric: bool,
    has_quote: bool,
}

impl Info {
    fn of(shown: &str) -> Info {
        let words = word_count(shown);
        let parts = generic_parts(shown);
        let m = marks(shown);
        Info {
            words,
            parts,
            ok: parts <= 2 && looks_ok(shown, words, &m),
            anaphoric: ANAPHORA.contains(&first_word(shown)) || leans_back(shown),
            has_quote: m.quote,
        }
    }
}

impl Candidate {
    fn info(&mut self, doc: &Document) -> Info {
        if let Some(i) = self.info {
            return i;
        }
        let shown = &doc.sentences[self.index][self.skip..];
        self.phrases = phrases(shown);
        *self.info.insert(Info::of(shown))
    }
    /// The info of a candidate already considered.
    fn known(&self) -> Info {
        self.info.expect("info computed when picked")
    }
}

fn first_word(s: &str) -> &str {
    let t = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = t.find(|c: char| !c.is_alphanumeric()).unwrap_or(t.len());
    &t[..end]
}

/// Punctuation facts about a sentence, gathered in one pass over its bytes.
#[derive(Default)]
struct Marks {
    /// "?", "|", "…" or "..." anywhere: a teaser question, a page title or an elision.
    odd: bool,
    /// Any quote mark.
    quote: bool,
    /// Quote marks and parentheses pair up.
    balanced: bool,
}

fn marks(s: &str) -> Marks {
    let (mut low, mut c1, mut c2, mut straight, mut g1, mut g2, mut po, mut pc) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    let mut odd = false;
    let b = s.as_bytes();
    let mut dots = 0;
    for i in 0..b.len() {
        match b[i] {
            b'.' => {
                dots += 1;
                if dots >= 3 {
                    odd = true;
                }
                continue;
            }
            b'?' | b'|' => odd = true,
            b'"' => straight += 1,
            b'(' => po += 1,
            b')' => pc += 1,
            0xE2 if i + 2 < b.len() && b[i + 1] == 0x80 => match b[i + 2] {
                0x9E => low += 1,   // „
                0x9C => c1 += 1,    // “
                0x9D => c2 += 1,    // ”
                0xA6 => odd = true, // …
                _ => {}
            },
            0xC2 if i + 1 < b.len() => match b[i + 1] {
                0xBB => g1 += 1, // »
                0xAB => g2 += 1, // «
                _ => {}
            },
            _ => {}
        }
        dots = 0;
    }
    let curly = if low > 0 { low == c1 + c2 } else { c1 == c2 };
    Marks {
        odd,
        quote: low + c1 + c2 + straight + g1 + g2 > 0,
        balanced: curly && straight % 2 == 0 && g1 == g2 && po == pc,
    }
}

/// How many sentences a generic splitter might find in `s` (one of ours): one plus the ordinals
/// before a capitalised word that is not a month ("der 2. Weltkrieg", "im 19. Jahrhundert"), which
/// common splitters break.
pub(crate) fn generic_parts(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 1;
    for (i, _) in s.match_indices(". ") {
        if i == 0 || !b[i - 1].is_ascii_digit() {
            continue;
        }
        let rest = &s[i + 2..];
        let next = rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if next.chars().next().is_some_and(|c| c.is_uppercase()) && !crate::segment::is_month(next)
        {
            n += 1;
        }
    }
    n
}

fn looks_ok(s: &str, words: usize, m: &Marks) -> bool {
    if !(MIN_SENTENCE_WORDS..=MAX_SENTENCE_WORDS).contains(&words) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    // Not a digit either: generic splitters glue "… Fans. 15 Jahre später …" to the sentence before.
    if !(first.is_uppercase() || matches!(first, '„' | '"' | '»' | '«' | '“')) {
        return false;
    }
    // Must end a sentence: a full stop or exclamation mark, optionally inside a closing quote.
    let core = s.trim_end_matches(['"', '“', '”', '»', '«', '’', '\'', ')']);
    if !(core.ends_with('.') || core.ends_with('!'))
        || core.ends_with("...")
        || core.ends_with("..")
    {
        return false;
    }
    if m.odd || !m.balanced {
        return false;
    }
    // Bylines: "Von Anna Beispiel" and friends.
    let fw = first_word(s);
    if (fw == "Von" || fw == "By") && words <= 8 {
        return false;
    }
    // A sub-heading glued to the sentence: "… wird schwierig Das Schloss …".
    let mut prev_plain = false;
    let b = s.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        if i < b.len() && b[i] != b' ' {
            continue;
        }
        // The words between single spaces.
        let w = &s[start..i];
        start = i + 1;
        if prev_plain
            && w.len() <= 6
            && w.as_bytes().first().is_some_and(|b| b.is_ascii_uppercase())
            && GLUE_MARKERS.contains(&w)
        {
            return false;
        }
        prev_plain = match w.as_bytes().last() {
            None => false,
            Some(&l) if l < 0x80 => l.is_ascii_alphanumeric(),
            Some(_) => w.chars().next_back().is_some_and(|c| c.is_alphanumeric()),
        };
    }
    !furniture(s)
}

/// True for a sentence the extractive TLDR may show: whole, of sentence length, no page
/// furniture (credits, reading tips), quotes balanced. The TLDRs by kind (`kinds.rs`) use it.
pub(crate) fn usable(s: &str) -> bool {
    looks_ok(s, word_count(s), &marks(s))
}

/// Quoted spans of `tldr` the way a strict reader pairs them (German „…“, guillemets »…« and straight
/// quotes, each with at least three characters), each checked verbatim (whitespace-normalised)
/// against `article_flat`.
#[cfg(test)]
pub(crate) fn quoted_spans_verbatim(tldr: &str, article_flat: &str) -> bool {
    quoted_spans_found(tldr, |q| article_flat.contains(q))
}

/// Whether `found` holds for every quoted span of `tldr` (see [`quoted_spans_verbatim`]),
/// each whitespace-normalised.
fn quoted_spans_found(tldr: &str, mut found: impl FnMut(&str) -> bool) -> bool {
    fn spans<'a>(t: &'a str, open: char, closers: &[char], out: &mut Vec<&'a str>) {
        let mut rest = t;
        while let Some(p) = rest.find(open) {
            let after = &rest[p + open.len_utf8()..];
            match after.char_indices().find(|(_, c)| closers.contains(c)) {
                Some((q, _)) if after[..q].chars().count() >= 3 => {
                    out.push(&after[..q]);
                    let cl = after[q..].chars().next().unwrap().len_utf8();
                    rest = &after[q + cl..];
                }
                Some(_) => rest = after,
                None => break,
            }
        }
    }
    let mut all = Vec::new();
    spans(tldr, '„', &['“', '”', '"'], &mut all);
    spans(tldr, '»', &['«'], &mut all);
    spans(tldr, '"', &['"'], &mut all);
    all.iter().all(|q| {
        let norm = q.split_whitespace().collect::<Vec<_>>().join(" ");
        found(&norm)
    })
}

fn candidates(doc: &Document) -> Vec<Candidate> {
    let n = doc.sentences.len().min(MAX_SCORED);
    let mut out = Vec::with_capacity(n);
    for (i, s) in doc.sentences.iter().enumerate().take(n) {
        let para_start =
            i == 0 || doc.sentence_paragraph.get(i) != doc.sentence_paragraph.get(i - 1);
        let skip = if para_start { dateline_len(s) } else { 0 };
        let shown = &s[skip..];
        // About one content word per eight bytes: room enough that the list rarely grows.
        let mut tokens = Vec::with_capacity(shown.len() / 8 + 4);
        content_hashes(shown, &mut tokens);
        tokens.sort_unstable();
        tokens.dedup();
        out.push(Candidate {
            index: i,
            phrases: Vec::new(),
            skip,
            tokens,
            score: 0.0,
            title_words: 0,
            info: None,
        });
    }
    out
}

/// The sorted, distinct content-word hashes of the title.
fn title_tokens(doc: &Document) -> Vec<u64> {
    let mut title = Vec::new();
    content_hashes(&doc.title, &mut title);
    title.sort_unstable();
    title.dedup();
    title
}

/// ln(n), from a table for small counts.
fn ln_count(n: u32) -> f32 {
    const LN: [f32; 9] = [
        0.0,
        0.0,
        std::f32::consts::LN_2,
        1.098_612_3,
        2.0 * std::f32::consts::LN_2,
        1.609_438,
        1.791_759_5,
        1.945_910_1,
        3.0 * std::f32::consts::LN_2,
    ];
    match LN.get(n as usize) {
        Some(&v) => v,
        None => (n as f32).ln(),
    }
}

/// Appends the hashes of the content words of `s`, folded, light-stemmed and cut to their first `p`
/// bytes (whole when `p` is 0), stop words left out, to `out`; `buf` is scratch space.
fn word_beginnings(s: &str, p: usize, buf: &mut String, out: &mut Vec<u64>) {
    crate::text::for_each_word(s, |w, _| {
        buf.clear();
        for c in w.chars() {
            crate::text::push_folded(c, buf);
        }
        if buf.len() < 2 || (buf.len() <= 8 && crate::text::is_stopword_hash(hash_str(buf))) {
            return;
        }
        let stem = crate::text::light_stem(buf);
        let key = if p > 0 && stem.len() > p && stem.is_char_boundary(p) {
            &stem[..p]
        } else {
            stem
        };
        out.push(hash_str(key));
    });
}

fn score(doc: &Document, cands: &mut [Candidate], w: &Weights) {
    let total: usize = cands.iter().map(|c| c.tokens.len()).sum();
    let mut df: HashMap64<u32> = HashMap64::with_capacity_and_hasher(total, Default::default());
    for c in cands.iter() {
        for &t in &c.tokens {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let mut buf = String::new();
    let mut title = Vec::new();
    word_beginnings(&doc.title, w.title_prefix, &mut buf, &mut title);
    let title: HashSet64 = title.into_iter().collect();
    let mut words = Vec::new();
    let mut cent = Vec::with_capacity(cands.len());
    let mut tov = Vec::with_capacity(cands.len());
    let mut title_words = Vec::with_capacity(cands.len());
    for c in cands.iter() {
        let shared: f32 = c.tokens.iter().map(|t| ln_count(df[t])).sum();
        cent.push(shared / ((c.tokens.len() as f32) + 4.0).sqrt());
        let o = if title.is_empty() {
            0
        } else {
            words.clear();
            word_beginnings(
                &doc.sentences[c.index][c.skip..],
                w.title_prefix,
                &mut buf,
                &mut words,
            );
            words.sort_unstable();
            words.dedup();
            words.iter().filter(|t| title.contains(t)).count()
        };
        title_words.push(o);
        tov.push(if title.is_empty() {
            0.0
        } else {
            o as f32 / title.len() as f32
        });
    }
    let max_c = cent.iter().cloned().fold(1e-6, f32::max);
    let max_t = tov.iter().cloned().fold(1e-6, f32::max);
    for (k, c) in cands.iter_mut().enumerate() {
        let pos = 1.0 / (1.0 + w.position_decay * c.index as f32);
        c.title_words = title_words[k];
        c.score = pos + w.centrality * cent[k] / max_c + w.title * tov[k] / max_t;
        let shown = &doc.sentences[c.index][c.skip..];
        if w.short > 0.0 && word_count(shown) < w.short_words {
            c.score -= w.short;
        }
    }
}

fn overlap(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n as f32 / a.len().min(b.len()) as f32
}

/// Greedy choice of sentences; `allow_quotes` false drops every sentence with a quote mark.
fn choose(
    doc: &Document,
    cands: &mut [Candidate],
    title: &[u64],
    strict: bool,
    allow_quotes: bool,
    w: &Weights,
) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let (mut words, mut parts) = (0usize, 0usize);
    // The strict pass looks at the best-scored sentences only; the relaxed one at all of them.
    let floor = if strict && cands.len() > POOL {
        let mut sc: Vec<f32> = cands.iter().map(|c| c.score).collect();
        sc.select_nth_unstable_by(POOL - 1, |a, b| b.total_cmp(a));
        sc[POOL - 1]
    } else {
        f32::NEG_INFINITY
    };
    // Candidates by descending score, equal scores in index order: the scan can stop at the
    // first score below the best adjusted one, so fewer candidates need their info.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| cands[b].score.total_cmp(&cands[a].score));
    loop {
        if picked.len() >= MIN_SENTENCES && words >= MIN_WORDS {
            break;
        }
        if picked.len() >= MAX_SENTENCES {
            break;
        }
        let mut best: Option<(usize, f32, Option<usize>)> = None;
        for &k in &order {
            if picked.contains(&k) {
                continue;
            }
            if cands[k].score < floor || best.is_some_and(|(_, b, _)| cands[k].score < b) {
                // Adjustments only lower a score: neither this one nor any after it can win.
                break;
            }
            let info = cands[k].info(doc);
            let c = &cands[k];
            if !info.ok || (!allow_quotes && info.has_quote) {
                continue;
            }
            // Of two sentences that tell the same in the same words (a shared run of PHRASE
            // words), the one with more of the headline's words: a later one may take the place
            // of a chosen one that nothing else leans on; otherwise it is marked down.
            let mut replaces: Option<usize> = None;
            let mut repeats = false;
            if w.phrase > 0.0 {
                let mut clash = picked
                    .iter()
                    .copied()
                    .filter(|&p| meet(&c.phrases, &cands[p].phrases));
                if let Some(p) = clash.next() {
                    repeats = true;
                    let leaned_on = picked.iter().any(|&q| {
                        cands[q].index == cands[p].index + 1 && cands[q].known().anaphoric
                    });
                    if clash.next().is_none()
                        && c.title_words > cands[p].title_words
                        && !leaned_on
                        && c.index != cands[p].index + 1
                    {
                        replaces = Some(p);
                    }
                }
            }
            let (gone_words, gone_parts) = match replaces {
                Some(p) => (cands[p].known().words, cands[p].known().parts),
                None => (0, 0),
            };
            if words + info.words - gone_words > MAX_WORDS
                || parts + info.parts - gone_parts > MAX_SENTENCES
            {
                continue;
            }
            let redundant = picked.iter().any(|&p| {
                Some(p) != replaces && overlap(&c.tokens, &cands[p].tokens) > w.redundancy
            });
            if strict && redundant {
                continue;
            }
            // A sentence that leans on the one before it only with that one.
            if info.anaphoric && !picked.iter().any(|&p| cands[p].index + 1 == c.index) {
                continue;
            }
            if strict && repeats && replaces.is_none() {
                continue;
            }
            let mut s = c.score - w.per_word * info.words as f32;
            if repeats && replaces.is_none() {
                s -= w.phrase;
            }
            // The news first: a sentence that would open the TLDR shares a word with the title.
            if !title.is_empty()
                && c.title_words == 0
                && picked.iter().all(|&p| cands[p].index > c.index)
            {
                s -= w.background_opener;
            }
            // Close to the word target: prefer sentences that reach it without overshooting.
            if picked.len() + usize::from(replaces.is_none()) >= MIN_SENTENCES {
                let total = words + info.words - gone_words;
                if total < MIN_WORDS {
                    s -= w.length_pull * (MIN_WORDS - total) as f32;
                } else {
                    s -= w.length_pull * (total - MIN_WORDS) as f32;
                }
            }
            // The best adjusted score; of equal ones the first sentence (as in index order).
            if best.is_none_or(|(bk, b, _)| s > b || (s == b && k < bk)) {
                best = Some((k, s, replaces));
            }
        }
        let Some((k, _, replaces)) = best else { break };
        if let Some(p) = replaces {
            picked.retain(|&q| q != p);
            words -= cands[p].known().words;
            parts -= cands[p].known().parts;
        }
        picked.push(k);
        words += cands[k].known().words;
        parts += cands[k].known().parts;
    }
    // The headline states the story: while the TLDR covers less than TITLE_COVERAGE of its words,
    // add the sentence that covers most of the rest (if one covers at least one, and there is room).
    fn covered(cands: &[Candidate], title: &[u64], picked: &[usize]) -> usize {
        title
            .iter()
            .filter(|t| {
                picked
                    .iter()
                    .any(|&p| cands[p].tokens.binary_search(t).is_ok())
            })
            .count()
    }
    while picked.len() >= MIN_SENTENCES
        && picked.len() < MAX_SENTENCES
        && (covered(cands, title, &picked) as f32) < TITLE_COVERAGE * title.len() as f32
    {
        let have = covered(cands, title, &picked);
        let mut best: Option<(usize, usize, f32)> = None;
        for k in 0..cands.len() {
            if picked.contains(&k) {
                continue;
            }
            // Only a sentence that covers more of the title can be added: that is checked first.
            picked.push(k);
            let gain = covered(cands, title, &picked) - have;
            picked.pop();
            if gain == 0 {
                continue;
            }
            let info = cands[k].info(doc);
            let leaning =
                info.anaphoric && !picked.iter().any(|&p| cands[p].index + 1 == cands[k].index);
            if !info.ok
                || leaning
                || (!allow_quotes && info.has_quote)
                || words + info.words > MAX_WORDS
                || parts + info.parts > MAX_SENTENCES
            {
                continue;
            }
            if picked.iter().any(|&p| {
                overlap(&cands[k].tokens, &cands[p].tokens) > w.redundancy
                    || (w.phrase > 0.0 && meet(&cands[k].phrases, &cands[p].phrases))
            }) {
                continue;
            }
            let sc = cands[k].score;
            if gain > 0 && best.is_none_or(|(_, g, s)| gain > g || (gain == g && sc > s)) {
                best = Some((k, gain, sc));
            }
        }
        let Some((k, _, _)) = best else { break };
        picked.push(k);
        words += cands[k].known().words;
        parts += cands[k].known().parts;
    }
    picked.sort_by_key(|&k| cands[k].index);
    picked
}

/// The paragraphs' words (split at Unicode whitespace) joined by single spaces.
fn flat(doc: &Document) -> String {
    let mut s = String::with_capacity(doc.paragraphs.iter().map(|p| p.len() + 1).sum());
    for p in &doc.paragraphs {
        let b = p.as_bytes();
        // The length of the whitespace character at `i`, 0 for any other.
        let ws = |i: usize| -> (usize, usize) {
            let c = b[i];
            if c < 0x80 {
                (usize::from(c == b' ' || (0x09..=0x0d).contains(&c)), 1)
            } else {
                let ch = p[i..].chars().next().unwrap_or('\0');
                let n = ch.len_utf8();
                (if ch.is_whitespace() { n } else { 0 }, n)
            }
        };
        let mut i = 0;
        while i < b.len() {
            let (w, _) = ws(i);
            if w > 0 {
                i += w;
                continue;
            }
            let start = i;
            while i < b.len() {
                let (w, n) = ws(i);
                if w > 0 {
                    break;
                }
                i += n;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&p[start..i]);
        }
    }
    s
}

fn build(doc: &Document, cands: &[Candidate], picked: &[usize]) -> Vec<TldrSentence> {
    picked
        .iter()
        .map(|&k| {
            let c = &cands[k];
            TldrSentence {
                text: doc.sentences[c.index][c.skip..].to_string(),
                support: vec![c.index],
            }
        })
        .collect()
}

/// The extractive TLDR of `doc` (see [`crate::extractive`]) with the weights `w`.
pub(crate) fn extractive(doc: &Document, w: &Weights) -> Tldr {
    let mut cands = candidates(doc);
    score(doc, &mut cands, w);
    let words = |c: &[Candidate], p: &[usize]| p.iter().map(|&k| c[k].known().words).sum::<usize>();
    let title = title_tokens(doc);
    let mut picked = choose(doc, &mut cands, &title, true, true, w);
    if picked.len() < MIN_SENTENCES || words(&cands, &picked) < MIN_WORDS {
        picked = choose(doc, &mut cands, &title, false, true, w);
    }
    if picked.iter().any(|&k| cands[k].known().has_quote) {
        let text = build(doc, &cands, &picked)
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // A span (whitespace-normalised) found in one paragraph is in the flat text too; only
        // the others are looked up there.
        let mut flat_text: Option<String> = None;
        let verbatim = quoted_spans_found(&text, |q| {
            doc.paragraphs.iter().any(|p| p.contains(q))
                || flat_text.get_or_insert_with(|| flat(doc)).contains(q)
        });
        if !verbatim {
            let alt = choose(doc, &mut cands, &title, false, false, w);
            if alt.len() >= MIN_SENTENCES.min(picked.len()) {
                picked = alt;
            }
        }
    }
    if picked.is_empty() {
        // Nothing passed the filters (a very short or odd text): the first sentences, as they are.
        picked = (0..cands.len().min(MIN_SENTENCES)).collect();
    }
    Tldr {
        sentences: build(doc, &cands, &picked),
        method: Method::Extractive,
        model: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> bool {
        looks_ok(s, word_count(s), &marks(s))
    }

    #[test]
    fn furniture_is_rejected() {
        for s in [
            "Lesen Sie auch: Was der Kanzler jetzt plant.",
            "Foto: Anna Beispiel / dpa",
            "Von Anna Beispiel und Max Muster.",
            "Was bedeutet das für die Mieter?",
            "Die Regierung will das Gesetz noch vor dem",
            "Pizza bestellen wird schwierig Das Schloss ist hunderte Jahre alt.",
            "Er sagte: „Wir kommen morgen wieder.",
        ] {
            assert!(!ok(s), "{s}");
        }
        assert!(ok("Die Regierung hat das Gesetz am Montag beschlossen."));
        assert!(ok("Größerer Schaden entstand südöstlich von Graz."));
        assert!(!ok("Abonnieren Sie unseren Newsletter für mehr."));
        // heise, "Lithium aus dem Schredder": the magazine speaking of its own edition.
        assert!(!ok("Das berichtet das Magazin Technology Review in seiner aktuellen Ausgabe 7/2019 (jetzt am Kiosk oder hier zu bestellen)."));
        assert!(ok("Die Ausgabe des Geldes wurde vom Rat beschlossen."));
        assert!(ok("„Wir kommen wieder“, sagte die Ministerin am Abend."));
    }

    #[test]
    fn flat_and_lower_match_their_definitions() {
        let texts = [
            "",
            "  Ein  Satz\u{a0}mit\tvier \n",
            "ΣΑΣ Größe\u{2009}İstanbul \u{212a}elvin\u{85}x",
            "\u{3000}\u{ad}Ünd  ",
            "Er sagte: „Ja.“",
        ];
        let doc = Document::new("T", texts.iter().map(|t| t.to_string()).collect(), None);
        let mut expect = String::new();
        for p in &doc.paragraphs {
            for w in p.split_whitespace() {
                if !expect.is_empty() {
                    expect.push(' ');
                }
                expect.push_str(w);
            }
        }
        assert_eq!(flat(&doc), expect);
        for t in texts {
            assert_eq!(crate::text::lower(t), t.to_lowercase(), "{t:?}");
        }
    }

    #[test]
    fn generic_parts_counts_ordinals() {
        assert_eq!(generic_parts("Der 2. Weltkrieg endete 1945."), 2);
        assert_eq!(generic_parts("Es kamen z. B. viele."), 1);
        assert_eq!(generic_parts("Er kam am 3. Oktober."), 1);
    }

    #[test]
    fn quote_check_pairs_like_a_reader() {
        let art =
            "Sie sagte «A ist gut». Dann kam er lange nicht. Am Abend meinte Paul «B ist besser».";
        assert!(quoted_spans_verbatim(
            "Sie sagte «A ist gut». Dann kam er lange nicht.",
            art
        ));
        assert!(!quoted_spans_verbatim(
            "Sie sagte «A ist gut». Paul meinte «B ist besser».",
            art
        ));
        assert!(!quoted_spans_verbatim("Er sagte „C ist gut“.", art));
    }

    fn doc(title: &str, sentences: &[&str]) -> Document {
        Document::new(title, vec![sentences.join(" ")], Some("de"))
    }

    fn texts(t: &Tldr) -> Vec<&str> {
        t.sentences.iter().map(|s| s.text.as_str()).collect()
    }

    /// A town's bridge: two background lines first (one short), the news third.
    const BRIDGE: &[&str] = &[
        "Die Stadt Neustadt wächst rasant.",
        "Seit Jahren staut sich der Verkehr in der Altstadt an jedem Werktag bis in den Abend.",
        "Am Montag hat Bürgermeisterin Anna Beispiel die neue Brücke über den Fluss eröffnet.",
        "Die Brücke kostete zwölf Millionen Euro und wurde in nur zwei Jahren gebaut.",
        "Täglich sollen rund 20.000 Autos über die Brücke fahren.",
        "Anwohner feierten die Eröffnung mit einem Fest am Ufer des Flusses.",
        "Der Bau hatte sich wegen eines Rechtsstreits um ein Jahr verzögert.",
    ];
    const BRIDGE_TITLE: &str = "Bürgermeisterin eröffnet neue Brücke über den Fluss";

    #[test]
    fn the_tldr_opens_with_the_news_not_the_background() {
        let d = doc(BRIDGE_TITLE, BRIDGE);
        let t = extractive(&d, &Weights::DEFAULT);
        let s = texts(&t);
        assert!(s[0].starts_with("Am Montag hat Bürgermeisterin"), "{s:?}");
        assert!(!s.contains(&"Die Stadt Neustadt wächst rasant."), "{s:?}");
        // Without the two rules (short lines marked down, an opener sharing a headline word), the
        // lead bias puts the background line first.
        let old = Weights {
            short: 0.0,
            background_opener: 0.0,
            ..Weights::DEFAULT
        };
        let s = texts(&extractive(&d, &old)).join(" ");
        assert!(!s.starts_with("Am Montag"), "{s}");
    }

    #[test]
    fn a_short_line_is_marked_down() {
        // No title: only the short-line rule can keep the four-word line out.
        let d = doc("", BRIDGE);
        let with = texts(&extractive(&d, &Weights::DEFAULT)).join(" ");
        assert!(!with.contains("Neustadt wächst"), "{with}");
        let without = Weights {
            short: 0.0,
            ..Weights::DEFAULT
        };
        let without = texts(&extractive(&d, &without)).join(" ");
        assert!(without.starts_with("Die Stadt Neustadt"), "{without}");
    }

    #[test]
    fn title_words_match_on_their_beginnings() {
        let hashes = |s: &str, p: usize| {
            let (mut buf, mut out) = (String::new(), Vec::new());
            word_beginnings(s, p, &mut buf, &mut out);
            out
        };
        let title = hashes("Putin dankt für nordkoreanische Truppen", 6);
        let sentence = hashes("Nordkorea hatte mehr als 10.000 Soldaten geschickt.", 6);
        assert!(sentence.iter().any(|h| title.contains(h)));
        // Whole words (p = 0) do not match a derived form, and stop words never match.
        let title0 = hashes("Putin dankt für nordkoreanische Truppen", 0);
        let sentence0 = hashes("Nordkorea hatte mehr als 10.000 Soldaten geschickt.", 0);
        assert!(!sentence0.iter().any(|h| title0.contains(h)));
        assert!(hashes("für die und mit", 6).is_empty());
        // Inflected forms meet: "Brücken" finds "Brücke".
        assert_eq!(hashes("Brücken", 6), hashes("Brücke", 6));
    }

    #[test]
    fn phrases_are_runs_of_four_words() {
        let a = phrases("In einem Brief an den Diktator schreibt Putin.");
        let b = phrases("Dafür hat er sich in einem Brief an Kim bedankt.");
        let c = phrases("Er schrieb einen Brief an den Machthaber.");
        assert!(meet(&a, &b), "\"in einem Brief an\" in both");
        assert!(!meet(&a, &c), "\"Brief an den\" is three words");
    }

    #[test]
    fn of_two_sentences_in_the_same_words_the_one_closer_to_the_headline_stays() {
        let d = doc(
            "Putin bedankt sich bei Kim Jong Un für Soldaten",
            &[
                "In einem Brief an den Machthaber in Pjöngjang schreibt Putin von Freundschaft.",
                "Im Sommer 2024 besetzten ukrainische Truppen Gebiete rund um die Stadt Kursk.",
                "Nun hat sich Putin in einem Brief an den Machthaber Kim Jong Un für die Soldaten bedankt.",
                "Nordkorea hatte mehr als 10.000 Soldaten nach Russland geschickt.",
                "Im April bestätigte die Regierung in Pjöngjang den Einsatz erstmals öffentlich.",
                "Mitte Dezember kehrten die ersten Soldaten nach Nordkorea zurück.",
            ],
        );
        let s = texts(&extractive(&d, &Weights::DEFAULT)).join(" ");
        assert!(s.contains("für die Soldaten bedankt"), "{s}");
        assert!(!s.contains("schreibt Putin von Freundschaft"), "{s}");
        assert_eq!(
            s.matches("in einem Brief an den Machthaber").count()
                + s.matches("In einem Brief an den Machthaber").count(),
            1,
            "{s}"
        );
        // Without the rule both are shown.
        let without = Weights {
            phrase: 0.0,
            ..Weights::DEFAULT
        };
        let s = texts(&extractive(&d, &without)).join(" ");
        assert!(
            s.contains("schreibt Putin von Freundschaft") && s.contains("bedankt"),
            "{s}"
        );
    }

    #[test]
    fn shorter_sentences_are_preferred_at_like_scores() {
        let d = doc(
            "",
            &[
                "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.",
                "Für den Haushalt mit den höheren Ausgaben stimmten nach einer langen und hitzigen Debatte über Steuern und Schulden im Saal des Rathauses am späten Abend 31 der 45 Mitglieder des Stadtrats.",
                "Die Ausgaben im Haushalt des Stadtrats steigen um vier Prozent auf 80 Millionen Euro.",
                "Der größte Posten des Haushalts sind die Schulen und Kitas der Stadt.",
                "Die Opposition im Stadtrat nannte den Haushalt viel zu teuer.",
            ],
        );
        let t = |w: &Weights| extractive(&d, w).text();
        let without = Weights {
            per_word: 0.0,
            ..Weights::DEFAULT
        };
        let (short, long) = (t(&Weights::DEFAULT), t(&without));
        assert!(!short.contains("hitzigen Debatte"), "{short}");
        assert!(long.contains("hitzigen Debatte"), "{long}");
        assert!(word_count(&short) < word_count(&long), "{short} / {long}");
    }

    #[test]
    fn the_lead_is_preferred_among_like_sentences() {
        // Two sentences with the same words: the earlier one is chosen, the later one repeats it.
        let d = doc(
            "",
            &[
                "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.",
                "Die Ausgaben steigen um vier Prozent auf 80 Millionen Euro im Jahr.",
                "Der größte Posten des Haushalts sind die Schulen der Stadt.",
                "Am Dienstag hat der Stadtrat den Haushalt für das kommende Jahr beschlossen.",
                "Die Opposition kritisierte den Haushalt als viel zu teuer.",
            ],
        );
        let t = extractive(&d, &Weights::DEFAULT);
        let s = texts(&t);
        assert!(s[0].starts_with("Der Stadtrat hat am Dienstag"), "{s:?}");
        assert!(
            !s.iter()
                .any(|x| x.starts_with("Am Dienstag hat der Stadtrat")),
            "{s:?}"
        );
    }

    #[test]
    fn sentences_giving_a_reason_or_a_consequence_lean_back() {
        for s in [
            "Denn der Playboy ist auch nach fast 70 Jahren nicht wegzudenken.",
            "Daraufhin habe sie ihre Einschätzung mit Bildern abgeglichen.",
            "Ausserdem habe der Angeklagte kein Attest vorweisen können.",
            "Darin stecken große Anteile an Lithium, Graphit und Kobalt.",
            "Bei einer geringeren Haltedauer lohnt sich die Finanzierung nämlich nicht.",
        ] {
            assert!(Info::of(s).anaphoric, "{s}");
        }
        assert!(!Info::of("Der Playboy zeigt drei Sportlerinnen auf dem Cover.").anaphoric);
    }
}
