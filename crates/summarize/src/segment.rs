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

use std::ops::Range;

/// Abbreviations that never end a sentence by themselves (compared case-sensitively first, then in
/// lower case).
const ABBREVIATIONS: &[&str] = &[
    // German
    "Abb", "Abg", "Abs", "Abt", "allg", "Anm", "Art", "Aufl", "Bd", "Bde", "Bhf", "bspw", "bzgl", "bzw",
    "ca", "Chr", "Dipl", "Dir", "Do", "Dr", "dt", "Dt", "ehem", "eigtl", "einschl", "engl", "entspr",
    "etc", "ev", "evtl", "exkl", "Fa", "ff", "Fr", "Frl", "franz", "geb", "gegr", "gem", "Ges", "gest",
    "ggf", "Hbf", "Hl", "hl", "Hr", "Hrn", "Hrsg", "inkl", "insb", "Ing", "Inh", "Jh", "Jhd", "Jhs",
    "jun", "Kap", "kath", "Kfm", "kgl", "Kl", "lt", "Mag", "max", "Mi", "min", "Mio", "Mo", "Mrd",
    "Mrz", "Nr", "Nrn", "o.ä", "Pfd", "Pkt", "Pl", "Prof", "Prov", "rd", "Reg", "röm", "Sa", "sen",
    "sog", "So", "St", "Std", "Str", "Tab", "Tel", "Tsd", "usf", "usw", "verh", "vgl", "Vors", "zit",
    "Ziff", "zzgl", "zw", "Jan", "Feb", "Apr", "Aug", "Sep", "Sept", "Okt", "Nov", "Dez",
    // English
    "Mr", "Mrs", "Ms", "Messrs", "Sr", "Jr", "vs", "Inc", "Ltd", "Co", "Corp", "Gen", "Gov", "Sen",
    "Rep", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "No", "Nos", "approx", "est", "Mt", "Ave",
    "Blvd", "Rd", "Mar", "Jun", "Jul", "Oct", "Dec", "Rev", "Hon", "Pres", "Dept", "Univ", "Fig",
    "fig", "vol", "Vol", "pp", "cf",
];

/// Abbreviations that may also close a sentence: they end one when a typical opener follows.
const FINAL_ABBREVIATIONS: &[&str] =
    &["usw", "usf", "etc", "ff", "Co", "Inc", "Ltd", "Corp", "Jr", "Sr", "Chr", "Str", "Std", "Tsd"];

/// Words that typically open a sentence (capitalised form).
const OPENERS: &[&str] = &[
    // German
    "Aber", "Allerdings", "Als", "Alle", "Am", "An", "Andere", "Auch", "Auf", "Aus", "Außerdem", "Bei",
    "Bereits", "Bis", "Da", "Dabei", "Dafür", "Daher", "Damit", "Danach", "Dann", "Darauf", "Darüber",
    "Das", "Dass", "Dem", "Demnach", "Den", "Denn", "Der", "Des", "Deshalb", "Die", "Dies", "Diese",
    "Diesem", "Diesen", "Dieser", "Dieses", "Doch", "Dort", "Du", "Ein", "Eine", "Einem", "Einen",
    "Einer", "Eines", "Er", "Es", "Etwa", "Für", "Gestern", "Heute", "Hier", "Ich", "Ihr", "Ihre", "Im",
    "In", "Inzwischen", "Jedoch", "Jetzt", "Kein", "Keine", "Laut", "Man", "Mehr", "Mit", "Nach",
    "Nachdem", "Nicht", "Noch", "Nun", "Nur", "Ob", "Obwohl", "Oder", "Schon", "Sein", "Seine", "Seit",
    "Sie", "So", "Trotz", "Trotzdem", "Um", "Und", "Unter", "Viele", "Vom", "Von", "Vor", "Während",
    "Was", "Weil", "Wenn", "Wer", "Wie", "Wir", "Wo", "Zudem", "Zum", "Zur", "Zu", "Zwar",
    // English
    "A", "After", "An", "And", "As", "At", "Before", "But", "By", "For", "From", "He", "Her", "His",
    "However", "I", "If", "It", "Its", "On", "Our", "She", "So", "That", "The", "Their", "There",
    "These", "They", "This", "Those", "To", "We", "When", "While", "With", "Yet",
];

/// Month names (German and English, full and abbreviated) after which a number with a dot is a date.
const MONTHS: &[&str] = &[
    "Januar", "Jänner", "Februar", "Feber", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember", "Jan", "Feb", "Mär", "Mrz", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Okt", "Nov", "Dez", "January", "February", "March", "May", "June", "July",
    "October", "December",
];

/// Words after which "N." is an ordinal ("der 2.", "am 3.", "im 19.").
const ORDINAL_CUES: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "am", "im", "vom", "zum", "zur", "beim", "bis", "ab",
    "seit", "ihr", "ihre", "ihrem", "ihren", "ihrer", "sein", "seine", "seinem", "seinen", "seiner",
    "jeder", "jedes", "jeden", "jedem", "ein", "eine", "einem", "einen", "einer", "zwischen", "und",
    "oder", "bzw", "vor", "nach", "zum", "the", "on", "Der", "Die", "Das", "Am", "Im", "Seit", "Bis",
    "Ab", "Vom", "Zum", "Zur", "Beim",
];

/// News agencies that may stand alone as a dateline ("dpa –").
const AGENCIES: &[&str] = &[
    "dpa", "afp", "ap", "apa", "sda", "kna", "epd", "reuters", "dts", "ddp", "rtr", "sid", "ots", "red",
];

/// Quoted passages longer than this (in bytes) do not hold sentences together.
const MAX_QUOTE_BYTES: usize = 400;

/// Whether `w` is a month name or abbreviation (German or English).
pub fn is_month(w: &str) -> bool {
    in_list(MONTHS, w)
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_abbreviation(w: &str) -> bool {
    if in_list(ABBREVIATIONS, w) {
        return true;
    }
    let lower = w.to_lowercase();
    ABBREVIATIONS.iter().any(|a| a.len() == lower.len() && a.to_lowercase() == lower)
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '„' | '“' | '"' | '»' | '«' | '‚' | '‘' | '\'' | '(' | '[')
}

fn is_closer(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '»' | '«' | '’' | '\'' | ')' | ']' | '‘')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Matched quote pairs (byte offsets of the opening and closing quote) of one paragraph.
fn quote_pairs(chars: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (k, &(pos, c)) in chars.iter().enumerate() {
        let prev = if k == 0 { ' ' } else { chars[k - 1].1 };
        let next = chars.get(k + 1).map_or(' ', |x| x.1);
        let opening_ctx = prev.is_whitespace() || matches!(prev, '(' | '[' | '–' | '—' | '-' | '/' | ':');
        let top = stack.last().map(|t| t.0);
        match c {
            '„' => stack.push((c, pos)),
            '“' => {
                if top == Some('„') || (top == Some('“') && !opening_ctx) {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                } else if opening_ctx && !next.is_whitespace() {
                    stack.push((c, pos));
                }
            }
            '”' => {
                if matches!(top, Some('„') | Some('“') | Some('"')) {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                }
            }
            '"' => {
                if top == Some('"') && !opening_ctx {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                } else if opening_ctx && !next.is_whitespace() {
                    stack.push((c, pos));
                } else if top == Some('"') {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                }
            }
            '»' => {
                if top == Some('«') {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                } else {
                    stack.push((c, pos));
                }
            }
            '«' => {
                if top == Some('»') {
                    let (_, o) = stack.pop().unwrap();
                    pairs.push((o, pos));
                } else {
                    stack.push((c, pos));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// The word (letters, digits, dots, commas) that ends just before char index `k` (exclusive).
fn word_before(chars: &[(usize, char)], k: usize) -> (usize, usize) {
    let mut s = k;
    while s > 0 {
        let c = chars[s - 1].1;
        if c.is_alphanumeric() || c == '.' || c == ',' || c == '-' || c == '\'' || c == '’' {
            s -= 1;
        } else {
            break;
        }
    }
    // Strip leading punctuation left over from the scan.
    while s < k && !chars[s].1.is_alphanumeric() {
        s += 1;
    }
    (s, k)
}

fn collect(chars: &[(usize, char)], r: (usize, usize)) -> String {
    chars[r.0..r.1].iter().map(|x| x.1).collect()
}

/// The word before `r` (its char range) if it is separated only by spaces.
fn previous_word(chars: &[(usize, char)], r: (usize, usize)) -> String {
    let mut k = r.0;
    while k > 0 && chars[k - 1].1 == ' ' {
        k -= 1;
    }
    if k == r.0 {
        return String::new();
    }
    let mut s = k;
    while s > 0 && chars[s - 1].1.is_alphabetic() {
        s -= 1;
    }
    collect(chars, (s, k))
}

fn is_numeric_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Decides whether the terminator run ending at char index `end` (after closers) is a boundary.
/// `t0` is the index of the first terminator, `k` the index of the next word's first char
/// (after whitespace and opening quotes), `glued` whether no whitespace followed.
fn is_boundary(chars: &[(usize, char)], t0: usize, t1: usize, k: usize, glued: bool) -> bool {
    let Some(&(_, n)) = chars.get(k) else { return true };
    if n.is_lowercase() {
        return false;
    }
    if !(n.is_alphanumeric() || is_opening_quote(n)) {
        return false;
    }
    let run: String = chars[t0..t1].iter().map(|x| x.1).collect();
    // The next word, for opener / month look-ups.
    let mut e = k;
    while e < chars.len() && chars[e].1.is_alphanumeric() {
        e += 1;
    }
    let next_word = collect(chars, (k, e));
    let opener = in_list(OPENERS, &next_word);
    let wr = word_before(chars, t0);
    let w = collect(chars, wr);
    if glued {
        // "Schweiz.Die": only a plain lower-case word followed by a capitalised word.
        let next2 = chars.get(k + 1).map_or(' ', |x| x.1);
        return run == "."
            && w.chars().count() >= 3
            && w.chars().all(|c| c.is_alphabetic())
            && w.chars().last().is_some_and(|c| c.is_lowercase())
            && !is_abbreviation(&w)
            && n.is_uppercase()
            && next2.is_lowercase();
    }
    if run != "." {
        return true;
    }
    if w.is_empty() {
        return true;
    }
    if is_numeric_word(&w) {
        if in_list(MONTHS, &next_word) {
            return false;
        }
        let digits_only = w.chars().all(|c| c.is_ascii_digit());
        let is_date = {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() == 2
                && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
        };
        if is_date {
            // "am 25.12. 2025" / "am 25.12. beginnt": a date; before an opener it ends the sentence.
            return opener && !next_word.chars().all(|c| c.is_ascii_digit());
        }
        if digits_only && w.len() <= 3 {
            let prev = previous_word(chars, wr);
            if in_list(ORDINAL_CUES, &prev) {
                return false;
            }
            return opener;
        }
        return true;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && w.chars().count() == 1 {
        // An initial or a one-letter abbreviation piece ("z. B.", "A. Merkel"), not a unit ("km/h.").
        let before = if wr.0 == 0 { ' ' } else { chars[wr.0 - 1].1 };
        if before.is_whitespace() || before == '.' || is_opening_quote(before) {
            return false;
        }
        return true;
    }
    if w.contains('.') {
        // "U.S", "z.B", "e.g": a dotted acronym ends a sentence only before an opener (upper case ones).
        let upper = w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
        return upper && opener;
    }
    if is_abbreviation(&w) {
        return in_list(FINAL_ABBREVIATIONS, &w) && opener;
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

fn spans_of_line(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    if chars.is_empty() {
        return;
    }
    let pairs = quote_pairs(&chars);
    let inside_quote = |b: usize| pairs.iter().any(|&(o, c)| o < b && b <= c && c - o <= MAX_QUOTE_BYTES);
    let mut start = 0usize; // byte offset in line
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        let t0 = i;
        let mut t1 = i;
        while t1 < chars.len() && is_terminator(chars[t1].1) {
            t1 += 1;
        }
        let mut end = t1;
        while end < chars.len() && is_closer(chars[end].1) {
            // A straight quote or apostrophe followed by a letter opens the next word instead.
            let next = chars.get(end + 1).map_or(' ', |x| x.1);
            if matches!(chars[end].1, '"' | '\'' | '‘') && next.is_alphanumeric() {
                break;
            }
            end += 1;
        }
        let mut k = end;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let glued = k == end && k < chars.len();
        let mut w = k;
        while w < chars.len() && is_opening_quote(chars[w].1) {
            w += 1;
        }
        let end_byte = chars.get(end).map_or(line.len(), |x| x.0);
        let boundary = k >= chars.len()
            || (is_boundary(&chars, t0, t1, if glued { k } else { w.min(chars.len()) }, glued)
                && !inside_quote(end_byte));
        if boundary && k < chars.len() {
            push_trimmed(line, base, start, end_byte, out);
            start = end_byte;
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
    let mut first_word = String::new();
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
            if !next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || is_opening_quote(n)) {
                return 0;
            }
            if in_list(OPENERS, &first_word) {
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
        let is_agency = in_list(AGENCIES, &word.to_lowercase().replace('/', ""))
            || word.split('/').all(|p| in_list(AGENCIES, &p.to_lowercase()));
        let is_place = c.is_uppercase()
            && word.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '/' | '-' | '\''))
            && !word.ends_with(':');
        if !(is_place || is_agency) || places >= 3 {
            return 0;
        }
        if places == 0 {
            first_word = word.to_string();
        }
        places += 1;
        pos += wlen;
    }
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
        let s = split("Er sagte: „Wir kommen.“ Dann ging er. »Nie wieder!«, rief sie. \"Gut.\" Ende.");
        assert_eq!(s, vec!["Er sagte: „Wir kommen.“", "Dann ging er.", "»Nie wieder!«, rief sie.", "\"Gut.\"", "Ende."]);
        let s = split("Er sagte: „Wir kommen. Wir bleiben.“ Dann ging er.");
        assert_eq!(s, vec!["Er sagte: „Wir kommen. Wir bleiben.“", "Dann ging er."]);
        let s = split("Man sollte «diskret» sein. «Das ist gut.» Sie nickt.");
        assert_eq!(s, vec!["Man sollte «diskret» sein.", "«Das ist gut.»", "Sie nickt."]);
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
        let s = split("Es stürmt in der Schweiz.Die Böen erreichen 100 km/h.\nNeue Zeile ohne Punkt");
        assert_eq!(s, vec!["Es stürmt in der Schweiz.", "Die Böen erreichen 100 km/h.", "Neue Zeile ohne Punkt"]);
        assert_eq!(split("Siehe www.spiegel.de für mehr.").len(), 1);
    }

    #[test]
    fn questions_and_exclamations() {
        let s = split("Warum informierte niemand die Eltern? Die Klinik schweigt! Und jetzt … nichts.");
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn datelines() {
        assert_eq!(strip_dateline("Berlin – Der Kanzler kam."), "Der Kanzler kam.");
        assert_eq!(strip_dateline("Wien (APA) - Die Regierung tagt."), "Die Regierung tagt.");
        assert_eq!(strip_dateline("(dpa) - Die Regierung tagt."), "Die Regierung tagt.");
        assert_eq!(strip_dateline("St. Gallen – Es schneit."), "Es schneit.");
        assert_eq!(strip_dateline("Frankfurt/Main (dpa/AFP) — Die Börse fiel."), "Die Börse fiel.");
        assert_eq!(strip_dateline("Öffi-Tickets im Wert von 500 Euro – das war der Schaden."), "Öffi-Tickets im Wert von 500 Euro – das war der Schaden.");
        assert_eq!(strip_dateline("Der Kanzler – Das ist er."), "Der Kanzler – Das ist er.");
        let s = split("Berlin – Der Kanzler kam. Er sprach.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn paragraphs_never_merge() {
        let p = vec!["Erster Absatz ohne Punkt".to_string(), "Zweiter Absatz. Mit zwei Sätzen.".to_string()];
        assert_eq!(segment_paragraphs(&p), vec!["Erster Absatz ohne Punkt", "Zweiter Absatz.", "Mit zwei Sätzen."]);
    }
}
