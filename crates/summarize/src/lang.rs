//! Language identification by function words: enough to tell a German article from an English
//! (or French, Spanish, Italian, Dutch) answer.

const LISTS: &[(&str, &[&str])] = &[
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "sich", "auf", "für",
            "von", "dem", "den", "des", "im", "zu", "es", "auch", "wird", "sind", "wurde", "hat",
            "haben", "noch", "nach", "bei", "aus", "wie", "als", "oder", "aber", "wenn", "nur",
            "dass", "über", "einen", "einem", "einer", "zum", "zur", "war", "werden", "kann",
            "sie", "er", "wir", "ich",
        ],
    ),
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "as", "was", "on",
            "are", "be", "by", "this", "have", "from", "at", "not", "but", "they", "which", "his",
            "her", "has", "were", "been", "will", "would", "an", "or", "their", "said", "he",
            "she", "its", "who",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "un", "une", "est", "que", "pour", "dans", "qui",
            "pas", "sur", "au", "du", "ce", "il", "elle", "sont", "avec", "plus", "par", "nous",
            "vous",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "y", "de", "que", "en", "un", "una", "es", "por", "con",
            "para", "del", "se", "no", "su", "al", "lo", "como", "más", "pero",
        ],
    ),
    (
        "it",
        &[
            "il", "la", "di", "che", "e", "un", "una", "per", "non", "sono", "del", "della", "con",
            "gli", "le", "si", "al", "ma", "come", "anche", "nel",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "met", "voor",
            "zijn", "er", "aan", "ook", "als", "bij", "maar", "wordt", "hij", "zij",
        ],
    ),
];

/// Function-word hits per language code for `text`.
pub fn scores(text: &str) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = LISTS.iter().map(|(l, _)| (*l, 0)).collect();
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let lw = w.to_lowercase();
        for (i, (_, list)) in LISTS.iter().enumerate() {
            if list.contains(&lw.as_str()) {
                counts[i].1 += 1;
            }
        }
    }
    counts
}

/// The ISO 639-1 code of the language of `text` ("de", "en", "fr", "es", "it", "nl"), or `None` if
/// the text is too short or ambiguous to tell.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut s = scores(text);
    s.sort_by_key(|x| std::cmp::Reverse(x.1));
    let (best, n) = s[0];
    let second = s[1].1;
    if n >= 3 && n * 2 > second * 3 {
        Some(best)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_german_from_english() {
        assert_eq!(
            detect("Der Kanzler hat sich mit den Ländern auf einen Kompromiss geeinigt."),
            Some("de")
        );
        assert_eq!(
            detect("The chancellor has agreed on a compromise with the states."),
            Some("en")
        );
        assert_eq!(detect("Kurz."), None);
    }
}
