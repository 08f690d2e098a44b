//! `cluster`: signatures for story clusters. A SimHash over word 3-shingles finds near-duplicate
//! texts (agency copy printed by several sites); the stemmed terms of the title find reports of
//! the same event in other words. Agency markers (dpa, AFP, Reuters, …) are recognised in the text.
//! Pure functions; the store keeps the signatures and assigns clusters when it saves an article.

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

/// What the clusterer keeps of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// SimHash of the text's word 3-shingles.
    pub simhash: u64,
    /// Hashes of the title's stemmed content words, sorted, without duplicates.
    pub title_terms: Vec<i64>,
    /// News agencies named as the source of the text ("dpa", "AFP", …), comma-separated.
    pub agency: Option<String>,
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
