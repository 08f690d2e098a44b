//! Sentence segmentation for German (and English) news text.
//!
//! Rule based and allocation-light: a sentence ends at `.`, `!`, `?` or `…` (plus any closing quotes or
//! brackets) when the next word starts a new sentence. The rules keep together what a naive splitter
//! breaks apart:
//!
//! - abbreviations: "z. B.", "Dr.", "Nr.", "u. a.", "bzw.", "ca.", "St.", "Prof.", "Mio.", "Mr.",
//!   "U.S.", "e.g." (sentence-final ones such as "usw." end a sentence only before a typical sentence
//!   opener like "Die" or "Er");
//! - ordinals and dates: "3. Oktober", "der 2. Weltkrieg", "am 25.12. beginnt", "im 19. Jahrhundert";
//! - numbers: "10.000", "2,5", "3.5";
//! - quotes: a sentence that ends inside „…“, »…«, «…» or "…" ends after the closing quote; a
//!   terminator inside a (short, closed) quote does not end the sentence around it;
//! - datelines: "Berlin – …", "Wien (APA) – …", "(dpa) - …" stay with the first sentence and can be
//!   measured with [`dateline_len`];
//! - a missing space after a full stop ("…in der Schweiz.Die Böen…") still ends a sentence.
//!
//! A sentence never spans paragraphs, and line breaks inside a paragraph are hard boundaries.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Abbreviations that never end a sentence by themselves (compared case-sensitively first, then in
/// lower case).
static ABBREVIATIONS: &[&str] = &[
    // German
    "Abb", "Abg", "Abs", "Abt", "allg", "Anm", "Art", "Aufl", "Bd", "Bde", "Bhf", "bspw", "bzgl",
    "bzw", "ca", "Chr", "Dipl", "Dir", "Do", "Dr", "dt", "Dt", "ehem", "eigtl", "einschl", "engl",
    "entspr", "etc", "ev", "evtl", "exkl", "Fa", "ff", "Fr", "Frl", "franz", "geb", "gegr", "gem",
    "Ges", "gest", "ggf", "Hbf", "Hl", "hl", "Hr", "Hrn", "Hrsg", "inkl", "insb", "Ing", "Inh",
    "Jh", "Jhd", "Jhs", "jun", "Kap", "kath", "Kfm", "kgl", "Kl", "lt", "Mag", "max", "Mi", "min",
    "Mio", "Mo", "Mrd", "Mrz", "Nr", "Nrn", "o.ä", "Pfd", "Pkt", "Pl", "Prof", "Prov", "rd", "Reg",
    "röm", "Sa", "sen", "sog", "So", "St", "Std", "Str", "Tab", "Tel", "Tsd", "usf", "usw", "verh",
    "vgl", "Vors", "zit", "Ziff", "zzgl", "zw", "Jan", "Feb", "Apr", "Aug", "Sep", "Sept", "Okt",
    "Nov", "Dez", // English
    "Mr", "Mrs", "Ms", "Messrs", "Sr", "Jr", "vs", "Inc", "Ltd", "Co", "Corp", "Gen", "Gov", "Sen",
    "Rep", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "No", "Nos", "approx", "est", "Mt",
    "Ave", "Blvd", "Rd", "Mar", "Jun", "Jul", "Oct", "Dec", "Rev", "Hon", "Pres", "Dept", "Univ",
    "Fig", "fig", "vol", "Vol", "pp", "cf",
];

/// Abbreviations that may also close a sentence: they end one when a typical opener follows.
static FINAL_ABBREVIATIONS: &[&str] = &[
    "usw", "usf", "etc", "ff", "Co", "Inc", "Ltd", "Corp", "Jr", "Sr", "Chr", "Str", "Std", "Tsd",
];

/// Words that typically open a sentence (capitalised form).
static OPENERS: &[&str] = &[
    // German
    "Aber",
    "Allerdings",
    "Als",
    "Alle",
    "Am",
    "An",
    "Andere",
    "Auch",
    "Auf",
    "Aus",
    "Außerdem",
    "Bei",
    "Bereits",
    "Bis",
    "Da",
    "Dabei",
    "Dafür",
    "Daher",
    "Damit",
    "Danach",
    "Dann",
    "Darauf",
    "Darüber",
    "Das",
    "Dass",
    "Dem",
    "Demnach",
    "Den",
    "Denn",
    "Der",
    "Des",
    "Deshalb",
    "Die",
    "Dies",
    "Diese",
    "Diesem",
    "Diesen",
    "Dieser",
    "Dieses",
    "Doch",
    "Dort",
    "Du",
    "Ein",
    "Eine",
    "Einem",
    "Einen",
    "Einer",
    "Eines",
    "Er",
    "Es",
    "Etwa",
    "Für",
    "Gestern",
    "Heute",
    "Hier",
    "Ich",
    "Ihr",
    "Ihre",
    "Im",
    "In",
    "Inzwischen",
    "Jedoch",
    "Jetzt",
    "Kein",
    "Keine",
    "Laut",
    "Man",
    "Mehr",
    "Mit",
    "Nach",
    "Nachdem",
    "Nicht",
    "Noch",
    "Nun",
    "Nur",
    "Ob",
    "Obwohl",
    "Oder",
    "Schon",
    "Sein",
    "Seine",
    "Seit",
    "Sie",
    "So",
    "Trotz",
    "Trotzdem",
    "Um",
    "Und",
    "Unter",
    "Viele",
    "Vom",
    "Von",
    "Vor",
    "Während",
    "Was",
    "Weil",
    "Wenn",
    "Wer",
    "Wie",
    "Wir",
    "Wo",
    "Zudem",
    "Zum",
    "Zur",
    "Zu",
    "Zwar",
    // English
    "A",
    "After",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "But",
    "By",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "It",
    "Its",
    "On",
    "Our",
    "She",
    "So",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "We",
    "When",
    "While",
    "With",
    "Yet",
];

/// Month names (German and English, full and abbreviated) after which a number with a dot is a date.
static MONTHS: &[&str] = &[
    "Januar",
    "Jänner",
    "Februar",
    "Feber",
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
    "Jan",
    "Feb",
    "Mär",
    "Mrz",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Okt",
    "Nov",
    "Dez",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
];

/// Words after which "N." is an ordinal ("der 2.", "am 3.", "im 19.").
static ORDINAL_CUES: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "am", "im", "vom", "zum", "zur", "beim", "bis", "ab",
    "seit", "ihr", "ihre", "ihrem", "ihren", "ihrer", "sein", "seine", "seinem", "seinen",
    "seiner", "jeder", "jedes", "jeden", "jedem", "ein", "eine", "einem", "einen", "einer",
    "zwischen", "und", "oder", "bzw", "vor", "nach", "zum", "the", "on", "Der", "Die", "Das", "Am",
    "Im", "Seit", "Bis", "Ab", "Vom", "Zum", "Zur", "Beim",
];

/// News agencies that may stand alone as a dateline ("dpa –").
static AGENCIES: &[&str] = &[
    "dpa", "afp", "ap", "apa", "sda", "kna", "epd", "reuters", "dts", "ddp", "rtr", "sid", "ots",
    "red",
];

/// Quoted passages longer than this (in bytes) do not hold sentences together.
const MAX_QUOTE_BYTES: usize = 400;

/// Whether `w` is a month name or abbreviation (German or English).
pub fn is_month(w: &str) -> bool {
    in_list(MONTHS, w)
}

type WordSet = HashSet<&'static str, std::hash::BuildHasherDefault<crate::text::IdHasher>>;

/// Membership in one of the word lists of this module, through a hash set built on first use.
fn in_list(list: &'static [&'static str], w: &str) -> bool {
    static SETS: OnceLock<Vec<(usize, WordSet)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        [
            ABBREVIATIONS,
            FINAL_ABBREVIATIONS,
            OPENERS,
            MONTHS,
            ORDINAL_CUES,
            AGENCIES,
        ]
        .iter()
        .map(|l| (l.as_ptr() as usize, l.iter().copied().collect()))
        .collect()
    });
    match sets.iter().find(|(p, _)| *p == list.as_ptr() as usize) {
        Some((_, set)) => set.contains(w),
        None => list.contains(&w),
    }
}

/// Whether `w` (without its dot) is a known abbreviation, in its own spelling or in lower case.
pub fn is_abbreviation(w: &str) -> bool {
    static LOWER: OnceLock<HashSet<String, std::hash::BuildHasherDefault<crate::text::IdHasher>>> =
        OnceLock::new();
    if in_list(ABBREVIATIONS, w) {
        return true;
    }
    let set = LOWER.get_or_init(|| ABBREVIATIONS.iter().map(|a| a.to_lowercase()).collect());
    if w.chars().any(|c| c.is_uppercase()) {
        // An ASCII word is lower-cased in a buffer on the stack, without allocating.
        let mut buf = [0u8; 32];
        if w.is_ascii() && w.len() <= buf.len() {
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower).is_ok_and(|l| set.contains(l));
        }
        set.contains(&w.to_lowercase())
    } else {
        set.contains(w)
    }
}

fn is_opening_quote(c: char) -> bool {
    matches!(
        c,
        '„' | '“' | '"' | '»' | '«' | '‚' | '‘' | '\'' | '(' | '['
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '»' | '«' | '’' | '\'' | ')' | ']' | '‘'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn char_before(text: &str, pos: usize) -> char {
    text[..pos].chars().next_back().unwrap_or(' ')
}

fn char_at(text: &str, pos: usize) -> char {
    text[pos..].chars().next().unwrap_or(' ')
}

/// Matched quote pairs (byte offsets of the opening and closing quote) of one line.
fn quote_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let bytes = text.as_bytes();
    for (pos, &b) in bytes.iter().enumerate() {
        // Quote marks: '"' or the UTF-8 lead bytes of „ “ ” (E2) and » « (C2).
        if !(b == b'"' || b == 0xE2 || b == 0xC2) {
            continue;
        }
        let c = char_at(text, pos);
        if !matches!(c, '"' | '„' | '“' | '”' | '»' | '«') {
            continue;
        }
        let prev = char_before(text, pos);
        let next = char_at(text, pos + c.len_utf8());
        let opening_ctx =
            prev.is_whitespace() || matches!(prev, '(' | '[' | '–' | '—' | '-' | '/' | ':');
        let top = stack.last().map(|t| t.0);
        let mut close = || {
            let (_, o) = stack.pop().unwrap();
            pairs.push((o, pos));
        };
        match c {
            '„' => stack.push((c, pos)),
            '“' => {
                if top == Some('„') || (top == Some('“') && !opening_ctx) {
                    close();
                } else if opening_ctx && !next.is_whitespace() {
                    stack.push((c, pos));
                }
            }
            '”' => {
                if matches!(top, Some('„') | Some('“') | Some('"')) {
                    close();
                }
            }
            '"' => {
                if top == Some('"') && !opening_ctx {
                    close();
                } else if opening_ctx && !next.is_whitespace() {
                    stack.push((c, pos));
                } else if top == Some('"') {
                    close();
                }
            }
            '»' => {
                if top == Some('«') {
                    close();
                } else {
                    stack.push((c, pos));
                }
            }
            '«' => {
                if top == Some('»') {
                    close();
                } else {
                    stack.push((c, pos));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// The word (letters, digits and inner dots, commas, hyphens, apostrophes) that ends at byte `end`,
/// as a byte range.
fn word_before(text: &str, end: usize) -> (usize, usize) {
    let mut s = end;
    for (i, c) in text[..end].char_indices().rev() {
        if c.is_alphanumeric() || matches!(c, '.' | ',' | '-' | '\'' | '’') {
            s = i;
        } else {
            break;
        }
    }
    // Strip leading punctuation left over from the scan.
    let w = &text[s..end];
    let lead = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    (s + lead, end)
}

/// The alphabetic word before byte `start`, separated from it only by spaces.
fn previous_word(text: &str, start: usize) -> &str {
    let before = &text[..start];
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return "";
    }
    let s = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[s..]
}

fn is_numeric_word(w: &str) -> bool {
    w.as_bytes().first().is_some_and(|b| b.is_ascii_digit())
        && w.bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b',')
}

/// Decides whether the terminator run `text[t0..t1]` ends a sentence. `k` is the byte offset of the
/// next word's first character (after whitespace and opening quotes); `glued` whether no whitespace
/// followed the run and its closers.
fn is_boundary(text: &str, t0: usize, t1: usize, k: usize, glued: bool) -> bool {
    if k >= text.len() {
        return true;
    }
    let n = char_at(text, k);
    if n.is_lowercase() {
        return false;
    }
    if !(n.is_alphanumeric() || is_opening_quote(n)) {
        return false;
    }
    let run = &text[t0..t1];
    let rest = &text[k..];
    let next_word = &rest[..rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len())];
    let wr = word_before(text, t0);
    let w = &text[wr.0..wr.1];
    if glued {
        // "Schweiz.Die": only a plain lower-case word followed by a capitalised word.
        let next2 = rest.chars().nth(1).unwrap_or(' ');
        return run == "."
            && w.chars().count() >= 3
            && w.chars().all(|c| c.is_alphabetic())
            && w.chars().last().is_some_and(|c| c.is_lowercase())
            && !is_abbreviation(w)
            && n.is_uppercase()
            && next2.is_lowercase();
    }
    if run != "." || w.is_empty() {
        return true;
    }
    let opener = in_list(OPENERS, next_word);
    if is_numeric_word(w) {
        if in_list(MONTHS, next_word) {
            return false;
        }
        let digits_only = w.bytes().all(|c| c.is_ascii_digit());
        let is_date = {
            let mut parts = w.split('.');
            let ok = |p: Option<&str>| {
                p.is_some_and(|p| {
                    !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit())
                })
            };
            ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
        };
        if is_date {
            // "am 25.12. 2025" / "am 25.12. beginnt": a date; before an opener it ends the sentence.
            return opener && !next_word.bytes().all(|c| c.is_ascii_digit());
        }
        if digits_only && w.len() <= 3 {
            if in_list(ORDINAL_CUES, previous_word(text, wr.0)) {
                return false;
            }
            return opener;
        }
        return true;
    }
    let mut it = w.chars();
    if let (Some(_), None) = (it.next(), it.next()) {
        // An initial or a one-letter abbreviation piece ("z. B.", "A. Merkel"), not a unit ("km/h.").
        let before = char_before(text, wr.0);
        return !(before.is_whitespace() || before == '.' || is_opening_quote(before));
    }
    if w.contains('.') {
        // "U.S", "z.B", "e.g": a dotted acronym ends a sentence only before an opener (upper case ones).
        let upper = w
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
        return upper && opener;
    }
    if is_abbreviation(w) {
        return in_list(FINAL_ABBREVIATIONS, w) && opener;
    }
    true
}

/// Byte ranges of the sentences of one paragraph (trimmed, in order). Line breaks are hard
/// boundaries.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        spans_of_line(line, line_start, &mut out);
        line_start += line.len() + 1;
    }
    out
}

fn push_trimmed(text: &str, base: usize, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(base + s + lead..base + e - trail);
    }
}

/// The bytes that may start a sentence terminator: '.', '!', '?' and the lead byte of '…'.
static TERMINATOR_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true;
    t
};

fn spans_of_line(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    if line.trim().is_empty() {
        return;
    }
    let pairs = quote_pairs(line);
    let inside_quote = |b: usize| {
        pairs
            .iter()
            .any(|&(o, c)| o < b && b <= c && c - o <= MAX_QUOTE_BYTES)
    };
    let bytes = line.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // Skip to the next '.', '!', '?' or lead byte of '…' (E2 80 A6).
        while i < bytes.len() && !TERMINATOR_BYTE[bytes[i] as usize] {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        if b == 0xE2 && !line[i..].starts_with('…') {
            i += 1;
            continue;
        }
        let t0 = i;
        let mut t1 = i;
        for c in line[i..].chars() {
            if !is_terminator(c) {
                break;
            }
            t1 += c.len_utf8();
        }
        let mut end = t1;
        let mut iter = line[t1..].chars().peekable();
        while let Some(c) = iter.next() {
            if !is_closer(c) {
                break;
            }
            // A straight quote or apostrophe followed by a letter opens the next word instead.
            if matches!(c, '"' | '\'' | '‘') && iter.peek().is_some_and(|n| n.is_alphanumeric()) {
                break;
            }
            end += c.len_utf8();
        }
        let after = &line[end..];
        let k = end + (after.len() - after.trim_start().len());
        let glued = k == end && k < line.len();
        let w = if glued {
            k
        } else {
            let rest = &line[k..];
            k + (rest.len() - rest.trim_start_matches(is_opening_quote).len())
        };
        if k < line.len() && is_boundary(line, t0, t1, w, glued) && !inside_quote(end) {
            push_trimmed(line, base, start, end, out);
            start = end;
        }
        i = end.max(t1);
    }
    push_trimmed(line, base, start, line.len(), out);
}

/// The sentences of one paragraph, trimmed, in order.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text).into_iter().map(|r| &text[r]).collect()
}

/// The sentences of all `paragraphs`, in order; a sentence never spans two paragraphs.
pub fn segment_paragraphs<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paragraphs {
        out.extend(sentences(p.as_ref()).into_iter().map(str::to_string));
    }
    out
}

/// Length in bytes of a dateline at the start of `sentence` ("Berlin – ", "Wien (APA) - ",
/// "(dpa) – ", "BERLIN (dpa/AFP) — "), including the dash and the following space; 0 if there is none.
pub fn dateline_len(sentence: &str) -> usize {
    let s = sentence;
    let mut pos = 0usize;
    let mut places = 0usize;
    let mut agency = false;
    let mut first_word = "";
    loop {
        let rest = &s[pos..];
        let t = rest.trim_start_matches(' ');
        pos += rest.len() - t.len();
        let Some(c) = t.chars().next() else { return 0 };
        if c == '(' {
            let Some(close) = t.find(')') else { return 0 };
            let inner = &t[1..close];
            if inner.is_empty() || inner.len() > 40 || inner.contains(". ") {
                return 0;
            }
            agency = true;
            pos += close + 1;
            continue;
        }
        if matches!(c, '–' | '—' | '-') {
            if places == 0 && !agency {
                return 0;
            }
            let after = &t[c.len_utf8()..];
            if !after.starts_with(' ') {
                return 0;
            }
            let body = after.trim_start();
            let next = body.chars().next();
            if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || is_opening_quote(n))
            {
                return 0;
            }
            if in_list(OPENERS, first_word) {
                return 0;
            }
            return pos + c.len_utf8() + (after.len() - body.len());
        }
        if agency {
            return 0;
        }
        // A place word: capitalised, letters and "./-", or a known agency.
        let wlen = t.find(' ').unwrap_or(t.len());
        let word = &t[..wlen];
        let is_agency = || is_agency_word(word);
        let is_place = c.is_uppercase()
            && word
                .chars()
                .all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '/' | '-' | '\''))
            && !word.ends_with(':');
        // The agency lists are only consulted for words that are no place.
        if places >= 3 || !(is_place || is_agency()) {
            return 0;
        }
        if places == 0 {
            first_word = word;
        }
        places += 1;
        pos += wlen;
    }
}

/// Whether `word` is an agency ("dpa", "AFP", "dpa/AFP"): in lower case and without slashes one
/// of [`AGENCIES`], or each of its slash-separated parts one of them. ASCII words are lower-cased
/// in a small buffer (the agencies have at most seven letters).
fn is_agency_word(word: &str) -> bool {
    if !word.is_ascii() {
        return in_list(AGENCIES, &word.to_lowercase().replace('/', ""))
            || word
                .split('/')
                .all(|p| in_list(AGENCIES, &p.to_lowercase()));
    }
    fn agency(bytes: impl Iterator<Item = u8>) -> bool {
        let mut buf = [0u8; 8];
        let mut n = 0;
        for c in bytes {
            if n == buf.len() {
                return false;
            }
            buf[n] = c.to_ascii_lowercase();
            n += 1;
        }
        std::str::from_utf8(&buf[..n]).is_ok_and(|s| in_list(AGENCIES, s))
    }
    agency(word.bytes().filter(|&c| c != b'/')) || word.split('/').all(|p| agency(p.bytes()))
}

/// `sentence` without its dateline (see [`dateline_len`]).
pub fn strip_dateline(sentence: &str) -> &str {
    &sentence[dateline_len(sentence)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t)
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t = "Es kamen z. B. Dr. Müller, Prof. Meier u. a. aus St. Gallen, bzw. ca. 2,5 Mio. Menschen \
                 und 3 Mrd. Euro usw. bis Nr. 5. Die Stadt zahlte.";
        assert_eq!(split(t).len(), 2, "{:?}", split(t));
        assert!(split(t)[1].starts_with("Die Stadt"));
    }

    #[test]
    fn ordinals_and_dates() {
        let t = "Am 3. Oktober feiert man die Einheit. Der 2. Weltkrieg endete 1945. Das Fest am 25.12. \
                 beginnt früh. Im 19. Jahrhundert war das anders. Sie kam am 1. Januar 2020.";
        let s = split(t);
        assert_eq!(s.len(), 5, "{s:?}");
        assert_eq!(s[1], "Der 2. Weltkrieg endete 1945.");
    }

    #[test]
    fn numbers() {
        let t = "Es kamen 10.000 Menschen, rund 2,5 Prozent mehr als 2019. Das Plus lag bei 3.5 Punkten.";
        assert_eq!(split(t).len(), 2);
    }

    #[test]
    fn year_ends_sentence() {
        let s = split("Er starb im Jahr 2024. Die Familie trauert.");
        assert_eq!(s, vec!["Er starb im Jahr 2024.", "Die Familie trauert."]);
    }

    #[test]
    fn quotes() {
        let s =
            split("Er sagte: „Wir kommen.“ Dann ging er. »Nie wieder!«, rief sie. \"Gut.\" Ende.");
        assert_eq!(
            s,
            vec![
                "Er sagte: „Wir kommen.“",
                "Dann ging er.",
                "»Nie wieder!«, rief sie.",
                "\"Gut.\"",
                "Ende."
            ]
        );
        let s = split("Er sagte: „Wir kommen. Wir bleiben.“ Dann ging er.");
        assert_eq!(
            s,
            vec!["Er sagte: „Wir kommen. Wir bleiben.“", "Dann ging er."]
        );
        let s = split("Man sollte «diskret» sein. «Das ist gut.» Sie nickt.");
        assert_eq!(
            s,
            vec!["Man sollte «diskret» sein.", "«Das ist gut.»", "Sie nickt."]
        );
    }

    #[test]
    fn english() {
        let s = split("Mr. Smith went to the U.S. on Monday, e.g. to Washington. He met Dr. Jones. It rained.");
        assert_eq!(s.len(), 3, "{s:?}");
        let s = split("She moved to the U.S. The move was hard.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn glued_sentences_and_lines() {
        let s =
            split("Es stürmt in der Schweiz.Die Böen erreichen 100 km/h.\nNeue Zeile ohne Punkt");
        assert_eq!(
            s,
            vec![
                "Es stürmt in der Schweiz.",
                "Die Böen erreichen 100 km/h.",
                "Neue Zeile ohne Punkt"
            ]
        );
        assert_eq!(split("Siehe www.spiegel.de für mehr.").len(), 1);
    }

    #[test]
    fn questions_and_exclamations() {
        let s =
            split("Warum informierte niemand die Eltern? Die Klinik schweigt! Und jetzt … nichts.");
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn agency_words() {
        for w in [
            "dpa",
            "DPA",
            "dpa/AFP",
            "d/pa",
            "AFP/",
            "/",
            "",
            "Reuters",
            "REUTERSX",
            "Berlin",
            "dpa/Berlin",
            "ÄP",
            "\u{212a}na",
            "reuters/reuters/dpa",
        ] {
            let expect = in_list(AGENCIES, &w.to_lowercase().replace('/', ""))
                || w.split('/').all(|p| in_list(AGENCIES, &p.to_lowercase()));
            assert_eq!(is_agency_word(w), expect, "{w:?}");
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(
            strip_dateline("Berlin – Der Kanzler kam."),
            "Der Kanzler kam."
        );
        assert_eq!(
            strip_dateline("Wien (APA) - Die Regierung tagt."),
            "Die Regierung tagt."
        );
        assert_eq!(
            strip_dateline("(dpa) - Die Regierung tagt."),
            "Die Regierung tagt."
        );
        assert_eq!(strip_dateline("St. Gallen – Es schneit."), "Es schneit.");
        assert_eq!(
            strip_dateline("Frankfurt/Main (dpa/AFP) — Die Börse fiel."),
            "Die Börse fiel."
        );
        assert_eq!(
            strip_dateline("Öffi-Tickets im Wert von 500 Euro – das war der Schaden."),
            "Öffi-Tickets im Wert von 500 Euro – das war der Schaden."
        );
        assert_eq!(
            strip_dateline("Der Kanzler – Das ist er."),
            "Der Kanzler – Das ist er."
        );
        let s = split("Berlin – Der Kanzler kam. Er sprach.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn paragraphs_never_merge() {
        let p = vec![
            "Erster Absatz ohne Punkt".to_string(),
            "Zweiter Absatz. Mit zwei Sätzen.".to_string(),
        ];
        assert_eq!(
            segment_paragraphs(&p),
            vec![
                "Erster Absatz ohne Punkt",
                "Zweiter Absatz.",
                "Mit zwei Sätzen."
            ]
        );
    }
}
