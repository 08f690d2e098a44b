//! `cluster`: signatures for story clusters. A SimHash over word 3-shingles finds near-duplicate
//! texts (agency copy printed by several sites); the stemmed terms of the title find reports of
//! the same event in other words, and so do the event keys (the names and numbers of title and
//! lead) when the headlines differ. Agency markers (dpa, AFP, Reuters, …) are recognised in the
//! text. Pure functions, the decisions on candidates included ([`choose_same_event`]); the store
//! keeps the signatures, looks candidates up and assigns clusters when it saves an article.

use rust_stemmers::{Algorithm, Stemmer};

/// Articles further apart than this (seconds) never share a cluster.
pub const WINDOW: i64 = 2 * 24 * 60 * 60;
/// SimHash distance up to which two texts count as the same text. With the hash cut into
/// [`BANDS`] bands, two hashes this close share at least one band exactly (pigeonhole), which is
/// how the store finds candidates.
pub const NEAR_DUPLICATE_BITS: u32 = 7;
/// Number of 8-bit bands of the SimHash the store indexes.
pub const BANDS: u32 = 8;

/// The bands of a SimHash: (band number, 8-bit value).
pub fn bands(simhash: u64) -> impl Iterator<Item = (i64, i64)> {
    (0..BANDS).map(move |b| (i64::from(b), ((simhash >> (b * 8)) & 0xff) as i64))
}
/// Title-term Jaccard similarity from which two articles report the same event.
pub const SAME_EVENT_JACCARD: f64 = 0.6;
/// The same-text candidates the store reads per band and side: the articles nearest in time
/// before an article and as many after it, among those whose SimHash has the same value in
/// that band. Texts close enough to be the same share several bands, each a look-up of its own.
pub const BAND_NEIGHBOURS: i64 = 50;

/// The best same-text candidate for a text of SimHash `simhash` among `matches`, the (article
/// id, SimHash) of the articles found through a shared band: the closest SimHash within
/// [`NEAR_DUPLICATE_BITS`], the lowest article id among equals. `(score, article id)`, the
/// score above 1 (above any title-term similarity).
pub fn best_same_text(
    simhash: u64,
    matches: impl IntoIterator<Item = (i64, i64)>,
) -> Option<(f64, i64)> {
    let mut best: Option<(u32, i64)> = None;
    for (id, hash) in matches {
        let d = (hash as u64 ^ simhash).count_ones();
        if d <= NEAR_DUPLICATE_BITS && best.is_none_or(|(bd, bid)| (d, id) < (bd, bid)) {
            best = Some((d, id));
        }
    }
    best.map(|(d, id)| (2.0 - f64::from(d) / 64.0, id))
}

/// The event-key candidates the store reads per key and side: the reports of one event are
/// the nearest in time among those naming the same people and places.
pub const KEY_NEIGHBOURS: i64 = 10;

/// The title-term candidates the store reads per term and side: the articles nearest in time
/// before an article and as many after it. A term many titles of the window share ("Trump",
/// "Bundestag") then costs a bounded look-up instead of one that grows with the window's
/// articles; it counts only for its nearest articles, which are the likeliest reports of the
/// same event.
pub const TERM_NEIGHBOURS: i64 = 50;

/// The best same-event candidate for a title of `n_terms` terms among `matches`, the
/// (article id, that article's term count) of every title-term match found (one per shared
/// term): the highest Jaccard similarity of at least [`SAME_EVENT_JACCARD`] with two or more
/// shared terms, the lowest article id among equals. `(similarity, article id)`.
pub fn best_same_event(
    n_terms: usize,
    matches: impl IntoIterator<Item = (i64, i64)>,
) -> Option<(f64, i64)> {
    // Sorted by id, each id's matches form one run: its shared terms are the run's length.
    // An id's matches all carry its term count, so sorting by id alone makes the runs.
    let mut matches: Vec<(i64, i64)> = matches.into_iter().collect();
    matches.sort_unstable_by_key(|&(id, _)| id);
    let n = n_terms as f64;
    let mut best: Option<(f64, i64)> = None;
    for run in matches.chunk_by(|a, b| a.0 == b.0) {
        let (id, other_n) = run[0];
        let k = run.len() as i64;
        if k < 2 {
            continue;
        }
        let j = k as f64 / (n + other_n as f64 - k as f64);
        if j >= SAME_EVENT_JACCARD && best.is_none_or(|(s, _)| j > s) {
            best = Some((j, id));
        }
    }
    best
}

/// The characters of an article's text read for its event keys (the lead, where reports name
/// who, where and how many): the work per article stays bounded however long the text.
pub const EVENT_LEAD_CHARS: usize = 700;
/// Event keys kept per article at most (the title's first, then the lead's in order): bounds
/// the candidate look-ups (one per key) and PostgreSQL's save locks (one per pair of name keys).
pub const MAX_EVENT_KEYS: usize = 10;

/// Words that are capitalised in German without naming anyone or anything in particular: the
/// articles, pronouns and prepositions that open sentences, and the common nouns of news
/// reports (roles, institutions in general, times, units). Stored lower case; compared with a
/// word's lower case and with its last part (`"bundeskanzler"` by `"kanzler"`) through
/// [`COMMON_ENDINGS`].
const COMMON_CAPITALISED: &[&str] = &[
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "einem",
    "einen",
    "im",
    "in",
    "am",
    "an",
    "auf",
    "aus",
    "bei",
    "mit",
    "nach",
    "von",
    "vor",
    "zu",
    "zum",
    "zur",
    "für",
    "über",
    "unter",
    "um",
    "seit",
    "bis",
    "auch",
    "aber",
    "und",
    "oder",
    "doch",
    "nun",
    "so",
    "wie",
    "wer",
    "was",
    "wo",
    "wenn",
    "weil",
    "als",
    "es",
    "er",
    "sie",
    "wir",
    "ich",
    "ihr",
    "man",
    "dies",
    "diese",
    "dieser",
    "dieses",
    "sein",
    "seine",
    "seiner",
    "ihre",
    "ihrer",
    "alle",
    "kein",
    "keine",
    "mehr",
    "erstmals",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "beide",
    "beim",
    "vom",
    "trotz",
    "wegen",
    "gegen",
    "ohne",
    "neue",
    "neuer",
    "neues",
    "neuen",
    "mann",
    "frau",
    "menschen",
    "leute",
    "kinder",
    "eltern",
    "jahr",
    "jahre",
    "jahren",
    "jahres",
    "monat",
    "monate",
    "woche",
    "wochen",
    "tag",
    "tage",
    "tagen",
    "tages",
    "stunde",
    "stunden",
    "nacht",
    "abend",
    "morgen",
    "mittag",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "prozent",
    "euro",
    "dollar",
    "millionen",
    "milliarden",
    "million",
    "milliarde",
    "punkte",
    "punkten",
    "kilometer",
    "grad",
    "uhr",
    "mal",
    "ende",
    "anfang",
    "angaben",
    "angaben",
    "bericht",
    "berichten",
    "mitteilung",
    "sprecher",
    "sprecherin",
    "präsident",
    "präsidentin",
    "minister",
    "ministerin",
    "kanzler",
    "chef",
    "chefin",
    "regierung",
    "polizei",
    "feuerwehr",
    "behörden",
    "stadt",
    "land",
    "länder",
    "staat",
    "bund",
    "partei",
    "parteien",
    "verein",
    "vereins",
    "mannschaft",
    "trainer",
    "spieler",
    "spielers",
    "tor",
    "tore",
    "spiel",
    "vertrag",
    "ablöse",
    "kandidat",
    "kandidatin",
    "kandidaten",
    "wahl",
    "stimmen",
    "mitglieder",
    "unternehmen",
    "firmen",
    "konzern",
    "markt",
    "geld",
    "kosten",
    "zahl",
    "teil",
    "frage",
    "fragen",
    "plan",
    "pläne",
    "gesetz",
    "entwurf",
    "kritik",
    "kritiker",
    "opposition",
    "einsatz",
    "lage",
    "krieg",
    "frieden",
    "gespräche",
    "gesprächen",
    "verhandlungen",
    "ergebnis",
    "grund",
    "weg",
    "welt",
    "haus",
    "hause",
    "arbeit",
    "schule",
    "schulen",
    "kunden",
    "bürger",
    "bewohner",
    "experten",
    "medien",
    "medienberichten",
    "nachrichten",
    "agentur",
    "mitte",
    "süden",
    "norden",
    "osten",
    "westen",
    "deutsche",
    "deutschen",
    "deutscher",
    "europäische",
    "europäischen",
    "bundesweit",
    "insgesamt",
    "zudem",
    "damit",
    "dabei",
    "dafür",
    "danach",
    "zuvor",
    "später",
];

/// Last parts of compound common nouns ("Bundeskanzler", "Kremlsprecher", "Wahlbeteiligung"):
/// a capitalised word ending in one of them is no name.
const COMMON_ENDINGS: &[&str] = &[
    "ung",
    "ungen",
    "heit",
    "keit",
    "schaft",
    "schaften",
    "tion",
    "tionen",
    "ität",
    "ismus",
    "nis",
    "chen",
    "erin",
    "innen",
    "kanzler",
    "kanzlerin",
    "minister",
    "ministerin",
    "ministerium",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
    "chef",
    "chefin",
    "meister",
    "meisterin",
    "vorstand",
    "vorsitzende",
    "vorsitzender",
    "leiter",
    "leiterin",
    "partei",
    "gewerkschaft",
    "verband",
    "amt",
    "ämter",
    "behörde",
    "gericht",
    "kandidat",
    "kandidatin",
    "spieler",
    "trainer",
    "fahrer",
    "verkehr",
    "zeit",
    "jahr",
    "tag",
    "woche",
    "stunden",
];

/// [`COMMON_CAPITALISED`] as a set, made once.
fn common_set() -> &'static std::collections::HashSet<&'static str, foldhash::fast::FixedState> {
    static SET: std::sync::OnceLock<
        std::collections::HashSet<&'static str, foldhash::fast::FixedState>,
    > = std::sync::OnceLock::new();
    SET.get_or_init(|| COMMON_CAPITALISED.iter().copied().collect())
}

/// Lower-cased `word` is a common noun or function word, not a name.
fn is_common(lower: &str) -> bool {
    common_set().contains(lower)
        || COMMON_ENDINGS
            .iter()
            .any(|e| lower.len() > e.len() + 2 && lower.ends_with(e))
}

/// The key of a lower-cased name (its German stem, umlauts folded: "Putins" is "Putin",
/// "Kölner" is "Köln"): even.
fn name_key(lower: &str, stemmer: &Stemmer) -> i64 {
    (folded_hash(&stemmer.stem(lower)) & !1) as i64
}

/// The key of a number (its digits and inner separators): odd.
fn number_key(number: &str) -> i64 {
    (folded_hash(number) | 1) as i64
}

/// A name key ([`event_keys`]) rather than a number key.
pub fn is_name_key(key: i64) -> bool {
    key & 1 == 0
}

/// The event keys of an article: what reports of one event share however they are worded. The
/// names in its title and lead (the first [`EVENT_LEAD_CHARS`] characters of `text`) and the
/// numbers there of two or more digits. A name is a capitalised word that is neither a common
/// noun nor a function word ([`COMMON_CAPITALISED`], [`COMMON_ENDINGS`]; German capitalises
/// every noun) and that, when it opens a sentence, also occurs inside one; of a run of such
/// words ("Wladimir Putin", "Sturmtief Kjell") only the last counts, so a person is one key
/// whether the first name is given or not. Name keys are even, number keys odd
/// ([`is_name_key`]); at most [`MAX_EVENT_KEYS`], sorted, without duplicates.
pub fn event_keys(title: &str, text: &str) -> Vec<i64> {
    let lead_end = text
        .char_indices()
        .nth(EVENT_LEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let lead = &text[..lead_end];
    // (word, opens a sentence) of title and lead; numbers keep their inner '.', ',', ':'.
    let mut tokens: Vec<(&str, bool)> = Vec::new();
    for part in [title, lead] {
        let mut initial = true;
        let mut rest = part;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            let before = rest[..start].trim();
            if before.ends_with(['.', '!', '?', ':', '„', '"', '–']) {
                initial = true;
            }
            let after = &rest[start..];
            let digits = after.starts_with(|c: char| c.is_ascii_digit());
            let len = after
                .char_indices()
                .find(|&(i, c)| {
                    !(c.is_alphanumeric()
                        || (digits
                            && matches!(c, '.' | ',' | ':')
                            && after[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
                })
                .map_or(after.len(), |(i, _)| i);
            tokens.push((&after[..len], initial));
            initial = false;
            rest = &after[len..];
        }
    }
    let stemmer = Stemmer::create(Algorithm::German);
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    // Distinct keys in order of occurrence, up to the limit (then the scan stops).
    let mut keys: Vec<i64> = Vec::with_capacity(MAX_EVENT_KEYS);
    let push = |keys: &mut Vec<i64>, k: i64| {
        if !keys.contains(&k) {
            keys.push(k);
        }
    };
    // The last name of the current run of names, lower case (`in_run`).
    let (mut last, mut in_run) = (String::new(), false);
    let mut lower = String::new();
    for (i, &(w, initial)) in tokens.iter().enumerate() {
        if keys.len() == MAX_EVENT_KEYS {
            break;
        }
        let name = capital(w) && w.chars().nth(2).is_some() && {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            !is_common(&lower)
                && (!initial
                    || tokens
                        .iter()
                        .enumerate()
                        .any(|(j, &(o, o_initial))| j != i && !o_initial && o == w))
        };
        if name {
            std::mem::swap(&mut last, &mut lower);
            in_run = true;
            continue;
        }
        if std::mem::take(&mut in_run) {
            push(&mut keys, name_key(&last, &stemmer));
        }
        if keys.len() < MAX_EVENT_KEYS
            && w.starts_with(|c: char| c.is_ascii_digit())
            && w.bytes().filter(u8::is_ascii_digit).count() >= 2
        {
            push(&mut keys, number_key(w));
        }
    }
    if in_run && keys.len() < MAX_EVENT_KEYS {
        push(&mut keys, name_key(&last, &stemmer));
    }
    keys.sort_unstable();
    keys
}

/// An event-key candidate found in the store: (article id, the key shared, that article's
/// number of event keys, its publication time).
pub type EventKeyMatch = (i64, i64, i64, i64);

/// Names two reports of one event share at least.
pub const SAME_EVENT_NAMES: usize = 2;
/// Event keys (names and numbers) two reports of one event share at least; one more when they
/// were published more than [`SAME_DAY`] apart.
pub const SAME_EVENT_KEYS: usize = 3;
/// Of the smaller key set, the share two reports of one event have in common at least.
pub const SAME_EVENT_KEY_SHARE: f64 = 0.4;
/// Reports further apart than this (seconds) need one shared key more.
pub const SAME_DAY: i64 = 24 * 60 * 60;

/// The best same-event candidate by event keys for an article published at `published` with
/// `n_keys` keys among `matches` (one per shared key and candidate, [`EventKeyMatch`]): at least
/// [`SAME_EVENT_NAMES`] shared names, [`SAME_EVENT_KEYS`] shared keys (one more beyond
/// [`SAME_DAY`]) and a share of [`SAME_EVENT_KEY_SHARE`] of the smaller key set; the highest
/// share wins, the lowest article id among equals. `(share, article id)`, below 1.
pub fn best_same_event_by_keys(
    published: i64,
    n_keys: usize,
    matches: impl IntoIterator<Item = EventKeyMatch>,
) -> Option<(f64, i64)> {
    // Sorted by id, each candidate's matches form one run (one match per shared key).
    let mut matches: Vec<EventKeyMatch> = matches.into_iter().collect();
    matches.sort_unstable_by_key(|m| m.0);
    let mut best: Option<(f64, i64)> = None;
    for run in matches.chunk_by(|a, b| a.0 == b.0) {
        let (id, _, other_n, other_published) = run[0];
        let shared = run.len();
        let names = run.iter().filter(|m| is_name_key(m.1)).count();
        let needed = SAME_EVENT_KEYS + usize::from((other_published - published).abs() > SAME_DAY);
        let smaller = n_keys.min(other_n.max(0) as usize).max(1);
        let share = (shared as f64 / smaller as f64).min(1.0) * 0.99;
        if names >= SAME_EVENT_NAMES
            && shared >= needed
            && share >= SAME_EVENT_KEY_SHARE * 0.99
            && best.is_none_or(|(s, bid)| share > s || (share == s && id < bid))
        {
            best = Some((share, id));
        }
    }
    best
}

/// The same-event candidate an article joins, as both engines decide it: by title terms
/// ([`best_same_event`]: `n_terms` and `term_matches`), else by event keys
/// ([`best_same_event_by_keys`]: `published`, `n_keys`, and the matches `key_matches` looks
/// up, called only when the title terms found nothing), else, when the article has an
/// embedding (`embedding`), by the similarity of its embedding to those of the candidates the
/// event keys found ([`best_same_event_by_embedding`]; `vectors` loads the candidates'
/// vectors of the same model, called only then). `(score, article id)`.
pub fn choose_same_event<I, E>(
    n_terms: usize,
    term_matches: impl IntoIterator<Item = (i64, i64)>,
    published: i64,
    n_keys: usize,
    key_matches: impl FnOnce() -> Result<I, E>,
    embedding: Option<&[f32]>,
    vectors: impl FnOnce(&[i64]) -> Result<Vec<(i64, Vec<f32>)>, E>,
) -> Result<Option<(f64, i64)>, E>
where
    I: IntoIterator<Item = EventKeyMatch>,
{
    if let Some(best) = best_same_event(n_terms, term_matches) {
        return Ok(Some(best));
    }
    let needed = if embedding.is_some() {
        1
    } else {
        SAME_EVENT_KEYS
    };
    if n_keys < needed {
        return Ok(None);
    }
    let matches: Vec<EventKeyMatch> = key_matches()?.into_iter().collect();
    let Some(own) = embedding else {
        return Ok(best_same_event_by_keys(published, n_keys, matches));
    };
    if let Some(best) = best_same_event_by_keys(published, n_keys, matches.iter().copied()) {
        return Ok(Some(best));
    }
    let ids = embedding_candidates(&matches);
    if ids.is_empty() {
        return Ok(None);
    }
    let loaded = vectors(&ids)?;
    Ok(best_same_event_by_embedding(
        published, own, &matches, &loaded,
    ))
}

/// Cosine similarity of two reports' embeddings from which, sharing at least one event key
/// (a name or a number) and published within [`SAME_DAY`], they report the same event.
/// Measured for multilingual-e5-small on passages (`bench clusters --embeddings-url`,
/// BENCHMARKS.md "Story clusters"): reports of one event in other words lie mostly above
/// 0.90, look-alike different events (two fires in one city, two storms, two transfers of one
/// club) up to 0.89.
pub const SAME_EVENT_COSINE: f32 = 0.90;
/// The cosine similarity needed when the two reports share only one event key, or were
/// published more than [`SAME_DAY`] apart.
pub const SAME_EVENT_COSINE_WEAK: f32 = 0.92;
/// Candidates whose vectors are read per article at most (those sharing the most event
/// keys first): bounds the look-ups when a common name finds many.
pub const EMBEDDING_CANDIDATES: usize = 32;

/// The candidates of the embedding signal among the event-key `matches`: the articles sharing
/// at least one key, those sharing the most first (then the lowest id), at most
/// [`EMBEDDING_CANDIDATES`], sorted by id.
pub fn embedding_candidates(matches: &[EventKeyMatch]) -> Vec<i64> {
    let mut shared: Vec<(i64, usize)> = Vec::new();
    let mut ids: Vec<i64> = matches.iter().map(|m| m.0).collect();
    ids.sort_unstable();
    for run in ids.chunk_by(|a, b| a == b) {
        shared.push((run[0], run.len()));
    }
    shared.sort_unstable_by_key(|&(id, n)| (std::cmp::Reverse(n), id));
    shared.truncate(EMBEDDING_CANDIDATES);
    let mut out: Vec<i64> = shared.into_iter().map(|(id, _)| id).collect();
    out.sort_unstable();
    out
}

/// Cosine similarity of two vectors; `None` when their lengths differ, they are empty or one
/// is zero.
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f32> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let (mut dot, mut na, mut nb) = (0f64, 0f64, 0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    (na > 0.0 && nb > 0.0).then(|| (dot / (na.sqrt() * nb.sqrt())) as f32)
}

/// The best same-event candidate by embedding for an article published at `published` with
/// the vector `own`, among the event-key `matches` (as for [`best_same_event_by_keys`]) whose
/// vectors `vectors` holds: a cosine similarity of at least [`SAME_EVENT_COSINE`] with two
/// shared event keys within [`SAME_DAY`], of at least [`SAME_EVENT_COSINE_WEAK`] with one
/// shared key or further apart. The highest similarity wins, the lowest article id among
/// equals. `(similarity × 0.98, article id)`: below the other signals' scores, with which it
/// is never compared.
pub fn best_same_event_by_embedding(
    published: i64,
    own: &[f32],
    matches: &[EventKeyMatch],
    vectors: &[(i64, Vec<f32>)],
) -> Option<(f64, i64)> {
    let mut best: Option<(f64, i64)> = None;
    for (id, v) in vectors {
        let Some(c) = cosine(own, v) else { continue };
        let mine = matches.iter().filter(|m| m.0 == *id);
        let shared = mine.clone().count();
        let Some(other_published) = mine.map(|m| m.3).next() else {
            continue;
        };
        let near = (other_published - published).abs() <= SAME_DAY;
        let needed = if shared >= 2 && near {
            SAME_EVENT_COSINE
        } else {
            SAME_EVENT_COSINE_WEAK
        };
        let score = f64::from(c) * 0.98;
        if c >= needed && best.is_none_or(|(s, bid)| score > s || (score == s && *id < bid)) {
            best = Some((score, *id));
        }
    }
    best
}

/// An article's embedding: the vector an embeddings server gave for its title and lead, and
/// the model that made it (vectors of different models are never compared).
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding {
    /// The model's name as configured (`--embeddings-model`).
    pub model: String,
    /// The vector.
    pub vector: Vec<f32>,
}

/// A vector as stored: little-endian `f32`s, one after another.
pub fn vector_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A stored vector ([`vector_bytes`]); `None` when the length is no multiple of four.
pub fn vector_from_bytes(b: &[u8]) -> Option<Vec<f32>> {
    b.len().is_multiple_of(4).then(|| {
        b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

/// What an embeddings server is given for an article: its title and lead (the teaser and
/// text up to [`EMBEDDING_LEAD_CHARS`] characters), where reports name who, what and where.
pub fn embedding_text(title: &str, text: &str) -> String {
    let end = text
        .char_indices()
        .nth(EMBEDDING_LEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let lead = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}\n{}", title.trim(), lead)
}

/// Characters of an article's text embedded with its title.
pub const EMBEDDING_LEAD_CHARS: usize = 300;

/// What the clusterer keeps of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// SimHash of the text's word 3-shingles.
    pub simhash: u64,
    /// Hashes of the title's stemmed content words, sorted, without duplicates.
    pub title_terms: Vec<i64>,
    /// News agencies named as the source of the text ("dpa", "AFP", …), comma-separated.
    pub agency: Option<String>,
    /// The event keys of title and lead ([`event_keys`]), sorted, without duplicates.
    pub event_keys: Vec<i64>,
}

/// [`fnv`] of `stem` with ä, ö, ü read as a, o, u and ß as ss, without building the folded
/// string.
fn folded_hash(stem: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for c in stem.chars() {
        match c {
            'ä' => h = fnv_step(h, b'a'),
            'ö' => h = fnv_step(h, b'o'),
            'ü' => h = fnv_step(h, b'u'),
            'ß' => h = fnv_step(fnv_step(h, b's'), b's'),
            _ => {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h = fnv_step(h, b);
                }
            }
        }
    }
    mix(h)
}

/// FNV-1a followed by the splitmix64 finaliser, so that every output bit depends on every input
/// byte (plain FNV's high bits are weak on short strings, which biases SimHash): the
/// definition [`folded_hash`] is tested against.
#[cfg(test)]
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// FNV-1a's offset basis: the hash of an empty word.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step.
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// Mixes a hash so that every output bit depends on every input bit (splitmix64's finaliser).
fn mix(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// `SPREAD[b]` holds bit `i` of the byte `b` in the lowest bit of its byte `i`: adding it to a
/// word of eight byte-wide counters counts the byte's set bits position by position.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            if b >> i & 1 == 1 {
                t[b] |= 1 << (8 * i);
            }
            i += 1;
        }
        b += 1;
    }
    t
};

/// Counts, for each of the 64 bit positions, how many of the added hashes have that bit set:
/// eight byte-wide counters per word (one table look-up and one addition per byte of a hash
/// instead of 64 steps), carried into the totals before a byte could overflow.
struct BitVotes {
    lanes: [u64; 8],
    pending: u32,
    ones: [u32; 64],
    added: u32,
}

impl BitVotes {
    fn new() -> BitVotes {
        BitVotes {
            lanes: [0; 8],
            pending: 0,
            ones: [0; 64],
            added: 0,
        }
    }

    fn add(&mut self, h: u64) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            *lane += SPREAD[(h >> (8 * j) & 0xff) as usize];
        }
        self.added += 1;
        self.pending += 1;
        if self.pending == 255 {
            self.carry();
        }
    }

    fn carry(&mut self) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            for i in 0..8 {
                self.ones[j * 8 + i] += (*lane >> (8 * i) & 0xff) as u32;
            }
            *lane = 0;
        }
        self.pending = 0;
    }

    /// Bit `i` set where more of the hashes had it set than not.
    fn majority(mut self) -> u64 {
        self.carry();
        let added = u64::from(self.added);
        self.ones.iter().enumerate().fold(0u64, |h, (bit, &c)| {
            if 2 * u64::from(c) > added {
                h | 1 << bit
            } else {
                h
            }
        })
    }
}

/// The SimHash of `text` over word 3-shingles (single words for very short texts). Words are
/// the maximal runs of alphanumeric characters, hashed (FNV-1a) in lower case; each shingle's
/// hash votes on the 64 bits. One pass over the bytes, no allocation.
pub fn simhash(text: &str) -> u64 {
    let mut votes = BitVotes::new();
    // The last two words' hashes and the number of words so far.
    let (mut w1, mut w2, mut words) = (0u64, 0u64, 0usize);
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        // Up to the next word: ASCII separators by table, anything else by its character.
        while i < bytes.len() && ASCII_WORD[bytes[i] as usize] == 0 {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            let c = next_char(text, i);
            if kg_summarize::is_alphanumeric(c) {
                break;
            }
            i += c.len_utf8();
        }
        if i >= bytes.len() {
            break;
        }
        // The word, hashed in lower case.
        let mut h = FNV_OFFSET;
        while i < bytes.len() {
            let l = ASCII_WORD[bytes[i] as usize];
            if l != 0 {
                h = fnv_step(h, l);
                i += 1;
            } else if bytes[i] >= 0x80 {
                let c = next_char(text, i);
                if !kg_summarize::is_alphanumeric(c) {
                    break;
                }
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &lb in l.encode_utf8(&mut buf).as_bytes() {
                        h = fnv_step(h, lb);
                    }
                }
                i += c.len_utf8();
            } else {
                break;
            }
        }
        if words >= 2 {
            votes.add(mix(w1.rotate_left(42) ^ w2.rotate_left(21) ^ h));
        }
        (w1, w2) = (w2, h);
        words += 1;
    }
    // Fewer than three words: each word votes alone.
    match words {
        1 => votes.add(mix(w2)),
        2 => {
            votes.add(mix(w1));
            votes.add(mix(w2));
        }
        _ => {}
    }
    votes.majority()
}

/// `ASCII_WORD[b]`: the lower case of the ASCII letter or digit `b`, 0 for every other byte
/// (ASCII separators and the bytes of other characters).
const ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The character starting at byte `i` of `text` (a character boundary).
fn next_char(text: &str, i: usize) -> char {
    text[i..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

const STOP: &[&str] = &[
    "aber", "alle", "auch", "beim", "dass", "dem", "den", "der", "des", "die", "das", "ein",
    "eine", "einem", "einen", "einer", "für", "gegen", "hat", "haben", "ist", "mit", "nach",
    "nicht", "noch", "oder", "sich", "sind", "über", "und", "vom", "von", "vor", "wie", "will",
    "wird", "werden", "zum", "zur", "the", "and", "for", "with", "from", "that", "this", "into",
    "after", "over", "will", "neue", "neuen", "neuer", "mehr", "jetzt", "schon",
];

/// The title's content words, stemmed (German) and hashed.
pub fn title_terms(title: &str) -> Vec<i64> {
    let stemmer = Stemmer::create(Algorithm::German);
    let mut t: Vec<i64> = words(title)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .map(|w| folded_hash(&stemmer.stem(&w)) as i64)
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// The agencies a text names as its source: a dateline such as "Berlin (dpa) -", or a closing
/// credit such as "dpa/AFP" or "Mit Material von Reuters".
pub fn agency(text: &str) -> Option<String> {
    const AGENCIES: &[(&str, &str)] = &[
        ("dpa", "dpa"),
        ("afp", "AFP"),
        ("reuters", "Reuters"),
        ("rtr", "Reuters"),
        ("epd", "epd"),
        ("kna", "KNA"),
        ("ap", "AP"),
        ("apa", "APA"),
        ("sda", "SDA"),
        ("dts", "dts"),
    ];
    let head: String = text.chars().take(400).collect();
    let tail: String = {
        let n = text.chars().count();
        text.chars().skip(n.saturating_sub(200)).collect()
    };
    let mut found: Vec<&str> = Vec::new();
    let mut consider = |token: &str| {
        let t = token.trim().to_lowercase();
        if let Some((_, name)) = AGENCIES.iter().find(|(k, _)| *k == t) {
            if !found.contains(name) {
                found.push(name);
            }
        }
    };
    // "(dpa)", "(dpa/AFP)", "(AFP) -" in the first sentences.
    let mut rest = head.as_str();
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        let inside = &after[..close];
        if inside.len() <= 20 {
            inside.split(['/', ',']).for_each(&mut consider);
        }
        rest = &after[close + 1..];
    }
    // A closing credit: "dpa/AFP/rtr", "Mit Material von dpa", "Quelle: AFP".
    let last_line = tail
        .trim_end()
        .rsplit(['\n', '.'])
        .next()
        .unwrap_or("")
        .trim();
    let lower = last_line.to_lowercase();
    if last_line.len() <= 40
        && (last_line.contains('/')
            || lower.starts_with("mit material")
            || lower.starts_with("quelle"))
    {
        last_line
            .split(|c: char| c == '/' || c == ',' || c.is_whitespace() || c == ':')
            .for_each(&mut consider);
    }
    (!found.is_empty()).then(|| found.join(", "))
}

/// The signature of an article.
pub fn signature(title: &str, text: &str) -> Signature {
    Signature {
        simhash: simhash(text),
        title_terms: title_terms(title),
        agency: agency(text),
        event_keys: event_keys(title, text),
    }
}

/// Jaccard similarity of two sorted term lists.
pub fn jaccard(a: &[i64], b: &[i64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SimHash as first written (split, hash each word, 64 steps per shingle): the
    /// definition the fast [`simhash`] must match bit for bit, since stored hashes are
    /// compared with new ones.
    fn simhash_reference(text: &str) -> u64 {
        fn word_hash(w: &str) -> u64 {
            let mut h = FNV_OFFSET;
            for c in w.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h = fnv_step(h, b);
                }
            }
            h
        }
        let mut acc = [0i32; 64];
        let mut add = |h: u64| {
            for (bit, a) in acc.iter_mut().enumerate() {
                *a += if h >> bit & 1 == 1 { 1 } else { -1 };
            }
        };
        let hashes: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(word_hash)
            .collect();
        if hashes.len() < 3 {
            hashes.iter().for_each(|&h| add(mix(h)));
        } else {
            for w in hashes.windows(3) {
                add(mix(w[0].rotate_left(42) ^ w[1].rotate_left(21) ^ w[2]));
            }
        }
        acc.iter()
            .enumerate()
            .fold(0u64, |h, (bit, &a)| if a > 0 { h | 1 << bit } else { h })
    }

    /// A deterministic pseudo-random sequence (64-bit LCG, high bits).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn folded_hash_is_the_hash_of_the_folded_stem() {
        for stem in [
            "", "haus", "häus", "größ", "straß", "über", "ÄÖÜ", "café", "ßß", "naïv",
        ] {
            let folded = stem
                .replace('ä', "a")
                .replace('ö', "o")
                .replace('ü', "u")
                .replace('ß', "ss");
            assert_eq!(folded_hash(stem), fnv(folded.as_bytes()), "{stem}");
        }
    }

    #[test]
    fn simhash_matches_its_definition() {
        let pieces = [
            "Bundesregierung",
            "beschließt",
            "Förderung",
            "für",
            "WÄRMEPUMPEN",
            "İstanbul",
            "ǅ",
            "2025",
            "3:1",
            "ÆØÅ",
            "straße",
            "Ολυμπία",
            "Москва",
            "東京",
            "x",
            "",
            "  ",
            "—",
            "-",
            "\u{1F600}",
            "a1b2",
            "Ünïcödé",
            "dpa",
            ",",
            ".",
            "\n",
            "\t",
            "ﬁ",
            "Σ",
            "ΑΣ",
        ];
        let mut seed = 7u64;
        let mut texts: Vec<String> = vec![
            String::new(),
            "eins".into(),
            "eins zwei".into(),
            "eins zwei drei".into(),
            " ,; ".into(),
            "İİ İ".into(),
            // The same shingle a thousand times: every counter reaches its byte's limit.
            "dpa ".repeat(1000),
        ];
        for n in [5, 50, 254, 255, 256, 257, 511, 600, 2000] {
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(pieces[lcg(&mut seed) as usize % pieces.len()]);
                t.push_str([" ", "", ", ", "-", "\n"][lcg(&mut seed) as usize % 5]);
            }
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(simhash(t), simhash_reference(t), "{t:?}");
        }
    }

    #[test]
    fn best_same_event_matches_its_definition() {
        fn reference(n_terms: usize, matches: &[(i64, i64)]) -> Option<(f64, i64)> {
            let mut shared: std::collections::BTreeMap<i64, (i64, i64)> = Default::default();
            for &(id, other_n) in matches {
                shared.entry(id).or_insert((0, other_n)).0 += 1;
            }
            let mut best: Option<(f64, i64)> = None;
            for (id, (k, other_n)) in shared {
                let j = k as f64 / (n_terms as f64 + other_n as f64 - k as f64);
                if k >= 2 && j >= SAME_EVENT_JACCARD && best.is_none_or(|(s, _)| j > s) {
                    best = Some((j, id));
                }
            }
            best
        }
        let mut seed = 11u64;
        for _ in 0..2000 {
            let n_terms = 2 + lcg(&mut seed) as usize % 6;
            let len = lcg(&mut seed) as usize % 40;
            let matches: Vec<(i64, i64)> = (0..len)
                .map(|_| {
                    let id = (lcg(&mut seed) % 12) as i64;
                    (id, 2 + id % 5)
                })
                .collect();
            assert_eq!(
                best_same_event(n_terms, matches.iter().copied()),
                reference(n_terms, &matches),
                "{n_terms} {matches:?}"
            );
        }
    }

    fn shared(a: &[i64], b: &[i64]) -> (usize, usize) {
        let both: Vec<i64> = a.iter().copied().filter(|k| b.contains(k)).collect();
        let names = both.iter().filter(|&&k| is_name_key(k)).count();
        (names, both.len() - names)
    }

    #[test]
    fn event_keys_are_the_names_and_numbers_reports_of_one_event_share() {
        let a = event_keys(
            "Neujahrsbrief: Putin würdigt nordkoreanische Soldaten",
            "Der russische Präsident Wladimir Putin hat in einem Brief an Kim Jong Un die Soldaten \
             gewürdigt, die in der Region Kursk gekämpft hatten. Nach Schätzungen waren es 11.000.",
        );
        let b = event_keys(
            "Putin dankt Kim für Truppen",
            "Kremlchef Wladimir Putin hat Kim Jong Un für die Entsendung von 11.000 Soldaten nach \
             Kursk gedankt.",
        );
        let (names, numbers) = shared(&a, &b);
        assert!(names >= 3, "Putin, Kim/Jong, Kursk: {names}");
        assert_eq!(numbers, 1, "11.000");
        // Common nouns, roles and sentence openers are no names: a text of nothing else has none.
        let none = event_keys(
            "Regierung beschließt Gesetz",
            "Der Bundeskanzler sagte am Montag, die Regierung werde das Gesetz im Januar vorlegen. \
             Kritik kam von der Opposition.",
        );
        assert!(none.is_empty(), "{none:?}");
        // One-digit numbers are no keys; a name that opens a sentence counts when it also
        // occurs inside one.
        let c = event_keys("Merz reist ab", "Heute reist Merz mit 3 Menschen.");
        let d = event_keys("Treffen", "Gestern kam Merz.");
        assert_eq!(c.len(), 1);
        assert_eq!(c, d);
    }

    #[test]
    fn event_keys_are_bounded() {
        let many: Vec<String> = (0..40).map(|i| format!("Ort{i}x in Stadt{i}y")).collect();
        let keys = event_keys("Viele Orte", &many.join(", "));
        assert_eq!(keys.len(), MAX_EVENT_KEYS);
        let long = "Berlin ".repeat(10_000);
        assert_eq!(event_keys("", &long).len(), 1);
    }

    #[test]
    fn the_same_event_by_keys_needs_names_enough_keys_and_a_share() {
        const T: i64 = 1_000_000;
        let (n1, n2, n3, n4) = (2, 4, 6, 8); // name keys are even
        let (d1, d2) = (3, 5); // number keys are odd
                               // Article 7: two names and a number of its 5 keys, within the day: the same event.
        let m = [(7, n1, 5, T), (7, n2, 5, T), (7, d1, 5, T)];
        assert_eq!(best_same_event_by_keys(T + 60, 5, m).map(|b| b.1), Some(7));
        // The same beyond a day needs a fourth key.
        assert_eq!(best_same_event_by_keys(T + SAME_DAY + 1, 5, m), None);
        let m4 = [(7, n1, 5, T), (7, n2, 5, T), (7, d1, 5, T), (7, d2, 5, T)];
        assert_eq!(
            best_same_event_by_keys(T + SAME_DAY + 1, 5, m4).map(|b| b.1),
            Some(7)
        );
        // One name and two numbers: not enough names.
        assert_eq!(
            best_same_event_by_keys(T, 3, [(7, n1, 3, T), (7, d1, 3, T), (7, d2, 3, T)]),
            None
        );
        // Three shared of two large key sets (10 each): too small a share.
        let big = [(7, n1, 10, T), (7, n2, 10, T), (7, n3, 10, T)];
        assert_eq!(best_same_event_by_keys(T, 10, big), None);
        // Equal shares go to the lower id.
        let tie = [
            (9, n1, 4, T),
            (9, n2, 4, T),
            (9, n3, 4, T),
            (4, n2, 4, T),
            (4, n3, 4, T),
            (4, n4, 4, T),
        ];
        let best = best_same_event_by_keys(T, 4, tie).unwrap();
        assert_eq!(best.1, 4);
        assert!(best.0 < 1.0 && best.0 > 0.7, "{best:?}");
        // Title terms decide first.
        let by_terms = choose_same_event(
            2,
            [(5, 2), (5, 2)],
            T,
            4,
            || -> Result<[EventKeyMatch; 0], ()> {
                panic!("keys looked up although the title terms decided")
            },
            None,
            |_| panic!("vectors looked up although the title terms decided"),
        );
        assert_eq!(by_terms, Ok::<_, ()>(Some((1.0, 5))));
        let by_keys = choose_same_event(
            2,
            [],
            T,
            4,
            || Ok::<_, ()>(tie),
            None,
            |_| panic!("vectors looked up without an embedding"),
        );
        assert_eq!(by_keys.unwrap().map(|b| b.1), Some(4));
    }

    #[test]
    fn embeddings_join_reports_sharing_a_key_when_similar_enough() {
        const T: i64 = 1_000_000;
        let (n1, n2, d1) = (2, 4, 3);
        let own = [1.0f32, 0.0, 0.0];
        // cos = 0.95, 0.91, 0.85 with `own`.
        let v = |c: f32| vec![c, (1.0 - c * c).sqrt(), 0.0];
        // Article 7 shares two keys the same day at 0.91: joined; article 8 shares one key at
        // 0.91: not (one key needs 0.92); article 9 shares two at 0.85: not.
        let m = [
            (7, n1, 5, T),
            (7, d1, 5, T),
            (8, n2, 5, T),
            (9, n1, 5, T),
            (9, n2, 5, T),
        ];
        let vectors = [(7, v(0.91)), (8, v(0.91)), (9, v(0.85))];
        let best = best_same_event_by_embedding(T + 60, &own, &m, &vectors).unwrap();
        assert_eq!(best.1, 7);
        assert!((best.0 - 0.91 * 0.98).abs() < 1e-3, "{best:?}");
        // The same two keys more than a day apart need the higher similarity.
        assert_eq!(
            best_same_event_by_embedding(T + SAME_DAY + 1, &own, &m[..2], &vectors[..1]),
            None
        );
        let close = [(7, v(0.95))];
        assert_eq!(
            best_same_event_by_embedding(T + SAME_DAY + 1, &own, &m[..2], &close).map(|b| b.1),
            Some(7)
        );
        // One key at 0.95: joined. Vectors of another length are never compared.
        assert_eq!(
            best_same_event_by_embedding(T, &own, &m[2..3], &[(8, v(0.95))]).map(|b| b.1),
            Some(8)
        );
        assert_eq!(
            best_same_event_by_embedding(T, &own, &m[2..3], &[(8, vec![1.0, 0.0])]),
            None
        );
        // Through `choose_same_event`: keys alone do not decide (two shared of five), the
        // vectors of the key candidates are read and decide.
        let chosen = choose_same_event(
            3,
            [],
            T + 60,
            2,
            || Ok::<_, ()>(m),
            Some(&own[..]),
            |ids: &[i64]| {
                assert_eq!(ids, [7, 8, 9]);
                Ok(vectors.to_vec())
            },
        );
        assert_eq!(chosen.unwrap().map(|b| b.1), Some(7));
        // Without an embedding an article of two keys looks nothing up.
        let none = choose_same_event(
            3,
            [],
            T,
            2,
            || -> Result<[EventKeyMatch; 0], ()> { panic!("keys looked up") },
            None,
            |_| panic!("vectors looked up"),
        );
        assert_eq!(none, Ok(None));
    }

    #[test]
    fn vectors_round_trip_as_little_endian_bytes_and_cosine_is_bounded() {
        let v = vec![0.5f32, -1.25, 3.0e-7, f32::MAX];
        let b = vector_bytes(&v);
        assert_eq!(b.len(), 16);
        assert_eq!(&b[..4], &0.5f32.to_le_bytes());
        assert_eq!(vector_from_bytes(&b), Some(v));
        assert_eq!(vector_from_bytes(&[1, 2, 3]), None);
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]).unwrap() - 1.0).abs() < 1e-6);
        assert!((cosine(&[1.0, 0.0], &[-1.0, 0.0]).unwrap() + 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), None);
        assert_eq!(cosine(&[], &[]), None);
        // Many candidates of a common key: the ones sharing most keys are read, bounded.
        let mut m: Vec<EventKeyMatch> = (0..100).map(|id| (id, 2, 5, 0)).collect();
        m.push((99, 4, 5, 0));
        let ids = embedding_candidates(&m);
        assert_eq!(ids.len(), EMBEDDING_CANDIDATES);
        assert_eq!(ids[..2], [0, 1]);
        assert!(ids.contains(&99));
    }

    #[test]
    fn the_embedded_text_is_the_title_and_a_bounded_lead() {
        let long = "Wort ".repeat(500);
        let t = embedding_text(" Titel ", &format!("Erster  Satz.\n\n{long}"));
        assert!(t.starts_with("Titel\nErster Satz. Wort"), "{t}");
        assert!(t.chars().count() <= "Titel\n".len() + EMBEDDING_LEAD_CHARS);
    }

    const AGENTUR: &str = "Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein Gesetz zur Förderung von Wärmepumpen beschlossen. \
        Hausbesitzer sollen künftig bis zu 70 Prozent der Kosten erstattet bekommen. Das Programm soll im Januar starten \
        und ist zunächst auf drei Jahre befristet. Die Opposition kritisierte die Pläne als zu teuer und zu bürokratisch. \
        Nach Angaben des Wirtschaftsministeriums stehen für das kommende Jahr insgesamt 12 Milliarden Euro bereit. \
        Anträge sollen online gestellt werden können, die Bearbeitung soll höchstens sechs Wochen dauern. \
        Der Verband der Heizungsindustrie begrüßte die Entscheidung, forderte aber verlässliche Regeln über das Jahr 2028 hinaus. \
        Umweltverbände bemängelten dagegen, dass Gas- und Ölheizungen weiter eingebaut werden dürfen. \
        Mieterverbände befürchten steigende Kosten, weil Vermieter einen Teil der Investitionen auf die Miete umlegen können. \
        Der Bundestag soll das Gesetz noch vor der Sommerpause beschließen, der Bundesrat muss zustimmen. \
        Eine Sprecherin des Ministeriums sagte, man rechne mit mehr als 500.000 Anträgen im ersten Jahr.";

    #[test]
    fn agency_copy_is_a_near_duplicate_and_other_news_is_not() {
        let other_site = format!(
            "{} Weitere Einzelheiten will das Ministerium in der kommenden Woche nennen.",
            AGENTUR
        );
        let unrelated = "Der FC Musterstadt hat sein Heimspiel gegen den Tabellenführer mit 3:1 gewonnen. \
            Zwei Tore fielen in der Nachspielzeit. Der Trainer lobte die Moral seiner Mannschaft nach dem Spiel.";
        let d_same = (simhash(AGENTUR) ^ simhash(&other_site)).count_ones();
        let d_other = (simhash(AGENTUR) ^ simhash(unrelated)).count_ones();
        assert!(
            d_same <= NEAR_DUPLICATE_BITS,
            "agency copy distance {d_same}"
        );
        assert!(d_other > 16, "unrelated distance {d_other}");
    }

    #[test]
    fn titles_of_the_same_event_are_similar() {
        let a = title_terms("Bundesregierung beschließt Förderung für Wärmepumpen");
        let b = title_terms("Wärmepumpen: Bundesregierung beschließt neue Förderung");
        let c = title_terms("FC Musterstadt gewinnt gegen Tabellenführer");
        assert!(jaccard(&a, &b) >= SAME_EVENT_JACCARD, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < 0.2);
    }

    #[test]
    fn the_same_event_needs_two_shared_terms_and_the_lowest_id_wins_a_tie() {
        // A title of 3 terms; article 7 shares all three (of its 3), 5 shares two of its 3
        // (0.5), 9 shares one of its 1 (1.0 by Jaccard, but one term is not an event).
        let matches = [(7, 3), (5, 3), (9, 1), (7, 3), (5, 3), (7, 3)];
        assert_eq!(best_same_event(3, matches), Some((1.0, 7)));
        assert_eq!(best_same_event(3, [(5, 3), (5, 3), (9, 1)]), None);
        // Two equally similar candidates: the lower id, whatever order they came in.
        let tie = [(8, 2), (4, 2), (8, 2), (4, 2)];
        assert_eq!(best_same_event(2, tie), Some((1.0, 4)));
    }

    #[test]
    fn the_same_text_is_the_closest_hash_within_the_limit_and_the_lowest_id_wins_a_tie() {
        let h: u64 = 0x0123_4567_89ab_cdef;
        let matches = [
            (4, (h ^ 0b111) as i64),       // 3 bits apart
            (9, (h ^ 0b1) as i64),         // 1 bit
            (2, (h ^ 0b10) as i64),        // 1 bit, lower id
            (1, (h ^ 0xff00_0000) as i64), // 8 bits: not the same text
        ];
        assert_eq!(best_same_text(h, matches), Some((2.0 - 1.0 / 64.0, 2)));
        assert_eq!(best_same_text(h, [(1, (h ^ 0xff) as i64)]), None);
        assert_eq!(best_same_text(h, [(5, h as i64)]), Some((2.0, 5)));
    }

    #[test]
    fn agencies_from_datelines_and_credits() {
        assert_eq!(agency(AGENTUR).as_deref(), Some("dpa"));
        assert_eq!(
            agency("Paris (AFP/dpa) – Frankreich wählt. Mehr folgt.").as_deref(),
            Some("AFP, dpa")
        );
        assert_eq!(
            agency("Ein eigener Bericht unserer Redaktion über das Stadtfest.\ndpa/rtr").as_deref(),
            Some("dpa, Reuters")
        );
        assert_eq!(
            agency("Ein eigener Bericht (mit Fotos) unserer Redaktion über das Stadtfest."),
            None
        );
    }
}
