//! Word-level helpers shared by ranking, alignment and the gate: case and umlaut folding, a light
//! stemmer, stop words, and token hashing (no allocation per token).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A hasher for keys that are already 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by token hashes.
pub(crate) type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A set of token hashes.
pub(crate) type HashSet64 = HashSet<u64, BuildHasherDefault<IdHasher>>;

/// FNV-1a over the bytes of `s`, finished with a mixer so the low bits spread.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in s.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58476d1ce4e5b9);
    h ^ (h >> 32)
}

/// Appends `c` lower-cased with umlauts and ß folded (ä→a, ö→o, ü→u, ß→ss, é→e …).
pub(crate) fn push_folded(c: char, out: &mut String) {
    match c {
        'a'..='z' | '0'..='9' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        'ä' | 'Ä' | 'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => out.push('a'),
        'ö' | 'Ö' | 'ò' | 'ó' | 'ô' | 'Ò' | 'Ó' | 'Ô' => out.push('o'),
        'ü' | 'Ü' | 'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => out.push('u'),
        'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' | 'ë' => out.push('e'),
        'ß' => out.push_str("ss"),
        _ => out.extend(c.to_lowercase()),
    }
}

/// `w` lower-cased and folded (see [`push_folded`]).
#[allow(dead_code)]
pub(crate) fn fold(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        push_folded(c, &mut s);
    }
    s
}

/// A light German/English stemmer for similarity: strips one common inflection suffix. The reference
/// definition of what [`content_hashes`] computes in one pass (checked in the tests).
#[allow(dead_code)]
pub(crate) fn light_stem(w: &str) -> &str {
    const SUFFIXES: [&str; 9] = ["ern", "em", "en", "er", "es", "e", "s", "n", "ly"];
    let n = w.len();
    for suf in SUFFIXES {
        if n >= suf.len() + 4 && w.ends_with(suf) {
            return &w[..n - suf.len()];
        }
    }
    w
}

const STOPWORDS: &[&str] = &[
    // German (folded)
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderen", "auch", "auf", "aus", "bei", "beim", "bereits", "bin", "bis", "bisher",
    "bist", "da", "dabei", "dadurch", "dafur", "daher", "damit", "danach", "dann", "daran",
    "darauf", "daruber", "das", "dass", "dem", "demnach", "den", "denen", "denn", "der", "deren",
    "des", "deshalb", "dessen", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses",
    "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
    "etwa", "etwas", "euch", "fur", "gab", "gegen", "gibt", "hab", "habe", "haben", "hat", "hatte",
    "hatten", "heute", "hier", "hin", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem",
    "ihren", "ihrer", "im", "immer", "in", "ins", "ist", "ja", "jedoch", "jetzt", "kann", "kein",
    "keine", "konnen", "konnte", "laut", "man", "mehr", "mich", "mir", "mit", "muss", "mussen",
    "nach", "nicht", "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "schon", "sehr", "sei",
    "seien", "sein", "seine", "seinem", "seinen", "seiner", "seit", "sich", "sie", "sind", "so",
    "soll", "sollen", "sollte", "sowie", "uber", "um", "und", "uns", "unser", "unter", "vom",
    "von", "vor", "war", "waren", "was", "weil", "weiter", "wenn", "wer", "werden", "wie",
    "wieder", "will", "wir", "wird", "wo", "wurde", "wurden", "zu", "zum", "zur", "zwar",
    "zwischen", "sowohl", "jedem", "jeden", "jeder", "viele", "vielen", "wahrend", "bzw",
    // English
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "i", "if", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on", "one",
    "or", "our", "out", "over", "said", "she", "so", "some", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "up", "was", "we", "were",
    "what", "when", "which", "while", "who", "will", "with", "would", "you",
];

fn stopwords() -> &'static HashSet64 {
    static SET: OnceLock<HashSet64> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().map(|w| hash_str(w)).collect())
}

/// Whether the folded word is a stop word.
pub(crate) fn is_stopword_hash(h: u64) -> bool {
    stopwords().contains(&h)
}

/// `char::is_alphanumeric`, answered from a table for ASCII and Latin-1 (umlauts, ß, accented
/// letters) and at once for the General Punctuation block (dashes, „German“ quotes, spaces), none
/// of which is a letter or digit: the general look-up searches Unicode's tables, about 200
/// instructions for every umlaut or quote of a German text, in each of the pipeline's word scans.
pub fn is_alphanumeric(c: char) -> bool {
    const LATIN1: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 256 {
            let b = i as u8;
            t[i] = b.is_ascii_alphanumeric()
                // ª ² ³ µ ¹ º ¼ ½ ¾, and the letters À–ÿ without × and ÷.
                || matches!(i, 0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE)
                || (i >= 0xC0 && i != 0xD7 && i != 0xF7);
            i += 1;
        }
        t
    };
    match u32::from(c) {
        n @ 0..=0xFF => LATIN1[n as usize],
        0x2000..=0x206F => false,
        _ => c.is_alphanumeric(),
    }
}

/// Calls `f(word, byte_offset)` for every word of `s`: maximal runs of letters and digits.
pub(crate) fn for_each_word(s: &str, mut f: impl FnMut(&str, usize)) {
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_alphanumeric(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            f(&s[st..i], st);
        }
    }
    if let Some(st) = start {
        f(&s[st..], st);
    }
}

/// Incremental FNV-1a over a folded word that remembers the states of its last bytes, so that the
/// hash of the word and of the word without a light-stemmer suffix come out of one pass (equal to
/// [`hash_str`] of the folded word and of [`light_stem`] of it).
struct WordHasher {
    ring: [u64; 4],
    len: usize,
    /// The last three bytes, most recent lowest.
    tail: u32,
}

impl WordHasher {
    const SEED: u64 = 0xcbf29ce484222325;

    fn new() -> Self {
        WordHasher {
            ring: [Self::SEED; 4],
            len: 0,
            tail: 0,
        }
    }

    fn push(&mut self, b: u8) {
        let h = (self.ring[self.len & 3] ^ b as u64).wrapping_mul(0x100000001b3);
        self.len += 1;
        self.ring[self.len & 3] = h;
        self.tail = (self.tail << 8) | b as u32;
    }

    fn push_char(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        match c {
            'ä' | 'Ä' | 'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => self.push(b'a'),
            'ö' | 'Ö' | 'ò' | 'ó' | 'ô' | 'Ò' | 'Ó' | 'Ô' => self.push(b'o'),
            'ü' | 'Ü' | 'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => self.push(b'u'),
            'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' | 'ë' => self.push(b'e'),
            'ß' => {
                self.push(b's');
                self.push(b's');
            }
            _ => {
                for l in c.to_lowercase() {
                    for &b in l.encode_utf8(&mut tmp).as_bytes() {
                        self.push(b);
                    }
                }
            }
        }
    }

    fn finish(h: u64) -> u64 {
        let mut h = h ^ (h >> 29);
        h = h.wrapping_mul(0xbf58476d1ce4e5b9);
        h ^ (h >> 32)
    }

    /// The length of the suffix [`light_stem`] strips.
    fn suffix_len(&self) -> usize {
        let t = self.tail;
        let n = self.len;
        let ends3 = |s: &[u8; 3]| t & 0xFF_FFFF == u32::from_be_bytes([0, s[0], s[1], s[2]]);
        let ends2 = |s: &[u8; 2]| t & 0xFFFF == u32::from(u16::from_be_bytes(*s));
        let ends1 = |c: u8| t & 0xFF == c as u32;
        if n >= 7 && ends3(b"ern") {
            3
        } else if n >= 6 && (ends2(b"em") || ends2(b"en") || ends2(b"er") || ends2(b"es")) {
            2
        } else if n >= 5 && (ends1(b'e') || ends1(b's') || ends1(b'n')) {
            1
        } else if n >= 6 && ends2(b"ly") {
            2
        } else {
            0
        }
    }

    /// Emits the stem hash of a finished word unless it is short or a stop word; then resets.
    fn emit(&mut self, out: &mut Vec<u64>) {
        let n = self.len;
        if n >= 2 && !(n <= 8 && is_stopword_hash(Self::finish(self.ring[n & 3]))) {
            let k = self.suffix_len();
            out.push(Self::finish(self.ring[(n - k) & 3]));
        }
        *self = WordHasher::new();
    }
}

/// Appends the hashes of the content words of `s` (folded, light-stemmed, no stop words, at least
/// two characters) to `out`.
pub(crate) fn content_hashes(s: &str, out: &mut Vec<u64>) {
    let mut h = WordHasher::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                h.push(b.to_ascii_lowercase());
            } else if h.len > 0 {
                h.emit(out);
            }
            i += 1;
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if is_alphanumeric(c) {
                h.push_char(c);
            } else if h.len > 0 {
                h.emit(out);
            }
            i += c.len_utf8();
        }
    }
    if h.len > 0 {
        h.emit(out);
    }
}

/// The number of whitespace-separated words of `s` (ASCII whitespace, no-break and thin spaces).
pub(crate) fn word_count(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut n, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let (ws, len) = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => (true, 1),
            0xC2 if b.get(i + 1) == Some(&0xA0) => (true, 2),
            0xE2 if b.get(i + 1) == Some(&0x80)
                && b.get(i + 2)
                    .is_some_and(|&x| (0x80..=0x8A).contains(&x) || x == 0xAF) =>
            {
                (true, 3)
            }
            _ => (false, 1),
        };
        if !ws && !in_word {
            n += 1;
        }
        in_word = !ws;
        i += len;
    }
    n
}

/// `s.to_lowercase()`, faster on mostly-ASCII text with a few umlauts: runs of ASCII are
/// copied and lower-cased as slices. Same result as `str::to_lowercase` (which it defers to
/// for text with a capital sigma, whose lower case depends on its neighbours).
pub(crate) fn lower(s: &str) -> String {
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] < 0x80 {
            i += 1;
        }
        if i > start {
            let from = out.len();
            out.push_str(&s[start..i]);
            out[from..].make_ascii_lowercase();
        }
        if i < b.len() {
            let c = s[i..].chars().next().unwrap_or(' ');
            match c {
                'ä' | 'ö' | 'ü' | 'ß' | 'é' => out.push(c),
                _ => out.extend(c.to_lowercase()),
            }
            i += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_table_is_char_is_alphanumeric() {
        for n in (0..=0x2FFu32).chain(0x1FF0..=0x20FF) {
            let c = char::from_u32(n).unwrap();
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{n:04X}");
        }
    }

    #[test]
    fn folding_and_stems() {
        assert_eq!(fold("Größe Übel"), "grosse ubel");
        assert_eq!(light_stem("soldaten"), "soldat");
        assert_eq!(light_stem("die"), "die");
        let mut a = Vec::new();
        let mut b = Vec::new();
        content_hashes("Die Soldaten kämpfen", &mut a);
        content_hashes("der Soldat kampfen", &mut b);
        assert_eq!(a, b);
        // One pass equals folding, stemming and hashing step by step.
        let mut c = Vec::new();
        content_hashes("Größeren Straßen früher Ländern lovely es", &mut c);
        let expect: Vec<u64> = ["grosseren", "strassen", "fruher", "landern", "lovely"]
            .iter()
            .map(|w| hash_str(light_stem(w)))
            .collect();
        assert_eq!(c, expect);
        assert_eq!(word_count(" Ein  Satz\u{a0}mit\tvier "), 4);
    }
}
