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

/// The same-event candidate an article joins, from both signals, as both engines decide it:
/// by title terms ([`best_same_event`]: `n_terms` and `term_matches`), else by event keys
/// ([`best_same_event_by_keys`]: `published`, `n_keys`, and the matches `key_matches` looks
/// up, called only when the title terms found nothing). `(score, article id)`.
pub fn choose_same_event<I, E>(
    n_terms: usize,
    term_matches: impl IntoIterator<Item = (i64, i64)>,
    published: i64,
    n_keys: usize,
    key_matches: impl FnOnce() -> Result<I, E>,
) -> Result<Option<(f64, i64)>, E>
where
    I: IntoIterator<Item = EventKeyMatch>,
{
    if let Some(best) = best_same_event(n_terms, term_matches) {
        return Ok(Some(best));
    }
    if n_keys < SAME_EVENT_KEYS {
        return Ok(None);
    }
    Ok(best_same_event_by_keys(published, n_keys, key_matches()?))
}

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
        );
        assert_eq!(by_terms, Ok::<_, ()>(Some((1.0, 5))));
        let by_keys = choose_same_event(2, [], T, 4, || Ok::<_, ()>(tie));
        assert_eq!(by_keys.unwrap().map(|b| b.1), Some(4));
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
