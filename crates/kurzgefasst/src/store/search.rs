//! Full-text search: SQLite FTS5 over a pre-stemmed copy of each article (migration
//! `0003_search.sql`).
//!
//! Every word is folded and stemmed in Rust by [`term_key`] (lower case, `ae`/`oe`/`ue` read as
//! `ä`/`ö`/`ü`, then the German Snowball stemmer, which folds umlauts and `ß`), both when an
//! article is indexed and when a query is parsed, so "Häuser" finds "Haus" and "Strasse" finds
//! "Straße". Query words of four or more letters also match as prefixes, so "Radweg" finds
//! "Radwegenetz". Phrases in quotes keep their word order; `-wort` excludes. Results are ranked
//! by bm25 (title weighs more than text) or by date, filtered by source and date, and come with
//! highlighted title and snippet, computed here on the original text.
//!
//! Relevance ranks the newest [`RANK_WINDOW`] matches. Without filters, when the newest
//! [`RECENT_WINDOW`] article ids hold that many matches, the matches and their bm25 statistics
//! come from those articles alone: SQLite keeps them in a second, small FTS5 index
//! (`article_fts_recent`, migration `0010_recent_search.sql`), PostgreSQL restricts its counts to
//! the same ids. A frequent word then costs time in the window, not in the whole store.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use super::{SqliteStore, StoreError, StoredArticle};

/// Version of the index's content: bump it when [`term_key`] changes, and the index is rebuilt
/// on the next open.
pub(super) const INDEX_VERSION: &str = "1";
/// The setting that records which [`INDEX_VERSION`] the stored index was built with.
pub(super) const VERSION_SETTING: &str = "search_index_version";
/// Relevance ranks the newest this many matches (see [`Store::search`]).
pub(super) const RANK_WINDOW: usize = 2000;
/// Relevance ranks the newest matches; when the newest this many article ids hold a whole rank
/// window of them, the matches and their bm25 statistics (document count, mean length, each
/// part's document frequency) come from those articles alone (`article_fts_recent` in SQLite),
/// so a frequent word costs time in the window, not in the store. Overridden per database by
/// the setting [`RECENT_WINDOW_SETTING`] (tests use small windows).
pub(super) const RECENT_WINDOW: i64 = 100_000;
/// The setting holding the recent window's size, when it is not [`RECENT_WINDOW`].
pub(super) const RECENT_WINDOW_SETTING: &str = "search_recent_window";
/// SQLite: the setting holding the floor of the recent index: it holds exactly the articles
/// with a greater id. The floor is the highest id indexed so far less the window.
const RECENT_FLOOR_SETTING: &str = "search_recent_floor";
/// SQLite: the setting holding the recent index's gap, when it has one: the recent index then
/// holds exactly the articles with an id above both the floor and the gap. No search reads the
/// recent index before the store outgrows the window, so while the store holds at most half a
/// window its rows are not written (the gap follows the highest id); beyond half a window the
/// gap is closed from the top down, two ids per new id ([`recent_gap_target`]), so that it is
/// closed before the floor turns positive. A store that never grows beyond half a window never
/// pays for the recent index.
const RECENT_GAP_SETTING: &str = "search_recent_gap";
/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

/// Frequent German function words, dropped from queries outside phrases (they are still indexed,
/// so phrases containing them work).
const STOPWORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "und", "oder", "in", "im", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "zu",
    "zum", "zur", "für", "über", "um", "ist", "sind", "war", "hat", "wird", "es", "sie", "er",
    "sich", "nicht", "auch", "als", "wie", "dass", "so", "the", "a", "an", "of", "and", "or", "to",
];

/// How search results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// Best match first (bm25; title matches weigh more).
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search: the query text and its filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// What the user typed: words, `"phrases"`, `-excluded` words. Empty lists by the filters alone.
    pub text: String,
    /// Only articles carried by this source.
    pub source: Option<i64>,
    /// Only articles of sources this reader follows (a logged-in reader's lists).
    pub user: Option<i64>,
    /// Only articles of sources in this category (one reader's; see `readers.rs`).
    pub category: Option<i64>,
    /// Only articles filed under this Ressort.
    pub ressort: Option<crate::ressort::Ressort>,
    /// Only articles published at or after this time (Unix seconds).
    pub from: Option<i64>,
    /// Only articles published before this time (Unix seconds).
    pub until: Option<i64>,
    /// The order of the results.
    pub sort: SearchSort,
    /// How many results to return.
    pub limit: usize,
    /// How many results to skip.
    pub offset: usize,
}

impl SearchQuery {
    /// The conditions of the reader, category and Ressort filters over `articles a`, each
    /// starting with ` AND` (empty without them): the same text for both engines. Numbers and
    /// a Ressort slug of the fixed list are written into the SQL, so they need no parameters.
    pub(super) fn scope_conditions(&self) -> String {
        let mut c = super::readers::scope_filter(self.user, self.category);
        if let Some(r) = self.ressort {
            c.push_str(&format!(" AND a.ressort = '{}'", r.slug()));
        }
        c
    }

    /// True without any filter (then relevance may read the recent index).
    pub(super) fn unfiltered(&self) -> bool {
        self.from.is_none()
            && self.until.is_none()
            && self.source.is_none()
            && self.user.is_none()
            && self.category.is_none()
            && self.ressort.is_none()
    }
}

/// A piece of highlighted text: `hit` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text, unescaped.
    pub text: String,
    /// True when this piece matched a query word.
    pub hit: bool,
}

/// Text split into pieces that did and did not match the query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Highlighted {
    /// True when text before the first piece was left out.
    pub cut_start: bool,
    /// The pieces, in order.
    pub pieces: Vec<Piece>,
    /// True when text after the last piece was left out.
    pub cut_end: bool,
}

impl Highlighted {
    /// The text without markup, with "…" where text was left out.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        if self.cut_start {
            s.push_str("… ");
        }
        for p in &self.pieces {
            s.push_str(&p.text);
        }
        if self.cut_end {
            s.push_str(" …");
        }
        s
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The article.
    pub article: StoredArticle,
    /// bm25 score (lower is better, as SQLite reports it); 0 when listing by filters alone.
    pub score: f64,
    /// The title with the matching words marked.
    pub title: Highlighted,
    /// The best-matching passage of the text with the matching words marked.
    pub snippet: Highlighted,
}

impl SearchHit {
    /// A hit for `article` with its title and best passage highlighted for `query`; both
    /// engines build their hits with it.
    pub(crate) fn highlighted(
        article: StoredArticle,
        score: f64,
        query: &ParsedQuery,
    ) -> SearchHit {
        let title = query.highlight_all(&article.title);
        let snippet = query.snippet(&article.content);
        SearchHit {
            article,
            score,
            title,
            snippet,
        }
    }
}

/// A page of search results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The hits, in order.
    pub hits: Vec<SearchHit>,
    /// True when there are more results after this page.
    pub more: bool,
}

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    /// The keys of the part's words ([`term_key`]); more than one for a phrase.
    keys: Vec<String>,
    /// True when the (single) word also matches as a prefix.
    prefix: bool,
    /// True for `-word`: articles containing it are excluded.
    negated: bool,
}

impl Part {
    /// This part alone as `tsquery` text.
    fn tsquery(&self) -> String {
        let quoted: Vec<String> = self.keys.iter().map(|k| format!("'{k}'")).collect();
        if self.prefix {
            format!("{}:*", quoted[0])
        } else if quoted.len() == 1 {
            quoted[0].clone()
        } else {
            format!("({})", quoted.join(" <-> "))
        }
    }

    /// How often this part occurs in a column's keys (as FTS5 counts phrase hits).
    fn occurrences(&self, tokens: &[&str]) -> usize {
        let n = self.keys.len();
        if n == 0 || tokens.len() < n {
            return 0;
        }
        (0..=tokens.len() - n)
            .filter(|&i| {
                self.keys.iter().enumerate().all(|(j, k)| {
                    let t = tokens[i + j];
                    t == k || (self.prefix && t.starts_with(k.as_str()))
                })
            })
            .count()
    }
}

/// What bm25 needs to know of the whole index: its number of rows, their mean length, and the
/// inverse document frequency of each positive query part.
#[derive(Debug, Clone)]
pub(super) struct Bm25Corpus {
    /// Mean number of keys per article.
    pub(super) avgdl: f64,
    /// `ln((N - n + 0.5) / (n + 0.5))` per positive part (n: articles containing it), at least 1e-6.
    pub(super) idf: Vec<f64>,
}

impl Bm25Corpus {
    /// The corpus figures from the number of articles, their total keys, and the number of
    /// articles containing each positive part, as FTS5 derives them.
    pub(super) fn new(rows: i64, total_tokens: i64, hits: &[i64]) -> Bm25Corpus {
        let n = rows.max(1) as f64;
        let idf = hits
            .iter()
            .map(|&h| {
                let v = ((n - h as f64 + 0.5) / (h as f64 + 0.5)).ln();
                if v <= 0.0 {
                    1e-6
                } else {
                    v
                }
            })
            .collect();
        Bm25Corpus {
            avgdl: if total_tokens > 0 {
                total_tokens as f64 / n
            } else {
                1.0
            },
            idf,
        }
    }
}

/// A query parsed into FTS5 terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    parts: Vec<Part>,
}

impl ParsedQuery {
    /// Parses what the user typed: words, `"phrases"` and `-excluded` words or phrases.
    pub fn parse(text: &str) -> ParsedQuery {
        let stemmer = Stemmer::create(Algorithm::German);
        let mut raw: Vec<(String, bool, bool)> = Vec::new(); // (text, is_phrase, negated)
        let mut rest = text.trim();
        while !rest.is_empty() {
            let negated = rest.starts_with('-');
            let r = if negated { &rest[1..] } else { rest };
            if let Some(after) = r.strip_prefix(['"', '„', '“', '”']) {
                let end = after.find(['"', '“', '”']).unwrap_or(after.len());
                raw.push((after[..end].to_string(), true, negated));
                rest = after[end..]
                    .trim_start_matches(['"', '“', '”'])
                    .trim_start();
            } else {
                let end = r.find(char::is_whitespace).unwrap_or(r.len());
                raw.push((r[..end].to_string(), false, negated));
                rest = r[end..].trim_start();
            }
        }
        let mut parts = Vec::new();
        for (text, is_phrase, negated) in &raw {
            let words: Vec<&str> = words(text).map(|(_, w)| w).collect();
            if words.is_empty() {
                continue;
            }
            if !is_phrase
                && words.len() == 1
                && !negated
                && STOPWORDS.contains(&words[0].to_lowercase().as_str())
            {
                continue;
            }
            let keys: Vec<String> = words.iter().map(|w| term_key(w, &stemmer)).collect();
            let prefix = keys.len() == 1 && !is_phrase && keys[0].chars().count() >= 4;
            parts.push(Part {
                keys,
                prefix,
                negated: *negated,
            });
        }
        if parts.iter().all(|p| p.negated) {
            // Only stopwords (or nothing positive): search for the words as typed.
            for (text, _, negated) in &raw {
                let keys: Vec<String> = words(text).map(|(_, w)| term_key(w, &stemmer)).collect();
                if !keys.is_empty() && !negated {
                    parts.push(Part {
                        keys,
                        prefix: false,
                        negated: false,
                    });
                }
            }
        }
        ParsedQuery { parts }
    }

    /// True when nothing was typed that makes a part (not even an excluded word).
    pub(super) fn is_blank(&self) -> bool {
        self.parts.is_empty()
    }

    /// True when the query has no word to search for.
    pub fn is_empty(&self) -> bool {
        !self.parts.iter().any(|p| !p.negated)
    }

    /// The FTS5 MATCH expression, or `None` for an empty query.
    fn fts(&self) -> Option<String> {
        let quote = |keys: &[String]| format!("\"{}\"", keys.join(" ").replace('"', "\"\""));
        let term = |p: &Part| {
            let q = quote(&p.keys);
            if p.prefix {
                format!("{q}*")
            } else {
                q
            }
        };
        let pos: Vec<String> = self.parts.iter().filter(|p| !p.negated).map(term).collect();
        if pos.is_empty() {
            return None;
        }
        let mut expr = pos.join(" AND ");
        for p in self.parts.iter().filter(|p| p.negated) {
            expr = format!("({expr}) NOT {}", term(p));
        }
        Some(expr)
    }

    /// The query as a PostgreSQL `tsquery` text over the stemmed keys (configuration `simple`),
    /// matching exactly what [`ParsedQuery::fts`] matches in FTS5: prefix words `'key':*`,
    /// phrases `'a' <-> 'b'`, exclusions `!( … )`. `None` for an empty query. Keys are runs of
    /// letters and digits, so nothing typed reaches the tsquery syntax.
    pub(super) fn tsquery(&self) -> Option<String> {
        let pos: Vec<String> = self
            .parts
            .iter()
            .filter(|p| !p.negated)
            .map(Part::tsquery)
            .collect();
        if pos.is_empty() {
            return None;
        }
        let mut expr = pos.join(" & ");
        for p in self.parts.iter().filter(|p| p.negated) {
            expr = format!("({expr}) & !{}", p.tsquery());
        }
        Some(expr)
    }

    /// The `tsquery` of each positive part alone, in order (for their document frequencies).
    pub(super) fn positive_tsqueries(&self) -> Vec<String> {
        self.parts
            .iter()
            .filter(|p| !p.negated)
            .map(Part::tsquery)
            .collect()
    }

    /// FTS5's `bm25(article_fts, 5.0, 1.0)` of one article, computed the way SQLite computes it
    /// (k1 = 1.2, b = 0.75; a part's frequency is its weighted number of occurrences in title
    /// and text), from the article's stemmed keys: lower is better. `None` when the article does
    /// not contain every positive part (then FTS5 would not have matched it).
    pub(super) fn bm25(
        &self,
        corpus: &Bm25Corpus,
        title: &str,
        body: &str,
        tokens: i64,
    ) -> Option<f64> {
        const K1: f64 = 1.2;
        const B: f64 = 0.75;
        let title: Vec<&str> = title.split_whitespace().collect();
        let body: Vec<&str> = body.split_whitespace().collect();
        let mut score = 0.0;
        for (i, part) in self.parts.iter().filter(|p| !p.negated).enumerate() {
            let freq = 5.0 * part.occurrences(&title) as f64 + part.occurrences(&body) as f64;
            if freq == 0.0 {
                return None;
            }
            let idf = corpus.idf.get(i).copied().unwrap_or(1e-6);
            let d = tokens as f64;
            // The operations in FTS5's order (fts5_aux.c), so that the scores agree to the bit.
            score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * d / corpus.avgdl)));
        }
        Some(-score)
    }

    /// True when a word's key matches a positive part of the query (for highlighting).
    fn matches(&self, key: &str) -> bool {
        self.parts.iter().filter(|p| !p.negated).any(|p| {
            p.keys
                .iter()
                .any(|k| k == key || (p.prefix && key.starts_with(k.as_str())))
        })
    }

    /// Highlights every matching word of `text`.
    pub fn highlight_all(&self, text: &str) -> Highlighted {
        let stemmer = Stemmer::create(Algorithm::German);
        let hits: Vec<(usize, usize)> = words(text)
            .filter(|(_, w)| self.matches(&term_key(w, &stemmer)))
            .map(|(start, w)| (start, start + w.len()))
            .collect();
        Highlighted {
            cut_start: false,
            pieces: pieces(text, 0, text.len(), &hits),
            cut_end: false,
        }
    }

    /// The passage of about [`SNIPPET_WORDS`] words of `text` with the most distinct matching
    /// words (the start of the text when nothing matches), highlighted.
    pub fn snippet(&self, text: &str) -> Highlighted {
        if self.is_empty() {
            // Nothing to look for: the start of the text, without stemming every word.
            let end = words(text)
                .nth(SNIPPET_WORDS - 1)
                .map_or(text.len(), |(s, w)| s + w.len());
            let piece = Piece {
                text: text[..end].to_string(),
                hit: false,
            };
            return Highlighted {
                cut_start: false,
                pieces: vec![piece],
                cut_end: end < text.len(),
            };
        }
        let stemmer = Stemmer::create(Algorithm::German);
        let ws: Vec<(usize, &str, Option<String>)> = words(text)
            .map(|(s, w)| {
                let k = term_key(w, &stemmer);
                let hit = self.matches(&k).then_some(k);
                (s, w, hit)
            })
            .collect();
        if ws.is_empty() {
            return Highlighted::default();
        }
        let n = SNIPPET_WORDS.min(ws.len());
        // The window with the most distinct hits, then the most hits, then its first hit nearest
        // the fifth word (so the hit reads in context).
        let mut best: Option<((usize, usize, i64), usize)> = None;
        let any_hit = ws.iter().any(|w| w.2.is_some());
        for start in 0..=(ws.len() - n) {
            if !any_hit {
                break;
            }
            if ws[start..start + n].iter().all(|w| w.2.is_none()) {
                continue;
            }
            let window = &ws[start..start + n];
            let distinct: HashSet<&String> = window.iter().filter_map(|w| w.2.as_ref()).collect();
            let total = window.iter().filter(|w| w.2.is_some()).count();
            let first = window.iter().position(|w| w.2.is_some()).unwrap_or(4) as i64;
            let score = (distinct.len(), total, -(first - 4).abs());
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, start));
            }
        }
        let start = best.map(|(_, s)| s).unwrap_or(0);
        let from = if start == 0 { 0 } else { ws[start].0 };
        let last = &ws[start + n - 1];
        let to = if start + n == ws.len() {
            text.len()
        } else {
            last.0 + last.1.len()
        };
        let hits: Vec<(usize, usize)> = ws[start..start + n]
            .iter()
            .filter(|w| w.2.is_some())
            .map(|w| (w.0, w.0 + w.1.len()))
            .collect();
        Highlighted {
            cut_start: from > 0,
            pieces: pieces(text, from, to, &hits),
            cut_end: to < text.len(),
        }
    }
}

/// Splits `text[from..to]` into pieces at the `hits` (byte ranges, in order).
fn pieces(text: &str, from: usize, to: usize, hits: &[(usize, usize)]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut pos = from;
    for &(s, e) in hits {
        if s > pos {
            out.push(Piece {
                text: text[pos..s].to_string(),
                hit: false,
            });
        }
        out.push(Piece {
            text: text[s..e].to_string(),
            hit: true,
        });
        pos = e;
    }
    if pos < to {
        out.push(Piece {
            text: text[pos..to].to_string(),
            hit: false,
        });
    }
    out
}

/// The words of `text` (maximal runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // Whether the character at `i` is alphanumeric, and its length: ASCII is decided by its
    // byte, anything else by its character's Unicode properties.
    let class = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (kg_summarize::is_alphanumeric(c), c.len_utf8())
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            // ASCII separators skipped a byte at a time; other bytes classed by character.
            while i < bytes.len() && bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            let (alnum, len) = class(i);
            if alnum {
                break;
            }
            i += len;
        }
        let start = i;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] < 0x80 {
                break;
            }
            let (alnum, len) = class(i);
            if !alnum {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// The index key of one word: lower case; `ae`, `oe`, `ue` read as `ä`, `ö`, `ü` (except after
/// `q` or a vowel, as in Snowball's "german2"); then the German Snowball stem, which folds umlauts and `ß`.
fn compute_term_key(word: &str, stemmer: &Stemmer) -> String {
    let lower = word.to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    let mut prev = '\0';
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        let umlaut = match (c, chars.peek()) {
            ('a', Some('e')) => Some('ä'),
            ('o', Some('e')) => Some('ö'),
            // As in Snowball's "german2": not after q, and not for a u between vowels ("neue").
            ('u', Some('e')) if prev != 'q' && !"aeiouyäöü".contains(prev) => Some('ü'),
            _ => None,
        };
        match umlaut {
            Some(u) => {
                chars.next();
                folded.push(u);
                prev = u;
            }
            None => {
                folded.push(c);
                prev = c;
            }
        }
    }
    let stem = stemmer.stem(&folded);
    // The stemmer folds ä/ö/ü/ß already; fold again for words it leaves alone (e.g. very short ones).
    stem.replace('ä', "a")
        .replace('ö', "o")
        .replace('ü', "u")
        .replace('ß', "ss")
}

thread_local! {
    /// Keys of words already seen on this thread: news text repeats its words, and stemming
    /// (lower-casing, folding, Snowball) costs several allocations per word. Hashed with
    /// foldhash (randomly seeded per map), several times faster than the default SipHash on
    /// short words.
    static TERM_KEYS: std::cell::RefCell<
        std::collections::HashMap<String, String, foldhash::fast::RandomState>,
    > = std::cell::RefCell::new(std::collections::HashMap::default());
}

/// Words kept in a thread's key cache at most; the cache is emptied when it is full.
const TERM_KEY_CACHE: usize = 100_000;

/// Calls `f` with the index key of `word` (see [`term_key`]), from the thread's cache when the
/// word was seen before.
fn with_term_key<R>(word: &str, stemmer: &Stemmer, f: impl FnOnce(&str) -> R) -> R {
    TERM_KEYS.with(|cache| cached_term_key(&mut cache.borrow_mut(), word, stemmer, f))
}

/// [`with_term_key`] on a cache already borrowed.
fn cached_term_key<R>(
    cache: &mut std::collections::HashMap<String, String, foldhash::fast::RandomState>,
    word: &str,
    stemmer: &Stemmer,
    f: impl FnOnce(&str) -> R,
) -> R {
    if let Some(k) = cache.get(word) {
        return f(k);
    }
    let key = compute_term_key(word, stemmer);
    let r = f(&key);
    if cache.len() >= TERM_KEY_CACHE {
        cache.clear();
    }
    cache.insert(word.to_string(), key);
    r
}

/// The index key of one word: lower case; `ae`, `oe`, `ue` read as `ä`, `ö`, `ü` (except after
/// `q` or a vowel, as in Snowball's "german2"); then the German Snowball stem, which folds umlauts and `ß`.
pub fn term_key(word: &str, stemmer: &Stemmer) -> String {
    with_term_key(word, stemmer, str::to_string)
}

/// The text as the index stores it: the keys of its words, separated by spaces.
fn index_text(text: &str, stemmer: &Stemmer) -> String {
    let mut out = String::with_capacity(text.len());
    // The thread's key cache is borrowed once for the whole text, not once per word.
    TERM_KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (_, w) in words(text) {
            if !out.is_empty() {
                out.push(' ');
            }
            cached_term_key(&mut cache, w, stemmer, |k| out.push_str(k));
        }
    });
    out
}

/// Stems and writes one article's main index row (used when the index is rebuilt, after its
/// `delete-all`: the row is fresh).
pub(super) fn index_article(
    conn: &Connection,
    id: i64,
    title: &str,
    body: &str,
) -> rusqlite::Result<()> {
    let row = index_row(title, body);
    put_row(
        conn,
        "article_fts",
        &IndexWrite {
            id,
            row: &row,
            fresh: true,
        },
    )
}

/// An article's title and text as the index stores them (stemmed keys), computed before the
/// writer lock is taken.
pub(super) struct IndexRow {
    /// The title's keys, separated by spaces.
    pub(super) title: String,
    /// The text's keys, separated by spaces.
    pub(super) body: String,
}

impl IndexRow {
    /// Number of keys in title and text (the row's length for bm25).
    pub(super) fn tokens(&self) -> i64 {
        (self.title.split_whitespace().count() + self.body.split_whitespace().count()) as i64
    }
}

/// Stems an article's title and text for the index.
pub(super) fn index_row(title: &str, body: &str) -> IndexRow {
    let stemmer = Stemmer::create(Algorithm::German);
    IndexRow {
        title: index_text(title, &stemmer),
        body: index_text(body, &stemmer),
    }
}

/// One article's index row to write: `fresh` when the article was inserted in this transaction
/// (no earlier row of its id can be in the index: an article's rows leave with it, through the
/// delete triggers), so nothing has to be deleted first.
pub(super) struct IndexWrite<'a> {
    /// The article's id (the rows' rowid).
    pub(super) id: i64,
    /// Its stemmed title and text.
    pub(super) row: &'a IndexRow,
    /// True for a new article, false for one whose row is replaced.
    pub(super) fresh: bool,
}

/// Writes (or rewrites) one article's index row, in the main index and, when the article lies
/// within the recent window, in the recent one; an article beyond the window's top moves the
/// window on and drops the rows that leave it. Called inside the transaction that saves it.
pub(super) fn write_index_row(conn: &Connection, w: IndexWrite<'_>) -> rusqlite::Result<()> {
    write_index_rows(conn, &[w])
}

/// [`write_index_row`] for several articles at once (a batch's rows, written after its other
/// statements): the same rows and the same recent window afterwards as writing them one by
/// one, with the window's floor read and moved once.
pub(super) fn write_index_rows(conn: &Connection, rows: &[IndexWrite<'_>]) -> rusqlite::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    for w in rows {
        put_row(conn, "article_fts", w)?;
    }
    let RecentSettings { floor, window, gap } = recent_settings(conn)?;
    let Some(floor) = floor else {
        // Not built yet (the index is being rebuilt): the rebuild writes the recent rows.
        return Ok(());
    };
    let top = rows.iter().map(|w| w.id).max().unwrap_or(floor);
    if let Some(gap) = gap {
        if top <= window / 2 {
            // Deferred: every id up to the top is left out (none above the gap was written).
            if top > gap {
                set_recent_gap(conn, Some(top))?;
            }
            let new_floor = top - window;
            if new_floor > floor {
                set_recent_floor(conn, new_floor)?;
            }
            return Ok(());
        }
    }
    let low = floor.max(gap.unwrap_or(i64::MIN));
    for w in rows {
        if w.id > low {
            put_row(conn, "article_fts_recent", w)?;
        }
    }
    let new_floor = top - window;
    if new_floor > floor {
        // Only the ids above the gap have rows to drop.
        let leaving: Vec<i64> = conn
            .prepare_cached("SELECT id FROM articles WHERE id > ?1 AND id <= ?2")?
            .query_map([low, new_floor], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut delete = conn.prepare_cached("DELETE FROM article_fts_recent WHERE rowid = ?1")?;
        for old in leaving {
            delete.execute([old])?;
        }
        set_recent_floor(conn, new_floor)?;
    }
    if let Some(gap) = gap {
        let floor = new_floor.max(floor);
        let target = recent_gap_target(top, window).max(floor);
        if target < gap {
            index_recent_range(conn, target, gap)?;
        }
        set_recent_gap(conn, (target > floor.max(0)).then_some(target))?;
    }
    Ok(())
}

/// Where the recent index's gap must be once the highest id is `top` (beyond half a window):
/// two ids lower per id the store grew beyond half a window, so that it reaches 0 when the
/// store holds three quarters of a window, before the floor turns positive. A function of
/// `top` alone, so that saving in batches and one by one close it alike.
fn recent_gap_target(top: i64, window: i64) -> i64 {
    (window / 2).saturating_sub(2 * (top - window / 2))
}

/// Writes the recent rows of the articles with ids in `(above, upto]` from their stored
/// title and text (as a rebuild does).
fn index_recent_range(conn: &Connection, above: i64, upto: i64) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, content FROM articles WHERE id > ?1 AND id <= ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query([above, upto])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let row = index_row(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?);
        let w = IndexWrite {
            id: r.get(0)?,
            row: &row,
            fresh: true,
        };
        put_row(conn, "article_fts_recent", &w)?;
        n += 1;
    }
    Ok(n)
}

/// Writes the row `w.id` of the FTS5 table `table` (`article_fts` or `article_fts_recent`),
/// replacing an earlier one unless the row is fresh. (Deleting from a contentless-delete table
/// writes a tombstone even for a rowid it does not hold, which later merges must carry.)
fn put_row(conn: &Connection, table: &str, w: &IndexWrite<'_>) -> rusqlite::Result<()> {
    if !w.fresh {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?
            .execute([w.id])?;
    }
    conn.prepare_cached(&format!(
        "INSERT INTO {table} (rowid, title, body) VALUES (?1, ?2, ?3)"
    ))?
    .execute(params![w.id, w.row.title, w.row.body])?;
    Ok(())
}

/// The recent index's state in the settings.
struct RecentSettings {
    /// The floor (`None` while the index is not built).
    floor: Option<i64>,
    /// The window's size.
    window: i64,
    /// The gap, when it has one ([`RECENT_GAP_SETTING`]).
    gap: Option<i64>,
}

impl RecentSettings {
    /// Whether searches read the recent index: the store reaches beyond the window and the
    /// index holds every article above the floor.
    fn in_use(&self) -> bool {
        self.floor.is_some_and(|f| f > 0) && self.gap.is_none()
    }
}

/// The recent index's floor, window and gap.
fn recent_settings(conn: &Connection) -> rusqlite::Result<RecentSettings> {
    conn.prepare_cached(
        "SELECT (SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?1), \
         COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?2), ?3), \
         (SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?4)",
    )?
    .query_row(
        params![
            RECENT_FLOOR_SETTING,
            RECENT_WINDOW_SETTING,
            RECENT_WINDOW,
            RECENT_GAP_SETTING
        ],
        |r| {
            Ok(RecentSettings {
                floor: r.get(0)?,
                window: r.get::<_, i64>(1)?.max(1),
                gap: r.get(2)?,
            })
        },
    )
}

fn set_recent_floor(conn: &Connection, floor: i64) -> rusqlite::Result<()> {
    put_setting(conn, RECENT_FLOOR_SETTING, &floor.to_string())
}

/// Sets the recent index's gap, or removes it (`None`: the index holds every article above
/// the floor).
fn set_recent_gap(conn: &Connection, gap: Option<i64>) -> rusqlite::Result<()> {
    match gap {
        Some(g) => put_setting(conn, RECENT_GAP_SETTING, &g.to_string()),
        None => conn
            .prepare_cached("DELETE FROM settings WHERE key = ?1")?
            .execute([RECENT_GAP_SETTING])
            .map(|_| ()),
    }
}

/// Writes one setting on `conn` (inside the caller's transaction; `SqliteStore::set_setting`
/// takes the writer's lock itself).
fn put_setting(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Builds the recent index from scratch: the articles within the newest window of ids; for a
/// store of at most half a window none, its gap covering them all ([`RECENT_GAP_SETTING`]).
fn rebuild_recent(conn: &Connection) -> rusqlite::Result<usize> {
    let window = recent_settings(conn)?.window;
    conn.execute(
        "INSERT INTO article_fts_recent (article_fts_recent) VALUES ('delete-all')",
        [],
    )?;
    let max: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM articles", [], |r| {
        r.get(0)
    })?;
    let floor = max - window;
    set_recent_floor(conn, floor)?;
    if max <= window / 2 {
        set_recent_gap(conn, Some(max))?;
        return Ok(0);
    }
    set_recent_gap(conn, None)?;
    index_recent_range(conn, floor, i64::MAX)
}

impl SqliteStore {
    /// Builds the search index from scratch when it was made by another [`INDEX_VERSION`] (or
    /// not at all, e.g. for articles stored before the index existed). Runs on open.
    pub(super) fn ensure_search_index(&self) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: Option<String> = tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [VERSION_SETTING],
                |r| r.get(0),
            )
            .ok();
        if version.as_deref() == Some(INDEX_VERSION) {
            if recent_settings(&tx)?.floor.is_none() {
                let n = rebuild_recent(&tx)?;
                tx.commit()?;
                if n > 0 {
                    tracing::info!(articles = n, "recent search index built");
                }
            }
            return Ok(());
        }
        tx.execute(
            "INSERT INTO article_fts (article_fts) VALUES ('delete-all')",
            [],
        )?;
        let mut n = 0usize;
        {
            let mut stmt = tx.prepare("SELECT id, title, content FROM articles")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                index_article(
                    &tx,
                    r.get(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                )?;
                n += 1;
            }
        }
        rebuild_recent(&tx)?;
        put_setting(&tx, VERSION_SETTING, INDEX_VERSION)?;
        tx.commit()?;
        if n > 0 {
            tracing::info!(articles = n, "search index rebuilt");
        }
        Ok(())
    }

    /// Sets the size of the recent window ([`RECENT_WINDOW`] by default) and rebuilds the
    /// recent index for it. For tests and tuning: both engines must use the same size to rank
    /// alike.
    pub fn set_search_recent_window(&self, window: i64) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        put_setting(&tx, RECENT_WINDOW_SETTING, &window.max(1).to_string())?;
        rebuild_recent(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Searches the articles: see the module documentation for the query language. An empty
    /// query lists the articles that pass the filters, newest first. Relevance ranks (bm25) the
    /// newest [`RANK_WINDOW`] matches, so a frequent word stays fast on a large store.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, StoreError> {
        let parsed = ParsedQuery::parse(&q.text);
        if parsed.fts().is_none() && !parsed.parts.is_empty() {
            // Only excluded words: nothing to look for.
            return Ok(SearchResults {
                hits: Vec::new(),
                more: false,
            });
        }
        let limit = q.limit.max(1);
        let from = q.from.unwrap_or(i64::MIN);
        let until = q.until.unwrap_or(i64::MAX);
        let fetch = (limit + 1) as i64;
        let ids: Vec<(i64, f64)> = {
            let conn = self.reader();
            let filters = format!(
                "a.published_at >= ?2 AND a.published_at < ?3 \
                AND (?4 IS NULL OR EXISTS (SELECT 1 FROM entries e WHERE e.article_id = a.id AND e.source_id = ?4)){}",
                q.scope_conditions()
            );
            let unfiltered = q.unfiltered();
            match parsed.fts() {
                Some(expr) if q.sort == SearchSort::Relevance && unfiltered => {
                    // Without filters one pass suffices: the newest RANK_WINDOW matches with
                    // their scores (FTS5 computes bm25 only for the rows it returns), ranked
                    // here. A prefix term's doclist is built once instead of twice.
                    let window = (RANK_WINDOW.max(q.offset + fetch as usize)) as i64;
                    let newest = |table: &str| -> Result<Vec<(i64, f64, i64)>, StoreError> {
                        let mut stmt = conn.prepare_cached(&format!(
                            "SELECT {table}.rowid, bm25({table}, 5.0, 1.0), a.published_at FROM {table} \
                             JOIN articles a INDEXED BY articles_id_published ON a.id = {table}.rowid \
                             WHERE {table} MATCH ?1 ORDER BY {table}.rowid DESC LIMIT ?2"
                        ))?;
                        let rows = stmt
                            .query_map(params![expr, window], |r| {
                                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                            })?
                            .collect::<Result<_, _>>()?;
                        Ok(rows)
                    };
                    // The recent index, when the store reaches beyond it and it holds a whole
                    // window of matches (then the newest matches are all in it); else the whole.
                    let mut rows = Vec::new();
                    if recent_settings(&conn)?.in_use() {
                        rows = newest("article_fts_recent")?;
                    }
                    if (rows.len() as i64) < window {
                        rows = newest("article_fts")?;
                    }
                    // As the filtered query orders: score, then newest first, then oldest stored.
                    rows.sort_by(|x, y| {
                        x.1.partial_cmp(&y.1)
                            .unwrap_or(std::cmp::Ordering::Equal)
                            .then(y.2.cmp(&x.2))
                            .then(x.0.cmp(&y.0))
                    });
                    rows.into_iter()
                        .skip(q.offset)
                        .take(fetch as usize)
                        .map(|(id, score, _)| (id, score))
                        .collect()
                }
                Some(expr) if q.sort == SearchSort::Relevance => {
                    // Ranking every match of a frequent word costs time linear in the matches,
                    // so relevance ranks the newest RANK_WINDOW matches (by row id, which grows
                    // with storing time; FTS5 walks its doclists backwards cheaply): the best
                    // recent articles, which is what a news search wants.
                    let window = (RANK_WINDOW.max(q.offset + fetch as usize)) as i64;
                    let cutoff: i64 = conn
                        .query_row(
                            &format!(
                                "SELECT article_fts.rowid FROM article_fts JOIN articles a INDEXED BY articles_id_published \
                                 ON a.id = article_fts.rowid \
                                 WHERE article_fts MATCH ?1 AND {filters} ORDER BY article_fts.rowid DESC LIMIT 1 OFFSET ?5"
                            ),
                            params![expr, from, until, q.source, window - 1],
                            |r| r.get(0),
                        )
                        .optional()?
                        .unwrap_or(i64::MIN);
                    let sql = format!(
                        "SELECT a.id, bm25(article_fts, 5.0, 1.0) AS score FROM article_fts \
                         JOIN articles a INDEXED BY articles_id_published ON a.id = article_fts.rowid \
                         WHERE article_fts MATCH ?1 AND article_fts.rowid >= ?7 AND {filters} \
                         ORDER BY score, a.published_at DESC, a.id LIMIT ?5 OFFSET ?6"
                    );
                    let mut stmt = conn.prepare(&sql)?;
                    let rows = stmt.query_map(
                        params![expr, from, until, q.source, fetch, q.offset as i64, cutoff],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    rows.collect::<Result<_, _>>()?
                }
                Some(expr) => {
                    // Newest first needs no score: walk the articles by date (covering index) and
                    // keep those among the matches, which stops early for a frequent word.
                    let sql = format!(
                        "SELECT a.id, 0.0 FROM articles a INDEXED BY articles_published \
                         WHERE a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?1) AND {filters} \
                         ORDER BY a.published_at DESC, a.id DESC LIMIT ?5 OFFSET ?6"
                    );
                    let mut stmt = conn.prepare(&sql)?;
                    let rows = stmt.query_map(
                        params![expr, from, until, q.source, fetch, q.offset as i64],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    rows.collect::<Result<_, _>>()?
                }
                None => {
                    let sql = format!(
                        "SELECT a.id, 0.0 FROM articles a WHERE ?1 IS NULL AND {filters} \
                         ORDER BY a.published_at DESC, a.id DESC LIMIT ?5 OFFSET ?6"
                    );
                    let mut stmt = conn.prepare(&sql)?;
                    let rows = stmt.query_map(
                        params![
                            Option::<String>::None,
                            from,
                            until,
                            q.source,
                            fetch,
                            q.offset as i64
                        ],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    rows.collect::<Result<_, _>>()?
                }
            }
        };
        let more = ids.len() > limit;
        let mut hits = Vec::with_capacity(limit);
        for (id, score) in ids.into_iter().take(limit) {
            if let Some(article) = self.article(id)? {
                hits.push(SearchHit::highlighted(article, score, &parsed));
            }
        }
        Ok(SearchResults { hits, more })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_runs_of_letters_and_digits() {
        fn reference(text: &str) -> Vec<(usize, &str)> {
            let mut out = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        out.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                out.push((s, &text[s..]));
            }
            out
        }
        for text in [
            "",
            " ",
            "Häuser am Fluß, 2025: 3,5 % mehr!",
            "İstanbul—Москва東京 ﬁx\u{1F600}ab12",
            "ende",
            "«Zitat» – „Anführung“ und Straße.",
        ] {
            assert_eq!(words(text).collect::<Vec<_>>(), reference(text), "{text:?}");
        }
    }

    fn key(w: &str) -> String {
        term_key(w, &Stemmer::create(Algorithm::German))
    }

    #[test]
    fn inflections_umlauts_and_sharp_s_share_a_key() {
        assert_eq!(key("Häuser"), key("Haus"));
        assert_eq!(key("Haeuser"), key("Häuser"));
        assert_eq!(key("Straße"), key("Strasse"));
        assert_eq!(key("Stadtrats"), key("Stadtrat"));
        assert_eq!(key("Radwege"), key("Radweg"));
        assert_eq!(key("Kliniken"), key("Klinik"));
        assert_eq!(key("Quelle"), "quell");
        assert_eq!(key("neues"), key("neue"));
        assert_eq!(key("Mauer"), key("Mauern"));
    }

    #[test]
    fn queries_become_fts_expressions() {
        assert_eq!(ParsedQuery::parse("Radwege").fts().unwrap(), "\"radweg\"*");
        assert_eq!(ParsedQuery::parse("die Häuser").fts().unwrap(), "\"haus\"*");
        assert_eq!(
            ParsedQuery::parse("\"neues Radwegenetz\" -Auto")
                .fts()
                .unwrap(),
            "(\"neu radwegenetz\") NOT \"auto\"*"
        );
        assert_eq!(ParsedQuery::parse("EU").fts().unwrap(), "\"eu\"");
        assert_eq!(ParsedQuery::parse("die").fts().unwrap(), "\"die\"");
        assert!(ParsedQuery::parse("  \"\" - ").fts().is_none());
        assert!(ParsedQuery::parse("-Auto").fts().is_none());
        // Quotes cannot escape the FTS5 string.
        assert_eq!(
            ParsedQuery::parse("a\"b OR c").fts().unwrap(),
            "\"a b\" AND \"c\""
        );
    }

    #[test]
    fn articles_stored_before_the_index_existed_are_indexed_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.db");
        let search = |store: &SqliteStore, text: &str| -> Vec<i64> {
            let q = SearchQuery {
                text: text.into(),
                limit: 10,
                ..SearchQuery::default()
            };
            store
                .search(&q)
                .unwrap()
                .hits
                .iter()
                .map(|h| h.article.id)
                .collect()
        };
        {
            let store = SqliteStore::open_path(&path).unwrap();
            let conn = store.conn();
            conn.execute_batch(
                "INSERT INTO articles (id, url, title, blocks_json, content, site, published_at, date_source, \
                 fetched_at, updated_at, content_hash) VALUES (7, 'https://example.org/a', 'Neue Häuser am Fluss', '[]', \
                 'Die Stadt baut Wohnungen an der Uferstraße.', 'example.org', 1, 'page', 1, 1, 'x'); \
                 DELETE FROM settings WHERE key = 'search_index_version';",
            )
            .unwrap();
        }
        let store = SqliteStore::open_path(&path).unwrap();
        assert_eq!(search(&store, "Haus"), [7]);
        assert_eq!(search(&store, "Uferstrasse"), [7]);
        assert_eq!(search(&store, "Wohnung Fluss"), [7]);
        // Deleting the article removes it from the index.
        store
            .conn()
            .execute("DELETE FROM articles WHERE id = 7", [])
            .unwrap();
        assert!(search(&store, "Haus").is_empty());
        let n: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM article_fts WHERE article_fts MATCH 'haus'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_database_with_the_old_prefix_indexes_is_rebuilt_by_migration_11() {
        // The state of a database migrated up to 10: both indexes with 3- and 5-letter
        // prefix indexes, marked as built, holding the article's rows.
        let (_dir, path) = super::super::sqlite::rewound_store(
                    "DROP TABLE article_fts; DROP TABLE article_fts_recent; \
                     CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content = '', \
                       contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5'); \
                     CREATE VIRTUAL TABLE article_fts_recent USING fts5(title, body, content = '', \
                       contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5'); \
                     INSERT INTO articles (id, url, title, blocks_json, content, site, published_at, date_source, \
                     fetched_at, updated_at, content_hash) VALUES (3, 'https://example.org/b', 'Radwegenetz wächst', '[]', \
                     'Die Stadt plant neue Radwege.', 'example.org', 1, 'page', 1, 1, 'y'); \
                     INSERT INTO article_fts (rowid, title, body) VALUES (3, 'radwegenetz wachst', 'die stadt plant neu radweg'); \
                     INSERT INTO article_fts_recent (rowid, title, body) VALUES (3, 'radwegenetz wachst', 'die stadt plant neu radweg'); \
                     DELETE FROM schema_migrations WHERE version = 11;",
        );
        let store = SqliteStore::open_path(&path).unwrap();
        let conn = store.conn();
        for table in ["article_fts", "article_fts_recent"] {
            let sql: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(sql.contains("prefix = '5'"), "{table}: {sql}");
            // Rebuilt from `articles`: the row is back, found through the 5-letter prefix; in
            // the recent index only once the store outgrows half a window (the gap covers it).
            let want = if table == "article_fts" { 1 } else { 0 };
            let n: i64 = conn
                .query_row(
                    &format!("SELECT COUNT(*) FROM {table} WHERE {table} MATCH 'radwe*'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, want, "{table}");
        }
        let gap: String = conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [RECENT_GAP_SETTING],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(gap, "3");
        drop(conn);
        let q = SearchQuery {
            text: "Radweg".into(),
            limit: 10,
            ..SearchQuery::default()
        };
        let hits: Vec<i64> = store
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.article.id)
            .collect();
        assert_eq!(hits, [3]);
    }

    #[test]
    fn snippets_mark_the_matching_words() {
        let q = ParsedQuery::parse("Radweg");
        let text = "Ein langer Anfang ohne Treffer. ".repeat(10)
            + "Der Stadtrat beschließt ein Radwegenetz mit neuen Radwegen.";
        let s = q.snippet(&text);
        assert!(s.cut_start && !s.cut_end);
        let hits: Vec<&str> = s
            .pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["Radwegenetz", "Radwegen"]);
        assert!(s.plain().ends_with("Radwegen."));
        let t = q.highlight_all("Radwege in Musterstadt");
        assert_eq!(
            t.pieces[0],
            Piece {
                text: "Radwege".into(),
                hit: true
            }
        );
        assert_eq!(q.snippet("").pieces.len(), 0);
    }
}
