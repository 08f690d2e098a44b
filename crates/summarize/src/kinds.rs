//! TLDRs of pages that are not one article: a live blog's latest entries ([`latest_entries`]),
//! and a listing's items or a gallery's captions as a list ([`list`]).
//!
//! The rule of the extractive TLDR holds here too: nothing the page does not say. A live blog's
//! TLDR is its newest entries' first sentences, newest first, each opened by the time the page
//! gives the entry, the first one by "Liveblog, Stand …" ("Live blog, as of …" in English): the
//! kind of page and its latest entry's time, both from the page. A listing or gallery gets no
//! sentences at all: its TLDR is the page's own item titles or captions, verbatim, as a list
//! ([`Method::List`]).

use std::ops::Range;

use crate::{Document, Method, Tldr, TldrSentence};

/// Most entries or items a TLDR by kind shows.
const MAX_ITEMS: usize = 5;
/// Fewest entries a live blog's TLDR shows when it has them.
const MIN_ENTRIES: usize = 3;
/// Words after which no further entry or item is added once [`MIN_ENTRIES`] are shown.
const ENOUGH_WORDS: usize = 40;
/// Words a TLDR by kind stays within (the first entry or item always counts).
const MAX_WORDS: usize = 100;
/// The longest stamp-only paragraph ("Sonntag, 2. Juni 2024, 14:32 Uhr"), in characters.
const MAX_STAMP_CHARS: usize = 48;

/// One entry of a live blog as the page shows it: the time the page gives it and where its
/// text is among the [`Document::sentences`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's time as the page writes it ("14:32 Uhr", "12.15 Uhr", "2. Juni, 09:48").
    pub stamp: String,
    /// The sentence that holds the stamp, when it is one of the document's sentences (a stamp
    /// paragraph, or a paragraph opening with its stamp); `None` for a stamp in a heading.
    pub stamp_sentence: Option<usize>,
    /// The entry's sentences (indices into [`Document::sentences`]), in the page's order; a
    /// paragraph opening with its stamp is included (the stamp is cut from it when shown).
    pub sentences: Range<usize>,
}

/// Weekday names and words that stand beside an entry's time in German and English tickers.
const STAMP_WORDS: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "mo",
    "di",
    "mi",
    "do",
    "fr",
    "sa",
    "so",
    "heute",
    "gestern",
    "update",
    "aktualisiert",
    "stand",
    "vom",
    "erstmeldung",
    "meldung",
    "am",
    "uhr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "updated",
    "at",
    "+++",
    "|",
    "-",
    "–",
    "—",
    "•",
    "·",
];

/// The position and length of a clock time ("14:32", "14.32", "9:05", "2:32pm") in `s`, when it
/// has one: hours 0–23, minutes 00–59, not part of a longer number or date ("02.06.2024").
fn clock(s: &str) -> Option<Range<usize>> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let h_end = if b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i + 2
        } else {
            i + 1
        };
        let sep = b.get(h_end).copied();
        let m = h_end + 1;
        if matches!(sep, Some(b':' | b'.'))
            && b.get(m).is_some_and(u8::is_ascii_digit)
            && b.get(m + 1).is_some_and(u8::is_ascii_digit)
            && !b.get(m + 2).is_some_and(u8::is_ascii_digit)
            // "02.06." or "02.06.2024" is a date, not a time.
            && !(sep == Some(b'.') && b.get(m + 2) == Some(&b'.') && b.get(m + 3).is_some_and(|c| c.is_ascii_digit() || *c == b' ' || *c == b','))
        {
            let hours: u32 = s[i..h_end].parse().unwrap_or(99);
            let minutes: u32 = s[m..m + 2].parse().unwrap_or(99);
            if hours < 24 && minutes < 60 {
                return Some(i..m + 2);
            }
        }
        i = h_end;
    }
    None
}

/// True for a word that may stand beside a time in a stamp: a date ("2.", "02.06.2024",
/// "2024,"), a month, a weekday, "Uhr", "Update", a time zone, a separator.
fn stamp_word(w: &str) -> bool {
    let core = w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | ':' | '[' | ']'));
    if core.is_empty()
        || core
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b'/')
    {
        return true;
    }
    let bare = core.trim_end_matches('.');
    if crate::segment::is_month(bare) {
        return true;
    }
    let lower = bare.to_lowercase();
    STAMP_WORDS.contains(&lower.as_str())
}

/// Characters that set a stamp off from the entry's text ("+++ 14:32 +++", "14:32 Uhr: …",
/// "09:48 – …", "14:32 | …").
fn separator(c: char) -> bool {
    matches!(c, ':' | '+' | '|' | '–' | '-' | '—' | '•' | '·')
}

/// Words that may follow the time inside a stamp ("Uhr", time zones, "am"/"pm").
const AFTER_TIME: &[&str] = &[
    "uhr", "h", "am", "pm", "a.m.", "p.m.", "mez", "mesz", "cet", "cest", "utc", "gmt", "bst",
];

/// Splits a stamp at the start of `text` from the rest: `text` is a live-blog entry's stamp
/// alone ("14:32 Uhr", "12.15 Uhr", "+++ 09:48 +++", "Sonntag, 2. Juni, 14:32 Uhr"; the rest is
/// empty) or opens with one and a separator ("14:32 Uhr: Der Landkreis …", "09:48 – Die
/// Feuerwehr …"). The stamp comes back without the separators around it. `None` when `text`
/// is no stamp (a sentence that only mentions a time, "Um 14:32 Uhr fiel der Strom aus.").
pub fn entry_stamp(text: &str) -> Option<(&str, &str)> {
    let lead = text.trim_start_matches(|c: char| separator(c) || c.is_whitespace());
    let time = clock(lead)?;
    // Before the time: only date words ("Sonntag, 2. Juni,"), at most five.
    let before: Vec<&str> = lead[..time.start].split_whitespace().collect();
    if before.len() > 5 || !before.iter().all(|w| stamp_word(w)) {
        return None;
    }
    // After the time: "Uhr", a zone, "am"/"pm"; then the end, or separators and the text.
    let mut end = time.end;
    let rest_at = loop {
        let tail = &lead[end..];
        let word_at = end + (tail.len() - tail.trim_start().len());
        if word_at >= lead.len() {
            break None;
        }
        let word_end = lead[word_at..]
            .find(char::is_whitespace)
            .map_or(lead.len(), |k| word_at + k);
        let bare = lead[word_at..word_end].trim_end_matches([':', ',']);
        if !bare.is_empty() && AFTER_TIME.contains(&bare.to_lowercase().as_str()) {
            end = word_at + bare.len();
            continue;
        }
        let seps = tail
            .char_indices()
            .find(|&(_, c)| !(separator(c) || c.is_whitespace()))
            .map_or(tail.len(), |(k, _)| k);
        if tail[..seps].chars().any(separator) {
            break Some(end + seps);
        }
        return None;
    };
    let stamp = lead[..end].trim_end_matches(',').trim();
    let rest = rest_at.map_or("", |r| lead[r..].trim());
    if rest.is_empty() && stamp.chars().count() > MAX_STAMP_CHARS {
        return None;
    }
    Some((stamp, rest))
}

/// True for an image credit or copyright line ("Foto: dpa", "© Stadtanzeiger"): never an
/// entry's sentence or a gallery's caption.
fn credit(s: &str) -> bool {
    let lower = s.trim().to_lowercase();
    const OPENERS: &[&str] = &[
        "foto:",
        "fotos:",
        "bild:",
        "bilder:",
        "quelle:",
        "grafik:",
        "video:",
        "photo:",
        "photos:",
        "image:",
        "credit:",
        "(c)",
        "copyright",
    ];
    lower.contains('©') || OPENERS.iter().any(|o| lower.starts_with(o))
}

/// Words a stamp may open with that say nothing about the time ("Update vom", "Erstmeldung
/// vom", "Stand"): left out where the TLDR shows the stamp.
const LABEL_WORDS: &[&str] = &[
    "update",
    "updated",
    "erstmeldung",
    "meldung",
    "aktualisiert",
    "stand",
    "vom",
    "am",
    "um",
    "at",
    "+++",
    "•",
    "·",
    "|",
    "-",
    "–",
];

/// A stamp as the TLDR shows it: without its opening label words ("Update vom 7. März, 13.10
/// Uhr" → "7. März, 13.10 Uhr") and with separators between date and time as commas
/// ("02.06.2024 • 18:05 Uhr" → "02.06.2024, 18:05 Uhr").
pub fn shown_stamp(stamp: &str) -> String {
    let mut words: Vec<&str> = stamp.split_whitespace().collect();
    while words.len() > 1 && LABEL_WORDS.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    let mut out = String::new();
    for w in words {
        if matches!(w, "•" | "·" | "|" | "–" | "-" | "+++") {
            if !out.is_empty() && !out.ends_with(',') {
                out.push(',');
            }
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The TLDR of a live blog: its newest entries (`entries` in the page's order, newest first),
/// each with its first usable sentence, opened by its time; the first by "Liveblog, Stand
/// {time}:" ("Live blog, as of {time}:" for English). Three to five entries, 40 to 100 words
/// where the entries allow. Each sentence's support is the entry's sentence and its stamp's.
/// `None` when no entry has a usable sentence (the caller falls back to [`crate::extractive`]).
pub fn latest_entries(doc: &Document, entries: &[Entry]) -> Option<Tldr> {
    let english = doc.lang() == "en";
    let mut sentences = Vec::new();
    let mut words = 0usize;
    for e in entries {
        if sentences.len() >= MAX_ITEMS || (sentences.len() >= MIN_ENTRIES && words >= ENOUGH_WORDS)
        {
            break;
        }
        let Some((k, text)) = first_sentence(doc, e) else {
            continue;
        };
        let n = crate::text::word_count(text) + crate::text::word_count(&e.stamp);
        if !sentences.is_empty() && words + n > MAX_WORDS {
            break;
        }
        words += n;
        let stamp = shown_stamp(&e.stamp);
        let shown = if sentences.is_empty() {
            if english {
                format!("Live blog, as of {stamp}: {text}")
            } else {
                format!("Liveblog, Stand {stamp}: {text}")
            }
        } else {
            format!("{stamp}: {text}")
        };
        let mut support: Vec<usize> = e.stamp_sentence.into_iter().collect();
        if !support.contains(&k) {
            support.push(k);
        }
        sentences.push(TldrSentence {
            text: shown,
            support,
        });
    }
    if sentences.is_empty() {
        return None;
    }
    Some(Tldr {
        sentences,
        method: Method::LatestEntries,
        model: None,
    })
}

/// The first sentence of an entry worth showing (a whole sentence that is no credit or
/// reading tip, as the extractive TLDR's filter has it; else the first of four words or more):
/// its index and its text without the entry's stamp.
fn first_sentence<'a>(doc: &'a Document, e: &Entry) -> Option<(usize, &'a str)> {
    let range =
        e.sentences.start.min(doc.sentences.len())..e.sentences.end.min(doc.sentences.len());
    let shown = |k: usize| -> &'a str {
        let s = doc.sentences[k].as_str();
        match entry_stamp(s) {
            Some((_, rest)) if Some(k) == e.stamp_sentence => rest,
            _ => s,
        }
    };
    range
        .clone()
        .filter(|&k| Some(k) != e.stamp_sentence || !shown(k).is_empty())
        .find(|&k| crate::rank::usable(shown(k)))
        .or_else(|| {
            range
                .filter(|&k| Some(k) != e.stamp_sentence || !shown(k).is_empty())
                .find(|&k| crate::text::word_count(shown(k)) >= 4 && !credit(shown(k)))
        })
        .map(|k| (k, shown(k)))
}

/// The TLDR of a listing, collection or gallery: its item titles or captions (`items`, in the
/// page's order), verbatim, as a list ([`Method::List`]; [`Tldr::text`] joins them with " · ").
/// Up to five items within 100 words (the first always). A caption's first sentence stands for
/// it; credits ("Foto: dpa") are left out. An item that is one of the document's sentences is
/// supported by it. `None` for fewer than two items (the caller falls back to
/// [`crate::extractive`]).
pub fn list<S: AsRef<str>>(doc: &Document, items: &[S]) -> Option<Tldr> {
    let mut sentences: Vec<TldrSentence> = Vec::new();
    let mut words = 0usize;
    for item in items {
        let item = item.as_ref().trim();
        let first = crate::segment::sentences(item)
            .into_iter()
            .find(|s| !credit(s))
            .unwrap_or("")
            .trim();
        if first.is_empty() || sentences.iter().any(|s| s.text == first) {
            continue;
        }
        let n = crate::text::word_count(first);
        if !sentences.is_empty() && words + n > MAX_WORDS {
            break;
        }
        words += n;
        let support = doc
            .sentences
            .iter()
            .position(|s| s == first)
            .into_iter()
            .collect();
        sentences.push(TldrSentence {
            text: first.to_string(),
            support,
        });
        if sentences.len() >= MAX_ITEMS {
            break;
        }
    }
    if sentences.len() < 2 {
        return None;
    }
    Some(Tldr {
        sentences,
        method: Method::List,
        model: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_as_german_tickers_write_them() {
        for (text, stamp, rest) in [
            ("14:32 Uhr", "14:32 Uhr", ""),
            ("12.15 Uhr", "12.15 Uhr", ""),
            ("09:48", "09:48", ""),
            ("+++ 09:48 Uhr +++", "09:48 Uhr", ""),
            (
                "Sonntag, 2. Juni, 14:32 Uhr",
                "Sonntag, 2. Juni, 14:32 Uhr",
                "",
            ),
            ("02.06.2024, 14:32 Uhr", "02.06.2024, 14:32 Uhr", ""),
            ("Update 7:05 Uhr", "Update 7:05 Uhr", ""),
            (
                "14:32 Uhr: Der Landkreis ruft den Katastrophenfall aus.",
                "14:32 Uhr",
                "Der Landkreis ruft den Katastrophenfall aus.",
            ),
            (
                "09:48 – Die Feuerwehr meldet 400 Einsätze.",
                "09:48",
                "Die Feuerwehr meldet 400 Einsätze.",
            ),
            (
                "+++ 14.32 Uhr +++ Deggendorf ruft Katastrophenfall aus",
                "14.32 Uhr",
                "Deggendorf ruft Katastrophenfall aus",
            ),
            ("2:32 pm", "2:32 pm", ""),
            ("14:32: Scholz reist an.", "14:32", "Scholz reist an."),
        ] {
            assert_eq!(entry_stamp(text), Some((stamp, rest)), "{text}");
        }
    }

    #[test]
    fn stamps_are_shown_without_labels() {
        assert_eq!(
            entry_stamp("Update vom 7. März, 13.10 Uhr: Die Bahn rechnet damit."),
            Some(("Update vom 7. März, 13.10 Uhr", "Die Bahn rechnet damit."))
        );
        assert_eq!(
            shown_stamp("Update vom 7. März, 13.10 Uhr"),
            "7. März, 13.10 Uhr"
        );
        assert_eq!(
            shown_stamp("Erstmeldung vom 7. März, 5.30 Uhr"),
            "7. März, 5.30 Uhr"
        );
        assert_eq!(
            shown_stamp("02.06.2024 • 18:05 Uhr"),
            "02.06.2024, 18:05 Uhr"
        );
        assert_eq!(shown_stamp("14:32 Uhr"), "14:32 Uhr");
        assert_eq!(shown_stamp("Stand 09:48"), "09:48");
    }

    #[test]
    fn sentences_that_mention_a_time_are_no_stamps() {
        for text in [
            "Um 14:32 Uhr fiel der Strom aus.",
            "Der Zug fährt um 14.32 Uhr ab.",
            "02.06.2024",
            "Am 2. Juni",
            "Die Feuerwehr meldet 400 Einsätze.",
            "3.500 Menschen",
            "14:32 Uhr sagte der Landrat, die Lage sei ernst.",
            "24:10 Uhr",
        ] {
            assert_eq!(entry_stamp(text), None, "{text}");
        }
    }

    fn doc(paragraphs: &[&str], lang: &str) -> Document {
        Document::new(
            "Hochwasser: der Liveticker",
            paragraphs.iter().map(|p| p.to_string()).collect(),
            Some(lang),
        )
    }

    #[test]
    fn a_live_blog_tldr_is_its_newest_entries_each_with_its_time() {
        let d = doc(
            &[
                "Wir berichten laufend über die Lage.",
                "14:32 Uhr",
                "Der Landkreis Deggendorf hat den Katastrophenfall ausgerufen. Mehrere Ortsteile werden evakuiert.",
                "12.15 Uhr",
                "Foto: dpa",
                "Bundeskanzler Scholz will am Nachmittag die Hochwassergebiete besuchen.",
                "09:48",
                "Die Feuerwehr meldet mehr als 400 Einsätze seit Mitternacht.",
                "06:00 Uhr",
                "Guten Morgen, wir beginnen unseren Liveticker zum Hochwasser.",
            ],
            "de",
        );
        let entries = vec![
            Entry {
                stamp: "14:32 Uhr".into(),
                stamp_sentence: Some(1),
                sentences: 2..4,
            },
            Entry {
                stamp: "12.15 Uhr".into(),
                stamp_sentence: Some(4),
                sentences: 5..7,
            },
            Entry {
                stamp: "09:48".into(),
                stamp_sentence: Some(7),
                sentences: 8..9,
            },
            Entry {
                stamp: "06:00 Uhr".into(),
                stamp_sentence: Some(9),
                sentences: 10..11,
            },
        ];
        let t = latest_entries(&d, &entries).unwrap();
        assert_eq!(t.method, Method::LatestEntries);
        let texts: Vec<&str> = t.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Liveblog, Stand 14:32 Uhr: Der Landkreis Deggendorf hat den Katastrophenfall ausgerufen.",
                "12.15 Uhr: Bundeskanzler Scholz will am Nachmittag die Hochwassergebiete besuchen.",
                "09:48: Die Feuerwehr meldet mehr als 400 Einsätze seit Mitternacht.",
                "06:00 Uhr: Guten Morgen, wir beginnen unseren Liveticker zum Hochwasser.",
            ]
        );
        // Each is supported by its stamp and its sentence, as the page numbers them.
        assert_eq!(t.sentences[0].support, vec![1, 2]);
        assert_eq!(t.sentences[1].support, vec![4, 6], "the credit is skipped");
        assert_eq!(
            d.sentences[6],
            "Bundeskanzler Scholz will am Nachmittag die Hochwassergebiete besuchen."
        );
    }

    #[test]
    fn an_english_live_blog_says_as_of_and_stamps_inside_paragraphs_are_cut() {
        let d = doc(
            &[
                "2:32 pm: The county has declared a state of emergency after the river rose.",
                "1:10 pm: The prime minister will visit the flooded towns this afternoon.",
            ],
            "en",
        );
        let entries = vec![
            Entry {
                stamp: "2:32 pm".into(),
                stamp_sentence: Some(0),
                sentences: 0..1,
            },
            Entry {
                stamp: "1:10 pm".into(),
                stamp_sentence: Some(1),
                sentences: 1..2,
            },
        ];
        let t = latest_entries(&d, &entries).unwrap();
        assert_eq!(
            t.text(),
            "Live blog, as of 2:32 pm: The county has declared a state of emergency after the river rose. \
             1:10 pm: The prime minister will visit the flooded towns this afternoon."
        );
        assert_eq!(t.sentences[0].support, vec![0]);
        assert!(latest_entries(&d, &[]).is_none());
    }

    #[test]
    fn a_list_is_the_pages_items_verbatim() {
        let d = doc(
            &[
                "Zum Abschluss erleuchtete ein Feuerwerk den Himmel. Tausende sahen zu. Foto: Frank Peter",
                "Bei der letzten Regatta kämpften die Segler mit wechselnden Winden. Foto: Ulf Dahl",
            ],
            "de",
        );
        let t = list(
            &d,
            &[
                "Zum Abschluss erleuchtete ein Feuerwerk den Himmel. Tausende sahen zu. Foto: Frank Peter",
                "Foto: dpa",
                "Bei der letzten Regatta kämpften die Segler mit wechselnden Winden. Foto: Ulf Dahl",
            ],
        )
        .unwrap();
        assert_eq!(t.method, Method::List);
        assert_eq!(
            t.text(),
            "Zum Abschluss erleuchtete ein Feuerwerk den Himmel. · Bei der letzten Regatta kämpften die Segler mit wechselnden Winden."
        );
        assert_eq!(t.sentences[0].support, vec![0]);
        // Titles that are not among the document's sentences (headings) have no support.
        let t = list(
            &d,
            &[
                "Klimageld soll 2027 kommen",
                "Kohleausstieg im Osten wackelt",
            ],
        )
        .unwrap();
        assert!(t.sentences.iter().all(|s| s.support.is_empty()));
        assert!(list(&d, &["Nur ein Eintrag"]).is_none());
    }
}
